# SPDX-License-Identifier: GPL-2.0
# boot: own
# mem: 512
# qemu-cpu: max,-arat
# timeout: 90
# 32-timer-cpuhp in message mode: a ws2012r2 host, whose synthetic timers
# post their expirations through the SynIC, which hv_core takes down and up
# with the CPU, after and before hv_timer's clockevent.
# checks: load cycles given_up taken_back ticking nanosleep hibernate
TIMER_HOST=ws2012r2 TIMER_MODE=message
. /hvl/scenarios/32-timer-cpuhp.sh
