// SPDX-License-Identifier: GPL-2.0
/*
 * UNLOAD at reboot, halt, power off and kexec, after the last VMBus device
 * has shut down.
 *
 * The host keeps our connection, and goes on writing the pages we shared
 * with it, across a kexec unless we UNLOAD; the next kernel owns those
 * pages. UNLOAD also closes every channel at once, so it has to come after
 * the last driver that still talks to the host. The reboot notifiers are
 * too early for that: device shutdown runs after them, and a SCSI disk's
 * shutdown flushes its write cache through storvsc (sd_shutdown), which
 * would wait for SCSI timeouts on a connection already gone.
 *
 * device_shutdown() walks the devices newest first. vmbus.ko registers a
 * platform device of its own before it connects, so before every channel
 * device and everything below one (a SCSI host and its disks, a NIC): its
 * shutdown callback runs after all of theirs, and sends UNLOAD there. Only
 * a deferred probe, a device link or device_move() moves a device to the
 * end of that list; this one binds at registration and has neither. After
 * it, on Hyper-V, comes the kernel's machine
 * shutdown with hv_core's kexec handler; under hv_sim, hv_sim's own
 * platform device, registered before ours, stands in for it.
 *
 * Lifetimes: the device and its driver are registered before the
 * connection is made and unregistered first thing at module unload, so the
 * callback never runs on a module that is going away; it sends nothing
 * unless the connection is up.
 */
#include <linux/kernel.h>
#include <linux/platform_device.h>

#include "internal.h"

#define VMB_PDEV_NAME "hvl_vmbus"

static struct platform_device *vmb_pdev;

static void vmb_pdev_shutdown(struct platform_device *pdev)
{
	const char *what = system_state == SYSTEM_HALT ? "halt" :
			   system_state == SYSTEM_POWER_OFF ? "power off" : "reboot";
	int ret;

	/*
	 * Reboot, halt, power off and kexec all pass here. Drivers without
	 * a shutdown callback leave their channels open: the host closes
	 * them with the connection.
	 */
	if (READ_ONCE(vmb_conn.state) != VMB_CONNECTED)
		return;
	ret = vmb_disconnect_shutdown(what);
	if (ret)
		pr_warn("%s: UNLOAD not answered by the host (%d)\n", what, ret);
	else
		pr_info("%s: UNLOAD answered by the host\n", what);
}

static struct platform_driver vmb_pdrv = {
	.driver.name = VMB_PDEV_NAME,
	.shutdown = vmb_pdev_shutdown,
};

/**
 * vmb_shutdown_init() - register the device whose shutdown sends UNLOAD
 *
 * Call before the connection is made, so that every channel device is
 * newer than this one.
 *
 * Context: process context (module load).
 * Return: 0, or a negative errno (the module does not load).
 */
int vmb_shutdown_init(void)
{
	int ret;

	ret = platform_driver_register(&vmb_pdrv);
	if (ret)
		goto fail;
	vmb_pdev = platform_device_register_simple(VMB_PDEV_NAME, PLATFORM_DEVID_NONE, NULL, 0);
	if (IS_ERR(vmb_pdev)) {
		ret = PTR_ERR(vmb_pdev);
		vmb_pdev = NULL;
		goto unregister_driver;
	}
	return 0;

unregister_driver:
	platform_driver_unregister(&vmb_pdrv);
fail:
	pr_err("no shutdown device (%d): reboot and kexec could not UNLOAD; not loading\n", ret);
	return ret;
}

/* hvl_vmbus: also the parent of the VMBus devices when there is no ACPI one */
struct device *vmb_shutdown_device(void)
{
	return &vmb_pdev->dev;
}

/**
 * vmb_shutdown_exit() - remove the device; no UNLOAD from shutdown after this
 *
 * Context: process context (module unload or a failed load), after every
 * VMBus device is gone: they may be its children.
 */
void vmb_shutdown_exit(void)
{
	platform_device_unregister(vmb_pdev);
	vmb_pdev = NULL;
	platform_driver_unregister(&vmb_pdrv);
}
