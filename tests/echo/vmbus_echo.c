// SPDX-License-Identifier: GPL-2.0
/*
 * vmbus_echo: test driver of hv_sim's echo device, built only for the
 * project's tests (HVL_TEST_MODULES), never installed.
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
 *				[max=B] [gpadl=P]"; returns when every
 *				request has been answered or has timed out;
 *				gpadl=P first makes and tears down a GPADL
 *				of P pages; sizes=fixed sends max bytes
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
#include <linux/delay.h>
#include <linux/kmemleak.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/random.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "vmbus/vmbus.h"

#define ECHO_OP_INBAND		1
#define ECHO_OP_GPA		2
#define ECHO_OP_SUBCHANNELS	3
#define ECHO_OP_ERROR		0xffffffffu

#define ECHO_MAX_CHANNELS	16
#define ECHO_MAX_DATA		65536u
#define ECHO_RING_SIZE		(256 * 1024)
#define ECHO_WINDOW		16

/* how long a request may wait for its answer (a parameter, so that the fault
 * scenarios that drop answers need not wait the default 10 s) */
static unsigned int timeout_ms = 10000;
module_param(timeout_ms, uint, 0444);
MODULE_PARM_DESC(timeout_ms, "how long a request waits for its answer, in ms: 100 to 600000 (default 10000)");
#define ECHO_TIMEOUT		msecs_to_jiffies(timeout_ms)

static const guid_t echo_class =
	GUID_INIT(0x217bca27, 0xdb23, 0x4665, 0x99, 0x7d, 0x94, 0xfc, 0xd5, 0x55, 0xcf, 0xac);

struct echo_hdr {
	__le32 op;
	__le32 len;
	__le64 seq;
} __packed;

enum echo_mode { ECHO_INBAND, ECHO_GPA, ECHO_MPB, ECHO_MIX, ECHO_MEMCPY };

struct echo_dev;

struct echo_chan {
	struct echo_dev *ed;
	struct vmb_channel *ch;
	int index;			/* 0 = primary */
	int read_mode;			/* 0 batched, 1 direct, 2 polled */
	bool open;
	bool dead;			/* broken by the host: nothing more comes */
	atomic_t inflight;
	int lost;			/* of those, counted as timed out (runs only) */
	wait_queue_head_t wq;
	struct work_struct poll_work;
	u8 *rxbuf;
	u32 rxlen;
	/* per-channel counters (read in stats) */
	u64 sent, ok;
};

struct echo_req {
	struct echo_chan *ec;
	u32 op;
	u32 len;
	u64 seq;
	u8 *gpa_buf;		/* the described memory (GPA ops) */
	u8 *gpa_alloc;
	u64 id;
	int sub_offered;	/* op 3 answer; -ENODEV: cancelled at close */
	struct completion *done;	/* op 3: the caller waits */
};

struct echo_dev {
	struct vmb_device *vdev;
	struct dentry *dir;
	struct mutex lock;		/* one run at a time; changes of the table */
	struct mutex chans_lock;	/* the table, for readers outside a run */
	struct echo_chan *chans[ECHO_MAX_CHANNELS];
	int nchans;			/* opened channels, primary included */
	wait_queue_head_t chan_wq;	/* a sub-channel was opened */
	bool dying;
	u64 seq;
	atomic64_t sent, ok, bad, timeouts, errors, bytes, unexpected, gpadls, cancelled;
	/* the last run: written under lock at its end, read by stats after */
	u64 last_packets, last_bytes, last_ns;
};

/* --------------------------------------------------------------- data */

/* The payload bytes of request @seq, regenerated to check the answer. */
static void echo_fill(u8 *buf, u32 len, u64 seq)
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

static void echo_req_free(struct echo_req *r)
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

	for (;;) {
		ret = vmb_chan_recv(ec->ch, ec->rxbuf, ec->rxlen, &pkt);
		if (ret == -EAGAIN || ret == -ENODEV)
			return;
		if (ret) {
			/* -ENOBUFS cannot happen with a full-size buffer; -EIO: broken */
			WRITE_ONCE(ec->dead, true);
			wake_up(&ec->wq);
			atomic64_inc(&ec->ed->errors);
			pr_warn_ratelimited("channel %d: receive failed: %d\n", ec->index, ret);
			return;
		}
		if (pkt.type != VMB_PKT_COMP || !pkt.req) {
			atomic64_inc(&ec->ed->unexpected);
			continue;
		}
		echo_complete(ec, pkt.req, pkt.data, pkt.len);
	}
}

/*
 * vmbus.ko closed the channel with this request outstanding (a rescind in
 * the middle of a run): its answer will never come. The sub-channel
 * request's waiter is told; any other request is counted and freed.
 */
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

static int echo_chan_open(struct echo_dev *ed, struct vmb_channel *ch, int index)
{
	struct vmb_chan_config cfg = {
		.send_ring_size = ECHO_RING_SIZE,
		.recv_ring_size = ECHO_RING_SIZE,
		.on_event = echo_on_event,
		.on_cancel = echo_on_cancel,
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
	/* a run waiting for the channel's answers ends (it holds the lock) */
	wake_up(&ec->wq);
	mutex_lock(&ed->lock);
	if (ed->chans[ec->index] == ec)
		echo_chan_free(ed, ec);
	mutex_unlock(&ed->lock);
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

/* ------------------------------------------------------------ sending */

static u32 echo_size(bool fixed, bool uniform, u32 max)
{
	u32 bits, lo, size;

	if (fixed)
		return max;
	if (uniform)
		return 1 + get_random_u32() % max;
	bits = get_random_u32() % (fls(max) + 1);	/* 0..17 for 64 KiB */
	lo = bits ? 1u << (bits - 1) : 1;
	size = lo + get_random_u32() % lo;
	return clamp(size, 1u, max);
}

static int echo_send_one(struct echo_chan *ec, struct echo_req *r, int mode)
{
	struct vmb_page_buf pb[ECHO_MAX_DATA / VMB_HV_PAGE_SIZE + 2];
	u64 pfns[ECHO_MAX_DATA / VMB_HV_PAGE_SIZE + 2];
	struct echo_hdr h = {
		.op = cpu_to_le32(r->op),
		.len = cpu_to_le32(r->len),
		.seq = cpu_to_le64(r->seq),
	};
	struct vmb_gpa_range range;
	u8 *tmp;
	u32 off, n, i;
	int ret;

	if (mode == ECHO_INBAND) {
		tmp = kmalloc(sizeof(h) + r->len, GFP_KERNEL);
		if (!tmp)
			return -ENOMEM;
		memcpy(tmp, &h, sizeof(h));
		echo_fill(tmp + sizeof(h), r->len, r->seq);
		ret = vmb_chan_send(ec->ch, tmp, sizeof(h) + r->len, r, &r->id);
		kfree(tmp);
		return ret;
	}
	/*
	 * GPA forms: the data lives in our memory at a random page offset, in
	 * the host's pages (4 KiB, whatever the kernel's page size)
	 */
	off = get_random_u32() % VMB_HV_PAGE_SIZE;
	n = DIV_ROUND_UP(off + r->len, VMB_HV_PAGE_SIZE);
	if (mode == ECHO_MPB) {
		for (i = 0; i < n; i++)
			pfns[i] = vmb_virt_to_hv_pfn(r->gpa_alloc + i * VMB_HV_PAGE_SIZE);
		range = (struct vmb_gpa_range){ .len = r->len, .offset = off,
						.pfn_count = n, .pfns = pfns };
		r->gpa_buf = r->gpa_alloc + off;
		echo_fill(r->gpa_buf, r->len, r->seq);
		return vmb_chan_send_mpb(ec->ch, &range, &h, sizeof(h), r, &r->id);
	}
	/* page-buffer form: one element per page touched */
	r->gpa_buf = r->gpa_alloc + off;
	echo_fill(r->gpa_buf, r->len, r->seq);
	for (i = 0; i < n; i++) {
		u32 start = i ? 0 : off;
		u32 end = min_t(u32, VMB_HV_PAGE_SIZE, off + r->len - i * VMB_HV_PAGE_SIZE);

		pb[i].pfn = vmb_virt_to_hv_pfn(r->gpa_alloc + i * VMB_HV_PAGE_SIZE);
		pb[i].offset = start;
		pb[i].len = end - start;
	}
	return vmb_chan_send_pagebuf(ec->ch, pb, n, &h, sizeof(h), r, &r->id);
}

/*
 * No answer will come any more: the host broke the channel or rescinded it,
 * or the device is being removed. Whoever makes one of these true wakes
 * ec->wq, so that a run waiting for answers ends at once.
 */
static bool echo_chan_gone(struct echo_chan *ec)
{
	return READ_ONCE(ec->dead) || vmb_chan_rescinded(ec->ch) || READ_ONCE(ec->ed->dying);
}

/* Sends one request, waiting for room (ring or window) as needed. */
static int echo_submit(struct echo_dev *ed, struct echo_chan *ec, int mode, u32 len,
		       unsigned int window)
{
	unsigned long deadline = jiffies + ECHO_TIMEOUT;
	struct echo_req *r;
	int ret, cur;

	if (!wait_event_timeout(ec->wq, atomic_read(&ec->inflight) - ec->lost < window ||
				echo_chan_gone(ec), ECHO_TIMEOUT))
		return -ETIMEDOUT;
	if (READ_ONCE(ec->dead))
		return -EIO;
	if (echo_chan_gone(ec))
		return -ENODEV;
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	r->ec = ec;
	r->len = len;
	r->seq = ++ed->seq;
	r->op = mode == ECHO_INBAND ? ECHO_OP_INBAND : ECHO_OP_GPA;
	if (mode != ECHO_INBAND) {
		/*
		 * vmalloc: page-aligned, and made of separate pages, so that a
		 * range of many PFNs really is scattered in physical memory
		 */
		r->gpa_alloc = vmalloc(len + VMB_HV_PAGE_SIZE);
		if (!r->gpa_alloc) {
			kfree(r);
			return -ENOMEM;
		}
	}
	atomic_inc(&ec->inflight);
	for (;;) {
		ret = echo_send_one(ec, r, mode);
		if (ret != -EAGAIN && ret != -EBUSY)
			break;
		/* ring or request table full: wait for an answer to free room */
		if (time_after(jiffies, deadline))
			break;
		cur = atomic_read(&ec->inflight);
		wait_event_timeout(ec->wq, atomic_read(&ec->inflight) < cur, HZ / 100 ?: 1);
	}
	if (ret) {
		atomic_dec(&ec->inflight);
		echo_req_free(r);
		return ret;
	}
	atomic64_inc(&ed->sent);
	ec->sent++;
	return 0;
}

/* Waits for a channel's outstanding answers; those that never come time out. */
static void echo_wait_idle(struct echo_dev *ed, struct echo_chan *ec)
{
	unsigned long deadline = jiffies + ECHO_TIMEOUT;
	int n;

	/* a rescinded channel gets no more answers: do not wait for them */
	while (atomic_read(&ec->inflight) > ec->lost && !echo_chan_gone(ec) &&
	       time_before(jiffies, deadline))
		wait_event_timeout(ec->wq, atomic_read(&ec->inflight) <= ec->lost, HZ / 10);
	n = atomic_read(&ec->inflight);
	if (n <= ec->lost) {
		ec->lost = n;	/* some lost ones were answered late after all */
		return;
	}
	/*
	 * The requests still out are lost. They stay outstanding: the host
	 * may still use their buffers until the channel is closed, and then
	 * vmbus.ko hands them to echo_on_cancel(), which frees them. Count
	 * each once, here; they keep their place in the window meanwhile.
	 */
	atomic64_add(n - ec->lost, &ed->timeouts);
	pr_warn("channel %d: %d requests unanswered\n", ec->index, n - ec->lost);
	ec->lost = n;
}

static int echo_request_subchannels(struct echo_dev *ed, int want)
{
	struct echo_chan *ec = ed->chans[0];
	DECLARE_COMPLETION_ONSTACK(done);
	struct echo_hdr h = {
		.op = cpu_to_le32(ECHO_OP_SUBCHANNELS),
		.len = cpu_to_le32(want),
	};
	struct echo_req *r;
	int ret;

	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	r->ec = ec;
	r->op = ECHO_OP_SUBCHANNELS;
	r->seq = ++ed->seq;
	r->done = &done;
	h.seq = cpu_to_le64(r->seq);
	ret = vmb_chan_send(ec->ch, &h, sizeof(h), r, &r->id);
	if (ret) {
		kfree(r);
		return ret;
	}
	if (!wait_for_completion_timeout(&done, ECHO_TIMEOUT)) {
		/* if the answer is being handled right now, let it finish */
		if (!vmb_chan_req_cancel(ec->ch, r->id))
			wait_for_completion(&done);
		kfree(r);
		return -ETIMEDOUT;
	}
	ret = r->sub_offered;
	kfree(r);
	return ret;
}

struct echo_args {
	u64 count;
	enum echo_mode mode;
	int channels;
	unsigned int window;
	bool uniform;
	bool fixed;
	u32 max;
	u32 gpadl_pages;
};

static int echo_parse(char *s, struct echo_args *a)
{
	char *tok, *val;

	*a = (struct echo_args){ .count = 1, .mode = ECHO_MIX, .channels = 1,
				 .window = ECHO_WINDOW, .max = ECHO_MAX_DATA };
	while ((tok = strsep(&s, " \t\n"))) {
		if (!*tok)
			continue;
		val = strchr(tok, '=');
		if (!val)
			return -EINVAL;
		*val++ = 0;
		if (!strcmp(tok, "count")) {
			if (kstrtou64(val, 0, &a->count))
				return -EINVAL;
		} else if (!strcmp(tok, "channels")) {
			if (kstrtoint(val, 0, &a->channels) || a->channels < 1 ||
			    a->channels > ECHO_MAX_CHANNELS)
				return -EINVAL;
		} else if (!strcmp(tok, "window")) {
			if (kstrtouint(val, 0, &a->window) || !a->window || a->window > 128)
				return -EINVAL;
		} else if (!strcmp(tok, "gpadl")) {
			if (kstrtou32(val, 0, &a->gpadl_pages) || a->gpadl_pages > 65536)
				return -EINVAL;
		} else if (!strcmp(tok, "max")) {
			if (kstrtou32(val, 0, &a->max) || !a->max || a->max > ECHO_MAX_DATA)
				return -EINVAL;
		} else if (!strcmp(tok, "sizes")) {
			if (!strcmp(val, "uniform"))
				a->uniform = true;
			else if (!strcmp(val, "fixed"))
				a->fixed = true;
			else if (strcmp(val, "log"))
				return -EINVAL;
		} else if (!strcmp(tok, "mode")) {
			if (!strcmp(val, "inband"))
				a->mode = ECHO_INBAND;
			else if (!strcmp(val, "gpa"))
				a->mode = ECHO_GPA;
			else if (!strcmp(val, "mpb"))
				a->mode = ECHO_MPB;
			else if (!strcmp(val, "mix"))
				a->mode = ECHO_MIX;
			else if (!strcmp(val, "memcpy"))
				a->mode = ECHO_MEMCPY;
			else
				return -EINVAL;
		} else {
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * A GPADL of @pages pages on the primary channel, made and torn down: the
 * buffer API that netvsc's receive buffer will use (GPADL_HEADER plus as
 * many GPADL_BODY messages as the PFNs need).
 */
static int echo_gpadl(struct echo_dev *ed, u32 pages)
{
	struct vmb_gpadl g = {};
	void *buf;
	int ret;

	buf = vzalloc((size_t)pages * PAGE_SIZE);
	if (!buf)
		return -ENOMEM;
	ret = vmb_gpadl_create(ed->chans[0]->ch, buf, pages * PAGE_SIZE, &g);
	if (ret == -ETIMEDOUT) {
		/* no answer: the host may map it yet; leak rather than reuse */
		pr_warn("GPADL creation not answered: leaking %u pages\n", pages);
		kmemleak_not_leak(buf);	/* on purpose: not kmemleak's to report */
		return ret;
	}
	if (ret) {
		vfree(buf);
		return ret;
	}
	ret = vmb_gpadl_teardown(ed->chans[0]->ch, &g);
	if (ret) {
		/* the host may still write it: leak rather than reuse */
		pr_warn("GPADL teardown failed (%d): leaking %u pages\n", ret, pages);
		kmemleak_not_leak(buf);
		return ret;
	}
	vfree(buf);
	atomic64_inc(&ed->gpadls);
	return 0;
}

static int echo_run(struct echo_dev *ed, const struct echo_args *a)
{
	struct echo_chan *use[ECHO_MAX_CHANNELS];
	int nuse = 0, i, ret = 0, offered;
	u64 n;

	if (a->gpadl_pages) {
		ret = echo_gpadl(ed, a->gpadl_pages);
		if (ret)
			return ret;
	}
	if (a->channels > ed->nchans) {
		offered = echo_request_subchannels(ed, a->channels - 1);
		if (offered < 0)
			return offered;
		/* the offers are opened from vmbus.ko's workqueue: wait for them */
		mutex_unlock(&ed->lock);
		wait_event_timeout(ed->chan_wq, READ_ONCE(ed->nchans) >= 1 + offered,
				   ECHO_TIMEOUT);
		mutex_lock(&ed->lock);
	}
	for (i = 0; i < ECHO_MAX_CHANNELS && nuse < a->channels; i++)
		if (ed->chans[i] && ed->chans[i]->open)
			use[nuse++] = ed->chans[i];
	if (!nuse)
		return -ENODEV;

	for (n = 0; n < a->count; n++) {
		struct echo_chan *ec = use[n % nuse];
		int mode = a->mode == ECHO_MIX ? (int)(n % 3) : a->mode;

		if (READ_ONCE(ed->dying) || vmb_chan_rescinded(ec->ch)) {
			ret = -ENODEV;
			break;
		}
		if (READ_ONCE(ec->dead)) {
			ret = -EIO;
			break;
		}
		ret = echo_submit(ed, ec, mode, echo_size(a->fixed, a->uniform, a->max), a->window);
		if (ret) {
			atomic64_inc(&ed->errors);
			pr_warn("request %llu on channel %d: %d\n", n, ec->index, ret);
			break;
		}
		if (!(n & 63))
			cond_resched();
	}
	for (i = 0; i < nuse; i++)
		echo_wait_idle(ed, use[i]);
	return ret;
}

/*
 * The yardstick of the benchmark: the same payload sizes, copied once each
 * by memcpy() between two buffers, in the same VM.
 */
static int echo_memcpy_run(struct echo_dev *ed, const struct echo_args *a, u64 *bytes)
{
	u32 len = 0;
	u8 *src, *dst;
	int ret;
	u64 n;

	src = vmalloc(ECHO_MAX_DATA);
	dst = vmalloc(ECHO_MAX_DATA);
	if (!src || !dst) {
		vfree(src);
		vfree(dst);
		return -ENOMEM;
	}
	echo_fill(src, ECHO_MAX_DATA, 1);
	*bytes = 0;
	for (n = 0; n < a->count; n++) {
		len = echo_size(a->fixed, a->uniform, a->max);
		memcpy(dst, src, len);
		*bytes += len;
		if (!(n & 63))
			cond_resched();
	}
	/* the copies are used (the last one checked), so the compiler keeps them */
	ret = memcmp(dst, src, len) ? -EIO : 0;
	vfree(src);
	vfree(dst);
	return ret;
}

static ssize_t echo_run_write(struct file *f, const char __user *ubuf, size_t len, loff_t *ppos)
{
	struct echo_dev *ed = f->private_data;
	u64 t0, ok0, bytes;
	struct echo_args a;
	char buf[160];
	int ret;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = 0;
	ret = echo_parse(buf, &a);
	if (ret)
		return ret;
	mutex_lock(&ed->lock);
	t0 = ktime_get_ns();
	ok0 = atomic64_read(&ed->ok);
	bytes = atomic64_read(&ed->bytes);
	if (ed->dying) {
		ret = -ENODEV;
	} else if (a.mode == ECHO_MEMCPY) {
		ret = echo_memcpy_run(ed, &a, &bytes);
		ed->last_packets = a.count;
		ed->last_bytes = bytes;
	} else {
		ret = echo_run(ed, &a);
		ed->last_packets = atomic64_read(&ed->ok) - ok0;
		ed->last_bytes = atomic64_read(&ed->bytes) - bytes;
	}
	ed->last_ns = ktime_get_ns() - t0;
	mutex_unlock(&ed->lock);
	return ret ?: len;
}

static const struct file_operations echo_run_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = echo_run_write,
};

static int echo_stats_show(struct seq_file *m, void *v)
{
	struct echo_dev *ed = m->private;
	int i;

	seq_printf(m, "sent: %lld\nok: %lld\nbad: %lld\ntimeouts: %lld\nerrors: %lld\n",
		   (long long)atomic64_read(&ed->sent), (long long)atomic64_read(&ed->ok),
		   (long long)atomic64_read(&ed->bad), (long long)atomic64_read(&ed->timeouts),
		   (long long)atomic64_read(&ed->errors));
	seq_printf(m, "unexpected: %lld\nbytes: %lld\ngpadls: %lld\ncancelled: %lld\nchannels: %d\n",
		   (long long)atomic64_read(&ed->unexpected), (long long)atomic64_read(&ed->bytes),
		   (long long)atomic64_read(&ed->gpadls), (long long)atomic64_read(&ed->cancelled),
		   READ_ONCE(ed->nchans));
	seq_printf(m, "last_run: packets=%llu bytes=%llu ns=%llu\n", READ_ONCE(ed->last_packets),
		   READ_ONCE(ed->last_bytes), READ_ONCE(ed->last_ns));
	/* not ed->lock, which a run holds: stats are read during runs */
	mutex_lock(&ed->chans_lock);
	for (i = 0; i < ECHO_MAX_CHANNELS; i++) {
		struct echo_chan *ec = ed->chans[i];

		if (ec)
			seq_printf(m, "channel %d: relid %u cpu %u read %s open %d sent %llu ok %llu\n",
				   i, vmb_chan_relid(ec->ch), vmb_chan_target_cpu(ec->ch),
				   ec->read_mode == 0 ? "batched" :
				   ec->read_mode == 1 ? "direct" : "polled",
				   ec->open, READ_ONCE(ec->sent), READ_ONCE(ec->ok));
	}
	mutex_unlock(&ed->chans_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(echo_stats);

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

static void echo_wake_all(struct echo_dev *ed)
{
	int i;

	mutex_lock(&ed->chans_lock);
	for (i = 0; i < ECHO_MAX_CHANNELS; i++)
		if (ed->chans[i])
			wake_up(&ed->chans[i]->wq);
	mutex_unlock(&ed->chans_lock);
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

	if (timeout_ms < 100 || timeout_ms > 600000) {
		pr_err("timeout_ms=%u: must be 100 to 600000\n", timeout_ms);
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
