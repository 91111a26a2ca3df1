/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for the compiler attribute macros the kernel
 * force-includes (compiler_types.h / compiler_attributes.h).
 */
#ifndef _SHIM_LINUX_COMPILER_H
#define _SHIM_LINUX_COMPILER_H

#define __printf(a, b)		__attribute__((__format__(printf, a, b)))
#define __packed		__attribute__((__packed__))
#define __aligned(x)		__attribute__((__aligned__(x)))
#define __always_unused		__attribute__((__unused__))
#define __maybe_unused		__attribute__((__unused__))
#define __must_check		__attribute__((__warn_unused_result__))
#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)

#define fallthrough		__attribute__((__fallthrough__))

#define __same_type(a, b)	__builtin_types_compatible_p(__typeof__(a), \
							     __typeof__(b))

/*
 * One access, exactly as written, for memory another party may change at
 * any time (the kernel's version lives in asm/rwonce.h, reached from here).
 */
#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, val)	\
	do { *(volatile __typeof__(x) *)&(x) = (val); } while (0)

#endif
