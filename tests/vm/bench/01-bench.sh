#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 01-bench: the numbers behind the README's performance section. Not a
# pass/fail test: every measurement prints one line
#   BENCH <kernel> <key> <value>
# on the console, which tests/vm/bench.sh turns into a table. The scenario
# only fails when a measurement could not be taken at all.
#
# Taken once each: the load times (a kernel log marker right before
# insmod to the module's last "turned off" line), the link bounces caused by
# applying (carrier_changes over a 2 s quiet window) for the module and for
# the usual post-up hook
#   ethtool -K IF tso off gso off sg off tx off rx off rxvlan off
# on a running NIC, the module's size (/proc/modules) and mode=on-hang's
# watchdog event to mitigation (trace events). The TSO segments before
# protection are 02-hook-race's (repeated).
# timeout: 600
# shellcheck source=tests/vm/lib.sh disable=SC2317
. /lib.sh

TRACE=/sys/kernel/tracing
HOOK="tso off gso off sg off tx off rx off rxvlan off"

bench() {
	echo "BENCH $KREL $1 $2"
}

# Trace timestamps in microseconds: the first line matching $1 after the
# last line matching $2 (a trace_marker).
trace_us() {
	awk -v pat="$1" -v mark="$2" '
		index($0, mark) { seen = 1; next }
		seen && index($0, pat) {
			for (i = 1; i <= NF; i++)
				if ($i ~ /^[0-9]+\.[0-9]+:$/) {
					sub(":", "", $i); split($i, t, ".")
					print t[1] * 1000000 + t[2]; exit
				}
		}' "$TRACE/trace"
}

# The kernel log's timestamp of the last line matching $1, in microseconds.
# Markers go to the kernel log too (/dev/kmsg), so both ends of an interval
# come from the same clock.
dmesg_last_us() {
	dmesg | awk -v pat="$1" '
		index($0, pat) {
			s = $0; sub(/^\[ */, "", s); sub(/\].*/, "", s)
			split(s, t, "."); last = t[1] * 1000000 + t[2]
		}
		END { if (last) print last }'
}

_carrier_stable() {	# no carrier change for the window, link up at the end
	stays_for 2 _carrier_is "$1" "$2"
}

_carrier_is() {
	[ "$(carrier_changes "$1")" = "$2" ] && link_up "$1"
}

P1=$(nic_pci 1)
P2=$(nic_pci 2)

# Cross-CPU comparable timestamps for the trace events (section 3).
[ -w "$TRACE/trace_clock" ] || fail "no tracefs"
echo global >"$TRACE/trace_clock"

# 1. Load to applied, both NICs down: from a kernel log marker written right
# before insmod to the module's last "turned off" log line.
dmesg_mark
echo "bench-load-down" >/dev/kmsg
load_quirks "ids=$EMU_ID" || fail "insmod failed"
{ wait_state "$P1" applied && wait_state "$P2" applied; } || fail "not applied"
t0=$(dmesg_last_us "bench-load-down")
t1=$(dmesg_last_us "turned off")
bench load_to_applied_down_us $(( t1 - t0 ))
bench module_size_bytes "$(awk '$1 == "e1000e_quirks" { print $2 }' /proc/modules)"

# 2. Link bounces caused by applying to a running NIC with carrier.
unload_quirks
setup_pair || fail "setup_pair failed"
c0=$(carrier_changes "$IF1")
dmesg_mark
echo "bench-load-up" >/dev/kmsg
load_quirks "ids=$EMU_ID" || fail "insmod failed"
wait_state "$P1" applied || fail "not applied (up)"
t0=$(dmesg_last_us "bench-load-up")
t1=$(dmesg_last_us "turned off")
bench load_to_applied_up_us $(( t1 - t0 ))
_carrier_stable "$IF1" "$c0" || log "carrier changed: $(carrier_changes "$IF1")"
bench bounces_module $(( ($(carrier_changes "$IF1") - c0) / 2 ))
unload_quirks

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
load_quirks "ids=$EMU_ID" mode=on-hang || fail "insmod on-hang failed"
echo 1 >"$TRACE/events/e1000e_quirks/enable"
setup_pair || fail "setup_pair failed"
wait_state "$P1" armed || fail "not armed"
echo "bench-hang" >"$TRACE/trace_marker"
hang_tx "$IF1" || fail "no TX stall"
wait_state "$P1" mitigated 30 || fail "not mitigated"
t0=$(trace_us "watchdog_reset: ifname=$IF1" "bench-hang")
t1=$(trace_us "why=hang" "bench-hang")
bench hang_to_mitigated_us $(( t1 - t0 ))
kill_bg
unload_quirks
pass
