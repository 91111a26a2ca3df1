// SPDX-License-Identifier: GPL-2.0
/*
 * The synthetic interrupt controller, per CPU, and SINT dispatch.
 *
 * Each CPU gets a message page (SIMP: one 256-byte slot per SINT) and an
 * event-flags page (SIEFP: 2048 flag bits per SINT), enabled from a cpuhp
 * callback when the CPU comes online and disabled when it goes offline; the
 * pages themselves live from load to unload. A SINT is unmasked, with our
 * vector, only while a consumer is registered for it.
 *
 * Message slots follow the TLFS: the hypervisor writes a slot only while its
 * message type is HVCORE_MSG_NONE. The consumer reads it, we set the type back
 * to NONE, and if the hypervisor flagged that more are queued (MessagePending)
 * we write EOM so it delivers the next one. The store of NONE must be visible
 * before the EOM write, hence the full barrier between them.
 *
 * Locking: hvcore_sint_lock serialises registration. A registration is
 * published with cpus_read_lock() held, so the cpuhp callbacks (which run
 * under the hotplug lock) see either none or all of it, and each CPU's SINT
 * registers are programmed by that CPU for itself. The interrupt handler reads
 * registrations under rcu_read_lock();
 * unregistering masks the SINT everywhere, then waits for a grace period
 * before the consumer may go away.
 */
#include <linux/bitfield.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/smp.h>

#include "internal.h"

struct hvcore_sint_reg {
	const struct hvcore_sint_ops *ops;
	void *ctx;
};

struct hvcore_synic_cpu {
	struct hvcore_message *simp;	/* HVCORE_SINT_COUNT slots */
	unsigned long *siefp;		/* HVCORE_SINT_COUNT x 2048 bits */
	bool up;
	u64 interrupts;
	u64 messages[HVCORE_SINT_COUNT];
	u64 unclaimed;			/* messages for a SINT nobody consumes */
	u64 held;			/* messages a consumer left in the slot */
	u64 eoms;
};

static DEFINE_PER_CPU(struct hvcore_synic_cpu, hvcore_synic);
/* VP index of each CPU, read from the VP_INDEX MSR when the CPU comes online */
static DEFINE_PER_CPU(u32, hvcore_vp_idx);
static struct hvcore_sint_reg __rcu *hvcore_sints[HVCORE_SINT_COUNT];
static DEFINE_MUTEX(hvcore_sint_lock);
static enum cpuhp_state hvcore_synic_hp_state;
static u8 hvcore_synic_vector;
static bool hvcore_synic_auto_eoi;

static unsigned long *hvcore_sint_flags(struct hvcore_synic_cpu *sc, unsigned int sint)
{
	return sc->siefp + sint * (HVCORE_EVENT_FLAGS_BITS / BITS_PER_LONG);
}

/*
 * Hands every SINT's pending events and message of this CPU to their
 * consumers. Interrupts off, under RCU, on the CPU that owns @sc.
 */
static void hvcore_synic_dispatch(struct hvcore_synic_cpu *sc)
{
	unsigned int sint;

	if (!sc->up)
		return;
	for (sint = 0; sint < HVCORE_SINT_COUNT; sint++) {
		struct hvcore_message *msg = &sc->simp[sint];
		const struct hvcore_sint_reg *reg;

		reg = rcu_dereference(hvcore_sints[sint]);
		if (reg && reg->ops->event)
			reg->ops->event(hvcore_sint_flags(sc, sint), reg->ctx);

		if (READ_ONCE(msg->header.message_type) == HVCORE_MSG_NONE)
			continue;
		if (reg && reg->ops->message) {
			if (!reg->ops->message(msg, reg->ctx)) {
				/* refused for now: the slot keeps it, and the queue waits */
				sc->held++;
				continue;
			}
			sc->messages[sint]++;
		} else {
			sc->unclaimed++;
		}
		/* free the slot, then ask for the next one if the host has more */
		WRITE_ONCE(msg->header.message_type, HVCORE_MSG_NONE);
		mb();
		if (READ_ONCE(msg->header.message_flags) & HVCORE_MSG_FLAG_PENDING) {
			hvcore_be->msr_write(HVCORE_MSR_EOM, 0);
			sc->eoms++;
		}
	}
}

/* The interrupt entry: hard interrupt context, on the CPU it targets. */
static void hvcore_synic_isr(void)
{
	struct hvcore_synic_cpu *sc = this_cpu_ptr(&hvcore_synic);

	sc->interrupts++;
	rcu_read_lock();
	hvcore_synic_dispatch(sc);
	rcu_read_unlock();
}

static void hvcore_synic_kick_fn(void *unused)
{
	rcu_read_lock();
	hvcore_synic_dispatch(this_cpu_ptr(&hvcore_synic));
	rcu_read_unlock();
}

/**
 * hvcore_synic_kick() - run a CPU's SynIC dispatch as if its interrupt fired
 * @cpu:	the CPU
 *
 * For a consumer that left a message in @cpu's slot (see struct
 * hvcore_sint_ops) and can take it now. Every SINT's consumer on @cpu may be
 * called; each copes with a spurious call, as with a spurious interrupt.
 *
 * Context: process context, interrupts on; waits for @cpu to finish.
 * Return: 0, or -ENXIO if @cpu is offline (its dispatch ran when it left).
 */
int hvcore_synic_kick(unsigned int cpu)
{
	return smp_call_function_single(cpu, hvcore_synic_kick_fn, NULL, 1);
}
EXPORT_SYMBOL_GPL(hvcore_synic_kick);

static u64 hvcore_sint_value(unsigned int sint)
{
	u64 v = HVCORE_SINT_MASKED;

	if (rcu_access_pointer(hvcore_sints[sint])) {
		v = FIELD_PREP(HVCORE_SINT_VECTOR, hvcore_synic_vector);
		if (hvcore_synic_auto_eoi)
			v |= HVCORE_SINT_AUTO_EOI;
	}
	return v;
}

/* Runs on the CPU itself: from cpuhp, or from an IPI for (un)registration. */
static void hvcore_sint_program(void *arg)
{
	unsigned int sint = (unsigned long)arg;

	if (this_cpu_ptr(&hvcore_synic)->up)
		hvcore_be->msr_write(HVCORE_MSR_SINT(sint), hvcore_sint_value(sint));
}

/**
 * hvcore_vp_index() - the hypervisor's number for a CPU's virtual processor
 * @cpu:	a CPU that is or was online since hv_core loaded
 *
 * Context: any.
 * Return: the VP index (the CPU number when the partition cannot read it).
 */
u32 hvcore_vp_index(unsigned int cpu)
{
	return per_cpu(hvcore_vp_idx, cpu);
}
EXPORT_SYMBOL_GPL(hvcore_vp_index);

static int hvcore_synic_cpu_online(unsigned int cpu)
{
	struct hvcore_synic_cpu *sc = per_cpu_ptr(&hvcore_synic, cpu);
	unsigned int sint;
	u64 v;
	int ret;

	preempt_disable();
	v = cpu;
	if (hvcore_info.has_vp_index && hvcore_be->msr_read(HVCORE_MSR_VP_INDEX, &v))
		pr_warn("CPU%u: cannot read VP_INDEX; assuming %u\n", cpu, cpu);
	per_cpu(hvcore_vp_idx, cpu) = v;

	ret = hvcore_be->msr_read(HVCORE_MSR_SIMP, &v);
	if (!ret && (v & HVCORE_SIMP_ENABLE) && !hvcore_synic_takeover) {
		/* somebody else (the in-tree hv_vmbus) runs the SynIC here */
		pr_err("CPU%u: SynIC message page already enabled (SIMP %#llx); is hv_vmbus loaded?\n",
		       cpu, v);
		ret = -EBUSY;
		goto out;
	}
	ret = ret ?: hvcore_be->msr_write(HVCORE_MSR_SIMP, virt_to_phys(sc->simp) | HVCORE_SIMP_ENABLE);
	ret = ret ?: hvcore_be->msr_write(HVCORE_MSR_SIEFP, virt_to_phys(sc->siefp) | HVCORE_SIEFP_ENABLE);
	if (ret)
		goto out;
	sc->up = true;
	for (sint = 0; sint < HVCORE_SINT_COUNT; sint++)
		hvcore_sint_program((void *)(unsigned long)sint);
	ret = hvcore_be->msr_read(HVCORE_MSR_SCONTROL, &v);
	ret = ret ?: hvcore_be->msr_write(HVCORE_MSR_SCONTROL, v | HVCORE_SCONTROL_ENABLE);
	if (ret)
		sc->up = false;
out:
	preempt_enable();
	if (ret)
		pr_err("CPU%u: SynIC setup failed: %d\n", cpu, ret);
	return ret;
}

/* Masks every SINT and disables this CPU's SynIC. Runs on the CPU itself. */
static void hvcore_synic_cpu_disable(void *unused)
{
	struct hvcore_synic_cpu *sc = this_cpu_ptr(&hvcore_synic);
	unsigned int sint;
	u64 v = 0;

	if (!sc->up)
		return;
	for (sint = 0; sint < HVCORE_SINT_COUNT; sint++)
		hvcore_be->msr_write(HVCORE_MSR_SINT(sint), HVCORE_SINT_MASKED);
	hvcore_be->msr_read(HVCORE_MSR_SCONTROL, &v);
	hvcore_be->msr_write(HVCORE_MSR_SCONTROL, v & ~HVCORE_SCONTROL_ENABLE);
	hvcore_be->msr_write(HVCORE_MSR_SIEFP, 0);
	hvcore_be->msr_write(HVCORE_MSR_SIMP, 0);
	sc->up = false;
}

static int hvcore_synic_cpu_offline(unsigned int cpu)
{
	/*
	 * The consumers moved their work off this CPU already (their state
	 * came up after ours, so it goes down first: vmbus.ko retargeted its
	 * channels). An event flag or a message the host set here before it
	 * saw the move would be lost with the pages: hand them over once
	 * more, as the interrupt would, before the SINTs are masked. What a
	 * consumer schedules from here (vmbus.ko's tasklets) moves to a live
	 * CPU with the rest of this CPU's pending work. A message a consumer
	 * leaves in the slot now is lost: vmbus.ko's all go to the CPU that
	 * carries the connection, which it does not let go offline.
	 */
	local_irq_disable();
	rcu_read_lock();
	hvcore_synic_dispatch(this_cpu_ptr(&hvcore_synic));
	rcu_read_unlock();
	hvcore_synic_cpu_disable(NULL);
	local_irq_enable();
	return 0;
}

/**
 * hvcore_synic_shutdown() - disable the SynIC on every online CPU (shutdown.c)
 *
 * For the kernel a kexec starts. The cpuhp state stays registered: the
 * kernel is going away and takes no CPU on- or offline any more.
 *
 * Context: process context (the kexec handler, shutdown.c).
 * Return: the number of CPUs whose SynIC was on.
 */
unsigned int hvcore_synic_shutdown(void)
{
	unsigned int cpu, n = 0;

	cpus_read_lock();
	for_each_online_cpu(cpu)
		n += per_cpu_ptr(&hvcore_synic, cpu)->up;
	on_each_cpu(hvcore_synic_cpu_disable, NULL, 1);
	cpus_read_unlock();
	return n;
}

/**
 * hvcore_synic_crash_cpu() - disable this CPU's SynIC in a crash (shutdown.c)
 *
 * Context: the crashing CPU, interrupts off.
 */
void hvcore_synic_crash_cpu(void)
{
	hvcore_synic_cpu_disable(NULL);
}

/**
 * hvcore_crash_poll_messages() - take a SINT's messages from every CPU's page
 * @sint:	the SINT
 * @fn:		called with each message found (the slot is freed after it)
 * @ctx:	passed to @fn
 *
 * In a crash the other CPUs are stopped or being stopped and this one runs
 * with interrupts off, so no SINT interrupt delivers the host's answers:
 * the host writes them into the slot of the VP it targets, which may be any
 * CPU's. Each message found is handed to @fn and its slot freed. A slot that
 * says more are queued gets an end-of-message from this CPU (the hypervisor
 * takes EOM per VP, so only this VP's queue moves on; in-tree does the same).
 *
 * Context: any, interrupts off; for crash paths.
 * Return: the number of messages @fn returned true for.
 */
unsigned int hvcore_crash_poll_messages(unsigned int sint,
					bool (*fn)(const struct hvcore_message *msg, void *ctx),
					void *ctx)
{
	unsigned int cpu, n = 0;

	if (sint >= HVCORE_SINT_COUNT)
		return 0;
	for_each_possible_cpu(cpu) {
		struct hvcore_synic_cpu *sc = per_cpu_ptr(&hvcore_synic, cpu);
		struct hvcore_message *msg;

		if (!sc->simp || !READ_ONCE(sc->up))
			continue;
		msg = &sc->simp[sint];
		if (READ_ONCE(msg->header.message_type) == HVCORE_MSG_NONE)
			continue;
		n += fn(msg, ctx);
		WRITE_ONCE(msg->header.message_type, HVCORE_MSG_NONE);
		mb();
		if (READ_ONCE(msg->header.message_flags) & HVCORE_MSG_FLAG_PENDING)
			hvcore_be->msr_write(HVCORE_MSR_EOM, 0);
	}
	return n;
}
EXPORT_SYMBOL_GPL(hvcore_crash_poll_messages);

/**
 * hvcore_crash_clear_messages() - empty a SINT's slot on every CPU
 * @sint:	the SINT
 *
 * After the host answered UNLOAD in a crash: a message left in a slot would
 * sit in memory the kdump kernel reads as the crashed kernel's, and a stopped
 * CPU's slot can never be drained otherwise.
 *
 * Context: any, interrupts off; for crash paths.
 */
void hvcore_crash_clear_messages(unsigned int sint)
{
	unsigned int cpu;

	if (sint >= HVCORE_SINT_COUNT)
		return;
	for_each_possible_cpu(cpu) {
		struct hvcore_synic_cpu *sc = per_cpu_ptr(&hvcore_synic, cpu);

		if (sc->simp)
			WRITE_ONCE(sc->simp[sint].header.message_type, HVCORE_MSG_NONE);
	}
}
EXPORT_SYMBOL_GPL(hvcore_crash_clear_messages);

static void hvcore_synic_free_pages(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct hvcore_synic_cpu *sc = per_cpu_ptr(&hvcore_synic, cpu);

		free_page((unsigned long)sc->simp);
		free_page((unsigned long)sc->siefp);
		sc->simp = NULL;
		sc->siefp = NULL;
	}
}

int hvcore_synic_init(void)
{
	unsigned int cpu;
	int ret;

	if (!hvcore_info.has_synic) {
		pr_err("the partition may not use the SynIC (privileges %#llx)\n",
		       hvcore_info.privileges);
		return -ENODEV;
	}
	BUILD_BUG_ON(sizeof(struct hvcore_message) != HVCORE_MESSAGE_SIZE);
	BUILD_BUG_ON(HVCORE_SINT_COUNT * sizeof(struct hvcore_message) > PAGE_SIZE);
	BUILD_BUG_ON(HVCORE_SINT_COUNT * HVCORE_EVENT_FLAGS_BYTES > PAGE_SIZE);

	for_each_possible_cpu(cpu) {
		struct hvcore_synic_cpu *sc = per_cpu_ptr(&hvcore_synic, cpu);

		sc->simp = (void *)__get_free_page(GFP_KERNEL | __GFP_ZERO);
		sc->siefp = (void *)__get_free_page(GFP_KERNEL | __GFP_ZERO);
		if (!sc->simp || !sc->siefp) {
			ret = -ENOMEM;
			goto free_pages;
		}
	}
	hvcore_synic_vector = hvcore_be->irq_vector(HVCORE_IRQ_SYNIC);
	hvcore_synic_auto_eoi = !(hvcore_info.recommendations & HVCORE_REC_NO_AUTO_EOI);
	ret = hvcore_be->set_irq_handler(HVCORE_IRQ_SYNIC, hvcore_synic_isr);
	if (ret) {
		pr_err("cannot hook the SynIC interrupt vector: %d\n", ret);
		goto free_pages;
	}
	ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "hv_core/synic:online",
				hvcore_synic_cpu_online, hvcore_synic_cpu_offline);
	if (ret < 0)
		goto unhook;
	hvcore_synic_hp_state = ret;
	return 0;

unhook:
	hvcore_be->set_irq_handler(HVCORE_IRQ_SYNIC, NULL);
free_pages:
	hvcore_synic_free_pages();
	return ret;
}

void hvcore_synic_exit(void)
{
	cpuhp_remove_state(hvcore_synic_hp_state);
	hvcore_be->set_irq_handler(HVCORE_IRQ_SYNIC, NULL);
	/* an interrupt that was already running has finished after this */
	synchronize_rcu();
	hvcore_synic_free_pages();
}

/**
 * hvcore_sint_register() - consume a SINT's messages and events
 * @sint:	the SINT, below HVCORE_SINT_COUNT
 * @ops:	the consumer's callbacks (see struct hvcore_sint_ops)
 * @ctx:	passed to them
 *
 * Unmasks the SINT on every online CPU and on every CPU that comes online
 * later, until hvcore_sint_unregister().
 *
 * Context: process context; sleeps.
 * Return: 0, -EINVAL for a bad SINT, -EBUSY if it has a consumer already.
 */
int hvcore_sint_register(unsigned int sint, const struct hvcore_sint_ops *ops, void *ctx)
{
	struct hvcore_sint_reg *reg;
	int ret = 0;

	if (sint >= HVCORE_SINT_COUNT || !ops)
		return -EINVAL;
	reg = kzalloc(sizeof(*reg), GFP_KERNEL);
	if (!reg)
		return -ENOMEM;
	reg->ops = ops;
	reg->ctx = ctx;

	mutex_lock(&hvcore_sint_lock);
	if (rcu_access_pointer(hvcore_sints[sint])) {
		ret = -EBUSY;
		goto unlock;
	}
	cpus_read_lock();
	rcu_assign_pointer(hvcore_sints[sint], reg);
	on_each_cpu(hvcore_sint_program, (void *)(unsigned long)sint, 1);
	cpus_read_unlock();
unlock:
	mutex_unlock(&hvcore_sint_lock);
	if (ret)
		kfree(reg);
	return ret;
}
EXPORT_SYMBOL_GPL(hvcore_sint_register);

/**
 * hvcore_sint_unregister() - stop consuming a SINT
 * @sint:	a SINT registered with hvcore_sint_register()
 *
 * Masks the SINT everywhere and waits until no CPU is still inside the
 * consumer's callbacks; after it returns they are never called again.
 *
 * Context: process context; sleeps.
 */
void hvcore_sint_unregister(unsigned int sint)
{
	struct hvcore_sint_reg *reg;

	if (WARN_ON(sint >= HVCORE_SINT_COUNT))
		return;
	mutex_lock(&hvcore_sint_lock);
	cpus_read_lock();
	reg = rcu_dereference_protected(hvcore_sints[sint], lockdep_is_held(&hvcore_sint_lock));
	RCU_INIT_POINTER(hvcore_sints[sint], NULL);
	on_each_cpu(hvcore_sint_program, (void *)(unsigned long)sint, 1);
	cpus_read_unlock();
	mutex_unlock(&hvcore_sint_lock);
	synchronize_rcu();
	kfree(reg);
}
EXPORT_SYMBOL_GPL(hvcore_sint_unregister);

/**
 * hvcore_event_scan() - claim and report the set bits of an event-flag array
 * @flags:	the array (from struct hvcore_sint_ops.event)
 * @nbits:	how many bits to scan, at most HVCORE_EVENT_FLAGS_BITS
 * @fn:		called once per set bit, with the bit number
 * @ctx:	passed to @fn
 *
 * Each word is cleared atomically as it is read, so a flag the hypervisor
 * sets during the scan is reported either now or by the next interrupt.
 *
 * Context: any.
 * Return: the number of bits reported.
 */
unsigned int hvcore_event_scan(unsigned long *flags, unsigned int nbits,
			       void (*fn)(unsigned int bit, void *ctx), void *ctx)
{
	unsigned int i, n = 0, words = DIV_ROUND_UP(min_t(unsigned int, nbits,
							   HVCORE_EVENT_FLAGS_BITS), BITS_PER_LONG);

	for (i = 0; i < words; i++) {
		unsigned long w;
		unsigned int bit;

		if (!READ_ONCE(flags[i]))
			continue;
		w = xchg(&flags[i], 0);
		for_each_set_bit(bit, &w, BITS_PER_LONG) {
			if (i * BITS_PER_LONG + bit >= nbits)
				break;
			fn(i * BITS_PER_LONG + bit, ctx);
			n++;
		}
	}
	return n;
}
EXPORT_SYMBOL_GPL(hvcore_event_scan);

/**
 * hvcore_stimer_irq_register() - take the direct-mode synthetic timer interrupt
 * @handler:	called in hard interrupt context on the CPU whose timer fired
 * @vector:	set to the vector to program into STIMERx_CONFIG
 *
 * Context: process context.
 * Return: 0, -EBUSY if taken, -ENODEV if this kernel cannot hook the vector.
 */
int hvcore_stimer_irq_register(void (*handler)(void), u8 *vector)
{
	int ret = hvcore_be->set_irq_handler(HVCORE_IRQ_STIMER, handler);

	if (!ret)
		*vector = hvcore_be->irq_vector(HVCORE_IRQ_STIMER);
	return ret;
}
EXPORT_SYMBOL_GPL(hvcore_stimer_irq_register);

/**
 * hvcore_stimer_irq_unregister() - release the direct-mode timer interrupt
 *
 * Context: process context; sleeps until a running handler has returned.
 */
void hvcore_stimer_irq_unregister(void)
{
	hvcore_be->set_irq_handler(HVCORE_IRQ_STIMER, NULL);
	synchronize_rcu();
}
EXPORT_SYMBOL_GPL(hvcore_stimer_irq_unregister);

void hvcore_synic_show(struct seq_file *m)
{
	unsigned int cpu, sint;

	seq_printf(m, "synic_vector: %#x\nauto_eoi: %d\nsints:", hvcore_synic_vector,
		   hvcore_synic_auto_eoi);
	for (sint = 0; sint < HVCORE_SINT_COUNT; sint++)
		if (rcu_access_pointer(hvcore_sints[sint]))
			seq_printf(m, " %u", sint);
	seq_puts(m, "\n");
	for_each_possible_cpu(cpu) {
		struct hvcore_synic_cpu *sc = per_cpu_ptr(&hvcore_synic, cpu);
		u64 msgs = 0;

		for (sint = 0; sint < HVCORE_SINT_COUNT; sint++)
			msgs += sc->messages[sint];
		seq_printf(m, "cpu%u: %s vp=%u interrupts=%llu messages=%llu unclaimed=%llu held=%llu eoms=%llu\n",
			   cpu, sc->up ? "up" : "down", per_cpu(hvcore_vp_idx, cpu), sc->interrupts,
			   msgs, sc->unclaimed, sc->held, sc->eoms);
	}
}
