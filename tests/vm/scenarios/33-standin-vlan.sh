#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 33-standin-vlan: features=txvlan and features=rxvlan on a driver that ties
# TX VLAN to RX VLAN (e1000_fix_features()), as the stand-in does.
# First, the driver alone: `ethtool -K txvlan off` leaves txvlan on,
# `ethtool -K rxvlan off` turns both off.
# features=rxvlan: rxvlan off and txvlan off with it, state applied, rmmod
# restores both.
# features=txvlan: features_planned gains rxvlan, the log says why (TX VLAN
# follows RX VLAN), state applied, `ethtool -k` shows both off, rmmod
# restores both. nic1 is down: no re-init at all.
# kernels: oldest newest
# shellcheck source=tests/vm/lib.sh disable=SC2119 # (standin_load without parameters)
. /lib.sh

vlan() {	# "rx/tx" from the real ethtool -k
	echo "$(feat "$1" rx-vlan-offload)/$(feat "$1" tx-vlan-offload)"
}

# what: one line with everything the module and ethtool say about nic1
what() {
	echo "state $(sysfs_nic "$P1" state), planned '$(sysfs_nic "$P1" features_planned)'," \
		"cleared '$(sysfs_nic "$P1" features_cleared)', error '$(sysfs_nic "$P1" last_error)'," \
		"ethtool rx/tx VLAN $(vlan "$IF1")"
}

P1=$(nic_pci 1)
standin_load || fail "cannot load the stand-in"
IF1=$(nic_if 1)
IF2=$(nic_if 2)
expect "$IF1 VLAN offloads at probe" "$(vlan "$IF1")" on/on
# The driver alone, on nic2 (this leaves its wanted features as they were).
ethtool -K "$IF2" txvlan off 2>/dev/null
expect "$IF2 after ethtool -K txvlan off" "$(vlan "$IF2")" on/on
ethtool -K "$IF2" rxvlan off || fail "ethtool -K rxvlan off failed"
expect "$IF2 after ethtool -K rxvlan off" "$(vlan "$IF2")" off/off
ethtool -K "$IF2" rxvlan on txvlan on || fail "ethtool -K rxvlan on txvlan on failed"
expect "$IF2 after ethtool -K rxvlan on txvlan on" "$(vlan "$IF2")" on/on

for f in rxvlan txvlan; do
	log "features=$f"
	dmesg_mark
	load_quirks "ids=$EMU_ID" "features=$f" || fail "insmod features=$f failed"
	wait_state "$P1" applied || fail "features=$f: $(what)"
	case " $(sysfs_nic "$P1" features_planned) " in
	*" rxvlan "*) ;;
	*) fail "features=$f: no rxvlan planned: $(what)" ;;
	esac
	[ "$(vlan "$IF1")" = off/off ] || fail "features=$f: $(what)"
	expect "features=$f: last_error" "$(sysfs_nic "$P1" last_error)" ""
	if [ "$f" = txvlan ]; then
		dmesg_since | grep -F "$IF1 ($P1, $EMU_ID)" | grep -qF "e1000e turns txvlan and rxvlan on and off together; planning rxvlan as well" ||
			fail "features=txvlan: no log line about TX VLAN following RX VLAN: '$(dmesg_since | grep e1000e_quirks | tr '\n' ';')'"
	fi
	expect "features=$f: re-inits of down $IF1" "$(standin_dbg "$P1" resets)" 0
	unload_quirks || fail "rmmod failed"
	expect "features=$f: $IF1 after rmmod" "$(vlan "$IF1")" on/on
done
pass
