// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs: the stable ABI of Documentation/ABI/stable/sysfs-bus-vmbus, with
 * the kernel's value formats, so that lsvmbus, the Hyper-V daemons and
 * udev rules read our bus as they read the in-tree one.
 *
 *   /sys/bus/vmbus/hibernation
 *   /sys/bus/vmbus/devices/<instance GUID>/{id,class_id,device_id,
 *	channel_vp_mapping,device,vendor,numa_node,modalias,driver_override}
 *   .../channels/<relid>/{cpu,in_mask,out_mask,latency,pending,read_avail,
 *	write_avail,events,interrupts,subchannel_id,monitor_id,intr_in_full,
 *	intr_out_empty,out_full_first,out_full_total}
 *
 * The in-tree bus's other device files (state, rings, monitor slots) are
 * in sysfs_state.c.
 *
 * A channel directory is the channel's own kobject, so a file open in
 * userspace keeps the channel structure alive; the ring-related files take
 * the ring locks because close frees the rings under them.
 */
#include <linux/cpu.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/topology.h>

#include "internal.h"

/* ---------------------------------------------------------- device files */

static ssize_t id_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", to_vmb_device(dev)->channel->relid);
}
static DEVICE_ATTR_RO(id);

static ssize_t class_id_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "{%pUl}\n", &to_vmb_device(dev)->class_id);
}
static DEVICE_ATTR_RO(class_id);

static ssize_t device_id_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "{%pUl}\n", &to_vmb_device(dev)->instance_id);
}
static DEVICE_ATTR_RO(device_id);

static ssize_t vendor_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "0x%x\n", to_vmb_device(dev)->vendor_id);
}
static DEVICE_ATTR_RO(vendor);

static ssize_t device_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "0x%x\n", to_vmb_device(dev)->device_id);
}
static DEVICE_ATTR_RO(device);

static ssize_t numa_node_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	/* the node of the CPU the host interrupts for the primary channel */
	return sysfs_emit(buf, "%d\n",
			  cpu_to_node(READ_ONCE(to_vmb_device(dev)->channel->target_cpu)));
}
static DEVICE_ATTR_RO(numa_node);

static ssize_t modalias_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "vmbus:%*phN\n", (int)sizeof(guid_t),
			  &to_vmb_device(dev)->class_id);
}
static DEVICE_ATTR_RO(modalias);

/* "<relid>:<cpu>" per line, primary first, then each sub-channel */
static ssize_t channel_vp_mapping_show(struct device *dev, struct device_attribute *attr,
				       char *buf)
{
	struct vmb_channel *primary = to_vmb_device(dev)->channel, *sc;
	int n;

	mutex_lock(&vmb_conn.lock);
	n = sysfs_emit(buf, "%u:%u\n", primary->relid, READ_ONCE(primary->target_cpu));
	list_for_each_entry(sc, &primary->subs, node)
		n += sysfs_emit_at(buf, n, "%u:%u\n", sc->relid, READ_ONCE(sc->target_cpu));
	mutex_unlock(&vmb_conn.lock);
	return n;
}
static DEVICE_ATTR_RO(channel_vp_mapping);

static ssize_t driver_override_show(struct device *dev, struct device_attribute *attr,
				    char *buf)
{
	struct vmb_device *vdev = to_vmb_device(dev);
	ssize_t n;

	device_lock(dev);
	n = sysfs_emit(buf, "%s\n", vdev->driver_override);
	device_unlock(dev);
	return n;
}

/*
 * Same semantics as the kernel's driver_set_override(): one trailing
 * newline is dropped, an empty string clears the override. The value is
 * swapped under the device lock, which the driver core holds while it
 * calls our match().
 */
static ssize_t driver_override_store(struct device *dev, struct device_attribute *attr,
				     const char *buf, size_t count)
{
	struct vmb_device *vdev = to_vmb_device(dev);
	const char *old, *new = NULL;
	size_t len = count;

	if (count >= PAGE_SIZE)
		return -EINVAL;
	if (len && buf[len - 1] == '\n')
		len--;
	if (len) {
		new = kstrndup(buf, len, GFP_KERNEL);
		if (!new)
			return -ENOMEM;
	}
	device_lock(dev);
	old = vdev->driver_override;
	vdev->driver_override = new;
	device_unlock(dev);
	kfree(old);
	return count;
}
static DEVICE_ATTR_RW(driver_override);

static struct attribute *vmb_dev_attrs[] = {
	&dev_attr_id.attr,
	&dev_attr_class_id.attr,
	&dev_attr_device_id.attr,
	&dev_attr_channel_vp_mapping.attr,
	&dev_attr_vendor.attr,
	&dev_attr_device.attr,
	&dev_attr_numa_node.attr,
	&dev_attr_modalias.attr,
	&dev_attr_driver_override.attr,
	NULL,
};

static const struct attribute_group vmb_dev_group = {
	.attrs = vmb_dev_attrs,
};

const struct attribute_group *vmb_dev_groups[] = {
	&vmb_dev_group,
	&vmb_dev_state_group,	/* sysfs_state.c: beyond the stable ABI */
	NULL,
};

/* ------------------------------------------------------------- bus file */

/*
 * Whether hibernation is supported for the VM: this bus has no
 * suspend/resume support (it cannot reconnect its channels after a
 * resume), so it says 0 whatever the host offers.
 */
static ssize_t vmb_hibernation_show_fn(const struct bus_type *bus, char *buf)
{
	return sysfs_emit(buf, "%d\n", 0);
}
HVL_BUS_ATTR_SHOW(hibernation_show, vmb_hibernation_show_fn)
static BUS_ATTR_RO(hibernation);

static struct attribute *vmb_bus_attrs[] = {
	&bus_attr_hibernation.attr,
	NULL,
};

static const struct attribute_group vmb_bus_group = {
	.attrs = vmb_bus_attrs,
};

const struct attribute_group *vmb_bus_groups[] = {
	&vmb_bus_group,
	NULL,
};

/* --------------------------------------------------------- channel files */

struct vmb_chan_attr {
	struct attribute attr;
	ssize_t (*show)(struct vmb_channel *ch, char *buf);
	ssize_t (*store)(struct vmb_channel *ch, const char *buf, size_t count);
};

#define VMB_CHAN_ATTR_RO(_name)						\
	static struct vmb_chan_attr vmb_chan_attr_##_name = __ATTR_RO(_name)
#define VMB_CHAN_ATTR_RW(_name)						\
	static struct vmb_chan_attr vmb_chan_attr_##_name = __ATTR_RW(_name)

/*
 * A value of one of the rings, read under the ring's lock (vmb_ring_peek();
 * a spinlock, never held while waiting for the host: removing this file
 * waits for readers to finish).
 */
static ssize_t vmb_ring_show(struct vmb_channel *ch, char *buf, bool in,
			     u32 (*get)(const struct vmbus_ring *r))
{
	u32 v;

	/* -EINVAL: the kernel's answer for a channel that is not open */
	return vmb_ring_peek(ch, in, get, &v) ? sysfs_emit(buf, "%u\n", v) : -EINVAL;
}

/* the interrupt mask the ring's reader set (sysfs_state.c shows it too) */
u32 vmb_ring_mask(const struct vmbus_ring *r)
{
	return READ_ONCE(r->hdr->interrupt_mask);
}

static ssize_t in_mask_show(struct vmb_channel *ch, char *buf)
{
	return vmb_ring_show(ch, buf, true, vmb_ring_mask);
}
VMB_CHAN_ATTR_RO(in_mask);

static ssize_t out_mask_show(struct vmb_channel *ch, char *buf)
{
	return vmb_ring_show(ch, buf, false, vmb_ring_mask);
}
VMB_CHAN_ATTR_RO(out_mask);

static ssize_t read_avail_show(struct vmb_channel *ch, char *buf)
{
	return vmb_ring_show(ch, buf, true, vmbus_ring_read_avail);
}
VMB_CHAN_ATTR_RO(read_avail);

static ssize_t write_avail_show(struct vmb_channel *ch, char *buf)
{
	return vmb_ring_show(ch, buf, false, vmbus_ring_write_avail);
}
VMB_CHAN_ATTR_RO(write_avail);

static ssize_t cpu_show(struct vmb_channel *ch, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(ch->target_cpu));
}

/*
 * Moving a channel's interrupt to another CPU. Errors as in the kernel:
 * -EIO when the protocol cannot (before 4.1) or the channel is not open
 * (the host ignores MODIFYCHANNEL then), -EINVAL for a CPU that is not
 * online.
 */
static ssize_t cpu_store(struct vmb_channel *ch, const char *buf, size_t count)
{
	unsigned int cpu;
	int ret;

	if (!vmbus_has_modifychannel(vmb_conn.version))
		return -EIO;
	if (kstrtouint(buf, 10, &cpu))
		return -EIO;
	if (cpu >= nr_cpu_ids)
		return -EINVAL;
	cpus_read_lock();
	if (!cpu_online(cpu))
		ret = -EINVAL;
	else
		ret = vmb_chan_retarget(ch, cpu);
	cpus_read_unlock();
	return ret ?: count;
}
VMB_CHAN_ATTR_RW(cpu);

static ssize_t pending_show(struct vmb_channel *ch, char *buf)
{
	const struct vmbus_monitor_page *mp = vmb_conn.monitor_pages[1];
	u32 grp = ch->monitor_id / 32, bit = ch->monitor_id % 32;

	return sysfs_emit(buf, "%d\n",
			  !!(READ_ONCE(mp->trigger_group[grp].pending) & BIT(bit)));
}
VMB_CHAN_ATTR_RO(pending);

static ssize_t latency_show(struct vmb_channel *ch, char *buf)
{
	const struct vmbus_monitor_page *mp = vmb_conn.monitor_pages[1];
	u32 grp = ch->monitor_id / 32, bit = ch->monitor_id % 32;

	return sysfs_emit(buf, "%d\n", READ_ONCE(mp->latency[grp][bit]));
}
VMB_CHAN_ATTR_RO(latency);

static ssize_t monitor_id_show(struct vmb_channel *ch, char *buf)
{
	return sysfs_emit(buf, "%u\n", ch->monitor_id);
}
VMB_CHAN_ATTR_RO(monitor_id);

static ssize_t subchannel_id_show(struct vmb_channel *ch, char *buf)
{
	return sysfs_emit(buf, "%u\n", ch->sub_index);
}
VMB_CHAN_ATTR_RO(subchannel_id);

#define VMB_CHAN_COUNTER(_name, _field)						\
	static ssize_t _name##_show(struct vmb_channel *ch, char *buf)		\
	{									\
		return sysfs_emit(buf, "%llu\n", (unsigned long long)READ_ONCE(ch->_field)); \
	}									\
	VMB_CHAN_ATTR_RO(_name)

static ssize_t interrupts_show(struct vmb_channel *ch, char *buf)
{
	return sysfs_emit(buf, "%lld\n", (long long)atomic64_read(&ch->interrupts));
}
VMB_CHAN_ATTR_RO(interrupts);

static ssize_t events_show(struct vmb_channel *ch, char *buf)
{
	return sysfs_emit(buf, "%lld\n", (long long)atomic64_read(&ch->sig_events));
}
VMB_CHAN_ATTR_RO(events);

/* signals we gave the host because reading freed the room it waited for */
VMB_CHAN_COUNTER(intr_in_full, in.signal_count);
/* signals because our write made the outbound ring non-empty */
VMB_CHAN_COUNTER(intr_out_empty, out.signal_count);
VMB_CHAN_COUNTER(out_full_first, out.full_first_count);
VMB_CHAN_COUNTER(out_full_total, out.full_count);

static struct attribute *vmb_chan_attrs[] = {
	&vmb_chan_attr_out_mask.attr,
	&vmb_chan_attr_in_mask.attr,
	&vmb_chan_attr_read_avail.attr,
	&vmb_chan_attr_write_avail.attr,
	&vmb_chan_attr_cpu.attr,
	&vmb_chan_attr_pending.attr,
	&vmb_chan_attr_latency.attr,
	&vmb_chan_attr_interrupts.attr,
	&vmb_chan_attr_events.attr,
	&vmb_chan_attr_intr_in_full.attr,
	&vmb_chan_attr_intr_out_empty.attr,
	&vmb_chan_attr_out_full_first.attr,
	&vmb_chan_attr_out_full_total.attr,
	&vmb_chan_attr_monitor_id.attr,
	&vmb_chan_attr_subchannel_id.attr,
	NULL,
};

/* the monitor files exist only for channels the host gave a monitor slot */
static umode_t vmb_chan_attr_visible(struct kobject *kobj, struct attribute *attr, int n)
{
	const struct vmb_channel *ch = to_vmb_channel(kobj);

	if (!ch->monitor_allocated &&
	    (attr == &vmb_chan_attr_pending.attr || attr == &vmb_chan_attr_latency.attr ||
	     attr == &vmb_chan_attr_monitor_id.attr))
		return 0;
	return attr->mode;
}

static const struct attribute_group vmb_chan_group = {
	.attrs = vmb_chan_attrs,
	.is_visible = vmb_chan_attr_visible,
};

static ssize_t vmb_chan_attr_show(struct kobject *kobj, struct attribute *attr, char *buf)
{
	struct vmb_chan_attr *a = container_of(attr, struct vmb_chan_attr, attr);

	return a->show ? a->show(to_vmb_channel(kobj), buf) : -EIO;
}

static ssize_t vmb_chan_attr_store(struct kobject *kobj, struct attribute *attr,
				   const char *buf, size_t count)
{
	struct vmb_chan_attr *a = container_of(attr, struct vmb_chan_attr, attr);

	return a->store ? a->store(to_vmb_channel(kobj), buf, count) : -EIO;
}

static const struct sysfs_ops vmb_chan_sysfs_ops = {
	.show = vmb_chan_attr_show,
	.store = vmb_chan_attr_store,
};

/* The last reference is gone: a sub-channel drops the one it held on its primary. */
static void vmb_chan_release(struct kobject *kobj)
{
	struct vmb_channel *ch = to_vmb_channel(kobj);
	struct vmb_channel *primary = ch->primary;

	kfree(ch);
	if (primary)
		kobject_put(&primary->kobj);
}

struct kobj_type vmb_chan_ktype = {
	.sysfs_ops = &vmb_chan_sysfs_ops,
	.release = vmb_chan_release,
};

/*
 * Adds channels/<relid>/ to the channel's device. The kobject was
 * initialised when the offer arrived (it counts the channel's references
 * from then on); here it only becomes visible. Under vmb_conn.lock, which
 * makes adding and removing idempotent whoever gets there first.
 */
int vmb_chan_sysfs_add(struct vmb_channel *ch)
{
	struct vmb_device *vdev = ch->device;
	int ret;

	lockdep_assert_held(&vmb_conn.lock);
	if (ch->kobj_added)
		return 0;
	if (!vdev || !vdev->channels_kset)
		return -ENODEV;
	ch->kobj.kset = vdev->channels_kset;
	ret = kobject_add(&ch->kobj, NULL, "%u", ch->relid);
	if (ret)
		return ret;
	ret = sysfs_create_group(&ch->kobj, &vmb_chan_group);
	if (ret) {
		kobject_del(&ch->kobj);
		return ret;
	}
	ch->kobj_added = true;
	kobject_uevent(&ch->kobj, KOBJ_ADD);
	return 0;
}

void vmb_chan_sysfs_del(struct vmb_channel *ch)
{
	lockdep_assert_held(&vmb_conn.lock);
	if (!ch->kobj_added)
		return;
	ch->kobj_added = false;
	sysfs_remove_group(&ch->kobj, &vmb_chan_group);
	kobject_del(&ch->kobj);
}
