// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU clockevents on synthetic timer 0 (TLFS "Synthetic Timers").
 *
 * Each CPU's stimer0 is armed by writing an absolute reference time to its
 * STIMER0_COUNT MSR; with AutoEnable set in STIMER0_CONFIG that write also
 * (re)enables the one-shot timer. It expires in one of two ways:
 * - direct mode: it raises an APIC vector, which hv_core routes to
 *   hvt_stimer_expired() (hvcore_stimer_irq_register());
 * - message mode: it posts HVCORE_MSG_TIMER_EXPIRED to the CPU's SynIC slot
 *   of HVCORE_SINT_TIMER, which hv_core hands to hvt_stimer_message(). The
 *   message is host data: it is checked before it counts as an expiry.
 *
 * Rating 1000, as the kernel's own Hyper-V clockevent: above every other
 * per-CPU device x86 offers (LAPIC 100, LAPIC deadline 150, HPET 50-150), so
 * the tick core makes it the tick device of each CPU it is registered on. The
 * reason the kernel prefers it: on Hyper-V the LAPIC timer is emulated by the
 * hypervisor and costs an intercept per programming and per expiry plus the
 * emulated APIC bus-frequency conversion, while the stimer is programmed by
 * one synthetic MSR write in the 10 MHz reference time the clocksource uses.
 *
 * Registration and removal, per CPU, from a dynamic cpuhp state in the
 * CPUHP_AP_ONLINE_DYN section (the callbacks run on the CPU itself, in its
 * hotplug thread, and may sleep); the kernel uses the same section for its
 * message-mode stimer, which also depends on the SynIC. hv_core's SynIC state
 * was set up before ours, so on the way down ours is torn down first, while
 * the SynIC still delivers.
 *
 * Unloading. The tick core holds a reference on the owner module of every
 * clockevent device it binds, so while hvl_stimer0 is a CPU's tick device,
 * rmmod hv_timer fails with EBUSY: that is deliberate. Handing the tick back
 * needs a detached replacement device for that CPU, and on x86 there often is
 * none: when our device displaces the CPU's LAPIC timer, a LAPIC without
 * C3STOP (ARAT CPUs, QEMU, Hyper-V) is taken as the broadcast device instead
 * of waiting on the list, and clockevents_unbind_device() then fails with
 * -EBUSY. Removing the module under a live tick would stop that CPU's timers,
 * so the module stays until its devices are released.
 *
 * CPU hotplug follows the kernel's own Hyper-V stimer: going offline, the
 * teardown hands the tick back (clockevents_unbind_device(): the CPU's LAPIC
 * timer, detached since we displaced it, takes over) and stops the stimer;
 * coming online, the startup callback registers the device again and it
 * takes the tick back (32/33-timer-cpuhp). Only where the displaced LAPIC
 * became the broadcast device is there no replacement: then the offline is
 * refused with -EBUSY and a line (hvt_stimer_cpu_offline() has the why). On
 * Hyper-V that is CPU0's LAPIC, the first one displaced, and CPU0 does not
 * go offline; under hv_sim, whose CPU0 has no stimer, it is CPU1's when the
 * LAPIC is ARAT-capable (30/31-timer check the refusal).
 */
#include <linux/bitfield.h>
#include <linux/cpuhotplug.h>
#include <linux/cpumask.h>
#include <linux/seq_file.h>
#include <linux/smp.h>
#include <linux/string.h>

#include "internal.h"
#include "timer_msg.h"

#define HVT_CE_RATING		1000
/* COUNT is absolute: any delta is fine; the kernel's bounds for stimer0 */
#define HVT_CE_MIN_DELTA	1
#define HVT_CE_MAX_DELTA	0xffffffffUL

DEFINE_PER_CPU(struct hvt_cpu, hvt_cpu);

static enum hvt_mode hvt_active_mode = HVT_MODE_NONE;
static u8 hvt_stimer_vector;
static enum cpuhp_state hvt_hp_state;

/* Expiry, in hard interrupt context on the CPU whose timer fired. */
static void hvt_stimer_expired(void)
{
	struct hvt_cpu *hc = this_cpu_ptr(&hvt_cpu);
	void (*handler)(struct clock_event_device *ce);

	hc->expirations++;
	/*
	 * live brackets the time the device is registered (see the hotplug
	 * callbacks); the tick core sets the handler when it binds the device,
	 * on this CPU with interrupts off, so it is either unset or whole.
	 */
	if (!READ_ONCE(hc->live))
		return;
	handler = READ_ONCE(hc->ce.event_handler);
	if (handler)
		handler(&hc->ce);
}

/*
 * A message in this CPU's HVCORE_SINT_TIMER slot, in hard interrupt context.
 * Everything in it comes from the host: hvt_timer_msg_parse() checks type,
 * size and timer index on a copy before it counts as an expiry.
 */
static bool hvt_stimer_message(const struct hvcore_message *msg, void *ctx)
{
	struct hvcore_timer_message tm;

	if (hvt_timer_msg_parse(msg, 0, &tm)) {
		this_cpu_inc(hvt_cpu.bad_messages);
		pr_warn_ratelimited("CPU%u: dropped a malformed timer message\n",
				    smp_processor_id());
		return true;
	}
	hvt_stimer_expired();
	return true;
}

static const struct hvcore_sint_ops hvt_sint_ops = {
	.message = hvt_stimer_message,
};

/* The clockevents callbacks run on the device's CPU with interrupts off. */
static int hvt_stimer_wrmsr(u32 msr, u64 val)
{
	int ret = hvcore_wrmsr(msr, val);

	if (ret)
		this_cpu_inc(hvt_cpu.msr_errors);
	return ret;
}

static int hvt_ce_set_next_event(unsigned long delta, struct clock_event_device *ce)
{
	return hvt_stimer_wrmsr(HVCORE_MSR_STIMER0_COUNT, hvt_ref_read() + delta);
}

static int hvt_ce_shutdown(struct clock_event_device *ce)
{
	int ret;

	/*
	 * The stimer MSRs are the calling CPU's: when the tick core releases
	 * a dead CPU's device from another CPU, there is nothing to write here
	 * (the online callback clears what the dead CPU left behind).
	 */
	if (!cpumask_test_cpu(smp_processor_id(), ce->cpumask))
		return 0;
	/* COUNT 0 stops an armed timer; CONFIG 0 keeps AutoEnable from rearming it */
	ret = hvt_stimer_wrmsr(HVCORE_MSR_STIMER0_COUNT, 0);

	return hvt_stimer_wrmsr(HVCORE_MSR_STIMER0_CONFIG, 0) ?: ret;
}

static int hvt_ce_set_oneshot(struct clock_event_device *ce)
{
	u64 cfg = HVCORE_STIMER_ENABLE | HVCORE_STIMER_AUTO_ENABLE;

	if (hvt_active_mode == HVT_MODE_DIRECT)
		cfg |= HVCORE_STIMER_DIRECT_MODE |
		       FIELD_PREP(HVCORE_STIMER_APIC_VECTOR, hvt_stimer_vector);
	else
		cfg |= FIELD_PREP(HVCORE_STIMER_SINT, HVCORE_SINT_TIMER);
	return hvt_stimer_wrmsr(HVCORE_MSR_STIMER0_CONFIG, cfg);
}

static int hvt_stimer_cpu_online(unsigned int cpu)
{
	struct hvt_cpu *hc = per_cpu_ptr(&hvt_cpu, cpu);
	struct clock_event_device *ce = &hc->ce;
	u64 cfg;
	int ret;

	/* a timer somebody else programmed: leave this CPU's tick alone */
	preempt_disable();
	ret = hvcore_rdmsr(HVCORE_MSR_STIMER0_CONFIG, &cfg);
	preempt_enable();
	if (!ret && cfg && hc->ce.name) {
		/*
		 * Ours, from before this CPU went down: stop it and take it
		 * again. An expiry may still arrive until the writes below; it
		 * must not use the device we are about to clear.
		 */
		WRITE_ONCE(hc->live, false);
		barrier();
		preempt_disable();
		hvt_stimer_wrmsr(HVCORE_MSR_STIMER0_COUNT, 0);
		ret = hvt_stimer_wrmsr(HVCORE_MSR_STIMER0_CONFIG, 0);
		preempt_enable();
		cfg = 0;
	}
	if (ret || cfg) {
		pr_warn("CPU%u: stimer0 %s; no hv_timer clockevent on this CPU\n",
			cpu, ret ? "not readable" : "already in use");
		return 0;
	}

	memset(ce, 0, sizeof(*ce));
	ce->name = "hvl_stimer0";
	ce->owner = THIS_MODULE;	/* pins hv_timer while it ticks (see above) */
	ce->features = CLOCK_EVT_FEAT_ONESHOT;
	ce->rating = HVT_CE_RATING;
	ce->irq = -1;
	ce->cpumask = cpumask_of(cpu);
	ce->set_state_shutdown = hvt_ce_shutdown;
	ce->set_state_oneshot = hvt_ce_set_oneshot;
	ce->set_next_event = hvt_ce_set_next_event;
	/* before registering: binding it as the tick device arms the timer */
	WRITE_ONCE(hc->live, true);
	clockevents_config_and_register(ce, HVCORE_CLOCK_HZ, HVT_CE_MIN_DELTA,
					HVT_CE_MAX_DELTA);
	return 0;
}

static int hvt_stimer_cpu_offline(unsigned int cpu)
{
	struct hvt_cpu *hc = per_cpu_ptr(&hvt_cpu, cpu);
	int ret;

	if (!hc->live)
		return 0;
	/* hands the tick to the LAPIC timer and calls hvt_ce_shutdown() */
	ret = clockevents_unbind_device(&hc->ce, cpu);
	if (ret) {
		/*
		 * No replacement: the LAPIC our device displaced on this CPU
		 * was taken as the broadcast device (see the top of this
		 * file), and no other device fits. The CPU would have to tick
		 * on ours all the way down: in message mode the expiries need
		 * the SynIC, which hv_core takes down right after us, so an
		 * RCU grace period waiting on this CPU's timers would wait
		 * forever. Even in direct mode, where the CPU does go down,
		 * it cannot come back: bringing it up, setup_APIC_timer()
		 * rewrites its LAPIC device, the broadcast device in use, and
		 * the CPU's next timer wakeup is lost (an RCU stall, seen on
		 * 6.1 under hv_sim with an ARAT LAPIC). Refuse, as the
		 * kernel's VMBus refuses to offline a CPU it needs.
		 */
		pr_warn("CPU%u: its tick runs on stimer0 and no other clockevent can take it (on x86: the LAPIC timer it displaced became the broadcast device): not going offline\n",
			cpu);
		return -EBUSY;
	}
	/* an expiry still in flight must not run the tick handler it had */
	WRITE_ONCE(hc->live, false);
	/* unbinding a device that was not the tick device does not shut it down */
	preempt_disable();
	hvt_ce_shutdown(&hc->ce);
	preempt_enable();
	return 0;
}

/**
 * hvt_stimer_init() - take stimer0 on every CPU as its clockevent
 * @info: the partition's features
 * @want: the mode= parameter, checked against @info by the caller
 *
 * Context: process context (module init); the reference clock is up.
 * Return: 0 or a negative errno.
 */
int hvt_stimer_init(const struct hvcore_info *info, enum hvt_mode want)
{
	enum hvt_mode mode = HVT_MODE_MESSAGE;
	int ret;

	if (want != HVT_MODE_MESSAGE && info->has_stimer_direct) {
		ret = hvcore_stimer_irq_register(hvt_stimer_expired, &hvt_stimer_vector);
		if (!ret && hvt_stimer_vector < HVCORE_SYNIC_FIRST_VECTOR) {
			hvcore_stimer_irq_unregister();
			ret = -ERANGE;
		}
		if (!ret) {
			mode = HVT_MODE_DIRECT;
		} else if (want == HVT_MODE_DIRECT) {
			pr_err("mode=direct: cannot take the direct-mode stimer interrupt: %d\n", ret);
			return ret;
		} else {
			pr_info("direct-mode stimer interrupt unavailable (%d); using message mode\n",
				ret);
		}
	}
	if (mode == HVT_MODE_MESSAGE) {
		ret = hvcore_sint_register(HVCORE_SINT_TIMER, &hvt_sint_ops, NULL);
		if (ret) {
			pr_err("cannot register SINT %u for timer messages: %d\n",
			       HVCORE_SINT_TIMER, ret);
			return ret;
		}
	}
	/* read by set_state_oneshot, which the first registration calls */
	hvt_active_mode = mode;

	ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "hv_timer/stimer:online",
				hvt_stimer_cpu_online, hvt_stimer_cpu_offline);
	if (ret < 0) {
		pr_err("cannot set up the CPU hotplug state: %d\n", ret);
		goto unhook;
	}
	hvt_hp_state = ret;
	return 0;

unhook:
	if (mode == HVT_MODE_DIRECT)
		hvcore_stimer_irq_unregister();
	else
		hvcore_sint_unregister(HVCORE_SINT_TIMER);
	hvt_active_mode = HVT_MODE_NONE;
	return ret;
}

/**
 * hvt_stimer_exit() - undo hvt_stimer_init()
 *
 * Context: process context (module exit).
 */
void hvt_stimer_exit(void)
{
	if (hvt_active_mode == HVT_MODE_NONE)
		return;
	/* unbinds and stops every CPU's stimer (hvt_stimer_cpu_offline) */
	cpuhp_remove_state(hvt_hp_state);
	/* both wait until a handler already running has returned */
	if (hvt_active_mode == HVT_MODE_DIRECT)
		hvcore_stimer_irq_unregister();
	else
		hvcore_sint_unregister(HVCORE_SINT_TIMER);
	hvt_active_mode = HVT_MODE_NONE;
}

/* Stops this CPU's stimer0 for good: the kernel is going away. */
static void hvt_stimer_stop_here(void *unused)
{
	struct hvt_cpu *hc = this_cpu_ptr(&hvt_cpu);

	if (!hc->live)
		return;
	WRITE_ONCE(hc->live, false);
	hvt_ce_shutdown(&hc->ce);
}

/**
 * hvt_stimer_shutdown() - stop every CPU's stimer for the next kernel
 *
 * A kexec (hv_core's kexec handler, after device shutdown): an armed stimer
 * would go on expiring into the next kernel, which may not expect its vector
 * or message at all. The tick devices stay registered:
 * the kernel is going away; until it does, no CPU needs more than a few
 * TSC-timed delays.
 *
 * Context: process context; every CPU online.
 */
void hvt_stimer_shutdown(void)
{
	if (hvt_active_mode != HVT_MODE_NONE)
		on_each_cpu(hvt_stimer_stop_here, NULL, 1);
}

/**
 * hvt_stimer_crash() - stop this CPU's stimer in a crash into kdump
 *
 * The other CPUs are being stopped; their stimers are the kdump kernel's
 * hv_timer's to reset (hvt_stimer_cpu_online() takes over what it finds).
 *
 * Context: the crashing CPU, interrupts off.
 */
void hvt_stimer_crash(void)
{
	if (hvt_active_mode != HVT_MODE_NONE)
		hvt_stimer_stop_here(NULL);
}

/**
 * hvt_stimer_mode() - the mode the stimers run in
 *
 * Context: any.
 * Return: HVT_MODE_DIRECT, HVT_MODE_MESSAGE, or HVT_MODE_NONE.
 */
enum hvt_mode hvt_stimer_mode(void)
{
	return hvt_active_mode;
}

void hvt_stimer_show(struct seq_file *m)
{
	u64 sum[4] = {};
	unsigned int cpu;

	if (hvt_active_mode == HVT_MODE_DIRECT)
		seq_printf(m, "clockevent: hvl_stimer0 direct vector=%#x rating=%d\n",
			   hvt_stimer_vector, HVT_CE_RATING);
	else if (hvt_active_mode == HVT_MODE_MESSAGE)
		seq_printf(m, "clockevent: hvl_stimer0 message sint=%u rating=%d\n",
			   HVCORE_SINT_TIMER, HVT_CE_RATING);
	else
		seq_puts(m, "clockevent: none\n");
	for_each_possible_cpu(cpu) {
		const struct hvt_cpu *hc = per_cpu_ptr(&hvt_cpu, cpu);
		u64 exp = READ_ONCE(hc->expirations), bad = READ_ONCE(hc->bad_messages);
		u64 fb = READ_ONCE(hc->fallback_reads), err = READ_ONCE(hc->msr_errors);

		seq_printf(m, "cpu%u: %s expirations=%llu bad_messages=%llu fallback_reads=%llu msr_errors=%llu\n",
			   cpu, READ_ONCE(hc->live) ? "registered" : "unregistered",
			   exp, bad, fb, err);
		sum[0] += exp;
		sum[1] += bad;
		sum[2] += fb;
		sum[3] += err;
	}
	seq_printf(m, "total: expirations=%llu bad_messages=%llu fallback_reads=%llu msr_errors=%llu\n",
		   sum[0], sum[1], sum[2], sum[3]);
}
