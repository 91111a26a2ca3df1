// SPDX-License-Identifier: GPL-2.0
/*
 * Hyper-V CPUID leaf parser.
 *
 * Turns the raw values of CPUID 0x40000000..0x4000000C into a struct
 * hvcore_info.  The values come from whatever sits below us (a real
 * hypervisor, another hypervisor pretending to be Hyper-V, or hv_sim), so
 * each one is checked before it is believed: the vendor and interface
 * signatures must match exactly, the reported range must make sense, and
 * leaves the hypervisor did not announce are never read.
 *
 * Plain C on purpose: no hardware access, no allocation, no global state.
 * The same file is compiled by the unit tests in tests/unit.
 */
#include <linux/types.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "cpuid.h"

/* Index of @leaf in the caller's array */
#define HVCORE_LEAF_IDX(leaf)	((leaf) - HVCORE_CPUID_FIRST)

static void hvcore_vendor_bytes(const struct hvcore_cpuid_regs *r,
				u8 raw[HVCORE_VENDOR_LEN])
{
	const u32 words[3] = { r->ebx, r->ecx, r->edx };
	unsigned int i;

	/* CPUID hands out the signature as little-endian register bytes */
	for (i = 0; i < HVCORE_VENDOR_LEN; i++)
		raw[i] = (u8)(words[i / 4] >> (8 * (i % 4)));
}

/*
 * Keep a printable copy of the vendor even when it is not ours, so that
 * the caller can say what it found.  Bytes are untrusted: stop at the first
 * NUL and mask anything a terminal would interpret.
 */
static void hvcore_vendor_text(const u8 raw[HVCORE_VENDOR_LEN], char *out)
{
	unsigned int i;

	for (i = 0; i < HVCORE_VENDOR_LEN && raw[i]; i++)
		out[i] = (raw[i] >= 0x20 && raw[i] < 0x7f) ? (char)raw[i] : '?';
	out[i] = '\0';
}

static void hvcore_parse_version(const struct hvcore_cpuid_regs *r,
				 struct hvcore_version *v)
{
	v->build = r->eax;
	v->major = (u16)((r->ebx & HVCORE_VERSION_MAJOR) >> 16);
	v->minor = (u16)(r->ebx & HVCORE_VERSION_MINOR);
	v->service_pack = r->ecx;
	v->service_branch = (u8)((r->edx & HVCORE_VERSION_SVC_BRANCH) >> 24);
	v->service_number = r->edx & HVCORE_VERSION_SVC_NUMBER;
}

static void hvcore_derive_flags(struct hvcore_info *info)
{
	u64 priv = info->privileges;
	u32 edx = info->features_edx;

	info->has_hypercall_msr = priv & HVCORE_PRIV_HYPERCALL_MSRS;
	info->has_vp_index = priv & HVCORE_PRIV_VP_INDEX;
	info->has_vp_runtime = priv & HVCORE_PRIV_VP_RUNTIME;
	info->has_time_ref_count = priv & HVCORE_PRIV_TIME_REF_COUNT;
	info->has_ref_tsc = priv & HVCORE_PRIV_REFERENCE_TSC;
	info->has_synic = priv & HVCORE_PRIV_SYNIC;
	info->has_stimer = priv & HVCORE_PRIV_SYNTIMER;
	/* Direct mode is a property of the timers: no timers, no mode. */
	info->has_stimer_direct = info->has_stimer &&
				  (edx & HVCORE_FEAT_STIMER_DIRECT);
	info->has_apic_msrs = priv & HVCORE_PRIV_APIC_MSRS;
	/* Reading them needs both the privilege and the feature. */
	info->has_frequency_msrs = (priv & HVCORE_PRIV_FREQUENCY_MSRS) &&
				   (edx & HVCORE_FEAT_FREQUENCY_MSRS);
	info->has_reset_msr = priv & HVCORE_PRIV_RESET;
	info->has_guest_idle = priv & HVCORE_PRIV_GUEST_IDLE;
	info->has_crash_msrs = edx & HVCORE_FEAT_CRASH_MSRS;
	info->has_post_messages = priv & HVCORE_PRIV_POST_MESSAGES;
	info->has_signal_events = priv & HVCORE_PRIV_SIGNAL_EVENTS;
	info->has_ext_hypercalls = priv & HVCORE_PRIV_EXT_HYPERCALLS;
	info->has_xmm_hc_input = edx & HVCORE_FEAT_XMM_HC_INPUT;
	info->has_xmm_hc_output = edx & HVCORE_FEAT_XMM_HC_OUTPUT;
	/*
	 * A confidential VM. The privilege alone decides, as in the kernel's
	 * own detection: the type in leaf 0x4000000C is only believed when
	 * the privilege is granted (and the leaf announced).
	 */
	info->is_isolated = priv & HVCORE_PRIV_ISOLATION;
	if (info->is_isolated && info->max_leaf >= HVCORE_CPUID_LEAF_ISOLATION)
		info->isolation_type = (u8)(info->isolation_ebx & HVCORE_ISOLATION_TYPE);
	else if (info->is_isolated)
		info->isolation_type = HVCORE_ISOLATION_UNKNOWN;
	info->is_nested = info->recommendations & HVCORE_REC_NESTED;
}

/* Leaves 0x40000002..0x40000005 exist whenever the checks passed. */
static void hvcore_parse_leaves(const struct hvcore_cpuid_regs *regs,
				struct hvcore_info *info)
{
	const struct hvcore_cpuid_regs *r;

	hvcore_parse_version(&regs[HVCORE_LEAF_IDX(HVCORE_CPUID_LEAF_VERSION)],
			     &info->version);

	r = &regs[HVCORE_LEAF_IDX(HVCORE_CPUID_LEAF_FEATURES)];
	info->privileges = ((u64)r->ebx << 32) | r->eax;
	info->features_ecx = r->ecx;
	info->features_edx = r->edx;

	r = &regs[HVCORE_LEAF_IDX(HVCORE_CPUID_LEAF_RECOMMEND)];
	info->recommendations = r->eax;
	info->spinlock_retries = r->ebx;
	info->phys_addr_bits = (u8)(r->ecx & HVCORE_REC_ECX_PHYS_ADDR_BITS);

	r = &regs[HVCORE_LEAF_IDX(HVCORE_CPUID_LEAF_LIMITS)];
	info->max_vps = r->eax;
	info->max_lps = r->ebx;
	info->max_irq_vectors = r->ecx;

	/*
	 * Optional leaves.  The caller is supposed to zero what the
	 * hypervisor did not announce, but do not rely on it.
	 */
	if (info->max_leaf >= HVCORE_CPUID_LEAF_HW_FEATURES)
		info->hw_features =
			regs[HVCORE_LEAF_IDX(HVCORE_CPUID_LEAF_HW_FEATURES)].eax;
	if (info->max_leaf >= HVCORE_CPUID_LEAF_CPU_MGMT)
		info->cpu_mgmt = regs[HVCORE_LEAF_IDX(HVCORE_CPUID_LEAF_CPU_MGMT)];
	if (info->max_leaf >= HVCORE_CPUID_LEAF_SVM)
		info->svm = regs[HVCORE_LEAF_IDX(HVCORE_CPUID_LEAF_SVM)];
	if (info->max_leaf >= HVCORE_CPUID_LEAF_NESTED_HV)
		info->nested_hv = regs[HVCORE_LEAF_IDX(HVCORE_CPUID_LEAF_NESTED_HV)];
	if (info->max_leaf >= HVCORE_CPUID_LEAF_NESTED_VIRT) {
		r = &regs[HVCORE_LEAF_IDX(HVCORE_CPUID_LEAF_NESTED_VIRT)];
		info->nested_features = r->eax;
		info->nested_features_ebx = r->ebx;
		info->evmcs_version_low = (u8)(r->eax & HVCORE_NESTED_EVMCS_LOW);
		info->evmcs_version_high =
			(u8)((r->eax & HVCORE_NESTED_EVMCS_HIGH) >> 8);
	}
	if (info->max_leaf >= HVCORE_CPUID_LEAF_ISOLATION) {
		r = &regs[HVCORE_LEAF_IDX(HVCORE_CPUID_LEAF_ISOLATION)];
		info->isolation_eax = r->eax;
		info->isolation_ebx = r->ebx;
	}

	hvcore_derive_flags(info);
}

/**
 * hvcore_isolation_name() - the name of an isolation type (leaf 0x4000000C)
 * @type: HVCORE_ISOLATION_*, from the untrusted leaf
 *
 * Context: any.
 * Return: "none", "VBS", "SNP", "TDX" or "unknown"; a static string.
 */
const char *hvcore_isolation_name(u8 type)
{
	switch (type) {
	case HVCORE_ISOLATION_NONE:
		return "none";
	case HVCORE_ISOLATION_VBS:
		return "VBS";
	case HVCORE_ISOLATION_SNP:
		return "SNP";
	case HVCORE_ISOLATION_TDX:
		return "TDX";
	}
	return "unknown";
}

/**
 * hvcore_cpuid_parse() - validate and decode the Hyper-V CPUID leaves
 * @regs: CPUID(HVCORE_CPUID_FIRST + i) in @regs[i]; leaves above the max
 *	leaf reported in @regs[0].eax should be zero and are ignored anyway
 * @info: filled in; on error only @info->vendor and @info->max_leaf are
 *	meaningful and every other member is zero
 * @why: if not NULL, set to a static string saying why parsing failed,
 *	or to NULL on success
 *
 * Every register is treated as untrusted input.
 *
 * Context: any context.  Touches only @regs, @info and @why; no locking
 * and no allocation, so concurrent calls on different @info are safe.
 *
 * Return: 0 on success; -ENODEV if this is not a Hyper-V compatible
 * hypervisor (wrong vendor, interface other than "Hv#1", or fewer leaves
 * than the TLFS minimum); -EINVAL if the reported leaf range is nonsense.
 */
int hvcore_cpuid_parse(const struct hvcore_cpuid_regs regs[HVCORE_CPUID_NLEAVES],
		       struct hvcore_info *info, const char **why)
{
	u8 raw[HVCORE_VENDOR_LEN];
	const char *reason;
	int ret;

	memset(info, 0, sizeof(*info));

	hvcore_vendor_bytes(&regs[0], raw);
	hvcore_vendor_text(raw, info->vendor);
	info->max_leaf = regs[0].eax;

	if (memcmp(raw, HVCORE_VENDOR_STRING, HVCORE_VENDOR_LEN)) {
		reason = "vendor is not Microsoft Hv";
		ret = -ENODEV;
		goto fail;
	}
	if (info->max_leaf < HVCORE_CPUID_FIRST ||
	    info->max_leaf > HVCORE_CPUID_MAX_LEAF_LIMIT) {
		reason = "max leaf outside 0x40000000..0x4000ffff";
		ret = -EINVAL;
		goto fail;
	}
	if (info->max_leaf < HVCORE_CPUID_MAX_LEAF_MIN) {
		reason = "max leaf below 0x40000005";
		ret = -ENODEV;
		goto fail;
	}
	if (regs[HVCORE_LEAF_IDX(HVCORE_CPUID_LEAF_INTERFACE)].eax !=
	    HVCORE_INTERFACE_HV1) {
		reason = "interface is not Hv#1";
		ret = -ENODEV;
		goto fail;
	}

	info->interface = HVCORE_INTERFACE_HV1;
	hvcore_parse_leaves(regs, info);
	if (why)
		*why = NULL;
	return 0;

fail:
	if (why)
		*why = reason;
	return ret;
}

struct hvcore_fmt {
	char *buf;
	size_t size;
	size_t len;
};

static __printf(2, 3) void hvcore_fmt_add(struct hvcore_fmt *f,
					  const char *fmt, ...)
{
	va_list args;

	/* Full (or no buffer): drop the rest, the output stays terminated. */
	if (f->len + 1 >= f->size)
		return;
	va_start(args, fmt);
	f->len += vscnprintf(f->buf + f->len, f->size - f->len, fmt, args);
	va_end(args);
}

static void hvcore_fmt_regs(struct hvcore_fmt *f, const char *key,
			    const struct hvcore_cpuid_regs *r)
{
	hvcore_fmt_add(f, "%s: 0x%08x 0x%08x 0x%08x 0x%08x\n",
		       key, r->eax, r->ebx, r->ecx, r->edx);
}

/**
 * hvcore_info_format() - render a struct hvcore_info as text
 * @info: parsed information, as filled in by hvcore_cpuid_parse()
 * @buf: destination; may be NULL if @size is 0
 * @size: size of @buf in bytes
 *
 * Writes one "key: value" line per field, for debugfs.  Output that does
 * not fit is cut off, like scnprintf(); @buf is always NUL-terminated when
 * @size is not 0.
 *
 * Context: any context; no locking, no allocation.
 *
 * Return: number of characters written to @buf, excluding the NUL.
 */
int hvcore_info_format(const struct hvcore_info *info, char *buf, size_t size)
{
	const struct {
		const char *name;
		bool val;
	} flags[] = {
		{ "has_hypercall_msr", info->has_hypercall_msr },
		{ "has_vp_index", info->has_vp_index },
		{ "has_vp_runtime", info->has_vp_runtime },
		{ "has_time_ref_count", info->has_time_ref_count },
		{ "has_ref_tsc", info->has_ref_tsc },
		{ "has_synic", info->has_synic },
		{ "has_stimer", info->has_stimer },
		{ "has_stimer_direct", info->has_stimer_direct },
		{ "has_apic_msrs", info->has_apic_msrs },
		{ "has_frequency_msrs", info->has_frequency_msrs },
		{ "has_reset_msr", info->has_reset_msr },
		{ "has_guest_idle", info->has_guest_idle },
		{ "has_crash_msrs", info->has_crash_msrs },
		{ "has_post_messages", info->has_post_messages },
		{ "has_signal_events", info->has_signal_events },
		{ "has_ext_hypercalls", info->has_ext_hypercalls },
		{ "has_xmm_hc_input", info->has_xmm_hc_input },
		{ "has_xmm_hc_output", info->has_xmm_hc_output },
		{ "is_isolated", info->is_isolated },
		{ "is_nested", info->is_nested },
	};
	const struct hvcore_version *v = &info->version;
	struct hvcore_fmt f = { .buf = buf, .size = size, .len = 0 };
	unsigned int i;

	if (!size)
		return 0;
	buf[0] = '\0';

	hvcore_fmt_add(&f, "vendor: %s\n", info->vendor);
	hvcore_fmt_add(&f, "max_leaf: 0x%08x\n", info->max_leaf);
	hvcore_fmt_add(&f, "interface: 0x%08x\n", info->interface);
	hvcore_fmt_add(&f, "version: %u.%u build %u sp %u branch %u number %u\n",
		       v->major, v->minor, v->build, v->service_pack,
		       v->service_branch, v->service_number);
	hvcore_fmt_add(&f, "privileges: 0x%016llx\n", info->privileges);
	hvcore_fmt_add(&f, "features_ecx: 0x%08x\n", info->features_ecx);
	hvcore_fmt_add(&f, "features_edx: 0x%08x\n", info->features_edx);
	hvcore_fmt_add(&f, "recommendations: 0x%08x\n", info->recommendations);
	hvcore_fmt_add(&f, "spinlock_retries: 0x%08x\n", info->spinlock_retries);
	hvcore_fmt_add(&f, "phys_addr_bits: %u\n", info->phys_addr_bits);
	hvcore_fmt_add(&f, "max_vps: %u\n", info->max_vps);
	hvcore_fmt_add(&f, "max_lps: %u\n", info->max_lps);
	hvcore_fmt_add(&f, "max_irq_vectors: %u\n", info->max_irq_vectors);
	hvcore_fmt_add(&f, "hw_features: 0x%08x\n", info->hw_features);
	hvcore_fmt_regs(&f, "cpu_mgmt", &info->cpu_mgmt);
	hvcore_fmt_regs(&f, "svm", &info->svm);
	hvcore_fmt_regs(&f, "nested_hv", &info->nested_hv);
	hvcore_fmt_add(&f, "nested_features: 0x%08x 0x%08x\n",
		       info->nested_features, info->nested_features_ebx);
	hvcore_fmt_add(&f, "evmcs_version: %u..%u\n",
		       info->evmcs_version_low, info->evmcs_version_high);
	hvcore_fmt_add(&f, "isolation: %s 0x%08x 0x%08x\n",
		       info->is_isolated ? hvcore_isolation_name(info->isolation_type) : "none",
		       info->isolation_eax, info->isolation_ebx);
	for (i = 0; i < ARRAY_SIZE(flags); i++)
		hvcore_fmt_add(&f, "%s: %s\n", flags[i].name,
			       flags[i].val ? "yes" : "no");

	return (int)f.len;
}
