#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 40-standin-first-open: the plan is in force before the driver's ndo_open
# even when the first open wins every race. The stand-in with
# open_at_register=1 opens each net device inside the RTNL section that
# registers it (rtnl_lock(); register_netdevice(); dev_open(); rtnl_unlock()),
# so the module's work item cannot run in between: only the NETDEV_PRE_UP
# pass can. With the module loaded first (ids=8086:10d3 tx_ring=512
# eee=off pause=off), the stand-in's record of what ndo_open saw (debugfs
# open_seen) reads tso=off sg=off tx=off tx_ring=512 rx_ring=256 eee=off
# pause=off, the NIC is applied with no error, the driver was never
# re-initialised (no link bounce), and ethtool -k/-g agree.
# kernels: oldest newest
# shellcheck source=tests/vm/lib.sh disable=SC2317 # (helpers called via poll_until)
. /lib.sh

ring_tx() {
	ethtool -g "$1" | sed -n '/^Current hardware settings:/,$ s/^TX:[[:space:]]*//p'
}

P1=$(nic_pci 1)
P2=$(nic_pci 2)
unload_e1000e || fail "rmmod e1000e failed"
load_quirks "ids=$EMU_ID" tx_ring=512 eee=off pause=off || fail "insmod failed"
standin_load open_at_register=1 || fail "cannot load the stand-in"
want="tso=off sg=off tx=off tx_ring=512 rx_ring=256 eee=off pause=off k1=on itr=3"
for p in "$P1" "$P2"; do
	expect "$p: what ndo_open saw" "$(standin_dbg "$p" open_seen)" "$want"
	wait_state "$p" applied || fail "$p state $(sysfs_nic "$p" state): $(sysfs_nic "$p" last_error)"
	expect "$p re-inits" "$(standin_dbg "$p" resets)" 0
done
IF1=$(nic_if 1)
ip -o link show dev "$IF1" | grep -q '[<,]UP[,>]' || fail "$IF1 is not up"
offloads_are off "$IF1" || fail "$IF1: $(offloads "$IF1")"
expect "TX ring" "$(ring_tx "$IF1")" 512
unload_quirks || fail "rmmod failed"
pass
