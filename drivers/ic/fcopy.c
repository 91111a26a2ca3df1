// SPDX-License-Identifier: GPL-2.0
/*
 * The file-copy service: the host copies a file into the guest (Hyper-V's
 * Copy-VMFile), as START, WRITE fragments of up to 6 KiB, then COMPLETE or
 * CANCEL. The distribution's hv_fcopy_daemon writes the file through
 * /dev/vmbus/hv_fcopy (daemon.c), with the uAPI's struct hv_start_fcopy
 * and hv_do_fcopy, so that it runs unchanged.
 *
 * The daemon registers by writing its version, an int (1, or the legacy
 * 0), and reads the driver's (4 bytes) back when it wrote 1. It reads each
 * request (START with the names in UTF-8: fcopyparse.c) and answers with
 * an int, 0 or an HRESULT. The daemon uses pread() and pwrite(), which
 * the device takes at any offset.
 *
 * Message version 1.1, as Windows Server 2012 and every later host.
 */
#include "daemon.h"
#include "fcopyparse.h"

static const u32 hvic_fcopy_versions[] = { HVIC_VER(1, 1) };

static int hvic_fcopy_reg(struct hvic_dev *d, const void *in, void *out, u32 *out_len)
{
	s32 v;
	u32 ver = HVIC_FCOPY_VERSION_1;

	memcpy(&v, in, sizeof(v));
	switch (v) {
	case HVIC_FCOPY_VERSION_1:
		memcpy(out, &ver, sizeof(ver));
		*out_len = sizeof(ver);
		return v;
	case HVIC_FCOPY_VERSION_0:
		return v;
	}
	dev_warn(&d->vdev->dev, "fcopy: daemon version %d not known (expected %d or %d)\n",
		 v, HVIC_FCOPY_VERSION_1, HVIC_FCOPY_VERSION_0);
	return -EINVAL;
}

static int hvic_fcopy_ask(struct hvic_dev *d, int reg, const struct hvic_msg *req, void *out,
			  u32 *out_len)
{
	return hvic_fcopy_request(req->body, req->body_len, out, HVIC_DAEMON_MSG_MAX, out_len);
}

static int hvic_fcopy_answer(struct hvic_dev *d, int reg, void *in, struct hvic_msg *req,
			     u32 *status)
{
	s32 error;
	int ret;

	memcpy(&error, in, sizeof(error));
	ret = hvic_daemon_status(error, status);
	if (*status != HVIC_S_OK)
		dev_info_ratelimited(&d->vdev->dev, "fcopy: the daemon failed operation %u: %#x\n",
				     req->body[0], *status);
	return ret;
}

static const struct hvic_daemon_ops hvic_fcopy_daemon = {
	.dev = "vmbus/hv_fcopy",
	.in_size = sizeof(s32),
	.reg = hvic_fcopy_reg,
	.ask = hvic_fcopy_ask,
	.answer = hvic_fcopy_answer,
};

static int hvic_fcopy_init(struct hvic_dev *d)
{
	return hvic_daemon_init(d, &hvic_fcopy_daemon);
}

const struct hvic_service hvic_fcopy_svc = {
	.name = "fcopy",
	.class_id = GUID_INIT(0x34d14be3, 0xdee4, 0x41c8,
			      0x9a, 0xe7, 0x6b, 0x17, 0x49, 0x77, 0xc1, 0x92),
	.type = HVIC_MSG_FCOPY,
	.versions = hvic_fcopy_versions,
	.nversions = ARRAY_SIZE(hvic_fcopy_versions),
	.enabled = &hvic_fcopy_on,
	.init = hvic_fcopy_init,
	.exit = hvic_daemon_exit,
	.handle = hvic_daemon_submit,
};
