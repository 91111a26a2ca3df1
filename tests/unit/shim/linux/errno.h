/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for <linux/errno.h>.
 *
 * glibc's own <errno.h> includes <linux/errno.h> to get the E* values, and
 * with -Ishim it lands here, so first hand over to the UAPI header that
 * glibc meant.  The values are the kernel's.  Kernel-internal codes
 * (ENOTSUPP and friends, >= 512) are deliberately not provided, so that
 * portable code cannot come to rely on them.
 */
#ifndef _SHIM_LINUX_ERRNO_H
#define _SHIM_LINUX_ERRNO_H

#if defined(__has_include_next) && __has_include_next(<linux/errno.h>)
#include_next <linux/errno.h>
#endif
#include <errno.h>

#endif
