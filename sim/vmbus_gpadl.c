// SPDX-License-Identifier: GPL-2.0
/*
 * GPADLs: guest memory the guest hands to the host, page by page.
 *
 * GPADL_HEADER names the handle (chosen by the guest), the channel, the
 * number of ranges and the size of the range buffer: each range is
 * {byte_count, byte_offset} followed by one PFN per page it spans. The
 * buffer starts in the header message and continues, in order, in
 * GPADL_BODY messages. When all of it has arrived the host parses it,
 * takes a reference to every page through its PFN (never any other way) and
 * maps them contiguously with vmap(); then it answers GPADL_CREATED, with a
 * failure status if anything was wrong (the guest waits for that answer, so
 * every GPADL_HEADER the host can attribute gets one). GPADL_TEARDOWN is
 * answered with GPADL_TORNDOWN, except for the rings of a channel still
 * open: as on Hyper-V (whose device holds the ring's pages until it closes)
 * the answer is held back until the guest closes the channel, and a guest
 * that waits for it before closing hangs here as it would there. A second
 * GPADL_TEARDOWN of it meanwhile, or of an unknown GPADL, gets nothing.
 *
 * Limits (a guest must not make the host allocate without bound): the range
 * buffer is at most 64 KiB (its length is 16 bits), so at most
 * HVSIM_VMBUS_GPADL_MAX_PAGES pages; at most HVSIM_GPADL_MAX GPADLs exist
 * and HVSIM_GPADL_MAX_PARTIAL are being assembled at any time.
 *
 * Locking: everything here runs under hvsim_vmbus.lock (the control work),
 * except hvsim_gpadl_get_io(): a device's I/O work (NetVSP's receive and
 * send buffers) may look a GPADL up and reference it without the lock. It
 * does so under the xarray's own lock: a GPADL is erased from the table
 * (under that lock) before the table's reference is dropped, so one found
 * there still holds that reference and can take another. It sees a GPADL
 * only once it is complete (store-release of ->complete after the mapping).
 * The last put may then come from an I/O work: releasing needs process
 * context (vunmap) but not the lock, since the table holds its own
 * reference while the GPADL is in it.
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/xarray.h>

#include "hvsim.h"
#include "vmbus_host.h"

#define HVSIM_GPADL_MAX		4096
#define HVSIM_GPADL_MAX_PARTIAL	64

static DEFINE_XARRAY(hvsim_gpadls);
static unsigned int hvsim_gpadl_nr;		/* in the table */
static unsigned int hvsim_gpadl_partial;	/* of which being assembled */

static void hvsim_gpadl_release(struct kref *ref)
{
	struct hvsim_gpadl *g = container_of(ref, struct hvsim_gpadl, ref);
	u32 i;

	if (g->va)
		vunmap(g->va);
	for (i = 0; g->pages && i < g->npages; i++)
		hvsim_gpa_put(g->pages[i]);
	kvfree(g->pages);
	kvfree(g->buf);
	kfree(g);
}

/**
 * hvsim_gpadl_put() - drop a reference
 * @gpadl:	the GPADL, or NULL
 *
 * Context: process context (vunmap); hvsim_vmbus.lock held, or the
 * reference is the caller's own (an I/O work's, from hvsim_gpadl_get_io()).
 */
void hvsim_gpadl_put(struct hvsim_gpadl *gpadl)
{
	if (gpadl)
		kref_put(&gpadl->ref, hvsim_gpadl_release);
}

/**
 * hvsim_gpadl_get() - a complete GPADL by handle, referenced
 * @handle:	the guest's handle
 *
 * Context: hvsim_vmbus.lock held.
 * Return: the GPADL, or NULL if there is no complete one with that handle.
 */
struct hvsim_gpadl *hvsim_gpadl_get(u32 handle)
{
	struct hvsim_gpadl *g = xa_load(&hvsim_gpadls, handle);

	if (!g || !g->complete || g->tearing_down)
		return NULL;
	kref_get(&g->ref);
	return g;
}

/**
 * hvsim_gpadl_get_io() - a complete GPADL of a channel, referenced, without
 * hvsim_vmbus.lock
 * @handle:	the guest's handle
 * @relid:	the channel the GPADL must belong to
 *
 * For a device's I/O work, which must not take hvsim_vmbus.lock. A GPADL
 * whose teardown is being held back is refused, as hvsim_gpadl_get() does.
 * The caller drops the reference with hvsim_gpadl_put().
 *
 * Context: any process context; no locks needed.
 * Return: the GPADL, or NULL.
 */
struct hvsim_gpadl *hvsim_gpadl_get_io(u32 handle, u32 relid)
{
	struct hvsim_gpadl *g;

	xa_lock(&hvsim_gpadls);
	g = xa_load(&hvsim_gpadls, handle);
	if (g && smp_load_acquire(&g->complete) && !READ_ONCE(g->tearing_down) &&
	    g->relid == relid)
		kref_get(&g->ref);
	else
		g = NULL;
	xa_unlock(&hvsim_gpadls);
	return g;
}

/* Take @g out of the table and drop the table's reference. */
static void hvsim_gpadl_remove(struct hvsim_gpadl *g)
{
	xa_erase(&hvsim_gpadls, g->handle);
	hvsim_gpadl_nr--;
	if (!g->complete)
		hvsim_gpadl_partial--;
	hvsim_gpadl_put(g);
}

static void hvsim_gpadl_reply(u32 relid, u32 handle, u32 status)
{
	struct hvsim_vmsg_gpadl_created msg = {
		.hdr.type = HVSIM_VMSG_GPADL_CREATED,
		.child_relid = relid,
		.gpadl = handle,
		.status = status,
	};

	hvsim_vmbus_send(&msg, sizeof(msg));
}

/*
 * Walk the range buffer: check that the ranges exactly fill it and count the
 * pages; with @pages, also take a reference to each.
 */
static int hvsim_gpadl_walk(struct hvsim_gpadl *g, struct page **pages, u32 *npages)
{
	struct hvsim_gpa_range r;
	u32 off = 0, n = 0, i, k;
	u64 span, pfn;

	for (i = 0; i < g->range_count; i++) {
		if (g->buflen - off < sizeof(r))
			return -EINVAL;
		memcpy(&r, g->buf + off, sizeof(r));
		off += sizeof(r);
		if (!r.byte_count || r.byte_offset >= PAGE_SIZE)
			return -EINVAL;
		span = DIV_ROUND_UP((u64)r.byte_offset + r.byte_count, PAGE_SIZE);
		if (span > (g->buflen - off) / sizeof(u64) ||
		    n + span > HVSIM_VMBUS_GPADL_MAX_PAGES)
			return -EINVAL;
		if (i == 0) {
			g->ring_shaped = g->range_count == 1 && !r.byte_offset &&
					 r.byte_count == span * PAGE_SIZE;
			g->bytes = g->range_count == 1 && !r.byte_offset ? r.byte_count : 0;
		}
		for (k = 0; pages && k < span; k++) {
			memcpy(&pfn, g->buf + off + k * sizeof(u64), sizeof(pfn));
			if (pfn > (U64_MAX >> PAGE_SHIFT) ||
			    hvsim_gpa_get(pfn << PAGE_SHIFT, &pages[n + k])) {
				*npages = n + k;	/* taken so far */
				return -EFAULT;
			}
		}
		off += span * sizeof(u64);
		n += span;
	}
	*npages = n;
	return off == g->buflen ? 0 : -EINVAL;
}

/* All of the range buffer is here: validate, pin and map it. */
static int hvsim_gpadl_finish(struct hvsim_gpadl *g)
{
	u32 n, taken = 0, i;
	int ret;

	ret = hvsim_gpadl_walk(g, NULL, &n);
	if (ret)
		return ret;
	g->pages = kvcalloc(n, sizeof(*g->pages), GFP_KERNEL);
	if (!g->pages)
		return -ENOMEM;
	ret = hvsim_gpadl_walk(g, g->pages, &taken);
	if (ret)
		goto put_pages;
	g->va = vmap(g->pages, n, VM_MAP, PAGE_KERNEL);
	if (!g->va) {
		ret = -ENOMEM;
		goto put_pages;
	}
	g->npages = n;
	kvfree(g->buf);
	g->buf = NULL;
	/* mapped before hvsim_gpadl_get_io() can see it complete */
	smp_store_release(&g->complete, true);
	hvsim_gpadl_partial--;
	return 0;

put_pages:
	for (i = 0; i < taken; i++)
		hvsim_gpa_put(g->pages[i]);
	kvfree(g->pages);
	g->pages = NULL;
	return ret;
}

/* The last byte arrived (or the assembly went wrong): answer and settle @g. */
static void hvsim_gpadl_settle(struct hvsim_gpadl *g)
{
	u32 relid = g->relid, handle = g->handle;
	int ret = hvsim_gpadl_finish(g);

	if (ret) {
		if (ret != -ENOMEM)
			hvsim_vbad(GPADL);
		pr_warn_ratelimited("vmbus: GPADL %#x of relid %u refused (%d)\n", handle, relid, ret);
		hvsim_gpadl_remove(g);
	}
	hvsim_gpadl_reply(relid, handle, ret ? HVSIM_VMBUS_STATUS_FAIL : HVSIM_VMBUS_STATUS_OK);
}

/**
 * hvsim_gpadl_header() - GPADL_HEADER from the guest
 * @msg:	the message, copied out of the guest's hypercall
 * @size:	its size
 *
 * Context: the control work, hvsim_vmbus.lock held.
 */
void hvsim_gpadl_header(const void *msg, u32 size)
{
	const struct hvsim_vmsg_gpadl_header *h = msg;
	struct hvsim_vchan *chan;
	struct hvsim_gpadl *g;
	u32 data;

	if (size < sizeof(*h)) {
		hvsim_vbad(SIZE);
		return;
	}
	data = size - sizeof(*h);
	chan = hvsim_vchan_lookup(h->child_relid);
	if (!chan || chan->state != HVSIM_VCHAN_OFFERED) {
		hvsim_vbad(RELID);
		goto refuse;
	}
	if (!h->range_count || data > h->range_buflen ||
	    h->range_buflen < h->range_count * (sizeof(struct hvsim_gpa_range) + sizeof(u64)) ||
	    xa_load(&hvsim_gpadls, h->gpadl)) {
		hvsim_vbad(GPADL);
		goto refuse;
	}
	if (hvsim_gpadl_nr >= HVSIM_GPADL_MAX || hvsim_gpadl_partial >= HVSIM_GPADL_MAX_PARTIAL) {
		pr_warn_ratelimited("vmbus: too many GPADLs, refusing %#x\n", h->gpadl);
		goto refuse;
	}
	g = kzalloc(sizeof(*g), GFP_KERNEL);
	if (!g)
		goto refuse;
	kref_init(&g->ref);
	g->handle = h->gpadl;
	g->relid = h->child_relid;
	g->buflen = h->range_buflen;
	g->range_count = h->range_count;
	g->buf = kvmalloc(g->buflen, GFP_KERNEL);
	if (!g->buf || xa_insert(&hvsim_gpadls, g->handle, g, GFP_KERNEL)) {
		kvfree(g->buf);
		kfree(g);
		goto refuse;
	}
	hvsim_gpadl_nr++;
	hvsim_gpadl_partial++;
	memcpy(g->buf, h->ranges, data);
	g->received = data;
	if (g->received == g->buflen)
		hvsim_gpadl_settle(g);
	return;

refuse:
	hvsim_gpadl_reply(h->child_relid, h->gpadl, HVSIM_VMBUS_STATUS_FAIL);
}

/**
 * hvsim_gpadl_body() - GPADL_BODY from the guest
 * @msg:	the message
 * @size:	its size
 *
 * A body for no GPADL being assembled is counted and ignored (there is no
 * channel to answer); one carrying more than the header announced fails the
 * GPADL.
 *
 * Context: the control work, hvsim_vmbus.lock held.
 */
void hvsim_gpadl_body(const void *msg, u32 size)
{
	const struct hvsim_vmsg_gpadl_body *b = msg;
	struct hvsim_gpadl *g;
	u32 data;

	if (size < sizeof(*b)) {
		hvsim_vbad(SIZE);
		return;
	}
	g = xa_load(&hvsim_gpadls, b->gpadl);
	if (!g || g->complete) {
		hvsim_vbad(GPADL);
		return;
	}
	data = size - sizeof(*b);
	if (data > g->buflen - g->received) {
		u32 relid = g->relid, handle = g->handle;

		hvsim_vbad(GPADL);
		hvsim_gpadl_remove(g);
		hvsim_gpadl_reply(relid, handle, HVSIM_VMBUS_STATUS_FAIL);
		return;
	}
	memcpy(g->buf + g->received, b->pfn, data);
	g->received += data;
	if (g->received == g->buflen)
		hvsim_gpadl_settle(g);
}

/**
 * hvsim_gpadl_teardown() - GPADL_TEARDOWN from the guest
 * @msg:	the message
 * @size:	its size
 *
 * Context: the control work, hvsim_vmbus.lock held.
 */
void hvsim_gpadl_teardown(const void *msg, u32 size)
{
	const struct hvsim_vmsg_gpadl_teardown *t = msg;
	struct hvsim_vmsg_gpadl_torndown reply = { .hdr.type = HVSIM_VMSG_GPADL_TORNDOWN };
	struct hvsim_vchan *chan;
	struct hvsim_gpadl *g;

	if (size < sizeof(*t)) {
		hvsim_vbad(SIZE);
		return;
	}
	g = xa_load(&hvsim_gpadls, t->gpadl);
	if (!g || g->relid != t->child_relid || g->tearing_down) {
		hvsim_vbad(GPADL);
		return;
	}
	chan = hvsim_vchan_lookup(g->relid);
	if (chan && chan->open && chan->ring_gpadl == g && chan->state == HVSIM_VCHAN_OFFERED) {
		WRITE_ONCE(g->tearing_down, true);
		atomic64_inc(&hvsim_vmbus.stats.torndown_held);
		return;
	}
	hvsim_gpadl_remove(g);
	reply.gpadl = t->gpadl;
	hvsim_vmbus_send(&reply, sizeof(reply));
}

/**
 * hvsim_gpadl_teardown_held() - the guest closed a channel: answer the
 * GPADL_TEARDOWNs of its rings held back while it was open
 * @relid:	the channel
 *
 * Context: the control work, hvsim_vmbus.lock held.
 */
void hvsim_gpadl_teardown_held(u32 relid)
{
	struct hvsim_vmsg_gpadl_torndown reply = { .hdr.type = HVSIM_VMSG_GPADL_TORNDOWN };
	struct hvsim_gpadl *g;
	unsigned long handle;

	xa_for_each(&hvsim_gpadls, handle, g) {
		if (g->relid != relid || !g->tearing_down)
			continue;
		reply.gpadl = g->handle;
		hvsim_gpadl_remove(g);
		hvsim_vmbus_send(&reply, sizeof(reply));
	}
}

/**
 * hvsim_gpadl_drop_relid() - forget the GPADLs of a released channel
 * @relid:	the channel
 *
 * Context: hvsim_vmbus.lock held.
 */
void hvsim_gpadl_drop_relid(u32 relid)
{
	struct hvsim_gpadl *g;
	unsigned long handle;

	xa_for_each(&hvsim_gpadls, handle, g)
		if (g->relid == relid)
			hvsim_gpadl_remove(g);
}

/**
 * hvsim_gpadl_drop_all() - forget every GPADL (UNLOAD, reset, exit)
 *
 * Context: hvsim_vmbus.lock held; no channel is open.
 */
void hvsim_gpadl_drop_all(void)
{
	struct hvsim_gpadl *g;
	unsigned long handle;

	xa_for_each(&hvsim_gpadls, handle, g)
		hvsim_gpadl_remove(g);
	WARN_ON(hvsim_gpadl_nr || hvsim_gpadl_partial);
}

/**
 * hvsim_gpadl_count() - GPADLs in the table
 *
 * Context: hvsim_vmbus.lock held.
 */
unsigned int hvsim_gpadl_count(void)
{
	return hvsim_gpadl_nr;
}
