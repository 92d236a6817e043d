#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 21-watchdog-count: in the default mode (always) the module counts genuine TX
# watchdog resets exactly, shows the last one and traces each.
# Loaded with ids=8086:10d3: watchdog_source says tracepoint. The trace
# events e1000e_quirks/* are enabled in tracefs, then hang_tx (lib.sh) causes
# a genuine netdev watchdog reset of nic1. Over the same period (read before
# the hang and after TX has recovered) sysfs watchdog_resets grows by exactly
# as much as the kernel's queues/tx-0/tx_timeout; last_reset is a time since
# boot within the hang; the trace buffer has one "watchdog_reset:
# ifname=<nic1's name> pci=<nic1> queue=0 ... mode=always action=none" line per
# reset. State stays applied, offloads off; rmmod afterwards is clean and
# restores the offloads (no splat: host).
# shellcheck source=tests/vm/lib.sh disable=SC2317 # (helpers called via poll_until)
. /lib.sh

TRACING=/sys/kernel/tracing

tracing_mounted() {
	[ -e "$TRACING/trace" ] || mount -t tracefs nodev "$TRACING"
}

P1=$(nic_pci 1)
tracing_mounted || fail "cannot mount tracefs on $TRACING"
load_quirks "ids=$EMU_ID" || fail "insmod failed"
wait_state "$P1" applied || fail "state $(sysfs_nic "$P1" state 2>&1), want applied"
expect "watchdog_source" "$(cat "$QUIRKS_SYS/watchdog_source")" tracepoint
[ -d "$TRACING/events/e1000e_quirks" ] || fail "no $TRACING/events/e1000e_quirks"
echo 1 >"$TRACING/tracing_on"
echo >"$TRACING/trace"
echo 1 >"$TRACING/events/e1000e_quirks/enable" || fail "cannot enable the e1000e_quirks events"
setup_pair || fail "setup_pair failed"
expect "watchdog_resets before the hang" "$(sysfs_nic "$P1" watchdog_resets)" 0
expect "last_reset before the hang" "$(sysfs_nic "$P1" last_reset)" ""

t0=$(tx_timeouts "$IF1")
r0=$(sysfs_nic "$P1" watchdog_resets)
start=$(now_cs)
real_hang "$IF1"

tx_recovered "$IF1" || fail "no recovery after the reset (see the log line above)"
t1=$(tx_timeouts "$IF1")
r1=$(sysfs_nic "$P1" watchdog_resets)
end=$(now_cs)
echo 0 >"$TRACING/events/e1000e_quirks/enable"
log "tx_timeout $t0 -> $t1, watchdog_resets $r0 -> $r1"
expect "watchdog_resets delta (tx_timeout $t0 -> $t1)" "$(( r1 - r0 ))" "$(( t1 - t0 ))"

last=$(sysfs_nic "$P1" last_reset)
[ -n "$last" ] || fail "last_reset is empty after $(( r1 - r0 )) reset(s)"
# Seconds since boot (boottime, as /proc/uptime) between the hang and now.
awk -v l="$last" -v s="$start" -v e="$end" \
	'BEGIN { exit !(l ~ /^[0-9]+\.[0-9][0-9][0-9]$/ && l * 100 >= s && l * 100 <= e + 1) }' ||
	fail "last_reset '$last' is not a time within the hang ($start..$end cs since boot)"

trace=$(cat "$TRACING/trace")
want="watchdog_reset: ifname=$IF1 pci=$P1 queue=0 resets=[0-9]* mode=always action=none"
n=$(printf '%s\n' "$trace" | grep -c "$want")
[ "$n" = "$(( t1 - t0 ))" ] ||
	fail "trace: $n line(s) '$want', want $(( t1 - t0 )); saw '$(printf '%s\n' "$trace" | grep -m1 'watchdog_reset:' | sed 's/.*watchdog_reset: //')'"
printf '%s\n' "$trace" | grep -q "watchdog_reset: ifname=$IF1 pci=$P1 queue=0 resets=1 " ||
	fail "no trace line with resets=1 for $IF1"
echo >"$TRACING/trace"

expect "state after the reset" "$(sysfs_nic "$P1" state)" applied
offloads_are off "$IF1" || fail "after the reset: $(offloads "$IF1")"
unload_quirks || fail "rmmod after the reset failed"
quirks_loaded && fail "module still loaded after rmmod"
offloads_are on "$IF1" || fail "after rmmod: $(offloads "$IF1")"
pass
