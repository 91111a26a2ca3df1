// SPDX-License-Identifier: GPL-2.0
/*
 * The partition's state across a kexec or into a kdump kernel.
 *
 * On Hyper-V nothing resets a partition when its kernel kexecs or crashes
 * into kdump: the next kernel finds every VP's SynIC, the hypercall page,
 * the guest OS ID, the reference TSC page, the stimers and the VMBus
 * connection as the old kernel left them. hv_sim lives in the old kernel and
 * dies with it, so it keeps that state in a page both kernels leave alone:
 *
 *   hv_sim.handoff=<physical address>   with memmap=4K$<address> on the
 *                                        command line of both kernels
 *
 * When the old kernel goes, hv_sim writes into that page what the hypervisor
 * and the host hold for the partition, right after the guest's kexec or
 * crash handler ran (platform.c), as the machine shutdown or crash shutdown
 * would leave it. At load, the next kernel's hv_sim takes the registers it
 * finds there as the state it starts from (the SynIC's, the hypercall and
 * guest OS ID MSRs; stimers and the TSC page are reported, not restored),
 * so hv_core meets what it would meet on Hyper-V, and prints one line that
 * says what the old kernel left behind: "clean", or every piece of state
 * that would still be live. The pages those registers name belong to the old kernel; hv_sim
 * never writes them (it takes the register values, not the overlays), which
 * is the one place where it is kinder than the real thing, and the line says
 * what the real hypervisor would have kept overlaying or writing.
 *
 * Context of the save: process context (device shutdown) or the crashing
 * CPU with interrupts off (crash); it reads without locks, as the state no
 * longer changes. The load runs in hv_sim's init, after the VPs exist and
 * before any guest module can use them.
 */
#include <linux/io.h>
#include <linux/moduleparam.h>
#include <linux/string.h>

#include "hvsim.h"
#include "vmbus_host.h"

static unsigned long handoff;
module_param(handoff, ulong, 0444);
MODULE_PARM_DESC(handoff,
		 "physical address of a page reserved in this and the next kernel (memmap=4K$addr) that carries the partition's state across kexec and kdump (default 0: none)");

#define HVSIM_HANDOFF_MAGIC	0x314f48534d495348ULL	/* "HSIMSHO1" */
#define HVSIM_HANDOFF_VPS	16	/* more VPs than this are not carried over */

struct hvsim_handoff_vp {
	u64 scontrol, simp, siefp;
	u64 sint[HVSIM_SINT_COUNT];
	u64 stimer_config[HVSIM_STIMER_COUNT];
};

struct hvsim_handoff {
	u64 magic;
	char how[16];			/* "kexec", "crash" */
	u32 nr_vps;
	u32 vmbus_state;		/* enum hvsim_vconn_state */
	u32 vmbus_version;
	u32 vmbus_open;			/* channels open */
	u64 guest_os_id, hypercall, ref_tsc;
	struct hvsim_handoff_vp vp[HVSIM_HANDOFF_VPS];
};

static struct hvsim_handoff *hvsim_ho;

/**
 * hvsim_handoff_save() - write the partition's state for the next kernel
 * @how:	"kexec/reboot" or "crash"
 *
 * Context: see the top of this file.
 */
void hvsim_handoff_save(const char *how)
{
	struct hvsim_handoff *h = hvsim_ho;
	struct hvsim_vdev *dev;
	struct hvsim_vchan *chan;
	unsigned int i, j, open = 0;

	if (!h)
		return;
	memset(h, 0, sizeof(*h));
	strscpy(h->how, how, sizeof(h->how));
	h->nr_vps = min_t(unsigned int, nr_cpu_ids, HVSIM_HANDOFF_VPS);
	for (i = 0; i < h->nr_vps; i++) {
		struct hvsim_vp *vp = hvsim_vp(i);

		if (!vp)
			continue;
		h->vp[i].scontrol = READ_ONCE(vp->scontrol);
		h->vp[i].simp = READ_ONCE(vp->simp);
		h->vp[i].siefp = READ_ONCE(vp->siefp);
		for (j = 0; j < HVSIM_SINT_COUNT; j++)
			h->vp[i].sint[j] = READ_ONCE(vp->sint[j]);
		for (j = 0; j < HVSIM_STIMER_COUNT; j++)
			h->vp[i].stimer_config[j] = READ_ONCE(vp->stimer[j].config);
	}
	hvsim_msr_handoff_get(&h->guest_os_id, &h->hypercall);
	h->ref_tsc = hvsim_reftsc_msr_read();
	h->vmbus_state = READ_ONCE(hvsim_vmbus.state);
	h->vmbus_version = READ_ONCE(hvsim_vmbus.version);
	/* the host's own view, unlocked: nothing changes any more */
	list_for_each_entry(dev, &hvsim_vmbus.devices, node)
		list_for_each_entry(chan, &dev->chans, node)
			open += chan->open;
	if (hvsim_vmbus_crash_unloaded())
		h->vmbus_state = HVSIM_VCONN_DISCONNECTED;
	h->vmbus_open = h->vmbus_state == HVSIM_VCONN_DISCONNECTED ? 0 : open;
	/* last: a page without it is never taken */
	smp_wmb();
	WRITE_ONCE(h->magic, HVSIM_HANDOFF_MAGIC);
}

/* "0-1" style list of the VPs whose @what is enabled, into @buf */
static char *hvsim_handoff_vps(const struct hvsim_handoff *h, bool (*on)(const struct hvsim_handoff_vp *),
			       char *buf, size_t len)
{
	unsigned int i;
	size_t n = 0;

	buf[0] = 0;
	for (i = 0; i < h->nr_vps && n < len; i++)
		if (on(&h->vp[i]))
			n += scnprintf(buf + n, len - n, "%s%u", n ? "," : "", i);
	return buf;
}

static bool hvsim_ho_synic_on(const struct hvsim_handoff_vp *v)
{
	return (v->simp | v->siefp | v->scontrol) & 1;
}

static bool hvsim_ho_stimer_on(const struct hvsim_handoff_vp *v)
{
	unsigned int j;

	for (j = 0; j < HVSIM_STIMER_COUNT; j++)
		if (v->stimer_config[j] & 1)
			return true;
	return false;
}

/* One line: what the old kernel left behind, as the real hypervisor would keep it. */
static void hvsim_handoff_report(const struct hvsim_handoff *h)
{
	char synic[64], stimer[64], what[320];
	size_t n = 0;

	hvsim_handoff_vps(h, hvsim_ho_synic_on, synic, sizeof(synic));
	hvsim_handoff_vps(h, hvsim_ho_stimer_on, stimer, sizeof(stimer));
	if (synic[0])
		n += scnprintf(what + n, sizeof(what) - n, " SynIC on VPs %s;", synic);
	if (stimer[0])
		n += scnprintf(what + n, sizeof(what) - n, " stimers armed on VPs %s;", stimer);
	if (h->hypercall & HVSIM_HYPERCALL_ENABLE)
		n += scnprintf(what + n, sizeof(what) - n, " hypercall page overlaying GPA %#llx;",
			       h->hypercall & HVSIM_GPA_PAGE_MASK);
	if (h->ref_tsc & HVSIM_OVERLAY_ENABLE)
		n += scnprintf(what + n, sizeof(what) - n, " reference TSC page overlaying GPA %#llx;",
			       h->ref_tsc & HVSIM_GPA_PAGE_MASK);
	if (h->guest_os_id)
		n += scnprintf(what + n, sizeof(what) - n, " guest OS ID %#llx;", h->guest_os_id);
	if (h->vmbus_state != HVSIM_VCONN_DISCONNECTED)
		n += scnprintf(what + n, sizeof(what) - n,
			       " VMBus connected with %u open channels (the host writes their rings);",
			       h->vmbus_open);
	if (!n)
		pr_info("handoff after %s: the previous kernel left a clean partition\n", h->how);
	else
		pr_info("handoff after %s: the previous kernel left:%s\n", h->how, what);
}

/**
 * hvsim_handoff_init() - map the handoff page, take and report what it holds
 *
 * Runs after the VPs exist and before the guest can see them.
 *
 * Context: process context (module init).
 * Return: 0, or -EINVAL for an address that is not page-aligned or cannot be
 * mapped.
 */
int hvsim_handoff_init(void)
{
	struct hvsim_handoff *h;
	unsigned int i, j;

	BUILD_BUG_ON(sizeof(struct hvsim_handoff) > PAGE_SIZE);
	if (!handoff)
		return 0;
	if (handoff & ~PAGE_MASK) {
		pr_err("handoff=%#lx: not page-aligned\n", handoff);
		return -EINVAL;
	}
	h = memremap(handoff, PAGE_SIZE, MEMREMAP_WB);
	if (!h) {
		pr_err("handoff=%#lx: cannot map it (reserve it with memmap=4K$%#lx)\n",
		       handoff, handoff);
		return -EINVAL;
	}
	if (READ_ONCE(h->magic) == HVSIM_HANDOFF_MAGIC) {
		smp_rmb();
		h->how[sizeof(h->how) - 1] = 0;
		h->nr_vps = min_t(u32, h->nr_vps, HVSIM_HANDOFF_VPS);
		hvsim_handoff_report(h);
		for (i = 0; i < h->nr_vps; i++) {
			struct hvsim_vp *vp = hvsim_vp(i);

			if (!vp)
				continue;
			/* the registers, not the overlays: those pages are the old kernel's */
			vp->scontrol = h->vp[i].scontrol;
			vp->simp = h->vp[i].simp;
			vp->siefp = h->vp[i].siefp;
			for (j = 0; j < HVSIM_SINT_COUNT; j++)
				vp->sint[j] = h->vp[i].sint[j];
		}
		hvsim_msr_handoff_set(h->guest_os_id, h->hypercall);
	} else {
		pr_info("handoff page at %#lx: nothing from a previous kernel\n", handoff);
	}
	/* each kernel's state is written afresh when it goes */
	WRITE_ONCE(h->magic, 0);
	hvsim_ho = h;
	return 0;
}

void hvsim_handoff_exit(void)
{
	if (!hvsim_ho)
		return;
	memunmap(hvsim_ho);
	hvsim_ho = NULL;
}
