/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The storage host's (StorVSP's) side of the VSTOR protocol: operations,
 * the request block, the NTSTATUS and SRB status values the host answers
 * with.
 *
 * Written from the public protocol facts (the kernel's storvsc driver and
 * Microsoft's openvmm StorVSP name the same wire format), in the host's own
 * words, independent of the guest's drivers/storage/vstor.h: a mistake
 * shared by both would be invisible to every test. The layout conformance
 * module (tests/conformance/sim_layout.c) compares the two at build time.
 * Everything is little-endian.
 */
#ifndef HVSIM_VSTOR_H
#define HVSIM_VSTOR_H

#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>

/* protocol versions, major in the high byte */
#define HVSIM_VSTOR_WIN6	0x0200
#define HVSIM_VSTOR_WIN7	0x0402
#define HVSIM_VSTOR_WIN8	0x0501	/* the request block grew 16 bytes; sub-channels */
#define HVSIM_VSTOR_BLUE	0x0600
#define HVSIM_VSTOR_THRESHOLD	0x0602

enum hvsim_vstor_op {
	HVSIM_VSTOR_COMPLETE_IO		= 1,
	HVSIM_VSTOR_REMOVE_DEVICE	= 2,
	HVSIM_VSTOR_EXECUTE_SRB		= 3,
	HVSIM_VSTOR_RESET_LUN		= 4,
	HVSIM_VSTOR_RESET_ADAPTER	= 5,
	HVSIM_VSTOR_RESET_BUS		= 6,
	HVSIM_VSTOR_BEGIN_INIT		= 7,
	HVSIM_VSTOR_END_INIT		= 8,
	HVSIM_VSTOR_QUERY_VERSION	= 9,
	HVSIM_VSTOR_QUERY_PROPERTIES	= 10,
	HVSIM_VSTOR_ENUMERATE_BUS	= 11,
	HVSIM_VSTOR_FCHBA_DATA		= 12,
	HVSIM_VSTOR_CREATE_SUB_CHANNELS	= 13,
};

/* NTSTATUS in the header of every answer */
#define HVSIM_NT_SUCCESS		0x00000000u
#define HVSIM_NT_BUFFER_OVERFLOW	0x80000005u
#define HVSIM_NT_DEVICE_BUSY		0x80000011u
#define HVSIM_NT_UNSUCCESSFUL		0xc0000001u
#define HVSIM_NT_INVALID_PARAMETER	0xc000000du
#define HVSIM_NT_INVALID_DEVICE_REQUEST	0xc0000010u
#define HVSIM_NT_REVISION_MISMATCH	0xc0000059u
#define HVSIM_NT_DEVICE_NOT_CONNECTED	0xc000009du
#define HVSIM_NT_IO_TIMEOUT		0xc00000b5u
#define HVSIM_NT_DEVICE_DOES_NOT_EXIST	0xc00000c0u
#define HVSIM_NT_CANCELLED		0xc0000120u
#define HVSIM_NT_INVALID_DEVICE_STATE	0xc0000184u
#define HVSIM_NT_IO_DEVICE_ERROR	0xc0000185u

/* SRB status codes (low 6 bits) and flags */
#define HVSIM_SRB_SUCCESS		0x01
#define HVSIM_SRB_ABORTED		0x02
#define HVSIM_SRB_ERROR			0x04
#define HVSIM_SRB_BUSY			0x05
#define HVSIM_SRB_INVALID_REQUEST	0x06
#define HVSIM_SRB_SELECTION_TIMEOUT	0x0a
#define HVSIM_SRB_BUS_RESET		0x0e
#define HVSIM_SRB_DATA_OVERRUN		0x12
#define HVSIM_SRB_INVALID_LUN		0x20
#define HVSIM_SRB_AUTOSENSE_VALID	0x80

#define HVSIM_VSTOR_FLAG_COMPLETION	0x1	/* the packet's flags: answer me */
#define HVSIM_VSTOR_MULTI_CHANNEL	0x1	/* the properties' flags */
#define HVSIM_VSTOR_DATA_IN		1	/* the request block's data_in: host writes */

/* the request block (SCSI_PASS_THROUGH's shape) */
struct hvsim_srb {
	u16 length;
	u8 srb_status;
	u8 scsi_status;
	u8 port;
	u8 path_id;
	u8 target_id;
	u8 lun;
	u8 cdb_length;
	u8 sense_length;
	u8 data_in;
	u8 reserved;
	u32 transfer_length;
	u8 cdb_or_sense[20];		/* the CDB going, the sense coming back */
	/* Windows 8 (5.1) and later */
	u16 reserved2;
	u8 queue_tag;
	u8 queue_action;
	u32 srb_flags;
	u32 timeout;
	u32 queue_sort_key;
} __packed;

#define HVSIM_SRB_LEN_WIN8	0x34
#define HVSIM_SRB_LEN_WIN7	0x24
#define HVSIM_SRB_SENSE_MAX	20

struct hvsim_vstor_props {
	u32 reserved;
	u16 max_sub_channels;
	u16 reserved2;
	u32 flags;
	u32 max_transfer_bytes;
	u32 reserved3[2];
} __packed;

struct hvsim_vstor_pkt {
	u32 op;
	u32 flags;
	u32 status;
	union {
		struct hvsim_srb srb;
		struct hvsim_vstor_props props;
		u16 version;		/* QUERY_VERSION: major_minor (a u16 revision follows) */
		u16 sub_channels;	/* CREATE_SUB_CHANNELS */
		u8 body[HVSIM_SRB_LEN_WIN8];
	};
} __packed;

#define HVSIM_VSTOR_HDR		12u

static inline void hvsim_vstor_layout_checks(void)
{
	BUILD_BUG_ON(sizeof(struct hvsim_srb) != HVSIM_SRB_LEN_WIN8);
	BUILD_BUG_ON(offsetof(struct hvsim_srb, cdb_or_sense) != 16);
	BUILD_BUG_ON(offsetof(struct hvsim_srb, srb_flags) != 40);
	BUILD_BUG_ON(sizeof(struct hvsim_vstor_props) != 24);
	BUILD_BUG_ON(sizeof(struct hvsim_vstor_pkt) != HVSIM_VSTOR_HDR + HVSIM_SRB_LEN_WIN8);
}

#endif /* HVSIM_VSTOR_H */
