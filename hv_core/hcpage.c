// SPDX-License-Identifier: GPL-2.0
/*
 * Whether hv_core may call into the hypercall page.
 *
 * The page holds code the hypervisor wrote, and hv_core calls it indirectly.
 * On a kernel that enforces indirect branch tracking (IBT: 6.2+ built with
 * CONFIG_X86_KERNEL_IBT, on a CPU with CET), an indirect call must land on
 * an ENDBR64 instruction, or the CPU raises a control-protection fault and
 * the kernel oopses. Hyper-V builds from before IBT do not start the page
 * with one. The kernel's own Hyper-V code checks the page once at boot and
 * turns IBT off for the whole kernel when it finds none; a module cannot do
 * that, so hv_core refuses the page instead, before any call goes through it.
 * (A NOTRACK-prefixed call is no way round: the kernel does not enable
 * NOTRACK.)
 *
 * Plain C: compiled into hv_core and by tests/unit.
 */
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/types.h>

#include "hcpage.h"

static const u8 hvcore_endbr64[HVCORE_ENDBR64_LEN] = { 0xf3, 0x0f, 0x1e, 0xfa };

/**
 * hvcore_hcpage_check() - may the hypercall page be called?
 * @code:		the first bytes of the mapped page (at least 4)
 * @ibt_enforced:	the kernel enforces IBT on indirect calls
 *
 * Context: any; reads @code only.
 * Return: 0, or -ENOEXEC when IBT is enforced and @code does not begin with
 * ENDBR64.
 */
int hvcore_hcpage_check(const void *code, bool ibt_enforced)
{
	if (!ibt_enforced)
		return 0;
	return memcmp(code, hvcore_endbr64, sizeof(hvcore_endbr64)) ? -ENOEXEC : 0;
}
