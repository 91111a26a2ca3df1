// SPDX-License-Identifier: GPL-2.0
/*
 * Host messages to the guest: the outbox.
 *
 * A channel message the host sends goes to the connection's VP and SINT
 * through hvsim_deliver_message(); when that SINT's queue is full it waits
 * here, in order behind what waits already, and the control work retries a
 * jiffy later. The drop, dup and reorder faults act here. Everything is
 * under hvsim_vmbus.lock.
 */
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "hvsim.h"
#include "vmbus_host.h"

/* a host message waiting for room in the SINT's queue */
struct hvsim_vout {
	struct list_head node;
	u32 vp;
	u32 sint;
	u32 size;
	u8 data[HVSIM_MESSAGE_PAYLOAD_BYTES] __aligned(8);
};

static struct hvsim_vout *hvsim_vout_held;	/* the reorder fault's */

/**
 * hvsim_vmbus_flush_outbox() - deliver what waits, in order
 *
 * Stops at the first message the SINT's queue has no room for, and has the
 * control work retry a jiffy later.
 *
 * Context: hvsim_vmbus.lock held.
 */
void hvsim_vmbus_flush_outbox(void)
{
	struct hvsim_vmbus *s = &hvsim_vmbus;
	struct hvsim_vout *o, *tmp;
	int ret;

	list_for_each_entry_safe(o, tmp, &s->outbox, node) {
		ret = hvsim_deliver_message(o->vp, o->sint, HVSIM_VMBUS_SYNIC_MSG_TYPE, o->data,
					    o->size);
		if (ret == -ENOBUFS) {
			atomic64_inc(&s->stats.tx_retries);
			queue_delayed_work(s->ctl_wq, &s->ctl_work, 1);
			return;
		}
		if (ret)
			atomic64_inc(&s->stats.tx_dropped);
		else
			atomic64_inc(&s->stats.tx[((struct hvsim_vmsg_hdr *)o->data)->type]);
		list_del(&o->node);
		s->outbox_len--;
		kfree(o);
	}
}

static void hvsim_vmbus_queue_out(struct hvsim_vout *o)
{
	struct hvsim_vmbus *s = &hvsim_vmbus;

	if (s->outbox_len >= HVSIM_VMBUS_OUTBOX_MAX) {
		atomic64_inc(&s->stats.tx_dropped);
		kfree(o);
		return;
	}
	list_add_tail(&o->node, &s->outbox);
	s->outbox_len++;
}

/**
 * hvsim_vmbus_send() - send a channel message to the guest
 * @msg:	the message, starting with its header
 * @size:	its size, at most 240
 *
 * Goes to the connection's VP and SINT, after what already waits. The drop,
 * dup and reorder faults apply here, to messages of the type their arg names.
 *
 * Context: hvsim_vmbus.lock held.
 */
void hvsim_vmbus_send(const void *msg, u32 size)
{
	struct hvsim_vmbus *s = &hvsim_vmbus;
	u32 type = ((const struct hvsim_vmsg_hdr *)msg)->type;
	struct hvsim_vout *o, *dup = NULL;

	lockdep_assert_held(&s->lock);
	if (WARN_ON(size > HVSIM_MESSAGE_PAYLOAD_BYTES || type >= HVSIM_VMSG_COUNT))
		return;
	if (hvsim_fault_hit(HVSIM_FAULT_DROP, type, NULL))
		return;
	o = kzalloc(sizeof(*o), GFP_KERNEL);
	if (!o) {
		atomic64_inc(&s->stats.tx_dropped);
		return;
	}
	o->vp = s->vp;
	o->sint = s->sint;
	o->size = size;
	memcpy(o->data, msg, size);
	if (hvsim_fault_hit(HVSIM_FAULT_DUP, type, NULL))
		dup = kmemdup(o, sizeof(*o), GFP_KERNEL);
	if (!hvsim_vout_held && hvsim_fault_hit(HVSIM_FAULT_REORDER, type, NULL)) {
		hvsim_vout_held = o;
		o = NULL;
	}
	if (o) {
		hvsim_vmbus_queue_out(o);
		if (dup)
			hvsim_vmbus_queue_out(dup);
		/* a held message goes out after the one that overtook it */
		hvsim_vmbus_flush_held();
	} else if (dup) {
		kfree(dup);	/* dup and reorder of one message: the reorder wins */
	}
	hvsim_vmbus_flush_outbox();
}

/**
 * hvsim_vmbus_flush_held() - send the message the reorder fault held back
 *
 * Called after the next message, or at the end of a batch of work when no
 * other message came to overtake it.
 *
 * Context: hvsim_vmbus.lock held.
 */
void hvsim_vmbus_flush_held(void)
{
	if (!hvsim_vout_held)
		return;
	hvsim_vmbus_queue_out(hvsim_vout_held);
	hvsim_vout_held = NULL;
	hvsim_vmbus_flush_outbox();
}

/**
 * hvsim_vmbus_outbox_free() - drop every message still waiting (unload)
 *
 * Context: hvsim_vmbus.lock held.
 */
void hvsim_vmbus_outbox_free(void)
{
	struct hvsim_vmbus *s = &hvsim_vmbus;
	struct hvsim_vout *o, *tmp;

	list_for_each_entry_safe(o, tmp, &s->outbox, node)
		kfree(o);
	INIT_LIST_HEAD(&s->outbox);
	s->outbox_len = 0;
	kfree(hvsim_vout_held);
	hvsim_vout_held = NULL;
}
