// SPDX-License-Identifier: GPL-2.0
/*
 * The VMBus server: the host's side of the partition's one VMBus connection.
 *
 * Ports. The guest posts channel messages with HvPostMessage on a message
 * connection: ID 1 for protocol versions below 5.0; for 5.0 and later the
 * guest posts INITIATE_CONTACT on ID 4 and everything after it on the ID the
 * VERSION_RESPONSE hands out (HVSIM_VMBUS_CONN_NEGOTIATED here, deliberately
 * neither 1 nor 4, so that a guest ignoring the field fails visibly). A host
 * generation whose newest version is below 5.0 has no port 4: the guest's
 * hypercall then fails with INVALID_CONNECTION_ID, which is how a guest
 * learns to fall back to the old connection. The port callback runs in the
 * guest's hypercall: it copies the message into the inbox (at most
 * HVSIM_VMBUS_PORT_BUFFERS waiting, as Hyper-V's ports have 16 buffers; more
 * get INSUFFICIENT_BUFFERS and the guest retries) and kicks the control
 * work, the host's one thread, which handles messages one by one, in order.
 *
 * Versions each generation accepts (the newest from the public version
 * history in the kernel's hyperv.h; every older one is accepted too, as
 * Hyper-V does):
 *   ws2012r2: 3.0     ws2016: 4.0     ws2019: 5.2     ws2022, azure: 5.3
 * A request for a version the host does not know is answered with
 * version_supported = 0 and the guest tries an older one.
 *
 * Per version (INITIATE_CONTACT fields the host honours):
 *   < 2.4  interrupt page: the guest sets a channel's bit in its second half
 *          and signals connection 2; the host sets bits in the first half and
 *          signals event flag 0 of SINT 2. Channels are not "dedicated".
 *   < 5.0  messages and events on SINT 2 of target_vcpu; messages on ID 1.
 *   >= 5.0 the SINT is the one named in the message (its first byte where
 *          older versions had the interrupt page); messages after the
 *          handshake on the negotiated ID.
 *   all    monitor pages 1 and 2, when both are given.
 * As Hyper-V: target_vcpu is honoured from 3.0 on (before, messages go to
 * VP 0); from 5.0 a SINT other than 2 is refused (version_supported = 0,
 * sent to the VP and SINT asked for); one monitor page without the other
 * means "version supported, connection failed" (connection_state 2) from
 * 2.4 on and an unsupported version before; no monitor page at all is a
 * connection without monitored channels.
 * INITIATE_CONTACT resets any earlier connection first, as after UNLOAD.
 *
 * Host messages go to the connection's VP and SINT through the outbox
 * (vmbus_out.c).
 *
 * Anything malformed is counted (hv_sim/vmbus, bad_*) and answered as a host
 * would: with a failure status where the message has an answer the guest
 * waits for, otherwise ignored.
 */
#include <linux/delay.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "hvsim.h"
#include "vmbus_host.h"

struct hvsim_vmbus hvsim_vmbus;

static bool hvsim_port4;

/* ---- versions ---- */

static const u32 hvsim_vmbus_versions[] = {
	HVSIM_VMBUS_V0_13, HVSIM_VMBUS_V1_1, HVSIM_VMBUS_V2_4, HVSIM_VMBUS_V3_0,
	HVSIM_VMBUS_V4_0, HVSIM_VMBUS_V4_1, HVSIM_VMBUS_V5_0, HVSIM_VMBUS_V5_1,
	HVSIM_VMBUS_V5_2, HVSIM_VMBUS_V5_3,
};

static const struct {
	const char *gen;
	u32 max;
} hvsim_vmbus_gen_max[] = {
	{ "ws2012r2", HVSIM_VMBUS_V3_0 },
	{ "ws2016", HVSIM_VMBUS_V4_0 },
	{ "ws2019", HVSIM_VMBUS_V5_2 },
	{ "ws2022", HVSIM_VMBUS_V5_3 },
	{ "azure", HVSIM_VMBUS_V5_3 },
};

u32 hvsim_vmbus_max_version(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(hvsim_vmbus_gen_max); i++)
		if (!strcmp(hvsim_gen->name, hvsim_vmbus_gen_max[i].gen))
			return hvsim_vmbus_gen_max[i].max;
	return HVSIM_VMBUS_V5_3;
}

static bool hvsim_vmbus_version_ok(u32 version)
{
	unsigned int i;

	if (version > hvsim_vmbus_max_version())
		return false;
	for (i = 0; i < ARRAY_SIZE(hvsim_vmbus_versions); i++)
		if (hvsim_vmbus_versions[i] == version)
			return true;
	return false;
}

/**
 * hvsim_vmbus_offering() - offers go out as devices appear
 *
 * Context: hvsim_vmbus.lock held.
 */
bool hvsim_vmbus_offering(void)
{
	return hvsim_vmbus.state == HVSIM_VCONN_OFFERS;
}

/**
 * hvsim_vmbus_int_page_mode() - channels are signalled through the
 * interrupt page (versions below 2.4)
 *
 * Stable while any channel is open: a reset closes them all first.
 */
bool hvsim_vmbus_int_page_mode(void)
{
	return READ_ONCE(hvsim_vmbus.int_page) != NULL;
}

/* ---- connection ---- */

static int hvsim_vmbus_post(void *ctx, u32 msg_type, const void *payload, u32 size);
static int hvsim_vmbus_event_port(void *ctx, u16 flag);

/* Take a reference to a guest page the connection uses. */
static int hvsim_vmbus_page(u64 gpa, struct page **page)
{
	if (!gpa || !IS_ALIGNED(gpa, PAGE_SIZE) || hvsim_gpa_get(gpa, page)) {
		hvsim_vbad(PAGE);
		return -EFAULT;
	}
	return 0;
}

static void hvsim_vmbus_put_pages(void)
{
	struct hvsim_vmbus *s = &hvsim_vmbus;

	hvsim_gpa_put(s->int_page);
	hvsim_gpa_put(s->monitor[0]);
	hvsim_gpa_put(s->monitor[1]);
	WRITE_ONCE(s->int_page, NULL);
	s->monitor[0] = NULL;
	s->monitor[1] = NULL;
}

/*
 * Forget the connection: close and forget every channel (devices stay, to be
 * offered again), every GPADL, the pages and ports of the connection.
 */
static void hvsim_vmbus_reset(void)
{
	struct hvsim_vmbus *s = &hvsim_vmbus;
	struct hvsim_vdev *dev, *dtmp;
	struct hvsim_vchan *chan, *ctmp;

	list_for_each_entry_safe(dev, dtmp, &s->devices, node) {
		if (dev->deleting) {
			hvsim_vdev_free(dev);
			continue;
		}
		list_for_each_entry_safe(chan, ctmp, &dev->chans, node) {
			if (chan->sub_index)
				hvsim_vchan_destroy(chan);
			else
				hvsim_vchan_reset(chan);
		}
	}
	hvsim_gpadl_drop_all();
	if (s->version >= HVSIM_VMBUS_V5_0 && s->state != HVSIM_VCONN_DISCONNECTED)
		hvsim_port_unregister(HVSIM_VMBUS_CONN_NEGOTIATED);
	if (s->int_page)
		hvsim_port_unregister(HVSIM_VMBUS_CONN_EVENT);
	hvsim_vmbus_put_pages();
	s->state = HVSIM_VCONN_DISCONNECTED;
	s->version = 0;
	s->msg_conn = 0;
}

/* The pages INITIATE_CONTACT names, for the version agreed. */
static int hvsim_vmbus_take_pages(const struct hvsim_vmsg_initiate_contact *c, u32 version)
{
	struct hvsim_vmbus *s = &hvsim_vmbus;
	struct page *p;

	if (version < HVSIM_VMBUS_V2_4) {
		if (hvsim_vmbus_page(c->interrupt_page, &p))
			return -EFAULT;
		WRITE_ONCE(s->int_page, p);
	}
	if (c->monitor_page1 && c->monitor_page2) {
		if (hvsim_vmbus_page(c->monitor_page1, &s->monitor[0]) ||
		    hvsim_vmbus_page(c->monitor_page2, &s->monitor[1])) {
			hvsim_vmbus_put_pages();
			return -EFAULT;
		}
	}
	return 0;
}

static void hvsim_vmbus_contact(u32 conn, const void *data, u32 size)
{
	const struct hvsim_vmsg_initiate_contact *c = data;
	struct hvsim_vmsg_version_response resp = { .hdr.type = HVSIM_VMSG_VERSION_RESPONSE };
	struct hvsim_vmbus *s = &hvsim_vmbus;
	u32 v = c->version, sint = HVSIM_VMBUS_SINT, want_conn, vp;
	bool ok;

	if (size < sizeof(*c)) {
		hvsim_vbad(SIZE);
		return;
	}
	if (v >= HVSIM_VMBUS_V5_0)
		sint = HVSIM_VMBUS_CONTACT_SINT(c->interrupt_page);
	vp = v >= HVSIM_VMBUS_V3_0 ? c->target_vcpu : 0;
	if (!hvsim_vp(vp) || sint >= HVSIM_SINT_COUNT) {
		hvsim_vbad(VP);		/* nowhere to answer */
		return;
	}
	/* connected or not, the old connection goes first, as on Hyper-V */
	hvsim_vmbus_reset();
	s->vp = vp;
	s->sint = sint;

	want_conn = v >= HVSIM_VMBUS_V5_0 ? HVSIM_VMBUS_CONN_MESSAGE_4 : HVSIM_VMBUS_CONN_MESSAGE;
	ok = hvsim_vmbus_version_ok(v);
	if (ok && conn != want_conn) {
		hvsim_vbad(CONNECTION);
		ok = false;
	}
	if (ok && sint != HVSIM_VMBUS_SINT) {
		hvsim_vbad(CONTACT);
		ok = false;
	}
	if (ok && !c->monitor_page1 != !c->monitor_page2) {
		hvsim_vbad(CONTACT);
		if (v >= HVSIM_VMBUS_V2_4) {
			pr_info("vmbus: guest asks for version %u.%u with one monitor page: connection failed\n",
				v >> 16, v & 0xffff);
			resp.version_supported = 1;
			resp.connection_state = HVSIM_VMBUS_CONN_STATE_FAILED;
			hvsim_vmbus_send(&resp, sizeof(resp));
			return;
		}
		ok = false;
	}
	if (ok && hvsim_vmbus_take_pages(c, v))
		ok = false;
	if (ok && v >= HVSIM_VMBUS_V5_0 &&
	    hvsim_port_register(HVSIM_VMBUS_CONN_NEGOTIATED, hvsim_vmbus_post, NULL,
				(void *)(unsigned long)HVSIM_VMBUS_CONN_NEGOTIATED)) {
		hvsim_vmbus_put_pages();
		ok = false;
	}
	if (ok && s->int_page &&
	    hvsim_port_register(HVSIM_VMBUS_CONN_EVENT, NULL, hvsim_vmbus_event_port, NULL)) {
		hvsim_vmbus_put_pages();
		ok = false;
	}
	if (ok) {
		s->state = HVSIM_VCONN_CONNECTED;
		s->version = v;
		s->msg_conn = v >= HVSIM_VMBUS_V5_0 ? HVSIM_VMBUS_CONN_NEGOTIATED :
			      HVSIM_VMBUS_CONN_MESSAGE;
		resp.version_supported = 1;
		resp.msg_conn_id = v >= HVSIM_VMBUS_V5_0 ? s->msg_conn : 0;
	}
	pr_info("vmbus: guest asks for version %u.%u on connection %u: %s\n", v >> 16, v & 0xffff,
		conn, ok ? "accepted" : "refused");
	hvsim_vmbus_send(&resp, sizeof(resp));
}

static void hvsim_vmbus_request_offers(void)
{
	struct hvsim_vmsg_hdr done = { .type = HVSIM_VMSG_ALLOFFERS_DELIVERED };
	struct hvsim_vmbus *s = &hvsim_vmbus;
	struct hvsim_vchan *chan;
	struct hvsim_vdev *dev;

	if (s->state != HVSIM_VCONN_CONNECTED) {
		hvsim_vbad(STATE);
		return;
	}
	list_for_each_entry(dev, &s->devices, node) {
		if (dev->deleting)
			continue;
		list_for_each_entry(chan, &dev->chans, node)
			if (chan->state == HVSIM_VCHAN_RELEASED)
				hvsim_vchan_offer(chan);
	}
	hvsim_vmbus_send(&done, sizeof(done));
	s->state = HVSIM_VCONN_OFFERS;
}

static void hvsim_vmbus_unload(void)
{
	struct hvsim_vmsg_hdr resp = { .type = HVSIM_VMSG_UNLOAD_RESPONSE };
	struct hvsim_vdev *dev;
	struct hvsim_vchan *chan;
	unsigned int open = 0;

	list_for_each_entry(dev, &hvsim_vmbus.devices, node)
		list_for_each_entry(chan, &dev->chans, node)
			open += chan->open;
	pr_info("vmbus: UNLOAD from the guest: connection reset, %u open channels closed\n", open);
	hvsim_vmbus_reset();
	hvsim_vmbus_send(&resp, sizeof(resp));
}

static void hvsim_vmbus_handle(u32 conn, const void *data, u32 size)
{
	struct hvsim_vmbus *s = &hvsim_vmbus;
	u32 type = ((const struct hvsim_vmsg_hdr *)data)->type;

	if (type == HVSIM_VMSG_INITIATE_CONTACT) {
		hvsim_vmbus_contact(conn, data, size);
		return;
	}
	if (s->state == HVSIM_VCONN_DISCONNECTED) {
		hvsim_vbad(STATE);
		return;
	}
	if (conn != s->msg_conn) {
		hvsim_vbad(CONNECTION);
		return;
	}
	switch (type) {
	case HVSIM_VMSG_REQUESTOFFERS:
		hvsim_vmbus_request_offers();
		break;
	case HVSIM_VMSG_GPADL_HEADER:
		hvsim_gpadl_header(data, size);
		break;
	case HVSIM_VMSG_GPADL_BODY:
		hvsim_gpadl_body(data, size);
		break;
	case HVSIM_VMSG_GPADL_TEARDOWN:
		hvsim_gpadl_teardown(data, size);
		break;
	case HVSIM_VMSG_OPENCHANNEL:
		hvsim_vchan_msg_open(data, size);
		break;
	case HVSIM_VMSG_CLOSECHANNEL:
		hvsim_vchan_msg_close(data, size);
		break;
	case HVSIM_VMSG_RELID_RELEASED:
		hvsim_vchan_msg_released(data, size);
		break;
	case HVSIM_VMSG_MODIFYCHANNEL:
		hvsim_vchan_msg_modify(data, size);
		break;
	case HVSIM_VMSG_UNLOAD:
		hvsim_vmbus_unload();
		break;
	case HVSIM_VMSG_TL_CONNECT_REQUEST:
		atomic64_inc(&s->stats.unsupported);	/* no hvsock endpoints */
		break;
	default:
		hvsim_vbad(TYPE);	/* host-to-guest or obsolete */
		break;
	}
}

static void hvsim_vmbus_event(const struct hvsim_vin *in)
{
	struct hvsim_vdev *dev = hvsim_vdev_by_serial(in->serial);

	if (!dev || dev->deleting)
		return;
	switch (in->ev) {
	case HVSIM_VEVENT_SUBCHANNELS:
		if (hvsim_vmbus_offering())
			hvsim_vdev_offer_subchannels(dev, in->arg);
		break;
	case HVSIM_VEVENT_RESCIND:
		hvsim_vdev_rescind(dev);
		break;
	}
}

static struct hvsim_vin *hvsim_vmbus_inbox_pop(void)
{
	struct hvsim_vmbus *s = &hvsim_vmbus;
	struct hvsim_vin *in;

	spin_lock_irq(&s->inbox_lock);
	in = list_first_entry_or_null(&s->inbox, struct hvsim_vin, node);
	if (in) {
		list_del(&in->node);
		if (in->event)
			s->inbox_events--;
		else
			s->inbox_msgs--;
	}
	spin_unlock_irq(&s->inbox_lock);
	return in;
}

/* The host thread: one guest message or host event at a time, in order. */
static void hvsim_vmbus_ctl_work(struct work_struct *work)
{
	struct hvsim_vmbus *s = &hvsim_vmbus;
	struct hvsim_vin *in;
	u32 type;

	while ((in = hvsim_vmbus_inbox_pop())) {
		type = ((struct hvsim_vmsg_hdr *)in->data)->type;
		if (!in->event) {
			if (type >= HVSIM_VMSG_COUNT) {
				atomic64_inc(&s->stats.rx_unknown);
				hvsim_vbad(TYPE);
				kfree(in);
				continue;
			}
			atomic64_inc(&s->stats.rx[type]);
			if (hvsim_fault_hit(HVSIM_FAULT_NO_ANSWER, type, NULL)) {
				kfree(in);
				continue;
			}
			hvsim_fault_delay(type);
		}
		mutex_lock(&s->lock);
		if (!READ_ONCE(s->dying)) {
			if (in->event)
				hvsim_vmbus_event(in);
			else
				hvsim_vmbus_handle(in->conn, in->data, in->size);
		}
		mutex_unlock(&s->lock);
		kfree(in);
	}
	mutex_lock(&s->lock);
	hvsim_vchan_modify_complete();
	hvsim_vmbus_flush_held();
	hvsim_vmbus_flush_outbox();
	mutex_unlock(&s->lock);
}

static void hvsim_vmbus_inbox_add(struct hvsim_vin *in)
{
	struct hvsim_vmbus *s = &hvsim_vmbus;

	list_add_tail(&in->node, &s->inbox);
	if (in->event)
		s->inbox_events++;
	else
		s->inbox_msgs++;
}

/* HvPostMessage on a message connection: copy, queue, wake the host thread. */
static int hvsim_vmbus_post(void *ctx, u32 msg_type, const void *payload, u32 size)
{
	struct hvsim_vmbus *s = &hvsim_vmbus;
	struct hvsim_vin *in;
	unsigned long flags;

	if (msg_type != HVSIM_VMBUS_SYNIC_MSG_TYPE || size < sizeof(struct hvsim_vmsg_hdr) ||
	    size > HVSIM_MESSAGE_PAYLOAD_BYTES) {
		hvsim_vbad(SIZE);
		return -EINVAL;
	}
	if (unlikely(hvsim_guest_crashing()) && hvsim_vmbus_crash_post(payload, size))
		return 0;
	/* refused before it is taken: the guest must post it again */
	if (hvsim_fault_hit(HVSIM_FAULT_BAD_CONN, ((const struct hvsim_vmsg_hdr *)payload)->type, NULL))
		return -ENXIO;
	in = kzalloc(sizeof(*in), GFP_ATOMIC);
	if (!in)
		return -ENOBUFS;
	in->conn = (unsigned long)ctx;
	in->size = size;
	memcpy(in->data, payload, size);

	spin_lock_irqsave(&s->inbox_lock, flags);
	if (s->dying || s->inbox_msgs >= HVSIM_VMBUS_PORT_BUFFERS) {
		spin_unlock_irqrestore(&s->inbox_lock, flags);
		atomic64_inc(&s->stats.inbox_full);
		kfree(in);
		return -ENOBUFS;
	}
	hvsim_vmbus_inbox_add(in);
	spin_unlock_irqrestore(&s->inbox_lock, flags);
	mod_delayed_work(s->ctl_wq, &s->ctl_work, 0);
	return 0;
}

/**
 * hvsim_vmbus_host_event() - ask the host thread to do something
 * @event:	enum hvsim_vevent
 * @serial:	the device it concerns
 * @arg:	the event's argument
 *
 * For the channels' I/O works, which must not take hvsim_vmbus.lock.
 *
 * Context: any; never sleeps.
 * Return: 0, or -ENOBUFS when too many events wait (counted).
 */
int hvsim_vmbus_host_event(unsigned int event, u64 serial, u32 arg)
{
	struct hvsim_vmbus *s = &hvsim_vmbus;
	struct hvsim_vin *in;
	unsigned long flags;

	in = kzalloc(sizeof(*in), GFP_ATOMIC);
	if (!in)
		goto dropped;
	in->event = true;
	in->ev = event;
	in->serial = serial;
	in->arg = arg;
	spin_lock_irqsave(&s->inbox_lock, flags);
	if (s->dying || s->inbox_events >= HVSIM_VMBUS_EVENTS_MAX) {
		spin_unlock_irqrestore(&s->inbox_lock, flags);
		kfree(in);
		goto dropped;
	}
	hvsim_vmbus_inbox_add(in);
	spin_unlock_irqrestore(&s->inbox_lock, flags);
	mod_delayed_work(s->ctl_wq, &s->ctl_work, 0);
	return 0;

dropped:
	atomic64_inc(&s->stats.events_dropped);
	return -ENOBUFS;
}

/* HvSignalEvent on connection 2 (versions < 2.4): look at the interrupt page. */
static int hvsim_vmbus_event_port(void *ctx, u16 flag)
{
	queue_work(hvsim_vmbus.io_wq, &hvsim_vmbus.intpage_work);
	return 0;
}

/* The guest sets a channel's relid bit in the second half of the page. */
static void hvsim_vmbus_intpage_work(struct work_struct *work)
{
	struct hvsim_vmbus *s = &hvsim_vmbus;
	struct hvsim_vchan *chan;
	unsigned long relid;
	unsigned long *bits;

	mutex_lock(&s->lock);
	if (s->int_page) {
		bits = page_address(s->int_page) + PAGE_SIZE / 2;
		xa_for_each(&s->chans, relid, chan)
			if (test_and_clear_bit(relid, bits))
				hvsim_vchan_kick(chan);
	}
	mutex_unlock(&s->lock);
}

/* ---- module init/exit ---- */

/**
 * hvsim_vmbus_init() - start the host half: threads and message ports
 *
 * Context: module init, after the SynIC and before debugfs.
 * Return: 0 or a negative errno.
 */
int hvsim_vmbus_init(void)
{
	struct hvsim_vmbus *s = &hvsim_vmbus;
	int ret;

	hvsim_vmbus_layout_checks();
	mutex_init(&s->lock);
	spin_lock_init(&s->inbox_lock);
	INIT_LIST_HEAD(&s->inbox);
	INIT_LIST_HEAD(&s->outbox);
	INIT_LIST_HEAD(&s->devices);
	xa_init_flags(&s->chans, XA_FLAGS_ALLOC1);
	INIT_DELAYED_WORK(&s->ctl_work, hvsim_vmbus_ctl_work);
	INIT_WORK(&s->intpage_work, hvsim_vmbus_intpage_work);
	s->ctl_wq = alloc_ordered_workqueue("hv_sim_vmbus", 0);
	if (!s->ctl_wq)
		return -ENOMEM;
	s->io_wq = alloc_workqueue("hv_sim_vmbus_io", WQ_UNBOUND, 0);
	if (!s->io_wq) {
		ret = -ENOMEM;
		goto destroy_ctl_wq;
	}
	ret = hvsim_port_register(HVSIM_VMBUS_CONN_MESSAGE, hvsim_vmbus_post, NULL,
				  (void *)(unsigned long)HVSIM_VMBUS_CONN_MESSAGE);
	if (ret)
		goto destroy_io_wq;
	hvsim_port4 = hvsim_vmbus_max_version() >= HVSIM_VMBUS_V5_0;
	if (hvsim_port4) {
		ret = hvsim_port_register(HVSIM_VMBUS_CONN_MESSAGE_4, hvsim_vmbus_post, NULL,
					  (void *)(unsigned long)HVSIM_VMBUS_CONN_MESSAGE_4);
		if (ret)
			goto unregister_port1;
	}
	return 0;

unregister_port1:
	hvsim_port_unregister(HVSIM_VMBUS_CONN_MESSAGE);
destroy_io_wq:
	destroy_workqueue(s->io_wq);
destroy_ctl_wq:
	destroy_workqueue(s->ctl_wq);
	return ret;
}

/**
 * hvsim_vmbus_exit() - stop the host half and free everything
 *
 * hv_core pins hv_sim, so no guest is connected any more; whatever the last
 * guest left behind (a connection never unloaded, open channels, GPADLs) is
 * dropped here. Every object is reachable from hvsim_vmbus, and this walks
 * all of it: devices with their channels, GPADLs, inbox, outbox, pages.
 *
 * Context: module exit, after the debugfs files are gone.
 */
void hvsim_vmbus_exit(void)
{
	struct hvsim_vmbus *s = &hvsim_vmbus;
	struct hvsim_vin *in;

	if (hvsim_port4)
		hvsim_port_unregister(HVSIM_VMBUS_CONN_MESSAGE_4);
	hvsim_port_unregister(HVSIM_VMBUS_CONN_MESSAGE);
	spin_lock_irq(&s->inbox_lock);
	s->dying = true;
	spin_unlock_irq(&s->inbox_lock);

	mutex_lock(&s->lock);
	hvsim_vmbus_reset();
	hvsim_vdev_free_all();
	hvsim_vmbus_outbox_free();
	mutex_unlock(&s->lock);

	/* no channel, port or page is left to queue anything now */
	cancel_delayed_work_sync(&s->ctl_work);
	cancel_work_sync(&s->intpage_work);
	hvsim_monitor_stop();
	destroy_workqueue(s->io_wq);
	destroy_workqueue(s->ctl_wq);
	while ((in = hvsim_vmbus_inbox_pop()))
		kfree(in);
	xa_destroy(&s->chans);
}
