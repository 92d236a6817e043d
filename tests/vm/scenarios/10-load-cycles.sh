#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 10-load-cycles: 50 load/unload cycles under traffic leave no trace.
# nic1 pings nic2 (in netns "peer") every 50 ms while the module is loaded
# and unloaded 50 times; odd cycles wait for state=applied, even cycles unload
# at once (racing the module's work item). No splat may appear (host), every
# rmmod must succeed, traffic must keep flowing, and at the end the full
# `ethtool -k` and `ethtool -g` of both NICs are exactly as before.
# On the debug kernels (kmemleak present) 20 cycles: a cycle takes seconds
# there, and the leak and lock checkers see the same paths in 20 as in 50;
# init asks kmemleak right after this scenario.
# shellcheck source=tests/vm/lib.sh
. /lib.sh

P1=$(nic_pci 1)
setup_pair || fail "setup_pair failed"
k1=$(ethtool -k "$IF1")
g1=$(ethtool -g "$IF1")
k2=$(in_ns "$PEER_NS" ethtool -k "$IF2")
g2=$(in_ns "$PEER_NS" ethtool -g "$IF2")
rx0=$(ifstat "$IF1" rx_packets)
spawn ping -q -i 0.05 "$ADDR2" >/dev/null

cycles=50
[ -e /sys/kernel/debug/kmemleak ] && cycles=20
i=1
while [ "$i" -le "$cycles" ]; do
	load_quirks "ids=$EMU_ID" || fail "cycle $i: insmod failed"
	if [ $(( i % 2 )) -eq 1 ]; then
		wait_state "$P1" applied || fail "cycle $i: state $(sysfs_nic "$P1" state 2>&1)"
	fi
	unload_quirks || fail "cycle $i: rmmod failed"
	i=$(( i + 1 ))
done
kill_bg

rx1=$(ifstat "$IF1" rx_packets)
[ $(( rx1 - rx0 )) -ge 20 ] || fail "traffic did not flow: rx_packets $rx0 -> $rx1"
log "$cycles cycles, $(( rx1 - rx0 )) packets received meanwhile"
expect_same "ethtool -k $IF1" "$k1" "$(ethtool -k "$IF1")"
expect_same "ethtool -g $IF1" "$g1" "$(ethtool -g "$IF1")"
expect_same "ethtool -k $IF2" "$k2" "$(in_ns "$PEER_NS" ethtool -k "$IF2")"
expect_same "ethtool -g $IF2" "$g2" "$(in_ns "$PEER_NS" ethtool -g "$IF2")"
pass
