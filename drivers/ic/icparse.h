/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What hv_ic.ko makes of the host's IC messages: the pipe and IC headers
 * checked, the version negotiation answered, and the bodies of heartbeat,
 * shutdown and time-sync requests read.
 *
 * Plain C with no knowledge of channels or services: it builds into
 * hv_ic.ko and, unchanged, into tests/unit and tests/fuzz. It works in the
 * caller's private copy of the packet, which it turns into the answer in
 * place; nothing it returns points outside that buffer.
 */
#ifndef _HVIC_ICPARSE_H
#define _HVIC_ICPARSE_H

#include <linux/types.h>

#include "icmsg.h"

/**
 * struct hvic_msg - one request from the host, its headers checked
 * @type:	message type (HVIC_MSG_*)
 * @body:	the body, inside the caller's buffer
 * @body_len:	body bytes that arrived (bounded by the packet, not by the
 *		header's claim: a body shorter than its type needs is the
 *		parser's to refuse)
 * @len:	bytes of the answer: the pipe header and what it says follows
 */
struct hvic_msg {
	u16 type;
	u8 *body;
	u32 body_len;
	u32 len;
};

/* hvic_shutdown_action() */
enum hvic_shutdown_act {
	HVIC_ACT_POWEROFF,
	HVIC_ACT_REBOOT,
	HVIC_ACT_HIBERNATE,
	HVIC_ACT_INVALID,
};

/**
 * struct hvic_time - one time-sync request, read
 * @host_ns:	the host's UTC, ns since 1970
 * @ref_time:	the partition reference time (100 ns) the host sampled it
 *		at, from message version 4.0; 0 before
 * @flags:	HVIC_TIME_SYNC, HVIC_TIME_SAMPLE (0: a probe)
 */
struct hvic_time {
	u64 host_ns;
	u64 ref_time;
	u8 flags;
};

int hvic_parse(void *buf, u32 len, struct hvic_msg *m);
void hvic_answer(void *buf, const struct hvic_msg *m, u32 status);
int hvic_negotiate(void *buf, u32 size, struct hvic_msg *m,
		   const u32 *fw, unsigned int nfw, const u32 *ver, unsigned int nver,
		   u32 *fw_out, u32 *ver_out);
int hvic_heartbeat(struct hvic_msg *m);
int hvic_shutdown_action(const struct hvic_msg *m, u32 *flags);
int hvic_timesync(const struct hvic_msg *m, u32 version, struct hvic_time *t);

/* hvic_vss_request() */
#define HVIC_VSS_ANSWER		0	/* answered here, body ready */
#define HVIC_VSS_DAEMON		1	/* for hv_vss_daemon */

int hvic_vss_request(struct hvic_msg *m, u32 version);
int hvic_daemon_status(s32 error, u32 *status);

#endif /* _HVIC_ICPARSE_H */
