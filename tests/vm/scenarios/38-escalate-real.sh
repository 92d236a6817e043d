#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 38-escalate-real: escalation with the real e1000e and genuine hangs (bus
# mastering cut under traffic, hang_tx in lib.sh).
# Loaded with ids=8086:10d3 mode=on-hang escalate=1 hang_threshold=1
# pause=off tx_ring=512 (no eee: the 82574L has none, so step 2 is not
# configured and is skipped): armed, step 0. The first reset takes step 1
# (tso gso sg tx off, flow control and ring untouched), the second skips to
# step 3 (flow control off: `ethtool -a` off/off/off), the third takes step 4 (TX
# ring 512). resets_at_step "1 1 0 1 0" (nothing counted at the skipped
# step 2), and rmmod restores the offloads, flow control and the ring.
# kernels: oldest newest
# shellcheck source=tests/vm/lib.sh disable=SC2317 # (helpers called via poll_until)
. /lib.sh

ring_tx() {
	ethtool -g "$1" | sed -n '/^Current hardware settings:/,$ s/^TX:[[:space:]]*//p'
}

step_is() {
	[ "$(sysfs_nic "$P1" step)" = "$1" ]
}

pause_of() {	# autoneg/rx/tx from the real ethtool -a
	ethtool -a "$IF1" | awk '/^Autonegotiate:/ { a = $2 } /^RX:/ { r = $2 } /^TX:/ { t = $2 } END { print a "/" r "/" t }'
}
pause_is() {
	[ "$(pause_of)" = "$1" ]
}


P1=$(nic_pci 1)
load_quirks "ids=$EMU_ID" mode=on-hang escalate=1 hang_threshold=1 \
	pause=off tx_ring=512 || fail "insmod failed"
wait_state "$P1" armed || fail "state $(sysfs_nic "$P1" state 2>&1), want armed"
setup_pair || fail "setup_pair failed"
ring0=$(ring_tx "$IF1")
a0=$(ethtool -a "$IF1")
p0=$(pause_of)

real_hang "$IF1"
poll_until 15 step_is 1 || fail "after reset 1: step $(sysfs_nic "$P1" step), want 1"
poll_until 10 offloads_are off "$IF1" || fail "step 1: $(offloads "$IF1")"
expect "step 1: ethtool -a" "$(pause_of)" "$p0"
expect "step 1: TX ring" "$(ring_tx "$IF1")" "$ring0"
tx_recovered "$IF1" || fail "no recovery after reset 1"

real_hang "$IF1"
poll_until 15 step_is 3 || fail "after reset 2: step $(sysfs_nic "$P1" step), want 3"
poll_until 10 pause_is off/off/off ||
	fail "step 3: ethtool -a $(pause_of) (sysfs pause $(sysfs_nic "$P1" pause)), want off/off/off"
expect "step 3: TX ring" "$(ring_tx "$IF1")" "$ring0"
tx_recovered "$IF1" || fail "no recovery after reset 2"

real_hang "$IF1"
poll_until 15 step_is 4 || fail "after reset 3: step $(sysfs_nic "$P1" step), want 4"
poll_until 20 sh -c "[ \"\$(/usr/sbin/ethtool -g $IF1 | sed -n '/^Current hardware settings:/,\$ s/^TX:[[:space:]]*//p')\" = 512 ]" ||
	fail "step 4: TX ring $(ring_tx "$IF1")"
expect "resets_at_step" "$(sysfs_nic "$P1" resets_at_step)" "1 1 0 1 0"
expect "state" "$(sysfs_nic "$P1" state)" mitigated

unload_quirks || fail "rmmod failed"
offloads_are on "$IF1" || fail "after rmmod: $(offloads "$IF1")"
expect "TX ring after rmmod" "$(ring_tx "$IF1")" "$ring0"
expect_same "ethtool -a after rmmod" "$a0" "$(ethtool -a "$IF1")"
pass
