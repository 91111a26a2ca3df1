/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The synthetic NIC's wire formats, as the guest sees them: NVSP (the
 * Network Virtual Service Protocol, the channel's own messages) and RNDIS
 * (Remote NDIS, [MS-RNDIS], carried inside NVSP), plus the VMBus
 * transfer-page header the host's receive packets start with.
 *
 * Everything is little-endian (Hyper-V runs only little-endian guests, so
 * plain integer types, as vmbus/proto.h), packed and written by us from the public
 * protocol (the RNDIS message, status and OID numbers come from the kernel's
 * own <linux/rndis.h>). Plain C: shared by the module, tests/unit and
 * tests/fuzz. The conformance module checks nothing here: no kernel header
 * carries NVSP, so the sizes are pinned by BUILD_BUG_ON in nvsc_proto_check().
 */
#ifndef _NVSC_PROTO_H
#define _NVSC_PROTO_H

#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/stddef.h>
#include <linux/types.h>

/* ---- NVSP ---- */

#define NVSC_NVSP_V1		0x00002
#define NVSC_NVSP_V2		0x30002
#define NVSC_NVSP_V4		0x40000
#define NVSC_NVSP_V5		0x50000
#define NVSC_NVSP_V6		0x60000
#define NVSC_NVSP_V61		0x60001

enum nvsc_nvsp_type {
	NVSC_NVSP_INIT			= 1,
	NVSC_NVSP_INIT_COMPLETE		= 2,
	NVSC_NVSP1_SEND_NDIS_VER	= 100,
	NVSC_NVSP1_SEND_RECV_BUF	= 101,
	NVSC_NVSP1_SEND_RECV_BUF_COMPLETE = 102,
	NVSC_NVSP1_REVOKE_RECV_BUF	= 103,
	NVSC_NVSP1_SEND_SEND_BUF	= 104,
	NVSC_NVSP1_SEND_SEND_BUF_COMPLETE = 105,
	NVSC_NVSP1_REVOKE_SEND_BUF	= 106,
	NVSC_NVSP1_SEND_RNDIS_PKT	= 107,
	NVSC_NVSP1_SEND_RNDIS_PKT_COMPLETE = 108,
	NVSC_NVSP2_SEND_NDIS_CONFIG	= 125,
	NVSC_NVSP4_SEND_VF_ASSOCIATION	= 128,
	NVSC_NVSP4_SWITCH_DATA_PATH	= 129,
	NVSC_NVSP5_OID_QUERY_EX		= 131,
	NVSC_NVSP5_OID_QUERY_EX_COMP	= 132,
	NVSC_NVSP5_SUBCHANNEL		= 133,
	NVSC_NVSP5_SEND_INDIRECTION_TABLE = 134,
};

#define NVSC_NVSP_STAT_SUCCESS	1
#define NVSC_NVSP_STAT_FAIL	2

/* channel_type of SEND_RNDIS_PKT */
#define NVSC_RNDIS_CHANNEL_DATA	0
#define NVSC_RNDIS_CHANNEL_CTL	1

#define NVSC_NO_SECTION		0xffffffffu

/* the IDs the guest gives its buffers (what Hyper-V's guests use) */
#define NVSC_RECV_BUF_ID	0xcafe
#define NVSC_SEND_BUF_ID	0

struct nvsc_nvsp_init {
	u32 min_ver;
	u32 max_ver;
} __packed;

struct nvsc_nvsp_init_complete {
	u32 negotiated_ver;
	u32 max_mdl_chain_len;
	u32 status;
} __packed;

struct nvsc_nvsp_ndis_ver {
	u32 major;
	u32 minor;
} __packed;

struct nvsc_nvsp_send_buf {		/* SEND_RECV_BUF and SEND_SEND_BUF */
	u32 gpadl_handle;
	u16 id;
} __packed;

struct nvsc_nvsp_revoke_buf {
	u16 id;
} __packed;

struct nvsc_nvsp_recv_section {
	u32 offset;
	u32 sub_alloc_size;
	u32 num_sub_allocs;
	u32 end_offset;
} __packed;

struct nvsc_nvsp_recv_buf_complete {
	u32 status;
	u32 num_sections;
	struct nvsc_nvsp_recv_section sections[1];
} __packed;

struct nvsc_nvsp_send_buf_complete {
	u32 status;
	u32 section_size;
} __packed;

struct nvsc_nvsp_rndis_pkt {
	u32 channel_type;
	u32 section_index;
	u32 section_size;
} __packed;

struct nvsc_nvsp_rndis_pkt_complete {
	u32 status;
} __packed;

/* capability bits of SEND_NDIS_CONFIG */
#define NVSC_CAP_VMQ		BIT_ULL(0)
#define NVSC_CAP_CHIMNEY	BIT_ULL(1)
#define NVSC_CAP_SRIOV		BIT_ULL(2)
#define NVSC_CAP_IEEE8021Q	BIT_ULL(3)
#define NVSC_CAP_CORRELATION_ID	BIT_ULL(4)
#define NVSC_CAP_TEAMING	BIT_ULL(5)
#define NVSC_CAP_VSUBNETID	BIT_ULL(6)
#define NVSC_CAP_RSC		BIT_ULL(7)

struct nvsc_nvsp_ndis_config {
	u32 mtu;
	u32 reserved;
	u64 capability;
} __packed;

#define NVSC_SUBCHANNEL_ALLOCATE 1

struct nvsc_nvsp_subchannel {		/* request and completion */
	u32 op_or_status;
	u32 count;
} __packed;

struct nvsc_nvsp_indirection {
	u32 count;
	u32 offset;			/* from the start of the NVSP message */
} __packed;

/*
 * One NVSP message. What the guest sends is padded to this size: room for
 * every message of the versions up to 6.1, so that a host reading the
 * largest message of a version never reads past the packet.
 */
struct nvsc_nvsp_msg {
	u32 type;
	union {
		struct nvsc_nvsp_init init;
		struct nvsc_nvsp_init_complete init_complete;
		struct nvsc_nvsp_ndis_ver ndis_ver;
		struct nvsc_nvsp_send_buf send_buf;
		struct nvsc_nvsp_revoke_buf revoke_buf;
		struct nvsc_nvsp_recv_buf_complete recv_buf_complete;
		struct nvsc_nvsp_send_buf_complete send_buf_complete;
		struct nvsc_nvsp_rndis_pkt rndis_pkt;
		struct nvsc_nvsp_rndis_pkt_complete rndis_pkt_complete;
		struct nvsc_nvsp_ndis_config ndis_config;
		struct nvsc_nvsp_subchannel subchannel;
		struct nvsc_nvsp_indirection indirection;
		u8 pad[36];
	};
} __packed;

#define NVSC_NVSP_MSG_SIZE	sizeof(struct nvsc_nvsp_msg)	/* 40 */

/* ---- VMBus transfer-page packets (type 7): the descriptor's extension ---- */

struct nvsc_xfer_hdr {
	u16 pageset_id;
	u8 sender_owns_set;
	u8 reserved;
	u32 range_count;
} __packed;

struct nvsc_xfer_range {
	u32 byte_count;
	u32 byte_offset;
} __packed;

/* ---- RNDIS ([MS-RNDIS] 2.2) ---- */

#define NVSC_RNDIS_MSG_PACKET		0x00000001
#define NVSC_RNDIS_MSG_INIT		0x00000002
#define NVSC_RNDIS_MSG_HALT		0x00000003
#define NVSC_RNDIS_MSG_QUERY		0x00000004
#define NVSC_RNDIS_MSG_SET		0x00000005
#define NVSC_RNDIS_MSG_RESET		0x00000006
#define NVSC_RNDIS_MSG_INDICATE		0x00000007
#define NVSC_RNDIS_MSG_KEEPALIVE	0x00000008
#define NVSC_RNDIS_MSG_COMPLETION	0x80000000

#define NVSC_RNDIS_STATUS_SUCCESS		0x00000000
#define NVSC_RNDIS_STATUS_MEDIA_CONNECT		0x4001000b
#define NVSC_RNDIS_STATUS_MEDIA_DISCONNECT	0x4001000c
#define NVSC_RNDIS_STATUS_NETWORK_CHANGE	0x40010018

#define NVSC_OID_GEN_LINK_SPEED			0x00010107
#define NVSC_OID_GEN_MAXIMUM_FRAME_SIZE		0x00010106
#define NVSC_OID_GEN_CURRENT_PACKET_FILTER	0x0001010e
#define NVSC_OID_GEN_MEDIA_CONNECT_STATUS	0x00010114
#define NVSC_OID_GEN_RNDIS_CONFIG_PARAMETER	0x0001021b
#define NVSC_OID_802_3_PERMANENT_ADDRESS	0x01010101
#define NVSC_OID_802_3_CURRENT_ADDRESS		0x01010102
#define NVSC_OID_802_3_MULTICAST_LIST		0x01010103
#define NVSC_OID_802_3_MAXIMUM_LIST_SIZE	0x01010104

#define NVSC_OID_GEN_RSS_CAPABILITIES		0x00010203
#define NVSC_OID_GEN_RSS_PARAMETERS		0x00010204

#define NVSC_OID_TCP_OFFLOAD_PARAMETERS	0xfc01020c	/* set only */
#define NVSC_OID_TCP_OFFLOAD_HW_CAPS		0xfc01020d	/* query only */

/* INDICATE_STATUS: the host's offload configuration changed (after our SET) */
#define NVSC_RNDIS_STATUS_OFFLOAD_CONFIG	0x40020006

#define NVSC_MEDIA_CONNECTED		0	/* OID_GEN_MEDIA_CONNECT_STATUS */

struct nvsc_rndis_hdr {
	u32 type;
	u32 len;			/* the whole message, header included */
} __packed;

/* REMOTE_NDIS_PACKET_MSG; offsets count from the start of this struct */
struct nvsc_rndis_packet {
	u32 data_offset;
	u32 data_len;
	u32 oob_offset;
	u32 oob_len;
	u32 num_oob;
	u32 ppi_offset;
	u32 ppi_len;
	u32 vc_handle;
	u32 reserved;
} __packed;

/* a per-packet info element; ppi_offset counts from its start */
struct nvsc_rndis_ppi {
	u32 size;
	u32 type;			/* bit 31: an internal type */
	u32 ppi_offset;
} __packed;

#define NVSC_PPI_INTERNAL	BIT(31)
#define NVSC_PPI_CSUM		0	/* TCPIP_CHKSUM_PKTINFO */
#define NVSC_PPI_LSO		2	/* TCP_LARGESEND_PKTINFO */
#define NVSC_PPI_VLAN		6	/* IEEE_8021Q_INFO */
#define NVSC_PPI_HASH		8	/* NBL_HASH_VALUE */
/*
 * The host's own RNDIS_PKTINFO_ID: {u8 version, u8 flags, u16 packet ID}.
 * A coalesced receive (RSC) larger than a sub-allocation comes as one
 * message per sub-allocation, all SUBALLOC, the first FIRST and the last
 * LAST, in one transfer-page packet.
 */
#define NVSC_PPI_PKTINFO_ID	(NVSC_PPI_INTERNAL | 1)
#define NVSC_PKTINFO_ID_V1	1
#define NVSC_PKTINFO_SUBALLOC	BIT(0)
#define NVSC_PKTINFO_FIRST	BIT(1)
#define NVSC_PKTINFO_LAST	BIT(2)
#define NVSC_RSC_MAX_FRAGS	562	/* NVSP_RSC_MAX: the most the host sends */

/* TCPIP_CHKSUM_PKTINFO on receive */
#define NVSC_RXCSUM_TCP_FAILED	BIT(0)
#define NVSC_RXCSUM_UDP_FAILED	BIT(1)
#define NVSC_RXCSUM_IP_FAILED	BIT(2)
#define NVSC_RXCSUM_TCP_OK	BIT(3)
#define NVSC_RXCSUM_UDP_OK	BIT(4)
#define NVSC_RXCSUM_IP_OK	BIT(5)
/* a coalesced packet: verified, but the header's field is not its checksum */
#define NVSC_RXCSUM_TCP_VALUE_INVALID	BIT(7)
#define NVSC_RXCSUM_IP_VALUE_INVALID	BIT(8)

struct nvsc_rndis_init {
	u32 req_id;
	u32 major;
	u32 minor;
	u32 max_xfer_size;
} __packed;

struct nvsc_rndis_init_c {
	u32 req_id;
	u32 status;
	u32 major;
	u32 minor;
	u32 dev_flags;
	u32 medium;
	u32 max_pkt_per_msg;
	u32 max_xfer_size;
	u32 pkt_align_factor;
	u32 af_list_offset;
	u32 af_list_size;
} __packed;

/* QUERY and SET; info_offset counts from req_id */
struct nvsc_rndis_oid_req {
	u32 req_id;
	u32 oid;
	u32 info_len;
	u32 info_offset;
	u32 dev_vc_handle;
} __packed;

struct nvsc_rndis_query_c {
	u32 req_id;
	u32 status;
	u32 info_len;
	u32 info_offset;		/* from req_id */
} __packed;

struct nvsc_rndis_simple_c {		/* SET_C, RESET_C (no req_id), KEEPALIVE_C */
	u32 req_id;
	u32 status;
} __packed;

struct nvsc_rndis_halt {		/* HALT and KEEPALIVE */
	u32 req_id;
} __packed;

struct nvsc_rndis_indicate {
	u32 status;
	u32 buf_len;
	u32 buf_offset;		/* from status */
} __packed;

/* OID_GEN_RNDIS_CONFIG_PARAMETER's body: a named parameter */
struct nvsc_rndis_config_param {
	u32 name_offset;		/* from the start of this struct */
	u32 name_len;		/* bytes, UTF-16LE */
	u32 type;			/* 2: string */
	u32 value_offset;
	u32 value_len;
} __packed;

#define NVSC_RNDIS_PARAM_STRING	2

/* NDIS objects carried by OIDs start with this header */
struct nvsc_ndis_obj_hdr {
	u8 type;
	u8 revision;
	u16 size;
} __packed;

#define NVSC_NDIS_OBJ_RSS_CAPS		0x88
#define NVSC_NDIS_OBJ_RSS_PARAMS	0x89
#define NVSC_NDIS_RSS_REVISION_2	2

/* NDIS_RECEIVE_SCALE_CAPABILITIES (revision 2: 18 bytes, the table size last) */
struct nvsc_rss_caps {
	struct nvsc_ndis_obj_hdr hdr;
	u32 flags;
	u32 num_int_msg;
	u32 num_queues;
	u16 num_table_entries;
} __packed;

/*
 * NDIS_RECEIVE_SCALE_PARAMETERS, revision 2: natural alignment (40 bytes),
 * followed here by the indirection table (u32 queue numbers) and the key.
 */
struct nvsc_rss_params {
	struct nvsc_ndis_obj_hdr hdr;
	u16 flags;
	u16 base_cpu;
	u32 hash_info;
	u16 table_size;			/* bytes */
	u32 table_offset;		/* from the start of this struct */
	u16 key_size;
	u32 key_offset;
	u32 cpu_masks_offset;
	u32 num_cpu_masks;
	u32 cpu_mask_entry_size;
};

#define NVSC_RSS_FLAG_DISABLE		0x0010
#define NVSC_HASH_FUNC_TOEPLITZ		0x00000001
#define NVSC_HASH_IPV4			0x00000100
#define NVSC_HASH_TCP_IPV4		0x00000200
#define NVSC_HASH_IPV6			0x00000400
#define NVSC_HASH_TCP_IPV6		0x00001000
#define NVSC_RSS_TABLE_ENTRIES		128
#define NVSC_RSS_KEY_SIZE		40

/*
 * NDIS_OFFLOAD (OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES): what the host can
 * do. Revision 1 (NDIS 6.0) ends at @flags (112 bytes), revision 2 (6.1)
 * at @rsc_ip4 (144), revision 3 (6.30) is all of it (156). Natural
 * alignment, as NDIS lays it out.
 */
struct nvsc_ndis_offload {
	struct nvsc_ndis_obj_hdr hdr;
	/* NDIS_TCP_IP_CHECKSUM_OFFLOAD */
	u32 ip4_tx_encap;
	u32 ip4_tx_csum;		/* NVSC_CSUM_CAP_* */
	u32 ip4_rx_encap;
	u32 ip4_rx_csum;
	u32 ip6_tx_encap;
	u32 ip6_tx_csum;
	u32 ip6_rx_encap;
	u32 ip6_rx_csum;
	u32 lsov1[4];			/* NDIS_TCP_LARGE_SEND_OFFLOAD_V1: unused */
	u32 ipsecv1[7];			/* unused */
	/* NDIS_TCP_LARGE_SEND_OFFLOAD_V2 */
	u32 lso4_encap;			/* NVSC_ENCAP_8023: offered */
	u32 lso4_max;			/* bytes of one large send */
	u32 lso4_min_segs;
	u32 lso6_encap;
	u32 lso6_max;
	u32 lso6_min_segs;
	u32 lso6_opts;			/* NVSC_LSO6_CAP_* */
	u32 flags;
	u32 ipsecv2[8];			/* unused */
	u8 rsc_ip4;			/* NDIS_TCP_RECV_SEG_COALESCE_OFFLOAD */
	u8 rsc_ip6;
	u8 pad[2];
	u32 encap_flags;		/* NDIS_ENCAPSULATED_PACKET_TASK_OFFLOAD */
	u32 encap_max_hdr;
};

#define NVSC_NDIS_OBJ_OFFLOAD		0xa7
#define NVSC_NDIS_OBJ_DEFAULT		0x80
#define NVSC_NDIS_OFFLOAD_SIZE_REV1	112
#define NVSC_NDIS_OFFLOAD_SIZE_REV2	144
#define NVSC_NDIS_OFFLOAD_SIZE_REV3	156

#define NVSC_ENCAP_8023			0x0002	/* NDIS_ENCAPSULATION_IEEE_802_3 */
/* checksum capabilities; the same bits for IPv4 and IPv6, TX and RX */
#define NVSC_CSUM_CAP_IP_OPT		0x001	/* IPv4 options / IPv6 extension headers */
#define NVSC_CSUM_CAP_TCP_OPT		0x004
#define NVSC_CSUM_CAP_TCP		0x010
#define NVSC_CSUM_CAP_UDP		0x040
#define NVSC_CSUM_CAP_IP4		0x100	/* the IPv4 header checksum */
#define NVSC_LSO6_CAP_IP6_EXT		0x001
#define NVSC_LSO6_CAP_TCP_OPT		0x004

/*
 * NDIS_OFFLOAD_PARAMETERS (OID_TCP_OFFLOAD_PARAMETERS): what the guest
 * wants, each field a NVSC_OFL_* value (0: no change). Revision 2 (NDIS
 * 6.1) ends after @ipsecv2_ip4 (22 bytes), revision 3 is all of it (28).
 */
struct nvsc_ndis_offload_params {
	struct nvsc_ndis_obj_hdr hdr;
	u8 ip4_csum;
	u8 tcp4_csum;
	u8 udp4_csum;
	u8 tcp6_csum;
	u8 udp6_csum;
	u8 lsov1;
	u8 ipsecv1;
	u8 lso4;
	u8 lso6;
	u8 tcp_conn_ip4;
	u8 tcp_conn_ip6;
	u32 flags;
	u8 ipsecv2;
	u8 ipsecv2_ip4;
	u8 rsc_ip4;
	u8 rsc_ip6;
	u8 encap;
	u8 encap_types;
};

#define NVSC_OFFLOAD_PARAMS_REV2	2
#define NVSC_OFFLOAD_PARAMS_REV3	3
#define NVSC_OFFLOAD_PARAMS_SIZE_REV2	22
#define NVSC_OFFLOAD_PARAMS_SIZE_REV3	28

#define NVSC_OFL_NO_CHANGE		0
#define NVSC_OFL_CSUM_OFF		1	/* TX and RX off */
#define NVSC_OFL_CSUM_TX		2	/* TX on, RX off */
#define NVSC_OFL_CSUM_RX		3	/* RX on, TX off */
#define NVSC_OFL_CSUM_TX_RX		4
#define NVSC_OFL_LSO_OFF		1
#define NVSC_OFL_LSO_ON			2
#define NVSC_OFL_RSC_OFF		1
#define NVSC_OFL_RSC_ON			2

/*
 * Transmit per-packet info. TCPIP_CHKSUM_PKTINFO: the host fills the
 * checksums asked for; TCP_LARGESEND_PKTINFO (LSOv2): the host cuts the
 * TCP packet into MSS-sized segments. The transport header's offset from
 * the frame's start is 10 bits in both.
 */
#define NVSC_TXCSUM_IPV4		BIT(0)
#define NVSC_TXCSUM_IPV6		BIT(1)
#define NVSC_TXCSUM_TCP			BIT(2)
#define NVSC_TXCSUM_UDP			BIT(3)
#define NVSC_TXCSUM_IP_HDR		BIT(4)
#define NVSC_TXCSUM_L4_OFF_SHIFT	16
#define NVSC_LSO_MSS_MAX		0xfffff	/* 20 bits */
#define NVSC_LSO_L4_OFF_SHIFT		20
#define NVSC_LSO_V2			BIT(30)
#define NVSC_LSO_IPV6			BIT(31)
#define NVSC_TX_L4_OFF_MAX		0x3ff	/* 10 bits */

/* RNDIS packet filter bits (NDIS_PACKET_TYPE_*) */
#define NVSC_FILTER_DIRECTED	0x00000001
#define NVSC_FILTER_MULTICAST	0x00000002
#define NVSC_FILTER_ALL_MULTI	0x00000004
#define NVSC_FILTER_BROADCAST	0x00000008
#define NVSC_FILTER_PROMISC	0x00000020

/* the RNDIS header we put before every frame we send, without per-packet info */
#define NVSC_RNDIS_PKT_HDR	(sizeof(struct nvsc_rndis_hdr) + sizeof(struct nvsc_rndis_packet))
/* one per-packet info element with a u32 value */
#define NVSC_PPI_U32_SIZE	(sizeof(struct nvsc_rndis_ppi) + sizeof(u32))
/* the longest header we send: a checksum or an LSO element, not both */
/* a frame's per-packet info: an offload request and a VLAN tag at most */
#define NVSC_TX_PPI_MAX		2
#define NVSC_RNDIS_TX_HDR_MAX	(NVSC_RNDIS_PKT_HDR + NVSC_TX_PPI_MAX * NVSC_PPI_U32_SIZE)

static inline void nvsc_proto_check(void)
{
	BUILD_BUG_ON(sizeof(struct nvsc_nvsp_msg) != 40);
	BUILD_BUG_ON(sizeof(struct nvsc_nvsp_recv_buf_complete) != 24);
	BUILD_BUG_ON(sizeof(struct nvsc_xfer_hdr) != 8);
	BUILD_BUG_ON(sizeof(struct nvsc_xfer_range) != 8);
	BUILD_BUG_ON(sizeof(struct nvsc_rndis_packet) != 36);
	BUILD_BUG_ON(sizeof(struct nvsc_rndis_ppi) != 12);
	BUILD_BUG_ON(sizeof(struct nvsc_rndis_init_c) != 44);
	BUILD_BUG_ON(sizeof(struct nvsc_rndis_oid_req) != 20);
	BUILD_BUG_ON(NVSC_RNDIS_PKT_HDR != 44);
	BUILD_BUG_ON(sizeof(struct nvsc_rss_caps) != 18);
	BUILD_BUG_ON(sizeof(struct nvsc_rss_params) != 40);
	BUILD_BUG_ON(offsetof(struct nvsc_rss_params, table_offset) != 16);
	BUILD_BUG_ON(offsetof(struct nvsc_rss_params, key_offset) != 24);
	BUILD_BUG_ON(offsetof(struct nvsc_ndis_offload, lsov1) != 36);
	BUILD_BUG_ON(offsetof(struct nvsc_ndis_offload, lso4_encap) != 80);
	BUILD_BUG_ON(offsetof(struct nvsc_ndis_offload, ipsecv2) != NVSC_NDIS_OFFLOAD_SIZE_REV1);
	BUILD_BUG_ON(offsetof(struct nvsc_ndis_offload, rsc_ip4) != NVSC_NDIS_OFFLOAD_SIZE_REV2);
	BUILD_BUG_ON(sizeof(struct nvsc_ndis_offload) != NVSC_NDIS_OFFLOAD_SIZE_REV3);
	BUILD_BUG_ON(offsetof(struct nvsc_ndis_offload_params, flags) != 16);
	BUILD_BUG_ON(offsetof(struct nvsc_ndis_offload_params, rsc_ip4) !=
		     NVSC_OFFLOAD_PARAMS_SIZE_REV2);
	BUILD_BUG_ON(sizeof(struct nvsc_ndis_offload_params) != NVSC_OFFLOAD_PARAMS_SIZE_REV3);
}

#endif /* _NVSC_PROTO_H */
