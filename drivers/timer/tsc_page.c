// SPDX-License-Identifier: GPL-2.0
/*
 * Arithmetic and retry policy of the reference TSC page reader (see
 * tsc_page.h). Called from the clocksource read path, in any context
 * including NMI: no locks, no state. Kbuild builds this file without ftrace
 * instrumentation, as the kernel does for its clocksource reads.
 */
#include <linux/types.h>

#include "tsc_page.h"

/*
 * The 64 x 64 -> 128-bit product needs a 128-bit type; every compiler the
 * supported kernels accept for x86_64 has it, and the kernel's own
 * mul_u64_u64_shr() uses it there. It compiles to a single MUL.
 */
#ifndef __SIZEOF_INT128__
#error "hv_timer needs a compiler with unsigned __int128"
#endif

/**
 * hvt_mul_u64_u64_shr64() - high half of a 64 x 64-bit product
 * @a: first factor
 * @b: second factor
 *
 * Return: (@a * @b) >> 64, computed without overflow.
 */
u64 hvt_mul_u64_u64_shr64(u64 a, u64 b)
{
	return (u64)(((unsigned __int128)a * b) >> 64);
}

/**
 * hvt_tsc_to_ref() - reference time of a TSC value
 * @tsc: the TSC, read between the two sequence reads
 * @scale: the page's tsc_scale (a 64.64 fixed-point fraction)
 * @offset: the page's tsc_offset (signed, in 100 ns units)
 *
 * The sum wraps modulo 2^64 like the hypervisor's own arithmetic; the
 * clocksource mask is 64 bits wide, so a wrap is a normal rollover.
 *
 * Return: ((@tsc * @scale) >> 64) + @offset, in 100 ns units.
 */
u64 hvt_tsc_to_ref(u64 tsc, u64 scale, s64 offset)
{
	return hvt_mul_u64_u64_shr64(tsc, scale) + (u64)offset;
}

/**
 * hvt_tsc_seq_usable() - may the page be read at all?
 * @seq: tsc_sequence as first read
 *
 * Return: false when the hypervisor marked the page invalid.
 */
bool hvt_tsc_seq_usable(u32 seq)
{
	return seq != HVT_TSC_SEQ_INVALID;
}

/**
 * hvt_tsc_verdict() - decide about a value computed from the page
 * @seq: tsc_sequence read before scale, offset and the TSC
 * @seq_again: tsc_sequence read after them
 * @attempt: how many earlier attempts of this read were torn (0 first)
 *
 * Return: HVT_TSC_VALID when both reads agree on a usable sequence;
 * HVT_TSC_RETRY when the hypervisor updated the page in between;
 * HVT_TSC_FALLBACK when the page is (or became) invalid or has been torn
 * HVT_TSC_MAX_ATTEMPTS times in a row.
 */
enum hvt_tsc_verdict hvt_tsc_verdict(u32 seq, u32 seq_again, unsigned int attempt)
{
	if (!hvt_tsc_seq_usable(seq) || !hvt_tsc_seq_usable(seq_again))
		return HVT_TSC_FALLBACK;
	if (seq == seq_again)
		return HVT_TSC_VALID;
	if (attempt >= HVT_TSC_MAX_ATTEMPTS - 1)
		return HVT_TSC_FALLBACK;
	return HVT_TSC_RETRY;
}
