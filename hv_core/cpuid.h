/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Portable parser for the Hyper-V CPUID leaves 0x40000000..0x4000000C.
 *
 * The caller executes CPUID (or asks its backend to) and hands the raw
 * register values over; this code never touches hardware, allocates
 * nothing and keeps no state, so it builds unchanged into hv_core.ko and
 * into the userspace unit tests.
 */
#ifndef _HVCORE_CPUID_H
#define _HVCORE_CPUID_H

#include <linux/types.h>
#include "tlfs.h"

#define HVCORE_CPUID_FIRST	0x40000000u
#define HVCORE_CPUID_LAST	0x4000000Cu
#define HVCORE_CPUID_NLEAVES	(HVCORE_CPUID_LAST - HVCORE_CPUID_FIRST + 1)

/* Raw output of one CPUID leaf */
struct hvcore_cpuid_regs {
	u32 eax, ebx, ecx, edx;
};

/* Leaf 0x40000002 */
struct hvcore_version {
	u32 build;
	u16 major;
	u16 minor;
	u32 service_pack;
	u8 service_branch;
	u32 service_number;	/* 24 bits */
};

/**
 * struct hvcore_info - what the hypervisor's CPUID leaves say
 * @vendor: leaf 0x40000000 EBX:ECX:EDX as text; bytes after the first
 *	NUL dropped, non-printable bytes shown as '?'.
 * @max_leaf: highest hypervisor leaf reported in 0x40000000.EAX
 * @interface: 0x40000001.EAX, HVCORE_INTERFACE_HV1 after a successful parse
 * @version: 0x40000002 (zero on hosts that fill it in only after the
 *	guest OS ID is written)
 * @privileges: 0x40000003 EAX (bits 31:0) | EBX (bits 63:32);
 *	test with HVCORE_PRIV_*
 * @features_ecx: 0x40000003.ECX, power management (HVCORE_FEAT_ECX_*)
 * @features_edx: 0x40000003.EDX, HVCORE_FEAT_*
 * @recommendations: 0x40000004.EAX, HVCORE_REC_*
 * @spinlock_retries: 0x40000004.EBX, HVCORE_SPINLOCK_RETRIES_NEVER = never
 * @phys_addr_bits: 0x40000004.ECX[6:0], 0 if not reported
 * @max_vps: 0x40000005.EAX, maximum virtual processors
 * @max_lps: 0x40000005.EBX, maximum logical processors
 * @max_irq_vectors: 0x40000005.ECX, interrupt vectors for remapping
 * @hw_features: 0x40000006.EAX, HVCORE_HW_*
 * @cpu_mgmt: 0x40000007 raw (root partition only)
 * @svm: 0x40000008 raw
 * @nested_hv: 0x40000009 raw (features seen by a nested hypervisor)
 * @nested_features: 0x4000000A.EAX, HVCORE_NESTED_*
 * @nested_features_ebx: 0x4000000A.EBX
 * @evmcs_version_low: lowest enlightened VMCS version, 0 if none
 * @evmcs_version_high: highest enlightened VMCS version, 0 if none
 * @isolation_eax: 0x4000000C.EAX (HVCORE_ISOLATION_PARAVISOR)
 * @isolation_ebx: 0x4000000C.EBX (type, shared-GPA boundary)
 * @isolation_type: HVCORE_ISOLATION_*: the type when @is_isolated (from
 *	@isolation_ebx, or HVCORE_ISOLATION_UNKNOWN without that leaf), else 0
 *
 * Leaves above @max_leaf read as zero.  The has_* members are derived
 * from the fields above, for callers that only need a yes/no:
 * @has_hypercall_msr: GUEST_OS_ID and HYPERCALL MSRs
 * @has_vp_index: VP_INDEX MSR
 * @has_vp_runtime: VP_RUNTIME MSR
 * @has_time_ref_count: TIME_REF_COUNT MSR
 * @has_ref_tsc: REFERENCE_TSC MSR (TSC page)
 * @has_synic: SynIC MSRs (SCONTROL, SVERSION, SIEFP, SIMP, EOM, SINTx)
 * @has_stimer: synthetic timer MSRs
 * @has_stimer_direct: synthetic timers can interrupt directly (no SynIC
 *	message); implies @has_stimer
 * @has_apic_msrs: EOI/ICR/TPR and VP assist page MSRs
 * @has_frequency_msrs: TSC_FREQUENCY and APIC_FREQUENCY MSRs readable
 * @has_reset_msr: RESET MSR
 * @has_guest_idle: GUEST_IDLE MSR
 * @has_crash_msrs: CRASH_P0..P4 and CRASH_CTL; whether a crash message
 *	is accepted is in CRASH_CTL itself (HVCORE_CRASH_CTL_NOTIFY_MSG),
 *	not in CPUID
 * @has_post_messages: HvPostMessage allowed
 * @has_signal_events: HvSignalEvent allowed
 * @has_ext_hypercalls: extended hypercalls (0x8001..) allowed
 * @has_xmm_hc_input: fast hypercalls may pass input in XMM registers
 * @has_xmm_hc_output: fast hypercalls may return output in XMM registers
 * @is_isolated: confidential (isolated) partition
 * @is_nested: hypervisor recommends nested-aware behaviour (we run on a
 *	Hyper-V that itself runs under Hyper-V)
 */
struct hvcore_info {
	char vendor[HVCORE_VENDOR_LEN + 1];
	u32 max_leaf;
	u32 interface;
	struct hvcore_version version;
	u64 privileges;
	u32 features_ecx;
	u32 features_edx;
	u32 recommendations;
	u32 spinlock_retries;
	u8 phys_addr_bits;
	u32 max_vps;
	u32 max_lps;
	u32 max_irq_vectors;
	u32 hw_features;
	struct hvcore_cpuid_regs cpu_mgmt;
	struct hvcore_cpuid_regs svm;
	struct hvcore_cpuid_regs nested_hv;
	u32 nested_features;
	u32 nested_features_ebx;
	u8 evmcs_version_low;
	u8 evmcs_version_high;
	u32 isolation_eax;
	u32 isolation_ebx;
	u8 isolation_type;

	bool has_hypercall_msr;
	bool has_vp_index;
	bool has_vp_runtime;
	bool has_time_ref_count;
	bool has_ref_tsc;
	bool has_synic;
	bool has_stimer;
	bool has_stimer_direct;
	bool has_apic_msrs;
	bool has_frequency_msrs;
	bool has_reset_msr;
	bool has_guest_idle;
	bool has_crash_msrs;
	bool has_post_messages;
	bool has_signal_events;
	bool has_ext_hypercalls;
	bool has_xmm_hc_input;
	bool has_xmm_hc_output;
	bool is_isolated;
	bool is_nested;
};

/* Buffer size (NUL included) that holds hvcore_info_format() of any info */
#define HVCORE_INFO_FORMAT_MAX	1152

int hvcore_cpuid_parse(const struct hvcore_cpuid_regs regs[HVCORE_CPUID_NLEAVES],
		       struct hvcore_info *info, const char **why);
int hvcore_info_format(const struct hvcore_info *info, char *buf, size_t size);
const char *hvcore_isolation_name(u8 type);

#endif /* _HVCORE_CPUID_H */
