// SPDX-License-Identifier: GPL-2.0
/*
 * The host's KVP service: GET, SET, DELETE and ENUMERATE on a pool, as a
 * Hyper-V host (or openvmm's) sends them, and the IP settings operations
 * (GET_IP_INFO of the adapter with a MAC address, SET_IP_INFO of the one
 * with an instance GUID), one at a time, from the ic_ctl file; the last
 * answer shown in the "ic_kvp" file.
 *
 * Every request body but the IP settings' is the 2580-byte message
 * openvmm's host sends; keys and string values are UTF-16LE with their
 * sizes in bytes, terminator included. The IP settings' is the kernel's
 * 7428-byte struct hv_kvp_ip_msg, strings UTF-16LE in fixed fields. The
 * control file's keys and values are ASCII; the answer's strings are
 * shown as ASCII, '?' for any other character.
 *
 * Faults (ic_ctl fault=): kvp_no_nul sends the next key without its
 * terminator, kvp_bad_size with a key size past the key field; the guest
 * must answer with a failure.
 *
 * Versions offered: 3.0, 4.0, 5.0 on every generation here (openvmm's).
 *
 * Context: ic->lock held (the I/O work, or the control file).
 */
#include <linux/kernel.h>
#include <linux/stddef.h>
#include <linux/seq_file.h>
#include <linux/string.h>

#include "hvsim.h"
#include "ic_host.h"

unsigned int hvsim_ic_versions_kvp(u32 *v, unsigned int max)
{
	v[0] = HVSIM_IC_V(3, 0);
	v[1] = HVSIM_IC_V(4, 0);
	v[2] = HVSIM_IC_V(5, 0);
	return 3;
}

/* @s as UTF-16LE into @out with its terminator: the bytes */
static u32 hvsim_kvp_utf16(const char *s, u8 *out)
{
	u32 n = 0;

	while (*s) {
		out[n++] = *s++;
		out[n++] = 0;
	}
	out[n++] = 0;
	out[n++] = 0;
	return n;
}

/* UTF-16LE of at most @size bytes as ASCII, '?' for the rest, into @out */
static void hvsim_kvp_ascii(const u8 *in, u32 size, char *out, u32 room)
{
	u32 i, o = 0;
	u16 c;

	for (i = 0; i + 1 < size && o + 1 < room; i += 2) {
		c = in[i] | in[i + 1] << 8;
		if (!c)
			break;
		out[o++] = c >= 0x20 && c < 0x7f ? c : '?';
	}
	out[o] = '\0';
}

/**
 * hvsim_ic_utf16_field() - an ASCII string into a fixed UTF-16LE field
 * @s:		the string (cut to the field, less its terminator)
 * @out:	the field
 * @units:	its size in UTF-16 units, terminator included
 */
void hvsim_ic_utf16_field(const char *s, __le16 *out, u32 units)
{
	u32 i;

	for (i = 0; s[i] && i < units - 1; i++)
		out[i] = cpu_to_le16(s[i]);
	out[i] = 0;
}

/* a UTF-16LE field of @units as ASCII into @out: false without a terminator */
static bool hvsim_kvp_ascii_field(const __le16 *in, u32 units, char *out, u32 room)
{
	u32 i;

	for (i = 0; i < units; i++)
		if (!in[i])
			break;
	if (i == units)
		return false;
	hvsim_kvp_ascii((const u8 *)in, 2 * (i + 1), out, room);
	return true;
}

static u32 hvsim_kvp_ip_body(struct hvsim_ic_kvp *r, u8 *body)
{
	struct hvsim_kvp_ip_msg *m = (struct hvsim_kvp_ip_msg *)body;

	memset(m, 0, sizeof(*m));
	m->op = r->op;
	m->pool = r->pool;
	hvsim_ic_utf16_field(r->ip.adapter, m->adapter_id, HVSIM_KVP_ADAPTER_MAX);
	m->addr_family = r->ip.family;
	if (r->op == HVSIM_KVP_SET_IP) {
		m->dhcp_enabled = r->ip.dhcp;
		hvsim_ic_utf16_field(r->ip.addr, m->ip_addr, HVSIM_KVP_ADDR_MAX);
		hvsim_ic_utf16_field(r->ip.subnet, m->sub_net, HVSIM_KVP_ADDR_MAX);
		hvsim_ic_utf16_field(r->ip.gateway, m->gate_way, HVSIM_KVP_GATEWAY_MAX);
		hvsim_ic_utf16_field(r->ip.dns, m->dns_addr, HVSIM_KVP_ADDR_MAX);
	}
	return sizeof(*m);
}

/* a GET_IP_INFO answer's settings: false when a string is not terminated */
static bool hvsim_kvp_ip_answered(struct hvsim_ic_kvp *r, const u8 *body, u32 len)
{
	const struct hvsim_kvp_ip_msg *m = (const struct hvsim_kvp_ip_msg *)body;
	struct hvsim_ic_ip *a = &r->aip;

	if (len < sizeof(*m))
		return false;
	a->family = m->addr_family;
	a->dhcp = m->dhcp_enabled;
	return hvsim_kvp_ascii_field(m->adapter_id, HVSIM_KVP_ADAPTER_MAX, a->adapter,
				     sizeof(a->adapter)) &&
	       hvsim_kvp_ascii_field(m->ip_addr, HVSIM_KVP_ADDR_MAX, a->addr, sizeof(a->addr)) &&
	       hvsim_kvp_ascii_field(m->sub_net, HVSIM_KVP_ADDR_MAX, a->subnet,
				     sizeof(a->subnet)) &&
	       hvsim_kvp_ascii_field(m->gate_way, HVSIM_KVP_GATEWAY_MAX, a->gateway,
				     sizeof(a->gateway)) &&
	       hvsim_kvp_ascii_field(m->dns_addr, HVSIM_KVP_ADDR_MAX, a->dns, sizeof(a->dns));
}

/* the key, bent by the armed KVP faults */
static u32 hvsim_kvp_key_out(struct hvsim_ic *ic, u8 *key, u32 *size)
{
	*size = hvsim_kvp_utf16(ic->kvp.key, key);
	if (ic->faults & HVSIM_IC_F_KVP_NO_NUL) {
		/* every byte of the field a character: no terminator anywhere */
		ic->faults &= ~HVSIM_IC_F_KVP_NO_NUL;
		ic->c[HVSIM_IC_C_FAULTS]++;
		memset(key, 'K', HVSIM_KVP_KEY_MAX);
		*size = HVSIM_KVP_KEY_MAX;
	} else if (ic->faults & HVSIM_IC_F_KVP_BAD_SIZE) {
		ic->faults &= ~HVSIM_IC_F_KVP_BAD_SIZE;
		ic->c[HVSIM_IC_C_FAULTS]++;
		*size = HVSIM_KVP_KEY_MAX + 2;
	}
	return *size;
}

/**
 * hvsim_ic_kvp_body() - the body of the KVP request the control file asked
 * @ic:		the service
 * @body:	where (room for HVSIM_IC_MSG_MAX)
 *
 * Return: the body's bytes.
 */
u32 hvsim_ic_kvp_body(struct hvsim_ic *ic, u8 *body)
{
	struct hvsim_kvp_msg *m = (struct hvsim_kvp_msg *)body;
	struct hvsim_ic_kvp *r = &ic->kvp;

	if (r->op == HVSIM_KVP_GET_IP || r->op == HVSIM_KVP_SET_IP)
		return hvsim_kvp_ip_body(r, body);
	memset(m, 0, sizeof(*m));
	m->op = r->op;
	m->pool = r->pool;
	switch (r->op) {
	case HVSIM_KVP_SET:
		m->v.type = r->type;
		if (r->type == HVSIM_KVP_SZ) {
			m->v.value_size = hvsim_kvp_utf16(r->value, m->v.value);
		} else {
			m->v.value_size = r->type == HVSIM_KVP_DWORD ? 4 : 8;
			memcpy(m->v.value, &r->num, m->v.value_size);	/* little-endian */
		}
		fallthrough;
	case HVSIM_KVP_GET:
		hvsim_kvp_key_out(ic, m->v.key, &m->v.key_size);
		break;
	case HVSIM_KVP_DELETE:
		hvsim_kvp_key_out(ic, m->del.key, &m->del.key_size);
		break;
	case HVSIM_KVP_ENUMERATE:
		m->en.index = r->index;
		break;
	}
	return sizeof(*m);
}

/**
 * hvsim_ic_kvp_answered() - the guest's answer to the KVP request
 * @ic:		the service
 * @status:	its status (S_CONT: no such key, or past the last item)
 * @body:	its body
 * @len:	its bytes
 *
 * A successful GET must carry a value, a successful ENUMERATE a key and a
 * value, each terminated inside its size and field: else a bad answer.
 */
void hvsim_ic_kvp_answered(struct hvsim_ic *ic, u32 status, const u8 *body, u32 len)
{
	const struct hvsim_kvp_msg *m = (const struct hvsim_kvp_msg *)body;
	struct hvsim_ic_kvp *r = &ic->kvp;
	const struct hvsim_kvp_value *v;

	r->done++;
	r->status = status;
	r->akey[0] = '\0';
	r->avalue[0] = '\0';
	memset(&r->aip, 0, sizeof(r->aip));
	if (!status && r->op == HVSIM_KVP_GET_IP) {
		if (!hvsim_kvp_ip_answered(r, body, len))
			goto bad;
		return;
	}
	if (status || (r->op != HVSIM_KVP_GET && r->op != HVSIM_KVP_ENUMERATE))
		return;
	if (len < sizeof(*m))
		goto bad;
	v = r->op == HVSIM_KVP_GET ? &m->v : &m->en.v;
	if (v->value_size < 2 || v->value_size > HVSIM_KVP_VALUE_MAX || v->value_size % 2 ||
	    v->value[v->value_size - 1] || v->value[v->value_size - 2])
		goto bad;
	hvsim_kvp_ascii(v->value, v->value_size, r->avalue, sizeof(r->avalue));
	if (r->op == HVSIM_KVP_ENUMERATE) {
		if (v->key_size < 2 || v->key_size > HVSIM_KVP_KEY_MAX || v->key_size % 2 ||
		    v->key[v->key_size - 1] || v->key[v->key_size - 2])
			goto bad;
		hvsim_kvp_ascii(v->key, v->key_size, r->akey, sizeof(r->akey));
	}
	return;
bad:
	ic->c[HVSIM_IC_C_BAD_ANSWER]++;
	pr_warn_ratelimited("ic: kvp: answer with a malformed key or value\n");
}

/**
 * hvsim_ic_kvp_key() - one KVP key of an ic_ctl line
 * @r:		the request being built
 * @key:	op, pool, key, value, index, type
 * @val:	its value
 *
 * Return: 0; -ENOENT for a key that is not KVP's; -EINVAL for a bad value
 * (logged).
 */
int hvsim_ic_kvp_key(struct hvsim_ic_kvp *r, const char *key, const char *val)
{
	static const char *const ops[] = {
		"get", "set", "delete", "enumerate", "get_ip", "set_ip",
	};
	static const struct {
		const char *key;
		size_t off;
		size_t size;
	} strs[] = {
		{ "adapter", offsetof(struct hvsim_ic_ip, adapter), HVSIM_KVP_ADAPTER_MAX },
		{ "ip", offsetof(struct hvsim_ic_ip, addr), HVSIM_IP_STR },
		{ "subnet", offsetof(struct hvsim_ic_ip, subnet), HVSIM_IP_STR },
		{ "gateway", offsetof(struct hvsim_ic_ip, gateway), HVSIM_IP_STR },
		{ "dns", offsetof(struct hvsim_ic_ip, dns), HVSIM_IP_STR },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(strs); i++) {
		if (strcmp(key, strs[i].key))
			continue;
		if (!hvsim_ic_printable(val, strs[i].size))
			goto bad;
		strscpy((char *)&r->ip + strs[i].off, val, strs[i].size);
		return 0;
	}
	if (!strcmp(key, "family"))
		return kstrtou8(val, 0, &r->ip.family) ? -EINVAL : 0;
	if (!strcmp(key, "dhcp"))
		return kstrtou8(val, 0, &r->ip.dhcp) ? -EINVAL : 0;

	if (!strcmp(key, "op")) {
		for (i = 0; i < ARRAY_SIZE(ops); i++)
			if (!strcmp(val, ops[i]))
				break;
		if (i == ARRAY_SIZE(ops))
			goto bad;
		r->op = i;
	} else if (!strcmp(key, "pool")) {
		if (kstrtou8(val, 0, &r->pool) || r->pool > 4)
			goto bad;
	} else if (!strcmp(key, "index")) {
		if (kstrtou32(val, 0, &r->index))
			goto bad;
	} else if (!strcmp(key, "key")) {
		if (!hvsim_ic_printable(val, sizeof(r->key)))
			goto bad;
		strscpy(r->key, val, sizeof(r->key));
	} else if (!strcmp(key, "value")) {
		if (!hvsim_ic_printable(val, sizeof(r->value)))
			goto bad;
		strscpy(r->value, val, sizeof(r->value));
		r->type = HVSIM_KVP_SZ;
	} else if (!strcmp(key, "dword")) {
		if (kstrtou64(val, 0, &r->num) || r->num > U32_MAX)
			goto bad;
		r->type = HVSIM_KVP_DWORD;
	} else if (!strcmp(key, "qword")) {
		if (kstrtou64(val, 0, &r->num))
			goto bad;
		r->type = HVSIM_KVP_QWORD;
	} else {
		return -ENOENT;
	}
	return 0;
bad:
	pr_warn("ic_ctl: %s=%s: bad value (op get|set|delete|enumerate|get_ip|set_ip, pool 0..4, keys, values and settings printable ASCII without spaces)\n",
		key, val);
	return -EINVAL;
}

/**
 * hvsim_ic_kvp_show() - one KVP device's part of the "ic_kvp" file
 * @m:		the seq_file
 * @ic:		the service
 */
void hvsim_ic_kvp_show(struct seq_file *m, struct hvsim_ic *ic)
{
	static const char *const ops[] = {
		"get", "set", "delete", "enumerate", "get_ip", "set_ip", "?", "?",
	};
	struct hvsim_ic_kvp *r = &ic->kvp;
	struct hvsim_ic_ip *a = &r->aip;

	/* seq_printf() does not sleep: under the lock, no 2.6 KB copy */
	spin_lock(&ic->lock);
	seq_printf(m, "op: %s\npool: %u\nindex: %u\nanswers: %llu\nstatus: %#x\nkey: %s\nvalue: %s\n",
		   ops[r->op & 7], r->pool, r->index, r->done, r->status, r->akey, r->avalue);
	seq_printf(m, "adapter: %s\nfamily: %u\ndhcp: %u\nip: %s\nsubnet: %s\ngateway: %s\ndns: %s\n",
		   a->adapter, a->family, a->dhcp, a->addr, a->subnet, a->gateway, a->dns);
	spin_unlock(&ic->lock);
}
