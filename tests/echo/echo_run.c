// SPDX-License-Identifier: GPL-2.0
/*
 * vmbus_echo: sending requests of every kind, the debugfs run command that
 * drives them (see echo_main.c for its syntax), the stats file.
 */
#include <linux/debugfs.h>
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

#include "echo.h"

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

/* @flags: VMB_SEND_* for the in-band and page-buffer forms */
static int echo_send_one(struct echo_chan *ec, struct echo_req *r, int mode, unsigned int flags)
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
		ret = vmb_chan_send_flags(ec->ch, tmp, sizeof(h) + r->len, r, &r->id, flags);
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
	return vmb_chan_send_pagebuf_flags(ec->ch, pb, n, &h, sizeof(h), r, &r->id, flags);
}

/*
 * No answer will come any more: the host broke the channel or rescinded it,
 * the device is being removed, or a sub-channel is being withdrawn. Whoever makes one of these true wakes
 * ec->wq, so that a run waiting for answers ends at once.
 */
static bool echo_chan_gone(struct echo_chan *ec)
{
	return READ_ONCE(ec->dead) || vmb_chan_rescinded(ec->ch) || READ_ONCE(ec->ed->dying) ||
	       atomic_read(&ec->ed->withdrawing);
}

/*
 * Sends one request, waiting for room (ring or window) as needed. @more:
 * another request follows on this channel: the host is not signalled for
 * this one (VMB_SEND_MORE), unless the window is full after it, when the
 * next one would wait for answers to requests the host was never told of.
 */
static int echo_submit(struct echo_dev *ed, struct echo_chan *ec, int mode, u32 len,
		       unsigned int window, bool more)
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
	if (more && atomic_read(&ec->inflight) - ec->lost >= window)
		more = false;
	for (;;) {
		ret = echo_send_one(ec, r, mode, more ? VMB_SEND_MORE : 0);
		if (ret != -EAGAIN && ret != -EBUSY)
			break;
		/* ring or request table full: wait for an answer to free room */
		vmb_chan_flush(ec->ch);
		if (echo_chan_gone(ec)) {
			ret = -ENODEV;
			break;
		}
		if (time_after(jiffies, deadline))
			break;
		cur = atomic_read(&ec->inflight);
		wait_event_timeout(ec->wq, atomic_read(&ec->inflight) < cur, HZ / 100 ?: 1);
	}
	if (ret) {
		vmb_chan_flush(ec->ch);	/* for the requests sent before it */
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
	bool more;
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
		} else if (!strcmp(tok, "more")) {
			if (kstrtobool(val, &a->more))
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
		ret = echo_submit(ed, ec, mode, echo_size(a->fixed, a->uniform, a->max), a->window,
				  a->more && n + nuse < a->count);
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

const struct file_operations echo_run_fops = {
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
	seq_printf(m, "cpu_changes: %lld\n", (long long)atomic64_read(&ed->cpu_changes));
	seq_printf(m, "last_run: packets=%llu bytes=%llu ns=%llu\n", READ_ONCE(ed->last_packets),
		   READ_ONCE(ed->last_bytes), READ_ONCE(ed->last_ns));
	/* not ed->lock, which a run holds: stats are read during runs */
	mutex_lock(&ed->chans_lock);
	for (i = 0; i < ECHO_MAX_CHANNELS; i++) {
		struct echo_chan *ec = ed->chans[i];

		if (ec)
			seq_printf(m, "channel %d: relid %u cpu %u read %s open %d sent %llu ok %llu notified_cpu %d write_avail %u read_avail %u\n",
				   i, vmb_chan_relid(ec->ch), vmb_chan_target_cpu(ec->ch),
				   ec->read_mode == 0 ? "batched" :
				   ec->read_mode == 1 ? "direct" : "polled",
				   ec->open, READ_ONCE(ec->sent), READ_ONCE(ec->ok),
				   READ_ONCE(ec->notified_cpu), vmb_chan_write_avail(ec->ch),
				   vmb_chan_read_avail(ec->ch));
	}
	mutex_unlock(&ed->chans_lock);
	return 0;
}
static int echo_stats_open(struct inode *inode, struct file *file)
{
	return single_open(file, echo_stats_show, inode->i_private);
}

const struct file_operations echo_stats_fops = {
	.owner = THIS_MODULE,
	.open = echo_stats_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};
