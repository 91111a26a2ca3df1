// SPDX-License-Identifier: GPL-2.0
/*
 * hvcore_selftest: a SINT consumer for the VM tests, until vmbus.ko is one.
 *
 * It registers one SINT (sint=, default 5) with hv_core and counts, per CPU,
 * the messages it is handed and the event flags hvcore_event_scan() reports,
 * with the last message type and flag number, in debugfs
 * (hvcore_selftest/stats). The scenario makes hv_sim post messages and set
 * flags and compares. Both callbacks run in hard interrupt context on the CPU
 * whose slot or flags fired, so per-CPU counters need no lock.
 */
#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/seq_file.h>

#include "hv_core/hvcore.h"

static unsigned int sint = 5;
module_param(sint, uint, 0444);
MODULE_PARM_DESC(sint, "the SINT to consume, 0-15 (default 5)");

struct st_cpu {
	u64 messages;
	u32 last_type;
	u64 events;
	u32 last_bit;
};

static DEFINE_PER_CPU(struct st_cpu, st_cpu);
static struct dentry *st_dir;

static void st_message(const struct hvcore_message *msg, void *ctx)
{
	struct st_cpu *c = this_cpu_ptr(&st_cpu);

	c->messages++;
	c->last_type = READ_ONCE(msg->header.message_type);
}

static void st_flag(unsigned int bit, void *ctx)
{
	struct st_cpu *c = this_cpu_ptr(&st_cpu);

	c->events++;
	c->last_bit = bit;
}

static void st_event(unsigned long *flags, void *ctx)
{
	hvcore_event_scan(flags, HVCORE_EVENT_FLAGS_BITS, st_flag, ctx);
}

static const struct hvcore_sint_ops st_ops = {
	.message = st_message,
	.event = st_event,
};

static int st_stats_show(struct seq_file *m, void *v)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		const struct st_cpu *c = per_cpu_ptr(&st_cpu, cpu);

		seq_printf(m, "cpu%u: messages=%llu last_type=%#x events=%llu last_bit=%u\n", cpu,
			   c->messages, c->last_type, c->events, c->last_bit);
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(st_stats);

static int __init st_init(void)
{
	int ret;

	if (sint >= HVCORE_SINT_COUNT) {
		pr_err("sint=%u: must be 0-%u\n", sint, HVCORE_SINT_COUNT - 1);
		return -EINVAL;
	}
	ret = hvcore_sint_register(sint, &st_ops, NULL);
	if (ret)
		return ret;
	st_dir = debugfs_create_dir("hvcore_selftest", NULL);
	debugfs_create_file("stats", 0444, st_dir, NULL, &st_stats_fops);
	return 0;
}

static void __exit st_exit(void)
{
	debugfs_remove_recursive(st_dir);
	hvcore_sint_unregister(sint);
}

module_init(st_init);
module_exit(st_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hv_core SINT consumer for the VM tests; never installed");
