// SPDX-License-Identifier: GPL-2.0
/*
 * Layout conformance of hv_sim's wire definitions (sim/hvsim_vmbus.h and
 * sim/hvsim_tlfs.h) against the kernel's <linux/hyperv.h> and TLFS headers.
 *
 * The simulated host keeps its own definitions on purpose: a mistake shared
 * by the guest and the host would be invisible to every test. This file only
 * compares them, at build time, with the definitions every linux-headers
 * package ships, the same way vmbus_msg_layout.c and tlfs_layout.c compare
 * the guest's. Every struct's size and every field's offset and size, and
 * every protocol number (message types, versions, MSRs, CPUID leaves and
 * bits, hypercall codes, status values, flags) is checked; a difference
 * breaks the build for that kernel. Fields that are bit-fields in the
 * kernel's header, or shaped differently (a u8 array where the kernel has
 * an array of ranges), are checked through the neighbouring fields instead.
 * Definitions that only newer kernels have are compared where they exist
 * (#ifdef on the kernel's macro, or an HVL_HAVE_* probe of
 * compat/Kbuild.include for enum values). The module is never loaded.
 *
 * What no public header defines is compared with the guest's own definition
 * instead (vmbus/proto.h, vmbus/ring.h, hv_core/tlfs.h and hvcore.h), so
 * that a difference between our guest and our simulated host breaks the
 * build too: the monitor page and its constants, the well-known connection
 * IDs and the SINT (all in drivers/hv/hyperv_vmbus.h), the SynIC message
 * type of channel messages (a literal 1 in drivers/hv), the packet trailer,
 * the success status of channel messages; TLFS bits the kernel only has as
 * bit-fields (the SINT polling bit, the hypercall MSR lock bit, the
 * synthetic timer configuration, the pending-message flag, the ring's
 * pending_send_sz feature bit) or not at all (leaves 0x40000006/8/9,
 * privilege bit 12, feature bits 9, 17 and 18, the hardware-feature bits,
 * the "never" spin count, the vendor and interface signatures, the hypercall
 * code, variable header and reserved masks). The HvPostMessage and
 * HvSignalEvent input blocks are in no public header and the guest's is
 * private to hv_core/hypercall.c: they are checked against the TLFS's
 * offsets.
 *
 * Not compared, having no counterpart anywhere: HVSIM_VMBUS_STATUS_FAIL (an
 * NTSTATUS the simulated host chooses; the protocol only says non-zero),
 * HVSIM_HC_ALIGN, HVSIM_APIC_FREQUENCY_HZ, and the bit positions
 * HVSIM_VMBUS_OFFER_MONITOR_ALLOCATED and _DEDICATED_INTERRUPT (bit-fields
 * in both the kernel's and the guest's offer; their bytes are checked).
 */
#include <linux/build_bug.h>
#include <linux/hyperv.h>
#include <linux/stddef.h>
#include <linux/time64.h>
#include <hyperv/hvhdk.h>

#include "hv_core/hvcore.h"
#include "vmbus/proto.h"
#include "vmbus/ring.h"
#include "sim/hvsim_tlfs.h"
#include "sim/hvsim_vmbus.h"
#include "same.h"

/* our body follows a packet descriptor the kernel's struct includes */
#define DESC_FIELD(ours, of, theirs, tf) \
	static_assert(sizeof(struct vmpacket_descriptor) + offsetof(ours, of) == \
		      offsetof(theirs, tf) && FSIZE(ours, of) == FSIZE(theirs, tf), \
		      #ours "." #of " != " #theirs "." #tf)
#define FIELD_AT(type, f, off, size) \
	static_assert(offsetof(type, f) == (off) && FSIZE(type, f) == (size), \
		      #type "." #f " not at " #off)

/* ==== sim/hvsim_vmbus.h ==== */

/* versions */
SAME_VALUE(HVSIM_VMBUS_V0_13, VERSION_WS2008);
SAME_VALUE(HVSIM_VMBUS_V1_1, VERSION_WIN7);
SAME_VALUE(HVSIM_VMBUS_V2_4, VERSION_WIN8);
SAME_VALUE(HVSIM_VMBUS_V3_0, VERSION_WIN8_1);
SAME_VALUE(HVSIM_VMBUS_V4_0, VERSION_WIN10);
SAME_VALUE(HVSIM_VMBUS_V4_1, VERSION_WIN10_V4_1);
SAME_VALUE(HVSIM_VMBUS_V5_0, VERSION_WIN10_V5);
SAME_VALUE(HVSIM_VMBUS_V5_1, VERSION_WIN10_V5_1);
SAME_VALUE(HVSIM_VMBUS_V5_2, VERSION_WIN10_V5_2);
#ifdef VERSION_WIN10_V5_3
SAME_VALUE(HVSIM_VMBUS_V5_3, VERSION_WIN10_V5_3);
#endif

/* connection IDs, SINT, SynIC message type: drivers/hv only, so the guest's */
SAME_VALUE(HVSIM_VMBUS_CONN_MESSAGE, VMBUS_MESSAGE_CONNECTION_ID);
SAME_VALUE(HVSIM_VMBUS_CONN_EVENT, VMBUS_EVENT_CONNECTION_ID);
SAME_VALUE(HVSIM_VMBUS_CONN_MESSAGE_4, VMBUS_MESSAGE_CONNECTION_ID_4);
SAME_VALUE(HVSIM_VMBUS_SINT, VMBUS_MESSAGE_SINT);
SAME_VALUE(HVSIM_VMBUS_SYNIC_MSG_TYPE, VMBUS_POST_MESSAGE_TYPE);
/* status words: the protocol defines success only (the guest's, too) */
SAME_VALUE(HVSIM_VMBUS_STATUS_OK, VMBUS_CHANMSG_STATUS_SUCCESS);
/* VERSION_RESPONSE.connection_state: an anonymous enum in drivers/hv only */
SAME_VALUE(HVSIM_VMBUS_CONN_STATE_OK, VMBUS_CONNECTION_SUCCESSFUL);
SAME_VALUE(HVSIM_VMBUS_CONN_STATE_FAILED, VMBUS_CONNECTION_FAILED_UNKNOWN);

/* message types */
SAME_VALUE(HVSIM_VMSG_INVALID, CHANNELMSG_INVALID);
SAME_VALUE(HVSIM_VMSG_OFFERCHANNEL, CHANNELMSG_OFFERCHANNEL);
SAME_VALUE(HVSIM_VMSG_RESCIND_OFFER, CHANNELMSG_RESCIND_CHANNELOFFER);
SAME_VALUE(HVSIM_VMSG_REQUESTOFFERS, CHANNELMSG_REQUESTOFFERS);
SAME_VALUE(HVSIM_VMSG_ALLOFFERS_DELIVERED, CHANNELMSG_ALLOFFERS_DELIVERED);
SAME_VALUE(HVSIM_VMSG_OPENCHANNEL, CHANNELMSG_OPENCHANNEL);
SAME_VALUE(HVSIM_VMSG_OPENCHANNEL_RESULT, CHANNELMSG_OPENCHANNEL_RESULT);
SAME_VALUE(HVSIM_VMSG_CLOSECHANNEL, CHANNELMSG_CLOSECHANNEL);
SAME_VALUE(HVSIM_VMSG_GPADL_HEADER, CHANNELMSG_GPADL_HEADER);
SAME_VALUE(HVSIM_VMSG_GPADL_BODY, CHANNELMSG_GPADL_BODY);
SAME_VALUE(HVSIM_VMSG_GPADL_CREATED, CHANNELMSG_GPADL_CREATED);
SAME_VALUE(HVSIM_VMSG_GPADL_TEARDOWN, CHANNELMSG_GPADL_TEARDOWN);
SAME_VALUE(HVSIM_VMSG_GPADL_TORNDOWN, CHANNELMSG_GPADL_TORNDOWN);
SAME_VALUE(HVSIM_VMSG_RELID_RELEASED, CHANNELMSG_RELID_RELEASED);
SAME_VALUE(HVSIM_VMSG_INITIATE_CONTACT, CHANNELMSG_INITIATE_CONTACT);
SAME_VALUE(HVSIM_VMSG_VERSION_RESPONSE, CHANNELMSG_VERSION_RESPONSE);
SAME_VALUE(HVSIM_VMSG_UNLOAD, CHANNELMSG_UNLOAD);
SAME_VALUE(HVSIM_VMSG_UNLOAD_RESPONSE, CHANNELMSG_UNLOAD_RESPONSE);
SAME_VALUE(HVSIM_VMSG_TL_CONNECT_REQUEST, CHANNELMSG_TL_CONNECT_REQUEST);
SAME_VALUE(HVSIM_VMSG_MODIFYCHANNEL, CHANNELMSG_MODIFYCHANNEL);
SAME_VALUE(HVSIM_VMSG_TL_CONNECT_RESULT, CHANNELMSG_TL_CONNECT_RESULT);
#ifdef HVL_HAVE_VMBUS_MODIFYCHANNEL_RESPONSE
SAME_VALUE(HVSIM_VMSG_MODIFYCHANNEL_RESPONSE, CHANNELMSG_MODIFYCHANNEL_RESPONSE);
SAME_VALUE(HVSIM_VMSG_COUNT, CHANNELMSG_COUNT);
#endif

/* header */
typedef struct hvsim_vmsg_hdr sh_t;
typedef struct vmbus_channel_message_header kh_t;

SAME_SIZE(sh_t, kh_t);
SAME_FIELD(sh_t, type, kh_t, msgtype);
SAME_FIELD(sh_t, padding, kh_t, padding);

/* OFFERCHANNEL: the kernel nests the offer proper, ours is flat */
typedef struct hvsim_vmsg_offer so_t;
typedef struct vmbus_channel_offer_channel ko_t;

SAME_VALUE(HVSIM_VMBUS_OFFER_USER_BYTES, MAX_USER_DEFINED_BYTES);
SAME_SIZE(so_t, ko_t);
SAME_FIELD(so_t, hdr, ko_t, header);
SAME_FIELD(so_t, if_type, ko_t, offer.if_type);
SAME_FIELD(so_t, if_instance, ko_t, offer.if_instance);
SAME_FIELD(so_t, reserved1, ko_t, offer.reserved1);
SAME_FIELD(so_t, reserved2, ko_t, offer.reserved2);
SAME_FIELD(so_t, chn_flags, ko_t, offer.chn_flags);
SAME_FIELD(so_t, mmio_megabytes, ko_t, offer.mmio_megabytes);
SAME_FIELD(so_t, user_def, ko_t, offer.u.std.user_def);
SAME_FIELD(so_t, sub_channel_index, ko_t, offer.sub_channel_index);
SAME_FIELD(so_t, reserved3, ko_t, offer.reserved3);
SAME_FIELD(so_t, child_relid, ko_t, child_relid);
SAME_FIELD(so_t, monitor_id, ko_t, monitorid);
/*
 * The kernel's monitor_allocated:1 and is_dedicated_interrupt:1 are
 * bit-fields, our monitor_flags and interrupt_flags whole bytes: pin them
 * between monitorid and connection_id.
 */
SAME_VALUE(offsetof(so_t, monitor_flags), offsetof(ko_t, monitorid) + FSIZE(ko_t, monitorid));
SAME_VALUE(FSIZE(so_t, monitor_flags), 1);
SAME_VALUE(offsetof(so_t, interrupt_flags), offsetof(so_t, monitor_flags) + 1);
SAME_VALUE(FSIZE(so_t, interrupt_flags), 2);
SAME_VALUE(offsetof(so_t, interrupt_flags) + 2, offsetof(ko_t, connection_id));
SAME_FIELD(so_t, connection_id, ko_t, connection_id);

/* RESCIND_CHANNELOFFER, CLOSECHANNEL and RELID_RELEASED share one struct */
typedef struct hvsim_vmsg_relid sr_t;

SAME_SIZE(sr_t, struct vmbus_channel_rescind_offer);
SAME_FIELD(sr_t, hdr, struct vmbus_channel_rescind_offer, header);
SAME_FIELD(sr_t, child_relid, struct vmbus_channel_rescind_offer, child_relid);
SAME_SIZE(sr_t, struct vmbus_channel_close_channel);
SAME_FIELD(sr_t, hdr, struct vmbus_channel_close_channel, header);
SAME_FIELD(sr_t, child_relid, struct vmbus_channel_close_channel, child_relid);
SAME_SIZE(sr_t, struct vmbus_channel_relid_released);
SAME_FIELD(sr_t, hdr, struct vmbus_channel_relid_released, header);
SAME_FIELD(sr_t, child_relid, struct vmbus_channel_relid_released, child_relid);

/* OPENCHANNEL, OPENCHANNEL_RESULT */
typedef struct hvsim_vmsg_open sop_t;
typedef struct vmbus_channel_open_channel kop_t;
typedef struct hvsim_vmsg_open_result sor_t;
typedef struct vmbus_channel_open_result kor_t;

SAME_SIZE(sop_t, kop_t);
SAME_FIELD(sop_t, hdr, kop_t, header);
SAME_FIELD(sop_t, child_relid, kop_t, child_relid);
SAME_FIELD(sop_t, open_id, kop_t, openid);
SAME_FIELD(sop_t, ring_gpadl, kop_t, ringbuffer_gpadlhandle);
SAME_FIELD(sop_t, target_vp, kop_t, target_vp);
SAME_FIELD(sop_t, downstream_page_offset, kop_t, downstream_ringbuffer_pageoffset);
SAME_FIELD(sop_t, user_data, kop_t, userdata);

SAME_SIZE(sor_t, kor_t);
SAME_FIELD(sor_t, hdr, kor_t, header);
SAME_FIELD(sor_t, child_relid, kor_t, child_relid);
SAME_FIELD(sor_t, open_id, kor_t, openid);
SAME_FIELD(sor_t, status, kor_t, status);

/* a GPA range: of a GPADL, and of a GPA-direct packet (the kernel's mpb) */
SAME_SIZE(struct hvsim_gpa_range, struct gpa_range);
SAME_FIELD(struct hvsim_gpa_range, byte_count, struct gpa_range, byte_count);
SAME_FIELD(struct hvsim_gpa_range, byte_offset, struct gpa_range, byte_offset);
SAME_ARRAY(struct hvsim_gpa_range, pfn, struct gpa_range, pfn_array);
SAME_SIZE(struct hvsim_gpa_range, struct hv_mpb_array);
SAME_FIELD(struct hvsim_gpa_range, byte_count, struct hv_mpb_array, len);
SAME_FIELD(struct hvsim_gpa_range, byte_offset, struct hv_mpb_array, offset);
SAME_ARRAY(struct hvsim_gpa_range, pfn, struct hv_mpb_array, pfn_array);

/* GPADL_HEADER, GPADL_BODY, GPADL_CREATED, GPADL_TEARDOWN, GPADL_TORNDOWN */
typedef struct hvsim_vmsg_gpadl_header sgh_t;
typedef struct vmbus_channel_gpadl_header kgh_t;
typedef struct hvsim_vmsg_gpadl_body sgb_t;
typedef struct vmbus_channel_gpadl_body kgb_t;
typedef struct hvsim_vmsg_gpadl_created sgc_t;
typedef struct vmbus_channel_gpadl_created kgc_t;
typedef struct hvsim_vmsg_gpadl_teardown sgt_t;
typedef struct vmbus_channel_gpadl_teardown kgt_t;
typedef struct hvsim_vmsg_gpadl_torndown sgd_t;
typedef struct vmbus_channel_gpadl_torndown kgd_t;

SAME_FIELD(sgh_t, hdr, kgh_t, header);
SAME_FIELD(sgh_t, child_relid, kgh_t, child_relid);
SAME_FIELD(sgh_t, gpadl, kgh_t, gpadl);
SAME_FIELD(sgh_t, range_buflen, kgh_t, range_buflen);
SAME_FIELD(sgh_t, range_count, kgh_t, rangecount);
/* ours is bytes (the PFNs are unaligned), the kernel's an array of ranges */
SAME_VALUE(offsetof(sgh_t, ranges), offsetof(kgh_t, range));
SAME_VALUE(sizeof(sgh_t), offsetof(kgh_t, range));

SAME_SIZE(sgb_t, kgb_t);
SAME_FIELD(sgb_t, hdr, kgb_t, header);
SAME_FIELD(sgb_t, msg_number, kgb_t, msgnumber);
SAME_FIELD(sgb_t, gpadl, kgb_t, gpadl);
SAME_ARRAY(sgb_t, pfn, kgb_t, pfn);

SAME_SIZE(sgc_t, kgc_t);
SAME_FIELD(sgc_t, hdr, kgc_t, header);
SAME_FIELD(sgc_t, child_relid, kgc_t, child_relid);
SAME_FIELD(sgc_t, gpadl, kgc_t, gpadl);
SAME_FIELD(sgc_t, status, kgc_t, creation_status);

SAME_SIZE(sgt_t, kgt_t);
SAME_FIELD(sgt_t, hdr, kgt_t, header);
SAME_FIELD(sgt_t, child_relid, kgt_t, child_relid);
SAME_FIELD(sgt_t, gpadl, kgt_t, gpadl);

SAME_SIZE(sgd_t, kgd_t);
SAME_FIELD(sgd_t, hdr, kgd_t, header);
SAME_FIELD(sgd_t, gpadl, kgd_t, gpadl);

/* INITIATE_CONTACT, VERSION_RESPONSE */
typedef struct hvsim_vmsg_initiate_contact sic_t;
typedef struct vmbus_channel_initiate_contact kic_t;
typedef struct hvsim_vmsg_version_response svr_t;
typedef struct vmbus_channel_version_response kvr_t;

SAME_SIZE(sic_t, kic_t);
SAME_FIELD(sic_t, hdr, kic_t, header);
SAME_FIELD(sic_t, version, kic_t, vmbus_version_requested);
SAME_FIELD(sic_t, target_vcpu, kic_t, target_vcpu);
SAME_FIELD(sic_t, interrupt_page, kic_t, interrupt_page);
/* from 5.0 the SINT is the first byte of interrupt_page: its low byte */
SAME_VALUE(offsetof(sic_t, interrupt_page), offsetof(kic_t, msg_sint));
SAME_VALUE(sizeof(HVSIM_VMBUS_CONTACT_SINT(0)), FSIZE(kic_t, msg_sint));
SAME_FIELD(sic_t, monitor_page1, kic_t, monitor_page1);
SAME_FIELD(sic_t, monitor_page2, kic_t, monitor_page2);

SAME_SIZE(svr_t, kvr_t);
SAME_FIELD(svr_t, hdr, kvr_t, header);
SAME_FIELD(svr_t, version_supported, kvr_t, version_supported);
SAME_FIELD(svr_t, connection_state, kvr_t, connection_state);
SAME_FIELD(svr_t, padding, kvr_t, padding);
SAME_FIELD(svr_t, msg_conn_id, kvr_t, msg_conn_id);

/* MODIFYCHANNEL, MODIFYCHANNEL_RESPONSE */
typedef struct hvsim_vmsg_modify smc_t;
typedef struct vmbus_channel_modifychannel kmc_t;

SAME_SIZE(smc_t, kmc_t);
SAME_FIELD(smc_t, hdr, kmc_t, header);
SAME_FIELD(smc_t, child_relid, kmc_t, child_relid);
SAME_FIELD(smc_t, target_vp, kmc_t, target_vp);

#ifdef HVL_HAVE_VMBUS_MODIFYCHANNEL_RESPONSE
typedef struct hvsim_vmsg_modify_response smr_t;
typedef struct vmbus_channel_modifychannel_response kmr_t;

SAME_SIZE(smr_t, kmr_t);
SAME_FIELD(smr_t, hdr, kmr_t, header);
SAME_FIELD(smr_t, child_relid, kmr_t, child_relid);
SAME_FIELD(smr_t, status, kmr_t, status);
#endif

/* ring control page: the kernel's struct pads it and has the data after it */
typedef struct hvsim_ring_ctl src_t;
typedef struct hv_ring_buffer krb_t;

SAME_FIELD(src_t, write_index, krb_t, write_index);
SAME_FIELD(src_t, read_index, krb_t, read_index);
SAME_FIELD(src_t, interrupt_mask, krb_t, interrupt_mask);
SAME_FIELD(src_t, pending_send_sz, krb_t, pending_send_sz);
SAME_FIELD(src_t, reserved1, krb_t, reserved1);
SAME_FIELD(src_t, feature_bits, krb_t, feature_bits);
SAME_VALUE(sizeof(src_t), offsetof(krb_t, reserved2));
SAME_VALUE(HVSIM_RING_CTL_SIZE, offsetof(krb_t, buffer));
/* feat_pending_send_sz:1 and the trailer have no kernel macro: the guest's */
SAME_VALUE(HVSIM_RING_FEAT_PENDING_SEND_SZ, VMBUS_RING_FEAT_PENDING_SEND);
SAME_VALUE(HVSIM_RING_TRAILER, VMBUS_PKT_TRAILER_SIZE);

/* packet descriptor, types and flags */
typedef struct hvsim_vmpkt_desc spd_t;
typedef struct vmpacket_descriptor kpd_t;

SAME_SIZE(spd_t, kpd_t);
SAME_FIELD(spd_t, type, kpd_t, type);
SAME_FIELD(spd_t, offset8, kpd_t, offset8);
SAME_FIELD(spd_t, len8, kpd_t, len8);
SAME_FIELD(spd_t, flags, kpd_t, flags);
SAME_FIELD(spd_t, trans_id, kpd_t, trans_id);
SAME_VALUE(HVSIM_VMPKT_DATA_INBAND, VM_PKT_DATA_INBAND);
SAME_VALUE(HVSIM_VMPKT_DATA_XFER_PAGES, VM_PKT_DATA_USING_XFER_PAGES);
SAME_VALUE(HVSIM_VMPKT_DATA_GPADL, VM_PKT_DATA_USING_GPADL);
SAME_VALUE(HVSIM_VMPKT_DATA_GPA_DIRECT, VM_PKT_DATA_USING_GPA_DIRECT);
SAME_VALUE(HVSIM_VMPKT_COMP, VM_PKT_COMP);
SAME_VALUE(HVSIM_VMPKT_FLAG_COMPLETION_REQUESTED, VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED);

/* GPA-direct: after the descriptor, before the ranges */
typedef struct hvsim_vmpkt_gpa_direct sgpa_t;
typedef struct vmbus_channel_packet_page_buffer kpb_t;

DESC_FIELD(sgpa_t, reserved, struct vmdata_gpa_direct, reserved);
DESC_FIELD(sgpa_t, range_count, struct vmdata_gpa_direct, range_cnt);
SAME_VALUE(sizeof(kpd_t) + sizeof(sgpa_t), offsetof(struct vmdata_gpa_direct, range));
DESC_FIELD(sgpa_t, reserved, kpb_t, reserved);
DESC_FIELD(sgpa_t, range_count, kpb_t, rangecount);
SAME_VALUE(sizeof(kpd_t) + sizeof(sgpa_t), offsetof(kpb_t, range));

/* monitor page: drivers/hv/hyperv_vmbus.h only, so the guest's vmbus/proto.h */
typedef struct hvsim_monitor_page smp_t;
typedef struct vmbus_monitor_page gmp_t;
typedef struct hvsim_monitor_group smg_t;
typedef struct vmbus_monitor_trigger_group gmg_t;
typedef struct hvsim_monitor_param smq_t;
typedef struct vmbus_monitor_parameter gmq_t;

SAME_VALUE(HVSIM_MONITOR_GROUPS, VMBUS_MONITOR_GROUPS);
SAME_VALUE(HVSIM_MONITOR_PER_GROUP, VMBUS_MONITOR_PER_GROUP);
SAME_VALUE(HVSIM_MONITOR_IDS, VMBUS_MONITOR_IDS);
SAME_SIZE(smg_t, gmg_t);
SAME_FIELD(smg_t, pending, gmg_t, pending);
SAME_FIELD(smg_t, armed, gmg_t, armed);
SAME_SIZE(smq_t, gmq_t);
SAME_FIELD(smq_t, connection_id, gmq_t, connection_id);
SAME_FIELD(smq_t, flag_number, gmq_t, flag_number);
SAME_FIELD(smq_t, reserved, gmq_t, reserved);
SAME_SIZE(smp_t, gmp_t);
SAME_FIELD(smp_t, trigger_state, gmp_t, trigger_state);
SAME_FIELD(smp_t, reserved1, gmp_t, reserved1);
SAME_FIELD(smp_t, group, gmp_t, trigger_group);
SAME_FIELD(smp_t, reserved2, gmp_t, reserved2);
SAME_FIELD(smp_t, next_check_time, gmp_t, next_check_time);
SAME_FIELD(smp_t, latency, gmp_t, latency);
SAME_FIELD(smp_t, reserved3, gmp_t, reserved3);
SAME_FIELD(smp_t, param, gmp_t, parameter);
SAME_FIELD(smp_t, reserved4, gmp_t, reserved4);
SAME_VALUE(sizeof(smp_t), HV_HYP_PAGE_SIZE);

/* ==== sim/hvsim_tlfs.h ==== */

/* CPUID leaves; 0x40000006, 0x40000008 and 0x40000009 only the guest names */
SAME_VALUE(HVSIM_CPUID_VENDOR, HYPERV_CPUID_VENDOR_AND_MAX_FUNCTIONS);
SAME_VALUE(HVSIM_CPUID_INTERFACE, HYPERV_CPUID_INTERFACE);
SAME_VALUE(HVSIM_CPUID_VERSION, HYPERV_CPUID_VERSION);
SAME_VALUE(HVSIM_CPUID_FEATURES, HYPERV_CPUID_FEATURES);
SAME_VALUE(HVSIM_CPUID_RECOMMENDATIONS, HYPERV_CPUID_ENLIGHTMENT_INFO);
SAME_VALUE(HVSIM_CPUID_LIMITS, HYPERV_CPUID_IMPLEMENT_LIMITS);
SAME_VALUE(HVSIM_CPUID_HW_FEATURES, HVCORE_CPUID_LEAF_HW_FEATURES);
#ifdef HYPERV_CPUID_CPU_MANAGEMENT_FEATURES
SAME_VALUE(HVSIM_CPUID_CPU_MGMT, HYPERV_CPUID_CPU_MANAGEMENT_FEATURES);
#endif
SAME_VALUE(HVSIM_CPUID_SVM, HVCORE_CPUID_LEAF_SVM);
SAME_VALUE(HVSIM_CPUID_NESTED_HV, HVCORE_CPUID_LEAF_NESTED_HV);
SAME_VALUE(HVSIM_CPUID_NESTED_OPT, HYPERV_CPUID_NESTED_FEATURES);
SAME_VALUE(HVSIM_CPUID_FIRST, HYPERV_CPUID_VENDOR_AND_MAX_FUNCTIONS);
/* the max leaf we report: at least what a Hv#1 hypervisor must have */
static_assert(HVSIM_CPUID_LAST >= HYPERV_CPUID_MIN && HVSIM_CPUID_LAST <= HYPERV_CPUID_MAX);
static_assert(HVSIM_CPUID_RANGE_END <= HYPERV_CPUID_MAX);
/* "Microsoft Hv" and "Hv#1" are in no kernel header outside KVM */
SAME_VALUE(HVSIM_VENDOR_EBX, HVCORE_VENDOR_EBX);
SAME_VALUE(HVSIM_VENDOR_ECX, HVCORE_VENDOR_ECX);
SAME_VALUE(HVSIM_VENDOR_EDX, HVCORE_VENDOR_EDX);
SAME_VALUE(HVSIM_INTERFACE_HV1, HVCORE_INTERFACE_HV1);

/* 0x40000003.EAX: privileges; bit 12 only the guest names */
SAME_VALUE(HVSIM_PRIV_VP_RUNTIME, HV_MSR_VP_RUNTIME_AVAILABLE);
SAME_VALUE(HVSIM_PRIV_PARTITION_REFCOUNT, HV_MSR_TIME_REF_COUNT_AVAILABLE);
SAME_VALUE(HVSIM_PRIV_SYNIC, HV_MSR_SYNIC_AVAILABLE);
SAME_VALUE(HVSIM_PRIV_STIMER, HV_MSR_SYNTIMER_AVAILABLE);
SAME_VALUE(HVSIM_PRIV_APIC, HV_MSR_APIC_ACCESS_AVAILABLE);
SAME_VALUE(HVSIM_PRIV_HYPERCALL, HV_MSR_HYPERCALL_AVAILABLE);
SAME_VALUE(HVSIM_PRIV_VP_INDEX, HV_MSR_VP_INDEX_AVAILABLE);
SAME_VALUE(HVSIM_PRIV_RESET, HV_MSR_RESET_AVAILABLE);
SAME_VALUE(HVSIM_PRIV_STATS, HV_MSR_STAT_PAGES_AVAILABLE);
SAME_VALUE(HVSIM_PRIV_REF_TSC, HV_MSR_REFERENCE_TSC_AVAILABLE);
SAME_VALUE(HVSIM_PRIV_GUEST_IDLE, HV_MSR_GUEST_IDLE_AVAILABLE);
SAME_VALUE(HVSIM_PRIV_FREQUENCY, HV_ACCESS_FREQUENCY_MSRS);
SAME_VALUE(HVSIM_PRIV_DEBUG, HVCORE_PRIV_DEBUG_MSRS);
SAME_VALUE(HVSIM_PRIV_REENLIGHTENMENT, HV_ACCESS_REENLIGHTENMENT);

/* 0x40000003.EBX: privileges (the guest's are bits 63:32 of one mask) */
SAME_VALUE(HVSIM_PRIV_CREATE_PARTITIONS, HV_CREATE_PARTITIONS);
SAME_VALUE(HVSIM_PRIV_ACCESS_PARTITION_ID, HV_ACCESS_PARTITION_ID);
SAME_VALUE(HVSIM_PRIV_ACCESS_MEMORY_POOL, HV_ACCESS_MEMORY_POOL);
SAME_VALUE(HVSIM_PRIV_POST_MESSAGES, HV_POST_MESSAGES);
SAME_VALUE(HVSIM_PRIV_SIGNAL_EVENTS, HV_SIGNAL_EVENTS);
SAME_VALUE(HVSIM_PRIV_CREATE_PORT, HV_CREATE_PORT);
SAME_VALUE(HVSIM_PRIV_CONNECT_PORT, HV_CONNECT_PORT);
SAME_VALUE(HVSIM_PRIV_ACCESS_STATS, HV_ACCESS_STATS);
SAME_VALUE(HVSIM_PRIV_DEBUGGING, HV_DEBUGGING);
#ifdef HV_CPU_MANAGEMENT
SAME_VALUE(HVSIM_PRIV_CPU_MANAGEMENT, HV_CPU_MANAGEMENT);
#else
/* 5.10 calls bit 12 HV_CPU_POWER_MANAGEMENT */
SAME_VALUE(HVSIM_PRIV_CPU_MANAGEMENT, HV_CPU_POWER_MANAGEMENT);
#endif
#ifdef HV_ENABLE_EXTENDED_HYPERCALLS
SAME_VALUE(HVSIM_PRIV_EXT_HYPERCALLS, HV_ENABLE_EXTENDED_HYPERCALLS);
#endif
#ifdef HV_ISOLATION
SAME_VALUE(HVSIM_PRIV_ISOLATION, HV_ISOLATION);
#endif

/* the isolation leaf of confidential VMs (the kernel has it since 5.12) */
#ifdef HYPERV_CPUID_ISOLATION_CONFIG
SAME_VALUE(HVSIM_CPUID_ISOLATION, HYPERV_CPUID_ISOLATION_CONFIG);
SAME_VALUE(HVSIM_ISOLATION_PARAVISOR, HV_PARAVISOR_PRESENT);
SAME_VALUE(HVSIM_ISOLATION_TYPE, HV_ISOLATION_TYPE);
SAME_VALUE(HVSIM_ISOLATION_SHARED_GPA, HV_SHARED_GPA_BOUNDARY_ACTIVE);
SAME_VALUE(HVSIM_ISOLATION_SHARED_GPA_BITS, HV_SHARED_GPA_BOUNDARY_BITS);
#endif

/* 0x40000003.EDX: features; bits 9, 17 and 18 only the guest names */
SAME_VALUE(HVSIM_FEAT_GUEST_DEBUGGING, HV_X64_GUEST_DEBUGGING_AVAILABLE);
SAME_VALUE(HVSIM_FEAT_PERF_MONITOR, HV_X64_PERF_MONITOR_AVAILABLE);
#ifdef HV_X64_HYPERCALL_XMM_INPUT_AVAILABLE
SAME_VALUE(HVSIM_FEAT_XMM_HC_INPUT, HV_X64_HYPERCALL_XMM_INPUT_AVAILABLE);
#else
/* its name before 5.12 */
SAME_VALUE(HVSIM_FEAT_XMM_HC_INPUT, HV_X64_HYPERCALL_PARAMS_XMM_AVAILABLE);
#endif
SAME_VALUE(HVSIM_FEAT_GUEST_IDLE, HV_X64_GUEST_IDLE_STATE_AVAILABLE);
SAME_VALUE(HVSIM_FEAT_FREQUENCY_MSRS, HV_FEATURE_FREQUENCY_MSRS_AVAILABLE);
SAME_VALUE(HVSIM_FEAT_SYNTHETIC_MCE, HVCORE_FEAT_SYNTHETIC_MCE);
SAME_VALUE(HVSIM_FEAT_CRASH_MSRS, HV_FEATURE_GUEST_CRASH_MSR_AVAILABLE);
SAME_VALUE(HVSIM_FEAT_DEBUG_MSRS, HV_FEATURE_DEBUG_MSRS_AVAILABLE);
#ifdef HV_X64_HYPERCALL_XMM_OUTPUT_AVAILABLE
SAME_VALUE(HVSIM_FEAT_XMM_HC_OUTPUT, HV_X64_HYPERCALL_XMM_OUTPUT_AVAILABLE);
#endif
SAME_VALUE(HVSIM_FEAT_SINT_POLLING, HVCORE_FEAT_SINT_POLLING);
SAME_VALUE(HVSIM_FEAT_HYPERCALL_MSR_LOCK, HVCORE_FEAT_HC_MSR_LOCK);
SAME_VALUE(HVSIM_FEAT_STIMER_DIRECT, HV_STIMER_DIRECT_MODE_AVAILABLE);

/* 0x40000004 and 0x40000006 */
SAME_VALUE(HVSIM_REC_RELAXED_TIMING, HV_X64_RELAXED_TIMING_RECOMMENDED);
SAME_VALUE(HVSIM_REC_DEPRECATE_AUTO_EOI, HV_DEPRECATING_AEOI_RECOMMENDED);
SAME_VALUE(HVSIM_SPINLOCK_RETRIES_NEVER, HVCORE_SPINLOCK_RETRIES_NEVER);
SAME_VALUE(HVSIM_HW_MSR_BITMAPS, HVCORE_HW_MSR_BITMAPS);
SAME_VALUE(HVSIM_HW_SLAT, HVCORE_HW_SLAT);

/* synthetic MSRs */
SAME_VALUE(HVSIM_MSR_GUEST_OS_ID, HV_X64_MSR_GUEST_OS_ID);
SAME_VALUE(HVSIM_MSR_HYPERCALL, HV_X64_MSR_HYPERCALL);
SAME_VALUE(HVSIM_MSR_VP_INDEX, HV_X64_MSR_VP_INDEX);
SAME_VALUE(HVSIM_MSR_RESET, HV_X64_MSR_RESET);
SAME_VALUE(HVSIM_MSR_VP_RUNTIME, HV_X64_MSR_VP_RUNTIME);
SAME_VALUE(HVSIM_MSR_TIME_REF_COUNT, HV_X64_MSR_TIME_REF_COUNT);
SAME_VALUE(HVSIM_MSR_REFERENCE_TSC, HV_X64_MSR_REFERENCE_TSC);
SAME_VALUE(HVSIM_MSR_TSC_FREQUENCY, HV_X64_MSR_TSC_FREQUENCY);
SAME_VALUE(HVSIM_MSR_APIC_FREQUENCY, HV_X64_MSR_APIC_FREQUENCY);
SAME_VALUE(HVSIM_MSR_SCONTROL, HV_X64_MSR_SCONTROL);
SAME_VALUE(HVSIM_MSR_SVERSION, HV_X64_MSR_SVERSION);
SAME_VALUE(HVSIM_MSR_SIEFP, HV_X64_MSR_SIEFP);
SAME_VALUE(HVSIM_MSR_SIMP, HV_X64_MSR_SIMP);
SAME_VALUE(HVSIM_MSR_EOM, HV_X64_MSR_EOM);
SAME_VALUE(HVSIM_MSR_SINT0, HV_X64_MSR_SINT0);
SAME_VALUE(HVSIM_MSR_SINT15, HV_X64_MSR_SINT15);
SAME_VALUE(HVSIM_MSR_STIMER0_CONFIG, HV_X64_MSR_STIMER0_CONFIG);
SAME_VALUE(HVSIM_MSR_STIMER3_COUNT, HV_X64_MSR_STIMER3_COUNT);
SAME_VALUE(HVSIM_MSR_GUEST_IDLE, HV_X64_MSR_GUEST_IDLE);
SAME_VALUE(HVSIM_MSR_CRASH_P0, HV_X64_MSR_CRASH_P0);
SAME_VALUE(HVSIM_MSR_CRASH_P4, HV_X64_MSR_CRASH_P4);
SAME_VALUE(HVSIM_MSR_CRASH_CTL, HV_X64_MSR_CRASH_CTL);
/* the two ranges: the first synthetic MSR, and the crash MSRs onwards */
SAME_VALUE(HVSIM_MSR_RANGE_FIRST, HV_X64_MSR_GUEST_OS_ID);
static_assert(HV_X64_MSR_GUEST_IDLE <= HVSIM_MSR_RANGE_LAST);
SAME_VALUE(HVSIM_MSR_RANGE2_FIRST, HV_X64_MSR_CRASH_P0);
static_assert(HV_X64_MSR_CRASH_CTL <= HVSIM_MSR_RANGE2_LAST);

/* MSR fields; the lock bit and the stimer config only the guest has as masks */
SAME_VALUE(HVSIM_HYPERCALL_ENABLE, HV_X64_MSR_HYPERCALL_ENABLE);
SAME_VALUE(HVSIM_HYPERCALL_LOCKED, HVCORE_HYPERCALL_LOCKED);
SAME_VALUE(HVSIM_GPA_PAGE_MASK, HV_X64_MSR_HYPERCALL_PAGE_ADDRESS_MASK);
SAME_VALUE(HVSIM_OVERLAY_ENABLE, HV_X64_MSR_TSC_REFERENCE_ENABLE);
SAME_VALUE(HVSIM_OVERLAY_ENABLE, HV_SYNIC_SIMP_ENABLE);
SAME_VALUE(HVSIM_OVERLAY_ENABLE, HV_SYNIC_SIEFP_ENABLE);
SAME_VALUE(HVSIM_SCONTROL_ENABLE, HV_SYNIC_CONTROL_ENABLE);
SAME_VALUE(HVSIM_SVERSION_1, HV_SYNIC_VERSION_1);
SAME_VALUE(HVSIM_SINT_VECTOR, HV_SYNIC_SINT_VECTOR_MASK);
SAME_VALUE(HVSIM_SINT_MASKED, HV_SYNIC_SINT_MASKED);
SAME_VALUE(HVSIM_SINT_AUTO_EOI, HV_SYNIC_SINT_AUTO_EOI);
SAME_VALUE(HVSIM_SINT_POLLING, HVCORE_SINT_POLLING);
SAME_VALUE(HVSIM_SINT_FIRST_VALID_VECTOR, HV_SYNIC_FIRST_VALID_VECTOR);
SAME_VALUE(HVSIM_SINT_COUNT, HV_SYNIC_SINT_COUNT);
SAME_VALUE(HVSIM_STIMER_ENABLE, HVCORE_STIMER_ENABLE);
SAME_VALUE(HVSIM_STIMER_PERIODIC, HVCORE_STIMER_PERIODIC);
SAME_VALUE(HVSIM_STIMER_LAZY, HVCORE_STIMER_LAZY);
SAME_VALUE(HVSIM_STIMER_AUTO_ENABLE, HVCORE_STIMER_AUTO_ENABLE);
SAME_VALUE(HVSIM_STIMER_APIC_VECTOR, HVCORE_STIMER_APIC_VECTOR);
SAME_VALUE(HVSIM_STIMER_DIRECT_MODE, HVCORE_STIMER_DIRECT_MODE);
SAME_VALUE(HVSIM_STIMER_SINTX, HVCORE_STIMER_SINT);
SAME_VALUE(HVSIM_STIMER_DEFINED,
	   HVCORE_STIMER_ENABLE | HVCORE_STIMER_PERIODIC | HVCORE_STIMER_LAZY |
	   HVCORE_STIMER_AUTO_ENABLE | HVCORE_STIMER_APIC_VECTOR |
	   HVCORE_STIMER_DIRECT_MODE | HVCORE_STIMER_SINT);
SAME_VALUE(HVSIM_STIMER_COUNT, HV_SYNIC_STIMER_COUNT);
SAME_VALUE(HVSIM_CRASH_CTL_NOTIFY, HV_CRASH_CTL_CRASH_NOTIFY);
SAME_VALUE(HVSIM_CRASH_CTL_NOTIFY_MSG, HV_CRASH_CTL_CRASH_NOTIFY_MSG);
SAME_VALUE(HVSIM_CRASH_PARAMS, HV_X64_MSR_CRASH_PARAMS);

/* the reference time unit */
SAME_VALUE(HVSIM_REF_HZ, HV_CLOCK_HZ);
SAME_VALUE(HVSIM_NS_PER_REF, NSEC_PER_SEC / HV_CLOCK_HZ);

/* hypercall input and result values; the code and reserved masks: guest's */
SAME_VALUE(HVSIM_HC_CODE, HVCORE_HC_CODE);
SAME_VALUE(HVSIM_HC_FAST, HV_HYPERCALL_FAST_BIT);
SAME_VALUE(HVSIM_HC_VARHEAD & -HVSIM_HC_VARHEAD, BIT_ULL(HV_HYPERCALL_VARHEAD_OFFSET));
SAME_VALUE(HVSIM_HC_VARHEAD, HVCORE_HC_VARHEAD);
SAME_VALUE(HVSIM_HC_REP_COUNT, HV_HYPERCALL_REP_COMP_MASK);
SAME_VALUE(HVSIM_HC_REP_START, HV_HYPERCALL_REP_START_MASK);
/* RSVD1..RSVD3 as one: the guest has a single reserved mask */
SAME_VALUE(HVSIM_HC_RSVD, HVCORE_HC_RSVD_MASK);
#ifdef HV_HYPERCALL_NESTED
/* reserved for a guest: only the root partition sets it */
SAME_VALUE(HVSIM_HC_RSVD1 & HV_HYPERCALL_NESTED, HV_HYPERCALL_NESTED);
#endif
SAME_VALUE(HVSIM_HC_RESULT_STATUS, HV_HYPERCALL_RESULT_MASK);
SAME_VALUE(HVSIM_HC_RESULT_REPS, HV_HYPERCALL_REP_COMP_MASK);

/* call codes and status values */
SAME_VALUE(HVSIM_CALL_FLUSH_VA_LIST, HVCALL_FLUSH_VIRTUAL_ADDRESS_LIST);
SAME_VALUE(HVSIM_CALL_POST_MESSAGE, HVCALL_POST_MESSAGE);
SAME_VALUE(HVSIM_CALL_SIGNAL_EVENT, HVCALL_SIGNAL_EVENT);
SAME_VALUE(HVSIM_STATUS_SUCCESS, HV_STATUS_SUCCESS);
SAME_VALUE(HVSIM_STATUS_INVALID_HYPERCALL_CODE, HV_STATUS_INVALID_HYPERCALL_CODE);
SAME_VALUE(HVSIM_STATUS_INVALID_HYPERCALL_INPUT, HV_STATUS_INVALID_HYPERCALL_INPUT);
SAME_VALUE(HVSIM_STATUS_INVALID_ALIGNMENT, HV_STATUS_INVALID_ALIGNMENT);
SAME_VALUE(HVSIM_STATUS_INVALID_PARAMETER, HV_STATUS_INVALID_PARAMETER);
#ifdef HV_STATUS_ACCESS_DENIED
SAME_VALUE(HVSIM_STATUS_ACCESS_DENIED, HV_STATUS_ACCESS_DENIED);
#endif
SAME_VALUE(HVSIM_STATUS_INVALID_CONNECTION_ID, HV_STATUS_INVALID_CONNECTION_ID);
SAME_VALUE(HVSIM_STATUS_INSUFFICIENT_BUFFERS, HV_STATUS_INSUFFICIENT_BUFFERS);

/* SynIC message slot, its header and the page of slots */
typedef struct hvsim_msg_header smh_t;
typedef struct hv_message_header kmh_t;

SAME_VALUE(HVSIM_MESSAGE_SIZE, HV_MESSAGE_SIZE);
SAME_VALUE(HVSIM_MESSAGE_PAYLOAD_BYTES, HV_MESSAGE_PAYLOAD_BYTE_COUNT);
SAME_SIZE(smh_t, kmh_t);
SAME_FIELD(smh_t, message_type, kmh_t, message_type);
SAME_FIELD(smh_t, payload_size, kmh_t, payload_size);
SAME_FIELD(smh_t, message_flags, kmh_t, message_flags);
SAME_FIELD(smh_t, reserved, kmh_t, reserved);
SAME_FIELD(smh_t, origin, kmh_t, sender);
SAME_SIZE(struct hvsim_message, struct hv_message);
SAME_FIELD(struct hvsim_message, header, struct hv_message, header);
SAME_FIELD(struct hvsim_message, payload, struct hv_message, u.payload);
SAME_SIZE(struct hvsim_simp_page, struct hv_message_page);
SAME_FIELD(struct hvsim_simp_page, slot, struct hv_message_page, sint_message);

/* message types and flags; msg_pending:1 is a bit-field: the guest's */
SAME_VALUE(HVSIM_MSG_NONE, HVMSG_NONE);
SAME_VALUE(HVSIM_MSG_TIMER_EXPIRED, HVMSG_TIMER_EXPIRED);
/* the kernel's first hypervisor message type is that bit alone */
SAME_VALUE(HVSIM_MSG_HYPERVISOR_BIT, HVMSG_UNMAPPED_GPA);
SAME_VALUE(HVSIM_MSG_FLAG_PENDING, HVCORE_MSG_FLAG_PENDING);

/* event flags */
SAME_VALUE(HVSIM_EVENT_FLAGS_COUNT, HV_EVENT_FLAGS_COUNT);
SAME_VALUE(HVSIM_EVENT_FLAGS_BYTES, sizeof(union hv_synic_event_flags));

/* timer expiry payload */
typedef struct hvsim_timer_msg stm_t;
typedef struct hv_timer_message_payload ktm_t;

SAME_SIZE(stm_t, ktm_t);
SAME_FIELD(stm_t, timer_index, ktm_t, timer_index);
SAME_FIELD(stm_t, reserved, ktm_t, reserved);
SAME_FIELD(stm_t, expiration_time, ktm_t, expiration_time);
SAME_FIELD(stm_t, delivery_time, ktm_t, delivery_time);

/*
 * HvPostMessage and HvSignalEvent input blocks: the kernel's are in
 * drivers/hv/hyperv_vmbus.h, the guest's is private to hv_core/hypercall.c
 * (and it signals with the fast form: connection_id in bits 31:0 of the
 * register, flag_number in 47:32). Checked against the TLFS's offsets.
 */
typedef struct hvsim_post_message_in spm_t;
typedef struct hvsim_signal_event_in sse_t;

FIELD_AT(spm_t, connection_id, 0, 4);
FIELD_AT(spm_t, reserved, 4, 4);
FIELD_AT(spm_t, message_type, 8, 4);
FIELD_AT(spm_t, payload_size, 12, 4);
FIELD_AT(spm_t, payload, 16, HV_MESSAGE_PAYLOAD_BYTE_COUNT);
SAME_VALUE(sizeof(spm_t), 16 + HV_MESSAGE_PAYLOAD_BYTE_COUNT);
FIELD_AT(sse_t, connection_id, 0, 4);
FIELD_AT(sse_t, flag_number, 4, 2);
FIELD_AT(sse_t, reserved, 6, 2);
SAME_VALUE(sizeof(sse_t), 8);

/* reference TSC page: the kernel's struct stops after tsc_offset */
typedef struct hvsim_tsc_page stp_t;
typedef struct ms_hyperv_tsc_page ktp_t;

SAME_FIELD(stp_t, sequence, ktp_t, tsc_sequence);
SAME_FIELD(stp_t, reserved1, ktp_t, reserved1);
SAME_FIELD(stp_t, scale, ktp_t, tsc_scale);
SAME_FIELD(stp_t, offset, ktp_t, tsc_offset);
SAME_VALUE(offsetof(stp_t, reserved2), sizeof(ktp_t));
SAME_VALUE(sizeof(stp_t), HV_HYP_PAGE_SIZE);
