// SPDX-License-Identifier: GPL-2.0
/*
 * Packets out, and the request IDs that tie completions to requests.
 *
 * A request that wants a completion gets a transaction ID from the
 * channel's table: slot index + 1 in the low 32 bits, the slot's
 * generation in the high 32 bits. The host echoes the ID in its
 * VMB_PKT_COMP; the receive path takes the slot back only if the slot is
 * in use and the generation matches, so an ID we never issued, one
 * already completed, or one from before a slot was reused is refused and
 * counted, never handed to the driver.
 *
 * Packets are written under the channel's out_lock (callers may be in any
 * context), then the host is signalled if the ring asks for it. A sender
 * with more packets to follow at once (VMB_SEND_MORE) leaves the signal
 * owed; the next send without it, or vmb_chan_flush(), gives it. A send
 * allocates nothing: the pieces of a packet (descriptor, GPA-direct header,
 * each range's header and PFNs, the in-band payload) are copied straight
 * from the caller's structures into the ring (vmbus_ring_write_begin/put/
 * end), never gathered into an array first.
 */
#include <linux/mm.h>
#include <linux/slab.h>

#include "internal.h"

/* the most ranges/PFNs one packet may carry: it must fit the descriptor */
#define VMB_MAX_PFNS		(VMBUS_PKT_MAX_LEN / sizeof(u64))

/*
 * What a packet carries after its descriptor: a fixed header (the
 * GPA-direct one) or none, ranges in one of two forms or none, then the
 * in-band payload.
 */
struct vmb_pkt_src {
	const void *hdr;
	u32 hdr_len;
	const struct vmb_gpa_range *ranges;	/* either these ... */
	const struct vmb_page_buf *pbs;		/* ... or these, @nranges of them */
	u32 nranges;
	const void *data;
	u32 len;
};

int vmb_reqs_init(struct vmb_channel *ch, u32 n)
{
	u32 i;

	ch->reqs = NULL;
	ch->nreqs = n;
	ch->req_free = n;
	if (!n)
		return 0;
	ch->reqs = kvcalloc(n, sizeof(*ch->reqs), GFP_KERNEL);
	if (!ch->reqs)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		ch->reqs[i].next_free = i + 1;
	ch->req_free = 0;
	return 0;
}

/*
 * The channel is closed (or its open failed): with @hand_back, gives every
 * request still outstanding back to the driver's on_cancel; without, they
 * are leaked (the host may still use their buffers). Then frees the table.
 * No completion can race with this: the callback has stopped and the table
 * is detached under the lock first, so vmb_chan_req_cancel() finds nothing
 * either.
 */
void vmb_reqs_free(struct vmb_channel *ch, bool hand_back)
{
	struct vmb_req_slot *reqs;
	unsigned long flags;
	u32 i, n, left = 0;

	spin_lock_irqsave(&ch->req_lock, flags);
	reqs = ch->reqs;
	n = ch->nreqs;
	ch->reqs = NULL;
	ch->nreqs = 0;
	ch->req_free = 0;
	spin_unlock_irqrestore(&ch->req_lock, flags);
	for (i = 0; reqs && i < n; i++) {
		if (!reqs[i].ctx)
			continue;
		if (hand_back && ch->on_cancel)
			ch->on_cancel(ch, ch->ctx, reqs[i].ctx);
		else
			left++;
	}
	if (left && ch->on_cancel)
		pr_err("relid %u: leaking %u outstanding requests the host may still use\n",
		       ch->relid, left);
	kvfree(reqs);
}

static int vmb_req_alloc(struct vmb_channel *ch, void *ctx, u64 *id)
{
	struct vmb_req_slot *s;
	unsigned long flags;
	u32 i;

	spin_lock_irqsave(&ch->req_lock, flags);
	i = ch->req_free;
	if (!ch->reqs || i >= ch->nreqs) {
		spin_unlock_irqrestore(&ch->req_lock, flags);
		return ch->reqs ? -EBUSY : -EINVAL;
	}
	s = &ch->reqs[i];
	ch->req_free = s->next_free;
	s->ctx = ctx;
	*id = (u64)s->gen << 32 | (i + 1);
	spin_unlock_irqrestore(&ch->req_lock, flags);
	return 0;
}

/* Takes an issued ID back. Return: its context, or NULL if it is not one. */
void *vmb_req_take(struct vmb_channel *ch, u64 id)
{
	u32 i = (u32)id - 1, gen = id >> 32;
	struct vmb_req_slot *s;
	unsigned long flags;
	void *ctx = NULL;

	spin_lock_irqsave(&ch->req_lock, flags);
	if (ch->reqs && (u32)id != 0 && i < ch->nreqs) {
		s = &ch->reqs[i];
		if (s->ctx && s->gen == gen) {
			ctx = s->ctx;
			s->ctx = NULL;
			s->gen++;
			s->next_free = ch->req_free;
			ch->req_free = i;
		}
	}
	spin_unlock_irqrestore(&ch->req_lock, flags);
	return ctx;
}

/**
 * vmb_chan_req_cancel() - give up on a request whose completion is awaited
 * @ch:		the channel it was sent on
 * @req_id:	the ID the send function returned
 *
 * For a driver that stops waiting (a timeout): the ID is freed, and a
 * completion that arrives later is refused and counted instead of being
 * returned with a cookie the driver may have freed.
 *
 * Context: any.
 * Return: the request's cookie, or NULL if it had completed already.
 */
void *vmb_chan_req_cancel(struct vmb_channel *ch, u64 req_id)
{
	return vmb_req_take(ch, req_id);
}
EXPORT_SYMBOL_GPL(vmb_chan_req_cancel);

/* Bytes of the ranges in the packet: a header and the PFNs each */
static u64 vmb_src_ranges_bytes(const struct vmb_pkt_src *src)
{
	u64 bytes = 0;
	u32 i;

	for (i = 0; i < src->nranges; i++)
		bytes += sizeof(struct vmbus_gpa_range) +
			 (src->ranges ? (u64)src->ranges[i].pfn_count : 1) * sizeof(u64);
	return bytes;
}

/* Everything after the descriptor, piece by piece, straight into the ring */
static void vmb_src_put(struct vmbus_ring *r, struct vmbus_ring_wr *w,
			const struct vmb_pkt_src *src)
{
	struct vmbus_gpa_range rh;
	u32 i;

	vmbus_ring_write_put(r, w, src->hdr, src->hdr_len);
	for (i = 0; i < src->nranges; i++) {
		if (src->ranges) {
			rh.byte_count = src->ranges[i].len;
			rh.byte_offset = src->ranges[i].offset;
			vmbus_ring_write_put(r, w, &rh, sizeof(rh));
			vmbus_ring_write_put(r, w, src->ranges[i].pfns,
					     src->ranges[i].pfn_count * (u32)sizeof(u64));
		} else {
			rh.byte_count = src->pbs[i].len;
			rh.byte_offset = src->pbs[i].offset;
			vmbus_ring_write_put(r, w, &rh, sizeof(rh));
			vmbus_ring_write_put(r, w, &src->pbs[i].pfn, sizeof(u64));
		}
	}
	vmbus_ring_write_put(r, w, src->data, src->len);
}

/*
 * Writes one packet of @type carrying @src and signals the host if the ring
 * says so. Its descriptor is built here; @trans_id is used when no request
 * ID is allocated (@req NULL).
 */
static int vmb_send_pkt(struct vmb_channel *ch, u16 type, const struct vmb_pkt_src *src,
			void *req, u64 *req_id, u64 trans_id, unsigned int flags)
{
	struct vmbus_pkt_desc desc;
	struct vmbus_ring_wr w;
	unsigned long irqflags;
	bool signal = false;
	u64 hdr_len, total;
	u64 id = trans_id;
	int ret;

	hdr_len = sizeof(desc) + (u64)src->hdr_len + vmb_src_ranges_bytes(src);
	total = hdr_len + src->len;
	if (total > VMBUS_PKT_MAX_LEN - VMBUS_PKT_ALIGN)
		return -EMSGSIZE;
	if (READ_ONCE(ch->rescinded))
		return -ENODEV;
	if (req) {
		ret = vmb_req_alloc(ch, req, &id);
		if (ret)
			return ret;
		/*
		 * Before the packet is in the ring: the host may complete it at
		 * once, and the completion may free @req (where callers keep
		 * the ID) before the write below returns. Found by KASAN.
		 */
		if (req_id)
			*req_id = id;
	}
	desc.type = type;
	desc.offset8 = hdr_len / VMBUS_PKT_ALIGN;
	desc.len8 = DIV_ROUND_UP(total, VMBUS_PKT_ALIGN);
	desc.flags = req ? VMBUS_PKT_FLAG_COMPLETION_REQUESTED : 0;
	desc.trans_id = id;

	spin_lock_irqsave(&ch->out_lock, irqflags);
	if (!ch->ring_ready) {
		ret = -ENODEV;
	} else if (ch->broken) {
		ret = -EIO;
	} else {
		ret = vmbus_ring_write_begin(&ch->out, &desc, (u32)total, &w);
		if (!ret) {
			vmb_src_put(&ch->out, &w, src);
			ret = vmbus_ring_write_end(&ch->out, &w, &signal);
		}
		/*
		 * The ring asks for a signal when the host may be asleep (it
		 * was empty): a packet that follows at once finds it
		 * non-empty and would not ask again, so the debt is kept.
		 */
		if (!ret && (flags & VMB_SEND_MORE)) {
			ch->signal_owed |= signal;
			signal = false;
		} else if (!ret) {
			signal |= ch->signal_owed;
			ch->signal_owed = false;
		}
	}
	spin_unlock_irqrestore(&ch->out_lock, irqflags);

	if (ret) {
		if (req)
			vmb_req_take(ch, id);
		return ret;
	}
	if (signal)
		vmb_chan_signal(ch);
	return 0;
}

/**
 * vmb_chan_write_avail() - room in the outbound ring now
 * @ch:		an open channel
 *
 * For flow control (stop a queue when a packet may not fit, wake it when
 * the host has read): a packet of @len bytes (descriptor, ranges and
 * payload) fits when ALIGN(@len, 8) + 8 is less than this. The host frees
 * room at any time, so the answer may be small already when it returns;
 * never larger than the truth for a writer that holds the ring.
 *
 * Context: any; does not sleep.
 * Return: bytes; 0 for a channel not open or broken.
 */
u32 vmb_chan_write_avail(struct vmb_channel *ch)
{
	u32 n;

	if (!vmb_ring_peek(ch, false, vmbus_ring_write_avail, &n) || READ_ONCE(ch->broken))
		return 0;
	return n;
}
EXPORT_SYMBOL_GPL(vmb_chan_write_avail);

/**
 * vmb_chan_send() - send an in-band packet
 * @ch:		an open channel
 * @data:	the payload
 * @len:	its length
 * @req:	NULL for no completion; else a cookie returned with the
 *		host's completion (struct vmb_packet.req), and the packet asks
 *		for one
 * @req_id:	if not NULL and @req is set: the transaction ID used, written
 *		before the packet reaches the ring, so it may live inside
 *		@req (whose completion may run, and free @req, before this
 *		returns); meaningless when the send fails
 *
 * Context: any; does not sleep. Senders on one channel are serialised.
 * Return: 0; -EAGAIN (ring full: retry after the host has read); -EBUSY
 * (request table full); -EMSGSIZE; -ENODEV (closed or rescinded); -EIO
 * (channel broken by the host); -EINVAL (@req without a request table).
 */
int vmb_chan_send(struct vmb_channel *ch, const void *data, u32 len, void *req, u64 *req_id)
{
	return vmb_chan_send_flags(ch, data, len, req, req_id, 0);
}
EXPORT_SYMBOL_GPL(vmb_chan_send);

/**
 * vmb_chan_send_flags() - vmb_chan_send() with VMB_SEND_* flags
 * @ch:		an open channel
 * @data:	as for vmb_chan_send()
 * @len:	as for vmb_chan_send()
 * @req:	as for vmb_chan_send()
 * @req_id:	as for vmb_chan_send()
 * @flags:	VMB_SEND_MORE: more packets follow at once; the host is not
 *		signalled for this one (the next send without the flag, or
 *		vmb_chan_flush(), does it). A sender that stops sending after
 *		one (its queue stopped, a send failed) must call
 *		vmb_chan_flush(), or the host may never look at the ring.
 *
 * Context: any; does not sleep.
 * Return: as vmb_chan_send().
 */
int vmb_chan_send_flags(struct vmb_channel *ch, const void *data, u32 len, void *req,
			u64 *req_id, unsigned int flags)
{
	const struct vmb_pkt_src src = { .data = data, .len = len };

	return vmb_send_pkt(ch, VMB_PKT_DATA_INBAND, &src, req, req_id, 0, flags);
}
EXPORT_SYMBOL_GPL(vmb_chan_send_flags);

/**
 * vmb_chan_flush() - signal the host for packets sent with VMB_SEND_MORE
 * @ch:		an open channel
 *
 * Nothing when no signal is owed.
 *
 * Context: any; does not sleep.
 */
void vmb_chan_flush(struct vmb_channel *ch)
{
	unsigned long irqflags;
	bool signal;

	spin_lock_irqsave(&ch->out_lock, irqflags);
	signal = ch->signal_owed && ch->ring_ready;
	ch->signal_owed = false;
	spin_unlock_irqrestore(&ch->out_lock, irqflags);
	if (signal)
		vmb_chan_signal(ch);
}
EXPORT_SYMBOL_GPL(vmb_chan_flush);

/**
 * vmb_chan_send_comp() - answer a host request with a completion packet
 * @ch:		an open channel
 * @data:	the completion's payload
 * @len:	its length
 * @trans_id:	the transaction ID of the host's request
 *
 * Context: any; does not sleep.
 * Return: as vmb_chan_send().
 */
int vmb_chan_send_comp(struct vmb_channel *ch, const void *data, u32 len, u64 trans_id)
{
	const struct vmb_pkt_src src = { .data = data, .len = len };

	return vmb_send_pkt(ch, VMB_PKT_COMP, &src, NULL, NULL, trans_id, 0);
}
EXPORT_SYMBOL_GPL(vmb_chan_send_comp);

/**
 * vmb_chan_send_gpa() - send a GPA-direct packet describing guest memory
 * @ch:		an open channel
 * @ranges:	the memory, one or more ranges of PFNs
 * @nranges:	how many, at least 1
 * @data:	in-band payload after the ranges (the request itself)
 * @len:	its length
 * @req:	as for vmb_chan_send()
 * @req_id:	as for vmb_chan_send()
 *
 * The host reads and writes the described memory through the PFNs until
 * it completes the request; the caller keeps the memory until then.
 *
 * Context: any; does not sleep, allocates nothing.
 * Return: as vmb_chan_send(); -EINVAL for an inconsistent range.
 */
int vmb_chan_send_gpa(struct vmb_channel *ch, const struct vmb_gpa_range *ranges,
		      u32 nranges, const void *data, u32 len, void *req, u64 *req_id)
{
	const struct vmbus_gpa_direct_hdr gpa = { .range_cnt = nranges };
	const struct vmb_pkt_src src = {
		.hdr = &gpa, .hdr_len = sizeof(gpa),
		.ranges = ranges, .nranges = nranges,
		.data = data, .len = len,
	};
	u32 i, npfn = 0;

	/* the payload starts 8-aligned: every piece before it is a multiple of 8 */
	BUILD_BUG_ON(sizeof(gpa) % 8 || sizeof(struct vmbus_gpa_range) % 8);
	if (!nranges || nranges > VMB_MAX_PFNS || !ranges)
		return -EINVAL;
	for (i = 0; i < nranges; i++) {
		const struct vmb_gpa_range *r = &ranges[i];

		if (!r->len || r->offset >= VMB_HV_PAGE_SIZE || !r->pfns ||
		    r->pfn_count != DIV_ROUND_UP((u64)r->offset + r->len, VMB_HV_PAGE_SIZE))
			return -EINVAL;
		npfn += r->pfn_count;
		if (npfn > VMB_MAX_PFNS)
			return -EMSGSIZE;
	}
	return vmb_send_pkt(ch, VMB_PKT_DATA_GPA_DIRECT, &src, req, req_id, 0, 0);
}
EXPORT_SYMBOL_GPL(vmb_chan_send_gpa);

/**
 * vmb_chan_send_pagebuf() - send a GPA-direct packet of page-buffer form
 * @ch:		an open channel
 * @pb:		@count elements, each at most one page (one PFN)
 * @count:	how many
 * @data:	in-band payload
 * @len:	its length
 * @req:	as for vmb_chan_send()
 * @req_id:	as for vmb_chan_send()
 *
 * Context: any; does not sleep.
 * Return: as vmb_chan_send_gpa().
 */
int vmb_chan_send_pagebuf(struct vmb_channel *ch, const struct vmb_page_buf *pb,
			  u32 count, const void *data, u32 len, void *req, u64 *req_id)
{
	return vmb_chan_send_pagebuf_flags(ch, pb, count, data, len, req, req_id, 0);
}
EXPORT_SYMBOL_GPL(vmb_chan_send_pagebuf);

/**
 * vmb_chan_send_pagebuf_flags() - vmb_chan_send_pagebuf() with VMB_SEND_* flags
 * @ch:		an open channel
 * @pb:		as for vmb_chan_send_pagebuf()
 * @count:	as for vmb_chan_send_pagebuf()
 * @data:	as for vmb_chan_send_pagebuf()
 * @len:	as for vmb_chan_send_pagebuf()
 * @req:	as for vmb_chan_send()
 * @req_id:	as for vmb_chan_send()
 * @flags:	as for vmb_chan_send_flags()
 *
 * Context: any; does not sleep.
 * Return: as vmb_chan_send_gpa().
 */
int vmb_chan_send_pagebuf_flags(struct vmb_channel *ch, const struct vmb_page_buf *pb,
				u32 count, const void *data, u32 len, void *req, u64 *req_id,
				unsigned int flags)
{
	const struct vmbus_gpa_direct_hdr gpa = { .range_cnt = count };
	const struct vmb_pkt_src src = {
		.hdr = &gpa, .hdr_len = sizeof(gpa),
		.pbs = pb, .nranges = count,
		.data = data, .len = len,
	};
	u32 i;

	if (!count || count > VMB_MAX_PFNS || !pb)
		return -EINVAL;
	for (i = 0; i < count; i++) {
		if (!pb[i].len || pb[i].offset + (u64)pb[i].len > VMB_HV_PAGE_SIZE)
			return -EINVAL;
	}
	return vmb_send_pkt(ch, VMB_PKT_DATA_GPA_DIRECT, &src, req, req_id, 0, flags);
}
EXPORT_SYMBOL_GPL(vmb_chan_send_pagebuf_flags);

/**
 * vmb_chan_send_mpb() - send a GPA-direct packet of multi-page-buffer form
 * @ch:		an open channel
 * @mpb:	one range over many pages
 * @data:	in-band payload
 * @len:	its length
 * @req:	as for vmb_chan_send()
 * @req_id:	as for vmb_chan_send()
 *
 * Context: any; does not sleep.
 * Return: as vmb_chan_send_gpa().
 */
int vmb_chan_send_mpb(struct vmb_channel *ch, const struct vmb_gpa_range *mpb,
		      const void *data, u32 len, void *req, u64 *req_id)
{
	return vmb_chan_send_gpa(ch, mpb, 1, data, len, req, req_id);
}
EXPORT_SYMBOL_GPL(vmb_chan_send_mpb);
