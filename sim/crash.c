// SPDX-License-Identifier: GPL-2.0
/*
 * Guest crash reporting: CRASH_P0..P4 and CRASH_CTL (TLFS "Guest Crash
 * Enlightenment").
 *
 * P0..P4 are partition-wide read/write registers. Reading CRASH_CTL returns
 * what the hypervisor supports: CrashNotify (bit 63) always, CrashMessage
 * (bit 62) where the generation offers it. Writing CRASH_CTL with CrashNotify
 * set records P0..P4 as the partition's crash, prints them on the console
 * (hv_sim stands in for the host's event log) and keeps the last record for
 * debugfs. With CrashMessage also set, P3 is the GPA and P4 the length of a
 * message buffer: hv_sim reads it if it lies within one page of guest RAM
 * (anything else is reported and ignored) and prints it, non-printable bytes
 * escaped.
 *
 * A crash report comes from the guest's panic path, possibly in NMI-like
 * context with other CPUs stopped, so nothing here allocates or sleeps: the
 * message buffer is preallocated.
 *
 * Locking: hvsim_crash.lock (raw, irqsave) protects the registers and the
 * record; the console output is written after dropping it.
 */
#include <linux/ctype.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "hvsim.h"

static struct {
	raw_spinlock_t lock;
	u64 p[HVSIM_CRASH_PARAMS];
	u64 ctl;			/* last value written */
	unsigned int count;		/* crashes reported */
	u64 rec[HVSIM_CRASH_PARAMS];	/* the last crash */
	char *msg;			/* its message (PAGE_SIZE + 1 bytes), NUL-terminated */
	const char *msg_err;		/* why the message was not read */
} hvsim_crash = {
	.lock = __RAW_SPIN_LOCK_UNLOCKED(hvsim_crash.lock),
};

/* One output line per message line, escaped, at most this long */
#define HVSIM_CRASH_LINE	160

static u64 hvsim_crash_caps(void)
{
	return HVSIM_CRASH_CTL_NOTIFY | (hvsim_gen->crash_msg ? HVSIM_CRASH_CTL_NOTIFY_MSG : 0);
}

int hvsim_crash_msr_read(u32 msr, u64 *val)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&hvsim_crash.lock, flags);
	if (msr == HVSIM_MSR_CRASH_CTL)
		*val = hvsim_crash_caps();
	else
		*val = hvsim_crash.p[msr - HVSIM_MSR_CRASH_P0];
	raw_spin_unlock_irqrestore(&hvsim_crash.lock, flags);
	return 0;
}

/* Read the message buffer into the record. Caller holds the lock. */
static void hvsim_crash_read_msg(u64 gpa, u64 len)
{
	hvsim_crash.msg[0] = '\0';
	hvsim_crash.msg_err = NULL;
	if (!len || len > PAGE_SIZE || len > PAGE_SIZE - offset_in_page(gpa))
		hvsim_crash.msg_err = "length 0, or the buffer crosses a page";
	else if (hvsim_gpa_read(gpa, hvsim_crash.msg, len))
		hvsim_crash.msg_err = "not in guest RAM";
	else
		hvsim_crash.msg[len] = '\0';
}

/* Print the message line by line, escaped. */
static void hvsim_crash_print_msg(const char *msg)
{
	char line[HVSIM_CRASH_LINE + 5];
	size_t n = 0;

	for (; *msg; msg++) {
		if (*msg == '\n' || n >= HVSIM_CRASH_LINE) {
			line[n] = '\0';
			pr_emerg("guest crash message: %s\n", line);
			n = 0;
			if (*msg == '\n')
				continue;
		}
		if (isprint(*msg)) {
			line[n++] = *msg;
		} else {
			snprintf(line + n, 5, "\\x%02x", (u8)*msg);
			n += 4;
		}
	}
	if (n) {
		line[n] = '\0';
		pr_emerg("guest crash message: %s\n", line);
	}
}

int hvsim_crash_msr_write(u32 msr, u64 val)
{
	u64 rec[HVSIM_CRASH_PARAMS];
	const char *msg_err = NULL;
	bool with_msg = false;
	unsigned long flags;

	raw_spin_lock_irqsave(&hvsim_crash.lock, flags);
	if (msr != HVSIM_MSR_CRASH_CTL) {
		hvsim_crash.p[msr - HVSIM_MSR_CRASH_P0] = val;
		raw_spin_unlock_irqrestore(&hvsim_crash.lock, flags);
		return 0;
	}
	hvsim_crash.ctl = val;
	if (!(val & HVSIM_CRASH_CTL_NOTIFY)) {
		raw_spin_unlock_irqrestore(&hvsim_crash.lock, flags);
		return 0;
	}
	hvsim_crash.count++;
	memcpy(hvsim_crash.rec, hvsim_crash.p, sizeof(rec));
	memcpy(rec, hvsim_crash.p, sizeof(rec));
	hvsim_crash.msg[0] = '\0';
	hvsim_crash.msg_err = NULL;
	if ((val & HVSIM_CRASH_CTL_NOTIFY_MSG) && (hvsim_crash_caps() & HVSIM_CRASH_CTL_NOTIFY_MSG)) {
		hvsim_crash_read_msg(rec[3], rec[4]);
		msg_err = hvsim_crash.msg_err;
		with_msg = !msg_err;
	}
	raw_spin_unlock_irqrestore(&hvsim_crash.lock, flags);

	pr_emerg("guest crash: P0=%#llx P1=%#llx P2=%#llx P3=%#llx P4=%#llx\n",
		 rec[0], rec[1], rec[2], rec[3], rec[4]);
	if (msg_err)
		pr_emerg("guest crash message at GPA %#llx, %llu bytes, ignored: %s\n",
			 rec[3], rec[4], msg_err);
	/* the record's buffer is stable: only another crash report rewrites it */
	if (with_msg)
		hvsim_crash_print_msg(hvsim_crash.msg);
	hvsim_vmbus_crash_note();
	return 0;
}

int hvsim_crash_init(void)
{
	hvsim_crash.msg = kzalloc(PAGE_SIZE + 1, GFP_KERNEL);
	return hvsim_crash.msg ? 0 : -ENOMEM;
}

void hvsim_crash_exit(void)
{
	kfree(hvsim_crash.msg);
	hvsim_crash.msg = NULL;
}

void hvsim_crash_show(struct seq_file *m)
{
	unsigned long flags;
	unsigned int i;

	raw_spin_lock_irqsave(&hvsim_crash.lock, flags);
	seq_printf(m, "capabilities: %#llx\ncrashes: %u\n", hvsim_crash_caps(), hvsim_crash.count);
	for (i = 0; i < HVSIM_CRASH_PARAMS; i++)
		seq_printf(m, "P%u: %#llx\n", i, hvsim_crash.count ? hvsim_crash.rec[i] : 0);
	if (hvsim_crash.msg_err)
		seq_printf(m, "message: (ignored: %s)\n", hvsim_crash.msg_err);
	else
		seq_printf(m, "message: %s\n", hvsim_crash.msg);
	raw_spin_unlock_irqrestore(&hvsim_crash.lock, flags);
}
