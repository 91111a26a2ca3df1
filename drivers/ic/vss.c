// SPDX-License-Identifier: GPL-2.0
/*
 * The VSS (backup) service: before the host snapshots the guest's disks it
 * asks the guest to freeze its file systems, and after, to thaw them. The
 * distribution's hv_vss_daemon does both (FIFREEZE/FITHAW on every mounted
 * file system) through /dev/vmbus/hv_vss (daemon.c), with the uAPI's
 * struct hv_vss_msg (12 bytes per read or write), so that it runs
 * unchanged.
 *
 * The daemon registers with VSS_OP_REGISTER1 and reads the driver's
 * version back (4 bytes), or with the legacy VSS_OP_REGISTER and reads
 * nothing. Freeze, thaw and the hot-backup check go to it; every other
 * operation is answered here (icparse.c). A freeze may take the daemon a
 * long time (every file system is synced first): it has 15 minutes, as
 * the host allows; the others daemon_timeout_ms.
 *
 * Message version 5.0 only, as the in-tree driver: the freeze and thaw
 * operations arrived with it, and an older host has nothing a Linux guest
 * can do.
 */
#include "daemon.h"

#define HVIC_VSS_FREEZE_MS	(15 * 60 * 1000)

static const u32 hvic_vss_versions[] = { HVIC_VER(5, 0) };

static int hvic_vss_reg(struct hvic_dev *d, const void *in, void *out, u32 *out_len)
{
	const struct hvic_vss_msg *v = in;
	u32 ver = HVIC_VSS_REGISTER1;

	switch (v->hdr.op) {
	case HVIC_VSS_REGISTER1:
		/* the daemon reads the driver's version back */
		memcpy(out, &ver, sizeof(ver));
		*out_len = sizeof(ver);
		return HVIC_VSS_REGISTER1;
	case HVIC_VSS_REGISTER:
		return HVIC_VSS_REGISTER;
	}
	dev_warn(&d->vdev->dev, "vss: daemon registration %u not known (expected %d or %d)\n",
		 v->hdr.op, HVIC_VSS_REGISTER1, HVIC_VSS_REGISTER);
	return -EINVAL;
}

static int hvic_vss_ask(struct hvic_dev *d, int reg, const struct hvic_msg *req, void *out,
			u32 *out_len)
{
	const struct hvic_vss_msg *r = (const void *)req->body;
	struct hvic_vss_msg *v = out;

	/* hvic_vss_handle() checked the body's size */
	v->hdr.op = r->hdr.op;
	*out_len = sizeof(*v);
	return 0;
}

static int hvic_vss_answer(struct hvic_dev *d, int reg, void *in, struct hvic_msg *req,
			   u32 *status)
{
	const struct hvic_vss_msg *v = in;
	struct hvic_vss_msg *r = (void *)req->body;
	int ret;

	ret = hvic_daemon_status(v->error, status);
	if (r->hdr.op == HVIC_VSS_HOT_BACKUP)
		r->flags = HVIC_VSS_HBU_NO_AUTO_RECOVERY;
	if (*status != HVIC_S_OK)
		dev_warn(&d->vdev->dev, "vss: the daemon failed operation %u: %#x\n",
			 r->hdr.op, *status);
	return ret;
}

static unsigned int hvic_vss_timeout(const struct hvic_msg *req)
{
	const struct hvic_vss_msg *r = (const void *)req->body;

	return r->hdr.op == HVIC_VSS_FREEZE ? HVIC_VSS_FREEZE_MS : hvic_daemon_timeout_ms;
}

static const struct hvic_daemon_ops hvic_vss_daemon = {
	.dev = "vmbus/hv_vss",
	.in_size = sizeof(struct hvic_vss_msg),
	.reg = hvic_vss_reg,
	.ask = hvic_vss_ask,
	.answer = hvic_vss_answer,
	.timeout_ms = hvic_vss_timeout,
};

static int hvic_vss_handle(struct hvic_dev *d, struct hvic_msg *m, u32 *status)
{
	int ret = hvic_vss_request(m, d->version);

	if (ret == HVIC_VSS_DAEMON)
		return hvic_daemon_submit(d, m, status);
	if (ret < 0) {
		hvic_count(d, ret == -EOPNOTSUPP ? HVIC_ST_UNSUPPORTED : HVIC_ST_BAD_MESSAGE);
		dev_warn_ratelimited(&d->vdev->dev, "vss: request (operation %u, %u bytes) %s: failed\n",
				     m->body_len ? m->body[0] : 0, m->body_len,
				     ret == -EOPNOTSUPP ? "not served" : "malformed");
		*status = ret == -EOPNOTSUPP ? HVIC_E_NOT_SUPPORTED : HVIC_E_FAIL;
		return 0;
	}
	*status = HVIC_S_OK;
	return 0;
}

static int hvic_vss_init(struct hvic_dev *d)
{
	return hvic_daemon_init(d, &hvic_vss_daemon);
}

const struct hvic_service hvic_vss_svc = {
	.name = "vss",
	.class_id = GUID_INIT(0x35fa2e29, 0xea23, 0x4236,
			      0x96, 0xae, 0x3a, 0x6e, 0xba, 0xcb, 0xa4, 0x40),
	.type = HVIC_MSG_VSS,
	.versions = hvic_vss_versions,
	.nversions = ARRAY_SIZE(hvic_vss_versions),
	.enabled = &hvic_vss_on,
	.init = hvic_vss_init,
	.exit = hvic_daemon_exit,
	.handle = hvic_vss_handle,
};
