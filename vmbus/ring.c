// SPDX-License-Identifier: GPL-2.0
/*
 * VMBus ring buffer: write, read and signalling rules of one direction.
 *
 * The peer (the host, for vmbus.ko) shares the memory and may change any
 * byte of it at any time.  Hence the rules this file keeps:
 *  - the index we own is kept privately and only ever stored, never
 *    loaded back, so the peer cannot steer our own writes or reads;
 *  - the peer's index is validated (inside the data area, 8-aligned, not
 *    moving backwards) every time it is loaded;
 *  - a packet is copied out of shared memory and then checked from the
 *    copy, and the descriptor handed to the caller is the checked one,
 *    not a second load that the peer might have changed in between;
 *  - any violation sets the sticky @broken flag; nothing is trusted after
 *    that and every later call fails with -EIO.
 *
 * Wrap-around is handled by copying in two pieces, so the data area needs
 * no second (wrapped) mapping.
 *
 * No locks, no allocation, no logging: the caller provides one writer and
 * one reader at a time and reports @broken_why itself.
 */
#include <linux/types.h>
#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <asm/barrier.h>

#include "ring.h"

static_assert(sizeof(struct vmbus_ring_hdr) == VMBUS_RING_HDR_SIZE);
static_assert(offsetof(struct vmbus_ring_hdr, pending_send_sz) == 12);
static_assert(offsetof(struct vmbus_ring_hdr, feature_bits) == 64);
static_assert(sizeof(struct vmbus_pkt_desc) == 16);

#define VMBUS_DESC_SIZE		((u32)sizeof(struct vmbus_pkt_desc))
/* the smallest thing an honest writer ever publishes */
#define VMBUS_MIN_PKT_BYTES	(VMBUS_DESC_SIZE + VMBUS_PKT_TRAILER_SIZE)

/* Bytes from @from forward to @to, both valid indices of @r */
static u32 vmbus_ring_dist(const struct vmbus_ring *r, u32 from, u32 to)
{
	return to >= from ? to - from : r->size - from + to;
}

static u32 vmbus_ring_advance(const struct vmbus_ring *r, u32 pos, u32 len)
{
	/* pos < size and len <= size, so this cannot overflow (size <= 2^31) */
	pos += len;
	return pos >= r->size ? pos - r->size : pos;
}

static bool vmbus_ring_index_ok(const struct vmbus_ring *r, u32 idx)
{
	return idx < r->size && !(idx % VMBUS_PKT_ALIGN);
}

/* Record the peer's fault; the caller returns -EIO */
static int vmbus_ring_break(struct vmbus_ring *r, const char *why)
{
	if (!r->broken) {
		r->broken = true;
		r->broken_why = why;
	}
	r->broken_count++;
	return -EIO;
}

static int vmbus_ring_refuse_broken(struct vmbus_ring *r)
{
	r->broken_count++;
	return -EIO;
}

/*
 * Load the peer's index with acquire semantics: for the reader, the
 * packet bytes the writer published with it are loaded only afterwards;
 * for the writer, the space the reader gave back is overwritten only
 * afterwards.
 */
static int vmbus_ring_load_peer(struct vmbus_ring *r, u32 *idx)
{
	u32 *p = r->reader ? &r->hdr->write_index : &r->hdr->read_index;
	u32 v = virt_load_acquire(p);

	if (!vmbus_ring_index_ok(r, v))
		return vmbus_ring_break(r, r->reader ?
					"write index outside the data area" :
					"read index outside the data area");
	*idx = v;
	return 0;
}

/* Copy @len (<= size) bytes into the ring at @pos, wrapping at the end */
static u32 vmbus_ring_put(struct vmbus_ring *r, u32 pos, const void *src,
			  u32 len)
{
	u32 first = min(len, r->size - pos);

	if (first)
		memcpy(r->data + pos, src, first);
	if (len > first)
		memcpy(r->data, (const u8 *)src + first, len - first);
	return vmbus_ring_advance(r, pos, len);
}

static u32 vmbus_ring_put_zeroes(struct vmbus_ring *r, u32 pos, u32 len)
{
	u32 first = min(len, r->size - pos);

	memset(r->data + pos, 0, first);
	memset(r->data, 0, len - first);
	return vmbus_ring_advance(r, pos, len);
}

/* Copy @len (<= size) bytes out of the ring at @pos, wrapping at the end */
static void vmbus_ring_get(const struct vmbus_ring *r, u32 pos, void *dst,
			   u32 len)
{
	u32 first = min(len, r->size - pos);

	if (first)
		memcpy(dst, r->data + pos, first);
	if (len > first)
		memcpy((u8 *)dst + first, r->data, len - first);
}

/**
 * vmbus_ring_init() - set up our view of one ring and its control page
 * @r: our private view, filled in here
 * @hdr_page: the shared control page (%VMBUS_RING_HDR_SIZE bytes)
 * @data: the shared data area that follows it
 * @data_size: bytes in @data: a non-zero multiple of
 *	%VMBUS_RING_DATA_ALIGN, at most %VMBUS_RING_MAX_DATA
 * @reader: true if we read from this ring, false if we write to it
 *
 * The guest allocates both rings of a channel and initializes them before
 * it hands them to the host (in the open request), so the control page is
 * zeroed whichever side we are, and %VMBUS_RING_FEAT_PENDING_SEND is set:
 * we use pending_send_sz when blocked and honour the peer's.  The data
 * area is left alone: nothing in it is meaningful until the indices say so.
 *
 * Context: any; must not race with any other use of @r or of the memory.
 *
 * Return: 0, or -EINVAL for a missing pointer or a bad @data_size.
 */
int vmbus_ring_init(struct vmbus_ring *r, void *hdr_page, void *data,
		    u32 data_size, bool reader)
{
	if (!r || !hdr_page || !data)
		return -EINVAL;
	if (!data_size || data_size % VMBUS_RING_DATA_ALIGN ||
	    data_size > VMBUS_RING_MAX_DATA)
		return -EINVAL;

	memset(r, 0, sizeof(*r));
	r->hdr = hdr_page;
	r->data = data;
	r->size = data_size;
	r->reader = reader;

	memset(r->hdr, 0, sizeof(*r->hdr));
	r->hdr->feature_bits = VMBUS_RING_FEAT_PENDING_SEND;
	return 0;
}

/*
 * Check a descriptor against the packet length @len (descriptor plus
 * payload, before padding) it is to describe.  A mismatch is our own bug,
 * not the peer's, so it is -EINVAL and does not break the ring.
 */
static int vmbus_ring_check_desc_len(const struct vmbus_pkt_desc *d, u64 len)
{
	u32 off = (u32)d->offset8 * VMBUS_PKT_ALIGN;

	if (len < VMBUS_DESC_SIZE)
		return -EINVAL;
	if (len > VMBUS_PKT_MAX_LEN)
		return -EMSGSIZE;
	if ((u32)d->len8 * VMBUS_PKT_ALIGN != vmbus_ring_pkt_bytes((u32)len) -
	    VMBUS_PKT_TRAILER_SIZE)
		return -EINVAL;
	if (off < VMBUS_DESC_SIZE || off > (u32)d->len8 * VMBUS_PKT_ALIGN)
		return -EINVAL;
	return 0;
}

/**
 * vmbus_ring_write_begin() - start writing one packet in pieces
 * @r: a ring we write to
 * @desc: the packet's descriptor, filled in (len8 and offset8 matching
 *	@len); it is written as the first bytes of the packet
 * @len: descriptor plus payload, before padding
 * @w: the write in progress, set up here
 *
 * For a packet whose pieces the caller does not want to gather in an array
 * first (a GPA-direct packet's ranges): vmbus_ring_write_put() adds the
 * rest, in order, exactly @len bytes in all, and vmbus_ring_write_end()
 * publishes it.  Nothing the peer can see changes before the end.
 *
 * Context: any; does not sleep.  The caller holds the ring (one writer)
 * from begin to end.
 *
 * Return: as vmbus_ring_write(); on error there is nothing to end.
 */
int vmbus_ring_write_begin(struct vmbus_ring *r, const struct vmbus_pkt_desc *desc, u32 len,
			   struct vmbus_ring_wr *w)
{
	u32 bytes, rd, free;
	int ret;

	if (r->broken)
		return vmbus_ring_refuse_broken(r);
	if (r->reader || !desc)
		return -EINVAL;
	ret = vmbus_ring_check_desc_len(desc, len);
	if (ret)
		return ret;
	bytes = vmbus_ring_pkt_bytes(len);
	if (bytes >= r->size)
		return -EMSGSIZE;

	ret = vmbus_ring_load_peer(r, &rd);
	if (ret)
		return ret;
	free = r->size - vmbus_ring_dist(r, rd, r->priv_write);
	if (free <= bytes) {
		r->full_count++;
		if (!r->full)
			r->full_first_count++;
		r->full = true;
		return -EAGAIN;
	}
	r->full = false;

	w->start = r->priv_write;
	w->len = len;
	w->done = VMBUS_DESC_SIZE;
	w->pos = vmbus_ring_put(r, w->start, desc, VMBUS_DESC_SIZE);
	return 0;
}

/**
 * vmbus_ring_write_put() - the next piece of a packet begun with
 *	vmbus_ring_write_begin()
 * @r: the ring
 * @w: the write in progress
 * @src: the bytes; may be NULL when @len is 0
 * @len: how many
 *
 * More than the packet's length in all is not copied (and fails the end).
 *
 * Context: as vmbus_ring_write_begin().
 */
void vmbus_ring_write_put(struct vmbus_ring *r, struct vmbus_ring_wr *w, const void *src,
			  u32 len)
{
	if (!len)
		return;
	if (!src || w->done > w->len || len > w->len - w->done) {
		w->done = 0xffffffffu;	/* poisoned: the end refuses it */
		return;
	}
	w->pos = vmbus_ring_put(r, w->pos, src, len);
	w->done += len;
}

/**
 * vmbus_ring_write_end() - publish a packet written in pieces
 * @r: the ring
 * @w: the write begun with vmbus_ring_write_begin()
 * @signal: set to true when the caller must signal the peer
 *
 * Context: as vmbus_ring_write_begin().
 *
 * Return: 0 (published); -EINVAL if the pieces did not add up to the
 * packet's length (nothing published: the bytes written stay beyond the
 * write index, where the peer does not look).
 */
int vmbus_ring_write_end(struct vmbus_ring *r, struct vmbus_ring_wr *w, bool *signal)
{
	u32 bytes = vmbus_ring_pkt_bytes(w->len), pos;
	u64 trailer;

	*signal = false;
	if (w->done != w->len)
		return -EINVAL;
	pos = vmbus_ring_put_zeroes(r, w->pos, bytes - VMBUS_PKT_TRAILER_SIZE - w->len);
	/* informational for the reader: where this packet started */
	trailer = (u64)w->start << 32;
	pos = vmbus_ring_put(r, pos, &trailer, sizeof(trailer));

	/* the packet bytes are visible before the index that publishes them */
	r->priv_write = pos;
	virt_store_release(&r->hdr->write_index, pos);

	/*
	 * The reader clears interrupt_mask and then re-checks write_index; we
	 * stored write_index and now check interrupt_mask and read_index.
	 * The full barrier on each side means at least one of us sees the
	 * other's store, so a packet is never left behind unsignalled.
	 */
	virt_mb();
	if (READ_ONCE(r->hdr->interrupt_mask))
		return 0;
	virt_rmb();
	/*
	 * A hostile read_index cannot equal the packet's start (which is
	 * valid), so it can at worst cost a signal; the next write checks it
	 * properly.
	 */
	if (READ_ONCE(r->hdr->read_index) == w->start) {
		*signal = true;
		r->signal_count++;
	}
	return 0;
}

/**
 * vmbus_ring_write() - append one packet
 * @r: a ring we write to
 * @v: the packet in pieces; v[0] starts with a &struct vmbus_pkt_desc
 *	whose len8 and offset8 already match the total (len8 counts the
 *	padding to 8 bytes, which is added here as zeroes)
 * @nv: number of pieces, at least 1
 * @signal: set to true when the caller must signal the peer
 *
 * The packet goes in only if the ring then still has a free byte, so that
 * full never looks like empty.  The peer needs a signal only when it may
 * have gone idle: when the ring was empty before this packet (it had read
 * everything) and it has not masked interrupts for polling.
 *
 * Context: any; does not sleep.  One writer at a time per ring: the
 * caller serializes writes (and vmbus_ring_set_pending_send()).
 *
 * Return: 0 (packet published); -EAGAIN (no room now, counted); -EMSGSIZE
 * (the packet can never fit this ring); -EINVAL (@v does not match its
 * descriptor, or @r is a ring we read); -EIO (ring broken).
 */
int vmbus_ring_write(struct vmbus_ring *r, const struct vmbus_ring_vec *v,
		     unsigned int nv, bool *signal)
{
	struct vmbus_pkt_desc d;
	struct vmbus_ring_wr w;
	u64 total = 0;
	unsigned int i;
	int ret;

	*signal = false;
	if (r->broken)
		return vmbus_ring_refuse_broken(r);
	if (!v || !nv || !v[0].base || v[0].len < VMBUS_DESC_SIZE)
		return -EINVAL;
	for (i = 0; i < nv; i++) {
		if (v[i].len && !v[i].base)
			return -EINVAL;
		total += v[i].len;
	}
	if (total > VMBUS_PKT_MAX_LEN)
		return -EMSGSIZE;
	memcpy(&d, v[0].base, sizeof(d));
	ret = vmbus_ring_write_begin(r, &d, (u32)total, &w);
	if (ret)
		return ret;
	vmbus_ring_write_put(r, &w, (const u8 *)v[0].base + VMBUS_DESC_SIZE,
			     v[0].len - VMBUS_DESC_SIZE);
	for (i = 1; i < nv; i++)
		vmbus_ring_write_put(r, &w, v[i].base, v[i].len);
	return vmbus_ring_write_end(r, &w, signal);
}

/**
 * vmbus_ring_set_pending_send() - tell the reader how much room we wait for
 * @r: a ring we write to
 * @bytes: vmbus_ring_pkt_bytes() of the packet that did not fit, or 0 once
 *	we no longer wait
 *
 * The reader signals once when the free space grows past @bytes, i.e.
 * exactly when that packet would fit.  It may have freed the space just
 * before it saw @bytes, so after setting a non-zero value the caller must
 * retry the write (or check vmbus_ring_write_avail()) before it sleeps; the
 * full barrier here orders that re-check after the store.
 *
 * Context: any; does not sleep.  Writer side: serialized with
 * vmbus_ring_write() by the caller.
 */
void vmbus_ring_set_pending_send(struct vmbus_ring *r, u32 bytes)
{
	if (r->broken || r->reader)
		return;
	WRITE_ONCE(r->hdr->pending_send_sz, bytes);
	virt_mb();
}

/* The checks the text of vmbus_ring_read() lists, on a local copy */
static const char *vmbus_ring_check_desc(const struct vmbus_pkt_desc *d,
					 u32 avail)
{
	u32 len = (u32)d->len8 * VMBUS_PKT_ALIGN;
	u32 off = (u32)d->offset8 * VMBUS_PKT_ALIGN;

	if (len < VMBUS_DESC_SIZE)
		return "packet shorter than its descriptor";
	if (off < VMBUS_DESC_SIZE || off > len)
		return "payload offset outside the packet";
	if (len > avail - VMBUS_PKT_TRAILER_SIZE)
		return "packet runs past the write index";
	return NULL;
}

/**
 * vmbus_ring_read() - copy out the next packet
 * @r: a ring we read from
 * @buf: where the packet goes: descriptor and payload, without trailer
 * @buflen: room in @buf
 * @pktlen: set to the packet's length (len8 * 8) on 0 and -ENOBUFS, else 0
 *
 * The packet is checked from a private copy: its descriptor must cover
 * itself (len8 * 8 >= 16), the payload must start inside it (16 <=
 * offset8 * 8 <= len8 * 8), and it plus its trailer must lie within what
 * the writer published (which is always less than the ring).  The
 * descriptor in @buf is the one that was checked, even if the peer
 * rewrites the ring meanwhile.  The space stays reserved until
 * vmbus_ring_read_commit(), so several packets can be read and given back
 * in one go.
 *
 * Context: any; does not sleep.  One reader at a time per ring: the caller
 * serializes reads, commits and interrupt masking.
 *
 * Return: 0; -EAGAIN (nothing to read); -ENOBUFS (@buflen < *@pktlen; the
 * packet stays in place, counted); -EINVAL (@r is a ring we write); -EIO
 * (ring broken, now or before; counted).
 */
int vmbus_ring_read(struct vmbus_ring *r, void *buf, u32 buflen, u32 *pktlen)
{
	struct vmbus_pkt_desc d;
	const char *why;
	u32 wr, avail, len;
	int ret;

	*pktlen = 0;
	if (r->broken)
		return vmbus_ring_refuse_broken(r);
	if (!r->reader)
		return -EINVAL;

	ret = vmbus_ring_load_peer(r, &wr);
	if (ret)
		return ret;
	/*
	 * The writer can only move forward from what we have given back, and
	 * never past what we have read but not given back yet.
	 */
	if (vmbus_ring_dist(r, r->pub_read, wr) <
	    vmbus_ring_dist(r, r->pub_read, r->priv_read))
		return vmbus_ring_break(r, "write index moved backwards");
	avail = vmbus_ring_dist(r, r->priv_read, wr);
	if (!avail)
		return -EAGAIN;
	if (avail < VMBUS_MIN_PKT_BYTES)
		return vmbus_ring_break(r, "published bytes too few for a packet");

	vmbus_ring_get(r, r->priv_read, &d, sizeof(d));
	why = vmbus_ring_check_desc(&d, avail);
	if (why)
		return vmbus_ring_break(r, why);

	len = (u32)d.len8 * VMBUS_PKT_ALIGN;
	*pktlen = len;
	if (len > buflen) {
		r->nobufs_count++;
		return -ENOBUFS;
	}
	vmbus_ring_get(r, r->priv_read, buf, len);
	memcpy(buf, &d, sizeof(d));
	r->priv_read = vmbus_ring_advance(r, r->priv_read,
					  len + VMBUS_PKT_TRAILER_SIZE);
	return 0;
}

/**
 * vmbus_ring_read_commit() - give the space of the packets read back
 * @r: a ring we read from
 *
 * Publishes the read index, then decides whether the writer needs a
 * signal: only when it announced flow control (the feature bit and a
 * non-zero pending_send_sz) and this commit took the free space from "not
 * more than pending_send_sz" to "more than it" - once per crossing, not on
 * every commit, because the host throttles guests that signal needlessly.
 *
 * Context: any; does not sleep.  Reader side: serialized with
 * vmbus_ring_read() by the caller.
 *
 * Return: true when the caller must signal the writer.
 */
bool vmbus_ring_read_commit(struct vmbus_ring *r)
{
	u32 old = r->pub_read, pending, wr, before, after;

	if (r->broken || !r->reader || r->priv_read == old)
		return false;

	/* our loads of the packets are done before the writer may reuse them */
	virt_store_release(&r->hdr->read_index, r->priv_read);
	r->pub_read = r->priv_read;

	if (!(READ_ONCE(r->hdr->feature_bits) & VMBUS_RING_FEAT_PENDING_SEND))
		return false;
	/*
	 * The writer stores pending_send_sz and then re-reads read_index; we
	 * stored read_index and now read pending_send_sz.  With a full barrier
	 * on both sides one of us sees the other, so the writer cannot block
	 * on space we freed without being told.
	 */
	virt_mb();
	pending = READ_ONCE(r->hdr->pending_send_sz);
	if (!pending)
		return false;
	virt_rmb();
	if (vmbus_ring_load_peer(r, &wr))
		return false;

	before = r->size - vmbus_ring_dist(r, old, wr);
	after = r->size - vmbus_ring_dist(r, r->pub_read, wr);
	if (before > pending || after <= pending)
		return false;
	r->signal_count++;
	return true;
}

/**
 * vmbus_ring_read_more() - after giving space back: was more published?
 * @r: a ring we read
 *
 * The writer signals only when its packet lands in a ring it sees empty,
 * judged by the read_index we published.  A reader that holds packets
 * (reads on, publishes later) makes the writer see a non-empty ring, and
 * what it writes meanwhile comes with no signal.  So after publishing
 * (vmbus_ring_read_commit()) the reader looks once more: we stored
 * read_index and now load write_index, the writer stored write_index and
 * then loaded read_index; with a full barrier on both sides one of us sees
 * the other's store, so the packet is either signalled or found here.
 *
 * Context: any; does not sleep.  The reader's side, after a commit.
 *
 * Return: true if there is more to read (or the peer just broke the ring,
 * which the next read reports).
 */
bool vmbus_ring_read_more(struct vmbus_ring *r)
{
	u32 wr;

	if (!r->reader || r->broken)
		return false;
	virt_mb();
	if (vmbus_ring_load_peer(r, &wr))
		return true;
	return wr != r->priv_read;
}

/**
 * vmbus_ring_read_avail() - bytes published and not yet read
 * @r: the ring, either side
 *
 * For a ring we read, counts from our private read position; for a ring we
 * write, from the peer's read_index.  Meant for statistics (sysfs
 * read_avail): it does not change @r, so a bad peer index reads as 0 here
 * and is reported by the next read or write.
 *
 * Context: any; no locking needed, the answer may be stale.
 *
 * Return: bytes, including descriptors and trailers; 0 if broken.
 */
u32 vmbus_ring_read_avail(const struct vmbus_ring *r)
{
	u32 wr, rd;

	if (r->broken)
		return 0;
	wr = r->reader ? READ_ONCE(r->hdr->write_index) : r->priv_write;
	rd = r->reader ? r->priv_read : READ_ONCE(r->hdr->read_index);
	if (!vmbus_ring_index_ok(r, wr) || !vmbus_ring_index_ok(r, rd))
		return 0;
	return vmbus_ring_dist(r, rd, wr);
}

/**
 * vmbus_ring_write_avail() - bytes free for the writer
 * @r: the ring, either side
 *
 * A packet of vmbus_ring_pkt_bytes() == n fits exactly when n is less
 * than this.  For a ring we read, counts from the read index we last
 * published.  Like vmbus_ring_read_avail(), for statistics and re-checks.
 *
 * Context: any; no locking needed, the answer may be stale.
 *
 * Return: bytes; 0 if broken or the peer's index is bad.
 */
u32 vmbus_ring_write_avail(const struct vmbus_ring *r)
{
	u32 wr, rd;

	if (r->broken)
		return 0;
	wr = r->reader ? READ_ONCE(r->hdr->write_index) : r->priv_write;
	rd = r->reader ? r->pub_read : READ_ONCE(r->hdr->read_index);
	if (!vmbus_ring_index_ok(r, wr) || !vmbus_ring_index_ok(r, rd))
		return 0;
	return r->size - vmbus_ring_dist(r, rd, wr);
}

/**
 * vmbus_ring_mask_intr() - ask the writer not to signal while we poll
 * @r: a ring we read from
 *
 * Context: any; does not sleep.  Reader side, serialized with reads.
 */
void vmbus_ring_mask_intr(struct vmbus_ring *r)
{
	if (r->broken || !r->reader)
		return;
	WRITE_ONCE(r->hdr->interrupt_mask, 1);
	/* ordered before the reads of the polling loop that follows */
	virt_mb();
}

/**
 * vmbus_ring_unmask_intr() - let the writer signal again, and re-check
 * @r: a ring we read from
 *
 * A packet published while the mask was set came without a signal, and
 * none will follow for it.  So after clearing the mask (full barrier,
 * pairing with the writer's in vmbus_ring_write()) look once more.
 *
 * Context: any; does not sleep.  Reader side, serialized with reads.
 *
 * Return: true when the caller must go on reading: data is waiting, or the
 * ring has just been found broken (vmbus_ring_read() then says -EIO).
 * False when the ring is empty, or was already broken, so that a loop
 * "read all; while (unmask) read all" always ends.
 */
bool vmbus_ring_unmask_intr(struct vmbus_ring *r)
{
	u32 wr;

	if (r->broken || !r->reader)
		return false;
	WRITE_ONCE(r->hdr->interrupt_mask, 0);
	virt_mb();
	if (vmbus_ring_load_peer(r, &wr))
		return true;
	return wr != r->priv_read;
}

/**
 * vmbus_pkt_payload() - find the payload of a packet read from a ring
 * @pkt: the packet as vmbus_ring_read() left it in its buffer
 * @pktlen: its length as vmbus_ring_read() reported it
 * @payload: set to the first payload byte (offset8 * 8 into @pkt)
 * @payload_len: set to the payload bytes, padding included
 *
 * vmbus_ring_read() already guarantees all of this; the check is for
 * packets that reached the caller by another path, and keeps a parser from
 * having to trust its caller.
 *
 * Context: any; pure function of its arguments.
 *
 * Return: 0, or -EINVAL when the descriptor does not describe @pktlen
 * bytes with a payload inside them.
 */
int vmbus_pkt_payload(const void *pkt, u32 pktlen, const void **payload,
		      u32 *payload_len)
{
	struct vmbus_pkt_desc d;
	u32 off;

	if (!pkt || pktlen < VMBUS_DESC_SIZE)
		return -EINVAL;
	memcpy(&d, pkt, sizeof(d));
	off = (u32)d.offset8 * VMBUS_PKT_ALIGN;
	if ((u32)d.len8 * VMBUS_PKT_ALIGN != pktlen ||
	    off < VMBUS_DESC_SIZE || off > pktlen)
		return -EINVAL;
	*payload = (const u8 *)pkt + off;
	*payload_len = pktlen - off;
	return 0;
}
