// SPDX-License-Identifier: GPL-2.0
/*
 * The virtual switch joining every simulated NIC: each NIC is a port.
 *
 * Forwarding (hvsim_netsw_tx(), in the I/O work of the channel the guest
 * sent the frame on): the source MAC is learned on the sending port (an
 * entry moves when the MAC shows up on another port); a unicast frame whose
 * destination was learned goes to that port only (nowhere if that is the
 * sender); broadcast, multicast and unknown unicast are flooded to every
 * other port whose link is up. Each destination decides with its packet
 * filter (directed, multicast list, all-multicast, broadcast, promiscuous)
 * whether it takes the frame; a port whose guest has not initialized RNDIS
 * and set a filter, has halted it, or has no open primary channel takes
 * nothing. Accepted frames wait on one of the port's receive queues, the
 * one RSS picks (net_rss.c; bounded: beyond it they are dropped and
 * counted), until that queue's channel's I/O work writes them into the
 * guest's receive buffer.
 *
 * Lifetimes (the rule): a forwarder reaches ports only inside
 * rcu_read_lock(), through the port list or the MAC table, and touches a
 * port's state and queue only under that port's lock. A port leaves the
 * list and the MAC table under hvsim_netsw.lock and is freed only after a
 * grace period (hvsim_netsw_del()), so no forwarder can hold it then. MAC
 * entries are likewise freed only after a grace period. A port that closes
 * (but stays) stops accepting under its lock before its queue is purged.
 *
 * Frames are refcounted and never changed after they are made: flooding
 * queues the same frame on every port that takes it.
 *
 * Locking: hvsim_netsw.lock (spinlock, process context) serialises writers
 * of the port list and the MAC table; it is never held with a port's lock.
 */
#include <linux/etherdevice.h>
#include <linux/hash.h>
#include <linux/rculist.h>
#include <linux/slab.h>

#include "net_host.h"

#define HVSIM_NETSW_HASH_BITS	8
#define HVSIM_NETSW_MACS_MAX	4096	/* guests must not make the host allocate without bound */

struct hvsim_netsw_mac {
	struct hlist_node node;		/* in its bucket (RCU) */
	struct list_head gc;		/* being freed after a grace period */
	u8 mac[ETH_ALEN];
	struct hvsim_net *port;		/* written under the lock, read under RCU */
};

static struct {
	spinlock_t lock;
	struct list_head ports;
	struct hlist_head macs[1 << HVSIM_NETSW_HASH_BITS];
	unsigned int nmacs;
} hvsim_netsw = {
	.lock = __SPIN_LOCK_UNLOCKED(hvsim_netsw.lock),
	.ports = LIST_HEAD_INIT(hvsim_netsw.ports),
};

/**
 * hvsim_net_frame_alloc() - a frame of @len bytes, one reference
 * @len:	its length
 *
 * Context: process context (may sleep).
 * Return: the frame (data uninitialised), or NULL.
 */
struct hvsim_net_frame *hvsim_net_frame_alloc(u32 len)
{
	struct hvsim_net_frame *f;

	f = kmalloc(struct_size(f, buf, len), GFP_KERNEL | __GFP_NOWARN);
	if (!f)
		return NULL;
	refcount_set(&f->ref, 1);
	f->len = len;
	f->data = f->buf;
	f->rsc_ipv = 0;
	f->rsc_segs = 0;
	f->rsc_csum = 0;
	f->tagged = false;
	f->vlan_tci = 0;
	return f;
}

/**
 * hvsim_net_frame_tag() - give a new frame the VLAN tag its sender asked for
 * @net:	the sending NIC
 * @f:		the frame, not switched yet
 * @t:		the guest's message it came from
 *
 * Context: the sending channel's I/O work.
 */
void hvsim_net_frame_tag(struct hvsim_net *net, struct hvsim_net_frame *f,
			 const struct hvsim_net_txpkt *t)
{
	if (!t->has_vlan)
		return;
	f->tagged = true;
	f->vlan_tci = hvsim_vlan_tci(t->vlan);
	hvsim_net_count(net, TX_VLAN);
}

/**
 * hvsim_net_frame_put() - drop a reference to a frame
 * @f:		the frame, or NULL
 *
 * Context: any; never sleeps.
 */
void hvsim_net_frame_put(struct hvsim_net_frame *f)
{
	if (f && refcount_dec_and_test(&f->ref))
		kfree(f);
}

static struct hlist_head *hvsim_netsw_bucket(const u8 *mac)
{
	return &hvsim_netsw.macs[hash_64(ether_addr_to_u64(mac), HVSIM_NETSW_HASH_BITS)];
}

/* Context: rcu_read_lock() held (hvsim_netsw.lock too, for a stable answer). */
static struct hvsim_netsw_mac *hvsim_netsw_find(const u8 *mac)
{
	struct hvsim_netsw_mac *e;

	hlist_for_each_entry_rcu(e, hvsim_netsw_bucket(mac), node)
		if (ether_addr_equal(e->mac, mac))
			return e;
	return NULL;
}

/* @mac was seen as a source on @src. Context: rcu_read_lock() held. */
static void hvsim_netsw_learn(struct hvsim_net *src, const u8 *mac)
{
	struct hvsim_netsw_mac *e = hvsim_netsw_find(mac);

	if (e && READ_ONCE(e->port) == src)
		return;
	spin_lock(&hvsim_netsw.lock);
	/* another port's work may have learned it since the lookup */
	e = hvsim_netsw_find(mac);
	if (e) {
		if (e->port != src) {
			WRITE_ONCE(e->port, src);
			hvsim_net_count(src, LEARNED);
		}
	} else if (hvsim_netsw.nmacs < HVSIM_NETSW_MACS_MAX) {
		e = kmalloc(sizeof(*e), GFP_ATOMIC);
		if (e) {
			ether_addr_copy(e->mac, mac);
			e->port = src;
			hlist_add_head_rcu(&e->node, hvsim_netsw_bucket(mac));
			hvsim_netsw.nmacs++;
			hvsim_net_count(src, LEARNED);
		}
	}
	spin_unlock(&hvsim_netsw.lock);
}

/* Does @net's packet filter take a frame for @dst? Context: net->lock held. */
static bool hvsim_netsw_filter(const struct hvsim_net *net, const u8 *dst)
{
	u32 filter = net->filter, i;

	if (filter & HVSIM_NDIS_PACKET_PROMISCUOUS)
		return true;
	if (is_broadcast_ether_addr(dst))
		return filter & HVSIM_NDIS_PACKET_BROADCAST;
	if (is_multicast_ether_addr(dst)) {
		if (filter & HVSIM_NDIS_PACKET_ALL_MULTICAST)
			return true;
		if (!(filter & HVSIM_NDIS_PACKET_MULTICAST))
			return false;
		for (i = 0; i < net->nmcast; i++)
			if (ether_addr_equal(net->mcast[i], dst))
				return true;
		return false;
	}
	return (filter & HVSIM_NDIS_PACKET_DIRECTED) && ether_addr_equal(dst, net->mac);
}

/*
 * Queue @f for @port if it takes it, on the receive queue RSS picks, and
 * wake that queue's channel.
 * @flooded: a flooded copy (a port whose link is down is just skipped).
 * Context: rcu_read_lock() held (@port may be going away otherwise).
 * Return: false only for a coalesced frame the port does not coalesce
 * (any more): nothing is counted, its segments are to go instead.
 */
static bool hvsim_netsw_deliver(struct hvsim_net *port, struct hvsim_net_frame *f, bool flooded)
{
	struct hvsim_net_qent e;
	struct hvsim_net_rxq *q;
	bool taken = true;

	spin_lock(&port->lock);
	if (f->rsc_ipv && !(port->ofl_rsc & HVSIM_NET_RSC_BIT(f->rsc_ipv))) {
		taken = false;
		goto unlock;
	}
	/* a guest that cannot receive takes nothing, and nothing is counted */
	if (!port->primary || port->rndis != HVSIM_NET_RNDIS_OPERATIONAL || !port->filter)
		goto unlock;
	if (!port->link_up) {
		if (!flooded)
			hvsim_net_count(port, DROPPED_LINK);
		goto unlock;
	}
	if (!hvsim_netsw_filter(port, f->data)) {
		hvsim_net_count(port, DROPPED_FILTER);
		goto unlock;
	}
	/* a coalesced frame is one large receive, made for this port */
	if (!f->rsc_ipv && f->len > port->frame_max) {
		hvsim_net_count(port, DROPPED_MTU);
		goto unlock;
	}
	/* the drop knob (net_fault.c): a frame the port would have queued */
	if (hvsim_net_fault_hit_locked(port, HVSIM_NET_F_DROP)) {
		hvsim_net_count(port, DROPPED_FAULT);
		goto unlock;
	}
	/* the primary is open here, so queue 0 always has its channel */
	q = &port->rxq[hvsim_net_rss_pick_locked(port, f, &e)];
	if (q->len >= HVSIM_NET_QUEUE_MAX) {
		hvsim_net_count(port, DROPPED_QUEUE_FULL);
		goto unlock;
	}
	refcount_inc(&f->ref);
	e.f = f;
	q->ring[(q->head + q->len) % HVSIM_NET_QUEUE_MAX] = e;
	q->len++;
	hvsim_vchan_kick(q->chan);
unlock:
	spin_unlock(&port->lock);
	return taken;
}

/* Count and learn a frame @src sends. Context: rcu_read_lock() held. */
static void hvsim_netsw_ingress(struct hvsim_net *src, const struct hvsim_net_frame *f)
{
	const u8 *sa = f->data + ETH_ALEN;

	hvsim_net_count(src, TX_FRAMES);
	hvsim_net_add(src, TX_BYTES, f->len);
	if (is_valid_ether_addr(sa))
		hvsim_netsw_learn(src, sa);
}

/**
 * hvsim_netsw_tx() - a guest sent a frame: learn and forward it
 * @src:	the sending NIC
 * @f:		the frame (at least an Ethernet header); the caller's
 *		reference is consumed
 *
 * Context: the I/O work of one of @src's channels (process context).
 */
void hvsim_netsw_tx(struct hvsim_net *src, struct hvsim_net_frame *f)
{
	const u8 *dst = f->data;
	struct hvsim_netsw_mac *e;
	struct hvsim_net *port;

	if (!READ_ONCE(src->link_up)) {
		/* a cable pulled: the frame goes nowhere, the guest is not told */
		hvsim_net_count(src, DROPPED_LINK);
		hvsim_net_frame_put(f);
		return;
	}
	rcu_read_lock();
	hvsim_netsw_ingress(src, f);
	if (!is_multicast_ether_addr(dst)) {
		e = hvsim_netsw_find(dst);
		if (e) {
			port = READ_ONCE(e->port);
			/* one learned on the sender itself goes nowhere */
			if (port != src)
				hvsim_netsw_deliver(port, f, false);
			goto out;
		}
	}
	hvsim_net_count(src, FLOODED);
	list_for_each_entry_rcu(port, &hvsim_netsw.ports, port)
		if (port != src)
			hvsim_netsw_deliver(port, f, true);
out:
	rcu_read_unlock();
	hvsim_net_frame_put(f);
}

/* The learned port @dst names, if it is not @src and coalesces IP version @ipv. */
static struct hvsim_net *hvsim_netsw_rsc_port(struct hvsim_net *src, const u8 *dst, u8 ipv)
{
	struct hvsim_netsw_mac *e;
	struct hvsim_net *port;

	if (is_multicast_ether_addr(dst))
		return NULL;
	e = hvsim_netsw_find(dst);
	if (!e)
		return NULL;
	port = READ_ONCE(e->port);
	if (port == src || !(READ_ONCE(port->ofl_rsc) & HVSIM_NET_RSC_BIT(ipv)))
		return NULL;
	return port;
}

/**
 * hvsim_netsw_can_coalesce() - would a large send to @dst go to its
 * receiver as one coalesced packet
 * @src:	the sending NIC
 * @dst:	the destination MAC
 * @ipv:	the send's IP version
 *
 * A hint, to spare building the packet: hvsim_netsw_tx_coalesced() decides.
 *
 * Context: any.
 */
bool hvsim_netsw_can_coalesce(struct hvsim_net *src, const u8 *dst, u8 ipv)
{
	bool ok;

	rcu_read_lock();
	ok = READ_ONCE(src->link_up) && hvsim_netsw_rsc_port(src, dst, ipv);
	rcu_read_unlock();
	return ok;
}

/**
 * hvsim_netsw_tx_coalesced() - switch a large send as one coalesced packet
 * @src:	the sending NIC
 * @f:		the packet, with f->rsc_* set; the caller's reference is
 *		consumed
 *
 * Receive segment coalescing as the switch does it for a receiver on the
 * same host: the segments of a large send to one learned port whose guest
 * enabled RSC for the IP version go there as one packet. Anything else
 * (broadcast, an unknown or moved destination, RSC turned off meanwhile)
 * is the caller's to segment.
 *
 * Context: the I/O work of one of @src's channels (process context).
 * Return: true if the port had it (queued, or dropped for a reason its
 * segments would share: filter, queue full); false: segment it.
 */
bool hvsim_netsw_tx_coalesced(struct hvsim_net *src, struct hvsim_net_frame *f)
{
	struct hvsim_net *port;
	bool done = false;

	rcu_read_lock();
	port = hvsim_netsw_rsc_port(src, f->data, f->rsc_ipv);
	if (port && READ_ONCE(src->link_up) && hvsim_netsw_deliver(port, f, false)) {
		hvsim_netsw_ingress(src, f);
		hvsim_net_count(src, TX_RSC);
		done = true;
	}
	rcu_read_unlock();
	hvsim_net_frame_put(f);
	return done;
}

/* Unlink @net's MAC entries onto @gc. Context: hvsim_netsw.lock held. */
static void hvsim_netsw_unlink_macs(struct hvsim_net *net, struct list_head *gc)
{
	struct hvsim_netsw_mac *e;
	struct hlist_node *tmp;
	unsigned int b;

	for (b = 0; b < ARRAY_SIZE(hvsim_netsw.macs); b++) {
		hlist_for_each_entry_safe(e, tmp, &hvsim_netsw.macs[b], node) {
			if (e->port != net)
				continue;
			hlist_del_rcu(&e->node);
			list_add(&e->gc, gc);
			hvsim_netsw.nmacs--;
		}
	}
}

static void hvsim_netsw_free_macs(struct list_head *gc)
{
	struct hvsim_netsw_mac *e, *tmp;

	list_for_each_entry_safe(e, tmp, gc, gc)
		kfree(e);
}

/**
 * hvsim_netsw_forget() - forget the MACs learned on a port (its guest went)
 * @net:	the port
 *
 * Frames for those MACs are flooded again until they are learned anew.
 *
 * Context: process context (waits for a grace period); no spinlock held.
 */
void hvsim_netsw_forget(struct hvsim_net *net)
{
	LIST_HEAD(gc);

	spin_lock(&hvsim_netsw.lock);
	hvsim_netsw_unlink_macs(net, &gc);
	spin_unlock(&hvsim_netsw.lock);
	if (list_empty(&gc))
		return;
	synchronize_rcu();
	hvsim_netsw_free_macs(&gc);
}

/**
 * hvsim_netsw_add() - connect a NIC to the switch
 * @net:	the NIC, its permanent MAC set
 *
 * Context: process context, hvsim_vmbus.lock held.
 * Return: 0.
 */
int hvsim_netsw_add(struct hvsim_net *net)
{
	spin_lock(&hvsim_netsw.lock);
	list_add_tail_rcu(&net->port, &hvsim_netsw.ports);
	net->registered = true;
	spin_unlock(&hvsim_netsw.lock);
	return 0;
}

/**
 * hvsim_netsw_del() - disconnect a NIC from the switch, for good
 * @net:	the NIC; nothing happens if it was never connected
 *
 * On return no forwarder holds @net any more: it may be freed.
 *
 * Context: process context (waits for a grace period); none of @net's
 * channels exists any more.
 */
void hvsim_netsw_del(struct hvsim_net *net)
{
	LIST_HEAD(gc);

	if (!net->registered)
		return;
	spin_lock(&hvsim_netsw.lock);
	list_del_rcu(&net->port);
	hvsim_netsw_unlink_macs(net, &gc);
	net->registered = false;
	spin_unlock(&hvsim_netsw.lock);
	synchronize_rcu();
	hvsim_netsw_free_macs(&gc);
}

/**
 * hvsim_netsw_mac_taken() - is @mac some connected NIC's permanent MAC?
 * @mac:	the address
 *
 * Context: process context, hvsim_vmbus.lock held (NICs do not come and go).
 */
bool hvsim_netsw_mac_taken(const u8 *mac)
{
	struct hvsim_net *net;
	bool taken = false;

	spin_lock(&hvsim_netsw.lock);
	list_for_each_entry(net, &hvsim_netsw.ports, port)
		if (ether_addr_equal(net->perm_mac, mac))
			taken = true;
	spin_unlock(&hvsim_netsw.lock);
	return taken;
}
