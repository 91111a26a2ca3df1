/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the two files of the simulated disk's SCSI target share, private to
 * them: stor_scsi.c (the command table, hvsim_scsi_exec(), the data
 * commands) and stor_scsi_info.c (the commands that describe the unit and
 * the bus). The opcodes and sense codes, the limits VPD page 0xb0
 * advertises, a command being executed, and the helpers every handler
 * uses: byte order, sense data, moving a response. Portable as those files
 * are (see stor_target.h).
 */
#ifndef HVSIM_STOR_SCSI_H
#define HVSIM_STOR_SCSI_H

#include <linux/types.h>

#include "stor_target.h"

/* opcodes */
#define HVSIM_SCSI_TEST_UNIT_READY	0x00
#define HVSIM_SCSI_REQUEST_SENSE	0x03
#define HVSIM_SCSI_READ_6		0x08
#define HVSIM_SCSI_WRITE_6		0x0a
#define HVSIM_SCSI_INQUIRY		0x12
#define HVSIM_SCSI_MODE_SENSE_6		0x1a
#define HVSIM_SCSI_READ_CAPACITY_10	0x25
#define HVSIM_SCSI_READ_10		0x28
#define HVSIM_SCSI_WRITE_10		0x2a
#define HVSIM_SCSI_SYNC_CACHE_10	0x35
#define HVSIM_SCSI_UNMAP		0x42
#define HVSIM_SCSI_MODE_SENSE_10	0x5a
#define HVSIM_SCSI_READ_16		0x88
#define HVSIM_SCSI_WRITE_16		0x8a
#define HVSIM_SCSI_SYNC_CACHE_16	0x91
#define HVSIM_SCSI_WRITE_SAME_16	0x93
#define HVSIM_SCSI_SERVICE_ACTION_IN_16	0x9e
#define HVSIM_SCSI_REPORT_LUNS		0xa0

/* additional sense code, qualifier 0 unless said */
#define HVSIM_ASC_WRITE_ERROR		0x0c
#define HVSIM_ASC_UNRECOVERED_READ	0x11
#define HVSIM_ASC_INVALID_OPCODE	0x20
#define HVSIM_ASC_LBA_OUT_OF_RANGE	0x21
#define HVSIM_ASC_LUN_NOT_SUPPORTED	0x25
#define HVSIM_ASC_INVALID_FIELD_PARAM	0x26
/* WRITE PROTECTED, with SPACE ALLOCATION FAILED WRITE PROTECT */
#define HVSIM_ASC_WRITE_PROTECTED	0x27
#define HVSIM_ASCQ_SPACE_ALLOC_FAILED	0x07
#define HVSIM_ASC_SAVING_NOT_SUPPORTED	0x39
#define HVSIM_ASC_INTERNAL_FAILURE	0x44

/*
 * Limits, as VPD page 0xb0 advertises them. The transfer limit is in bytes
 * so that one command never moves more than 8 MiB whatever the block size
 * (16384 blocks of 512 bytes, 2048 of 4096). A WRITE SAME of a non-zero
 * pattern allocates a page per 4 KiB it covers, so it is held to 1 GiB;
 * unmapping costs only the pages that exist, so UNMAP may name any
 * number of blocks its 32-bit count holds. The descriptor limit bounds the
 * parameter list kept on the stack: every descriptor is checked before
 * the first is applied, so all of them must be held at once, and the
 * target allocates nothing. Linux sends one descriptor per UNMAP.
 */
#define HVSIM_SCSI_MAX_XFER_BYTES	(8u << 20)
#define HVSIM_SCSI_MAX_WS_BYTES		(1ull << 30)
#define HVSIM_SCSI_MAX_UNMAP_LBAS	0xffffffffu
#define HVSIM_SCSI_MAX_UNMAP_DESC	32u
/* a page of the backing store (of x86, arm64 4K: the guest's likely page too) */
#define HVSIM_SCSI_UNMAP_GRAN_BYTES	4096u

/* ARRAY_SIZE() is not among the portable headers */
#define HVSIM_SCSI_NR(a)		(sizeof(a) / sizeof((a)[0]))

enum hvsim_scsi_dir {
	HVSIM_SCSI_NONE,
	HVSIM_SCSI_IN,		/* data-in: to the initiator */
	HVSIM_SCSI_OUT,		/* data-out: from the initiator */
};

struct hvsim_scsi_op;

/* one command being executed */
struct hvsim_scsi_req {
	struct hvsim_lun *lun;		/* NULL only for an op with no_lu */
	struct hvsim_stor_cmd *cmd;
	const u8 *cdb;			/* at least op->cdb_len bytes */
	const struct hvsim_scsi_op *op;
};

/**
 * struct hvsim_scsi_op - a supported opcode
 * @opcode:	the CDB's byte 0
 * @cdb_len:	the CDB's length by its group (its control byte is the last)
 * @dir:	the direction its data moves, when any does
 * @no_lu:	it has a meaning without a logical unit (INQUIRY, REQUEST
 *		SENSE and REPORT LUNS, as SPC-4 requires of any LUN)
 * @exec:	the handler: 0, -EFAULT or -EPROTO, as hvsim_scsi_exec(); NULL
 *		when the common checks are all there is to the command
 */
struct hvsim_scsi_op {
	u8 opcode;
	u8 cdb_len;
	u8 dir;
	bool no_lu;
	int (*exec)(struct hvsim_scsi_req *r);
};

static inline u32 hvsim_scsi_be16(const u8 *p)
{
	return (u32)p[0] << 8 | p[1];
}

static inline u32 hvsim_scsi_be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static inline u64 hvsim_scsi_be64(const u8 *p)
{
	return (u64)hvsim_scsi_be32(p) << 32 | hvsim_scsi_be32(p + 4);
}

static inline u32 hvsim_scsi_min(u32 a, u32 b)
{
	return a < b ? a : b;
}

/*
 * stor_scsi.c. The byte stores are not inline: sparse, inlining them with a
 * constant, would warn of the bytes their truncation drops on purpose.
 */
void hvsim_scsi_put_be16(u8 *p, u32 v);
void hvsim_scsi_put_be32(u8 *p, u32 v);
void hvsim_scsi_put_be64(u8 *p, u64 v);
int hvsim_scsi_copy(struct hvsim_stor_cmd *cmd, void *buf, u32 len);
int hvsim_scsi_data_in(struct hvsim_scsi_req *r, u8 *resp, u32 len, u32 alloc);

static inline int hvsim_scsi_invalid_cdb(struct hvsim_stor_cmd *cmd)
{
	return hvsim_scsi_check(cmd, HVSIM_SK_ILLEGAL_REQUEST, HVSIM_ASC_INVALID_FIELD_CDB, 0);
}

static inline u32 hvsim_scsi_max_xfer(const struct hvsim_lun *lun)
{
	return HVSIM_SCSI_MAX_XFER_BYTES / lun->sector_size;
}

static inline u32 hvsim_scsi_max_ws(const struct hvsim_lun *lun)
{
	return (u32)(HVSIM_SCSI_MAX_WS_BYTES / lun->sector_size);
}

/* stor_scsi_info.c: handlers of the command table */
int hvsim_scsi_inquiry(struct hvsim_scsi_req *r);
int hvsim_scsi_report_luns(struct hvsim_scsi_req *r);
int hvsim_scsi_mode_sense(struct hvsim_scsi_req *r);

#endif /* HVSIM_STOR_SCSI_H */
