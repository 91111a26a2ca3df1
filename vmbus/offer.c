// SPDX-License-Identifier: GPL-2.0
/*
 * Offers and rescinds.
 *
 * The message work validates each offer against what we know (chanmsg has
 * already checked the message on its own): the relid must be new and fit
 * the event-flag array, a sub-channel must belong to a primary we know and
 * have an index not yet used, a primary must not repeat an instance. A
 * channel structure is created and published in the relid map there and
 * then, so that a rescind that follows at once finds it. The device (for a
 * primary) or the driver's sub-channel callback is run from an ordered
 * workqueue: primaries on offer_wq, sub-channels on sub_wq, so that a probe
 * that waits for sub-channel offers does not wait on itself.
 *
 * A rescind marks the channel at once and fails whoever waits for the
 * host on it; the removal (driver remove, close, RELID_RELEASED, freeing)
 * runs on the same workqueue as the add, hence after it.
 */
#include <linux/rculist.h>
#include <linux/slab.h>

#include "hv_core/hvcore.h"
#include "internal.h"

/**
 * vmb_chan_get_by_relid() - a reference to the channel with a relid
 * @relid:	host-supplied; any value
 *
 * Context: any.
 * Return: the channel with a reference held, or NULL.
 */
struct vmb_channel *vmb_chan_get_by_relid(u32 relid)
{
	struct vmb_channel *ch;

	if (relid >= VMB_MAX_RELIDS)
		return NULL;
	rcu_read_lock();
	ch = rcu_dereference(vmb_conn.relid_map[relid]);
	if (ch && !kobject_get_unless_zero(&ch->kobj))
		ch = NULL;
	rcu_read_unlock();
	return ch;
}

void vmb_chan_put(struct vmb_channel *ch)
{
	kobject_put(&ch->kobj);
}

static struct vmb_channel *vmb_find_primary(const guid_t *type, const guid_t *instance)
{
	struct vmb_channel *ch;

	lockdep_assert_held(&vmb_conn.lock);
	list_for_each_entry(ch, &vmb_conn.channels, node) {
		if (!ch->rescinded &&
		    !memcmp(ch->offer.offer.if_type.b, type->b, sizeof(guid_t)) &&
		    !memcmp(ch->offer.offer.if_instance.b, instance->b, sizeof(guid_t)))
			return ch;
	}
	return NULL;
}

static void vmb_add_primary_work(struct work_struct *work);
static void vmb_add_sub_work(struct work_struct *work);
static void vmb_remove_work(struct work_struct *work);

static struct vmb_channel *vmb_chan_alloc(const struct vmbus_chanmsg_offer *o)
{
	struct vmb_channel *ch = kzalloc(sizeof(*ch), GFP_KERNEL);

	if (!ch)
		return NULL;
	kobject_init(&ch->kobj, &vmb_chan_ktype);
	ch->offer = *o;
	ch->relid = o->child_relid;
	ch->sub_index = o->offer.sub_channel_index;
	ch->monitor_allocated = o->monitor_allocated;
	ch->monitor_id = o->monitorid;
	/* every version we speak (2.4 and later) signals by connection ID */
	ch->sig_conn_id = o->connection_id;
	INIT_LIST_HEAD(&ch->subs);
	INIT_LIST_HEAD(&ch->node);
	mutex_init(&ch->mutex);
	mutex_init(&ch->drv_lock);
	spin_lock_init(&ch->cb_lock);
	spin_lock_init(&ch->out_lock);
	spin_lock_init(&ch->in_lock);
	spin_lock_init(&ch->req_lock);
	tasklet_setup(&ch->tasklet, vmb_chan_tasklet);
	ch->state = VMB_CHAN_OFFERED;
	/* its CPU comes with its place in the lists: vmb_handle_offer() */
	return ch;
}

void vmb_handle_offer(const struct vmbus_chanmsg_offer *o)
{
	const u32 relid = o->child_relid;
	struct vmb_channel *ch, *primary = NULL, *sc;
	guid_t type, instance;
	const char *why = NULL;

	atomic64_inc(&vmb_conn.offers);
	if (READ_ONCE(vmb_conn.state) != VMB_CONNECTED || READ_ONCE(vmb_conn.exiting))
		return;	/* unloading: the host forgets it with the rest */
	import_guid(&type, o->offer.if_type.b);
	import_guid(&instance, o->offer.if_instance.b);
	if (!vmbus_relid_valid(relid)) {
		why = "relid outside the event-flag range";
		goto bad;
	}
	if (o->monitor_allocated && o->monitorid >= VMBUS_MONITOR_IDS) {
		why = "monitor ID outside the monitor page";
		goto bad;
	}
	if (!vmbus_conn_id_valid(o->connection_id)) {
		why = "invalid signalling connection ID";
		goto bad;
	}
	ch = vmb_chan_alloc(o);
	if (!ch) {
		why = "out of memory";
		goto bad;
	}

	mutex_lock(&vmb_conn.lock);
	if (rcu_access_pointer(vmb_conn.relid_map[relid])) {
		why = "relid already in use";
		goto unlock_free;
	}
	if (ch->sub_index) {
		primary = vmb_find_primary(&type, &instance);
		if (!primary) {
			why = "sub-channel of no known primary";
			goto unlock_free;
		}
		/*
		 * A rescinded sub-channel may still be on its way out (the
		 * host rescinds them all when the primary closes, and offers
		 * new ones when it is reopened): its index is free again.
		 */
		list_for_each_entry(sc, &primary->subs, node) {
			if (sc->sub_index == ch->sub_index && !READ_ONCE(sc->rescinded)) {
				why = "sub-channel index already in use";
				goto unlock_free;
			}
		}
		kobject_get(&primary->kobj);
		ch->primary = primary;
		ch->target_cpu = vmb_pick_cpu(primary);
		list_add_tail(&ch->node, &primary->subs);
		INIT_WORK(&ch->add_work, vmb_add_sub_work);
	} else {
		if (vmb_find_primary(&type, &instance)) {
			why = "a second primary with the same instance";
			goto unlock_free;
		}
		ch->target_cpu = vmb_pick_cpu(NULL);
		list_add_tail(&ch->node, &vmb_conn.channels);
		INIT_WORK(&ch->add_work, vmb_add_primary_work);
	}
	INIT_WORK(&ch->remove_work, vmb_remove_work);
	/*
	 * Its CPU was picked just before it joined the lists (the others'
	 * loads, not its own), in this one hold of the lock: see
	 * vmb_pick_cpu().
	 */
	ch->target_vp = hvcore_vp_index(ch->target_cpu);
	/* the map's reference is the kobject's initial one */
	rcu_assign_pointer(vmb_conn.relid_map[relid], ch);
	mutex_unlock(&vmb_conn.lock);

	queue_work(ch->primary ? vmb_conn.sub_wq : vmb_conn.offer_wq, &ch->add_work);
	return;

unlock_free:
	mutex_unlock(&vmb_conn.lock);
	kobject_put(&ch->kobj);
bad:
	atomic64_inc(&vmb_conn.msgs_bad);
	pr_warn_ratelimited("refusing offer of relid %u (class %pUl, sub-channel %u): %s\n",
			    relid, &type, o->offer.sub_channel_index, why);
}

static void vmb_add_primary_work(struct work_struct *work)
{
	struct vmb_channel *ch = container_of(work, struct vmb_channel, add_work);
	int ret;

	if (READ_ONCE(ch->rescinded))
		return;
	ret = vmb_device_add(ch);
	if (ret)
		pr_err("relid %u: cannot add a device for class %pUl: %d\n", ch->relid,
		       ch->offer.offer.if_type.b, ret);
}

static void vmb_add_sub_work(struct work_struct *work)
{
	struct vmb_channel *ch = container_of(work, struct vmb_channel, add_work);
	struct vmb_channel *primary = ch->primary;
	void (*cb)(struct vmb_channel *sc);

	if (READ_ONCE(ch->rescinded) || READ_ONCE(primary->rescinded))
		return;
	/*
	 * The primary's device may still be on its way (offer_wq): then
	 * vmb_device_add() gives this channel its directory when it makes
	 * the device's channels/. Waiting for it here could deadlock with
	 * a probe that waits for sub-channels.
	 */
	mutex_lock(&vmb_conn.lock);
	ch->device = primary->device;
	if (ch->device && ch->device->channels_kset && vmb_chan_sysfs_add(ch))
		dev_warn(&ch->device->dev, "no sysfs directory for sub-channel %u\n", ch->relid);
	mutex_unlock(&vmb_conn.lock);
	mutex_lock(&primary->drv_lock);
	cb = READ_ONCE(primary->subchannel_cb);
	if (cb && primary->drv_bound && !READ_ONCE(ch->rescinded))
		cb(ch);
	mutex_unlock(&primary->drv_lock);
}

/* The host may reuse the relid once we have said we are done with it. */
static void vmb_release_relid(struct vmb_channel *ch)
{
	struct vmbus_chanmsg_relid_released msg = {
		.header.msgtype = VMBUS_CHANMSG_RELID_RELEASED,
		.child_relid = ch->relid,
	};

	if (READ_ONCE(vmb_conn.state) == VMB_CONNECTED && !ch->released)
		vmb_post(&msg, sizeof(msg));
	ch->released = true;
}

/* Takes the channel out of the relid map and its list; it stays allocated. */
static void vmb_chan_unpublish(struct vmb_channel *ch)
{
	mutex_lock(&vmb_conn.lock);
	if (rcu_access_pointer(vmb_conn.relid_map[ch->relid]) == ch)
		RCU_INIT_POINTER(vmb_conn.relid_map[ch->relid], NULL);
	list_del_init(&ch->node);
	mutex_unlock(&vmb_conn.lock);
}

/* Drops the map's reference once no interrupt path can reach the channel. */
static void vmb_chan_unmap(struct vmb_channel *ch)
{
	/* no event ISR still sees it after this; then no tasklet is queued */
	synchronize_rcu();
	tasklet_kill(&ch->tasklet);
	vmb_chan_put(ch);
}

/* The end of a rescinded channel: closed, out of the map, released, unmapped. */
static void vmb_chan_retire(struct vmb_channel *ch)
{
	vmb_chan_force_close(ch);
	/*
	 * Out of the map before RELID_RELEASED: the host may offer a new
	 * channel with this relid as soon as it reads the message.
	 */
	vmb_chan_unpublish(ch);
	vmb_release_relid(ch);
	vmb_chan_unmap(ch);
	atomic64_inc(&vmb_conn.rescinds);
}

static void vmb_sub_retire(struct vmb_channel *sc)
{
	mutex_lock(&vmb_conn.lock);
	vmb_chan_sysfs_del(sc);
	mutex_unlock(&vmb_conn.lock);
	vmb_chan_retire(sc);
}

/**
 * vmb_retire_deferred_subs() - end the removal window, finish what it deferred
 * @primary:	a primary whose driver's remove has just returned
 *
 * Clears drv_removing: a sub-channel rescinded from now on is removed at
 * once. One rescinded while its driver's remove ran was the driver's to
 * close (it may have been closing it at that moment); its removal was
 * left for now. The map's reference keeps each alive until here.
 *
 * Context: process context, from the bus's remove or vmb_device_del().
 */
void vmb_retire_deferred_subs(struct vmb_channel *primary)
{
	struct vmb_channel *sc, *found;

	mutex_lock(&primary->drv_lock);
	primary->drv_removing = false;
	mutex_unlock(&primary->drv_lock);
	for (;;) {
		found = NULL;
		mutex_lock(&vmb_conn.lock);
		list_for_each_entry(sc, &primary->subs, node) {
			if (sc->rescind_deferred) {
				sc->rescind_deferred = false;
				found = sc;
				break;
			}
		}
		mutex_unlock(&vmb_conn.lock);
		if (!found)
			return;
		vmb_sub_retire(found);
	}
}

static void vmb_remove_work(struct work_struct *work)
{
	struct vmb_channel *ch = container_of(work, struct vmb_channel, remove_work);
	struct vmb_channel *primary = ch->primary;
	struct vmb_device *vdev = ch->device;
	void (*cb)(struct vmb_channel *ch);

	if (!primary) {
		/* driver remove runs here and closes what the driver opened */
		if (vdev) {
			ch->device = NULL;
			vmb_device_del(vdev);
		}
		vmb_chan_retire(ch);
		return;
	}
	mutex_lock(&primary->drv_lock);
	if (primary->drv_removing) {
		/* vmb_retire_deferred_subs() finishes it once remove returns */
		ch->rescind_deferred = true;
		mutex_unlock(&primary->drv_lock);
		return;
	}
	cb = READ_ONCE(ch->rescind_cb);
	if (cb && primary->drv_bound)
		cb(ch);
	mutex_unlock(&primary->drv_lock);
	vmb_sub_retire(ch);
}

void vmb_handle_rescind(u32 relid)
{
	struct vmb_channel *ch = vmb_chan_get_by_relid(relid);

	if (!ch) {
		atomic64_inc(&vmb_conn.msgs_bad);
		pr_warn_ratelimited("rescind of unknown relid %u\n", relid);
		return;
	}
	if (ch->rescinded) {
		atomic64_inc(&vmb_conn.msgs_bad);
		pr_warn_ratelimited("second rescind of relid %u\n", relid);
		goto put;
	}
	/* first stop new requests, then wake those waiting for the host */
	WRITE_ONCE(ch->rescinded, true);
	smp_mb();
	vmb_waiters_fail_relid(relid, -ENODEV);
	/* at module exit vmb_remove_all_channels() removes it instead */
	if (!READ_ONCE(vmb_conn.exiting))
		queue_work(ch->primary ? vmb_conn.sub_wq : vmb_conn.offer_wq, &ch->remove_work);
put:
	vmb_chan_put(ch);
}

void vmb_handle_all_offers(void)
{
	complete_all(&vmb_conn.all_offers);
}

/*
 * Module exit, after the drivers are gone: every device removed, every
 * channel closed and freed. Runs before UNLOAD, so CLOSECHANNEL and the
 * GPADL teardowns still reach the host; no RELID_RELEASED is sent (UNLOAD
 * releases everything).
 */
void vmb_remove_all_channels(void)
{
	struct vmb_channel *ch;
	u32 relid;

	flush_workqueue(vmb_conn.msg_wq);
	flush_workqueue(vmb_conn.offer_wq);
	flush_workqueue(vmb_conn.sub_wq);

	/* devices first: their drivers close sub-channels too */
	for (;;) {
		struct vmb_device *vdev = NULL;

		mutex_lock(&vmb_conn.lock);
		list_for_each_entry(ch, &vmb_conn.channels, node) {
			if (ch->device) {
				vdev = ch->device;
				ch->device = NULL;
				break;
			}
		}
		mutex_unlock(&vmb_conn.lock);
		if (!vdev)
			break;
		vmb_device_del(vdev);
	}

	for (relid = 0; relid < VMB_MAX_RELIDS; relid++) {
		ch = rcu_access_pointer(vmb_conn.relid_map[relid]);
		if (!ch)
			continue;
		vmb_chan_force_close(ch);
		ch->released = true;
		mutex_lock(&vmb_conn.lock);
		vmb_chan_sysfs_del(ch);
		mutex_unlock(&vmb_conn.lock);
		vmb_chan_unpublish(ch);
		vmb_chan_unmap(ch);
	}
}
