// SPDX-License-Identifier: GPL-2.0
/*
 * The OIDs the NIC answers in RNDIS QUERY and SET ([MS-RNDIS], NDIS); what
 * Hyper-V's host answers from openvmm (netvsp lib.rs: handle_oid_query(),
 * handle_oid_set()).
 *
 * QUERY: the OIDs of OID_GEN_SUPPORTED_LIST; the frame size and lookahead
 * follow NDIS_CONFIG; RSS capabilities as openvmm (TCP over IPv4 and IPv6,
 * Toeplitz, one queue per channel, 128 table entries); the offload
 * capabilities and current configuration from net_offload.c.
 *
 * SET: the packet filter (0 also drops what waits for the guest), the
 * multicast list (at most 32 multicast addresses), RSS parameters
 * (net_rss.c), offload parameters (net_offload.c), network-layer addresses
 * (taken and ignored, as openvmm), OID_GEN_RNDIS_CONFIG_PARAMETER:
 * "NetworkAddress" (12 hex digits in UTF-16LE) changes the MAC when it is a
 * valid unicast address (openvmm ignores it); other keywords are accepted
 * and ignored, as openvmm does.
 *
 * Context: the primary channel's I/O work (net_rndis.c calls these once
 * RNDIS is operational).
 */
#include <linux/ctype.h>
#include <linux/etherdevice.h>
#include <linux/string.h>

#include "net_host.h"

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

static void hvsim_put_u32(u8 *out, u32 *len, u32 v)
{
	memcpy(out, &v, sizeof(v));
	*len = sizeof(v);
}

/* The OIDs whose answer is state under net->lock. Context: net->lock held. */
static bool hvsim_oid_query_locked(struct hvsim_net *net, u32 oid, u8 *out, u32 *len)
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

/**
 * hvsim_net_oid_query() - the answer to a QUERY of one OID
 * @net:	the NIC
 * @oid:	the OID
 * @out:	its information buffer, HVSIM_NET_OID_MAX bytes
 * @len:	the bytes written there
 *
 * Context: the primary channel's I/O work, RNDIS operational.
 * Return: an NDIS status (unknown OIDs: NOT_SUPPORTED, counted).
 */
u32 hvsim_net_oid_query(struct hvsim_net *net, u32 oid, u8 *out, u32 *len)
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
	struct hvsim_ndis_offload ofl;
	bool done;

	spin_lock(&net->lock);
	done = hvsim_oid_query_locked(net, oid, out, len);
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
		hvsim_put_u32(out, len, net->mc_max);
		break;
	case HVSIM_OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES:
		hvsim_net_offload_ndis(HVSIM_PKT_CSUM_ALL, HVSIM_PKT_CSUM_ALL,
				       HVSIM_NET_LSO4 | HVSIM_NET_LSO6,
				       net->rsc ? HVSIM_NET_RSC4 | HVSIM_NET_RSC6 : 0, &ofl);
		memcpy(out, &ofl, sizeof(ofl));
		*len = sizeof(ofl);
		break;
	case HVSIM_OID_TCP_OFFLOAD_CURRENT_CONFIG:
		hvsim_net_offload_ndis(READ_ONCE(net->ofl_tx), READ_ONCE(net->ofl_rx),
				       READ_ONCE(net->ofl_lso), READ_ONCE(net->ofl_rsc), &ofl);
		memcpy(out, &ofl, sizeof(ofl));
		*len = sizeof(ofl);
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

static u32 hvsim_oid_set_filter(struct hvsim_net *net, const u8 *info, u32 len)
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

static u32 hvsim_oid_set_mcast(struct hvsim_net *net, const u8 *info, u32 len)
{
	u32 i, n = len / ETH_ALEN;

	if (len % ETH_ALEN)
		return HVSIM_NDIS_INVALID_LENGTH;
	if (n > net->mc_max)
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

static u32 hvsim_oid_set_param(struct hvsim_net *net, const u8 *info, u32 len)
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

/**
 * hvsim_net_oid_set() - a SET of one OID
 * @net:	the NIC
 * @oid:	the OID
 * @info:	its information buffer, inside the guest's message
 * @len:	its bytes
 *
 * Context: the primary channel's I/O work, RNDIS operational.
 * Return: an NDIS status (unknown OIDs: NOT_SUPPORTED, counted).
 */
u32 hvsim_net_oid_set(struct hvsim_net *net, u32 oid, const u8 *info, u32 len)
{
	switch (oid) {
	case HVSIM_OID_GEN_CURRENT_PACKET_FILTER:
		return hvsim_oid_set_filter(net, info, len);
	case HVSIM_OID_802_3_MULTICAST_LIST:
		return hvsim_oid_set_mcast(net, info, len);
	case HVSIM_OID_GEN_RECEIVE_SCALE_PARAMETERS:
		return hvsim_net_rss_set(net, info, len);
	case HVSIM_OID_TCP_OFFLOAD_PARAMETERS:
		return hvsim_net_offload_set(net, info, len);
	case HVSIM_OID_GEN_RNDIS_CONFIG_PARAMETER:
		return hvsim_oid_set_param(net, info, len);
	case HVSIM_OID_GEN_NETWORK_LAYER_ADDRESSES:	/* taken and ignored, as openvmm */
		return HVSIM_NDIS_SUCCESS;
	default:
		hvsim_net_count(net, UNSUPPORTED);
		return HVSIM_NDIS_NOT_SUPPORTED;
	}
}
