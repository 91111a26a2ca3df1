// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: vmbus/chanmsg.c, the parser of host-to-guest channel
 * messages. The input is the SynIC message payload, its length the
 * payload_size the host claims (inputs longer than 240 bytes stand for an
 * oversized claim).
 *
 * Beyond what ASan/UBSan catch (any read past the input), it checks the
 * parser's contract: only the documented results; an exact copy with a
 * zero tail, or all zero when oversized; and on success, the type the
 * header names, a host-to-guest type, at least that type's minimum length
 * and every field range the parser promises, re-derived here from the
 * protocol's byte offsets rather than from the parser's structs.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vmbus/chanmsg.h"

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const uint8_t *p)
{
	return p[0] | p[1] << 8;
}

static int zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return 0;
	return 1;
}

static int relid_ok(const uint8_t *m, size_t off)
{
	uint32_t relid = le32(m + off);

	return relid >= 1 && relid < 2048;
}

/* the shortest accepted length of each host-to-guest type, 0 for others */
static size_t min_len(uint32_t type)
{
	switch (type) {
	case 1:		return 196;	/* OFFERCHANNEL */
	case 2:		return 12;	/* RESCIND_CHANNELOFFER */
	case 4:		return 8;	/* ALLOFFERS_DELIVERED */
	case 6:		return 20;	/* OPENCHANNEL_RESULT */
	case 10:	return 20;	/* GPADL_CREATED */
	case 12:	return 12;	/* GPADL_TORNDOWN */
	case 15:	return 10;	/* VERSION_RESPONSE, pre-5.0 form */
	case 17:	return 8;	/* UNLOAD_RESPONSE */
	case 23:	return 44;	/* TL_CONNECT_RESULT */
	case 24:	return 16;	/* MODIFYCHANNEL_RESPONSE */
	default:	return 0;
	}
}

/* every range the parser promises to check, for a long-enough message */
static int fields_ok(const uint8_t *m, uint32_t type)
{
	switch (type) {
	case 1:		/* OFFERCHANNEL */
		return relid_ok(m, 184) &&
		       (!(m[189] & 1) || m[188] < 128) &&
		       le32(m + 192) && le32(m + 192) < (1u << 24) &&
		       le16(m + 180) < 2047 &&
		       !zero(m + 8, 16) && !zero(m + 24, 16) &&
		       (!(le16(m + 56) & 0x10) || le32(m + 60) == 0 || le32(m + 60) == 4);
	case 2:		/* RESCIND_CHANNELOFFER */
	case 6:		/* OPENCHANNEL_RESULT */
	case 24:	/* MODIFYCHANNEL_RESPONSE */
		return relid_ok(m, 8);
	case 10:	/* GPADL_CREATED */
		return relid_ok(m, 8) && le32(m + 12);
	case 12:	/* GPADL_TORNDOWN */
		return le32(m + 8) != 0;
	case 15:	/* VERSION_RESPONSE */
		return m[8] <= 1;
	default:
		return 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	union vmbus_chanmsg out;
	uint32_t claimed = size > UINT32_MAX ? UINT32_MAX : (uint32_t)size;
	uint32_t type;
	const char *name;
	int ret;

	memset(&out, 0xa5, sizeof(out));
	ret = vmbus_chanmsg_parse(data, claimed, &out);

	if (size > 240) {
		CHECK(ret == -EMSGSIZE);
		CHECK(zero(out.raw, sizeof(out)));
		return 0;
	}
	CHECK(sizeof(out) == 240);
	CHECK(!memcmp(out.raw, data, size));
	CHECK(zero(out.raw + size, sizeof(out) - size));

	if (size < 8) {
		CHECK(ret == -EBADMSG);
		return 0;
	}
	type = le32(data);
	name = vmbus_chanmsg_name(type);
	CHECK(name && *name);

	switch (ret) {
	case -ENOMSG:
		CHECK(!strcmp(name, "unknown"));
		CHECK(type == 0 || (type >= 18 && type <= 20) || type >= 25);
		break;
	case -EPROTO:
		CHECK(strcmp(name, "unknown") && !min_len(type));
		break;
	case -EBADMSG:
		CHECK(min_len(type) && size < min_len(type));
		break;
	case -EINVAL:
		CHECK(min_len(type) && size >= min_len(type));
		CHECK(!fields_ok(out.raw, type));
		break;
	default:
		CHECK(ret >= 0 && (uint32_t)ret == type);
		CHECK(min_len(type) && size >= min_len(type));
		CHECK(fields_ok(out.raw, type));
		break;
	}
	return 0;
}
