// SPDX-License-Identifier: GPL-2.0
/*
 * netvsc.ko: Hyper-V's synthetic network adapter on vmbus.ko.
 *
 * Probe: open the primary channel (NAPI enabled first: every answer of the
 * host comes through it), NVSP session and buffers (nvsp.c), RNDIS
 * initialize and queries (rndis.c), then register the net_device. Remove
 * undoes it in the opposite order: unregister (ndo_stop clears the packet
 * filter), RNDIS halt, revoke the buffers, close the channel (vmbus.ko
 * cancels whatever the host did not complete), tear the buffers down.
 *
 * This is the first increment of the driver: one queue on the primary
 * channel, no offloads, MTU up to 1500. Sub-channels (vRSS), offloads,
 * MTU changes and ethtool follow.
 */
#include <linux/etherdevice.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "netvsc.h"

/* ---- module parameters: checked when written, refused with -EINVAL ---- */

unsigned int nvsc_max_nvsp = NVSC_NVSP_V61;
unsigned int nvsc_recv_buf_size = 16 * 1024 * 1024;
unsigned int nvsc_send_buf_size = 1024 * 1024;
unsigned int nvsc_ring_size = 512 * 1024;
unsigned int nvsc_max_queues = NVSC_MAX_CHANNELS;

static int nvsc_param_nvsp(const char *val, const struct kernel_param *kp)
{
	static const u32 known[] = {
		NVSC_NVSP_V1, NVSC_NVSP_V2, NVSC_NVSP_V4, NVSC_NVSP_V5, NVSC_NVSP_V6, NVSC_NVSP_V61,
	};
	unsigned int v, i;

	for (i = 0; !kstrtouint(val, 0, &v) && i < ARRAY_SIZE(known); i++) {
		if (v == known[i])
			return param_set_uint(val, kp);
	}
	pr_err("max_nvsp_version=%s: not an NVSP version (0x2, 0x30002, 0x40000, 0x50000, 0x60000, 0x60001)\n",
	       val);
	return -EINVAL;
}

static int nvsc_param_size(const char *val, const struct kernel_param *kp, u32 min, u32 max)
{
	unsigned int v;

	if (kstrtouint(val, 0, &v) || v < min || v > max || v % VMB_HV_PAGE_SIZE) {
		pr_err("%s=%s: must be a multiple of 4096 from %u to %u\n", kp->name, val, min, max);
		return -EINVAL;
	}
	return param_set_uint(val, kp);
}

static int nvsc_param_recv_buf(const char *val, const struct kernel_param *kp)
{
	/* the GPADL's range list is 16-bit: 31 MiB is the most hosts take */
	return nvsc_param_size(val, kp, 64 * 1024, 31 * 1024 * 1024);
}

static int nvsc_param_send_buf(const char *val, const struct kernel_param *kp)
{
	return nvsc_param_size(val, kp, 64 * 1024, 15 * 1024 * 1024);
}

static int nvsc_param_ring(const char *val, const struct kernel_param *kp)
{
	return nvsc_param_size(val, kp, 64 * 1024, 16 * 1024 * 1024);
}

static int nvsc_param_queues(const char *val, const struct kernel_param *kp)
{
	unsigned int v;

	if (kstrtouint(val, 0, &v) || v < 1 || v > NVSC_MAX_CHANNELS) {
		pr_err("max_queues=%s: must be 1 to %u\n", val, NVSC_MAX_CHANNELS);
		return -EINVAL;
	}
	return param_set_uint(val, kp);
}

static const struct kernel_param_ops nvsc_queues_ops = {
	.set = nvsc_param_queues, .get = param_get_uint,
};
static const struct kernel_param_ops nvsc_nvsp_ops = {
	.set = nvsc_param_nvsp, .get = param_get_uint,
};
static const struct kernel_param_ops nvsc_recv_buf_ops = {
	.set = nvsc_param_recv_buf, .get = param_get_uint,
};
static const struct kernel_param_ops nvsc_send_buf_ops = {
	.set = nvsc_param_send_buf, .get = param_get_uint,
};
static const struct kernel_param_ops nvsc_ring_ops = {
	.set = nvsc_param_ring, .get = param_get_uint,
};

module_param_cb(max_nvsp_version, &nvsc_nvsp_ops, &nvsc_max_nvsp, 0644);
MODULE_PARM_DESC(max_nvsp_version, "newest NVSP version to offer (default 0x60001)");
module_param_cb(recv_buf_size, &nvsc_recv_buf_ops, &nvsc_recv_buf_size, 0644);
MODULE_PARM_DESC(recv_buf_size, "receive buffer bytes per device (default 16 MiB)");
module_param_cb(send_buf_size, &nvsc_send_buf_ops, &nvsc_send_buf_size, 0644);
MODULE_PARM_DESC(send_buf_size, "send buffer bytes per device (default 1 MiB)");
module_param_cb(ring_size, &nvsc_ring_ops, &nvsc_ring_size, 0644);
MODULE_PARM_DESC(ring_size, "bytes of each ring of a channel (default 512 KiB)");
module_param_cb(max_queues, &nvsc_queues_ops, &nvsc_max_queues, 0644);
MODULE_PARM_DESC(max_queues, "most queues (channels) per device, also bounded by the online CPUs and the host (default 16)");

/* ---- net_device ---- */

static void nvsc_rx_mode_work(struct work_struct *work)
{
	struct nvsc_dev *nd = container_of(work, struct nvsc_dev, rx_mode_work);

	rtnl_lock();
	if (nd->opened)
		nvsc_rx_mode_apply(nd);
	rtnl_unlock();
}

static int nvsc_open(struct net_device *ndev)
{
	struct nvsc_dev *nd = netdev_priv(ndev);
	int ret;

	ret = nvsc_rx_mode_apply(nd);
	if (ret)
		return ret;
	nd->opened = true;
	netif_tx_start_all_queues(ndev);
	return 0;
}

static int nvsc_stop(struct net_device *ndev)
{
	struct nvsc_dev *nd = netdev_priv(ndev);

	nd->opened = false;
	netif_tx_disable(ndev);
	/* the host stops sending frames; a failure leaves them dropped here */
	nvsc_rndis_set_filter(nd, 0);
	return 0;
}

static void nvsc_set_rx_mode(struct net_device *ndev)
{
	struct nvsc_dev *nd = netdev_priv(ndev);

	schedule_work(&nd->rx_mode_work);
}

static void nvsc_get_stats64(struct net_device *ndev, struct rtnl_link_stats64 *s)
{
	struct nvsc_dev *nd = netdev_priv(ndev);
	unsigned int i;
	u64 p, b;

	for (i = 0; i < nd->nchans; i++) {
		nvsc_qstats_read(&nd->chans[i].rx, &p, &b);
		s->rx_packets += p;
		s->rx_bytes += b;
		nvsc_qstats_read(&nd->chans[i].tx, &p, &b);
		s->tx_packets += p;
		s->tx_bytes += b;
	}
	s->rx_dropped = atomic64_read(&nd->errs[NVSC_ERR_RX_NOMEM]);
	s->rx_errors = atomic64_read(&nd->errs[NVSC_ERR_BAD_RNDIS]) +
		       atomic64_read(&nd->errs[NVSC_ERR_BAD_XFER]);
	s->tx_dropped = atomic64_read(&nd->errs[NVSC_ERR_TX_DROP]);
}

static int nvsc_change_mtu(struct net_device *ndev, int mtu);

static const struct net_device_ops nvsc_netdev_ops = {
	.ndo_open = nvsc_open,
	.ndo_stop = nvsc_stop,
	.ndo_start_xmit = nvsc_start_xmit,
	.ndo_set_rx_mode = nvsc_set_rx_mode,
	.ndo_get_stats64 = nvsc_get_stats64,
	.ndo_change_mtu = nvsc_change_mtu,
	.ndo_set_features = nvsc_offload_set_features,
	.ndo_fix_features = nvsc_offload_fix_features,
	.ndo_validate_addr = eth_validate_addr,
	.ndo_set_mac_address = nvsc_set_mac_address,
};

/* ---- channels ---- */

/**
 * nvsc_chan_open() - open a channel as queue vmb_chan_subchannel_index(@ch)
 * @nd:		the device
 * @c:		its slot
 * @ch:		the channel
 *
 * NAPI is enabled before the open: the host may answer at once.
 *
 * Context: process context; sleeps.
 * Return: 0 or a negative errno.
 */
int nvsc_chan_open(struct nvsc_dev *nd, struct nvsc_chan *c, struct vmb_channel *ch)
{
	struct vmb_chan_config cfg = {
		.send_ring_size = nd->cfg.ring,
		.recv_ring_size = nd->cfg.ring,
		.on_event = nvsc_on_event,
		.ctx = c,
		.mode = VMB_READ_DIRECT,
		/* more IDs than the ring holds packets: the ring fills first */
		.max_requests = nd->cfg.ring / (16 + NVSC_NVSP_MSG_SIZE) + 16,
		.on_cancel = nvsc_on_cancel,
	};
	int ret;

	c->nd = nd;
	c->ch = ch;
	c->gone = false;
	c->stuck = false;
	c->index = vmb_chan_subchannel_index(ch);
	u64_stats_init(&c->rx.syncp);
	u64_stats_init(&c->tx.syncp);
	c->rx_buf = kmalloc(NVSC_RX_PKT_MAX, GFP_KERNEL);
	c->ctl_buf = kmalloc(NVSC_RNDIS_RESP_MAX, GFP_KERNEL);
	if (!c->rx_buf || !c->ctl_buf) {
		ret = -ENOMEM;
		goto free_bufs;
	}
	/* sub-channels: the receive buffer is known (the primary's comes with it) */
	if (nd->rsec.nsub) {
		c->owed = kvmalloc_array(nd->rsec.nsub, sizeof(*c->owed), GFP_KERNEL);
		if (!c->owed) {
			ret = -ENOMEM;
			goto free_bufs;
		}
		c->owed_size = nd->rsec.nsub;
	}
	netif_napi_add(nd->ndev, &c->napi, nvsc_poll);
	napi_enable(&c->napi);
	ret = vmb_chan_open(ch, &cfg);
	if (ret)
		goto del_napi;
	return 0;

del_napi:
	napi_disable(&c->napi);
	netif_napi_del(&c->napi);
free_bufs:
	kvfree(c->owed);
	kfree(c->ctl_buf);
	kfree(c->rx_buf);
	c->owed = NULL;
	c->ctl_buf = NULL;
	c->rx_buf = NULL;
	c->ch = NULL;
	return ret;
}

/**
 * nvsc_chan_close() - close a channel opened by nvsc_chan_open()
 * @c:		its slot
 *
 * Its NAPI stops first, so nothing reads what the close frees; vmbus.ko
 * cancels the requests the host did not complete (on_cancel).
 *
 * Context: process context; sleeps.
 */
void nvsc_chan_close(struct nvsc_chan *c)
{
	napi_disable(&c->napi);
	vmb_chan_close(c->ch);
	netif_napi_del(&c->napi);
	/* a coalesced packet half put together when the poll stopped */
	nvsc_rsc_end(c, NULL);
	kvfree(c->owed);
	kfree(c->ctl_buf);
	kfree(c->rx_buf);
	c->owed = NULL;
	c->owed_size = 0;
	c->owed_count = 0;
	c->ctl_buf = NULL;
	c->rx_buf = NULL;
	c->ch = NULL;
}

/* ---- probe and remove ---- */

static int nvsc_change_mtu(struct net_device *ndev, int mtu)
{
	struct nvsc_dev *nd = netdev_priv(ndev);
	struct nvsc_cfg cfg = nd->cfg;
	int ret;

	/* the core checked min_mtu..max_mtu; the host has the last word */
	cfg.mtu = mtu;
	ret = nvsc_reinit(nd, &cfg);
	if (!ret)
		WRITE_ONCE(ndev->mtu, mtu);
	return ret;
}

static int nvsc_probe(struct vmb_device *vdev, const struct vmb_device_id *id)
{
	struct net_device *ndev;
	struct nvsc_dev *nd;
	int ret;

	nvsc_proto_check();
	ndev = alloc_etherdev_mq(sizeof(*nd), NVSC_MAX_CHANNELS);
	if (!ndev)
		return -ENOMEM;
	SET_NETDEV_DEV(ndev, &vdev->dev);
	nd = netdev_priv(ndev);
	nd->ndev = ndev;
	nd->vdev = vdev;
	nd->cfg.recv_buf = nvsc_recv_buf_size;
	nd->cfg.send_buf = nvsc_send_buf_size;
	nd->cfg.ring = nvsc_ring_size;
	nd->cfg.queues = nvsc_max_queues;
	nd->cfg.mtu = ETH_DATA_LEN;
	mutex_init(&nd->ctl_mutex);
	spin_lock_init(&nd->rndis_lock);
	INIT_LIST_HEAD(&nd->rndis_wait);
	INIT_WORK(&nd->rx_mode_work, nvsc_rx_mode_work);
	ndev->netdev_ops = &nvsc_netdev_ops;
	ndev->ethtool_ops = &nvsc_ethtool_ops;
	ndev->hw_features |= NETIF_F_RXHASH;
	/* VLAN tags travel as per-packet info both ways (tx.c, rx.c): always on */
	ndev->features |= NETIF_F_HW_VLAN_CTAG_TX | NETIF_F_HW_VLAN_CTAG_RX;
	/* the RNDIS header and its per-packet info go before the frame */
	ndev->needed_headroom = NVSC_RNDIS_TX_HDR_MAX;
	ndev->priv_flags |= IFF_LIVE_ADDR_CHANGE;
	netif_carrier_off(ndev);
	dev_set_drvdata(&vdev->dev, nd);
	netif_set_real_num_tx_queues(ndev, 1);
	netif_set_real_num_rx_queues(ndev, 1);
	nvsc_vrss_init(nd);

	ret = nvsc_attach(nd, true);
	if (ret)
		goto free_netdev;
	if (nd->nchans > 1)
		ndev->features |= NETIF_F_RXHASH;
	ret = register_netdev(ndev);
	if (ret) {
		netdev_err(ndev, "register_netdev failed (%d)\n", ret);
		goto detach;
	}
	netdev_info(ndev, "NVSP %#x, NDIS %u.%u, %u queues, %u receive sub-allocations of %u bytes, %u send sections of %u bytes\n",
		    nd->nvsp_ver, nd->ndis_ver >> 16, nd->ndis_ver & 0xffff, nd->nchans,
		    nd->rsec.nsub, nd->rsec.sub_size, nd->nsec, nd->sec_size);
	return 0;

detach:
	nvsc_detach(nd);
free_netdev:
	vmb_chan_set_subchannel_cb(vdev->channel, NULL);
	free_netdev(ndev);
	return ret;
}

static void nvsc_remove(struct vmb_device *vdev)
{
	struct nvsc_dev *nd = dev_get_drvdata(&vdev->dev);
	struct net_device *ndev = nd->ndev;

	unregister_netdev(ndev);
	cancel_work_sync(&nd->rx_mode_work);
	nvsc_detach(nd);
	vmb_chan_set_subchannel_cb(vdev->channel, NULL);
	free_netdev(ndev);
}

/* the synthetic network adapter: f8615163-df3e-46c5-913f-f2d2f965ed0e */
static const struct vmb_device_id nvsc_id_table[] = {
	{ .guid = GUID_INIT(0xf8615163, 0xdf3e, 0x46c5,
			    0x91, 0x3f, 0xf2, 0xd2, 0xf9, 0x65, 0xed, 0x0e) },
	{ }
};
MODULE_DEVICE_TABLE(vmbus, nvsc_id_table);

/*
 * The in-tree driver's name, which userspace matches: cloud-init's network
 * configuration on Azure ("match: driver: hv_netvsc", through ethtool's
 * driver name, below) and udev rules (DRIVERS=="hv_netvsc"). Only one
 * VMBus stack runs on a kernel (packaging/README.md), so it is never taken.
 */
static struct vmb_driver nvsc_driver = {
	.name = "hv_netvsc",
	.id_table = nvsc_id_table,
	.probe = nvsc_probe,
	.remove = nvsc_remove,
};

static int __init nvsc_init(void)
{
	return vmb_driver_register(&nvsc_driver);
}

static void __exit nvsc_exit(void)
{
	vmb_driver_unregister(&nvsc_driver);
}

module_init(nvsc_init);
module_exit(nvsc_exit);

MODULE_DESCRIPTION("Hyper-V synthetic network adapter (NVSP/RNDIS over VMBus)");
MODULE_LICENSE("GPL");
