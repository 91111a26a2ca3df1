// SPDX-License-Identifier: GPL-2.0
/*
 * hv_timer: Hyper-V reference TSC page clocksource and stimer0 clockevents.
 *
 * Load order: hv_core (the partition and its SynIC) first; we use only its
 * API. The module never competes with the kernel's own Hyper-V timers
 * (drivers/clocksource/hyperv_timer.c, built in wherever CONFIG_HYPERV is
 * set): when they run, or the TSC page or stimer0 is in use already, or the
 * partition may not use them, it logs one line and stays idle - loaded,
 * registering nothing, unloadable.
 *
 * Unload is supported (no permanent module) except while a CPU ticks on our
 * clockevent: the tick core then holds the module (rmmod says EBUSY; see
 * stimer.c for why nothing can take the tick back). With mode=none only the
 * clocksource is registered and the module always unloads; refclock.c says
 * why removing the clocksource is safe on every supported kernel.
 *
 * debugfs, hv_timer/: "mode" (direct, message or none, and why none) and
 * "stats" (clocksource, clockevent and per-CPU counters).
 */
#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/notifier.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <asm/hypervisor.h>

#include "internal.h"

const char * const hvt_mode_names[] = {
	[HVT_MODE_AUTO]		= "auto",
	[HVT_MODE_DIRECT]	= "direct",
	[HVT_MODE_MESSAGE]	= "message",
	[HVT_MODE_NONE]		= "none",
};

/* mode=: every name; "none" registers the clocksource only */
static enum hvt_mode hvt_mode_param = HVT_MODE_AUTO;

static int hvt_mode_set(const char *val, const struct kernel_param *kp)
{
	int i = __sysfs_match_string(hvt_mode_names, HVT_MODE_NONE + 1, val);

	if (i < 0) {
		pr_err("mode=%s: must be auto, direct, message or none\n", val);
		return -EINVAL;
	}
	*(enum hvt_mode *)kp->arg = i;
	return 0;
}

static int hvt_mode_get(char *buf, const struct kernel_param *kp)
{
	return scnprintf(buf, PAGE_SIZE, "%s\n", hvt_mode_names[*(enum hvt_mode *)kp->arg]);
}

static const struct kernel_param_ops hvt_mode_ops = {
	.set = hvt_mode_set,
	.get = hvt_mode_get,
};

module_param_cb(mode, &hvt_mode_ops, &hvt_mode_param, 0444);
MODULE_PARM_DESC(mode, "stimer delivery: auto (direct if offered, else message), direct, message; none: no clockevents, the clocksource only");

/* Why we stay idle, or NULL when we run */
static const char *hvt_idle_reason;
static struct dentry *hvt_debugfs;

/*
 * Somebody else's timers, checked before we touch anything:
 * - the kernel's Hyper-V platform code found Hyper-V at boot, so its own TSC
 *   page clocksource runs, and its stimer clockevents run or will run (they
 *   start with hv_vmbus on older kernels);
 * - the REFERENCE_TSC MSR is enabled (the partition has one TSC page, so a
 *   second owner would move it under the first);
 * - stimer0 of this CPU is programmed (the others are checked as they come
 *   up in stimer.c, which leaves out a CPU whose stimer is busy or refused).
 * Returns a reason to stay idle, or NULL.
 */
static const char *hvt_check_owner(const struct hvcore_info *info)
{
	u64 v;
	int ret;

	if (IS_ENABLED(CONFIG_HYPERV_TIMER) && hypervisor_is_type(X86_HYPER_MS_HYPERV))
		return "the kernel's built-in Hyper-V clocksource and clockevents own the timers";
	if (info->has_ref_tsc) {
		ret = hvcore_rdmsr(HVCORE_MSR_REFERENCE_TSC, &v);
		if (ret)
			return "the REFERENCE_TSC MSR is not readable";
		if (v & HVCORE_REF_TSC_ENABLE)
			return "the reference TSC page is enabled already (by the kernel?)";
	}
	if (info->has_stimer) {
		/* unreadable here is not fatal: hotplug skips such CPUs one by one */
		preempt_disable();
		ret = hvcore_rdmsr(HVCORE_MSR_STIMER0_CONFIG, &v);
		preempt_enable();
		if (!ret && v)
			return "stimer0 is programmed already (by the kernel?)";
	}
	return NULL;
}

static const char *hvt_check_privileges(const struct hvcore_info *info)
{
	/* the page's fallback and the stimers' time base */
	if (!info->has_time_ref_count)
		return "the partition may not read TIME_REF_COUNT";
	if (!info->has_ref_tsc && !info->has_stimer)
		return "the partition may use neither the reference TSC page nor synthetic timers";
	return NULL;
}

static int hvt_mode_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%s\n", hvt_mode_names[hvt_stimer_mode()]);
	if (hvt_idle_reason)
		seq_printf(m, "idle: %s\n", hvt_idle_reason);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(hvt_mode);

static int hvt_stats_show(struct seq_file *m, void *v)
{
	hvt_refclock_show(m);
	hvt_stimer_show(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(hvt_stats);

static void hvt_debugfs_init(void)
{
	hvt_debugfs = debugfs_create_dir("hv_timer", NULL);
	debugfs_create_file("mode", 0444, hvt_debugfs, NULL, &hvt_mode_fops);
	debugfs_create_file("stats", 0444, hvt_debugfs, NULL, &hvt_stats_fops);
}

/* Before the next kernel: hv_core's shutdown chain, ahead of its own cleanup. */
static int hvt_shutdown_notify(struct notifier_block *nb, unsigned long event, void *regs)
{
	if (event == HVCORE_SHUTDOWN_CRASH) {
		hvt_stimer_crash();
	} else {
		hvt_stimer_shutdown();
		hvt_refclock_shutdown();
	}
	return NOTIFY_DONE;
}

static struct notifier_block hvt_shutdown_nb = {
	.notifier_call = hvt_shutdown_notify,
};
static bool hvt_shutdown_hooked;

static int __init hvt_init(void)
{
	const struct hvcore_info *info = hvcore_get_info();
	int ret;

	/* a mode forced for testing that the partition cannot do is an error */
	if (hvt_mode_param != HVT_MODE_AUTO && hvt_mode_param != HVT_MODE_NONE &&
	    !info->has_stimer) {
		pr_err("mode=%s: the partition may not use synthetic timers\n",
		       hvt_mode_names[hvt_mode_param]);
		return -EINVAL;
	}
	if (hvt_mode_param == HVT_MODE_DIRECT && !info->has_stimer_direct) {
		pr_err("mode=direct: the hypervisor does not offer direct-mode stimers (CPUID 0x40000003 EDX bit 19)\n");
		return -EINVAL;
	}

	hvt_idle_reason = hvt_check_privileges(info) ?: hvt_check_owner(info);
	if (hvt_idle_reason) {
		pr_info("idle: %s\n", hvt_idle_reason);
		hvt_debugfs_init();
		return 0;
	}

	ret = hvt_refclock_init(info);
	if (ret)
		return ret;
	if (info->has_stimer && hvt_mode_param != HVT_MODE_NONE) {
		ret = hvt_stimer_init(info, hvt_mode_param);
		if (ret)
			goto refclock_exit;
	}
	pr_info("clocksource %s, clockevents %s\n",
		hvt_refclock_active() ? "hvl_tsc_page" : "none",
		hvt_mode_names[hvt_stimer_mode()]);
	hvcore_shutdown_notifier_register(&hvt_shutdown_nb);
	hvt_shutdown_hooked = true;
	hvt_debugfs_init();
	return 0;

refclock_exit:
	hvt_refclock_exit();
	return ret;
}

static void __exit hvt_exit(void)
{
	debugfs_remove_recursive(hvt_debugfs);
	if (hvt_shutdown_hooked)
		hvcore_shutdown_notifier_unregister(&hvt_shutdown_nb);
	/* the stimers read the reference clock: they go first */
	hvt_stimer_exit();
	hvt_refclock_exit();
}

module_init(hvt_init);
module_exit(hvt_exit);

MODULE_DESCRIPTION("Hyper-V reference TSC page clocksource and synthetic timer clockevents");
MODULE_LICENSE("GPL");
