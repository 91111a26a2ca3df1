// SPDX-License-Identifier: GPL-2.0
/*
 * Layout conformance of vmbus/proto.h against the kernel's <linux/hyperv.h>.
 *
 * proto.h is written from the protocol and stays our own; this file only
 * compares it, at build time, with the definitions every linux-headers
 * package ships. Every struct's size and every field's offset and size is
 * checked; a difference breaks the build for that kernel. Fields that are
 * bit-fields in the kernel's header (offsetof cannot name them) are checked
 * through the neighbouring fields instead. Definitions that only newer
 * kernels have are compared where they exist (HVL_HAVE_* probes in
 * compat/Kbuild.include). The module is never loaded.
 *
 * The monitor page is not in any public header (it lives in
 * drivers/hv/hyperv_vmbus.h); it is checked against the offset table the
 * protocol documents instead. TL_CONNECT_RESULT is not in the kernel's
 * header at all (proto.h says where it comes from).
 */
#include <linux/build_bug.h>
#include <linux/kernel.h>
#include <linux/hyperv.h>
#include <linux/module.h>
#include <linux/stddef.h>
#include <hyperv/hvhdk.h>

#include "vmbus/proto.h"
#include "same.h"

/* our body follows a packet descriptor the kernel's struct includes */
#define DESC_FIELD(ours, of, theirs, tf) \
	static_assert(sizeof(struct vmpacket_descriptor) + offsetof(ours, of) == \
		      offsetof(theirs, tf) && FSIZE(ours, of) == FSIZE(theirs, tf))
#define FIELD_AT(type, f, off, size) \
	static_assert(offsetof(type, f) == (off) && FSIZE(type, f) == (size))

/* versions and limits */
static const u32 vmbus_versions[] __maybe_unused = { VMBUS_VERSIONS_NEWEST_FIRST };
SAME_VALUE(ARRAY_SIZE(vmbus_versions), VMBUS_VERSION_COUNT);
SAME_VALUE(VMBUS_VERSION_WIN8, VERSION_WIN8);
SAME_VALUE(VMBUS_VERSION_WIN8_1, VERSION_WIN8_1);
SAME_VALUE(VMBUS_VERSION_WIN10, VERSION_WIN10);
SAME_VALUE(VMBUS_VERSION_WIN10_V4_1, VERSION_WIN10_V4_1);
SAME_VALUE(VMBUS_VERSION_WIN10_V5, VERSION_WIN10_V5);
SAME_VALUE(VMBUS_VERSION_WIN10_V5_1, VERSION_WIN10_V5_1);
SAME_VALUE(VMBUS_VERSION_WIN10_V5_2, VERSION_WIN10_V5_2);
#ifdef VERSION_WIN10_V5_3
SAME_VALUE(VMBUS_VERSION_WIN10_V5_3, VERSION_WIN10_V5_3);
#endif
SAME_VALUE(VMBUS_MSG_MAX_PAYLOAD, HV_MESSAGE_PAYLOAD_BYTE_COUNT);
SAME_VALUE(VMBUS_RELID_LIMIT, HV_EVENT_FLAGS_COUNT);
SAME_VALUE(VMBUS_GPA_DIRECT_MAX_PAGES, MAX_PAGE_BUFFER_COUNT);
SAME_VALUE(VMBUS_GPA_DIRECT_MAX_PAGES, MAX_MULTIPAGE_BUFFER_COUNT);

/* message types */
SAME_VALUE(VMBUS_CHANMSG_INVALID, CHANNELMSG_INVALID);
SAME_VALUE(VMBUS_CHANMSG_OFFERCHANNEL, CHANNELMSG_OFFERCHANNEL);
SAME_VALUE(VMBUS_CHANMSG_RESCIND_CHANNELOFFER, CHANNELMSG_RESCIND_CHANNELOFFER);
SAME_VALUE(VMBUS_CHANMSG_REQUESTOFFERS, CHANNELMSG_REQUESTOFFERS);
SAME_VALUE(VMBUS_CHANMSG_ALLOFFERS_DELIVERED, CHANNELMSG_ALLOFFERS_DELIVERED);
SAME_VALUE(VMBUS_CHANMSG_OPENCHANNEL, CHANNELMSG_OPENCHANNEL);
SAME_VALUE(VMBUS_CHANMSG_OPENCHANNEL_RESULT, CHANNELMSG_OPENCHANNEL_RESULT);
SAME_VALUE(VMBUS_CHANMSG_CLOSECHANNEL, CHANNELMSG_CLOSECHANNEL);
SAME_VALUE(VMBUS_CHANMSG_GPADL_HEADER, CHANNELMSG_GPADL_HEADER);
SAME_VALUE(VMBUS_CHANMSG_GPADL_BODY, CHANNELMSG_GPADL_BODY);
SAME_VALUE(VMBUS_CHANMSG_GPADL_CREATED, CHANNELMSG_GPADL_CREATED);
SAME_VALUE(VMBUS_CHANMSG_GPADL_TEARDOWN, CHANNELMSG_GPADL_TEARDOWN);
SAME_VALUE(VMBUS_CHANMSG_GPADL_TORNDOWN, CHANNELMSG_GPADL_TORNDOWN);
SAME_VALUE(VMBUS_CHANMSG_RELID_RELEASED, CHANNELMSG_RELID_RELEASED);
SAME_VALUE(VMBUS_CHANMSG_INITIATE_CONTACT, CHANNELMSG_INITIATE_CONTACT);
SAME_VALUE(VMBUS_CHANMSG_VERSION_RESPONSE, CHANNELMSG_VERSION_RESPONSE);
SAME_VALUE(VMBUS_CHANMSG_UNLOAD, CHANNELMSG_UNLOAD);
SAME_VALUE(VMBUS_CHANMSG_UNLOAD_RESPONSE, CHANNELMSG_UNLOAD_RESPONSE);
SAME_VALUE(VMBUS_CHANMSG_TL_CONNECT_REQUEST, CHANNELMSG_TL_CONNECT_REQUEST);
SAME_VALUE(VMBUS_CHANMSG_MODIFYCHANNEL, CHANNELMSG_MODIFYCHANNEL);
SAME_VALUE(VMBUS_CHANMSG_TL_CONNECT_RESULT, CHANNELMSG_TL_CONNECT_RESULT);
#ifdef HVL_HAVE_VMBUS_MODIFYCHANNEL_RESPONSE
SAME_VALUE(VMBUS_CHANMSG_MODIFYCHANNEL_RESPONSE, CHANNELMSG_MODIFYCHANNEL_RESPONSE);
SAME_VALUE(VMBUS_CHANMSG_COUNT, CHANNELMSG_COUNT);
#endif

/* OFFERCHANNEL */
typedef struct vmbus_offer o_t;
typedef struct vmbus_channel_offer k_t;
typedef struct vmbus_chanmsg_offer om_t;
typedef struct vmbus_channel_offer_channel km_t;

SAME_SIZE(struct vmbus_chanmsg_hdr, struct vmbus_channel_message_header);
SAME_FIELD(struct vmbus_chanmsg_hdr, msgtype, struct vmbus_channel_message_header, msgtype);
SAME_FIELD(struct vmbus_chanmsg_hdr, padding, struct vmbus_channel_message_header, padding);

SAME_SIZE(o_t, k_t);
SAME_FIELD(o_t, if_type, k_t, if_type);
SAME_FIELD(o_t, if_instance, k_t, if_instance);
SAME_FIELD(o_t, reserved1, k_t, reserved1);
SAME_FIELD(o_t, reserved2, k_t, reserved2);
SAME_FIELD(o_t, chn_flags, k_t, chn_flags);
SAME_FIELD(o_t, mmio_megabytes, k_t, mmio_megabytes);
SAME_FIELD(o_t, user_def, k_t, u.std.user_def);
SAME_FIELD(o_t, pipe_mode, k_t, u.pipe.pipe_mode);
SAME_FIELD(o_t, pipe_user_def, k_t, u.pipe.user_def);
SAME_FIELD(o_t, sub_channel_index, k_t, sub_channel_index);
SAME_FIELD(o_t, mmio_megabytes_optional, k_t, reserved3);
SAME_VALUE(VMBUS_OFFER_USER_DEFINED_BYTES, MAX_USER_DEFINED_BYTES);
SAME_VALUE(VMBUS_OFFER_PIPE_USER_DEFINED_BYTES, MAX_PIPE_USER_DEFINED_BYTES);
SAME_VALUE(VMBUS_OFFER_PIPE_BYTE, VMBUS_PIPE_TYPE_BYTE);
SAME_VALUE(VMBUS_OFFER_PIPE_MESSAGE, VMBUS_PIPE_TYPE_MESSAGE);
SAME_VALUE(VMBUS_OFFER_FLAG_ENUMERATE_DEVICE_INTERFACE, VMBUS_CHANNEL_ENUMERATE_DEVICE_INTERFACE);
SAME_VALUE(VMBUS_OFFER_FLAG_NAMED_PIPE_MODE, VMBUS_CHANNEL_NAMED_PIPE_MODE);
SAME_VALUE(VMBUS_OFFER_FLAG_LOOPBACK, VMBUS_CHANNEL_LOOPBACK_OFFER);
SAME_VALUE(VMBUS_OFFER_FLAG_PARENT, VMBUS_CHANNEL_PARENT_OFFER);
SAME_VALUE(VMBUS_OFFER_FLAG_REQUEST_MONITORED_NOTIFICATION, VMBUS_CHANNEL_REQUEST_MONITORED_NOTIFICATION);
SAME_VALUE(VMBUS_OFFER_FLAG_TLNPI_PROVIDER, VMBUS_CHANNEL_TLNPI_PROVIDER_OFFER);

SAME_SIZE(om_t, km_t);
SAME_FIELD(om_t, header, km_t, header);
SAME_FIELD(om_t, offer, km_t, offer);
SAME_FIELD(om_t, child_relid, km_t, child_relid);
SAME_FIELD(om_t, monitorid, km_t, monitorid);
/*
 * monitor_allocated:1 and is_dedicated_interrupt:1 are bit-fields in
 * both: offsetof cannot name them, so pin the bytes around them.
 */
SAME_FIELD(om_t, connection_id, km_t, connection_id);
SAME_VALUE(offsetof(om_t, monitorid) + 4, offsetof(om_t, connection_id));

/* channel_msg */
SAME_SIZE(struct vmbus_chanmsg_rescind, struct vmbus_channel_rescind_offer);
SAME_FIELD(struct vmbus_chanmsg_rescind, header, struct vmbus_channel_rescind_offer, header);
SAME_FIELD(struct vmbus_chanmsg_rescind, child_relid,
	   struct vmbus_channel_rescind_offer, child_relid);

SAME_SIZE(struct vmbus_chanmsg_open_channel, struct vmbus_channel_open_channel);
SAME_FIELD(struct vmbus_chanmsg_open_channel, header, struct vmbus_channel_open_channel, header);
SAME_FIELD(struct vmbus_chanmsg_open_channel, child_relid,
	   struct vmbus_channel_open_channel, child_relid);
SAME_FIELD(struct vmbus_chanmsg_open_channel, openid, struct vmbus_channel_open_channel, openid);
SAME_FIELD(struct vmbus_chanmsg_open_channel, ringbuffer_gpadlhandle,
	   struct vmbus_channel_open_channel, ringbuffer_gpadlhandle);
SAME_FIELD(struct vmbus_chanmsg_open_channel, target_vp,
	   struct vmbus_channel_open_channel, target_vp);
SAME_FIELD(struct vmbus_chanmsg_open_channel, downstream_ringbuffer_pageoffset,
	   struct vmbus_channel_open_channel, downstream_ringbuffer_pageoffset);
SAME_FIELD(struct vmbus_chanmsg_open_channel, userdata,
	   struct vmbus_channel_open_channel, userdata);

SAME_SIZE(struct vmbus_chanmsg_open_result, struct vmbus_channel_open_result);
SAME_FIELD(struct vmbus_chanmsg_open_result, header, struct vmbus_channel_open_result, header);
SAME_FIELD(struct vmbus_chanmsg_open_result, child_relid,
	   struct vmbus_channel_open_result, child_relid);
SAME_FIELD(struct vmbus_chanmsg_open_result, openid,
	   struct vmbus_channel_open_result, openid);
SAME_FIELD(struct vmbus_chanmsg_open_result, status,
	   struct vmbus_channel_open_result, status);

SAME_SIZE(struct vmbus_chanmsg_close_channel, struct vmbus_channel_close_channel);
SAME_FIELD(struct vmbus_chanmsg_close_channel, header, struct vmbus_channel_close_channel, header);
SAME_FIELD(struct vmbus_chanmsg_close_channel, child_relid,
	   struct vmbus_channel_close_channel, child_relid);

SAME_SIZE(struct vmbus_chanmsg_relid_released, struct vmbus_channel_relid_released);
SAME_FIELD(struct vmbus_chanmsg_relid_released, header,
	   struct vmbus_channel_relid_released, header);
SAME_FIELD(struct vmbus_chanmsg_relid_released, child_relid,
	   struct vmbus_channel_relid_released, child_relid);

SAME_SIZE(struct vmbus_chanmsg_modifychannel, struct vmbus_channel_modifychannel);
SAME_FIELD(struct vmbus_chanmsg_modifychannel, header,
	   struct vmbus_channel_modifychannel, header);
SAME_FIELD(struct vmbus_chanmsg_modifychannel, child_relid,
	   struct vmbus_channel_modifychannel, child_relid);
SAME_FIELD(struct vmbus_chanmsg_modifychannel, target_vp,
	   struct vmbus_channel_modifychannel, target_vp);

#ifdef HVL_HAVE_VMBUS_MODIFYCHANNEL_RESPONSE
SAME_SIZE(struct vmbus_chanmsg_modifychannel_response,
	  struct vmbus_channel_modifychannel_response);
SAME_FIELD(struct vmbus_chanmsg_modifychannel_response, header,
	   struct vmbus_channel_modifychannel_response, header);
SAME_FIELD(struct vmbus_chanmsg_modifychannel_response, child_relid,
	   struct vmbus_channel_modifychannel_response, child_relid);
SAME_FIELD(struct vmbus_chanmsg_modifychannel_response, status,
	   struct vmbus_channel_modifychannel_response, status);
#endif

SAME_SIZE(struct vmbus_chanmsg_tl_connect_request,
	  struct vmbus_channel_tl_connect_request);
SAME_FIELD(struct vmbus_chanmsg_tl_connect_request, header,
	   struct vmbus_channel_tl_connect_request, header);
SAME_FIELD(struct vmbus_chanmsg_tl_connect_request, guest_endpoint_id,
	   struct vmbus_channel_tl_connect_request, guest_endpoint_id);
SAME_FIELD(struct vmbus_chanmsg_tl_connect_request, host_service_id,
	   struct vmbus_channel_tl_connect_request, host_service_id);

/* header-only messages */
SAME_SIZE(struct vmbus_chanmsg_unload, struct vmbus_channel_message_header);
SAME_SIZE(struct vmbus_chanmsg_unload_response, struct vmbus_channel_message_header);
SAME_SIZE(struct vmbus_chanmsg_request_offers, struct vmbus_channel_message_header);
SAME_SIZE(struct vmbus_chanmsg_alloffers_delivered, struct vmbus_channel_message_header);

/* connect_msg */
typedef struct vmbus_chanmsg_initiate_contact ic_t;
typedef struct vmbus_channel_initiate_contact kic_t;
typedef struct vmbus_chanmsg_version_response vr_t;
typedef struct vmbus_channel_version_response kvr_t;

SAME_SIZE(ic_t, kic_t);
SAME_FIELD(ic_t, header, kic_t, header);
SAME_FIELD(ic_t, vmbus_version_requested, kic_t, vmbus_version_requested);
SAME_FIELD(ic_t, target_vcpu, kic_t, target_vcpu);
SAME_FIELD(ic_t, interrupt_page, kic_t, interrupt_page);
SAME_FIELD(ic_t, msg_sint, kic_t, msg_sint);
#ifdef HVL_HAVE_VMBUS_MSG_VTL
SAME_FIELD(ic_t, msg_vtl, kic_t, msg_vtl);
#else
/* older kernels call the msg_vtl byte padding1[0] */
FIELD_AT(ic_t, msg_vtl, offsetof(kic_t, padding1), 1);
#endif
#ifdef HVL_HAVE_VMBUS_FEATURE_FLAGS
SAME_FIELD(ic_t, reserved, kic_t, reserved);
SAME_FIELD(ic_t, feature_flags, kic_t, feature_flags);
#elif defined(HVL_HAVE_VMBUS_MSG_VTL)
/* before 6.0's feature_flags: six reserved bytes after msg_vtl */
static_assert(offsetof(ic_t, reserved) == offsetof(kic_t, reserved) &&
	      FSIZE(ic_t, reserved) + FSIZE(ic_t, feature_flags) == FSIZE(kic_t, reserved));
#else
SAME_VALUE(offsetof(ic_t, feature_flags), offsetof(kic_t, padding2));
SAME_VALUE(FSIZE(ic_t, feature_flags), FSIZE(kic_t, padding2));
#endif
SAME_FIELD(ic_t, monitor_page1, kic_t, monitor_page1);
SAME_FIELD(ic_t, monitor_page2, kic_t, monitor_page2);

SAME_SIZE(vr_t, kvr_t);
SAME_FIELD(vr_t, header, kvr_t, header);
SAME_FIELD(vr_t, version_supported, kvr_t, version_supported);
SAME_FIELD(vr_t, connection_state, kvr_t, connection_state);
SAME_FIELD(vr_t, padding, kvr_t, padding);
SAME_FIELD(vr_t, msg_conn_id, kvr_t, msg_conn_id);

/* gpadl_msg */
typedef struct vmbus_chanmsg_gpadl_header gh_t;
typedef struct vmbus_channel_gpadl_header kgh_t;
typedef struct vmbus_chanmsg_gpadl_body gb_t;
typedef struct vmbus_channel_gpadl_body kgb_t;

SAME_SIZE(struct vmbus_gpa_range, struct gpa_range);
SAME_FIELD(struct vmbus_gpa_range, byte_count, struct gpa_range, byte_count);
SAME_FIELD(struct vmbus_gpa_range, byte_offset, struct gpa_range, byte_offset);
SAME_ARRAY(struct vmbus_gpa_range, pfn_array, struct gpa_range, pfn_array);

SAME_FIELD(gh_t, header, kgh_t, header);
SAME_FIELD(gh_t, child_relid, kgh_t, child_relid);
SAME_FIELD(gh_t, gpadl, kgh_t, gpadl);
SAME_FIELD(gh_t, range_buflen, kgh_t, range_buflen);
SAME_FIELD(gh_t, rangecount, kgh_t, rangecount);
/* ours names the first range only; the kernel's is an array of them */
SAME_VALUE(offsetof(gh_t, range), offsetof(kgh_t, range));
SAME_VALUE(FSIZE(gh_t, range), FSIZE(kgh_t, range[0]));
SAME_VALUE(sizeof(gh_t), offsetof(kgh_t, range) + sizeof(struct gpa_range));

SAME_SIZE(gb_t, kgb_t);
SAME_FIELD(gb_t, header, kgb_t, header);
SAME_FIELD(gb_t, msgnumber, kgb_t, msgnumber);
SAME_FIELD(gb_t, gpadl, kgb_t, gpadl);
SAME_ARRAY(gb_t, pfn, kgb_t, pfn);

SAME_SIZE(struct vmbus_chanmsg_gpadl_created, struct vmbus_channel_gpadl_created);
SAME_FIELD(struct vmbus_chanmsg_gpadl_created, header,
	   struct vmbus_channel_gpadl_created, header);
SAME_FIELD(struct vmbus_chanmsg_gpadl_created, child_relid,
	   struct vmbus_channel_gpadl_created, child_relid);
SAME_FIELD(struct vmbus_chanmsg_gpadl_created, gpadl,
	   struct vmbus_channel_gpadl_created, gpadl);
SAME_FIELD(struct vmbus_chanmsg_gpadl_created, creation_status,
	   struct vmbus_channel_gpadl_created, creation_status);

SAME_SIZE(struct vmbus_chanmsg_gpadl_teardown, struct vmbus_channel_gpadl_teardown);
SAME_FIELD(struct vmbus_chanmsg_gpadl_teardown, header,
	   struct vmbus_channel_gpadl_teardown, header);
SAME_FIELD(struct vmbus_chanmsg_gpadl_teardown, child_relid,
	   struct vmbus_channel_gpadl_teardown, child_relid);
SAME_FIELD(struct vmbus_chanmsg_gpadl_teardown, gpadl,
	   struct vmbus_channel_gpadl_teardown, gpadl);

SAME_SIZE(struct vmbus_chanmsg_gpadl_torndown, struct vmbus_channel_gpadl_torndown);
SAME_FIELD(struct vmbus_chanmsg_gpadl_torndown, header,
	   struct vmbus_channel_gpadl_torndown, header);
SAME_FIELD(struct vmbus_chanmsg_gpadl_torndown, gpadl,
	   struct vmbus_channel_gpadl_torndown, gpadl);

/* packet */
typedef struct vmbus_channel_packet_page_buffer kpb_t;
typedef struct vmtransfer_page_packet_header kxp_t;

SAME_SIZE(struct vmbus_page_range, struct hv_page_buffer);
SAME_FIELD(struct vmbus_page_range, len, struct hv_page_buffer, len);
SAME_FIELD(struct vmbus_page_range, offset, struct hv_page_buffer, offset);
SAME_FIELD(struct vmbus_page_range, pfn, struct hv_page_buffer, pfn);

/* the multi-page-buffer form is a gpa range under another name */
SAME_SIZE(struct vmbus_gpa_range, struct hv_mpb_array);
SAME_FIELD(struct vmbus_gpa_range, byte_count, struct hv_mpb_array, len);
SAME_FIELD(struct vmbus_gpa_range, byte_offset, struct hv_mpb_array, offset);
SAME_ARRAY(struct vmbus_gpa_range, pfn_array, struct hv_mpb_array, pfn_array);

DESC_FIELD(struct vmbus_gpa_direct_hdr, reserved, kpb_t, reserved);
DESC_FIELD(struct vmbus_gpa_direct_hdr, range_cnt, kpb_t, rangecount);
SAME_VALUE(sizeof(struct vmpacket_descriptor) + sizeof(struct vmbus_gpa_direct_hdr),
     offsetof(kpb_t, range));
DESC_FIELD(struct vmbus_gpa_direct_hdr, reserved, struct vmdata_gpa_direct, reserved);
DESC_FIELD(struct vmbus_gpa_direct_hdr, range_cnt, struct vmdata_gpa_direct, range_cnt);
SAME_VALUE(sizeof(struct vmpacket_descriptor) + sizeof(struct vmbus_gpa_direct_hdr),
     offsetof(struct vmdata_gpa_direct, range));

SAME_SIZE(struct vmbus_xfer_page_range, struct vmtransfer_page_range);
SAME_FIELD(struct vmbus_xfer_page_range, byte_count,
	   struct vmtransfer_page_range, byte_count);
SAME_FIELD(struct vmbus_xfer_page_range, byte_offset,
	   struct vmtransfer_page_range, byte_offset);
DESC_FIELD(struct vmbus_xfer_page_hdr, xfer_pageset_id, kxp_t, xfer_pageset_id);
DESC_FIELD(struct vmbus_xfer_page_hdr, sender_owns_set, kxp_t, sender_owns_set);
DESC_FIELD(struct vmbus_xfer_page_hdr, reserved, kxp_t, reserved);
DESC_FIELD(struct vmbus_xfer_page_hdr, range_cnt, kxp_t, range_cnt);
SAME_VALUE(sizeof(struct vmpacket_descriptor) + offsetof(struct vmbus_xfer_page_hdr, ranges),
     offsetof(kxp_t, ranges));

/* the protocol's monitor page table (byte offsets); no public header has it */
/* monitor */
typedef struct vmbus_monitor_page mp_t;

SAME_VALUE(sizeof(mp_t), 4096);
FIELD_AT(mp_t, trigger_state, 0x000, 4);
FIELD_AT(mp_t, reserved1, 0x004, 4);
FIELD_AT(mp_t, trigger_group, 0x008, 4 * 8);
FIELD_AT(mp_t, reserved2, 0x028, 3 * 8);
FIELD_AT(mp_t, next_check_time, 0x040, 4 * 32 * 4);
FIELD_AT(mp_t, latency, 0x240, 4 * 32 * 2);
FIELD_AT(mp_t, reserved3, 0x340, 32 * 8);
FIELD_AT(mp_t, parameter, 0x440, 4 * 32 * 8);
FIELD_AT(mp_t, reserved4, 0x840, 1984);
FIELD_AT(struct vmbus_monitor_trigger_group, pending, 0, 4);
FIELD_AT(struct vmbus_monitor_trigger_group, armed, 4, 4);
FIELD_AT(struct vmbus_monitor_parameter, connection_id, 0, 4);
FIELD_AT(struct vmbus_monitor_parameter, flag_number, 4, 2);
FIELD_AT(struct vmbus_monitor_parameter, reserved, 6, 2);
