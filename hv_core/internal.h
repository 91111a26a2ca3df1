/* SPDX-License-Identifier: GPL-2.0 */
/*
 * State shared between hv_core's own files. Nothing here is visible to other
 * modules: their interface is hvcore.h.
 *
 * Lifetimes: hvcore_be and hvcore_info are set once in hvcore_init() before
 * any other part starts and stay constant until module exit, so every part
 * reads them without locking.
 */
#ifndef HVCORE_INTERNAL_H
#define HVCORE_INTERNAL_H

#include <linux/seq_file.h>

#include "hvcore.h"

extern const struct hvcore_backend *hvcore_be;
extern struct hvcore_info hvcore_info;

/* partition.c: guest OS ID and hypercall page */
int hvcore_partition_init(void);
void hvcore_partition_exit(void);
void hvcore_partition_show(struct seq_file *m);
void hvcore_partition_shutdown(void);

/* hypercall.c: per-CPU hypercall argument pages */
int hvcore_hypercall_init(void);
void hvcore_hypercall_exit(void);
void hvcore_hypercall_stop(void);

/* synic_check.c: nobody else runs the SynIC */
extern bool hvcore_synic_takeover;
int hvcore_synic_check_free(void);

/* synic.c: SynIC per CPU, SINT dispatch */
int hvcore_synic_init(void);
void hvcore_synic_exit(void);
void hvcore_synic_show(struct seq_file *m);
unsigned int hvcore_synic_shutdown(void);
void hvcore_synic_crash_cpu(void);

/* crash.c: crash MSR reports on panic */
int hvcore_crash_init(void);
void hvcore_crash_exit(void);
void hvcore_crash_show(struct seq_file *m);

/* shutdown.c: kexec and kdump hand-over */
int hvcore_shutdown_init(void);
void hvcore_shutdown_exit(void);
void hvcore_shutdown_show(struct seq_file *m);

#endif /* HVCORE_INTERNAL_H */
