// SPDX-License-Identifier: GPL-2.0
/*
 * The simulated disk's backing store (see stor_target.h): each LUN's data
 * is a sparse set of order-0 pages in an xarray indexed by page number
 * (byte offset >> PAGE_SHIFT). A page exists once a write puts data in
 * it; reads of a missing page return zeroes; unmapping frees the pages a
 * range covers whole and zeroes its part of the others (freeing one that
 * is then all zeroes). hvsim_lun_pages() counts the pages that exist.
 *
 * Locking: commands of different channels run at once on one LUN, from
 * workqueues (process context). A per-LUN rw_semaphore is taken shared by
 * reads, writes and the writing half of WRITE SAME, which then copy to or
 * from pages with no other lock held, and exclusively by unmaps, the only
 * thing that frees or zeroes pages: so no page is ever freed while a
 * command copies from or to it, and an unmap's zeroes never interleave
 * with a write's data. Concurrent writes to one page (different blocks of
 * it, or the same blocks: SCSI leaves the order of overlapping commands
 * to the initiator) just copy; two of them finding the page missing race
 * to insert theirs with xa_cmpxchg(), and the loser copies its bytes into
 * the winner's page. A new page becomes visible only once its bytes are
 * written (the write's, and zeroes for the rest of a partial page), so a
 * concurrent read never sees uninitialised memory.
 *
 * Memory: pages are allocated on the I/O path with GFP_NOIO, since the
 * memory may be wanted back from the very writeback this disk is serving
 * (the guest runs in the same kernel), and with __GFP_RETRY_MAYFAIL, so
 * that a full disk fails a write (-ENOMEM: the target's DATA PROTECT,
 * space allocation failed) instead of looping in the allocator for memory
 * only that write's completion could free; __GFP_NOWARN, because the guest
 * hears of it. They come from the linear map (no __GFP_HIGHMEM), so
 * page_address() is always valid and cmd->copy may sleep with it.
 */
#include <linux/atomic.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/rwsem.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/xarray.h>

#include "stor_target.h"

#define HVSIM_LUN_GFP	(GFP_NOIO | __GFP_RETRY_MAYFAIL | __GFP_NOWARN)

/**
 * struct hvsim_lun_store - a LUN's data (its struct hvsim_lun's priv)
 * @pages:	page number -> struct page, for the pages that exist
 * @lock:	shared: reading or writing page contents; exclusive: unmapping
 * @nr_pages:	pages in @pages, for debugfs
 */
struct hvsim_lun_store {
	struct xarray pages;
	struct rw_semaphore lock;
	atomic64_t nr_pages;
};

/**
 * hvsim_lun_init() - give a LUN an empty backing store (all zeroes)
 * @lun:	the LUN, with its sector size and capacity set
 *
 * Context: process context, may sleep.
 *
 * Return: 0; -EINVAL for a sector size other than 512 or 4096 or a
 * capacity whose pages cannot be numbered; -ENOMEM.
 */
int hvsim_lun_init(struct hvsim_lun *lun)
{
	struct hvsim_lun_store *st;
	u32 ss = lun->sector_size;
	u64 bytes;

	if (ss != 512 && ss != 4096)
		return -EINVAL;
	if (lun->sectors > U64_MAX / ss)
		return -EINVAL;
	bytes = lun->sectors * ss;
	/* only a 32-bit kernel can have more pages than an xarray index holds */
	if ((bytes >> PAGE_SHIFT) != (unsigned long)(bytes >> PAGE_SHIFT))
		return -EINVAL;
	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	xa_init(&st->pages);
	init_rwsem(&st->lock);
	atomic64_set(&st->nr_pages, 0);
	lun->priv = st;
	return 0;
}

/**
 * hvsim_lun_free() - free a LUN's backing store and all its data
 * @lun:	the LUN; no command may be running on it
 *
 * Context: process context, may sleep.
 */
void hvsim_lun_free(struct hvsim_lun *lun)
{
	struct hvsim_lun_store *st = lun->priv;
	unsigned long idx;
	struct page *page;

	if (!st)
		return;
	xa_for_each(&st->pages, idx, page) {
		__free_page(page);
		cond_resched();
	}
	xa_destroy(&st->pages);
	kfree(st);
	lun->priv = NULL;
}

/**
 * hvsim_lun_read() - read from a LUN through cmd->copy
 * @lun:	the LUN
 * @off:	the first byte
 * @len:	how many; [@off, @off + @len) is within the capacity
 * @cmd:	the command, whose copy moves the data to the initiator
 *
 * Context: process context, may sleep.
 *
 * Return: 0, or -EFAULT when cmd->copy failed (part may have moved).
 */
int hvsim_lun_read(struct hvsim_lun *lun, u64 off, u32 len, struct hvsim_stor_cmd *cmd)
{
	struct hvsim_lun_store *st = lun->priv;
	int ret = 0;

	down_read(&st->lock);
	while (len && !ret) {
		u32 poff = offset_in_page(off);
		u32 n = min_t(u32, len, PAGE_SIZE - poff);
		struct page *page = xa_load(&st->pages, off >> PAGE_SHIFT);
		/* copy() only reads kbuf for data-in: the zero page stays zero */
		void *src = page ? page_address(page) + poff : page_address(ZERO_PAGE(0));

		if (cmd->copy(cmd, src, n))
			ret = -EFAULT;
		off += n;
		len -= n;
	}
	up_read(&st->lock);
	return ret;
}

/*
 * The page that @n bytes of page @idx are to be written to: the one that
 * exists, or a new one (*@fresh), zeroed unless the write covers all of
 * it, for hvsim_lun_publish() once written. Under st->lock, shared.
 */
static struct page *hvsim_lun_page_for_write(struct hvsim_lun_store *st, unsigned long idx,
					     u32 n, bool *fresh)
{
	struct page *page = xa_load(&st->pages, idx);
	gfp_t gfp = HVSIM_LUN_GFP;

	*fresh = !page;
	if (page)
		return page;
	if (n < PAGE_SIZE)
		gfp |= __GFP_ZERO;
	return alloc_page(gfp);
}

/*
 * Make a new page, whose bytes [@poff, @poff + @n) are written, the page
 * at @idx. If another write inserted one meanwhile, that one stays and
 * gets these bytes (the rest of ours is zeroes, or theirs, that another
 * write may have put there). Under st->lock, shared: no unmap runs.
 */
static int hvsim_lun_publish(struct hvsim_lun_store *st, unsigned long idx, struct page *page,
			     u32 poff, u32 n)
{
	struct page *old = xa_cmpxchg(&st->pages, idx, NULL, page, HVSIM_LUN_GFP);

	if (xa_is_err(old)) {
		__free_page(page);
		return -ENOMEM;
	}
	if (old) {
		memcpy(page_address(old) + poff, page_address(page) + poff, n);
		__free_page(page);
		return 0;
	}
	atomic64_inc(&st->nr_pages);
	return 0;
}

/**
 * hvsim_lun_write() - write to a LUN through cmd->copy
 * @lun:	the LUN
 * @off:	the first byte
 * @len:	how many; [@off, @off + @len) is within the capacity
 * @cmd:	the command, whose copy moves the data from the initiator
 *
 * Context: process context, may sleep.
 *
 * Return: 0; -EFAULT when cmd->copy failed; -ENOMEM when no page could be
 * had for new data. On an error, part of the data may have been written.
 */
int hvsim_lun_write(struct hvsim_lun *lun, u64 off, u32 len, struct hvsim_stor_cmd *cmd)
{
	struct hvsim_lun_store *st = lun->priv;
	int ret = 0;

	down_read(&st->lock);
	while (len && !ret) {
		unsigned long idx = off >> PAGE_SHIFT;
		u32 poff = offset_in_page(off);
		u32 n = min_t(u32, len, PAGE_SIZE - poff);
		struct page *page;
		bool fresh;

		page = hvsim_lun_page_for_write(st, idx, n, &fresh);
		if (!page) {
			ret = -ENOMEM;
			break;
		}
		if (cmd->copy(cmd, page_address(page) + poff, n))
			ret = -EFAULT;
		if (fresh && ret)
			__free_page(page);
		else if (fresh)
			ret = hvsim_lun_publish(st, idx, page, poff, n);
		off += n;
		len -= n;
	}
	up_read(&st->lock);
	return ret;
}

/* @n bytes of the pattern @block (@bs bytes) repeated, from its byte @boff */
static void hvsim_lun_fill(u8 *dst, u32 n, const u8 *block, u32 bs, u32 boff)
{
	while (n) {
		u32 k = min(n, bs - boff);

		memcpy(dst, block + boff, k);
		dst += k;
		n -= k;
		boff = 0;
	}
}

/**
 * hvsim_lun_write_same() - repeat one logical block over a range
 * @lun:	the LUN
 * @off:	the first byte
 * @len:	how many; [@off, @off + @len) is within the capacity
 * @cmd:	the command, whose copy gives the one block (sector_size bytes)
 *
 * A block of zeroes unmaps the range instead (it then reads as zeroes,
 * and costs no memory: the usual way to zero a thin disk).
 *
 * Context: process context, may sleep.
 *
 * Return: 0; -EFAULT when cmd->copy failed; -ENOMEM when no memory could
 * be had (then part of the range may have been written).
 */
int hvsim_lun_write_same(struct hvsim_lun *lun, u64 off, u64 len, struct hvsim_stor_cmd *cmd)
{
	struct hvsim_lun_store *st = lun->priv;
	u32 bs = lun->sector_size;
	u8 *block;
	int ret = 0;

	block = kmalloc(bs, HVSIM_LUN_GFP);
	if (!block)
		return -ENOMEM;
	if (cmd->copy(cmd, block, bs)) {
		ret = -EFAULT;
		goto out;
	}
	if (!memchr_inv(block, 0, bs)) {
		hvsim_lun_unmap(lun, off, len);
		goto out;
	}
	down_read(&st->lock);
	while (len && !ret) {
		unsigned long idx = off >> PAGE_SHIFT;
		u32 poff = offset_in_page(off);
		u32 n = min_t(u64, len, PAGE_SIZE - poff);
		struct page *page;
		bool fresh;

		page = hvsim_lun_page_for_write(st, idx, n, &fresh);
		if (!page) {
			ret = -ENOMEM;
			break;
		}
		hvsim_lun_fill(page_address(page) + poff, n, block, bs, (u32)off & (bs - 1));
		if (fresh)
			ret = hvsim_lun_publish(st, idx, page, poff, n);
		off += n;
		len -= n;
		cond_resched();
	}
	up_read(&st->lock);
out:
	kfree(block);
	return ret;
}

/*
 * Zero [@poff, @poff + @n) of page @idx, if it exists, and free it if it
 * is then all zeroes. Under st->lock, exclusive.
 */
static void hvsim_lun_zero_part(struct hvsim_lun_store *st, unsigned long idx, u32 poff, u32 n)
{
	struct page *page = xa_load(&st->pages, idx);

	if (!page)
		return;
	memset(page_address(page) + poff, 0, n);
	if (memchr_inv(page_address(page), 0, PAGE_SIZE))
		return;
	xa_erase(&st->pages, idx);
	__free_page(page);
	atomic64_dec(&st->nr_pages);
}

/**
 * hvsim_lun_unmap() - make a range read as zeroes, freeing its memory
 * @lun:	the LUN
 * @off:	the first byte
 * @len:	how many; [@off, @off + @len) is within the capacity
 *
 * Pages the range covers whole are freed; the range's part of the pages
 * at its ends is zeroed (and such a page freed if it is then all zeroes).
 * Waits for the commands copying from or to the LUN's pages to finish.
 *
 * Context: process context, may sleep.
 */
void hvsim_lun_unmap(struct hvsim_lun *lun, u64 off, u64 len)
{
	struct hvsim_lun_store *st = lun->priv;
	u64 end = off + len;
	unsigned long idx;
	struct page *page;
	u32 poff, n;

	if (!len)
		return;
	down_write(&st->lock);
	poff = offset_in_page(off);
	if (poff) {
		n = min_t(u64, len, PAGE_SIZE - poff);
		hvsim_lun_zero_part(st, off >> PAGE_SHIFT, poff, n);
		off += n;
	}
	if (off < end && offset_in_page(end)) {
		hvsim_lun_zero_part(st, end >> PAGE_SHIFT, 0, offset_in_page(end));
		end -= offset_in_page(end);
	}
	if (off < end) {
		xa_for_each_range(&st->pages, idx, page, off >> PAGE_SHIFT,
				  (end >> PAGE_SHIFT) - 1) {
			xa_erase(&st->pages, idx);
			__free_page(page);
			atomic64_dec(&st->nr_pages);
			cond_resched();
		}
	}
	up_write(&st->lock);
}

/**
 * hvsim_lun_pages() - pages of data a LUN holds
 * @lun:	the LUN
 *
 * Return: the number of pages allocated for its data at this moment.
 */
u64 hvsim_lun_pages(const struct hvsim_lun *lun)
{
	const struct hvsim_lun_store *st = lun->priv;

	return st ? atomic64_read(&st->nr_pages) : 0;
}

/**
 * hvsim_lun_preload() - one page of a new LUN's first contents
 * @lun:	the LUN, not yet visible to the guest: nothing else runs on it
 * @off:	page-aligned byte offset within its capacity
 * @src:	PAGE_SIZE bytes; a page of zeroes stays unallocated (thin)
 *
 * Context: process context, may sleep. GFP_NOIO, as on the I/O path: the
 * caller holds the VMBus server's lock, and the guest's writeback to
 * another of these disks may be what reclaim would wait for.
 * Return: 0, or -ENOMEM.
 */
int hvsim_lun_preload(struct hvsim_lun *lun, u64 off, const void *src)
{
	struct hvsim_lun_store *st = lun->priv;
	struct page *page;
	void *old;

	if (!memchr_inv(src, 0, PAGE_SIZE))
		return 0;
	page = alloc_page(HVSIM_LUN_GFP);
	if (!page)
		return -ENOMEM;
	memcpy(page_address(page), src, PAGE_SIZE);
	old = xa_store(&st->pages, off >> PAGE_SHIFT, page, HVSIM_LUN_GFP);
	if (xa_is_err(old)) {
		__free_page(page);
		return xa_err(old);
	}
	if (old)
		__free_page(old);
	else
		atomic64_inc(&st->nr_pages);
	return 0;
}
