# SPDX-License-Identifier: GPL-2.0
# boot: slab
# append: slub_debug=U,kmalloc-*
# timeout: 200
# hv_ic's KVP service with Debian's unmodified hv_kvp_daemon (hyperv-daemons)
# serving /dev/vmbus/hv_kvp. Without a daemon a host request fails at once.
# With it, the host's ENUMERATE of the auto pool reads the guest's hostname,
# IPv4 address, OS name and the driver's version string; a SET on pool 0
# lands in the daemon's pool file, GET reads it back (a string and a
# DWORD), DELETE removes it (GET then says "no such key"). The IP settings:
# GET_IP_INFO of a veth adapter by its MAC address returns its IPv4 address
# and netmask; SET_IP_INFO of a netvsc NIC by its instance GUID reaches the
# daemon's configuration file and the distribution's hv_set_ifconfig (a
# recorder here: Debian ships none), and of a GUID no NIC has is answered
# GUID_NOTFOUND. The daemon killed
# and started again registers again and the pool still holds the values. A
# stand-in daemon that registers and never answers has its request failed
# after daemon_timeout_ms; one that reads the request and closes has it
# failed at once. The KVP fault knobs (a key without its terminator, a key
# size past its field) are failed and counted; a second opener is refused,
# a message of the wrong size too. Everything unloads (the daemon stopped
# first: its open file pins the module), and nothing outlives it.
# checks: load no_daemon daemon_registered enumerate_hostname enumerate_ipv4
# checks: enumerate_os enumerate_version enumerate_end set_pool_file get_value
# checks: get_dword delete get_ip_info set_ip_info set_ip_unknown restart
# checks: daemon_timeout daemon_closed fault_no_nul
# checks: fault_bad_size busy bad_size_write host_clean unload slab vmalloc
on_exit "killall hv_kvp_daemon 2>/dev/null; exec 3>&- 2>/dev/null; rmmod hv_ic 2>/dev/null; rmmod netvsc 2>/dev/null; rmmod vmbus 2>/dev/null; rmmod hv_core 2>/dev/null; rmmod hv_sim 2>/dev/null"

KVP_CLASS=a9a0f4e7-5a45-4d96-b827-8a841e8c03e6
GN=7a3c0e10-5d2f-4e3f-8a4b-5c6d7e8f0071
S_CONT=0x80070103
E_FAIL=0x80004005
GUID_NOTFOUND=0x80041002
dev_of() { grep -lx "{$1}" /sys/bus/vmbus/devices/*/class_id 2>/dev/null | head -1 | xargs -r dirname; }
gst() { cat "$K/stats/$1"; }
daemon_up() {
	kmsg_mark
	/usr/sbin/hv_kvp_daemon -n > /dev/null 2>&1 &
	wait_until 100 'kmsg_since | grep -q "kvp: daemon registered"'
}
# a whole message of the daemon's size, its first byte the operation
printf '\144' > /tmp/kvp-reg
head -c 7431 /dev/zero >> /tmp/kvp-reg

leak_mark
kmsg_mark
modprobe ptp 2>/dev/null
modprobe veth 2>/dev/null
if insmod "$(mod hv_sim)" ic=kvp && insmod "$(mod hv_core)" && insmod "$(mod vmbus)" &&
   insmod "$(mod netvsc)" && insmod "$(mod hv_ic)" daemon_timeout_ms=8000 &&
   wait_until 100 'grep -q " kvp state=ready " $D/hv_sim/ic'; then
	pass load
else
	fail load "$(cat $D/hv_sim/ic 2>&1) $(kmsg_since | tail -3 | tr '\n' '|')"
	exit 0
fi
K=$(dev_of $KVP_CLASS)

kvp_req op=enumerate pool=2 index=0
[ "$(kv status)" = $E_FAIL ] && [ "$(gst no_daemon)" = 1 ] && pass no_daemon "failed at once" ||
	fail no_daemon "status $(kv status) no_daemon $(gst no_daemon)"

hostname hvl-guest
mkdir -p /var/lib
# the daemon asks getaddrinfo() for the FQDN: from /etc/hosts, no DNS here
echo '127.0.1.1 hvl-guest.hvl.test hvl-guest' >> /etc/hosts
echo 'hosts: files' > /etc/nsswitch.conf
ip link add kv0 type veth peer name kv1 && ip addr add 10.77.0.5/24 dev kv0 && ip link set kv0 up
daemon_up
# in sysfs where the in-tree driver has it: hyperv-daemons' unit binds to it
c=$([ -c /dev/vmbus/hv_kvp ] && [ -e '/sys/devices/virtual/misc/vmbus!hv_kvp' ] && echo yes) p=$(pidof hv_kvp_daemon)
[ "$c" = yes ] && [ -n "$p" ] && kmsg_since | grep -q 'kvp: daemon registered' &&
	pass daemon_registered "pid $p" ||
	fail daemon_registered "device '$c' ($(readlink -f '/sys/class/misc/vmbus!hv_kvp' 2>&1)) pid '$p': $(ls /dev/vmbus 2>&1 | tr '\n' ' ') $(kmsg_since | grep kvp | tail -2 | tr '\n' '|')"

# the auto pool, item by item, until the daemon says there is no more
found=$(kvp_enum 2)
i=$(echo "$found" | grep -c .)
echo "$found" | grep -q '^FullyQualifiedDomainName=hvl-guest.hvl.test$' && pass enumerate_hostname ||
	fail enumerate_hostname "$(echo "$found" | tr '\n' '|')"
echo "$found" | grep -q '^NetworkAddressIPv4=.*10\.77\.0\.5' && pass enumerate_ipv4 "$(echo "$found" | grep IPv4)" ||
	fail enumerate_ipv4 "$(echo "$found" | tr '\n' '|')"
echo "$found" | grep -q '^OSName=..*' && echo "$found" | grep -q "^OSBuildNumber=$(uname -r)" &&
	pass enumerate_os "$(echo "$found" | grep '^OSName=')" || fail enumerate_os "$(echo "$found" | tr '\n' '|')"
echo "$found" | grep -q '^IntegrationServicesVersion=hv_ic$' && pass enumerate_version ||
	fail enumerate_version "$(echo "$found" | tr '\n' '|')"
[ $i -ge 9 ] && [ "$(kv status)" = $S_CONT ] && pass enumerate_end "$i items, then S_CONT" ||
	fail enumerate_end "$i items, status $(kv status)"

kvp_req op=set pool=0 key=HostName value=host-1
grep -aq 'HostName' /var/lib/hyperv/.kvp_pool_0 && grep -aq 'host-1' /var/lib/hyperv/.kvp_pool_0 &&
	[ "$(kv status)" = 0x0 ] && pass set_pool_file ||
	fail set_pool_file "status $(kv status): $(ls -la /var/lib/hyperv 2>&1 | tr '\n' '|')"
kvp_req op=get pool=0 key=HostName
[ "$(kv status)" = 0x0 ] && [ "$(kv value)" = host-1 ] && pass get_value ||
	fail get_value "status $(kv status) value '$(kv value)'"
kvp_req op=set pool=0 key=Answer dword=42 && kvp_req op=get pool=0 key=Answer
[ "$(kv status)" = 0x0 ] && [ "$(kv value)" = 42 ] && pass get_dword ||
	fail get_dword "status $(kv status) value '$(kv value)'"
kvp_req op=delete pool=0 key=HostName
st=$(kv status)
kvp_req op=get pool=0 key=HostName
[ "$st" = 0x0 ] && [ "$(kv status)" = $S_CONT ] && ! grep -aq 'HostName' /var/lib/hyperv/.kvp_pool_0 &&
	pass delete || fail delete "delete $st, get $(kv status)"

# the IP settings of an adapter: GET_IP_INFO by the MAC address
mac=$(tr a-f A-F < /sys/class/net/kv0/address)
kvp_req op=get_ip pool=0 adapter=$mac
[ "$(kv status)" = 0x0 ] && [ "$(kv adapter)" = "$mac" ] && kv ip | grep -q '10\.77\.0\.5' &&
	kv subnet | grep -q '255\.255\.255\.0' && [ $(($(kv family) & 1)) = 1 ] &&
	pass get_ip_info "ip $(kv ip) subnet $(kv subnet) family $(kv family)" ||
	fail get_ip_info "daemon timeouts $(gst daemon_timeout), status $(kv status) adapter '$(kv adapter)' ip '$(kv ip)' subnet '$(kv subnet)' family $(kv family)"
# SET_IP_INFO by the instance GUID of a netvsc NIC; Debian ships no
# hv_set_ifconfig, so a recorder stands in for the distribution's script
echo "net id=$GN" > $D/hv_sim/new_device
wait_until 100 "[ -n \"\$(nic_if $GN)\" ]"
N=$(nic_if $GN)
mkdir -p /usr/libexec/hypervkvpd
printf '#!/bin/sh\ncp "$1" /tmp/ifcfg.got\n' > /usr/libexec/hypervkvpd/hv_set_ifconfig
chmod +x /usr/libexec/hypervkvpd/hv_set_ifconfig
rm -f /tmp/ifcfg.got
kvp_req op=set_ip pool=0 adapter={$GN} family=1 dhcp=0 ip=10.1.2.3 subnet=255.255.255.0 gateway=10.1.2.1 dns=10.1.2.53
got=$(cat /tmp/ifcfg.got 2>/dev/null | tr '\n' ' ')
ifcfg_has() { for l in "$@"; do echo " $got " | grep -q " $l " || return 1; done; }
[ "$(kv status)" = 0x0 ] && [ -n "$N" ] &&
	ifcfg_has "DEVICE=$N" BOOTPROTO=none IPADDR0=10.1.2.3 NETMASK0=255.255.255.0 GATEWAY=10.1.2.1 DNS1=10.1.2.53 &&
	pass set_ip_info "$N: $got" ||
	fail set_ip_info "status $(kv status) nic '$N': '$got'"
kvp_req op=set_ip pool=0 adapter={7a3c0e10-5d2f-4e3f-8a4b-000000000000} family=1 ip=10.1.2.9
[ "$(kv status)" = $GUID_NOTFOUND ] && pass set_ip_unknown || fail set_ip_unknown "status $(kv status)"
echo "$GN" > $D/hv_sim/del_device
wait_until 100 "[ -z \"\$(nic_if $GN)\" ]"

# the daemon killed and started again
killall hv_kvp_daemon
wait_until 50 'kmsg_since | grep -q "kvp: the daemon closed the device"'
daemon_up
kvp_req op=get pool=0 key=Answer
[ "$(kv status)" = 0x0 ] && [ "$(kv value)" = 42 ] && pass restart "registered again, pool kept" ||
	fail restart "status $(kv status) value '$(kv value)': $(kmsg_since | grep kvp | tail -2 | tr '\n' '|')"
killall hv_kvp_daemon
wait_until 50 '! pidof hv_kvp_daemon > /dev/null'

# a stand-in that registers, reads the answer and never answers a request;
# the real daemon had 8 s (its GET_IP_INFO runs shell scripts, slow on the
# debug kernel), the stand-in gets 1 s
echo 1000 > /sys/module/hv_ic/parameters/daemon_timeout_ms
t=$(gst daemon_timeout)
exec 3<> /dev/vmbus/hv_kvp
dd if=/tmp/kvp-reg bs=7432 count=1 >&3 2> /dev/null
dd bs=7432 count=1 <&3 > /dev/null 2>&1
kvp_req op=get pool=0 key=Answer
[ "$(kv status)" = $E_FAIL ] && [ "$(gst daemon_timeout)" = $((t + 1)) ] &&
	pass daemon_timeout "failed after daemon_timeout_ms" ||
	fail daemon_timeout "status $(kv status) timeouts $(gst daemon_timeout)"
# one that reads the request and closes with it in hand
n=$(gst no_daemon) a=$(kv answers)
echo "kvp op=get pool=0 key=Answer" > $D/hv_sim/ic_ctl
dd bs=7432 count=1 <&3 > /tmp/kvp-req 2>/dev/null
exec 3>&-
wait_until 100 "[ \"\$(kv answers)\" -gt $a ]"
[ "$(kv status)" = $E_FAIL ] && [ "$(gst no_daemon)" = $((n + 1)) ] && [ "$(wc -c < /tmp/kvp-req)" = 7432 ] &&
	pass daemon_closed "failed when the reader closed" ||
	fail daemon_closed "status $(kv status) no_daemon $(gst no_daemon) read $(wc -c < /tmp/kvp-req)"

daemon_up
b=$(gst bad_message)
echo "kvp fault=kvp_no_nul" > $D/hv_sim/ic_ctl
kvp_req op=get pool=0 key=Answer
[ "$(kv status)" = $E_FAIL ] && [ "$(gst bad_message)" = $((b + 1)) ] && pass fault_no_nul ||
	fail fault_no_nul "status $(kv status) bad_message $(gst bad_message)"
echo "kvp fault=kvp_bad_size" > $D/hv_sim/ic_ctl
kvp_req op=delete pool=0 key=Answer
[ "$(kv status)" = $E_FAIL ] && [ "$(gst bad_message)" = $((b + 2)) ] && pass fault_bad_size ||
	fail fault_bad_size "status $(kv status) bad_message $(gst bad_message)"

out=$(cat /dev/vmbus/hv_kvp 2>&1)
case $out in
*busy*) pass busy "$out" ;;
*) fail busy "a second opener: '$out'" ;;
esac
killall hv_kvp_daemon
wait_until 50 '! pidof hv_kvp_daemon > /dev/null'
kmsg_mark
out=$(dd if=/tmp/kvp-reg of=/dev/vmbus/hv_kvp bs=100 count=1 2>&1)
[ $? != 0 ] && kmsg_since | grep -q 'kvp: write of 100 bytes' && pass bad_size_write ||
	fail bad_size_write "'$out' $(kmsg_since | tail -2 | tr '\n' '|')"

[ "$(sed -n 's/.* kvp .*bad_answer=\([0-9]*\).*/\1/p' $D/hv_sim/ic)" = 0 ] && pass host_clean ||
	fail host_clean "$(cat $D/hv_sim/ic)"

ip link del kv0 2>/dev/null
if rmmod hv_ic && rmmod netvsc && rmmod vmbus && rmmod hv_core && rmmod hv_sim; then
	pass unload
else
	fail unload "$(lsmod | head -5 | tr '\n' '|') $(kmsg_since | tail -3 | tr '\n' '|')"
fi
leak_check
