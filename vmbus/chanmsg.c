// SPDX-License-Identifier: GPL-2.0
/*
 * Host-to-guest channel messages: copy first, then check the copy.
 *
 * The host is not trusted. Every message is copied into a private buffer
 * before any field is looked at, so that the host cannot change a field
 * between our check and our use of it, and the copy is zero-filled to the
 * largest message, so that a short message never leaves stale or
 * uninitialised bytes behind its end. Only then is the type, the length
 * for that type and each field's range checked.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/types.h>
#include <linux/uuid.h>

#include "chanmsg.h"

/**
 * struct vmbus_chanmsg_kind - what we know of one message type
 * @name: for logs; NULL for a type number the protocol does not define
 * @from_host: the host sends it and the guest accepts it
 * @min_size: the shortest message of the type we accept
 */
struct vmbus_chanmsg_kind {
	const char *name;
	bool from_host;
	u8 min_size;
};

#define TO_GUEST(t, size)	[VMBUS_CHANMSG_##t] = { #t, true, size }
#define TO_HOST(t)		[VMBUS_CHANMSG_##t] = { #t, false, 0 }

static const struct vmbus_chanmsg_kind vmbus_chanmsg_kinds[] = {
	TO_GUEST(OFFERCHANNEL, sizeof(struct vmbus_chanmsg_offer)),
	TO_GUEST(RESCIND_CHANNELOFFER, sizeof(struct vmbus_chanmsg_rescind)),
	TO_HOST(REQUESTOFFERS),
	TO_GUEST(ALLOFFERS_DELIVERED,
		 sizeof(struct vmbus_chanmsg_alloffers_delivered)),
	TO_HOST(OPENCHANNEL),
	TO_GUEST(OPENCHANNEL_RESULT, sizeof(struct vmbus_chanmsg_open_result)),
	TO_HOST(CLOSECHANNEL),
	TO_HOST(GPADL_HEADER),
	TO_HOST(GPADL_BODY),
	TO_GUEST(GPADL_CREATED, sizeof(struct vmbus_chanmsg_gpadl_created)),
	TO_HOST(GPADL_TEARDOWN),
	TO_GUEST(GPADL_TORNDOWN, sizeof(struct vmbus_chanmsg_gpadl_torndown)),
	TO_HOST(RELID_RELEASED),
	TO_HOST(INITIATE_CONTACT),
	TO_GUEST(VERSION_RESPONSE, VMBUS_VERSION_RESPONSE_MIN_SIZE),
	TO_HOST(UNLOAD),
	TO_GUEST(UNLOAD_RESPONSE, sizeof(struct vmbus_chanmsg_unload_response)),
	TO_HOST(TL_CONNECT_REQUEST),
	TO_HOST(MODIFYCHANNEL),
	TO_GUEST(TL_CONNECT_RESULT, sizeof(struct vmbus_chanmsg_tl_connect_result)),
	TO_GUEST(MODIFYCHANNEL_RESPONSE,
		 sizeof(struct vmbus_chanmsg_modifychannel_response)),
};

static_assert(ARRAY_SIZE(vmbus_chanmsg_kinds) == VMBUS_CHANMSG_COUNT);

static const struct vmbus_chanmsg_kind *vmbus_chanmsg_kind(u32 type)
{
	if (type >= ARRAY_SIZE(vmbus_chanmsg_kinds) || !vmbus_chanmsg_kinds[type].name)
		return NULL;
	return &vmbus_chanmsg_kinds[type];
}

/*
 * Offers: the relid becomes an index into the event flags and the channel
 * table, the monitor ID an index into the monitor pages, the connection ID
 * a hypercall argument; the class GUID is matched against driver tables
 * that end with an all-zero GUID. mmio_megabytes and the user-defined area
 * have no protocol-wide bounds (they mean what the device class says) and
 * are left to the driver; chn_flags bits we do not know are ignored, as
 * newer hosts define new ones.
 */
static int vmbus_chanmsg_check_offer(const struct vmbus_chanmsg_offer *m)
{
	const struct vmbus_offer *o = &m->offer;

	if (!vmbus_relid_valid(m->child_relid))
		return -EINVAL;
	if (m->monitor_allocated && m->monitorid >= VMBUS_MONITOR_IDS)
		return -EINVAL;
	if (!vmbus_conn_id_valid(m->connection_id))
		return -EINVAL;
	if (o->sub_channel_index >= VMBUS_SUBCHANNEL_INDEX_LIMIT)
		return -EINVAL;
	if (guid_is_null(&o->if_type) || guid_is_null(&o->if_instance))
		return -EINVAL;
	if ((o->chn_flags & VMBUS_OFFER_FLAG_NAMED_PIPE_MODE) &&
	    o->pipe_mode != VMBUS_OFFER_PIPE_BYTE &&
	    o->pipe_mode != VMBUS_OFFER_PIPE_MESSAGE)
		return -EINVAL;
	return 0;
}

/* Field checks that need nothing but the message itself */
static int vmbus_chanmsg_check(const union vmbus_chanmsg *m, u32 type)
{
	switch (type) {
	case VMBUS_CHANMSG_OFFERCHANNEL:
		return vmbus_chanmsg_check_offer(&m->offer);
	case VMBUS_CHANMSG_RESCIND_CHANNELOFFER:
		return vmbus_relid_valid(m->rescind.child_relid) ? 0 : -EINVAL;
	case VMBUS_CHANMSG_OPENCHANNEL_RESULT:
		return vmbus_relid_valid(m->open_result.child_relid) ? 0 : -EINVAL;
	case VMBUS_CHANMSG_GPADL_CREATED:
		if (!vmbus_relid_valid(m->gpadl_created.child_relid) ||
		    m->gpadl_created.gpadl == VMBUS_GPADL_INVALID)
			return -EINVAL;
		return 0;
	case VMBUS_CHANMSG_GPADL_TORNDOWN:
		return m->gpadl_torndown.gpadl != VMBUS_GPADL_INVALID ? 0 : -EINVAL;
	case VMBUS_CHANMSG_VERSION_RESPONSE:
		/* a boolean; connection_state and msg_conn_id depend on it */
		return m->version_response.version_supported <= 1 ? 0 : -EINVAL;
	case VMBUS_CHANMSG_MODIFYCHANNEL_RESPONSE:
		return vmbus_relid_valid(m->modify_response.child_relid) ? 0 : -EINVAL;
	default:
		/*
		 * ALLOFFERS_DELIVERED and UNLOAD_RESPONSE are a bare header;
		 * TL_CONNECT_RESULT carries two GUIDs and a status, none of
		 * which has a range.
		 */
		return 0;
	}
}

/**
 * vmbus_chanmsg_parse() - copy and check one host-to-guest channel message
 * @payload: the message as the host sent it (may be shared memory: it is
 *	read once, by one memcpy, and never again)
 * @size: its length in bytes, as the SynIC message header gave it
 * @out: where the copy goes
 *
 * Copies @size bytes of @payload into @out and zero-fills the rest of
 * @out, then checks the copy. Whatever it returns, @out holds that copy
 * (all zero if @size is too large), so a caller may log @out->hdr.msgtype
 * after a failure, but must act on nothing in it.
 *
 * Checked here: the size (no more than %VMBUS_MSG_MAX_PAYLOAD, no less than
 * the fixed part of the type), the type (defined, and one the host sends),
 * and every field whose valid range does not depend on the connection's
 * state: relids (1..2047: relid 0 is not a channel, 2048 and up have no
 * event flag), a monitor ID when one is allocated (< 128), the offer's
 * signalling connection ID (24 bits, not 0), its sub-channel index (below
 * the number of relids), its class and instance GUIDs (not all zero), its
 * pipe type in pipe mode, GPADL handles (not 0) and VERSION_RESPONSE's
 * version_supported (0 or 1). Reserved bits and status words are not
 * checked: any non-zero status is a failure the caller reports.
 *
 * Accepted shorter form: VERSION_RESPONSE may end after connection_state
 * (%VMBUS_VERSION_RESPONSE_MIN_SIZE, 10 bytes), as hosts that implement
 * only versions before 5.0 may send it; msg_conn_id then reads as 0.
 * Longer messages than a type's struct are accepted and the extra bytes
 * (fields of newer protocol versions) kept in @out->raw.
 *
 * Not checked here, because they need state the caller has: whether a
 * relid names a known channel (or, for an offer, is free), whether a GPADL
 * handle or open ID is one we are waiting for, whether an answer was
 * expected at all, and VERSION_RESPONSE's msg_conn_id, which is meaningful
 * only for 5.0 and later: check it with vmbus_conn_id_valid() then.
 *
 * Context: any; no locks, no allocation, no logging.
 * Return: the message type (>= 0) on success; -%EMSGSIZE if @size exceeds
 * %VMBUS_MSG_MAX_PAYLOAD; -%EBADMSG if the message is shorter than its
 * header or than its type's fixed part; -%ENOMSG for a type number the
 * protocol does not define (0, 18-20, 25 and up); -%EPROTO for a type
 * only the guest sends; -%EINVAL for a field out of range.
 */
int vmbus_chanmsg_parse(const void *payload, u32 size, union vmbus_chanmsg *out)
{
	const struct vmbus_chanmsg_kind *kind;
	u32 type;
	int ret;

	memset(out, 0, sizeof(*out));
	if (size > VMBUS_MSG_MAX_PAYLOAD)
		return -EMSGSIZE;
	if (size)
		memcpy(out->raw, payload, size);
	if (size < sizeof(out->hdr))
		return -EBADMSG;

	type = out->hdr.msgtype;
	kind = vmbus_chanmsg_kind(type);
	if (!kind)
		return -ENOMSG;
	if (!kind->from_host)
		return -EPROTO;
	if (size < kind->min_size)
		return -EBADMSG;
	ret = vmbus_chanmsg_check(out, type);
	if (ret)
		return ret;
	return type;
}

/**
 * vmbus_chanmsg_name() - the protocol's name of a message type, for logs
 * @type: any number, including ones the protocol does not define
 *
 * Context: any.
 * Return: a static string, "unknown" for an undefined type; never NULL.
 */
const char *vmbus_chanmsg_name(u32 type)
{
	const struct vmbus_chanmsg_kind *kind = vmbus_chanmsg_kind(type);

	return kind ? kind->name : "unknown";
}
