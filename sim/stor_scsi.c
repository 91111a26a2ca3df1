// SPDX-License-Identifier: GPL-2.0
/*
 * The simulated disk's SCSI target: a direct-access block device as SPC-4
 * and SBC-3 describe it, with logical block provisioning (thin, unmapped
 * blocks read as zeroes). Portable on purpose (see stor_target.h):
 * tests/unit runs it against a fake backing store.
 *
 * One table names every supported opcode with the shortest CDB that holds
 * it and the direction its data moves; hvsim_scsi_exec() checks what the
 * table can (LUN present, opcode, CDB length, the control byte) and the
 * handler the rest. A handler first checks the CDB as a real target does
 * (sense data for what is wrong with it), then the initiator's buffer
 * against what the CDB says must move (-EPROTO: a broken request, not a
 * SCSI error), and only then moves data, so that a command that fails
 * moves nothing.
 *
 * CDB fields, responses and parameter lists are big-endian and read or
 * written byte by byte; nothing here depends on the CPU's byte order or
 * alignment, and nothing is read past cmd->cdb_len or a response buffer.
 * Responses are built on the stack (at most 64 bytes; an UNMAP parameter
 * list at most 8 + 16 * HVSIM_SCSI_MAX_UNMAP_DESC) and handed to cmd->copy.
 */
#include <linux/errno.h>
#include <linux/string.h>
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

/* SERVICE ACTION IN(16)'s service action */
#define HVSIM_SCSI_SAI_READ_CAPACITY_16	0x10

/* additional sense code, qualifier 0 unless said */
#define HVSIM_ASC_WRITE_ERROR		0x0c
#define HVSIM_ASC_UNRECOVERED_READ	0x11
#define HVSIM_ASC_INVALID_OPCODE	0x20
#define HVSIM_ASC_LBA_OUT_OF_RANGE	0x21
#define HVSIM_ASC_INVALID_FIELD_CDB	0x24
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
 * the first is applied, so all of them must be held at once, and this
 * file allocates nothing. Linux sends one descriptor per UNMAP.
 */
#define HVSIM_SCSI_MAX_XFER_BYTES	(8u << 20)
#define HVSIM_SCSI_MAX_WS_BYTES		(1ull << 30)
#define HVSIM_SCSI_MAX_UNMAP_LBAS	0xffffffffu
#define HVSIM_SCSI_MAX_UNMAP_DESC	32u
/* a page of the backing store (of x86, arm64 4K: the guest's likely page too) */
#define HVSIM_SCSI_UNMAP_GRAN_BYTES	4096u

#define HVSIM_SCSI_RESP_MAX		64	/* the longest response built at once */
#define HVSIM_SCSI_CTRL_NACA		0x04	/* control byte: NACA (NORMACA is 0) */

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

static u32 hvsim_scsi_be16(const u8 *p)
{
	return (u32)p[0] << 8 | p[1];
}

static u32 hvsim_scsi_be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static u64 hvsim_scsi_be64(const u8 *p)
{
	return (u64)hvsim_scsi_be32(p) << 32 | hvsim_scsi_be32(p + 4);
}

static void hvsim_scsi_put_be16(u8 *p, u32 v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void hvsim_scsi_put_be32(u8 *p, u32 v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static void hvsim_scsi_put_be64(u8 *p, u64 v)
{
	hvsim_scsi_put_be32(p, v >> 32);
	hvsim_scsi_put_be32(p + 4, (u32)v);
}

static u32 hvsim_scsi_min(u32 a, u32 b)
{
	return a < b ? a : b;
}

/*
 * The fault knob writes these while commands run; one access each, so a
 * command sees one value of each (READ_ONCE() is not in the portable set
 * of headers). A command may see a new bad_lba with an old bad_count:
 * the knob's own business, nothing here depends on the pair.
 */
static u32 hvsim_scsi_bad_count(const struct hvsim_lun *lun)
{
	return *(const volatile u32 *)&lun->bad_count;
}

static u64 hvsim_scsi_bad_lba(const struct hvsim_lun *lun)
{
	return *(const volatile u64 *)&lun->bad_lba;
}

/* CHECK CONDITION with fixed-format sense data (SPC-4 4.5.3) */
static int hvsim_scsi_check(struct hvsim_stor_cmd *cmd, u8 key, u8 asc, u8 ascq)
{
	memset(cmd->sense, 0, sizeof(cmd->sense));
	cmd->sense[0] = 0x70;				/* current error, fixed format */
	cmd->sense[2] = key;
	cmd->sense[7] = HVSIM_STOR_SENSE_LEN - 8;	/* additional sense length */
	cmd->sense[12] = asc;
	cmd->sense[13] = ascq;
	cmd->sense_len = HVSIM_STOR_SENSE_LEN;
	cmd->status = HVSIM_SAM_CHECK_CONDITION;
	return 0;
}

static int hvsim_scsi_invalid_cdb(struct hvsim_stor_cmd *cmd)
{
	return hvsim_scsi_check(cmd, HVSIM_SK_ILLEGAL_REQUEST, HVSIM_ASC_INVALID_FIELD_CDB, 0);
}

static int hvsim_scsi_invalid_param(struct hvsim_stor_cmd *cmd)
{
	return hvsim_scsi_check(cmd, HVSIM_SK_ILLEGAL_REQUEST, HVSIM_ASC_INVALID_FIELD_PARAM, 0);
}

static int hvsim_scsi_out_of_range(struct hvsim_stor_cmd *cmd)
{
	return hvsim_scsi_check(cmd, HVSIM_SK_ILLEGAL_REQUEST, HVSIM_ASC_LBA_OUT_OF_RANGE, 0);
}

/* MEDIUM ERROR at @lba, which the INFORMATION field names when it can */
static int hvsim_scsi_medium_error(struct hvsim_stor_cmd *cmd, u8 asc, u64 lba)
{
	hvsim_scsi_check(cmd, HVSIM_SK_MEDIUM_ERROR, asc, 0);
	if (lba <= 0xffffffffu) {
		cmd->sense[0] |= 0x80;			/* VALID: INFORMATION is set */
		hvsim_scsi_put_be32(cmd->sense + 3, (u32)lba);
	}
	return 0;
}

/* @len bytes through cmd->copy; cmd->done counts them */
static int hvsim_scsi_copy(struct hvsim_stor_cmd *cmd, void *buf, u32 len)
{
	if (!len)
		return 0;
	if (cmd->copy(cmd, buf, len))
		return -EFAULT;
	cmd->done += len;
	return 0;
}

/*
 * A response of @len bytes, of which the initiator takes what its
 * allocation length @alloc and its buffer hold (SPC-4 4.2.5.6: truncation
 * is not an error). Data-in only when something moves: an empty buffer
 * has no direction worth checking.
 */
static int hvsim_scsi_data_in(struct hvsim_scsi_req *r, u8 *resp, u32 len, u32 alloc)
{
	struct hvsim_stor_cmd *cmd = r->cmd;
	u32 n = hvsim_scsi_min(hvsim_scsi_min(len, alloc), cmd->buf_len);

	if (n && !cmd->to_guest)
		return -EPROTO;
	return hvsim_scsi_copy(cmd, resp, n);
}

/*
 * The initiator's buffer for data a medium command must move in full
 * (@len > 0 bytes, in the table's direction): a shorter buffer, or one of
 * the other direction, contradicts the CDB.
 */
static int hvsim_scsi_need(const struct hvsim_scsi_req *r, u32 len)
{
	const struct hvsim_stor_cmd *cmd = r->cmd;

	if (cmd->buf_len < len || cmd->to_guest != (r->op->dir == HVSIM_SCSI_IN))
		return -EPROTO;
	return 0;
}

/* What the backing store's result makes of the command. */
static int hvsim_scsi_stored(struct hvsim_stor_cmd *cmd, int ret, u32 moved)
{
	switch (ret) {
	case 0:
		cmd->done = moved;
		return 0;
	case -EFAULT:
		return -EFAULT;
	case -ENOMEM:
		/* thin provisioning out of space (SBC-3 4.7.3.6) */
		return hvsim_scsi_check(cmd, HVSIM_SK_DATA_PROTECT, HVSIM_ASC_WRITE_PROTECTED,
					HVSIM_ASCQ_SPACE_ALLOC_FAILED);
	default:
		return hvsim_scsi_check(cmd, HVSIM_SK_HARDWARE_ERROR,
					HVSIM_ASC_INTERNAL_FAILURE, 0);
	}
}

/* [@lba, @lba + @count) within the capacity, without overflowing */
static bool hvsim_scsi_in_range(const struct hvsim_lun *lun, u64 lba, u64 count)
{
	return lba <= lun->sectors && count <= lun->sectors - lba;
}

static u32 hvsim_scsi_max_xfer(const struct hvsim_lun *lun)
{
	return HVSIM_SCSI_MAX_XFER_BYTES / lun->sector_size;
}

static u32 hvsim_scsi_max_ws(const struct hvsim_lun *lun)
{
	return (u32)(HVSIM_SCSI_MAX_WS_BYTES / lun->sector_size);
}

/*
 * The medium-error fault: does [@lba, @lba + @count), within the capacity,
 * meet the bad range? If so, @first is the first bad block in it. Written
 * so that nothing overflows, whatever the knob set.
 */
static bool hvsim_scsi_bad(const struct hvsim_lun *lun, u64 lba, u64 count, u64 *first)
{
	u32 nbad = hvsim_scsi_bad_count(lun);
	u64 start;

	if (!nbad || !count)
		return false;
	start = hvsim_scsi_bad_lba(lun);
	if (start >= lba + count || (lba > start && lba - start >= nbad))
		return false;
	*first = lba > start ? lba : start;
	return true;
}

/* READ and WRITE of every size, once the CDB is decoded */
static int hvsim_scsi_rw(struct hvsim_scsi_req *r, u64 lba, u32 count)
{
	struct hvsim_lun *lun = r->lun;
	struct hvsim_stor_cmd *cmd = r->cmd;
	bool write = r->op->dir == HVSIM_SCSI_OUT;
	u64 first;
	u32 len;
	int ret;

	if (count > hvsim_scsi_max_xfer(lun))
		return hvsim_scsi_invalid_cdb(cmd);
	if (!hvsim_scsi_in_range(lun, lba, count))
		return hvsim_scsi_out_of_range(cmd);
	if (!count)
		return 0;	/* SBC-3: not an error, nothing moves */
	len = count * lun->sector_size;
	ret = hvsim_scsi_need(r, len);
	if (ret)
		return ret;
	if (hvsim_scsi_bad(lun, lba, count, &first))
		return hvsim_scsi_medium_error(cmd, write ? HVSIM_ASC_WRITE_ERROR :
					       HVSIM_ASC_UNRECOVERED_READ, first);
	if (write)
		ret = hvsim_lun_write(lun, lba * lun->sector_size, len, cmd);
	else
		ret = hvsim_lun_read(lun, lba * lun->sector_size, len, cmd);
	return hvsim_scsi_stored(cmd, ret, len);
}

/* READ(6), WRITE(6): a 21-bit LBA; a transfer length of 0 means 256 blocks */
static int hvsim_scsi_rw6(struct hvsim_scsi_req *r)
{
	const u8 *c = r->cdb;

	return hvsim_scsi_rw(r, (u32)(c[1] & 0x1f) << 16 | hvsim_scsi_be16(c + 2),
			     c[4] ? c[4] : 256);
}

/*
 * READ(10), WRITE(10). A non-zero RDPROTECT/WRPROTECT asks for protection
 * information, which this disk has not (SBC-3 5.13).
 */
static int hvsim_scsi_rw10(struct hvsim_scsi_req *r)
{
	const u8 *c = r->cdb;

	if (c[1] & 0xe0)
		return hvsim_scsi_invalid_cdb(r->cmd);
	return hvsim_scsi_rw(r, hvsim_scsi_be32(c + 2), hvsim_scsi_be16(c + 7));
}

static int hvsim_scsi_rw16(struct hvsim_scsi_req *r)
{
	const u8 *c = r->cdb;

	if (c[1] & 0xe0)
		return hvsim_scsi_invalid_cdb(r->cmd);
	return hvsim_scsi_rw(r, hvsim_scsi_be64(c + 2), hvsim_scsi_be32(c + 10));
}

/*
 * SYNCHRONIZE CACHE(10), (16): the range is checked as for a READ (a count
 * of 0 means "to the end"); the data is in RAM the moment a WRITE
 * completes, so there is nothing to flush.
 */
static int hvsim_scsi_sync_cache(struct hvsim_scsi_req *r)
{
	const u8 *c = r->cdb;
	u64 lba, count;

	if (c[0] == HVSIM_SCSI_SYNC_CACHE_10) {
		lba = hvsim_scsi_be32(c + 2);
		count = hvsim_scsi_be16(c + 7);
	} else {
		lba = hvsim_scsi_be64(c + 2);
		count = hvsim_scsi_be32(c + 10);
	}
	if (!hvsim_scsi_in_range(r->lun, lba, count))
		return hvsim_scsi_out_of_range(r->cmd);
	return 0;
}

/*
 * WRITE SAME(16) (SBC-3 5.42). WSNZ is set in VPD 0xb0, so a count of 0
 * is refused; ANCHOR (no anchored state), WRPROTECT (no protection
 * information) and the obsolete PBDATA/LBDATA are refused too.
 *
 * NDOB (SBC-4): zeroes, with no data-out: the blocks are unmapped, which
 * reads back as zeroes (LBPRZ). Otherwise the one block of data-out goes
 * to hvsim_lun_write_same(), which unmaps when it is all zeroes and
 * writes it otherwise, whatever the UNMAP bit says: UNMAP only permits
 * unmapping, and the blocks must still read back as the data given (an
 * unmapped block reads as zeroes), so a zero block is unmapped with or
 * without it and any other block is written with or without it.
 */
static int hvsim_scsi_write_same(struct hvsim_scsi_req *r)
{
	struct hvsim_lun *lun = r->lun;
	struct hvsim_stor_cmd *cmd = r->cmd;
	const u8 *c = r->cdb;
	bool ndob = c[1] & 0x01;
	u64 lba = hvsim_scsi_be64(c + 2), first;
	u32 count = hvsim_scsi_be32(c + 10);
	int ret;

	if ((c[1] & 0xf6) || !count || count > hvsim_scsi_max_ws(lun))
		return hvsim_scsi_invalid_cdb(cmd);
	if (!hvsim_scsi_in_range(lun, lba, count))
		return hvsim_scsi_out_of_range(cmd);
	if (!ndob) {
		ret = hvsim_scsi_need(r, lun->sector_size);
		if (ret)
			return ret;
	}
	if (hvsim_scsi_bad(lun, lba, count, &first))
		return hvsim_scsi_medium_error(cmd, HVSIM_ASC_WRITE_ERROR, first);
	if (ndob) {
		hvsim_lun_unmap(lun, lba * lun->sector_size, (u64)count * lun->sector_size);
		return 0;
	}
	ret = hvsim_lun_write_same(lun, lba * lun->sector_size, (u64)count * lun->sector_size,
				   cmd);
	return hvsim_scsi_stored(cmd, ret, lun->sector_size);
}

/*
 * UNMAP (SBC-3 5.28). The parameter list: an 8-byte header (UNMAP DATA
 * LENGTH: the bytes after that field; UNMAP BLOCK DESCRIPTOR DATA LENGTH),
 * then 16-byte descriptors (LBA, block count, reserved). Only what the CDB's
 * PARAMETER LIST LENGTH and the initiator's buffer both hold is read, and
 * the list must fit in it; a list that contradicts itself or exceeds the
 * VPD 0xb0 limits is an invalid parameter list. Every descriptor is
 * checked before any is applied, so a refused UNMAP changes nothing.
 */
static int hvsim_scsi_unmap(struct hvsim_scsi_req *r)
{
	u8 list[8 + HVSIM_SCSI_MAX_UNMAP_DESC * 16];
	struct hvsim_lun *lun = r->lun;
	struct hvsim_stor_cmd *cmd = r->cmd;
	const u8 *c = r->cdb, *d;
	u32 plen = hvsim_scsi_be16(c + 7), avail, dlen, bdlen, i;
	u64 total = 0;
	int ret;

	if (c[1] & 0x01)		/* ANCHOR: ANC_SUP is 0 */
		return hvsim_scsi_invalid_cdb(cmd);
	if (!plen)
		return 0;		/* no list: nothing to unmap, not an error */
	avail = hvsim_scsi_min(plen, cmd->buf_len);
	if (avail && cmd->to_guest)
		return -EPROTO;
	if (avail < 8)
		return hvsim_scsi_invalid_param(cmd);
	ret = hvsim_scsi_copy(cmd, list, 8);
	if (ret)
		return ret;
	dlen = hvsim_scsi_be16(list);
	bdlen = hvsim_scsi_be16(list + 2);
	if (bdlen % 16 || bdlen > HVSIM_SCSI_MAX_UNMAP_DESC * 16 || dlen < 6 + bdlen ||
	    dlen + 2 > plen || 8 + bdlen > avail)
		return hvsim_scsi_invalid_param(cmd);
	ret = hvsim_scsi_copy(cmd, list + 8, bdlen);
	if (ret)
		return ret;
	for (i = 0, d = list + 8; i < bdlen / 16; i++, d += 16) {
		if (!hvsim_scsi_in_range(lun, hvsim_scsi_be64(d), hvsim_scsi_be32(d + 8)))
			return hvsim_scsi_out_of_range(cmd);
		total += hvsim_scsi_be32(d + 8);
	}
	if (total > HVSIM_SCSI_MAX_UNMAP_LBAS)
		return hvsim_scsi_invalid_param(cmd);
	for (i = 0, d = list + 8; i < bdlen / 16; i++, d += 16) {
		if (hvsim_scsi_be32(d + 8))
			hvsim_lun_unmap(lun, hvsim_scsi_be64(d) * lun->sector_size,
					(u64)hvsim_scsi_be32(d + 8) * lun->sector_size);
	}
	return 0;
}

/* READ CAPACITY(10): the last LBA, or FFFFFFFFh to send the initiator to (16) */
static int hvsim_scsi_read_capacity10(struct hvsim_scsi_req *r)
{
	const struct hvsim_lun *lun = r->lun;
	const u8 *c = r->cdb;
	u64 last = lun->sectors ? lun->sectors - 1 : 0;
	u8 resp[8];

	/* without PMI the LOGICAL BLOCK ADDRESS field must be 0 (SBC-3 5.15) */
	if (!(c[8] & 0x01) && hvsim_scsi_be32(c + 2))
		return hvsim_scsi_invalid_cdb(r->cmd);
	hvsim_scsi_put_be32(resp, last >= 0xffffffffu ? 0xffffffffu : (u32)last);
	hvsim_scsi_put_be32(resp + 4, lun->sector_size);
	return hvsim_scsi_data_in(r, resp, sizeof(resp), sizeof(resp));
}

/* SERVICE ACTION IN(16): READ CAPACITY(16) is its only service action here */
static int hvsim_scsi_service_action_in(struct hvsim_scsi_req *r)
{
	const struct hvsim_lun *lun = r->lun;
	const u8 *c = r->cdb;
	u8 resp[32];

	if ((c[1] & 0x1f) != HVSIM_SCSI_SAI_READ_CAPACITY_16)
		return hvsim_scsi_invalid_cdb(r->cmd);
	memset(resp, 0, sizeof(resp));
	hvsim_scsi_put_be64(resp, lun->sectors ? lun->sectors - 1 : 0);
	hvsim_scsi_put_be32(resp + 8, lun->sector_size);
	resp[14] = 0xc0;	/* LBPME, LBPRZ; lowest aligned LBA 0 */
	return hvsim_scsi_data_in(r, resp, sizeof(resp), hvsim_scsi_be32(c + 10));
}

/*
 * REQUEST SENSE: nothing is ever pending (sense goes back with each
 * CHECK CONDITION), so NO SENSE; for a missing LU, why it is missing (SPC-4
 * 6.39). Fixed format even when DESC asks for descriptors: permitted, as
 * the control mode page's D_SENSE is 0.
 */
static int hvsim_scsi_request_sense(struct hvsim_scsi_req *r)
{
	u8 resp[HVSIM_STOR_SENSE_LEN];

	memset(resp, 0, sizeof(resp));
	resp[0] = 0x70;
	resp[7] = HVSIM_STOR_SENSE_LEN - 8;
	if (!r->lun) {
		resp[2] = HVSIM_SK_ILLEGAL_REQUEST;
		resp[12] = HVSIM_ASC_LUN_NOT_SUPPORTED;
	}
	return hvsim_scsi_data_in(r, resp, sizeof(resp), r->cdb[4]);
}

/* 16 upper-case hex digits of @v */
static void hvsim_scsi_hex16(u8 *p, u64 v)
{
	static const char digits[] = "0123456789ABCDEF";
	int i;

	for (i = 15; i >= 0; i--, v >>= 4)
		p[i] = digits[v & 0xf];
}

/* standard INQUIRY data (SPC-4 6.4.2), 36 bytes */
static u32 hvsim_scsi_inquiry_std(const struct hvsim_lun *lun, u8 *p)
{
	p[0] = lun ? 0x00 : 0x7f;	/* direct access; or "no LU here" (PQ 3, type 1fh) */
	p[2] = 0x06;			/* SPC-4 */
	p[3] = 0x02;			/* response data format 2 */
	p[4] = 36 - 5;			/* additional length */
	p[7] = 0x02;			/* CMDQUE */
	memcpy(p + 8, "Msft    ", 8);
	memcpy(p + 16, "Virtual Disk    ", 16);
	memcpy(p + 32, "1.0 ", 4);
	return 36;
}

/* VPD 0x80, unit serial number: the LUN's id in hex */
static u32 hvsim_scsi_vpd_serial(const struct hvsim_lun *lun, u8 *p)
{
	hvsim_scsi_hex16(p + 4, lun->id);
	return 4 + 16;
}

/*
 * VPD 0x83, device identification (SPC-4 7.8.6): an NAA 6 (IEEE registered
 * extended) designator under Microsoft's OUI 00-22-48, as Hyper-V's and
 * Azure's disks have, with the LUN's id as the vendor specific extension;
 * and a T10 vendor ID designator, the vendor and the same id in hex.
 */
static u32 hvsim_scsi_vpd_devid(const struct hvsim_lun *lun, u8 *p)
{
	u8 *d = p + 4;

	d[0] = 0x01;		/* protocol identifier 0, code set binary */
	d[1] = 0x03;		/* associated with the LU, NAA */
	d[3] = 16;
	/* NAA 6 | OUI 002248h | 36-bit vendor specific identifier "HVSM" */
	hvsim_scsi_put_be64(d + 4, 0x6ull << 60 | 0x002248ull << 36 | 0x4856534dull);
	hvsim_scsi_put_be64(d + 12, lun->id);
	d += 4 + 16;
	d[0] = 0x02;		/* code set ASCII */
	d[1] = 0x01;		/* associated with the LU, T10 vendor ID */
	d[3] = 8 + 16;
	memcpy(d + 4, "Msft    ", 8);
	hvsim_scsi_hex16(d + 12, lun->id);
	d += 4 + 8 + 16;
	return d - p;
}

/* VPD 0xb0, block limits (SBC-3 6.6.4) */
static u32 hvsim_scsi_vpd_limits(const struct hvsim_lun *lun, u8 *p)
{
	u32 gran = HVSIM_SCSI_UNMAP_GRAN_BYTES / lun->sector_size;

	p[4] = 0x01;		/* WSNZ: WRITE SAME of 0 blocks is refused */
	hvsim_scsi_put_be16(p + 6, 1);		/* optimal transfer length granularity */
	hvsim_scsi_put_be32(p + 8, hvsim_scsi_max_xfer(lun));
	hvsim_scsi_put_be32(p + 20, HVSIM_SCSI_MAX_UNMAP_LBAS);
	hvsim_scsi_put_be32(p + 24, HVSIM_SCSI_MAX_UNMAP_DESC);
	hvsim_scsi_put_be32(p + 28, gran ? gran : 1);	/* optimal unmap granularity */
	hvsim_scsi_put_be32(p + 32, 0x80000000u);	/* UGAVALID, alignment 0 */
	hvsim_scsi_put_be64(p + 36, hvsim_scsi_max_ws(lun));
	return 64;
}

/* VPD 0xb1, block device characteristics: not a spinning disk */
static u32 hvsim_scsi_vpd_chars(const struct hvsim_lun *lun, u8 *p)
{
	(void)lun;		/* the same for every LU */
	hvsim_scsi_put_be16(p + 4, 1);	/* medium rotation rate: non-rotating */
	return 64;
}

/* VPD 0xb2, logical block provisioning (SBC-3 6.6.6): thin, zeroes when unmapped */
static u32 hvsim_scsi_vpd_lbp(const struct hvsim_lun *lun, u8 *p)
{
	(void)lun;		/* the backing store's, the same for every LU */
	p[5] = 0xc4;		/* LBPU, LBPWS, LBPRZ (not LBPWS10, ANC_SUP, DP) */
	p[6] = 0x02;		/* provisioning type: thin */
	return 8;
}

/*
 * The VPD pages besides 0x00 (which lists them), in ascending order. Each
 * fill function writes its page from byte 4 into a zeroed buffer of
 * HVSIM_SCSI_RESP_MAX bytes and returns the page's whole length.
 */
static const struct hvsim_scsi_vpd {
	u8 page;
	u32 (*fill)(const struct hvsim_lun *lun, u8 *p);
} hvsim_scsi_vpds[] = {
	{ 0x80, hvsim_scsi_vpd_serial },
	{ 0x83, hvsim_scsi_vpd_devid },
	{ 0xb0, hvsim_scsi_vpd_limits },
	{ 0xb1, hvsim_scsi_vpd_chars },
	{ 0xb2, hvsim_scsi_vpd_lbp },
};

#define HVSIM_SCSI_NR_VPDS	HVSIM_SCSI_NR(hvsim_scsi_vpds)

/*
 * INQUIRY (SPC-4 6.4). CmdDt is obsolete and refused; a page code without
 * EVPD is refused. A missing LU has standard data saying so, and no VPD
 * pages.
 */
static int hvsim_scsi_inquiry(struct hvsim_scsi_req *r)
{
	const u8 *c = r->cdb;
	u8 resp[HVSIM_SCSI_RESP_MAX];
	u32 len = 0, i;

	if ((c[1] & 0x02) || (!(c[1] & 0x01) && c[2]))
		return hvsim_scsi_invalid_cdb(r->cmd);
	memset(resp, 0, sizeof(resp));
	if (!(c[1] & 0x01)) {
		len = hvsim_scsi_inquiry_std(r->lun, resp);
	} else if (!r->lun) {
		return hvsim_scsi_check(r->cmd, HVSIM_SK_ILLEGAL_REQUEST,
					HVSIM_ASC_LUN_NOT_SUPPORTED, 0);
	} else if (c[2] == 0x00) {
		resp[4] = 0x00;		/* supported VPD pages: this one, then the table's */
		for (i = 0; i < HVSIM_SCSI_NR_VPDS; i++)
			resp[5 + i] = hvsim_scsi_vpds[i].page;
		len = 5 + HVSIM_SCSI_NR_VPDS;
	} else {
		for (i = 0; i < HVSIM_SCSI_NR_VPDS && !len; i++)
			if (hvsim_scsi_vpds[i].page == c[2])
				len = hvsim_scsi_vpds[i].fill(r->lun, resp);
		if (!len)
			return hvsim_scsi_invalid_cdb(r->cmd);
	}
	if (c[1] & 0x01) {
		resp[0] = 0x00;		/* peripheral qualifier 0, direct access */
		resp[1] = c[2];
		hvsim_scsi_put_be16(resp + 2, len - 4);
	}
	return hvsim_scsi_data_in(r, resp, len, hvsim_scsi_be16(c + 3));
}

/*
 * REPORT LUNS (SPC-4 6.33): the controller's LUNs from cmd->lun_map, each
 * in SAM's single level format (peripheral device addressing: bus 0, the
 * LUN in byte 1). Written piece by piece, as the allocation length and the
 * buffer allow, so that 64 entries need no buffer of their own.
 */
static int hvsim_scsi_report_luns(struct hvsim_scsi_req *r)
{
	struct hvsim_stor_cmd *cmd = r->cmd;
	const u8 *c = r->cdb;
	u32 alloc = hvsim_scsi_be32(c + 6), nr = 0, n, i;
	u64 map;
	u8 e[8];
	int ret;

	/* 0: all; 1: well known LUs only (there are none); 2: all of both */
	if (c[2] > 2 || alloc < 16)
		return hvsim_scsi_invalid_cdb(cmd);
	map = c[2] == 1 ? 0 : cmd->lun_map;
	for (i = 0; i < HVSIM_STOR_MAX_LUNS; i++)
		nr += (map >> i) & 1;
	n = hvsim_scsi_min(hvsim_scsi_min(8 + 8 * nr, alloc), cmd->buf_len);
	if (n && !cmd->to_guest)
		return -EPROTO;
	memset(e, 0, sizeof(e));
	hvsim_scsi_put_be32(e, 8 * nr);		/* LUN list length */
	ret = hvsim_scsi_copy(cmd, e, hvsim_scsi_min(8, n));
	for (i = 0; !ret && i < HVSIM_STOR_MAX_LUNS && cmd->done < n; i++) {
		if (!((map >> i) & 1))
			continue;
		memset(e, 0, sizeof(e));
		e[1] = i;
		ret = hvsim_scsi_copy(cmd, e, hvsim_scsi_min(8, n - cmd->done));
	}
	return ret;
}

/* mode page 0x08, caching (SBC-3 6.5.5): a write-back cache (WCE) */
static u32 hvsim_scsi_mode_caching(u8 *p, bool changeable)
{
	p[0] = 0x08;
	p[1] = 0x12;
	if (!changeable)
		p[2] = 0x04;	/* WCE */
	return 2 + 0x12;
}

/*
 * Mode page 0x0a, control (SPC-4 7.5.8): unrestricted reordering
 * (commands of different channels do run in any order), fixed-format
 * sense (D_SENSE 0).
 */
static u32 hvsim_scsi_mode_control(u8 *p, bool changeable)
{
	p[0] = 0x0a;
	p[1] = 0x0a;
	if (!changeable)
		p[3] = 0x10;	/* queue algorithm modifier 1 */
	return 2 + 0x0a;
}

/* the mode pages, in ascending order (0x3f returns them all) */
static const struct hvsim_scsi_mode_page {
	u8 page;
	u32 (*fill)(u8 *p, bool changeable);
} hvsim_scsi_mode_pages[] = {
	{ 0x08, hvsim_scsi_mode_caching },
	{ 0x0a, hvsim_scsi_mode_control },
};

#define HVSIM_SCSI_NR_MODE_PAGES	HVSIM_SCSI_NR(hvsim_scsi_mode_pages)

/*
 * MODE SENSE(6), (10) (SPC-4 6.11, 6.12). Current, changeable (nothing
 * is: MODE SELECT is not supported) and default values are served; saved
 * values are not kept. A block descriptor unless DBD; a long one in
 * MODE SENSE(10) with LLBAA. The device-specific parameter is 0: not
 * write protected, DPOFUA 0. Subpage 0, or FFh (all subpages: there are
 * none), is accepted.
 */
static int hvsim_scsi_mode_sense(struct hvsim_scsi_req *r)
{
	const struct hvsim_lun *lun = r->lun;
	const u8 *c = r->cdb;
	bool ten = c[0] == HVSIM_SCSI_MODE_SENSE_10;
	u8 pc = c[2] >> 6, page = c[2] & 0x3f, sub = c[3];
	u32 hdr = ten ? 8 : 4, bdlen = 0, len, i;
	bool found = false;
	u8 resp[HVSIM_SCSI_RESP_MAX];

	if (pc == 3)
		return hvsim_scsi_check(r->cmd, HVSIM_SK_ILLEGAL_REQUEST,
					HVSIM_ASC_SAVING_NOT_SUPPORTED, 0);
	if (sub && sub != 0xff)
		return hvsim_scsi_invalid_cdb(r->cmd);
	memset(resp, 0, sizeof(resp));
	/* the block descriptor's changeable values are all 0, as the pages' */
	if (!(c[1] & 0x08) && ten && (c[1] & 0x10)) {
		bdlen = 16;		/* long LBA block descriptor */
		resp[4] = 0x01;		/* LONGLBA */
		if (pc != 1) {
			hvsim_scsi_put_be64(resp + hdr, lun->sectors);
			hvsim_scsi_put_be32(resp + hdr + 12, lun->sector_size);
		}
	} else if (!(c[1] & 0x08)) {
		bdlen = 8;
		if (pc != 1) {
			hvsim_scsi_put_be32(resp + hdr, lun->sectors > 0xffffffffu ?
					    0xffffffffu : (u32)lun->sectors);
			hvsim_scsi_put_be32(resp + hdr + 4, lun->sector_size);
		}
	}
	len = hdr + bdlen;
	for (i = 0; i < HVSIM_SCSI_NR_MODE_PAGES; i++) {
		if (page != 0x3f && page != hvsim_scsi_mode_pages[i].page)
			continue;
		len += hvsim_scsi_mode_pages[i].fill(resp + len, pc == 1);
		found = true;
	}
	if (!found)
		return hvsim_scsi_invalid_cdb(r->cmd);
	if (ten) {
		hvsim_scsi_put_be16(resp, len - 2);	/* mode data length */
		hvsim_scsi_put_be16(resp + 6, bdlen);
		return hvsim_scsi_data_in(r, resp, len, hvsim_scsi_be16(c + 7));
	}
	resp[0] = len - 1;
	resp[3] = bdlen;
	return hvsim_scsi_data_in(r, resp, len, c[4]);
}

/* every supported opcode, in ascending order */
static const struct hvsim_scsi_op hvsim_scsi_ops[] = {
	{ HVSIM_SCSI_TEST_UNIT_READY, 6, HVSIM_SCSI_NONE, false, NULL },	/* always ready */
	{ HVSIM_SCSI_REQUEST_SENSE, 6, HVSIM_SCSI_IN, true, hvsim_scsi_request_sense },
	{ HVSIM_SCSI_READ_6, 6, HVSIM_SCSI_IN, false, hvsim_scsi_rw6 },
	{ HVSIM_SCSI_WRITE_6, 6, HVSIM_SCSI_OUT, false, hvsim_scsi_rw6 },
	{ HVSIM_SCSI_INQUIRY, 6, HVSIM_SCSI_IN, true, hvsim_scsi_inquiry },
	{ HVSIM_SCSI_MODE_SENSE_6, 6, HVSIM_SCSI_IN, false, hvsim_scsi_mode_sense },
	{ HVSIM_SCSI_READ_CAPACITY_10, 10, HVSIM_SCSI_IN, false, hvsim_scsi_read_capacity10 },
	{ HVSIM_SCSI_READ_10, 10, HVSIM_SCSI_IN, false, hvsim_scsi_rw10 },
	{ HVSIM_SCSI_WRITE_10, 10, HVSIM_SCSI_OUT, false, hvsim_scsi_rw10 },
	{ HVSIM_SCSI_SYNC_CACHE_10, 10, HVSIM_SCSI_NONE, false, hvsim_scsi_sync_cache },
	{ HVSIM_SCSI_UNMAP, 10, HVSIM_SCSI_OUT, false, hvsim_scsi_unmap },
	{ HVSIM_SCSI_MODE_SENSE_10, 10, HVSIM_SCSI_IN, false, hvsim_scsi_mode_sense },
	{ HVSIM_SCSI_READ_16, 16, HVSIM_SCSI_IN, false, hvsim_scsi_rw16 },
	{ HVSIM_SCSI_WRITE_16, 16, HVSIM_SCSI_OUT, false, hvsim_scsi_rw16 },
	{ HVSIM_SCSI_SYNC_CACHE_16, 16, HVSIM_SCSI_NONE, false, hvsim_scsi_sync_cache },
	{ HVSIM_SCSI_WRITE_SAME_16, 16, HVSIM_SCSI_OUT, false, hvsim_scsi_write_same },
	{ HVSIM_SCSI_SERVICE_ACTION_IN_16, 16, HVSIM_SCSI_IN, false,
	  hvsim_scsi_service_action_in },
	{ HVSIM_SCSI_REPORT_LUNS, 12, HVSIM_SCSI_IN, true, hvsim_scsi_report_luns },
};

static const struct hvsim_scsi_op *hvsim_scsi_find(u8 opcode)
{
	u32 i;

	for (i = 0; i < HVSIM_SCSI_NR(hvsim_scsi_ops); i++)
		if (hvsim_scsi_ops[i].opcode == opcode)
			return &hvsim_scsi_ops[i];
	return NULL;
}

/*
 * A LUN this file can compute with: blocks of 512 to 4096 bytes, a power
 * of two (divisions by it, the 8 MiB transfer limit a whole number of
 * blocks), and a capacity whose byte size fits in 64 bits.
 */
static bool hvsim_scsi_lun_ok(const struct hvsim_lun *lun)
{
	u32 ss = lun->sector_size;

	return ss >= 512 && ss <= 4096 && !(ss & (ss - 1)) && lun->sectors <= ~0ull / ss;
}

/**
 * hvsim_scsi_known() - is an opcode in the target's table?
 * @opcode:	a CDB's byte 0
 *
 * SERVICE ACTION IN(16) (0x9e) counts, though READ CAPACITY(16) is its
 * only service action here.
 *
 * Return: true when hvsim_scsi_exec() executes commands with this opcode
 * rather than failing them with INVALID COMMAND OPERATION CODE.
 */
bool hvsim_scsi_known(u8 opcode)
{
	return hvsim_scsi_find(opcode);
}

/**
 * hvsim_scsi_exec() - execute one SCSI command
 * @lun:	the logical unit, or NULL when there is none at the command's
 *		LUN: INQUIRY then answers "peripheral qualifier 3, device type
 *		1Fh", REQUEST SENSE returns LOGICAL UNIT NOT SUPPORTED as its
 *		data, REPORT LUNS works, and anything else gets CHECK CONDITION,
 *		ILLEGAL REQUEST, LOGICAL UNIT NOT SUPPORTED
 * @cmd:	the command; its outputs are set here
 *
 * The outcome of a command that executed, successful or not, is in
 * cmd->status (with sense data on CHECK CONDITION) and cmd->done, the
 * bytes moved: the initiator's buffer may be larger than what the command
 * moves (an underrun), never smaller for READ, WRITE and WRITE SAME. A
 * command that fails moves no data, except an UNMAP refused for what its
 * parameter list says (cmd->done: the list's bytes read).
 *
 * Context: the backing store's (stor_target.h): process context, may
 * sleep; concurrent calls on one LUN are safe.
 *
 * Return: 0 when the command executed; -EFAULT when cmd->copy failed (the
 * initiator's memory cannot be reached: data may have moved); -EPROTO
 * when the CDB length is outside 1..HVSIM_STOR_MAX_CDB, or the
 * initiator's buffer contradicts the CDB: data must move and the buffer
 * is of the other direction, or it is shorter than a READ, WRITE or WRITE
 * SAME transfers. On an error cmd->status and the sense data mean nothing.
 */
int hvsim_scsi_exec(struct hvsim_lun *lun, struct hvsim_stor_cmd *cmd)
{
	struct hvsim_scsi_req r = { .lun = lun, .cmd = cmd, .cdb = cmd->cdb };

	cmd->done = 0;
	cmd->status = HVSIM_SAM_GOOD;
	cmd->sense_len = 0;
	memset(cmd->sense, 0, sizeof(cmd->sense));
	if (!cmd->cdb_len || cmd->cdb_len > HVSIM_STOR_MAX_CDB)
		return -EPROTO;
	r.op = hvsim_scsi_find(cmd->cdb[0]);
	/* no LU: no opcode is known but the three SPC-4 requires of every LUN */
	if (!lun && !(r.op && r.op->no_lu))
		return hvsim_scsi_check(cmd, HVSIM_SK_ILLEGAL_REQUEST,
					HVSIM_ASC_LUN_NOT_SUPPORTED, 0);
	if (!r.op)
		return hvsim_scsi_check(cmd, HVSIM_SK_ILLEGAL_REQUEST,
					HVSIM_ASC_INVALID_OPCODE, 0);
	if (cmd->cdb_len < r.op->cdb_len || (cmd->cdb[r.op->cdb_len - 1] & HVSIM_SCSI_CTRL_NACA))
		return hvsim_scsi_invalid_cdb(cmd);
	if (lun && !hvsim_scsi_lun_ok(lun))
		return hvsim_scsi_check(cmd, HVSIM_SK_HARDWARE_ERROR,
					HVSIM_ASC_INTERNAL_FAILURE, 0);
	return r.op->exec ? r.op->exec(&r) : 0;
}
