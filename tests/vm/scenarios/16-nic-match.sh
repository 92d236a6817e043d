#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 16-nic-match: nic= entries decide what is matched, and which entry wins.
# Without ids= (the 82574L is not in the built-in table):
#   nic=pci=<nic1 without domain>  nic1 matched_by=nic, policy pci=<full
#                                  address>, applied, offloads off; nic2 has
#                                  no sysfs directory, `ethtool -k` unchanged
#   nic=mac=<nic2's permanent MAC> nic2 matched_by=nic, nic1 left alone
#   nic=name=<nic1's name>         nothing matched: a name alone does not
#                                  make a NIC affected (no directory,
#                                  `ethtool -k` unchanged)
# With ids=8086:10d3, the most specific matching entry wins, whatever the
# order: "name=<nic1>,features=gso;pci=<nic1>,features=tso" gives nic1 policy
# pci=..., only TSO off; "mac=<nic1>,features=gso;name=<nic1>,features=tso"
# gives policy mac=..., only GSO off.
# shellcheck source=tests/vm/lib.sh
. /lib.sh

P1=$(nic_pci 1)
P2=$(nic_pci 2)
IF1=$(nic_if 1)
IF2=$(nic_if 2)
k1=$(ethtool -k "$IF1")
k2=$(ethtool -k "$IF2")
MAC1=$(ethtool -P "$IF1" | sed -n 's/^Permanent address: *//p')
MAC2=$(ethtool -P "$IF2" | sed -n 's/^Permanent address: *//p')
[ -n "$MAC1" ] || fail "no permanent address from ethtool -P $IF1"
[ -n "$MAC2" ] || fail "no permanent address from ethtool -P $IF2"

# matched_only ENTRY PCI IF OTHER_PCI OTHER_IF OTHER_K POLICY
matched_only() {
	load_quirks "nic=$1" || fail "insmod nic=$1 failed"
	wait_state "$2" applied || fail "nic=$1: $2 state $(sysfs_nic "$2" state 2>&1)"
	expect "nic=$1: $2 matched_by" "$(sysfs_nic "$2" matched_by)" nic
	expect "nic=$1: $2 policy" "$(sysfs_nic "$2" policy)" "$7"
	offloads_are off "$3" || fail "nic=$1: $3 $(offloads "$3")"
	stays_for 1 sysfs_dir_absent "$4" || fail "nic=$1: $QUIRKS_SYS/$4 exists"
	expect_same "nic=$1: ethtool -k $5 (not named)" "$6" "$(ethtool -k "$5")"
	unload_quirks || fail "nic=$1: rmmod failed"
}

matched_only "pci=${P1#0000:}" "$P1" "$IF1" "$P2" "$IF2" "$k2" "pci=$P1"
matched_only "mac=$MAC2" "$P2" "$IF2" "$P1" "$IF1" "$k1" "mac=$MAC2"

load_quirks "nic=name=$IF1,features=tso" || fail "insmod nic=name=$IF1 failed"
stays_for 2 sysfs_dir_absent "$P1" || fail "nic=name=$IF1 without ids=: $QUIRKS_SYS/$P1 exists"
sysfs_dir_absent "$P2" || fail "nic=name=$IF1 without ids=: $QUIRKS_SYS/$P2 exists"
expect_same "nic=name=$IF1 without ids=: ethtool -k $IF1" "$k1" "$(ethtool -k "$IF1")"
expect_same "nic=name=$IF1 without ids=: ethtool -k $IF2" "$k2" "$(ethtool -k "$IF2")"
unload_quirks || fail "rmmod (name= only) failed"

# winner ENTRIES WANT_POLICY WANT_OFFLOADS
winner() {
	load_quirks "ids=$EMU_ID" "nic=$1" || fail "insmod nic=$1 failed"
	wait_state "$P1" applied || fail "nic=$1: $P1 state $(sysfs_nic "$P1" state 2>&1)"
	expect "nic=$1: $P1 policy" "$(sysfs_nic "$P1" policy)" "$2"
	expect "nic=$1: $IF1 offloads" "$(offloads "$IF1")" "$3"
	wait_state "$P2" applied || fail "nic=$1: $P2 state $(sysfs_nic "$P2" state 2>&1)"
	expect "nic=$1: $P2 policy" "$(sysfs_nic "$P2" policy)" default
	offloads_are off "$IF2" || fail "nic=$1: $IF2 $(offloads "$IF2")"
	unload_quirks || fail "nic=$1: rmmod failed"
	expect_same "nic=$1: ethtool -k $IF1 after rmmod" "$k1" "$(ethtool -k "$IF1")"
}

winner "name=$IF1,features=gso;pci=$P1,features=tso" "pci=$P1" "tso=off gso=on sg=on tx=on"
winner "mac=$MAC1,features=gso;name=$IF1,features=tso" "mac=$MAC1" "tso=on gso=off sg=on tx=on"
pass
