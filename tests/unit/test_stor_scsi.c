// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of sim/stor_scsi.c, the simulated disk's SCSI target: every
 * supported command and its error paths, with CDBs built byte by byte at
 * the offsets of SPC-4 and SBC-3 and responses checked the same way, never
 * with the target's own helpers.
 *
 * The backing store (hvsim_lun_*, stor_lun.c in the kernel) is a fake
 * here: a flat array per LUN that counts its calls, can be told to fail
 * writes with -ENOMEM, and checks that it is only asked for bytes within
 * the capacity. The initiator's buffer is a heap block of exactly its
 * length (AddressSanitizer catches a copy past it) behind a copy callback
 * that also refuses to move more than the buffer holds, records what it
 * moved, and can fail with -EFAULT.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>

#include "runner.h"
#include "sim/stor_target.h"

/* ---- the fake backing store ---- */

#define FAKE_MAX_BYTES	(16u << 20)	/* LUNs larger than this have no data */

struct fake_store {
	u8 *data;		/* capacity bytes, or NULL: no I/O expected */
	u64 size;
	int write_err;		/* write and write_same return this at once */
	unsigned int reads, writes, write_sames, unmaps;
	u64 unmap_off[8], unmap_len[8];
	bool bad_access;	/* asked for bytes without data */
};

static struct fake_store *store(const struct hvsim_lun *lun)
{
	return lun->priv;
}

int hvsim_lun_init(struct hvsim_lun *lun)
{
	struct fake_store *st = calloc(1, sizeof(*st));

	if (!st)
		return -ENOMEM;
	st->size = lun->sectors * lun->sector_size;
	if (st->size && st->size <= FAKE_MAX_BYTES)
		st->data = calloc(1, st->size);
	lun->priv = st;
	return 0;
}

void hvsim_lun_free(struct hvsim_lun *lun)
{
	struct fake_store *st = store(lun);

	if (st)
		free(st->data);
	free(st);
	lun->priv = NULL;
}

static bool fake_ok(struct fake_store *st, u64 off, u64 len)
{
	if (!st->data || off > st->size || len > st->size - off) {
		st->bad_access = true;
		return false;
	}
	return true;
}

/* in pieces of at most 1000 bytes, so that the copy's position is exercised */
int hvsim_lun_read(struct hvsim_lun *lun, u64 off, u32 len, struct hvsim_stor_cmd *cmd)
{
	struct fake_store *st = store(lun);
	u32 n;

	st->reads++;
	if (!fake_ok(st, off, len))
		return -EIO;
	for (; len; off += n, len -= n) {
		n = len < 1000 ? len : 1000;
		if (cmd->copy(cmd, st->data + off, n))
			return -EFAULT;
	}
	return 0;
}

int hvsim_lun_write(struct hvsim_lun *lun, u64 off, u32 len, struct hvsim_stor_cmd *cmd)
{
	struct fake_store *st = store(lun);
	u32 n;

	st->writes++;
	if (st->write_err)
		return st->write_err;
	if (!fake_ok(st, off, len))
		return -EIO;
	for (; len; off += n, len -= n) {
		n = len < 1000 ? len : 1000;
		if (cmd->copy(cmd, st->data + off, n))
			return -EFAULT;
	}
	return 0;
}

int hvsim_lun_write_same(struct hvsim_lun *lun, u64 off, u64 len, struct hvsim_stor_cmd *cmd)
{
	struct fake_store *st = store(lun);
	u32 bs = lun->sector_size, i;
	u8 *block;
	bool zero = true;
	u64 pos;

	st->write_sames++;
	if (st->write_err)
		return st->write_err;
	if (!fake_ok(st, off, len))
		return -EIO;
	block = malloc(bs);
	if (cmd->copy(cmd, block, bs)) {
		free(block);
		return -EFAULT;
	}
	for (i = 0; i < bs; i++)
		zero &= !block[i];
	if (zero)
		hvsim_lun_unmap(lun, off, len);
	else
		for (pos = 0; pos < len; pos += bs)
			memcpy(st->data + off + pos, block, bs);
	free(block);
	return 0;
}

void hvsim_lun_unmap(struct hvsim_lun *lun, u64 off, u64 len)
{
	struct fake_store *st = store(lun);

	if (st->unmaps < 8) {
		st->unmap_off[st->unmaps] = off;
		st->unmap_len[st->unmaps] = len;
	}
	st->unmaps++;
	if (fake_ok(st, off, len))
		memset(st->data + off, 0, len);
}

u64 hvsim_lun_pages(const struct hvsim_lun *lun)
{
	return store(lun)->data ? 1 : 0;
}

/* ---- the initiator's side ---- */

/* one command with its buffer; io_start() frees the last one's */
static struct {
	struct hvsim_stor_cmd cmd;
	u8 cdb[HVSIM_STOR_MAX_CDB];
	u32 cdb_len;
	u8 *buf;		/* heap, exactly buf_len bytes (one when 0) */
	u32 pos;		/* what the copy callback has moved */
	bool fail;		/* the copy callback returns -EFAULT */
	bool overrun;		/* the target asked to move past the buffer */
	unsigned int copies;
} io;

static int fake_copy(struct hvsim_stor_cmd *cmd, void *kbuf, u32 len)
{
	if (cmd != &io.cmd || cmd->ctx != &io)
		io.overrun = true;
	io.copies++;
	if (io.fail)
		return -EFAULT;
	if (!len || len > cmd->buf_len - io.pos) {
		io.overrun = true;
		return -EFAULT;
	}
	if (cmd->to_guest)
		memcpy(io.buf + io.pos, kbuf, len);
	else
		memcpy(kbuf, io.buf + io.pos, len);
	io.pos += len;
	return 0;
}

static void io_end(void)
{
	free(io.buf);
	io.buf = NULL;
}

/* a command of CDB @cdb (@cdb_len bytes), buffer of @buf_len bytes filled with 0xcc */
static void io_start(const u8 *cdb, u32 cdb_len, bool to_guest, u32 buf_len)
{
	io_end();
	memset(&io, 0, sizeof(io));
	memcpy(io.cdb, cdb, cdb_len < sizeof(io.cdb) ? cdb_len : sizeof(io.cdb));
	io.cdb_len = cdb_len;
	io.buf = malloc(buf_len ? buf_len : 1);
	memset(io.buf, 0xcc, buf_len ? buf_len : 1);
	io.cmd.cdb_len = cdb_len;
	io.cmd.buf_len = buf_len;
	io.cmd.to_guest = to_guest;
	io.cmd.copy = fake_copy;
	io.cmd.ctx = &io;
	io.cmd.lun_map = 1;
	/* outputs the target must set */
	io.cmd.done = 0xdeadbeef;
	io.cmd.status = 0xee;
	io.cmd.sense_len = 0xee;
	memset(io.cmd.sense, 0xee, sizeof(io.cmd.sense));
}

/* Runs it, the CDB in a heap block of exactly its length. */
static int io_exec(struct hvsim_lun *lun)
{
	u8 *cdb = malloc(io.cdb_len ? io.cdb_len : 1);
	int ret;

	memcpy(cdb, io.cdb, io.cdb_len);
	io.cmd.cdb = cdb;
	ret = hvsim_scsi_exec(lun, &io.cmd);
	io.cmd.cdb = NULL;
	free(cdb);
	return ret;
}

#define CHECK_GOOD()							\
	do {								\
		CHECK(!io.overrun);					\
		CHECK_EQ(io.cmd.status, HVSIM_SAM_GOOD);		\
		CHECK_EQ(io.cmd.sense_len, 0);				\
		CHECK_EQ(io.cmd.done, io.pos);				\
	} while (0)

/*
 * CHECK CONDITION with fixed-format sense of this key/ASC/ASCQ, after
 * moving what done says (an UNMAP parameter list refused after reading it)
 */
#define CHECK_SENSE_MOVED(key, asc, ascq)				\
	do {								\
		CHECK(!io.overrun);					\
		CHECK_EQ(io.cmd.status, HVSIM_SAM_CHECK_CONDITION);	\
		CHECK_EQ(io.cmd.sense_len, 18);				\
		CHECK_EQ(io.cmd.sense[0] & 0x7f, 0x70);			\
		CHECK_EQ(io.cmd.sense[2], (key));			\
		CHECK_EQ(io.cmd.sense[7], 10);				\
		CHECK_EQ(io.cmd.sense[12], (asc));			\
		CHECK_EQ(io.cmd.sense[13], (ascq));			\
		CHECK_EQ(io.cmd.done, io.pos);				\
	} while (0)

/* ... and without moving any data */
#define CHECK_SENSE(key, asc, ascq)					\
	do {								\
		CHECK_SENSE_MOVED((key), (asc), (ascq));		\
		CHECK_EQ(io.cmd.done, 0);				\
	} while (0)

#define ILLEGAL		HVSIM_SK_ILLEGAL_REQUEST
#define ASC_INVALID_OPCODE	0x20
#define ASC_LBA_RANGE	0x21
#define ASC_INVALID_CDB	0x24
#define ASC_NO_LUN	0x25
#define ASC_INVALID_PARAM	0x26

static void put16(u8 *p, u32 v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void put32(u8 *p, u32 v)
{
	put16(p, v >> 16);
	put16(p + 2, v);
}

static void put64(u8 *p, u64 v)
{
	put32(p, v >> 32);
	put32(p + 4, (u32)v);
}

static u32 get16(const u8 *p)
{
	return (u32)p[0] << 8 | p[1];
}

static u32 get32(const u8 *p)
{
	return get16(p) << 16 | get16(p + 2);
}

static u64 get64(const u8 *p)
{
	return (u64)get32(p) << 32 | get32(p + 4);
}

static void lun_make(struct hvsim_lun *lun, u32 sector_size, u64 sectors)
{
	memset(lun, 0, sizeof(*lun));
	lun->sector_size = sector_size;
	lun->sectors = sectors;
	lun->id = 0x0123456789abcdefull;
	hvsim_lun_init(lun);
}

/* CDB builders, by SBC-3's layouts */
static void cdb_inquiry(u8 *c, u8 evpd, u8 page, u32 alloc)
{
	memset(c, 0, 6);
	c[0] = 0x12;
	c[1] = evpd;
	c[2] = page;
	put16(c + 3, alloc);
}

static void cdb_rw6(u8 *c, u8 op, u32 lba, u8 count)
{
	memset(c, 0, 6);
	c[0] = op;
	c[1] = (lba >> 16) & 0x1f;
	put16(c + 2, lba);
	c[4] = count;
}

static void cdb_rw10(u8 *c, u8 op, u32 lba, u32 count)
{
	memset(c, 0, 10);
	c[0] = op;
	put32(c + 2, lba);
	put16(c + 7, count);
}

static void cdb_rw16(u8 *c, u8 op, u64 lba, u32 count)
{
	memset(c, 0, 16);
	c[0] = op;
	put64(c + 2, lba);
	put32(c + 10, count);
}

static void cdb_ws16(u8 *c, u8 flags, u64 lba, u32 count)
{
	cdb_rw16(c, 0x93, lba, count);
	c[1] = flags;
}

static void cdb_unmap(u8 *c, u32 plen)
{
	memset(c, 0, 10);
	c[0] = 0x42;
	put16(c + 7, plen);
}

static void cdb_report_luns(u8 *c, u8 select, u32 alloc)
{
	memset(c, 0, 12);
	c[0] = 0xa0;
	c[2] = select;
	put32(c + 6, alloc);
}

/* ---- INQUIRY ---- */

TEST(stor_scsi_inquiry_standard)
{
	struct hvsim_lun lun;
	u8 c[6];

	lun_make(&lun, 512, 1000);
	cdb_inquiry(c, 0, 0, 255);
	io_start(c, 6, true, 255);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_GOOD();
	CHECK_EQ(io.cmd.done, 36);		/* an underrun of the 255-byte buffer */
	CHECK_EQ(io.buf[0], 0x00);		/* PQ 0, direct access block device */
	CHECK_EQ(io.buf[1], 0x00);		/* not removable */
	CHECK_EQ(io.buf[2], 0x06);		/* SPC-4 */
	CHECK_EQ(io.buf[3] & 0x0f, 0x02);	/* response data format 2 */
	CHECK_EQ(io.buf[4], 31);		/* additional length: 36 - 5 */
	CHECK_EQ(io.buf[7] & 0x02, 0x02);	/* CMDQUE */
	CHECK(!memcmp(io.buf + 8, "Msft    ", 8));
	CHECK(!memcmp(io.buf + 16, "Virtual Disk    ", 16));
	CHECK(!memcmp(io.buf + 32, "1.0 ", 4));
	CHECK_EQ(io.buf[36], 0xcc);		/* nothing past the response */

	/* the allocation length truncates, and so does the buffer */
	cdb_inquiry(c, 0, 0, 5);
	io_start(c, 6, true, 255);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_GOOD();
	CHECK_EQ(io.cmd.done, 5);
	CHECK_EQ(io.buf[4], 31);
	CHECK_EQ(io.buf[5], 0xcc);
	cdb_inquiry(c, 0, 0, 96);
	io_start(c, 6, true, 10);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_GOOD();
	CHECK_EQ(io.cmd.done, 10);
	CHECK_EQ(io.buf[2], 0x06);
	/* allocation length 0: nothing moves, not an error */
	cdb_inquiry(c, 0, 0, 0);
	io_start(c, 6, true, 64);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_GOOD();
	CHECK_EQ(io.cmd.done, 0);
	CHECK_EQ(io.copies, 0);
	io_end();
	hvsim_lun_free(&lun);
}

/* a VPD page into @len bytes; checks the 4-byte header */
static void vpd(struct hvsim_lun *lun, u8 page, u32 len)
{
	u8 c[6];

	cdb_inquiry(c, 1, page, 0xffff);
	io_start(c, 6, true, len);
	CHECK_INT(io_exec(lun), 0);
	CHECK_GOOD();
	CHECK_EQ(io.buf[0], 0x00);
	CHECK_EQ(io.buf[1], page);
	CHECK_EQ(io.cmd.done, 4 + get16(io.buf + 2));
}

TEST(stor_scsi_vpd_supported_and_serial)
{
	static const u8 pages[] = { 0x00, 0x80, 0x83, 0xb0, 0xb1, 0xb2 };
	struct hvsim_lun lun;

	lun_make(&lun, 512, 1000);
	vpd(&lun, 0x00, 255);
	CHECK_EQ(get16(io.buf + 2), sizeof(pages));
	CHECK(!memcmp(io.buf + 4, pages, sizeof(pages)));

	vpd(&lun, 0x80, 255);
	CHECK_EQ(get16(io.buf + 2), 16);
	CHECK(!memcmp(io.buf + 4, "0123456789ABCDEF", 16));
	/* another id, another serial number */
	lun.id = 42;
	vpd(&lun, 0x80, 255);
	CHECK(!memcmp(io.buf + 4, "000000000000002A", 16));
	io_end();
	hvsim_lun_free(&lun);
}

TEST(stor_scsi_vpd_device_identification)
{
	struct hvsim_lun lun;
	const u8 *d;
	u32 end;

	lun_make(&lun, 512, 1000);
	vpd(&lun, 0x83, 255);
	end = 4 + get16(io.buf + 2);
	/* first designator: NAA, binary, LU */
	d = io.buf + 4;
	CHECK_EQ(d[0], 0x01);
	CHECK_EQ(d[1], 0x03);
	CHECK_EQ(d[3], 16);
	CHECK_EQ(d[4] >> 4, 6);				/* NAA 6: IEEE registered extended */
	CHECK_EQ((get32(d + 4) >> 4) & 0xffffff, 0x002248);	/* Microsoft's OUI */
	CHECK_EQ(get64(d + 12), lun.id);		/* the extension: the LUN's id */
	/* second: T10 vendor ID, ASCII, LU */
	d += 4 + d[3];
	CHECK(d + 4 <= io.buf + end);
	CHECK_EQ(d[0] & 0x0f, 0x02);
	CHECK_EQ(d[1] & 0x3f, 0x01);
	CHECK(d[3] >= 8);
	CHECK(!memcmp(d + 4, "Msft    ", 8));
	CHECK_EQ(d + 4 + d[3], io.buf + end);		/* nothing else */
	/* another LUN's NAA differs */
	lun.id = 7;
	vpd(&lun, 0x83, 255);
	CHECK_EQ(get64(io.buf + 16), 7);
	io_end();
	hvsim_lun_free(&lun);
}

TEST(stor_scsi_vpd_block_limits)
{
	struct hvsim_lun lun;

	lun_make(&lun, 512, 1000);
	vpd(&lun, 0xb0, 255);
	CHECK_EQ(get16(io.buf + 2), 0x3c);
	CHECK_EQ(io.buf[4] & 1, 1);			/* WSNZ */
	CHECK_EQ(get16(io.buf + 6), 1);			/* optimal transfer granularity */
	CHECK_EQ(get32(io.buf + 8), 16384);		/* maximum transfer length: 8 MiB */
	CHECK_EQ(get32(io.buf + 20), 0xffffffff);	/* maximum unmap LBA count */
	CHECK_EQ(get32(io.buf + 24), 32);		/* maximum unmap block descriptors */
	CHECK_EQ(get32(io.buf + 28), 8);		/* optimal unmap granularity: 4 KiB */
	CHECK_EQ(get32(io.buf + 32), 0x80000000);	/* UGAVALID, alignment 0 */
	CHECK_EQ(get64(io.buf + 36), 2097152);		/* maximum write same length: 1 GiB */
	hvsim_lun_free(&lun);

	lun_make(&lun, 4096, 1000);
	vpd(&lun, 0xb0, 64);
	CHECK_EQ(get32(io.buf + 8), 2048);
	CHECK_EQ(get32(io.buf + 28), 1);
	CHECK_EQ(get64(io.buf + 36), 262144);
	io_end();
	hvsim_lun_free(&lun);
}

TEST(stor_scsi_vpd_characteristics_and_provisioning)
{
	struct hvsim_lun lun;

	lun_make(&lun, 512, 1000);
	vpd(&lun, 0xb1, 255);
	CHECK_EQ(get16(io.buf + 2), 0x3c);
	CHECK_EQ(get16(io.buf + 4), 1);			/* non-rotating medium */
	vpd(&lun, 0xb2, 255);
	CHECK(get16(io.buf + 2) >= 4);
	CHECK_EQ(io.buf[5] & 0x80, 0x80);		/* LBPU */
	CHECK_EQ(io.buf[5] & 0x40, 0x40);		/* LBPWS */
	CHECK_EQ(io.buf[5] & 0x04, 0x04);		/* LBPRZ */
	CHECK_EQ(io.buf[5] & 0x02, 0);			/* no ANC_SUP */
	CHECK_EQ(io.buf[6] & 0x07, 2);			/* thin provisioned */
	io_end();
	hvsim_lun_free(&lun);
}

TEST(stor_scsi_inquiry_errors)
{
	struct hvsim_lun lun;
	u8 c[6];

	lun_make(&lun, 512, 1000);
	/* an unknown VPD page */
	cdb_inquiry(c, 1, 0x81, 255);
	io_start(c, 6, true, 255);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(ILLEGAL, ASC_INVALID_CDB, 0);
	/* a page code without EVPD */
	cdb_inquiry(c, 0, 0x80, 255);
	io_start(c, 6, true, 255);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(ILLEGAL, ASC_INVALID_CDB, 0);
	/* CmdDt */
	cdb_inquiry(c, 2, 0, 255);
	io_start(c, 6, true, 255);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(ILLEGAL, ASC_INVALID_CDB, 0);
	/* a VPD page cut by the allocation length: the header only */
	cdb_inquiry(c, 1, 0xb0, 4);
	io_start(c, 6, true, 255);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_GOOD();
	CHECK_EQ(io.cmd.done, 4);
	CHECK_EQ(io.buf[1], 0xb0);
	CHECK_EQ(get16(io.buf + 2), 0x3c);
	CHECK_EQ(io.buf[4], 0xcc);
	/* data-in into a data-out buffer */
	cdb_inquiry(c, 0, 0, 36);
	io_start(c, 6, false, 36);
	CHECK_INT(io_exec(&lun), -EPROTO);
	CHECK_EQ(io.copies, 0);
	/* ... but an empty buffer of either direction is only an underrun */
	io_start(c, 6, false, 0);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_GOOD();
	CHECK_EQ(io.cmd.done, 0);
	/* unreachable guest memory */
	io_start(c, 6, true, 36);
	io.fail = true;
	CHECK_INT(io_exec(&lun), -EFAULT);
	io_end();
	hvsim_lun_free(&lun);
}

/* ---- READ CAPACITY ---- */

static void read_capacity(struct hvsim_lun *lun, bool sixteen, u32 alloc, u32 buf_len)
{
	u8 c[16];

	memset(c, 0, sizeof(c));
	if (sixteen) {
		c[0] = 0x9e;
		c[1] = 0x10;
		put32(c + 10, alloc);
	} else {
		c[0] = 0x25;
	}
	io_start(c, sixteen ? 16 : 10, true, buf_len);
	CHECK_INT(io_exec(lun), 0);
	CHECK_GOOD();
}

TEST(stor_scsi_read_capacity)
{
	struct hvsim_lun lun;
	u8 c[16];

	lun_make(&lun, 512, 1000);
	read_capacity(&lun, false, 0, 8);
	CHECK_EQ(io.cmd.done, 8);
	CHECK_EQ(get32(io.buf), 999);
	CHECK_EQ(get32(io.buf + 4), 512);
	read_capacity(&lun, true, 32, 64);
	CHECK_EQ(io.cmd.done, 32);
	CHECK_EQ(get64(io.buf), 999);
	CHECK_EQ(get32(io.buf + 8), 512);
	CHECK_EQ(io.buf[12] & 1, 0);			/* no protection */
	CHECK_EQ(io.buf[13], 0);
	CHECK_EQ(io.buf[14] & 0xc0, 0xc0);		/* LBPME, LBPRZ */
	CHECK_EQ(get16(io.buf + 14) & 0x3fff, 0);	/* lowest aligned LBA */
	CHECK_EQ(io.buf[32], 0xcc);
	/* the allocation length truncates */
	read_capacity(&lun, true, 12, 64);
	CHECK_EQ(io.cmd.done, 12);
	CHECK_EQ(get32(io.buf + 8), 512);
	CHECK_EQ(io.buf[12], 0xcc);
	hvsim_lun_free(&lun);

	lun_make(&lun, 4096, 262144);			/* 1 GiB */
	read_capacity(&lun, false, 0, 8);
	CHECK_EQ(get32(io.buf), 262143);
	CHECK_EQ(get32(io.buf + 4), 4096);
	read_capacity(&lun, true, 32, 32);
	CHECK_EQ(get64(io.buf), 262143);
	CHECK_EQ(get32(io.buf + 8), 4096);
	hvsim_lun_free(&lun);

	/* more blocks than 32 bits: (10) says to use (16) */
	lun_make(&lun, 512, 0x300000000ull);
	read_capacity(&lun, false, 0, 8);
	CHECK_EQ(get32(io.buf), 0xffffffff);
	CHECK_EQ(get32(io.buf + 4), 512);
	read_capacity(&lun, true, 32, 32);
	CHECK_EQ(get64(io.buf), 0x2ffffffffull);
	/* exactly 2^32 blocks: the last LBA is FFFFFFFFh, which (10) cannot tell */
	lun.sectors = 0x100000000ull;
	read_capacity(&lun, false, 0, 8);
	CHECK_EQ(get32(io.buf), 0xffffffff);
	lun.sectors = 0xffffffffull;
	read_capacity(&lun, false, 0, 8);
	CHECK_EQ(get32(io.buf), 0xfffffffe);

	/* a service action other than READ CAPACITY(16) */
	memset(c, 0, sizeof(c));
	c[0] = 0x9e;
	c[1] = 0x11;
	put32(c + 10, 32);
	io_start(c, 16, true, 32);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(ILLEGAL, ASC_INVALID_CDB, 0);
	/* READ CAPACITY(10) with an LBA but no PMI */
	memset(c, 0, sizeof(c));
	c[0] = 0x25;
	put32(c + 2, 5);
	io_start(c, 10, true, 8);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(ILLEGAL, ASC_INVALID_CDB, 0);
	io_end();
	hvsim_lun_free(&lun);
}

/* ---- READ and WRITE ---- */

static u8 pattern(u64 i)
{
	return (u8)(i * 13 + (i >> 9) * 7 + 1);
}

/* a write of @count blocks from @lba with CDB @c (@len), data pattern(@seed + i) */
static void do_write(struct hvsim_lun *lun, const u8 *c, u32 len, u32 bytes, u64 seed)
{
	u32 i;

	io_start(c, len, false, bytes);
	for (i = 0; i < bytes; i++)
		io.buf[i] = pattern(seed + i);
	CHECK_INT(io_exec(lun), 0);
	CHECK_GOOD();
	CHECK_EQ(io.cmd.done, bytes);
}

static bool read_back(struct hvsim_lun *lun, const u8 *c, u32 len, u32 bytes, u64 seed)
{
	u32 i;

	io_start(c, len, true, bytes);
	if (io_exec(lun) || io.cmd.status || io.cmd.done != bytes || io.pos != bytes)
		return false;
	for (i = 0; i < bytes; i++)
		if (io.buf[i] != pattern(seed + i))
			return false;
	return true;
}

static void rw_round_trip(u32 ss)
{
	struct hvsim_lun lun;
	struct fake_store *st;
	u8 c[16];

	lun_make(&lun, ss, 2048);
	st = store(&lun);
	/* WRITE(10) blocks 100..103, READ(16) them back and READ(6) them */
	cdb_rw10(c, 0x2a, 100, 4);
	do_write(&lun, c, 10, 4 * ss, 1);
	CHECK(!memcmp(st->data + 100 * ss, io.buf, 4 * ss));
	cdb_rw16(c, 0x88, 100, 4);
	CHECK(read_back(&lun, c, 16, 4 * ss, 1));
	cdb_rw6(c, 0x08, 100, 4);
	CHECK(read_back(&lun, c, 6, 4 * ss, 1));
	/* WRITE(16) over the last blocks, READ(10) */
	cdb_rw16(c, 0x8a, 2040, 8);
	do_write(&lun, c, 16, 8 * ss, 77);
	cdb_rw10(c, 0x28, 2040, 8);
	CHECK(read_back(&lun, c, 10, 8 * ss, 77));
	/* WRITE(6) with a 21-bit LBA field, one block */
	cdb_rw6(c, 0x0a, 2000, 1);
	do_write(&lun, c, 6, ss, 5);
	CHECK(!memcmp(st->data + 2000 * ss, io.buf, ss));
	cdb_rw10(c, 0x28, 2000, 1);
	CHECK(read_back(&lun, c, 10, ss, 5));
	/* blocks never written read as the store has them: zeroes */
	cdb_rw10(c, 0x28, 0, 1);
	io_start(c, 10, true, ss);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_GOOD();
	CHECK_EQ(io.buf[0], 0);
	CHECK_EQ(io.buf[ss - 1], 0);
	CHECK(!st->bad_access);
	io_end();
	hvsim_lun_free(&lun);
}

TEST(stor_scsi_rw_round_trip_512)
{
	rw_round_trip(512);
	CHECK(true);
}

TEST(stor_scsi_rw_round_trip_4096)
{
	rw_round_trip(4096);
	CHECK(true);
}

TEST(stor_scsi_rw6_zero_means_256)
{
	struct hvsim_lun lun;
	u8 c[6];

	lun_make(&lun, 512, 1024);
	cdb_rw6(c, 0x0a, 300, 0);
	do_write(&lun, c, 6, 256 * 512, 9);
	cdb_rw6(c, 0x08, 300, 0);
	CHECK(read_back(&lun, c, 6, 256 * 512, 9));
	/* 256 blocks from 800 pass the end (1024) */
	cdb_rw6(c, 0x08, 800, 0);
	io_start(c, 6, true, 256 * 512);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(ILLEGAL, ASC_LBA_RANGE, 0);
	io_end();
	hvsim_lun_free(&lun);
}

TEST(stor_scsi_rw_zero_length)
{
	struct hvsim_lun lun;
	struct fake_store *st;
	u8 c[16];

	lun_make(&lun, 512, 1000);
	st = store(&lun);
	/* READ(10)/(16), WRITE(10)/(16) of 0 blocks: GOOD, nothing moves, any buffer */
	cdb_rw10(c, 0x28, 5, 0);
	io_start(c, 10, true, 512);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_GOOD();
	CHECK_EQ(io.cmd.done, 0);
	cdb_rw16(c, 0x8a, 5, 0);
	io_start(c, 16, true, 0);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_GOOD();
	CHECK_EQ(io.cmd.done, 0);
	/* at the capacity exactly: still in range */
	cdb_rw16(c, 0x88, 1000, 0);
	io_start(c, 16, true, 0);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_GOOD();
	/* past it: not */
	cdb_rw16(c, 0x88, 1001, 0);
	io_start(c, 16, true, 0);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(ILLEGAL, ASC_LBA_RANGE, 0);
	CHECK_EQ(st->reads + st->writes, 0);
	io_end();
	hvsim_lun_free(&lun);
}

TEST(stor_scsi_rw_out_of_range)
{
	static const struct {
		u8 op;
		u64 lba;
		u32 count;
	} cases[] = {
		{ 0x28, 999, 2 },			/* one block past the end */
		{ 0x2a, 1000, 1 },
		{ 0x88, 0xffffffffffffffffull, 2 },	/* lba + count wraps to 1 */
		{ 0x8a, 0xfffffffffffffff0ull, 0x20 },
		{ 0x88, 0x8000000000000000ull, 1 },
		{ 0x88, 0x100000000ull, 1 },		/* would fit in 32 bits truncated */
	};
	struct hvsim_lun lun;
	struct fake_store *st;
	u8 c[16];
	u32 i;

	lun_make(&lun, 512, 1000);
	st = store(&lun);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		bool in = cases[i].op == 0x28 || cases[i].op == 0x88;
		u32 len = 16;

		if (!(cases[i].op & 0x80)) {
			len = 10;
			cdb_rw10(c, cases[i].op, (u32)cases[i].lba, cases[i].count);
		} else {
			cdb_rw16(c, cases[i].op, cases[i].lba, cases[i].count);
		}
		io_start(c, len, in, cases[i].count * 512);
		CHECK_INT(io_exec(&lun), 0);
		CHECK_SENSE(ILLEGAL, ASC_LBA_RANGE, 0);
	}
	/* READ(6) at the top of its 21-bit LBA */
	cdb_rw6(c, 0x08, 0x1fffff, 1);
	io_start(c, 6, true, 512);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(ILLEGAL, ASC_LBA_RANGE, 0);
	CHECK_EQ(st->reads + st->writes, 0);
	io_end();
	hvsim_lun_free(&lun);
}

TEST(stor_scsi_rw_transfer_limit)
{
	struct hvsim_lun lun;
	u8 c[16];

	lun_make(&lun, 512, 20000);
	/* 16384 blocks is the limit (8 MiB) */
	cdb_rw10(c, 0x28, 0, 16385);
	io_start(c, 10, true, 16385 * 512);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(ILLEGAL, ASC_INVALID_CDB, 0);
	cdb_rw10(c, 0x28, 0, 16384);
	io_start(c, 10, true, 16384 * 512);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_GOOD();
	CHECK_EQ(io.cmd.done, 16384 * 512);
	hvsim_lun_free(&lun);
	lun_make(&lun, 4096, 100000);
	cdb_rw16(c, 0x8a, 0, 2049);
	io_start(c, 16, false, 2049 * 4096);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(ILLEGAL, ASC_INVALID_CDB, 0);
	/* a count that overflows 32 bits in bytes */
	cdb_rw16(c, 0x88, 0, 0x00200000);
	io_start(c, 16, true, 4096);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(ILLEGAL, ASC_INVALID_CDB, 0);
	io_end();
	hvsim_lun_free(&lun);
}

TEST(stor_scsi_rw_protect_fields)
{
	struct hvsim_lun lun;
	u8 c[16];

	lun_make(&lun, 512, 1000);
	cdb_rw10(c, 0x28, 0, 1);
	c[1] = 0x20;			/* RDPROTECT 1 */
	io_start(c, 10, true, 512);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(ILLEGAL, ASC_INVALID_CDB, 0);
	cdb_rw16(c, 0x8a, 0, 1);
	c[1] = 0x60;			/* WRPROTECT 3 */
	io_start(c, 16, false, 512);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(ILLEGAL, ASC_INVALID_CDB, 0);
	/* DPO and FUA are accepted (and ignored: there is no cache) */
	cdb_rw10(c, 0x2a, 0, 1);
	c[1] = 0x18;
	io_start(c, 10, false, 512);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_GOOD();
	io_end();
	hvsim_lun_free(&lun);
}

TEST(stor_scsi_rw_buffer_mismatch)
{
	struct hvsim_lun lun;
	struct fake_store *st;
	u8 c[16];

	lun_make(&lun, 512, 1000);
	st = store(&lun);
	/* READ into a data-out buffer, WRITE from a data-in one */
	cdb_rw10(c, 0x28, 0, 2);
	io_start(c, 10, false, 1024);
	CHECK_INT(io_exec(&lun), -EPROTO);
	cdb_rw10(c, 0x2a, 0, 2);
	io_start(c, 10, true, 1024);
	CHECK_INT(io_exec(&lun), -EPROTO);
	/* a data-out buffer shorter than the transfer, or none */
	io_start(c, 10, false, 1023);
	CHECK_INT(io_exec(&lun), -EPROTO);
	io_start(c, 10, false, 0);
	CHECK_INT(io_exec(&lun), -EPROTO);
	cdb_rw6(c, 0x0a, 0, 0);		/* 256 blocks */
	io_start(c, 6, false, 255 * 512);
	CHECK_INT(io_exec(&lun), -EPROTO);
	/* a data-in buffer shorter than the transfer */
	cdb_rw16(c, 0x88, 0, 2);
	io_start(c, 16, true, 512);
	CHECK_INT(io_exec(&lun), -EPROTO);
	CHECK_EQ(st->reads + st->writes, 0);
	CHECK_EQ(io.copies, 0);

	/* a larger buffer: the transfer, and done says how much */
	memset(st->data, 0x5a, 1024);
	cdb_rw10(c, 0x28, 0, 2);
	io_start(c, 10, true, 4096);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_GOOD();
	CHECK_EQ(io.cmd.done, 1024);
	CHECK_EQ(io.buf[1023], 0x5a);
	CHECK_EQ(io.buf[1024], 0xcc);
	cdb_rw10(c, 0x2a, 2, 1);
	io_start(c, 10, false, 4096);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_GOOD();
	CHECK_EQ(io.cmd.done, 512);
	CHECK_EQ(st->data[1024], 0xcc);
	CHECK_EQ(st->data[1536], 0);
	io_end();
	hvsim_lun_free(&lun);
}

TEST(stor_scsi_medium_error)
{
	struct hvsim_lun lun;
	struct fake_store *st;
	u8 c[16];

	lun_make(&lun, 512, 1000);
	st = store(&lun);
	lun.bad_lba = 10;
	lun.bad_count = 5;		/* blocks 10..14 */
	/* a read reaching into the bad range from below: the first bad block */
	cdb_rw10(c, 0x28, 8, 4);
	io_start(c, 10, true, 2048);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(HVSIM_SK_MEDIUM_ERROR, 0x11, 0);
	CHECK_EQ(io.cmd.sense[0], 0xf0);		/* VALID */
	CHECK_EQ(get32(io.cmd.sense + 3), 10);		/* INFORMATION */
	/* starting inside it: its first block */
	cdb_rw16(c, 0x88, 12, 10);
	io_start(c, 16, true, 5120);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(HVSIM_SK_MEDIUM_ERROR, 0x11, 0);
	CHECK_EQ(get32(io.cmd.sense + 3), 12);
	/* a write */
	cdb_rw10(c, 0x2a, 14, 1);
	io_start(c, 10, false, 512);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(HVSIM_SK_MEDIUM_ERROR, 0x0c, 0);
	CHECK_EQ(io.cmd.sense[0], 0xf0);
	CHECK_EQ(get32(io.cmd.sense + 3), 14);
	CHECK_EQ(st->reads + st->writes, 0);
	/* just outside, either side: fine */
	cdb_rw10(c, 0x28, 15, 2);
	io_start(c, 10, true, 1024);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_GOOD();
	cdb_rw10(c, 0x28, 0, 10);
	io_start(c, 10, true, 5120);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_GOOD();
	/* the fault switched off */
	lun.bad_count = 0;
	cdb_rw10(c, 0x28, 8, 4);
	io_start(c, 10, true, 2048);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_GOOD();
	hvsim_lun_free(&lun);

	/* a bad block past 32 bits: no INFORMATION */
	lun_make(&lun, 512, 0x200000000ull);
	lun.bad_lba = 0x100000005ull;
	lun.bad_count = 1;
	cdb_rw16(c, 0x88, 0x100000000ull, 8);
	io_start(c, 16, true, 4096);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(HVSIM_SK_MEDIUM_ERROR, 0x11, 0);
	CHECK_EQ(io.cmd.sense[0], 0x70);
	CHECK_EQ(get32(io.cmd.sense + 3), 0);
	/* a long bad range: its last block is bad, the one after it is not */
	lun.bad_lba = 0x100000000ull;
	lun.bad_count = 0xffffffff;
	cdb_rw16(c, 0x88, 0x1fffffff0ull, 16);
	io_start(c, 16, true, 16 * 512);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(HVSIM_SK_MEDIUM_ERROR, 0x11, 0);
	CHECK_EQ(io.cmd.sense[0], 0x70);
	cdb_rw16(c, 0x8a, 0x1fffffffeull, 1);
	io_start(c, 16, false, 512);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(HVSIM_SK_MEDIUM_ERROR, 0x0c, 0);
	CHECK_EQ(store(&lun)->reads + store(&lun)->writes, 0);
	io_end();
	hvsim_lun_free(&lun);
}

TEST(stor_scsi_store_errors)
{
	struct hvsim_lun lun;
	struct fake_store *st;
	u8 c[16];

	lun_make(&lun, 512, 1000);
	st = store(&lun);
	/* a write the store has no memory for */
	st->write_err = -ENOMEM;
	cdb_rw10(c, 0x2a, 0, 1);
	io_start(c, 10, false, 512);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(HVSIM_SK_DATA_PROTECT, 0x27, 0x07);
	CHECK_EQ(st->writes, 1);
	cdb_ws16(c, 0, 0, 8);
	io_start(c, 16, false, 512);
	io.buf[0] = 1;
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(HVSIM_SK_DATA_PROTECT, 0x27, 0x07);
	st->write_err = 0;
	/* the initiator's memory failing under a read, a write, a WRITE SAME */
	cdb_rw10(c, 0x28, 0, 4);
	io_start(c, 10, true, 2048);
	io.fail = true;
	CHECK_INT(io_exec(&lun), -EFAULT);
	cdb_rw16(c, 0x8a, 0, 4);
	io_start(c, 16, false, 2048);
	io.fail = true;
	CHECK_INT(io_exec(&lun), -EFAULT);
	cdb_ws16(c, 0x08, 0, 4);
	io_start(c, 16, false, 512);
	io.fail = true;
	CHECK_INT(io_exec(&lun), -EFAULT);
	io_end();
	hvsim_lun_free(&lun);
}

/* ---- SYNCHRONIZE CACHE ---- */

TEST(stor_scsi_sync_cache)
{
	struct hvsim_lun lun;
	u8 c[16];

	lun_make(&lun, 512, 1000);
	memset(c, 0, sizeof(c));
	c[0] = 0x35;
	io_start(c, 10, false, 0);
	CHECK_INT(io_exec(&lun), 0);			/* all of it */
	CHECK_GOOD();
	put32(c + 2, 990);
	put16(c + 7, 10);
	io_start(c, 10, false, 0);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_GOOD();
	put16(c + 7, 11);
	io_start(c, 10, false, 0);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(ILLEGAL, ASC_LBA_RANGE, 0);
	memset(c, 0, sizeof(c));
	c[0] = 0x91;
	put64(c + 2, 500);
	put32(c + 10, 500);
	io_start(c, 16, true, 512);			/* a stray buffer moves nothing */
	CHECK_INT(io_exec(&lun), 0);
	CHECK_GOOD();
	CHECK_EQ(io.cmd.done, 0);
	put64(c + 2, ~0ull);
	put32(c + 10, 1);
	io_start(c, 16, false, 0);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(ILLEGAL, ASC_LBA_RANGE, 0);
	io_end();
	hvsim_lun_free(&lun);
}

/* ---- UNMAP ---- */

/* an UNMAP parameter list of @n descriptors into io's buffer (length @len) */
static void unmap_list(u32 len, u32 n, const u64 *lba, const u32 *count)
{
	u8 c[10];
	u32 i;

	cdb_unmap(c, len);
	io_start(c, 10, false, len);
	memset(io.buf, 0, len);
	put16(io.buf, 6 + 16 * n);
	put16(io.buf + 2, 16 * n);
	for (i = 0; i < n; i++) {
		put64(io.buf + 8 + 16 * i, lba[i]);
		put32(io.buf + 16 + 16 * i, count[i]);
	}
}

TEST(stor_scsi_unmap)
{
	static const u64 lba[] = { 10, 100, 0 };
	static const u32 count[] = { 5, 8, 0 };
	struct hvsim_lun lun;
	struct fake_store *st;
	u8 c[10];

	lun_make(&lun, 512, 1000);
	st = store(&lun);
	memset(st->data, 0x77, st->size);
	unmap_list(8 + 3 * 16, 3, lba, count);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_GOOD();
	CHECK_EQ(io.cmd.done, 8 + 3 * 16);
	CHECK_EQ(st->unmaps, 2);			/* a count of 0 unmaps nothing */
	CHECK_EQ(st->unmap_off[0], 10 * 512);
	CHECK_EQ(st->unmap_len[0], 5 * 512);
	CHECK_EQ(st->unmap_off[1], 100 * 512);
	CHECK_EQ(st->unmap_len[1], 8 * 512);
	CHECK_EQ(st->data[10 * 512 - 1], 0x77);
	CHECK_EQ(st->data[10 * 512], 0);
	CHECK_EQ(st->data[15 * 512 - 1], 0);
	CHECK_EQ(st->data[15 * 512], 0x77);
	/* the whole disk, in a list with padding after it */
	unmap_list(64, 1, (const u64[]){ 0 }, (const u32[]){ 1000 });
	CHECK_INT(io_exec(&lun), 0);
	CHECK_GOOD();
	CHECK_EQ(io.cmd.done, 24);
	CHECK_EQ(st->unmaps, 3);
	/* a parameter list length of 0: nothing */
	cdb_unmap(c, 0);
	io_start(c, 10, false, 0);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_GOOD();
	CHECK_EQ(st->unmaps, 3);
	/* 32 descriptors are allowed */
	{
		u64 l[32];
		u32 n[32], i;

		for (i = 0; i < 32; i++) {
			l[i] = i * 10;
			n[i] = 1;
		}
		unmap_list(8 + 32 * 16, 32, l, n);
		CHECK_INT(io_exec(&lun), 0);
		CHECK_GOOD();
		CHECK_EQ(st->unmaps, 35);
	}
	io_end();
	hvsim_lun_free(&lun);
}

TEST(stor_scsi_unmap_refused)
{
	struct hvsim_lun lun;
	struct fake_store *st;
	u64 l[33];
	u32 n[33], i;
	u8 c[10];

	lun_make(&lun, 512, 1000);
	st = store(&lun);
	memset(st->data, 0x77, st->size);
	/* the second descriptor passes the end: nothing is unmapped */
	unmap_list(40, 2, (const u64[]){ 0, 995 }, (const u32[]){ 10, 6 });
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE_MOVED(ILLEGAL, ASC_LBA_RANGE, 0);
	CHECK_EQ(io.cmd.done, 40);
	CHECK_EQ(st->unmaps, 0);
	CHECK_EQ(st->data[0], 0x77);
	/* ... or wraps */
	unmap_list(24, 1, (const u64[]){ ~0ull }, (const u32[]){ 2 });
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE_MOVED(ILLEGAL, ASC_LBA_RANGE, 0);

	/* malformed lists */
	unmap_list(24, 1, (const u64[]){ 0 }, (const u32[]){ 1 });
	put16(io.buf + 2, 15);				/* not a multiple of 16 */
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE_MOVED(ILLEGAL, ASC_INVALID_PARAM, 0);
	unmap_list(24, 1, (const u64[]){ 0 }, (const u32[]){ 1 });
	put16(io.buf + 2, 32);				/* more than the list holds */
	put16(io.buf, 38);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE_MOVED(ILLEGAL, ASC_INVALID_PARAM, 0);
	unmap_list(24, 1, (const u64[]){ 0 }, (const u32[]){ 1 });
	put16(io.buf, 5);				/* data length short of the descriptors */
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE_MOVED(ILLEGAL, ASC_INVALID_PARAM, 0);
	unmap_list(24, 1, (const u64[]){ 0 }, (const u32[]){ 1 });
	put16(io.buf, 40);				/* data length past the list */
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE_MOVED(ILLEGAL, ASC_INVALID_PARAM, 0);
	/* a parameter list length too short for the header */
	cdb_unmap(c, 6);
	io_start(c, 10, false, 6);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(ILLEGAL, ASC_INVALID_PARAM, 0);
	/* a buffer shorter than the list's descriptors */
	unmap_list(24, 1, (const u64[]){ 0 }, (const u32[]){ 1 });
	io.cmd.buf_len = 20;
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE_MOVED(ILLEGAL, ASC_INVALID_PARAM, 0);
	/* 33 descriptors */
	for (i = 0; i < 33; i++) {
		l[i] = i;
		n[i] = 1;
	}
	unmap_list(8 + 33 * 16, 33, l, n);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE_MOVED(ILLEGAL, ASC_INVALID_PARAM, 0);
	CHECK_EQ(st->unmaps, 0);
	CHECK_EQ(st->data[0], 0x77);
	/* ANCHOR */
	unmap_list(24, 1, (const u64[]){ 0 }, (const u32[]){ 1 });
	io.cdb[1] = 0x01;
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(ILLEGAL, ASC_INVALID_CDB, 0);
	/* a data-in buffer; unreachable memory */
	unmap_list(24, 1, (const u64[]){ 0 }, (const u32[]){ 1 });
	io.cmd.to_guest = true;
	CHECK_INT(io_exec(&lun), -EPROTO);
	unmap_list(24, 1, (const u64[]){ 0 }, (const u32[]){ 1 });
	io.fail = true;
	CHECK_INT(io_exec(&lun), -EFAULT);
	CHECK_EQ(st->unmaps, 0);
	io_end();
	hvsim_lun_free(&lun);

	/* more blocks in all than MAXIMUM UNMAP LBA COUNT */
	lun_make(&lun, 512, 0x300000000ull);
	unmap_list(40, 2, (const u64[]){ 0, 0x100000000ull }, (const u32[]){ 0xffffffff, 1 });
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE_MOVED(ILLEGAL, ASC_INVALID_PARAM, 0);
	CHECK_EQ(store(&lun)->unmaps, 0);
	io_end();
	hvsim_lun_free(&lun);
}

/* ---- WRITE SAME(16) ---- */

TEST(stor_scsi_write_same)
{
	struct hvsim_lun lun;
	struct fake_store *st;
	u32 i;
	u8 c[16];

	lun_make(&lun, 512, 1000);
	st = store(&lun);
	/* a pattern over blocks 4..7 */
	cdb_ws16(c, 0, 4, 4);
	io_start(c, 16, false, 512);
	for (i = 0; i < 512; i++)
		io.buf[i] = pattern(i);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_GOOD();
	CHECK_EQ(io.cmd.done, 512);
	CHECK_EQ(st->write_sames, 1);
	for (i = 4; i < 8; i++)
		CHECK(!memcmp(st->data + i * 512, io.buf, 512));
	CHECK_EQ(st->data[4 * 512 - 1], 0);
	CHECK_EQ(st->data[8 * 512], 0);
	CHECK_EQ(st->unmaps, 0);
	/* a zero block with UNMAP: the store unmaps */
	cdb_ws16(c, 0x08, 4, 2);
	io_start(c, 16, false, 4096);
	memset(io.buf, 0, 4096);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_GOOD();
	CHECK_EQ(io.cmd.done, 512);
	CHECK_EQ(st->write_sames, 2);
	CHECK_EQ(st->unmaps, 1);
	CHECK_EQ(st->unmap_off[0], 4 * 512);
	CHECK_EQ(st->unmap_len[0], 2 * 512);
	CHECK_EQ(st->data[6 * 512], pattern(0));
	/* NDOB: zeroes with no data-out, by unmapping */
	cdb_ws16(c, 0x01, 6, 2);
	io_start(c, 16, false, 0);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_GOOD();
	CHECK_EQ(io.cmd.done, 0);
	CHECK_EQ(st->write_sames, 2);
	CHECK_EQ(st->unmaps, 2);
	CHECK_EQ(st->unmap_off[1], 6 * 512);
	CHECK_EQ(st->unmap_len[1], 2 * 512);
	CHECK_EQ(st->data[7 * 512 + 511], 0);
	cdb_ws16(c, 0x09, 0, 1000);			/* NDOB with UNMAP, the whole disk */
	io_start(c, 16, true, 0);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_GOOD();
	CHECK_EQ(st->unmaps, 3);
	CHECK_EQ(st->unmap_len[2], 1000 * 512);

	/* refused: 0 blocks (WSNZ), over the limit, ANCHOR, WRPROTECT, LBDATA */
	cdb_ws16(c, 0, 0, 0);
	io_start(c, 16, false, 512);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(ILLEGAL, ASC_INVALID_CDB, 0);
	cdb_ws16(c, 0x10, 0, 1);
	io_start(c, 16, false, 512);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(ILLEGAL, ASC_INVALID_CDB, 0);
	cdb_ws16(c, 0x20, 0, 1);
	io_start(c, 16, false, 512);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(ILLEGAL, ASC_INVALID_CDB, 0);
	cdb_ws16(c, 0x02, 0, 1);
	io_start(c, 16, false, 512);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(ILLEGAL, ASC_INVALID_CDB, 0);
	/* out of range */
	cdb_ws16(c, 0, 999, 2);
	io_start(c, 16, false, 512);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(ILLEGAL, ASC_LBA_RANGE, 0);
	cdb_ws16(c, 0x01, ~0ull, 2);
	io_start(c, 16, false, 0);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(ILLEGAL, ASC_LBA_RANGE, 0);
	/* a data-out buffer shorter than a block, or a data-in one */
	cdb_ws16(c, 0, 0, 1);
	io_start(c, 16, false, 511);
	CHECK_INT(io_exec(&lun), -EPROTO);
	io_start(c, 16, true, 512);
	CHECK_INT(io_exec(&lun), -EPROTO);
	/* the medium-error fault */
	lun.bad_lba = 20;
	lun.bad_count = 1;
	cdb_ws16(c, 0x01, 10, 20);
	io_start(c, 16, false, 0);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(HVSIM_SK_MEDIUM_ERROR, 0x0c, 0);
	CHECK_EQ(get32(io.cmd.sense + 3), 20);
	CHECK_EQ(st->write_sames, 2);
	CHECK_EQ(st->unmaps, 3);
	CHECK(!st->bad_access);
	hvsim_lun_free(&lun);

	/* the 1 GiB limit */
	lun_make(&lun, 512, 0x10000000ull);
	cdb_ws16(c, 0x01, 0, 2097153);
	io_start(c, 16, false, 0);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(ILLEGAL, ASC_INVALID_CDB, 0);
	cdb_ws16(c, 0x01, 0, 2097152);
	io_start(c, 16, false, 0);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_GOOD();
	io_end();
	store(&lun)->bad_access = false;
	hvsim_lun_free(&lun);
}

/* ---- REPORT LUNS ---- */

TEST(stor_scsi_report_luns)
{
	struct hvsim_lun lun;
	u8 c[12];

	lun_make(&lun, 512, 1000);
	cdb_report_luns(c, 0, 4096);
	io_start(c, 12, true, 4096);
	io.cmd.lun_map = 1ull | 1ull << 1 | 1ull << 5 | 1ull << 63;
	CHECK_INT(io_exec(&lun), 0);
	CHECK_GOOD();
	CHECK_EQ(io.cmd.done, 8 + 4 * 8);
	CHECK_EQ(get32(io.buf), 4 * 8);			/* LUN list length */
	CHECK_EQ(get32(io.buf + 4), 0);
	CHECK_EQ(get64(io.buf + 8), 0);
	CHECK_EQ(get64(io.buf + 16), 0x0001000000000000ull);
	CHECK_EQ(get64(io.buf + 24), 0x0005000000000000ull);
	CHECK_EQ(get64(io.buf + 32), 0x003f000000000000ull);
	CHECK_EQ(io.buf[40], 0xcc);
	/* select report 2: the same; 1: well known LUs only, there are none */
	io_start(c, 12, true, 4096);
	io.cdb[2] = 2;
	io.cmd.lun_map = 1ull << 3;
	CHECK_INT(io_exec(&lun), 0);
	CHECK_GOOD();
	CHECK_EQ(get32(io.buf), 8);
	CHECK_EQ(get64(io.buf + 8), 0x0003000000000000ull);
	io_start(c, 12, true, 4096);
	io.cdb[2] = 1;
	io.cmd.lun_map = 1ull << 3;
	CHECK_INT(io_exec(&lun), 0);
	CHECK_GOOD();
	CHECK_EQ(io.cmd.done, 8);
	CHECK_EQ(get32(io.buf), 0);
	/* the allocation length and the buffer truncate, mid-entry too */
	cdb_report_luns(c, 0, 16);
	io_start(c, 12, true, 4096);
	io.cmd.lun_map = 0x7;
	CHECK_INT(io_exec(&lun), 0);
	CHECK_GOOD();
	CHECK_EQ(io.cmd.done, 16);
	CHECK_EQ(get32(io.buf), 24);			/* the whole list's length */
	cdb_report_luns(c, 0, 4096);
	io_start(c, 12, true, 21);
	io.cmd.lun_map = 0x7;
	CHECK_INT(io_exec(&lun), 0);
	CHECK_GOOD();
	CHECK_EQ(io.cmd.done, 21);
	CHECK_EQ(io.buf[17], 0x01);
	/* refused: select report 3, an allocation length under 16 */
	cdb_report_luns(c, 3, 4096);
	io_start(c, 12, true, 4096);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(ILLEGAL, ASC_INVALID_CDB, 0);
	cdb_report_luns(c, 0, 15);
	io_start(c, 12, true, 4096);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(ILLEGAL, ASC_INVALID_CDB, 0);
	/* a data-out buffer */
	cdb_report_luns(c, 0, 4096);
	io_start(c, 12, false, 4096);
	CHECK_INT(io_exec(&lun), -EPROTO);
	/* no LU at this LUN: still answered */
	io_start(c, 12, true, 4096);
	io.cmd.lun_map = 1ull << 2;
	CHECK_INT(io_exec(NULL), 0);
	CHECK_GOOD();
	CHECK_EQ(get32(io.buf), 8);
	CHECK_EQ(io.buf[9], 2);
	io_end();
	hvsim_lun_free(&lun);
}

/* ---- MODE SENSE ---- */

static void mode_sense6(struct hvsim_lun *lun, u8 dbd, u8 pc_page, u8 sub, u8 alloc)
{
	u8 c[6] = { 0x1a, dbd, pc_page, sub, alloc, 0 };

	io_start(c, 6, true, 255);
	CHECK_INT(io_exec(lun), 0);
}

static void mode_sense10(struct hvsim_lun *lun, u8 flags, u8 pc_page, u32 alloc)
{
	u8 c[10] = { 0x5a, flags, pc_page, 0, 0, 0, 0, 0, 0, 0 };

	put16(c + 7, alloc);
	io_start(c, 10, true, 255);
	CHECK_INT(io_exec(lun), 0);
}

TEST(stor_scsi_mode_sense6)
{
	struct hvsim_lun lun;
	const u8 *p;

	lun_make(&lun, 512, 1000);
	/* caching, with a block descriptor */
	mode_sense6(&lun, 0, 0x08, 0, 255);
	CHECK_GOOD();
	CHECK_EQ(io.cmd.done, 4 + 8 + 20);
	CHECK_EQ(io.buf[0], 4 + 8 + 20 - 1);		/* mode data length */
	CHECK_EQ(io.buf[1], 0);				/* medium type */
	CHECK_EQ(io.buf[2], 0);				/* not WP, DPOFUA 0 */
	CHECK_EQ(io.buf[3], 8);				/* block descriptor length */
	CHECK_EQ(get32(io.buf + 4), 1000);
	CHECK_EQ(get32(io.buf + 8) & 0xffffff, 512);
	p = io.buf + 12;
	CHECK_EQ(p[0] & 0x3f, 0x08);
	CHECK_EQ(p[1], 0x12);
	CHECK_EQ(p[2] & 0x04, 0x04);			/* WCE */
	CHECK_EQ(p[2] & 0x01, 0);			/* RCD 0: read cache enabled */
	/* control, without a block descriptor */
	mode_sense6(&lun, 0x08, 0x0a, 0, 255);
	CHECK_GOOD();
	CHECK_EQ(io.cmd.done, 4 + 12);
	CHECK_EQ(io.buf[0], 4 + 12 - 1);
	CHECK_EQ(io.buf[3], 0);
	CHECK_EQ(io.buf[4] & 0x3f, 0x0a);
	CHECK_EQ(io.buf[5], 0x0a);
	CHECK_EQ(io.buf[6] & 0x04, 0);			/* D_SENSE 0: fixed-format sense */
	/* all pages, ascending, all subpages too */
	mode_sense6(&lun, 0x08, 0x3f, 0xff, 255);
	CHECK_GOOD();
	CHECK_EQ(io.cmd.done, 4 + 20 + 12);
	CHECK_EQ(io.buf[4] & 0x3f, 0x08);
	CHECK_EQ(io.buf[24] & 0x3f, 0x0a);
	/* changeable values: nothing is */
	mode_sense6(&lun, 0x08, 0x40 | 0x08, 0, 255);
	CHECK_GOOD();
	CHECK_EQ(io.buf[4] & 0x3f, 0x08);
	CHECK_EQ(io.buf[6], 0);
	/* default values: as current */
	mode_sense6(&lun, 0x08, 0x80 | 0x08, 0, 255);
	CHECK_GOOD();
	CHECK_EQ(io.buf[6] & 0x04, 0x04);
	/* truncated by the allocation length */
	mode_sense6(&lun, 0, 0x3f, 0, 4);
	CHECK_GOOD();
	CHECK_EQ(io.cmd.done, 4);
	CHECK_EQ(io.buf[0], 4 + 8 + 20 + 12 - 1);
	CHECK_EQ(io.buf[4], 0xcc);
	/* saved values; an unknown page; an unknown subpage */
	mode_sense6(&lun, 0, 0xc0 | 0x08, 0, 255);
	CHECK_SENSE(ILLEGAL, 0x39, 0);
	mode_sense6(&lun, 0, 0x1c, 0, 255);
	CHECK_SENSE(ILLEGAL, ASC_INVALID_CDB, 0);
	mode_sense6(&lun, 0, 0x08, 1, 255);
	CHECK_SENSE(ILLEGAL, ASC_INVALID_CDB, 0);
	hvsim_lun_free(&lun);

	/* more blocks than the short descriptor holds */
	lun_make(&lun, 4096, 0x100000001ull);
	mode_sense6(&lun, 0, 0x08, 0, 255);
	CHECK_GOOD();
	CHECK_EQ(get32(io.buf + 4), 0xffffffff);
	CHECK_EQ(get32(io.buf + 8) & 0xffffff, 4096);
	io_end();
	hvsim_lun_free(&lun);
}

TEST(stor_scsi_mode_sense10)
{
	struct hvsim_lun lun;

	lun_make(&lun, 4096, 0x100000001ull);
	mode_sense10(&lun, 0, 0x3f, 1024);
	CHECK_GOOD();
	CHECK_EQ(io.cmd.done, 8 + 8 + 20 + 12);
	CHECK_EQ(get16(io.buf), 8 + 8 + 20 + 12 - 2);	/* mode data length */
	CHECK_EQ(io.buf[3], 0);				/* device-specific: DPOFUA 0 */
	CHECK_EQ(io.buf[4] & 1, 0);			/* not LONGLBA */
	CHECK_EQ(get16(io.buf + 6), 8);
	CHECK_EQ(get32(io.buf + 8), 0xffffffff);
	CHECK_EQ(io.buf[16] & 0x3f, 0x08);
	CHECK_EQ(io.buf[18] & 0x04, 0x04);
	CHECK_EQ(io.buf[36] & 0x3f, 0x0a);
	/* LLBAA: a long LBA block descriptor */
	mode_sense10(&lun, 0x10, 0x08, 1024);
	CHECK_GOOD();
	CHECK_EQ(io.cmd.done, 8 + 16 + 20);
	CHECK_EQ(io.buf[4] & 1, 1);
	CHECK_EQ(get16(io.buf + 6), 16);
	CHECK_EQ(get64(io.buf + 8), 0x100000001ull);
	CHECK_EQ(get32(io.buf + 20), 4096);
	CHECK_EQ(io.buf[24] & 0x3f, 0x08);
	/* DBD */
	mode_sense10(&lun, 0x18, 0x0a, 1024);
	CHECK_GOOD();
	CHECK_EQ(io.cmd.done, 8 + 12);
	CHECK_EQ(get16(io.buf + 6), 0);
	CHECK_EQ(io.buf[8] & 0x3f, 0x0a);
	/* allocation length */
	mode_sense10(&lun, 0x08, 0x08, 10);
	CHECK_GOOD();
	CHECK_EQ(io.cmd.done, 10);
	CHECK_EQ(io.buf[10], 0xcc);
	/* saved values; unknown page */
	mode_sense10(&lun, 0, 0xc0 | 0x3f, 1024);
	CHECK_SENSE(ILLEGAL, 0x39, 0);
	mode_sense10(&lun, 0, 0x01, 1024);
	CHECK_SENSE(ILLEGAL, ASC_INVALID_CDB, 0);
	io_end();
	hvsim_lun_free(&lun);
}

/* ---- TEST UNIT READY, REQUEST SENSE ---- */

TEST(stor_scsi_test_unit_ready_request_sense)
{
	struct hvsim_lun lun;
	u8 tur[6] = { 0 }, rs[6] = { 0x03, 0, 0, 0, 252, 0 };

	lun_make(&lun, 512, 1000);
	io_start(tur, 6, false, 0);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_GOOD();
	CHECK_EQ(io.cmd.done, 0);
	io_start(rs, 6, true, 252);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_GOOD();
	CHECK_EQ(io.cmd.done, 18);
	CHECK_EQ(io.buf[0], 0x70);
	CHECK_EQ(io.buf[2] & 0x0f, HVSIM_SK_NO_SENSE);
	CHECK_EQ(io.buf[7], 10);
	CHECK_EQ(io.buf[12], 0);
	CHECK_EQ(io.buf[13], 0);
	/* DESC: fixed format all the same; a short allocation length */
	rs[1] = 0x01;
	rs[4] = 8;
	io_start(rs, 6, true, 252);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_GOOD();
	CHECK_EQ(io.cmd.done, 8);
	CHECK_EQ(io.buf[0], 0x70);
	CHECK_EQ(io.buf[8], 0xcc);
	io_end();
	hvsim_lun_free(&lun);
}

/* ---- the table ---- */

TEST(stor_scsi_known_opcodes)
{
	static const u8 known[] = {
		0x00, 0x03, 0x08, 0x0a, 0x12, 0x1a, 0x25, 0x28, 0x2a, 0x35,
		0x42, 0x5a, 0x88, 0x8a, 0x91, 0x93, 0x9e, 0xa0,
	};
	struct hvsim_lun lun;
	u32 i, j, n = 0;
	u8 c[16];

	for (i = 0; i < 256; i++) {
		bool want = false;

		for (j = 0; j < ARRAY_SIZE(known); j++)
			want |= known[j] == i;
		CHECK_EQ(hvsim_scsi_known((u8)i), want);
		n += want;
	}
	CHECK_EQ(n, ARRAY_SIZE(known));

	/* an unknown opcode: MODE SELECT(10), VERIFY(16), ... */
	lun_make(&lun, 512, 1000);
	memset(c, 0, sizeof(c));
	c[0] = 0x55;
	io_start(c, 10, false, 0);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(ILLEGAL, ASC_INVALID_OPCODE, 0);
	c[0] = 0xff;
	io_start(c, 16, true, 64);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(ILLEGAL, ASC_INVALID_OPCODE, 0);
	/* a CDB shorter than its opcode's */
	cdb_rw10(c, 0x28, 0, 1);
	io_start(c, 9, true, 512);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(ILLEGAL, ASC_INVALID_CDB, 0);
	cdb_inquiry(c, 0, 0, 36);
	io_start(c, 5, true, 36);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(ILLEGAL, ASC_INVALID_CDB, 0);
	cdb_report_luns(c, 0, 64);
	io_start(c, 10, true, 64);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(ILLEGAL, ASC_INVALID_CDB, 0);
	/* a longer one is fine */
	cdb_inquiry(c, 0, 0, 36);
	io_start(c, 16, true, 36);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_GOOD();
	/* NACA in the control byte (NORMACA is 0) */
	cdb_rw10(c, 0x28, 0, 1);
	c[9] = 0x04;
	io_start(c, 10, true, 512);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(ILLEGAL, ASC_INVALID_CDB, 0);
	/* no CDB, or one too long */
	io_start(c, 0, true, 512);
	CHECK_INT(io_exec(&lun), -EPROTO);
	io_start(c, 16, true, 512);
	io.cmd.cdb_len = 17;
	io.cdb_len = 16;
	CHECK_INT(io_exec(&lun), -EPROTO);
	/* a LUN the target cannot compute with */
	lun.sector_size = 520;
	cdb_inquiry(c, 0, 0, 36);
	io_start(c, 6, true, 36);
	CHECK_INT(io_exec(&lun), 0);
	CHECK_SENSE(HVSIM_SK_HARDWARE_ERROR, 0x44, 0);
	lun.sector_size = 512;
	io_end();
	hvsim_lun_free(&lun);
}

TEST(stor_scsi_no_lun)
{
	u8 c[16];

	/* INQUIRY: peripheral qualifier 3, device type 1Fh */
	cdb_inquiry(c, 0, 0, 36);
	io_start(c, 6, true, 36);
	CHECK_INT(io_exec(NULL), 0);
	CHECK_GOOD();
	CHECK_EQ(io.cmd.done, 36);
	CHECK_EQ(io.buf[0], 0x7f);
	CHECK_EQ(io.buf[4], 31);
	/* but no VPD pages */
	cdb_inquiry(c, 1, 0x00, 255);
	io_start(c, 6, true, 255);
	CHECK_INT(io_exec(NULL), 0);
	CHECK_SENSE(ILLEGAL, ASC_NO_LUN, 0);
	/* REQUEST SENSE: why, as data */
	memset(c, 0, sizeof(c));
	c[0] = 0x03;
	c[4] = 18;
	io_start(c, 6, true, 18);
	CHECK_INT(io_exec(NULL), 0);
	CHECK_GOOD();
	CHECK_EQ(io.cmd.done, 18);
	CHECK_EQ(io.buf[0], 0x70);
	CHECK_EQ(io.buf[2] & 0x0f, ILLEGAL);
	CHECK_EQ(io.buf[12], ASC_NO_LUN);
	CHECK_EQ(io.buf[13], 0);
	/* anything else: LOGICAL UNIT NOT SUPPORTED, known opcode or not */
	memset(c, 0, sizeof(c));
	io_start(c, 6, false, 0);			/* TEST UNIT READY */
	CHECK_INT(io_exec(NULL), 0);
	CHECK_SENSE(ILLEGAL, ASC_NO_LUN, 0);
	cdb_rw10(c, 0x28, 0, 1);
	io_start(c, 10, true, 512);
	CHECK_INT(io_exec(NULL), 0);
	CHECK_SENSE(ILLEGAL, ASC_NO_LUN, 0);
	c[0] = 0x25;
	io_start(c, 10, true, 8);
	CHECK_INT(io_exec(NULL), 0);
	CHECK_SENSE(ILLEGAL, ASC_NO_LUN, 0);
	c[0] = 0x55;
	io_start(c, 10, true, 8);
	CHECK_INT(io_exec(NULL), 0);
	CHECK_SENSE(ILLEGAL, ASC_NO_LUN, 0);
	io_end();
}
