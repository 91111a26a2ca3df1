/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KVP requests between the host and hv_kvp_daemon: a host request turned
 * into the daemon's message (struct hv_kvp_msg of the kernel's uAPI,
 * UTF-8), the daemon's answer turned into the host's (UTF-16LE), every
 * size, terminator and encoding checked both ways.
 *
 * Plain C with no knowledge of channels or files: it builds into hv_ic.ko
 * and, unchanged, into tests/unit and tests/fuzz.
 */
#ifndef _HVIC_KVPPARSE_H
#define _HVIC_KVPPARSE_H

#include <linux/types.h>

#include "icmsg.h"

int hvic_utf16_to_utf8(const u8 *in, u32 in_size, u8 *out, u32 out_size);
int hvic_utf8_to_utf16(const u8 *in, u32 in_size, u8 *out, u32 out_size);
int hvic_kvp_request(const u8 *body, u32 len, struct hvic_kvp_umsg *u);
int hvic_kvp_answer(const struct hvic_kvp_umsg *u, u8 *body, u32 len, u32 *status);

#endif /* _HVIC_KVPPARSE_H */
