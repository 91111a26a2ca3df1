/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hypercall status codes: errno mapping and names for log messages.
 * Portable C, shared with the userspace unit tests.
 */
#ifndef _HVCORE_STATUS_H
#define _HVCORE_STATUS_H

#include <linux/types.h>
#include "tlfs.h"

int hvcore_status_to_errno(u16 status);
const char *hvcore_status_name(u16 status);

#endif /* _HVCORE_STATUS_H */
