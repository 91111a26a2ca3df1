// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of sim/net_pkt.c, hv_sim's NIC packet engine: the Toeplitz hash
 * against Microsoft's published RSS verification suite (key
 * 6d5a56da...01fa, the five IPv4 and three IPv6 address/port sets with
 * their expected 2-tuple and 4-tuple hashes), the NDIS hash-type rules on
 * crafted frames, transmit checksums and LSOv2 segmentation checked with a
 * checksum written here independently (RFC 1071 over an explicitly built
 * pseudo-header), receive verification, and refusals of inconsistent
 * requests. Frames are built byte by byte at the offsets of RFC 791, 793,
 * 768 and 8200, never with the engine's own helpers. Each frame is handed
 * over in a heap buffer of exactly its length, so that AddressSanitizer
 * catches any read past it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>

#include "runner.h"
#include "sim/net_pkt.h"

static const u8 ms_key[40] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67,
	0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb,
	0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30,
	0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

/* Microsoft's "Verifying the RSS Hash Calculation": source, destination, hashes */
static const struct {
	u8 src[4], dst[4];
	u16 sport, dport;
	u32 h2, h4;
} v4_vectors[] = {
	{ { 66, 9, 149, 187 }, { 161, 142, 100, 80 }, 2794, 1766, 0x323e8fc2, 0x51ccc178 },
	{ { 199, 92, 111, 2 }, { 65, 69, 140, 83 }, 14230, 4739, 0xd718262a, 0xc626b0ea },
	{ { 24, 19, 198, 95 }, { 12, 22, 207, 184 }, 12898, 38024, 0xd2d0a5de, 0x5c2b394a },
	{ { 38, 27, 205, 30 }, { 209, 142, 163, 6 }, 48228, 2217, 0x82989176, 0xafc7327f },
	{ { 153, 39, 163, 191 }, { 202, 188, 127, 2 }, 44251, 1303, 0x5d1809c5, 0x10e828a2 },
};

static const struct {
	u8 src[16], dst[16];
	u16 sport, dport;
	u32 h2, h4;
} v6_vectors[] = {
	{ /* 3ffe:2501:200:1fff::7 -> 3ffe:2501:200:3::1 */
	  { 0x3f, 0xfe, 0x25, 0x01, 0x02, 0x00, 0x1f, 0xff, 0, 0, 0, 0, 0, 0, 0, 0x07 },
	  { 0x3f, 0xfe, 0x25, 0x01, 0x02, 0x00, 0x00, 0x03, 0, 0, 0, 0, 0, 0, 0, 0x01 },
	  2794, 1766, 0x2cc18cd5, 0x40207d3d },
	{ /* 3ffe:501:8::260:97ff:fe40:efab -> ff02::1 */
	  { 0x3f, 0xfe, 0x05, 0x01, 0x00, 0x08, 0, 0, 0x02, 0x60, 0x97, 0xff, 0xfe, 0x40, 0xef, 0xab },
	  { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01 },
	  14230, 4739, 0x0f0c461c, 0xdde51bbf },
	{ /* 3ffe:1900:4545:3:200:f8ff:fe21:67cf -> fe80::200:f8ff:fe21:67cf */
	  { 0x3f, 0xfe, 0x19, 0x00, 0x45, 0x45, 0x00, 0x03, 0x02, 0x00, 0xf8, 0xff, 0xfe, 0x21, 0x67, 0xcf },
	  { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0x00, 0xf8, 0xff, 0xfe, 0x21, 0x67, 0xcf },
	  44251, 38024, 0x4b61e985, 0x02d1feef },
};

#define HASH_ALL4	(HVSIM_PKT_HASH_IPV4 | HVSIM_PKT_HASH_TCP_IPV4)
#define HASH_ALL6	(HVSIM_PKT_HASH_IPV6 | HVSIM_PKT_HASH_TCP_IPV6)

static u8 buf[70000];

static void put16(u8 *p, u32 v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void put32(u8 *p, u32 v)
{
	put16(p, v >> 16);
	put16(p + 2, v);
}

static u32 get16(const u8 *p)
{
	return (u32)p[0] << 8 | p[1];
}

static u32 get32(const u8 *p)
{
	return get16(p) << 16 | get16(p + 2);
}

/* RFC 1071, written without the engine: 32-bit accumulation of big-endian words, then fold */
static u32 ref_sum(const u8 *p, u32 len)
{
	u32 s = 0, i;

	for (i = 0; i < len; i++)
		s += (i & 1) ? p[i] : (u32)p[i] << 8;
	while (s > 0xffff)
		s = (s >> 16) + (s & 0xffff);
	return s;
}

/* Does the transport segment at @l4 (of @len bytes, proto @proto) check with its pseudo-header? */
static bool ref_l4_ok(const u8 *f, int v6, u32 l4, u32 len, u8 proto)
{
	u8 *tmp = malloc(40 + len + 1);
	u32 plen, s;

	if (v6) {
		memcpy(tmp, f + 22, 32);
		put32(tmp + 32, len);
		tmp[36] = tmp[37] = tmp[38] = 0;
		tmp[39] = proto;
		plen = 40;
	} else {
		memcpy(tmp, f + 26, 8);
		tmp[8] = 0;
		tmp[9] = proto;
		put16(tmp + 10, len);
		plen = 12;
	}
	memcpy(tmp + plen, f + l4, len);
	s = ref_sum(tmp, plen + len);
	free(tmp);
	return s == 0xffff;
}

static bool ref_ip4_ok(const u8 *f)
{
	return ref_sum(f + 14, (f[14] & 0xf) * 4) == 0xffff;
}

static void eth(u8 *f, u32 type)
{
	memset(f, 0x02, 12);
	put16(f + 12, type);
}

/* TCP/IPv4: @opt bytes of IP options, 20-byte TCP header + 12 of options, @plen payload */
static u32 tcp4(u8 *f, const u8 *src, const u8 *dst, u32 sport, u32 dport, u32 opt, u32 plen)
{
	u32 ihl = 20 + opt, l4 = 14 + ihl, i;

	eth(f, 0x0800);
	f[14] = 0x40 | ihl / 4;
	f[15] = 0;
	put16(f + 16, ihl + 32 + plen);
	put16(f + 18, 0x1234);
	put16(f + 20, 0x4000);		/* DF */
	f[22] = 64;
	f[23] = 6;
	put16(f + 24, 0);
	memcpy(f + 26, src, 4);
	memcpy(f + 30, dst, 4);
	memset(f + 34, 1, opt);		/* NOPs */
	put16(f + l4, sport);
	put16(f + l4 + 2, dport);
	put32(f + l4 + 4, 0xfffff000);	/* the sequence number wraps in a long send */
	put32(f + l4 + 8, 0x11111111);
	f[l4 + 12] = 8 << 4;		/* 32-byte header */
	f[l4 + 13] = 0x80 | 0x10 | 0x08 | 0x01;	/* CWR ACK PSH FIN */
	put16(f + l4 + 14, 0xffff);
	put16(f + l4 + 16, 0xbeef);	/* whatever the sender left */
	put16(f + l4 + 18, 0);
	memset(f + l4 + 20, 1, 12);
	for (i = 0; i < plen; i++)
		f[l4 + 32 + i] = (u8)(i * 7 + 3);
	return l4 + 32 + plen;
}

/* UDP or TCP over IPv6, with a hop-by-hop options header first when @hbh */
static u32 ip6(u8 *f, const u8 *src, const u8 *dst, u8 proto, u32 sport, u32 dport, int hbh,
	       u32 plen)
{
	u32 l4 = 54 + (hbh ? 8 : 0), thl = proto == 6 ? 20 : 8, i;

	eth(f, 0x86dd);
	put32(f + 14, 0x60000000);
	put16(f + 18, l4 - 54 + thl + plen);
	f[20] = hbh ? 0 : proto;
	f[21] = 64;
	memcpy(f + 22, src, 16);
	memcpy(f + 38, dst, 16);
	if (hbh) {
		memset(f + 54, 0, 8);
		f[54] = proto;
		f[56] = 1;		/* PadN of 4 */
		f[57] = 4;
	}
	put16(f + l4, sport);
	put16(f + l4 + 2, dport);
	if (proto == 6) {
		put32(f + l4 + 4, 1000);
		put32(f + l4 + 8, 0);
		f[l4 + 12] = 5 << 4;
		f[l4 + 13] = 0x18;
		put16(f + l4 + 14, 512);
		put16(f + l4 + 16, 0x1357);
		put16(f + l4 + 18, 0);
	} else {
		put16(f + l4 + 4, 8 + plen);
		put16(f + l4 + 6, 0x2468);
	}
	for (i = 0; i < plen; i++)
		f[l4 + thl + i] = (u8)(255 - i);
	return l4 + thl + plen;
}

static u8 *heap(const u8 *f, u32 len)
{
	u8 *p = malloc(len);

	memcpy(p, f, len);
	return p;
}

TEST(toeplitz_ipv4_vectors)
{
	u8 in[12];
	u32 i;

	for (i = 0; i < ARRAY_SIZE(v4_vectors); i++) {
		memcpy(in, v4_vectors[i].src, 4);
		memcpy(in + 4, v4_vectors[i].dst, 4);
		put16(in + 8, v4_vectors[i].sport);
		put16(in + 10, v4_vectors[i].dport);
		CHECK_EQ(hvsim_toeplitz(ms_key, 40, in, 8), v4_vectors[i].h2);
		CHECK_EQ(hvsim_toeplitz(ms_key, 40, in, 12), v4_vectors[i].h4);
	}
}

TEST(toeplitz_ipv6_vectors)
{
	u8 in[36];
	u32 i;

	for (i = 0; i < ARRAY_SIZE(v6_vectors); i++) {
		memcpy(in, v6_vectors[i].src, 16);
		memcpy(in + 16, v6_vectors[i].dst, 16);
		put16(in + 32, v6_vectors[i].sport);
		put16(in + 34, v6_vectors[i].dport);
		CHECK_EQ(hvsim_toeplitz(ms_key, 40, in, 32), v6_vectors[i].h2);
		CHECK_EQ(hvsim_toeplitz(ms_key, 40, in, 36), v6_vectors[i].h4);
	}
}

/* The same vectors found in real frames, by hash type */
TEST(rss_hash_frames)
{
	u32 i, len, hash, type;
	u8 *f;

	for (i = 0; i < ARRAY_SIZE(v4_vectors); i++) {
		len = tcp4(buf, v4_vectors[i].src, v4_vectors[i].dst, v4_vectors[i].sport,
			   v4_vectors[i].dport, 4 * (i & 1), 10);
		f = heap(buf, len);
		CHECK_INT(hvsim_pkt_rss_hash(ms_key, HASH_ALL4, f, len, &hash, &type), 0);
		CHECK_EQ(hash, v4_vectors[i].h4);
		CHECK_EQ(type, HVSIM_PKT_HASH_TCP_IPV4);
		CHECK_INT(hvsim_pkt_rss_hash(ms_key, HVSIM_PKT_HASH_IPV4, f, len, &hash, &type), 0);
		CHECK_EQ(hash, v4_vectors[i].h2);
		CHECK_EQ(type, HVSIM_PKT_HASH_IPV4);
		/* an IPv6-only configuration hashes nothing of IPv4 */
		CHECK_INT(hvsim_pkt_rss_hash(ms_key, HASH_ALL6, f, len, &hash, &type), -ENOENT);
		free(f);
	}
	for (i = 0; i < ARRAY_SIZE(v6_vectors); i++) {
		len = ip6(buf, v6_vectors[i].src, v6_vectors[i].dst, 6, v6_vectors[i].sport,
			  v6_vectors[i].dport, i == 1, 5);
		f = heap(buf, len);
		CHECK_INT(hvsim_pkt_rss_hash(ms_key, HASH_ALL6, f, len, &hash, &type), 0);
		CHECK_EQ(hash, v6_vectors[i].h4);
		CHECK_EQ(type, HVSIM_PKT_HASH_TCP_IPV6);
		CHECK_INT(hvsim_pkt_rss_hash(ms_key, HVSIM_PKT_HASH_IPV6, f, len, &hash, &type), 0);
		CHECK_EQ(hash, v6_vectors[i].h2);
		free(f);
	}
}

/* UDP by addresses unless a UDP type is on; fragments by addresses; ARP not at all */
TEST(rss_hash_types)
{
	u32 len, hash, type;
	u8 *f;

	len = ip6(buf, v6_vectors[0].src, v6_vectors[0].dst, 17, v6_vectors[0].sport,
		  v6_vectors[0].dport, 0, 3);
	f = heap(buf, len);
	CHECK_INT(hvsim_pkt_rss_hash(ms_key, HASH_ALL6, f, len, &hash, &type), 0);
	CHECK_EQ(type, HVSIM_PKT_HASH_IPV6);
	CHECK_EQ(hash, v6_vectors[0].h2);
	CHECK_INT(hvsim_pkt_rss_hash(ms_key, HASH_ALL6 | HVSIM_PKT_HASH_UDP_IPV6, f, len, &hash,
				     &type), 0);
	CHECK_EQ(type, HVSIM_PKT_HASH_UDP_IPV6);
	CHECK_EQ(hash, v6_vectors[0].h4);
	CHECK_INT(hvsim_pkt_rss_hash(ms_key, HVSIM_PKT_HASH_TCP_IPV6, f, len, &hash, &type),
		  -ENOENT);
	free(f);

	/* the first fragment of a TCP packet: addresses only */
	len = tcp4(buf, v4_vectors[0].src, v4_vectors[0].dst, v4_vectors[0].sport,
		   v4_vectors[0].dport, 0, 10);
	put16(buf + 20, 0x2000);	/* MF */
	f = heap(buf, len);
	CHECK_INT(hvsim_pkt_rss_hash(ms_key, HASH_ALL4, f, len, &hash, &type), 0);
	CHECK_EQ(type, HVSIM_PKT_HASH_IPV4);
	CHECK_EQ(hash, v4_vectors[0].h2);
	CHECK_INT(hvsim_pkt_rss_hash(ms_key, HVSIM_PKT_HASH_TCP_IPV4, f, len, &hash, &type),
		  -ENOENT);
	free(f);

	eth(buf, 0x0806);		/* ARP */
	memset(buf + 14, 0, 28);
	f = heap(buf, 42);
	CHECK_INT(hvsim_pkt_rss_hash(ms_key, HASH_ALL4 | HASH_ALL6, f, 42, &hash, &type), -ENOENT);
	free(f);

	/* a total length beyond the frame is no IP packet to hash */
	len = tcp4(buf, v4_vectors[0].src, v4_vectors[0].dst, 1, 2, 0, 10);
	f = heap(buf, len - 1);
	CHECK_INT(hvsim_pkt_rss_hash(ms_key, HASH_ALL4, f, len - 1, &hash, &type), -ENOENT);
	free(f);
}

/* RFC 1071's worked header: 4500 0073 0000 4000 4011 [b861] c0a8 0001 c0a8 00c7 */
TEST(csum_known_ipv4_header)
{
	static const u8 hdr[20] = {
		0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
		0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7,
	};
	u8 f[14 + 0x73];

	CHECK_EQ(hvsim_csum_fold(hvsim_csum_add(0, hdr, 20)), 0xb861);
	/* chained over an odd tail: the same as one pass */
	CHECK_EQ(hvsim_csum_add(hvsim_csum_add(0, hdr, 10), hdr + 10, 9),
		 hvsim_csum_add(0, hdr, 19));
	memset(f, 0, sizeof(f));
	eth(f, 0x0800);
	memcpy(f + 14, hdr, 20);
	f[14 + 10] = 0x12;		/* whatever was there */
	CHECK_INT(hvsim_pkt_csum_tx(f, sizeof(f), HVSIM_PKT_IP4, 0), 0);
	CHECK_EQ(get16(f + 24), 0xb861);
	CHECK_EQ(hvsim_pkt_csum_rx(f, sizeof(f), HVSIM_PKT_IP4), HVSIM_PKT_RX_IP_OK);
	CHECK(ref_ip4_ok(f));
}

TEST(csum_tx_tcp4_and_rx)
{
	u8 src[4] = { 10, 0, 0, 1 }, dst[4] = { 10, 0, 0, 2 };
	u32 len = tcp4(buf, src, dst, 40000, 5201, 8, 1001), l4 = 14 + 28;
	u8 *f = heap(buf, len);

	CHECK(!ref_l4_ok(f, 0, l4, len - l4, 6));
	CHECK_INT(hvsim_pkt_csum_tx(f, len, HVSIM_PKT_IP4 | HVSIM_PKT_TCP4, l4), 0);
	CHECK(ref_ip4_ok(f));
	CHECK(ref_l4_ok(f, 0, l4, len - l4, 6));
	CHECK_EQ(hvsim_pkt_csum_rx(f, len, HVSIM_PKT_CSUM_ALL),
		 HVSIM_PKT_RX_IP_OK | HVSIM_PKT_RX_TCP_OK);
	/* only what is enabled is reported */
	CHECK_EQ(hvsim_pkt_csum_rx(f, len, HVSIM_PKT_TCP4), HVSIM_PKT_RX_TCP_OK);
	CHECK_EQ(hvsim_pkt_csum_rx(f, len, HVSIM_PKT_TCP6 | HVSIM_PKT_UDP4), 0);
	f[len - 1] ^= 0x40;
	CHECK_EQ(hvsim_pkt_csum_rx(f, len, HVSIM_PKT_CSUM_ALL),
		 HVSIM_PKT_RX_IP_OK | HVSIM_PKT_RX_TCP_FAILED);
	f[len - 1] ^= 0x40;
	f[14 + 8] ^= 1;			/* TTL */
	CHECK_EQ(hvsim_pkt_csum_rx(f, len, HVSIM_PKT_IP4), HVSIM_PKT_RX_IP_FAILED);
	/* offset 0: after the IP header */
	CHECK_INT(hvsim_pkt_csum_tx(f, len, HVSIM_PKT_IP4 | HVSIM_PKT_TCP4, 0), 0);
	CHECK(ref_ip4_ok(f));
	CHECK(ref_l4_ok(f, 0, l4, len - l4, 6));
	free(f);

	/* Ethernet padding after a short packet is not summed */
	len = tcp4(buf, src, dst, 1, 2, 0, 0);
	memset(buf + len, 0xee, 6);
	f = heap(buf, len + 6);
	CHECK_INT(hvsim_pkt_csum_tx(f, len + 6, HVSIM_PKT_TCP4, 34), 0);
	CHECK(ref_l4_ok(f, 0, 34, len - 34, 6));
	CHECK_EQ(hvsim_pkt_csum_rx(f, len + 6, HVSIM_PKT_TCP4), HVSIM_PKT_RX_TCP_OK);
	free(f);
}

TEST(csum_tx_udp6)
{
	u32 len = ip6(buf, v6_vectors[1].src, v6_vectors[1].dst, 17, 53, 5353, 1, 77);
	u8 *f = heap(buf, len);

	CHECK_INT(hvsim_pkt_csum_tx(f, len, HVSIM_PKT_UDP6, 62), 0);
	CHECK(ref_l4_ok(f, 1, 62, len - 62, 17));
	CHECK(get16(f + 62 + 6) != 0);
	CHECK_EQ(hvsim_pkt_csum_rx(f, len, HVSIM_PKT_CSUM_ALL), HVSIM_PKT_RX_UDP_OK);
	/* UDP over IPv6 must carry a checksum: 0 fails */
	put16(f + 62 + 6, 0);
	CHECK_EQ(hvsim_pkt_csum_rx(f, len, HVSIM_PKT_UDP6), HVSIM_PKT_RX_UDP_FAILED);
	free(f);
}

/* A UDP sum that comes out 0 is sent as 0xffff (0 would mean "no checksum") */
TEST(csum_tx_udp_zero_result)
{
	u32 len = ip6(buf, v6_vectors[0].src, v6_vectors[0].dst, 17, 7, 9, 0, 2), s;
	u8 tmp[40 + 10], *f;

	/* the sum of pseudo-header and datagram with checksum and payload 0 ... */
	put16(buf + 54 + 6, 0);
	put16(buf + 54 + 8, 0);
	memcpy(tmp, buf + 22, 32);
	put32(tmp + 32, 10);
	tmp[36] = tmp[37] = tmp[38] = 0;
	tmp[39] = 17;
	memcpy(tmp + 40, buf + 54, 10);
	s = ref_sum(tmp, sizeof(tmp));
	/* ... completed to 0xffff by the payload */
	put16(buf + 54 + 8, 0xffff - s);
	f = heap(buf, len);
	CHECK_INT(hvsim_pkt_csum_tx(f, len, HVSIM_PKT_UDP6, 0), 0);
	CHECK_EQ(get16(f + 54 + 6), 0xffff);
	CHECK(ref_l4_ok(f, 1, 54, 10, 17));
	CHECK_EQ(hvsim_pkt_csum_rx(f, len, HVSIM_PKT_UDP6), HVSIM_PKT_RX_UDP_OK);
	free(f);
}

TEST(csum_tx_refusals)
{
	u8 src[4] = { 10, 0, 0, 1 }, dst[4] = { 10, 0, 0, 2 };
	u32 len = tcp4(buf, src, dst, 1, 2, 0, 100);
	u8 *f = heap(buf, len);

	CHECK_INT(hvsim_pkt_csum_tx(f, len, 0, 0), -EINVAL);
	CHECK_INT(hvsim_pkt_csum_tx(f, len, HVSIM_PKT_TCP6, 0), -EINVAL);	/* not IPv6 */
	CHECK_INT(hvsim_pkt_csum_tx(f, len, HVSIM_PKT_UDP4, 0), -EINVAL);	/* not UDP */
	CHECK_INT(hvsim_pkt_csum_tx(f, len, HVSIM_PKT_TCP4 | HVSIM_PKT_UDP4, 0), -EINVAL);
	CHECK_INT(hvsim_pkt_csum_tx(f, len, HVSIM_PKT_TCP4, 38), -EINVAL);	/* offset */
	CHECK_INT(hvsim_pkt_csum_tx(f, len, HVSIM_PKT_TCP4, 14), -EINVAL);
	CHECK_INT(hvsim_pkt_csum_tx(f, len - 1, HVSIM_PKT_TCP4, 34), -EINVAL);	/* length */
	put16(f + 20, 0x2000);
	CHECK_INT(hvsim_pkt_csum_tx(f, len, HVSIM_PKT_TCP4, 34), -EINVAL);	/* fragment */
	CHECK_INT(hvsim_pkt_csum_tx(f, len, HVSIM_PKT_IP4, 0), 0);	/* its header is fine */
	f[46] = 4 << 4;			/* TCP header shorter than 20 bytes */
	put16(f + 20, 0);
	CHECK_INT(hvsim_pkt_csum_tx(f, len, HVSIM_PKT_TCP4, 34), -EINVAL);
	free(f);
	f = heap(buf, 20);
	CHECK_INT(hvsim_pkt_csum_tx(f, 20, HVSIM_PKT_IP4, 0), -EINVAL);	/* truncated */
	free(f);
}

static void check_lso(u8 ipv, u32 hbh_or_opt, u32 plen, u32 mss)
{
	u8 src[4] = { 192, 168, 1, 1 }, dst[4] = { 192, 168, 1, 2 };
	u32 len, i, got = 0, seq0, l4, hdr;
	struct hvsim_lso l;
	u8 *f, *seg;

	if (ipv == 4) {
		len = tcp4(buf, src, dst, 33000, 80, hbh_or_opt, plen);
		put16(buf + 16, 0);	/* Linux's LSO sends leave the total length 0 */
		l4 = 14 + 20 + hbh_or_opt;
		hdr = l4 + 32;
	} else {
		len = ip6(buf, v6_vectors[2].src, v6_vectors[2].dst, 6, 33000, 80, hbh_or_opt, plen);
		put16(buf + 18, 0);
		l4 = 54 + (hbh_or_opt ? 8 : 0);
		hdr = l4 + 20;
		buf[l4 + 13] = 0x80 | 0x10 | 0x08 | 0x01;
	}
	f = heap(buf, len);
	seq0 = get32(f + l4 + 4);
	CHECK_INT(hvsim_pkt_lso_prep(f, len, ipv, l4, mss, &l), 0);
	CHECK_EQ(l.hdr_len, hdr);
	CHECK_EQ(l.payload, plen);
	CHECK_EQ(l.segs, plen ? (plen + mss - 1) / mss : 1);
	seg = malloc(hdr + mss);
	for (i = 0; i < l.segs; i++) {
		u32 n = plen - got < mss ? plen - got : mss;
		u32 slen = hvsim_pkt_lso_seg(f, &l, i, seg);

		CHECK_EQ(slen, hdr + n);
		CHECK(!memcmp(seg + hdr, f + hdr + got, n));
		CHECK_EQ(get32(seg + l4 + 4), seq0 + got);
		CHECK_EQ(seg[l4 + 13] & 0x09, i + 1 == l.segs ? 0x09 : 0);
		CHECK_EQ(seg[l4 + 13] & 0x80, i ? 0 : 0x80);
		CHECK_EQ(seg[l4 + 13] & 0x10, 0x10);
		if (ipv == 4) {
			CHECK_EQ(get16(seg + 16), slen - 14);
			CHECK_EQ(get16(seg + 18), (0x1234 + i) & 0xffff);
			CHECK(ref_ip4_ok(seg));
		} else {
			CHECK_EQ(get16(seg + 18), slen - 54);
		}
		CHECK(ref_l4_ok(seg, ipv == 6, l4, slen - l4, 6));
		/* and what a receiver with checksum offload says of it */
		CHECK_EQ(hvsim_pkt_csum_rx(seg, slen, HVSIM_PKT_CSUM_ALL) & HVSIM_PKT_RX_FAILED, 0);
		got += n;
	}
	CHECK_EQ(got, plen);
	free(seg);
	/* the same send as RSC coalesces it for a receiver: one packet, lengths set */
	seg = heap(f, len);
	CHECK_EQ(hvsim_pkt_rsc_build(seg, len, &l),
		 (ipv == 4 ? HVSIM_PKT_RX_IP_OK | HVSIM_PKT_RX_IP_VALUE_INVALID : 0) |
		 HVSIM_PKT_RX_TCP_OK | HVSIM_PKT_RX_TCP_VALUE_INVALID);
	CHECK(!memcmp(seg + hdr, f + hdr, plen));
	CHECK_EQ(get32(seg + l4 + 4), seq0);
	CHECK_EQ(seg[l4 + 13], f[l4 + 13]);
	if (ipv == 4)
		CHECK_EQ(get16(seg + 16), len - 14);
	else
		CHECK_EQ(get16(seg + 18), len - 54);
	free(seg);
	free(f);
}

TEST(lso_ipv4)
{
	check_lso(4, 0, 3000, 1000);
	check_lso(4, 8, 62780, 1448);	/* IP options; the largest size Hyper-V offers */
	check_lso(4, 0, 1, 1460);
	check_lso(4, 0, 0, 1460);
}

TEST(lso_ipv6)
{
	check_lso(6, 0, 2881, 1440);
	check_lso(6, 1, 65000, 8940);	/* behind a hop-by-hop header */
}

TEST(lso_refusals)
{
	u8 src[4] = { 10, 1, 1, 1 }, dst[4] = { 10, 1, 1, 2 };
	u32 len = tcp4(buf, src, dst, 1, 2, 0, 5000);
	struct hvsim_lso l;
	u8 *f = heap(buf, len);

	CHECK_INT(hvsim_pkt_lso_prep(f, len, 4, 34, 0, &l), -EINVAL);	/* MSS 0 */
	CHECK_INT(hvsim_pkt_lso_prep(f, len, 6, 34, 1000, &l), -EINVAL);	/* version */
	CHECK_INT(hvsim_pkt_lso_prep(f, len, 4, 30, 1000, &l), -EINVAL);	/* offset */
	CHECK_INT(hvsim_pkt_lso_prep(f, len, 4, 0, 1000, &l), 0);
	CHECK_INT(hvsim_pkt_lso_prep(f, 60, 4, 34, 1000, &l), -EINVAL);	/* TCP header cut */
	f[23] = 17;
	CHECK_INT(hvsim_pkt_lso_prep(f, len, 4, 34, 1000, &l), -EINVAL);	/* not TCP */
	free(f);
	/* more payload than one IPv4 packet holds: segments yes, one coalesced packet no */
	len = tcp4(buf, src, dst, 1, 2, 0, 65500);
	f = heap(buf, len);
	CHECK_INT(hvsim_pkt_lso_prep(f, len, 4, 34, 1448, &l), 0);
	CHECK_EQ(hvsim_pkt_rsc_build(f, len, &l), 0);
	CHECK(!memcmp(f, buf, len));	/* untouched: it can still be cut */
	free(f);
}

TEST(parse_ipv6_extensions)
{
	struct hvsim_pkt p;
	u32 len = ip6(buf, v6_vectors[0].src, v6_vectors[0].dst, 6, 1, 2, 1, 0);
	u8 *f = heap(buf, len);

	CHECK_INT(hvsim_pkt_parse(f, len, 0, &p), 0);
	CHECK_EQ(p.ipv, 6);
	CHECK(p.l4);
	CHECK_EQ(p.proto, 6);
	CHECK_EQ(p.l4_off, 62);
	CHECK_EQ(p.end, len);
	f[54] = 44;			/* the hop-by-hop header is followed by a fragment header */
	CHECK_INT(hvsim_pkt_parse(f, len, 0, &p), 0);
	CHECK(p.frag);
	CHECK(!p.l4);
	f[55] = 200;			/* a header longer than the packet */
	f[54] = 6;
	CHECK_INT(hvsim_pkt_parse(f, len, 0, &p), -EINVAL);
	CHECK_INT(hvsim_pkt_parse(f, 13, 0, &p), -EINVAL);
	free(f);
}
