// SPDX-License-Identifier: GPL-2.0
/*
 * Native backend: the real instructions, for a guest on Hyper-V.
 *
 * Reviewed against the TLFS:
 * - Synthetic MSRs are accessed with RDMSR/WRMSR. An MSR the partition may
 *   not access raises #GP, which the _safe accessors turn into an error.
 * - A hypercall is a call into the hypercall page with the input value in
 *   RCX, the input and output GPAs (or, for fast calls, the two input
 *   registers) in RDX and R8; the result value comes back in RAX. The page
 *   clobbers nothing else that the x64 calling convention preserves, but the
 *   TLFS reserves R9-R11, so they are declared clobbered too.
 * - SynIC interrupts arrive on the kernel's Hyper-V callback vector. A module
 *   cannot install an IDT entry, so the SynIC handler is hooked through the
 *   kernel's hv_setup_vmbus_handler() (hv_setup_vmbus_irq() before 5.12),
 *   which exists when the kernel is built with CONFIG_HYPERV, as every
 *   distribution kernel is. Without it there is no way to receive SynIC
 *   interrupts and set_irq_handler() says -ENODEV. The kernel exports no hook
 *   for the direct-mode stimer vector, so direct mode is -ENODEV natively and
 *   hv_timer falls back to message mode.
 *
 * Indirect branch tracking: the hypercall page is code the hypervisor writes.
 * On a kernel that enforces IBT, calling a page that does not begin with
 * ENDBR64 faults, so the page is refused then (hcpage.c has the why); the
 * check is unit-tested on both page contents, the refusal path itself only
 * by review (no Hyper-V host, and QEMU's TCG has no CET).
 */
#include <linux/bug.h>
#include <asm/cpuid/api.h>
#include <asm/irq_vectors.h>
#include <asm/mshyperv.h>
#include <asm/nospec-branch.h>

#include "backend.h"
#include "cpuid.h"
#include "hcpage.h"
#include "tlfs.h"

static void *hw_hypercall_page;

static void hw_cpuid(u32 leaf, struct hvcore_cpuid_regs *r)
{
	cpuid(leaf, &r->eax, &r->ebx, &r->ecx, &r->edx);
}

static int hw_rdmsr(u32 msr, u64 *val)
{
	return rdmsrq_safe(msr, val) ? -EIO : 0;
}

static int hw_wrmsr(u32 msr, u64 val)
{
	return wrmsrq_safe(msr, val) ? -EIO : 0;
}

static u64 hw_call(u64 control, u64 rdx, u64 r8)
{
	void *page = READ_ONCE(hw_hypercall_page);
	register u64 r8_in asm("r8") = r8;
	u64 result;

	if (WARN_ON_ONCE(!page))
		return HVCORE_STATUS_INVALID_HYPERCALL_INPUT;
	asm volatile(CALL_NOSPEC
		     : "=a" (result), ASM_CALL_CONSTRAINT,
		       "+c" (control), "+d" (rdx), "+r" (r8_in)
		     : THUNK_TARGET(page)
		     : "cc", "memory", "r9", "r10", "r11");
	return result;
}

static u64 hw_hypercall(u64 control, u64 input_gpa, u64 output_gpa)
{
	return hw_call(control, input_gpa, output_gpa);
}

static u64 hw_hypercall_fast(u64 control, u64 input1, u64 input2)
{
	return hw_call(control | HVCORE_HC_FAST, input1, input2);
}

static int hw_set_hypercall_page(void *va)
{
	int ret = va ? hvcore_hcpage_check(va, hvl_ibt_enforced()) : 0;

	if (!ret)
		WRITE_ONCE(hw_hypercall_page, va);
	return ret;
}

static u8 hw_irq_vector(enum hvcore_irq irq)
{
	/*
	 * The kernel routes its callback vector to the hook below; the stimer
	 * vector is the kernel's too, but it cannot be hooked from a module.
	 */
	return irq == HVCORE_IRQ_SYNIC ? HYPERVISOR_CALLBACK_VECTOR : 0;
}

static int hw_set_irq_handler(enum hvcore_irq irq, void (*handler)(void))
{
	if (irq != HVCORE_IRQ_SYNIC || !IS_ENABLED(CONFIG_HYPERV))
		return -ENODEV;
#if IS_ENABLED(CONFIG_HYPERV)
	if (handler)
		hv_setup_vmbus_handler(handler);
	else
		hv_remove_vmbus_handler();
#endif
	return 0;
}

/*
 * The kernel's Hyper-V platform code calls these slots from its machine
 * shutdown (on a kexec) and its machine crash shutdown (the in-tree hv_vmbus
 * fills them the same way); they exist when the kernel is built with
 * CONFIG_HYPERV and kexec, and are called only when the kernel runs on
 * Hyper-V, where hv_core's native backend is the one in use.
 */
static int hw_set_kexec_handler(void (*handler)(void))
{
#if IS_ENABLED(CONFIG_HYPERV) && IS_ENABLED(CONFIG_KEXEC_CORE)
	if (handler)
		hv_setup_kexec_handler(handler);
	else
		hv_remove_kexec_handler();
	return 0;
#else
	return -ENODEV;
#endif
}

static int hw_set_crash_handler(void (*handler)(struct pt_regs *regs))
{
#if IS_ENABLED(CONFIG_HYPERV) && IS_ENABLED(CONFIG_KEXEC_CORE)
	if (handler)
		hv_setup_crash_handler(handler);
	else
		hv_remove_crash_handler();
	return 0;
#else
	return -ENODEV;
#endif
}

const struct hvcore_backend hvcore_native_backend = {
	.name = "native",
	.cpuid = hw_cpuid,
	.msr_read = hw_rdmsr,
	.msr_write = hw_wrmsr,
	.hypercall = hw_hypercall,
	.hypercall_fast = hw_hypercall_fast,
	.hypercall_page = hw_set_hypercall_page,
	.irq_vector = hw_irq_vector,
	.set_irq_handler = hw_set_irq_handler,
	.set_kexec_handler = hw_set_kexec_handler,
	.set_crash_handler = hw_set_crash_handler,
};
