/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The simulated disk behind StorVSP: a SCSI target per logical unit
 * (stor_scsi.c) over a RAM backing store (stor_lun.c).
 *
 * stor_scsi.c is table-driven command emulation from SPC-4/SBC-3: it
 * decodes a CDB, checks it as a real target would, moves data through the
 * command's copy callback and sets SAM status and fixed-format sense. It is
 * plain C on the kernel's integer types with no kernel service, so the same
 * file builds into hv_sim.ko and into the userspace unit tests against
 * their header shim (tests/unit provides its own hvsim_lun_* backing).
 *
 * stor_lun.c keeps each LUN's data as a sparse set of pages (never written
 * or unmapped: reads as zeroes), so a large thin disk costs only what the
 * guest writes.
 *
 * Who calls: StorVSP (stor_vsp.c) from a channel's I/O work, so commands
 * of different channels run concurrently on the same LUN; the backing store
 * makes that safe (see struct hvsim_lun). Process context, may sleep
 * briefly; nothing here allocates memory in a way that waits for I/O
 * (GFP_NOIO), since the guest's own writeback may be what needs the memory.
 */
#ifndef HVSIM_STOR_TARGET_H
#define HVSIM_STOR_TARGET_H

#include <linux/types.h>

#define HVSIM_STOR_SENSE_LEN	18	/* fixed-format sense, as built here */
#define HVSIM_STOR_MAX_LUNS	64	/* LUNs 0..63 of the controller's one target */
#define HVSIM_STOR_MAX_CDB	16

/* SAM status */
#define HVSIM_SAM_GOOD			0x00
#define HVSIM_SAM_CHECK_CONDITION	0x02
#define HVSIM_SAM_BUSY			0x08
#define HVSIM_SAM_TASK_SET_FULL		0x28

/* sense keys */
#define HVSIM_SK_NO_SENSE		0x0
#define HVSIM_SK_NOT_READY		0x2
#define HVSIM_SK_MEDIUM_ERROR		0x3
#define HVSIM_SK_HARDWARE_ERROR		0x4
#define HVSIM_SK_ILLEGAL_REQUEST	0x5
#define HVSIM_SK_UNIT_ATTENTION		0x6
#define HVSIM_SK_DATA_PROTECT		0x7
#define HVSIM_SK_ABORTED_COMMAND	0xb

/**
 * struct hvsim_lun - one logical unit and its data
 * @lun:	its number, 0..HVSIM_STOR_MAX_LUNS - 1
 * @sector_size: logical block size, 512 or 4096
 * @sectors:	capacity in logical blocks
 * @id:		unique for the module's life (serial number, NAA designator)
 * @bad_lba:	medium-error fault: first logical block that fails ...
 * @bad_count:	... and how many (0: no fault); set by the fault knob while
 *		I/O runs, so read once per command (READ_ONCE)
 * @priv:	the backing store's own state (stor_lun.c; the unit tests' fake)
 *
 * Counters are StorVSP's; the LUN holds only what a SCSI target knows.
 */
struct hvsim_lun {
	u8 lun;
	u32 sector_size;
	u64 sectors;
	u64 id;
	u64 bad_lba;
	u32 bad_count;
	void *priv;
};

/**
 * struct hvsim_stor_cmd - one SCSI command as the target sees it
 * @cdb:	the command descriptor block
 * @cdb_len:	its length as the initiator gave it (1..16)
 * @buf_len:	bytes of the initiator's data buffer
 * @to_guest:	the buffer is data-in (the target writes it); else data-out
 * @copy:	moves the next @len bytes between @kbuf and the initiator's
 *		buffer, in the command's direction, starting where the last
 *		call stopped; never more than @buf_len in all. Returns 0, or
 *		-EFAULT when the initiator's memory cannot be reached.
 * @ctx:	for @copy
 * @lun_map:	the controller's LUNs, bit N for LUN N (REPORT LUNS)
 * @done:	out: bytes moved by @copy (counted by the target, not by @copy)
 * @status:	out: SAM status
 * @sense:	out: fixed-format sense data, when @sense_len
 * @sense_len:	out: HVSIM_STOR_SENSE_LEN with CHECK CONDITION, else 0
 */
struct hvsim_stor_cmd {
	const u8 *cdb;
	u32 cdb_len;
	u32 buf_len;
	bool to_guest;
	int (*copy)(struct hvsim_stor_cmd *cmd, void *kbuf, u32 len);
	void *ctx;
	u64 lun_map;
	u32 done;
	u8 status;
	u8 sense[HVSIM_STOR_SENSE_LEN];
	u8 sense_len;
};

/* stor_scsi.c */
int hvsim_scsi_exec(struct hvsim_lun *lun, struct hvsim_stor_cmd *cmd);
bool hvsim_scsi_known(u8 opcode);
int hvsim_scsi_check(struct hvsim_stor_cmd *cmd, u8 key, u8 asc, u8 ascq);

#define HVSIM_ASC_INVALID_FIELD_CDB	0x24

/*
 * The backing store (stor_lun.c in the kernel). Offsets and lengths are in
 * bytes, within the LUN's capacity (the caller checked). read and write move
 * the data through cmd->copy; they return 0, -EFAULT (cmd->copy failed) or
 * -ENOMEM (write: no page for new data). write_same reads one logical block
 * through cmd->copy and repeats it over [off, off + len); a block of zeroes
 * unmaps instead (unmapped blocks read as zeroes).
 */
int hvsim_lun_init(struct hvsim_lun *lun);
void hvsim_lun_free(struct hvsim_lun *lun);
int hvsim_lun_read(struct hvsim_lun *lun, u64 off, u32 len, struct hvsim_stor_cmd *cmd);
int hvsim_lun_write(struct hvsim_lun *lun, u64 off, u32 len, struct hvsim_stor_cmd *cmd);
int hvsim_lun_write_same(struct hvsim_lun *lun, u64 off, u64 len, struct hvsim_stor_cmd *cmd);
void hvsim_lun_unmap(struct hvsim_lun *lun, u64 off, u64 len);
u64 hvsim_lun_pages(const struct hvsim_lun *lun);
/*
 * A new LUN's first contents, one page at a page-aligned @off, before the
 * guest can see the LUN; a page of zeroes stays unallocated. 0 or -ENOMEM.
 */
int hvsim_lun_preload(struct hvsim_lun *lun, u64 off, const void *src);

#endif /* HVSIM_STOR_TARGET_H */
