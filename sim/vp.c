// SPDX-License-Identifier: GPL-2.0
/*
 * The VPs: their table and numbering, how an interrupt reaches a VP's CPU,
 * and CPU hotplug. Their SynIC is synic.c, their timers stimer.c.
 *
 * Numbering. Every possible CPU has a VP. Its VP index (the VP_INDEX MSR, and
 * every VP number in hypercalls and VMBus messages) is the CPU number by
 * default, as Hyper-V numbers them for Linux in practice. vp_index= numbers
 * them differently, so that a guest passing a CPU number where a VP index
 * belongs (or the other way round) is caught: "reverse" gives CPU n the
 * index nr_cpu_ids - 1 - n, "offset" the index n + HVSIM_VP_OFFSET.
 * hvsim_vp() looks a VP up by index, hvsim_cpu_vp() by CPU.
 *
 * Interrupts. The interrupt of a SINT or a timer is an irq_work on the VP's
 * CPU, hard-irq even on PREEMPT_RT, which calls the handler installed with
 * set_irq_handler() under RCU. Raised on the VP's own CPU, the work is queued
 * directly (it runs once interrupts are enabled again, never inside the MSR
 * write or delivery that raised it); from another CPU an asynchronous IPI
 * (smp_call_function_single_async()) queues it there, because
 * irq_work_queue_on() is not exported. A raise that finds the IPI still in
 * flight relies on it: the IPI has not queued the work yet, so the handler
 * runs after the raiser's state change.
 *
 * CPU hotplug. A VP is online from the CPUHP_AP_ONLINE_DYN state of its CPU
 * coming up (run on that CPU) until the CPUHP_BP_PREPARE_DYN teardown after
 * the CPU died (run on the CPU that took it down): a CPU on its way down
 * keeps its timers and interrupts to the end, as a real VP does, because its
 * tick may still run on a synthetic timer. Interrupts raised for an offline
 * VP, or for a CPU already past taking IPIs, are remembered in irq_deferred
 * and raised when it comes back; work queued on a dying CPU, directly or
 * through an IPI, is run by the kernel there (it flushes both), where
 * hv_core, already down on that CPU, ignores what is not its own. Its
 * stimers stop while it is offline (stimer.c). Messages stay queued.
 *
 * Locking: each VP's state is protected by vp->lock, a raw spinlock taken
 * with interrupts disabled (see synic.c). Handlers: hvsim_irq_handler[] is
 * written with WRITE_ONCE and read under rcu_read_lock() by the irq_work; the
 * guest waits for a grace period after removing one.
 */
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/delay.h>
#include <linux/irq_work.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <asm/irq_regs.h>

#include "hvsim.h"

#define HVSIM_VP_OFFSET		2

enum hvsim_vp_numbering { HVSIM_VPN_IDENTITY, HVSIM_VPN_REVERSE, HVSIM_VPN_OFFSET };
static const char *const hvsim_vpn_names[] = { "identity", "reverse", "offset" };
static enum hvsim_vp_numbering hvsim_vpn;

/**
 * hvsim_vp_numbering_select() - choose how VPs are numbered (vp_index=)
 * @name:	identity, reverse or offset
 *
 * Context: module init, before the VPs exist.
 * Return: 0, or -EINVAL for an unknown name.
 */
int hvsim_vp_numbering_select(const char *name)
{
	int i = sysfs_match_string(hvsim_vpn_names, name);

	if (i < 0)
		return i;
	hvsim_vpn = i;
	return 0;
}

/* the VP index of a CPU */
static unsigned int hvsim_cpu_to_vp_index(unsigned int cpu)
{
	switch (hvsim_vpn) {
	case HVSIM_VPN_REVERSE:
		return nr_cpu_ids - 1 - cpu;
	case HVSIM_VPN_OFFSET:
		return cpu + HVSIM_VP_OFFSET;
	default:
		return cpu;
	}
}

/* the CPU of a VP index, or nr_cpu_ids for none */
static unsigned int hvsim_vp_index_to_cpu(unsigned int index)
{
	switch (hvsim_vpn) {
	case HVSIM_VPN_REVERSE:
		return index < nr_cpu_ids ? nr_cpu_ids - 1 - index : nr_cpu_ids;
	case HVSIM_VPN_OFFSET:
		return index >= HVSIM_VP_OFFSET ? index - HVSIM_VP_OFFSET : nr_cpu_ids;
	default:
		return index;
	}
}


static struct hvsim_vp *hvsim_vps;	/* nr_cpu_ids entries, possible CPUs used */
static void (*hvsim_irq_handler[HVCORE_IRQ_COUNT])(void);
static enum cpuhp_state hvsim_hp_state, hvsim_hp_dead_state;

/**
 * hvsim_vp() - a VP by index
 * @index:	VP index (the guest's number for it; see vp_index=)
 *
 * Context: any.
 * Return: the VP, or NULL if there is no VP with that index.
 */
struct hvsim_vp *hvsim_vp(unsigned int index)
{
	return hvsim_cpu_vp(hvsim_vp_index_to_cpu(index));
}

/**
 * hvsim_cpu_vp() - a CPU's VP
 * @cpu:	the CPU
 *
 * Context: any.
 * Return: the VP, or NULL if @cpu is not a possible CPU.
 */
struct hvsim_vp *hvsim_cpu_vp(unsigned int cpu)
{
	if (cpu >= nr_cpu_ids || !cpu_possible(cpu))
		return NULL;
	return &hvsim_vps[cpu];
}

/**
 * hvsim_this_vp() - the calling CPU's VP
 *
 * Context: preemption disabled.
 */
struct hvsim_vp *hvsim_this_vp(void)
{
	return &hvsim_vps[smp_processor_id()];
}

/**
 * hvsim_irq_vector() - the backend's irq_vector op
 * @irq:	interrupt source
 *
 * Context: any.
 */
u8 hvsim_irq_vector(enum hvcore_irq irq)
{
	switch (irq) {
	case HVCORE_IRQ_SYNIC:
		return HVSIM_SYNIC_VECTOR;
	case HVCORE_IRQ_STIMER:
		return HVSIM_STIMER_VECTOR;
	default:
		return 0;
	}
}

/**
 * hvsim_set_irq_handler() - the backend's set_irq_handler op
 * @irq:	interrupt source
 * @handler:	entry called in hard interrupt context, or NULL to remove
 *
 * Like the kernel's hook for its Hyper-V callback vector (hv_setup_vmbus_handler),
 * a second installation silently replaces the first, and removal leaves no
 * handler, whoever installed it: a guest that hooks a vector the in-tree
 * VMBus driver owns, or removes a hook that is not its own, breaks that
 * driver here as it would on Hyper-V.
 *
 * Removal does not wait: the caller waits for an RCU grace period before the
 * handler's code or data may go away (hv_core does).
 *
 * Context: any.
 * Return: 0, or -EINVAL for a bad @irq.
 */
int hvsim_set_irq_handler(enum hvcore_irq irq, void (*handler)(void))
{
	if ((unsigned int)irq >= HVCORE_IRQ_COUNT)
		return -EINVAL;
	WRITE_ONCE(hvsim_irq_handler[irq], handler);
	return 0;
}

/*
 * A real interrupt enters with the interrupted context's registers in
 * irq_regs; the kernel's Hyper-V vectors set them as every device vector
 * does. The irq_work entry that stands in for our vectors does not, and the
 * tick core depends on them: tick_sched_timer() does the per-tick work (timer
 * wheel, scheduler tick, RCU) only when get_irq_regs() is set. Without them a
 * CPU whose tick device is a synthetic timer would run its hrtimers but no
 * timer-wheel timer, ever. The irq_work has no interrupted registers to give,
 * so the guest's handler gets a stand-in that says "kernel mode, interrupts
 * were on": the tick is charged as system time.
 */
static DEFINE_PER_CPU(struct pt_regs, hvsim_irq_regs);

static void hvsim_irq_work_fn(struct irq_work *work)
{
	struct hvsim_vp_irq *vi = container_of(work, struct hvsim_vp_irq, work);
	struct pt_regs *regs = NULL, *old = NULL;
	void (*handler)(void);

	if (!get_irq_regs()) {
		regs = this_cpu_ptr(&hvsim_irq_regs);
		regs->cs = __KERNEL_CS;
		regs->ip = (unsigned long)hvsim_irq_work_fn;
		regs->flags = X86_EFLAGS_IF;
		old = set_irq_regs(regs);
	}
	rcu_read_lock();
	handler = READ_ONCE(hvsim_irq_handler[vi->irq]);
	if (handler)
		handler();
	else
		hvsim_count(irqs_unhandled);
	rcu_read_unlock();
	if (regs)
		set_irq_regs(old);
}

/* IPI on the VP's CPU: queue the work there */
static void hvsim_irq_ipi(void *info)
{
	struct hvsim_vp_irq *vi = info;

	irq_work_queue(&vi->work);
	/* the last access: unload waits for this count to drop */
	smp_mb__before_atomic();
	atomic_dec(&vi->ipis);
}

/* Make @irq's handler run on the VP's CPU. vp->lock held, interrupts disabled. */
static void hvsim_irq_kick(struct hvsim_vp *vp, enum hvcore_irq irq)
{
	struct hvsim_vp_irq *vi = &vp->irq[irq];
	int ret;

	if (vp->cpu == smp_processor_id()) {
		irq_work_queue(&vi->work);
		return;
	}
	atomic_inc(&vi->ipis);
	ret = smp_call_function_single_async(vp->cpu, &vi->csd);
	if (!ret)
		return;
	atomic_dec(&vi->ipis);
	/*
	 * -EBUSY: one is in flight and will do. -ENXIO: the CPU is past the
	 * point where it takes IPIs but not dead yet; hold the interrupt
	 * until it is back, as for an offline VP.
	 */
	if (ret == -ENXIO) {
		__set_bit(irq, &vp->irq_deferred);
		hvsim_count(irqs_deferred);
	}
}

/**
 * hvsim_raise_irq_locked() - interrupt a VP
 * @vp:		the VP; its lock is held
 * @irq:	the source
 *
 * Context: vp->lock held.
 */
void hvsim_raise_irq_locked(struct hvsim_vp *vp, enum hvcore_irq irq)
{
	lockdep_assert_held(&vp->lock);
	if (vp->dead)
		return;
	vp->irqs++;
	hvsim_count(irqs);
	if (!vp->online) {
		__set_bit(irq, &vp->irq_deferred);
		hvsim_count(irqs_deferred);
		return;
	}
	hvsim_irq_kick(vp, irq);
}

static int hvsim_vp_online(unsigned int cpu)
{
	struct hvsim_vp *vp = &hvsim_vps[cpu];
	unsigned long flags, deferred;
	unsigned int irq;

	raw_spin_lock_irqsave(&vp->lock, flags);
	vp->online = true;
	deferred = vp->irq_deferred;
	vp->irq_deferred = 0;
	/* on the VP's own CPU: queued here, never deferred again */
	for_each_set_bit(irq, &deferred, HVCORE_IRQ_COUNT)
		hvsim_irq_kick(vp, irq);
	hvsim_stimer_vp_online_locked(vp);
	raw_spin_unlock_irqrestore(&vp->lock, flags);
	return 0;
}

/*
 * The CPU is dead; called on the CPU that took it down. Only now does the VP
 * stop: until the very end of its way down, the CPU may still run its tick on
 * a synthetic timer (a clockevent driver cannot always hand the tick back),
 * so its timers and interrupts must keep working as long as it runs, as they
 * do on a real hypervisor, where a VP the guest parks keeps its timers.
 */
static int hvsim_vp_dead(unsigned int cpu)
{
	struct hvsim_vp *vp = &hvsim_vps[cpu];
	unsigned long flags;
	unsigned int irq;

	raw_spin_lock_irqsave(&vp->lock, flags);
	vp->online = false;
	hvsim_stimer_vp_offline_locked(vp);
	raw_spin_unlock_irqrestore(&vp->lock, flags);
	/* the dying CPU ran what was queued; nothing is queued after this */
	for (irq = 0; irq < HVCORE_IRQ_COUNT; irq++)
		irq_work_sync(&vp->irq[irq].work);
	return 0;
}

static void hvsim_vp_init(struct hvsim_vp *vp, unsigned int cpu)
{
	unsigned int i;

	raw_spin_lock_init(&vp->lock);
	vp->cpu = cpu;
	vp->index = hvsim_cpu_to_vp_index(cpu);
	for (i = 0; i < HVSIM_SINT_COUNT; i++) {
		vp->sint[i] = HVSIM_SINT_MASKED;
		INIT_LIST_HEAD(&vp->queue[i]);
	}
	for (i = 0; i < HVCORE_IRQ_COUNT; i++) {
		vp->irq[i].work = IRQ_WORK_INIT_HARD(hvsim_irq_work_fn);
		INIT_CSD(&vp->irq[i].csd, hvsim_irq_ipi, &vp->irq[i]);
		vp->irq[i].vp = vp;
		vp->irq[i].irq = i;
	}
	hvsim_stimer_init(vp);
}

/* Stop a VP for good: nothing is delivered or armed after this. */
static void hvsim_vp_kill(struct hvsim_vp *vp)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&vp->lock, flags);
	vp->dead = true;
	vp->online = false;
	raw_spin_unlock_irqrestore(&vp->lock, flags);
	hvsim_stimer_exit(vp);
}

/*
 * Release what a dead VP holds, once no IPI is in flight (one could queue the
 * work again) and no work is running.
 */
static void hvsim_vp_destroy(struct hvsim_vp *vp)
{
	struct hvsim_queued_msg *q, *tmp;
	unsigned int i;

	for (i = 0; i < HVCORE_IRQ_COUNT; i++) {
		while (atomic_read_acquire(&vp->irq[i].ipis))
			msleep(1);
		irq_work_sync(&vp->irq[i].work);
	}
	for (i = 0; i < HVSIM_SINT_COUNT; i++) {
		list_for_each_entry_safe(q, tmp, &vp->queue[i], node)
			kfree(q);
		INIT_LIST_HEAD(&vp->queue[i]);
		vp->queued[i] = 0;
	}
	hvsim_gpa_put(vp->simp_page);
	hvsim_gpa_put(vp->siefp_page);
	vp->simp_page = NULL;
	vp->siefp_page = NULL;
}

static void hvsim_vps_free(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu)
		hvsim_vp_kill(&hvsim_vps[cpu]);
	for_each_possible_cpu(cpu)
		hvsim_vp_destroy(&hvsim_vps[cpu]);
	kfree(hvsim_vps);
	hvsim_vps = NULL;
}

/**
 * hvsim_vps_init() - create every possible CPU's VP
 *
 * Context: module init.
 * Return: 0 or a negative errno.
 */
int hvsim_vps_init(void)
{
	unsigned int cpu;
	int ret;

	hvsim_vps = kcalloc(nr_cpu_ids, sizeof(*hvsim_vps), GFP_KERNEL);
	if (!hvsim_vps)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		hvsim_vp_init(&hvsim_vps[cpu], cpu);
	/* every possible VP starts offline: online CPUs are marked by the call */
	ret = cpuhp_setup_state_nocalls(CPUHP_BP_PREPARE_DYN, "hv_sim/vp:dead",
					NULL, hvsim_vp_dead);
	if (ret < 0)
		goto destroy;
	hvsim_hp_dead_state = ret;
	ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "hv_sim/vp:online",
				hvsim_vp_online, NULL);
	if (ret < 0)
		goto remove_dead_state;
	hvsim_hp_state = ret;
	return 0;

remove_dead_state:
	cpuhp_remove_state_nocalls(hvsim_hp_dead_state);
destroy:
	hvsim_vps_free();
	return ret;
}

/**
 * hvsim_vps_exit() - stop every VP and free them
 *
 * Context: module exit; hv_core is gone (it pins hv_sim while loaded).
 */
void hvsim_vps_exit(void)
{
	cpuhp_remove_state_nocalls(hvsim_hp_state);
	cpuhp_remove_state_nocalls(hvsim_hp_dead_state);
	hvsim_vps_free();
}
