/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The integration-service (IC) protocol, from the host's side: the wire
 * format hv_sim's IC services send and expect. Written from the public
 * protocol (Microsoft's openvmm hyperv_ic_protocol, the kernel's
 * include/linux/hyperv.h); kept apart from the guest's drivers/ic/icmsg.h
 * on purpose, so that a shared mistake cannot hide.
 *
 * A message is an in-band packet without completion, transaction ID 0:
 * a pipe header (type 1: data; bytes that follow), the IC header, the
 * body. The host sends requests (flags TRANSACTION | REQUEST, IC
 * transaction ID 0); the guest answers each with the same message turned
 * into a response (flags TRANSACTION | RESPONSE, the status set).
 */
#ifndef _HVSIM_IC_H
#define _HVSIM_IC_H

#include <linux/build_bug.h>
#include <linux/types.h>

#define HVSIM_IC_V(major, minor)	((u32)(major) << 16 | (minor))

#define HVSIM_IC_NEGOTIATE	0
#define HVSIM_IC_HEARTBEAT	1
#define HVSIM_IC_KVP		2
#define HVSIM_IC_SHUTDOWN	3
#define HVSIM_IC_TIMESYNC	4
#define HVSIM_IC_BOGUS_TYPE	99	/* the unknown_type fault's */

#define HVSIM_IC_TRANSACTION	0x1
#define HVSIM_IC_REQUEST	0x2
#define HVSIM_IC_RESPONSE	0x4

#define HVSIM_IC_PIPE_DATA	1
#define HVSIM_IC_PIPE_PARTIAL	2	/* not in message mode: the bad_pipe fault's */

#define HVSIM_IC_SHUT_FORCE	0x1
#define HVSIM_IC_SHUT_RESTART	0x2
#define HVSIM_IC_SHUT_HIBERNATE	0x4
#define HVSIM_IC_SHUT_PLANNED	0x80000000u	/* reason: SHTDN_REASON_FLAG_PLANNED */

#define HVSIM_IC_TIME_SYNC	0x1
#define HVSIM_IC_TIME_SAMPLE	0x2
#define HVSIM_IC_EPOCH		116444736000000000ULL	/* 1601 -> 1970, 100 ns */

/* the largest message a host sends (openvmm's limit) */
#define HVSIM_IC_MSG_MAX	13312

struct hvsim_ic_pipe {
	u32 type;
	u32 size;
} __packed;

struct hvsim_ic_ver {
	u16 major;
	u16 minor;
} __packed;

struct hvsim_ic_hdr {
	struct hvsim_ic_ver fw;
	u16 type;
	struct hvsim_ic_ver msg;
	u16 size;
	u32 status;
	u8 trans_id;
	u8 flags;
	u8 reserved[2];
} __packed;

/* a whole message's head: what every packet starts with */
struct hvsim_ic_head {
	struct hvsim_ic_pipe pipe;
	struct hvsim_ic_hdr ic;
} __packed;

struct hvsim_ic_negotiate {
	u16 fw_count;
	u16 msg_count;
	u32 reserved;
	struct hvsim_ic_ver v[];
} __packed;

/* newer hosts' heartbeat body; older ones sent 8 + 32 bytes */
struct hvsim_ic_heartbeat {
	u64 seq;
	u32 app_state;
	u8 reserved[4];
} __packed;

struct hvsim_ic_shutdown {
	u32 reason;
	u32 timeout_secs;
	u32 flags;
	u8 message[2048];
} __packed;

struct hvsim_ic_time_v1 {
	u64 parent_time;
	u64 child_time;
	u64 round_trip;
	u8 flags;
	u8 reserved[3];
} __packed;

struct hvsim_ic_time_v4 {
	u64 parent_time;
	u64 ref_time;
	u8 flags;
	u8 leap;
	u8 stratum;
	u8 reserved[5];
} __packed;

/* KVP: strings UTF-16LE, sizes in bytes with the terminator */
#define HVSIM_KVP_GET		0
#define HVSIM_KVP_SET		1
#define HVSIM_KVP_DELETE	2
#define HVSIM_KVP_ENUMERATE	3
#define HVSIM_KVP_KEY_MAX	512
#define HVSIM_KVP_VALUE_MAX	2048
#define HVSIM_KVP_SZ		1	/* REG_SZ */
#define HVSIM_KVP_DWORD		4	/* REG_DWORD */
#define HVSIM_KVP_QWORD		11	/* REG_QWORD */
#define HVSIM_KVP_S_CONT	0x80070103u	/* no such key, or the end */

struct hvsim_kvp_value {
	u32 type;
	u32 key_size;
	u32 value_size;
	u8 key[HVSIM_KVP_KEY_MAX];
	u8 value[HVSIM_KVP_VALUE_MAX];
} __packed;

/* every KVP request but the IP settings: 2580 bytes, as openvmm's host sends */
struct hvsim_kvp_msg {
	u8 op;
	u8 pool;
	u16 pad;
	union {
		struct hvsim_kvp_value v;		/* get, set */
		struct {
			u32 key_size;
			u8 key[HVSIM_KVP_KEY_MAX];
		} del;
		struct {
			u32 index;
			struct hvsim_kvp_value v;
		} en;
	};
} __packed;

static inline void hvsim_ic_layout_checks(void)
{
	BUILD_BUG_ON(sizeof(struct hvsim_ic_head) != 28);
	BUILD_BUG_ON(sizeof(struct hvsim_ic_negotiate) != 8);
	BUILD_BUG_ON(sizeof(struct hvsim_ic_heartbeat) != 16);
	BUILD_BUG_ON(sizeof(struct hvsim_ic_shutdown) != 2060);
	BUILD_BUG_ON(sizeof(struct hvsim_ic_time_v1) != 28);
	BUILD_BUG_ON(sizeof(struct hvsim_ic_time_v4) != 24);
	BUILD_BUG_ON(sizeof(struct hvsim_kvp_msg) != 2580);
}

#endif /* _HVSIM_IC_H */
