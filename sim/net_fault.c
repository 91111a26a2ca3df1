// SPDX-License-Identifier: GPL-2.0
/*
 * The "net_ctl" debugfs file: a NIC's link, and NetVSP fault knobs that
 * make the simulated host misbehave toward its guest, per NIC.
 *
 * net_ctl takes "<instance GUID> key=value [key=value ...]", each key at
 * most once per write; the whole write is parsed before anything changes,
 * so a refused one (-EINVAL, one pr_warn line) changes nothing. Keys:
 *   link=up|down	the link, indicated to the guest (net_rndis.c)
 *   drop=N		the next N frames the switch would queue for the NIC
 *			are dropped (counted: dropped_fault)
 *   delay_us=N		every transfer-page packet to the NIC (frames,
 *			RNDIS responses and indications) waits N µs before
 *			it is written into the ring, 0..1000000; 0: off
 *   bad_rndis=N	the next N REMOTE_NDIS_PACKET_MSGs written for the
 *			NIC have a DataLength one sub-allocation longer than
 *			the frame: the data runs past the message's range
 *   bad_xfer=N		the next N receive packets of frames have their first
 *			range start 8 bytes before the end of the receive
 *			buffer (the GPADL's size) and run past it
 *   bad_completion=N	the next N SEND_RNDIS_PKTs the guest asks a
 *			completion for get first one with a transaction ID
 *			it never used (its own with 0xbad xored into the top
 *			12 bits), then the real one
 *   big_xfer=N		the next N receive packets of frames carry 1024
 *			ranges, the real ones repeated in order: 8192 bytes of
 *			ranges alone, a VMBus packet over 8 KiB
 *   bad_rsc=N		the next N coalesced packets (RSC) written for the
 *			NIC end without a message marked last: the guest
 *			must drop what it gathered at the end of the packet
 *   refuse_set=OID	the next RNDIS SET of OID (hex, 0x optional) the
 *			host would carry out (RNDIS operational, information
 *			buffer inside the message) is answered
 *			NDIS_STATUS_FAILURE and changes nothing; 0 disarms
 * Counts are 0..1000000; each armed count goes down by one per fault made
 * and the knob is off at 0 (writing 0 disarms it). Every fault made, a
 * delayed packet included, counts in faults_injected. The knobs are host
 * configuration like the link: they survive the guest closing and
 * reopening the channel, and go with the NIC.
 *
 * The "receive packet" knobs (bad_xfer, big_xfer) act on transfer-page
 * packets of frames only (channel type data), so that a test aims them at
 * traffic it makes; RNDIS responses stay good and the guest's set-up works.
 * The host's own books stay right whatever the guest sees: a faulted
 * transfer still holds exactly the sub-allocations it took, freed when the
 * guest completes it (or its channel closes).
 *
 * Locking: the knobs are "under lock" fields of struct hvsim_net (written
 * by net_ctl under hvsim_net.lock, taken and decremented by the data paths
 * under it); a data path first reads a knob with READ_ONCE and takes the
 * lock only when it is armed, so an idle knob costs one load. The delay is
 * read with READ_ONCE only. net_ctl runs under hvsim_vmbus.lock, which
 * keeps the NIC from being destroyed meanwhile.
 */
#include <linux/delay.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "net_host.h"

#define HVSIM_NET_FAULT_COUNT_MAX	1000000
#define HVSIM_NET_FAULT_DELAY_MAX	1000000		/* µs */
#define HVSIM_NET_FAULT_SLEEP_STEP	10000		/* µs: how late a close notices */
#define HVSIM_NET_BIG_XFER_RANGES	1024
#define HVSIM_NET_BAD_TRANS_ID		0xbad0000000000000ull

/* net_ctl's keys besides the counted knobs (enum hvsim_net_fault) */
enum {
	HVSIM_NET_CTL_LINK = HVSIM_NET_F_COUNT,
	HVSIM_NET_CTL_DELAY,
	HVSIM_NET_CTL_REFUSE,
	HVSIM_NET_CTL_KEYS
};

static const char *const hvsim_net_ctl_keys[HVSIM_NET_CTL_KEYS] = {
	[HVSIM_NET_F_DROP] = "drop",
	[HVSIM_NET_F_BAD_RNDIS] = "bad_rndis",
	[HVSIM_NET_F_BAD_XFER] = "bad_xfer",
	[HVSIM_NET_F_BAD_COMPLETION] = "bad_completion",
	[HVSIM_NET_F_BIG_XFER] = "big_xfer",
	[HVSIM_NET_F_BAD_RSC] = "bad_rsc",
	[HVSIM_NET_CTL_LINK] = "link",
	[HVSIM_NET_CTL_DELAY] = "delay_us",
	[HVSIM_NET_CTL_REFUSE] = "refuse_set",
};

/* one net_ctl write, parsed; applied only when all of it is good */
struct hvsim_net_ctl_req {
	unsigned int given;		/* BIT(key) */
	bool up;
	u32 left[HVSIM_NET_F_COUNT];
	u32 delay_us;
	u32 refuse_oid;
};

/**
 * hvsim_net_fault_hit_locked() - make fault @f now, if it is armed
 * @net:	the NIC
 * @f:		the knob
 *
 * Context: net->lock held.
 * Return: true if the caller must make the fault (counted).
 */
bool hvsim_net_fault_hit_locked(struct hvsim_net *net, enum hvsim_net_fault f)
{
	lockdep_assert_held(&net->lock);
	if (!net->fault_left[f])
		return false;
	WRITE_ONCE(net->fault_left[f], net->fault_left[f] - 1);
	hvsim_net_count(net, FAULTS_INJECTED);
	return true;
}

/**
 * hvsim_net_fault_hit() - hvsim_net_fault_hit_locked() without the lock held
 * @net:	the NIC
 * @f:		the knob
 *
 * Context: process context, net->lock not held.
 * Return: true if the caller must make the fault (counted).
 */
bool hvsim_net_fault_hit(struct hvsim_net *net, enum hvsim_net_fault f)
{
	bool hit;

	if (!READ_ONCE(net->fault_left[f]))
		return false;
	spin_lock(&net->lock);
	hit = hvsim_net_fault_hit_locked(net, f);
	spin_unlock(&net->lock);
	return hit;
}

/**
 * hvsim_net_fault_delay() - delay_us: wait before a packet to the guest
 * @net:	the NIC
 * @chan:	the channel whose I/O work sends it
 *
 * The work sleeps, so the channel's other traffic waits too, as behind a
 * slow host. It sleeps in steps and stops early once the channel is being
 * stopped, so that a close (which waits for the work under
 * hvsim_vmbus.lock) is not held up by a long delay.
 *
 * Context: @chan's I/O work, no lock held.
 */
void hvsim_net_fault_delay(struct hvsim_net *net, struct hvsim_vchan *chan)
{
	u32 us = READ_ONCE(net->fault_delay_us), step;

	if (!us)
		return;
	hvsim_net_count(net, FAULTS_INJECTED);
	while (us && READ_ONCE(chan->io_enabled)) {
		step = min_t(u32, us, HVSIM_NET_FAULT_SLEEP_STEP);
		fsleep(step);
		us -= step;
	}
}

/**
 * hvsim_net_fault_xfer() - bad_xfer and big_xfer on a transfer-page packet
 * of frames about to be sent
 * @net:	the NIC
 * @buf_size:	the receive buffer's bytes (its GPADL's)
 * @ext:	the packet's transfer page set header and ranges (modified)
 * @ext_len:	their length; updated when another buffer is returned
 *
 * Only the ranges the guest reads change; the transfer's record of its
 * sub-allocations (what the host frees at completion) does not.
 *
 * Context: a channel's I/O work, no lock held.
 * Return: @ext, or a kmalloc()ed copy of 1024 ranges the caller frees.
 */
void *hvsim_net_fault_xfer(struct hvsim_net *net, u32 buf_size, void *ext, u32 *ext_len)
{
	struct hvsim_vmpkt_xfer_pages *h = ext, *bh;
	struct hvsim_xfer_range *r = (void *)(h + 1), *br;
	u32 n = h->range_count, i;
	void *big;

	if (!n)
		return ext;
	/* the buffer holds at least one 1728-byte sub-allocation: no underflow */
	if (hvsim_net_fault_hit(net, HVSIM_NET_F_BAD_XFER))
		r[0].byte_offset = buf_size - 8;
	if (!READ_ONCE(net->fault_left[HVSIM_NET_F_BIG_XFER]))
		return ext;
	big = kmalloc(sizeof(*h) + HVSIM_NET_BIG_XFER_RANGES * sizeof(*r), GFP_KERNEL);
	if (!big)
		return ext;
	if (!hvsim_net_fault_hit(net, HVSIM_NET_F_BIG_XFER)) {
		kfree(big);
		return ext;
	}
	bh = big;
	br = (void *)(bh + 1);
	*bh = *h;
	bh->range_count = HVSIM_NET_BIG_XFER_RANGES;
	for (i = 0; i < HVSIM_NET_BIG_XFER_RANGES; i++)
		br[i] = r[i % n];
	*ext_len = sizeof(*h) + HVSIM_NET_BIG_XFER_RANGES * sizeof(*r);
	return big;
}

/**
 * hvsim_net_fault_completion() - bad_completion: before the real completion
 * of a SEND_RNDIS_PKT, one of a transaction ID the guest never used
 * @chan:	the channel the request came on
 * @pkt:	the request
 * @msg:	the completion's NVSP message (sent as is with the bogus ID)
 * @len:	its length
 *
 * Only requests that asked for a completion are eligible.
 *
 * Context: @chan's I/O work.
 */
void hvsim_net_fault_completion(struct hvsim_vchan *chan, const struct hvsim_vpkt *pkt,
				const void *msg, u32 len)
{
	struct hvsim_net *net = chan->dev->priv;
	struct hvsim_vpkt bogus;

	if (!(pkt->flags & HVSIM_VMPKT_FLAG_COMPLETION_REQUESTED) ||
	    !hvsim_net_fault_hit(net, HVSIM_NET_F_BAD_COMPLETION))
		return;
	bogus = *pkt;
	bogus.trans_id ^= HVSIM_NET_BAD_TRANS_ID;
	hvsim_net_nvsp_complete(chan, &bogus, msg, len);
}

/**
 * hvsim_net_fault_refuse_set() - refuse_set: is this SET to be refused?
 * @net:	the NIC
 * @oid:	the OID the guest sets
 *
 * Context: the primary channel's I/O work, no lock held.
 * Return: true (the knob disarmed, the fault counted) to answer FAILURE
 * without touching anything.
 */
bool hvsim_net_fault_refuse_set(struct hvsim_net *net, u32 oid)
{
	bool hit = false;

	if (!oid || READ_ONCE(net->fault_refuse_oid) != oid)
		return false;
	spin_lock(&net->lock);
	if (net->fault_refuse_oid == oid) {
		WRITE_ONCE(net->fault_refuse_oid, 0);
		hvsim_net_count(net, FAULTS_INJECTED);
		hit = true;
	}
	spin_unlock(&net->lock);
	return hit;
}

/**
 * hvsim_net_fault_show() - the knobs' fields of a "net" line
 * @m:		the seq_file
 * @net:	the NIC
 *
 * Context: process context, hvsim_vmbus.lock held (the NIC stays).
 */
void hvsim_net_fault_show(struct seq_file *m, struct hvsim_net *net)
{
	u32 left[HVSIM_NET_F_COUNT], delay, oid;

	spin_lock(&net->lock);
	memcpy(left, net->fault_left, sizeof(left));
	delay = net->fault_delay_us;
	oid = net->fault_refuse_oid;
	spin_unlock(&net->lock);
	seq_printf(m, " fault_drop=%u fault_delay_us=%u fault_bad_rndis=%u fault_bad_xfer=%u fault_bad_completion=%u fault_big_xfer=%u fault_bad_rsc=%u fault_refuse_set=%#x",
		   left[HVSIM_NET_F_DROP], delay, left[HVSIM_NET_F_BAD_RNDIS],
		   left[HVSIM_NET_F_BAD_XFER], left[HVSIM_NET_F_BAD_COMPLETION],
		   left[HVSIM_NET_F_BIG_XFER], left[HVSIM_NET_F_BAD_RSC], oid);
}

/* One "key=value" of net_ctl into @r: 0, or -EINVAL with its one log line. */
static int hvsim_net_ctl_key(char *tok, struct hvsim_net_ctl_req *r)
{
	char *val = strchr(tok, '=');
	unsigned int k;
	u32 v;

	if (!val) {
		pr_warn("net_ctl: '%s' is not key=value\n", tok);
		return -EINVAL;
	}
	*val++ = '\0';
	for (k = 0; k < HVSIM_NET_CTL_KEYS; k++)
		if (!strcmp(tok, hvsim_net_ctl_keys[k]))
			break;
	if (k == HVSIM_NET_CTL_KEYS) {
		pr_warn("net_ctl: unknown key '%s' (link, drop, delay_us, bad_rndis, bad_xfer, bad_completion, big_xfer, bad_rsc, refuse_set)\n",
			tok);
		return -EINVAL;
	}
	if (r->given & BIT(k)) {
		pr_warn("net_ctl: key '%s' given twice\n", tok);
		return -EINVAL;
	}
	r->given |= BIT(k);
	switch (k) {
	case HVSIM_NET_CTL_LINK:
		if (strcmp(val, "up") && strcmp(val, "down")) {
			pr_warn("net_ctl: link=%s is not up or down\n", val);
			return -EINVAL;
		}
		r->up = !strcmp(val, "up");
		return 0;
	case HVSIM_NET_CTL_REFUSE:
		if (kstrtou32(val, 16, &r->refuse_oid)) {
			pr_warn("net_ctl: refuse_set=%s is not a hex OID\n", val);
			return -EINVAL;
		}
		return 0;
	case HVSIM_NET_CTL_DELAY:
		if (kstrtou32(val, 10, &v) || v > HVSIM_NET_FAULT_DELAY_MAX) {
			pr_warn("net_ctl: delay_us=%s not in 0..%u\n", val,
				HVSIM_NET_FAULT_DELAY_MAX);
			return -EINVAL;
		}
		r->delay_us = v;
		return 0;
	default:
		if (kstrtou32(val, 10, &v) || v > HVSIM_NET_FAULT_COUNT_MAX) {
			pr_warn("net_ctl: %s=%s not in 0..%u\n", tok, val,
				HVSIM_NET_FAULT_COUNT_MAX);
			return -EINVAL;
		}
		r->left[k] = v;
		return 0;
	}
}

/* Apply a parsed write. Context: hvsim_vmbus.lock held (@net stays). */
static void hvsim_net_ctl_apply(struct hvsim_net *net, const struct hvsim_net_ctl_req *r)
{
	bool link = r->given & BIT(HVSIM_NET_CTL_LINK);
	u32 dropped = 0;
	unsigned int i;

	spin_lock(&net->lock);
	if (link && net->link_up != r->up) {
		WRITE_ONCE(net->link_up, r->up);
		if (!r->up)
			dropped = hvsim_net_purge_locked(net, false);
		hvsim_net_link_indicate_locked(net);
	}
	for (i = 0; i < HVSIM_NET_F_COUNT; i++)
		if (r->given & BIT(i))
			WRITE_ONCE(net->fault_left[i], r->left[i]);
	if (r->given & BIT(HVSIM_NET_CTL_DELAY))
		WRITE_ONCE(net->fault_delay_us, r->delay_us);
	if (r->given & BIT(HVSIM_NET_CTL_REFUSE))
		WRITE_ONCE(net->fault_refuse_oid, r->refuse_oid);
	spin_unlock(&net->lock);
	hvsim_net_add(net, DROPPED_LINK, dropped);
	if (link)
		pr_info("net_ctl: %pUl link %s\n", &net->dev->instance, r->up ? "up" : "down");
	if (r->given & ~BIT(HVSIM_NET_CTL_LINK))
		pr_info("net_ctl: %pUl fault knobs set\n", &net->dev->instance);
}

/**
 * hvsim_net_ctl() - the "net_ctl" debugfs file: "<instance GUID>
 * key=value ..." (link and fault knobs; see the top of this file)
 * @line:	what was written, NUL-terminated (modified)
 *
 * A link change is indicated to the guest at once if its RNDIS is
 * operational; a link going down drops the frames waiting for it.
 *
 * Context: process context; takes hvsim_vmbus.lock.
 * Return: 0, or -EINVAL (one line logged, nothing changed).
 */
int hvsim_net_ctl(char *line)
{
	struct hvsim_net_ctl_req r = {};
	char *s = strim(line), *id, *tok;
	struct hvsim_vdev *dev;
	guid_t instance;
	int ret;

	id = strsep(&s, " \t");
	if (guid_parse(id, &instance))
		goto usage;
	while ((tok = strsep(&s, " \t"))) {
		if (!*tok)
			continue;
		ret = hvsim_net_ctl_key(tok, &r);
		if (ret)
			return ret;
	}
	if (!r.given)
		goto usage;
	mutex_lock(&hvsim_vmbus.lock);
	dev = hvsim_vdev_by_instance(&instance);
	if (!dev || dev->ops != &hvsim_net_ops || !dev->priv) {
		mutex_unlock(&hvsim_vmbus.lock);
		pr_warn("net_ctl: no NIC %pUl\n", &instance);
		return -EINVAL;
	}
	hvsim_net_ctl_apply(dev->priv, &r);
	mutex_unlock(&hvsim_vmbus.lock);
	return 0;

usage:
	pr_warn("net_ctl: expected \"<instance GUID> key=value ...\": link=up|down drop=N delay_us=N bad_rndis=N bad_xfer=N bad_completion=N big_xfer=N bad_rsc=N refuse_set=OID\n");
	return -EINVAL;
}
