// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of hv_timer's portable files.
 * drivers/timer/tsc_page.c: the 64 x 64 -> high-64 multiply (checked against
 * an independent 32-bit schoolbook product), the reference-time formula at
 * the extremes of scale, TSC and offset, the meaning of the scale (a TSC
 * frequency's worth of ticks is one second of 100 ns units), and the
 * sequence/retry decisions of the TLFS read protocol.
 * drivers/timer/timer_msg.c: the check of timer expiration messages.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <linux/kernel.h>

#include "runner.h"
#include "../../drivers/timer/timer_msg.h"
#include "../../drivers/timer/tsc_page.h"

#define U64_MAX_	0xffffffffffffffffull
#define S64_MIN_	(-0x7fffffffffffffffll - 1)
#define S64_MAX_	0x7fffffffffffffffll

/* (a * b) >> 64 from four 32 x 32 -> 64 products, no 128-bit type */
static u64 ref_mulhi(u64 a, u64 b)
{
	u64 al = (u32)a, ah = a >> 32, bl = (u32)b, bh = b >> 32;
	u64 ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
	u64 mid = (ll >> 32) + (u32)lh + (u32)hl;	/* < 3 * 2^32 */

	return hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}

static u64 xorshift64(u64 *s)
{
	u64 x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*s = x;
	return x;
}

TEST(tsc_page_layout)
{
	CHECK_EQ(offsetof(struct hvt_tsc_page, tsc_sequence), 0);
	CHECK_EQ(offsetof(struct hvt_tsc_page, tsc_scale), 8);
	CHECK_EQ(offsetof(struct hvt_tsc_page, tsc_offset), 16);
	CHECK_EQ(sizeof(struct hvt_tsc_page), 24);
}

TEST(tsc_page_reference_mulhi_is_right)
{
	/* the checker itself, on products worked out by hand */
	CHECK_EQ(ref_mulhi(U64_MAX_, U64_MAX_), U64_MAX_ - 1);
	CHECK_EQ(ref_mulhi(1ull << 32, 1ull << 32), 1);
	CHECK_EQ(ref_mulhi(1ull << 63, 2), 1);
	CHECK_EQ(ref_mulhi(0xffffffffull, 0xffffffffull), 0);
	CHECK_EQ(ref_mulhi(0x100000001ull, 0xffffffff00000000ull), 0xffffffffull);
}

TEST(tsc_page_mulhi_extremes)
{
	CHECK_EQ(hvt_mul_u64_u64_shr64(0, 0), 0);
	CHECK_EQ(hvt_mul_u64_u64_shr64(0, U64_MAX_), 0);
	CHECK_EQ(hvt_mul_u64_u64_shr64(U64_MAX_, 0), 0);
	CHECK_EQ(hvt_mul_u64_u64_shr64(1, U64_MAX_), 0);
	CHECK_EQ(hvt_mul_u64_u64_shr64(U64_MAX_, 1), 0);
	CHECK_EQ(hvt_mul_u64_u64_shr64(2, U64_MAX_), 1);
	/* (2^64 - 1)^2 = 2^128 - 2^65 + 1: high half 2^64 - 2 */
	CHECK_EQ(hvt_mul_u64_u64_shr64(U64_MAX_, U64_MAX_), U64_MAX_ - 1);
	CHECK_EQ(hvt_mul_u64_u64_shr64(1ull << 63, 1ull << 63), 1ull << 62);
	CHECK_EQ(hvt_mul_u64_u64_shr64(1ull << 32, 1ull << 32), 1);
	CHECK_EQ(hvt_mul_u64_u64_shr64(1ull << 32, (1ull << 32) - 1), 0);
}

TEST(tsc_page_mulhi_matches_schoolbook)
{
	static const u64 edge[] = {
		0, 1, 2, 0xffffffffull, 0x100000000ull, 0x100000001ull,
		1ull << 63, (1ull << 63) - 1, (1ull << 63) + 1, U64_MAX_ - 1, U64_MAX_,
	};
	u64 seed = 0x9e3779b97f4a7c15ull;
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(edge); i++)
		for (j = 0; j < ARRAY_SIZE(edge); j++)
			CHECK_EQ(hvt_mul_u64_u64_shr64(edge[i], edge[j]),
				 ref_mulhi(edge[i], edge[j]));
	for (i = 0; i < 100000; i++) {
		u64 a = xorshift64(&seed), b = xorshift64(&seed);

		/* also small and half-width operands, not just full-width ones */
		if (i % 3 == 1)
			a >>= a & 63;
		if (i % 5 == 2)
			b >>= b & 63;
		CHECK_EQ(hvt_mul_u64_u64_shr64(a, b), ref_mulhi(a, b));
		CHECK_EQ(hvt_mul_u64_u64_shr64(a, b), hvt_mul_u64_u64_shr64(b, a));
	}
}

TEST(tsc_page_ref_scale_zero_is_offset)
{
	CHECK_EQ(hvt_tsc_to_ref(0, 0, 0), 0);
	CHECK_EQ(hvt_tsc_to_ref(U64_MAX_, 0, 0), 0);
	CHECK_EQ(hvt_tsc_to_ref(U64_MAX_, 0, 12345), 12345);
	CHECK_EQ(hvt_tsc_to_ref(U64_MAX_, 0, S64_MAX_), (u64)S64_MAX_);
	/* a negative offset with nothing to offset wraps, as 64-bit time does */
	CHECK_EQ(hvt_tsc_to_ref(U64_MAX_, 0, -1), U64_MAX_);
	CHECK_EQ(hvt_tsc_to_ref(0, 0, S64_MIN_), 1ull << 63);
}

TEST(tsc_page_ref_full_scale)
{
	/* scale 2^64 - 1 is just below 1.0: tsc maps to tsc - 1 (tsc > 0) */
	CHECK_EQ(hvt_tsc_to_ref(0, U64_MAX_, 0), 0);
	CHECK_EQ(hvt_tsc_to_ref(1, U64_MAX_, 0), 0);
	CHECK_EQ(hvt_tsc_to_ref(1000, U64_MAX_, 0), 999);
	CHECK_EQ(hvt_tsc_to_ref(U64_MAX_, U64_MAX_, 0), U64_MAX_ - 1);
	CHECK_EQ(hvt_tsc_to_ref(U64_MAX_, U64_MAX_, 1), U64_MAX_);
	/* ... and one more wraps to zero */
	CHECK_EQ(hvt_tsc_to_ref(U64_MAX_, U64_MAX_, 2), 0);
	CHECK_EQ(hvt_tsc_to_ref(U64_MAX_, U64_MAX_, S64_MAX_),
		 (U64_MAX_ - 1) + (u64)S64_MAX_);
}

TEST(tsc_page_ref_negative_offsets)
{
	/* scale 0.5: 2000 TSC ticks are 1000 units */
	const u64 half = 1ull << 63;

	CHECK_EQ(hvt_tsc_to_ref(2000, half, -1000), 0);
	CHECK_EQ(hvt_tsc_to_ref(2000, half, -999), 1);
	CHECK_EQ(hvt_tsc_to_ref(2000, half, -1001), U64_MAX_);
	CHECK_EQ(hvt_tsc_to_ref(U64_MAX_, half, -(s64)(half - 1)), 0);
	CHECK_EQ(hvt_tsc_to_ref(U64_MAX_, U64_MAX_, S64_MIN_),
		 (U64_MAX_ - 1) - (1ull << 63));
	CHECK_EQ(hvt_tsc_to_ref(U64_MAX_, U64_MAX_, -1), U64_MAX_ - 2);
}

/*
 * What a host puts in tsc_scale for a TSC of hz: 10^7 / hz as a 64.64
 * fraction. Then hz TSC ticks must read as one second (10^7 units), less at
 * most one unit of truncation, and the offset must shift it exactly.
 */
TEST(tsc_page_ref_one_second_at_any_frequency)
{
	static const u64 hz[] = {
		10000001ull, 100000000ull, 1000000000ull, 2100000000ull,
		2494140000ull, 2999999999ull, 3600000000ull, 5000000000ull,
		0xffffffffffffull,
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(hz); i++) {
		u64 scale = (u64)(((unsigned __int128)10000000u << 64) / hz[i]);
		u64 t0 = 0x0123456789abull;	/* the TSC already ran a while */
		u64 a = hvt_tsc_to_ref(t0, scale, 0);
		u64 b = hvt_tsc_to_ref(t0 + hz[i], scale, 0);
		u64 c = hvt_tsc_to_ref(t0 + hz[i], scale, -(s64)a);

		CHECK(b - a >= 10000000u - 1 && b - a <= 10000000u + 1);
		CHECK_EQ(c, b - a);
		/* monotonic, step by step, over a stretch */
		CHECK(hvt_tsc_to_ref(t0 + 1, scale, 0) >= a);
		CHECK(hvt_tsc_to_ref(t0 + hz[i] / 2, scale, 0) <= b);
	}
}

TEST(tsc_page_sequence_zero_is_invalid)
{
	CHECK(!hvt_tsc_seq_usable(0));
	CHECK(hvt_tsc_seq_usable(1));
	/* the value old TLFS texts wrongly called invalid is an ordinary one */
	CHECK(hvt_tsc_seq_usable(0xffffffffu));
}

TEST(tsc_page_verdicts)
{
	CHECK_EQ(hvt_tsc_verdict(5, 5, 0), HVT_TSC_VALID);
	CHECK_EQ(hvt_tsc_verdict(0xffffffffu, 0xffffffffu, 0), HVT_TSC_VALID);
	CHECK_EQ(hvt_tsc_verdict(5, 6, 0), HVT_TSC_RETRY);
	/* wrapped sequence counts as a change */
	CHECK_EQ(hvt_tsc_verdict(0xffffffffu, 1, 0), HVT_TSC_RETRY);
	/* invalid before, or invalidated while we read */
	CHECK_EQ(hvt_tsc_verdict(0, 0, 0), HVT_TSC_FALLBACK);
	CHECK_EQ(hvt_tsc_verdict(0, 7, 0), HVT_TSC_FALLBACK);
	CHECK_EQ(hvt_tsc_verdict(7, 0, 0), HVT_TSC_FALLBACK);
	/* a consistent read is good however many torn ones came before */
	CHECK_EQ(hvt_tsc_verdict(5, 5, HVT_TSC_MAX_ATTEMPTS + 100), HVT_TSC_VALID);
	CHECK_EQ(hvt_tsc_verdict(5, 5, 0xffffffffu), HVT_TSC_VALID);
	CHECK_EQ(hvt_tsc_verdict(5, 6, HVT_TSC_MAX_ATTEMPTS - 2), HVT_TSC_RETRY);
	CHECK_EQ(hvt_tsc_verdict(5, 6, HVT_TSC_MAX_ATTEMPTS - 1), HVT_TSC_FALLBACK);
	CHECK_EQ(hvt_tsc_verdict(5, 6, 0xffffffffu), HVT_TSC_FALLBACK);
}

/* The driver's loop against a host that rewrites the page on every read */
TEST(tsc_page_endless_updates_end_in_fallback)
{
	enum hvt_tsc_verdict v = HVT_TSC_RETRY;
	unsigned int attempt, reads = 0;
	u32 seq = 1;

	for (attempt = 0; v == HVT_TSC_RETRY; attempt++) {
		u32 first = seq++;

		reads++;
		v = hvt_tsc_verdict(first, seq, attempt);
		CHECK(reads <= HVT_TSC_MAX_ATTEMPTS);
	}
	CHECK_EQ(v, HVT_TSC_FALLBACK);
	CHECK_EQ(reads, HVT_TSC_MAX_ATTEMPTS);
}

/* ... and against one that updates it once: the second read is used */
TEST(tsc_page_one_update_one_retry)
{
	u32 seqs[] = { 3, 4, 4, 4 };
	enum hvt_tsc_verdict v;
	unsigned int attempt = 0;

	v = hvt_tsc_verdict(seqs[0], seqs[1], attempt++);
	CHECK_EQ(v, HVT_TSC_RETRY);
	v = hvt_tsc_verdict(seqs[2], seqs[3], attempt++);
	CHECK_EQ(v, HVT_TSC_VALID);
}

/*
 * Timer expiration messages (drivers/timer/timer_msg.c), which drive the
 * clockevents in message mode: host data, checked before use.
 */
static void timer_msg_init(struct hvcore_message *m, u32 type, u8 size, u32 index)
{
	struct hvcore_timer_message tm = {
		.timer_index = index,
		.expiration_time = 0x1122334455667788ull,
		.delivery_time = 0x99aabbccddeeff00ull,
	};

	memset(m, 0xa5, sizeof(*m));
	m->header.message_type = type;
	m->header.payload_size = size;
	memcpy(m->payload, &tm, sizeof(tm));
}

TEST(timer_msg_layout)
{
	CHECK_EQ(sizeof(struct hvcore_message), 256);
	CHECK_EQ(sizeof(struct hvcore_timer_message), 24);
	CHECK_EQ(offsetof(struct hvcore_message, payload), 16);
}

TEST(timer_msg_good)
{
	struct hvcore_message m;
	struct hvcore_timer_message tm;

	timer_msg_init(&m, HVCORE_MSG_TIMER_EXPIRED, 24, 0);
	CHECK_INT(hvt_timer_msg_parse(&m, 0, &tm), 0);
	CHECK_EQ(tm.timer_index, 0);
	CHECK_EQ(tm.expiration_time, 0x1122334455667788ull);
	CHECK_EQ(tm.delivery_time, 0x99aabbccddeeff00ull);
	/* a longer payload (a newer host) is fine, up to the slot's size */
	timer_msg_init(&m, HVCORE_MSG_TIMER_EXPIRED, 240, 0);
	CHECK_INT(hvt_timer_msg_parse(&m, 0, &tm), 0);
	timer_msg_init(&m, HVCORE_MSG_TIMER_EXPIRED, 24, 3);
	CHECK_INT(hvt_timer_msg_parse(&m, 3, &tm), 0);
	CHECK_EQ(tm.timer_index, 3);
}

TEST(timer_msg_bad_type)
{
	static const u32 types[] = {
		HVCORE_MSG_NONE, 0x80000011u, 0x00000010u, 0x80000000u, 0xffffffffu,
	};
	struct hvcore_message m;
	struct hvcore_timer_message tm;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		timer_msg_init(&m, types[i], 24, 0);
		CHECK_INT(hvt_timer_msg_parse(&m, 0, &tm), -EINVAL);
	}
}

TEST(timer_msg_bad_size)
{
	struct hvcore_message m;
	struct hvcore_timer_message tm;
	unsigned int size;

	for (size = 0; size < 256; size++) {
		bool ok = size >= 24 && size <= 240;

		timer_msg_init(&m, HVCORE_MSG_TIMER_EXPIRED, (u8)size, 0);
		CHECK_INT(hvt_timer_msg_parse(&m, 0, &tm), ok ? 0 : -EINVAL);
	}
}

TEST(timer_msg_bad_index)
{
	static const u32 index[] = { 1, 2, 3, 4, 0x80000000u, 0xffffffffu };
	struct hvcore_message m;
	struct hvcore_timer_message tm;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(index); i++) {
		timer_msg_init(&m, HVCORE_MSG_TIMER_EXPIRED, 24, index[i]);
		CHECK_INT(hvt_timer_msg_parse(&m, 0, &tm), -EINVAL);
	}
}
