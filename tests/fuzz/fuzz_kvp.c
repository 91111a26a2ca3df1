// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: drivers/ic/kvpparse.c, KVP requests from the host
 * turned into hv_kvp_daemon's messages and its answers turned back.
 *
 * Input:	len:2 body... answer...
 *
 * The first len bytes (little-endian, at most the input) are the host's
 * KVP body, handed to hvic_kvp_request() in a heap block of exactly that
 * size; the rest, zero-padded to the uAPI message's 7432 bytes, is the
 * daemon's answer, handed to hvic_kvp_answer() with the body when the
 * request was taken.
 *
 * Beyond what ASan/UBSan catch: a request taken has a known operation and
 * pool, a body as long as its operation's, and strings for the daemon that
 * are NUL-terminated at their sizes and convert back to exactly the host's
 * UTF-16 (a round trip; the IP settings' strings too, GET_IP_INFO passing
 * the adapter alone); an answer's status is one the host knows, and a
 * successful GET, ENUMERATE or GET_IP_INFO carries UTF-16 strings inside
 * their fields that convert back to exactly the daemon's.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>

#include "drivers/ic/kvpparse.h"

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* @s, NUL-terminated at @size - 1, converts back to the UTF-16 at @orig */
static void round_trip(const u8 *s, u32 size, const u8 *orig)
{
	u8 back[HVIC_KVP_VALUE_MAX * 2];
	int n;

	CHECK(size >= 1 && s[size - 1] == 0 && strlen((const char *)s) == size - 1);
	n = hvic_utf8_to_utf16(s, size, back, sizeof(back));
	CHECK(n >= 2);
	CHECK(!memcmp(back, orig, n));
}

/* the IP settings' strings, at their offsets in struct hvic_kvp_ip */
static const struct {
	u32 off;
	u32 size;
} ip_strs[] = {
	{ offsetof(struct hvic_kvp_ip, ip_addr), HVIC_KVP_ADDR_MAX },
	{ offsetof(struct hvic_kvp_ip, sub_net), HVIC_KVP_ADDR_MAX },
	{ offsetof(struct hvic_kvp_ip, gate_way), HVIC_KVP_GATEWAY_MAX },
	{ offsetof(struct hvic_kvp_ip, dns_addr), HVIC_KVP_ADDR_MAX },
	{ offsetof(struct hvic_kvp_ip, adapter_id), HVIC_KVP_ADAPTER_MAX },
};

/* a daemon string taken from a host field of @size bytes at @orig */
static void ip_in(const u8 *s, u32 size, const u8 *orig)
{
	size_t n = strnlen((const char *)s, size);

	CHECK(n < size);
	round_trip(s, n + 1, orig);
}

static void check_request(const u8 *b, u32 len, const struct hvic_kvp_umsg *u)
{
	const struct hvic_kvp_value *hv = (const void *)(b + 4);
	const struct hvic_kvp_delete *hd = (const void *)(b + 4);
	const struct hvic_kvp_ip_msg *im = (const void *)b;
	unsigned int i;

	CHECK(u->hdr.op == b[0] && u->hdr.pool == b[1]);
	if (b[0] == HVIC_KVP_GET_IP_INFO || b[0] == HVIC_KVP_SET_IP_INFO) {
		CHECK(len >= sizeof(*im) && u->body.ip.adapter_id[0]);
		CHECK(u->body.ip.addr_family == im->ip.addr_family);
		for (i = 0; i < ARRAY_SIZE(ip_strs); i++) {
			if (b[0] == HVIC_KVP_GET_IP_INFO && i < 4)
				CHECK(!((const u8 *)&u->body.ip)[ip_strs[i].off]);
			else
				ip_in((const u8 *)&u->body.ip + ip_strs[i].off, ip_strs[i].size,
				      (const u8 *)&im->ip + ip_strs[i].off);
		}
		return;
	}
	CHECK(b[1] < HVIC_KVP_POOLS);
	switch (b[0]) {
	case HVIC_KVP_SET:
		CHECK(len >= 4 + sizeof(*hv));
		CHECK(u->body.get_set.type == HVIC_REG_SZ);
		if (hv->type == HVIC_REG_SZ || hv->type == HVIC_REG_EXPAND_SZ)
			round_trip(u->body.get_set.value, u->body.get_set.value_size, hv->value);
		else
			CHECK(u->body.get_set.value[0] >= '0' && u->body.get_set.value[0] <= '9');
		fallthrough;
	case HVIC_KVP_GET:
		CHECK(len >= 4 + sizeof(*hv));
		round_trip(u->body.get_set.key, u->body.get_set.key_size, hv->key);
		break;
	case HVIC_KVP_DELETE:
		CHECK(len >= 4 + sizeof(*hd));
		round_trip(u->body.del.key, u->body.del.key_size, hd->key);
		break;
	case HVIC_KVP_ENUMERATE:
		CHECK(len >= 4 + sizeof(struct hvic_kvp_enum));
		CHECK(u->body.en.index == ((const struct hvic_kvp_enum *)(b + 4))->index);
		break;
	default:
		CHECK(0);
	}
}

/* a host string the answer carries: terminated in its field, and the daemon's */
static void check_out(const u8 *s, u32 size, u32 max, const u8 *daemon)
{
	u8 back[HVIC_KVP_VALUE_MAX];
	int n;

	CHECK(size >= 2 && size <= max && size % 2 == 0);
	CHECK(s[size - 1] == 0 && s[size - 2] == 0);
	n = hvic_utf16_to_utf8(s, size, back, sizeof(back));
	CHECK(n >= 1 && !strcmp((const char *)back, (const char *)daemon));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hvic_kvp_umsg *u, *a;
	const struct hvic_kvp_value *uv;
	struct hvic_kvp_value *hv;
	u32 len, rest, status;
	u8 *b;
	int ret;

	if (size < 2 || size > 2 + 16384)
		return 0;
	len = data[0] | data[1] << 8;
	if (len > size - 2)
		len = size - 2;
	rest = size - 2 - len;
	b = malloc(len ? len : 1);
	u = malloc(sizeof(*u));
	a = calloc(1, sizeof(*a));
	CHECK(b && u && a);
	memcpy(b, data + 2, len);
	memcpy(a, data + 2 + len, rest < sizeof(*a) ? rest : sizeof(*a));

	ret = hvic_kvp_request(b, len, u);
	CHECK(ret == 0 || ret == -EPROTO);
	if (ret)
		goto out;
	check_request(b, len, u);

	ret = hvic_kvp_answer(a, b, len, &status);
	CHECK(ret == 0 || ret == -EPROTO);
	CHECK(status == HVIC_S_OK || status == HVIC_S_CONT || status == HVIC_E_FAIL ||
	      status == HVIC_E_GUID_NOTFOUND);
	if (ret)
		CHECK(status == HVIC_E_FAIL);
	if (ret || status != HVIC_S_OK)
		goto out;
	if (b[0] == HVIC_KVP_GET) {
		hv = (struct hvic_kvp_value *)(b + 4);
		uv = &a->body.get_set;
	} else if (b[0] == HVIC_KVP_ENUMERATE) {
		hv = &((struct hvic_kvp_enum *)(b + 4))->data;
		uv = &a->body.en.data;
		check_out(hv->key, hv->key_size, HVIC_KVP_KEY_MAX, uv->key);
	} else if (b[0] == HVIC_KVP_GET_IP_INFO) {
		/* every string the daemon's, UTF-16 and terminated in its field */
		const struct hvic_kvp_ip_msg *im = (const void *)b;
		unsigned int i;
		int n;

		for (i = 0; i < ARRAY_SIZE(ip_strs); i++) {
			u8 back[HVIC_KVP_ADDR_MAX];

			n = hvic_utf16_to_utf8((const u8 *)&im->ip + ip_strs[i].off,
					       ip_strs[i].size, back, sizeof(back));
			CHECK(n >= 1 && !strcmp((const char *)back,
						(const char *)&a->body.ip + ip_strs[i].off));
		}
		CHECK(im->ip.addr_family == a->body.ip.addr_family);
		goto out;
	} else {
		goto out;
	}
	CHECK(hv->type == HVIC_REG_SZ);
	check_out(hv->value, hv->value_size, HVIC_KVP_VALUE_MAX, uv->value);
out:
	free(b);
	free(u);
	free(a);
	return 0;
}
