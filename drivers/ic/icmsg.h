/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The integration-service (IC) message framework: what the Hyper-V host's
 * heartbeat, shutdown, time sync, KVP, VSS and file-copy services and their
 * guest exchange over one channel each.
 *
 * Every message is one in-band VMBus packet whose payload is a pipe header
 * (the channels are offered as message-mode pipes) and an IC header, then
 * the message's body:
 *
 *   pipe header   8 bytes   type (1: data), bytes that follow
 *   IC header    20 bytes   framework version, message type, message
 *                           version, body bytes, status, transaction ID,
 *                           flags (transaction, request, response)
 *   body                    per message type
 *
 * The host sends requests; the guest answers each with the same message,
 * flags turned into TRANSACTION | RESPONSE and the status set. The first
 * request on a channel is the version negotiation: the host lists the
 * framework versions, then the message versions, it speaks; the guest
 * answers with one of each (both counts 1), or both counts 0 when there is
 * no common version.
 *
 * Facts from the public protocol (the kernel's include/linux/hyperv.h and
 * drivers/hv/hv_util.c, openvmm's hyperv_ic_protocol, FreeBSD's
 * vmbus_icvar.h name the same layout); written here. All fields are
 * little-endian.
 */
#ifndef _HVIC_ICMSG_H
#define _HVIC_ICMSG_H

#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/stddef.h>
#include <linux/types.h>

/* a version: major << 16 | minor, as the lists below hold them */
#define HVIC_VER(major, minor)		((u32)(major) << 16 | (minor))
#define HVIC_VER_MAJOR(v)		((v) >> 16)
#define HVIC_VER_MINOR(v)		((v) & 0xffff)

/* framework versions: Windows Server 2008 spoke 1.0, every later host 3.0 */
#define HVIC_FW_1			HVIC_VER(1, 0)
#define HVIC_FW_3			HVIC_VER(3, 0)

/* message types */
#define HVIC_MSG_NEGOTIATE		0
#define HVIC_MSG_HEARTBEAT		1
#define HVIC_MSG_KVP			2
#define HVIC_MSG_SHUTDOWN		3
#define HVIC_MSG_TIMESYNC		4
#define HVIC_MSG_VSS			5
#define HVIC_MSG_FCOPY			7

/* hvic_hdr.flags */
#define HVIC_FLAG_TRANSACTION		0x1
#define HVIC_FLAG_REQUEST		0x2
#define HVIC_FLAG_RESPONSE		0x4

/* hvic_hdr.status: HRESULTs */
#define HVIC_S_OK			0x00000000u
#define HVIC_E_FAIL			0x80004005u
#define HVIC_S_CONT			0x80070103u	/* no more items */
#define HVIC_E_GUID_NOTFOUND		0x80041002u
#define HVIC_E_NOT_SUPPORTED		0x80070032u
#define HVIC_E_INVALIDARG		0x80070057u

/* the pipe header's type of a message-mode packet */
#define HVIC_PIPE_DATA			1

/* more versions than this in a negotiation is not a host's list */
#define HVIC_MAX_VERSIONS		100

struct hvic_pipe_hdr {
	u32 type;
	u32 size;		/* bytes after this header */
} __packed;

struct hvic_version {
	u16 major;
	u16 minor;
} __packed;

struct hvic_hdr {
	struct hvic_version fw;
	u16 type;
	struct hvic_version msg;
	u16 size;		/* body bytes */
	u32 status;
	u8 trans_id;
	u8 flags;
	u8 reserved[2];
} __packed;

#define HVIC_HDRS	(sizeof(struct hvic_pipe_hdr) + sizeof(struct hvic_hdr))

struct hvic_negotiate {
	u16 fw_count;
	u16 msg_count;
	u32 reserved;
	struct hvic_version versions[];	/* fw_count, then msg_count */
} __packed;

/* heartbeat: the guest answers with the sequence number plus one */
struct hvic_heartbeat {
	u64 seq;
	u32 state;		/* application state (newer hosts) */
	u8 reserved[4];
} __packed;

/* shutdown: flags 0 power off, 2 restart, 4 hibernate; | 1: forced */
#define HVIC_SHUTDOWN_FORCE		0x1
#define HVIC_SHUTDOWN_RESTART		0x2
#define HVIC_SHUTDOWN_HIBERNATE		0x4

struct hvic_shutdown {
	u32 reason;
	u32 timeout_secs;
	u32 flags;
	u8 message[2048];
} __packed;

/* time sync: flags */
#define HVIC_TIME_SYNC			0x1	/* step the clock: after boot, restore */
#define HVIC_TIME_SAMPLE		0x2	/* a sample the guest may use */

/* 100 ns units from 1601-01-01 to 1970-01-01 */
#define HVIC_EPOCH_DELTA		116444736000000000ULL

/* time sync before message version 4.0 */
struct hvic_timesync_v1 {
	u64 parent_time;	/* host UTC, 100 ns since 1601 */
	u64 child_time;
	u64 round_trip;
	u8 flags;
} __packed;

/* time sync from 4.0: with the partition reference time of the sample */
struct hvic_timesync_v4 {
	u64 parent_time;
	u64 ref_time;	/* partition reference counter, 100 ns */
	u8 flags;
	u8 leap;
	u8 stratum;
} __packed;

/*
 * KVP: key/value pairs in pools. The host's request body and the message
 * hv_kvp_daemon reads and writes (struct hv_kvp_msg of the kernel's uAPI,
 * include/uapi/linux/hyperv.h) share a layout; the host's strings are
 * UTF-16LE, the daemon's UTF-8, sizes in bytes with the terminator.
 */
#define HVIC_KVP_KEY_MAX	512
#define HVIC_KVP_VALUE_MAX	2048
#define HVIC_KVP_POOLS		5	/* external, guest, auto, auto external, auto internal */

#define HVIC_KVP_GET		0
#define HVIC_KVP_SET		1
#define HVIC_KVP_DELETE		2
#define HVIC_KVP_ENUMERATE	3
#define HVIC_KVP_GET_IP_INFO	4
#define HVIC_KVP_SET_IP_INFO	5

/* the daemon's registration: the uAPI's KVP_OP_REGISTER (legacy), _REGISTER1 */
#define HVIC_KVP_REGISTER	4
#define HVIC_KVP_REGISTER1	100

/* value types: Windows registry types (Linux's uAPI calls 8 REG_U64) */
#define HVIC_REG_SZ		1
#define HVIC_REG_EXPAND_SZ	2
#define HVIC_REG_DWORD		4
#define HVIC_REG_U64_LINUX	8
#define HVIC_REG_QWORD		11

struct hvic_kvp_hdr {
	u8 op;
	u8 pool;
	u16 pad;
} __packed;

struct hvic_kvp_value {
	u32 type;
	u32 key_size;
	u32 value_size;
	u8 key[HVIC_KVP_KEY_MAX];
	u8 value[HVIC_KVP_VALUE_MAX];
} __packed;

struct hvic_kvp_enum {
	u32 index;
	struct hvic_kvp_value data;
} __packed;

struct hvic_kvp_delete {
	u32 key_size;
	u8 key[HVIC_KVP_KEY_MAX];
} __packed;

/*
 * The IP settings of one adapter (GET_IP_INFO, SET_IP_INFO): the host's
 * strings UTF-16LE, the daemon's UTF-8 in the same fields, each with its
 * terminator inside; the adapter is its MAC address ("00:15:5D:..." for
 * GET) or its instance GUID ("{...}" for SET); the addresses are lists
 * separated by ';'. The host's message is the operation and pool bytes,
 * then these settings at offset 2 (the daemon's, at the body's offset 4).
 */
#define HVIC_KVP_ADAPTER_MAX	256	/* bytes: 128 UTF-16 units */
#define HVIC_KVP_ADDR_MAX	2048
#define HVIC_KVP_GATEWAY_MAX	1024

#define HVIC_KVP_FAMILY_IPV4	0x1
#define HVIC_KVP_FAMILY_IPV6	0x2

struct hvic_kvp_ip {
	u8 adapter_id[HVIC_KVP_ADAPTER_MAX];
	u8 addr_family;
	u8 dhcp_enabled;
	u8 ip_addr[HVIC_KVP_ADDR_MAX];
	u8 sub_net[HVIC_KVP_ADDR_MAX];
	u8 gate_way[HVIC_KVP_GATEWAY_MAX];
	u8 dns_addr[HVIC_KVP_ADDR_MAX];
} __packed;

struct hvic_kvp_ip_msg {
	u8 op;
	u8 pool;
	struct hvic_kvp_ip ip;
} __packed;

/*
 * the daemon's message: the uAPI's struct hv_kvp_msg, 7432 bytes (its body
 * union holds a struct with a u32 and is not packed: it rounds up to 4)
 */
#define HVIC_KVP_UBODY		7428

struct hvic_kvp_umsg {
	union {
		struct hvic_kvp_hdr hdr;
		s32 error;		/* the daemon's answer: an HRESULT */
	};
	union {
		struct hvic_kvp_value get_set;
		struct hvic_kvp_delete del;
		struct hvic_kvp_enum en;
		u8 version[HVIC_KVP_KEY_MAX];	/* registration */
		struct hvic_kvp_ip ip;
		u8 raw[HVIC_KVP_UBODY];
	} body;
} __packed;

/*
 * VSS: the host's backup asks the guest to freeze its file systems and to
 * thaw them. The host's body starts with the message the uAPI's struct
 * hv_vss_msg mirrors for hv_vss_daemon: an operation, then four bytes of
 * flags (12 bytes; larger bodies carry more the guest does not use).
 */
#define HVIC_VSS_CREATE		0
#define HVIC_VSS_DELETE		1
#define HVIC_VSS_HOT_BACKUP	2
#define HVIC_VSS_GET_DM_INFO	3
#define HVIC_VSS_BU_COMPLETE	4
#define HVIC_VSS_FREEZE		5	/* from message version 5.0 */
#define HVIC_VSS_THAW		6
#define HVIC_VSS_AUTO_RECOVER	7

/* the daemon's registrations: the uAPI's VSS_OP_REGISTER, _REGISTER1 */
#define HVIC_VSS_REGISTER	128
#define HVIC_VSS_REGISTER1	129

/* HOT_BACKUP's answer: the guest cannot recover a snapshot by itself */
#define HVIC_VSS_HBU_NO_AUTO_RECOVERY	0x5

struct hvic_vss_msg {
	union {
		struct {
			u8 op;
			u8 reserved[7];
		} hdr;
		s32 error;	/* the daemon's answer: 0 or an HRESULT */
	};
	u32 flags;
} __packed;

/*
 * File copy: the host copies a file into the guest in a transaction of
 * START (UTF-16LE name and directory), WRITE (fragments at offsets) and
 * COMPLETE, or CANCEL. hv_fcopy_daemon reads the same structs (the uAPI's
 * struct hv_start_fcopy and hv_do_fcopy) with the names in UTF-8, and
 * answers each with a 4-byte HRESULT.
 */
#define HVIC_FCOPY_START	0
#define HVIC_FCOPY_WRITE	1
#define HVIC_FCOPY_COMPLETE	2
#define HVIC_FCOPY_CANCEL	3

#define HVIC_FCOPY_PATH_MAX	520	/* bytes: 260 UTF-16 units */
#define HVIC_FCOPY_FRAGMENT	6144

/* START's copy_flags */
#define HVIC_FCOPY_OVERWRITE	0x1
#define HVIC_FCOPY_CREATE_PATH	0x2

/* the daemon's registration: the uAPI's FCOPY_VERSION_0 (legacy) and _1 */
#define HVIC_FCOPY_VERSION_0	0
#define HVIC_FCOPY_VERSION_1	1

struct hvic_fcopy_hdr {
	u32 op;
	u8 service_id0[16];
	u8 service_id1[16];
} __packed;

struct hvic_fcopy_start {
	struct hvic_fcopy_hdr hdr;
	u8 file_name[HVIC_FCOPY_PATH_MAX];
	u8 path_name[HVIC_FCOPY_PATH_MAX];
	u32 copy_flags;
	u64 file_size;
} __packed;

struct hvic_fcopy_data {
	struct hvic_fcopy_hdr hdr;
	u32 pad;
	u64 offset;
	u32 size;
	u8 data[HVIC_FCOPY_FRAGMENT];
} __packed;

static inline void hvic_layout_checks(void)
{
	BUILD_BUG_ON(sizeof(struct hvic_pipe_hdr) != 8);
	BUILD_BUG_ON(sizeof(struct hvic_hdr) != 20);
	BUILD_BUG_ON(offsetof(struct hvic_hdr, size) != 10);
	BUILD_BUG_ON(offsetof(struct hvic_hdr, status) != 12);
	BUILD_BUG_ON(offsetof(struct hvic_hdr, flags) != 17);
	BUILD_BUG_ON(HVIC_HDRS != 28);
	BUILD_BUG_ON(sizeof(struct hvic_negotiate) != 8);
	BUILD_BUG_ON(sizeof(struct hvic_heartbeat) != 16);
	BUILD_BUG_ON(sizeof(struct hvic_shutdown) != 2060);
	BUILD_BUG_ON(sizeof(struct hvic_timesync_v1) != 25);
	BUILD_BUG_ON(sizeof(struct hvic_timesync_v4) != 19);
	BUILD_BUG_ON(sizeof(struct hvic_kvp_value) != 2572);
	BUILD_BUG_ON(sizeof(struct hvic_kvp_enum) != 2576);
	BUILD_BUG_ON(sizeof(struct hvic_kvp_umsg) != 7432);
	BUILD_BUG_ON(sizeof(struct hvic_kvp_ip) != 7426);
	BUILD_BUG_ON(sizeof(struct hvic_kvp_ip_msg) != 7428);
	BUILD_BUG_ON(sizeof(struct hvic_vss_msg) != 12);
	BUILD_BUG_ON(sizeof(struct hvic_fcopy_hdr) != 36);
	BUILD_BUG_ON(sizeof(struct hvic_fcopy_start) != 1088);
	BUILD_BUG_ON(sizeof(struct hvic_fcopy_data) != 6196);
}

#endif /* _HVIC_ICMSG_H */
