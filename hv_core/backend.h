/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hypervisor backend: the only way hv_core touches the hypervisor.
 *
 * Everything above this interface (detection, guest ID, hypercall page,
 * SynIC) is written once and runs unchanged on the native backend, which
 * executes the real CPUID/RDMSR/WRMSR instructions, and on hv_sim's backend,
 * which emulates them. No caller may know which one it runs on.
 */
#ifndef HVCORE_BACKEND_H
#define HVCORE_BACKEND_H

#include <linux/types.h>

struct hvcore_cpuid_regs;

/**
 * struct hvcore_backend - the four hardware primitives
 * @name:	"native" or the simulator's name, for logs and debugfs
 * @cpuid:	execute CPUID @leaf (subleaf 0) on the calling CPU
 * @rdmsr:	read synthetic MSR @msr into @val; 0 or -EIO if the access faults
 * @wrmsr:	write @val to synthetic MSR @msr; 0 or -EIO if the access faults
 * @hypercall:	issue a hypercall; returns the raw result value (TLFS layout)
 *
 * All four may be called from any context, including hard interrupt context,
 * with preemption disabled when the caller needs per-CPU semantics. They never
 * sleep. @hypercall is set once the hypercall page exists; until then it is
 * NULL and hv_core does not issue hypercalls.
 */
struct hvcore_backend {
	const char *name;
	void (*cpuid)(u32 leaf, struct hvcore_cpuid_regs *regs);
	int (*rdmsr)(u32 msr, u64 *val);
	int (*wrmsr)(u32 msr, u64 val);
	u64 (*hypercall)(u64 control, u64 input_gpa, u64 output_gpa);
};

extern const struct hvcore_backend hvcore_native_backend;

#endif /* HVCORE_BACKEND_H */
