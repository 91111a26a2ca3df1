/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VMBus as the host implements it: protocol versions, channel messages, the
 * ring buffer control page, packet descriptors and the monitor page.
 *
 * Written from the public protocol facts (the kernel's include/linux/hyperv.h
 * and drivers/hv/hyperv_vmbus.h name the same wire formats; QEMU's
 * hw/hyperv/vmbus.c is a public host implementation), in the host's own
 * words. Deliberately independent of the guest's vmbus/ headers: a mistake
 * shared by the guest and the simulated host would be invisible to every
 * test. Everything carries the HVSIM_VMBUS_ / hvsim_vm prefix.
 *
 * All multi-byte fields are little-endian (x86). Only the offer needs
 * __packed (its 196 bytes are not a multiple of its u64 alignment);
 * hvsim_vmbus_layout_checks() pins every size, and tests/conformance/sim_layout.c
 * compares every field and constant with the kernel's headers (or, where
 * they have none, the guest's) at build time.
 */
#ifndef HVSIM_VMBUS_H
#define HVSIM_VMBUS_H

#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>
#include <linux/uuid.h>

/* ---- versions: major << 16 | minor ---- */

#define HVSIM_VMBUS_VER(major, minor)	((u32)(major) << 16 | (minor))
#define HVSIM_VMBUS_V0_13	HVSIM_VMBUS_VER(0, 13)	/* WS2008 */
#define HVSIM_VMBUS_V1_1	HVSIM_VMBUS_VER(1, 1)	/* WS2008 R2 / Windows 7 */
#define HVSIM_VMBUS_V2_4	HVSIM_VMBUS_VER(2, 4)	/* WS2012 / Windows 8 */
#define HVSIM_VMBUS_V3_0	HVSIM_VMBUS_VER(3, 0)	/* WS2012 R2 / Windows 8.1 */
#define HVSIM_VMBUS_V4_0	HVSIM_VMBUS_VER(4, 0)	/* WS2016 / Windows 10 */
#define HVSIM_VMBUS_V4_1	HVSIM_VMBUS_VER(4, 1)	/* Windows 10 RS3 */
#define HVSIM_VMBUS_V5_0	HVSIM_VMBUS_VER(5, 0)
#define HVSIM_VMBUS_V5_1	HVSIM_VMBUS_VER(5, 1)	/* Windows 10 RS4 */
#define HVSIM_VMBUS_V5_2	HVSIM_VMBUS_VER(5, 2)	/* WS2019 (RS5) */
#define HVSIM_VMBUS_V5_3	HVSIM_VMBUS_VER(5, 3)	/* WS2022 */

/* ---- well-known connection IDs and the SINT ---- */

#define HVSIM_VMBUS_CONN_MESSAGE	1	/* channel messages, versions < 5.0 */
#define HVSIM_VMBUS_CONN_EVENT		2	/* interrupt-page signals, versions < 2.4 */
#define HVSIM_VMBUS_CONN_MESSAGE_4	4	/* INITIATE_CONTACT for versions >= 5.0 */
#define HVSIM_VMBUS_SINT		2	/* messages and events, versions < 5.0 */

/* SynIC message type of every channel message, both directions */
#define HVSIM_VMBUS_SYNIC_MSG_TYPE	1

/* ---- channel message types ---- */

enum hvsim_vmbus_msg {
	HVSIM_VMSG_INVALID		= 0,
	HVSIM_VMSG_OFFERCHANNEL		= 1,
	HVSIM_VMSG_RESCIND_OFFER	= 2,
	HVSIM_VMSG_REQUESTOFFERS	= 3,
	HVSIM_VMSG_ALLOFFERS_DELIVERED	= 4,
	HVSIM_VMSG_OPENCHANNEL		= 5,
	HVSIM_VMSG_OPENCHANNEL_RESULT	= 6,
	HVSIM_VMSG_CLOSECHANNEL		= 7,
	HVSIM_VMSG_GPADL_HEADER		= 8,
	HVSIM_VMSG_GPADL_BODY		= 9,
	HVSIM_VMSG_GPADL_CREATED	= 10,
	HVSIM_VMSG_GPADL_TEARDOWN	= 11,
	HVSIM_VMSG_GPADL_TORNDOWN	= 12,
	HVSIM_VMSG_RELID_RELEASED	= 13,
	HVSIM_VMSG_INITIATE_CONTACT	= 14,
	HVSIM_VMSG_VERSION_RESPONSE	= 15,
	HVSIM_VMSG_UNLOAD		= 16,
	HVSIM_VMSG_UNLOAD_RESPONSE	= 17,
	/* 18..20: obsolete */
	HVSIM_VMSG_TL_CONNECT_REQUEST	= 21,
	HVSIM_VMSG_MODIFYCHANNEL	= 22,
	HVSIM_VMSG_TL_CONNECT_RESULT	= 23,
	HVSIM_VMSG_MODIFYCHANNEL_RESPONSE = 24,
	HVSIM_VMSG_COUNT
};

/* status in OPENCHANNEL_RESULT, GPADL_CREATED, MODIFYCHANNEL_RESPONSE: 0 = success */
#define HVSIM_VMBUS_STATUS_OK		0u
#define HVSIM_VMBUS_STATUS_FAIL		0xc0000001u	/* NTSTATUS "unsuccessful" */

struct hvsim_vmsg_hdr {
	u32 type;
	u32 padding;
};

#define HVSIM_VMBUS_OFFER_USER_BYTES	120

/* OFFERCHANNEL: one channel of a device */
struct hvsim_vmsg_offer {
	struct hvsim_vmsg_hdr hdr;
	guid_t if_type;			/* device class */
	guid_t if_instance;		/* this device */
	u64 reserved1;
	u64 reserved2;
	u16 chn_flags;
	u16 mmio_megabytes;
	u8 user_def[HVSIM_VMBUS_OFFER_USER_BYTES];
	u16 sub_channel_index;		/* 0: primary (always 0 before 2.4) */
	u16 reserved3;
	u32 child_relid;
	u8 monitor_id;
	u8 monitor_flags;		/* bit 0: monitor_allocated */
	u16 interrupt_flags;		/* bit 0: dedicated interrupt */
	u32 connection_id;		/* what the guest signals (1.1 and later) */
} __packed;

#define HVSIM_VMBUS_OFFER_MONITOR_ALLOCATED	BIT(0)
#define HVSIM_VMBUS_NO_MONITOR			0xff	/* monitor_id of an offer without one */
#define HVSIM_VMBUS_OFFER_DEDICATED_INTERRUPT	BIT(0)

/* RESCIND_CHANNELOFFER, CLOSECHANNEL, RELID_RELEASED */
struct hvsim_vmsg_relid {
	struct hvsim_vmsg_hdr hdr;
	u32 child_relid;
};

struct hvsim_vmsg_open {
	struct hvsim_vmsg_hdr hdr;
	u32 child_relid;
	u32 open_id;
	u32 ring_gpadl;
	u32 target_vp;			/* 2.4 and later; VP 0 before */
	u32 downstream_page_offset;	/* host->guest ring starts here, in pages */
	u8 user_data[HVSIM_VMBUS_OFFER_USER_BYTES];
};

struct hvsim_vmsg_open_result {
	struct hvsim_vmsg_hdr hdr;
	u32 child_relid;
	u32 open_id;
	u32 status;
};

/* one range of a GPADL or of a GPA-direct packet */
struct hvsim_gpa_range {
	u32 byte_count;
	u32 byte_offset;
	u64 pfn[];			/* as many as [offset, offset + count) spans */
};

/*
 * GPADL_HEADER: range_buflen bytes of ranges (headers and PFNs) follow the
 * fixed part; what does not fit continues in GPADL_BODY messages.
 */
struct hvsim_vmsg_gpadl_header {
	struct hvsim_vmsg_hdr hdr;
	u32 child_relid;
	u32 gpadl;
	u16 range_buflen;
	u16 range_count;
	u8 ranges[];			/* PFNs unaligned: read with memcpy */
};

struct hvsim_vmsg_gpadl_body {
	struct hvsim_vmsg_hdr hdr;
	u32 msg_number;
	u32 gpadl;
	u64 pfn[];
};

struct hvsim_vmsg_gpadl_created {
	struct hvsim_vmsg_hdr hdr;
	u32 child_relid;
	u32 gpadl;
	u32 status;
};

struct hvsim_vmsg_gpadl_teardown {
	struct hvsim_vmsg_hdr hdr;
	u32 child_relid;
	u32 gpadl;
};

struct hvsim_vmsg_gpadl_torndown {
	struct hvsim_vmsg_hdr hdr;
	u32 gpadl;
};

struct hvsim_vmsg_initiate_contact {
	struct hvsim_vmsg_hdr hdr;
	u32 version;
	u32 target_vcpu;		/* VP that receives the host's messages */
	u64 interrupt_page;		/* < 5.0; from 5.0 byte 0 is the SINT */
	u64 monitor_page1;		/* host -> guest (server) monitor page */
	u64 monitor_page2;		/* guest -> host (client) monitor page */
};

#define HVSIM_VMBUS_CONTACT_SINT(interrupt_page)	((u8)(interrupt_page))

/* VERSION_RESPONSE.connection_state */
#define HVSIM_VMBUS_CONN_STATE_OK	0
#define HVSIM_VMBUS_CONN_STATE_FAILED	2	/* version supported, connection failed */

struct hvsim_vmsg_version_response {
	struct hvsim_vmsg_hdr hdr;
	u8 version_supported;
	u8 connection_state;		/* HVSIM_VMBUS_CONN_STATE_*, when supported */
	u16 padding;
	u32 msg_conn_id;		/* 5.0 and later: where to post from now on */
};

struct hvsim_vmsg_modify {
	struct hvsim_vmsg_hdr hdr;
	u32 child_relid;
	u32 target_vp;
};

struct hvsim_vmsg_modify_response {
	struct hvsim_vmsg_hdr hdr;
	u32 child_relid;
	u32 status;
};

/* ---- ring buffer ---- */

/*
 * The control page at the start of each ring. The writer owns write_index
 * and pending_send_sz, the reader read_index and interrupt_mask. Indices are
 * byte offsets into the data area, which starts one page after the control
 * page and wraps.
 */
struct hvsim_ring_ctl {
	u32 write_index;
	u32 read_index;
	u32 interrupt_mask;		/* reader: "don't signal me" */
	u32 pending_send_sz;		/* writer: "signal me when this much is free" */
	u32 reserved1[12];
	u32 feature_bits;		/* bit 0: pending_send_sz supported */
};

#define HVSIM_RING_FEAT_PENDING_SEND_SZ	BIT(0)
#define HVSIM_RING_CTL_SIZE		4096
#define HVSIM_RING_TRAILER		8	/* u64 after each packet: old index << 32 */

/* every packet starts with this; offset8 and len8 count 8-byte units */
struct hvsim_vmpkt_desc {
	u16 type;
	u16 offset8;			/* payload starts here */
	u16 len8;			/* whole packet, without the trailer */
	u16 flags;
	u64 trans_id;
};

enum hvsim_vmpkt_type {
	HVSIM_VMPKT_DATA_INBAND		= 6,
	HVSIM_VMPKT_DATA_XFER_PAGES	= 7,
	HVSIM_VMPKT_DATA_GPADL		= 8,
	HVSIM_VMPKT_DATA_GPA_DIRECT	= 9,
	HVSIM_VMPKT_COMP		= 11,
};

#define HVSIM_VMPKT_FLAG_COMPLETION_REQUESTED	BIT(0)

/* GPA-direct packets: after the descriptor, before the ranges */
struct hvsim_vmpkt_gpa_direct {
	u32 reserved;
	u32 range_count;
};

/* ---- monitor page ---- */

struct hvsim_monitor_group {
	u32 pending;			/* guest sets a channel's bit to signal it */
	u32 armed;
};

struct hvsim_monitor_param {
	u32 connection_id;
	u16 flag_number;
	u16 reserved;
};

#define HVSIM_MONITOR_GROUPS		4
#define HVSIM_MONITOR_PER_GROUP		32
#define HVSIM_MONITOR_IDS		(HVSIM_MONITOR_GROUPS * HVSIM_MONITOR_PER_GROUP)

struct hvsim_monitor_page {
	u32 trigger_state;		/* bits 3:0: group enable */
	u32 reserved1;
	struct hvsim_monitor_group group[HVSIM_MONITOR_GROUPS];
	u64 reserved2[3];
	s32 next_check_time[HVSIM_MONITOR_GROUPS][HVSIM_MONITOR_PER_GROUP];
	u16 latency[HVSIM_MONITOR_GROUPS][HVSIM_MONITOR_PER_GROUP];
	u64 reserved3[32];
	struct hvsim_monitor_param param[HVSIM_MONITOR_GROUPS][HVSIM_MONITOR_PER_GROUP];
	u8 reserved4[1984];
};

static inline void hvsim_vmbus_layout_checks(void)
{
	BUILD_BUG_ON(sizeof(struct hvsim_vmsg_hdr) != 8);
	BUILD_BUG_ON(sizeof(struct hvsim_vmsg_offer) != 196);
	BUILD_BUG_ON(offsetof(struct hvsim_vmsg_offer, sub_channel_index) != 180);
	BUILD_BUG_ON(offsetof(struct hvsim_vmsg_offer, child_relid) != 184);
	BUILD_BUG_ON(sizeof(struct hvsim_vmsg_relid) != 12);
	BUILD_BUG_ON(sizeof(struct hvsim_vmsg_open) != 148);
	BUILD_BUG_ON(sizeof(struct hvsim_vmsg_open_result) != 20);
	BUILD_BUG_ON(sizeof(struct hvsim_gpa_range) != 8);
	BUILD_BUG_ON(sizeof(struct hvsim_vmsg_gpadl_header) != 20);
	BUILD_BUG_ON(sizeof(struct hvsim_vmsg_gpadl_body) != 16);
	BUILD_BUG_ON(sizeof(struct hvsim_vmsg_gpadl_created) != 20);
	BUILD_BUG_ON(sizeof(struct hvsim_vmsg_gpadl_teardown) != 16);
	BUILD_BUG_ON(sizeof(struct hvsim_vmsg_gpadl_torndown) != 12);
	BUILD_BUG_ON(sizeof(struct hvsim_vmsg_initiate_contact) != 40);
	BUILD_BUG_ON(sizeof(struct hvsim_vmsg_version_response) != 16);
	BUILD_BUG_ON(sizeof(struct hvsim_vmsg_modify) != 16);
	BUILD_BUG_ON(sizeof(struct hvsim_vmsg_modify_response) != 16);
	BUILD_BUG_ON(offsetof(struct hvsim_ring_ctl, feature_bits) != 64);
	BUILD_BUG_ON(sizeof(struct hvsim_vmpkt_desc) != 16);
	BUILD_BUG_ON(sizeof(struct hvsim_vmpkt_gpa_direct) != 8);
	BUILD_BUG_ON(offsetof(struct hvsim_monitor_page, latency) != 0x240);
	BUILD_BUG_ON(offsetof(struct hvsim_monitor_page, param) != 0x440);
	BUILD_BUG_ON(sizeof(struct hvsim_monitor_page) != 4096);
}

#endif /* HVSIM_VMBUS_H */
