// SPDX-License-Identifier: GPL-2.0
/*
 * The host's heartbeat, shutdown and time-sync services: their versions
 * per host generation and the bodies of their requests (KVP's: ic_kvp.c,
 * VSS's: ic_vss.c, file copy's: ic_fcopy.c).
 *
 * Versions offered (oldest first, as hosts list them); which generation
 * added shutdown 3.1 and 3.2 is not public, so they come with the
 * generations after Windows Server 2012 R2 and 2016 here:
 *   heartbeat  1.0 3.0              every generation
 *   shutdown   1.0 3.0 (3.1 from ws2016, 3.2 from ws2019)
 *   timesync   1.0 3.0 (4.0 from ws2016: samples carry the reference time)
 *
 * Heartbeat: a sequence number, from 1, one more per request; the answer
 * must carry it plus one (counted as heartbeats, or as a bad answer).
 * Shutdown: the flags the control file asked for, reason "planned".
 * Time sync: the host's UTC in 100 ns units since 1601: the real time when
 * hv_sim loaded, advanced by the monotonic clock since (the host's clock
 * is not the guest's: the guest stepping its clock must not move it), plus
 * the control file's offset; with the partition reference time
 * it was read at from 4.0 on; SYNC once after every negotiation, SAMPLE
 * every period.
 *
 * Context: ic->lock held (the I/O work).
 */
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/string.h>
#include <linux/timekeeping.h>

#include "hvsim.h"
#include "ic_host.h"

#define HVSIM_IC_MSG_SHUTDOWN	"hv_sim: shutdown requested through ic_ctl"

static unsigned int hvsim_ic_versions_heartbeat(u32 *v, unsigned int max)
{
	v[0] = HVSIM_IC_V(1, 0);
	v[1] = HVSIM_IC_V(3, 0);
	return 2;
}

static unsigned int hvsim_ic_versions_shutdown(u32 *v, unsigned int max)
{
	unsigned int n = 0;

	v[n++] = HVSIM_IC_V(1, 0);
	v[n++] = HVSIM_IC_V(3, 0);
	if (hvsim_gen->build >= 14393)
		v[n++] = HVSIM_IC_V(3, 1);
	if (hvsim_gen->build >= 17763)
		v[n++] = HVSIM_IC_V(3, 2);
	return n;
}

static unsigned int hvsim_ic_versions_timesync(u32 *v, unsigned int max)
{
	unsigned int n = 0;

	v[n++] = HVSIM_IC_V(1, 0);
	v[n++] = HVSIM_IC_V(3, 0);
	if (hvsim_gen->build >= 14393)
		v[n++] = HVSIM_IC_V(4, 0);
	return n;
}

const struct hvsim_ic_class hvsim_ic_classes[HVSIM_IC_K_COUNT] = {
	[HVSIM_IC_K_HEARTBEAT] = {
		.kind = HVSIM_IC_K_HEARTBEAT, .name = "heartbeat",
		.msg_type = HVSIM_IC_HEARTBEAT,
		.versions = hvsim_ic_versions_heartbeat, .period_ms = 2000,
	},
	[HVSIM_IC_K_SHUTDOWN] = {
		.kind = HVSIM_IC_K_SHUTDOWN, .name = "shutdown",
		.msg_type = HVSIM_IC_SHUTDOWN,
		.versions = hvsim_ic_versions_shutdown,
	},
	[HVSIM_IC_K_TIMESYNC] = {
		.kind = HVSIM_IC_K_TIMESYNC, .name = "timesync",
		.msg_type = HVSIM_IC_TIMESYNC,
		.versions = hvsim_ic_versions_timesync, .period_ms = 5000,
	},
	[HVSIM_IC_K_KVP] = {
		.kind = HVSIM_IC_K_KVP, .name = "kvp",
		.msg_type = HVSIM_IC_KVP,
		.versions = hvsim_ic_versions_kvp,
	},
	[HVSIM_IC_K_VSS] = {
		.kind = HVSIM_IC_K_VSS, .name = "vss",
		.msg_type = HVSIM_IC_VSS,
		.versions = hvsim_ic_versions_vss,
	},
	[HVSIM_IC_K_FCOPY] = {
		.kind = HVSIM_IC_K_FCOPY, .name = "fcopy",
		.msg_type = HVSIM_IC_FCOPY,
		.versions = hvsim_ic_versions_fcopy,
	},
};

/* the host's clock: set at load, never stepped by the guest */
static u64 hvsim_ic_real0, hvsim_ic_mono0;

/**
 * hvsim_ic_clock_init() - start the host's clock at the guest's real time
 *
 * Context: module init.
 */
void hvsim_ic_clock_init(void)
{
	hvsim_ic_real0 = ktime_get_real_ns();
	hvsim_ic_mono0 = ktime_get_ns();
}

static u32 hvsim_ic_time(struct hvsim_ic *ic, u8 flags, u8 *body)
{
	u64 ns = hvsim_ic_real0 + (ktime_get_ns() - hvsim_ic_mono0) +
		 ic->offset_ms * NSEC_PER_MSEC;
	u64 t = div_u64(ns, 100) + HVSIM_IC_EPOCH;

	if (ic->ver >= HVSIM_IC_V(4, 0)) {
		struct hvsim_ic_time_v4 *s = (struct hvsim_ic_time_v4 *)body;

		memset(s, 0, sizeof(*s));
		s->parent_time = t;
		s->ref_time = hvsim_ref_now();
		s->flags = flags;
		return sizeof(*s);
	} else {
		struct hvsim_ic_time_v1 *s = (struct hvsim_ic_time_v1 *)body;

		memset(s, 0, sizeof(*s));
		s->parent_time = t;
		s->flags = flags;
		return sizeof(*s);
	}
}

/**
 * hvsim_ic_body() - build the body of one request the host owes
 * @ic:		the service
 * @due:	the one HVSIM_IC_DUE_* bit to send
 * @body:	where (room for HVSIM_IC_MSG_MAX)
 * @type:	its message type
 *
 * Return: the body's bytes.
 */
u32 hvsim_ic_body(struct hvsim_ic *ic, u32 due, u8 *body, u16 *type)
{
	struct hvsim_ic_heartbeat *hb;
	struct hvsim_ic_shutdown *sd;

	*type = ic->cls->msg_type;
	switch (due) {
	case HVSIM_IC_DUE_HEARTBEAT:
		hb = (struct hvsim_ic_heartbeat *)body;
		memset(hb, 0, sizeof(*hb));
		hb->seq = ++ic->seq;
		return sizeof(*hb);
	case HVSIM_IC_DUE_SHUTDOWN:
		sd = (struct hvsim_ic_shutdown *)body;
		memset(sd, 0, sizeof(*sd));
		sd->reason = HVSIM_IC_SHUT_PLANNED;
		sd->flags = ic->shutdown_flags;
		memcpy(sd->message, HVSIM_IC_MSG_SHUTDOWN, sizeof(HVSIM_IC_MSG_SHUTDOWN));
		return sizeof(*sd);
	case HVSIM_IC_DUE_SYNC:
		return hvsim_ic_time(ic, HVSIM_IC_TIME_SYNC, body);
	case HVSIM_IC_DUE_SAMPLE:
		return hvsim_ic_time(ic, HVSIM_IC_TIME_SAMPLE, body);
	case HVSIM_IC_DUE_KVP:
		return hvsim_ic_kvp_body(ic, body);
	case HVSIM_IC_DUE_VSS:
		return hvsim_ic_vss_body(ic, body);
	case HVSIM_IC_DUE_FCOPY:
		return hvsim_ic_fcopy_body(ic, body);
	}
	/* HVSIM_IC_DUE_UNKNOWN: a type no service has, an 8-byte body */
	*type = HVSIM_IC_BOGUS_TYPE;
	memset(body, 0, 8);
	return 8;
}

/**
 * hvsim_ic_answered() - a successful answer's body
 * @ic:		the service
 * @type:	its message type (that of the request)
 * @body:	the body
 * @len:	its bytes
 */
void hvsim_ic_answered(struct hvsim_ic *ic, u16 type, const u8 *body, u32 len)
{
	const struct hvsim_ic_heartbeat *hb = (const struct hvsim_ic_heartbeat *)body;

	if (type != HVSIM_IC_HEARTBEAT)
		return;
	if (len >= sizeof(hb->seq) && hb->seq == ic->seq + 1)
		ic->c[HVSIM_IC_C_HEARTBEATS]++;
	else
		ic->c[HVSIM_IC_C_BAD_ANSWER]++;
}
