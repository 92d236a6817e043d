#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 17-nic-mode-off: a nic= entry with mode=off excludes its NIC, and an entry
# with a mode keeps its NIC handled under a global mode=off.
# ids=8086:10d3 nic="pci=<nic1>,mode=off,tx_ring=512,pause=off": nic1 keeps
# a sysfs directory with state off, mode off, features_cleared empty, and the
# real `ethtool -k`, `-g` and `-a` of nic1 stay exactly as before; nic2 is
# applied as usual.
# mode=off ids=8086:10d3 nic="pci=<nic2>,mode=always": only nic2 is handled
# (applied, offloads off); nic1 has no directory and is untouched.
# shellcheck source=tests/vm/lib.sh
. /lib.sh

P1=$(nic_pci 1)
P2=$(nic_pci 2)
IF1=$(nic_if 1)
IF2=$(nic_if 2)
k1=$(ethtool -k "$IF1")
g1=$(ethtool -g "$IF1")
a1=$(ethtool -a "$IF1")
k2=$(ethtool -k "$IF2")

entry="pci=$P1,mode=off,tx_ring=512,pause=off"
load_quirks "ids=$EMU_ID" "nic=$entry" || fail "insmod nic=$entry failed"
wait_state "$P2" applied || fail "$P2 state $(sysfs_nic "$P2" state 2>&1), want applied"
offloads_are off "$IF2" || fail "$IF2 $(offloads "$IF2")"
wait_state "$P1" off || fail "$P1 state $(sysfs_nic "$P1" state 2>&1), want off"
expect "$P1 mode" "$(sysfs_nic "$P1" mode)" off
expect "$P1 policy" "$(sysfs_nic "$P1" policy)" "pci=$P1"
expect "$P1 features_cleared" "$(sysfs_nic "$P1" features_cleared)" ""
expect "$P1 tx_ring" "$(sysfs_nic "$P1" tx_ring)" -
expect "$P1 pause" "$(sysfs_nic "$P1" pause)" -
expect_same "entry mode=off: ethtool -k $IF1" "$k1" "$(ethtool -k "$IF1")"
expect_same "entry mode=off: ethtool -g $IF1" "$g1" "$(ethtool -g "$IF1")"
expect_same "entry mode=off: ethtool -a $IF1" "$a1" "$(ethtool -a "$IF1")"
unload_quirks || fail "rmmod failed"
expect_same "ethtool -k $IF1 after rmmod" "$k1" "$(ethtool -k "$IF1")"
expect_same "ethtool -k $IF2 after rmmod" "$k2" "$(ethtool -k "$IF2")"

entry="pci=$P2,mode=always"
load_quirks mode=off "ids=$EMU_ID" "nic=$entry" || fail "insmod mode=off nic=$entry failed"
wait_state "$P2" applied || fail "mode=off + $entry: $P2 state $(sysfs_nic "$P2" state 2>&1)"
expect "mode=off + $entry: $P2 mode" "$(sysfs_nic "$P2" mode)" always
offloads_are off "$IF2" || fail "mode=off + $entry: $IF2 $(offloads "$IF2")"
stays_for 1 sysfs_dir_absent "$P1" || fail "mode=off + $entry: $QUIRKS_SYS/$P1 exists"
expect_same "mode=off + $entry: ethtool -k $IF1" "$k1" "$(ethtool -k "$IF1")"
unload_quirks || fail "rmmod (mode=off) failed"
expect_same "ethtool -k $IF2 after rmmod" "$k2" "$(ethtool -k "$IF2")"
pass
