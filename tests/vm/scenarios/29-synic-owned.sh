# SPDX-License-Identifier: GPL-2.0
# hv_core beside a SynIC it does not own: synic_owner stands in for the
# kernel's own VMBus driver (it enables the SynIC on every CPU and hooks the
# callback vector through hv_sim, as hv_vmbus does on Hyper-V). hv_core must
# refuse to load with -EBUSY and one line, before it writes a single
# synthetic MSR, and leave the owner's interrupt handler alone: the owner
# still receives its messages afterwards. (hv_sim's vector hook replaces a
# handler silently, as the kernel's does, so an hv_core that hooked first
# and unhooked on its way out would leave the owner deaf.) Once the owner is
# gone, hv_core loads.
# checks: owner refused one_line untouched owner_hears loads_after
on_exit "rmmod hv_core 2>/dev/null; rmmod synic_owner 2>/dev/null; rmmod hv_sim 2>/dev/null"
O=$D/synic_owner
post() { for vp in "$@"; do echo "$vp 2 0x101" > $D/hv_sim/post_test_message; done; }

insmod "$(mod hv_sim)" && insmod "$(mod synic_owner)" && post 0 1 &&
	wait_until 50 '[ "$(cat $O/messages)" -ge 2 ]' &&
	pass owner "$(cat $O/messages) messages, $(cat $O/interrupts) interrupts on SINT 2" ||
	{ fail owner "$(cat $O/messages 2>&1) messages: $(dmesg | tail -2 | tr '\n' '|')"; exit 0; }

w0=$(sim_count msr_writes)
kmsg_mark
out=$(insmod "$(mod hv_core)" 2>&1)
rc=$?
[ $rc -ne 0 ] && echo "$out" | grep -q 'Device or resource busy' && ! grep -q '^hv_core ' /proc/modules &&
	pass refused "$out" || fail refused "rc=$rc $out"
n=$(kmsg_since | grep -c 'hv_core: the SynIC is in use already')
[ "$n" = 1 ] && [ "$(kmsg_since | grep -c 'hv_core:')" = 1 ] &&
	pass one_line "$(kmsg_since | grep -o 'hv_core: the SynIC.*')" || fail one_line "$(kmsg_since | grep 'hv_core' | tr '\n' '|')"
w1=$(sim_count msr_writes)
[ "$w1" = "$w0" ] && pass untouched "msr_writes $w0 -> $w1" || fail untouched "msr_writes $w0 -> $w1"

m0=$(cat $O/messages)
post 0 1
wait_until 50 '[ "$(cat $O/messages)" -ge $((m0 + 2)) ]' &&
	pass owner_hears "messages $m0 -> $(cat $O/messages) after hv_core's refusal" ||
	fail owner_hears "messages $m0 -> $(cat $O/messages), interrupts $(cat $O/interrupts)"

rmmod synic_owner && insmod "$(mod hv_core)" && grep -q '^cpu1: up' $D/hv_core/synic && rmmod hv_core &&
	pass loads_after || fail loads_after "$(dmesg | tail -2 | tr '\n' '|')"
rmmod hv_sim
