# SPDX-License-Identifier: GPL-2.0
# boot: slab
# append: slub_debug=U,kmalloc-*
# timeout: 240
# netvsc's addresses and receive filter, between two NICs in two
# namespaces, as the host (hv_sim's "net" file and counters) sees them:
# ethtool -P gives the host's permanent address; `ip link set address`
# changes the MAC live through the host (pings find the new one; a
# multicast address is refused with a line and changes nothing) and the
# address survives a rebuilt connection (an MTU change); a joined group's
# frames are delivered through the host's multicast list, another group's
# are filtered by the host; all-multicast and promiscuous mode take what
# they should; more groups than the host's list holds (NIC 2's takes 4:
# hv_sim's mc_max=, which it reports in OID_802_3_MAXIMUM_LIST_SIZE) fall
# back to all multicast frames. Nothing leaks (exact slab and vmalloc
# checks).
# checks: setup perm_addr mac_change mac_bad mac_after_reinit mc_list mc_joined
# checks: mc_other_filtered allmulti promisc promisc_off mc_overflow unload slab vmalloc
G1=54c0ffee-0000-4000-8000-000000000001
G2=54c0ffee-0000-4000-8000-000000000002
rx2() { B cat /sys/class/net/$I2/statistics/rx_packets; }
# pings <destination>: three from NIC 1, answered or not
pings() { A ping -c 3 -i 0.2 -W 1 "$1" > /dev/null 2>&1; }
# delivered <destination>: NIC 2 got the three frames (the host neither
# filtered them nor lost them), or "filtered <destination>": the host
# dropped all three for NIC 2's filter
delivered() {
	local r0 f0 r1 f1
	r0=$(rx2) f0=$(nic_host $G2 dropped_filter); pings "$1"; r1=$(rx2) f1=$(nic_host $G2 dropped_filter)
	echo "rx +$((r1 - r0)), filtered +$((f1 - f0))"
	[ $((r1 - r0)) -ge 3 ] && [ $f1 = $f0 ]
}
filtered() {
	local f0 f1
	f0=$(nic_host $G2 dropped_filter); pings "$1"; f1=$(nic_host $G2 dropped_filter)
	echo "filtered +$((f1 - f0))"
	[ $((f1 - f0)) -ge 3 ]
}
filter2() { echo $(($(nic_host $G2 filter))); }
# filter_check <check> <mask> <value> delivered|filtered <destination>:
# the host's filter for NIC 2 comes to <value> under <mask>, and three
# pings from NIC 1 to <destination> reach NIC 2, or are filtered out
filter_check() {
	local out
	wait_filter $2 $3 && out=$($4 $5) && pass $1 "host filter $(nic_host $G2 filter); $out" ||
		fail $1 "host filter $(nic_host $G2 filter); $out"
}
# wait_filter <mask> <value>: until the host's filter for NIC 2, masked, is
# the value (the driver applies rx-mode changes from a work item)
wait_filter() { wait_until 50 "[ \$((\$(filter2) & $1)) = \$(($2)) ]"; }

leak_mark
# (no IPv6 in either namespace: its router solicitations and listener
# reports are multicast frames of its own, which NIC 2's filter would count)
nic_pair 54 $G1 $G2 "" "mac=02:54:00:00:00:20 mc_max=4" && A ip route add 224.0.0.0/4 dev $I1 &&
	A sh -c 'echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6' &&
	B sh -c 'echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6' &&
	pass setup "$I1 $I2" || { fail setup "$(dmesg | tail -5 | tr '\n' '|')"; exit 0; }

out=$(B ethtool -P $I2)
[ "$out" = "Permanent address: 02:54:00:00:00:20" ] && pass perm_addr "$out" || fail perm_addr "$out"

# a live change: the host delivers to the new address, the old one is gone
B ip link set $I2 address 02:54:00:00:00:22 && A ip neigh flush dev $I1
out=$(A ping -c 2 -W 2 10.54.0.2 2>&1)
nm=$(nic_host $G2 mac) pm=$(nic_host $G2 perm)
[ "$nm" = 02:54:00:00:00:22 ] && [ "$pm" = 02:54:00:00:00:20 ] &&
	[ "$(A ip neigh show 10.54.0.2 | grep -o '02:54[0-9a-f:]*')" = 02:54:00:00:00:22 ] &&
	echo "$out" | grep -q ' 0% packet loss' && pass mac_change "host: mac=$nm perm=$pm; pinged at the new address" ||
	fail mac_change "host: mac=$nm perm=$pm; $(echo "$out" | tail -1)"
kmsg_mark
B ip link set $I2 address 01:00:5e:00:00:01 2> /dev/null && rc=0 || rc=$?
n=$(kmsg_since | grep -c 'MAC address 01:00:5e:00:00:01 refused')
[ $rc != 0 ] && [ "$n" = 1 ] && [ "$(B cat /sys/class/net/$I2/address)" = 02:54:00:00:00:22 ] &&
	[ "$(nic_host $G2 mac)" = 02:54:00:00:00:22 ] && pass mac_bad "$(kmsg_since | grep refused)" ||
	fail mac_bad "rc=$rc lines=$n address $(B cat /sys/class/net/$I2/address) nic_host $(nic_host $G2 mac)"
# an MTU change rebuilds the connection: the address is set again
B ip link set $I2 mtu 1400 && A ip neigh flush dev $I1
out=$(A ping -c 2 -W 2 10.54.0.2 2>&1)
[ "$(nic_host $G2 mac)" = 02:54:00:00:00:22 ] && [ "$(B cat /sys/class/net/$I2/address)" = 02:54:00:00:00:22 ] &&
	echo "$out" | grep -q ' 0% packet loss' && pass mac_after_reinit "MTU 1400, host: mac=$(nic_host $G2 mac)" ||
	fail mac_after_reinit "host: mac=$(nic_host $G2 mac), device $(B cat /sys/class/net/$I2/address); $(echo "$out" | tail -1)"
B ip link set $I2 mtu 1500

# 239.1.2.3 is 01:00:5e:01:02:03
B ip maddr add 01:00:5e:01:02:03 dev $I2
wait_filter 0x26 0x2
f=$(filter2)
# directed 0x1, multicast 0x2, all-multicast 0x4, broadcast 0x8, promiscuous 0x20
[ $((f & 0x2)) != 0 ] && [ $((f & 0x24)) = 0 ] && pass mc_list "host filter $(nic_host $G2 filter)" ||
	fail mc_list "host filter $(nic_host $G2 filter)"
out=$(delivered 239.1.2.3) && pass mc_joined "$out" || fail mc_joined "$out"
out=$(filtered 239.1.2.4) && pass mc_other_filtered "$out" || fail mc_other_filtered "$out"

B ip link set $I2 allmulticast on
filter_check allmulti 0x4 0x4 delivered 239.1.2.4
B ip link set $I2 allmulticast off
wait_filter 0x4 0

# an address no NIC has: the switch floods it, NIC 2's filter takes it only
# when promiscuous
A ip neigh add 10.54.0.99 lladdr 02:54:00:00:00:99 dev $I1
B ip link set $I2 promisc on
filter_check promisc 0x20 0x20 delivered 10.54.0.99
B ip link set $I2 promisc off
filter_check promisc_off 0x20 0 filtered 10.54.0.99

# five groups on top of those joined, more than the host's list takes (4):
# all multicast frames; back to the list when they are gone (one namespace
# switch for the five: each costs a second on the debug kernel; iproute2 by
# its path: busybox sh prefers its own applets)
B sh -c "for i in \$(seq 10 14); do /usr/bin/ip maddr add 01:00:5e:01:03:\$i dev $I2; done"
wait_filter 0x4 0x4
f=$(filter2)
out=$(delivered 239.1.2.4) && [ $((f & 0x4)) != 0 ] && o1="filter $(nic_host $G2 filter), $out" || o1=
B sh -c "for i in \$(seq 10 14); do /usr/bin/ip maddr del 01:00:5e:01:03:\$i dev $I2; done"
wait_filter 0x6 0x2
f=$(filter2)
out=$(filtered 239.1.2.4) && [ $((f & 0x6)) = 2 ] && o2="filter $(nic_host $G2 filter), $out" || o2=
[ -n "$o1" ] && [ -n "$o2" ] && pass mc_overflow "5 groups more: $o1; without them: $o2" ||
	fail mc_overflow "5 groups more: ${o1:-failed, filter $(nic_host $G2 filter)}; without them: ${o2:-failed}"

nic_unload
leak_check
