// SPDX-License-Identifier: GPL-2.0
/*
 * Channels: the primary and the sub-channels, one blk-mq hardware queue
 * each, so that a command goes out and completes on the channel of the CPU
 * that submitted it (blk-mq's default CPU-to-queue map spreads the CPUs
 * over the queues).
 *
 * After initialization, when the host offers multi-channel (5.1 and
 * later), probe asks for min(host maximum + 1, online CPUs, max_channels)
 * - 1 sub-channels (CREATE_SUB_CHANNELS), opens each as vmbus.ko offers it
 * (the sub-channel callback, process context) and waits for them: the
 * SCSI host gets as many hardware queues as the gapless prefix of channels
 * that opened. A sub-channel that comes later, or never, leaves its queue
 * on the primary.
 *
 * Lifetimes. The channel states are embedded in struct svsc_dev, so a
 * cookie's channel (on_event's, on_cancel's ctx) outlives every use. A
 * sub-channel is used by queuecommand under rcu_read_lock() and only while
 * !c->gone; rescind and remove set c->gone, wait for a grace period, then
 * close it (vmbus.ko hands back what the host held through on_cancel).
 * Sub-channels open only while sd->sub_accept is set (under sd->sub_lock),
 * so a late offer cannot open a channel on a device going away.
 */
#include <linux/cpumask.h>
#include <linux/rcupdate.h>
#include <linux/wait.h>

#include "storvsc.h"

#define SVSC_SUB_TIMEOUT	(10 * HZ)

/**
 * svsc_chan_open() - open a channel of the controller
 * @sd:		the device
 * @c:		its state (sd->chans[index])
 * @ch:		the vmbus channel
 *
 * Context: process context.
 * Return: as vmb_chan_open().
 */
int svsc_chan_open(struct svsc_dev *sd, struct svsc_chan *c, struct vmb_channel *ch)
{
	/* the open's user data: an empty properties block, as Hyper-V's guests send */
	static const struct svsc_vstor_props props;
	struct vmb_chan_config cfg = {
		.send_ring_size = svsc_ring_size,
		.recv_ring_size = svsc_ring_size,
		.userdata = &props,
		.userdata_len = sizeof(props),
		.on_event = svsc_on_event,
		.ctx = c,
		.mode = VMB_READ_BATCHED,
		.max_requests = svsc_chan_requests() + 8,
		.on_cancel = svsc_on_cancel,
	};

	int ret;

	c->sd = sd;
	c->ch = ch;
	c->index = vmb_chan_subchannel_index(ch);
	c->stuck = false;
	ret = vmb_chan_open(ch, &cfg);
	/* queuecommand may use it from now on (sub-channels: see the top) */
	WRITE_ONCE(c->gone, ret != 0);
	return ret;
}

/* Stop sending on sub-channel @c and close it; under sd->sub_lock. */
static void svsc_sub_close(struct svsc_dev *sd, struct svsc_chan *c)
{
	WRITE_ONCE(c->gone, true);
	synchronize_rcu();	/* no queuecommand is inside a send on it now */
	vmb_chan_close(c->ch);
	WRITE_ONCE(sd->sub_open, sd->sub_open & ~BIT(c->index));
}

/*
 * The host rescinded a sub-channel. vmbus.ko closes and frees it as soon
 * as this returns, so every use ends here. Process context, from vmbus.ko's
 * sub-channel work.
 */
static void svsc_sub_rescind(struct vmb_channel *sc)
{
	struct vmb_device *vdev = vmb_chan_device(sc);
	struct svsc_dev *sd = vdev ? dev_get_drvdata(&vdev->dev) : NULL;
	u16 idx = vmb_chan_subchannel_index(sc);

	if (!sd || !idx || idx >= SVSC_MAX_CHANNELS)
		return;
	mutex_lock(&sd->sub_lock);
	if ((sd->sub_open & BIT(idx)) && sd->chans[idx].ch == sc)
		svsc_sub_close(sd, &sd->chans[idx]);
	mutex_unlock(&sd->sub_lock);
}

/* A sub-channel was offered. Process context, from vmbus.ko's sub-channel work. */
static void svsc_sub_offered(struct vmb_channel *sc)
{
	struct vmb_device *vdev = vmb_chan_device(sc);
	struct svsc_dev *sd = vdev ? dev_get_drvdata(&vdev->dev) : NULL;
	u16 idx = vmb_chan_subchannel_index(sc);
	int ret;

	if (!sd)
		return;
	mutex_lock(&sd->sub_lock);
	if (!sd->sub_accept || !idx || idx >= SVSC_MAX_CHANNELS || (sd->sub_open & BIT(idx))) {
		mutex_unlock(&sd->sub_lock);
		return;
	}
	vmb_chan_set_rescind_cb(sc, svsc_sub_rescind);
	ret = svsc_chan_open(sd, &sd->chans[idx], sc);
	if (ret)
		dev_warn(&sd->vdev->dev, "cannot open sub-channel %u (%d)\n", idx, ret);
	else
		WRITE_ONCE(sd->sub_open, sd->sub_open | BIT(idx));
	mutex_unlock(&sd->sub_lock);
	wake_up(&sd->sub_wq);
}

/*
 * Channels 0..n-1 open without a gap. Read without sd->sub_lock: it is a
 * wait_event() condition (which must not sleep), and a snapshot is all the
 * waiter needs.
 */
static u32 svsc_open_prefix(struct svsc_dev *sd)
{
	unsigned long open = READ_ONCE(sd->sub_open);
	u32 n = 1;

	while (n < SVSC_MAX_CHANNELS && (open & BIT(n)))
		n++;
	return n;
}

/**
 * svsc_subchannels() - ask for the sub-channels and open them
 * @sd:		the device, initialized
 *
 * Sets sd->nchans, the hardware queues the SCSI host will have. A host
 * that refuses, or is slow, costs queues, not the device.
 *
 * Context: process context (probe).
 */
void svsc_subchannels(struct svsc_dev *sd)
{
	struct svsc_vstor pkt = { .operation = SVSC_OP_CREATE_SUB_CHANNELS };
	u32 want = min3((u32)sd->max_sub + 1, num_online_cpus(), svsc_max_channels);
	struct svsc_reply r;
	int ret;

	sd->nchans = 1;
	if (want <= 1)
		return;
	mutex_lock(&sd->sub_lock);
	sd->sub_accept = true;
	mutex_unlock(&sd->sub_lock);
	vmb_chan_set_subchannel_cb(sd->vdev->channel, svsc_sub_offered);
	pkt.sub_channel_count = want - 1;
	ret = svsc_ctl_request(sd, &pkt, &r);
	if (ret || r.status != SVSC_STATUS_SUCCESS) {
		dev_warn(&sd->vdev->dev, "host gave no sub-channels (%d, status %#x): one queue\n",
			 ret, ret ? 0 : r.status);
		return;
	}
	if (!wait_event_timeout(sd->sub_wq, svsc_open_prefix(sd) >= want, SVSC_SUB_TIMEOUT))
		dev_warn(&sd->vdev->dev, "%u of %u sub-channels opened in time\n",
			 svsc_open_prefix(sd) - 1, want - 1);
	sd->nchans = svsc_open_prefix(sd);
}

/**
 * svsc_close_channels() - close every channel: sub-channels, then the primary
 * @sd:		the device
 *
 * Commands the host still held come back through on_cancel. Closing what
 * is closed already does nothing (a failed host reset closed them).
 *
 * Context: process context (remove, probe's unwinding, the error handler).
 */
void svsc_close_channels(struct svsc_dev *sd)
{
	unsigned int i;

	mutex_lock(&sd->sub_lock);
	sd->sub_accept = false;
	for (i = 1; i < SVSC_MAX_CHANNELS; i++)
		if (sd->sub_open & BIT(i))
			svsc_sub_close(sd, &sd->chans[i]);
	mutex_unlock(&sd->sub_lock);
	vmb_chan_set_subchannel_cb(sd->vdev->channel, NULL);
	vmb_chan_close(sd->vdev->channel);
}

/**
 * svsc_pick_chan() - the channel of a hardware queue
 * @sd:		the device
 * @hwq:	the queue's index
 *
 * Context: rcu_read_lock() held, until the send on the channel is done.
 * Return: the queue's own channel while it is open, else the primary.
 */
struct svsc_chan *svsc_pick_chan(struct svsc_dev *sd, u32 hwq)
{
	struct svsc_chan *c;

	if (!hwq || hwq >= SVSC_MAX_CHANNELS)
		return &sd->chans[0];
	c = &sd->chans[hwq];
	return READ_ONCE(c->gone) ? &sd->chans[0] : c;
}
