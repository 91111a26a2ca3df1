// SPDX-License-Identifier: GPL-2.0
/*
 * The integration-service device classes: "heartbeat", "shutdown",
 * "timesync", "kvp", "vss" and "fcopy", one channel each (framework in
 * ic_pipe.c, bodies in ic_util.c, ic_kvp.c, ic_vss.c, ic_fcopy.c).
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
 *   and for vss: vss_op= vss_answers= vss_status= vss_flags=
 *   and for fcopy: copy=<idle|copying|done|cancelled|failed> copy_size=
 *   copied= fragments= copy_status=
 * "ic_ctl" (ic_ctl.c) sends requests, sets periods and arms faults.
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
#include <linux/vmalloc.h>

#include "hvsim.h"
#include "ic_host.h"

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
	vfree(ic->fcopy.data);
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

const struct hvsim_vdev_ops hvsim_ic_vss_ops = {
	.type = "vss",
	.class_id = GUID_INIT(0x35fa2e29, 0xea23, 0x4236,
			      0x96, 0xae, 0x3a, 0x6e, 0xba, 0xcb, 0xa4, 0x40),
	HVSIM_IC_OPS,
};

const struct hvsim_vdev_ops hvsim_ic_fcopy_ops = {
	.type = "fcopy",
	.class_id = GUID_INIT(0x34d14be3, 0xdee4, 0x41c8,
			      0x9a, 0xe7, 0x6b, 0x17, 0x49, 0x77, 0xc1, 0x92),
	HVSIM_IC_OPS,
};

const struct hvsim_vdev_ops hvsim_ic_timesync_ops = {
	.type = "timesync",
	.class_id = GUID_INIT(0x9527e630, 0xd0ae, 0x497b,
			      0xad, 0xce, 0xe8, 0x0a, 0xb0, 0x17, 0x5c, 0xaf),
	HVSIM_IC_OPS,
};

/* one of the IC classes' devices */
bool hvsim_ic_dev(const struct hvsim_vdev *dev)
{
	return dev->ops == &hvsim_ic_heartbeat_ops || dev->ops == &hvsim_ic_shutdown_ops ||
	       dev->ops == &hvsim_ic_timesync_ops || dev->ops == &hvsim_ic_kvp_ops ||
	       dev->ops == &hvsim_ic_vss_ops || dev->ops == &hvsim_ic_fcopy_ops;
}

/* ---- the status file ---- */

static void hvsim_ic_show_one(struct seq_file *m, struct hvsim_ic *ic)
{
	unsigned int i;

	/* seq_printf() does not sleep: the whole line under the lock */
	spin_lock(&ic->lock);
	seq_printf(m, "%pUl %s state=%s fw=%u.%u version=%u.%u period_ms=%u due=%#x faults=%#x last_status=%#x",
		   &ic->dev->instance, ic->cls->name, hvsim_ic_state_name(ic->state),
		   ic->fw >> 16, ic->fw & 0xffff, ic->ver >> 16, ic->ver & 0xffff,
		   ic->period_ms, ic->due, ic->faults, ic->last_status);
	for (i = 0; i < HVSIM_IC_C_COUNT; i++)
		seq_printf(m, " %s=%llu", hvsim_ic_counter_names[i], ic->c[i]);
	if (ic->cls->kind == HVSIM_IC_K_VSS)
		hvsim_ic_vss_show(m, ic);
	if (ic->cls->kind == HVSIM_IC_K_FCOPY)
		hvsim_ic_fcopy_show(m, ic);
	spin_unlock(&ic->lock);
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
			pr_err("ic=%s: unknown service '%s' (none, all, heartbeat, shutdown, timesync, kvp, vss, fcopy)\n",
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
