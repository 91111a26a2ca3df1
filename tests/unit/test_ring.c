// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of vmbus/ring.c, the VMBus ring buffer.
 *
 * The other end of each ring is a "peer" written here from the wire format
 * alone: it addresses the control page by byte offsets, builds packets
 * byte by byte with "% size" arithmetic, and never calls ring.c or uses its
 * structs, so that a misunderstanding shared by the two would have to be
 * made twice.  Its rules mirror the host's: it too never fills a ring
 * completely, and puts the packet's start index in the trailer.
 *
 * Covered: layout, init, a packet written in pieces (the same bytes as from
 * vecs, refused unless the pieces add up), the strict "never full" rule at its exact
 * boundary, wrap-around of descriptor, payload and trailer (both
 * directions), many random packets byte for byte, -ENOBUFS and retry,
 * the pending_send_sz crossing rule, the signal-on-empty rule with
 * interrupt_mask, the unmask re-check, hostile indices and descriptors
 * (sticky -EIO, counted, nothing touched), and two threads driving both
 * ends through the signalling protocol with a lost wakeup as a failure.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/kernel.h>

#include "runner.h"
#include "../../vmbus/ring.h"

#define PAGE		4096u
/* control page byte offsets, from the wire format */
#define PG_WRITE	0
#define PG_READ		4
#define PG_MASK		8
#define PG_PENDING	12
#define PG_FEAT		64

/* One ring's shared memory (exactly sized heap blocks, so ASan sees any
 * access past either) and our view of it.
 */
struct rmem {
	u8 *page;
	u8 *data;
	u32 size;
	struct vmbus_ring r;
};

static void rmem_free(struct rmem *m)
{
	free(m->page);
	free(m->data);
	m->page = NULL;
	m->data = NULL;
}

/* Freed on every return path, including a failed CHECK's */
#define RMEM(name) struct rmem name __attribute__((cleanup(rmem_free))) = { 0 }

static void free_ptr(void *p)
{
	free(*(void **)p);
}

#define AUTOFREE __attribute__((cleanup(free_ptr)))

static int rmem_setup(struct rmem *m, u32 size, bool reader)
{
	m->page = malloc(PAGE);
	m->data = malloc(size);
	m->size = size;
	if (!m->page || !m->data)
		return -ENOMEM;
	memset(m->page, 0xa5, PAGE);
	memset(m->data, 0xee, size);
	return vmbus_ring_init(&m->r, m->page, m->data, size, reader);
}

static u32 pg_get(const struct rmem *m, u32 off)
{
	return (u32)m->page[off] | (u32)m->page[off + 1] << 8 |
	       (u32)m->page[off + 2] << 16 | (u32)m->page[off + 3] << 24;
}

static void pg_set(struct rmem *m, u32 off, u32 v)
{
	m->page[off] = (u8)v;
	m->page[off + 1] = (u8)(v >> 8);
	m->page[off + 2] = (u8)(v >> 16);
	m->page[off + 3] = (u8)(v >> 24);
}

static void put_le(u8 *p, u64 v, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		p[i] = (u8)(v >> (8 * i));
}

static u64 get_le(const u8 *p, unsigned int n)
{
	u64 v = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		v |= (u64)p[i] << (8 * i);
	return v;
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

/* Reproducible payload bytes: packet @seed, byte @i */
static u8 pbyte(u64 seed, u32 i)
{
	u64 x = seed * 0x9e3779b97f4a7c15ull + i * 0xbf58476d1ce4e5b9ull;

	return (u8)(x >> 56 ^ x >> 29);
}

static void fill_payload(u8 *p, u32 len, u64 seed)
{
	u32 i;

	for (i = 0; i < len; i++)
		p[i] = pbyte(seed, i);
}

static bool payload_ok(const u8 *p, u32 len, u64 seed)
{
	u32 i;

	for (i = 0; i < len; i++)
		if (p[i] != pbyte(seed, i))
			return false;
	return true;
}

/* ------------------------------------------------------------------ peer */

struct ppkt {
	u16 type, offset8, len8, flags;
	u64 tid;
	u32 plen;	/* payload bytes before padding */
	u64 seed;
};

/* Ring space a packet of @plen payload bytes takes: the peer's own sum */
static u32 peer_total(u32 plen)
{
	return 16 + (plen + 7) / 8 * 8 + 8;
}

/*
 * The host writing into a ring we read.  Returns -EAGAIN when the host's
 * own rule (never completely full) forbids the packet.
 */
static int peer_send(struct rmem *m, const struct ppkt *p)
{
	u32 w = pg_get(m, PG_WRITE), rd = pg_get(m, PG_READ);
	u32 used = (w + m->size - rd) % m->size;
	u32 total = peer_total(p->plen), i;
	u8 *buf;

	if (m->size - used <= total)
		return -EAGAIN;
	buf = calloc(1, total);
	if (!buf)
		return -ENOMEM;
	put_le(buf + 0, p->type, 2);
	put_le(buf + 2, 2, 2);
	put_le(buf + 4, (total - 8) / 8, 2);
	put_le(buf + 6, p->flags, 2);
	put_le(buf + 8, p->tid, 8);
	fill_payload(buf + 16, p->plen, p->seed);
	put_le(buf + total - 8, (u64)w << 32, 8);
	for (i = 0; i < total; i++)
		m->data[(w + i) % m->size] = buf[i];
	free(buf);
	pg_set(m, PG_WRITE, (w + total) % m->size);
	return 0;
}

/* The host publishing a raw descriptor at write_index, plus @publish bytes */
static void peer_raw(struct rmem *m, u16 offset8, u16 len8, u32 publish)
{
	u32 w = pg_get(m, PG_WRITE), i;
	u8 d[16];

	put_le(d + 0, 6, 2);
	put_le(d + 2, offset8, 2);
	put_le(d + 4, len8, 2);
	put_le(d + 6, 0, 2);
	put_le(d + 8, 0x77, 8);
	for (i = 0; i < 16; i++)
		m->data[(w + i) % m->size] = d[i];
	pg_set(m, PG_WRITE, (w + publish) % m->size);
}

/*
 * The host reading from a ring we write: parses one packet into @p and its
 * bytes (descriptor onwards, len8 * 8 of them) into @out, checks the
 * trailer carries the start index, and gives the space back.
 * 0, -EAGAIN when empty, -EPROTO on a malformed packet.
 */
static int peer_recv(struct rmem *m, struct ppkt *p, u8 *out, u32 outlen)
{
	u32 rd = pg_get(m, PG_READ), w = pg_get(m, PG_WRITE);
	u32 used = (w + m->size - rd) % m->size, len, i;
	u8 d[16], t[8];

	if (!used)
		return -EAGAIN;
	for (i = 0; i < 16; i++)
		d[i] = m->data[(rd + i) % m->size];
	p->type = (u16)get_le(d, 2);
	p->offset8 = (u16)get_le(d + 2, 2);
	p->len8 = (u16)get_le(d + 4, 2);
	p->flags = (u16)get_le(d + 6, 2);
	p->tid = get_le(d + 8, 8);
	len = p->len8 * 8u;
	if (len < 16 || len + 8 > used || len > outlen)
		return -EPROTO;
	for (i = 0; i < len; i++)
		out[i] = m->data[(rd + i) % m->size];
	for (i = 0; i < 8; i++)
		t[i] = m->data[(rd + len + i) % m->size];
	if (get_le(t, 8) != (u64)rd << 32)
		return -EPROTO;
	pg_set(m, PG_READ, (rd + len + 8) % m->size);
	return 0;
}

/* ---------------------------------------------------- our side, wrapped */

static int our_send(struct rmem *m, const struct ppkt *p, bool *signal)
{
	struct vmbus_pkt_desc d = {
		.type = p->type,
		.offset8 = 2,
		.len8 = (u16)((16 + p->plen + 7) / 8),
		.flags = p->flags,
		.trans_id = p->tid,
	};
	struct vmbus_ring_vec v[2] = {
		{ &d, sizeof(d) },
		{ NULL, p->plen },
	};
	u8 *payload = malloc(p->plen ? p->plen : 1);
	int ret;

	if (!payload)
		return -ENOMEM;
	fill_payload(payload, p->plen, p->seed);
	v[1].base = payload;
	ret = vmbus_ring_write(&m->r, v, 2, signal);
	free(payload);
	return ret;
}

/* Checks a packet read by either side against what was sent */
static void check_pkt(const u8 *buf, u32 len, const struct ppkt *want)
{
	u32 i;

	CHECK_EQ(len, 16 + (want->plen + 7) / 8 * 8);
	CHECK_EQ(get_le(buf, 2), want->type);
	CHECK_EQ(get_le(buf + 2, 2), 2);
	CHECK_EQ(get_le(buf + 4, 2), len / 8);
	CHECK_EQ(get_le(buf + 6, 2), want->flags);
	CHECK_EQ(get_le(buf + 8, 8), want->tid);
	CHECK(payload_ok(buf + 16, want->plen, want->seed));
	for (i = 16 + want->plen; i < len; i++)
		CHECK_EQ(buf[i], 0);	/* padding */
}

/* Read one packet with our reader and compare; commit it when @commit */
static void our_recv_check(struct rmem *m, const struct ppkt *want, bool commit)
{
	u32 len = 0;
	u8 *buf AUTOFREE = malloc(m->size);

	CHECK(buf);
	CHECK_INT(vmbus_ring_read(&m->r, buf, m->size, &len), 0);
	check_pkt(buf, len, want);
	if (commit)
		vmbus_ring_read_commit(&m->r);
}

/* The peer reads one packet from our writer and compares */
static void peer_recv_check(struct rmem *m, const struct ppkt *want)
{
	struct ppkt got;
	u8 *buf AUTOFREE = malloc(m->size);

	CHECK(buf);
	CHECK_INT(peer_recv(m, &got, buf, m->size), 0);
	CHECK_EQ(got.type, want->type);
	CHECK_EQ(got.flags, want->flags);
	CHECK_EQ(got.tid, want->tid);
	CHECK_EQ(got.offset8, 2);
	check_pkt(buf, got.len8 * 8u, want);
}

static struct ppkt mkpkt(u32 plen, u64 seed)
{
	struct ppkt p = {
		.type = VMBUS_PKT_DATA_INBAND,
		.flags = seed & 1 ? VMBUS_PKT_FLAG_COMPLETION_REQUESTED : 0,
		.tid = seed * 0x100000001ull + 7,
		.plen = plen,
		.seed = seed,
	};
	return p;
}

/* ----------------------------------------------------------------- tests */

TEST(ring_layout)
{
	CHECK_EQ(offsetof(struct vmbus_ring_hdr, write_index), 0);
	CHECK_EQ(offsetof(struct vmbus_ring_hdr, read_index), 4);
	CHECK_EQ(offsetof(struct vmbus_ring_hdr, interrupt_mask), 8);
	CHECK_EQ(offsetof(struct vmbus_ring_hdr, pending_send_sz), 12);
	CHECK_EQ(offsetof(struct vmbus_ring_hdr, feature_bits), 64);
	CHECK_EQ(sizeof(struct vmbus_ring_hdr), 4096);
	CHECK_EQ(offsetof(struct vmbus_pkt_desc, type), 0);
	CHECK_EQ(offsetof(struct vmbus_pkt_desc, offset8), 2);
	CHECK_EQ(offsetof(struct vmbus_pkt_desc, len8), 4);
	CHECK_EQ(offsetof(struct vmbus_pkt_desc, flags), 6);
	CHECK_EQ(offsetof(struct vmbus_pkt_desc, trans_id), 8);
	CHECK_EQ(sizeof(struct vmbus_pkt_desc), 16);
	CHECK_EQ(VMBUS_PKT_DATA_INBAND, 6);
	CHECK_EQ(VMBUS_PKT_DATA_USING_XFER_PAGES, 7);
	CHECK_EQ(VMBUS_PKT_DATA_USING_GPA_DIRECT, 9);
	CHECK_EQ(VMBUS_PKT_COMP, 11);
	CHECK_EQ(VMBUS_PKT_FLAG_COMPLETION_REQUESTED, 1);
}

TEST(ring_init_validates_and_resets)
{
	static const u32 bad[] = { 0, 8, 4095, 4097, 3 * 4096 + 8, 0x80001000u };
	struct vmbus_ring r;
	u8 page[PAGE], dummy;
	unsigned int i;
	RMEM(m);

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		CHECK_INT(vmbus_ring_init(&r, page, &dummy, bad[i], true), -EINVAL);
	CHECK_INT(vmbus_ring_init(&r, NULL, &dummy, 4096, true), -EINVAL);
	CHECK_INT(vmbus_ring_init(&r, page, NULL, 4096, false), -EINVAL);
	/* the largest size is accepted (the data area is not touched) */
	CHECK_INT(vmbus_ring_init(&r, page, &dummy, 0x80000000u, false), 0);
	CHECK_EQ(r.size, 0x80000000u);

	CHECK_INT(rmem_setup(&m, 2 * 4096, false), 0);
	for (i = 0; i < PAGE; i++)
		if (i < PG_FEAT || i >= PG_FEAT + 4)
			CHECK_EQ(m.page[i], 0);
	CHECK_EQ(pg_get(&m, PG_FEAT), 1);
	CHECK_EQ(m.data[0], 0xee);
	CHECK_EQ(m.data[2 * 4096 - 1], 0xee);
	CHECK(!m.r.reader);
	CHECK(!m.r.broken);
	CHECK(m.r.broken_why == NULL);
	CHECK_EQ(m.r.size, 8192);
}

TEST(ring_pkt_bytes)
{
	CHECK_EQ(vmbus_ring_pkt_bytes(0), 8);
	CHECK_EQ(vmbus_ring_pkt_bytes(16), 24);
	CHECK_EQ(vmbus_ring_pkt_bytes(17), 32);
	CHECK_EQ(vmbus_ring_pkt_bytes(23), 32);
	CHECK_EQ(vmbus_ring_pkt_bytes(24), 32);
	CHECK_EQ(vmbus_ring_pkt_bytes(25), 40);
	CHECK_EQ(vmbus_ring_pkt_bytes(0xfffffff0u), 0xfffffff8u);
	CHECK_EQ(vmbus_ring_pkt_bytes(0xfffffff1u), 0xffffffffu);
	CHECK_EQ(vmbus_ring_pkt_bytes(0xffffffffu), 0xffffffffu);
}

TEST(ring_empty)
{
	u8 buf[64];
	u32 len = 123;
	RMEM(in);
	RMEM(out);

	CHECK_INT(rmem_setup(&in, 4096, true), 0);
	CHECK_INT(vmbus_ring_read(&in.r, buf, sizeof(buf), &len), -EAGAIN);
	CHECK_EQ(len, 0);
	CHECK_EQ(vmbus_ring_read_avail(&in.r), 0);
	CHECK_EQ(vmbus_ring_write_avail(&in.r), 4096);
	CHECK(!vmbus_ring_read_commit(&in.r));
	CHECK(!vmbus_ring_unmask_intr(&in.r));
	CHECK(!in.r.broken);
	CHECK_EQ(in.r.broken_count + in.r.nobufs_count + in.r.signal_count, 0);

	CHECK_INT(rmem_setup(&out, 4096, false), 0);
	CHECK_EQ(vmbus_ring_read_avail(&out.r), 0);
	CHECK_EQ(vmbus_ring_write_avail(&out.r), 4096);
}

TEST(ring_wrong_side_is_einval)
{
	struct ppkt p = mkpkt(8, 1);
	bool sig;
	u8 buf[64];
	u32 len;
	RMEM(in);
	RMEM(out);

	CHECK_INT(rmem_setup(&in, 4096, true), 0);
	CHECK_INT(rmem_setup(&out, 4096, false), 0);
	CHECK_INT(our_send(&in, &p, &sig), -EINVAL);
	CHECK_INT(vmbus_ring_read(&out.r, buf, sizeof(buf), &len), -EINVAL);
	CHECK_EQ(pg_get(&in, PG_WRITE), 0);
	CHECK(!in.r.broken && !out.r.broken);
}

/* The exact bytes a peer finds: descriptor, payload, zero pad, trailer */
TEST(ring_write_wire_bytes)
{
	static const u8 hello[5] = { 'h', 'e', 'l', 'l', 'o' };
	struct vmbus_pkt_desc d = {
		.type = VMBUS_PKT_DATA_INBAND,
		.offset8 = 2,
		.len8 = 3,
		.flags = VMBUS_PKT_FLAG_COMPLETION_REQUESTED,
		.trans_id = 0x1122334455667788ull,
	};
	struct vmbus_ring_vec v[2] = { { &d, sizeof(d) }, { hello, 5 } };
	static const u8 want[32] = {
		6, 0, 2, 0, 3, 0, 1, 0,
		0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,
		'h', 'e', 'l', 'l', 'o', 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0,		/* trailer: start 0 << 32 */
	};
	bool sig = false;
	RMEM(m);

	CHECK_INT(rmem_setup(&m, 4096, false), 0);
	CHECK_INT(vmbus_ring_write(&m.r, v, 2, &sig), 0);
	CHECK(sig);
	CHECK(!memcmp(m.data, want, sizeof(want)));
	CHECK_EQ(m.data[32], 0xee);		/* nothing beyond */
	CHECK_EQ(pg_get(&m, PG_WRITE), 32);
	CHECK_EQ(pg_get(&m, PG_READ), 0);

	CHECK_INT(vmbus_ring_write(&m.r, v, 2, &sig), 0);
	CHECK(!sig);
	CHECK_EQ(get_le(m.data + 32 + 24, 8), 32ull << 32);
	CHECK_EQ(pg_get(&m, PG_WRITE), 64);
	CHECK_EQ(vmbus_ring_read_avail(&m.r), 64);
	CHECK_EQ(vmbus_ring_write_avail(&m.r), 4096 - 64);
}

/* A write needs strictly more free bytes than it takes */
TEST(ring_full_boundary_strict)
{
	struct ppkt a = mkpkt(2040 - 16, 1), b = mkpkt(2040 - 16, 2);
	struct ppkt c = mkpkt(2032 - 16, 3), d = mkpkt(0, 4);
	struct ppkt big = mkpkt(4080 - 16, 5), huge = mkpkt(4088 - 16, 6);
	bool sig;
	RMEM(m);

	CHECK_INT(rmem_setup(&m, 4096, false), 0);
	CHECK_EQ(peer_total(a.plen), 2048);
	CHECK_INT(our_send(&m, &huge, &sig), -EMSGSIZE);	/* 4096 bytes */
	CHECK_INT(our_send(&m, &a, &sig), 0);
	/* 2048 free, 2048 needed: refused, counted */
	CHECK_INT(our_send(&m, &b, &sig), -EAGAIN);
	CHECK_EQ(m.r.full_count, 1);
	CHECK_EQ(m.r.full_first_count, 1);
	CHECK_INT(our_send(&m, &b, &sig), -EAGAIN);
	CHECK_EQ(m.r.full_count, 2);
	CHECK_EQ(m.r.full_first_count, 1);
	CHECK_EQ(pg_get(&m, PG_WRITE), 2048);
	/* 2040 needed: fits, leaving the one free unit */
	CHECK_INT(our_send(&m, &c, &sig), 0);
	CHECK_EQ(vmbus_ring_write_avail(&m.r), 8);
	CHECK_EQ(pg_get(&m, PG_WRITE), 4088);
	CHECK(pg_get(&m, PG_WRITE) != pg_get(&m, PG_READ));
	CHECK_INT(our_send(&m, &d, &sig), -EAGAIN);
	CHECK_EQ(m.r.full_count, 3);
	CHECK_EQ(m.r.full_first_count, 2);
	peer_recv_check(&m, &a);
	CHECK_INT(our_send(&m, &b, &sig), 0);
	CHECK_EQ(vmbus_ring_write_avail(&m.r), 8);
	peer_recv_check(&m, &c);
	peer_recv_check(&m, &b);
	CHECK_EQ(pg_get(&m, PG_READ), pg_get(&m, PG_WRITE));
	/* the largest packet a 4 KiB ring takes */
	CHECK_INT(our_send(&m, &big, &sig), 0);
	CHECK_EQ(vmbus_ring_write_avail(&m.r), 8);
	peer_recv_check(&m, &big);
	CHECK(!m.r.broken);
}

TEST(ring_write_rejects_bad_requests)
{
	struct vmbus_pkt_desc d = { .type = 6, .offset8 = 2, .len8 = 2 };
	struct vmbus_ring_vec v[2] = { { &d, sizeof(d) }, { NULL, 0 } };
	bool sig;
	u8 *big AUTOFREE = NULL;
	RMEM(m);

	CHECK_INT(rmem_setup(&m, 4096, false), 0);
	CHECK_INT(vmbus_ring_write(&m.r, v, 0, &sig), -EINVAL);
	CHECK_INT(vmbus_ring_write(&m.r, NULL, 1, &sig), -EINVAL);
	v[0].len = 8;
	CHECK_INT(vmbus_ring_write(&m.r, v, 1, &sig), -EINVAL);
	v[0].len = sizeof(d);
	d.len8 = 3;				/* 16 bytes described as 24 */
	CHECK_INT(vmbus_ring_write(&m.r, v, 1, &sig), -EINVAL);
	d.len8 = 2;
	d.offset8 = 1;				/* payload inside the descriptor */
	CHECK_INT(vmbus_ring_write(&m.r, v, 1, &sig), -EINVAL);
	d.offset8 = 3;				/* payload after the packet */
	CHECK_INT(vmbus_ring_write(&m.r, v, 1, &sig), -EINVAL);
	d.offset8 = 2;
	v[1].len = 8;				/* bytes without a base */
	d.len8 = 3;
	CHECK_INT(vmbus_ring_write(&m.r, v, 2, &sig), -EINVAL);

	big = calloc(1, 600000);
	CHECK(big);
	v[1].base = big;
	v[1].len = 600000;			/* more than len8 can say */
	CHECK_INT(vmbus_ring_write(&m.r, v, 2, &sig), -EMSGSIZE);
	v[1].len = 4072;			/* 4096 with trailer: never fits */
	d.len8 = (16 + 4072) / 8;
	CHECK_INT(vmbus_ring_write(&m.r, v, 2, &sig), -EMSGSIZE);

	CHECK_EQ(pg_get(&m, PG_WRITE), 0);
	CHECK_EQ(m.r.full_count, 0);
	CHECK(!m.r.broken);
	/* a good one still goes through */
	d.len8 = 2;
	CHECK_INT(vmbus_ring_write(&m.r, v, 1, &sig), 0);
	CHECK_EQ(pg_get(&m, PG_WRITE), 24);
}

/* Peer sends a filler so that its next packet starts at @target; we eat it */
static void inbound_move_to(struct rmem *m, u32 target)
{
	u32 w = pg_get(m, PG_WRITE);
	u32 total = (target + m->size - w) % m->size;
	struct ppkt f = mkpkt(total - 24, 99);

	if (!total)
		return;
	CHECK(total >= 24 && total % 8 == 0);
	CHECK_INT(peer_send(m, &f), 0);
	our_recv_check(m, &f, true);
	CHECK_EQ(pg_get(m, PG_WRITE), target);
}

TEST(ring_wrap_inbound)
{
	struct ppkt p1 = mkpkt(40, 11), p2 = mkpkt(100, 12), p3 = mkpkt(48, 13);
	RMEM(m);

	CHECK_INT(rmem_setup(&m, 4096, true), 0);
	/* descriptor split: 8 bytes at the end, 8 at the start */
	inbound_move_to(&m, 4088);
	CHECK_INT(peer_send(&m, &p1), 0);
	our_recv_check(&m, &p1, true);
	CHECK_EQ(m.r.priv_read, 56);
	/* payload split */
	inbound_move_to(&m, 4072);
	CHECK_INT(peer_send(&m, &p2), 0);
	our_recv_check(&m, &p2, true);
	/* packet ends exactly at the end: trailer at offset 0 */
	inbound_move_to(&m, 4096 - 64);
	CHECK_INT(peer_send(&m, &p3), 0);
	CHECK_EQ(pg_get(&m, PG_WRITE), 8);
	our_recv_check(&m, &p3, true);
	CHECK_EQ(pg_get(&m, PG_READ), 8);
	CHECK(!m.r.broken);
}

static void outbound_move_to(struct rmem *m, u32 target)
{
	u32 w = pg_get(m, PG_WRITE);
	u32 total = (target + m->size - w) % m->size;
	struct ppkt f = mkpkt(total - 24, 98);
	bool sig;

	if (!total)
		return;
	CHECK(total >= 24 && total % 8 == 0);
	CHECK_INT(our_send(m, &f, &sig), 0);
	peer_recv_check(m, &f);
	CHECK_EQ(pg_get(m, PG_WRITE), target);
}

TEST(ring_wrap_outbound)
{
	struct ppkt p1 = mkpkt(40, 21), p2 = mkpkt(100, 22), p3 = mkpkt(48, 23);
	bool sig;
	RMEM(m);

	CHECK_INT(rmem_setup(&m, 4096, false), 0);
	outbound_move_to(&m, 4088);
	CHECK_INT(our_send(&m, &p1, &sig), 0);
	peer_recv_check(&m, &p1);
	outbound_move_to(&m, 4072);
	CHECK_INT(our_send(&m, &p2, &sig), 0);
	peer_recv_check(&m, &p2);
	outbound_move_to(&m, 4096 - 64);
	CHECK_INT(our_send(&m, &p3, &sig), 0);
	CHECK_EQ(pg_get(&m, PG_WRITE), 8);
	/* the trailer, wrapped to offset 0, names the start */
	CHECK_EQ(get_le(m.data, 8), (u64)(4096 - 64) << 32);
	peer_recv_check(&m, &p3);
}

/* A packet written in pieces is the same bytes as one written from vecs */
TEST(ring_write_pieces_same_bytes)
{
	static const u8 hello[5] = { 'h', 'e', 'l', 'l', 'o' };
	struct vmbus_pkt_desc d = {
		.type = VMBUS_PKT_DATA_INBAND,
		.offset8 = 2,
		.len8 = 3,
		.flags = VMBUS_PKT_FLAG_COMPLETION_REQUESTED,
		.trans_id = 0x1122334455667788ull,
	};
	struct vmbus_ring_vec v[2] = { { &d, sizeof(d) }, { hello, 5 } };
	struct vmbus_ring_wr w;
	bool sig = false;
	RMEM(a);
	RMEM(b);

	CHECK_INT(rmem_setup(&a, 4096, false), 0);
	CHECK_INT(rmem_setup(&b, 4096, false), 0);
	/* near the end, so that pieces wrap */
	outbound_move_to(&a, 4096 - 16);
	outbound_move_to(&b, 4096 - 16);
	CHECK_INT(vmbus_ring_write(&a.r, v, 2, &sig), 0);
	CHECK_INT(vmbus_ring_write_begin(&b.r, &d, 21, &w), 0);
	vmbus_ring_write_put(&b.r, &w, hello, 2);
	vmbus_ring_write_put(&b.r, &w, NULL, 0);
	vmbus_ring_write_put(&b.r, &w, hello + 2, 3);
	CHECK_INT(vmbus_ring_write_end(&b.r, &w, &sig), 0);
	CHECK(!memcmp(a.data, b.data, 4096));
	CHECK_EQ(pg_get(&a, PG_WRITE), pg_get(&b, PG_WRITE));
	CHECK_EQ(pg_get(&b, PG_WRITE), 16);
}

/* Pieces that do not add up publish nothing; a wrong descriptor is refused */
TEST(ring_write_pieces_must_add_up)
{
	static const u8 x[64];
	struct vmbus_pkt_desc d = { .type = VMBUS_PKT_DATA_INBAND, .offset8 = 2, .len8 = 3 };
	struct vmbus_ring_wr w;
	bool sig = true;
	RMEM(m);

	CHECK_INT(rmem_setup(&m, 4096, false), 0);
	/* too few */
	CHECK_INT(vmbus_ring_write_begin(&m.r, &d, 21, &w), 0);
	vmbus_ring_write_put(&m.r, &w, x, 4);
	CHECK_INT(vmbus_ring_write_end(&m.r, &w, &sig), -EINVAL);
	CHECK(!sig);
	CHECK_EQ(pg_get(&m, PG_WRITE), 0);
	/* too many: the piece is refused, and so is the packet */
	CHECK_INT(vmbus_ring_write_begin(&m.r, &d, 21, &w), 0);
	vmbus_ring_write_put(&m.r, &w, x, 6);
	vmbus_ring_write_put(&m.r, &w, x, 1);
	CHECK_INT(vmbus_ring_write_end(&m.r, &w, &sig), -EINVAL);
	CHECK_EQ(pg_get(&m, PG_WRITE), 0);
	/* a NULL piece with a length */
	CHECK_INT(vmbus_ring_write_begin(&m.r, &d, 21, &w), 0);
	vmbus_ring_write_put(&m.r, &w, NULL, 5);
	CHECK_INT(vmbus_ring_write_end(&m.r, &w, &sig), -EINVAL);
	/* the descriptor must describe the length */
	CHECK_INT(vmbus_ring_write_begin(&m.r, &d, 40, &w), -EINVAL);
	CHECK_INT(vmbus_ring_write_begin(&m.r, NULL, 21, &w), -EINVAL);
	CHECK_INT(vmbus_ring_write_begin(&m.r, &d, 8, &w), -EINVAL);
	/* nothing was ever published; a good packet still goes in */
	CHECK_EQ(pg_get(&m, PG_WRITE), 0);
	CHECK_INT(vmbus_ring_write_begin(&m.r, &d, 21, &w), 0);
	vmbus_ring_write_put(&m.r, &w, x, 5);
	CHECK_INT(vmbus_ring_write_end(&m.r, &w, &sig), 0);
	CHECK(sig);
	CHECK_EQ(pg_get(&m, PG_WRITE), 32);
	CHECK(!vmbus_ring_is_broken(&m.r));
}

#define FIFO_LEN 1024

/* Random traffic peer -> us, checked byte for byte against a model */
TEST(ring_random_inbound)
{
	static struct ppkt fifo[FIFO_LEN];
	unsigned int head = 0, tail = 0, sent = 0, got = 0, i;
	u64 s = 0x5eed1234abcdull;
	RMEM(m);

	CHECK_INT(rmem_setup(&m, 8192, true), 0);
	for (i = 0; i < 20000 || head != tail; i++) {
		u64 x = xorshift64(&s);

		if (i < 20000 && x % 3) {
			struct ppkt p = mkpkt((u32)(x >> 8) % 1500, x >> 20);
			int ret = peer_send(&m, &p);

			if (!ret) {
				fifo[head++ % FIFO_LEN] = p;
				sent++;
			} else {
				CHECK_INT(ret, -EAGAIN);
			}
		} else if (head != tail) {
			our_recv_check(&m, &fifo[tail++ % FIFO_LEN], x & 0x100);
			got++;
		} else {
			u32 len;
			u8 b[16];

			CHECK_INT(vmbus_ring_read(&m.r, b, sizeof(b), &len), -EAGAIN);
		}
		if (x & 0x1000)
			vmbus_ring_read_commit(&m.r);
		CHECK(!m.r.broken);
	}
	CHECK(sent > 5000);
	CHECK_EQ(got, sent);
	vmbus_ring_read_commit(&m.r);
	CHECK_EQ(pg_get(&m, PG_READ), pg_get(&m, PG_WRITE));
}

/* Random traffic us -> peer; -EAGAIN exactly when the model says full */
TEST(ring_random_outbound)
{
	static struct ppkt fifo[FIFO_LEN];
	unsigned int head = 0, tail = 0, sent = 0, full = 0, i;
	u64 s = 0xfeedface1234ull;
	RMEM(m);

	CHECK_INT(rmem_setup(&m, 8192, false), 0);
	for (i = 0; i < 20000 || head != tail; i++) {
		u64 x = xorshift64(&s);

		if (i < 20000 && x % 3) {
			struct ppkt p = mkpkt((u32)(x >> 8) % 1500, x >> 20);
			u32 used = (pg_get(&m, PG_WRITE) + m.size -
				    pg_get(&m, PG_READ)) % m.size;
			bool fits = m.size - used > peer_total(p.plen), sig;
			int ret = our_send(&m, &p, &sig);

			CHECK_INT(ret, fits ? 0 : -EAGAIN);
			CHECK_EQ(sig, fits && used == 0);
			if (!ret) {
				fifo[head++ % FIFO_LEN] = p;
				sent++;
			} else {
				full++;
			}
		} else if (head != tail) {
			peer_recv_check(&m, &fifo[tail++ % FIFO_LEN]);
		}
	}
	CHECK(sent > 5000);
	CHECK(full > 100);
	CHECK_EQ(m.r.full_count, full);
	CHECK_EQ(pg_get(&m, PG_READ), pg_get(&m, PG_WRITE));
}

TEST(ring_enobufs_then_retry)
{
	struct ppkt p = mkpkt(100, 31), q = mkpkt(8, 32);
	u8 buf[256];
	u32 len = 0;
	RMEM(m);

	CHECK_INT(rmem_setup(&m, 4096, true), 0);
	CHECK_INT(peer_send(&m, &p), 0);
	CHECK_INT(peer_send(&m, &q), 0);
	memset(buf, 0x5a, sizeof(buf));
	CHECK_INT(vmbus_ring_read(&m.r, buf, 64, &len), -ENOBUFS);
	CHECK_EQ(len, 120);
	CHECK_EQ(buf[0], 0x5a);			/* nothing copied */
	CHECK_EQ(m.r.priv_read, 0);
	CHECK_EQ(vmbus_ring_read_avail(&m.r), 128 + 32);
	CHECK_INT(vmbus_ring_read(&m.r, buf, 119, &len), -ENOBUFS);
	CHECK_EQ(m.r.nobufs_count, 2);
	CHECK_INT(vmbus_ring_read(&m.r, buf, 120, &len), 0);
	check_pkt(buf, len, &p);
	our_recv_check(&m, &q, true);
	CHECK(!m.r.broken);
}

/* Peer fills 3 x 1 KiB of a 4 KiB ring, waits for more than @pending free */
static void fill_three(struct rmem *m, u32 pending, bool feature)
{
	unsigned int i;

	for (i = 0; i < 3; i++) {
		struct ppkt p = mkpkt(1000, 40 + i);

		CHECK_EQ(peer_total(p.plen), 1024);
		CHECK_INT(peer_send(m, &p), 0);
	}
	pg_set(m, PG_PENDING, pending);
	pg_set(m, PG_FEAT, feature ? 1 : 0);
}

static bool read_one_commit(struct rmem *m)
{
	u8 buf[1024];
	u32 len;

	if (vmbus_ring_read(&m->r, buf, sizeof(buf), &len))
		return false;	/* the caller's counter checks catch this */
	return vmbus_ring_read_commit(&m->r);
}

TEST(ring_pending_send_signals_on_crossing_only)
{
	RMEM(a);
	RMEM(b);
	RMEM(c);
	RMEM(d);
	RMEM(e);
	u8 buf[1024];
	u32 len;

	/* free 1024 -> 2048 (not more than 2048) -> 3072 (crossed) -> 4096 */
	CHECK_INT(rmem_setup(&a, 4096, true), 0);
	fill_three(&a, 2048, true);
	CHECK(!read_one_commit(&a));
	CHECK(read_one_commit(&a));
	CHECK(!read_one_commit(&a));
	CHECK_EQ(a.r.signal_count, 1);
	CHECK_EQ(pg_get(&a, PG_READ), 3072);

	/* one commit over two packets crosses once */
	CHECK_INT(rmem_setup(&b, 4096, true), 0);
	fill_three(&b, 2048, true);
	CHECK_INT(vmbus_ring_read(&b.r, buf, sizeof(buf), &len), 0);
	CHECK_INT(vmbus_ring_read(&b.r, buf, sizeof(buf), &len), 0);
	CHECK(vmbus_ring_read_commit(&b.r));
	CHECK(!vmbus_ring_read_commit(&b.r));	/* nothing new */
	CHECK(!read_one_commit(&b));
	CHECK_EQ(b.r.signal_count, 1);

	/* one byte less pending: the first commit already crosses */
	CHECK_INT(rmem_setup(&c, 4096, true), 0);
	fill_three(&c, 2047, true);
	CHECK(read_one_commit(&c));
	CHECK(!read_one_commit(&c));
	CHECK_EQ(c.r.signal_count, 1);

	/* no pending_send_sz: never */
	CHECK_INT(rmem_setup(&d, 4096, true), 0);
	fill_three(&d, 0, true);
	CHECK(!read_one_commit(&d));
	CHECK(!read_one_commit(&d));
	CHECK(!read_one_commit(&d));
	CHECK_EQ(d.r.signal_count, 0);

	/* writer without the feature bit: never, whatever pending says */
	CHECK_INT(rmem_setup(&e, 4096, true), 0);
	fill_three(&e, 2048, false);
	CHECK(!read_one_commit(&e));
	CHECK(!read_one_commit(&e));
	CHECK(!read_one_commit(&e));
	CHECK_EQ(e.r.signal_count, 0);
	CHECK_EQ(pg_get(&e, PG_READ), 3072);	/* reads did happen */
}

TEST(ring_writer_pending_send)
{
	RMEM(m);

	CHECK_INT(rmem_setup(&m, 4096, false), 0);
	vmbus_ring_set_pending_send(&m.r, 2048);
	CHECK_EQ(pg_get(&m, PG_PENDING), 2048);
	vmbus_ring_set_pending_send(&m.r, 0);
	CHECK_EQ(pg_get(&m, PG_PENDING), 0);
}

/* Signal only when the peer had caught up, and has not masked */
/*
 * A reader that holds packets hides an empty ring from the writer, whose
 * next packet then comes unsignalled: after the commit, read_more says so.
 */
TEST(ring_read_more_after_holding)
{
	struct ppkt p1 = mkpkt(40, 71), p2 = mkpkt(24, 72);
	u32 rd0;
	RMEM(m);

	CHECK_INT(rmem_setup(&m, 4096, true), 0);
	CHECK_INT(peer_send(&m, &p1), 0);
	our_recv_check(&m, &p1, false);		/* held: read_index not moved */
	rd0 = pg_get(&m, PG_READ);
	CHECK_EQ(rd0, 0);
	/* the peer writes now: read_index != its old write_index, no signal */
	CHECK(pg_get(&m, PG_READ) != pg_get(&m, PG_WRITE));
	CHECK_INT(peer_send(&m, &p2), 0);
	vmbus_ring_read_commit(&m.r);
	CHECK(vmbus_ring_read_more(&m.r));	/* p2 is there: read it */
	our_recv_check(&m, &p2, true);
	CHECK(!vmbus_ring_read_more(&m.r));	/* caught up */
	CHECK_EQ(pg_get(&m, PG_READ), pg_get(&m, PG_WRITE));
}

TEST(ring_signal_on_empty_rule)
{
	struct ppkt p[7];
	bool sig;
	unsigned int i;
	RMEM(m);

	for (i = 0; i < 7; i++)
		p[i] = mkpkt(30 + i, 50 + i);
	CHECK_INT(rmem_setup(&m, 4096, false), 0);
	CHECK_INT(our_send(&m, &p[0], &sig), 0);
	CHECK(sig);			/* empty -> non-empty */
	CHECK_INT(our_send(&m, &p[1], &sig), 0);
	CHECK(!sig);			/* peer has work queued */
	peer_recv_check(&m, &p[0]);
	CHECK_INT(our_send(&m, &p[2], &sig), 0);
	CHECK(!sig);			/* still not caught up */
	peer_recv_check(&m, &p[1]);
	peer_recv_check(&m, &p[2]);
	CHECK_INT(our_send(&m, &p[3], &sig), 0);
	CHECK(sig);			/* caught up: it may be asleep */
	pg_set(&m, PG_MASK, 1);		/* peer polls */
	peer_recv_check(&m, &p[3]);
	CHECK_INT(our_send(&m, &p[4], &sig), 0);
	CHECK(!sig);			/* masked */
	pg_set(&m, PG_MASK, 0);
	CHECK_INT(our_send(&m, &p[5], &sig), 0);
	CHECK(!sig);			/* not empty before this write */
	peer_recv_check(&m, &p[4]);
	peer_recv_check(&m, &p[5]);
	CHECK_INT(our_send(&m, &p[6], &sig), 0);
	CHECK(sig);
	CHECK_EQ(m.r.signal_count, 3);
}

TEST(ring_mask_unmask_rechecks)
{
	struct ppkt x = mkpkt(24, 61);
	u8 buf[64];
	u32 len;
	RMEM(m);

	CHECK_INT(rmem_setup(&m, 4096, true), 0);
	vmbus_ring_mask_intr(&m.r);
	CHECK_EQ(pg_get(&m, PG_MASK), 1);
	CHECK(!vmbus_ring_unmask_intr(&m.r));
	CHECK_EQ(pg_get(&m, PG_MASK), 0);

	/* a packet arrives while masked: the peer sends no signal, so the
	 * unmask must report it */
	vmbus_ring_mask_intr(&m.r);
	CHECK_INT(peer_send(&m, &x), 0);
	CHECK(vmbus_ring_unmask_intr(&m.r));
	CHECK_EQ(pg_get(&m, PG_MASK), 0);
	/* read but not yet given back: nothing new to report */
	CHECK_INT(vmbus_ring_read(&m.r, buf, sizeof(buf), &len), 0);
	CHECK(!vmbus_ring_unmask_intr(&m.r));
	vmbus_ring_read_commit(&m.r);
	CHECK(!vmbus_ring_unmask_intr(&m.r));
	CHECK(!m.r.broken);
}

/* After the ring broke: -EIO, counted, and nothing changes any more */
static void check_stays_broken(struct rmem *m, u64 count)
{
	u32 rd = pg_get(m, PG_READ), wr = pg_get(m, PG_WRITE);
	u8 buf[64];
	u32 len = 1;

	CHECK(m->r.broken);
	CHECK(m->r.broken_why != NULL);
	CHECK_EQ(m->r.broken_count, count);
	if (m->r.reader) {
		CHECK_INT(vmbus_ring_read(&m->r, buf, sizeof(buf), &len), -EIO);
		CHECK_EQ(len, 0);
		CHECK(!vmbus_ring_read_commit(&m->r));
		CHECK(!vmbus_ring_unmask_intr(&m->r));
	} else {
		struct ppkt p = mkpkt(8, 70);
		bool sig = true;

		CHECK_INT(our_send(m, &p, &sig), -EIO);
		CHECK(!sig);
	}
	CHECK_EQ(m->r.broken_count, count + 1);
	CHECK_EQ(vmbus_ring_read_avail(&m->r), 0);
	CHECK_EQ(vmbus_ring_write_avail(&m->r), 0);
	CHECK_EQ(pg_get(m, PG_READ), rd);
	CHECK_EQ(pg_get(m, PG_WRITE), wr);
}

TEST(ring_hostile_write_index)
{
	static const u32 bad[] = { 4096, 4104, 0xfffffff8u, 0x80000000u, 4, 12, 4095 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		u8 buf[64];
		u32 len;
		RMEM(m);

		CHECK_INT(rmem_setup(&m, 4096, true), 0);
		pg_set(&m, PG_WRITE, bad[i]);
		memset(buf, 0x5a, sizeof(buf));
		CHECK_INT(vmbus_ring_read(&m.r, buf, sizeof(buf), &len), -EIO);
		CHECK_EQ(buf[0], 0x5a);
		check_stays_broken(&m, 1);
	}
}

TEST(ring_hostile_write_index_seen_by_unmask_and_commit)
{
	struct ppkt p = mkpkt(8, 71);
	u8 buf[64];
	u32 len;
	RMEM(a);
	RMEM(b);

	CHECK_INT(rmem_setup(&a, 4096, true), 0);
	vmbus_ring_mask_intr(&a.r);
	pg_set(&a, PG_WRITE, 4100);
	CHECK(vmbus_ring_unmask_intr(&a.r));	/* go and read: it says -EIO */
	check_stays_broken(&a, 1);

	CHECK_INT(rmem_setup(&b, 4096, true), 0);
	CHECK_INT(peer_send(&b, &p), 0);
	CHECK_INT(vmbus_ring_read(&b.r, buf, sizeof(buf), &len), 0);
	pg_set(&b, PG_PENDING, 8);
	pg_set(&b, PG_WRITE, 9);
	CHECK(!vmbus_ring_read_commit(&b.r));
	CHECK_EQ(pg_get(&b, PG_READ), 32);	/* the read itself was fine */
	check_stays_broken(&b, 1);
}

TEST(ring_hostile_write_index_backwards)
{
	struct ppkt p = mkpkt(8, 72);
	u8 buf[64];
	u32 len;
	RMEM(a);
	RMEM(b);

	/*
	 * Read two of three packets privately; the writer then "takes back"
	 * one.  The third packet is well formed, so only the direction of
	 * the index gives the lie away.
	 */
	CHECK_INT(rmem_setup(&a, 4096, true), 0);
	CHECK_INT(peer_send(&a, &p), 0);
	CHECK_INT(peer_send(&a, &p), 0);
	CHECK_INT(peer_send(&a, &p), 0);
	CHECK_INT(vmbus_ring_read(&a.r, buf, sizeof(buf), &len), 0);
	CHECK_INT(vmbus_ring_read(&a.r, buf, sizeof(buf), &len), 0);
	pg_set(&a, PG_WRITE, 32);
	CHECK_INT(vmbus_ring_read(&a.r, buf, sizeof(buf), &len), -EIO);
	check_stays_broken(&a, 1);

	/* and back to where we started */
	CHECK_INT(rmem_setup(&b, 4096, true), 0);
	CHECK_INT(peer_send(&b, &p), 0);
	CHECK_INT(peer_send(&b, &p), 0);
	CHECK_INT(vmbus_ring_read(&b.r, buf, sizeof(buf), &len), 0);
	pg_set(&b, PG_WRITE, 0);
	CHECK_INT(vmbus_ring_read(&b.r, buf, sizeof(buf), &len), -EIO);
	check_stays_broken(&b, 1);
}

TEST(ring_hostile_read_index)
{
	static const u32 bad[] = { 4096, 8192, 0xfffffff8u, 4, 20 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct ppkt p = mkpkt(8, 73);
		bool sig;
		RMEM(m);

		CHECK_INT(rmem_setup(&m, 4096, false), 0);
		CHECK_INT(our_send(&m, &p, &sig), 0);
		pg_set(&m, PG_READ, bad[i]);
		CHECK_INT(our_send(&m, &p, &sig), -EIO);
		CHECK_EQ(pg_get(&m, PG_WRITE), 32);
		CHECK_EQ(m.data[32], 0xee);		/* nothing written */
		CHECK_EQ(m.r.full_count, 0);
		check_stays_broken(&m, 1);
	}
}

TEST(ring_hostile_descriptors)
{
	static const struct {
		u16 offset8, len8;
		u32 publish;
	} bad[] = {
		{ 2, 0, 24 },		/* len8 0 */
		{ 2, 1, 24 },		/* shorter than a descriptor */
		{ 0, 2, 24 },		/* payload inside the descriptor */
		{ 1, 2, 24 },
		{ 4, 3, 32 },		/* payload after the packet */
		{ 2, 4, 32 },		/* no room for the trailer */
		{ 2, 4, 24 },		/* beyond what was published */
		{ 2, 0xffff, 4088 },	/* more than the ring */
		{ 2, 512, 4088 },	/* exactly the ring */
		{ 2, 2, 8 },		/* published less than any packet */
		{ 2, 2, 16 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		u8 buf[4096];
		u32 len = 7;
		RMEM(m);

		CHECK_INT(rmem_setup(&m, 4096, true), 0);
		peer_raw(&m, bad[i].offset8, bad[i].len8, bad[i].publish);
		memset(buf, 0x5a, sizeof(buf));
		CHECK_INT(vmbus_ring_read(&m.r, buf, sizeof(buf), &len), -EIO);
		CHECK_EQ(len, 0);
		CHECK_EQ(buf[0], 0x5a);
		CHECK_EQ(m.r.priv_read, 0);
		CHECK_EQ(m.r.nobufs_count, 0);
		check_stays_broken(&m, 1);
	}
}

/* A hostile descriptor after good packets, across the wrap */
TEST(ring_hostile_descriptor_after_wrap)
{
	struct ppkt p = mkpkt(40, 74);
	u8 buf[4096];
	u32 len;
	RMEM(m);

	CHECK_INT(rmem_setup(&m, 4096, true), 0);
	inbound_move_to(&m, 4088);
	CHECK_INT(peer_send(&m, &p), 0);
	our_recv_check(&m, &p, false);
	peer_raw(&m, 2, 0x200, 4000);
	CHECK_INT(vmbus_ring_read(&m.r, buf, sizeof(buf), &len), -EIO);
	CHECK_EQ(m.r.priv_read, 56);
	check_stays_broken(&m, 1);
	CHECK_EQ(pg_get(&m, PG_READ), 4088);	/* nothing committed after */
}

TEST(ring_pkt_payload_helper)
{
	struct ppkt p = mkpkt(21, 75);
	const void *pl = NULL;
	u8 buf[64], bad[32];
	u32 len, plen = 0;
	RMEM(m);

	CHECK_INT(rmem_setup(&m, 4096, true), 0);
	CHECK_INT(peer_send(&m, &p), 0);
	CHECK_INT(vmbus_ring_read(&m.r, buf, sizeof(buf), &len), 0);
	CHECK_INT(vmbus_pkt_payload(buf, len, &pl, &plen), 0);
	CHECK(pl == buf + 16);
	CHECK_EQ(plen, 24);
	CHECK(payload_ok(pl, 21, p.seed));

	CHECK_INT(vmbus_pkt_payload(buf, 15, &pl, &plen), -EINVAL);
	CHECK_INT(vmbus_pkt_payload(buf, len - 8, &pl, &plen), -EINVAL);
	CHECK_INT(vmbus_pkt_payload(NULL, len, &pl, &plen), -EINVAL);
	memcpy(bad, buf, sizeof(bad));
	put_le(bad + 2, 1, 2);
	CHECK_INT(vmbus_pkt_payload(bad, len, &pl, &plen), -EINVAL);
	put_le(bad + 2, 6, 2);
	CHECK_INT(vmbus_pkt_payload(bad, len, &pl, &plen), -EINVAL);
	put_le(bad + 2, 5, 2);			/* empty payload is fine */
	CHECK_INT(vmbus_pkt_payload(bad, len, &pl, &plen), 0);
	CHECK_EQ(plen, 0);
}

/*
 * Both ends driven by ring.c in two threads over one ring, each sleeping
 * only when the protocol promises a signal: the writer after
 * set_pending_send() and a failed retry, the reader after an unmask that
 * found nothing.  A missed signal leaves one side asleep: the wait times
 * out and the test fails.
 */
struct pingpong {
	struct rmem m;
	struct vmbus_ring w;		/* the writer's view of the same ring */
	unsigned int npkts;
	int wake_reader, wake_writer;	/* signals, as flags */
	int timeouts, bad;
	unsigned long long writer_sleeps, reader_sleeps;
};

static bool wait_signal(int *flag)
{
	struct timespec t0, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!__atomic_exchange_n(flag, 0, __ATOMIC_ACQ_REL)) {
		sched_yield();
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (t.tv_sec - t0.tv_sec > 10)
			return false;
	}
	return true;
}

static void *pp_writer(void *arg)
{
	struct pingpong *pp = arg;
	unsigned int i;
	u8 payload[600];
	u64 s = 0x1234;

	for (i = 0; i < pp->npkts; i++) {
		u32 plen = (u32)(xorshift64(&s) % sizeof(payload));
		struct vmbus_pkt_desc d = {
			.type = VMBUS_PKT_DATA_INBAND, .offset8 = 2,
			.len8 = (u16)((16 + plen + 7) / 8), .trans_id = i,
		};
		struct vmbus_ring_vec v[2] = { { &d, 16 }, { payload, plen } };
		bool sig;
		int ret;

		fill_payload(payload, plen, i);
		while ((ret = vmbus_ring_write(&pp->w, v, 2, &sig)) == -EAGAIN) {
			vmbus_ring_set_pending_send(&pp->w, vmbus_ring_pkt_bytes(16 + plen));
			ret = vmbus_ring_write(&pp->w, v, 2, &sig);
			if (ret != -EAGAIN)
				break;
			pp->writer_sleeps++;
			if (!wait_signal(&pp->wake_writer)) {
				__atomic_fetch_add(&pp->timeouts, 1, __ATOMIC_RELAXED);
				return NULL;
			}
		}
		vmbus_ring_set_pending_send(&pp->w, 0);
		if (ret) {
			pp->bad++;
			return NULL;
		}
		if (sig)
			__atomic_store_n(&pp->wake_reader, 1, __ATOMIC_RELEASE);
	}
	return NULL;
}

static void *pp_reader(void *arg)
{
	struct pingpong *pp = arg;
	static u8 buf[1024];
	unsigned int next = 0;
	u64 s = 0x1234;		/* the writer's sequence of lengths */
	u32 len, plen = 0;
	bool have_plen = false;

	vmbus_ring_mask_intr(&pp->m.r);
	while (next < pp->npkts) {
		int ret;

		if (!have_plen) {
			plen = (u32)(xorshift64(&s) % 600);
			have_plen = true;
		}
		ret = vmbus_ring_read(&pp->m.r, buf, sizeof(buf), &len);
		if (ret == -EAGAIN) {
			/* give everything back before sleeping */
			if (vmbus_ring_read_commit(&pp->m.r))
				__atomic_store_n(&pp->wake_writer, 1, __ATOMIC_RELEASE);
			if (vmbus_ring_unmask_intr(&pp->m.r)) {
				vmbus_ring_mask_intr(&pp->m.r);
				continue;
			}
			pp->reader_sleeps++;
			if (!wait_signal(&pp->wake_reader)) {
				__atomic_fetch_add(&pp->timeouts, 1, __ATOMIC_RELAXED);
				return NULL;
			}
			vmbus_ring_mask_intr(&pp->m.r);
			continue;
		}
		if (ret || get_le(buf + 8, 8) != next ||
		    len != 16 + (plen + 7) / 8 * 8 ||
		    !payload_ok(buf + 16, plen, next)) {
			pp->bad++;
			return NULL;
		}
		next++;
		have_plen = false;
		/* give space back in batches, as a NAPI-style reader would */
		if ((next & 3) == 0 || next == pp->npkts)
			if (vmbus_ring_read_commit(&pp->m.r))
				__atomic_store_n(&pp->wake_writer, 1, __ATOMIC_RELEASE);
	}
	return NULL;
}

TEST(ring_two_threads_no_lost_signal)
{
	static struct pingpong pp;
	pthread_t tw, tr;

	memset(&pp, 0, sizeof(pp));
	pp.npkts = 100000;
	CHECK_INT(rmem_setup(&pp.m, 4096, true), 0);
	/* the peer's view: set up before the threads, then never re-zeroed */
	pp.w = pp.m.r;
	pp.w.reader = false;
	CHECK_INT(pthread_create(&tr, NULL, pp_reader, &pp), 0);
	CHECK_INT(pthread_create(&tw, NULL, pp_writer, &pp), 0);
	pthread_join(tw, NULL);
	pthread_join(tr, NULL);
	CHECK_INT(pp.timeouts, 0);
	CHECK_INT(pp.bad, 0);
	CHECK(!pp.m.r.broken && !pp.w.broken);
	CHECK_EQ(pg_get(&pp.m, PG_READ), pg_get(&pp.m, PG_WRITE));
	/* both sleeping paths were exercised, so the check meant something */
	CHECK(pp.writer_sleeps > 0);
	CHECK(pp.reader_sleeps > 0);
	rmem_free(&pp.m);
}
