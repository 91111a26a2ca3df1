// SPDX-License-Identifier: GPL-2.0
/*
 * StorVSP's fault knobs (scsi_debug's opts and every_nth are the model),
 * set through stor_ctl: "<instance GUID> knob=N ...". Each count arms the
 * next N commands (SRBs) of the controller; 0 disarms.
 *
 *   busy=N          answered SRB_STATUS_BUSY, nothing moved
 *   queue_full=N    answered SCSI TASK SET FULL, nothing moved
 *   no_answer=N     never answered, until the guest resets (RESET_LUN,
 *                   _ADAPTER or _BUS), which answers them "bus reset"
 *   bad_trans_id=N  answered with a transaction ID the guest never used,
 *                   then held as no_answer
 *   short_xfer=N    executed, but reported as half done (data overrun,
 *                   the transfer length halved to whole 512-byte blocks)
 *   bad_srb=N       executed, but answered with an SRB status of no meaning
 *   big_sense=N     executed, but answered CHECK CONDITION (aborted
 *                   command) with a sense length beyond the packet
 *   ignore_reset=N  the next N resets are answered but release nothing
 *   medium_error=L:LBA:COUNT
 *                   LUN L fails reads and writes of COUNT blocks from LBA
 *                   with MEDIUM ERROR (COUNT 0 clears it)
 *
 * Every command a fault hits is counted (faults_injected). An executed
 * command reported as failed has still moved its data: the guest's retry
 * moves the same data again, so no fault corrupts anything silently.
 *
 * Locking: the knobs are atomics, taken by any channel's I/O work and set
 * under hvsim_vmbus.lock by stor_ctl.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "hvsim.h"
#include "stor_host.h"

static const char *const hvsim_stor_fault_names[HVSIM_STOR_F_COUNT] = {
	[HVSIM_STOR_F_BUSY] = "busy",
	[HVSIM_STOR_F_QUEUE_FULL] = "queue_full",
	[HVSIM_STOR_F_NO_ANSWER] = "no_answer",
	[HVSIM_STOR_F_BAD_TRANS_ID] = "bad_trans_id",
	[HVSIM_STOR_F_SHORT_XFER] = "short_xfer",
	[HVSIM_STOR_F_BAD_SRB] = "bad_srb",
	[HVSIM_STOR_F_BIG_SENSE] = "big_sense",
	[HVSIM_STOR_F_IGNORE_RESET] = "ignore_reset",
};

#define HVSIM_STOR_FAULT_MAX	1000000

/**
 * hvsim_stor_fault() - take one shot of a knob, if armed
 * @st:		the controller
 * @f:		the knob
 *
 * Context: any.
 * Return: true if the knob was armed (one shot is used and counted).
 */
bool hvsim_stor_fault(struct hvsim_stor *st, enum hvsim_stor_fault f)
{
	if (!atomic_add_unless(&st->faults[f], -1, 0))
		return false;
	hvsim_stor_count(st, FAULTS_INJECTED);
	return true;
}

/**
 * hvsim_stor_fault_key() - one fault key of a stor_ctl line
 * @key:	the key
 * @val:	its value
 * @r:		where the request is gathered
 *
 * Return: 0, -ENOENT (not a fault key), or -EINVAL after one log line.
 */
int hvsim_stor_fault_key(const char *key, const char *val, struct hvsim_stor_fault_req *r)
{
	unsigned int f;
	char extra;

	if (!strcmp(key, "medium_error")) {
		if (r->medium_given ||
		    sscanf(val, "%u:%llu:%u%c", &r->medium_lun, &r->medium_lba, &r->medium_count,
			   &extra) != 3 || r->medium_lun >= HVSIM_STOR_MAX_LUNS) {
			pr_warn("stor_ctl: medium_error=%s is not LUN:LBA:COUNT (LUN < %u), once\n",
				val, HVSIM_STOR_MAX_LUNS);
			return -EINVAL;
		}
		r->medium_given = true;
		return 0;
	}
	for (f = 0; f < HVSIM_STOR_F_COUNT; f++)
		if (!strcmp(key, hvsim_stor_fault_names[f]))
			break;
	if (f == HVSIM_STOR_F_COUNT)
		return -ENOENT;
	if (r->given & BIT(f) || kstrtoint(val, 10, &r->val[f]) || r->val[f] < 0 ||
	    r->val[f] > HVSIM_STOR_FAULT_MAX) {
		pr_warn("stor_ctl: %s=%s is not a count 0..%u, given once\n", key, val,
			HVSIM_STOR_FAULT_MAX);
		return -EINVAL;
	}
	r->given |= BIT(f);
	return 0;
}

/**
 * hvsim_stor_fault_check() - can the request be applied to this controller?
 * @st:		the controller
 * @r:		the request
 *
 * Context: hvsim_vmbus.lock held.
 * Return: 0, or -EINVAL after one log line.
 */
int hvsim_stor_fault_check(struct hvsim_stor *st, const struct hvsim_stor_fault_req *r)
{
	struct hvsim_lun *lun;

	if (!r->medium_given)
		return 0;
	lun = st->luns[r->medium_lun];
	if (!lun) {
		pr_warn("stor_ctl: medium_error: no LUN %u\n", r->medium_lun);
		return -EINVAL;
	}
	if (r->medium_count && (r->medium_lba >= lun->sectors ||
				r->medium_count > lun->sectors - r->medium_lba)) {
		pr_warn("stor_ctl: medium_error: blocks %llu+%u beyond LUN %u's %llu\n",
			r->medium_lba, r->medium_count, r->medium_lun, lun->sectors);
		return -EINVAL;
	}
	return 0;
}

/**
 * hvsim_stor_fault_apply() - set the knobs a checked request names
 * @st:		the controller
 * @r:		the request (hvsim_stor_fault_check() passed)
 *
 * Context: hvsim_vmbus.lock held (the LUN table is stable).
 */
void hvsim_stor_fault_apply(struct hvsim_stor *st, const struct hvsim_stor_fault_req *r)
{
	struct hvsim_lun *lun;
	unsigned int f;

	for (f = 0; f < HVSIM_STOR_F_COUNT; f++)
		if (r->given & BIT(f))
			atomic_set(&st->faults[f], r->val[f]);
	if (r->medium_given) {
		lun = st->luns[r->medium_lun];
		WRITE_ONCE(lun->bad_lba, r->medium_lba);
		WRITE_ONCE(lun->bad_count, r->medium_count);
	}
}

/**
 * hvsim_stor_fault_show() - the knobs, for the "stor" line
 * @m:		the seq_file
 * @st:		the controller
 */
void hvsim_stor_fault_show(struct seq_file *m, struct hvsim_stor *st)
{
	unsigned int f;

	for (f = 0; f < HVSIM_STOR_F_COUNT; f++)
		seq_printf(m, " f_%s=%d", hvsim_stor_fault_names[f], atomic_read(&st->faults[f]));
}
