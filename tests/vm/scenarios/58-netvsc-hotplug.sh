# SPDX-License-Identifier: GPL-2.0
# tier: deep
# boot: slab
# append: slub_debug=U,kmalloc-*
# timeout: 300
# Hot add and remove of a NIC under traffic, cycle after cycle (sizes.conf
# nic_cycles: 50 at full size, the soak). Two NICs offering RSC in two
# namespaces; each cycle an iperf3 stream runs from A to B while the host
# rescinds B's NIC at one of four moments (0.1 to 0.4 s in, so the
# rescind meets coalesced packets half put together, transmits in flight
# and completions owed), the device goes, the same NIC is offered again, and
# it carries traffic at once. No cycle may fail, nothing is logged as an
# error, every module unloads, and nothing leaks (exact slab and vmalloc
# checks).
# checks: setup cycles quiet unload slab vmalloc
G1=58c0ffee-0000-4000-8000-000000000001
G2=58c0ffee-0000-4000-8000-000000000002
# the NIC comes back with its MAC, as a re-added NIC does (A's neighbour entry stays right)
MAC2=00:15:5d:58:00:02
n=$(size nic_cycles) || { fail setup "no nic_cycles count"; exit 0; }

leak_mark
nic_pair 58 $G1 $G2 rsc=1 "rsc=1 mac=$MAC2" && pass setup "$I1 $I2, $n cycles" ||
	{ fail setup "$(dmesg | tail -5 | tr '\n' '|')"; exit 0; }
B iperf3 -s -D > /dev/null 2>&1
kmsg_mark
bad=
for c in $(seq "$n"); do
	/usr/bin/ip netns exec a iperf3 -c 10.58.0.2 -t 30 > /dev/null 2>&1 &
	IP=$!
	usleep $((100000 * (1 + c % 4)))
	echo $G2 > $D/hv_sim/del_device
	# gone from the guest, and the host freed it (every relid released)
	wait_until 100 '[ ! -e /sys/bus/vmbus/devices/$G2 ] && ! grep -q $G2 $D/hv_sim/devices' ||
		{ bad="cycle $c: $G2 not gone"; break; }
	kill -9 $IP 2> /dev/null
	wait $IP 2> /dev/null
	echo "net id=$G2 rsc=1 mac=$MAC2" > $D/hv_sim/new_device
	wait_until 100 '[ -n "$(nic_if $G2)" ]' || { bad="cycle $c: $G2 not back"; break; }
	I2=$(nic_if $G2)
	ip link set $I2 netns b && B ip addr add 10.58.0.2/24 dev $I2 && B ip link set $I2 up ||
		{ bad="cycle $c: $I2 not set up"; break; }
	wait_until 30 'A ping -c 1 -W 1 10.58.0.2 > /dev/null 2>&1' || { bad="cycle $c: no answer"; break; }
done
[ -z "$bad" ] && pass cycles "$n rescinds under traffic, each NIC back and answering" ||
	fail cycles "$bad; $(kmsg_since | tail -3 | tr '\n' '|')"
# a rescind is no error of the guest's: netvsc logs none
errs=$(kmsg_since | grep -ci 'netvsc.*\(fail\|error\|malformed\|dropped\)')
[ "$errs" = 0 ] && pass quiet "no netvsc error line in $n cycles" ||
	fail quiet "$errs lines: $(kmsg_since | grep -i 'netvsc' | tail -3 | tr '\n' '|')"

killall iperf3 2> /dev/null
nic_unload
leak_check
