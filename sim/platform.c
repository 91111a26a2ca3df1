// SPDX-License-Identifier: GPL-2.0
/*
 * The platform around the hypervisor: the kernel's kexec and crash paths.
 *
 * On Hyper-V the kernel's platform code (arch/x86/kernel/cpu/mshyperv.c)
 * replaces the machine shutdown and the machine crash shutdown with ones
 * that first call the handlers a driver registered with
 * hv_setup_kexec_handler() and hv_setup_crash_handler(): hv_core's, which
 * leave the partition fit for the next kernel. That platform code runs only
 * on Hyper-V, so hv_sim makes the same calls at the nearest points it can
 * reach from a module:
 * - kexec: the shutdown callback of hv_sim's own platform device, which
 *   device shutdown calls after the devices registered later (every VMBus
 *   device), in process context with every CPU online, as the Hyper-V
 *   platform's machine shutdown is. It runs on reboot and power off too,
 *   where Hyper-V's runs only on kexec: the handler must be harmless there.
 * - crash: a kprobe at the entry of native_machine_crash_shutdown() calls
 *   the handler on the crashing CPU, with interrupts off and the other CPUs
 *   not yet stopped, exactly where the Hyper-V platform calls it. Without
 *   kprobes (or that symbol) the hook is missing and the backend says so
 *   (-ENODEV), as a kernel without CONFIG_HYPERV would.
 * Right after each, hv_sim writes the partition's state for the next kernel
 * (handoff.c).
 *
 * It also marks the guest as crashing, from that hook and from a panic
 * notifier that runs before every other: the host half then answers UNLOAD
 * at once, inside the guest's post (vmbus_crash.c). A real host runs on its
 * own CPUs and answers a crashed guest; this one runs on the guest's, whose
 * workqueues no longer run once it crashes.
 *
 * Lifetimes: the handlers are hv_core's; hv_core removes them before it
 * drops the backend, so they never run after hv_core is gone. The kprobe and
 * the platform device live from load to unload.
 */
#include <linux/atomic.h>
#include <linux/kprobes.h>
#include <linux/notifier.h>
#include <linux/panic_notifier.h>
#include <linux/platform_device.h>
#include <linux/ptrace.h>

#include "hvsim.h"

static void (*hvsim_kexec_handler)(void);
static void (*hvsim_crash_handler)(struct pt_regs *regs);
static atomic_t hvsim_crashing = ATOMIC_INIT(0);
static bool hvsim_crash_hooked;
static struct platform_device *hvsim_pdev;

/**
 * hvsim_guest_crashing() - has the guest kernel begun to crash or panic?
 *
 * Context: any.
 */
bool hvsim_guest_crashing(void)
{
	return atomic_read(&hvsim_crashing);
}

/* native_machine_crash_shutdown(struct pt_regs *regs): the crashing CPU */
static int hvsim_crash_kp_pre(struct kprobe *p, struct pt_regs *regs)
{
	void (*handler)(struct pt_regs *regs) = READ_ONCE(hvsim_crash_handler);

	atomic_set(&hvsim_crashing, 1);
	if (handler)
		handler((struct pt_regs *)regs->di);
	hvsim_handoff_save("crash");
	return 0;
}

static struct kprobe hvsim_crash_kp = {
	.symbol_name = "native_machine_crash_shutdown",
	.pre_handler = hvsim_crash_kp_pre,
};

static int hvsim_panic_notify(struct notifier_block *nb, unsigned long code, void *unused)
{
	atomic_set(&hvsim_crashing, 1);
	return NOTIFY_DONE;
}

static struct notifier_block hvsim_panic_nb = {
	.notifier_call = hvsim_panic_notify,
	.priority = INT_MAX,	/* before any guest driver's */
};

/* device shutdown: the kexec (and reboot, power off) machine shutdown's stand-in */
static void hvsim_pdev_shutdown(struct platform_device *pdev)
{
	void (*handler)(void) = READ_ONCE(hvsim_kexec_handler);

	if (handler)
		handler();
	hvsim_handoff_save("kexec/reboot");
}

static struct platform_driver hvsim_pdrv = {
	.driver.name = "hv_sim",
	.shutdown = hvsim_pdev_shutdown,
};

/* the backend's set_kexec_handler */
int hvsim_set_kexec_handler(void (*handler)(void))
{
	if (!hvsim_pdev)
		return -ENODEV;
	WRITE_ONCE(hvsim_kexec_handler, handler);
	return 0;
}

/* the backend's set_crash_handler */
int hvsim_set_crash_handler(void (*handler)(struct pt_regs *regs))
{
	if (!hvsim_crash_hooked)
		return -ENODEV;
	WRITE_ONCE(hvsim_crash_handler, handler);
	return 0;
}

void hvsim_platform_init(void)
{
	int ret;

	ret = platform_driver_register(&hvsim_pdrv);
	if (!ret) {
		hvsim_pdev = platform_device_register_simple("hv_sim", -1, NULL, 0);
		if (IS_ERR(hvsim_pdev)) {
			ret = PTR_ERR(hvsim_pdev);
			hvsim_pdev = NULL;
			platform_driver_unregister(&hvsim_pdrv);
		}
	}
	if (ret)
		pr_info("no kexec hook (platform device: %d): the guest gets no kexec handler\n", ret);

	ret = register_kprobe(&hvsim_crash_kp);
	if (ret)
		pr_info("no crash hook (kprobe on %s: %d): the guest gets no crash handler\n",
			hvsim_crash_kp.symbol_name, ret);
	hvsim_crash_hooked = !ret;
	atomic_notifier_chain_register(&panic_notifier_list, &hvsim_panic_nb);
}

void hvsim_platform_exit(void)
{
	atomic_notifier_chain_unregister(&panic_notifier_list, &hvsim_panic_nb);
	if (hvsim_crash_hooked)
		unregister_kprobe(&hvsim_crash_kp);
	hvsim_crash_hooked = false;
	if (hvsim_pdev) {
		platform_device_unregister(hvsim_pdev);
		platform_driver_unregister(&hvsim_pdrv);
	}
	hvsim_pdev = NULL;
}
