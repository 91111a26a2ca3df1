// SPDX-License-Identifier: GPL-2.0
/*
 * Checks of the host's IC messages and the answers built from them (see
 * icparse.h and the protocol in icmsg.h).
 *
 * Every length is the packet's: the pipe header's size must lie inside
 * the packet, the IC header inside that, and the IC header's body size
 * inside what is left. A body is read only as far as it arrived. What is
 * wrong with a message the guest can still answer (its IC header arrived)
 * comes back as -EPROTO: the caller answers it with a failure status.
 * Only a packet too short to hold both headers cannot be answered at all.
 */
#include <linux/errno.h>
#include <linux/limits.h>
#include <linux/string.h>
#include <linux/types.h>

#include "icparse.h"

static struct hvic_pipe_hdr *hvic_pipe(void *buf)
{
	return buf;
}

static struct hvic_hdr *hvic_hdr(void *buf)
{
	return (struct hvic_hdr *)((u8 *)buf + sizeof(struct hvic_pipe_hdr));
}

/**
 * hvic_parse() - check a request's pipe and IC headers
 * @buf:	the packet's payload (the caller's copy; answered in place)
 * @len:	its bytes, the host's padding to 8 included
 * @m:		the message, filled in also for -EPROTO (for the answer)
 *
 * Return: 0; -EPROTO for a message to answer with a failure (pipe type not
 * data, sizes that do not fit the packet, a response where a request
 * belongs); -EBADMSG for a packet shorter than the two headers (no answer
 * is possible).
 */
int hvic_parse(void *buf, u32 len, struct hvic_msg *m)
{
	struct hvic_pipe_hdr *p = hvic_pipe(buf);
	struct hvic_hdr *h = hvic_hdr(buf);
	u32 size;

	memset(m, 0, sizeof(*m));
	if (len < HVIC_HDRS)
		return -EBADMSG;
	m->type = h->type;
	m->body = (u8 *)buf + HVIC_HDRS;
	m->len = len;
	size = p->size;
	if (p->type != HVIC_PIPE_DATA || size > len - sizeof(*p) ||
	    size < sizeof(*h))
		return -EPROTO;
	m->len = sizeof(*p) + size;
	m->body_len = size - sizeof(*h);
	if (h->size > m->body_len || (h->flags & HVIC_FLAG_RESPONSE))
		return -EPROTO;
	return 0;
}

/**
 * hvic_answer() - turn a request into its answer
 * @buf:	the request, as hvic_parse() saw it
 * @m:		what hvic_parse() said of it (@m->len bytes go back)
 * @status:	HVIC_S_OK or a failure HRESULT
 *
 * The pipe header is rewritten to describe the answer, and the IC
 * header's body size cut to what the answer carries, so that even an
 * answer to a request with broken headers is well formed.
 */
void hvic_answer(void *buf, const struct hvic_msg *m, u32 status)
{
	struct hvic_pipe_hdr *p = hvic_pipe(buf);
	struct hvic_hdr *h = hvic_hdr(buf);

	p->type = HVIC_PIPE_DATA;
	p->size = m->len - sizeof(*p);
	if (h->size > m->len - HVIC_HDRS)
		h->size = m->len - HVIC_HDRS;
	h->status = status;
	h->flags = HVIC_FLAG_TRANSACTION | HVIC_FLAG_RESPONSE;
}

/* the first of @ours (newest first) that @theirs lists */
static bool hvic_pick(const struct hvic_version *theirs, unsigned int n,
		      const u32 *ours, unsigned int nours, u32 *out)
{
	unsigned int i, j;

	for (i = 0; i < nours; i++) {
		for (j = 0; j < n; j++) {
			if (HVIC_VER(theirs[j].major, theirs[j].minor) == ours[i]) {
				*out = ours[i];
				return true;
			}
		}
	}
	return false;
}

/**
 * hvic_negotiate() - answer a version negotiation
 * @buf:	the request, checked by hvic_parse(); the answer is built here
 * @size:	bytes @buf can hold (the answer may be longer than the request)
 * @m:		the request; @m->len becomes the answer's length
 * @fw:		framework versions the guest speaks, newest first
 * @nfw:	how many
 * @ver:	message versions of the service, newest first
 * @nver:	how many
 * @fw_out:	the framework version chosen
 * @ver_out:	the message version chosen
 *
 * The answer lists the chosen framework and message versions (counts 1
 * and 1, status S_OK), or, without a common pair or for a list that does
 * not fit the message, none (counts 0, status E_FAIL). Either way it is to
 * be sent; the status tells the caller's counters.
 *
 * Return: 0 when both versions were chosen; -ENOENT when the host lists no
 * version the guest speaks; -EPROTO for a malformed list; -ENOSPC when
 * @size cannot hold the answer (nothing written: the caller drops it).
 */
int hvic_negotiate(void *buf, u32 size, struct hvic_msg *m,
		   const u32 *fw, unsigned int nfw, const u32 *ver, unsigned int nver,
		   u32 *fw_out, u32 *ver_out)
{
	struct hvic_negotiate *n = (struct hvic_negotiate *)m->body;
	struct hvic_hdr *h = hvic_hdr(buf);
	u32 need = HVIC_HDRS + sizeof(*n) + 2 * sizeof(struct hvic_version);
	u32 nf = 0, nm = 0, f = 0, v = 0;
	int ret = -EPROTO;

	if (size < need)
		return -ENOSPC;
	if (m->body_len >= sizeof(*n)) {
		nf = n->fw_count;
		nm = n->msg_count;
		if (nf <= HVIC_MAX_VERSIONS && nm <= HVIC_MAX_VERSIONS &&
		    (nf + nm) * sizeof(struct hvic_version) <= m->body_len - sizeof(*n)) {
			ret = -ENOENT;
			if (hvic_pick(n->versions, nf, fw, nfw, &f) &&
			    hvic_pick(n->versions + nf, nm, ver, nver, &v))
				ret = 0;
		}
	}
	/* the answer: one of each, or none */
	if (m->len < need)
		m->len = need;
	n->fw_count = ret ? 0 : 1;
	n->msg_count = ret ? 0 : 1;
	n->reserved = 0;
	n->versions[0].major = HVIC_VER_MAJOR(f);
	n->versions[0].minor = HVIC_VER_MINOR(f);
	n->versions[1].major = HVIC_VER_MAJOR(v);
	n->versions[1].minor = HVIC_VER_MINOR(v);
	h->size = sizeof(*n) + 2 * sizeof(struct hvic_version);
	hvic_answer(buf, m, ret ? HVIC_E_FAIL : HVIC_S_OK);
	*fw_out = f;
	*ver_out = v;
	return ret;
}

/**
 * hvic_heartbeat() - answer a heartbeat: its sequence number plus one
 * @m:		the request (body changed in place)
 *
 * Only the sequence number is needed: hosts send 8 to 40 bytes after it.
 *
 * Return: 0, or -EPROTO for a body without a sequence number.
 */
int hvic_heartbeat(struct hvic_msg *m)
{
	struct hvic_heartbeat *hb = (struct hvic_heartbeat *)m->body;

	if (m->body_len < sizeof(hb->seq))
		return -EPROTO;
	hb->seq++;
	return 0;
}

/**
 * hvic_shutdown_action() - what a shutdown request asks
 * @m:		the request
 * @flags:	its flags, for the log
 *
 * The flags name one action (0 power off, 2 restart, 4 hibernate), with
 * bit 0 for "forced", which the guest cannot honour otherwise than by its
 * orderly path anyway. The reason and message that follow are not needed.
 *
 * Return: an enum hvic_shutdown_act (HVIC_ACT_INVALID for any other flags),
 * or -EPROTO for a body without its flags.
 */
int hvic_shutdown_action(const struct hvic_msg *m, u32 *flags)
{
	const struct hvic_shutdown *sd = (const struct hvic_shutdown *)m->body;

	*flags = 0;
	if (m->body_len < offsetof(struct hvic_shutdown, message))
		return -EPROTO;
	*flags = sd->flags;
	switch (sd->flags & ~HVIC_SHUTDOWN_FORCE) {
	case 0:
		return HVIC_ACT_POWEROFF;
	case HVIC_SHUTDOWN_RESTART:
		return HVIC_ACT_REBOOT;
	case HVIC_SHUTDOWN_HIBERNATE:
		return HVIC_ACT_HIBERNATE;
	}
	return HVIC_ACT_INVALID;
}

/**
 * hvic_timesync() - read a time-sync request
 * @m:		the request
 * @version:	the negotiated message version: 4.0 and later carry the
 *		reference time of the sample
 * @t:		what it says
 *
 * Return: 0; -EPROTO for a body too short for its version's fields;
 * -ERANGE for a host time before 1970 or past what ns in a u64 hold
 * (2554): no clock is set from that.
 */
int hvic_timesync(const struct hvic_msg *m, u32 version, struct hvic_time *t)
{
	u64 parent;

	memset(t, 0, sizeof(*t));
	if (version >= HVIC_VER(4, 0)) {
		const struct hvic_timesync_v4 *s = (const void *)m->body;

		if (m->body_len < offsetof(struct hvic_timesync_v4, flags) + 1)
			return -EPROTO;
		parent = s->parent_time;
		t->ref_time = s->ref_time;
		t->flags = s->flags;
	} else {
		const struct hvic_timesync_v1 *s = (const void *)m->body;

		if (m->body_len < offsetof(struct hvic_timesync_v1, flags) + 1)
			return -EPROTO;
		parent = s->parent_time;
		t->flags = s->flags;
	}
	if (parent < HVIC_EPOCH_DELTA || parent - HVIC_EPOCH_DELTA > U64_MAX / 100)
		return -ERANGE;
	t->host_ns = (parent - HVIC_EPOCH_DELTA) * 100;
	return 0;
}

/**
 * hvic_vss_request() - what a VSS request asks
 * @m:		the request; a request answered here gets its answer's body
 * @version:	the negotiated message version
 *
 * Freeze, thaw and the hot-backup check are the daemon's. The others are
 * answered here with success, as the in-tree driver answers them (snapshot
 * create, delete and completion need nothing of a Linux guest; it maps no
 * device directly, so GET_DM_INFO's flags are 0).
 *
 * Return: HVIC_VSS_DAEMON, HVIC_VSS_ANSWER; -EPROTO for a body shorter
 * than the VSS message; -EOPNOTSUPP for an operation this version does not
 * have.
 */
int hvic_vss_request(struct hvic_msg *m, u32 version)
{
	struct hvic_vss_msg *v = (struct hvic_vss_msg *)m->body;

	if (m->body_len < sizeof(*v))
		return -EPROTO;
	switch (v->hdr.op) {
	case HVIC_VSS_HOT_BACKUP:
		return HVIC_VSS_DAEMON;
	case HVIC_VSS_FREEZE:
	case HVIC_VSS_THAW:
		return version >= HVIC_VER(5, 0) ? HVIC_VSS_DAEMON : -EOPNOTSUPP;
	case HVIC_VSS_GET_DM_INFO:
		v->flags = 0;
		return HVIC_VSS_ANSWER;
	case HVIC_VSS_CREATE:
	case HVIC_VSS_DELETE:
	case HVIC_VSS_BU_COMPLETE:
	case HVIC_VSS_AUTO_RECOVER:
		return HVIC_VSS_ANSWER;
	}
	return -EOPNOTSUPP;
}

/**
 * hvic_daemon_status() - a daemon's error word as the answer's status
 * @error:	0, or an HRESULT (its failure bit set)
 * @status:	the status to answer with
 *
 * Return: 0; -EINVAL when @error is neither (*@status is E_FAIL).
 */
int hvic_daemon_status(s32 error, u32 *status)
{
	if (!error) {
		*status = HVIC_S_OK;
		return 0;
	}
	if (error < 0) {	/* the failure bit */
		*status = (u32)error;
		return 0;
	}
	*status = HVIC_E_FAIL;
	return -EINVAL;
}
