#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 06-rename: renaming a matched NIC (as udev does) keeps it handled.
# While loaded and the NIC is down: `ip link set IF name lan0`; the sysfs
# ifname follows, state stays applied, the offloads stay off, and rmmod
# restores them on the renamed interface.
# shellcheck source=tests/vm/lib.sh disable=SC2317 # (helpers called via poll_until)
. /lib.sh

P1=$(nic_pci 1)
IF1=$(nic_if 1)
load_quirks "ids=$EMU_ID" || fail "insmod failed"
wait_state "$P1" applied || fail "state $(sysfs_nic "$P1" state), want applied"
expect "ifname" "$(sysfs_nic "$P1" ifname)" "$IF1"

ip link set "$IF1" name lan0 || fail "rename $IF1 -> lan0 failed"
ifname_is() {
	[ "$(sysfs_nic "$P1" ifname)" = "$1" ]
}
poll_until 10 ifname_is lan0 || fail "sysfs ifname: $(sysfs_nic "$P1" ifname), want lan0"
expect "state after rename" "$(sysfs_nic "$P1" state)" applied
offloads_are off lan0 || fail "lan0 after rename: $(offloads lan0)"

unload_quirks || fail "rmmod failed"
offloads_are on lan0 || fail "lan0 after rmmod: $(offloads lan0)"
pass
