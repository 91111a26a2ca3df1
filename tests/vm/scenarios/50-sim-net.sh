# SPDX-License-Identifier: GPL-2.0
# boot: slab
# append: slub_debug=U,kmalloc-*
# timeout: 240
# hv_sim's NetVSP device class ("net") without a guest network driver: new_device
# with every key and its defaults (unique 00:15:5d MACs, queues from the online
# CPUs), refusal of every bad key (the write fails and exactly one line is
# logged, and nothing is left behind), the "net" debugfs lines, net_ctl (link
# changes, bad input refused the same way; the NetVSP fault knobs taken alone
# and together, shown on the "net" line, disarmed, and every bad value refused
# with one line and nothing changed), the offers on bus "vmbus" with the
# network class GUID, del_device of an offered NIC, unload with NICs present,
# and load/create/delete/unload cycles after which nothing the modules
# allocated is left (slab per call site, as 25-load-cycles).
# checks: load files new_default new_keys queues_alias monitor macs_unique net_format
# checks: bad_mac_multicast bad_mac_syntax bad_mac_dup bad_mac_twice bad_mtu_low bad_mtu_high
# checks: bad_queues_0 bad_queues_17 bad_queues_channels bad_channels_queues bad_link bad_rsc
# checks: bad_mc_max_0 bad_mc_max_33 bad_key refused_nothing_left
# checks: ctl_link ctl_bad_syntax ctl_no_arg ctl_bad_value ctl_unknown ctl_not_nic ctl_extra
# checks: fault_keys fault_multi fault_disarm fault_bad_key fault_bad_number fault_negative
# checks: fault_count_high fault_delay_high fault_bad_oid fault_oid_high fault_twice fault_empty
# checks: fault_link_bad fault_not_nic fault_unknown_nic fault_unchanged
# checks: offer class_id offered_all del_offered rmmod cycles slab debugfs
on_exit "rmmod vmbus 2>/dev/null; rmmod hv_core 2>/dev/null; rmmod hv_sim 2>/dev/null"
H=$D/hv_sim
CLASS=f8615163-df3e-46c5-913f-f2d2f965ed0e
G1=5e1d1c5a-0000-4000-8000-0000000000a1
G2=5e1d1c5a-0000-4000-8000-0000000000a2
G3=5e1d1c5a-0000-4000-8000-0000000000a3
G4=5e1d1c5a-0000-4000-8000-0000000000a4
GE=5e1d1c5a-0000-4000-8000-0000000000e1
GX=5e1d1c5a-0000-4000-8000-0000000000ff

# write "$2" to control file "$1": "ok" or the error
ctl() { sh -c "echo '$2' > $H/$1" 2>&1 && echo ok; }
# the "net" line of one NIC, and one key=value of it
line_of() { grep "^$1 " $H/net; }
val() { line_of "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
# a bad write: must fail, and log exactly one line mentioning the file
refuse() {
	local check=$1 file=$2 input=$3 out n
	kmsg_mark
	out=$(ctl "$file" "$input")
	n=$(kmsg_since | grep -c "$file: ")
	if [ "$out" != ok ] && [ "$n" = 1 ]; then
		pass "$check" "'$input': $(kmsg_since | grep "$file: " | sed 's/^\[[^]]*\] //')"
	else
		fail "$check" "'$input' -> $out, $n log lines: $(kmsg_since | tr '\n' '|')"
	fi
}
cpus=$(grep -c '^processor' /proc/cpuinfo)
[ "$cpus" -gt 8 ] && cpus=8

insmod "$(mod hv_sim)" && pass load || { fail load "$(dmesg | tail -2 | tr '\n' '|')"; exit 0; }
[ -r $H/net ] && [ -e $H/net_ctl ] && pass files || fail files "$(ls $H | tr '\n' ' ')"

# defaults: a generated 00:15:5d MAC, link up, mtu_max 9202, a 32-entry
# multicast list, min(8, CPUs) queues,
# nothing negotiated, one receive-queue count per queue, every offload on (as
# openvmm starts), every counter 0, no fault knob armed
zeros=$(seq $cpus | sed 's/.*/0/' | paste -sd/)
out=$(ctl new_device "net id=$G1")
l=$(line_of $G1)
if [ "$out" = ok ] && grep -q "^$G1 net relid=" $H/devices &&
   echo "$l" | grep -q " mac=00:15:5d:[0-9a-f:]* perm=00:15:5d:[0-9a-f:]* link=up nvsp=0x0 ndis=0.0 mtu=1500 mtu_max=9202 mc_max=32 queues=$cpus recv=0/0x0 send=0/0x6144 filter=0x0 rndis=uninitialized rss=off rsc=0 queued=0 ctl_queued=0 rxq=$zeros csum_tx=0x1f csum_rx=0x1f lso=0x3 " &&
   [ -z "$(echo "$l" | tr ' ' '\n' | grep '=' | grep -E '^(rx_|tx_|flooded|learned|dropped|ctl_sent|ctl_dropped|send_tables|bad|unsupported|faults|fault_)' | grep -v -E '=(0|0x0)$')" ]; then
	pass new_default "$l"
else
	fail new_default "$out: $l"
fi

out=$(ctl new_device "net id=$G2 mac=02:11:22:33:44:55 mtu_max=1500 queues=4 link=down rsc=1 mc_max=4")
l=$(line_of $G2)
[ "$out" = ok ] && [ "$(val $G2 mac)" = 02:11:22:33:44:55 ] && [ "$(val $G2 perm)" = 02:11:22:33:44:55 ] &&
	[ "$(val $G2 mtu_max)" = 1500 ] && [ "$(val $G2 mc_max)" = 4 ] && [ "$(val $G2 queues)" = 4 ] &&
	[ "$(val $G2 link)" = down ] &&
	[ "$(val $G2 rsc)" = 1 ] && [ "$(val $G2 rxq)" = 0/0/0/0 ] && pass new_keys "$l" ||
	fail new_keys "$out: $l"

# channels= is the generic spelling of queues=
out=$(ctl new_device "net id=$G3 channels=3")
[ "$out" = ok ] && [ "$(val $G3 queues)" = 3 ] && pass queues_alias "$(line_of $G3 | cut -d' ' -f1-12)" ||
	fail queues_alias "$out: $(line_of $G3)"
out=$(ctl new_device "net id=$G4 monitor=1 queues=1 mtu_max=9202 link=up rsc=0")
[ "$out" = ok ] && [ "$(val $G4 queues)" = 1 ] && pass monitor "$(grep "^$G4" $H/devices)" ||
	fail monitor "$out: $(line_of $G4)"

for i in 1 2 3; do ctl new_device net > /dev/null; done
macs=$(sed 's/.* perm=\([^ ]*\) .*/\1/' $H/net)
n=$(echo "$macs" | wc -l) u=$(echo "$macs" | sort -u | wc -l)
gen=$(echo "$macs" | grep -c '^00:15:5d:')
[ "$n" = 7 ] && [ "$u" = 7 ] && [ "$gen" = 6 ] && pass macs_unique "$(echo $macs)" ||
	fail macs_unique "$n NICs, $u distinct, $gen generated: $(echo $macs)"

re='^[0-9a-f-]\{36\} mac=[0-9a-f:]\{17\} perm=[0-9a-f:]\{17\} link=[a-z]* nvsp=[0-9a-fx]* ndis=[0-9]*\.[0-9]* mtu=[0-9]* mtu_max=[0-9]* mc_max=[0-9]* queues=[0-9]* recv=[0-9]*/[0-9]*x[0-9]* send=[0-9]*/[0-9]*x6144 filter=[0-9a-fx]* rndis=[a-z]* rss=o[nf]* rsc=[01] queued=[0-9]* ctl_queued=[0-9]* rxq=[0-9]*\(/[0-9]*\)* csum_tx=0x[0-9a-f]* csum_rx=0x[0-9a-f]* lso=0x[0-9a-f]* rsc_on=0x[0-9a-f]*\( [a-z_]*=[0-9]*\)\{36\} fault_drop=[0-9]* fault_delay_us=[0-9]* fault_bad_rndis=[0-9]* fault_bad_xfer=[0-9]* fault_bad_completion=[0-9]* fault_big_xfer=[0-9]* fault_bad_rsc=[0-9]* fault_refuse_set=0x[0-9a-f]*$'
total=$(wc -l < $H/net) good=$(grep -c "$re" $H/net)
# one receive-queue count per queue
rxq_ok=$(awk '{ q = r = ""; for (i = 1; i <= NF; i++) { if ($i ~ /^queues=/) q = substr($i, 8); if ($i ~ /^rxq=/) r = substr($i, 5) } if (split(r, a, "/") == q) n++ } END { print n + 0 }' $H/net)
[ "$total" = 7 ] && [ "$good" = 7 ] && [ "$rxq_ok" = 7 ] && pass net_format "7 lines, 30 counters and 7 fault knobs each" ||
	fail net_format "total=$total good=$good rxq_ok=$rxq_ok: $(head -1 $H/net)"

refuse bad_mac_multicast new_device "net mac=01:00:5e:00:00:01"
refuse bad_mac_syntax new_device "net mac=02:11:22:33:44"
refuse bad_mac_dup new_device "net mac=02:11:22:33:44:55"
refuse bad_mac_twice new_device "net mac=02:00:00:00:00:01 mac=02:00:00:00:00:02"
refuse bad_mtu_low new_device "net mtu_max=1499"
refuse bad_mtu_high new_device "net mtu_max=9203"
refuse bad_queues_0 new_device "net queues=0"
refuse bad_queues_17 new_device "net queues=17"
refuse bad_queues_channels new_device "net queues=2 channels=2"
refuse bad_channels_queues new_device "net channels=2 queues=2"
refuse bad_link new_device "net link=sideways"
refuse bad_rsc new_device "net rsc=2"
refuse bad_mc_max_0 new_device "net mc_max=0"
refuse bad_mc_max_33 new_device "net mc_max=33"
refuse bad_key new_device "net colour=blue"
[ "$(wc -l < $H/net)" = 7 ] && [ "$(grep -c ' net ' $H/devices)" = 7 ] &&
	pass refused_nothing_left "7 NICs" || fail refused_nothing_left "$(cat $H/devices | tr '\n' '|')"

out1=$(ctl net_ctl "$G2 link=up")
v1=$(val $G2 link)
out2=$(ctl net_ctl "$G2 link=down")
v2=$(val $G2 link)
[ "$out1" = ok ] && [ "$v1" = up ] && [ "$out2" = ok ] && [ "$v2" = down ] &&
	pass ctl_link "up, then down" || fail ctl_link "$out1 $v1 $out2 $v2"
ctl new_device "echo id=$GE" > /dev/null
refuse ctl_bad_syntax net_ctl "garbage"
refuse ctl_no_arg net_ctl "$G1"
refuse ctl_bad_value net_ctl "$G1 link=maybe"
refuse ctl_unknown net_ctl "$GX link=up"
refuse ctl_not_nic net_ctl "$GE link=up"
refuse ctl_extra net_ctl "$G1 link=up now"

# fault knobs: each key alone is taken and shown; with no guest driver none fires
faults() { line_of "$1" | grep -o ' fault_.*'; }
bad=
for kv in drop=3 delay_us=250 bad_rndis=2 bad_xfer=1 bad_completion=4 big_xfer=5 bad_rsc=6 refuse_set=0x0001021b; do
	k=${kv%%=*} v=${kv#*=}
	[ $k = refuse_set ] && v=0x1021b
	out=$(ctl net_ctl "$G1 $kv")
	[ "$out" = ok ] && [ "$(val $G1 fault_$k)" = "$v" ] || bad="$bad $kv:$out:$(val $G1 fault_$k)"
done
[ -z "$bad" ] && pass fault_keys "$(faults $G1)" || fail fault_keys "$bad"
# several in one write, the link among them, the largest values
out=$(ctl net_ctl "$G3 drop=7 delay_us=1000000 bad_rndis=1000000 bad_xfer=0 bad_completion=1 big_xfer=2 bad_rsc=3 refuse_set=fc01020c link=down")
[ "$out" = ok ] && [ "$(faults $G3)" = " fault_drop=7 fault_delay_us=1000000 fault_bad_rndis=1000000 fault_bad_xfer=0 fault_bad_completion=1 fault_big_xfer=2 fault_bad_rsc=3 fault_refuse_set=0xfc01020c" ] &&
	[ "$(val $G3 link)" = down ] && pass fault_multi "$(faults $G3)" ||
	fail fault_multi "$out: $(line_of $G3)"
# 0 disarms each; nothing was injected
out=$(ctl net_ctl "$G3 drop=0 delay_us=0 bad_rndis=0 bad_xfer=0 bad_completion=0 big_xfer=0 bad_rsc=0 refuse_set=0")
[ "$out" = ok ] && [ "$(faults $G3)" = " fault_drop=0 fault_delay_us=0 fault_bad_rndis=0 fault_bad_xfer=0 fault_bad_completion=0 fault_big_xfer=0 fault_bad_rsc=0 fault_refuse_set=0x0" ] &&
	[ "$(val $G3 dropped_fault)" = 0 ] && [ "$(val $G3 faults_injected)" = 0 ] &&
	pass fault_disarm "$(faults $G3)" || fail fault_disarm "$out: $(line_of $G3)"
# bad input: refused with one line, and G1's knobs and link as they were
ctl net_ctl "$G1 drop=2 delay_us=10 refuse_set=0x0001010e" > /dev/null
before="$(val $G1 link)$(faults $G1)"
refuse fault_bad_key net_ctl "$G1 drop=1 dorp=1"
refuse fault_bad_number net_ctl "$G1 bad_rndis=x"
refuse fault_negative net_ctl "$G1 drop=-1"
refuse fault_count_high net_ctl "$G1 big_xfer=1000001"
refuse fault_delay_high net_ctl "$G1 delay_us=1000001"
refuse fault_bad_oid net_ctl "$G1 refuse_set=0xzz"
refuse fault_oid_high net_ctl "$G1 refuse_set=0x100000000"
refuse fault_twice net_ctl "$G1 drop=1 drop=2"
refuse fault_empty net_ctl "$G1 bad_xfer="
refuse fault_link_bad net_ctl "$G1 drop=5 link=maybe"
refuse fault_not_nic net_ctl "$GE drop=1"
refuse fault_unknown_nic net_ctl "$GX drop=1"
after="$(val $G1 link)$(faults $G1)"
[ "$before" = "up fault_drop=2 fault_delay_us=10 fault_bad_rndis=2 fault_bad_xfer=1 fault_bad_completion=4 fault_big_xfer=5 fault_bad_rsc=6 fault_refuse_set=0x1010e" ] &&
	[ "$after" = "$before" ] && pass fault_unchanged "$after" ||
	fail fault_unchanged "before '$before', after '$after'"

# the guest's bus: every NIC offered with the network class, none bound
kmsg_mark
if insmod "$(mod hv_core)" && insmod "$(mod vmbus)"; then
	DEV=/sys/bus/vmbus/devices/$G1
	wait_until 50 "[ -d $DEV ]"
	[ -d $DEV ] && pass offer "$(ls /sys/bus/vmbus/devices | tr '\n' ' ')" ||
		fail offer "no $DEV: $(kmsg_since | tail -3 | tr '\n' '|')"
	[ "$(cat $DEV/class_id 2>/dev/null)" = "{$CLASS}" ] && [ "$(cat $DEV/device 2>/dev/null)" = 0x3 ] &&
		pass class_id "$(cat $DEV/class_id) device $(cat $DEV/device)" ||
		fail class_id "$(cat $DEV/class_id 2>&1) device $(cat $DEV/device 2>&1)"
	wait_until 50 '[ "$(grep -lx "{$CLASS}" /sys/bus/vmbus/devices/*/class_id | wc -l)" = 7 ]'
	n=$(grep -lx "{$CLASS}" /sys/bus/vmbus/devices/*/class_id | wc -l)
	offered=$(grep ' net ' $H/devices | grep -c 'state=offered')
	[ "$n" = 7 ] && [ "$offered" = 7 ] && pass offered_all "7 NICs offered" ||
		fail offered_all "$n on the bus, $offered offered: $(cat $H/devices | tr '\n' '|')"
	# rescinded, released by the guest, freed by the host
	out=$(ctl del_device $G1)
	wait_until 50 "[ ! -d $DEV ] && ! grep -q '^$G1' $H/devices"
	[ "$out" = ok ] && [ ! -d $DEV ] && ! grep -q "^$G1" $H/devices && [ -z "$(line_of $G1)" ] &&
		pass del_offered "$(wc -l < $H/net) NICs left" ||
		fail del_offered "$out: $(ls /sys/bus/vmbus/devices | tr '\n' ' ') / $(grep "^$G1" $H/devices)"
else
	for c in offer class_id offered_all del_offered; do fail $c "load: $(kmsg_since | tail -3 | tr '\n' '|')"; done
fi

# unload with NICs (offered ones among them) present: nothing stays registered
kmsg_mark
if rmmod vmbus && rmmod hv_core && rmmod hv_sim; then
	[ "$(kmsg_since | grep -c 'still registered')" = 0 ] && pass rmmod || fail rmmod "$(kmsg_since | tr '\n' '|')"
else
	fail rmmod "rmmod failed: $(lsmod | head -5 | tr '\n' '|')"
fi

# cycles: NICs of every kind made, offered, relinked and deleted, modules unloaded with
# some still there; then nothing allocated by the modules' code is left
LAST=
cycle() {
	insmod "$(mod hv_sim)" && insmod "$(mod hv_core)" && insmod "$(mod vmbus)" || { LAST=load; return 1; }
	echo "net id=$G1 queues=2" > $H/new_device && echo "net id=$G2 link=down rsc=1" > $H/new_device &&
		echo "net id=$G3 mac=02:00:00:00:00:03 mtu_max=1500" > $H/new_device &&
		echo "echo id=$GE" > $H/new_device || { LAST=new_device; return 1; }
	wait_until 50 "[ -d /sys/bus/vmbus/devices/$G3 ]" || { LAST=offer; return 1; }
	echo "$G2 link=up" > $H/net_ctl && echo "$G1 link=down" > $H/net_ctl &&
		echo "$G1 drop=1 delay_us=5 big_xfer=1 refuse_set=0x1010e" > $H/net_ctl || { LAST=net_ctl; return 1; }
	echo $G3 > $H/del_device && wait_until 50 "! grep -q '^$G3' $H/devices" || { LAST=del_device; return 1; }
	rmmod vmbus && rmmod hv_core && rmmod hv_sim || { LAST=unload; return 1; }
}
cycle
sync; sleep 1; s0=$(module_objs)
fails=0
for c in 1 2 3; do
	cycle || { fails=$((fails + 1)); for m in vmbus hv_core hv_sim; do rmmod $m 2>/dev/null; done; }
done
sync; sleep 1; s1=$(module_objs)
[ $fails = 0 ] && pass cycles "3 cycles" || fail cycles "$fails failed, the last at: $LAST"
[ "${s1#*/}" -gt 0 ] && [ "${s1%/*}" = "${s0%/*}" ] &&
	pass slab "objects from unloaded module code: ${s0%/*} -> ${s1%/*} (of ${s1#*/} recorded)" ||
	fail slab "objects from unloaded module code: $s0 -> $s1 $(unloaded_sites)"
[ ! -e $H ] && pass debugfs || fail debugfs "$(ls $D | grep hv_)"
