// SPDX-License-Identifier: GPL-2.0
/*
 * vRSS, the host's half: which channel a received frame goes to, and which
 * channel the guest should send on.
 *
 * Receive. Once the guest has set OID_GEN_RECEIVE_SCALE_PARAMETERS (a
 * 40-byte key, the enabled hash types, an indirection table of channel
 * numbers), every frame for the NIC is hashed as a Windows NIC hashes
 * (Toeplitz over source and destination address, and ports for TCP, or
 * for UDP when a UDP type is enabled: net_pkt.c has the rules) and goes to
 * the receive queue table[hash & 127]: the host's table always has 128
 * entries (a shorter one from the guest is repeated, as openvmm does), and
 * NDIS indexes it with the hash's low bits, which for a power-of-two table
 * is hash % entries. The frame carries the hash value and the hash
 * information (type | Toeplitz) as per-packet info. A frame no enabled
 * type describes (ARP, IPv6 when only IPv4 types are on, ...) gets no hash
 * and goes to the primary, as NDIS's "non-RSS" receive processing sends it
 * to the default queue; so does one whose table entry names a channel that
 * is not open. Without RSS everything goes to the primary, unhashed.
 *
 * Send. After a SUBCHANNEL request is granted and every channel it asked
 * for is open (the primary and the sub-channels), the primary sends
 * NVSP 5's SEND_INDIRECTION_TABLE once: 16 entries, entry i = i % channels
 * open, the table 12 bytes into the message, in-band without a
 * completion. All of it as openvmm (netvsp lib.rs:
 * guest_send_indirection_table(), sent when num_sub_channels_opened
 * reaches requested_num_queues, tx_spread_sent reset by each request).
 *
 * Context: pick and check under the receiving NIC's lock (any channel's
 * work, another NIC's forwarding, open/close); the table from the primary's
 * I/O work; the OID from the primary's work; open/close under
 * hvsim_vmbus.lock with the channel's work stopped.
 */
#include "net_host.h"

/**
 * hvsim_net_rss_pick_locked() - the receive queue for a frame, and its hash
 * @net:	the receiving NIC
 * @f:		the frame
 * @e:		its queue entry: hash and hash_info are filled in (0: none)
 *
 * Context: net->lock held.
 * Return: the queue (a channel's sub_index); its channel is open.
 */
u32 hvsim_net_rss_pick_locked(struct hvsim_net *net, const struct hvsim_net_frame *f,
			      struct hvsim_net_qent *e)
{
	u32 hash, type, q;

	lockdep_assert_held(&net->lock);
	e->hash = 0;
	e->hash_info = 0;
	if (!net->rss_enabled ||
	    hvsim_pkt_rss_hash(net->rss_key, net->rss_hash, f->data, f->len, &hash, &type))
		return 0;
	e->hash = hash;
	e->hash_info = type | HVSIM_NDIS_HASH_TOEPLITZ;
	BUILD_BUG_ON(HVSIM_NDIS_RSS_TABLE_MAX & (HVSIM_NDIS_RSS_TABLE_MAX - 1));
	q = net->rss_table[hash & (HVSIM_NDIS_RSS_TABLE_MAX - 1)];
	return q < ARRAY_SIZE(net->rxq) && net->rxq[q].chan ? q : 0;
}

/**
 * hvsim_net_rss_check_locked() - queue the send indirection table if the
 * channels the guest asked for are all open now
 * @net:	the NIC
 *
 * Context: net->lock held.
 */
void hvsim_net_rss_check_locked(struct hvsim_net *net)
{
	lockdep_assert_held(&net->lock);
	if (!net->sub_granted || net->table_sent || net->nchan_open != net->sub_granted + 1)
		return;
	net->table_sent = true;
	net->table_pending = true;
	hvsim_net_kick_locked(net);
}

/**
 * hvsim_net_send_table() - send the send indirection table, if it waits
 * @net:	the NIC
 * @chan:	its primary channel
 *
 * Context: the primary channel's I/O work.
 * Return: 1 if it went out (or was lost), 0 if none waited.
 */
int hvsim_net_send_table(struct hvsim_net *net, struct hvsim_vchan *chan)
{
	struct {
		struct hvsim_nvsp_send_table h;
		u32 table[HVSIM_NVSP_SEND_TABLE_SIZE];
	} m = {
		.h = {
			.type = HVSIM_NVSP_SEND_INDIRECTION_TABLE,
			.count = HVSIM_NVSP_SEND_TABLE_SIZE,
			.offset = sizeof(m.h),
		},
	};
	u32 n, i;
	int ret;

	spin_lock(&net->lock);
	n = net->table_pending ? net->nchan_open : 0;
	net->table_pending = false;
	spin_unlock(&net->lock);
	if (!n)
		return 0;
	for (i = 0; i < HVSIM_NVSP_SEND_TABLE_SIZE; i++)
		m.table[i] = i % n;
	ret = hvsim_vchan_send(chan, HVSIM_VMPKT_DATA_INBAND, 0, 0, &m, sizeof(m));
	if (ret)
		pr_warn_ratelimited("net: relid %u: send indirection table not sent (%d)\n",
				    chan->relid, ret);
	else
		hvsim_net_count(net, SEND_TABLES);
	return 1;
}

/**
 * hvsim_net_rss_set() - OID_GEN_RECEIVE_SCALE_PARAMETERS
 * @net:	the NIC
 * @info:	the NDIS_RECEIVE_SCALE_PARAMETERS
 * @len:	its bytes
 *
 * As openvmm: disabled by the DISABLE flag or a hash function of 0;
 * otherwise a key of 40 bytes and a table of whole 4-byte entries, each
 * naming one of the NIC's queues; more than 128 entries are cut, fewer
 * repeated up to 128. The *_UNCHANGED flags are ignored (openvmm too).
 *
 * Context: the primary channel's I/O work.
 * Return: an NDIS status.
 */
u32 hvsim_net_rss_set(struct hvsim_net *net, const u8 *info, u32 len)
{
	u16 table[HVSIM_NDIS_RSS_TABLE_MAX];
	struct hvsim_ndis_rss_params p = {};
	u32 i, n, entry;

	if (len < sizeof(p.hdr))
		return HVSIM_NDIS_INVALID_LENGTH;
	memcpy(&p, info, min_t(u32, len, sizeof(p)));
	if (p.hdr.type != HVSIM_NDIS_OBJ_RSS_PARAMETERS ||
	    p.hdr.size < HVSIM_NDIS_RSS_PARAMS_SIZE_REV1 || p.hdr.size > len)
		return HVSIM_NDIS_INVALID_DATA;
	if ((p.flags & HVSIM_NDIS_RSS_FLAG_DISABLE) ||
	    !(p.hash_info & HVSIM_NDIS_HASH_FUNCTION_MASK)) {
		spin_lock(&net->lock);
		net->rss_enabled = false;
		spin_unlock(&net->lock);
		return HVSIM_NDIS_SUCCESS;
	}
	if (p.key_size != HVSIM_NDIS_RSS_KEY_SIZE || p.key_offset > len ||
	    len - p.key_offset < HVSIM_NDIS_RSS_KEY_SIZE)
		return HVSIM_NDIS_INVALID_DATA;
	if (!p.table_size || p.table_size % sizeof(u32) || p.table_offset > len ||
	    len - p.table_offset < p.table_size)
		return HVSIM_NDIS_INVALID_DATA;
	n = min_t(u32, p.table_size / sizeof(u32), HVSIM_NDIS_RSS_TABLE_MAX);
	for (i = 0; i < n; i++) {
		memcpy(&entry, info + p.table_offset + i * sizeof(u32), sizeof(entry));
		if (entry >= net->dev->max_channels)
			return HVSIM_NDIS_INVALID_DATA;
		table[i] = entry;
	}
	for (; i < HVSIM_NDIS_RSS_TABLE_MAX; i++)
		table[i] = table[i % n];
	spin_lock(&net->lock);
	memcpy(net->rss_key, info + p.key_offset, HVSIM_NDIS_RSS_KEY_SIZE);
	memcpy(net->rss_table, table, sizeof(table));
	net->rss_hash = p.hash_info;
	net->rss_enabled = true;
	spin_unlock(&net->lock);
	return HVSIM_NDIS_SUCCESS;
}

/**
 * hvsim_net_chan_open() - a channel of the NIC opened: it serves its queue
 * @net:	the NIC
 * @chan:	the channel
 *
 * Context: open, hvsim_vmbus.lock held, @chan's work not running yet.
 */
void hvsim_net_chan_open(struct hvsim_net *net, struct hvsim_vchan *chan)
{
	spin_lock(&net->lock);
	net->rxq[chan->sub_index].chan = chan;
	if (!chan->sub_index)
		net->primary = chan;
	net->nchan_open++;
	hvsim_net_rss_check_locked(net);
	spin_unlock(&net->lock);
}

/**
 * hvsim_net_chan_close() - a channel of the NIC closes: no more frames for
 * it, no more kicks; a sub-channel's waiting frames move to the primary
 * (where RSS sends them now) and its transfers are forgotten
 * @net:	the NIC
 * @chan:	the channel
 *
 * Context: close, hvsim_vmbus.lock held, @chan's work stopped.
 */
void hvsim_net_chan_close(struct hvsim_net *net, struct hvsim_vchan *chan)
{
	struct hvsim_net_rxq *q = &net->rxq[chan->sub_index], *pq = &net->rxq[0];
	struct hvsim_net_qent e;
	u32 dropped = 0;

	spin_lock(&net->lock);
	q->chan = NULL;
	if (!chan->sub_index)
		net->primary = NULL;
	net->nchan_open--;
	while (chan->sub_index && q->len) {
		e = q->ring[q->head];
		q->ring[q->head].f = NULL;
		q->head = (q->head + 1) % HVSIM_NET_QUEUE_MAX;
		q->len--;
		if (pq->chan && pq->len < HVSIM_NET_QUEUE_MAX) {
			pq->ring[(pq->head + pq->len) % HVSIM_NET_QUEUE_MAX] = e;
			pq->len++;
			hvsim_net_kick_locked(net);
		} else {
			hvsim_net_frame_put(e.f);
			dropped++;
		}
	}
	spin_unlock(&net->lock);
	hvsim_net_add(net, DROPPED_QUEUE_FULL, dropped);
	if (chan->sub_index)
		hvsim_net_xfers_free(net, chan->sub_index);
}
