/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for <linux/types.h>: kernel integer types on libc.
 * System headers may include <linux/types.h> for the UAPI __u32 family,
 * so that header is pulled in first when it is installed.
 */
#ifndef _SHIM_LINUX_TYPES_H
#define _SHIM_LINUX_TYPES_H

#if defined(__has_include_next) && __has_include_next(<linux/types.h>)
#include_next <linux/types.h>
#endif
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Same underlying types as the kernel, so printk formats match. */
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed char s8;
typedef short s16;
typedef int s32;
typedef long long s64;

#endif
