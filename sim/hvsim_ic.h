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
#define HVSIM_IC_VSS		5
#define HVSIM_IC_FCOPY		7
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

/*
 * VSS: an operation byte, seven reserved, then the operation's data; the
 * host sends 40 bytes (openvmm's message is 39 bytes and larger ones for
 * freeze: a guest must take any size from 12 on)
 */
#define HVSIM_VSS_CREATE	0
#define HVSIM_VSS_DELETE	1
#define HVSIM_VSS_HOT_BACKUP	2
#define HVSIM_VSS_GET_DM_INFO	3
#define HVSIM_VSS_BU_COMPLETE	4
#define HVSIM_VSS_FREEZE	5
#define HVSIM_VSS_THAW		6
#define HVSIM_VSS_AUTO_RECOVER	7
#define HVSIM_VSS_OPS		8

struct hvsim_vss_msg {
	u8 op;
	u8 reserved[7];
	u32 flags;
	u8 data[28];
} __packed;

/* file copy: START, WRITE fragments, COMPLETE or CANCEL; names UTF-16LE */
#define HVSIM_FCOPY_START	0
#define HVSIM_FCOPY_WRITE	1
#define HVSIM_FCOPY_COMPLETE	2
#define HVSIM_FCOPY_CANCEL	3
#define HVSIM_FCOPY_NAME_MAX	260	/* UTF-16 units, terminator included */
#define HVSIM_FCOPY_FRAGMENT	6144
#define HVSIM_FCOPY_OVERWRITE	0x1
#define HVSIM_FCOPY_CREATE_PATH	0x2

struct hvsim_fcopy_hdr {
	u32 op;
	u8 service_id0[16];
	u8 service_id1[16];
} __packed;

struct hvsim_fcopy_start {
	struct hvsim_fcopy_hdr hdr;
	__le16 file_name[HVSIM_FCOPY_NAME_MAX];
	__le16 path_name[HVSIM_FCOPY_NAME_MAX];
	u32 copy_flags;
	u64 file_size;
} __packed;

struct hvsim_fcopy_data {
	struct hvsim_fcopy_hdr hdr;
	u32 pad;
	u64 offset;
	u32 size;
	u8 data[HVSIM_FCOPY_FRAGMENT];
} __packed;

/*
 * KVP's IP settings (GET_IP_INFO 4, SET_IP_INFO 5): the operation and pool
 * bytes, then the adapter's settings, UTF-16LE strings in fixed fields
 */
#define HVSIM_KVP_GET_IP	4
#define HVSIM_KVP_SET_IP	5
#define HVSIM_KVP_ADAPTER_MAX	128	/* UTF-16 units */
#define HVSIM_KVP_ADDR_MAX	1024
#define HVSIM_KVP_GATEWAY_MAX	512

struct hvsim_kvp_ip_msg {
	u8 op;
	u8 pool;
	__le16 adapter_id[HVSIM_KVP_ADAPTER_MAX];
	u8 addr_family;
	u8 dhcp_enabled;
	__le16 ip_addr[HVSIM_KVP_ADDR_MAX];
	__le16 sub_net[HVSIM_KVP_ADDR_MAX];
	__le16 gate_way[HVSIM_KVP_GATEWAY_MAX];
	__le16 dns_addr[HVSIM_KVP_ADDR_MAX];
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
	BUILD_BUG_ON(sizeof(struct hvsim_kvp_ip_msg) != 7428);
	BUILD_BUG_ON(sizeof(struct hvsim_vss_msg) != 40);
	BUILD_BUG_ON(sizeof(struct hvsim_fcopy_start) != 1088);
	BUILD_BUG_ON(sizeof(struct hvsim_fcopy_data) != 6196);
}

#endif /* _HVSIM_IC_H */
