# SPDX-License-Identifier: GPL-2.0
# tier: deep
# timeout: 90
# Bad user settings (hv_sim, hv_timer, netvsc): -EINVAL and one log line,
# nothing loaded; a good netvsc max_queues= takes effect, and so does
# max_nvsp_version= (NVSP 4: NDIS 6.1's offload objects). And a
# confidential VM (hv_sim isolation=snp|tdx): hv_core refuses to load with
# one line naming the isolation type, before it touched any MSR.
# checks: sim_bad_host sim_bad_host_log timer_bad_mode timer_bad_mode_log
# checks: sim_bad_isolation sim_bad_vp_index cvm_refused cvm_untouched
# checks: netvsc_bad_params netvsc_one_queue netvsc_nvsp4_offloads
on_exit "rmmod netvsc 2>/dev/null; rmmod vmbus 2>/dev/null; rmmod hv_timer 2>/dev/null; rmmod hv_core 2>/dev/null; rmmod hv_sim 2>/dev/null"
kmsg_mark
out=$(insmod "$(mod hv_sim)" host=ws1999 2>&1)
[ $? -ne 0 ] && echo "$out" | grep -q 'Invalid' && ! grep -q '^hv_sim ' /proc/modules &&
	pass sim_bad_host "$out" || fail sim_bad_host "$out"
n=$(kmsg_since | grep -c 'hv_sim.*ws1999')
[ "$n" = 1 ] && pass sim_bad_host_log "$(kmsg_since | grep 'ws1999')" || fail sim_bad_host_log "$n lines"

insmod "$(mod hv_sim)" && insmod "$(mod hv_core)"
kmsg_mark
out=$(insmod "$(mod hv_timer)" mode=bogus 2>&1)
[ $? -ne 0 ] && echo "$out" | grep -q 'Invalid' && ! grep -q '^hv_timer ' /proc/modules &&
	pass timer_bad_mode "$out" || fail timer_bad_mode "$out"
# the kernel adds its own "invalid for parameter" line for any rejected value
n=$(kmsg_since | grep 'bogus' | grep -vc 'invalid for parameter')
[ "$n" = 1 ] && pass timer_bad_mode_log "$(kmsg_since | grep bogus | head -1)" || fail timer_bad_mode_log "$n lines: $(kmsg_since | tail -3 | tr '\n' '|')"
rmmod hv_core && rmmod hv_sim

kmsg_mark
out=$(insmod "$(mod hv_sim)" isolation=sgx 2>&1)
[ $? -ne 0 ] && ! grep -q '^hv_sim ' /proc/modules && [ "$(kmsg_since | grep -c 'unknown isolation=sgx')" = 1 ] &&
	pass sim_bad_isolation "$(kmsg_since | grep 'isolation=sgx')" || fail sim_bad_isolation "$out"
kmsg_mark
out=$(insmod "$(mod hv_sim)" vp_index=random 2>&1)
[ $? -ne 0 ] && ! grep -q '^hv_sim ' /proc/modules && [ "$(kmsg_since | grep -c 'unknown vp_index=random')" = 1 ] &&
	pass sim_bad_vp_index "$(kmsg_since | grep 'vp_index=random')" || fail sim_bad_vp_index "$out"

why= untouched=
for iso in snp:SNP,.paravisor tdx:TDX; do
	want=$(echo "${iso#*:}" | tr . ' ')
	insmod "$(mod hv_sim)" isolation=${iso%%:*} || { why="$why ${iso%%:*}: hv_sim did not load"; continue; }
	kmsg_mark
	out=$(insmod "$(mod hv_core)" 2>&1)
	rc=$?
	line=$(kmsg_since | grep 'hv_core: confidential VM')
	[ $rc -ne 0 ] && ! grep -q '^hv_core ' /proc/modules && echo "$out" | grep -q 'Operation not supported' &&
		echo "$line" | grep -q "isolation type $want): sharing pages with the host is not implemented" ||
		why="$why ${iso%%:*}: rc=$rc '$out' '$line'"
	# refused before anything was written: not one synthetic MSR write
	[ "$(sim_count msr_writes)" = 0 ] ||
		untouched="$untouched ${iso%%:*}: $(sim_count msr_writes) MSR writes"
	rmmod hv_sim
done
[ -z "$why" ] && pass cvm_refused "$(kmsg_since | grep -o 'confidential VM.*')" || fail cvm_refused "$why"
# the counter does count: a plain partition's load writes MSRs
insmod "$(mod hv_sim)" && insmod "$(mod hv_core)" && n=$(sim_count msr_writes) && rmmod hv_core && rmmod hv_sim
[ -z "$untouched$why" ] && [ "${n:-0}" -gt 0 ] && pass cvm_untouched "no synthetic MSR written ($n by a plain load)" ||
	fail cvm_untouched "$untouched$why; plain load: ${n:-?}"

# netvsc: each bad value refused with one line naming it, the module not loaded
insmod "$(mod hv_sim)" && insmod "$(mod hv_core)" && insmod "$(mod vmbus)"
bad=
for p in max_queues=0 max_queues=17 ring_size=1000 ring_size=65537 recv_buf_size=4096 \
	 send_buf_size=99999999 max_nvsp_version=0x12345 max_nvsp_version=six; do
	kmsg_mark
	out=$(insmod "$(mod netvsc)" $p 2>&1)
	rc=$?
	n=$(kmsg_since | grep "netvsc: $p: " | grep -vc 'invalid for parameter')
	[ $rc -ne 0 ] && ! grep -q '^netvsc ' /proc/modules && [ "$n" = 1 ] ||
		bad="$bad $p (rc=$rc, $n lines)"
done
[ -z "$bad" ] && pass netvsc_bad_params "8 values refused" || fail netvsc_bad_params "$bad"
# and a good one takes effect: one queue although the host offers two
G=24a0c0de-0000-4000-8000-000000000001
insmod "$(mod netvsc)" max_queues=1 && echo "net id=$G" > $D/hv_sim/new_device
wait_until 100 '[ -d /sys/bus/vmbus/devices/$G/net ]'
I=$(ls /sys/bus/vmbus/devices/$G/net 2>/dev/null)
q=$(ls -d /sys/class/net/$I/queues/tx-* 2>/dev/null | wc -l)
[ -n "$I" ] && [ "$q" = 1 ] && pass netvsc_one_queue "$I: $q TX queue" || fail netvsc_one_queue "'$I': $q TX queues"
# NVSP 4 (NDIS 6.1): offload capabilities at revision 2 and parameters at
# revision 2 (22 bytes), taken by the host (0x1f -> 0x1e: the IPv4 header
# checksum turned off; UDP left as the host had it, "no change", as the
# in-tree driver does at NVSP 4), checksums and TSO on
rmmod netvsc
insmod "$(mod netvsc)" max_nvsp_version=0x40000
wait_until 100 '[ -d /sys/bus/vmbus/devices/$G/net ]'
I=$(ls /sys/bus/vmbus/devices/$G/net 2>/dev/null)
h=$(grep "^$G " $D/hv_sim/net | tr ' ' '\n' | grep -E '^(nvsp|csum_tx|lso)=' | tr '\n' ' ')
t=$(ethtool -k "$I" 2>/dev/null | grep -cE '^[[:space:]]*(tx-checksum-ipv4|tx-checksum-ipv6|tx-tcp-segmentation|tx-tcp6-segmentation): on')
[ "$h" = "nvsp=0x40000 csum_tx=0x1e lso=0x3 " ] && [ "$t" = 4 ] && pass netvsc_nvsp4_offloads "$h; checksums and TSO on" ||
	fail netvsc_nvsp4_offloads "host: $h; $t of 4 features on"
rmmod netvsc && rmmod vmbus && rmmod hv_core && rmmod hv_sim
