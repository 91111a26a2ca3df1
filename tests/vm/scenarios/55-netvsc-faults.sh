# SPDX-License-Identifier: GPL-2.0
# tier: deep
# boot: slab
# append: slub_debug=U,kmalloc-*
# timeout: 240
# netvsc against a misbehaving host (hv_sim's NetVSP fault knobs, net_ctl),
# two NICs in two namespaces: frames the host drops are lost and nothing
# else; a host slowed down delays them; RNDIS messages running past their
# range, receive ranges outside the buffer and completions for requests
# never sent are each counted (ethtool -S, vmbus's bad_completions), the
# frame dropped and the traffic after them clean; a host that refuses a MAC
# address, an offload setting or a multicast list leaves the old state in
# place (one line each; all multicast frames taken instead of a list); a
# receive packet larger than any the protocol has stops its channel with a
# line and a counter, and a fresh device carries clean traffic. No oops, no
# leak (exact slab and vmalloc checks after unload).
# checks: setup drop delay bad_rndis bad_xfer bad_completion mac_refused offload_refused
# checks: mc_refused big_xfer fresh_device unload slab vmalloc
G1=55c0ffee-0000-4000-8000-000000000001
G2=55c0ffee-0000-4000-8000-000000000002
G3=55c0ffee-0000-4000-8000-000000000003
knob() { echo "$1 $2" > $D/hv_sim/net_ctl; }
# ethstat <ns> <dev> <ethtool -S counter>
ethstat() { $1 ethtool -S $2 | sed -n "s/^ *$3: //p"; }
# received <count>: how many of <count> pings from NIC 1 were answered
# ("N received" from iputils, "N packets received" from busybox)
received() { A ping -c "$1" -i 0.2 -W 2 10.55.0.2 2>&1 | sed -n 's/.*, \([0-9][0-9]*\) \(packets \)\{0,1\}received.*/\1/p'; }
clean() { [ "$(received 3)" = 3 ]; }

leak_mark
nic_pair 55 $G1 $G2 && pass setup "$I1 $I2" || { fail setup "$(dmesg | tail -5 | tr '\n' '|')"; exit 0; }
# The knobs count frames: no frame of the stack's own (an ARP probe once the
# neighbour entry ages, IPv6 router solicitations seconds after link-up) may
# take one. Slow runs (the debug kernel on a busy machine) met both.
A ip neigh replace 10.55.0.2 lladdr "$(B cat /sys/class/net/$I2/address)" dev $I1 nud permanent
B ip neigh replace 10.55.0.1 lladdr "$(A cat /sys/class/net/$I1/address)" dev $I2 nud permanent
A sh -c "echo 1 > /proc/sys/net/ipv6/conf/$I1/disable_ipv6" 2>/dev/null
B sh -c "echo 1 > /proc/sys/net/ipv6/conf/$I2/disable_ipv6" 2>/dev/null

# three frames to NIC 2 dropped by the host: three of six pings unanswered
d0=$(nic_host $G2 dropped_fault)
knob $G2 drop=3
n=$(received 6) d1=$(nic_host $G2 dropped_fault)
[ "$n" = 3 ] && [ $((d1 - d0)) = 3 ] && clean && pass drop "3 of 6 answered, host dropped_fault +3, clean after" ||
	fail drop "$n of 6 answered, host dropped_fault $d0 -> $d1"

# every packet to NIC 2 held 30 ms: no answer sooner
knob $G2 delay_us=30000
rtt=$(A ping -c 3 -i 0.2 -W 2 10.55.0.2 | sed -n 's|.* = \([0-9.]*\)/.*|\1|p')
knob $G2 delay_us=0
[ -n "$rtt" ] && awk -v r="$rtt" 'BEGIN { exit !(r >= 30) }' && clean &&
	pass delay "shortest round trip $rtt ms with 30 ms added; clean after" || fail delay "shortest round trip '$rtt' ms"

# RNDIS data messages running past their range: counted, dropped
b0=$(ethstat B $I2 bad_rndis) e0=$(B cat /sys/class/net/$I2/statistics/rx_errors)
knob $G2 bad_rndis=2
n=$(received 4)
b1=$(ethstat B $I2 bad_rndis) e1=$(B cat /sys/class/net/$I2/statistics/rx_errors)
[ "$n" = 2 ] && [ $((b1 - b0)) = 2 ] && [ $((e1 - e0)) = 2 ] && clean &&
	pass bad_rndis "2 of 4 answered; bad_rndis +2, rx_errors +2; clean after" ||
	fail bad_rndis "$n of 4 answered; bad_rndis $b0 -> $b1, rx_errors $e0 -> $e1"

# receive ranges outside the receive buffer: counted, dropped
x0=$(ethstat B $I2 bad_receive_ranges)
knob $G2 bad_xfer=2
n=$(received 4)
x1=$(ethstat B $I2 bad_receive_ranges)
[ "$n" = 2 ] && [ $((x1 - x0)) = 2 ] && clean && pass bad_xfer "2 of 4 answered; bad_receive_ranges +2; clean after" ||
	fail bad_xfer "$n of 4 answered; bad_receive_ranges $x0 -> $x1"

# completions for requests NIC 1 never sent: vmbus.ko refuses them, the
# real completions that follow free the frames
c0=$(conn_sum bad_completions)
knob $G1 bad_completion=3
n=$(received 3)
c1=$(conn_sum bad_completions)
[ "$n" = 3 ] && [ $((c1 - c0)) = 3 ] && clean && pass bad_completion "3 answered; vmbus bad_completions +3" ||
	fail bad_completion "$n of 3 answered; bad_completions $c0 -> $c1"

# the host refuses: a MAC address, an offload setting, a multicast list
kmsg_mark
knob $G2 refuse_set=0x0001021b
old=$(B cat /sys/class/net/$I2/address)
B ip link set $I2 address 02:55:00:00:00:02 2> /dev/null && rc=0 || rc=$?
A ip neigh flush dev $I1
[ $rc != 0 ] && [ "$(B cat /sys/class/net/$I2/address)" = "$old" ] && [ "$(nic_host $G2 mac)" = "$old" ] &&
	[ "$(kmsg_since | grep -c 'host refused MAC address')" = 1 ] && clean &&
	pass mac_refused "$(kmsg_since | grep 'host refused MAC')" ||
	fail mac_refused "rc=$rc address $(B cat /sys/class/net/$I2/address) nic_host $(nic_host $G2 mac): $(kmsg_since | tail -2 | tr '\n' '|')"
kmsg_mark
knob $G2 refuse_set=0xfc01020c
B ethtool -K $I2 tso off 2> /dev/null
t=$(B ethtool -k $I2 | sed -n 's/^[[:space:]]*tx-tcp-segmentation: \([a-z]*\).*/\1/p')
[ "$t" = on ] && [ "$(nic_host $G2 lso)" = 0x3 ] && [ "$(kmsg_since | grep -c 'host refused offload settings')" = 1 ] && clean &&
	pass offload_refused "TSO still on: $(kmsg_since | grep 'host refused offload')" ||
	fail offload_refused "tx-tcp-segmentation $t, host lso $(nic_host $G2 lso): $(kmsg_since | tail -2 | tr '\n' '|')"
kmsg_mark
knob $G2 refuse_set=0x01010103
B ip maddr add 01:00:5e:55:00:01 dev $I2
# (applied from a work item)
wait_until 50 '[ $(($(nic_host $G2 filter) & 4)) != 0 ]'
f=$(($(nic_host $G2 filter)))
[ $((f & 0x4)) != 0 ] && [ "$(kmsg_since | grep -c 'host refused a multicast list')" = 1 ] &&
	pass mc_refused "host filter $(nic_host $G2 filter): all multicast frames" ||
	fail mc_refused "host filter $(nic_host $G2 filter): $(kmsg_since | tail -2 | tr '\n' '|')"

# a receive packet over 8 KiB: its channel stops, said once and counted
kmsg_mark
p0=$(ethstat B $I2 bad_packet)
knob $G2 big_xfer=1
A ping -c 2 -i 0.2 -W 1 10.55.0.2 > /dev/null 2>&1
p1=$(ethstat B $I2 bad_packet)
l=$(kmsg_since | grep 'host sent a packet of .* stopped')
[ $((p1 - p0)) = 1 ] && [ -n "$l" ] && pass big_xfer "$l; bad_packet +1" ||
	fail big_xfer "bad_packet $p0 -> $p1: $(kmsg_since | tail -2 | tr '\n' '|')"

# the broken NIC goes; a new one carries clean traffic
echo $G2 > $D/hv_sim/del_device
wait_until 100 '[ ! -e /sys/bus/vmbus/devices/$G2 ]'
echo "net id=$G3" > $D/hv_sim/new_device
wait_until 100 '[ -n "$(nic_if $G3)" ]'
I3=$(nic_if $G3)
ip link set $I3 netns b && B ip addr add 10.55.0.2/24 dev $I3 && B ip link set $I3 up && A ip neigh flush dev $I1 nud permanent && A ip neigh flush dev $I1 &&
	[ "$(received 10)" = 10 ] && pass fresh_device "$I3: 10 of 10 answered" ||
	fail fresh_device "$I3: $(dmesg | tail -3 | tr '\n' '|')"

nic_unload
leak_check
