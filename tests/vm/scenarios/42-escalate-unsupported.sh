#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 42-escalate-unsupported: an escalation spends hangs only on remedies the
# NIC can take. The real e1000e (82574L) with genuine hangs (hang_tx),
# ids=8086:10d3 mode=on-hang escalate=1 hang_threshold=1 k1=off pause=off.
# Where e1000e has no disable-k1 flag (before 6.19: the oldest kernel and
# 6.12, the debug kernels' base), K1 is left out when the plan is made:
# "K1 not supported; left out of the escalation" once, sysfs ladder
# "offloads pause", k1 "unsupported". Where it has the flag but refuses it
# for this part (7.x, -EINVAL before ich8lan), the ladder is
# "offloads pause k1" until the step is tried, then the refusal, judged by
# reading the flag back (still off, and the flags as they are taken again:
# -EOPNOTSUPP), is logged once ("K1 refused by the driver for this NIC
# (error -95); passed over")
# and the ladder is "offloads pause". Either way: reset 1 takes step 1
# (offloads off, ethtool -a as before), reset 2 step 3 (ethtool -a:
# autoneg, rx, tx off) and reset 3 leaves it at step 3 with
# "1 TX watchdog reset at step 3, the last remedy; nothing left to try",
# never "taking step 5"; disable-k1 and the TX ring untouched; rmmod
# restores flow control and the offloads.
# kernels: oldest newest
# shellcheck source=tests/vm/lib.sh disable=SC2317 # (helpers called via poll_until)
. /lib.sh

step_is() {
	[ "$(sysfs_nic "$P1" step)" = "$1" ]
}

k1_flag() {
	ethtool --show-priv-flags "$1" 2>/dev/null | sed -n 's/^disable-k1[[:space:]]*: *//p'
}

pause_line() {
	ethtool -a "$1" | tail -n +2 | tr -s '\t\n ' ' '
}

ring_tx() {
	ethtool -g "$1" | sed -n '/^Current hardware settings:/,$ s/^TX:[[:space:]]*//p'
}


count_lines() {
	dmesg_since | grep -cF "$1"
}

P1=$(nic_pci 1)
IF1=$(nic_if 1)
k1_0=$(k1_flag "$IF1")
# The path is the kernel's, not what ethtool happens to show: e1000e has
# the disable-k1 flag from 6.19 on (e1000e_set_priv_flags), so there the
# refused path must run (7.x), before it the left-out one.
_v=${KREL%%[-+]*}
_maj=${_v%%.*}
_min=${_v#*.}
_min=${_min%%.*}
if [ "$_maj" -gt 6 ] || { [ "$_maj" -eq 6 ] && [ "$_min" -ge 19 ]; }; then
	[ -n "$k1_0" ] || fail "$KREL: no disable-k1 flag in ethtool --show-priv-flags (e1000e has it from 6.19)"
else
	[ -z "$k1_0" ] || fail "$KREL: a disable-k1 flag ($k1_0) before 6.19"
fi
dmesg_mark
load_quirks "ids=$EMU_ID" mode=on-hang escalate=1 hang_threshold=1 \
	k1=off pause=off || fail "insmod failed"
wait_state "$P1" armed || fail "state $(sysfs_nic "$P1" state 2>&1), want armed"
pre="$IF1 ($P1, $EMU_ID): "
if [ -z "$k1_0" ]; then
	expect "ladder (no disable-k1)" "$(sysfs_nic "$P1" ladder)" "offloads pause"
	expect "k1" "$(sysfs_nic "$P1" k1)" unsupported
	expect "left-out lines" "$(count_lines "${pre}K1 not supported; left out of the escalation")" 1
else
	expect "ladder (disable-k1 offered)" "$(sysfs_nic "$P1" ladder)" "offloads pause k1"
fi
setup_pair || fail "setup_pair failed"
a0=$(pause_line "$IF1")
ring0=$(ring_tx "$IF1")

real_hang "$IF1"
poll_until 15 step_is 1 || fail "after reset 1: step $(sysfs_nic "$P1" step), want 1"
poll_until 10 offloads_are off "$IF1" || fail "step 1: $(offloads "$IF1")"
expect "step 1: ethtool -a" "$(pause_line "$IF1")" "$a0"
tx_recovered "$IF1" || fail "no recovery after reset 1"

real_hang "$IF1"
poll_until 15 step_is 3 || fail "after reset 2: step $(sysfs_nic "$P1" step), want 3"
poll_until 20 sh -c "[ \"\$(/usr/sbin/ethtool -a $IF1 | tail -n +2 | tr -s '\t\n ' ' ')\" = 'Autonegotiate: off RX: off TX: off ' ]" ||
	fail "step 3: ethtool -a '$(pause_line "$IF1")'"
tx_recovered "$IF1" || fail "no recovery after reset 2"

real_hang "$IF1"
top="${pre}1 TX watchdog reset at step 3, the last remedy; nothing left to try"
poll_until 15 sh -c "dmesg | grep -qF '$top'" ||
	fail "no line '$top': '$(dmesg_since | grep e1000e_quirks | tail -n 3 | tr '\n' ';')'"
expect "step after reset 3" "$(sysfs_nic "$P1" step)" 3
expect "ladder" "$(sysfs_nic "$P1" ladder)" "offloads pause"
expect "k1" "$(sysfs_nic "$P1" k1)" unsupported
expect "'taking step 5' lines" "$(count_lines "taking step 5")" 0
if [ -n "$k1_0" ]; then
	expect "refusal lines" "$(count_lines "${pre}K1 refused by the driver for this NIC (error -95); passed over")" 1
fi
expect "resets_at_step" "$(sysfs_nic "$P1" resets_at_step)" "1 1 0 1"
expect "state" "$(sysfs_nic "$P1" state)" mitigated
offloads_are off "$IF1" || fail "at the top: $(offloads "$IF1")"
expect "at the top: ethtool -a" "$(pause_line "$IF1")" "Autonegotiate: off RX: off TX: off "
expect "disable-k1" "$(k1_flag "$IF1")" "$k1_0"
expect "TX ring" "$(ring_tx "$IF1")" "$ring0"
tx_recovered "$IF1" || fail "no recovery after reset 3"

unload_quirks || fail "rmmod failed"
offloads_are on "$IF1" || fail "after rmmod: $(offloads "$IF1")"
expect "ethtool -a after rmmod" "$(pause_line "$IF1")" "$a0"
pass
