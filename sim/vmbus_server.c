// SPDX-License-Identifier: GPL-2.0
/*
 * The VMBus server: the host's side of the partition's one VMBus connection.
 *
 * Ports. The guest posts channel messages with HvPostMessage on a message
 * connection: ID 1 for protocol versions below 5.0; for 5.0 and later the
 * guest posts INITIATE_CONTACT on ID 4 and everything after it on the ID the
 * VERSION_RESPONSE hands out (HVSIM_VMBUS_CONN_NEGOTIATED here, deliberately
 * neither 1 nor 4, so that a guest ignoring the field fails visibly). A host
 * generation whose newest version is below 5.0 has no port 4: the guest's
 * hypercall then fails with INVALID_CONNECTION_ID, which is how a guest
 * learns to fall back to the old connection. The port callback runs in the
 * guest's hypercall: it copies the message into the inbox (at most
 * HVSIM_VMBUS_PORT_BUFFERS waiting, as Hyper-V's ports have 16 buffers; more
 * get INSUFFICIENT_BUFFERS and the guest retries) and kicks the control
 * work, the host's one thread, which handles messages one by one, in order.
 *
 * The connection itself (versions, INITIATE_CONTACT, offers, UNLOAD) is
 * vmbus_conn.c; the channels vmbus_chan.c.
 *
 * Host messages go to the connection's VP and SINT through the outbox
 * (vmbus_out.c).
 *
 * Anything malformed is counted (hv_sim/vmbus, bad_*) and answered as a host
 * would: with a failure status where the message has an answer the guest
 * waits for, otherwise ignored.
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "hvsim.h"
#include "vmbus_host.h"

struct hvsim_vmbus hvsim_vmbus;

static bool hvsim_port4;

static void hvsim_vmbus_event(const struct hvsim_vin *in)
{
	struct hvsim_vdev *dev = hvsim_vdev_by_serial(in->serial);

	if (!dev || dev->deleting)
		return;
	switch (in->ev) {
	case HVSIM_VEVENT_SUBCHANNELS:
		if (hvsim_vmbus_offering())
			hvsim_vdev_offer_subchannels(dev, in->arg);
		break;
	case HVSIM_VEVENT_RESCIND:
		hvsim_vdev_rescind(dev);
		break;
	}
}

static struct hvsim_vin *hvsim_vmbus_inbox_pop(void)
{
	struct hvsim_vmbus *s = &hvsim_vmbus;
	struct hvsim_vin *in;

	spin_lock_irq(&s->inbox_lock);
	in = list_first_entry_or_null(&s->inbox, struct hvsim_vin, node);
	if (in) {
		list_del(&in->node);
		if (in->event)
			s->inbox_events--;
		else
			s->inbox_msgs--;
	}
	spin_unlock_irq(&s->inbox_lock);
	return in;
}

/* The host thread: one guest message or host event at a time, in order. */
static void hvsim_vmbus_ctl_work(struct work_struct *work)
{
	struct hvsim_vmbus *s = &hvsim_vmbus;
	struct hvsim_vin *in;
	u32 type;

	while ((in = hvsim_vmbus_inbox_pop())) {
		type = ((struct hvsim_vmsg_hdr *)in->data)->type;
		if (!in->event) {
			if (type >= HVSIM_VMSG_COUNT) {
				atomic64_inc(&s->stats.rx_unknown);
				hvsim_vbad(TYPE);
				kfree(in);
				continue;
			}
			atomic64_inc(&s->stats.rx[type]);
			if (hvsim_fault_hit(HVSIM_FAULT_NO_ANSWER, type, NULL)) {
				kfree(in);
				continue;
			}
			hvsim_fault_delay(type);
		}
		mutex_lock(&s->lock);
		if (!READ_ONCE(s->dying)) {
			if (in->event)
				hvsim_vmbus_event(in);
			else
				hvsim_vmbus_handle(in->conn, in->data, in->size);
		}
		mutex_unlock(&s->lock);
		kfree(in);
	}
	mutex_lock(&s->lock);
	hvsim_vchan_modify_complete();
	hvsim_vmbus_flush_held();
	hvsim_vmbus_flush_outbox();
	mutex_unlock(&s->lock);
}

static void hvsim_vmbus_inbox_add(struct hvsim_vin *in)
{
	struct hvsim_vmbus *s = &hvsim_vmbus;

	list_add_tail(&in->node, &s->inbox);
	if (in->event)
		s->inbox_events++;
	else
		s->inbox_msgs++;
}

/* HvPostMessage on a message connection: copy, queue, wake the host thread. */
int hvsim_vmbus_post(void *ctx, u32 msg_type, const void *payload, u32 size)
{
	struct hvsim_vmbus *s = &hvsim_vmbus;
	struct hvsim_vin *in;
	unsigned long flags;

	if (msg_type != HVSIM_VMBUS_SYNIC_MSG_TYPE || size < sizeof(struct hvsim_vmsg_hdr) ||
	    size > HVSIM_MESSAGE_PAYLOAD_BYTES) {
		hvsim_vbad(SIZE);
		return -EINVAL;
	}
	if (unlikely(hvsim_guest_crashing()) && hvsim_vmbus_crash_post(payload, size))
		return 0;
	/* refused before it is taken: the guest must post it again */
	if (hvsim_fault_hit(HVSIM_FAULT_BAD_CONN, ((const struct hvsim_vmsg_hdr *)payload)->type, NULL))
		return -ENXIO;
	in = kzalloc(sizeof(*in), GFP_ATOMIC);
	if (!in)
		return -ENOBUFS;
	in->conn = (unsigned long)ctx;
	in->size = size;
	memcpy(in->data, payload, size);

	spin_lock_irqsave(&s->inbox_lock, flags);
	if (s->dying || s->inbox_msgs >= HVSIM_VMBUS_PORT_BUFFERS) {
		spin_unlock_irqrestore(&s->inbox_lock, flags);
		atomic64_inc(&s->stats.inbox_full);
		kfree(in);
		return -ENOBUFS;
	}
	hvsim_vmbus_inbox_add(in);
	spin_unlock_irqrestore(&s->inbox_lock, flags);
	mod_delayed_work(s->ctl_wq, &s->ctl_work, 0);
	return 0;
}

/**
 * hvsim_vmbus_host_event() - ask the host thread to do something
 * @event:	enum hvsim_vevent
 * @serial:	the device it concerns
 * @arg:	the event's argument
 *
 * For the channels' I/O works, which must not take hvsim_vmbus.lock.
 *
 * Context: any; never sleeps.
 * Return: 0, or -ENOBUFS when too many events wait (counted).
 */
int hvsim_vmbus_host_event(unsigned int event, u64 serial, u32 arg)
{
	struct hvsim_vmbus *s = &hvsim_vmbus;
	struct hvsim_vin *in;
	unsigned long flags;

	in = kzalloc(sizeof(*in), GFP_ATOMIC);
	if (!in)
		goto dropped;
	in->event = true;
	in->ev = event;
	in->serial = serial;
	in->arg = arg;
	spin_lock_irqsave(&s->inbox_lock, flags);
	if (s->dying || s->inbox_events >= HVSIM_VMBUS_EVENTS_MAX) {
		spin_unlock_irqrestore(&s->inbox_lock, flags);
		kfree(in);
		goto dropped;
	}
	hvsim_vmbus_inbox_add(in);
	spin_unlock_irqrestore(&s->inbox_lock, flags);
	mod_delayed_work(s->ctl_wq, &s->ctl_work, 0);
	return 0;

dropped:
	atomic64_inc(&s->stats.events_dropped);
	return -ENOBUFS;
}

/* HvSignalEvent on connection 2 (versions < 2.4): look at the interrupt page. */
int hvsim_vmbus_event_port(void *ctx, u16 flag)
{
	queue_work(hvsim_vmbus.io_wq, &hvsim_vmbus.intpage_work);
	return 0;
}

/* The guest sets a channel's relid bit in the second half of the page. */
static void hvsim_vmbus_intpage_work(struct work_struct *work)
{
	struct hvsim_vmbus *s = &hvsim_vmbus;
	struct hvsim_vchan *chan;
	unsigned long relid;
	unsigned long *bits;

	mutex_lock(&s->lock);
	if (s->int_page) {
		bits = page_address(s->int_page) + PAGE_SIZE / 2;
		xa_for_each(&s->chans, relid, chan)
			if (test_and_clear_bit(relid, bits))
				hvsim_vchan_kick(chan);
	}
	mutex_unlock(&s->lock);
}

/* ---- module init/exit ---- */

/**
 * hvsim_vmbus_init() - start the host half: threads and message ports
 *
 * Context: module init, after the SynIC and before debugfs.
 * Return: 0 or a negative errno.
 */
int hvsim_vmbus_init(void)
{
	struct hvsim_vmbus *s = &hvsim_vmbus;
	int ret;

	hvsim_vmbus_layout_checks();
	mutex_init(&s->lock);
	spin_lock_init(&s->inbox_lock);
	INIT_LIST_HEAD(&s->inbox);
	INIT_LIST_HEAD(&s->outbox);
	INIT_LIST_HEAD(&s->devices);
	xa_init_flags(&s->chans, XA_FLAGS_ALLOC1);
	INIT_DELAYED_WORK(&s->ctl_work, hvsim_vmbus_ctl_work);
	INIT_WORK(&s->intpage_work, hvsim_vmbus_intpage_work);
	s->ctl_wq = alloc_ordered_workqueue("hv_sim_vmbus", 0);
	if (!s->ctl_wq)
		return -ENOMEM;
	s->io_wq = alloc_workqueue("hv_sim_vmbus_io", WQ_UNBOUND, 0);
	if (!s->io_wq) {
		ret = -ENOMEM;
		goto destroy_ctl_wq;
	}
	ret = hvsim_port_register(HVSIM_VMBUS_CONN_MESSAGE, hvsim_vmbus_post, NULL,
				  (void *)(unsigned long)HVSIM_VMBUS_CONN_MESSAGE);
	if (ret)
		goto destroy_io_wq;
	hvsim_port4 = hvsim_vmbus_max_version() >= HVSIM_VMBUS_V5_0;
	if (hvsim_port4) {
		ret = hvsim_port_register(HVSIM_VMBUS_CONN_MESSAGE_4, hvsim_vmbus_post, NULL,
					  (void *)(unsigned long)HVSIM_VMBUS_CONN_MESSAGE_4);
		if (ret)
			goto unregister_port1;
	}
	return 0;

unregister_port1:
	hvsim_port_unregister(HVSIM_VMBUS_CONN_MESSAGE);
destroy_io_wq:
	destroy_workqueue(s->io_wq);
destroy_ctl_wq:
	destroy_workqueue(s->ctl_wq);
	return ret;
}

/**
 * hvsim_vmbus_exit() - stop the host half and free everything
 *
 * hv_core pins hv_sim, so no guest is connected any more; whatever the last
 * guest left behind (a connection never unloaded, open channels, GPADLs) is
 * dropped here. Every object is reachable from hvsim_vmbus, and this walks
 * all of it: devices with their channels, GPADLs, inbox, outbox, pages.
 *
 * Context: module exit, after the debugfs files are gone.
 */
void hvsim_vmbus_exit(void)
{
	struct hvsim_vmbus *s = &hvsim_vmbus;
	struct hvsim_vin *in;

	if (hvsim_port4)
		hvsim_port_unregister(HVSIM_VMBUS_CONN_MESSAGE_4);
	hvsim_port_unregister(HVSIM_VMBUS_CONN_MESSAGE);
	spin_lock_irq(&s->inbox_lock);
	s->dying = true;
	spin_unlock_irq(&s->inbox_lock);

	mutex_lock(&s->lock);
	hvsim_vmbus_reset();
	hvsim_vdev_free_all();
	hvsim_vmbus_outbox_free();
	mutex_unlock(&s->lock);

	/* no channel, port or page is left to queue anything now */
	cancel_delayed_work_sync(&s->ctl_work);
	cancel_work_sync(&s->intpage_work);
	hvsim_monitor_stop();
	destroy_workqueue(s->io_wq);
	destroy_workqueue(s->ctl_wq);
	while ((in = hvsim_vmbus_inbox_pop()))
		kfree(in);
	xa_destroy(&s->chans);
}
