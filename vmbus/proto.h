/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VMBus wire format: protocol versions, connection IDs, every channel
 * message, the GPA-carrying parts of data-path packets and the monitor page.
 *
 * Facts only; no code. The facts are the protocol's (as published in the
 * kernel's include/linux/hyperv.h and Microsoft's public UEFI VMBus client);
 * the names and this layout of the header are ours. tests/conformance/
 * vmbus_msg_layout.c compares every struct here with the kernel's at build
 * time, on every kernel of the matrix.
 *
 * Portable: only <linux/types.h> and <linux/uuid.h>, so that vmbus.ko,
 * hv_sim.ko and the userspace tests (tests/unit/shim) share this one file.
 * Everything is little-endian on the wire; we only run on x86-64, so plain
 * u16/u32/u64 are used as the kernel's own definitions do.
 *
 * Ring buffers and the 16-byte packet descriptor are in vmbus/ring.h.
 */
#ifndef _VMBUS_PROTO_H
#define _VMBUS_PROTO_H

#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/types.h>
#include <linux/uuid.h>

/* ---------------------------------------------------------------------- */
/* Protocol versions                                                      */
/* ---------------------------------------------------------------------- */

#define VMBUS_VERSION(major, minor)	((((u32)(major)) << 16) | (u32)(minor))
#define VMBUS_VERSION_MAJOR(v)		((u32)(v) >> 16)
#define VMBUS_VERSION_MINOR(v)		((u32)(v) & 0xffff)

/* Windows Server 2012: the oldest version we speak (sub-channels, target_vp) */
#define VMBUS_VERSION_WIN8		VMBUS_VERSION(2, 4)
/* Windows Server 2012 R2 */
#define VMBUS_VERSION_WIN8_1		VMBUS_VERSION(3, 0)
/* Windows Server 2016 */
#define VMBUS_VERSION_WIN10		VMBUS_VERSION(4, 0)
/* Windows 10 RS3: MODIFYCHANNEL */
#define VMBUS_VERSION_WIN10_V4_1	VMBUS_VERSION(4, 1)
/* RS3 update: message connection ID 4, msg_sint instead of interrupt page */
#define VMBUS_VERSION_WIN10_V5		VMBUS_VERSION(5, 0)
/* RS4: msg_vtl in INITIATE_CONTACT */
#define VMBUS_VERSION_WIN10_V5_1	VMBUS_VERSION(5, 1)
/* Windows Server 2019 (RS5) */
#define VMBUS_VERSION_WIN10_V5_2	VMBUS_VERSION(5, 2)
/* Windows Server 2022 */
#define VMBUS_VERSION_WIN10_V5_3	VMBUS_VERSION(5, 3)

/*
 * The versions the guest proposes in INITIATE_CONTACT, newest first: the
 * host answers each with VERSION_RESPONSE and the first one it supports
 * wins. For an array initialiser: u32 v[] = { VMBUS_VERSIONS_NEWEST_FIRST };
 * (A macro rather than an array here, so that no file that includes this
 * header carries an unused copy.)
 *
 * 6.0 (the "copper" protocol: feature_flags, confidential channels) exists
 * but is only meaningful with a paravisor; we never propose it.
 */
#define VMBUS_VERSIONS_NEWEST_FIRST					\
	VMBUS_VERSION_WIN10_V5_3, VMBUS_VERSION_WIN10_V5_2,		\
	VMBUS_VERSION_WIN10_V5_1, VMBUS_VERSION_WIN10_V5,		\
	VMBUS_VERSION_WIN10_V4_1, VMBUS_VERSION_WIN10,			\
	VMBUS_VERSION_WIN8_1, VMBUS_VERSION_WIN8
#define VMBUS_VERSION_COUNT		8
#define VMBUS_VERSION_NEWEST		VMBUS_VERSION_WIN10_V5_3
#define VMBUS_VERSION_OLDEST		VMBUS_VERSION_WIN8

/* ---------------------------------------------------------------------- */
/* Connections and SINTs                                                  */
/* ---------------------------------------------------------------------- */

/* HvPostMessage connection for channel messages, versions before 5.0 */
#define VMBUS_MESSAGE_CONNECTION_ID	1
/*
 * From 5.0 INITIATE_CONTACT goes to connection 4; later messages go to the
 * msg_conn_id the host returns in VERSION_RESPONSE.
 */
#define VMBUS_MESSAGE_CONNECTION_ID_4	4
/* HvSignalEvent connection for channels whose offer does not name one */
#define VMBUS_EVENT_CONNECTION_ID	2
/* the connection of the guest-to-host monitor page */
#define VMBUS_MONITOR_CONNECTION_ID	3
/* host-to-guest channel messages and channel events both arrive on SINT 2 */
#define VMBUS_MESSAGE_SINT		2

/* connection IDs are 24 bits wide; the top byte is reserved, zero */
#define VMBUS_CONNECTION_ID_MASK	0x00ffffffu

/* HvPostMessage message type of every channel message the guest posts */
#define VMBUS_POST_MESSAGE_TYPE		1

/* Largest SynIC message payload, hence the largest channel message */
#define VMBUS_MSG_MAX_PAYLOAD		240u

/*
 * Relids index the SynIC event flags of SINT 2 (2048 bits), one bit per
 * channel. Bit 0 is never a channel: it belongs to the channel-message
 * protocol itself, and the host numbers channels from 1.
 */
#define VMBUS_RELID_MIN			1u
#define VMBUS_RELID_LIMIT		2048u	/* first invalid relid */

/* The guest allocates GPADL handles; it never uses 0, so 0 means "none" */
#define VMBUS_GPADL_INVALID		0u

/* Hyper-V's page size, whatever the guest's PAGE_SIZE */
#define VMBUS_PAGE_SHIFT		12
#define VMBUS_PAGE_SIZE			(1u << VMBUS_PAGE_SHIFT)

/** vmbus_msg_conn_id() - connection the guest posts INITIATE_CONTACT to */
static inline u32 vmbus_msg_conn_id(u32 version)
{
	return version >= VMBUS_VERSION_WIN10_V5 ?
	       VMBUS_MESSAGE_CONNECTION_ID_4 : VMBUS_MESSAGE_CONNECTION_ID;
}

/**
 * vmbus_has_msg_sint() - INITIATE_CONTACT names the SINT (and, from 5.1,
 * the VTL) instead of the interrupt page, and VERSION_RESPONSE carries the
 * connection ID for all later messages
 */
static inline bool vmbus_has_msg_sint(u32 version)
{
	return version >= VMBUS_VERSION_WIN10_V5;
}

/** vmbus_has_msg_vtl() - INITIATE_CONTACT's msg_vtl is honoured */
static inline bool vmbus_has_msg_vtl(u32 version)
{
	return version >= VMBUS_VERSION_WIN10_V5_1;
}

/** vmbus_has_modifychannel() - MODIFYCHANNEL may retarget a channel's VP */
static inline bool vmbus_has_modifychannel(u32 version)
{
	return version >= VMBUS_VERSION_WIN10_V4_1;
}

/**
 * vmbus_has_modifychannel_response() - the host answers every MODIFYCHANNEL
 * with MODIFYCHANNEL_RESPONSE (5.3 on); before that it never answers, so
 * the guest cannot know when interrupts move to the new VP
 */
static inline bool vmbus_has_modifychannel_response(u32 version)
{
	return version >= VMBUS_VERSION_WIN10_V5_3;
}

/** vmbus_conn_id_valid() - @id is a 24-bit connection ID, not zero */
static inline bool vmbus_conn_id_valid(u32 id)
{
	return id != 0 && !(id & ~VMBUS_CONNECTION_ID_MASK);
}

/** vmbus_relid_valid() - @relid can name a channel */
static inline bool vmbus_relid_valid(u32 relid)
{
	return relid >= VMBUS_RELID_MIN && relid < VMBUS_RELID_LIMIT;
}

/* ---------------------------------------------------------------------- */
/* Channel messages                                                       */
/* ---------------------------------------------------------------------- */

/* Message types; "h->g" are the ones a guest receives */
#define VMBUS_CHANMSG_INVALID			0
#define VMBUS_CHANMSG_OFFERCHANNEL		1	/* h->g */
#define VMBUS_CHANMSG_RESCIND_CHANNELOFFER	2	/* h->g */
#define VMBUS_CHANMSG_REQUESTOFFERS		3
#define VMBUS_CHANMSG_ALLOFFERS_DELIVERED	4	/* h->g */
#define VMBUS_CHANMSG_OPENCHANNEL		5
#define VMBUS_CHANMSG_OPENCHANNEL_RESULT	6	/* h->g */
#define VMBUS_CHANMSG_CLOSECHANNEL		7
#define VMBUS_CHANMSG_GPADL_HEADER		8
#define VMBUS_CHANMSG_GPADL_BODY		9
#define VMBUS_CHANMSG_GPADL_CREATED		10	/* h->g */
#define VMBUS_CHANMSG_GPADL_TEARDOWN		11
#define VMBUS_CHANMSG_GPADL_TORNDOWN		12	/* h->g */
#define VMBUS_CHANMSG_RELID_RELEASED		13
#define VMBUS_CHANMSG_INITIATE_CONTACT		14
#define VMBUS_CHANMSG_VERSION_RESPONSE		15	/* h->g */
#define VMBUS_CHANMSG_UNLOAD			16
#define VMBUS_CHANMSG_UNLOAD_RESPONSE		17	/* h->g */
/* 18-20: reserved-channel messages of Windows guests; not for Linux */
#define VMBUS_CHANMSG_TL_CONNECT_REQUEST	21
#define VMBUS_CHANMSG_MODIFYCHANNEL		22
#define VMBUS_CHANMSG_TL_CONNECT_RESULT		23	/* h->g */
#define VMBUS_CHANMSG_MODIFYCHANNEL_RESPONSE	24	/* h->g */
/* 25-26 (MODIFYCONNECTION and its response) belong to 6.0 */
#define VMBUS_CHANMSG_COUNT			25

/* Status words of the *_RESULT / *_CREATED / *_RESPONSE messages */
#define VMBUS_CHANMSG_STATUS_SUCCESS		0u

/**
 * struct vmbus_chanmsg_hdr - starts every channel message
 * @msgtype: VMBUS_CHANMSG_*
 * @padding: zero; ignored on receipt
 */
struct vmbus_chanmsg_hdr {
	u32 msgtype;
	u32 padding;
} __packed;

/* Offer flags (vmbus_offer.chn_flags) */
#define VMBUS_OFFER_FLAG_ENUMERATE_DEVICE_INTERFACE	0x0001
#define VMBUS_OFFER_FLAG_NAMED_PIPE_MODE		0x0010
#define VMBUS_OFFER_FLAG_LOOPBACK			0x0100
#define VMBUS_OFFER_FLAG_PARENT				0x0200
#define VMBUS_OFFER_FLAG_REQUEST_MONITORED_NOTIFICATION	0x0400
#define VMBUS_OFFER_FLAG_TLNPI_PROVIDER			0x2000	/* hv_sock */

/* the opaque per-offer area a device class may define */
#define VMBUS_OFFER_USER_DEFINED_BYTES		120
/* in pipe mode the first u32 of that area is the pipe type */
#define VMBUS_OFFER_PIPE_USER_DEFINED_BYTES	116
#define VMBUS_OFFER_PIPE_BYTE			0x0
#define VMBUS_OFFER_PIPE_MESSAGE		0x4

/**
 * struct vmbus_offer - what a channel offer describes
 * @if_type: the device class (the driver-matching GUID)
 * @if_instance: this device (the sysfs device name)
 * @reserved1: may be non-zero from hosts older than Windows 8; ignored
 * @reserved2: likewise
 * @chn_flags: VMBUS_OFFER_FLAG_*
 * @mmio_megabytes: MMIO space the device wants, in MiB
 * @user_def: class-defined bytes (non-pipe offers)
 * @pipe_mode: VMBUS_PIPE_TYPE_* (pipe offers)
 * @pipe_user_def: class-defined bytes (pipe offers)
 * @sub_channel_index: 0 for a primary channel, else the sub-channel's index
 * @mmio_megabytes_optional: MMIO it could use beyond @mmio_megabytes
 */
struct vmbus_offer {
	guid_t if_type;
	guid_t if_instance;
	u64 reserved1;
	u64 reserved2;
	u16 chn_flags;
	u16 mmio_megabytes;
	union {
		u8 user_def[VMBUS_OFFER_USER_DEFINED_BYTES];
		struct {
			u32 pipe_mode;
			u8 pipe_user_def[VMBUS_OFFER_PIPE_USER_DEFINED_BYTES];
		} __packed;
	} __packed;
	u16 sub_channel_index;
	u16 mmio_megabytes_optional;
} __packed;

/**
 * struct vmbus_chanmsg_offer - OFFERCHANNEL (host to guest)
 * @header: VMBUS_CHANMSG_OFFERCHANNEL
 * @offer: the device and its class
 * @child_relid: the channel's relid, its event-flag bit and its name in
 *	every later message
 * @monitorid: the channel's bit in the monitor pages (group = id / 32,
 *	bit = id % 32); meaningful only if @monitor_allocated
 * @monitor_allocated: the host allocated @monitorid for this channel
 * @reserved: reserved bits; ignored
 * @is_dedicated_interrupt: signal the host through @connection_id alone,
 *	without setting the relid's bit in the guest-to-host interrupt page
 * @reserved1: reserved bits; ignored
 * @connection_id: the HvSignalEvent connection for this channel
 *
 * Windows 7 and later hosts send all 196 bytes; older ones stopped before
 * @is_dedicated_interrupt, but we never negotiate with those. The two
 * one-bit fields are bit 0 of byte 189 and of the u16 at byte 190 (x86
 * compilers allocate bit-fields from the least significant bit, which is
 * the wire order; the conformance check pins the bytes they live in).
 */
struct vmbus_chanmsg_offer {
	struct vmbus_chanmsg_hdr header;
	struct vmbus_offer offer;
	u32 child_relid;
	u8 monitorid;
	u8 monitor_allocated:1;
	u8 reserved:7;
	u16 is_dedicated_interrupt:1;
	u16 reserved1:15;
	u32 connection_id;
} __packed;

/** struct vmbus_chanmsg_rescind - RESCIND_CHANNELOFFER (host to guest) */
struct vmbus_chanmsg_rescind {
	struct vmbus_chanmsg_hdr header;
	u32 child_relid;
} __packed;

/**
 * struct vmbus_chanmsg_open_channel - OPENCHANNEL (guest to host)
 * @header: VMBUS_CHANMSG_OPENCHANNEL
 * @child_relid: the channel
 * @openid: echoed in OPENCHANNEL_RESULT, to match answer to request
 * @ringbuffer_gpadlhandle: GPADL covering both rings, guest-to-host first
 * @target_vp: VP index that receives this channel's interrupts
 * @downstream_ringbuffer_pageoffset: page (4 KiB) offset of the
 *	host-to-guest ring inside the GPADL
 * @userdata: class-defined bytes handed to the host's endpoint
 */
struct vmbus_chanmsg_open_channel {
	struct vmbus_chanmsg_hdr header;
	u32 child_relid;
	u32 openid;
	u32 ringbuffer_gpadlhandle;
	u32 target_vp;
	u32 downstream_ringbuffer_pageoffset;
	u8 userdata[VMBUS_OFFER_USER_DEFINED_BYTES];
} __packed;

/**
 * struct vmbus_chanmsg_open_result - OPENCHANNEL_RESULT (host to guest)
 * @status: VMBUS_CHANMSG_STATUS_SUCCESS, any other value is a failure
 */
struct vmbus_chanmsg_open_result {
	struct vmbus_chanmsg_hdr header;
	u32 child_relid;
	u32 openid;
	u32 status;
} __packed;

/** struct vmbus_chanmsg_close_channel - CLOSECHANNEL (guest to host; no answer) */
struct vmbus_chanmsg_close_channel {
	struct vmbus_chanmsg_hdr header;
	u32 child_relid;
} __packed;

/**
 * struct vmbus_gpa_range - a guest-physical buffer as a list of pages
 * @byte_count: length of the buffer
 * @byte_offset: where it starts in the first page
 * @pfn_array: 4 KiB page numbers, vmbus_gpa_range_pfns() of them
 *
 * Used by GPADL_HEADER and by GPA-direct packets. Not packed: every field
 * is naturally aligned relative to the start of the range.
 */
struct vmbus_gpa_range {
	u32 byte_count;
	u32 byte_offset;
	u64 pfn_array[];
};

/** vmbus_gpa_range_pfns() - pages spanned by a range (0 if it is empty) */
static inline u64 vmbus_gpa_range_pfns(u32 byte_offset, u32 byte_count)
{
	u64 end = (u64)(byte_offset & (VMBUS_PAGE_SIZE - 1)) + byte_count;

	return (end + VMBUS_PAGE_SIZE - 1) >> VMBUS_PAGE_SHIFT;
}

/**
 * struct vmbus_chanmsg_gpadl_header - GPADL_HEADER (guest to host)
 * @header: VMBUS_CHANMSG_GPADL_HEADER
 * @child_relid: the channel the GPADL belongs to
 * @gpadl: the handle the guest chose (never VMBUS_GPADL_INVALID)
 * @range_buflen: bytes of @range: the range header plus 8 per PFN of the
 *	whole GPADL, including the PFNs that follow in GPADL_BODY messages
 * @rangecount: number of ranges; Linux always sends one
 * @range: the first range and its PFNs; further ranges (if @rangecount
 *	says so) follow its PFN array, which is why this is not an array:
 *	variable-length structs cannot be indexed (sparse rightly rejects
 *	an array of them)
 *
 * sizeof() counts the header and the first range's two u32s (28 bytes).
 * If the PFNs do not all fit (VMBUS_GPADL_HEADER_MAX_PFNS), the rest follow
 * in GPADL_BODY messages; the host answers the last with GPADL_CREATED.
 */
struct vmbus_chanmsg_gpadl_header {
	struct vmbus_chanmsg_hdr header;
	u32 child_relid;
	u32 gpadl;
	u16 range_buflen;
	u16 rangecount;
	struct vmbus_gpa_range range;
} __packed;

/**
 * struct vmbus_chanmsg_gpadl_body - GPADL_BODY (guest to host)
 * @msgnumber: sequence number of this body message, from 1 (ignored by
 *	Hyper-V, which relies on ordering)
 * @gpadl: the handle of the GPADL_HEADER this continues
 * @pfn: the next PFNs of the range
 */
struct vmbus_chanmsg_gpadl_body {
	struct vmbus_chanmsg_hdr header;
	u32 msgnumber;
	u32 gpadl;
	u64 pfn[];
} __packed;

/* PFNs that fit in one message beside the fixed parts */
#define VMBUS_GPADL_HEADER_MAX_PFNS					\
	((VMBUS_MSG_MAX_PAYLOAD - sizeof(struct vmbus_chanmsg_gpadl_header)) / \
	 sizeof(u64))
#define VMBUS_GPADL_BODY_MAX_PFNS					\
	((VMBUS_MSG_MAX_PAYLOAD - sizeof(struct vmbus_chanmsg_gpadl_body)) / \
	 sizeof(u64))

/**
 * struct vmbus_chanmsg_gpadl_created - GPADL_CREATED (host to guest)
 * @creation_status: VMBUS_CHANMSG_STATUS_SUCCESS or a failure
 */
struct vmbus_chanmsg_gpadl_created {
	struct vmbus_chanmsg_hdr header;
	u32 child_relid;
	u32 gpadl;
	u32 creation_status;
} __packed;

/** struct vmbus_chanmsg_gpadl_teardown - GPADL_TEARDOWN (guest to host) */
struct vmbus_chanmsg_gpadl_teardown {
	struct vmbus_chanmsg_hdr header;
	u32 child_relid;
	u32 gpadl;
} __packed;

/** struct vmbus_chanmsg_gpadl_torndown - GPADL_TORNDOWN (host to guest) */
struct vmbus_chanmsg_gpadl_torndown {
	struct vmbus_chanmsg_hdr header;
	u32 gpadl;
} __packed;

/**
 * struct vmbus_chanmsg_relid_released - RELID_RELEASED (guest to host):
 * the guest is done with a rescinded channel; the host may reuse the relid
 */
struct vmbus_chanmsg_relid_released {
	struct vmbus_chanmsg_hdr header;
	u32 child_relid;
} __packed;

/**
 * struct vmbus_chanmsg_initiate_contact - INITIATE_CONTACT (guest to host)
 * @header: VMBUS_CHANMSG_INITIATE_CONTACT
 * @vmbus_version_requested: the version proposed
 * @target_vcpu: VP index that receives the channel messages
 * @interrupt_page: before 5.0: GPA of the interrupt page (two halves:
 *	host-to-guest, then guest-to-host event bits)
 * @msg_sint: from 5.0: the SINT channel messages arrive on
 *	(VMBUS_MESSAGE_SINT)
 * @msg_vtl: from 5.1: the VTL they arrive in (0)
 * @reserved: zero
 * @feature_flags: 6.0 only; zero
 * @monitor_page1: GPA of the host-to-guest monitor page
 * @monitor_page2: GPA of the guest-to-host monitor page
 */
struct vmbus_chanmsg_initiate_contact {
	struct vmbus_chanmsg_hdr header;
	u32 vmbus_version_requested;
	u32 target_vcpu;
	union {
		u64 interrupt_page;
		struct {
			u8 msg_sint;
			u8 msg_vtl;
			u8 reserved[2];
			u32 feature_flags;
		} __packed;
	} __packed;
	u64 monitor_page1;
	u64 monitor_page2;
} __packed;

/* VERSION_RESPONSE connection_state */
#define VMBUS_CONNECTION_SUCCESSFUL		0
#define VMBUS_CONNECTION_FAILED_LOW_RESOURCES	1
#define VMBUS_CONNECTION_FAILED_UNKNOWN		2

/**
 * struct vmbus_chanmsg_version_response - VERSION_RESPONSE (host to guest)
 * @header: VMBUS_CHANMSG_VERSION_RESPONSE
 * @version_supported: 1 if the proposed version is accepted, else 0
 * @connection_state: VMBUS_CONNECTION_*; only meaningful if accepted, and
 *	any non-zero value is a failure
 * @padding: zero
 * @msg_conn_id: from 5.0, the connection ID for every later message
 *
 * Hosts (and host emulations such as QEMU's) that implement only versions
 * before 5.0 may end the message after @connection_state; see
 * VMBUS_VERSION_RESPONSE_MIN_SIZE. 6.0 appends a u32 supported_features.
 */
struct vmbus_chanmsg_version_response {
	struct vmbus_chanmsg_hdr header;
	u8 version_supported;
	u8 connection_state;
	u16 padding;
	u32 msg_conn_id;
} __packed;

/** struct vmbus_chanmsg_unload - UNLOAD (guest to host): the header only */
struct vmbus_chanmsg_unload {
	struct vmbus_chanmsg_hdr header;
} __packed;

/** struct vmbus_chanmsg_unload_response - UNLOAD_RESPONSE: the header only */
struct vmbus_chanmsg_unload_response {
	struct vmbus_chanmsg_hdr header;
} __packed;

/** struct vmbus_chanmsg_request_offers - REQUESTOFFERS: the header only */
struct vmbus_chanmsg_request_offers {
	struct vmbus_chanmsg_hdr header;
} __packed;

/** struct vmbus_chanmsg_alloffers_delivered - ALLOFFERS_DELIVERED: header */
struct vmbus_chanmsg_alloffers_delivered {
	struct vmbus_chanmsg_hdr header;
} __packed;

/**
 * struct vmbus_chanmsg_modifychannel - MODIFYCHANNEL (guest to host, 4.1+)
 * @target_vp: the VP index that will receive the channel's interrupts
 */
struct vmbus_chanmsg_modifychannel {
	struct vmbus_chanmsg_hdr header;
	u32 child_relid;
	u32 target_vp;
} __packed;

/**
 * struct vmbus_chanmsg_modifychannel_response - MODIFYCHANNEL_RESPONSE
 * (host to guest)
 * @status: VMBUS_CHANMSG_STATUS_SUCCESS or a failure
 */
struct vmbus_chanmsg_modifychannel_response {
	struct vmbus_chanmsg_hdr header;
	u32 child_relid;
	u32 status;
} __packed;

/**
 * struct vmbus_chanmsg_tl_connect_request - TL_CONNECT_REQUEST (guest to
 * host): hv_sock connect(). From 5.2 a host also accepts a third GUID (a
 * silo ID) after these; Linux does not send it.
 */
struct vmbus_chanmsg_tl_connect_request {
	struct vmbus_chanmsg_hdr header;
	guid_t guest_endpoint_id;
	guid_t host_service_id;
} __packed;

/**
 * struct vmbus_chanmsg_tl_connect_result - TL_CONNECT_RESULT (host to
 * guest): a connect request failed (success is an offer instead)
 * @status: an NTSTATUS
 *
 * Not in the kernel's headers (Linux ignores the message); the layout is
 * that of Microsoft's published UEFI VMBus client.
 */
struct vmbus_chanmsg_tl_connect_result {
	struct vmbus_chanmsg_hdr header;
	guid_t guest_endpoint_id;
	guid_t host_service_id;
	u32 status;
} __packed;

/* ---------------------------------------------------------------------- */
/* Data-path packets that carry guest-physical addresses                  */
/* ---------------------------------------------------------------------- */

/*
 * Each struct below is what follows the 16-byte packet descriptor (struct
 * vmbus_pkt_desc in vmbus/ring.h) in a packet of the named type; the
 * descriptor's offset8 points past them and their ranges to the payload.
 */

/**
 * struct vmbus_page_range - one page of a GPA-direct packet
 * @len: bytes used in the page
 * @offset: where they start in it
 * @pfn: the 4 KiB page
 *
 * A &vmbus_gpa_range with exactly one PFN ("page buffer" form).
 */
struct vmbus_page_range {
	u32 len;
	u32 offset;
	u64 pfn;
};

/* at most this many ranges / PFNs in one GPA-direct packet, as upstream */
#define VMBUS_GPA_DIRECT_MAX_PAGES		32

/**
 * struct vmbus_gpa_direct_hdr - after the descriptor of a
 * VMBUS_PKT_DATA_GPA_DIRECT packet
 * @reserved: zero
 * @range_cnt: number of ranges that follow: either that many
 *	&vmbus_page_range (one page each), or one &vmbus_gpa_range with
 *	its PFN array ("multi-page buffer" form)
 */
struct vmbus_gpa_direct_hdr {
	u32 reserved;
	u32 range_cnt;
} __packed;

/** struct vmbus_xfer_page_range - a slice of a transfer page set */
struct vmbus_xfer_page_range {
	u32 byte_count;
	u32 byte_offset;
} __packed;

/**
 * struct vmbus_xfer_page_hdr - after the descriptor of a transfer-page
 * packet (type 7, host to guest): data in a buffer the guest lent the host
 * @xfer_pageset_id: which lent buffer (device-defined)
 * @sender_owns_set: 1 if the host owns the set
 * @reserved: zero
 * @range_cnt: number of &vmbus_xfer_page_range that follow
 */
struct vmbus_xfer_page_hdr {
	u16 xfer_pageset_id;
	u8 sender_owns_set;
	u8 reserved;
	u32 range_cnt;
	struct vmbus_xfer_page_range ranges[];
} __packed;

/* ---------------------------------------------------------------------- */
/* Monitor pages                                                          */
/* ---------------------------------------------------------------------- */

/*
 * Two pages the guest hands over in INITIATE_CONTACT. For a channel whose
 * offer allocated monitor_id, the guest signals the host by setting bit
 * (id % 32) of trigger_group[id / 32].pending in the guest-to-host page
 * instead of a hypercall; the host scans it at latency[id / 32][id % 32]
 * (in 100 ns units). The host-to-guest page is written by the host only.
 */
#define VMBUS_MONITOR_GROUPS		4
#define VMBUS_MONITOR_PER_GROUP		32
#define VMBUS_MONITOR_IDS		(VMBUS_MONITOR_GROUPS * VMBUS_MONITOR_PER_GROUP)

/**
 * struct vmbus_monitor_trigger_group - one group's pending/armed bits
 * @pending: set by the signaller, one bit per monitor ID of the group
 * @armed: set by the scanner for the IDs it watches
 */
struct vmbus_monitor_trigger_group {
	u32 pending;
	u32 armed;
};

/**
 * struct vmbus_monitor_parameter - the event a monitor bit stands for
 * @connection_id: HvSignalEvent connection (24 bits)
 * @flag_number: event flag number within it
 * @reserved: zero
 */
struct vmbus_monitor_parameter {
	u32 connection_id;
	u16 flag_number;
	u16 reserved;
};

/* vmbus_monitor_page.trigger_state: one enable bit per group */
#define VMBUS_MONITOR_GROUP_ENABLE_MASK	0xfu

/**
 * struct vmbus_monitor_page - the monitor page; 4 KiB, page aligned
 * @trigger_state: VMBUS_MONITOR_GROUP_ENABLE_MASK bits
 * @reserved1: zero
 * @trigger_group: pending/armed bits per group
 * @reserved2: zero
 * @next_check_time: scanner-private
 * @latency: per monitor ID, in 100 ns units
 * @reserved3: zero
 * @parameter: per monitor ID, the event it raises
 * @reserved4: pads to the page
 */
struct vmbus_monitor_page {
	u32 trigger_state;
	u32 reserved1;
	struct vmbus_monitor_trigger_group trigger_group[VMBUS_MONITOR_GROUPS];
	u64 reserved2[3];
	s32 next_check_time[VMBUS_MONITOR_GROUPS][VMBUS_MONITOR_PER_GROUP];
	u16 latency[VMBUS_MONITOR_GROUPS][VMBUS_MONITOR_PER_GROUP];
	u64 reserved3[32];
	struct vmbus_monitor_parameter parameter[VMBUS_MONITOR_GROUPS][VMBUS_MONITOR_PER_GROUP];
	u8 reserved4[1984];
};

/* ---------------------------------------------------------------------- */
/* Sizes: the protocol's, checked where the header is read                */
/* ---------------------------------------------------------------------- */

static_assert(sizeof(struct vmbus_chanmsg_hdr) == 8);
static_assert(sizeof(struct vmbus_offer) == 176);
static_assert(sizeof(struct vmbus_chanmsg_offer) == 196);
static_assert(sizeof(struct vmbus_chanmsg_rescind) == 12);
static_assert(sizeof(struct vmbus_chanmsg_open_channel) == 148);
static_assert(sizeof(struct vmbus_chanmsg_open_result) == 20);
static_assert(sizeof(struct vmbus_chanmsg_close_channel) == 12);
static_assert(sizeof(struct vmbus_gpa_range) == 8);
static_assert(sizeof(struct vmbus_chanmsg_gpadl_header) == 28);
static_assert(sizeof(struct vmbus_chanmsg_gpadl_body) == 16);
static_assert(sizeof(struct vmbus_chanmsg_gpadl_created) == 20);
static_assert(sizeof(struct vmbus_chanmsg_gpadl_teardown) == 16);
static_assert(sizeof(struct vmbus_chanmsg_gpadl_torndown) == 12);
static_assert(sizeof(struct vmbus_chanmsg_relid_released) == 12);
static_assert(sizeof(struct vmbus_chanmsg_initiate_contact) == 40);
static_assert(sizeof(struct vmbus_chanmsg_version_response) == 16);
static_assert(sizeof(struct vmbus_chanmsg_modifychannel) == 16);
static_assert(sizeof(struct vmbus_chanmsg_modifychannel_response) == 16);
static_assert(sizeof(struct vmbus_chanmsg_tl_connect_request) == 40);
static_assert(sizeof(struct vmbus_chanmsg_tl_connect_result) == 44);
static_assert(VMBUS_GPADL_HEADER_MAX_PFNS == 26);
static_assert(VMBUS_GPADL_BODY_MAX_PFNS == 28);
static_assert(sizeof(struct vmbus_page_range) == 16);
static_assert(sizeof(struct vmbus_gpa_direct_hdr) == 8);
static_assert(sizeof(struct vmbus_xfer_page_hdr) == 8);
static_assert(sizeof(struct vmbus_monitor_page) == VMBUS_PAGE_SIZE);

#endif /* _VMBUS_PROTO_H */
