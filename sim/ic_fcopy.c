// SPDX-License-Identifier: GPL-2.0
/*
 * The host's file-copy service (Hyper-V's Copy-VMFile): a file goes into
 * the guest as START (directory, name, flags, size), WRITE fragments of up
 * to 6 KiB at their offsets, then COMPLETE; each step waits for the
 * answer to the one before, and a failed or unanswered step ends the copy.
 *
 * The control file names a source file ("fcopy src=/tmp/a dir=/tmp/in
 * name=b"): it is read whole when the line is written (up to 16 MiB), and
 * stands in for the host's file. cancel_after=N sends CANCEL after N
 * fragments instead of finishing. The state, bytes copied and the status
 * that ended the copy are in the "ic" file.
 *
 * Faults (ic_ctl fault=): fcopy_no_nul sends the next START with a file
 * name without its terminator, fcopy_bad_size the next WRITE with a size
 * past its field; the guest must answer each with a failure, which ends
 * the copy.
 *
 * Version offered: 1.1 (every generation since Windows Server 2012).
 *
 * Context: ic->lock held (the I/O work, the tick, or the control file),
 * but hvsim_ic_fcopy_read() (process context, no lock).
 */
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "hvsim.h"
#include "ic_host.h"

#define HVSIM_FCOPY_SRC_MAX	(16 << 20)

static const char *const hvsim_fcopy_states[] = {
	[HVSIM_FCOPY_IDLE] = "idle",
	[HVSIM_FCOPY_COPYING] = "copying",
	[HVSIM_FCOPY_DONE] = "done",
	[HVSIM_FCOPY_CANCELLED] = "cancelled",
	[HVSIM_FCOPY_FAILED] = "failed",
};

unsigned int hvsim_ic_versions_fcopy(u32 *v, unsigned int max)
{
	v[0] = HVSIM_IC_V(1, 1);
	return 1;
}

/**
 * hvsim_ic_fcopy_body() - the body of the copy's next step
 * @ic:		the service
 * @body:	where
 *
 * Return: the body's bytes.
 */
u32 hvsim_ic_fcopy_body(struct hvsim_ic *ic, u8 *body)
{
	struct hvsim_ic_fcopy *f = &ic->fcopy;
	struct hvsim_fcopy_start *s = (struct hvsim_fcopy_start *)body;
	struct hvsim_fcopy_data *w = (struct hvsim_fcopy_data *)body;
	struct hvsim_fcopy_hdr *h = (struct hvsim_fcopy_hdr *)body;
	unsigned int i;
	u32 n;

	f->sent = f->next;
	switch (f->next) {
	case HVSIM_FCOPY_START:
		memset(s, 0, sizeof(*s));
		s->hdr.op = HVSIM_FCOPY_START;
		hvsim_ic_utf16_field(f->name, s->file_name, HVSIM_FCOPY_NAME_MAX);
		hvsim_ic_utf16_field(f->dir, s->path_name, HVSIM_FCOPY_NAME_MAX);
		s->copy_flags = f->flags;
		s->file_size = f->size;
		if (ic->faults & HVSIM_IC_F_FCOPY_NO_NUL) {
			ic->faults &= ~HVSIM_IC_F_FCOPY_NO_NUL;
			ic->c[HVSIM_IC_C_FAULTS]++;
			for (i = 0; i < HVSIM_FCOPY_NAME_MAX; i++)
				s->file_name[i] = cpu_to_le16('F');
		}
		return sizeof(*s);
	case HVSIM_FCOPY_WRITE:
		n = min_t(u32, f->size - f->off, HVSIM_FCOPY_FRAGMENT);
		memset(w, 0, offsetof(struct hvsim_fcopy_data, data));
		w->hdr.op = HVSIM_FCOPY_WRITE;
		w->offset = f->off;
		w->size = n;
		memcpy(w->data, f->data + f->off, n);
		if (ic->faults & HVSIM_IC_F_FCOPY_BAD_SIZE) {
			ic->faults &= ~HVSIM_IC_F_FCOPY_BAD_SIZE;
			ic->c[HVSIM_IC_C_FAULTS]++;
			w->size = HVSIM_FCOPY_FRAGMENT + 1;
		}
		return offsetof(struct hvsim_fcopy_data, data) + n;
	}
	/* COMPLETE or CANCEL: the header alone */
	memset(h, 0, sizeof(*h));
	h->op = f->next;
	return sizeof(*h);
}

/* the copy is over: its data goes with the next copy or the device */
static void hvsim_fcopy_end(struct hvsim_ic *ic, enum hvsim_fcopy_state state, u32 status)
{
	ic->fcopy.state = state;
	ic->fcopy.status = status;
}

/**
 * hvsim_ic_fcopy_answered() - the guest's answer to the copy's step
 * @ic:		the service
 * @status:	its status
 *
 * A success moves the copy on (the next step is due at once); a failure
 * ends it.
 */
void hvsim_ic_fcopy_answered(struct hvsim_ic *ic, u32 status)
{
	struct hvsim_ic_fcopy *f = &ic->fcopy;

	if (f->state != HVSIM_FCOPY_COPYING)
		return;
	if (status) {
		hvsim_fcopy_end(ic, HVSIM_FCOPY_FAILED, status);
		pr_info("ic: fcopy: step %u answered %#x: the copy ends\n", f->sent, status);
		return;
	}
	switch (f->sent) {
	case HVSIM_FCOPY_START:
		f->next = f->size ? HVSIM_FCOPY_WRITE : HVSIM_FCOPY_COMPLETE;
		break;
	case HVSIM_FCOPY_WRITE:
		f->off += min_t(u32, f->size - f->off, HVSIM_FCOPY_FRAGMENT);
		f->fragments++;
		if (f->cancel_after && f->fragments >= f->cancel_after)
			f->next = HVSIM_FCOPY_CANCEL;
		else if (f->off >= f->size)
			f->next = HVSIM_FCOPY_COMPLETE;
		break;
	case HVSIM_FCOPY_COMPLETE:
		hvsim_fcopy_end(ic, HVSIM_FCOPY_DONE, 0);
		return;
	case HVSIM_FCOPY_CANCEL:
		hvsim_fcopy_end(ic, HVSIM_FCOPY_CANCELLED, 0);
		return;
	}
	ic->due |= HVSIM_IC_DUE_FCOPY;
}

/**
 * hvsim_ic_fcopy_lost() - the copy's step went unanswered, or the channel
 * closed under it: the copy ends
 * @ic:		the service
 */
void hvsim_ic_fcopy_lost(struct hvsim_ic *ic)
{
	if (ic->fcopy.state == HVSIM_FCOPY_COPYING)
		hvsim_fcopy_end(ic, HVSIM_FCOPY_FAILED, 0);
	ic->due &= ~HVSIM_IC_DUE_FCOPY;
}

/**
 * hvsim_ic_fcopy_read() - read the source file the control file named
 * @path:	its path
 * @data:	its bytes (vmalloc; the caller frees them)
 * @size:	their count
 *
 * Context: process context, no lock held.
 * Return: 0, or a negative errno (logged).
 */
int hvsim_ic_fcopy_read(const char *path, u8 **data, u32 *size)
{
	struct file *f;
	loff_t pos = 0, len;
	ssize_t n;
	u8 *buf;
	int ret;

	f = filp_open(path, O_RDONLY, 0);
	if (IS_ERR(f)) {
		pr_warn("ic_ctl: src=%s: cannot open (%ld)\n", path, PTR_ERR(f));
		return PTR_ERR(f);
	}
	len = i_size_read(file_inode(f));
	if (len < 0 || len > HVSIM_FCOPY_SRC_MAX) {
		pr_warn("ic_ctl: src=%s: %lld bytes: at most %d\n", path, len, HVSIM_FCOPY_SRC_MAX);
		ret = -EINVAL;
		goto close;
	}
	buf = vmalloc(len ?: 1);
	if (!buf) {
		ret = -ENOMEM;
		goto close;
	}
	while (pos < len) {
		n = kernel_read(f, buf + pos, len - pos, &pos);
		if (n <= 0) {
			pr_warn("ic_ctl: src=%s: read failed at %lld (%zd)\n", path, pos, n);
			vfree(buf);
			ret = n ? n : -EIO;
			goto close;
		}
	}
	*data = buf;
	*size = len;
	ret = 0;
close:
	filp_close(f, NULL);
	return ret;
}

/**
 * hvsim_ic_fcopy_show() - the file-copy part of the device's "ic" line
 * @m:		the seq_file
 * @ic:		the service (ic->lock held)
 */
void hvsim_ic_fcopy_show(struct seq_file *m, struct hvsim_ic *ic)
{
	struct hvsim_ic_fcopy *f = &ic->fcopy;

	seq_printf(m, " copy=%s copy_size=%u copied=%u fragments=%u copy_status=%#x",
		   hvsim_fcopy_states[f->state], f->size, f->off, f->fragments, f->status);
}
