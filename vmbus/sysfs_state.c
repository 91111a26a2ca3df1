// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs beyond the stable ABI: the per-device files the in-tree bus has
 * besides those of Documentation/ABI/stable/sysfs-bus-vmbus, which support
 * scripts and tools read (the primary channel's state, its monitor slot in
 * both monitor pages, both rings' indices, masks and byte counts), with the
 * kernel's names, values and errors:
 *
 *   /sys/bus/vmbus/devices/<instance GUID>/{state,monitor_id,
 *	server_monitor_{pending,latency,conn_id},
 *	client_monitor_{pending,latency,conn_id},
 *	{out,in}_{intr_mask,read_index,write_index,read_bytes_avail,
 *	write_bytes_avail}}
 *
 * "server" is the host's monitor page (host to guest, monitor_pages[0]),
 * "client" ours (guest to host). The monitor files exist only for a device
 * whose offer has a monitor slot. The ring files read the shared ring
 * header as it is, host-written indices included, under the ring's lock
 * (close frees the rings under it); a ring that is not set up reads as
 * -EINVAL, as in-tree. Byte counts come from the shared indices, as
 * in-tree computes them, and read 0 when the host wrote an index outside
 * the ring: statistics never trust host data further than that.
 */
#include <linux/sysfs.h>

#include "internal.h"

static struct vmb_channel *vmb_dev_chan(struct device *dev)
{
	return to_vmb_device(dev)->channel;
}

/* the numbers of the kernel's enum vmbus_channel_state */
static ssize_t state_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct vmb_channel *ch = vmb_dev_chan(dev);
	int v;

	switch (READ_ONCE(ch->state)) {
	case VMB_CHAN_OPENING:
		v = 1;				/* CHANNEL_OPENING_STATE */
		break;
	case VMB_CHAN_OPEN:
		v = 3;				/* CHANNEL_OPENED_STATE */
		break;
	default:
		/* CHANNEL_OPEN_STATE once closed again, else CHANNEL_OFFER_STATE */
		v = READ_ONCE(ch->opened_once) ? 2 : 0;
		break;
	}
	return sysfs_emit(buf, "%d\n", v);
}
static DEVICE_ATTR_RO(state);

static ssize_t monitor_id_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", vmb_dev_chan(dev)->monitor_id);
}
static DEVICE_ATTR_RO(monitor_id);

/* the channel's slot in monitor page @page (0: the host's, 1: ours) */
static ssize_t vmb_monitor_show(struct device *dev, char *buf, unsigned int page,
				unsigned int what)
{
	const struct vmbus_monitor_page *mp = vmb_conn.monitor_pages[page];
	u8 id = vmb_dev_chan(dev)->monitor_id;
	u32 grp = id / VMBUS_MONITOR_PER_GROUP, bit = id % VMBUS_MONITOR_PER_GROUP;
	u32 v;

	if (!mp || grp >= VMBUS_MONITOR_GROUPS)
		return -EINVAL;
	switch (what) {
	case 0:		/* pending: the masked bit, as in-tree prints it */
		v = READ_ONCE(mp->trigger_group[grp].pending) & BIT(bit);
		break;
	case 1:		/* latency, 100 ns units */
		v = READ_ONCE(mp->latency[grp][bit]);
		break;
	default:	/* the connection ID the bit signals, 24 bits */
		v = READ_ONCE(mp->parameter[grp][bit].connection_id) & 0xffffff;
		break;
	}
	return sysfs_emit(buf, "%d\n", v);
}

#define VMB_MONITOR_ATTR(_name, _page, _what)					\
	static ssize_t _name##_show(struct device *dev,			\
				    struct device_attribute *attr, char *buf)	\
	{									\
		return vmb_monitor_show(dev, buf, _page, _what);		\
	}									\
	static DEVICE_ATTR_RO(_name)

VMB_MONITOR_ATTR(server_monitor_pending, 0, 0);
VMB_MONITOR_ATTR(client_monitor_pending, 1, 0);
VMB_MONITOR_ATTR(server_monitor_latency, 0, 1);
VMB_MONITOR_ATTR(client_monitor_latency, 1, 1);
VMB_MONITOR_ATTR(server_monitor_conn_id, 0, 2);
VMB_MONITOR_ATTR(client_monitor_conn_id, 1, 2);

static u32 vmb_ring_rd(const struct vmbus_ring *r)
{
	return READ_ONCE(r->hdr->read_index);
}

static u32 vmb_ring_wr(const struct vmbus_ring *r)
{
	return READ_ONCE(r->hdr->write_index);
}

/* published and unread, from the shared indices; false for an index off the ring */
static bool vmb_ring_used(const struct vmbus_ring *r, u32 *used)
{
	u32 rd = vmb_ring_rd(r), wr = vmb_ring_wr(r);

	if (rd >= r->size || wr >= r->size)
		return false;
	*used = wr >= rd ? wr - rd : r->size - rd + wr;
	return true;
}

static u32 vmb_ring_toread(const struct vmbus_ring *r)
{
	u32 used;

	return vmb_ring_used(r, &used) ? used : 0;
}

static u32 vmb_ring_towrite(const struct vmbus_ring *r)
{
	u32 used;

	return vmb_ring_used(r, &used) ? r->size - used : 0;
}

#define VMB_RING_ATTR(_name, _in, _get)						\
	static ssize_t _name##_show(struct device *dev,			\
				    struct device_attribute *attr, char *buf)	\
	{									\
		u32 v;								\
										\
		if (!vmb_ring_peek(vmb_dev_chan(dev), _in, _get, &v))		\
			return -EINVAL;						\
		return sysfs_emit(buf, "%d\n", v);				\
	}									\
	static DEVICE_ATTR_RO(_name)

VMB_RING_ATTR(out_intr_mask, false, vmb_ring_mask);
VMB_RING_ATTR(out_read_index, false, vmb_ring_rd);
VMB_RING_ATTR(out_write_index, false, vmb_ring_wr);
VMB_RING_ATTR(out_read_bytes_avail, false, vmb_ring_toread);
VMB_RING_ATTR(out_write_bytes_avail, false, vmb_ring_towrite);
VMB_RING_ATTR(in_intr_mask, true, vmb_ring_mask);
VMB_RING_ATTR(in_read_index, true, vmb_ring_rd);
VMB_RING_ATTR(in_write_index, true, vmb_ring_wr);
VMB_RING_ATTR(in_read_bytes_avail, true, vmb_ring_toread);
VMB_RING_ATTR(in_write_bytes_avail, true, vmb_ring_towrite);

static struct attribute *vmb_dev_state_attrs[] = {
	&dev_attr_state.attr,
	&dev_attr_monitor_id.attr,
	&dev_attr_server_monitor_pending.attr,
	&dev_attr_client_monitor_pending.attr,
	&dev_attr_server_monitor_latency.attr,
	&dev_attr_client_monitor_latency.attr,
	&dev_attr_server_monitor_conn_id.attr,
	&dev_attr_client_monitor_conn_id.attr,
	&dev_attr_out_intr_mask.attr,
	&dev_attr_out_read_index.attr,
	&dev_attr_out_write_index.attr,
	&dev_attr_out_read_bytes_avail.attr,
	&dev_attr_out_write_bytes_avail.attr,
	&dev_attr_in_intr_mask.attr,
	&dev_attr_in_read_index.attr,
	&dev_attr_in_write_index.attr,
	&dev_attr_in_read_bytes_avail.attr,
	&dev_attr_in_write_bytes_avail.attr,
	NULL,
};

/* the monitor files only for a device whose offer has a monitor slot */
static umode_t vmb_dev_state_visible(struct kobject *kobj, struct attribute *attr, int n)
{
	struct vmb_channel *ch = vmb_dev_chan(kobj_to_dev(kobj));

	if (!ch->monitor_allocated &&
	    (attr == &dev_attr_monitor_id.attr ||
	     attr == &dev_attr_server_monitor_pending.attr ||
	     attr == &dev_attr_client_monitor_pending.attr ||
	     attr == &dev_attr_server_monitor_latency.attr ||
	     attr == &dev_attr_client_monitor_latency.attr ||
	     attr == &dev_attr_server_monitor_conn_id.attr ||
	     attr == &dev_attr_client_monitor_conn_id.attr))
		return 0;
	return attr->mode;
}

const struct attribute_group vmb_dev_state_group = {
	.attrs = vmb_dev_state_attrs,
	.is_visible = vmb_dev_state_visible,
};
