// SPDX-License-Identifier: GPL-2.0
/*
 * Synthetic timers: STIMER0..3_CONFIG / _COUNT of every VP, on hrtimers.
 *
 * Semantics (TLFS "Synthetic Timers", cross-checked with KVM's hyperv.c):
 *  - CONFIG: enable (0), periodic (1), lazy (2), auto-enable (3), APIC vector
 *    (11:4), direct mode (12), SINTx (19:16); other bits are reserved and
 *    dropped. Direct mode where the generation does not offer
 *    DirectSyntheticTimers is #GP. A message-mode timer with SINTx 0 cannot
 *    be enabled (its enable bit is cleared).
 *  - COUNT: one-shot: the absolute reference time of the expiration; a time
 *    already past expires at once. Periodic: the period, first expiration one
 *    period from the write. Writing 0 disables the timer; writing non-zero
 *    with auto-enable set enables it. Any CONFIG or COUNT write cancels what
 *    was armed, including an undelivered expiration.
 *  - Expiration, message mode: a HvMessageTimerExpired (0x80000010) message
 *    {timer index, expiration time, delivery time} into SINTx's slot. If the
 *    slot is busy (or the SIMP is off) the expiration stays pending and is
 *    retried on EOM (and when the SIMP, SCONTROL or the SINT are written);
 *    a periodic timer stops meanwhile and resumes aligned to its period when
 *    the message goes out, the periods in between being missed (counted):
 *    one message never stands for more than one expiration, and expirations
 *    never queue up. That is the lazy behaviour, applied to every periodic
 *    timer as KVM does; the lazy bit is stored but changes nothing.
 *  - Expiration, direct mode: the VP's HVCORE_IRQ_STIMER interrupt, if the
 *    timer's APIC vector is the one hv_sim gives for it (else counted, not
 *    delivered). Never pending.
 *  - A one-shot timer clears its enable bit once its expiration is delivered.
 *  - Periods shorter than HVSIM_STIMER_MIN_PERIOD (100 us) are stretched to
 *    it, as KVM does for the periodic LAPIC timer: under QEMU/TCG a shorter
 *    period would only livelock the CPU.
 *
 * The host CPU. hv_sim's timers are hrtimers, and hrtimers are driven by the
 * CPU's tick device. A guest that makes a synthetic timer its tick device
 * (hv_timer does, as the kernel's own Hyper-V clockevent does) would have the
 * synthetic timer backed by itself: programming it arms an hrtimer, which
 * reprograms the tick device, which is the synthetic timer again, and nothing
 * real ever fires. A simulator needs real hardware underneath, as a real host
 * has. So every VP's synthetic timers run on hrtimers of one host CPU
 * (HVSIM_HOST_CPU, the boot CPU), whose tick stays on its LAPIC timer: the
 * host CPU's own VP has no synthetic timers (its STIMER MSRs #GP, so a guest
 * clockevent driver leaves that CPU on the LAPIC), and every other VP's timer
 * is armed there and expires there, in hard interrupt context, delivering its
 * message or direct interrupt to the VP's CPU. A VP whose CPU died stops its
 * timers (the configuration stays); coming back online re-arms them. Until
 * the CPU is dead they keep running: it may tick on one to the end.
 *
 * No hrtimer call under the VP's lock. A guest writes STIMERx_COUNT from
 * inside its tick programming, holding its own CPU's hrtimer base lock, and
 * that write takes the VP's lock: had the VP's lock ever been held around an
 * hrtimer call, the two lock classes would form a cycle (lockdep on the
 * debug kernel reported it, the instances being different CPUs' bases). So
 * the VP's state (exp_time) is changed under the lock, and the hrtimer is
 * brought in line with it afterwards, only ever on the host CPU: by an
 * asynchronous IPI from another CPU, or an irq_work raised on the host CPU
 * itself (an IPI to oneself would run inline, under the lock). Both run in
 * hard interrupt context on the host CPU, one after the other, read
 * exp_time under the lock, drop it, then start or cancel the hrtimer; a
 * request that finds one queued relies on it, as it reads the latest
 * exp_time. The expiry callback, on the same CPU, ignores a firing whose
 * expiration is no longer the one armed (a change is on its way).
 *
 * hv_sim still detects a synthetic timer written from inside one of its own
 * hrtimer calls (a per-CPU flag set around every hrtimer call) and refuses
 * that write (#GP) rather than deadlock on the VP's lock.
 *
 * Locking: the timer's state is under the VP's lock, which the callback
 * and the sync take too; the hrtimer itself is touched only by the sync and
 * the callback's restart, on the host CPU, without the VP's lock. Only
 * unload uses hrtimer_cancel(), after the syncs have drained.
 */
#include <linux/atomic.h>
#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/irq_work.h>
#include <linux/math64.h>
#include <linux/smp.h>
#include <linux/string.h>

#include "hvsim.h"

#define HVSIM_STIMER_MIN_PERIOD		1000	/* reference units: 100 us */
#define HVSIM_HOST_CPU			0	/* runs every VP's timers (see above) */

/* this CPU is inside an hrtimer call for a synthetic timer (see above) */
static DEFINE_PER_CPU(bool, hvsim_stimer_in_hrtimer);

static bool hvsim_stimer_is_direct(const struct hvsim_stimer *st)
{
	return st->config & HVSIM_STIMER_DIRECT_MODE;
}

static unsigned int hvsim_stimer_sint(const struct hvsim_stimer *st)
{
	return FIELD_GET(HVSIM_STIMER_SINTX, st->config);
}

static u64 hvsim_stimer_period(const struct hvsim_stimer *st)
{
	return max_t(u64, st->count, HVSIM_STIMER_MIN_PERIOD);
}

/*
 * On the host CPU, in hard interrupt context, without the VP's lock: start
 * the hrtimer for exp_time, or cancel it when the timer is not armed or the
 * VP cannot run timers now.
 */
static void hvsim_stimer_sync(struct hvsim_stimer *st)
{
	struct hvsim_vp *vp = st->vp;
	unsigned long flags;
	u64 exp;

	raw_spin_lock_irqsave(&vp->lock, flags);
	exp = vp->online && !vp->dead ? st->exp_time : 0;
	st->armed_exp = exp;
	raw_spin_unlock_irqrestore(&vp->lock, flags);
	this_cpu_write(hvsim_stimer_in_hrtimer, true);
	if (exp)
		hrtimer_start(&st->timer, hvsim_ref_to_ktime(exp), HRTIMER_MODE_ABS_PINNED_HARD);
	else
		hrtimer_try_to_cancel(&st->timer);
	this_cpu_write(hvsim_stimer_in_hrtimer, false);
}

static void hvsim_stimer_sync_ipi(void *info)
{
	struct hvsim_stimer *st = info;

	hvsim_stimer_sync(st);
	atomic_dec_return_release(&st->sync_ipis);
}

static void hvsim_stimer_sync_work(struct irq_work *work)
{
	hvsim_stimer_sync(container_of(work, struct hvsim_stimer, sync_work));
}

/* Have the host CPU bring the hrtimer in line with exp_time, after our unlock. */
static void hvsim_stimer_sync_locked(struct hvsim_stimer *st)
{
	if (smp_processor_id() == HVSIM_HOST_CPU) {
		irq_work_queue(&st->sync_work);
		return;
	}
	atomic_inc(&st->sync_ipis);
	/* -EBUSY: one is queued, and will read exp_time after us */
	if (smp_call_function_single_async(HVSIM_HOST_CPU, &st->sync_csd))
		atomic_dec(&st->sync_ipis);
}

/* Forget what was armed, including an undelivered expiration; the caller syncs. */
static void hvsim_stimer_cancel_locked(struct hvsim_stimer *st)
{
	st->exp_time = 0;
	st->msg_pending = false;
}

static void hvsim_stimer_start_locked(struct hvsim_stimer *st)
{
	if (!(st->config & HVSIM_STIMER_ENABLE) || !st->count)
		return;
	if (st->config & HVSIM_STIMER_PERIODIC)
		st->exp_time = hvsim_ref_now() + hvsim_stimer_period(st);
	else
		st->exp_time = st->count;
}

/*
 * The expiration at @exp has been delivered: a one-shot timer is done, a
 * periodic one gets its next expiration after now, aligned to its period.
 * Returns true when the timer has a next expiration (st->exp_time).
 */
static bool hvsim_stimer_next_locked(struct hvsim_stimer *st, u64 exp)
{
	u64 period = hvsim_stimer_period(st), now, next, skipped;

	if (!(st->config & HVSIM_STIMER_PERIODIC)) {
		st->config &= ~HVSIM_STIMER_ENABLE;
		st->exp_time = 0;
		return false;
	}
	now = hvsim_ref_now();
	next = exp + period;
	if (next <= now) {
		skipped = div64_u64(now - exp, period);
		st->missed += skipped;
		atomic64_add(skipped, &hvsim_stats.stimer_missed);
		next = exp + (skipped + 1) * period;
	}
	st->exp_time = next;
	return true;
}

static void hvsim_stimer_msg(const struct hvsim_stimer *st, u64 exp, struct hvsim_message *msg)
{
	struct hvsim_timer_msg *tm = (struct hvsim_timer_msg *)msg->payload;

	memset(msg, 0, sizeof(*msg));
	msg->header.message_type = HVSIM_MSG_TIMER_EXPIRED;
	msg->header.payload_size = sizeof(*tm);
	tm->timer_index = st->index;
	tm->expiration_time = exp;
	tm->delivery_time = hvsim_ref_now();
}

/* Try to send the message of expiration @exp; false leaves it pending. */
static bool hvsim_stimer_send_locked(struct hvsim_stimer *st, u64 exp)
{
	struct hvsim_message msg;

	hvsim_stimer_msg(st, exp, &msg);
	if (hvsim_sint_post_locked(st->vp, hvsim_stimer_sint(st), &msg)) {
		st->msg_pending = true;
		st->pending_exp = exp;
		return false;
	}
	st->msg_pending = false;
	st->fired_msg++;
	hvsim_count(stimer_msg);
	return true;
}

/* The expiration at @exp happened. Returns true when the timer has a next one. */
static bool hvsim_stimer_expire_locked(struct hvsim_stimer *st, u64 exp)
{
	if (hvsim_stimer_is_direct(st)) {
		if (FIELD_GET(HVSIM_STIMER_APIC_VECTOR, st->config) ==
		    hvsim_irq_vector(HVCORE_IRQ_STIMER))
			hvsim_raise_irq_locked(st->vp, HVCORE_IRQ_STIMER);
		else
			hvsim_count(irqs_bad_vector);
		st->fired_direct++;
		hvsim_count(stimer_direct);
	} else if (!hvsim_stimer_send_locked(st, exp)) {
		st->exp_time = 0;	/* stopped until the message goes out */
		return false;
	}
	return hvsim_stimer_next_locked(st, exp);
}

static enum hrtimer_restart hvsim_stimer_fn(struct hrtimer *timer)
{
	struct hvsim_stimer *st = container_of(timer, struct hvsim_stimer, timer);
	struct hvsim_vp *vp = st->vp;
	enum hrtimer_restart ret = HRTIMER_NORESTART;
	unsigned long flags;

	raw_spin_lock_irqsave(&vp->lock, flags);
	/* changed since it was armed: the sync on its way arms the new one */
	if (vp->dead || !vp->online || !st->exp_time || st->exp_time != st->armed_exp ||
	    !(st->config & HVSIM_STIMER_ENABLE))
		goto unlock;
	if (hvsim_stimer_expire_locked(st, st->exp_time)) {
		st->armed_exp = st->exp_time;
		hrtimer_set_expires(timer, hvsim_ref_to_ktime(st->exp_time));
		ret = HRTIMER_RESTART;
	}
unlock:
	raw_spin_unlock_irqrestore(&vp->lock, flags);
	return ret;
}

/**
 * hvsim_stimer_pending_on() - does an expired timer wait for @sint's slot?
 * @vp:		the VP; its lock is held
 * @sint:	the SINT
 *
 * Context: vp->lock held.
 */
bool hvsim_stimer_pending_on(struct hvsim_vp *vp, unsigned int sint)
{
	unsigned int i;

	for (i = 0; i < HVSIM_STIMER_COUNT; i++) {
		const struct hvsim_stimer *st = &vp->stimer[i];

		if (st->msg_pending && hvsim_stimer_sint(st) == sint)
			return true;
	}
	return false;
}

/**
 * hvsim_stimer_flush_locked() - send the lowest pending timer message of @sint
 * @vp:		the VP; its lock is held; called on its CPU
 * @sint:	the SINT, whose slot the caller found free
 *
 * Context: vp->lock held, on the VP's CPU.
 * Return: true if a message was written into the slot.
 */
bool hvsim_stimer_flush_locked(struct hvsim_vp *vp, unsigned int sint)
{
	unsigned int i;

	for (i = 0; i < HVSIM_STIMER_COUNT; i++) {
		struct hvsim_stimer *st = &vp->stimer[i];

		if (!st->msg_pending || hvsim_stimer_sint(st) != sint)
			continue;
		if (!hvsim_stimer_send_locked(st, st->pending_exp))
			return false;
		if (hvsim_stimer_next_locked(st, st->pending_exp))
			hvsim_stimer_sync_locked(st);
		return true;
	}
	return false;
}

/**
 * hvsim_stimer_msr_read() - read STIMERx_CONFIG or STIMERx_COUNT of @vp
 * @vp:		the calling CPU's VP
 * @msr:	the MSR
 * @val:	its value
 *
 * Context: preemption disabled, on @vp's CPU.
 * Return: 0, or -EIO for #GP (the host CPU's VP).
 */
int hvsim_stimer_msr_read(struct hvsim_vp *vp, u32 msr, u64 *val)
{
	unsigned int n = msr - HVSIM_MSR_STIMER0_CONFIG;
	struct hvsim_stimer *st = &vp->stimer[n / 2];
	unsigned long flags;

	if (vp->cpu == HVSIM_HOST_CPU)
		return -EIO;	/* the host CPU's VP has no synthetic timers */
	raw_spin_lock_irqsave(&vp->lock, flags);
	*val = n % 2 ? st->count : st->config;
	raw_spin_unlock_irqrestore(&vp->lock, flags);
	return 0;
}

/* A message-mode timer without a SINT cannot run */
static u64 hvsim_stimer_sanitize(u64 config)
{
	config &= HVSIM_STIMER_DEFINED;
	if (!(config & HVSIM_STIMER_DIRECT_MODE) && !FIELD_GET(HVSIM_STIMER_SINTX, config))
		config &= ~HVSIM_STIMER_ENABLE;
	return config;
}

/**
 * hvsim_stimer_msr_write() - write STIMERx_CONFIG or STIMERx_COUNT of @vp
 * @vp:		the calling CPU's VP
 * @msr:	the MSR
 * @val:	the value
 *
 * Context: preemption disabled, on @vp's CPU.
 * Return: 0, or -EIO for #GP (direct mode not offered; the host CPU's VP).
 */
int hvsim_stimer_msr_write(struct hvsim_vp *vp, u32 msr, u64 val)
{
	unsigned int n = msr - HVSIM_MSR_STIMER0_CONFIG;
	struct hvsim_stimer *st = &vp->stimer[n / 2];
	unsigned long flags;

	if (vp->cpu == HVSIM_HOST_CPU) {
		pr_notice_once("CPU%u runs the synthetic timers of every other VP and has none of its own\n",
			       HVSIM_HOST_CPU);
		return -EIO;
	}
	if (!(n % 2) && (val & HVSIM_STIMER_DIRECT_MODE) &&
	    !hvsim_has_feature(HVSIM_FEAT_STIMER_DIRECT))
		return -EIO;
	if (this_cpu_read(hvsim_stimer_in_hrtimer)) {
		pr_err_once("STIMER%u written from inside hv_sim's own hrtimer call: a synthetic timer is the kernel's tick device, which hv_sim cannot back\n",
			    n / 2);
		return -EIO;
	}
	raw_spin_lock_irqsave(&vp->lock, flags);
	hvsim_stimer_cancel_locked(st);
	if (n % 2) {
		st->count = val;
		if (!val)
			st->config &= ~HVSIM_STIMER_ENABLE;
		else if (st->config & HVSIM_STIMER_AUTO_ENABLE)
			st->config = hvsim_stimer_sanitize(st->config | HVSIM_STIMER_ENABLE);
	} else {
		st->config = hvsim_stimer_sanitize(val);
	}
	hvsim_stimer_start_locked(st);
	hvsim_stimer_sync_locked(st);
	raw_spin_unlock_irqrestore(&vp->lock, flags);
	return 0;
}

/**
 * hvsim_stimer_vp_offline_locked() - stop a VP's timers; its CPU is dead
 * @vp:		the VP; its lock is held; on the CPU that took it down
 *
 * Context: vp->lock held.
 */
void hvsim_stimer_vp_offline_locked(struct hvsim_vp *vp)
{
	unsigned int i;

	/* the VP is offline: each sync cancels */
	for (i = 0; i < HVSIM_STIMER_COUNT; i++)
		hvsim_stimer_sync_locked(&vp->stimer[i]);
}

/**
 * hvsim_stimer_vp_online_locked() - restart a VP's armed timers
 * @vp:		the VP; its lock is held; on its CPU
 *
 * A one-shot timer that came due meanwhile expires at once; a periodic one
 * skips the periods it missed.
 *
 * Context: vp->lock held.
 */
void hvsim_stimer_vp_online_locked(struct hvsim_vp *vp)
{
	u64 now = hvsim_ref_now();
	unsigned int i;

	for (i = 0; i < HVSIM_STIMER_COUNT; i++) {
		struct hvsim_stimer *st = &vp->stimer[i];

		if (!st->exp_time || !(st->config & HVSIM_STIMER_ENABLE))
			continue;
		if ((st->config & HVSIM_STIMER_PERIODIC) && st->exp_time < now)
			hvsim_stimer_next_locked(st, st->exp_time - hvsim_stimer_period(st));
		hvsim_stimer_sync_locked(st);
	}
}

/**
 * hvsim_stimer_init() - set up a VP's timers (all disabled)
 * @vp:		the VP
 *
 * Context: process context.
 */
void hvsim_stimer_init(struct hvsim_vp *vp)
{
	unsigned int i;

	for (i = 0; i < HVSIM_STIMER_COUNT; i++) {
		struct hvsim_stimer *st = &vp->stimer[i];

		hrtimer_setup(&st->timer, hvsim_stimer_fn, CLOCK_MONOTONIC,
			      HRTIMER_MODE_ABS_PINNED_HARD);
		INIT_CSD(&st->sync_csd, hvsim_stimer_sync_ipi, st);
		atomic_set(&st->sync_ipis, 0);
		st->sync_work = IRQ_WORK_INIT_HARD(hvsim_stimer_sync_work);
		st->vp = vp;
		st->index = i;
	}
}

/**
 * hvsim_stimer_exit() - cancel a dead VP's timers
 * @vp:		the VP, already marked dead
 *
 * Context: process context.
 */
void hvsim_stimer_exit(struct hvsim_vp *vp)
{
	unsigned int i;

	for (i = 0; i < HVSIM_STIMER_COUNT; i++) {
		/* a sync still in flight finds the VP dead and arms nothing */
		while (atomic_read_acquire(&vp->stimer[i].sync_ipis))
			msleep(1);
		irq_work_sync(&vp->stimer[i].sync_work);
		hrtimer_cancel(&vp->stimer[i].timer);
	}
}

void hvsim_stimer_show(struct seq_file *m, struct hvsim_vp *vp)
{
	unsigned long flags;
	unsigned int i;

	raw_spin_lock_irqsave(&vp->lock, flags);
	for (i = 0; i < HVSIM_STIMER_COUNT; i++) {
		const struct hvsim_stimer *st = &vp->stimer[i];

		seq_printf(m, "stimer%u: config=%#llx count=%llu next=%llu pending=%d pending_exp=%llu fired_msg=%llu fired_direct=%llu missed=%llu\n",
			   i, st->config, st->count, st->exp_time, st->msg_pending,
			   st->pending_exp, st->fired_msg, st->fired_direct, st->missed);
	}
	raw_spin_unlock_irqrestore(&vp->lock, flags);
}
