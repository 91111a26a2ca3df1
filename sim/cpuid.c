// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor CPUID leaves 0x40000000..0x4000000C, per host generation.
 *
 * Each generation offers what the simulator implements, in the shape that
 * host generation plausibly reports it (TLFS "Feature and Interface
 * Discovery"):
 *  - privileges: every generation grants the MSR groups hv_sim emulates
 *    (VP runtime, reference counter, SynIC, stimers, hypercall MSRs, VP
 *    index, reference TSC, guest idle, frequency MSRs) and HvPostMessage /
 *    HvSignalEvent. AccessIntrCtrlRegs (the APIC MSRs and VP assist page),
 *    reset, statistics and debug registers are not offered: hv_sim does not
 *    implement them, and a real host may legitimately withhold them.
 *  - features (EDX): crash MSRs everywhere; SINT polling mode, the HYPERCALL
 *    MSR lock and direct-mode synthetic timers from WS2016 on (WS2012 R2 has
 *    none of the three). XMM fast hypercalls are never offered: the backend
 *    contract carries only two input registers.
 *  - recommendations: relaxed timing everywhere (QEMU/TCG is slow); the
 *    newest generations deprecate auto-EOI. No flush/IPI hypercalls are
 *    recommended because none is implemented.
 *  - max leaf: 0x40000006 on WS2012 R2, 0x4000000A later. Leaves above the
 *    generation's maximum, and 0x40000007..0x4000000A (root partition,
 *    nested virtualisation), read as zero.
 *
 * isolation= makes the partition a confidential VM of the given type: the
 * AccessIsolation privilege, max leaf 0x4000000C and the isolation leaf
 * (SNP with a paravisor and a shared-GPA boundary at the top address bit,
 * TDX and VBS by type alone), the shape Azure's confidential VMs report.
 * hv_sim emulates nothing else of one: it exists so that a guest can be
 * tested to refuse.
 *
 * Any leaf outside the hypervisor range executes the real CPUID.
 *
 * Locking: none; the generation is chosen once at load and never changes.
 */
#include <linux/bitfield.h>
#include <linux/cpumask.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/cpufeature.h>
#include <asm/cpuid/api.h>
#include <asm/processor.h>

#include "hv_core/cpuid.h"
#include "hvsim.h"

#define HVSIM_PRIV_LO_ALL	(HVSIM_PRIV_VP_RUNTIME | HVSIM_PRIV_PARTITION_REFCOUNT | \
				 HVSIM_PRIV_SYNIC | HVSIM_PRIV_STIMER | HVSIM_PRIV_HYPERCALL | \
				 HVSIM_PRIV_VP_INDEX | HVSIM_PRIV_REF_TSC | \
				 HVSIM_PRIV_GUEST_IDLE | HVSIM_PRIV_FREQUENCY)
#define HVSIM_PRIV_HI_ALL	(HVSIM_PRIV_POST_MESSAGES | HVSIM_PRIV_SIGNAL_EVENTS)
#define HVSIM_FEAT_BASE		(HVSIM_FEAT_GUEST_IDLE | HVSIM_FEAT_FREQUENCY_MSRS | \
				 HVSIM_FEAT_CRASH_MSRS)
#define HVSIM_FEAT_2016		(HVSIM_FEAT_BASE | HVSIM_FEAT_SINT_POLLING | \
				 HVSIM_FEAT_HYPERCALL_MSR_LOCK | HVSIM_FEAT_STIMER_DIRECT)

static const struct hvsim_gen hvsim_gens[] = {
	{
		.name = "ws2012r2", .build = 9600, .major = 6, .minor = 3,
		.max_leaf = HVSIM_CPUID_HW_FEATURES,
		.priv_lo = HVSIM_PRIV_LO_ALL, .priv_hi = HVSIM_PRIV_HI_ALL,
		.features = HVSIM_FEAT_BASE,
		.recommendations = HVSIM_REC_RELAXED_TIMING,
		.max_vps = 64, .max_lps = 320,
	}, {
		.name = "ws2016", .build = 14393, .major = 10, .minor = 0,
		.max_leaf = HVSIM_CPUID_LAST,
		.priv_lo = HVSIM_PRIV_LO_ALL, .priv_hi = HVSIM_PRIV_HI_ALL,
		.features = HVSIM_FEAT_2016,
		.recommendations = HVSIM_REC_RELAXED_TIMING,
		.max_vps = 240, .max_lps = 512,
	}, {
		.name = "ws2019", .build = 17763, .major = 10, .minor = 0,
		.max_leaf = HVSIM_CPUID_LAST,
		.priv_lo = HVSIM_PRIV_LO_ALL, .priv_hi = HVSIM_PRIV_HI_ALL,
		.features = HVSIM_FEAT_2016,
		.recommendations = HVSIM_REC_RELAXED_TIMING,
		.max_vps = 240, .max_lps = 512, .phys_bits = true, .crash_msg = true,
	}, {
		.name = "ws2022", .build = 20348, .major = 10, .minor = 0,
		.max_leaf = HVSIM_CPUID_LAST,
		.priv_lo = HVSIM_PRIV_LO_ALL, .priv_hi = HVSIM_PRIV_HI_ALL,
		.features = HVSIM_FEAT_2016,
		.recommendations = HVSIM_REC_RELAXED_TIMING | HVSIM_REC_DEPRECATE_AUTO_EOI,
		.max_vps = 1024, .max_lps = 2048, .phys_bits = true, .crash_msg = true,
	}, {
		/* Azure hosts run a newer, Windows Server 2022-derived build */
		.name = "azure", .build = 25398, .major = 10, .minor = 0,
		.max_leaf = HVSIM_CPUID_LAST,
		.priv_lo = HVSIM_PRIV_LO_ALL, .priv_hi = HVSIM_PRIV_HI_ALL,
		.features = HVSIM_FEAT_2016,
		.recommendations = HVSIM_REC_RELAXED_TIMING | HVSIM_REC_DEPRECATE_AUTO_EOI,
		.max_vps = 2048, .max_lps = 2048, .phys_bits = true, .crash_msg = true,
	},
};

const struct hvsim_gen *hvsim_gen = &hvsim_gens[2];

/* isolation=: 0 (none) or the TLFS isolation type, chosen once at load */
static u32 hvsim_isolation;
static const char *const hvsim_isolation_names[] = { "none", "vbs", "snp", "tdx" };

/**
 * hvsim_isolation_select() - make the partition a confidential VM
 * @name:	none, vbs, snp or tdx
 *
 * Context: module init, before any backend op can run.
 * Return: 0, or -EINVAL for an unknown name.
 */
int hvsim_isolation_select(const char *name)
{
	int i = sysfs_match_string(hvsim_isolation_names, name);

	if (i < 0)
		return i;
	hvsim_isolation = i;
	return 0;
}

/* The isolation leaf's EAX and EBX for the selected type. */
static void hvsim_isolation_leaf(struct hvcore_cpuid_regs *r)
{
	r->ebx = FIELD_PREP(HVSIM_ISOLATION_TYPE, hvsim_isolation);
	if (hvsim_isolation == 2) {	/* SNP: a paravisor, shared pages above a boundary */
		r->eax = HVSIM_ISOLATION_PARAVISOR;
		r->ebx |= HVSIM_ISOLATION_SHARED_GPA |
			  FIELD_PREP(HVSIM_ISOLATION_SHARED_GPA_BITS, boot_cpu_data.x86_phys_bits - 1);
	}
}

/**
 * hvsim_gen_select() - choose the emulated host generation
 * @name:	one of the generation names
 *
 * Context: module init, before any backend op can run.
 * Return: 0, or -EINVAL for an unknown name.
 */
int hvsim_gen_select(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(hvsim_gens); i++) {
		if (sysfs_streq(name, hvsim_gens[i].name)) {
			hvsim_gen = &hvsim_gens[i];
			return 0;
		}
	}
	return -EINVAL;
}

static void hvsim_leaf(u32 leaf, struct hvcore_cpuid_regs *r)
{
	const struct hvsim_gen *g = hvsim_gen;
	u32 max_leaf = hvsim_isolation ? HVSIM_CPUID_ISOLATION : g->max_leaf;

	memset(r, 0, sizeof(*r));
	if (leaf > max_leaf)
		return;
	switch (leaf) {
	case HVSIM_CPUID_VENDOR:
		r->eax = max_leaf;
		r->ebx = HVSIM_VENDOR_EBX;
		r->ecx = HVSIM_VENDOR_ECX;
		r->edx = HVSIM_VENDOR_EDX;
		break;
	case HVSIM_CPUID_INTERFACE:
		r->eax = HVSIM_INTERFACE_HV1;
		break;
	case HVSIM_CPUID_VERSION:
		r->eax = g->build;
		r->ebx = (u32)g->major << 16 | g->minor;
		/* ECX service pack 0, EDX service branch 0 / number 0 */
		break;
	case HVSIM_CPUID_FEATURES:
		r->eax = g->priv_lo;
		r->ebx = g->priv_hi | (hvsim_isolation ? HVSIM_PRIV_ISOLATION : 0);
		r->edx = g->features;
		break;
	case HVSIM_CPUID_RECOMMENDATIONS:
		r->eax = g->recommendations;
		r->ebx = HVSIM_SPINLOCK_RETRIES_NEVER;
		if (g->phys_bits)
			r->ecx = boot_cpu_data.x86_phys_bits & 0x7f;
		break;
	case HVSIM_CPUID_LIMITS:
		/* a host runs no VM with more VPs than it supports */
		r->eax = max_t(u32, g->max_vps, num_possible_cpus());
		r->ebx = max_t(u32, g->max_lps, num_possible_cpus());
		break;
	case HVSIM_CPUID_HW_FEATURES:
		r->eax = HVSIM_HW_MSR_BITMAPS | HVSIM_HW_SLAT;
		break;
	case HVSIM_CPUID_ISOLATION:
		if (hvsim_isolation)
			hvsim_isolation_leaf(r);
		break;
	default:
		/* root partition, SVM and nested leaves: nothing to offer */
		break;
	}
}

/**
 * hvsim_cpuid() - the backend's CPUID
 * @leaf:	the leaf (subleaf 0)
 * @regs:	its output
 *
 * Context: any.
 */
void hvsim_cpuid(u32 leaf, struct hvcore_cpuid_regs *regs)
{
	if (leaf >= HVSIM_CPUID_FIRST && leaf <= HVSIM_CPUID_RANGE_END) {
		hvsim_leaf(leaf, regs);
		return;
	}
	cpuid_count(leaf, 0, &regs->eax, &regs->ebx, &regs->ecx, &regs->edx);
}

/**
 * hvsim_native_is_hyperv() - does the real CPU say we run on Hyper-V?
 *
 * hv_core prefers the real hypervisor; loading a simulator beside it would
 * only confuse. Also true under KVM with Hyper-V enlightenments, which hv_core
 * drives natively too.
 *
 * Context: process context.
 */
bool hvsim_native_is_hyperv(void)
{
	u32 eax, ebx, ecx, edx;

	if (!boot_cpu_has(X86_FEATURE_HYPERVISOR))
		return false;
	cpuid(HVSIM_CPUID_VENDOR, &eax, &ebx, &ecx, &edx);
	return ebx == HVSIM_VENDOR_EBX && ecx == HVSIM_VENDOR_ECX && edx == HVSIM_VENDOR_EDX;
}
