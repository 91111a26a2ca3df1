// SPDX-License-Identifier: GPL-2.0
/*
 * storvsc.ko: Hyper-V's synthetic SCSI controller (and the IDE accelerator,
 * the same protocol behind an emulated IDE disk) on vmbus.ko.
 *
 * Probe: allocate the SCSI host, open the primary channel, run the VSTOR
 * initialization (vstor.c), size the host from what the host said, add it
 * and scan the bus. Remove mirrors it. If the host rescinded the device,
 * the channel is closed first, so that every command it still held fails
 * at once (vmbus.ko's on_cancel) instead of waiting out its timeout while
 * the SCSI host is torn down; otherwise the SCSI host goes first, so the
 * disks can flush their caches through a live channel.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "storvsc.h"

/* ---- module parameters: checked when written, refused with -EINVAL ---- */

unsigned int svsc_max_version = SVSC_VSTOR_WIN10;
unsigned int svsc_ring_size = 128 * 1024;
unsigned int svsc_max_channels = SVSC_MAX_CHANNELS;
unsigned int svsc_timeout_resets = 2;

static int svsc_param_version(const char *val, const struct kernel_param *kp)
{
	static const u32 known[] = {
		SVSC_VSTOR_WIN7, SVSC_VSTOR_WIN8, SVSC_VSTOR_WIN8_1, SVSC_VSTOR_WIN10,
	};
	unsigned int v, i;

	for (i = 0; !kstrtouint(val, 0, &v) && i < ARRAY_SIZE(known); i++) {
		if (v == known[i])
			return param_set_uint(val, kp);
	}
	pr_err("max_version=%s: not a VSTOR version (0x402, 0x501, 0x600, 0x602)\n", val);
	return -EINVAL;
}

static int svsc_param_ring(const char *val, const struct kernel_param *kp)
{
	unsigned int v;

	if (kstrtouint(val, 0, &v) || v < 16 * 1024 || v > 4 * 1024 * 1024 ||
	    v % VMB_HV_PAGE_SIZE) {
		pr_err("ring_size=%s: must be a multiple of 4096 from 16 KiB to 4 MiB\n", val);
		return -EINVAL;
	}
	return param_set_uint(val, kp);
}

static int svsc_param_channels(const char *val, const struct kernel_param *kp)
{
	unsigned int v;

	if (kstrtouint(val, 0, &v) || v < 1 || v > SVSC_MAX_CHANNELS) {
		pr_err("max_channels=%s: must be 1 to %u\n", val, SVSC_MAX_CHANNELS);
		return -EINVAL;
	}
	return param_set_uint(val, kp);
}

static int svsc_param_resets(const char *val, const struct kernel_param *kp)
{
	unsigned int v;

	if (kstrtouint(val, 0, &v) || v > 100) {
		pr_err("timeout_resets=%s: must be 0 to 100\n", val);
		return -EINVAL;
	}
	return param_set_uint(val, kp);
}

static const struct kernel_param_ops svsc_resets_ops = {
	.set = svsc_param_resets, .get = param_get_uint,
};
static const struct kernel_param_ops svsc_channels_ops = {
	.set = svsc_param_channels, .get = param_get_uint,
};
static const struct kernel_param_ops svsc_version_ops = {
	.set = svsc_param_version, .get = param_get_uint,
};
static const struct kernel_param_ops svsc_ring_ops = {
	.set = svsc_param_ring, .get = param_get_uint,
};

module_param_cb(max_version, &svsc_version_ops, &svsc_max_version, 0644);
MODULE_PARM_DESC(max_version, "newest VSTOR version to offer (default 0x602: 6.2)");
module_param_cb(ring_size, &svsc_ring_ops, &svsc_ring_size, 0444);
MODULE_PARM_DESC(ring_size, "bytes of each ring of a channel (default 128 KiB)");
module_param_cb(timeout_resets, &svsc_resets_ops, &svsc_timeout_resets, 0644);
MODULE_PARM_DESC(timeout_resets, "times a command's timeout is extended while the host holds it, before error handling resets the bus (default 2)");
module_param_cb(max_channels, &svsc_channels_ops, &svsc_max_channels, 0644);
MODULE_PARM_DESC(max_channels, "most channels (hardware queues) per controller, also bounded by the online CPUs and the host (default 16)");

/* ---- sysfs: the device's stats/ directory ---- */

static const char *const svsc_stat_names[SVSC_ST_COUNT] = {
	[SVSC_ST_BAD_PACKET] = "bad_packet",
	[SVSC_ST_BAD_SENSE] = "bad_sense_len",
	[SVSC_ST_BAD_XFER] = "bad_xfer_len",
	[SVSC_ST_BAD_SRB] = "bad_srb_status",
	[SVSC_ST_BUSY] = "busy",
	[SVSC_ST_HOST_BUSY] = "host_busy",
	[SVSC_ST_CANCELLED] = "cancelled",
	[SVSC_ST_TIMEOUT_RESET] = "timeout_reset",
	[SVSC_ST_TIMEOUT] = "timeout",
	[SVSC_ST_HOST_RESET] = "host_reset",
	[SVSC_ST_RESET_FAILED] = "reset_failed",
	[SVSC_ST_RESCAN] = "rescan",
};

struct svsc_stat_attr {
	struct device_attribute attr;
	enum svsc_stat stat;
};

static ssize_t svsc_stat_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct svsc_stat_attr *sa = container_of(attr, struct svsc_stat_attr, attr);
	struct svsc_dev *sd = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%lld\n", atomic64_read(&sd->stats[sa->stat]));
}

static struct svsc_stat_attr svsc_stat_attrs[SVSC_ST_COUNT];
static struct attribute *svsc_stat_list[SVSC_ST_COUNT + 1];
static const struct attribute_group svsc_stat_group = {
	.name = "stats",
	.attrs = svsc_stat_list,
};

static ssize_t protocol_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct svsc_dev *sd = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%u.%u\n", sd->version >> 8, sd->version & 0xff);
}
static DEVICE_ATTR_RO(protocol);

static ssize_t channels_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct svsc_dev *sd = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%u\n", READ_ONCE(sd->nchans));
}
static DEVICE_ATTR_RO(channels);

static ssize_t max_transfer_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct svsc_dev *sd = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%u\n", sd->max_xfer);
}
static DEVICE_ATTR_RO(max_transfer);

static struct attribute *svsc_dev_list[] = {
	&dev_attr_protocol.attr,
	&dev_attr_channels.attr,
	&dev_attr_max_transfer.attr,
	NULL
};
static const struct attribute_group svsc_dev_group = {
	.name = "storvsc",
	.attrs = svsc_dev_list,
};

static void svsc_stat_attrs_init(void)
{
	unsigned int i;

	for (i = 0; i < SVSC_ST_COUNT; i++) {
		sysfs_attr_init(&svsc_stat_attrs[i].attr.attr);
		svsc_stat_attrs[i].attr.attr.name = svsc_stat_names[i];
		svsc_stat_attrs[i].attr.attr.mode = 0444;
		svsc_stat_attrs[i].attr.show = svsc_stat_show;
		svsc_stat_attrs[i].stat = i;
		svsc_stat_list[i] = &svsc_stat_attrs[i].attr.attr;
	}
}

/* ---- probe and remove ---- */

static void svsc_size_host(struct svsc_dev *sd)
{
	struct Scsi_Host *host = sd->host;

	if (sd->ide) {
		/*
		 * The IDE accelerator's one disk is at target 0 or 1 (the IDE
		 * device number, also in its instance GUID); both are scanned,
		 * and the host answers for the target it has.
		 */
		host->max_lun = SVSC_MAX_LUNS;
		host->max_id = 2;
		host->max_channel = 0;
	} else {
		host->max_lun = SVSC_MAX_LUNS;
		host->max_id = SVSC_MAX_TARGETS;
		host->max_channel = 0;
	}
	host->max_cmd_len = SVSC_CDB_MAX;
	host->max_sectors = sd->max_xfer >> SECTOR_SHIFT;
	/* one more than the pages: the buffer need not start on a page */
	host->sg_tablesize = sd->max_xfer / VMB_HV_PAGE_SIZE + 1;
	host->can_queue = svsc_chan_requests();
	host->cmd_per_lun = host->can_queue;
	host->nr_hw_queues = sd->nchans;
	host->unique_id = vmb_chan_relid(sd->vdev->channel);
}

static int svsc_probe(struct vmb_device *vdev, const struct vmb_device_id *id)
{
	struct Scsi_Host *host;
	struct svsc_dev *sd;
	unsigned int i;
	int ret;

	host = scsi_host_alloc(&svsc_template, sizeof(*sd));
	if (!host)
		return -ENOMEM;
	sd = shost_priv(host);
	sd->host = host;
	sd->vdev = vdev;
	sd->ide = id->driver_data;
	mutex_init(&sd->ctl_mutex);
	mutex_init(&sd->sub_lock);
	init_waitqueue_head(&sd->sub_wq);
	init_waitqueue_head(&sd->drain_wq);
	atomic_set(&sd->outstanding, 0);
	for (i = 1; i < SVSC_MAX_CHANNELS; i++)
		sd->chans[i].gone = true;
	INIT_WORK(&sd->scan_work, svsc_scan_work);
	sd->wq = alloc_ordered_workqueue("storvsc/%u", 0, host->host_no);
	if (!sd->wq) {
		ret = -ENOMEM;
		goto put_host;
	}
	dev_set_drvdata(&vdev->dev, sd);

	ret = svsc_chan_open(sd, &sd->chans[0], vdev->channel);
	if (ret) {
		dev_err(&vdev->dev, "cannot open the channel: %d\n", ret);
		goto destroy_wq;
	}
	sd->nchans = 1;
	ret = svsc_vstor_init(sd);
	if (ret)
		goto close_chan;
	svsc_subchannels(sd);

	svsc_size_host(sd);
	ret = scsi_add_host(host, &vdev->dev);
	if (ret) {
		dev_err(&vdev->dev, "cannot add the SCSI host: %d\n", ret);
		goto close_chan;
	}
	ret = sysfs_create_group(&vdev->dev.kobj, &svsc_dev_group);
	if (ret)
		goto remove_host;
	ret = sysfs_create_group(&vdev->dev.kobj, &svsc_stat_group);
	if (ret)
		goto remove_dev_group;
	dev_info(&vdev->dev, "SCSI host%u: VSTOR %u.%u, %u KiB per command, %u channel(s)\n",
		 host->host_no, sd->version >> 8, sd->version & 0xff, sd->max_xfer / 1024,
		 sd->nchans);
	scsi_scan_host(host);
	return 0;

remove_dev_group:
	sysfs_remove_group(&vdev->dev.kobj, &svsc_dev_group);
remove_host:
	WRITE_ONCE(sd->removing, true);
	scsi_remove_host(host);
close_chan:
	WRITE_ONCE(sd->removing, true);
	svsc_close_channels(sd);
destroy_wq:
	destroy_workqueue(sd->wq);
	dev_set_drvdata(&vdev->dev, NULL);
put_host:
	scsi_host_put(host);
	return ret;
}

static void svsc_remove(struct vmb_device *vdev)
{
	struct svsc_dev *sd = dev_get_drvdata(&vdev->dev);
	struct Scsi_Host *host = sd->host;
	bool gone = vmb_chan_rescinded(vdev->channel);

	WRITE_ONCE(sd->removing, true);
	flush_workqueue(sd->wq);
	sysfs_remove_group(&vdev->dev.kobj, &svsc_stat_group);
	sysfs_remove_group(&vdev->dev.kobj, &svsc_dev_group);
	if (gone)
		svsc_close_channels(sd);
	scsi_remove_host(host);
	if (!gone)
		svsc_close_channels(sd);
	destroy_workqueue(sd->wq);
	dev_set_drvdata(&vdev->dev, NULL);
	scsi_host_put(host);
}

static const struct vmb_device_id svsc_ids[] = {
	/* synthetic SCSI controller */
	{ .guid = GUID_INIT(0xba6163d9, 0x04a1, 0x4d29,
			    0xb6, 0x05, 0x72, 0xe2, 0xff, 0xb1, 0xdc, 0x7f) },
	/* IDE accelerator */
	{ .guid = GUID_INIT(0x32412632, 0x86cb, 0x44a2,
			    0x9b, 0x5c, 0x50, 0xd1, 0x41, 0x73, 0x54, 0xf5),
	  .driver_data = 1 },
	{ }
};
MODULE_DEVICE_TABLE(vmbus, svsc_ids);

/* the in-tree driver's name, which udev rules match (see netvsc's) */
static struct vmb_driver svsc_driver = {
	.name = "hv_storvsc",
	.id_table = svsc_ids,
	.probe = svsc_probe,
	.remove = svsc_remove,
};

static int __init svsc_init(void)
{
	int ret;

	svsc_vstor_layout_checks();
	svsc_stat_attrs_init();
	ret = svsc_io_init();
	if (ret)
		return ret;
	ret = vmb_driver_register(&svsc_driver);
	if (ret)
		svsc_io_exit();
	return ret;
}

static void __exit svsc_exit(void)
{
	vmb_driver_unregister(&svsc_driver);
	svsc_io_exit();
}

module_init(svsc_init);
module_exit(svsc_exit);

MODULE_DESCRIPTION("Hyper-V synthetic SCSI controller (storvsc) on vmbus.ko");
MODULE_LICENSE("GPL");
