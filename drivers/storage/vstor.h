/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VSTOR protocol: what a Hyper-V synthetic SCSI controller and its guest
 * exchange over the channel's rings. Every packet, both directions and on
 * every channel, is one struct svsc_vstor of the negotiated size: the
 * fixed 12-byte header and a 52-byte body from protocol 5.1 (Windows 8) on,
 * 16 bytes less before (the SRB has no Windows 8 extension then).
 *
 * Facts from the public protocol (the kernel's drivers/scsi/storvsc_drv.c
 * and FreeBSD's hv_vstorage.h name the same layout); written here. All
 * fields are little-endian.
 */
#ifndef _SVSC_VSTOR_H
#define _SVSC_VSTOR_H

#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/types.h>

/* versions: major << 8 | minor */
#define SVSC_VSTOR_VER(major, minor)	((u16)((major) << 8 | (minor)))
#define SVSC_VSTOR_WIN7		SVSC_VSTOR_VER(4, 2)
#define SVSC_VSTOR_WIN8		SVSC_VSTOR_VER(5, 1)	/* the SRB's extension, sub-channels */
#define SVSC_VSTOR_WIN8_1	SVSC_VSTOR_VER(6, 0)
#define SVSC_VSTOR_WIN10	SVSC_VSTOR_VER(6, 2)

/* operations */
enum svsc_vstor_op {
	SVSC_OP_COMPLETE_IO		= 1,
	SVSC_OP_REMOVE_DEVICE		= 2,
	SVSC_OP_EXECUTE_SRB		= 3,
	SVSC_OP_RESET_LUN		= 4,
	SVSC_OP_RESET_ADAPTER		= 5,
	SVSC_OP_RESET_BUS		= 6,
	SVSC_OP_BEGIN_INIT		= 7,
	SVSC_OP_END_INIT		= 8,
	SVSC_OP_QUERY_VERSION		= 9,
	SVSC_OP_QUERY_PROPERTIES	= 10,
	SVSC_OP_ENUMERATE_BUS		= 11,
	SVSC_OP_FCHBA_DATA		= 12,
	SVSC_OP_CREATE_SUB_CHANNELS	= 13,
};

/* svsc_vstor.flags */
#define SVSC_FLAG_REQUEST_COMPLETION	0x1

/* svsc_vstor.status: an NTSTATUS, 0 for success */
#define SVSC_STATUS_SUCCESS		0

#define SVSC_CDB_MAX		16
#define SVSC_SENSE_WIN8		20	/* sense bytes an SRB carries from 5.1 on */
#define SVSC_SENSE_WIN7		18	/* and before */

/* SRB status: a 6-bit code and two flags */
#define SVSC_SRB_PENDING		0x00
#define SVSC_SRB_SUCCESS		0x01
#define SVSC_SRB_ABORTED		0x02
#define SVSC_SRB_ERROR			0x04
#define SVSC_SRB_INVALID_REQUEST	0x06
#define SVSC_SRB_INVALID_PATH_ID	0x07
#define SVSC_SRB_NO_DEVICE		0x08
#define SVSC_SRB_TIMEOUT		0x09
#define SVSC_SRB_SELECTION_TIMEOUT	0x0a
#define SVSC_SRB_COMMAND_TIMEOUT	0x0b
#define SVSC_SRB_BUS_RESET		0x0e
#define SVSC_SRB_DATA_OVERRUN		0x12
#define SVSC_SRB_REQUEST_FLUSHED	0x16
#define SVSC_SRB_INVALID_LUN		0x20
#define SVSC_SRB_INVALID_TARGET_ID	0x21
#define SVSC_SRB_BAD_FUNCTION		0x22
#define SVSC_SRB_ERROR_RECOVERY		0x23
#define SVSC_SRB_NOT_POWERED		0x24
#define SVSC_SRB_LINK_DOWN		0x25
#define SVSC_SRB_QUEUE_FROZEN		0x40
#define SVSC_SRB_AUTOSENSE_VALID	0x80
#define SVSC_SRB_CODE(s)		((s) & 0x3f)

/* svsc_srb.data_in */
#define SVSC_DATA_OUT		0	/* write: guest to host */
#define SVSC_DATA_IN		1	/* read: host to guest */
#define SVSC_DATA_NONE		2

/* svsc_srb.srb_flags (5.1 and later) */
#define SVSC_SRBF_QUEUE_ACTION_ENABLE	0x00000002
#define SVSC_SRBF_DISABLE_SYNCH_TRANSFER 0x00000008
#define SVSC_SRBF_DATA_IN		0x00000040
#define SVSC_SRBF_DATA_OUT		0x00000080

#define SVSC_QUEUE_TAG_SIMPLE		0x20	/* svsc_srb.queue_action */

/* svsc_vstor_props.flags */
#define SVSC_PROP_MULTI_CHANNEL		0x1

/**
 * struct svsc_srb - a SCSI request block: one command and its outcome
 *
 * The guest fills the request half; the host's COMPLETE_IO returns the
 * same structure with srb_status, scsi_status, sense_info_length, the sense
 * bytes (over the CDB) and data_transfer_length (bytes moved) set.
 */
struct svsc_srb {
	u16 length;		/* of this structure, as negotiated */
	u8 srb_status;
	u8 scsi_status;
	u8 port;
	u8 path_id;
	u8 target_id;
	u8 lun;
	u8 cdb_length;
	u8 sense_info_length;
	u8 data_in;
	u8 reserved;
	u32 data_transfer_length;
	union {
		u8 cdb[SVSC_CDB_MAX];
		u8 sense[SVSC_SENSE_WIN8];
	};
	/* 5.1 and later */
	u16 reserved2;
	u8 queue_tag;
	u8 queue_action;
	u32 srb_flags;
	u32 timeout;
	u32 queue_sort_key;
} __packed;

/* bytes of svsc_srb before 5.1 */
#define SVSC_SRB_WIN8_EXT	16

struct svsc_vstor_props {
	u32 reserved;
	u16 max_channels;	/* sub-channels the host will offer, at most */
	u16 reserved1;
	u32 flags;
	u32 max_transfer_bytes;
	u64 reserved2;
} __packed;

struct svsc_vstor_version {
	u16 major_minor;
	u16 revision;		/* 0 */
} __packed;

#define SVSC_VSTOR_BODY		0x34

struct svsc_vstor {
	u32 operation;		/* enum svsc_vstor_op */
	u32 flags;
	u32 status;
	union {
		struct svsc_srb srb;
		struct svsc_vstor_props props;
		struct svsc_vstor_version version;
		u16 sub_channel_count;
		u8 body[SVSC_VSTOR_BODY];
	};
} __packed;

#define SVSC_VSTOR_SIZE		sizeof(struct svsc_vstor)		/* 5.1 and later */
#define SVSC_VSTOR_SIZE_WIN7	(SVSC_VSTOR_SIZE - SVSC_SRB_WIN8_EXT)

static inline void svsc_vstor_layout_checks(void)
{
	BUILD_BUG_ON(sizeof(struct svsc_srb) != 0x34);
	BUILD_BUG_ON(sizeof(struct svsc_vstor_props) != 24);
	BUILD_BUG_ON(sizeof(struct svsc_vstor) != 64);
	BUILD_BUG_ON(offsetof(struct svsc_srb, data_transfer_length) != 12);
	BUILD_BUG_ON(offsetof(struct svsc_srb, cdb) != 16);
	BUILD_BUG_ON(offsetof(struct svsc_srb, srb_flags) != 40);
}

#endif /* _SVSC_VSTOR_H */
