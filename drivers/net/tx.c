// SPDX-License-Identifier: GPL-2.0
/*
 * Frames out. Each frame is an RNDIS data message sent as an NVSP
 * SEND_RNDIS_PKT on the queue's channel:
 *
 *   - small frames (header and frame within one send section) are copied
 *     into a free section of the send buffer: one copy, no page list;
 *   - the others (and any frame when every section is busy) go as page
 *     buffers: the RNDIS header in the skb's headroom, then the skb's
 *     linear part and fragments, split at Hyper-V page boundaries.
 *
 * The skb is the request's cookie; its control block holds the section
 * (and the header we pushed), so that the completion, on the NAPI poll of
 * the same channel, can free both. The queue stops when its ring may not
 * hold the next frame or vmbus.ko has no request ID left, and wakes when
 * completions made room.
 */
#include <linux/etherdevice.h>
#include <linux/skbuff.h>

#include "netvsc.h"

struct nvsc_skb_cb {
	u32 section;		/* NVSC_NO_SECTION: page buffers */
};

static inline struct nvsc_skb_cb *nvsc_cb(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct nvsc_skb_cb) > sizeof(skb->cb));
	return (struct nvsc_skb_cb *)skb->cb;
}

static u32 nvsc_sec_get(struct nvsc_dev *nd)
{
	unsigned long i;

	for (;;) {
		i = find_first_zero_bit(nd->sec_map, nd->nsec);
		if (i >= nd->nsec)
			return NVSC_NO_SECTION;
		if (!test_and_set_bit(i, nd->sec_map))
			return i;
	}
}

static void nvsc_sec_put(struct nvsc_dev *nd, u32 sec)
{
	if (sec != NVSC_NO_SECTION)
		clear_bit(sec, nd->sec_map);
}

static void nvsc_rndis_hdr(void *to, u32 frame_len)
{
	struct {
		struct nvsc_rndis_hdr h;
		struct nvsc_rndis_packet p;
	} __packed m = {
		.h = { .type = NVSC_RNDIS_MSG_PACKET, .len = NVSC_RNDIS_PKT_HDR + frame_len },
		.p = { .data_offset = sizeof(struct nvsc_rndis_packet), .data_len = frame_len },
	};

	BUILD_BUG_ON(sizeof(m) != NVSC_RNDIS_PKT_HDR);
	memcpy(to, &m, sizeof(m));
}

/* Adds [@va, @va + @len) to c->pb, split at Hyper-V pages. False: no room. */
static bool nvsc_pb_add(struct nvsc_chan *c, u32 *n, const void *va, u32 len)
{
	while (len) {
		u32 off = offset_in_page(va) & (VMB_HV_PAGE_SIZE - 1);
		u32 chunk = min_t(u32, len, VMB_HV_PAGE_SIZE - off);

		if (*n >= NVSC_MAX_PB)
			return false;
		c->pb[*n].pfn = vmb_virt_to_hv_pfn(va);
		c->pb[*n].offset = off;
		c->pb[*n].len = chunk;
		(*n)++;
		va += chunk;
		len -= chunk;
	}
	return true;
}

/* The page list of @skb, whose data starts with the RNDIS header. 0: too many. */
static u32 nvsc_pb_build(struct nvsc_chan *c, struct sk_buff *skb)
{
	u32 i, n = 0;

	if (!nvsc_pb_add(c, &n, skb->data, skb_headlen(skb)))
		return 0;
	for (i = 0; i < skb_shinfo(skb)->nr_frags; i++) {
		const skb_frag_t *f = &skb_shinfo(skb)->frags[i];

		if (!nvsc_pb_add(c, &n, skb_frag_address(f), skb_frag_size(f)))
			return 0;
	}
	return n;
}

static int nvsc_xmit_pb(struct nvsc_chan *c, struct sk_buff *skb, struct nvsc_nvsp_msg *msg)
{
	u32 frame_len = skb->len;
	int ret;
	u32 n;

	if (skb_cow_head(skb, NVSC_RNDIS_PKT_HDR))
		return -ENOMEM;
	nvsc_rndis_hdr(skb_push(skb, NVSC_RNDIS_PKT_HDR), frame_len);
	n = nvsc_pb_build(c, skb);
	if (!n) {
		/* too many pieces: one linear copy spans the fewest pages */
		if (skb_linearize(skb) || !(n = nvsc_pb_build(c, skb))) {
			__skb_pull(skb, NVSC_RNDIS_PKT_HDR);
			return -EMSGSIZE;
		}
	}
	ret = vmb_chan_send_pagebuf(c->ch, c->pb, n, msg, NVSC_NVSP_MSG_SIZE, skb, NULL);
	if (ret)
		__skb_pull(skb, NVSC_RNDIS_PKT_HDR);	/* the stack may send it again */
	return ret;
}

/**
 * nvsc_start_xmit() - ndo_start_xmit
 * @skb:	the frame
 * @ndev:	the device
 *
 * Context: softirq or process context, the TX queue's lock held.
 * Return: NETDEV_TX_OK, or NETDEV_TX_BUSY with the queue stopped.
 */
netdev_tx_t nvsc_start_xmit(struct sk_buff *skb, struct net_device *ndev)
{
	struct nvsc_dev *nd = netdev_priv(ndev);
	u16 q = skb_get_queue_mapping(skb);
	struct nvsc_chan *c = &nd->chans[q < nd->nchans ? q : 0];
	struct netdev_queue *txq = netdev_get_tx_queue(ndev, c->index);
	struct nvsc_nvsp_msg msg = {};
	u32 len, sec = NVSC_NO_SECTION;
	int ret;

	/* its channel was rescinded: the device is on its way out */
	if (unlikely(READ_ONCE(c->gone))) {
		nvsc_err(nd, TX_DROP);
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}
	if (eth_skb_pad(skb)) {	/* frees the skb */
		nvsc_err(nd, TX_DROP);
		return NETDEV_TX_OK;
	}
	len = skb->len;
	msg.type = NVSC_NVSP1_SEND_RNDIS_PKT;
	msg.rndis_pkt.channel_type = NVSC_RNDIS_CHANNEL_DATA;
	if (NVSC_RNDIS_PKT_HDR + len <= nd->sec_size) {
		sec = nvsc_sec_get(nd);
		if (sec == NVSC_NO_SECTION)
			nvsc_err(nd, TX_NO_SECTION);
	}
	nvsc_cb(skb)->section = sec;
	if (sec != NVSC_NO_SECTION) {
		u8 *dst = (u8 *)nd->sbuf + (size_t)sec * nd->sec_size;

		nvsc_rndis_hdr(dst, len);
		skb_copy_bits(skb, 0, dst + NVSC_RNDIS_PKT_HDR, len);
		msg.rndis_pkt.section_index = sec;
		msg.rndis_pkt.section_size = NVSC_RNDIS_PKT_HDR + len;
		ret = vmb_chan_send(c->ch, &msg, NVSC_NVSP_MSG_SIZE, skb, NULL);
	} else {
		msg.rndis_pkt.section_index = NVSC_NO_SECTION;
		ret = nvsc_xmit_pb(c, skb, &msg);
	}
	if (ret == -EAGAIN || ret == -EBUSY) {
		nvsc_sec_put(nd, sec);
		nvsc_err(nd, TX_BUSY);
		netif_tx_stop_queue(txq);
		/*
		 * A completion may have made room since the send failed. (The
		 * request table holds more IDs than the ring holds packets, so
		 * -EBUSY comes with a full ring too.)
		 */
		smp_mb__after_atomic();
		if (vmb_chan_write_avail(c->ch) >= NVSC_TX_WAKE)
			netif_tx_wake_queue(txq);
		return NETDEV_TX_BUSY;
	}
	if (ret) {
		nvsc_sec_put(nd, sec);
		nvsc_err(nd, TX_DROP);
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}
	u64_stats_update_begin(&c->tx.syncp);
	u64_stats_inc(&c->tx.packets);
	u64_stats_add(&c->tx.bytes, len);
	u64_stats_update_end(&c->tx.syncp);
	if (vmb_chan_write_avail(c->ch) < NVSC_TX_STOP) {
		netif_tx_stop_queue(txq);
		smp_mb__after_atomic();
		if (vmb_chan_write_avail(c->ch) >= NVSC_TX_WAKE)
			netif_tx_wake_queue(txq);
	}
	return NETDEV_TX_OK;
}

/**
 * nvsc_tx_done() - the host completed (or close cancelled) a frame
 * @c:		the channel it was sent on
 * @skb:	the frame
 * @ok:		the host took it
 *
 * Context: the channel's NAPI poll, or vmb_chan_close()'s on_cancel.
 */
void nvsc_tx_done(struct nvsc_chan *c, struct sk_buff *skb, bool ok)
{
	struct nvsc_dev *nd = c->nd;
	struct netdev_queue *txq = netdev_get_tx_queue(nd->ndev, c->index);

	nvsc_sec_put(nd, nvsc_cb(skb)->section);
	if (!ok)
		nvsc_err(nd, TX_DROP);
	dev_consume_skb_any(skb);
	/* not while detached (a reinit closing channels cancels frames) */
	if (netif_tx_queue_stopped(txq) && netif_running(nd->ndev) &&
	    netif_device_present(nd->ndev) && vmb_chan_write_avail(c->ch) >= NVSC_TX_WAKE)
		netif_tx_wake_queue(txq);
}
