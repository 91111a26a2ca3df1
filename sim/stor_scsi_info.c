// SPDX-License-Identifier: GPL-2.0
/*
 * The simulated disk's SCSI target, the commands that describe the unit and
 * the bus: INQUIRY (standard data and the VPD pages), MODE SENSE(6), (10)
 * and REPORT LUNS. Handlers of stor_scsi.c's command table, as portable as
 * it is (see stor_target.h); the helpers are stor_scsi.h's.
 */
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/types.h>

#include "stor_scsi.h"

#define HVSIM_SCSI_RESP_MAX		64	/* the longest response built at once */

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

/**
 * hvsim_scsi_inquiry() - INQUIRY (SPC-4 6.4)
 * @r:		the command
 *
 * CmdDt is obsolete and refused; a page code without EVPD is refused. A
 * missing LU has standard data saying so, and no VPD pages.
 *
 * Return: 0, -EFAULT or -EPROTO, as hvsim_scsi_exec().
 */
int hvsim_scsi_inquiry(struct hvsim_scsi_req *r)
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

/**
 * hvsim_scsi_report_luns() - REPORT LUNS (SPC-4 6.33)
 * @r:		the command
 *
 * The controller's LUNs from cmd->lun_map, each in SAM's single level
 * format (peripheral device addressing: bus 0, the LUN in byte 1). Written
 * piece by piece, as the allocation length and the buffer allow, so that
 * 64 entries need no buffer of their own.
 *
 * Return: 0, -EFAULT or -EPROTO, as hvsim_scsi_exec().
 */
int hvsim_scsi_report_luns(struct hvsim_scsi_req *r)
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

/**
 * hvsim_scsi_mode_sense() - MODE SENSE(6), (10) (SPC-4 6.11, 6.12)
 * @r:		the command
 *
 * Current, changeable (nothing is: MODE SELECT is not supported) and
 * default values are served; saved values are not kept. A block descriptor
 * unless DBD; a long one in MODE SENSE(10) with LLBAA. The device-specific
 * parameter is 0: not write protected, DPOFUA 0. Subpage 0, or FFh (all
 * subpages: there are none), is accepted.
 *
 * Return: 0, -EFAULT or -EPROTO, as hvsim_scsi_exec().
 */
int hvsim_scsi_mode_sense(struct hvsim_scsi_req *r)
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
