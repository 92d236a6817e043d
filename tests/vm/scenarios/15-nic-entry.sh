#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 15-nic-entry: a nic= entry gives its settings to the one NIC it names.
# Loaded with ids=8086:10d3 (both NICs matched) and one entry
# "KEY,features=tso,rx_ring=512", where KEY is, in turn:
#   name=<nic1's real name>
#   mac=<nic1's permanent MAC, in capitals>  (nic1's current MAC is changed
#                                            first, so only the permanent one
#                                            can match)
#   pci=<nic2's address with the 0000: domain>
#   pci=<nic2's address without it>
# The named NIC shows the entry's key in sysfs policy, features_planned "tso",
# and in the real ethtool only TSO off (gso, sg, tx on) and RX ring 512; the
# other NIC keeps the defaults (policy default, all four offloads off, rings
# untouched). rmmod restores `ethtool -k` and `ethtool -g` of both exactly.
# shellcheck source=tests/vm/lib.sh
. /lib.sh

ring_cur() {
	ethtool -g "$1" | sed -n "/^Current hardware settings:/,\$ s/^$2:[[:space:]]*//p"
}

# check_entry ENTRY NAMED_PCI NAMED_IF OTHER_PCI OTHER_IF WANT_POLICY
check_entry() {
	log "nic=$1"
	load_quirks "ids=$EMU_ID" "nic=$1" || fail "insmod nic=$1 failed"
	wait_state "$2" applied || fail "nic=$1: $2 state $(sysfs_nic "$2" state 2>&1)"
	wait_state "$4" applied || fail "nic=$1: $4 state $(sysfs_nic "$4" state 2>&1)"
	expect "nic=$1: $2 policy" "$(sysfs_nic "$2" policy)" "$6"
	expect "nic=$1: $2 matched_by" "$(sysfs_nic "$2" matched_by)" ids
	expect "nic=$1: $2 features_planned" "$(sysfs_nic "$2" features_planned)" tso
	expect "nic=$1: $3 offloads" "$(offloads "$3")" "tso=off gso=on sg=on tx=on"
	expect "nic=$1: $3 RX ring" "$(ring_cur "$3" RX)" 512
	expect "nic=$1: $3 TX ring" "$(ring_cur "$3" TX)" 256
	expect "nic=$1: $2 rx_ring/rx_ring_orig" \
		"$(sysfs_nic "$2" rx_ring)/$(sysfs_nic "$2" rx_ring_orig)" 512/256
	expect "nic=$1: $4 (not named) policy" "$(sysfs_nic "$4" policy)" default
	expect "nic=$1: $4 (not named) features_planned" \
		"$(sysfs_nic "$4" features_planned)" "tso gso sg tx"
	offloads_are off "$5" || fail "nic=$1: $5 (not named) $(offloads "$5")"
	expect "nic=$1: $5 (not named) rings" \
		"$(ring_cur "$5" TX)/$(ring_cur "$5" RX)" 256/256
	expect "nic=$1: $4 (not named) rx_ring" "$(sysfs_nic "$4" rx_ring)" -
	unload_quirks || fail "nic=$1: rmmod failed"
	expect_same "nic=$1: ethtool -k $IF1 after rmmod" "$k1" "$(ethtool -k "$IF1")"
	expect_same "nic=$1: ethtool -g $IF1 after rmmod" "$g1" "$(ethtool -g "$IF1")"
	expect_same "nic=$1: ethtool -k $IF2 after rmmod" "$k2" "$(ethtool -k "$IF2")"
	expect_same "nic=$1: ethtool -g $IF2 after rmmod" "$g2" "$(ethtool -g "$IF2")"
}

P1=$(nic_pci 1)
P2=$(nic_pci 2)
IF1=$(nic_if 1)
IF2=$(nic_if 2)
k1=$(ethtool -k "$IF1")
g1=$(ethtool -g "$IF1")
k2=$(ethtool -k "$IF2")
g2=$(ethtool -g "$IF2")

check_entry "name=$IF1,features=tso,rx_ring=512" "$P1" "$IF1" "$P2" "$IF2" "name=$IF1"

MAC1=$(ethtool -P "$IF1" | sed -n 's/^Permanent address: *//p')
[ -n "$MAC1" ] || fail "no permanent address from ethtool -P $IF1"
ip link set "$IF1" address 02:00:00:00:00:01 || fail "cannot change $IF1's MAC"
ip link show "$IF1" | grep -q "ether 02:00:00:00:00:01 " || fail "$IF1's MAC did not change"
MAC1_UPPER=$(echo "$MAC1" | tr 'a-f' 'A-F')
check_entry "mac=$MAC1_UPPER,features=tso,rx_ring=512" "$P1" "$IF1" "$P2" "$IF2" "mac=$MAC1"

check_entry "pci=$P2,features=tso,rx_ring=512" "$P2" "$IF2" "$P1" "$IF1" "pci=$P2"
check_entry "pci=${P2#0000:},features=tso,rx_ring=512" "$P2" "$IF2" "$P1" "$IF1" "pci=$P2"
pass
