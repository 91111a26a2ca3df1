// SPDX-License-Identifier: GPL-2.0
/*
 * The time sync service and its PTP clock.
 *
 * The host sends its UTC time: a SYNC sample after the guest booted or was
 * restored (the guest's clock may be anywhere), then a SAMPLE every few
 * seconds. From message version 4.0 each carries the partition reference
 * time at which the host read its clock; before, the sample is taken as
 * read when it arrives.
 *
 * Every sample becomes the pair (host time, reference time) from which
 * the host's time now is the sample plus the reference time elapsed since
 * (100 ns units, the counter vmbus.ko reads). That is:
 *   - the PTP clock "hyperv" (/dev/ptpN): reading it gives the host's time
 *     now, for chrony's PHC refclock or linuxptp's phc2sys; it cannot be
 *     set or adjusted (the host owns it); it reads -ESTALE before the first
 *     sample and when the last is older than ten minutes (the host stopped
 *     sending);
 *   - the clock step after a SYNC sample: when the system clock is off by
 *     more than step_threshold_ms (0: always), do_settimeofday64() sets it
 *     to the host's time, from a work item.
 * Without a readable reference counter the samples still step the clock
 * (taken as read on arrival) but the PTP clock is not registered.
 *
 * Locking: ts->lock (irqsave: the PTP clock is read from any context)
 * guards the pair; the channel callback writes it, the step work and the
 * PTP reads read it.
 */
#include <linux/ktime.h>
#include <linux/ptp_clock_kernel.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timekeeping.h>

#include "hv_ic.h"

#define HVIC_TS_STALE		(600ULL * 10 * 1000 * 1000)	/* 100 ns units */

static const u32 hvic_timesync_versions[] = {
	HVIC_VER(4, 0), HVIC_VER(3, 0), HVIC_VER(1, 0),
};

struct hvic_ts {
	struct hvic_dev *d;
	spinlock_t lock;
	bool valid;
	u64 host_ns;		/* the host's UTC ... */
	u64 ref;		/* ... at this reference time */
	struct ptp_clock_info info;
	struct ptp_clock *ptp;
};

/* the host's time now, from the last sample; -ESTALE without a recent one */
static int hvic_ts_host_now(struct hvic_ts *ts, u64 *ns)
{
	unsigned long flags;
	u64 now;
	int ret = -ESTALE;

	if (vmb_ref_time(&now))
		return -EOPNOTSUPP;
	spin_lock_irqsave(&ts->lock, flags);
	if (ts->valid && now >= ts->ref && now - ts->ref <= HVIC_TS_STALE) {
		*ns = ts->host_ns + (now - ts->ref) * 100;
		ret = 0;
	}
	spin_unlock_irqrestore(&ts->lock, flags);
	return ret;
}

/* ---- the PTP clock: read-only ---- */

static int hvic_ptp_gettime(struct ptp_clock_info *info, struct timespec64 *t)
{
	struct hvic_ts *ts = container_of(info, struct hvic_ts, info);
	u64 ns;
	int ret = hvic_ts_host_now(ts, &ns);

	if (!ret)
		*t = ns_to_timespec64(ns);
	return ret;
}

static int hvic_ptp_settime(struct ptp_clock_info *info, const struct timespec64 *t)
{
	return -EOPNOTSUPP;
}

static int hvic_ptp_adjfine(struct ptp_clock_info *info, long scaled_ppm)
{
	return -EOPNOTSUPP;
}

static int hvic_ptp_adjtime(struct ptp_clock_info *info, s64 delta)
{
	return -EOPNOTSUPP;
}

static int hvic_ptp_enable(struct ptp_clock_info *info, struct ptp_clock_request *rq, int on)
{
	return -EOPNOTSUPP;
}

static const struct ptp_clock_info hvic_ptp_info = {
	.owner = THIS_MODULE,
	.name = "hyperv",
	.gettime64 = hvic_ptp_gettime,
	.settime64 = hvic_ptp_settime,
	.adjfine = hvic_ptp_adjfine,
	.adjtime = hvic_ptp_adjtime,
	.enable = hvic_ptp_enable,
};

/* ---- the step ---- */

static void hvic_ts_step(struct work_struct *work)
{
	struct hvic_dev *d = container_of(work, struct hvic_dev, work);
	struct hvic_ts *ts = d->priv;
	struct timespec64 tv;
	unsigned long flags;
	u64 host, now;
	s64 off;

	if (hvic_ts_host_now(ts, &host)) {
		/* no reference counter: the sample as it arrived */
		spin_lock_irqsave(&ts->lock, flags);
		host = ts->host_ns;
		spin_unlock_irqrestore(&ts->lock, flags);
	}
	now = ktime_get_real_ns();
	off = (s64)(host - now);
	if (hvic_step_ms && abs(off) <= (s64)hvic_step_ms * NSEC_PER_MSEC)
		return;
	tv = ns_to_timespec64(host);
	if (do_settimeofday64(&tv)) {
		dev_warn(&d->vdev->dev, "timesync: the host's time %lld.%09ld not accepted\n",
			 (s64)tv.tv_sec, tv.tv_nsec);
		return;
	}
	hvic_count(d, HVIC_ST_STEPS);
	dev_info(&d->vdev->dev, "timesync: clock stepped by %lld ms to the host's time\n",
		 div_s64(off, NSEC_PER_MSEC));
}

/* ---- the service ---- */

static u32 hvic_timesync_status(struct hvic_dev *d, struct hvic_msg *m)
{
	struct hvic_ts *ts = d->priv;
	struct hvic_time t;
	unsigned long flags;
	u64 now;
	int ret = hvic_timesync(m, d->version, &t);

	if (ret) {
		hvic_count(d, ret == -ERANGE ? HVIC_ST_BAD_TIME : HVIC_ST_BAD_MESSAGE);
		dev_warn_ratelimited(&d->vdev->dev, "timesync: %s sample refused\n",
				     ret == -ERANGE ? "impossible (before 1970)" : "truncated");
		return HVIC_E_FAIL;
	}
	if (!(t.flags & (HVIC_TIME_SYNC | HVIC_TIME_SAMPLE)))
		return HVIC_S_OK;	/* a probe */
	if (vmb_ref_time(&now))
		now = 0;
	/* sampled at t.ref_time (4.0 on), or now; never in the future */
	if (!t.ref_time || t.ref_time > now)
		t.ref_time = now;
	spin_lock_irqsave(&ts->lock, flags);
	ts->host_ns = t.host_ns + (now - t.ref_time) * 100;
	ts->ref = now;
	ts->valid = true;
	spin_unlock_irqrestore(&ts->lock, flags);
	if (t.flags & HVIC_TIME_SYNC) {
		hvic_count(d, HVIC_ST_SYNCS);
		schedule_work(&d->work);
	} else {
		hvic_count(d, HVIC_ST_SAMPLES);
	}
	return HVIC_S_OK;
}

static int hvic_timesync_handle(struct hvic_dev *d, struct hvic_msg *m, u32 *status)
{
	*status = hvic_timesync_status(d, m);
	return 0;
}

static int hvic_timesync_init(struct hvic_dev *d)
{
	struct hvic_ts *ts;
	u64 now;

	ts = kzalloc(sizeof(*ts), GFP_KERNEL);
	if (!ts)
		return -ENOMEM;
	ts->d = d;
	spin_lock_init(&ts->lock);
	ts->info = hvic_ptp_info;
	d->priv = ts;
	INIT_WORK(&d->work, hvic_ts_step);
	if (vmb_ref_time(&now)) {
		dev_info(&d->vdev->dev, "timesync: no partition reference counter: no PTP clock\n");
		return 0;
	}
	ts->ptp = ptp_clock_register(&ts->info, &d->vdev->dev);
	if (IS_ERR_OR_NULL(ts->ptp)) {
		dev_warn(&d->vdev->dev, "timesync: PTP clock not registered (%d): time steps only\n",
			 PTR_ERR_OR_ZERO(ts->ptp));
		ts->ptp = NULL;
	}
	return 0;
}

static void hvic_timesync_exit(struct hvic_dev *d)
{
	struct hvic_ts *ts = d->priv;

	if (ts->ptp)
		ptp_clock_unregister(ts->ptp);
	kfree(ts);
	d->priv = NULL;
}

const struct hvic_service hvic_timesync_svc = {
	.name = "timesync",
	.class_id = GUID_INIT(0x9527e630, 0xd0ae, 0x497b,
			      0xad, 0xce, 0xe8, 0x0a, 0xb0, 0x17, 0x5c, 0xaf),
	.type = HVIC_MSG_TIMESYNC,
	.versions = hvic_timesync_versions,
	.nversions = ARRAY_SIZE(hvic_timesync_versions),
	.enabled = &hvic_timesync_on,
	.init = hvic_timesync_init,
	.exit = hvic_timesync_exit,
	.handle = hvic_timesync_handle,
};
