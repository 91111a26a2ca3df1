// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of drivers/net/parse.c, the parsers of what a Hyper-V host sends
 * the synthetic NIC: NVSP messages, the receive- and send-buffer
 * completions, transfer-page ranges, RNDIS data messages with their
 * per-packet information, RNDIS control messages.
 *
 * The messages are built from proto.h's structs; the first tests pin those
 * structs to the protocol's byte offsets, so that a layout mistake there
 * cannot hide behind messages built with the same mistake. Every parser
 * that takes bytes gets them in a heap buffer of exactly the length it is
 * told, so that AddressSanitizer catches any read past the end; outputs
 * are pre-filled with 0xa5 so that an unwritten field cannot pass for a 0.
 *
 * Covered, for each function of parse.h: valid messages with every output
 * read back; every length below each minimum and the minimum itself;
 * offsets and lengths ending exactly at their limit and one byte past it;
 * sums that wrap in 32 bits (offset 0xffffffff + len and the like); the
 * offset bases (RNDIS packet offsets from after the 8-byte header, QUERY_C
 * and INDICATE buffers from the field after the header, a PPI value from
 * its element's start); the per-packet info (checksum bits, the VLAN TCI
 * bit layout, the hash, internal and unknown types, malformed elements);
 * status refusals (-EIO) apart from bad layouts (-EINVAL); types the host
 * does not send.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>

#include "runner.h"
#include "drivers/net/parse.h"

#define MIB		(1024u * 1024u)

/* a copy of @len bytes in a heap block of exactly that size */
static u8 *dup_exact(const void *src, u32 len)
{
	u8 *p = malloc(len ? len : 1);

	if (len)
		memcpy(p, src, len);
	return p;
}

static void pattern(u8 *p, u32 len, u8 seed)
{
	u32 i;

	for (i = 0; i < len; i++)
		p[i] = (u8)(seed + 13 * i);
}

/* ------------------------------------------------------------------ layout */

/* the byte offsets of the protocol: [MS-RNDIS] 2.2, the NVSP of Linux's netvsc */
TEST(nvsc_proto_layout)
{
	CHECK_EQ(sizeof(struct nvsc_nvsp_msg), 40);
	CHECK_EQ(offsetof(struct nvsc_nvsp_msg, init_complete.negotiated_ver), 4);
	CHECK_EQ(offsetof(struct nvsc_nvsp_msg, init_complete.status), 12);
	CHECK_EQ(offsetof(struct nvsc_nvsp_msg, recv_buf_complete.status), 4);
	CHECK_EQ(offsetof(struct nvsc_nvsp_msg, recv_buf_complete.num_sections), 8);
	CHECK_EQ(offsetof(struct nvsc_nvsp_msg, recv_buf_complete.sections[0].offset), 12);
	CHECK_EQ(offsetof(struct nvsc_nvsp_msg, recv_buf_complete.sections[0].sub_alloc_size), 16);
	CHECK_EQ(offsetof(struct nvsc_nvsp_msg, recv_buf_complete.sections[0].num_sub_allocs), 20);
	CHECK_EQ(offsetof(struct nvsc_nvsp_msg, recv_buf_complete.sections[0].end_offset), 24);
	CHECK_EQ(offsetof(struct nvsc_nvsp_msg, send_buf_complete.section_size), 8);
	CHECK_EQ(offsetof(struct nvsc_nvsp_msg, rndis_pkt.section_size), 12);
	CHECK_EQ(offsetof(struct nvsc_nvsp_msg, subchannel.count), 8);
	CHECK_EQ(offsetof(struct nvsc_nvsp_msg, indirection.offset), 8);

	CHECK_EQ(sizeof(struct nvsc_xfer_hdr), 8);
	CHECK_EQ(offsetof(struct nvsc_xfer_hdr, sender_owns_set), 2);
	CHECK_EQ(offsetof(struct nvsc_xfer_hdr, range_count), 4);
	CHECK_EQ(sizeof(struct nvsc_xfer_range), 8);
	CHECK_EQ(offsetof(struct nvsc_xfer_range, byte_offset), 4);

	CHECK_EQ(sizeof(struct nvsc_rndis_hdr), 8);
	CHECK_EQ(sizeof(struct nvsc_rndis_packet), 36);
	CHECK_EQ(offsetof(struct nvsc_rndis_packet, data_len), 4);
	CHECK_EQ(offsetof(struct nvsc_rndis_packet, ppi_offset), 20);
	CHECK_EQ(offsetof(struct nvsc_rndis_packet, ppi_len), 24);
	CHECK_EQ(sizeof(struct nvsc_rndis_ppi), 12);
	CHECK_EQ(offsetof(struct nvsc_rndis_ppi, ppi_offset), 8);
	CHECK_EQ(sizeof(struct nvsc_rndis_init_c), 44);
	CHECK_EQ(offsetof(struct nvsc_rndis_init_c, max_xfer_size), 28);
	CHECK_EQ(sizeof(struct nvsc_rndis_query_c), 16);
	CHECK_EQ(offsetof(struct nvsc_rndis_query_c, info_offset), 12);
	CHECK_EQ(sizeof(struct nvsc_rndis_simple_c), 8);
	CHECK_EQ(sizeof(struct nvsc_rndis_indicate), 12);
	CHECK_EQ(offsetof(struct nvsc_rndis_indicate, buf_offset), 8);
	CHECK_EQ(NVSC_RNDIS_PKT_HDR, 44);
	CHECK_EQ(NVSC_PPI_INTERNAL, 0x80000000u);
}

/* ------------------------------------------------------------- NVSP messages */

/* the types the host sends and their shortest form, header included */
static const struct {
	u32 type;
	u32 min_len;
} nvsp_host[] = {
	{ NVSC_NVSP_INIT_COMPLETE, 16 },
	{ NVSC_NVSP1_SEND_RECV_BUF_COMPLETE, 12 },	/* sections come later */
	{ NVSC_NVSP1_SEND_SEND_BUF_COMPLETE, 12 },
	{ NVSC_NVSP1_SEND_RNDIS_PKT, 16 },
	{ NVSC_NVSP1_SEND_RNDIS_PKT_COMPLETE, 8 },
	{ NVSC_NVSP4_SEND_VF_ASSOCIATION, 12 },
	{ NVSC_NVSP5_SUBCHANNEL, 12 },
	{ NVSC_NVSP5_SEND_INDIRECTION_TABLE, 12 },
};

static int nvsp(const void *msg, u32 len, struct nvsc_nvsp_msg *out)
{
	u8 *buf = dup_exact(msg, len);
	int ret;

	memset(out, 0xa5, sizeof(*out));
	ret = nvsc_parse_nvsp(buf, len, out);
	free(buf);
	return ret;
}

/* @out holds the first @len bytes of @src and zeros after them */
static bool nvsp_copy_exact(const struct nvsc_nvsp_msg *out, const void *src, u32 len)
{
	const u8 *o = (const u8 *)out, *s = src;
	u32 i;

	for (i = 0; i < sizeof(*out); i++)
		if (o[i] != (i < len ? s[i] : 0))
			return false;
	return true;
}

static bool nvsp_zero(const struct nvsc_nvsp_msg *out)
{
	return nvsp_copy_exact(out, NULL, 0);
}

/* a full 40-byte message of @type with a recognisable body */
static void nvsp_build(struct nvsc_nvsp_msg *m, u32 type)
{
	pattern((u8 *)m, sizeof(*m), 0x31);
	m->type = type;
}

TEST(nvsc_nvsp_valid_types)
{
	struct nvsc_nvsp_msg m, out;

	m = (struct nvsc_nvsp_msg){ .type = NVSC_NVSP_INIT_COMPLETE,
		.init_complete = { NVSC_NVSP_V61, 0, NVSC_NVSP_STAT_SUCCESS } };
	CHECK_INT(nvsp(&m, 16, &out), 0);
	CHECK(nvsp_copy_exact(&out, &m, 16));
	CHECK_EQ(out.type, NVSC_NVSP_INIT_COMPLETE);
	CHECK_EQ(out.init_complete.negotiated_ver, NVSC_NVSP_V61);
	CHECK_EQ(out.init_complete.max_mdl_chain_len, 0);
	CHECK_EQ(out.init_complete.status, NVSC_NVSP_STAT_SUCCESS);

	m = (struct nvsc_nvsp_msg){ .type = NVSC_NVSP1_SEND_RECV_BUF_COMPLETE,
		.recv_buf_complete = { 1, 1, { { 0, 1728, 9709, 1728 * 9709 } } } };
	CHECK_INT(nvsp(&m, 28, &out), 0);
	CHECK(nvsp_copy_exact(&out, &m, 28));
	CHECK_EQ(out.recv_buf_complete.sections[0].end_offset, 1728 * 9709);

	m = (struct nvsc_nvsp_msg){ .type = NVSC_NVSP1_SEND_SEND_BUF_COMPLETE,
		.send_buf_complete = { 1, 6144 } };
	CHECK_INT(nvsp(&m, 12, &out), 0);
	CHECK(nvsp_copy_exact(&out, &m, 12));
	CHECK_EQ(out.send_buf_complete.section_size, 6144);

	m = (struct nvsc_nvsp_msg){ .type = NVSC_NVSP1_SEND_RNDIS_PKT,
		.rndis_pkt = { NVSC_RNDIS_CHANNEL_DATA, NVSC_NO_SECTION, 0 } };
	CHECK_INT(nvsp(&m, 16, &out), 0);
	CHECK(nvsp_copy_exact(&out, &m, 16));
	CHECK_EQ(out.rndis_pkt.section_index, NVSC_NO_SECTION);

	m = (struct nvsc_nvsp_msg){ .type = NVSC_NVSP1_SEND_RNDIS_PKT_COMPLETE,
		.rndis_pkt_complete = { NVSC_NVSP_STAT_FAIL } };
	CHECK_INT(nvsp(&m, 8, &out), 0);
	CHECK(nvsp_copy_exact(&out, &m, 8));
	CHECK_EQ(out.rndis_pkt_complete.status, NVSC_NVSP_STAT_FAIL);

	m = (struct nvsc_nvsp_msg){ .type = NVSC_NVSP5_SUBCHANNEL,
		.subchannel = { NVSC_NVSP_STAT_SUCCESS, 7 } };
	CHECK_INT(nvsp(&m, 12, &out), 0);
	CHECK_EQ(out.subchannel.count, 7);

	m = (struct nvsc_nvsp_msg){ .type = NVSC_NVSP5_SEND_INDIRECTION_TABLE,
		.indirection = { 16, 12 } };
	CHECK_INT(nvsp(&m, 12, &out), 0);
	CHECK_EQ(out.indirection.count, 16);
	CHECK_EQ(out.indirection.offset, 12);

	nvsp_build(&m, NVSC_NVSP4_SEND_VF_ASSOCIATION);
	CHECK_INT(nvsp(&m, 12, &out), 0);
	CHECK(nvsp_copy_exact(&out, &m, 12));
}

/* every length below each type's minimum; the minimum; and up to the full size */
TEST(nvsc_nvsp_every_length)
{
	struct nvsc_nvsp_msg m, out;
	u32 i, len;

	for (i = 0; i < ARRAY_SIZE(nvsp_host); i++) {
		nvsp_build(&m, nvsp_host[i].type);
		for (len = 0; len < nvsp_host[i].min_len; len++) {
			CHECK_INT(nvsp(&m, len, &out), -EINVAL);
			CHECK(nvsp_zero(&out));
		}
		for (; len <= sizeof(m); len++) {
			CHECK_INT(nvsp(&m, len, &out), 0);
			CHECK(nvsp_copy_exact(&out, &m, len));
		}
	}
}

/* longer messages (an indirection table follows its header): the first 40 bytes */
TEST(nvsc_nvsp_longer)
{
	static const u32 lens[] = { 41, 44, 300, 4096 };
	struct nvsc_nvsp_msg out;
	u8 big[4096];
	u32 i, t;

	for (t = 0; t < ARRAY_SIZE(nvsp_host); t++) {
		pattern(big, sizeof(big), 0x52);
		memcpy(big, &nvsp_host[t].type, 4);
		for (i = 0; i < ARRAY_SIZE(lens); i++) {
			CHECK_INT(nvsp(big, lens[i], &out), 0);
			CHECK(nvsp_copy_exact(&out, big, sizeof(out)));
		}
	}
}

/* what only a guest sends: refused whatever the length */
TEST(nvsc_nvsp_guest_to_host_types)
{
	static const u32 types[] = {
		NVSC_NVSP_INIT, NVSC_NVSP1_SEND_NDIS_VER, NVSC_NVSP1_SEND_RECV_BUF,
		NVSC_NVSP1_REVOKE_RECV_BUF, NVSC_NVSP1_SEND_SEND_BUF,
		NVSC_NVSP1_REVOKE_SEND_BUF, NVSC_NVSP2_SEND_NDIS_CONFIG,
		NVSC_NVSP4_SWITCH_DATA_PATH, NVSC_NVSP5_OID_QUERY_EX,
	};
	struct nvsc_nvsp_msg m, out;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		nvsp_build(&m, types[i]);
		CHECK_INT(nvsp(&m, sizeof(m), &out), -EINVAL);
		CHECK(nvsp_zero(&out));
		CHECK_INT(nvsp(&m, 4, &out), -EINVAL);
	}
}

/* undefined numbers, and OID_QUERY_EX_COMP, which the guest never asks for */
TEST(nvsc_nvsp_unknown_types)
{
	static const u32 types[] = {
		0, 3, 99, 109, 110, 124, 126, 127, 130, NVSC_NVSP5_OID_QUERY_EX_COMP,
		135, 136, 0x100 | NVSC_NVSP1_SEND_RNDIS_PKT, 0x10002, 0x80000002,
		0xffffffff,
	};
	struct nvsc_nvsp_msg m, out;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		nvsp_build(&m, types[i]);
		CHECK_INT(nvsp(&m, sizeof(m), &out), -EINVAL);
		CHECK(nvsp_zero(&out));
	}
}

TEST(nvsc_nvsp_null)
{
	struct nvsc_nvsp_msg out;

	memset(&out, 0xa5, sizeof(out));
	CHECK_INT(nvsc_parse_nvsp(NULL, 40, &out), -EINVAL);
	CHECK(nvsp_zero(&out));
}

/* ------------------------------------------------- receive-buffer completion */

static void recv_c(struct nvsc_nvsp_msg *m, u32 status, u32 nsec, u32 off,
		   u32 sub, u32 nsub, u32 end)
{
	memset(m, 0, sizeof(*m));
	m->type = NVSC_NVSP1_SEND_RECV_BUF_COMPLETE;
	m->recv_buf_complete.status = status;
	m->recv_buf_complete.num_sections = nsec;
	m->recv_buf_complete.sections[0] = (struct nvsc_nvsp_recv_section){
		.offset = off, .sub_alloc_size = sub, .num_sub_allocs = nsub,
		.end_offset = end,
	};
}

static int recv_parse(const struct nvsc_nvsp_msg *m, u32 buf_size, struct nvsc_recv_section *sec)
{
	memset(sec, 0xa5, sizeof(*sec));
	return nvsc_parse_recv_buf_complete(m, buf_size, sec);
}

TEST(nvsc_recv_buf_valid)
{
	struct nvsc_nvsp_msg m;
	struct nvsc_recv_section sec;

	/* what Hyper-V answers for a 16 MiB buffer */
	recv_c(&m, 1, 1, 0, 1728, 9709, 1728 * 9709);
	CHECK_INT(recv_parse(&m, 16 * MIB, &sec), 0);
	CHECK_EQ(sec.sub_size, 1728);
	CHECK_EQ(sec.nsub, 9709);
	CHECK_EQ(sec.end, 1728 * 9709);

	/* the smallest usable: one sub-allocation of an RNDIS header + 60 */
	recv_c(&m, 1, 1, 0, 104, 1, 104);
	CHECK_INT(recv_parse(&m, 104, &sec), 0);
	CHECK_EQ(sec.sub_size, 104);
	CHECK_EQ(sec.nsub, 1);
	CHECK_EQ(sec.end, 104);

	/* a section longer than its sub-allocations is allowed */
	recv_c(&m, 1, 1, 0, 104, 10, 2000);
	CHECK_INT(recv_parse(&m, 4096, &sec), 0);
	CHECK_EQ(sec.end, 2000);

	/* the largest product that does not pass 32 bits */
	recv_c(&m, 1, 1, 0, 0x10000, 0xffff, 0xffff0000);
	CHECK_INT(recv_parse(&m, 0xffffffff, &sec), 0);
	CHECK_EQ(sec.end, 0xffff0000);
}

TEST(nvsc_recv_buf_sub_alloc_size)
{
	struct nvsc_nvsp_msg m;
	struct nvsc_recv_section sec;

	recv_c(&m, 1, 1, 0, 103, 1, 104);
	CHECK_INT(recv_parse(&m, 104, &sec), -EINVAL);
	recv_c(&m, 1, 1, 0, 0, 1, 104);
	CHECK_INT(recv_parse(&m, 104, &sec), -EINVAL);
	recv_c(&m, 1, 1, 0, 14, 1000, 14000);
	CHECK_INT(recv_parse(&m, 16 * MIB, &sec), -EINVAL);
	recv_c(&m, 1, 1, 0, 104, 1, 104);
	CHECK_INT(recv_parse(&m, 104, &sec), 0);
}

TEST(nvsc_recv_buf_num_sub_allocs)
{
	struct nvsc_nvsp_msg m;
	struct nvsc_recv_section sec;

	recv_c(&m, 1, 1, 0, 1728, 0, 1728);
	CHECK_INT(recv_parse(&m, 16 * MIB, &sec), -EINVAL);

	/* sub * n exactly the section's end, and one sub-allocation more */
	recv_c(&m, 1, 1, 0, 104, 10, 1040);
	CHECK_INT(recv_parse(&m, 1040, &sec), 0);
	recv_c(&m, 1, 1, 0, 104, 10, 1039);
	CHECK_INT(recv_parse(&m, 1040, &sec), -EINVAL);
	recv_c(&m, 1, 1, 0, 104, 11, 1040);
	CHECK_INT(recv_parse(&m, 1040, &sec), -EINVAL);
}

/* products that wrap to a small number in 32 bits are refused */
TEST(nvsc_recv_buf_product_overflow)
{
	static const struct {
		u32 sub, nsub;
	} cases[] = {
		{ 0x80000000, 2 },		/* 2^32: 0 in 32 bits */
		{ 0x10000, 0x10000 },		/* 2^32 */
		{ 0x40000000, 5 },		/* 0x1_4000_0000 */
		{ 0x10001, 0x10000 },		/* 0x1_0001_0000: 0x10000 */
		{ 0xffffffff, 0xffffffff },
		{ 1728, 0x25ed0a },		/* 0x1_0000_0380: 0x380 */
	};
	struct nvsc_nvsp_msg m;
	struct nvsc_recv_section sec;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		recv_c(&m, 1, 1, 0, cases[i].sub, cases[i].nsub, 0xffffffff);
		CHECK_INT(recv_parse(&m, 0xffffffff, &sec), -EINVAL);
		recv_c(&m, 1, 1, 0, cases[i].sub, cases[i].nsub, 0x10000);
		CHECK_INT(recv_parse(&m, 0x10000, &sec), -EINVAL);
	}
}

TEST(nvsc_recv_buf_end_offset)
{
	struct nvsc_nvsp_msg m;
	struct nvsc_recv_section sec;

	recv_c(&m, 1, 1, 0, 1728, 9709, 16 * MIB);
	CHECK_INT(recv_parse(&m, 16 * MIB, &sec), 0);
	CHECK_EQ(sec.end, 16 * MIB);
	CHECK_INT(recv_parse(&m, 16 * MIB - 1, &sec), -EINVAL);
	recv_c(&m, 1, 1, 0, 1728, 9709, 16 * MIB + 1);
	CHECK_INT(recv_parse(&m, 16 * MIB, &sec), -EINVAL);
	recv_c(&m, 1, 1, 0, 1728, 9709, 0xffffffff);
	CHECK_INT(recv_parse(&m, 16 * MIB, &sec), -EINVAL);
	recv_c(&m, 1, 1, 0, 1728, 1, 1728);
	CHECK_INT(recv_parse(&m, 0, &sec), -EINVAL);
}

TEST(nvsc_recv_buf_sections)
{
	static const u32 nsecs[] = { 0, 2, 3, 0xffffffff };
	static const u32 offs[] = { 1, 1728, 0x80000000, 0xffffffff };
	struct nvsc_nvsp_msg m;
	struct nvsc_recv_section sec;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(nsecs); i++) {
		recv_c(&m, 1, nsecs[i], 0, 1728, 9709, 1728 * 9709);
		CHECK_INT(recv_parse(&m, 16 * MIB, &sec), -EINVAL);
	}
	for (i = 0; i < ARRAY_SIZE(offs); i++) {
		recv_c(&m, 1, 1, offs[i], 1728, 10, 17280);
		CHECK_INT(recv_parse(&m, 16 * MIB, &sec), -EINVAL);
	}
}

/* a refusal is -EIO whatever the layout says; a bad layout is -EINVAL */
TEST(nvsc_recv_buf_status)
{
	static const u32 statuses[] = { 0, NVSC_NVSP_STAT_FAIL, 3, 0x101, 0xffffffff };
	struct nvsc_nvsp_msg m;
	struct nvsc_recv_section sec;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(statuses); i++) {
		recv_c(&m, statuses[i], 1, 0, 1728, 9709, 1728 * 9709);
		CHECK_INT(recv_parse(&m, 16 * MIB, &sec), -EIO);
		recv_c(&m, statuses[i], 0, 5, 0, 0, 0xffffffff);
		CHECK_INT(recv_parse(&m, 16 * MIB, &sec), -EIO);
	}
	recv_c(&m, 1, 0, 5, 0, 0, 0xffffffff);
	CHECK_INT(recv_parse(&m, 16 * MIB, &sec), -EINVAL);
}

/* another message is -EINVAL, before its status is looked at */
TEST(nvsc_recv_buf_wrong_type)
{
	static const u32 types[] = {
		NVSC_NVSP1_SEND_SEND_BUF_COMPLETE, NVSC_NVSP1_SEND_RECV_BUF,
		NVSC_NVSP_INIT_COMPLETE, 0, 0x166,
	};
	struct nvsc_nvsp_msg m;
	struct nvsc_recv_section sec;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		recv_c(&m, 1, 1, 0, 1728, 9709, 1728 * 9709);
		m.type = types[i];
		CHECK_INT(recv_parse(&m, 16 * MIB, &sec), -EINVAL);
		m.recv_buf_complete.status = NVSC_NVSP_STAT_FAIL;
		CHECK_INT(recv_parse(&m, 16 * MIB, &sec), -EINVAL);
	}
}

/*
 * From the wire: nvsc_parse_nvsp() accepts the 12-byte form, and the
 * zero-filled section it leaves is then refused, for every truncation of
 * a valid 28-byte answer (its end_offset has a non-zero top byte, so that
 * 27 bytes are not enough either).
 */
TEST(nvsc_recv_buf_truncated_on_the_wire)
{
	struct nvsc_nvsp_msg m, out;
	struct nvsc_recv_section sec;
	u32 len;

	recv_c(&m, 1, 1, 0, 1728, 19418, 1728 * 19418);
	CHECK(m.recv_buf_complete.sections[0].end_offset >> 24);
	for (len = 12; len < 28; len++) {
		CHECK_INT(nvsp(&m, len, &out), 0);
		CHECK_INT(recv_parse(&out, 32 * MIB, &sec), -EINVAL);
	}
	CHECK_INT(nvsp(&m, 28, &out), 0);
	CHECK_INT(recv_parse(&out, 32 * MIB, &sec), 0);
	CHECK_EQ(sec.end, 1728 * 19418);
	CHECK_INT(nvsp(&m, 11, &out), -EINVAL);
}

/* ---------------------------------------------------- send-buffer completion */

static void send_c(struct nvsc_nvsp_msg *m, u32 status, u32 sec_size)
{
	memset(m, 0, sizeof(*m));
	m->type = NVSC_NVSP1_SEND_SEND_BUF_COMPLETE;
	m->send_buf_complete.status = status;
	m->send_buf_complete.section_size = sec_size;
}

static int send_parse(const struct nvsc_nvsp_msg *m, u32 buf_size, u32 *sec_size, u32 *nsec)
{
	*sec_size = 0xa5a5a5a5;
	*nsec = 0xa5a5a5a5;
	return nvsc_parse_send_buf_complete(m, buf_size, sec_size, nsec);
}

TEST(nvsc_send_buf_valid)
{
	struct nvsc_nvsp_msg m;
	u32 size, n;

	send_c(&m, 1, 6144);
	CHECK_INT(send_parse(&m, 15 * MIB, &size, &n), 0);
	CHECK_EQ(size, 6144);
	CHECK_EQ(n, 2560);

	/* whole sections only */
	send_c(&m, 1, 300);
	CHECK_INT(send_parse(&m, 1000, &size, &n), 0);
	CHECK_EQ(size, 300);
	CHECK_EQ(n, 3);

	send_c(&m, 1, 104);
	CHECK_INT(send_parse(&m, 0xffffffff, &size, &n), 0);
	CHECK_EQ(n, 0xffffffffu / 104);

	send_c(&m, 1, 0xffffffff);
	CHECK_INT(send_parse(&m, 0xffffffff, &size, &n), 0);
	CHECK_EQ(size, 0xffffffff);
	CHECK_EQ(n, 1);
}

TEST(nvsc_send_buf_section_size)
{
	struct nvsc_nvsp_msg m;
	u32 size, n;

	send_c(&m, 1, 104);
	CHECK_INT(send_parse(&m, 104, &size, &n), 0);
	CHECK_EQ(n, 1);
	send_c(&m, 1, 103);
	CHECK_INT(send_parse(&m, 15 * MIB, &size, &n), -EINVAL);
	send_c(&m, 1, 0);			/* no division by zero */
	CHECK_INT(send_parse(&m, 15 * MIB, &size, &n), -EINVAL);
	send_c(&m, 1, 6144);
	CHECK_INT(send_parse(&m, 6144, &size, &n), 0);
	CHECK_EQ(n, 1);
	CHECK_INT(send_parse(&m, 6143, &size, &n), -EINVAL);
	CHECK_INT(send_parse(&m, 0, &size, &n), -EINVAL);
}

TEST(nvsc_send_buf_status_and_type)
{
	static const u32 statuses[] = { 0, NVSC_NVSP_STAT_FAIL, 0xffffffff };
	struct nvsc_nvsp_msg m;
	u32 size, n, i;

	for (i = 0; i < ARRAY_SIZE(statuses); i++) {
		send_c(&m, statuses[i], 6144);
		CHECK_INT(send_parse(&m, 15 * MIB, &size, &n), -EIO);
		send_c(&m, statuses[i], 0);
		CHECK_INT(send_parse(&m, 15 * MIB, &size, &n), -EIO);
	}
	send_c(&m, 1, 6144);
	m.type = NVSC_NVSP1_SEND_RECV_BUF_COMPLETE;
	CHECK_INT(send_parse(&m, 15 * MIB, &size, &n), -EINVAL);
	m.send_buf_complete.status = 0;
	CHECK_INT(send_parse(&m, 15 * MIB, &size, &n), -EINVAL);
	m.type = NVSC_NVSP1_SEND_SEND_BUF;
	CHECK_INT(send_parse(&m, 15 * MIB, &size, &n), -EINVAL);

	/* from the wire, the shortest form */
	send_c(&m, 1, 6144);
	{
		struct nvsc_nvsp_msg out;

		CHECK_INT(nvsp(&m, 12, &out), 0);
		CHECK_INT(send_parse(&out, 15 * MIB, &size, &n), 0);
		CHECK_EQ(size, 6144);
		CHECK_INT(nvsp(&m, 11, &out), -EINVAL);
	}
}

/* ------------------------------------------------------- transfer-page ranges */

#define XR_MAX	8

struct xfer_ext {
	struct nvsc_xfer_hdr h;
	struct nvsc_xfer_range r[XR_MAX];
} __packed;

static void xfer_build(struct xfer_ext *x, u32 nranges, u32 range_bytes)
{
	u32 i;

	memset(x, 0, sizeof(*x));
	x->h.pageset_id = NVSC_RECV_BUF_ID;
	x->h.range_count = nranges;
	for (i = 0; i < XR_MAX; i++)
		x->r[i] = (struct nvsc_xfer_range){
			.byte_count = range_bytes, .byte_offset = i * 1728,
		};
}

static u32 xfer_len(u32 nranges)
{
	return sizeof(struct nvsc_xfer_hdr) + nranges * sizeof(struct nvsc_xfer_range);
}

/*
 * Parses the first @len bytes of @x from an exact heap copy; on success
 * *@at_ext tells whether the ranges returned are the copy's, right after
 * its 8-byte header.
 */
static int xfer(const struct xfer_ext *x, u32 len, u16 id, u32 end, u32 *count, bool *at_ext)
{
	const struct nvsc_xfer_range *r = (const void *)(uintptr_t)0xa5a5a5a5;
	u8 *buf = dup_exact(x, len);
	int ret;

	*count = 0xa5a5a5a5;
	ret = nvsc_parse_xfer(buf, len, id, end, &r, count);
	*at_ext = (const u8 *)r == buf + 8;
	free(buf);
	return ret;
}

TEST(nvsc_xfer_valid)
{
	struct xfer_ext x;
	u32 n, count;
	bool at;

	xfer_build(&x, 1, 1558);
	CHECK_INT(xfer(&x, xfer_len(1), NVSC_RECV_BUF_ID, 16 * MIB, &count, &at), 0);
	CHECK_EQ(count, 1);
	CHECK(at);

	for (n = 1; n <= XR_MAX; n++) {
		xfer_build(&x, n, 1728);
		CHECK_INT(xfer(&x, xfer_len(n), NVSC_RECV_BUF_ID, 16 * MIB, &count, &at), 0);
		CHECK_EQ(count, n);
		CHECK(at);
	}

	/* the bytes after the page set ID are not ours to judge */
	xfer_build(&x, 2, 100);
	x.h.sender_owns_set = 0xff;
	x.h.reserved = 0x5a;
	CHECK_INT(xfer(&x, xfer_len(2), NVSC_RECV_BUF_ID, 16 * MIB, &count, &at), 0);
	CHECK_EQ(count, 2);

	/* the page set is the caller's, not a constant */
	x.h.pageset_id = 7;
	CHECK_INT(xfer(&x, xfer_len(2), 7, 16 * MIB, &count, &at), 0);
	CHECK_INT(xfer(&x, xfer_len(2), NVSC_RECV_BUF_ID, 16 * MIB, &count, &at), -EINVAL);
}

TEST(nvsc_xfer_short_ext)
{
	struct xfer_ext x;
	u32 len, count;
	bool at;
	const struct nvsc_xfer_range *r;

	xfer_build(&x, 1, 100);
	for (len = 0; len < 8; len++)
		CHECK_INT(xfer(&x, len, NVSC_RECV_BUF_ID, 16 * MIB, &count, &at), -EINVAL);
	/* the header alone: no room for its one range */
	CHECK_INT(xfer(&x, 8, NVSC_RECV_BUF_ID, 16 * MIB, &count, &at), -EINVAL);
	for (len = 9; len < 16; len++)
		CHECK_INT(xfer(&x, len, NVSC_RECV_BUF_ID, 16 * MIB, &count, &at), -EINVAL);
	CHECK_INT(xfer(&x, 16, NVSC_RECV_BUF_ID, 16 * MIB, &count, &at), 0);
	CHECK_INT(nvsc_parse_xfer(NULL, 16, NVSC_RECV_BUF_ID, 16 * MIB, &r, &count), -EINVAL);
}

TEST(nvsc_xfer_range_count)
{
	static const u32 huge[] = {
		XR_MAX + 1, 0x1fffffff, 0x20000000, 0x20000001, 0x80000000,
		0xffffffff,
	};
	struct xfer_ext x;
	u32 n, i, count;
	bool at;

	xfer_build(&x, 0, 100);
	CHECK_INT(xfer(&x, xfer_len(XR_MAX), NVSC_RECV_BUF_ID, 16 * MIB, &count, &at), -EINVAL);

	for (n = 1; n <= XR_MAX; n++) {
		xfer_build(&x, n, 100);
		/* exactly n ranges' room; a partial range more counts for nothing */
		CHECK_INT(xfer(&x, xfer_len(n), NVSC_RECV_BUF_ID, 16 * MIB, &count, &at), 0);
		CHECK_EQ(count, n);
		if (n < XR_MAX) {
			CHECK_INT(xfer(&x, xfer_len(n) + 7, NVSC_RECV_BUF_ID, 16 * MIB,
				       &count, &at), 0);
			CHECK_EQ(count, n);
		}
		/* one byte short of the last range */
		CHECK_INT(xfer(&x, xfer_len(n) - 1, NVSC_RECV_BUF_ID, 16 * MIB, &count, &at),
			  -EINVAL);
		/* one range more than the extension holds */
		x.h.range_count = n + 1;
		CHECK_INT(xfer(&x, xfer_len(n), NVSC_RECV_BUF_ID, 16 * MIB, &count, &at),
			  -EINVAL);
	}
	for (i = 0; i < ARRAY_SIZE(huge); i++) {
		xfer_build(&x, huge[i], 100);
		CHECK_INT(xfer(&x, sizeof(x), NVSC_RECV_BUF_ID, 16 * MIB, &count, &at), -EINVAL);
	}
}

TEST(nvsc_xfer_pageset_id)
{
	static const u16 ids[] = { 0, 1, 0xcaff, 0xcafd, 0xfeca, 0xffff, NVSC_SEND_BUF_ID };
	struct xfer_ext x;
	u32 i, count;
	bool at;

	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		xfer_build(&x, 1, 100);
		x.h.pageset_id = ids[i];
		CHECK_INT(xfer(&x, xfer_len(1), NVSC_RECV_BUF_ID, 16 * MIB, &count, &at), -EINVAL);
	}
}

TEST(nvsc_xfer_range_bytes)
{
	struct xfer_ext x;
	u32 count;
	bool at;

	xfer_build(&x, 1, 8);		/* an RNDIS header: the least */
	CHECK_INT(xfer(&x, xfer_len(1), NVSC_RECV_BUF_ID, 16 * MIB, &count, &at), 0);
	xfer_build(&x, 1, 7);
	CHECK_INT(xfer(&x, xfer_len(1), NVSC_RECV_BUF_ID, 16 * MIB, &count, &at), -EINVAL);
	xfer_build(&x, 1, 0);
	CHECK_INT(xfer(&x, xfer_len(1), NVSC_RECV_BUF_ID, 16 * MIB, &count, &at), -EINVAL);
}

TEST(nvsc_xfer_range_end)
{
	static const struct {
		u32 off, bytes, end;
		bool ok;
	} cases[] = {
		{ 0, 4096, 4096, true },		/* exactly at the end */
		{ 0, 4097, 4096, false },		/* one past */
		{ 4088, 8, 4096, true },
		{ 4089, 8, 4096, false },
		{ 4096, 8, 4096, false },		/* starts at the end */
		{ 0, 8, 0, false },			/* no section */
		{ 0xffffffff, 8, 4096, false },		/* 32-bit sum 7 */
		{ 0xfffffff8, 8, 4096, false },		/* 32-bit sum 0 */
		{ 0xfffffff9, 0x1007, 4096, false },	/* 32-bit sum 0x1000 */
		{ 1, 0xffffffff, 4096, false },		/* 32-bit sum 0 */
		{ 0x1000, 0xfffff000, 0x1000, false },	/* 32-bit sum 0 */
		{ 0xfffffff7, 8, 0xffffffff, true },	/* the last byte of 4 GiB */
		{ 0xfffffff8, 8, 0xffffffff, false },
		{ 0, 0xffffffff, 0xffffffff, true },
		{ 0x80000000, 0x80000000, 0xffffffff, false },
	};
	struct xfer_ext x;
	u32 i, count;
	bool at;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		xfer_build(&x, 1, 0);
		x.r[0] = (struct nvsc_xfer_range){
			.byte_count = cases[i].bytes, .byte_offset = cases[i].off,
		};
		CHECK_INT(xfer(&x, xfer_len(1), NVSC_RECV_BUF_ID, cases[i].end, &count, &at),
			  cases[i].ok ? 0 : -EINVAL);
	}
}

/* every range is checked, not only the first */
TEST(nvsc_xfer_one_bad_range)
{
	struct xfer_ext x;
	u32 i, count;
	bool at;

	for (i = 0; i < XR_MAX; i++) {
		xfer_build(&x, XR_MAX, 1728);
		x.r[i].byte_offset = XR_MAX * 1728 - 1727;
		CHECK_INT(xfer(&x, xfer_len(XR_MAX), NVSC_RECV_BUF_ID, XR_MAX * 1728, &count, &at),
			  -EINVAL);
		x.r[i].byte_offset = 0;
		x.r[i].byte_count = 7;
		CHECK_INT(xfer(&x, xfer_len(XR_MAX), NVSC_RECV_BUF_ID, XR_MAX * 1728, &count, &at),
			  -EINVAL);
	}
	xfer_build(&x, XR_MAX, 1728);
	CHECK_INT(xfer(&x, xfer_len(XR_MAX), NVSC_RECV_BUF_ID, XR_MAX * 1728, &count, &at), 0);
	/* a range past the count is not part of the packet */
	x.r[XR_MAX - 1].byte_count = 0;
	x.h.range_count = XR_MAX - 1;
	CHECK_INT(xfer(&x, xfer_len(XR_MAX), NVSC_RECV_BUF_ID, XR_MAX * 1728, &count, &at), 0);
	CHECK_EQ(count, XR_MAX - 1);
}

/* ------------------------------------------------------------ RNDIS type */

TEST(nvsc_rndis_type)
{
	static const u32 types[] = {
		NVSC_RNDIS_MSG_PACKET, NVSC_RNDIS_MSG_INDICATE,
		NVSC_RNDIS_MSG_INIT | NVSC_RNDIS_MSG_COMPLETION, 0, 0xffffffff,
	};
	struct nvsc_rndis_hdr h;
	u32 i, len;
	u8 *buf;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		h = (struct nvsc_rndis_hdr){ .type = types[i], .len = 0 };
		for (len = 0; len < 8; len++) {
			buf = dup_exact(&h, len);
			CHECK_EQ(nvsc_rndis_type(buf, len), 0);
			free(buf);
		}
		buf = dup_exact(&h, 8);
		CHECK_EQ(nvsc_rndis_type(buf, 8), types[i]);
		free(buf);
	}
	CHECK_EQ(nvsc_rndis_type(NULL, 8), 0);
}

/* ------------------------------------------------------- RNDIS data messages */

#define RX_MAX		512
#define RX_HDR		44	/* RNDIS header + packet message */

/* a data message; offsets in .p count from .p, i.e. after .h */
struct rx_msg {
	struct nvsc_rndis_hdr h;
	struct nvsc_rndis_packet p;
	u8 rest[RX_MAX - RX_HDR];
} __packed;

/* @ppi_len bytes of per-packet info right after .p, then @data_len bytes of frame */
static void rx_build(struct rx_msg *m, const void *ppi, u32 ppi_len, u32 data_len)
{
	memset(m, 0, sizeof(*m));
	m->h.type = NVSC_RNDIS_MSG_PACKET;
	m->h.len = RX_HDR + ppi_len + data_len;
	m->p.data_offset = sizeof(m->p) + ppi_len;
	m->p.data_len = data_len;
	if (ppi_len) {
		m->p.ppi_offset = sizeof(m->p);
		m->p.ppi_len = ppi_len;
		memcpy(m->rest, ppi, ppi_len);
	}
	if (ppi_len < sizeof(m->rest))
		pattern(m->rest + ppi_len,
			min_t(u32, data_len, sizeof(m->rest) - ppi_len), 0x61);
}

/* a per-packet info element: @size bytes, its value @val at @off from its start */
static u32 ppi_put(u8 *at, u32 size, u32 type, u32 off, u32 val)
{
	struct nvsc_rndis_ppi e = { .size = size, .type = type, .ppi_offset = off };

	memcpy(at, &e, sizeof(e));
	if (off >= sizeof(e) && (u64)off + 4 <= size)
		memcpy(at + off, &val, 4);
	return size;
}

/* the usual element: a 12-byte head and a 4-byte value */
static u32 ppi_put16(u8 *at, u32 type, u32 val)
{
	return ppi_put(at, 16, type, 12, val);
}

/* Parses the first @hdr_len bytes of @m, from an exact heap copy. */
static int rx(const struct rx_msg *m, u32 hdr_len, u32 avail, struct nvsc_rx_info *info)
{
	u8 *buf = dup_exact(m, hdr_len);
	int ret;

	memset(info, 0xa5, sizeof(*info));
	ret = nvsc_parse_rndis_pkt(buf, hdr_len, avail, info);
	free(buf);
	return ret;
}

/* as the driver calls it: the range is the message, the copy its head */
static int rx_whole(const struct rx_msg *m, struct nvsc_rx_info *info)
{
	return rx(m, min_t(u32, m->h.len, NVSC_RX_HDR_COPY), m->h.len, info);
}

static bool rx_no_ppi(const struct nvsc_rx_info *info)
{
	return !info->csum && !info->vlan_tci && !info->has_vlan && !info->hash &&
	       !info->has_hash && !info->frag && !info->pkt_id;
}

TEST(nvsc_rx_valid_plain)
{
	struct rx_msg m;
	struct nvsc_rx_info info;

	rx_build(&m, NULL, 0, 60);
	CHECK_EQ(m.h.len, 104);
	CHECK_INT(rx_whole(&m, &info), 0);
	CHECK_EQ(info.data_off, 44);
	CHECK_EQ(info.data_len, 60);
	CHECK(rx_no_ppi(&info));
	CHECK(!memcmp((u8 *)&m + info.data_off, m.rest, 60));

	/* the shortest: an Ethernet header */
	rx_build(&m, NULL, 0, 14);
	CHECK_INT(rx_whole(&m, &info), 0);
	CHECK_EQ(info.data_off, 44);
	CHECK_EQ(info.data_len, 14);
}

/* a full frame: the copy is the first 256 bytes, the frame mostly beyond it */
TEST(nvsc_rx_valid_large)
{
	struct rx_msg m;
	struct nvsc_rx_info info;

	rx_build(&m, NULL, 0, 1514);
	CHECK_EQ(m.h.len, 1558);
	CHECK_INT(rx(&m, NVSC_RX_HDR_COPY, 1558, &info), 0);
	CHECK_EQ(info.data_off, 44);
	CHECK_EQ(info.data_len, 1514);
	/* a range longer than the message */
	CHECK_INT(rx(&m, NVSC_RX_HDR_COPY, 1728, &info), 0);
	CHECK_EQ(info.data_len, 1514);
	/* only the two headers copied: enough without per-packet info */
	CHECK_INT(rx(&m, RX_HDR, 1558, &info), 0);
	CHECK_EQ(info.data_off, 44);
	/* a 64 KiB frame */
	rx_build(&m, NULL, 0, 65536);
	CHECK_INT(rx(&m, NVSC_RX_HDR_COPY, 65536 + 44, &info), 0);
	CHECK_EQ(info.data_len, 65536);
}

/* data_offset counts from after the 8-byte header */
TEST(nvsc_rx_data_offset_base)
{
	struct rx_msg m;
	struct nvsc_rx_info info;

	rx_build(&m, NULL, 0, 0);
	m.p.data_offset = 100;
	m.p.data_len = 60;
	m.h.len = 8 + 100 + 60;
	pattern((u8 *)&m + 108, 60, 0x77);
	CHECK_INT(rx_whole(&m, &info), 0);
	CHECK_EQ(info.data_off, 108);
	CHECK_EQ(info.data_len, 60);

	/* ends one byte past the message */
	m.h.len = 8 + 100 + 60 - 1;
	CHECK_INT(rx_whole(&m, &info), -EINVAL);
	/* what an offset from the message's start would allow */
	m.h.len = 100 + 60;
	CHECK_INT(rx_whole(&m, &info), -EINVAL);
	m.p.data_len = 52;
	CHECK_INT(rx_whole(&m, &info), 0);
	CHECK_EQ(info.data_off, 108);
	CHECK_EQ(info.data_off + info.data_len, m.h.len);
}

TEST(nvsc_rx_short)
{
	struct rx_msg m;
	struct nvsc_rx_info info;
	u32 len;

	rx_build(&m, NULL, 0, 14);
	/* the copy must hold both headers */
	for (len = 0; len < RX_HDR; len++) {
		CHECK_INT(rx(&m, len, len, &info), -EINVAL);
		CHECK_INT(rx(&m, len, 1558, &info), -EINVAL);
	}
	CHECK_INT(rx(&m, RX_HDR, 58, &info), 0);
	/* a message too short for a frame */
	for (len = 0; len < 58; len++) {
		m.h.len = len;
		CHECK_INT(rx(&m, 58, 58, &info), -EINVAL);
	}
	/* a message that holds the headers only */
	rx_build(&m, NULL, 0, 0);
	CHECK_EQ(m.h.len, 44);
	CHECK_INT(rx_whole(&m, &info), -EINVAL);
	CHECK_INT(nvsc_parse_rndis_pkt(NULL, 60, 60, &info), -EINVAL);
}

/* the message must lie in what the host gave it; the copy in the message's range */
TEST(nvsc_rx_len_vs_avail)
{
	struct rx_msg m;
	struct nvsc_rx_info info;

	rx_build(&m, NULL, 0, 60);
	CHECK_INT(rx(&m, 104, 104, &info), 0);
	CHECK_INT(rx(&m, 103, 103, &info), -EINVAL);	/* len > avail */
	CHECK_INT(rx(&m, 104, 103, &info), -EINVAL);	/* hdr_len > avail */
	CHECK_INT(rx(&m, 60, 103, &info), -EINVAL);
	CHECK_INT(rx(&m, 60, 104, &info), 0);
	/* a copy longer than the range is the caller's mistake, message or not */
	CHECK_INT(rx(&m, 105, 104, &info), -EINVAL);
	CHECK_INT(rx(&m, 256, 104, &info), -EINVAL);
	m.h.len = 0xffffffff;
	CHECK_INT(rx(&m, 104, 104, &info), -EINVAL);
	CHECK_INT(rx(&m, 104, 0xffffffff, &info), 0);
}

TEST(nvsc_rx_wrong_type)
{
	static const u32 types[] = {
		0, NVSC_RNDIS_MSG_INIT, NVSC_RNDIS_MSG_INDICATE,
		NVSC_RNDIS_MSG_PACKET | NVSC_RNDIS_MSG_COMPLETION,
		NVSC_RNDIS_MSG_QUERY | NVSC_RNDIS_MSG_COMPLETION, 0x101, 0xffffffff,
	};
	struct rx_msg m;
	struct nvsc_rx_info info;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		rx_build(&m, NULL, 0, 60);
		m.h.type = types[i];
		CHECK_INT(rx_whole(&m, &info), -EINVAL);
	}
}

TEST(nvsc_rx_data_bounds)
{
	static const struct {
		u32 off, len;
		bool ok;
	} cases[] = {
		{ 36, 14, true },
		{ 35, 14, false },		/* inside the packet message */
		{ 0, 60, false },
		{ 36, 13, false },		/* shorter than an Ethernet header */
		{ 36, 0, false },
		{ 36, 60, true },		/* ends at the message's end */
		{ 36, 61, false },		/* one past */
		{ 37, 60, false },
		{ 0xffffffff, 14, false },	/* 32-bit: 8 + off = 7 */
		{ 0xfffffff8, 14, false },	/* 32-bit: 8 + off = 0 */
		{ 0xfffffff8, 104, false },	/* 32-bit: ends exactly at len */
		{ 36, 0xffffffff, false },	/* 32-bit: 44 + len = 43 */
		{ 36, 0xffffffd4, false },	/* 32-bit: 44 + len = 0 */
		{ 0x80000000, 0x80000000, false },
	};
	struct rx_msg m;
	struct nvsc_rx_info info;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		rx_build(&m, NULL, 0, 60);
		m.p.data_offset = cases[i].off;
		m.p.data_len = cases[i].len;
		CHECK_INT(rx_whole(&m, &info), cases[i].ok ? 0 : -EINVAL);
		if (cases[i].ok) {
			CHECK_EQ(info.data_off, 8 + cases[i].off);
			CHECK_EQ(info.data_len, cases[i].len);
		}
	}
}

TEST(nvsc_rx_ppi_csum)
{
	static const u32 vals[] = {
		NVSC_RXCSUM_TCP_OK | NVSC_RXCSUM_IP_OK,
		NVSC_RXCSUM_UDP_OK | NVSC_RXCSUM_IP_OK,
		NVSC_RXCSUM_TCP_FAILED | NVSC_RXCSUM_IP_OK,
		NVSC_RXCSUM_IP_FAILED, 0x3f, 0xffffffff,
	};
	struct rx_msg m;
	struct nvsc_rx_info info;
	u8 ppi[16];
	u32 i;

	CHECK_EQ(NVSC_RXCSUM_TCP_FAILED, 0x01);
	CHECK_EQ(NVSC_RXCSUM_UDP_FAILED, 0x02);
	CHECK_EQ(NVSC_RXCSUM_IP_FAILED, 0x04);
	CHECK_EQ(NVSC_RXCSUM_TCP_OK, 0x08);
	CHECK_EQ(NVSC_RXCSUM_UDP_OK, 0x10);
	CHECK_EQ(NVSC_RXCSUM_IP_OK, 0x20);
	for (i = 0; i < ARRAY_SIZE(vals); i++) {
		ppi_put16(ppi, NVSC_PPI_CSUM, vals[i]);
		rx_build(&m, ppi, sizeof(ppi), 60);
		CHECK_INT(rx_whole(&m, &info), 0);
		CHECK_EQ(info.csum, vals[i]);
		CHECK(!info.has_vlan && !info.has_hash);
		CHECK_EQ(info.data_off, 44 + 16);
		CHECK_EQ(info.data_len, 60);
	}
}

/* IEEE_8021Q_INFO: pri:3 cfi:1 vlan id:12, low bits first */
TEST(nvsc_rx_ppi_vlan)
{
	static const struct {
		u32 val;
		u16 tci;
	} cases[] = {
		{ 5 | 1 << 3 | 0x123 << 4, 0xb123 },
		{ 7, 0xe000 },			/* priority only */
		{ 1 << 3, 0x1000 },		/* CFI only */
		{ 0xfff << 4, 0x0fff },		/* ID only */
		{ 0xffff0000 | 1 << 4, 0x0001 },	/* reserved bits ignored */
		{ 0, 0 },			/* a tag of all zeros is a tag */
		{ 0xffffffff, 0xffff },
	};
	static const u32 ids[] = { 0, 1, 2, 0x555, 0xaaa, 0x800, 0xfff };
	struct rx_msg m;
	struct nvsc_rx_info info;
	u32 i, pri, cfi, val;
	u8 ppi[16];

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		ppi_put16(ppi, NVSC_PPI_VLAN, cases[i].val);
		rx_build(&m, ppi, sizeof(ppi), 60);
		CHECK_INT(rx_whole(&m, &info), 0);
		CHECK(info.has_vlan);
		CHECK_EQ(info.vlan_tci, cases[i].tci);
		CHECK(!info.csum && !info.has_hash);
	}
	/* tci = id | cfi << 12 | pri << 13 */
	for (pri = 0; pri < 8; pri++)
		for (cfi = 0; cfi < 2; cfi++)
			for (i = 0; i < ARRAY_SIZE(ids); i++) {
				val = pri | cfi << 3 | ids[i] << 4;
				ppi_put16(ppi, NVSC_PPI_VLAN, val);
				rx_build(&m, ppi, sizeof(ppi), 60);
				CHECK_INT(rx_whole(&m, &info), 0);
				CHECK_EQ(info.vlan_tci, ids[i] | cfi << 12 | pri << 13);
				/* what xmit sends for a tag is what the parser reads back */
				CHECK_EQ(nvsc_vlan_info(info.vlan_tci), val);
			}
	CHECK_EQ(nvsc_vlan_info(0xb123), 5 | 1 << 3 | 0x123 << 4);
	CHECK_EQ(nvsc_vlan_info(0xffff), 0xffff);
}

TEST(nvsc_rx_ppi_hash)
{
	struct rx_msg m;
	struct nvsc_rx_info info;
	u8 ppi[16];

	ppi_put16(ppi, NVSC_PPI_HASH, 0xdeadbeef);
	rx_build(&m, ppi, sizeof(ppi), 60);
	CHECK_INT(rx_whole(&m, &info), 0);
	CHECK(info.has_hash);
	CHECK_EQ(info.hash, 0xdeadbeef);
	CHECK(!info.csum && !info.has_vlan && !info.vlan_tci);

	ppi_put16(ppi, NVSC_PPI_HASH, 0);
	rx_build(&m, ppi, sizeof(ppi), 60);
	CHECK_INT(rx_whole(&m, &info), 0);
	CHECK(info.has_hash);
	CHECK_EQ(info.hash, 0);
}

/*
 * Everything at once, with elements the parser must skip: LSO and an
 * unknown type, and internal types (bit 31) whose low bits name VLAN,
 * checksum and hash, placed after the real ones so that taking them
 * would show.
 */
TEST(nvsc_rx_ppi_all)
{
	struct rx_msg m;
	struct nvsc_rx_info info;
	u8 ppi[160];
	u32 n = 0;

	n += ppi_put16(ppi + n, NVSC_PPI_CSUM, NVSC_RXCSUM_TCP_OK | NVSC_RXCSUM_IP_OK);
	n += ppi_put16(ppi + n, NVSC_PPI_LSO, 0x11111111);
	n += ppi_put16(ppi + n, NVSC_PPI_VLAN, 3 | 0 << 3 | 100 << 4);
	n += ppi_put16(ppi + n, 5, 0x22222222);
	n += ppi_put16(ppi + n, NVSC_PPI_HASH, 0x12345678);
	n += ppi_put16(ppi + n, NVSC_PPI_INTERNAL | NVSC_PPI_VLAN, 0xffff);
	n += ppi_put16(ppi + n, NVSC_PPI_INTERNAL | NVSC_PPI_CSUM, 0x07);
	n += ppi_put16(ppi + n, NVSC_PPI_INTERNAL | NVSC_PPI_HASH, 0x99999999);
	n += ppi_put16(ppi + n, 0x7fffffff, 0x33333333);
	CHECK_EQ(n, 144);
	rx_build(&m, ppi, n, 60);
	CHECK_INT(rx_whole(&m, &info), 0);
	CHECK_EQ(info.csum, NVSC_RXCSUM_TCP_OK | NVSC_RXCSUM_IP_OK);
	CHECK(info.has_vlan);
	CHECK_EQ(info.vlan_tci, 3 << 13 | 100);
	CHECK(info.has_hash);
	CHECK_EQ(info.hash, 0x12345678);
	CHECK_EQ(info.data_off, 44 + 144);
	CHECK_EQ(info.data_len, 60);

	/* only internal ones: nothing taken */
	n = ppi_put16(ppi, NVSC_PPI_INTERNAL | NVSC_PPI_VLAN, 0xffff);
	n += ppi_put16(ppi + n, NVSC_PPI_INTERNAL | NVSC_PPI_HASH, 1);
	rx_build(&m, ppi, n, 60);
	CHECK_INT(rx_whole(&m, &info), 0);
	CHECK(rx_no_ppi(&info));
}

/* the host's packet ID info (RSC): version 1 with SUBALLOC makes a piece of a packet */
static u32 pktinfo(u8 flags, u16 id)
{
	return NVSC_PKTINFO_ID_V1 | (u32)flags << 8 | (u32)id << 16;
}

TEST(nvsc_rx_pktinfo_id)
{
	const u8 sub = NVSC_PKTINFO_SUBALLOC, first = NVSC_PKTINFO_FIRST;
	const u8 last = NVSC_PKTINFO_LAST;
	struct rx_msg m;
	struct nvsc_rx_info info;
	u8 ppi[64];
	u32 n;

	CHECK_EQ(NVSC_PPI_PKTINFO_ID, 0x80000001u);
	/* a first piece, with the whole packet's checksum info */
	n = ppi_put16(ppi, NVSC_PPI_PKTINFO_ID, pktinfo(sub | first, 0xbeef));
	n += ppi_put16(ppi + n, NVSC_PPI_CSUM, NVSC_RXCSUM_TCP_OK | NVSC_RXCSUM_TCP_VALUE_INVALID);
	rx_build(&m, ppi, n, 1600);
	CHECK_INT(rx(&m, NVSC_RX_HDR_COPY, m.h.len, &info), 0);
	CHECK_EQ(info.frag, sub | first);
	CHECK_EQ(info.pkt_id, 0xbeef);
	CHECK_EQ(info.csum, NVSC_RXCSUM_TCP_OK | NVSC_RXCSUM_TCP_VALUE_INVALID);
	CHECK_EQ(info.data_len, 1600);
	/* later pieces may be as short as a byte */
	n = ppi_put16(ppi, NVSC_PPI_PKTINFO_ID, pktinfo(sub | last, 7));
	rx_build(&m, ppi, n, 1);
	CHECK_INT(rx_whole(&m, &info), 0);
	CHECK_EQ(info.frag, sub | last);
	CHECK_EQ(info.pkt_id, 7);
	CHECK_EQ(info.data_len, 1);
	n = ppi_put16(ppi, NVSC_PPI_PKTINFO_ID, pktinfo(sub, 7));
	rx_build(&m, ppi, n, 13);
	CHECK_INT(rx_whole(&m, &info), 0);
	CHECK_EQ(info.frag, sub);
	/* but not empty */
	rx_build(&m, ppi, n, 0);
	CHECK_INT(rx_whole(&m, &info), -EINVAL);
	/* a first piece holds an Ethernet header, as a frame does */
	n = ppi_put16(ppi, NVSC_PPI_PKTINFO_ID, pktinfo(sub | first | last, 7));
	rx_build(&m, ppi, n, 13);
	CHECK_INT(rx_whole(&m, &info), -EINVAL);
	rx_build(&m, ppi, n, 14);
	CHECK_INT(rx_whole(&m, &info), 0);
	CHECK_EQ(info.frag, sub | first | last);
	/* without SUBALLOC, or of another version, it is a whole frame */
	n = ppi_put16(ppi, NVSC_PPI_PKTINFO_ID, pktinfo(last, 7));
	rx_build(&m, ppi, n, 13);
	CHECK_INT(rx_whole(&m, &info), -EINVAL);
	rx_build(&m, ppi, n, 60);
	CHECK_INT(rx_whole(&m, &info), 0);
	CHECK(rx_no_ppi(&info));
	n = ppi_put16(ppi, NVSC_PPI_PKTINFO_ID, pktinfo(sub, 7) + 1);
	rx_build(&m, ppi, n, 60);
	CHECK_INT(rx_whole(&m, &info), 0);
	CHECK(rx_no_ppi(&info));
	/* the same number as a public type is not it */
	n = ppi_put16(ppi, 1, pktinfo(sub, 7));
	rx_build(&m, ppi, n, 13);
	CHECK_INT(rx_whole(&m, &info), -EINVAL);
	/* a value shorter than 4 bytes is skipped */
	n = ppi_put(ppi, 14, NVSC_PPI_PKTINFO_ID, 12, 0);
	ppi[12] = NVSC_PKTINFO_ID_V1;
	ppi[13] = sub | first;
	rx_build(&m, ppi, n, 60);
	CHECK_INT(rx_whole(&m, &info), 0);
	CHECK(rx_no_ppi(&info));
}

/* the value sits at ppi_offset from its element's start, wherever that is */
TEST(nvsc_rx_ppi_value_offset)
{
	struct rx_msg m;
	struct nvsc_rx_info info;
	u8 ppi[64];
	u32 n, decoy = 0x0badf00d;

	/* a 24-byte element with its value at 20; a decoy at 12 */
	n = ppi_put(ppi, 24, NVSC_PPI_HASH, 20, 0xcafef00d);
	memcpy(ppi + 12, &decoy, 4);
	n += ppi_put(ppi + n, 20, NVSC_PPI_CSUM, 16, 0x28);
	memcpy(ppi + 24 + 12, &decoy, 4);
	rx_build(&m, ppi, n, 60);
	CHECK_INT(rx_whole(&m, &info), 0);
	CHECK(info.has_hash);
	CHECK_EQ(info.hash, 0xcafef00d);
	CHECK_EQ(info.csum, 0x28);

	/* the packet's ppi_offset counts from after the header too */
	rx_build(&m, NULL, 0, 0);
	m.p.ppi_offset = 100;
	m.p.ppi_len = 16;
	ppi_put16((u8 *)&m + 108, NVSC_PPI_HASH, 0xfeedface);
	m.p.data_offset = 116;
	m.p.data_len = 14;
	m.h.len = 8 + 116 + 14;
	CHECK_INT(rx_whole(&m, &info), 0);
	CHECK(info.has_hash);
	CHECK_EQ(info.hash, 0xfeedface);
}

/* an element whose value does not fit it is skipped, not refused */
TEST(nvsc_rx_ppi_no_value)
{
	static const struct {
		u32 size, off;
	} cases[] = {
		{ 12, 12 },	/* the head alone */
		{ 15, 12 },	/* 3 value bytes */
		{ 16, 13 },
		{ 16, 16 },	/* ppi_offset at the element's end */
		{ 20, 17 },
	};
	struct rx_msg m;
	struct nvsc_rx_info info;
	u8 ppi[64];
	u32 i, n;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		memset(ppi, 0xff, sizeof(ppi));
		n = ppi_put(ppi, cases[i].size, NVSC_PPI_HASH, cases[i].off, 0);
		n += ppi_put16(ppi + n, NVSC_PPI_CSUM, 0x10);
		rx_build(&m, ppi, n, 60);
		CHECK_INT(rx_whole(&m, &info), 0);
		CHECK(!info.has_hash);
		CHECK_EQ(info.csum, 0x10);
	}
}

TEST(nvsc_rx_ppi_bad_elements)
{
	static const struct {
		u32 size, off;
	} cases[] = {
		{ 0, 12 },		/* would loop for ever */
		{ 4, 4 },
		{ 11, 12 },		/* size < 12 */
		{ 16, 11 },		/* the value inside the head */
		{ 16, 0 },
		{ 16, 8 },
		{ 16, 17 },		/* ppi_offset > size */
		{ 16, 0xffffffff },
		{ 0xffffffff, 12 },	/* larger than the area */
		{ 17, 12 },		/* one byte larger than the area */
	};
	struct rx_msg m;
	struct nvsc_rx_info info;
	u8 ppi[16];
	u32 i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		ppi_put(ppi, cases[i].size, NVSC_PPI_HASH, cases[i].off, 0);
		rx_build(&m, ppi, sizeof(ppi), 60);
		CHECK_INT(rx_whole(&m, &info), -EINVAL);
	}
}

/* bad elements after and between good ones, and tails too short for an element */
TEST(nvsc_rx_ppi_walk_later_elements)
{
	struct rx_msg m;
	struct nvsc_rx_info info;
	u8 ppi[64];
	u32 n, k;

	n = ppi_put16(ppi, NVSC_PPI_CSUM, 0x28);
	n += ppi_put(ppi + n, 11, NVSC_PPI_LSO, 12, 0);
	n += ppi_put16(ppi + n, NVSC_PPI_HASH, 1);
	rx_build(&m, ppi, 16 + 11 + 16, 60);
	CHECK_INT(rx_whole(&m, &info), -EINVAL);

	n = ppi_put16(ppi, NVSC_PPI_CSUM, 0x28);
	n += ppi_put16(ppi + n, NVSC_PPI_HASH, 1);
	/* a second element that runs past the area */
	rx_build(&m, ppi, n - 1, 60);
	CHECK_INT(rx_whole(&m, &info), -EINVAL);

	/*
	 * 1..12 zero bytes after a valid element: no room, or a size of 0;
	 * also with the copy ending there, so that reading a whole element
	 * head from too few bytes would read past it
	 */
	for (k = 1; k <= 12; k++) {
		memset(ppi, 0, sizeof(ppi));
		ppi_put16(ppi, NVSC_PPI_CSUM, 0x28);
		rx_build(&m, ppi, 16 + k, 60);
		CHECK_INT(rx_whole(&m, &info), -EINVAL);
		CHECK_INT(rx(&m, RX_HDR + 16 + k, m.h.len, &info), -EINVAL);
	}
	ppi_put16(ppi, NVSC_PPI_CSUM, 0x28);
	rx_build(&m, ppi, 16, 60);
	CHECK_INT(rx_whole(&m, &info), 0);
}

/* the per-packet info must lie after the packet message, in the copy and the message */
TEST(nvsc_rx_ppi_area)
{
	struct rx_msg m;
	struct nvsc_rx_info info;
	u8 ppi[16];

	ppi_put16(ppi, NVSC_PPI_HASH, 0x5555);
	rx_build(&m, ppi, sizeof(ppi), 60);
	CHECK_EQ(m.h.len, 120);

	/* the copy ends exactly at the area's end, and one byte before */
	CHECK_INT(rx(&m, 60, 120, &info), 0);
	CHECK_EQ(info.hash, 0x5555);
	CHECK_INT(rx(&m, 59, 120, &info), -EINVAL);
	CHECK_INT(rx(&m, 44, 120, &info), -EINVAL);

	/* a message ending inside the area, with the copy holding it all */
	rx_build(&m, ppi, sizeof(ppi), 60);
	m.p.data_offset = 36;
	m.p.data_len = 14;
	m.h.len = 59;
	CHECK_INT(rx(&m, 60, 120, &info), -EINVAL);
	m.h.len = 60;
	CHECK_INT(rx(&m, 60, 120, &info), 0);

	/* the area starts inside the packet message */
	rx_build(&m, ppi, sizeof(ppi), 60);
	m.p.ppi_offset = 35;
	CHECK_INT(rx_whole(&m, &info), -EINVAL);
	m.p.ppi_offset = 0;
	CHECK_INT(rx_whole(&m, &info), -EINVAL);

	/*
	 * An area that starts at vc_handle, inside the packet message, whose
	 * bytes read as a valid element (size vc_handle, type reserved, its
	 * ppi_offset and value after the packet message): refused all the same.
	 */
	rx_build(&m, NULL, 0, 0);
	m.p.vc_handle = 16;
	m.p.reserved = NVSC_PPI_HASH;
	m.rest[0] = 12;
	m.rest[4] = 0x77;
	m.p.ppi_offset = offsetof(struct nvsc_rndis_packet, vc_handle);
	m.p.ppi_len = 16;
	m.p.data_offset = 36 + 8;
	m.p.data_len = 14;
	m.h.len = 8 + 36 + 8 + 14;
	CHECK_INT(rx_whole(&m, &info), -EINVAL);
	/* the same element where it belongs is read */
	m.p.ppi_offset = 36;
	memcpy(m.rest, &m.p.vc_handle, 8);
	m.rest[8] = 12;
	m.rest[12] = 0x77;
	m.p.data_offset = 36 + 16;
	m.h.len = 8 + 36 + 16 + 14;
	CHECK_INT(rx_whole(&m, &info), 0);
	CHECK(info.has_hash);
	CHECK_EQ(info.hash, 0x77);
}

TEST(nvsc_rx_ppi_area_wrap)
{
	static const struct {
		u32 off, len;
	} cases[] = {
		{ 0xffffffff, 16 },	/* 32-bit: 8 + off = 7 */
		{ 0xfffffff8, 16 },	/* 32-bit: 8 + off = 0 */
		{ 0xfffffffc, 16 },	/* 32-bit: the area at byte 4 */
		{ 36, 0xffffffff },	/* 32-bit: 44 + len = 43 */
		{ 36, 0xffffffd4 },	/* 32-bit: 44 + len = 0 */
		{ 0x80000000, 0x80000000 },
	};
	struct rx_msg m;
	struct nvsc_rx_info info;
	u8 ppi[16];
	u32 i;

	ppi_put16(ppi, NVSC_PPI_HASH, 1);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		rx_build(&m, ppi, sizeof(ppi), 60);
		m.p.ppi_offset = cases[i].off;
		m.p.ppi_len = cases[i].len;
		CHECK_INT(rx_whole(&m, &info), -EINVAL);
	}
}

/* no per-packet info: its offset means nothing */
TEST(nvsc_rx_ppi_len_zero)
{
	struct rx_msg m;
	struct nvsc_rx_info info;

	rx_build(&m, NULL, 0, 60);
	m.p.ppi_offset = 0xffffffff;
	CHECK_INT(rx_whole(&m, &info), 0);
	CHECK(rx_no_ppi(&info));
	m.p.ppi_offset = 0;
	CHECK_INT(rx_whole(&m, &info), 0);
}

/* ------------------------------------------------- RNDIS control messages */

#define CTL_MAX		128

struct ctl_msg {
	struct nvsc_rndis_hdr h;
	union {
		struct nvsc_rndis_init_c init_c;
		struct nvsc_rndis_query_c query_c;
		struct nvsc_rndis_simple_c simple_c;
		struct nvsc_rndis_indicate ind;
		u8 body[CTL_MAX - 8];
	};
} __packed;

#define T_INIT_C	(NVSC_RNDIS_MSG_INIT | NVSC_RNDIS_MSG_COMPLETION)
#define T_QUERY_C	(NVSC_RNDIS_MSG_QUERY | NVSC_RNDIS_MSG_COMPLETION)
#define T_SET_C		(NVSC_RNDIS_MSG_SET | NVSC_RNDIS_MSG_COMPLETION)
#define T_RESET_C	(NVSC_RNDIS_MSG_RESET | NVSC_RNDIS_MSG_COMPLETION)
#define T_KEEPALIVE_C	(NVSC_RNDIS_MSG_KEEPALIVE | NVSC_RNDIS_MSG_COMPLETION)

/* what the host sends and the shortest message of each, header included */
static const struct {
	u32 type;
	u32 min_len;
} ctl_host[] = {
	{ T_INIT_C, 52 }, { T_QUERY_C, 24 }, { T_SET_C, 16 }, { T_RESET_C, 16 },
	{ T_KEEPALIVE_C, 16 }, { NVSC_RNDIS_MSG_INDICATE, 20 },
};

static void ctl_build(struct ctl_msg *m, u32 type, u32 len)
{
	memset(m, 0, sizeof(*m));
	pattern(m->body, sizeof(m->body), 0x41);
	m->h.type = type;
	m->h.len = len;
}

/* Parses the first @len bytes of @m, from an exact heap copy. */
static int ctl(const struct ctl_msg *m, u32 len, struct nvsc_rndis_ctl *out)
{
	u8 *buf = dup_exact(m, len);
	int ret;

	memset(out, 0xa5, sizeof(*out));
	ret = nvsc_parse_rndis_ctl(buf, len, out);
	free(buf);
	return ret;
}

static int ctl_whole(const struct ctl_msg *m, struct nvsc_rndis_ctl *out)
{
	return ctl(m, m->h.len, out);
}

TEST(nvsc_ctl_init_c)
{
	struct ctl_msg m;
	struct nvsc_rndis_ctl out;

	ctl_build(&m, T_INIT_C, 52);
	m.init_c = (struct nvsc_rndis_init_c){
		.req_id = 1, .status = NVSC_RNDIS_STATUS_SUCCESS, .major = 1,
		.minor = 0, .dev_flags = 1, .medium = 0, .max_pkt_per_msg = 8,
		.max_xfer_size = 0x4000, .pkt_align_factor = 3,
	};
	CHECK_INT(ctl_whole(&m, &out), 0);
	CHECK_EQ(out.type, T_INIT_C);
	CHECK_EQ(out.req_id, 1);
	CHECK_EQ(out.status, 0);
	CHECK_EQ(out.info_off, 0);
	CHECK_EQ(out.info_len, 0);

	m.init_c.req_id = 0xfedcba98;
	m.init_c.status = 0xc0000001;
	CHECK_INT(ctl_whole(&m, &out), 0);
	CHECK_EQ(out.req_id, 0xfedcba98);
	CHECK_EQ(out.status, 0xc0000001);
}

TEST(nvsc_ctl_simple_c)
{
	static const u32 types[] = { T_SET_C, T_KEEPALIVE_C };
	struct ctl_msg m;
	struct nvsc_rndis_ctl out;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		ctl_build(&m, types[i], 16);
		m.simple_c = (struct nvsc_rndis_simple_c){ .req_id = 77, .status = 0xc00000bb };
		CHECK_INT(ctl_whole(&m, &out), 0);
		CHECK_EQ(out.type, types[i]);
		CHECK_EQ(out.req_id, 77);
		CHECK_EQ(out.status, 0xc00000bb);
		CHECK_EQ(out.info_off, 0);
		CHECK_EQ(out.info_len, 0);
	}
}

/* RESET_C has no request ID: status, then addressing_reset */
TEST(nvsc_ctl_reset_c)
{
	struct ctl_msg m;
	struct nvsc_rndis_ctl out;
	u32 body[2] = { 0xc0000001, 1 };

	ctl_build(&m, T_RESET_C, 16);
	memcpy(m.body, body, sizeof(body));
	CHECK_INT(ctl_whole(&m, &out), 0);
	CHECK_EQ(out.type, T_RESET_C);
	CHECK_EQ(out.req_id, 0);
	CHECK_EQ(out.status, 0xc0000001);
	CHECK_EQ(out.info_off, 0);
	CHECK_EQ(out.info_len, 0);
}

/* QUERY_C: the information buffer's offset counts from req_id */
TEST(nvsc_ctl_query_c_info_inside)
{
	static const u8 mac[6] = { 0x00, 0x15, 0x5d, 0x01, 0x02, 0x03 };
	struct ctl_msg m;
	struct nvsc_rndis_ctl out;

	ctl_build(&m, T_QUERY_C, 30);
	m.query_c = (struct nvsc_rndis_query_c){
		.req_id = 5, .status = 0, .info_len = 6, .info_offset = 16,
	};
	memcpy((u8 *)&m + 24, mac, 6);
	CHECK_INT(ctl_whole(&m, &out), 0);
	CHECK_EQ(out.type, T_QUERY_C);
	CHECK_EQ(out.req_id, 5);
	CHECK_EQ(out.status, 0);
	CHECK_EQ(out.info_off, 24);
	CHECK_EQ(out.info_len, 6);
	CHECK(!memcmp((u8 *)&m + out.info_off, mac, 6));

	/* a gap before the buffer, which ends at the message's end */
	m.h.len = 64;
	m.query_c.info_offset = 50;
	CHECK_INT(ctl_whole(&m, &out), 0);
	CHECK_EQ(out.info_off, 58);
	CHECK_EQ(out.info_off + out.info_len, 64);

	/* the message is shorter than the copy: the buffer must fit the message */
	m.h.len = 63;
	CHECK_INT(ctl(&m, 64, &out), -EINVAL);
	m.query_c.info_offset = 49;
	CHECK_INT(ctl(&m, 64, &out), 0);
	CHECK_EQ(out.info_off + out.info_len, 63);

	/* a refusal carries no buffer and is no parse error */
	ctl_build(&m, T_QUERY_C, 24);
	m.query_c = (struct nvsc_rndis_query_c){
		.req_id = 6, .status = 0xc00000bb, .info_len = 0, .info_offset = 0xffffffff,
	};
	CHECK_INT(ctl_whole(&m, &out), 0);
	CHECK_EQ(out.status, 0xc00000bb);
	CHECK_EQ(out.info_off, 0);
	CHECK_EQ(out.info_len, 0);
}

TEST(nvsc_ctl_query_c_info_outside)
{
	static const struct {
		u32 off, len, msg_len;
		bool ok;
	} cases[] = {
		{ 16, 6, 30, true },
		{ 16, 6, 29, false },		/* one past the end */
		{ 17, 6, 30, false },
		{ 15, 6, 30, false },		/* over info_offset itself */
		{ 0, 6, 30, false },		/* over req_id */
		{ 16, 7, 30, false },
		{ 0xffffffff, 1, 30, false },	/* 32-bit: 8 + off = 7 */
		{ 0xfffffff8, 6, 30, false },	/* 32-bit: 8 + off = 0 */
		{ 16, 0xffffffff, 30, false },	/* 32-bit: 24 + len = 23 */
		{ 16, 0xffffffe8, 30, false },	/* 32-bit: 24 + len = 0 */
		{ 0x80000000, 0x80000000, 30, false },
	};
	struct ctl_msg m;
	struct nvsc_rndis_ctl out;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		ctl_build(&m, T_QUERY_C, cases[i].msg_len);
		m.query_c = (struct nvsc_rndis_query_c){
			.req_id = 5, .info_len = cases[i].len, .info_offset = cases[i].off,
		};
		CHECK_INT(ctl_whole(&m, &out), cases[i].ok ? 0 : -EINVAL);
	}
}

/* INDICATE: the status buffer's offset counts from status */
TEST(nvsc_ctl_indicate)
{
	struct ctl_msg m;
	struct nvsc_rndis_ctl out;
	u32 val = 0x12345678;

	/* without a status buffer */
	ctl_build(&m, NVSC_RNDIS_MSG_INDICATE, 20);
	m.ind = (struct nvsc_rndis_indicate){
		.status = NVSC_RNDIS_STATUS_MEDIA_CONNECT, .buf_len = 0, .buf_offset = 0,
	};
	CHECK_INT(ctl_whole(&m, &out), 0);
	CHECK_EQ(out.type, NVSC_RNDIS_MSG_INDICATE);
	CHECK_EQ(out.req_id, 0);
	CHECK_EQ(out.status, NVSC_RNDIS_STATUS_MEDIA_CONNECT);
	CHECK_EQ(out.info_off, 0);
	CHECK_EQ(out.info_len, 0);
	m.ind.buf_offset = 0xffffffff;		/* unused without a length */
	CHECK_INT(ctl_whole(&m, &out), 0);
	CHECK_EQ(out.info_off, 0);

	/* with one, right after the body, to the message's end */
	ctl_build(&m, NVSC_RNDIS_MSG_INDICATE, 24);
	m.ind = (struct nvsc_rndis_indicate){
		.status = NVSC_RNDIS_STATUS_NETWORK_CHANGE, .buf_len = 4, .buf_offset = 12,
	};
	memcpy((u8 *)&m + 20, &val, 4);
	CHECK_INT(ctl_whole(&m, &out), 0);
	CHECK_EQ(out.req_id, 0);
	CHECK_EQ(out.status, NVSC_RNDIS_STATUS_NETWORK_CHANGE);
	CHECK_EQ(out.info_off, 20);
	CHECK_EQ(out.info_len, 4);
	CHECK(!memcmp((u8 *)&m + out.info_off, &val, 4));

	m.h.len = 23;				/* one byte past */
	CHECK_INT(ctl(&m, 24, &out), -EINVAL);
	CHECK_INT(ctl_whole(&m, &out), -EINVAL);
	m.h.len = 24;
	m.ind.buf_offset = 11;			/* over buf_offset */
	CHECK_INT(ctl_whole(&m, &out), -EINVAL);
	m.ind.buf_offset = 13;
	CHECK_INT(ctl_whole(&m, &out), -EINVAL);
	m.ind.buf_offset = 0xffffffff;
	CHECK_INT(ctl_whole(&m, &out), -EINVAL);
	m.ind.buf_offset = 0xfffffff8;		/* 32-bit: 8 + off = 0 */
	CHECK_INT(ctl_whole(&m, &out), -EINVAL);
	m.ind.buf_offset = 12;
	m.ind.buf_len = 0xfffffffc;		/* 32-bit: 20 + len = 16 */
	CHECK_INT(ctl_whole(&m, &out), -EINVAL);
	m.ind.buf_len = 0xffffffec;		/* 32-bit: 20 + len = 0 */
	CHECK_INT(ctl_whole(&m, &out), -EINVAL);
}

/* every length below each type's minimum, in the header and in the copy */
TEST(nvsc_ctl_every_length)
{
	struct ctl_msg m;
	struct nvsc_rndis_ctl out;
	u32 i, len;

	for (i = 0; i < ARRAY_SIZE(ctl_host); i++) {
		u32 min = ctl_host[i].min_len;

		ctl_build(&m, ctl_host[i].type, min);
		/* no buffers: the lengths of QUERY_C and INDICATE are zero */
		memset(m.body, 0, sizeof(m.body));
		for (len = 0; len < min; len++) {
			m.h.len = len;
			CHECK_INT(ctl(&m, len, &out), -EINVAL);
			CHECK_INT(ctl(&m, CTL_MAX, &out), -EINVAL);
			m.h.len = min;
			CHECK_INT(ctl(&m, len, &out), -EINVAL);
		}
		m.h.len = min;
		CHECK_INT(ctl(&m, min, &out), 0);
		CHECK_EQ(out.type, ctl_host[i].type);
		CHECK_INT(ctl(&m, CTL_MAX, &out), 0);
		m.h.len = CTL_MAX;
		CHECK_INT(ctl(&m, CTL_MAX, &out), 0);
		CHECK_INT(ctl(&m, CTL_MAX - 1, &out), -EINVAL);
	}
	CHECK_INT(nvsc_parse_rndis_ctl(NULL, 64, &out), -EINVAL);
}

/* requests, data, and numbers no one defines: not control messages from a host */
TEST(nvsc_ctl_types_host_does_not_send)
{
	static const u32 types[] = {
		0, NVSC_RNDIS_MSG_PACKET, NVSC_RNDIS_MSG_INIT, NVSC_RNDIS_MSG_HALT,
		NVSC_RNDIS_MSG_QUERY, NVSC_RNDIS_MSG_SET, NVSC_RNDIS_MSG_RESET,
		NVSC_RNDIS_MSG_KEEPALIVE, 9, NVSC_RNDIS_MSG_COMPLETION,
		NVSC_RNDIS_MSG_PACKET | NVSC_RNDIS_MSG_COMPLETION,
		NVSC_RNDIS_MSG_HALT | NVSC_RNDIS_MSG_COMPLETION,
		NVSC_RNDIS_MSG_INDICATE | NVSC_RNDIS_MSG_COMPLETION,
		0x80000009, 0x40000002, 0x00000082, 0xffffffff,
	};
	struct ctl_msg m;
	struct nvsc_rndis_ctl out;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		ctl_build(&m, types[i], CTL_MAX);
		memset(m.body, 0, sizeof(m.body));
		CHECK_INT(ctl(&m, CTL_MAX, &out), -EINVAL);
	}
}

/* ------------------------------------------------ RSS capabilities */

static int rss_caps(const void *src, u32 len, u32 *queues, u32 *entries)
{
	void *buf = malloc(len ? len : 1);
	int ret;

	if (len)
		memcpy(buf, src, len);
	ret = nvsc_parse_rss_caps(len ? buf : NULL, len, queues, entries);
	free(buf);
	return ret;
}

TEST(nvsc_rss_caps_revision2)
{
	struct nvsc_rss_caps c = {
		.hdr = { .type = NVSC_NDIS_OBJ_RSS_CAPS, .revision = 2, .size = sizeof(c) },
		.num_queues = 8, .num_table_entries = 128,
	};
	u32 q = 0xa5a5a5a5, e = 0xa5a5a5a5;

	CHECK_EQ(rss_caps(&c, sizeof(c), &q, &e), 0);
	CHECK_EQ(q, 8);
	CHECK_EQ(e, 128);
	/* more bytes than the object: fine, the object says its size */
	{
		u8 big[64] = {};

		memcpy(big, &c, sizeof(c));
		CHECK_EQ(rss_caps(big, sizeof(big), &q, &e), 0);
		CHECK_EQ(e, 128);
	}
}

TEST(nvsc_rss_caps_revision1)
{
	struct nvsc_rss_caps c = {
		.hdr = { .type = NVSC_NDIS_OBJ_RSS_CAPS, .revision = 1,
			 .size = offsetof(struct nvsc_rss_caps, num_table_entries) },
		.num_queues = 4, .num_table_entries = 99,
	};
	u32 q = 0, e = 0xa5a5a5a5;

	/* revision 1 ends before the table size: 0, whatever follows */
	CHECK_EQ(rss_caps(&c, sizeof(c), &q, &e), 0);
	CHECK_EQ(q, 4);
	CHECK_EQ(e, 0);
	CHECK_EQ(rss_caps(&c, c.hdr.size, &q, &e), 0);
	CHECK_EQ(e, 0);
}

TEST(nvsc_rss_caps_refused)
{
	struct nvsc_rss_caps c = {
		.hdr = { .type = NVSC_NDIS_OBJ_RSS_CAPS, .revision = 2, .size = sizeof(c) },
		.num_queues = 8,
	};
	u32 q, e;

	/* shorter than revision 1, or than its own header says */
	CHECK_EQ(rss_caps(&c, offsetof(struct nvsc_rss_caps, num_table_entries) - 1, &q, &e),
		 -EINVAL);
	CHECK_EQ(rss_caps(&c, sizeof(c) - 1, &q, &e), -EINVAL);
	CHECK_EQ(rss_caps(NULL, 0, &q, &e), -EINVAL);
	/* another object type */
	c.hdr.type = NVSC_NDIS_OBJ_RSS_PARAMS;
	CHECK_EQ(rss_caps(&c, sizeof(c), &q, &e), -EINVAL);
	/* a size that does not even cover revision 1 */
	c.hdr.type = NVSC_NDIS_OBJ_RSS_CAPS;
	c.hdr.size = 4;
	CHECK_EQ(rss_caps(&c, sizeof(c), &q, &e), -EINVAL);
}

/* ------------------------------------------------ offload capabilities */

static int ofl_caps(const void *src, u32 len, struct nvsc_offload_caps *caps)
{
	void *buf = malloc(len ? len : 1);
	int ret;

	if (len)
		memcpy(buf, src, len);
	ret = nvsc_parse_offload_caps(len ? buf : NULL, len, caps);
	free(buf);
	return ret;
}

#define ALL_TCP (NVSC_CSUM_CAP_TCP | NVSC_CSUM_CAP_TCP_OPT | NVSC_CSUM_CAP_IP_OPT)

/* what vmswitch offers at NDIS 6.30: every checksum, LSOv2 for both versions */
static struct nvsc_ndis_offload vmswitch_caps(void)
{
	struct nvsc_ndis_offload o = {
		.hdr = { .type = NVSC_NDIS_OBJ_OFFLOAD, .revision = 3, .size = sizeof(o) },
		.ip4_tx_encap = NVSC_ENCAP_8023,
		.ip4_tx_csum = ALL_TCP | NVSC_CSUM_CAP_UDP | NVSC_CSUM_CAP_IP4,
		.ip4_rx_encap = NVSC_ENCAP_8023,
		.ip4_rx_csum = ALL_TCP | NVSC_CSUM_CAP_UDP | NVSC_CSUM_CAP_IP4,
		.ip6_tx_encap = NVSC_ENCAP_8023,
		.ip6_tx_csum = ALL_TCP | NVSC_CSUM_CAP_UDP,
		.ip6_rx_encap = NVSC_ENCAP_8023,
		.ip6_rx_csum = ALL_TCP | NVSC_CSUM_CAP_UDP,
		.lso4_encap = NVSC_ENCAP_8023, .lso4_max = 62780, .lso4_min_segs = 2,
		.lso6_encap = NVSC_ENCAP_8023, .lso6_max = 62780, .lso6_min_segs = 2,
		.lso6_opts = NVSC_LSO6_CAP_IP6_EXT | NVSC_LSO6_CAP_TCP_OPT,
	};

	return o;
}

#define ALL_OFL (NVSC_OFL_TCP4 | NVSC_OFL_UDP4 | NVSC_OFL_TCP6 | NVSC_OFL_UDP6)

TEST(nvsc_offload_caps_vmswitch)
{
	struct nvsc_ndis_offload o = vmswitch_caps();
	struct nvsc_offload_caps c;

	CHECK_EQ(ofl_caps(&o, sizeof(o), &c), 0);
	CHECK_EQ(c.tx_csum, ALL_OFL);
	CHECK_EQ(c.rx_csum, ALL_OFL);
	CHECK_EQ(c.lso4_max, 62780);
	CHECK_EQ(c.lso6_max, 62780);
	CHECK_EQ(c.lso_min_segs, 2);
	CHECK_EQ(c.rsc, false);
	/* RSC for both versions only */
	o.rsc_ip4 = 1;
	CHECK_EQ(ofl_caps(&o, sizeof(o), &c), 0);
	CHECK_EQ(c.rsc, false);
	o.rsc_ip6 = 1;
	CHECK_EQ(ofl_caps(&o, sizeof(o), &c), 0);
	CHECK_EQ(c.rsc, true);
}

TEST(nvsc_offload_caps_revision1)
{
	struct nvsc_ndis_offload o = vmswitch_caps();
	struct nvsc_offload_caps c;

	/* revision 1 ends before IPsec v2 and RSC: what follows is not read */
	o.hdr.revision = 1;
	o.hdr.size = NVSC_NDIS_OFFLOAD_SIZE_REV1;
	o.rsc_ip4 = o.rsc_ip6 = 1;
	CHECK_EQ(ofl_caps(&o, sizeof(o), &c), 0);
	CHECK_EQ(c.rsc, false);
	CHECK_EQ(c.tx_csum, ALL_OFL);
	CHECK_EQ(ofl_caps(&o, NVSC_NDIS_OFFLOAD_SIZE_REV1, &c), 0);
	CHECK_EQ(c.lso6_max, 62780);
}

TEST(nvsc_offload_caps_partial)
{
	struct nvsc_ndis_offload o = vmswitch_caps();
	struct nvsc_offload_caps c;

	/* TCP without its options is not offered; LSO and UDP need TCP */
	o.ip4_tx_csum = NVSC_CSUM_CAP_TCP | NVSC_CSUM_CAP_UDP;
	CHECK_EQ(ofl_caps(&o, sizeof(o), &c), 0);
	CHECK_EQ(c.tx_csum, NVSC_OFL_TCP6 | NVSC_OFL_UDP6);
	CHECK_EQ(c.lso4_max, 0);
	CHECK_EQ(c.lso6_max, 62780);
	/* IPv6 TCP needs extension headers too; LSO6 its own options */
	o = vmswitch_caps();
	o.ip6_tx_csum = NVSC_CSUM_CAP_TCP | NVSC_CSUM_CAP_TCP_OPT;
	o.lso6_opts = NVSC_LSO6_CAP_TCP_OPT;
	CHECK_EQ(ofl_caps(&o, sizeof(o), &c), 0);
	CHECK_EQ(c.tx_csum, NVSC_OFL_TCP4 | NVSC_OFL_UDP4);
	CHECK_EQ(c.rx_csum, ALL_OFL);
	CHECK_EQ(c.lso6_max, 0);
	o = vmswitch_caps();
	o.lso6_opts = NVSC_LSO6_CAP_IP6_EXT;
	CHECK_EQ(ofl_caps(&o, sizeof(o), &c), 0);
	CHECK_EQ(c.lso6_max, 0);
	CHECK_EQ(c.lso_min_segs, 2);
	/* only 802.3 encapsulation counts; an LSO of 0 bytes is none */
	o = vmswitch_caps();
	o.ip4_rx_encap = 0x0001;	/* NULL encapsulation */
	o.lso4_max = 0;
	o.lso6_encap = 0x0004;
	CHECK_EQ(ofl_caps(&o, sizeof(o), &c), 0);
	CHECK_EQ(c.rx_csum, NVSC_OFL_TCP6 | NVSC_OFL_UDP6);
	CHECK_EQ(c.lso4_max, 0);
	CHECK_EQ(c.lso6_max, 0);
	CHECK_EQ(c.lso_min_segs, 0);
	/* nothing offered at all */
	memset(&o, 0, sizeof(o));
	o.hdr = (struct nvsc_ndis_obj_hdr){ .type = NVSC_NDIS_OBJ_OFFLOAD, .revision = 3,
					    .size = sizeof(o) };
	CHECK_EQ(ofl_caps(&o, sizeof(o), &c), 0);
	CHECK_EQ(c.tx_csum | c.rx_csum | c.lso4_max | c.lso6_max, 0);
}

TEST(nvsc_offload_caps_refused)
{
	struct nvsc_ndis_offload o = vmswitch_caps();
	struct nvsc_offload_caps c;

	/* shorter than its header says, or than revision 1 */
	CHECK_EQ(ofl_caps(&o, sizeof(o) - 1, &c), -EINVAL);
	o.hdr.size = NVSC_NDIS_OFFLOAD_SIZE_REV1 - 1;
	CHECK_EQ(ofl_caps(&o, sizeof(o), &c), -EINVAL);
	CHECK_EQ(ofl_caps(&o, 3, &c), -EINVAL);
	CHECK_EQ(ofl_caps(NULL, 0, &c), -EINVAL);
	/* another object type, revision 0 */
	o = vmswitch_caps();
	o.hdr.type = NVSC_NDIS_OBJ_DEFAULT;
	CHECK_EQ(ofl_caps(&o, sizeof(o), &c), -EINVAL);
	o = vmswitch_caps();
	o.hdr.revision = 0;
	CHECK_EQ(ofl_caps(&o, sizeof(o), &c), -EINVAL);
	/* refused means nothing offered, whatever the bytes said */
	CHECK_EQ(c.tx_csum | c.rx_csum | c.lso4_max | c.lso6_max, 0);
}
