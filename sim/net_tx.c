// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's SEND_RNDIS_PKT: an RNDIS message, data (frames) or control.
 *
 * Where the message is: in a section of the send buffer (index below the
 * number of sections, size at most a section), followed by the packet's
 * GPA-direct page ranges if it has any (a guest batching frames in a
 * section puts the last frame's RNDIS header there and its data in pages),
 * or in the page ranges alone (index 0xffffffff). It is copied, through the
 * send buffer's mapping or the pages' PFNs (never through guest pointers),
 * into the channel's bounce buffer before anything in it is looked at; one
 * in page buffers of HVSIM_NET_TX_OWN_MIN bytes or more into a frame of
 * its own instead, which, when it holds one frame, is switched as it is:
 * the only copy the host makes of a large frame until the receiver's
 * buffer.
 *
 * A data message is one or more REMOTE_NDIS_PACKET_MSGs back to back, each
 * as long as its MessageLength (which includes the padding to the
 * alignment INITIALIZE_CMPLT asked for). Each is checked strictly: no
 * out-of-band data or VC handle (openvmm refuses them), data inside the
 * message after the fixed header, 14 to frame-size bytes (up to 64 KiB for
 * a large send), per-packet info inside the message and its elements
 * walking it exactly, at most one checksum, one LSO and one IEEE_8021Q
 * element, each with its 4 bytes (others are ignored). The VLAN tag goes
 * with the frame out of band (hvsim_net_frame_tag()). The offload requests
 * are checked against the frames and the checksums computed
 * (net_offload.c). All are checked before any frame is forwarded, so the
 * request succeeds or fails as a whole, as on openvmm. Control messages go
 * to net_rndis.c, on the primary channel only.
 *
 * Every request is completed (VM_PKT_COMP, SEND_RNDIS_PKT_COMPLETE) with
 * success, or failure for one the host refuses (counted, bad_tx), once the
 * frames are in the switch: the guest may reuse its buffers then. For a
 * control message the completion goes before the response, as openvmm's.
 *
 * Context: the I/O work of the channel it came on.
 */
#include <linux/etherdevice.h>
#include <linux/mm.h>
#include <linux/string.h>

#include "hvsim.h"
#include "net_host.h"

struct hvsim_net_gather_ctx {
	u8 *dst;
	u32 room;
	u32 got;
};

/* hvsim_vpkt_ranges()' callback: one piece of the message into the bounce buffer */
static int hvsim_net_gather_piece(void *ctx, void *va, u32 len)
{
	struct hvsim_net_gather_ctx *g = ctx;

	if (len > g->room - g->got)
		return -EMSGSIZE;
	memcpy(g->dst + g->got, va, len);
	g->got += len;
	return 0;
}

/*
 * Where the message goes: the channel's bounce buffer, or, for one in page
 * buffers of HVSIM_NET_TX_OWN_MIN bytes or more (a large frame, what a
 * guest sends so), a frame of its own (*@mf), which can then go through
 * the switch without another copy. Return: the buffer.
 */
static u8 *hvsim_net_msg_buf(struct hvsim_net_chan *nc, const struct hvsim_vpkt *pkt,
			     const struct hvsim_nvsp_rndis_pkt *m, struct hvsim_net_frame **mf)
{
	u64 total;
	u32 sect = m->section_index != HVSIM_NVSP_NO_SECTION ? m->section_size : 0;

	*mf = NULL;
	if (pkt->type != HVSIM_VMPKT_DATA_GPA_DIRECT || hvsim_vpkt_ranges(pkt, &total, NULL, NULL))
		return nc->bounce;
	total += sect;
	if (total < HVSIM_NET_TX_OWN_MIN || total > nc->bounce_len)
		return nc->bounce;
	/* no memory for it: the bounce buffer and a copy later do */
	*mf = hvsim_net_frame_alloc(total);
	return *mf ? (*mf)->buf : nc->bounce;
}

/* The whole RNDIS message into @dst (@room bytes); its length in *@len. */
static int hvsim_net_gather(struct hvsim_net *net, u8 *dst, u32 room,
			    const struct hvsim_vpkt *pkt, const struct hvsim_nvsp_rndis_pkt *m,
			    u32 *len)
{
	struct hvsim_gpadl *g = NULL;
	u32 off = 0;
	int ret;

	if (m->section_index != HVSIM_NVSP_NO_SECTION) {
		/* a reference of our own: the primary may revoke it meanwhile */
		spin_lock(&net->lock);
		if (net->send_buf && m->section_index < net->send_sections) {
			g = net->send_buf;
			kref_get(&g->ref);
		}
		spin_unlock(&net->lock);
		if (!g || !m->section_size || m->section_size > HVSIM_NET_SEND_SECTION ||
		    m->section_size > room) {
			hvsim_gpadl_put(g);
			return -EINVAL;
		}
		memcpy(dst, g->va + (size_t)m->section_index * HVSIM_NET_SEND_SECTION,
		       m->section_size);
		off = m->section_size;
		hvsim_gpadl_put(g);
	}
	if (pkt->type == HVSIM_VMPKT_DATA_GPA_DIRECT) {
		struct hvsim_net_gather_ctx gc = {
			.dst = dst + off, .room = room - off,
		};
		u64 total;

		ret = hvsim_vpkt_ranges(pkt, &total, hvsim_net_gather_piece, &gc);
		if (ret)
			return ret;
		off += gc.got;
	}
	*len = off;
	return off >= sizeof(struct hvsim_rndis_hdr) ? 0 : -EINVAL;
}

/*
 * Per-packet info: elements that walk the area exactly; the offload ones
 * (at most one of each kind, with their 4 bytes) into @t.
 */
static bool hvsim_net_ppi_parse(const u8 *ppi, u32 len, struct hvsim_net_txpkt *t)
{
	struct hvsim_rndis_ppi e;
	u32 v;

	while (len) {
		if (len < sizeof(e))
			return false;
		memcpy(&e, ppi, sizeof(e));
		if (e.size < sizeof(e) || e.size > len || e.offset > e.size)
			return false;
		if (e.type == HVSIM_PPI_CSUM || e.type == HVSIM_PPI_LSO || e.type == HVSIM_PPI_VLAN) {
			if (e.offset < sizeof(e) || e.size - e.offset < sizeof(v))
				return false;
			memcpy(&v, ppi + e.offset, sizeof(v));
			if (e.type == HVSIM_PPI_CSUM) {
				if (t->has_csum)
					return false;
				t->has_csum = true;
				t->csum = v;
			} else if (e.type == HVSIM_PPI_LSO) {
				if (t->has_lso)
					return false;
				t->has_lso = true;
				t->lso = v;
			} else {
				if (t->has_vlan)
					return false;
				t->has_vlan = true;
				t->vlan = v;
			}
		}
		ppi += e.size;
		len -= e.size;
	}
	return true;
}

/*
 * Check the REMOTE_NDIS_PACKET_MSG at @msg (@len bytes left in the
 * request) into @t: its length, its frame, its offload requests.
 */
static int hvsim_net_tx_check(u8 *msg, u32 len, u32 frame_max, struct hvsim_net_txpkt *t)
{
	struct hvsim_rndis_packet p;
	struct hvsim_rndis_hdr h;
	u8 *body = msg + sizeof(h);
	u32 blen;

	memset(t, 0, sizeof(*t));
	if (len < sizeof(h) + sizeof(p))
		return -EINVAL;
	memcpy(&h, msg, sizeof(h));
	if (h.type != HVSIM_RNDIS_PACKET_MSG || h.len < sizeof(h) + sizeof(p) || h.len > len)
		return -EINVAL;
	blen = h.len - sizeof(h);
	memcpy(&p, body, sizeof(p));
	if (p.oob_offset || p.oob_len || p.oob_count || p.vc_handle)
		return -EINVAL;
	if (p.data_offset < sizeof(p) || p.data_offset > blen || p.data_len > blen - p.data_offset)
		return -EINVAL;
	if (p.ppi_len && (p.ppi_offset < sizeof(p) || p.ppi_offset > blen ||
			  p.ppi_len > blen - p.ppi_offset ||
			  !hvsim_net_ppi_parse(body + p.ppi_offset, p.ppi_len, t)))
		return -EINVAL;
	if (p.data_len < HVSIM_NET_FRAME_MIN ||
	    p.data_len > (t->has_lso ? HVSIM_NET_LSO_FRAME_MAX : frame_max))
		return -EMSGSIZE;
	t->mlen = h.len;
	t->data = body + p.data_offset;
	t->dlen = p.data_len;
	return 0;
}

/*
 * The frames of a data message: all checked, then all forwarded. @mf: the
 * frame @msg is in, or NULL (the bounce buffer); its one frame, if it has
 * one only, goes as @mf itself (the caller's reference stays the caller's).
 */
static bool hvsim_net_tx_data(struct hvsim_net *net, struct hvsim_vchan *chan, u8 *msg,
			      u32 len, struct hvsim_net_frame *mf)
{
	enum hvsim_net_rndis_state st;
	struct hvsim_net_txpkt t;
	struct hvsim_net_frame *f;
	u32 pos, frame_max;
	int ret;

	spin_lock(&net->lock);
	st = net->rndis;
	frame_max = net->frame_max;
	spin_unlock(&net->lock);
	if (st != HVSIM_NET_RNDIS_OPERATIONAL) {
		pr_warn_ratelimited("net: relid %u: frame sent while RNDIS is not operational\n",
				    chan->relid);
		return false;
	}
	for (pos = 0; pos < len; pos += t.mlen) {
		ret = hvsim_net_tx_check(msg + pos, len - pos, frame_max, &t);
		if (ret) {
			pr_warn_ratelimited("net: relid %u: bad RNDIS packet at %u of %u (%d)\n",
					    chan->relid, pos, len, ret);
			return false;
		}
		/* checksums go into the host's copy now; a failure fails all */
		if (hvsim_net_offload_tx_prep(net, &t))
			return false;
	}
	for (pos = 0; pos < len; pos += t.mlen) {
		/*
		 * Checked above; but a guest may have laid a frame over its own
		 * per-packet info, which the checksums just written then changed
		 */
		if (hvsim_net_tx_check(msg + pos, len - pos, frame_max, &t))
			break;
		/* the message is this frame alone: it goes as it is */
		if (pos || t.mlen != len)
			mf = NULL;
		if (t.has_lso) {
			hvsim_net_offload_lso_send(net, &t, mf);
			continue;
		}
		if (mf) {
			f = mf;
			refcount_inc(&f->ref);
			f->data = t.data;
			f->len = t.dlen;
		} else {
			f = hvsim_net_frame_alloc(t.dlen);
			if (!f) {
				hvsim_net_count(net, DROPPED_NO_BUFFER);
				continue;
			}
			memcpy(f->data, t.data, t.dlen);
		}
		hvsim_net_frame_tag(net, f, &t);
		if (t.has_csum && (t.csum & (HVSIM_CSUM_TX_TCP | HVSIM_CSUM_TX_UDP |
					     HVSIM_CSUM_TX_IP)))
			hvsim_net_count(net, TX_CSUM);
		hvsim_netsw_tx(net, f);
	}
	return true;
}

/**
 * hvsim_net_rndis_pkt() - SEND_RNDIS_PKT from the guest
 * @chan:	the channel it came on
 * @pkt:	the packet (in-band, or GPA-direct with the message's pages)
 * @m:		its NVSP message
 *
 * Context: @chan's I/O work.
 */
void hvsim_net_rndis_pkt(struct hvsim_vchan *chan, const struct hvsim_vpkt *pkt,
			 const struct hvsim_nvsp_rndis_pkt *m)
{
	struct hvsim_nvsp_rndis_pkt_complete c = {
		.type = HVSIM_NVSP_SEND_RNDIS_PKT_COMPLETE,
		.status = HVSIM_NVSP_STATUS_FAILURE,
	};
	struct hvsim_net *net = chan->dev->priv;
	struct hvsim_net_chan *nc = chan->priv;
	struct hvsim_net_frame *mf = NULL;
	struct hvsim_rndis_hdr h;
	bool ready, ok = false;
	u8 *msg;
	u32 len;

	/* openvmm refuses one without a transaction ID to complete */
	if (!(pkt->flags & HVSIM_VMPKT_FLAG_COMPLETION_REQUESTED))
		hvsim_net_count(net, BAD_NVSP);
	spin_lock(&net->lock);
	ready = net->ready;
	spin_unlock(&net->lock);
	if (!ready) {
		pr_warn_ratelimited("net: relid %u: RNDIS message before NVSP set-up\n",
				    chan->relid);
		goto complete;
	}
	msg = hvsim_net_msg_buf(nc, pkt, m, &mf);
	if (hvsim_net_gather(net, msg, mf ? mf->len : nc->bounce_len, pkt, m, &len)) {
		pr_warn_ratelimited("net: relid %u: RNDIS message in no valid section or pages\n",
				    chan->relid);
		goto complete;
	}
	memcpy(&h, msg, sizeof(h));
	if (h.type == HVSIM_RNDIS_PACKET_MSG) {
		ok = hvsim_net_tx_data(net, chan, msg, len, mf);
	} else if (chan->sub_index || h.len < sizeof(h) || h.len > len) {
		hvsim_net_count(net, BAD_RNDIS);
		pr_warn_ratelimited("net: relid %u: RNDIS control message %#x refused\n",
				    chan->relid, h.type);
	} else {
		/* the completion goes first, the response when the buffer has room */
		c.status = HVSIM_NVSP_STATUS_SUCCESS;
		hvsim_net_fault_completion(chan, pkt, &c, sizeof(c));
		hvsim_net_nvsp_complete(chan, pkt, &c, sizeof(c));
		hvsim_net_rndis_control(net, msg, h.len);
		hvsim_net_frame_put(mf);
		return;
	}
complete:
	if (ok)
		c.status = HVSIM_NVSP_STATUS_SUCCESS;
	else
		hvsim_net_count(net, BAD_TX);
	/* the bad_completion knob (net_fault.c) sends one of an unused ID first */
	hvsim_net_fault_completion(chan, pkt, &c, sizeof(c));
	hvsim_net_nvsp_complete(chan, pkt, &c, sizeof(c));
	hvsim_net_frame_put(mf);
}
