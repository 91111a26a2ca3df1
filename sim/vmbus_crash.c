// SPDX-License-Identifier: GPL-2.0
/*
 * What the host saw of the guest's VMBus connection when the guest crashed.
 *
 * A guest that panics posts UNLOAD from its panic notifier, so that a kdump
 * kernel can connect again, and then reports the crash through the crash
 * MSRs. On a real host the UNLOAD is handled by the host; here the host's
 * control work is a workqueue of the guest's own kernel, which no longer runs
 * once that kernel panics: the message waits in the inbox. So the crash
 * report, which the guest writes after its panic notifiers ran, is where the
 * host says what arrived and was never handled. That is the host's evidence
 * that the UNLOAD reached it, not the guest's claim that it posted one.
 */
#include <linux/list.h>
#include <linux/printk.h>
#include <linux/spinlock.h>

#include "hvsim.h"
#include "vmbus_host.h"

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
