// SPDX-License-Identifier: GPL-2.0
/*
 * The table of simulated devices, and the control files that change it
 * (netdevsim's new_device/del_device are the model).
 *
 *   new_device  "<type> [id=<instance GUID>] [channels=<1..16>] [monitor=0|1]
 *               [<type-specific key>=<value> ...]"
 *               Types: echo, net (dev_net.c), disk and ide (dev_stor.c),
 *               heartbeat, shutdown, timesync and kvp (dev_ic.c). Without id= a random GUID is
 *               generated. channels is the most the device offers, primary
 *               included (default 1, or what the class chooses).
 *   del_device  "<instance GUID>": rescind the device's sub-channels, then its
 *               primary; the device is freed once the guest has released
 *               every relid (or at UNLOAD, or module exit). A device the
 *               guest was never offered goes at once.
 *   devices     one line per channel:
 *               "<instance> <type> relid=<n> sub=<idx> conn=<id>
 *                state=<offered|open|rescinded|released> vp=<n> rx=<n> tx=<n>"
 *               (released: the guest holds no reference to it: not offered
 *               yet, or forgotten at UNLOAD).
 * Bad input of any kind fails the write with -EINVAL and one log line.
 *
 * A device created while the guest has asked for offers is offered at once;
 * before that, on REQUESTOFFERS.
 *
 * Locking: hvsim_vmbus.lock protects the table.
 */
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uuid.h>

#include "hvsim.h"
#include "vmbus_host.h"

static const struct hvsim_vdev_ops *const hvsim_vdev_types[] = {
	&hvsim_echo_ops,
	&hvsim_net_ops,
	&hvsim_stor_ops,
	&hvsim_stor_ide_ops,
	&hvsim_ic_heartbeat_ops,
	&hvsim_ic_shutdown_ops,
	&hvsim_ic_timesync_ops,
	&hvsim_ic_kvp_ops,
	&hvsim_ic_vss_ops,
	&hvsim_ic_fcopy_ops,
};

static const struct hvsim_vdev_ops *hvsim_vdev_type(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(hvsim_vdev_types); i++)
		if (!strcmp(name, hvsim_vdev_types[i]->type))
			return hvsim_vdev_types[i];
	return NULL;
}

/**
 * hvsim_vdev_by_instance() - a device by instance GUID
 * @instance:	its GUID
 *
 * Context: hvsim_vmbus.lock held.
 * Return: the device, or NULL.
 */
struct hvsim_vdev *hvsim_vdev_by_instance(const guid_t *instance)
{
	struct hvsim_vdev *dev;

	list_for_each_entry(dev, &hvsim_vmbus.devices, node)
		if (guid_equal(&dev->instance, instance))
			return dev;
	return NULL;
}

/**
 * hvsim_vdev_by_serial() - a device by serial number
 * @serial:	hvsim_vdev.serial
 *
 * Context: hvsim_vmbus.lock held.
 * Return: the device, or NULL if it is gone.
 */
struct hvsim_vdev *hvsim_vdev_by_serial(u64 serial)
{
	struct hvsim_vdev *dev;

	list_for_each_entry(dev, &hvsim_vmbus.devices, node)
		if (dev->serial == serial)
			return dev;
	return NULL;
}

#define HVSIM_KEY_ID		BIT(0)
#define HVSIM_KEY_CHANNELS	BIT(1)
#define HVSIM_KEY_MONITOR	BIT(2)

/* One key=value of new_device; logs and returns -EINVAL when bad. */
static int hvsim_vdev_key(struct hvsim_vdev *dev, char *tok, unsigned int *seen)
{
	char *val = strchr(tok, '=');
	unsigned int bit = 0;
	bool mon;
	int ret;
	u16 n;

	if (!val) {
		pr_warn("new_device: expected key=value, got '%s'\n", tok);
		return -EINVAL;
	}
	*val++ = '\0';
	if (!strcmp(tok, "id")) {
		bit = HVSIM_KEY_ID;
		if (guid_parse(val, &dev->instance)) {
			pr_warn("new_device: id=%s is not a GUID\n", val);
			return -EINVAL;
		}
	} else if (!strcmp(tok, "channels")) {
		bit = HVSIM_KEY_CHANNELS;
		/* a class key (net's queues=) may have set it already */
		if (dev->max_channels && !(*seen & bit)) {
			pr_warn("new_device: channels= given with a key that sets it too\n");
			return -EINVAL;
		}
		if (kstrtou16(val, 10, &n) || !n || n > HVSIM_VMBUS_MAX_CHANNELS) {
			pr_warn("new_device: channels=%s not in 1..%u\n", val,
				HVSIM_VMBUS_MAX_CHANNELS);
			return -EINVAL;
		}
		dev->max_channels = n;
	} else if (!strcmp(tok, "monitor")) {
		bit = HVSIM_KEY_MONITOR;
		if (kstrtobool(val, &mon)) {
			pr_warn("new_device: monitor=%s is not 0 or 1\n", val);
			return -EINVAL;
		}
		dev->monitor = mon;
	} else {
		ret = dev->ops->parse_key ? dev->ops->parse_key(dev, tok, val) : -ENOENT;
		if (ret == -ENOENT) {
			pr_warn("new_device: unknown key '%s' for type %s\n", tok, dev->ops->type);
			return -EINVAL;
		}
		if (ret)
			return ret;	/* the class logged why */
	}
	if (*seen & bit) {
		pr_warn("new_device: key '%s' given twice\n", tok);
		return -EINVAL;
	}
	*seen |= bit;
	return 0;
}

/* Parse a new_device line into @dev (type and keys). */
static int hvsim_vdev_parse(struct hvsim_vdev *dev, char *line)
{
	char *s = strim(line), *tok;
	unsigned int seen = 0;
	int ret;

	tok = strsep(&s, " \t\n");
	dev->ops = hvsim_vdev_type(tok);
	if (!dev->ops) {
		pr_warn("new_device: unknown device type '%s' (known: echo, net, disk, ide, heartbeat, shutdown, timesync, kvp)\n", tok);
		return -EINVAL;
	}
	if (dev->ops->alloc) {
		ret = dev->ops->alloc(dev);
		if (ret)
			return ret;
	}
	while ((tok = strsep(&s, " \t\n"))) {
		if (!*tok)
			continue;
		ret = hvsim_vdev_key(dev, tok, &seen);
		if (ret)
			return ret;
	}
	if (!(seen & HVSIM_KEY_ID))
		guid_gen(&dev->instance);
	if (!dev->max_channels)
		dev->max_channels = dev->ops->default_channels ? dev->ops->default_channels() : 1;
	return 0;
}

/**
 * hvsim_vdev_new() - the new_device control file
 * @spec:	what was written, NUL-terminated (modified)
 *
 * Context: process context; takes hvsim_vmbus.lock.
 * Return: 0, -EINVAL for bad input (logged), -ENOSPC (no relid), -ENOMEM.
 */
int hvsim_vdev_new(char *spec)
{
	struct hvsim_vmbus *s = &hvsim_vmbus;
	struct hvsim_vchan *chan;
	struct hvsim_vdev *dev;
	int ret;

	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev)
		return -ENOMEM;
	INIT_LIST_HEAD(&dev->chans);
	/* 0: not given; the class default is applied after the keys */
	dev->max_channels = 0;
	ret = hvsim_vdev_parse(dev, spec);
	if (ret)
		goto destroy_unlocked;

	mutex_lock(&s->lock);
	if (hvsim_vdev_by_instance(&dev->instance)) {
		pr_warn("new_device: a device with id %pUl exists\n", &dev->instance);
		ret = -EINVAL;
		goto destroy_dev;
	}
	/* before create: a class may derive things from it (net: the MAC) */
	dev->serial = ++s->next_serial;
	if (dev->ops->create) {
		ret = dev->ops->create(dev);
		if (ret)
			goto destroy_dev;
	}
	chan = hvsim_vchan_create(dev, 0);
	if (!chan) {
		pr_warn("new_device: no relid or memory left for %pUl\n", &dev->instance);
		ret = -ENOSPC;
		goto destroy_dev;
	}
	list_add_tail(&dev->node, &s->devices);
	if (hvsim_vmbus_offering())
		hvsim_vchan_offer(chan);
	pr_info("new_device: %s %pUl channels=%u monitor=%d relid=%u\n", dev->ops->type,
		&dev->instance, dev->max_channels, dev->monitor, chan->relid);
	mutex_unlock(&s->lock);
	return 0;

destroy_dev:
	if (dev->ops->destroy)
		dev->ops->destroy(dev);
	mutex_unlock(&s->lock);
	kfree(dev);
	return ret;

destroy_unlocked:
	/* the class's alloc may have run: its destroy frees dev->priv */
	if (dev->ops && dev->ops->destroy) {
		mutex_lock(&s->lock);
		dev->ops->destroy(dev);
		mutex_unlock(&s->lock);
	}
	kfree(dev);
	return ret;
}

/**
 * hvsim_vdev_free() - free a device and its channels now
 * @dev:	the device
 *
 * Context: hvsim_vmbus.lock held; sleeps.
 */
void hvsim_vdev_free(struct hvsim_vdev *dev)
{
	struct hvsim_vchan *chan, *tmp;

	list_for_each_entry_safe_reverse(chan, tmp, &dev->chans, node)
		hvsim_vchan_destroy(chan);
	if (dev->ops->destroy)
		dev->ops->destroy(dev);
	list_del(&dev->node);
	kfree(dev);
}

/**
 * hvsim_vdev_rescind() - take a device away: sub-channels first
 * @dev:	the device
 *
 * Channels the guest never saw go at once; the others are rescinded and go
 * when the guest releases them. The device goes with its last channel.
 *
 * Context: hvsim_vmbus.lock held; sleeps.
 */
void hvsim_vdev_rescind(struct hvsim_vdev *dev)
{
	struct hvsim_vchan *chan, *tmp;

	dev->deleting = true;
	list_for_each_entry_safe_reverse(chan, tmp, &dev->chans, node) {
		if (chan->state == HVSIM_VCHAN_RELEASED)
			hvsim_vchan_destroy(chan);
		else
			hvsim_vchan_rescind(chan);
	}
	if (list_empty(&dev->chans))
		hvsim_vdev_free(dev);
}

/**
 * hvsim_vdev_del() - the del_device control file
 * @spec:	what was written: an instance GUID (modified)
 *
 * Context: process context; takes hvsim_vmbus.lock.
 * Return: 0, or -EINVAL (logged).
 */
int hvsim_vdev_del(char *spec)
{
	struct hvsim_vmbus *s = &hvsim_vmbus;
	struct hvsim_vdev *dev;
	char *id = strim(spec);
	guid_t instance;
	int ret = 0;

	if (guid_parse(id, &instance)) {
		pr_warn("del_device: '%s' is not a GUID\n", id);
		return -EINVAL;
	}
	mutex_lock(&s->lock);
	dev = hvsim_vdev_by_instance(&instance);
	if (!dev) {
		pr_warn("del_device: no device %pUl\n", &instance);
		ret = -EINVAL;
	} else if (dev->deleting) {
		pr_warn("del_device: %pUl is being deleted already\n", &instance);
		ret = -EINVAL;
	} else {
		pr_info("del_device: %s %pUl\n", dev->ops->type, &instance);
		hvsim_vdev_rescind(dev);
	}
	mutex_unlock(&s->lock);
	return ret;
}

/**
 * hvsim_vdev_offer_subchannels() - a device wants sub-channels
 * @dev:	the device
 * @count:	sub-channels wanted; capped at max_channels - 1
 *
 * Creates and offers the ones that do not exist yet (indices 1..count).
 * Sub-channels exist from protocol version 2.4 on.
 *
 * Context: hvsim_vmbus.lock held, offers requested.
 */
void hvsim_vdev_offer_subchannels(struct hvsim_vdev *dev, u16 count)
{
	struct hvsim_vchan *chan;
	u16 have = 0, idx;

	if (hvsim_vmbus.version < HVSIM_VMBUS_V2_4)
		return;
	count = min_t(u16, count, dev->max_channels - 1);
	/* rescinded ones (the primary was closed) are on their way out */
	list_for_each_entry(chan, &dev->chans, node)
		if (chan->state == HVSIM_VCHAN_OFFERED)
			have = max(have, chan->sub_index);
	for (idx = have + 1; idx <= count; idx++) {
		chan = hvsim_vchan_create(dev, idx);
		if (!chan) {
			pr_warn_ratelimited("vmbus: no relid for sub-channel %u of %pUl\n", idx,
					    &dev->instance);
			return;
		}
		hvsim_vchan_offer(chan);
	}
}

/**
 * hvsim_vdev_rescind_subchannels() - the primary was closed: the device
 * takes its sub-channels back, as Hyper-V's devices do
 * @dev:	the device
 *
 * Each is rescinded (its I/O stops; rings and GPADLs stay until the guest
 * closes it or releases the relid), and freed on RELID_RELEASED. A reopened
 * primary gets fresh sub-channels when its driver asks again.
 *
 * Context: hvsim_vmbus.lock held; sleeps.
 */
void hvsim_vdev_rescind_subchannels(struct hvsim_vdev *dev)
{
	struct hvsim_vchan *chan;

	list_for_each_entry(chan, &dev->chans, node)
		if (chan->sub_index && chan->state == HVSIM_VCHAN_OFFERED)
			hvsim_vchan_rescind(chan);
}

/**
 * hvsim_vdev_free_all() - free every device (module exit)
 *
 * Context: hvsim_vmbus.lock held.
 */
void hvsim_vdev_free_all(void)
{
	struct hvsim_vdev *dev, *tmp;

	list_for_each_entry_safe(dev, tmp, &hvsim_vmbus.devices, node)
		hvsim_vdev_free(dev);
}

/**
 * hvsim_vdev_show() - the devices file
 * @m:		the seq_file
 *
 * Context: process context; takes hvsim_vmbus.lock.
 */
void hvsim_vdev_show(struct seq_file *m)
{
	struct hvsim_vchan *chan;
	struct hvsim_vdev *dev;

	mutex_lock(&hvsim_vmbus.lock);
	list_for_each_entry(dev, &hvsim_vmbus.devices, node)
		list_for_each_entry(chan, &dev->chans, node)
			seq_printf(m, "%pUl %s relid=%u sub=%u conn=%u state=%s vp=%u rx=%lld tx=%lld\n",
				   &dev->instance, dev->ops->type, chan->relid, chan->sub_index,
				   chan->conn_id, hvsim_vchan_state_name(chan),
				   READ_ONCE(chan->target_vp), atomic64_read(&chan->rx),
				   atomic64_read(&chan->tx));
	mutex_unlock(&hvsim_vmbus.lock);
}
