#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 43-replan-kept: a write of escalate or k1 updates the plan the module
# keeps, so that a later unrelated write finds nothing to undo. The real
# e1000e with one genuine hang, ids=8086:10d3 mode=on-hang escalate=1
# hang_threshold=1 pause=off tx_ring=128: step 1 (offloads off, flow
# control and ring as before). `echo off > k1` adds a step above the one in
# force: still step 1; then `echo 2 > hang_threshold` keeps it (the bug:
# every remedy restored). `echo 0 > escalate` brings everything configured
# into force (ethtool -a off, -g TX 128; K1 unsupported or refused on the
# 82574L: step 4), and `echo 3 > hang_threshold` keeps that too (ethtool
# -k/-a/-g). rmmod restores all.
# kernels: oldest newest
# shellcheck source=tests/vm/lib.sh disable=SC2317 # (helpers called via poll_until)
. /lib.sh

step_is() {
	[ "$(sysfs_nic "$P1" step)" = "$1" ]
}

pause_line() {
	ethtool -a "$1" | tail -n +2 | tr -s '\t\n ' ' '
}

ring_tx() {
	ethtool -g "$1" | sed -n '/^Current hardware settings:/,$ s/^TX:[[:space:]]*//p'
}

# looks STEP1|ALL: what ethtool shows at step 1, or with everything.
looks() {
	offloads_are off "$IF1" || return 1
	if [ "$1" = all ]; then
		[ "$(pause_line "$IF1")" = "Autonegotiate: off RX: off TX: off " ] &&
			[ "$(ring_tx "$IF1")" = 128 ]
	else
		[ "$(pause_line "$IF1")" = "$a0" ] && [ "$(ring_tx "$IF1")" = "$ring0" ]
	fi
}

why() {
	echo "$(offloads "$IF1") a='$(pause_line "$IF1")' tx=$(ring_tx "$IF1") step=$(sysfs_nic "$P1" step) state=$(sysfs_nic "$P1" state)"
}

P1=$(nic_pci 1)
load_quirks "ids=$EMU_ID" mode=on-hang escalate=1 hang_threshold=1 \
	pause=off tx_ring=128 || fail "insmod failed"
wait_state "$P1" armed || fail "state $(sysfs_nic "$P1" state 2>&1), want armed"
setup_pair || fail "setup_pair failed"
a0=$(pause_line "$IF1")
ring0=$(ring_tx "$IF1")
real_hang "$IF1"
poll_until 15 step_is 1 || fail "after the reset: step $(sysfs_nic "$P1" step), want 1"
poll_until 10 looks step1 || fail "step 1: $(why)"
tx_recovered "$IF1" || fail "no recovery"

echo off >"$QUIRKS_PARAMS/k1" || fail "k1=off refused"
stays_for 1 looks step1 || fail "after k1=off: $(why)"
echo 2 >"$QUIRKS_PARAMS/hang_threshold" || fail "hang_threshold=2 refused"
stays_for 2 looks step1 || fail "after k1=off, hang_threshold=2: $(why)"
expect "step after k1=off, hang_threshold=2" "$(sysfs_nic "$P1" step)" 1

echo 0 >"$QUIRKS_PARAMS/escalate" || fail "escalate=0 refused"
poll_until 20 looks all || fail "after escalate=0: $(why)"
expect "step after escalate=0" "$(sysfs_nic "$P1" step)" 4
echo 3 >"$QUIRKS_PARAMS/hang_threshold" || fail "hang_threshold=3 refused"
stays_for 2 looks all || fail "after escalate=0, hang_threshold=3: $(why)"
expect "state" "$(sysfs_nic "$P1" state)" mitigated
expect "ladder (not escalating)" "$(sysfs_nic "$P1" ladder)" -

unload_quirks || fail "rmmod failed"
poll_until 20 sh -c "[ \"\$(/usr/sbin/ethtool -g $IF1 | sed -n '/^Current hardware settings:/,\$ s/^TX:[[:space:]]*//p')\" = $ring0 ]" ||
	fail "after rmmod: TX ring $(ring_tx "$IF1")"
offloads_are on "$IF1" || fail "after rmmod: $(offloads "$IF1")"
expect "ethtool -a after rmmod" "$(pause_line "$IF1")" "$a0"
pass
