// SPDX-License-Identifier: GPL-2.0
/*
 * Hypercalls, and the host ports behind HvPostMessage and HvSignalEvent.
 *
 * Both backend entries (memory-based and fast) lead to one dispatcher, which
 * reads the hypercall input value the way the TLFS defines it: call code
 * 15:0, fast 16, variable header size 26:17, rep count 43:32, rep start
 * 59:48; bits 31:27, 47:44 and 63:60 are reserved (bit 31, "nested", is only
 * meaningful to a root partition on a nested hypervisor). Status comes back
 * in bits 15:0 of the result, reps completed in 43:32 (only the rep call,
 * HvCallFlushVirtualAddressList in hc_flush.c, reports any).
 *
 * Checks, in this order:
 *  1. the HYPERCALL MSR is disabled: real hardware would #UD (the page is not
 *     there); hv_sim returns HV_STATUS_INVALID_HYPERCALL_INPUT and counts it;
 *  2. reserved bits set: INVALID_HYPERCALL_INPUT;
 *  3. unknown call code: INVALID_HYPERCALL_CODE;
 *  4. a simple call with a rep count, rep start or variable header:
 *     INVALID_HYPERCALL_INPUT (the rep call checks its own control bits);
 *  5. the partition lacks the call's privilege: ACCESS_DENIED;
 *  6. a memory-based input block not 8-byte aligned or crossing a page:
 *     INVALID_ALIGNMENT; a GPA that is not guest RAM: INVALID_PARAMETER.
 *
 * HvPostMessage (0x005C) is memory-based only (its 256-byte input cannot
 * travel in two registers): {connection ID, reserved, message type, payload
 * size, payload[240]}. Reserved must be 0, the type non-zero without bit 31,
 * the size at most 240: else INVALID_PARAMETER. No port for the connection:
 * INVALID_CONNECTION_ID. The port's post() then decides: 0 SUCCESS,
 * -ENOBUFS/-EAGAIN INSUFFICIENT_BUFFERS, -ENXIO INVALID_CONNECTION_ID (a
 * transient refusal, as a busy host gives), anything else INVALID_PARAMETER.
 *
 * HvSignalEvent (0x005D) is a simple call with 8 bytes of input, {connection
 * ID (32), flag number (16), reserved (16)}: fast (input in the first
 * register) as Linux issues it, or memory-based, both per the TLFS. Reserved
 * non-zero or a flag number of 2048 or more: INVALID_PARAMETER. No port:
 * INVALID_CONNECTION_ID.
 *
 * Ports are the host half's end of a connection (hvsim_port_register()).
 * Their callbacks run in the guest's hypercall context: any context, with
 * interrupts possibly disabled. They must not sleep and should copy what
 * they need and defer the work.
 *
 * Locking: ports live in an xarray, looked up under rcu_read_lock(), added
 * and removed under hvsim_port_lock (a mutex: registration is process
 * context only); removal waits for a grace period, so a callback never runs
 * after hvsim_port_unregister() returns.
 */
#include <linux/bitfield.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#include "hvsim.h"

struct hvsim_port {
	int (*post)(void *ctx, u32 msg_type, const void *payload, u32 size);
	int (*signal)(void *ctx, u16 flag);
	void *ctx;
};

static DEFINE_XARRAY(hvsim_ports);
static DEFINE_MUTEX(hvsim_port_lock);

/**
 * hvsim_port_register() - accept a guest connection in the host
 * @connection_id: the connection ID the guest names in its hypercalls
 * @post:	called for HvPostMessage on it (NULL: not a message connection)
 * @signal:	called for HvSignalEvent on it (NULL: not an event connection)
 * @ctx:	passed to both
 *
 * The callbacks run in the guest's hypercall context (any context, never
 * sleeping). @post returns 0, -ENOBUFS when the host's queue is full (the
 * guest sees HV_STATUS_INSUFFICIENT_BUFFERS and retries) or another negative
 * errno for a message it rejects (HV_STATUS_INVALID_PARAMETER). @signal
 * returns 0 or a negative errno (HV_STATUS_INVALID_PARAMETER).
 *
 * Context: process context; sleeps.
 * Return: 0, -EINVAL if both callbacks are NULL, -EBUSY if the connection is
 * taken, -ENOMEM.
 */
int hvsim_port_register(u32 connection_id,
			int (*post)(void *ctx, u32 msg_type, const void *payload, u32 size),
			int (*signal)(void *ctx, u16 flag), void *ctx)
{
	struct hvsim_port *port;
	int ret;

	if (!post && !signal)
		return -EINVAL;
	port = kzalloc(sizeof(*port), GFP_KERNEL);
	if (!port)
		return -ENOMEM;
	port->post = post;
	port->signal = signal;
	port->ctx = ctx;
	mutex_lock(&hvsim_port_lock);
	ret = xa_insert(&hvsim_ports, connection_id, port, GFP_KERNEL);
	mutex_unlock(&hvsim_port_lock);
	if (ret)
		kfree(port);
	return ret;
}

/**
 * hvsim_port_unregister() - close a connection
 * @connection_id: a connection registered with hvsim_port_register()
 *
 * After it returns, the port's callbacks are not running and never called
 * again; the guest's hypercalls on it fail with INVALID_CONNECTION_ID.
 *
 * Context: process context; sleeps.
 */
void hvsim_port_unregister(u32 connection_id)
{
	struct hvsim_port *port;

	mutex_lock(&hvsim_port_lock);
	port = xa_erase(&hvsim_ports, connection_id);
	mutex_unlock(&hvsim_port_lock);
	if (!port)
		return;
	synchronize_rcu();
	kfree(port);
}

/**
 * hvsim_hypercall_exit() - drop ports the host half left behind
 *
 * Context: module exit.
 */
void hvsim_hypercall_exit(void)
{
	struct hvsim_port *port;
	unsigned long id;

	xa_for_each(&hvsim_ports, id, port) {
		pr_warn("connection %lu still registered at unload\n", id);
		xa_erase(&hvsim_ports, id);
		synchronize_rcu();
		kfree(port);
	}
	xa_destroy(&hvsim_ports);
}

static u16 hvsim_errno_to_status(int err)
{
	if (!err)
		return HVSIM_STATUS_SUCCESS;
	if (err == -ENOBUFS || err == -EAGAIN)
		return HVSIM_STATUS_INSUFFICIENT_BUFFERS;
	if (err == -ENXIO)
		return HVSIM_STATUS_INVALID_CONNECTION_ID;
	return HVSIM_STATUS_INVALID_PARAMETER;
}

/**
 * hvsim_hc_read_input() - copy (part of) a memory-based input block
 * @gpa:	where, in guest memory
 * @buf:	destination
 * @len:	bytes
 *
 * Context: any; never sleeps.
 * Return: SUCCESS, INVALID_ALIGNMENT (@gpa not 8-byte aligned, or the block
 * crosses a page), INVALID_PARAMETER (not guest RAM).
 */
u16 hvsim_hc_read_input(u64 gpa, void *buf, size_t len)
{
	if (!IS_ALIGNED(gpa, HVSIM_HC_ALIGN) || len > PAGE_SIZE - offset_in_page(gpa))
		return HVSIM_STATUS_INVALID_ALIGNMENT;
	if (hvsim_gpa_read(gpa, buf, len))
		return HVSIM_STATUS_INVALID_PARAMETER;
	return HVSIM_STATUS_SUCCESS;
}

static u16 hvsim_post_message(bool fast, u64 input_gpa)
{
	struct hvsim_post_message_in in;
	struct hvsim_port *port;
	u16 status;

	if (fast)
		return HVSIM_STATUS_INVALID_HYPERCALL_INPUT;
	if (!hvsim_has_priv_hi(HVSIM_PRIV_POST_MESSAGES))
		return HVSIM_STATUS_ACCESS_DENIED;
	status = hvsim_hc_read_input(input_gpa, &in, sizeof(in));
	if (status)
		return status;
	if (in.reserved || in.message_type == HVSIM_MSG_NONE ||
	    (in.message_type & HVSIM_MSG_HYPERVISOR_BIT) ||
	    in.payload_size > HVSIM_MESSAGE_PAYLOAD_BYTES)
		return HVSIM_STATUS_INVALID_PARAMETER;

	rcu_read_lock();
	port = xa_load(&hvsim_ports, in.connection_id);
	if (!port || !port->post)
		status = HVSIM_STATUS_INVALID_CONNECTION_ID;
	else
		status = hvsim_errno_to_status(port->post(port->ctx, in.message_type,
							  in.payload, in.payload_size));
	rcu_read_unlock();
	return status;
}

static u16 hvsim_signal_event(bool fast, u64 input)
{
	struct hvsim_signal_event_in in;
	struct hvsim_port *port;
	u16 status;

	if (!hvsim_has_priv_hi(HVSIM_PRIV_SIGNAL_EVENTS))
		return HVSIM_STATUS_ACCESS_DENIED;
	if (fast) {
		in.connection_id = lower_32_bits(input);
		in.flag_number = upper_32_bits(input) & 0xffff;
		in.reserved = upper_32_bits(input) >> 16;
	} else {
		status = hvsim_hc_read_input(input, &in, sizeof(in));
		if (status)
			return status;
	}
	if (in.reserved || in.flag_number >= HVSIM_EVENT_FLAGS_COUNT)
		return HVSIM_STATUS_INVALID_PARAMETER;

	rcu_read_lock();
	port = xa_load(&hvsim_ports, in.connection_id);
	if (!port || !port->signal)
		status = HVSIM_STATUS_INVALID_CONNECTION_ID;
	else
		status = port->signal(port->ctx, in.flag_number) ?
			 HVSIM_STATUS_INVALID_PARAMETER : HVSIM_STATUS_SUCCESS;
	rcu_read_unlock();
	return status;
}

static enum hvsim_hc_stat hvsim_hc_stat(u16 code)
{
	switch (code) {
	case HVSIM_CALL_POST_MESSAGE:
		return HVSIM_HC_STAT_POST_MESSAGE;
	case HVSIM_CALL_SIGNAL_EVENT:
		return HVSIM_HC_STAT_SIGNAL_EVENT;
	default:
		return HVSIM_HC_STAT_OTHER;
	}
}

static bool hvsim_hc_is_simple_call(u64 control)
{
	return !(control & (HVSIM_HC_REP_COUNT | HVSIM_HC_REP_START | HVSIM_HC_VARHEAD));
}

/* One hypercall: @control in RCX, @rdx and @r8 the GPAs or the fast inputs. */
static u64 hvsim_do_hypercall(u64 control, u64 rdx, u64 r8)
{
	u16 code = FIELD_GET(HVSIM_HC_CODE, control);
	bool fast = control & HVSIM_HC_FAST;
	u64 result = 0;		/* a rep call's status and elements completed */
	u16 status;

	atomic64_inc(&hvsim_stats.hc[hvsim_hc_stat(code)]);
	if (!hvsim_hypercall_enabled()) {
		hvsim_count(hc_disabled);
		return HVSIM_STATUS_INVALID_HYPERCALL_INPUT;
	}
	if (control & HVSIM_HC_RSVD) {
		status = HVSIM_STATUS_INVALID_HYPERCALL_INPUT;
		goto out;
	}
	switch (code) {
	case HVSIM_CALL_POST_MESSAGE:
		status = hvsim_hc_is_simple_call(control) ? hvsim_post_message(fast, rdx) :
			 HVSIM_STATUS_INVALID_HYPERCALL_INPUT;
		break;
	case HVSIM_CALL_SIGNAL_EVENT:
		status = hvsim_hc_is_simple_call(control) ? hvsim_signal_event(fast, rdx) :
			 HVSIM_STATUS_INVALID_HYPERCALL_INPUT;
		break;
	case HVSIM_CALL_FLUSH_VA_LIST:
		result = hvsim_hc_flush_va_list(control, rdx);
		status = FIELD_GET(HVSIM_HC_RESULT_STATUS, result);
		break;
	default:
		status = HVSIM_STATUS_INVALID_HYPERCALL_CODE;
		break;
	}
out:
	if (status == HVSIM_STATUS_INVALID_HYPERCALL_INPUT)
		hvsim_count(hc_bad_input);
	else if (status != HVSIM_STATUS_SUCCESS)
		hvsim_count(hc_failed);
	return result ?: status;
}

/**
 * hvsim_hypercall() - the backend's memory-based hypercall
 * @control:	hypercall input value
 * @input_gpa:	input page GPA (RDX)
 * @output_gpa:	output page GPA (R8)
 *
 * The fast bit in @control decides how RDX and R8 are read, as on hardware.
 *
 * Context: any; never sleeps.
 * Return: the hypercall result value.
 */
u64 hvsim_hypercall(u64 control, u64 input_gpa, u64 output_gpa)
{
	return hvsim_do_hypercall(control, input_gpa, output_gpa);
}

/**
 * hvsim_hypercall_fast() - the backend's register-based hypercall
 * @control:	hypercall input value (fast bit set by the caller)
 * @input1:	first input register (RDX)
 * @input2:	second input register (R8)
 *
 * Context: any; never sleeps.
 * Return: the hypercall result value.
 */
u64 hvsim_hypercall_fast(u64 control, u64 input1, u64 input2)
{
	return hvsim_do_hypercall(control, input1, input2);
}

void hvsim_hypercall_show(struct seq_file *m)
{
	struct hvsim_port *port;
	unsigned long id;

	seq_printf(m, "hypercalls: post_message=%lld signal_event=%lld other=%lld\n",
		   atomic64_read(&hvsim_stats.hc[HVSIM_HC_STAT_POST_MESSAGE]),
		   atomic64_read(&hvsim_stats.hc[HVSIM_HC_STAT_SIGNAL_EVENT]),
		   atomic64_read(&hvsim_stats.hc[HVSIM_HC_STAT_OTHER]));
	seq_printf(m, "hypercalls_disabled: %lld\nhypercalls_bad_input: %lld\nhypercalls_failed: %lld\n",
		   atomic64_read(&hvsim_stats.hc_disabled),
		   atomic64_read(&hvsim_stats.hc_bad_input),
		   atomic64_read(&hvsim_stats.hc_failed));
	seq_printf(m, "flush_va_list: calls=%lld gvas=%lld\n",
		   atomic64_read(&hvsim_stats.flush_calls),
		   atomic64_read(&hvsim_stats.flush_gvas));
	seq_puts(m, "ports:");
	rcu_read_lock();
	xa_for_each(&hvsim_ports, id, port)
		seq_printf(m, " %lu%s%s", id, port->post ? "m" : "", port->signal ? "e" : "");
	rcu_read_unlock();
	seq_puts(m, "\n");
}
