// SPDX-License-Identifier: GPL-2.0
/*
 * A service's daemon: KVP, VSS and file copy hand each host request to a
 * user-space daemon through a character device under /dev/vmbus/, with
 * the messages of the kernel's uAPI (include/uapi/linux/hyperv.h), so that
 * the distribution's daemons run unchanged. The service's own part (what
 * the messages hold) is its struct hvic_daemon_ops; this file is the rest.
 *
 * The character device, as the daemons expect it: one opener at a time
 * (-EBUSY for a second); the daemon first writes its registration and
 * reads the driver's answer, if its protocol has one; then it reads one
 * request at a time and writes its answer. Every write is ops->in_size
 * bytes; a read gets one whole message and must have room for it; anything
 * else is -EINVAL and one line. pread() and pwrite() work too, at any
 * offset (hv_fcopy_daemon uses them).
 *
 * A request from the host (one at a time, as the protocol says) goes to
 * the daemon from a work item, with a timer. It is failed back to the host
 * at once when no daemon is registered, when the service finds it
 * malformed (counted) or does not serve it, when the timer fires first,
 * and when the daemon closes the device with the request in hand: the host
 * is never left waiting. An answer that comes too late, or for nothing, is
 * refused (-EINVAL).
 *
 * Lifetime: the device file pins the module (fops.owner), and the state
 * below lives until both the bound device and the open file have let go
 * (a kref). After the device is removed, a daemon's read and write get
 * -ENODEV and poll EPOLLERR | EPOLLHUP: the daemon reopens, fails and
 * exits.
 *
 * Locking: dd->lock (a mutex) guards everything below it; the channel's
 * callback only copies the request in and queues the work, guarded by the
 * PENDING bit.
 */
#include <linux/fs.h>
#include <linux/kref.h>
#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include "daemon.h"

#define HVIC_DAEMON_PENDING	0

struct hvic_daemon {
	struct kref ref;
	struct hvic_dev *d;
	const struct hvic_daemon_ops *ops;
	struct miscdevice misc;
	unsigned long flags;		/* HVIC_DAEMON_PENDING: a host request is held */
	struct work_struct work;	/* hands the held request to the daemon */
	struct delayed_work timeout;
	u8 req[HVIC_BUF_SIZE];		/* the held request (pipe header on) */
	u8 ans[HVIC_BUF_SIZE];		/* its answer, as it leaves */
	struct hvic_msg req_m;
	struct mutex lock;
	wait_queue_head_t wq;
	bool dead;			/* the device is gone */
	bool open;
	bool registered;		/* the daemon has registered */
	int reg;			/* with this value (the service's) */
	bool out_ready;			/* @out waits for the daemon's read */
	bool asked;			/* the held request went to the daemon */
	bool queued;			/* it waits for the daemon to read the
					 * registration answer first */
	unsigned long deadline;		/* jiffies: its answer is due */
	u32 out_len;
	u8 out[HVIC_DAEMON_MSG_MAX] __aligned(8);
	u8 in[HVIC_DAEMON_MSG_MAX] __aligned(8);
};

static void hvic_daemon_free(struct kref *ref)
{
	kvfree(container_of(ref, struct hvic_daemon, ref));
}

static const char *hvic_daemon_name(struct hvic_daemon *dd)
{
	return dd->d->svc->name;
}

/*
 * Answer the held request and let the next one in: dd->lock held, device
 * alive. The answer leaves from its own copy, with the bit already clear:
 * the host may send its next request the moment it sees the answer, and
 * that request lands in dd->req.
 */
static void hvic_daemon_done(struct hvic_daemon *dd, u32 status)
{
	struct hvic_msg m = dd->req_m;

	memcpy(dd->ans, dd->req, m.len);
	m.body = dd->ans + HVIC_HDRS;
	dd->asked = false;
	dd->queued = false;
	dd->out_ready = false;
	clear_bit_unlock(HVIC_DAEMON_PENDING, &dd->flags);
	hvic_reply(dd->d, dd->ans, &m, status);
}

/* hand the held request to the daemon: dd->lock held, the daemon registered */
static void hvic_daemon_ask(struct hvic_daemon *dd)
{
	struct hvic_dev *d = dd->d;
	int ret;

	dd->queued = false;
	memset(dd->out, 0, sizeof(dd->out));
	dd->out_len = 0;
	ret = dd->ops->ask(d, dd->reg, &dd->req_m, dd->out, &dd->out_len);
	if (ret || WARN_ON_ONCE(!dd->out_len || dd->out_len > sizeof(dd->out))) {
		hvic_count(d, ret == -EOPNOTSUPP ? HVIC_ST_UNSUPPORTED : HVIC_ST_BAD_MESSAGE);
		dev_warn_ratelimited(&d->vdev->dev, "%s: request (operation %u) %s\n",
				     hvic_daemon_name(dd),
				     dd->req_m.body_len ? dd->req_m.body[0] : 0,
				     ret == -EOPNOTSUPP ? "not served: failed" :
				     "malformed: failed");
		cancel_delayed_work(&dd->timeout);
		hvic_daemon_done(dd, ret == -EOPNOTSUPP ? HVIC_E_NOT_SUPPORTED : HVIC_E_FAIL);
		return;
	}
	dd->asked = true;
	dd->out_ready = true;
	wake_up_interruptible(&dd->wq);
}

static void hvic_daemon_work(struct work_struct *work)
{
	struct hvic_daemon *dd = container_of(work, struct hvic_daemon, work);
	struct hvic_dev *d = dd->d;
	unsigned int ms;

	mutex_lock(&dd->lock);
	if (dd->dead || !test_bit(HVIC_DAEMON_PENDING, &dd->flags))
		goto unlock;
	if (!dd->registered) {
		hvic_count(d, HVIC_ST_NO_DAEMON);
		dev_warn_ratelimited(&d->vdev->dev, "%s: no daemon registered: request failed\n",
				     hvic_daemon_name(dd));
		hvic_daemon_done(dd, HVIC_E_FAIL);
		goto unlock;
	}
	/* the daemon has its time from now, whether it reads at once or not */
	ms = dd->ops->timeout_ms ? dd->ops->timeout_ms(&dd->req_m) : hvic_daemon_timeout_ms;
	dd->deadline = jiffies + msecs_to_jiffies(ms);
	mod_delayed_work(system_wq, &dd->timeout, msecs_to_jiffies(ms));
	if (dd->out_ready)
		dd->queued = true;	/* after the registration answer */
	else
		hvic_daemon_ask(dd);
unlock:
	mutex_unlock(&dd->lock);
}

static void hvic_daemon_timeout(struct work_struct *work)
{
	struct hvic_daemon *dd = container_of(to_delayed_work(work), struct hvic_daemon, timeout);

	/* a run meant for an earlier request finds a later deadline */
	mutex_lock(&dd->lock);
	if (!dd->dead && (dd->asked || dd->queued) && time_after_eq(jiffies, dd->deadline)) {
		hvic_count(dd->d, HVIC_ST_DAEMON_TIMEOUT);
		dev_warn(&dd->d->vdev->dev, "%s: the daemon did not answer in time: request failed\n",
			 hvic_daemon_name(dd));
		hvic_daemon_done(dd, HVIC_E_FAIL);
	}
	mutex_unlock(&dd->lock);
}

/* ---- the character device ---- */

static struct hvic_daemon *hvic_daemon_of(struct file *f)
{
	return container_of(f->private_data, struct hvic_daemon, misc);
}

static int hvic_daemon_open(struct inode *inode, struct file *f)
{
	struct hvic_daemon *dd = hvic_daemon_of(f);
	int ret = 0;

	mutex_lock(&dd->lock);
	if (dd->dead) {
		ret = -ENODEV;
	} else if (dd->open) {
		ret = -EBUSY;
	} else {
		dd->open = true;
		dd->registered = false;
		dd->out_ready = false;
		kref_get(&dd->ref);
	}
	mutex_unlock(&dd->lock);
	return ret;
}

static int hvic_daemon_release(struct inode *inode, struct file *f)
{
	struct hvic_daemon *dd = hvic_daemon_of(f);

	mutex_lock(&dd->lock);
	dd->open = false;
	if (dd->registered && !dd->dead)
		dev_info(&dd->d->vdev->dev, "%s: the daemon closed the device\n",
			 hvic_daemon_name(dd));
	dd->registered = false;
	dd->out_ready = false;
	/* the daemon had the request in hand: the host must not wait for it */
	if (!dd->dead && (dd->asked || dd->queued)) {
		hvic_count(dd->d, HVIC_ST_NO_DAEMON);
		hvic_daemon_done(dd, HVIC_E_FAIL);
	}
	mutex_unlock(&dd->lock);
	kref_put(&dd->ref, hvic_daemon_free);
	return 0;
}

static ssize_t hvic_daemon_read(struct file *f, char __user *buf, size_t count, loff_t *ppos)
{
	struct hvic_daemon *dd = hvic_daemon_of(f);
	ssize_t ret;

	for (;;) {
		mutex_lock(&dd->lock);
		if (dd->dead) {
			ret = -ENODEV;
			break;
		}
		if (dd->out_ready) {
			if (count < dd->out_len) {
				pr_warn_ratelimited("hv_ic: %s: read of %zu bytes: the message is %u\n",
						    hvic_daemon_name(dd), count, dd->out_len);
				ret = -EINVAL;
				break;
			}
			ret = copy_to_user(buf, dd->out, dd->out_len) ? -EFAULT : dd->out_len;
			if (ret > 0) {
				dd->out_ready = false;
				/* the registration answer read: the request waiting */
				if (dd->queued)
					hvic_daemon_ask(dd);
			}
			break;
		}
		mutex_unlock(&dd->lock);
		if (f->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_event_interruptible(dd->wq, READ_ONCE(dd->out_ready) || READ_ONCE(dd->dead)))
			return -ERESTARTSYS;
	}
	mutex_unlock(&dd->lock);
	return ret;
}

/* the daemon's registration: dd->lock held */
static int hvic_daemon_register(struct hvic_daemon *dd)
{
	int reg;

	memset(dd->out, 0, sizeof(dd->out));
	dd->out_len = 0;
	reg = dd->ops->reg(dd->d, dd->in, dd->out, &dd->out_len);
	if (reg < 0 || dd->out_len > sizeof(dd->out)) {
		hvic_count(dd->d, HVIC_ST_BAD_DAEMON);
		return -EINVAL;
	}
	dd->registered = true;
	dd->reg = reg;
	if (dd->out_len) {
		dd->out_ready = true;
		wake_up_interruptible(&dd->wq);
	}
	dev_info(&dd->d->vdev->dev, "%s: daemon registered (%d)\n", hvic_daemon_name(dd), reg);
	return 0;
}

static ssize_t hvic_daemon_write(struct file *f, const char __user *buf, size_t count,
				 loff_t *ppos)
{
	struct hvic_daemon *dd = hvic_daemon_of(f);
	u32 status;
	int ret = -EINVAL;

	if (count != dd->ops->in_size) {
		pr_warn_ratelimited("hv_ic: %s: write of %zu bytes: one message is %u\n",
				    hvic_daemon_name(dd), count, dd->ops->in_size);
		return -EINVAL;
	}
	mutex_lock(&dd->lock);
	if (dd->dead) {
		ret = -ENODEV;
		goto unlock;
	}
	if (copy_from_user(dd->in, buf, count)) {
		ret = -EFAULT;
		goto unlock;
	}
	if (!dd->registered) {
		ret = hvic_daemon_register(dd);
		goto unlock;
	}
	if (!dd->asked || dd->out_ready) {
		hvic_count(dd->d, HVIC_ST_BAD_DAEMON);
		dev_warn_ratelimited(&dd->d->vdev->dev, "%s: daemon answer to no request (late or spurious): refused\n",
				     hvic_daemon_name(dd));
		goto unlock;
	}
	if (dd->ops->answer(dd->d, dd->reg, dd->in, &dd->req_m, &status)) {
		hvic_count(dd->d, HVIC_ST_BAD_DAEMON);
		dev_warn_ratelimited(&dd->d->vdev->dev, "%s: malformed daemon answer: failed to the host\n",
				     hvic_daemon_name(dd));
	}
	cancel_delayed_work(&dd->timeout);
	hvic_daemon_done(dd, status);
	ret = 0;
unlock:
	mutex_unlock(&dd->lock);
	return ret ?: count;
}

static __poll_t hvic_daemon_poll(struct file *f, poll_table *wait)
{
	struct hvic_daemon *dd = hvic_daemon_of(f);

	poll_wait(f, &dd->wq, wait);
	if (READ_ONCE(dd->dead))
		return EPOLLERR | EPOLLHUP;
	return READ_ONCE(dd->out_ready) ? EPOLLIN | EPOLLRDNORM : 0;
}

static const struct file_operations hvic_daemon_fops = {
	.owner = THIS_MODULE,
	.open = hvic_daemon_open,
	.release = hvic_daemon_release,
	.read = hvic_daemon_read,
	.write = hvic_daemon_write,
	.poll = hvic_daemon_poll,
	.llseek = noop_llseek,
};

/* ---- the service's side ---- */

/**
 * hvic_daemon_submit() - hand a request to the daemon
 * @d:		the device
 * @m:		the request
 * @status:	set when the request is answered at once
 *
 * Context: the channel's callback.
 * Return: HVIC_DEFERRED (answered later, from process context), or 0 with
 * *@status (a request while one is in hand: failed).
 */
int hvic_daemon_submit(struct hvic_dev *d, struct hvic_msg *m, u32 *status)
{
	struct hvic_daemon *dd = d->priv;
	u8 *data = m->body - HVIC_HDRS;

	if (test_and_set_bit(HVIC_DAEMON_PENDING, &dd->flags)) {
		hvic_count(d, HVIC_ST_BAD_MESSAGE);
		dev_warn_ratelimited(&d->vdev->dev, "%s: a request while one is in hand: failed\n",
				     d->svc->name);
		*status = HVIC_E_FAIL;
		return 0;
	}
	/* the callback owns d->buf: keep a copy until the daemon answers */
	memcpy(dd->req, data, m->len);
	dd->req_m = *m;
	dd->req_m.body = dd->req + HVIC_HDRS;
	schedule_work(&dd->work);
	return HVIC_DEFERRED;
}

/**
 * hvic_daemon_init() - the service's daemon device
 * @d:		the device (d->priv becomes the daemon state)
 * @ops:	the service's part
 *
 * Context: probe, before the channel opens.
 * Return: 0, -ENOMEM, or what misc_register() returned (logged).
 */
int hvic_daemon_init(struct hvic_dev *d, const struct hvic_daemon_ops *ops)
{
	struct hvic_daemon *dd;
	int ret;

	/* some 48 KiB (two message buffers, two daemon messages): not contiguous */
	dd = kvzalloc(sizeof(*dd), GFP_KERNEL);
	if (!dd)
		return -ENOMEM;
	kref_init(&dd->ref);
	dd->d = d;
	dd->ops = ops;
	mutex_init(&dd->lock);
	init_waitqueue_head(&dd->wq);
	INIT_WORK(&dd->work, hvic_daemon_work);
	INIT_DELAYED_WORK(&dd->timeout, hvic_daemon_timeout);
	dd->misc.minor = MISC_DYNAMIC_MINOR;
	dd->misc.name = ops->dev;
	dd->misc.fops = &hvic_daemon_fops;
	/*
	 * No parent: the device must be /sys/devices/virtual/misc/vmbus!hv_kvp
	 * (and so on), where the in-tree driver puts it, because that path is
	 * what the distributions' units bind to (hyperv-daemons: BindsTo=
	 * sys-devices-virtual-misc-vmbus\x21hv_kvp.device). Under the VMBus
	 * device, systemd stops the daemon as soon as udev starts it.
	 */
	ret = misc_register(&dd->misc);
	if (ret) {
		dev_err(&d->vdev->dev, "%s: /dev/%s not created (%d): is another driver of this service bound?\n",
			d->svc->name, ops->dev, ret);
		kvfree(dd);
		return ret;
	}
	d->priv = dd;
	return 0;
}

/**
 * hvic_daemon_exit() - the device is going: no daemon answers through it
 * @d:		the device
 *
 * Context: remove, after the channel closed; sleeps. An open file keeps
 * the state until it is closed; its reads and writes get -ENODEV.
 */
void hvic_daemon_exit(struct hvic_dev *d)
{
	struct hvic_daemon *dd = d->priv;

	mutex_lock(&dd->lock);
	dd->dead = true;
	mutex_unlock(&dd->lock);
	wake_up_interruptible(&dd->wq);
	misc_deregister(&dd->misc);
	cancel_work_sync(&dd->work);
	cancel_delayed_work_sync(&dd->timeout);
	d->priv = NULL;
	kref_put(&dd->ref, hvic_daemon_free);
}
