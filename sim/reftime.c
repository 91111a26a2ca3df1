// SPDX-License-Identifier: GPL-2.0
/*
 * Partition reference time: the TIME_REF_COUNT MSR and the reference TSC page.
 *
 * Reference time counts 100 ns units since the partition started (here: since
 * hv_sim loaded). It is defined by the TSC, exactly as the TSC page publishes
 * it to the guest:
 *
 *	ref = ((tsc * scale) >> 64) + offset,	scale = 10^7 * 2^64 / tsc_hz
 *
 * so the MSR and a guest reading the page agree to the unit. The MSR is also
 * forced monotonic partition-wide (a CPU whose TSC lags never reads a value
 * older than one already returned). Without a usable TSC frequency (tsc_khz
 * unknown) reference time falls back to the monotonic clock and the TSC page
 * never becomes valid.
 *
 * TSC page protocol (TLFS "Partition Reference TSC Mechanism"): the guest
 * reads sequence, scale, offset and sequence again, retrying if the sequence
 * changed; sequence 0 means "invalid, use the MSR". hv_sim writes sequence 0
 * first, then the parameters, then a new non-zero sequence, with write
 * barriers between. The page is invalid when the debugfs knob says so or
 * when there is no TSC frequency. It stays valid when the kernel marks the
 * TSC unstable (QEMU/TCG routinely does, from clocksource watchdog jitter):
 * reference time is defined by that same TSC, so page and MSR still agree,
 * and a real host keeps the page valid too; debugfs shows the kernel's
 * verdict. A TSC really skewed between CPUs would show through the page, as
 * on hardware without an invariant TSC; the MSR stays monotonic.
 *
 * Hrtimers run on CLOCK_MONOTONIC; hvsim_ref_to_ktime() converts an absolute
 * reference time into it through a fresh (ref, ktime) pair, so drift between
 * the TSC and the kernel clock only shifts an expiry by the drift accumulated
 * over that one interval.
 *
 * Locking: hvsim_tsc.lock (raw) serialises MSR writes and the knob; reading
 * the reference time is lock-free.
 */
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/timekeeping.h>
#include <asm/msr.h>
#include <asm/tsc.h>

#include "hvsim.h"

static struct {
	raw_spinlock_t lock;
	bool use_tsc;
	u64 scale;
	s64 offset;
	u64 start_ns;		/* fallback: monotonic clock at load */
	atomic64_t last;	/* highest reference time returned */
	u64 msr;		/* REFERENCE_TSC MSR */
	struct page *page;	/* while enabled: a reference to the overlay */
	u32 sequence;		/* last valid sequence written */
	bool invalid;		/* debugfs knob */
	u64 writes;
} hvsim_tsc = {
	.lock = __RAW_SPIN_LOCK_UNLOCKED(hvsim_tsc.lock),
	.last = ATOMIC64_INIT(0),
};

static u64 hvsim_ref_raw(void)
{
	if (hvsim_tsc.use_tsc)
		return mul_u64_u64_shr(rdtsc_ordered(), hvsim_tsc.scale, 64) + hvsim_tsc.offset;
	return div_u64(ktime_get_ns() - hvsim_tsc.start_ns, HVSIM_NS_PER_REF);
}

/**
 * hvsim_ref_now() - the partition's reference time
 *
 * Context: any.
 * Return: 100 ns units since hv_sim loaded; never less than a value returned
 * before.
 */
u64 hvsim_ref_now(void)
{
	s64 now = hvsim_ref_raw();
	s64 old = atomic64_read(&hvsim_tsc.last);

	do {
		if (now <= old)
			return old;
	} while (!atomic64_try_cmpxchg(&hvsim_tsc.last, &old, now));
	return now;
}

/**
 * hvsim_ref_to_ktime() - CLOCK_MONOTONIC time at which reference time is @ref
 * @ref:	absolute reference time
 *
 * Context: any.
 * Return: the kernel time; now for a reference time already past.
 */
ktime_t hvsim_ref_to_ktime(u64 ref)
{
	ktime_t kt = ktime_get();
	u64 now = hvsim_ref_now();
	u64 delta;

	if (ref <= now)
		return kt;
	delta = ref - now;
	/* beyond ~29 years: as good as never */
	if (delta > KTIME_MAX / (2 * HVSIM_NS_PER_REF))
		return KTIME_MAX;
	return ktime_add_ns(kt, delta * HVSIM_NS_PER_REF);
}

/* Rewrite the page. Caller holds hvsim_tsc.lock; the page is enabled. */
static void hvsim_tsc_page_write(void)
{
	struct hvsim_tsc_page *tp = page_address(hvsim_tsc.page);

	WRITE_ONCE(tp->sequence, 0);
	smp_wmb();
	hvsim_tsc.writes++;
	if (!hvsim_tsc.use_tsc || hvsim_tsc.invalid)
		return;
	WRITE_ONCE(tp->scale, hvsim_tsc.scale);
	WRITE_ONCE(tp->offset, hvsim_tsc.offset);
	smp_wmb();
	/* 0 means invalid; keep clear of 0xffffffff too, which old guests also reject */
	if (++hvsim_tsc.sequence == U32_MAX || hvsim_tsc.sequence == 0)
		hvsim_tsc.sequence = 1;
	WRITE_ONCE(tp->sequence, hvsim_tsc.sequence);
}

/**
 * hvsim_reftsc_msr_read() - the REFERENCE_TSC MSR
 *
 * Context: any.
 */
u64 hvsim_reftsc_msr_read(void)
{
	return READ_ONCE(hvsim_tsc.msr);
}

/**
 * hvsim_reftsc_msr_write() - write the REFERENCE_TSC MSR
 * @val:	bit 0 enable, bits 63:12 the page's GPA; bits 11:1 are kept
 *
 * Enabling (or moving) the page fills it in at once.
 *
 * Context: any; takes hvsim_tsc.lock.
 * Return: 0, or -EIO (#GP) for a GPA that is not an ordinary RAM page.
 */
int hvsim_reftsc_msr_write(u64 val)
{
	struct page *page = NULL, *old;
	unsigned long flags;

	if ((val & HVSIM_OVERLAY_ENABLE) && hvsim_gpa_get(val & HVSIM_GPA_PAGE_MASK, &page))
		return -EIO;
	raw_spin_lock_irqsave(&hvsim_tsc.lock, flags);
	old = hvsim_tsc.page;
	hvsim_tsc.page = page;
	WRITE_ONCE(hvsim_tsc.msr, val);
	if (page)
		hvsim_tsc_page_write();
	raw_spin_unlock_irqrestore(&hvsim_tsc.lock, flags);
	hvsim_gpa_put(old);
	return 0;
}

/**
 * hvsim_tsc_page_invalid() - the debugfs knob's state
 *
 * Context: any.
 */
bool hvsim_tsc_page_invalid(void)
{
	return READ_ONCE(hvsim_tsc.invalid);
}

/**
 * hvsim_tsc_page_set_invalid() - force the TSC page invalid (sequence 0) or not
 * @invalid:	true: guests must fall back to the TIME_REF_COUNT MSR
 *
 * Takes effect at once on an enabled page.
 *
 * Context: any; takes hvsim_tsc.lock.
 */
void hvsim_tsc_page_set_invalid(bool invalid)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&hvsim_tsc.lock, flags);
	hvsim_tsc.invalid = invalid;
	if (hvsim_tsc.page)
		hvsim_tsc_page_write();
	raw_spin_unlock_irqrestore(&hvsim_tsc.lock, flags);
}

/**
 * hvsim_reftime_init() - start the partition's reference time
 *
 * Context: module init.
 * Return: 0.
 */
int hvsim_reftime_init(void)
{
	u64 tsc_hz = (u64)tsc_khz * 1000;

	hvsim_tsc.start_ns = ktime_get_ns();
	/* scale must fit 64 bits: 10^7 * 2^64 / tsc_hz < 2^64 needs tsc_hz > 10 MHz */
	hvsim_tsc.use_tsc = boot_cpu_has(X86_FEATURE_TSC) && tsc_hz > HVSIM_REF_HZ;
	if (hvsim_tsc.use_tsc) {
		hvsim_tsc.scale = mul_u64_u64_div_u64(1ull << 63, 2 * HVSIM_REF_HZ, tsc_hz);
		hvsim_tsc.offset = -(s64)mul_u64_u64_shr(rdtsc_ordered(), hvsim_tsc.scale, 64);
	} else {
		pr_warn("no usable TSC frequency (tsc_khz=%u): the reference TSC page stays invalid\n",
			tsc_khz);
	}
	return 0;
}

/**
 * hvsim_reftime_exit() - release the TSC page
 *
 * Context: module exit, after every VP has stopped.
 */
void hvsim_reftime_exit(void)
{
	hvsim_gpa_put(hvsim_tsc.page);
	hvsim_tsc.page = NULL;
}

void hvsim_reftime_show(struct seq_file *m)
{
	seq_printf(m, "reference_time: %llu\n", hvsim_ref_now());
	seq_printf(m, "reference_source: %s (tsc_khz %u)\n",
		   hvsim_tsc.use_tsc ? "tsc" : "monotonic clock", tsc_khz);
	seq_printf(m, "reference_tsc_msr: %#018llx\n", hvsim_reftsc_msr_read());
	seq_printf(m, "tsc_page_scale: %#018llx\n", hvsim_tsc.scale);
	seq_printf(m, "tsc_page_offset: %lld\n", hvsim_tsc.offset);
	seq_printf(m, "tsc_page_sequence: %u\n", READ_ONCE(hvsim_tsc.sequence));
	seq_printf(m, "tsc_page_invalid: %d\n", hvsim_tsc_page_invalid());
	seq_printf(m, "kernel_tsc_unstable: %d\n", check_tsc_unstable());
	seq_printf(m, "tsc_page_writes: %llu\n", READ_ONCE(hvsim_tsc.writes));
}
