// SPDX-License-Identifier: GPL-2.0
/*
 * synic_owner: a stand-in for the kernel's own VMBus driver (hv_vmbus) in the
 * VM tests, so that hv_core can be tested beside a SynIC it does not own.
 *
 * It does what hv_vmbus does on Hyper-V, through hv_sim's backend directly
 * (taken with symbol_get, as hv_core takes it), never through hv_core: on
 * every online CPU it enables a message page and an event page, unmasks
 * SINT 2 with the SynIC vector and enables SCONTROL, and it hooks the vector
 * with its own handler. The handler counts interrupts and consumes SINT 2's
 * message (slot type back to NONE, EOM when one is pending), so the scenario
 * can see that the owner still hears its interrupts after hv_core tried to
 * load: debugfs synic_owner/interrupts and synic_owner/messages.
 *
 * The CPUs stay online while it is loaded (the scenario does no hotplug).
 * Test-only: built with HVL_TEST_MODULES=m, never installed.
 */
#include <linux/atomic.h>
#include <linux/cpu.h>
#include <linux/debugfs.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/smp.h>

#include "hv_core/hvcore.h"

#define SO_SINT		2	/* the VMBus SINT */

struct so_cpu {
	struct hvcore_message *simp;
	void *siefp;
};

static DEFINE_PER_CPU(struct so_cpu, so_cpu);
static const struct hvcore_backend *so_be;
static atomic_t so_interrupts, so_messages;
static struct dentry *so_dir;

/* The hooked vector: hard interrupt context, on the CPU it targets. */
static void so_isr(void)
{
	struct hvcore_message *slot = this_cpu_ptr(&so_cpu)->simp + SO_SINT;

	atomic_inc(&so_interrupts);
	if (READ_ONCE(slot->header.message_type) == HVCORE_MSG_NONE)
		return;
	atomic_inc(&so_messages);
	WRITE_ONCE(slot->header.message_type, HVCORE_MSG_NONE);
	/* the free slot before the EOM that asks for the next message */
	mb();
	if (READ_ONCE(slot->header.message_flags) & HVCORE_MSG_FLAG_PENDING)
		so_be->msr_write(HVCORE_MSR_EOM, 0);
}

static void so_cpu_up(void *unused)
{
	struct so_cpu *c = this_cpu_ptr(&so_cpu);
	u64 v = 0;

	so_be->msr_write(HVCORE_MSR_SIMP, virt_to_phys(c->simp) | HVCORE_SIMP_ENABLE);
	so_be->msr_write(HVCORE_MSR_SIEFP, virt_to_phys(c->siefp) | HVCORE_SIEFP_ENABLE);
	so_be->msr_write(HVCORE_MSR_SINT(SO_SINT), so_be->irq_vector(HVCORE_IRQ_SYNIC));
	so_be->msr_read(HVCORE_MSR_SCONTROL, &v);
	so_be->msr_write(HVCORE_MSR_SCONTROL, v | HVCORE_SCONTROL_ENABLE);
}

static void so_cpu_down(void *unused)
{
	u64 v = 0;

	so_be->msr_write(HVCORE_MSR_SINT(SO_SINT), HVCORE_SINT_MASKED);
	so_be->msr_read(HVCORE_MSR_SCONTROL, &v);
	so_be->msr_write(HVCORE_MSR_SCONTROL, v & ~HVCORE_SCONTROL_ENABLE);
	so_be->msr_write(HVCORE_MSR_SIEFP, 0);
	so_be->msr_write(HVCORE_MSR_SIMP, 0);
}

static void so_free_pages(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		free_page((unsigned long)per_cpu(so_cpu, cpu).simp);
		free_page((unsigned long)per_cpu(so_cpu, cpu).siefp);
	}
}

static int __init so_init(void)
{
	unsigned int cpu;
	int ret;

	so_be = symbol_get(hvsim_backend);
	if (!so_be) {
		pr_err("hv_sim is not loaded\n");
		return -ENODEV;
	}
	for_each_possible_cpu(cpu) {
		struct so_cpu *c = per_cpu_ptr(&so_cpu, cpu);

		c->simp = (void *)__get_free_page(GFP_KERNEL | __GFP_ZERO);
		c->siefp = (void *)__get_free_page(GFP_KERNEL | __GFP_ZERO);
		if (!c->simp || !c->siefp) {
			ret = -ENOMEM;
			goto free_pages;
		}
	}
	ret = so_be->set_irq_handler(HVCORE_IRQ_SYNIC, so_isr);
	if (ret)
		goto free_pages;
	cpus_read_lock();
	on_each_cpu(so_cpu_up, NULL, 1);
	cpus_read_unlock();
	so_dir = debugfs_create_dir("synic_owner", NULL);
	debugfs_create_atomic_t("interrupts", 0444, so_dir, &so_interrupts);
	debugfs_create_atomic_t("messages", 0444, so_dir, &so_messages);
	pr_info("owns the SynIC (SINT %u) and its vector on %u CPUs\n", SO_SINT, num_online_cpus());
	return 0;

free_pages:
	so_free_pages();
	symbol_put(hvsim_backend);
	return ret;
}

static void __exit so_exit(void)
{
	debugfs_remove_recursive(so_dir);
	cpus_read_lock();
	on_each_cpu(so_cpu_down, NULL, 1);
	cpus_read_unlock();
	so_be->set_irq_handler(HVCORE_IRQ_SYNIC, NULL);
	/* an interrupt already running has finished after this */
	synchronize_rcu();
	so_free_pages();
	symbol_put(hvsim_backend);
}

module_init(so_init);
module_exit(so_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("stand-in for the in-tree VMBus driver's SynIC, for the VM tests; never installed");
