// SPDX-License-Identifier: GPL-2.0
/*
 * Native backend: the real instructions, for a guest on Hyper-V.
 *
 * Reviewed against the TLFS: synthetic MSRs are accessed with RDMSR/WRMSR;
 * an MSR the partition may not access raises #GP, which the _safe accessors
 * turn into an error instead of an oops.
 */
#include <asm/cpuid/api.h>

#include "backend.h"
#include "cpuid.h"

static void hw_cpuid(u32 leaf, struct hvcore_cpuid_regs *r)
{
	cpuid(leaf, &r->eax, &r->ebx, &r->ecx, &r->edx);
}

static int hw_rdmsr(u32 msr, u64 *val)
{
	return rdmsrq_safe(msr, val) ? -EIO : 0;
}

static int hw_wrmsr(u32 msr, u64 val)
{
	return wrmsrq_safe(msr, val) ? -EIO : 0;
}

const struct hvcore_backend hvcore_native_backend = {
	.name = "native",
	.cpuid = hw_cpuid,
	.rdmsr = hw_rdmsr,
	.wrmsr = hw_wrmsr,
};
