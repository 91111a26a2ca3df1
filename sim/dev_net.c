// SPDX-License-Identifier: GPL-2.0
/*
 * The "net" device class: Hyper-V's synthetic network adapter (NetVSP), one
 * port of hv_sim's virtual switch each. Class GUID
 * f8615163-df3e-46c5-913f-f2d2f965ed0e.
 *
 * new_device keys (besides id=, channels=, monitor=):
 *   mac=xx:xx:xx:xx:xx:xx  permanent MAC, a unicast address no other NIC
 *                          has (default: 00:15:5d, Hyper-V's prefix, and
 *                          the low three bytes of the device's serial)
 *   mtu_max=N              largest MTU the host accepts in NDIS_CONFIG,
 *                          1500..9202 (default 9202: openvmm's, i.e.
 *                          vmswitch's, 9216-byte frames)
 *   queues=N               queues, 1..16: the channels the NIC may have,
 *                          primary included (an alias of channels=; default
 *                          min(8, online CPUs), as Hyper-V's vRSS)
 *   link=up|down           link state at creation (default up)
 *   rsc=0|1                offer receive segment coalescing (default 0;
 *                          the guest enables it, net_offload.c)
 *   mc_max=N               multicast list entries the host takes and
 *                          reports in OID_802_3_MAXIMUM_LIST_SIZE, 1..32
 *                          (default 32)
 *
 * debugfs: "net" has one line per NIC (configuration, negotiated state,
 * counters, fault knobs); "net_ctl" (net_fault.c) takes "<instance GUID>
 * key=value ...": link=up|down and the fault knobs. Bad input to either
 * control file: -EINVAL and one log line.
 *
 * Locking: see net_host.h. Everything here runs under hvsim_vmbus.lock,
 * except the key parsing (no lock: the device is not visible yet).
 */
#include <linux/cpumask.h>
#include <linux/etherdevice.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "net_host.h"

#define HVSIM_NET_KEY_MAC	BIT(0)
#define HVSIM_NET_KEY_MTU_MAX	BIT(1)
#define HVSIM_NET_KEY_LINK	BIT(2)
#define HVSIM_NET_KEY_RSC	BIT(3)
#define HVSIM_NET_KEY_MC_MAX	BIT(4)

static const char *const hvsim_net_counter_names[HVSIM_NET_C_COUNT] = {
	[HVSIM_NET_RX_FRAMES] = "rx_frames",
	[HVSIM_NET_RX_BYTES] = "rx_bytes",
	[HVSIM_NET_TX_FRAMES] = "tx_frames",
	[HVSIM_NET_TX_BYTES] = "tx_bytes",
	[HVSIM_NET_FLOODED] = "flooded",
	[HVSIM_NET_LEARNED] = "learned",
	[HVSIM_NET_DROPPED_FILTER] = "dropped_filter",
	[HVSIM_NET_DROPPED_QUEUE_FULL] = "dropped_queue_full",
	[HVSIM_NET_DROPPED_NO_BUFFER] = "dropped_no_buffer",
	[HVSIM_NET_DROPPED_MTU] = "dropped_mtu",
	[HVSIM_NET_DROPPED_LINK] = "dropped_link",
	[HVSIM_NET_RX_XFERS] = "rx_xfers",
	[HVSIM_NET_CTL_SENT] = "ctl_sent",
	[HVSIM_NET_CTL_DROPPED] = "ctl_dropped",
	[HVSIM_NET_RX_HASHED] = "rx_hashed",
	[HVSIM_NET_RX_CSUM_OK] = "rx_csum_ok",
	[HVSIM_NET_RX_CSUM_BAD] = "rx_csum_bad",
	[HVSIM_NET_TX_CSUM] = "tx_csum",
	[HVSIM_NET_TX_LSO] = "tx_lso",
	[HVSIM_NET_TX_LSO_SEGS] = "tx_lso_segs",
	[HVSIM_NET_TX_RSC] = "tx_rsc",
	[HVSIM_NET_RX_RSC] = "rx_rsc",
	[HVSIM_NET_RX_RSC_SEGS] = "rx_rsc_segs",
	[HVSIM_NET_RX_RSC_FRAGS] = "rx_rsc_frags",
	[HVSIM_NET_TX_VLAN] = "tx_vlan",
	[HVSIM_NET_RX_VLAN] = "rx_vlan",
	[HVSIM_NET_SEND_TABLES] = "send_tables",
	[HVSIM_NET_BAD_NVSP] = "bad_nvsp",
	[HVSIM_NET_BAD_RNDIS] = "bad_rndis",
	[HVSIM_NET_BAD_TX] = "bad_tx",
	[HVSIM_NET_BAD_TX_OFFLOAD] = "bad_tx_offload",
	[HVSIM_NET_BAD_COMPLETION] = "bad_completion",
	[HVSIM_NET_RX_NACKED] = "rx_nacked",
	[HVSIM_NET_UNSUPPORTED] = "unsupported",
	[HVSIM_NET_DROPPED_FAULT] = "dropped_fault",
	[HVSIM_NET_FAULTS_INJECTED] = "faults_injected",
};

static const char *const hvsim_net_rndis_names[] = {
	[HVSIM_NET_RNDIS_UNINIT] = "uninitialized",
	[HVSIM_NET_RNDIS_OPERATIONAL] = "operational",
	[HVSIM_NET_RNDIS_HALTED] = "halted",
};

static u16 hvsim_net_default_channels(void)
{
	return clamp_t(u16, num_online_cpus(), 1, min(8, HVSIM_VMBUS_MAX_CHANNELS));
}

/* "xx:xx:xx:xx:xx:xx" into @mac */
static int hvsim_net_parse_mac(const char *s, u8 *mac)
{
	int hi, lo;
	u32 i;

	if (strlen(s) != 3 * ETH_ALEN - 1)
		return -EINVAL;
	for (i = 0; i < ETH_ALEN; i++) {
		hi = hvsim_net_hex(s[3 * i]);
		lo = hvsim_net_hex(s[3 * i + 1]);
		if (hi < 0 || lo < 0 || (i < ETH_ALEN - 1 && s[3 * i + 2] != ':'))
			return -EINVAL;
		mac[i] = hi << 4 | lo;
	}
	return 0;
}

static int hvsim_net_alloc(struct hvsim_vdev *dev)
{
	struct hvsim_net *net;
	unsigned int i;

	net = kzalloc(sizeof(*net), GFP_KERNEL);
	if (!net)
		return -ENOMEM;
	net->dev = dev;
	net->mtu_max = HVSIM_NET_MTU_MAX;
	net->mc_max = HVSIM_NET_MCAST_MAX;
	net->link_init = true;
	spin_lock_init(&net->lock);
	INIT_LIST_HEAD(&net->ctl);
	INIT_LIST_HEAD(&net->port);
	xa_init_flags(&net->xfers, XA_FLAGS_ALLOC1);
	net->frame_max = HVSIM_NET_FRAME_DEFAULT;
	net->nvsp_size = HVSIM_NVSP_MSG_SIZE_V1;
	net->guest_link_up = true;
	for (i = 0; i < HVSIM_NET_C_COUNT; i++)
		atomic64_set(&net->cnt[i], 0);
	for (i = 0; i < ARRAY_SIZE(net->rxq); i++)
		atomic64_set(&net->rxq[i].frames, 0);
	spin_lock(&net->lock);
	hvsim_net_offload_reset_locked(net);
	spin_unlock(&net->lock);
	dev->priv = net;
	return 0;
}

/* One of new_device's net keys; -ENOENT for a key that is not. */
static int hvsim_net_parse_key(struct hvsim_vdev *dev, const char *key, const char *val)
{
	struct hvsim_net *net = dev->priv;
	unsigned int bit;
	u16 queues;
	bool b;

	if (!strcmp(key, "queues")) {
		if (dev->max_channels) {
			pr_warn("new_device: queues= given twice or with channels=\n");
			return -EINVAL;
		}
		if (kstrtou16(val, 10, &queues) || !queues || queues > HVSIM_VMBUS_MAX_CHANNELS) {
			pr_warn("new_device: queues=%s not in 1..%u\n", val,
				HVSIM_VMBUS_MAX_CHANNELS);
			return -EINVAL;
		}
		dev->max_channels = queues;
		return 0;
	}
	if (!strcmp(key, "mac"))
		bit = HVSIM_NET_KEY_MAC;
	else if (!strcmp(key, "mtu_max"))
		bit = HVSIM_NET_KEY_MTU_MAX;
	else if (!strcmp(key, "link"))
		bit = HVSIM_NET_KEY_LINK;
	else if (!strcmp(key, "rsc"))
		bit = HVSIM_NET_KEY_RSC;
	else if (!strcmp(key, "mc_max"))
		bit = HVSIM_NET_KEY_MC_MAX;
	else
		return -ENOENT;
	if (net->keys & bit) {
		pr_warn("new_device: key '%s' given twice\n", key);
		return -EINVAL;
	}
	net->keys |= bit;
	switch (bit) {
	case HVSIM_NET_KEY_MAC:
		if (hvsim_net_parse_mac(val, net->perm_mac) || !is_valid_ether_addr(net->perm_mac)) {
			pr_warn("new_device: mac=%s is not a unicast xx:xx:xx:xx:xx:xx address\n",
				val);
			return -EINVAL;
		}
		break;
	case HVSIM_NET_KEY_MTU_MAX:
		if (kstrtou32(val, 10, &net->mtu_max) || net->mtu_max < HVSIM_NET_MTU_MIN ||
		    net->mtu_max > HVSIM_NET_MTU_MAX) {
			pr_warn("new_device: mtu_max=%s not in %u..%u\n", val, HVSIM_NET_MTU_MIN,
				HVSIM_NET_MTU_MAX);
			return -EINVAL;
		}
		break;
	case HVSIM_NET_KEY_LINK:
		if (strcmp(val, "up") && strcmp(val, "down")) {
			pr_warn("new_device: link=%s is not up or down\n", val);
			return -EINVAL;
		}
		net->link_init = !strcmp(val, "up");
		break;
	case HVSIM_NET_KEY_RSC:
		if (kstrtobool(val, &b)) {
			pr_warn("new_device: rsc=%s is not 0 or 1\n", val);
			return -EINVAL;
		}
		net->rsc = b;
		break;
	case HVSIM_NET_KEY_MC_MAX:
		if (kstrtou32(val, 10, &net->mc_max) || !net->mc_max ||
		    net->mc_max > HVSIM_NET_MCAST_MAX) {
			pr_warn("new_device: mc_max=%s not in 1..%u\n", val, HVSIM_NET_MCAST_MAX);
			return -EINVAL;
		}
		break;
	}
	return 0;
}

static int hvsim_net_create(struct hvsim_vdev *dev)
{
	struct hvsim_net *net = dev->priv;
	u32 n = dev->serial;
	unsigned int tries, i;

	if (net->keys & HVSIM_NET_KEY_MAC) {
		if (hvsim_netsw_mac_taken(net->perm_mac)) {
			pr_warn("new_device: mac=%pM is another NIC's\n", net->perm_mac);
			return -EINVAL;
		}
	} else {
		/* 00:15:5d:xx:xx:xx from the serial, unique among the NICs */
		for (tries = 0; tries < 64; tries++, n++) {
			u8 mac[ETH_ALEN] = { 0x00, 0x15, 0x5d, n >> 16, n >> 8, n };

			ether_addr_copy(net->perm_mac, mac);
			if (!hvsim_netsw_mac_taken(mac))
				break;
		}
		if (tries == 64) {
			pr_warn("new_device: no free MAC for the NIC; give mac=\n");
			return -EINVAL;
		}
	}
	ether_addr_copy(net->mac, net->perm_mac);
	net->link_up = net->link_init;
	/* a receive queue per channel the NIC may have: RSS spreads frames over them */
	for (i = 0; i < net->dev->max_channels; i++) {
		net->rxq[i].ring = kcalloc(HVSIM_NET_QUEUE_MAX, sizeof(*net->rxq[i].ring),
					   GFP_KERNEL);
		if (!net->rxq[i].ring)
			return -ENOMEM;
	}
	return hvsim_netsw_add(net);
}

static void hvsim_net_destroy(struct hvsim_vdev *dev)
{
	struct hvsim_net *net = dev->priv;
	unsigned int i;

	if (!net)
		return;
	/* no channel is left; after this no forwarder holds the port */
	hvsim_netsw_del(net);
	hvsim_net_xfers_free(net, -1);
	hvsim_net_recv_buf_drop(net);
	spin_lock(&net->lock);
	hvsim_net_purge_locked(net, true);
	spin_unlock(&net->lock);
	hvsim_gpadl_put(net->send_buf);
	xa_destroy(&net->xfers);
	for (i = 0; i < ARRAY_SIZE(net->rxq); i++)
		kfree(net->rxq[i].ring);
	kfree(net);
	dev->priv = NULL;
}

static int hvsim_net_open(struct hvsim_vchan *chan)
{
	struct hvsim_net *net = chan->dev->priv;
	struct hvsim_net_chan *nc;

	nc = kzalloc(sizeof(*nc), GFP_KERNEL);
	if (!nc)
		return -ENOMEM;
	/* a send-buffer section, then page ranges up to one whole frame or large send */
	nc->bounce_len = HVSIM_NET_SEND_SECTION + HVSIM_NET_TX_HDR_MAX +
			 max_t(u32, net->mtu_max + ETH_HLEN, HVSIM_NET_LSO_FRAME_MAX);
	nc->bounce = kvmalloc(nc->bounce_len, GFP_KERNEL);
	if (!nc->bounce) {
		kfree(nc);
		return -ENOMEM;
	}
	chan->priv = nc;
	hvsim_net_chan_open(net, chan);
	return 0;
}

static void hvsim_net_close(struct hvsim_vchan *chan)
{
	struct hvsim_net *net = chan->dev->priv;
	struct hvsim_net_chan *nc = chan->priv;

	/* no more kicks to it; without a primary the port accepts nothing */
	hvsim_net_chan_close(net, chan);
	if (!chan->sub_index) {
		hvsim_net_nvsp_reset(net);
		hvsim_netsw_forget(net);
	}
	chan->priv = NULL;
	if (nc) {
		kvfree(nc->bounce);
		kfree(nc);
	}
}

const struct hvsim_vdev_ops hvsim_net_ops = {
	.type = "net",
	.class_id = GUID_INIT(0xf8615163, 0xdf3e, 0x46c5,
			      0x91, 0x3f, 0xf2, 0xd2, 0xf9, 0x65, 0xed, 0x0e),
	.default_channels = hvsim_net_default_channels,
	.alloc = hvsim_net_alloc,
	.parse_key = hvsim_net_parse_key,
	.create = hvsim_net_create,
	.destroy = hvsim_net_destroy,
	.open = hvsim_net_open,
	.close = hvsim_net_close,
	.packet = hvsim_net_packet,
	.service = hvsim_net_service,
};

static void hvsim_net_show_one(struct seq_file *m, struct hvsim_net *net)
{
	u32 version, frame, filter, send_size, send_sections, queued = 0, ctl, tx, rx, lso, rsc_on;
	enum hvsim_net_rndis_state rndis;
	bool link, rss;
	u8 mac[ETH_ALEN];
	unsigned int i;

	spin_lock(&net->lock);
	ether_addr_copy(mac, net->mac);
	link = net->link_up;
	version = net->version;
	frame = net->frame_max;
	filter = net->filter;
	rndis = net->rndis;
	send_size = net->send_size;
	send_sections = net->send_sections;
	for (i = 0; i < ARRAY_SIZE(net->rxq); i++)
		queued += net->rxq[i].len;
	ctl = net->ctl_len;
	rss = net->rss_enabled;
	tx = net->ofl_tx;
	rx = net->ofl_rx;
	lso = net->ofl_lso;
	rsc_on = net->ofl_rsc;
	spin_unlock(&net->lock);
	seq_printf(m, "%pUl mac=%pM perm=%pM link=%s nvsp=%#x ndis=%u.%u mtu=%u mtu_max=%u mc_max=%u",
		   &net->dev->instance, mac, net->perm_mac, link ? "up" : "down", version,
		   READ_ONCE(net->ndis_major), READ_ONCE(net->ndis_minor), frame - ETH_HLEN,
		   net->mtu_max, net->mc_max);
	seq_printf(m, " queues=%u recv=%u/%ux%u send=%u/%ux%u filter=%#x rndis=%s rss=%s rsc=%d queued=%u ctl_queued=%u",
		   net->dev->max_channels, READ_ONCE(net->recv_size),
		   READ_ONCE(net->recv_sections), READ_ONCE(net->recv_sub), send_size,
		   send_sections, HVSIM_NET_SEND_SECTION, filter, hvsim_net_rndis_names[rndis],
		   rss ? "on" : "off", net->rsc, queued, ctl);
	/* frames written to the guest per receive queue (channel), then the offloads on */
	seq_puts(m, " rxq=");
	for (i = 0; i < net->dev->max_channels; i++)
		seq_printf(m, "%s%lld", i ? "/" : "", atomic64_read(&net->rxq[i].frames));
	seq_printf(m, " csum_tx=%#x csum_rx=%#x lso=%#x rsc_on=%#x", tx, rx, lso, rsc_on);
	for (i = 0; i < HVSIM_NET_C_COUNT; i++)
		seq_printf(m, " %s=%lld", hvsim_net_counter_names[i], atomic64_read(&net->cnt[i]));
	hvsim_net_fault_show(m, net);
	seq_putc(m, '\n');
}

/**
 * hvsim_net_show() - the "net" debugfs file: one line per NIC
 * @m:		the seq_file
 *
 * Context: process context; takes hvsim_vmbus.lock.
 */
void hvsim_net_show(struct seq_file *m)
{
	struct hvsim_vdev *dev;

	mutex_lock(&hvsim_vmbus.lock);
	list_for_each_entry(dev, &hvsim_vmbus.devices, node)
		if (dev->ops == &hvsim_net_ops && dev->priv)
			hvsim_net_show_one(m, dev->priv);
	mutex_unlock(&hvsim_vmbus.lock);
}
