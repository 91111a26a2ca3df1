// SPDX-License-Identifier: GPL-2.0
/*
 * RNDIS control messages ([MS-RNDIS]) as the NIC answers them; facts about
 * what Hyper-V's host answers from openvmm (netvsp lib.rs).
 *
 *   INITIALIZE	 INITIALIZE_CMPLT: version 1.0, connectionless, 802.3,
 *		 8 packets per message, 0xEFFFFFFF bytes per transfer,
 *		 alignment 2^3 (openvmm's values). Only once per open channel;
 *		 a second one is answered with a failure.
 *   QUERY	 QUERY_CMPLT, information at offset 16 (also on failure:
 *		 guests check the offset before the status); unknown OIDs
 *		 NOT_SUPPORTED.
 *   SET	 SET_CMPLT; unknown OIDs NOT_SUPPORTED.
 *   HALT	 no answer; the NIC receives nothing any more.
 *   KEEPALIVE	 KEEPALIVE_CMPLT, success.
 *   RESET	 not emulated (openvmm neither: it stops the channel); counted
 *		 as unsupported, no answer.
 * QUERY and SET before INITIALIZE, or after HALT, are answered with
 * ADAPTER_NOT_READY and counted (bad_rndis).
 *
 * Link: the guest starts out assuming the link is up. A change (net_ctl) is
 * indicated at once (INDICATE_STATUS MEDIA_CONNECT or MEDIA_DISCONNECT) if
 * RNDIS is operational; a link that was down before the guest initialized
 * RNDIS is indicated when the guest sets its packet filter (opens the
 * adapter), since a guest may ignore indications before that.
 *
 * The OIDs themselves are net_oid.c's. A SET of OID_TCP_OFFLOAD_PARAMETERS
 * that succeeded is followed, after its SET_CMPLT, by an INDICATE_STATUS
 * STATUS_TASK_OFFLOAD_CURRENT_CONFIG carrying the new NDIS_OFFLOAD, as
 * openvmm sends it.
 *
 * Responses are queued (net_rx.c sends them through the receive buffer).
 *
 * Context: the primary channel's I/O work (control messages are refused on
 * sub-channels); hvsim_net_link_indicate_locked() also from net_ctl.
 */
#include <linux/slab.h>
#include <linux/string.h>

#include "net_host.h"

/* A zeroed message of @type with a body of @body bytes. */
static struct hvsim_net_ctlmsg *hvsim_rndis_new(u32 type, u32 body, gfp_t gfp)
{
	u32 len = sizeof(struct hvsim_rndis_hdr) + body;
	struct hvsim_net_ctlmsg *m = kzalloc(struct_size(m, msg, len), gfp);
	struct hvsim_rndis_hdr *h;

	if (!m)
		return NULL;
	m->len = len;
	h = (void *)m->msg;
	h->type = type;
	h->len = len;
	return m;
}

static void *hvsim_rndis_body(struct hvsim_net_ctlmsg *m)
{
	return m->msg + sizeof(struct hvsim_rndis_hdr);
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

static void hvsim_rndis_send(struct hvsim_net *net, struct hvsim_net_ctlmsg *m)
{
	if (!m) {
		hvsim_net_count(net, CTL_DROPPED);
		return;
	}
	spin_lock(&net->lock);
	hvsim_net_ctl_queue_locked(net, m);
	spin_unlock(&net->lock);
}

/**
 * hvsim_net_link_indicate_locked() - tell the guest the link state, if it
 * believes another one and RNDIS is operational
 * @net:	the NIC
 *
 * Context: net->lock held (allocates atomically).
 */
void hvsim_net_link_indicate_locked(struct hvsim_net *net)
{
	struct hvsim_rndis_indicate *ind;
	struct hvsim_net_ctlmsg *m;

	lockdep_assert_held(&net->lock);
	if (net->rndis != HVSIM_NET_RNDIS_OPERATIONAL || net->guest_link_up == net->link_up)
		return;
	m = hvsim_rndis_new(HVSIM_RNDIS_INDICATE_STATUS_MSG, sizeof(*ind), GFP_ATOMIC);
	if (!m) {
		hvsim_net_count(net, CTL_DROPPED);
		return;
	}
	ind = hvsim_rndis_body(m);
	ind->status = net->link_up ? HVSIM_NDIS_MEDIA_CONNECT : HVSIM_NDIS_MEDIA_DISCONNECT;
	net->guest_link_up = net->link_up;
	hvsim_net_ctl_queue_locked(net, m);
}

/* INDICATE_STATUS STATUS_TASK_OFFLOAD_CURRENT_CONFIG with the NIC's offloads now */
static void hvsim_rndis_offload_indicate(struct hvsim_net *net)
{
	struct hvsim_rndis_indicate *ind;
	struct hvsim_ndis_offload o;
	struct hvsim_net_ctlmsg *m;

	m = hvsim_rndis_new(HVSIM_RNDIS_INDICATE_STATUS_MSG, sizeof(*ind) + sizeof(o), GFP_KERNEL);
	if (m) {
		ind = hvsim_rndis_body(m);
		ind->status = HVSIM_NDIS_OFFLOAD_CURRENT_CONFIG;
		ind->buf_len = sizeof(o);
		ind->buf_offset = sizeof(*ind);
		hvsim_net_offload_ndis(READ_ONCE(net->ofl_tx), READ_ONCE(net->ofl_rx),
				       READ_ONCE(net->ofl_lso), READ_ONCE(net->ofl_rsc), &o);
		memcpy(ind + 1, &o, sizeof(o));
	}
	hvsim_rndis_send(net, m);
}

static void hvsim_rndis_init(struct hvsim_net *net, const u8 *body, u32 blen)
{
	struct hvsim_rndis_init_cmplt *c;
	struct hvsim_rndis_init_req req;
	struct hvsim_net_ctlmsg *m;
	bool ok;

	if (blen < sizeof(req)) {
		hvsim_net_count(net, BAD_RNDIS);
		return;
	}
	memcpy(&req, body, sizeof(req));
	m = hvsim_rndis_new(HVSIM_RNDIS_INITIALIZE_MSG | HVSIM_RNDIS_CMPLT, sizeof(*c),
			    GFP_KERNEL);
	if (!m) {
		hvsim_net_count(net, CTL_DROPPED);
		return;
	}
	c = hvsim_rndis_body(m);
	c->req_id = req.req_id;
	c->major = HVSIM_RNDIS_MAJOR;
	c->minor = HVSIM_RNDIS_MINOR;
	c->dev_flags = HVSIM_RNDIS_DF_CONNECTIONLESS;
	c->medium = HVSIM_RNDIS_MEDIUM_802_3;
	c->max_pkts_per_msg = 8;
	c->max_xfer_size = 0xefffffff;
	c->pkt_align_factor = 3;
	spin_lock(&net->lock);
	ok = net->rndis == HVSIM_NET_RNDIS_UNINIT;
	if (ok) {
		net->rndis = HVSIM_NET_RNDIS_OPERATIONAL;
		net->guest_link_up = true;
	}
	c->status = ok ? HVSIM_NDIS_SUCCESS : HVSIM_NDIS_FAILURE;
	hvsim_net_ctl_queue_locked(net, m);
	spin_unlock(&net->lock);
	if (!ok)
		hvsim_net_count(net, BAD_RNDIS);
}

static void hvsim_rndis_query(struct hvsim_net *net, const u8 *body, u32 blen)
{
	struct hvsim_rndis_query_cmplt *c;
	struct hvsim_rndis_oid_req req;
	struct hvsim_net_ctlmsg *m;
	u32 status, len = 0;
	bool operational;

	if (blen < sizeof(req)) {
		hvsim_net_count(net, BAD_RNDIS);
		return;
	}
	memcpy(&req, body, sizeof(req));
	m = hvsim_rndis_new(HVSIM_RNDIS_QUERY_MSG | HVSIM_RNDIS_CMPLT,
			    sizeof(*c) + HVSIM_NET_OID_MAX, GFP_KERNEL);
	if (!m) {
		hvsim_net_count(net, CTL_DROPPED);
		return;
	}
	c = hvsim_rndis_body(m);
	spin_lock(&net->lock);
	operational = net->rndis == HVSIM_NET_RNDIS_OPERATIONAL;
	spin_unlock(&net->lock);
	if (operational) {
		status = hvsim_net_oid_query(net, req.oid, (u8 *)(c + 1), &len);
	} else {
		hvsim_net_count(net, BAD_RNDIS);
		status = HVSIM_NDIS_ADAPTER_NOT_READY;
	}
	if (status != HVSIM_NDIS_SUCCESS)
		len = 0;
	c->req_id = req.req_id;
	c->status = status;
	c->info_len = len;
	c->info_offset = sizeof(*c);
	m->len = sizeof(struct hvsim_rndis_hdr) + sizeof(*c) + len;
	((struct hvsim_rndis_hdr *)m->msg)->len = m->len;
	hvsim_rndis_send(net, m);
}

static void hvsim_rndis_set(struct hvsim_net *net, const u8 *body, u32 blen)
{
	struct hvsim_rndis_status_cmplt *c;
	struct hvsim_rndis_oid_req req;
	struct hvsim_net_ctlmsg *m;
	bool operational;
	u32 status;

	if (blen < sizeof(req)) {
		hvsim_net_count(net, BAD_RNDIS);
		return;
	}
	memcpy(&req, body, sizeof(req));
	spin_lock(&net->lock);
	operational = net->rndis == HVSIM_NET_RNDIS_OPERATIONAL;
	spin_unlock(&net->lock);
	/* the information buffer lies after the fixed part, inside the message */
	if (!operational) {
		hvsim_net_count(net, BAD_RNDIS);
		status = HVSIM_NDIS_ADAPTER_NOT_READY;
	} else if (req.info_len && (req.info_offset < sizeof(req) || req.info_offset > blen ||
				    blen - req.info_offset < req.info_len)) {
		hvsim_net_count(net, BAD_RNDIS);
		status = HVSIM_NDIS_INVALID_LENGTH;
	} else if (hvsim_net_fault_refuse_set(net, req.oid)) {
		/* the refuse_set knob (net_fault.c): nothing changes */
		status = HVSIM_NDIS_FAILURE;
	} else {
		status = hvsim_net_oid_set(net, req.oid, body + req.info_offset, req.info_len);
	}
	m = hvsim_rndis_new(HVSIM_RNDIS_SET_MSG | HVSIM_RNDIS_CMPLT, sizeof(*c), GFP_KERNEL);
	if (m) {
		c = hvsim_rndis_body(m);
		c->req_id = req.req_id;
		c->status = status;
	}
	hvsim_rndis_send(net, m);
	if (net->ofl_indicate) {
		net->ofl_indicate = false;
		hvsim_rndis_offload_indicate(net);
	}
}

static void hvsim_rndis_keepalive(struct hvsim_net *net, const u8 *body, u32 blen)
{
	struct hvsim_rndis_status_cmplt *c;
	struct hvsim_net_ctlmsg *m;

	if (blen < sizeof(u32)) {
		hvsim_net_count(net, BAD_RNDIS);
		return;
	}
	m = hvsim_rndis_new(HVSIM_RNDIS_KEEPALIVE_MSG | HVSIM_RNDIS_CMPLT, sizeof(*c), GFP_KERNEL);
	if (m) {
		c = hvsim_rndis_body(m);
		memcpy(&c->req_id, body, sizeof(u32));
		c->status = HVSIM_NDIS_SUCCESS;
	}
	hvsim_rndis_send(net, m);
}

/**
 * hvsim_net_rndis_control() - one RNDIS control message from the guest
 * @net:	the NIC
 * @msg:	the message, copied out of guest memory
 * @len:	its MessageLength, checked against what was sent (>= 8)
 *
 * Context: the primary channel's I/O work.
 */
void hvsim_net_rndis_control(struct hvsim_net *net, const u8 *msg, u32 len)
{
	const u8 *body = msg + sizeof(struct hvsim_rndis_hdr);
	u32 blen = len - sizeof(struct hvsim_rndis_hdr), type, dropped;

	memcpy(&type, msg, sizeof(type));
	switch (type) {
	case HVSIM_RNDIS_INITIALIZE_MSG:
		hvsim_rndis_init(net, body, blen);
		break;
	case HVSIM_RNDIS_QUERY_MSG:
		hvsim_rndis_query(net, body, blen);
		break;
	case HVSIM_RNDIS_SET_MSG:
		hvsim_rndis_set(net, body, blen);
		break;
	case HVSIM_RNDIS_KEEPALIVE_MSG:
		hvsim_rndis_keepalive(net, body, blen);
		break;
	case HVSIM_RNDIS_HALT_MSG:
		spin_lock(&net->lock);
		net->rndis = HVSIM_NET_RNDIS_HALTED;
		dropped = hvsim_net_purge_locked(net, false);
		spin_unlock(&net->lock);
		hvsim_net_add(net, DROPPED_FILTER, dropped);
		break;
	case HVSIM_RNDIS_RESET_MSG:
		hvsim_net_count(net, UNSUPPORTED);
		break;
	default:
		hvsim_net_count(net, BAD_RNDIS);
		pr_warn_ratelimited("net: %pUl: RNDIS message type %#x refused\n",
				    &net->dev->instance, type);
		break;
	}
}
