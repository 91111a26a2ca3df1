/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hv_sim's host half: the VMBus server and its simulated devices.
 *
 * Threads. The server is one "host thread": an ordered workqueue running
 * hvsim_vmbus.ctl_work, which handles, one at a time and in order, the
 * channel messages the guest posts (copied out of its hypercall by the port
 * callback) and host events (a device asking for sub-channel offers, a fault
 * rescinding a device). Every channel has a work item on an unbound
 * workqueue that services its ring buffers; the guest's HvSignalEvent on the
 * channel's connection queues it.
 *
 * Locks, outermost first:
 *   hvsim_vmbus.lock (mutex)	connection, devices, channels, GPADLs, outbox;
 *				held by the control work and the debugfs files
 *   hvsim_port_lock (mutex)	taken inside it to (un)register ports
 *   hvsim_vmbus.inbox_lock	the inbox (spinlock, any context)
 *   hvsim_vmbus_faults.lock	fault knobs (spinlock, any context)
 * A channel's I/O work never takes hvsim_vmbus.lock: the control side stops
 * it (io_enabled = false, cancel_work_sync()) under the lock before it
 * changes anything the work uses. Whatever the I/O work wants from the
 * control side it queues as a host event.
 *
 * Lifetimes. Every object is reachable from hvsim_vmbus: devices on
 * .devices, their channels on dev->chans and in .chans (by relid), GPADLs in
 * .gpadls (and referenced by the channel using one as its ring, or by a
 * device using one as a buffer: NetVSP takes those references from its I/O
 * work with hvsim_gpadl_get_io() and drops them at the latest when the
 * channel closes), inbox and outbox entries on their lists. Freeing walks
 * exactly these.
 */
#ifndef HVSIM_VMBUS_HOST_H
#define HVSIM_VMBUS_HOST_H

#include <linux/atomic.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <linux/uuid.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include "hvsim_tlfs.h"
#include "hvsim_vmbus.h"

struct dentry;
struct page;

#define HVSIM_VMBUS_MAX_RELID		2047	/* relids are event-flag numbers */
#define HVSIM_VMBUS_CHAN_CONN_BASE	0x10000	/* channel connection ID = base + relid */
#define HVSIM_VMBUS_CONN_NEGOTIATED	0x100	/* msg_conn_id handed out to 5.x guests */
#define HVSIM_VMBUS_PORT_BUFFERS	16	/* guest messages queued per port, as Hyper-V */
#define HVSIM_VMBUS_EVENTS_MAX		256	/* host events queued */
#define HVSIM_VMBUS_OUTBOX_MAX		1024	/* host messages waiting for the SINT */
#define HVSIM_VMBUS_MAX_CHANNELS	16	/* per device, primary included */
#define HVSIM_VMBUS_GPADL_MAX_PAGES	8192	/* range_buflen is 16 bits: 32 MiB */

/* ---- ring buffers (vmbus_ring.c) ---- */

/**
 * struct hvsim_ring - the host's end of one direction of a channel
 * @ctl:	the shared control page (guest memory)
 * @data:	the shared data area (guest memory)
 * @size:	bytes in @data
 * @priv:	the host's own index, never re-read from guest memory: the read
 *		index of the guest->host ring, the write index of the other
 */
struct hvsim_ring {
	struct hvsim_ring_ctl *ctl;
	u8 *data;
	u32 size;
	u32 priv;
};

int hvsim_ring_attach(struct hvsim_ring *ring, void *va, u32 bytes, bool host_writes);
int hvsim_ring_read(struct hvsim_ring *ring, void *buf, u32 buflen, u32 *pktlen);
bool hvsim_ring_consume(struct hvsim_ring *ring, u32 pktlen);
bool hvsim_ring_empty(struct hvsim_ring *ring);
bool hvsim_ring_unread(struct hvsim_ring *ring);
void hvsim_ring_mask(struct hvsim_ring *ring, bool masked);
int hvsim_ring_write(struct hvsim_ring *ring, const void *pkt, u32 len, bool *signal);
void hvsim_ring_publish_bogus(struct hvsim_ring *ring, u32 index);
bool hvsim_ring_wait_space(struct hvsim_ring *ring, u32 len);
u32 hvsim_ring_max_packet(const struct hvsim_ring *ring);

/* ---- GPADLs (vmbus_gpadl.c) ---- */

/**
 * struct hvsim_gpadl - guest memory described by a GPADL
 * @handle:	the guest's handle
 * @relid:	the channel the guest named
 * @ref:	the table's reference plus one per user (an open channel)
 * @buf:	range buffer (range headers and PFNs) while it is assembled
 * @buflen:	its size, from GPADL_HEADER
 * @received:	bytes of it received so far
 * @range_count: ranges, from GPADL_HEADER
 * @complete:	all of it arrived, validated and mapped
 * @ring_shaped: one page-aligned range covering whole pages
 * @bytes:	one range starting on a page boundary: its byte count (the
 *		contiguous buffer a device may use); else 0
 * @npages:	pages mapped
 * @pages:	the pages, each with a reference (hvsim_gpa_get())
 * @va:		vmap of @pages
 */
struct hvsim_gpadl {
	u32 handle;
	u32 relid;
	struct kref ref;
	u8 *buf;
	u32 buflen;
	u32 received;
	u16 range_count;
	bool complete;
	bool ring_shaped;
	u32 bytes;
	bool tearing_down;	/* GPADL_TORNDOWN held: an open channel's ring */
	u32 npages;
	struct page **pages;
	void *va;
};

void hvsim_gpadl_header(const void *msg, u32 size);
void hvsim_gpadl_body(const void *msg, u32 size);
void hvsim_gpadl_teardown(const void *msg, u32 size);
struct hvsim_gpadl *hvsim_gpadl_get(u32 handle);
struct hvsim_gpadl *hvsim_gpadl_get_io(u32 handle, u32 relid);
void hvsim_gpadl_put(struct hvsim_gpadl *gpadl);
void hvsim_gpadl_drop_relid(u32 relid);
void hvsim_gpadl_teardown_held(u32 relid);
void hvsim_gpadl_drop_all(void);
unsigned int hvsim_gpadl_count(void);

/* ---- devices and channels (vmbus_dev.c, vmbus_chan.c, vmbus_io.c) ---- */

struct hvsim_vdev;
struct hvsim_vchan;

/**
 * struct hvsim_vpkt - a packet the guest sent, copied out of its ring
 * @type:	descriptor type
 * @flags:	descriptor flags
 * @trans_id:	transaction ID
 * @desc_extra: bytes between the descriptor and the payload (GPA ranges)
 * @extra_len:	their length
 * @data:	payload
 * @len:	payload length, padding included (a multiple of 8)
 */
struct hvsim_vpkt {
	u16 type;
	u16 flags;
	u64 trans_id;
	const u8 *desc_extra;
	u32 extra_len;
	const u8 *data;
	u32 len;
};

/**
 * struct hvsim_vdev_ops - one simulated device class
 * @type:	the name new_device takes
 * @class_id:	the offer's interface type GUID
 * @default_channels: channels= when new_device names none (NULL: 1)
 * @alloc:	allocate dev->priv before the keys are parsed (may be NULL);
 *		@destroy is called on every failure after it
 * @parse_key:	a device-specific key=value of new_device; NULL: none.
 *		Returns 0, -ENOENT for a key it does not know (the caller
 *		logs it), or -EINVAL after logging one line itself
 * @create:	after the keys are parsed, dev->serial assigned (may be NULL)
 * @destroy:	before the device is freed, also after a failed @create or
 *		a failed parse (may be NULL)
 * @open:	a channel was opened; its rings are attached (may be NULL)
 * @close:	a channel is closing; its I/O work is stopped (may be NULL)
 * @packet:	one packet of an open channel, in its I/O work
 * @service:	the channel's I/O work found the guest's ring empty and no
 *		packet of its own waiting for room: the device may send what
 *		it originates (may be NULL). Returns true to be called again
 *		soon (it stopped for its budget, not for lack of room).
 *
 * @parse_key and @alloc run without locks (process context); @packet and
 * @service in the channel's I/O work without hvsim_vmbus.lock, and must not
 * sleep for long; the others under hvsim_vmbus.lock.
 */
struct hvsim_vdev_ops {
	const char *type;
	guid_t class_id;
	u16 (*default_channels)(void);
	int (*alloc)(struct hvsim_vdev *dev);
	int (*parse_key)(struct hvsim_vdev *dev, const char *key, const char *val);
	int (*create)(struct hvsim_vdev *dev);
	void (*destroy)(struct hvsim_vdev *dev);
	int (*open)(struct hvsim_vchan *chan);
	void (*close)(struct hvsim_vchan *chan);
	void (*packet)(struct hvsim_vchan *chan, const struct hvsim_vpkt *pkt);
	bool (*service)(struct hvsim_vchan *chan);
};

/**
 * struct hvsim_vdev - one simulated device
 * @node:	on hvsim_vmbus.devices, in creation order
 * @serial:	unique for the module's life: host events name the device by it
 * @ops:	its class
 * @instance:	instance GUID
 * @max_channels: channels allowed, primary included (1..16)
 * @monitor:	offers ask for monitored notification
 * @deleting:	del_device was written: freed once the guest released it all
 * @chans:	its channels, primary first
 * @priv:	the class's data
 */
struct hvsim_vdev {
	struct list_head node;
	u64 serial;
	const struct hvsim_vdev_ops *ops;
	guid_t instance;
	u16 max_channels;
	bool monitor;
	bool deleting;
	struct list_head chans;
	void *priv;
};

/* what the guest knows of a channel */
enum hvsim_vchan_state {
	HVSIM_VCHAN_RELEASED,		/* nothing: not offered yet, or after UNLOAD */
	HVSIM_VCHAN_OFFERED,
	HVSIM_VCHAN_RESCINDED,		/* rescind sent, RELID_RELEASED awaited */
};

/**
 * struct hvsim_vchan - one channel (primary or sub-channel)
 * @node:	on dev->chans
 * @dev:	its device
 * @relid:	child relid, fixed for the channel's life
 * @sub_index:	0 for the primary
 * @conn_id:	the connection the guest signals; a host port while it exists
 * @state:	offer state (hvsim_vmbus.lock)
 * @open:	opened and not closed (hvsim_vmbus.lock)
 * @open_id:	the guest's ID of the open
 * @target_vp:	VP to interrupt (written under the lock, read by I/O)
 * @monitor_id:	monitor ID, when @monitored
 * @monitored:	offered with a monitor ID
 * @ring_gpadl:	the GPADL holding the rings while open
 * @out:	guest->host ring (the host reads)
 * @in:		host->guest ring (the host writes)
 * @io_enabled:	the I/O work may touch the rings
 * @broken:	a ring or packet was malformed: no more I/O until reopened
 * @work:	the I/O work
 * @buf:	a packet copied out of @out (I/O work only)
 * @buflen:	its size
 * @pending:	replies waiting for room in @in, oldest first (I/O work only)
 * @held:	a reply held back by the reorder fault (I/O work only)
 * @rx:		packets received
 * @tx:		packets sent
 * @priv:	the device class's per-channel data
 */
struct hvsim_vchan {
	struct list_head node;
	struct hvsim_vdev *dev;
	u32 relid;
	u16 sub_index;
	u32 conn_id;
	enum hvsim_vchan_state state;
	bool open;
	u32 open_id;
	u32 target_vp;
	bool modify_pending;	/* MODIFYCHANNEL (5.3+) not yet acknowledged */
	u32 modify_vp;
	u8 monitor_id;
	bool monitored;
	struct hvsim_gpadl *ring_gpadl;
	struct hvsim_ring out;
	struct hvsim_ring in;
	bool io_enabled;
	bool broken;
	struct work_struct work;
	struct delayed_work poke;	/* 100 ms after open, as Hyper-V */
	u8 *buf;
	u32 buflen;
	struct list_head pending;
	struct hvsim_vreply *held;
	atomic64_t rx;
	atomic64_t tx;
	void *priv;
};

/* a packet for the guest, built and waiting to be written */
struct hvsim_vreply {
	struct list_head node;
	u32 len;
	bool bogus;		/* bad_ring_index fault: publish @bogus_index after it */
	u32 bogus_index;
	u8 pkt[];
};

extern const struct hvsim_vdev_ops hvsim_echo_ops;
extern const struct hvsim_vdev_ops hvsim_net_ops;
extern const struct hvsim_vdev_ops hvsim_stor_ops;
extern const struct hvsim_vdev_ops hvsim_stor_ide_ops;
extern const struct hvsim_vdev_ops hvsim_ic_heartbeat_ops;
extern const struct hvsim_vdev_ops hvsim_ic_shutdown_ops;
extern const struct hvsim_vdev_ops hvsim_ic_timesync_ops;
extern const struct hvsim_vdev_ops hvsim_ic_kvp_ops;
extern const struct hvsim_vdev_ops hvsim_ic_vss_ops;
extern const struct hvsim_vdev_ops hvsim_ic_fcopy_ops;

int hvsim_vdev_new(char *spec);
int hvsim_vdev_del(char *spec);
void hvsim_vdev_show(struct seq_file *m);
struct hvsim_vdev *hvsim_vdev_by_serial(u64 serial);
struct hvsim_vdev *hvsim_vdev_by_instance(const guid_t *instance);
void hvsim_vdev_free(struct hvsim_vdev *dev);
void hvsim_vdev_rescind(struct hvsim_vdev *dev);
void hvsim_vdev_offer_subchannels(struct hvsim_vdev *dev, u16 count);
void hvsim_vdev_rescind_subchannels(struct hvsim_vdev *dev);
void hvsim_vdev_free_all(void);

struct hvsim_vchan *hvsim_vchan_create(struct hvsim_vdev *dev, u16 sub_index);
void hvsim_vchan_destroy(struct hvsim_vchan *chan);
struct hvsim_vchan *hvsim_vchan_lookup(u32 relid);
void hvsim_vchan_offer(struct hvsim_vchan *chan);
void hvsim_vchan_modify_complete(void);
void hvsim_vchan_rescind(struct hvsim_vchan *chan);
void hvsim_vchan_close(struct hvsim_vchan *chan);
void hvsim_vchan_reset(struct hvsim_vchan *chan);
void hvsim_vchan_msg_open(const void *msg, u32 size);
void hvsim_vchan_msg_close(const void *msg, u32 size);
void hvsim_vchan_msg_released(const void *msg, u32 size);
void hvsim_vchan_msg_modify(const void *msg, u32 size);
const char *hvsim_vchan_state_name(const struct hvsim_vchan *chan);

void hvsim_vchan_io_work(struct work_struct *work);
void hvsim_vchan_poke_work(struct work_struct *work);
void hvsim_vchan_kick(struct hvsim_vchan *chan);
int hvsim_vchan_send(struct hvsim_vchan *chan, u16 type, u16 flags, u64 trans_id,
		     const void *payload, u32 len);
int hvsim_vchan_send_ext(struct hvsim_vchan *chan, u16 type, u16 flags, u64 trans_id,
			 const void *ext, u32 ext_len, const void *payload, u32 len);
int hvsim_vchan_send_comp(struct hvsim_vchan *chan, u64 trans_id, const void *payload, u32 len);
u32 hvsim_vchan_max_payload(const struct hvsim_vchan *chan);
int hvsim_vpkt_ranges(const struct hvsim_vpkt *pkt, u64 *total,
		      int (*fn)(void *ctx, void *va, u32 len), void *ctx);
void hvsim_vchan_io_stop(struct hvsim_vchan *chan);
void hvsim_vchan_signal_guest(struct hvsim_vchan *chan);
void hvsim_vchan_mark_broken(struct hvsim_vchan *chan, const char *why);

/* ---- monitor pages (vmbus_monitor.c) ---- */

int hvsim_monitor_alloc(void);
void hvsim_monitor_free(u8 id);
void hvsim_monitor_offer(struct hvsim_vchan *chan);
void hvsim_monitor_start(void);
void hvsim_monitor_stop(void);

/* ---- the connection (vmbus_server.c) ---- */

enum hvsim_vconn_state {
	HVSIM_VCONN_DISCONNECTED,	/* no INITIATE_CONTACT accepted */
	HVSIM_VCONN_CONNECTED,		/* version agreed */
	HVSIM_VCONN_OFFERS,		/* REQUESTOFFERS done: offer at once */
};

enum hvsim_vbad {
	HVSIM_VBAD_SIZE,		/* shorter than its type needs */
	HVSIM_VBAD_TYPE,		/* unknown, or a host-to-guest type */
	HVSIM_VBAD_STATE,		/* not valid in the connection state */
	HVSIM_VBAD_CONNECTION,		/* posted on the wrong connection ID */
	HVSIM_VBAD_RELID,		/* unknown channel, or in the wrong state */
	HVSIM_VBAD_GPADL,		/* malformed or unknown GPADL */
	HVSIM_VBAD_OPEN,		/* bad ring GPADL/offset/VP in OPENCHANNEL */
	HVSIM_VBAD_VP,			/* no such VP */
	HVSIM_VBAD_PAGE,		/* interrupt/monitor page not guest RAM */
	HVSIM_VBAD_RING,		/* a channel's ring buffer was corrupt */
	HVSIM_VBAD_PACKET,		/* a malformed packet in a ring */
	HVSIM_VBAD_CONTACT,		/* INITIATE_CONTACT: wrong SINT, one monitor page */
	HVSIM_VBAD_COUNT
};

struct hvsim_vmbus_stats {
	atomic64_t rx[HVSIM_VMSG_COUNT];	/* guest messages by type */
	atomic64_t tx[HVSIM_VMSG_COUNT];	/* host messages by type */
	atomic64_t bad[HVSIM_VBAD_COUNT];
	atomic64_t rx_unknown;		/* type beyond the table */
	atomic64_t inbox_full;		/* guest told INSUFFICIENT_BUFFERS */
	atomic64_t events_dropped;	/* host events lost: queue full */
	atomic64_t tx_dropped;		/* host messages lost: SIMP off, outbox full */
	atomic64_t tx_retries;		/* SINT queue full: retried later */
	atomic64_t unsupported;		/* valid but not implemented (hvsock) */
	atomic64_t torndown_held;	/* ring GPADL_TEARDOWNs answered at close */
};

/**
 * struct hvsim_vmbus - the server: one per partition
 * @lock:	see the top of this file
 * @ctl_wq:	ordered: the host thread
 * @io_wq:	channel I/O works
 * @ctl_work:	handles the inbox, flushes the outbox; delayed to retry
 * @intpage_work: scans the interrupt page (versions < 2.4)
 * @inbox_lock:	protects @inbox, @inbox_msgs, @inbox_events
 * @inbox:	guest messages and host events, in arrival order
 * @inbox_msgs: guest messages on @inbox
 * @inbox_events: host events on @inbox
 * @outbox:	host messages the SINT had no room for, oldest first
 * @outbox_len:	their number
 * @state:	connection state
 * @version:	negotiated version (0 when disconnected)
 * @msg_conn:	where the guest posts channel messages now
 * @vp:		VP receiving host messages (and interrupt-page events)
 * @sint:	SINT of host messages and channel events
 * @int_page:	interrupt page (versions < 2.4), referenced
 * @monitor:	monitor pages 1 (server) and 2 (client), referenced, or NULL
 * @devices:	all devices
 * @chans:	channels by relid
 * @nr_chans:	entries in @chans
 * @next_serial: for hvsim_vdev.serial
 * @dying:	module exit: nothing new starts
 * @stats:	counters
 */
struct hvsim_vmbus {
	struct mutex lock;
	struct workqueue_struct *ctl_wq;
	struct workqueue_struct *io_wq;
	struct delayed_work ctl_work;
	struct work_struct intpage_work;
	spinlock_t inbox_lock;
	struct list_head inbox;
	unsigned int inbox_msgs;
	unsigned int inbox_events;
	struct list_head outbox;
	unsigned int outbox_len;
	enum hvsim_vconn_state state;
	u32 version;
	u32 msg_conn;
	u32 vp;
	u32 sint;
	struct page *int_page;
	struct page *monitor[2];
	struct list_head devices;
	struct xarray chans;
	unsigned int nr_chans;
	u64 next_serial;
	bool dying;
	struct hvsim_vmbus_stats stats;
};

/* a guest message or a host event, waiting for the control work (on hvsim_vmbus.inbox) */
struct hvsim_vin {
	struct list_head node;
	bool event;
	u32 conn;		/* message: the connection it was posted on */
	u32 size;
	unsigned int ev;	/* event: enum hvsim_vevent */
	u64 serial;
	u32 arg;
	u8 data[HVSIM_MESSAGE_PAYLOAD_BYTES] __aligned(8);
};

extern struct hvsim_vmbus hvsim_vmbus;

/* vmbus_server.c: the ports the connection registers */
int hvsim_vmbus_post(void *ctx, u32 msg_type, const void *payload, u32 size);
int hvsim_vmbus_event_port(void *ctx, u16 flag);
/* vmbus_conn.c */
void hvsim_vmbus_reset(void);
void hvsim_vmbus_handle(u32 conn, const void *data, u32 size);


#define hvsim_vbad(reason)	atomic64_inc(&hvsim_vmbus.stats.bad[HVSIM_VBAD_##reason])

/* vmbus_out.c: the outbox */
void hvsim_vmbus_send(const void *msg, u32 size);
void hvsim_vmbus_flush_held(void);
void hvsim_vmbus_flush_outbox(void);
void hvsim_vmbus_outbox_free(void);
bool hvsim_vmbus_offering(void);
u32 hvsim_vmbus_max_version(void);
bool hvsim_vmbus_int_page_mode(void);
int hvsim_vmbus_host_event(unsigned int event, u64 serial, u32 arg);
void hvsim_vmbus_show(struct seq_file *m);
const char *hvsim_vmsg_name(u32 type);

enum hvsim_vevent {
	HVSIM_VEVENT_SUBCHANNELS,	/* arg: sub-channels wanted */
	HVSIM_VEVENT_RESCIND,		/* rescind the device (fault) */
};

/* ---- fault injection (vmbus_fault.c) ---- */

enum hvsim_fault {
	HVSIM_FAULT_DELAY,
	HVSIM_FAULT_DROP,
	HVSIM_FAULT_DUP,
	HVSIM_FAULT_REORDER,
	HVSIM_FAULT_TRUNCATE,
	HVSIM_FAULT_OVERSIZE,
	HVSIM_FAULT_BAD_TRANS_ID,
	HVSIM_FAULT_BAD_RING_INDEX,
	HVSIM_FAULT_RESCIND,
	HVSIM_FAULT_NO_ANSWER,
	HVSIM_FAULT_BAD_CONN,
	HVSIM_FAULT_EARLY_SIGNAL,
	HVSIM_FAULT_COUNT
};

bool hvsim_fault_hit(enum hvsim_fault knob, u32 type, u64 *arg);
int hvsim_fault_write(char *line);
void hvsim_fault_show(struct seq_file *m);
void hvsim_fault_delay(u32 type);

/* ---- module plumbing ---- */

int hvsim_vmbus_init(void);
void hvsim_vmbus_exit(void);
void hvsim_vmbus_debugfs_init(struct dentry *dir);

/* dev_net.c, net_fault.c: the NetVSP device's debugfs files (net, net_ctl) */
void hvsim_net_show(struct seq_file *m);
int hvsim_net_ctl(char *line);
/* dev_stor.c: the StorVSP device's debugfs files (stor, stor_ctl) */
void hvsim_stor_show(struct seq_file *m);
int hvsim_stor_ctl(char *line);

#endif /* HVSIM_VMBUS_HOST_H */
