/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Hyper-V interface as the hypervisor implements it: CPUID leaves,
 * synthetic MSRs, hypercall codes and status values, SynIC message and
 * event-flag pages, the reference TSC page and synthetic timer messages.
 *
 * Written from the Hypervisor Top-Level Functional Specification (TLFS)
 * v6.0b, cross-checked against the semantics of KVM's arch/x86/kvm/hyperv.c.
 * Deliberately independent of hv_core/tlfs.h (the guest's view): a mistake
 * shared by the guest and the simulator would be invisible to every test.
 * Everything here carries the HVSIM_ prefix so that it can never be confused
 * with a guest definition. The structs have no implicit padding, so they need
 * no __packed (which would make their fields unsafe for READ_ONCE/WRITE_ONCE);
 * hvsim_tlfs_layout_checks() pins every size, and tests/conformance/sim_layout.c
 * compares every field and constant with the kernel's headers (or, where
 * they have none, the guest's) at build time.
 */
#ifndef HVSIM_TLFS_H
#define HVSIM_TLFS_H

#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/types.h>

/* ---- CPUID (TLFS "Feature and Interface Discovery") ---- */

#define HVSIM_CPUID_VENDOR		0x40000000u	/* max leaf; "Microsoft Hv" */
#define HVSIM_CPUID_INTERFACE		0x40000001u	/* "Hv#1" */
#define HVSIM_CPUID_VERSION		0x40000002u
#define HVSIM_CPUID_FEATURES		0x40000003u	/* privileges + features */
#define HVSIM_CPUID_RECOMMENDATIONS	0x40000004u
#define HVSIM_CPUID_LIMITS		0x40000005u
#define HVSIM_CPUID_HW_FEATURES		0x40000006u
#define HVSIM_CPUID_CPU_MGMT		0x40000007u	/* root partition only */
#define HVSIM_CPUID_SVM			0x40000008u
#define HVSIM_CPUID_NESTED_HV		0x40000009u
#define HVSIM_CPUID_NESTED_OPT		0x4000000Au
#define HVSIM_CPUID_ISOLATION		0x4000000Cu	/* confidential VMs */
#define HVSIM_CPUID_FIRST		HVSIM_CPUID_VENDOR
#define HVSIM_CPUID_LAST		HVSIM_CPUID_NESTED_OPT
/* the hypervisor range of CPUID that a Hyper-V hypervisor owns */
#define HVSIM_CPUID_RANGE_END		0x400000FFu

/* "Microsoft Hv" as EBX, ECX, EDX (little-endian ASCII) */
#define HVSIM_VENDOR_EBX		0x7263694du	/* "Micr" */
#define HVSIM_VENDOR_ECX		0x666f736fu	/* "osof" */
#define HVSIM_VENDOR_EDX		0x76482074u	/* "t Hv" */
/* "Hv#1" */
#define HVSIM_INTERFACE_HV1		0x31237648u

/* 0x40000003.EAX: partition privilege mask, low half */
#define HVSIM_PRIV_VP_RUNTIME		BIT(0)	/* AccessVpRunTimeReg */
#define HVSIM_PRIV_PARTITION_REFCOUNT	BIT(1)	/* AccessPartitionReferenceCounter */
#define HVSIM_PRIV_SYNIC		BIT(2)	/* AccessSynicRegs */
#define HVSIM_PRIV_STIMER		BIT(3)	/* AccessSyntheticTimerRegs */
#define HVSIM_PRIV_APIC			BIT(4)	/* AccessIntrCtrlRegs */
#define HVSIM_PRIV_HYPERCALL		BIT(5)	/* AccessHypercallMsrs */
#define HVSIM_PRIV_VP_INDEX		BIT(6)	/* AccessVpIndex */
#define HVSIM_PRIV_RESET		BIT(7)	/* AccessResetReg */
#define HVSIM_PRIV_STATS		BIT(8)	/* AccessStatsReg */
#define HVSIM_PRIV_REF_TSC		BIT(9)	/* AccessPartitionReferenceTsc */
#define HVSIM_PRIV_GUEST_IDLE		BIT(10)	/* AccessGuestIdleReg */
#define HVSIM_PRIV_FREQUENCY		BIT(11)	/* AccessFrequencyRegs */
#define HVSIM_PRIV_DEBUG		BIT(12)	/* AccessDebugRegs */
#define HVSIM_PRIV_REENLIGHTENMENT	BIT(13)	/* AccessReenlightenmentControls */

/* 0x40000003.EBX: partition privilege mask, high half */
#define HVSIM_PRIV_CREATE_PARTITIONS	BIT(0)
#define HVSIM_PRIV_ACCESS_PARTITION_ID	BIT(1)
#define HVSIM_PRIV_ACCESS_MEMORY_POOL	BIT(2)
#define HVSIM_PRIV_POST_MESSAGES	BIT(4)
#define HVSIM_PRIV_SIGNAL_EVENTS	BIT(5)
#define HVSIM_PRIV_CREATE_PORT		BIT(6)
#define HVSIM_PRIV_CONNECT_PORT		BIT(7)
#define HVSIM_PRIV_ACCESS_STATS		BIT(8)
#define HVSIM_PRIV_DEBUGGING		BIT(11)
#define HVSIM_PRIV_CPU_MANAGEMENT	BIT(12)
#define HVSIM_PRIV_EXT_HYPERCALLS	BIT(20)
#define HVSIM_PRIV_ISOLATION		BIT(22)

/* Leaf 0x4000000C (TLFS "Hypervisor Isolation Configuration") */
#define HVSIM_ISOLATION_PARAVISOR	BIT(0)		/* EAX */
#define HVSIM_ISOLATION_TYPE		GENMASK(3, 0)	/* EBX: 1 VBS, 2 SNP, 3 TDX */
#define HVSIM_ISOLATION_SHARED_GPA	BIT(5)		/* EBX: boundary active */
#define HVSIM_ISOLATION_SHARED_GPA_BITS	GENMASK(11, 6)	/* EBX: its bit */

/* 0x40000003.EDX: features */
#define HVSIM_FEAT_GUEST_DEBUGGING	BIT(1)
#define HVSIM_FEAT_PERF_MONITOR		BIT(2)
#define HVSIM_FEAT_XMM_HC_INPUT		BIT(4)
#define HVSIM_FEAT_GUEST_IDLE		BIT(5)
#define HVSIM_FEAT_FREQUENCY_MSRS	BIT(8)
#define HVSIM_FEAT_SYNTHETIC_MCE	BIT(9)
#define HVSIM_FEAT_CRASH_MSRS		BIT(10)	/* GuestCrashMsrsAvailable */
#define HVSIM_FEAT_DEBUG_MSRS		BIT(11)
#define HVSIM_FEAT_XMM_HC_OUTPUT	BIT(15)
#define HVSIM_FEAT_SINT_POLLING		BIT(17)	/* SintPollingModeAvailable */
#define HVSIM_FEAT_HYPERCALL_MSR_LOCK	BIT(18)	/* HypercallMsrLockAvailable */
#define HVSIM_FEAT_STIMER_DIRECT	BIT(19)	/* DirectSyntheticTimers */

/* 0x40000004.EAX: implementation recommendations */
#define HVSIM_REC_RELAXED_TIMING	BIT(5)
#define HVSIM_REC_DEPRECATE_AUTO_EOI	BIT(9)
/* 0x40000004.EBX: never notify about long spin waits */
#define HVSIM_SPINLOCK_RETRIES_NEVER	0xffffffffu

/* 0x40000006.EAX: hardware features in use by the hypervisor */
#define HVSIM_HW_MSR_BITMAPS		BIT(1)
#define HVSIM_HW_SLAT			BIT(3)

/* ---- Synthetic MSRs ---- */

#define HVSIM_MSR_GUEST_OS_ID		0x40000000u
#define HVSIM_MSR_HYPERCALL		0x40000001u
#define HVSIM_MSR_VP_INDEX		0x40000002u
#define HVSIM_MSR_RESET			0x40000003u
#define HVSIM_MSR_VP_RUNTIME		0x40000010u
#define HVSIM_MSR_TIME_REF_COUNT	0x40000020u
#define HVSIM_MSR_REFERENCE_TSC		0x40000021u
#define HVSIM_MSR_TSC_FREQUENCY		0x40000022u
#define HVSIM_MSR_APIC_FREQUENCY	0x40000023u
#define HVSIM_MSR_SCONTROL		0x40000080u
#define HVSIM_MSR_SVERSION		0x40000081u
#define HVSIM_MSR_SIEFP			0x40000082u
#define HVSIM_MSR_SIMP			0x40000083u
#define HVSIM_MSR_EOM			0x40000084u
#define HVSIM_MSR_SINT0			0x40000090u
#define HVSIM_MSR_SINT15		0x4000009Fu
#define HVSIM_MSR_STIMER0_CONFIG	0x400000B0u	/* CONFIG = B0 + 2n, COUNT = B1 + 2n */
#define HVSIM_MSR_STIMER3_COUNT		0x400000B7u
#define HVSIM_MSR_GUEST_IDLE		0x400000F0u
#define HVSIM_MSR_CRASH_P0		0x40000100u
#define HVSIM_MSR_CRASH_P4		0x40000104u
#define HVSIM_MSR_CRASH_CTL		0x40000105u
/* the synthetic MSR range: everything here belongs to the hypervisor */
#define HVSIM_MSR_RANGE_FIRST		0x40000000u
#define HVSIM_MSR_RANGE_LAST		0x400000FFu
#define HVSIM_MSR_RANGE2_FIRST		0x40000100u	/* crash MSRs and later */
#define HVSIM_MSR_RANGE2_LAST		0x400001FFu

/* HYPERCALL MSR */
#define HVSIM_HYPERCALL_ENABLE		BIT_ULL(0)
#define HVSIM_HYPERCALL_LOCKED		BIT_ULL(1)
#define HVSIM_GPA_PAGE_MASK		GENMASK_ULL(63, 12)

/* REFERENCE_TSC, SIMP, SIEFP: bit 0 enable, bits 11:1 RsvdP, 63:12 GPA page */
#define HVSIM_OVERLAY_ENABLE		BIT_ULL(0)

/* SCONTROL */
#define HVSIM_SCONTROL_ENABLE		BIT_ULL(0)
#define HVSIM_SVERSION_1		1u

/* SINTx */
#define HVSIM_SINT_VECTOR		GENMASK_ULL(7, 0)
#define HVSIM_SINT_MASKED		BIT_ULL(16)
#define HVSIM_SINT_AUTO_EOI		BIT_ULL(17)
#define HVSIM_SINT_POLLING		BIT_ULL(18)
#define HVSIM_SINT_FIRST_VALID_VECTOR	16
#define HVSIM_SINT_COUNT		16

/* STIMERx_CONFIG */
#define HVSIM_STIMER_ENABLE		BIT_ULL(0)
#define HVSIM_STIMER_PERIODIC		BIT_ULL(1)
#define HVSIM_STIMER_LAZY		BIT_ULL(2)
#define HVSIM_STIMER_AUTO_ENABLE	BIT_ULL(3)
#define HVSIM_STIMER_APIC_VECTOR	GENMASK_ULL(11, 4)
#define HVSIM_STIMER_DIRECT_MODE	BIT_ULL(12)
#define HVSIM_STIMER_SINTX		GENMASK_ULL(19, 16)
#define HVSIM_STIMER_DEFINED		(GENMASK_ULL(12, 0) | HVSIM_STIMER_SINTX)
#define HVSIM_STIMER_COUNT		4

/* CRASH_CTL */
#define HVSIM_CRASH_CTL_NOTIFY		BIT_ULL(63)	/* CrashNotify */
#define HVSIM_CRASH_CTL_NOTIFY_MSG	BIT_ULL(62)	/* CrashMessage: P3 GPA, P4 size */
#define HVSIM_CRASH_PARAMS		5

/* The hypervisor's APIC timer frequency, as Hyper-V reports it (Hz) */
#define HVSIM_APIC_FREQUENCY_HZ		200000000ull

/* The reference time unit: 100 ns */
#define HVSIM_REF_HZ			10000000ull
#define HVSIM_NS_PER_REF		100

/* ---- Hypercalls (TLFS "Hypercall Interface") ---- */

/* hypercall input value */
#define HVSIM_HC_CODE			GENMASK_ULL(15, 0)
#define HVSIM_HC_FAST			BIT_ULL(16)
#define HVSIM_HC_VARHEAD		GENMASK_ULL(26, 17)	/* in 8-byte units */
#define HVSIM_HC_RSVD1			GENMASK_ULL(31, 27)	/* incl. "nested" (root only) */
#define HVSIM_HC_REP_COUNT		GENMASK_ULL(43, 32)
#define HVSIM_HC_RSVD2			GENMASK_ULL(47, 44)
#define HVSIM_HC_REP_START		GENMASK_ULL(59, 48)
#define HVSIM_HC_RSVD3			GENMASK_ULL(63, 60)
#define HVSIM_HC_RSVD			(HVSIM_HC_RSVD1 | HVSIM_HC_RSVD2 | HVSIM_HC_RSVD3)

/* hypercall result value: status 15:0, reps completed 43:32 */
#define HVSIM_HC_RESULT_STATUS		GENMASK_ULL(15, 0)
#define HVSIM_HC_RESULT_REPS		GENMASK_ULL(43, 32)

/* call codes */
#define HVSIM_CALL_FLUSH_VA_LIST	0x0003	/* a rep call: hc_flush.c */
#define HVSIM_CALL_POST_MESSAGE		0x005c
#define HVSIM_CALL_SIGNAL_EVENT		0x005d

/* HV_STATUS values */
#define HVSIM_STATUS_SUCCESS			0x0000
#define HVSIM_STATUS_INVALID_HYPERCALL_CODE	0x0002
#define HVSIM_STATUS_INVALID_HYPERCALL_INPUT	0x0003
#define HVSIM_STATUS_INVALID_ALIGNMENT		0x0004
#define HVSIM_STATUS_INVALID_PARAMETER		0x0005
#define HVSIM_STATUS_ACCESS_DENIED		0x0006
#define HVSIM_STATUS_INVALID_CONNECTION_ID	0x0012
#define HVSIM_STATUS_INSUFFICIENT_BUFFERS	0x0013

/* input/output blocks must be 8-byte aligned and not cross a page */
#define HVSIM_HC_ALIGN			8

/* ---- SynIC messages and event flags ---- */

#define HVSIM_MESSAGE_SIZE		256
#define HVSIM_MESSAGE_PAYLOAD_BYTES	240
#define HVSIM_EVENT_FLAGS_BYTES		256	/* per SINT: 2048 flags */
#define HVSIM_EVENT_FLAGS_COUNT		(HVSIM_EVENT_FLAGS_BYTES * 8)

/* message types: bit 31 set = defined by the hypervisor */
#define HVSIM_MSG_NONE			0x00000000u
#define HVSIM_MSG_HYPERVISOR_BIT	BIT(31)
#define HVSIM_MSG_TIMER_EXPIRED		0x80000010u

/* message_flags */
#define HVSIM_MSG_FLAG_PENDING		BIT(0)	/* MessagePending */

struct hvsim_msg_header {
	u32 message_type;
	u8 payload_size;
	u8 message_flags;
	u8 reserved[2];
	u64 origin;		/* sender port ID / partition ID: 0 from the sim */
};

struct hvsim_message {
	struct hvsim_msg_header header;
	u8 payload[HVSIM_MESSAGE_PAYLOAD_BYTES];
};

/* SIMP page: one slot per SINT */
struct hvsim_simp_page {
	struct hvsim_message slot[HVSIM_SINT_COUNT];
};

/* payload of HVSIM_MSG_TIMER_EXPIRED */
struct hvsim_timer_msg {
	u32 timer_index;
	u32 reserved;
	u64 expiration_time;	/* when it was due, reference time */
	u64 delivery_time;	/* when the message was written, reference time */
};

/* HvPostMessage input block */
struct hvsim_post_message_in {
	u32 connection_id;
	u32 reserved;
	u32 message_type;
	u32 payload_size;
	u8 payload[HVSIM_MESSAGE_PAYLOAD_BYTES];
};

/* HvSignalEvent input (slow form; the fast form packs it in one register) */
struct hvsim_signal_event_in {
	u32 connection_id;
	u16 flag_number;
	u16 reserved;
};

/* Reference TSC page: ref = ((tsc * scale) >> 64) + offset */
struct hvsim_tsc_page {
	u32 sequence;		/* 0: invalid, use TIME_REF_COUNT */
	u32 reserved1;
	u64 scale;
	s64 offset;
	u64 reserved2[509];
};

static inline void hvsim_tlfs_layout_checks(void)
{
	BUILD_BUG_ON(sizeof(struct hvsim_msg_header) != 16);
	BUILD_BUG_ON(sizeof(struct hvsim_message) != HVSIM_MESSAGE_SIZE);
	BUILD_BUG_ON(sizeof(struct hvsim_simp_page) != 4096);
	BUILD_BUG_ON(HVSIM_SINT_COUNT * HVSIM_EVENT_FLAGS_BYTES != 4096);
	BUILD_BUG_ON(sizeof(struct hvsim_timer_msg) != 24);
	BUILD_BUG_ON(sizeof(struct hvsim_post_message_in) != 256);
	BUILD_BUG_ON(sizeof(struct hvsim_signal_event_in) != 8);
	BUILD_BUG_ON(sizeof(struct hvsim_tsc_page) != 4096);
}

#endif /* HVSIM_TLFS_H */
