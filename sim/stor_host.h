/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hv_sim's StorVSP: the host side of Hyper-V's synthetic SCSI controller,
 * with RAM-backed logical units.
 *
 * Files: dev_stor.c (the device class: new_device keys, LUNs, the "stor"
 * and "stor_ctl" debugfs files), stor_fault.c (the fault knobs), stor_vsp.c (the VSTOR protocol: the
 * initialization state machine, sub-channels, EXECUTE_SRB and its
 * completion, bus-change notifications), stor_scsi.c (the SCSI target, a
 * portable table of commands), stor_lun.c (each LUN's sparse RAM).
 *
 * What the host does follows Microsoft's own (openvmm's StorVSP): versions
 * up to the configured newest, properties with a 256 KiB maximum transfer
 * by default, every guest packet answered with 12 bytes of header and as
 * much body as the guest sent (SRB completions: the negotiated size),
 * REPORT LUNS and INQUIRY answered for absent LUNs, INVALID_LUN for
 * anything else sent to one, ENUMERATE_BUS on the primary channel when the
 * bus changes, and a protocol violation (a packet it cannot parse, an
 * unknown operation, a buffer that does not fit) stops the channel.
 *
 * Contexts. Every packet is handled in the I/O work of the channel it came
 * on, so the channels of one controller run in parallel (and their
 * commands on the same LUN: stor_lun.c makes that safe). What the host
 * sends on its own (ENUMERATE_BUS) goes out from the primary's work
 * (ops->service), which the control side wakes with hvsim_vchan_kick().
 *
 * Locks, outermost first:
 *   hvsim_vmbus.lock (mutex)	devices exist; create/destroy/open/close,
 *				debugfs, LUN add and remove
 *   hvsim_stor.luns_rwsem	the LUN table: read by commands, written by
 *				LUN add and remove (which so wait for the
 *				commands on a LUN before freeing it)
 *   hvsim_stor.lock (spinlock)	protocol state, version, pending notification
 *
 * Lifetimes. struct hvsim_stor lives from create to destroy (the device's
 * life); each LUN from its creation (create, or add_lun) to its removal
 * (remove_lun, or destroy), taken out of the table under the rwsem first.
 */
#ifndef HVSIM_STOR_HOST_H
#define HVSIM_STOR_HOST_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>

#include "hvsim_vstor.h"
#include "stor_target.h"
#include "vmbus_host.h"

#define HVSIM_STOR_SIZE_DEFAULT		(64ull << 20)
#define HVSIM_STOR_SIZE_MAX		(1ull << 40)
#define HVSIM_STOR_XFER_DEFAULT		0x40000u	/* 256 KiB, as openvmm */

enum hvsim_stor_state {
	HVSIM_STOR_BEGIN,		/* waiting for BEGIN_INITIALIZATION */
	HVSIM_STOR_VERSION,		/* ... for an acceptable QUERY_PROTOCOL_VERSION */
	HVSIM_STOR_PROPERTIES,		/* ... for QUERY_PROPERTIES */
	HVSIM_STOR_END,			/* ... for END_INITIALIZATION */
	HVSIM_STOR_READY,		/* commands accepted */
};

enum hvsim_stor_counter {
	HVSIM_STOR_SRBS,		/* EXECUTE_SRB packets */
	HVSIM_STOR_READ_BYTES,		/* moved to the guest */
	HVSIM_STOR_WRITE_BYTES,		/* moved from the guest */
	HVSIM_STOR_CHECK_CONDITION,	/* commands ended with sense */
	HVSIM_STOR_INVALID_LUN,		/* commands to absent LUNs */
	HVSIM_STOR_BAD_REQUEST,		/* buffers contradicting the CDB (INVALID_REQUEST) */
	HVSIM_STOR_BAD_STATE,		/* requests out of order (INVALID_DEVICE_STATE) */
	HVSIM_STOR_BAD_PACKET,		/* protocol violations: channel stopped */
	HVSIM_STOR_RESETS,		/* RESET_LUN, _ADAPTER, _BUS */
	HVSIM_STOR_ENUMERATES,		/* ENUMERATE_BUS sent */
	HVSIM_STOR_SUBCHANNELS,		/* CREATE_SUB_CHANNELS accepted */
	HVSIM_STOR_FAULTS_INJECTED,	/* commands a fault knob hit */
	HVSIM_STOR_HELD,		/* commands held unanswered (no_answer, bad_trans_id) */
	HVSIM_STOR_RELEASED,		/* held commands answered at a reset */
	HVSIM_STOR_C_COUNT
};

/* stor_fault.c's knobs */
enum hvsim_stor_fault {
	HVSIM_STOR_F_BUSY,
	HVSIM_STOR_F_QUEUE_FULL,
	HVSIM_STOR_F_NO_ANSWER,
	HVSIM_STOR_F_BAD_TRANS_ID,
	HVSIM_STOR_F_SHORT_XFER,
	HVSIM_STOR_F_BAD_SRB,
	HVSIM_STOR_F_BIG_SENSE,
	HVSIM_STOR_F_IGNORE_RESET,
	HVSIM_STOR_F_COUNT
};

/* what one stor_ctl line asks of the knobs */
struct hvsim_stor_fault_req {
	unsigned int given;		/* BIT(enum hvsim_stor_fault) */
	int val[HVSIM_STOR_F_COUNT];
	bool medium_given;
	u32 medium_lun;
	u64 medium_lba;
	u32 medium_count;
};

/**
 * struct hvsim_stor_chan - a channel's own state (hvsim_vchan.priv)
 * @held:	commands held unanswered, oldest first (the channel's I/O work)
 * @release_seen: the controller's @release_gen last acted on (I/O work)
 */
struct hvsim_stor_chan {
	struct list_head held;
	u32 release_seen;
};

/* a command held unanswered */
struct hvsim_stor_held {
	struct list_head node;
	u64 trans_id;
	u32 size;
};

/**
 * struct hvsim_stor - one simulated SCSI controller
 * @dev:	its device
 * @keys:	new_device keys given (HVSIM_STOR_KEY_*)
 * @nluns:	LUNs at creation (luns=)
 * @size:	bytes of each LUN at creation (size=)
 * @sector:	logical block size (sector=)
 * @vstor_max:	newest protocol version accepted (vstor=)
 * @max_xfer:	the properties' maximum transfer (max_transfer=)
 * @image:	physical address of LUN 0's first contents, or 0 (image=)
 * @lock:	protects the fields below it up to @luns_rwsem
 * @state:	initialization state
 * @version:	negotiated version
 * @subs:	sub-channels the guest asked for
 * @enum_pending: ENUMERATE_BUS owed (the bus changed since it was last said)
 * @luns_rwsem:	see the top of this file
 * @luns:	LUN table by number
 * @lun_map:	bit N set when @luns[N] is
 * @next_id:	identity of the next LUN created (serial, NAA designator)
 * @chans:	the open channels by sub-channel index (under @lock): a reset
 *		kicks them all to answer what they hold
 * @release_gen: bumped by each reset that releases held commands
 * @faults:	enum hvsim_stor_fault shots left
 * @chan_srbs:	EXECUTE_SRBs per channel, by sub-channel index
 * @cnt:	enum hvsim_stor_counter
 */
struct hvsim_stor {
	struct hvsim_vdev *dev;
	unsigned int keys;
	u32 nluns;
	u64 size;
	u32 sector;
	u16 vstor_max;
	u32 max_xfer;
	u64 image;
	spinlock_t lock;
	enum hvsim_stor_state state;
	u16 version;
	u16 subs;
	bool enum_pending;
	struct rw_semaphore luns_rwsem;
	struct hvsim_lun *luns[HVSIM_STOR_MAX_LUNS];
	u64 lun_map;
	u64 next_id;
	struct hvsim_vchan *chans[HVSIM_VMBUS_MAX_CHANNELS];
	atomic_t release_gen;
	atomic_t faults[HVSIM_STOR_F_COUNT];
	atomic64_t chan_srbs[HVSIM_VMBUS_MAX_CHANNELS];
	atomic64_t cnt[HVSIM_STOR_C_COUNT];
};

#define hvsim_stor_count(st, c)	atomic64_inc(&(st)->cnt[HVSIM_STOR_##c])

/* stor_image.c */
int hvsim_lun_load_phys(struct hvsim_lun *lun, u64 phys, u64 len);

/* stor_vsp.c */
void hvsim_stor_packet(struct hvsim_vchan *chan, const struct hvsim_vpkt *pkt);
bool hvsim_stor_service(struct hvsim_vchan *chan);
void hvsim_stor_bus_changed(struct hvsim_stor *st);
void hvsim_stor_reset(struct hvsim_stor *st);
const char *hvsim_stor_state_name(enum hvsim_stor_state s);
void hvsim_stor_held_free(struct hvsim_stor_chan *sc);

/* stor_fault.c */
bool hvsim_stor_fault(struct hvsim_stor *st, enum hvsim_stor_fault f);
int hvsim_stor_fault_key(const char *key, const char *val, struct hvsim_stor_fault_req *r);
int hvsim_stor_fault_check(struct hvsim_stor *st, const struct hvsim_stor_fault_req *r);
void hvsim_stor_fault_apply(struct hvsim_stor *st, const struct hvsim_stor_fault_req *r);
void hvsim_stor_fault_show(struct seq_file *m, struct hvsim_stor *st);

#endif /* HVSIM_STOR_HOST_H */
