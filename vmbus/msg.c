// SPDX-License-Identifier: GPL-2.0
/*
 * Channel messages in: the SINT 2 handler copies each message out of the
 * SynIC slot (hard interrupt context, the slot is reused as soon as we
 * return) and queues the copy on an ordered workqueue, where it is parsed
 * and dispatched in process context in the order the host sent it.
 *
 * A lost message is a lost device or a hung waiter, so the copy never
 * depends on an atomic allocation alone: the copies come from a mempool
 * with a reserve, and when even that is empty the handler leaves the
 * message in the slot. The hypervisor then holds every later one back (in
 * order), and a retry work offers the slot to us again a jiffy later, by
 * when the message work has given copies back.
 *
 * The message work never blocks on the host: answers complete waiters,
 * offers and rescinds update the channel table and queue the slow part
 * (adding and removing devices, which runs driver probe and remove, which
 * wait for answers) on the offer workqueues.
 */
#include <linux/mempool.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "hv_core/hvcore.h"
#include "internal.h"

struct vmb_msg_work {
	struct work_struct work;
	u32 size;
	u8 payload[HVCORE_MESSAGE_PAYLOAD_SIZE];
	union vmbus_chanmsg parsed;	/* filled by the work: no allocation there */
};

/*
 * Copies in reserve: a burst of offers at connect (hundreds on a big host)
 * is mostly served by the slab; the reserve covers a slab that fails.
 */
#define VMB_MSG_RESERVE		32

static mempool_t *vmb_msg_pool;
/* debugfs vmbus/msg_alloc_fail: refuse that many copies, as if out of memory */
atomic_t vmb_msg_alloc_fail = ATOMIC_INIT(0);

/* answers: the type awaited, and which fields identify the waiter */
static void vmb_dispatch_answer(u32 type, const union vmbus_chanmsg *m)
{
	u32 relid = U32_MAX, key = U32_MAX;

	switch (type) {
	case VMBUS_CHANMSG_OPENCHANNEL_RESULT:
		relid = m->open_result.child_relid;
		break;
	case VMBUS_CHANMSG_GPADL_CREATED:
		relid = m->gpadl_created.child_relid;
		key = m->gpadl_created.gpadl;
		break;
	case VMBUS_CHANMSG_GPADL_TORNDOWN:
		key = m->gpadl_torndown.gpadl;
		break;
	case VMBUS_CHANMSG_MODIFYCHANNEL_RESPONSE:
		relid = m->modify_response.child_relid;
		break;
	default:
		break;
	}
	if (!vmb_waiters_complete(type, relid, key, m)) {
		atomic64_inc(&vmb_conn.msgs_unexpected);
		pr_warn_ratelimited("unexpected %s (relid %d, key %#x): nobody waits for it\n",
				    vmbus_chanmsg_name(type), (int)relid, key);
	}
}

static void vmb_msg_work_fn(struct work_struct *work)
{
	struct vmb_msg_work *mw = container_of(work, struct vmb_msg_work, work);
	union vmbus_chanmsg *m = &mw->parsed;
	int type;

	type = vmbus_chanmsg_parse(mw->payload, mw->size, m);
	if (type < 0) {
		atomic64_inc(&vmb_conn.msgs_bad);
		pr_warn_ratelimited("malformed channel message (%u bytes, type %u): %d\n",
				    mw->size, mw->size >= 4 ? *(u32 *)mw->payload : 0, type);
		goto free;
	}
	atomic64_inc(&vmb_conn.msgs);

	switch (type) {
	case VMBUS_CHANMSG_OFFERCHANNEL:
		vmb_handle_offer(&m->offer);
		break;
	case VMBUS_CHANMSG_RESCIND_CHANNELOFFER:
		vmb_handle_rescind(m->rescind.child_relid);
		break;
	case VMBUS_CHANMSG_ALLOFFERS_DELIVERED:
		vmb_handle_all_offers();
		break;
	case VMBUS_CHANMSG_VERSION_RESPONSE:
	case VMBUS_CHANMSG_OPENCHANNEL_RESULT:
	case VMBUS_CHANMSG_GPADL_CREATED:
	case VMBUS_CHANMSG_GPADL_TORNDOWN:
	case VMBUS_CHANMSG_UNLOAD_RESPONSE:
	case VMBUS_CHANMSG_MODIFYCHANNEL_RESPONSE:
		vmb_dispatch_answer(type, m);
		break;
	default:
		/* valid but not for a guest to receive (e.g. our own requests) */
		atomic64_inc(&vmb_conn.msgs_unexpected);
		pr_warn_ratelimited("ignoring %s from the host\n", vmbus_chanmsg_name(type));
		break;
	}
free:
	mempool_free(mw, vmb_msg_pool);
}

/* Offers the held message again, on the CPU whose slot holds it. */
static void vmb_msg_retry_fn(struct work_struct *work)
{
	int ret = hvcore_synic_kick(READ_ONCE(vmb_conn.msg_held_cpu));

	if (ret)
		pr_warn_ratelimited("cannot retry the held channel message: %d\n", ret);
}

/*
 * Hard interrupt context, on the CPU that received the message. The header
 * is host data: the size is checked before it is used.
 */
static bool vmb_sint_message(const struct hvcore_message *msg, void *ctx)
{
	u32 size = READ_ONCE(msg->header.payload_size);
	struct vmb_msg_work *mw = NULL;

	if (size > HVCORE_MESSAGE_PAYLOAD_SIZE || size < sizeof(u32)) {
		atomic64_inc(&vmb_conn.msgs_bad);
		return true;
	}
	if (!atomic_add_unless(&vmb_msg_alloc_fail, -1, 0))
		mw = mempool_alloc(vmb_msg_pool, GFP_ATOMIC);
	if (!mw) {
		/* keep it in the slot; the host waits, nothing is lost */
		atomic64_inc(&vmb_conn.msgs_held);
		WRITE_ONCE(vmb_conn.msg_held_cpu, smp_processor_id());
		queue_delayed_work(vmb_conn.msg_wq, &vmb_conn.msg_retry, 1);
		return false;
	}
	mw->size = size;
	memcpy(mw->payload, msg->payload, size);
	/*
	 * A panicking CPU polls for UNLOAD_RESPONSE and cannot wait for the
	 * workqueue: note it here (complete() is safe in any context).
	 */
	if (*(u32 *)mw->payload == VMBUS_CHANMSG_UNLOAD_RESPONSE)
		complete(&vmb_conn.unload_done);
	INIT_WORK(&mw->work, vmb_msg_work_fn);
	queue_work(vmb_conn.msg_wq, &mw->work);
	return true;
}

static const struct hvcore_sint_ops vmb_sint_ops = {
	.message = vmb_sint_message,
	.event = vmb_event_isr,
};

int vmb_msg_init(void)
{
	int ret;

	vmb_msg_pool = mempool_create_kmalloc_pool(VMB_MSG_RESERVE, sizeof(struct vmb_msg_work));
	if (!vmb_msg_pool)
		return -ENOMEM;
	INIT_DELAYED_WORK(&vmb_conn.msg_retry, vmb_msg_retry_fn);
	vmb_conn.msg_wq = alloc_ordered_workqueue("vmbus_msg", WQ_MEM_RECLAIM);
	vmb_conn.offer_wq = alloc_ordered_workqueue("vmbus_offer", 0);
	vmb_conn.sub_wq = alloc_ordered_workqueue("vmbus_subchan", 0);
	if (!vmb_conn.msg_wq || !vmb_conn.offer_wq || !vmb_conn.sub_wq) {
		ret = -ENOMEM;
		goto destroy_wqs;
	}
	ret = hvcore_sint_register(HVCORE_SINT_VMBUS, &vmb_sint_ops, NULL);
	if (ret) {
		pr_err("cannot take SINT %u from hv_core: %d\n", HVCORE_SINT_VMBUS, ret);
		goto destroy_wqs;
	}
	return 0;

destroy_wqs:
	if (vmb_conn.sub_wq)
		destroy_workqueue(vmb_conn.sub_wq);
	if (vmb_conn.offer_wq)
		destroy_workqueue(vmb_conn.offer_wq);
	if (vmb_conn.msg_wq)
		destroy_workqueue(vmb_conn.msg_wq);
	mempool_destroy(vmb_msg_pool);
	return ret;
}

/* After this no message or event callback runs and no work is queued. */
void vmb_msg_exit(void)
{
	hvcore_sint_unregister(HVCORE_SINT_VMBUS);
	/* no handler queues the retry any more; the queued copies drain */
	cancel_delayed_work_sync(&vmb_conn.msg_retry);
	destroy_workqueue(vmb_conn.msg_wq);
	destroy_workqueue(vmb_conn.sub_wq);
	destroy_workqueue(vmb_conn.offer_wq);
	mempool_destroy(vmb_msg_pool);
}
