// SPDX-License-Identifier: GPL-2.0
/*
 * Handing the partition to the next kernel: kexec, and kdump after a crash.
 *
 * Nothing resets the hypervisor's state of a partition when its kernel kexecs:
 * every VP's SynIC pages and SINTs, the hypercall page overlay and the guest OS
 * ID stay as the old kernel left them. The next kernel would find the SynIC
 * live (and hv_core refuses to load beside a live SynIC, hvcore_synic_check_free),
 * and the hypervisor would go on overlaying and writing pages that the new
 * kernel hands out as ordinary memory.
 *
 * A kexec runs the reboot notifiers, then device shutdown (vmbus.ko UNLOADs
 * at its end, waiting as long as a slow host needs), then the machine shutdown. On
 * Hyper-V the kernel's platform code calls the handler a driver registered
 * with hv_setup_kexec_handler() at the start of the machine shutdown, in
 * process context, every CPU still online; under hv_sim the sim's platform
 * calls it after device shutdown. hv_core owns that slot: it runs its
 * shutdown notifier chain (hv_timer stops every CPU's stimer and its TSC
 * page), masks every SINT and disables the SynIC on every CPU, then blocks
 * further hypercalls and disables the hypercall page and clears the guest OS
 * ID where hv_core set them (a kernel that set them itself resets them in its
 * own machine shutdown, right after).
 *
 * A crash into a kdump kernel runs none of that (and, by default, no panic
 * notifier before the jump either): the kernel's machine crash shutdown calls
 * the platform's crash handler (hv_setup_crash_handler() on Hyper-V; hv_sim's
 * platform under the sim) on the crashing CPU, interrupts off, before it
 * stops the other CPUs. hv_core runs the same chain with the crash event:
 * vmbus.ko UNLOADs and polls every CPU's message page for the answer,
 * hv_timer stops this CPU's stimer. Then this CPU's SynIC is disabled. The
 * other CPUs' SynICs stay on: they are about to be stopped and cannot be
 * reached. The kdump kernel's hv_core knows it is one and takes them over
 * (synic_check.c); the hypercall page is left alone, as other CPUs may still
 * be in a hypercall, and the kdump kernel, which runs in memory the old
 * kernel never used, replaces it (partition.c).
 *
 * Lifetimes: the chain is an atomic notifier chain (RCU): a notifier
 * unregistered on module unload is never called after the unregistration
 * returns. The two handlers are installed from load to unload.
 */
#include <linux/atomic.h>
#include <linux/notifier.h>
#include <linux/smp.h>

#include "internal.h"

static ATOMIC_NOTIFIER_HEAD(hvcore_shutdown_chain);
static atomic_t hvcore_crashing = ATOMIC_INIT(0);
static bool hvcore_crash_hooked, hvcore_kexec_hooked;

/**
 * hvcore_shutdown_notifier_register() - be called before a kexec or a kdump
 * @nb:		notifier; its callback gets the event and, for
 *		HVCORE_SHUTDOWN_CRASH, the crash's struct pt_regs *:
 *		HVCORE_SHUTDOWN_KEXEC: process context, interrupts on, every
 *		CPU online, after device shutdown; it must not sleep;
 *		HVCORE_SHUTDOWN_CRASH: the crashing CPU with interrupts off
 *		while the other CPUs are being stopped: no sleeping, no locks
 *		that a stopped CPU may hold, no allocation
 *
 * Context: process context.
 * Return: 0.
 */
int hvcore_shutdown_notifier_register(struct notifier_block *nb)
{
	return atomic_notifier_chain_register(&hvcore_shutdown_chain, nb);
}
EXPORT_SYMBOL_GPL(hvcore_shutdown_notifier_register);

/**
 * hvcore_shutdown_notifier_unregister() - undo hvcore_shutdown_notifier_register()
 * @nb:		the notifier
 *
 * Context: process context; sleeps until no CPU runs @nb any more.
 */
void hvcore_shutdown_notifier_unregister(struct notifier_block *nb)
{
	atomic_notifier_chain_unregister(&hvcore_shutdown_chain, nb);
}
EXPORT_SYMBOL_GPL(hvcore_shutdown_notifier_unregister);

/* The platform's crash handler: machine_crash_shutdown, on the crashing CPU. */
static void hvcore_crash_shutdown(struct pt_regs *regs)
{
	/* a second crash inside the first goes straight on to the kdump kernel */
	if (atomic_xchg(&hvcore_crashing, 1))
		return;
	atomic_notifier_call_chain(&hvcore_shutdown_chain, HVCORE_SHUTDOWN_CRASH, regs);
	hvcore_synic_crash_cpu();
	pr_emerg("crash: SynIC of CPU%u disabled; the kdump kernel takes over the others'\n",
		 smp_processor_id());
}

/* The platform's kexec handler: machine shutdown, process context. */
static void hvcore_kexec_shutdown(void)
{
	unsigned int n;

	atomic_notifier_call_chain(&hvcore_shutdown_chain, HVCORE_SHUTDOWN_KEXEC, NULL);
	n = hvcore_synic_shutdown();
	hvcore_partition_shutdown();
	pr_info("kexec: SynIC disabled on %u CPUs, hypercalls stopped, for the next kernel\n", n);
}

int hvcore_shutdown_init(void)
{
	int ret;

	/* without them a kdump kernel still loads (synic_check.c), a kexec'd one not */
	ret = hvcore_be->set_kexec_handler ? hvcore_be->set_kexec_handler(hvcore_kexec_shutdown) :
					     -ENODEV;
	hvcore_kexec_hooked = !ret;
	ret = hvcore_be->set_crash_handler ? hvcore_be->set_crash_handler(hvcore_crash_shutdown) :
					     -ENODEV;
	hvcore_crash_hooked = !ret;
	if (!hvcore_kexec_hooked || !hvcore_crash_hooked)
		pr_info("no %s handler hook in this kernel: the partition is not cleaned up for the next kernel there\n",
			!hvcore_kexec_hooked && !hvcore_crash_hooked ? "kexec or crash" :
			!hvcore_kexec_hooked ? "kexec" : "crash");
	return 0;
}

void hvcore_shutdown_exit(void)
{
	if (hvcore_crash_hooked)
		hvcore_be->set_crash_handler(NULL);
	if (hvcore_kexec_hooked)
		hvcore_be->set_kexec_handler(NULL);
	hvcore_crash_hooked = false;
	hvcore_kexec_hooked = false;
}

void hvcore_shutdown_show(struct seq_file *m)
{
	seq_printf(m, "kexec_handler: %s\ncrash_handler: %s\n",
		   hvcore_kexec_hooked ? "hooked" : "none", hvcore_crash_hooked ? "hooked" : "none");
}
