// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: drivers/storage/parse.c, the checks and decoding of
 * what a Hyper-V storage host sends the synthetic SCSI controller.
 *
 * Input:	sel:1 buf_len:4 opcode:1 packet...
 *
 * Bit 0 of sel picks the negotiated packet size (0: 48, the older format;
 * 1: 64); buf_len (little-endian) is the command's buffer and opcode the
 * command it completes, for svsc_decode_srb(). The packet goes to
 * svsc_parse_reply() in a heap block of exactly its size, so that
 * AddressSanitizer sees any read past it, in libFuzzer and in replay alike.
 *
 * Beyond what ASan/UBSan catch, svsc_parse_reply()'s verdict and what it
 * read are checked against a reference taken from the protocol's byte
 * offsets (not from vstor.h's structs): refused when shorter than the
 * operation, or a completion shorter than the size; the header's status
 * only with a whole header; the body's bytes up to the size and zero past
 * it. Every packet taken is then decoded, as the driver would a completion,
 * and the outcome held to what the driver relies on: no more bytes moved
 * than the buffer holds and none unless the SRB succeeded, no more sense
 * than the packet holds and none without valid sense on a CHECK CONDITION,
 * a host byte of SVSC_DID_*, an action of SVSC_ACT_* that goes with it;
 * and for a failure without sense, the host byte, action and verdict of its
 * SRB code re-derived from the codes' numbers.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>

#include "drivers/storage/parse.h"

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

#define HDR		12u	/* operation, flags, status */
#define SRB_LEN		52u
#define PROPS_LEN	24u
#define PARAMS		6u	/* sel, buf_len, opcode */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* @got holds the first @n bytes of @want and zeros after, to @len */
static int copied(const void *got, const uint8_t *want, uint32_t n, uint32_t len)
{
	const uint8_t *g = got;
	uint32_t i;

	for (i = 0; i < len; i++)
		if (g[i] != (i < n ? want[i] : 0))
			return 0;
	return 1;
}

static int is_did(uint8_t h)
{
	switch (h) {
	case SVSC_DID_OK:
	case SVSC_DID_NO_CONNECT:
	case SVSC_DID_BUS_BUSY:
	case SVSC_DID_TIME_OUT:
	case SVSC_DID_ERROR:
	case SVSC_DID_RESET:
	case SVSC_DID_REQUEUE:
		return 1;
	default:
		return 0;
	}
}

/* SRB codes Windows defines: the pending code 0 has no meaning in a completion */
static int code_known(uint8_t code)
{
	return (code >= 0x01 && code <= 0x0b) || (code >= 0x0e && code <= 0x16) ||
	       (code >= 0x20 && code <= 0x25) || code == 0x30;
}

/* the host byte of an SRB code, for a failure without sense (parse.c's comment) */
static uint8_t code_host(uint8_t code, uint8_t opcode)
{
	switch (code) {
	case 0x20: case 0x21: case 0x07: case 0x08: case 0x0a: case 0x11:
		return SVSC_DID_NO_CONNECT;	/* no LUN, target, path, HBA; selection timeout */
	case 0x05:
		return SVSC_DID_BUS_BUSY;
	case 0x09: case 0x0b:
		return SVSC_DID_TIME_OUT;
	case 0x02: case 0x0e: case 0x16:
		return SVSC_DID_RESET;		/* aborted, bus reset, flushed */
	default:
		if (code_known(code) && opcode == 0x00)
			return SVSC_DID_OK;	/* TEST UNIT READY: its status decides */
		return SVSC_DID_ERROR;
	}
}

static void fuzz_decode(const struct svsc_reply *r, uint32_t buf_len, uint8_t opcode)
{
	const struct svsc_srb *srb = &r->srb;
	uint8_t code = srb->srb_status & 0x3f;
	int ok = code == SVSC_SRB_SUCCESS || code == SVSC_SRB_DATA_OVERRUN;
	int sense = !ok && srb->scsi_status == SVSC_SAM_CHECK_CONDITION &&
		    (srb->srb_status & SVSC_SRB_AUTOSENSE_VALID) && srb->sense_info_length;
	struct svsc_outcome o;

	memset(&o, 0xa5, sizeof(o));
	svsc_decode_srb(r, buf_len, opcode, &o);

	CHECK(is_did(o.host_byte));
	CHECK(o.action <= 2);
	CHECK(!(o.bad & ~(SVSC_BAD_SENSE_LEN | SVSC_BAD_XFER_LEN | SVSC_BAD_SRB_STATUS)));
	CHECK(o.status == srb->scsi_status);

	/* bytes moved: only on success, never more than the buffer */
	CHECK(o.xfer <= buf_len);
	if (ok) {
		CHECK(o.xfer == (srb->data_transfer_length < buf_len ?
				 srb->data_transfer_length : buf_len));
		CHECK(!!(o.bad & SVSC_BAD_XFER_LEN) == (srb->data_transfer_length > buf_len));
		CHECK(o.host_byte == SVSC_DID_OK && o.action == SVSC_ACT_NONE);
		CHECK(!o.sense_len);
	} else {
		CHECK(!o.xfer && !(o.bad & SVSC_BAD_XFER_LEN));
	}

	/* sense: only valid sense of a CHECK CONDITION, at most the packet's */
	CHECK(o.sense_len <= r->sense_max);
	CHECK(r->sense_max <= sizeof(srb->sense));
	if (sense) {
		CHECK(o.sense_len == (srb->sense_info_length < r->sense_max ?
				      srb->sense_info_length : r->sense_max));
		CHECK(!!(o.bad & SVSC_BAD_SENSE_LEN) == (srb->sense_info_length > r->sense_max));
		CHECK(o.host_byte == SVSC_DID_OK || o.host_byte == SVSC_DID_REQUEUE);
		CHECK(!(o.bad & SVSC_BAD_SRB_STATUS));
	} else {
		CHECK(!o.sense_len && !(o.bad & SVSC_BAD_SENSE_LEN));
	}

	/* the action and its host byte go together */
	CHECK((o.action == SVSC_ACT_RESCAN) == (o.host_byte == SVSC_DID_REQUEUE));
	CHECK(o.action != SVSC_ACT_RESCAN || sense);
	CHECK(o.action != SVSC_ACT_REMOVE_LUN ||
	      (o.host_byte == SVSC_DID_NO_CONNECT && code == SVSC_SRB_INVALID_LUN));

	if (ok || sense)
		return;
	/* any other SCSI status goes up as it is */
	if (srb->scsi_status != SVSC_SAM_GOOD && srb->scsi_status != SVSC_SAM_CHECK_CONDITION) {
		CHECK(o.host_byte == SVSC_DID_OK && o.action == SVSC_ACT_NONE && !o.bad);
		return;
	}
	/* otherwise the code decides */
	CHECK(o.host_byte == code_host(code, opcode));
	CHECK(o.action == (code == SVSC_SRB_INVALID_LUN ? SVSC_ACT_REMOVE_LUN : SVSC_ACT_NONE));
	CHECK(o.bad == (code_known(code) ? 0 : SVSC_BAD_SRB_STATUS));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct svsc_reply r;
	uint32_t psize, buf_len, len, n, op;
	uint8_t opcode, *buf;
	int want, ret;

	if (size < PARAMS || size > (1u << 20))
		return 0;
	psize = data[0] & 1 ? 64 : 48;
	buf_len = le32(data + 1);
	opcode = data[5];
	len = (uint32_t)(size - PARAMS);

	/* the host's bytes, in a block of exactly their size */
	buf = malloc(len ? len : 1);
	CHECK(buf);
	memcpy(buf, data + PARAMS, len);

	op = len >= 4 ? le32(buf) : 0;
	want = len < 4 || (op == SVSC_OP_COMPLETE_IO && len < psize) ? -EPROTO : 0;
	memset(&r, 0xa5, sizeof(r));
	ret = svsc_parse_reply(buf, len, psize, &r);
	CHECK(ret == want);
	if (!ret) {
		n = (len < psize ? len : psize);
		CHECK(r.op == op);
		CHECK(r.sense_max == (psize == 64 ? 20u : 18u));
		if (len < HDR) {
			CHECK(r.status == 0);
			CHECK(copied(&r.srb, NULL, 0, SRB_LEN));
			CHECK(copied(&r.props, NULL, 0, PROPS_LEN));
		} else {
			CHECK(r.status == le32(buf + 8));
			CHECK(copied(&r.srb, buf + HDR, n - HDR, SRB_LEN));
			CHECK(copied(&r.props, buf + HDR,
				     n - HDR < PROPS_LEN ? n - HDR : PROPS_LEN, PROPS_LEN));
		}
		fuzz_decode(&r, buf_len, opcode);
	} else {
		CHECK(r.status == 0);
		CHECK(copied(&r.srb, NULL, 0, SRB_LEN));
	}

	/* a size that is no packet size is refused whatever the packet */
	ret = svsc_parse_reply(buf, len, psize - 1, &r);
	CHECK(ret == -EPROTO);
	free(buf);
	return 0;
}
