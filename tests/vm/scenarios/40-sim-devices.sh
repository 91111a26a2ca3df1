# SPDX-License-Identifier: GPL-2.0
# tier: deep
# hv_sim's host half without a guest bus: the device control files
# (new_device, del_device, devices), their refusal of bad input (the write
# fails and exactly one line is logged), the fault knobs, the VMBus state
# file, the message ports per host generation, and a clean unload with
# devices still present.
# checks: load files new_echo new_echo_id new_channels list_format ports
# checks: del_unconnected bad_type bad_key bad_guid channels_0 channels_99 dup_id
# checks: del_unknown del_bad_guid faults_arm faults_refuse faults_clear vmbus_state
# checks: image_unaligned image_ram gen_ports rmmod
on_exit "rmmod hv_sim 2>/dev/null"
H=$D/hv_sim
G1=5e1d1c5a-0000-4000-8000-000000000001
G2=5e1d1c5a-0000-4000-8000-000000000002

# write "$2" to control file "$1": "ok" or the error
ctl() { sh -c "echo '$2' > $H/$1" 2>&1 && echo ok; }
# lines of the devices file for one instance
lines_of() { grep -c "^$1 " $H/devices; }
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

insmod "$(mod hv_sim)" && pass load || fail load "$(dmesg | tail -2 | tr '\n' '|')"

missing=
for f in new_device del_device devices vmbus_faults vmbus; do [ -e $H/$f ] || missing="$missing $f"; done
[ -z "$missing" ] && pass files || fail files "missing:$missing"

# an echo device with a generated instance GUID: one primary channel, not offered yet
out=$(ctl new_device echo)
n=$(grep -c ' echo ' $H/devices)
[ "$out" = ok ] && [ "$n" = 1 ] && pass new_echo "$(cat $H/devices)" || fail new_echo "$out; $(cat $H/devices)"

out=$(ctl new_device "echo id=$G1")
[ "$out" = ok ] && [ "$(lines_of $G1)" = 1 ] && pass new_echo_id "$(grep "^$G1" $H/devices)" ||
	fail new_echo_id "$out; $(cat $H/devices)"

# channels=4 is a maximum: sub-channels appear only when the guest asks
out=$(ctl new_device "echo id=$G2 channels=4 monitor=1")
[ "$out" = ok ] && [ "$(lines_of $G2)" = 1 ] && pass new_channels "$(grep "^$G2" $H/devices)" ||
	fail new_channels "$out; $(cat $H/devices)"

# every line: <guid> <type> relid= sub= conn= state= vp= rx= tx=; relids distinct
re='^[0-9a-f]\{8\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{12\} echo relid=[0-9]* sub=0 conn=[0-9]* state=released vp=0 rx=0 tx=0$'
total=$(wc -l < $H/devices) good=$(grep -c "$re" $H/devices)
relids=$(sed -n 's/.* relid=\([0-9]*\) .*/\1/p' $H/devices | sort -u | wc -l)
[ "$total" = 3 ] && [ "$good" = 3 ] && [ "$relids" = 3 ] && pass list_format "3 lines, 3 relids" ||
	fail list_format "total=$total good=$good relids=$relids: $(cat $H/devices | tr '\n' '|')"

# each channel's connection is a host port; the message connections are 1 and 4 (ws2019)
ports=$(sed -n 's/^ports: *//p' $H/partition)
bad=
for c in $(sed -n 's/.* conn=\([0-9]*\) .*/\1/p' $H/devices); do
	echo " $ports " | grep -q " ${c}e " || bad="$bad $c"
done
echo " $ports " | grep -q " 1m .*4m " || bad="$bad message-ports"
[ -z "$bad" ] && pass ports "$ports" || fail ports "missing:$bad in '$ports'"

# a device the guest never saw goes at once
out=$(ctl del_device $G1)
[ "$out" = ok ] && [ "$(lines_of $G1)" = 0 ] && pass del_unconnected "$(wc -l < $H/devices) lines left" ||
	fail del_unconnected "$out; $(cat $H/devices)"

refuse bad_type new_device "disk9 id=$G1"
refuse bad_key new_device "echo colour=blue"
refuse bad_guid new_device "echo id=5e1d1c5a-xyz"
refuse channels_0 new_device "echo channels=0"
refuse channels_99 new_device "echo channels=99"
refuse dup_id new_device "echo id=$G2"
# a disk's first contents from reserved memory (image=): page-aligned, and
# never from System RAM (the booted image test uses it for its root disk)
refuse image_unaligned new_device "disk image=0x1000800 size=16M"
refuse image_ram new_device "disk image=0x1000000 size=16M"
refuse del_unknown del_device "$G1"
refuse del_bad_guid del_device "not-a-guid"

# fault knobs: accepted, listed with their settings, refused when bad, cleared
F=$H/vmbus_faults
# one line per knob: 12 of them (sim/vmbus_fault.c)
out=$(ctl vmbus_faults "drop every=2 count=3 arg=15")
out2=$(ctl vmbus_faults "delay arg=500 type=5")
[ "$out" = ok ] && [ "$out2" = ok ] &&
	grep -q '^drop every=2 count=3 arg=15 seen=0 injected=0$' $F &&
	grep -q '^delay every=1 count=0 arg=500 seen=0 injected=0 type=5$' $F &&
	[ "$(wc -l < $F)" = 12 ] && pass faults_arm "$(grep -E '^(drop|delay) ' $F | tr '\n' '|')" ||
	fail faults_arm "$out/$out2: $(cat $F | tr '\n' '|')"
bad=
for cmd in "bogus every=1" "drop colour=1" "no_answer arg=99" "delay arg=99999999999" \
	   "dup every=x" "rescind arg=1" "drop type=5" "delay type=0"; do
	kmsg_mark
	out=$(ctl vmbus_faults "$cmd")
	n=$(kmsg_since | grep -c 'vmbus_faults: ')
	[ "$out" != ok ] && [ "$n" = 1 ] || bad="$bad [$cmd: $out, $n lines]"
done
[ -z "$bad" ] && pass faults_refuse "8 bad commands refused" || fail faults_refuse "$bad"
out=$(ctl vmbus_faults clear)
[ "$out" = ok ] && [ "$(grep -c ' every=0 count=0 arg=0 seen=0 injected=0$' $F)" = 12 ] &&
	pass faults_clear || fail faults_clear "$out: $(cat $F | tr '\n' '|')"

V=$H/vmbus
grep -q '^state: disconnected$' $V && grep -q '^host_max_version: 5.2$' $V &&
	grep -q '^channels: 2$' $V && grep -q '^rx_initiate_contact: 0$' $V &&
	grep -q '^bad_size: 0$' $V && pass vmbus_state "$(head -3 $V | tr '\n' ' ')" ||
	fail vmbus_state "$(cat $V | tr '\n' '|')"

# unload with devices present: every port goes, nothing is left behind
kmsg_mark
if rmmod hv_sim; then
	left=$(kmsg_since | grep -c 'still registered')
	[ "$left" = 0 ] && pass rmmod || fail rmmod "$(kmsg_since | tr '\n' '|')"
else
	fail rmmod "rmmod failed"
fi

# a host whose newest version is below 5.0 has no connection 4
if insmod "$(mod hv_sim)" host=ws2012r2; then
	ports=$(sed -n 's/^ports: *//p' $H/partition)
	grep -q '^host_max_version: 3.0$' $V && echo " $ports " | grep -q ' 1m ' &&
		! echo " $ports " | grep -q ' 4m ' && pass gen_ports "ws2012r2: '$ports'" ||
		fail gen_ports "ports '$ports', $(grep host_max $V)"
	rmmod hv_sim
else
	fail gen_ports "insmod host=ws2012r2 failed"
fi
