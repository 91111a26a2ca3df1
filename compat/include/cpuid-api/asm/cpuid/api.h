/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Before 6.15 the CPUID accessors lived in <asm/processor.h>; since then in
 * <asm/cpuid/api.h>. compat/Kbuild.include puts this directory on the include
 * path only when the kernel lacks the new header.
 */
#ifndef HVL_COMPAT_ASM_CPUID_API_H
#define HVL_COMPAT_ASM_CPUID_API_H
#include <asm/processor.h>
#endif
