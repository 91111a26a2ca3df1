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
 * A frame is written as REMOTE_NDIS_PACKET_MSG: the fixed header, the
 * per-packet info the receiving NIC gets (TCPIP_CHKSUM with the receive
 * checksum results when receive checksum offload is on; the RSS hash value
 * and hash information when RSS hashed it; openvmm writes the checksum one
 * always; the VLAN tag the sender gave), then the frame. Without any, the per-packet-info offset is 0: a
 * guest takes a non-zero offset to mean "there is some" and rejects an
 * empty area. Up to HVSIM_NET_RX_BATCH waiting frames of one receive queue
 * go in one transfer-page packet on that queue's channel, one range each
 * (a coalesced packet several: hvsim_net_rx_write_rsc(); at most
 * HVSIM_NET_RX_RANGES in all)
 * (payload: NVSP SEND_RNDIS_PKT, channel type data, no send-buffer
 * section), with the host's own transaction ID and a completion requested.
 * The guest completes the packet as a whole, on the same channel
 * (VM_PKT_COMP with that ID carrying SEND_RNDIS_PKT_COMPLETE), and only
 * then are its sub-allocations free again. RNDIS responses and indications
 * travel the same way on the primary, one per packet with channel type
 * control, ahead of its frames; frames never take the last
 * HVSIM_NET_RECV_CTL_RESERVE sub-allocations, so that a busy data path
 * cannot starve them.
 *
 * Transaction IDs are HVSIM_NET_XFER_TAG | the transfer's ID in
 * hvsim_net.xfers, which records the channel too. A completion naming no
 * outstanding transfer, or one of another channel, is counted
 * (bad_completion) and changes nothing. A transfer sent before the buffer
 * was revoked frees nothing when it completes (hvsim_net.recv_gen).
 *
 * No room in the guest's ring, or no free sub-allocation: the frames stay
 * on their queue and the service op returns; it runs again when the guest
 * signals room or completes a transfer on that channel, or when another
 * channel's completion frees a sub-allocation this queue waited for
 * (hvsim_net.recv_wait).
 *
 * Context: a channel's I/O work, or open/close with that channel's work
 * stopped. The queues, the sub-allocation bitmap and the buffer pointer are
 * shared between the NIC's channels' works: hvsim_net.lock; a work writing
 * into the buffer holds a GPADL reference of its own, so that a revoke on
 * the primary cannot unmap it meanwhile.
 */
#include <linux/bitmap.h>
#include <linux/slab.h>

#include "net_host.h"

#define HVSIM_NET_XFER_TAG	0x4e45540000000000ull	/* "NET" in the top bytes */
#define HVSIM_NET_XFER_ID	0x00000000ffffffffull

/* the receive buffer as one transfer being built sees it */
struct hvsim_net_rxb {
	struct hvsim_gpadl *g;		/* referenced, or NULL */
	u32 gen;
	u32 sub;
	u16 id;
};

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
			round_up(READ_ONCE(net->frame_max) + HVSIM_NET_RECV_HEADROOM, 8));
	unsigned long *map;
	u32 n;

	if (g->bytes < sub)
		return -EINVAL;
	n = g->bytes / sub;
	map = bitmap_zalloc(n, GFP_KERNEL);
	if (!map)
		return -ENOMEM;
	spin_lock(&net->lock);
	net->recv_buf = g;
	net->recv_id = id;
	net->recv_sub = sub;
	net->recv_sections = n;
	net->recv_free = n;
	net->recv_hint = 0;
	net->recv_map = map;
	WRITE_ONCE(net->recv_size, g->bytes);
	spin_unlock(&net->lock);
	return 0;
}

/**
 * hvsim_net_recv_buf_drop() - let go of the receive buffer (revoke, close)
 * @net:	the NIC
 *
 * Transfers still outstanding stay known, so that their completions are
 * not mistaken for bogus ones, but free nothing any more. A channel's work
 * still copying into the buffer keeps its pages with its own reference.
 *
 * Context: the primary channel's I/O work, or close with it stopped; no
 * spinlock held (the last reference may unmap).
 */
void hvsim_net_recv_buf_drop(struct hvsim_net *net)
{
	struct hvsim_gpadl *g;
	unsigned long *map;

	spin_lock(&net->lock);
	g = net->recv_buf;
	map = net->recv_map;
	if (g) {
		net->recv_gen++;
		net->recv_map = NULL;
		net->recv_buf = NULL;
		net->recv_sections = 0;
		net->recv_free = 0;
		WRITE_ONCE(net->recv_size, 0);
	}
	spin_unlock(&net->lock);
	bitmap_free(map);
	hvsim_gpadl_put(g);
}

/* A free sub-allocation, leaving @reserve free ones. Context: net->lock held. */
static int hvsim_net_sect_alloc_locked(struct hvsim_net *net, u32 reserve)
{
	u32 i;

	if (!net->recv_map || net->recv_free <= reserve)
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

/*
 * Give back @n sub-allocations of buffer generation @gen, and wake the
 * queues that waited for one. Context: net->lock held.
 */
static void hvsim_net_sect_free_locked(struct hvsim_net *net, u32 gen, const u32 *sect, u32 n)
{
	unsigned long wait;
	u32 i;

	if (gen != net->recv_gen || !net->recv_map)
		return;
	for (i = 0; i < n; i++)
		if (sect[i] < net->recv_sections && __test_and_clear_bit(sect[i], net->recv_map))
			net->recv_free++;
	if (!net->recv_wait || !net->recv_free)
		return;
	wait = net->recv_wait;
	net->recv_wait = 0;
	for_each_set_bit(i, &wait, HVSIM_VMBUS_MAX_CHANNELS)
		if (net->rxq[i].chan)
			hvsim_vchan_kick(net->rxq[i].chan);
}

static void hvsim_net_sect_free(struct hvsim_net *net, u32 gen, const u32 *sect, u32 n)
{
	spin_lock(&net->lock);
	hvsim_net_sect_free_locked(net, gen, sect, n);
	spin_unlock(&net->lock);
}

/* Borrow the buffer for a transfer. Context: net->lock held, a buffer there. */
static void hvsim_net_rxb_get_locked(struct hvsim_net *net, struct hvsim_net_rxb *b)
{
	b->g = net->recv_buf;
	kref_get(&b->g->ref);
	b->gen = net->recv_gen;
	b->sub = net->recv_sub;
	b->id = net->recv_id;
}

/* Send a transfer of @n ranges (nc->ext, nc->sect filled in); on failure the sections go back. */
static int hvsim_net_xfer_send(struct hvsim_net *net, struct hvsim_vchan *chan,
			       struct hvsim_net_chan *nc, const struct hvsim_net_rxb *b,
			       u32 channel_type, u32 n)
{
	struct hvsim_vmpkt_xfer_pages *h = (void *)nc->ext;
	u8 msg[HVSIM_NVSP_MSG_SIZE_V61] = {};
	struct hvsim_nvsp_rndis_pkt *m = (void *)msg;
	u32 id, ext_len = sizeof(*h) + n * sizeof(struct hvsim_xfer_range);
	struct hvsim_net_xfer *x;
	void *ext = nc->ext;
	int ret;

	x = kmalloc(struct_size(x, sect, n), GFP_KERNEL);
	if (!x) {
		ret = -ENOMEM;
		goto free_sects;
	}
	x->gen = b->gen;
	x->queue = chan->sub_index;
	x->count = n;
	memcpy(x->sect, nc->sect, n * sizeof(*nc->sect));
	ret = xa_alloc_cyclic(&net->xfers, &id, x, XA_LIMIT(1, U32_MAX), &net->xfer_next,
			      GFP_KERNEL);
	if (ret < 0)
		goto free_x;
	h->xfer_pageset_id = b->id;
	h->sender_owns_set = 0;
	h->reserved = 0;
	h->range_count = n;
	m->type = HVSIM_NVSP_SEND_RNDIS_PKT;
	m->channel_type = channel_type;
	m->section_index = HVSIM_NVSP_NO_SECTION;
	m->section_size = 0;
	/* fault knobs: receive packets of frames may name bad ranges; any may wait */
	if (channel_type == HVSIM_NVSP_CHANNEL_DATA)
		ext = hvsim_net_fault_xfer(net, b->g->bytes, nc->ext, &ext_len);
	hvsim_net_fault_delay(net, chan);
	ret = hvsim_vchan_send_ext(chan, HVSIM_VMPKT_DATA_XFER_PAGES,
				   HVSIM_VMPKT_FLAG_COMPLETION_REQUESTED, HVSIM_NET_XFER_TAG | id,
				   ext, ext_len, msg, READ_ONCE(net->nvsp_size));
	if (ext != nc->ext)
		kfree(ext);
	if (ret) {
		xa_erase(&net->xfers, id);
		goto free_x;
	}
	hvsim_net_count(net, RX_XFERS);
	return 0;

free_x:
	kfree(x);
free_sects:
	hvsim_net_sect_free(net, b->gen, nc->sect, n);
	pr_warn_ratelimited("net: relid %u: transfer of %u ranges not sent (%d)\n", chan->relid,
			    n, ret);
	return ret;
}

/* The oldest RNDIS message for the guest: 1 sent (or lost), 0 none, -ENOSPC no room. */
static int hvsim_net_rx_ctl(struct hvsim_net *net, struct hvsim_vchan *chan,
			    struct hvsim_net_chan *nc)
{
	struct hvsim_xfer_range *r = (void *)(nc->ext + sizeof(struct hvsim_vmpkt_xfer_pages));
	struct hvsim_net_rxb b = {};
	struct hvsim_net_ctlmsg *m;
	int sect = -1;

	spin_lock(&net->lock);
	m = list_first_entry_or_null(&net->ctl, struct hvsim_net_ctlmsg, node);
	if (!m) {
		spin_unlock(&net->lock);
		return 0;
	}
	if (net->recv_buf) {
		sect = hvsim_net_sect_alloc_locked(net, 0);
		if (sect < 0) {
			net->recv_wait |= BIT(0);
			spin_unlock(&net->lock);
			return -ENOSPC;
		}
		hvsim_net_rxb_get_locked(net, &b);
	}
	list_del(&m->node);
	net->ctl_len--;
	spin_unlock(&net->lock);
	if (sect >= 0)
		nc->sect[0] = sect;
	if (sect < 0 || m->len > b.sub) {
		if (sect >= 0)
			hvsim_net_sect_free(net, b.gen, nc->sect, 1);
		hvsim_net_count(net, CTL_DROPPED);
		goto out;
	}
	memcpy(b.g->va + (size_t)sect * b.sub, m->msg, m->len);
	r->byte_count = m->len;
	r->byte_offset = sect * b.sub;
	if (hvsim_net_xfer_send(net, chan, nc, &b, HVSIM_NVSP_CHANNEL_CONTROL, 1))
		hvsim_net_count(net, CTL_DROPPED);
	else
		hvsim_net_count(net, CTL_SENT);
out:
	kfree(m);
	hvsim_gpadl_put(b.g);
	return 1;
}

/* Append a u32 per-packet info at @p; its size. */
static u32 hvsim_net_put_ppi(u8 *p, u32 type, u32 value)
{
	struct hvsim_rndis_ppi_u32 e = {
		.hdr = {
			.size = sizeof(e),
			.type = type,
			.offset = sizeof(e.hdr),
		},
		.value = value,
	};

	memcpy(p, &e, sizeof(e));
	return sizeof(e);
}

/*
 * The per-packet info a frame's (first) message carries, at @ppi: the
 * receive checksum info if the NIC gets one, the RSS hash, the VLAN tag.
 * Its size (at most HVSIM_NET_RX_PPI_MAX elements).
 */
static u32 hvsim_net_rx_ppis(struct hvsim_net *net, const struct hvsim_net_qent *e, u8 *ppi)
{
	const struct hvsim_net_frame *f = e->f;
	u32 plen = 0, csum;

	if (hvsim_net_offload_rx_csum(net, f, &csum))
		plen += hvsim_net_put_ppi(ppi + plen, HVSIM_PPI_CSUM, csum);
	if (e->hash_info) {
		plen += hvsim_net_put_ppi(ppi + plen, HVSIM_PPI_HASH_VALUE, e->hash);
		plen += hvsim_net_put_ppi(ppi + plen, HVSIM_PPI_HASH_INFO, e->hash_info);
	}
	if (f->tagged) {
		plen += hvsim_net_put_ppi(ppi + plen, HVSIM_PPI_VLAN, hvsim_vlan_info(f->vlan_tci));
		hvsim_net_count(net, RX_VLAN);
	}
	return plen;
}

/*
 * Write a REMOTE_NDIS_PACKET_MSG at @dst: the header, @plen bytes of
 * per-packet info, @len bytes of frame, saying DataLength @shown (the
 * bad_rndis knob makes it lie). Return: the message's length.
 */
static u32 hvsim_net_rx_put(u8 *dst, const u8 *ppi, u32 plen, const u8 *data, u32 len, u32 shown)
{
	struct hvsim_rndis_packet p = {
		.ppi_offset = plen ? sizeof(p) : 0,
		.ppi_len = plen,
		.data_offset = sizeof(p) + plen,
		.data_len = shown,
	};
	struct hvsim_rndis_hdr h = {
		.type = HVSIM_RNDIS_PACKET_MSG,
		.len = sizeof(h) + sizeof(p) + plen + len,
	};

	memcpy(dst, &h, sizeof(h));
	memcpy(dst + sizeof(h), &p, sizeof(p));
	memcpy(dst + sizeof(h) + sizeof(p), ppi, plen);
	memcpy(dst + sizeof(h) + p.data_offset, data, len);
	return h.len;
}

/* Write one frame's message at @dst, at most @room bytes: its length, or 0 if too long. */
static u32 hvsim_net_rx_write(struct hvsim_net *net, u8 *dst, u32 room,
			      const struct hvsim_net_qent *e)
{
	u8 ppi[HVSIM_NET_RX_PPI_MAX * sizeof(struct hvsim_rndis_ppi_u32)];
	const struct hvsim_net_frame *f = e->f;
	u32 plen, shown = f->len;

	plen = hvsim_net_rx_ppis(net, e, ppi);
	if (sizeof(struct hvsim_rndis_hdr) + sizeof(struct hvsim_rndis_packet) + plen + f->len > room)
		return 0;
	/* the bad_rndis knob: the data would run past the range and the sub-allocation */
	if (hvsim_net_fault_hit(net, HVSIM_NET_F_BAD_RNDIS))
		shown += room;
	if (e->hash_info)
		hvsim_net_count(net, RX_HASHED);
	return hvsim_net_rx_put(dst, ppi, plen, f->data, f->len, shown);
}

/*
 * A coalesced packet (RSC) goes as one RNDIS message per sub-allocation,
 * each with an RNDIS_PKTINFO_ID (SUBALLOC; FIRST, LAST) and the first also
 * with the checksum and hash information. Each message's frame bytes fit
 * what its sub-allocation leaves after the headers; the first leaves room
 * for all the per-packet info a message can have.
 */
#define HVSIM_NET_RSC_HDR	(sizeof(struct hvsim_rndis_hdr) + sizeof(struct hvsim_rndis_packet))
#define HVSIM_NET_RSC_FIRST_PPI	((HVSIM_NET_RX_PPI_MAX + 1) * sizeof(struct hvsim_rndis_ppi_u32))
#define HVSIM_NET_RSC_NEXT_PPI	sizeof(struct hvsim_rndis_ppi_u32)

/* The sub-allocations of @sub bytes a frame takes. */
static u32 hvsim_net_rx_frags(const struct hvsim_net_frame *f, u32 sub)
{
	u32 first = sub - HVSIM_NET_RSC_HDR - HVSIM_NET_RSC_FIRST_PPI;
	u32 next = sub - HVSIM_NET_RSC_HDR - HVSIM_NET_RSC_NEXT_PPI;

	/* the largest coalesced frame fits one transfer at the smallest sub-allocation */
	BUILD_BUG_ON(2 + HVSIM_NET_LSO_FRAME_MAX / (HVSIM_NET_RECV_SECTION - HVSIM_NET_RSC_HDR -
						    HVSIM_NET_RSC_FIRST_PPI) > HVSIM_NET_RX_RANGES);
	if (!f->rsc_ipv || f->len <= first)
		return 1;
	return 1 + DIV_ROUND_UP(f->len - first, next);
}

/*
 * Write coalesced frame @e across the @n sub-allocations of @b in @sect,
 * as packet @pkt_id, and describe them in @r.
 */
static void hvsim_net_rx_write_rsc(struct hvsim_net *net, const struct hvsim_net_rxb *b,
				   const struct hvsim_net_qent *e, const u32 *sect, u32 n,
				   u16 pkt_id, struct hvsim_xfer_range *r)
{
	u8 ppi[HVSIM_NET_RSC_FIRST_PPI];
	const struct hvsim_net_frame *f = e->f;
	u32 i, plen, chunk, off = 0, flags;
	bool open_end = hvsim_net_fault_hit(net, HVSIM_NET_F_BAD_RSC);

	for (i = 0; i < n; i++) {
		flags = HVSIM_PKTINFO_SUBALLOC;
		if (!i)
			flags |= HVSIM_PKTINFO_FIRST;
		/* the bad_rsc knob: the last message does not say it is */
		if (i == n - 1 && !open_end)
			flags |= HVSIM_PKTINFO_LAST;
		plen = hvsim_net_put_ppi(ppi, HVSIM_PPI_PKTINFO_ID, HVSIM_PKTINFO_ID(flags, pkt_id));
		/* the whole packet's info on its first message (a coalesced frame always has csum) */
		if (!i)
			plen += hvsim_net_rx_ppis(net, e, ppi + plen);
		chunk = b->sub - HVSIM_NET_RSC_HDR -
			(i ? HVSIM_NET_RSC_NEXT_PPI : HVSIM_NET_RSC_FIRST_PPI);
		chunk = min(chunk, f->len - off);
		r[i].byte_count = hvsim_net_rx_put(b->g->va + (size_t)sect[i] * b->sub, ppi, plen,
						   f->data + off, chunk, chunk);
		r[i].byte_offset = sect[i] * b->sub;
		off += chunk;
	}
	if (e->hash_info)
		hvsim_net_count(net, RX_HASHED);
	hvsim_net_count(net, RX_RSC);
	hvsim_net_add(net, RX_RSC_SEGS, f->rsc_segs);
	hvsim_net_add(net, RX_RSC_FRAGS, n);
}

/*
 * Take the oldest frame of queue @qi and the sub-allocations for it, at
 * most @room of them: their number (*@sect filled; 0 sections when there is
 * no buffer to put it in, the frame taken all the same), 0 none waiting,
 * -E2BIG more than @room, -ENOSPC not enough free, -EAGAIN the buffer is
 * not @b's any more.
 */
static int hvsim_net_rx_take(struct hvsim_net *net, u32 qi, struct hvsim_net_rxb *b,
			     struct hvsim_net_qent *e, u32 *sect, u32 room, u32 *nsect)
{
	struct hvsim_net_rxq *q = &net->rxq[qi];
	u32 i, need, reserve;
	int ret = 1, s;

	*nsect = 0;
	spin_lock(&net->lock);
	if (!q->len) {
		ret = 0;
		goto unlock;
	}
	if (net->recv_buf) {
		if (b->g && b->gen != net->recv_gen) {
			ret = -EAGAIN;
			goto unlock;
		}
		need = hvsim_net_rx_frags(q->ring[q->head].f, net->recv_sub);
		if (need > room) {
			ret = -E2BIG;
			goto unlock;
		}
		reserve = min_t(u32, HVSIM_NET_RECV_CTL_RESERVE, net->recv_sections / 4);
		for (i = 0; i < need; i++) {
			s = hvsim_net_sect_alloc_locked(net, reserve);
			if (s < 0) {
				hvsim_net_sect_free_locked(net, net->recv_gen, sect, i);
				net->recv_wait |= BIT(qi);
				ret = -ENOSPC;
				goto unlock;
			}
			sect[i] = s;
		}
		*nsect = need;
		if (!b->g)
			hvsim_net_rxb_get_locked(net, b);
	}
	*e = q->ring[q->head];
	q->ring[q->head].f = NULL;
	q->head = (q->head + 1) % HVSIM_NET_QUEUE_MAX;
	q->len--;
unlock:
	spin_unlock(&net->lock);
	return ret;
}

/* Waiting frames of the channel's queue into one transfer: 1 sent, 0 none, -ENOSPC no room. */
static int hvsim_net_rx_frames(struct hvsim_net *net, struct hvsim_vchan *chan,
			       struct hvsim_net_chan *nc)
{
	struct hvsim_xfer_range *r = (void *)(nc->ext + sizeof(struct hvsim_vmpkt_xfer_pages));
	struct hvsim_net_rxq *q = &net->rxq[chan->sub_index];
	struct hvsim_net_rxb b = {};
	struct hvsim_net_qent e;
	u32 n = 0, frames = 0, bytes = 0, len, k;
	int ret = 0;

	while (frames < HVSIM_NET_RX_BATCH) {
		ret = hvsim_net_rx_take(net, chan->sub_index, &b, &e, &nc->sect[n],
					HVSIM_NET_RX_RANGES - n, &k);
		if (ret <= 0)
			break;
		if (!k) {
			/* revoked: nowhere to put it */
			hvsim_net_count(net, DROPPED_NO_BUFFER);
		} else if (e.f->rsc_ipv) {
			hvsim_net_rx_write_rsc(net, &b, &e, &nc->sect[n], k, q->rsc_id++, &r[n]);
			n += k;
			frames++;
			bytes += e.f->len;
		} else {
			len = hvsim_net_rx_write(net, b.g->va + (size_t)nc->sect[n] * b.sub, b.sub, &e);
			if (!len) {
				hvsim_net_count(net, DROPPED_MTU);
				hvsim_net_sect_free(net, b.gen, &nc->sect[n], 1);
			} else {
				r[n].byte_count = len;
				r[n].byte_offset = nc->sect[n] * b.sub;
				n++;
				frames++;
				bytes += e.f->len;
			}
		}
		hvsim_net_frame_put(e.f);
	}
	if (n) {
		if (hvsim_net_xfer_send(net, chan, nc, &b, HVSIM_NVSP_CHANNEL_DATA, n)) {
			hvsim_net_add(net, DROPPED_NO_BUFFER, frames);
		} else {
			hvsim_net_add(net, RX_FRAMES, frames);
			hvsim_net_add(net, RX_BYTES, bytes);
			atomic64_add(frames, &q->frames);
		}
		ret = 1;
	}
	hvsim_gpadl_put(b.g);
	/* a new buffer, or a full transfer: go on at once */
	return ret == -EAGAIN || ret == -E2BIG ? 1 : ret;
}

/**
 * hvsim_net_service() - the device's service op: send what waits for the
 * guest on this channel (on the primary first the send indirection table,
 * then RNDIS messages; then the channel's receive queue)
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

	if (!nc)
		return false;
	for (i = 0; i < HVSIM_NET_RX_BUDGET; i++) {
		/* the last packet waits for room: the guest signals when it made some */
		if (!list_empty(&chan->pending) || chan->broken)
			return false;
		ret = 0;
		if (!chan->sub_index) {
			ret = hvsim_net_send_table(net, chan);
			if (!ret)
				ret = hvsim_net_rx_ctl(net, chan, nc);
		}
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
	u32 id = (u32)(pkt->trans_id & HVSIM_NET_XFER_ID);

	if (pkt->len < sizeof(c) || (pkt->trans_id & ~HVSIM_NET_XFER_ID) != HVSIM_NET_XFER_TAG)
		goto bad;
	memcpy(&c, pkt->data, sizeof(c));
	if (c.type != HVSIM_NVSP_SEND_RNDIS_PKT_COMPLETE)
		goto bad;
	/* only the channel a transfer went out on may complete it */
	xa_lock(&net->xfers);
	x = xa_load(&net->xfers, id);
	if (x && x->queue == chan->sub_index)
		__xa_erase(&net->xfers, id);
	else
		x = NULL;
	xa_unlock(&net->xfers);
	if (!x)
		goto bad;
	if (c.status != HVSIM_NVSP_STATUS_SUCCESS)
		hvsim_net_count(net, RX_NACKED);
	hvsim_net_sect_free(net, x->gen, x->sect, x->count);
	kfree(x);
	return;

bad:
	hvsim_net_count(net, BAD_COMPLETION);
	pr_warn_ratelimited("net: relid %u: completion %#llx of no transfer of the channel\n",
			    chan->relid, pkt->trans_id);
}

/**
 * hvsim_net_xfers_free() - forget outstanding transfers: their channel
 * closed, so no completion can come for them any more
 * @net:	the NIC
 * @queue:	the channel's sub_index, or -1 for all of them
 *
 * Their sub-allocations are free again (if the buffer is still the one
 * they were in).
 *
 * Context: close or destroy, that channel's I/O work stopped.
 */
void hvsim_net_xfers_free(struct hvsim_net *net, int queue)
{
	struct hvsim_net_xfer *x;
	unsigned long id;

	xa_for_each(&net->xfers, id, x) {
		if (queue >= 0 && x->queue != queue)
			continue;
		/* another channel's completion may take it meanwhile: whoever erases frees */
		x = xa_erase(&net->xfers, id);
		if (!x)
			continue;
		hvsim_net_sect_free(net, x->gen, x->sect, x->count);
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
 * hvsim_net_purge_locked() - drop the frames waiting for the guest, on
 * every receive queue
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
	struct hvsim_net_rxq *q;
	u32 n = 0, i;

	lockdep_assert_held(&net->lock);
	for (i = 0; i < ARRAY_SIZE(net->rxq); i++) {
		q = &net->rxq[i];
		n += q->len;
		while (q->len) {
			hvsim_net_frame_put(q->ring[q->head].f);
			q->ring[q->head].f = NULL;
			q->head = (q->head + 1) % HVSIM_NET_QUEUE_MAX;
			q->len--;
		}
	}
	if (ctl_too) {
		list_for_each_entry_safe(m, tmp, &net->ctl, node)
			kfree(m);
		INIT_LIST_HEAD(&net->ctl);
		net->ctl_len = 0;
	}
	return n;
}
