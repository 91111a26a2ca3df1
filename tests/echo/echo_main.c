// SPDX-License-Identifier: GPL-2.0
/*
 * vmbus_echo: test driver of hv_sim's echo device, built only for the
 * project's tests (HVL_TEST_MODULES), never installed. This file: binding,
 * channels and receiving; echo_run.c: sending and the debugfs commands.
 *
 * It exercises vmbus.ko's driver API the way a real driver does: it binds
 * by class GUID, opens the primary channel in probe, asks for sub-channels
 * (echo op 3) and opens them from the sub-channel callback, and sends
 * requests with completions of all three kinds (in-band, GPA direct as
 * page buffers, GPA direct as one multi-page buffer), checking every byte
 * of every answer. Channel i reads in mode i % 3: batched, direct, or
 * polled from a work item with the ring interrupt masked.
 *
 * debugfs, per device (directory named by the instance GUID):
 *   vmbus_echo/<dev>/run	write "count=N mode=inband|gpa|mpb|mix|memcpy
 *				channels=K [window=W] [sizes=log|uniform|fixed]
 *				[max=B] [gpadl=P] [more=1]"; returns when
 *				every request has been answered or has timed
 *				out; gpadl=P first makes and tears down a
 *				GPADL of P pages; more=1 sends all but each
 *				channel's last request (and the one that fills
 *				the window) with VMB_SEND_MORE, so that a
 *				signal the host is owed and never gets shows
 *				as timeouts; sizes=fixed sends max bytes
 *				each; mode=memcpy sends nothing and copies
 *				the same sizes with memcpy() instead (the
 *				benchmark's yardstick)
 *   vmbus_echo/<dev>/stats	counters since load, and the last run's
 *				packets, payload bytes and nanoseconds
 *
 * Sizes are random from 1 byte to 64 KiB (max=); "log" (default) draws the
 * bit length uniformly first, so that small and large packets are both
 * common and a run of 100,000 stays fast under TCG.
 */
#include <linux/debugfs.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "echo.h"

unsigned int echo_timeout_ms = 10000;
module_param_named(timeout_ms, echo_timeout_ms, uint, 0444);
MODULE_PARM_DESC(timeout_ms, "how long a request waits for its answer, in ms: 100 to 600000 (default 10000)");

static const guid_t echo_class =
	GUID_INIT(0x217bca27, 0xdb23, 0x4665, 0x99, 0x7d, 0x94, 0xfc, 0xd5, 0x55, 0xcf, 0xac);

/* --------------------------------------------------------------- data */

/* The payload bytes of request @seq, regenerated to check the answer. */
void echo_fill(u8 *buf, u32 len, u64 seq)
{
	u64 x = seq * 0x9e3779b97f4a7c15ull + 0x632be59bd9b4e019ull;
	u32 i = 0;

	while (i < len) {
		u32 n = min(len - i, 8u);

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		memcpy(buf + i, &x, n);
		i += n;
	}
}

static bool echo_check(const u8 *buf, u32 len, u64 seq, u8 xor)
{
	u64 x = seq * 0x9e3779b97f4a7c15ull + 0x632be59bd9b4e019ull;
	u32 i = 0, j;

	while (i < len) {
		u32 n = min(len - i, 8u);
		u8 want[8];

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		memcpy(want, &x, 8);
		for (j = 0; j < n; j++)
			if (buf[i + j] != (u8)(want[j] ^ xor))
				return false;
		i += n;
	}
	return true;
}

void echo_req_free(struct echo_req *r)
{
	vfree(r->gpa_alloc);	/* deferred by vfree itself in softirq context */
	kfree(r);
}

/* ---------------------------------------------------------- receiving */

static void echo_complete(struct echo_chan *ec, struct echo_req *r, const void *data, u32 len)
{
	struct echo_dev *ed = ec->ed;
	struct echo_hdr h;
	bool good = false;

	if (len < sizeof(h)) {
		atomic64_inc(&ed->bad);
		goto done;
	}
	memcpy(&h, data, sizeof(h));
	if (le32_to_cpu(h.op) != r->op || le64_to_cpu(h.seq) != r->seq)
		goto bad;
	switch (r->op) {
	case ECHO_OP_INBAND:
		good = le32_to_cpu(h.len) == r->len && len >= sizeof(h) + r->len &&
		       echo_check((const u8 *)data + sizeof(h), r->len, r->seq, 0);
		break;
	case ECHO_OP_GPA:
		/* the host wrote byte ^ 0x5a into our memory, through the PFNs */
		good = le32_to_cpu(h.len) == r->len && echo_check(r->gpa_buf, r->len, r->seq, 0x5a);
		break;
	case ECHO_OP_SUBCHANNELS:
		r->sub_offered = min_t(u32, le32_to_cpu(h.len), ECHO_MAX_CHANNELS - 1);
		complete(r->done);
		return;
	}
bad:
	if (good) {
		atomic64_inc(&ed->ok);
		atomic64_add(r->len, &ed->bytes);
		ec->ok++;
	} else {
		atomic64_inc(&ed->bad);
		pr_warn_ratelimited("channel %d: bad answer to request %llu (op %u len %u): op %u len %u seq %llu\n",
				    ec->index, r->seq, r->op, r->len, le32_to_cpu(h.op),
				    le32_to_cpu(h.len), le64_to_cpu(h.seq));
	}
done:
	echo_req_free(r);
	atomic_dec(&ec->inflight);
	wake_up(&ec->wq);
}

/* Reads everything there is. Softirq (callback) or process (poller) context. */
static void echo_drain(struct echo_chan *ec)
{
	struct vmb_packet pkt;
	int ret;

	/*
	 * A burst: the ring space goes back to the host once, at the end, and
	 * what the host wrote meanwhile (unsignalled) is read then.
	 */
	for (;;) {
		ret = vmb_chan_recv_held(ec->ch, ec->rxbuf, ec->rxlen, &pkt);
		if (ret == -EAGAIN && vmb_chan_recv_release(ec->ch))
			continue;
		if (ret == -EAGAIN || ret == -ENODEV)
			break;
		if (ret) {
			/* -ENOBUFS cannot happen with a full-size buffer; -EIO: broken */
			WRITE_ONCE(ec->dead, true);
			wake_up(&ec->wq);
			atomic64_inc(&ec->ed->errors);
			pr_warn_ratelimited("channel %d: receive failed: %d\n", ec->index, ret);
			break;
		}
		if (pkt.type != VMB_PKT_COMP || !pkt.req) {
			atomic64_inc(&ec->ed->unexpected);
			continue;
		}
		echo_complete(ec, pkt.req, pkt.data, pkt.len);
	}
	vmb_chan_recv_release(ec->ch);
}

/*
 * vmbus.ko closed the channel with this request outstanding (a rescind in
 * the middle of a run): its answer will never come. The sub-channel
 * request's waiter is told; any other request is counted and freed.
 */
/* vmbus.ko moved the channel's interrupts: counted, and where to, for the tests */
static void echo_on_cpu_change(struct vmb_channel *ch, void *ctx, unsigned int cpu)
{
	struct echo_chan *ec = ctx;

	WRITE_ONCE(ec->cpu_changes, ec->cpu_changes + 1);
	WRITE_ONCE(ec->notified_cpu, cpu);
	atomic64_inc(&ec->ed->cpu_changes);
}

static void echo_on_cancel(struct vmb_channel *ch, void *ctx, void *req)
{
	struct echo_chan *ec = ctx;
	struct echo_req *r = req;

	atomic64_inc(&ec->ed->cancelled);
	if (r->done) {
		r->sub_offered = -ENODEV;
		complete(r->done);
		return;
	}
	echo_req_free(r);
	atomic_dec(&ec->inflight);
	wake_up(&ec->wq);
}

static void echo_on_event(struct vmb_channel *ch, void *ctx)
{
	struct echo_chan *ec = ctx;

	if (ec->read_mode == 2) {
		/* polled: no more signals until the poller has emptied the ring */
		vmb_chan_intr_mask(ch);
		queue_work(system_highpri_wq, &ec->poll_work);
		return;
	}
	echo_drain(ec);
}

static void echo_poll_work(struct work_struct *work)
{
	struct echo_chan *ec = container_of(work, struct echo_chan, poll_work);

	do {
		echo_drain(ec);
	} while (vmb_chan_intr_unmask(ec->ch));
}

/* ------------------------------------------------------------ channels */

int echo_chan_open(struct echo_dev *ed, struct vmb_channel *ch, int index)
{
	struct vmb_chan_config cfg = {
		.send_ring_size = ECHO_RING_SIZE,
		.recv_ring_size = ECHO_RING_SIZE,
		.on_event = echo_on_event,
		.on_cancel = echo_on_cancel,
		.on_cpu_change = echo_on_cpu_change,
		.max_requests = 256,
	};
	struct echo_chan *ec;
	int ret;

	ec = kzalloc(sizeof(*ec), GFP_KERNEL);
	if (!ec)
		return -ENOMEM;
	ec->rxlen = ECHO_MAX_DATA + 4096;
	ec->rxbuf = kvmalloc(ec->rxlen, GFP_KERNEL);
	if (!ec->rxbuf) {
		ret = -ENOMEM;
		goto free_ec;
	}
	ec->ed = ed;
	ec->ch = ch;
	ec->index = index;
	ec->notified_cpu = -1;
	ec->read_mode = index % 3;
	atomic_set(&ec->inflight, 0);
	init_waitqueue_head(&ec->wq);
	INIT_WORK(&ec->poll_work, echo_poll_work);
	cfg.ctx = ec;
	cfg.mode = ec->read_mode == 0 ? VMB_READ_BATCHED : VMB_READ_DIRECT;
	ret = vmb_chan_open(ch, &cfg);
	if (ret)
		goto free_rx;
	ec->open = true;
	vmb_chan_set_drvdata(ch, ec);
	mutex_lock(&ed->chans_lock);
	ed->chans[index] = ec;
	mutex_unlock(&ed->chans_lock);
	return 0;

free_rx:
	kvfree(ec->rxbuf);
free_ec:
	kfree(ec);
	return ret;
}

static void echo_chan_close(struct echo_chan *ec)
{
	if (ec->open) {
		vmb_chan_close(ec->ch);
		/* close stopped the callback: no poller is queued after this */
		cancel_work_sync(&ec->poll_work);
		ec->open = false;
	}
}

static void echo_chan_free(struct echo_dev *ed, struct echo_chan *ec)
{
	echo_chan_close(ec);
	vmb_chan_set_drvdata(ec->ch, NULL);
	vmb_chan_set_rescind_cb(ec->ch, NULL);
	mutex_lock(&ed->chans_lock);
	ed->chans[ec->index] = NULL;
	mutex_unlock(&ed->chans_lock);
	ed->nchans--;
	kvfree(ec->rxbuf);
	kfree(ec);
}

static void echo_wake_all(struct echo_dev *ed)
{
	int i;

	mutex_lock(&ed->chans_lock);
	for (i = 0; i < ECHO_MAX_CHANNELS; i++)
		if (ed->chans[i])
			wake_up(&ed->chans[i]->wq);
	mutex_unlock(&ed->chans_lock);
}

/*
 * The host withdrew a sub-channel: close it and forget it now, since
 * vmbus.ko frees the channel once this returns. A run that uses it holds
 * the lock; it notices the rescind and ends first.
 */
static void echo_sub_rescind(struct vmb_channel *ch)
{
	struct echo_chan *ec = vmb_chan_get_drvdata(ch);
	struct echo_dev *ed;

	if (!ec)
		return;
	ed = ec->ed;
	/*
	 * A run holds the lock: it ends, wherever it waits. vmbus.ko runs the
	 * primary's removal only after this returns, so a run left waiting on
	 * the primary's answers would wait out its whole timeout.
	 */
	atomic_inc(&ed->withdrawing);
	echo_wake_all(ed);
	mutex_lock(&ed->lock);
	if (ed->chans[ec->index] == ec)
		echo_chan_free(ed, ec);
	mutex_unlock(&ed->lock);
	atomic_dec(&ed->withdrawing);
}

/* Process context, from vmbus.ko's sub-channel workqueue. */
static void echo_new_subchannel(struct vmb_channel *sc)
{
	struct vmb_device *vdev = vmb_chan_device(sc);
	struct echo_dev *ed = vdev ? dev_get_drvdata(&vdev->dev) : NULL;
	int index = vmb_chan_subchannel_index(sc), ret;

	if (!ed || index <= 0 || index >= ECHO_MAX_CHANNELS)
		return;
	mutex_lock(&ed->lock);
	if (ed->dying || ed->chans[index]) {
		mutex_unlock(&ed->lock);
		return;
	}
	vmb_chan_set_rescind_cb(sc, echo_sub_rescind);
	ret = echo_chan_open(ed, sc, index);
	if (ret)
		dev_warn(&vdev->dev, "cannot open sub-channel %d: %d\n", index, ret);
	else
		ed->nchans++;
	mutex_unlock(&ed->lock);
	wake_up(&ed->chan_wq);
}

/* ------------------------------------------------------- probe/remove */

static struct dentry *echo_root;

static int echo_probe(struct vmb_device *vdev, const struct vmb_device_id *id)
{
	struct echo_dev *ed;
	int ret;

	ed = kzalloc(sizeof(*ed), GFP_KERNEL);
	if (!ed)
		return -ENOMEM;
	ed->vdev = vdev;
	mutex_init(&ed->lock);
	mutex_init(&ed->chans_lock);
	init_waitqueue_head(&ed->chan_wq);
	dev_set_drvdata(&vdev->dev, ed);
	/* before the open: a sub-channel may be offered as soon as we ask */
	vmb_chan_set_subchannel_cb(vdev->channel, echo_new_subchannel);
	mutex_lock(&ed->lock);
	ret = echo_chan_open(ed, vdev->channel, 0);
	if (!ret)
		ed->nchans = 1;
	mutex_unlock(&ed->lock);
	if (ret)
		goto free;
	ed->dir = debugfs_create_dir(dev_name(&vdev->dev), echo_root);
	debugfs_create_file("run", 0200, ed->dir, ed, &echo_run_fops);
	debugfs_create_file("stats", 0444, ed->dir, ed, &echo_stats_fops);
	return 0;

free:
	vmb_chan_set_subchannel_cb(vdev->channel, NULL);
	dev_set_drvdata(&vdev->dev, NULL);
	kfree(ed);
	return ret;
}

static void echo_remove(struct vmb_device *vdev)
{
	struct echo_dev *ed = dev_get_drvdata(&vdev->dev);
	int i;

	/*
	 * A run in progress sees this and stops, woken if it waits for
	 * answers (which stopped with the rescind); debugfs removal waits for
	 * it to return.
	 */
	WRITE_ONCE(ed->dying, true);
	echo_wake_all(ed);
	vmb_chan_set_subchannel_cb(vdev->channel, NULL);
	debugfs_remove_recursive(ed->dir);
	mutex_lock(&ed->lock);
	/* sub-channels first, the primary last */
	for (i = ECHO_MAX_CHANNELS - 1; i >= 0; i--)
		if (ed->chans[i])
			echo_chan_free(ed, ed->chans[i]);
	mutex_unlock(&ed->lock);
	dev_set_drvdata(&vdev->dev, NULL);
	kfree(ed);
}

static const struct vmb_device_id echo_ids[] = {
	{ .guid = echo_class },
	{ }
};

static struct vmb_driver echo_driver = {
	.name = "vmbus_echo",
	.id_table = echo_ids,
	.probe = echo_probe,
	.remove = echo_remove,
};

static int __init echo_init(void)
{
	int ret;

	if (echo_timeout_ms < 100 || echo_timeout_ms > 600000) {
		pr_err("timeout_ms=%u: must be 100 to 600000\n", echo_timeout_ms);
		return -EINVAL;
	}
	echo_root = debugfs_create_dir("vmbus_echo", NULL);
	ret = vmb_driver_register(&echo_driver);
	if (ret)
		debugfs_remove_recursive(echo_root);
	return ret;
}

static void __exit echo_exit(void)
{
	vmb_driver_unregister(&echo_driver);
	debugfs_remove_recursive(echo_root);
}

module_init(echo_init);
module_exit(echo_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vmbus.ko test driver for hv_sim's echo device; never installed");
