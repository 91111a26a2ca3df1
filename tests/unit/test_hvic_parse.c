// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of drivers/ic/icparse.c, what hv_ic.ko makes of the host's IC
 * messages: the headers' checks, the answer built in place, the version
 * negotiation, and the bodies of heartbeat, shutdown and time-sync
 * requests.
 *
 * Messages are built byte by byte at the protocol's offsets (the first
 * test pins icmsg.h's structs to the same offsets), each handed to the
 * parser in a heap block of exactly its length (or of the room the caller
 * gives an answer), so that AddressSanitizer catches a read or write past
 * it.
 *
 * Covered: hvic_parse() for every length below the headers, a pipe type
 * other than data, a pipe size past the packet and below the IC header,
 * an IC size past the pipe's, a response flag, the host's padding after
 * the pipe's size, and the body bounded by the pipe (not the IC size);
 * hvic_answer() on a good and a broken request (headers rewritten to fit);
 * hvic_negotiate() choosing the newest common pair whatever the host's
 * order, framework 1.0 only, no common message version, counts too large,
 * a list past the body, a body without counts, an answer longer than the
 * request, and no room; hvic_heartbeat() with 8, 16, 40 and 7 bytes;
 * hvic_shutdown_action() for every flag value that means something, the
 * force bit, unknown flags and a body without flags; hvic_timesync() for
 * both formats, their shortest bodies, a time before 1970 and past 2554.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>

#include "le.h"
#include "runner.h"
#include "drivers/ic/icparse.h"

/* the protocol's byte offsets */
#define P_TYPE		0	/* pipe header */
#define P_SIZE		4
#define H_FW		8	/* IC header */
#define H_TYPE		12
#define H_MSG		14
#define H_SIZE		18
#define H_STATUS	20
#define H_TRANS		24
#define H_FLAGS		25
#define BODY		28

/* a request of @type with @body_len bytes of body, in a block of @room */
static u8 *msg(u16 type, u32 body_len, u32 room)
{
	u8 *p = calloc(1, room);

	put32(p + P_TYPE, 1);
	put32(p + P_SIZE, 20 + body_len);
	put16(p + H_FW, 3);
	put16(p + H_TYPE, type);
	put16(p + H_MSG, 3);
	put16(p + H_SIZE, (u16)body_len);
	p[H_FLAGS] = 3;		/* transaction, request */
	return p;
}

/* the answer in @p is well formed: @len bytes, flags and status set */
static bool answered(const u8 *p, u32 len, u32 status)
{
	return get32(p + P_TYPE) == 1 && get32(p + P_SIZE) == len - 8 &&
	       get16(p + H_SIZE) <= len - BODY && p[H_FLAGS] == 5 &&
	       get32(p + H_STATUS) == status;
}

TEST(hvic_layout)
{
	CHECK_EQ(offsetof(struct hvic_hdr, type) + 8, H_TYPE);
	CHECK_EQ(offsetof(struct hvic_hdr, msg) + 8, H_MSG);
	CHECK_EQ(offsetof(struct hvic_hdr, size) + 8, H_SIZE);
	CHECK_EQ(offsetof(struct hvic_hdr, status) + 8, H_STATUS);
	CHECK_EQ(offsetof(struct hvic_hdr, trans_id) + 8, H_TRANS);
	CHECK_EQ(offsetof(struct hvic_hdr, flags) + 8, H_FLAGS);
	CHECK_EQ(HVIC_HDRS, BODY);
	CHECK_EQ(offsetof(struct hvic_shutdown, flags), 8);
	CHECK_EQ(offsetof(struct hvic_timesync_v1, flags), 24);
	CHECK_EQ(offsetof(struct hvic_timesync_v4, flags), 16);
}

TEST(hvic_parse_short)
{
	struct hvic_msg m;
	u32 len;

	for (len = 0; len < BODY; len++) {
		u8 *full = msg(HVIC_MSG_HEARTBEAT, 0, BODY), *p = malloc(len ? len : 1);

		memcpy(p, full, len);
		CHECK_INT(hvic_parse(p, len, &m), -EBADMSG);
		free(full);
		free(p);
	}
}

TEST(hvic_parse_good)
{
	u8 *p = msg(HVIC_MSG_HEARTBEAT, 16, 48);
	struct hvic_msg m;

	/* the host pads to 8: 44 bytes of message in a 48-byte payload */
	CHECK_INT(hvic_parse(p, 48, &m), 0);
	CHECK_EQ(m.type, HVIC_MSG_HEARTBEAT);
	CHECK_EQ(m.len, 44);
	CHECK_EQ(m.body_len, 16);
	CHECK(m.body == p + BODY);
	/* the body is what the pipe carries, even beyond the IC size */
	put16(p + H_SIZE, 4);
	CHECK_INT(hvic_parse(p, 48, &m), 0);
	CHECK_EQ(m.body_len, 16);
	free(p);
}

TEST(hvic_parse_bad_headers)
{
	u8 *p = msg(HVIC_MSG_HEARTBEAT, 16, 48);
	struct hvic_msg m;

	put32(p + P_TYPE, 2);
	CHECK_INT(hvic_parse(p, 48, &m), -EPROTO);
	CHECK_EQ(m.len, 48);	/* answered at the packet's length */
	CHECK_EQ(m.type, HVIC_MSG_HEARTBEAT);
	put32(p + P_TYPE, 1);
	put32(p + P_SIZE, 41);	/* past the 48-byte packet */
	CHECK_INT(hvic_parse(p, 48, &m), -EPROTO);
	put32(p + P_SIZE, 40);	/* exactly to its end */
	CHECK_INT(hvic_parse(p, 48, &m), 0);
	put32(p + P_SIZE, 19);	/* no room for the IC header */
	CHECK_INT(hvic_parse(p, 48, &m), -EPROTO);
	put32(p + P_SIZE, 0xffffffff);
	CHECK_INT(hvic_parse(p, 48, &m), -EPROTO);
	put32(p + P_SIZE, 36);
	put16(p + H_SIZE, 17);	/* one more than the pipe carries */
	CHECK_INT(hvic_parse(p, 48, &m), -EPROTO);
	put16(p + H_SIZE, 16);
	CHECK_INT(hvic_parse(p, 48, &m), 0);
	p[H_FLAGS] = 5;		/* a response */
	CHECK_INT(hvic_parse(p, 48, &m), -EPROTO);
	free(p);
}

TEST(hvic_answer_fits)
{
	u8 *p = msg(HVIC_MSG_HEARTBEAT, 16, 48);
	struct hvic_msg m;

	CHECK_INT(hvic_parse(p, 48, &m), 0);
	hvic_answer(p, &m, HVIC_S_OK);
	CHECK(answered(p, 44, HVIC_S_OK));
	CHECK_EQ(get16(p + H_SIZE), 16);
	/* a broken request's answer is well formed anyway */
	put32(p + P_TYPE, 7);
	put32(p + P_SIZE, 1000);
	put16(p + H_SIZE, 900);
	p[H_FLAGS] = 3;
	CHECK_INT(hvic_parse(p, 48, &m), -EPROTO);
	hvic_answer(p, &m, HVIC_E_FAIL);
	CHECK(answered(p, 48, HVIC_E_FAIL));
	CHECK_EQ(get16(p + H_SIZE), 20);
	free(p);
}

static const u32 fw[] = { HVIC_FW_3, HVIC_FW_1 };
static const u32 ts[] = { HVIC_VER(4, 0), HVIC_VER(3, 0), HVIC_VER(1, 0) };

/* a negotiation listing @nf framework and @nm message versions */
static u8 *nego(const u32 *v, u16 nf, u16 nm, u32 room)
{
	u8 *p = msg(HVIC_MSG_NEGOTIATE, 8 + 4u * (nf + nm), room);
	unsigned int i;

	put16(p + BODY, nf);
	put16(p + BODY + 2, nm);
	for (i = 0; i < (unsigned int)(nf + nm); i++) {
		put16(p + BODY + 8 + 4 * i, (u16)(v[i] >> 16));
		put16(p + BODY + 10 + 4 * i, (u16)v[i]);
	}
	return p;
}

TEST(hvic_negotiate_newest)
{
	/* hosts list oldest first; the guest takes its newest */
	const u32 host[] = { HVIC_FW_1, HVIC_FW_3, HVIC_VER(1, 0), HVIC_VER(3, 0),
			     HVIC_VER(4, 0), HVIC_VER(5, 0) };
	u8 *p = nego(host, 2, 4, 256);
	u32 len = BODY + 8 + 24, f = 1, v = 1;
	struct hvic_msg m;

	CHECK_INT(hvic_parse(p, len, &m), 0);
	CHECK_INT(hvic_negotiate(p, 256, &m, fw, 2, ts, 3, &f, &v), 0);
	CHECK_EQ(f, HVIC_FW_3);
	CHECK_EQ(v, HVIC_VER(4, 0));
	CHECK(answered(p, m.len, HVIC_S_OK));
	CHECK_EQ(m.len, len);
	CHECK_EQ(get16(p + BODY), 1);
	CHECK_EQ(get16(p + BODY + 2), 1);
	CHECK_EQ(get32(p + BODY + 8), 3);		/* 3.0 */
	CHECK_EQ(get32(p + BODY + 12), 4);		/* 4.0 */
	CHECK_EQ(get16(p + H_SIZE), 16);
	free(p);
}

TEST(hvic_negotiate_old_host)
{
	/* Windows Server 2008: framework 1.0, time sync 1.0 */
	const u32 host[] = { HVIC_FW_1, HVIC_VER(1, 0) };
	u8 *p = nego(host, 1, 1, 256);
	struct hvic_msg m;
	u32 f, v;

	CHECK_INT(hvic_parse(p, BODY + 16, &m), 0);
	CHECK_INT(hvic_negotiate(p, 256, &m, fw, 2, ts, 3, &f, &v), 0);
	CHECK_EQ(f, HVIC_FW_1);
	CHECK_EQ(v, HVIC_VER(1, 0));
	CHECK_EQ(m.len, BODY + 16);
	free(p);
}

TEST(hvic_negotiate_none)
{
	const u32 host[] = { HVIC_FW_1, HVIC_FW_3, HVIC_VER(2, 0), HVIC_VER(9, 9) };
	const u32 nofw[] = { HVIC_VER(2, 0), HVIC_VER(4, 0) };
	u8 *p = nego(host, 2, 2, 256);
	struct hvic_msg m;
	u32 f, v;

	CHECK_INT(hvic_parse(p, BODY + 24, &m), 0);
	CHECK_INT(hvic_negotiate(p, 256, &m, fw, 2, ts, 3, &f, &v), -ENOENT);
	CHECK(answered(p, m.len, HVIC_E_FAIL));
	CHECK_EQ(get16(p + BODY), 0);
	CHECK_EQ(get16(p + BODY + 2), 0);
	CHECK_EQ(v, 0);
	free(p);
	/* a message version in common, but no framework */
	p = nego(nofw, 1, 1, 256);
	CHECK_INT(hvic_parse(p, BODY + 16, &m), 0);
	CHECK_INT(hvic_negotiate(p, 256, &m, fw, 2, ts, 3, &f, &v), -ENOENT);
	CHECK_EQ(get16(p + BODY), 0);
	free(p);
}

TEST(hvic_negotiate_malformed)
{
	const u32 host[] = { HVIC_FW_3, HVIC_VER(4, 0) };
	u8 *p = nego(host, 1, 1, 256);
	struct hvic_msg m;
	u32 f, v;

	/* counts that say more than the body holds */
	put16(p + BODY + 2, 2);
	CHECK_INT(hvic_parse(p, BODY + 16, &m), 0);
	CHECK_INT(hvic_negotiate(p, 256, &m, fw, 2, ts, 3, &f, &v), -EPROTO);
	CHECK(answered(p, m.len, HVIC_E_FAIL));
	CHECK_EQ(get16(p + BODY) + get16(p + BODY + 2), 0);
	/* more than any host lists */
	free(p);
	p = nego(host, 1, 1, 256);
	put16(p + BODY, 101);
	put16(p + BODY + 2, 0);
	CHECK_INT(hvic_parse(p, BODY + 16, &m), 0);
	CHECK_INT(hvic_negotiate(p, 256, &m, fw, 2, ts, 3, &f, &v), -EPROTO);
	free(p);
	/* a body without its counts: the answer is longer than the request */
	p = msg(HVIC_MSG_NEGOTIATE, 4, 64);
	CHECK_INT(hvic_parse(p, BODY + 4, &m), 0);
	CHECK_INT(hvic_negotiate(p, 64, &m, fw, 2, ts, 3, &f, &v), -EPROTO);
	CHECK_EQ(m.len, BODY + 16);
	CHECK(answered(p, m.len, HVIC_E_FAIL));
	free(p);
	/* no room for an answer: nothing written */
	p = msg(HVIC_MSG_NEGOTIATE, 0, BODY + 15);
	CHECK_INT(hvic_parse(p, BODY, &m), 0);
	CHECK_INT(hvic_negotiate(p, BODY + 15, &m, fw, 2, ts, 3, &f, &v), -ENOSPC);
	CHECK_EQ(p[H_FLAGS], 3);
	free(p);
}

TEST(hvic_heartbeat_seq)
{
	static const u32 lens[] = { 8, 16, 40 };
	struct hvic_msg m;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		u8 *p = msg(HVIC_MSG_HEARTBEAT, lens[i], BODY + lens[i]);

		put64(p + BODY, 0xfffffffffULL + i);
		CHECK_INT(hvic_parse(p, BODY + lens[i], &m), 0);
		CHECK_INT(hvic_heartbeat(&m), 0);
		CHECK_EQ(get64(p + BODY), 0x1000000000ULL + i);
		free(p);
	}
	{
		u8 *p = msg(HVIC_MSG_HEARTBEAT, 7, BODY + 7);

		put32(p + BODY, 5);
		CHECK_INT(hvic_parse(p, BODY + 7, &m), 0);
		CHECK_INT(hvic_heartbeat(&m), -EPROTO);
		CHECK_EQ(get32(p + BODY), 5);
		free(p);
	}
}

TEST(hvic_shutdown_flags)
{
	static const struct { u32 flags; int act; } cases[] = {
		{ 0, HVIC_ACT_POWEROFF }, { 1, HVIC_ACT_POWEROFF },
		{ 2, HVIC_ACT_REBOOT }, { 3, HVIC_ACT_REBOOT },
		{ 4, HVIC_ACT_HIBERNATE }, { 5, HVIC_ACT_HIBERNATE },
		{ 6, HVIC_ACT_INVALID }, { 8, HVIC_ACT_INVALID },
		{ 0x40, HVIC_ACT_INVALID }, { 0x80000000, HVIC_ACT_INVALID },
	};
	struct hvic_msg m;
	unsigned int i;
	u32 flags;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		u8 *p = msg(HVIC_MSG_SHUTDOWN, 2060, BODY + 2060);

		put32(p + BODY + 8, cases[i].flags);
		CHECK_INT(hvic_parse(p, BODY + 2060, &m), 0);
		CHECK_INT(hvic_shutdown_action(&m, &flags), cases[i].act);
		CHECK_EQ(flags, cases[i].flags);
		free(p);
	}
	{
		/* the flags are all it needs; one byte short of them is refused */
		u8 *p = msg(HVIC_MSG_SHUTDOWN, 12, BODY + 12);

		put32(p + BODY + 8, 2);
		CHECK_INT(hvic_parse(p, BODY + 12, &m), 0);
		CHECK_INT(hvic_shutdown_action(&m, &flags), HVIC_ACT_REBOOT);
		put32(p + P_SIZE, 20 + 11);
		put16(p + H_SIZE, 11);
		CHECK_INT(hvic_parse(p, BODY + 11, &m), 0);
		CHECK_INT(hvic_shutdown_action(&m, &flags), -EPROTO);
		CHECK_EQ(flags, 0);
		free(p);
	}
}

#define T_2026	(HVIC_EPOCH_DELTA + 17960000000000000ULL)	/* 100 ns units */

TEST(hvic_timesync_v4)
{
	u8 *p = msg(HVIC_MSG_TIMESYNC, 24, BODY + 24);
	struct hvic_time t;
	struct hvic_msg m;

	put64(p + BODY, T_2026);
	put64(p + BODY + 8, 123456789);
	p[BODY + 16] = HVIC_TIME_SAMPLE;
	CHECK_INT(hvic_parse(p, BODY + 24, &m), 0);
	CHECK_INT(hvic_timesync(&m, HVIC_VER(4, 0), &t), 0);
	CHECK_EQ(t.host_ns, 17960000000000000ULL * 100);
	CHECK_EQ(t.ref_time, 123456789);
	CHECK_EQ(t.flags, HVIC_TIME_SAMPLE);
	/* 17 bytes are the shortest with the flags */
	put32(p + P_SIZE, 20 + 17);
	put16(p + H_SIZE, 17);
	CHECK_INT(hvic_parse(p, BODY + 17, &m), 0);
	CHECK_INT(hvic_timesync(&m, HVIC_VER(4, 0), &t), 0);
	put32(p + P_SIZE, 20 + 16);
	put16(p + H_SIZE, 16);
	CHECK_INT(hvic_parse(p, BODY + 16, &m), 0);
	CHECK_INT(hvic_timesync(&m, HVIC_VER(4, 0), &t), -EPROTO);
	free(p);
}

TEST(hvic_timesync_v1)
{
	u8 *p = msg(HVIC_MSG_TIMESYNC, 28, BODY + 28);
	struct hvic_time t;
	struct hvic_msg m;

	put64(p + BODY, T_2026);
	put64(p + BODY + 8, 77);	/* child time: not used */
	p[BODY + 24] = HVIC_TIME_SYNC;
	CHECK_INT(hvic_parse(p, BODY + 28, &m), 0);
	CHECK_INT(hvic_timesync(&m, HVIC_VER(3, 0), &t), 0);
	CHECK_EQ(t.host_ns, 17960000000000000ULL * 100);
	CHECK_EQ(t.ref_time, 0);
	CHECK_EQ(t.flags, HVIC_TIME_SYNC);
	/* 25 bytes is the shortest; the 4.0 format would take 17 */
	put32(p + P_SIZE, 20 + 24);
	put16(p + H_SIZE, 24);
	CHECK_INT(hvic_parse(p, BODY + 24, &m), 0);
	CHECK_INT(hvic_timesync(&m, HVIC_VER(1, 0), &t), -EPROTO);
	free(p);
}

TEST(hvic_timesync_range)
{
	u8 *p = msg(HVIC_MSG_TIMESYNC, 24, BODY + 24);
	struct hvic_time t;
	struct hvic_msg m;

	CHECK_INT(hvic_parse(p, BODY + 24, &m), 0);
	put64(p + BODY, HVIC_EPOCH_DELTA - 1);		/* 1969 */
	CHECK_INT(hvic_timesync(&m, HVIC_VER(4, 0), &t), -ERANGE);
	put64(p + BODY, HVIC_EPOCH_DELTA);		/* 1970 */
	CHECK_INT(hvic_timesync(&m, HVIC_VER(4, 0), &t), 0);
	CHECK_EQ(t.host_ns, 0);
	put64(p + BODY, HVIC_EPOCH_DELTA + U64_MAX / 100);
	CHECK_INT(hvic_timesync(&m, HVIC_VER(4, 0), &t), 0);
	put64(p + BODY, HVIC_EPOCH_DELTA + U64_MAX / 100 + 1);	/* past 2554 */
	CHECK_INT(hvic_timesync(&m, HVIC_VER(4, 0), &t), -ERANGE);
	put64(p + BODY, U64_MAX);
	CHECK_INT(hvic_timesync(&m, HVIC_VER(4, 0), &t), -ERANGE);
	free(p);
}
