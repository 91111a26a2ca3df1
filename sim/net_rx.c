// SPDX-License-Identifier: GPL-2.0
/*
 * NetVSP's receive path, host to guest: the guest's receive buffer, the
 * RNDIS messages the host writes into it, and the transfer-page packets
 * (VMBus type 7) that tell the guest where they are.
 *
 * The receive buffer (SEND_RECV_BUF) is reported as one section of equal
 * sub-allocations: 1728 bytes, as Hyper-V, or frame size + 214 for jumbo
 * frames. One RNDIS message never spans two sub-allocations: a guest copies
 * each range into a buffer of one sub-allocation and refuses longer ones
 * (Linux's netvsc does), which is also why openvmm sizes its
 * sub-allocations from the MTU. So a frame takes exactly one.
 *
 * A frame is written as REMOTE_NDIS_PACKET_MSG with the data right after
 * the fixed header and no per-packet info: the per-packet-info offset is 0
 * then, since a guest takes a non-zero offset to mean "there is some" and
 * rejects an empty area. Up to HVSIM_NET_RX_BATCH waiting frames go in one
 * transfer-page packet, one range each (payload: NVSP SEND_RNDIS_PKT,
 * channel type data, no send-buffer section), with the host's own
 * transaction ID and a completion requested. The guest completes the
 * packet as a whole (VM_PKT_COMP with that ID carrying
 * SEND_RNDIS_PKT_COMPLETE), and only then are its sub-allocations free
 * again. RNDIS responses and indications travel the same way, one per
 * packet with channel type control, ahead of frames.
 *
 * Transaction IDs are HVSIM_NET_XFER_TAG | the transfer's ID in
 * hvsim_net.xfers. A completion naming no outstanding transfer is counted
 * (bad_completion) and changes nothing. A transfer sent before the buffer
 * was revoked frees nothing when it completes (hvsim_net.recv_gen).
 *
 * No room in the guest's ring, or no free sub-allocation: the frames stay
 * on the port's queue and the service op returns; it runs again when the
 * guest signals room or completes a transfer (both wake the I/O work).
 *
 * Context: the primary channel's I/O work (transfers go out on the
 * primary only until RSS spreads them), or open/close with it stopped.
 * The queues are shared with other works: hvsim_net.lock.
 */
#include <linux/bitmap.h>
#include <linux/slab.h>

#include "net_host.h"

#define HVSIM_NET_XFER_TAG	0x4e45540000000000ull	/* "NET" in the top bytes */
#define HVSIM_NET_XFER_ID	0x00000000ffffffffull

/**
 * hvsim_net_recv_buf_set() - take the guest's receive buffer
 * @net:	the NIC, with none yet
 * @g:		its GPADL, referenced (the reference passes to @net)
 * @id:		the guest's ID for it, the transfer page set ID
 *
 * Context: the primary channel's I/O work.
 * Return: 0; -EINVAL if it is not one contiguous range holding at least
 * one sub-allocation; -ENOMEM.
 */
int hvsim_net_recv_buf_set(struct hvsim_net *net, struct hvsim_gpadl *g, u16 id)
{
	u32 sub = max_t(u32, HVSIM_NET_RECV_SECTION,
			round_up(net->frame_max + HVSIM_NET_RECV_HEADROOM, 8));
	unsigned long *map;
	u32 n;

	if (g->bytes < sub)
		return -EINVAL;
	n = g->bytes / sub;
	map = bitmap_zalloc(n, GFP_KERNEL);
	if (!map)
		return -ENOMEM;
	net->recv_buf = g;
	net->recv_id = id;
	net->recv_sub = sub;
	net->recv_sections = n;
	net->recv_free = n;
	net->recv_hint = 0;
	net->recv_map = map;
	WRITE_ONCE(net->recv_size, g->bytes);
	return 0;
}

/**
 * hvsim_net_recv_buf_drop() - let go of the receive buffer (revoke, close)
 * @net:	the NIC
 *
 * Transfers still outstanding stay known, so that their completions are
 * not mistaken for bogus ones, but free nothing any more.
 *
 * Context: the primary channel's I/O work, or close with it stopped.
 */
void hvsim_net_recv_buf_drop(struct hvsim_net *net)
{
	struct hvsim_gpadl *g = net->recv_buf;

	if (!g)
		return;
	net->recv_gen++;
	bitmap_free(net->recv_map);
	net->recv_map = NULL;
	net->recv_buf = NULL;
	net->recv_sections = 0;
	net->recv_free = 0;
	WRITE_ONCE(net->recv_size, 0);
	hvsim_gpadl_put(g);
}

static int hvsim_net_sect_alloc(struct hvsim_net *net)
{
	u32 i;

	if (!net->recv_free)
		return -ENOSPC;
	i = find_next_zero_bit(net->recv_map, net->recv_sections, net->recv_hint);
	if (i >= net->recv_sections)
		i = find_first_zero_bit(net->recv_map, net->recv_sections);
	if (i >= net->recv_sections)
		return -ENOSPC;
	__set_bit(i, net->recv_map);
	net->recv_free--;
	net->recv_hint = i + 1;
	return i;
}

static void hvsim_net_sect_free(struct hvsim_net *net, u32 i)
{
	if (i < net->recv_sections && __test_and_clear_bit(i, net->recv_map))
		net->recv_free++;
}

/* Send a transfer of @n ranges (nc->ext, nc->sect filled in); on failure the sections go back. */
static int hvsim_net_xfer_send(struct hvsim_net *net, struct hvsim_vchan *chan,
			       struct hvsim_net_chan *nc, u32 channel_type, u32 n)
{
	struct hvsim_vmpkt_xfer_pages *h = (void *)nc->ext;
	u8 msg[HVSIM_NVSP_MSG_SIZE_V61] = {};
	struct hvsim_nvsp_rndis_pkt *m = (void *)msg;
	struct hvsim_net_xfer *x;
	u32 id, i;
	int ret;

	x = kmalloc(struct_size(x, sect, n), GFP_KERNEL);
	if (!x) {
		ret = -ENOMEM;
		goto free_sects;
	}
	x->gen = net->recv_gen;
	x->count = n;
	memcpy(x->sect, nc->sect, n * sizeof(*nc->sect));
	ret = xa_alloc_cyclic(&net->xfers, &id, x, XA_LIMIT(1, U32_MAX), &net->xfer_next,
			      GFP_KERNEL);
	if (ret < 0)
		goto free_x;
	h->xfer_pageset_id = net->recv_id;
	h->sender_owns_set = 0;
	h->reserved = 0;
	h->range_count = n;
	m->type = HVSIM_NVSP_SEND_RNDIS_PKT;
	m->channel_type = channel_type;
	m->section_index = HVSIM_NVSP_NO_SECTION;
	m->section_size = 0;
	ret = hvsim_vchan_send_ext(chan, HVSIM_VMPKT_DATA_XFER_PAGES,
				   HVSIM_VMPKT_FLAG_COMPLETION_REQUESTED, HVSIM_NET_XFER_TAG | id,
				   nc->ext, sizeof(*h) + n * sizeof(struct hvsim_xfer_range),
				   msg, READ_ONCE(net->nvsp_size));
	if (ret) {
		xa_erase(&net->xfers, id);
		goto free_x;
	}
	hvsim_net_count(net, RX_XFERS);
	return 0;

free_x:
	kfree(x);
free_sects:
	for (i = 0; i < n; i++)
		hvsim_net_sect_free(net, nc->sect[i]);
	pr_warn_ratelimited("net: relid %u: transfer of %u ranges not sent (%d)\n", chan->relid,
			    n, ret);
	return ret;
}

/* The oldest RNDIS message for the guest: 1 sent (or lost), 0 none, -ENOSPC no room. */
static int hvsim_net_rx_ctl(struct hvsim_net *net, struct hvsim_vchan *chan,
			    struct hvsim_net_chan *nc)
{
	struct hvsim_xfer_range *r = (void *)(nc->ext + sizeof(struct hvsim_vmpkt_xfer_pages));
	struct hvsim_net_ctlmsg *m;
	int sect = -1;

	spin_lock(&net->lock);
	m = list_first_entry_or_null(&net->ctl, struct hvsim_net_ctlmsg, node);
	spin_unlock(&net->lock);
	if (!m)
		return 0;
	/* only this work takes messages off the list while it runs: @m stays */
	if (net->recv_buf) {
		sect = hvsim_net_sect_alloc(net);
		if (sect < 0)
			return -ENOSPC;
	}
	spin_lock(&net->lock);
	list_del(&m->node);
	net->ctl_len--;
	spin_unlock(&net->lock);
	if (sect < 0 || m->len > net->recv_sub) {
		if (sect >= 0)
			hvsim_net_sect_free(net, sect);
		hvsim_net_count(net, CTL_DROPPED);
		kfree(m);
		return 1;
	}
	memcpy(net->recv_buf->va + (size_t)sect * net->recv_sub, m->msg, m->len);
	r->byte_count = m->len;
	r->byte_offset = sect * net->recv_sub;
	nc->sect[0] = sect;
	kfree(m);
	if (hvsim_net_xfer_send(net, chan, nc, HVSIM_NVSP_CHANNEL_CONTROL, 1))
		hvsim_net_count(net, CTL_DROPPED);
	else
		hvsim_net_count(net, CTL_SENT);
	return 1;
}

static struct hvsim_net_frame *hvsim_net_pop(struct hvsim_net *net)
{
	struct hvsim_net_frame *f = NULL;

	spin_lock(&net->lock);
	if (net->q_len) {
		f = net->q[net->q_head];
		net->q[net->q_head] = NULL;
		net->q_head = (net->q_head + 1) % HVSIM_NET_QUEUE_MAX;
		net->q_len--;
	}
	spin_unlock(&net->lock);
	return f;
}

/* Write one frame at sub-allocation @sect; its message length. */
static u32 hvsim_net_rx_write(struct hvsim_net *net, u32 sect, const struct hvsim_net_frame *f)
{
	u8 *dst = net->recv_buf->va + (size_t)sect * net->recv_sub;
	struct hvsim_rndis_packet p = {
		.data_offset = sizeof(p),
		.data_len = f->len,
	};
	struct hvsim_rndis_hdr h = {
		.type = HVSIM_RNDIS_PACKET_MSG,
		.len = sizeof(h) + sizeof(p) + f->len,
	};

	memcpy(dst, &h, sizeof(h));
	memcpy(dst + sizeof(h), &p, sizeof(p));
	memcpy(dst + sizeof(h) + sizeof(p), f->data, f->len);
	return h.len;
}

/* Waiting frames into one transfer: 1 sent, 0 none, -ENOSPC no sub-allocation. */
static int hvsim_net_rx_frames(struct hvsim_net *net, struct hvsim_vchan *chan,
			       struct hvsim_net_chan *nc)
{
	struct hvsim_xfer_range *r = (void *)(nc->ext + sizeof(struct hvsim_vmpkt_xfer_pages));
	const u32 hdr = sizeof(struct hvsim_rndis_hdr) + sizeof(struct hvsim_rndis_packet);
	struct hvsim_net_frame *f;
	u32 n = 0, bytes = 0;
	int sect, ret = 0;

	while (n < HVSIM_NET_RX_BATCH) {
		sect = -1;
		if (net->recv_buf) {
			sect = hvsim_net_sect_alloc(net);
			if (sect < 0) {
				ret = -ENOSPC;
				break;
			}
		}
		f = hvsim_net_pop(net);
		if (!f) {
			if (sect >= 0)
				hvsim_net_sect_free(net, sect);
			break;
		}
		if (sect < 0) {
			/* revoked: nowhere to put it */
			hvsim_net_count(net, DROPPED_NO_BUFFER);
		} else if (hdr + f->len > net->recv_sub) {
			hvsim_net_count(net, DROPPED_MTU);
			hvsim_net_sect_free(net, sect);
		} else {
			r[n].byte_count = hvsim_net_rx_write(net, sect, f);
			r[n].byte_offset = sect * net->recv_sub;
			nc->sect[n++] = sect;
			bytes += f->len;
		}
		hvsim_net_frame_put(f);
	}
	if (!n)
		return ret;
	if (hvsim_net_xfer_send(net, chan, nc, HVSIM_NVSP_CHANNEL_DATA, n)) {
		hvsim_net_add(net, DROPPED_NO_BUFFER, n);
		return 1;
	}
	hvsim_net_add(net, RX_FRAMES, n);
	hvsim_net_add(net, RX_BYTES, bytes);
	return 1;
}

/**
 * hvsim_net_service() - the device's service op: send what waits for the
 * guest (RNDIS messages first, then frames)
 * @chan:	the channel whose I/O work runs
 *
 * Context: that channel's I/O work, which found the guest's ring drained
 * and nothing of its own waiting for room.
 * Return: true if it stopped for its budget with more to send.
 */
bool hvsim_net_service(struct hvsim_vchan *chan)
{
	struct hvsim_net *net = chan->dev->priv;
	struct hvsim_net_chan *nc = chan->priv;
	unsigned int i;
	int ret;

	/* everything goes out on the primary for now (RSS spreads it later) */
	if (chan->sub_index || !nc)
		return false;
	for (i = 0; i < HVSIM_NET_RX_BUDGET; i++) {
		/* the last packet waits for room: the guest signals when it made some */
		if (!list_empty(&chan->pending) || chan->broken)
			return false;
		ret = hvsim_net_rx_ctl(net, chan, nc);
		if (!ret)
			ret = hvsim_net_rx_frames(net, chan, nc);
		if (ret <= 0)
			return false;
	}
	return true;
}

/**
 * hvsim_net_rx_completion() - the guest completed a packet of the host's
 * @net:	the NIC
 * @chan:	the channel it came on
 * @pkt:	the VM_PKT_COMP
 *
 * Context: @chan's I/O work.
 */
void hvsim_net_rx_completion(struct hvsim_net *net, struct hvsim_vchan *chan,
			     const struct hvsim_vpkt *pkt)
{
	struct hvsim_nvsp_rndis_pkt_complete c;
	struct hvsim_net_xfer *x;
	u32 i;

	/* transfers go out on the primary, and only its work may look at them */
	if (chan->sub_index || pkt->len < sizeof(c) ||
	    (pkt->trans_id & ~HVSIM_NET_XFER_ID) != HVSIM_NET_XFER_TAG)
		goto bad;
	memcpy(&c, pkt->data, sizeof(c));
	if (c.type != HVSIM_NVSP_SEND_RNDIS_PKT_COMPLETE)
		goto bad;
	x = xa_erase(&net->xfers, (u32)(pkt->trans_id & HVSIM_NET_XFER_ID));
	if (!x)
		goto bad;
	if (c.status != HVSIM_NVSP_STATUS_SUCCESS)
		hvsim_net_count(net, RX_NACKED);
	if (x->gen == net->recv_gen)
		for (i = 0; i < x->count; i++)
			hvsim_net_sect_free(net, x->sect[i]);
	kfree(x);
	return;

bad:
	hvsim_net_count(net, BAD_COMPLETION);
	pr_warn_ratelimited("net: relid %u: completion %#llx of no transfer\n", chan->relid,
			    pkt->trans_id);
}

/**
 * hvsim_net_xfers_free() - forget every outstanding transfer (close)
 * @net:	the NIC
 *
 * Context: close or destroy, the primary's I/O work stopped.
 */
void hvsim_net_xfers_free(struct hvsim_net *net)
{
	struct hvsim_net_xfer *x;
	unsigned long id;

	xa_for_each(&net->xfers, id, x) {
		xa_erase(&net->xfers, id);
		kfree(x);
	}
}

/**
 * hvsim_net_kick_locked() - wake the primary channel's I/O work
 * @net:	the NIC
 *
 * Context: net->lock held (the channel recorded there is open).
 */
void hvsim_net_kick_locked(struct hvsim_net *net)
{
	lockdep_assert_held(&net->lock);
	if (net->primary)
		hvsim_vchan_kick(net->primary);
}

/**
 * hvsim_net_ctl_queue_locked() - queue an RNDIS message for the guest
 * @net:	the NIC
 * @m:		the message; ownership passes (freed if the queue is full)
 *
 * Context: net->lock held.
 */
void hvsim_net_ctl_queue_locked(struct hvsim_net *net, struct hvsim_net_ctlmsg *m)
{
	lockdep_assert_held(&net->lock);
	if (net->ctl_len >= HVSIM_NET_CTL_MAX) {
		hvsim_net_count(net, CTL_DROPPED);
		kfree(m);
		return;
	}
	list_add_tail(&m->node, &net->ctl);
	net->ctl_len++;
	hvsim_net_kick_locked(net);
}

/**
 * hvsim_net_purge_locked() - drop the frames waiting for the guest
 * @net:	the NIC
 * @ctl_too:	the RNDIS messages too (only with the primary's work stopped,
 *		or from it)
 *
 * Context: net->lock held.
 * Return: the frames dropped.
 */
u32 hvsim_net_purge_locked(struct hvsim_net *net, bool ctl_too)
{
	struct hvsim_net_ctlmsg *m, *tmp;
	u32 n = net->q_len;

	lockdep_assert_held(&net->lock);
	while (net->q_len) {
		hvsim_net_frame_put(net->q[net->q_head]);
		net->q[net->q_head] = NULL;
		net->q_head = (net->q_head + 1) % HVSIM_NET_QUEUE_MAX;
		net->q_len--;
	}
	if (ctl_too) {
		list_for_each_entry_safe(m, tmp, &net->ctl, node)
			kfree(m);
		INIT_LIST_HEAD(&net->ctl);
		net->ctl_len = 0;
	}
	return n;
}
