/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest's parser of host-to-guest channel messages.
 *
 * Plain C with no knowledge of channels, locks or memory allocation: it
 * builds into vmbus.ko and, unchanged, into tests/unit and tests/fuzz.
 * It checks everything a message can be checked for on its own (size,
 * type, direction, field ranges); what needs the connection's state
 * (does the relid name a channel we know, is the GPADL handle one we
 * asked for, did the host answer the version we proposed) is the
 * caller's job.
 */
#ifndef _VMBUS_CHANMSG_H
#define _VMBUS_CHANMSG_H

#include <linux/stddef.h>
#include <linux/types.h>

#include "proto.h"

/**
 * union vmbus_chanmsg - a parsed host-to-guest channel message
 * @hdr: the header; hdr.msgtype says which member is valid
 * @offer: VMBUS_CHANMSG_OFFERCHANNEL
 * @rescind: VMBUS_CHANMSG_RESCIND_CHANNELOFFER
 * @alloffers_delivered: VMBUS_CHANMSG_ALLOFFERS_DELIVERED
 * @open_result: VMBUS_CHANMSG_OPENCHANNEL_RESULT
 * @gpadl_created: VMBUS_CHANMSG_GPADL_CREATED
 * @gpadl_torndown: VMBUS_CHANMSG_GPADL_TORNDOWN
 * @version_response: VMBUS_CHANMSG_VERSION_RESPONSE
 * @unload_response: VMBUS_CHANMSG_UNLOAD_RESPONSE
 * @tl_connect_result: VMBUS_CHANMSG_TL_CONNECT_RESULT
 * @modify_response: VMBUS_CHANMSG_MODIFYCHANNEL_RESPONSE
 * @raw: the message as received, zero-filled to the largest message size
 *
 * A private copy, never shared memory: fields may be read any number of
 * times. Bytes the host did not send read as zero.
 */
union vmbus_chanmsg {
	struct vmbus_chanmsg_hdr hdr;
	struct vmbus_chanmsg_offer offer;
	struct vmbus_chanmsg_rescind rescind;
	struct vmbus_chanmsg_alloffers_delivered alloffers_delivered;
	struct vmbus_chanmsg_open_result open_result;
	struct vmbus_chanmsg_gpadl_created gpadl_created;
	struct vmbus_chanmsg_gpadl_torndown gpadl_torndown;
	struct vmbus_chanmsg_version_response version_response;
	struct vmbus_chanmsg_unload_response unload_response;
	struct vmbus_chanmsg_tl_connect_result tl_connect_result;
	struct vmbus_chanmsg_modifychannel_response modify_response;
	u8 raw[VMBUS_MSG_MAX_PAYLOAD];
};

/*
 * The shortest VERSION_RESPONSE we accept: hosts that implement only
 * versions before 5.0 (and QEMU's VMBus, which stops at 4.0) may end the
 * message after connection_state; msg_conn_id then reads as 0.
 */
#define VMBUS_VERSION_RESPONSE_MIN_SIZE					\
	offsetof(struct vmbus_chanmsg_version_response, padding)

/*
 * Sub-channel indices: each channel of a device has its own relid, so a
 * device can have at most as many channels as there are relids.
 */
#define VMBUS_SUBCHANNEL_INDEX_LIMIT	(VMBUS_RELID_LIMIT - VMBUS_RELID_MIN)

int vmbus_chanmsg_parse(const void *payload, u32 size, union vmbus_chanmsg *out);
const char *vmbus_chanmsg_name(u32 type);

#endif /* _VMBUS_CHANMSG_H */
