/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The path from a host request to a user-space daemon and back, shared by
 * KVP, VSS and file copy (daemon.c): a character device under /dev/vmbus/
 * that speaks the kernel's uAPI (include/uapi/linux/hyperv.h), so that the
 * distribution's hv_kvp_daemon, hv_vss_daemon and hv_fcopy_daemon run
 * unchanged. What differs per service is in its struct hvic_daemon_ops.
 */
#ifndef _HVIC_DAEMON_H
#define _HVIC_DAEMON_H

#include "hv_ic.h"

/* the largest daemon message: KVP's struct hv_kvp_msg */
#define HVIC_DAEMON_MSG_MAX	sizeof(struct hvic_kvp_umsg)

/**
 * struct hvic_daemon_ops - one service's side of its daemon
 * @dev:	the misc device's name ("vmbus/hv_kvp")
 * @in_size:	the size of every write the daemon makes
 * @reg:	the daemon's first write, its registration: return its
 *		registration value (>= 0) and set *@out_len to the bytes of
 *		@out the daemon reads back (0: none, a legacy daemon); or
 *		-EINVAL for something else (logged, counted)
 * @ask:	the held request for the daemon, as @out (*@out_len bytes):
 *		return 0; -EOPNOTSUPP for an operation not served or -EBADMSG
 *		for a malformed one (answered at once with failure, counted)
 * @answer:	the daemon's answer @in to @req: turn @req's body into the
 *		answer and set *@status; return -EINVAL when the answer was
 *		malformed (counted; *@status must still be set)
 * @timeout_ms:	how long the daemon may take with @req (NULL: the
 *		daemon_timeout_ms parameter)
 *
 * @reg, @ask and @answer get the registration value as @reg_value.
 * Context: process context, the daemon state's lock held.
 */
struct hvic_daemon_ops {
	const char *dev;
	u32 in_size;
	int (*reg)(struct hvic_dev *d, const void *in, void *out, u32 *out_len);
	int (*ask)(struct hvic_dev *d, int reg_value, const struct hvic_msg *req,
		   void *out, u32 *out_len);
	int (*answer)(struct hvic_dev *d, int reg_value, void *in,
		      struct hvic_msg *req, u32 *status);
	unsigned int (*timeout_ms)(const struct hvic_msg *req);
};

int hvic_daemon_init(struct hvic_dev *d, const struct hvic_daemon_ops *ops);
void hvic_daemon_exit(struct hvic_dev *d);
int hvic_daemon_submit(struct hvic_dev *d, struct hvic_msg *m, u32 *status);

#endif /* _HVIC_DAEMON_H */
