/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hv_sim's integration services: heartbeat, shutdown, time sync, KVP, VSS
 * and file copy, each a device class with one channel (dev_ic.c; the
 * control file in ic_ctl.c), on one framework (ic_pipe.c):
 * the host negotiates versions when the guest opens the channel, then
 * sends one request at a time and waits for its answer.
 *
 * Locking: ic->lock (a spinlock) guards every field of struct hvsim_ic
 * below it; the channel's I/O work, the periodic tick and the control file
 * take it. The control file also holds hvsim_vmbus.lock, which keeps the
 * device (and its open/close) still; the tick never takes that lock, so
 * close may cancel the tick synchronously.
 */
#ifndef _HVSIM_IC_HOST_H
#define _HVSIM_IC_HOST_H

#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "hvsim_ic.h"
#include "vmbus_host.h"

enum hvsim_ic_kind {
	HVSIM_IC_K_HEARTBEAT,
	HVSIM_IC_K_SHUTDOWN,
	HVSIM_IC_K_TIMESYNC,
	HVSIM_IC_K_KVP,
	HVSIM_IC_K_VSS,
	HVSIM_IC_K_FCOPY,
	HVSIM_IC_K_COUNT
};

enum hvsim_ic_state {
	HVSIM_IC_CLOSED,	/* the guest has not opened the channel */
	HVSIM_IC_NEGOTIATING,	/* open: versions offered (or to offer) */
	HVSIM_IC_READY,		/* versions agreed */
	HVSIM_IC_FAILED,	/* no common version, or a bad answer: silent
				 * until the guest opens the channel again */
};

/* requests the host owes (ic->due), sent one at a time in this order */
#define HVSIM_IC_DUE_NEGOTIATE	BIT(0)
#define HVSIM_IC_DUE_SHUTDOWN	BIT(1)
#define HVSIM_IC_DUE_SYNC	BIT(2)
#define HVSIM_IC_DUE_SAMPLE	BIT(3)
#define HVSIM_IC_DUE_HEARTBEAT	BIT(4)
#define HVSIM_IC_DUE_UNKNOWN	BIT(5)
#define HVSIM_IC_DUE_KVP	BIT(6)
#define HVSIM_IC_DUE_VSS	BIT(7)
#define HVSIM_IC_DUE_FCOPY	BIT(8)	/* the copy's next step */

/* one-shot faults (ic->faults): each applies to the next message it can */
#define HVSIM_IC_F_BAD_VERSION	BIT(0)	/* negotiation lists versions no guest has */
#define HVSIM_IC_F_TRUNCATE	BIT(1)	/* a request cut short inside its body */
#define HVSIM_IC_F_BAD_LENGTH	BIT(2)	/* the IC header claims more than is sent */
#define HVSIM_IC_F_BAD_PIPE	BIT(3)	/* a pipe header of the wrong type */
#define HVSIM_IC_F_SHORT	BIT(4)	/* a packet shorter than the headers */
#define HVSIM_IC_F_NO_ANSWER	BIT(5)	/* the next answer is ignored: the host times out */
#define HVSIM_IC_F_KVP_NO_NUL	BIT(6)	/* a KVP key without its terminator */
#define HVSIM_IC_F_KVP_BAD_SIZE	BIT(7)	/* a KVP key size past the key field */
#define HVSIM_IC_F_FCOPY_NO_NUL	BIT(8)	/* a file name without its terminator */
#define HVSIM_IC_F_FCOPY_BAD_SIZE BIT(9) /* a fragment size past its field */

enum hvsim_ic_counter {
	HVSIM_IC_C_NEGOTIATED,
	HVSIM_IC_C_NO_VERSION,
	HVSIM_IC_C_REQUESTS,
	HVSIM_IC_C_ANSWERS,
	HVSIM_IC_C_FAILED,	/* answers with a failure status */
	HVSIM_IC_C_BAD_ANSWER,
	HVSIM_IC_C_NO_ANSWER,	/* timed out */
	HVSIM_IC_C_HEARTBEATS,	/* heartbeats answered with the right number */
	HVSIM_IC_C_FAULTS,	/* faults injected */
	HVSIM_IC_C_COUNT
};

/**
 * struct hvsim_ic_class - what differs between the services
 * @kind:	which
 * @name:	new_device type and control-file name
 * @msg_type:	its requests' message type
 * @versions:	message versions the host offers, per generation: a
 *		function of hvsim_gen (oldest first, as hosts list them)
 * @period_ms:	default period of its unasked requests (0: none)
 */
struct hvsim_ic_class {
	enum hvsim_ic_kind kind;
	const char *name;
	u16 msg_type;
	unsigned int (*versions)(u32 *v, unsigned int max);
	unsigned int period_ms;
};

/* one adapter's IP settings as the control file and the ic_kvp file have them */
#define HVSIM_IP_STR	256

struct hvsim_ic_ip {
	char adapter[HVSIM_KVP_ADAPTER_MAX];
	char addr[HVSIM_IP_STR];
	char subnet[HVSIM_IP_STR];
	char gateway[HVSIM_IP_STR];
	char dns[HVSIM_IP_STR];
	u8 family;
	u8 dhcp;
};

/**
 * struct hvsim_ic_kvp - the KVP request to send, and the last answer
 * @op:		HVSIM_KVP_*
 * @pool:	0..4
 * @index:	for ENUMERATE
 * @type:	value type for SET: HVSIM_KVP_SZ, _DWORD, _QWORD
 * @num:	the number of a DWORD or QWORD value
 * @key:	ASCII, NUL-terminated
 * @value:	ASCII, NUL-terminated (SET of a string)
 * @done:	answers seen
 * @status:	the last answer's status
 * @akey:	its key (ENUMERATE), as ASCII ('?' for any other character)
 * @avalue:	its value (GET, ENUMERATE)
 * @ip:		the settings to send (GET_IP_INFO: the adapter and family)
 * @aip:	the settings a GET_IP_INFO answer carried
 */
struct hvsim_ic_kvp {
	u8 op;
	u8 pool;
	u32 index;
	u32 type;
	u64 num;
	char key[HVSIM_KVP_KEY_MAX / 2];
	char value[HVSIM_KVP_VALUE_MAX / 2];
	u64 done;
	u32 status;
	char akey[HVSIM_KVP_KEY_MAX / 2];
	char avalue[HVSIM_KVP_VALUE_MAX / 2];
	struct hvsim_ic_ip ip;
	struct hvsim_ic_ip aip;
};

/**
 * struct hvsim_ic_vss - the VSS request to send, and the last answer
 * @op:		HVSIM_VSS_*
 * @done:	answers seen
 * @status:	the last answer's status
 * @flags:	its flags (HOT_BACKUP's: the guest's backup capabilities)
 */
struct hvsim_ic_vss {
	u8 op;
	u64 done;
	u32 status;
	u32 flags;
};

enum hvsim_fcopy_state {
	HVSIM_FCOPY_IDLE,
	HVSIM_FCOPY_COPYING,
	HVSIM_FCOPY_DONE,	/* COMPLETE answered with success */
	HVSIM_FCOPY_CANCELLED,	/* CANCEL answered */
	HVSIM_FCOPY_FAILED,	/* a step failed or went unanswered */
};

/**
 * struct hvsim_ic_fcopy - the file being copied in
 * @data:	its bytes, read from the source file by the control file
 *		(vmalloc; freed with the device or the next copy)
 * @size:	their count
 * @off:	bytes sent so far
 * @next:	the next step: HVSIM_FCOPY_START, _WRITE, _COMPLETE, _CANCEL
 * @sent:	the step out
 * @flags:	START's copy flags
 * @cancel_after: fragments to send before a CANCEL (0: COMPLETE at the end)
 * @fragments:	fragments answered
 * @dir:	the guest directory (ASCII)
 * @name:	the file name (ASCII)
 * @state:	see enum hvsim_fcopy_state
 * @status:	the status of the step that ended the copy
 */
struct hvsim_ic_fcopy {
	u8 *data;
	u32 size;
	u32 off;
	u32 next;
	u32 sent;
	u32 flags;
	u32 cancel_after;
	u32 fragments;
	char dir[HVSIM_FCOPY_NAME_MAX];
	char name[HVSIM_FCOPY_NAME_MAX];
	enum hvsim_fcopy_state state;
	u32 status;
};

/**
 * struct hvsim_ic - one IC device's host state
 * @dev:	its device
 * @cls:	its service
 * @msg:	the message being built (I/O work only)
 * @lock:	guards what follows
 * @chan:	the open channel, or NULL
 * @state:	see enum hvsim_ic_state
 * @fw:		agreed framework version
 * @ver:	agreed message version
 * @waiting:	a request is out; its type and when it went
 * @wait_type:	its message type
 * @sent_at:	jiffies
 * @seq:	the last heartbeat number sent
 * @due:	HVSIM_IC_DUE_*
 * @faults:	HVSIM_IC_F_*
 * @shutdown_flags: flags of the shutdown request to send
 * @offset_ms:	the host clock's offset from the real time, in samples
 * @period_ms:	period of unasked requests (heartbeats, time samples)
 * @answer_ms:	how long an answer is awaited
 * @next_periodic: jiffies of the next unasked request
 * @last_status: status of the last answer
 * @c:		counters
 * @tick:	every 100 ms while the channel is open: periods, timeouts
 * @kvp:	the KVP service's request and answer
 * @vss:	the VSS service's
 * @fcopy:	the file-copy service's copy
 */
struct hvsim_ic {
	struct hvsim_vdev *dev;
	const struct hvsim_ic_class *cls;
	u8 *msg;
	spinlock_t lock;
	struct hvsim_vchan *chan;
	enum hvsim_ic_state state;
	u32 fw;
	u32 ver;
	bool waiting;
	u16 wait_type;
	unsigned long sent_at;
	u64 seq;
	u32 due;
	u32 faults;
	u32 shutdown_flags;
	s64 offset_ms;
	unsigned int period_ms;
	unsigned int answer_ms;
	unsigned long next_periodic;
	u32 last_status;
	u64 c[HVSIM_IC_C_COUNT];
	struct delayed_work tick;
	struct hvsim_ic_kvp kvp;
	struct hvsim_ic_vss vss;
	struct hvsim_ic_fcopy fcopy;
};

/* ic_pipe.c: the framework */
void hvsim_ic_start(struct hvsim_ic *ic, struct hvsim_vchan *chan);
void hvsim_ic_stop(struct hvsim_ic *ic);
bool hvsim_ic_service(struct hvsim_vchan *chan);
void hvsim_ic_packet(struct hvsim_vchan *chan, const struct hvsim_vpkt *pkt);
void hvsim_ic_tick(struct work_struct *work);
const char *hvsim_ic_state_name(enum hvsim_ic_state s);

/* ic_util.c: the bodies of heartbeat, shutdown and time-sync requests */
void hvsim_ic_clock_init(void);
u32 hvsim_ic_body(struct hvsim_ic *ic, u32 due, u8 *body, u16 *type);
void hvsim_ic_answered(struct hvsim_ic *ic, u16 type, const u8 *body, u32 len);
extern const struct hvsim_ic_class hvsim_ic_classes[HVSIM_IC_K_COUNT];

/* ic_kvp.c: the KVP service */
unsigned int hvsim_ic_versions_kvp(u32 *v, unsigned int max);
u32 hvsim_ic_kvp_body(struct hvsim_ic *ic, u8 *body);
void hvsim_ic_kvp_answered(struct hvsim_ic *ic, u32 status, const u8 *body, u32 len);
int hvsim_ic_kvp_key(struct hvsim_ic_kvp *r, const char *key, const char *val);
void hvsim_ic_kvp_show(struct seq_file *m, struct hvsim_ic *ic);
void hvsim_ic_utf16_field(const char *s, __le16 *out, u32 units);

/* ic_vss.c: the VSS service */
unsigned int hvsim_ic_versions_vss(u32 *v, unsigned int max);
u32 hvsim_ic_vss_body(struct hvsim_ic *ic, u8 *body);
void hvsim_ic_vss_answered(struct hvsim_ic *ic, u32 status, const u8 *body, u32 len);
int hvsim_ic_vss_op(const char *val, u8 *op);
void hvsim_ic_vss_show(struct seq_file *m, struct hvsim_ic *ic);

/* ic_fcopy.c: the file-copy service */
unsigned int hvsim_ic_versions_fcopy(u32 *v, unsigned int max);
u32 hvsim_ic_fcopy_body(struct hvsim_ic *ic, u8 *body);
void hvsim_ic_fcopy_answered(struct hvsim_ic *ic, u32 status);
void hvsim_ic_fcopy_lost(struct hvsim_ic *ic);
int hvsim_ic_fcopy_read(const char *path, u8 **data, u32 *size);
void hvsim_ic_fcopy_show(struct seq_file *m, struct hvsim_ic *ic);

/* dev_ic.c */
void hvsim_ic_show(struct seq_file *m);
void hvsim_ic_kvp_file(struct seq_file *m);
int hvsim_ic_create_at_load(const char *list);
bool hvsim_ic_dev(const struct hvsim_vdev *dev);

/* ic_ctl.c: the control file */
int hvsim_ic_ctl(char *line);
bool hvsim_ic_printable(const char *s, size_t max);

#endif /* _HVSIM_IC_HOST_H */
