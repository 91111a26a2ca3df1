// SPDX-License-Identifier: GPL-2.0
/*
 * The connection: version negotiation with INITIATE_CONTACT, offers
 * requested once connected, UNLOAD at the end; and the machinery every
 * request to the host uses: post a channel message, then wait for the
 * answer that the message work hands over.
 *
 * Waiting: a thread registers a waiter (answer type, relid, key) before it
 * posts, so an answer that arrives at once is not missed; the message work
 * completes the first matching waiter. A rescind fails every waiter of the
 * channel with -ENODEV, UNLOAD every waiter with -ESHUTDOWN, so no thread
 * waits for a host that will never answer. Nobody may wait while holding
 * vmb_conn.lock: the message work takes it for offers, and an answer queued
 * behind an offer would never be seen.
 */
#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>

#include "hv_core/hvcore.h"
#include "internal.h"

struct vmb_conn vmb_conn;

/* newest first: the order we ask in */
static const u32 vmb_versions[] = { VMBUS_VERSIONS_NEWEST_FIRST };

/* HvPostMessage's message type for VMBus channel messages */
#define VMB_POST_MSG_TYPE	1

const char *vmb_version_str(u32 version, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%u", version >> 16, version & 0xffff);
	return buf;
}

/* "5.3" -> one of the versions we speak; anything else is refused */
int vmb_parse_version(const char *s, u32 *version)
{
	unsigned int major, minor, i;
	char tail;

	if (!s || sscanf(s, "%u.%u%c", &major, &minor, &tail) != 2 ||
	    major > 0xffff || minor > 0xffff)
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(vmb_versions); i++) {
		if (vmb_versions[i] == (major << 16 | minor)) {
			*version = vmb_versions[i];
			return 0;
		}
	}
	return -EINVAL;
}

/**
 * vmb_post() - send a channel message to the host
 * @msg:	the message, starting with its header
 * @size:	bytes, at most the SynIC message payload
 *
 * The hypervisor queues a bounded number of messages per connection and
 * answers HV_STATUS_INSUFFICIENT_BUFFERS when full: that is back-pressure,
 * not an error, so we retry for a while with growing sleeps. A busy host
 * also refuses a post now and then with HV_STATUS_INVALID_CONNECTION_ID
 * (the in-tree driver retries it the same way): retried too, except for
 * INITIATE_CONTACT, where it means that the host has no such connection
 * (no protocol 5.0 and later: vmb_try_version()).
 *
 * Context: process context; may sleep.
 * Return: 0 or a negative errno.
 */
int vmb_post(const void *msg, u32 size)
{
	u32 type = ((const struct vmbus_chanmsg_hdr *)msg)->msgtype;
	unsigned int delay_us = 20, tries;
	int ret = -ENOBUFS;

	for (tries = 0; tries < 200; tries++) {
		ret = hvcore_post_message(vmb_conn.msg_conn_id, VMB_POST_MSG_TYPE, msg, size);
		if (ret != -ENOBUFS && (ret != -ENXIO || type == VMBUS_CHANMSG_INITIATE_CONTACT))
			break;
		atomic64_inc(&vmb_conn.post_retries);
		usleep_range(delay_us, delay_us * 2);
		delay_us = min(delay_us * 2, 20000u);
	}
	if (ret)
		pr_warn_ratelimited("posting message type %u failed: %d\n", type, ret);
	return ret;
}

void vmb_waiter_add(struct vmb_waiter *w, u32 resp_type, u32 relid, u32 key)
{
	w->resp_type = resp_type;
	w->relid = relid;
	w->key = key;
	w->done = false;
	w->error = 0;
	init_completion(&w->completion);
	spin_lock(&vmb_conn.waiters_lock);
	list_add_tail(&w->node, &vmb_conn.waiters);
	spin_unlock(&vmb_conn.waiters_lock);
}

void vmb_waiter_del(struct vmb_waiter *w)
{
	spin_lock(&vmb_conn.waiters_lock);
	if (!w->done)
		list_del(&w->node);
	w->done = true;
	spin_unlock(&vmb_conn.waiters_lock);
}

/*
 * Waits for the answer; the waiter is off the list when this returns.
 *
 * A host under load answers in seconds (in-tree waits without limit for
 * OPENCHANNEL_RESULT and GPADL_CREATED): the wait goes on to @timeout, the
 * response_timeout_ms parameter (a minute by default), with a line every
 * few seconds so that a slow host is seen, and one when it answers late.
 * After @timeout a late answer finds nobody waiting and is counted as
 * unexpected; the callers make what it answered safe (a timed-out open
 * sends CLOSECHANNEL, a timed-out GPADL's buffer is leaked).
 *
 * Return: 0 (answer in w->resp), -ETIMEDOUT, -ENODEV (rescinded),
 * -ESHUTDOWN (connection going away).
 */
#define VMB_SLOW_NOTE_MS	(5 * 1000)

int vmb_waiter_wait(struct vmb_waiter *w, unsigned long timeout)
{
	unsigned long start = jiffies, slice, waited;
	bool slow = false;

	slice = min(msecs_to_jiffies(VMB_SLOW_NOTE_MS), max(timeout / 2, 1ul));
	for (;;) {
		waited = jiffies - start;
		if (waited >= timeout)
			break;
		if (wait_for_completion_timeout(&w->completion, min(slice, timeout - waited)))
			goto answered;
		waited = jiffies - start;
		if (waited < timeout) {
			slow = true;
			if (w->relid != U32_MAX)
				pr_warn("relid %u: still waiting for %s from the host (%u ms)\n",
					w->relid, vmbus_chanmsg_name(w->resp_type),
					jiffies_to_msecs(waited));
			else
				pr_warn("still waiting for %s from the host (%u ms)\n",
					vmbus_chanmsg_name(w->resp_type), jiffies_to_msecs(waited));
		}
	}
	vmb_waiter_del(w);
	/* the answer may have raced with the timeout: take it */
	if (!completion_done(&w->completion)) {
		if (w->relid != U32_MAX)
			pr_warn("relid %u: no %s from the host within %u ms\n", w->relid,
				vmbus_chanmsg_name(w->resp_type), jiffies_to_msecs(timeout));
		else
			pr_warn("no %s from the host within %u ms\n",
				vmbus_chanmsg_name(w->resp_type), jiffies_to_msecs(timeout));
		return -ETIMEDOUT;
	}
answered:
	if (slow && !w->error) {
		atomic64_inc(&vmb_conn.slow_answers);
		if (w->relid != U32_MAX)
			pr_info("relid %u: %s came after %u ms\n", w->relid,
				vmbus_chanmsg_name(w->resp_type), jiffies_to_msecs(jiffies - start));
		else
			pr_info("%s came after %u ms\n", vmbus_chanmsg_name(w->resp_type),
				jiffies_to_msecs(jiffies - start));
	}
	return w->error;
}

static void vmb_waiter_finish(struct vmb_waiter *w, int error, const union vmbus_chanmsg *m)
{
	list_del(&w->node);
	w->done = true;
	w->error = error;
	if (m)
		w->resp = *m;
	complete(&w->completion);
}

/*
 * Hands an answer to the first waiter for it. @relid and @key are
 * compared only when the answer type carries them (the caller passes
 * U32_MAX for "not carried").
 */
bool vmb_waiters_complete(u32 type, u32 relid, u32 key, const union vmbus_chanmsg *m)
{
	struct vmb_waiter *w;
	bool found = false;

	spin_lock(&vmb_conn.waiters_lock);
	list_for_each_entry(w, &vmb_conn.waiters, node) {
		if (w->resp_type != type)
			continue;
		if (relid != U32_MAX && w->relid != relid)
			continue;
		if (key != U32_MAX && w->key != key)
			continue;
		vmb_waiter_finish(w, 0, m);
		found = true;
		break;
	}
	spin_unlock(&vmb_conn.waiters_lock);
	return found;
}

void vmb_waiters_fail_relid(u32 relid, int error)
{
	struct vmb_waiter *w, *tmp;

	spin_lock(&vmb_conn.waiters_lock);
	list_for_each_entry_safe(w, tmp, &vmb_conn.waiters, node)
		if (w->relid == relid)
			vmb_waiter_finish(w, error, NULL);
	spin_unlock(&vmb_conn.waiters_lock);
}

void vmb_waiters_fail_all(int error)
{
	struct vmb_waiter *w, *tmp;

	spin_lock(&vmb_conn.waiters_lock);
	list_for_each_entry_safe(w, tmp, &vmb_conn.waiters, node)
		vmb_waiter_finish(w, error, NULL);
	spin_unlock(&vmb_conn.waiters_lock);
}

/*
 * The CPU the host sends channel messages to: the one INITIATE_CONTACT
 * named, except before 3.0, where the host ignores target_vcpu and sends
 * them to VP 0, which need not be CPU 0.
 */
static unsigned int vmb_msg_cpu(u32 version)
{
	unsigned int cpu, found = VMB_CONNECT_CPU;

	if (version >= VMBUS_VERSION_WIN8_1)
		return VMB_CONNECT_CPU;
	cpus_read_lock();
	for_each_online_cpu(cpu) {
		if (hvcore_vp_index(cpu) == 0) {
			found = cpu;
			break;
		}
	}
	cpus_read_unlock();
	return found;
}

/* One INITIATE_CONTACT. Return: 1 accepted, 0 refused, <0 error. */
static int vmb_try_version(u32 version)
{
	struct vmbus_chanmsg_initiate_contact msg = {};
	struct vmb_waiter w;
	int ret;

	msg.header.msgtype = VMBUS_CHANMSG_INITIATE_CONTACT;
	msg.vmbus_version_requested = version;
	msg.target_vcpu = hvcore_vp_index(VMB_CONNECT_CPU);
	if (vmbus_has_msg_sint(version)) {
		/* 5.0 and later: the host posts to our SINT; no interrupt page */
		msg.msg_sint = VMBUS_MESSAGE_SINT;
		msg.msg_vtl = 0;
	} else {
		msg.interrupt_page = virt_to_phys(vmb_conn.int_page);
	}
	vmb_conn.msg_conn_id = vmbus_msg_conn_id(version);
	msg.monitor_page1 = virt_to_phys(vmb_conn.monitor_pages[0]);
	msg.monitor_page2 = virt_to_phys(vmb_conn.monitor_pages[1]);

	vmb_waiter_add(&w, VMBUS_CHANMSG_VERSION_RESPONSE, U32_MAX, U32_MAX);
	ret = vmb_post(&msg, sizeof(msg));
	if (ret) {
		vmb_waiter_del(&w);
		/*
		 * A host older than 5.0 has no connection 4 at all: the
		 * hypervisor refuses the post, which means "not this version".
		 */
		if (ret == -ENXIO && vmbus_has_msg_sint(version))
			return 0;
		return ret;
	}
	ret = vmb_waiter_wait(&w, vmb_response_timeout);
	if (ret)
		return ret;
	if (!w.resp.version_response.version_supported)
		return 0;
	if (w.resp.version_response.connection_state != VMBUS_CONNECTION_SUCCESSFUL) {
		pr_err("the host accepted the version but failed the connection (state %u)\n",
		       w.resp.version_response.connection_state);
		return -ECONNREFUSED;
	}
	/* 5.0 and later: the host names the connection for our messages */
	if (vmbus_has_msg_sint(version)) {
		if (!vmbus_conn_id_valid(w.resp.version_response.msg_conn_id)) {
			pr_err("VERSION_RESPONSE names message connection %#x: invalid\n",
			       w.resp.version_response.msg_conn_id);
			return -EPROTO;
		}
		vmb_conn.msg_conn_id = w.resp.version_response.msg_conn_id;
	}
	return 1;
}

static int vmb_alloc_pages(void)
{
	vmb_conn.int_page = (void *)get_zeroed_page(GFP_KERNEL);
	vmb_conn.monitor_pages[0] = (void *)get_zeroed_page(GFP_KERNEL);
	vmb_conn.monitor_pages[1] = (void *)get_zeroed_page(GFP_KERNEL);
	if (vmb_conn.int_page && vmb_conn.monitor_pages[0] && vmb_conn.monitor_pages[1])
		return 0;
	return -ENOMEM;
}

static void vmb_free_pages(void)
{
	free_page((unsigned long)vmb_conn.int_page);
	free_page((unsigned long)vmb_conn.monitor_pages[0]);
	free_page((unsigned long)vmb_conn.monitor_pages[1]);
	vmb_conn.int_page = NULL;
	vmb_conn.monitor_pages[0] = NULL;
	vmb_conn.monitor_pages[1] = NULL;
}

/*
 * Negotiates the newest version the host and @max_version allow, then asks
 * for the offers and waits until every offered device exists (so devices
 * are there when insmod returns).
 */
int vmb_connect(u32 max_version)
{
	struct vmbus_chanmsg_request_offers req = { .header.msgtype = VMBUS_CHANMSG_REQUESTOFFERS };
	char vbuf[16];
	unsigned int i;
	int ret;

	ret = vmb_alloc_pages();
	if (ret)
		goto free_pages;

	ret = -EPROTONOSUPPORT;
	for (i = 0; i < ARRAY_SIZE(vmb_versions); i++) {
		if (vmb_versions[i] > max_version)
			continue;
		ret = vmb_try_version(vmb_versions[i]);
		if (ret == 1) {
			vmb_conn.version = vmb_versions[i];
			break;
		}
		if (ret < 0) {
			pr_err("INITIATE_CONTACT %s: %s (%d)\n",
			       vmb_version_str(vmb_versions[i], vbuf, sizeof(vbuf)),
			       ret == -ETIMEDOUT ? "no answer" : "failed", ret);
			goto free_pages;
		}
		ret = -EPROTONOSUPPORT;
	}
	if (ret != 1) {
		pr_err("the host accepts no VMBus version up to %s\n",
		       vmb_version_str(max_version, vbuf, sizeof(vbuf)));
		goto free_pages;
	}
	vmb_conn.msg_cpu = vmb_msg_cpu(vmb_conn.version);
	WRITE_ONCE(vmb_conn.state, VMB_CONNECTED);
	pr_info("connected: VMBus protocol %s, message connection %u, messages to CPU%u\n",
		vmb_version_str(vmb_conn.version, vbuf, sizeof(vbuf)), vmb_conn.msg_conn_id,
		vmb_conn.msg_cpu);

	ret = vmb_post(&req, sizeof(req));
	if (ret)
		goto unload;
	if (!wait_for_completion_timeout(&vmb_conn.all_offers, vmb_response_timeout)) {
		pr_err("the host did not finish its offers (no ALLOFFERS_DELIVERED)\n");
		ret = -ETIMEDOUT;
		goto unload;
	}
	/* offers were handed to the offer workqueues: let them add devices */
	flush_workqueue(vmb_conn.msg_wq);
	flush_workqueue(vmb_conn.offer_wq);
	return 0;

unload:
	vmb_disconnect();
	return ret;
free_pages:
	vmb_free_pages();
	return ret;
}

/*
 * Every waiter fails, then UNLOAD goes out with @w waiting for its answer.
 * Return: 0, or the post's error (@w is off the list then).
 */
static int vmb_unload_post(struct vmb_waiter *w)
{
	struct vmbus_chanmsg_unload msg = { .header.msgtype = VMBUS_CHANMSG_UNLOAD };
	int ret;

	WRITE_ONCE(vmb_conn.state, VMB_UNLOADING);
	vmb_waiters_fail_all(-ESHUTDOWN);
	vmb_waiter_add(w, VMBUS_CHANMSG_UNLOAD_RESPONSE, U32_MAX, U32_MAX);
	ret = vmb_post(&msg, sizeof(msg));
	if (ret)
		vmb_waiter_del(w);
	return ret;
}

/* UNLOAD and wait for UNLOAD_RESPONSE; every waiter fails first. */
static int vmb_unload(unsigned long timeout)
{
	struct vmb_waiter w;
	int ret;

	ret = vmb_unload_post(&w);
	if (!ret) {
		ret = vmb_waiter_wait(&w, timeout);
		if (ret)
			pr_err("no UNLOAD_RESPONSE from the host (%d)\n", ret);
	}
	WRITE_ONCE(vmb_conn.state, VMB_DISCONNECTED);
	return ret;
}

/*
 * UNLOAD: the host drops every channel and GPADL of the partition and
 * answers UNLOAD_RESPONSE; afterwards it writes nothing into our memory,
 * so the pages we shared may be freed. Without an answer we keep them.
 */
void vmb_disconnect(void)
{
	if (vmb_unload(vmb_response_timeout)) {
		pr_err("leaking the shared connection pages: the host may still write them\n");
		return;
	}
	vmb_free_pages();
}

/*
 * How long shutdown and crash wait for UNLOAD_RESPONSE, saying so every
 * VMB_UNLOAD_NOTE_MS: Azure hosts have taken tens of seconds to answer (the
 * in-tree driver waits 100 s in a crash and without limit otherwise).
 */
#define VMB_UNLOAD_WAIT_MS	(100 * 1000)
#define VMB_UNLOAD_NOTE_MS	(5 * 1000)

/**
 * vmb_disconnect_shutdown() - UNLOAD before reboot, halt, power off or kexec
 * @what:	the event, for the log
 *
 * The host keeps the connection, and goes on writing the pages we shared,
 * across a kexec unless we UNLOAD; the next kernel owns those pages. So wait
 * as long as a slow host needs. Nothing is freed: the kernel is going away.
 *
 * Context: process context (device shutdown); sleeps up to 100 s.
 * Return: 0 when the host answered, else a negative errno.
 */
int vmb_disconnect_shutdown(const char *what)
{
	struct vmb_waiter w;
	unsigned int waited;
	int ret;

	ret = vmb_unload_post(&w);
	for (waited = 0; !ret; waited += VMB_UNLOAD_NOTE_MS) {
		if (wait_for_completion_timeout(&w.completion, msecs_to_jiffies(VMB_UNLOAD_NOTE_MS))) {
			ret = w.error;
			break;
		}
		if (waited + VMB_UNLOAD_NOTE_MS >= VMB_UNLOAD_WAIT_MS) {
			ret = -ETIMEDOUT;
			break;
		}
		pr_info("%s: still waiting for UNLOAD_RESPONSE (%u s)\n", what,
			(waited + VMB_UNLOAD_NOTE_MS) / 1000);
	}
	/* off the list when answered; taken off here otherwise */
	vmb_waiter_del(&w);
	WRITE_ONCE(vmb_conn.state, VMB_DISCONNECTED);
	return ret;
}

static bool vmb_crash_unload_answer(const struct hvcore_message *msg, void *ctx)
{
	u32 size = READ_ONCE(msg->header.payload_size);

	return size >= sizeof(u32) && size <= HVCORE_MESSAGE_PAYLOAD_SIZE &&
	       READ_ONCE(*(const u32 *)msg->payload) == VMBUS_CHANMSG_UNLOAD_RESPONSE;
}

/**
 * vmb_unload_crash() - UNLOAD from a crash, so that a kdump kernel can connect
 * @what:	"panic" or "crash", for the log
 *
 * From the platform's crash handler (kdump) or the panic notifier. This CPU
 * runs with interrupts off and the others are stopped or being stopped, so no
 * SINT interrupt brings the answer: every CPU's message page is polled for
 * it (the host answers on the VP the connection names, any CPU's), then the
 * VMBus slot of every page is emptied so that no stale message waits there.
 * Nothing may sleep or lock here. Runs once: the state says whether it has.
 *
 * Context: any, interrupts off; up to 100 s of busy waiting.
 */
void vmb_unload_crash(const char *what)
{
	struct vmbus_chanmsg_unload msg = { .header.msgtype = VMBUS_CHANMSG_UNLOAD };
	bool answered = false;
	unsigned int ms;
	int ret;

	if (cmpxchg(&vmb_conn.state, VMB_CONNECTED, VMB_UNLOADING) != VMB_CONNECTED)
		return;
	ret = hvcore_post_message(vmb_conn.msg_conn_id, VMB_POST_MSG_TYPE, &msg, sizeof(msg));
	if (ret) {
		pr_emerg("%s: UNLOAD not posted (%d)\n", what, ret);
		return;
	}
	for (ms = 0; ms < VMB_UNLOAD_WAIT_MS; ms++) {
		if (completion_done(&vmb_conn.unload_done) ||
		    hvcore_crash_poll_messages(VMBUS_MESSAGE_SINT, vmb_crash_unload_answer, NULL)) {
			answered = true;
			break;
		}
		if (ms && !(ms % VMB_UNLOAD_NOTE_MS))
			pr_emerg("%s: still waiting for UNLOAD_RESPONSE (%u s)\n", what, ms / 1000);
		mdelay(1);
	}
	hvcore_crash_clear_messages(VMBUS_MESSAGE_SINT);
	WRITE_ONCE(vmb_conn.state, VMB_DISCONNECTED);
	/* one line for whoever reads the crash log: did the next kernel get a clean host? */
	if (answered)
		pr_emerg("%s: UNLOAD answered by the host after %u ms\n", what, ms);
	else
		pr_emerg("%s: UNLOAD not answered within %u s\n", what, VMB_UNLOAD_WAIT_MS / 1000);
}
