// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: drivers/ic/icparse.c, the checks of the Hyper-V host's
 * integration-service messages and the answers hv_ic.ko builds from them.
 *
 * Input:	sel:1 message...
 *
 * Bits 0-1 of sel pick the negotiated message version the body is read
 * at (1.0, 3.0, 4.0, 4.0); bit 2 how much room the answer has (the packet's
 * bytes, or a 16 KiB buffer as the driver's). The message goes to the
 * parser in a heap block of exactly that room, so that AddressSanitizer
 * sees any access past it, in libFuzzer and in replay alike. It is then
 * handled as the driver does: a negotiation answered, a heartbeat,
 * shutdown or time-sync request read, anything else answered as it is.
 *
 * Beyond what ASan/UBSan catch, the parser's verdict is checked against a
 * reference taken from the protocol's byte offsets (not from icmsg.h's
 * structs), and every answer is held to what the host requires: a data
 * pipe header whose size is the answer's, an IC size inside it, flags
 * TRANSACTION | RESPONSE, no more bytes than the room; a negotiation's
 * answer names one version of each (both of those the guest speaks, both
 * listed by the host) or none; a heartbeat's number went up by one only
 * when the body holds it; the time read is the reference's.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>

#include "drivers/ic/icparse.h"

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

#define BODY		28u
#define ROOM		16384u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return le16(p) | (uint32_t)le16(p + 2) << 16;
}

static uint64_t le64(const uint8_t *p)
{
	return le32(p) | (uint64_t)le32(p + 4) << 32;
}

static const u32 fw[] = { HVIC_FW_3, HVIC_FW_1 };
static const u32 vers[] = { HVIC_VER(4, 0), HVIC_VER(3, 2), HVIC_VER(3, 0), HVIC_VER(1, 0) };
static const u32 at[] = { HVIC_VER(1, 0), HVIC_VER(3, 0), HVIC_VER(4, 0), HVIC_VER(4, 0) };

/* the host listed @v among its @n versions at @list */
static int listed(const uint8_t *list, uint32_t n, u32 v)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (HVIC_VER(le16(list + 4 * i), le16(list + 4 * i + 2)) == v)
			return 1;
	return 0;
}

static int ours(const u32 *v, unsigned int n, u32 x)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (v[i] == x)
			return 1;
	return 0;
}

static void well_formed(const uint8_t *p, uint32_t len, uint32_t room)
{
	CHECK(len >= BODY && len <= room);
	CHECK(le32(p) == HVIC_PIPE_DATA);
	CHECK(le32(p + 4) == len - 8);
	CHECK(le16(p + 18) <= len - BODY);
	CHECK(p[25] == (HVIC_FLAG_TRANSACTION | HVIC_FLAG_RESPONSE));
}

static void fuzz_negotiate(uint8_t *p, uint32_t room, struct hvic_msg *m,
			   const uint8_t *orig, uint32_t body_len)
{
	uint32_t nf = body_len >= 8 ? le16(orig + BODY) : 0;
	uint32_t nm = body_len >= 8 ? le16(orig + BODY + 2) : 0;
	int fits = body_len >= 8 && nf <= 100 && nm <= 100 && 4 * (nf + nm) <= body_len - 8;
	u32 f = 7, v = 7;
	int ret = hvic_negotiate(p, room, m, fw, ARRAY_SIZE(fw), vers, ARRAY_SIZE(vers), &f, &v);

	if (room < BODY + 16) {
		CHECK(ret == -ENOSPC);
		return;
	}
	CHECK(ret == 0 || ret == -ENOENT || ret == -EPROTO);
	CHECK((ret == -EPROTO) == !fits);
	well_formed(p, m->len, room);
	CHECK(m->len >= BODY + 16);
	if (!ret) {
		CHECK(ours(fw, ARRAY_SIZE(fw), f) && ours(vers, ARRAY_SIZE(vers), v));
		CHECK(listed(orig + BODY + 8, nf, f) && listed(orig + BODY + 8 + 4 * nf, nm, v));
		CHECK(le16(p + BODY) == 1 && le16(p + BODY + 2) == 1);
		CHECK(HVIC_VER(le16(p + BODY + 8), le16(p + BODY + 10)) == f);
		CHECK(HVIC_VER(le16(p + BODY + 12), le16(p + BODY + 14)) == v);
		CHECK(le32(p + 20) == HVIC_S_OK);
	} else {
		CHECK(le16(p + BODY) == 0 && le16(p + BODY + 2) == 0);
		CHECK(le32(p + 20) == HVIC_E_FAIL);
	}
}

static void fuzz_body(struct hvic_msg *m, uint32_t version, const uint8_t *orig)
{
	const uint8_t *b = orig + BODY;
	struct hvic_time t;
	uint64_t parent;
	u32 flags;
	int ret, act;

	switch (m->type) {
	case HVIC_MSG_HEARTBEAT:
		ret = hvic_heartbeat(m);
		CHECK((ret == 0) == (m->body_len >= 8));
		if (!ret)
			CHECK(le64(m->body) == le64(b) + 1);
		break;
	case HVIC_MSG_SHUTDOWN:
		act = hvic_shutdown_action(m, &flags);
		CHECK((act >= 0) == (m->body_len >= 12));
		if (act >= 0) {
			CHECK(flags == le32(b + 8));
			CHECK(act == ((flags & ~1u) == 0 ? HVIC_ACT_POWEROFF :
				      (flags & ~1u) == 2 ? HVIC_ACT_REBOOT :
				      (flags & ~1u) == 4 ? HVIC_ACT_HIBERNATE : HVIC_ACT_INVALID));
		}
		break;
	case HVIC_MSG_TIMESYNC:
		ret = hvic_timesync(m, version, &t);
		if (m->body_len < (version >= HVIC_VER(4, 0) ? 17u : 25u)) {
			CHECK(ret == -EPROTO);
			break;
		}
		parent = le64(b);
		if (parent < HVIC_EPOCH_DELTA || parent - HVIC_EPOCH_DELTA > UINT64_MAX / 100) {
			CHECK(ret == -ERANGE);
			break;
		}
		CHECK(ret == 0);
		CHECK(t.host_ns == (parent - HVIC_EPOCH_DELTA) * 100);
		CHECK(t.ref_time == (version >= HVIC_VER(4, 0) ? le64(b + 8) : 0));
		CHECK(t.flags == b[version >= HVIC_VER(4, 0) ? 16 : 24]);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t len, room, psize, want_body = 0;
	struct hvic_msg m;
	uint8_t *p, *orig;
	int ret, want;

	if (size < 1 || size > ROOM + 1)
		return 0;
	len = (uint32_t)(size - 1);
	room = data[0] & 4 ? ROOM : len;
	p = malloc(room ? room : 1);
	orig = malloc(len ? len : 1);
	CHECK(p && orig);
	memcpy(p, data + 1, len);
	memcpy(orig, data + 1, len);

	/* the verdict, from the offsets */
	if (len < BODY) {
		want = -EBADMSG;
	} else {
		psize = le32(orig + 4);
		want = le32(orig) != HVIC_PIPE_DATA || psize > len - 8 || psize < 20 ||
		       le16(orig + 18) > psize - 20 || (orig[25] & HVIC_FLAG_RESPONSE) ? -EPROTO : 0;
		if (!want)
			want_body = psize - 20;
	}
	ret = hvic_parse(p, len, &m);
	CHECK(ret == want);
	if (ret == -EBADMSG)
		goto out;
	CHECK(m.type == le16(orig + 12));
	CHECK(m.body == p + BODY);
	if (!ret) {
		CHECK(m.body_len == want_body && m.len == want_body + BODY);
		if (m.type == HVIC_MSG_NEGOTIATE) {
			fuzz_negotiate(p, room, &m, orig, want_body);
			goto out;
		}
		fuzz_body(&m, at[data[0] & 3], orig);
	} else {
		/* answered at the pipe's length when the pipe header is sound */
		psize = le32(orig + 4);
		CHECK(m.len == (le32(orig) == HVIC_PIPE_DATA && psize <= len - 8 && psize >= 20 ?
				psize + 8 : len));
	}
	hvic_answer(p, &m, HVIC_E_FAIL);
	well_formed(p, m.len, room);
out:
	free(p);
	free(orig);
	return 0;
}
