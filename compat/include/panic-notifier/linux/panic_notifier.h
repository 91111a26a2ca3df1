/* SPDX-License-Identifier: GPL-2.0 */
/* 5.14 moved panic_notifier_list out of <linux/kernel.h> into this header. */
#ifndef HVL_COMPAT_LINUX_PANIC_NOTIFIER_H
#define HVL_COMPAT_LINUX_PANIC_NOTIFIER_H
#include <linux/kernel.h>
#include <linux/notifier.h>
#endif
