// SPDX-License-Identifier: GPL-2.0
/*
 * debug_canary: plants the bugs the debug kernel must catch, on request,
 * so that the VM suite proves its checkers work (95-debug-canary) rather
 * than trusting that a clean run means a clean stack. Test-only, never
 * installed.
 *
 *   plant=leak        allocate 128 bytes and drop the pointer: kmemleak
 *                     reports it once it is 5 s old and a scan runs
 *   plant=inversion   take lock A then B, later B then A (never at the same
 *                     time, so nothing deadlocks): lockdep reports the
 *                     circular dependency at the second order
 *   plant=slab        allocate 128 bytes from kmalloc and keep them past the
 *                     module's unload, hidden from kmemleak: the slab leak
 *                     check (module_objs, on every kernel) must count one
 *                     object more from unloaded code (25-slab-canary)
 *
 * The module loads (returns 0) after planting, so that the scenario can read
 * the reports and unload it.
 */
#include <linux/kmemleak.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>

static char *plant = "";
module_param(plant, charp, 0444);
MODULE_PARM_DESC(plant, "bug to plant at load: leak, slab or inversion");

static DEFINE_MUTEX(canary_a);
static DEFINE_MUTEX(canary_b);

static noinline void canary_leak(void)
{
	char *p = kmalloc(128, GFP_KERNEL);

	if (p)
		memset(p, 0x5a, 128);	/* written, then forgotten */
}

/*
 * Lost on purpose and for good: the VM it runs in is powered off after its
 * scenarios. kmemleak is told, as its final scan must stay clean.
 */
static noinline void canary_slab(void)
{
	char *p = kmalloc(128, GFP_KERNEL);

	kmemleak_ignore(p);
}

static noinline void canary_inversion(void)
{
	mutex_lock(&canary_a);
	mutex_lock(&canary_b);
	mutex_unlock(&canary_b);
	mutex_unlock(&canary_a);

	mutex_lock(&canary_b);
	mutex_lock(&canary_a);
	mutex_unlock(&canary_a);
	mutex_unlock(&canary_b);
}

static int __init canary_init(void)
{
	if (!strcmp(plant, "leak")) {
		canary_leak();
	} else if (!strcmp(plant, "slab")) {
		canary_slab();
	} else if (!strcmp(plant, "inversion")) {
		canary_inversion();
	} else {
		pr_err("plant=%s: expected leak, slab or inversion\n", plant);
		return -EINVAL;
	}
	pr_info("planted: %s\n", plant);
	return 0;
}

static void __exit canary_exit(void)
{
}

module_init(canary_init);
module_exit(canary_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("test only: plants a leak or a lock inversion for the checkers to catch");
