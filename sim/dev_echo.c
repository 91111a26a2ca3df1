// SPDX-License-Identifier: GPL-2.0
/*
 * The echo device: a sim-only VMBus device for testing the guest's bus
 * driver (channels, rings, GPA-direct packets, sub-channels) without any
 * real device protocol on top.
 *
 * The contract (shared with the guest's test driver; see sim/README.md):
 * class GUID 217bca27-db23-4665-997d-94fcd555cfac. Every payload starts
 * with {u32 op; u32 len; u64 seq} (little-endian). The host answers every
 * request with exactly one VM_PKT_COMP carrying the request's transaction ID
 * (also when the guest forgot to ask for a completion: the contract says
 * every request is answered).
 *   op 1 ECHO_INBAND	 in-band; payload = header + len bytes (then padding
 *			 to 8). Reply: the header and the len bytes, unchanged.
 *   op 2 ECHO_GPA	 GPA-direct packet; its ranges describe len bytes of
 *			 guest memory; the in-band payload is the header alone.
 *			 The host reads each byte through the PFNs, writes back
 *			 byte ^ 0x5A, and replies with the header, len = bytes
 *			 processed.
 *   op 3 ECHO_SUBCHANNELS in-band, the header alone; len = sub-channels
 *			 wanted. The host offers min(len, channels - 1) (those
 *			 that do not exist yet; the offers follow the reply)
 *			 and replies with len = that number.
 *   anything else (unknown op or packet type, payload length not what the
 *   op implies, ranges that do not add up to len or cannot be read): the
 *   header back with op = 0xffffffff (len = bytes processed for op 2).
 *
 * A malformed request is a guest bug the contract answers, so it does not
 * break the channel; it is counted as bad_packet.
 *
 * Context: all of it runs in the channel's I/O work.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>

#include "hvsim.h"
#include "vmbus_host.h"

#define HVSIM_ECHO_OP_INBAND		1
#define HVSIM_ECHO_OP_GPA		2
#define HVSIM_ECHO_OP_SUBCHANNELS	3
#define HVSIM_ECHO_OP_ERROR		0xffffffffu
#define HVSIM_ECHO_XOR			0x5a

struct hvsim_echo_hdr {
	u32 op;
	u32 len;
	u64 seq;
};

static void hvsim_echo_reply(struct hvsim_vchan *chan, const struct hvsim_vpkt *pkt,
			     const void *payload, u32 len)
{
	int ret = hvsim_vchan_send_comp(chan, pkt->trans_id, payload, len);

	if (ret)
		pr_warn_ratelimited("echo: relid %u: reply of %u bytes not sent (%d)\n",
				    chan->relid, len, ret);
}

static void hvsim_echo_error(struct hvsim_vchan *chan, const struct hvsim_vpkt *pkt,
			     struct hvsim_echo_hdr *h)
{
	hvsim_vbad(PACKET);
	h->op = HVSIM_ECHO_OP_ERROR;
	hvsim_echo_reply(chan, pkt, h, sizeof(*h));
}

/* The in-band payload is exactly the header and @len bytes, padded to 8. */
static bool hvsim_echo_len_ok(const struct hvsim_vpkt *pkt, u32 len)
{
	u64 need = sizeof(struct hvsim_echo_hdr) + (u64)len;

	return pkt->len >= need && pkt->len - need < 8;
}

/* hvsim_vpkt_ranges()' callback: XOR one piece of the guest's buffer, count it */
static int hvsim_echo_xor(void *ctx, void *va, u32 len)
{
	u32 *done = ctx;
	u8 *p = va;
	u32 i;

	for (i = 0; i < len; i++)
		p[i] ^= HVSIM_ECHO_XOR;
	*done += len;
	return 0;
}

static void hvsim_echo_gpa(struct hvsim_vchan *chan, const struct hvsim_vpkt *pkt,
			   struct hvsim_echo_hdr *h)
{
	u32 done = 0;
	u64 total;

	if (h->op != HVSIM_ECHO_OP_GPA || !hvsim_echo_len_ok(pkt, 0) ||
	    hvsim_vpkt_ranges(pkt, &total, NULL, NULL) || total != h->len) {
		hvsim_echo_error(chan, pkt, h);
		return;
	}
	if (hvsim_vpkt_ranges(pkt, &total, hvsim_echo_xor, &done)) {
		h->len = done;
		hvsim_echo_error(chan, pkt, h);
		return;
	}
	h->len = done;
	hvsim_echo_reply(chan, pkt, h, sizeof(*h));
}

static void hvsim_echo_inband(struct hvsim_vchan *chan, const struct hvsim_vpkt *pkt,
			      struct hvsim_echo_hdr *h)
{
	u32 n;

	switch (h->op) {
	case HVSIM_ECHO_OP_INBAND:
		if (!hvsim_echo_len_ok(pkt, h->len) ||
		    sizeof(*h) + (u64)h->len > hvsim_vchan_max_payload(chan))
			break;
		hvsim_echo_reply(chan, pkt, pkt->data, sizeof(*h) + h->len);
		return;
	case HVSIM_ECHO_OP_SUBCHANNELS:
		if (!hvsim_echo_len_ok(pkt, 0))
			break;
		n = min_t(u32, h->len, chan->dev->max_channels - 1);
		if (n && hvsim_vmbus_host_event(HVSIM_VEVENT_SUBCHANNELS, chan->dev->serial, n))
			n = 0;
		h->len = n;
		hvsim_echo_reply(chan, pkt, h, sizeof(*h));
		return;
	}
	hvsim_echo_error(chan, pkt, h);
}

static void hvsim_echo_packet(struct hvsim_vchan *chan, const struct hvsim_vpkt *pkt)
{
	struct hvsim_echo_hdr h = {};

	if (pkt->len < sizeof(h)) {
		hvsim_echo_error(chan, pkt, &h);
		return;
	}
	memcpy(&h, pkt->data, sizeof(h));
	switch (pkt->type) {
	case HVSIM_VMPKT_DATA_INBAND:
		hvsim_echo_inband(chan, pkt, &h);
		break;
	case HVSIM_VMPKT_DATA_GPA_DIRECT:
		hvsim_echo_gpa(chan, pkt, &h);
		break;
	default:
		hvsim_echo_error(chan, pkt, &h);
		break;
	}
}

const struct hvsim_vdev_ops hvsim_echo_ops = {
	.type = "echo",
	.class_id = GUID_INIT(0x217bca27, 0xdb23, 0x4665,
			      0x99, 0x7d, 0x94, 0xfc, 0xd5, 0x55, 0xcf, 0xac),
	.packet = hvsim_echo_packet,
};
