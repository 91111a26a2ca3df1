// SPDX-License-Identifier: GPL-2.0
/*
 * Timer expiration messages come from the host, through a SynIC message slot
 * the host could still be writing: header and payload are copied out once and
 * only the copies are looked at.
 */
#include <linux/errno.h>
#include <linux/string.h>

#include "timer_msg.h"

/**
 * hvt_timer_msg_parse() - copy out and check a timer expiration message
 * @msg: the SynIC message slot (untrusted)
 * @timer: the synthetic timer the message must be about (0 for stimer0)
 * @out: the payload, valid only on success
 *
 * The message must have type HVCORE_MSG_TIMER_EXPIRED, a payload size that
 * holds the timer payload and fits the slot, and name @timer.
 *
 * Context: any; the caller owns the slot (its type is not HVCORE_MSG_NONE).
 * Return: 0, or -EINVAL for any other message.
 */
int hvt_timer_msg_parse(const struct hvcore_message *msg, unsigned int timer,
			struct hvcore_timer_message *out)
{
	struct hvcore_message_header hdr;

	memcpy(&hdr, &msg->header, sizeof(hdr));
	if (hdr.message_type != HVCORE_MSG_TIMER_EXPIRED)
		return -EINVAL;
	if (hdr.payload_size < sizeof(*out) || hdr.payload_size > HVCORE_MESSAGE_PAYLOAD_SIZE)
		return -EINVAL;
	memcpy(out, msg->payload, sizeof(*out));
	if (out->timer_index != timer)
		return -EINVAL;
	return 0;
}
