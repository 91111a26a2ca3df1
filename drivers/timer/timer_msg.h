/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Checking a synthetic timer expiration message (TLFS HvMessageTimerExpired)
 * before it is believed. Plain C: also built into tests/unit.
 */
#ifndef _HVT_TIMER_MSG_H
#define _HVT_TIMER_MSG_H

#include <linux/compiler.h>
#include <linux/types.h>

#include "../../hv_core/hvcore.h"

int hvt_timer_msg_parse(const struct hvcore_message *msg, unsigned int timer,
			struct hvcore_timer_message *out);

#endif /* _HVT_TIMER_MSG_H */
