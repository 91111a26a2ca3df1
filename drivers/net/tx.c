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
 * A VLAN tag the stack gave out of band (NETIF_F_HW_VLAN_CTAG_TX) goes as
 * an IEEE_8021Q per-packet info, the frame itself untagged, so that the
 * host's offloads see plain IP; a received one comes back the same way.
 *
 * A frame the stack left for us to checksum (CHECKSUM_PARTIAL) carries a
 * TCPIP_CHKSUM per-packet info asking the host to fill it, when the host
 * offered that checksum; else it is computed here. A TSO frame carries a
 * TCP_LARGESEND (LSOv2) one: the host cuts it into MSS-sized segments. Its
 * headers are made as LSOv2 wants them (the IP length 0, the TCP checksum
 * over the pseudo-header without the length), in the skb's own copy
 * (skb_cow_head()).
 *
 * The skb is the request's cookie; its control block holds the section,
 * so that the completion, on the NAPI poll of the same channel, can give
 * it back. The queue stops when its ring may not
 * hold the next frame or vmbus.ko has no request ID left, and wakes when
 * completions made room.
 *
 * When the stack has more frames for the queue at once (netdev_xmit_more()),
 * the host is not signalled for this one (VMB_SEND_MORE): the last frame of
 * the burst signals for all. A burst that ends early (a frame dropped or
 * refused, the queue stopped) flushes the owed signal (vmb_chan_flush()).
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ip6_checksum.h>
#include <net/checksum.h>

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

/* the per-packet info of one frame: up to an offload request and a VLAN tag */
struct nvsc_tx_ppi {
	u32 n;
	struct {
		u32 type;
		u32 value;
	} e[NVSC_TX_PPI_MAX];
};

static void nvsc_tx_ppi_add(struct nvsc_tx_ppi *ppi, u32 type, u32 value)
{
	ppi->e[ppi->n].type = type;
	ppi->e[ppi->n].value = value;
	ppi->n++;
}

static u32 nvsc_tx_hdr_len(const struct nvsc_tx_ppi *ppi)
{
	return NVSC_RNDIS_PKT_HDR + ppi->n * NVSC_PPI_U32_SIZE;
}

/* Writes the RNDIS data message's header (nvsc_tx_hdr_len() bytes) at @to. */
static void nvsc_rndis_hdr(void *to, u32 frame_len, const struct nvsc_tx_ppi *ppi)
{
	u32 ppi_len = ppi->n * NVSC_PPI_U32_SIZE, i;
	struct {
		struct nvsc_rndis_hdr h;
		struct nvsc_rndis_packet p;
		struct {
			struct nvsc_rndis_ppi e;
			u32 v;
		} __packed e[NVSC_TX_PPI_MAX];
	} __packed m = {
		.h = { .type = NVSC_RNDIS_MSG_PACKET, .len = NVSC_RNDIS_PKT_HDR + ppi_len + frame_len },
		.p = { .data_offset = sizeof(struct nvsc_rndis_packet) + ppi_len, .data_len = frame_len },
	};

	BUILD_BUG_ON(sizeof(m) != NVSC_RNDIS_TX_HDR_MAX);
	if (ppi->n) {
		/* offsets count from the packet message and from the element */
		m.p.ppi_offset = sizeof(struct nvsc_rndis_packet);
		m.p.ppi_len = ppi_len;
	}
	for (i = 0; i < ppi->n; i++) {
		m.e[i].e.size = NVSC_PPI_U32_SIZE;
		m.e[i].e.type = ppi->e[i].type;
		m.e[i].e.ppi_offset = sizeof(struct nvsc_rndis_ppi);
		m.e[i].v = ppi->e[i].value;
	}
	memcpy(to, &m, NVSC_RNDIS_PKT_HDR + ppi_len);
}

/*
 * The frame's network protocol when its Ethernet header says IPv4 or IPv6
 * (not a VLAN tag, which the host's offloads do not look through); else 0.
 */
static __be16 nvsc_tx_l3(const struct sk_buff *skb)
{
	__be16 proto = skb->protocol;

	if ((proto != htons(ETH_P_IP) && proto != htons(ETH_P_IPV6)) ||
	    skb_headlen(skb) < ETH_HLEN || eth_hdr(skb)->h_proto != proto)
		return 0;
	return proto;
}

/* LSOv2's headers: IP length 0, TCP checksum over the pseudo-header without it */
static int nvsc_tx_lso(struct sk_buff *skb, __be16 l3, struct nvsc_tx_ppi *ppi)
{
	u32 l4 = skb_transport_offset(skb), mss = skb_shinfo(skb)->gso_size, value;

	if (l4 > NVSC_TX_L4_OFF_MAX || !mss || mss > NVSC_LSO_MSS_MAX ||
	    skb_headlen(skb) < l4 + sizeof(struct tcphdr))
		return -EINVAL;
	if (skb_cow_head(skb, NVSC_RNDIS_TX_HDR_MAX))
		return -ENOMEM;
	value = mss | l4 << NVSC_LSO_L4_OFF_SHIFT | NVSC_LSO_V2;
	if (l3 == htons(ETH_P_IP)) {
		struct iphdr *iph = ip_hdr(skb);

		iph->tot_len = 0;
		iph->check = 0;
		tcp_hdr(skb)->check = ~csum_tcpudp_magic(iph->saddr, iph->daddr, 0, IPPROTO_TCP, 0);
	} else {
		struct ipv6hdr *ip6h = ipv6_hdr(skb);

		value |= NVSC_LSO_IPV6;
		ip6h->payload_len = 0;
		tcp_hdr(skb)->check = ~csum_ipv6_magic(&ip6h->saddr, &ip6h->daddr, 0, IPPROTO_TCP, 0);
	}
	nvsc_tx_ppi_add(ppi, NVSC_PPI_LSO, value);
	return 0;
}

/*
 * What the host is asked to do for @skb, in @ppi; a checksum it cannot
 * fill is computed here.
 *
 * Return: 0; or a negative errno: the frame cannot be sent (counted, dropped).
 */
static int nvsc_tx_offload(struct nvsc_dev *nd, struct sk_buff *skb, struct nvsc_tx_ppi *ppi)
{
	u32 can = READ_ONCE(nd->tx_csum), l4, what;
	__be16 l3 = nvsc_tx_l3(skb);
	bool v4 = l3 == htons(ETH_P_IP);
	u16 tci;

	ppi->n = 0;
	/* the tag goes out of band: the frame the host sees is untagged */
	if (skb_vlan_tag_present(skb)) {
		tci = skb_vlan_tag_get(skb);
		nvsc_tx_ppi_add(ppi, NVSC_PPI_VLAN, nvsc_vlan_info(tci));
	}
	/*
	 * The stack hands us only TCP (TSO, TSO6), as the features say, and
	 * always as a large send, even one of a single segment, as the
	 * in-tree driver does: skb_checksum_help() refuses a GSO frame (with
	 * a warning), and its GSO fields may be shared with a clone.
	 */
	if (skb_is_gso(skb)) {
		if (!l3 || !(skb_shinfo(skb)->gso_type & (SKB_GSO_TCPV4 | SKB_GSO_TCPV6)))
			return -EINVAL;
		return nvsc_tx_lso(skb, l3, ppi);
	}
	if (skb->ip_summed != CHECKSUM_PARTIAL)
		return 0;
	l4 = skb_checksum_start_offset(skb);
	switch (skb->csum_offset) {
	case offsetof(struct tcphdr, check):
		what = v4 ? NVSC_OFL_TCP4 : NVSC_OFL_TCP6;
		break;
	case offsetof(struct udphdr, check):
		what = v4 ? NVSC_OFL_UDP4 : NVSC_OFL_UDP6;
		break;
	default:
		what = 0;
		break;
	}
	if (!l3 || !(can & what) || l4 > NVSC_TX_L4_OFF_MAX)
		return skb_checksum_help(skb);
	nvsc_tx_ppi_add(ppi, NVSC_PPI_CSUM,
			(v4 ? NVSC_TXCSUM_IPV4 : NVSC_TXCSUM_IPV6) |
			(what & (NVSC_OFL_TCP4 | NVSC_OFL_TCP6) ? NVSC_TXCSUM_TCP : NVSC_TXCSUM_UDP) |
			l4 << NVSC_TXCSUM_L4_OFF_SHIFT);
	return 0;
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

static int nvsc_xmit_pb(struct nvsc_chan *c, struct sk_buff *skb, struct nvsc_nvsp_msg *msg,
			const struct nvsc_tx_ppi *ppi, unsigned int flags)
{
	u32 frame_len = skb->len, hlen = nvsc_tx_hdr_len(ppi);
	int ret;
	u32 n;

	if (skb_cow_head(skb, hlen))
		return -ENOMEM;
	nvsc_rndis_hdr(skb_push(skb, hlen), frame_len, ppi);
	n = nvsc_pb_build(c, skb);
	if (!n) {
		/* too many pieces: one linear copy spans the fewest pages */
		if (skb_linearize(skb) || !(n = nvsc_pb_build(c, skb))) {
			__skb_pull(skb, hlen);
			return -EMSGSIZE;
		}
	}
	ret = vmb_chan_send_pagebuf_flags(c->ch, c->pb, n, msg, NVSC_NVSP_MSG_SIZE, skb, NULL,
					  flags);
	if (ret)
		__skb_pull(skb, hlen);	/* the stack may send it again */
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
	u32 len, hlen, segs, sec = NVSC_NO_SECTION;
	unsigned int flags = netdev_xmit_more() ? VMB_SEND_MORE : 0;
	struct nvsc_tx_ppi ppi;
	int ret;

	/* its channel was rescinded: the device is on its way out */
	if (unlikely(READ_ONCE(c->gone))) {
		nvsc_err(nd, TX_DROP);
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}
	if (eth_skb_pad(skb)) {	/* frees the skb */
		nvsc_err(nd, TX_DROP);
		vmb_chan_flush(c->ch);
		return NETDEV_TX_OK;
	}
	if (nvsc_tx_offload(nd, skb, &ppi)) {
		nvsc_err(nd, TX_BAD_OFFLOAD);
		dev_kfree_skb_any(skb);
		vmb_chan_flush(c->ch);
		return NETDEV_TX_OK;
	}
	len = skb->len;
	/* read now: once sent, the completion may free the skb */
	segs = skb_is_gso(skb) ? skb_shinfo(skb)->gso_segs : 1;
	hlen = nvsc_tx_hdr_len(&ppi);
	msg.type = NVSC_NVSP1_SEND_RNDIS_PKT;
	msg.rndis_pkt.channel_type = NVSC_RNDIS_CHANNEL_DATA;
	if (hlen + len <= nd->sec_size) {
		sec = nvsc_sec_get(nd);
		if (sec == NVSC_NO_SECTION)
			nvsc_err(nd, TX_NO_SECTION);
	}
	nvsc_cb(skb)->section = sec;
	if (sec != NVSC_NO_SECTION) {
		u8 *dst = (u8 *)nd->sbuf + (size_t)sec * nd->sec_size;

		nvsc_rndis_hdr(dst, len, &ppi);
		skb_copy_bits(skb, 0, dst + hlen, len);
		msg.rndis_pkt.section_index = sec;
		msg.rndis_pkt.section_size = hlen + len;
		ret = vmb_chan_send_flags(c->ch, &msg, NVSC_NVSP_MSG_SIZE, skb, NULL, flags);
	} else {
		msg.rndis_pkt.section_index = NVSC_NO_SECTION;
		ret = nvsc_xmit_pb(c, skb, &msg, &ppi, flags);
	}
	if (ret)
		vmb_chan_flush(c->ch);	/* for the burst's earlier frames */
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
	u64_stats_add(&c->tx.packets, segs);
	u64_stats_add(&c->tx.bytes, len);
	u64_stats_update_end(&c->tx.syncp);
	if (vmb_chan_write_avail(c->ch) < NVSC_TX_STOP) {
		netif_tx_stop_queue(txq);
		vmb_chan_flush(c->ch);	/* no frame follows until it wakes */
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
