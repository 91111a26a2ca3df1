// SPDX-License-Identifier: GPL-2.0
/*
 * Layout conformance of vmbus/ring.h against the kernel's <linux/hyperv.h>.
 *
 * Our ring control page, packet descriptor and packet type values are
 * written from the wire format; this file only compares them, at build
 * time, with the definitions every linux-headers package ships.  A
 * difference in size, field offset or value breaks the build for that
 * kernel.  Part of hvl_conformance.ko, which is never loaded.
 *
 * The checks are file-scope static_assert()s on purpose: BUILD_BUG_ON()
 * only fires in code the compiler emits, and a function nobody calls is
 * never emitted, so checks inside one would pass whatever the layout.
 */
#include <linux/build_bug.h>
#include <linux/hyperv.h>
#include <linux/stddef.h>

#include "vmbus/ring.h"
#include "same.h"

/* control page: same fields where the kernel has them, data after it */
SAME_FIELD(struct vmbus_ring_hdr, write_index, struct hv_ring_buffer, write_index);
SAME_FIELD(struct vmbus_ring_hdr, read_index, struct hv_ring_buffer, read_index);
SAME_FIELD(struct vmbus_ring_hdr, interrupt_mask, struct hv_ring_buffer, interrupt_mask);
SAME_FIELD(struct vmbus_ring_hdr, pending_send_sz, struct hv_ring_buffer, pending_send_sz);
SAME_FIELD(struct vmbus_ring_hdr, feature_bits, struct hv_ring_buffer, feature_bits);
static_assert(sizeof(struct vmbus_ring_hdr) == offsetof(struct hv_ring_buffer, buffer));
static_assert(VMBUS_RING_HDR_SIZE == offsetof(struct hv_ring_buffer, buffer));

/* packet descriptor */
SAME_SIZE(struct vmbus_pkt_desc, struct vmpacket_descriptor);
SAME_FIELD(struct vmbus_pkt_desc, type, struct vmpacket_descriptor, type);
SAME_FIELD(struct vmbus_pkt_desc, offset8, struct vmpacket_descriptor, offset8);
SAME_FIELD(struct vmbus_pkt_desc, len8, struct vmpacket_descriptor, len8);
SAME_FIELD(struct vmbus_pkt_desc, flags, struct vmpacket_descriptor, flags);
SAME_FIELD(struct vmbus_pkt_desc, trans_id, struct vmpacket_descriptor, trans_id);

/* packet types and flags */
SAME_VALUE(VMBUS_PKT_INVALID, VM_PKT_INVALID);
SAME_VALUE(VMBUS_PKT_SYNCH, VM_PKT_SYNCH);
SAME_VALUE(VMBUS_PKT_ADD_XFER_PAGESET, VM_PKT_ADD_XFER_PAGESET);
SAME_VALUE(VMBUS_PKT_RM_XFER_PAGESET, VM_PKT_RM_XFER_PAGESET);
SAME_VALUE(VMBUS_PKT_ESTABLISH_GPADL, VM_PKT_ESTABLISH_GPADL);
SAME_VALUE(VMBUS_PKT_TEARDOWN_GPADL, VM_PKT_TEARDOWN_GPADL);
SAME_VALUE(VMBUS_PKT_DATA_INBAND, VM_PKT_DATA_INBAND);
SAME_VALUE(VMBUS_PKT_DATA_USING_XFER_PAGES, VM_PKT_DATA_USING_XFER_PAGES);
SAME_VALUE(VMBUS_PKT_DATA_USING_GPADL, VM_PKT_DATA_USING_GPADL);
SAME_VALUE(VMBUS_PKT_DATA_USING_GPA_DIRECT, VM_PKT_DATA_USING_GPA_DIRECT);
SAME_VALUE(VMBUS_PKT_CANCEL_REQUEST, VM_PKT_CANCEL_REQUEST);
SAME_VALUE(VMBUS_PKT_COMP, VM_PKT_COMP);
SAME_VALUE(VMBUS_PKT_DATA_USING_ADDITIONAL_PKT, VM_PKT_DATA_USING_ADDITIONAL_PKT);
SAME_VALUE(VMBUS_PKT_ADDITIONAL_DATA, VM_PKT_ADDITIONAL_DATA);
SAME_VALUE(VMBUS_PKT_FLAG_COMPLETION_REQUESTED, VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED);
