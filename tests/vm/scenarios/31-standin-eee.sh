#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 31-standin-eee: eee=off on a NIC with EEE (the e1000e stand-in, EEE on by
# default as on I219s), and every way back.
# At registration (module loaded before the driver): `ethtool --show-eee`
# says disabled, sysfs eee=off, eee_orig=on, and the stand-in was not
# re-initialised (no link bounce). On a running NIC with link, eee=keep
# restores EEE and eee=off turns it off again, each with exactly one
# re-init and one carrier bounce (as README says of e1000e). An
# administrator's `ethtool --set-eee eee on` in between is left alone when
# eee goes back to keep ("EEE changed to on since; leaving it", no re-init by
# the module). rmmod restores EEE.
# kernels: oldest newest
# shellcheck source=tests/vm/lib.sh disable=SC2317,SC2119 # (helpers called via poll_until; standin_load without parameters)
. /lib.sh

eee_status() {	# enabled | disabled, from the real ethtool
	ethtool --show-eee "$1" | sed -n 's/^[[:space:]]*EEE status: \([a-z]*\).*/\1/p'
}

eee_is() {
	[ "$(eee_status "$1")" = "$2" ]
}

carrier_is() {
	[ "$(carrier_changes "$1")" = "$2" ] && link_up "$1"
}

logged() {
	dmesg_since | grep -qF "$1"
}

P1=$(nic_pci 1)
P2=$(nic_pci 2)
unload_e1000e || fail "rmmod e1000e failed"
load_quirks "ids=$EMU_ID" eee=off || fail "insmod eee=off failed"
dmesg_mark
standin_load || fail "cannot load the stand-in"
IF1=$(nic_if 1)
IF2=$(nic_if 2)
for p in "$P1" "$P2"; do
	wait_state "$p" applied || fail "$p state $(sysfs_nic "$p" state), want applied"
	expect "$p last_error" "$(sysfs_nic "$p" last_error)" ""
	expect "$p eee" "$(sysfs_nic "$p" eee)" off
	expect "$p eee_orig" "$(sysfs_nic "$p" eee_orig)" on
	expect "$p re-inits at registration" "$(standin_dbg "$p" resets)" 0
done
for i in "$IF1" "$IF2"; do
	expect "$i EEE at registration" "$(eee_status "$i")" disabled
	logged "$i (" || fail "no log line for $i"
done
logged "$IF1 ($P1, $EMU_ID): EEE off (was on)" ||
	fail "no 'EEE off (was on)' line: '$(dmesg_since | grep e1000e_quirks | tail -n 2 | tr '\n' ';')'"

# A running NIC: one re-init and one carrier bounce per change.
ip link set "$IF2" up || fail "ip link set $IF2 up failed"
poll_until 10 link_up "$IF2" || fail "$IF2: no carrier"
r1=$(standin_dbg "$P1" resets)
r2=$(standin_dbg "$P2" resets)
c2=$(carrier_changes "$IF2")
dmesg_mark
echo keep >"$QUIRKS_PARAMS/eee" || fail "eee=keep refused"
poll_until 15 eee_is "$IF2" enabled || fail "eee=keep: $IF2 EEE $(eee_status "$IF2")"
poll_until 15 eee_is "$IF1" enabled || fail "eee=keep: $IF1 EEE $(eee_status "$IF1")"
poll_until 10 carrier_is "$IF2" $(( c2 + 2 )) ||
	fail "eee=keep on running $IF2: carrier_changes $c2 -> $(carrier_changes "$IF2"), want +2"
expect "$IF2 re-inits for eee=keep" "$(standin_dbg "$P2" resets)" $(( r2 + 1 ))
expect "$IF1 (down) re-inits for eee=keep" "$(standin_dbg "$P1" resets)" "$r1"
logged "$IF2 ($P2, $EMU_ID): restored EEE on" || fail "no 'restored EEE on' for $IF2"

c2=$(carrier_changes "$IF2")
echo off >"$QUIRKS_PARAMS/eee" || fail "eee=off refused"
poll_until 15 eee_is "$IF2" disabled || fail "eee=off again: $IF2 EEE $(eee_status "$IF2")"
poll_until 10 carrier_is "$IF2" $(( c2 + 2 )) ||
	fail "eee=off on running $IF2: carrier_changes $c2 -> $(carrier_changes "$IF2"), want +2"
expect "$IF2 re-inits for eee=off" "$(standin_dbg "$P2" resets)" $(( r2 + 2 ))
expect "$P2 eee_orig" "$(sysfs_nic "$P2" eee_orig)" on

# The administrator turns EEE back on: theirs from then on.
ethtool --set-eee "$IF2" eee on || fail "ethtool --set-eee $IF2 eee on failed"
poll_until 10 link_up "$IF2" || fail "$IF2: no carrier after the admin's change"
r2=$(standin_dbg "$P2" resets)
dmesg_mark
echo keep >"$QUIRKS_PARAMS/eee" || fail "eee=keep refused"
poll_until 15 eee_is "$IF1" enabled || fail "eee=keep: $IF1 EEE $(eee_status "$IF1")"
poll_until 15 logged "$IF2 ($P2, $EMU_ID): EEE changed to on since; leaving it" ||
	fail "no 'EEE changed to on since; leaving it' for $IF2: '$(dmesg_since | grep e1000e_quirks | tr '\n' ';')'"
expect "$IF2 EEE after keep" "$(eee_status "$IF2")" enabled
expect "$IF2 re-inits by the module after the admin's change" "$(standin_dbg "$P2" resets)" "$r2"

# Unload restores what the module turned off.
echo off >"$QUIRKS_PARAMS/eee" || fail "eee=off refused"
poll_until 15 eee_is "$IF1" disabled || fail "eee=off: $IF1 EEE $(eee_status "$IF1")"
poll_until 15 eee_is "$IF2" disabled || fail "eee=off: $IF2 EEE $(eee_status "$IF2")"
dmesg_mark
unload_quirks || fail "rmmod e1000e_quirks failed"
expect "$IF1 EEE after rmmod" "$(eee_status "$IF1")" enabled
expect "$IF2 EEE after rmmod" "$(eee_status "$IF2")" enabled
logged "$IF1 ($P1, $EMU_ID): restored EEE on" || fail "no 'restored EEE on' at rmmod"
expect "$P1 hardware access while suspended" "$(standin_dbg "$P1" hw_access_suspended)" 0
pass
