// SPDX-License-Identifier: GPL-2.0
/*
 * The VMBus server's connection: versions, INITIATE_CONTACT, REQUESTOFFERS,
 * UNLOAD, and the dispatch of every guest message by type (the ports, the
 * inbox and the host's one thread that calls it are vmbus_server.c).
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
 * Locking: everything here runs under hvsim_vmbus.lock, in the control work.
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "hvsim.h"
#include "vmbus_host.h"

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
void hvsim_vmbus_reset(void)
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

void hvsim_vmbus_handle(u32 conn, const void *data, u32 size)
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
