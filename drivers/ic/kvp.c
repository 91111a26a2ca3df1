// SPDX-License-Identifier: GPL-2.0
/*
 * The KVP service: the host reads and writes key/value pairs in the
 * guest's pools, served by the distribution's hv_kvp_daemon through
 * /dev/vmbus/hv_kvp (daemon.c), with the messages of the kernel's uAPI
 * (struct hv_kvp_msg, include/uapi/linux/hyperv.h), so that the daemon
 * runs unchanged.
 *
 * Every read and write is one whole struct hv_kvp_msg (7432 bytes). The
 * daemon registers with KVP_OP_REGISTER1 (or the legacy KVP_OP_REGISTER)
 * and reads the driver's answer, a message with the version string. A
 * request goes to the daemon converted (kvpparse.c: the host's UTF-16LE
 * into UTF-8, every size and terminator checked), the IP settings of an
 * adapter too: the daemon reads them (GET_IP_INFO) or hands them to the
 * distribution's hv_set_ifconfig script (SET_IP_INFO).
 */
#include <linux/string.h>

#include "daemon.h"
#include "kvpparse.h"

#define HVIC_KVP_VERSION	"hv_ic"		/* the registration answer's version string */

static const u32 hvic_kvp_versions[] = { HVIC_VER(4, 0), HVIC_VER(3, 0), HVIC_VER(1, 0) };

static int hvic_kvp_reg(struct hvic_dev *d, const void *in, void *out, u32 *out_len)
{
	const struct hvic_kvp_umsg *u = in;
	struct hvic_kvp_umsg *a = out;
	int op = u->hdr.op;

	if (op != HVIC_KVP_REGISTER1 && op != HVIC_KVP_REGISTER) {
		dev_warn(&d->vdev->dev, "kvp: daemon registration %d not known (expected %d or %d)\n",
			 op, HVIC_KVP_REGISTER1, HVIC_KVP_REGISTER);
		return -EINVAL;
	}
	a->hdr.op = op;
	strscpy(a->body.version, HVIC_KVP_VERSION, sizeof(a->body.version));
	*out_len = sizeof(*a);
	if (op == HVIC_KVP_REGISTER)
		dev_info(&d->vdev->dev, "kvp: the daemon speaks the legacy protocol\n");
	return op;
}

static int hvic_kvp_ask(struct hvic_dev *d, int reg, const struct hvic_msg *req, void *out,
			u32 *out_len)
{
	*out_len = sizeof(struct hvic_kvp_umsg);
	return hvic_kvp_request(req->body, req->body_len, out);
}

static int hvic_kvp_daemon_answer(struct hvic_dev *d, int reg, void *in,
				  struct hvic_msg *req, u32 *status)
{
	struct hvic_kvp_umsg *u = in;

	/* the legacy daemon says "no such item" with an empty key */
	if (reg == HVIC_KVP_REGISTER)
		u->error = u->body.en.data.key[0] ? 0 : (s32)HVIC_S_CONT;
	return hvic_kvp_answer(u, req->body, req->body_len, status) ? -EINVAL : 0;
}

static const struct hvic_daemon_ops hvic_kvp_daemon = {
	.dev = "vmbus/hv_kvp",
	.in_size = sizeof(struct hvic_kvp_umsg),
	.reg = hvic_kvp_reg,
	.ask = hvic_kvp_ask,
	.answer = hvic_kvp_daemon_answer,
};

static int hvic_kvp_init(struct hvic_dev *d)
{
	return hvic_daemon_init(d, &hvic_kvp_daemon);
}

const struct hvic_service hvic_kvp_svc = {
	.name = "kvp",
	.class_id = GUID_INIT(0xa9a0f4e7, 0x5a45, 0x4d96,
			      0xb8, 0x27, 0x8a, 0x84, 0x1e, 0x8c, 0x03, 0xe6),
	.type = HVIC_MSG_KVP,
	.versions = hvic_kvp_versions,
	.nversions = ARRAY_SIZE(hvic_kvp_versions),
	.enabled = &hvic_kvp_on,
	.init = hvic_kvp_init,
	.exit = hvic_daemon_exit,
	.handle = hvic_daemon_submit,
};
