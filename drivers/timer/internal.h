/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hv_timer internals shared by its files:
 *   main.c	module parameters, ownership checks, init/exit, debugfs
 *   refclock.c	reference time: the TSC page clocksource, TIME_REF_COUNT
 *   stimer.c	per-CPU stimer0 clockevents (direct or message mode)
 *   tsc_page.c	portable TSC page arithmetic (also in tests/unit)
 *   timer_msg.c	portable check of timer messages (also in tests/unit)
 */
#ifndef _HVT_INTERNAL_H
#define _HVT_INTERNAL_H

#include <linux/clockchips.h>
#include <linux/percpu.h>
#include <linux/types.h>

#include "hv_core/hvcore.h"

/* The stimer's delivery mode; also the values of the mode= parameter */
enum hvt_mode {
	HVT_MODE_AUTO,		/* direct when possible, else message */
	HVT_MODE_DIRECT,	/* the stimer raises its own APIC vector */
	HVT_MODE_MESSAGE,	/* the stimer posts a SynIC message */
	HVT_MODE_NONE,		/* no clockevents (the active mode, or mode=none) */
};

/*
 * Per-CPU state. The counters are written only by their own CPU (from
 * interrupt, NMI or clock-read context, with this_cpu ops) and summed
 * without locks by debugfs, so a reader may see a slightly old value.
 */
struct hvt_cpu {
	struct clock_event_device ce;
	bool live;		/* ce registered; written by this CPU only */
	u64 expirations;	/* stimer0 interrupts or messages taken */
	u64 bad_messages;	/* malformed timer messages dropped */
	u64 fallback_reads;	/* reads of TIME_REF_COUNT: page invalid/torn */
	u64 msr_errors;		/* failed synthetic MSR accesses */
};

DECLARE_PER_CPU(struct hvt_cpu, hvt_cpu);

/* refclock.c */
int hvt_refclock_init(const struct hvcore_info *info);
void hvt_refclock_exit(void);
void hvt_refclock_shutdown(void);
u64 hvt_ref_read(void);
bool hvt_refclock_active(void);
void hvt_refclock_show(struct seq_file *m);

/* stimer.c */
int hvt_stimer_init(const struct hvcore_info *info, enum hvt_mode want);
void hvt_stimer_exit(void);
void hvt_stimer_shutdown(void);
void hvt_stimer_crash(void);
enum hvt_mode hvt_stimer_mode(void);
void hvt_stimer_show(struct seq_file *m);

extern const char * const hvt_mode_names[];

#endif /* _HVT_INTERNAL_H */
