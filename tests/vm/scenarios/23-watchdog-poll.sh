#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 23-watchdog-poll: with watchdog_poll=1 the module counts resets by polling
# the queues' tx_timeout counters, and still counts them exactly.
# Loaded with ids=8086:10d3 watchdog_poll=1: watchdog_source says poll (and
# parameters/watchdog_poll reads Y). hang_tx (lib.sh) causes a genuine TX
# watchdog reset of nic1; once TX has recovered, sysfs watchdog_resets has
# grown by exactly the kernel's queues/tx-0/tx_timeout delta over the same
# period (polled: the module looks once a second) and keeps that value for
# 2 s (no double count); last_reset is set. rmmod is then clean.
# shellcheck source=tests/vm/lib.sh disable=SC2317 # (helpers called via poll_until)
. /lib.sh

P1=$(nic_pci 1)
load_quirks "ids=$EMU_ID" watchdog_poll=1 || fail "insmod watchdog_poll=1 failed"
wait_state "$P1" applied || fail "state $(sysfs_nic "$P1" state 2>&1), want applied"
expect "watchdog_source" "$(cat "$QUIRKS_SYS/watchdog_source")" poll
expect "parameters/watchdog_poll" "$(cat "$QUIRKS_PARAMS/watchdog_poll")" Y
setup_pair || fail "setup_pair failed"

t0=$(tx_timeouts "$IF1")
r0=$(sysfs_nic "$P1" watchdog_resets)
expect "watchdog_resets before the hang" "$r0" 0
real_hang "$IF1"

tx_recovered "$IF1" || fail "no recovery after the reset (see the log line above)"

counted() {
	[ $(( $(sysfs_nic "$P1" watchdog_resets) - r0 )) -eq $(( $(tx_timeouts "$IF1") - t0 )) ]
}
poll_until 5 counted ||
	fail "watchdog_resets $r0 -> $(sysfs_nic "$P1" watchdog_resets), tx_timeout $t0 -> $(tx_timeouts "$IF1")"
stays_for 2 counted ||
	fail "watchdog_resets $r0 -> $(sysfs_nic "$P1" watchdog_resets), tx_timeout $t0 -> $(tx_timeouts "$IF1") (after 2 s)"
log "tx_timeout $t0 -> $(tx_timeouts "$IF1"), watchdog_resets $r0 -> $(sysfs_nic "$P1" watchdog_resets)"
[ -n "$(sysfs_nic "$P1" last_reset)" ] || fail "last_reset is empty"
expect "state after the reset" "$(sysfs_nic "$P1" state)" applied
unload_quirks || fail "rmmod failed"
offloads_are on "$IF1" || fail "after rmmod: $(offloads "$IF1")"
pass
