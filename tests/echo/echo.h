/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmbus_echo, the test driver of hv_sim's echo device: what its two files
 * share. echo_main.c binds the device, opens its channels and receives;
 * echo_run.c sends, runs the debugfs commands and shows the counters.
 * Everything carries the echo_ prefix.
 */
#ifndef HVL_ECHO_H
#define HVL_ECHO_H

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "vmbus/vmbus.h"

#define ECHO_OP_INBAND		1
#define ECHO_OP_GPA		2
#define ECHO_OP_SUBCHANNELS	3
#define ECHO_OP_ERROR		0xffffffffu

#define ECHO_MAX_CHANNELS	16
#define ECHO_MAX_DATA		65536u
#define ECHO_RING_SIZE		(256 * 1024)
#define ECHO_WINDOW		16

/* how long a request may wait for its answer: echo_main.c's timeout_ms= */
extern unsigned int echo_timeout_ms;
#define ECHO_TIMEOUT		msecs_to_jiffies(echo_timeout_ms)


struct echo_hdr {
	__le32 op;
	__le32 len;
	__le64 seq;
} __packed;

enum echo_mode { ECHO_INBAND, ECHO_GPA, ECHO_MPB, ECHO_MIX, ECHO_MEMCPY };

struct echo_dev;

struct echo_chan {
	struct echo_dev *ed;
	struct vmb_channel *ch;
	int index;			/* 0 = primary */
	int read_mode;			/* 0 batched, 1 direct, 2 polled */
	bool open;
	bool dead;			/* broken by the host: nothing more comes */
	atomic_t inflight;
	int lost;			/* of those, counted as timed out (runs only) */
	wait_queue_head_t wq;
	struct work_struct poll_work;
	u8 *rxbuf;
	u32 rxlen;
	/* per-channel counters (read in stats) */
	u64 sent, ok;
	u32 cpu_changes;		/* on_cpu_change calls */
	int notified_cpu;		/* the CPU the last one named, -1: none */
};

struct echo_req {
	struct echo_chan *ec;
	u32 op;
	u32 len;
	u64 seq;
	u8 *gpa_buf;		/* the described memory (GPA ops) */
	u8 *gpa_alloc;
	u64 id;
	int sub_offered;	/* op 3 answer; -ENODEV: cancelled at close */
	struct completion *done;	/* op 3: the caller waits */
};

struct echo_dev {
	struct vmb_device *vdev;
	struct dentry *dir;
	struct mutex lock;		/* one run at a time; changes of the table */
	struct mutex chans_lock;	/* the table, for readers outside a run */
	struct echo_chan *chans[ECHO_MAX_CHANNELS];
	int nchans;			/* opened channels, primary included */
	wait_queue_head_t chan_wq;	/* a sub-channel was opened */
	bool dying;
	/*
	 * A sub-channel's rescind is waiting for the run to end (its callback
	 * needs the lock): the run stops rather than wait for answers on the
	 * other channels, whose own rescind may queue behind that callback.
	 */
	atomic_t withdrawing;
	u64 seq;
	atomic64_t sent, ok, bad, timeouts, errors, bytes, unexpected, gpadls, cancelled;
	atomic64_t cpu_changes;
	/* the last run: written under lock at its end, read by stats after */
	u64 last_packets, last_bytes, last_ns;
};

/* echo_main.c */
void echo_fill(u8 *buf, u32 len, u64 seq);
void echo_req_free(struct echo_req *r);
int echo_chan_open(struct echo_dev *ed, struct vmb_channel *ch, int index);

/* echo_run.c */
extern const struct file_operations echo_run_fops;
extern const struct file_operations echo_stats_fops;

#endif /* HVL_ECHO_H */
