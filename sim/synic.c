// SPDX-License-Identifier: GPL-2.0
/*
 * The synthetic interrupt controller of every VP: SCONTROL, SVERSION, SIEFP,
 * SIMP, EOM, SINT0..15; message and event delivery.
 *
 * Messages (TLFS "SynIC Message Flags" / "Message Queues"). The SIMP page has
 * one 256-byte slot per SINT. The hypervisor writes a slot only while its
 * message_type is HvMessageTypeNone; otherwise the message waits and the
 * occupied slot gets MessagePending, telling the guest to write EOM after it
 * frees the slot. On EOM every waiting message of the VP is retried. The
 * guest frees a slot by storing NONE and then reads the flags; hv_sim sets
 * the flag and then re-reads the type, with a full barrier on both sides, so
 * at least one side sees the other's store (no lost wake-up). A message is
 * written into its slot even while the SINT is masked (as KVM does); only the
 * interrupt waits until the SINT is unmasked. With the SIMP disabled host
 * messages are refused (-ENODEV) and timer expirations stay pending.
 *
 * Events. The SIEFP page holds 2048 flag bits per SINT; a flag is set
 * atomically and the SINT is asserted only when the flag was clear.
 *
 * Interrupts: a SINT interrupts when SCONTROL is enabled, the SINT is
 * unmasked, not in polling mode, and its vector is the one hv_sim gives for
 * HVCORE_IRQ_SYNIC (any other vector cannot be delivered, and is counted);
 * unmasking a SINT, enabling SCONTROL or SIMP re-asserts a SINT whose slot
 * or event flags hold something. How an interrupt reaches the VP's CPU, the
 * VP table and CPU hotplug are in vp.c.
 *
 * Locking: each VP's state is protected by vp->lock, a raw spinlock taken
 * with interrupts disabled. Nothing is allocated or freed under it: queue
 * entries are allocated before and freed after. The guest's handler and host
 * callbacks are never called with it held. Handlers: hvsim_irq_handler[] is
 * written with cmpxchg/WRITE_ONCE and read under rcu_read_lock() by the
 * irq_work; the guest waits for a grace period after removing one.
 */
#include <linux/bitfield.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/delay.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <asm/irq_regs.h>

#include "hvsim.h"

#define HVSIM_SINT_DEFINED	(HVSIM_SINT_VECTOR | HVSIM_SINT_MASKED | \
				 HVSIM_SINT_AUTO_EOI | HVSIM_SINT_POLLING)

static struct hvsim_message *hvsim_slot(struct hvsim_vp *vp, unsigned int sint)
{
	struct hvsim_simp_page *simp;

	if (!vp->simp_page)
		return NULL;
	simp = page_address(vp->simp_page);
	return &simp->slot[sint];
}

static unsigned long *hvsim_sint_flags(struct hvsim_vp *vp, unsigned int sint)
{
	if (!vp->siefp_page)
		return NULL;
	return page_address(vp->siefp_page) + sint * HVSIM_EVENT_FLAGS_BYTES;
}

/* Assert @sint if it may interrupt now. */
static void hvsim_sint_assert_locked(struct hvsim_vp *vp, unsigned int sint)
{
	u64 v = vp->sint[sint];

	if (!(vp->scontrol & HVSIM_SCONTROL_ENABLE) || (v & (HVSIM_SINT_MASKED | HVSIM_SINT_POLLING)))
		return;
	if (FIELD_GET(HVSIM_SINT_VECTOR, v) != HVSIM_SYNIC_VECTOR) {
		hvsim_count(irqs_bad_vector);
		return;
	}
	hvsim_raise_irq_locked(vp, HVCORE_IRQ_SYNIC);
}

static bool hvsim_sint_waiting(struct hvsim_vp *vp, unsigned int sint)
{
	return vp->queued[sint] || hvsim_stimer_pending_on(vp, sint);
}

/*
 * True if the slot is free. If not, flag MessagePending so that the guest
 * writes EOM once it frees it; then look again, because the guest may have
 * freed it before it could see the flag.
 */
static bool hvsim_slot_claim(struct hvsim_message *slot)
{
	if (READ_ONCE(slot->header.message_type) == HVSIM_MSG_NONE)
		return true;
	WRITE_ONCE(slot->header.message_flags,
		   READ_ONCE(slot->header.message_flags) | HVSIM_MSG_FLAG_PENDING);
	/* pairs with the guest's barrier between freeing the slot and reading the flags */
	smp_mb();
	return READ_ONCE(slot->header.message_type) == HVSIM_MSG_NONE;
}

/* Write @msg into the free @slot: the type last, so the guest sees a whole message. */
static void hvsim_slot_write(struct hvsim_vp *vp, unsigned int sint, struct hvsim_message *slot,
			     const struct hvsim_message *msg)
{
	memcpy(slot->payload, msg->payload, sizeof(slot->payload));
	slot->header.payload_size = msg->header.payload_size;
	slot->header.reserved[0] = 0;
	slot->header.reserved[1] = 0;
	slot->header.origin = msg->header.origin;
	WRITE_ONCE(slot->header.message_flags,
		   hvsim_sint_waiting(vp, sint) ? HVSIM_MSG_FLAG_PENDING : 0);
	smp_wmb();
	WRITE_ONCE(slot->header.message_type, msg->header.message_type);
	vp->messages++;
	hvsim_count(msg_delivered);
	hvsim_sint_assert_locked(vp, sint);
}

/**
 * hvsim_sint_post_locked() - write a message into a SINT's slot, if free
 * @vp:		the VP; its lock is held
 * @sint:	the SINT
 * @msg:	the message (header and payload)
 *
 * Context: vp->lock held.
 * Return: 0 when written, -EAGAIN when the slot is busy (MessagePending is
 * set in it), -ENODEV when the SIMP is disabled.
 */
int hvsim_sint_post_locked(struct hvsim_vp *vp, unsigned int sint,
			   const struct hvsim_message *msg)
{
	struct hvsim_message *slot = hvsim_slot(vp, sint);

	lockdep_assert_held(&vp->lock);
	if (!slot)
		return -ENODEV;
	if (!hvsim_slot_claim(slot))
		return -EAGAIN;
	hvsim_slot_write(vp, sint, slot, msg);
	return 0;
}

/*
 * Move the next waiting message of @sint into its slot if the slot is free:
 * expired timers first (only on the VP's own CPU, where their hrtimers live),
 * then host messages, oldest first. A host message that was written is moved
 * to @done, for the caller to free after dropping the lock.
 * Returns true if a host message was written.
 */
static bool hvsim_sint_flush_locked(struct hvsim_vp *vp, unsigned int sint, bool on_vp,
				    struct list_head *done)
{
	struct hvsim_message *slot = hvsim_slot(vp, sint);
	struct hvsim_queued_msg *q;

	if (!slot || !hvsim_sint_waiting(vp, sint) || !hvsim_slot_claim(slot))
		return false;
	if (on_vp && hvsim_stimer_flush_locked(vp, sint))
		return false;
	q = list_first_entry_or_null(&vp->queue[sint], struct hvsim_queued_msg, node);
	if (!q)
		return false;
	list_move_tail(&q->node, done);
	vp->queued[sint]--;
	hvsim_slot_write(vp, sint, slot, &q->msg);
	return true;
}

/* After a change that may let @sint deliver: fill its slot, re-assert it if it holds something. */
static void hvsim_sint_kick_locked(struct hvsim_vp *vp, unsigned int sint, struct list_head *done)
{
	struct hvsim_message *slot = hvsim_slot(vp, sint);
	unsigned long *flags = hvsim_sint_flags(vp, sint);

	hvsim_sint_flush_locked(vp, sint, true, done);
	if ((slot && READ_ONCE(slot->header.message_type) != HVSIM_MSG_NONE) ||
	    (flags && memchr_inv(flags, 0, HVSIM_EVENT_FLAGS_BYTES)))
		hvsim_sint_assert_locked(vp, sint);
}

static void hvsim_free_done(struct list_head *done)
{
	struct hvsim_queued_msg *q, *tmp;

	list_for_each_entry_safe(q, tmp, done, node)
		kfree(q);
}

/* Enable/disable an overlay page (SIMP or SIEFP); the old page is returned to put. */
static int hvsim_overlay_set(u64 val, u64 *msr, struct page **page, struct page **old)
{
	struct page *p = NULL;

	if ((val & HVSIM_OVERLAY_ENABLE) && hvsim_gpa_get(val & HVSIM_GPA_PAGE_MASK, &p))
		return -EIO;
	/* the overlay appears zeroed, as KVM presents it */
	if (p)
		memset(page_address(p), 0, PAGE_SIZE);
	*old = *page;
	*page = p;
	*msr = val;
	return 0;
}

/**
 * hvsim_synic_msr_read() - read a SynIC MSR of @vp
 * @vp:		the calling CPU's VP
 * @msr:	SCONTROL..EOM or SINT0..15
 * @val:	its value
 *
 * Context: preemption disabled, on @vp's CPU.
 * Return: 0, or -EIO for #GP.
 */
int hvsim_synic_msr_read(struct hvsim_vp *vp, u32 msr, u64 *val)
{
	unsigned long flags;
	int ret = 0;

	raw_spin_lock_irqsave(&vp->lock, flags);
	switch (msr) {
	case HVSIM_MSR_SCONTROL:
		*val = vp->scontrol;
		break;
	case HVSIM_MSR_SVERSION:
		*val = HVSIM_SVERSION_1;
		break;
	case HVSIM_MSR_SIEFP:
		*val = vp->siefp;
		break;
	case HVSIM_MSR_SIMP:
		*val = vp->simp;
		break;
	case HVSIM_MSR_EOM:
		*val = 0;
		break;
	case HVSIM_MSR_SINT0 ... HVSIM_MSR_SINT15:
		*val = vp->sint[msr - HVSIM_MSR_SINT0];
		break;
	default:
		ret = -EIO;
		break;
	}
	raw_spin_unlock_irqrestore(&vp->lock, flags);
	return ret;
}

static int hvsim_sint_write_locked(struct hvsim_vp *vp, unsigned int sint, u64 val,
				   struct list_head *done)
{
	/* a masked SINT may hold any vector: 0x10000 is the reset value */
	if (!(val & HVSIM_SINT_MASKED) &&
	    FIELD_GET(HVSIM_SINT_VECTOR, val) < HVSIM_SINT_FIRST_VALID_VECTOR)
		return -EIO;
	if ((val & HVSIM_SINT_POLLING) && !hvsim_has_feature(HVSIM_FEAT_SINT_POLLING))
		return -EIO;
	vp->sint[sint] = val & HVSIM_SINT_DEFINED;
	hvsim_sint_kick_locked(vp, sint, done);
	return 0;
}

/**
 * hvsim_synic_msr_write() - write a SynIC MSR of @vp
 * @vp:		the calling CPU's VP
 * @msr:	SCONTROL..EOM or SINT0..15
 * @val:	the value
 *
 * Context: preemption disabled, on @vp's CPU.
 * Return: 0, or -EIO for #GP.
 */
int hvsim_synic_msr_write(struct hvsim_vp *vp, u32 msr, u64 val)
{
	struct page *old = NULL;
	unsigned long flags;
	unsigned int sint;
	LIST_HEAD(done);
	int ret = 0;

	raw_spin_lock_irqsave(&vp->lock, flags);
	switch (msr) {
	case HVSIM_MSR_SCONTROL:
		vp->scontrol = val & HVSIM_SCONTROL_ENABLE;
		for (sint = 0; sint < HVSIM_SINT_COUNT; sint++)
			hvsim_sint_kick_locked(vp, sint, &done);
		break;
	case HVSIM_MSR_SIEFP:
		ret = hvsim_overlay_set(val, &vp->siefp, &vp->siefp_page, &old);
		break;
	case HVSIM_MSR_SIMP:
		ret = hvsim_overlay_set(val, &vp->simp, &vp->simp_page, &old);
		for (sint = 0; !ret && sint < HVSIM_SINT_COUNT; sint++)
			hvsim_sint_kick_locked(vp, sint, &done);
		break;
	case HVSIM_MSR_EOM:
		vp->eoms++;
		hvsim_count(eoms);
		for (sint = 0; sint < HVSIM_SINT_COUNT; sint++)
			hvsim_sint_flush_locked(vp, sint, true, &done);
		break;
	case HVSIM_MSR_SINT0 ... HVSIM_MSR_SINT15:
		ret = hvsim_sint_write_locked(vp, msr - HVSIM_MSR_SINT0, val, &done);
		break;
	default:
		ret = -EIO;	/* SVERSION is read-only */
		break;
	}
	raw_spin_unlock_irqrestore(&vp->lock, flags);
	hvsim_gpa_put(old);
	hvsim_free_done(&done);
	return ret;
}

/**
 * hvsim_deliver_message() - send a message from the host to a VP's SINT
 * @vp:		VP index
 * @sint:	SINT, below 16
 * @message_type: non-zero message type
 * @payload:	the payload (may be NULL when @size is 0)
 * @size:	payload bytes, at most 240
 *
 * The message is written into the SINT's slot at once if it is free and no
 * older message waits; otherwise it is queued (up to HVSIM_SINT_QUEUE_MAX per
 * SINT) and delivered in order as the guest frees the slot and writes EOM.
 *
 * Context: any; never sleeps. Allocates with GFP_ATOMIC, so on PREEMPT_RT it
 * must not be called from hard interrupt context.
 * Return: 0 when written or queued; -EINVAL for bad arguments; -ENODEV when
 * the VP's SIMP is disabled; -ENOBUFS when the SINT's queue is full;
 * -ENOMEM.
 */
int hvsim_deliver_message(unsigned int vp, unsigned int sint, u32 message_type,
			  const void *payload, u32 size)
{
	struct hvsim_vp *v = hvsim_vp(vp);
	struct hvsim_queued_msg *q;
	unsigned long flags;
	LIST_HEAD(done);
	bool first;
	int ret = 0;

	if (!v || sint >= HVSIM_SINT_COUNT || message_type == HVSIM_MSG_NONE ||
	    size > HVSIM_MESSAGE_PAYLOAD_BYTES || (size && !payload))
		return -EINVAL;
	q = kzalloc(sizeof(*q), GFP_ATOMIC);
	if (!q)
		return -ENOMEM;
	q->msg.header.message_type = message_type;
	q->msg.header.payload_size = size;
	if (size)
		memcpy(q->msg.payload, payload, size);

	raw_spin_lock_irqsave(&v->lock, flags);
	if (v->dead || !v->simp_page) {
		ret = -ENODEV;
	} else if (v->queued[sint] >= HVSIM_SINT_QUEUE_MAX) {
		ret = -ENOBUFS;
	} else {
		first = !v->queued[sint];
		list_add_tail(&q->node, &v->queue[sint]);
		v->queued[sint]++;
		q = NULL;
		if (!hvsim_sint_flush_locked(v, sint, false, &done) || !first)
			hvsim_count(msg_queued);
	}
	raw_spin_unlock_irqrestore(&v->lock, flags);
	if (ret)
		hvsim_count(msg_dropped);
	kfree(q);
	hvsim_free_done(&done);
	return ret;
}

/**
 * hvsim_signal_guest_event() - set an event flag in a VP's SIEFP page
 * @vp:		VP index
 * @sint:	SINT, below 16
 * @flag:	flag number, below 2048
 *
 * Context: any; never sleeps.
 * Return: 0, -EINVAL for bad arguments, -ENODEV when the SIEFP is disabled.
 */
int hvsim_signal_guest_event(unsigned int vp, unsigned int sint, unsigned int flag)
{
	struct hvsim_vp *v = hvsim_vp(vp);
	unsigned long *flags_page, flags;
	int ret = 0;

	if (!v || sint >= HVSIM_SINT_COUNT || flag >= HVSIM_EVENT_FLAGS_COUNT)
		return -EINVAL;
	raw_spin_lock_irqsave(&v->lock, flags);
	flags_page = hvsim_sint_flags(v, sint);
	if (v->dead || !flags_page) {
		ret = -ENODEV;
	} else if (!test_and_set_bit(flag, flags_page)) {
		v->events++;
		hvsim_count(events);
		hvsim_sint_assert_locked(v, sint);
	}
	raw_spin_unlock_irqrestore(&v->lock, flags);
	return ret;
}

void hvsim_synic_vp_show(struct seq_file *m, struct hvsim_vp *vp)
{
	struct hvsim_message *slot;
	unsigned long flags;
	unsigned int sint;

	raw_spin_lock_irqsave(&vp->lock, flags);
	seq_printf(m, "vp: %u\nonline: %d\nirq_deferred: %#lx\n", vp->index, vp->online,
		   vp->irq_deferred);
	seq_printf(m, "scontrol: %#llx\nsversion: %u\nsimp: %#llx\nsiefp: %#llx\n",
		   vp->scontrol, HVSIM_SVERSION_1, vp->simp, vp->siefp);
	seq_printf(m, "messages: %llu\neoms: %llu\nevents: %llu\nirqs: %llu\n",
		   vp->messages, vp->eoms, vp->events, vp->irqs);
	for (sint = 0; sint < HVSIM_SINT_COUNT; sint++) {
		slot = hvsim_slot(vp, sint);
		seq_printf(m, "sint%u: %#llx", sint, vp->sint[sint]);
		if (slot)
			seq_printf(m, " slot_type=%#x slot_flags=%#x",
				   READ_ONCE(slot->header.message_type),
				   READ_ONCE(slot->header.message_flags));
		seq_printf(m, " queued=%u\n", vp->queued[sint]);
	}
	raw_spin_unlock_irqrestore(&vp->lock, flags);
}
