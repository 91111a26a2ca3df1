// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of drivers/ic/kvpparse.c: KVP requests from the host (UTF-16LE)
 * turned into hv_kvp_daemon's messages (UTF-8) and its answers back.
 *
 * Bodies are built at the protocol's offsets (the first test pins
 * icmsg.h's KVP structs to them and to the uAPI's sizes), each handed over
 * in a heap block of exactly its length.
 *
 * Covered: the UTF-16 -> UTF-8 conversion for ASCII, two- three- and
 * four-byte characters (a surrogate pair), a lone high or low surrogate,
 * an odd or zero size, no terminator, an output one byte short; UTF-8 ->
 * UTF-16 for the same characters, overlong forms, encoded surrogates,
 * past U+10FFFF, a truncated sequence, no NUL, an output too short;
 * hvic_kvp_request() for GET, SET of a string, a DWORD, a QWORD (both
 * numbers Linux and Windows use), DELETE and ENUMERATE, each operation's
 * shortest body and one byte less, the IP settings operations, an unknown
 * operation, pool and value type, key and value sizes past their fields
 * and without terminators; hvic_kvp_answer() for GET and ENUMERATE with
 * S_OK, S_CONT passed through, an unknown daemon status turned into
 * E_FAIL, the daemon's strings unterminated or not UTF-8 (E_FAIL), and
 * SET/DELETE answers that carry nothing.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>

#include "le.h"
#include "runner.h"
#include "drivers/ic/kvpparse.h"

#define K_OP		0
#define K_POOL		1
#define K_BODY		4	/* after op, pool, pad */
#define V_TYPE		0
#define V_KSIZE		4
#define V_VSIZE		8
#define V_KEY		12
#define V_VALUE		(12 + 512)
#define LEN_GETSET	(4 + 2572)
#define LEN_DELETE	(4 + 516)
#define LEN_ENUM	(4 + 2576)

/* ASCII @s as UTF-16LE at @p with its terminator: the bytes */
static u32 utf16(u8 *p, const char *s)
{
	u32 n = 0;

	while (*s) {
		p[n++] = (u8)*s++;
		p[n++] = 0;
	}
	p[n++] = 0;
	p[n++] = 0;
	return n;
}

static u8 *body(u8 op, u8 pool, u32 len)
{
	u8 *b = calloc(1, len);

	b[K_OP] = op;
	b[K_POOL] = pool;
	return b;
}

TEST(hvic_kvp_layout)
{
	CHECK_EQ(offsetof(struct hvic_kvp_value, key), V_KEY);
	CHECK_EQ(offsetof(struct hvic_kvp_value, value), V_VALUE);
	CHECK_EQ(offsetof(struct hvic_kvp_enum, data), 4);
	CHECK_EQ(offsetof(struct hvic_kvp_umsg, body), K_BODY);
	CHECK_EQ(sizeof(struct hvic_kvp_umsg), 7432);
}

TEST(hvic_utf16_to_utf8_chars)
{
	/* "a", U+00E9, U+20AC, U+1F600 (a surrogate pair), terminator */
	static const u8 in[] = { 'a', 0, 0xe9, 0, 0xac, 0x20, 0x3d, 0xd8, 0x00, 0xde, 0, 0 };
	static const u8 want[] = { 'a', 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0 };
	u8 out[16];

	CHECK_INT(hvic_utf16_to_utf8(in, sizeof(in), out, sizeof(out)), sizeof(want));
	CHECK(!memcmp(out, want, sizeof(want)));
	/* exactly the room, then one byte short */
	CHECK_INT(hvic_utf16_to_utf8(in, sizeof(in), out, sizeof(want)), sizeof(want));
	CHECK_INT(hvic_utf16_to_utf8(in, sizeof(in), out, sizeof(want) - 1), -EPROTO);
}

TEST(hvic_utf16_to_utf8_bad)
{
	static const u8 lone_hi[] = { 0x3d, 0xd8, 'a', 0, 0, 0 };
	static const u8 lone_lo[] = { 0x00, 0xde, 0, 0 };
	static const u8 hi_last[] = { 'a', 0, 0x3d, 0xd8 };
	static const u8 no_nul[] = { 'a', 0, 'b', 0 };
	u8 out[16];

	CHECK_INT(hvic_utf16_to_utf8(lone_hi, sizeof(lone_hi), out, sizeof(out)), -EPROTO);
	CHECK_INT(hvic_utf16_to_utf8(lone_lo, sizeof(lone_lo), out, sizeof(out)), -EPROTO);
	CHECK_INT(hvic_utf16_to_utf8(hi_last, sizeof(hi_last), out, sizeof(out)), -EPROTO);
	CHECK_INT(hvic_utf16_to_utf8(no_nul, sizeof(no_nul), out, sizeof(out)), -EPROTO);
	CHECK_INT(hvic_utf16_to_utf8(no_nul, 3, out, sizeof(out)), -EPROTO);
	CHECK_INT(hvic_utf16_to_utf8(no_nul, 0, out, sizeof(out)), -EPROTO);
}

TEST(hvic_utf8_to_utf16_chars)
{
	static const u8 in[] = { 'a', 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0, 'x' };
	static const u8 want[] = { 'a', 0, 0xe9, 0, 0xac, 0x20, 0x3d, 0xd8, 0x00, 0xde, 0, 0 };
	u8 out[16];

	CHECK_INT(hvic_utf8_to_utf16(in, sizeof(in), out, sizeof(out)), sizeof(want));
	CHECK(!memcmp(out, want, sizeof(want)));
	CHECK_INT(hvic_utf8_to_utf16(in, sizeof(in), out, sizeof(want) - 1), -EPROTO);
}

TEST(hvic_utf8_to_utf16_bad)
{
	static const u8 overlong[] = { 0xc0, 0xaf, 0 };
	static const u8 surrogate[] = { 0xed, 0xa0, 0x80, 0 };
	static const u8 too_big[] = { 0xf4, 0x90, 0x80, 0x80, 0 };
	static const u8 cut[] = { 0xe2, 0x82, 0 };
	static const u8 stray[] = { 0x80, 0 };
	static const u8 no_nul[] = { 'a', 'b' };
	u8 out[16];

	CHECK_INT(hvic_utf8_to_utf16(overlong, sizeof(overlong), out, sizeof(out)), -EPROTO);
	CHECK_INT(hvic_utf8_to_utf16(surrogate, sizeof(surrogate), out, sizeof(out)), -EPROTO);
	CHECK_INT(hvic_utf8_to_utf16(too_big, sizeof(too_big), out, sizeof(out)), -EPROTO);
	CHECK_INT(hvic_utf8_to_utf16(cut, sizeof(cut), out, sizeof(out)), -EPROTO);
	CHECK_INT(hvic_utf8_to_utf16(stray, sizeof(stray), out, sizeof(out)), -EPROTO);
	CHECK_INT(hvic_utf8_to_utf16(no_nul, sizeof(no_nul), out, sizeof(out)), -EPROTO);
}

TEST(hvic_kvp_request_get_set)
{
	struct hvic_kvp_umsg *u = malloc(sizeof(*u));
	u8 *b = body(HVIC_KVP_SET, 0, LEN_GETSET), *v = b + K_BODY;

	put32(v + V_TYPE, HVIC_REG_SZ);
	put32(v + V_KSIZE, utf16(v + V_KEY, "HostName"));
	put32(v + V_VSIZE, utf16(v + V_VALUE, "host-1"));
	CHECK_INT(hvic_kvp_request(b, LEN_GETSET, u), 0);
	CHECK_EQ(u->hdr.op, HVIC_KVP_SET);
	CHECK_EQ(u->hdr.pool, 0);
	CHECK_EQ(u->body.get_set.key_size, 9);
	CHECK(!strcmp((char *)u->body.get_set.key, "HostName"));
	CHECK_EQ(u->body.get_set.value_size, 7);
	CHECK(!strcmp((char *)u->body.get_set.value, "host-1"));
	CHECK_EQ(u->body.get_set.type, HVIC_REG_SZ);
	/* one byte less than the operation's body */
	CHECK_INT(hvic_kvp_request(b, LEN_GETSET - 1, u), -EPROTO);
	/* numbers become their decimal strings */
	put32(v + V_TYPE, HVIC_REG_DWORD);
	put32(v + V_VSIZE, 4);
	put32(v + V_VALUE, 4000000000u);
	CHECK_INT(hvic_kvp_request(b, LEN_GETSET, u), 0);
	CHECK(!strcmp((char *)u->body.get_set.value, "4000000000"));
	put32(v + V_TYPE, HVIC_REG_QWORD);
	put32(v + V_VSIZE, 8);
	put32(v + V_VALUE, 0xffffffff);
	put32(v + V_VALUE + 4, 0xffffffff);
	CHECK_INT(hvic_kvp_request(b, LEN_GETSET, u), 0);
	CHECK(!strcmp((char *)u->body.get_set.value, "18446744073709551615"));
	put32(v + V_TYPE, HVIC_REG_U64_LINUX);
	put32(v + V_VALUE + 4, 0);
	CHECK_INT(hvic_kvp_request(b, LEN_GETSET, u), 0);
	CHECK(!strcmp((char *)u->body.get_set.value, "4294967295"));
	put32(v + V_VSIZE, 7);	/* a QWORD of 7 bytes */
	CHECK_INT(hvic_kvp_request(b, LEN_GETSET, u), -EPROTO);
	put32(v + V_TYPE, 3);	/* REG_BINARY: not a type KVP carries */
	CHECK_INT(hvic_kvp_request(b, LEN_GETSET, u), -EPROTO);
	/* GET: the key only */
	b[K_OP] = HVIC_KVP_GET;
	b[K_POOL] = 4;
	CHECK_INT(hvic_kvp_request(b, LEN_GETSET, u), 0);
	CHECK_EQ(u->hdr.op, HVIC_KVP_GET);
	CHECK_EQ(u->hdr.pool, 4);
	CHECK(!strcmp((char *)u->body.get_set.key, "HostName"));
	/* the room the daemon copies the stored value into */
	CHECK_EQ(u->body.get_set.value_size, 2048);
	free(b);
	free(u);
}

TEST(hvic_kvp_request_bad)
{
	struct hvic_kvp_umsg *u = malloc(sizeof(*u));
	u8 *b = body(HVIC_KVP_GET, 0, LEN_ENUM), *v = b + K_BODY;

	put32(v + V_KSIZE, utf16(v + V_KEY, "Key"));
	CHECK_INT(hvic_kvp_request(b, LEN_GETSET, u), 0);
	b[K_POOL] = 5;
	CHECK_INT(hvic_kvp_request(b, LEN_GETSET, u), -EPROTO);
	b[K_POOL] = 0;
	b[K_OP] = 6;
	CHECK_INT(hvic_kvp_request(b, LEN_ENUM, u), -EPROTO);
	/* the IP settings operations' bodies are longer */
	b[K_OP] = HVIC_KVP_GET_IP_INFO;
	CHECK_INT(hvic_kvp_request(b, LEN_ENUM, u), -EPROTO);
	b[K_OP] = HVIC_KVP_SET_IP_INFO;
	CHECK_INT(hvic_kvp_request(b, LEN_ENUM, u), -EPROTO);
	b[K_OP] = HVIC_KVP_GET;
	CHECK_INT(hvic_kvp_request(b, 3, u), -EPROTO);
	/* a key size past the field, an unterminated key, a zero size */
	put32(v + V_KSIZE, 514);
	CHECK_INT(hvic_kvp_request(b, LEN_GETSET, u), -EPROTO);
	memset(v + V_KEY, 'K', 512);
	put32(v + V_KSIZE, 512);
	CHECK_INT(hvic_kvp_request(b, LEN_GETSET, u), -EPROTO);
	put32(v + V_KSIZE, 0);
	CHECK_INT(hvic_kvp_request(b, LEN_GETSET, u), -EPROTO);
	/* a value size past the field */
	b[K_OP] = HVIC_KVP_SET;
	put32(v + V_KSIZE, utf16(v + V_KEY, "Key"));
	put32(v + V_TYPE, HVIC_REG_SZ);
	put32(v + V_VSIZE, 2050);
	CHECK_INT(hvic_kvp_request(b, LEN_GETSET, u), -EPROTO);
	free(b);
	free(u);
}

TEST(hvic_kvp_request_delete_enum)
{
	struct hvic_kvp_umsg *u = malloc(sizeof(*u));
	u8 *b = body(HVIC_KVP_DELETE, 1, LEN_DELETE);

	put32(b + K_BODY, utf16(b + K_BODY + 4, "Gone"));
	CHECK_INT(hvic_kvp_request(b, LEN_DELETE, u), 0);
	CHECK(!strcmp((char *)u->body.del.key, "Gone"));
	CHECK_EQ(u->body.del.key_size, 5);
	CHECK_INT(hvic_kvp_request(b, LEN_DELETE - 1, u), -EPROTO);
	free(b);
	b = body(HVIC_KVP_ENUMERATE, 2, LEN_ENUM);
	put32(b + K_BODY, 7);
	CHECK_INT(hvic_kvp_request(b, LEN_ENUM, u), 0);
	CHECK_EQ(u->body.en.index, 7);
	CHECK_EQ(u->hdr.pool, 2);
	CHECK_INT(hvic_kvp_request(b, LEN_ENUM - 1, u), -EPROTO);
	free(b);
	free(u);
}

TEST(hvic_kvp_answer_enum)
{
	struct hvic_kvp_umsg *u = calloc(1, sizeof(*u));
	u8 *b = body(HVIC_KVP_ENUMERATE, 2, LEN_ENUM), *v = b + K_BODY + 4;
	u8 want[32];
	u32 status;

	strcpy((char *)u->body.en.data.key, "OSName");
	strcpy((char *)u->body.en.data.value, "Debian");
	CHECK_INT(hvic_kvp_answer(u, b, LEN_ENUM, &status), 0);
	CHECK_EQ(status, HVIC_S_OK);
	CHECK_EQ(get32(v + V_KSIZE), 14);
	CHECK_EQ(get32(v + V_VSIZE), 14);
	CHECK_EQ(get32(v + V_TYPE), HVIC_REG_SZ);
	CHECK(!memcmp(v + V_KEY, want, utf16(want, "OSName")));
	CHECK(!memcmp(v + V_VALUE, want, utf16(want, "Debian")));
	/* the end of the items: S_CONT, nothing written */
	memset(v, 0, 12);
	u->error = (s32)HVIC_S_CONT;
	CHECK_INT(hvic_kvp_answer(u, b, LEN_ENUM, &status), 0);
	CHECK_EQ(status, HVIC_S_CONT);
	CHECK_EQ(get32(v + V_KSIZE), 0);
	u->error = 5;
	CHECK_INT(hvic_kvp_answer(u, b, LEN_ENUM, &status), 0);
	CHECK_EQ(status, HVIC_E_FAIL);
	/* the daemon's key unterminated, then not UTF-8 */
	u->error = 0;
	memset(u->body.en.data.key, 'k', sizeof(u->body.en.data.key));
	CHECK_INT(hvic_kvp_answer(u, b, LEN_ENUM, &status), -EPROTO);
	CHECK_EQ(status, HVIC_E_FAIL);
	strcpy((char *)u->body.en.data.key, "\xff");
	CHECK_INT(hvic_kvp_answer(u, b, LEN_ENUM, &status), -EPROTO);
	free(b);
	free(u);
}

TEST(hvic_kvp_answer_get_set)
{
	struct hvic_kvp_umsg *u = calloc(1, sizeof(*u));
	u8 *b = body(HVIC_KVP_GET, 0, LEN_GETSET), *v = b + K_BODY;
	u8 want[16];
	u32 status;

	strcpy((char *)u->body.get_set.value, "42");
	CHECK_INT(hvic_kvp_answer(u, b, LEN_GETSET, &status), 0);
	CHECK_EQ(status, HVIC_S_OK);
	CHECK_EQ(get32(v + V_VSIZE), 6);
	CHECK(!memcmp(v + V_VALUE, want, utf16(want, "42")));
	/* a value that does not end within the field */
	memset(u->body.get_set.value, '9', sizeof(u->body.get_set.value));
	CHECK_INT(hvic_kvp_answer(u, b, LEN_GETSET, &status), -EPROTO);
	CHECK_EQ(status, HVIC_E_FAIL);
	/* SET and DELETE answers carry only the status */
	b[K_OP] = HVIC_KVP_SET;
	memset(v, 0, 12);
	CHECK_INT(hvic_kvp_answer(u, b, LEN_GETSET, &status), 0);
	CHECK_EQ(status, HVIC_S_OK);
	CHECK_EQ(get32(v + V_VSIZE), 0);
	u->error = (s32)HVIC_E_GUID_NOTFOUND;
	b[K_OP] = HVIC_KVP_DELETE;
	CHECK_INT(hvic_kvp_answer(u, b, LEN_DELETE, &status), 0);
	CHECK_EQ(status, HVIC_E_GUID_NOTFOUND);
	free(b);
	free(u);
}

/* the IP settings at the host's offsets (after op and pool) */
#define IP_ADAPTER	2
#define IP_FAMILY	(2 + 256)
#define IP_DHCP		(2 + 257)
#define IP_ADDR		(2 + 258)
#define IP_SUBNET	(2 + 258 + 2048)
#define IP_GATEWAY	(2 + 258 + 4096)
#define IP_DNS		(2 + 258 + 4096 + 1024)
#define LEN_IP		7428

TEST(hvic_kvp_ip_layout)
{
	CHECK_EQ(sizeof(struct hvic_kvp_ip_msg), LEN_IP);
	CHECK_EQ(offsetof(struct hvic_kvp_ip_msg, ip.addr_family), IP_FAMILY);
	CHECK_EQ(offsetof(struct hvic_kvp_ip_msg, ip.dhcp_enabled), IP_DHCP);
	CHECK_EQ(offsetof(struct hvic_kvp_ip_msg, ip.ip_addr), IP_ADDR);
	CHECK_EQ(offsetof(struct hvic_kvp_ip_msg, ip.sub_net), IP_SUBNET);
	CHECK_EQ(offsetof(struct hvic_kvp_ip_msg, ip.gate_way), IP_GATEWAY);
	CHECK_EQ(offsetof(struct hvic_kvp_ip_msg, ip.dns_addr), IP_DNS);
	/* the daemon's settings start at the body, offset 4 */
	CHECK_EQ(offsetof(struct hvic_kvp_umsg, body.ip.ip_addr), 4 + 258);
}

static u8 *ip_body(u8 op)
{
	u8 *b = body(op, 0, LEN_IP);

	utf16(b + IP_ADAPTER, "{8e1f5a39-0f5c-4d3a-9c57-bb4f0c1d2e3f}");
	b[IP_FAMILY] = 1;
	b[IP_DHCP] = 1;
	utf16(b + IP_ADDR, "10.1.2.3;10.1.2.4");
	utf16(b + IP_SUBNET, "255.255.255.0;255.255.255.0");
	utf16(b + IP_GATEWAY, "10.1.2.1");
	utf16(b + IP_DNS, "10.1.2.53");
	return b;
}

TEST(hvic_kvp_ip_request)
{
	struct hvic_kvp_umsg *u = malloc(sizeof(*u));
	u8 *b = ip_body(HVIC_KVP_SET_IP_INFO);

	CHECK_INT(hvic_kvp_request(b, LEN_IP, u), 0);
	CHECK_EQ(u->hdr.op, HVIC_KVP_SET_IP_INFO);
	CHECK_STREQ((char *)u->body.ip.adapter_id, "{8e1f5a39-0f5c-4d3a-9c57-bb4f0c1d2e3f}");
	CHECK_STREQ((char *)u->body.ip.ip_addr, "10.1.2.3;10.1.2.4");
	CHECK_STREQ((char *)u->body.ip.sub_net, "255.255.255.0;255.255.255.0");
	CHECK_STREQ((char *)u->body.ip.gate_way, "10.1.2.1");
	CHECK_STREQ((char *)u->body.ip.dns_addr, "10.1.2.53");
	CHECK_EQ(u->body.ip.addr_family, 1);
	CHECK_EQ(u->body.ip.dhcp_enabled, 1);
	/* one byte short */
	CHECK_INT(hvic_kvp_request(b, LEN_IP - 1, u), -EPROTO);
	/* an empty gateway is a setting; an unterminated one is not */
	put16(b + IP_GATEWAY, 0);
	CHECK_INT(hvic_kvp_request(b, LEN_IP, u), 0);
	CHECK_STREQ((char *)u->body.ip.gate_way, "");
	memset(b + IP_GATEWAY, '1', 1024);
	CHECK_INT(hvic_kvp_request(b, LEN_IP, u), -EPROTO);
	/* GET_IP_INFO passes the adapter and family alone */
	free(b);
	b = ip_body(HVIC_KVP_GET_IP_INFO);
	memset(b + IP_GATEWAY, '1', 1024);
	CHECK_INT(hvic_kvp_request(b, LEN_IP, u), 0);
	CHECK_EQ(u->hdr.op, HVIC_KVP_GET_IP_INFO);
	CHECK_STREQ((char *)u->body.ip.adapter_id, "{8e1f5a39-0f5c-4d3a-9c57-bb4f0c1d2e3f}");
	CHECK_STREQ((char *)u->body.ip.ip_addr, "");
	CHECK_EQ(u->body.ip.dhcp_enabled, 0);
	/* no adapter */
	put16(b + IP_ADAPTER, 0);
	CHECK_INT(hvic_kvp_request(b, LEN_IP, u), -EPROTO);
	free(b);
	free(u);
}

TEST(hvic_kvp_ip_answer)
{
	struct hvic_kvp_umsg *u = calloc(1, sizeof(*u));
	u8 *b = ip_body(HVIC_KVP_GET_IP_INFO);
	u8 want[64];
	u32 st = 0;

	/* the daemon's error word (over its header) 0: success */
	strcpy((char *)u->body.ip.adapter_id, "00:15:5D:00:00:01");
	strcpy((char *)u->body.ip.ip_addr, "10.77.0.5");
	strcpy((char *)u->body.ip.sub_net, "255.255.255.0");
	u->body.ip.addr_family = 3;
	u->body.ip.dhcp_enabled = 0;
	CHECK_INT(hvic_kvp_answer(u, b, LEN_IP, &st), 0);
	CHECK_EQ(st, HVIC_S_OK);
	utf16(want, "10.77.0.5");
	CHECK(!memcmp(b + IP_ADDR, want, 20));
	utf16(want, "00:15:5D:00:00:01");
	CHECK(!memcmp(b + IP_ADAPTER, want, 36));
	/* the request's longer adapter GUID is gone past the new terminator */
	CHECK_EQ(b[IP_ADAPTER + 40], 0);
	/* the request's gateway and DNS replaced by the daemon's (empty) */
	CHECK_EQ(get16(b + IP_GATEWAY), 0);
	CHECK_EQ(get16(b + IP_DNS), 0);
	CHECK_EQ(b[IP_FAMILY], 3);
	CHECK_EQ(b[IP_DHCP], 0);
	/* a daemon string without its terminator */
	memset(u->body.ip.dns_addr, 'x', sizeof(u->body.ip.dns_addr));
	CHECK_INT(hvic_kvp_answer(u, b, LEN_IP, &st), -EPROTO);
	CHECK_EQ(st, HVIC_E_FAIL);
	/* a failure passes through, nothing converted */
	u->error = (s32)HVIC_E_FAIL;
	CHECK_INT(hvic_kvp_answer(u, b, LEN_IP, &st), 0);
	CHECK_EQ(st, HVIC_E_FAIL);
	free(b);
	free(u);
}
