# SPDX-License-Identifier: GPL-2.0
# boot: slab
# append: slub_debug=U,kmalloc-*
# timeout: 300
# netvsc.ko's first increment end to end: two synthetic NICs offered by
# hv_sim bind netvsc (its modalias is the one the device announces, so udev
# would load it), come up with the MAC and link state the host gave, and,
# moved into two network namespaces, reach each other through hv_sim's
# virtual switch: pings below, at and across the MTU (fragmented), frames
# counted on both sides. The link follows the host's indications. The host
# rescinds one NIC in the middle of a ping flood and offers it again: the
# new device carries traffic. Every
# module unloads with the NICs present and in use, and nothing netvsc or
# hv_sim allocated outlives it (slab per call site, vmalloc areas).
# checks: load bind modalias queues mac carrier mtu netns ping ping_mtu ping_frag counters
# checks: link_down link_up rescind_traffic readd unload slab vmalloc
G1=6e7d0a10-1c2d-4e3f-8a4b-5c6d7e8f9001
G2=6e7d0a10-1c2d-4e3f-8a4b-5c6d7e8f9002
MAC1=00:15:5d:aa:00:01
MAC2=00:15:5d:aa:00:02
# the class GUID f8615163-df3e-46c5-913f-f2d2f965ed0e as stored
ALIAS=vmbus:635161f83edfc546913ff2d2f965ed0e
on_exit "ip netns del a 2>/dev/null; ip netns del b 2>/dev/null; rmmod netvsc 2>/dev/null; rmmod vmbus 2>/dev/null; rmmod hv_core 2>/dev/null; rmmod hv_sim 2>/dev/null"

leak_mark
kmsg_mark
if insmod "$(mod hv_sim)" && insmod "$(mod hv_core)" && insmod "$(mod vmbus)" &&
   insmod "$(mod netvsc)"; then
	pass load
else
	fail load "$(kmsg_since | tail -3 | tr '\n' '|')"
	exit 0
fi

echo "net id=$G1 mac=$MAC1" > $D/hv_sim/new_device
echo "net id=$G2 mac=$MAC2" > $D/hv_sim/new_device
wait_until 100 "[ -n \"\$(nic_if $G1)\" ] && [ -n \"\$(nic_if $G2)\" ]"
I1=$(nic_if $G1) I2=$(nic_if $G2)
drv=$(basename "$(readlink /sys/bus/vmbus/devices/$G1/driver)")
[ -n "$I1" ] && [ -n "$I2" ] && [ "$drv" = hv_netvsc ] && pass bind "$I1 $I2 driver=$drv" ||
	fail bind "'$I1' '$I2' driver=$drv: $(kmsg_since | tail -5 | tr '\n' '|')"
[ -n "$I1" ] && [ -n "$I2" ] || exit 0

al=$(modinfo -F alias "$(mod netvsc)" 2>/dev/null)
[ "$(cat /sys/bus/vmbus/devices/$G1/modalias)" = "$ALIAS" ] && [ "$al" = "$ALIAS" ] &&
	pass modalias "$al" || fail modalias "device $(cat /sys/bus/vmbus/devices/$G1/modalias), module '$al'"

# as many queues as CPUs (2), the host offering as many
q=$(ls -d /sys/class/net/$I1/queues/tx-* | wc -l) r=$(ls -d /sys/class/net/$I1/queues/rx-* | wc -l)
[ "$q" = 2 ] && [ "$r" = 2 ] && pass queues "$q TX, $r RX" || fail queues "$q TX, $r RX"

a1=$(cat /sys/class/net/$I1/address) a2=$(cat /sys/class/net/$I2/address)
[ "$a1" = $MAC1 ] && [ "$a2" = $MAC2 ] && pass mac "$a1 $a2" || fail mac "$a1 $a2"

ip link set $I1 up && ip link set $I2 up
wait_until 50 "[ \"\$(cat /sys/class/net/$I1/carrier)\" = 1 ]"
[ "$(cat /sys/class/net/$I1/carrier)" = 1 ] && [ "$(cat /sys/class/net/$I2/carrier)" = 1 ] &&
	pass carrier || fail carrier "$(cat /sys/class/net/$I1/carrier) $(cat /sys/class/net/$I2/carrier)"
m=$(cat /sys/class/net/$I1/mtu)
[ "$m" = 1500 ] && pass mtu "$m" || fail mtu "$m"

ip netns add a && ip netns add b && ip link set $I1 netns a && ip link set $I2 netns b &&
	A ip addr add 10.51.0.1/24 dev $I1 && B ip addr add 10.51.0.2/24 dev $I2 &&
	A ip link set $I1 up && B ip link set $I2 up && A ip link set lo up &&
	B ip link set lo up && pass netns || fail netns "$(ip netns list 2>&1 | tr '\n' ' ')"

out=$(A ping -c 3 -W 2 10.51.0.2 2>&1)
echo "$out" | grep -q ' 0% packet loss' && pass ping "$(echo "$out" | tail -1)" ||
	fail ping "$(echo "$out" | tail -3 | tr '\n' '|') $(kmsg_since | tail -3 | tr '\n' '|')"
# 1472 bytes of ICMP data: a 1500-byte IP packet, a 1514-byte frame
out=$(B ping -c 2 -W 2 -s 1472 10.51.0.1 2>&1)
echo "$out" | grep -q ' 0% packet loss' && pass ping_mtu "$(echo "$out" | tail -1)" ||
	fail ping_mtu "$(echo "$out" | tail -3 | tr '\n' '|')"
out=$(A ping -c 2 -W 2 -s 8000 10.51.0.2 2>&1)
echo "$out" | grep -q ' 0% packet loss' && pass ping_frag "$(echo "$out" | tail -1)" ||
	fail ping_frag "$(echo "$out" | tail -3 | tr '\n' '|')"

rx=$(B cat /sys/class/net/$I2/statistics/rx_packets)
tx=$(A cat /sys/class/net/$I1/statistics/tx_packets)
[ "$rx" -ge 13 ] && [ "$tx" -ge 13 ] && pass counters "$I1 tx=$tx, $I2 rx=$rx" ||
	fail counters "$I1 tx=$tx, $I2 rx=$rx"

echo "$G1 link=down" > $D/hv_sim/net_ctl
wait_until 50 "[ \"\$(A cat /sys/class/net/$I1/carrier)\" = 0 ]"
c=$(A cat /sys/class/net/$I1/carrier)
[ "$c" = 0 ] && pass link_down || fail link_down "carrier $c"
echo "$G1 link=up" > $D/hv_sim/net_ctl
wait_until 50 "[ \"\$(A cat /sys/class/net/$I1/carrier)\" = 1 ]"
out=$(A ping -c 1 -W 2 10.51.0.2 2>&1)
[ "$(A cat /sys/class/net/$I1/carrier)" = 1 ] && echo "$out" | grep -q ' 0% packet loss' &&
	pass link_up || fail link_up "carrier $(A cat /sys/class/net/$I1/carrier): $(echo "$out" | tail -1)"

# rescind under traffic (del_device), then the same NIC offered again
A ping -c 400 -i 0.01 -W 1 10.51.0.2 > /dev/null 2>&1 &
PF=$!
sleep 1
kmsg_mark
echo $G2 > $D/hv_sim/del_device
wait_until 100 '[ ! -e /sys/bus/vmbus/devices/$G2 ]'
gone=$([ -e /sys/bus/vmbus/devices/$G2 ] && echo no || echo yes)
wait $PF
# the rescind is no error of the guest's: nothing logged about it
[ "$gone" = yes ] && ! ip netns exec b ip link show $I2 > /dev/null 2>&1 &&
	[ "$(kmsg_since | grep -c 'netvsc.*fail')" = 0 ] && pass rescind_traffic "$I2 gone" ||
	fail rescind_traffic "gone=$gone: $(kmsg_since | tail -3 | tr '\n' '|')"
echo "net id=$G2 mac=$MAC2" > $D/hv_sim/new_device
wait_until 100 '[ -n "$(nic_if $G2)" ]'
I2=$(nic_if $G2)
ip link set $I2 netns b && B ip addr add 10.51.0.2/24 dev $I2 && B ip link set $I2 up
out=$(A ping -c 3 -W 2 10.51.0.2 2>&1)
echo "$out" | grep -q ' 0% packet loss' && pass readd "$I2: $(echo "$out" | tail -1)" ||
	fail readd "'$I2': $(echo "$out" | tail -2 | tr '\n' '|') $(kmsg_since | tail -3 | tr '\n' '|')"

# in use and in namespaces: the devices go with the driver
A ping -c 50 -i 0.05 10.51.0.2 > /dev/null 2>&1 &
sleep 1
if rmmod netvsc && rmmod vmbus && rmmod hv_core && rmmod hv_sim; then
	pass unload
else
	fail unload "$(lsmod | head -5 | tr '\n' '|') $(kmsg_since | tail -3 | tr '\n' '|')"
fi
wait
ip netns del a; ip netns del b
leak_check
