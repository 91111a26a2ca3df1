// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the encodings in hv_core/tlfs.h (hypercall input and result
 * values, MSR number helpers) and of the bit macros of the shim they rely
 * on.  Expected values are written out from the TLFS layouts.
 */
#include "runner.h"
#include "tlfs.h"

TEST(tlfs_shim_bit_macros)
{
	CHECK_EQ(BIT(19), 0x80000);
	CHECK_EQ(BIT_ULL(63), 0x8000000000000000ULL);
	CHECK_EQ(GENMASK(7, 0), 0xff);
	CHECK_EQ(GENMASK(31, 16), 0xffff0000);
	CHECK_EQ(GENMASK_ULL(43, 32), 0x00000fff00000000ULL);
	CHECK_EQ(GENMASK_ULL(63, 12), 0xfffffffffffff000ULL);
	CHECK_EQ(GENMASK_ULL(63, 0), ~0ULL);
}

TEST(tlfs_hypercall_input)
{
	CHECK_EQ(hvcore_hc_input(HVCORE_CALL_POST_MESSAGE, false, 0, 0), 0x5c);
	CHECK_EQ(hvcore_hc_input(HVCORE_CALL_SIGNAL_EVENT, true, 0, 0),
		 0x1005d);
	/* rep count in 43:32, rep start in 59:48 */
	CHECK_EQ(hvcore_hc_input(0x0003, false, 0x123, 0x045),
		 0x0045012300000003ULL);
	CHECK_EQ(hvcore_hc_input(0xffff, true, HVCORE_HC_REP_MAX,
				 HVCORE_HC_REP_MAX),
		 0x0fff0fff0001ffffULL);
	/* Oversized rep fields never spill into reserved bits */
	CHECK_EQ(hvcore_hc_input(0, false, 0xffff, 0xffff) & HVCORE_HC_RSVD_MASK,
		 0);
	CHECK_EQ(HVCORE_HC_RSVD_MASK, 0xf000f000f8000000ULL);
}

TEST(tlfs_hypercall_result)
{
	u64 result = 0x0000012300000013ULL;

	CHECK_EQ(hvcore_hc_status(result), HVCORE_STATUS_INSUFFICIENT_BUFFERS);
	CHECK_EQ(hvcore_hc_reps_done(result), 0x123);
	/* Bits outside the two fields are ignored */
	CHECK_EQ(hvcore_hc_status(0xffff0000ffff0005ULL), 5);
	CHECK_EQ(hvcore_hc_reps_done(0xfffff000ffffffffULL), 0);
	CHECK_EQ(hvcore_hc_reps_done(0x00000fff00000000ULL), 0xfff);
}

TEST(tlfs_msr_helpers)
{
	CHECK_EQ(HVCORE_MSR_SINT(0), 0x40000090);
	CHECK_EQ(HVCORE_MSR_SINT(15), HVCORE_MSR_SINT15);
	CHECK_EQ(HVCORE_MSR_STIMER_CONFIG(0), 0x400000b0);
	CHECK_EQ(HVCORE_MSR_STIMER_COUNT(0), 0x400000b1);
	CHECK_EQ(HVCORE_MSR_STIMER_CONFIG(3), 0x400000b6);
	CHECK_EQ(HVCORE_MSR_STIMER_COUNT(3), 0x400000b7);
	CHECK_EQ(HVCORE_MSR_CRASH_P(HVCORE_CRASH_PARAMS - 1), HVCORE_MSR_CRASH_P4);
	CHECK_EQ(HVCORE_MSR_CRASH_CTL, HVCORE_MSR_CRASH_P4 + 1);
	CHECK_EQ(HVCORE_PRIV_POST_MESSAGES, 1ULL << 36);
	CHECK_EQ(HVCORE_PRIV_ISOLATION, 1ULL << 54);
	CHECK_EQ(HVCORE_STIMER_SINT, 0xf0000);
	CHECK_EQ(HVCORE_CRASH_CTL_NOTIFY | HVCORE_CRASH_CTL_NOTIFY_MSG,
		 0xc000000000000000ULL);
}
