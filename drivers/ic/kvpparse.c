// SPDX-License-Identifier: GPL-2.0
/*
 * KVP requests between the host and hv_kvp_daemon (see kvpparse.h).
 *
 * The host's strings are UTF-16LE with their sizes in bytes, terminator
 * included; the daemon's are UTF-8, NUL-terminated. Every size the host
 * gives is checked against the field it describes and the body that
 * arrived, every string for its terminator and its encoding; the daemon's
 * strings the same way on the way back. Nothing is truncated silently: a
 * string that does not fit is a refused message.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/types.h>

#include "kvpparse.h"

/* body bytes each operation needs (header included) */
#define HVIC_KVP_HDR	sizeof(struct hvic_kvp_hdr)

static u32 hvic_kvp_need(u8 op)
{
	switch (op) {
	case HVIC_KVP_GET:
	case HVIC_KVP_SET:
		return HVIC_KVP_HDR + sizeof(struct hvic_kvp_value);
	case HVIC_KVP_DELETE:
		return HVIC_KVP_HDR + sizeof(struct hvic_kvp_delete);
	case HVIC_KVP_ENUMERATE:
		return HVIC_KVP_HDR + sizeof(struct hvic_kvp_enum);
	}
	return 0;
}

/**
 * hvic_utf16_to_utf8() - a host string for the daemon
 * @in:		UTF-16LE, @in_size bytes, its terminator inside them
 * @in_size:	bytes
 * @out:	room for @out_size bytes
 * @out_size:	bytes
 *
 * Return: bytes written with the NUL; -EPROTO for an odd or zero size, no
 * terminator, a lone surrogate, or a string that does not fit @out.
 */
int hvic_utf16_to_utf8(const u8 *in, u32 in_size, u8 *out, u32 out_size)
{
	u32 i, o = 0, c, lo;

	if (!in_size || in_size % 2)
		return -EPROTO;
	for (i = 0; i + 1 < in_size; i += 2) {
		c = in[i] | in[i + 1] << 8;
		if (!c) {
			if (o >= out_size)
				return -EPROTO;
			out[o] = 0;
			return o + 1;
		}
		if (c >= 0xdc00 && c <= 0xdfff)
			return -EPROTO;
		if (c >= 0xd800 && c <= 0xdbff) {
			if (i + 3 >= in_size)
				return -EPROTO;
			lo = in[i + 2] | in[i + 3] << 8;
			if (lo < 0xdc00 || lo > 0xdfff)
				return -EPROTO;
			c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
			i += 2;
		}
		if (c < 0x80) {
			if (o + 1 > out_size)
				return -EPROTO;
			out[o++] = c;
		} else if (c < 0x800) {
			if (o + 2 > out_size)
				return -EPROTO;
			out[o++] = 0xc0 | c >> 6;
			out[o++] = 0x80 | (c & 0x3f);
		} else if (c < 0x10000) {
			if (o + 3 > out_size)
				return -EPROTO;
			out[o++] = 0xe0 | c >> 12;
			out[o++] = 0x80 | ((c >> 6) & 0x3f);
			out[o++] = 0x80 | (c & 0x3f);
		} else {
			if (o + 4 > out_size)
				return -EPROTO;
			out[o++] = 0xf0 | c >> 18;
			out[o++] = 0x80 | ((c >> 12) & 0x3f);
			out[o++] = 0x80 | ((c >> 6) & 0x3f);
			out[o++] = 0x80 | (c & 0x3f);
		}
	}
	return -EPROTO;	/* no terminator */
}

/* one UTF-8 sequence at @in (at most @n bytes): its code point, or -1 */
static int hvic_utf8_char(const u8 *in, u32 n, u32 *len)
{
	static const u32 min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	u32 c = in[0], k, i;

	if (c < 0x80) {
		*len = 1;
		return c;
	}
	if ((c & 0xe0) == 0xc0) {
		k = 2;
		c &= 0x1f;
	} else if ((c & 0xf0) == 0xe0) {
		k = 3;
		c &= 0x0f;
	} else if ((c & 0xf8) == 0xf0) {
		k = 4;
		c &= 0x07;
	} else {
		return -1;
	}
	if (k > n)
		return -1;
	for (i = 1; i < k; i++) {
		if ((in[i] & 0xc0) != 0x80)
			return -1;
		c = c << 6 | (in[i] & 0x3f);
	}
	if (c < min[k] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return -1;
	*len = k;
	return c;
}

/**
 * hvic_utf8_to_utf16() - a daemon string for the host
 * @in:		UTF-8, NUL-terminated within @in_size bytes
 * @in_size:	bytes
 * @out:	room for @out_size bytes of UTF-16LE
 * @out_size:	bytes
 *
 * Return: bytes written with the terminator; -EPROTO for no NUL, invalid
 * UTF-8, or a string that does not fit @out.
 */
int hvic_utf8_to_utf16(const u8 *in, u32 in_size, u8 *out, u32 out_size)
{
	u32 i = 0, o = 0, len, c, n;
	int ch;

	n = strnlen((const char *)in, in_size);
	if (n == in_size)
		return -EPROTO;
	while (i < n) {
		ch = hvic_utf8_char(in + i, n - i, &len);
		if (ch < 0)
			return -EPROTO;
		c = ch;
		i += len;
		if (c >= 0x10000) {
			if (o + 4 > out_size)
				return -EPROTO;
			c -= 0x10000;
			out[o++] = (0xd800 | c >> 10) & 0xff;
			out[o++] = (0xd800 | c >> 10) >> 8;
			out[o++] = (0xdc00 | (c & 0x3ff)) & 0xff;
			out[o++] = (0xdc00 | (c & 0x3ff)) >> 8;
		} else {
			if (o + 2 > out_size)
				return -EPROTO;
			out[o++] = c & 0xff;
			out[o++] = c >> 8;
		}
	}
	if (o + 2 > out_size)
		return -EPROTO;
	out[o++] = 0;
	out[o++] = 0;
	return o;
}

/* a decimal string, NUL-terminated: what the daemon stores for a number */
static u32 hvic_decimal(u64 v, u8 *out)
{
	u8 tmp[20];
	u32 n = 0, i;

	do {
		tmp[n++] = '0' + v % 10;
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = 0;
	return n + 1;
}

/* the host's value, as the daemon stores it (a string) */
static int hvic_kvp_value_in(const struct hvic_kvp_value *h, struct hvic_kvp_value *u)
{
	u64 v64;
	u32 v32;
	int n;

	if (h->value_size > HVIC_KVP_VALUE_MAX)
		return -EPROTO;
	switch (h->type) {
	case HVIC_REG_SZ:
	case HVIC_REG_EXPAND_SZ:
		n = hvic_utf16_to_utf8(h->value, h->value_size, u->value, HVIC_KVP_VALUE_MAX);
		if (n < 0)
			return n;
		u->value_size = n;
		break;
	case HVIC_REG_DWORD:
		if (h->value_size < sizeof(v32))
			return -EPROTO;
		memcpy(&v32, h->value, sizeof(v32));
		u->value_size = hvic_decimal(v32, u->value);
		break;
	case HVIC_REG_U64_LINUX:
	case HVIC_REG_QWORD:
		if (h->value_size < sizeof(v64))
			return -EPROTO;
		memcpy(&v64, h->value, sizeof(v64));
		u->value_size = hvic_decimal(v64, u->value);
		break;
	default:
		return -EPROTO;
	}
	u->type = HVIC_REG_SZ;
	return 0;
}

/* the IP settings' strings: where, and their fields' sizes; the adapter first */
static const struct {
	u16 off;
	u16 size;
} hvic_kvp_ip_strs[] = {
	{ offsetof(struct hvic_kvp_ip, adapter_id), HVIC_KVP_ADAPTER_MAX },
	{ offsetof(struct hvic_kvp_ip, ip_addr), HVIC_KVP_ADDR_MAX },
	{ offsetof(struct hvic_kvp_ip, sub_net), HVIC_KVP_ADDR_MAX },
	{ offsetof(struct hvic_kvp_ip, gate_way), HVIC_KVP_GATEWAY_MAX },
	{ offsetof(struct hvic_kvp_ip, dns_addr), HVIC_KVP_ADDR_MAX },
};

/* GET_IP_INFO (the adapter and family) and SET_IP_INFO (everything) */
static int hvic_kvp_ip_request(const u8 *body, u32 len, struct hvic_kvp_umsg *u)
{
	const struct hvic_kvp_ip_msg *m = (const struct hvic_kvp_ip_msg *)body;
	const u8 *hi = (const u8 *)&m->ip;
	u8 *ui = (u8 *)&u->body.ip;
	unsigned int i;
	int n;

	if (len < sizeof(*m))
		return -EPROTO;
	u->hdr.op = m->op;
	u->hdr.pool = m->pool;
	u->body.ip.addr_family = m->ip.addr_family;
	if (m->op == HVIC_KVP_SET_IP_INFO)
		u->body.ip.dhcp_enabled = m->ip.dhcp_enabled;
	/* GET_IP_INFO passes the adapter alone */
	for (i = 0; i < (m->op == HVIC_KVP_GET_IP_INFO ? 1 : ARRAY_SIZE(hvic_kvp_ip_strs)); i++) {
		n = hvic_utf16_to_utf8(hi + hvic_kvp_ip_strs[i].off, hvic_kvp_ip_strs[i].size,
				       ui + hvic_kvp_ip_strs[i].off, hvic_kvp_ip_strs[i].size);
		if (n < 0 || (i == 0 && n <= 1))	/* no adapter named */
			return -EPROTO;
	}
	return 0;
}

/* GET_IP_INFO's answer: the daemon's settings into the host's message */
static int hvic_kvp_ip_answer(const struct hvic_kvp_umsg *u, u8 *body, u32 len)
{
	struct hvic_kvp_ip_msg *m = (struct hvic_kvp_ip_msg *)body;
	const u8 *ui = (const u8 *)&u->body.ip;
	u8 *hi = (u8 *)&m->ip;
	unsigned int i;

	if (len < sizeof(*m))
		return -EPROTO;
	for (i = 0; i < ARRAY_SIZE(hvic_kvp_ip_strs); i++) {
		memset(hi + hvic_kvp_ip_strs[i].off, 0, hvic_kvp_ip_strs[i].size);
		if (hvic_utf8_to_utf16(ui + hvic_kvp_ip_strs[i].off, hvic_kvp_ip_strs[i].size,
				       hi + hvic_kvp_ip_strs[i].off, hvic_kvp_ip_strs[i].size) < 0)
			return -EPROTO;
	}
	m->ip.addr_family = u->body.ip.addr_family;
	m->ip.dhcp_enabled = u->body.ip.dhcp_enabled;
	return 0;
}

/**
 * hvic_kvp_request() - the daemon's message for a host request
 * @body:	the request's KVP body (after the IC header)
 * @len:	its bytes
 * @u:		the message for the daemon, built here
 *
 * The host's pools are those the daemon has; keys and string values are
 * converted to UTF-8, numbers to their decimal strings. The IP settings
 * operations name an adapter (not empty) and, for SET_IP_INFO, carry its
 * addresses: every string converted, each terminated inside its field.
 *
 * Return: 0; -EPROTO for an unknown operation or pool, a body shorter than
 * its operation's, or a key, value or setting whose size, terminator or
 * encoding is wrong.
 */
int hvic_kvp_request(const u8 *body, u32 len, struct hvic_kvp_umsg *u)
{
	const struct hvic_kvp_hdr *hdr = (const struct hvic_kvp_hdr *)body;
	const u8 *b = body + HVIC_KVP_HDR;
	const struct hvic_kvp_value *hv = (const struct hvic_kvp_value *)b;
	const struct hvic_kvp_delete *hd = (const struct hvic_kvp_delete *)b;
	const struct hvic_kvp_enum *he = (const struct hvic_kvp_enum *)b;
	u32 need;
	int n;

	memset(u, 0, sizeof(*u));
	if (len < HVIC_KVP_HDR)
		return -EPROTO;
	if (hdr->op == HVIC_KVP_GET_IP_INFO || hdr->op == HVIC_KVP_SET_IP_INFO)
		return hvic_kvp_ip_request(body, len, u);
	need = hvic_kvp_need(hdr->op);
	if (!need || len < need || hdr->pool >= HVIC_KVP_POOLS)
		return -EPROTO;
	u->hdr.op = hdr->op;
	u->hdr.pool = hdr->pool;
	switch (hdr->op) {
	case HVIC_KVP_SET:
		if (hvic_kvp_value_in(hv, &u->body.get_set))
			return -EPROTO;
		fallthrough;
	case HVIC_KVP_GET:
		if (hv->key_size > HVIC_KVP_KEY_MAX)
			return -EPROTO;
		n = hvic_utf16_to_utf8(hv->key, hv->key_size, u->body.get_set.key,
				       HVIC_KVP_KEY_MAX);
		if (n < 0)
			return n;
		u->body.get_set.key_size = n;
		/* a GET: the daemon copies this many bytes of the stored value */
		if (hdr->op == HVIC_KVP_GET)
			u->body.get_set.value_size = HVIC_KVP_VALUE_MAX;
		return 0;
	case HVIC_KVP_DELETE:
		if (hd->key_size > HVIC_KVP_KEY_MAX)
			return -EPROTO;
		n = hvic_utf16_to_utf8(hd->key, hd->key_size, u->body.del.key, HVIC_KVP_KEY_MAX);
		if (n < 0)
			return n;
		u->body.del.key_size = n;
		return 0;
	}
	/* HVIC_KVP_ENUMERATE */
	u->body.en.index = he->index;
	return 0;
}

/* the daemon's status, as the host knows them */
static u32 hvic_kvp_status(s32 error)
{
	switch ((u32)error) {
	case HVIC_S_OK:
	case HVIC_S_CONT:
	case HVIC_E_FAIL:
	case HVIC_E_GUID_NOTFOUND:
		return error;
	}
	return HVIC_E_FAIL;
}

/**
 * hvic_kvp_answer() - the host's answer from the daemon's
 * @u:		what the daemon wrote
 * @body:	the request's KVP body, turned into the answer in place
 * @len:	its bytes (as hvic_kvp_request() accepted them)
 * @status:	the status to answer with
 *
 * The daemon's error goes to the host as it is when it is one the host
 * knows (S_OK, S_CONT: no such key or the end of an enumeration, E_FAIL,
 * GUID_NOTFOUND), as E_FAIL otherwise. With S_OK a GET answer carries the
 * value, an ENUMERATE answer the key and the value, UTF-16LE, type REG_SZ;
 * a GET_IP_INFO answer the adapter's settings, every string UTF-16LE.
 *
 * Return: 0; -EPROTO when the daemon's answer is for another operation or
 * its strings are not terminated, not UTF-8, or too long for the host's
 * fields (@status is then E_FAIL).
 */
int hvic_kvp_answer(const struct hvic_kvp_umsg *u, u8 *body, u32 len, u32 *status)
{
	const struct hvic_kvp_hdr *hdr = (const struct hvic_kvp_hdr *)body;
	struct hvic_kvp_value *hv;
	const struct hvic_kvp_value *uv;
	int k, v;

	*status = hvic_kvp_status(u->error);
	if (*status == HVIC_S_OK && hdr->op == HVIC_KVP_GET_IP_INFO) {
		if (hvic_kvp_ip_answer(u, body, len))
			goto bad;
		return 0;
	}
	if (*status != HVIC_S_OK ||
	    (hdr->op != HVIC_KVP_GET && hdr->op != HVIC_KVP_ENUMERATE))
		return 0;
	if (hdr->op == HVIC_KVP_GET) {
		hv = (struct hvic_kvp_value *)(body + HVIC_KVP_HDR);
		uv = &u->body.get_set;
	} else {
		hv = &((struct hvic_kvp_enum *)(body + HVIC_KVP_HDR))->data;
		uv = &u->body.en.data;
	}
	if (len < hvic_kvp_need(hdr->op))
		goto bad;
	v = hvic_utf8_to_utf16(uv->value, HVIC_KVP_VALUE_MAX, hv->value, HVIC_KVP_VALUE_MAX);
	if (v < 0)
		goto bad;
	if (hdr->op == HVIC_KVP_ENUMERATE) {
		k = hvic_utf8_to_utf16(uv->key, HVIC_KVP_KEY_MAX, hv->key, HVIC_KVP_KEY_MAX);
		if (k < 0)
			goto bad;
		hv->key_size = k;
	}
	hv->value_size = v;
	hv->type = HVIC_REG_SZ;
	return 0;
bad:
	*status = HVIC_E_FAIL;
	return -EPROTO;
}
