/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NetVSP as the host implements it: NVSP (the Network VSP protocol on a
 * VMBus channel), the transfer-page packets the host receives with, RNDIS
 * ([MS-RNDIS]) and the NDIS objects some OIDs carry.
 *
 * Written from public protocol facts: Microsoft's open-source host
 * (openvmm, vm/devices/net/netvsp: protocol.rs, rndisprot.rs), [MS-RNDIS],
 * and the wire structs of the kernel's drivers/net/hyperv/hyperv_net.h, in
 * the host's own words. Deliberately independent of our guest driver's
 * headers: a mistake shared by guest and simulated host would be invisible.
 *
 * All multi-byte fields are little-endian (x86). Every struct is the exact
 * wire layout; hvsim_net_layout_checks() pins the sizes. A guest sends
 * every NVSP message padded to the full size of its version's union (28 or
 * 40 bytes); the host accepts any message at least as long as its type
 * needs and sends its own padded the same way, as openvmm does.
 */
#ifndef HVSIM_NET_H
#define HVSIM_NET_H

#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>

/* ---- NVSP versions (major << 16 | minor) ---- */

#define HVSIM_NVSP_V1		0x00002u	/* sic: "0.2" */
#define HVSIM_NVSP_V2		0x30002u
#define HVSIM_NVSP_V4		0x40000u
#define HVSIM_NVSP_V5		0x50000u	/* sub-channels (vRSS) */
#define HVSIM_NVSP_V6		0x60000u
#define HVSIM_NVSP_V61		0x60001u	/* larger messages */

/* bytes of one NVSP message, type included, as sent by either side */
#define HVSIM_NVSP_MSG_SIZE_V1	28
#define HVSIM_NVSP_MSG_SIZE_V61	40

/* ---- NVSP message types (sequential from 100) ---- */

enum {
	HVSIM_NVSP_INIT			= 1,
	HVSIM_NVSP_INIT_COMPLETE	= 2,
	HVSIM_NVSP_SEND_NDIS_VER	= 100,
	HVSIM_NVSP_SEND_RECV_BUF	= 101,
	HVSIM_NVSP_SEND_RECV_BUF_COMPLETE = 102,
	HVSIM_NVSP_REVOKE_RECV_BUF	= 103,
	HVSIM_NVSP_SEND_SEND_BUF	= 104,
	HVSIM_NVSP_SEND_SEND_BUF_COMPLETE = 105,
	HVSIM_NVSP_REVOKE_SEND_BUF	= 106,
	HVSIM_NVSP_SEND_RNDIS_PKT	= 107,
	HVSIM_NVSP_SEND_RNDIS_PKT_COMPLETE = 108,
	/* 109..124: version 2 chimney and VMQ messages, never used */
	HVSIM_NVSP_SEND_NDIS_CONFIG	= 125,
	HVSIM_NVSP_SEND_VF_ASSOCIATION	= 128,
	HVSIM_NVSP_SWITCH_DATA_PATH	= 129,
	HVSIM_NVSP_OID_QUERY_EX		= 131,
	HVSIM_NVSP_OID_QUERY_EX_COMPLETE = 132,
	HVSIM_NVSP_SUBCHANNEL		= 133,
	HVSIM_NVSP_SEND_INDIRECTION_TABLE = 134,
};

/* status of NVSP completions */
#define HVSIM_NVSP_STATUS_NONE		0
#define HVSIM_NVSP_STATUS_SUCCESS	1
#define HVSIM_NVSP_STATUS_FAILURE	2

/* SEND_RNDIS_PKT.channel_type */
#define HVSIM_NVSP_CHANNEL_DATA		0
#define HVSIM_NVSP_CHANNEL_CONTROL	1
#define HVSIM_NVSP_NO_SECTION		0xffffffffu

#define HVSIM_NVSP_SUBCHANNEL_ALLOCATE	1

/* INIT: the guest names one version in the first field (min == max) */
struct hvsim_nvsp_init {
	u32 type;
	u32 version;
	u32 version2;
};

struct hvsim_nvsp_init_complete {
	u32 type;
	u32 negotiated;		/* deprecated: 0xffffffff except for V1 */
	u32 max_mdl_chain;
	u32 status;
};

struct hvsim_nvsp_ndis_ver {
	u32 type;
	u32 major;
	u32 minor;
};

struct hvsim_nvsp_ndis_config {
	u32 type;
	u32 mtu;		/* frame size: MTU + 14 */
	u32 reserved;
	u32 caps_lo;		/* bit 0 VMQ, 2 SR-IOV, 3 802.1Q, 7 RSC */
	u32 caps_hi;
};

/* SEND_RECV_BUF and SEND_SEND_BUF */
struct hvsim_nvsp_buf {
	u32 type;
	u32 gpadl;
	u16 id;
	u16 reserved;
};

struct hvsim_nvsp_recv_section {
	u32 offset;
	u32 sub_alloc_size;
	u32 num_sub_allocs;
	u32 end_offset;
};

struct hvsim_nvsp_recv_buf_complete {
	u32 type;
	u32 status;
	u32 num_sections;
	struct hvsim_nvsp_recv_section section;	/* no host ever sent more than one */
};

struct hvsim_nvsp_send_buf_complete {
	u32 type;
	u32 status;
	u32 section_size;
};

/* REVOKE_RECV_BUF and REVOKE_SEND_BUF */
struct hvsim_nvsp_revoke {
	u32 type;
	u16 id;
	u16 reserved;
};

struct hvsim_nvsp_rndis_pkt {
	u32 type;
	u32 channel_type;
	u32 section_index;	/* in the send buffer, or HVSIM_NVSP_NO_SECTION */
	u32 section_size;
};

struct hvsim_nvsp_rndis_pkt_complete {
	u32 type;
	u32 status;
};

/* SUBCHANNEL: request {op, count}; completion {status, count} */
struct hvsim_nvsp_subchannel {
	u32 type;
	u32 op_or_status;
	u32 count;
};

/*
 * SEND_INDIRECTION_TABLE (host to guest, in-band, no completion): which
 * channel the guest should send each flow on. The table (@count u32
 * channel numbers) lies @offset bytes from the start of the NVSP message,
 * type included: right after this header, as openvmm sends it.
 */
struct hvsim_nvsp_send_table {
	u32 type;
	u32 count;
	u32 offset;
};

#define HVSIM_NVSP_SEND_TABLE_SIZE	16	/* entries: VMS_SWITCH_RSS_MAX_SEND_INDIRECTION_TABLE_ENTRIES */

struct hvsim_nvsp_oid_query_ex_complete {
	u32 type;
	u32 status;
	u32 bytes;
};

/* ---- transfer-page packets (VMBus packet type 7), NetVSP's receive path ---- */

/* after the packet descriptor, before the ranges */
struct hvsim_vmpkt_xfer_pages {
	u16 xfer_pageset_id;	/* the receive buffer's ID */
	u8 sender_owns_set;
	u8 reserved;
	u32 range_count;
};

struct hvsim_xfer_range {
	u32 byte_count;
	u32 byte_offset;
};

/* ---- RNDIS ---- */

#define HVSIM_RNDIS_PACKET_MSG		1
#define HVSIM_RNDIS_INITIALIZE_MSG	2
#define HVSIM_RNDIS_HALT_MSG		3
#define HVSIM_RNDIS_QUERY_MSG		4
#define HVSIM_RNDIS_SET_MSG		5
#define HVSIM_RNDIS_RESET_MSG		6
#define HVSIM_RNDIS_INDICATE_STATUS_MSG	7
#define HVSIM_RNDIS_KEEPALIVE_MSG	8
#define HVSIM_RNDIS_SET_EX_MSG		9
#define HVSIM_RNDIS_CMPLT		0x80000000u	/* | request type */

#define HVSIM_RNDIS_MAJOR		1
#define HVSIM_RNDIS_MINOR		0
#define HVSIM_RNDIS_DF_CONNECTIONLESS	1
#define HVSIM_RNDIS_MEDIUM_802_3	0

/* NDIS_STATUS values */
#define HVSIM_NDIS_SUCCESS		0x00000000u
#define HVSIM_NDIS_MEDIA_CONNECT	0x4001000Bu
#define HVSIM_NDIS_MEDIA_DISCONNECT	0x4001000Cu
#define HVSIM_NDIS_OFFLOAD_CURRENT_CONFIG 0x40020006u	/* STATUS_TASK_OFFLOAD_CURRENT_CONFIG */
#define HVSIM_NDIS_FAILURE		0xC0000001u
#define HVSIM_NDIS_NOT_SUPPORTED	0xC00000BBu
#define HVSIM_NDIS_MULTICAST_FULL	0xC0010009u
#define HVSIM_NDIS_ADAPTER_NOT_READY	0xC0010011u
#define HVSIM_NDIS_INVALID_LENGTH	0xC0010014u
#define HVSIM_NDIS_INVALID_DATA		0xC0010015u

#define HVSIM_NDIS_MEDIA_STATE_CONNECTED	0
#define HVSIM_NDIS_MEDIA_STATE_DISCONNECTED	1

/* packet filter bits (OID_GEN_CURRENT_PACKET_FILTER) */
#define HVSIM_NDIS_PACKET_DIRECTED	0x01
#define HVSIM_NDIS_PACKET_MULTICAST	0x02
#define HVSIM_NDIS_PACKET_ALL_MULTICAST	0x04
#define HVSIM_NDIS_PACKET_BROADCAST	0x08
#define HVSIM_NDIS_PACKET_PROMISCUOUS	0x20

/* every RNDIS message starts with this; len covers the whole message */
struct hvsim_rndis_hdr {
	u32 type;
	u32 len;
};

/*
 * The bodies follow the header. Offsets inside a body (information buffer,
 * data, per-packet info) count from the start of the body, i.e. from the
 * byte after the 8-byte header.
 */
struct hvsim_rndis_init_req {
	u32 req_id;
	u32 major;
	u32 minor;
	u32 max_xfer_size;
};

struct hvsim_rndis_init_cmplt {
	u32 req_id;
	u32 status;
	u32 major;
	u32 minor;
	u32 dev_flags;
	u32 medium;
	u32 max_pkts_per_msg;
	u32 max_xfer_size;
	u32 pkt_align_factor;	/* log2 */
	u32 af_list_offset;
	u32 af_list_size;
};

/* QUERY and SET requests have the same fixed part */
struct hvsim_rndis_oid_req {
	u32 req_id;
	u32 oid;
	u32 info_len;
	u32 info_offset;
	u32 vc_handle;
};

struct hvsim_rndis_query_cmplt {
	u32 req_id;
	u32 status;
	u32 info_len;
	u32 info_offset;	/* never 0: guests check it even on failure */
};

/* SET_CMPLT and KEEPALIVE_CMPLT */
struct hvsim_rndis_status_cmplt {
	u32 req_id;
	u32 status;
};

struct hvsim_rndis_indicate {
	u32 status;
	u32 buf_len;
	u32 buf_offset;
};

struct hvsim_rndis_packet {
	u32 data_offset;
	u32 data_len;
	u32 oob_offset;
	u32 oob_len;
	u32 oob_count;
	u32 ppi_offset;		/* 0 when there is no per-packet info */
	u32 ppi_len;
	u32 vc_handle;
	u32 reserved;
};

/* one per-packet-info element; size covers header and data */
struct hvsim_rndis_ppi {
	u32 size;
	u32 type;		/* bit 31: internal */
	u32 offset;		/* of the data, from the element's start */
};

/*
 * Per-packet info types (NDIS_PER_PACKET_INFO); bit 31 marks RNDIS's own.
 * Hash value and hash information take the slots NDIS 5 called
 * PACKET_CANCEL_ID and ORIGINAL_NET_BUFLIST, as Hyper-V's guests read them
 * (Linux's hyperv_net.h: NBL_HASH_VALUE; FreeBSD's hn: both).
 */
#define HVSIM_PPI_CSUM			0	/* TCPIP_CHKSUM: u32 */
#define HVSIM_PPI_LSO			2	/* TCP_LARGESEND: u32 */
#define HVSIM_PPI_VLAN			6	/* IEEE_8021Q */
#define HVSIM_PPI_HASH_VALUE		8	/* u32: the RSS hash */
#define HVSIM_PPI_HASH_INFO		9	/* u32: hash type | hash function */
#define HVSIM_PPI_INTERNAL		0x80000000u
/*
 * RNDIS_PKTINFO_ID, the host's own: {u8 version 1, u8 flags, u16 packet ID}.
 * A received packet larger than one sub-allocation (RSC) goes as one
 * message per sub-allocation, each with this info: SUBALLOC, and FIRST on
 * the first, LAST on the last (Linux's hyperv_net.h numbers them so).
 */
#define HVSIM_PPI_PKTINFO_ID		(HVSIM_PPI_INTERNAL | 1)
#define HVSIM_PKTINFO_ID_V1		1
#define HVSIM_PKTINFO_SUBALLOC		0x01
#define HVSIM_PKTINFO_FIRST		0x02
#define HVSIM_PKTINFO_LAST		0x04
#define HVSIM_PKTINFO_ID(flags, id)	(HVSIM_PKTINFO_ID_V1 | (flags) << 8 | (u32)(id) << 16)

/* IEEE_8021Q info (priority bits 0-2, CFI bit 3, VLAN ID bits 4-15) and a tag control word */
static inline u16 hvsim_vlan_tci(u32 info)
{
	return (info & 0x7) << 13 | ((info >> 3) & 1) << 12 | ((info >> 4) & 0xfff);
}

static inline u32 hvsim_vlan_info(u16 tci)
{
	return (tci >> 13) | ((tci >> 12) & 1) << 3 | (u32)(tci & 0xfff) << 4;
}

/* TCPIP_CHKSUM, transmit (receive: HVSIM_PKT_RX_* in net_pkt.h) */
#define HVSIM_CSUM_TX_IPV4		0x01
#define HVSIM_CSUM_TX_IPV6		0x02
#define HVSIM_CSUM_TX_TCP		0x04
#define HVSIM_CSUM_TX_UDP		0x08
#define HVSIM_CSUM_TX_IP		0x10
#define HVSIM_CSUM_TX_L4_OFF(v)		(((v) >> 16) & 0x3ff)	/* from the frame's start */

/* TCP_LARGESEND, LSOv2 transmit: mss:20, tcp_header_offset:10, type:1, ip_version:1 */
#define HVSIM_LSO_MSS(v)		((v) & 0xfffff)
#define HVSIM_LSO_L4_OFF(v)		(((v) >> 20) & 0x3ff)
#define HVSIM_LSO_TYPE_V2		0x40000000u
#define HVSIM_LSO_IPV6			0x80000000u

/* one u32 per-packet info as the host writes it: header, then the value */
struct hvsim_rndis_ppi_u32 {
	struct hvsim_rndis_ppi hdr;
	u32 value;
};

/* OID_GEN_RNDIS_CONFIG_PARAMETER; offsets from this struct's start */
struct hvsim_rndis_config_param {
	u32 name_offset;
	u32 name_len;		/* bytes of UTF-16LE */
	u32 type;		/* 0 integer, 2 string */
	u32 value_offset;
	u32 value_len;
};

#define HVSIM_RNDIS_PARAM_STRING	2

/* ---- OIDs ---- */

#define HVSIM_OID_GEN_SUPPORTED_LIST		0x00010101
#define HVSIM_OID_GEN_HARDWARE_STATUS		0x00010102
#define HVSIM_OID_GEN_MEDIA_SUPPORTED		0x00010103
#define HVSIM_OID_GEN_MEDIA_IN_USE		0x00010104
#define HVSIM_OID_GEN_MAXIMUM_LOOKAHEAD		0x00010105
#define HVSIM_OID_GEN_MAXIMUM_FRAME_SIZE	0x00010106
#define HVSIM_OID_GEN_LINK_SPEED		0x00010107
#define HVSIM_OID_GEN_TRANSMIT_BLOCK_SIZE	0x0001010A
#define HVSIM_OID_GEN_RECEIVE_BLOCK_SIZE	0x0001010B
#define HVSIM_OID_GEN_VENDOR_ID			0x0001010C
#define HVSIM_OID_GEN_VENDOR_DESCRIPTION	0x0001010D
#define HVSIM_OID_GEN_CURRENT_PACKET_FILTER	0x0001010E
#define HVSIM_OID_GEN_CURRENT_LOOKAHEAD		0x0001010F
#define HVSIM_OID_GEN_DRIVER_VERSION		0x00010110
#define HVSIM_OID_GEN_MAXIMUM_TOTAL_SIZE	0x00010111
#define HVSIM_OID_GEN_MAC_OPTIONS		0x00010113
#define HVSIM_OID_GEN_MEDIA_CONNECT_STATUS	0x00010114
#define HVSIM_OID_GEN_MAXIMUM_SEND_PACKETS	0x00010115
#define HVSIM_OID_GEN_NETWORK_LAYER_ADDRESSES	0x00010118
#define HVSIM_OID_GEN_RECEIVE_SCALE_CAPABILITIES 0x00010203
#define HVSIM_OID_GEN_RECEIVE_SCALE_PARAMETERS	0x00010204
#define HVSIM_OID_GEN_RNDIS_CONFIG_PARAMETER	0x0001021B
#define HVSIM_OID_802_3_PERMANENT_ADDRESS	0x01010101
#define HVSIM_OID_802_3_CURRENT_ADDRESS		0x01010102
#define HVSIM_OID_802_3_MULTICAST_LIST		0x01010103
#define HVSIM_OID_802_3_MAXIMUM_LIST_SIZE	0x01010104
#define HVSIM_OID_TCP_OFFLOAD_CURRENT_CONFIG	0xFC01020B
#define HVSIM_OID_TCP_OFFLOAD_PARAMETERS	0xFC01020C
#define HVSIM_OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES 0xFC01020D

/* ---- NDIS objects ---- */

#define HVSIM_NDIS_OBJ_DEFAULT		0x80
#define HVSIM_NDIS_OBJ_RSS_CAPABILITIES	0x88
#define HVSIM_NDIS_OBJ_RSS_PARAMETERS	0x89
#define HVSIM_NDIS_OBJ_OFFLOAD		0xA7

struct hvsim_ndis_obj_hdr {
	u8 type;
	u8 revision;
	u16 size;
};

/* OID_GEN_RECEIVE_SCALE_CAPABILITIES, revision 2: 18 bytes */
struct hvsim_ndis_rss_caps {
	struct hvsim_ndis_obj_hdr hdr;
	u32 flags;
	u32 num_int_msgs;
	u32 num_queues;
	u16 num_table_entries;
} __packed;

#define HVSIM_NDIS_RSS_CAPS_TCP_IPV4	0x00000100
#define HVSIM_NDIS_RSS_CAPS_TCP_IPV6	0x00000200
#define HVSIM_NDIS_HASH_TOEPLITZ	0x00000001
#define HVSIM_NDIS_HASH_FUNCTION_MASK	0x000000ff

/* OID_GEN_RECEIVE_SCALE_PARAMETERS: 28 bytes at revision 1, 40 at 2 */
struct hvsim_ndis_rss_params {
	struct hvsim_ndis_obj_hdr hdr;
	u16 flags;
	u16 base_cpu;
	u32 hash_info;
	u16 table_size;		/* bytes: 4 per entry */
	u16 pad1;
	u32 table_offset;	/* from this struct's start */
	u16 key_size;
	u16 pad2;
	u32 key_offset;
	u32 proc_masks_offset;
	u32 num_proc_masks;
	u32 proc_masks_entry_size;
};

#define HVSIM_NDIS_RSS_PARAMS_SIZE_REV1		28
#define HVSIM_NDIS_RSS_FLAG_DISABLE		0x0010
#define HVSIM_NDIS_RSS_KEY_SIZE			40
#define HVSIM_NDIS_RSS_TABLE_MAX		128

/*
 * NDIS_OFFLOAD (OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES, _CURRENT_CONFIG and
 * the offload indication): 112 bytes at revision 1, 156 at 3. The checksum
 * and LSO flags are 2-bit fields, 1 meaning "supported".
 */
struct hvsim_ndis_offload {
	struct hvsim_ndis_obj_hdr hdr;
	u32 v4_tx_encap;	/* checksum: NDIS_TCP_IP_CHECKSUM_OFFLOAD */
	u32 v4_tx;
	u32 v4_rx_encap;
	u32 v4_rx;
	u32 v6_tx_encap;
	u32 v6_tx;
	u32 v6_rx_encap;
	u32 v6_rx;
	u32 lso_v1[4];
	u32 ipsec_v1[7];
	u32 lso4_encap;		/* NDIS_TCP_LARGE_SEND_OFFLOAD_V2 */
	u32 lso4_max_size;
	u32 lso4_min_segs;
	u32 lso6_encap;
	u32 lso6_max_size;
	u32 lso6_min_segs;
	u32 lso6_flags;
	u32 flags;		/* end of revision 1 */
	u32 ipsec_v2[8];
	u8 rsc_ip4;		/* NDIS_TCP_RECV_SEG_COALESCE_OFFLOAD: supported */
	u8 rsc_ip6;
	u8 reserved[2];
	u32 gre[2];		/* end of revision 3 */
};

#define HVSIM_NDIS_OFFLOAD_SIZE_REV1		112
#define HVSIM_NDIS_OFFLOAD_SIZE_REV3		156
#define HVSIM_NDIS_ENCAP_802_3			2
/* IPv4 checksum flags; IPv6 the same without IP, bit 0 meaning extension headers */
#define HVSIM_NDIS_CSUM_IP_OPTIONS		0x001
#define HVSIM_NDIS_CSUM_TCP_OPTIONS		0x004
#define HVSIM_NDIS_CSUM_TCP			0x010
#define HVSIM_NDIS_CSUM_UDP			0x040
#define HVSIM_NDIS_CSUM_IP			0x100
/* LSOv2 as vmswitch offers it (openvmm rndisprot.rs: LSO_MAX_OFFLOAD_SIZE, _MIN_SEGMENT_COUNT) */
#define HVSIM_NDIS_LSO_MAX_SIZE			0xF53C
#define HVSIM_NDIS_LSO_MIN_SEGS			2

/* NDIS_OFFLOAD_PARAMETERS: 20 bytes at revision 1, 28 at 3 */
struct hvsim_ndis_offload_params {
	struct hvsim_ndis_obj_hdr hdr;
	u8 ip4_csum;		/* HVSIM_NDIS_OFFLOAD_CSUM_* */
	u8 tcp4_csum;
	u8 udp4_csum;
	u8 tcp6_csum;
	u8 udp6_csum;
	u8 lsov1;		/* HVSIM_NDIS_OFFLOAD_LSO_* */
	u8 ipsec_v1;
	u8 lsov2_ip4;
	u8 lsov2_ip6;
	u8 tcp_conn_ip4;
	u8 tcp_conn_ip6;
	u8 reserved;
	u32 flags;		/* end of revision 1 */
	u8 ipsec_v2;
	u8 ipsec_v2_ip4;
	u8 rsc_ip4;
	u8 rsc_ip6;
	u8 encap_offload;
	u8 encap_types;
	u8 pad[2];
};

#define HVSIM_NDIS_OFFLOAD_PARAMS_SIZE_REV1	20
#define HVSIM_NDIS_OFFLOAD_PARAMS_SIZE		28
/* checksum settings: 0 no change, 1 off, 2 transmit only, 3 receive only, 4 both */
#define HVSIM_NDIS_OFFLOAD_CSUM_NO_CHANGE	0
#define HVSIM_NDIS_OFFLOAD_CSUM_OFF		1
#define HVSIM_NDIS_OFFLOAD_CSUM_TX		2
#define HVSIM_NDIS_OFFLOAD_CSUM_RX		3
#define HVSIM_NDIS_OFFLOAD_CSUM_TX_RX		4
/* LSO settings: 0 no change, 1 off, 2 on */
#define HVSIM_NDIS_OFFLOAD_LSO_NO_CHANGE	0
#define HVSIM_NDIS_OFFLOAD_LSO_OFF		1
#define HVSIM_NDIS_OFFLOAD_LSO_ON		2
/* RSC settings: 0 no change, 1 off, 2 on */
#define HVSIM_NDIS_OFFLOAD_RSC_NO_CHANGE	0
#define HVSIM_NDIS_OFFLOAD_RSC_OFF		1
#define HVSIM_NDIS_OFFLOAD_RSC_ON		2

static inline void hvsim_net_layout_checks(void)
{
	BUILD_BUG_ON(sizeof(struct hvsim_nvsp_init) != 12);
	BUILD_BUG_ON(sizeof(struct hvsim_nvsp_init_complete) != 16);
	BUILD_BUG_ON(sizeof(struct hvsim_nvsp_ndis_ver) != 12);
	BUILD_BUG_ON(sizeof(struct hvsim_nvsp_ndis_config) != 20);
	BUILD_BUG_ON(sizeof(struct hvsim_nvsp_buf) != 12);
	BUILD_BUG_ON(sizeof(struct hvsim_nvsp_recv_buf_complete) != HVSIM_NVSP_MSG_SIZE_V1);
	BUILD_BUG_ON(sizeof(struct hvsim_nvsp_send_buf_complete) != 12);
	BUILD_BUG_ON(sizeof(struct hvsim_nvsp_revoke) != 8);
	BUILD_BUG_ON(sizeof(struct hvsim_nvsp_rndis_pkt) != 16);
	BUILD_BUG_ON(sizeof(struct hvsim_nvsp_rndis_pkt_complete) != 8);
	BUILD_BUG_ON(sizeof(struct hvsim_nvsp_subchannel) != 12);
	BUILD_BUG_ON(sizeof(struct hvsim_vmpkt_xfer_pages) != 8);
	BUILD_BUG_ON(sizeof(struct hvsim_xfer_range) != 8);
	BUILD_BUG_ON(sizeof(struct hvsim_rndis_hdr) != 8);
	BUILD_BUG_ON(sizeof(struct hvsim_rndis_init_req) != 16);
	BUILD_BUG_ON(sizeof(struct hvsim_rndis_init_cmplt) != 44);
	BUILD_BUG_ON(sizeof(struct hvsim_rndis_oid_req) != 20);
	BUILD_BUG_ON(sizeof(struct hvsim_rndis_query_cmplt) != 16);
	BUILD_BUG_ON(sizeof(struct hvsim_rndis_status_cmplt) != 8);
	BUILD_BUG_ON(sizeof(struct hvsim_rndis_indicate) != 12);
	BUILD_BUG_ON(sizeof(struct hvsim_rndis_packet) != 36);
	BUILD_BUG_ON(sizeof(struct hvsim_rndis_ppi) != 12);
	BUILD_BUG_ON(sizeof(struct hvsim_rndis_config_param) != 20);
	BUILD_BUG_ON(sizeof(struct hvsim_ndis_obj_hdr) != 4);
	BUILD_BUG_ON(sizeof(struct hvsim_ndis_rss_caps) != 18);
	BUILD_BUG_ON(sizeof(struct hvsim_ndis_rss_params) != 40);
	BUILD_BUG_ON(offsetof(struct hvsim_ndis_rss_params, proc_masks_offset) !=
		     HVSIM_NDIS_RSS_PARAMS_SIZE_REV1);
	BUILD_BUG_ON(sizeof(struct hvsim_nvsp_send_table) != 12);
	BUILD_BUG_ON(sizeof(struct hvsim_rndis_ppi_u32) != 16);
	BUILD_BUG_ON(offsetof(struct hvsim_ndis_offload, lso_v1) != 36);
	BUILD_BUG_ON(offsetof(struct hvsim_ndis_offload, lso4_encap) != 80);
	BUILD_BUG_ON(offsetof(struct hvsim_ndis_offload, ipsec_v2) !=
		     HVSIM_NDIS_OFFLOAD_SIZE_REV1);
	BUILD_BUG_ON(offsetof(struct hvsim_ndis_offload, rsc_ip4) != 144);
	BUILD_BUG_ON(sizeof(struct hvsim_ndis_offload) != HVSIM_NDIS_OFFLOAD_SIZE_REV3);
	BUILD_BUG_ON(offsetof(struct hvsim_ndis_offload_params, lsov1) != 9);
	BUILD_BUG_ON(offsetof(struct hvsim_ndis_offload_params, ipsec_v2) !=
		     HVSIM_NDIS_OFFLOAD_PARAMS_SIZE_REV1);
	BUILD_BUG_ON(sizeof(struct hvsim_ndis_offload_params) != HVSIM_NDIS_OFFLOAD_PARAMS_SIZE);
}

#endif /* HVSIM_NET_H */
