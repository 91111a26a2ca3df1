# SPDX-License-Identifier: GPL-2.0
# boot: slab
# append: slub_debug=U,kmalloc-*
# timeout: 300
# Receive segment coalescing between two NICs of hv_sim made with rsc=1:
# the host offers it, netvsc makes it large-receive-offload (on by
# default) and enables it for IPv4 and IPv6 (the host's rsc_on). A TCP
# stream's large sends then reach the receiver as coalesced packets of
# many sub-allocations (the host's tx_rsc, rx_rsc, rx_rsc_frags), which
# netvsc puts together (ethtool -S rx<N>_rsc_packets) with the IPv4 header
# checksum recomputed and no checksum error; a file fetched over HTTP
# (busybox httpd and wget) arrives intact over both IP versions. LRO off,
# RX checksums off (which takes LRO with it until they are back) and IP
# forwarding (the core turns LRO off) each stop coalescing at the host.
# The bad_rsc knob ends coalesced packets without their last piece: each
# is dropped and counted once (rsc_broken) and the stream goes on. Nothing
# leaks (exact slab and vmalloc checks).
# checks: setup lro_default rsc_v4 rsc_v6 intact_v4 intact_v6 lro_off rx_off_takes_lro
# checks: forwarding_off bad_rsc after_faults no_csum_errors unload slab vmalloc
G1=56c0ffee-0000-4000-8000-000000000001
G2=56c0ffee-0000-4000-8000-000000000002
feature() { $1 ethtool -k $2 | sed -n "s/^[[:space:]]*$3: \([a-z]*\).*/\1/p"; }
# the receiving guest's counters, all queues summed
guest_stat() { B ethtool -S $I2 | awk -v re="$1" '$1 ~ re { n += $2 } END { print n + 0 }'; }
csum_errs() { B cat /proc/net/snmp | awk '
	$1 == "Tcp:" { if (seen) { for (i = 2; i <= NF; i++) if (h[i] == "InCsumErrors") n += $i }
		       else { seen = 1; for (i = 2; i <= NF; i++) h[i] = $i } }
	END { print n + 0 }'; }
gooddput() { grep -q receiver "$1" && ! grep -q 'error' "$1"; }
# coalesced <addr> <ipv>: a 2 s stream from A to B; sets d_tx d_rx d_frags d_guest
coalesced() {
	local t0 r0 f0 g0
	t0=$(nic_host $G1 tx_rsc) r0=$(nic_host $G2 rx_rsc) f0=$(nic_host $G2 rx_rsc_frags) g0=$(guest_stat 'rx[0-9]+_rsc_packets:')
	A iperf3 -$2 -c $1 -t 2 > /tmp/i$2.out 2>&1
	d_tx=$(($(nic_host $G1 tx_rsc) - t0)) d_rx=$(($(nic_host $G2 rx_rsc) - r0))
	d_frags=$(($(nic_host $G2 rx_rsc_frags) - f0)) d_guest=$(($(guest_stat 'rx[0-9]+_rsc_packets:') - g0))
}
# intact <host>: 8 MiB that A's web server sends, B fetches unchanged
intact() {
	rm -f /tmp/rx.bin
	B busybox wget -q -O /tmp/rx.bin "http://$1:8056/tx.bin" > /tmp/iw.out 2>&1 &&
		cmp -s /tmp/www/tx.bin /tmp/rx.bin
}

leak_mark
nic_pair 56 $G1 $G2 rsc=1 rsc=1 && A ip addr add fd56::1/64 dev $I1 nodad &&
	B ip addr add fd56::2/64 dev $I2 nodad && A ping -c 1 -W 3 fd56::2 > /dev/null &&
	pass setup "$I1 $I2" || { fail setup "$(dmesg | tail -5 | tr '\n' '|')"; exit 0; }
B iperf3 -s -D > /dev/null 2>&1
mkdir -p /tmp/www && dd if=/dev/urandom of=/tmp/www/tx.bin bs=1M count=8 2> /dev/null
A busybox httpd -p 8056 -h /tmp/www
sleep 1

l=$(feature B $I2 large-receive-offload)
[ "$l" = on ] && [ "$(nic_host $G2 rsc_on)" = 0x3 ] && pass lro_default "lro $l; host: rsc_on $(nic_host $G2 rsc_on)" ||
	fail lro_default "lro $l; host: $(nic_host $G2 rsc_on)"

e0=$(csum_errs)
coalesced 10.56.0.2 4
# a coalesced packet is two segments or more, two sub-allocations or more; the guest put
# every one together
[ $d_rx -gt 10 ] && [ $d_rx -le $d_tx ] && [ $d_frags -ge $((2 * d_rx)) ] && [ $d_guest = $d_rx ] && gooddput /tmp/i4.out &&
	pass rsc_v4 "$d_rx coalesced packets of $d_frags pieces; $(grep receiver /tmp/i4.out | tr -s ' ')" ||
	fail rsc_v4 "tx_rsc +$d_tx rx_rsc +$d_rx frags +$d_frags guest +$d_guest; $(tail -3 /tmp/i4.out | tr '\n' '|')"
coalesced fd56::2 6
[ $d_rx -gt 10 ] && [ $d_rx -le $d_tx ] && [ $d_frags -ge $((2 * d_rx)) ] && [ $d_guest = $d_rx ] && gooddput /tmp/i6.out &&
	pass rsc_v6 "$d_rx coalesced packets of $d_frags pieces; $(grep receiver /tmp/i6.out | tr -s ' ')" ||
	fail rsc_v6 "tx_rsc +$d_tx rx_rsc +$d_rx frags +$d_frags guest +$d_guest; $(tail -3 /tmp/i6.out | tr '\n' '|')"
r0=$(nic_host $G2 rx_rsc)
intact 10.56.0.1 && [ $(nic_host $G2 rx_rsc) -gt $r0 ] && pass intact_v4 "8 MiB, $(($(nic_host $G2 rx_rsc) - r0)) coalesced packets" ||
	fail intact_v4 "$(ls -l /tmp/rx.bin 2>&1); rx_rsc $r0 -> $(nic_host $G2 rx_rsc); $(tr '\n' '|' < /tmp/iw.out)"
r0=$(nic_host $G2 rx_rsc)
intact '[fd56::1]' && [ $(nic_host $G2 rx_rsc) -gt $r0 ] && pass intact_v6 "8 MiB, $(($(nic_host $G2 rx_rsc) - r0)) coalesced packets" ||
	fail intact_v6 "$(ls -l /tmp/rx.bin 2>&1); rx_rsc $r0 -> $(nic_host $G2 rx_rsc); $(tr '\n' '|' < /tmp/iw.out)"

# LRO off: the host is told, and cuts the large sends for this receiver again
B ethtool -K $I2 lro off
s0=$(nic_host $G1 tx_lso_segs)
coalesced 10.56.0.2 4
[ "$(nic_host $G2 rsc_on)" = 0x0 ] && [ $d_tx = 0 ] && [ $d_guest = 0 ] &&
	[ $(nic_host $G1 tx_lso_segs) -gt $s0 ] && gooddput /tmp/i4.out &&
	pass lro_off "host: rsc_on $(nic_host $G2 rsc_on); segments again: $s0 -> $(nic_host $G1 tx_lso_segs)" ||
	fail lro_off "host: rsc_on $(nic_host $G2 rsc_on); tx_rsc +$d_tx guest +$d_guest; $(tail -2 /tmp/i4.out | tr '\n' '|')"
B ethtool -K $I2 lro on
# RX checksums off takes LRO with it (a coalesced packet's checksum is the host's word), and back
B ethtool -K $I2 rx off
l1=$(feature B $I2 large-receive-offload) h1=$(nic_host $G2 rsc_on)
B ethtool -K $I2 rx on
l2=$(feature B $I2 large-receive-offload) h2=$(nic_host $G2 rsc_on)
[ "$l1 $h1 $l2 $h2" = "off 0x0 on 0x3" ] && pass rx_off_takes_lro "rx off: lro $l1, host $h1; rx on: lro $l2, host $h2" ||
	fail rx_off_takes_lro "rx off: lro $l1, host $h1; rx on: lro $l2, host $h2"
# forwarding: the core turns LRO off on the namespace's devices
B sysctl -q -w net.ipv4.ip_forward=1
l1=$(feature B $I2 large-receive-offload) h1=$(nic_host $G2 rsc_on)
B sysctl -q -w net.ipv4.ip_forward=0
B ethtool -K $I2 lro on
[ "$l1 $h1" = "off 0x0" ] && [ "$(nic_host $G2 rsc_on)" = 0x3 ] &&
	pass forwarding_off "forwarding: lro $l1, host $h1; after: host $(nic_host $G2 rsc_on)" ||
	fail forwarding_off "forwarding: lro $l1, host $h1; after: host $(nic_host $G2 rsc_on)"

# three coalesced packets without their last piece: each dropped once, the stream goes on
b0=$(guest_stat '^rsc_broken:') i0=$(nic_host $G2 faults_injected)
echo "$G2 bad_rsc=3" > $D/hv_sim/net_ctl
coalesced 10.56.0.2 4
b1=$(guest_stat '^rsc_broken:') i1=$(nic_host $G2 faults_injected)
[ $((b1 - b0)) = 3 ] && [ $((i1 - i0)) = 3 ] && [ "$(nic_host $G2 fault_bad_rsc)" = 0 ] && gooddput /tmp/i4.out &&
	pass bad_rsc "rsc_broken $b0 -> $b1; $(grep receiver /tmp/i4.out | tr -s ' ')" ||
	fail bad_rsc "rsc_broken $b0 -> $b1, injected $i0 -> $i1; $(tail -2 /tmp/i4.out | tr '\n' '|')"
intact 10.56.0.1 && pass after_faults "8 MiB intact after the faults" ||
	fail after_faults "$(ls -l /tmp/rx.bin 2>&1); $(tr '\n' '|' < /tmp/iw.out)"

e1=$(csum_errs)
bad=$(guest_stat '^(bad_rndis|bad_receive_ranges|rx_no_memory):')
[ "$e1" = "$e0" ] && [ "$bad" = 0 ] && [ "$(nic_host $G2 rx_csum_bad)" = 0 ] &&
	pass no_csum_errors "receiver's TCP checksum errors: $e0 -> $e1; no other receive error" ||
	fail no_csum_errors "receiver's TCP checksum errors $e0 -> $e1; bad_rndis/ranges/no_memory $bad; host rx_csum_bad $(nic_host $G2 rx_csum_bad)"

killall iperf3 2> /dev/null
killall httpd 2> /dev/null
rm -rf /tmp/www /tmp/rx.bin
nic_unload
leak_check
