// SPDX-License-Identifier: GPL-2.0
/*
 * hv_sim: a simulated Hyper-V hypervisor, in the VM it runs in.
 *
 * hv_sim implements the hypervisor side of the Hyper-V guest interface
 * (CPUID leaves, synthetic MSRs, HvPostMessage/HvSignalEvent, SynIC message
 * and event delivery, synthetic timers, the reference TSC page, crash MSRs)
 * and exports it as hvsim_backend, the struct hvcore_backend that hv_core
 * takes with symbol_get() when the real CPU shows no Hyper-V. The guest
 * modules above hv_core then run unchanged, as on Hyper-V. The host half
 * (VMBus server and device back ends) plugs into hvsim.h's host hook.
 *
 * Parameters:
 *   host=ws2012r2|ws2016|ws2019|ws2022|azure	host generation (default ws2019)
 *   handoff=<physical address>	the partition's state across kexec (handoff.c)
 *   ic=none|all|<service,...>	integration services offered from the
 *				start, as a host does (dev_ic.c; default none)
 *
 * Load order of the parts, and the reverse on unload:
 *   generation, reference time, crash record, VPs (SynIC, stimers, cpuhp),
 *   handoff (state from a previous kernel), preset, host half (VMBus
 *   server), platform (kexec and crash hooks), debugfs. hv_core pins hv_sim while
 *   it holds the backend, so at unload no guest is using it; only host-half
 *   callers and debugfs may still be, and debugfs is removed first.
 *
 * hv_sim refuses to load on a real Hyper-V (or a hypervisor presenting the
 * Hyper-V interface): hv_core would use the real one anyway.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "hvsim.h"
#include "ic_host.h"
#include "vmbus_host.h"

static char *host = "ws2019";
module_param(host, charp, 0444);
MODULE_PARM_DESC(host, "emulated host generation: ws2012r2, ws2016, ws2019 (default), ws2022, azure");

static char *isolation = "none";
module_param(isolation, charp, 0444);
MODULE_PARM_DESC(isolation,
		 "report a confidential VM of this isolation type: none (default), vbs, snp, tdx");

static char *vp_index = "identity";
module_param(vp_index, charp, 0444);
MODULE_PARM_DESC(vp_index,
		 "how VPs are numbered: identity (the CPU number, default), reverse, offset (CPU number + 2)");

static char *ic = "none";
module_param(ic, charp, 0444);
MODULE_PARM_DESC(ic, "integration services offered from the start: none (default), all, or a comma list of heartbeat, shutdown, timesync, kvp, vss, fcopy");

static char *devices = "";
module_param(devices, charp, 0444);
MODULE_PARM_DESC(devices,
		 "devices offered from the start, in new_device's syntax, ';' between them (e.g. \"disk image=0x100000000 size=2G\")");

static bool preset_partition;
module_param(preset_partition, bool, 0444);
MODULE_PARM_DESC(preset_partition,
		 "start with a guest OS ID set and a hypercall page enabled, as a kernel with built-in Hyper-V support leaves them");

struct hvsim_stats hvsim_stats;

const struct hvcore_backend hvsim_backend = {
	.name = "hv_sim",
	.cpuid = hvsim_cpuid,
	.msr_read = hvsim_msr_read,
	.msr_write = hvsim_msr_write,
	.hypercall = hvsim_hypercall,
	.hypercall_fast = hvsim_hypercall_fast,
	.hypercall_page = hvsim_set_hypercall_page,
	.irq_vector = hvsim_irq_vector,
	.set_irq_handler = hvsim_set_irq_handler,
	.set_kexec_handler = hvsim_set_kexec_handler,
	.set_crash_handler = hvsim_set_crash_handler,
};
EXPORT_SYMBOL_GPL(hvsim_backend);

/*
 * The devices= parameter: each spec as if written to new_device, before
 * the guest can connect (so the first offers carry them, as a host's do:
 * a disk the guest boots from must be there when its initramfs looks).
 */
static int __init hvsim_devices_create_at_load(const char *list)
{
	char *specs, *p, *spec;
	int ret = 0;

	specs = kstrdup(list, GFP_KERNEL);
	if (!specs)
		return -ENOMEM;
	p = specs;
	while (!ret && (spec = strsep(&p, ";"))) {
		spec = strim(spec);
		if (!*spec)
			continue;
		ret = hvsim_vdev_new(spec);
		if (ret)
			pr_err("devices=: '%s' not created (%d)\n", spec, ret);
	}
	kfree(specs);
	return ret;
}

static int __init hvsim_init(void)
{
	int ret;

	hvsim_tlfs_layout_checks();
	if (hvsim_gen_select(host)) {
		pr_err("unknown host=%s (expected ws2012r2, ws2016, ws2019, ws2022 or azure)\n",
		       host);
		return -EINVAL;
	}
	if (hvsim_isolation_select(isolation)) {
		pr_err("unknown isolation=%s (expected none, vbs, snp or tdx)\n", isolation);
		return -EINVAL;
	}
	if (hvsim_vp_numbering_select(vp_index)) {
		pr_err("unknown vp_index=%s (expected identity, reverse or offset)\n", vp_index);
		return -EINVAL;
	}
	if (hvsim_native_is_hyperv()) {
		pr_err("running on Hyper-V (CPUID 0x40000000 says \"Microsoft Hv\"): not simulating one\n");
		return -EBUSY;
	}
	ret = hvsim_reftime_init();
	if (ret)
		return ret;
	ret = hvsim_crash_init();
	if (ret)
		goto reftime_exit;
	ret = hvsim_vps_init();
	if (ret)
		goto crash_exit;
	ret = hvsim_handoff_init();
	if (ret)
		goto vps_exit;
	if (preset_partition) {
		ret = hvsim_msr_preset();
		if (ret)
			goto handoff_exit;
	}
	ret = hvsim_vmbus_init();
	if (ret)
		goto preset_exit;
	hvsim_ic_layout_checks();
	ret = hvsim_ic_create_at_load(ic);
	if (ret)
		goto vmbus_exit;
	ret = hvsim_devices_create_at_load(devices);
	if (ret)
		goto vmbus_exit;
	hvsim_platform_init();
	hvsim_debugfs_init();
	pr_info("simulating Hyper-V %s (%u.%u build %u) on %u possible VPs\n", hvsim_gen->name,
		hvsim_gen->major, hvsim_gen->minor, hvsim_gen->build, num_possible_cpus());
	return 0;

vmbus_exit:
	hvsim_vmbus_exit();
preset_exit:
	hvsim_msr_preset_exit();
handoff_exit:
	hvsim_handoff_exit();
vps_exit:
	hvsim_vps_exit();
crash_exit:
	hvsim_crash_exit();
reftime_exit:
	hvsim_reftime_exit();
	return ret;
}

static void __exit hvsim_exit(void)
{
	hvsim_debugfs_exit();
	hvsim_platform_exit();
	hvsim_vmbus_exit();
	hvsim_msr_preset_exit();
	hvsim_handoff_exit();
	hvsim_vps_exit();
	hvsim_hypercall_exit();
	hvsim_crash_exit();
	hvsim_reftime_exit();
}

module_init(hvsim_init);
module_exit(hvsim_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Simulated Hyper-V hypervisor for testing the hvl guest modules");
