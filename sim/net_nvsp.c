// SPDX-License-Identifier: GPL-2.0
/*
 * NVSP, the Network VSP protocol, as the host speaks it on a NIC's
 * channels. Facts from Microsoft's openvmm host (vm/devices/net/netvsp,
 * lib.rs and protocol.rs) unless said otherwise.
 *
 * Order on the primary channel: INIT (the guest names one version; the
 * host accepts 2, 0x30002, 0x40000, 0x50000, 0x60000 and 0x60001 exactly,
 * and answers INIT_COMPLETE with status SUCCESS, or NONE for any other
 * version so that the guest tries an older one), then in any order
 * SEND_NDIS_CONFIG (from 0x30002: the frame size; one outside
 * 1514..mtu_max + 14 is replaced by 1514, as vmswitch does, and the
 * message is not refused), SEND_NDIS_VER, SEND_RECV_BUF (after
 * SEND_NDIS_CONFIG from 0x30002: the sub-allocations are sized from the
 * frame size) and SEND_SEND_BUF. RNDIS messages (SEND_RNDIS_PKT) are taken
 * once the version, the NDIS version, the NDIS config (from 0x30002) and
 * the receive buffer are there; the send buffer is optional. SUBCHANNEL
 * (from 0x50000) asks for sub-channels, which then carry SEND_RNDIS_PKT
 * data only.
 *
 * Answers: a VM_PKT_COMP with the request's transaction ID, and only when
 * the guest asked for one (COMPLETION_REQUESTED): a guest that sends
 * SEND_NDIS_VER or SEND_NDIS_CONFIG without asking must not get one. Empty
 * for SEND_NDIS_VER and SEND_NDIS_CONFIG; the host's NVSP messages are
 * padded to 28 bytes, 40 from version 0x60001 (INIT_COMPLETE itself still
 * 28). Revokes have no answer.
 *
 * Where openvmm stops servicing the channel on a guest error (any message
 * before INIT, an unknown type or one of a newer version than negotiated,
 * a message out of order, a second INIT, a revoke), this host counts it
 * (bad_nvsp), answers a request that expects an answer with a failure,
 * and goes on: the guest's bug shows in the counters and the guest does
 * not hang. A revoke only drops the buffer here (openvmm stops the channel
 * until it is reopened); a second SEND_RECV_BUF or SEND_SEND_BUF fails.
 *
 * Context: the I/O work of the channel the message came on. State shared
 * between a NIC's channels is under hvsim_net.lock; NVSP set-up state is
 * the primary's own.
 */
#include <linux/etherdevice.h>
#include <linux/string.h>

#include "net_host.h"

static const u32 hvsim_nvsp_versions[] = {
	HVSIM_NVSP_V1, HVSIM_NVSP_V2, HVSIM_NVSP_V4, HVSIM_NVSP_V5, HVSIM_NVSP_V6, HVSIM_NVSP_V61,
};

/* every message the host takes: the version it needs and its length */
static const struct {
	u32 type;
	u32 version;
	u32 len;
	bool primary;
} hvsim_nvsp_types[] = {
	{ HVSIM_NVSP_INIT, 0, sizeof(struct hvsim_nvsp_init), true },
	{ HVSIM_NVSP_SEND_NDIS_VER, HVSIM_NVSP_V1, sizeof(struct hvsim_nvsp_ndis_ver), true },
	{ HVSIM_NVSP_SEND_RECV_BUF, HVSIM_NVSP_V1, sizeof(struct hvsim_nvsp_buf), true },
	{ HVSIM_NVSP_REVOKE_RECV_BUF, HVSIM_NVSP_V1, sizeof(struct hvsim_nvsp_revoke), true },
	{ HVSIM_NVSP_SEND_SEND_BUF, HVSIM_NVSP_V1, sizeof(struct hvsim_nvsp_buf), true },
	{ HVSIM_NVSP_REVOKE_SEND_BUF, HVSIM_NVSP_V1, sizeof(struct hvsim_nvsp_revoke), true },
	{ HVSIM_NVSP_SEND_RNDIS_PKT, HVSIM_NVSP_V1, sizeof(struct hvsim_nvsp_rndis_pkt), false },
	{ HVSIM_NVSP_SEND_NDIS_CONFIG, HVSIM_NVSP_V2, sizeof(struct hvsim_nvsp_ndis_config), true },
	{ HVSIM_NVSP_SWITCH_DATA_PATH, HVSIM_NVSP_V4, 8, true },
	{ HVSIM_NVSP_OID_QUERY_EX, HVSIM_NVSP_V5, 12, true },
	{ HVSIM_NVSP_SUBCHANNEL, HVSIM_NVSP_V5, sizeof(struct hvsim_nvsp_subchannel), true },
};

/* the largest message the host reads; longer ones are padding */
union hvsim_nvsp_msg {
	u32 type;
	struct hvsim_nvsp_init init;
	struct hvsim_nvsp_ndis_ver ndis_ver;
	struct hvsim_nvsp_ndis_config ndis_config;
	struct hvsim_nvsp_buf buf;
	struct hvsim_nvsp_revoke revoke;
	struct hvsim_nvsp_rndis_pkt rndis;
	struct hvsim_nvsp_subchannel subchannel;
	u8 raw[HVSIM_NVSP_MSG_SIZE_V61];
};

/**
 * hvsim_net_nvsp_complete() - answer an NVSP request, if the guest asked
 * @chan:	the channel it came on
 * @pkt:	the request
 * @msg:	the NVSP message (padded to the version's size), or NULL with
 *		@len 0 for an empty completion
 * @len:	its length, at most HVSIM_NVSP_MSG_SIZE_V1
 *
 * Context: @chan's I/O work.
 */
void hvsim_net_nvsp_complete(struct hvsim_vchan *chan, const struct hvsim_vpkt *pkt,
			     const void *msg, u32 len)
{
	struct hvsim_net *net = chan->dev->priv;
	u8 buf[HVSIM_NVSP_MSG_SIZE_V61] = {};
	u32 size = 0;
	int ret;

	if (!(pkt->flags & HVSIM_VMPKT_FLAG_COMPLETION_REQUESTED))
		return;
	if (len) {
		memcpy(buf, msg, min_t(u32, len, sizeof(buf)));
		size = max_t(u32, len, READ_ONCE(net->nvsp_size));
	}
	ret = hvsim_vchan_send_comp(chan, pkt->trans_id, buf, min_t(u32, size, sizeof(buf)));
	if (ret)
		pr_warn_ratelimited("net: relid %u: NVSP completion not sent (%d)\n", chan->relid,
				    ret);
}

static void hvsim_nvsp_bad(struct hvsim_net *net, struct hvsim_vchan *chan, u32 type,
			   const char *why)
{
	hvsim_net_count(net, BAD_NVSP);
	pr_warn_ratelimited("net: relid %u: NVSP message %u %s\n", chan->relid, type, why);
}

/* Recompute hvsim_net.ready. Context: the primary's I/O work. */
static void hvsim_nvsp_update_ready(struct hvsim_net *net)
{
	spin_lock(&net->lock);
	net->ready = net->version && net->ndis_ver && net->recv_buf &&
		     (net->ndis_config || net->version < HVSIM_NVSP_V2);
	spin_unlock(&net->lock);
}

static void hvsim_nvsp_init(struct hvsim_vchan *chan, const struct hvsim_vpkt *pkt,
			    const struct hvsim_nvsp_init *m)
{
	struct hvsim_net *net = chan->dev->priv;
	struct hvsim_nvsp_init_complete c = {
		.type = HVSIM_NVSP_INIT_COMPLETE,
		.negotiated = 0xffffffff,
		.max_mdl_chain = HVSIM_NET_MAX_MDL_CHAIN,
		.status = HVSIM_NVSP_STATUS_NONE,
	};
	bool ok = false;
	unsigned int i;

	/* openvmm reads the first field only; a guest names one version there */
	for (i = 0; i < ARRAY_SIZE(hvsim_nvsp_versions); i++)
		if (m->version == hvsim_nvsp_versions[i])
			ok = true;
	if (READ_ONCE(net->version)) {
		hvsim_nvsp_bad(net, chan, m->type, "(INIT) after a version was agreed");
		ok = false;
	}
	if (ok) {
		c.status = HVSIM_NVSP_STATUS_SUCCESS;
		if (m->version == HVSIM_NVSP_V1)
			c.negotiated = HVSIM_NVSP_V1;
	}
	/* sent at the size of the messages before the version */
	hvsim_net_nvsp_complete(chan, pkt, &c, sizeof(c));
	if (!ok)
		return;
	spin_lock(&net->lock);
	net->version = m->version;
	net->nvsp_size = m->version >= HVSIM_NVSP_V61 ? HVSIM_NVSP_MSG_SIZE_V61 :
							HVSIM_NVSP_MSG_SIZE_V1;
	spin_unlock(&net->lock);
	pr_info("net: %pUl: NVSP version %#x\n", &chan->dev->instance, m->version);
}

static void hvsim_nvsp_ndis_ver(struct hvsim_vchan *chan, const struct hvsim_vpkt *pkt,
				const struct hvsim_nvsp_ndis_ver *m)
{
	struct hvsim_net *net = chan->dev->priv;

	if (net->ndis_ver) {
		hvsim_nvsp_bad(net, chan, m->type, "(NDIS version) sent twice");
	} else {
		net->ndis_major = m->major;
		net->ndis_minor = m->minor;
		net->ndis_ver = true;
		hvsim_nvsp_update_ready(net);
	}
	hvsim_net_nvsp_complete(chan, pkt, NULL, 0);
}

static void hvsim_nvsp_ndis_config(struct hvsim_vchan *chan, const struct hvsim_vpkt *pkt,
				   const struct hvsim_nvsp_ndis_config *m)
{
	struct hvsim_net *net = chan->dev->priv;
	u32 frame = m->mtu;

	if (net->ndis_config || net->recv_buf) {
		hvsim_nvsp_bad(net, chan, m->type, "(NDIS config) twice or after the receive buffer");
	} else {
		/* as vmswitch: a frame size it does not take becomes the default */
		if (frame < HVSIM_NET_FRAME_DEFAULT || frame > net->mtu_max + ETH_HLEN)
			frame = HVSIM_NET_FRAME_DEFAULT;
		spin_lock(&net->lock);
		net->frame_max = frame;
		spin_unlock(&net->lock);
		net->ndis_caps = m->caps_lo;
		net->ndis_config = true;
		hvsim_nvsp_update_ready(net);
	}
	hvsim_net_nvsp_complete(chan, pkt, NULL, 0);
}

static void hvsim_nvsp_recv_buf(struct hvsim_vchan *chan, const struct hvsim_vpkt *pkt,
				const struct hvsim_nvsp_buf *m)
{
	struct hvsim_net *net = chan->dev->priv;
	struct hvsim_nvsp_recv_buf_complete c = {
		.type = HVSIM_NVSP_SEND_RECV_BUF_COMPLETE,
		.status = HVSIM_NVSP_STATUS_FAILURE,
	};
	struct hvsim_gpadl *g;
	int ret;

	if (net->recv_buf) {
		hvsim_nvsp_bad(net, chan, m->type, "(receive buffer) sent twice");
		goto reply;
	}
	if (net->version >= HVSIM_NVSP_V2 && !net->ndis_config) {
		hvsim_nvsp_bad(net, chan, m->type, "(receive buffer) before the NDIS config");
		goto reply;
	}
	g = hvsim_gpadl_get_io(m->gpadl, chan->relid);
	if (!g) {
		hvsim_nvsp_bad(net, chan, m->type, "(receive buffer) names no GPADL of the channel");
		goto reply;
	}
	ret = hvsim_net_recv_buf_set(net, g, m->id);
	if (ret) {
		hvsim_gpadl_put(g);
		if (ret == -EINVAL)
			hvsim_nvsp_bad(net, chan, m->type,
				       "(receive buffer) not one range of at least a sub-allocation");
		goto reply;
	}
	hvsim_nvsp_update_ready(net);
	c.status = HVSIM_NVSP_STATUS_SUCCESS;
	c.num_sections = 1;
	c.section.offset = 0;
	c.section.sub_alloc_size = net->recv_sub;
	c.section.num_sub_allocs = net->recv_sections;
	c.section.end_offset = net->recv_sub * net->recv_sections;
reply:
	hvsim_net_nvsp_complete(chan, pkt, &c, sizeof(c));
}

static void hvsim_nvsp_send_buf(struct hvsim_vchan *chan, const struct hvsim_vpkt *pkt,
				const struct hvsim_nvsp_buf *m)
{
	struct hvsim_net *net = chan->dev->priv;
	struct hvsim_nvsp_send_buf_complete c = {
		.type = HVSIM_NVSP_SEND_SEND_BUF_COMPLETE,
		.status = HVSIM_NVSP_STATUS_FAILURE,
	};
	struct hvsim_gpadl *g;
	bool have;

	spin_lock(&net->lock);
	have = net->send_buf;
	spin_unlock(&net->lock);
	if (have) {
		hvsim_nvsp_bad(net, chan, m->type, "(send buffer) sent twice");
		goto reply;
	}
	g = hvsim_gpadl_get_io(m->gpadl, chan->relid);
	if (!g || g->bytes < HVSIM_NET_SEND_SECTION) {
		hvsim_gpadl_put(g);
		hvsim_nvsp_bad(net, chan, m->type,
			       "(send buffer) not one range of at least a section of the channel");
		goto reply;
	}
	spin_lock(&net->lock);
	net->send_buf = g;
	net->send_id = m->id;
	net->send_sections = g->bytes / HVSIM_NET_SEND_SECTION;
	net->send_size = g->bytes;
	spin_unlock(&net->lock);
	c.status = HVSIM_NVSP_STATUS_SUCCESS;
	c.section_size = HVSIM_NET_SEND_SECTION;
reply:
	hvsim_net_nvsp_complete(chan, pkt, &c, sizeof(c));
}

static void hvsim_nvsp_revoke(struct hvsim_vchan *chan, const struct hvsim_nvsp_revoke *m)
{
	struct hvsim_net *net = chan->dev->priv;
	struct hvsim_gpadl *g = NULL;

	if (m->type == HVSIM_NVSP_REVOKE_RECV_BUF) {
		if (!net->recv_buf || m->id != net->recv_id) {
			hvsim_nvsp_bad(net, chan, m->type, "(revoke) of no receive buffer");
			return;
		}
		hvsim_net_recv_buf_drop(net);
		hvsim_nvsp_update_ready(net);
		return;
	}
	spin_lock(&net->lock);
	if (net->send_buf && m->id == net->send_id) {
		g = net->send_buf;
		net->send_buf = NULL;
		net->send_sections = 0;
		net->send_size = 0;
	}
	spin_unlock(&net->lock);
	if (!g)
		hvsim_nvsp_bad(net, chan, m->type, "(revoke) of no send buffer");
	/* a sub-channel's work may still hold its own reference */
	hvsim_gpadl_put(g);
}

static void hvsim_nvsp_subchannel(struct hvsim_vchan *chan, const struct hvsim_vpkt *pkt,
				  const struct hvsim_nvsp_subchannel *m)
{
	struct hvsim_net *net = chan->dev->priv;
	struct hvsim_nvsp_subchannel c = {
		.type = HVSIM_NVSP_SUBCHANNEL,
		.op_or_status = HVSIM_NVSP_STATUS_FAILURE,
	};
	u32 n;

	if (!net->recv_buf || m->op_or_status != HVSIM_NVSP_SUBCHANNEL_ALLOCATE) {
		hvsim_nvsp_bad(net, chan, m->type, "(sub-channels) before set-up, or not ALLOCATE");
		goto reply;
	}
	/*
	 * As many as asked, up to the queues the NIC has (openvmm refuses a
	 * request for more outright); none before VMBus 2.4, which has no
	 * sub-channels.
	 */
	n = min_t(u32, m->count, chan->dev->max_channels - 1);
	if (READ_ONCE(hvsim_vmbus.version) < HVSIM_VMBUS_V2_4)
		n = 0;
	if (n && hvsim_vmbus_host_event(HVSIM_VEVENT_SUBCHANNELS, chan->dev->serial, n))
		goto reply;
	c.op_or_status = HVSIM_NVSP_STATUS_SUCCESS;
	c.count = n;
	/* the send indirection table follows once they are all open (net_rss.c) */
	if (n) {
		spin_lock(&net->lock);
		net->sub_granted = n;
		net->table_sent = false;
		hvsim_net_rss_check_locked(net);
		spin_unlock(&net->lock);
	}
reply:
	hvsim_net_nvsp_complete(chan, pkt, &c, sizeof(c));
}

/* Not emulated: answered as openvmm answers them when there is no VF. */
static void hvsim_nvsp_unsupported(struct hvsim_vchan *chan, const struct hvsim_vpkt *pkt,
				   u32 type)
{
	struct hvsim_net *net = chan->dev->priv;
	struct hvsim_nvsp_oid_query_ex_complete q = {
		.type = HVSIM_NVSP_OID_QUERY_EX_COMPLETE,
		.status = HVSIM_NDIS_NOT_SUPPORTED,
	};

	hvsim_net_count(net, UNSUPPORTED);
	if (type == HVSIM_NVSP_OID_QUERY_EX)
		hvsim_net_nvsp_complete(chan, pkt, &q, sizeof(q));
	else
		hvsim_net_nvsp_complete(chan, pkt, NULL, 0);
}

/* Is @type known, allowed at the agreed version, long enough, on this channel? */
static bool hvsim_nvsp_check(struct hvsim_net *net, struct hvsim_vchan *chan,
			     const struct hvsim_vpkt *pkt, u32 type)
{
	u32 version = READ_ONCE(net->version);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(hvsim_nvsp_types); i++)
		if (hvsim_nvsp_types[i].type == type)
			break;
	if (i == ARRAY_SIZE(hvsim_nvsp_types) || version < hvsim_nvsp_types[i].version) {
		hvsim_nvsp_bad(net, chan, type, version ? "unknown at the agreed version" :
							  "before INIT");
		return false;
	}
	if (pkt->len < hvsim_nvsp_types[i].len) {
		hvsim_nvsp_bad(net, chan, type, "too short");
		return false;
	}
	if (chan->sub_index && hvsim_nvsp_types[i].primary) {
		hvsim_nvsp_bad(net, chan, type, "on a sub-channel");
		return false;
	}
	/* only an RNDIS message may come with page ranges */
	if (pkt->type == HVSIM_VMPKT_DATA_GPA_DIRECT && type != HVSIM_NVSP_SEND_RNDIS_PKT) {
		hvsim_nvsp_bad(net, chan, type, "with page ranges");
		return false;
	}
	return true;
}

/**
 * hvsim_net_packet() - the NIC's packet op: one packet from the guest
 * @chan:	the channel it came on
 * @pkt:	the packet, copied out of the ring
 *
 * Context: @chan's I/O work.
 */
void hvsim_net_packet(struct hvsim_vchan *chan, const struct hvsim_vpkt *pkt)
{
	struct hvsim_net *net = chan->dev->priv;
	union hvsim_nvsp_msg m = {};

	if (pkt->type == HVSIM_VMPKT_COMP) {
		hvsim_net_rx_completion(net, chan, pkt);
		return;
	}
	if ((pkt->type != HVSIM_VMPKT_DATA_INBAND && pkt->type != HVSIM_VMPKT_DATA_GPA_DIRECT) ||
	    pkt->len < sizeof(u32)) {
		hvsim_nvsp_bad(net, chan, 0, "in a packet of a type NVSP does not use");
		return;
	}
	memcpy(&m, pkt->data, min_t(u32, pkt->len, sizeof(m)));
	if (!hvsim_nvsp_check(net, chan, pkt, m.type))
		return;
	switch (m.type) {
	case HVSIM_NVSP_INIT:
		hvsim_nvsp_init(chan, pkt, &m.init);
		break;
	case HVSIM_NVSP_SEND_NDIS_VER:
		hvsim_nvsp_ndis_ver(chan, pkt, &m.ndis_ver);
		break;
	case HVSIM_NVSP_SEND_NDIS_CONFIG:
		hvsim_nvsp_ndis_config(chan, pkt, &m.ndis_config);
		break;
	case HVSIM_NVSP_SEND_RECV_BUF:
		hvsim_nvsp_recv_buf(chan, pkt, &m.buf);
		break;
	case HVSIM_NVSP_SEND_SEND_BUF:
		hvsim_nvsp_send_buf(chan, pkt, &m.buf);
		break;
	case HVSIM_NVSP_REVOKE_RECV_BUF:
	case HVSIM_NVSP_REVOKE_SEND_BUF:
		hvsim_nvsp_revoke(chan, &m.revoke);
		break;
	case HVSIM_NVSP_SEND_RNDIS_PKT:
		hvsim_net_rndis_pkt(chan, pkt, &m.rndis);
		break;
	case HVSIM_NVSP_SUBCHANNEL:
		hvsim_nvsp_subchannel(chan, pkt, &m.subchannel);
		break;
	default:
		hvsim_nvsp_unsupported(chan, pkt, m.type);
		break;
	}
}

/**
 * hvsim_net_nvsp_reset() - the primary channel closed: forget the guest's
 * NIC state (buffers, versions, RNDIS); the device's configuration and
 * link stay
 * @net:	the NIC
 *
 * Context: close, hvsim_vmbus.lock held, the primary's I/O work stopped
 * (sub-channels' works may still run: what they use is under the lock).
 */
void hvsim_net_nvsp_reset(struct hvsim_net *net)
{
	struct hvsim_gpadl *send;

	hvsim_net_xfers_free(net, -1);
	hvsim_net_recv_buf_drop(net);
	spin_lock(&net->lock);
	send = net->send_buf;
	net->send_buf = NULL;
	net->send_sections = 0;
	net->send_size = 0;
	net->version = 0;
	net->nvsp_size = HVSIM_NVSP_MSG_SIZE_V1;
	net->ready = false;
	net->rndis = HVSIM_NET_RNDIS_UNINIT;
	net->filter = 0;
	ether_addr_copy(net->mac, net->perm_mac);
	net->nmcast = 0;
	net->frame_max = HVSIM_NET_FRAME_DEFAULT;
	net->guest_link_up = true;
	net->rss_enabled = false;
	net->recv_wait = 0;
	net->sub_granted = 0;
	net->table_sent = false;
	net->table_pending = false;
	hvsim_net_offload_reset_locked(net);
	hvsim_net_purge_locked(net, true);
	spin_unlock(&net->lock);
	hvsim_gpadl_put(send);
	net->ndis_ver = false;
	net->ndis_config = false;
	net->ndis_caps = 0;
	net->ofl_indicate = false;
}
