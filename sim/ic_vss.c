// SPDX-License-Identifier: GPL-2.0
/*
 * The host's VSS service: the operations a backup sends (freeze, thaw,
 * the hot-backup check, ...), one at a time from the ic_ctl file ("vss
 * vss=freeze"); the last answer's status and flags in the "ic" file.
 *
 * Versions offered (openvmm's names): 4.0 (Windows Server 2012), 5.0
 * (2012 R2: freeze and thaw), 6.0 (2016), 7.0 (2016 UR1, here from 2019).
 *
 * Every request is 40 bytes: the operation and its data, zero here.
 *
 * Context: ic->lock held (the I/O work, or the control file).
 */
#include <linux/kernel.h>
#include <linux/seq_file.h>
#include <linux/string.h>

#include "hvsim.h"
#include "ic_host.h"

static const char *const hvsim_vss_ops[HVSIM_VSS_OPS] = {
	[HVSIM_VSS_CREATE] = "create",
	[HVSIM_VSS_DELETE] = "delete",
	[HVSIM_VSS_HOT_BACKUP] = "hot_backup",
	[HVSIM_VSS_GET_DM_INFO] = "dm_info",
	[HVSIM_VSS_BU_COMPLETE] = "bu_complete",
	[HVSIM_VSS_FREEZE] = "freeze",
	[HVSIM_VSS_THAW] = "thaw",
	[HVSIM_VSS_AUTO_RECOVER] = "auto_recover",
};

unsigned int hvsim_ic_versions_vss(u32 *v, unsigned int max)
{
	unsigned int n = 0;

	v[n++] = HVSIM_IC_V(4, 0);
	v[n++] = HVSIM_IC_V(5, 0);
	if (hvsim_gen->build >= 14393)
		v[n++] = HVSIM_IC_V(6, 0);
	if (hvsim_gen->build >= 17763)
		v[n++] = HVSIM_IC_V(7, 0);
	return n;
}

/**
 * hvsim_ic_vss_body() - the body of the VSS request the control file asked
 * @ic:		the service
 * @body:	where
 *
 * Return: the body's bytes.
 */
u32 hvsim_ic_vss_body(struct hvsim_ic *ic, u8 *body)
{
	struct hvsim_vss_msg *m = (struct hvsim_vss_msg *)body;

	memset(m, 0, sizeof(*m));
	m->op = ic->vss.op;
	return sizeof(*m);
}

/**
 * hvsim_ic_vss_answered() - the guest's answer to the VSS request
 * @ic:		the service
 * @status:	its status
 * @body:	its body
 * @len:	its bytes (a success shorter than the 12 of the operation and
 *		flags: a bad answer)
 */
void hvsim_ic_vss_answered(struct hvsim_ic *ic, u32 status, const u8 *body, u32 len)
{
	const struct hvsim_vss_msg *m = (const struct hvsim_vss_msg *)body;

	ic->vss.done++;
	ic->vss.status = status;
	ic->vss.flags = 0;
	if (status)
		return;		/* a failure may echo whatever it was sent */
	if (len < offsetof(struct hvsim_vss_msg, data)) {
		ic->c[HVSIM_IC_C_BAD_ANSWER]++;
		pr_warn_ratelimited("ic: vss: answer of %u bytes, shorter than the message\n", len);
		return;
	}
	ic->vss.flags = m->flags;
}

/**
 * hvsim_ic_vss_op() - the vss= key of an ic_ctl line
 * @val:	an operation's name, or its number (0..255)
 * @op:		the operation
 *
 * Return: 0, or -EINVAL.
 */
int hvsim_ic_vss_op(const char *val, u8 *op)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(hvsim_vss_ops); i++) {
		if (!strcmp(val, hvsim_vss_ops[i])) {
			*op = i;
			return 0;
		}
	}
	return kstrtou8(val, 0, op) ? -EINVAL : 0;
}

/**
 * hvsim_ic_vss_show() - the VSS part of the device's "ic" line
 * @m:		the seq_file
 * @ic:		the service (ic->lock held)
 */
void hvsim_ic_vss_show(struct seq_file *m, struct hvsim_ic *ic)
{
	seq_printf(m, " vss_op=%u vss_answers=%llu vss_status=%#x vss_flags=%#x",
		   ic->vss.op, ic->vss.done, ic->vss.status, ic->vss.flags);
}
