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
#include "vmbus_host.h"

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
}
