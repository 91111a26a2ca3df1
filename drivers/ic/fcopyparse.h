/* SPDX-License-Identifier: GPL-2.0 */
/*
 * File-copy requests from the host for hv_fcopy_daemon (fcopyparse.c).
 *
 * Plain C with no knowledge of channels or files: it builds into hv_ic.ko
 * and, with tests/unit/shim, into the unit tests and the fuzz target.
 */
#ifndef _HVIC_FCOPYPARSE_H
#define _HVIC_FCOPYPARSE_H

#include <linux/types.h>

#include "icmsg.h"

int hvic_fcopy_request(const u8 *body, u32 len, u8 *out, u32 room, u32 *out_len);

#endif /* _HVIC_FCOPYPARSE_H */
