// SPDX-License-Identifier: GPL-2.0
/*
 * Hypercalls: slow (memory), rep (memory, with continuation) and fast
 * (register) calls, and the two the VMBus needs, HvPostMessage and
 * HvSignalEvent.
 *
 * Memory-based calls pass the guest physical addresses of an input and an
 * output page. Each CPU owns one of each, allocated at load for every
 * possible CPU; a call copies its arguments in and its results out with
 * interrupts disabled, so that an interrupt handler issuing a hypercall on
 * the same CPU cannot reuse the pages under a running call. Callers may
 * therefore call from any context, including hard interrupt context.
 */
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/irqflags.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/smp.h>

#include "internal.h"
#include "status.h"

struct hvcore_hc_pages {
	void *in;
	void *out;
};

static DEFINE_PER_CPU(struct hvcore_hc_pages, hvcore_hc_pages);
/* set before a kexec, before the hypercall page goes: every call fails from then on */
static bool hvcore_hc_stopped;

int hvcore_hypercall_init(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct hvcore_hc_pages *p = per_cpu_ptr(&hvcore_hc_pages, cpu);

		p->in = (void *)__get_free_page(GFP_KERNEL | __GFP_ZERO);
		p->out = (void *)__get_free_page(GFP_KERNEL | __GFP_ZERO);
		if (!p->in || !p->out) {
			hvcore_hypercall_exit();
			return -ENOMEM;
		}
	}
	return 0;
}

void hvcore_hypercall_exit(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct hvcore_hc_pages *p = per_cpu_ptr(&hvcore_hc_pages, cpu);

		free_page((unsigned long)p->in);
		free_page((unsigned long)p->out);
		p->in = NULL;
		p->out = NULL;
	}
}

static void hvcore_hc_sync(void *unused)
{
}

/**
 * hvcore_hypercall_stop() - fail every hypercall from now on (kexec)
 *
 * Before the hypercall page is disabled for a kexec, while the other CPUs
 * still run: a call that went into the page after that would run whatever
 * the page holds once the hypervisor no longer overlays it. Every call runs
 * with interrupts off, so once each CPU has taken an interrupt after the flag
 * was set, no call is inside the page and none will enter it.
 *
 * Context: process context.
 */
void hvcore_hypercall_stop(void)
{
	WRITE_ONCE(hvcore_hc_stopped, true);
	on_each_cpu(hvcore_hc_sync, NULL, 1);
}

static u64 hvcore_call_pages(u64 control, const void *input, size_t in_size,
			     void *output, size_t out_size)
{
	struct hvcore_hc_pages *p;
	unsigned long flags;
	u64 result;

	local_irq_save(flags);
	if (unlikely(READ_ONCE(hvcore_hc_stopped))) {
		local_irq_restore(flags);
		return HVCORE_STATUS_ACCESS_DENIED;
	}
	p = this_cpu_ptr(&hvcore_hc_pages);
	if (in_size)
		memcpy(p->in, input, in_size);
	result = hvcore_be->hypercall(control, in_size ? virt_to_phys(p->in) : 0,
				      out_size ? virt_to_phys(p->out) : 0);
	if (out_size)
		memcpy(output, p->out, out_size);
	local_irq_restore(flags);
	return result;
}

/**
 * hvcore_hypercall() - issue a simple memory-based hypercall
 * @code:	call code
 * @input:	input block, copied to this CPU's input page
 * @in_size:	its size, at most PAGE_SIZE (0: no input page)
 * @output:	buffer for the output block
 * @out_size:	its size, at most PAGE_SIZE (0: no output page)
 *
 * Context: any; does not sleep.
 * Return: the HV_STATUS_* code; hvcore_status_to_errno() converts it.
 */
u16 hvcore_hypercall(u16 code, const void *input, size_t in_size,
		     void *output, size_t out_size)
{
	if (WARN_ON_ONCE(in_size > PAGE_SIZE || out_size > PAGE_SIZE))
		return HVCORE_STATUS_INVALID_PARAMETER;
	return hvcore_hc_status(hvcore_call_pages(hvcore_hc_input(code, false, 0, 0),
						  input, in_size, output, out_size));
}
EXPORT_SYMBOL_GPL(hvcore_hypercall);

/**
 * hvcore_hypercall_rep() - issue a rep hypercall, continuing until done
 * @code:	call code
 * @rep_count:	number of list elements, 1..HVCORE_HC_REP_MAX
 * @varhead_size: size of the variable header in bytes, a multiple of 8
 * @input:	fixed header, variable header and the element list
 * @in_size:	total input size, at most PAGE_SIZE
 * @output:	buffer for @rep_count output elements (NULL if none)
 * @out_rep_size: size of one output element (0 if none)
 * @reps_done:	set to the number of elements completed, also on error
 *
 * The hypervisor may return before finishing the list; the call is then
 * reissued from the first unfinished element, as the TLFS prescribes.
 *
 * Context: any; does not sleep.
 * Return: the HV_STATUS_* code of the last call.
 */
u16 hvcore_hypercall_rep(u16 code, u16 rep_count, size_t varhead_size,
			 const void *input, size_t in_size,
			 void *output, size_t out_rep_size, u16 *reps_done)
{
	size_t out_size = (size_t)rep_count * out_rep_size;
	u16 done = 0, status;
	u64 control, result;

	*reps_done = 0;
	if (WARN_ON_ONCE(!rep_count || rep_count > HVCORE_HC_REP_MAX ||
			 varhead_size % 8 || in_size > PAGE_SIZE || out_size > PAGE_SIZE))
		return HVCORE_STATUS_INVALID_PARAMETER;
	do {
		control = hvcore_hc_input(code, false, rep_count, done) |
			  ((u64)(varhead_size / 8) << HVCORE_HC_VARHEAD_SHIFT);
		result = hvcore_call_pages(control, input, in_size, output, out_size);
		status = hvcore_hc_status(result);
		/* an untrusted count that goes backwards or past the end ends the call */
		if (hvcore_hc_reps_done(result) < done || hvcore_hc_reps_done(result) > rep_count) {
			pr_err_ratelimited("hypercall %#x: bogus rep count %u (had %u of %u)\n",
					   code, hvcore_hc_reps_done(result), done, rep_count);
			return HVCORE_STATUS_INVALID_HYPERCALL_INPUT;
		}
		done = hvcore_hc_reps_done(result);
		*reps_done = done;
	} while (status == HVCORE_STATUS_SUCCESS && done < rep_count);
	return status;
}
EXPORT_SYMBOL_GPL(hvcore_hypercall_rep);

/**
 * hvcore_hypercall_fast() - issue a register-based hypercall
 * @code:	call code
 * @input1:	first input register (RDX)
 * @input2:	second input register (R8)
 *
 * Context: any; does not sleep.
 * Return: the HV_STATUS_* code.
 */
u16 hvcore_hypercall_fast(u16 code, u64 input1, u64 input2)
{
	unsigned long flags;
	u64 result = HVCORE_STATUS_ACCESS_DENIED;

	/* interrupts off for hvcore_hypercall_stop(), as for the memory calls */
	local_irq_save(flags);
	if (likely(!READ_ONCE(hvcore_hc_stopped)))
		result = hvcore_be->hypercall_fast(hvcore_hc_input(code, true, 0, 0),
						   input1, input2);
	local_irq_restore(flags);
	return hvcore_hc_status(result);
}
EXPORT_SYMBOL_GPL(hvcore_hypercall_fast);

/* HvPostMessage input block (TLFS) */
struct hvcore_post_message_input {
	u32 connection_id;
	u32 reserved;
	u32 message_type;
	u32 payload_size;
	u8 payload[HVCORE_MESSAGE_PAYLOAD_SIZE];
} __packed;

static void hvcore_log_status(const char *what, u32 id, u16 status)
{
	pr_warn_ratelimited("%s on connection %u failed: %s (%#x)\n", what, id,
			    hvcore_status_name(status), status);
}

/**
 * hvcore_post_message() - send a message to the host (HvPostMessage)
 * @connection_id: the host's message connection
 * @message_type: a positive message type
 * @payload:	the message, at most HVCORE_MESSAGE_PAYLOAD_SIZE bytes
 * @size:	its size
 *
 * Context: any; does not sleep.
 * Return: 0, -EINVAL for a bad size or type, or the errno of the hypervisor's
 * status (-ENOBUFS when the host's queue is full: retry later; -ENXIO for
 * INVALID_CONNECTION_ID, which a busy host also returns now and then).
 * Neither is logged here: the caller knows which it is.
 */
int hvcore_post_message(u32 connection_id, u32 message_type, const void *payload, size_t size)
{
	struct hvcore_post_message_input in = {
		.connection_id = connection_id,
		.message_type = message_type,
		.payload_size = size,
	};
	u16 status;

	if (size > sizeof(in.payload) || (message_type & BIT(31)))
		return -EINVAL;
	memcpy(in.payload, payload, size);
	status = hvcore_hypercall(HVCORE_CALL_POST_MESSAGE, &in, sizeof(in), NULL, 0);
	/* a full queue and a busy or absent connection are the caller's to judge */
	if (status != HVCORE_STATUS_SUCCESS && status != HVCORE_STATUS_INSUFFICIENT_BUFFERS &&
	    status != HVCORE_STATUS_INVALID_CONNECTION_ID)
		hvcore_log_status("HvPostMessage", connection_id, status);
	return hvcore_status_to_errno(status);
}
EXPORT_SYMBOL_GPL(hvcore_post_message);

/**
 * hvcore_signal_event() - set an event flag in the host (HvSignalEvent)
 * @connection_id: the host's event connection
 * @flag_number: the flag to set
 *
 * Context: any; does not sleep.
 * Return: 0 or the errno of the hypervisor's status.
 */
int hvcore_signal_event(u32 connection_id, u16 flag_number)
{
	u16 status = hvcore_hypercall_fast(HVCORE_CALL_SIGNAL_EVENT,
					   connection_id | ((u64)flag_number << 32), 0);

	if (status != HVCORE_STATUS_SUCCESS)
		hvcore_log_status("HvSignalEvent", connection_id, status);
	return hvcore_status_to_errno(status);
}
EXPORT_SYMBOL_GPL(hvcore_signal_event);
