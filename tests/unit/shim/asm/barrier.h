/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for <asm/barrier.h>: the virt_*() barriers order
 * accesses to memory shared with another party (the hypervisor, the other
 * end of a ring).  In a test that party is another thread, or the same
 * thread, so the C11 fences give at least the kernel's guarantees.
 */
#ifndef _SHIM_ASM_BARRIER_H
#define _SHIM_ASM_BARRIER_H

#define virt_mb()			__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define virt_rmb()			__atomic_thread_fence(__ATOMIC_ACQUIRE)
#define virt_wmb()			__atomic_thread_fence(__ATOMIC_RELEASE)
#define virt_load_acquire(p)		__atomic_load_n((p), __ATOMIC_ACQUIRE)
#define virt_store_release(p, v)	__atomic_store_n((p), (v), __ATOMIC_RELEASE)

#endif
