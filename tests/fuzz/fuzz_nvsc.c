// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: drivers/net/parse.c, the parsers of everything a
 * Hyper-V host sends the synthetic NIC.
 *
 * The first byte picks the parser (modulo 6); the bytes after it give the
 * parameters the driver would pass (little-endian), and the rest is what
 * the host sent, copied into a heap block of exactly its size so that
 * AddressSanitizer sees any read past it, in libFuzzer and in replay alike:
 *
 *	0  nvsc_parse_nvsp()				message
 *	1  nvsc_parse_recv_buf_complete() and
 *	   nvsc_parse_send_buf_complete()		buf_size:4, message
 *	2  nvsc_parse_xfer()				pageset_id:2, buf_end:4, extension
 *	3  nvsc_parse_rndis_pkt()			avail - hdr_len:4, header copy
 *	4  nvsc_parse_rndis_ctl()			message
 *	5  nvsc_rndis_type(), nvsc_parse_rss_caps() and
 *	   nvsc_parse_offload_caps()			message
 *
 * Beyond what ASan/UBSan catch, it checks the result of each call against
 * a reference decision re-derived here from the protocol's byte offsets
 * (not from proto.h's structs), and on success the promises the driver
 * relies on: everything returned lies inside what the parser was given
 * (ranges inside buf_end, data_off + data_len <= the message's length <=
 * avail, info_off + info_len <= len, sections inside the buffer).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>

#include "drivers/net/parse.h"

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const uint8_t *p)
{
	return p[0] | p[1] << 8;
}

static int zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return 0;
	return 1;
}

/* ---- NVSP ---- */

/* the shortest message of each type the host sends, header included */
static uint32_t nvsp_min(uint32_t type)
{
	switch (type) {
	case 2:		return 16;	/* INIT_COMPLETE */
	case 102:	return 12;	/* SEND_RECV_BUF_COMPLETE, sections later */
	case 105:	return 12;	/* SEND_SEND_BUF_COMPLETE */
	case 107:	return 16;	/* SEND_RNDIS_PKT */
	case 108:	return 8;	/* SEND_RNDIS_PKT_COMPLETE */
	case 128:	return 12;	/* SEND_VF_ASSOCIATION */
	case 133:	return 12;	/* SUBCHANNEL */
	case 134:	return 12;	/* SEND_INDIRECTION_TABLE */
	default:	return 0;
	}
}

/* Return: the parser's result; @out as it left it (all zero on failure) */
static int fuzz_nvsp(const uint8_t *m, uint32_t len, struct nvsc_nvsp_msg *out)
{
	const uint8_t *o = (const uint8_t *)out;
	uint32_t n = len < 40 ? len : 40;
	int ok = len >= 4 && nvsp_min(le32(m)) && len >= nvsp_min(le32(m));
	int ret;

	CHECK(sizeof(*out) == 40);
	memset(out, 0xa5, sizeof(*out));
	ret = nvsc_parse_nvsp(m, len, out);
	if (!ok) {
		CHECK(ret == -EINVAL);
		CHECK(zero(o, sizeof(*out)));
		return ret;
	}
	CHECK(ret == 0);
	CHECK(!memcmp(o, m, n));
	CHECK(zero(o + n, sizeof(*out) - n));
	CHECK(out->type == le32(m));
	return ret;
}

/* @msg: a parsed message, or the raw bytes of one zero-filled to 40 */
static void fuzz_buf_complete(const struct nvsc_nvsp_msg *msg, uint32_t buf_size)
{
	const uint8_t *o = (const uint8_t *)msg;
	struct nvsc_recv_section sec;
	uint32_t sec_size, nsec;
	uint64_t sub, nsub, end;
	int want, ret;

	/* receive buffer: one section from 0, sub-allocations inside it */
	sub = le32(o + 16);
	nsub = le32(o + 20);
	end = le32(o + 24);
	if (le32(o) != 102)
		want = -EINVAL;
	else if (le32(o + 4) != 1)
		want = -EIO;
	else if (le32(o + 8) != 1 || le32(o + 12) != 0 || sub < 104 || !nsub ||
		 end > buf_size || sub * nsub > end)
		want = -EINVAL;
	else
		want = 0;
	ret = nvsc_parse_recv_buf_complete(msg, buf_size, &sec);
	CHECK(ret == want);
	if (!ret) {
		CHECK(sec.sub_size == sub && sec.nsub == nsub && sec.end == end);
		CHECK(sec.end <= buf_size);
		CHECK(sec.nsub && (uint64_t)sec.sub_size * sec.nsub <= sec.end);
	}

	/* send buffer: whole sections of at least a header and a minimal frame */
	sub = le32(o + 8);
	if (le32(o) != 105)
		want = -EINVAL;
	else if (le32(o + 4) != 1)
		want = -EIO;
	else if (sub < 104 || sub > buf_size)
		want = -EINVAL;
	else
		want = 0;
	ret = nvsc_parse_send_buf_complete(msg, buf_size, &sec_size, &nsec);
	CHECK(ret == want);
	if (!ret) {
		CHECK(sec_size == sub && nsec == buf_size / sub);
		CHECK(nsec >= 1 && (uint64_t)nsec * sec_size <= buf_size);
	}
}

/* ---- transfer-page ranges ---- */

static void fuzz_xfer(const uint8_t *ext, uint32_t len, uint16_t id, uint32_t buf_end)
{
	const struct nvsc_xfer_range *r = NULL;
	uint32_t count = 0xa5a5a5a5, i;
	uint64_t n;
	int ok, ret;

	ok = len >= 8 && le16(ext) == id;
	n = ok ? le32(ext + 4) : 0;
	ok = ok && n && 8 + 8 * n <= len;
	for (i = 0; ok && i < n; i++) {
		const uint8_t *p = ext + 8 + 8 * i;

		ok = le32(p) >= 8 && (uint64_t)le32(p + 4) + le32(p) <= buf_end;
	}
	ret = nvsc_parse_xfer(ext, len, id, buf_end, &r, &count);
	if (!ok) {
		CHECK(ret == -EINVAL);
		return;
	}
	CHECK(ret == 0);
	CHECK(count == n && (const uint8_t *)r == ext + 8);
	CHECK(8 + (uint64_t)count * sizeof(*r) <= len);
	for (i = 0; i < count; i++) {
		CHECK(r[i].byte_count >= 8);
		CHECK((uint64_t)r[i].byte_offset + r[i].byte_count <= buf_end);
	}
}

/* ---- RNDIS data messages ---- */

struct ppi_ref {
	uint32_t csum, hash;
	uint16_t tci, id;
	uint8_t frag;
	int vlan, has_hash;
};

/* the per-packet info area: whole elements, each value inside its element */
static int ppi_walk(const uint8_t *p, uint32_t len, struct ppi_ref *ref)
{
	while (len) {
		uint32_t size, type, off, v;

		if (len < 12)
			return 0;
		size = le32(p);
		type = le32(p + 4);
		off = le32(p + 8);
		if (size < 12 || size > len || off < 12 || off > size)
			return 0;
		if (size - off >= 4) {
			v = le32(p + off);
			if (type == 0) {
				ref->csum = v;
			} else if (type == 6) {
				/* pri:3 cfi:1 id:12, low bits first */
				ref->tci = (v >> 4 & 0xfff) | (v >> 3 & 1) << 12 | (v & 7) << 13;
				ref->vlan = 1;
			} else if (type == 8) {
				ref->hash = v;
				ref->has_hash = 1;
			} else if (type == 0x80000001u && (v & 0xff) == 1 && (v >> 8 & 1)) {
				/* the host's packet ID, version 1, a piece (SUBALLOC) */
				ref->frag = v >> 8 & 0xff;
				ref->id = v >> 16;
			}
		}
		p += size;
		len -= size;
	}
	return 1;
}

static void fuzz_rndis_pkt(const uint8_t *hdr, uint32_t hdr_len, uint32_t avail)
{
	struct ppi_ref ref = { 0 };
	struct nvsc_rx_info info;
	uint64_t msg_len = 0, doff, dlen, poff, plen;
	int ok, ret;

	ok = hdr_len >= 44 && hdr_len <= avail && le32(hdr) == 1;
	if (ok) {
		msg_len = le32(hdr + 4);
		/* offsets count from the packet message, after the 8-byte header */
		doff = 8 + (uint64_t)le32(hdr + 8);
		dlen = le32(hdr + 12);
		poff = 8 + (uint64_t)le32(hdr + 28);
		plen = le32(hdr + 32);
		ok = msg_len >= 44 && msg_len <= avail && doff >= 44 && dlen &&
		     doff + dlen <= msg_len;
		if (ok && plen)
			ok = poff >= 44 && poff + plen <= msg_len && poff + plen <= hdr_len &&
			     ppi_walk(hdr + poff, plen, &ref);
		/* a frame or a first piece holds an Ethernet header; later pieces a byte */
		if (ok && (!ref.frag || (ref.frag & 2)))
			ok = dlen >= 14;
	}
	memset(&info, 0xa5, sizeof(info));
	ret = nvsc_parse_rndis_pkt(hdr, hdr_len, avail, &info);
	if (!ok) {
		CHECK(ret == -EINVAL);
		return;
	}
	CHECK(ret == 0);
	CHECK(info.data_off == doff && info.data_len == dlen);
	CHECK(info.data_off >= 44 && info.data_len >= ((info.frag & 3) == 1 ? 1u : 14u));
	CHECK(info.frag == ref.frag && info.pkt_id == (ref.frag ? ref.id : 0));
	CHECK((uint64_t)info.data_off + info.data_len <= msg_len);
	CHECK(msg_len <= avail);
	CHECK(info.csum == ref.csum);
	CHECK(info.has_vlan == !!ref.vlan && info.vlan_tci == ref.tci);
	CHECK(info.has_hash == !!ref.has_hash && info.hash == ref.hash);
}

/* ---- RNDIS control messages ---- */

/* the shortest body of each control message the host sends, after the header */
static uint32_t ctl_min(uint32_t type)
{
	switch (type) {
	case 0x80000002:	return 44;	/* INIT_C */
	case 0x80000004:	return 16;	/* QUERY_C */
	case 0x80000005:			/* SET_C */
	case 0x80000006:			/* RESET_C */
	case 0x80000008:	return 8;	/* KEEPALIVE_C */
	case 7:			return 12;	/* INDICATE */
	default:		return 0;
	}
}

static void fuzz_rndis_ctl(const uint8_t *m, uint32_t len)
{
	struct nvsc_rndis_ctl out;
	uint32_t type = 0, req_id = 0, status = 0, need;
	uint64_t msg_len = 0, ioff = 0, ilen = 0;
	int ok, ret;

	ok = len >= 8;
	if (ok) {
		type = le32(m);
		msg_len = le32(m + 4);
		need = ctl_min(type);
		ok = need && msg_len <= len && msg_len >= 8 + need;
	}
	if (ok) {
		switch (type) {
		case 0x80000004:	/* QUERY_C: the buffer counts from req_id */
			req_id = le32(m + 8);
			status = le32(m + 12);
			ilen = le32(m + 16);
			ioff = ilen ? 8 + (uint64_t)le32(m + 20) : 0;
			ok = !ilen || (ioff >= 8 + 16 && ioff + ilen <= msg_len);
			break;
		case 7:			/* INDICATE: the buffer counts from status */
			status = le32(m + 8);
			ilen = le32(m + 12);
			ioff = ilen ? 8 + (uint64_t)le32(m + 16) : 0;
			ok = !ilen || (ioff >= 8 + 12 && ioff + ilen <= msg_len);
			break;
		case 0x80000006:	/* RESET_C: status, addressing_reset */
			status = le32(m + 8);
			break;
		default:		/* req_id, status */
			req_id = le32(m + 8);
			status = le32(m + 12);
			break;
		}
	}
	memset(&out, 0xa5, sizeof(out));
	ret = nvsc_parse_rndis_ctl(m, len, &out);
	if (!ok) {
		CHECK(ret == -EINVAL);
		return;
	}
	CHECK(ret == 0);
	CHECK(out.type == type && out.req_id == req_id && out.status == status);
	CHECK(out.info_off == ioff && out.info_len == ilen);
	CHECK((uint64_t)out.info_off + out.info_len <= msg_len && msg_len <= len);
	CHECK(out.info_len || !out.info_off);
}

/* RSS capabilities: the same decision from raw bytes, and the same outputs */
static void fuzz_rss_caps(const uint8_t *buf, uint32_t len)
{
	uint32_t q = 0xa5a5a5a5, e = 0xa5a5a5a5, size = len >= 4 ? le16(buf + 2) : 0;
	int ok = len >= 16 && buf[0] == NVSC_NDIS_OBJ_RSS_CAPS && size <= len && size >= 16;
	int ret = nvsc_parse_rss_caps(len ? buf : NULL, len, &q, &e);

	CHECK((ret == 0) == ok);
	if (!ok)
		return;
	CHECK(q == le32(buf + 12));
	CHECK(e == (size >= 18 ? le16(buf + 16) : 0));
}

/*
 * Offload capabilities: accepted by the same rule, and what it reports
 * offered only when the bytes inside the object's size offered it.
 */
static void fuzz_offload_caps(const uint8_t *buf, uint32_t len)
{
	struct nvsc_offload_caps c;
	uint32_t size = len >= 4 ? le16(buf + 2) : 0;
	int ok = len >= 4 && buf[0] == 0xa7 && buf[1] && size <= len && size >= 112;
	int ret = nvsc_parse_offload_caps(len ? buf : NULL, len, &c);

	CHECK((ret == 0) == ok);
	if (!ok) {
		CHECK(!c.tx_csum && !c.rx_csum && !c.lso4_max && !c.lso6_max && !c.rsc);
		return;
	}
	CHECK(!(c.tx_csum & ~0xfu) && !(c.rx_csum & ~0xfu));
	CHECK(c.lso4_max == 0 || c.lso4_max == le32(buf + 84));
	CHECK(c.lso6_max == 0 || c.lso6_max == le32(buf + 96));
	/* LSO only with the same version's TCP checksum */
	CHECK(!c.lso4_max || (c.tx_csum & NVSC_OFL_TCP4));
	CHECK(!c.lso6_max || (c.tx_csum & NVSC_OFL_TCP6));
	CHECK(!c.rsc || (size >= 146 && buf[144] && buf[145]));
}

/* the parameter bytes before the host's, per parser */
static const uint32_t param_len[6] = { 0, 4, 6, 4, 0, 0 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nvsc_nvsp_msg msg;
	unsigned int sel;
	const uint8_t *p;
	uint8_t *buf;
	uint32_t len;

	if (!size || size > (1u << 20))
		return 0;
	sel = data[0] % 6;
	p = data + 1;
	if (size - 1 < param_len[sel])
		return 0;
	/* the host's bytes, in a block of exactly their size */
	len = (uint32_t)(size - 1 - param_len[sel]);
	buf = malloc(len ? len : 1);
	CHECK(buf);
	memcpy(buf, p + param_len[sel], len);

	switch (sel) {
	case 0:
		fuzz_nvsp(buf, len, &msg);
		break;
	case 1:
		/* what did not parse still reaches the completions' own checks */
		if (fuzz_nvsp(buf, len, &msg) && len)
			memcpy(&msg, buf, len < sizeof(msg) ? len : sizeof(msg));
		fuzz_buf_complete(&msg, le32(p));
		break;
	case 2:
		fuzz_xfer(buf, len, le16(p), le32(p + 2));
		break;
	case 3:
		/* avail - hdr_len, wrapping: an avail below hdr_len is tried too */
		fuzz_rndis_pkt(buf, len, len + le32(p));
		break;
	case 4:
		fuzz_rndis_ctl(buf, len);
		break;
	case 5:
		CHECK(nvsc_rndis_type(buf, len) == (len < 8 ? 0 : le32(buf)));
		fuzz_rss_caps(buf, len);
		fuzz_offload_caps(buf, len);
		break;
	}
	free(buf);
	return 0;
}
