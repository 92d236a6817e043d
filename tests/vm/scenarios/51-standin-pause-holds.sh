#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 51-standin-pause-holds: pause=off holds over every link-up, EEE changed in
# the same pass, and a value changed behind the module's back is shown as
# the device has it. The stand-in (EEE on; flow control resolved again at
# each link-up from the PHY's advertisement, as e1000e does) first shows
# the bug it mirrors: `ethtool -A autoneg off rx off tx off` by hand, then a
# far-end flap (debugfs flap, no reset): `ethtool -a` RX on. Then, loaded,
# one write `nic=pci=<nic2>,eee=off,pause=off` on the running link:
# EEE disabled and `ethtool -a` autoneg/RX/TX off once the link is back
# (two re-inits: EEE's and the module's own renegotiation), and still off
# after two far-end flaps; sysfs pause off, state applied. `ethtool
# --set-eee eee on` by hand: sysfs eee "on (planned off)", state
# overridden, one log line, `e1000e-quirks status` names it; enforce=1
# turns EEE off again (sysfs eee off, state applied). rmmod puts `ethtool
# -a` back exactly (autoneg on, RX on, TX on) and EEE on.
# kernels: oldest newest
# shellcheck source=tests/vm/lib.sh disable=SC2317,SC2119 # (helpers called via poll_until; standin_load without parameters)
. /lib.sh

eee_status() {
	ethtool --show-eee "$1" | sed -n 's/^[[:space:]]*EEE status: \([a-z]*\).*/\1/p'
}

eee_is() {
	[ "$(eee_status "$1")" = "$2" ]
}

pause_field() {
	ethtool -a "$1" | sed -n "s/^$2:[[:space:]]*//p"
}

pause_now() {
	echo "$(pause_field "$1" Autonegotiate)/$(pause_field "$1" RX)/$(pause_field "$1" TX)"
}

pause_is() {
	[ "$(pause_now "$1")" = "$2" ]
}

carrier_is() {
	[ "$(carrier_changes "$1")" = "$2" ] && link_up "$1"
}

logged() {
	dmesg_since | grep -qF "$1"
}

# flap IF PCI: the far end goes away and comes back, no reset (debugfs).
flap() {
	_fc=$(carrier_changes "$1")
	echo 1 >"$STANDIN_DBG/$2/flap" || return 1
	poll_until 10 carrier_is "$1" $(( _fc + 2 ))
}

P2=$(nic_pci 2)
unload_e1000e || fail "rmmod e1000e failed"
standin_load || fail "cannot load the stand-in"
IF2=$(nic_if 2)
ip link set "$IF2" up || fail "ip link set $IF2 up failed"
poll_until 10 link_up "$IF2" || fail "$IF2: no carrier"
a2=$(ethtool -a "$IF2")
expect "$IF2 ethtool -a at start" "$(pause_now "$IF2")" on/on/on

# What e1000e does: forced off without a reset, resolved again at link-up.
ethtool -A "$IF2" autoneg off rx off tx off || fail "ethtool -A off failed"
expect "$IF2 forced by hand" "$(pause_now "$IF2")" off/off/off
flap "$IF2" "$P2" || fail "$IF2: no flap (carrier_changes $(carrier_changes "$IF2"))"
expect "$IF2 after a far-end flap (the driver resolves again)" \
	"$(pause_now "$IF2")" off/on/off
ethtool -A "$IF2" autoneg on || fail "ethtool -A autoneg on failed"
poll_until 10 pause_is "$IF2" on/on/on || fail "$IF2 autoneg on: $(pause_now "$IF2")"
poll_until 10 link_up "$IF2" || fail "$IF2: no carrier after autoneg on"

load_quirks "ids=$EMU_ID" || fail "insmod failed"
wait_state "$P2" applied || fail "$P2 state $(sysfs_nic "$P2" state), want applied"
r2=$(standin_dbg "$P2" resets)
dmesg_mark
echo "pci=$P2,eee=off,pause=off" >"$QUIRKS_PARAMS/nic" || fail "nic= refused"
poll_until 15 eee_is "$IF2" disabled || fail "$IF2 EEE $(eee_status "$IF2")"
poll_until 15 logged "$IF2 ($P2, $EMU_ID): flow control off" ||
	fail "no 'flow control off' line: '$(dmesg_since | grep e1000e_quirks | tr '\n' ';')'"
poll_until 10 link_up "$IF2" || fail "$IF2: no carrier after eee=off pause=off"
stays_for 1 link_up "$IF2" || fail "$IF2: the link bounced again"
expect "$IF2 ethtool -a after eee=off pause=off" "$(pause_now "$IF2")" off/off/off
expect "$IF2 re-inits for eee=off pause=off" "$(standin_dbg "$P2" resets)" $(( r2 + 2 ))
for n in 1 2; do
	flap "$IF2" "$P2" || fail "$IF2: no flap $n"
	expect "$IF2 ethtool -a after flap $n" "$(pause_now "$IF2")" off/off/off
done
wait_state "$P2" applied || fail "$P2 state $(sysfs_nic "$P2" state), want applied"
expect "$P2 pause" "$(sysfs_nic "$P2" pause)" off
expect "$P2 pause_orig" "$(sysfs_nic "$P2" pause_orig)" "autoneg rx tx"

# Behind the module's back: shown as the device has it.
dmesg_mark
ethtool --set-eee "$IF2" eee on || fail "ethtool --set-eee eee on failed"
poll_until 15 state_is "$P2" overridden || fail "$P2 state $(sysfs_nic "$P2" state), want overridden"
expect "$P2 eee" "$(sysfs_nic "$P2" eee)" "on (planned off)"
expect "$IF2 EEE" "$(eee_status "$IF2")" enabled
logged "$IF2 ($P2, $EMU_ID): EEE changed to on, not by this module; leaving it, planned off" ||
	fail "no drift line: '$(dmesg_since | grep e1000e_quirks | tr '\n' ';')'"
st=$(e1000e-quirks status)
case $st in
*"$IF2: changed behind the module: eee on (planned off); enforce=0 leaves it"*) ;;
*) fail "e1000e-quirks status: '$st'" ;;
esac
echo 1 >"$QUIRKS_PARAMS/enforce" || fail "enforce=1 refused"
poll_until 15 eee_is "$IF2" disabled || fail "enforce=1: $IF2 EEE $(eee_status "$IF2")"
wait_state "$P2" applied || fail "$P2 state $(sysfs_nic "$P2" state), want applied"
expect "$P2 eee with enforce=1" "$(sysfs_nic "$P2" eee)" off
poll_until 10 link_up "$IF2" || fail "$IF2: no carrier"
expect "$IF2 ethtool -a after enforce" "$(pause_now "$IF2")" off/off/off

unload_quirks || fail "rmmod e1000e_quirks failed"
poll_until 15 eee_is "$IF2" enabled || fail "rmmod: $IF2 EEE $(eee_status "$IF2")"
poll_until 10 link_up "$IF2" || fail "$IF2: no carrier after rmmod"
expect_same "ethtool -a $IF2 after rmmod" "$a2" "$(ethtool -a "$IF2")"
pass
