#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 03-up-then-load: loaded while the NIC is up with link, the module applies at
# once without bouncing the link (TSO/SG/checksum changes do not reset
# e1000e), and rmmod puts every feature back exactly as it was (the full
# `ethtool -k` output before load and after unload are identical).
# shellcheck source=tests/vm/lib.sh
. /lib.sh

P1=$(nic_pci 1)
IF1=$(nic_if 1)
IF2=$(nic_if 2)
ip link set "$IF1" up
poll_until 20 link_up "$IF1" || fail "$IF1: no link"
stays_for 3 link_up "$IF1" || fail "$IF1: link not stable"
k1=$(ethtool -k "$IF1")
k2=$(ethtool -k "$IF2")
cc=$(carrier_changes "$IF1")

load_quirks "ids=$EMU_ID" || fail "insmod failed"
wait_state "$P1" applied || fail "state: $(sysfs_nic "$P1" state), want applied"
offloads_are off "$IF1" || fail "after load: $(offloads "$IF1")"
stays_for 4 link_up "$IF1" || fail "link went down after load"
expect "carrier_changes after load" "$(carrier_changes "$IF1")" "$cc"

unload_quirks || fail "rmmod failed"
expect_same "ethtool -k $IF1 after rmmod" "$k1" "$(ethtool -k "$IF1")"
expect_same "ethtool -k $IF2 after rmmod" "$k2" "$(ethtool -k "$IF2")"
expect "carrier_changes after rmmod" "$(carrier_changes "$IF1")" "$cc"
pass
