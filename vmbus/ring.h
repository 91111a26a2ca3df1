/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One direction of a VMBus channel: a ring of packets in memory that the
 * guest and the host share.
 *
 * This is plain C that knows nothing about channels, interrupts or locks:
 * the caller maps the memory, serializes its own side, and raises the
 * event the functions below say is due.  The same file builds into
 * vmbus.ko and into the userspace tests (tests/unit, tests/fuzz).
 *
 * Wire format (both directions alike):
 *
 *	control page (4 KiB)        data area (size bytes, page multiple)
 *	+------------------------+  +--------------------------------------+
 *	| write_index read_index |  | desc | payload | pad | trailer | ... |
 *	| interrupt_mask         |  +--------------------------------------+
 *	| pending_send_sz        |
 *	| feature_bits @64       |
 *	+------------------------+
 *
 * Indices are byte offsets into the data area, always multiples of 8.  A
 * packet is a descriptor, its payload padded to 8 bytes, then an 8-byte
 * trailer.  The writer never fills the ring completely, so equal indices
 * mean "empty".  The writer owns write_index, the reader read_index; each
 * side keeps a private copy of the index it owns and trusts only that:
 * the peer's index is re-validated every time it is read.
 */
#ifndef _VMBUS_RING_H
#define _VMBUS_RING_H

#include <linux/types.h>

/* Hyper-V's page: the control page is one, whatever the guest's page size */
#define VMBUS_RING_HDR_SIZE		4096u
/* the data area is a whole number of these */
#define VMBUS_RING_DATA_ALIGN		4096u
/* keeps every index sum below 2^32 */
#define VMBUS_RING_MAX_DATA		0x80000000u

/* feature_bits: this side sets pending_send_sz when blocked and honours it */
#define VMBUS_RING_FEAT_PENDING_SEND	0x1u

/* packets start, and their lengths are counted, in 8-byte units */
#define VMBUS_PKT_ALIGN			8u
#define VMBUS_PKT_TRAILER_SIZE		8u
/* len8 is 16 bits wide */
#define VMBUS_PKT_MAX_LEN		(0xffffu * VMBUS_PKT_ALIGN)

/**
 * struct vmbus_ring_hdr - the control page at the start of each ring
 * @write_index: next byte the writer will fill; written by the writer only
 * @read_index: next byte the reader will consume; written by the reader only
 * @interrupt_mask: non-zero while the reader polls and wants no signal
 * @pending_send_sz: non-zero while the writer waits for more than this
 *	many free bytes; the reader then signals once when it frees them
 * @reserved1: zero
 * @feature_bits: %VMBUS_RING_FEAT_PENDING_SEND
 * @reserved2: pads the page; the data area follows it
 *
 * Every field is naturally aligned, so the struct needs no __packed and
 * its fields may be accessed with READ_ONCE()/WRITE_ONCE() directly.
 */
struct vmbus_ring_hdr {
	u32 write_index;
	u32 read_index;
	u32 interrupt_mask;
	u32 pending_send_sz;
	u32 reserved1[12];
	u32 feature_bits;
	u8 reserved2[VMBUS_RING_HDR_SIZE - 68];
};

/**
 * struct vmbus_pkt_desc - the descriptor every packet starts with
 * @type: &enum vmbus_pkt_type
 * @offset8: offset of the payload from the packet start, in 8-byte units
 * @len8: length of the packet without its trailer, in 8-byte units
 * @flags: %VMBUS_PKT_FLAG_COMPLETION_REQUESTED or 0
 * @trans_id: the sender's request ID, echoed by a completion
 */
struct vmbus_pkt_desc {
	u16 type;
	u16 offset8;
	u16 len8;
	u16 flags;
	u64 trans_id;
};

/* values of vmbus_pkt_desc.type */
enum vmbus_pkt_type {
	VMBUS_PKT_INVALID			= 0,
	VMBUS_PKT_SYNCH				= 1,
	VMBUS_PKT_ADD_XFER_PAGESET		= 2,
	VMBUS_PKT_RM_XFER_PAGESET		= 3,
	VMBUS_PKT_ESTABLISH_GPADL		= 4,
	VMBUS_PKT_TEARDOWN_GPADL		= 5,
	VMBUS_PKT_DATA_INBAND			= 6,
	VMBUS_PKT_DATA_USING_XFER_PAGES		= 7,
	VMBUS_PKT_DATA_USING_GPADL		= 8,
	VMBUS_PKT_DATA_USING_GPA_DIRECT		= 9,
	VMBUS_PKT_CANCEL_REQUEST		= 10,
	VMBUS_PKT_COMP				= 11,
	VMBUS_PKT_DATA_USING_ADDITIONAL_PKT	= 12,
	VMBUS_PKT_ADDITIONAL_DATA		= 13,
};

/* vmbus_pkt_desc.flags: the sender wants a VMBUS_PKT_COMP back */
#define VMBUS_PKT_FLAG_COMPLETION_REQUESTED	0x1u

/**
 * struct vmbus_ring - our private view of one ring
 * @hdr: the shared control page
 * @data: the shared data area
 * @size: bytes in @data
 * @priv_read: reader: start of the next packet to read; packets before it
 *	are read but not yet given back (see vmbus_ring_read_commit())
 * @pub_read: reader: the read_index we last published
 * @priv_write: writer: the write_index we last published
 * @reader: true when we are the reader of this ring, false the writer
 * @broken: sticky: the peer broke the protocol; every operation fails
 * @full: writer: the last write found the ring full
 * @broken_why: what the peer did wrong, for the caller's log; NULL until
 *	@broken is set, then a static string
 * @broken_count: faults found in the peer's data (at most one, since
 *	@broken is sticky) plus operations refused with -EIO after it
 * @full_count: writes refused with -EAGAIN (sysfs out_full_total)
 * @full_first_count: the first of each run of such writes (out_full_first)
 * @signal_count: signals this ring asked the caller for: on empty to
 *	non-empty for the writer (intr_out_empty), on crossing the peer's
 *	pending_send_sz for the reader (intr_in_full)
 * @nobufs_count: reads refused with -ENOBUFS
 *
 * Only this file's functions change the fields; callers may read the
 * counters at any time (they are plain u64: a torn value is possible on
 * 32-bit, which is acceptable for statistics).
 */
struct vmbus_ring {
	struct vmbus_ring_hdr *hdr;
	u8 *data;
	u32 size;
	u32 priv_read;
	u32 pub_read;
	u32 priv_write;
	bool reader;
	bool broken;
	bool full;
	const char *broken_why;
	u64 broken_count;
	u64 full_count;
	u64 full_first_count;
	u64 signal_count;
	u64 nobufs_count;
};

/**
 * struct vmbus_ring_vec - one piece of a packet to write
 * @base: the bytes; may be NULL when @len is 0
 * @len: how many
 */
struct vmbus_ring_vec {
	const void *base;
	u32 len;
};

/**
 * struct vmbus_ring_wr - a packet being written in pieces
 * @start: where it starts (the write index before it)
 * @pos: where the next piece goes
 * @len: descriptor plus payload, before padding
 * @done: bytes put so far; 0xffffffff after a piece too many
 */
struct vmbus_ring_wr {
	u32 start;
	u32 pos;
	u32 len;
	u32 done;
};

/**
 * vmbus_ring_pkt_bytes() - ring space one packet takes
 * @len: descriptor plus payload, before padding
 *
 * Context: any; pure arithmetic.
 *
 * Return: @len rounded up to 8 plus the trailer; U32_MAX (never fits) when
 * that does not fit in 32 bits.
 */
static inline u32 vmbus_ring_pkt_bytes(u32 len)
{
	u64 bytes = ((u64)len + VMBUS_PKT_ALIGN - 1) / VMBUS_PKT_ALIGN *
		    VMBUS_PKT_ALIGN + VMBUS_PKT_TRAILER_SIZE;

	return bytes > 0xffffffffu ? 0xffffffffu : (u32)bytes;
}

/**
 * vmbus_ring_is_broken() - has the peer broken this ring?
 * @r: the ring
 *
 * Context: any; no locking needed (a stale answer only delays the news).
 *
 * Return: true once any operation has found the peer at fault.
 */
static inline bool vmbus_ring_is_broken(const struct vmbus_ring *r)
{
	return r->broken;
}

int vmbus_ring_init(struct vmbus_ring *r, void *hdr_page, void *data,
		    u32 data_size, bool reader);
int vmbus_ring_write(struct vmbus_ring *r, const struct vmbus_ring_vec *v,
		     unsigned int nv, bool *signal);
int vmbus_ring_write_begin(struct vmbus_ring *r, const struct vmbus_pkt_desc *desc, u32 len,
			   struct vmbus_ring_wr *w);
void vmbus_ring_write_put(struct vmbus_ring *r, struct vmbus_ring_wr *w, const void *src,
			  u32 len);
int vmbus_ring_write_end(struct vmbus_ring *r, struct vmbus_ring_wr *w, bool *signal);
void vmbus_ring_set_pending_send(struct vmbus_ring *r, u32 bytes);
int vmbus_ring_read(struct vmbus_ring *r, void *buf, u32 buflen, u32 *pktlen);
bool vmbus_ring_read_commit(struct vmbus_ring *r);
bool vmbus_ring_read_more(struct vmbus_ring *r);
u32 vmbus_ring_read_avail(const struct vmbus_ring *r);
u32 vmbus_ring_write_avail(const struct vmbus_ring *r);
void vmbus_ring_mask_intr(struct vmbus_ring *r);
bool vmbus_ring_unmask_intr(struct vmbus_ring *r);
int vmbus_pkt_payload(const void *pkt, u32 pktlen, const void **payload,
		      u32 *payload_len);

#endif /* _VMBUS_RING_H */
