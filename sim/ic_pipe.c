// SPDX-License-Identifier: GPL-2.0
/*
 * The host's IC framework: what every integration service does with its
 * channel, from the host's point of view (openvmm's hyperv_ic and the
 * kernel's hv_util describe the same exchange).
 *
 * When the guest opens the channel the host offers its versions: the
 * framework versions 1.0 and 3.0 and the service's message versions for
 * the emulated host generation, oldest first. The answer must name one of
 * each (counts 1 and 1) or none (counts 0: no common version; the service
 * then stays silent). After that the host sends one request at a time,
 * each a transaction: it waits for the answer before the next. A request
 * owed meanwhile (a heartbeat period passing, a control-file write) waits
 * in ic->due.
 *
 * Every answer is checked: an in-band packet, a data pipe header whose
 * size fits the packet, an IC header with TRANSACTION | RESPONSE and not
 * REQUEST, transaction ID 0, the type of the request that is out. An
 * answer that fails a check is a protocol violation: counted, logged, and
 * the service stops until the guest opens the channel again (openvmm's
 * services fail the same way). An answer that does not come within
 * answer_ms is counted and the next request goes.
 *
 * The fault knobs (ic->faults) bend the next request: see ic_host.h and
 * dev_ic.c.
 *
 * Context: hvsim_ic_service() and hvsim_ic_packet() run in the channel's
 * I/O work; hvsim_ic_tick() on the system workqueue; start and stop under
 * hvsim_vmbus.lock from the channel's open and close.
 */
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "hvsim.h"
#include "ic_host.h"

#define HVSIM_IC_HDRS		sizeof(struct hvsim_ic_head)
#define HVSIM_IC_TICK		(HZ / 10)
#define HVSIM_IC_MAX_VERSIONS	8

static const u32 hvsim_ic_fw[] = { HVSIM_IC_V(1, 0), HVSIM_IC_V(3, 0) };

static const char *const hvsim_ic_states[] = {
	[HVSIM_IC_CLOSED] = "closed",
	[HVSIM_IC_NEGOTIATING] = "negotiating",
	[HVSIM_IC_READY] = "ready",
	[HVSIM_IC_FAILED] = "failed",
};

const char *hvsim_ic_state_name(enum hvsim_ic_state s)
{
	return hvsim_ic_states[s];
}

/**
 * hvsim_ic_start() - the guest opened the channel: negotiate
 * @ic:		the service
 * @chan:	its channel, rings attached
 *
 * Context: hvsim_vmbus.lock held (the class's open).
 */
void hvsim_ic_start(struct hvsim_ic *ic, struct hvsim_vchan *chan)
{
	spin_lock(&ic->lock);
	ic->chan = chan;
	ic->state = HVSIM_IC_NEGOTIATING;
	ic->fw = 0;
	ic->ver = 0;
	ic->waiting = false;
	ic->due = HVSIM_IC_DUE_NEGOTIATE | (ic->due & HVSIM_IC_DUE_SHUTDOWN);
	spin_unlock(&ic->lock);
	schedule_delayed_work(&ic->tick, HVSIM_IC_TICK);
	hvsim_vchan_kick(chan);
}

/**
 * hvsim_ic_stop() - the channel is closing
 * @ic:		the service
 *
 * A shutdown request not sent yet stays owed: it goes after the next
 * negotiation (a host that wants the guest off keeps wanting it).
 *
 * Context: hvsim_vmbus.lock held, the channel's I/O work stopped; sleeps
 * (the tick is cancelled; it never takes hvsim_vmbus.lock).
 */
void hvsim_ic_stop(struct hvsim_ic *ic)
{
	cancel_delayed_work_sync(&ic->tick);
	spin_lock(&ic->lock);
	ic->chan = NULL;
	ic->state = HVSIM_IC_CLOSED;
	ic->waiting = false;
	hvsim_ic_fcopy_lost(ic);
	ic->due &= HVSIM_IC_DUE_SHUTDOWN;
	spin_unlock(&ic->lock);
}

/* the negotiation's body: framework versions, then message versions */
static u32 hvsim_ic_negotiation(struct hvsim_ic *ic, u8 *body)
{
	struct hvsim_ic_negotiate *n = (struct hvsim_ic_negotiate *)body;
	u32 v[HVSIM_IC_MAX_VERSIONS];
	unsigned int nv, i;

	nv = ic->cls->versions(v, ARRAY_SIZE(v));
	if (ic->faults & HVSIM_IC_F_BAD_VERSION) {
		/* a message version from no generation: nothing in common */
		ic->faults &= ~HVSIM_IC_F_BAD_VERSION;
		ic->c[HVSIM_IC_C_FAULTS]++;
		v[0] = HVSIM_IC_V(0xff, 0xff);
		nv = 1;
	}
	n->fw_count = ARRAY_SIZE(hvsim_ic_fw);
	n->msg_count = nv;
	n->reserved = 0;
	for (i = 0; i < ARRAY_SIZE(hvsim_ic_fw); i++) {
		n->v[i].major = hvsim_ic_fw[i] >> 16;
		n->v[i].minor = hvsim_ic_fw[i] & 0xffff;
	}
	for (i = 0; i < nv; i++) {
		n->v[ARRAY_SIZE(hvsim_ic_fw) + i].major = v[i] >> 16;
		n->v[ARRAY_SIZE(hvsim_ic_fw) + i].minor = v[i] & 0xffff;
	}
	return sizeof(*n) + (ARRAY_SIZE(hvsim_ic_fw) + nv) * sizeof(struct hvsim_ic_ver);
}

/* the one fault of the wire format to apply to this request, if any */
static u32 hvsim_ic_bend(struct hvsim_ic *ic, struct hvsim_ic_head *h, u32 body_len)
{
	u32 len = HVSIM_IC_HDRS + body_len;
	u32 f = ic->faults & (HVSIM_IC_F_TRUNCATE | HVSIM_IC_F_BAD_LENGTH |
			      HVSIM_IC_F_BAD_PIPE | HVSIM_IC_F_SHORT);

	if (!f)
		return len;
	f &= -f;	/* one at a time, lowest first */
	ic->faults &= ~f;
	ic->c[HVSIM_IC_C_FAULTS]++;
	switch (f) {
	case HVSIM_IC_F_TRUNCATE:
		/* well framed, but the body stops short of its fields */
		body_len = min_t(u32, body_len / 2, 4);
		h->pipe.size = sizeof(h->ic) + body_len;
		h->ic.size = body_len;
		return HVSIM_IC_HDRS + body_len;
	case HVSIM_IC_F_BAD_LENGTH:
		h->ic.size = body_len + 64;
		return len;
	case HVSIM_IC_F_BAD_PIPE:
		h->pipe.type = HVSIM_IC_PIPE_PARTIAL;
		return len;
	}
	/* HVSIM_IC_F_SHORT: not even the IC header; no answer can come */
	return sizeof(h->pipe) + 8;
}

/**
 * hvsim_ic_service() - send the next request the host owes, if it may
 * @chan:	the service's channel
 *
 * Context: the channel's I/O work.
 * Return: false (the next request waits for this one's answer).
 */
bool hvsim_ic_service(struct hvsim_vchan *chan)
{
	struct hvsim_ic *ic = chan->dev->priv;
	struct hvsim_ic_head *h = (struct hvsim_ic_head *)ic->msg;
	u8 *body = ic->msg + HVSIM_IC_HDRS;
	u32 due, body_len, len;
	u16 type;
	int ret;

	spin_lock(&ic->lock);
	if (ic->waiting)
		goto unlock;
	if (ic->state == HVSIM_IC_NEGOTIATING)
		due = ic->due & HVSIM_IC_DUE_NEGOTIATE;
	else if (ic->state == HVSIM_IC_READY)
		due = ic->due & ~HVSIM_IC_DUE_NEGOTIATE;
	else
		due = 0;
	if (!due)
		goto unlock;
	due &= -due;
	ic->due &= ~due;
	memset(ic->msg, 0, HVSIM_IC_HDRS);
	if (due == HVSIM_IC_DUE_NEGOTIATE) {
		type = HVSIM_IC_NEGOTIATE;
		body_len = hvsim_ic_negotiation(ic, body);
	} else {
		body_len = hvsim_ic_body(ic, due, body, &type);
		h->ic.fw.major = ic->fw >> 16;
		h->ic.fw.minor = ic->fw & 0xffff;
		h->ic.msg.major = ic->ver >> 16;
		h->ic.msg.minor = ic->ver & 0xffff;
	}
	h->pipe.type = HVSIM_IC_PIPE_DATA;
	h->pipe.size = sizeof(h->ic) + body_len;
	h->ic.type = type;
	h->ic.size = body_len;
	h->ic.flags = HVSIM_IC_TRANSACTION | HVSIM_IC_REQUEST;
	len = hvsim_ic_bend(ic, h, body_len);
	ic->waiting = true;
	ic->wait_type = type;
	ic->sent_at = jiffies;
	ic->c[HVSIM_IC_C_REQUESTS]++;
	spin_unlock(&ic->lock);

	ret = hvsim_vchan_send(chan, HVSIM_VMPKT_DATA_INBAND, 0, 0, ic->msg, len);
	if (ret) {
		pr_warn_ratelimited("ic: %s: request of %u bytes not sent (%d)\n",
				    ic->cls->name, len, ret);
		spin_lock(&ic->lock);
		ic->waiting = false;
		spin_unlock(&ic->lock);
	}
	return false;

unlock:
	spin_unlock(&ic->lock);
	return false;
}

static bool hvsim_ic_offered(const u32 *v, unsigned int n, u32 x)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

/* the guest's answer to the negotiation: ic->lock held */
static const char *hvsim_ic_negotiated(struct hvsim_ic *ic, const u8 *body, u32 len)
{
	const struct hvsim_ic_negotiate *n = (const struct hvsim_ic_negotiate *)body;
	u32 v[HVSIM_IC_MAX_VERSIONS], fw, ver;
	unsigned int nv;

	if (len < sizeof(*n))
		return "negotiation answer without counts";
	if (!n->fw_count && !n->msg_count) {
		ic->c[HVSIM_IC_C_NO_VERSION]++;
		ic->state = HVSIM_IC_FAILED;
		pr_info("ic: %s: the guest speaks none of the offered versions\n", ic->cls->name);
		return NULL;
	}
	if (n->fw_count != 1 || n->msg_count != 1 || len < sizeof(*n) + 2 * sizeof(n->v[0]))
		return "negotiation answer not one version of each";
	fw = HVSIM_IC_V(n->v[0].major, n->v[0].minor);
	ver = HVSIM_IC_V(n->v[1].major, n->v[1].minor);
	nv = ic->cls->versions(v, ARRAY_SIZE(v));
	if (!hvsim_ic_offered(hvsim_ic_fw, ARRAY_SIZE(hvsim_ic_fw), fw) ||
	    !hvsim_ic_offered(v, nv, ver))
		return "negotiation answer picks a version not offered";
	ic->fw = fw;
	ic->ver = ver;
	ic->state = HVSIM_IC_READY;
	ic->c[HVSIM_IC_C_NEGOTIATED]++;
	ic->next_periodic = jiffies + msecs_to_jiffies(ic->period_ms);
	/* what a host sends first: the time at once, a heartbeat soon */
	if (ic->cls->kind == HVSIM_IC_K_TIMESYNC)
		ic->due |= HVSIM_IC_DUE_SYNC;
	if (ic->cls->kind == HVSIM_IC_K_HEARTBEAT)
		ic->due |= HVSIM_IC_DUE_HEARTBEAT;
	return NULL;
}

/* why an answer is not one, or NULL: ic->lock held */
static const char *hvsim_ic_check(struct hvsim_ic *ic, const struct hvsim_vpkt *pkt)
{
	const struct hvsim_ic_head *h = (const struct hvsim_ic_head *)pkt->data;

	if (pkt->type != HVSIM_VMPKT_DATA_INBAND)
		return "not an in-band packet";
	if (pkt->len < HVSIM_IC_HDRS)
		return "shorter than its headers";
	if (h->pipe.type != HVSIM_IC_PIPE_DATA || h->pipe.size < sizeof(h->ic) ||
	    h->pipe.size > pkt->len - sizeof(h->pipe))
		return "pipe header does not describe the packet";
	if (h->ic.size > h->pipe.size - sizeof(h->ic))
		return "IC header's size past the packet";
	if ((h->ic.flags & (HVSIM_IC_TRANSACTION | HVSIM_IC_RESPONSE | HVSIM_IC_REQUEST)) !=
	    (HVSIM_IC_TRANSACTION | HVSIM_IC_RESPONSE))
		return "not flagged a response";
	if (h->ic.trans_id)
		return "wrong transaction ID";
	if (!ic->waiting)
		return "no request is out";
	if (h->ic.type != ic->wait_type)
		return "answers another message type";
	return NULL;
}

/**
 * hvsim_ic_packet() - a packet from the guest: the answer to the request out
 * @chan:	the service's channel
 * @pkt:	the packet
 *
 * Context: the channel's I/O work.
 */
void hvsim_ic_packet(struct hvsim_vchan *chan, const struct hvsim_vpkt *pkt)
{
	struct hvsim_ic *ic = chan->dev->priv;
	const struct hvsim_ic_head *h = (const struct hvsim_ic_head *)pkt->data;
	const char *why;
	u16 type;

	spin_lock(&ic->lock);
	if (ic->state != HVSIM_IC_NEGOTIATING && ic->state != HVSIM_IC_READY) {
		spin_unlock(&ic->lock);
		return;		/* failed: the host no longer listens */
	}
	why = hvsim_ic_check(ic, pkt);
	if (!why && (ic->faults & HVSIM_IC_F_NO_ANSWER)) {
		/* as if it never came: the request times out */
		ic->faults &= ~HVSIM_IC_F_NO_ANSWER;
		ic->c[HVSIM_IC_C_FAULTS]++;
		spin_unlock(&ic->lock);
		return;
	}
	if (!why) {
		type = h->ic.type;
		ic->waiting = false;
		ic->c[HVSIM_IC_C_ANSWERS]++;
		ic->last_status = h->ic.status;
		if (h->ic.status)
			ic->c[HVSIM_IC_C_FAILED]++;
		if (type == HVSIM_IC_NEGOTIATE)
			why = hvsim_ic_negotiated(ic, pkt->data + HVSIM_IC_HDRS,
						  h->pipe.size - sizeof(h->ic));
		else if (type == HVSIM_IC_KVP)
			hvsim_ic_kvp_answered(ic, h->ic.status, pkt->data + HVSIM_IC_HDRS,
					      h->pipe.size - sizeof(h->ic));
		else if (type == HVSIM_IC_VSS)
			hvsim_ic_vss_answered(ic, h->ic.status, pkt->data + HVSIM_IC_HDRS,
					      h->pipe.size - sizeof(h->ic));
		else if (type == HVSIM_IC_FCOPY)
			hvsim_ic_fcopy_answered(ic, h->ic.status);
		else if (!h->ic.status)
			hvsim_ic_answered(ic, type, pkt->data + HVSIM_IC_HDRS,
					  h->pipe.size - sizeof(h->ic));
	}
	if (why) {
		ic->c[HVSIM_IC_C_BAD_ANSWER]++;
		ic->state = HVSIM_IC_FAILED;
		ic->waiting = false;
		hvsim_ic_fcopy_lost(ic);
	}
	spin_unlock(&ic->lock);
	if (why)
		pr_warn("ic: %s %pUl: bad answer (%s): the service stops until the channel is opened again\n",
			ic->cls->name, &chan->dev->instance, why);
}

/**
 * hvsim_ic_tick() - every 100 ms while open: periodic requests, timeouts
 * @work:	the service's tick
 *
 * Context: the system workqueue; never takes hvsim_vmbus.lock.
 */
void hvsim_ic_tick(struct work_struct *work)
{
	struct hvsim_ic *ic = container_of(to_delayed_work(work), struct hvsim_ic, tick);
	bool kick = false, late = false;

	spin_lock(&ic->lock);
	if (ic->waiting &&
	    time_after(jiffies, ic->sent_at + msecs_to_jiffies(ic->answer_ms))) {
		ic->waiting = false;
		ic->c[HVSIM_IC_C_NO_ANSWER]++;
		if (ic->wait_type == HVSIM_IC_FCOPY)
			hvsim_ic_fcopy_lost(ic);
		kick = late = true;
	}
	if (ic->state == HVSIM_IC_READY && ic->period_ms &&
	    time_after_eq(jiffies, ic->next_periodic)) {
		if (ic->cls->kind == HVSIM_IC_K_HEARTBEAT)
			ic->due |= HVSIM_IC_DUE_HEARTBEAT;
		else if (ic->cls->kind == HVSIM_IC_K_TIMESYNC)
			ic->due |= HVSIM_IC_DUE_SAMPLE;
		ic->next_periodic = jiffies + msecs_to_jiffies(ic->period_ms);
		kick = true;
	}
	if (kick && ic->chan)
		hvsim_vchan_kick(ic->chan);
	spin_unlock(&ic->lock);
	if (late)
		pr_info_ratelimited("ic: %s: no answer within %u ms\n", ic->cls->name,
				    ic->answer_ms);
	schedule_delayed_work(&ic->tick, HVSIM_IC_TICK);
}
