// SPDX-License-Identifier: GPL-2.0
/*
 * vRSS: one queue per channel, the host spreading received frames over
 * them by the hash of each flow (receive-side scaling), and the stack
 * spreading sent frames by its own hash.
 *
 * At probe, after RNDIS is up: the host's RSS capabilities say how many
 * receive queues it can feed; we ask it (NVSP SUBCHANNEL) for
 * min(its queues, online CPUs, max_queues) - 1 sub-channels, open each as
 * vmbus.ko offers it (the sub-channel callback, in process context), wait
 * for them, and give the host the hash key and a 128-entry indirection
 * table over the queues we opened. Queues are numbered by sub-channel
 * index (0: the primary); only a gapless prefix of them is used.
 *
 * Sub-channels open only while nd->sub_accept is set (under nd->sub_lock),
 * so that a late offer cannot open a channel on a device that is going
 * away; removal clears it before closing them.
 */
#include <linux/cpumask.h>
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <linux/wait.h>

#include "netvsc.h"

#define NVSC_SUB_TIMEOUT	(10 * HZ)

/*
 * The host rescinded a sub-channel (it does so when the device goes, and a
 * reinit's close makes it too). vmbus.ko closes and frees the channel as
 * soon as this returns, so every use of it ends here: its TX queue stops
 * sending on it (under the queue's lock, so no xmit is inside a send),
 * its NAPI and the channel close. Process context, from vmbus.ko's
 * sub-channel work, under its drv_lock.
 */
static void nvsc_subchan_rescind(struct vmb_channel *sc)
{
	struct vmb_device *vdev = vmb_chan_device(sc);
	struct nvsc_dev *nd = vdev ? dev_get_drvdata(&vdev->dev) : NULL;
	u16 idx = vmb_chan_subchannel_index(sc);
	struct netdev_queue *txq;
	struct nvsc_chan *c;

	if (!nd || !idx || idx >= NVSC_MAX_CHANNELS)
		return;
	c = &nd->chans[idx];
	mutex_lock(&nd->sub_lock);
	if ((nd->sub_open & BIT(idx)) && c->ch == sc) {
		txq = netdev_get_tx_queue(nd->ndev, idx);
		__netif_tx_lock_bh(txq);
		WRITE_ONCE(c->gone, true);
		__netif_tx_unlock_bh(txq);
		nvsc_chan_close(c);
		nd->sub_open &= ~BIT(idx);
	}
	mutex_unlock(&nd->sub_lock);
}

/* Process context, from vmbus.ko's sub-channel work, under its drv_lock. */
static void nvsc_subchan_cb(struct vmb_channel *sc)
{
	struct vmb_device *vdev = vmb_chan_device(sc);
	struct nvsc_dev *nd = vdev ? dev_get_drvdata(&vdev->dev) : NULL;
	u16 idx = vmb_chan_subchannel_index(sc);
	int ret;

	if (!nd)
		return;
	mutex_lock(&nd->sub_lock);
	if (!nd->sub_accept || !idx || idx >= NVSC_MAX_CHANNELS || nd->chans[idx].ch) {
		mutex_unlock(&nd->sub_lock);
		return;
	}
	vmb_chan_set_rescind_cb(sc, nvsc_subchan_rescind);
	ret = nvsc_chan_open(nd, &nd->chans[idx], sc);
	if (ret)
		netdev_warn(nd->ndev, "cannot open sub-channel %u (%d)\n", idx, ret);
	else
		nd->sub_open |= BIT(idx);
	mutex_unlock(&nd->sub_lock);
	wake_up(&nd->sub_wq);
}

/* how many queues of the gapless prefix 0..n-1 are open */
static u32 nvsc_open_prefix(struct nvsc_dev *nd)
{
	u32 n = 1;

	while (n < NVSC_MAX_CHANNELS && (nd->sub_open & BIT(n)))
		n++;
	return n;
}

/**
 * nvsc_rss_set() - give the host the hash key and indirection table
 * @nd:		the device
 *
 * Context: process context; sleeps.
 * Return: as nvsc_rndis_set().
 */
int nvsc_rss_set(struct nvsc_dev *nd)
{
	u32 tlen = NVSC_RSS_TABLE_ENTRIES * sizeof(u32);
	struct nvsc_rss_params *p;
	u32 len = sizeof(*p) + tlen + NVSC_RSS_KEY_SIZE;
	int ret;

	p = kzalloc(len, GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->hdr.type = NVSC_NDIS_OBJ_RSS_PARAMS;
	p->hdr.revision = NVSC_NDIS_RSS_REVISION_2;
	p->hdr.size = sizeof(*p);
	p->hash_info = NVSC_HASH_FUNC_TOEPLITZ | NVSC_HASH_IPV4 | NVSC_HASH_TCP_IPV4 |
		       NVSC_HASH_IPV6 | NVSC_HASH_TCP_IPV6;
	p->table_size = tlen;
	p->table_offset = sizeof(*p);
	p->key_size = NVSC_RSS_KEY_SIZE;
	p->key_offset = sizeof(*p) + tlen;
	memcpy((u8 *)p + p->table_offset, nd->rss_table, tlen);
	memcpy((u8 *)p + p->key_offset, nd->rss_key, NVSC_RSS_KEY_SIZE);
	ret = nvsc_rndis_set(nd, NVSC_OID_GEN_RSS_PARAMETERS, p, len);
	kfree(p);
	if (ret)
		netdev_warn(nd->ndev, "host refused the RSS parameters (%d)\n", ret);
	return ret;
}

/* the number of queues to ask for; 1: no sub-channels */
static u32 nvsc_queues_wanted(struct nvsc_dev *nd)
{
	struct nvsc_rss_caps q = {
		.hdr = {
			.type = NVSC_NDIS_OBJ_RSS_CAPS,
			.revision = NVSC_NDIS_RSS_REVISION_2,
			.size = sizeof(q),
		},
	};
	u8 buf[64];
	u32 len = sizeof(buf), queues, entries;
	int ret;

	nd->host_queues = 1;
	if (nd->nvsp_ver < NVSC_NVSP_V5 || num_online_cpus() < 2)
		return 1;
	/* hosts want the object's header as the query's input */
	ret = nvsc_rndis_query_in(nd, NVSC_OID_GEN_RSS_CAPABILITIES, &q, sizeof(q), buf, &len);
	if (ret)
		return 1;	/* no RSS on this host */
	if (nvsc_parse_rss_caps(buf, len, &queues, &entries)) {
		nvsc_err(nd, BAD_RNDIS);
		netdev_warn(nd->ndev, "malformed RSS capabilities: one queue\n");
		return 1;
	}
	nd->host_queues = clamp_t(u32, queues, 1, NVSC_MAX_CHANNELS);
	return clamp_t(u32, min3(nd->host_queues, num_online_cpus(), nd->cfg.queues), 1,
		       NVSC_MAX_CHANNELS);
}

/**
 * nvsc_vrss_setup() - sub-channels and RSS, before the net_device registers
 * @nd:		the device, RNDIS up
 *
 * Any failure leaves the device on fewer queues (at least the primary),
 * never failed: a host without RSS still carries traffic.
 *
 * Context: process context; sleeps (probe).
 */
void nvsc_vrss_setup(struct nvsc_dev *nd)
{
	struct nvsc_nvsp_msg msg = {}, resp;
	u32 want = nvsc_queues_wanted(nd), granted, i, n;
	int ret;

	if (want < 2)
		return;
	mutex_lock(&nd->sub_lock);
	nd->sub_accept = true;
	mutex_unlock(&nd->sub_lock);
	msg.type = NVSC_NVSP5_SUBCHANNEL;
	msg.subchannel.op_or_status = NVSC_SUBCHANNEL_ALLOCATE;
	msg.subchannel.count = want - 1;
	mutex_lock(&nd->ctl_mutex);
	ret = nvsc_nvsp_request(nd, &msg, &resp);
	mutex_unlock(&nd->ctl_mutex);
	if (ret || resp.type != NVSC_NVSP5_SUBCHANNEL ||
	    resp.subchannel.op_or_status != NVSC_NVSP_STAT_SUCCESS) {
		netdev_warn(nd->ndev, "host gave no sub-channels (%d, status %u): one queue\n",
			    ret, resp.subchannel.op_or_status);
		return;
	}
	granted = resp.subchannel.count;
	if (granted > want - 1) {
		nvsc_err(nd, BAD_PACKET);
		netdev_warn(nd->ndev, "host granted %u sub-channels of the %u asked for\n",
			    granted, want - 1);
		granted = want - 1;
	}
	if (!wait_event_timeout(nd->sub_wq, nvsc_open_prefix(nd) >= granted + 1,
				NVSC_SUB_TIMEOUT))
		netdev_warn(nd->ndev, "%u of %u sub-channels opened in time\n",
			    nvsc_open_prefix(nd) - 1, granted);
	n = min(nvsc_open_prefix(nd), granted + 1);
	if (n < 2)
		return;
	netdev_rss_key_fill(nd->rss_key, NVSC_RSS_KEY_SIZE);
	for (i = 0; i < NVSC_RSS_TABLE_ENTRIES; i++)
		nd->rss_table[i] = ethtool_rxfh_indir_default(i, n);
	if (nvsc_rss_set(nd))
		return;		/* the host receives on the primary alone */
	nd->nchans = n;
	netif_set_real_num_tx_queues(nd->ndev, n);
	netif_set_real_num_rx_queues(nd->ndev, n);
}

/**
 * nvsc_vrss_close() - close every sub-channel
 * @nd:		the device
 *
 * Context: process context; the net_device unregistered (or never
 * registered) and RNDIS halted.
 */
void nvsc_vrss_close(struct nvsc_dev *nd)
{
	unsigned int i;

	/* under the lock: a rescind may be closing one of them right now */
	mutex_lock(&nd->sub_lock);
	nd->sub_accept = false;
	for (i = NVSC_MAX_CHANNELS - 1; i > 0; i--) {
		if (nd->sub_open & BIT(i))
			nvsc_chan_close(&nd->chans[i]);
	}
	nd->sub_open = 0;
	mutex_unlock(&nd->sub_lock);
	nd->nchans = 1;
}

/**
 * nvsc_vrss_init() - before the primary channel opens
 * @nd:		the device
 *
 * Context: probe.
 */
void nvsc_vrss_init(struct nvsc_dev *nd)
{
	mutex_init(&nd->sub_lock);
	init_waitqueue_head(&nd->sub_wq);
	/* a sub-channel may be offered as soon as we ask, even during probe */
	vmb_chan_set_subchannel_cb(nd->vdev->channel, nvsc_subchan_cb);
}
