// SPDX-License-Identifier: GPL-2.0
/*
 * Reference time: the partition's 10 MHz counter, read through the reference
 * TSC page when we own it, through the TIME_REF_COUNT MSR otherwise.
 *
 * The TSC page is a clocksource: we allocate a page, hand its GPA to the
 * hypervisor through the REFERENCE_TSC MSR, and read it with the TLFS
 * sequence protocol (tsc_page.h). The hypervisor writes the page; we only
 * read it, so a hostile or buggy host can make time wrong but cannot make the
 * guest fault: every read is of a fixed field of a page we own.
 *
 * Rating, as the kernel's own drivers/clocksource/hyperv_timer.c decides it:
 * 500, above the TSC clocksource (300), because a plain TSC reading is wrong
 * after a live migration to a host with another TSC frequency while the
 * page's scale and offset are updated by the hypervisor. When the partition
 * has the TSC_INVARIANT privilege, the host keeps the virtual TSC's rate and
 * offset right across migration itself, so the cheaper raw TSC is preferred
 * and the page drops to 250, below it.
 *
 * Not done here, unlike the kernel: sched_clock and the vDSO. Both can only
 * be switched by boot-time platform code, not from a module.
 *
 * The clocksource has no .owner: a current clocksource pins its owner module,
 * which would make rmmod fail for as long as we are the system clock. Exit
 * instead unregisters it (the timekeeping core switches to the next best
 * clocksource under stop_machine, so no CPU is left inside our read) before
 * the page is disabled and freed.
 */
#include <linux/clocksource.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/seq_file.h>
#include <asm/barrier.h>
#include <asm/msr.h>
#include <asm/tsc.h>

#include "internal.h"
#include "tsc_page.h"

#define HVT_CS_RATING		500
#define HVT_CS_RATING_INVARIANT	250	/* below the TSC's 300 */

static struct hvt_tsc_page *hvt_tsc_pg;
static bool hvt_cs_registered;
/* last good TIME_REF_COUNT value, returned if the MSR ever fails */
static u64 hvt_last_msr_ref;

static u64 notrace hvt_ref_read_msr(void)
{
	u64 v;

	if (unlikely(hvcore_rdmsr(HVCORE_MSR_TIME_REF_COUNT, &v))) {
		this_cpu_inc(hvt_cpu.msr_errors);
		return READ_ONCE(hvt_last_msr_ref);
	}
	WRITE_ONCE(hvt_last_msr_ref, v);
	return v;
}

/* The TLFS read protocol; the arithmetic and decisions are in tsc_page.c. */
static u64 notrace hvt_ref_read_page(const struct hvt_tsc_page *pg)
{
	unsigned int attempt;

	for (attempt = 0; ; attempt++) {
		u64 scale, tsc;
		u32 seq;
		s64 offset;

		seq = READ_ONCE(pg->tsc_sequence);
		if (!hvt_tsc_seq_usable(seq))
			break;
		/* the sequence before the fields it guards */
		smp_rmb();
		scale = READ_ONCE(pg->tsc_scale);
		offset = READ_ONCE(pg->tsc_offset);
		/* ordered: not executed ahead of the loads above */
		tsc = rdtsc_ordered();
		/* the fields before the sequence that validates them */
		smp_rmb();
		switch (hvt_tsc_verdict(seq, READ_ONCE(pg->tsc_sequence), attempt)) {
		case HVT_TSC_VALID:
			return hvt_tsc_to_ref(tsc, scale, offset);
		case HVT_TSC_RETRY:
			continue;
		case HVT_TSC_FALLBACK:
			break;
		}
		break;
	}
	this_cpu_inc(hvt_cpu.fallback_reads);
	return hvt_ref_read_msr();
}

/**
 * hvt_ref_read() - the partition's reference time
 *
 * Context: any, including NMI; never sleeps.
 * Return: the reference counter, in 100 ns units.
 */
u64 notrace hvt_ref_read(void)
{
	const struct hvt_tsc_page *pg = READ_ONCE(hvt_tsc_pg);

	return pg ? hvt_ref_read_page(pg) : hvt_ref_read_msr();
}

static u64 notrace hvt_cs_read(struct clocksource *cs)
{
	return hvt_ref_read_page(hvt_tsc_pg);
}

/*
 * The REFERENCE_TSC MSR: the TLFS says to preserve its reserved bits (11:1),
 * so we read it and replace only the address and the enable bit.
 */
static int hvt_tsc_msr_set(bool enable)
{
	u64 v;
	int ret;

	ret = hvcore_rdmsr(HVCORE_MSR_REFERENCE_TSC, &v);
	if (ret)
		return ret;
	v &= ~(HVCORE_REF_TSC_ADDR_MASK | HVCORE_REF_TSC_ENABLE);
	if (enable)
		v |= (virt_to_phys(hvt_tsc_pg) & HVCORE_REF_TSC_ADDR_MASK) |
		     HVCORE_REF_TSC_ENABLE;
	return hvcore_wrmsr(HVCORE_MSR_REFERENCE_TSC, v);
}

/* System suspend: the hypervisor stops updating the page until resume. */
static void hvt_cs_suspend(struct clocksource *cs)
{
	if (hvt_tsc_msr_set(false))
		this_cpu_inc(hvt_cpu.msr_errors);
}

/* Resume from hibernation may find the MSR reset: hand the page over again. */
static void hvt_cs_resume(struct clocksource *cs)
{
	if (hvt_tsc_msr_set(true))
		this_cpu_inc(hvt_cpu.msr_errors);
}

static struct clocksource hvt_cs = {
	.name	= "hvl_tsc_page",
	.rating	= HVT_CS_RATING,
	.read	= hvt_cs_read,
	.mask	= CLOCKSOURCE_MASK(64),
	.flags	= CLOCK_SOURCE_IS_CONTINUOUS,
	.suspend = hvt_cs_suspend,
	.resume	= hvt_cs_resume,
};

/**
 * hvt_refclock_init() - enable the TSC page and register its clocksource
 * @info: the partition's features
 *
 * Without the REFERENCE_TSC privilege only the MSR is used, for the stimer,
 * and no clocksource is registered. The caller has checked that nobody
 * else has the page enabled.
 *
 * Context: process context (module init).
 * Return: 0 or a negative errno.
 */
int hvt_refclock_init(const struct hvcore_info *info)
{
	int ret;

	if (!info->has_ref_tsc)
		return 0;

	hvt_tsc_pg = (struct hvt_tsc_page *)get_zeroed_page(GFP_KERNEL);
	if (!hvt_tsc_pg)
		return -ENOMEM;

	ret = hvt_tsc_msr_set(true);
	if (ret) {
		pr_err("cannot enable the reference TSC page: %d\n", ret);
		goto free_page;
	}
	if (!hvt_tsc_seq_usable(READ_ONCE(hvt_tsc_pg->tsc_sequence)))
		pr_info("reference TSC page is marked invalid for now; reading TIME_REF_COUNT meanwhile\n");

	if (info->privileges & HVCORE_PRIV_TSC_INVARIANT)
		hvt_cs.rating = HVT_CS_RATING_INVARIANT;
	ret = clocksource_register_hz(&hvt_cs, HVCORE_CLOCK_HZ);
	if (ret) {
		pr_err("cannot register the clocksource: %d\n", ret);
		goto disable;
	}
	hvt_cs_registered = true;
	return 0;

disable:
	hvt_tsc_msr_set(false);
free_page:
	free_page((unsigned long)hvt_tsc_pg);
	hvt_tsc_pg = NULL;
	return ret;
}

/**
 * hvt_refclock_shutdown() - give the reference TSC page back for the next kernel
 *
 * The hypervisor overlays the page for as long as the MSR is enabled; after
 * a kexec that guest page belongs to the next kernel. Disabled here, with the
 * page's sequence zeroed first, so that the clocksource, which stays
 * registered until the kernel is gone, falls back to the MSR.
 *
 * Context: process context (hv_core's kexec handler).
 */
void hvt_refclock_shutdown(void)
{
	struct hvt_tsc_page *pg = hvt_tsc_pg;

	if (!pg)
		return;
	WRITE_ONCE(pg->tsc_sequence, 0);
	if (hvt_tsc_msr_set(false))
		pr_warn("kexec: cannot disable the reference TSC page\n");
}

/**
 * hvt_refclock_exit() - undo hvt_refclock_init()
 *
 * The stimers must be stopped already: they read the reference time.
 *
 * Context: process context (module exit).
 */
void hvt_refclock_exit(void)
{
	struct hvt_tsc_page *pg = hvt_tsc_pg;
	int ret;

	if (!pg)
		return;
	if (hvt_cs_registered) {
		ret = clocksource_unregister(&hvt_cs);
		if (ret) {
			/*
			 * Only if no other clocksource can replace ours, which
			 * on x86 (jiffies aside, refused in oneshot mode) means
			 * no TSC, HPET or ACPI PM timer at all. Freeing the page
			 * now would leave the system clock reading freed memory:
			 * leak it and keep it enabled instead.
			 */
			pr_crit("cannot unregister the clocksource (%d); leaking the TSC page\n",
				ret);
			return;
		}
		hvt_cs_registered = false;
	}
	WRITE_ONCE(hvt_tsc_pg, NULL);
	if (hvt_tsc_msr_set(false))
		pr_warn("cannot disable the reference TSC page\n");
	free_page((unsigned long)pg);
}

/**
 * hvt_refclock_active() - is the TSC page clocksource registered?
 *
 * Context: any.
 */
bool hvt_refclock_active(void)
{
	return hvt_cs_registered;
}

/*
 * One reading of the raw TSC and of our clocksource, back to back with
 * interrupts off, for comparing their rates from user space (the VM tests do).
 */
static void hvt_refclock_sample(struct seq_file *m)
{
	unsigned long flags;
	u64 tsc, ref;

	local_irq_save(flags);
	tsc = rdtsc_ordered();
	ref = hvt_cs_read(&hvt_cs);
	local_irq_restore(flags);
	seq_printf(m, "sample: tsc=%llu ref=%llu tsc_khz=%u\n", tsc, ref, tsc_khz);
}

void hvt_refclock_show(struct seq_file *m)
{
	const struct hvt_tsc_page *pg = READ_ONCE(hvt_tsc_pg);

	if (!hvt_cs_registered || !pg) {
		seq_puts(m, "clocksource: none (reference time from TIME_REF_COUNT)\n");
		return;
	}
	seq_printf(m, "clocksource: %s rating=%d\n", hvt_cs.name, hvt_cs.rating);
	seq_printf(m, "tsc_page: sequence=%u scale=%#llx offset=%lld\n",
		   READ_ONCE(pg->tsc_sequence), READ_ONCE(pg->tsc_scale),
		   READ_ONCE(pg->tsc_offset));
	hvt_refclock_sample(m);
}
