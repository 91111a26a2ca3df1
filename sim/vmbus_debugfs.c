// SPDX-License-Identifier: GPL-2.0
/*
 * The host half's files in /sys/kernel/debug/hv_sim/:
 *
 *   new_device	(w)  create a device: see vmbus_dev.c
 *   del_device	(w)  rescind and delete a device
 *   devices	(r)  one line per channel
 *   vmbus_faults (rw) fault knobs: see vmbus_fault.c
 *   vmbus	(r)  connection state, negotiated version, message counts by
 *		     type, bad-guest-message counters
 *   net	(r)  one line per simulated NIC: see dev_net.c
 *   net_ctl	(w)  "<instance GUID> key=value ...": link and fault
 *		     knobs; see net_fault.c
 *   stor	(r)  one line per simulated SCSI controller: see dev_stor.c
 *   stor_ctl	(w)  "<instance GUID> key=value ...": LUNs and fault knobs;
 *		     see dev_stor.c
 *   ic		(r)  one line per integration service: see dev_ic.c
 *   ic_ctl	(w)  "<service or instance GUID> key=value ...": requests,
 *		     periods and fault knobs; see dev_ic.c
 *   ic_kvp	(r)  the KVP service's last request and answer; see ic_kvp.c
 *
 * A write is one command of at most HVSIM_VCMD_MAX - 1 bytes; anything
 * longer, or bad, fails with -EINVAL and one log line.
 *
 * Locking: the handlers lock for themselves. debugfs removal (first thing at
 * module exit) waits for running file operations.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "hvsim.h"
#include "ic_host.h"
#include "vmbus_host.h"

static const char *const hvsim_vmsg_names[HVSIM_VMSG_COUNT] = {
	[HVSIM_VMSG_INVALID] = "invalid",
	[HVSIM_VMSG_OFFERCHANNEL] = "offer",
	[HVSIM_VMSG_RESCIND_OFFER] = "rescind",
	[HVSIM_VMSG_REQUESTOFFERS] = "request_offers",
	[HVSIM_VMSG_ALLOFFERS_DELIVERED] = "all_offers_delivered",
	[HVSIM_VMSG_OPENCHANNEL] = "open",
	[HVSIM_VMSG_OPENCHANNEL_RESULT] = "open_result",
	[HVSIM_VMSG_CLOSECHANNEL] = "close",
	[HVSIM_VMSG_GPADL_HEADER] = "gpadl_header",
	[HVSIM_VMSG_GPADL_BODY] = "gpadl_body",
	[HVSIM_VMSG_GPADL_CREATED] = "gpadl_created",
	[HVSIM_VMSG_GPADL_TEARDOWN] = "gpadl_teardown",
	[HVSIM_VMSG_GPADL_TORNDOWN] = "gpadl_torndown",
	[HVSIM_VMSG_RELID_RELEASED] = "relid_released",
	[HVSIM_VMSG_INITIATE_CONTACT] = "initiate_contact",
	[HVSIM_VMSG_VERSION_RESPONSE] = "version_response",
	[HVSIM_VMSG_UNLOAD] = "unload",
	[HVSIM_VMSG_UNLOAD_RESPONSE] = "unload_response",
	[18] = "msg18",
	[19] = "msg19",
	[20] = "msg20",
	[HVSIM_VMSG_TL_CONNECT_REQUEST] = "tl_connect_request",
	[HVSIM_VMSG_MODIFYCHANNEL] = "modify",
	[HVSIM_VMSG_TL_CONNECT_RESULT] = "tl_connect_result",
	[HVSIM_VMSG_MODIFYCHANNEL_RESPONSE] = "modify_response",
};

static const char *const hvsim_vbad_names[HVSIM_VBAD_COUNT] = {
	[HVSIM_VBAD_SIZE] = "size",
	[HVSIM_VBAD_TYPE] = "type",
	[HVSIM_VBAD_STATE] = "state",
	[HVSIM_VBAD_CONNECTION] = "connection",
	[HVSIM_VBAD_RELID] = "relid",
	[HVSIM_VBAD_GPADL] = "gpadl",
	[HVSIM_VBAD_OPEN] = "open",
	[HVSIM_VBAD_VP] = "vp",
	[HVSIM_VBAD_PAGE] = "page",
	[HVSIM_VBAD_RING] = "ring",
	[HVSIM_VBAD_PACKET] = "packet",
	[HVSIM_VBAD_CONTACT] = "contact",
};

/**
 * hvsim_vmsg_name() - a channel message type's name, for logs and stats
 * @type:	the type
 */
const char *hvsim_vmsg_name(u32 type)
{
	return type < HVSIM_VMSG_COUNT ? hvsim_vmsg_names[type] : "unknown";
}

/**
 * hvsim_vmbus_show() - the hv_sim/vmbus file
 * @m:		the seq_file
 *
 * Context: process context; takes hvsim_vmbus.lock.
 */
void hvsim_vmbus_show(struct seq_file *m)
{
	static const char *const states[] = { "disconnected", "connected", "offers_delivered" };
	struct hvsim_vmbus *s = &hvsim_vmbus;
	struct hvsim_vmbus_stats *st = &s->stats;
	u32 max = hvsim_vmbus_max_version();
	unsigned int i;

	mutex_lock(&s->lock);
	seq_printf(m, "host_max_version: %u.%u\n", max >> 16, max & 0xffff);
	seq_printf(m, "state: %s\n", states[s->state]);
	seq_printf(m, "version: %u.%u\n", s->version >> 16, s->version & 0xffff);
	seq_printf(m, "msg_connection: %u\nvp: %u\nsint: %u\n", s->msg_conn, s->vp, s->sint);
	seq_printf(m, "interrupt_page: %s\nmonitor_pages: %s\n", s->int_page ? "yes" : "no",
		   s->monitor[1] ? "yes" : "no");
	seq_printf(m, "channels: %u\ngpadls: %u\noutbox: %u\n", s->nr_chans,
		   hvsim_gpadl_count(), s->outbox_len);
	mutex_unlock(&s->lock);
	for (i = 1; i < HVSIM_VMSG_COUNT; i++)
		seq_printf(m, "rx_%s: %lld\n", hvsim_vmsg_names[i], atomic64_read(&st->rx[i]));
	seq_printf(m, "rx_unknown: %lld\n", atomic64_read(&st->rx_unknown));
	for (i = 1; i < HVSIM_VMSG_COUNT; i++)
		seq_printf(m, "tx_%s: %lld\n", hvsim_vmsg_names[i], atomic64_read(&st->tx[i]));
	for (i = 0; i < HVSIM_VBAD_COUNT; i++)
		seq_printf(m, "bad_%s: %lld\n", hvsim_vbad_names[i], atomic64_read(&st->bad[i]));
	seq_printf(m, "inbox_full: %lld\nevents_dropped: %lld\ntx_dropped: %lld\ntx_retries: %lld\nunsupported: %lld\n",
		   atomic64_read(&st->inbox_full), atomic64_read(&st->events_dropped),
		   atomic64_read(&st->tx_dropped), atomic64_read(&st->tx_retries),
		   atomic64_read(&st->unsupported));
	seq_printf(m, "torndown_held: %lld\n", atomic64_read(&st->torndown_held));
}

#define HVSIM_VCMD_MAX	256

static ssize_t hvsim_vcmd_write(const char __user *ubuf, size_t count, const char *name,
				int (*fn)(char *line))
{
	char *buf;
	int ret;

	if (!count || count >= HVSIM_VCMD_MAX) {
		pr_warn("%s: write of %zu bytes rejected\n", name, count);
		return -EINVAL;
	}
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	ret = fn(buf);
	kfree(buf);
	return ret ? ret : count;
}

static ssize_t hvsim_new_device_write(struct file *file, const char __user *ubuf, size_t count,
				      loff_t *ppos)
{
	return hvsim_vcmd_write(ubuf, count, "new_device", hvsim_vdev_new);
}

static const struct file_operations hvsim_new_device_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = hvsim_new_device_write,
};

static ssize_t hvsim_del_device_write(struct file *file, const char __user *ubuf, size_t count,
				      loff_t *ppos)
{
	return hvsim_vcmd_write(ubuf, count, "del_device", hvsim_vdev_del);
}

static const struct file_operations hvsim_del_device_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = hvsim_del_device_write,
};

static int hvsim_devices_show(struct seq_file *m, void *v)
{
	hvsim_vdev_show(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(hvsim_devices);

static int hvsim_vmbus_file_show(struct seq_file *m, void *v)
{
	hvsim_vmbus_show(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(hvsim_vmbus_file);

static int hvsim_net_file_show(struct seq_file *m, void *v)
{
	hvsim_net_show(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(hvsim_net_file);

static ssize_t hvsim_net_ctl_write(struct file *file, const char __user *ubuf, size_t count,
				   loff_t *ppos)
{
	return hvsim_vcmd_write(ubuf, count, "net_ctl", hvsim_net_ctl);
}

static const struct file_operations hvsim_net_ctl_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = hvsim_net_ctl_write,
};

static int hvsim_stor_file_show(struct seq_file *m, void *v)
{
	hvsim_stor_show(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(hvsim_stor_file);

static ssize_t hvsim_stor_ctl_write(struct file *file, const char __user *ubuf, size_t count,
				    loff_t *ppos)
{
	return hvsim_vcmd_write(ubuf, count, "stor_ctl", hvsim_stor_ctl);
}

static const struct file_operations hvsim_stor_ctl_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = hvsim_stor_ctl_write,
};

static int hvsim_faults_show(struct seq_file *m, void *v)
{
	hvsim_fault_show(m);
	return 0;
}

static int hvsim_faults_open(struct inode *inode, struct file *file)
{
	return single_open(file, hvsim_faults_show, inode->i_private);
}

static ssize_t hvsim_faults_write(struct file *file, const char __user *ubuf, size_t count,
				  loff_t *ppos)
{
	return hvsim_vcmd_write(ubuf, count, "vmbus_faults", hvsim_fault_write);
}

static const struct file_operations hvsim_faults_fops = {
	.owner = THIS_MODULE,
	.open = hvsim_faults_open,
	.read = seq_read,
	.write = hvsim_faults_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static int hvsim_ic_file_show(struct seq_file *m, void *v)
{
	hvsim_ic_show(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(hvsim_ic_file);

static int hvsim_ic_kvp_file_show(struct seq_file *m, void *v)
{
	hvsim_ic_kvp_file(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(hvsim_ic_kvp_file);

static ssize_t hvsim_ic_ctl_write(struct file *file, const char __user *ubuf, size_t count,
				  loff_t *ppos)
{
	return hvsim_vcmd_write(ubuf, count, "ic_ctl", hvsim_ic_ctl);
}

static const struct file_operations hvsim_ic_ctl_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = hvsim_ic_ctl_write,
};

/**
 * hvsim_vmbus_debugfs_init() - create the host half's files
 * @dir:	hv_sim's debugfs directory
 *
 * Context: module init, after hvsim_vmbus_init().
 */
void hvsim_vmbus_debugfs_init(struct dentry *dir)
{
	debugfs_create_file("new_device", 0200, dir, NULL, &hvsim_new_device_fops);
	debugfs_create_file("del_device", 0200, dir, NULL, &hvsim_del_device_fops);
	debugfs_create_file("devices", 0444, dir, NULL, &hvsim_devices_fops);
	debugfs_create_file("vmbus_faults", 0644, dir, NULL, &hvsim_faults_fops);
	debugfs_create_file("vmbus", 0444, dir, NULL, &hvsim_vmbus_file_fops);
	debugfs_create_file("net", 0444, dir, NULL, &hvsim_net_file_fops);
	debugfs_create_file("net_ctl", 0200, dir, NULL, &hvsim_net_ctl_fops);
	debugfs_create_file("stor", 0444, dir, NULL, &hvsim_stor_file_fops);
	debugfs_create_file("stor_ctl", 0200, dir, NULL, &hvsim_stor_ctl_fops);
	debugfs_create_file("ic", 0444, dir, NULL, &hvsim_ic_file_fops);
	debugfs_create_file("ic_ctl", 0200, dir, NULL, &hvsim_ic_ctl_fops);
	debugfs_create_file("ic_kvp", 0444, dir, NULL, &hvsim_ic_kvp_file_fops);
}
