// SPDX-License-Identifier: GPL-2.0
/*
 * vmbus_fakebus: registers an empty bus named "vmbus", standing in for the
 * kernel's own hv_vmbus (which registers its bus only on real Hyper-V), so
 * that the VM tests can check that vmbus.ko refuses to load beside it.
 * Test-only (HVL_TEST_MODULES), never installed.
 */
#include <linux/device.h>
#include <linux/module.h>

static struct bus_type fakebus = {
	.name = "vmbus",
};

static int __init fakebus_init(void)
{
	return bus_register(&fakebus);
}

static void __exit fakebus_exit(void)
{
	bus_unregister(&fakebus);
}

module_init(fakebus_init);
module_exit(fakebus_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("an empty bus named vmbus, as the in-tree hv_vmbus registers; tests only");
