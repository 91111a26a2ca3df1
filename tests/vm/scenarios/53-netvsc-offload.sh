# SPDX-License-Identifier: GPL-2.0
# boot: slab
# append: slub_debug=U,kmalloc-*
# timeout: 300
# netvsc's task offloads between two NICs in two namespaces: the host's
# capabilities become the features (scatter-gather, RX checksums, TX
# checksums and TSO for IPv4 and IPv6) and the host is told what is on
# (its view: hv_sim's "net" file). TCP over IPv4 and IPv6 goes out as
# large sends the host cuts (its tx_lso and tx_lso_segs counters), UDP with
# the checksum left to the host (tx_csum), and the receiving NIC gets the
# host's checksum verdict (rx_csum_ok), with no checksum error on either
# side. ethtool -K turns TSO, TX and RX checksums off and on again while
# iperf3 runs: each change reaches the host, the guest stops asking for
# what is off, and the traffic goes on. Nothing leaks (exact slab and
# vmalloc checks).
# checks: setup features host_config tso_v4 tso_v6 udp_csum rx_csum
# checks: tso_off tx_off rx_off iperf_under_toggles all_on no_csum_errors unload slab vmalloc
G1=53c0ffee-0000-4000-8000-000000000001
G2=53c0ffee-0000-4000-8000-000000000002
# feature <ns> <dev> <ethtool -k name>: on or off
feature() { $1 ethtool -k $2 | sed -n "s/^[[:space:]]*$3: \([a-z]*\).*/\1/p"; }
# the host's offload configuration of NIC 1: TX checksums, RX checksums, LSO
cfg() { echo "$(nic_host $G1 csum_tx) $(nic_host $G1 csum_rx) $(nic_host $G1 lso)"; }
# TCP/UDP checksum errors the receiving namespace counted (snmp: a header
# line, then the values; snmp6: name value)
csum_errs() { B cat /proc/net/snmp /proc/net/snmp6 | awk '
	$1 == "Tcp:" || $1 == "Udp:" {
		if (seen[$1]) { for (i = 2; i <= NF; i++) if (h[$1, i] == "InCsumErrors") n += $i }
		else { seen[$1] = 1; for (i = 2; i <= NF; i++) h[$1, i] = $i }
	}
	$1 == "Udp6InCsumErrors" { n += $2 }
	END { print n + 0 }'; }
gooddput() { grep -q receiver "$1" && ! grep -q 'error' "$1"; }

leak_mark
nic_pair 53 $G1 $G2 && A ip addr add fd53::1/64 dev $I1 nodad && B ip addr add fd53::2/64 dev $I2 nodad &&
	A ping -c 1 -W 3 fd53::2 > /dev/null && pass setup "$I1 $I2" || { fail setup "$(dmesg | tail -5 | tr '\n' '|')"; exit 0; }
B iperf3 -s -D > /dev/null 2>&1
sleep 1

f=
for n in scatter-gather rx-checksumming tx-checksum-ipv4 tx-checksum-ipv6 tx-tcp-segmentation tx-tcp6-segmentation; do
	f="$f $n=$(feature A $I1 $n)"
done
echo "$f" | grep -q '=off' && fail features "$f" || pass features "$f"
# TCP and UDP over IPv4 and IPv6 both ways (0x1e: not the IPv4 header, which
# Linux computes), LSO for both versions
c=$(cfg)
[ "$c" = "0x1e 0x1e 0x3" ] && pass host_config "csum_tx csum_rx lso: $c" || fail host_config "csum_tx csum_rx lso: $c"

e0=$(csum_errs)
l0=$(nic_host $G1 tx_lso) s0=$(nic_host $G1 tx_lso_segs) r0=$(nic_host $G2 rx_csum_ok)
A iperf3 -c 10.53.0.2 -t 2 > /tmp/i4.out 2>&1
# (two segments a large send at least; no more at a debug kernel's rate,
# where TCP's autosizing sends tcp_min_tso_segs = 2)
l1=$(nic_host $G1 tx_lso) s1=$(nic_host $G1 tx_lso_segs)
[ $((l1 - l0)) -gt 10 ] && [ $((s1 - s0)) -ge $((2 * (l1 - l0))) ] && gooddput /tmp/i4.out &&
	pass tso_v4 "$((l1 - l0)) large sends cut into $((s1 - s0)) segments; $(grep receiver /tmp/i4.out | tr -s ' ')" ||
	fail tso_v4 "large sends $l0 -> $l1, segments $s0 -> $s1; $(tail -3 /tmp/i4.out | tr '\n' '|')"
A iperf3 -6 -c fd53::2 -t 2 > /tmp/i6.out 2>&1
l2=$(nic_host $G1 tx_lso) s2=$(nic_host $G1 tx_lso_segs)
[ $((l2 - l1)) -gt 10 ] && [ $((s2 - s1)) -ge $((2 * (l2 - l1))) ] && gooddput /tmp/i6.out &&
	pass tso_v6 "$((l2 - l1)) large sends cut into $((s2 - s1)) segments; $(grep receiver /tmp/i6.out | tr -s ' ')" ||
	fail tso_v6 "large sends $l1 -> $l2, segments $s1 -> $s2; $(tail -3 /tmp/i6.out | tr '\n' '|')"
c0=$(nic_host $G1 tx_csum)
A iperf3 -u -b 20M -c 10.53.0.2 -t 1 > /tmp/iu.out 2>&1
A iperf3 -6 -u -b 20M -c fd53::2 -t 1 >> /tmp/iu.out 2>&1
c1=$(nic_host $G1 tx_csum)
[ $((c1 - c0)) -gt 100 ] && [ "$(grep -c receiver /tmp/iu.out)" = 2 ] &&
	pass udp_csum "$((c1 - c0)) frames checksummed by the host" ||
	fail udp_csum "tx_csum $c0 -> $c1; $(grep -E 'receiver|error' /tmp/iu.out | tr '\n' '|')"
r1=$(nic_host $G2 rx_csum_ok)
[ $((r1 - r0)) -gt 100 ] && pass rx_csum "$((r1 - r0)) frames verified by the host for NIC 2" ||
	fail rx_csum "rx_csum_ok $r0 -> $r1"

# toggles while iperf3 runs; after each, the host's configuration and what
# the guest asks for (counters over a ping burst or the running stream)
# (a stream longer than any kernel needs for the changes, stopped after
# them: iperf3 prints what it sent and exits on SIGINT; "ip netns exec"
# execs it, so $! is iperf3)
/usr/bin/ip netns exec a iperf3 -c 10.53.0.2 -t 300 > /tmp/it.out 2>&1 &
IP=$!
sleep 1
# (a frame the stack built just before a change may still be on its way)
A ethtool -K $I1 tso off
c=$(cfg); usleep 200000; l0=$(nic_host $G1 tx_lso); sleep 1; l1=$(nic_host $G1 tx_lso)
[ "$c" = "0x1e 0x1e 0x0" ] && [ $l1 = $l0 ] && [ "$(feature A $I1 tx-tcp-segmentation)" = off ] &&
	pass tso_off "host: $c; no large send in 1 s of traffic" || fail tso_off "host: $c; tx_lso $l0 -> $l1"
A ethtool -K $I1 tx off
c=$(cfg); usleep 200000; t0=$(nic_host $G1 tx_csum); l0=$(nic_host $G1 tx_lso); sleep 1; t1=$(nic_host $G1 tx_csum); l1=$(nic_host $G1 tx_lso)
[ "$c" = "0x0 0x1e 0x0" ] && [ $t1 = $t0 ] && [ $l1 = $l0 ] &&
	pass tx_off "host: $c; nothing asked of it in 1 s of traffic" || fail tx_off "host: $c; tx_csum $t0 -> $t1, tx_lso $l0 -> $l1"
A ethtool -K $I1 rx off
c=$(cfg)
[ "$c" = "0x0 0x0 0x0" ] && [ "$(feature A $I1 rx-checksumming)" = off ] && pass rx_off "host: $c" || fail rx_off "host: $c"
A ethtool -K $I1 rx on tx on tso on
c=$(cfg)
# the stream ran through every change and a second more
sleep 1
kill -0 $IP 2> /dev/null && running=1 || running=0
kill -INT $IP
wait $IP
sent=$(grep ' sender$' /tmp/it.out | tr -s ' ')
[ $running = 1 ] && [ -n "$sent" ] && grep -q 'interrupt - the client has terminated' /tmp/it.out &&
	[ "$(grep -ci error /tmp/it.out)" = 0 ] && pass iperf_under_toggles "$sent" ||
	fail iperf_under_toggles "running after the changes: $running; $(tail -3 /tmp/it.out | tr '\n' '|')"
# a new connection takes the device's features as they are now (a running
# one keeps the ones it started with: the stack segments for it while TSO is off)
l0=$(nic_host $G1 tx_lso)
A iperf3 -c 10.53.0.2 -t 1 > /tmp/ia.out 2>&1
l1=$(nic_host $G1 tx_lso)
[ "$c" = "0x1e 0x1e 0x3" ] && [ $l1 -gt $l0 ] && gooddput /tmp/ia.out &&
	pass all_on "host: $c; large sends again: $l0 -> $l1" ||
	fail all_on "host: $c; tx_lso $l0 -> $l1; $(tail -2 /tmp/ia.out | tr '\n' '|')"
e1=$(csum_errs)
bad=$(A ethtool -S $I1 | awk '/tx_bad_offload|bad_offload_caps/ { n += $2 } END { print n + 0 }')
# (the host checks every frame it delivers to NIC 2: rx_csum_bad)
[ "$e1" = "$e0" ] && [ "$bad" = 0 ] && [ "$(nic_host $G1 bad_tx_offload)" = 0 ] && [ "$(nic_host $G2 rx_csum_bad)" = 0 ] &&
	pass no_csum_errors "receiver's checksum errors: $e0 -> $e1; host: none bad; guest and host: no bad offload" ||
	fail no_csum_errors "receiver's checksum errors $e0 -> $e1, host's $(nic_host $G2 rx_csum_bad), guest bad offloads $bad, nic_host $(nic_host $G1 bad_tx_offload)"

killall iperf3 2> /dev/null
nic_unload
leak_check
