// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of drivers/storage/parse.c, what storvsc.ko makes of the storage
 * host's packets: the packet size per protocol version, the checks of one
 * VSTOR packet against the negotiated size, and the decoding of an SRB's
 * completion into host byte, status, sense, bytes moved and action.
 *
 * Packets are built byte by byte at the protocol's offsets (the first test
 * pins vstor.h's structs to the same offsets), each handed to the parser
 * in a heap block of exactly its length so that AddressSanitizer catches a
 * read past it; outputs are pre-filled with 0xa5 so that an unwritten field
 * cannot pass for a 0.
 *
 * Covered: svsc_pkt_size() for every version the host speaks and the
 * boundary below 5.1; svsc_parse_reply() with a size that is neither packet
 * size, every length below 4, host notifications of 4 to 11 bytes (taken,
 * status 0) and of a header or more, a completion one byte short of each
 * size, exactly the size and longer (only the negotiated size's bytes read:
 * a 48-byte completion never yields the Windows 8 extension), the header's
 * status, the properties, sense_max per size; svsc_decode_srb() for success
 * and data overrun with every relation of bytes moved to the buffer, CHECK
 * CONDITION with and without sense, the sense length at and past each
 * size's limit, the rescan conditions in fixed and descriptor format and
 * the sense too short to hold them, other SCSI statuses, every SRB code and
 * the flag bits around it, and the TEST UNIT READY exception.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>

#include "runner.h"
#include "drivers/storage/parse.h"

/* the protocol's byte offsets: the header, then the SRB (or properties) */
#define P_OP		0
#define P_FLAGS		4
#define P_STATUS	8
#define P_BODY		12
#define S_LENGTH	(P_BODY + 0)
#define S_SRB_STATUS	(P_BODY + 2)
#define S_SCSI_STATUS	(P_BODY + 3)
#define S_LUN		(P_BODY + 7)
#define S_SENSE_LEN	(P_BODY + 9)
#define S_DATA_IN	(P_BODY + 10)
#define S_XFER		(P_BODY + 12)
#define S_SENSE		(P_BODY + 16)	/* over the CDB */
#define S_EXT		(P_BODY + 36)	/* Windows 8 extension, 16 bytes */
#define S_SRB_FLAGS	(P_BODY + 40)
#define S_TIMEOUT	(P_BODY + 44)
#define PR_MAX_CHANNELS	(P_BODY + 4)
#define PR_FLAGS	(P_BODY + 8)
#define PR_MAX_XFER	(P_BODY + 12)

#define SIZE8		64u	/* 5.1 and later */
#define SIZE7		48u	/* before */
#define SRB_LEN		52u
#define PROPS_LEN	24u

#define OP_TUR		0x00
#define OP_INQUIRY	0x12
#define OP_READ10	0x28
#define SAM_BUSY	0x08
#define SAM_RESERVATION_CONFLICT 0x18
#define SAM_TASK_SET_FULL 0x28

static void put16(u8 *p, u16 v)
{
	p[0] = (u8)v;
	p[1] = (u8)(v >> 8);
}

static void put32(u8 *p, u32 v)
{
	p[0] = (u8)v;
	p[1] = (u8)(v >> 8);
	p[2] = (u8)(v >> 16);
	p[3] = (u8)(v >> 24);
}

static void pattern(u8 *p, u32 len, u8 seed)
{
	u32 i;

	for (i = 0; i < len; i++)
		p[i] = (u8)(seed + 29 * i) | 1;	/* never 0 */
}

static bool zero(const void *p, u32 len)
{
	const u8 *b = p;

	while (len--)
		if (*b++)
			return false;
	return true;
}

/* the first @n bytes of @got are @want's, the rest of @len zero */
static bool copied(const void *got, const u8 *want, u32 n, u32 len)
{
	return !memcmp(got, want, n) && zero((const u8 *)got + n, len - n);
}

/* a zeroed packet of @op, @status; room for a long one */
static void pkt(u8 *p, u32 plen, u32 op, u32 status)
{
	memset(p, 0, plen);
	put32(p + P_OP, op);
	put32(p + P_STATUS, status);
}

static int parse(const u8 *data, u32 len, u32 size, struct svsc_reply *r)
{
	u8 *buf = malloc(len ? len : 1);
	int ret;

	memcpy(buf, data, len);
	memset(r, 0xa5, sizeof(*r));
	ret = svsc_parse_reply(buf, len, size, r);
	free(buf);
	return ret;
}

/*
 * A completion of EXECUTE_SRB at @size, parsed: @sense (@nsense bytes)
 * over the CDB, @sense_len as the host claims it.
 */
static int completion(struct svsc_reply *r, u32 size, u8 srb_status, u8 scsi_status,
		      u32 xfer, const u8 *sense, u32 nsense, u8 sense_len)
{
	u8 p[SIZE8];

	pkt(p, sizeof(p), SVSC_OP_COMPLETE_IO, 0);
	put16(p + S_LENGTH, size - P_BODY);
	p[S_SRB_STATUS] = srb_status;
	p[S_SCSI_STATUS] = scsi_status;
	p[S_SENSE_LEN] = sense_len;
	p[S_DATA_IN] = SVSC_DATA_IN;
	put32(p + S_XFER, xfer);
	if (nsense)
		memcpy(p + S_SENSE, sense, nsense);
	return parse(p, size, size, r);
}

static void decode(const struct svsc_reply *r, u32 buf_len, u8 opcode, struct svsc_outcome *o)
{
	memset(o, 0xa5, sizeof(*o));
	svsc_decode_srb(r, buf_len, opcode, o);
}

/* every field of an outcome */
#define CHECK_OUTCOME(o, host, st, slen, xf, act, bd)			\
	do {								\
		CHECK_EQ((o).host_byte, host);				\
		CHECK_EQ((o).status, st);				\
		CHECK_EQ((o).sense_len, slen);				\
		CHECK_EQ((o).xfer, xf);					\
		CHECK_EQ((o).action, act);				\
		CHECK_EQ((o).bad, bd);					\
	} while (0)

/* ------------------------------------------------------------------ layout */

TEST(svsc_vstor_layout)
{
	CHECK_EQ(sizeof(struct svsc_vstor), SIZE8);
	CHECK_EQ(SVSC_VSTOR_SIZE, SIZE8);
	CHECK_EQ(SVSC_VSTOR_SIZE_WIN7, SIZE7);
	CHECK_EQ(sizeof(struct svsc_srb), SRB_LEN);
	CHECK_EQ(sizeof(struct svsc_vstor_props), PROPS_LEN);
	CHECK_EQ(offsetof(struct svsc_vstor, flags), P_FLAGS);
	CHECK_EQ(offsetof(struct svsc_vstor, status), P_STATUS);
	CHECK_EQ(offsetof(struct svsc_vstor, srb), P_BODY);
	CHECK_EQ(P_BODY + offsetof(struct svsc_srb, srb_status), S_SRB_STATUS);
	CHECK_EQ(P_BODY + offsetof(struct svsc_srb, scsi_status), S_SCSI_STATUS);
	CHECK_EQ(P_BODY + offsetof(struct svsc_srb, lun), S_LUN);
	CHECK_EQ(P_BODY + offsetof(struct svsc_srb, sense_info_length), S_SENSE_LEN);
	CHECK_EQ(P_BODY + offsetof(struct svsc_srb, data_in), S_DATA_IN);
	CHECK_EQ(P_BODY + offsetof(struct svsc_srb, data_transfer_length), S_XFER);
	CHECK_EQ(P_BODY + offsetof(struct svsc_srb, sense), S_SENSE);
	CHECK_EQ(P_BODY + offsetof(struct svsc_srb, cdb), S_SENSE);
	CHECK_EQ(P_BODY + offsetof(struct svsc_srb, reserved2), S_EXT);
	CHECK_EQ(P_BODY + offsetof(struct svsc_srb, srb_flags), S_SRB_FLAGS);
	CHECK_EQ(P_BODY + offsetof(struct svsc_srb, timeout), S_TIMEOUT);
	CHECK_EQ(P_BODY + offsetof(struct svsc_vstor_props, max_channels), PR_MAX_CHANNELS);
	CHECK_EQ(P_BODY + offsetof(struct svsc_vstor_props, flags), PR_FLAGS);
	CHECK_EQ(P_BODY + offsetof(struct svsc_vstor_props, max_transfer_bytes), PR_MAX_XFER);
	/* the sense of a 48-byte packet ends inside it */
	CHECK(S_SENSE + SVSC_SENSE_WIN8 <= SIZE7);
	CHECK_EQ(S_EXT, SIZE7);
}

/* ------------------------------------------------------------- packet size */

TEST(svsc_pkt_size_versions)
{
	CHECK_EQ(svsc_pkt_size(0), SIZE7);		/* before negotiation */
	CHECK_EQ(svsc_pkt_size(0x0200), SIZE7);
	CHECK_EQ(svsc_pkt_size(SVSC_VSTOR_WIN7), SIZE7);
	CHECK_EQ(svsc_pkt_size(0x0402), SIZE7);
	CHECK_EQ(svsc_pkt_size(0x0500), SIZE7);	/* just below 5.1 */
	CHECK_EQ(svsc_pkt_size(SVSC_VSTOR_WIN8), SIZE8);
	CHECK_EQ(svsc_pkt_size(0x0501), SIZE8);
	CHECK_EQ(svsc_pkt_size(0x0600), SIZE8);
	CHECK_EQ(svsc_pkt_size(0x0602), SIZE8);
	CHECK_EQ(svsc_pkt_size(SVSC_VSTOR_WIN10), SIZE8);
	CHECK_EQ(svsc_pkt_size(0xffff), SIZE8);
}

/* ------------------------------------------------------------------- parse */

/* a size that is no packet size: refused, whatever the packet, nothing read */
TEST(svsc_parse_bad_size)
{
	static const u32 sizes[] = { 0, 4, 12, 47, 49, 52, 63, 65, 128, 0xffffffff };
	struct svsc_reply r;
	u8 p[SIZE8];
	u32 i;

	pattern(p, sizeof(p), 0x11);
	put32(p + P_OP, SVSC_OP_COMPLETE_IO);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		CHECK_INT(parse(p, sizeof(p), sizes[i], &r), -EPROTO);
		CHECK(zero(&r, sizeof(r)));
	}
	put32(p + P_OP, SVSC_OP_ENUMERATE_BUS);
	CHECK_INT(parse(p, sizeof(p), 47, &r), -EPROTO);
	CHECK(zero(&r, sizeof(r)));
	CHECK_INT(parse(p, 4, 0, &r), -EPROTO);
	CHECK(zero(&r, sizeof(r)));
}

/* shorter than the operation: refused at both sizes, nothing read */
TEST(svsc_parse_shorter_than_op)
{
	static const u32 sizes[] = { SIZE7, SIZE8 };
	struct svsc_reply r;
	u8 p[SIZE8];
	u32 i, len;

	pkt(p, sizeof(p), SVSC_OP_ENUMERATE_BUS, 0);
	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		for (len = 0; len < 4; len++) {
			CHECK_INT(parse(p, len, sizes[i], &r), -EPROTO);
			CHECK(zero(&r, sizeof(r)));
		}
}

/* a notification of its operation and less than the header: taken, status 0 */
TEST(svsc_parse_notification_short)
{
	static const u32 ops[] = { SVSC_OP_ENUMERATE_BUS, SVSC_OP_REMOVE_DEVICE };
	static const u32 sizes[] = { SIZE7, SIZE8 };
	struct svsc_reply r;
	u8 p[SIZE8];
	u32 i, s, len;

	for (i = 0; i < ARRAY_SIZE(ops); i++)
		for (s = 0; s < ARRAY_SIZE(sizes); s++)
			for (len = 4; len < 12; len++) {
				/* flags and the status's first bytes are there, not whole */
				pattern(p, sizeof(p), 0x40);
				put32(p + P_OP, ops[i]);
				CHECK_INT(parse(p, len, sizes[s], &r), 0);
				CHECK_EQ(r.op, ops[i]);
				CHECK_EQ(r.status, 0);
				CHECK(zero(&r.srb, sizeof(r.srb)));
				CHECK(zero(&r.props, sizeof(r.props)));
				CHECK_EQ(r.sense_max, sizes[s] == SIZE8 ? 20 : 18);
			}
}

/* a notification with its header, the negotiated size, or the older size */
TEST(svsc_parse_notification_header)
{
	static const u32 lens[] = { 12, 13, SIZE7, SIZE8 };
	struct svsc_reply r;
	u8 p[SIZE8];
	u32 i;

	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		pkt(p, sizeof(p), SVSC_OP_ENUMERATE_BUS, 0xc0000001);
		CHECK_INT(parse(p, lens[i], SIZE8, &r), 0);
		CHECK_EQ(r.op, SVSC_OP_ENUMERATE_BUS);
		CHECK_EQ(r.status, 0xc0000001);
		CHECK(zero(&r.srb, sizeof(r.srb)));
		CHECK_EQ(r.sense_max, 20);
	}
	/* a REMOVE_DEVICE at the older size */
	pkt(p, sizeof(p), SVSC_OP_REMOVE_DEVICE, 0);
	CHECK_INT(parse(p, SIZE7, SIZE7, &r), 0);
	CHECK_EQ(r.op, SVSC_OP_REMOVE_DEVICE);
	CHECK_EQ(r.status, 0);
	CHECK_EQ(r.sense_max, 18);
}

/*
 * The operation is the whole 32-bit word; anything but COMPLETE_IO is
 * taken at the length of its operation (the caller checks what it is).
 */
TEST(svsc_parse_other_ops)
{
	static const u32 ops[] = {
		0, SVSC_OP_EXECUTE_SRB, SVSC_OP_FCHBA_DATA, 14,
		0x100 | SVSC_OP_COMPLETE_IO, 0x01000001, 0xffffffff,
	};
	struct svsc_reply r;
	u8 p[SIZE8];
	u32 i;

	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		pkt(p, sizeof(p), ops[i], 0);
		CHECK_INT(parse(p, 4, SIZE8, &r), 0);
		CHECK_EQ(r.op, ops[i]);
		CHECK_INT(parse(p, 4, SIZE7, &r), 0);
		CHECK_EQ(r.op, ops[i]);
	}
}

/* a completion shorter than the negotiated size: refused, at both sizes */
TEST(svsc_parse_completion_short)
{
	static const u32 sizes[] = { SIZE7, SIZE8 };
	struct svsc_reply r;
	u8 p[SIZE8];
	u32 s, len;

	for (s = 0; s < ARRAY_SIZE(sizes); s++)
		for (len = 4; len < sizes[s]; len++) {
			pattern(p, sizeof(p), 0x23);
			put32(p + P_OP, SVSC_OP_COMPLETE_IO);
			CHECK_INT(parse(p, len, sizes[s], &r), -EPROTO);
			/* nothing of the body or status passes */
			CHECK_EQ(r.status, 0);
			CHECK(zero(&r.srb, sizeof(r.srb)));
			CHECK(zero(&r.props, sizeof(r.props)));
		}
	/* in particular an older-sized completion after 5.1 was negotiated */
	pkt(p, sizeof(p), SVSC_OP_COMPLETE_IO, 0);
	CHECK_INT(parse(p, SIZE7, SIZE8, &r), -EPROTO);
	CHECK_INT(parse(p, SIZE8 - 1, SIZE8, &r), -EPROTO);
	CHECK_INT(parse(p, SIZE7 - 1, SIZE7, &r), -EPROTO);
}

/* exactly the size: header and whole body read */
TEST(svsc_parse_completion_exact)
{
	struct svsc_reply r;
	u8 p[SIZE8];

	pattern(p, sizeof(p), 0x37);
	put32(p + P_OP, SVSC_OP_COMPLETE_IO);
	put32(p + P_STATUS, 0xc000009a);

	CHECK_INT(parse(p, SIZE8, SIZE8, &r), 0);
	CHECK_EQ(r.op, SVSC_OP_COMPLETE_IO);
	CHECK_EQ(r.status, 0xc000009a);
	CHECK(copied(&r.srb, p + P_BODY, SRB_LEN, SRB_LEN));
	CHECK(copied(&r.props, p + P_BODY, PROPS_LEN, PROPS_LEN));
	CHECK_EQ(r.srb.srb_status, p[S_SRB_STATUS]);
	CHECK_EQ(r.srb.data_transfer_length, p[S_XFER] | p[S_XFER + 1] << 8 |
		 p[S_XFER + 2] << 16 | (u32)p[S_XFER + 3] << 24);
	CHECK_EQ(r.srb.srb_flags, p[S_SRB_FLAGS] | p[S_SRB_FLAGS + 1] << 8 |
		 p[S_SRB_FLAGS + 2] << 16 | (u32)p[S_SRB_FLAGS + 3] << 24);
	CHECK_EQ(r.sense_max, 20);

	/* 48: the SRB without its Windows 8 extension */
	CHECK_INT(parse(p, SIZE7, SIZE7, &r), 0);
	CHECK_EQ(r.status, 0xc000009a);
	CHECK(copied(&r.srb, p + P_BODY, SIZE7 - P_BODY, SRB_LEN));
	CHECK_EQ(r.srb.srb_flags, 0);
	CHECK_EQ(r.srb.timeout, 0);
	CHECK_EQ(r.srb.queue_tag, 0);
	CHECK(copied(&r.props, p + P_BODY, PROPS_LEN, PROPS_LEN));
	CHECK_EQ(r.sense_max, 18);
}

/* longer than the size (host padding): taken; nothing past the size read */
TEST(svsc_parse_completion_longer)
{
	static const u32 lens[] = { SIZE7 + 1, SIZE8 - 1, SIZE8, SIZE8 + 8, 4096 };
	struct svsc_reply r;
	u8 p[4096];
	u32 i;

	pattern(p, sizeof(p), 0x5b);
	put32(p + P_OP, SVSC_OP_COMPLETE_IO);
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		CHECK_INT(parse(p, lens[i], SIZE7, &r), 0);
		CHECK(copied(&r.srb, p + P_BODY, SIZE7 - P_BODY, SRB_LEN));
		/* the input had the extension; a 48-byte packet does not */
		CHECK(zero((u8 *)&r.srb + (S_EXT - P_BODY), SRB_LEN - (S_EXT - P_BODY)));
		CHECK_EQ(r.srb.srb_flags, 0);
		CHECK_EQ(r.sense_max, 18);
	}
	for (i = 2; i < ARRAY_SIZE(lens); i++) {
		CHECK_INT(parse(p, lens[i], SIZE8, &r), 0);
		CHECK(copied(&r.srb, p + P_BODY, SRB_LEN, SRB_LEN));
		CHECK_EQ(r.sense_max, 20);
	}
}

/* a QUERY_PROPERTIES answer comes back as COMPLETE_IO: properties read */
TEST(svsc_parse_props)
{
	static const u32 sizes[] = { SIZE7, SIZE8 };
	struct svsc_reply r;
	u8 p[SIZE8];
	u32 s;

	for (s = 0; s < ARRAY_SIZE(sizes); s++) {
		pkt(p, sizeof(p), SVSC_OP_COMPLETE_IO, 0);
		put16(p + PR_MAX_CHANNELS, 15);
		put32(p + PR_FLAGS, SVSC_PROP_MULTI_CHANNEL);
		put32(p + PR_MAX_XFER, 0x800000);
		CHECK_INT(parse(p, sizes[s], sizes[s], &r), 0);
		CHECK_EQ(r.status, 0);
		CHECK_EQ(r.props.max_channels, 15);
		CHECK_EQ(r.props.flags, SVSC_PROP_MULTI_CHANNEL);
		CHECK_EQ(r.props.max_transfer_bytes, 0x800000);
		CHECK_EQ(r.props.reserved, 0);
		CHECK_EQ(r.props.reserved2, 0);
	}
}

/* sense_max by size, for every kind of packet taken */
TEST(svsc_parse_sense_max)
{
	struct svsc_reply r;
	u8 p[SIZE8];

	pkt(p, sizeof(p), SVSC_OP_COMPLETE_IO, 0);
	CHECK_INT(parse(p, SIZE8, SIZE8, &r), 0);
	CHECK_EQ(r.sense_max, SVSC_SENSE_WIN8);
	CHECK_EQ(r.sense_max, 20);
	CHECK_INT(parse(p, SIZE8, SIZE7, &r), 0);
	CHECK_EQ(r.sense_max, SVSC_SENSE_WIN7);
	CHECK_EQ(r.sense_max, 18);
	pkt(p, sizeof(p), SVSC_OP_ENUMERATE_BUS, 0);
	CHECK_INT(parse(p, 4, SIZE8, &r), 0);
	CHECK_EQ(r.sense_max, 20);
	CHECK_INT(parse(p, 4, SIZE7, &r), 0);
	CHECK_EQ(r.sense_max, 18);
}

/* ------------------------------------------------------------ decode: success */

TEST(svsc_decode_success_xfer)
{
	static const u8 codes[] = {
		SVSC_SRB_SUCCESS, SVSC_SRB_DATA_OVERRUN,
		SVSC_SRB_SUCCESS | SVSC_SRB_QUEUE_FROZEN,
		SVSC_SRB_DATA_OVERRUN | SVSC_SRB_QUEUE_FROZEN,
		SVSC_SRB_SUCCESS | SVSC_SRB_AUTOSENSE_VALID,
	};
	static const u32 sizes[] = { SIZE7, SIZE8 };
	struct svsc_outcome o;
	struct svsc_reply r;
	u32 i, s;

	for (s = 0; s < ARRAY_SIZE(sizes); s++)
		for (i = 0; i < ARRAY_SIZE(codes); i++) {
			CHECK_INT(completion(&r, sizes[s], codes[i], SVSC_SAM_GOOD, 512, NULL, 0, 0), 0);
			/* fewer bytes than the buffer (DATA_OVERRUN: a short read) */
			decode(&r, 4096, OP_READ10, &o);
			CHECK_OUTCOME(o, SVSC_DID_OK, SVSC_SAM_GOOD, 0, 512, SVSC_ACT_NONE, 0);
			/* exactly the buffer */
			decode(&r, 512, OP_READ10, &o);
			CHECK_OUTCOME(o, SVSC_DID_OK, SVSC_SAM_GOOD, 0, 512, SVSC_ACT_NONE, 0);
			/* more than the buffer: clamped and flagged */
			decode(&r, 511, OP_READ10, &o);
			CHECK_OUTCOME(o, SVSC_DID_OK, SVSC_SAM_GOOD, 0, 511, SVSC_ACT_NONE,
				      SVSC_BAD_XFER_LEN);
			decode(&r, 0, OP_TUR, &o);
			CHECK_OUTCOME(o, SVSC_DID_OK, SVSC_SAM_GOOD, 0, 0, SVSC_ACT_NONE,
				      SVSC_BAD_XFER_LEN);
		}

	/* nothing moved; and the largest claim */
	CHECK_INT(completion(&r, SIZE8, SVSC_SRB_SUCCESS, SVSC_SAM_GOOD, 0, NULL, 0, 0), 0);
	decode(&r, 0, OP_TUR, &o);
	CHECK_OUTCOME(o, SVSC_DID_OK, SVSC_SAM_GOOD, 0, 0, SVSC_ACT_NONE, 0);
	CHECK_INT(completion(&r, SIZE8, SVSC_SRB_SUCCESS, SVSC_SAM_GOOD, 0xffffffff, NULL, 0, 0), 0);
	decode(&r, 0xffffffff, OP_READ10, &o);
	CHECK_OUTCOME(o, SVSC_DID_OK, SVSC_SAM_GOOD, 0, 0xffffffff, SVSC_ACT_NONE, 0);
	decode(&r, 0x100000, OP_READ10, &o);
	CHECK_OUTCOME(o, SVSC_DID_OK, SVSC_SAM_GOOD, 0, 0x100000, SVSC_ACT_NONE,
		      SVSC_BAD_XFER_LEN);
}

/* on success the SCSI status goes up as it is, with the bytes moved */
TEST(svsc_decode_success_status_as_is)
{
	static const u8 st[] = { SAM_BUSY, SAM_TASK_SET_FULL, SAM_RESERVATION_CONFLICT, 0xff };
	struct svsc_outcome o;
	struct svsc_reply r;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(st); i++) {
		CHECK_INT(completion(&r, SIZE8, SVSC_SRB_SUCCESS, st[i], 100, NULL, 0, 0), 0);
		decode(&r, 4096, OP_READ10, &o);
		CHECK_OUTCOME(o, SVSC_DID_OK, st[i], 0, 100, SVSC_ACT_NONE, 0);
	}
}

/* ------------------------------------------------------ decode: CHECK CONDITION */

/* fixed-format sense: key, ASC at 12, ASCQ at 13 */
static void fixed_sense(u8 *s, u8 key, u8 asc, u8 ascq)
{
	memset(s, 0, SVSC_SENSE_WIN8);
	s[0] = 0x70;
	s[2] = key;
	s[7] = 10;
	s[12] = asc;
	s[13] = ascq;
}

static const u8 check_codes[] = {
	SVSC_SRB_ERROR | SVSC_SRB_AUTOSENSE_VALID,
	SVSC_SRB_ERROR | SVSC_SRB_AUTOSENSE_VALID | SVSC_SRB_QUEUE_FROZEN,
	SVSC_SRB_INVALID_REQUEST | SVSC_SRB_AUTOSENSE_VALID,
	SVSC_SRB_ABORTED | SVSC_SRB_AUTOSENSE_VALID,
	SVSC_SRB_INVALID_LUN | SVSC_SRB_AUTOSENSE_VALID,
	SVSC_SRB_PENDING | SVSC_SRB_AUTOSENSE_VALID,
	0x3e | SVSC_SRB_AUTOSENSE_VALID,
};

/* valid sense: it goes up, the midlayer decides; nothing moved */
TEST(svsc_decode_check_sense)
{
	struct svsc_outcome o;
	struct svsc_reply r;
	u8 s[SVSC_SENSE_WIN8];
	u32 i, n;

	fixed_sense(s, 0x03, 0x11, 0x00);	/* MEDIUM ERROR, unrecovered read */
	for (i = 0; i < ARRAY_SIZE(check_codes); i++)
		for (n = 1; n <= 18; n++) {
			CHECK_INT(completion(&r, SIZE8, check_codes[i], SVSC_SAM_CHECK_CONDITION,
					     4096, s, sizeof(s), (u8)n), 0);
			decode(&r, 8192, OP_READ10, &o);
			CHECK_OUTCOME(o, SVSC_DID_OK, SVSC_SAM_CHECK_CONDITION, n, 0,
				      SVSC_ACT_NONE, 0);
			CHECK(!memcmp(r.srb.sense, s, n));
			CHECK_INT(completion(&r, SIZE7, check_codes[i], SVSC_SAM_CHECK_CONDITION,
					     4096, s, sizeof(s), (u8)n), 0);
			decode(&r, 8192, OP_TUR, &o);
			CHECK_OUTCOME(o, SVSC_DID_OK, SVSC_SAM_CHECK_CONDITION, n, 0,
				      SVSC_ACT_NONE, 0);
			CHECK(!memcmp(r.srb.sense, s, n));
		}
}

/* the sense length up to what the packet holds, and past it: clamped */
TEST(svsc_decode_check_sense_len)
{
	struct svsc_outcome o;
	struct svsc_reply r;
	u8 s[SVSC_SENSE_WIN8];

	fixed_sense(s, 0x05, 0x24, 0x00);	/* ILLEGAL REQUEST, invalid field in CDB */
	s[18] = 0xee;
	s[19] = 0xef;

	CHECK_INT(completion(&r, SIZE8, 0x84, SVSC_SAM_CHECK_CONDITION, 0, s, 20, 20), 0);
	decode(&r, 512, OP_READ10, &o);
	CHECK_OUTCOME(o, SVSC_DID_OK, SVSC_SAM_CHECK_CONDITION, 20, 0, SVSC_ACT_NONE, 0);
	CHECK(!memcmp(r.srb.sense, s, 20));
	CHECK_INT(completion(&r, SIZE8, 0x84, SVSC_SAM_CHECK_CONDITION, 0, s, 20, 21), 0);
	decode(&r, 512, OP_READ10, &o);
	CHECK_OUTCOME(o, SVSC_DID_OK, SVSC_SAM_CHECK_CONDITION, 20, 0, SVSC_ACT_NONE,
		      SVSC_BAD_SENSE_LEN);
	CHECK_INT(completion(&r, SIZE8, 0x84, SVSC_SAM_CHECK_CONDITION, 0, s, 20, 0xff), 0);
	decode(&r, 512, OP_READ10, &o);
	CHECK_OUTCOME(o, SVSC_DID_OK, SVSC_SAM_CHECK_CONDITION, 20, 0, SVSC_ACT_NONE,
		      SVSC_BAD_SENSE_LEN);

	CHECK_INT(completion(&r, SIZE7, 0x84, SVSC_SAM_CHECK_CONDITION, 0, s, 20, 18), 0);
	decode(&r, 512, OP_READ10, &o);
	CHECK_OUTCOME(o, SVSC_DID_OK, SVSC_SAM_CHECK_CONDITION, 18, 0, SVSC_ACT_NONE, 0);
	CHECK_INT(completion(&r, SIZE7, 0x84, SVSC_SAM_CHECK_CONDITION, 0, s, 20, 19), 0);
	decode(&r, 512, OP_READ10, &o);
	CHECK_OUTCOME(o, SVSC_DID_OK, SVSC_SAM_CHECK_CONDITION, 18, 0, SVSC_ACT_NONE,
		      SVSC_BAD_SENSE_LEN);
	CHECK_INT(completion(&r, SIZE7, 0x84, SVSC_SAM_CHECK_CONDITION, 0, s, 20, 20), 0);
	decode(&r, 512, OP_READ10, &o);
	CHECK_OUTCOME(o, SVSC_DID_OK, SVSC_SAM_CHECK_CONDITION, 18, 0, SVSC_ACT_NONE,
		      SVSC_BAD_SENSE_LEN);
	CHECK_INT(completion(&r, SIZE7, 0x84, SVSC_SAM_CHECK_CONDITION, 0, s, 20, 0xff), 0);
	decode(&r, 512, OP_READ10, &o);
	CHECK_OUTCOME(o, SVSC_DID_OK, SVSC_SAM_CHECK_CONDITION, 18, 0, SVSC_ACT_NONE,
		      SVSC_BAD_SENSE_LEN);
}

/* what the host's bus change looks like, in fixed format at both sizes */
TEST(svsc_decode_rescan_fixed)
{
	static const struct {
		u8 asc, ascq, rescan;
	} cases[] = {
		{ 0x2a, 0x09, 1 },	/* CAPACITY DATA HAS CHANGED */
		{ 0x3f, 0x00, 1 },	/* TARGET OPERATING CONDITIONS HAVE CHANGED */
		{ 0x3f, 0x01, 0 },	/* MICROCODE HAS BEEN CHANGED */
		{ 0x3f, 0x03, 0 },	/* INQUIRY DATA HAS CHANGED */
		{ 0x3f, 0x0e, 0 },	/* REPORTED LUNS DATA HAS CHANGED */
		{ 0x09, 0x2a, 0 },	/* the two swapped */
		{ 0x29, 0x00, 0 },	/* POWER ON, RESET */
		{ 0x04, 0x01, 0 },	/* LUN BECOMING READY */
		{ 0x00, 0x00, 0 },
	};
	static const u8 resp[] = { 0x70, 0x71, 0xf0, 0xf1 };	/* with or without VALID */
	static const u32 sizes[] = { SIZE7, SIZE8 };
	struct svsc_outcome o;
	struct svsc_reply r;
	u8 s[SVSC_SENSE_WIN8];
	u32 i, j, z;

	for (z = 0; z < ARRAY_SIZE(sizes); z++)
		for (j = 0; j < ARRAY_SIZE(resp); j++)
			for (i = 0; i < ARRAY_SIZE(cases); i++) {
				fixed_sense(s, 0x06, cases[i].asc, cases[i].ascq);
				s[0] = resp[j];
				CHECK_INT(completion(&r, sizes[z], 0x84, SVSC_SAM_CHECK_CONDITION,
						     4096, s, sizeof(s), 18), 0);
				decode(&r, 4096, OP_READ10, &o);
				CHECK_EQ(o.host_byte | cases[i].asc << 16 | cases[i].ascq << 8,
					 (cases[i].rescan ? SVSC_DID_REQUEUE : SVSC_DID_OK) |
					 cases[i].asc << 16 | cases[i].ascq << 8);
				CHECK_EQ(o.action | cases[i].asc << 16 | cases[i].ascq << 8,
					 (cases[i].rescan ? SVSC_ACT_RESCAN : SVSC_ACT_NONE) |
					 cases[i].asc << 16 | cases[i].ascq << 8);
				CHECK_EQ(o.status, SVSC_SAM_CHECK_CONDITION);
				CHECK_EQ(o.sense_len, 18);
				CHECK_EQ(o.xfer, 0);
				CHECK_EQ(o.bad, 0);
			}
}

/* descriptor format (0x72/0x73): ASC at 2, ASCQ at 3 */
TEST(svsc_decode_rescan_descriptor)
{
	struct svsc_outcome o;
	struct svsc_reply r;
	u8 s[SVSC_SENSE_WIN8];
	u32 n;

	memset(s, 0, sizeof(s));
	s[0] = 0x72;
	s[1] = 0x06;
	s[2] = 0x2a;
	s[3] = 0x09;
	for (n = 4; n <= 20; n++) {
		CHECK_INT(completion(&r, SIZE8, 0x84, SVSC_SAM_CHECK_CONDITION, 0, s, 20, (u8)n), 0);
		decode(&r, 4096, OP_READ10, &o);
		CHECK_OUTCOME(o, SVSC_DID_REQUEUE, SVSC_SAM_CHECK_CONDITION, n, 0,
			      SVSC_ACT_RESCAN, 0);
	}
	s[0] = 0x73;
	s[2] = 0x3f;
	s[3] = 0x00;
	CHECK_INT(completion(&r, SIZE7, 0x84, SVSC_SAM_CHECK_CONDITION, 0, s, 20, 8), 0);
	decode(&r, 4096, OP_READ10, &o);
	CHECK_OUTCOME(o, SVSC_DID_REQUEUE, SVSC_SAM_CHECK_CONDITION, 8, 0, SVSC_ACT_RESCAN, 0);
	s[3] = 0x0e;
	CHECK_INT(completion(&r, SIZE7, 0x84, SVSC_SAM_CHECK_CONDITION, 0, s, 20, 8), 0);
	decode(&r, 4096, OP_READ10, &o);
	CHECK_OUTCOME(o, SVSC_DID_OK, SVSC_SAM_CHECK_CONDITION, 8, 0, SVSC_ACT_NONE, 0);

	/* descriptor format with a changed-capacity pair where fixed has it */
	memset(s, 0, sizeof(s));
	s[0] = 0x72;
	s[2] = 0x11;
	s[12] = 0x2a;
	s[13] = 0x09;
	CHECK_INT(completion(&r, SIZE8, 0x84, SVSC_SAM_CHECK_CONDITION, 0, s, 20, 20), 0);
	decode(&r, 4096, OP_READ10, &o);
	CHECK_OUTCOME(o, SVSC_DID_OK, SVSC_SAM_CHECK_CONDITION, 20, 0, SVSC_ACT_NONE, 0);

	/* neither format: the bytes are not read as ASC/ASCQ */
	fixed_sense(s, 0x06, 0x2a, 0x09);
	s[0] = 0x7f;
	CHECK_INT(completion(&r, SIZE8, 0x84, SVSC_SAM_CHECK_CONDITION, 0, s, 20, 18), 0);
	decode(&r, 4096, OP_READ10, &o);
	CHECK_OUTCOME(o, SVSC_DID_OK, SVSC_SAM_CHECK_CONDITION, 18, 0, SVSC_ACT_NONE, 0);
	s[0] = 0x00;
	s[2] = 0x2a;
	s[3] = 0x09;
	CHECK_INT(completion(&r, SIZE8, 0x84, SVSC_SAM_CHECK_CONDITION, 0, s, 20, 18), 0);
	decode(&r, 4096, OP_READ10, &o);
	CHECK_OUTCOME(o, SVSC_DID_OK, SVSC_SAM_CHECK_CONDITION, 18, 0, SVSC_ACT_NONE, 0);
}

/* the ASC/ASCQ past the sense length the host gave: not read */
TEST(svsc_decode_rescan_sense_too_short)
{
	struct svsc_outcome o;
	struct svsc_reply r;
	u8 s[SVSC_SENSE_WIN8];
	u32 n;

	/* fixed: ASCQ at 13, so 14 bytes are needed */
	fixed_sense(s, 0x06, 0x2a, 0x09);
	for (n = 1; n < 14; n++) {
		CHECK_INT(completion(&r, SIZE8, 0x84, SVSC_SAM_CHECK_CONDITION, 0, s, 20, (u8)n), 0);
		decode(&r, 4096, OP_READ10, &o);
		CHECK_OUTCOME(o, SVSC_DID_OK, SVSC_SAM_CHECK_CONDITION, n, 0, SVSC_ACT_NONE, 0);
	}
	CHECK_INT(completion(&r, SIZE8, 0x84, SVSC_SAM_CHECK_CONDITION, 0, s, 20, 14), 0);
	decode(&r, 4096, OP_READ10, &o);
	CHECK_OUTCOME(o, SVSC_DID_REQUEUE, SVSC_SAM_CHECK_CONDITION, 14, 0, SVSC_ACT_RESCAN, 0);

	/* descriptor: ASCQ at 3, so 4 bytes */
	memset(s, 0, sizeof(s));
	s[0] = 0x72;
	s[2] = 0x3f;
	s[3] = 0x00;
	s[12] = 0x2a;
	s[13] = 0x09;
	for (n = 1; n < 4; n++) {
		CHECK_INT(completion(&r, SIZE7, 0x84, SVSC_SAM_CHECK_CONDITION, 0, s, 20, (u8)n), 0);
		decode(&r, 4096, OP_READ10, &o);
		CHECK_OUTCOME(o, SVSC_DID_OK, SVSC_SAM_CHECK_CONDITION, n, 0, SVSC_ACT_NONE, 0);
	}

	/* an oversized length is clamped, then the ASC read inside the clamp */
	fixed_sense(s, 0x06, 0x2a, 0x09);
	CHECK_INT(completion(&r, SIZE7, 0x84, SVSC_SAM_CHECK_CONDITION, 0, s, 20, 0xff), 0);
	decode(&r, 4096, OP_READ10, &o);
	CHECK_OUTCOME(o, SVSC_DID_REQUEUE, SVSC_SAM_CHECK_CONDITION, 18, 0, SVSC_ACT_RESCAN,
		      SVSC_BAD_SENSE_LEN);
}

/* CHECK CONDITION without valid sense (no flag, or no bytes): by the code */
TEST(svsc_decode_check_without_sense)
{
	struct svsc_outcome o;
	struct svsc_reply r;
	u8 s[SVSC_SENSE_WIN8];

	fixed_sense(s, 0x06, 0x2a, 0x09);
	/* no AUTOSENSE_VALID: the sense bytes and their length are ignored */
	CHECK_INT(completion(&r, SIZE8, SVSC_SRB_ERROR, SVSC_SAM_CHECK_CONDITION, 512, s, 20, 18), 0);
	decode(&r, 4096, OP_READ10, &o);
	CHECK_OUTCOME(o, SVSC_DID_ERROR, SVSC_SAM_CHECK_CONDITION, 0, 0, SVSC_ACT_NONE, 0);
	decode(&r, 4096, OP_TUR, &o);
	CHECK_OUTCOME(o, SVSC_DID_OK, SVSC_SAM_CHECK_CONDITION, 0, 0, SVSC_ACT_NONE, 0);
	CHECK_INT(completion(&r, SIZE7, SVSC_SRB_INVALID_LUN, SVSC_SAM_CHECK_CONDITION, 0, s, 20, 18), 0);
	decode(&r, 4096, OP_INQUIRY, &o);
	CHECK_OUTCOME(o, SVSC_DID_NO_CONNECT, SVSC_SAM_CHECK_CONDITION, 0, 0,
		      SVSC_ACT_REMOVE_LUN, 0);
	CHECK_INT(completion(&r, SIZE8, SVSC_SRB_TIMEOUT, SVSC_SAM_CHECK_CONDITION, 0, s, 20, 0xff), 0);
	decode(&r, 4096, OP_READ10, &o);
	CHECK_OUTCOME(o, SVSC_DID_TIME_OUT, SVSC_SAM_CHECK_CONDITION, 0, 0, SVSC_ACT_NONE, 0);

	/* AUTOSENSE_VALID with a length of 0 */
	CHECK_INT(completion(&r, SIZE8, 0x84, SVSC_SAM_CHECK_CONDITION, 512, s, 20, 0), 0);
	decode(&r, 4096, OP_READ10, &o);
	CHECK_OUTCOME(o, SVSC_DID_ERROR, SVSC_SAM_CHECK_CONDITION, 0, 0, SVSC_ACT_NONE, 0);
	CHECK_INT(completion(&r, SIZE8, SVSC_SRB_BUS_RESET | SVSC_SRB_AUTOSENSE_VALID,
			     SVSC_SAM_CHECK_CONDITION, 0, s, 20, 0), 0);
	decode(&r, 4096, OP_READ10, &o);
	CHECK_OUTCOME(o, SVSC_DID_RESET, SVSC_SAM_CHECK_CONDITION, 0, 0, SVSC_ACT_NONE, 0);

	/* sense with a status other than CHECK CONDITION is not sense */
	CHECK_INT(completion(&r, SIZE8, 0x84, SVSC_SAM_GOOD, 0, s, 20, 18), 0);
	decode(&r, 4096, OP_READ10, &o);
	CHECK_OUTCOME(o, SVSC_DID_ERROR, SVSC_SAM_GOOD, 0, 0, SVSC_ACT_NONE, 0);
}

/* BUSY, TASK SET FULL, RESERVATION CONFLICT: up as they are, DID_OK */
TEST(svsc_decode_other_scsi_status)
{
	static const u8 st[] = { SAM_BUSY, SAM_TASK_SET_FULL, SAM_RESERVATION_CONFLICT };
	static const u8 codes[] = {
		SVSC_SRB_ERROR, SVSC_SRB_ERROR | SVSC_SRB_QUEUE_FROZEN,
		SVSC_SRB_ERROR | SVSC_SRB_AUTOSENSE_VALID,
	};
	struct svsc_outcome o;
	struct svsc_reply r;
	u8 s[SVSC_SENSE_WIN8];
	u32 i, j;

	fixed_sense(s, 0x06, 0x2a, 0x09);
	for (i = 0; i < ARRAY_SIZE(st); i++)
		for (j = 0; j < ARRAY_SIZE(codes); j++) {
			CHECK_INT(completion(&r, SIZE8, codes[j], st[i], 4096, s, 20, 18), 0);
			decode(&r, 4096, OP_READ10, &o);
			CHECK_OUTCOME(o, SVSC_DID_OK, st[i], 0, 0, SVSC_ACT_NONE, 0);
			decode(&r, 4096, OP_TUR, &o);
			CHECK_OUTCOME(o, SVSC_DID_OK, st[i], 0, 0, SVSC_ACT_NONE, 0);
			CHECK_INT(completion(&r, SIZE7, codes[j], st[i], 4096, s, 20, 18), 0);
			decode(&r, 4096, OP_READ10, &o);
			CHECK_OUTCOME(o, SVSC_DID_OK, st[i], 0, 0, SVSC_ACT_NONE, 0);
		}
}

/* ------------------------------------------------------ decode: the SRB codes */

static const struct {
	u8 code, host, action, bad;
	u8 tur_host;	/* with TEST UNIT READY */
} code_map[] = {
	{ SVSC_SRB_INVALID_LUN, SVSC_DID_NO_CONNECT, SVSC_ACT_REMOVE_LUN, 0, SVSC_DID_NO_CONNECT },
	{ SVSC_SRB_NO_DEVICE, SVSC_DID_NO_CONNECT, 0, 0, SVSC_DID_NO_CONNECT },
	{ SVSC_SRB_INVALID_TARGET_ID, SVSC_DID_NO_CONNECT, 0, 0, SVSC_DID_NO_CONNECT },
	{ SVSC_SRB_INVALID_PATH_ID, SVSC_DID_NO_CONNECT, 0, 0, SVSC_DID_NO_CONNECT },
	{ SVSC_SRB_SELECTION_TIMEOUT, SVSC_DID_NO_CONNECT, 0, 0, SVSC_DID_NO_CONNECT },
	{ 0x05 /* BUSY */, SVSC_DID_BUS_BUSY, 0, 0, SVSC_DID_BUS_BUSY },
	{ SVSC_SRB_TIMEOUT, SVSC_DID_TIME_OUT, 0, 0, SVSC_DID_TIME_OUT },
	{ SVSC_SRB_COMMAND_TIMEOUT, SVSC_DID_TIME_OUT, 0, 0, SVSC_DID_TIME_OUT },
	{ SVSC_SRB_ABORTED, SVSC_DID_RESET, 0, 0, SVSC_DID_RESET },
	{ SVSC_SRB_BUS_RESET, SVSC_DID_RESET, 0, 0, SVSC_DID_RESET },
	{ SVSC_SRB_REQUEST_FLUSHED, SVSC_DID_RESET, 0, 0, SVSC_DID_RESET },
	{ SVSC_SRB_PENDING, SVSC_DID_ERROR, 0, SVSC_BAD_SRB_STATUS, SVSC_DID_ERROR },
	{ 0x3e, SVSC_DID_ERROR, 0, SVSC_BAD_SRB_STATUS, SVSC_DID_ERROR },
	{ 0x17, SVSC_DID_ERROR, 0, SVSC_BAD_SRB_STATUS, SVSC_DID_ERROR },
	{ 0x11 /* NO_HBA */, SVSC_DID_NO_CONNECT, 0, 0, SVSC_DID_NO_CONNECT },
	/* anything else: DID_ERROR, but TEST UNIT READY keeps DID_OK */
	{ SVSC_SRB_ERROR, SVSC_DID_ERROR, 0, 0, SVSC_DID_OK },
	{ 0x30 /* INTERNAL_ERROR (Hyper-V) */, SVSC_DID_ERROR, 0, 0, SVSC_DID_OK },
	{ 0x0f /* PARITY_ERROR */, SVSC_DID_ERROR, 0, 0, SVSC_DID_OK },
	{ 0x15 /* BAD_SRB_BLOCK_LENGTH */, SVSC_DID_ERROR, 0, 0, SVSC_DID_OK },
	{ SVSC_SRB_INVALID_REQUEST, SVSC_DID_ERROR, 0, 0, SVSC_DID_OK },
	{ SVSC_SRB_BAD_FUNCTION, SVSC_DID_ERROR, 0, 0, SVSC_DID_OK },
	{ SVSC_SRB_ERROR_RECOVERY, SVSC_DID_ERROR, 0, 0, SVSC_DID_OK },
	{ SVSC_SRB_NOT_POWERED, SVSC_DID_ERROR, 0, 0, SVSC_DID_OK },
	{ SVSC_SRB_LINK_DOWN, SVSC_DID_ERROR, 0, 0, SVSC_DID_OK },
};

/*
 * Every code, with and without QUEUE_FROZEN (and AUTOSENSE_VALID, which
 * without CHECK CONDITION means nothing), status GOOD or CHECK CONDITION
 * without sense, at both sizes: the host byte and action of the code, the
 * status as given, no sense, nothing moved although the host says 4096.
 */
TEST(svsc_decode_srb_codes)
{
	static const u8 flags[] = {
		0, SVSC_SRB_QUEUE_FROZEN, SVSC_SRB_AUTOSENSE_VALID,
		SVSC_SRB_QUEUE_FROZEN | SVSC_SRB_AUTOSENSE_VALID,
	};
	static const u8 opcodes[] = { OP_READ10, OP_INQUIRY, 0xff };
	static const u32 sizes[] = { SIZE7, SIZE8 };
	struct svsc_outcome o;
	struct svsc_reply r;
	u32 i, f, z, k;
	u32 tag;

	for (i = 0; i < ARRAY_SIZE(code_map); i++)
		for (f = 0; f < ARRAY_SIZE(flags); f++)
			for (z = 0; z < ARRAY_SIZE(sizes); z++) {
				u8 st = flags[f] & SVSC_SRB_AUTOSENSE_VALID ?
					SVSC_SAM_GOOD : SVSC_SAM_CHECK_CONDITION;

				/* the code and flags in the upper bytes name a failure */
				tag = (u32)code_map[i].code << 16 | (u32)flags[f] << 8;
				CHECK_INT(completion(&r, sizes[z], code_map[i].code | flags[f], st,
						     4096, NULL, 0, 0), 0);
				for (k = 0; k < ARRAY_SIZE(opcodes); k++) {
					decode(&r, 8192, opcodes[k], &o);
					CHECK_EQ(o.host_byte | tag, code_map[i].host | tag);
					CHECK_EQ(o.action | tag, code_map[i].action | tag);
					CHECK_EQ(o.bad | tag, code_map[i].bad | tag);
					CHECK_EQ(o.status | tag, st | tag);
					CHECK_EQ(o.sense_len | tag, tag);
					CHECK_EQ(o.xfer | tag, tag);
				}
				decode(&r, 8192, OP_TUR, &o);
				CHECK_EQ(o.host_byte | tag, code_map[i].tur_host | tag);
				CHECK_EQ(o.action | tag, code_map[i].action | tag);
				CHECK_EQ(o.bad | tag, code_map[i].bad | tag);
				CHECK_EQ(o.xfer | tag, tag);
			}
}

/*
 * All 64 codes under every flag: only success and data overrun move data;
 * every outcome is one the driver knows how to act on.
 */
TEST(svsc_decode_every_code)
{
	struct svsc_outcome o;
	struct svsc_reply r;
	u32 code, f, tag;

	for (code = 0; code < 64; code++)
		for (f = 0; f < 4; f++) {
			u8 srb = (u8)(code | f << 6);
			bool ok = code == SVSC_SRB_SUCCESS || code == SVSC_SRB_DATA_OVERRUN;

			tag = srb << 16;
			CHECK_INT(completion(&r, SIZE8, srb, SVSC_SAM_GOOD, 300, NULL, 0, 0), 0);
			decode(&r, 1000, OP_READ10, &o);
			CHECK_EQ(o.xfer | tag, (ok ? 300 : 0) | tag);
			CHECK_EQ(o.sense_len | tag, tag);
			CHECK_EQ(o.status | tag, SVSC_SAM_GOOD | tag);
			CHECK((o.host_byte == SVSC_DID_OK) | (o.host_byte == SVSC_DID_NO_CONNECT) |
			      (o.host_byte == SVSC_DID_BUS_BUSY) | (o.host_byte == SVSC_DID_TIME_OUT) |
			      (o.host_byte == SVSC_DID_ERROR) | (o.host_byte == SVSC_DID_RESET));
			CHECK(o.action == SVSC_ACT_NONE || o.action == SVSC_ACT_REMOVE_LUN);
			CHECK(!(o.bad & ~SVSC_BAD_SRB_STATUS));
			if (ok)
				CHECK_EQ(o.host_byte | tag, SVSC_DID_OK | tag);
		}
}

/* the reply is only read: decoding twice gives the same */
TEST(svsc_decode_reply_const)
{
	struct svsc_outcome o1, o2;
	struct svsc_reply r, copy;
	u8 s[SVSC_SENSE_WIN8];

	fixed_sense(s, 0x06, 0x2a, 0x09);
	CHECK_INT(completion(&r, SIZE8, 0x84, SVSC_SAM_CHECK_CONDITION, 0, s, 20, 0xff), 0);
	memcpy(&copy, &r, sizeof(r));
	decode(&r, 4096, OP_READ10, &o1);
	decode(&r, 4096, OP_READ10, &o2);
	CHECK(!memcmp(&r, &copy, sizeof(r)));
	CHECK(!memcmp(&o1, &o2, sizeof(o1)));
}
