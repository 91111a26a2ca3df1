// SPDX-License-Identifier: GPL-2.0
/*
 * Packets in. Each packet is copied out of the shared ring into the
 * caller's buffer by the ring code, which checks the descriptor on its
 * private copy; everything after that (payload offset, completion IDs) is
 * checked on the copy too, never on shared memory the host can still
 * change. A packet that breaks the format marks the channel broken: the
 * host is misbehaving and nothing it sends on the channel is trusted any
 * more; the driver sees -EIO.
 *
 * Never in place: a driver reading a packet where the host wrote it could
 * check a length and then use one the host changed since (the kernel's own
 * VMBus copies packets out of the ring too). What a burst saves
 * instead is the publication of the read index, with its full barrier:
 * vmb_chan_recv_held() and vmb_chan_recv_release() give the space back
 * once per burst.
 */
#include "internal.h"

static int vmb_chan_break(struct vmb_channel *ch, const char *why)
{
	if (!ch->broken)
		pr_err_ratelimited("relid %u: channel broken by the host: %s\n", ch->relid, why);
	ch->broken = true;
	ch->bad_packets++;
	return -EIO;
}

static int vmb_chan_recv_pkt(struct vmb_channel *ch, void *buf, u32 buflen,
			     struct vmb_packet *pkt, bool give_back)
{
	const struct vmbus_pkt_desc *desc = buf;
	const void *payload;
	unsigned long flags;
	u32 pktlen, plen;
	bool signal = false;
	void *req;
	int ret;

	spin_lock_irqsave(&ch->in_lock, flags);
	if (!ch->ring_ready) {
		ret = -ENODEV;
		goto unlock;
	}
	for (;;) {
		if (ch->broken) {
			ret = -EIO;
			break;
		}
		ret = vmbus_ring_read(&ch->in, buf, buflen, &pktlen);
		if (ret == -ENOBUFS) {
			pkt->total = pktlen;
			break;
		}
		if (ret == -EIO) {
			ret = vmb_chan_break(ch, ch->in.broken_why ?: "ring");
			break;
		}
		if (ret)
			break;
		/* the copy is ours: the space may go back to the host at once */
		if (give_back)
			signal |= vmbus_ring_read_commit(&ch->in);
		if (vmbus_pkt_payload(buf, pktlen, &payload, &plen)) {
			ret = vmb_chan_break(ch, "bad payload offset");
			break;
		}
		req = NULL;
		if (desc->type == VMB_PKT_COMP) {
			req = vmb_req_take(ch, desc->trans_id);
			if (!req) {
				ch->bad_completions++;
				pr_warn_ratelimited("relid %u: completion for request %#llx, which is not outstanding\n",
						    ch->relid, desc->trans_id);
				continue;
			}
		}
		pkt->type = desc->type;
		pkt->flags = desc->flags;
		pkt->trans_id = desc->trans_id;
		pkt->req = req;
		pkt->ext = desc + 1;
		pkt->ext_len = (u32)((const u8 *)payload - (const u8 *)(desc + 1));
		pkt->data = payload;
		pkt->len = plen;
		pkt->total = pktlen;
		break;
	}
unlock:
	spin_unlock_irqrestore(&ch->in_lock, flags);
	if (signal)
		vmb_chan_signal(ch);
	return ret;
}

/**
 * vmb_chan_recv() - take the next packet from a channel
 * @ch:		an open channel
 * @buf:	where the packet is copied, descriptor included
 * @buflen:	its size
 * @pkt:	filled in on success (pointers into @buf); on -ENOBUFS only
 *		@pkt->total is set, to the size needed
 *
 * Completions (VMB_PKT_COMP) are matched against the channel's issued
 * request IDs: one that matches none is dropped and counted, and the next
 * packet is returned instead; one that matches comes with the request's
 * cookie in @pkt->req and frees the ID.
 *
 * Context: any; does not sleep. Readers of one channel are serialised
 * (the callback, or the driver's poller, is the one reader by design).
 * Return: 0; -EAGAIN (no packet); -ENOBUFS (@buflen too small; the packet
 * stays); -ENODEV (not open); -EIO (broken by the host).
 */
int vmb_chan_recv(struct vmb_channel *ch, void *buf, u32 buflen, struct vmb_packet *pkt)
{
	return vmb_chan_recv_pkt(ch, buf, buflen, pkt, true);
}
EXPORT_SYMBOL_GPL(vmb_chan_recv);

/**
 * vmb_chan_recv_held() - vmb_chan_recv() for a burst: the space stays held
 * @ch:		an open channel
 * @buf:	as for vmb_chan_recv()
 * @buflen:	its size
 * @pkt:	as for vmb_chan_recv()
 *
 * Each packet is still copied out and checked on the copy, but the ring
 * space it took is given back to the host only by vmb_chan_recv_release(),
 * once for the whole burst: one publication of the read index and one
 * full barrier per burst instead of per packet. The reader calls
 * vmb_chan_recv_release() before it stops reading (before unmasking), and
 * reads on while it returns true: the host may be waiting for that room,
 * and may have written more without a signal. vmbus.ko also releases after
 * every @on_event callback returns (and calls it again if more came).
 *
 * Context: as vmb_chan_recv().
 * Return: as vmb_chan_recv().
 */
int vmb_chan_recv_held(struct vmb_channel *ch, void *buf, u32 buflen, struct vmb_packet *pkt)
{
	return vmb_chan_recv_pkt(ch, buf, buflen, pkt, false);
}
EXPORT_SYMBOL_GPL(vmb_chan_recv_held);

/**
 * vmb_chan_recv_release() - give the host back the space of the packets
 * read with vmb_chan_recv_held()
 * @ch:		a channel
 *
 * Signals the host if it waits for room we just freed. While packets were
 * held, the host saw a ring that was not empty and wrote more without a
 * signal: the caller must read again when this says so (vmbus_ring.c,
 * vmbus_ring_read_more()).
 *
 * Context: any; does not sleep. Nothing happens for a channel not open.
 * Return: true if packets came that no signal will announce: read them.
 */
bool vmb_chan_recv_release(struct vmb_channel *ch)
{
	unsigned long flags;
	bool signal = false, more = false;

	spin_lock_irqsave(&ch->in_lock, flags);
	if (ch->ring_ready && !ch->broken) {
		signal = vmbus_ring_read_commit(&ch->in);
		more = vmbus_ring_read_more(&ch->in);
	}
	spin_unlock_irqrestore(&ch->in_lock, flags);
	if (signal)
		vmb_chan_signal(ch);
	return more;
}
EXPORT_SYMBOL_GPL(vmb_chan_recv_release);

/**
 * vmb_chan_read_avail() - bytes the host has published and we not read
 * @ch:		an open channel
 *
 * Descriptors and padding included: non-zero means vmb_chan_recv() has a
 * packet to return (or a broken ring to report).
 *
 * Context: any; does not sleep.
 * Return: bytes; 0 for a channel not open or broken.
 */
u32 vmb_chan_read_avail(struct vmb_channel *ch)
{
	u32 n;

	if (!vmb_ring_peek(ch, true, vmbus_ring_read_avail, &n) || READ_ONCE(ch->broken))
		return 0;
	return n;
}
EXPORT_SYMBOL_GPL(vmb_chan_read_avail);

/**
 * vmb_chan_intr_mask() - ask the host not to signal this channel
 * @ch:		an open channel
 *
 * For a driver that polls: it reads until empty, then unmasks.
 *
 * Context: any; on the reading side (serialised with vmb_chan_recv()).
 */
void vmb_chan_intr_mask(struct vmb_channel *ch)
{
	unsigned long flags;

	spin_lock_irqsave(&ch->in_lock, flags);
	if (ch->ring_ready)
		vmbus_ring_mask_intr(&ch->in);
	spin_unlock_irqrestore(&ch->in_lock, flags);
}
EXPORT_SYMBOL_GPL(vmb_chan_intr_mask);

/**
 * vmb_chan_intr_unmask() - let the host signal again
 * @ch:		an open channel
 *
 * Context: any; on the reading side.
 * Return: true if packets are waiting already (they came while masked and
 * will not be signalled): the caller must poll again.
 */
bool vmb_chan_intr_unmask(struct vmb_channel *ch)
{
	unsigned long flags;
	bool more = false;

	spin_lock_irqsave(&ch->in_lock, flags);
	if (ch->ring_ready && !ch->broken)
		more = vmbus_ring_unmask_intr(&ch->in);
	spin_unlock_irqrestore(&ch->in_lock, flags);
	return more;
}
EXPORT_SYMBOL_GPL(vmb_chan_intr_unmask);
