#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 14-eee-pause: eee=off and pause=off.
# The 82574L has no EEE: `ethtool --show-eee` says not supported, and with
# eee=off the module shows sysfs eee=unsupported (eee_orig -) yet still
# applies its features (state applied, last_error empty, offloads off).
# pause=off: `ethtool -a` shows Autonegotiate off, RX off, TX off; sysfs
# pause=off and pause_orig is what `ethtool -a` showed before the load. nic1
# is down, nic2 is up with link (e1000e takes both paths differently); rmmod
# puts `ethtool -a` back exactly as it was on both (nic2 after its link has
# renegotiated, polled).
# shellcheck source=tests/vm/lib.sh disable=SC2317 # (helpers called via poll_until)
. /lib.sh

# pause_field IF Autonegotiate|RX|TX: from the real `ethtool -a`.
pause_field() {
	ethtool -a "$1" | sed -n "s/^$2:[[:space:]]*//p"
}

pause_is() {
	[ "$(pause_field "$1" Autonegotiate)/$(pause_field "$1" RX)/$(pause_field "$1" TX)" = "$2" ]
}

# pause_orig_of IF: what sysfs pause_orig should say for IF's current setting.
pause_orig_of() {
	_an=$(pause_field "$1" Autonegotiate)
	_rx=$(pause_field "$1" RX)
	_tx=$(pause_field "$1" TX)
	case $_rx/$_tx in
	on/on) _dir="rx tx" ;;
	on/off) _dir=rx ;;
	off/on) _dir=tx ;;
	*) _dir=none ;;
	esac
	if [ "$_an" = on ]; then
		echo "autoneg $_dir"
	else
		echo "$_dir"
	fi
}

same_pause() {
	[ "$(ethtool -a "$1")" = "$2" ]
}

P1=$(nic_pci 1)
P2=$(nic_pci 2)
IF1=$(nic_if 1)
IF2=$(nic_if 2)
ip link set "$IF2" up || fail "ip link set $IF2 up failed"
poll_until 20 link_up "$IF2" || fail "$IF2: no carrier"

eee1=$(ethtool --show-eee "$IF1" 2>&1)
case $eee1 in
*"not supported"*) ;;
*) fail "ethtool --show-eee $IF1 before the load: '$eee1', want 'not supported'" ;;
esac
a1=$(ethtool -a "$IF1")
a2=$(ethtool -a "$IF2")
orig1=$(pause_orig_of "$IF1")
orig2=$(pause_orig_of "$IF2")
log "before: $IF1 pause '$orig1', $IF2 pause '$orig2'"

dmesg_mark
load_quirks "ids=$EMU_ID" eee=off pause=off || fail "insmod eee=off pause=off failed"
for p in "$P1" "$P2"; do
	wait_state "$p" applied || fail "$p state $(sysfs_nic "$p" state), want applied"
	expect "$p last_error" "$(sysfs_nic "$p" last_error)" ""
	expect "$p eee" "$(sysfs_nic "$p" eee)" unsupported
	expect "$p eee_orig" "$(sysfs_nic "$p" eee_orig)" -
	expect "$p pause" "$(sysfs_nic "$p" pause)" off
done
expect "$P1 pause_orig" "$(sysfs_nic "$P1" pause_orig)" "$orig1"
expect "$P2 pause_orig" "$(sysfs_nic "$P2" pause_orig)" "$orig2"
for i in "$IF1" "$IF2"; do
	offloads_are off "$i" || fail "eee=off pause=off: $i $(offloads "$i")"
	pause_is "$i" off/off/off ||
		fail "$i ethtool -a: $(ethtool -a "$i" | tail -n +2 | tr '\n\t' '  ')"
done
for line in "EEE not supported; left alone" "flow control off (was "; do
	dmesg_since | grep -q "$IF1 ($P1, 8086:10d3): $line" ||
		fail "no log line '$line': '$(dmesg_since | grep e1000e_quirks | tail -n 3 | tr '\n' ';')'"
done
eee=$(ethtool --show-eee "$IF1" 2>&1)
case $eee in
*"not supported"*) ;;
*) fail "ethtool --show-eee $IF1 with eee=off: '$eee', want 'not supported'" ;;
esac

dmesg_mark
unload_quirks || fail "rmmod failed"
dmesg_since | grep -q "$IF1 ($P1, 8086:10d3): restored flow control" ||
	fail "no 'restored flow control' log line"
expect_same "ethtool -a $IF1 after rmmod" "$a1" "$(ethtool -a "$IF1")"
poll_until 15 same_pause "$IF2" "$a2" ||
	expect_same "ethtool -a $IF2 after rmmod" "$a2" "$(ethtool -a "$IF2")"
poll_until 20 link_up "$IF2" || fail "$IF2: no carrier after rmmod"
pass
