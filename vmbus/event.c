// SPDX-License-Identifier: GPL-2.0
/*
 * Channel interrupts, both ways.
 *
 * In: the host sets bit <relid> in the SINT 2 event flags of the channel's
 * target VP and raises the SynIC interrupt there. The event ISR (hard
 * interrupt context) claims the bits and schedules each channel's tasklet
 * on that CPU; the tasklet calls the driver. The relid map is read under
 * RCU (hard interrupt context is a read-side section), and a channel
 * leaves it, followed by a grace period and tasklet_kill(), before it is
 * freed.
 *
 * Why tasklets: upstream is retiring them for BH workqueues (WQ_BH, from
 * 6.9), which run in the same softirq context with the same per-CPU
 * guarantees, so the move is mechanical (tasklet_setup/schedule/kill to
 * INIT_WORK/queue_work_on(system_bh_wq)/cancel_work_sync) once compat/
 * offers both for 5.10 to 6.8. A threaded design (the read in a kthread or
 * a normal workqueue) would add a context switch to every interrupt of
 * every channel; drivers that want process context or a budget (NAPI) take
 * it from the callback. The callback's work is bounded: one read round per
 * run (vmb_chan_tasklet()).
 *
 * Out: HvSignalEvent on the connection ID of the offer, or, when the host
 * gave the channel a monitor slot and the driver does not need low
 * latency, a bit in the monitor page that the host polls: many signals
 * then cost one host wake-up.
 */
#include <linux/bitops.h>

#include "hv_core/hvcore.h"
#include "internal.h"

static void vmb_event_bit(unsigned int relid, void *ctx)
{
	struct vmb_channel *ch = rcu_dereference(vmb_conn.relid_map[relid]);

	if (!ch)
		return;	/* closed or never ours: a stale flag */
	atomic64_inc(&ch->interrupts);
	tasklet_schedule(&ch->tasklet);
}

void vmb_event_isr(unsigned long *flags, void *ctx)
{
	hvcore_event_scan(flags, VMB_MAX_RELIDS, vmb_event_bit, NULL);
}

/*
 * Softirq context. cb_lock is held across the driver's callback so that
 * close, which clears the callback under it, knows none is running after.
 *
 * One callback per run, bounded as the driver's callback is: a packet that
 * came while the channel was masked got no signal, and instead of looking
 * again here (a host that keeps writing would keep this CPU in softirq),
 * the tasklet is queued again, behind the other channels' tasklets; under
 * sustained load the softirq core then moves the work to ksoftirqd, where
 * the scheduler sees it.
 */
void vmb_chan_tasklet(struct tasklet_struct *t)
{
	struct vmb_channel *ch = from_tasklet(ch, t, tasklet);

	spin_lock(&ch->cb_lock);
	if (!ch->on_event)
		goto unlock;
	/*
	 * After the callback, whatever it read with vmb_chan_recv_held() goes
	 * back to the host (a no-op when it released it itself), before the
	 * unmask, so that a host waiting for room sees it.
	 */
	if (ch->mode != VMB_READ_BATCHED) {
		ch->on_event(ch, ch->ctx);
		if (vmb_chan_recv_release(ch)) {
			/* held packets hid a ring that is not empty: no signal came */
			ch->resched++;
			tasklet_schedule(&ch->tasklet);
		}
		goto unlock;
	}
	vmb_chan_intr_mask(ch);
	ch->on_event(ch, ch->ctx);
	vmb_chan_recv_release(ch);
	if (vmb_chan_intr_unmask(ch)) {
		ch->resched++;
		tasklet_schedule(&ch->tasklet);
	}
unlock:
	spin_unlock(&ch->cb_lock);
}

/**
 * vmb_chan_signal() - tell the host there is something in a channel
 * @ch:		an open channel
 *
 * Context: any.
 */
void vmb_chan_signal(struct vmb_channel *ch)
{
	struct vmbus_monitor_page *mp;

	atomic64_inc(&ch->sig_events);
	if (ch->monitor_allocated && !ch->low_latency) {
		/* before 5.0 the host also looks at the interrupt page's send half */
		if (!vmbus_has_msg_sint(vmb_conn.version))
			set_bit(ch->relid, (unsigned long *)((u8 *)vmb_conn.int_page + VMB_HV_PAGE_SIZE / 2));
		mp = vmb_conn.monitor_pages[1];
		set_bit(ch->monitor_id % 32,
			(unsigned long *)&mp->trigger_group[ch->monitor_id / 32].pending);
		return;
	}
	hvcore_signal_event(ch->sig_conn_id, 0);
}
