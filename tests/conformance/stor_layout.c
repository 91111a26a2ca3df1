// SPDX-License-Identifier: GPL-2.0
/*
 * Layout conformance of the VSTOR protocol: hv_sim's StorVSP definitions
 * (sim/hvsim_vstor.h) against the guest driver's (drivers/storage/vstor.h).
 *
 * No public header defines VSTOR (the kernel keeps it private to
 * drivers/scsi/storvsc_drv.c), so the two sides, written apart on purpose,
 * are compared with each other: every struct's size, every field's offset
 * and size, every operation, version, flag and SRB status both use. A
 * difference breaks the build. The module is never loaded.
 *
 * Not compared, having no counterpart on the other side: the NTSTATUS
 * values (only the host names them; the guest reads "zero or not"), the
 * guest's SRB flag bits (the host does not read srb_flags), and the SRB
 * codes only one side uses.
 */
#include <linux/build_bug.h>
#include <linux/stddef.h>

#include "drivers/storage/vstor.h"
#include "sim/hvsim_vstor.h"
#include "same.h"

typedef struct hvsim_srb hsrb_t;
typedef struct svsc_srb gsrb_t;
typedef struct hvsim_vstor_props hprops_t;
typedef struct svsc_vstor_props gprops_t;
typedef struct hvsim_vstor_pkt hpkt_t;
typedef struct svsc_vstor gpkt_t;

SAME_SIZE(hsrb_t, gsrb_t);
SAME_FIELD(hsrb_t, length, gsrb_t, length);
SAME_FIELD(hsrb_t, srb_status, gsrb_t, srb_status);
SAME_FIELD(hsrb_t, scsi_status, gsrb_t, scsi_status);
SAME_FIELD(hsrb_t, port, gsrb_t, port);
SAME_FIELD(hsrb_t, path_id, gsrb_t, path_id);
SAME_FIELD(hsrb_t, target_id, gsrb_t, target_id);
SAME_FIELD(hsrb_t, lun, gsrb_t, lun);
SAME_FIELD(hsrb_t, cdb_length, gsrb_t, cdb_length);
SAME_FIELD(hsrb_t, sense_length, gsrb_t, sense_info_length);
SAME_FIELD(hsrb_t, data_in, gsrb_t, data_in);
SAME_FIELD(hsrb_t, transfer_length, gsrb_t, data_transfer_length);
SAME_FIELD(hsrb_t, cdb_or_sense, gsrb_t, sense);
SAME_FIELD(hsrb_t, queue_tag, gsrb_t, queue_tag);
SAME_FIELD(hsrb_t, queue_action, gsrb_t, queue_action);
SAME_FIELD(hsrb_t, srb_flags, gsrb_t, srb_flags);
SAME_FIELD(hsrb_t, timeout, gsrb_t, timeout);
SAME_FIELD(hsrb_t, queue_sort_key, gsrb_t, queue_sort_key);
SAME_VALUE(HVSIM_SRB_LEN_WIN8, sizeof(gsrb_t));
SAME_VALUE(HVSIM_SRB_LEN_WIN7, sizeof(gsrb_t) - SVSC_SRB_WIN8_EXT);
SAME_VALUE(HVSIM_SRB_SENSE_MAX, SVSC_SENSE_WIN8);

SAME_SIZE(hprops_t, gprops_t);
SAME_FIELD(hprops_t, max_sub_channels, gprops_t, max_channels);
SAME_FIELD(hprops_t, flags, gprops_t, flags);
SAME_FIELD(hprops_t, max_transfer_bytes, gprops_t, max_transfer_bytes);

SAME_SIZE(hpkt_t, gpkt_t);
SAME_FIELD(hpkt_t, op, gpkt_t, operation);
SAME_FIELD(hpkt_t, flags, gpkt_t, flags);
SAME_FIELD(hpkt_t, status, gpkt_t, status);
SAME_FIELD(hpkt_t, srb, gpkt_t, srb);
SAME_FIELD(hpkt_t, props, gpkt_t, props);
SAME_FIELD(hpkt_t, version, gpkt_t, version.major_minor);
SAME_FIELD(hpkt_t, sub_channels, gpkt_t, sub_channel_count);
SAME_VALUE(HVSIM_VSTOR_HDR, offsetof(gpkt_t, srb));

SAME_VALUE(HVSIM_VSTOR_WIN7, SVSC_VSTOR_WIN7);
SAME_VALUE(HVSIM_VSTOR_WIN8, SVSC_VSTOR_WIN8);
SAME_VALUE(HVSIM_VSTOR_BLUE, SVSC_VSTOR_WIN8_1);
SAME_VALUE(HVSIM_VSTOR_THRESHOLD, SVSC_VSTOR_WIN10);

SAME_VALUE(HVSIM_VSTOR_COMPLETE_IO, SVSC_OP_COMPLETE_IO);
SAME_VALUE(HVSIM_VSTOR_REMOVE_DEVICE, SVSC_OP_REMOVE_DEVICE);
SAME_VALUE(HVSIM_VSTOR_EXECUTE_SRB, SVSC_OP_EXECUTE_SRB);
SAME_VALUE(HVSIM_VSTOR_RESET_LUN, SVSC_OP_RESET_LUN);
SAME_VALUE(HVSIM_VSTOR_RESET_ADAPTER, SVSC_OP_RESET_ADAPTER);
SAME_VALUE(HVSIM_VSTOR_RESET_BUS, SVSC_OP_RESET_BUS);
SAME_VALUE(HVSIM_VSTOR_BEGIN_INIT, SVSC_OP_BEGIN_INIT);
SAME_VALUE(HVSIM_VSTOR_END_INIT, SVSC_OP_END_INIT);
SAME_VALUE(HVSIM_VSTOR_QUERY_VERSION, SVSC_OP_QUERY_VERSION);
SAME_VALUE(HVSIM_VSTOR_QUERY_PROPERTIES, SVSC_OP_QUERY_PROPERTIES);
SAME_VALUE(HVSIM_VSTOR_ENUMERATE_BUS, SVSC_OP_ENUMERATE_BUS);
SAME_VALUE(HVSIM_VSTOR_FCHBA_DATA, SVSC_OP_FCHBA_DATA);
SAME_VALUE(HVSIM_VSTOR_CREATE_SUB_CHANNELS, SVSC_OP_CREATE_SUB_CHANNELS);

SAME_VALUE(HVSIM_VSTOR_FLAG_COMPLETION, SVSC_FLAG_REQUEST_COMPLETION);
SAME_VALUE(HVSIM_VSTOR_MULTI_CHANNEL, SVSC_PROP_MULTI_CHANNEL);
SAME_VALUE(HVSIM_VSTOR_DATA_IN, SVSC_DATA_IN);
SAME_VALUE(HVSIM_NT_SUCCESS, SVSC_STATUS_SUCCESS);

SAME_VALUE(HVSIM_SRB_SUCCESS, SVSC_SRB_SUCCESS);
SAME_VALUE(HVSIM_SRB_ABORTED, SVSC_SRB_ABORTED);
SAME_VALUE(HVSIM_SRB_ERROR, SVSC_SRB_ERROR);
SAME_VALUE(HVSIM_SRB_INVALID_REQUEST, SVSC_SRB_INVALID_REQUEST);
SAME_VALUE(HVSIM_SRB_SELECTION_TIMEOUT, SVSC_SRB_SELECTION_TIMEOUT);
SAME_VALUE(HVSIM_SRB_BUS_RESET, SVSC_SRB_BUS_RESET);
SAME_VALUE(HVSIM_SRB_DATA_OVERRUN, SVSC_SRB_DATA_OVERRUN);
SAME_VALUE(HVSIM_SRB_INVALID_LUN, SVSC_SRB_INVALID_LUN);
SAME_VALUE(HVSIM_SRB_AUTOSENSE_VALID, SVSC_SRB_AUTOSENSE_VALID);
