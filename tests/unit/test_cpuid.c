// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of hv_core/cpuid.c on CPUID values from real machines where a
 * public dump exists, and reconstructed from the TLFS bit definitions
 * where it does not.  Each fixture says which.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>

#include "cpuid.h"
#include "runner.h"

/* regs[] index for leaf 0x400000NN */
#define L(n)	[(n)]

/* "Microsoft Hv" in EBX, ECX, EDX */
#define MSHV	HVCORE_VENDOR_EBX, HVCORE_VENDOR_ECX, HVCORE_VENDOR_EDX
#define HV1	{ HVCORE_INTERFACE_HV1, 0, 0, 0 }

struct fixture {
	const char *name;
	struct hvcore_cpuid_regs regs[HVCORE_CPUID_NLEAVES];
};

/*
 * (a) Windows Server 2019 host (build 17763.737), Linux guest.
 * Real: 0x40000003 EAX 0x2e7f and EDX 0xbed7b2, 0x40000004 EAX 0x60e24,
 * and the version leaf, from a guest's dmesg quoted in a public GitHub
 * repository ("Hyper-V: features 0x2e7f, hints 0x60e24, misc 0xbed7b2",
 * "Hyper-V Host Build:17763-10.0-0-0.737").
 * Reconstructed: max leaf, privileges high (EBX, taken equal to the
 * 19041 and Azure values below), ECX, spinlock retries, address bits,
 * limits and hardware features; no nested virtualization exposed.
 */
static const struct fixture ws2019 = {
	.name = "ws2019",
	.regs = {
		L(0x0) = { 0x4000000a, MSHV },
		L(0x1) = HV1,
		L(0x2) = { 17763, 0x000a0000, 0, 737 },
		L(0x3) = { 0x00002e7f, 0x003b8030, 0x00000002, 0x00bed7b2 },
		L(0x4) = { 0x00060e24, 0x00000fff, 0x0000002e, 0 },
		L(0x5) = { 0x000000f0, 0x00000400, 0x00005d00, 0 },
		L(0x6) = { 0x0000000f, 0, 0, 0 },
	},
};

/*
 * (a') Windows 10 2004 Hyper-V host (build 19041.985), Generation 2 VM
 * ("BIOS Hyper-V UEFI Release v4.0").
 * Real: privileges low 0x2e7f / high 0x3b8030, hints 0xc2c, misc
 * 0xbed7b2 and the version, from a guest journal quoted in a public GitHub
 * repository.  Reconstructed: max leaf, ECX values, limits, hw features.
 */
static const struct fixture win10_gen2 = {
	.name = "win10_gen2",
	.regs = {
		L(0x0) = { 0x4000000a, MSHV },
		L(0x1) = HV1,
		L(0x2) = { 19041, 0x000a0000, 0, 985 },
		L(0x3) = { 0x00002e7f, 0x003b8030, 0x00000002, 0x00bed7b2 },
		L(0x4) = { 0x00000c2c, 0x00000fff, 0x00000027, 0 },
		L(0x5) = { 0x000000f0, 0x00000400, 0x00000000, 0 },
		L(0x6) = { 0x0000000f, 0, 0, 0 },
	},
};

/*
 * (b) Azure F72s_v2 (Windows Server 2022 host, build 20348).
 * Real, every register: `cpuid -r -1` on the boot CPU, posted by Michael
 * Kelley to LKML on 2023-07-31 ("RE: [patch v2 21/38] x86/cpu: Provide
 * cpu_init/parse_topology()").  Leaves 7..9 were all zero.
 */
static const struct fixture azure_f72s_v2 = {
	.name = "azure_f72s_v2",
	.regs = {
		L(0x0) = { 0x4000000a, MSHV },
		L(0x1) = HV1,
		L(0x2) = { 0x00004f7c, 0x000a0000, 0x00000001, 0x000005b6 },
		L(0x3) = { 0x00002e7f, 0x003b8030, 0x00000002, 0x000ed7b2 },
		L(0x4) = { 0x00064e24, 0x00000fff, 0x0000002e, 0 },
		L(0x5) = { 0x000000f0, 0x00000400, 0x00005d00, 0 },
		L(0x6) = { 0x0000000f, 0, 0, 0 },
		L(0xa) = { 0x000e0101, 0, 0, 0 },
	},
};

/*
 * (b') Azure Intel TDX confidential VM (build 22621 host).
 * Real, every register: `cpuid -1 -r` posted by Florian Weimer to
 * qemu-devel/libc-alpha on 2023-07-17 ("Missing cache information on
 * x86-64 under Intel TDX").  Max leaf is 0x4000000c (isolation leaf,
 * EBX=3=TDX); EBX bit 22 (isolation) is set.  Of leaf 0x4000000c only
 * EBX was recorded here; its other registers are taken as zero.
 */
static const struct fixture azure_tdx = {
	.name = "azure_tdx",
	.regs = {
		L(0x0) = { 0x4000000c, MSHV },
		L(0x1) = HV1,
		L(0x2) = { 0x0000585d, 0x000a0000, 0x00000001, 0x00000447 },
		L(0x3) = { 0x0000ae7f, 0x00628030, 0x00000002, 0xe0be47a2 },
		L(0x4) = { 0x00360e24, 0x00000fff, 0x00000034, 0 },
		L(0x5) = { 0x00000800, 0x00000800, 0x00009720, 0 },
		L(0x6) = { 0x0000000f, 0, 0, 0 },
		L(0xc) = { 0, 0x00000003, 0, 0 },
	},
};

/*
 * (c) Windows Server 2012 R2 host (build 9600), before synthetic timer
 * direct mode and guest crash MSRs existed.
 * Reconstructed entirely from the TLFS bit definitions; no public dump
 * was found.  Max leaf 0x40000006 is the last leaf TLFS 4.0 (the 2012 R2
 * edition) defines.
 */
static const struct fixture ws2012r2 = {
	.name = "ws2012r2",
	.regs = {
		L(0x0) = { 0x40000006, MSHV },
		L(0x1) = HV1,
		L(0x2) = { 9600, 0x00060003, 0, 16384 },
		/* MSRs: all but frequency; hypercalls: post/signal only */
		L(0x3) = { 0x0000067f, 0x00000030, 0x00000002, 0x000000b2 },
		L(0x4) = { 0x0000002c, 0x00000fff, 0, 0 },
		L(0x5) = { 64, 320, 0, 0 },
		L(0x6) = { 0x00000007, 0, 0, 0 },
	},
};

/*
 * (d) KVM with QEMU `-cpu host,hv_relaxed,hv_vpindex,hv_time`.
 * Real, every register: dump in the public notes repository
 * Martins3/Martins3.github.io (Hyper-V page).  Only the TLFS minimum of
 * leaves; no SynIC and no hypercall privileges, so no VMBus is possible.
 */
static const struct fixture kvm_minimal = {
	.name = "kvm_minimal",
	.regs = {
		L(0x0) = { 0x40000005, MSHV },
		L(0x1) = HV1,
		L(0x2) = { 0x00003839, 0x000a0000, 0, 0 },
		L(0x3) = { 0x00000262, 0, 0, 0x00000008 },
		L(0x4) = { 0x00000020, 0xffffffff, 0, 0 },
		L(0x5) = { 0xffffffff, 0x00000040, 0, 0 },
	},
};

/*
 * (d') KVM with a full set of hv-* enlightenments, 112 vCPUs.
 * Real: privileges low 0x2aff / high 0x830, hints 0x4e2c, misc 0x80d12,
 * nested features 0x80101 and the version (QEMU's default 14393, 10.0),
 * from Sean Christopherson's dmesg on the kvm list, 2022-03-24 ("Re: [FYI
 * PATCH] Revert "KVM: x86/mmu: Zap only TDP MMU leafs in
 * kvm_zap_gfn_range()"").  Reconstructed: max leaf, spinlock retries
 * (QEMU default: never), limits.
 */
static const struct fixture kvm_full = {
	.name = "kvm_full",
	.regs = {
		L(0x0) = { 0x4000000a, MSHV },
		L(0x1) = HV1,
		L(0x2) = { 14393, 0x000a0000, 0, 0 },
		L(0x3) = { 0x00002aff, 0x00000830, 0, 0x00080d12 },
		L(0x4) = { 0x00004e2c, 0xffffffff, 0, 0 },
		L(0x5) = { 0xffffffff, 0x00000040, 0, 0 },
		L(0xa) = { 0x00080101, 0, 0, 0 },
	},
};

static const struct fixture *const valid_fixtures[] = {
	&ws2019, &win10_gen2, &azure_f72s_v2, &azure_tdx, &ws2012r2,
	&kvm_minimal, &kvm_full,
};

static int parse(const struct fixture *fx, struct hvcore_info *info,
		 const char **why)
{
	return hvcore_cpuid_parse(fx->regs, info, why);
}

/* Every field below max_leaf is what the TLFS says it is. */
TEST(cpuid_ws2019)
{
	struct hvcore_info info;
	const char *why = "unset";

	CHECK_INT(parse(&ws2019, &info, &why), 0);
	CHECK(why == NULL);
	CHECK_STREQ(info.vendor, "Microsoft Hv");
	CHECK_EQ(info.max_leaf, 0x4000000a);
	CHECK_EQ(info.interface, HVCORE_INTERFACE_HV1);
	CHECK_EQ(info.version.build, 17763);
	CHECK_EQ(info.version.major, 10);
	CHECK_EQ(info.version.minor, 0);
	CHECK_EQ(info.version.service_number, 737);
	CHECK_EQ(info.privileges, 0x003b803000002e7fULL);
	CHECK_EQ(info.features_edx, 0x00bed7b2);
	CHECK_EQ(info.recommendations, 0x00060e24);
	CHECK(info.has_hypercall_msr);
	CHECK(info.has_vp_index);
	CHECK(info.has_synic);
	CHECK(info.has_stimer);
	CHECK(info.has_stimer_direct);
	CHECK(info.has_ref_tsc);
	CHECK(info.has_time_ref_count);
	CHECK(info.has_crash_msrs);
	CHECK(info.has_frequency_msrs);
	CHECK(info.has_post_messages);
	CHECK(info.has_signal_events);
	CHECK(info.has_xmm_hc_input);
	CHECK(info.has_xmm_hc_output);
	CHECK(info.has_guest_idle);
	CHECK(info.privileges & HVCORE_PRIV_REENLIGHTENMENT);
	CHECK(!(info.privileges & HVCORE_PRIV_TSC_INVARIANT));
	CHECK(!info.is_isolated);
	CHECK(!info.is_nested);
	CHECK(info.recommendations & HVCORE_REC_NO_AUTO_EOI);
	CHECK(info.recommendations & HVCORE_REC_EX_PROC_MASKS);
}

TEST(cpuid_win10_gen2)
{
	struct hvcore_info info;

	CHECK_INT(parse(&win10_gen2, &info, NULL), 0);
	CHECK_EQ(info.version.build, 19041);
	CHECK_EQ(info.version.service_number, 985);
	CHECK_EQ(info.phys_addr_bits, 39);
	CHECK(info.has_synic && info.has_stimer_direct && info.has_crash_msrs);
	/* hints 0xc2c: no AutoEOI deprecation on this client host */
	CHECK(!(info.recommendations & HVCORE_REC_NO_AUTO_EOI));
	CHECK(info.recommendations & HVCORE_REC_CLUSTER_IPI);
}

TEST(cpuid_azure_f72s_v2)
{
	struct hvcore_info info;

	CHECK_INT(parse(&azure_f72s_v2, &info, NULL), 0);
	CHECK_EQ(info.version.build, 20348);
	CHECK_EQ(info.version.major, 10);
	CHECK_EQ(info.version.service_pack, 1);
	CHECK_EQ(info.version.service_branch, 0);
	CHECK_EQ(info.version.service_number, 1462);
	CHECK_EQ(info.privileges, 0x003b803000002e7fULL);
	CHECK_EQ(info.features_ecx & HVCORE_FEAT_ECX_MAX_CSTATE, 2);
	CHECK_EQ(info.features_edx, 0x000ed7b2);
	CHECK_EQ(info.spinlock_retries, 0xfff);
	CHECK_EQ(info.phys_addr_bits, 46);
	CHECK_EQ(info.max_vps, 240);
	CHECK_EQ(info.max_lps, 1024);
	CHECK_EQ(info.max_irq_vectors, 0x5d00);
	CHECK_EQ(info.hw_features, HVCORE_HW_APIC_OVERLAY | HVCORE_HW_MSR_BITMAPS |
		 HVCORE_HW_PERF_COUNTERS | HVCORE_HW_SLAT);
	CHECK_EQ(info.nested_features, 0x000e0101);
	CHECK_EQ(info.evmcs_version_low, 1);
	CHECK_EQ(info.evmcs_version_high, 1);
	CHECK(info.nested_features & HVCORE_NESTED_DIRECT_FLUSH);
	CHECK(info.nested_features & HVCORE_NESTED_GPA_FLUSH);
	CHECK(info.nested_features & HVCORE_NESTED_MSR_BITMAP);
	CHECK(info.recommendations & HVCORE_REC_ENLIGHTENED_VMCS);
	CHECK(info.has_synic && info.has_stimer_direct && info.has_ref_tsc);
	CHECK(info.has_ext_hypercalls);
	CHECK(!info.is_isolated);
	CHECK_EQ(info.cpu_mgmt.eax | info.svm.eax | info.nested_hv.eax, 0);
}

/*
 * (b'') An SEV-SNP confidential VM with a paravisor, reconstructed from the
 * TLFS isolation leaf: the TDX guest's leaves above, with leaf 0x4000000C
 * EAX bit 0 (paravisor present) and EBX type 2 (SNP), the shared GPA
 * boundary active at bit 46.
 */
static struct fixture azure_snp(void)
{
	struct fixture fx = azure_tdx;

	fx.name = "azure_snp";
	fx.regs[0xc] = (struct hvcore_cpuid_regs){ 0x00000001, 0x00000002 | (1u << 5) | (46u << 6), 0, 0 };
	return fx;
}

/* The isolation leaf: type and paravisor, believed only with the privilege */
TEST(cpuid_isolation_snp_paravisor)
{
	struct hvcore_info info;
	struct fixture fx = azure_snp();

	CHECK_INT(parse(&fx, &info, NULL), 0);
	CHECK(info.is_isolated);
	CHECK_EQ(info.isolation_type, HVCORE_ISOLATION_SNP);
	CHECK(info.isolation_eax & HVCORE_ISOLATION_PARAVISOR);
	CHECK(info.isolation_ebx & HVCORE_ISOLATION_SHARED_GPA);
	CHECK_EQ((info.isolation_ebx & HVCORE_ISOLATION_SHARED_GPA_BITS) >> 6, 46);
	CHECK(!strcmp(hvcore_isolation_name(info.isolation_type), "SNP"));

	/* the leaf without the AccessIsolation privilege: not isolated */
	fx.regs[3].ebx &= ~(u32)(HVCORE_PRIV_ISOLATION >> 32);
	CHECK_INT(parse(&fx, &info, NULL), 0);
	CHECK(!info.is_isolated);
	CHECK_EQ(info.isolation_type, HVCORE_ISOLATION_NONE);

	/* the privilege without the leaf: isolated, type unknown */
	fx = azure_snp();
	fx.regs[0].eax = 0x4000000a;
	CHECK_INT(parse(&fx, &info, NULL), 0);
	CHECK(info.is_isolated);
	CHECK_EQ(info.isolation_type, HVCORE_ISOLATION_UNKNOWN);
	CHECK_EQ(info.isolation_ebx, 0);
	CHECK(!strcmp(hvcore_isolation_name(info.isolation_type), "unknown"));
	CHECK(!strcmp(hvcore_isolation_name(HVCORE_ISOLATION_VBS), "VBS"));
}

TEST(cpuid_azure_tdx_isolated)
{
	struct hvcore_info info;

	CHECK_INT(parse(&azure_tdx, &info, NULL), 0);
	CHECK_EQ(info.max_leaf, 0x4000000c);
	CHECK_EQ(info.version.build, 22621);
	CHECK_EQ(info.version.service_number, 0x447);
	CHECK_EQ(info.privileges, 0x006280300000ae7fULL);
	CHECK(info.privileges & HVCORE_PRIV_TSC_INVARIANT);
	CHECK(info.is_isolated);
	CHECK_EQ(info.isolation_type, HVCORE_ISOLATION_TDX);
	CHECK(!strcmp(hvcore_isolation_name(info.isolation_type), "TDX"));
	CHECK(info.has_stimer_direct);
	CHECK(info.has_crash_msrs);
	/* EDX 0xe0be47a2: no XMM fast hypercall input or output here */
	CHECK(!info.has_xmm_hc_input);
	CHECK(!info.has_xmm_hc_output);
	CHECK_EQ(info.phys_addr_bits, 52);
	CHECK_EQ(info.max_vps, 2048);
	CHECK_EQ(info.max_lps, 2048);
	CHECK_EQ(info.nested_features, 0);
	CHECK_EQ(info.evmcs_version_high, 0);
}

TEST(cpuid_ws2012r2_no_stimer_direct)
{
	struct hvcore_info info;

	CHECK_INT(parse(&ws2012r2, &info, NULL), 0);
	CHECK_EQ(info.version.major, 6);
	CHECK_EQ(info.version.minor, 3);
	CHECK_EQ(info.version.build, 9600);
	CHECK(info.has_synic);
	CHECK(info.has_stimer);
	CHECK(!info.has_stimer_direct);
	CHECK(!info.has_crash_msrs);
	CHECK(!info.has_frequency_msrs);
	CHECK(info.has_guest_idle);
	CHECK(info.has_post_messages && info.has_signal_events);
	CHECK(!info.has_ext_hypercalls);
	CHECK_EQ(info.hw_features, 7);
	/* Leaves 7..A are above max_leaf: zero */
	CHECK_EQ(info.nested_features, 0);
}

TEST(cpuid_kvm_minimal)
{
	struct hvcore_info info;

	CHECK_INT(parse(&kvm_minimal, &info, NULL), 0);
	CHECK_EQ(info.max_leaf, 0x40000005);
	CHECK_EQ(info.version.build, 14393);
	CHECK_EQ(info.privileges, 0x262);
	CHECK(info.has_hypercall_msr);
	CHECK(info.has_vp_index);
	CHECK(info.has_time_ref_count);
	CHECK(info.has_ref_tsc);
	CHECK(!info.has_synic);
	CHECK(!info.has_stimer);
	CHECK(!info.has_stimer_direct);
	CHECK(!info.has_post_messages);
	CHECK(!info.has_signal_events);
	CHECK(!info.has_crash_msrs);
	CHECK(info.recommendations & HVCORE_REC_RELAXED_TIMING);
	CHECK_EQ(info.spinlock_retries, HVCORE_SPINLOCK_RETRIES_NEVER);
	CHECK_EQ(info.max_vps, 0xffffffff);
	CHECK_EQ(info.max_lps, 64);
	CHECK_EQ(info.hw_features, 0);
}

TEST(cpuid_kvm_full)
{
	struct hvcore_info info;

	CHECK_INT(parse(&kvm_full, &info, NULL), 0);
	CHECK_EQ(info.privileges, 0x0000083000002affULL);
	CHECK(info.has_synic && info.has_stimer && info.has_stimer_direct);
	CHECK(info.has_apic_msrs);
	CHECK(info.has_reset_msr);
	CHECK(info.has_frequency_msrs);
	CHECK(info.has_crash_msrs);
	CHECK(info.has_post_messages && info.has_signal_events);
	CHECK(info.privileges & HVCORE_PRIV_DEBUGGING);
	CHECK(!info.has_guest_idle);
	CHECK(!info.has_ext_hypercalls);
	CHECK_EQ(info.evmcs_version_low, 1);
	CHECK_EQ(info.evmcs_version_high, 1);
	CHECK(info.nested_features & HVCORE_NESTED_MSR_BITMAP);
	CHECK(!(info.nested_features & HVCORE_NESTED_DIRECT_FLUSH));
}

/* Derived flags need all their inputs, not just one. */
TEST(cpuid_derived_flags_need_all_bits)
{
	struct fixture fx = azure_f72s_v2;
	struct hvcore_info info;

	/* Direct mode advertised, but no timer privilege: no timers at all. */
	fx.regs[3].eax &= ~(u32)HVCORE_PRIV_SYNTIMER;
	CHECK_INT(parse(&fx, &info, NULL), 0);
	CHECK(!info.has_stimer);
	CHECK(!info.has_stimer_direct);
	CHECK(info.features_edx & HVCORE_FEAT_STIMER_DIRECT);

	/* Frequency MSR privilege without the feature bit, and vice versa */
	fx = azure_f72s_v2;
	fx.regs[3].edx &= ~(u32)HVCORE_FEAT_FREQUENCY_MSRS;
	CHECK_INT(parse(&fx, &info, NULL), 0);
	CHECK(!info.has_frequency_msrs);
	fx = azure_f72s_v2;
	fx.regs[3].eax &= ~(u32)HVCORE_PRIV_FREQUENCY_MSRS;
	CHECK_INT(parse(&fx, &info, NULL), 0);
	CHECK(!info.has_frequency_msrs);

	/* Nested recommendation bit */
	fx = azure_f72s_v2;
	fx.regs[4].eax |= HVCORE_REC_NESTED;
	CHECK_INT(parse(&fx, &info, NULL), 0);
	CHECK(info.is_nested);
}

/* (e) Other hypervisors and bare metal */

/* KVM's own signature: real, from the same Martins3 notes as (d). */
static const struct fixture kvm_native = {
	.name = "kvm_native",
	.regs = {
		L(0x0) = { 0x40000001, 0x4b4d564b, 0x564b4d56, 0x0000004d },
		L(0x1) = { 0x01007afb, 0, 0, 0 },
	},
};

/* QEMU TCG: real, from pytorch/cpuinfo pull request #349 (2025). */
static const struct fixture tcg = {
	.name = "tcg",
	.regs = {
		L(0x0) = { 0x40000001, 0x54474354, 0x43544743, 0x47435447 },
	},
};

/*
 * Xen: real, from a `cpuid -r` of a Xen HVM guest quoted in a public
 * GitHub repository; its leaf layout even has enough leaves and its own
 * interface value in 0x40000001.
 */
static const struct fixture xen = {
	.name = "xen",
	.regs = {
		L(0x0) = { 0x40000005, 0x566e6558, 0x65584d4d, 0x4d4d566e },
		L(0x1) = { 0x0004000b, 0, 0, 0 },
		L(0x2) = { 0x00000001, 0x40000000, 0, 0 },
		L(0x3) = { 0x00000006, 0x00000002, 0x002a9f50, 0x00000001 },
		L(0x4) = { 0x0000001c, 0, 0x00002b86, 0 },
	},
};

/* No hypervisor leaves at all (bare metal or hidden hypervisor) */
static const struct fixture zeros = { .name = "zeros" };

static void check_rejected(const struct fixture *fx, int want_err,
			   const char *want_why, const char *want_vendor)
{
	static const struct hvcore_info empty;
	struct hvcore_info info;
	const char *why = NULL;

	memset(&info, 0xa5, sizeof(info));
	CHECK_INT(parse(fx, &info, &why), want_err);
	CHECK_STREQ(why, want_why);
	CHECK_STREQ(info.vendor, want_vendor);
	CHECK_EQ(info.max_leaf, fx->regs[0].eax);
	/* Nothing else may leak out of a rejected parse. */
	memset(info.vendor, 0, sizeof(info.vendor));
	info.max_leaf = 0;
	CHECK(!memcmp(&info, &empty, sizeof(info)));
	/* why is optional */
	CHECK_INT(parse(fx, &info, NULL), want_err);
}

TEST(cpuid_rejects_other_vendors)
{
	check_rejected(&kvm_native, -ENODEV, "vendor is not Microsoft Hv",
		       "KVMKVMKVM");
	check_rejected(&tcg, -ENODEV, "vendor is not Microsoft Hv",
		       "TCGTCGTCGTCG");
	check_rejected(&xen, -ENODEV, "vendor is not Microsoft Hv",
		       "XenVMMXenVMM");
	check_rejected(&zeros, -ENODEV, "vendor is not Microsoft Hv", "");
}

TEST(cpuid_rejects_near_miss_vendor)
{
	struct fixture fx = azure_f72s_v2;

	/* "microsoft Hv": one bit off */
	fx.regs[0].ebx ^= 0x20;
	check_rejected(&fx, -ENODEV, "vendor is not Microsoft Hv",
		       "microsoft Hv");

	/* Control characters from the host are masked in the copy. */
	fx = azure_f72s_v2;
	fx.regs[0].edx = 0x1b482074;	/* "t H\x1b" */
	check_rejected(&fx, -ENODEV, "vendor is not Microsoft Hv",
		       "Microsoft H?");

	/* Embedded NUL: 12 bytes must match, "Microsoft" alone does not. */
	fx = azure_f72s_v2;
	fx.regs[0].edx = 0x00000074;	/* "t\0\0\0" */
	check_rejected(&fx, -ENODEV, "vendor is not Microsoft Hv",
		       "Microsoft");
}

TEST(cpuid_rejects_wrong_interface)
{
	struct fixture fx = azure_f72s_v2;

	fx.regs[1].eax = 0x30237648;	/* "Hv#0" */
	check_rejected(&fx, -ENODEV, "interface is not Hv#1", "Microsoft Hv");
	fx.regs[1].eax = 0;
	check_rejected(&fx, -ENODEV, "interface is not Hv#1", "Microsoft Hv");
	/* byte-swapped signature */
	fx.regs[1].eax = 0x48762331;
	check_rejected(&fx, -ENODEV, "interface is not Hv#1", "Microsoft Hv");
}

/* (f) Fewer leaves than the TLFS minimum */
TEST(cpuid_rejects_short_range)
{
	static const u32 short_max[] = { 0x40000000, 0x40000001, 0x40000004 };
	struct fixture fx = kvm_minimal;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(short_max); i++) {
		fx.regs[0].eax = short_max[i];
		check_rejected(&fx, -ENODEV, "max leaf below 0x40000005",
			       "Microsoft Hv");
	}
}

/* (g) A max leaf that is not a hypervisor leaf number at all */
TEST(cpuid_rejects_absurd_max_leaf)
{
	static const u32 absurd[] = {
		0x40010000, 0x4fffffff, 0x80000008, 0xffffffff,
		0x00000000, 0x0000000d, 0x3fffffff,
	};
	struct fixture fx = azure_f72s_v2;
	struct hvcore_info info;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(absurd); i++) {
		fx.regs[0].eax = absurd[i];
		check_rejected(&fx, -EINVAL,
			       "max leaf outside 0x40000000..0x4000ffff",
			       "Microsoft Hv");
	}

	/* The top of the range is still valid. */
	fx.regs[0].eax = 0x4000ffff;
	CHECK_INT(parse(&fx, &info, NULL), 0);
	CHECK_EQ(info.nested_features, 0x000e0101);
}

/* (h) Leaves above the reported maximum are never read. */
TEST(cpuid_ignores_leaves_above_max)
{
	unsigned int f, i;

	for (f = 0; f < ARRAY_SIZE(valid_fixtures); f++) {
		const struct fixture *clean = valid_fixtures[f];
		struct hvcore_info want, got;
		struct fixture dirty = *clean;

		for (i = 0; i < HVCORE_CPUID_NLEAVES; i++) {
			if (HVCORE_CPUID_FIRST + i <= clean->regs[0].eax)
				continue;
			dirty.regs[i].eax = 0xdeadbeef;
			dirty.regs[i].ebx = 0xffffffff;
			dirty.regs[i].ecx = 0x5a5a5a5a;
			dirty.regs[i].edx = 0xffffffff;
		}
		CHECK_INT(parse(clean, &want, NULL), 0);
		CHECK_INT(parse(&dirty, &got, NULL), 0);
		CHECK(!memcmp(&want, &got, sizeof(want)));
	}
}

TEST(cpuid_garbage_above_max_specific)
{
	struct fixture fx = kvm_minimal;
	struct hvcore_info info;
	unsigned int i;

	for (i = 6; i < HVCORE_CPUID_NLEAVES; i++)
		fx.regs[i] = (struct hvcore_cpuid_regs){ ~0u, ~0u, ~0u, ~0u };
	CHECK_INT(parse(&fx, &info, NULL), 0);
	CHECK_EQ(info.hw_features, 0);
	CHECK_EQ(info.cpu_mgmt.eax | info.cpu_mgmt.edx, 0);
	CHECK_EQ(info.svm.eax, 0);
	CHECK_EQ(info.nested_hv.edx, 0);
	CHECK_EQ(info.nested_features, 0);
	CHECK_EQ(info.evmcs_version_high, 0);

	/* One leaf more announced: exactly that one appears. */
	fx.regs[0].eax = 0x40000006;
	CHECK_INT(parse(&fx, &info, NULL), 0);
	CHECK_EQ(info.hw_features, 0xffffffff);
	CHECK_EQ(info.cpu_mgmt.eax, 0);
}

/* Any single privilege or feature bit parses and lands where it should. */
TEST(cpuid_any_feature_bits_parse)
{
	struct fixture fx = kvm_minimal;
	struct hvcore_info info;
	unsigned int bit;

	for (bit = 0; bit < 32; bit++) {
		fx.regs[3] = (struct hvcore_cpuid_regs){ 1u << bit, 1u << bit,
							 1u << bit, 1u << bit };
		fx.regs[4].eax = 1u << bit;
		CHECK_INT(parse(&fx, &info, NULL), 0);
		CHECK_EQ(info.privileges, (1ULL << bit) | (1ULL << (bit + 32)));
	}
}

/* (i) Formatting */

static char *format_alloc(const struct hvcore_info *info, size_t size,
			  int *len)
{
	/* Exact size, so ASan reports a write even one byte past the end. */
	char *buf = size ? malloc(size) : NULL;

	if (size)
		memset(buf, 'X', size);
	*len = hvcore_info_format(info, buf, size);
	return buf;
}

TEST(cpuid_format_full)
{
	static const char *const want_lines[] = {
		"vendor: Microsoft Hv\n",
		"max_leaf: 0x4000000a\n",
		"interface: 0x31237648\n",
		"version: 10.0 build 20348 sp 1 branch 0 number 1462\n",
		"privileges: 0x003b803000002e7f\n",
		"features_edx: 0x000ed7b2\n",
		"recommendations: 0x00064e24\n",
		"spinlock_retries: 0x00000fff\n",
		"phys_addr_bits: 46\n",
		"max_vps: 240\n",
		"max_lps: 1024\n",
		"hw_features: 0x0000000f\n",
		"nested_features: 0x000e0101 0x00000000\n",
		"evmcs_version: 1..1\n",
		"has_hypercall_msr: yes\n",
		"has_synic: yes\n",
		"has_stimer_direct: yes\n",
		"has_crash_msrs: yes\n",
		"is_isolated: no\n",
		"isolation: none 0x00000000 0x00000000\n",
	};
	struct hvcore_info info;
	char buf[4096];
	unsigned int i;
	int len;

	CHECK_INT(parse(&azure_f72s_v2, &info, NULL), 0);
	len = hvcore_info_format(&info, buf, sizeof(buf));
	CHECK(len > 0 && len < (int)sizeof(buf) - 1);
	CHECK_EQ(strlen(buf), len);
	CHECK(!strncmp(buf, "vendor: ", 8));
	CHECK_EQ(buf[len - 1], '\n');
	for (i = 0; i < ARRAY_SIZE(want_lines); i++)
		CHECK(strstr(buf, want_lines[i]));
}

TEST(cpuid_format_small_buffers)
{
	static const size_t sizes[] = { 0, 1, 2, 16, 17, 64, 255 };
	struct hvcore_info info;
	char full[4096];
	unsigned int i;
	int full_len, len;
	char *buf;

	CHECK_INT(parse(&kvm_full, &info, NULL), 0);
	full_len = hvcore_info_format(&info, full, sizeof(full));
	CHECK(full_len > 255);

	/* size 0: buffer untouched, even a NULL one */
	CHECK_INT(hvcore_info_format(&info, NULL, 0), 0);

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t want = sizes[i] ? sizes[i] - 1 : 0;

		buf = format_alloc(&info, sizes[i], &len);
		CHECK_INT(len, want);
		if (sizes[i]) {
			CHECK_EQ(buf[want], '\0');
			CHECK(!strncmp(buf, full, want));
		}
		free(buf);
	}

	/* Every size around the exact fit */
	for (i = (unsigned int)full_len - 2; i <= (unsigned int)full_len + 2; i++) {
		size_t want = min((size_t)i - 1, (size_t)full_len);

		buf = format_alloc(&info, i, &len);
		CHECK_INT(len, want);
		CHECK(!strncmp(buf, full, want) && buf[want] == '\0');
		free(buf);
	}
}

TEST(cpuid_format_all_sizes)
{
	struct hvcore_info info;
	char full[4096];
	int full_len, len;
	size_t size;
	char *buf;

	CHECK_INT(parse(&azure_tdx, &info, NULL), 0);
	full_len = hvcore_info_format(&info, full, sizeof(full));
	for (size = 1; size <= (size_t)full_len + 1; size++) {
		size_t want = min(size - 1, (size_t)full_len);

		buf = format_alloc(&info, size, &len);
		if (len != (int)want || buf[want] || strncmp(buf, full, want)) {
			free(buf);
			CHECK_INT(len, want);
			CHECK(!"output is a prefix of the full text");
		}
		free(buf);
	}
	CHECK(size > 1);
}

/* HVCORE_INFO_FORMAT_MAX holds the longest possible text. */
TEST(cpuid_format_max_size)
{
	struct hvcore_info info;
	char buf[4 * HVCORE_INFO_FORMAT_MAX];
	int len;

	/* Widest value of every field; flags false ("no" beats "yes") */
	memset(&info, 0, sizeof(info));
	memset(info.vendor, 'W', HVCORE_VENDOR_LEN);
	info.max_leaf = info.interface = ~0u;
	info.version = (struct hvcore_version){ ~0u, 0xffff, 0xffff, ~0u, 0xff,
						0xffffff };
	info.privileges = ~0ULL;
	info.features_ecx = info.features_edx = ~0u;
	info.recommendations = info.spinlock_retries = ~0u;
	info.phys_addr_bits = 127;
	info.max_vps = info.max_lps = info.max_irq_vectors = ~0u;
	info.hw_features = ~0u;
	info.cpu_mgmt = info.svm = info.nested_hv =
		(struct hvcore_cpuid_regs){ ~0u, ~0u, ~0u, ~0u };
	info.nested_features = info.nested_features_ebx = ~0u;
	info.evmcs_version_low = info.evmcs_version_high = 255;
	/* "unknown" is the widest isolation name */
	info.is_isolated = true;
	info.isolation_type = 15;
	info.isolation_eax = info.isolation_ebx = ~0u;
	len = hvcore_info_format(&info, buf, sizeof(buf));
	CHECK(len > 1024);
	CHECK(len + 1 <= HVCORE_INFO_FORMAT_MAX);
	CHECK_INT(hvcore_info_format(&info, buf, HVCORE_INFO_FORMAT_MAX), len);
}

TEST(cpuid_format_rejected_vendor)
{
	struct hvcore_info info;
	char buf[4096];

	CHECK_INT(parse(&kvm_native, &info, NULL), -ENODEV);
	CHECK(hvcore_info_format(&info, buf, sizeof(buf)) > 0);
	CHECK(strstr(buf, "vendor: KVMKVMKVM\n"));
	CHECK(strstr(buf, "max_leaf: 0x40000001\n"));
	CHECK(strstr(buf, "has_synic: no\n"));
}
