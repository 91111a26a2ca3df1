// SPDX-License-Identifier: GPL-2.0
/*
 * A disk image in reserved memory as LUN 0's first contents (new_device's
 * image= key), so that a guest can boot from a synthetic SCSI disk under
 * hv_sim, whose disks are otherwise RAM that starts out empty.
 *
 * QEMU's generic loader (-device loader,file=<image>,addr=<ADDR>,
 * force-raw=on) writes the image into the VM's RAM at ADDR before the
 * kernel starts, and memmap=<size>$<ADDR> on the kernel's command line
 * makes that RAM reserved in the e820 map, so the kernel never uses it.
 * When the disk is created its bytes are copied, page by page, into the
 * LUN's store (stor_lun.c), pages of zeroes left out as the store is thin;
 * the reserved range is not touched afterwards. A range that holds System
 * RAM is refused: its bytes would be whatever the kernel keeps there.
 */
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sizes.h>

#include "hvsim.h"
#include "stor_host.h"

/* mapped a piece at a time: no address space for gigabytes at once needed */
#define HVSIM_IMAGE_CHUNK	SZ_1M

/**
 * hvsim_lun_load_phys() - fill a new LUN from reserved physical memory
 * @lun:	the LUN, not yet offered to the guest
 * @phys:	page-aligned physical address of the image
 * @len:	its bytes: a multiple of the page size, at most the capacity
 *
 * Context: process context (new_device, or hv_sim's load), may sleep.
 * Return: 0; -EINVAL (logged) for a length that does not fit or a range
 * that is not reserved memory; -ENOMEM.
 */
int hvsim_lun_load_phys(struct hvsim_lun *lun, u64 phys, u64 len)
{
	u64 cap = lun->sectors * lun->sector_size, off;
	int ret = 0;

	if (!PAGE_ALIGNED(len) || len > cap || phys + len < phys) {
		pr_warn("new_device: image=%#llx: size %llu is not whole pages within the LUN's %llu bytes\n",
			phys, len, cap);
		return -EINVAL;
	}
	if (region_intersects(phys, len, IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE) !=
	    REGION_DISJOINT) {
		pr_warn("new_device: image=%#llx: the %llu bytes there hold System RAM; reserve them with memmap=%llu$%#llx\n",
			phys, len, len, phys);
		return -EINVAL;
	}
	for (off = 0; off < len && !ret; off += HVSIM_IMAGE_CHUNK) {
		size_t n = min_t(u64, len - off, HVSIM_IMAGE_CHUNK), i;
		void *src = memremap(phys + off, n, MEMREMAP_WB);

		if (!src) {
			pr_warn("new_device: image=%#llx: cannot map %#llx\n", phys, phys + off);
			return -ENOMEM;
		}
		for (i = 0; i < n && !ret; i += PAGE_SIZE)
			ret = hvsim_lun_preload(lun, off + i, src + i);
		memunmap(src);
		cond_resched();
	}
	if (!ret)
		pr_info("image: %llu MiB from %#llx into LUN 0, %llu pages of data\n", len >> 20,
			phys, hvsim_lun_pages(lun));
	return ret;
}
