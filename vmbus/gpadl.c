// SPDX-License-Identifier: GPL-2.0
/*
 * GPADLs: buffers described to the host page by page, which it may then
 * access by handle (channel rings, netvsc receive and send buffers).
 *
 * A buffer of N pages is one range of N PFNs. The first PFNs travel in
 * GPADL_HEADER, the rest in GPADL_BODY messages, each as full as a SynIC
 * message allows; the host answers GPADL_CREATED (matched by relid and
 * handle) once it has them all. Handles are ours to choose, unique across
 * the connection. A GPADL holds a reference to its channel, so the channel
 * outlives every GPADL made on it, even across a rescind; after a rescind
 * the host has dropped the GPADL itself, and teardown only forgets it.
 */
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "hv_core/hvcore.h"
#include "internal.h"

#define VMB_GPADL_HDR_PFNS	VMBUS_GPADL_HEADER_MAX_PFNS
#define VMB_GPADL_BODY_PFNS	VMBUS_GPADL_BODY_MAX_PFNS

static_assert(VMB_HV_PAGE_SIZE == VMBUS_PAGE_SIZE);
/* a kernel page is whole Hyper-V pages: 4 KiB on x86, up to 64 KiB elsewhere */
static_assert(PAGE_SIZE % VMB_HV_PAGE_SIZE == 0);

/**
 * vmb_virt_to_hv_pfn() - the Hyper-V page frame number of a kernel address
 * @addr:	in the linear map (kmalloc, page allocator) or in vmalloc space
 *
 * The Hyper-V page holding @addr, which with a PAGE_SIZE above 4 KiB is one
 * of several in the kernel page: buffers are walked in VMB_HV_PAGE_SIZE
 * steps, never in PAGE_SIZE steps.
 *
 * Context: any.
 */
u64 vmb_virt_to_hv_pfn(const void *addr)
{
	phys_addr_t pa;

	if (is_vmalloc_addr(addr))
		pa = page_to_phys(vmalloc_to_page(addr)) + offset_in_page(addr);
	else
		pa = virt_to_phys((void *)addr);
	return pa >> VMB_HV_PAGE_SHIFT;
}
EXPORT_SYMBOL_GPL(vmb_virt_to_hv_pfn);

static int vmb_gpadl_post(struct vmb_channel *ch, u32 handle, const u8 *buf, u32 npages)
{
	u8 msgbuf[HVCORE_MESSAGE_PAYLOAD_SIZE] __aligned(8);
	struct vmbus_chanmsg_gpadl_header *hdr = (void *)msgbuf;
	struct vmbus_chanmsg_gpadl_body *body = (void *)msgbuf;
	struct vmbus_gpa_range *range;
	u32 i, n, done, msgnumber = 0;
	u64 *pfns;
	int ret;

	memset(msgbuf, 0, sizeof(msgbuf));
	hdr->header.msgtype = VMBUS_CHANMSG_GPADL_HEADER;
	hdr->child_relid = ch->relid;
	hdr->gpadl = handle;
	hdr->range_buflen = sizeof(struct vmbus_gpa_range) + npages * sizeof(u64);
	hdr->rangecount = 1;
	range = (void *)((u8 *)hdr + offsetof(struct vmbus_chanmsg_gpadl_header, range));
	range->byte_count = npages * VMB_HV_PAGE_SIZE;
	range->byte_offset = 0;
	pfns = range->pfn_array;
	n = min_t(u32, npages, VMB_GPADL_HDR_PFNS);
	for (i = 0; i < n; i++)
		pfns[i] = vmb_virt_to_hv_pfn(buf + (size_t)i * VMB_HV_PAGE_SIZE);
	ret = vmb_post(msgbuf, (u8 *)(pfns + n) - msgbuf);
	if (ret)
		return ret;

	for (done = n; done < npages; done += n) {
		memset(msgbuf, 0, sizeof(msgbuf));
		body->header.msgtype = VMBUS_CHANMSG_GPADL_BODY;
		body->msgnumber = ++msgnumber;
		body->gpadl = handle;
		n = min_t(u32, npages - done, VMB_GPADL_BODY_PFNS);
		for (i = 0; i < n; i++)
			body->pfn[i] = vmb_virt_to_hv_pfn(buf + (size_t)(done + i) * VMB_HV_PAGE_SIZE);
		ret = vmb_post(msgbuf, sizeof(*body) + n * sizeof(u64));
		if (ret)
			return ret;
	}
	return 0;
}

/**
 * vmb_gpadl_create() - let the host access a buffer
 * @ch:		the channel the GPADL belongs to (open or not)
 * @buf:	page-aligned, from vmalloc() or the page allocator
 * @size:	a multiple of 4 KiB
 * @gpadl:	filled in on success; give it to vmb_gpadl_teardown()
 *
 * Context: process context; sleeps until the host answers.
 * Return: 0; -EINVAL; -ENODEV (rescinded); -EIO (the host refused);
 * -ENOMEM; -ETIMEDOUT: the host did not answer, and may still map the
 * buffer later, so the caller must leak it rather than free or reuse it.
 */
int vmb_gpadl_create(struct vmb_channel *ch, void *buf, u32 size, struct vmb_gpadl *gpadl)
{
	u32 npages = size / VMB_HV_PAGE_SIZE, handle;
	struct vmb_waiter *w;
	int ret;

	BUILD_BUG_ON(VMB_GPADL_HDR_PFNS < 1 || VMB_GPADL_BODY_PFNS < 1);
	if (!size || size % VMB_HV_PAGE_SIZE || !PAGE_ALIGNED(buf) ||
	    sizeof(struct vmbus_gpa_range) + (u64)npages * sizeof(u64) > U16_MAX)
		return -EINVAL;
	if (READ_ONCE(ch->rescinded))
		return -ENODEV;
	w = kmalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return -ENOMEM;
	/* never 0, which means "no GPADL" */
	do {
		handle = atomic_inc_return(&vmb_conn.next_gpadl);
	} while (!handle);

	vmb_waiter_add(w, VMBUS_CHANMSG_GPADL_CREATED, ch->relid, handle);
	ret = vmb_gpadl_post(ch, handle, buf, npages);
	if (ret) {
		vmb_waiter_del(w);
		goto free;
	}
	ret = vmb_waiter_wait(w, vmb_response_timeout);
	if (ret)
		goto free;
	if (w->resp.gpadl_created.creation_status) {
		pr_warn("relid %u: the host refused GPADL %#x of %u pages (status %#x)\n",
			ch->relid, handle, npages, w->resp.gpadl_created.creation_status);
		ret = -EIO;
		goto free;
	}
	kobject_get(&ch->kobj);
	gpadl->handle = handle;
	gpadl->buf = buf;
	gpadl->size = size;
free:
	kfree(w);
	return ret;
}
EXPORT_SYMBOL_GPL(vmb_gpadl_create);

/**
 * vmb_gpadl_teardown() - take a buffer back from the host
 * @ch:		the channel given to vmb_gpadl_create()
 * @gpadl:	the GPADL; its handle is 0 afterwards
 *
 * Waits for GPADL_TORNDOWN; after it the host no longer touches the
 * buffer. After a rescind nothing is sent: the host dropped the GPADL.
 * Either way the GPADL is finished on our side (its handle is 0 and its
 * reference on @ch dropped): there is nothing to retry.
 *
 * Context: process context; sleeps.
 * Return: 0 (the buffer may be freed); -ETIMEDOUT or another error: the
 * host may still use the buffer, which must then be leaked.
 */
int vmb_gpadl_teardown(struct vmb_channel *ch, struct vmb_gpadl *gpadl)
{
	struct vmbus_chanmsg_gpadl_teardown msg = {};
	struct vmb_waiter w;
	int ret = 0;

	if (!gpadl->handle)
		return 0;
	if (READ_ONCE(ch->rescinded) || READ_ONCE(vmb_conn.state) != VMB_CONNECTED)
		goto forget;
	msg.header.msgtype = VMBUS_CHANMSG_GPADL_TEARDOWN;
	msg.child_relid = ch->relid;
	msg.gpadl = gpadl->handle;
	vmb_waiter_add(&w, VMBUS_CHANMSG_GPADL_TORNDOWN, ch->relid, gpadl->handle);
	ret = vmb_post(&msg, sizeof(msg));
	if (ret)
		vmb_waiter_del(&w);
	else
		ret = vmb_waiter_wait(&w, vmb_response_timeout);
	/* a rescind while we waited: the host dropped it anyway */
	if (ret == -ENODEV)
		ret = 0;
	/*
	 * On failure too: only the buffer, which the host may still map,
	 * must outlive this, not the channel. Holding the reference leaked
	 * the channel (kmemleak on the debug kernel, 42-vmbus-knobs), and for
	 * the channel's own rings' GPADL it would keep itself alive.
	 */
forget:
	gpadl->handle = 0;
	vmb_chan_put(ch);
	return ret;
}
EXPORT_SYMBOL_GPL(vmb_gpadl_teardown);
