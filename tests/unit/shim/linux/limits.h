/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for <linux/limits.h>: the fixed-width maxima. */
#ifndef _SHIM_LINUX_LIMITS_H
#define _SHIM_LINUX_LIMITS_H

#include <linux/types.h>

#define U16_MAX		((u16)~0U)
#define U32_MAX		((u32)~0U)
#define U64_MAX		((u64)~0ULL)

#endif /* _SHIM_LINUX_LIMITS_H */
