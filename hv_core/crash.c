// SPDX-License-Identifier: GPL-2.0
/*
 * Guest crash reporting through the crash MSRs (TLFS "Guest Crash
 * Enlightenment"), so that the host records why the partition died.
 *
 * What is written:
 *   P0	0 (Linux has no bugcheck code)
 *   P1	the CPU that panicked
 *   P2	the kernel version (as hvl_kernel_version_code() encodes it)
 *   P3	guest physical address of the kernel log tail, or 0
 *   P4	its length in bytes, or 0
 * then CRASH_CTL = CrashNotify, plus CrashMessage when P3/P4 carry a message.
 *
 * The host says in CRASH_CTL whether it accepts a message. If it does, the
 * report is made from a kmsg dumper, which panic() runs after the panic
 * notifiers, so that the log tail includes the panic itself; if it does not,
 * the panic notifier reports at once. Only one report is ever made.
 *
 * Both paths run in panic context with the other CPUs stopped: no locks, no
 * allocation. The message page is allocated at load.
 */
#include <linux/atomic.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/kmsg_dump.h>
#include <linux/notifier.h>
#include <linux/panic_notifier.h>
#include <linux/smp.h>

#include "internal.h"

static u64 hvcore_crash_caps;
static void *hvcore_crash_page;
static atomic_t hvcore_crash_reported = ATOMIC_INIT(0);

static void hvcore_crash_report(u64 msg_gpa, size_t msg_len)
{
	u64 ctl = HVCORE_CRASH_CTL_NOTIFY;

	if (atomic_xchg(&hvcore_crash_reported, 1))
		return;
	hvcore_be->msr_write(HVCORE_MSR_CRASH_P(0), 0);
	hvcore_be->msr_write(HVCORE_MSR_CRASH_P(1), raw_smp_processor_id());
	hvcore_be->msr_write(HVCORE_MSR_CRASH_P(2), hvl_kernel_version_code());
	hvcore_be->msr_write(HVCORE_MSR_CRASH_P(3), msg_gpa);
	hvcore_be->msr_write(HVCORE_MSR_CRASH_P(4), msg_len);
	if (msg_len)
		ctl |= HVCORE_CRASH_CTL_NOTIFY_MSG;
	hvcore_be->msr_write(HVCORE_MSR_CRASH_CTL, ctl);
}

static int hvcore_crash_panic(struct notifier_block *nb, unsigned long event, void *msg)
{
	/* with a message, the kmsg dumper reports later, log tail included */
	if (!(hvcore_crash_caps & HVCORE_CRASH_CTL_NOTIFY_MSG))
		hvcore_crash_report(0, 0);
	return NOTIFY_DONE;
}

static struct notifier_block hvcore_crash_nb = {
	.notifier_call = hvcore_crash_panic,
	/* after the notifiers that add to the log, before kexec-ish ones */
	.priority = INT_MIN + 1,
};

static void hvcore_crash_dump(struct kmsg_dumper *dumper, struct kmsg_dump_detail *detail)
{
	struct kmsg_dump_iter iter;
	size_t len = 0;

	if (detail->reason != KMSG_DUMP_PANIC)
		return;
	hvl_kmsg_dump_iter_init(&iter, dumper);
	kmsg_dump_rewind(&iter);
	/* the newest lines that fit in the page, without the syslog prefix */
	kmsg_dump_get_buffer(&iter, false, hvcore_crash_page, PAGE_SIZE, &len);
	hvcore_crash_report(len ? virt_to_phys(hvcore_crash_page) : 0, len);
}
HVL_KMSG_DUMP_CALLBACK(hvcore_crash_dump_cb, hvcore_crash_dump)

static struct kmsg_dumper hvcore_crash_dumper = {
	.dump = hvcore_crash_dump_cb,
	.max_reason = KMSG_DUMP_PANIC,
};

/*
 * Returns 0 also when the partition cannot report crashes: that is a feature
 * the host may lack, not a reason to refuse the rest.
 */
int hvcore_crash_init(void)
{
	int ret;

	if (!(hvcore_info.features_edx & HVCORE_FEAT_CRASH_MSRS))
		return 0;
	if (hvcore_be->msr_read(HVCORE_MSR_CRASH_CTL, &hvcore_crash_caps)) {
		pr_warn("crash MSRs advertised but CRASH_CTL is not readable; no crash reports\n");
		hvcore_crash_caps = 0;
		return 0;
	}
	if (!(hvcore_crash_caps & HVCORE_CRASH_CTL_NOTIFY))
		return 0;
	if (hvcore_crash_caps & HVCORE_CRASH_CTL_NOTIFY_MSG) {
		hvcore_crash_page = (void *)__get_free_page(GFP_KERNEL | __GFP_ZERO);
		if (!hvcore_crash_page)
			return -ENOMEM;
		ret = kmsg_dump_register(&hvcore_crash_dumper);
		if (ret)
			goto free_page;
	}
	atomic_notifier_chain_register(&panic_notifier_list, &hvcore_crash_nb);
	return 0;

free_page:
	free_page((unsigned long)hvcore_crash_page);
	hvcore_crash_page = NULL;
	hvcore_crash_caps = 0;
	return ret;
}

void hvcore_crash_exit(void)
{
	if (!(hvcore_crash_caps & HVCORE_CRASH_CTL_NOTIFY))
		return;
	atomic_notifier_chain_unregister(&panic_notifier_list, &hvcore_crash_nb);
	if (hvcore_crash_page) {
		kmsg_dump_unregister(&hvcore_crash_dumper);
		free_page((unsigned long)hvcore_crash_page);
		hvcore_crash_page = NULL;
	}
	hvcore_crash_caps = 0;
}

void hvcore_crash_show(struct seq_file *m)
{
	seq_printf(m, "crash_reporting: %s\n",
		   !(hvcore_crash_caps & HVCORE_CRASH_CTL_NOTIFY) ? "off" :
		   hvcore_crash_caps & HVCORE_CRASH_CTL_NOTIFY_MSG ? "registers+log" : "registers");
}
