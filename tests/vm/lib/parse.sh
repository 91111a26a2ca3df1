#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# parse.sh <serial.log> <scenario dir> <label> [scenario...]
#
# Turns the VM's serial console log into PASS/FAIL lines, one per check:
#   - every check a scenario reports (HVLTEST RESULT);
#   - every check named in a scenario's "# checks:" header but never reported
#     (FAIL: missing result line), plus its dmesg_clean check;
#   - a scenario that did not reach its END line, or ended with rc != 0;
#   - boot, clean poweroff, and a console free of WARNING/BUG/Oops/panic.
# A scenario with "# expect: panic" ends the VM on purpose: it is checked for
# the panic instead of an END line, a clean console and a poweroff. Any
# scenario may report a check with "HVLTEST EXPECT <check> <text>" instead of
# a result line: the console must show the text after that line (what the
# host recorded as the guest died, or what the final poweroff printed).
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

if grep -q '^HVLTEST BOOTED' <<< "$clean"; then
	out PASS boot "$(grep -m1 '^HVLTEST BOOTED' <<< "$clean" | cut -d' ' -f3-)"
else
	out FAIL boot "no HVLTEST BOOTED line; last console lines: $(tail -3 <<< "$clean" | tr '\n' '|')"
fi

if [ $# -eq 0 ]; then
	set -- $(cd "$dir" && ls *.sh | grep -v '^lib\.sh$' | sed 's/\.sh$//')
fi
panics=
for s in "$@"; do
	f=$dir/$s.sh
	want=$(sed -n 's/^# checks: *//p' "$f" | tr '\n' ' ')
	[ -n "$want" ] || out FAIL "$s/header" "$f has no '# checks:' line"
	# a panicking scenario cannot report dmesg_clean or reach its END line
	panic= extra=dmesg_clean
	if grep -q '^# expect: panic' "$f"; then
		panic=1 panics=1 extra=
		grep -q 'Kernel panic' <<< "$clean" && out PASS "$s/panicked" ||
			out FAIL "$s/panicked" "no kernel panic on the console"
	fi
	for c in $want $extra; do
		l=$(grep -m1 "^HVLTEST RESULT $s/$c " <<< "$clean")
		if [ -n "$l" ]; then
			read -r _ _ _ st detail <<< "$l"
			out "$st" "$s/$c" "$detail"
			continue
		fi
		e=$(grep -m1 -n "^HVLTEST EXPECT $s/$c " <<< "$clean")
		if [ -z "$e" ]; then
			out FAIL "$s/$c" "missing result line"
			continue
		fi
		text=${e#*"HVLTEST EXPECT $s/$c "}
		tail -n +"${e%%:*}" <<< "$clean" | grep -v '^HVLTEST EXPECT' | grep -qF -- "$text" &&
			out PASS "$s/$c" "console: $text" || out FAIL "$s/$c" "console never showed: $text"
	done
	[ -n "$panic" ] && continue
	# reported checks the header does not name are a scenario bug
	grep "^HVLTEST RESULT $s/" <<< "$clean" | while read -r _ _ name _; do
		c=${name#"$s"/}
		case " $want dmesg_clean " in *" $c "*) ;; *) echo "FAIL $label/$s/$c (not in the '# checks:' header)" ;; esac
	done | { n=0; while read -r l; do echo "$l"; n=$((n + 1)); done; exit $n; }
	failn=$((failn + $?))
	endl=$(grep -m1 "^HVLTEST END $s " <<< "$clean")
	case $endl in
	"") out FAIL "$s/finished" "scenario did not finish (hang, panic or timeout)" ;;
	*" rc=0") ;;
	*) out FAIL "$s/finished" "scenario exited ${endl##* }" ;;
	esac
done

if [ -z "$panics" ]; then
	bad=$(grep -E 'WARNING:|BUG:|Oops|Kernel panic|general protection fault|Call Trace:' <<< "$clean" | head -3 | tr '\n' '|')
	[ -z "$bad" ] && out PASS console_clean || out FAIL console_clean "$bad"
	grep -q '^HVLTEST DONE' <<< "$clean" && out PASS poweroff || out FAIL poweroff "no HVLTEST DONE line"
fi

echo "$label: $pass passed, $failn failed"
[ "$failn" -eq 0 ]
