# SPDX-License-Identifier: GPL-2.0
# The VM itself: CPUs, our modules and the tools every later scenario needs.
# checks: cpus modules tools kvp_daemon
want=$(sed -n 's/.*hvl.smp=\([0-9]*\).*/\1/p' /proc/cmdline)
[ "$(nproc)" = "${want:-2}" ] && pass cpus "$(nproc)" || fail cpus "nproc=$(nproc), want ${want:-2}"

missing=
for m in $(cat /hvl/modules.list); do [ -f "$(mod "$m")" ] || missing="$missing $m"; done
[ -z "$missing" ] && pass modules "$(cat /hvl/modules.list | tr '\n' ' ')" || fail modules "missing:$missing"

bad=
/usr/bin/ip -V > /dev/null 2>&1 || bad="$bad ip"
/usr/bin/ss -V > /dev/null 2>&1 || bad="$bad ss"
/usr/sbin/ethtool --version > /dev/null 2>&1 || bad="$bad ethtool"
/usr/bin/iperf3 --version > /dev/null 2>&1 || bad="$bad iperf3"
/usr/bin/fio --version > /dev/null 2>&1 || bad="$bad fio"
/usr/bin/lsscsi --version > /dev/null 2>&1 || bad="$bad lsscsi"
/usr/bin/sg_inq --version > /dev/null 2>&1 || bad="$bad sg_inq"
/usr/sbin/chronyd -v > /dev/null 2>&1 || bad="$bad chronyd"
[ -z "$bad" ] && pass tools || fail tools "not runnable:$bad"

# hv_kvp_daemon prints its usage and exits non-zero for -h: check that it runs
/usr/sbin/hv_kvp_daemon -h 2>&1 | grep -q 'Usage' && pass kvp_daemon || fail kvp_daemon "$(/usr/sbin/hv_kvp_daemon -h 2>&1 | head -2)"
