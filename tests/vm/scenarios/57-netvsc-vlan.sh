# SPDX-License-Identifier: GPL-2.0
# boot: slab
# append: slub_debug=U,kmalloc-*
# only: nodebug
# timeout: 300
# VLAN tags between two NICs in two namespaces: netvsc gives the stack's
# tag to the host as IEEE_8021Q per-packet info (the frame itself stays
# untagged, NETIF_F_HW_VLAN_CTAG_TX) and hands a received one back out of
# band; hv_sim's switch carries it beside the frame (its ports are trunks:
# tx_vlan, rx_vlan). VLAN 100 on both sides pings over IPv4 and IPv6 and
# carries iperf3, its devices keeping TSO (vlan_features: large sends with
# their tag); the untagged link still works beside it; a VLAN one side does
# not have reaches nothing there. Nothing leaks (exact slab and vmalloc
# checks). Not on the debug kernel: its small config has no 802.1Q.
# checks: setup vlan_ping vlan_ping6 vlan_tso untagged other_vlan unload slab vmalloc
G1=57c0ffee-0000-4000-8000-000000000001
G2=57c0ffee-0000-4000-8000-000000000002
feature() { $1 ethtool -k $2 | sed -n "s/^[[:space:]]*$3: \([a-z]*\).*/\1/p"; }
tags() { echo "$(nic_host $G1 tx_vlan) $(nic_host $G2 rx_vlan)"; }

leak_mark
nic_pair 57 $G1 $G2 && modprobe 8021q &&
	A ip link add link $I1 name v1 type vlan id 100 && B ip link add link $I2 name v2 type vlan id 100 &&
	A ip addr add 10.157.0.1/24 dev v1 && B ip addr add 10.157.0.2/24 dev v2 &&
	A ip addr add fd57::1/64 dev v1 nodad && B ip addr add fd57::2/64 dev v2 nodad &&
	A ip link set v1 up && B ip link set v2 up && pass setup "$I1.100 $I2.100" ||
	{ fail setup "$(dmesg | tail -5 | tr '\n' '|')"; exit 0; }
B iperf3 -s -D > /dev/null 2>&1

set -- $(tags)
A ping -c 3 -W 3 10.157.0.2 > /tmp/p4.out 2>&1 && set -- $1 $2 $(tags) &&
	[ $(($3 - $1)) -ge 3 ] && [ $(($4 - $2)) -ge 3 ] &&
	pass vlan_ping "tagged frames: $1 -> $3 sent, $2 -> $4 received" ||
	fail vlan_ping "$(tags); $(tail -2 /tmp/p4.out | tr '\n' '|')"
A ping -c 3 -W 3 fd57::2 > /tmp/p6.out 2>&1 && pass vlan_ping6 "$(grep -o '[0-9]* packets received' /tmp/p6.out)" ||
	fail vlan_ping6 "$(tail -2 /tmp/p6.out | tr '\n' '|')"
l0=$(nic_host $G1 tx_lso)
set -- $(tags)
A iperf3 -c 10.157.0.2 -t 1 > /tmp/iv.out 2>&1
l1=$(nic_host $G1 tx_lso)
set -- $1 $2 $(tags)
grep -q receiver /tmp/iv.out && ! grep -q error /tmp/iv.out && [ "$(feature A v1 tx-tcp-segmentation)" = on ] &&
	[ $l1 -gt $l0 ] && [ $(($3 - $1)) -gt $((l1 - l0)) ] && [ $(($4 - $2)) -gt 100 ] &&
	pass vlan_tso "large sends $l0 -> $l1, tagged frames +$(($3 - $1)) sent, +$(($4 - $2)) received; $(grep receiver /tmp/iv.out | tr -s ' ')" ||
	fail vlan_tso "tso $(feature A v1 tx-tcp-segmentation), large sends $l0 -> $l1, tags $*; $(tail -2 /tmp/iv.out | tr '\n' '|')"
# the plain link beside it: its pings go untagged (frames sent less tagged
# ones; a stray tagged frame, an IPv6 neighbour probe, may pass meanwhile)
untagged() { echo $(($(nic_host $G1 tx_frames) - $(nic_host $G1 tx_vlan))) $(nic_host $G1 tx_vlan); }
set -- $(untagged)
A ping -c 3 -W 3 10.57.0.2 > /dev/null 2>&1 && set -- $1 $2 $(untagged) &&
	[ $(($3 - $1)) -ge 3 ] && [ $(($4 - $2)) -lt 3 ] &&
	pass untagged "untagged frames sent $1 -> $3, tagged $2 -> $4" || fail untagged "untagged, tagged: $* $(untagged)"
# VLAN 200 on A only: tagged frames go out, B has no such VLAN and answers nothing
A ip link add link $I1 name w1 type vlan id 200 && A ip addr add 10.158.0.1/24 dev w1 && A ip link set w1 up
set -- $(tags)
A ping -c 2 -W 1 10.158.0.2 > /dev/null 2>&1 && answered=1 || answered=0
set -- $1 $2 $(tags)
[ $answered = 0 ] && [ $3 -gt $1 ] && pass other_vlan "no answer; tagged frames sent $1 -> $3" ||
	fail other_vlan "answered $answered; tags $*"

killall iperf3 2> /dev/null
A ip link del w1
A ip link del v1
B ip link del v2
nic_unload
leak_check
