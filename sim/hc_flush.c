// SPDX-License-Identifier: GPL-2.0
/*
 * HvCallFlushVirtualAddressList (0x0003): the rep hypercall hv_sim emulates.
 *
 * The simulator owns no TLB (the VM's real TLBs belong to the VM's own
 * kernel), so the flush itself does nothing. What is emulated is the call's
 * contract, which is what a guest's rep-hypercall code has to get right
 * (TLFS "Hypercall Interface", "HvCallFlushVirtualAddressList"):
 *
 *  - input: a fixed header {address space (64), flags (64), processor mask
 *    (64)} and a list of rep-count 8-byte GVA entries after it; no variable
 *    header, no output; memory-based only (a fast rep call would need the
 *    XMM input registers hv_sim does not offer).
 *  - flags: HV_FLUSH_ALL_PROCESSORS (0), ALL_VIRTUAL_ADDRESS_SPACES (1),
 *    NON_GLOBAL_MAPPINGS_ONLY (2); the extended range format (3) is only for
 *    partitions told to use it, which hv_sim never does. Any other bit:
 *    HV_STATUS_INVALID_PARAMETER.
 *  - rep count 0, or a rep start beyond it: INVALID_HYPERCALL_INPUT.
 *  - continuation: a hypervisor may return before the list is done, with
 *    SUCCESS and the number of elements completed in bits 43:32; the guest
 *    then reissues the call with rep start = that number. hv_sim does so
 *    after rep_batch elements per call (module parameter, 0 = never), so
 *    that continuation is exercised rather than merely possible.
 *  - rep_bogus (test knob): report one element more than the list has, as
 *    a broken hypervisor might; the guest must refuse it.
 *
 * The input block is read element by element through the GPA the guest
 * gave; each read checks alignment and the page boundary, so a list that
 * runs off the input page fails with INVALID_ALIGNMENT at the first element
 * that does.
 */
#include <linux/bitfield.h>
#include <linux/moduleparam.h>

#include "hvsim.h"

#define HVSIM_FLUSH_ALL_PROCESSORS		BIT_ULL(0)
#define HVSIM_FLUSH_ALL_ADDRESS_SPACES		BIT_ULL(1)
#define HVSIM_FLUSH_NON_GLOBAL_ONLY		BIT_ULL(2)
#define HVSIM_FLUSH_FLAGS	(HVSIM_FLUSH_ALL_PROCESSORS | HVSIM_FLUSH_ALL_ADDRESS_SPACES | \
				 HVSIM_FLUSH_NON_GLOBAL_ONLY)

static unsigned int rep_batch = 16;
module_param(rep_batch, uint, 0644);
MODULE_PARM_DESC(rep_batch, "rep hypercall elements done per call before the guest must continue (0: all)");

static bool rep_bogus;
module_param(rep_bogus, bool, 0644);
MODULE_PARM_DESC(rep_bogus, "test knob: report more rep elements completed than requested");

struct hvsim_flush_header {
	u64 address_space;
	u64 flags;
	u64 processor_mask;
} __packed;

/**
 * hvsim_hc_flush_va_list() - emulate HvCallFlushVirtualAddressList
 * @control:	the hypercall input value
 * @input_gpa:	the input block's GPA
 *
 * Context: any; never sleeps.
 * Return: the hypercall result value (status and elements completed).
 */
u64 hvsim_hc_flush_va_list(u64 control, u64 input_gpa)
{
	u32 count = FIELD_GET(HVSIM_HC_REP_COUNT, control);
	u32 done = FIELD_GET(HVSIM_HC_REP_START, control);
	struct hvsim_flush_header hdr;
	u32 end = count;
	u16 status;
	u64 gva;

	if ((control & (HVSIM_HC_FAST | HVSIM_HC_VARHEAD)) || !count || done > count)
		return HVSIM_STATUS_INVALID_HYPERCALL_INPUT;
	status = hvsim_hc_read_input(input_gpa, &hdr, sizeof(hdr));
	if (status)
		goto out;
	if (hdr.flags & ~HVSIM_FLUSH_FLAGS) {
		status = HVSIM_STATUS_INVALID_PARAMETER;
		goto out;
	}
	if (rep_batch && count - done > rep_batch)
		end = done + rep_batch;
	for (; done < end; done++) {
		status = hvsim_hc_read_input(input_gpa + sizeof(hdr) + (u64)done * sizeof(gva),
					     &gva, sizeof(gva));
		if (status)
			goto out;
		atomic64_inc(&hvsim_stats.flush_gvas);
	}
	atomic64_inc(&hvsim_stats.flush_calls);
out:
	if (rep_bogus)
		done = count + 1;
	return status | FIELD_PREP(HVSIM_HC_RESULT_REPS, (u64)done);
}
