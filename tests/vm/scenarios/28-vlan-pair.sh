#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 28-vlan-pair: e1000e turns TX VLAN acceleration on and off with RX VLAN
# acceleration (e1000_fix_features), so asking for one of them plans both.
# For features=txvlan, then features=rxvlan, then features=rxvlan,txvlan
# (loaded with ids=8086:10d3, NICs down): state applied (never error),
# features_planned and features_off "rxvlan txvlan", the real `ethtool -k`
# shows rx-vlan-offload and tx-vlan-offload off, last_error empty, and for a
# single name the log says the other is planned as well. rmmod restores
# both, exactly as before the load.
# shellcheck source=tests/vm/lib.sh disable=SC2317 # (helpers called via poll_until)
. /lib.sh

vlan() {	# vlan IF -> "rx=on tx=on"
	echo "rx=$(feat "$1" rx-vlan-offload) tx=$(feat "$1" tx-vlan-offload)"
}

P1=$(nic_pci 1)
IF1=$(nic_if 1)
k_orig=$(ethtool -k "$IF1")
expect "VLAN offloads before" "$(vlan "$IF1")" "rx=on tx=on"

for f in txvlan rxvlan rxvlan,txvlan; do
	dmesg_mark
	load_quirks "ids=$EMU_ID" "features=$f" || fail "insmod features=$f failed"
	poll_until 15 state_is "$P1" applied ||
		fail "features=$f: state $(sysfs_nic "$P1" state 2>&1) ($(sysfs_nic "$P1" last_error 2>&1)), want applied"
	expect "features=$f: features_planned" "$(sysfs_nic "$P1" features_planned)" "rxvlan txvlan"
	expect "features=$f: features_off" "$(sysfs_nic "$P1" features_off)" "rxvlan txvlan"
	expect "features=$f: last_error" "$(sysfs_nic "$P1" last_error)" ""
	expect "features=$f: ethtool -k" "$(vlan "$IF1")" "rx=off tx=off"
	case $f in
	txvlan) other=rxvlan ;;
	rxvlan) other=txvlan ;;
	*) other= ;;
	esac
	msg="e1000e turns txvlan and rxvlan on and off together; planning $other as well"
	if [ -n "$other" ]; then
		dmesg_since | grep -qF "$msg" ||
			fail "features=$f: no log line '$msg'"
	elif dmesg_since | grep -qF "planning"; then
		fail "features=$f: logged '$(dmesg_since | grep -m1 planning)'"
	fi
	unload_quirks || fail "rmmod failed"
	expect_same "features=$f: ethtool -k after rmmod" "$k_orig" "$(ethtool -k "$IF1")"
done
pass
