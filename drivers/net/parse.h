/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsers of everything the host sends a synthetic NIC: NVSP messages,
 * transfer-page ranges, RNDIS data and control messages.
 *
 * Plain C with no knowledge of channels, skbs or locks: it builds into
 * netvsc.ko and, unchanged, into tests/unit and tests/fuzz. Each parser
 * works on a private copy (the caller copied the bytes out of shared memory
 * first) and checks every length, offset and count against what it was
 * given before it returns anything that points inside it.
 */
#ifndef _NVSC_PARSE_H
#define _NVSC_PARSE_H

#include <linux/types.h>

#include "proto.h"

/**
 * struct nvsc_recv_section - the receive buffer's one section, checked
 * @sub_size:	bytes per sub-allocation
 * @nsub:	sub-allocations
 * @end:	first byte after the section
 */
struct nvsc_recv_section {
	u32 sub_size;
	u32 nsub;
	u32 end;
};

/**
 * struct nvsc_rx_info - one RNDIS data message, checked
 * @data_off:	the frame's first byte, from the message's start
 * @data_len:	the frame's bytes
 * @csum:	the checksum per-packet info, NVSC_RXCSUM_* (0: none)
 * @vlan_tci:	802.1Q tag control (when @has_vlan)
 * @has_vlan:	a VLAN per-packet info was present
 * @hash:	the host's RSS hash (when @has_hash)
 * @has_hash:	a hash per-packet info was present
 * @frag:	NVSC_PKTINFO_* of the host's packet ID info; 0: none, or one
 *		without SUBALLOC (a whole frame either way)
 * @pkt_id:	its packet ID
 */
struct nvsc_rx_info {
	u32 data_off;
	u32 data_len;
	u32 csum;
	u16 vlan_tci;
	bool has_vlan;
	u32 hash;
	bool has_hash;
	u8 frag;
	u16 pkt_id;
};

/**
 * struct nvsc_rndis_ctl - one RNDIS control message from the host, checked
 * @type:	RNDIS_MSG_* (a completion or RNDIS_MSG_INDICATE)
 * @req_id:	the request it answers (0 for INDICATE and RESET_C)
 * @status:	RNDIS_STATUS_*
 * @info_off:	QUERY_C: the information buffer, from the message's start;
 *		INDICATE: the status buffer
 * @info_len:	its bytes
 */
struct nvsc_rndis_ctl {
	u32 type;
	u32 req_id;
	u32 status;
	u32 info_off;
	u32 info_len;
};

/* what the host computes for us, per direction (struct nvsc_offload_caps) */
#define NVSC_OFL_TCP4		BIT(0)
#define NVSC_OFL_UDP4		BIT(1)
#define NVSC_OFL_TCP6		BIT(2)
#define NVSC_OFL_UDP6		BIT(3)

/**
 * struct nvsc_offload_caps - the host's task offloads, as the guest can use them
 * @tx_csum:	checksums it fills on send, NVSC_OFL_*
 * @rx_csum:	checksums it verifies on receive, NVSC_OFL_*
 * @lso4_max:	bytes of one IPv4 large send (0: no LSO for IPv4)
 * @lso6_max:	the same for IPv6
 * @lso_min_segs: the fewest segments a large send may have (reported only:
 *		xmit sends every GSO frame as one, as the in-tree driver does)
 * @rsc:	receive segment coalescing for IPv4 and IPv6
 */
struct nvsc_offload_caps {
	u32 tx_csum;
	u32 rx_csum;
	u32 lso4_max;
	u32 lso6_max;
	u32 lso_min_segs;
	bool rsc;
};

/*
 * NDIS's 802.1Q info (IEEE_8021Q per-packet info) for a VLAN tag: priority
 * in bits 0-2, CFI/DEI bit 3, VLAN ID bits 4-15; nvsc_parse_rndis_pkt()
 * reads it back.
 */
static inline u32 nvsc_vlan_info(u16 tci)
{
	return (u32)(tci >> 13) | (u32)((tci >> 12) & 1) << 3 | (u32)(tci & 0xfff) << 4;
}

/* the first bytes of a data message copied before it is parsed */
#define NVSC_RX_HDR_COPY	256

int nvsc_parse_nvsp(const void *data, u32 len, struct nvsc_nvsp_msg *out);
int nvsc_parse_recv_buf_complete(const struct nvsc_nvsp_msg *m, u32 buf_size,
				 struct nvsc_recv_section *sec);
int nvsc_parse_send_buf_complete(const struct nvsc_nvsp_msg *m, u32 buf_size,
				 u32 *sec_size, u32 *nsec);
int nvsc_parse_xfer(const void *ext, u32 ext_len, u16 pageset_id, u32 buf_end,
		    const struct nvsc_xfer_range **ranges, u32 *count);
int nvsc_parse_rndis_pkt(const u8 *hdr, u32 hdr_len, u32 avail, struct nvsc_rx_info *info);
int nvsc_parse_rndis_ctl(const u8 *msg, u32 len, struct nvsc_rndis_ctl *out);
u32 nvsc_rndis_type(const u8 *msg, u32 len);
int nvsc_parse_rss_caps(const void *buf, u32 len, u32 *queues, u32 *table_entries);
int nvsc_parse_offload_caps(const void *buf, u32 len, struct nvsc_offload_caps *caps);

#endif /* _NVSC_PARSE_H */
