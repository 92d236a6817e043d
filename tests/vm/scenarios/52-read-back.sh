#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 52-read-back: every pass reads the tunables back from the driver and
# compares them with the plan; a remedy already in force is left out of
# the ladder. The real e1000e, nic1 down.
# (a) Flow control off by hand before the load, mode=on-hang escalate=1
# pause=off tx_ring=512: "flow control already off; left out of the
# escalation", sysfs ladder "offloads rings"; `ethtool -A autoneg on` by
# hand and a pass later: "flow control no longer off; back in the
# escalation", ladder "offloads pause rings".
# (b) mode=always tx_ring=512 pause=off, then `ethtool -G tx 256` and
# `ethtool -A rx on` by hand and a pass (a parameter write): nothing set
# back, state overridden, sysfs tx_ring "256 (planned 512)" and pause
# "rx (planned off)", one log line each, `e1000e-quirks status` names both;
# enforce=1: `ethtool -g`/`-a` as planned again, sysfs 512 and off, state
# applied; with enforce=1 a later `ethtool -G tx 1024` is set back at the
# next pass ("setting it back to 512"). rmmod restores both exactly.
# shellcheck source=tests/vm/lib.sh disable=SC2317 # (helpers called via poll_until)
. /lib.sh

ring_cur() {	# ring_cur IF TX|RX: from the real `ethtool -g`
	ethtool -g "$1" |
		sed -n "/^Current hardware settings:/,\$ s/^$2:[[:space:]]*//p"
}

pause_field() {
	ethtool -a "$1" | sed -n "s/^$2:[[:space:]]*//p"
}

pause_now() {
	echo "$(pause_field "$1" Autonegotiate)/$(pause_field "$1" RX)/$(pause_field "$1" TX)"
}

logged() {
	dmesg_since | grep -qF "$1"
}

sysfs_is() {
	[ "$(sysfs_nic "$1" "$2")" = "$3" ]
}

# a pass: a parameter written with its own value
a_pass() {
	_ap=$(cat "$QUIRKS_PARAMS/enforce")
	echo "$_ap" >"$QUIRKS_PARAMS/enforce"
}

P1=$(nic_pci 1)
IF1=$(nic_if 1)
tx0=$(ring_cur "$IF1" TX)
a1=$(ethtool -a "$IF1")

# (a) a ladder without a step already in force
ethtool -A "$IF1" autoneg off rx off tx off || fail "ethtool -A off failed"
dmesg_mark
load_quirks "ids=$EMU_ID" mode=on-hang escalate=1 pause=off tx_ring=512 ||
	fail "insmod failed"
wait_state "$P1" armed || fail "$P1 state $(sysfs_nic "$P1" state), want armed"
expect "$P1 ladder, flow control off already" "$(sysfs_nic "$P1" ladder)" "offloads rings"
logged "$IF1 ($P1, $EMU_ID): flow control already off; left out of the escalation" ||
	fail "no 'already off' line: '$(dmesg_since | grep e1000e_quirks | tr '\n' ';')'"
ethtool -A "$IF1" autoneg on || fail "ethtool -A autoneg on failed"
dmesg_mark
a_pass
poll_until 10 sysfs_is "$P1" ladder "offloads pause rings" ||
	fail "$P1 ladder $(sysfs_nic "$P1" ladder), want 'offloads pause rings'"
logged "$IF1 ($P1, $EMU_ID): flow control no longer off; back in the escalation" ||
	fail "no 'back in the escalation' line"
unload_quirks || fail "rmmod failed"

# (b) drift: left alone, then enforced
load_quirks "ids=$EMU_ID" pause=off tx_ring=512 || fail "insmod failed"
wait_state "$P1" applied || fail "$P1 state $(sysfs_nic "$P1" state), want applied"
expect "$IF1 TX ring" "$(ring_cur "$IF1" TX)" 512
expect "$IF1 ethtool -a" "$(pause_now "$IF1")" off/off/off
ethtool -G "$IF1" tx 256 || fail "ethtool -G tx 256 failed"
ethtool -A "$IF1" rx on || fail "ethtool -A rx on failed"
dmesg_mark
a_pass
poll_until 10 state_is "$P1" overridden || fail "$P1 state $(sysfs_nic "$P1" state), want overridden"
expect "$P1 tx_ring" "$(sysfs_nic "$P1" tx_ring)" "256 (planned 512)"
expect "$P1 pause" "$(sysfs_nic "$P1" pause)" "rx (planned off)"
expect "$IF1 TX ring left" "$(ring_cur "$IF1" TX)" 256
expect "$IF1 ethtool -a left" "$(pause_now "$IF1")" off/on/off
for line in "tx ring changed to 256, not by this module; leaving it, planned 512" \
	"flow control changed to rx, not by this module; leaving it, planned off"; do
	logged "$IF1 ($P1, $EMU_ID): $line" ||
		fail "no line '$line': '$(dmesg_since | grep e1000e_quirks | tr '\n' ';')'"
done
st=$(e1000e-quirks status)
case $st in
*"$IF1: changed behind the module: tx_ring 256 (planned 512), pause rx (planned off); enforce=0 leaves it"*) ;;
*) fail "e1000e-quirks status: '$st'" ;;
esac
dmesg_mark
a_pass
wait_state "$P1" overridden || fail "$P1 state $(sysfs_nic "$P1" state) after a second pass"
logged "not by this module" && fail "drift logged twice"

echo 1 >"$QUIRKS_PARAMS/enforce" || fail "enforce=1 refused"
wait_state "$P1" applied || fail "enforce=1: $P1 state $(sysfs_nic "$P1" state), want applied"
expect "$IF1 TX ring, enforce=1" "$(ring_cur "$IF1" TX)" 512
expect "$IF1 ethtool -a, enforce=1" "$(pause_now "$IF1")" off/off/off
expect "$P1 tx_ring, enforce=1" "$(sysfs_nic "$P1" tx_ring)" 512
expect "$P1 pause, enforce=1" "$(sysfs_nic "$P1" pause)" off
ethtool -G "$IF1" tx 1024 || fail "ethtool -G tx 1024 failed"
dmesg_mark
a_pass
poll_until 10 logged "$IF1 ($P1, $EMU_ID): tx ring changed to 1024, not by this module; setting it back to 512" ||
	fail "no 'setting it back' line: '$(dmesg_since | grep e1000e_quirks | tr '\n' ';')'"
expect "$IF1 TX ring set back" "$(ring_cur "$IF1" TX)" 512

unload_quirks || fail "rmmod failed"
expect "$IF1 TX ring after rmmod" "$(ring_cur "$IF1" TX)" "$tx0"
expect_same "ethtool -a $IF1 after rmmod" "$a1" "$(ethtool -a "$IF1")"
pass
