// SPDX-License-Identifier: GPL-2.0
/*
 * StorVSP's protocol: what the host does with each packet the guest sends
 * on a storage channel (see stor_host.h for the behaviour it follows).
 *
 * Every packet must be in-band or GPA-direct, ask for a completion, and
 * carry at least the 12-byte header; its body is read up to the largest
 * request block (52 bytes) and answered with as many bytes as it had, so a
 * guest of the older, shorter format gets answers of its size. Requests out
 * of order get INVALID_DEVICE_STATE and change nothing; anything the host
 * cannot parse stops the channel, as Hyper-V's own host does.
 *
 * Context: the channel's I/O work (ops->packet, ops->service).
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "hvsim.h"
#include "stor_host.h"

#define HVSIM_SCSI_INQUIRY	0x12
#define HVSIM_SCSI_REPORT_LUNS	0xa0
#define HVSIM_SRB_UNDEFINED	0x3e		/* bad_srb: no status Windows defines */
#define HVSIM_STOR_BOGUS_ID	(1ull << 62)	/* bad_trans_id: flips a bit no guest uses */

static const char *const hvsim_stor_state_names[] = {
	[HVSIM_STOR_BEGIN] = "begin",
	[HVSIM_STOR_VERSION] = "version",
	[HVSIM_STOR_PROPERTIES] = "properties",
	[HVSIM_STOR_END] = "end",
	[HVSIM_STOR_READY] = "ready",
};

/**
 * hvsim_stor_state_name() - the name of an initialization state (debugfs)
 * @s:		the state
 *
 * Return: a static string.
 */
const char *hvsim_stor_state_name(enum hvsim_stor_state s)
{
	return s < ARRAY_SIZE(hvsim_stor_state_names) ? hvsim_stor_state_names[s] : "?";
}

/* a command as the target runs it, with the guest's one buffer range */
struct hvsim_stor_io {
	struct hvsim_stor_cmd cmd;
	const u8 *pfns;		/* inside the packet copy; unaligned */
	u32 offset;		/* of the buffer in its first page */
	u32 pos;		/* bytes moved so far */
};

/* Keep a command unanswered until the guest resets (no_answer, bad_trans_id). */
static void hvsim_stor_hold(struct hvsim_vchan *chan, struct hvsim_stor *st, u64 trans_id, u32 size)
{
	struct hvsim_stor_chan *sc = chan->priv;
	struct hvsim_stor_held *h;

	h = kmalloc(sizeof(*h), GFP_NOIO);
	if (!h)
		return;		/* lost for good: the guest's reset finds nothing to free */
	h->trans_id = trans_id;
	h->size = size;
	list_add_tail(&h->node, &sc->held);
	hvsim_stor_count(st, HELD);
}

/**
 * hvsim_stor_held_free() - forget a channel's held commands (it closed:
 * the guest takes them back itself)
 * @sc:		the channel's state
 *
 * Context: the channel's I/O work stopped.
 */
void hvsim_stor_held_free(struct hvsim_stor_chan *sc)
{
	struct hvsim_stor_held *h, *tmp;

	list_for_each_entry_safe(h, tmp, &sc->held, node) {
		list_del(&h->node);
		kfree(h);
	}
}

static void hvsim_stor_reply(struct hvsim_vchan *chan, u64 trans_id, u32 status,
			     const void *body, u32 body_len, u32 size);

/* A reset happened since this channel last looked: answer what it holds. */
static void hvsim_stor_release(struct hvsim_vchan *chan, struct hvsim_stor *st)
{
	struct hvsim_stor_chan *sc = chan->priv;
	u32 gen = atomic_read(&st->release_gen);
	struct hvsim_stor_held *h, *tmp;
	struct hvsim_srb out = {};

	if (!sc || sc->release_seen == gen)
		return;
	sc->release_seen = gen;
	out.length = HVSIM_SRB_LEN_WIN8;
	out.srb_status = HVSIM_SRB_BUS_RESET;
	list_for_each_entry_safe(h, tmp, &sc->held, node) {
		hvsim_stor_reply(chan, h->trans_id, HVSIM_NT_UNSUCCESSFUL, &out, sizeof(out), h->size);
		hvsim_stor_count(st, RELEASED);
		list_del(&h->node);
		kfree(h);
	}
}

static void hvsim_stor_violation(struct hvsim_vchan *chan, struct hvsim_stor *st, const char *why)
{
	hvsim_stor_count(st, BAD_PACKET);
	hvsim_vchan_mark_broken(chan, why);
}

static u32 hvsim_stor_srb_len(u16 version)
{
	return version >= HVSIM_VSTOR_WIN8 ? HVSIM_SRB_LEN_WIN8 : HVSIM_SRB_LEN_WIN7;
}

/* A COMPLETE_IO of @size bytes (header included) for the guest's request. */
static void hvsim_stor_reply(struct hvsim_vchan *chan, u64 trans_id, u32 status,
			     const void *body, u32 body_len, u32 size)
{
	struct hvsim_vstor_pkt r = {};
	int ret;

	r.op = HVSIM_VSTOR_COMPLETE_IO;
	r.status = status;
	if (body_len)
		memcpy(r.body, body, min_t(u32, body_len, sizeof(r.body)));
	ret = hvsim_vchan_send_comp(chan, trans_id, &r, size);
	if (ret)
		pr_warn_ratelimited("stor: relid %u: completion not sent (%d)\n", chan->relid, ret);
}

/* the NTSTATUS Hyper-V puts beside an SRB status */
static u32 hvsim_stor_ntstatus(u8 srb_status)
{
	switch (srb_status & 0x3f) {
	case HVSIM_SRB_SUCCESS:
		return HVSIM_NT_SUCCESS;
	case HVSIM_SRB_BUSY:
		return HVSIM_NT_DEVICE_BUSY;
	case HVSIM_SRB_INVALID_LUN:
		return HVSIM_NT_DEVICE_DOES_NOT_EXIST;
	case HVSIM_SRB_SELECTION_TIMEOUT:
		return HVSIM_NT_DEVICE_NOT_CONNECTED;
	case HVSIM_SRB_DATA_OVERRUN:
		return HVSIM_NT_BUFFER_OVERFLOW;
	case HVSIM_SRB_ABORTED:
		return HVSIM_NT_CANCELLED;
	default:
		return HVSIM_NT_IO_DEVICE_ERROR;
	}
}

/* cmd->copy: the next @len bytes of the guest's buffer, page by page */
static int hvsim_stor_copy(struct hvsim_stor_cmd *cmd, void *kbuf, u32 len)
{
	struct hvsim_stor_io *io = container_of(cmd, struct hvsim_stor_io, cmd);
	struct page *page;
	u32 in, chunk;
	u64 at, pfn;
	u8 *va;

	if (len > cmd->buf_len - io->pos)
		return -EFAULT;		/* the target broke its contract: refuse */
	while (len) {
		at = (u64)io->offset + io->pos;
		in = at & (PAGE_SIZE - 1);
		chunk = min_t(u32, len, PAGE_SIZE - in);
		memcpy(&pfn, io->pfns + (at >> PAGE_SHIFT) * sizeof(u64), sizeof(pfn));
		if (pfn > (U64_MAX >> PAGE_SHIFT) || hvsim_gpa_get(pfn << PAGE_SHIFT, &page))
			return -EFAULT;
		va = page_address(page) + in;
		if (cmd->to_guest)
			memcpy(va, kbuf, chunk);
		else
			memcpy(kbuf, va, chunk);
		hvsim_gpa_put(page);
		kbuf += chunk;
		io->pos += chunk;
		len -= chunk;
	}
	return 0;
}

/*
 * The buffer of an SRB: none for an in-band packet (then nothing may
 * move), else exactly one range at least as long as the transfer.
 */
static int hvsim_stor_buffer(const struct hvsim_vpkt *pkt, u32 len, struct hvsim_stor_io *io)
{
	struct hvsim_vmpkt_gpa_direct gd;
	struct hvsim_gpa_range r;
	u64 total;

	if (pkt->type == HVSIM_VMPKT_DATA_INBAND)
		return len ? -EINVAL : 0;
	if (pkt->extra_len < sizeof(gd) + sizeof(r))
		return -EINVAL;
	memcpy(&gd, pkt->desc_extra, sizeof(gd));
	memcpy(&r, pkt->desc_extra + sizeof(gd), sizeof(r));
	if (gd.range_count != 1 || hvsim_vpkt_ranges(pkt, &total, NULL, NULL) ||
	    r.byte_count < len)
		return -EINVAL;
	io->offset = r.byte_offset;
	io->pfns = pkt->desc_extra + sizeof(gd) + sizeof(r);
	return 0;
}

/*
 * Faults on a command that ran: what it did stays done (a retry redoes the
 * same), only the answer lies.
 */
static void hvsim_stor_fault_after(struct hvsim_stor *st, struct hvsim_srb *out)
{
	if (out->transfer_length >= 1024 && hvsim_stor_fault(st, HVSIM_STOR_F_SHORT_XFER)) {
		out->transfer_length = (out->transfer_length / 2) & ~511u;
		out->srb_status = HVSIM_SRB_DATA_OVERRUN;
	} else if (hvsim_stor_fault(st, HVSIM_STOR_F_BAD_SRB)) {
		out->srb_status = HVSIM_SRB_UNDEFINED;
		out->transfer_length = 0;
	} else if (hvsim_stor_fault(st, HVSIM_STOR_F_BIG_SENSE)) {
		struct hvsim_stor_cmd aborted = {};

		hvsim_scsi_check(&aborted, HVSIM_SK_ABORTED_COMMAND, 0, 0);
		out->srb_status = HVSIM_SRB_ERROR | HVSIM_SRB_AUTOSENSE_VALID;
		out->scsi_status = aborted.status;
		out->transfer_length = 0;
		out->sense_length = 0xff;
		memset(out->cdb_or_sense, 0, sizeof(out->cdb_or_sense));
		memcpy(out->cdb_or_sense, aborted.sense, aborted.sense_len);
	}
}

static void hvsim_stor_srb(struct hvsim_vchan *chan, struct hvsim_stor *st,
			   const struct hvsim_vpkt *pkt, const struct hvsim_srb *req)
{
	struct hvsim_stor_io io = {};
	struct hvsim_srb out = {};
	struct hvsim_lun *lun = NULL;
	u32 size = HVSIM_VSTOR_HDR + hvsim_stor_srb_len(st->version);
	int ret;

	if (hvsim_stor_buffer(pkt, req->transfer_length, &io)) {
		hvsim_stor_violation(chan, st, "SRB buffer does not fit its transfer");
		return;
	}
	hvsim_stor_count(st, SRBS);
	atomic64_inc(&st->chan_srbs[chan->sub_index]);
	out.length = hvsim_stor_srb_len(st->version);
	out.cdb_length = sizeof(req->cdb_or_sense) - 4;

	/* faults that keep the command from running at all */
	if (hvsim_stor_fault(st, HVSIM_STOR_F_NO_ANSWER)) {
		hvsim_stor_hold(chan, st, pkt->trans_id, size);
		return;
	}
	if (hvsim_stor_fault(st, HVSIM_STOR_F_BAD_TRANS_ID)) {
		out.srb_status = HVSIM_SRB_SUCCESS;
		hvsim_stor_reply(chan, pkt->trans_id ^ HVSIM_STOR_BOGUS_ID, HVSIM_NT_SUCCESS, &out,
				 sizeof(out), size);
		hvsim_stor_hold(chan, st, pkt->trans_id, size);
		return;
	}
	if (hvsim_stor_fault(st, HVSIM_STOR_F_BUSY)) {
		out.srb_status = HVSIM_SRB_BUSY;
		hvsim_stor_reply(chan, pkt->trans_id, hvsim_stor_ntstatus(out.srb_status), &out,
				 sizeof(out), size);
		return;
	}
	if (hvsim_stor_fault(st, HVSIM_STOR_F_QUEUE_FULL)) {
		out.srb_status = HVSIM_SRB_ERROR;
		out.scsi_status = HVSIM_SAM_TASK_SET_FULL;
		hvsim_stor_reply(chan, pkt->trans_id, hvsim_stor_ntstatus(out.srb_status), &out,
				 sizeof(out), size);
		return;
	}

	io.cmd.cdb = req->cdb_or_sense;
	io.cmd.cdb_len = clamp_t(u32, req->cdb_length, 1, HVSIM_STOR_MAX_CDB);
	io.cmd.buf_len = req->transfer_length;
	io.cmd.to_guest = req->data_in == HVSIM_VSTOR_DATA_IN;
	io.cmd.copy = hvsim_stor_copy;

	down_read(&st->luns_rwsem);
	if (!req->path_id && !req->target_id && req->lun < HVSIM_STOR_MAX_LUNS)
		lun = st->luns[req->lun];
	if (!lun && io.cmd.cdb[0] != HVSIM_SCSI_INQUIRY && io.cmd.cdb[0] != HVSIM_SCSI_REPORT_LUNS) {
		up_read(&st->luns_rwsem);
		hvsim_stor_count(st, INVALID_LUN);
		out.srb_status = HVSIM_SRB_INVALID_LUN;
		out.scsi_status = HVSIM_SAM_CHECK_CONDITION;
		hvsim_stor_reply(chan, pkt->trans_id, hvsim_stor_ntstatus(out.srb_status),
				 &out, sizeof(out), size);
		return;
	}
	io.cmd.lun_map = st->lun_map;
	ret = hvsim_scsi_exec(lun, &io.cmd);
	up_read(&st->luns_rwsem);

	if (ret) {
		/* a buffer that contradicts the CDB, or guest memory out of reach */
		hvsim_stor_count(st, BAD_REQUEST);
		pr_warn_ratelimited("stor: relid %u: command %#x refused: %s buffer of %u bytes %s\n",
				    chan->relid, io.cmd.cdb[0], io.cmd.to_guest ? "data-in" : "data-out",
				    io.cmd.buf_len, ret == -EFAULT ? "not in guest RAM" :
				    "contradicts the CDB");
		io.cmd.done = 0;
		hvsim_scsi_check(&io.cmd, HVSIM_SK_ILLEGAL_REQUEST, HVSIM_ASC_INVALID_FIELD_CDB, 0);
		out.srb_status = HVSIM_SRB_INVALID_REQUEST;
	} else if (io.cmd.status == HVSIM_SAM_GOOD) {
		out.srb_status = HVSIM_SRB_SUCCESS;
	} else {
		out.srb_status = HVSIM_SRB_ERROR;
	}
	if (io.cmd.status == HVSIM_SAM_CHECK_CONDITION) {
		hvsim_stor_count(st, CHECK_CONDITION);
		if (io.cmd.sense_len) {
			out.srb_status |= HVSIM_SRB_AUTOSENSE_VALID;
			out.sense_length = io.cmd.sense_len;
			memcpy(out.cdb_or_sense, io.cmd.sense, io.cmd.sense_len);
		}
	}
	out.scsi_status = io.cmd.status;
	out.transfer_length = io.cmd.done;
	atomic64_add(io.cmd.done, &st->cnt[io.cmd.to_guest ? HVSIM_STOR_READ_BYTES :
					   HVSIM_STOR_WRITE_BYTES]);
	if (out.srb_status == HVSIM_SRB_SUCCESS)
		hvsim_stor_fault_after(st, &out);
	hvsim_stor_reply(chan, pkt->trans_id, hvsim_stor_ntstatus(out.srb_status), &out,
			 sizeof(out), size);
}

static bool hvsim_stor_version_ok(struct hvsim_stor *st, u16 v)
{
	switch (v) {
	case HVSIM_VSTOR_WIN6:
	case HVSIM_VSTOR_WIN7:
	case HVSIM_VSTOR_WIN8:
	case HVSIM_VSTOR_BLUE:
	case HVSIM_VSTOR_THRESHOLD:
		return v <= st->vstor_max;
	default:
		return false;
	}
}

/* CREATE_SUB_CHANNELS: during initialization once (5.1 and later), or when ready */
static u32 hvsim_stor_subchannels(struct hvsim_vchan *chan, struct hvsim_stor *st, u16 n)
{
	u16 max = chan->dev->max_channels - 1;
	bool ok;

	spin_lock(&st->lock);
	ok = st->state == HVSIM_STOR_READY ||
	     (st->state == HVSIM_STOR_END && st->version >= HVSIM_VSTOR_WIN8 && !st->subs);
	if (ok && n <= max)
		st->subs = n;
	spin_unlock(&st->lock);
	if (!ok) {
		hvsim_stor_count(st, BAD_STATE);
		return HVSIM_NT_INVALID_DEVICE_STATE;
	}
	if (n > max)
		return HVSIM_NT_INVALID_PARAMETER;
	hvsim_stor_count(st, SUBCHANNELS);
	/* the offers follow this answer: the control work sends them */
	if (n && hvsim_vmbus_host_event(HVSIM_VEVENT_SUBCHANNELS, chan->dev->serial, n))
		return HVSIM_NT_UNSUCCESSFUL;
	return HVSIM_NT_SUCCESS;
}

/*
 * One initialization request on the primary: advance if it is the one the
 * state waits for, else INVALID_DEVICE_STATE. Returns the status; @body
 * holds what the answer carries.
 */
static u32 hvsim_stor_init_op(struct hvsim_stor *st, struct hvsim_vstor_pkt *req,
			      struct hvsim_vstor_pkt *ans)
{
	u32 status = HVSIM_NT_SUCCESS;
	u16 max_sub = st->dev->max_channels - 1;

	spin_lock(&st->lock);
	switch (req->op) {
	case HVSIM_VSTOR_BEGIN_INIT:
		if (st->state != HVSIM_STOR_BEGIN)
			goto bad_state;
		st->state = HVSIM_STOR_VERSION;
		break;
	case HVSIM_VSTOR_QUERY_VERSION:
		if (st->state != HVSIM_STOR_VERSION)
			goto bad_state;
		ans->version = req->version;
		if (!hvsim_stor_version_ok(st, req->version)) {
			status = HVSIM_NT_REVISION_MISMATCH;
			break;
		}
		st->version = req->version;
		st->state = HVSIM_STOR_PROPERTIES;
		break;
	case HVSIM_VSTOR_QUERY_PROPERTIES:
		if (st->state != HVSIM_STOR_PROPERTIES)
			goto bad_state;
		ans->props.max_transfer_bytes = st->max_xfer;
		if (st->version >= HVSIM_VSTOR_WIN8) {
			ans->props.flags = HVSIM_VSTOR_MULTI_CHANNEL;
			ans->props.max_sub_channels = max_sub;
		}
		st->state = HVSIM_STOR_END;
		break;
	case HVSIM_VSTOR_END_INIT:
		if (st->state != HVSIM_STOR_END)
			goto bad_state;
		st->state = HVSIM_STOR_READY;
		/* the guest scans the bus now: what changed before is in it */
		st->enum_pending = false;
		break;
	}
	spin_unlock(&st->lock);
	return status;

bad_state:
	spin_unlock(&st->lock);
	hvsim_stor_count(st, BAD_STATE);
	return HVSIM_NT_INVALID_DEVICE_STATE;
}

/* Every channel answers what it holds, from its own I/O work. */
static void hvsim_stor_release_all(struct hvsim_stor *st)
{
	unsigned int i;

	atomic_inc(&st->release_gen);
	spin_lock(&st->lock);
	for (i = 0; i < ARRAY_SIZE(st->chans); i++)
		if (st->chans[i])
			hvsim_vchan_kick(st->chans[i]);
	spin_unlock(&st->lock);
}

/**
 * hvsim_stor_packet() - one packet from the guest on a storage channel
 * @chan:	the channel
 * @pkt:	the packet
 *
 * Context: the channel's I/O work.
 */
void hvsim_stor_packet(struct hvsim_vchan *chan, const struct hvsim_vpkt *pkt)
{
	struct hvsim_stor *st = chan->dev->priv;
	struct hvsim_vstor_pkt req = {}, ans = {};
	u32 body, size, status;
	bool ready;

	if (pkt->type != HVSIM_VMPKT_DATA_INBAND && pkt->type != HVSIM_VMPKT_DATA_GPA_DIRECT) {
		hvsim_stor_violation(chan, st, "packet type not in-band or GPA-direct");
		return;
	}
	if (!(pkt->flags & HVSIM_VMPKT_FLAG_COMPLETION_REQUESTED)) {
		hvsim_stor_violation(chan, st, "request without a completion");
		return;
	}
	if (pkt->len < HVSIM_VSTOR_HDR) {
		hvsim_stor_violation(chan, st, "packet shorter than the VSTOR header");
		return;
	}
	body = min_t(u32, pkt->len - HVSIM_VSTOR_HDR, HVSIM_SRB_LEN_WIN8);
	size = HVSIM_VSTOR_HDR + body;
	memcpy(&req, pkt->data, size);

	spin_lock(&st->lock);
	ready = st->state == HVSIM_STOR_READY;
	spin_unlock(&st->lock);

	switch (req.op) {
	case HVSIM_VSTOR_EXECUTE_SRB:
		if (!ready)
			break;
		hvsim_stor_srb(chan, st, pkt, &req.srb);
		return;
	case HVSIM_VSTOR_RESET_LUN:
	case HVSIM_VSTOR_RESET_ADAPTER:
	case HVSIM_VSTOR_RESET_BUS:
		if (!ready)
			break;
		/*
		 * Hyper-V's resets are no-ops: it completes every command
		 * anyway. Here a reset is what answers the commands a fault
		 * held, on every channel (unless ignore_reset says otherwise).
		 */
		hvsim_stor_count(st, RESETS);
		if (!hvsim_stor_fault(st, HVSIM_STOR_F_IGNORE_RESET))
			hvsim_stor_release_all(st);
		hvsim_stor_release(chan, st);
		hvsim_stor_reply(chan, pkt->trans_id, HVSIM_NT_SUCCESS, NULL, 0, size);
		return;
	case HVSIM_VSTOR_CREATE_SUB_CHANNELS:
		if (body < sizeof(req.sub_channels)) {
			hvsim_stor_violation(chan, st, "CREATE_SUB_CHANNELS without a count");
			return;
		}
		status = chan->sub_index ? HVSIM_NT_INVALID_DEVICE_STATE :
			 hvsim_stor_subchannels(chan, st, req.sub_channels);
		hvsim_stor_reply(chan, pkt->trans_id, status, NULL, 0, size);
		return;
	case HVSIM_VSTOR_QUERY_VERSION:
		if (body < sizeof(req.version)) {
			hvsim_stor_violation(chan, st, "QUERY_PROTOCOL_VERSION without a version");
			return;
		}
		fallthrough;
	case HVSIM_VSTOR_BEGIN_INIT:
	case HVSIM_VSTOR_QUERY_PROPERTIES:
	case HVSIM_VSTOR_END_INIT:
		if (chan->sub_index)
			break;
		status = hvsim_stor_init_op(st, &req, &ans);
		hvsim_stor_reply(chan, pkt->trans_id, status, ans.body, sizeof(ans.body), size);
		return;
	default:
		hvsim_stor_violation(chan, st, "unknown VSTOR operation");
		return;
	}
	hvsim_stor_count(st, BAD_STATE);
	hvsim_stor_reply(chan, pkt->trans_id, HVSIM_NT_INVALID_DEVICE_STATE, NULL, 0, size);
}

/**
 * hvsim_stor_service() - send what the host owes the guest unasked
 * @chan:	a channel whose ring the guest has emptied
 *
 * The answers to held commands after a reset, and ENUMERATE_BUS, on the
 * primary, once the controller is ready (a guest of protocol 2.0 is never
 * told: it polls).
 *
 * Context: the channel's I/O work.
 * Return: false (nothing left that would need another call).
 */
bool hvsim_stor_service(struct hvsim_vchan *chan)
{
	struct hvsim_stor *st = chan->dev->priv;
	struct hvsim_vstor_pkt p = {};
	bool send;
	u16 version;

	hvsim_stor_release(chan, st);
	if (chan->sub_index)
		return false;
	spin_lock(&st->lock);
	version = st->version;
	send = st->enum_pending && st->state == HVSIM_STOR_READY;
	if (send)
		st->enum_pending = false;
	spin_unlock(&st->lock);
	if (!send || version < HVSIM_VSTOR_WIN7)
		return false;
	p.op = HVSIM_VSTOR_ENUMERATE_BUS;
	if (!hvsim_vchan_send(chan, HVSIM_VMPKT_DATA_INBAND, 0, 0, &p,
			      HVSIM_VSTOR_HDR + hvsim_stor_srb_len(version)))
		hvsim_stor_count(st, ENUMERATES);
	return false;
}

/**
 * hvsim_stor_bus_changed() - a LUN came or went: tell the guest
 * @st:		the controller
 *
 * Context: hvsim_vmbus.lock held (the primary's open state is stable).
 */
void hvsim_stor_bus_changed(struct hvsim_stor *st)
{
	struct hvsim_vchan *chan;

	spin_lock(&st->lock);
	st->enum_pending = true;
	spin_unlock(&st->lock);
	chan = list_first_entry_or_null(&st->dev->chans, struct hvsim_vchan, node);
	if (chan && !chan->sub_index && chan->open)
		hvsim_vchan_kick(chan);
}

/**
 * hvsim_stor_reset() - the primary closed: the protocol starts over
 * @st:		the controller
 *
 * Context: hvsim_vmbus.lock held, the primary's I/O work stopped.
 */
void hvsim_stor_reset(struct hvsim_stor *st)
{
	spin_lock(&st->lock);
	st->state = HVSIM_STOR_BEGIN;
	st->version = 0;
	st->subs = 0;
	st->enum_pending = false;
	spin_unlock(&st->lock);
}
