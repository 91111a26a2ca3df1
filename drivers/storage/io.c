// SPDX-License-Identifier: GPL-2.0
/*
 * Commands: queuecommand builds one EXECUTE_SRB packet whose data buffer
 * goes to the host as a single GPA-direct range (the host template's
 * virt_boundary_mask makes every segment but the first start, and every
 * one but the last end, on a Hyper-V page, so the scatterlist is one run
 * of whole pages); on_event matches the host's completion to the command
 * by request ID and hands the outcome to the midlayer.
 */
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_eh.h>

#include "storvsc.h"

#define SVSC_SRBF_NO_QUEUE_FREEZE	0x00000100
#define SVSC_SRB_LEN_WIN8	((u16)sizeof(struct svsc_srb))
#define SVSC_SRB_LEN_WIN7	((u16)(sizeof(struct svsc_srb) - SVSC_SRB_WIN8_EXT))
#define SVSC_MAX_PFNS		(SVSC_MAX_XFER / VMB_HV_PAGE_SIZE + 1)

/* Per CPU: the PFN list of the command being sent (vmbus.ko copies it into the ring). */
static u64 __percpu *svsc_pfns;

/* a LUN the host says is gone, removed from process context */
struct svsc_lun_gone {
	struct work_struct work;
	struct Scsi_Host *host;
	unsigned int channel, id;
	u64 lun;
};

/* host bytes as parse.c numbers them: the same as the midlayer's */
static_assert(SVSC_DID_OK == DID_OK && SVSC_DID_NO_CONNECT == DID_NO_CONNECT &&
	      SVSC_DID_BUS_BUSY == DID_BUS_BUSY && SVSC_DID_TIME_OUT == DID_TIME_OUT &&
	      SVSC_DID_ERROR == DID_ERROR && SVSC_DID_RESET == DID_RESET &&
	      SVSC_DID_REQUEUE == DID_REQUEUE);

/**
 * svsc_chan_requests() - how many requests a channel's ring is sized for
 *
 * A command with a 128 KiB buffer (33 PFNs) takes this much of the ring;
 * larger ones take more and simply find the ring full sooner (the
 * midlayer requeues). Ten percent stays free for controller requests.
 *
 * Return: the number, at least 16.
 */
u32 svsc_chan_requests(void)
{
	u32 per = ALIGN(16 + 16 + 33 * sizeof(u64) + SVSC_VSTOR_SIZE, 8);

	return max_t(u32, 16, (svsc_ring_size - VMB_HV_PAGE_SIZE) / per * 9 / 10);
}

static void svsc_lun_gone_work(struct work_struct *work)
{
	struct svsc_lun_gone *g = container_of(work, struct svsc_lun_gone, work);
	struct scsi_device *sdev;

	sdev = scsi_device_lookup(g->host, g->channel, g->id, g->lun);
	if (sdev) {
		scsi_remove_device(sdev);
		scsi_device_put(sdev);
	}
	kfree(g);
}

static void svsc_lun_gone(struct svsc_dev *sd, struct scsi_device *sdev)
{
	struct svsc_lun_gone *g;

	if (READ_ONCE(sd->removing))
		return;
	g = kmalloc(sizeof(*g), GFP_ATOMIC);
	if (!g)
		return;		/* the next bus scan finds it gone */
	INIT_WORK(&g->work, svsc_lun_gone_work);
	g->host = sd->host;
	g->channel = sdev->channel;
	g->id = sdev->id;
	g->lun = sdev->lun;
	queue_work(sd->wq, &g->work);
}

/* the host gave a command back (completed or cancelled) */
static void svsc_io_put(struct svsc_dev *sd)
{
	if (atomic_dec_and_test(&sd->outstanding))
		wake_up(&sd->drain_wq);
}

/* The host's COMPLETE_IO for @cmd: everything it says is bounded first. */
static void svsc_io_complete(struct svsc_chan *c, struct svsc_cmd *cmd, const struct vmb_packet *pkt)
{
	struct scsi_cmnd *scmd = cmd->scmd;
	struct svsc_dev *sd = c->sd;
	struct svsc_outcome o;
	struct svsc_reply r;

	if (svsc_parse_reply(pkt->data, pkt->len, sd->pkt_size, &r) ||
	    r.op != SVSC_OP_COMPLETE_IO) {
		svsc_stat(sd, SVSC_ST_BAD_PACKET);
		dev_warn_ratelimited(&sd->vdev->dev,
				     "malformed completion (%u bytes, op %u): command failed\n",
				     pkt->len, r.op);
		scsi_set_resid(scmd, cmd->buf_len);
		scmd->result = DID_ERROR << 16;
		scsi_done(scmd);
		svsc_io_put(sd);
		return;
	}
	svsc_decode_srb(&r, cmd->buf_len, cmd->opcode, &o);
	if (o.bad & SVSC_BAD_SENSE_LEN)
		svsc_stat(sd, SVSC_ST_BAD_SENSE);
	if (o.bad & SVSC_BAD_XFER_LEN)
		svsc_stat(sd, SVSC_ST_BAD_XFER);
	if (o.bad & SVSC_BAD_SRB_STATUS)
		svsc_stat(sd, SVSC_ST_BAD_SRB);
	if (o.bad)
		dev_warn_ratelimited(&sd->vdev->dev,
				     "host's completion out of bounds (%#x: srb %#x sense %u moved %u of %u)\n",
				     o.bad, r.srb.srb_status, r.srb.sense_info_length,
				     r.srb.data_transfer_length, cmd->buf_len);
	if (o.host_byte == DID_BUS_BUSY || o.status == SAM_STAT_BUSY ||
	    o.status == SAM_STAT_TASK_SET_FULL)
		svsc_stat(sd, SVSC_ST_HOST_BUSY);
	if (o.sense_len)
		memcpy(scmd->sense_buffer, r.srb.sense,
		       min_t(u32, o.sense_len, SCSI_SENSE_BUFFERSIZE));
	if (o.action == SVSC_ACT_REMOVE_LUN)
		svsc_lun_gone(sd, scmd->device);
	else if (o.action == SVSC_ACT_RESCAN && !READ_ONCE(sd->removing))
		queue_work(sd->wq, &sd->scan_work);
	scsi_set_resid(scmd, cmd->buf_len - o.xfer);
	scmd->result = o.host_byte << 16 | o.status;
	/* a command the error handler owns already is ignored by scsi_done() */
	scsi_done(scmd);
	svsc_io_put(sd);
}

/**
 * svsc_on_event() - the host signalled a channel: read its completions
 * @ch:		the channel
 * @ctx:	its struct svsc_chan
 *
 * Context: softirq on the channel's target CPU; vmbus.ko masks the ring
 * interrupt around it and calls it again if more arrived (batched mode).
 */
void svsc_on_event(struct vmb_channel *ch, void *ctx)
{
	struct svsc_chan *c = ctx;
	struct vmb_packet pkt;
	int ret;

	while (!c->stuck) {
		/* a burst: the ring space goes back once, when vmbus.ko's callback returns */
		ret = vmb_chan_recv_held(ch, c->rx_buf, sizeof(c->rx_buf), &pkt);
		if (ret == -ENOBUFS) {
			/* larger than any packet of the protocol: the ring cannot move */
			svsc_stat(c->sd, SVSC_ST_BAD_PACKET);
			dev_err(&c->sd->vdev->dev,
				"host sent a packet of %u bytes on channel %u; channel stopped\n",
				pkt.total, c->index);
			c->stuck = true;
		}
		if (ret)
			break;
		switch (pkt.type) {
		case VMB_PKT_COMP:
			if (*(u8 *)pkt.req == SVSC_REQ_IO)
				svsc_io_complete(c, pkt.req, &pkt);
			else
				svsc_ctl_complete(c, pkt.req, &pkt);
			break;
		case VMB_PKT_DATA_INBAND:
			svsc_notify(c, &pkt);
			break;
		default:
			svsc_stat(c->sd, SVSC_ST_BAD_PACKET);
			dev_warn_ratelimited(&c->sd->vdev->dev, "host sent packet type %u\n",
					     pkt.type);
			break;
		}
	}
}

/**
 * svsc_on_cancel() - a request the host will never complete
 * @ch:		the closing channel
 * @ctx:	its struct svsc_chan
 * @req:	the request's cookie
 *
 * The host let go of the channel (rescind, or our close) without answering:
 * a command fails as "no connection" (or, when only its sub-channel went,
 * is retried on another); a controller request wakes its waiter.
 *
 * Context: process context, from vmb_chan_close().
 */
void svsc_on_cancel(struct vmb_channel *ch, void *ctx, void *req)
{
	struct svsc_chan *c = ctx;

	if (*(u8 *)req == SVSC_REQ_IO) {
		struct svsc_cmd *cmd = req;
		struct scsi_cmnd *scmd = cmd->scmd;

		svsc_stat(c->sd, SVSC_ST_CANCELLED);
		scsi_set_resid(scmd, cmd->buf_len);
		/* only a sub-channel went: the command is retried on another */
		scmd->result = (c->index && !READ_ONCE(c->sd->removing) &&
				!vmb_chan_rescinded(c->sd->vdev->channel) ?
				DID_REQUEUE : DID_NO_CONNECT) << 16;
		scsi_done(scmd);
		svsc_io_put(c->sd);
	} else {
		struct svsc_ctl *ctl = req;

		ctl->cancelled = true;
		complete(&ctl->done);
	}
}

/* The data buffer as one range of Hyper-V pages, into @pfns. */
static int svsc_map_data(struct scsi_cmnd *scmd, struct vmb_gpa_range *range, u64 *pfns)
{
	struct scatterlist *sg;
	u32 n = 0, i, len;
	phys_addr_t pa;
	int k;

	scsi_for_each_sg(scmd, sg, scsi_sg_count(scmd), k) {
		pa = sg_phys(sg);
		if (!k)
			range->offset = offset_in_page(pa) & (VMB_HV_PAGE_SIZE - 1);
		len = sg->length + (pa & (VMB_HV_PAGE_SIZE - 1));
		for (i = 0; i < DIV_ROUND_UP(len, VMB_HV_PAGE_SIZE); i++) {
			if (n == SVSC_MAX_PFNS)
				return -EMSGSIZE;
			pfns[n++] = (pa >> VMB_HV_PAGE_SHIFT) + i;
		}
	}
	range->len = scsi_bufflen(scmd);
	range->pfn_count = n;
	range->pfns = pfns;
	if (n != DIV_ROUND_UP(range->offset + range->len, VMB_HV_PAGE_SIZE))
		return -EINVAL;	/* not one run of pages: the boundary mask failed us */
	return 0;
}

static void svsc_build_srb(struct svsc_dev *sd, struct scsi_cmnd *scmd, struct svsc_cmd *cmd)
{
	struct svsc_srb *srb = &cmd->pkt.srb;
	struct scsi_device *sdev = scmd->device;

	memset(&cmd->pkt, 0, sizeof(cmd->pkt));
	cmd->pkt.operation = SVSC_OP_EXECUTE_SRB;
	cmd->pkt.flags = SVSC_FLAG_REQUEST_COMPLETION;
	srb->length = sd->version >= SVSC_VSTOR_WIN8 ? SVSC_SRB_LEN_WIN8 : SVSC_SRB_LEN_WIN7;
	srb->port = sd->host->host_no;
	srb->path_id = sdev->channel;
	srb->target_id = sdev->id;
	srb->lun = sdev->lun;
	srb->cdb_length = scmd->cmd_len;
	memcpy(srb->cdb, scmd->cmnd, scmd->cmd_len);
	srb->sense_info_length = sd->version >= SVSC_VSTOR_WIN8 ? SVSC_SENSE_WIN8 : SVSC_SENSE_WIN7;
	srb->data_transfer_length = cmd->buf_len;
	switch (scmd->sc_data_direction) {
	case DMA_TO_DEVICE:
		srb->data_in = SVSC_DATA_OUT;
		srb->srb_flags = SVSC_SRBF_DATA_OUT;
		break;
	case DMA_FROM_DEVICE:
		srb->data_in = SVSC_DATA_IN;
		srb->srb_flags = SVSC_SRBF_DATA_IN;
		break;
	default:
		srb->data_in = SVSC_DATA_NONE;
		break;
	}
	srb->srb_flags |= SVSC_SRBF_DISABLE_SYNCH_TRANSFER;
	if (sdev->tagged_supported) {
		srb->srb_flags |= SVSC_SRBF_QUEUE_ACTION_ENABLE | SVSC_SRBF_NO_QUEUE_FREEZE;
		srb->queue_tag = 0xff;	/* untagged: the host assigns */
		srb->queue_action = SVSC_QUEUE_TAG_SIMPLE;
	}
	srb->timeout = scsi_cmd_to_rq(scmd)->timeout / HZ;
}

static hvl_scsi_qc_t svsc_queuecommand(struct Scsi_Host *host, struct scsi_cmnd *scmd)
{
	struct svsc_dev *sd = shost_priv(host);
	struct svsc_cmd *cmd = scsi_cmd_priv(scmd);
	struct vmb_gpa_range range;
	struct svsc_chan *c;
	u64 *pfns;
	int ret;

	if (READ_ONCE(sd->dead)) {
		scmd->result = DID_NO_CONNECT << 16;
		scsi_done(scmd);
		return 0;
	}
	cmd->kind = SVSC_REQ_IO;
	cmd->scmd = scmd;
	cmd->resets = 0;
	cmd->opcode = scmd->cmnd[0];
	cmd->buf_len = scsi_bufflen(scmd);
	svsc_build_srb(sd, scmd, cmd);
	atomic_inc(&sd->outstanding);
	rcu_read_lock();
	c = svsc_pick_chan(sd, blk_mq_unique_tag_to_hwq(blk_mq_unique_tag(scsi_cmd_to_rq(scmd))));
	cmd->chan = c;
	if (!cmd->buf_len) {
		ret = vmb_chan_send(c->ch, &cmd->pkt, sd->pkt_size, cmd, NULL);
	} else {
		pfns = get_cpu_ptr(svsc_pfns);
		ret = svsc_map_data(scmd, &range, pfns);
		if (!ret)
			ret = vmb_chan_send_gpa(c->ch, &range, 1, &cmd->pkt, sd->pkt_size, cmd, NULL);
		put_cpu_ptr(svsc_pfns);
	}
	rcu_read_unlock();
	if (ret)
		svsc_io_put(sd);
	switch (ret) {
	case 0:
		return 0;
	case -EAGAIN:
	case -EBUSY:
		svsc_stat(sd, SVSC_ST_BUSY);
		return SCSI_MLQUEUE_HOST_BUSY;
	case -ENODEV:
	case -EIO:
		scmd->result = DID_NO_CONNECT << 16;
		break;
	default:
		dev_warn_ratelimited(&sd->vdev->dev, "command %#x not sent: %d\n", cmd->opcode, ret);
		scmd->result = DID_ERROR << 16;
		break;
	}
	scsi_set_resid(scmd, cmd->buf_len);
	scsi_done(scmd);
	return 0;
}

/*
 * The in-tree policy: while the host holds a command it is still working on
 * it (Hyper-V completes everything, if late: its own storage timeouts are
 * longer than the midlayer's), so the timer is reset, here timeout_resets
 * times. After that the midlayer's error handling has it, which ends in a
 * host reset (svsc_eh_host_reset()). A command whose channel is gone is
 * handed over at once.
 */
static enum scsi_timeout_action svsc_eh_timed_out(struct scsi_cmnd *scmd)
{
	struct svsc_dev *sd = shost_priv(scmd->device->host);
	struct svsc_cmd *cmd = scsi_cmd_priv(scmd);
	struct svsc_chan *c = cmd->chan;

	if (!vmb_chan_rescinded(sd->vdev->channel) && !READ_ONCE(c->gone) &&
	    !READ_ONCE(c->stuck) && !READ_ONCE(sd->dead) &&
	    cmd->resets < READ_ONCE(svsc_timeout_resets)) {
		cmd->resets++;
		svsc_stat(sd, SVSC_ST_TIMEOUT_RESET);
		return SCSI_EH_RESET_TIMER;
	}
	svsc_stat(sd, SVSC_ST_TIMEOUT);
	scmd_printk(KERN_WARNING, scmd, "command %#x not answered (channel %u, %u timer resets)\n",
		    cmd->opcode, c->index, cmd->resets);
	return SCSI_EH_NOT_HANDLED;
}

static int svsc_change_queue_depth(struct scsi_device *sdev, int depth)
{
	if (depth < 1 || depth > sdev->host->can_queue) {
		sdev_printk(KERN_WARNING, sdev, "queue depth %d not in 1..%d\n", depth,
			    sdev->host->can_queue);
		return -EINVAL;
	}
	return scsi_change_queue_depth(sdev, depth);
}

struct scsi_host_template svsc_template = {
	.module = THIS_MODULE,
	/* the in-tree driver's: /sys/class/scsi_host/host<n>/proc_name */
	.name = "storvsc_host_t",
	.proc_name = "storvsc_host",
	.cmd_size = sizeof(struct svsc_cmd),
	.queuecommand = svsc_queuecommand,
	.eh_timed_out = svsc_eh_timed_out,
	.eh_host_reset_handler = svsc_eh_host_reset,
	/*
	 * The midlayer waits 10 s after a host reset for a physical bus to
	 * settle. There is none: svsc_eh_host_reset() returns SUCCESS only
	 * once the host answered RESET_BUS and gave every command back, and
	 * the host takes new ones at once.
	 */
	.skip_settle_delay = 1,
	.change_queue_depth = svsc_change_queue_depth,
	.this_id = -1,
	.virt_boundary_mask = VMB_HV_PAGE_SIZE - 1,
	.track_queue_depth = 1,
};

/**
 * svsc_io_init() - module-wide state of the I/O path
 *
 * Return: 0 or -ENOMEM.
 */
int svsc_io_init(void)
{
	svsc_pfns = __alloc_percpu(SVSC_MAX_PFNS * sizeof(u64), sizeof(u64));
	return svsc_pfns ? 0 : -ENOMEM;
}

/**
 * svsc_io_exit() - undo svsc_io_init()
 */
void svsc_io_exit(void)
{
	free_percpu(svsc_pfns);
}
