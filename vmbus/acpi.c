// SPDX-License-Identifier: GPL-2.0
/*
 * The VMBus ACPI device. On Hyper-V the firmware describes VMBus as an ACPI
 * device with the hardware ID "VMBUS" (older firmware: "VMBus"), and the
 * MMIO ranges the host leaves for devices (PCI pass-through, the synthetic
 * framebuffer) in the _CRS of that device or of an ancestor (the "VMOD"
 * module device). Linux enumerates it as the platform device VMBUS:00;
 * this driver binds it, so that udev loads vmbus.ko by its modalias
 * (acpi*:VMBUS:*), records the ranges and makes the device the parent of
 * every VMBus device, as the kernel's own driver does.
 *
 * Under hv_sim there is no such device unless a test adds one (an SSDT):
 * the devices then hang under the platform device hvl_vmbus (shutdown.c).
 *
 * The ranges come from firmware: at most VMB_MMIO_MAX are kept, empty or
 * wrapping ones are skipped and counted.
 */
#include <linux/acpi.h>
#include <linux/debugfs.h>
#include <linux/platform_device.h>
#include <linux/seq_file.h>

#include "internal.h"

#define VMB_MMIO_MAX	8

struct vmb_mmio {
	u64 start, end;		/* inclusive */
};

static struct vmb_mmio vmb_mmio[VMB_MMIO_MAX];
static unsigned int vmb_mmio_count, vmb_mmio_skipped;
static struct platform_device *vmb_acpi_pdev;

static acpi_status vmb_acpi_resource(struct acpi_resource *res, void *ctx)
{
	struct acpi_resource_address64 a;

	if (res->type != ACPI_RESOURCE_TYPE_ADDRESS32 && res->type != ACPI_RESOURCE_TYPE_ADDRESS64)
		return AE_OK;
	if (ACPI_FAILURE(acpi_resource_to_address64(res, &a)) ||
	    a.resource_type != ACPI_MEMORY_RANGE)
		return AE_OK;
	if (!a.address.address_length ||
	    a.address.minimum + a.address.address_length - 1 < a.address.minimum ||
	    vmb_mmio_count == VMB_MMIO_MAX) {
		vmb_mmio_skipped++;
		return AE_OK;
	}
	vmb_mmio[vmb_mmio_count].start = a.address.minimum;
	vmb_mmio[vmb_mmio_count].end = a.address.minimum + a.address.address_length - 1;
	vmb_mmio_count++;
	return AE_OK;
}

static int vmb_acpi_probe(struct platform_device *pdev)
{
	struct acpi_device *adev = ACPI_COMPANION(&pdev->dev);
	unsigned int i;

	if (!adev)
		return -ENODEV;
	/* one VMBus per partition: a second such device is not ours to drive */
	if (vmb_acpi_pdev) {
		dev_warn(&pdev->dev, "a second VMBus ACPI device: ignored\n");
		return -EBUSY;
	}
	/* the device's own ranges, else the nearest ancestor's that has any */
	for (; adev && !vmb_mmio_count; adev = acpi_dev_parent(adev))
		acpi_walk_resources(adev->handle, METHOD_NAME__CRS, vmb_acpi_resource, NULL);
	vmb_acpi_pdev = pdev;
	for (i = 0; i < vmb_mmio_count; i++)
		dev_info(&pdev->dev, "MMIO for devices: %#llx-%#llx\n",
			 vmb_mmio[i].start, vmb_mmio[i].end);
	if (vmb_mmio_skipped)
		dev_warn(&pdev->dev, "%u MMIO ranges of the firmware skipped (empty, wrapping or past %u)\n",
			 vmb_mmio_skipped, VMB_MMIO_MAX);
	return 0;
}

static const struct acpi_device_id vmb_acpi_ids[] = {
	{ "VMBUS", 0 },
	{ "VMBus", 0 },
	{ }
};
MODULE_DEVICE_TABLE(acpi, vmb_acpi_ids);

static struct platform_driver vmb_acpi_driver = {
	.driver = {
		.name = "hvl_vmbus_acpi",
		.acpi_match_table = vmb_acpi_ids,
	},
	.probe = vmb_acpi_probe,
};

/**
 * vmb_parent_device() - the parent of every VMBus device
 *
 * Context: any; the result lives until vmb_acpi_exit() and
 *	    vmb_shutdown_exit(), which run after every device is gone.
 * Return: the ACPI VMBus device when there is one, else hvl_vmbus.
 */
struct device *vmb_parent_device(void)
{
	return vmb_acpi_pdev ? &vmb_acpi_pdev->dev : vmb_shutdown_device();
}

static int vmb_mmio_show(struct seq_file *m, void *v)
{
	unsigned int i;

	seq_printf(m, "acpi_device: %s\n", vmb_acpi_pdev ? dev_name(&vmb_acpi_pdev->dev) : "none");
	for (i = 0; i < vmb_mmio_count; i++)
		seq_printf(m, "mmio: %#llx-%#llx\n", vmb_mmio[i].start, vmb_mmio[i].end);
	seq_printf(m, "mmio_skipped: %u\n", vmb_mmio_skipped);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vmb_mmio);

/* Binds the ACPI device if there is one (probe runs in here). */
int vmb_acpi_init(void)
{
	int ret = platform_driver_register(&vmb_acpi_driver);

	if (ret)
		pr_err("cannot register the ACPI driver (%d)\n", ret);
	return ret;
}

/* debugfs vmbus/acpi: the device bound and its MMIO ranges */
void vmb_acpi_debugfs(struct dentry *dir)
{
	debugfs_create_file("acpi", 0444, dir, NULL, &vmb_mmio_fops);
}

/* After every VMBus device is gone: they are the ACPI device's children. */
void vmb_acpi_exit(void)
{
	platform_driver_unregister(&vmb_acpi_driver);
	vmb_acpi_pdev = NULL;
	vmb_mmio_count = 0;
	vmb_mmio_skipped = 0;
}
