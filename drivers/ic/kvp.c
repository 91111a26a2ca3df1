// SPDX-License-Identifier: GPL-2.0
/*
 * The KVP service: the host reads and writes key/value pairs in the
 * guest's pools, served by the distribution's hv_kvp_daemon through
 * /dev/vmbus/hv_kvp, with the messages of the kernel's uAPI (struct
 * hv_kvp_msg, include/uapi/linux/hyperv.h), so that the daemon runs
 * unchanged.
 *
 * The character device, as the daemon expects it: one opener at a time
 * (-EBUSY for a second); the daemon first writes its registration
 * (KVP_OP_REGISTER1, or the legacy KVP_OP_REGISTER) and reads the driver's
 * answer; then it reads one request at a time and writes its answer. Every
 * read and write is one whole struct hv_kvp_msg (7432 bytes); anything else
 * is -EINVAL and one line.
 *
 * A request from the host (one at a time, as the protocol says) goes to
 * the daemon from a work item: converted (kvpparse.c), queued for the
 * daemon's read, with a timer of daemon_timeout_ms. It is failed back to
 * the host at once when no daemon is registered, when the request is
 * malformed (counted) or asks for the IP settings (not served yet), when
 * the timer fires first, and when the daemon closes the device with the
 * request in hand: the host is never left waiting. An answer that comes
 * too late, or for nothing, is refused (-EINVAL).
 *
 * Lifetime: the device file pins the module (fops.owner), and the state
 * below lives until both the bound device and the open file have let go
 * (a kref). After the device is removed, a daemon's read and write get
 * -ENODEV and poll EPOLLERR | EPOLLHUP: the daemon reopens, fails and
 * exits.
 *
 * Locking: k->lock (a mutex) guards everything below it; the channel's
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

#include "hv_ic.h"
#include "kvpparse.h"

#define HVIC_KVP_VERSION	"hv_ic"		/* the registration answer's version string */
#define HVIC_KVP_PENDING	0

static const u32 hvic_kvp_versions[] = { HVIC_VER(4, 0), HVIC_VER(3, 0), HVIC_VER(1, 0) };

struct hvic_kvp {
	struct kref ref;
	struct hvic_dev *d;
	struct miscdevice misc;
	unsigned long flags;		/* HVIC_KVP_PENDING: a host request is held */
	struct work_struct work;	/* hands the held request to the daemon */
	struct delayed_work timeout;
	u8 req[HVIC_BUF_SIZE];		/* the held request (pipe header on) */
	u8 ans[HVIC_BUF_SIZE];		/* its answer, as it leaves */
	struct hvic_msg req_m;
	struct mutex lock;
	wait_queue_head_t wq;
	bool dead;			/* the device is gone */
	bool open;
	int reg;			/* the daemon's registration, 0: none */
	bool out_ready;			/* @out waits for the daemon's read */
	bool asked;			/* the held request went to the daemon */
	bool queued;			/* it waits for the daemon to read the
					 * registration answer first */
	unsigned long deadline;		/* jiffies: its answer is due */
	struct hvic_kvp_umsg out;
	struct hvic_kvp_umsg in;
};

static void hvic_kvp_free(struct kref *ref)
{
	kvfree(container_of(ref, struct hvic_kvp, ref));
}

/*
 * Answer the held request and let the next one in: k->lock held, device
 * alive. The answer leaves from its own copy, with the bit already clear:
 * the host may send its next request the moment it sees the answer, and
 * that request lands in k->req.
 */
static void hvic_kvp_done(struct hvic_kvp *k, u32 status)
{
	struct hvic_msg m = k->req_m;

	memcpy(k->ans, k->req, m.len);
	m.body = k->ans + HVIC_HDRS;
	k->asked = false;
	k->queued = false;
	k->out_ready = false;
	clear_bit_unlock(HVIC_KVP_PENDING, &k->flags);
	hvic_reply(k->d, k->ans, &m, status);
}

/* hand the held request to the daemon: k->lock held, the daemon registered */
static void hvic_kvp_ask(struct hvic_kvp *k)
{
	struct hvic_dev *d = k->d;
	int ret;

	k->queued = false;
	ret = hvic_kvp_request(k->req_m.body, k->req_m.body_len, &k->out);
	if (ret) {
		hvic_count(d, ret == -EOPNOTSUPP ? HVIC_ST_UNSUPPORTED : HVIC_ST_BAD_MESSAGE);
		dev_warn_ratelimited(&d->vdev->dev, "kvp: request (operation %u, pool %u) %s\n",
				     k->req_m.body_len ? k->req_m.body[0] : 0,
				     k->req_m.body_len > 1 ? k->req_m.body[1] : 0,
				     ret == -EOPNOTSUPP ? "not served: failed" :
				     "malformed: failed");
		cancel_delayed_work(&k->timeout);
		hvic_kvp_done(k, ret == -EOPNOTSUPP ? HVIC_E_NOT_SUPPORTED : HVIC_E_FAIL);
		return;
	}
	k->asked = true;
	k->out_ready = true;
	wake_up_interruptible(&k->wq);
}

static void hvic_kvp_work(struct work_struct *work)
{
	struct hvic_kvp *k = container_of(work, struct hvic_kvp, work);
	struct hvic_dev *d = k->d;

	mutex_lock(&k->lock);
	if (k->dead || !test_bit(HVIC_KVP_PENDING, &k->flags))
		goto unlock;
	if (!k->reg) {
		hvic_count(d, HVIC_ST_NO_DAEMON);
		dev_warn_ratelimited(&d->vdev->dev, "kvp: no daemon registered: request failed\n");
		hvic_kvp_done(k, HVIC_E_FAIL);
		goto unlock;
	}
	/* the daemon has its time from now, whether it reads at once or not */
	k->deadline = jiffies + msecs_to_jiffies(hvic_daemon_timeout_ms);
	mod_delayed_work(system_wq, &k->timeout, msecs_to_jiffies(hvic_daemon_timeout_ms));
	if (k->out_ready)
		k->queued = true;	/* after the registration answer */
	else
		hvic_kvp_ask(k);
unlock:
	mutex_unlock(&k->lock);
}

static void hvic_kvp_timeout(struct work_struct *work)
{
	struct hvic_kvp *k = container_of(to_delayed_work(work), struct hvic_kvp, timeout);

	/* a run meant for an earlier request finds a later deadline */
	mutex_lock(&k->lock);
	if (!k->dead && (k->asked || k->queued) && time_after_eq(jiffies, k->deadline)) {
		hvic_count(k->d, HVIC_ST_DAEMON_TIMEOUT);
		dev_warn(&k->d->vdev->dev, "kvp: the daemon did not answer in %u ms: request failed\n",
			 hvic_daemon_timeout_ms);
		hvic_kvp_done(k, HVIC_E_FAIL);
	}
	mutex_unlock(&k->lock);
}

/* ---- the character device ---- */

static struct hvic_kvp *hvic_kvp_of(struct file *f)
{
	return container_of(f->private_data, struct hvic_kvp, misc);
}

static int hvic_kvp_open(struct inode *inode, struct file *f)
{
	struct hvic_kvp *k = hvic_kvp_of(f);
	int ret = 0;

	mutex_lock(&k->lock);
	if (k->dead) {
		ret = -ENODEV;
	} else if (k->open) {
		ret = -EBUSY;
	} else {
		k->open = true;
		k->reg = 0;
		k->out_ready = false;
		kref_get(&k->ref);
	}
	mutex_unlock(&k->lock);
	return ret ?: nonseekable_open(inode, f);
}

static int hvic_kvp_release(struct inode *inode, struct file *f)
{
	struct hvic_kvp *k = hvic_kvp_of(f);

	mutex_lock(&k->lock);
	k->open = false;
	if (k->reg && !k->dead)
		dev_info(&k->d->vdev->dev, "kvp: the daemon closed the device\n");
	k->reg = 0;
	k->out_ready = false;
	/* the daemon had the request in hand: the host must not wait for it */
	if (!k->dead && (k->asked || k->queued)) {
		hvic_count(k->d, HVIC_ST_NO_DAEMON);
		hvic_kvp_done(k, HVIC_E_FAIL);
	}
	mutex_unlock(&k->lock);
	kref_put(&k->ref, hvic_kvp_free);
	return 0;
}

static ssize_t hvic_kvp_read(struct file *f, char __user *buf, size_t count, loff_t *ppos)
{
	struct hvic_kvp *k = hvic_kvp_of(f);
	ssize_t ret;

	if (count < sizeof(k->out)) {
		pr_warn_ratelimited("hv_ic: kvp: read of %zu bytes: one message is %zu\n",
				    count, sizeof(k->out));
		return -EINVAL;
	}
	for (;;) {
		mutex_lock(&k->lock);
		if (k->dead) {
			ret = -ENODEV;
			break;
		}
		if (k->out_ready) {
			ret = copy_to_user(buf, &k->out, sizeof(k->out)) ? -EFAULT : sizeof(k->out);
			if (ret > 0) {
				k->out_ready = false;
				/* the registration answer read: the request waiting */
				if (k->queued)
					hvic_kvp_ask(k);
			}
			break;
		}
		mutex_unlock(&k->lock);
		if (f->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_event_interruptible(k->wq, READ_ONCE(k->out_ready) || READ_ONCE(k->dead)))
			return -ERESTARTSYS;
	}
	mutex_unlock(&k->lock);
	return ret;
}

/* the daemon's registration: k->lock held */
static int hvic_kvp_register(struct hvic_kvp *k)
{
	int op = k->in.hdr.op;

	if (op != HVIC_KVP_REGISTER1 && op != HVIC_KVP_REGISTER) {
		hvic_count(k->d, HVIC_ST_BAD_DAEMON);
		dev_warn(&k->d->vdev->dev, "kvp: daemon registration %d not known (expected %d or %d)\n",
			 op, HVIC_KVP_REGISTER1, HVIC_KVP_REGISTER);
		return -EINVAL;
	}
	k->reg = op;
	memset(&k->out, 0, sizeof(k->out));
	k->out.hdr.op = op;
	strscpy(k->out.body.version, HVIC_KVP_VERSION, sizeof(k->out.body.version));
	k->out_ready = true;
	wake_up_interruptible(&k->wq);
	dev_info(&k->d->vdev->dev, "kvp: daemon registered%s\n",
		 op == HVIC_KVP_REGISTER ? " (legacy protocol)" : "");
	return 0;
}

static ssize_t hvic_kvp_write(struct file *f, const char __user *buf, size_t count,
			      loff_t *ppos)
{
	struct hvic_kvp *k = hvic_kvp_of(f);
	u32 status;
	int ret = -EINVAL;

	if (count != sizeof(k->in)) {
		pr_warn_ratelimited("hv_ic: kvp: write of %zu bytes: one message is %zu\n",
				    count, sizeof(k->in));
		return -EINVAL;
	}
	mutex_lock(&k->lock);
	if (k->dead) {
		ret = -ENODEV;
		goto unlock;
	}
	if (copy_from_user(&k->in, buf, sizeof(k->in))) {
		ret = -EFAULT;
		goto unlock;
	}
	if (!k->reg) {
		ret = hvic_kvp_register(k);
		goto unlock;
	}
	if (!k->asked || k->out_ready) {
		hvic_count(k->d, HVIC_ST_BAD_DAEMON);
		dev_warn_ratelimited(&k->d->vdev->dev, "kvp: daemon answer to no request (late or spurious): refused\n");
		goto unlock;
	}
	/* the legacy daemon says "no such item" with an empty key */
	if (k->reg == HVIC_KVP_REGISTER)
		k->in.error = k->in.body.en.data.key[0] ? 0 : (s32)HVIC_S_CONT;
	if (hvic_kvp_answer(&k->in, k->req_m.body, k->req_m.body_len, &status)) {
		hvic_count(k->d, HVIC_ST_BAD_DAEMON);
		dev_warn_ratelimited(&k->d->vdev->dev, "kvp: daemon answer with a bad string: failed to the host\n");
	}
	cancel_delayed_work(&k->timeout);
	hvic_kvp_done(k, status);
	ret = 0;
unlock:
	mutex_unlock(&k->lock);
	return ret ?: count;
}

static __poll_t hvic_kvp_poll(struct file *f, poll_table *wait)
{
	struct hvic_kvp *k = hvic_kvp_of(f);

	poll_wait(f, &k->wq, wait);
	if (READ_ONCE(k->dead))
		return EPOLLERR | EPOLLHUP;
	return READ_ONCE(k->out_ready) ? EPOLLIN | EPOLLRDNORM : 0;
}

static const struct file_operations hvic_kvp_fops = {
	.owner = THIS_MODULE,
	.open = hvic_kvp_open,
	.release = hvic_kvp_release,
	.read = hvic_kvp_read,
	.write = hvic_kvp_write,
	.poll = hvic_kvp_poll,
};

/* ---- the service ---- */

static int hvic_kvp_handle(struct hvic_dev *d, struct hvic_msg *m, u32 *status)
{
	struct hvic_kvp *k = d->priv;
	u8 *data = m->body - HVIC_HDRS;

	if (test_and_set_bit(HVIC_KVP_PENDING, &k->flags)) {
		hvic_count(d, HVIC_ST_BAD_MESSAGE);
		dev_warn_ratelimited(&d->vdev->dev, "kvp: a request while one is in hand: failed\n");
		*status = HVIC_E_FAIL;
		return 0;
	}
	/* the callback owns d->buf: keep a copy until the daemon answers */
	memcpy(k->req, data, m->len);
	k->req_m = *m;
	k->req_m.body = k->req + HVIC_HDRS;
	schedule_work(&k->work);
	return HVIC_DEFERRED;
}

static int hvic_kvp_init(struct hvic_dev *d)
{
	struct hvic_kvp *k;
	int ret;

	/* some 48 KiB (two message buffers, two daemon messages): not contiguous */
	k = kvzalloc(sizeof(*k), GFP_KERNEL);
	if (!k)
		return -ENOMEM;
	kref_init(&k->ref);
	k->d = d;
	mutex_init(&k->lock);
	init_waitqueue_head(&k->wq);
	INIT_WORK(&k->work, hvic_kvp_work);
	INIT_DELAYED_WORK(&k->timeout, hvic_kvp_timeout);
	k->misc.minor = MISC_DYNAMIC_MINOR;
	k->misc.name = "vmbus/hv_kvp";
	k->misc.fops = &hvic_kvp_fops;
	k->misc.parent = &d->vdev->dev;
	ret = misc_register(&k->misc);
	if (ret) {
		dev_err(&d->vdev->dev, "kvp: /dev/vmbus/hv_kvp not created (%d): is another KVP driver bound?\n",
			ret);
		kvfree(k);
		return ret;
	}
	d->priv = k;
	return 0;
}

static void hvic_kvp_exit(struct hvic_dev *d)
{
	struct hvic_kvp *k = d->priv;

	/* no one answers through this device any more; a daemon gets -ENODEV */
	mutex_lock(&k->lock);
	k->dead = true;
	mutex_unlock(&k->lock);
	wake_up_interruptible(&k->wq);
	misc_deregister(&k->misc);
	cancel_work_sync(&k->work);
	cancel_delayed_work_sync(&k->timeout);
	d->priv = NULL;
	kref_put(&k->ref, hvic_kvp_free);
}

const struct hvic_service hvic_kvp_svc = {
	.name = "kvp",
	.class_id = GUID_INIT(0xa9a0f4e7, 0x5a45, 0x4d96,
			      0xb8, 0x27, 0x8a, 0x84, 0x1e, 0x8c, 0x03, 0xe6),
	.type = HVIC_MSG_KVP,
	.versions = hvic_kvp_versions,
	.nversions = ARRAY_SIZE(hvic_kvp_versions),
	.enabled = &hvic_kvp_on,
	.init = hvic_kvp_init,
	.exit = hvic_kvp_exit,
	.handle = hvic_kvp_handle,
};
