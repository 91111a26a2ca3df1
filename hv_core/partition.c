// SPDX-License-Identifier: GPL-2.0
/*
 * The partition's identity and its hypercall page.
 *
 * A distribution kernel built with CONFIG_HYPERV sets the guest OS ID and
 * enables the hypercall page at boot, and keeps calling through that page
 * (TLB flushes, IPIs). Remapping it under the kernel would break those calls,
 * so when the HYPERCALL MSR is already enabled hv_core adopts the page: it maps
 * the same guest physical page into its own executable alias and never writes
 * the MSR. Only when the MSR is disabled does hv_core enable a page of its own,
 * and then it restores, on unload, exactly what it changed.
 *
 * The TLFS ties the two together: the hypercall page can be enabled only
 * while a non-zero guest OS ID is set, and clearing the guest OS ID disables
 * the page. Setup therefore writes the ID first and teardown disables the page
 * first.
 */
#include <linux/bitfield.h>
#include <linux/crash_dump.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>

#include "internal.h"

/* open source, OS type Linux, no distribution ID (TLFS "Guest OS identity") */
#define HVCORE_GUEST_ID_LINUX	(HVCORE_GUEST_ID_OPEN_SOURCE | \
				 FIELD_PREP(HVCORE_GUEST_ID_OS_TYPE, HVCORE_GUEST_OS_TYPE_LINUX))

static struct {
	u64 guest_id;		/* the value in force */
	bool guest_id_ours;	/* we wrote it and clear it on unload */
	u64 hypercall_msr;	/* the value in force */
	bool hypercall_ours;	/* we enabled it and disable it on unload */
	struct page *page;	/* our page when hypercall_ours */
	void *va;		/* our executable alias of the page in force */
} hvcore_part;

static int hvcore_guest_id_init(void)
{
	u64 id;
	int ret;

	ret = hvcore_be->msr_read(HVCORE_MSR_GUEST_OS_ID, &id);
	if (ret) {
		pr_err("cannot read GUEST_OS_ID: %d\n", ret);
		return ret;
	}
	if (id) {
		hvcore_part.guest_id = id;
		return 0;
	}
	id = HVCORE_GUEST_ID_LINUX |
	     FIELD_PREP(HVCORE_GUEST_ID_VERSION, hvl_kernel_version_code());
	ret = hvcore_be->msr_write(HVCORE_MSR_GUEST_OS_ID, id);
	if (ret) {
		pr_err("cannot write GUEST_OS_ID: %d\n", ret);
		return ret;
	}
	hvcore_part.guest_id = id;
	hvcore_part.guest_id_ours = true;
	return 0;
}

static void hvcore_guest_id_exit(void)
{
	if (hvcore_part.guest_id_ours)
		hvcore_be->msr_write(HVCORE_MSR_GUEST_OS_ID, 0);
	hvcore_part.guest_id_ours = false;
}

/* An executable kernel alias of one guest page: the hypervisor's code lives there. */
static void *hvcore_map_exec(struct page *page)
{
	return vmap(&page, 1, VM_MAP, PAGE_KERNEL_ROX);
}

static int hvcore_hypercall_page_init(void)
{
	u64 msr;
	int ret;

	ret = hvcore_be->msr_read(HVCORE_MSR_HYPERCALL, &msr);
	if (ret) {
		pr_err("cannot read the HYPERCALL MSR: %d\n", ret);
		return ret;
	}
	if (msr & HVCORE_HYPERCALL_ENABLE) {
		unsigned long pfn = (msr & HVCORE_HYPERCALL_ADDR_MASK) >> PAGE_SHIFT;

		/* adopt: the kernel (or firmware) owns it; never touch the MSR */
		if (!pfn_valid(pfn) || !page_is_ram(pfn)) {
			/*
			 * Not in this kernel's memory: the page of a kernel
			 * that ran before, the crashed one when this is a
			 * kdump kernel (which runs in memory the other never
			 * used). Nobody here calls through it: replace it.
			 */
			if (!is_kdump_kernel()) {
				pr_err("hypercall page enabled at GPA %#llx outside RAM; not adopting it\n",
				       msr & HVCORE_HYPERCALL_ADDR_MASK);
				return -EBUSY;
			}
			pr_warn("kdump kernel: replacing the crashed kernel's hypercall page (GPA %#llx)\n",
				msr & HVCORE_HYPERCALL_ADDR_MASK);
			goto ours;
		}
		hvcore_part.va = hvcore_map_exec(pfn_to_page(pfn));
		if (!hvcore_part.va)
			return -ENOMEM;
		hvcore_part.hypercall_msr = msr;
		goto publish;
	}

ours:
	hvcore_part.page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!hvcore_part.page)
		return -ENOMEM;
	hvcore_part.va = hvcore_map_exec(hvcore_part.page);
	if (!hvcore_part.va) {
		ret = -ENOMEM;
		goto free_page;
	}
	msr = page_to_phys(hvcore_part.page) | HVCORE_HYPERCALL_ENABLE;
	ret = hvcore_be->msr_write(HVCORE_MSR_HYPERCALL, msr);
	if (!ret)
		ret = hvcore_be->msr_read(HVCORE_MSR_HYPERCALL, &msr);
	if (!ret && !(msr & HVCORE_HYPERCALL_ENABLE))
		ret = -EIO;
	if (ret) {
		pr_err("the hypervisor did not enable the hypercall page (MSR %#llx): %d\n",
		       msr, ret);
		goto unmap;
	}
	hvcore_part.hypercall_msr = msr;
	hvcore_part.hypercall_ours = true;
publish:
	ret = hvcore_be->hypercall_page ? hvcore_be->hypercall_page(hvcore_part.va) : 0;
	if (ret) {
		pr_err("the hypercall page does not begin with ENDBR64 (%*ph) and this kernel enforces indirect branch tracking: a call into it would fault; not loading\n",
		       4, hvcore_part.va);
		goto disable;
	}
	return 0;

disable:
	if (hvcore_part.hypercall_ours)
		hvcore_be->msr_write(HVCORE_MSR_HYPERCALL,
				     hvcore_part.hypercall_msr & ~HVCORE_HYPERCALL_ENABLE);
	hvcore_part.hypercall_ours = false;
	hvcore_part.hypercall_msr = 0;
unmap:
	vunmap(hvcore_part.va);
	hvcore_part.va = NULL;
free_page:
	if (hvcore_part.page)
		__free_page(hvcore_part.page);
	hvcore_part.page = NULL;
	return ret;
}

static void hvcore_hypercall_page_exit(void)
{
	if (hvcore_be->hypercall_page)
		hvcore_be->hypercall_page(NULL);
	if (hvcore_part.hypercall_ours)
		hvcore_be->msr_write(HVCORE_MSR_HYPERCALL,
				 hvcore_part.hypercall_msr & ~HVCORE_HYPERCALL_ENABLE);
	vunmap(hvcore_part.va);
	hvcore_part.va = NULL;
	/* the hypervisor no longer overlays it: an ordinary page again */
	if (hvcore_part.page)
		__free_page(hvcore_part.page);
	hvcore_part.page = NULL;
	hvcore_part.hypercall_ours = false;
}

int hvcore_partition_init(void)
{
	int ret;

	if (!hvcore_info.has_hypercall_msr) {
		pr_err("the partition may not use the hypercall MSRs (privileges %#llx)\n",
		       hvcore_info.privileges);
		return -ENODEV;
	}
	ret = hvcore_guest_id_init();
	if (ret)
		return ret;
	ret = hvcore_hypercall_page_init();
	if (ret)
		goto clear_guest_id;
	return 0;

clear_guest_id:
	hvcore_guest_id_exit();
	return ret;
}

void hvcore_partition_exit(void)
{
	hvcore_hypercall_page_exit();
	hvcore_guest_id_exit();
}

/**
 * hvcore_partition_shutdown() - leave no hypercall page of ours for the next kernel
 *
 * The hypervisor overlays the page hv_core gave it for as long as the MSR is
 * enabled; after a kexec that page is ordinary memory of the new kernel. So
 * before a kexec what hv_core enabled is disabled and what it set is cleared,
 * as at unload, but nothing is freed (the kernel is going away) and every
 * later hypercall fails instead of entering the page. A page and ID the
 * kernel set itself are the kernel's to reset (its machine_shutdown does).
 *
 * Context: process context (the kexec handler, shutdown.c).
 */
void hvcore_partition_shutdown(void)
{
	hvcore_hypercall_stop();
	if (hvcore_part.hypercall_ours)
		hvcore_be->msr_write(HVCORE_MSR_HYPERCALL,
				     hvcore_part.hypercall_msr & ~HVCORE_HYPERCALL_ENABLE);
	if (hvcore_part.guest_id_ours)
		hvcore_be->msr_write(HVCORE_MSR_GUEST_OS_ID, 0);
}

void hvcore_partition_show(struct seq_file *m)
{
	seq_printf(m, "backend: %s\n", hvcore_be->name);
	seq_printf(m, "guest_os_id: %#018llx (%s)\n", hvcore_part.guest_id,
		   hvcore_part.guest_id_ours ? "set by hv_core" : "adopted");
	seq_printf(m, "hypercall_msr: %#018llx (%s)\n", hvcore_part.hypercall_msr,
		   hvcore_part.hypercall_ours ? "enabled by hv_core" : "adopted");
}
