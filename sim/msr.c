// SPDX-License-Identifier: GPL-2.0
/*
 * Synthetic MSRs: dispatch, and the partition-wide ones.
 *
 * Semantics (TLFS, cross-checked with KVM's hyperv.c):
 *  - GUEST_OS_ID is partition-wide and read/write. Writing 0 disables the
 *    hypercall page (clears the HYPERCALL enable bit, as KVM does).
 *  - HYPERCALL: bit 0 enable, bit 1 locked, bits 63:12 the page's GPA. While
 *    GUEST_OS_ID is 0 a write is ignored entirely (KVM: "if guest os id is not
 *    set hypercall should remain disabled"; the value read back is unchanged,
 *    so an enable never shows up). Once locked (only where the generation
 *    offers HypercallMsrLockAvailable; elsewhere bit 1 is reserved and
 *    setting it is #GP), every further write is #GP. Enabling fills the page
 *    with INT3: under hv_sim the guest never executes it (hypercalls come in
 *    through the backend ops), so any stray call traps loudly instead of
 *    running stale bytes.
 *  - VP_INDEX is read-only: the calling CPU's VP index (vp.c, vp_index=).
 *  - VP_RUNTIME is read-only: hv_sim cannot see the VP's idle time, so it
 *    reports the partition reference time (a VP that never idles).
 *  - TIME_REF_COUNT, TSC_FREQUENCY, APIC_FREQUENCY are read-only.
 *  - GUEST_IDLE reads 0 at once: an idle that an interrupt ended immediately.
 *  - Read-only MSRs raise #GP on write, write-only ones read 0 (EOM, as KVM).
 *  - An MSR outside what the generation grants, or not implemented, raises
 *    #GP and is counted. MSRs outside the synthetic range are never passed to
 *    the real CPU: the backend is the hypervisor's synthetic interface only.
 *
 * Locking: hvsim_part.lock (raw, irqsave) serialises GUEST_OS_ID/HYPERCALL
 * writes; readers use READ_ONCE. Per-VP MSRs go to synic.c/stimer.c under the
 * VP's lock; they act on smp_processor_id(), so the caller must not be
 * preemptible (a preemptible caller trips DEBUG_PREEMPT's check).
 */
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/smp.h>
#include <asm/tsc.h>

#include "hvsim.h"

static struct {
	raw_spinlock_t lock;
	u64 guest_os_id;
	u64 hypercall;
	u64 hypercall_fills;
	void *hypercall_va;		/* hv_core's mapping, for the check below */
	bool hypercall_va_ok;
} hvsim_part = {
	.lock = __RAW_SPIN_LOCK_UNLOCKED(hvsim_part.lock),
};

/**
 * hvsim_msr_handoff_get() - the partition MSRs, for the next kernel (handoff.c)
 * @guest_os_id: set to GUEST_OS_ID
 * @hypercall:	set to HYPERCALL
 *
 * Context: any; unlocked (the kernel is going away).
 */
void hvsim_msr_handoff_get(u64 *guest_os_id, u64 *hypercall)
{
	*guest_os_id = READ_ONCE(hvsim_part.guest_os_id);
	*hypercall = READ_ONCE(hvsim_part.hypercall);
}

/**
 * hvsim_msr_handoff_set() - start from a previous kernel's MSRs (handoff.c)
 * @guest_os_id: GUEST_OS_ID as it was left
 * @hypercall:	HYPERCALL as it was left; its page is the old kernel's and is
 *		not filled again
 *
 * Context: module init, before the guest runs.
 */
void hvsim_msr_handoff_set(u64 guest_os_id, u64 hypercall)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&hvsim_part.lock, flags);
	WRITE_ONCE(hvsim_part.guest_os_id, guest_os_id);
	WRITE_ONCE(hvsim_part.hypercall, guest_os_id ? hypercall : 0);
	raw_spin_unlock_irqrestore(&hvsim_part.lock, flags);
}

/**
 * hvsim_hypercall_enabled() - is the hypercall page enabled?
 *
 * Context: any.
 */
bool hvsim_hypercall_enabled(void)
{
	return READ_ONCE(hvsim_part.hypercall) & HVSIM_HYPERCALL_ENABLE;
}

/**
 * hvsim_set_hypercall_page() - the backend's hypercall_page op
 * @va:		hv_core's mapping of the enabled hypercall page, or NULL
 *
 * The simulator never calls through it; it only checks that the mapping
 * shows the page it filled, which proves the guest mapped the right GPA.
 *
 * Context: process context.
 * Return: 0: nothing is ever called through it.
 */
int hvsim_set_hypercall_page(void *va)
{
	bool ok = va && *(const u8 *)va == 0xcc;

	if (va && !ok)
		pr_warn("the guest's hypercall page mapping does not show the page hv_sim filled\n");
	WRITE_ONCE(hvsim_part.hypercall_va, va);
	WRITE_ONCE(hvsim_part.hypercall_va_ok, ok);
	return 0;
}

static int hvsim_guest_os_id_write(u64 val)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&hvsim_part.lock, flags);
	WRITE_ONCE(hvsim_part.guest_os_id, val);
	if (!val)
		WRITE_ONCE(hvsim_part.hypercall, hvsim_part.hypercall & ~HVSIM_HYPERCALL_ENABLE);
	raw_spin_unlock_irqrestore(&hvsim_part.lock, flags);
	return 0;
}

static int hvsim_hypercall_msr_write(u64 val)
{
	bool lock_ok = hvsim_has_feature(HVSIM_FEAT_HYPERCALL_MSR_LOCK);
	unsigned long flags;
	int ret = 0;

	if (!lock_ok && (val & HVSIM_HYPERCALL_LOCKED))
		return -EIO;
	raw_spin_lock_irqsave(&hvsim_part.lock, flags);
	if (hvsim_part.hypercall & HVSIM_HYPERCALL_LOCKED) {
		ret = -EIO;
		goto unlock;
	}
	if (!hvsim_part.guest_os_id)
		goto unlock;		/* ignored, see above */
	if (val & HVSIM_HYPERCALL_ENABLE) {
		/* fill before the enable is visible */
		if (hvsim_gpa_fill(val & HVSIM_GPA_PAGE_MASK, 0xcc, PAGE_SIZE)) {
			ret = -EIO;
			goto unlock;
		}
		hvsim_part.hypercall_fills++;
	}
	WRITE_ONCE(hvsim_part.hypercall, val);
unlock:
	raw_spin_unlock_irqrestore(&hvsim_part.lock, flags);
	return ret;
}

/*
 * preset_partition=1: start as a guest whose kernel already set a guest OS ID,
 * enabled a hypercall page and a reference TSC page before our modules load,
 * as a distribution kernel built with CONFIG_HYPERV does at boot. The pages
 * are the simulator's own (they stand for the kernel's): hv_core must adopt
 * the hypercall page, and hv_timer must leave the TSC page alone.
 */
#define HVSIM_PRESET_GUEST_ID	0x8100000000000042ULL	/* Linux, open source */
static struct page *hvsim_preset_pages[2];	/* hypercall, reference TSC */

int hvsim_msr_preset(void)
{
	int ret, i;

	for (i = 0; i < ARRAY_SIZE(hvsim_preset_pages); i++) {
		hvsim_preset_pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!hvsim_preset_pages[i]) {
			hvsim_msr_preset_exit();
			return -ENOMEM;
		}
	}
	ret = hvsim_guest_os_id_write(HVSIM_PRESET_GUEST_ID);
	ret = ret ?: hvsim_hypercall_msr_write(page_to_phys(hvsim_preset_pages[0]) |
					       HVSIM_HYPERCALL_ENABLE);
	ret = ret ?: hvsim_reftsc_msr_write(page_to_phys(hvsim_preset_pages[1]) |
					    HVSIM_OVERLAY_ENABLE);
	if (ret)
		hvsim_msr_preset_exit();
	return ret;
}

void hvsim_msr_preset_exit(void)
{
	int i;

	if (!hvsim_preset_pages[0])
		return;
	hvsim_reftsc_msr_write(0);
	hvsim_hypercall_msr_write(0);
	hvsim_guest_os_id_write(0);
	for (i = 0; i < ARRAY_SIZE(hvsim_preset_pages); i++) {
		if (hvsim_preset_pages[i])
			__free_page(hvsim_preset_pages[i]);
		hvsim_preset_pages[i] = NULL;
	}
}

/* Is @msr in a group the generation lets the partition access? */
static bool hvsim_msr_granted(u32 msr)
{
	switch (msr) {
	case HVSIM_MSR_GUEST_OS_ID:
	case HVSIM_MSR_HYPERCALL:
		return hvsim_has_priv(HVSIM_PRIV_HYPERCALL);
	case HVSIM_MSR_VP_INDEX:
		return hvsim_has_priv(HVSIM_PRIV_VP_INDEX);
	case HVSIM_MSR_VP_RUNTIME:
		return hvsim_has_priv(HVSIM_PRIV_VP_RUNTIME);
	case HVSIM_MSR_TIME_REF_COUNT:
		return hvsim_has_priv(HVSIM_PRIV_PARTITION_REFCOUNT);
	case HVSIM_MSR_REFERENCE_TSC:
		return hvsim_has_priv(HVSIM_PRIV_REF_TSC);
	case HVSIM_MSR_TSC_FREQUENCY:
	case HVSIM_MSR_APIC_FREQUENCY:
		return hvsim_has_priv(HVSIM_PRIV_FREQUENCY);
	case HVSIM_MSR_SCONTROL ... HVSIM_MSR_EOM:
	case HVSIM_MSR_SINT0 ... HVSIM_MSR_SINT15:
		return hvsim_has_priv(HVSIM_PRIV_SYNIC);
	case HVSIM_MSR_STIMER0_CONFIG ... HVSIM_MSR_STIMER3_COUNT:
		return hvsim_has_priv(HVSIM_PRIV_STIMER);
	case HVSIM_MSR_GUEST_IDLE:
		return hvsim_has_priv(HVSIM_PRIV_GUEST_IDLE);
	case HVSIM_MSR_CRASH_P0 ... HVSIM_MSR_CRASH_CTL:
		return hvsim_has_feature(HVSIM_FEAT_CRASH_MSRS);
	default:
		return false;
	}
}

static int hvsim_msr_refuse(u32 msr, bool invalid)
{
	if (invalid) {
		hvsim_count(msr_invalid);
		pr_debug("#GP: MSR %#x not available\n", msr);
	} else {
		hvsim_count(msr_refused);
	}
	return -EIO;
}

/**
 * hvsim_msr_read() - the backend's msr_read
 * @msr:	synthetic MSR
 * @val:	its value
 *
 * Context: any, preemption disabled for per-VP MSRs; never sleeps.
 * Return: 0, or -EIO where the hypervisor raises #GP.
 */
int hvsim_msr_read(u32 msr, u64 *val)
{
	int ret = 0;

	if (!hvsim_msr_granted(msr))
		return hvsim_msr_refuse(msr, true);
	switch (msr) {
	case HVSIM_MSR_GUEST_OS_ID:
		*val = READ_ONCE(hvsim_part.guest_os_id);
		break;
	case HVSIM_MSR_HYPERCALL:
		*val = READ_ONCE(hvsim_part.hypercall);
		break;
	case HVSIM_MSR_VP_INDEX:
		*val = hvsim_this_vp()->index;
		break;
	case HVSIM_MSR_VP_RUNTIME:
	case HVSIM_MSR_TIME_REF_COUNT:
		*val = hvsim_ref_now();
		break;
	case HVSIM_MSR_REFERENCE_TSC:
		*val = hvsim_reftsc_msr_read();
		break;
	case HVSIM_MSR_TSC_FREQUENCY:
		*val = (u64)tsc_khz * 1000;
		break;
	case HVSIM_MSR_APIC_FREQUENCY:
		*val = HVSIM_APIC_FREQUENCY_HZ;
		break;
	case HVSIM_MSR_GUEST_IDLE:
		*val = 0;
		break;
	case HVSIM_MSR_CRASH_P0 ... HVSIM_MSR_CRASH_CTL:
		ret = hvsim_crash_msr_read(msr, val);
		break;
	case HVSIM_MSR_STIMER0_CONFIG ... HVSIM_MSR_STIMER3_COUNT:
		ret = hvsim_stimer_msr_read(hvsim_this_vp(), msr, val);
		break;
	default:
		ret = hvsim_synic_msr_read(hvsim_this_vp(), msr, val);
		break;
	}
	return ret ? hvsim_msr_refuse(msr, false) : 0;
}

/**
 * hvsim_msr_write() - the backend's msr_write
 * @msr:	synthetic MSR
 * @val:	the value
 *
 * Context: any, preemption disabled for per-VP MSRs; never sleeps.
 * Return: 0, or -EIO where the hypervisor raises #GP.
 */
int hvsim_msr_write(u32 msr, u64 val)
{
	int ret;

	hvsim_count(msr_writes);
	if (!hvsim_msr_granted(msr))
		return hvsim_msr_refuse(msr, true);
	switch (msr) {
	case HVSIM_MSR_GUEST_OS_ID:
		ret = hvsim_guest_os_id_write(val);
		break;
	case HVSIM_MSR_HYPERCALL:
		ret = hvsim_hypercall_msr_write(val);
		break;
	case HVSIM_MSR_REFERENCE_TSC:
		ret = hvsim_reftsc_msr_write(val);
		break;
	case HVSIM_MSR_CRASH_P0 ... HVSIM_MSR_CRASH_CTL:
		ret = hvsim_crash_msr_write(msr, val);
		break;
	case HVSIM_MSR_STIMER0_CONFIG ... HVSIM_MSR_STIMER3_COUNT:
		ret = hvsim_stimer_msr_write(hvsim_this_vp(), msr, val);
		break;
	case HVSIM_MSR_SCONTROL ... HVSIM_MSR_EOM:
	case HVSIM_MSR_SINT0 ... HVSIM_MSR_SINT15:
		ret = hvsim_synic_msr_write(hvsim_this_vp(), msr, val);
		break;
	default:
		/* VP_INDEX, VP_RUNTIME, TIME_REF_COUNT, frequencies, GUEST_IDLE */
		ret = -EIO;
		break;
	}
	return ret ? hvsim_msr_refuse(msr, false) : 0;
}

void hvsim_msr_show(struct seq_file *m)
{
	u64 hc = READ_ONCE(hvsim_part.hypercall);

	seq_printf(m, "guest_os_id: %#018llx\n", READ_ONCE(hvsim_part.guest_os_id));
	seq_printf(m, "hypercall_msr: %#018llx (%s%s)\n", hc,
		   hc & HVSIM_HYPERCALL_ENABLE ? "enabled" : "disabled",
		   hc & HVSIM_HYPERCALL_LOCKED ? ", locked" : "");
	seq_printf(m, "hypercall_page_gpa: %#llx\n", hc & HVSIM_GPA_PAGE_MASK);
	seq_printf(m, "hypercall_page_fills: %llu\n", READ_ONCE(hvsim_part.hypercall_fills));
	seq_printf(m, "hypercall_page_mapped_by_guest: %s\n",
		   !READ_ONCE(hvsim_part.hypercall_va) ? "no" :
		   READ_ONCE(hvsim_part.hypercall_va_ok) ? "yes" : "yes, wrong page");
}
