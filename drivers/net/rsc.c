// SPDX-License-Identifier: GPL-2.0
/*
 * Receive segment coalescing (RSC): the host hands us a TCP stream's
 * segments as one large packet. One larger than a receive sub-allocation
 * comes as a run of RNDIS data messages, one per sub-allocation, each
 * with the host's packet ID info: SUBALLOC on all, FIRST on the first,
 * LAST on the last. The first carries the checksum, hash and VLAN info of
 * the whole.
 *
 * A run is put together here into one skb: the first piece (which holds
 * the headers) in the skb's head, the others copied into page fragments,
 * so that no allocation is larger than a page whatever the packet's size.
 * The pieces stay in the receive buffer until the transfer-page packet is
 * completed, but are copied as they come: a host changing them afterwards
 * changes only data.
 *
 * What a run must be, else the pieces gathered are dropped (rsc_broken,
 * one rate-limited line) and the channel goes on with the next message:
 * inside one transfer-page packet (the host may reuse the sub-allocations
 * once it is completed), FIRST before any other piece, one packet ID, at
 * most NVSC_RSC_MAX_FRAGS pieces and NVSC_RSC_MAX_LEN bytes, and ended by
 * LAST before a message that is not part of it.
 *
 * Checksums: the host verified the segments it coalesced, but the fields
 * of the packet it made are not computed (the info says "value invalid").
 * The IPv4 header checksum is recomputed here, since Linux always checks
 * it; TCP's is taken as verified, with or without NETIF_F_RXCSUM: nothing
 * else could verify it. The packet goes up as GSO (nvsc_rsc_gso()), as
 * LRO packets do, or TCP takes its length for the sender's MSS. LRO needs RXCSUM (ndo_fix_features), so a user
 * who turns receive checksums off gets no coalesced packets either.
 *
 * Context: the channel's NAPI poll, the only user of chan->rsc.
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <net/ip.h>

#include "netvsc.h"

/* an IP packet of 64 KiB behind its Ethernet and VLAN headers, IPv6's fixed header aside */
#define NVSC_RSC_MAX_LEN	(ETH_HLEN + VLAN_HLEN + sizeof(struct ipv6hdr) + 65535)

/* Drop the run's skb; count it if @why says what the host did wrong. */
static void nvsc_rsc_free(struct nvsc_chan *c, const char *why)
{
	if (c->rsc.skb) {
		dev_kfree_skb_any(c->rsc.skb);
		c->rsc.skb = NULL;
	}
	if (why) {
		nvsc_err(c->nd, RSC_BROKEN);
		nvsc_warn_rl(c->nd->ndev, "coalesced packet %u dropped: %s\n", c->rsc.id, why);
	}
}

/* The run cannot be delivered: the rest of it is skipped up to its last piece. */
static void nvsc_rsc_fail(struct nvsc_chan *c, const char *why)
{
	nvsc_rsc_free(c, why);
	c->rsc.state = NVSC_RSC_SKIP;
}

/**
 * nvsc_rsc_abort() - a message that may have been a piece of the open run
 * was malformed (counted there): the run is lost, its other pieces skipped
 * @c:		the channel
 */
void nvsc_rsc_abort(struct nvsc_chan *c)
{
	if (c->rsc.state == NVSC_RSC_OPEN)
		nvsc_rsc_fail(c, NULL);
}

/**
 * nvsc_rsc_end() - no more pieces can come for the open run: the
 * transfer-page packet ended, a whole frame came, or the channel closes
 * @c:		the channel
 * @why:	what the host did wrong, if a run was open; NULL: nothing
 *		(the channel is closing)
 */
void nvsc_rsc_end(struct nvsc_chan *c, const char *why)
{
	if (c->rsc.state == NVSC_RSC_OPEN)
		nvsc_rsc_free(c, why);
	c->rsc.state = NVSC_RSC_IDLE;
}

/* Copy @len bytes at @src into the skb's page fragments. */
static int nvsc_rsc_copy(struct sk_buff *skb, const u8 *src, u32 len)
{
	struct skb_shared_info *sh = skb_shinfo(skb);
	skb_frag_t *frag;
	struct page *page;
	u32 off, n;

	while (len) {
		frag = sh->nr_frags ? &sh->frags[sh->nr_frags - 1] : NULL;
		off = frag ? skb_frag_off(frag) + skb_frag_size(frag) : PAGE_SIZE;
		if (off < PAGE_SIZE) {
			/* the last page has room: the fragment grows */
			n = min_t(u32, len, PAGE_SIZE - off);
			memcpy(page_address(skb_frag_page(frag)) + off, src, n);
			skb_coalesce_rx_frag(skb, sh->nr_frags - 1, n, 0);
		} else {
			if (sh->nr_frags >= MAX_SKB_FRAGS)
				return -E2BIG;
			page = dev_alloc_page();
			if (!page)
				return -ENOMEM;
			n = min_t(u32, len, PAGE_SIZE);
			memcpy(page_address(page), src, n);
			skb_add_rx_frag(skb, sh->nr_frags, page, 0, n, PAGE_SIZE);
		}
		src += n;
		len -= n;
	}
	return 0;
}

/*
 * Make the packet what LRO makes: a GSO packet of the segments it stands
 * for, so that the stack sees their size (TCP's receive MSS estimate; GRO)
 * and could cut it again. NDIS does not say how many segments the host
 * coalesced: their size is taken as the most the device's MTU allows, what
 * the host cut a sender's large sends to. Anything but TCP right behind
 * IPv4 or IPv6, or a payload one segment holds, stays a plain packet.
 */
static void nvsc_rsc_gso(struct sk_buff *skb, unsigned int mtu)
{
	const struct tcphdr *th;
	u32 l3, hlen, payload;
	unsigned int type;

	if (skb->protocol == htons(ETH_P_IP)) {
		const struct iphdr *iph = (const void *)skb->data;

		if (skb_headlen(skb) < sizeof(*iph) || iph->ihl < 5 ||
		    iph->protocol != IPPROTO_TCP)
			return;
		l3 = iph->ihl * 4;
		type = SKB_GSO_TCPV4;
	} else if (skb->protocol == htons(ETH_P_IPV6)) {
		const struct ipv6hdr *ip6 = (const void *)skb->data;

		if (skb_headlen(skb) < sizeof(*ip6) || ip6->nexthdr != IPPROTO_TCP)
			return;
		l3 = sizeof(*ip6);
		type = SKB_GSO_TCPV6;
	} else {
		return;
	}
	if (skb_headlen(skb) < l3 + sizeof(*th))
		return;
	th = (const void *)(skb->data + l3);
	hlen = l3 + th->doff * 4;
	if (th->doff < 5 || skb_headlen(skb) < hlen || mtu <= hlen)
		return;
	payload = skb->len - hlen;
	if (skb->len <= hlen || payload <= mtu - hlen)
		return;
	skb_shinfo(skb)->gso_size = mtu - hlen;
	skb_shinfo(skb)->gso_type = type;
	skb_shinfo(skb)->gso_segs = DIV_ROUND_UP(payload, mtu - hlen);
}

/* Hand the finished run up the stack. */
static void nvsc_rsc_deliver(struct nvsc_chan *c)
{
	struct net_device *ndev = c->nd->ndev;
	struct sk_buff *skb = c->rsc.skb;
	u32 csum = c->rsc.csum;
	struct iphdr *iph;

	c->rsc.skb = NULL;
	c->rsc.state = NVSC_RSC_IDLE;
	skb->protocol = eth_type_trans(skb, ndev);
	if ((csum & NVSC_RXCSUM_IP_VALUE_INVALID) && (csum & NVSC_RXCSUM_IP_OK) &&
	    skb->protocol == htons(ETH_P_IP)) {
		/* the head holds the first piece: the IP header, if the host is sane */
		iph = (struct iphdr *)skb->data;
		if (skb_headlen(skb) < sizeof(*iph) || iph->ihl < 5 ||
		    skb_headlen(skb) < iph->ihl * 4) {
			c->rsc.skb = skb;
			nvsc_rsc_free(c, "no IPv4 header in its first piece");
			return;
		}
		ip_send_check(iph);
	}
	if ((csum & NVSC_RXCSUM_TCP_OK) && !(csum & (NVSC_RXCSUM_TCP_FAILED | NVSC_RXCSUM_IP_FAILED)))
		skb->ip_summed = CHECKSUM_UNNECESSARY;
	nvsc_rsc_gso(skb, READ_ONCE(ndev->mtu));
	if (c->rsc.has_vlan)
		__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q), c->rsc.vlan_tci);
	if (c->rsc.has_hash && (ndev->features & NETIF_F_RXHASH))
		skb_set_hash(skb, c->rsc.hash, PKT_HASH_TYPE_L4);
	skb_record_rx_queue(skb, c->index);
	u64_stats_update_begin(&c->rx.syncp);
	u64_stats_inc(&c->rx.packets);
	u64_stats_add(&c->rx.bytes, skb->len + ETH_HLEN);
	u64_stats_inc(&c->rx.coalesced);
	u64_stats_update_end(&c->rx.syncp);
	napi_gro_receive(&c->napi, skb);
}

/**
 * nvsc_rsc_piece() - one message of a run
 * @c:		the channel
 * @data:	its frame bytes, in the receive buffer
 * @info:	what the message said (info->frag has SUBALLOC)
 */
void nvsc_rsc_piece(struct nvsc_chan *c, const u8 *data, const struct nvsc_rx_info *info)
{
	struct nvsc_rsc *r = &c->rsc;
	int ret;

	if (info->frag & NVSC_PKTINFO_FIRST) {
		if (r->state == NVSC_RSC_OPEN)
			nvsc_rsc_free(c, "a new one began before its last piece");
		r->state = NVSC_RSC_SKIP;
		r->id = info->pkt_id;
		/* after ndo_stop (and during removal) nothing goes up the stack */
		if (!netif_running(c->nd->ndev))
			goto last;
		if (info->data_len > NVSC_RSC_MAX_LEN) {
			nvsc_rsc_fail(c, "longer than any packet");
			goto last;
		}
		r->skb = napi_alloc_skb(&c->napi, info->data_len);
		if (!r->skb) {
			nvsc_err(c->nd, RX_NOMEM);
			goto last;
		}
		skb_put_data(r->skb, data, info->data_len);
		r->state = NVSC_RSC_OPEN;
		r->pieces = 1;
		r->csum = info->csum;
		r->has_vlan = info->has_vlan;
		r->vlan_tci = info->vlan_tci;
		r->has_hash = info->has_hash;
		r->hash = info->hash;
		goto last;
	}
	switch (r->state) {
	case NVSC_RSC_IDLE:
		r->id = info->pkt_id;
		nvsc_rsc_fail(c, "a piece without its first");
		goto last;
	case NVSC_RSC_SKIP:
		goto last;
	case NVSC_RSC_OPEN:
		break;
	}
	if (info->pkt_id != r->id) {
		nvsc_rsc_fail(c, "a piece of another packet");
		goto last;
	}
	if (++r->pieces > NVSC_RSC_MAX_FRAGS || r->skb->len + info->data_len > NVSC_RSC_MAX_LEN) {
		nvsc_rsc_fail(c, "longer than any packet");
		goto last;
	}
	ret = nvsc_rsc_copy(r->skb, data, info->data_len);
	if (ret == -ENOMEM) {
		nvsc_err(c->nd, RX_NOMEM);
		nvsc_rsc_fail(c, NULL);
	} else if (ret) {
		nvsc_rsc_fail(c, "more page fragments than an skb holds");
	}
last:
	if (!(info->frag & NVSC_PKTINFO_LAST))
		return;
	if (r->state == NVSC_RSC_OPEN)
		nvsc_rsc_deliver(c);
	r->state = NVSC_RSC_IDLE;
}
