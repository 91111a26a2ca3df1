// SPDX-License-Identifier: GPL-2.0
/*
 * Addresses: the MAC address the host delivers to, and which multicast
 * frames it sends us.
 *
 * MAC. ndo_set_mac_address sets the RNDIS configuration parameter
 * "NetworkAddress" (12 lowercase hex digits, UTF-16LE), the one way a
 * Hyper-V guest changes its synthetic NIC's address; the device keeps its
 * old address when the host refuses. The change is live (the host switches
 * to it at once). A rebuilt connection (nvsc_reinit()) starts from the
 * permanent address, so attach sets ours again; if the host refuses then,
 * the device goes back to the permanent address, said in one line.
 *
 * Receive filter. The RNDIS packet filter always takes directed and
 * broadcast frames; promiscuous mode adds every frame, IFF_ALLMULTI every
 * multicast frame. Otherwise the device's multicast addresses go to the
 * host as its multicast list (OID_802_3_MULTICAST_LIST) with the multicast
 * filter bit, when they fit the host's list (OID_802_3_MAXIMUM_LIST_SIZE,
 * asked at attach) and the host takes them; else all multicast frames are
 * asked for, as the in-tree driver always does.
 *
 * Context: process context with RTNL held (ndo_set_mac_address, ndo_open,
 * the rx-mode work, a reinit), or probe.
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "netvsc.h"

#define NVSC_NWADDR_NAME	"NetworkAddress"

/* @s as UTF-16LE at @to (2 bytes per character, no terminator) */
static void nvsc_utf16le(u8 *to, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		to[2 * i] = s[i];
		to[2 * i + 1] = 0;
	}
}

/* SET OID_GEN_RNDIS_CONFIG_PARAMETER NetworkAddress=@mac. */
static int nvsc_rndis_set_mac(struct nvsc_dev *nd, const u8 *mac)
{
	const size_t name_len = sizeof(NVSC_NWADDR_NAME) - 1;
	struct {
		struct nvsc_rndis_config_param p;
		u8 name[2 * (sizeof(NVSC_NWADDR_NAME) - 1)];
		u8 value[4 * ETH_ALEN];
	} __packed m = {
		.p = {
			.name_offset = sizeof(struct nvsc_rndis_config_param),
			.name_len = sizeof(m.name),
			.type = NVSC_RNDIS_PARAM_STRING,
			.value_offset = sizeof(struct nvsc_rndis_config_param) + sizeof(m.name),
			.value_len = sizeof(m.value),
		},
	};
	char hex[2 * ETH_ALEN + 1];

	snprintf(hex, sizeof(hex), "%pm", mac);
	nvsc_utf16le(m.name, NVSC_NWADDR_NAME, name_len);
	nvsc_utf16le(m.value, hex, 2 * ETH_ALEN);
	return nvsc_rndis_set(nd, NVSC_OID_GEN_RNDIS_CONFIG_PARAMETER, &m, sizeof(m));
}

/**
 * nvsc_set_mac_address() - ndo_set_mac_address
 * @ndev:	the device
 * @p:		a struct sockaddr with the new address
 *
 * Context: process context; RTNL held.
 * Return: 0; -EADDRNOTAVAIL (not a unicast address, or the host refused
 * it); -ENODEV (no connection to the host).
 */
int nvsc_set_mac_address(struct net_device *ndev, void *p)
{
	struct nvsc_dev *nd = netdev_priv(ndev);
	const struct sockaddr *sa = p;
	int ret;

	ret = eth_prepare_mac_addr_change(ndev, p);
	if (ret) {
		netdev_warn(ndev, "MAC address %pM refused: not a unicast address\n", sa->sa_data);
		return ret;
	}
	if (ether_addr_equal(sa->sa_data, ndev->dev_addr))
		return 0;
	if (!nd->nchans)
		return -ENODEV;		/* lost in an earlier reinit */
	ret = nvsc_rndis_set_mac(nd, sa->sa_data);
	if (ret) {
		if (ret != -ENODEV)
			netdev_warn(ndev, "host refused MAC address %pM (%d): %pM kept\n",
				    sa->sa_data, ret, ndev->dev_addr);
		return ret == -EIO ? -EADDRNOTAVAIL : ret;
	}
	eth_commit_mac_addr_change(ndev, p);
	return 0;
}

/**
 * nvsc_addr_setup() - addresses on a new RNDIS session
 * @nd:		the device, RNDIS initialized, its permanent address in
 *		ndev->perm_addr (from the first attach)
 * @first:	from probe
 *
 * Learns how long a multicast list the host takes, forgets the list sent
 * to the old session and, after a reinit, sets the user's MAC address again.
 *
 * Context: process context; sleeps; probe, or RTNL held.
 */
void nvsc_addr_setup(struct nvsc_dev *nd, bool first)
{
	struct net_device *ndev = nd->ndev;
	u32 v, len = sizeof(v);
	int ret;

	nd->mc_max = 0;
	if (!nvsc_rndis_query(nd, NVSC_OID_802_3_MAXIMUM_LIST_SIZE, &v, &len) && len == sizeof(v))
		nd->mc_max = min_t(u32, v, NVSC_MC_LIST_MAX);
	nd->mc_sent = -1;
	if (first || ether_addr_equal(ndev->dev_addr, ndev->perm_addr))
		return;
	ret = nvsc_rndis_set_mac(nd, ndev->dev_addr);
	if (ret) {
		netdev_warn(ndev, "host refused MAC address %pM on reconnecting (%d): back to %pM\n",
			    ndev->dev_addr, ret, ndev->perm_addr);
		eth_hw_addr_set(ndev, ndev->perm_addr);
		call_netdevice_notifiers(NETDEV_CHANGEADDR, ndev);
	}
}

/* The multicast list to the host, unless it has it already. 0: it has it. */
static int nvsc_mc_list_set(struct nvsc_dev *nd, const u8 *list, int n)
{
	int ret;

	if (nd->mc_sent == n && !memcmp(nd->mc_list, list, n * ETH_ALEN))
		return 0;
	ret = nvsc_rndis_set(nd, NVSC_OID_802_3_MULTICAST_LIST, list, n * ETH_ALEN);
	if (ret) {
		nd->mc_sent = -1;
		if (ret != -ENODEV)
			netdev_warn(nd->ndev, "host refused a multicast list of %d addresses (%d): all multicast frames taken\n",
				    n, ret);
		return ret;
	}
	memcpy(nd->mc_list, list, n * ETH_ALEN);
	nd->mc_sent = n;
	return 0;
}

/**
 * nvsc_rx_mode_apply() - give the host the receive filter the flags and
 * multicast addresses want
 * @nd:		the device, attached
 *
 * Context: process context; sleeps; RTNL held.
 * Return: as nvsc_rndis_set_filter().
 */
int nvsc_rx_mode_apply(struct nvsc_dev *nd)
{
	struct net_device *ndev = nd->ndev;
	u32 f = NVSC_FILTER_DIRECTED | NVSC_FILTER_BROADCAST;
	u8 list[NVSC_MC_LIST_MAX * ETH_ALEN];
	struct netdev_hw_addr *ha;
	int n = 0;

	ASSERT_RTNL();
	if (ndev->flags & IFF_PROMISC)
		return nvsc_rndis_set_filter(nd, f | NVSC_FILTER_PROMISC | NVSC_FILTER_ALL_MULTI);
	if (ndev->flags & IFF_ALLMULTI)
		return nvsc_rndis_set_filter(nd, f | NVSC_FILTER_ALL_MULTI);
	netif_addr_lock_bh(ndev);
	if (netdev_mc_count(ndev) > nd->mc_max) {
		n = -1;
	} else {
		netdev_for_each_mc_addr(ha, ndev)
			ether_addr_copy(list + ETH_ALEN * n++, ha->addr);
	}
	netif_addr_unlock_bh(ndev);
	if (n < 0 || (n && nvsc_mc_list_set(nd, list, n)))
		f |= NVSC_FILTER_ALL_MULTI;
	else if (n)
		f |= NVSC_FILTER_MULTICAST;
	return nvsc_rndis_set_filter(nd, f);
}
