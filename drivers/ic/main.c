// SPDX-License-Identifier: GPL-2.0
/*
 * hv_ic.ko: Hyper-V's integration services (heartbeat, shutdown, time
 * sync, KVP, VSS, file copy) on vmbus.ko.
 *
 * Every service is one device with one channel; the host sends requests
 * and the guest answers each one. This file is the framework the services
 * share: binding, the channel, the checks of every message's headers
 * (icparse.c), the version negotiation, the answer, and the counters. A
 * service sees only requests of its own type on a channel that has
 * negotiated versions; everything else is answered here:
 *   - a packet too short for the headers: counted and dropped (there is
 *     nothing to answer);
 *   - headers that do not fit the packet, a response where a request
 *     belongs, a request before the negotiation, a message type of
 *     another service: counted and answered with E_FAIL;
 *   - a negotiation without a common version: answered with no versions,
 *     counted, logged; the service then fails every request;
 *   - a packet too large for any IC message: the ring cannot be read past
 *     it, so the channel is no longer read (counted, logged once).
 *
 * A service may keep a request and answer it later from process context
 * (KVP, VSS and file copy ask their daemons: daemon.c): hvic_reply().
 * Answers go out under d->send_lock.
 *
 * Module parameters heartbeat=, shutdown=, timesync=, kvp=, vss=, fcopy=
 * (default 1) leave a service unbound, so that another driver (or
 * nothing) can serve it.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "hv_ic.h"

/* ---- module parameters ---- */

bool hvic_heartbeat_on = true;
bool hvic_shutdown_on = true;
bool hvic_timesync_on = true;
bool hvic_kvp_on = true;
bool hvic_vss_on = true;
bool hvic_fcopy_on = true;
unsigned int hvic_step_ms = 128;
unsigned int hvic_daemon_timeout_ms = 30000;

module_param_named(heartbeat, hvic_heartbeat_on, bool, 0444);
MODULE_PARM_DESC(heartbeat, "serve the heartbeat service (default 1)");
module_param_named(shutdown, hvic_shutdown_on, bool, 0444);
MODULE_PARM_DESC(shutdown, "serve the shutdown service (default 1)");
module_param_named(timesync, hvic_timesync_on, bool, 0444);
MODULE_PARM_DESC(timesync, "serve the time sync service and its PTP clock (default 1)");
module_param_named(kvp, hvic_kvp_on, bool, 0444);
MODULE_PARM_DESC(kvp, "serve the KVP service through /dev/vmbus/hv_kvp (default 1)");
module_param_named(vss, hvic_vss_on, bool, 0444);
MODULE_PARM_DESC(vss, "serve the VSS (backup) service through /dev/vmbus/hv_vss (default 1)");
module_param_named(fcopy, hvic_fcopy_on, bool, 0444);
MODULE_PARM_DESC(fcopy, "serve the file-copy service through /dev/vmbus/hv_fcopy (default 1)");

static int hvic_param_step(const char *val, const struct kernel_param *kp)
{
	unsigned int v;

	if (kstrtouint(val, 0, &v) || v > 3600 * 1000) {
		pr_err("step_threshold_ms=%s: must be 0 to 3600000\n", val);
		return -EINVAL;
	}
	return param_set_uint(val, kp);
}

static const struct kernel_param_ops hvic_step_ops = {
	.set = hvic_param_step, .get = param_get_uint,
};
module_param_cb(step_threshold_ms, &hvic_step_ops, &hvic_step_ms, 0644);
MODULE_PARM_DESC(step_threshold_ms, "a host SYNC sample steps the clock when it is off by more than this (default 128 ms; 0: always)");

static int hvic_param_daemon_timeout(const char *val, const struct kernel_param *kp)
{
	unsigned int v;

	if (kstrtouint(val, 0, &v) || v < 100 || v > 600 * 1000) {
		pr_err("daemon_timeout_ms=%s: must be 100 to 600000\n", val);
		return -EINVAL;
	}
	return param_set_uint(val, kp);
}

static const struct kernel_param_ops hvic_daemon_timeout_ops = {
	.set = hvic_param_daemon_timeout, .get = param_get_uint,
};
module_param_cb(daemon_timeout_ms, &hvic_daemon_timeout_ops, &hvic_daemon_timeout_ms, 0644);
MODULE_PARM_DESC(daemon_timeout_ms, "a KVP, VSS (but freeze: 15 min) or file-copy request the daemon has not answered in this time is failed back to the host (default 30000)");

/* framework versions, newest first */
static const u32 hvic_fw_versions[] = { HVIC_FW_3, HVIC_FW_1 };

/* ---- sysfs: stats/ and ic/ ---- */

static const char *const hvic_stat_names[HVIC_ST_COUNT] = {
	[HVIC_ST_REQUESTS] = "requests",
	[HVIC_ST_FAILED] = "failed",
	[HVIC_ST_BAD_MESSAGE] = "bad_message",
	[HVIC_ST_UNKNOWN_TYPE] = "unknown_type",
	[HVIC_ST_NO_VERSION] = "no_version",
	[HVIC_ST_SEND_FAILED] = "send_failed",
	[HVIC_ST_HEARTBEATS] = "heartbeats",
	[HVIC_ST_SHUTDOWNS] = "shutdowns",
	[HVIC_ST_SYNCS] = "syncs",
	[HVIC_ST_SAMPLES] = "samples",
	[HVIC_ST_STEPS] = "steps",
	[HVIC_ST_BAD_TIME] = "bad_time",
	[HVIC_ST_NO_DAEMON] = "no_daemon",
	[HVIC_ST_DAEMON_TIMEOUT] = "daemon_timeout",
	[HVIC_ST_BAD_DAEMON] = "bad_daemon",
	[HVIC_ST_UNSUPPORTED] = "unsupported",
};

struct hvic_stat_attr {
	struct device_attribute attr;
	enum hvic_stat stat;
};

static ssize_t hvic_stat_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct hvic_stat_attr *sa = container_of(attr, struct hvic_stat_attr, attr);
	struct hvic_dev *d = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%lld\n", atomic64_read(&d->stats[sa->stat]));
}

static struct hvic_stat_attr hvic_stat_attrs[HVIC_ST_COUNT];
static struct attribute *hvic_stat_list[HVIC_ST_COUNT + 1];
static const struct attribute_group hvic_stat_group = {
	.name = "stats",
	.attrs = hvic_stat_list,
};

static ssize_t hvic_show_version(char *buf, u32 v)
{
	if (!v)
		return sysfs_emit(buf, "none\n");
	return sysfs_emit(buf, "%u.%u\n", HVIC_VER_MAJOR(v), HVIC_VER_MINOR(v));
}

static ssize_t framework_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct hvic_dev *d = dev_get_drvdata(dev);

	return hvic_show_version(buf, READ_ONCE(d->fw));
}
static DEVICE_ATTR_RO(framework);

static ssize_t version_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct hvic_dev *d = dev_get_drvdata(dev);

	return hvic_show_version(buf, READ_ONCE(d->version));
}
static DEVICE_ATTR_RO(version);

static ssize_t service_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct hvic_dev *d = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%s\n", d->svc->name);
}
static DEVICE_ATTR_RO(service);

static struct attribute *hvic_ic_list[] = {
	&dev_attr_service.attr,
	&dev_attr_framework.attr,
	&dev_attr_version.attr,
	NULL
};
static const struct attribute_group hvic_ic_group = {
	.name = "ic",
	.attrs = hvic_ic_list,
};

static void hvic_stat_attrs_init(void)
{
	unsigned int i;

	for (i = 0; i < HVIC_ST_COUNT; i++) {
		sysfs_attr_init(&hvic_stat_attrs[i].attr.attr);
		hvic_stat_attrs[i].attr.attr.name = hvic_stat_names[i];
		hvic_stat_attrs[i].attr.attr.mode = 0444;
		hvic_stat_attrs[i].attr.show = hvic_stat_show;
		hvic_stat_attrs[i].stat = i;
		hvic_stat_list[i] = &hvic_stat_attrs[i].attr.attr;
	}
}

/* ---- requests ---- */

static void hvic_send(struct hvic_dev *d, const void *data, u32 len)
{
	int ret;

	spin_lock_bh(&d->send_lock);
	ret = vmb_chan_send(d->vdev->channel, data, len, NULL, NULL);
	spin_unlock_bh(&d->send_lock);

	if (ret) {
		hvic_count(d, HVIC_ST_SEND_FAILED);
		dev_warn_ratelimited(&d->vdev->dev, "%s: answer of %u bytes not sent: %d\n",
				     d->svc->name, len, ret);
	}
}

static void hvic_negotiation(struct hvic_dev *d, u8 *data, u32 room, struct hvic_msg *m)
{
	const struct hvic_service *svc = d->svc;
	u32 fw, ver;
	int ret;

	ret = hvic_negotiate(data, room, m, hvic_fw_versions, ARRAY_SIZE(hvic_fw_versions),
			     svc->versions, svc->nversions, &fw, &ver);
	if (ret == -ENOSPC) {
		hvic_count(d, HVIC_ST_BAD_MESSAGE);
		return;
	}
	hvic_count(d, HVIC_ST_REQUESTS);
	if (!ret) {
		if (fw != d->fw || ver != d->version)
			dev_info(&d->vdev->dev, "%s: IC framework %u.%u, message version %u.%u\n",
				 svc->name, HVIC_VER_MAJOR(fw), HVIC_VER_MINOR(fw),
				 HVIC_VER_MAJOR(ver), HVIC_VER_MINOR(ver));
		WRITE_ONCE(d->fw, fw);
		WRITE_ONCE(d->version, ver);
	} else {
		hvic_count(d, HVIC_ST_FAILED);
		hvic_count(d, ret == -ENOENT ? HVIC_ST_NO_VERSION : HVIC_ST_BAD_MESSAGE);
		dev_warn(&d->vdev->dev, "%s: %s: the service is off until the host negotiates again\n",
			 svc->name, ret == -ENOENT ? "the host offers no version hv_ic speaks" :
			 "malformed version negotiation");
		WRITE_ONCE(d->fw, 0);
		WRITE_ONCE(d->version, 0);
	}
	hvic_send(d, data, m->len);
}

/**
 * hvic_reply() - answer a request
 * @d:		the device
 * @data:	the request (the pipe header on), turned into the answer
 * @m:		what hvic_parse() said of it
 * @status:	HVIC_S_OK or a failure HRESULT
 *
 * Context: the channel's callback, or process context for a request a
 * service answers later; after the channel closed nothing is sent.
 */
void hvic_reply(struct hvic_dev *d, void *data, struct hvic_msg *m, u32 status)
{
	hvic_answer(data, m, status);
	hvic_count(d, HVIC_ST_REQUESTS);
	if (status != HVIC_S_OK)
		hvic_count(d, HVIC_ST_FAILED);
	hvic_send(d, data, m->len);
}

static void hvic_request(struct hvic_dev *d, const struct vmb_packet *pkt)
{
	const struct hvic_service *svc = d->svc;
	u8 *data = (u8 *)pkt->data;
	u32 room = HVIC_BUF_SIZE - (data - d->buf);
	struct hvic_msg m;
	u32 status;
	int ret;

	if (pkt->type != VMB_PKT_DATA_INBAND) {
		hvic_count(d, HVIC_ST_BAD_MESSAGE);
		dev_warn_ratelimited(&d->vdev->dev, "%s: packet of type %u dropped\n",
				     svc->name, pkt->type);
		return;
	}
	ret = hvic_parse(data, pkt->len, &m);
	if (ret == -EBADMSG) {
		hvic_count(d, HVIC_ST_BAD_MESSAGE);
		dev_warn_ratelimited(&d->vdev->dev, "%s: message of %u bytes dropped: shorter than its headers\n",
				     svc->name, pkt->len);
		return;
	}
	if (ret) {
		hvic_count(d, HVIC_ST_BAD_MESSAGE);
		dev_warn_ratelimited(&d->vdev->dev, "%s: malformed message (type %u, %u bytes) answered with failure\n",
				     svc->name, m.type, pkt->len);
		status = HVIC_E_FAIL;
	} else if (m.type == HVIC_MSG_NEGOTIATE) {
		hvic_negotiation(d, data, room, &m);
		return;
	} else if (m.type != svc->type) {
		hvic_count(d, HVIC_ST_UNKNOWN_TYPE);
		dev_warn_ratelimited(&d->vdev->dev, "%s: message type %u is not this service's: answered with failure\n",
				     svc->name, m.type);
		status = HVIC_E_FAIL;
	} else if (!d->version) {
		hvic_count(d, HVIC_ST_BAD_MESSAGE);
		dev_warn_ratelimited(&d->vdev->dev, "%s: request before a version was negotiated: answered with failure\n",
				     svc->name);
		status = HVIC_E_FAIL;
	} else if (svc->handle(d, &m, &status) == HVIC_DEFERRED) {
		return;
	}
	hvic_reply(d, data, &m, status);
}

/* the channel's callback: softirq, never concurrent with itself */
static void hvic_on_event(struct vmb_channel *ch, void *ctx)
{
	struct hvic_dev *d = ctx;
	struct vmb_packet pkt;
	int ret;

	while (!d->broken) {
		ret = vmb_chan_recv(ch, d->buf, HVIC_BUF_SIZE, &pkt);
		if (ret == -ENOBUFS) {
			d->broken = true;
			hvic_count(d, HVIC_ST_BAD_MESSAGE);
			dev_err(&d->vdev->dev, "%s: packet of %u bytes, larger than any IC message: the channel is no longer read\n",
				d->svc->name, pkt.total);
			break;
		}
		if (ret)
			break;
		hvic_request(d, &pkt);
	}
}

/* ---- probe and remove ---- */

static const struct hvic_service *const hvic_services[] = {
	&hvic_heartbeat_svc,
	&hvic_shutdown_svc,
	&hvic_timesync_svc,
	&hvic_kvp_svc,
	&hvic_vss_svc,
	&hvic_fcopy_svc,
};

static int hvic_probe(struct vmb_device *vdev, const struct vmb_device_id *id)
{
	const struct hvic_service *svc = hvic_services[id->driver_data];
	struct vmb_chan_config cfg = {
		.send_ring_size = HVIC_RING_SIZE,
		.recv_ring_size = HVIC_RING_SIZE,
		.on_event = hvic_on_event,
		.mode = VMB_READ_DIRECT,
	};
	struct hvic_dev *d;
	unsigned int i;
	int ret;

	if (!*svc->enabled) {
		dev_info(&vdev->dev, "%s: left unbound (%s=0)\n", svc->name, svc->name);
		return -ENODEV;
	}
	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	d->buf = kmalloc(HVIC_BUF_SIZE, GFP_KERNEL);
	if (!d->buf) {
		ret = -ENOMEM;
		goto free_dev;
	}
	d->vdev = vdev;
	d->svc = svc;
	spin_lock_init(&d->send_lock);
	for (i = 0; i < HVIC_ST_COUNT; i++)
		atomic64_set(&d->stats[i], 0);
	dev_set_drvdata(&vdev->dev, d);
	if (svc->init) {
		ret = svc->init(d);
		if (ret)
			goto free_buf;
	}
	cfg.ctx = d;
	ret = vmb_chan_open(vdev->channel, &cfg);
	if (ret) {
		dev_err(&vdev->dev, "%s: cannot open the channel: %d\n", svc->name, ret);
		goto exit_svc;
	}
	ret = sysfs_create_group(&vdev->dev.kobj, &hvic_ic_group);
	if (ret)
		goto close_chan;
	ret = sysfs_create_group(&vdev->dev.kobj, &hvic_stat_group);
	if (ret)
		goto remove_ic_group;
	return 0;

remove_ic_group:
	sysfs_remove_group(&vdev->dev.kobj, &hvic_ic_group);
close_chan:
	vmb_chan_close(vdev->channel);
exit_svc:
	/* the callback is gone: nothing schedules the work any more */
	if (d->work.func)
		flush_work(&d->work);
	if (svc->exit)
		svc->exit(d);
free_buf:
	dev_set_drvdata(&vdev->dev, NULL);
	kfree(d->buf);
free_dev:
	kfree(d);
	return ret;
}

static void hvic_remove(struct vmb_device *vdev)
{
	struct hvic_dev *d = dev_get_drvdata(&vdev->dev);

	sysfs_remove_group(&vdev->dev.kobj, &hvic_stat_group);
	sysfs_remove_group(&vdev->dev.kobj, &hvic_ic_group);
	vmb_chan_close(vdev->channel);
	/*
	 * The callback has stopped, so nothing schedules the work again; a
	 * power-off or clock step the host asked for still runs to its end.
	 */
	if (d->work.func)
		flush_work(&d->work);
	if (d->svc->exit)
		d->svc->exit(d);
	dev_set_drvdata(&vdev->dev, NULL);
	kfree(d->buf);
	kfree(d);
}

static const struct vmb_device_id hvic_ids[] = {
	/* heartbeat */
	{ .guid = GUID_INIT(0x57164f39, 0x9115, 0x4e78,
			    0xab, 0x55, 0x38, 0x2f, 0x3b, 0xd5, 0x42, 0x2d),
	  .driver_data = 0 },
	/* shutdown */
	{ .guid = GUID_INIT(0x0e0b6031, 0x5213, 0x4934,
			    0x81, 0x8b, 0x38, 0xd9, 0x0c, 0xed, 0x39, 0xdb),
	  .driver_data = 1 },
	/* time sync */
	{ .guid = GUID_INIT(0x9527e630, 0xd0ae, 0x497b,
			    0xad, 0xce, 0xe8, 0x0a, 0xb0, 0x17, 0x5c, 0xaf),
	  .driver_data = 2 },
	/* KVP */
	{ .guid = GUID_INIT(0xa9a0f4e7, 0x5a45, 0x4d96,
			    0xb8, 0x27, 0x8a, 0x84, 0x1e, 0x8c, 0x03, 0xe6),
	  .driver_data = 3 },
	/* VSS */
	{ .guid = GUID_INIT(0x35fa2e29, 0xea23, 0x4236,
			    0x96, 0xae, 0x3a, 0x6e, 0xba, 0xcb, 0xa4, 0x40),
	  .driver_data = 4 },
	/* file copy */
	{ .guid = GUID_INIT(0x34d14be3, 0xdee4, 0x41c8,
			    0x9a, 0xe7, 0x6b, 0x17, 0x49, 0x77, 0xc1, 0x92),
	  .driver_data = 5 },
	{ }
};
MODULE_DEVICE_TABLE(vmbus, hvic_ids);

/* the in-tree driver's name, which userspace may match (see netvsc's) */
static struct vmb_driver hvic_driver = {
	.name = "hv_utils",
	.id_table = hvic_ids,
	.probe = hvic_probe,
	.remove = hvic_remove,
};

static int __init hvic_init(void)
{
	unsigned int i;

	hvic_layout_checks();
	for (i = 0; i < ARRAY_SIZE(hvic_services); i++)
		WARN_ON(!guid_equal(&hvic_services[i]->class_id, &hvic_ids[i].guid));
	hvic_stat_attrs_init();
	return vmb_driver_register(&hvic_driver);
}

static void __exit hvic_exit(void)
{
	vmb_driver_unregister(&hvic_driver);
}

module_init(hvic_init);
module_exit(hvic_exit);

MODULE_DESCRIPTION("Hyper-V integration services (heartbeat, shutdown, time sync, KVP, VSS, file copy) on vmbus.ko");
MODULE_LICENSE("GPL");
