#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 01-bench: the numbers behind the README's performance section. Not a
# pass/fail test: every measurement prints one line
#   BENCH <kernel> <key> <value>
# on the console, which tests/vm/bench.sh turns into a table. The scenario
# only fails when a measurement could not be taken at all, or a duration
# came out impossible (lib.sh bench_pairs: negative, or longer than the
# wall time around it; such a value is never printed).
#
# Durations come from trace events (lib.sh trace_pairs): the mono trace
# clock, hpet as the clocksource, this script pinned to CPU 0, and a pair
# counted only with both ends on the same CPU (else dropped, and the
# number dropped printed as <key>.dropped). Taken N times each
# (eq.bench_n=, from BENCH_N; default 10):
#   load_to_applied_down_us  both NICs down: from a trace_marker written
#                            right before insmod to the module's last
#                            "turned off" kernel log line (the
#                            printk:console trace event), rmmod between
#   load_to_applied_up_us    nic1 up with carrier: the same to nic1's line
#   hang_to_mitigated_us     mode=on-hang: from the module's watchdog_reset
#                            event of a genuine TX hang (lib.sh hang_tx) to
#                            its apply event with why=hang; reloaded
#                            between repetitions, the link up and the peer
#                            answering before each
# Taken once: the link bounces caused by applying (carrier_changes over a
# 2 s quiet window) for the module and for the usual post-up hook
#   ethtool -K IF tso off gso off sg off tx off rx off rxvlan off
# on a running NIC, the module's size (/proc/modules), the guest's
# clocksource and trace clock. The TSO segments before protection are
# 02-hook-race's.
# timeout: 1800
# shellcheck source=tests/vm/lib.sh disable=SC2317
. /lib.sh

HOOK="tso off gso off sg off tx off rx off rxvlan off"
N=$(bench_reps)

bench() {
	echo "BENCH $KREL $1 $2"
}

_carrier_stable() {	# no carrier change for the window, link up at the end
	stays_for 2 _carrier_is "$1" "$2"
}

_carrier_is() {
	[ "$(carrier_changes "$1")" = "$2" ] && link_up "$1"
}

# window_us T0: the wall time since T0 (now_cs), in microseconds, with a
# tick of /proc/uptime's resolution at each end: no pair inside it can be
# longer.
window_us() {
	echo $(( ($(now_cs) - $1 + 2) * 10000 ))
}

trace_clear() {
	echo >"$TRACEFS/trace"
}

P1=$(nic_pci 1)
P2=$(nic_pci 2)

cs=$(bench_clock_setup) || fail "cannot set up the trace clock"
bench clocksource "$cs"
bench trace_clock "$(sed 's/.*\[\([a-z_0-9-]*\)\].*/\1/' "$TRACEFS/trace_clock")"
echo 1 >"$TRACEFS/events/printk/console/enable" || fail "no printk:console trace event"
echo 1 >"$TRACEFS/tracing_on"

# 1. Load to applied, both NICs down.
i=1
while [ "$i" -le "$N" ]; do
	if quirks_loaded; then unload_quirks || fail "rmmod failed"; fi
	trace_clear
	t0=$(now_cs)
	echo "bench-load-down-$i" >"$TRACEFS/trace_marker"
	load_quirks "ids=$EMU_ID" || fail "insmod failed"
	{ wait_state "$P1" applied && wait_state "$P2" applied; } || fail "not applied"
	w=$(window_us "$t0")
	trace_pairs last "^tracing_mark_write: bench-load-down-$i\$" '^console: .*[)]: turned off ' |
		bench_pairs load_to_applied_down_us "$w" "load down #$i: "
	i=$(( i + 1 ))
done
bench module_size_bytes "$(awk '$1 == "e1000e_quirks" { print $2 }' /proc/modules)"
unload_quirks || fail "rmmod failed"

# 2. Load to applied with nic1 up and carrier; the link bounces the first
# load causes.
setup_pair || fail "setup_pair failed"
i=1
while [ "$i" -le "$N" ]; do
	c0=$(carrier_changes "$IF1")
	trace_clear
	t0=$(now_cs)
	echo "bench-load-up-$i" >"$TRACEFS/trace_marker"
	load_quirks "ids=$EMU_ID" || fail "insmod failed"
	wait_state "$P1" applied || fail "not applied (up)"
	w=$(window_us "$t0")
	trace_pairs first "^tracing_mark_write: bench-load-up-$i\$" "^console: (e1000e_quirks: )?$IF1 [(].*[)]: turned off " |
		bench_pairs load_to_applied_up_us "$w" "load up #$i: "
	if [ "$i" = 1 ]; then
		_carrier_stable "$IF1" "$c0" || log "carrier changed: $(carrier_changes "$IF1")"
		bench bounces_module $(( ($(carrier_changes "$IF1") - c0) / 2 ))
	fi
	unload_quirks || fail "rmmod failed"
	i=$(( i + 1 ))
done
echo 0 >"$TRACEFS/events/printk/console/enable"

reset_env || fail "reset_env failed"
setup_pair || fail "setup_pair failed"
c0=$(carrier_changes "$IF1")
# shellcheck disable=SC2086 # the hook's words
ethtool -K "$IF1" $HOOK 2>/dev/null
poll_until 20 link_up "$IF1" || fail "link did not come back after the hook"
_carrier_stable "$IF1" "$(carrier_changes "$IF1")"
bench bounces_posthook $(( ($(carrier_changes "$IF1") - c0) / 2 ))

# 3. mode=on-hang: from the watchdog event to the mitigation in force.
reset_env || fail "reset_env failed"
setup_pair || fail "setup_pair failed"
i=1
while [ "$i" -le "$N" ]; do
	load_quirks "ids=$EMU_ID" mode=on-hang || fail "insmod on-hang failed"
	echo 1 >"$TRACEFS/events/e1000e_quirks/enable" || fail "no e1000e_quirks trace events"
	wait_state "$P1" armed || fail "hang #$i: not armed"
	# the reset of the repetition before bounced the link
	poll_until 30 link_up "$IF1" || fail "hang #$i: no carrier"
	poll_until 30 _peer_answers || fail "hang #$i: $ADDR2 unreachable"
	trace_clear
	t0=$(now_cs)
	echo "bench-hang-$i" >"$TRACEFS/trace_marker"
	hang_tx "$IF1" || fail "hang #$i: no TX stall"
	wait_state "$P1" mitigated 30 || fail "hang #$i: not mitigated"
	w=$(window_us "$t0")
	trace_pairs first "^watchdog_reset: ifname=$IF1 " "^apply: ifname=$IF1 .*why=hang" |
		bench_pairs hang_to_mitigated_us "$w" "hang #$i: "
	kill_bg
	unload_quirks || fail "rmmod failed"
	i=$(( i + 1 ))
done
bench_dropped || fail "impossible durations (not reported): $(bench_bad)"
pass
