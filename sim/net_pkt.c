// SPDX-License-Identifier: GPL-2.0
/*
 * The simulated NIC's packet engine: header parsing, Internet checksums
 * (RFC 1071; pseudo-headers of RFC 793/768 and RFC 8200), the Toeplitz hash
 * of Microsoft's RSS specification, and TCP segmentation as NDIS LSOv2
 * defines it. Portable on purpose (see net_pkt.h): tests/unit runs it
 * against Microsoft's RSS verification vectors and crafted frames.
 *
 * Every function takes a frame and its length and reads nothing outside
 * it: lengths from headers are checked against the frame before use, so a
 * guest's frame cannot make the host read past its copy.
 */
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/types.h>

#include "net_pkt.h"

#define HVSIM_PKT_IP4_HLEN	20u
#define HVSIM_PKT_IP6_HLEN	40u
#define HVSIM_PKT_TCP_HLEN	20u
#define HVSIM_PKT_UDP_HLEN	8u
#define HVSIM_PKT_IP6_EXT_MAX	8	/* extension headers walked before giving up */

static u32 hvsim_be16(const u8 *p)
{
	return (u32)p[0] << 8 | p[1];
}

static u32 hvsim_be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static void hvsim_put_be16(u8 *p, u32 v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void hvsim_put_be32(u8 *p, u32 v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static int hvsim_pkt_parse4(const u8 *f, u32 len, unsigned int flags, struct hvsim_pkt *p)
{
	const u8 *ip = f + HVSIM_PKT_ETH_HLEN;
	u32 hl, tot;

	if (len < HVSIM_PKT_ETH_HLEN + HVSIM_PKT_IP4_HLEN || ip[0] >> 4 != 4)
		return -EINVAL;
	hl = (ip[0] & 0xf) * 4;
	if (hl < HVSIM_PKT_IP4_HLEN || HVSIM_PKT_ETH_HLEN + hl > len)
		return -EINVAL;
	p->end = len;
	if (!(flags & HVSIM_PKT_WHOLE_FRAME)) {
		/* the frame may carry padding after the packet, never less */
		tot = hvsim_be16(ip + 2);
		if (tot < hl || HVSIM_PKT_ETH_HLEN + tot > len)
			return -EINVAL;
		p->end = HVSIM_PKT_ETH_HLEN + tot;
	}
	p->ipv = 4;
	p->frag = hvsim_be16(ip + 6) & 0x3fff;	/* MF, or a fragment offset */
	p->l4 = !p->frag;
	p->proto = ip[9];
	p->l4_off = HVSIM_PKT_ETH_HLEN + hl;
	return 0;
}

/* IPv6 and the extension headers before the transport header (RFC 8200) */
static int hvsim_pkt_parse6(const u8 *f, u32 len, unsigned int flags, struct hvsim_pkt *p)
{
	const u8 *ip = f + HVSIM_PKT_ETH_HLEN;
	u32 off = HVSIM_PKT_ETH_HLEN + HVSIM_PKT_IP6_HLEN, i;
	u8 nh;

	if (len < off || ip[0] >> 4 != 6)
		return -EINVAL;
	p->end = len;
	if (!(flags & HVSIM_PKT_WHOLE_FRAME)) {
		if (off + hvsim_be16(ip + 4) > len)
			return -EINVAL;
		p->end = off + hvsim_be16(ip + 4);
	}
	p->ipv = 6;
	p->frag = false;
	nh = ip[6];
	for (i = 0; ; i++) {
		if (nh != 0 && nh != 43 && nh != 44 && nh != 60)
			break;		/* not hop-by-hop, routing, fragment, destination options */
		if (i == HVSIM_PKT_IP6_EXT_MAX || off + 8 > p->end)
			return -EINVAL;
		if (nh == 44) {
			p->frag = true;
			nh = f[off];
			off += 8;
			break;
		}
		nh = f[off];
		off += (f[off + 1] + 1) * 8;
		if (off > p->end)
			return -EINVAL;
	}
	p->l4 = !p->frag;
	p->proto = nh;
	p->l4_off = off;
	return 0;
}

/**
 * hvsim_pkt_parse() - find the IP and transport headers of a frame
 * @f:		the frame, Ethernet header first
 * @len:	its length
 * @flags:	HVSIM_PKT_WHOLE_FRAME: the IP length fields are not read (an
 *		LSO send, whose guest leaves them 0), the packet ends with the
 *		frame; else they must fit in the frame and bound the packet
 * @p:		what was found
 *
 * Return: 0; -ENOENT for a frame that is not IPv4 or IPv6 by its
 * EtherType (ARP, a VLAN tag, ...); -EINVAL for an IP packet whose headers
 * do not fit in the frame or contradict themselves.
 */
int hvsim_pkt_parse(const u8 *f, u32 len, unsigned int flags, struct hvsim_pkt *p)
{
	u32 type;

	if (len < HVSIM_PKT_ETH_HLEN)
		return -EINVAL;
	memset(p, 0, sizeof(*p));
	p->l3_off = HVSIM_PKT_ETH_HLEN;
	type = hvsim_be16(f + 12);
	if (type == 0x0800)
		return hvsim_pkt_parse4(f, len, flags, p);
	if (type == 0x86dd)
		return hvsim_pkt_parse6(f, len, flags, p);
	return -ENOENT;
}

/**
 * hvsim_csum_add() - add bytes to a ones'-complement sum (RFC 1071)
 * @sum:	the sum so far (0, or what this returned)
 * @p:		the bytes; a chained call must start at an even offset of the
 *		summed stream (only the last piece may have an odd length)
 * @len:	their number
 *
 * Return: the new sum, folded to 16 bits.
 */
u32 hvsim_csum_add(u32 sum, const u8 *p, u32 len)
{
	u64 s = sum;
	u32 i;

	for (i = 0; i + 1 < len; i += 2)
		s += (u32)p[i] << 8 | p[i + 1];
	if (len & 1)
		s += (u32)p[len - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (u32)s;
}

/**
 * hvsim_csum_fold() - the checksum field for a sum
 * @sum:	a sum from hvsim_csum_add()
 *
 * Return: its ones' complement: the value to store, or 0 when @sum is
 * over data that includes a correct checksum field.
 */
u16 hvsim_csum_fold(u32 sum)
{
	return (u16)~hvsim_csum_add(sum, NULL, 0);
}

/* The pseudo-header of a transport segment of @l4_len bytes. */
static u32 hvsim_pkt_pseudo(const u8 *f, const struct hvsim_pkt *p, u32 l4_len)
{
	u8 tail[8] = { 0 };
	u32 sum;

	if (p->ipv == 4) {
		sum = hvsim_csum_add(0, f + p->l3_off + 12, 8);
		tail[1] = p->proto;
		hvsim_put_be16(tail + 2, l4_len);
		return hvsim_csum_add(sum, tail, 4);
	}
	sum = hvsim_csum_add(0, f + p->l3_off + 8, 32);
	hvsim_put_be32(tail, l4_len);
	tail[7] = p->proto;
	return hvsim_csum_add(sum, tail, 8);
}

/* The transport segment's length: the UDP length field, or the rest of the packet. */
static u32 hvsim_pkt_l4_len(const u8 *f, const struct hvsim_pkt *p)
{
	u32 len = p->end - p->l4_off, ulen;

	if (p->proto == HVSIM_PKT_TCP)
		return len >= HVSIM_PKT_TCP_HLEN &&
		       (f[p->l4_off + 12] >> 4) * 4 >= HVSIM_PKT_TCP_HLEN &&
		       (f[p->l4_off + 12] >> 4) * 4 <= len ? len : 0;
	if (len < HVSIM_PKT_UDP_HLEN)
		return 0;
	ulen = hvsim_be16(f + p->l4_off + 4);
	return ulen >= HVSIM_PKT_UDP_HLEN && ulen <= len ? ulen : 0;
}

/**
 * hvsim_toeplitz() - the Toeplitz hash of Microsoft's RSS specification
 * @key:	the secret key
 * @key_len:	its bytes (40 for RSS); bits beyond it count as 0
 * @in:		the input (addresses and ports in network order)
 * @n:		its bytes
 *
 * For every input bit, most significant first, that is set, the 32 key
 * bits starting at that bit's position are XORed into the result.
 *
 * Return: the hash.
 */
u32 hvsim_toeplitz(const u8 *key, u32 key_len, const u8 *in, u32 n)
{
	u32 window = 0, result = 0, i, k, b, next = 32;

	for (k = 0; k < 4; k++)
		window = window << 8 | (k < key_len ? key[k] : 0);
	for (i = 0; i < n; i++) {
		for (b = 0; b < 8; b++, next++) {
			if (in[i] & (0x80 >> b))
				result ^= window;
			window <<= 1;
			if (next / 8 < key_len)
				window |= (key[next / 8] >> (7 - next % 8)) & 1;
		}
	}
	return result;
}

/**
 * hvsim_pkt_rss_hash() - the RSS hash of a received frame, by NDIS's rules
 * @key:	the 40-byte secret key
 * @types:	the enabled hash types (HVSIM_PKT_HASH_*; others are ignored)
 * @f:		the frame
 * @len:	its length
 * @hash:	the hash
 * @type:	the one hash type used
 *
 * TCP (or UDP, when its type is enabled) of an unfragmented packet hashes
 * source and destination address and port; otherwise, when the IP type is
 * enabled, the two addresses (fragments always, the first one too). A
 * frame none of the enabled types describes is not hashed: NDIS forbids a
 * hash the NIC cannot compute exactly.
 *
 * Return: 0, or -ENOENT when the frame gets no hash.
 */
int hvsim_pkt_rss_hash(const u8 *key, u32 types, const u8 *f, u32 len, u32 *hash, u32 *type)
{
	bool v4;
	u32 alen, n, ip_t, tcp_t, udp_t, t = 0;
	struct hvsim_pkt p;
	u8 in[36];

	if (hvsim_pkt_parse(f, len, 0, &p))
		return -ENOENT;
	v4 = p.ipv == 4;
	alen = v4 ? 4 : 16;
	ip_t = v4 ? HVSIM_PKT_HASH_IPV4 : HVSIM_PKT_HASH_IPV6;
	tcp_t = v4 ? HVSIM_PKT_HASH_TCP_IPV4 : HVSIM_PKT_HASH_TCP_IPV6;
	udp_t = v4 ? HVSIM_PKT_HASH_UDP_IPV4 : HVSIM_PKT_HASH_UDP_IPV6;
	if (p.l4 && p.proto == HVSIM_PKT_TCP && (types & tcp_t) &&
	    p.l4_off + HVSIM_PKT_TCP_HLEN <= p.end)
		t = tcp_t;
	else if (p.l4 && p.proto == HVSIM_PKT_UDP && (types & udp_t) &&
		 p.l4_off + HVSIM_PKT_UDP_HLEN <= p.end)
		t = udp_t;
	else if (types & ip_t)
		t = ip_t;
	if (!t)
		return -ENOENT;
	/* source and destination address, then source and destination port */
	memcpy(in, f + p.l3_off + (v4 ? 12 : 8), 2 * alen);
	n = 2 * alen;
	if (t != ip_t) {
		memcpy(in + n, f + p.l4_off, 4);
		n += 4;
	}
	*hash = hvsim_toeplitz(key, HVSIM_PKT_RSS_KEY_SIZE, in, n);
	*type = t;
	return 0;
}

static void hvsim_pkt_ip4_csum(u8 *f, const struct hvsim_pkt *p)
{
	u8 *ip = f + p->l3_off;
	u32 hl = p->l4_off - p->l3_off;

	ip[10] = 0;
	ip[11] = 0;
	hvsim_put_be16(ip + 10, hvsim_csum_fold(hvsim_csum_add(0, ip, hl)));
}

/* Fill in the transport checksum of a segment of @l4_len bytes. */
static void hvsim_pkt_l4_csum(u8 *f, const struct hvsim_pkt *p, u32 l4_len)
{
	u8 *field = f + p->l4_off + (p->proto == HVSIM_PKT_TCP ? 16 : 6);
	u32 csum;

	field[0] = 0;
	field[1] = 0;
	csum = hvsim_csum_fold(hvsim_csum_add(hvsim_pkt_pseudo(f, p, l4_len), f + p->l4_off,
					      l4_len));
	/* UDP sends an all-zero result as all ones: 0 means "no checksum" */
	if (!csum && p->proto == HVSIM_PKT_UDP)
		csum = 0xffff;
	hvsim_put_be16(field, csum);
}

/**
 * hvsim_pkt_csum_tx() - compute the checksums a sender left to the NIC
 * @f:		the frame, changed in place
 * @len:	its length
 * @what:	HVSIM_PKT_IP4, and one of HVSIM_PKT_TCP4 or HVSIM_PKT_UDP4; or
 *		one of HVSIM_PKT_TCP6 or HVSIM_PKT_UDP6
 * @l4_off:	where the sender says the transport header is (from the
 *		frame's start), or 0 for "after the IP header"
 *
 * Whatever the checksum fields hold is ignored (a Linux sender leaves the
 * pseudo-header's partial sum there, others 0): the sums are computed over
 * the real pseudo-header and every byte of the header and payload.
 *
 * Return: 0; -EINVAL when the frame is not what @what and @l4_off say (IP
 * version, transport protocol, header position, a fragment, lengths).
 */
int hvsim_pkt_csum_tx(u8 *f, u32 len, u32 what, u32 l4_off)
{
	u32 v4 = HVSIM_PKT_IP4 | HVSIM_PKT_TCP4 | HVSIM_PKT_UDP4;
	u32 tcp = HVSIM_PKT_TCP4 | HVSIM_PKT_TCP6, udp = HVSIM_PKT_UDP4 | HVSIM_PKT_UDP6;
	struct hvsim_pkt p;
	u32 l4_len;

	if (!what || (what & ~HVSIM_PKT_CSUM_ALL) || ((what & tcp) && (what & udp)))
		return -EINVAL;
	if (hvsim_pkt_parse(f, len, 0, &p) || ((what & v4) ? p.ipv != 4 : p.ipv != 6))
		return -EINVAL;
	if (what & (tcp | udp)) {
		if (!p.l4 || p.proto != ((what & tcp) ? HVSIM_PKT_TCP : HVSIM_PKT_UDP) ||
		    (l4_off && l4_off != p.l4_off))
			return -EINVAL;
		l4_len = hvsim_pkt_l4_len(f, &p);
		if (!l4_len)
			return -EINVAL;
		hvsim_pkt_l4_csum(f, &p, l4_len);
	}
	if (what & HVSIM_PKT_IP4)
		hvsim_pkt_ip4_csum(f, &p);
	return 0;
}

/**
 * hvsim_pkt_csum_rx() - verify a received frame's checksums, as a NIC with
 * receive checksum offload does
 * @f:		the frame
 * @len:	its length
 * @enabled:	the checks the receiver enabled (HVSIM_PKT_IP4, ...)
 *
 * A check is reported only where it applies and is enabled: the IPv4
 * header; TCP or UDP of an unfragmented packet (a UDP/IPv4 checksum of 0
 * means "none" and passes). A transport header too short to check fails.
 *
 * Return: the receive bits of the TCPIP_CHKSUM per-packet info
 * (HVSIM_PKT_RX_*), 0 when nothing was checked.
 */
u32 hvsim_pkt_csum_rx(const u8 *f, u32 len, u32 enabled)
{
	struct hvsim_pkt p;
	u32 r = 0, l4_len, want;
	bool ok;

	if (hvsim_pkt_parse(f, len, 0, &p))
		return 0;
	if (p.ipv == 4 && (enabled & HVSIM_PKT_IP4))
		r |= hvsim_csum_fold(hvsim_csum_add(0, f + p.l3_off, p.l4_off - p.l3_off)) ?
		     HVSIM_PKT_RX_IP_FAILED : HVSIM_PKT_RX_IP_OK;
	if (!p.l4 || (p.proto != HVSIM_PKT_TCP && p.proto != HVSIM_PKT_UDP))
		return r;
	if (p.proto == HVSIM_PKT_TCP)
		want = p.ipv == 4 ? HVSIM_PKT_TCP4 : HVSIM_PKT_TCP6;
	else
		want = p.ipv == 4 ? HVSIM_PKT_UDP4 : HVSIM_PKT_UDP6;
	if (!(enabled & want))
		return r;
	l4_len = hvsim_pkt_l4_len(f, &p);
	if (!l4_len)
		ok = false;
	else if (p.proto == HVSIM_PKT_UDP && p.ipv == 4 && !hvsim_be16(f + p.l4_off + 6))
		ok = true;
	else
		ok = !hvsim_csum_fold(hvsim_csum_add(hvsim_pkt_pseudo(f, &p, l4_len),
						     f + p.l4_off, l4_len));
	if (p.proto == HVSIM_PKT_TCP)
		r |= ok ? HVSIM_PKT_RX_TCP_OK : HVSIM_PKT_RX_TCP_FAILED;
	else
		r |= ok ? HVSIM_PKT_RX_UDP_OK : HVSIM_PKT_RX_UDP_FAILED;
	return r;
}

/**
 * hvsim_pkt_lso_prep() - check a large TCP send and plan its segments
 * @f:		the frame: headers once, then up to 64 KiB of payload
 * @len:	its length
 * @ipv:	the IP version the sender named (4 or 6)
 * @l4_off:	where it says the TCP header is, or 0 for "after the IP header"
 * @mss:	the payload bytes per segment it asked for
 * @l:		the plan
 *
 * The IP length fields are not read (NDIS senders leave them 0 or stale):
 * the payload is everything after the TCP header.
 *
 * Return: 0; -EINVAL when the frame is not an unfragmented TCP packet of
 * IP version @ipv with its TCP header at @l4_off, or @mss is 0, or one
 * IPv4 segment would exceed 64 KiB.
 */
int hvsim_pkt_lso_prep(const u8 *f, u32 len, u8 ipv, u32 l4_off, u32 mss, struct hvsim_lso *l)
{
	struct hvsim_pkt p;
	u32 thl, first;

	if (!mss || hvsim_pkt_parse(f, len, HVSIM_PKT_WHOLE_FRAME, &p) || p.ipv != ipv ||
	    !p.l4 || p.proto != HVSIM_PKT_TCP || (l4_off && l4_off != p.l4_off) ||
	    p.l4_off + HVSIM_PKT_TCP_HLEN > len)
		return -EINVAL;
	thl = (f[p.l4_off + 12] >> 4) * 4;
	if (thl < HVSIM_PKT_TCP_HLEN || p.l4_off + thl > len)
		return -EINVAL;
	l->ipv = ipv;
	l->l4_off = p.l4_off;
	l->hdr_len = p.l4_off + thl;
	l->payload = len - l->hdr_len;
	l->mss = mss;
	l->segs = l->payload ? (l->payload - 1) / mss + 1 : 1;
	first = l->payload < mss ? l->payload : mss;
	/* the IP length fields hold 16 bits */
	if (l->hdr_len + first - HVSIM_PKT_ETH_HLEN - (ipv == 6 ? HVSIM_PKT_IP6_HLEN : 0) > 0xffff)
		return -EINVAL;
	return 0;
}

/**
 * hvsim_pkt_lso_seg() - build one segment of a large TCP send
 * @f:		the frame hvsim_pkt_lso_prep() checked
 * @l:		its plan
 * @i:		the segment, 0 .. @l->segs - 1
 * @out:	room for @l->hdr_len + @l->mss bytes
 *
 * As NDIS LSOv2 requires: the headers copied, the IP length fields set for
 * the segment, the IPv4 identification advanced by one per segment and its
 * header checksum computed; the TCP sequence number advanced by the payload
 * before it, FIN and PSH kept only on the last segment and CWR only on the
 * first, the TCP checksum computed over the segment.
 *
 * Return: the segment's length.
 */
u32 hvsim_pkt_lso_seg(const u8 *f, const struct hvsim_lso *l, u32 i, u8 *out)
{
	u32 off = i * l->mss, n = l->payload - off, seg_len;
	struct hvsim_pkt p = {
		.ipv = l->ipv,
		.l4 = true,
		.proto = HVSIM_PKT_TCP,
		.l3_off = HVSIM_PKT_ETH_HLEN,
		.l4_off = l->l4_off,
	};
	u8 *ip = out + HVSIM_PKT_ETH_HLEN, *th = out + l->l4_off;

	if (n > l->mss)
		n = l->mss;
	seg_len = l->hdr_len + n;
	p.end = seg_len;
	memcpy(out, f, l->hdr_len);
	memcpy(out + l->hdr_len, f + l->hdr_len + off, n);
	if (l->ipv == 4) {
		hvsim_put_be16(ip + 2, seg_len - HVSIM_PKT_ETH_HLEN);
		hvsim_put_be16(ip + 4, hvsim_be16(ip + 4) + i);
		hvsim_pkt_ip4_csum(out, &p);
	} else {
		hvsim_put_be16(ip + 4, seg_len - HVSIM_PKT_ETH_HLEN - HVSIM_PKT_IP6_HLEN);
	}
	hvsim_put_be32(th + 4, hvsim_be32(th + 4) + off);
	if (i + 1 < l->segs)
		th[13] &= ~0x09;	/* FIN, PSH */
	if (i)
		th[13] &= ~0x80;	/* CWR */
	hvsim_pkt_l4_csum(out, &p, seg_len - l->l4_off);
	return seg_len;
}

/**
 * hvsim_pkt_rsc_build() - turn a large TCP send into the one packet
 * receive segment coalescing hands a guest for its segments, in place
 * @f:		the frame hvsim_pkt_lso_prep() checked
 * @len:	its length
 * @l:		its plan
 *
 * What coalescing the segments hvsim_pkt_lso_seg() makes gives back: the
 * first segment's headers (IPv4 identification, CWR) with the last one's
 * FIN and PSH (the frame's own), the IP length fields set for the whole
 * payload. Neither checksum field is computed, as Hyper-V's RSC leaves
 * them: the receive checksum information says so. Only the IP length is
 * written, and only on success: the frame can still be cut after a 0.
 *
 * Return: the receive TCPIP_CHKSUM bits for the packet; 0 when one packet
 * cannot hold the payload (an IPv4 total length past 16 bits).
 */
u32 hvsim_pkt_rsc_build(u8 *f, u32 len, const struct hvsim_lso *l)
{
	u8 *ip = f + HVSIM_PKT_ETH_HLEN;
	u32 ip_len = len - HVSIM_PKT_ETH_HLEN;

	if (l->ipv == 6)
		ip_len -= HVSIM_PKT_IP6_HLEN;
	if (ip_len > 0xffff)
		return 0;
	if (l->ipv == 4) {
		hvsim_put_be16(ip + 2, ip_len);
		return HVSIM_PKT_RX_IP_OK | HVSIM_PKT_RX_IP_VALUE_INVALID | HVSIM_PKT_RX_TCP_OK |
		       HVSIM_PKT_RX_TCP_VALUE_INVALID;
	}
	hvsim_put_be16(ip + 4, ip_len);
	return HVSIM_PKT_RX_TCP_OK | HVSIM_PKT_RX_TCP_VALUE_INVALID;
}
