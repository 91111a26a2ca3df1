// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: what hv_ic makes of the host's file-copy and VSS
 * requests before their daemons see them (drivers/ic/fcopyparse.c,
 * hvic_vss_request() and hvic_daemon_status() of drivers/ic/icparse.c).
 *
 * Input:	kind:1 body...
 *
 * kind's low bit picks the service: file copy (0) or VSS (1); for VSS
 * bit 1 picks message version 5.0 or 4.0. The body goes in a heap block of
 * exactly its size.
 *
 * Beyond what ASan/UBSan catch: a file-copy request taken has a known
 * operation and a body as long as it needs; START's names for the daemon
 * are NUL-terminated inside their fields, not empty, and convert back to
 * exactly the host's UTF-16; WRITE's fragment fits its field and the body
 * and is copied whole; the daemon's message is never longer than the
 * output's room. A VSS request taken has the 12-byte message; freeze and
 * thaw go to the daemon only from 5.0; GET_DM_INFO's flags are cleared.
 * The daemon's error word maps to 0 or a failure HRESULT.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>

#include "drivers/ic/fcopyparse.h"
#include "drivers/ic/icparse.h"
#include "drivers/ic/kvpparse.h"

#define CHECK(c)	do { if (!(c)) abort(); } while (0)
#define OUT_ROOM	7432

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* the daemon's @s (in a field of @room) converts back to the host's @orig */
static void round_trip(const u8 *s, u32 room, const u8 *orig)
{
	u8 back[HVIC_FCOPY_PATH_MAX * 4];
	size_t n = strnlen((const char *)s, room);
	int m;

	CHECK(n >= 1 && n < room);
	m = hvic_utf8_to_utf16(s, n + 1, back, sizeof(back));
	CHECK(m >= 2 && memcmp(back, orig, m) == 0);
}

static void fcopy(const u8 *b, u32 len)
{
	u8 *out = calloc(1, OUT_ROOM);
	u32 n = 0, op;
	int ret;

	CHECK(out);
	ret = hvic_fcopy_request(b, len, out, OUT_ROOM, &n);
	if (ret) {
		CHECK(ret == -EPROTO || ret == -EOPNOTSUPP);
		free(out);
		return;
	}
	CHECK(len >= sizeof(struct hvic_fcopy_hdr) && n <= OUT_ROOM);
	memcpy(&op, b, sizeof(op));
	CHECK(op <= HVIC_FCOPY_CANCEL);
	if (op == HVIC_FCOPY_START) {
		const struct hvic_fcopy_start *s = (const void *)b;
		const struct hvic_fcopy_start *o = (const void *)out;

		CHECK(len >= sizeof(*s) && n == sizeof(*o));
		round_trip(o->file_name, sizeof(o->file_name), s->file_name);
		round_trip(o->path_name, sizeof(o->path_name), s->path_name);
		CHECK(o->copy_flags == s->copy_flags && o->file_size == s->file_size);
	} else if (op == HVIC_FCOPY_WRITE) {
		const struct hvic_fcopy_data *w = (const void *)b;
		const struct hvic_fcopy_data *o = (const void *)out;

		CHECK(w->size <= HVIC_FCOPY_FRAGMENT);
		CHECK(len >= offsetof(struct hvic_fcopy_data, data) + w->size);
		CHECK(n == sizeof(*o) && o->size == w->size && o->offset == w->offset);
		CHECK(memcmp(o->data, w->data, w->size) == 0);
	} else {
		CHECK(n == sizeof(struct hvic_fcopy_hdr));
	}
	free(out);
}

static void vss(u8 *b, u32 len, u32 version)
{
	struct hvic_msg m = { .type = HVIC_MSG_VSS, .body = b, .body_len = len };
	u32 st;
	s32 e;
	u8 op = len ? b[0] : 0;
	int ret;

	ret = hvic_vss_request(&m, version);
	if (ret < 0) {
		CHECK(ret == -EPROTO || ret == -EOPNOTSUPP);
		CHECK(ret == -EOPNOTSUPP || len < sizeof(struct hvic_vss_msg));
	} else {
		CHECK(len >= sizeof(struct hvic_vss_msg));
		if (op == HVIC_VSS_FREEZE || op == HVIC_VSS_THAW)
			CHECK(version >= HVIC_VER(5, 0) && ret == HVIC_VSS_DAEMON);
		if (op == HVIC_VSS_GET_DM_INFO)
			CHECK(ret == HVIC_VSS_ANSWER && !((struct hvic_vss_msg *)b)->flags);
	}
	if (len >= sizeof(e)) {
		memcpy(&e, b, sizeof(e));
		ret = hvic_daemon_status(e, &st);
		CHECK(ret ? (e > 0 && st == HVIC_E_FAIL) : (st == (u32)e));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	u8 *b;
	u32 len;

	if (size < 1)
		return 0;
	len = size - 1;
	b = malloc(len ? len : 1);
	CHECK(b);
	memcpy(b, data + 1, len);
	if (data[0] & 1)
		vss(b, len, data[0] & 2 ? HVIC_VER(4, 0) : HVIC_VER(5, 0));
	else
		fcopy(b, len);
	free(b);
	return 0;
}
