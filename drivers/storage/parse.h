/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What storvsc.ko makes of the host's packets: the VSTOR header and body
 * checked against the negotiated size, and an SRB's outcome decoded into
 * what the SCSI midlayer wants (host byte, status byte, sense, residual,
 * and whether the bus needs a rescan).
 *
 * Plain C with no knowledge of channels, commands or locks: it builds into
 * storvsc.ko and, unchanged, into tests/unit and tests/fuzz. It works on a
 * private copy of the packet (the caller copied it out of the ring) and
 * returns nothing that points into it.
 */
#ifndef _SVSC_PARSE_H
#define _SVSC_PARSE_H

#include <linux/types.h>

#include "vstor.h"

/*
 * Host bytes, numbered as the kernel's DID_* (include/scsi/scsi_status.h):
 * scsi.c checks at build time that they are the same.
 */
#define SVSC_DID_OK		0x00
#define SVSC_DID_NO_CONNECT	0x01
#define SVSC_DID_BUS_BUSY	0x02
#define SVSC_DID_TIME_OUT	0x03
#define SVSC_DID_ERROR		0x07
#define SVSC_DID_RESET		0x08
#define SVSC_DID_REQUEUE	0x0d

#define SVSC_SAM_GOOD		0x00
#define SVSC_SAM_CHECK_CONDITION 0x02

/* svsc_outcome.action: what the driver does besides completing the command */
#define SVSC_ACT_NONE		0
#define SVSC_ACT_RESCAN		1	/* the host's bus changed: scan it */
#define SVSC_ACT_REMOVE_LUN	2	/* the LUN is gone: remove its device */

/* svsc_outcome.bad: what was wrong with the host's answer (each counted) */
#define SVSC_BAD_SENSE_LEN	0x1	/* more sense than the version allows */
#define SVSC_BAD_XFER_LEN	0x2	/* more bytes moved than the buffer has */
#define SVSC_BAD_SRB_STATUS	0x4	/* pending, or a code of no meaning */

/**
 * struct svsc_reply - one packet from the host, checked
 * @op:		operation (SVSC_OP_*)
 * @status:	the host's status (an NTSTATUS; 0 for success)
 * @srb:	the body, for a completion of EXECUTE_SRB (only the bytes of
 *		the negotiated size were copied; the rest is zero)
 * @props:	the body, for a completion of QUERY_PROPERTIES
 * @sense_max:	sense bytes the body can hold at this size
 */
struct svsc_reply {
	u32 op;
	u32 status;
	struct svsc_srb srb;
	struct svsc_vstor_props props;
	u32 sense_max;
};

/**
 * struct svsc_outcome - an SRB's completion, decoded for the midlayer
 * @host_byte:	SVSC_DID_*
 * @status:	the SCSI status byte to report
 * @sense_len:	sense bytes to copy (from svsc_reply.srb.sense), 0 for none
 * @xfer:	bytes the host moved, at most the buffer's length (0 unless
 *		the SRB succeeded)
 * @action:	SVSC_ACT_*
 * @bad:	SVSC_BAD_*, 0 for a sane answer
 */
struct svsc_outcome {
	u8 host_byte;
	u8 status;
	u8 sense_len;
	u32 xfer;
	u8 action;
	u8 bad;
};

int svsc_parse_reply(const void *data, u32 len, u32 size, struct svsc_reply *r);
void svsc_decode_srb(const struct svsc_reply *r, u32 buf_len, u8 opcode,
		     struct svsc_outcome *o);
u32 svsc_pkt_size(u16 version);

#endif /* _SVSC_PARSE_H */
