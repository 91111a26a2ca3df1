/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Whether hv_core may call into the hypercall page (hcpage.c).
 */
#ifndef _HVCORE_HCPAGE_H
#define _HVCORE_HCPAGE_H

#include <linux/types.h>

/* ENDBR64, the landing pad an IBT-enforcing kernel requires: f3 0f 1e fa */
#define HVCORE_ENDBR64_LEN	4

int hvcore_hcpage_check(const void *code, bool ibt_enforced);

#endif /* _HVCORE_HCPAGE_H */
