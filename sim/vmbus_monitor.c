// SPDX-License-Identifier: GPL-2.0
/*
 * Monitored notification: the guest signals a channel by setting its bit in
 * the monitor page instead of making a hypercall.
 *
 * A device created with monitor=1 gets a monitor ID per channel (0..127:
 * four trigger groups of 32), and its offers carry it with
 * monitor_allocated set, if the guest gave monitor pages in
 * INITIATE_CONTACT. The guest then sets bit (id % 32) of
 * group[id / 32].pending in monitor page 2 (the client's page). On Hyper-V
 * the hypervisor notices after the latency the page asks for; here a
 * delayed work polls every jiffy while a monitored channel is open, clears
 * the bits it finds (atomically: the guest sets them with locked
 * instructions) and kicks the channels. At offer time the host fills in the
 * channel's parameter entry (connection ID, flag 0) and enables its trigger
 * group in both pages, as the guest's sysfs files (monitor_id,
 * server_monitor_conn_id, ...) read them.
 *
 * Locking: IDs and pages are used under hvsim_vmbus.lock. The poll takes it
 * too, and finds the pages gone once the connection was reset, so nothing
 * has to wait for it but module exit.
 */
#include <linux/bitmap.h>
#include <linux/mm.h>

#include "hvsim.h"
#include "vmbus_host.h"

static DECLARE_BITMAP(hvsim_monitor_ids, HVSIM_MONITOR_IDS);

static void hvsim_monitor_poll(struct work_struct *work);
static DECLARE_DELAYED_WORK(hvsim_monitor_work, hvsim_monitor_poll);

/**
 * hvsim_monitor_alloc() - a free monitor ID
 *
 * Context: hvsim_vmbus.lock held.
 * Return: the ID, or -ENOSPC.
 */
int hvsim_monitor_alloc(void)
{
	unsigned long id = find_first_zero_bit(hvsim_monitor_ids, HVSIM_MONITOR_IDS);

	if (id >= HVSIM_MONITOR_IDS)
		return -ENOSPC;
	__set_bit(id, hvsim_monitor_ids);
	return id;
}

/**
 * hvsim_monitor_free() - give a monitor ID back
 * @id:		the ID
 *
 * Context: hvsim_vmbus.lock held.
 */
void hvsim_monitor_free(u8 id)
{
	__clear_bit(id, hvsim_monitor_ids);
}

/**
 * hvsim_monitor_offer() - describe a monitored channel in the monitor pages
 * @chan:	a channel with a monitor ID; the pages exist
 *
 * Context: hvsim_vmbus.lock held.
 */
void hvsim_monitor_offer(struct hvsim_vchan *chan)
{
	unsigned int grp = chan->monitor_id / HVSIM_MONITOR_PER_GROUP;
	unsigned int bit = chan->monitor_id % HVSIM_MONITOR_PER_GROUP;
	struct hvsim_monitor_page *mp;
	unsigned int i;

	for (i = 0; i < 2; i++) {
		mp = page_address(hvsim_vmbus.monitor[i]);
		WRITE_ONCE(mp->param[grp][bit].connection_id, chan->conn_id);
		WRITE_ONCE(mp->param[grp][bit].flag_number, 0);
		WRITE_ONCE(mp->trigger_state, READ_ONCE(mp->trigger_state) | BIT(grp));
	}
}

/**
 * hvsim_monitor_start() - poll while monitored channels are open
 *
 * Context: any.
 */
void hvsim_monitor_start(void)
{
	queue_delayed_work(hvsim_vmbus.io_wq, &hvsim_monitor_work, 1);
}

/**
 * hvsim_monitor_stop() - stop polling and wait for the poll
 *
 * Context: process context, hvsim_vmbus.lock not held (the poll takes it).
 */
void hvsim_monitor_stop(void)
{
	cancel_delayed_work_sync(&hvsim_monitor_work);
}

static void hvsim_monitor_poll(struct work_struct *work)
{
	struct hvsim_vmbus *s = &hvsim_vmbus;
	struct hvsim_monitor_page *mp;
	struct hvsim_vchan *chan;
	unsigned long relid;
	unsigned long *pending;
	bool again = false;

	mutex_lock(&s->lock);
	if (!s->monitor[1] || s->dying)
		goto unlock;
	mp = page_address(s->monitor[1]);
	xa_for_each(&s->chans, relid, chan) {
		if (!chan->monitored || !chan->open)
			continue;
		again = true;
		/* pending and armed share the 8-byte-aligned word; bits < 32 are pending */
		pending = (unsigned long *)&mp->group[chan->monitor_id / HVSIM_MONITOR_PER_GROUP];
		if (test_and_clear_bit(chan->monitor_id % HVSIM_MONITOR_PER_GROUP, pending))
			hvsim_vchan_kick(chan);
	}
	if (again)
		hvsim_monitor_start();
unlock:
	mutex_unlock(&s->lock);
}
