// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of what hv_ic's VSS and file-copy services make of the host's
 * requests before their daemons see them (drivers/ic/icparse.c:
 * hvic_vss_request(), hvic_daemon_status(); drivers/ic/fcopyparse.c).
 *
 * Bodies are built at the protocol's offsets (the first test pins
 * icmsg.h's structs to them and to the uAPI's sizes), each handed over in
 * a heap block of exactly its length.
 *
 * Covered: every VSS operation's verdict (the daemon's, answered here, not
 * served), freeze and thaw refused before message version 5.0,
 * GET_DM_INFO's flags cleared, a body one byte short of the message; the
 * daemon's error word (0, HRESULTs, a positive number); file copy's START
 * with names converted to UTF-8 (a three-byte character), flags and size
 * kept, names without a terminator, empty, or whose UTF-8 does not fit
 * the field, a body one byte short; WRITE at its largest, a size past the
 * field, a fragment longer than the body, the header only; COMPLETE and
 * CANCEL; an unknown operation; a header one byte short.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>

#include "le.h"
#include "runner.h"
#include "drivers/ic/fcopyparse.h"
#include "drivers/ic/icparse.h"

#define V_FLAGS		8
#define V_LEN		40	/* what a host sends */
#define F_NAME		36
#define F_PATH		(36 + 520)
#define F_FLAGS		(36 + 1040)
#define F_SIZE		(36 + 1044)
#define LEN_START	1088
#define W_OFFSET	40
#define W_SIZE		48
#define W_DATA		52
#define OUT_ROOM	7432

static u8 *block(u32 len)
{
	return calloc(1, len ? len : 1);
}

TEST(hvic_daemon_layout)
{
	CHECK_EQ(sizeof(struct hvic_vss_msg), 12);
	CHECK_EQ(offsetof(struct hvic_vss_msg, flags), V_FLAGS);
	CHECK_EQ(offsetof(struct hvic_fcopy_start, file_name), F_NAME);
	CHECK_EQ(offsetof(struct hvic_fcopy_start, path_name), F_PATH);
	CHECK_EQ(offsetof(struct hvic_fcopy_start, copy_flags), F_FLAGS);
	CHECK_EQ(offsetof(struct hvic_fcopy_start, file_size), F_SIZE);
	CHECK_EQ(sizeof(struct hvic_fcopy_start), LEN_START);
	CHECK_EQ(offsetof(struct hvic_fcopy_data, offset), W_OFFSET);
	CHECK_EQ(offsetof(struct hvic_fcopy_data, size), W_SIZE);
	CHECK_EQ(offsetof(struct hvic_fcopy_data, data), W_DATA);
	CHECK_EQ(sizeof(struct hvic_fcopy_data), W_DATA + 6144);
}

static int vss(u8 op, u32 len, u32 version, u32 *flags)
{
	u8 *b = block(len);
	struct hvic_msg m = { .type = HVIC_MSG_VSS, .body = b, .body_len = len };
	int ret;

	if (len > V_FLAGS + 3)
		put32(b + V_FLAGS, 0xabcd);
	b[0] = op;
	ret = hvic_vss_request(&m, version);
	*flags = len > V_FLAGS + 3 ? get32(b + V_FLAGS) : 0;
	free(b);
	return ret;
}

TEST(hvic_vss_ops)
{
	u32 f;

	CHECK_INT(vss(HVIC_VSS_FREEZE, V_LEN, HVIC_VER(5, 0), &f), HVIC_VSS_DAEMON);
	CHECK_INT(vss(HVIC_VSS_THAW, V_LEN, HVIC_VER(5, 0), &f), HVIC_VSS_DAEMON);
	CHECK_INT(vss(HVIC_VSS_HOT_BACKUP, V_LEN, HVIC_VER(5, 0), &f), HVIC_VSS_DAEMON);
	CHECK_INT(vss(HVIC_VSS_HOT_BACKUP, V_LEN, HVIC_VER(4, 0), &f), HVIC_VSS_DAEMON);
	CHECK_INT(vss(HVIC_VSS_GET_DM_INFO, V_LEN, HVIC_VER(5, 0), &f), HVIC_VSS_ANSWER);
	CHECK_EQ(f, 0);
	CHECK_INT(vss(HVIC_VSS_CREATE, V_LEN, HVIC_VER(5, 0), &f), HVIC_VSS_ANSWER);
	CHECK_EQ(f, 0xabcd);	/* untouched */
	CHECK_INT(vss(HVIC_VSS_DELETE, V_LEN, HVIC_VER(5, 0), &f), HVIC_VSS_ANSWER);
	CHECK_INT(vss(HVIC_VSS_BU_COMPLETE, V_LEN, HVIC_VER(5, 0), &f), HVIC_VSS_ANSWER);
	CHECK_INT(vss(HVIC_VSS_AUTO_RECOVER, V_LEN, HVIC_VER(5, 0), &f), HVIC_VSS_ANSWER);
}

TEST(hvic_vss_refused)
{
	u32 f;

	/* freeze and thaw came with 5.0 */
	CHECK_INT(vss(HVIC_VSS_FREEZE, V_LEN, HVIC_VER(4, 0), &f), -EOPNOTSUPP);
	CHECK_INT(vss(HVIC_VSS_THAW, V_LEN, HVIC_VER(4, 0), &f), -EOPNOTSUPP);
	CHECK_INT(vss(8, V_LEN, HVIC_VER(5, 0), &f), -EOPNOTSUPP);
	CHECK_INT(vss(0xff, V_LEN, HVIC_VER(5, 0), &f), -EOPNOTSUPP);
	/* the 12-byte message, then one byte short; the smallest is enough */
	CHECK_INT(vss(HVIC_VSS_GET_DM_INFO, 12, HVIC_VER(5, 0), &f), HVIC_VSS_ANSWER);
	CHECK_INT(vss(HVIC_VSS_FREEZE, 11, HVIC_VER(5, 0), &f), -EPROTO);
	CHECK_INT(vss(HVIC_VSS_FREEZE, 0, HVIC_VER(5, 0), &f), -EPROTO);
}

TEST(hvic_daemon_status_words)
{
	u32 st;

	CHECK_INT(hvic_daemon_status(0, &st), 0);
	CHECK_EQ(st, HVIC_S_OK);
	CHECK_INT(hvic_daemon_status((s32)HVIC_E_FAIL, &st), 0);
	CHECK_EQ(st, HVIC_E_FAIL);
	CHECK_INT(hvic_daemon_status((s32)0x80070050, &st), 0);
	CHECK_EQ(st, 0x80070050);
	CHECK_INT(hvic_daemon_status(1, &st), -EINVAL);
	CHECK_EQ(st, HVIC_E_FAIL);
}

/* ASCII @s as UTF-16LE at @p with its terminator */
static void utf16(u8 *p, const char *s)
{
	while (*s) {
		put16(p, (u16)*s++);
		p += 2;
	}
	put16(p, 0);
}

static u8 *start(const char *name, const char *path)
{
	u8 *b = block(LEN_START);

	put32(b, HVIC_FCOPY_START);
	b[4] = 0x11;	/* a service ID byte, kept */
	utf16(b + F_NAME, name);
	utf16(b + F_PATH, path);
	put32(b + F_FLAGS, HVIC_FCOPY_OVERWRITE | HVIC_FCOPY_CREATE_PATH);
	put64(b + F_SIZE, 123456789012ULL);
	return b;
}

TEST(hvic_fcopy_start_ok)
{
	u8 *b = start("a.txt", "/tmp/in/"), *o = block(OUT_ROOM);
	u32 n = 0;

	/* U+20AC in the name: three bytes of UTF-8 */
	put16(b + F_NAME + 10, 0x20ac);
	put16(b + F_NAME + 12, 0);
	CHECK_INT(hvic_fcopy_request(b, LEN_START, o, OUT_ROOM, &n), 0);
	CHECK_EQ(n, LEN_START);
	CHECK_EQ(get32(o), HVIC_FCOPY_START);
	CHECK_EQ(o[4], 0x11);
	CHECK(!strcmp((char *)o + F_NAME, "a.txt\xe2\x82\xac"));
	CHECK(!strcmp((char *)o + F_PATH, "/tmp/in/"));
	CHECK_EQ(get32(o + F_FLAGS), 3);
	CHECK_EQ(get64(o + F_SIZE), 123456789012ULL);
	/* one byte short of the message */
	CHECK_INT(hvic_fcopy_request(b, LEN_START - 1, o, OUT_ROOM, &n), -EPROTO);
	free(b);
	free(o);
}

TEST(hvic_fcopy_start_bad_names)
{
	u8 *b, *o = block(OUT_ROOM);
	u32 n, i;

	/* a name filling its field: no terminator */
	b = start("x", "/tmp");
	for (i = 0; i < 260; i++)
		put16(b + F_NAME + 2 * i, 'F');
	CHECK_INT(hvic_fcopy_request(b, LEN_START, o, OUT_ROOM, &n), -EPROTO);
	free(b);
	/* an empty name, an empty directory */
	b = start("", "/tmp");
	CHECK_INT(hvic_fcopy_request(b, LEN_START, o, OUT_ROOM, &n), -EPROTO);
	free(b);
	b = start("x", "");
	CHECK_INT(hvic_fcopy_request(b, LEN_START, o, OUT_ROOM, &n), -EPROTO);
	free(b);
	/* 259 characters of three UTF-8 bytes each: not in 520 bytes */
	b = start("x", "/tmp");
	for (i = 0; i < 259; i++)
		put16(b + F_PATH + 2 * i, 0x20ac);
	put16(b + F_PATH + 518, 0);
	CHECK_INT(hvic_fcopy_request(b, LEN_START, o, OUT_ROOM, &n), -EPROTO);
	/* a lone surrogate */
	utf16(b + F_PATH, "/tmp");
	put16(b + F_NAME, 0xdc00);
	CHECK_INT(hvic_fcopy_request(b, LEN_START, o, OUT_ROOM, &n), -EPROTO);
	free(b);
	free(o);
}

static int write_req(u32 size, u32 len, u8 *o, u32 *n)
{
	u8 *b = block(len);
	u32 i;
	int ret;

	put32(b, HVIC_FCOPY_WRITE);
	put64(b + W_OFFSET, 6144);
	if (len >= W_DATA)
		put32(b + W_SIZE, size);
	for (i = W_DATA; i < len; i++)
		b[i] = (u8)i;
	ret = hvic_fcopy_request(b, len, o, OUT_ROOM, n);
	free(b);
	return ret;
}

TEST(hvic_fcopy_write)
{
	u8 *o = block(OUT_ROOM);
	u32 n = 0;

	CHECK_INT(write_req(6144, W_DATA + 6144, o, &n), 0);
	CHECK_EQ(n, W_DATA + 6144);
	CHECK_EQ(get32(o + W_SIZE), 6144);
	CHECK_EQ(get64(o + W_OFFSET), 6144);
	CHECK_EQ(o[W_DATA + 6143], (u8)(W_DATA + 6143));
	/* a short fragment in a short body: the rest of the message zero */
	memset(o, 0, OUT_ROOM);
	CHECK_INT(write_req(10, W_DATA + 10, o, &n), 0);
	CHECK_EQ(o[W_DATA + 9], (u8)(W_DATA + 9));
	CHECK_EQ(o[W_DATA + 10], 0);
	CHECK_INT(write_req(0, W_DATA, o, &n), 0);
	/* a size past the field, a fragment past the body, no size field */
	CHECK_INT(write_req(6145, W_DATA + 6145, o, &n), -EPROTO);
	CHECK_INT(write_req(100, W_DATA + 99, o, &n), -EPROTO);
	CHECK_INT(write_req(0, W_DATA - 1, o, &n), -EPROTO);
	free(o);
}

TEST(hvic_fcopy_other_ops)
{
	u8 *b = block(36), *o = block(OUT_ROOM);
	u32 n = 0;

	put32(b, HVIC_FCOPY_COMPLETE);
	CHECK_INT(hvic_fcopy_request(b, 36, o, OUT_ROOM, &n), 0);
	CHECK_EQ(n, 36);
	CHECK_EQ(get32(o), HVIC_FCOPY_COMPLETE);
	put32(b, HVIC_FCOPY_CANCEL);
	CHECK_INT(hvic_fcopy_request(b, 36, o, OUT_ROOM, &n), 0);
	CHECK_EQ(get32(o), HVIC_FCOPY_CANCEL);
	put32(b, 4);
	CHECK_INT(hvic_fcopy_request(b, 36, o, OUT_ROOM, &n), -EOPNOTSUPP);
	put32(b, HVIC_FCOPY_COMPLETE);
	CHECK_INT(hvic_fcopy_request(b, 35, o, OUT_ROOM, &n), -EPROTO);
	/* an output with no room for a fragment is refused, whatever the request */
	CHECK_INT(hvic_fcopy_request(b, 36, o, 100, &n), -EPROTO);
	free(b);
	free(o);
}
