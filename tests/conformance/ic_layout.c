// SPDX-License-Identifier: GPL-2.0
/*
 * Layout conformance of the integration-service protocol: the guest's
 * drivers/ic/icmsg.h and hv_sim's sim/hvsim_ic.h, written apart on
 * purpose, each against the kernel's <linux/hyperv.h> and its uAPI half
 * (which every linux-headers package ships): the pipe and IC headers, the
 * negotiation, the heartbeat, shutdown and both time-sync bodies, the KVP
 * bodies, its IP settings and hv_kvp_daemon's message, the VSS and
 * file-copy messages (hv_vss_daemon's and hv_fcopy_daemon's), every message
 * type, operation, flag, size and time constant. A difference breaks the
 * build for that kernel.
 * The module is never loaded.
 *
 * The bodies' sizes are not all the kernel's: the kernel's heartbeat body
 * is the older hosts' 40 bytes (both sides here use the newer 16, and the
 * guest reads only the sequence number), and the time-sync bodies differ
 * in trailing reserved bytes (the kernel's are 25 and 22 bytes, hv_sim
 * sends openvmm's 28 and 24, the guest reads up to the flags). Those are
 * compared field by field up to the last field read. Macros older kernels
 * lack (5.10 has no IC_VERSION_NEGOTIATION_MAX_VER_COUNT nor
 * ICMSGTYPE_FCOPY in this header) are compared where they exist.
 */
#include <linux/build_bug.h>
#include <linux/hyperv.h>
#include <linux/stddef.h>

#include "drivers/ic/icmsg.h"
#include "sim/hvsim_ic.h"
#include "same.h"

typedef struct hvic_pipe_hdr gpipe_t;
typedef struct hvsim_ic_pipe hpipe_t;
typedef struct vmbuspipe_hdr kpipe_t;
SAME_SIZE(gpipe_t, kpipe_t);
SAME_SIZE(hpipe_t, kpipe_t);
SAME_FIELD(gpipe_t, type, kpipe_t, flags);
SAME_FIELD(gpipe_t, size, kpipe_t, msgsize);
SAME_FIELD(hpipe_t, type, kpipe_t, flags);
SAME_FIELD(hpipe_t, size, kpipe_t, msgsize);

typedef struct hvic_hdr ghdr_t;
typedef struct hvsim_ic_hdr hhdr_t;
typedef struct icmsg_hdr khdr_t;
SAME_SIZE(ghdr_t, khdr_t);
SAME_SIZE(hhdr_t, khdr_t);
SAME_FIELD(ghdr_t, fw, khdr_t, icverframe);
SAME_FIELD(ghdr_t, type, khdr_t, icmsgtype);
SAME_FIELD(ghdr_t, msg, khdr_t, icvermsg);
SAME_FIELD(ghdr_t, size, khdr_t, icmsgsize);
SAME_FIELD(ghdr_t, status, khdr_t, status);
SAME_FIELD(ghdr_t, trans_id, khdr_t, ictransaction_id);
SAME_FIELD(ghdr_t, flags, khdr_t, icflags);
SAME_FIELD(hhdr_t, fw, khdr_t, icverframe);
SAME_FIELD(hhdr_t, type, khdr_t, icmsgtype);
SAME_FIELD(hhdr_t, msg, khdr_t, icvermsg);
SAME_FIELD(hhdr_t, size, khdr_t, icmsgsize);
SAME_FIELD(hhdr_t, status, khdr_t, status);
SAME_FIELD(hhdr_t, trans_id, khdr_t, ictransaction_id);
SAME_FIELD(hhdr_t, flags, khdr_t, icflags);
SAME_VALUE(HVIC_HDRS, sizeof(kpipe_t) + sizeof(khdr_t));
SAME_VALUE(sizeof(struct hvsim_ic_head), sizeof(kpipe_t) + sizeof(khdr_t));

typedef struct hvic_version gver_t;
typedef struct hvsim_ic_ver hver_t;
typedef struct ic_version kver_t;
SAME_SIZE(gver_t, kver_t);
SAME_SIZE(hver_t, kver_t);
SAME_FIELD(gver_t, major, kver_t, major);
SAME_FIELD(gver_t, minor, kver_t, minor);
SAME_FIELD(hver_t, major, kver_t, major);
SAME_FIELD(hver_t, minor, kver_t, minor);

typedef struct hvic_negotiate gneg_t;
typedef struct hvsim_ic_negotiate hneg_t;
typedef struct icmsg_negotiate kneg_t;
/* the versions follow the counts (5.10's array has one element, later []) */
SAME_VALUE(sizeof(gneg_t), offsetof(kneg_t, icversion_data));
SAME_VALUE(sizeof(hneg_t), offsetof(kneg_t, icversion_data));
SAME_FIELD(gneg_t, fw_count, kneg_t, icframe_vercnt);
SAME_FIELD(gneg_t, msg_count, kneg_t, icmsg_vercnt);
SAME_ARRAY(gneg_t, versions, kneg_t, icversion_data);
SAME_FIELD(hneg_t, fw_count, kneg_t, icframe_vercnt);
SAME_FIELD(hneg_t, msg_count, kneg_t, icmsg_vercnt);
SAME_ARRAY(hneg_t, v, kneg_t, icversion_data);
#ifdef IC_VERSION_NEGOTIATION_MAX_VER_COUNT	/* 5.11 and later */
SAME_VALUE(HVIC_MAX_VERSIONS, IC_VERSION_NEGOTIATION_MAX_VER_COUNT);
#endif

typedef struct hvic_heartbeat ghb_t;
typedef struct hvsim_ic_heartbeat hhb_t;
typedef struct heartbeat_msg_data khb_t;
SAME_FIELD(ghb_t, seq, khb_t, seq_num);
SAME_FIELD(hhb_t, seq, khb_t, seq_num);
SAME_SIZE(ghb_t, hhb_t);

typedef struct hvic_shutdown gsd_t;
typedef struct hvsim_ic_shutdown hsd_t;
typedef struct shutdown_msg_data ksd_t;
SAME_SIZE(gsd_t, ksd_t);
SAME_SIZE(hsd_t, ksd_t);
SAME_FIELD(gsd_t, reason, ksd_t, reason_code);
SAME_FIELD(gsd_t, timeout_secs, ksd_t, timeout_seconds);
SAME_FIELD(gsd_t, flags, ksd_t, flags);
SAME_FIELD(gsd_t, message, ksd_t, display_message);
SAME_FIELD(hsd_t, reason, ksd_t, reason_code);
SAME_FIELD(hsd_t, timeout_secs, ksd_t, timeout_seconds);
SAME_FIELD(hsd_t, flags, ksd_t, flags);
SAME_FIELD(hsd_t, message, ksd_t, display_message);

typedef struct hvic_timesync_v1 gt1_t;
typedef struct hvsim_ic_time_v1 ht1_t;
typedef struct ictimesync_data kt1_t;
SAME_FIELD(gt1_t, parent_time, kt1_t, parenttime);
SAME_FIELD(gt1_t, child_time, kt1_t, childtime);
SAME_FIELD(gt1_t, round_trip, kt1_t, roundtriptime);
SAME_FIELD(gt1_t, flags, kt1_t, flags);
SAME_FIELD(ht1_t, parent_time, kt1_t, parenttime);
SAME_FIELD(ht1_t, child_time, kt1_t, childtime);
SAME_FIELD(ht1_t, round_trip, kt1_t, roundtriptime);
SAME_FIELD(ht1_t, flags, kt1_t, flags);

typedef struct hvic_timesync_v4 gt4_t;
typedef struct hvsim_ic_time_v4 ht4_t;
typedef struct ictimesync_ref_data kt4_t;
SAME_FIELD(gt4_t, parent_time, kt4_t, parenttime);
SAME_FIELD(gt4_t, ref_time, kt4_t, vmreferencetime);
SAME_FIELD(gt4_t, flags, kt4_t, flags);
SAME_FIELD(gt4_t, leap, kt4_t, leapflags);
SAME_FIELD(gt4_t, stratum, kt4_t, stratum);
SAME_FIELD(ht4_t, parent_time, kt4_t, parenttime);
SAME_FIELD(ht4_t, ref_time, kt4_t, vmreferencetime);
SAME_FIELD(ht4_t, flags, kt4_t, flags);
SAME_FIELD(ht4_t, leap, kt4_t, leapflags);
SAME_FIELD(ht4_t, stratum, kt4_t, stratum);

SAME_VALUE(HVIC_MSG_NEGOTIATE, ICMSGTYPE_NEGOTIATE);
SAME_VALUE(HVIC_MSG_HEARTBEAT, ICMSGTYPE_HEARTBEAT);
SAME_VALUE(HVIC_MSG_KVP, ICMSGTYPE_KVPEXCHANGE);
SAME_VALUE(HVIC_MSG_SHUTDOWN, ICMSGTYPE_SHUTDOWN);
SAME_VALUE(HVIC_MSG_TIMESYNC, ICMSGTYPE_TIMESYNC);
SAME_VALUE(HVIC_MSG_VSS, ICMSGTYPE_VSS);
#ifdef ICMSGTYPE_FCOPY
SAME_VALUE(HVIC_MSG_FCOPY, ICMSGTYPE_FCOPY);
#endif
SAME_VALUE(HVSIM_IC_NEGOTIATE, ICMSGTYPE_NEGOTIATE);
SAME_VALUE(HVSIM_IC_HEARTBEAT, ICMSGTYPE_HEARTBEAT);
SAME_VALUE(HVSIM_IC_SHUTDOWN, ICMSGTYPE_SHUTDOWN);
SAME_VALUE(HVSIM_IC_TIMESYNC, ICMSGTYPE_TIMESYNC);
SAME_VALUE(HVIC_FLAG_TRANSACTION, ICMSGHDRFLAG_TRANSACTION);
SAME_VALUE(HVIC_FLAG_REQUEST, ICMSGHDRFLAG_REQUEST);
SAME_VALUE(HVIC_FLAG_RESPONSE, ICMSGHDRFLAG_RESPONSE);
SAME_VALUE(HVSIM_IC_TRANSACTION, ICMSGHDRFLAG_TRANSACTION);
SAME_VALUE(HVSIM_IC_REQUEST, ICMSGHDRFLAG_REQUEST);
SAME_VALUE(HVSIM_IC_RESPONSE, ICMSGHDRFLAG_RESPONSE);
SAME_VALUE(HVIC_TIME_SYNC, ICTIMESYNCFLAG_SYNC);
SAME_VALUE(HVIC_TIME_SAMPLE, ICTIMESYNCFLAG_SAMPLE);
SAME_VALUE(HVSIM_IC_TIME_SYNC, ICTIMESYNCFLAG_SYNC);
SAME_VALUE(HVSIM_IC_TIME_SAMPLE, ICTIMESYNCFLAG_SAMPLE);
SAME_VALUE(HVIC_EPOCH_DELTA, WLTIMEDELTA);
SAME_VALUE(HVSIM_IC_EPOCH, WLTIMEDELTA);
SAME_VALUE(HVIC_S_OK, HV_S_OK);
SAME_VALUE(HVIC_E_FAIL, HV_E_FAIL);
SAME_VALUE(HVIC_S_CONT, HV_S_CONT);
SAME_VALUE(HVIC_FW_3, UTIL_FW_VERSION);
SAME_VALUE(HVIC_FW_1, UTIL_WS2K8_FW_VERSION);

/* KVP: the host's body, the daemon's message (the uAPI's struct hv_kvp_msg) */
typedef struct hvic_kvp_value gkv_t;
typedef struct hvsim_kvp_value hkv_t;
typedef struct hv_kvp_exchg_msg_value kkv_t;
SAME_SIZE(gkv_t, kkv_t);
SAME_SIZE(hkv_t, kkv_t);
SAME_FIELD(gkv_t, type, kkv_t, value_type);
SAME_FIELD(gkv_t, key_size, kkv_t, key_size);
SAME_FIELD(gkv_t, value_size, kkv_t, value_size);
SAME_FIELD(gkv_t, key, kkv_t, key);
SAME_FIELD(gkv_t, value, kkv_t, value);
SAME_FIELD(hkv_t, type, kkv_t, value_type);
SAME_FIELD(hkv_t, key_size, kkv_t, key_size);
SAME_FIELD(hkv_t, value_size, kkv_t, value_size);
SAME_FIELD(hkv_t, key, kkv_t, key);
SAME_FIELD(hkv_t, value, kkv_t, value);

typedef struct hvic_kvp_umsg gkm_t;
typedef struct hv_kvp_msg kkm_t;
SAME_SIZE(gkm_t, kkm_t);
SAME_FIELD(gkm_t, hdr, kkm_t, kvp_hdr);
SAME_FIELD(gkm_t, error, kkm_t, error);
SAME_FIELD(gkm_t, body.get_set, kkm_t, body.kvp_get.data);
SAME_FIELD(gkm_t, body.del.key_size, kkm_t, body.kvp_delete.key_size);
SAME_FIELD(gkm_t, body.del.key, kkm_t, body.kvp_delete.key);
SAME_FIELD(gkm_t, body.en.index, kkm_t, body.kvp_enum_data.index);
SAME_FIELD(gkm_t, body.en.data, kkm_t, body.kvp_enum_data.data);
SAME_FIELD(gkm_t, body.version, kkm_t, body.kvp_register.version);
SAME_FIELD(gkm_t, body.ip, kkm_t, body.kvp_ip_val);
SAME_FIELD(gkm_t, hdr.op, kkm_t, kvp_hdr.operation);
SAME_FIELD(gkm_t, hdr.pool, kkm_t, kvp_hdr.pool);

/* the host's message: the same header and bodies */
typedef struct hvsim_kvp_msg hkm_t;
SAME_FIELD(hkm_t, op, kkm_t, kvp_hdr.operation);
SAME_FIELD(hkm_t, pool, kkm_t, kvp_hdr.pool);
SAME_FIELD(hkm_t, v, kkm_t, body.kvp_get.data);
SAME_FIELD(hkm_t, del.key_size, kkm_t, body.kvp_delete.key_size);
SAME_FIELD(hkm_t, del.key, kkm_t, body.kvp_delete.key);
SAME_FIELD(hkm_t, en.index, kkm_t, body.kvp_enum_data.index);
SAME_FIELD(hkm_t, en.v, kkm_t, body.kvp_enum_data.data);

SAME_VALUE(HVIC_KVP_GET, KVP_OP_GET);
SAME_VALUE(HVIC_KVP_SET, KVP_OP_SET);
SAME_VALUE(HVIC_KVP_DELETE, KVP_OP_DELETE);
SAME_VALUE(HVIC_KVP_ENUMERATE, KVP_OP_ENUMERATE);
SAME_VALUE(HVIC_KVP_GET_IP_INFO, KVP_OP_GET_IP_INFO);
SAME_VALUE(HVIC_KVP_SET_IP_INFO, KVP_OP_SET_IP_INFO);
SAME_VALUE(HVSIM_KVP_GET, KVP_OP_GET);
SAME_VALUE(HVSIM_KVP_SET, KVP_OP_SET);
SAME_VALUE(HVSIM_KVP_DELETE, KVP_OP_DELETE);
SAME_VALUE(HVSIM_KVP_ENUMERATE, KVP_OP_ENUMERATE);
SAME_VALUE(HVIC_KVP_POOLS, KVP_POOL_COUNT);
SAME_VALUE(HVIC_KVP_REGISTER, KVP_OP_REGISTER);
SAME_VALUE(HVIC_KVP_REGISTER1, KVP_OP_REGISTER1);
SAME_VALUE(HVIC_KVP_KEY_MAX, HV_KVP_EXCHANGE_MAX_KEY_SIZE);
SAME_VALUE(HVIC_KVP_VALUE_MAX, HV_KVP_EXCHANGE_MAX_VALUE_SIZE);
SAME_VALUE(HVSIM_KVP_KEY_MAX, HV_KVP_EXCHANGE_MAX_KEY_SIZE);
SAME_VALUE(HVSIM_KVP_VALUE_MAX, HV_KVP_EXCHANGE_MAX_VALUE_SIZE);
SAME_VALUE(HVIC_REG_SZ, REG_SZ);
SAME_VALUE(HVIC_REG_DWORD, REG_U32);
SAME_VALUE(HVIC_REG_U64_LINUX, REG_U64);
SAME_VALUE(HVSIM_KVP_SZ, REG_SZ);
SAME_VALUE(HVSIM_KVP_DWORD, REG_U32);
SAME_VALUE(HVIC_E_GUID_NOTFOUND, HV_GUID_NOTFOUND);
SAME_VALUE(HVSIM_KVP_S_CONT, HV_S_CONT);
SAME_VALUE(HVSIM_IC_KVP, ICMSGTYPE_KVPEXCHANGE);

/* VSS: the host's message and hv_vss_daemon's (the uAPI's struct hv_vss_msg) */
typedef struct hvic_vss_msg gvss_t;
typedef struct hvsim_vss_msg hvss_t;
typedef struct hv_vss_msg kvss_t;
SAME_SIZE(gvss_t, kvss_t);
SAME_FIELD(gvss_t, hdr.op, kvss_t, vss_hdr.operation);
SAME_FIELD(gvss_t, error, kvss_t, error);
SAME_FIELD(gvss_t, flags, kvss_t, vss_cf.flags);
SAME_FIELD(hvss_t, op, kvss_t, vss_hdr.operation);
SAME_FIELD(hvss_t, flags, kvss_t, vss_cf.flags);
SAME_VALUE(HVIC_VSS_CREATE, VSS_OP_CREATE);
SAME_VALUE(HVIC_VSS_DELETE, VSS_OP_DELETE);
SAME_VALUE(HVIC_VSS_HOT_BACKUP, VSS_OP_HOT_BACKUP);
SAME_VALUE(HVIC_VSS_GET_DM_INFO, VSS_OP_GET_DM_INFO);
SAME_VALUE(HVIC_VSS_BU_COMPLETE, VSS_OP_BU_COMPLETE);
SAME_VALUE(HVIC_VSS_FREEZE, VSS_OP_FREEZE);
SAME_VALUE(HVIC_VSS_THAW, VSS_OP_THAW);
SAME_VALUE(HVIC_VSS_AUTO_RECOVER, VSS_OP_AUTO_RECOVER);
SAME_VALUE(HVIC_VSS_REGISTER, VSS_OP_REGISTER);
SAME_VALUE(HVIC_VSS_REGISTER1, VSS_OP_REGISTER1);
SAME_VALUE(HVIC_VSS_HBU_NO_AUTO_RECOVERY, VSS_HBU_NO_AUTO_RECOVERY);
SAME_VALUE(HVSIM_VSS_FREEZE, VSS_OP_FREEZE);
SAME_VALUE(HVSIM_VSS_THAW, VSS_OP_THAW);
SAME_VALUE(HVSIM_VSS_HOT_BACKUP, VSS_OP_HOT_BACKUP);
SAME_VALUE(HVSIM_VSS_GET_DM_INFO, VSS_OP_GET_DM_INFO);
SAME_VALUE(HVSIM_VSS_OPS, VSS_OP_COUNT);
SAME_VALUE(HVIC_MSG_VSS, ICMSGTYPE_VSS);
SAME_VALUE(HVSIM_IC_VSS, ICMSGTYPE_VSS);

/* file copy: the host's bodies are hv_fcopy_daemon's messages (uAPI) */
typedef struct hvic_fcopy_start gfs_t;
typedef struct hvsim_fcopy_start hfs_t;
typedef struct hv_start_fcopy kfs_t;
SAME_SIZE(gfs_t, kfs_t);
SAME_SIZE(hfs_t, kfs_t);
SAME_FIELD(gfs_t, hdr.op, kfs_t, hdr.operation);
SAME_FIELD(gfs_t, hdr.service_id0, kfs_t, hdr.service_id0);
SAME_FIELD(gfs_t, hdr.service_id1, kfs_t, hdr.service_id1);
SAME_FIELD(gfs_t, file_name, kfs_t, file_name);
SAME_FIELD(gfs_t, path_name, kfs_t, path_name);
SAME_FIELD(gfs_t, copy_flags, kfs_t, copy_flags);
SAME_FIELD(gfs_t, file_size, kfs_t, file_size);
SAME_FIELD(hfs_t, hdr.op, kfs_t, hdr.operation);
SAME_FIELD(hfs_t, file_name, kfs_t, file_name);
SAME_FIELD(hfs_t, path_name, kfs_t, path_name);
SAME_FIELD(hfs_t, copy_flags, kfs_t, copy_flags);
SAME_FIELD(hfs_t, file_size, kfs_t, file_size);
typedef struct hvic_fcopy_data gfd_t;
typedef struct hvsim_fcopy_data hfd_t;
typedef struct hv_do_fcopy kfd_t;
SAME_SIZE(gfd_t, kfd_t);
SAME_SIZE(hfd_t, kfd_t);
SAME_FIELD(gfd_t, offset, kfd_t, offset);
SAME_FIELD(gfd_t, size, kfd_t, size);
SAME_FIELD(gfd_t, data, kfd_t, data);
SAME_FIELD(hfd_t, offset, kfd_t, offset);
SAME_FIELD(hfd_t, size, kfd_t, size);
SAME_FIELD(hfd_t, data, kfd_t, data);
SAME_VALUE(HVIC_FCOPY_START, START_FILE_COPY);
SAME_VALUE(HVIC_FCOPY_WRITE, WRITE_TO_FILE);
SAME_VALUE(HVIC_FCOPY_COMPLETE, COMPLETE_FCOPY);
SAME_VALUE(HVIC_FCOPY_CANCEL, CANCEL_FCOPY);
SAME_VALUE(HVSIM_FCOPY_START, START_FILE_COPY);
SAME_VALUE(HVSIM_FCOPY_WRITE, WRITE_TO_FILE);
SAME_VALUE(HVSIM_FCOPY_COMPLETE, COMPLETE_FCOPY);
SAME_VALUE(HVSIM_FCOPY_CANCEL, CANCEL_FCOPY);
SAME_VALUE(HVIC_FCOPY_FRAGMENT, DATA_FRAGMENT);
SAME_VALUE(HVSIM_FCOPY_FRAGMENT, DATA_FRAGMENT);
SAME_VALUE(HVIC_FCOPY_PATH_MAX, 2 * W_MAX_PATH);
SAME_VALUE(HVSIM_FCOPY_NAME_MAX, W_MAX_PATH);
SAME_VALUE(HVIC_FCOPY_OVERWRITE, OVER_WRITE);
SAME_VALUE(HVIC_FCOPY_CREATE_PATH, CREATE_PATH);
SAME_VALUE(HVSIM_FCOPY_OVERWRITE, OVER_WRITE);
SAME_VALUE(HVSIM_FCOPY_CREATE_PATH, CREATE_PATH);
SAME_VALUE(HVIC_FCOPY_VERSION_0, FCOPY_VERSION_0);
SAME_VALUE(HVIC_FCOPY_VERSION_1, FCOPY_VERSION_1);
#ifdef ICMSGTYPE_FCOPY	/* 5.11 and later */
SAME_VALUE(HVIC_MSG_FCOPY, ICMSGTYPE_FCOPY);
SAME_VALUE(HVSIM_IC_FCOPY, ICMSGTYPE_FCOPY);
#endif

/* KVP's IP settings: the host's message and the daemon's settings */
typedef struct hvic_kvp_ip gip_t;
typedef struct hv_kvp_ipaddr_value kip_t;
typedef struct hvic_kvp_ip_msg gipm_t;
typedef struct hvsim_kvp_ip_msg hipm_t;
typedef struct hv_kvp_ip_msg kipm_t;
SAME_SIZE(gip_t, kip_t);
SAME_FIELD(gip_t, adapter_id, kip_t, adapter_id);
SAME_FIELD(gip_t, addr_family, kip_t, addr_family);
SAME_FIELD(gip_t, dhcp_enabled, kip_t, dhcp_enabled);
SAME_FIELD(gip_t, ip_addr, kip_t, ip_addr);
SAME_FIELD(gip_t, sub_net, kip_t, sub_net);
SAME_FIELD(gip_t, gate_way, kip_t, gate_way);
SAME_FIELD(gip_t, dns_addr, kip_t, dns_addr);
SAME_SIZE(gipm_t, kipm_t);
SAME_SIZE(hipm_t, kipm_t);
SAME_FIELD(gipm_t, op, kipm_t, operation);
SAME_FIELD(gipm_t, pool, kipm_t, pool);
SAME_FIELD(gipm_t, ip, kipm_t, kvp_ip_val);
SAME_FIELD(hipm_t, op, kipm_t, operation);
SAME_FIELD(hipm_t, adapter_id, kipm_t, kvp_ip_val.adapter_id);
SAME_FIELD(hipm_t, addr_family, kipm_t, kvp_ip_val.addr_family);
SAME_FIELD(hipm_t, dhcp_enabled, kipm_t, kvp_ip_val.dhcp_enabled);
SAME_FIELD(hipm_t, ip_addr, kipm_t, kvp_ip_val.ip_addr);
SAME_FIELD(hipm_t, sub_net, kipm_t, kvp_ip_val.sub_net);
SAME_FIELD(hipm_t, gate_way, kipm_t, kvp_ip_val.gate_way);
SAME_FIELD(hipm_t, dns_addr, kipm_t, kvp_ip_val.dns_addr);
SAME_VALUE(HVIC_KVP_ADAPTER_MAX, 2 * MAX_ADAPTER_ID_SIZE);
SAME_VALUE(HVIC_KVP_ADDR_MAX, 2 * MAX_IP_ADDR_SIZE);
SAME_VALUE(HVIC_KVP_GATEWAY_MAX, 2 * MAX_GATEWAY_SIZE);
SAME_VALUE(HVSIM_KVP_ADAPTER_MAX, MAX_ADAPTER_ID_SIZE);
SAME_VALUE(HVSIM_KVP_ADDR_MAX, MAX_IP_ADDR_SIZE);
SAME_VALUE(HVSIM_KVP_GATEWAY_MAX, MAX_GATEWAY_SIZE);
SAME_VALUE(HVIC_KVP_FAMILY_IPV4, ADDR_FAMILY_IPV4);
SAME_VALUE(HVIC_KVP_FAMILY_IPV6, ADDR_FAMILY_IPV6);
SAME_VALUE(HVSIM_KVP_GET_IP, KVP_OP_GET_IP_INFO);
SAME_VALUE(HVSIM_KVP_SET_IP, KVP_OP_SET_IP_INFO);
