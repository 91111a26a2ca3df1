// SPDX-License-Identifier: GPL-2.0
/*
 * ethtool: driver information, link, and the counters (ethtool -S): the
 * per-queue frames and bytes and every error counter of enum nvsc_err, so
 * that each kind of host misbehaviour is visible by name.
 */
#include <linux/cpumask.h>
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
	[NVSC_ERR_TX_BAD_OFFLOAD] = "tx_bad_offload",
	[NVSC_ERR_BAD_OFFLOAD_CAPS] = "bad_offload_caps",
	[NVSC_ERR_RSC_BROKEN] = "rsc_broken",
};

/* per queue: rx packets, rx bytes, rx coalesced packets, tx packets, tx bytes */
#define NVSC_QSTATS	5

static void nvsc_get_drvinfo(struct net_device *ndev, struct ethtool_drvinfo *info)
{
	struct nvsc_dev *nd = netdev_priv(ndev);

	/* as the in-tree driver says: what systemd-networkd's Driver= matches */
	strscpy(info->driver, "hv_netvsc", sizeof(info->driver));
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
		snprintf(data, ETH_GSTRING_LEN, "rx%u_rsc_packets", i);
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
		data[2] = nvsc_qstats_coalesced(&nd->chans[i].rx);
		nvsc_qstats_read(&nd->chans[i].tx, &data[3], &data[4]);
		data += NVSC_QSTATS;
	}
}

static void nvsc_get_channels(struct net_device *ndev, struct ethtool_channels *ch)
{
	struct nvsc_dev *nd = netdev_priv(ndev);

	ch->max_combined = min_t(u32, nd->host_queues, num_online_cpus());
	ch->combined_count = nd->nchans;
}

static int nvsc_set_channels(struct net_device *ndev, struct ethtool_channels *ch)
{
	struct nvsc_dev *nd = netdev_priv(ndev);
	u32 max = min_t(u32, nd->host_queues, num_online_cpus());
	struct nvsc_cfg cfg = nd->cfg;

	if (ch->rx_count || ch->tx_count || ch->other_count || !ch->combined_count ||
	    ch->combined_count > max) {
		netdev_warn(ndev, "channels: only combined ones, 1 to %u\n", max);
		return -EINVAL;
	}
	if (ch->combined_count == nd->nchans)
		return 0;
	cfg.queues = ch->combined_count;
	return nvsc_reinit(nd, &cfg);
}

/*
 * Ring sizes are the shared buffers', counted in the sections a standard
 * frame takes: receive sub-allocations of 1728 bytes, send sections of
 * 6144 (what Hyper-V answers), as the kernel's driver counts them.
 */
#define NVSC_RX_UNIT	1728
#define NVSC_TX_UNIT	6144
#define NVSC_BUF_MIN	(64 * 1024)
#define NVSC_RX_MAX	(31 * 1024 * 1024)
#define NVSC_TX_MAX	(15 * 1024 * 1024)

static void nvsc_ring_get(struct net_device *ndev, struct ethtool_ringparam *r)
{
	struct nvsc_dev *nd = netdev_priv(ndev);

	r->rx_max_pending = NVSC_RX_MAX / NVSC_RX_UNIT;
	r->tx_max_pending = NVSC_TX_MAX / NVSC_TX_UNIT;
	r->rx_pending = nd->cfg.recv_buf / NVSC_RX_UNIT;
	r->tx_pending = nd->cfg.send_buf / NVSC_TX_UNIT;
}

static int nvsc_ring_set(struct net_device *ndev, struct ethtool_ringparam *r)
{
	struct nvsc_dev *nd = netdev_priv(ndev);
	struct nvsc_cfg cfg = nd->cfg;
	u64 rx = ALIGN((u64)r->rx_pending * NVSC_RX_UNIT, VMB_HV_PAGE_SIZE);
	u64 tx = ALIGN((u64)r->tx_pending * NVSC_TX_UNIT, VMB_HV_PAGE_SIZE);

	if (r->rx_mini_pending || r->rx_jumbo_pending || rx < NVSC_BUF_MIN || rx > NVSC_RX_MAX ||
	    tx < NVSC_BUF_MIN || tx > NVSC_TX_MAX) {
		netdev_warn(ndev, "ring sizes: rx %u to %u, tx %u to %u\n",
			    DIV_ROUND_UP(NVSC_BUF_MIN, NVSC_RX_UNIT), NVSC_RX_MAX / NVSC_RX_UNIT,
			    DIV_ROUND_UP(NVSC_BUF_MIN, NVSC_TX_UNIT), NVSC_TX_MAX / NVSC_TX_UNIT);
		return -EINVAL;
	}
	if (rx == cfg.recv_buf && tx == cfg.send_buf)
		return 0;
	cfg.recv_buf = rx;
	cfg.send_buf = tx;
	return nvsc_reinit(nd, &cfg);
}

HVL_ETHTOOL_RINGPARAM_CALLBACKS(nvsc_get_ringparam, nvsc_set_ringparam, nvsc_ring_get,
				nvsc_ring_set)

static u32 nvsc_rx_rings(struct net_device *ndev)
{
	struct nvsc_dev *nd = netdev_priv(ndev);

	return nd->nchans;
}

static u32 nvsc_get_rxfh_key_size(struct net_device *ndev)
{
	return NVSC_RSS_KEY_SIZE;
}

static u32 nvsc_get_rxfh_indir_size(struct net_device *ndev)
{
	return NVSC_RSS_TABLE_ENTRIES;
}

static int nvsc_rxfh_get(struct net_device *ndev, u32 *indir, u8 *key, u8 *hfunc)
{
	struct nvsc_dev *nd = netdev_priv(ndev);

	if (hfunc)
		*hfunc = ETH_RSS_HASH_TOP;
	if (indir)
		memcpy(indir, nd->rss_table, sizeof(nd->rss_table));
	if (key)
		memcpy(key, nd->rss_key, sizeof(nd->rss_key));
	return 0;
}

/* Context: RTNL held (ethtool). */
static int nvsc_rxfh_set(struct net_device *ndev, const u32 *indir, const u8 *key, u8 hfunc)
{
	struct nvsc_dev *nd = netdev_priv(ndev);
	u32 old_table[NVSC_RSS_TABLE_ENTRIES];
	u8 old_key[NVSC_RSS_KEY_SIZE];
	unsigned int i;
	int ret;

	if (hfunc != ETH_RSS_HASH_NO_CHANGE && hfunc != ETH_RSS_HASH_TOP) {
		netdev_warn(ndev, "RSS: only the Toeplitz hash\n");
		return -EOPNOTSUPP;
	}
	if (nd->nchans < 2) {
		netdev_warn(ndev, "RSS: one queue, nothing to spread\n");
		return -EOPNOTSUPP;
	}
	for (i = 0; indir && i < NVSC_RSS_TABLE_ENTRIES; i++) {
		if (indir[i] >= nd->nchans) {
			netdev_warn(ndev, "RSS: entry %u names queue %u of %u\n", i, indir[i],
				    nd->nchans);
			return -EINVAL;
		}
	}
	memcpy(old_table, nd->rss_table, sizeof(old_table));
	memcpy(old_key, nd->rss_key, sizeof(old_key));
	if (indir)
		memcpy(nd->rss_table, indir, sizeof(nd->rss_table));
	if (key)
		memcpy(nd->rss_key, key, sizeof(nd->rss_key));
	ret = nvsc_rss_set(nd);
	if (ret) {
		memcpy(nd->rss_table, old_table, sizeof(old_table));
		memcpy(nd->rss_key, old_key, sizeof(old_key));
	}
	return ret;
}

HVL_ETHTOOL_RX_RING_COUNT(nvsc_get_rx_ring_count, nvsc_rx_rings)
HVL_ETHTOOL_RXFH_CALLBACKS(nvsc_get_rxfh, nvsc_set_rxfh, nvsc_rxfh_get, nvsc_rxfh_set)

const struct ethtool_ops nvsc_ethtool_ops = {
	HVL_ETHTOOL_RX_RING_COUNT_OP(nvsc_get_rx_ring_count),
	.get_rxfh_key_size = nvsc_get_rxfh_key_size,
	.get_rxfh_indir_size = nvsc_get_rxfh_indir_size,
	.get_rxfh = nvsc_get_rxfh,
	.set_rxfh = nvsc_set_rxfh,
	.get_channels = nvsc_get_channels,
	.set_channels = nvsc_set_channels,
	.get_ringparam = nvsc_get_ringparam,
	.set_ringparam = nvsc_set_ringparam,
	.get_drvinfo = nvsc_get_drvinfo,
	.get_link = ethtool_op_get_link,
	.get_sset_count = nvsc_get_sset_count,
	.get_strings = nvsc_get_strings,
	.get_ethtool_stats = nvsc_get_ethtool_stats,
};
