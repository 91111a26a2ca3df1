// SPDX-License-Identifier: GPL-2.0
/*
 * The host's end of a VMBus ring buffer.
 *
 * A channel's ring GPADL holds two rings: the guest->host ring from page 0,
 * the host->guest ring from the page the guest named in OPENCHANNEL. Each
 * starts with a control page (struct hvsim_ring_ctl) followed by the data
 * area, a circular byte buffer. A packet is a 16-byte descriptor, its payload
 * padded to 8 bytes, and an 8-byte trailer (the writer's old index in the
 * upper half). The writer never fills the data area completely, so equal
 * indices always mean "empty".
 *
 * The guest is untrusted. The host keeps its own index of each ring (the read
 * index of the ring it reads, the write index of the ring it writes) and never
 * takes it back from guest memory; the guest's indices are read once per use,
 * checked (inside the data area, 8-byte aligned), and a bad one fails the
 * operation with -EPROTO, which breaks the channel. A packet is copied out of
 * the ring, wrapping, before anything in it is looked at; its descriptor must
 * describe a packet that fits in what the guest published.
 *
 * Signalling, the ring protocol's rules seen from the host:
 *  - after writing, interrupt the guest only when the ring was empty before
 *    the write (the guest's read index equals the host's old write index)
 *    and the guest's interrupt_mask is clear;
 *  - after reading, interrupt the guest only when it asked for room
 *    (pending_send_sz, with its feature bit set on the guest->host ring) and
 *    the free space just crossed that amount;
 *  - the host sets the feature bit on the host->guest ring, and when it
 *    finds that ring full it sets pending_send_sz there and waits for the
 *    guest's signal.
 * Barriers pair with the guest's: data before index on the writing side;
 * index before data on the reading side; a full barrier between publishing
 * an index and reading the other side's mask or pending size.
 *
 * Locking: none; a ring is used by its channel's I/O work only.
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>

#include "vmbus_host.h"

static bool hvsim_ring_index_ok(const struct hvsim_ring *ring, u32 index)
{
	return index < ring->size && IS_ALIGNED(index, 8);
}

/* bytes between @from and @to going forward */
static u32 hvsim_ring_dist(const struct hvsim_ring *ring, u32 from, u32 to)
{
	return to >= from ? to - from : ring->size - from + to;
}

static u32 hvsim_ring_advance(const struct hvsim_ring *ring, u32 index, u32 len)
{
	index += len;
	return index >= ring->size ? index - ring->size : index;
}

static void hvsim_ring_copy_out(const struct hvsim_ring *ring, u32 off, void *dst, u32 len)
{
	u32 first = min(len, ring->size - off);

	memcpy(dst, ring->data + off, first);
	memcpy(dst + first, ring->data, len - first);
}

static void hvsim_ring_copy_in(struct hvsim_ring *ring, u32 off, const void *src, u32 len)
{
	u32 first = min(len, ring->size - off);

	memcpy(ring->data + off, src, first);
	memcpy(ring->data, src + first, len - first);
}

/**
 * hvsim_ring_attach() - take the host's end of a ring
 * @ring:	filled in
 * @va:		the ring's control page, mapped; the data area follows it
 * @bytes:	control page and data area, a multiple of the page size
 * @host_writes: the host->guest ring (else the guest->host one)
 *
 * The host's own index starts where the guest left the shared one (zero for
 * a fresh ring); the host advertises pending_send_sz on the ring it writes.
 *
 * Context: the channel is not doing I/O.
 * Return: 0, or -EPROTO if the ring is too small or its index is bad.
 */
int hvsim_ring_attach(struct hvsim_ring *ring, void *va, u32 bytes, bool host_writes)
{
	if (bytes < 2 * HVSIM_RING_CTL_SIZE)
		return -EPROTO;
	ring->ctl = va;
	ring->data = va + HVSIM_RING_CTL_SIZE;
	ring->size = bytes - HVSIM_RING_CTL_SIZE;
	if (host_writes) {
		ring->priv = READ_ONCE(ring->ctl->write_index);
		WRITE_ONCE(ring->ctl->pending_send_sz, 0);
		WRITE_ONCE(ring->ctl->feature_bits,
			   READ_ONCE(ring->ctl->feature_bits) | HVSIM_RING_FEAT_PENDING_SEND_SZ);
	} else {
		ring->priv = READ_ONCE(ring->ctl->read_index);
		WRITE_ONCE(ring->ctl->interrupt_mask, 0);
	}
	return hvsim_ring_index_ok(ring, ring->priv) ? 0 : -EPROTO;
}

/**
 * hvsim_ring_max_packet() - the largest packet (descriptor and padded
 * payload) that fits in the ring at all
 * @ring:	an attached ring
 */
u32 hvsim_ring_max_packet(const struct hvsim_ring *ring)
{
	/* never completely full: one 8-byte unit stays free besides the trailer */
	return ring->size - HVSIM_RING_TRAILER - 8;
}

/**
 * hvsim_ring_empty() - nothing published to read
 * @ring:	the guest->host ring
 *
 * A bad write index reads as "not empty", so that the reader finds it.
 */
bool hvsim_ring_empty(struct hvsim_ring *ring)
{
	return READ_ONCE(ring->ctl->write_index) == ring->priv;
}

/**
 * hvsim_ring_unread() - the guest has packets to read and wants signals
 * @ring:	the host->guest ring
 *
 * Context: any; the answer may be stale.
 */
bool hvsim_ring_unread(struct hvsim_ring *ring)
{
	return READ_ONCE(ring->ctl->read_index) != READ_ONCE(ring->ctl->write_index) &&
	       !READ_ONCE(ring->ctl->interrupt_mask);
}

/**
 * hvsim_ring_mask() - ask the guest not to signal (or to signal again)
 * @ring:	the guest->host ring
 * @masked:	true while the host drains it anyway
 *
 * After unmasking the caller must look at the ring once more: a packet
 * published while it was masked came without a signal.
 */
void hvsim_ring_mask(struct hvsim_ring *ring, bool masked)
{
	WRITE_ONCE(ring->ctl->interrupt_mask, masked);
	/* the mask is visible before the caller re-reads the write index */
	smp_mb();
}

/**
 * hvsim_ring_read() - copy the next packet out of the guest->host ring
 * @ring:	the ring
 * @buf:	destination, at least the ring's data size
 * @buflen:	its size
 * @pktlen:	set to the packet's length (descriptor and padded payload)
 *
 * The packet stays in the ring until hvsim_ring_consume().
 *
 * Return: 0; -EAGAIN when the ring is empty; -EPROTO when the guest's index
 * or the packet's descriptor is impossible.
 */
int hvsim_ring_read(struct hvsim_ring *ring, void *buf, u32 buflen, u32 *pktlen)
{
	u32 write = READ_ONCE(ring->ctl->write_index);
	struct hvsim_vmpkt_desc desc;
	u32 avail, len, off;

	if (!hvsim_ring_index_ok(ring, write))
		return -EPROTO;
	avail = hvsim_ring_dist(ring, ring->priv, write);
	if (!avail)
		return -EAGAIN;
	/* the packet was written before the index that publishes it */
	smp_rmb();
	if (avail < sizeof(desc) + HVSIM_RING_TRAILER)
		return -EPROTO;
	hvsim_ring_copy_out(ring, ring->priv, &desc, sizeof(desc));
	len = (u32)desc.len8 * 8;
	off = (u32)desc.offset8 * 8;
	if (off < sizeof(desc) || len < off || len + HVSIM_RING_TRAILER > avail || len > buflen)
		return -EPROTO;
	hvsim_ring_copy_out(ring, ring->priv, buf, len);
	*pktlen = len;
	return 0;
}

/**
 * hvsim_ring_consume() - give a packet's space back to the guest
 * @ring:	the guest->host ring
 * @pktlen:	what hvsim_ring_read() returned
 *
 * Return: true if the guest must be signalled: it waits for room
 * (pending_send_sz) and this read made enough.
 */
bool hvsim_ring_consume(struct hvsim_ring *ring, u32 pktlen)
{
	u32 freed = pktlen + HVSIM_RING_TRAILER, write, pending, free_now;

	ring->priv = hvsim_ring_advance(ring, ring->priv, freed);
	/* finished with the packet's bytes before the guest may reuse them */
	smp_mb();
	WRITE_ONCE(ring->ctl->read_index, ring->priv);
	/* the new index is visible before pending_send_sz is looked at */
	smp_mb();
	if (!(READ_ONCE(ring->ctl->feature_bits) & HVSIM_RING_FEAT_PENDING_SEND_SZ))
		return false;
	pending = READ_ONCE(ring->ctl->pending_send_sz);
	if (!pending)
		return false;
	write = READ_ONCE(ring->ctl->write_index);
	if (!hvsim_ring_index_ok(ring, write))
		return false;
	free_now = ring->size - hvsim_ring_dist(ring, ring->priv, write);
	return free_now > pending && free_now - freed <= pending;
}

/**
 * hvsim_ring_write() - write one packet into the host->guest ring
 * @ring:	the ring
 * @pkt:	descriptor and padded payload
 * @len:	its length, a multiple of 8
 * @signal:	set to whether the guest must be signalled
 *
 * Return: 0; -ENOSPC when the guest has not made room for it (see
 * hvsim_ring_wait_space()); -EPROTO when the guest's read index is bad.
 */
int hvsim_ring_write(struct hvsim_ring *ring, const void *pkt, u32 len, bool *signal)
{
	u32 read = READ_ONCE(ring->ctl->read_index), old = ring->priv;
	u64 trailer = (u64)old << 32;

	*signal = false;
	if (!hvsim_ring_index_ok(ring, read))
		return -EPROTO;
	if (ring->size - hvsim_ring_dist(ring, read, old) <= len + HVSIM_RING_TRAILER)
		return -ENOSPC;
	/* the guest finished reading the space before the host overwrites it */
	smp_mb();
	hvsim_ring_copy_in(ring, old, pkt, len);
	ring->priv = hvsim_ring_advance(ring, old, len);
	hvsim_ring_copy_in(ring, ring->priv, &trailer, sizeof(trailer));
	ring->priv = hvsim_ring_advance(ring, ring->priv, sizeof(trailer));
	/* the packet is complete before the index publishes it */
	smp_wmb();
	WRITE_ONCE(ring->ctl->write_index, ring->priv);
	if (READ_ONCE(ring->ctl->pending_send_sz))
		WRITE_ONCE(ring->ctl->pending_send_sz, 0);
	/* the index is visible before the guest's mask and read index are read */
	smp_mb();
	*signal = !READ_ONCE(ring->ctl->interrupt_mask) &&
		  READ_ONCE(ring->ctl->read_index) == old;
	return 0;
}

/**
 * hvsim_ring_publish_bogus() - fault injection: a write index no host writes
 * @ring:	the host->guest ring
 * @index:	the value
 *
 * The host's own index is unchanged, so its next write publishes a good one.
 */
void hvsim_ring_publish_bogus(struct hvsim_ring *ring, u32 index)
{
	smp_wmb();
	WRITE_ONCE(ring->ctl->write_index, index);
}

/**
 * hvsim_ring_wait_space() - the ring is full: ask the guest for room
 * @ring:	the host->guest ring
 * @len:	the packet that did not fit
 *
 * Sets pending_send_sz, then looks again: the guest may have made room
 * before it could see the request.
 *
 * Return: true if there is room now (retry the write), false to wait for the
 * guest's signal.
 */
bool hvsim_ring_wait_space(struct hvsim_ring *ring, u32 len)
{
	u32 need = len + HVSIM_RING_TRAILER, read;

	WRITE_ONCE(ring->ctl->pending_send_sz, need);
	/* the request is visible before the read index is sampled again */
	smp_mb();
	read = READ_ONCE(ring->ctl->read_index);
	if (!hvsim_ring_index_ok(ring, read))
		return true;	/* the retried write finds it and fails */
	if (ring->size - hvsim_ring_dist(ring, read, ring->priv) <= need)
		return false;
	WRITE_ONCE(ring->ctl->pending_send_sz, 0);
	return true;
}
