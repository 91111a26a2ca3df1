// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of vmbus/chanmsg.c, the parser of host-to-guest channel messages.
 *
 * Every message here is built byte by byte at the offsets the protocol
 * gives (include/linux/hyperv.h; Microsoft's UEFI VMBus client for
 * TL_CONNECT_RESULT), with type numbers written as numbers, never with
 * proto.h's structs or constants, so that a layout mistake in proto.h
 * shows up as a field read back wrong. Each message is handed to the
 * parser from a heap buffer of exactly its length, so that AddressSanitizer
 * catches any read past the end.
 *
 * Covered: a valid example of each accepted type with every field read
 * back; every truncation of each; the accepted short VERSION_RESPONSE;
 * longer-than-known messages; every undefined and every guest-to-host
 * type; each field-range rejection with its boundary; oversize; the exact
 * zero-fill of the copy on success and on failure; names.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>

#include "runner.h"
#include "vmbus/chanmsg.h"

#define MAX_PAYLOAD	240

/* Host-to-guest types and the length of their full form, from the protocol */
enum {
	T_OFFER = 1, T_RESCIND = 2, T_ALLOFFERS = 4, T_OPEN_RESULT = 6,
	T_GPADL_CREATED = 10, T_GPADL_TORNDOWN = 12, T_VERSION_RESPONSE = 15,
	T_UNLOAD_RESPONSE = 17, T_TL_CONNECT_RESULT = 23, T_MODIFY_RESPONSE = 24,
};

struct msg {
	u8 b[MAX_PAYLOAD];
	u32 len;
};

static void put8(struct msg *m, u32 off, u8 v)
{
	m->b[off] = v;
}

static void put16(struct msg *m, u32 off, u16 v)
{
	m->b[off] = v;
	m->b[off + 1] = v >> 8;
}

static void put32(struct msg *m, u32 off, u32 v)
{
	put16(m, off, v);
	put16(m, off + 2, v >> 16);
}

static void put64(struct msg *m, u32 off, u64 v)
{
	put32(m, off, v);
	put32(m, off + 4, v >> 32);
}

/* 16 distinct bytes from a seed: GUIDs and opaque areas */
static void putpattern(struct msg *m, u32 off, u32 len, u8 seed)
{
	u32 i;

	for (i = 0; i < len; i++)
		m->b[off + i] = (u8)(seed + 7 * i);
}

static void start(struct msg *m, u32 type, u32 len)
{
	memset(m, 0, sizeof(*m));
	put32(m, 0, type);
	put32(m, 4, 0);
	m->len = len;
}

/* OFFERCHANNEL, 196 bytes */
#define OFF_IF_TYPE	8
#define OFF_IF_INST	24
#define OFF_RSVD1	40
#define OFF_RSVD2	48
#define OFF_FLAGS	56
#define OFF_MMIO	58
#define OFF_USERDEF	60
#define OFF_SUBIDX	180
#define OFF_MMIO_OPT	182
#define OFF_RELID	184
#define OFF_MONID	188
#define OFF_MONFLAGS	189
#define OFF_DEDICATED	190
#define OFF_CONNID	192

static void build_offer(struct msg *m)
{
	start(m, T_OFFER, 196);
	putpattern(m, OFF_IF_TYPE, 16, 0x10);
	putpattern(m, OFF_IF_INST, 16, 0x20);
	put64(m, OFF_RSVD1, 0x1111111111111111ull);
	put64(m, OFF_RSVD2, 0x2222222222222222ull);
	put16(m, OFF_FLAGS, 0x0401);		/* enumerate + monitored */
	put16(m, OFF_MMIO, 8);
	putpattern(m, OFF_USERDEF, 120, 0x30);
	put16(m, OFF_SUBIDX, 3);
	put16(m, OFF_MMIO_OPT, 16);
	put32(m, OFF_RELID, 17);
	put8(m, OFF_MONID, 101);
	put8(m, OFF_MONFLAGS, 1);		/* allocated */
	put16(m, OFF_DEDICATED, 1);
	put32(m, OFF_CONNID, 0x2345);
}

static void build_rescind(struct msg *m)
{
	start(m, T_RESCIND, 12);
	put32(m, 8, 2047);
}

static void build_alloffers(struct msg *m)
{
	start(m, T_ALLOFFERS, 8);
}

static void build_open_result(struct msg *m)
{
	start(m, T_OPEN_RESULT, 20);
	put32(m, 8, 5);
	put32(m, 12, 0xabcd);
	put32(m, 16, 0xc0000001);
}

static void build_gpadl_created(struct msg *m)
{
	start(m, T_GPADL_CREATED, 20);
	put32(m, 8, 9);
	put32(m, 12, 0xe1e10);
	put32(m, 16, 0);
}

static void build_gpadl_torndown(struct msg *m)
{
	start(m, T_GPADL_TORNDOWN, 12);
	put32(m, 8, 0xe1e11);
}

static void build_version_response(struct msg *m)
{
	start(m, T_VERSION_RESPONSE, 16);
	put8(m, 8, 1);
	put8(m, 9, 0);
	put16(m, 10, 0);
	put32(m, 12, 4);
}

static void build_unload_response(struct msg *m)
{
	start(m, T_UNLOAD_RESPONSE, 8);
}

static void build_tl_connect_result(struct msg *m)
{
	start(m, T_TL_CONNECT_RESULT, 44);
	putpattern(m, 8, 16, 0x40);
	putpattern(m, 24, 16, 0x50);
	put32(m, 40, 0xc0000034);
}

static void build_modify_response(struct msg *m)
{
	start(m, T_MODIFY_RESPONSE, 16);
	put32(m, 8, 1);
	put32(m, 12, 0);
}

static const struct {
	u32 type;
	void (*build)(struct msg *m);
	u32 min_len;	/* shortest accepted length */
} valid[] = {
	{ T_OFFER, build_offer, 196 },
	{ T_RESCIND, build_rescind, 12 },
	{ T_ALLOFFERS, build_alloffers, 8 },
	{ T_OPEN_RESULT, build_open_result, 20 },
	{ T_GPADL_CREATED, build_gpadl_created, 20 },
	{ T_GPADL_TORNDOWN, build_gpadl_torndown, 12 },
	{ T_VERSION_RESPONSE, build_version_response, 10 },
	{ T_UNLOAD_RESPONSE, build_unload_response, 8 },
	{ T_TL_CONNECT_RESULT, build_tl_connect_result, 44 },
	{ T_MODIFY_RESPONSE, build_modify_response, 16 },
};

/*
 * Parse the first @len bytes of @m from a heap buffer of exactly @len
 * bytes (ASan flags any over-read), into an @out pre-filled with 0xa5 so
 * that an unwritten byte cannot pass for a zero.
 */
static int parse(const struct msg *m, u32 len, union vmbus_chanmsg *out)
{
	u8 *buf = malloc(len ? len : 1);
	int ret;

	memcpy(buf, m->b, len);
	memset(out, 0xa5, sizeof(*out));
	ret = vmbus_chanmsg_parse(buf, len, out);
	free(buf);
	return ret;
}

static bool copy_is_exact(const union vmbus_chanmsg *out, const struct msg *m, u32 len)
{
	u32 i;

	for (i = 0; i < sizeof(out->raw); i++)
		if (out->raw[i] != (i < len ? m->b[i] : 0))
			return false;
	return sizeof(*out) == MAX_PAYLOAD;
}

static bool all_zero(const union vmbus_chanmsg *out)
{
	u32 i;

	for (i = 0; i < sizeof(*out); i++)
		if (out->raw[i])
			return false;
	return true;
}

static void expect(const struct msg *m, int want)
{
	union vmbus_chanmsg out;

	CHECK_INT(parse(m, m->len, &out), want);
	CHECK(copy_is_exact(&out, m, m->len));
}

TEST(chanmsg_union_is_max_payload)
{
	union vmbus_chanmsg out;

	CHECK_EQ(sizeof(out), MAX_PAYLOAD);
	CHECK_EQ(sizeof(out.hdr), 8);
	CHECK_EQ(sizeof(out.offer), 196);
}

TEST(chanmsg_valid_offer)
{
	struct msg m;
	union vmbus_chanmsg out;

	build_offer(&m);
	CHECK_INT(parse(&m, m.len, &out), T_OFFER);
	CHECK(copy_is_exact(&out, &m, m.len));
	CHECK_EQ(out.hdr.msgtype, T_OFFER);
	CHECK(!memcmp(&out.offer.offer.if_type, m.b + OFF_IF_TYPE, 16));
	CHECK(!memcmp(&out.offer.offer.if_instance, m.b + OFF_IF_INST, 16));
	CHECK_EQ(out.offer.offer.reserved1, 0x1111111111111111ull);
	CHECK_EQ(out.offer.offer.reserved2, 0x2222222222222222ull);
	CHECK_EQ(out.offer.offer.chn_flags, 0x0401);
	CHECK_EQ(out.offer.offer.mmio_megabytes, 8);
	CHECK(!memcmp(out.offer.offer.user_def, m.b + OFF_USERDEF, 120));
	CHECK_EQ(out.offer.offer.pipe_mode,
		 m.b[60] | m.b[61] << 8 | m.b[62] << 16 | (u32)m.b[63] << 24);
	CHECK(!memcmp(out.offer.offer.pipe_user_def, m.b + OFF_USERDEF + 4, 116));
	CHECK_EQ(out.offer.offer.sub_channel_index, 3);
	CHECK_EQ(out.offer.offer.mmio_megabytes_optional, 16);
	CHECK_EQ(out.offer.child_relid, 17);
	CHECK_EQ(out.offer.monitorid, 101);
	CHECK_EQ(out.offer.monitor_allocated, 1);
	CHECK_EQ(out.offer.is_dedicated_interrupt, 1);
	CHECK_EQ(out.offer.connection_id, 0x2345);
}

/* the one-bit fields are bit 0 of their bytes, whatever the other bits say */
TEST(chanmsg_offer_bit_fields)
{
	struct msg m;
	union vmbus_chanmsg out;

	build_offer(&m);
	put8(&m, OFF_MONFLAGS, 0xfe);		/* reserved bits only */
	put8(&m, OFF_MONID, 200);		/* unchecked: not allocated */
	put16(&m, OFF_DEDICATED, 0xfffe);
	CHECK_INT(parse(&m, m.len, &out), T_OFFER);
	CHECK_EQ(out.offer.monitor_allocated, 0);
	CHECK_EQ(out.offer.is_dedicated_interrupt, 0);
	CHECK_EQ(out.offer.connection_id, 0x2345);

	put8(&m, OFF_MONFLAGS, 0x01);
	put8(&m, OFF_MONID, 127);
	put16(&m, OFF_DEDICATED, 0x8001);
	CHECK_INT(parse(&m, m.len, &out), T_OFFER);
	CHECK_EQ(out.offer.monitor_allocated, 1);
	CHECK_EQ(out.offer.monitorid, 127);
	CHECK_EQ(out.offer.is_dedicated_interrupt, 1);
}

TEST(chanmsg_valid_small_types)
{
	struct msg m;
	union vmbus_chanmsg out;

	build_rescind(&m);
	CHECK_INT(parse(&m, m.len, &out), T_RESCIND);
	CHECK_EQ(out.rescind.child_relid, 2047);

	build_alloffers(&m);
	CHECK_INT(parse(&m, m.len, &out), T_ALLOFFERS);
	CHECK_EQ(out.alloffers_delivered.header.msgtype, T_ALLOFFERS);

	build_open_result(&m);
	CHECK_INT(parse(&m, m.len, &out), T_OPEN_RESULT);
	CHECK_EQ(out.open_result.child_relid, 5);
	CHECK_EQ(out.open_result.openid, 0xabcd);
	CHECK_EQ(out.open_result.status, 0xc0000001);

	build_gpadl_created(&m);
	CHECK_INT(parse(&m, m.len, &out), T_GPADL_CREATED);
	CHECK_EQ(out.gpadl_created.child_relid, 9);
	CHECK_EQ(out.gpadl_created.gpadl, 0xe1e10);
	CHECK_EQ(out.gpadl_created.creation_status, 0);

	build_gpadl_torndown(&m);
	CHECK_INT(parse(&m, m.len, &out), T_GPADL_TORNDOWN);
	CHECK_EQ(out.gpadl_torndown.gpadl, 0xe1e11);

	build_unload_response(&m);
	CHECK_INT(parse(&m, m.len, &out), T_UNLOAD_RESPONSE);
	CHECK_EQ(out.unload_response.header.msgtype, T_UNLOAD_RESPONSE);

	build_tl_connect_result(&m);
	CHECK_INT(parse(&m, m.len, &out), T_TL_CONNECT_RESULT);
	CHECK(!memcmp(&out.tl_connect_result.guest_endpoint_id, m.b + 8, 16));
	CHECK(!memcmp(&out.tl_connect_result.host_service_id, m.b + 24, 16));
	CHECK_EQ(out.tl_connect_result.status, 0xc0000034);

	build_modify_response(&m);
	CHECK_INT(parse(&m, m.len, &out), T_MODIFY_RESPONSE);
	CHECK_EQ(out.modify_response.child_relid, 1);
	CHECK_EQ(out.modify_response.status, 0);
}

TEST(chanmsg_valid_version_response)
{
	struct msg m;
	union vmbus_chanmsg out;

	build_version_response(&m);
	put8(&m, 9, 2);
	put16(&m, 10, 0x5a5a);
	put32(&m, 12, 0x00abcdef);
	CHECK_INT(parse(&m, m.len, &out), T_VERSION_RESPONSE);
	CHECK_EQ(out.version_response.version_supported, 1);
	CHECK_EQ(out.version_response.connection_state, 2);
	CHECK_EQ(out.version_response.padding, 0x5a5a);
	CHECK_EQ(out.version_response.msg_conn_id, 0x00abcdef);

	/* refused: version_supported 0 */
	put8(&m, 8, 0);
	CHECK_INT(parse(&m, m.len, &out), T_VERSION_RESPONSE);
	CHECK_EQ(out.version_response.version_supported, 0);
}

/* the pre-5.0 form ends after connection_state: msg_conn_id reads 0 */
TEST(chanmsg_version_response_short_forms)
{
	struct msg m;
	union vmbus_chanmsg out;
	u32 len;

	build_version_response(&m);
	put32(&m, 12, 0x11223344);
	for (len = 10; len <= 16; len++) {
		CHECK_INT(parse(&m, len, &out), T_VERSION_RESPONSE);
		CHECK(copy_is_exact(&out, &m, len));
		CHECK_EQ(out.version_response.version_supported, 1);
		if (len < 16)
			CHECK(out.version_response.msg_conn_id != 0x11223344);
	}
	CHECK_EQ(out.version_response.msg_conn_id, 0x11223344);
	CHECK_INT(parse(&m, 10, &out), T_VERSION_RESPONSE);
	CHECK_EQ(out.version_response.msg_conn_id, 0);
	CHECK_INT(parse(&m, 9, &out), -EBADMSG);
}

/* every length below the accepted minimum of every accepted type */
TEST(chanmsg_every_truncation)
{
	struct msg m;
	union vmbus_chanmsg out;
	u32 i, len;

	for (i = 0; i < ARRAY_SIZE(valid); i++) {
		valid[i].build(&m);
		for (len = 0; len < valid[i].min_len; len++) {
			CHECK_INT(parse(&m, len, &out), -EBADMSG);
			CHECK(copy_is_exact(&out, &m, len));
		}
		CHECK_INT(parse(&m, valid[i].min_len, &out), (int)valid[i].type);
	}
}

/* bytes beyond a type's struct (newer protocol fields) are kept, not refused */
TEST(chanmsg_longer_messages_accepted)
{
	struct msg m;
	u32 i, len;

	for (i = 0; i < ARRAY_SIZE(valid); i++) {
		valid[i].build(&m);
		len = m.len;
		putpattern(&m, len, MAX_PAYLOAD - len, 0x77);
		m.len = MAX_PAYLOAD;
		expect(&m, valid[i].type);
		m.len = len + 4;
		expect(&m, valid[i].type);
	}
}

TEST(chanmsg_undefined_types)
{
	static const u32 types[] = { 0, 18, 19, 20, 25, 26, 27, 255, 256,
				     0x10001, 0x80000001, 0xffffffff };
	struct msg m;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		build_offer(&m);
		put32(&m, 0, types[i]);
		expect(&m, -ENOMSG);
		m.len = 8;
		expect(&m, -ENOMSG);
		m.len = MAX_PAYLOAD;
		expect(&m, -ENOMSG);
	}
}

/* types only a guest sends: a host that sends them is broken */
TEST(chanmsg_guest_to_host_types)
{
	static const u32 types[] = { 3, 5, 7, 8, 9, 11, 13, 14, 16, 21, 22 };
	struct msg m;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		build_offer(&m);
		put32(&m, 0, types[i]);
		m.len = MAX_PAYLOAD;
		expect(&m, -EPROTO);
		m.len = 8;
		expect(&m, -EPROTO);
	}
}

TEST(chanmsg_oversize)
{
	static const u32 sizes[] = { 241, 256, 4096, 0x80000000u, 0xffffffffu };
	union vmbus_chanmsg out;
	struct msg m;
	u32 i;

	build_rescind(&m);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		memset(&out, 0xa5, sizeof(out));
		/* never read: the size is refused before the payload is touched */
		CHECK_INT(vmbus_chanmsg_parse(m.b, sizes[i], &out), -EMSGSIZE);
		CHECK(all_zero(&out));
	}
	m.len = MAX_PAYLOAD;
	expect(&m, T_RESCIND);
}

TEST(chanmsg_zero_fill_on_error)
{
	struct msg m;
	union vmbus_chanmsg out;

	build_offer(&m);
	put32(&m, OFF_RELID, 0);
	CHECK_INT(parse(&m, m.len, &out), -EINVAL);
	CHECK(copy_is_exact(&out, &m, m.len));
	CHECK_EQ(out.hdr.msgtype, T_OFFER);

	build_rescind(&m);
	put32(&m, 0, 13);
	CHECK_INT(parse(&m, 12, &out), -EPROTO);
	CHECK(copy_is_exact(&out, &m, 12));
}

/* relid: 1..2047 name a channel; 0 never does, 2048 and up have no flag */
static void relid_bounds(void (*build)(struct msg *m), u32 off, u32 type)
{
	static const struct {
		u32 relid;
		bool ok;
	} cases[] = {
		{ 0, false }, { 1, true }, { 2, true }, { 2047, true },
		{ 2048, false }, { 4096, false }, { 0x80000000u, false },
		{ 0xffffffffu, false },
	};
	struct msg m;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		build(&m);
		put32(&m, off, cases[i].relid);
		expect(&m, cases[i].ok ? (int)type : -EINVAL);
	}
}

TEST(chanmsg_relid_ranges)
{
	relid_bounds(build_offer, OFF_RELID, T_OFFER);
	relid_bounds(build_rescind, 8, T_RESCIND);
	relid_bounds(build_open_result, 8, T_OPEN_RESULT);
	relid_bounds(build_gpadl_created, 8, T_GPADL_CREATED);
	relid_bounds(build_modify_response, 8, T_MODIFY_RESPONSE);
}

TEST(chanmsg_offer_monitor_id)
{
	struct msg m;

	build_offer(&m);
	put8(&m, OFF_MONID, 128);
	expect(&m, -EINVAL);
	put8(&m, OFF_MONID, 255);
	expect(&m, -EINVAL);
	put8(&m, OFF_MONID, 127);
	expect(&m, T_OFFER);
	put8(&m, OFF_MONID, 0);
	expect(&m, T_OFFER);
	/* not allocated: the ID means nothing and is not checked */
	put8(&m, OFF_MONFLAGS, 0);
	put8(&m, OFF_MONID, 255);
	expect(&m, T_OFFER);
}

TEST(chanmsg_offer_connection_id)
{
	static const struct {
		u32 id;
		bool ok;
	} cases[] = {
		{ 0, false }, { 1, true }, { 2, true }, { 0x00ffffff, true },
		{ 0x01000000, false }, { 0x01000002, false }, { 0xffffffff, false },
	};
	struct msg m;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		build_offer(&m);
		put32(&m, OFF_CONNID, cases[i].id);
		expect(&m, cases[i].ok ? T_OFFER : -EINVAL);
	}
}

TEST(chanmsg_offer_sub_channel_index)
{
	struct msg m;

	build_offer(&m);
	put16(&m, OFF_SUBIDX, 0);
	expect(&m, T_OFFER);
	put16(&m, OFF_SUBIDX, 2046);
	expect(&m, T_OFFER);
	put16(&m, OFF_SUBIDX, 2047);
	expect(&m, -EINVAL);
	put16(&m, OFF_SUBIDX, 0xffff);
	expect(&m, -EINVAL);
}

TEST(chanmsg_offer_null_guids)
{
	struct msg m;

	build_offer(&m);
	memset(m.b + OFF_IF_TYPE, 0, 16);
	expect(&m, -EINVAL);
	/* one non-zero byte anywhere is enough */
	put8(&m, OFF_IF_TYPE + 15, 1);
	expect(&m, T_OFFER);

	build_offer(&m);
	memset(m.b + OFF_IF_INST, 0, 16);
	expect(&m, -EINVAL);
	put8(&m, OFF_IF_INST, 1);
	expect(&m, T_OFFER);
}

TEST(chanmsg_offer_pipe_mode)
{
	static const struct {
		u32 mode;
		bool ok;
	} cases[] = {
		{ 0, true }, { 4, true }, { 1, false }, { 2, false },
		{ 5, false }, { 0x04000000, false }, { 0xffffffff, false },
	};
	struct msg m;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		build_offer(&m);
		put16(&m, OFF_FLAGS, 0x0010);		/* named pipe mode */
		put32(&m, OFF_USERDEF, cases[i].mode);
		expect(&m, cases[i].ok ? T_OFFER : -EINVAL);
		/* without pipe mode the same bytes are opaque user data */
		put16(&m, OFF_FLAGS, 0x0001);
		expect(&m, T_OFFER);
	}
}

/* no protocol-wide bound: MMIO sizes and unknown flag bits are accepted */
TEST(chanmsg_offer_unbounded_fields)
{
	struct msg m;

	build_offer(&m);
	put16(&m, OFF_MMIO, 0xffff);
	put16(&m, OFF_MMIO_OPT, 0xffff);
	put16(&m, OFF_FLAGS, 0xffef);		/* all but pipe mode */
	put64(&m, OFF_RSVD1, ~0ull);
	put32(&m, 4, 0xffffffff);		/* header padding */
	expect(&m, T_OFFER);
}

TEST(chanmsg_gpadl_handle_zero)
{
	struct msg m;

	build_gpadl_created(&m);
	put32(&m, 12, 0);
	expect(&m, -EINVAL);
	put32(&m, 12, 1);
	expect(&m, T_GPADL_CREATED);
	put32(&m, 12, 0xffffffff);
	expect(&m, T_GPADL_CREATED);

	build_gpadl_torndown(&m);
	put32(&m, 8, 0);
	expect(&m, -EINVAL);
	put32(&m, 8, 1);
	expect(&m, T_GPADL_TORNDOWN);
}

TEST(chanmsg_version_supported_is_boolean)
{
	struct msg m;
	u32 v;

	build_version_response(&m);
	for (v = 0; v < 256; v++) {
		put8(&m, 8, v);
		expect(&m, v <= 1 ? T_VERSION_RESPONSE : -EINVAL);
		m.len = 10;
		expect(&m, v <= 1 ? T_VERSION_RESPONSE : -EINVAL);
		m.len = 16;
	}
}

/* status words have no range: any value parses, the caller judges it */
TEST(chanmsg_status_words_unchecked)
{
	struct msg m;

	build_open_result(&m);
	put32(&m, 16, 0xffffffff);
	expect(&m, T_OPEN_RESULT);
	build_gpadl_created(&m);
	put32(&m, 16, 0x80000001);
	expect(&m, T_GPADL_CREATED);
	build_modify_response(&m);
	put32(&m, 12, 0xc000000d);
	expect(&m, T_MODIFY_RESPONSE);
	build_tl_connect_result(&m);
	put32(&m, 40, 0);
	expect(&m, T_TL_CONNECT_RESULT);
}

TEST(chanmsg_names)
{
	static const struct {
		u32 type;
		const char *name;
	} names[] = {
		{ 1, "OFFERCHANNEL" }, { 2, "RESCIND_CHANNELOFFER" },
		{ 3, "REQUESTOFFERS" }, { 4, "ALLOFFERS_DELIVERED" },
		{ 5, "OPENCHANNEL" }, { 6, "OPENCHANNEL_RESULT" },
		{ 7, "CLOSECHANNEL" }, { 8, "GPADL_HEADER" },
		{ 9, "GPADL_BODY" }, { 10, "GPADL_CREATED" },
		{ 11, "GPADL_TEARDOWN" }, { 12, "GPADL_TORNDOWN" },
		{ 13, "RELID_RELEASED" }, { 14, "INITIATE_CONTACT" },
		{ 15, "VERSION_RESPONSE" }, { 16, "UNLOAD" },
		{ 17, "UNLOAD_RESPONSE" }, { 21, "TL_CONNECT_REQUEST" },
		{ 22, "MODIFYCHANNEL" }, { 23, "TL_CONNECT_RESULT" },
		{ 24, "MODIFYCHANNEL_RESPONSE" },
		{ 0, "unknown" }, { 18, "unknown" }, { 19, "unknown" },
		{ 20, "unknown" }, { 25, "unknown" }, { 0xffffffff, "unknown" },
	};
	u32 i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		CHECK_STREQ(vmbus_chanmsg_name(names[i].type), names[i].name);
}
