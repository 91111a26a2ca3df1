/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hypervisor backend: the only way hv_core touches the hypervisor.
 *
 * Everything above this interface (detection, guest ID, hypercall page,
 * SynIC) is written once and runs unchanged on the native backend, which
 * executes the real CPUID/RDMSR/WRMSR instructions and calls the hypercall
 * page, and on hv_sim's backend, which emulates them. No caller may know
 * which one it runs on.
 *
 * hv_sim exports its backend as the symbol hvsim_backend; hv_core takes it
 * with symbol_get() at load time, so hv_sim must be loaded first and cannot
 * be unloaded while hv_core holds it. This header is the whole contract
 * between the two modules: hv_sim implements it from the hypervisor's side
 * and includes nothing else of hv_core.
 */
#ifndef HVCORE_BACKEND_H
#define HVCORE_BACKEND_H

#include <linux/types.h>

struct hvcore_cpuid_regs;
struct pt_regs;

/**
 * enum hvcore_irq - interrupt sources the backend delivers
 * @HVCORE_IRQ_SYNIC:	the vector programmed into every SINTx register: SynIC
 *			messages and event flags (and stimers in message mode)
 * @HVCORE_IRQ_STIMER:	the vector programmed into STIMER0_CONFIG in direct mode
 */
enum hvcore_irq {
	HVCORE_IRQ_SYNIC,
	HVCORE_IRQ_STIMER,
	HVCORE_IRQ_COUNT
};

/**
 * struct hvcore_backend - the hardware primitives
 * @name:	"native" or the simulator's name, for logs and debugfs
 * @cpuid:	execute CPUID @leaf (subleaf 0) on the calling CPU
 * @msr_read:	read synthetic MSR @msr of the calling CPU's virtual processor
 *		into @val; 0, or -EIO where the hypervisor raises #GP
 * @msr_write:	write @val to synthetic MSR @msr of the calling CPU's virtual
 *		processor; 0, or -EIO where the hypervisor raises #GP
 * @hypercall:	issue a memory-based (slow or rep) hypercall: @control is the
 *		TLFS hypercall input value, @input_gpa/@output_gpa the guest
 *		physical addresses of the page-aligned input and output pages
 *		(0 when unused). Returns the TLFS hypercall result value.
 *		Only valid while the HYPERCALL MSR is enabled.
 * @hypercall_fast: issue a register-based hypercall (@control has the fast
 *		bit set) with two 64-bit input registers; returns the result
 *		value.
 * @hypercall_page: optional (NULL allowed): hv_core tells the backend the
 *		kernel virtual address of the mapped hypercall page once the
 *		HYPERCALL MSR is enabled, and NULL before it disables it.
 *		Returns 0, or -ENOEXEC when the backend cannot call into that
 *		page (native: an IBT-enforcing kernel and no ENDBR64 at its
 *		start); hv_core then gives the page up and does not load
 * @irq_vector:	the vector hv_core programs into SINTx / STIMER0_CONFIG for
 *		@irq
 * @set_irq_handler: install @handler (NULL: remove) as the interrupt entry
 *		for @irq. The backend calls it in hard interrupt context on
 *		the CPU the interrupt targets, once per interrupt. A handler
 *		installed already is replaced without a word, as the kernel's
 *		hv_setup_vmbus_handler() replaces the in-tree VMBus driver's:
 *		the caller must know the vector is free before it installs.
 *		Returns 0, or -ENODEV if this kernel gives no way to hook the
 *		vector (see native.c).
 * @set_kexec_handler: optional: install @handler (NULL: remove) as the
 *		platform's kexec handler, which the machine shutdown of a
 *		kexec calls in process context with every CPU online (native:
 *		hv_setup_kexec_handler(); hv_sim: its emulated platform, after
 *		device shutdown). One slot. Returns 0, or -ENODEV.
 * @set_crash_handler: optional: install @handler (NULL: remove) as the
 *		platform's crash handler, which the kernel's machine crash
 *		shutdown calls on the crashing CPU before it stops the others
 *		and jumps into a kdump kernel (native: hv_setup_crash_handler();
 *		hv_sim: its emulated platform). One slot, replaced without a
 *		word. Returns 0, or -ENODEV if this kernel has no such hook.
 *
 * @cpuid, @msr_read, @msr_write and the hypercalls may be called from any context,
 * including hard interrupt context; they never sleep. Per-VP MSRs (SynIC,
 * stimers, VP_INDEX) act on the calling CPU, so callers disable preemption
 * around them.
 */
struct hvcore_backend {
	const char *name;
	void (*cpuid)(u32 leaf, struct hvcore_cpuid_regs *regs);
	int (*msr_read)(u32 msr, u64 *val);
	int (*msr_write)(u32 msr, u64 val);
	u64 (*hypercall)(u64 control, u64 input_gpa, u64 output_gpa);
	u64 (*hypercall_fast)(u64 control, u64 input1, u64 input2);
	int (*hypercall_page)(void *va);
	u8 (*irq_vector)(enum hvcore_irq irq);
	int (*set_irq_handler)(enum hvcore_irq irq, void (*handler)(void));
	int (*set_kexec_handler)(void (*handler)(void));
	int (*set_crash_handler)(void (*handler)(struct pt_regs *regs));
};

extern const struct hvcore_backend hvcore_native_backend;
/* hv_sim's, taken with symbol_get() only: hv_core does not link against it */
extern const struct hvcore_backend hvsim_backend;

#endif /* HVCORE_BACKEND_H */
