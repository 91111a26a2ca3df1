// SPDX-License-Identifier: GPL-2.0
/*
 * Opening and closing channels, and where their interrupts go.
 *
 * A channel's two rings are one allocation described to the host by one
 * GPADL: the send (guest to host) ring's control page and data first, the
 * receive ring after it; OPENCHANNEL tells the host the page offset of the
 * second. The host signals a channel by setting its relid bit in the event
 * flags of the target VP we named in OPENCHANNEL (or MODIFYCHANNEL later),
 * so each channel has a target CPU, chosen as it is offered: the least
 * loaded housekeeping CPU of a NUMA node, nodes in turn for primaries, the
 * primary's node for its sub-channels (vmb_pick_cpu()); its rings are
 * allocated on that node.
 *
 * When a CPU goes offline, a hotplug callback moves its channels to other
 * CPUs first (MODIFYCHANNEL, 4.1 and later); with older protocols the
 * channel cannot move, and the CPU stays online, as in the kernel.
 */
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/kmemleak.h>
#include <linux/mm.h>
#include <linux/nodemask.h>
#include <linux/sched/isolation.h>
#include <linux/slab.h>
#include <linux/topology.h>
#include <linux/vmalloc.h>

#include "hv_core/hvcore.h"
#include "internal.h"

#define VMB_RING_MAX	(64u << 20)	/* per direction; sanity, not protocol */

static enum cpuhp_state vmb_cpuhp_state;

/* channels whose interrupts go to @cpu now; vmb_conn.lock held */
static unsigned int vmb_cpu_load(unsigned int cpu)
{
	struct vmb_channel *ch, *sc;
	unsigned int n = 0;

	list_for_each_entry(ch, &vmb_conn.channels, node) {
		n += READ_ONCE(ch->target_cpu) == cpu && !ch->rescinded;
		list_for_each_entry(sc, &ch->subs, node)
			n += READ_ONCE(sc->target_cpu) == cpu && !sc->rescinded;
	}
	return n;
}

/**
 * vmb_pick_cpu() - the CPU a new channel's interrupts go to
 * @primary:	the channel's primary for a sub-channel, NULL for a primary
 *
 * A housekeeping CPU (the ones isolcpus=managed_irq leaves for device
 * interrupts), the least loaded (fewest channels) of one NUMA node: a
 * primary takes the next node in turn, a sub-channel its primary's node
 * first, so that a device's queues stay near each other and near their
 * rings, which are allocated on that node. When no housekeeping CPU is
 * active, any active one.
 *
 * Active, not online: a CPU on its way down leaves the active mask before
 * vmbus.ko's hotplug callback runs, and that callback takes vmb_conn.lock
 * to find the channels to move. A channel that gets its CPU and joins the
 * lists in one hold of the lock is therefore either seen by that callback
 * or never given that CPU. (The CPU hotplug lock cannot be taken here: the
 * callback waits for host answers that this message work must deliver.)
 *
 * Context: vmb_conn.lock held (the channel lists are walked).
 */
unsigned int vmb_pick_cpu(const struct vmb_channel *primary)
{
	static int next_node = NUMA_NO_NODE;
	const struct cpumask *hk = housekeeping_cpumask(HK_TYPE_MANAGED_IRQ);
	unsigned int cpu, best = nr_cpu_ids, best_load = UINT_MAX, load, tries;
	int node;

	lockdep_assert_held(&vmb_conn.lock);
	node = primary ? cpu_to_node(READ_ONCE(primary->target_cpu)) :
			 next_node_in(next_node, node_online_map);
	for (tries = 0; tries < num_online_nodes() && best >= nr_cpu_ids; tries++) {
		for_each_cpu_and(cpu, cpumask_of_node(node), cpu_active_mask) {
			if (!cpumask_test_cpu(cpu, hk))
				continue;
			load = vmb_cpu_load(cpu);
			if (load < best_load) {
				best = cpu;
				best_load = load;
			}
		}
		if (best >= nr_cpu_ids)
			node = next_node_in(node, node_online_map);
	}
	if (!primary)
		next_node = node;
	if (best >= nr_cpu_ids) {
		/* every active CPU is isolated from managed interrupts */
		best = cpumask_first(cpu_active_mask);
	}
	return best;
}

static void vmb_rings_free(struct vmb_channel *ch)
{
	vfree(ch->ring_buf);
	ch->ring_buf = NULL;
}

/* The host did not answer for the rings' GPADL and may still use them. */
static void vmb_rings_leak(struct vmb_channel *ch)
{
	pr_err("relid %u: leaking %u ring bytes the host may still use\n", ch->relid, ch->ring_size);
	/* on purpose, and said so above: not kmemleak's to report */
	kmemleak_not_leak(ch->ring_buf);
	ch->ring_buf = NULL;
}

/* Makes the rings usable (or not) for senders, readers and sysfs. */
static void vmb_rings_set_ready(struct vmb_channel *ch, bool ready)
{
	spin_lock_irq(&ch->out_lock);
	spin_lock(&ch->in_lock);
	ch->ring_ready = ready;
	ch->signal_owed = false;	/* new rings, or none: nothing in them */
	spin_unlock(&ch->in_lock);
	spin_unlock_irq(&ch->out_lock);
}

/**
 * vmb_ring_peek() - one value of a channel's ring, read under that ring's lock
 * @ch:		the channel
 * @in:		the inbound (host to guest) ring, else the outbound one
 * @get:	what to read
 * @v:		the value
 *
 * Close frees the rings under both locks (a spinlock, never held while
 * waiting for the host), so this never reads freed memory.
 *
 * Context: any; does not sleep.
 * Return: false, @v untouched, if the rings are not set up.
 */
bool vmb_ring_peek(struct vmb_channel *ch, bool in, u32 (*get)(const struct vmbus_ring *r),
		   u32 *v)
{
	spinlock_t *lock = in ? &ch->in_lock : &ch->out_lock;
	unsigned long flags;
	bool ready;

	spin_lock_irqsave(lock, flags);
	ready = ch->ring_ready;
	if (ready)
		*v = get(in ? &ch->in : &ch->out);
	spin_unlock_irqrestore(lock, flags);
	return ready;
}

static int vmb_check_config(const struct vmb_chan_config *cfg)
{
	if (!cfg->send_ring_size || !cfg->recv_ring_size ||
	    !IS_ALIGNED(cfg->send_ring_size, VMBUS_RING_DATA_ALIGN) ||
	    !IS_ALIGNED(cfg->recv_ring_size, VMBUS_RING_DATA_ALIGN) ||
	    cfg->send_ring_size > VMB_RING_MAX || cfg->recv_ring_size > VMB_RING_MAX)
		return -EINVAL;
	if (cfg->userdata_len > VMB_OPEN_USERDATA_MAX || (cfg->userdata_len && !cfg->userdata))
		return -EINVAL;
	if (!cfg->on_event)
		return -EINVAL;
	return 0;
}

static int vmb_send_open(struct vmb_channel *ch, const struct vmb_chan_config *cfg)
{
	struct vmbus_chanmsg_open_channel msg = {};
	struct vmb_waiter w;
	int ret;

	msg.header.msgtype = VMBUS_CHANMSG_OPENCHANNEL;
	msg.child_relid = ch->relid;
	msg.openid = ch->relid;
	msg.ringbuffer_gpadlhandle = ch->ring_gpadl.handle;
	msg.target_vp = ch->target_vp;
	msg.downstream_ringbuffer_pageoffset = ch->send_pages;
	if (cfg->userdata_len)
		memcpy(msg.userdata, cfg->userdata, cfg->userdata_len);

	vmb_waiter_add(&w, VMBUS_CHANMSG_OPENCHANNEL_RESULT, ch->relid, U32_MAX);
	if (READ_ONCE(ch->rescinded)) {
		vmb_waiter_del(&w);
		return -ENODEV;
	}
	ret = vmb_post(&msg, sizeof(msg));
	if (ret) {
		vmb_waiter_del(&w);
		return ret;
	}
	ret = vmb_waiter_wait(&w, vmb_response_timeout);
	if (ret)
		return ret;
	if (w.resp.open_result.status) {
		pr_warn("relid %u: the host refused to open the channel (status %#x)\n",
			ch->relid, w.resp.open_result.status);
		return -EIO;
	}
	return 0;
}

static void vmb_send_close(struct vmb_channel *ch)
{
	struct vmbus_chanmsg_close_channel msg = {
		.header.msgtype = VMBUS_CHANMSG_CLOSECHANNEL,
		.child_relid = ch->relid,
	};

	/* sent after a rescind too: the host expects it (as Linux does) */
	if (READ_ONCE(vmb_conn.state) == VMB_CONNECTED)
		vmb_post(&msg, sizeof(msg));
}

/*
 * Gives the ring memory back unless the host may still write into it: a
 * failed GPADL teardown (no answer) means it might, and we leak instead.
 * Return: false if the rings were leaked.
 */
static bool vmb_rings_release(struct vmb_channel *ch)
{
	if (ch->ring_gpadl.handle && vmb_gpadl_teardown(ch, &ch->ring_gpadl)) {
		vmb_rings_leak(ch);
		return false;
	}
	vmb_rings_free(ch);
	return true;
}

/**
 * vmb_chan_open() - open a channel: rings, GPADL, OPENCHANNEL
 * @ch:		a primary channel (from probe) or a sub-channel (from the
 *		sub-channel callback)
 * @cfg:	ring sizes, callback, read mode, request table size
 *
 * Allocates both rings, hands them to the host as one GPADL and waits for
 * the host's OPENCHANNEL_RESULT. From then on @cfg->on_event runs when the
 * host signals.
 *
 * Context: process context; sleeps; takes the channel's mutex. Must not
 * be called with vmb_conn.lock held (nothing outside vmbus.ko can).
 * Return: 0; -EINVAL (bad @cfg); -EBUSY (open already); -ENODEV (the
 * channel was rescinded); -ETIMEDOUT (the host did not answer); -EIO (it
 * refused); -ENOMEM.
 */
int vmb_chan_open(struct vmb_channel *ch, const struct vmb_chan_config *cfg)
{
	u32 send_total, recv_total;
	u8 *buf;
	int ret;

	ret = vmb_check_config(cfg);
	if (ret)
		return ret;
	send_total = VMBUS_RING_HDR_SIZE + cfg->send_ring_size;
	recv_total = VMBUS_RING_HDR_SIZE + cfg->recv_ring_size;

	mutex_lock(&ch->mutex);
	if (READ_ONCE(ch->rescinded)) {
		ret = -ENODEV;
		goto unlock;
	}
	if (ch->state != VMB_CHAN_OFFERED) {
		ret = -EBUSY;
		goto unlock;
	}
	ch->state = VMB_CHAN_OPENING;
	ch->broken = false;

	/* the rings where the CPU that reads them is */
	buf = vzalloc_node(send_total + recv_total, cpu_to_node(ch->target_cpu));
	if (!buf) {
		ret = -ENOMEM;
		goto reset_state;
	}
	ch->ring_buf = buf;
	ch->ring_size = send_total + recv_total;
	ch->send_pages = send_total / VMB_HV_PAGE_SIZE;	/* the host counts its pages */

	ret = vmb_reqs_init(ch, cfg->max_requests);
	if (ret)
		goto free_rings;
	ret = vmbus_ring_init(&ch->out, buf, buf + VMBUS_RING_HDR_SIZE, cfg->send_ring_size, false);
	if (!ret)
		ret = vmbus_ring_init(&ch->in, buf + send_total,
				      buf + send_total + VMBUS_RING_HDR_SIZE,
				      cfg->recv_ring_size, true);
	if (ret)
		goto free_reqs;

	ret = vmb_gpadl_create(ch, buf, ch->ring_size, &ch->ring_gpadl);
	if (ret == -ETIMEDOUT)
		vmb_rings_leak(ch);	/* the host may map them yet */
	if (ret)
		goto free_reqs;

	spin_lock_bh(&ch->cb_lock);
	ch->on_event = cfg->on_event;
	ch->ctx = cfg->ctx;
	ch->on_cancel = cfg->on_cancel;
	ch->on_cpu_change = cfg->on_cpu_change;
	ch->mode = cfg->mode;
	ch->low_latency = cfg->low_latency;
	spin_unlock_bh(&ch->cb_lock);
	vmb_rings_set_ready(ch, true);

	ret = vmb_send_open(ch, cfg);
	if (ret)
		goto unready;
	ch->state = VMB_CHAN_OPEN;
	WRITE_ONCE(ch->opened_once, true);
	mutex_unlock(&ch->mutex);
	return 0;

unready:
	vmb_rings_set_ready(ch, false);
	spin_lock_bh(&ch->cb_lock);
	ch->on_event = NULL;
	spin_unlock_bh(&ch->cb_lock);
	/* a timed-out open may still complete in the host: close it there */
	if (ret == -ETIMEDOUT)
		vmb_send_close(ch);
	vmb_reqs_free(ch, false);
	vmb_rings_release(ch);
	goto reset_state;
free_reqs:
	vmb_reqs_free(ch, false);
free_rings:
	vmb_rings_free(ch);
reset_state:
	ch->state = VMB_CHAN_OFFERED;
unlock:
	mutex_unlock(&ch->mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(vmb_chan_open);

/**
 * vmb_chan_close() - close an open channel
 * @ch:		a channel opened with vmb_chan_open()
 *
 * Stops the callback (waiting for a running one to return), tells the
 * host (CLOSECHANNEL), takes the rings back (GPADL teardown, skipped after
 * a rescind: the host has dropped it) and frees them. Requests still
 * outstanding then go back to the driver through its @on_cancel: their
 * completions will never be returned. If the host did not answer the
 * teardown, it may still use the rings and the requests' buffers: both are
 * leaked (logged), and @on_cancel is not called. Closing a channel that is
 * not open does nothing.
 *
 * Context: process context; sleeps; takes the channel's mutex. Not from
 * the channel's own callback.
 */
void vmb_chan_close(struct vmb_channel *ch)
{
	mutex_lock(&ch->mutex);
	if (ch->state != VMB_CHAN_OPEN) {
		mutex_unlock(&ch->mutex);
		return;
	}
	/* cb_lock is held around every callback: after this none runs */
	spin_lock_bh(&ch->cb_lock);
	ch->on_event = NULL;
	spin_unlock_bh(&ch->cb_lock);
	/* it runs under the mutex we hold: none runs after this either */
	ch->on_cpu_change = NULL;
	vmb_rings_set_ready(ch, false);

	vmb_send_close(ch);
	ch->state = VMB_CHAN_OFFERED;
	/*
	 * Rings first: once the GPADL is torn down (answered after the
	 * CLOSECHANNEL before it, or dropped by a rescind) the host touches
	 * neither the rings nor, having stopped the channel, the buffers of
	 * requests still outstanding, which the driver may then free.
	 */
	vmb_reqs_free(ch, vmb_rings_release(ch));
	mutex_unlock(&ch->mutex);
}
EXPORT_SYMBOL_GPL(vmb_chan_close);

/* For channels a driver left open at remove or rescind, and module exit. */
void vmb_chan_force_close(struct vmb_channel *ch)
{
	mutex_lock(&ch->mutex);
	if (ch->state == VMB_CHAN_OPEN) {
		pr_warn("relid %u: closing a channel its driver left open\n", ch->relid);
		/* the driver's remove has returned: its context may be gone */
		ch->on_cancel = NULL;
		ch->on_cpu_change = NULL;
	}
	mutex_unlock(&ch->mutex);
	vmb_chan_close(ch);
}

/*
 * MODIFYCHANNEL: the host's interrupts for @ch go to @cpu from now on.
 * From 5.3 the host confirms; before, it does not, and a signal may still
 * reach the old CPU for a moment, which is harmless while that CPU is
 * online: events are dispatched by relid on whichever CPU sees them. The
 * channel is kicked once afterwards in case a signal was set in the old
 * CPU's flags just before it stopped looking.
 *
 * Caller holds cpus_read_lock() or is a hotplug callback, so @cpu stays
 * online. Return: 0, -EIO (not open, or the host refused), -ENODEV.
 */
int vmb_chan_retarget(struct vmb_channel *ch, unsigned int cpu)
{
	struct vmbus_chanmsg_modifychannel msg = {};
	struct vmb_waiter w;
	bool confirm = vmbus_has_modifychannel_response(vmb_conn.version);
	int ret;

	mutex_lock(&ch->mutex);
	if (ch->state != VMB_CHAN_OPEN) {
		/* the host ignores MODIFYCHANNEL for a channel not open */
		ret = -EIO;
		goto unlock;
	}
	ret = 0;
	if (cpu == ch->target_cpu)
		goto unlock;
	msg.header.msgtype = VMBUS_CHANMSG_MODIFYCHANNEL;
	msg.child_relid = ch->relid;
	msg.target_vp = hvcore_vp_index(cpu);
	if (confirm)
		vmb_waiter_add(&w, VMBUS_CHANMSG_MODIFYCHANNEL_RESPONSE, ch->relid, U32_MAX);
	ret = vmb_post(&msg, sizeof(msg));
	if (ret) {
		if (confirm)
			vmb_waiter_del(&w);
		ret = -EIO;
		goto unlock;
	}
	if (confirm) {
		ret = vmb_waiter_wait(&w, vmb_response_timeout);
		if (!ret && w.resp.modify_response.status)
			ret = -EIO;
		if (ret)
			goto unlock;
	}
	WRITE_ONCE(ch->target_cpu, cpu);
	ch->target_vp = msg.target_vp;
	tasklet_schedule(&ch->tasklet);
	/* under the mutex: close, which clears it, waits for this */
	if (ch->on_cpu_change)
		ch->on_cpu_change(ch, ch->ctx, cpu);
unlock:
	mutex_unlock(&ch->mutex);
	return ret;
}

/* A closed channel moves by bookkeeping alone: OPENCHANNEL names the VP. */
static void vmb_chan_retarget_closed(struct vmb_channel *ch, unsigned int cpu)
{
	mutex_lock(&ch->mutex);
	if (ch->state == VMB_CHAN_OFFERED) {
		WRITE_ONCE(ch->target_cpu, cpu);
		ch->target_vp = hvcore_vp_index(cpu);
	}
	mutex_unlock(&ch->mutex);
}

/* an online CPU other than @dying, spread by relid */
static unsigned int vmb_other_cpu(unsigned int dying, u32 relid)
{
	unsigned int n = 0, cpu, pick = relid % max(num_online_cpus() - 1, 1u);

	for_each_online_cpu(cpu) {
		if (cpu == dying)
			continue;
		if (n++ == pick)
			return cpu;
	}
	return nr_cpu_ids;
}

/*
 * CPU hot-unplug: runs on the dying CPU before hv_core's own teardown
 * (our state was set up later, so it is torn down earlier) while its SynIC
 * still works. The channels are collected with references first, because
 * MODIFYCHANNEL waits for the host and nobody may wait under
 * vmb_conn.lock.
 */
static int vmb_cpu_down(unsigned int dying)
{
	struct vmb_channel **list, *ch, *sc;
	unsigned int n = 0, max = 0, i, cpu;
	int ret = 0;

	/*
	 * The host sends every channel message to the VP INITIATE_CONTACT
	 * named (VP 0 before 3.0), and nothing moves it: without this CPU no
	 * offer, rescind or answer would arrive.
	 */
	if (dying == vmb_conn.msg_cpu && READ_ONCE(vmb_conn.state) == VMB_CONNECTED) {
		pr_warn("CPU%u stays online: the host sends the VMBus messages to it\n", dying);
		return -EBUSY;
	}

	mutex_lock(&vmb_conn.lock);
	list_for_each_entry(ch, &vmb_conn.channels, node) {
		max++;
		list_for_each_entry(sc, &ch->subs, node)
			max++;
	}
	list = kcalloc(max ?: 1, sizeof(*list), GFP_KERNEL);
	if (!list) {
		mutex_unlock(&vmb_conn.lock);
		return -ENOMEM;
	}
	list_for_each_entry(ch, &vmb_conn.channels, node) {
		if (READ_ONCE(ch->target_cpu) == dying && kobject_get_unless_zero(&ch->kobj))
			list[n++] = ch;
		list_for_each_entry(sc, &ch->subs, node)
			if (READ_ONCE(sc->target_cpu) == dying &&
			    kobject_get_unless_zero(&sc->kobj))
				list[n++] = sc;
	}
	mutex_unlock(&vmb_conn.lock);

	for (i = 0; i < n; i++) {
		ch = list[i];
		cpu = vmb_other_cpu(dying, ch->relid);
		if (cpu >= nr_cpu_ids) {
			ret = -EBUSY;
		} else if (READ_ONCE(ch->state) != VMB_CHAN_OPEN || READ_ONCE(ch->rescinded)) {
			vmb_chan_retarget_closed(ch, cpu);
		} else if (!vmbus_has_modifychannel(vmb_conn.version)) {
			ret = -EBUSY;
		} else if (vmb_chan_retarget(ch, cpu)) {
			ret = -EBUSY;
		}
		if (ret && !READ_ONCE(ch->rescinded))
			pr_warn("CPU%u stays online: channel %u cannot move off it\n",
				dying, ch->relid);
		vmb_chan_put(ch);
		if (ret) {
			/* drop the references we still hold */
			for (i++; i < n; i++)
				vmb_chan_put(list[i]);
			break;
		}
	}
	kfree(list);
	return ret;
}

int vmb_cpuhp_init(void)
{
	int ret = cpuhp_setup_state_nocalls(CPUHP_AP_ONLINE_DYN, "vmbus:channels",
					    NULL, vmb_cpu_down);

	if (ret < 0)
		return ret;
	vmb_cpuhp_state = ret;
	return 0;
}

void vmb_cpuhp_exit(void)
{
	cpuhp_remove_state_nocalls(vmb_cpuhp_state);
}

/* ------------------------------------------------------------ accessors */

/**
 * vmb_chan_relid() - the channel's relid (its sysfs directory name)
 * @ch:		a channel
 *
 * Context: any.
 * Return: the relid.
 */
u32 vmb_chan_relid(const struct vmb_channel *ch)
{
	return ch->relid;
}
EXPORT_SYMBOL_GPL(vmb_chan_relid);

/**
 * vmb_chan_subchannel_index() - 0 for a primary, 1.. for sub-channels
 * @ch:		a channel
 *
 * Context: any.
 * Return: the offer's sub-channel index.
 */
u16 vmb_chan_subchannel_index(const struct vmb_channel *ch)
{
	return ch->sub_index;
}
EXPORT_SYMBOL_GPL(vmb_chan_subchannel_index);

/**
 * vmb_chan_target_cpu() - the CPU the host interrupts for the channel
 * @ch:		a channel
 *
 * Context: any; the answer may change at once (sysfs, CPU hot-unplug).
 * Return: the CPU number.
 */
unsigned int vmb_chan_target_cpu(const struct vmb_channel *ch)
{
	return READ_ONCE(ch->target_cpu);
}
EXPORT_SYMBOL_GPL(vmb_chan_target_cpu);

/**
 * vmb_chan_rescinded() - has the host withdrawn the channel?
 * @ch:		a channel
 *
 * Context: any.
 * Return: true once a rescind arrived; it never becomes false again.
 */
bool vmb_chan_rescinded(const struct vmb_channel *ch)
{
	return READ_ONCE(ch->rescinded);
}
EXPORT_SYMBOL_GPL(vmb_chan_rescinded);

/**
 * vmb_chan_device() - the device a channel belongs to
 * @ch:		a channel
 *
 * Context: any.
 * Return: the primary's device, NULL while it is being added or removed.
 */
struct vmb_device *vmb_chan_device(const struct vmb_channel *ch)
{
	return READ_ONCE(ch->device);
}
EXPORT_SYMBOL_GPL(vmb_chan_device);

/**
 * vmb_chan_offer_userdata() - the class-specific bytes of the offer
 * @ch:		a channel
 *
 * Context: any.
 * Return: VMB_OPEN_USERDATA_MAX bytes, valid as long as the channel.
 */
const u8 *vmb_chan_offer_userdata(const struct vmb_channel *ch)
{
	return ch->offer.offer.user_def;
}
EXPORT_SYMBOL_GPL(vmb_chan_offer_userdata);

/**
 * vmb_chan_set_drvdata() - attach the driver's data to a channel
 * @ch:		a channel the driver owns
 * @data:	anything
 *
 * Context: any; the driver orders it against its own readers.
 */
void vmb_chan_set_drvdata(struct vmb_channel *ch, void *data)
{
	WRITE_ONCE(ch->drvdata, data);
}
EXPORT_SYMBOL_GPL(vmb_chan_set_drvdata);

/**
 * vmb_chan_get_drvdata() - the driver's data of a channel
 * @ch:		a channel
 *
 * Context: any.
 * Return: what vmb_chan_set_drvdata() stored, or NULL.
 */
void *vmb_chan_get_drvdata(const struct vmb_channel *ch)
{
	return READ_ONCE(ch->drvdata);
}
EXPORT_SYMBOL_GPL(vmb_chan_get_drvdata);

/**
 * vmb_chan_set_subchannel_cb() - be told of each new sub-channel
 * @primary:	the device's primary channel
 * @cb:		called once per sub-channel offered from now on, in process
 *		context (it may open the sub-channel), or NULL to stop
 *
 * Sub-channels are offered by the host after a class-specific request on
 * the primary channel; set the callback before making it.
 *
 * Context: any.
 */
void vmb_chan_set_subchannel_cb(struct vmb_channel *primary,
				void (*cb)(struct vmb_channel *sc))
{
	WRITE_ONCE(primary->subchannel_cb, cb);
}
EXPORT_SYMBOL_GPL(vmb_chan_set_subchannel_cb);

/**
 * vmb_chan_set_rescind_cb() - be told when the host rescinds a sub-channel
 * @ch:		a sub-channel
 * @cb:		called in process context after the rescind; it should stop
 *		using and close the channel (vmbus.ko closes it afterwards
 *		if it did not). NULL to clear.
 *
 * A primary channel's rescind removes the device instead (driver remove).
 *
 * Context: any.
 */
void vmb_chan_set_rescind_cb(struct vmb_channel *ch, void (*cb)(struct vmb_channel *ch))
{
	WRITE_ONCE(ch->rescind_cb, cb);
}
EXPORT_SYMBOL_GPL(vmb_chan_set_rescind_cb);

/**
 * vmb_proto_version() - the negotiated VMBus protocol version
 *
 * Context: any (fixed from module init to exit).
 * Return: (major << 16) | minor.
 */
u32 vmb_proto_version(void)
{
	return vmb_conn.version;
}
EXPORT_SYMBOL_GPL(vmb_proto_version);

/**
 * vmb_ref_time() - read the partition reference counter
 * @t:		its value: 100 ns units since the partition started
 *
 * The clock the host stamps time samples with (the time-sync IC), read
 * through the TIME_REF_COUNT MSR, so that drivers need no knowledge of
 * the hypervisor below vmbus.ko.
 *
 * Context: any.
 * Return: 0; -EOPNOTSUPP when the partition may not read the counter;
 * -EIO when the hypervisor refused the read.
 */
int vmb_ref_time(u64 *t)
{
	if (!hvcore_get_info()->has_time_ref_count)
		return -EOPNOTSUPP;
	return hvcore_rdmsr(HVCORE_MSR_TIME_REF_COUNT, t);
}
EXPORT_SYMBOL_GPL(vmb_ref_time);
