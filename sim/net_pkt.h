/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the simulated NIC hardware does to frames: find the IP and
 * transport headers, compute and verify Internet checksums, hash for RSS
 * (Toeplitz), cut a large TCP send into segments. Pure functions of bytes
 * (net_pkt.c), plain C on the kernel's integer types with no kernel
 * service, so that the same file builds into hv_sim.ko and into the
 * userspace unit tests (tests/unit) against their header shim.
 *
 * Frames are Ethernet II without an 802.1Q tag (the NetVSP guest gives VLAN
 * tags out of band); all header fields are read byte by byte in network
 * order, so nothing here depends on the CPU's byte order or alignment.
 */
#ifndef HVSIM_NET_PKT_H
#define HVSIM_NET_PKT_H

#include <linux/types.h>

#define HVSIM_PKT_ETH_HLEN	14u
#define HVSIM_PKT_TCP		6	/* IP protocol numbers */
#define HVSIM_PKT_UDP		17
#define HVSIM_PKT_RSS_KEY_SIZE	40

/* checksum offloads, one bit each: a NIC's enabled set and a request */
#define HVSIM_PKT_IP4		0x01	/* IPv4 header checksum */
#define HVSIM_PKT_TCP4		0x02
#define HVSIM_PKT_UDP4		0x04
#define HVSIM_PKT_TCP6		0x08
#define HVSIM_PKT_UDP6		0x10
#define HVSIM_PKT_CSUM_ALL	0x1f

/* NDIS hash types (hash information bits 8..16), as the NDIS headers number them */
#define HVSIM_PKT_HASH_IPV4	0x00000100
#define HVSIM_PKT_HASH_TCP_IPV4	0x00000200
#define HVSIM_PKT_HASH_IPV6	0x00000400
#define HVSIM_PKT_HASH_TCP_IPV6	0x00001000
#define HVSIM_PKT_HASH_UDP_IPV4	0x00004000
#define HVSIM_PKT_HASH_UDP_IPV6	0x00008000

/* TCPIP_CHKSUM per-packet info, receive half: what hvsim_pkt_csum_rx() returns */
#define HVSIM_PKT_RX_TCP_FAILED	0x01
#define HVSIM_PKT_RX_UDP_FAILED	0x02
#define HVSIM_PKT_RX_IP_FAILED	0x04
#define HVSIM_PKT_RX_TCP_OK	0x08
#define HVSIM_PKT_RX_UDP_OK	0x10
#define HVSIM_PKT_RX_IP_OK	0x20
/* a coalesced packet (RSC): verified, but the header's value is not its checksum */
#define HVSIM_PKT_RX_TCP_VALUE_INVALID	0x80
#define HVSIM_PKT_RX_IP_VALUE_INVALID	0x100
#define HVSIM_PKT_RX_FAILED	(HVSIM_PKT_RX_TCP_FAILED | HVSIM_PKT_RX_UDP_FAILED | \
				 HVSIM_PKT_RX_IP_FAILED)

/* hvsim_pkt_parse() flags */
#define HVSIM_PKT_WHOLE_FRAME	0x01	/* the IP packet ends with the frame; its length fields are not read */

/**
 * struct hvsim_pkt - the headers hvsim_pkt_parse() found
 * @ipv:	4 or 6
 * @frag:	a fragment (IPv4 MF or offset; an IPv6 fragment header)
 * @l4:		@proto and @l4_off name the transport header (not a fragment)
 * @proto:	IP protocol of what follows the IP header(s)
 * @l3_off:	the IP header (after Ethernet)
 * @l4_off:	the byte after the IP header (IPv6: and its extension headers)
 * @end:	the end of the IP packet (its length field, or the frame's end)
 */
struct hvsim_pkt {
	u8 ipv;
	bool frag;
	bool l4;
	u8 proto;
	u16 l3_off;
	u16 l4_off;
	u32 end;
};

/**
 * struct hvsim_lso - a large TCP send, checked by hvsim_pkt_lso_prep()
 * @ipv:	4 or 6
 * @l4_off:	the TCP header
 * @hdr_len:	every header up to the payload (Ethernet, IP, TCP with options)
 * @payload:	payload bytes, to be cut into @mss pieces
 * @mss:	maximum payload per segment
 * @segs:	segments it makes (at least 1)
 */
struct hvsim_lso {
	u8 ipv;
	u16 l4_off;
	u16 hdr_len;
	u32 payload;
	u32 mss;
	u32 segs;
};

int hvsim_pkt_parse(const u8 *f, u32 len, unsigned int flags, struct hvsim_pkt *p);
u32 hvsim_csum_add(u32 sum, const u8 *p, u32 len);
u16 hvsim_csum_fold(u32 sum);
u32 hvsim_toeplitz(const u8 *key, u32 key_len, const u8 *in, u32 n);
int hvsim_pkt_rss_hash(const u8 *key, u32 types, const u8 *f, u32 len, u32 *hash, u32 *type);
int hvsim_pkt_csum_tx(u8 *f, u32 len, u32 what, u32 l4_off);
u32 hvsim_pkt_csum_rx(const u8 *f, u32 len, u32 enabled);
int hvsim_pkt_lso_prep(const u8 *f, u32 len, u8 ipv, u32 l4_off, u32 mss, struct hvsim_lso *l);
u32 hvsim_pkt_lso_seg(const u8 *f, const struct hvsim_lso *l, u32 i, u8 *out);
u32 hvsim_pkt_rsc_build(u8 *f, u32 len, const struct hvsim_lso *l);

#endif /* HVSIM_NET_PKT_H */
