/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hv_sim's NetVSP: the host side of Hyper-V's synthetic network adapter,
 * and the virtual switch that joins every simulated NIC.
 *
 * Files: dev_net.c (the device class: keys, open/close, debugfs),
 * net_nvsp.c (NVSP messages), net_tx.c (the guest's SEND_RNDIS_PKT),
 * net_rndis.c (RNDIS control messages), net_oid.c (the OIDs), net_rx.c
 * (the receive buffer and transfer-page packets to the guest), net_rss.c
 * (receive queue selection, the send indirection table), net_offload.c
 * (checksum and LSO offloads), net_pkt.c (the portable packet engine those
 * two use), net_switch.c (ports, MAC learning, forwarding), net_fault.c
 * (the net_ctl file: link and fault knobs, and the knobs' hooks).
 *
 * Contexts. Everything the guest sends is handled in the I/O work of the
 * channel it arrived on (ops->packet); what the host sends on its own goes
 * out from a channel's I/O work (ops->service), which others wake with
 * hvsim_vchan_kick(): received frames from the channel of the queue RSS
 * chose for them, RNDIS responses, indications and the send indirection
 * table from the primary. ops->open/close/create/destroy and the debugfs
 * files run under hvsim_vmbus.lock, with the channel's I/O work stopped for
 * open/close (the NIC's other channels' works may run meanwhile).
 *
 * Locks, outermost first:
 *   hvsim_vmbus.lock (mutex)	devices exist; open/close/destroy
 *   hvsim_netsw.lock (spinlock)	the switch's port list and MAC table (writers)
 *   hvsim_net.lock (spinlock)	one NIC's shared state (below)
 * The two spinlocks are never held together; forwarding takes only the
 * destination's hvsim_net.lock, under rcu_read_lock(). The xarray of
 * outstanding transfers has its own lock, never held with hvsim_net.lock.
 * Under hvsim_net.lock a channel's work may kick another channel's work
 * (queue_work()), never wait for one.
 *
 * What each piece of a NIC's state belongs to:
 *   - configuration (new_device keys): fixed after create;
 *   - "under lock" fields: read and written by any of the NIC's channel
 *     works, other NICs' works (forwarding), debugfs and open/close;
 *   - "primary only" fields: the primary channel's I/O work, and
 *     open/close while that work is stopped (debugfs reads them racily,
 *     with READ_ONCE, for display only);
 *   - counters: atomics.
 *
 * Lifetimes. A NIC's struct hvsim_net lives from create to destroy (its
 * device's life) and is on the switch's port list (RCU) all that time.
 * Forwarders reach other ports only inside rcu_read_lock() (port list, MAC
 * table) and only touch a port under its lock; destroy takes the port off
 * the list and out of the MAC table, then waits for a grace period before
 * freeing it, so no forwarder can still hold it. A port accepts frames only
 * while its primary channel is open and its guest's RNDIS is operational
 * with a packet filter, and its link is up; close clears that (under the
 * lock) before it purges the queues, so nothing is queued after the purge.
 * A kick goes to the channel recorded under the lock for a queue (the
 * primary for queue 0), which that channel's close clears, so no kick
 * reaches a channel being freed. Guest buffers (receive, send) are GPADL
 * references taken by the primary's I/O work and dropped at revoke or
 * close; every channel's work borrows them under the lock with a reference
 * of its own while it copies. The receive buffer's sub-allocations are
 * shared by all channels (bitmap under the lock); a transfer-page packet
 * is completed on the channel it went out on, and its sub-allocations are
 * free again then. Frames are refcounted: each queue a flooded frame sits
 * in holds one reference.
 */
#ifndef HVSIM_NET_HOST_H
#define HVSIM_NET_HOST_H

#include <linux/atomic.h>
#include <linux/if_ether.h>
#include <linux/list.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>
#include <linux/xarray.h>

#include "hvsim_net.h"
#include "net_pkt.h"
#include "vmbus_host.h"

#define HVSIM_NET_QUEUE_MAX	512	/* frames waiting per receive queue */
#define HVSIM_NET_CTL_MAX	64	/* RNDIS messages waiting for the guest */
#define HVSIM_NET_RX_BATCH	64	/* frames per transfer-page packet */
#define HVSIM_NET_RX_RANGES	128	/* ranges per transfer-page packet (RSC: several a frame) */
#define HVSIM_NET_RX_BUDGET	16	/* packets per service run */
#define HVSIM_NET_MCAST_MAX	32	/* OID_802_3_MULTICAST_LIST entries */
#define HVSIM_NET_SEND_SECTION	6144	/* send buffer section, as Hyper-V */
#define HVSIM_NET_RECV_SECTION	1728	/* receive sub-allocation, as Hyper-V */
/* room a sub-allocation leaves around a frame for the RNDIS headers */
#define HVSIM_NET_RECV_HEADROOM	(HVSIM_NET_RECV_SECTION - HVSIM_NET_FRAME_DEFAULT)
#define HVSIM_NET_FRAME_DEFAULT	1514	/* NDIS "MTU" is the frame size */
#define HVSIM_NET_MTU_MIN	1500
#define HVSIM_NET_MTU_MAX	9202	/* openvmm's (vmswitch's) 9216-byte frames */
#define HVSIM_NET_FRAME_MIN	ETH_HLEN
#define HVSIM_NET_TX_HDR_MAX	1024	/* RNDIS header and per-packet info */
/* a message in page buffers this long is gathered into a frame of its own (net_tx.c) */
#define HVSIM_NET_TX_OWN_MIN	2048
#define HVSIM_NET_LINK_SPEED	100000000u	/* 10 Gb/s in 100 b/s units */
#define HVSIM_NET_MAX_MDL_CHAIN	34	/* INIT_COMPLETE, as openvmm */
/* frames never take the last of these sub-allocations: RNDIS messages' (openvmm reserves 16) */
#define HVSIM_NET_RECV_CTL_RESERVE 16
/* an LSO send: up to 64 KiB of IP packet, its Ethernet header, and slack for headers */
#define HVSIM_NET_LSO_FRAME_MAX	(64 * 1024 + 256)
#define HVSIM_NET_RX_PPI_MAX	4	/* checksum, hash value, hash information, VLAN */
#define HVSIM_NET_OID_MAX	256	/* the largest QUERY answer (NDIS_OFFLOAD: 156) fits */

/* hvsim_net.ofl_lso */
#define HVSIM_NET_LSO4		0x1
#define HVSIM_NET_LSO6		0x2
/* hvsim_net.ofl_rsc */
#define HVSIM_NET_RSC4		0x1
#define HVSIM_NET_RSC6		0x2
#define HVSIM_NET_RSC_BIT(ipv)	((ipv) == 4 ? HVSIM_NET_RSC4 : HVSIM_NET_RSC6)

enum hvsim_net_rndis_state {
	HVSIM_NET_RNDIS_UNINIT,		/* no INITIALIZE yet (or channel reopened) */
	HVSIM_NET_RNDIS_OPERATIONAL,
	HVSIM_NET_RNDIS_HALTED,
};

enum hvsim_net_counter {
	HVSIM_NET_RX_FRAMES,		/* written to the guest's receive buffer */
	HVSIM_NET_RX_BYTES,
	HVSIM_NET_TX_FRAMES,		/* from the guest, into the switch */
	HVSIM_NET_TX_BYTES,
	HVSIM_NET_FLOODED,		/* of those, flooded to every port */
	HVSIM_NET_LEARNED,		/* MACs learned (or moved) on this port */
	HVSIM_NET_DROPPED_FILTER,	/* for it, refused by its packet filter */
	HVSIM_NET_DROPPED_QUEUE_FULL,	/* for it, its queue was full */
	HVSIM_NET_DROPPED_NO_BUFFER,	/* for it, it had no receive buffer */
	HVSIM_NET_DROPPED_MTU,		/* for it, longer than its frame size */
	HVSIM_NET_DROPPED_LINK,		/* sent or queued while its link was down */
	HVSIM_NET_RX_XFERS,		/* transfer-page packets sent */
	HVSIM_NET_CTL_SENT,		/* RNDIS responses and indications sent */
	HVSIM_NET_CTL_DROPPED,		/* ... lost: queue full, no buffer */
	HVSIM_NET_RX_HASHED,		/* received frames given an RSS hash */
	HVSIM_NET_RX_CSUM_OK,		/* ... whose checksums the host verified good */
	HVSIM_NET_RX_CSUM_BAD,		/* ... and found bad */
	HVSIM_NET_TX_CSUM,		/* sent frames whose checksums the host computed */
	HVSIM_NET_TX_LSO,		/* large sends the host segmented */
	HVSIM_NET_TX_LSO_SEGS,		/* ... into this many segments */
	HVSIM_NET_TX_RSC,		/* large sends given to a receiver as one (RSC) */
	HVSIM_NET_RX_RSC,		/* coalesced packets written to the guest */
	HVSIM_NET_RX_RSC_SEGS,		/* ... the segments they stand for */
	HVSIM_NET_RX_RSC_FRAGS,		/* ... the sub-allocations they took */
	HVSIM_NET_TX_VLAN,		/* frames sent with a VLAN tag */
	HVSIM_NET_RX_VLAN,		/* frames written to the guest with one */
	HVSIM_NET_SEND_TABLES,		/* send indirection tables sent */
	HVSIM_NET_BAD_NVSP,		/* malformed, unknown or out-of-order NVSP */
	HVSIM_NET_BAD_RNDIS,		/* malformed or out-of-state RNDIS */
	HVSIM_NET_BAD_TX,		/* SEND_RNDIS_PKT refused (failure status) */
	HVSIM_NET_BAD_TX_OFFLOAD,	/* ... for an offload request the frame contradicts */
	HVSIM_NET_BAD_COMPLETION,	/* completion of nothing the host sent */
	HVSIM_NET_RX_NACKED,		/* transfers the guest completed with failure */
	HVSIM_NET_UNSUPPORTED,		/* valid but not emulated (OIDs, messages) */
	HVSIM_NET_DROPPED_FAULT,	/* for it, dropped by the drop knob */
	HVSIM_NET_FAULTS_INJECTED,	/* faults the knobs made (delayed packets too) */
	HVSIM_NET_C_COUNT
};

/* the counted fault knobs of net_ctl (net_fault.c): events left to fault */
enum hvsim_net_fault {
	HVSIM_NET_F_DROP,		/* frames the switch would queue for the NIC */
	HVSIM_NET_F_BAD_RNDIS,		/* received frames' DataLength past their range */
	HVSIM_NET_F_BAD_XFER,		/* receive packets' first range past the buffer */
	HVSIM_NET_F_BAD_COMPLETION,	/* a completion of an unused ID first */
	HVSIM_NET_F_BIG_XFER,		/* receive packets of 1024 ranges */
	HVSIM_NET_F_BAD_RSC,		/* coalesced packets whose last message is not marked so */
	HVSIM_NET_F_COUNT
};

/*
 * A frame on its way through the switch; immutable once made. Frames are
 * untagged: a VLAN tag the sender gave as per-packet info stays beside the
 * frame (every port is a trunk of all VLANs) and goes to the receiver the
 * same way. A frame that is the only one of a guest's message in page
 * buffers is that message, gathered once (net_tx.c): @data points past its
 * RNDIS header, so the host copies it no more than a NIC would. A large send
 * coalesced for one receiver (RSC, hvsim_netsw_tx_coalesced()) says so:
 * its IP version, the segments it stands for and the receive checksum
 * information it goes with (its checksum fields are not computed).
 */
struct hvsim_net_frame {
	refcount_t ref;
	u32 len;
	u8 *data;			/* in @buf (at an offset in a guest's message) */
	u8 rsc_ipv;			/* 0: an ordinary frame */
	u16 rsc_segs;
	u16 rsc_csum;			/* HVSIM_PKT_RX_* */
	bool tagged;			/* a VLAN tag travels with it, out of band */
	u16 vlan_tci;			/* ... this one */
	u8 buf[];
};

/* an RNDIS message the host sends the guest (response, indication) */
struct hvsim_net_ctlmsg {
	struct list_head node;
	u32 len;
	u8 msg[];
};

/* a frame waiting for the guest, and what RSS found for it */
struct hvsim_net_qent {
	struct hvsim_net_frame *f;
	u32 hash;			/* RSS hash value, when @hash_info */
	u32 hash_info;			/* hash type | function; 0: not hashed */
};

/* a receive queue: frames for one channel (under hvsim_net.lock) */
struct hvsim_net_rxq {
	struct hvsim_net_qent *ring;	/* HVSIM_NET_QUEUE_MAX entries, from create */
	u32 head;			/* oldest */
	u32 len;			/* waiting */
	struct hvsim_vchan *chan;	/* its open channel, to kick; NULL: closed */
	atomic64_t frames;		/* frames written to the guest from it */
	u16 rsc_id;			/* the next coalesced packet's ID (its channel's work) */
};

/* a transfer-page packet the guest has not completed yet */
struct hvsim_net_xfer {
	u32 gen;			/* hvsim_net.recv_gen when sent */
	u16 queue;			/* the channel it went out on (sub_index) */
	u32 count;
	u32 sect[];			/* sub-allocations it holds */
};

/* one REMOTE_NDIS_PACKET_MSG of the guest's, checked (net_tx.c) */
struct hvsim_net_txpkt {
	u32 mlen;			/* the message's length */
	u8 *data;			/* its frame, in the channel's bounce buffer */
	u32 dlen;
	bool has_csum;			/* a TCPIP_CHKSUM per-packet info ... */
	bool has_lso;			/* a TCP_LARGESEND one ... */
	bool has_vlan;			/* an IEEE_8021Q one ... */
	u32 csum;			/* ... and their values */
	u32 lso;
	u32 vlan;
};

/* per channel (chan->priv), from open to close */
struct hvsim_net_chan {
	u8 *bounce;			/* the guest's RNDIS message, copied */
	u32 bounce_len;
	u8 ext[sizeof(struct hvsim_vmpkt_xfer_pages) +
	       HVSIM_NET_RX_RANGES * sizeof(struct hvsim_xfer_range)];
	u32 sect[HVSIM_NET_RX_RANGES];
};

/**
 * struct hvsim_net - one simulated NIC (hvsim_vdev.priv) and its switch port
 * @dev:	its device
 * @perm_mac:	permanent MAC (mac=, or 00:15:5d and three bytes of serial)
 * @mtu_max:	largest MTU the host accepts in NDIS_CONFIG (mtu_max=)
 * @mc_max:	multicast list entries the host takes and reports (mc_max=)
 * @rsc:	rsc=: the NIC offers receive segment coalescing
 * @link_init:	link= at creation
 * @keys:	keys given to new_device, for duplicates
 * @port:	on hvsim_netsw.ports from create to destroy
 * @registered:	it is on that list
 * @lock:	the "under lock" fields
 * @primary:	the open primary channel, to kick (under lock)
 * @link_up:	link state (under lock)
 * @guest_link_up: what the guest was last told (under lock)
 * @rndis:	RNDIS state (under lock)
 * @filter:	packet filter (under lock)
 * @mac:	current MAC, NetworkAddress may change it (under lock)
 * @mcast:	multicast list (under lock)
 * @nmcast:	its entries
 * @frame_max:	frame size agreed in NDIS_CONFIG (under lock)
 * @version:	negotiated NVSP version, 0 before INIT (under lock)
 * @nvsp_size:	size of the host's NVSP messages for @version (under lock)
 * @ready:	NVSP set up as openvmm requires before any RNDIS message:
 *		version, NDIS version, NDIS config (from V2), receive
 *		buffer (under lock)
 * @send_buf:	send buffer GPADL, referenced (under lock)
 * @send_id:	its ID
 * @send_sections: its sections
 * @send_size:	its bytes
 * @rxq:	receive queues, one per channel (index: sub_index)
 * @ctl:	RNDIS messages waiting for the guest (under lock)
 * @ctl_len:	their number
 * @recv_buf:	receive buffer GPADL, referenced (under lock; set and
 *		dropped by the primary's work)
 * @recv_id:	its ID, the transfer page set ID
 * @recv_size:	its bytes
 * @recv_sub:	sub-allocation size
 * @recv_sections: sub-allocations
 * @recv_free:	of them free
 * @recv_hint:	where the next search starts
 * @recv_map:	allocation bitmap
 * @recv_gen:	bumped when the buffer goes: older transfers free nothing
 * @recv_wait:	queues that found no free sub-allocation: kicked when one is
 *		freed (bit per queue)
 * @rss_enabled: RECEIVE_SCALE_PARAMETERS enabled RSS (under lock)
 * @rss_hash:	its hash information
 * @rss_key:	its key
 * @rss_table:	its indirection table, 128 entries
 * @ofl_tx:	checksum offloads enabled for sending, HVSIM_PKT_IP4... (under
 *		lock; READ_ONCE outside)
 * @ofl_rx:	... and for receiving
 * @ofl_lso:	LSOv2 enabled, HVSIM_NET_LSO4/6
 * @ofl_rsc:	receive segment coalescing enabled, HVSIM_NET_RSC4/6
 * @nchan_open:	the NIC's channels open, primary included (under lock)
 * @sub_granted: sub-channels the last SUBCHANNEL request granted (under lock)
 * @table_sent:	the send indirection table went out (or is pending) for
 *		that grant (under lock)
 * @table_pending: ... and waits for the primary's work (under lock)
 * @fault_left:	fault knobs: events each still faults, enum hvsim_net_fault
 *		(under lock; READ_ONCE outside, to skip the lock when 0)
 * @fault_delay_us: delay_us= (under lock; READ_ONCE outside)
 * @fault_refuse_oid: refuse_set=, 0 when disarmed (under lock; READ_ONCE
 *		outside)
 * @ndis_ver:	SEND_NDIS_VER seen (primary only)
 * @ndis_major:	its version
 * @ndis_minor: and minor
 * @ndis_config: SEND_NDIS_CONFIG seen (primary only)
 * @ndis_caps:	its capability bits
 * @xfers:	transfers the guest has not completed, by ID (its own lock)
 * @xfer_next:	for xa_alloc_cyclic() (under the xarray's lock)
 * @ofl_indicate: OID_TCP_OFFLOAD_PARAMETERS changed the offloads: indicate
 *		the new configuration after the SET's completion (primary only)
 * @cnt:	counters, enum hvsim_net_counter
 */
struct hvsim_net {
	struct hvsim_vdev *dev;
	u8 perm_mac[ETH_ALEN];
	u32 mtu_max;
	u32 mc_max;
	bool rsc;
	bool link_init;
	unsigned int keys;
	struct list_head port;
	bool registered;

	spinlock_t lock;
	struct hvsim_vchan *primary;
	bool link_up;
	bool guest_link_up;
	enum hvsim_net_rndis_state rndis;
	u32 filter;
	u8 mac[ETH_ALEN];
	u8 mcast[HVSIM_NET_MCAST_MAX][ETH_ALEN];
	u32 nmcast;
	u32 frame_max;
	u32 version;
	u32 nvsp_size;
	bool ready;
	struct hvsim_gpadl *send_buf;
	u16 send_id;
	u32 send_sections;
	u32 send_size;
	struct hvsim_net_rxq rxq[HVSIM_VMBUS_MAX_CHANNELS];
	struct list_head ctl;
	u32 ctl_len;
	struct hvsim_gpadl *recv_buf;
	u16 recv_id;
	u32 recv_size;
	u32 recv_sub;
	u32 recv_sections;
	u32 recv_free;
	u32 recv_hint;
	unsigned long *recv_map;
	u32 recv_gen;
	u32 recv_wait;
	bool rss_enabled;
	u32 rss_hash;
	u8 rss_key[HVSIM_NDIS_RSS_KEY_SIZE];
	u16 rss_table[HVSIM_NDIS_RSS_TABLE_MAX];
	u32 ofl_tx;
	u32 ofl_rx;
	u32 ofl_lso;
	u32 ofl_rsc;
	u32 nchan_open;
	u32 sub_granted;
	bool table_sent;
	bool table_pending;
	u32 fault_left[HVSIM_NET_F_COUNT];
	u32 fault_delay_us;
	u32 fault_refuse_oid;

	bool ndis_ver;
	u32 ndis_major;
	u32 ndis_minor;
	bool ndis_config;
	u32 ndis_caps;
	struct xarray xfers;
	u32 xfer_next;
	bool ofl_indicate;

	atomic64_t cnt[HVSIM_NET_C_COUNT];
};

#define hvsim_net_count(net, c)		atomic64_inc(&(net)->cnt[HVSIM_NET_##c])
#define hvsim_net_add(net, c, n)	atomic64_add((n), &(net)->cnt[HVSIM_NET_##c])

/* a hex digit's value, or -1 (hex_to_bin() moved header in 6.x: not worth a compat shim) */
static inline int hvsim_net_hex(unsigned int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* net_nvsp.c */
void hvsim_net_packet(struct hvsim_vchan *chan, const struct hvsim_vpkt *pkt);
void hvsim_net_nvsp_complete(struct hvsim_vchan *chan, const struct hvsim_vpkt *pkt,
			     const void *msg, u32 len);
void hvsim_net_nvsp_reset(struct hvsim_net *net);

/* net_tx.c */
void hvsim_net_rndis_pkt(struct hvsim_vchan *chan, const struct hvsim_vpkt *pkt,
			 const struct hvsim_nvsp_rndis_pkt *m);

/* net_rndis.c */
void hvsim_net_rndis_control(struct hvsim_net *net, const u8 *msg, u32 len);
void hvsim_net_link_indicate_locked(struct hvsim_net *net);
void hvsim_net_ctl_queue_locked(struct hvsim_net *net, struct hvsim_net_ctlmsg *m);

/* net_oid.c */
u32 hvsim_net_oid_query(struct hvsim_net *net, u32 oid, u8 *out, u32 *len);
u32 hvsim_net_oid_set(struct hvsim_net *net, u32 oid, const u8 *info, u32 len);

/* net_rx.c */
int hvsim_net_recv_buf_set(struct hvsim_net *net, struct hvsim_gpadl *g, u16 id);
void hvsim_net_recv_buf_drop(struct hvsim_net *net);
void hvsim_net_rx_completion(struct hvsim_net *net, struct hvsim_vchan *chan,
			     const struct hvsim_vpkt *pkt);
bool hvsim_net_service(struct hvsim_vchan *chan);
u32 hvsim_net_purge_locked(struct hvsim_net *net, bool ctl_too);
void hvsim_net_xfers_free(struct hvsim_net *net, int queue);
void hvsim_net_kick_locked(struct hvsim_net *net);

/* net_rss.c */
u32 hvsim_net_rss_pick_locked(struct hvsim_net *net, const struct hvsim_net_frame *f,
			      struct hvsim_net_qent *e);
void hvsim_net_rss_check_locked(struct hvsim_net *net);
u32 hvsim_net_rss_set(struct hvsim_net *net, const u8 *info, u32 len);
int hvsim_net_send_table(struct hvsim_net *net, struct hvsim_vchan *chan);
void hvsim_net_chan_open(struct hvsim_net *net, struct hvsim_vchan *chan);
void hvsim_net_chan_close(struct hvsim_net *net, struct hvsim_vchan *chan);

/* net_offload.c */
void hvsim_net_offload_reset_locked(struct hvsim_net *net);
void hvsim_net_offload_ndis(u32 tx, u32 rx, u32 lso, u32 rsc, struct hvsim_ndis_offload *o);
u32 hvsim_net_offload_set(struct hvsim_net *net, const u8 *info, u32 len);
int hvsim_net_offload_tx_prep(struct hvsim_net *net, struct hvsim_net_txpkt *t);
void hvsim_net_offload_lso_send(struct hvsim_net *net, const struct hvsim_net_txpkt *t,
				struct hvsim_net_frame *mf);
bool hvsim_net_offload_rx_csum(struct hvsim_net *net, const struct hvsim_net_frame *f,
			       u32 *value);

/* net_fault.c */
bool hvsim_net_fault_hit_locked(struct hvsim_net *net, enum hvsim_net_fault f);
bool hvsim_net_fault_hit(struct hvsim_net *net, enum hvsim_net_fault f);
void hvsim_net_fault_delay(struct hvsim_net *net, struct hvsim_vchan *chan);
void *hvsim_net_fault_xfer(struct hvsim_net *net, u32 buf_size, void *ext, u32 *ext_len);
void hvsim_net_fault_completion(struct hvsim_vchan *chan, const struct hvsim_vpkt *pkt,
				const void *msg, u32 len);
bool hvsim_net_fault_refuse_set(struct hvsim_net *net, u32 oid);
void hvsim_net_fault_show(struct seq_file *m, struct hvsim_net *net);

/* net_switch.c */
struct hvsim_net_frame *hvsim_net_frame_alloc(u32 len);
void hvsim_net_frame_tag(struct hvsim_net *net, struct hvsim_net_frame *f,
			 const struct hvsim_net_txpkt *t);
void hvsim_net_frame_put(struct hvsim_net_frame *f);
void hvsim_netsw_tx(struct hvsim_net *src, struct hvsim_net_frame *f);
bool hvsim_netsw_can_coalesce(struct hvsim_net *src, const u8 *dst, u8 ipv);
bool hvsim_netsw_tx_coalesced(struct hvsim_net *src, struct hvsim_net_frame *f);
int hvsim_netsw_add(struct hvsim_net *net);
void hvsim_netsw_del(struct hvsim_net *net);
void hvsim_netsw_forget(struct hvsim_net *net);
bool hvsim_netsw_mac_taken(const u8 *mac);

#endif /* HVSIM_NET_HOST_H */
