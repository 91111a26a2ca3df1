// SPDX-License-Identifier: GPL-2.0
/*
 * hv_core: the Hyper-V partition layer.
 *
 * Load order of the parts, and the reverse on unload:
 *   backend	native when CPUID says Hyper-V, else hv_sim's if it is loaded
 *   detection	CPUID leaves parsed into hvcore_info (refuse unless Hyper-V)
 *   partition	guest OS ID, hypercall page (set up, or adopted from the kernel)
 *   hypercall	per-CPU argument pages
 *   synic	SynIC on every online CPU, SINT dispatch
 *   crash	crash MSR reports on panic, where the host takes them
 *   shutdown	kexec and kdump: a clean partition for the next kernel
 *   debugfs	hv_core/{info,partition,synic}
 *
 * Lifetime: hvcore_be and hvcore_info are written once here before any other
 * part starts and never change afterwards, so readers need no lock. hv_sim's
 * backend is held with symbol_get() from load to unload, which pins hv_sim.
 */
#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/string.h>

#include "internal.h"
#include "status.h"

#define HVCORE_INFO_TEXT_SIZE	2048

const struct hvcore_backend *hvcore_be;
struct hvcore_info hvcore_info;
static bool hvcore_be_is_sim;
static char hvcore_info_text[HVCORE_INFO_TEXT_SIZE];
static struct debugfs_blob_wrapper hvcore_info_blob;
static struct dentry *hvcore_debugfs_dir;

/*
 * Fill @regs with CPUID 0x40000000..min(max leaf, HVCORE_CPUID_LAST). Leaves
 * above the reported maximum stay zero: the parser must not see whatever a
 * CPU returns for an unimplemented leaf.
 */
static void hvcore_read_leaves(const struct hvcore_backend *be,
			       struct hvcore_cpuid_regs regs[HVCORE_CPUID_NLEAVES])
{
	u32 i, max;

	memset(regs, 0, sizeof(regs[0]) * HVCORE_CPUID_NLEAVES);
	be->cpuid(HVCORE_CPUID_FIRST, &regs[0]);
	max = min_t(u32, regs[0].eax, HVCORE_CPUID_LAST);
	for (i = 1; HVCORE_CPUID_FIRST + i <= max; i++)
		be->cpuid(HVCORE_CPUID_FIRST + i, &regs[i]);
}

/*
 * Real Hyper-V wins; hv_sim is used only where the CPU says there is no
 * Hyper-V (hv_sim itself refuses to load on Hyper-V).
 */
static int hvcore_pick_backend(void)
{
	struct hvcore_cpuid_regs regs[HVCORE_CPUID_NLEAVES];
	const struct hvcore_backend *sim;
	const char *why = "unknown";
	int ret;

	hvcore_read_leaves(&hvcore_native_backend, regs);
	ret = hvcore_cpuid_parse(regs, &hvcore_info, &why);
	if (!ret) {
		hvcore_be = &hvcore_native_backend;
		return 0;
	}
	sim = symbol_get(hvsim_backend);
	if (!sim) {
		pr_err("no Hyper-V found: CPUID 0x40000000 vendor \"%s\" (%s), and no hv_sim backend is loaded\n",
		       hvcore_info.vendor, why);
		return ret;
	}
	hvcore_read_leaves(sim, regs);
	ret = hvcore_cpuid_parse(regs, &hvcore_info, &why);
	if (ret) {
		pr_err("hv_sim's CPUID leaves are not Hyper-V's: vendor \"%s\" (%s)\n",
		       hvcore_info.vendor, why);
		symbol_put(hvsim_backend);
		return ret;
	}
	hvcore_be = sim;
	hvcore_be_is_sim = true;
	return 0;
}

static void hvcore_put_backend(void)
{
	if (hvcore_be_is_sim)
		symbol_put(hvsim_backend);
	hvcore_be = NULL;
	hvcore_be_is_sim = false;
}

static int hvcore_partition_seq_show(struct seq_file *m, void *v)
{
	hvcore_partition_show(m);
	hvcore_crash_show(m);
	hvcore_shutdown_show(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(hvcore_partition_seq);

static int hvcore_synic_seq_show(struct seq_file *m, void *v)
{
	hvcore_synic_show(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(hvcore_synic_seq);

static void hvcore_debugfs_init(void)
{
	hvcore_info_blob.size = hvcore_info_format(&hvcore_info, hvcore_info_text,
						   sizeof(hvcore_info_text));
	hvcore_info_blob.data = hvcore_info_text;
	hvcore_debugfs_dir = debugfs_create_dir("hv_core", NULL);
	debugfs_create_blob("info", 0444, hvcore_debugfs_dir, &hvcore_info_blob);
	debugfs_create_file("partition", 0444, hvcore_debugfs_dir, NULL,
			    &hvcore_partition_seq_fops);
	debugfs_create_file("synic", 0444, hvcore_debugfs_dir, NULL, &hvcore_synic_seq_fops);
}

/**
 * hvcore_get_info() - what the hypervisor's CPUID leaves say
 *
 * Context: any. The struct is constant while hv_core is loaded.
 */
const struct hvcore_info *hvcore_get_info(void)
{
	return &hvcore_info;
}
EXPORT_SYMBOL_GPL(hvcore_get_info);

/**
 * hvcore_rdmsr() - read a synthetic MSR of the calling CPU's VP
 * @msr:	the MSR
 * @val:	its value
 *
 * Context: any; per-VP MSRs need preemption disabled by the caller.
 * Return: 0, or -EIO when the hypervisor refuses the access.
 */
int hvcore_rdmsr(u32 msr, u64 *val)
{
	return hvcore_be->msr_read(msr, val);
}
EXPORT_SYMBOL_GPL(hvcore_rdmsr);

/**
 * hvcore_wrmsr() - write a synthetic MSR of the calling CPU's VP
 * @msr:	the MSR
 * @val:	the value
 *
 * Context: any; per-VP MSRs need preemption disabled by the caller.
 * Return: 0, or -EIO when the hypervisor refuses the access.
 */
int hvcore_wrmsr(u32 msr, u64 val)
{
	return hvcore_be->msr_write(msr, val);
}
EXPORT_SYMBOL_GPL(hvcore_wrmsr);

EXPORT_SYMBOL_GPL(hvcore_status_to_errno);
EXPORT_SYMBOL_GPL(hvcore_status_name);

static int __init hvcore_init(void)
{
	int ret;

	ret = hvcore_pick_backend();
	if (ret)
		return ret;
	/*
	 * In a confidential VM (SNP, TDX, VBS) the host can read only pages
	 * the guest shared with it: the hypercall input page, the SynIC pages
	 * and every ring would have to be shared (and hypercalls go through
	 * the paravisor or GHCB). None of that exists here yet, so refuse
	 * before touching anything rather than hand the host pages it cannot
	 * see.
	 */
	if (hvcore_info.is_isolated) {
		pr_err("confidential VM (isolation type %s%s): sharing pages with the host is not implemented; not loading\n",
		       hvcore_isolation_name(hvcore_info.isolation_type),
		       hvcore_info.isolation_eax & HVCORE_ISOLATION_PARAVISOR ? ", paravisor" : "");
		ret = -EOPNOTSUPP;
		goto put_backend;
	}
	/* before anything is written: nobody else may run the SynIC */
	ret = hvcore_synic_check_free();
	if (ret)
		goto put_backend;
	ret = hvcore_partition_init();
	if (ret)
		goto put_backend;
	ret = hvcore_hypercall_init();
	if (ret)
		goto partition_exit;
	ret = hvcore_synic_init();
	if (ret)
		goto hypercall_exit;
	ret = hvcore_crash_init();
	if (ret)
		goto synic_exit;
	ret = hvcore_shutdown_init();
	if (ret)
		goto crash_exit;
	hvcore_debugfs_init();
	pr_info("Hyper-V %u.%u build %u via the %s backend; SynIC up on %u CPUs\n",
		hvcore_info.version.major, hvcore_info.version.minor, hvcore_info.version.build,
		hvcore_be->name, num_online_cpus());
	return 0;

crash_exit:
	hvcore_crash_exit();
synic_exit:
	hvcore_synic_exit();
hypercall_exit:
	hvcore_hypercall_exit();
partition_exit:
	hvcore_partition_exit();
put_backend:
	hvcore_put_backend();
	return ret;
}

static void __exit hvcore_exit(void)
{
	debugfs_remove_recursive(hvcore_debugfs_dir);
	hvcore_shutdown_exit();
	hvcore_crash_exit();
	hvcore_synic_exit();
	hvcore_hypercall_exit();
	hvcore_partition_exit();
	hvcore_put_backend();
}

module_init(hvcore_init);
module_exit(hvcore_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Hyper-V partition layer: detection, hypercalls, SynIC");
