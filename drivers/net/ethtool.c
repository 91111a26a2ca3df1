// SPDX-License-Identifier: GPL-2.0
/*
 * ethtool: driver information, link, and the counters (ethtool -S): the
 * per-queue frames and bytes and every error counter of enum nvsc_err, so
 * that each kind of host misbehaviour is visible by name.
 */
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/string.h>

#include "netvsc.h"

static const char nvsc_err_names[NVSC_ERR_COUNT][ETH_GSTRING_LEN] = {
	[NVSC_ERR_BAD_PACKET] = "bad_packet",
	[NVSC_ERR_BAD_XFER] = "bad_receive_ranges",
	[NVSC_ERR_BAD_RNDIS] = "bad_rndis",
	[NVSC_ERR_BAD_COMPLETION] = "bad_completion",
	[NVSC_ERR_RX_NOMEM] = "rx_no_memory",
	[NVSC_ERR_TX_NO_SECTION] = "tx_no_send_section",
	[NVSC_ERR_TX_BUSY] = "tx_busy",
	[NVSC_ERR_TX_DROP] = "tx_dropped",
};

/* per queue: rx packets, rx bytes, tx packets, tx bytes */
#define NVSC_QSTATS	4

static void nvsc_get_drvinfo(struct net_device *ndev, struct ethtool_drvinfo *info)
{
	struct nvsc_dev *nd = netdev_priv(ndev);

	strscpy(info->driver, "netvsc", sizeof(info->driver));
	snprintf(info->fw_version, sizeof(info->fw_version), "NVSP %#x NDIS %u.%u",
		 nd->nvsp_ver, nd->ndis_ver >> 16, nd->ndis_ver & 0xffff);
	/* the instance GUID (36 characters) does not fit the 32 of bus_info */
	strscpy(info->bus_info, "vmbus", sizeof(info->bus_info));
}

static int nvsc_get_sset_count(struct net_device *ndev, int sset)
{
	struct nvsc_dev *nd = netdev_priv(ndev);

	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	return NVSC_ERR_COUNT + nd->nchans * NVSC_QSTATS;
}

static void nvsc_get_strings(struct net_device *ndev, u32 sset, u8 *data)
{
	struct nvsc_dev *nd = netdev_priv(ndev);
	unsigned int i;

	if (sset != ETH_SS_STATS)
		return;
	for (i = 0; i < NVSC_ERR_COUNT; i++, data += ETH_GSTRING_LEN)
		memcpy(data, nvsc_err_names[i], ETH_GSTRING_LEN);
	for (i = 0; i < nd->nchans; i++) {
		snprintf(data, ETH_GSTRING_LEN, "rx%u_packets", i);
		data += ETH_GSTRING_LEN;
		snprintf(data, ETH_GSTRING_LEN, "rx%u_bytes", i);
		data += ETH_GSTRING_LEN;
		snprintf(data, ETH_GSTRING_LEN, "tx%u_packets", i);
		data += ETH_GSTRING_LEN;
		snprintf(data, ETH_GSTRING_LEN, "tx%u_bytes", i);
		data += ETH_GSTRING_LEN;
	}
}

static void nvsc_get_ethtool_stats(struct net_device *ndev, struct ethtool_stats *stats,
				   u64 *data)
{
	struct nvsc_dev *nd = netdev_priv(ndev);
	unsigned int i;

	for (i = 0; i < NVSC_ERR_COUNT; i++)
		*data++ = atomic64_read(&nd->errs[i]);
	for (i = 0; i < nd->nchans; i++) {
		nvsc_qstats_read(&nd->chans[i].rx, &data[0], &data[1]);
		nvsc_qstats_read(&nd->chans[i].tx, &data[2], &data[3]);
		data += NVSC_QSTATS;
	}
}

const struct ethtool_ops nvsc_ethtool_ops = {
	.get_drvinfo = nvsc_get_drvinfo,
	.get_link = ethtool_op_get_link,
	.get_sset_count = nvsc_get_sset_count,
	.get_strings = nvsc_get_strings,
	.get_ethtool_stats = nvsc_get_ethtool_stats,
};
