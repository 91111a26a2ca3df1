/* SPDX-License-Identifier: GPL-2.0 */
/*
 * storvsc.ko's internals: Hyper-V's synthetic SCSI controller on vmbus.ko.
 *
 * Objects. One struct svsc_dev per bound vmbus device, in the Scsi_Host's
 * private area; one struct svsc_chan per open channel (the primary first);
 * one struct svsc_cmd per SCSI command, in the command's private area
 * (cmd_size), so the I/O path allocates nothing.
 *
 * Contexts and locks:
 *   - Probe, remove and the controller requests (initialization, reset)
 *     run in process context; sd->ctl_mutex orders the controller
 *     requests, which wait for their completion.
 *   - queuecommand runs on any CPU, concurrently; it sends on the channel
 *     picked for the CPU (vmbus.ko serialises senders of one channel).
 *   - Each channel's on_event (softirq, the channel's target CPU) is the
 *     only reader of its ring: it completes commands and wakes controller
 *     requests.
 *   - Host notifications (bus changes, LUN errors) are handled by
 *     sd->scan_work in process context.
 *
 * Lifetimes. A command belongs to the host from a successful send until its
 * completion is read, or until vmbus.ko hands it back through on_cancel
 * when the channel closes (a rescind, or remove): exactly one of the two
 * finishes it. Its data pages stay the midlayer's until then, so the host
 * never writes memory that was given back.
 */
#ifndef _SVSC_STORVSC_H
#define _SVSC_STORVSC_H

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/mutex.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "compat/scsi.h"
#include "vmbus/vmbus.h"
#include "vstor.h"
#include "parse.h"

#define SVSC_MAX_CHANNELS	16	/* primary included */
#define SVSC_MAX_LUNS		64	/* per target */
#define SVSC_MAX_TARGETS	2	/* SCSI controller */
#define SVSC_RX_MAX		256	/* a packet: descriptor and the largest VSTOR body */
#define SVSC_CTL_TIMEOUT	(30 * HZ)
#define SVSC_TIMEOUT		180	/* seconds, each command (as in-tree) */
#define SVSC_MAX_XFER		(2 * 1024 * 1024)	/* bytes per command, at most */
#define SVSC_RESET_DRAIN	(5 * HZ)	/* for the host to give commands back */

/* counters of what went wrong, in sysfs (host/<hostN>/stats) */
enum svsc_stat {
	SVSC_ST_BAD_PACKET,	/* malformed or unexpected host packet */
	SVSC_ST_BAD_SENSE,	/* sense length beyond the packet */
	SVSC_ST_BAD_XFER,	/* more bytes moved than the buffer holds */
	SVSC_ST_BAD_SRB,	/* an SRB status of no meaning */
	SVSC_ST_BUSY,		/* ring or request table full: requeued */
	SVSC_ST_HOST_BUSY,	/* the host said busy (SRB BUSY, SCSI BUSY or TASK SET FULL) */
	SVSC_ST_CANCELLED,	/* commands the host never completed (close) */
	SVSC_ST_TIMEOUT_RESET,	/* timeouts extended: the host still held the command */
	SVSC_ST_TIMEOUT,	/* timeouts given to the midlayer's error handling */
	SVSC_ST_HOST_RESET,	/* host resets (RESET_BUS) */
	SVSC_ST_RESET_FAILED,	/* resets after which the host kept commands: disabled */
	SVSC_ST_RESCAN,		/* bus rescans the host asked for */
	SVSC_ST_COUNT
};

struct svsc_dev;

/**
 * struct svsc_chan - one channel of the controller
 * @sd:		its device
 * @ch:		the vmbus channel
 * @index:	0 for the primary
 * @stuck:	a packet larger than @rx_buf blocks the ring: nothing is read
 * @gone:	a sub-channel not (or no longer) open: its queue uses the primary
 * @rx_buf:	one packet, copied out of the ring (on_event only)
 */
struct svsc_chan {
	struct svsc_dev *sd;
	struct vmb_channel *ch;
	u16 index;
	bool stuck;
	bool gone;
	u8 rx_buf[SVSC_RX_MAX] __aligned(8);
};

/* what a request cookie is: the first byte of both kinds */
enum svsc_req_kind {
	SVSC_REQ_IO = 1,
	SVSC_REQ_CTL,
};

/**
 * struct svsc_cmd - one SCSI command's driver state (scsi_cmd_priv())
 * @kind:	SVSC_REQ_IO
 * @scmd:	the command this is the private area of
 * @opcode:	the CDB's first byte (the host overwrites the CDB with sense)
 * @resets:	times its timer was reset (svsc_eh_timed_out())
 * @chan:	the channel it was sent on
 * @buf_len:	bytes of its data buffer
 * @pkt:	the request as sent
 */
struct svsc_cmd {
	u8 kind;
	u8 opcode;
	u8 resets;
	struct scsi_cmnd *scmd;
	struct svsc_chan *chan;
	u32 buf_len;
	struct svsc_vstor pkt;
};

/**
 * struct svsc_ctl - a controller request waiting for its completion
 * @kind:	SVSC_REQ_CTL
 * @done:	completed by on_event (or on_cancel)
 * @cancelled:	the channel closed before the host answered
 * @reply:	the host's answer, checked
 */
struct svsc_ctl {
	u8 kind;
	struct completion done;
	bool cancelled;
	struct svsc_reply reply;
};

/**
 * struct svsc_dev - one synthetic SCSI controller
 * @vdev:	the vmbus device
 * @host:	the SCSI host (this is its private area)
 * @ide:	bound as the IDE accelerator (one target, fewer LUNs)
 * @version:	negotiated VSTOR version
 * @pkt_size:	bytes of every packet at @version
 * @max_xfer:	bytes per command (the host's maximum, bounded)
 * @max_sub:	sub-channels the host offers at most
 * @ctl_mutex:	orders controller requests
 * @chans:	channel states by sub-channel index (0: the primary)
 * @nchans:	hardware queues: channels 0..@nchans - 1 were open at probe
 * @sub_lock:	protects @sub_accept and @sub_open
 * @sub_accept:	sub-channel offers are opened (probe to remove)
 * @sub_open:	bit N: sub-channel N is open
 * @sub_wq:	probe waits there for the sub-channels
 * @wq:		ordered: bus rescans and LUN removals
 * @scan_work:	rescans the bus when the host asks
 * @removing:	remove started: no rescans
 * @dead:	the host kept commands through a reset: channels closed
 * @outstanding: commands the host holds (sent, not completed or cancelled)
 * @drain_wq:	a host reset waits there for @outstanding to reach 0
 * @stats:	enum svsc_stat counters
 */
struct svsc_dev {
	struct vmb_device *vdev;
	struct Scsi_Host *host;
	bool ide;
	u16 version;
	u32 pkt_size;
	u32 max_xfer;
	u16 max_sub;
	struct mutex ctl_mutex;
	struct svsc_chan chans[SVSC_MAX_CHANNELS];
	unsigned int nchans;
	struct mutex sub_lock;
	bool sub_accept;
	unsigned long sub_open;
	wait_queue_head_t sub_wq;
	struct workqueue_struct *wq;
	struct work_struct scan_work;
	bool removing;
	bool dead;
	atomic_t outstanding;
	wait_queue_head_t drain_wq;
	atomic64_t stats[SVSC_ST_COUNT];
};

static inline void svsc_stat(struct svsc_dev *sd, enum svsc_stat s)
{
	atomic64_inc(&sd->stats[s]);
}

extern unsigned int svsc_max_version;
extern unsigned int svsc_ring_size;
extern unsigned int svsc_max_channels;
extern unsigned int svsc_timeout_resets;
extern struct scsi_host_template svsc_template;

/* vstor.c: the controller protocol */
int svsc_vstor_init(struct svsc_dev *sd);
int svsc_ctl_request(struct svsc_dev *sd, struct svsc_vstor *pkt, struct svsc_reply *reply);
void svsc_ctl_complete(struct svsc_chan *c, struct svsc_ctl *ctl, const struct vmb_packet *pkt);
void svsc_notify(struct svsc_chan *c, const struct vmb_packet *pkt);
void svsc_scan_work(struct work_struct *work);
int svsc_eh_host_reset(struct scsi_cmnd *scmd);

/* chan.c: channels */
int svsc_chan_open(struct svsc_dev *sd, struct svsc_chan *c, struct vmb_channel *ch);
void svsc_subchannels(struct svsc_dev *sd);
void svsc_close_channels(struct svsc_dev *sd);
struct svsc_chan *svsc_pick_chan(struct svsc_dev *sd, u32 hwq);

/* io.c: commands */
void svsc_on_event(struct vmb_channel *ch, void *ctx);
void svsc_on_cancel(struct vmb_channel *ch, void *ctx, void *req);
u32 svsc_chan_requests(void);
int svsc_io_init(void);
void svsc_io_exit(void);

#endif /* _SVSC_STORVSC_H */
