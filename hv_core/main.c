// SPDX-License-Identifier: GPL-2.0
/*
 * hv_core: the Hyper-V partition layer.
 *
 * At load time hv_core picks a backend, reads the hypervisor's CPUID leaves
 * through it and refuses to load unless they describe a Hyper-V compatible
 * hypervisor. The parsed leaves are kept in one read-only struct, exposed as
 * text in debugfs (hv_core/info).
 *
 * Lifetime: hvcore_info is written once in hvcore_init() before anything can
 * read it and never changes afterwards, so readers need no lock.
 */

#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/string.h>

#include "backend.h"
#include "cpuid.h"

#define HVCORE_INFO_TEXT_SIZE	2048

static const struct hvcore_backend *hvcore_backend;
static struct hvcore_info hvcore_info;
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

static int hvcore_detect(const struct hvcore_backend *be)
{
	struct hvcore_cpuid_regs regs[HVCORE_CPUID_NLEAVES];
	const char *why = "unknown";
	int ret;

	hvcore_read_leaves(be, regs);
	ret = hvcore_cpuid_parse(regs, &hvcore_info, &why);
	if (ret)
		pr_err("no Hyper-V found: CPUID 0x40000000 vendor \"%s\" (%s), and no hv_sim backend is loaded\n",
		       hvcore_info.vendor, why);
	return ret;
}

static void hvcore_debugfs_init(void)
{
	hvcore_info_blob.size = hvcore_info_format(&hvcore_info, hvcore_info_text,
						   sizeof(hvcore_info_text));
	hvcore_info_blob.data = hvcore_info_text;
	hvcore_debugfs_dir = debugfs_create_dir("hv_core", NULL);
	debugfs_create_blob("info", 0444, hvcore_debugfs_dir, &hvcore_info_blob);
}

static int __init hvcore_init(void)
{
	int ret;

	hvcore_backend = &hvcore_native_backend;
	ret = hvcore_detect(hvcore_backend);
	if (ret)
		return ret;

	hvcore_debugfs_init();
	pr_info("Hyper-V %u.%u build %u, backend %s\n", hvcore_info.version.major,
		hvcore_info.version.minor, hvcore_info.version.build, hvcore_backend->name);
	return 0;
}

static void __exit hvcore_exit(void)
{
	debugfs_remove_recursive(hvcore_debugfs_dir);
}

module_init(hvcore_init);
module_exit(hvcore_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Hyper-V partition layer: detection, hypercalls, SynIC");
