#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 19-replan: valid run-time parameter writes re-plan every NIC.
# Loaded with ids=8086:10d3 (NICs down), all four offloads off. Then, each
# polled in the real ethtool:
#   features=tso         gso, sg, tx back on, TSO still off (both NICs)
#   tx_ring=1024         both NICs TX ring 1024
#   nic=pci=<nic2>,tx_ring=256,features=gso
#                        nic2: TX ring back to 256, only GSO off, policy
#                        pci=...; nic1 unchanged (TX 1024, only TSO off)
#   nic= (empty)         nic2 back to TX 1024, only TSO off, policy default
#   mode=off             both sysfs directories gone, `ethtool -k` and `-g` of
#                        both exactly as before the load
#   mode=always          directories back, state applied, and the current
#                        parameters applied again (TSO off, TX 1024)
# rmmod then restores both NICs exactly.
# shellcheck source=tests/vm/lib.sh disable=SC2317 # (helpers called via poll_until)
. /lib.sh

ring_cur() {
	ethtool -g "$1" | sed -n "/^Current hardware settings:/,\$ s/^$2:[[:space:]]*//p"
}

# looks IF OFFLOADS TX: the real ethtool shows these offloads and TX ring.
looks() {
	[ "$(offloads "$1")" = "$2" ] && [ "$(ring_cur "$1" TX)" = "$3" ]
}

# wait_looks WHEN IF OFFLOADS TX
wait_looks() {
	poll_until 10 looks "$2" "$3" "$4" ||
		fail "$1: $2 $(offloads "$2") TX ring $(ring_cur "$2" TX), want $3 TX ring $4"
}

setp() {
	log "parameters/$1 <- '$2'"
	echo "$2" >"$QUIRKS_PARAMS/$1" || fail "writing '$2' to parameters/$1 failed"
}

same_as_before() {
	[ "$(ethtool -k "$IF1")" = "$k1" ] && [ "$(ethtool -g "$IF1")" = "$g1" ] &&
	[ "$(ethtool -k "$IF2")" = "$k2" ] && [ "$(ethtool -g "$IF2")" = "$g2" ]
}

P1=$(nic_pci 1)
P2=$(nic_pci 2)
IF1=$(nic_if 1)
IF2=$(nic_if 2)
k1=$(ethtool -k "$IF1")
g1=$(ethtool -g "$IF1")
k2=$(ethtool -k "$IF2")
g2=$(ethtool -g "$IF2")
TSO_ONLY="tso=off gso=on sg=on tx=on"

load_quirks "ids=$EMU_ID" || fail "insmod failed"
wait_state "$P1" applied || fail "$P1 state $(sysfs_nic "$P1" state 2>&1)"
wait_state "$P2" applied || fail "$P2 state $(sysfs_nic "$P2" state 2>&1)"
wait_looks "after the load" "$IF1" "tso=off gso=off sg=off tx=off" 256

setp features tso
wait_looks "features=tso" "$IF1" "$TSO_ONLY" 256
wait_looks "features=tso" "$IF2" "$TSO_ONLY" 256
expect "features=tso: $P1 features_planned" "$(sysfs_nic "$P1" features_planned)" tso
expect "features=tso: $P1 features_cleared" "$(sysfs_nic "$P1" features_cleared)" tso

setp tx_ring 1024
wait_looks "tx_ring=1024" "$IF1" "$TSO_ONLY" 1024
wait_looks "tx_ring=1024" "$IF2" "$TSO_ONLY" 1024

setp nic "pci=$P2,tx_ring=256,features=gso"
wait_looks "nic=pci=$P2,..." "$IF2" "tso=on gso=off sg=on tx=on" 256
expect "nic=pci=$P2,...: $P2 policy" "$(sysfs_nic "$P2" policy)" "pci=$P2"
expect "nic=pci=$P2,...: $P2 tx_ring/tx_ring_orig" \
	"$(sysfs_nic "$P2" tx_ring)/$(sysfs_nic "$P2" tx_ring_orig)" 256/256
wait_looks "nic=pci=$P2,... (the other NIC)" "$IF1" "$TSO_ONLY" 1024
expect "nic=pci=$P2,...: $P1 policy" "$(sysfs_nic "$P1" policy)" default

setp nic ""
wait_looks "nic= (empty)" "$IF2" "$TSO_ONLY" 1024
expect "nic= (empty): $P2 policy" "$(sysfs_nic "$P2" policy)" default

setp mode off
poll_until 10 sysfs_dir_absent "$P1" || fail "mode=off: $QUIRKS_SYS/$P1 still there"
poll_until 10 sysfs_dir_absent "$P2" || fail "mode=off: $QUIRKS_SYS/$P2 still there"
poll_until 10 same_as_before || {
	expect_same "mode=off: ethtool -k $IF1" "$k1" "$(ethtool -k "$IF1")"
	expect_same "mode=off: ethtool -g $IF1" "$g1" "$(ethtool -g "$IF1")"
	expect_same "mode=off: ethtool -k $IF2" "$k2" "$(ethtool -k "$IF2")"
	expect_same "mode=off: ethtool -g $IF2" "$g2" "$(ethtool -g "$IF2")"
}

setp mode always
wait_state "$P1" applied || fail "mode=always: $P1 state $(sysfs_nic "$P1" state 2>&1)"
wait_state "$P2" applied || fail "mode=always: $P2 state $(sysfs_nic "$P2" state 2>&1)"
wait_looks "mode=always" "$IF1" "$TSO_ONLY" 1024
wait_looks "mode=always" "$IF2" "$TSO_ONLY" 1024

unload_quirks || fail "rmmod failed"
expect_same "ethtool -k $IF1 after rmmod" "$k1" "$(ethtool -k "$IF1")"
expect_same "ethtool -g $IF1 after rmmod" "$g1" "$(ethtool -g "$IF1")"
expect_same "ethtool -k $IF2 after rmmod" "$k2" "$(ethtool -k "$IF2")"
expect_same "ethtool -g $IF2 after rmmod" "$g2" "$(ethtool -g "$IF2")"
pass
