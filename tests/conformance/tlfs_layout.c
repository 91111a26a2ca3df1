// SPDX-License-Identifier: GPL-2.0
/*
 * Layout conformance of our TLFS definitions against the kernel's own.
 *
 * Our headers are written from the TLFS and stay our own; this file only
 * compares them, at build time, with the definitions every linux-headers
 * package ships (asm/hyperv-tlfs.h). A difference in size or field offset
 * breaks the build for that kernel. The module is never loaded.
 */
#include <linux/module.h>
#include <linux/stddef.h>
#include <hyperv/hvhdk.h>

#include "hv_core/hvcore.h"
#include "same.h"

/* SynIC message slot and its header */
SAME_SIZE(struct hvcore_message_header, struct hv_message_header);
SAME_FIELD(struct hvcore_message_header, message_type, struct hv_message_header, message_type);
SAME_FIELD(struct hvcore_message_header, payload_size, struct hv_message_header, payload_size);
SAME_FIELD(struct hvcore_message_header, message_flags, struct hv_message_header, message_flags);
SAME_FIELD(struct hvcore_message_header, sender, struct hv_message_header, sender);
SAME_SIZE(struct hvcore_message, struct hv_message);
SAME_FIELD(struct hvcore_message, header, struct hv_message, header);
SAME_FIELD(struct hvcore_message, payload, struct hv_message, u.payload);
static_assert(HVCORE_MESSAGE_SIZE == sizeof(struct hv_message));
static_assert(HVCORE_SINT_COUNT * HVCORE_MESSAGE_SIZE == sizeof(struct hv_message_page));

/* timer expiry payload */
SAME_SIZE(struct hvcore_timer_message, struct hv_timer_message_payload);
SAME_FIELD(struct hvcore_timer_message, timer_index, struct hv_timer_message_payload, timer_index);
SAME_FIELD(struct hvcore_timer_message, expiration_time,
	   struct hv_timer_message_payload, expiration_time);
SAME_FIELD(struct hvcore_timer_message, delivery_time,
	   struct hv_timer_message_payload, delivery_time);

/* event flags: bits per SINT */
SAME_VALUE(HVCORE_EVENT_FLAGS_BITS, HV_EVENT_FLAGS_COUNT);
static_assert(HVCORE_EVENT_FLAGS_BYTES == sizeof(union hv_synic_event_flags));

/* message types, MSR numbers and status codes we share with the kernel */
SAME_VALUE(HVCORE_MSG_TIMER_EXPIRED, HVMSG_TIMER_EXPIRED);
SAME_VALUE(HVCORE_MSR_GUEST_OS_ID, HV_X64_MSR_GUEST_OS_ID);
SAME_VALUE(HVCORE_MSR_HYPERCALL, HV_X64_MSR_HYPERCALL);
SAME_VALUE(HVCORE_MSR_VP_INDEX, HV_X64_MSR_VP_INDEX);
SAME_VALUE(HVCORE_MSR_TIME_REF_COUNT, HV_X64_MSR_TIME_REF_COUNT);
SAME_VALUE(HVCORE_MSR_REFERENCE_TSC, HV_X64_MSR_REFERENCE_TSC);
SAME_VALUE(HVCORE_MSR_SCONTROL, HV_X64_MSR_SCONTROL);
SAME_VALUE(HVCORE_MSR_SIEFP, HV_X64_MSR_SIEFP);
SAME_VALUE(HVCORE_MSR_SIMP, HV_X64_MSR_SIMP);
SAME_VALUE(HVCORE_MSR_EOM, HV_X64_MSR_EOM);
SAME_VALUE(HVCORE_MSR_SINT0, HV_X64_MSR_SINT0);
SAME_VALUE(HVCORE_MSR_STIMER0_CONFIG, HV_X64_MSR_STIMER0_CONFIG);
SAME_VALUE(HVCORE_MSR_STIMER0_COUNT, HV_X64_MSR_STIMER0_COUNT);
SAME_VALUE(HVCORE_MSR_CRASH_P0, HV_X64_MSR_CRASH_P0);
SAME_VALUE(HVCORE_MSR_CRASH_CTL, HV_X64_MSR_CRASH_CTL);
SAME_VALUE(HVCORE_CALL_POST_MESSAGE, HVCALL_POST_MESSAGE);
SAME_VALUE(HVCORE_CALL_SIGNAL_EVENT, HVCALL_SIGNAL_EVENT);
SAME_VALUE(HVCORE_STATUS_INVALID_CONNECTION_ID, HV_STATUS_INVALID_CONNECTION_ID);
SAME_VALUE(HVCORE_STATUS_INSUFFICIENT_BUFFERS, HV_STATUS_INSUFFICIENT_BUFFERS);
SAME_VALUE(HVCORE_STATUS_INVALID_PARAMETER, HV_STATUS_INVALID_PARAMETER);

/* the isolation leaf of confidential VMs (the kernel has it since 5.12) */
#ifdef HYPERV_CPUID_ISOLATION_CONFIG
SAME_VALUE(HVCORE_CPUID_LEAF_ISOLATION, HYPERV_CPUID_ISOLATION_CONFIG);
SAME_VALUE(HVCORE_ISOLATION_PARAVISOR, HV_PARAVISOR_PRESENT);
SAME_VALUE(HVCORE_ISOLATION_TYPE, HV_ISOLATION_TYPE);
SAME_VALUE(HVCORE_ISOLATION_SHARED_GPA, HV_SHARED_GPA_BOUNDARY_ACTIVE);
SAME_VALUE(HVCORE_ISOLATION_SHARED_GPA_BITS, HV_SHARED_GPA_BOUNDARY_BITS);
SAME_VALUE(HVCORE_ISOLATION_SNP, HV_ISOLATION_TYPE_SNP);
SAME_VALUE(HVCORE_PRIV_ISOLATION >> 32, HV_ISOLATION);
#endif

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("build-time layout conformance check; never loaded");
