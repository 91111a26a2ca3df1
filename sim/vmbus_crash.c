// SPDX-License-Identifier: GPL-2.0
/*
 * The host's VMBus side of a guest crash.
 *
 * A guest that crashes into kdump posts UNLOAD from its crash handler, one
 * that panics from its panic notifier, so that the next kernel can connect
 * again, and then polls its message pages for the answer with interrupts
 * off. A real host answers from its own CPUs (after closing the channels:
 * seconds, on Azure tens of them). This host's control work is a workqueue
 * of the guest's own kernel, which no longer runs once that kernel crashes,
 * so while the guest is crashing (platform.c) an UNLOAD is answered at once,
 * from the guest's post, and printed: the host's evidence that it arrived.
 * The channels are not torn down (that needs the control work's locks);
 * their state dies with this kernel, and the handoff page (handoff.c) says
 * the connection was unloaded.
 *
 * Anything else posted then waits in the inbox: the crash report, which the
 * guest writes after that, is where the host says what arrived and was
 * never handled.
 */
#include <linux/list.h>
#include <linux/printk.h>
#include <linux/spinlock.h>

#include "hvsim.h"
#include "vmbus_host.h"

static bool hvsim_vmbus_crash_unload_done;

/**
 * hvsim_vmbus_crash_post() - a guest message posted while the guest crashes
 * @payload:	the message
 * @size:	its size (checked by the caller)
 *
 * Context: the crashing CPU, interrupts off; other CPUs stopped or stopping.
 * Return: true when the message was handled here (UNLOAD), false to queue it
 * as usual.
 */
bool hvsim_vmbus_crash_post(const void *payload, u32 size)
{
	const struct hvsim_vmsg_hdr *hdr = payload;
	struct hvsim_vmsg_hdr resp = { .type = HVSIM_VMSG_UNLOAD_RESPONSE };
	struct hvsim_vmbus *s = &hvsim_vmbus;
	u32 vp = READ_ONCE(s->vp);
	int ret;

	if (hdr->type != HVSIM_VMSG_UNLOAD || READ_ONCE(s->state) == HVSIM_VCONN_DISCONNECTED)
		return false;
	ret = hvsim_deliver_message(vp, READ_ONCE(s->sint), HVSIM_VMBUS_SYNIC_MSG_TYPE,
				    &resp, sizeof(resp));
	if (ret) {
		pr_emerg("vmbus: UNLOAD at the guest crash: the answer to VP %u failed (%d)\n", vp, ret);
		return true;
	}
	WRITE_ONCE(hvsim_vmbus_crash_unload_done, true);
	pr_emerg("vmbus: UNLOAD at the guest crash: answered at once on VP %u\n", vp);
	return true;
}

/**
 * hvsim_vmbus_crash_unloaded() - did the guest UNLOAD while it crashed?
 *
 * Context: any.
 */
bool hvsim_vmbus_crash_unloaded(void)
{
	return READ_ONCE(hvsim_vmbus_crash_unload_done);
}

/**
 * hvsim_vmbus_crash_note() - print the guest messages still waiting in the inbox
 *
 * Prints "vmbus: at the guest crash: <n> UNLOAD and <m> other messages posted,
 * not handled" when any wait; nothing otherwise.
 *
 * Context: the guest's panic path (crash MSR write): interrupts off and the
 * other CPUs stopped, possibly while holding the inbox lock, so it is only
 * tried, never waited for.
 */
void hvsim_vmbus_crash_note(void)
{
	struct hvsim_vmbus *s = &hvsim_vmbus;
	const struct hvsim_vmsg_hdr *hdr;
	unsigned int unload = 0, other = 0;
	const struct hvsim_vin *in;
	unsigned long flags;

	if (!spin_trylock_irqsave(&s->inbox_lock, flags)) {
		pr_emerg("vmbus: at the guest crash: the inbox is locked, not inspected\n");
		return;
	}
	list_for_each_entry(in, &s->inbox, node) {
		if (in->event)
			continue;
		hdr = (const struct hvsim_vmsg_hdr *)in->data;
		if (hdr->type == HVSIM_VMSG_UNLOAD)
			unload++;
		else
			other++;
	}
	spin_unlock_irqrestore(&s->inbox_lock, flags);
	if (unload || other)
		pr_emerg("vmbus: at the guest crash: %u UNLOAD and %u other messages posted, not handled\n",
			 unload, other);
}
