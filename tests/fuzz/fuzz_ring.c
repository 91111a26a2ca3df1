// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: vmbus/ring.c, the VMBus ring buffer, against a hostile
 * host that owns the other end of two rings.
 *
 * Input layout (short inputs are zero-padded):
 *   [0..15]   setup: inbound write_index, our start position, outbound
 *             read_index, ring size selector, op count, two spare bytes
 *   [16..]    op count * 4 bytes of operations {op, a, b16}
 *   then      the inbound data area image (the host's packets)
 *
 * The ops interleave our reads, commits, writes, masking and flow control
 * with the host rewriting indices, control fields and data bytes between
 * any two of them; afterwards everything left is drained.
 *
 * Beyond what ASan/UBSan catch (the control page and each data area are
 * separate, exactly sized heap blocks), it checks ring.c's contract: only
 * the documented return codes; a packet handed out is self-consistent and
 * was within what the host published; -ENOBUFS says how much is needed;
 * our private positions stay valid; a broken ring stays broken and
 * refuses everything; a packet we write is found intact by an independent
 * reader with the trailer naming its start.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>

#include "../../vmbus/ring.h"

#define CHECK(c)	do { if (!(c)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fz {
	const uint8_t *in;
	size_t len;
	struct vmbus_ring rx, tx;
	u8 *rx_page, *rx_data, *tx_page, *tx_data;
	u32 size;
};

static u32 fz_get(const struct fz *f, size_t off, unsigned int n)
{
	u32 v = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		if (off + i < f->len)
			v |= (u32)f->in[off + i] << (8 * i);
	return v;
}

static bool fz_valid_pos(const struct fz *f, u32 pos)
{
	return pos < f->size && !(pos % 8);
}

/* After any operation: our private positions never leave the data area */
static void fz_invariants(const struct fz *f)
{
	CHECK(fz_valid_pos(f, f->rx.priv_read));
	CHECK(fz_valid_pos(f, f->rx.pub_read));
	CHECK(fz_valid_pos(f, f->tx.priv_write));
	CHECK(vmbus_ring_read_avail(&f->rx) < f->size);
	CHECK(vmbus_ring_write_avail(&f->rx) <= f->size);
	CHECK(vmbus_ring_read_avail(&f->tx) < f->size);
	CHECK(vmbus_ring_write_avail(&f->tx) <= f->size);
	if (f->rx.broken)
		CHECK(f->rx.broken_why && f->rx.broken_count);
	if (f->tx.broken)
		CHECK(f->tx.broken_why && f->tx.broken_count);
}

static void fz_read(struct fz *f, u32 buflen)
{
	bool was_broken = f->rx.broken;
	u32 before = f->rx.priv_read, pktlen = 0xdead;
	u32 wr = f->rx.hdr->write_index;
	u8 *buf = malloc(buflen ? buflen : 1);
	const void *pl;
	u32 pllen;
	int ret;

	CHECK(buf);
	ret = vmbus_ring_read(&f->rx, buf, buflen, &pktlen);
	switch (ret) {
	case 0:
		CHECK(!was_broken);
		CHECK(pktlen >= 16 && pktlen <= buflen && pktlen % 8 == 0);
		/* it and its trailer lay within what the host published */
		CHECK(fz_valid_pos(f, wr));
		CHECK(pktlen + 8 <= (wr + f->size - before) % f->size);
		CHECK(f->rx.priv_read == (before + pktlen + 8) % f->size);
		CHECK(!vmbus_pkt_payload(buf, pktlen, &pl, &pllen));
		CHECK((const u8 *)pl >= buf + 16 && pllen <= pktlen - 16);
		break;
	case -ENOBUFS:
		CHECK(!was_broken);
		CHECK(pktlen > buflen && pktlen <= VMBUS_PKT_MAX_LEN);
		CHECK(f->rx.priv_read == before);
		break;
	case -EAGAIN:
		CHECK(!was_broken && pktlen == 0);
		CHECK(f->rx.priv_read == before);
		break;
	case -EIO:
		CHECK(f->rx.broken && pktlen == 0);
		CHECK(f->rx.priv_read == before);
		break;
	default:
		abort();
	}
	free(buf);
}

/*
 * An independent look at the packet we just wrote at @start: descriptor,
 * payload bytes, zero padding, trailer.
 */
static void fz_check_written(const struct fz *f, u32 start, u32 len,
			     const u8 *payload, u32 plen)
{
	u32 i, padded = (len + 7) / 8 * 8;
	u64 trailer = 0;

	CHECK(((u32)f->tx_data[(start + 4) % f->size] |
	       (u32)f->tx_data[(start + 5) % f->size] << 8) * 8 == padded);
	for (i = 0; i < plen; i++)
		CHECK(f->tx_data[(start + 16 + i) % f->size] == payload[i]);
	for (i = len; i < padded; i++)
		CHECK(f->tx_data[(start + i) % f->size] == 0);
	for (i = 0; i < 8; i++)
		trailer |= (u64)f->tx_data[(start + padded + i) % f->size] << (8 * i);
	CHECK(trailer == (u64)start << 32);
	CHECK(f->tx.priv_write == (start + padded + 8) % f->size);
}

static void fz_write(struct fz *f, u32 plen, u8 fillbyte)
{
	struct vmbus_pkt_desc d = {
		.type = VMBUS_PKT_DATA_INBAND,
		.offset8 = 2,
		.len8 = (u16)((16 + plen + 7) / 8),
		.trans_id = plen,
	};
	struct vmbus_ring_vec v[2] = { { &d, sizeof(d) }, { NULL, plen } };
	bool was_broken = f->tx.broken, sig = true;
	u32 start = f->tx.priv_write, rd = f->tx.hdr->read_index;
	u8 *payload = malloc(plen ? plen : 1);
	int ret;

	CHECK(payload);
	memset(payload, fillbyte, plen);
	v[1].base = payload;
	ret = vmbus_ring_write(&f->tx, v, 2, &sig);
	switch (ret) {
	case 0:
		CHECK(!was_broken);
		CHECK(fz_valid_pos(f, rd));
		/* strictly more room than the packet took */
		CHECK(f->size - (start + f->size - rd) % f->size >
		      vmbus_ring_pkt_bytes(16 + plen));
		fz_check_written(f, start, 16 + plen, payload, plen);
		CHECK(f->tx.hdr->write_index == f->tx.priv_write);
		break;
	case -EAGAIN:
	case -EMSGSIZE:
		CHECK(!was_broken && !sig && f->tx.priv_write == start);
		break;
	case -EIO:
		CHECK(f->tx.broken && !sig && f->tx.priv_write == start);
		break;
	default:
		abort();
	}
	free(payload);
}

static void fz_op(struct fz *f, u8 op, u8 a, u16 b)
{
	static const u32 buflens[] = { 0, 8, 16, 24, 64, 256, 1024, 4096, 65536 };
	bool was_broken;

	switch (op % 12) {
	case 0:
		fz_read(f, buflens[a % ARRAY_SIZE(buflens)]);
		break;
	case 1:
		was_broken = f->rx.broken;
		if (vmbus_ring_read_commit(&f->rx))
			CHECK(f->rx.hdr->pending_send_sz &&
			      (f->rx.hdr->feature_bits & 1));
		if (!was_broken)
			CHECK(f->rx.hdr->read_index == f->rx.pub_read);
		break;
	case 2:		/* host publishes: usually aligned, sometimes not */
		f->rx.hdr->write_index = a & 0x80 ? (u32)b << 8 | a :
					 (u32)b * 8 % (2 * f->size);
		break;
	case 3:		/* host rewrites a data byte */
		f->rx_data[b % f->size] = a;
		break;
	case 4:
		fz_write(f, (u32)b % 9000, a);
		break;
	case 5:		/* host consumes */
		f->tx.hdr->read_index = a & 0x80 ? (u32)b << 8 | a :
					(u32)b * 8 % (2 * f->size);
		break;
	case 6:
		vmbus_ring_mask_intr(&f->rx);
		break;
	case 7:
		was_broken = f->rx.broken;
		if (vmbus_ring_unmask_intr(&f->rx))
			CHECK(!was_broken);
		else
			CHECK(was_broken || f->rx.broken ||
			      f->rx.hdr->write_index == f->rx.priv_read);
		break;
	case 8:		/* host flow control on the ring we read */
		f->rx.hdr->pending_send_sz = (u32)b * (a & 0xf);
		f->rx.hdr->feature_bits = a >> 4;
		break;
	case 9:
		vmbus_ring_set_pending_send(&f->tx, b);
		break;
	case 10:	/* host masks the ring we write */
		f->tx.hdr->interrupt_mask = a & 1;
		break;
	case 11:	/* host writes a whole descriptor at the write index */
		{
			u32 w = f->rx.hdr->write_index, i;
			u8 d[16] = { 6, 0, (u8)(a & 7), 0, (u8)b, (u8)(b >> 8) };

			if (!fz_valid_pos(f, w))
				break;
			for (i = 0; i < 16; i++)
				f->rx_data[(w + i) % f->size] = d[i];
			f->rx.hdr->write_index = (w + ((u32)a * 8)) % f->size;
		}
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static u8 buf[VMBUS_PKT_MAX_LEN];
	struct fz f = { .in = data, .len = size };
	u32 nops, i, img_off, start, pktlen;

	f.size = 4096 * (1 + fz_get(&f, 12, 1) % 3);
	nops = fz_get(&f, 13, 1);
	img_off = 16 + nops * 4;

	f.rx_page = malloc(VMBUS_RING_HDR_SIZE);
	f.tx_page = malloc(VMBUS_RING_HDR_SIZE);
	f.rx_data = calloc(1, f.size);
	f.tx_data = calloc(1, f.size);
	CHECK(f.rx_page && f.tx_page && f.rx_data && f.tx_data);
	CHECK(!vmbus_ring_init(&f.rx, f.rx_page, f.rx_data, f.size, true));
	CHECK(!vmbus_ring_init(&f.tx, f.tx_page, f.tx_data, f.size, false));
	if (img_off < size)
		memcpy(f.rx_data, data + img_off,
		       size - img_off < f.size ? size - img_off : f.size);

	/* start anywhere: as if earlier traffic had moved both ends there */
	start = fz_get(&f, 4, 4) % f.size / 8 * 8;
	f.rx.priv_read = f.rx.pub_read = start;
	f.rx.hdr->read_index = start;
	f.rx.hdr->write_index = fz_get(&f, 0, 4);
	f.tx.priv_write = start;
	f.tx.hdr->write_index = start;
	f.tx.hdr->read_index = fz_get(&f, 8, 4);

	for (i = 0; i < nops; i++) {
		size_t o = 16 + (size_t)i * 4;

		fz_op(&f, (u8)fz_get(&f, o, 1), (u8)fz_get(&f, o + 1, 1),
		      (u16)fz_get(&f, o + 2, 2));
		fz_invariants(&f);
	}

	/* drain: every read makes progress, so this ends */
	for (i = 0; i < f.size / 24 + 2; i++) {
		int ret;

		ret = vmbus_ring_read(&f.rx, buf, sizeof(buf), &pktlen);
		fz_invariants(&f);
		if (ret == -EAGAIN || ret == -EIO)
			break;
		CHECK(ret == 0);
	}
	vmbus_ring_read_commit(&f.rx);
	if (!f.rx.broken)
		CHECK(vmbus_ring_read(&f.rx, buf, 0, &pktlen) == -EAGAIN);

	free(f.rx_page);
	free(f.tx_page);
	free(f.rx_data);
	free(f.tx_data);
	return 0;
}
