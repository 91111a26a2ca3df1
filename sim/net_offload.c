// SPDX-License-Identifier: GPL-2.0
/*
 * Task offloads as Hyper-V's synthetic NIC offers them, emulated by the
 * host in the switch path (facts from openvmm's netvsp: lib.rs
 * OffloadConfig, oid_set_offload_parameters(), the transmit per-packet
 * info; rndisprot.rs for the layouts and LSO limits).
 *
 * Capabilities (OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES, NDIS_OFFLOAD
 * revision 3, 802.3 encapsulation): transmit and receive checksums of the
 * IPv4 header, TCP and UDP over IPv4 (with IP and TCP options) and over
 * IPv6 (with extension headers and TCP options); LSOv2 for IPv4 and IPv6
 * up to 62780 bytes (0xF53C) and at least 2 segments, vmswitch's figures.
 * Receive segment coalescing for IPv4 and IPv6 when the NIC was made with
 * rsc=1. No LSOv1, IPsec or encapsulated offloads. A NIC
 * starts with all of them on, as openvmm's does, but RSC, which waits for
 * the guest to ask (one that knows nothing of it could not take a
 * coalesced packet);
 * OID_TCP_OFFLOAD_PARAMETERS turns each on or off (NO_CHANGE keeps it;
 * enabling LSOv1 is refused with NOT_SUPPORTED, as openvmm) and the new
 * configuration is indicated (STATUS_TASK_OFFLOAD_CURRENT_CONFIG) after
 * the SET's completion, as openvmm does; OID_TCP_OFFLOAD_CURRENT_CONFIG
 * answers it.
 *
 * Transmit. A frame's TCPIP_CHKSUM per-packet info (is_ipv4, is_ipv6,
 * tcp, udp, ip_header, tcp_header_offset:10 at bit 16) makes the host
 * compute the IPv4 header and the TCP or UDP checksum (TCP when both are
 * asked, as openvmm) over the real pseudo-header and payload, whatever the
 * guest left in the fields. A TCP_LARGESEND one (mss:20,
 * tcp_header_offset:10, type:1 = LSOv2, ip_version:1) makes it cut the TCP
 * packet into MSS-sized segments with correct headers and checksums
 * (net_pkt.c), each switched on its own; a segment longer than a
 * destination's frame size is dropped there (dropped_mtu). Like openvmm,
 * the host does this whether or not the guest enabled the offload: the
 * per-packet info is the request. Unlike openvmm, which stops the channel
 * on a bad header offset, a request the frame contradicts (IP version,
 * protocol, header offset, a fragment, lengths, MSS 0, an LSOv1 request)
 * is counted (bad_tx_offload) and the guest's send fails. The guest's send
 * completion carries only a status: NVSP has no room for the LSO
 * per-packet info an NDIS miniport returns, and openvmm sends none.
 *
 * Receive. A NIC with receive checksum offload on gets a TCPIP_CHKSUM
 * per-packet info with every frame: IP, TCP and UDP checks for what it
 * enabled, succeeded or failed (0 where nothing applied).
 *
 * RSC. A large send to a NIC that enabled RSC for its IP version is not
 * cut: the receiver gets the segments coalesced, as one packet of up to
 * 64 KiB (hvsim_pkt_rsc_build(), net_switch.c), which net_rx.c writes
 * across several sub-allocations. Its checksum fields are left as the
 * sender's LSO request had them; the receive TCPIP_CHKSUM info, given
 * whatever the receiver enabled, says verified but value invalid, as
 * Hyper-V's RSC does. Only the segments of one large send are coalesced,
 * not separate small sends: the effect is the same for a TSO sender, which
 * is what the benchmark measures.
 *
 * Context: the OIDs in the primary channel's I/O work; transmit in the
 * sending channel's work; receive in the receiving channel's work. The
 * enabled sets are written under net->lock and read with READ_ONCE.
 */
#include <linux/sched.h>

#include "net_host.h"

/**
 * hvsim_net_offload_reset_locked() - the offloads a NIC starts with: all it
 * supports, as openvmm
 * @net:	the NIC
 *
 * Context: net->lock held.
 */
void hvsim_net_offload_reset_locked(struct hvsim_net *net)
{
	lockdep_assert_held(&net->lock);
	WRITE_ONCE(net->ofl_tx, HVSIM_PKT_CSUM_ALL);
	WRITE_ONCE(net->ofl_rx, HVSIM_PKT_CSUM_ALL);
	WRITE_ONCE(net->ofl_lso, HVSIM_NET_LSO4 | HVSIM_NET_LSO6);
	/* RSC only for a guest that asked: one that knows nothing of it could not take it */
	WRITE_ONCE(net->ofl_rsc, 0);
}

/* NDIS's checksum flags for the offloads in @m, of IPv4 or IPv6 */
static u32 hvsim_net_csum_flags(u32 m, bool v4)
{
	u32 f = 0;

	if (v4 && (m & HVSIM_PKT_IP4))
		f |= HVSIM_NDIS_CSUM_IP_OPTIONS | HVSIM_NDIS_CSUM_IP;
	if (m & (v4 ? HVSIM_PKT_TCP4 : HVSIM_PKT_TCP6))
		f |= HVSIM_NDIS_CSUM_IP_OPTIONS | HVSIM_NDIS_CSUM_TCP_OPTIONS | HVSIM_NDIS_CSUM_TCP;
	if (m & (v4 ? HVSIM_PKT_UDP4 : HVSIM_PKT_UDP6))
		f |= HVSIM_NDIS_CSUM_IP_OPTIONS | HVSIM_NDIS_CSUM_UDP;
	return f;
}

/**
 * hvsim_net_offload_ndis() - an NDIS_OFFLOAD (revision 3) describing offloads
 * @tx:		transmit checksums, HVSIM_PKT_IP4...
 * @rx:		receive checksums
 * @lso:	LSOv2, HVSIM_NET_LSO4/6
 * @rsc:	RSC, HVSIM_NET_RSC4/6
 * @o:		the object
 *
 * Context: any.
 */
void hvsim_net_offload_ndis(u32 tx, u32 rx, u32 lso, u32 rsc, struct hvsim_ndis_offload *o)
{
	memset(o, 0, sizeof(*o));
	o->hdr.type = HVSIM_NDIS_OBJ_OFFLOAD;
	o->hdr.revision = 3;
	o->hdr.size = HVSIM_NDIS_OFFLOAD_SIZE_REV3;
	o->v4_tx_encap = HVSIM_NDIS_ENCAP_802_3;
	o->v4_rx_encap = HVSIM_NDIS_ENCAP_802_3;
	o->v6_tx_encap = HVSIM_NDIS_ENCAP_802_3;
	o->v6_rx_encap = HVSIM_NDIS_ENCAP_802_3;
	o->v4_tx = hvsim_net_csum_flags(tx, true);
	o->v4_rx = hvsim_net_csum_flags(rx, true);
	o->v6_tx = hvsim_net_csum_flags(tx, false);
	o->v6_rx = hvsim_net_csum_flags(rx, false);
	if (lso & HVSIM_NET_LSO4) {
		o->lso4_encap = HVSIM_NDIS_ENCAP_802_3;
		o->lso4_max_size = HVSIM_NDIS_LSO_MAX_SIZE;
		o->lso4_min_segs = HVSIM_NDIS_LSO_MIN_SEGS;
	}
	if (lso & HVSIM_NET_LSO6) {
		o->lso6_encap = HVSIM_NDIS_ENCAP_802_3;
		o->lso6_max_size = HVSIM_NDIS_LSO_MAX_SIZE;
		o->lso6_min_segs = HVSIM_NDIS_LSO_MIN_SEGS;
		o->lso6_flags = HVSIM_NDIS_CSUM_IP_OPTIONS | HVSIM_NDIS_CSUM_TCP_OPTIONS;
	}
	o->rsc_ip4 = !!(rsc & HVSIM_NET_RSC4);
	o->rsc_ip6 = !!(rsc & HVSIM_NET_RSC6);
}

/* One checksum setting of OID_TCP_OFFLOAD_PARAMETERS onto @tx and @rx; false: not a setting. */
static bool hvsim_net_csum_param(u8 v, u32 bit, u32 *tx, u32 *rx)
{
	switch (v) {
	case HVSIM_NDIS_OFFLOAD_CSUM_NO_CHANGE:
		return true;
	case HVSIM_NDIS_OFFLOAD_CSUM_OFF:
	case HVSIM_NDIS_OFFLOAD_CSUM_TX:
	case HVSIM_NDIS_OFFLOAD_CSUM_RX:
	case HVSIM_NDIS_OFFLOAD_CSUM_TX_RX:
		*tx &= ~bit;
		*rx &= ~bit;
		if (v == HVSIM_NDIS_OFFLOAD_CSUM_TX || v == HVSIM_NDIS_OFFLOAD_CSUM_TX_RX)
			*tx |= bit;
		if (v == HVSIM_NDIS_OFFLOAD_CSUM_RX || v == HVSIM_NDIS_OFFLOAD_CSUM_TX_RX)
			*rx |= bit;
		return true;
	}
	return false;
}

static bool hvsim_net_lso_param(u8 v, u32 bit, u32 *lso)
{
	if (v == HVSIM_NDIS_OFFLOAD_LSO_OFF)
		*lso &= ~bit;
	else if (v == HVSIM_NDIS_OFFLOAD_LSO_ON)
		*lso |= bit;
	return v <= HVSIM_NDIS_OFFLOAD_LSO_ON;
}

/* An RSC setting; turning it on where the NIC has none is refused. */
static bool hvsim_net_rsc_param(const struct hvsim_net *net, u8 v, u32 bit, u32 *rsc)
{
	if (v == HVSIM_NDIS_OFFLOAD_RSC_OFF)
		*rsc &= ~bit;
	else if (v == HVSIM_NDIS_OFFLOAD_RSC_ON && net->rsc)
		*rsc |= bit;
	else if (v == HVSIM_NDIS_OFFLOAD_RSC_ON)
		return false;
	return v <= HVSIM_NDIS_OFFLOAD_RSC_ON;
}

/**
 * hvsim_net_offload_set() - OID_TCP_OFFLOAD_PARAMETERS
 * @net:	the NIC
 * @info:	the NDIS_OFFLOAD_PARAMETERS (revision 1 or later)
 * @len:	its bytes
 *
 * A value outside a field's range refuses the whole SET (INVALID_DATA,
 * counted as bad_rndis) and changes nothing. The RSC settings are read
 * from revision 3 objects (size 28; the guest's at NVSP 5 and later).
 *
 * Context: the primary channel's I/O work.
 * Return: an NDIS status.
 */
u32 hvsim_net_offload_set(struct hvsim_net *net, const u8 *info, u32 len)
{
	struct hvsim_ndis_offload_params p = {};
	u32 tx, rx, lso, rsc;
	bool ok;

	if (len < HVSIM_NDIS_OFFLOAD_PARAMS_SIZE_REV1)
		return HVSIM_NDIS_INVALID_LENGTH;
	memcpy(&p, info, min_t(u32, len, sizeof(p)));
	if (p.hdr.type != HVSIM_NDIS_OBJ_DEFAULT || !p.hdr.revision ||
	    p.hdr.size < HVSIM_NDIS_OFFLOAD_PARAMS_SIZE_REV1 || p.hdr.size > len)
		return HVSIM_NDIS_INVALID_DATA;
	if (p.lsov1 == HVSIM_NDIS_OFFLOAD_LSO_ON)
		return HVSIM_NDIS_NOT_SUPPORTED;
	tx = READ_ONCE(net->ofl_tx);
	rx = READ_ONCE(net->ofl_rx);
	lso = READ_ONCE(net->ofl_lso);
	rsc = READ_ONCE(net->ofl_rsc);
	ok = hvsim_net_csum_param(p.ip4_csum, HVSIM_PKT_IP4, &tx, &rx) &&
	     hvsim_net_csum_param(p.tcp4_csum, HVSIM_PKT_TCP4, &tx, &rx) &&
	     hvsim_net_csum_param(p.udp4_csum, HVSIM_PKT_UDP4, &tx, &rx) &&
	     hvsim_net_csum_param(p.tcp6_csum, HVSIM_PKT_TCP6, &tx, &rx) &&
	     hvsim_net_csum_param(p.udp6_csum, HVSIM_PKT_UDP6, &tx, &rx) &&
	     hvsim_net_lso_param(p.lsov2_ip4, HVSIM_NET_LSO4, &lso) &&
	     hvsim_net_lso_param(p.lsov2_ip6, HVSIM_NET_LSO6, &lso);
	if (ok && p.hdr.revision >= 3 && p.hdr.size >= HVSIM_NDIS_OFFLOAD_PARAMS_SIZE)
		ok = hvsim_net_rsc_param(net, p.rsc_ip4, HVSIM_NET_RSC4, &rsc) &&
		     hvsim_net_rsc_param(net, p.rsc_ip6, HVSIM_NET_RSC6, &rsc);
	if (!ok) {
		hvsim_net_count(net, BAD_RNDIS);
		return HVSIM_NDIS_INVALID_DATA;
	}
	spin_lock(&net->lock);
	WRITE_ONCE(net->ofl_tx, tx);
	WRITE_ONCE(net->ofl_rx, rx);
	WRITE_ONCE(net->ofl_lso, lso);
	WRITE_ONCE(net->ofl_rsc, rsc);
	spin_unlock(&net->lock);
	net->ofl_indicate = true;
	return HVSIM_NDIS_SUCCESS;
}

/**
 * hvsim_net_offload_tx_prep() - check a frame's offload request and do the
 * checksums now
 * @net:	the sending NIC
 * @t:		the frame and its per-packet info (@t->data is the host's copy:
 *		checksums are written into it)
 *
 * An LSO request is only checked here; hvsim_net_offload_lso_send() cuts
 * the frame once every frame of the guest's message passed.
 *
 * Context: the sending channel's I/O work.
 * Return: 0; -EINVAL for a request the frame contradicts (counted).
 */
int hvsim_net_offload_tx_prep(struct hvsim_net *net, struct hvsim_net_txpkt *t)
{
	u32 v = t->csum, what = 0;
	struct hvsim_lso l;
	bool v4;

	if (t->has_lso) {
		/* only LSOv2 is offered; LSOv1's layout has no IP version */
		if (!(t->lso & HVSIM_LSO_TYPE_V2) ||
		    hvsim_pkt_lso_prep(t->data, t->dlen, t->lso & HVSIM_LSO_IPV6 ? 6 : 4,
				       HVSIM_LSO_L4_OFF(t->lso), HVSIM_LSO_MSS(t->lso), &l))
			goto bad;
		return 0;
	}
	if (!t->has_csum || !(v & (HVSIM_CSUM_TX_TCP | HVSIM_CSUM_TX_UDP | HVSIM_CSUM_TX_IP)))
		return 0;
	/* exactly one IP version; the IP header checksum is IPv4's */
	if (!(v & HVSIM_CSUM_TX_IPV4) == !(v & HVSIM_CSUM_TX_IPV6))
		goto bad;
	v4 = v & HVSIM_CSUM_TX_IPV4;
	if (v & HVSIM_CSUM_TX_IP) {
		if (!v4)
			goto bad;
		what |= HVSIM_PKT_IP4;
	}
	if (v & HVSIM_CSUM_TX_TCP)
		what |= v4 ? HVSIM_PKT_TCP4 : HVSIM_PKT_TCP6;
	else if (v & HVSIM_CSUM_TX_UDP)
		what |= v4 ? HVSIM_PKT_UDP4 : HVSIM_PKT_UDP6;
	if (hvsim_pkt_csum_tx(t->data, t->dlen, what, HVSIM_CSUM_TX_L4_OFF(v)))
		goto bad;
	return 0;

bad:
	hvsim_net_count(net, BAD_TX_OFFLOAD);
	pr_warn_ratelimited("net: %pUl: offload request %#x/%#x the frame of %u bytes contradicts\n",
			    &net->dev->instance, t->has_lso ? t->lso : 0, t->has_csum ? v : 0,
			    t->dlen);
	return -EINVAL;
}

/*
 * A large send as one coalesced packet, if its receiver takes it so; false:
 * cut it (t->data still as it was, but for its IP length field, which the
 * segments set anew). @mf: the guest's message holding the frame, which
 * becomes the packet in place; NULL: the packet is a copy.
 */
static bool hvsim_net_rsc_send(struct hvsim_net *net, const struct hvsim_net_txpkt *t,
			       const struct hvsim_lso *l, struct hvsim_net_frame *mf)
{
	struct hvsim_net_frame *f = mf;
	u32 csum;

	if (!hvsim_netsw_can_coalesce(net, t->data, l->ipv))
		return false;
	if (f) {
		/* the caller keeps its reference: the frame outlives a refusal */
		refcount_inc(&f->ref);
		f->data = t->data;
		f->len = t->dlen;
	} else {
		f = hvsim_net_frame_alloc(t->dlen);
		if (!f)
			return false;
		memcpy(f->data, t->data, t->dlen);
	}
	csum = hvsim_pkt_rsc_build(f->data, f->len, l);
	if (!csum) {
		hvsim_net_frame_put(f);
		return false;
	}
	f->rsc_ipv = l->ipv;
	f->rsc_segs = min_t(u32, l->segs, U16_MAX);
	f->rsc_csum = csum;
	hvsim_net_frame_tag(net, f, t);
	return hvsim_netsw_tx_coalesced(net, f);
}

/**
 * hvsim_net_offload_lso_send() - cut a large send into segments and switch
 * each
 * @net:	the sending NIC
 * @t:		the frame, checked by hvsim_net_offload_tx_prep()
 * @mf:		the guest's message when the frame is all of it (a coalesced
 *		packet is made of it in place), or NULL; the caller's
 *		reference stays the caller's
 *
 * Context: the sending channel's I/O work (sleeps).
 */
void hvsim_net_offload_lso_send(struct hvsim_net *net, const struct hvsim_net_txpkt *t,
				struct hvsim_net_frame *mf)
{
	struct hvsim_net_frame *f;
	struct hvsim_lso l;
	u32 i, n;

	/* checked before, on the same bytes: this cannot fail */
	if (hvsim_pkt_lso_prep(t->data, t->dlen, t->lso & HVSIM_LSO_IPV6 ? 6 : 4,
			       HVSIM_LSO_L4_OFF(t->lso), HVSIM_LSO_MSS(t->lso), &l))
		return;
	if (l.segs > 1 && hvsim_net_rsc_send(net, t, &l, mf))
		return;
	hvsim_net_count(net, TX_LSO);
	for (i = 0; i < l.segs; i++) {
		n = min(l.mss, l.payload - i * l.mss);
		f = hvsim_net_frame_alloc(l.hdr_len + n);
		if (!f) {
			hvsim_net_count(net, DROPPED_NO_BUFFER);
			continue;
		}
		f->len = hvsim_pkt_lso_seg(t->data, &l, i, f->data);
		hvsim_net_frame_tag(net, f, t);
		hvsim_net_count(net, TX_LSO_SEGS);
		hvsim_netsw_tx(net, f);
		/* a small MSS makes thousands: let others run */
		if (!((i + 1) % 64))
			cond_resched();
	}
}

/**
 * hvsim_net_offload_rx_csum() - the receive TCPIP_CHKSUM per-packet info a
 * frame gets, if the receiving NIC asked for it
 * @net:	the receiving NIC
 * @f:		the frame
 * @value:	the info's receive bits
 *
 * Context: the receiving channel's I/O work.
 * Return: true if the frame carries the info.
 */
bool hvsim_net_offload_rx_csum(struct hvsim_net *net, const struct hvsim_net_frame *f,
			       u32 *value)
{
	u32 enabled = READ_ONCE(net->ofl_rx);

	/* coalesced: verified as segments, whatever the receiver enabled */
	if (f->rsc_ipv) {
		*value = f->rsc_csum;
		return true;
	}
	if (!enabled)
		return false;
	*value = hvsim_pkt_csum_rx(f->data, f->len, enabled);
	if (*value & HVSIM_PKT_RX_FAILED)
		hvsim_net_count(net, RX_CSUM_BAD);
	else if (*value)
		hvsim_net_count(net, RX_CSUM_OK);
	return true;
}
