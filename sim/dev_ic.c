// SPDX-License-Identifier: GPL-2.0
/*
 * The integration-service device classes: "heartbeat", "shutdown",
 * "timesync" and "kvp", one channel each (framework in ic_pipe.c, bodies
 * in ic_util.c and ic_kvp.c).
 *
 * A real host offers its ICs with every other device when the guest
 * connects; hv_sim does when loaded with ic=all (or a comma list of the
 * names): the devices exist before the guest connects, so they are in the
 * first batch of offers. new_device and del_device add and rescind them at
 * run time like any class (no keys besides id=). The shutdown and time
 * sync devices made at load have the instance GUIDs Hyper-V gives them.
 *
 * debugfs: "ic" has one line per IC device:
 *   <instance> <service> state=<closed|negotiating|ready|failed>
 *   fw=<M.m> version=<M.m> period_ms=N due=<mask> faults=<mask>
 *   last_status=0x.. negotiated= no_version= requests= answers= failed=
 *   bad_answer= no_answer= heartbeats= faults_injected=
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
 *   fault=a[,b...]  one-shot faults, each on the next request it applies
 *                   to: bad_version (the next negotiation: reload the
 *                   guest's driver), truncate, bad_length, bad_pipe, short,
 *                   no_answer, unknown_type (a request of type 99 now),
 *                   kvp_no_nul, kvp_bad_size (the next KVP key without its
 *                   terminator, with a size past its field)
 * Bad input to either file: -EINVAL and one log line, nothing changed.
 *
 * Locking: the class callbacks run under hvsim_vmbus.lock (open, close,
 * alloc/destroy) or in the I/O work (packet, service); the control and
 * status files take hvsim_vmbus.lock, then ic->lock.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uuid.h>

#include "hvsim.h"
#include "ic_host.h"

#define HVSIM_IC_OFFSET_MAX_MS	(10LL * 366 * 24 * 3600 * 1000)

static const char *const hvsim_ic_fault_names[] = {
	"bad_version", "truncate", "bad_length", "bad_pipe", "short", "no_answer",
	"kvp_no_nul", "kvp_bad_size",
};

static const char *const hvsim_ic_counter_names[HVSIM_IC_C_COUNT] = {
	[HVSIM_IC_C_NEGOTIATED] = "negotiated",
	[HVSIM_IC_C_NO_VERSION] = "no_version",
	[HVSIM_IC_C_REQUESTS] = "requests",
	[HVSIM_IC_C_ANSWERS] = "answers",
	[HVSIM_IC_C_FAILED] = "failed",
	[HVSIM_IC_C_BAD_ANSWER] = "bad_answer",
	[HVSIM_IC_C_NO_ANSWER] = "no_answer",
	[HVSIM_IC_C_HEARTBEATS] = "heartbeats",
	[HVSIM_IC_C_FAULTS] = "faults_injected",
};

static const struct hvsim_ic_class *hvsim_ic_class_of(const struct hvsim_vdev_ops *ops)
{
	unsigned int i;

	for (i = 0; i < HVSIM_IC_K_COUNT; i++)
		if (!strcmp(ops->type, hvsim_ic_classes[i].name))
			return &hvsim_ic_classes[i];
	return NULL;
}

static int hvsim_ic_alloc(struct hvsim_vdev *dev)
{
	struct hvsim_ic *ic;

	ic = kzalloc(sizeof(*ic), GFP_KERNEL);
	if (!ic)
		return -ENOMEM;
	ic->msg = kmalloc(HVSIM_IC_MSG_MAX, GFP_KERNEL);
	if (!ic->msg) {
		kfree(ic);
		return -ENOMEM;
	}
	ic->dev = dev;
	ic->cls = hvsim_ic_class_of(dev->ops);
	spin_lock_init(&ic->lock);
	ic->period_ms = ic->cls->period_ms;
	ic->answer_ms = 5000;
	INIT_DELAYED_WORK(&ic->tick, hvsim_ic_tick);
	dev->priv = ic;
	return 0;
}

static void hvsim_ic_destroy(struct hvsim_vdev *dev)
{
	struct hvsim_ic *ic = dev->priv;

	if (!ic)
		return;
	/* every channel is closed by now: the tick is not running */
	kfree(ic->msg);
	kfree(ic);
	dev->priv = NULL;
}

static int hvsim_ic_open(struct hvsim_vchan *chan)
{
	hvsim_ic_start(chan->dev->priv, chan);
	return 0;
}

static void hvsim_ic_close(struct hvsim_vchan *chan)
{
	hvsim_ic_stop(chan->dev->priv);
}

#define HVSIM_IC_OPS					\
	.alloc = hvsim_ic_alloc,			\
	.destroy = hvsim_ic_destroy,			\
	.open = hvsim_ic_open,				\
	.close = hvsim_ic_close,			\
	.packet = hvsim_ic_packet,			\
	.service = hvsim_ic_service

const struct hvsim_vdev_ops hvsim_ic_heartbeat_ops = {
	.type = "heartbeat",
	.class_id = GUID_INIT(0x57164f39, 0x9115, 0x4e78,
			      0xab, 0x55, 0x38, 0x2f, 0x3b, 0xd5, 0x42, 0x2d),
	HVSIM_IC_OPS,
};

const struct hvsim_vdev_ops hvsim_ic_shutdown_ops = {
	.type = "shutdown",
	.class_id = GUID_INIT(0x0e0b6031, 0x5213, 0x4934,
			      0x81, 0x8b, 0x38, 0xd9, 0x0c, 0xed, 0x39, 0xdb),
	HVSIM_IC_OPS,
};

const struct hvsim_vdev_ops hvsim_ic_kvp_ops = {
	.type = "kvp",
	.class_id = GUID_INIT(0xa9a0f4e7, 0x5a45, 0x4d96,
			      0xb8, 0x27, 0x8a, 0x84, 0x1e, 0x8c, 0x03, 0xe6),
	HVSIM_IC_OPS,
};

const struct hvsim_vdev_ops hvsim_ic_timesync_ops = {
	.type = "timesync",
	.class_id = GUID_INIT(0x9527e630, 0xd0ae, 0x497b,
			      0xad, 0xce, 0xe8, 0x0a, 0xb0, 0x17, 0x5c, 0xaf),
	HVSIM_IC_OPS,
};

static bool hvsim_ic_dev(const struct hvsim_vdev *dev)
{
	return dev->ops == &hvsim_ic_heartbeat_ops || dev->ops == &hvsim_ic_shutdown_ops ||
	       dev->ops == &hvsim_ic_timesync_ops || dev->ops == &hvsim_ic_kvp_ops;
}

/* ---- the status file ---- */

static void hvsim_ic_show_one(struct seq_file *m, struct hvsim_ic *ic)
{
	u64 c[HVSIM_IC_C_COUNT];
	enum hvsim_ic_state state;
	u32 fw, ver, due, faults, status;
	unsigned int period, i;

	spin_lock(&ic->lock);
	state = ic->state;
	fw = ic->fw;
	ver = ic->ver;
	due = ic->due;
	faults = ic->faults;
	status = ic->last_status;
	period = ic->period_ms;
	memcpy(c, ic->c, sizeof(c));
	spin_unlock(&ic->lock);
	seq_printf(m, "%pUl %s state=%s fw=%u.%u version=%u.%u period_ms=%u due=%#x faults=%#x last_status=%#x",
		   &ic->dev->instance, ic->cls->name, hvsim_ic_state_name(state), fw >> 16,
		   fw & 0xffff, ver >> 16, ver & 0xffff, period, due, faults, status);
	for (i = 0; i < HVSIM_IC_C_COUNT; i++)
		seq_printf(m, " %s=%llu", hvsim_ic_counter_names[i], c[i]);
	seq_putc(m, '\n');
}

/**
 * hvsim_ic_show() - the "ic" debugfs file (see the top of this file)
 * @m:		the seq_file
 *
 * Context: process context; takes hvsim_vmbus.lock.
 */
void hvsim_ic_show(struct seq_file *m)
{
	struct hvsim_vdev *dev;

	mutex_lock(&hvsim_vmbus.lock);
	list_for_each_entry(dev, &hvsim_vmbus.devices, node)
		if (hvsim_ic_dev(dev))
			hvsim_ic_show_one(m, dev->priv);
	mutex_unlock(&hvsim_vmbus.lock);
}

/**
 * hvsim_ic_kvp_file() - the "ic_kvp" debugfs file: the last KVP answer
 * @m:		the seq_file
 *
 * Context: process context; takes hvsim_vmbus.lock.
 */
void hvsim_ic_kvp_file(struct seq_file *m)
{
	struct hvsim_vdev *dev;

	mutex_lock(&hvsim_vmbus.lock);
	list_for_each_entry(dev, &hvsim_vmbus.devices, node)
		if (dev->ops == &hvsim_ic_kvp_ops)
			hvsim_ic_kvp_show(m, dev->priv);
	mutex_unlock(&hvsim_vmbus.lock);
}

/* ---- the control file ---- */

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
			pr_warn("ic_ctl: unknown fault '%s' (bad_version truncate bad_length bad_pipe short no_answer unknown_type)\n",
				name);
			return -EINVAL;
		}
		r->faults |= BIT(i);
	}
	return 0;
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
	ret = hvsim_ic_kvp_key(&r->kvp, tok, val);
	if (ret != -ENOENT) {
		if (ret || hvsim_ic_need(r, HVSIM_IC_K_KVP, "op= (KVP)"))
			return -EINVAL;
		r->kvp_given = true;
		if (!strcmp(tok, "op"))
			r->due |= HVSIM_IC_DUE_KVP;
		return 0;
	}
	pr_warn("ic_ctl: unknown key '%s' (action send offset_ms period_ms answer_ms fault op pool key value dword qword index)\n",
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
		pr_warn("ic_ctl: expected \"<heartbeat|shutdown|timesync|kvp|instance GUID> key=value ...\"\n");
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
	if (r->period_given && (ic->cls->kind == HVSIM_IC_K_SHUTDOWN ||
				ic->cls->kind == HVSIM_IC_K_KVP)) {
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
	kfree(r);
	return ret;
}

/* ---- ic= at load ---- */

/* Hyper-V's instance GUIDs of these services (openvmm uses the same) */
static const char *const hvsim_ic_instances[HVSIM_IC_K_COUNT] = {
	[HVSIM_IC_K_SHUTDOWN] = "b6650ff7-33bc-4840-8048-e0676786f393",
	[HVSIM_IC_K_TIMESYNC] = "2dd1ce17-079e-403c-b352-a1921ee207ee",
	[HVSIM_IC_K_KVP] = "242ff919-07db-4180-9c2e-b86cb68c8c55",
};

/**
 * hvsim_ic_create_at_load() - the IC devices hv_sim's ic= parameter names
 * @list:	"none", "all", or a comma list of service names
 *
 * Context: module init, after the VMBus server started (the guest cannot
 * have connected yet: the devices go out with the first offers).
 * Return: 0, -EINVAL for a name not known (logged), or what creating a
 * device returned.
 */
int hvsim_ic_create_at_load(const char *list)
{
	char spec[80], *names, *p, *name;
	unsigned int i, want = 0;
	int ret = 0;

	hvsim_ic_clock_init();
	if (!strcmp(list, "none") || !*list)
		return 0;
	names = kstrdup(list, GFP_KERNEL);
	if (!names)
		return -ENOMEM;
	p = names;
	while ((name = strsep(&p, ","))) {
		if (!strcmp(name, "all")) {
			want = BIT(HVSIM_IC_K_COUNT) - 1;
			continue;
		}
		for (i = 0; i < HVSIM_IC_K_COUNT; i++)
			if (!strcmp(name, hvsim_ic_classes[i].name))
				break;
		if (i == HVSIM_IC_K_COUNT) {
			pr_err("ic=%s: unknown service '%s' (none, all, heartbeat, shutdown, timesync, kvp)\n",
			       list, name);
			ret = -EINVAL;
			goto out;
		}
		want |= BIT(i);
	}
	for (i = 0; i < HVSIM_IC_K_COUNT && !ret; i++) {
		if (!(want & BIT(i)))
			continue;
		if (hvsim_ic_instances[i])
			snprintf(spec, sizeof(spec), "%s id=%s", hvsim_ic_classes[i].name,
				 hvsim_ic_instances[i]);
		else
			snprintf(spec, sizeof(spec), "%s", hvsim_ic_classes[i].name);
		ret = hvsim_vdev_new(spec);
	}
out:
	kfree(names);
	return ret;
}
