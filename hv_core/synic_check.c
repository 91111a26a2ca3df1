// SPDX-License-Identifier: GPL-2.0
/*
 * Who runs the SynIC: before hv_core writes anything, every online CPU's
 * message and event pages are read; a live one belongs to someone else (the
 * kernel's own VMBus driver), or, in a kdump kernel, to the kernel that
 * crashed.
 */
#include <linux/atomic.h>
#include <linux/cpu.h>
#include <linux/crash_dump.h>
#include <linux/smp.h>

#include "internal.h"

/* a kdump kernel: a live SynIC is the crashed kernel's, ours to replace (synic.c) */
bool hvcore_synic_takeover;

struct hvcore_synic_probe {
	atomic_t busy_cpu;	/* the first CPU found with a live SynIC, or -1 */
	u64 simp, siefp;
};

/* On each CPU, with interrupts off: is a message or event page enabled? */
static void hvcore_synic_probe_cpu(void *arg)
{
	struct hvcore_synic_probe *p = arg;
	u64 simp = 0, siefp = 0;

	hvcore_be->msr_read(HVCORE_MSR_SIMP, &simp);
	hvcore_be->msr_read(HVCORE_MSR_SIEFP, &siefp);
	if (!(simp & HVCORE_SIMP_ENABLE) && !(siefp & HVCORE_SIEFP_ENABLE))
		return;
	if (atomic_cmpxchg(&p->busy_cpu, -1, smp_processor_id()) == -1) {
		p->simp = simp;
		p->siefp = siefp;
	}
}

/**
 * hvcore_synic_check_free() - make sure nobody else runs the SynIC
 *
 * The kernel's own VMBus driver (hv_vmbus) enables the SynIC's message and
 * event pages on every CPU and owns the Hyper-V callback vector. Hooking that
 * vector replaces its handler without a word (the kernel's hook does not
 * refuse), and unhooking it on the way out of a failed load would leave it
 * none: the in-tree VMBus, and the root disk on it, would go deaf. So this
 * looks at every online CPU's SIMP and SIEFP first, reading only, and hv_core
 * refuses to load before it writes anything. A CPU that comes online later
 * is checked again by the online callback.
 *
 * Context: process context (module init).
 * Return: 0, or -EBUSY with one line when a CPU's SynIC is live.
 */
int hvcore_synic_check_free(void)
{
	struct hvcore_synic_probe p = { .busy_cpu = ATOMIC_INIT(-1) };

	if (!hvcore_info.has_synic)
		return 0;	/* hvcore_synic_init() refuses, with its reason */
	cpus_read_lock();
	on_each_cpu(hvcore_synic_probe_cpu, &p, 1);
	cpus_read_unlock();
	if (atomic_read(&p.busy_cpu) < 0)
		return 0;
	/*
	 * A kdump kernel: the crashed kernel disabled the SynIC only on the
	 * CPU that crashed (the others were being stopped), so a live SynIC
	 * is the dead kernel's, pointing into its memory; replace it. The
	 * kernel's own VMBus driver would have to be loaded in this kdump
	 * kernel beside us to make it anyone else's.
	 */
	if (is_kdump_kernel()) {
		pr_warn("kdump kernel: the crashed kernel left the SynIC enabled (CPU%d: SIMP %#llx, SIEFP %#llx); taking it over\n",
			atomic_read(&p.busy_cpu), p.simp, p.siefp);
		hvcore_synic_takeover = true;
		return 0;
	}
	pr_err("the SynIC is in use already (CPU%d: SIMP %#llx, SIEFP %#llx): the kernel's own VMBus driver (hv_vmbus) must be running; not loading\n",
	       atomic_read(&p.busy_cpu), p.simp, p.siefp);
	return -EBUSY;
}
