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
 * Offloads: none yet. OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES answers a
 * valid NDIS_OFFLOAD (revision 3, as openvmm) with every capability off;
 * OID_TCP_OFFLOAD_PARAMETERS is checked (header, no LSOv1, as openvmm) and
 * stored; RSS parameters are checked (key of 40 bytes, table of whole
 * entries naming existing queues, as openvmm) and stored for later.
 * OID_GEN_RNDIS_CONFIG_PARAMETER "NetworkAddress" (12 hex digits in
 * UTF-16LE) changes the MAC when it is a valid unicast address (openvmm
 * ignores it); other keywords are accepted and ignored, as openvmm does.
 *
 * Responses are queued (net_rx.c sends them through the receive buffer).
 *
 * Context: the primary channel's I/O work (control messages are refused on
 * sub-channels); hvsim_net_link_indicate_locked() also from net_ctl.
 */
#include <linux/ctype.h>
#include <linux/etherdevice.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "net_host.h"

#define HVSIM_NET_OID_MAX	256	/* the largest answer (offload: 156) fits */
#define HVSIM_RNDIS_MAC_OPTIONS	0x0000000d	/* copy lookahead, transfers not pending, no loopback */

static const u32 hvsim_net_oids[] = {
	HVSIM_OID_GEN_SUPPORTED_LIST, HVSIM_OID_GEN_HARDWARE_STATUS,
	HVSIM_OID_GEN_MEDIA_SUPPORTED, HVSIM_OID_GEN_MEDIA_IN_USE,
	HVSIM_OID_GEN_MAXIMUM_LOOKAHEAD, HVSIM_OID_GEN_MAXIMUM_FRAME_SIZE,
	HVSIM_OID_GEN_LINK_SPEED, HVSIM_OID_GEN_TRANSMIT_BLOCK_SIZE,
	HVSIM_OID_GEN_RECEIVE_BLOCK_SIZE, HVSIM_OID_GEN_VENDOR_ID,
	HVSIM_OID_GEN_VENDOR_DESCRIPTION, HVSIM_OID_GEN_CURRENT_PACKET_FILTER,
	HVSIM_OID_GEN_CURRENT_LOOKAHEAD, HVSIM_OID_GEN_DRIVER_VERSION,
	HVSIM_OID_GEN_MAXIMUM_TOTAL_SIZE, HVSIM_OID_GEN_MAC_OPTIONS,
	HVSIM_OID_GEN_MEDIA_CONNECT_STATUS, HVSIM_OID_GEN_MAXIMUM_SEND_PACKETS,
	HVSIM_OID_GEN_NETWORK_LAYER_ADDRESSES, HVSIM_OID_GEN_RNDIS_CONFIG_PARAMETER,
	HVSIM_OID_802_3_PERMANENT_ADDRESS, HVSIM_OID_802_3_CURRENT_ADDRESS,
	HVSIM_OID_802_3_MULTICAST_LIST, HVSIM_OID_802_3_MAXIMUM_LIST_SIZE,
	HVSIM_OID_TCP_OFFLOAD_PARAMETERS, HVSIM_OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES,
	HVSIM_OID_TCP_OFFLOAD_CURRENT_CONFIG, HVSIM_OID_GEN_RECEIVE_SCALE_CAPABILITIES,
	HVSIM_OID_GEN_RECEIVE_SCALE_PARAMETERS,
};

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

static void hvsim_put_u32(u8 *out, u32 *len, u32 v)
{
	memcpy(out, &v, sizeof(v));
	*len = sizeof(v);
}

/* NDIS_OFFLOAD with every capability off: what the host offloads today */
static void hvsim_rndis_offload_none(u8 *out, u32 *len)
{
	struct hvsim_ndis_obj_hdr h = {
		.type = HVSIM_NDIS_OBJ_OFFLOAD,
		.revision = 3,
		.size = HVSIM_NDIS_OFFLOAD_SIZE_REV3,
	};

	memset(out, 0, HVSIM_NDIS_OFFLOAD_SIZE_REV3);
	memcpy(out, &h, sizeof(h));
	*len = HVSIM_NDIS_OFFLOAD_SIZE_REV3;
}

/* The OIDs whose answer is state under net->lock. Context: net->lock held. */
static bool hvsim_rndis_query_locked(struct hvsim_net *net, u32 oid, u8 *out, u32 *len)
{
	switch (oid) {
	case HVSIM_OID_GEN_CURRENT_PACKET_FILTER:
		hvsim_put_u32(out, len, net->filter);
		return true;
	case HVSIM_OID_GEN_MEDIA_CONNECT_STATUS:
		hvsim_put_u32(out, len, net->link_up ? HVSIM_NDIS_MEDIA_STATE_CONNECTED :
						       HVSIM_NDIS_MEDIA_STATE_DISCONNECTED);
		return true;
	case HVSIM_OID_802_3_CURRENT_ADDRESS:
		ether_addr_copy(out, net->mac);
		*len = ETH_ALEN;
		return true;
	case HVSIM_OID_802_3_MULTICAST_LIST:
		memcpy(out, net->mcast, net->nmcast * ETH_ALEN);
		*len = net->nmcast * ETH_ALEN;
		return true;
	case HVSIM_OID_GEN_MAXIMUM_LOOKAHEAD:
	case HVSIM_OID_GEN_CURRENT_LOOKAHEAD:
	case HVSIM_OID_GEN_MAXIMUM_FRAME_SIZE:		/* the MTU */
		hvsim_put_u32(out, len, net->frame_max - ETH_HLEN);
		return true;
	case HVSIM_OID_GEN_MAXIMUM_TOTAL_SIZE:
	case HVSIM_OID_GEN_TRANSMIT_BLOCK_SIZE:
	case HVSIM_OID_GEN_RECEIVE_BLOCK_SIZE:
		hvsim_put_u32(out, len, net->frame_max);
		return true;
	}
	return false;
}

static u32 hvsim_rndis_query_oid(struct hvsim_net *net, u32 oid, u8 *out, u32 *len)
{
	static const char desc[] = "hv_sim NetVSP adapter";
	struct hvsim_ndis_rss_caps rss = {
		.hdr = { HVSIM_NDIS_OBJ_RSS_CAPABILITIES, 2, sizeof(rss) },
		.flags = HVSIM_NDIS_RSS_CAPS_TCP_IPV4 | HVSIM_NDIS_RSS_CAPS_TCP_IPV6 |
			 HVSIM_NDIS_HASH_TOEPLITZ,
		.num_int_msgs = 1,
		.num_queues = net->dev->max_channels,
		.num_table_entries = HVSIM_NDIS_RSS_TABLE_MAX,
	};
	bool done;

	spin_lock(&net->lock);
	done = hvsim_rndis_query_locked(net, oid, out, len);
	spin_unlock(&net->lock);
	if (done)
		return HVSIM_NDIS_SUCCESS;

	switch (oid) {
	case HVSIM_OID_GEN_SUPPORTED_LIST:
		memcpy(out, hvsim_net_oids, sizeof(hvsim_net_oids));
		*len = sizeof(hvsim_net_oids);
		break;
	case HVSIM_OID_GEN_HARDWARE_STATUS:
		hvsim_put_u32(out, len, 0);		/* NdisHardwareStatusReady */
		break;
	case HVSIM_OID_GEN_MEDIA_SUPPORTED:
	case HVSIM_OID_GEN_MEDIA_IN_USE:
		hvsim_put_u32(out, len, HVSIM_RNDIS_MEDIUM_802_3);
		break;
	case HVSIM_OID_GEN_LINK_SPEED:
		hvsim_put_u32(out, len, HVSIM_NET_LINK_SPEED);
		break;
	case HVSIM_OID_GEN_VENDOR_ID:			/* Microsoft's MAC prefix */
		hvsim_put_u32(out, len, 0x0000155d);
		break;
	case HVSIM_OID_GEN_VENDOR_DESCRIPTION:
		memcpy(out, desc, sizeof(desc));
		*len = sizeof(desc);
		break;
	case HVSIM_OID_GEN_DRIVER_VERSION:		/* u16: 1.0 */
		out[0] = 0x00;
		out[1] = 0x01;
		*len = 2;
		break;
	case HVSIM_OID_GEN_MAC_OPTIONS:
		hvsim_put_u32(out, len, HVSIM_RNDIS_MAC_OPTIONS);
		break;
	case HVSIM_OID_GEN_MAXIMUM_SEND_PACKETS:
		hvsim_put_u32(out, len, U32_MAX);
		break;
	case HVSIM_OID_802_3_PERMANENT_ADDRESS:
		ether_addr_copy(out, net->perm_mac);
		*len = ETH_ALEN;
		break;
	case HVSIM_OID_802_3_MAXIMUM_LIST_SIZE:
		hvsim_put_u32(out, len, HVSIM_NET_MCAST_MAX);
		break;
	case HVSIM_OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES:
	case HVSIM_OID_TCP_OFFLOAD_CURRENT_CONFIG:
		hvsim_rndis_offload_none(out, len);
		break;
	case HVSIM_OID_GEN_RECEIVE_SCALE_CAPABILITIES:
		memcpy(out, &rss, sizeof(rss));
		*len = sizeof(rss);
		break;
	default:
		hvsim_net_count(net, UNSUPPORTED);
		return HVSIM_NDIS_NOT_SUPPORTED;
	}
	return HVSIM_NDIS_SUCCESS;
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
		status = hvsim_rndis_query_oid(net, req.oid, (u8 *)(c + 1), &len);
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

static u32 hvsim_rndis_set_filter(struct hvsim_net *net, const u8 *info, u32 len)
{
	u32 filter, dropped = 0;

	if (len < sizeof(filter))
		return HVSIM_NDIS_INVALID_LENGTH;
	memcpy(&filter, info, sizeof(filter));
	spin_lock(&net->lock);
	net->filter = filter;
	if (!filter)
		dropped = hvsim_net_purge_locked(net, false);
	else
		hvsim_net_link_indicate_locked(net);
	spin_unlock(&net->lock);
	hvsim_net_add(net, DROPPED_FILTER, dropped);
	return HVSIM_NDIS_SUCCESS;
}

static u32 hvsim_rndis_set_mcast(struct hvsim_net *net, const u8 *info, u32 len)
{
	u32 i, n = len / ETH_ALEN;

	if (len % ETH_ALEN)
		return HVSIM_NDIS_INVALID_LENGTH;
	if (n > HVSIM_NET_MCAST_MAX)
		return HVSIM_NDIS_MULTICAST_FULL;
	for (i = 0; i < n; i++)
		if (!is_multicast_ether_addr(info + i * ETH_ALEN))
			return HVSIM_NDIS_INVALID_DATA;
	spin_lock(&net->lock);
	memcpy(net->mcast, info, len);
	net->nmcast = n;
	spin_unlock(&net->lock);
	return HVSIM_NDIS_SUCCESS;
}

static u32 hvsim_rndis_set_rss(struct hvsim_net *net, const u8 *info, u32 len)
{
	u16 table[HVSIM_NDIS_RSS_TABLE_MAX];
	struct hvsim_ndis_rss_params p = {};
	u32 i, n, entry;

	if (len < sizeof(p.hdr))
		return HVSIM_NDIS_INVALID_LENGTH;
	memcpy(&p, info, min_t(u32, len, sizeof(p)));
	if (p.hdr.type != HVSIM_NDIS_OBJ_RSS_PARAMETERS ||
	    p.hdr.size < HVSIM_NDIS_RSS_PARAMS_SIZE_REV1 || p.hdr.size > len)
		return HVSIM_NDIS_INVALID_DATA;
	if ((p.flags & HVSIM_NDIS_RSS_FLAG_DISABLE) ||
	    !(p.hash_info & HVSIM_NDIS_HASH_FUNCTION_MASK)) {
		net->rss_enabled = false;
		return HVSIM_NDIS_SUCCESS;
	}
	if (p.key_size != HVSIM_NDIS_RSS_KEY_SIZE || p.key_offset > len ||
	    len - p.key_offset < HVSIM_NDIS_RSS_KEY_SIZE)
		return HVSIM_NDIS_INVALID_DATA;
	if (!p.table_size || p.table_size % sizeof(u32) || p.table_offset > len ||
	    len - p.table_offset < p.table_size)
		return HVSIM_NDIS_INVALID_DATA;
	/* as openvmm: at most the host's table size; a shorter one repeats */
	n = min_t(u32, p.table_size / sizeof(u32), HVSIM_NDIS_RSS_TABLE_MAX);
	for (i = 0; i < n; i++) {
		memcpy(&entry, info + p.table_offset + i * sizeof(u32), sizeof(entry));
		if (entry >= net->dev->max_channels)
			return HVSIM_NDIS_INVALID_DATA;
		table[i] = entry;
	}
	for (; i < HVSIM_NDIS_RSS_TABLE_MAX; i++)
		table[i] = table[i % n];
	memcpy(net->rss_key, info + p.key_offset, HVSIM_NDIS_RSS_KEY_SIZE);
	memcpy(net->rss_table, table, sizeof(table));
	net->rss_hash = p.hash_info;
	net->rss_enabled = true;
	return HVSIM_NDIS_SUCCESS;
}

static u32 hvsim_rndis_set_offload(struct hvsim_net *net, const u8 *info, u32 len)
{
	struct hvsim_ndis_obj_hdr h;

	if (len < HVSIM_NDIS_OFFLOAD_PARAMS_SIZE_REV1)
		return HVSIM_NDIS_INVALID_LENGTH;
	memcpy(&h, info, sizeof(h));
	if (h.type != HVSIM_NDIS_OBJ_DEFAULT || !h.revision ||
	    h.size < HVSIM_NDIS_OFFLOAD_PARAMS_SIZE_REV1 || h.size > len)
		return HVSIM_NDIS_INVALID_DATA;
	if (info[HVSIM_NDIS_OFFLOAD_PARAMS_LSOV1] == HVSIM_NDIS_OFFLOAD_LSOV1_ENABLED)
		return HVSIM_NDIS_NOT_SUPPORTED;
	net->offload_len = min_t(u32, len, sizeof(net->offload));
	memcpy(net->offload, info, net->offload_len);
	return HVSIM_NDIS_SUCCESS;
}

/* UTF-16LE @s (@len bytes) equals ASCII @ascii, ignoring case? */
static bool hvsim_utf16_eq(const u8 *s, u32 len, const char *ascii)
{
	u32 i, n = strlen(ascii);

	if (len != 2 * n)
		return false;
	for (i = 0; i < n; i++)
		if (s[2 * i + 1] || tolower(s[2 * i]) != tolower(ascii[i]))
			return false;
	return true;
}

/* 12 hex digits in UTF-16LE (a NUL after them allowed) into @mac */
static int hvsim_utf16_mac(const u8 *s, u32 len, u8 *mac)
{
	int hi, lo;
	u32 i;

	if (len != 24 && !(len == 26 && !s[24] && !s[25]))
		return -EINVAL;
	for (i = 0; i < ETH_ALEN; i++) {
		if (s[4 * i + 1] || s[4 * i + 3])
			return -EINVAL;
		hi = hvsim_net_hex(s[4 * i]);
		lo = hvsim_net_hex(s[4 * i + 2]);
		if (hi < 0 || lo < 0)
			return -EINVAL;
		mac[i] = hi << 4 | lo;
	}
	return 0;
}

static u32 hvsim_rndis_set_param(struct hvsim_net *net, const u8 *info, u32 len)
{
	struct hvsim_rndis_config_param p;
	u8 mac[ETH_ALEN];

	if (len < sizeof(p))
		return HVSIM_NDIS_INVALID_LENGTH;
	memcpy(&p, info, sizeof(p));
	if (p.name_len > 255 || p.value_len > 255 || p.name_offset > len ||
	    len - p.name_offset < p.name_len || p.value_offset > len ||
	    len - p.value_offset < p.value_len)
		return HVSIM_NDIS_INVALID_DATA;
	if (!hvsim_utf16_eq(info + p.name_offset, p.name_len, "NetworkAddress")) {
		hvsim_net_count(net, UNSUPPORTED);
		return HVSIM_NDIS_SUCCESS;
	}
	if (p.type != HVSIM_RNDIS_PARAM_STRING ||
	    hvsim_utf16_mac(info + p.value_offset, p.value_len, mac) || !is_valid_ether_addr(mac))
		return HVSIM_NDIS_FAILURE;
	spin_lock(&net->lock);
	ether_addr_copy(net->mac, mac);
	spin_unlock(&net->lock);
	pr_info("net: %pUl: MAC set to %pM by the guest\n", &net->dev->instance, mac);
	return HVSIM_NDIS_SUCCESS;
}

static u32 hvsim_rndis_set_oid(struct hvsim_net *net, u32 oid, const u8 *info, u32 len)
{
	switch (oid) {
	case HVSIM_OID_GEN_CURRENT_PACKET_FILTER:
		return hvsim_rndis_set_filter(net, info, len);
	case HVSIM_OID_802_3_MULTICAST_LIST:
		return hvsim_rndis_set_mcast(net, info, len);
	case HVSIM_OID_GEN_RECEIVE_SCALE_PARAMETERS:
		return hvsim_rndis_set_rss(net, info, len);
	case HVSIM_OID_TCP_OFFLOAD_PARAMETERS:
		return hvsim_rndis_set_offload(net, info, len);
	case HVSIM_OID_GEN_RNDIS_CONFIG_PARAMETER:
		return hvsim_rndis_set_param(net, info, len);
	case HVSIM_OID_GEN_NETWORK_LAYER_ADDRESSES:	/* taken and ignored, as openvmm */
		return HVSIM_NDIS_SUCCESS;
	default:
		hvsim_net_count(net, UNSUPPORTED);
		return HVSIM_NDIS_NOT_SUPPORTED;
	}
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
	} else {
		status = hvsim_rndis_set_oid(net, req.oid, body + req.info_offset, req.info_len);
	}
	m = hvsim_rndis_new(HVSIM_RNDIS_SET_MSG | HVSIM_RNDIS_CMPLT, sizeof(*c), GFP_KERNEL);
	if (m) {
		c = hvsim_rndis_body(m);
		c->req_id = req.req_id;
		c->status = status;
	}
	hvsim_rndis_send(net, m);
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
