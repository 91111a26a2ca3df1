/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmbus.ko's private state: the connection, channels, and the functions the
 * files of the module call in each other. One concept per file:
 *
 *   main.c	module init/exit, parameters, panic and crash notifiers
 *   shutdown.c	UNLOAD at reboot and kexec, after device shutdown
 *   conn.c	version negotiation, UNLOAD, posting messages, waiting for
 *		the host's answers
 *   msg.c	the SINT handler: copying messages out, the ordered
 *		message work, dispatch by type
 *   offer.c	offers, sub-channel offers, rescind, RELID_RELEASED
 *   bus.c	the bus type, matching, uevent, probe/remove, driver API
 *   sysfs.c	device and channel attributes (the stable ABI)
 *   sysfs_state.c	the in-tree bus's other device attributes (state, rings)
 *   channel.c	open/close, target CPU, MODIFYCHANNEL, CPU hot-unplug
 *   event.c	event-flag dispatch, per-channel tasklets, signalling
 *   send.c	packets out (in-band, GPA direct), request IDs
 *   recv.c	packets in
 *   gpadl.c	GPADL create/teardown
 */
#ifndef VMB_INTERNAL_H
#define VMB_INTERNAL_H

#include <linux/completion.h>
#include <linux/interrupt.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "vmbus/chanmsg.h"
#include "vmbus/proto.h"
#include "vmbus/ring.h"
#include "vmbus/vmbus.h"

/* relids index the 2048 event flags of SINT 2: one bit per channel */
#define VMB_MAX_RELIDS		2048

/*
 * How long we wait for the host's answer to a channel message, in jiffies:
 * the response_timeout_ms parameter, set once at module load (main.c).
 */
extern unsigned long vmb_response_timeout;

/* the CPU whose VP the host sends channel messages to (INITIATE_CONTACT) */
#define VMB_CONNECT_CPU		0

enum vmb_conn_state {
	VMB_DISCONNECTED,
	VMB_CONNECTED,
	VMB_UNLOADING,
};

/*
 * struct vmb_conn - the one VMBus connection of the partition
 *
 * @lock (mutex) serialises channel creation and removal, the relid map's
 * writers, each primary's sub-channel list and the stateful offer checks.
 * @waiters_lock (spinlock, irq-safe not needed: only process context uses
 * it) protects the list of threads waiting for a host answer.
 */
struct vmb_conn {
	u32 version;
	u32 msg_conn_id;
	unsigned int msg_cpu;		/* where the host's messages arrive */
	enum vmb_conn_state state;
	void *int_page;			/* interrupt page, versions before 5.0 */
	void *monitor_pages[2];		/* [0] host to guest, [1] guest to host */

	struct mutex lock;
	struct vmb_channel __rcu *relid_map[VMB_MAX_RELIDS];
	struct list_head channels;	/* every primary channel */

	struct workqueue_struct *msg_wq;	/* ordered: message processing */
	struct workqueue_struct *offer_wq;	/* ordered: device add/remove */
	struct workqueue_struct *sub_wq;	/* ordered: sub-channel add/remove */
	struct delayed_work msg_retry;		/* a message held in its slot */
	unsigned int msg_held_cpu;

	spinlock_t waiters_lock;
	struct list_head waiters;
	struct completion all_offers;
	struct completion unload_done;

	atomic_t next_gpadl;
	bool exiting;			/* module exit: no new devices */

	/* statistics (debugfs) */
	atomic64_t msgs, msgs_bad, msgs_unexpected;
	atomic64_t offers, rescinds;
	atomic64_t post_retries;	/* posts refused for a while, then sent */
	atomic64_t msgs_held;		/* left in the slot: no memory to copy */
	atomic64_t slow_answers;	/* answers that came after a "still waiting" */
};

extern struct vmb_conn vmb_conn;
extern atomic_t vmb_msg_alloc_fail;

/* channel lifecycle, as the host sees it */
enum vmb_chan_state {
	VMB_CHAN_OFFERED,	/* not open */
	VMB_CHAN_OPENING,
	VMB_CHAN_OPEN,
};

struct vmb_req_slot {
	void *ctx;		/* NULL: free */
	u32 next_free;
	u32 gen;		/* bumped on every reuse: stale IDs never match */
};

/*
 * struct vmb_channel - one offered channel (primary or sub-channel)
 *
 * Lifetime: @kobj's reference count. The relid map, the primary's
 * sub-channel list and the device each hold a reference; the channel is
 * freed by the kobject's release after RELID_RELEASED has been sent.
 *
 * Locks: @mutex serialises open, close and MODIFYCHANNEL. @out_lock
 * serialises writers of the outbound ring (any context), @in_lock readers
 * of the inbound ring, @req_lock the request-ID table (taken inside either
 * ring lock). @cb_lock protects @on_event against close, for the tasklet.
 */
struct vmb_channel {
	struct kobject kobj;
	bool kobj_added;

	/* from the offer (immutable) */
	struct vmbus_chanmsg_offer offer;
	u32 relid;
	u16 sub_index;
	u32 sig_conn_id;
	bool monitor_allocated;
	u8 monitor_id;

	struct vmb_device *device;	/* the primary's device */
	struct vmb_channel *primary;	/* NULL for a primary */
	struct list_head node;		/* in vmb_conn.channels or primary->subs */
	struct list_head subs;
	struct work_struct add_work;
	struct work_struct remove_work;
	/*
	 * A primary's: drv_bound is true from just before the driver's probe
	 * to just before its remove, under drv_lock, which the sub-channel
	 * and rescind callbacks run under: so they never run once remove has
	 * begun, and remove waits for one that is running. drv_removing is
	 * true from the start of the device's deletion (vmb_device_del(),
	 * which takes the sub-channels' device pointers away) or of the
	 * driver's remove until it has returned: a sub-channel rescinded
	 * then is the driver's to close, and its removal is left to that
	 * point (rescind_deferred, a sub-channel's, also under drv_lock).
	 */
	struct mutex drv_lock;
	bool drv_bound;
	bool drv_removing;
	bool rescind_deferred;
	void (*subchannel_cb)(struct vmb_channel *sc);
	void (*rescind_cb)(struct vmb_channel *ch);
	void *drvdata;

	struct mutex mutex;
	enum vmb_chan_state state;
	bool opened_once;		/* sysfs state: closed again, not new */
	bool rescinded;
	bool released;			/* RELID_RELEASED sent */
	struct completion rescind_handled;
	unsigned int target_cpu;
	u32 target_vp;

	/* interrupt path */
	struct tasklet_struct tasklet;
	spinlock_t cb_lock;
	void (*on_event)(struct vmb_channel *ch, void *ctx);
	void (*on_cancel)(struct vmb_channel *ch, void *ctx, void *req);
	void (*on_cpu_change)(struct vmb_channel *ch, void *ctx, unsigned int cpu);	/* @mutex */
	void *ctx;
	enum vmb_read_mode mode;
	bool low_latency;

	/* rings: one allocation, send ring pages first */
	void *ring_buf;
	u32 ring_size;
	u32 send_pages;			/* header + data pages of the send ring */
	struct vmb_gpadl ring_gpadl;
	spinlock_t out_lock;
	spinlock_t in_lock;
	bool ring_ready;		/* rings usable; under both ring locks */
	bool broken;			/* the host broke the protocol */
	bool signal_owed;		/* a VMB_SEND_MORE send skipped a signal; under out_lock */
	struct vmbus_ring out;
	struct vmbus_ring in;

	/* request IDs */
	spinlock_t req_lock;
	struct vmb_req_slot *reqs;
	u32 nreqs;
	u32 req_free;			/* head of the free list, nreqs if none */

	/*
	 * Statistics (sysfs and debugfs); the rings count the rest, under
	 * their locks. Signals are sent from any CPU after the ring lock is
	 * dropped, and interrupts come to the old and the new CPU around a
	 * MODIFYCHANNEL: atomic. The others are counted under a lock:
	 * @bad_completions and @bad_packets under @in_lock, @resched under
	 * @cb_lock.
	 */
	atomic64_t interrupts;
	atomic64_t sig_events;
	u64 bad_completions;
	u64 bad_packets;
	u64 resched;			/* read rounds cut short, tasklet queued again */
};

#define to_vmb_channel(k)	container_of(k, struct vmb_channel, kobj)

/* conn.c */
struct vmb_waiter {
	struct list_head node;
	u32 resp_type;			/* VMBUS channel message type awaited */
	u32 relid;			/* matched when the type carries one */
	u32 key;			/* GPADL handle, for GPADL answers */
	bool done;
	int error;			/* -ENODEV after rescind, -ESHUTDOWN */
	struct completion completion;
	union vmbus_chanmsg resp;
};

int vmb_post(const void *msg, u32 size);
void vmb_waiter_add(struct vmb_waiter *w, u32 resp_type, u32 relid, u32 key);
int vmb_waiter_wait(struct vmb_waiter *w, unsigned long timeout);
void vmb_waiter_del(struct vmb_waiter *w);
bool vmb_waiters_complete(u32 type, u32 relid, u32 key, const union vmbus_chanmsg *m);
void vmb_waiters_fail_relid(u32 relid, int error);
void vmb_waiters_fail_all(int error);
int vmb_connect(u32 max_version);
void vmb_disconnect(void);
int vmb_disconnect_shutdown(const char *what);
int vmb_shutdown_init(void);
struct device *vmb_shutdown_device(void);
void vmb_shutdown_exit(void);
int vmb_acpi_init(void);
struct device *vmb_parent_device(void);
void vmb_acpi_debugfs(struct dentry *dir);
void vmb_acpi_exit(void);
void vmb_unload_crash(const char *what);
const char *vmb_version_str(u32 version, char *buf, size_t len);
int vmb_parse_version(const char *s, u32 *version);

/* msg.c */
int vmb_msg_init(void);
void vmb_msg_exit(void);

/* offer.c */
void vmb_handle_offer(const struct vmbus_chanmsg_offer *o);
void vmb_handle_rescind(u32 relid);
void vmb_retire_deferred_subs(struct vmb_channel *primary);
void vmb_handle_all_offers(void);
void vmb_remove_all_channels(void);
struct vmb_channel *vmb_chan_get_by_relid(u32 relid);
void vmb_chan_put(struct vmb_channel *ch);

/* devtype.c */
u16 vmb_devtype(const guid_t *class);

/* bus.c */
extern struct bus_type vmb_bus;
int vmb_bus_init(void);
void vmb_bus_exit(void);
int vmb_device_add(struct vmb_channel *primary);
void vmb_device_del(struct vmb_device *dev);

/* sysfs.c, sysfs_state.c */
extern const struct attribute_group vmb_dev_state_group;
extern const struct attribute_group *vmb_dev_groups[];
extern const struct attribute_group *vmb_bus_groups[];
extern struct kobj_type vmb_chan_ktype;
int vmb_chan_sysfs_add(struct vmb_channel *ch);
void vmb_chan_sysfs_del(struct vmb_channel *ch);

/* channel.c */
int vmb_chan_retarget(struct vmb_channel *ch, unsigned int cpu);
unsigned int vmb_pick_cpu(const struct vmb_channel *primary);
u32 vmb_ring_mask(const struct vmbus_ring *r);
bool vmb_ring_peek(struct vmb_channel *ch, bool in, u32 (*get)(const struct vmbus_ring *r),
		   u32 *v);
int vmb_cpuhp_init(void);
void vmb_cpuhp_exit(void);
void vmb_chan_force_close(struct vmb_channel *ch);

/* event.c */
void vmb_event_isr(unsigned long *flags, void *ctx);
void vmb_chan_tasklet(struct tasklet_struct *t);
void vmb_chan_signal(struct vmb_channel *ch);

/* send.c */
int vmb_reqs_init(struct vmb_channel *ch, u32 n);
void vmb_reqs_free(struct vmb_channel *ch, bool hand_back);
void *vmb_req_take(struct vmb_channel *ch, u64 id);

/* debugfs (main.c) */
extern struct dentry *vmb_debugfs;

#endif /* VMB_INTERNAL_H */
