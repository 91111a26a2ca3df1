// SPDX-License-Identifier: GPL-2.0
/*
 * The device's connection to the host, built and rebuilt.
 *
 * nvsc_attach() opens the primary channel, brings up NVSP (buffers sized by
 * nd->cfg) and RNDIS, reads what the host says of the device and opens the
 * sub-channels; nvsc_detach() undoes it in the opposite order. Probe and
 * remove use them once; nvsc_reinit() uses them to change what only a new
 * connection can change (the MTU, which the NDIS configuration announces
 * once; buffer sizes; the number of queues), as Hyper-V's guests must.
 *
 * A reinit runs under RTNL with the device detached (no xmit runs, the
 * queues are stopped), so nothing but the NAPI polls, which detach stops
 * channel by channel, touches what it frees. If the new configuration
 * fails (the host refuses the MTU, memory), the old one is rebuilt; only if
 * that fails too is the device left without a connection, said in one line.
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include "netvsc.h"

/* What the host says of the device: MAC (kept from the first), frame size, link. */
static int nvsc_query_device(struct nvsc_dev *nd, bool first)
{
	struct net_device *ndev = nd->ndev;
	u8 mac[ETH_ALEN];
	u32 v, len;
	int ret;

	len = sizeof(mac);
	ret = nvsc_rndis_query(nd, NVSC_OID_802_3_PERMANENT_ADDRESS, mac, &len);
	if (ret || len != ETH_ALEN || !is_valid_ether_addr(mac)) {
		netdev_err(ndev, "host gave no usable MAC address (%d, %u bytes)\n", ret, len);
		return ret ?: -EPROTO;
	}
	if (first) {
		eth_hw_addr_set(ndev, mac);
		ether_addr_copy(ndev->perm_addr, mac);
	}

	len = sizeof(v);
	ret = nvsc_rndis_query(nd, NVSC_OID_GEN_MAXIMUM_FRAME_SIZE, &v, &len);
	if (ret || len != sizeof(v) || v < ETH_MIN_MTU) {
		netdev_err(ndev, "host gave no usable maximum frame size (%d)\n", ret);
		return ret ?: -EPROTO;
	}
	nd->max_frame = v;
	if (first) {
		ndev->min_mtu = ETH_MIN_MTU;
		/* NVSP 2 and later carry the MTU in the NDIS configuration */
		ndev->max_mtu = nd->nvsp_ver >= NVSC_NVSP_V2 ? 65535 - ETH_HLEN : ETH_DATA_LEN;
		nd->cfg.mtu = min_t(u32, v, nd->cfg.mtu);
		ndev->mtu = nd->cfg.mtu;
	} else if (v < nd->cfg.mtu) {
		netdev_warn(ndev, "host takes frames of at most %u bytes: MTU %u refused\n",
			    v, nd->cfg.mtu);
		return -EINVAL;
	}

	len = sizeof(v);
	ret = nvsc_rndis_query(nd, NVSC_OID_GEN_MEDIA_CONNECT_STATUS, &v, &len);
	if (ret || len != sizeof(v)) {
		netdev_err(ndev, "host gave no link status (%d)\n", ret);
		return ret ?: -EPROTO;
	}
	if (v == NVSC_MEDIA_CONNECTED)
		netif_carrier_on(ndev);
	else
		netif_carrier_off(ndev);
	return 0;
}

/**
 * nvsc_attach() - connect the device to the host as nd->cfg says
 * @nd:		the device, without a connection
 * @first:	from probe: take the MAC and the MTU limits from the host
 *
 * Context: process context; sleeps; probe, or RTNL held.
 * Return: 0, or a negative errno with nothing left connected.
 */
int nvsc_attach(struct nvsc_dev *nd, bool first)
{
	struct nvsc_chan *c = &nd->chans[0];
	int ret;

	ret = nvsc_chan_open(nd, c, nd->vdev->channel);
	if (ret) {
		dev_err(&nd->vdev->dev, "cannot open the primary channel (%d)\n", ret);
		return ret;
	}
	nd->nchans = 1;
	ret = nvsc_nvsp_connect(nd);
	if (ret)
		goto close;
	ret = nvsc_rndis_init(nd);
	if (ret)
		goto revoke;
	ret = nvsc_query_device(nd, first);
	if (ret)
		goto halt;
	ret = nvsc_offload_setup(nd, first);
	if (ret)
		goto halt;
	nvsc_addr_setup(nd, first);
	nvsc_vrss_setup(nd);
	return 0;

halt:
	nvsc_rndis_halt(nd);
revoke:
	nvsc_nvsp_revoke(nd);
close:
	nvsc_chan_close(c);
	nd->nchans = 0;
	nvsc_nvsp_free_bufs(nd);
	return ret;
}

/**
 * nvsc_detach() - take the device's connection down
 * @nd:		the device, attached; no xmit running
 *
 * Context: process context; sleeps; remove, or RTNL held.
 */
void nvsc_detach(struct nvsc_dev *nd)
{
	nvsc_rndis_halt(nd);
	nvsc_vrss_close(nd);
	nvsc_nvsp_revoke(nd);
	nvsc_chan_close(&nd->chans[0]);
	nd->nchans = 0;
	nvsc_nvsp_free_bufs(nd);
	/* a new RNDIS session starts without a filter */
	nd->filter = 0;
}

/**
 * nvsc_reinit() - rebuild the connection with a new configuration
 * @nd:		the device, registered
 * @cfg:	the configuration wanted
 *
 * Context: process context; RTNL held.
 * Return: 0; or the new configuration's error, the old one back in place.
 */
int nvsc_reinit(struct nvsc_dev *nd, const struct nvsc_cfg *cfg)
{
	struct net_device *ndev = nd->ndev;
	bool running = netif_running(ndev);
	struct nvsc_cfg old = nd->cfg;
	int ret, ret2;

	ASSERT_RTNL();
	if (!nd->nchans)
		return -ENODEV;		/* lost in an earlier reinit */
	netif_device_detach(ndev);
	netif_tx_disable(ndev);
	nd->opened = false;
	nvsc_detach(nd);
	nd->cfg = *cfg;
	ret = nvsc_attach(nd, false);
	if (ret) {
		nd->cfg = old;
		ret2 = nvsc_attach(nd, false);
		if (ret2) {
			netdev_err(ndev, "cannot reconnect to the host (%d): device without link\n",
				   ret2);
			netif_carrier_off(ndev);
			return ret;
		}
	}
	netif_set_real_num_tx_queues(ndev, nd->nchans);
	netif_set_real_num_rx_queues(ndev, nd->nchans);
	if (running && !nvsc_rx_mode_apply(nd))
		nd->opened = true;
	netif_device_attach(ndev);
	return ret;
}
