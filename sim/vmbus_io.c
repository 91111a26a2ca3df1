// SPDX-License-Identifier: GPL-2.0
/*
 * A channel's I/O: its work drains the guest->host ring, hands every packet
 * to the device, and writes the device's packets into the host->guest ring.
 *
 * The work runs when the guest signals the channel's connection (or its
 * monitor bit is found set, or the interrupt-page bit on old versions). It
 * masks the guest's signals while it drains, unmasks, and looks once more.
 * Each packet is copied out of the ring and given back to the guest
 * (read index published) before the device sees it.
 *
 * Packets for the guest go, in order, through chan->pending: when the ring
 * is full the host asks the guest for room (pending_send_sz) and stops
 * reading requests until the guest has read enough and signalled; that
 * back-pressure is what keeps a guest that does not read its replies from
 * making the host queue without bound.
 *
 * Packets the device originates (NetVSP's received frames) are not queued
 * here: once the guest's ring is drained (or the work's budget is spent)
 * and nothing waits in chan->pending, the device's service op sends what it
 * holds, and stops as soon as one packet has to wait for room. Whatever
 * makes it have something to send (another channel's work handing it a
 * frame) kicks the work with hvsim_vchan_kick().
 *
 * A corrupt ring (impossible index, packet descriptor that does not fit)
 * marks the channel broken and counts it: the host stops servicing the
 * channel until it is closed and opened again.
 *
 * Locking: the work item is non-reentrant and the only user of the rings,
 * chan->buf, chan->pending and chan->held; the control side stops it before
 * it changes any of them.
 */
#include <linux/delay.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "hvsim.h"
#include "vmbus_host.h"

#define HVSIM_VCHAN_BUDGET	64	/* packets per run before yielding */

/**
 * hvsim_vchan_signal_guest() - interrupt the guest for this channel
 * @chan:	the channel
 *
 * From 2.4 on: the channel's relid as event flag, on the channel's target VP
 * and the connection's SINT. Before: the relid's bit in the first half of
 * the interrupt page, and event flag 0 of SINT 2 on the connection's VP.
 *
 * Context: any; never sleeps.
 */
void hvsim_vchan_signal_guest(struct hvsim_vchan *chan)
{
	struct hvsim_vmbus *s = &hvsim_vmbus;
	struct page *int_page = READ_ONCE(s->int_page);

	if (int_page) {
		set_bit(chan->relid, page_address(int_page));
		hvsim_signal_guest_event(s->vp, HVSIM_VMBUS_SINT, 0);
		return;
	}
	hvsim_signal_guest_event(READ_ONCE(chan->target_vp), s->sint, chan->relid);
}

/**
 * hvsim_vchan_mark_broken() - stop servicing a channel the guest corrupted
 * @chan:	the channel
 * @why:	for the log
 *
 * Context: the channel's I/O work.
 */
void hvsim_vchan_mark_broken(struct hvsim_vchan *chan, const char *why)
{
	if (chan->broken)
		return;
	chan->broken = true;
	hvsim_vbad(RING);
	pr_warn_ratelimited("vmbus: relid %u: %s; channel stopped until reopened\n", chan->relid,
			    why);
}

/**
 * hvsim_vchan_io_stop() - stop the I/O work and wait for it
 * @chan:	the channel
 *
 * Context: process context; hvsim_vmbus.lock held.
 */
void hvsim_vchan_io_stop(struct hvsim_vchan *chan)
{
	WRITE_ONCE(chan->io_enabled, false);
	cancel_delayed_work_sync(&chan->poke);
	cancel_work_sync(&chan->work);
}

/**
 * hvsim_vchan_poke_work() - the nudge Hyper-V gives a channel 100 ms after
 * it opened it
 * @work:	the channel's poke work
 *
 * For guests that ignore interrupts before they see OPENCHANNEL_RESULT: the
 * guest is signalled if packets wait for it and it has not masked the
 * channel, and the host looks at the guest's ring once more.
 *
 * Context: the I/O workqueue; never takes hvsim_vmbus.lock.
 */
void hvsim_vchan_poke_work(struct work_struct *work)
{
	struct hvsim_vchan *chan = container_of(work, struct hvsim_vchan, poke.work);

	if (!READ_ONCE(chan->io_enabled))
		return;
	if (hvsim_ring_unread(&chan->in))
		hvsim_vchan_signal_guest(chan);
	hvsim_vchan_kick(chan);
}

/**
 * hvsim_vchan_max_payload() - the largest payload one packet can carry
 * @chan:	an open channel
 *
 * Limited by the host->guest ring and by the descriptor's 16-bit length.
 */
u32 hvsim_vchan_max_payload(const struct hvsim_vchan *chan)
{
	u32 max = min_t(u32, hvsim_ring_max_packet(&chan->in), U16_MAX * 8);

	return round_down(max, 8) - sizeof(struct hvsim_vmpkt_desc);
}

/* Write what waits, in order. False: the guest must make room (or it broke). */
static bool hvsim_vchan_flush(struct hvsim_vchan *chan)
{
	struct hvsim_vreply *r;
	bool signal, bogus;
	int ret;

	while ((r = list_first_entry_or_null(&chan->pending, struct hvsim_vreply, node))) {
		ret = hvsim_ring_write(&chan->in, r->pkt, r->len, &signal);
		if (ret == -ENOSPC) {
			if (hvsim_ring_wait_space(&chan->in, r->len))
				continue;
			return false;
		}
		if (ret) {
			hvsim_vchan_mark_broken(chan, "bad read index in the host->guest ring");
			return false;
		}
		bogus = r->bogus;
		if (bogus)
			hvsim_ring_publish_bogus(&chan->in, r->bogus_index);
		list_del(&r->node);
		kfree(r);
		atomic64_inc(&chan->tx);
		/*
		 * After a bogus index, always: the guest must look while it
		 * is there (the next write replaces it), whatever the mask.
		 */
		if (signal || bogus)
			hvsim_vchan_signal_guest(chan);
	}
	return true;
}

/* Descriptor, @ext (a multiple of 8 bytes), payload padded to 8. */
static struct hvsim_vreply *hvsim_vchan_build(u16 type, u16 flags, u64 trans_id,
					      const void *ext, u32 ext_len,
					      const void *payload, u32 len, u32 padded)
{
	u32 head = sizeof(struct hvsim_vmpkt_desc) + ext_len;
	u32 total = head + ALIGN(padded, 8);
	struct hvsim_vmpkt_desc *d;
	struct hvsim_vreply *r;

	r = kzalloc(struct_size(r, pkt, total), GFP_KERNEL);
	if (!r)
		return NULL;
	r->len = total;
	d = (struct hvsim_vmpkt_desc *)r->pkt;
	d->type = type;
	d->offset8 = head / 8;
	d->len8 = total / 8;
	d->flags = flags;
	d->trans_id = trans_id;
	if (ext_len)
		memcpy(r->pkt + sizeof(*d), ext, ext_len);
	memcpy(r->pkt + head, payload, len);
	return r;
}

/**
 * hvsim_vchan_send_ext() - send a packet with a descriptor extension
 * @chan:	an open channel
 * @type:	descriptor type
 * @flags:	descriptor flags
 * @trans_id:	transaction ID
 * @ext:	what follows the descriptor before the payload (the transfer
 *		page set header and ranges of a type 7 packet), or NULL
 * @ext_len:	its length, a multiple of 8; offset8 covers it
 * @payload:	payload
 * @len:	its length (padded to 8 on the wire)
 *
 * The ring-packet faults apply here: delay, drop, dup, reorder (arg 0),
 * truncate and oversize (of the payload), bad_trans_id, bad_ring_index,
 * rescind.
 *
 * Context: the channel's I/O work.
 * Return: 0 (written, queued behind a full ring, or dropped by a fault);
 * -EINVAL for an extension not a multiple of 8; -EMSGSIZE if it can never
 * fit the ring; -ENOMEM.
 */
int hvsim_vchan_send_ext(struct hvsim_vchan *chan, u16 type, u16 flags, u64 trans_id,
			 const void *ext, u32 ext_len, const void *payload, u32 len)
{
	u32 padded = len, max = hvsim_vchan_max_payload(chan);
	struct hvsim_vreply *r, *dup = NULL;
	bool claim_huge = false;
	u64 arg;

	if (!IS_ALIGNED(ext_len, 8))
		return -EINVAL;
	if (ext_len > max || len > max - ext_len)
		return -EMSGSIZE;
	max -= ext_len;
	hvsim_fault_delay(0);
	if (hvsim_fault_hit(HVSIM_FAULT_DROP, 0, NULL))
		return 0;
	if (hvsim_fault_hit(HVSIM_FAULT_BAD_TRANS_ID, 0, &arg))
		trans_id = arg ? arg : trans_id ^ 0xbad0000000000000ull;
	if (hvsim_fault_hit(HVSIM_FAULT_TRUNCATE, 0, &arg))
		padded = len = arg && arg < len ? arg : len / 2;
	if (hvsim_fault_hit(HVSIM_FAULT_OVERSIZE, 0, &arg)) {
		if (arg)
			padded = clamp_t(u64, arg, len, max);
		else
			claim_huge = true;
	}
	r = hvsim_vchan_build(type, flags, trans_id, ext, ext_len, payload, len, padded);
	if (!r)
		return -ENOMEM;
	if (claim_huge)	/* more than any ring holds: the guest must refuse it */
		((struct hvsim_vmpkt_desc *)r->pkt)->len8 = U16_MAX;
	if (hvsim_fault_hit(HVSIM_FAULT_BAD_RING_INDEX, 0, &arg)) {
		r->bogus = true;
		r->bogus_index = arg ? (u32)arg : chan->in.size + 8;
	}
	if (hvsim_fault_hit(HVSIM_FAULT_DUP, 0, NULL))
		dup = kmemdup(r, struct_size(r, pkt, r->len), GFP_KERNEL);
	if (hvsim_fault_hit(HVSIM_FAULT_RESCIND, 0, NULL))
		hvsim_vmbus_host_event(HVSIM_VEVENT_RESCIND, chan->dev->serial, 0);
	if (!chan->held && !dup && hvsim_fault_hit(HVSIM_FAULT_REORDER, 0, NULL)) {
		chan->held = r;
		return 0;
	}
	list_add_tail(&r->node, &chan->pending);
	if (dup)
		list_add_tail(&dup->node, &chan->pending);
	if (chan->held) {
		list_add_tail(&chan->held->node, &chan->pending);
		chan->held = NULL;
	}
	hvsim_vchan_flush(chan);
	return 0;
}

/**
 * hvsim_vchan_send() - send a packet to the guest
 * @chan:	an open channel
 * @type:	descriptor type
 * @flags:	descriptor flags
 * @trans_id:	transaction ID
 * @payload:	payload
 * @len:	its length (padded to 8 on the wire)
 *
 * Context: the channel's I/O work.
 * Return: as hvsim_vchan_send_ext().
 */
int hvsim_vchan_send(struct hvsim_vchan *chan, u16 type, u16 flags, u64 trans_id,
		     const void *payload, u32 len)
{
	return hvsim_vchan_send_ext(chan, type, flags, trans_id, NULL, 0, payload, len);
}

/**
 * hvsim_vchan_send_comp() - send a completion (VM_PKT_COMP) packet
 * @chan:	an open channel
 * @trans_id:	the request's transaction ID
 * @payload:	payload
 * @len:	its length
 *
 * Context: the channel's I/O work.
 * Return: as hvsim_vchan_send().
 */
int hvsim_vchan_send_comp(struct hvsim_vchan *chan, u64 trans_id, const void *payload, u32 len)
{
	return hvsim_vchan_send(chan, HVSIM_VMPKT_COMP, 0, trans_id, payload, len);
}

/**
 * hvsim_vpkt_ranges() - walk the guest memory a GPA-direct packet describes
 * @pkt:	the packet (its descriptor extension holds the ranges)
 * @total:	set to the bytes the ranges describe
 * @fn:		NULL: only check that the ranges fit the extension exactly;
 *		else called for each piece of guest memory in order, at most
 *		one page each, with its address in the direct map (the page
 *		referenced for the call); a non-zero return stops the walk
 * @ctx:	for @fn
 *
 * Every device that reads or writes what a GPA-direct packet describes
 * (the echo device, NetVSP's page-buffer frames) walks it here, so the
 * checks of range counts, offsets and PFNs against the descriptor are one.
 *
 * Context: the channel's I/O work.
 * Return: 0; -EINVAL (ranges that do not fit the extension); -EFAULT (a PFN
 * that is not guest RAM); or what @fn returned.
 */
int hvsim_vpkt_ranges(const struct hvsim_vpkt *pkt, u64 *total,
		      int (*fn)(void *ctx, void *va, u32 len), void *ctx)
{
	const u8 *p = pkt->desc_extra, *end = pkt->desc_extra + pkt->extra_len;
	struct hvsim_vmpkt_gpa_direct gd;
	u32 i, k, span, off, chunk, left;
	struct hvsim_gpa_range r;
	struct page *page;
	int ret;
	u64 pfn;

	if (pkt->extra_len < sizeof(gd))
		return -EINVAL;
	memcpy(&gd, p, sizeof(gd));
	p += sizeof(gd);
	if (!gd.range_count)
		return -EINVAL;
	*total = 0;
	for (i = 0; i < gd.range_count; i++) {
		if (end - p < (long)sizeof(r))
			return -EINVAL;
		memcpy(&r, p, sizeof(r));
		p += sizeof(r);
		if (r.byte_offset >= PAGE_SIZE)
			return -EINVAL;
		span = DIV_ROUND_UP((u64)r.byte_offset + r.byte_count, PAGE_SIZE);
		if ((end - p) / sizeof(u64) < span)
			return -EINVAL;
		*total += r.byte_count;
		off = r.byte_offset;
		left = r.byte_count;
		for (k = 0; fn && k < span; k++) {
			memcpy(&pfn, p + k * sizeof(u64), sizeof(pfn));
			chunk = min_t(u32, left, PAGE_SIZE - off);
			if (pfn > (U64_MAX >> PAGE_SHIFT) || hvsim_gpa_get(pfn << PAGE_SHIFT, &page))
				return -EFAULT;
			ret = fn(ctx, page_address(page) + off, chunk);
			hvsim_gpa_put(page);
			if (ret)
				return ret;
			left -= chunk;
			off = 0;
		}
		p += span * sizeof(u64);
	}
	return p == end ? 0 : -EINVAL;
}

static void hvsim_vchan_parse(const u8 *buf, u32 len, struct hvsim_vpkt *pkt)
{
	const struct hvsim_vmpkt_desc *d = (const void *)buf;
	u32 off = (u32)d->offset8 * 8;	/* checked by hvsim_ring_read() */

	pkt->type = d->type;
	pkt->flags = d->flags;
	pkt->trans_id = d->trans_id;
	pkt->desc_extra = buf + sizeof(*d);
	pkt->extra_len = off - sizeof(*d);
	pkt->data = buf + off;
	pkt->len = len - off;
}

/*
 * Let the device send what it originates, if nothing of the channel's own
 * waits for room. True: it wants another run (it stopped for its budget).
 */
static bool hvsim_vchan_service(struct hvsim_vchan *chan)
{
	bool (*service)(struct hvsim_vchan *chan) = chan->dev->ops->service;

	if (!service || chan->broken || !list_empty(&chan->pending) ||
	    !READ_ONCE(chan->io_enabled))
		return false;
	return service(chan);
}

/**
 * hvsim_vchan_io_work() - service a channel's rings
 * @work:	chan->work
 *
 * Context: the I/O workqueue.
 */
void hvsim_vchan_io_work(struct work_struct *work)
{
	struct hvsim_vchan *chan = container_of(work, struct hvsim_vchan, work);
	unsigned int budget = HVSIM_VCHAN_BUDGET;
	struct hvsim_vpkt pkt;
	u32 len;
	int ret;

	if (!READ_ONCE(chan->io_enabled) || chan->broken)
		return;
	/* replies first: no new request is read while the guest owes room */
	if (!hvsim_vchan_flush(chan))
		return;
	/*
	 * then what the device originates, each time the guest made room: a
	 * guest whose requests' replies keep the ring full must not starve it
	 * (storvsp's ENUMERATE_BUS for a removed LUN waited for the end of a
	 * fio run on another LUN of the debug kernel)
	 */
	if (hvsim_vchan_service(chan))
		queue_work(hvsim_vmbus.io_wq, &chan->work);
	hvsim_ring_mask(&chan->out, true);
	while (READ_ONCE(chan->io_enabled)) {
		if (!budget--) {
			/* a guest that never stops sending must not starve the device */
			hvsim_vchan_service(chan);
			queue_work(hvsim_vmbus.io_wq, &chan->work);
			return;
		}
		ret = hvsim_ring_read(&chan->out, chan->buf, chan->buflen, &len);
		if (ret == -EAGAIN) {
			hvsim_ring_mask(&chan->out, false);
			if (hvsim_ring_empty(&chan->out))
				break;
			hvsim_ring_mask(&chan->out, true);
			continue;
		}
		if (ret) {
			hvsim_vchan_mark_broken(chan, "corrupt guest->host ring");
			return;
		}
		hvsim_vchan_parse(chan->buf, len, &pkt);
		if (hvsim_ring_consume(&chan->out, len))
			hvsim_vchan_signal_guest(chan);
		atomic64_inc(&chan->rx);
		chan->dev->ops->packet(chan, &pkt);
		/* the ring is full: wait for the guest's signal, stay masked */
		if (chan->broken || !list_empty(&chan->pending))
			return;
	}
	if (hvsim_vchan_service(chan))
		queue_work(hvsim_vmbus.io_wq, &chan->work);
	/* nothing came to overtake a reply the reorder fault held: send it */
	if (chan->held) {
		list_add_tail(&chan->held->node, &chan->pending);
		chan->held = NULL;
		hvsim_vchan_flush(chan);
	}
}
