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
 *
 * This file: the command table, hvsim_scsi_exec() and hvsim_scsi_known(),
 * the data commands (READ, WRITE, SYNCHRONIZE CACHE, WRITE SAME, UNMAP,
 * READ CAPACITY, SERVICE ACTION IN, REQUEST SENSE; TEST UNIT READY is the
 * table's alone) and the helpers the handlers share (stor_scsi.h).
 * stor_scsi_info.c has the commands that describe the unit and the bus:
 * INQUIRY, MODE SENSE, REPORT LUNS.
 */
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/types.h>

#include "stor_scsi.h"

/* SERVICE ACTION IN(16)'s service action */
#define HVSIM_SCSI_SAI_READ_CAPACITY_16	0x10

#define HVSIM_SCSI_CTRL_NACA		0x04	/* control byte: NACA (NORMACA is 0) */

/**
 * hvsim_scsi_put_be16() - store the low 16 bits of a value, big-endian
 * @p:		2 bytes
 * @v:		the value
 */
void hvsim_scsi_put_be16(u8 *p, u32 v)
{
	p[0] = v >> 8;
	p[1] = v;
}

/**
 * hvsim_scsi_put_be32() - store a 32-bit value, big-endian
 * @p:		4 bytes
 * @v:		the value
 */
void hvsim_scsi_put_be32(u8 *p, u32 v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/**
 * hvsim_scsi_put_be64() - store a 64-bit value, big-endian
 * @p:		8 bytes
 * @v:		the value
 */
void hvsim_scsi_put_be64(u8 *p, u64 v)
{
	hvsim_scsi_put_be32(p, v >> 32);
	hvsim_scsi_put_be32(p + 4, (u32)v);
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

/**
 * hvsim_scsi_check() - CHECK CONDITION with fixed-format sense data (SPC-4 4.5.3)
 * @cmd:	the command; its status and sense data are set
 * @key:	the sense key (HVSIM_SK_*)
 * @asc:	the additional sense code (HVSIM_ASC_*)
 * @ascq:	its qualifier
 *
 * Return: 0, for the handler to return: the command executed, and failed.
 */
int hvsim_scsi_check(struct hvsim_stor_cmd *cmd, u8 key, u8 asc, u8 ascq)
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

/**
 * hvsim_scsi_copy() - move data through the command's copy callback
 * @cmd:	the command
 * @buf:	the target's side of the data
 * @len:	bytes to move, in the command's direction; cmd->done counts them
 *
 * Return: 0, or -EFAULT when cmd->copy failed.
 */
int hvsim_scsi_copy(struct hvsim_stor_cmd *cmd, void *buf, u32 len)
{
	if (!len)
		return 0;
	if (cmd->copy(cmd, buf, len))
		return -EFAULT;
	cmd->done += len;
	return 0;
}

/**
 * hvsim_scsi_data_in() - hand a response to the initiator
 * @r:		the command
 * @resp:	the response
 * @len:	its length in bytes
 * @alloc:	the CDB's allocation length
 *
 * The initiator takes what its allocation length @alloc and its buffer
 * hold (SPC-4 4.2.5.6: truncation is not an error). Data-in only when
 * something moves: an empty buffer has no direction worth checking.
 *
 * Return: 0, -EFAULT or -EPROTO, as hvsim_scsi_exec().
 */
int hvsim_scsi_data_in(struct hvsim_scsi_req *r, u8 *resp, u32 len, u32 alloc)
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
