// SPDX-License-Identifier: GPL-2.0
/*
 * A channel's NAPI poll: everything the host sends on it.
 *
 *   - completions (VMB_PKT_COMP) of our TX frames and control requests;
 *   - transfer-page packets: RNDIS messages the host wrote into the
 *     receive buffer, one per range; data frames go up the stack, control
 *     answers and indications to rndis.c; the pieces of a coalesced
 *     packet (RSC) to rsc.c, which puts them together. Each packet is
 *     completed back to the host (which frees its sub-allocations) once
 *     all its ranges are delivered;
 *   - in-band NVSP messages (the send indirection table, VF association),
 *     counted and ignored until this driver does RSS and VFs.
 *
 * The budget counts frames. A transfer-page packet may carry more ranges
 * than the budget has left: it stays in chan->rx_buf and the next poll goes
 * on from chan->rx_next. A completion the ring has no room for waits in
 * chan->owed and goes first in the next poll.
 *
 * The packet was copied out of the ring by vmbus.ko; the receive buffer is
 * shared memory the host may change at any time, so each RNDIS header is
 * copied before it is parsed, and only the frame bytes are taken straight
 * from it (into the skb).
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/skbuff.h>

#include "netvsc.h"

static int nvsc_send_rx_comp(struct nvsc_chan *c, u64 trans_id)
{
	struct nvsc_nvsp_msg msg = {};

	msg.type = NVSC_NVSP1_SEND_RNDIS_PKT_COMPLETE;
	msg.rndis_pkt_complete.status = NVSC_NVSP_STAT_SUCCESS;
	return vmb_chan_send_comp(c->ch, &msg, NVSC_NVSP_MSG_SIZE, trans_id);
}

/* Sends what we owe; false if the ring is still full. */
static bool nvsc_owed_flush(struct nvsc_chan *c)
{
	while (c->owed_count) {
		if (nvsc_send_rx_comp(c, c->owed[c->owed_head]) == -EAGAIN)
			return false;
		c->owed_head = (c->owed_head + 1) % c->owed_size;
		c->owed_count--;
	}
	return true;
}

static void nvsc_rx_complete(struct nvsc_chan *c, u64 trans_id)
{
	if (!c->owed_count && nvsc_send_rx_comp(c, trans_id) != -EAGAIN)
		return;
	/*
	 * Each outstanding packet holds at least one sub-allocation, so a
	 * host that keeps to its own buffer cannot overflow this.
	 */
	if (c->owed_count >= c->owed_size) {
		nvsc_err(c->nd, BAD_PACKET);
		return;
	}
	c->owed[(c->owed_head + c->owed_count) % c->owed_size] = trans_id;
	c->owed_count++;
}

static void nvsc_rx_frame(struct nvsc_chan *c, const u8 *msg, u32 avail)
{
	struct nvsc_dev *nd = c->nd;
	struct net_device *ndev = nd->ndev;
	u8 hdr[NVSC_RX_HDR_COPY];
	struct nvsc_rx_info info;
	struct sk_buff *skb;
	u32 n = min_t(u32, avail, sizeof(hdr));

	memcpy(hdr, msg, n);
	if (nvsc_parse_rndis_pkt(hdr, n, avail, &info) ||
	    (!info.frag && info.data_len > ndev->mtu + ETH_HLEN + VLAN_HLEN)) {
		nvsc_err(nd, BAD_RNDIS);
		nvsc_warn_rl(ndev, "malformed RNDIS data message dropped\n");
		/* it may have been a piece of the open coalesced packet: that is lost */
		nvsc_rsc_abort(c);
		return;
	}
	if (info.frag) {
		nvsc_rsc_piece(c, msg + info.data_off, &info);
		return;
	}
	nvsc_rsc_end(c, "a frame came before its last piece");
	/* after ndo_stop (and during removal) nothing goes up the stack */
	if (!netif_running(ndev))
		return;
	skb = napi_alloc_skb(&c->napi, info.data_len);
	if (!skb) {
		nvsc_err(nd, RX_NOMEM);
		return;
	}
	skb_put_data(skb, msg + info.data_off, info.data_len);
	skb->protocol = eth_type_trans(skb, ndev);
	if ((ndev->features & NETIF_F_RXCSUM) &&
	    (info.csum & (NVSC_RXCSUM_TCP_OK | NVSC_RXCSUM_UDP_OK)) &&
	    !(info.csum & (NVSC_RXCSUM_TCP_FAILED | NVSC_RXCSUM_UDP_FAILED |
			   NVSC_RXCSUM_IP_FAILED)))
		skb->ip_summed = CHECKSUM_UNNECESSARY;
	if (info.has_vlan)
		__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q), info.vlan_tci);
	if (info.has_hash && (ndev->features & NETIF_F_RXHASH))
		skb_set_hash(skb, info.hash, PKT_HASH_TYPE_L4);
	skb_record_rx_queue(skb, c->index);
	u64_stats_update_begin(&c->rx.syncp);
	u64_stats_inc(&c->rx.packets);
	u64_stats_add(&c->rx.bytes, info.data_len);
	u64_stats_update_end(&c->rx.syncp);
	napi_gro_receive(&c->napi, skb);
}

static void nvsc_rx_msg(struct nvsc_chan *c, u32 off, u32 len)
{
	const u8 *msg = (const u8 *)c->nd->rbuf + off;
	u8 copy[sizeof(struct nvsc_rndis_hdr)];

	memcpy(copy, msg, sizeof(copy));
	if (nvsc_rndis_type(copy, sizeof(copy)) == NVSC_RNDIS_MSG_PACKET) {
		nvsc_rx_frame(c, msg, len);
		return;
	}
	nvsc_rsc_end(c, "a control message came before its last piece");
	/* control: small; the whole message is copied before it is parsed */
	len = min_t(u32, len, NVSC_RNDIS_RESP_MAX);
	memcpy(c->ctl_buf, msg, len);
	nvsc_rndis_control(c, c->ctl_buf, len);
}

/*
 * Delivers ranges of the transfer-page packet in c->rx_buf, from c->rx_next,
 * up to @budget of them. Return: ranges delivered.
 */
static int nvsc_rx_xfer(struct nvsc_chan *c, int budget)
{
	const struct vmb_packet *pkt = &c->rx_pkt;
	const struct nvsc_xfer_range *r;
	struct nvsc_nvsp_msg msg;
	u32 count;
	int done = 0;

	if (nvsc_parse_nvsp(pkt->data, pkt->len, &msg) ||
	    msg.type != NVSC_NVSP1_SEND_RNDIS_PKT ||
	    nvsc_parse_xfer(pkt->ext, pkt->ext_len, NVSC_RECV_BUF_ID, c->nd->rsec.end, &r, &count)) {
		nvsc_err(c->nd, BAD_XFER);
		nvsc_warn_rl(c->nd->ndev, "malformed receive packet dropped\n");
		c->rx_pending = false;
		/* completed all the same: whatever it held goes back to the host */
		nvsc_rx_complete(c, pkt->trans_id);
		return 0;
	}
	while (c->rx_next < count && done < budget) {
		nvsc_rx_msg(c, r[c->rx_next].byte_offset, r[c->rx_next].byte_count);
		c->rx_next++;
		done++;
	}
	c->rx_pending = c->rx_next < count;
	if (!c->rx_pending) {
		/* a coalesced packet's pieces live in this packet's ranges only */
		nvsc_rsc_end(c, "its transfer ended before its last piece");
		nvsc_rx_complete(c, pkt->trans_id);
	}
	return done;
}

static void nvsc_rx_comp(struct nvsc_chan *c, const struct vmb_packet *pkt)
{
	struct nvsc_req *req = nvsc_cookie_req(pkt->req);
	struct nvsc_nvsp_msg msg;
	bool ok;

	if (req) {
		nvsc_ctl_completed(c->nd, req, pkt->data, pkt->len);
		return;
	}
	ok = !nvsc_parse_nvsp(pkt->data, pkt->len, &msg) &&
	     msg.type == NVSC_NVSP1_SEND_RNDIS_PKT_COMPLETE;
	if (!ok)
		nvsc_err(c->nd, BAD_PACKET);
	nvsc_tx_done(c, pkt->req, ok && msg.rndis_pkt_complete.status == NVSC_NVSP_STAT_SUCCESS);
}

static void nvsc_rx_inband(struct nvsc_chan *c, const struct vmb_packet *pkt)
{
	struct nvsc_nvsp_msg msg;

	if (nvsc_parse_nvsp(pkt->data, pkt->len, &msg) ||
	    (msg.type != NVSC_NVSP5_SEND_INDIRECTION_TABLE &&
	     msg.type != NVSC_NVSP4_SEND_VF_ASSOCIATION))
		nvsc_err(c->nd, BAD_PACKET);
	/* both are advice for RSS and VF teaming, which come later */
}

/**
 * nvsc_poll() - a channel's NAPI poll
 * @napi:	the channel's NAPI context
 * @budget:	frames we may deliver
 *
 * Context: softirq.
 * Return: frames delivered.
 */
int nvsc_poll(struct napi_struct *napi, int budget)
{
	struct nvsc_chan *c = container_of(napi, struct nvsc_chan, napi);
	struct vmb_packet *pkt = &c->rx_pkt;
	int done = 0, ret;

	/* a packet we cannot take blocks the ring: stay masked, stop polling */
	if (unlikely(c->stuck)) {
		napi_complete_done(napi, 0);
		return 0;
	}
	nvsc_owed_flush(c);
	if (c->rx_pending)
		done += nvsc_rx_xfer(c, budget - done);
	while (done < budget && !c->rx_pending) {
		ret = vmb_chan_recv_held(c->ch, c->rx_buf, NVSC_RX_PKT_MAX, pkt);
		if (ret == -EAGAIN && vmb_chan_recv_release(c->ch))
			continue;
		if (ret == -ENOBUFS) {
			/* larger than any packet of the protocol: the channel is stuck */
			nvsc_err(c->nd, BAD_PACKET);
			netdev_err(c->nd->ndev, "host sent a packet of %u bytes; channel %u stopped\n",
				   pkt->total, c->index);
			c->stuck = true;
		}
		if (ret)
			break;
		switch (pkt->type) {
		case VMB_PKT_COMP:
			nvsc_rx_comp(c, pkt);
			break;
		case VMB_PKT_DATA_XFER_PAGES:
			c->rx_next = 0;
			done += nvsc_rx_xfer(c, budget - done);
			break;
		case VMB_PKT_DATA_INBAND:
			nvsc_rx_inband(c, pkt);
			break;
		default:
			nvsc_err(c->nd, BAD_PACKET);
			break;
		}
	}
	vmb_chan_recv_release(c->ch);
	/* completions owed and no room for them: poll until there is */
	if (c->owed_count && !nvsc_owed_flush(c))
		return budget;
	if (done < budget && napi_complete_done(napi, done) && vmb_chan_intr_unmask(c->ch) &&
	    napi_schedule_prep(napi)) {
		vmb_chan_intr_mask(c->ch);
		__napi_schedule(napi);
	}
	return done;
}

/**
 * nvsc_on_event() - the host signalled a channel
 * @ch:		the channel
 * @ctx:	its struct nvsc_chan
 *
 * Context: softirq on the channel's target CPU (vmbus.ko's tasklet).
 */
void nvsc_on_event(struct vmb_channel *ch, void *ctx)
{
	struct nvsc_chan *c = ctx;

	if (napi_schedule_prep(&c->napi)) {
		vmb_chan_intr_mask(ch);
		__napi_schedule(&c->napi);
	}
}

/**
 * nvsc_on_cancel() - a request the host will never complete (close)
 * @ch:		the channel
 * @ctx:	its struct nvsc_chan
 * @cookie:	the request
 *
 * Context: process context, from vmb_chan_close().
 */
void nvsc_on_cancel(struct vmb_channel *ch, void *ctx, void *cookie)
{
	struct nvsc_chan *c = ctx;
	struct nvsc_req *req = nvsc_cookie_req(cookie);

	if (req)
		nvsc_ctl_completed(c->nd, req, NULL, 0);
	else
		nvsc_tx_done(c, cookie, false);
}
