#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 07-rmmod-e1000e: the driver may come and go under the module.
# With the module loaded, `rmmod e1000e` removes both NICs: their sysfs
# directories go away. Loading e1000e again brings them back: directories
# return and the offloads are applied again. Then rmmod of our module is clean
# and restores the offloads.
# shellcheck source=tests/vm/lib.sh
. /lib.sh

P1=$(nic_pci 1)
P2=$(nic_pci 2)
load_quirks "ids=$EMU_ID" || fail "insmod failed"
wait_state "$P1" applied || fail "$P1 state $(sysfs_nic "$P1" state), want applied"
wait_state "$P2" applied || fail "$P2 state $(sysfs_nic "$P2" state), want applied"

unload_e1000e || fail "rmmod e1000e failed with e1000e_quirks loaded"
poll_until 10 sysfs_dir_absent "$P1" || fail "$QUIRKS_SYS/$P1 still there without e1000e"
poll_until 10 sysfs_dir_absent "$P2" || fail "$QUIRKS_SYS/$P2 still there without e1000e"

load_e1000e || fail "insmod e1000e failed"
poll_until 30 nics_present || fail "NICs did not come back"
wait_state "$P1" applied || fail "after reload: $P1 state $(sysfs_nic "$P1" state 2>&1)"
wait_state "$P2" applied || fail "after reload: $P2 state $(sysfs_nic "$P2" state 2>&1)"
IF1=$(nic_if 1)
IF2=$(nic_if 2)
offloads_are off "$IF1" || fail "after reload: $IF1 $(offloads "$IF1")"
offloads_are off "$IF2" || fail "after reload: $IF2 $(offloads "$IF2")"

unload_quirks || fail "rmmod e1000e_quirks failed"
[ -e "$QUIRKS_SYS" ] && fail "$QUIRKS_SYS still there after rmmod"
offloads_are on "$IF1" || fail "after rmmod: $IF1 $(offloads "$IF1")"
offloads_are on "$IF2" || fail "after rmmod: $IF2 $(offloads "$IF2")"
pass
