/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Hyper-V reference TSC page (TLFS "Partition Reference Time Enlightenment"):
 * its layout and the pure arithmetic of reading it.
 *
 * The hypervisor publishes, in one guest page, a scale and an offset such that
 *
 *	reference time = ((tsc * scale) >> 64) + offset	(100 ns units)
 *
 * and a sequence number it changes around every update. A reader takes the
 * sequence, the scale, the offset and the TSC, then the sequence again, and
 * keeps the result only if the two sequence reads agree. Sequence 0 means the
 * page must not be used at all (for example while the VM migrates to a host
 * with another TSC frequency): the reader falls back to the TIME_REF_COUNT MSR.
 * (TLFS versions up to 4.0b wrongly named 0xFFFFFFFF as that value; hosts use 0.)
 *
 * This file and tsc_page.c are plain C without hardware access or kernel
 * services: the memory accesses, barriers and the TSC read stay in the
 * driver, so the same code builds into hv_timer.ko and into the userspace
 * unit tests (tests/unit/test_tsc_page.c).
 */
#ifndef _HVT_TSC_PAGE_H
#define _HVT_TSC_PAGE_H

#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>

/* TLFS HV_REFERENCE_TSC_PAGE; the rest of the 4 KiB page is reserved */
struct hvt_tsc_page {
	u32 tsc_sequence;
	u32 reserved1;
	u64 tsc_scale;
	s64 tsc_offset;
};

static_assert(offsetof(struct hvt_tsc_page, tsc_sequence) == 0);
static_assert(offsetof(struct hvt_tsc_page, tsc_scale) == 8);
static_assert(offsetof(struct hvt_tsc_page, tsc_offset) == 16);

/* tsc_sequence value that marks the page unusable */
#define HVT_TSC_SEQ_INVALID	0u

/*
 * Consecutive torn reads (the sequence changed under us) accepted before the
 * reader gives up on the page and reads the MSR instead. A host updates the
 * page rarely (migration, TSC frequency change), so one retry is the normal
 * worst case; the bound only keeps a host that rewrites the page without end
 * from live-locking the guest's clock reads.
 */
#define HVT_TSC_MAX_ATTEMPTS	16u

/* What a reader does with the value it computed between two sequence reads */
enum hvt_tsc_verdict {
	HVT_TSC_VALID,		/* use it */
	HVT_TSC_RETRY,		/* the page changed meanwhile: read it again */
	HVT_TSC_FALLBACK,	/* do not use the page: read TIME_REF_COUNT */
};

u64 hvt_mul_u64_u64_shr64(u64 a, u64 b);
u64 hvt_tsc_to_ref(u64 tsc, u64 scale, s64 offset);
bool hvt_tsc_seq_usable(u32 seq);
enum hvt_tsc_verdict hvt_tsc_verdict(u32 seq, u32 seq_again, unsigned int attempt);

#endif /* _HVT_TSC_PAGE_H */
