/* SPDX-License-Identifier: GPL-2.0 */
/*
 * netvsc.ko's internals: the synthetic NIC on vmbus.ko.
 *
 * Objects. One struct nvsc_dev per bound vmbus device, inside the
 * net_device's private area; one struct nvsc_chan per open channel (queue).
 * The receive buffer, the send buffer and the RNDIS state belong to the
 * device; rings, NAPI and the completions owed to the host to the channel.
 *
 * Contexts and locks:
 *   - Probe, remove, ndo_open/stop and the RNDIS control requests run in
 *     process context under RTNL or the device lock, one at a time
 *     (nd->ctl_mutex orders the control requests).
 *   - Each channel's NAPI poll (softirq, the channel's target CPU) is the
 *     only reader of its ring and the only user of chan->rx_* and
 *     chan->owed; it completes TX and control requests.
 *   - ndo_start_xmit runs under the TX queue's lock (one channel per
 *     queue); send sections are a bitmap with atomic bit operations, taken
 *     by xmit and given back by the NAPI poll of whichever channel the
 *     completion comes on.
 *   - nd->rndis_lock (spinlock, BH-safe) guards the list of RNDIS requests
 *     waiting for their answer, which the NAPI poll matches by request ID.
 *
 * Lifetimes: the buffers are allocated and handed to the host (GPADL) in
 * probe and taken back after the channel is closed, so no NAPI poll and no
 * host access can see them freed. A request the host never completes is
 * given back by vmbus.ko's on_cancel at close.
 */
#ifndef _NVSC_NETVSC_H
#define _NVSC_NETVSC_H

#include <linux/completion.h>
#include <linux/if_ether.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/spinlock.h>
#include <linux/u64_stats_sync.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "vmbus/vmbus.h"
#include "proto.h"
#include "parse.h"

#define NVSC_MAX_CHANNELS	16
#define NVSC_RX_PKT_MAX		8192	/* a transfer-page packet, ranges included */
#define NVSC_RNDIS_RESP_MAX	1024	/* the longest control answer we keep */
#define NVSC_CTL_TIMEOUT	(10 * HZ)
#define NVSC_MC_LIST_MAX	64	/* multicast addresses given to the host, at most */
#define NVSC_MAX_PB		(MAX_SKB_FRAGS * 2 + 20)	/* page buffers per frame */
/* stop a queue when its ring may not hold the largest packet we send */
#define NVSC_TX_STOP		(64 + NVSC_MAX_PB * 16 + NVSC_NVSP_MSG_SIZE)
#define NVSC_TX_WAKE		(2 * NVSC_TX_STOP)	/* and wake it above this */

/* per-queue counters; the 64-bit ones under u64_stats */
struct nvsc_qstats {
	struct u64_stats_sync syncp;
	u64_stats_t packets;
	u64_stats_t bytes;
	u64_stats_t coalesced;		/* rx: of the packets, RSC ones */
};

static inline void nvsc_qstats_read(struct nvsc_qstats *q, u64 *packets, u64 *bytes)
{
	unsigned int start;

	do {
		start = u64_stats_fetch_begin(&q->syncp);
		*packets = u64_stats_read(&q->packets);
		*bytes = u64_stats_read(&q->bytes);
	} while (u64_stats_fetch_retry(&q->syncp, start));
}

static inline u64 nvsc_qstats_coalesced(struct nvsc_qstats *q)
{
	unsigned int start;
	u64 v;

	do {
		start = u64_stats_fetch_begin(&q->syncp);
		v = u64_stats_read(&q->coalesced);
	} while (u64_stats_fetch_retry(&q->syncp, start));
	return v;
}

enum nvsc_rsc_state {
	NVSC_RSC_IDLE,			/* no run */
	NVSC_RSC_OPEN,			/* a run being put together in @skb */
	NVSC_RSC_SKIP,			/* a run dropped: its pieces are skipped */
};

/**
 * struct nvsc_rsc - a coalesced packet being put together (rsc.c; NAPI only)
 * @state:	enum nvsc_rsc_state
 * @skb:	the packet so far (OPEN)
 * @id:		the host's packet ID
 * @pieces:	messages so far
 * @csum:	the first piece's checksum info (NVSC_RXCSUM_*)
 * @hash:	its RSS hash (when @has_hash)
 * @has_hash:	it had one
 * @vlan_tci:	its VLAN tag (when @has_vlan)
 * @has_vlan:	it had one
 */
struct nvsc_rsc {
	enum nvsc_rsc_state state;
	struct sk_buff *skb;
	u16 id;
	u32 pieces;
	u32 csum;
	u32 hash;
	bool has_hash;
	u16 vlan_tci;
	bool has_vlan;
};

/**
 * struct nvsc_chan - one channel: a TX queue and a NAPI context
 * @nd:		the device
 * @ch:		the vmbus channel
 * @index:	queue number (0: the primary)
 * @stuck:	the host sent a packet larger than any the protocol has: the
 *		channel is not read any more (NAPI only)
 * @gone:	the host rescinded it: xmit no longer sends on it (set under
 *		the TX queue's lock)
 * @napi:	its poller
 * @rx_buf:	a packet copied out of the ring (NAPI only)
 * @rx_pkt:	what vmbus.ko said of it
 * @ctl_buf:	an RNDIS control message copied out of the receive buffer
 * @rx_pending:	@rx_buf holds a transfer-page packet not fully delivered:
 *		the budget ran out inside it (NAPI only)
 * @rx_next:	the next range of it to deliver
 * @owed:	transaction IDs of delivered transfer-page packets whose
 *		completion did not fit the ring yet, oldest first (NAPI only)
 * @owed_head:	first
 * @owed_count:	entries
 * @owed_size:	capacity: one per receive sub-allocation, the most the host
 *		can have outstanding
 * @rsc:	the coalesced packet being received (NAPI only)
 * @pb:		page buffers of the frame being sent (under the TX queue's lock)
 * @rx:		received frames
 * @tx:		sent frames
 */
struct nvsc_chan {
	struct nvsc_dev *nd;
	struct vmb_channel *ch;
	u16 index;
	bool stuck;
	bool gone;
	struct napi_struct napi;
	u8 *rx_buf;
	struct vmb_packet rx_pkt;
	u8 *ctl_buf;
	bool rx_pending;
	u32 rx_next;
	u64 *owed;
	u32 owed_head;
	u32 owed_count;
	u32 owed_size;
	struct nvsc_rsc rsc;
	struct vmb_page_buf pb[NVSC_MAX_PB];
	struct nvsc_qstats rx;
	struct nvsc_qstats tx;
};

/* errors, each counted once where it is found (ethtool -S later) */
enum nvsc_err {
	NVSC_ERR_BAD_PACKET,		/* a packet the protocol does not allow */
	NVSC_ERR_BAD_XFER,		/* transfer-page ranges outside the buffer */
	NVSC_ERR_BAD_RNDIS,		/* a malformed RNDIS message */
	NVSC_ERR_BAD_COMPLETION,	/* a completion for nothing we sent */
	NVSC_ERR_RX_NOMEM,		/* no skb for a received frame */
	NVSC_ERR_TX_NO_SECTION,		/* send buffer full: page buffers used */
	NVSC_ERR_TX_BUSY,		/* ring or request table full: queue stopped */
	NVSC_ERR_TX_DROP,		/* a frame we could not send */
	NVSC_ERR_TX_BAD_OFFLOAD,	/* a frame whose offload we cannot describe */
	NVSC_ERR_BAD_OFFLOAD_CAPS,	/* the host's offload capabilities malformed */
	NVSC_ERR_RSC_BROKEN,		/* a coalesced packet's pieces out of order */
	NVSC_ERR_COUNT
};

/**
 * struct nvsc_req - a control request waiting for the host
 * @node:	on nd->rndis_wait while its RNDIS answer is awaited
 * @rndis_id:	the RNDIS request ID (0: an NVSP-only request)
 * @nvsp_done:	the host's VMBus completion arrived (or was cancelled)
 * @nvsp_resp:	its NVSP message (zeroed: cancelled)
 * @rndis_done:	the RNDIS answer arrived
 * @resp:	the answer, copied (NVSC_RNDIS_RESP_MAX)
 * @resp_len:	its length
 * @msg:	the RNDIS message we send, one page
 */
struct nvsc_req {
	struct list_head node;
	u32 rndis_id;
	struct completion nvsp_done;
	struct nvsc_nvsp_msg nvsp_resp;
	struct completion rndis_done;
	u8 *resp;
	u32 resp_len;
	void *msg;
};

/**
 * struct nvsc_cfg - what the device is (re)built with
 * @recv_buf:	receive buffer bytes
 * @send_buf:	send buffer bytes
 * @ring:	bytes of each ring of each channel
 * @queues:	most queues
 * @mtu:	MTU announced in the NDIS configuration
 */
struct nvsc_cfg {
	u32 recv_buf;
	u32 send_buf;
	u32 ring;
	u32 queues;
	u32 mtu;
};

/**
 * struct nvsc_dev - one synthetic NIC
 * @ndev:	the net_device (this is its private area)
 * @vdev:	the vmbus device
 * @cfg:	the configuration in use (changed under RTNL by nvsc_reinit())
 * @host_queues: receive queues the host's RSS can feed (1 without RSS)
 * @ctl_mutex:	one control request at a time
 * @nvsp_ver:	negotiated NVSP version
 * @ndis_ver:	NDIS version we announced (major << 16 | minor)
 * @rbuf:	receive buffer (host writes, we read)
 * @rbuf_gpadl: its GPADL
 * @rbuf_size:	its bytes
 * @rsec:	the section the host described
 * @sbuf:	send buffer (we write, host reads)
 * @sbuf_gpadl:	its GPADL
 * @sec_size:	bytes per send section, as the host chose
 * @nsec:	send sections
 * @sec_map:	sections in use
 * @chans:	the channels; @nchans open
 * @nchans:	open channels
 * @rndis_lock:	guards @rndis_wait and @rndis_next
 * @rndis_wait:	control requests waiting for their answer
 * @rndis_next: next RNDIS request ID
 * @sub_lock:	guards @sub_accept, @sub_open and opening sub-channels
 * @sub_accept:	sub-channel offers are opened (vrss.c)
 * @sub_open:	bit n: channel n (n >= 1) is open
 * @sub_wq:	woken when a sub-channel opened
 * @rss_key:	the Toeplitz key given to the host
 * @rss_table:	the indirection table given to the host (queue numbers)
 * @ofl:	the host's task offloads (offload.c), from the last attach
 * @tx_csum:	checksums xmit may ask the host for (NVSC_OFL_*; READ_ONCE)
 * @max_frame:	the host's OID_GEN_MAXIMUM_FRAME_SIZE
 * @mc_max:	multicast addresses the host's list takes (0: no list)
 * @mc_sent:	addresses in the list the host has (-1: none sent, or unknown)
 * @mc_list:	that list (addr.c; RTNL)
 * @filter:	packet filter set
 * @rx_mode_work: applies the packet filter (ndo_set_rx_mode is atomic)
 * @errs:	error counters (enum nvsc_err)
 */
struct nvsc_dev {
	struct net_device *ndev;
	struct vmb_device *vdev;
	struct nvsc_cfg cfg;
	u32 host_queues;
	struct mutex ctl_mutex;
	u32 nvsp_ver;
	u32 ndis_ver;
	void *rbuf;
	struct vmb_gpadl rbuf_gpadl;
	u32 rbuf_size;
	struct nvsc_recv_section rsec;
	void *sbuf;
	struct vmb_gpadl sbuf_gpadl;
	u32 sbuf_size;
	u32 sec_size;
	u32 nsec;
	unsigned long *sec_map;
	struct nvsc_chan chans[NVSC_MAX_CHANNELS];
	u32 nchans;
	spinlock_t rndis_lock;
	struct list_head rndis_wait;
	u32 rndis_next;
	struct mutex sub_lock;
	bool sub_accept;
	unsigned long sub_open;
	wait_queue_head_t sub_wq;
	u8 rss_key[NVSC_RSS_KEY_SIZE];
	u32 rss_table[NVSC_RSS_TABLE_ENTRIES];
	struct nvsc_offload_caps ofl;
	u32 tx_csum;
	u32 max_frame;
	u32 mc_max;
	int mc_sent;
	u8 mc_list[NVSC_MC_LIST_MAX * ETH_ALEN];
	u32 filter;
	bool opened;
	struct work_struct rx_mode_work;
	atomic64_t errs[NVSC_ERR_COUNT];
};

/* a host misbehaving can say it at every packet: bounded by net_ratelimit() */
#define nvsc_warn_rl(ndev, fmt, ...)				\
	do {							\
		if (net_ratelimit())				\
			netdev_warn(ndev, fmt, ##__VA_ARGS__);	\
	} while (0)

#define nvsc_err(nd, e)	atomic64_inc(&(nd)->errs[NVSC_ERR_##e])

/* control cookies carry bit 0; TX cookies are skbs */
#define NVSC_CTL_TAG		1UL
static inline void *nvsc_ctl_cookie(struct nvsc_req *req)
{
	return (void *)((unsigned long)req | NVSC_CTL_TAG);
}

static inline struct nvsc_req *nvsc_cookie_req(void *cookie)
{
	unsigned long v = (unsigned long)cookie;

	return v & NVSC_CTL_TAG ? (struct nvsc_req *)(v & ~NVSC_CTL_TAG) : NULL;
}

/* module parameters (main.c) */
extern unsigned int nvsc_max_nvsp;
extern unsigned int nvsc_recv_buf_size;
extern unsigned int nvsc_send_buf_size;
extern unsigned int nvsc_ring_size;
extern unsigned int nvsc_max_queues;

/* main.c */
int nvsc_chan_open(struct nvsc_dev *nd, struct nvsc_chan *c, struct vmb_channel *ch);
void nvsc_chan_close(struct nvsc_chan *c);

/* addr.c */
int nvsc_set_mac_address(struct net_device *ndev, void *p);
void nvsc_addr_setup(struct nvsc_dev *nd, bool first);
int nvsc_rx_mode_apply(struct nvsc_dev *nd);

/* device.c */
int nvsc_attach(struct nvsc_dev *nd, bool first);
void nvsc_detach(struct nvsc_dev *nd);
int nvsc_reinit(struct nvsc_dev *nd, const struct nvsc_cfg *cfg);

/* nvsp.c */
int nvsc_nvsp_connect(struct nvsc_dev *nd);
void nvsc_nvsp_revoke(struct nvsc_dev *nd);
void nvsc_nvsp_free_bufs(struct nvsc_dev *nd);
int nvsc_nvsp_request(struct nvsc_dev *nd, struct nvsc_nvsp_msg *msg, struct nvsc_nvsp_msg *resp);
int nvsc_nvsp_post(struct nvsc_dev *nd, const struct nvsc_nvsp_msg *msg);
void nvsc_ctl_completed(struct nvsc_dev *nd, struct nvsc_req *req, const void *data, u32 len);

/* rndis.c */
int nvsc_rndis_init(struct nvsc_dev *nd);
int nvsc_rndis_query(struct nvsc_dev *nd, u32 oid, void *buf, u32 *len);
int nvsc_rndis_query_in(struct nvsc_dev *nd, u32 oid, const void *in, u32 in_len,
			void *buf, u32 *len);
int nvsc_rndis_set(struct nvsc_dev *nd, u32 oid, const void *buf, u32 len);
int nvsc_rndis_set_filter(struct nvsc_dev *nd, u32 filter);
void nvsc_rndis_halt(struct nvsc_dev *nd);
void nvsc_rndis_control(struct nvsc_chan *c, const u8 *msg, u32 len);

/* offload.c */
int nvsc_offload_setup(struct nvsc_dev *nd, bool first);
int nvsc_offload_set_features(struct net_device *ndev, netdev_features_t features);
netdev_features_t nvsc_offload_fix_features(struct net_device *ndev, netdev_features_t features);

/* vrss.c */
void nvsc_vrss_init(struct nvsc_dev *nd);
void nvsc_vrss_setup(struct nvsc_dev *nd);
void nvsc_vrss_close(struct nvsc_dev *nd);
int nvsc_rss_set(struct nvsc_dev *nd);

/* rsc.c */
void nvsc_rsc_piece(struct nvsc_chan *c, const u8 *data, const struct nvsc_rx_info *info);
void nvsc_rsc_end(struct nvsc_chan *c, const char *why);
void nvsc_rsc_abort(struct nvsc_chan *c);

/* rx.c */
int nvsc_poll(struct napi_struct *napi, int budget);
void nvsc_on_event(struct vmb_channel *ch, void *ctx);
void nvsc_on_cancel(struct vmb_channel *ch, void *ctx, void *req);

/* ethtool.c */
extern const struct ethtool_ops nvsc_ethtool_ops;

/* tx.c */
netdev_tx_t nvsc_start_xmit(struct sk_buff *skb, struct net_device *ndev);
void nvsc_tx_done(struct nvsc_chan *c, struct sk_buff *skb, bool ok);

#endif /* _NVSC_NETVSC_H */
