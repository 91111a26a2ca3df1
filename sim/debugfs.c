// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/hv_sim/: state, counters and test knobs.
 *
 *   partition		host generation, partition MSRs, reference time and TSC
 *			page, hypercall and delivery counters, host ports
 *   vp<N>		one VP's SynIC registers, slots, queues and stimers
 *   crash		the last guest crash report
 *   tsc_page_invalid	0/1: force the TSC page sequence to 0 (invalid)
 *   post_test_message	write "<vp> <sint> <type>": deliver a test message
 *			from the host, as hvsim_deliver_message() does
 *   signal_test_event	write "<vp> <sint> <flag>": set an event flag
 *   new_device, del_device, devices, vmbus_faults, vmbus
 *			the host half's (vmbus_debugfs.c)
 *
 * Numbers are decimal or 0x-prefixed hex. Bad input to a control file fails
 * the write with -EINVAL and one pr_warn line; a delivery error is returned
 * as the write's error.
 *
 * Locking: the files only call into the other parts, which lock for
 * themselves. The directory is removed first on unload, which waits for
 * running file operations, before any state goes away.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "hvsim.h"
#include "vmbus_host.h"

static struct dentry *hvsim_dir;

#define HVSIM_KNOB_MAX	64	/* longest accepted control-file write */

static void hvsim_stats_show(struct seq_file *m)
{
	struct hvsim_stats *s = &hvsim_stats;

	seq_printf(m, "msr_writes: %lld\nmsr_invalid: %lld\nmsr_refused: %lld\n",
		   atomic64_read(&s->msr_writes), atomic64_read(&s->msr_invalid),
		   atomic64_read(&s->msr_refused));
	seq_printf(m, "messages_delivered: %lld\nmessages_queued: %lld\nmessages_dropped: %lld\n",
		   atomic64_read(&s->msg_delivered), atomic64_read(&s->msg_queued),
		   atomic64_read(&s->msg_dropped));
	seq_printf(m, "eoms: %lld\nevents: %lld\n", atomic64_read(&s->eoms),
		   atomic64_read(&s->events));
	seq_printf(m, "irqs: %lld\nirqs_deferred: %lld\nirqs_unhandled: %lld\nirqs_bad_vector: %lld\n",
		   atomic64_read(&s->irqs), atomic64_read(&s->irqs_deferred),
		   atomic64_read(&s->irqs_unhandled), atomic64_read(&s->irqs_bad_vector));
	seq_printf(m, "stimer_expirations_message: %lld\nstimer_expirations_direct: %lld\nstimer_missed: %lld\n",
		   atomic64_read(&s->stimer_msg), atomic64_read(&s->stimer_direct),
		   atomic64_read(&s->stimer_missed));
}

static int hvsim_partition_show(struct seq_file *m, void *v)
{
	const struct hvsim_gen *g = hvsim_gen;

	seq_printf(m, "host: %s\nversion: %u.%u.%u\n", g->name, g->major, g->minor, g->build);
	seq_printf(m, "privileges: %#llx\nfeatures: %#x\nrecommendations: %#x\nmax_leaf: %#x\n",
		   (u64)g->priv_hi << 32 | g->priv_lo, g->features, g->recommendations,
		   g->max_leaf);
	seq_printf(m, "vectors: synic=%#x stimer=%#x\n", hvsim_irq_vector(HVCORE_IRQ_SYNIC),
		   hvsim_irq_vector(HVCORE_IRQ_STIMER));
	hvsim_msr_show(m);
	hvsim_reftime_show(m);
	hvsim_hypercall_show(m);
	hvsim_stats_show(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(hvsim_partition);

static int hvsim_vp_file_show(struct seq_file *m, void *v)
{
	struct hvsim_vp *vp = hvsim_cpu_vp((unsigned long)m->private);

	if (!vp)
		return -ENODEV;
	hvsim_synic_vp_show(m, vp);
	hvsim_stimer_show(m, vp);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(hvsim_vp_file);

static int hvsim_crash_file_show(struct seq_file *m, void *v)
{
	hvsim_crash_show(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(hvsim_crash_file);

/* Copy a short control-file write into @buf, NUL-terminated and trimmed. */
static int hvsim_knob_read(const char __user *ubuf, size_t count, char *buf, const char *name)
{
	if (!count || count >= HVSIM_KNOB_MAX) {
		pr_warn("%s: write of %zu bytes rejected\n", name, count);
		return -EINVAL;
	}
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	return 0;
}

/* Parse exactly @n unsigned numbers separated by blanks. */
static int hvsim_parse_u32s(char *buf, u32 *val, unsigned int n)
{
	char *s = strim(buf), *tok;
	unsigned int i = 0;

	while ((tok = strsep(&s, " \t")) != NULL) {
		if (!*tok)
			continue;
		if (i == n || kstrtou32(tok, 0, &val[i]))
			return -EINVAL;
		i++;
	}
	return i == n ? 0 : -EINVAL;
}

static ssize_t hvsim_tsc_invalid_read(struct file *file, char __user *ubuf, size_t count,
				      loff_t *ppos)
{
	char buf[3] = { hvsim_tsc_page_invalid() ? '1' : '0', '\n', '\0' };

	return simple_read_from_buffer(ubuf, count, ppos, buf, 2);
}

static ssize_t hvsim_tsc_invalid_write(struct file *file, const char __user *ubuf,
				       size_t count, loff_t *ppos)
{
	char buf[HVSIM_KNOB_MAX];
	bool val;
	int ret;

	ret = hvsim_knob_read(ubuf, count, buf, "tsc_page_invalid");
	if (ret)
		return ret;
	if (kstrtobool(strim(buf), &val)) {
		pr_warn("tsc_page_invalid: expected 0 or 1\n");
		return -EINVAL;
	}
	hvsim_tsc_page_set_invalid(val);
	return count;
}

static const struct file_operations hvsim_tsc_invalid_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = hvsim_tsc_invalid_read,
	.write = hvsim_tsc_invalid_write,
	.llseek = default_llseek,
};

static ssize_t hvsim_post_test_write(struct file *file, const char __user *ubuf,
				     size_t count, loff_t *ppos)
{
	static const char text[] = "hv_sim test message";
	char buf[HVSIM_KNOB_MAX];
	u32 v[3];
	int ret;

	ret = hvsim_knob_read(ubuf, count, buf, "post_test_message");
	if (ret)
		return ret;
	if (hvsim_parse_u32s(buf, v, 3) || !hvsim_vp(v[0]) || v[1] >= HVSIM_SINT_COUNT ||
	    v[2] == HVSIM_MSG_NONE) {
		pr_warn("post_test_message: expected \"<vp> <sint 0-15> <non-zero type>\"\n");
		return -EINVAL;
	}
	ret = hvsim_deliver_message(v[0], v[1], v[2], text, sizeof(text));
	return ret ? ret : count;
}

static const struct file_operations hvsim_post_test_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = hvsim_post_test_write,
};

static ssize_t hvsim_signal_test_write(struct file *file, const char __user *ubuf,
				       size_t count, loff_t *ppos)
{
	char buf[HVSIM_KNOB_MAX];
	u32 v[3];
	int ret;

	ret = hvsim_knob_read(ubuf, count, buf, "signal_test_event");
	if (ret)
		return ret;
	if (hvsim_parse_u32s(buf, v, 3) || !hvsim_vp(v[0]) || v[1] >= HVSIM_SINT_COUNT ||
	    v[2] >= HVSIM_EVENT_FLAGS_COUNT) {
		pr_warn("signal_test_event: expected \"<vp> <sint 0-15> <flag 0-2047>\"\n");
		return -EINVAL;
	}
	ret = hvsim_signal_guest_event(v[0], v[1], v[2]);
	return ret ? ret : count;
}

static const struct file_operations hvsim_signal_test_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = hvsim_signal_test_write,
};

/**
 * hvsim_debugfs_init() - create /sys/kernel/debug/hv_sim
 *
 * Context: module init, after every other part is up. debugfs failures are
 * not fatal (debugfs may be absent).
 */
void hvsim_debugfs_init(void)
{
	unsigned int cpu;
	char name[16];

	hvsim_dir = debugfs_create_dir("hv_sim", NULL);
	debugfs_create_file("partition", 0444, hvsim_dir, NULL, &hvsim_partition_fops);
	debugfs_create_file("crash", 0444, hvsim_dir, NULL, &hvsim_crash_file_fops);
	debugfs_create_file("tsc_page_invalid", 0644, hvsim_dir, NULL, &hvsim_tsc_invalid_fops);
	debugfs_create_file("post_test_message", 0200, hvsim_dir, NULL, &hvsim_post_test_fops);
	debugfs_create_file("signal_test_event", 0200, hvsim_dir, NULL, &hvsim_signal_test_fops);
	for_each_possible_cpu(cpu) {
		snprintf(name, sizeof(name), "vp%u", hvsim_cpu_vp(cpu)->index);
		debugfs_create_file(name, 0444, hvsim_dir, (void *)(unsigned long)cpu,
				    &hvsim_vp_file_fops);
	}
	hvsim_vmbus_debugfs_init(hvsim_dir);
}

/**
 * hvsim_debugfs_exit() - remove it, waiting for running file operations
 *
 * Context: module exit, before any other part goes.
 */
void hvsim_debugfs_exit(void)
{
	debugfs_remove_recursive(hvsim_dir);
	hvsim_dir = NULL;
}
