/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hv_ic.ko's shared definitions: one struct hvic_service per integration
 * service (heartbeat, shutdown, time sync, KVP, VSS, file copy), one
 * struct hvic_dev per bound device.
 *
 * Locking: the channel's @on_event (softirq, never concurrent with itself)
 * is the only reader of the ring: it owns d->buf and the negotiated
 * versions. Answers are sent under d->send_lock (bh), from the callback or
 * from process context for a request a service answers later (KVP, VSS
 * and file copy wait for their daemons). What a request asks that cannot
 * run in softirq (a power-off, a clock step) goes to d->work. The
 * services' own state has its own lock (timesync.c, daemon.c).
 */
#ifndef _HVIC_HV_IC_H
#define _HVIC_HV_IC_H

#include <linux/atomic.h>
#include <linux/device.h>
#include <linux/workqueue.h>

#include "vmbus/vmbus.h"
#include "icparse.h"

/* the largest IC message a host sends (KVP and file copy are the largest) */
#define HVIC_MSG_MAX		13312
/* d->buf: a packet's descriptor and such a message */
#define HVIC_BUF_SIZE		16384
#define HVIC_RING_SIZE		(4 * VMB_HV_PAGE_SIZE)

enum hvic_stat {
	HVIC_ST_REQUESTS,	/* requests answered */
	HVIC_ST_FAILED,		/* of those, answered with a failure status */
	HVIC_ST_BAD_MESSAGE,	/* malformed: answered with failure, or dropped */
	HVIC_ST_UNKNOWN_TYPE,	/* a message type the service does not have */
	HVIC_ST_NO_VERSION,	/* negotiations without a common version */
	HVIC_ST_SEND_FAILED,	/* answers the ring did not take */
	HVIC_ST_HEARTBEATS,
	HVIC_ST_SHUTDOWNS,	/* shutdown or restart requests started */
	HVIC_ST_SYNCS,		/* time samples asking for a step */
	HVIC_ST_SAMPLES,	/* time samples for the PTP clock */
	HVIC_ST_STEPS,		/* clock steps made */
	HVIC_ST_BAD_TIME,	/* samples of an impossible time */
	HVIC_ST_NO_DAEMON,	/* requests failed: no daemon registered */
	HVIC_ST_DAEMON_TIMEOUT,	/* requests failed: the daemon did not answer */
	HVIC_ST_BAD_DAEMON,	/* the daemon's messages refused */
	HVIC_ST_UNSUPPORTED,	/* requests of an operation not served */
	HVIC_ST_COUNT
};

struct hvic_dev;

/**
 * struct hvic_service - one integration service
 * @name:	its name (module parameter, sysfs, logs)
 * @class_id:	the offer's class GUID
 * @type:	the message type of its requests
 * @versions:	message versions it speaks, newest first
 * @nversions:	how many
 * @enabled:	its module parameter: false leaves the service unbound
 * @init:	after the device state is allocated, before the channel
 *		opens (may be NULL)
 * @exit:	after the channel closed (may be NULL)
 * @handle:	one request of @type after negotiation, in the channel's
 *		callback (softirq): changes the message in place into its
 *		answer and sets the status to answer with (return 0), or
 *		keeps a copy and answers later with hvic_reply() (return
 *		HVIC_DEFERRED)
 */
struct hvic_service {
	const char *name;
	guid_t class_id;
	u16 type;
	const u32 *versions;
	unsigned int nversions;
	bool *enabled;
	int (*init)(struct hvic_dev *d);
	void (*exit)(struct hvic_dev *d);
	int (*handle)(struct hvic_dev *d, struct hvic_msg *m, u32 *status);
};

#define HVIC_DEFERRED	1

/**
 * struct hvic_dev - one bound IC device
 * @vdev:	its vmbus device
 * @svc:	its service
 * @buf:	the packet being handled (callback only)
 * @fw:		negotiated framework version (0: not yet)
 * @version:	negotiated message version (0: not yet)
 * @broken:	a packet too large to read: the channel is no longer read
 * @send_lock:	serialises the channel's senders
 * @work:	the service's deferred action
 * @action:	what @work is to do (the service's own code)
 * @priv:	the service's data
 * @stats:	counters (sysfs stats/)
 */
struct hvic_dev {
	struct vmb_device *vdev;
	const struct hvic_service *svc;
	u8 *buf;
	u32 fw;
	u32 version;
	bool broken;
	spinlock_t send_lock;
	struct work_struct work;
	u32 action;
	void *priv;
	atomic64_t stats[HVIC_ST_COUNT];
};

static inline void hvic_count(struct hvic_dev *d, enum hvic_stat s)
{
	atomic64_inc(&d->stats[s]);
}

extern const struct hvic_service hvic_heartbeat_svc;
extern const struct hvic_service hvic_shutdown_svc;
extern const struct hvic_service hvic_timesync_svc;
extern const struct hvic_service hvic_kvp_svc;
extern const struct hvic_service hvic_vss_svc;
extern const struct hvic_service hvic_fcopy_svc;

void hvic_reply(struct hvic_dev *d, void *data, struct hvic_msg *m, u32 status);

extern bool hvic_heartbeat_on, hvic_shutdown_on, hvic_timesync_on, hvic_kvp_on;
extern bool hvic_vss_on, hvic_fcopy_on;
extern unsigned int hvic_step_ms, hvic_daemon_timeout_ms;

#endif /* _HVIC_HV_IC_H */
