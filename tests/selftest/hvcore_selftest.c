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
 *
 * It also drives hv_core's rep hypercall path: writing "<n> [flags]" to
 * hvcore_selftest/rep_flush issues HvCallFlushVirtualAddressList with n GVA
 * elements through hvcore_hypercall_rep() and records the status and the
 * elements completed in stats ("rep:" line). hv_sim completes a bounded
 * number of elements per call, so a long list needs continuation.
 */
#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
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

#define ST_CALL_FLUSH_VA_LIST	0x0003
#define ST_FLUSH_HDR_SIZE	24	/* address space, flags, processor mask */

static DEFINE_MUTEX(st_rep_lock);
static struct {
	u16 status;
	u16 done;
	u16 count;
	u64 calls;
} st_rep;

static bool st_message(const struct hvcore_message *msg, void *ctx)
{
	struct st_cpu *c = this_cpu_ptr(&st_cpu);

	c->messages++;
	c->last_type = READ_ONCE(msg->header.message_type);
	return true;
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
	mutex_lock(&st_rep_lock);
	seq_printf(m, "rep: calls=%llu status=%#x done=%u count=%u\n", st_rep.calls,
		   st_rep.status, st_rep.done, st_rep.count);
	mutex_unlock(&st_rep_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(st_stats);

static ssize_t st_rep_flush_write(struct file *file, const char __user *ubuf,
				  size_t len, loff_t *ppos)
{
	unsigned int count, max = (PAGE_SIZE - ST_FLUSH_HDR_SIZE) / sizeof(u64);
	unsigned long long flags = 3;	/* all processors, all address spaces */
	size_t size;
	char buf[48];
	u64 *input;
	u16 done;
	int n;

	if (len >= sizeof(buf) || copy_from_user(buf, ubuf, len))
		return -EINVAL;
	buf[len] = '\0';
	n = sscanf(buf, "%u %llx", &count, &flags);
	if (n < 1 || !count || count > max) {
		pr_warn("rep_flush: want \"<1..%u> [flags]\"\n", max);
		return -EINVAL;
	}
	size = ST_FLUSH_HDR_SIZE + count * sizeof(u64);
	input = kzalloc(size, GFP_KERNEL);
	if (!input)
		return -ENOMEM;
	input[1] = flags;
	for (n = 0; n < count; n++)
		input[3 + n] = 0x7f0000000000ULL + ((u64)n << 12);	/* one page each */
	mutex_lock(&st_rep_lock);
	st_rep.status = hvcore_hypercall_rep(ST_CALL_FLUSH_VA_LIST, count, 0, input, size,
					     NULL, 0, &done);
	st_rep.done = done;
	st_rep.count = count;
	st_rep.calls++;
	mutex_unlock(&st_rep_lock);
	kfree(input);
	return len;
}

static const struct file_operations st_rep_flush_fops = {
	.owner = THIS_MODULE,
	.write = st_rep_flush_write,
};

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
	debugfs_create_file("rep_flush", 0200, st_dir, NULL, &st_rep_flush_fops);
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
