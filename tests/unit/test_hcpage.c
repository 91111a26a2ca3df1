// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of hv_core/hcpage.c: with IBT enforced, only a page that begins with
 * ENDBR64 (f3 0f 1e fa) may be called; without IBT any page may.
 */
#include <errno.h>
#include <string.h>

#include <linux/kernel.h>

#include "runner.h"
#include "hcpage.h"

/* A page as current Hyper-V fills it: ENDBR64, then vmcall; ret */
static const u8 page_endbr[16] = { 0xf3, 0x0f, 0x1e, 0xfa, 0x0f, 0x01, 0xc1, 0xc3 };
/* As older Hyper-V builds fill it: vmcall; ret, no landing pad */
static const u8 page_plain[16] = { 0x0f, 0x01, 0xc1, 0xc3 };
/* ENDBR32 (f3 0f 1e fb) is not ENDBR64; hv_sim's page is all int3 */
static const u8 page_endbr32[16] = { 0xf3, 0x0f, 0x1e, 0xfb, 0x0f, 0x01, 0xc1, 0xc3 };
static const u8 page_int3[16] = { 0xcc, 0xcc, 0xcc, 0xcc };

TEST(hcpage_ibt_needs_endbr64)
{
	CHECK_INT(hvcore_hcpage_check(page_endbr, true), 0);
	CHECK_INT(hvcore_hcpage_check(page_plain, true), -ENOEXEC);
	CHECK_INT(hvcore_hcpage_check(page_endbr32, true), -ENOEXEC);
	CHECK_INT(hvcore_hcpage_check(page_int3, true), -ENOEXEC);
}

TEST(hcpage_no_ibt_any_page)
{
	CHECK_INT(hvcore_hcpage_check(page_endbr, false), 0);
	CHECK_INT(hvcore_hcpage_check(page_plain, false), 0);
	CHECK_INT(hvcore_hcpage_check(page_int3, false), 0);
}
