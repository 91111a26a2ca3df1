/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for <linux/kernel.h>: the helpers portable hv_core
 * code may use, with the kernel's semantics, built on libc. Like the
 * kernel's (through <linux/bitops.h>), it brings in <linux/bits.h>.
 */
#ifndef _SHIM_LINUX_KERNEL_H
#define _SHIM_LINUX_KERNEL_H

#include <stdarg.h>
#include <stdio.h>

#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/limits.h>
#include <linux/types.h>

/* Refuses pointers, like the kernel's (which uses __must_be_array). */
#define ARRAY_SIZE(arr) \
	(sizeof(arr) / sizeof((arr)[0]) + \
	 BUILD_BUG_ON_ZERO(__same_type((arr), &(arr)[0])))

#define min(a, b) ({				\
	__typeof__(a) _min_a = (a);		\
	__typeof__(b) _min_b = (b);		\
	(void)(&_min_a == &_min_b);		\
	_min_a < _min_b ? _min_a : _min_b; })
#define max(a, b) ({				\
	__typeof__(a) _max_a = (a);		\
	__typeof__(b) _max_b = (b);		\
	(void)(&_max_a == &_max_b);		\
	_max_a > _max_b ? _max_a : _max_b; })
#define min_t(type, a, b)	min((type)(a), (type)(b))
#define max_t(type, a, b)	max((type)(a), (type)(b))

#define lower_32_bits(n)	((u32)((n) & 0xffffffff))
#define upper_32_bits(n)	((u32)(((n) >> 16) >> 16))

/*
 * The kernel's vscnprintf()/scnprintf(): return what was actually stored
 * (excluding the NUL), never more than size - 1, and 0 for size 0, in
 * which case buf is not touched at all.
 */
static inline __printf(3, 0)
int vscnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	int i;

	if (!size)
		return 0;
	i = vsnprintf(buf, size, fmt, args);
	if (i < 0) {
		buf[0] = '\0';
		return 0;
	}
	if ((size_t)i >= size)
		return (int)(size - 1);
	return i;
}

static inline __printf(3, 4)
int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int i;

	va_start(args, fmt);
	i = vscnprintf(buf, size, fmt, args);
	va_end(args);
	return i;
}

#endif
