#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# parse.sh <serial.log> <scenario dir> <label> [scenario...]
#
# Turns the VM's serial console log into PASS/FAIL lines, one per check:
#   - every check a scenario reports (HVLTEST RESULT), read only between that
#     scenario's own BEGIN and END lines;
#   - every check named in a scenario's "# checks:" header but never reported
#     (FAIL: missing result line), plus its dmesg_clean check;
#   - a check reported more than once: FAIL, whatever the reports said (a
#     later FAIL can never hide behind an earlier PASS);
#   - a scenario that did not reach its END line, or ended with rc != 0;
#   - boot, clean poweroff, and a console free of WARNING/BUG/Oops/panic;
#   - on a kernel with kmemleak (its BOOTED line says kmemleak=on), the
#     two scans /init runs after the last scenario: check kmemleak, once for
#     the boot (a kdump or kexec boot's second kernel scans too; every
#     kernel's report counts).
# A scenario with "# expect: panic" ends the VM on purpose: it is checked for
# the panic instead of an END line, a clean console and a poweroff. One with
# "# expect: kdump" panics on purpose into a kdump kernel, whose /init runs
# the scenario again (its second stage) to its END line: it is checked for
# the panic, and the console is checked clean except from the panic to the
# kdump kernel's HVLTEST BOOTED line. One with "# expect: reports" makes the
# kernel report on purpose (the debug kernel's canary): its own checks say
# whether the reports came, and neither its dmesg_clean nor the console
# between its BEGIN and END lines count. One with "# expect: poweroff" ends
# the VM through the kernel's power-off path on purpose (a host's shutdown
# request): it is checked for the kernel's power-down line after its BEGIN
# line with neither its END line nor HVLTEST DONE before it (a VM that
# kept running and was powered off by /init at the end fails), and for a
# clean console; no dmesg_clean, HVLTEST DONE or kmemleak scan can follow
# it. Any
# scenario may report a check with "HVLTEST EXPECT <check> <text>" instead of
# a result line: a line the kernel printed after that one (a console line
# with a printk timestamp, not one of the harness's own "hvltest:" marks)
# must contain the text: what the host recorded as the guest died, or what
# the final poweroff printed. Text the scenario echoed itself never counts.
# " ... " in the text stands for anything (on the same line).
# Prints "<label>: N passed, N failed" last; exit status 1 on any failure.
set -u
log=$1 dir=$2 label=$3
shift 3
clean=$(tr -d '\r' < "$log")
pass=0 failn=0
out() {
	if [ "$1" = PASS ]; then pass=$((pass + 1)); else failn=$((failn + 1)); fi
	printf '%s %s/%s%s\n' "$1" "$label" "$2" "${3:+ ($3)}"
}
# section <scenario>: the console from its BEGIN line to its END line (to
# the end of the log when it never ended). The kernel may print onto the end
# of a line the guest's shell is writing ("HVLTEST BEGIN x[   3.9] ..."): a
# marker line is its words up to the first "[".
section() {
	awk -v b="HVLTEST BEGIN $1" -v e="HVLTEST END $1 " '
		{ m = $0; sub(/\[.*/, "", m) }
		m == b { on = 1 } on { print } on && index($0, e) == 1 { exit }' <<< "$clean"
}
# kernel lines: "[   12.345678] text", minus the harness's own marks
kernel_lines() { grep -aE '^\[ *[0-9]+\.[0-9]+\] ' | grep -av '^\[[^]]*\] hvltest: '; }

if grep -q '^HVLTEST BOOTED' <<< "$clean"; then
	out PASS boot "$(grep -m1 '^HVLTEST BOOTED' <<< "$clean" | cut -d' ' -f3-)"
else
	out FAIL boot "no HVLTEST BOOTED line; last console lines: $(tail -3 <<< "$clean" | tr '\n' '|')"
fi

if [ $# -eq 0 ]; then
	set -- $(cd "$dir" && ls *.sh | grep -v '^lib\.sh$' | sed 's/\.sh$//')
fi
panics= kdumps= reports= offs=
for s in "$@"; do
	f=$dir/$s.sh
	want=$(sed -n 's/^# checks: *//p' "$f" | tr '\n' ' ')
	[ -n "$want" ] || out FAIL "$s/header" "$f has no '# checks:' line"
	sec=$(section "$s")
	# a panicking scenario cannot report dmesg_clean or reach its END line
	panic= extra=dmesg_clean
	if grep -q '^# expect: panic' "$f"; then
		panic=1 panics=1 extra=
		grep -q 'Kernel panic' <<< "$sec" && out PASS "$s/panicked" ||
			out FAIL "$s/panicked" "no kernel panic on the console after HVLTEST BEGIN $s"
	elif grep -q '^# expect: reports' "$f"; then
		extra= reports+=" $s"
	elif grep -q '^# expect: poweroff' "$f"; then
		# like a panic, it never reaches its END line; unlike one, the
		# console must stay clean to the end
		panic=1 offs=1 extra=
		if grep -q "^HVLTEST END $s \|^HVLTEST DONE" <<< "$sec"; then
			out FAIL "$s/powered_off" "the scenario ended with the VM still running"
		elif kernel_lines <<< "$sec" | grep -q 'reboot: Power down'; then
			out PASS "$s/powered_off" "$(kernel_lines <<< "$sec" | grep -m1 'reboot: Power down' | sed 's/^\[[^]]*\] //')"
		else
			out FAIL "$s/powered_off" "no power-down line after HVLTEST BEGIN $s"
		fi
	elif grep -q '^# expect: kdump' "$f"; then
		kdumps=1
		# the panic, then the kdump kernel's own boot
		awk '/Kernel panic/ { p = 1 } p && /^HVLTEST BOOTED/ { b = 1 } END { exit !b }' <<< "$sec" &&
			out PASS "$s/panicked" "$(grep -m1 'Kernel panic' <<< "$sec" | sed 's/^\[[^]]*\] //')" ||
			out FAIL "$s/panicked" "no kernel panic followed by a kdump kernel's boot after HVLTEST BEGIN $s"
	fi
	for c in $want $extra; do
		res=$(grep "^HVLTEST RESULT $s/$c " <<< "$sec")
		exp=$(grep -n "^HVLTEST EXPECT $s/$c " <<< "$sec")
		n=$(($(grep -c . <<< "$res") + $(grep -c . <<< "$exp")))
		if [ $n -gt 1 ]; then
			out FAIL "$s/$c" "reported $n times: $(cut -d' ' -f4 <<< "$res" | tr '\n' ' ')$([ -n "$exp" ] && echo "+EXPECT")"
			continue
		fi
		if [ -n "$res" ]; then
			read -r _ _ _ st detail <<< "$res"
			case $st in
			PASS | FAIL) out "$st" "$s/$c" "$detail" ;;
			*) out FAIL "$s/$c" "status '$st' is neither PASS nor FAIL" ;;
			esac
			continue
		fi
		if [ -z "$exp" ]; then
			out FAIL "$s/$c" "missing result line"
			continue
		fi
		# (minus a kernel line printed onto its end)
		text=$(sed 's/\[ *[0-9][0-9]*\.[0-9]*\] .*//' <<< "${exp#*"HVLTEST EXPECT $s/$c "}")
		# after the EXPECT line, to the end of the log: what the host
		# printed as the guest died, or what the final poweroff printed
		if E=${exp#*:} awk 'found { print } $0 == ENVIRON["E"] { found = 1 }' <<< "$clean" |
			kernel_lines | T=$text awk 'BEGIN { n = split(ENVIRON["T"], p, / \.\.\. /) }
				{ l = $0; for (i = 1; i <= n; i++) { j = index(l, p[i]); if (!j) next
					l = substr(l, j + length(p[i])) } found = 1; exit }
				END { exit !found }'; then
			out PASS "$s/$c" "kernel: $text"
		else
			out FAIL "$s/$c" "the kernel never printed: $text"
		fi
	done
	[ -n "$panic" ] && continue
	# reported checks the header does not name are a scenario bug
	grep "^HVLTEST RESULT $s/" <<< "$sec" | while read -r _ _ name _; do
		c=${name#"$s"/}
		case " $want dmesg_clean " in *" $c "*) ;; *) echo "FAIL $label/$s/$c (not in the '# checks:' header)" ;; esac
	done | sort -u | { n=0; while read -r l; do echo "$l"; n=$((n + 1)); done; exit $n; }
	failn=$((failn + $?))
	endl=$(grep -m1 "^HVLTEST END $s " <<< "$sec")
	rc=$(sed -n 's/^HVLTEST END [^ ]* rc=\([0-9]*\).*/\1/p' <<< "$endl")
	if [ -z "$endl" ]; then
		out FAIL "$s/finished" "scenario did not finish (hang, panic or timeout)"
	elif [ "$rc" != 0 ]; then
		out FAIL "$s/finished" "scenario exited: ${endl#HVLTEST END "$s" }"
	fi
done

# results printed outside their own scenario's BEGIN..END are not trusted
stray=$(awk '/^HVLTEST BEGIN / { cur = $3; sub(/\[.*/, "", cur) } /^HVLTEST END / { cur = "" }
	/^HVLTEST (RESULT|EXPECT) / { split($3, a, "/"); if (a[1] != cur) print $3 }' <<< "$clean" | sort -u)
for c in $stray; do out FAIL "$c" "reported outside scenario ${c%%/*}"; done

if [ -z "$panics" ]; then
	# a kdump scenario's panic and the dying kernel's last words are not a fault
	scan=$clean
	[ -z "$kdumps" ] || scan=$(awk '/Kernel panic/ && !done { skip = 1 }
		skip && /^HVLTEST BOOTED/ { skip = 0; done = 1 } !skip' <<< "$clean")
	for r in $reports; do
		scan=$(awk -v b="HVLTEST BEGIN $r" -v e="HVLTEST END $r " '
			{ m = $0; sub(/\[.*/, "", m) } m == b { skip = 1 } !skip { print }
			skip && index($0, e) == 1 { skip = 0 }' <<< "$scan")
	done
	bad=$(grep -E 'WARNING:|BUG:|Oops|Kernel panic|general protection fault|Call Trace:' <<< "$scan" | head -3 | tr '\n' '|')
	[ -z "$bad" ] && out PASS console_clean || out FAIL console_clean "$bad"
	# a scenario that powered the VM off stands for the final poweroff
	if [ -z "$offs" ]; then
		grep -q '^HVLTEST DONE' <<< "$clean" && out PASS poweroff || out FAIL poweroff "no HVLTEST DONE line"
	fi
	if [ -z "$offs" ] && grep -q '^HVLTEST BOOTED .* kmemleak=on' <<< "$clean"; then
		kl=$(grep '^HVLTEST KMEMLEAK ' <<< "$clean")
		if [ -z "$kl" ]; then
			out FAIL kmemleak "no HVLTEST KMEMLEAK line (the VM never got past its last scenario)"
		elif grep -q '^HVLTEST KMEMLEAK FAIL' <<< "$kl"; then
			out FAIL kmemleak "$(grep -m1 '^HVLTEST KMEMLEAK FAIL' <<< "$kl" | cut -d' ' -f4-)"
		else
			out PASS kmemleak "nothing unreferenced after the last scenario ($(grep -c . <<< "$kl") kernel(s), two scans each)"
		fi
	fi
fi

echo "$label: $pass passed, $failn failed"
[ "$failn" -eq 0 ]
