// SPDX-License-Identifier: GPL-2.0
/*
 * RNDIS control: requests to the host's miniport and its answers.
 *
 * A request travels as an NVSP SEND_RNDIS_PKT on the control channel type,
 * its RNDIS message in a page of its own described by a page buffer (as
 * the kernel's and FreeBSD's drivers send them). The host completes the
 * VMBus packet once it has read the message; the RNDIS answer comes later,
 * through the receive buffer like any frame, and is matched to the waiting
 * request by its RNDIS request ID in the NAPI poll.
 *
 * A request is done when both arrived. If either does not come in time,
 * the request is taken back (from the channel's request table, from
 * nd->rndis_wait); a message page the host may still read is leaked, never
 * reused.
 */
#include <linux/etherdevice.h>
#include <linux/gfp.h>
#include <linux/slab.h>

#include "netvsc.h"

static struct nvsc_req *nvsc_rndis_alloc(struct nvsc_dev *nd, u32 type, u32 body_len)
{
	struct nvsc_rndis_hdr *h;
	struct nvsc_req *req;

	req = kzalloc(sizeof(*req), GFP_KERNEL);
	if (!req)
		return NULL;
	req->msg = (void *)get_zeroed_page(GFP_KERNEL);
	req->resp = kmalloc(NVSC_RNDIS_RESP_MAX, GFP_KERNEL);
	if (!req->msg || !req->resp) {
		free_page((unsigned long)req->msg);
		kfree(req->resp);
		kfree(req);
		return NULL;
	}
	INIT_LIST_HEAD(&req->node);
	init_completion(&req->nvsp_done);
	init_completion(&req->rndis_done);
	spin_lock_bh(&nd->rndis_lock);
	req->rndis_id = ++nd->rndis_next ?: ++nd->rndis_next;	/* never 0 */
	spin_unlock_bh(&nd->rndis_lock);
	h = req->msg;
	h->type = type;
	h->len = sizeof(*h) + body_len;
	return req;
}

static void nvsc_rndis_free(struct nvsc_req *req, bool leak_msg)
{
	if (!leak_msg)
		free_page((unsigned long)req->msg);
	kfree(req->resp);
	kfree(req);
}

static bool nvsc_rndis_unwait(struct nvsc_dev *nd, struct nvsc_req *req)
{
	bool was_waiting;

	spin_lock_bh(&nd->rndis_lock);
	was_waiting = !list_empty(&req->node);
	list_del_init(&req->node);
	spin_unlock_bh(&nd->rndis_lock);
	return was_waiting;
}

/*
 * Sends @req, waits for the host and frees @req. @ctl: NULL for a message
 * without an RNDIS answer (HALT); else the answer, parsed, which must be
 * the completion of the request's type; its information buffer is copied
 * to @buf (@len: room in, bytes out; NULL when none is wanted).
 *
 * Return: 0; -ETIMEDOUT; -EIO (the host refused the message); -ENODEV
 * (closed under us); -EPROTO (a malformed answer); -EMSGSIZE.
 */
static int nvsc_rndis_xact(struct nvsc_dev *nd, struct nvsc_req *req,
			   struct nvsc_rndis_ctl *ctl, void *buf, u32 *len)
{
	const struct nvsc_rndis_hdr *h = req->msg;
	struct nvsc_nvsp_msg msg = {};
	struct vmb_page_buf pb;
	bool leak = false;
	u32 type = h->type;
	u64 id;
	int ret;

	lockdep_assert_held(&nd->ctl_mutex);
	if (!nd->chans[0].ch) {		/* no connection (a failed reinit) */
		nvsc_rndis_free(req, false);
		return -ENODEV;
	}
	if (ctl) {
		spin_lock_bh(&nd->rndis_lock);
		list_add_tail(&req->node, &nd->rndis_wait);
		spin_unlock_bh(&nd->rndis_lock);
	}
	msg.type = NVSC_NVSP1_SEND_RNDIS_PKT;
	msg.rndis_pkt.channel_type = NVSC_RNDIS_CHANNEL_CTL;
	msg.rndis_pkt.section_index = NVSC_NO_SECTION;
	pb.pfn = vmb_virt_to_hv_pfn(req->msg);
	pb.offset = 0;
	pb.len = h->len;
	ret = vmb_chan_send_pagebuf(nd->chans[0].ch, &pb, 1, &msg, NVSC_NVSP_MSG_SIZE,
				    nvsc_ctl_cookie(req), &id);
	if (ret)
		goto out;
	if (!wait_for_completion_timeout(&req->nvsp_done, NVSC_CTL_TIMEOUT)) {
		if (vmb_chan_req_cancel(nd->chans[0].ch, id)) {
			leak = true;	/* the host may still read the page */
			ret = -ETIMEDOUT;
			goto out;
		}
		wait_for_completion(&req->nvsp_done);
	}
	if (req->nvsp_resp.type != NVSC_NVSP1_SEND_RNDIS_PKT_COMPLETE) {
		ret = req->nvsp_resp.type ? -EIO : -ENODEV;
		goto out;
	}
	if (req->nvsp_resp.rndis_pkt_complete.status != NVSC_NVSP_STAT_SUCCESS) {
		ret = -EIO;
		goto out;
	}
	if (!ctl)
		goto out;
	if (!wait_for_completion_timeout(&req->rndis_done, NVSC_CTL_TIMEOUT) &&
	    nvsc_rndis_unwait(nd, req)) {
		ret = -ETIMEDOUT;
		goto out;
	}
	/* the NAPI poll copied the answer and left the list before completing */
	if (nvsc_parse_rndis_ctl(req->resp, req->resp_len, ctl) ||
	    ctl->type != (type | NVSC_RNDIS_MSG_COMPLETION)) {
		nvsc_err(nd, BAD_RNDIS);
		netdev_warn(nd->ndev, "malformed answer to RNDIS message %#x\n", type);
		ret = -EPROTO;
		goto out;
	}
	if (buf) {
		if (ctl->info_len > *len) {
			ret = -EMSGSIZE;
			goto out;
		}
		memcpy(buf, req->resp + ctl->info_off, ctl->info_len);
		*len = ctl->info_len;
	}
out:
	if (ctl)
		nvsc_rndis_unwait(nd, req);
	if (ret == -ETIMEDOUT)
		netdev_err(nd->ndev, "host did not answer RNDIS message %#x\n", type);
	nvsc_rndis_free(req, leak);
	return ret;
}

/**
 * nvsc_rndis_init() - RNDIS INITIALIZE (version 1.0)
 * @nd:		the device, its NVSP session up
 *
 * Context: process context; sleeps.
 * Return: 0 or a negative errno (logged).
 */
int nvsc_rndis_init(struct nvsc_dev *nd)
{
	struct nvsc_rndis_init *body;
	struct nvsc_rndis_ctl ctl;
	struct nvsc_req *req;
	int ret;

	req = nvsc_rndis_alloc(nd, NVSC_RNDIS_MSG_INIT, sizeof(*body));
	if (!req)
		return -ENOMEM;
	body = req->msg + sizeof(struct nvsc_rndis_hdr);
	body->req_id = req->rndis_id;
	body->major = 1;
	body->minor = 0;
	body->max_xfer_size = 0x4000;
	mutex_lock(&nd->ctl_mutex);
	ret = nvsc_rndis_xact(nd, req, &ctl, NULL, NULL);
	mutex_unlock(&nd->ctl_mutex);
	if (!ret && ctl.status != NVSC_RNDIS_STATUS_SUCCESS)
		ret = -EIO;
	if (ret)
		netdev_err(nd->ndev, "RNDIS initialize failed (%d, status %#x)\n", ret,
			   ret == -EIO ? ctl.status : 0);
	return ret;
}

/* QUERY or SET of @oid with @in_len bytes of input. */
static int nvsc_rndis_oid(struct nvsc_dev *nd, u32 type, u32 oid, const void *in, u32 in_len,
			  void *out, u32 *out_len)
{
	struct nvsc_rndis_oid_req *body;
	struct nvsc_rndis_ctl ctl;
	struct nvsc_req *req;
	int ret;

	if (sizeof(struct nvsc_rndis_hdr) + sizeof(*body) + (u64)in_len > VMB_HV_PAGE_SIZE)
		return -EINVAL;
	req = nvsc_rndis_alloc(nd, type, sizeof(*body) + in_len);
	if (!req)
		return -ENOMEM;
	body = req->msg + sizeof(struct nvsc_rndis_hdr);
	body->req_id = req->rndis_id;
	body->oid = oid;
	body->info_len = in_len;
	body->info_offset = sizeof(*body);	/* from req_id */
	if (in_len)
		memcpy(body + 1, in, in_len);
	mutex_lock(&nd->ctl_mutex);
	ret = nvsc_rndis_xact(nd, req, &ctl, out, out_len);
	mutex_unlock(&nd->ctl_mutex);
	if (!ret && ctl.status != NVSC_RNDIS_STATUS_SUCCESS)
		ret = -EIO;
	return ret;
}

/**
 * nvsc_rndis_query() - RNDIS QUERY of one OID
 * @nd:		the device
 * @oid:	the OID
 * @buf:	the answer
 * @len:	room in @buf; set to the bytes the host returned
 *
 * Context: process context; sleeps.
 * Return: 0; -EIO (the host's status was not success); or as
 * nvsc_rndis_xact().
 */
int nvsc_rndis_query(struct nvsc_dev *nd, u32 oid, void *buf, u32 *len)
{
	return nvsc_rndis_oid(nd, NVSC_RNDIS_MSG_QUERY, oid, NULL, 0, buf, len);
}

/**
 * nvsc_rndis_query_in() - RNDIS QUERY with an input buffer
 * @nd:		the device
 * @oid:	the OID
 * @in:		the input (for NDIS objects: the object's header)
 * @in_len:	its bytes
 * @buf:	the answer
 * @len:	room in @buf; set to the bytes the host returned
 *
 * Context: process context; sleeps.
 * Return: as nvsc_rndis_query().
 */
int nvsc_rndis_query_in(struct nvsc_dev *nd, u32 oid, const void *in, u32 in_len,
			void *buf, u32 *len)
{
	return nvsc_rndis_oid(nd, NVSC_RNDIS_MSG_QUERY, oid, in, in_len, buf, len);
}

/**
 * nvsc_rndis_set() - RNDIS SET of one OID
 * @nd:		the device
 * @oid:	the OID
 * @buf:	the value
 * @len:	its bytes
 *
 * Context: process context; sleeps.
 * Return: as nvsc_rndis_query().
 */
int nvsc_rndis_set(struct nvsc_dev *nd, u32 oid, const void *buf, u32 len)
{
	return nvsc_rndis_oid(nd, NVSC_RNDIS_MSG_SET, oid, buf, len, NULL, NULL);
}

/**
 * nvsc_rndis_set_filter() - the packet filter (NDIS_PACKET_TYPE_*)
 * @nd:		the device
 * @filter:	the filter; 0 stops reception
 *
 * Context: process context; sleeps.
 * Return: as nvsc_rndis_set().
 */
int nvsc_rndis_set_filter(struct nvsc_dev *nd, u32 filter)
{
	int ret;

	if (filter == nd->filter)
		return 0;
	ret = nvsc_rndis_set(nd, NVSC_OID_GEN_CURRENT_PACKET_FILTER, &filter, sizeof(filter));
	/* -ENODEV: rescinded, the host has gone and the filter with it */
	if (ret && ret != -ENODEV)
		netdev_warn(nd->ndev, "setting packet filter %#x failed (%d)\n", filter, ret);
	else if (!ret)
		nd->filter = filter;
	return ret;
}

/**
 * nvsc_rndis_halt() - RNDIS HALT: the host stops the miniport
 * @nd:		the device
 *
 * Context: process context; sleeps.
 */
void nvsc_rndis_halt(struct nvsc_dev *nd)
{
	struct nvsc_rndis_halt *body;
	struct nvsc_req *req;

	req = nvsc_rndis_alloc(nd, NVSC_RNDIS_MSG_HALT, sizeof(*body));
	if (!req)
		return;
	body = req->msg + sizeof(struct nvsc_rndis_hdr);
	body->req_id = req->rndis_id;
	mutex_lock(&nd->ctl_mutex);
	nvsc_rndis_xact(nd, req, NULL, NULL, NULL);
	mutex_unlock(&nd->ctl_mutex);
}

static void nvsc_rndis_indicate(struct nvsc_dev *nd, const struct nvsc_rndis_ctl *ctl)
{
	switch (ctl->status) {
	case NVSC_RNDIS_STATUS_MEDIA_CONNECT:
		netif_carrier_on(nd->ndev);
		break;
	case NVSC_RNDIS_STATUS_MEDIA_DISCONNECT:
		netif_carrier_off(nd->ndev);
		break;
	case NVSC_RNDIS_STATUS_NETWORK_CHANGE:
		/* a new network behind the same link: make DHCP and others look again */
		netif_carrier_off(nd->ndev);
		netif_carrier_on(nd->ndev);
		break;
	case NVSC_RNDIS_STATUS_OFFLOAD_CONFIG:
		/* the answer to our SET of the offload parameters, repeated */
		break;
	default:
		netdev_dbg(nd->ndev, "RNDIS indication %#x ignored\n", ctl->status);
		break;
	}
}

/**
 * nvsc_rndis_control() - an RNDIS control message from the host
 * @c:		the channel it came on
 * @msg:	the message (a private copy)
 * @len:	its bytes
 *
 * Context: the channel's NAPI poll.
 */
void nvsc_rndis_control(struct nvsc_chan *c, const u8 *msg, u32 len)
{
	struct nvsc_dev *nd = c->nd;
	struct nvsc_rndis_ctl ctl;
	struct nvsc_req *req;
	bool found = false;

	if (nvsc_parse_rndis_ctl(msg, len, &ctl)) {
		nvsc_err(nd, BAD_RNDIS);
		netdev_warn_once(nd->ndev, "malformed RNDIS control message (type %#x)\n",
				 nvsc_rndis_type(msg, len));
		return;
	}
	if (ctl.type == NVSC_RNDIS_MSG_INDICATE) {
		nvsc_rndis_indicate(nd, &ctl);
		return;
	}
	spin_lock(&nd->rndis_lock);
	list_for_each_entry(req, &nd->rndis_wait, node) {
		if (req->rndis_id != ctl.req_id)
			continue;
		memcpy(req->resp, msg, len);
		req->resp_len = len;
		list_del_init(&req->node);
		complete(&req->rndis_done);
		found = true;
		break;
	}
	spin_unlock(&nd->rndis_lock);
	if (!found) {
		nvsc_err(nd, BAD_COMPLETION);
		nvsc_warn_rl(nd->ndev, "RNDIS answer %#x to request %u, which is not waiting\n",
					ctl.type, ctl.req_id);
	}
}
