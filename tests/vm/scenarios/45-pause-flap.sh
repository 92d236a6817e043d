#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 45-pause-flap: pause=off holds over far-end link flaps with no reset of
# the guest's in between, on the real e1000e. nic2 up with link, e1000e on
# legacy INTx (lib.sh link_flap says why), the flap is QEMU's set_link
# from the host (the PHY loses link and autonegotiates again). First the
# driver's own behaviour, which the test could not tell apart otherwise:
# `ethtool -A autoneg off rx off tx off` by hand, one flap, and `ethtool -a`
# shows RX on again (e1000e_config_fc_after_link_up). Then, loaded with
# ids=8086:10d3 pause=off: the module renegotiates the running link once
# (carrier down and up), `ethtool -a` shows autoneg/RX/TX off, and still
# after two flaps, each seen by `ip` (carrier down, then up) with `ethtool`
# reporting the link; sysfs pause off, state applied. rmmod puts `ethtool
# -a` back exactly as it was.
# shellcheck source=tests/vm/lib.sh disable=SC2317 # (helpers called via poll_until)
. /lib.sh

pause_field() {
	ethtool -a "$1" | sed -n "s/^$2:[[:space:]]*//p"
}

pause_now() {
	echo "$(pause_field "$1" Autonegotiate)/$(pause_field "$1" RX)/$(pause_field "$1" TX)"
}

pause_is() {
	[ "$(pause_now "$1")" = "$2" ]
}

same_pause() {
	[ "$(ethtool -a "$1")" = "$2" ]
}

link_detected() {
	ethtool "$1" | grep -q 'Link detected: yes'
}

e1000e_legacy_irq || fail "cannot load e1000e with IntMode=0,0"
P2=$(nic_pci 2)
IF2=$(nic_if 2)
ip link set "$IF2" up || fail "ip link set $IF2 up failed"
poll_until 20 link_up "$IF2" || fail "$IF2: no carrier"
a2=$(ethtool -a "$IF2")

ethtool -A "$IF2" autoneg off rx off tx off || fail "ethtool -A off failed"
expect "$IF2 forced by hand" "$(pause_now "$IF2")" off/off/off
link_flap 2 || fail "$IF2: no flap seen (carrier $(cat "/sys/class/net/$IF2/carrier"))"
poll_until 5 pause_is "$IF2" off/on/off ||
	fail "e1000e after a flap: $(pause_now "$IF2"), want off/on/off (resolved again)"
ethtool -A "$IF2" autoneg on || fail "ethtool -A autoneg on failed"
poll_until 15 same_pause "$IF2" "$a2" || fail "$IF2 autoneg on: $(pause_now "$IF2")"
poll_until 20 link_up "$IF2" || fail "$IF2: no carrier after autoneg on"

c2=$(carrier_changes "$IF2")
load_quirks "ids=$EMU_ID" pause=off || fail "insmod pause=off failed"
wait_state "$P2" applied || fail "$P2 state $(sysfs_nic "$P2" state), want applied"
poll_until 20 link_up "$IF2" || fail "$IF2: no carrier after pause=off"
[ "$(carrier_changes "$IF2")" -ge $(( c2 + 2 )) ] ||
	fail "$IF2: no renegotiation for pause=off (carrier_changes $c2 -> $(carrier_changes "$IF2"))"
expect "$IF2 ethtool -a with pause=off" "$(pause_now "$IF2")" off/off/off
for n in 1 2; do
	link_flap 2 || fail "$IF2: flap $n not seen"
	link_detected "$IF2" || fail "$IF2: ethtool reports no link after flap $n"
	stays_for 1 pause_is "$IF2" off/off/off ||
		fail "$IF2 ethtool -a after flap $n: $(pause_now "$IF2")"
done
wait_state "$P2" applied || fail "$P2 state $(sysfs_nic "$P2" state), want applied"
expect "$P2 pause" "$(sysfs_nic "$P2" pause)" off
expect "$P2 last_error" "$(sysfs_nic "$P2" last_error)" ""

unload_quirks || fail "rmmod e1000e_quirks failed"
poll_until 15 same_pause "$IF2" "$a2" ||
	expect_same "ethtool -a $IF2 after rmmod" "$a2" "$(ethtool -a "$IF2")"
pass
