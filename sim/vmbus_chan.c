// SPDX-License-Identifier: GPL-2.0
/*
 * Channels: offer, open, close, rescind, release, modify.
 *
 * A channel exists from the moment its device is created (or, for a
 * sub-channel, the device asks for it) and keeps its relid and connection ID
 * for its whole life. Relids are handed out lowest free first, as Hyper-V
 * does, so a relid the guest released is reused by the next channel at once
 * (a guest's stale per-relid state shows up here, not first on a host). What the guest knows of it is its offer state:
 * released (never offered, or forgotten at UNLOAD) -> offered -> rescinded
 * -> freed on RELID_RELEASED. Open or not is separate: a channel is open
 * from a successful OPENCHANNEL to CLOSECHANNEL, UNLOAD, or its release.
 *
 * The connection ID is a host port from creation on, so HvSignalEvent on it
 * always reaches the channel; a signal for a channel that is not open is
 * ignored.
 *
 * OPENCHANNEL is checked before anything is touched. For an unknown relid,
 * a channel not offered (rescinded), or one already open, the host sends no
 * answer at all, as Hyper-V does; the guest's wait is what notices. Then:
 * the ring GPADL is complete, belongs to this channel, is one page-aligned
 * range, and the downstream offset leaves each ring a control page and at
 * least one data page; the target VP exists (versions below 2.4 have no
 * target VP: the connection's VP is used). Anything wrong there is answered
 * with a failure status.
 *
 * CLOSECHANNEL of a primary makes the device rescind every sub-channel (a
 * reopened device offers fresh ones when its driver asks again), as
 * Hyper-V's devices do.
 *
 * MODIFYCHANNEL exists from version 4.1 on and is valid for an open channel
 * only. Before 5.3 it takes effect at once and has no answer. From 5.3 the
 * device acknowledges it later, after the guest messages already queued
 * (hvsim_vchan_modify_complete(), at the end of each control-work run), and
 * only then does MODIFYCHANNEL_RESPONSE go out; a second one for the same
 * channel while one is pending gets nothing; one for a channel not open is
 * answered with a failure status.
 *
 * Locking: everything here runs under hvsim_vmbus.lock. A channel's I/O work
 * is stopped (io_enabled = false, then cancel_work_sync()) before its rings
 * or GPADL are let go; the work never takes the lock, so waiting for it here
 * cannot deadlock.
 */
#include <linux/mm.h>
#include <linux/slab.h>

#include "hvsim.h"
#include "vmbus_host.h"

static int hvsim_vchan_port_signal(void *ctx, u16 flag)
{
	hvsim_vchan_kick(ctx);
	return 0;
}

/**
 * hvsim_vchan_kick() - make the channel's I/O work look at its rings
 * @chan:	the channel
 *
 * Context: any; never sleeps.
 */
void hvsim_vchan_kick(struct hvsim_vchan *chan)
{
	if (READ_ONCE(chan->io_enabled))
		queue_work(hvsim_vmbus.io_wq, &chan->work);
}

/**
 * hvsim_vchan_lookup() - a channel by relid
 * @relid:	the guest's relid
 *
 * Context: hvsim_vmbus.lock held.
 */
struct hvsim_vchan *hvsim_vchan_lookup(u32 relid)
{
	return xa_load(&hvsim_vmbus.chans, relid);
}

/**
 * hvsim_vchan_create() - a new channel of a device, not yet offered
 * @dev:	the device
 * @sub_index:	0 for the primary, else the sub-channel index
 *
 * Context: hvsim_vmbus.lock held; sleeps.
 * Return: the channel, or NULL (no relid left, no memory, port taken).
 */
struct hvsim_vchan *hvsim_vchan_create(struct hvsim_vdev *dev, u16 sub_index)
{
	struct hvsim_vmbus *s = &hvsim_vmbus;
	struct hvsim_vchan *chan;
	int id;

	chan = kzalloc(sizeof(*chan), GFP_KERNEL);
	if (!chan)
		return NULL;
	chan->dev = dev;
	chan->sub_index = sub_index;
	chan->state = HVSIM_VCHAN_RELEASED;
	INIT_WORK(&chan->work, hvsim_vchan_io_work);
	INIT_DELAYED_WORK(&chan->poke, hvsim_vchan_poke_work);
	INIT_LIST_HEAD(&chan->pending);
	atomic64_set(&chan->rx, 0);
	atomic64_set(&chan->tx, 0);
	if (xa_alloc(&s->chans, &chan->relid, chan, XA_LIMIT(1, HVSIM_VMBUS_MAX_RELID),
		     GFP_KERNEL) < 0)
		goto free_chan;
	chan->conn_id = HVSIM_VMBUS_CHAN_CONN_BASE + chan->relid;
	if (hvsim_port_register(chan->conn_id, NULL, hvsim_vchan_port_signal, chan))
		goto erase_relid;
	if (dev->monitor) {
		id = hvsim_monitor_alloc();
		if (id >= 0) {
			chan->monitored = true;
			chan->monitor_id = id;
		}
	}
	list_add_tail(&chan->node, &dev->chans);
	s->nr_chans++;
	return chan;

erase_relid:
	xa_erase(&s->chans, chan->relid);
free_chan:
	kfree(chan);
	return NULL;
}

/**
 * hvsim_vchan_destroy() - close and free a channel, and its GPADLs
 * @chan:	the channel
 *
 * Context: hvsim_vmbus.lock held; sleeps.
 */
void hvsim_vchan_destroy(struct hvsim_vchan *chan)
{
	struct hvsim_vmbus *s = &hvsim_vmbus;

	hvsim_vchan_close(chan);
	/* no signal reaches the channel after this; then no I/O work runs */
	hvsim_port_unregister(chan->conn_id);
	cancel_work_sync(&chan->work);
	hvsim_gpadl_drop_relid(chan->relid);
	if (chan->monitored)
		hvsim_monitor_free(chan->monitor_id);
	xa_erase(&s->chans, chan->relid);
	list_del(&chan->node);
	s->nr_chans--;
	kfree(chan);
}

/**
 * hvsim_vchan_reset() - forget what the guest knew (UNLOAD): close, unoffer
 * @chan:	a primary channel
 *
 * Context: hvsim_vmbus.lock held; sleeps.
 */
void hvsim_vchan_reset(struct hvsim_vchan *chan)
{
	hvsim_vchan_close(chan);
	chan->state = HVSIM_VCHAN_RELEASED;
	chan->target_vp = 0;
}

/**
 * hvsim_vchan_state_name() - the state the devices file shows
 * @chan:	the channel
 *
 * Context: hvsim_vmbus.lock held.
 */
const char *hvsim_vchan_state_name(const struct hvsim_vchan *chan)
{
	if (chan->state == HVSIM_VCHAN_RESCINDED)
		return "rescinded";
	if (chan->open)
		return "open";
	return chan->state == HVSIM_VCHAN_OFFERED ? "offered" : "released";
}

/**
 * hvsim_vchan_offer() - send the channel's offer
 * @chan:	a channel the guest does not know
 *
 * Context: hvsim_vmbus.lock held; the guest asked for offers.
 */
void hvsim_vchan_offer(struct hvsim_vchan *chan)
{
	struct hvsim_vmbus *s = &hvsim_vmbus;
	struct hvsim_vmsg_offer o = { .hdr.type = HVSIM_VMSG_OFFERCHANNEL };

	o.if_type = chan->dev->ops->class_id;
	o.if_instance = chan->dev->instance;
	o.sub_channel_index = chan->sub_index;
	o.child_relid = chan->relid;
	o.monitor_id = HVSIM_VMBUS_NO_MONITOR;
	if (chan->monitored && s->monitor[1]) {
		o.monitor_id = chan->monitor_id;
		o.monitor_flags = HVSIM_VMBUS_OFFER_MONITOR_ALLOCATED;
		hvsim_monitor_offer(chan);
	}
	/* before 2.4 the guest also marks the channel in the interrupt page */
	if (!hvsim_vmbus_int_page_mode())
		o.interrupt_flags = HVSIM_VMBUS_OFFER_DEDICATED_INTERRUPT;
	o.connection_id = chan->conn_id;
	chan->state = HVSIM_VCHAN_OFFERED;
	hvsim_vmbus_send(&o, sizeof(o));
}

/**
 * hvsim_vchan_rescind() - take the channel away from the guest
 * @chan:	an offered channel
 *
 * Its I/O stops at once; rings and GPADLs stay until the guest closes it or
 * releases the relid.
 *
 * Context: hvsim_vmbus.lock held; sleeps.
 */
void hvsim_vchan_rescind(struct hvsim_vchan *chan)
{
	struct hvsim_vmsg_relid msg = {
		.hdr.type = HVSIM_VMSG_RESCIND_OFFER,
		.child_relid = chan->relid,
	};

	if (chan->state != HVSIM_VCHAN_OFFERED)
		return;
	hvsim_vchan_io_stop(chan);
	chan->state = HVSIM_VCHAN_RESCINDED;
	hvsim_vmbus_send(&msg, sizeof(msg));
}

static void hvsim_vchan_free_replies(struct hvsim_vchan *chan)
{
	struct hvsim_vreply *r, *tmp;

	list_for_each_entry_safe(r, tmp, &chan->pending, node)
		kfree(r);
	INIT_LIST_HEAD(&chan->pending);
	kfree(chan->held);
	chan->held = NULL;
}

/**
 * hvsim_vchan_close() - stop I/O and let go of the rings
 * @chan:	the channel; nothing happens if it is not open
 *
 * Context: hvsim_vmbus.lock held; sleeps.
 */
void hvsim_vchan_close(struct hvsim_vchan *chan)
{
	if (!chan->open)
		return;
	hvsim_vchan_io_stop(chan);
	if (chan->dev->ops->close)
		chan->dev->ops->close(chan);
	hvsim_vchan_free_replies(chan);
	kvfree(chan->buf);
	chan->buf = NULL;
	hvsim_gpadl_put(chan->ring_gpadl);
	chan->ring_gpadl = NULL;
	chan->open = false;
	chan->broken = false;
	chan->modify_pending = false;	/* the device never acknowledges it now */
}

/* Attach both rings of @g, split at @offset pages. */
static int hvsim_vchan_attach(struct hvsim_vchan *chan, struct hvsim_gpadl *g, u32 offset)
{
	/* each ring: a control page and at least one data page */
	if (!g->ring_shaped || g->npages < 4 || offset < 2 || offset > g->npages - 2)
		return -EINVAL;
	if (hvsim_ring_attach(&chan->out, g->va, offset * PAGE_SIZE, false) ||
	    hvsim_ring_attach(&chan->in, g->va + offset * PAGE_SIZE,
			      (g->npages - offset) * PAGE_SIZE, true))
		return -EPROTO;
	chan->buflen = chan->out.size;
	chan->buf = kvmalloc(chan->buflen, GFP_KERNEL);
	return chan->buf ? 0 : -ENOMEM;
}

/**
 * hvsim_vchan_msg_open() - OPENCHANNEL from the guest
 * @msg:	the message
 * @size:	its size
 *
 * Context: the control work, hvsim_vmbus.lock held.
 */
void hvsim_vchan_msg_open(const void *msg, u32 size)
{
	const struct hvsim_vmsg_open *o = msg;
	struct hvsim_vmsg_open_result r = {
		.hdr.type = HVSIM_VMSG_OPENCHANNEL_RESULT,
		.status = HVSIM_VMBUS_STATUS_FAIL,
	};
	struct hvsim_vchan *chan;
	struct hvsim_gpadl *g;
	u32 vp;
	int ret;

	if (size < sizeof(*o)) {
		hvsim_vbad(SIZE);
		return;
	}
	r.child_relid = o->child_relid;
	r.open_id = o->open_id;
	chan = hvsim_vchan_lookup(o->child_relid);
	if (!chan || chan->state != HVSIM_VCHAN_OFFERED || chan->open) {
		/* Hyper-V logs these and answers nothing */
		hvsim_vbad(RELID);
		return;
	}
	vp = hvsim_vmbus.version >= HVSIM_VMBUS_V2_4 ? o->target_vp : hvsim_vmbus.vp;
	if (!hvsim_vp(vp)) {
		hvsim_vbad(VP);
		goto reply;
	}
	g = hvsim_gpadl_get(o->ring_gpadl);
	if (!g || g->relid != chan->relid) {
		hvsim_vbad(OPEN);
		goto put_gpadl;
	}
	ret = hvsim_vchan_attach(chan, g, o->downstream_page_offset);
	if (ret) {
		if (ret != -ENOMEM)
			hvsim_vbad(OPEN);
		goto put_gpadl;
	}
	chan->ring_gpadl = g;
	chan->target_vp = vp;
	chan->open_id = o->open_id;
	if (chan->dev->ops->open && chan->dev->ops->open(chan))
		goto free_buf;
	chan->open = true;
	chan->broken = false;
	WRITE_ONCE(chan->io_enabled, true);
	if (chan->monitored)
		hvsim_monitor_start();
	/* a device may signal before the guest sees the answer (knob) */
	if (hvsim_fault_hit(HVSIM_FAULT_EARLY_SIGNAL, 0, NULL))
		hvsim_vchan_signal_guest(chan);
	r.status = HVSIM_VMBUS_STATUS_OK;
	hvsim_vmbus_send(&r, sizeof(r));
	/* the guest may have written before it saw the answer */
	hvsim_vchan_kick(chan);
	queue_delayed_work(hvsim_vmbus.io_wq, &chan->poke, msecs_to_jiffies(100));
	return;

free_buf:
	kvfree(chan->buf);
	chan->buf = NULL;
	chan->ring_gpadl = NULL;
put_gpadl:
	hvsim_gpadl_put(g);
reply:
	hvsim_vmbus_send(&r, sizeof(r));
}

/**
 * hvsim_vchan_msg_close() - CLOSECHANNEL from the guest (no answer)
 * @msg:	the message
 * @size:	its size
 *
 * Context: the control work, hvsim_vmbus.lock held.
 */
void hvsim_vchan_msg_close(const void *msg, u32 size)
{
	const struct hvsim_vmsg_relid *c = msg;
	struct hvsim_vchan *chan;

	if (size < sizeof(*c)) {
		hvsim_vbad(SIZE);
		return;
	}
	chan = hvsim_vchan_lookup(c->child_relid);
	if (!chan || !chan->open) {
		hvsim_vbad(RELID);
		return;
	}
	hvsim_vchan_close(chan);
	if (!chan->sub_index)
		hvsim_vdev_rescind_subchannels(chan->dev);
	/* GPADL_TEARDOWNs of the rings held back until now are answered */
	hvsim_gpadl_teardown_held(chan->relid);
}

/**
 * hvsim_vchan_msg_released() - RELID_RELEASED: the guest is done with a
 * rescinded channel; free it, and its device with its last channel
 * @msg:	the message
 * @size:	its size
 *
 * Context: the control work, hvsim_vmbus.lock held.
 */
void hvsim_vchan_msg_released(const void *msg, u32 size)
{
	const struct hvsim_vmsg_relid *m = msg;
	struct hvsim_vchan *chan;
	struct hvsim_vdev *dev;

	if (size < sizeof(*m)) {
		hvsim_vbad(SIZE);
		return;
	}
	chan = hvsim_vchan_lookup(m->child_relid);
	if (!chan || chan->state != HVSIM_VCHAN_RESCINDED) {
		hvsim_vbad(RELID);
		return;
	}
	dev = chan->dev;
	hvsim_vchan_destroy(chan);
	if (list_empty(&dev->chans))
		hvsim_vdev_free(dev);
}

/**
 * hvsim_vchan_msg_modify() - MODIFYCHANNEL: interrupt another VP
 * @msg:	the message
 * @size:	its size
 *
 * Context: the control work, hvsim_vmbus.lock held.
 */
void hvsim_vchan_msg_modify(const void *msg, u32 size)
{
	const struct hvsim_vmsg_modify *m = msg;
	struct hvsim_vmsg_modify_response r = {
		.hdr.type = HVSIM_VMSG_MODIFYCHANNEL_RESPONSE,
		.status = HVSIM_VMBUS_STATUS_FAIL,
	};
	bool answers = hvsim_vmbus.version >= HVSIM_VMBUS_V5_3;
	struct hvsim_vchan *chan;

	if (hvsim_vmbus.version < HVSIM_VMBUS_V4_1) {
		hvsim_vbad(TYPE);
		return;
	}
	if (size < sizeof(*m)) {
		hvsim_vbad(SIZE);
		return;
	}
	r.child_relid = m->child_relid;
	chan = hvsim_vchan_lookup(m->child_relid);
	if (!chan || chan->state != HVSIM_VCHAN_OFFERED || !chan->open) {
		hvsim_vbad(RELID);
	} else if (!hvsim_vp(m->target_vp)) {
		hvsim_vbad(VP);
	} else if (chan->modify_pending) {
		/* one at a time: Hyper-V drops the second one unanswered */
		hvsim_vbad(STATE);
		return;
	} else if (answers) {
		/* the device acknowledges it later; then the answer goes out */
		chan->modify_pending = true;
		chan->modify_vp = m->target_vp;
		return;
	} else {
		WRITE_ONCE(chan->target_vp, m->target_vp);
		return;
	}
	if (answers)
		hvsim_vmbus_send(&r, sizeof(r));
}

/**
 * hvsim_vchan_modify_complete() - the devices acknowledge pending
 * MODIFYCHANNELs: each channel moves, and its MODIFYCHANNEL_RESPONSE goes out
 *
 * Context: the control work, after the guest messages it found, with
 * hvsim_vmbus.lock held.
 */
void hvsim_vchan_modify_complete(void)
{
	struct hvsim_vmsg_modify_response r = {
		.hdr.type = HVSIM_VMSG_MODIFYCHANNEL_RESPONSE,
		.status = HVSIM_VMBUS_STATUS_OK,
	};
	struct hvsim_vchan *chan;
	unsigned long relid;

	xa_for_each(&hvsim_vmbus.chans, relid, chan) {
		if (!chan->modify_pending)
			continue;
		chan->modify_pending = false;
		WRITE_ONCE(chan->target_vp, chan->modify_vp);
		r.child_relid = chan->relid;
		hvsim_vmbus_send(&r, sizeof(r));
	}
}
