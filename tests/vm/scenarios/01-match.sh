#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 01-match: the module touches only the NICs it matches.
# QEMU's e1000e is an 82574L (8086:10d3), which is not in the built-in table.
# Loaded without ids= the module must leave both NICs alone: no
# /sys/kernel/e1000e_quirks/<pci> directory, `ethtool -k` unchanged. Loaded
# with ids=8086:10d3 it matches both: directory present, matched_by=ids,
# pci_id=8086:10d3, state=applied.
# shellcheck source=tests/vm/lib.sh
. /lib.sh

P1=$(nic_pci 1)
P2=$(nic_pci 2)
IF1=$(nic_if 1)
IF2=$(nic_if 2)
k1=$(ethtool -k "$IF1")
k2=$(ethtool -k "$IF2")

load_quirks || fail "insmod without ids= failed"
[ -d "$QUIRKS_SYS" ] || fail "no $QUIRKS_SYS after insmod"
# Absence cannot be polled for: watch for a while instead.
stays_for 3 sysfs_dir_absent "$P1" || fail "without ids=: $QUIRKS_SYS/$P1 exists"
sysfs_dir_absent "$P2" || fail "without ids=: $QUIRKS_SYS/$P2 exists"
expect_same "without ids=: ethtool -k $IF1" "$k1" "$(ethtool -k "$IF1")"
expect_same "without ids=: ethtool -k $IF2" "$k2" "$(ethtool -k "$IF2")"
unload_quirks || fail "rmmod after load without ids= failed"

load_quirks "ids=$EMU_ID" || fail "insmod ids=$EMU_ID failed"
for p in "$P1" "$P2"; do
	poll_until 10 sysfs_dir_exists "$p" || fail "ids=$EMU_ID: no $QUIRKS_SYS/$p"
	expect "$p matched_by" "$(sysfs_nic "$p" matched_by)" ids
	expect "$p pci_id" "$(sysfs_nic "$p" pci_id)" "$EMU_ID"
	wait_state "$p" applied || fail "$p state: $(sysfs_nic "$p" state), want applied"
done
offloads_are off "$IF1" || fail "ids=$EMU_ID: $IF1 $(offloads "$IF1")"
offloads_are off "$IF2" || fail "ids=$EMU_ID: $IF2 $(offloads "$IF2")"
unload_quirks || fail "rmmod failed"
pass
