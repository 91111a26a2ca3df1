// SPDX-License-Identifier: GPL-2.0
/*
 * hv_sim's "ic_ctl" debugfs file: what the host asks of its integration
 * services.
 *
 * "ic_ctl" takes "<service name or instance GUID> key=value ...":
 *   action=poweroff|reboot|hibernate|<flags>   (shutdown) send a request
 *   send=sync|sample                           (timesync) send a sample now
 *   offset_ms=N     (timesync) the host clock's offset for the samples from
 *                   now on, -10 years..10 years
 *   period_ms=N     (heartbeat, timesync) the period of unasked requests,
 *                   0 (none) or 100..3600000
 *   answer_ms=N     how long an answer is awaited, 100..600000 (default 5000)
 *   op=get|set|delete|enumerate pool=0..4 [key=K] [value=V|dword=N|qword=N]
 *                   [index=N]   (kvp) send a KVP request; the answer is in
 *                   the "ic_kvp" file
 *   op=get_ip|set_ip adapter=A [family=N] [dhcp=0|1] [ip=L] [subnet=L]
 *                   [gateway=L] [dns=L]   (kvp) the IP settings of adapter
 *                   A (GET_IP_INFO: its MAC address, SET_IP_INFO: its
 *                   instance GUID in braces); L a ';'-separated list
 *   fault=a[,b...]  one-shot faults, each on the next request it applies
 *                   to: bad_version (the next negotiation: reload the
 *                   guest's driver), truncate, bad_length, bad_pipe, short,
 *                   no_answer, unknown_type (a request of type 99 now),
 *                   kvp_no_nul, kvp_bad_size (the next KVP key without its
 *                   terminator, with a size past its field),
 *                   fcopy_no_nul, fcopy_bad_size (the next START's file
 *                   name without its terminator, the next WRITE's size past
 *                   its field)
 *   vss=freeze|thaw|hot_backup|dm_info|create|delete|bu_complete|
 *       auto_recover|N  (vss) send that operation; its answer is in "ic"
 *   src=PATH dir=DIR name=NAME [flags=N] [cancel_after=N]
 *                   (fcopy) copy the file at PATH (read now, up to 16 MiB)
 *                   into the guest as DIR/NAME, START's copy flags N
 *                   (1 overwrite, 2 create the path); cancel_after=N sends
 *                   CANCEL after N fragments; the progress is in "ic"
 * Bad input: -EINVAL and one log line, nothing changed.
 *
 * Locking: takes hvsim_vmbus.lock (the device and its channel stay), then
 * ic->lock. The file-copy source is read before either is taken.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uuid.h>
#include <linux/vmalloc.h>

#include "hvsim.h"
#include "ic_host.h"

#define HVSIM_IC_OFFSET_MAX_MS	(10LL * 366 * 24 * 3600 * 1000)

static const char *const hvsim_ic_fault_names[] = {
	"bad_version", "truncate", "bad_length", "bad_pipe", "short", "no_answer",
	"kvp_no_nul", "kvp_bad_size", "fcopy_no_nul", "fcopy_bad_size",
};

struct hvsim_ic_req {
	u32 due;
	u32 faults;
	u32 shutdown_flags;
	s64 offset_ms;
	unsigned int period_ms;
	unsigned int answer_ms;
	bool offset_given, period_given, answer_given;
	enum hvsim_ic_kind only;	/* the service a key needs, or COUNT */
	const char *only_key;
	struct hvsim_ic_kvp kvp;	/* op= and its keys */
	bool kvp_given;
	u8 vss_op;
	char src[256];			/* fcopy: src= and its keys */
	char dir[HVSIM_FCOPY_NAME_MAX];
	char name[HVSIM_FCOPY_NAME_MAX];
	u32 copy_flags;
	u32 cancel_after;
	bool fcopy_given;
	u8 *data;			/* the source's bytes, read before the locks */
	u32 size;
};

static int hvsim_ic_need(struct hvsim_ic_req *r, enum hvsim_ic_kind kind, const char *key)
{
	if (r->only != HVSIM_IC_K_COUNT && r->only != kind) {
		pr_warn("ic_ctl: %s and %s are for different services\n", r->only_key, key);
		return -EINVAL;
	}
	r->only = kind;
	r->only_key = key;
	return 0;
}

static int hvsim_ic_faults(char *val, struct hvsim_ic_req *r)
{
	char *name;
	unsigned int i;

	while ((name = strsep(&val, ","))) {
		if (!strcmp(name, "unknown_type")) {
			r->due |= HVSIM_IC_DUE_UNKNOWN;
			continue;
		}
		for (i = 0; i < ARRAY_SIZE(hvsim_ic_fault_names); i++)
			if (!strcmp(name, hvsim_ic_fault_names[i]))
				break;
		if (i == ARRAY_SIZE(hvsim_ic_fault_names)) {
			pr_warn("ic_ctl: unknown fault '%s' (bad_version truncate bad_length bad_pipe short no_answer unknown_type kvp_no_nul kvp_bad_size fcopy_no_nul fcopy_bad_size)\n",
				name);
			return -EINVAL;
		}
		r->faults |= BIT(i);
	}
	return 0;
}

/**
 * hvsim_ic_printable() - a control-file string the host can send
 * @s:		the string
 * @max:	its buffer's size
 *
 * Return: whether @s is printable ASCII without spaces, shorter than @max.
 */
bool hvsim_ic_printable(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (!n || n >= max)
		return false;
	for (; *s; s++)
		if (*s < 0x21 || *s > 0x7e)
			return false;
	return true;
}

/* src= dir= name= flags= cancel_after=: -ENOENT for any other key */
static int hvsim_ic_fcopy_key(struct hvsim_ic_req *r, const char *key, const char *val)
{
	if (!strcmp(key, "src")) {
		if (!hvsim_ic_printable(val, sizeof(r->src)))
			goto bad;
		strscpy(r->src, val, sizeof(r->src));
	} else if (!strcmp(key, "dir")) {
		if (!hvsim_ic_printable(val, sizeof(r->dir)))
			goto bad;
		strscpy(r->dir, val, sizeof(r->dir));
	} else if (!strcmp(key, "name")) {
		if (!hvsim_ic_printable(val, sizeof(r->name)))
			goto bad;
		strscpy(r->name, val, sizeof(r->name));
	} else if (!strcmp(key, "flags")) {
		if (kstrtou32(val, 0, &r->copy_flags))
			goto bad;
	} else if (!strcmp(key, "cancel_after")) {
		if (kstrtou32(val, 0, &r->cancel_after))
			goto bad;
	} else {
		return -ENOENT;
	}
	if (hvsim_ic_need(r, HVSIM_IC_K_FCOPY, "src= (file copy)"))
		return -EINVAL;
	r->fcopy_given = true;
	return 0;
bad:
	pr_warn("ic_ctl: %s=%s: bad value (paths and names printable ASCII without spaces, under 256 bytes)\n",
		key, val);
	return -EINVAL;
}

static int hvsim_ic_key(char *tok, struct hvsim_ic_req *r)
{
	char *val = strchr(tok, '=');
	long long n;
	int ret;

	if (!val) {
		pr_warn("ic_ctl: '%s' is not key=value\n", tok);
		return -EINVAL;
	}
	*val++ = '\0';
	if (!strcmp(tok, "action")) {
		if (hvsim_ic_need(r, HVSIM_IC_K_SHUTDOWN, "action="))
			return -EINVAL;
		r->due |= HVSIM_IC_DUE_SHUTDOWN;
		if (!strcmp(val, "poweroff"))
			r->shutdown_flags = 0;
		else if (!strcmp(val, "reboot"))
			r->shutdown_flags = HVSIM_IC_SHUT_RESTART;
		else if (!strcmp(val, "hibernate"))
			r->shutdown_flags = HVSIM_IC_SHUT_HIBERNATE;
		else if (kstrtou32(val, 0, &r->shutdown_flags))
			goto bad;
		return 0;
	}
	if (!strcmp(tok, "send")) {
		if (hvsim_ic_need(r, HVSIM_IC_K_TIMESYNC, "send="))
			return -EINVAL;
		if (!strcmp(val, "sync"))
			r->due |= HVSIM_IC_DUE_SYNC;
		else if (!strcmp(val, "sample"))
			r->due |= HVSIM_IC_DUE_SAMPLE;
		else
			goto bad;
		return 0;
	}
	if (!strcmp(tok, "offset_ms")) {
		if (hvsim_ic_need(r, HVSIM_IC_K_TIMESYNC, "offset_ms="))
			return -EINVAL;
		if (kstrtoll(val, 0, &n) || n < -HVSIM_IC_OFFSET_MAX_MS || n > HVSIM_IC_OFFSET_MAX_MS)
			goto bad;
		r->offset_ms = n;
		r->offset_given = true;
		return 0;
	}
	if (!strcmp(tok, "period_ms")) {
		if (kstrtoll(val, 0, &n) || (n && (n < 100 || n > 3600000)))
			goto bad;
		r->period_ms = n;
		r->period_given = true;
		return 0;
	}
	if (!strcmp(tok, "answer_ms")) {
		if (kstrtoll(val, 0, &n) || n < 100 || n > 600000)
			goto bad;
		r->answer_ms = n;
		r->answer_given = true;
		return 0;
	}
	if (!strcmp(tok, "fault"))
		return hvsim_ic_faults(val, r);
	if (!strcmp(tok, "vss")) {
		if (hvsim_ic_need(r, HVSIM_IC_K_VSS, "vss=") || hvsim_ic_vss_op(val, &r->vss_op))
			goto bad;
		r->due |= HVSIM_IC_DUE_VSS;
		return 0;
	}
	ret = hvsim_ic_fcopy_key(r, tok, val);
	if (ret != -ENOENT)
		return ret;
	ret = hvsim_ic_kvp_key(&r->kvp, tok, val);
	if (ret != -ENOENT) {
		if (ret || hvsim_ic_need(r, HVSIM_IC_K_KVP, "op= (KVP)"))
			return -EINVAL;
		r->kvp_given = true;
		if (!strcmp(tok, "op"))
			r->due |= HVSIM_IC_DUE_KVP;
		return 0;
	}
	pr_warn("ic_ctl: unknown key '%s' (action send offset_ms period_ms answer_ms fault op pool key value dword qword index vss src dir name flags cancel_after)\n",
		tok);
	return -EINVAL;
bad:
	pr_warn("ic_ctl: %s=%s: bad value\n", tok, val);
	return -EINVAL;
}

static struct hvsim_vdev *hvsim_ic_find(const char *name)
{
	struct hvsim_vdev *dev;
	guid_t instance;
	bool by_id = !guid_parse(name, &instance);

	list_for_each_entry(dev, &hvsim_vmbus.devices, node) {
		if (!hvsim_ic_dev(dev) || dev->deleting)
			continue;
		if (by_id ? guid_equal(&dev->instance, &instance) : !strcmp(dev->ops->type, name))
			return dev;
	}
	return NULL;
}

/**
 * hvsim_ic_ctl() - the "ic_ctl" debugfs file (see the top of this file)
 * @line:	what was written, NUL-terminated (modified)
 *
 * Context: process context; takes hvsim_vmbus.lock.
 * Return: 0, or -EINVAL (one line logged, nothing changed).
 */
int hvsim_ic_ctl(char *line)
{
	char *s = strim(line), *name, *tok;
	struct hvsim_ic_req *r;
	struct hvsim_vdev *dev;
	struct hvsim_ic *ic;
	int ret = -EINVAL;

	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	r->only = HVSIM_IC_K_COUNT;
	name = strsep(&s, " \t");
	if (!name || !*name || !s) {
		pr_warn("ic_ctl: expected \"<heartbeat|shutdown|timesync|kvp|vss|fcopy|instance GUID> key=value ...\"\n");
		goto free;
	}
	while ((tok = strsep(&s, " \t"))) {
		if (!*tok)
			continue;
		ret = hvsim_ic_key(tok, r);
		if (ret)
			goto free;
	}
	ret = -EINVAL;
	if (r->kvp_given && !(r->due & HVSIM_IC_DUE_KVP)) {
		pr_warn("ic_ctl: KVP keys go with op=\n");
		goto free;
	}
	if (r->fcopy_given && (!r->src[0] || !r->dir[0] || !r->name[0])) {
		pr_warn("ic_ctl: a file copy needs src=, dir= and name=\n");
		goto free;
	}
	if (r->fcopy_given) {
		ret = hvsim_ic_fcopy_read(r->src, &r->data, &r->size);
		if (ret)
			goto free;
		ret = -EINVAL;
	}
	mutex_lock(&hvsim_vmbus.lock);
	dev = hvsim_ic_find(name);
	if (!dev) {
		pr_warn("ic_ctl: no IC device '%s'\n", name);
		goto unlock;
	}
	ic = dev->priv;
	if (r->only != HVSIM_IC_K_COUNT && r->only != ic->cls->kind) {
		pr_warn("ic_ctl: %s is not for the %s service\n", r->only_key, ic->cls->name);
		goto unlock;
	}
	if (r->period_given && ic->cls->kind != HVSIM_IC_K_HEARTBEAT &&
	    ic->cls->kind != HVSIM_IC_K_TIMESYNC) {
		pr_warn("ic_ctl: the %s service sends nothing periodically\n", ic->cls->name);
		goto unlock;
	}
	spin_lock(&ic->lock);
	if (r->due & HVSIM_IC_DUE_SHUTDOWN)
		ic->shutdown_flags = r->shutdown_flags;
	if (r->due & HVSIM_IC_DUE_KVP) {
		/* the request; the last answer stays until the next comes */
		ic->kvp.op = r->kvp.op;
		ic->kvp.pool = r->kvp.pool;
		ic->kvp.index = r->kvp.index;
		ic->kvp.type = r->kvp.type ?: HVSIM_KVP_SZ;
		ic->kvp.num = r->kvp.num;
		memcpy(ic->kvp.key, r->kvp.key, sizeof(ic->kvp.key));
		memcpy(ic->kvp.value, r->kvp.value, sizeof(ic->kvp.value));
		ic->kvp.ip = r->kvp.ip;
	}
	if (r->due & HVSIM_IC_DUE_VSS)
		ic->vss.op = r->vss_op;
	if (r->fcopy_given && ic->fcopy.state == HVSIM_FCOPY_COPYING) {
		spin_unlock(&ic->lock);
		pr_warn("ic_ctl: a file copy is under way\n");
		goto unlock;
	}
	if (r->fcopy_given) {
		/* the last copy's data goes (after the lock: vfree may sleep) */
		swap(ic->fcopy.data, r->data);
		ic->fcopy.size = r->size;
		ic->fcopy.off = 0;
		ic->fcopy.fragments = 0;
		ic->fcopy.next = HVSIM_FCOPY_START;
		ic->fcopy.flags = r->copy_flags;
		ic->fcopy.cancel_after = r->cancel_after;
		memcpy(ic->fcopy.dir, r->dir, sizeof(r->dir));
		memcpy(ic->fcopy.name, r->name, sizeof(r->name));
		ic->fcopy.state = HVSIM_FCOPY_COPYING;
		ic->fcopy.status = 0;
		r->due |= HVSIM_IC_DUE_FCOPY;
	}
	if (r->offset_given)
		ic->offset_ms = r->offset_ms;
	if (r->period_given) {
		ic->period_ms = r->period_ms;
		ic->next_periodic = jiffies + msecs_to_jiffies(r->period_ms);
	}
	if (r->answer_given)
		ic->answer_ms = r->answer_ms;
	ic->faults |= r->faults;
	ic->due |= r->due;
	if (ic->chan)
		hvsim_vchan_kick(ic->chan);
	spin_unlock(&ic->lock);
	ret = 0;
unlock:
	mutex_unlock(&hvsim_vmbus.lock);
free:
	vfree(r->data);
	kfree(r);
	return ret;
}
