// SPDX-License-Identifier: GPL-2.0
/*
 * Guest physical memory, as the hypervisor sees it.
 *
 * Under hv_sim the guest's physical addresses are this VM's physical
 * addresses, so a GPA the guest hands over (overlay pages, hypercall
 * input/output pages, the crash message buffer) is turned into its struct
 * page and accessed through the kernel's direct map. x86-64 has no highmem, so
 * page_address() is valid for every RAM page in any context, which is what
 * lets these helpers run in hard interrupt context without kmap.
 *
 * Only ordinary, allocated RAM pages are accepted: the PFN must have a struct
 * page, must not be reserved (firmware, kernel image, holes that may not even
 * be mapped; the shared zero page is the one exception) and must be in use
 * (refcount non-zero). Overlay pages are held
 * with a page reference while the overlay is enabled, so a guest that frees
 * such a page early leaks it instead of handing memory the simulator still
 * writes to somebody else. Dropping the last reference of a page the guest
 * already freed frees it; on PREEMPT_RT that must not happen in hard
 * interrupt context, which only a guest freeing an enabled overlay page can
 * cause.
 *
 * Locking: none; callers serialise access to what they map.
 */
#include <linux/mm.h>
#include <linux/string.h>

#include "hvsim.h"

/*
 * Slab pages and large kmalloc pages are "frozen" on newer kernels (7.x):
 * allocated, in use, yet with a reference count of zero, which no
 * reference can be taken on. A guest hands such memory over too (an skb's
 * head in a GPA-direct packet). They are accepted without a reference: the
 * guest keeps the memory until the host completes the request, and the
 * host's access ends before that. The test depends only on what the page
 * is while allocated, so hvsim_gpa_put() makes the same decision.
 */
static bool hvsim_gpa_frozen(struct page *head)
{
	return !page_count(head) && (PageSlab(head) || PageLargeKmalloc(head));
}

/*
 * The shared zero page is kernel-image memory (reserved), yet a guest
 * hands it over as ordinary data: the block layer writes zeroes from it
 * (blkdev_issue_zeroout()). It is always mapped and never freed, so it is
 * accepted, borrowed like a frozen page.
 */
static bool hvsim_gpa_borrowed(struct page *p)
{
	return is_zero_pfn(page_to_pfn(p)) || hvsim_gpa_frozen(compound_head(p));
}

/**
 * hvsim_gpa_get() - take a reference to the RAM page holding a GPA
 * @gpa:	guest physical address (any offset within the page)
 * @page:	set to the page on success
 *
 * Context: any.
 * Return: 0, or -EFAULT if the GPA is not an ordinary allocated RAM page.
 */
int hvsim_gpa_get(u64 gpa, struct page **page)
{
	unsigned long pfn = gpa >> PAGE_SHIFT;
	struct page *p, *head;

	BUILD_BUG_ON(IS_ENABLED(CONFIG_HIGHMEM));
	if (!pfn_valid(pfn))
		return -EFAULT;
	p = pfn_to_page(pfn);
	if (is_zero_pfn(pfn)) {
		*page = p;	/* borrowed: hvsim_gpa_put() knows it by the same test */
		return 0;
	}
	if (PageReserved(p))
		return -EFAULT;
	/*
	 * A page of a compound allocation (a large kmalloc, a huge page)
	 * keeps its reference count on the head page, and a guest may hand
	 * over any of its pages: take the reference there (put_page() of the
	 * tail drops it). A free page has a count of zero and is refused.
	 * Should the allocation be split meanwhile, the head we counted is
	 * no longer this page's: refuse rather than guess.
	 */
	head = compound_head(p);
	if (hvsim_gpa_frozen(head)) {
		*page = p;	/* borrowed: hvsim_gpa_put() knows it by the same test */
		return 0;
	}
	if (!get_page_unless_zero(head))
		return -EFAULT;
	if (unlikely(compound_head(p) != head)) {
		put_page(head);
		return -EFAULT;
	}
	*page = p;
	return 0;
}

/**
 * hvsim_gpa_put() - drop a reference taken by hvsim_gpa_get()
 * @page:	the page, or NULL
 *
 * Context: any (see the PREEMPT_RT note at the top of this file).
 */
void hvsim_gpa_put(struct page *page)
{
	if (page && !hvsim_gpa_borrowed(page))
		put_page(page);
}

/**
 * hvsim_gpa_read() - copy guest memory out
 * @gpa:	start, guest physical
 * @buf:	destination
 * @len:	bytes; the range must not cross a page boundary
 *
 * Context: any.
 * Return: 0, -EINVAL for a range crossing a page, -EFAULT for a bad GPA.
 */
int hvsim_gpa_read(u64 gpa, void *buf, size_t len)
{
	size_t off = offset_in_page(gpa);
	struct page *page;
	int ret;

	if (len > PAGE_SIZE - off)
		return -EINVAL;
	ret = hvsim_gpa_get(gpa, &page);
	if (ret)
		return ret;
	memcpy(buf, page_address(page) + off, len);
	hvsim_gpa_put(page);
	return 0;
}

/**
 * hvsim_gpa_fill() - fill guest memory with a byte
 * @gpa:	start, guest physical
 * @byte:	the value
 * @len:	bytes; the range must not cross a page boundary
 *
 * Context: any.
 * Return: 0, -EINVAL for a range crossing a page, -EFAULT for a bad GPA.
 */
int hvsim_gpa_fill(u64 gpa, int byte, size_t len)
{
	size_t off = offset_in_page(gpa);
	struct page *page;
	int ret;

	if (len > PAGE_SIZE - off)
		return -EINVAL;
	ret = hvsim_gpa_get(gpa, &page);
	if (ret)
		return ret;
	memset(page_address(page) + off, byte, len);
	hvsim_gpa_put(page);
	return 0;
}
