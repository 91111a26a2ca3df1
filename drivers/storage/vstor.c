// SPDX-License-Identifier: GPL-2.0
/*
 * The controller protocol on the primary channel: initialization (begin,
 * version newest first, properties, end), and the host's notifications.
 *
 * A controller request is one packet with a completion, awaited in
 * process context under sd->ctl_mutex. Its state lives on the waiter's
 * stack: if the host does not answer in time the request ID is taken back
 * with vmb_chan_req_cancel(), so a late answer is refused by vmbus.ko
 * instead of written into a stack frame that is gone; if the answer won
 * that race, the waiter waits for on_event to finish with it.
 */
#include <linux/device.h>
#include <linux/string.h>

#include "storvsc.h"

static const u16 svsc_versions[] = {
	SVSC_VSTOR_WIN10, SVSC_VSTOR_WIN8_1, SVSC_VSTOR_WIN8, SVSC_VSTOR_WIN7,
};

/**
 * svsc_ctl_complete() - the host answered a controller request
 * @c:		the channel it came on
 * @ctl:	the request (the completion's cookie)
 * @pkt:	the completion packet
 *
 * Context: on_event of @c.
 */
void svsc_ctl_complete(struct svsc_chan *c, struct svsc_ctl *ctl, const struct vmb_packet *pkt)
{
	if (svsc_parse_reply(pkt->data, pkt->len, c->sd->pkt_size, &ctl->reply) ||
	    ctl->reply.op != SVSC_OP_COMPLETE_IO) {
		svsc_stat(c->sd, SVSC_ST_BAD_PACKET);
		dev_warn_ratelimited(&c->sd->vdev->dev,
				     "malformed answer to a controller request (%u bytes, op %u)\n",
				     pkt->len, ctl->reply.op);
		ctl->cancelled = true;
	}
	complete(&ctl->done);
}

/**
 * svsc_ctl_request() - send a controller request and wait for the answer
 * @sd:		the device
 * @pkt:	the request (operation and body set); flags are set here
 * @reply:	the host's answer, checked to be a COMPLETE_IO
 *
 * Context: process context; takes sd->ctl_mutex.
 * Return: 0 (the host answered; its status is in @reply->status), or a
 * negative errno: the send failed, no answer came in time (-ETIMEDOUT),
 * the channel closed (-ENODEV) or the answer was malformed (-EPROTO).
 */
int svsc_ctl_request(struct svsc_dev *sd, struct svsc_vstor *pkt, struct svsc_reply *reply)
{
	struct vmb_channel *ch = sd->vdev->channel;
	struct svsc_ctl ctl = { .kind = SVSC_REQ_CTL };
	u64 id;
	int ret;

	init_completion(&ctl.done);
	pkt->flags = SVSC_FLAG_REQUEST_COMPLETION;
	mutex_lock(&sd->ctl_mutex);
	ret = vmb_chan_send(ch, pkt, sd->pkt_size, &ctl, &id);
	if (ret)
		goto out;
	if (!wait_for_completion_timeout(&ctl.done, SVSC_CTL_TIMEOUT)) {
		if (vmb_chan_req_cancel(ch, id)) {
			ret = -ETIMEDOUT;
			goto out;
		}
		wait_for_completion(&ctl.done);
	}
	if (ctl.cancelled) {
		ret = vmb_chan_rescinded(ch) ? -ENODEV : -EPROTO;
		goto out;
	}
	*reply = ctl.reply;
out:
	mutex_unlock(&sd->ctl_mutex);
	return ret;
}

/* One step of initialization: an error unless the host answered with success. */
static int svsc_init_step(struct svsc_dev *sd, u32 op, const char *what)
{
	struct svsc_vstor pkt = { .operation = op };
	struct svsc_reply r;
	int ret;

	ret = svsc_ctl_request(sd, &pkt, &r);
	if (!ret && r.status != SVSC_STATUS_SUCCESS)
		ret = -EIO;
	if (ret)
		dev_err(&sd->vdev->dev, "%s failed: %d (host status %#x)\n", what, ret,
			ret == -EIO ? r.status : 0);
	return ret;
}

static int svsc_negotiate(struct svsc_dev *sd)
{
	struct svsc_vstor pkt;
	struct svsc_reply r;
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(svsc_versions); i++) {
		if (svsc_versions[i] > svsc_max_version)
			continue;
		memset(&pkt, 0, sizeof(pkt));
		pkt.operation = SVSC_OP_QUERY_VERSION;
		pkt.version.major_minor = svsc_versions[i];
		ret = svsc_ctl_request(sd, &pkt, &r);
		if (ret) {
			dev_err(&sd->vdev->dev, "protocol version query failed: %d\n", ret);
			return ret;
		}
		if (r.status == SVSC_STATUS_SUCCESS) {
			sd->version = svsc_versions[i];
			sd->pkt_size = svsc_pkt_size(sd->version);
			return 0;
		}
	}
	dev_err(&sd->vdev->dev, "host accepts no VSTOR version up to %u.%u\n",
		svsc_max_version >> 8, svsc_max_version & 0xff);
	return -EPROTONOSUPPORT;
}

static int svsc_properties(struct svsc_dev *sd)
{
	struct svsc_vstor pkt = { .operation = SVSC_OP_QUERY_PROPERTIES };
	struct svsc_reply r;
	u32 max;
	int ret;

	ret = svsc_ctl_request(sd, &pkt, &r);
	if (!ret && r.status != SVSC_STATUS_SUCCESS)
		ret = -EIO;
	if (ret) {
		dev_err(&sd->vdev->dev, "property query failed: %d\n", ret);
		return ret;
	}
	/* whole Hyper-V pages; a host that names less than one page is broken */
	max = round_down(r.props.max_transfer_bytes, VMB_HV_PAGE_SIZE);
	if (!max) {
		svsc_stat(sd, SVSC_ST_BAD_PACKET);
		dev_err(&sd->vdev->dev, "host's maximum transfer of %u bytes is unusable\n",
			r.props.max_transfer_bytes);
		return -EPROTO;
	}
	sd->max_xfer = min_t(u32, max, SVSC_MAX_XFER);
	sd->max_sub = 0;
	if (sd->version >= SVSC_VSTOR_WIN8 && (r.props.flags & SVSC_PROP_MULTI_CHANNEL))
		sd->max_sub = min_t(u16, r.props.max_channels, SVSC_MAX_CHANNELS - 1);
	return 0;
}

/**
 * svsc_vstor_init() - bring the controller up on the open primary channel
 * @sd:		the device
 *
 * Context: process context (probe).
 * Return: 0 or a negative errno, said in one line.
 */
int svsc_vstor_init(struct svsc_dev *sd)
{
	int ret;

	sd->pkt_size = svsc_pkt_size(0);
	ret = svsc_init_step(sd, SVSC_OP_BEGIN_INIT, "begin initialization");
	if (ret)
		return ret;
	ret = svsc_negotiate(sd);
	if (ret)
		return ret;
	ret = svsc_properties(sd);
	if (ret)
		return ret;
	return svsc_init_step(sd, SVSC_OP_END_INIT, "end initialization");
}

/**
 * svsc_notify() - an in-band packet from the host: a notification
 * @c:		the channel it came on
 * @pkt:	the packet
 *
 * The host says the bus changed (ENUMERATE_BUS: LUNs added or gone) or a
 * device went away (REMOVE_DEVICE): both end in a scan of the bus, which
 * adds what is new and, through the LUNs' answers, removes what is gone.
 *
 * Context: on_event of @c.
 */
void svsc_notify(struct svsc_chan *c, const struct vmb_packet *pkt)
{
	struct svsc_dev *sd = c->sd;
	struct svsc_reply r;

	if (svsc_parse_reply(pkt->data, pkt->len, sd->pkt_size, &r)) {
		svsc_stat(sd, SVSC_ST_BAD_PACKET);
		return;
	}
	switch (r.op) {
	case SVSC_OP_ENUMERATE_BUS:
	case SVSC_OP_REMOVE_DEVICE:
		svsc_stat(sd, SVSC_ST_RESCAN);
		if (!READ_ONCE(sd->removing))
			queue_work(sd->wq, &sd->scan_work);
		break;
	case SVSC_OP_FCHBA_DATA:
		break;		/* Fibre Channel ports: not ours */
	default:
		svsc_stat(sd, SVSC_ST_BAD_PACKET);
		dev_warn_ratelimited(&sd->vdev->dev, "host sent unknown operation %u\n", r.op);
		break;
	}
}

/**
 * svsc_scan_work() - scan the bus for new and gone LUNs
 * @work:	sd->scan_work
 *
 * Context: process context (the system workqueue); remove cancels it
 * before the host goes away.
 */
void svsc_scan_work(struct work_struct *work)
{
	struct svsc_dev *sd = container_of(work, struct svsc_dev, scan_work);
	struct scsi_device *sdev;

	if (READ_ONCE(sd->removing))
		return;
	scsi_scan_host(sd->host);
	/* a LUN that is gone answers INVALID_LUN, which removes it (io.c) */
	shost_for_each_device(sdev, sd->host) {
		if (READ_ONCE(sd->removing)) {
			scsi_device_put(sdev);
			break;
		}
		scsi_test_unit_ready(sdev, 10 * HZ, 1, NULL);
	}
}

/**
 * svsc_eh_host_reset() - the midlayer's last resort: reset the bus
 * @scmd:	a command that timed out
 *
 * The midlayer finishes the commands it holds once this returns, and their
 * buffers go back to their owners: so the host must have given every one
 * of them back first. RESET_BUS asks it to (Hyper-V completes everything
 * anyway; a reset is how hv_sim's held commands come back). If the host
 * still holds commands after that, its channels are closed, which makes it
 * let go of every buffer, and the controller is disabled: its disks fail
 * from then on, but no memory is written after it was given back.
 *
 * Context: the host's error-handler thread; the SCSI host is in recovery,
 * so no new command is sent meanwhile.
 * Return: SUCCESS, or FAILED (controller disabled).
 */
int svsc_eh_host_reset(struct scsi_cmnd *scmd)
{
	struct svsc_dev *sd = shost_priv(scmd->device->host);
	struct svsc_vstor pkt = { .operation = SVSC_OP_RESET_BUS };
	struct svsc_reply r;
	int ret;

	svsc_stat(sd, SVSC_ST_HOST_RESET);
	dev_warn(&sd->vdev->dev, "bus reset: %d command(s) outstanding\n",
		 atomic_read(&sd->outstanding));
	if (READ_ONCE(sd->dead))
		return FAILED;
	ret = svsc_ctl_request(sd, &pkt, &r);
	if (!ret && r.status != SVSC_STATUS_SUCCESS)
		ret = -EIO;
	if (!ret && wait_event_timeout(sd->drain_wq, !atomic_read(&sd->outstanding),
				       SVSC_RESET_DRAIN))
		return SUCCESS;
	svsc_stat(sd, SVSC_ST_RESET_FAILED);
	dev_err(&sd->vdev->dev,
		"host kept %d command(s) through a bus reset (%d): controller disabled\n",
		atomic_read(&sd->outstanding), ret);
	WRITE_ONCE(sd->dead, true);
	svsc_close_channels(sd);
	return FAILED;
}
