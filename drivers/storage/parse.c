// SPDX-License-Identifier: GPL-2.0
/*
 * Checks and decoding of what the storage host sends (see parse.h).
 *
 * The decoding follows the SRB status the host (Windows' storport) sets,
 * the way the in-tree driver reads it, with the gaps filled in:
 *   - success (and "data overrun", which Windows also uses for a short
 *     transfer): the SCSI status and the bytes moved go up as they are;
 *   - a CHECK CONDITION with valid sense: the sense goes up and the
 *     midlayer decides; "something changed" conditions ask for a rescan
 *     and a retry: capacity data changed (2a/09), and target operating
 *     conditions changed (3f/xx, as in-tree: Hyper-V says so when a
 *     differencing disk changes the block size) except what the midlayer
 *     handles itself or what changes no geometry (3f/01 microcode, 3f/03
 *     inquiry data, 3f/0e reported LUNs);
 *   - any other SCSI status (BUSY, TASK SET FULL, RESERVATION CONFLICT):
 *     up as it is, the midlayer knows what to do with it;
 *   - otherwise the SRB code picks the host byte: no such LUN or target,
 *     selection timeout -> DID_NO_CONNECT (an invalid LUN also removes
 *     the device); busy -> DID_BUS_BUSY; timeouts -> DID_TIME_OUT; aborted
 *     or a bus reset -> DID_RESET (retried: the host dropped the command,
 *     the data did not fail); the other codes Windows defines (errors,
 *     invalid request, internal error 0x30, parity, ...) -> DID_ERROR,
 *     except that a TEST UNIT READY keeps DID_OK so that its status decides
 *     (some hosts fail it while a device is coming up); PENDING in a
 *     completion, or a code Windows does not define -> DID_ERROR, counted
 *     as the host's error.
 */
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/types.h>

#include "parse.h"

#define SVSC_HDR_LEN		12u	/* operation, flags, status */
#define SVSC_SCSI_TEST_UNIT_READY 0x00
#define SVSC_ASC_PARAMS_CHANGED	0x2a
#define SVSC_ASCQ_CAPACITY_CHANGED 0x09
#define SVSC_ASC_TARGET_CHANGED	0x3f
#define SVSC_ASCQ_MICROCODE_CHANGED 0x01
#define SVSC_ASCQ_INQUIRY_CHANGED 0x03
#define SVSC_ASCQ_LUNS_CHANGED	0x0e
#define SVSC_SRB_BUSY		0x05
#define SVSC_SRB_ABORT_FAILED	0x03
#define SVSC_SRB_PARITY_ERROR	0x0f
#define SVSC_SRB_REQUEST_SENSE_FAILED 0x10
#define SVSC_SRB_NO_HBA		0x11
#define SVSC_SRB_UNEXPECTED_BUS_FREE 0x13
#define SVSC_SRB_PHASE_SEQUENCE_FAILURE 0x14
#define SVSC_SRB_BAD_SRB_BLOCK_LENGTH 0x15
#define SVSC_SRB_INTERNAL_ERROR	0x30	/* Hyper-V: not processed (low resources) */

/**
 * svsc_pkt_size() - bytes of every VSTOR packet at a protocol version
 * @version:	the negotiated version, or 0 before negotiation
 *
 * Before negotiation the guest speaks the older, shorter format, which
 * every host version accepts.
 *
 * Return: SVSC_VSTOR_SIZE or SVSC_VSTOR_SIZE_WIN7.
 */
u32 svsc_pkt_size(u16 version)
{
	return version >= SVSC_VSTOR_WIN8 ? SVSC_VSTOR_SIZE : SVSC_VSTOR_SIZE_WIN7;
}

/**
 * svsc_parse_reply() - check one packet from the host
 * @data:	the packet's payload (a private copy)
 * @len:	its length, host padding included
 * @size:	the negotiated packet size (svsc_pkt_size()); a completion
 *		must be at least that long, a host notification at least
 *		its operation
 * @r:		filled in; only the first @size bytes of the body are read
 *
 * The type of packet is not known here, so the caller checks the
 * operation against what it expects (COMPLETE_IO for a completion,
 * ENUMERATE_BUS or REMOVE_DEVICE for a notification).
 *
 * Return: 0, or -EPROTO for a packet shorter than its operation needs.
 */
int svsc_parse_reply(const void *data, u32 len, u32 size, struct svsc_reply *r)
{
	struct svsc_vstor v;

	memset(r, 0, sizeof(*r));
	if (size != SVSC_VSTOR_SIZE && size != SVSC_VSTOR_SIZE_WIN7)
		return -EPROTO;
	if (len < sizeof(v.operation))
		return -EPROTO;
	memset(&v, 0, sizeof(v));
	memcpy(&v, data, len < size ? len : size);
	r->op = v.operation;
	r->sense_max = size == SVSC_VSTOR_SIZE ? SVSC_SENSE_WIN8 : SVSC_SENSE_WIN7;
	if (r->op == SVSC_OP_COMPLETE_IO && len < size)
		return -EPROTO;
	if (len < SVSC_HDR_LEN)
		return 0;
	r->status = v.status;
	memcpy(&r->srb, &v.srb, sizeof(r->srb));
	memcpy(&r->props, &v.props, sizeof(r->props));
	return 0;
}

static bool svsc_sense_rescan(const u8 *sense, u32 len)
{
	u8 asc, ascq;

	/* fixed format (0x70/0x71): ASC at 12; descriptor (0x72/0x73): at 2 */
	if (len < 14 && !(len >= 4 && (sense[0] & 0x7e) == 0x72))
		return false;
	if ((sense[0] & 0x7e) == 0x72) {
		asc = sense[2];
		ascq = sense[3];
	} else if ((sense[0] & 0x7e) == 0x70) {
		asc = sense[12];
		ascq = sense[13];
	} else {
		return false;
	}
	if (asc == SVSC_ASC_PARAMS_CHANGED && ascq == SVSC_ASCQ_CAPACITY_CHANGED)
		return true;
	return asc == SVSC_ASC_TARGET_CHANGED && ascq != SVSC_ASCQ_INQUIRY_CHANGED &&
	       ascq != SVSC_ASCQ_LUNS_CHANGED && ascq != SVSC_ASCQ_MICROCODE_CHANGED;
}

static void svsc_decode_code(u8 code, u8 opcode, struct svsc_outcome *o)
{
	switch (code) {
	case SVSC_SRB_INVALID_LUN:
		o->action = SVSC_ACT_REMOVE_LUN;
		o->host_byte = SVSC_DID_NO_CONNECT;
		break;
	case SVSC_SRB_NO_DEVICE:
	case SVSC_SRB_NO_HBA:
	case SVSC_SRB_INVALID_TARGET_ID:
	case SVSC_SRB_INVALID_PATH_ID:
	case SVSC_SRB_SELECTION_TIMEOUT:
		o->host_byte = SVSC_DID_NO_CONNECT;
		break;
	case SVSC_SRB_BUSY:
		o->host_byte = SVSC_DID_BUS_BUSY;
		break;
	case SVSC_SRB_TIMEOUT:
	case SVSC_SRB_COMMAND_TIMEOUT:
		o->host_byte = SVSC_DID_TIME_OUT;
		break;
	case SVSC_SRB_ABORTED:
	case SVSC_SRB_BUS_RESET:
	case SVSC_SRB_REQUEST_FLUSHED:
		o->host_byte = SVSC_DID_RESET;
		break;
	case SVSC_SRB_PENDING:
		o->bad |= SVSC_BAD_SRB_STATUS;
		o->host_byte = SVSC_DID_ERROR;
		break;
	case SVSC_SRB_ERROR:
	case SVSC_SRB_INVALID_REQUEST:
	case SVSC_SRB_ABORT_FAILED:
	case SVSC_SRB_PARITY_ERROR:
	case SVSC_SRB_REQUEST_SENSE_FAILED:
	case SVSC_SRB_UNEXPECTED_BUS_FREE:
	case SVSC_SRB_PHASE_SEQUENCE_FAILURE:
	case SVSC_SRB_BAD_SRB_BLOCK_LENGTH:
	case SVSC_SRB_BAD_FUNCTION:
	case SVSC_SRB_ERROR_RECOVERY:
	case SVSC_SRB_NOT_POWERED:
	case SVSC_SRB_LINK_DOWN:
	case SVSC_SRB_INTERNAL_ERROR:
		o->host_byte = opcode == SVSC_SCSI_TEST_UNIT_READY ? SVSC_DID_OK : SVSC_DID_ERROR;
		break;
	default:
		o->bad |= SVSC_BAD_SRB_STATUS;
		o->host_byte = SVSC_DID_ERROR;
		break;
	}
}

/**
 * svsc_decode_srb() - what a COMPLETE_IO means for the command
 * @r:		the checked completion (svsc_parse_reply())
 * @buf_len:	bytes of the command's data buffer
 * @opcode:	the command's operation code (the CDB sent; the host
 *		overwrote its copy with the sense)
 * @o:		filled in
 *
 * Every length the host gives is bounded here: the sense by what the
 * packet can hold, the bytes moved by the buffer. An answer out of bounds
 * is still used, clamped, and flagged in @o->bad for the caller to count.
 */
void svsc_decode_srb(const struct svsc_reply *r, u32 buf_len, u8 opcode,
		     struct svsc_outcome *o)
{
	const struct svsc_srb *srb = &r->srb;
	u8 code = SVSC_SRB_CODE(srb->srb_status);
	u32 sense = srb->sense_info_length;

	memset(o, 0, sizeof(*o));
	o->status = srb->scsi_status;
	if (code == SVSC_SRB_SUCCESS || code == SVSC_SRB_DATA_OVERRUN) {
		o->xfer = srb->data_transfer_length;
		if (o->xfer > buf_len) {
			o->bad |= SVSC_BAD_XFER_LEN;
			o->xfer = buf_len;
		}
		return;
	}
	if (srb->scsi_status == SVSC_SAM_CHECK_CONDITION &&
	    (srb->srb_status & SVSC_SRB_AUTOSENSE_VALID) && sense) {
		if (sense > r->sense_max) {
			o->bad |= SVSC_BAD_SENSE_LEN;
			sense = r->sense_max;
		}
		o->sense_len = sense;
		if (svsc_sense_rescan(srb->sense, sense)) {
			o->action = SVSC_ACT_RESCAN;
			o->host_byte = SVSC_DID_REQUEUE;
		}
		return;
	}
	if (srb->scsi_status != SVSC_SAM_GOOD && srb->scsi_status != SVSC_SAM_CHECK_CONDITION)
		return;
	svsc_decode_code(code, opcode, o);
}
