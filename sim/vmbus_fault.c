// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection for the host half, scsi_debug's opts/every_nth style.
 *
 * hv_sim/vmbus_faults takes one command per write:
 *   <knob> [every=N] [count=M] [arg=X] [type=T]
 *					arm a knob: every Nth eligible event
 *					(default 1) is faulted, at most M times
 *					(default 0: no limit); every=0 disarms;
 *					type=T for delay only (below)
 *   clear				disarm every knob, zero the counters
 * Reading it lists every knob: "<knob> every= count= arg= seen= injected=",
 * seen counting eligible events since the knob was armed, injected the
 * faults made since the last clear; " type=T" follows when one is set.
 *
 * Knobs, where they act, and their arg:
 *   delay	 before handling each guest message and before each ring packet
 *		 the host sends; arg = microseconds (default 1000, max 10 s);
 *		 type=T: only before guest messages of type T (e.g. 5
 *		 OPENCHANNEL, 8 GPADL_HEADER), to make one answer slow
 *   drop	 a host message is not sent; arg = its type (e.g. 15
 *		 VERSION_RESPONSE, 6 OPENCHANNEL_RESULT); arg=0: a ring packet
 *   dup	 the same, sent twice
 *   reorder	 the same, held back and sent after the next one (at the end of
 *		 the batch if nothing overtakes it)
 *   truncate	 a ring packet carries arg bytes of its payload (default: half),
 *		 its descriptor consistent: shorter than its own header says
 *   oversize	 arg=0: a ring packet whose descriptor claims 65535 * 8 bytes,
 *		 more than was written; arg=N: payload padded to N bytes (bounded
 *		 by the ring)
 *   bad_trans_id a ring packet carries transaction ID arg (default: the
 *		 right one with 0xbad in its top 12 bits)
 *   bad_ring_index after a ring packet, write index arg is published
 *		 (default: just past the end of the data area)
 *   rescind	 after a ring packet, the device is rescinded (as del_device)
 *   no_answer	 a guest message is ignored as if never received; arg = its
 *		 type (e.g. 14 INITIATE_CONTACT, 5 OPENCHANNEL), 0: any
 *   bad_conn	 a guest message is refused at the post with
 *		 HV_STATUS_INVALID_CONNECTION_ID, which hosts return
 *		 transiently when busy; arg = its type, 0: any
 *   early_signal the channel is signalled before OPENCHANNEL_RESULT is
 *		 sent, as a Hyper-V device may do (its task starts first)
 * Every fault made increments its knob's injected counter.
 *
 * Locking: hvsim_fault_lock (spinlock, any context) protects the knobs.
 */
#include <linux/delay.h>
#include <linux/kernel.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "hvsim.h"
#include "vmbus_host.h"

#define HVSIM_FAULT_MAX_DELAY_US	10000000ull

enum hvsim_fault_match {
	HVSIM_MATCH_ANY,	/* every event is eligible */
	HVSIM_MATCH_TYPE,	/* events whose type equals arg */
	HVSIM_MATCH_TYPE_OR_ANY, /* arg 0: any; else type == arg */
};

struct hvsim_fault_knob {
	const char *name;
	enum hvsim_fault_match match;
	u64 def_arg;
	u64 max_arg;
	bool typed;	/* takes type=: eligible are events of that type only */
	u32 type;	/* 0: any */
	u32 every;
	u32 count;
	u64 arg;
	u64 seen;
	u64 fired;	/* since armed: for count */
	u64 injected;	/* since clear */
};

static DEFINE_SPINLOCK(hvsim_fault_lock);

static struct hvsim_fault_knob hvsim_faults[HVSIM_FAULT_COUNT] = {
	[HVSIM_FAULT_DELAY] = { "delay", HVSIM_MATCH_ANY, 1000, HVSIM_FAULT_MAX_DELAY_US, true },
	[HVSIM_FAULT_DROP] = { "drop", HVSIM_MATCH_TYPE, 0, HVSIM_VMSG_COUNT - 1 },
	[HVSIM_FAULT_DUP] = { "dup", HVSIM_MATCH_TYPE, 0, HVSIM_VMSG_COUNT - 1 },
	[HVSIM_FAULT_REORDER] = { "reorder", HVSIM_MATCH_TYPE, 0, HVSIM_VMSG_COUNT - 1 },
	[HVSIM_FAULT_TRUNCATE] = { "truncate", HVSIM_MATCH_ANY, 0, U32_MAX },
	[HVSIM_FAULT_OVERSIZE] = { "oversize", HVSIM_MATCH_ANY, 0, U32_MAX },
	[HVSIM_FAULT_BAD_TRANS_ID] = { "bad_trans_id", HVSIM_MATCH_ANY, 0, U64_MAX },
	[HVSIM_FAULT_BAD_RING_INDEX] = { "bad_ring_index", HVSIM_MATCH_ANY, 0, U32_MAX },
	[HVSIM_FAULT_RESCIND] = { "rescind", HVSIM_MATCH_ANY, 0, 0 },
	[HVSIM_FAULT_NO_ANSWER] = { "no_answer", HVSIM_MATCH_TYPE_OR_ANY, 0,
				    HVSIM_VMSG_COUNT - 1 },
	[HVSIM_FAULT_BAD_CONN] = { "bad_conn", HVSIM_MATCH_TYPE_OR_ANY, 0,
				   HVSIM_VMSG_COUNT - 1 },
	[HVSIM_FAULT_EARLY_SIGNAL] = { "early_signal", HVSIM_MATCH_ANY, 0, 0 },
};

/**
 * hvsim_fault_hit() - should this event be faulted?
 * @knob:	the fault
 * @type:	the event's message type (0 for a ring packet)
 * @arg:	set to the knob's arg when it fires (may be NULL)
 *
 * Context: any; never sleeps.
 * Return: true to inject the fault (counted).
 */
bool hvsim_fault_hit(enum hvsim_fault knob, u32 type, u64 *arg)
{
	struct hvsim_fault_knob *k = &hvsim_faults[knob];
	unsigned long flags;
	bool hit = false;

	if (!READ_ONCE(k->every))
		return false;
	spin_lock_irqsave(&hvsim_fault_lock, flags);
	if (!k->every)
		goto unlock;
	if ((k->match == HVSIM_MATCH_TYPE && type != k->arg) ||
	    (k->match == HVSIM_MATCH_TYPE_OR_ANY && k->arg && type != k->arg) ||
	    (k->type && type != k->type))
		goto unlock;
	k->seen++;
	if (k->seen % k->every || (k->count && k->fired >= k->count))
		goto unlock;
	k->fired++;
	k->injected++;
	hit = true;
	if (arg)
		*arg = k->arg;
unlock:
	spin_unlock_irqrestore(&hvsim_fault_lock, flags);
	return hit;
}

/**
 * hvsim_fault_delay() - the delay knob: sleep if it fires
 * @type:	the guest message about to be handled, 0 for a ring packet
 *
 * Context: process context, no lock held.
 */
void hvsim_fault_delay(u32 type)
{
	u64 us;

	if (hvsim_fault_hit(HVSIM_FAULT_DELAY, type, &us))
		fsleep(us);
}

static int hvsim_fault_parse(char *line, enum hvsim_fault *knob, u32 *every, u32 *count,
			     u64 *arg, u32 *type)
{
	char *s = strim(line), *tok, *val;
	unsigned int i;

	tok = strsep(&s, " \t\n");
	for (i = 0; i < HVSIM_FAULT_COUNT; i++)
		if (!strcmp(tok, hvsim_faults[i].name))
			break;
	if (i == HVSIM_FAULT_COUNT) {
		pr_warn("vmbus_faults: unknown knob '%s'\n", tok);
		return -EINVAL;
	}
	*knob = i;
	*every = 1;
	*count = 0;
	*type = 0;
	*arg = hvsim_faults[i].def_arg;
	while ((tok = strsep(&s, " \t\n"))) {
		if (!*tok)
			continue;
		val = strchr(tok, '=');
		if (!val)
			goto bad;
		*val++ = '\0';
		if (!strcmp(tok, "every")) {
			if (kstrtou32(val, 0, every))
				goto bad;
		} else if (!strcmp(tok, "count")) {
			if (kstrtou32(val, 0, count))
				goto bad;
		} else if (!strcmp(tok, "arg")) {
			if (kstrtou64(val, 0, arg) || *arg > hvsim_faults[i].max_arg)
				goto bad;
		} else if (!strcmp(tok, "type") && hvsim_faults[i].typed) {
			if (kstrtou32(val, 0, type) || !*type || *type >= HVSIM_VMSG_COUNT)
				goto bad;
		} else {
			goto bad;
		}
	}
	return 0;
bad:
	pr_warn("vmbus_faults: bad '%s' for %s (expected every=N count=M arg=X%s, arg at most %llu)\n",
		tok, hvsim_faults[i].name, hvsim_faults[i].typed ? " type=T" : "",
		hvsim_faults[i].max_arg);
	return -EINVAL;
}

/**
 * hvsim_fault_write() - one command written to hv_sim/vmbus_faults
 * @line:	the command, NUL-terminated (modified)
 *
 * Context: process context.
 * Return: 0, or -EINVAL (one log line said why).
 */
int hvsim_fault_write(char *line)
{
	enum hvsim_fault knob;
	struct hvsim_fault_knob *k;
	u32 every, count, type;
	unsigned int i;
	u64 arg;
	int ret;

	if (!strcmp(strim(line), "clear")) {
		spin_lock_irq(&hvsim_fault_lock);
		for (i = 0; i < HVSIM_FAULT_COUNT; i++) {
			k = &hvsim_faults[i];
			WRITE_ONCE(k->every, 0);
			k->count = 0;
			k->arg = 0;
			k->type = 0;
			k->seen = 0;
			k->fired = 0;
			k->injected = 0;
		}
		spin_unlock_irq(&hvsim_fault_lock);
		return 0;
	}
	ret = hvsim_fault_parse(line, &knob, &every, &count, &arg, &type);
	if (ret)
		return ret;
	k = &hvsim_faults[knob];
	spin_lock_irq(&hvsim_fault_lock);
	k->count = count;
	k->arg = arg;
	k->type = type;
	k->seen = 0;
	k->fired = 0;
	WRITE_ONCE(k->every, every);
	spin_unlock_irq(&hvsim_fault_lock);
	return 0;
}

/**
 * hvsim_fault_show() - list the knobs
 * @m:		the seq_file
 *
 * Context: process context.
 */
void hvsim_fault_show(struct seq_file *m)
{
	struct hvsim_fault_knob *k;
	unsigned int i;

	spin_lock_irq(&hvsim_fault_lock);
	for (i = 0; i < HVSIM_FAULT_COUNT; i++) {
		k = &hvsim_faults[i];
		seq_printf(m, "%s every=%u count=%u arg=%llu seen=%llu injected=%llu", k->name,
			   k->every, k->count, k->arg, k->seen, k->injected);
		if (k->type)
			seq_printf(m, " type=%u", k->type);
		seq_putc(m, '\n');
	}
	spin_unlock_irq(&hvsim_fault_lock);
}
