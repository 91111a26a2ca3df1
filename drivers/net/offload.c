// SPDX-License-Identifier: GPL-2.0
/*
 * Task offloads: what the host can compute for us, and what we ask of it.
 *
 * At every attach the host's capabilities are queried
 * (OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES, an NDIS_OFFLOAD whose revision
 * follows the NDIS version: 3 from NVSP 5, 2 at NVSP 4, 1 before) and
 * checked (parse.c). The first attach turns them into the netdev's
 * features, all on: scatter-gather (always ours), receive checksums, TCP
 * and UDP transmit checksums over IPv4 and IPv6 (TX csum of TCP is what
 * NETIF_F_IP_CSUM and NETIF_F_IPV6_CSUM need; UDP is filled here in
 * software where the host lacks it), and TSO/TSO6 (LSOv2) up to the
 * host's largest send. Hosts before NVSP 5 do not checksum UDP. RSC
 * (receive segment coalescing, rsc.c), which the host offers from NVSP 5
 * (NDIS 6.30), is NETIF_F_LRO, on by default as in-tree: the core turns it
 * off where coalescing is wrong (forwarding, a bridge port), and it needs
 * receive checksums (nvsc_offload_fix_features()).
 *
 * Every attach, and every ethtool -K of a checksum or TSO feature, then
 * tells the host what is on (OID_TCP_OFFLOAD_PARAMETERS): each checksum as
 * TX and/or RX, each LSO on or off, the IPv4 header checksum off (Linux
 * computes it), and RSC for IPv4 and IPv6 as NETIF_F_LRO says. A host
 * that refuses the SET
 * leaves the features as they were. The host answers a SET with an
 * offload-configuration indication, which only repeats it (ignored).
 *
 * Context: process context, RTNL held or from probe (nothing else changes
 * the features then); xmit reads nd->tx_csum.
 */
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include "netvsc.h"

#define NVSC_OFL_FEATURES	(NETIF_F_RXCSUM | NETIF_F_IP_CSUM | NETIF_F_IPV6_CSUM | \
				 NETIF_F_TSO | NETIF_F_TSO6 | NETIF_F_LRO)
/* the most a GSO frame may hold without BIG TCP */
#define NVSC_GSO_MAX		65536u

/* One checksum's parameter: TX and/or RX, for what the host offers (0: none). */
static u8 nvsc_csum_param(const struct nvsc_offload_caps *caps, u32 what, bool tx, bool rx)
{
	tx = tx && (caps->tx_csum & what);
	rx = rx && (caps->rx_csum & what);
	if (!((caps->tx_csum | caps->rx_csum) & what))
		return NVSC_OFL_NO_CHANGE;
	if (tx && rx)
		return NVSC_OFL_CSUM_TX_RX;
	if (tx)
		return NVSC_OFL_CSUM_TX;
	return rx ? NVSC_OFL_CSUM_RX : NVSC_OFL_CSUM_OFF;
}

/* OID_TCP_OFFLOAD_PARAMETERS for @f. */
static int nvsc_offload_send(struct nvsc_dev *nd, netdev_features_t f)
{
	const struct nvsc_offload_caps *caps = &nd->ofl;
	bool rx = f & NETIF_F_RXCSUM, tx4 = f & NETIF_F_IP_CSUM, tx6 = f & NETIF_F_IPV6_CSUM;
	struct nvsc_ndis_offload_params p = {
		.hdr.type = NVSC_NDIS_OBJ_DEFAULT,
		.ip4_csum = NVSC_OFL_CSUM_OFF,
		.tcp4_csum = nvsc_csum_param(caps, NVSC_OFL_TCP4, tx4, rx),
		.udp4_csum = nvsc_csum_param(caps, NVSC_OFL_UDP4, tx4, rx),
		.tcp6_csum = nvsc_csum_param(caps, NVSC_OFL_TCP6, tx6, rx),
		.udp6_csum = nvsc_csum_param(caps, NVSC_OFL_UDP6, tx6, rx),
	};
	int ret;

	if (caps->lso4_max)
		p.lso4 = f & NETIF_F_TSO ? NVSC_OFL_LSO_ON : NVSC_OFL_LSO_OFF;
	if (caps->lso6_max)
		p.lso6 = f & NETIF_F_TSO6 ? NVSC_OFL_LSO_ON : NVSC_OFL_LSO_OFF;
	if (nd->nvsp_ver >= NVSC_NVSP_V5) {
		p.hdr.revision = NVSC_OFFLOAD_PARAMS_REV3;
		p.hdr.size = NVSC_OFFLOAD_PARAMS_SIZE_REV3;
		if (caps->rsc) {
			p.rsc_ip4 = f & NETIF_F_LRO ? NVSC_OFL_RSC_ON : NVSC_OFL_RSC_OFF;
			p.rsc_ip6 = p.rsc_ip4;
		}
	} else {
		p.hdr.revision = NVSC_OFFLOAD_PARAMS_REV2;
		p.hdr.size = NVSC_OFFLOAD_PARAMS_SIZE_REV2;
	}
	ret = nvsc_rndis_set(nd, NVSC_OID_TCP_OFFLOAD_PARAMETERS, &p, p.hdr.size);
	if (ret && ret != -ENODEV)
		netdev_warn(nd->ndev, "host refused offload settings %pNF (%d)\n", &f, ret);
	if (ret)
		return ret;
	/* from now on xmit asks the host for these checksums */
	WRITE_ONCE(nd->tx_csum, nd->ofl.tx_csum & ((tx4 ? NVSC_OFL_TCP4 | NVSC_OFL_UDP4 : 0) |
						   (tx6 ? NVSC_OFL_TCP6 | NVSC_OFL_UDP6 : 0)));
	return 0;
}

/* The host's capabilities; none when it has no such OID (the oldest hosts). */
static int nvsc_offload_query(struct nvsc_dev *nd, struct nvsc_offload_caps *caps)
{
	struct nvsc_ndis_offload in = { .hdr.type = NVSC_NDIS_OBJ_OFFLOAD }, *out;
	u32 len = sizeof(*out);
	int ret;

	if (nd->nvsp_ver >= NVSC_NVSP_V5) {
		in.hdr.revision = 3;
		in.hdr.size = NVSC_NDIS_OFFLOAD_SIZE_REV3;
	} else if (nd->nvsp_ver >= NVSC_NVSP_V4) {
		in.hdr.revision = 2;
		in.hdr.size = NVSC_NDIS_OFFLOAD_SIZE_REV2;
	} else {
		in.hdr.revision = 1;
		in.hdr.size = NVSC_NDIS_OFFLOAD_SIZE_REV1;
	}
	out = kzalloc(sizeof(*out), GFP_KERNEL);
	if (!out)
		return -ENOMEM;
	ret = nvsc_rndis_query_in(nd, NVSC_OID_TCP_OFFLOAD_HW_CAPS, &in, in.hdr.size, out, &len);
	if (ret == -EIO) {
		netdev_info(nd->ndev, "host offers no task offloads\n");
		memset(caps, 0, sizeof(*caps));
		ret = 0;
	} else if (!ret && nvsc_parse_offload_caps(out, len, caps)) {
		nvsc_err(nd, BAD_OFFLOAD_CAPS);
		netdev_warn(nd->ndev, "malformed offload capabilities from the host (%u bytes): none used\n",
			    len);
	}
	kfree(out);
	if (ret)
		return ret;
	if (nd->nvsp_ver < NVSC_NVSP_V5) {
		caps->tx_csum &= ~(NVSC_OFL_UDP4 | NVSC_OFL_UDP6);
		caps->rx_csum &= ~(NVSC_OFL_UDP4 | NVSC_OFL_UDP6);
	}
	return 0;
}

/* The features the host's capabilities allow, scatter-gather included. */
static netdev_features_t nvsc_offload_features(const struct nvsc_dev *nd,
					       const struct nvsc_offload_caps *caps)
{
	netdev_features_t f = NETIF_F_SG;

	/* the RSC settings exist in the offload parameters from NVSP 5 */
	if (caps->rsc && nd->nvsp_ver >= NVSC_NVSP_V5)
		f |= NETIF_F_LRO;

	if (caps->rx_csum)
		f |= NETIF_F_RXCSUM;
	if (caps->tx_csum & NVSC_OFL_TCP4)
		f |= NETIF_F_IP_CSUM;
	if (caps->tx_csum & NVSC_OFL_TCP6)
		f |= NETIF_F_IPV6_CSUM;
	if (caps->lso4_max)
		f |= NETIF_F_TSO;
	if (caps->lso6_max)
		f |= NETIF_F_TSO6;
	return f;
}

/**
 * nvsc_offload_setup() - learn the host's offloads and apply ours
 * @nd:		the device, RNDIS initialized
 * @first:	from probe: the features are made from the capabilities
 *
 * A later attach (a reinit) keeps the user's features, minus any the host
 * no longer offers.
 *
 * Context: process context; sleeps; probe, or RTNL held.
 * Return: 0; or a negative errno: the host did not answer or refused.
 */
int nvsc_offload_setup(struct nvsc_dev *nd, bool first)
{
	struct net_device *ndev = nd->ndev;
	struct nvsc_offload_caps caps;
	netdev_features_t can, lost;
	u32 gso;
	int ret;

	ret = nvsc_offload_query(nd, &caps);
	if (ret)
		return ret;
	nd->ofl = caps;
	can = nvsc_offload_features(nd, &caps);
	if (first) {
		ndev->hw_features |= can;
		ndev->features |= can;
		/* a VLAN device's frames reach the host untagged: the same offloads */
		ndev->vlan_features |= can & ~NETIF_F_LRO;
		gso = NVSC_GSO_MAX;
		if (caps.lso4_max)
			gso = min(gso, caps.lso4_max);
		if (caps.lso6_max)
			gso = min(gso, caps.lso6_max);
		netif_set_tso_max_size(ndev, gso);
	} else {
		lost = ndev->hw_features & NVSC_OFL_FEATURES & ~can;
		if (lost) {
			netdev_warn(ndev, "host no longer offers %pNF\n", &lost);
			ndev->hw_features &= ~lost;
			ndev->features &= ~lost;
			ndev->vlan_features &= ~lost;
			netdev_features_change(ndev);
		}
	}
	return nvsc_offload_send(nd, ndev->features);
}

/**
 * nvsc_offload_fix_features() - ndo_fix_features: LRO needs RXCSUM
 * @ndev:	the device
 * @features:	the features asked for
 *
 * A coalesced packet's TCP checksum field is not its checksum: only the
 * host's word vouches for it, which is receive checksum offload.
 *
 * Context: process context; RTNL held.
 * Return: @features, LRO off without RXCSUM.
 */
netdev_features_t nvsc_offload_fix_features(struct net_device *ndev, netdev_features_t features)
{
	if (!(features & NETIF_F_RXCSUM))
		features &= ~NETIF_F_LRO;
	return features;
}

/**
 * nvsc_offload_set_features() - ndo_set_features: tell the host
 * @ndev:	the device
 * @features:	the features wanted (the core checked them against
 *		hw_features and their dependencies)
 *
 * Context: process context; RTNL held.
 * Return: 0; or the host's refusal, the features unchanged.
 */
int nvsc_offload_set_features(struct net_device *ndev, netdev_features_t features)
{
	struct nvsc_dev *nd = netdev_priv(ndev);

	if (!((features ^ ndev->features) & NVSC_OFL_FEATURES))
		return 0;
	if (!nd->nchans)
		return -ENODEV;		/* lost in an earlier reinit */
	return nvsc_offload_send(nd, features);
}
