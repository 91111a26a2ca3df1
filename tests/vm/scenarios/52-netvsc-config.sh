# SPDX-License-Identifier: GPL-2.0
# boot: slab
# append: slub_debug=U,kmalloc-*
# timeout: 400
# netvsc's settings that rebuild the connection to the host (the MTU, which
# the NDIS configuration announces once; buffer sizes, ethtool -G; queues,
# ethtool -L), changed on two NICs in two namespaces while iperf3 runs
# between them: every change takes effect, traffic goes on afterwards, bad
# values are refused with -EINVAL and change nothing, the host's refusal of
# an MTU leaves the old one working. ethtool -i/-S/-l/-g/-x report the
# state; ethtool -X gives the host a new indirection table.
# Nothing leaks across the rebuilds (exact slab and vmalloc checks).
# checks: setup ethtool_i ethtool_l ethtool_g mtu_9000 ping_9000 mtu_host_refused
# checks: mtu_bad mtu_back iperf_under_changes channels_1 channels_2 channels_bad
# checks: ring_set ring_bad rss_get rss_set unload slab vmalloc
G1=52c0ffee-0000-4000-8000-000000000001
G2=52c0ffee-0000-4000-8000-000000000002
# TX queues the stack sees (the glob must expand inside the namespace)
qcount() { A sh -c "ls -d /sys/class/net/$I1/queues/tx-* | wc -l"; }

leak_mark
nic_pair 52 $G1 $G2 "mtu_max=9000" && pass setup "$I1 $I2" || { fail setup "$(dmesg | tail -5 | tr '\n' '|')"; exit 0; }

out=$(A ethtool -i $I1)
echo "$out" | grep -q '^driver: hv_netvsc$' && echo "$out" | grep -q '^firmware-version: NVSP 0x60001 NDIS 6.30' &&
	pass ethtool_i "$(echo "$out" | head -3 | tr '\n' ' ')" || fail ethtool_i "$out"
out=$(A ethtool -l $I1)
echo "$out" | grep -A4 'Pre-set' | grep -q 'Combined:.*2' && echo "$out" | grep -A4 'Current' | grep -q 'Combined:.*2' &&
	pass ethtool_l "max 2, current 2" || fail ethtool_l "$(echo "$out" | tr '\n' ' ')"
out=$(A ethtool -g $I1)
echo "$out" | grep -A5 Current | grep -q 'RX:.*9709' && echo "$out" | grep -A5 Current | grep -q 'TX:.*170' &&
	pass ethtool_g "rx 9709 x 1728 B, tx 170 x 6144 B" || fail ethtool_g "$(echo "$out" | tr '\n' ' ')"

# jumbo frames: both ends at 9000, a ping of 8972 bytes is one frame each way
# (fragmented at 1500 it would be 7: a few frames more are ARP)
A ip link set $I1 mtu 9000 && B ip link set $I2 mtu 9000
m=$(A cat /sys/class/net/$I1/mtu)
[ "$m" = 9000 ] && pass mtu_9000 || fail mtu_9000 "mtu $m: $(dmesg | tail -3 | tr '\n' '|')"
r0=$(B cat /sys/class/net/$I2/statistics/rx_packets)
out=$(A ping -c 3 -W 3 -s 8972 10.52.0.2 2>&1)
r1=$(B cat /sys/class/net/$I2/statistics/rx_packets)
echo "$out" | grep -q ' 0% packet loss' && [ $((r1 - r0)) -le 8 ] &&
	pass ping_9000 "3 pings, $((r1 - r0)) frames in: not fragmented" ||
	fail ping_9000 "$((r1 - r0)) frames in: $(echo "$out" | tail -2 | tr '\n' '|')"
# the host's limit (mtu_max=9000 for this NIC) refuses more; the old MTU stays and works
kmsg_mark
A ip link set $I1 mtu 9100 2> /dev/null && rc=0 || rc=$?
m=$(A cat /sys/class/net/$I1/mtu)
n=$(kmsg_since | grep -c 'MTU 9100 refused')
[ $rc != 0 ] && [ "$m" = 9000 ] && [ "$n" = 1 ] && pass mtu_host_refused "$(kmsg_since | grep 'MTU 9100')" ||
	fail mtu_host_refused "rc=$rc mtu=$m lines=$n $(kmsg_since | tail -3 | tr '\n' '|')"
A ip link set $I1 mtu 67 2> /dev/null && rc=0 || rc=$?
A ip link set $I1 mtu 65522 2> /dev/null && rc2=0 || rc2=$?
[ $rc != 0 ] && [ $rc2 != 0 ] && [ "$(A cat /sys/class/net/$I1/mtu)" = 9000 ] && pass mtu_bad ||
	fail mtu_bad "67: rc=$rc, 65522: rc=$rc2, mtu $(A cat /sys/class/net/$I1/mtu)"
A ip link set $I1 mtu 1500 && B ip link set $I2 mtu 1500
out=$(A ping -c 2 -W 3 -s 1472 10.52.0.2 2>&1)
echo "$out" | grep -q ' 0% packet loss' && pass mtu_back || fail mtu_back "$(echo "$out" | tail -2 | tr '\n' '|')"

# queues and ring sizes changed while iperf3 runs
B iperf3 -s -1 -D > /dev/null 2>&1
sleep 1
A iperf3 -c 10.52.0.2 -t 8 > /tmp/iperf.out 2>&1 &
IP=$!
sleep 2
A ethtool -L $I1 combined 1; c1=$(qcount)
sleep 1
A ethtool -L $I1 combined 2; c2=$(qcount)
out=$(A ethtool -L $I1 combined 3 2>&1) && rc=0 || rc=$?
c3=$(qcount)
A ethtool -G $I1 rx 2000 tx 100; g=$(A ethtool -g $I1 | grep -A5 Current | tr '\n' ' ')
out2=$(A ethtool -G $I1 rx 5 2>&1) && rc2=0 || rc2=$?
g2=$(A ethtool -g $I1 | grep -A5 Current | tr '\n' ' ')
wait $IP
ok=$?
[ "$c1" = 1 ] && pass channels_1 "1 queue" || fail channels_1 "$c1 queues"
[ "$c2" = 2 ] && pass channels_2 "2 queues" || fail channels_2 "$c2 queues"
[ $rc != 0 ] && [ "$c3" = 2 ] && pass channels_bad "$out" || fail channels_bad "rc=$rc queues=$c3"
echo "$g" | grep -q 'RX:[[:space:]]*2000' && echo "$g" | grep -q 'TX:[[:space:]]*100' &&
	pass ring_set "$g" || fail ring_set "$g"
[ $rc2 != 0 ] && [ "$g2" = "$g" ] && pass ring_bad "$out2" || fail ring_bad "rc=$rc2 $g2"
[ $ok = 0 ] && grep -q 'receiver' /tmp/iperf.out &&
	pass iperf_under_changes "$(grep receiver /tmp/iperf.out | tr -s ' ')" ||
	fail iperf_under_changes "rc=$ok $(tail -3 /tmp/iperf.out | tr '\n' '|')"

# RSS: the default table spreads over both queues, the key is 40 bytes
spread() { A ethtool -x $I1 | awk '/^ *[0-9]+:/ { for (i = 2; i <= NF; i++) c[$i]++ } END { print c[0] + 0, c[1] + 0 }'; }
out=$(A ethtool -x $I1)
keyb=$(echo "$out" | sed -n '/RSS hash key/{n;p;}' | tr ':' '\n' | grep -c .)
s1=$(spread)
[ "$s1" = "64 64" ] && [ "$keyb" = 40 ] && pass rss_get "table $s1, key $keyb bytes" ||
	fail rss_get "table '$s1', key $keyb bytes: $(echo "$out" | head -3 | tr '\n' '|')"
A ethtool -X $I1 equal 1 && s2=$(spread) && A ethtool -X $I1 default && s3=$(spread)
out=$(A ping -c 2 -W 3 10.52.0.2 2>&1)
[ "$s2" = "128 0" ] && [ "$s3" = "64 64" ] && echo "$out" | grep -q ' 0% packet loss' &&
	pass rss_set "equal 1: $s2, default: $s3" || fail rss_set "equal 1: '$s2', default: '$s3', $(echo "$out" | tail -1)"

nic_unload
leak_check
