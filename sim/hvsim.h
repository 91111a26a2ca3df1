/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hv_sim internals: what the simulator's files share, and the hook the
 * root-partition (host) half uses to talk to the guest.
 *
 * Model. The VM hv_sim runs in is the partition; each possible CPU is one
 * virtual processor and its VP index is the CPU number. A "guest" access to a
 * per-VP register is an access by the calling CPU to its own VP, so callers of
 * the MSR backend ops keep preemption disabled (hv_core does). Guest physical
 * addresses are this VM's physical addresses: the simulator reads and writes
 * guest memory through the struct page of the GPA the guest handed over.
 *
 * Locks, outermost first (never taken the other way round):
 *   hvsim_port_lock (mutex, process context)	port registration (hypercall.c)
 *   hvsim_part.lock (raw)			partition MSRs (msr.c)
 *   hvsim_tsc.lock (raw)			reference TSC page (reftime.c)
 *   hvsim_crash.lock (raw)			crash record (crash.c)
 *   vp->lock (raw)				one VP's SynIC and stimers
 * Only one of the raw locks is ever held at a time, except that none is held
 * while calling out to a host port's callbacks or to the guest's interrupt
 * handler. All of them are taken with interrupts disabled: every backend op
 * may be called from hard interrupt context.
 */
#ifndef HVSIM_H
#define HVSIM_H

#include <linux/atomic.h>
#include <linux/hrtimer.h>
#include <linux/irq_work.h>
#include <linux/list.h>
#include <linux/seq_file.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "hv_core/backend.h"
#include "hvsim_tlfs.h"

struct hvcore_cpuid_regs;
struct dentry;
struct page;

/* ---- main.c ---- */

extern const struct hvcore_backend hvsim_backend;

/* ---- cpuid.c: the emulated host generation ---- */

/**
 * struct hvsim_gen - what one Hyper-V host generation offers its guests
 * @name:	the host= parameter value
 * @build:	version leaf: build number
 * @major:	version leaf: major version
 * @minor:	version leaf: minor version
 * @max_leaf:	highest hypervisor CPUID leaf offered
 * @priv_lo:	partition privileges, 0x40000003.EAX
 * @priv_hi:	partition privileges, 0x40000003.EBX
 * @features:	0x40000003.EDX
 * @recommendations: 0x40000004.EAX
 * @max_vps:	nominal maximum VPs per partition (raised to the VM's CPU count)
 * @max_lps:	maximum logical processors of the host
 * @phys_bits:	whether 0x40000004.ECX reports the physical address width
 * @crash_msg:	CRASH_CTL offers CrashMessage (a message buffer in P3/P4)
 */
struct hvsim_gen {
	const char *name;
	u32 build;
	u16 major;
	u16 minor;
	u32 max_leaf;
	u32 priv_lo;
	u32 priv_hi;
	u32 features;
	u32 recommendations;
	u32 max_vps;
	u32 max_lps;
	bool phys_bits;
	bool crash_msg;
};

extern const struct hvsim_gen *hvsim_gen;

int hvsim_gen_select(const char *name);
int hvsim_isolation_select(const char *name);
void hvsim_cpuid(u32 leaf, struct hvcore_cpuid_regs *regs);
bool hvsim_native_is_hyperv(void);

static inline bool hvsim_has_priv(u32 lo_bit)
{
	return hvsim_gen->priv_lo & lo_bit;
}

static inline bool hvsim_has_priv_hi(u32 hi_bit)
{
	return hvsim_gen->priv_hi & hi_bit;
}

static inline bool hvsim_has_feature(u32 edx_bit)
{
	return hvsim_gen->features & edx_bit;
}

/* ---- gpa.c: guest physical memory ---- */

int hvsim_gpa_get(u64 gpa, struct page **page);
void hvsim_gpa_put(struct page *page);
int hvsim_gpa_read(u64 gpa, void *buf, size_t len);
int hvsim_gpa_fill(u64 gpa, int byte, size_t len);

/* ---- reftime.c: partition reference time and the TSC page ---- */

int hvsim_reftime_init(void);
void hvsim_reftime_exit(void);
u64 hvsim_ref_now(void);
ktime_t hvsim_ref_to_ktime(u64 ref);
u64 hvsim_reftsc_msr_read(void);
int hvsim_reftsc_msr_write(u64 val);
bool hvsim_tsc_page_invalid(void);
void hvsim_tsc_page_set_invalid(bool invalid);
void hvsim_reftime_show(struct seq_file *m);

/* ---- msr.c: MSR dispatch and partition-wide MSRs ---- */

int hvsim_msr_read(u32 msr, u64 *val);
int hvsim_msr_write(u32 msr, u64 val);
bool hvsim_hypercall_enabled(void);
void hvsim_msr_handoff_get(u64 *guest_os_id, u64 *hypercall);
void hvsim_msr_handoff_set(u64 guest_os_id, u64 hypercall);
int hvsim_set_hypercall_page(void *va);
void hvsim_msr_show(struct seq_file *m);

/* ---- synic.c / stimer.c: per-VP state ---- */

/* a host message waiting for its SINT's slot */
struct hvsim_queued_msg {
	struct list_head node;
	struct hvsim_message msg;
};

#define HVSIM_SINT_QUEUE_MAX	64	/* host messages queued per SINT */

struct hvsim_vp;

/**
 * struct hvsim_stimer - one synthetic timer
 * @timer:	hrtimer, pinned to the host CPU (see stimer.c)
 * @vp:		its VP
 * @index:	0..3
 * @config:	STIMERx_CONFIG
 * @count:	STIMERx_COUNT
 * @exp_time:	reference time of the armed expiration; 0 when not armed
 * @msg_pending: an expiration message waits for its SINT's slot
 * @pending_exp: the expiration time that message reports
 * @fired_msg:	expirations delivered as messages
 * @fired_direct: expirations delivered as direct interrupts
 * @missed:	periods skipped because an expiration was still undelivered
 * @armed_exp:	the @exp_time @timer was last started for (0: cancelled)
 * @sync_csd:	IPI that brings @timer in line with @exp_time on the host CPU
 * @sync_ipis:	such IPIs in flight, waited for before the VP is freed
 * @sync_work:	the same, raised on the host CPU itself (see stimer.c)
 *
 * All fields but @timer, @vp, @sync_csd, @sync_ipis and @sync_work are
 * protected by the VP's lock.
 */
struct hvsim_stimer {
	struct hrtimer timer;
	struct hvsim_vp *vp;
	call_single_data_t sync_csd;
	atomic_t sync_ipis;
	struct irq_work sync_work;
	u64 armed_exp;
	unsigned int index;
	u64 config;
	u64 count;
	u64 exp_time;
	bool msg_pending;
	u64 pending_exp;
	u64 fired_msg;
	u64 fired_direct;
	u64 missed;
};

/*
 * One interrupt source of a VP: the irq_work that calls the guest's handler
 * on the VP's CPU, and the IPI that queues it there from another CPU
 * (irq_work_queue_on() is not exported to modules).
 */
struct hvsim_vp_irq {
	struct irq_work work;
	call_single_data_t csd;
	atomic_t ipis;		/* IPIs sent and not finished */
	struct hvsim_vp *vp;
	enum hvcore_irq irq;
};

/**
 * struct hvsim_vp - one virtual processor (one possible CPU)
 * @lock:	protects everything below except @index and @irq
 * @index:	VP index = CPU number
 * @online:	the CPU is online: interrupts may be queued to it
 * @dead:	module unload has begun: nothing is delivered any more
 * @irq_deferred: HVCORE_IRQ_* bits raised while the CPU was offline
 * @scontrol:	SCONTROL
 * @simp:	SIMP MSR value
 * @siefp:	SIEFP MSR value
 * @sint:	SINTx values
 * @simp_page:	the message page while SIMP is enabled (a page reference)
 * @siefp_page:	the event-flags page while SIEFP is enabled (a reference)
 * @queue:	host messages waiting per SINT, oldest first
 * @queued:	length of each @queue
 * @stimer:	the four synthetic timers
 * @irq:	one interrupt source per enum hvcore_irq
 * @messages:	messages written into a slot
 * @eoms:	EOM writes
 * @events:	event flags set
 * @irqs:	interrupts raised
 */
struct hvsim_vp {
	raw_spinlock_t lock;
	unsigned int index;		/* the guest's number for it (vp_index=) */
	unsigned int cpu;
	bool online;
	bool dead;
	unsigned long irq_deferred;
	u64 scontrol;
	u64 simp;
	u64 siefp;
	u64 sint[HVSIM_SINT_COUNT];
	struct page *simp_page;
	struct page *siefp_page;
	struct list_head queue[HVSIM_SINT_COUNT];
	unsigned int queued[HVSIM_SINT_COUNT];
	struct hvsim_stimer stimer[HVSIM_STIMER_COUNT];
	struct hvsim_vp_irq irq[HVCORE_IRQ_COUNT];
	u64 messages;
	u64 eoms;
	u64 events;
	u64 irqs;
};

/* vp.c */
/* vectors are only identifiers under hv_sim: nothing enters through the IDT */
#define HVSIM_SYNIC_VECTOR	0xf3
#define HVSIM_STIMER_VECTOR	0xf4

struct hvsim_vp *hvsim_vp(unsigned int index);
struct hvsim_vp *hvsim_cpu_vp(unsigned int cpu);
struct hvsim_vp *hvsim_this_vp(void);
int hvsim_vp_numbering_select(const char *name);
int hvsim_vps_init(void);
void hvsim_vps_exit(void);

/* synic.c */
int hvsim_synic_msr_read(struct hvsim_vp *vp, u32 msr, u64 *val);
int hvsim_synic_msr_write(struct hvsim_vp *vp, u32 msr, u64 val);
u8 hvsim_irq_vector(enum hvcore_irq irq);
int hvsim_set_irq_handler(enum hvcore_irq irq, void (*handler)(void));
void hvsim_raise_irq_locked(struct hvsim_vp *vp, enum hvcore_irq irq);
int hvsim_sint_post_locked(struct hvsim_vp *vp, unsigned int sint,
			   const struct hvsim_message *msg);
void hvsim_synic_vp_show(struct seq_file *m, struct hvsim_vp *vp);

void hvsim_stimer_init(struct hvsim_vp *vp);
void hvsim_stimer_exit(struct hvsim_vp *vp);
int hvsim_stimer_msr_read(struct hvsim_vp *vp, u32 msr, u64 *val);
int hvsim_stimer_msr_write(struct hvsim_vp *vp, u32 msr, u64 val);
bool hvsim_stimer_pending_on(struct hvsim_vp *vp, unsigned int sint);
bool hvsim_stimer_flush_locked(struct hvsim_vp *vp, unsigned int sint);
void hvsim_stimer_vp_offline_locked(struct hvsim_vp *vp);
void hvsim_stimer_vp_online_locked(struct hvsim_vp *vp);
void hvsim_stimer_show(struct seq_file *m, struct hvsim_vp *vp);

/* ---- hypercall.c ---- */

u64 hvsim_hypercall(u64 control, u64 input_gpa, u64 output_gpa);
u16 hvsim_hc_read_input(u64 gpa, void *buf, size_t len);
u64 hvsim_hc_flush_va_list(u64 control, u64 input_gpa);	/* hc_flush.c */
u64 hvsim_hypercall_fast(u64 control, u64 input1, u64 input2);
void hvsim_hypercall_exit(void);
void hvsim_hypercall_show(struct seq_file *m);

/* ---- crash.c ---- */

int hvsim_msr_preset(void);
void hvsim_msr_preset_exit(void);
int hvsim_crash_init(void);
void hvsim_crash_exit(void);
int hvsim_crash_msr_read(u32 msr, u64 *val);
int hvsim_crash_msr_write(u32 msr, u64 val);
/* the host half's part of a crash report (vmbus_crash.c) */
void hvsim_vmbus_crash_note(void);
bool hvsim_vmbus_crash_post(const void *payload, u32 size);
bool hvsim_vmbus_crash_unloaded(void);

/* ---- platform.c: the kernel's crash path, as Hyper-V's platform code hooks it ---- */

void hvsim_platform_init(void);
void hvsim_platform_exit(void);
bool hvsim_guest_crashing(void);
int hvsim_set_kexec_handler(void (*handler)(void));
int hvsim_set_crash_handler(void (*handler)(struct pt_regs *regs));

/* ---- handoff.c: the partition's state across kexec and kdump ---- */

int hvsim_handoff_init(void);
void hvsim_handoff_exit(void);
void hvsim_handoff_save(const char *how);
void hvsim_crash_show(struct seq_file *m);

/* ---- debugfs.c ---- */

void hvsim_debugfs_init(void);
void hvsim_debugfs_exit(void);

/* ---- statistics (partition-wide, lock-free) ---- */

enum hvsim_hc_stat {
	HVSIM_HC_STAT_POST_MESSAGE,
	HVSIM_HC_STAT_SIGNAL_EVENT,
	HVSIM_HC_STAT_OTHER,
	HVSIM_HC_STAT_COUNT
};

struct hvsim_stats {
	atomic64_t msr_invalid;		/* MSRs the partition may not use: #GP */
	atomic64_t msr_refused;		/* valid MSR, refused value/access: #GP */
	atomic64_t msr_writes;		/* every synthetic MSR write the guest tried */
	atomic64_t hc[HVSIM_HC_STAT_COUNT];
	atomic64_t hc_disabled;		/* hypercall with the HYPERCALL MSR off */
	atomic64_t hc_bad_input;	/* INVALID_HYPERCALL_INPUT otherwise */
	atomic64_t hc_failed;		/* any other non-success status */
	atomic64_t flush_calls;		/* HvCallFlushVirtualAddressList calls done */
	atomic64_t flush_gvas;		/* list elements they completed */
	atomic64_t msg_delivered;	/* written into a slot */
	atomic64_t msg_queued;		/* slot busy: queued, MessagePending set */
	atomic64_t msg_dropped;		/* refused: no SIMP, queue full */
	atomic64_t eoms;
	atomic64_t events;		/* event flags newly set */
	atomic64_t irqs;		/* interrupts raised */
	atomic64_t irqs_deferred;	/* raised while the CPU was offline */
	atomic64_t irqs_unhandled;	/* raised with no handler installed */
	atomic64_t irqs_bad_vector;	/* SINT/stimer vector not ours: not raised */
	atomic64_t stimer_msg;
	atomic64_t stimer_direct;
	atomic64_t stimer_missed;
};

extern struct hvsim_stats hvsim_stats;

#define hvsim_count(field)	atomic64_inc(&hvsim_stats.field)

/* ---- the host hook (host half of hv_sim; not exported) ---- */

int hvsim_port_register(u32 connection_id,
			int (*post)(void *ctx, u32 msg_type, const void *payload, u32 size),
			int (*signal)(void *ctx, u16 flag), void *ctx);
void hvsim_port_unregister(u32 connection_id);
int hvsim_deliver_message(unsigned int vp, unsigned int sint, u32 message_type,
			  const void *payload, u32 size);
int hvsim_signal_guest_event(unsigned int vp, unsigned int sint, unsigned int flag);

#endif /* HVSIM_H */
