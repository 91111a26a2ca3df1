/* SPDX-License-Identifier: GPL-2.0 */
/*
 * 6.14 moved the kernel's Hyper-V ABI definitions from <asm/hyperv-tlfs.h>
 * into include/hyperv/ (hvhdk.h includes the rest). On older kernels
 * compat/Kbuild.include puts this directory on the include path instead.
 */
#ifndef HVL_COMPAT_HYPERV_HVHDK_H
#define HVL_COMPAT_HYPERV_HVHDK_H
#include <asm/hyperv-tlfs.h>
#endif
