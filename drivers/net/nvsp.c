// SPDX-License-Identifier: GPL-2.0
/*
 * The NVSP session on the primary channel: version, NDIS configuration and
 * version, and the two shared buffers.
 *
 * Order, as every host expects it: INIT (newest version first, each refused
 * one retried lower), NDIS configuration (version 2 and later), NDIS
 * version, receive buffer, send buffer. RNDIS starts only after that.
 *
 * At removal the buffers are revoked while the channel is open and torn
 * down after it closed (the order hosts from Windows Server 2016 on want;
 * older ones accept it too), so no host access can meet a freed buffer. A
 * GPADL the host does not give back is leaked with a log line, never freed.
 */
#include <linux/bitmap.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "netvsc.h"

static const u32 nvsc_versions[] = {
	NVSC_NVSP_V61, NVSC_NVSP_V6, NVSC_NVSP_V5, NVSC_NVSP_V4, NVSC_NVSP_V2, NVSC_NVSP_V1,
};

/**
 * nvsc_ctl_completed() - the host completed a control request
 * @nd:		the device
 * @req:	the request
 * @data:	the completion's payload; NULL: cancelled (no completion will come)
 * @len:	its bytes
 *
 * Context: the primary channel's NAPI poll, or vmbus.ko's on_cancel.
 */
void nvsc_ctl_completed(struct nvsc_dev *nd, struct nvsc_req *req, const void *data, u32 len)
{
	if (data && nvsc_parse_nvsp(data, len, &req->nvsp_resp)) {
		nvsc_err(nd, BAD_PACKET);
		netdev_warn_once(nd->ndev, "malformed completion of a control request\n");
	}
	complete(&req->nvsp_done);
}

/*
 * Waits for the host's completion of @req (sent as @id). Return: 0 (the
 * completion came, or close cancelled it: nvsp_resp.type is then 0);
 * -ETIMEDOUT: the host never answered and the request was taken back.
 */
static int nvsc_req_wait(struct nvsc_dev *nd, struct nvsc_req *req, u64 id)
{
	if (wait_for_completion_timeout(&req->nvsp_done, NVSC_CTL_TIMEOUT))
		return 0;
	if (vmb_chan_req_cancel(nd->chans[0].ch, id))
		return -ETIMEDOUT;
	/* the completion is being handled right now */
	wait_for_completion(&req->nvsp_done);
	return 0;
}

/**
 * nvsc_nvsp_request() - send an NVSP request and wait for its completion
 * @nd:		the device
 * @msg:	the request
 * @resp:	the host's answer, parsed
 *
 * Context: process context; sleeps; nd->ctl_mutex held.
 * Return: 0; -ETIMEDOUT; -ENODEV (the channel closed under it); or the
 * send's error.
 */
int nvsc_nvsp_request(struct nvsc_dev *nd, struct nvsc_nvsp_msg *msg, struct nvsc_nvsp_msg *resp)
{
	struct nvsc_req *req;
	u64 id;
	int ret;

	if (!nd->chans[0].ch)
		return -ENODEV;
	req = kzalloc(sizeof(*req), GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	init_completion(&req->nvsp_done);
	ret = vmb_chan_send(nd->chans[0].ch, msg, NVSC_NVSP_MSG_SIZE, nvsc_ctl_cookie(req), &id);
	if (!ret)
		ret = nvsc_req_wait(nd, req, id);
	if (!ret) {
		*resp = req->nvsp_resp;
		if (!resp->type)
			ret = -ENODEV;
	}
	kfree(req);
	return ret;
}

/**
 * nvsc_nvsp_post() - send an NVSP message that has no answer
 * @nd:		the device
 * @msg:	the message
 *
 * Context: any.
 * Return: as vmb_chan_send().
 */
int nvsc_nvsp_post(struct nvsc_dev *nd, const struct nvsc_nvsp_msg *msg)
{
	if (!nd->chans[0].ch)
		return -ENODEV;
	return vmb_chan_send(nd->chans[0].ch, msg, NVSC_NVSP_MSG_SIZE, NULL, NULL);
}

static int nvsc_nvsp_version(struct nvsc_dev *nd)
{
	struct nvsc_nvsp_msg msg, resp;
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(nvsc_versions); i++) {
		u32 v = nvsc_versions[i];

		if (v > nvsc_max_nvsp)
			continue;
		memset(&msg, 0, sizeof(msg));
		msg.type = NVSC_NVSP_INIT;
		msg.init.min_ver = v;
		msg.init.max_ver = v;
		ret = nvsc_nvsp_request(nd, &msg, &resp);
		if (ret)
			return ret;
		if (resp.type != NVSC_NVSP_INIT_COMPLETE) {
			nvsc_err(nd, BAD_PACKET);
			netdev_err(nd->ndev, "host answered NVSP INIT with message type %u\n",
				   resp.type);
			return -EPROTO;
		}
		if (resp.init_complete.status == NVSC_NVSP_STAT_SUCCESS) {
			nd->nvsp_ver = v;
			return 0;
		}
	}
	netdev_err(nd->ndev, "host accepts no NVSP version up to %#x\n", nvsc_max_nvsp);
	return -EPROTONOSUPPORT;
}

static int nvsc_nvsp_ndis(struct nvsc_dev *nd)
{
	struct nvsc_nvsp_msg msg = {};
	int ret;

	if (nd->nvsp_ver >= NVSC_NVSP_V2) {
		msg.type = NVSC_NVSP2_SEND_NDIS_CONFIG;
		msg.ndis_config.mtu = nd->cfg.mtu + ETH_HLEN;
		msg.ndis_config.capability = NVSC_CAP_IEEE8021Q;
		ret = nvsc_nvsp_post(nd, &msg);
		if (ret)
			return ret;
	}
	/* NDIS 6.30 from NVSP 5 on, 6.1 before, as the host expects */
	nd->ndis_ver = nd->nvsp_ver >= NVSC_NVSP_V5 ? 0x0006001e : 0x00060001;
	memset(&msg, 0, sizeof(msg));
	msg.type = NVSC_NVSP1_SEND_NDIS_VER;
	msg.ndis_ver.major = nd->ndis_ver >> 16;
	msg.ndis_ver.minor = nd->ndis_ver & 0xffff;
	return nvsc_nvsp_post(nd, &msg);
}

/* Allocates @size bytes and hands them to the host as a GPADL. */
static int nvsc_buf_share(struct nvsc_dev *nd, u32 size, void **buf, struct vmb_gpadl *gpadl)
{
	int ret;

	*buf = vzalloc(size);
	if (!*buf)
		return -ENOMEM;
	ret = vmb_gpadl_create(nd->vdev->channel, *buf, size, gpadl);
	if (ret) {
		if (ret == -ETIMEDOUT)	/* the host may still map it */
			netdev_err(nd->ndev, "host did not answer a GPADL of %u bytes: leaked\n",
				   size);
		else
			vfree(*buf);
		*buf = NULL;
	}
	return ret;
}

static int nvsc_nvsp_recv_buf(struct nvsc_dev *nd)
{
	struct nvsc_chan *c = &nd->chans[0];
	struct nvsc_nvsp_msg msg = {}, resp;
	struct nvsc_recv_section sec;
	u64 *owed;
	int ret;

	ret = nvsc_buf_share(nd, nd->cfg.recv_buf, &nd->rbuf, &nd->rbuf_gpadl);
	if (ret)
		return ret;
	nd->rbuf_size = nd->cfg.recv_buf;
	msg.type = NVSC_NVSP1_SEND_RECV_BUF;
	msg.send_buf.gpadl_handle = nd->rbuf_gpadl.handle;
	msg.send_buf.id = NVSC_RECV_BUF_ID;
	ret = nvsc_nvsp_request(nd, &msg, &resp);
	if (ret)
		return ret;
	ret = nvsc_parse_recv_buf_complete(&resp, nd->rbuf_size, &sec);
	if (ret) {
		nvsc_err(nd, BAD_PACKET);
		netdev_err(nd->ndev, "host %s the receive buffer (status %u, %u sections)\n",
			   ret == -EIO ? "refused" : "described an unusable layout of",
			   resp.recv_buf_complete.status, resp.recv_buf_complete.num_sections);
		return -EIO;
	}
	/* one owed completion per sub-allocation: the most the host can have out */
	owed = kvmalloc_array(sec.nsub, sizeof(*owed), GFP_KERNEL);
	if (!owed)
		return -ENOMEM;
	/*
	 * The NAPI poll reads both, and runs already (it brought this
	 * answer): publish them while it is held off.
	 */
	napi_disable(&c->napi);
	nd->rsec = sec;
	swap(c->owed, owed);
	c->owed_size = sec.nsub;
	c->owed_count = 0;
	napi_enable(&c->napi);
	kvfree(owed);	/* an open before this knew the last layout */
	return 0;
}

static int nvsc_nvsp_send_buf(struct nvsc_dev *nd)
{
	struct nvsc_nvsp_msg msg = {}, resp;
	int ret;

	ret = nvsc_buf_share(nd, nd->cfg.send_buf, &nd->sbuf, &nd->sbuf_gpadl);
	if (ret)
		return ret;
	nd->sbuf_size = nd->cfg.send_buf;
	msg.type = NVSC_NVSP1_SEND_SEND_BUF;
	msg.send_buf.gpadl_handle = nd->sbuf_gpadl.handle;
	msg.send_buf.id = NVSC_SEND_BUF_ID;
	ret = nvsc_nvsp_request(nd, &msg, &resp);
	if (ret)
		return ret;
	ret = nvsc_parse_send_buf_complete(&resp, nd->sbuf_size, &nd->sec_size, &nd->nsec);
	if (ret) {
		nvsc_err(nd, BAD_PACKET);
		netdev_err(nd->ndev, "host %s the send buffer (status %u, section size %u)\n",
			   ret == -EIO ? "refused" : "gave an unusable section size for",
			   resp.send_buf_complete.status, resp.send_buf_complete.section_size);
		return -EIO;
	}
	nd->sec_map = bitmap_zalloc(nd->nsec, GFP_KERNEL);
	return nd->sec_map ? 0 : -ENOMEM;
}

/**
 * nvsc_nvsp_connect() - bring the NVSP session up on the open primary channel
 * @nd:		the device
 *
 * On failure the caller closes the channel and calls nvsc_nvsp_free_bufs().
 *
 * Context: process context; sleeps.
 * Return: 0 or a negative errno (logged).
 */
int nvsc_nvsp_connect(struct nvsc_dev *nd)
{
	int ret;

	mutex_lock(&nd->ctl_mutex);
	ret = nvsc_nvsp_version(nd);
	if (!ret)
		ret = nvsc_nvsp_ndis(nd);
	if (!ret)
		ret = nvsc_nvsp_recv_buf(nd);
	if (!ret)
		ret = nvsc_nvsp_send_buf(nd);
	mutex_unlock(&nd->ctl_mutex);
	return ret;
}

/**
 * nvsc_nvsp_revoke() - tell the host to stop using the buffers
 * @nd:		the device
 *
 * Context: process context; the channel still open.
 */
void nvsc_nvsp_revoke(struct nvsc_dev *nd)
{
	struct nvsc_nvsp_msg msg = {};

	if (nd->rbuf_gpadl.handle) {
		msg.type = NVSC_NVSP1_REVOKE_RECV_BUF;
		msg.revoke_buf.id = NVSC_RECV_BUF_ID;
		nvsc_nvsp_post(nd, &msg);
	}
	if (nd->sbuf_gpadl.handle) {
		memset(&msg, 0, sizeof(msg));
		msg.type = NVSC_NVSP1_REVOKE_SEND_BUF;
		msg.revoke_buf.id = NVSC_SEND_BUF_ID;
		nvsc_nvsp_post(nd, &msg);
	}
}

static void nvsc_buf_unshare(struct nvsc_dev *nd, void **buf, struct vmb_gpadl *gpadl)
{
	if (!*buf)
		return;
	/* the primary channel is closed by now: its slot no longer names it */
	if (vmb_gpadl_teardown(nd->vdev->channel, gpadl))
		netdev_err(nd->ndev, "host kept a buffer's GPADL: %u bytes leaked\n", gpadl->size);
	else
		vfree(*buf);
	*buf = NULL;
}

/**
 * nvsc_nvsp_free_bufs() - take the buffers back and free them
 * @nd:		the device
 *
 * Context: process context; the channel closed (no NAPI poll runs).
 */
void nvsc_nvsp_free_bufs(struct nvsc_dev *nd)
{
	nvsc_buf_unshare(nd, &nd->rbuf, &nd->rbuf_gpadl);
	nvsc_buf_unshare(nd, &nd->sbuf, &nd->sbuf_gpadl);
	bitmap_free(nd->sec_map);
	nd->sec_map = NULL;
	/* the next connection's host describes its own layout */
	memset(&nd->rsec, 0, sizeof(nd->rsec));
}
