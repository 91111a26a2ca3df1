// SPDX-License-Identifier: GPL-2.0
/*
 * The Linux bus "vmbus": one device per primary channel offer, matched to
 * drivers by class GUID, with the kernel's uevent format so that udev rules
 * and module aliases written for the in-tree bus keep working.
 *
 * The bus name is the kernel's own, on purpose (lsvmbus and the Hyper-V
 * daemons look for /sys/bus/vmbus). Two buses of that name cannot coexist,
 * and the host accepts one VMBus connection per partition anyway: when the
 * in-tree bus is registered we refuse to load, and say why.
 */
#include <linux/module.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "internal.h"

static const struct vmb_device_id *vmb_match_id(const struct vmb_device_id *ids,
						const guid_t *class)
{
	if (!ids)
		return NULL;
	for (; !guid_is_null(&ids->guid); ids++)
		if (guid_equal(&ids->guid, class))
			return ids;
	return NULL;
}

static int vmb_bus_match_fn(struct device *dev, const struct device_driver *drv)
{
	struct vmb_device *vdev = to_vmb_device(dev);
	const struct vmb_driver *vdrv = to_vmb_driver(drv);

	/*
	 * Called with the device lock held (driver core), which is what
	 * guards driver_override: a device forced onto one driver matches
	 * no other.
	 */
	if (vdev->driver_override)
		return !strcmp(vdev->driver_override, drv->name);
	return vmb_match_id(vdrv->id_table, &vdev->class_id) != NULL;
}
HVL_BUS_MATCH_CALLBACK(vmb_bus_match, vmb_bus_match_fn)

/*
 * MODALIAS=vmbus:<the 16 bytes of the class GUID as stored, in hex>: the
 * kernel's format (not the textual GUID order), which module aliases of
 * the form "vmbus:<32 hex digits>" are matched against.
 */
static int vmb_bus_uevent_fn(const struct device *dev, struct kobj_uevent_env *env)
{
	const struct vmb_device *vdev = to_vmb_device(dev);

	return add_uevent_var(env, "MODALIAS=vmbus:%*phN", (int)sizeof(guid_t), &vdev->class_id);
}
HVL_BUS_UEVENT_CALLBACK(vmb_bus_uevent, vmb_bus_uevent_fn)

static int vmb_bus_probe(struct device *dev)
{
	struct vmb_device *vdev = to_vmb_device(dev);
	struct vmb_driver *vdrv = to_vmb_driver(dev->driver);
	struct vmb_channel *primary = vdev->channel;
	static const struct vmb_device_id none;
	const struct vmb_device_id *id;
	int ret;

	if (vmb_chan_rescinded(primary) || !vdrv->probe)
		return -ENODEV;
	id = vmb_match_id(vdrv->id_table, &vdev->class_id);
	/* sub-channel callbacks may run from here on, also during probe */
	mutex_lock(&primary->drv_lock);
	primary->drv_bound = true;
	mutex_unlock(&primary->drv_lock);
	/* a driver_override binding need not be in the id table */
	ret = vdrv->probe(vdev, id ?: &none);
	if (ret) {
		mutex_lock(&primary->drv_lock);
		primary->drv_bound = false;
		mutex_unlock(&primary->drv_lock);
		vmb_chan_force_close(primary);
	}
	return ret;
}

static void vmb_bus_remove_fn(struct device *dev)
{
	struct vmb_device *vdev = to_vmb_device(dev);
	struct vmb_driver *vdrv = to_vmb_driver(dev->driver);
	struct vmb_channel *primary = vdev->channel;

	/*
	 * No sub-channel callback after this; a running one has returned. A
	 * sub-channel rescinded from here on is the driver's to close in its
	 * remove (it may be doing so when the rescind is handled): vmbus.ko
	 * takes it away once remove has returned. (When the device is being
	 * deleted, vmb_device_del() set drv_removing already.)
	 */
	mutex_lock(&primary->drv_lock);
	primary->drv_bound = false;
	primary->drv_removing = true;
	mutex_unlock(&primary->drv_lock);
	if (vdrv->remove)
		vdrv->remove(vdev);
	/*
	 * A driver that left the primary channel open would leave the host
	 * writing into pages we are about to reuse: close it for it.
	 */
	vmb_chan_force_close(primary);
	vmb_retire_deferred_subs(primary);
}
HVL_BUS_REMOVE_CALLBACK(vmb_bus_remove, vmb_bus_remove_fn)

static void vmb_bus_shutdown(struct device *dev)
{
	struct vmb_device *vdev = to_vmb_device(dev);
	struct vmb_driver *vdrv;

	if (!dev->driver)
		return;
	vdrv = to_vmb_driver(dev->driver);
	if (vdrv->shutdown)
		vdrv->shutdown(vdev);
}

struct bus_type vmb_bus = {
	.name = "vmbus",
	.match = vmb_bus_match,
	.uevent = vmb_bus_uevent,
	.probe = vmb_bus_probe,
	.remove = vmb_bus_remove,
	.shutdown = vmb_bus_shutdown,
	.dev_groups = vmb_dev_groups,
	.bus_groups = vmb_bus_groups,
};

/**
 * __vmb_driver_register() - register a driver of vmbus devices
 * @drv:	the driver; @drv->name, @drv->id_table and @drv->probe set
 * @owner:	the module (vmb_driver_register() passes THIS_MODULE)
 *
 * Existing devices of a matching class are probed before this returns.
 *
 * Context: process context; sleeps. Takes the device lock of each device
 * it probes.
 * Return: 0 or a negative errno from the driver core.
 */
int __vmb_driver_register(struct vmb_driver *drv, struct module *owner)
{
	if (!drv->name || !drv->probe)
		return -EINVAL;
	drv->driver.name = drv->name;
	drv->driver.bus = &vmb_bus;
	drv->driver.owner = owner;
	drv->driver.mod_name = KBUILD_MODNAME;
	return driver_register(&drv->driver);
}
EXPORT_SYMBOL_GPL(__vmb_driver_register);

/**
 * vmb_driver_unregister() - unregister a driver; its devices are removed
 * @drv:	a driver registered with vmb_driver_register()
 *
 * Context: process context; sleeps until every remove() has returned.
 */
void vmb_driver_unregister(struct vmb_driver *drv)
{
	driver_unregister(&drv->driver);
}
EXPORT_SYMBOL_GPL(vmb_driver_unregister);

static void vmb_device_release(struct device *dev)
{
	struct vmb_device *vdev = to_vmb_device(dev);

	kfree(vdev->driver_override);
	if (vdev->channel)
		vmb_chan_put(vdev->channel);
	kfree(vdev);
}

/*
 * Makes a device of a primary channel and adds it: probing happens here if
 * a driver is loaded. Runs on the offer workqueue, never on the message
 * workqueue: a probe waits for host answers that the latter delivers.
 */
int vmb_device_add(struct vmb_channel *primary)
{
	struct vmb_channel *sc;
	struct vmb_device *vdev;
	int ret;

	vdev = kzalloc(sizeof(*vdev), GFP_KERNEL);
	if (!vdev)
		return -ENOMEM;
	import_guid(&vdev->class_id, primary->offer.offer.if_type.b);
	import_guid(&vdev->instance_id, primary->offer.offer.if_instance.b);
	vdev->vendor_id = 0x1414;	/* Microsoft: every synthetic device */
	vdev->device_id = vmb_devtype(&vdev->class_id);
	kobject_get(&primary->kobj);
	vdev->channel = primary;
	vdev->dev.bus = &vmb_bus;
	/* the ACPI VMBus device, or hvl_vmbus: both outlive every device */
	vdev->dev.parent = vmb_parent_device();
	vdev->dev.release = vmb_device_release;
	device_initialize(&vdev->dev);
	ret = dev_set_name(&vdev->dev, "%pUl", &vdev->instance_id);
	if (ret)
		goto put_dev;

	/*
	 * As in the kernel, the channels/ directory appears right after the
	 * device (it needs the device's kobject in sysfs): a probe that runs
	 * inside device_add() may open the primary channel before its
	 * directory exists, which only delays the files by a moment.
	 * Sub-channels offered in the meantime (their workqueue does not
	 * wait for this one) get their directories here too, under
	 * vmb_conn.lock, which their own add work takes as well.
	 */
	primary->device = vdev;
	ret = device_add(&vdev->dev);
	if (ret)
		goto clear_link;
	vdev->channels_kset = kset_create_and_add("channels", NULL, &vdev->dev.kobj);
	if (!vdev->channels_kset) {
		ret = -ENOMEM;
		goto del_dev;
	}
	mutex_lock(&vmb_conn.lock);
	ret = vmb_chan_sysfs_add(primary);
	/* sub-channels offered while the device was being added */
	list_for_each_entry(sc, &primary->subs, node) {
		sc->device = vdev;
		if (!ret && vmb_chan_sysfs_add(sc))
			dev_warn(&vdev->dev, "no sysfs directory for sub-channel %u\n", sc->relid);
	}
	mutex_unlock(&vmb_conn.lock);
	if (ret)
		goto del_kset;
	return 0;

del_kset:
	mutex_lock(&vmb_conn.lock);
	list_for_each_entry(sc, &primary->subs, node) {
		vmb_chan_sysfs_del(sc);
		sc->device = NULL;
	}
	mutex_unlock(&vmb_conn.lock);
	kset_unregister(vdev->channels_kset);
	vdev->channels_kset = NULL;
del_dev:
	device_del(&vdev->dev);
clear_link:
	primary->device = NULL;
put_dev:
	put_device(&vdev->dev);
	return ret;
}

/* Unbinds (the driver's remove closes the channels) and deletes a device. */
void vmb_device_del(struct vmb_device *vdev)
{
	struct vmb_channel *primary = vdev->channel;
	struct vmb_channel *sc;

	/*
	 * From here the sub-channels lose their device: a sub-channel
	 * rescinded now is left to the driver's remove (which may still be
	 * using it) and taken away once the device is gone.
	 */
	mutex_lock(&primary->drv_lock);
	primary->drv_removing = true;
	mutex_unlock(&primary->drv_lock);
	/* the channel directories go first: they live inside the device's */
	mutex_lock(&vmb_conn.lock);
	list_for_each_entry(sc, &primary->subs, node) {
		vmb_chan_sysfs_del(sc);
		sc->device = NULL;
	}
	vmb_chan_sysfs_del(primary);
	mutex_unlock(&vmb_conn.lock);
	kset_unregister(vdev->channels_kset);
	vdev->channels_kset = NULL;
	device_del(&vdev->dev);
	vmb_retire_deferred_subs(primary);
	put_device(&vdev->dev);
}

/*
 * True when a bus named "vmbus" is registered already: the in-tree
 * hv_vmbus (module, or built in and running on Hyper-V). Looked up by path
 * because the driver core exports no lookup of buses by name.
 */
static bool vmb_intree_bus_active(void)
{
	struct path path;

	if (kern_path("/sys/bus/vmbus", LOOKUP_FOLLOW, &path))
		return false;
	path_put(&path);
	return true;
}

int vmb_bus_init(void)
{
	int ret;

	if (vmb_intree_bus_active()) {
		pr_err("the kernel's own VMBus driver (hv_vmbus) is active (/sys/bus/vmbus exists): refusing to load; blacklist hv_vmbus, or boot with initcall_blacklist=hv_acpi_init where it is built in\n");
		return -EBUSY;
	}
	ret = bus_register(&vmb_bus);
	if (ret == -EEXIST)
		pr_err("a bus named vmbus is registered already (the kernel's hv_vmbus?): refusing to load\n");
	return ret;
}

void vmb_bus_exit(void)
{
	bus_unregister(&vmb_bus);
}
