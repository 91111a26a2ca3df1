// SPDX-License-Identifier: GPL-2.0
/*
 * Host-to-guest messages of the synthetic NIC: check everything before
 * anything is used.
 *
 * The host is not trusted. Every function here reads a private copy the
 * caller made; the copy is the only truth, so a field is read once and
 * checked where it is read. Lengths are added in 64 bits, so that no sum of
 * host values can wrap past a check.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/types.h>

#include "parse.h"

#define NVSP_HDR	sizeof(u32)
#define RNDIS_HDR	sizeof(struct nvsc_rndis_hdr)

/* the shortest message of each type the host may send, header included */
static u32 nvsc_nvsp_min_len(u32 type)
{
	switch (type) {
	case NVSC_NVSP_INIT_COMPLETE:
		return NVSP_HDR + sizeof(struct nvsc_nvsp_init_complete);
	case NVSC_NVSP1_SEND_RECV_BUF_COMPLETE:
		/* the status and section count; the sections are checked later */
		return NVSP_HDR + 2 * sizeof(u32);
	case NVSC_NVSP1_SEND_SEND_BUF_COMPLETE:
		return NVSP_HDR + sizeof(struct nvsc_nvsp_send_buf_complete);
	case NVSC_NVSP1_SEND_RNDIS_PKT:
		return NVSP_HDR + sizeof(struct nvsc_nvsp_rndis_pkt);
	case NVSC_NVSP1_SEND_RNDIS_PKT_COMPLETE:
		return NVSP_HDR + sizeof(struct nvsc_nvsp_rndis_pkt_complete);
	case NVSC_NVSP5_SUBCHANNEL:
		return NVSP_HDR + sizeof(struct nvsc_nvsp_subchannel);
	case NVSC_NVSP5_SEND_INDIRECTION_TABLE:
		return NVSP_HDR + sizeof(struct nvsc_nvsp_indirection);
	case NVSC_NVSP4_SEND_VF_ASSOCIATION:
		return NVSP_HDR + 2 * sizeof(u32);
	default:
		return 0;	/* not a message the host sends */
	}
}

/**
 * nvsc_parse_nvsp() - check an NVSP message from the host and copy it
 * @data:	the payload of a packet (a private copy)
 * @len:	its bytes
 * @out:	the message, zero-filled past what the host sent
 *
 * Context: any; pure.
 * Return: 0; -EINVAL for a type the host does not send or a message too
 * short for its type.
 */
int nvsc_parse_nvsp(const void *data, u32 len, struct nvsc_nvsp_msg *out)
{
	u32 type, need;

	memset(out, 0, sizeof(*out));
	if (!data || len < NVSP_HDR)
		return -EINVAL;
	memcpy(&type, data, sizeof(type));
	need = nvsc_nvsp_min_len(type);
	if (!need || len < need)
		return -EINVAL;
	memcpy(out, data, min_t(u32, len, sizeof(*out)));
	return 0;
}

/**
 * nvsc_parse_recv_buf_complete() - check the host's receive-buffer layout
 * @m:		a parsed SEND_RECV_BUF_COMPLETE
 * @buf_size:	the receive buffer's bytes
 * @sec:	the one section, checked
 *
 * Every host describes one section from offset 0 (older NVSP versions
 * allowed a second; no guest supports it). Each sub-allocation must hold
 * at least an RNDIS packet header and a minimal frame.
 *
 * Context: any; pure.
 * Return: 0; -EIO: the host refused (status); -EINVAL: a layout outside the
 * buffer or one we cannot use.
 */
int nvsc_parse_recv_buf_complete(const struct nvsc_nvsp_msg *m, u32 buf_size,
				 struct nvsc_recv_section *sec)
{
	const struct nvsc_nvsp_recv_buf_complete *c = &m->recv_buf_complete;
	const struct nvsc_nvsp_recv_section *s = &c->sections[0];

	if (m->type != NVSC_NVSP1_SEND_RECV_BUF_COMPLETE)
		return -EINVAL;
	if (c->status != NVSC_NVSP_STAT_SUCCESS)
		return -EIO;
	if (c->num_sections != 1 || s->offset != 0 ||
	    s->sub_alloc_size < NVSC_RNDIS_PKT_HDR + 60 || !s->num_sub_allocs ||
	    s->end_offset > buf_size ||
	    (u64)s->sub_alloc_size * s->num_sub_allocs > s->end_offset)
		return -EINVAL;
	sec->sub_size = s->sub_alloc_size;
	sec->nsub = s->num_sub_allocs;
	sec->end = s->end_offset;
	return 0;
}

/**
 * nvsc_parse_send_buf_complete() - check the host's send-section size
 * @m:		a parsed SEND_SEND_BUF_COMPLETE
 * @buf_size:	the send buffer's bytes
 * @sec_size:	the section size the host chose
 * @nsec:	how many whole sections the buffer holds
 *
 * Context: any; pure.
 * Return: 0; -EIO: the host refused; -EINVAL: a section size that leaves
 * no section or cannot hold a minimal frame.
 */
int nvsc_parse_send_buf_complete(const struct nvsc_nvsp_msg *m, u32 buf_size,
				 u32 *sec_size, u32 *nsec)
{
	const struct nvsc_nvsp_send_buf_complete *c = &m->send_buf_complete;

	if (m->type != NVSC_NVSP1_SEND_SEND_BUF_COMPLETE)
		return -EINVAL;
	if (c->status != NVSC_NVSP_STAT_SUCCESS)
		return -EIO;
	if (c->section_size < NVSC_RNDIS_PKT_HDR + 60 || c->section_size > buf_size)
		return -EINVAL;
	*sec_size = c->section_size;
	*nsec = buf_size / c->section_size;
	return 0;
}

/**
 * nvsc_parse_xfer() - check a transfer-page packet's ranges
 * @ext:	the descriptor's extension (struct vmb_packet.ext)
 * @ext_len:	its bytes
 * @pageset_id:	the receive buffer's ID: the only page set we gave
 * @buf_end:	the end of the receive buffer's section
 * @ranges:	set to the first range, inside @ext
 * @count:	set to the number of ranges
 *
 * Each range must lie inside the section and hold at least an RNDIS
 * header; the ranges must fit the extension.
 *
 * Context: any; pure.
 * Return: 0; -EINVAL.
 */
int nvsc_parse_xfer(const void *ext, u32 ext_len, u16 pageset_id, u32 buf_end,
		    const struct nvsc_xfer_range **ranges, u32 *count)
{
	const struct nvsc_xfer_range *r;
	struct nvsc_xfer_hdr h;
	u32 i;

	if (!ext || ext_len < sizeof(h))
		return -EINVAL;
	memcpy(&h, ext, sizeof(h));
	if (h.pageset_id != pageset_id || !h.range_count ||
	    h.range_count > (ext_len - sizeof(h)) / sizeof(*r))
		return -EINVAL;
	r = (const void *)((const u8 *)ext + sizeof(h));
	for (i = 0; i < h.range_count; i++) {
		if (r[i].byte_count < RNDIS_HDR ||
		    (u64)r[i].byte_offset + r[i].byte_count > buf_end)
			return -EINVAL;
	}
	*ranges = r;
	*count = h.range_count;
	return 0;
}

/**
 * nvsc_rndis_type() - an RNDIS message's type
 * @msg:	the message (a private copy)
 * @len:	bytes in @msg
 *
 * Return: the type, or 0 (no type uses it) if @len cannot hold a header.
 */
u32 nvsc_rndis_type(const u8 *msg, u32 len)
{
	struct nvsc_rndis_hdr h;

	if (!msg || len < sizeof(h))
		return 0;
	memcpy(&h, msg, sizeof(h));
	return h.type;
}

/* the per-packet information we use; others are skipped */
static void nvsc_ppi_take(const u8 *p, u32 type, struct nvsc_rx_info *info)
{
	u32 v;

	memcpy(&v, p, sizeof(v));
	switch (type) {
	case NVSC_PPI_CSUM:
		info->csum = v;
		break;
	case NVSC_PPI_VLAN:
		/* pri:3 cfi:1 vlan id:12, low bits first */
		info->vlan_tci = (u16)(((v & 0x7) << 13) | (((v >> 3) & 1) << 12) |
				       ((v >> 4) & 0xfff));
		info->has_vlan = true;
		break;
	case NVSC_PPI_HASH:
		info->hash = v;
		info->has_hash = true;
		break;
	case NVSC_PPI_PKTINFO_ID:
		/* version 1: u8 version, u8 flags, u16 ID; others unknown, skipped */
		if ((v & 0xff) != NVSC_PKTINFO_ID_V1 || !((v >> 8) & NVSC_PKTINFO_SUBALLOC))
			break;
		info->frag = (u8)(v >> 8);
		info->pkt_id = (u16)(v >> 16);
		break;
	}
}

/* Walks @len bytes of per-packet info at @p: every element inside the area. */
static int nvsc_ppi_walk(const u8 *p, u32 len, struct nvsc_rx_info *info)
{
	struct nvsc_rndis_ppi e;

	while (len) {
		if (len < sizeof(e))
			return -EINVAL;
		memcpy(&e, p, sizeof(e));
		if (e.size < sizeof(e) || e.size > len || e.ppi_offset < sizeof(e) ||
		    e.ppi_offset > e.size)
			return -EINVAL;
		if (e.size - e.ppi_offset >= sizeof(u32))
			nvsc_ppi_take(p + e.ppi_offset, e.type, info);
		p += e.size;
		len -= e.size;
	}
	return 0;
}

/**
 * nvsc_parse_rndis_pkt() - check an RNDIS data message
 * @hdr:	a private copy of the message's first @hdr_len bytes
 * @hdr_len:	min(@avail, NVSC_RX_HDR_COPY)
 * @avail:	the bytes the host gave the message (its transfer-page range)
 * @info:	the frame's place and the per-packet information
 *
 * The frame itself stays where the host put it: it must lie inside the
 * message, and the message inside @avail; the caller copies it into an
 * skb (a host changing it afterwards changes only data). The per-packet
 * information must lie inside the copied header.
 *
 * Context: any; pure.
 * Return: 0; -EINVAL.
 */
int nvsc_parse_rndis_pkt(const u8 *hdr, u32 hdr_len, u32 avail, struct nvsc_rx_info *info)
{
	struct nvsc_rndis_packet p;
	struct nvsc_rndis_hdr h;
	u64 data, ppi;

	memset(info, 0, sizeof(*info));
	if (!hdr || hdr_len > avail || hdr_len < RNDIS_HDR + sizeof(p))
		return -EINVAL;
	memcpy(&h, hdr, sizeof(h));
	memcpy(&p, hdr + RNDIS_HDR, sizeof(p));
	if (h.type != NVSC_RNDIS_MSG_PACKET || h.len < RNDIS_HDR + sizeof(p) || h.len > avail)
		return -EINVAL;
	/* offsets count from the packet message, after the 8-byte header */
	data = RNDIS_HDR + (u64)p.data_offset;
	if (p.data_offset < sizeof(p) || !p.data_len || data + p.data_len > h.len)
		return -EINVAL;
	if (p.ppi_len) {
		ppi = RNDIS_HDR + (u64)p.ppi_offset;
		if (p.ppi_offset < sizeof(p) || ppi + p.ppi_len > min_t(u32, h.len, hdr_len))
			return -EINVAL;
		if (nvsc_ppi_walk(hdr + ppi, p.ppi_len, info))
			return -EINVAL;
	}
	/* a frame, or the first piece of one, holds at least its Ethernet header */
	if (p.data_len < 14 && (!info->frag || (info->frag & NVSC_PKTINFO_FIRST)))
		return -EINVAL;
	info->data_off = (u32)data;
	info->data_len = p.data_len;
	return 0;
}

/* the shortest body of each control message the host sends, after the header */
static u32 nvsc_rndis_ctl_min(u32 type)
{
	switch (type) {
	case NVSC_RNDIS_MSG_INIT | NVSC_RNDIS_MSG_COMPLETION:
		return sizeof(struct nvsc_rndis_init_c);
	case NVSC_RNDIS_MSG_QUERY | NVSC_RNDIS_MSG_COMPLETION:
		return sizeof(struct nvsc_rndis_query_c);
	case NVSC_RNDIS_MSG_SET | NVSC_RNDIS_MSG_COMPLETION:
	case NVSC_RNDIS_MSG_RESET | NVSC_RNDIS_MSG_COMPLETION:
	case NVSC_RNDIS_MSG_KEEPALIVE | NVSC_RNDIS_MSG_COMPLETION:
		return sizeof(struct nvsc_rndis_simple_c);
	case NVSC_RNDIS_MSG_INDICATE:
		return sizeof(struct nvsc_rndis_indicate);
	default:
		return 0;
	}
}

/* an information buffer at @off (from @base) of @len bytes inside a message of @total */
static bool nvsc_info_ok(u32 base, u32 off, u32 len, u32 total)
{
	return !len || base + (u64)off + len <= total;
}

/**
 * nvsc_parse_rndis_ctl() - check an RNDIS control message from the host
 * @msg:	the whole message (a private copy)
 * @len:	bytes in @msg
 * @out:	its type, request, status and information buffer
 *
 * Context: any; pure.
 * Return: 0; -EINVAL (not a control message the host sends, shorter than
 * its type, or an information buffer outside it).
 */
int nvsc_parse_rndis_ctl(const u8 *msg, u32 len, struct nvsc_rndis_ctl *out)
{
	struct nvsc_rndis_indicate ind;
	struct nvsc_rndis_query_c q;
	struct nvsc_rndis_hdr h;
	u32 body[2], need;

	memset(out, 0, sizeof(*out));
	if (!msg || len < sizeof(h))
		return -EINVAL;
	memcpy(&h, msg, sizeof(h));
	need = nvsc_rndis_ctl_min(h.type);
	if (!need || h.len > len || h.len < RNDIS_HDR + need)
		return -EINVAL;
	out->type = h.type;
	switch (h.type) {
	case NVSC_RNDIS_MSG_QUERY | NVSC_RNDIS_MSG_COMPLETION:
		memcpy(&q, msg + RNDIS_HDR, sizeof(q));
		/* the buffer's offset counts from req_id, after the header */
		if (q.info_len && (q.info_offset < sizeof(q) ||
				   !nvsc_info_ok(RNDIS_HDR, q.info_offset, q.info_len, h.len)))
			return -EINVAL;
		out->req_id = q.req_id;
		out->status = q.status;
		out->info_off = q.info_len ? RNDIS_HDR + q.info_offset : 0;
		out->info_len = q.info_len;
		break;
	case NVSC_RNDIS_MSG_INDICATE:
		memcpy(&ind, msg + RNDIS_HDR, sizeof(ind));
		if (ind.buf_len && (ind.buf_offset < sizeof(ind) ||
				    !nvsc_info_ok(RNDIS_HDR, ind.buf_offset, ind.buf_len, h.len)))
			return -EINVAL;
		out->status = ind.status;
		out->info_off = ind.buf_len ? RNDIS_HDR + ind.buf_offset : 0;
		out->info_len = ind.buf_len;
		break;
	case NVSC_RNDIS_MSG_RESET | NVSC_RNDIS_MSG_COMPLETION:
		memcpy(body, msg + RNDIS_HDR, sizeof(body));
		out->status = body[0];	/* no request ID: status, addressing reset */
		break;
	default:	/* INIT_C, SET_C, KEEPALIVE_C: req_id, status first */
		memcpy(body, msg + RNDIS_HDR, sizeof(body));
		out->req_id = body[0];
		out->status = body[1];
		break;
	}
	return 0;
}

/**
 * nvsc_parse_rss_caps() - check the host's receive-side scaling capabilities
 * @buf:	OID_GEN_RECEIVE_SCALE_CAPABILITIES' information buffer (a copy)
 * @len:	its bytes
 * @queues:	receive queues the host can spread over
 * @table_entries: indirection-table entries it takes (0: not said; the
 *		caller uses the protocol's 128)
 *
 * Revision 1 ends before the table size; an object of another type, or
 * shorter than its header says, is refused.
 *
 * Context: any; pure.
 * Return: 0; -EINVAL.
 */
int nvsc_parse_rss_caps(const void *buf, u32 len, u32 *queues, u32 *table_entries)
{
	struct nvsc_rss_caps c;

	memset(&c, 0, sizeof(c));
	if (!buf || len < offsetof(struct nvsc_rss_caps, num_table_entries))
		return -EINVAL;
	memcpy(&c, buf, min_t(u32, len, sizeof(c)));
	if (c.hdr.type != NVSC_NDIS_OBJ_RSS_CAPS || c.hdr.size > len ||
	    c.hdr.size < offsetof(struct nvsc_rss_caps, num_table_entries))
		return -EINVAL;
	*queues = c.num_queues;
	*table_entries = c.hdr.size >= sizeof(c) ? c.num_table_entries : 0;
	return 0;
}

/* one checksum capability word, as NVSC_OFL_* bits */
static u32 nvsc_csum_caps(u32 v, bool v6)
{
	/* TCP with its options (and, for IPv6, extension headers), or nothing */
	u32 tcp = NVSC_CSUM_CAP_TCP | NVSC_CSUM_CAP_TCP_OPT | (v6 ? NVSC_CSUM_CAP_IP_OPT : 0);
	u32 ofl = 0;

	if ((v & tcp) == tcp) {
		ofl |= v6 ? NVSC_OFL_TCP6 : NVSC_OFL_TCP4;
		/* UDP only beside TCP, as the hosts that offer it do */
		if (v & NVSC_CSUM_CAP_UDP)
			ofl |= v6 ? NVSC_OFL_UDP6 : NVSC_OFL_UDP4;
	}
	return ofl;
}

/**
 * nvsc_parse_offload_caps() - check the host's task offload capabilities
 * @buf:	OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES' information buffer (a copy)
 * @len:	its bytes
 * @caps:	what the guest can use of them
 *
 * An NDIS_OFFLOAD of any revision, at least revision 1's size and no
 * longer than @len; fields past the size its header gives count as zero
 * (not offered). Only 802.3 encapsulation is used. LSO needs the same
 * version's TCP checksum (the host fills the segments' checksums), and
 * for IPv6 extension headers and TCP options.
 *
 * Context: any; pure.
 * Return: 0; -EINVAL.
 */
int nvsc_parse_offload_caps(const void *buf, u32 len, struct nvsc_offload_caps *caps)
{
	u32 lso6 = NVSC_LSO6_CAP_IP6_EXT | NVSC_LSO6_CAP_TCP_OPT;
	struct nvsc_ndis_offload o;

	memset(caps, 0, sizeof(*caps));
	memset(&o, 0, sizeof(o));
	if (!buf || len < sizeof(o.hdr))
		return -EINVAL;
	memcpy(&o.hdr, buf, sizeof(o.hdr));
	if (o.hdr.type != NVSC_NDIS_OBJ_OFFLOAD || !o.hdr.revision || o.hdr.size > len ||
	    o.hdr.size < NVSC_NDIS_OFFLOAD_SIZE_REV1)
		return -EINVAL;
	memcpy(&o, buf, min_t(u32, o.hdr.size, sizeof(o)));

	if (o.ip4_tx_encap & NVSC_ENCAP_8023)
		caps->tx_csum |= nvsc_csum_caps(o.ip4_tx_csum, false);
	if (o.ip6_tx_encap & NVSC_ENCAP_8023)
		caps->tx_csum |= nvsc_csum_caps(o.ip6_tx_csum, true);
	if (o.ip4_rx_encap & NVSC_ENCAP_8023)
		caps->rx_csum |= nvsc_csum_caps(o.ip4_rx_csum, false);
	if (o.ip6_rx_encap & NVSC_ENCAP_8023)
		caps->rx_csum |= nvsc_csum_caps(o.ip6_rx_csum, true);

	if ((caps->tx_csum & NVSC_OFL_TCP4) && (o.lso4_encap & NVSC_ENCAP_8023) && o.lso4_max) {
		caps->lso4_max = o.lso4_max;
		caps->lso_min_segs = o.lso4_min_segs;
	}
	if ((caps->tx_csum & NVSC_OFL_TCP6) && (o.lso6_encap & NVSC_ENCAP_8023) && o.lso6_max &&
	    (o.lso6_opts & lso6) == lso6) {
		caps->lso6_max = o.lso6_max;
		caps->lso_min_segs = max(caps->lso_min_segs, o.lso6_min_segs);
	}
	caps->rsc = o.rsc_ip4 && o.rsc_ip6;
	return 0;
}
