#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 09-netns: a matched NIC keeps its treatment across network namespaces.
# Moving it into netns "x" and back keeps its sysfs directory and
# state=applied; the offloads stay off, seen with `ethtool -k` inside the
# namespace and after coming back. rmmod while it sits in "x" restores them
# there.
# shellcheck source=tests/vm/lib.sh
. /lib.sh

P2=$(nic_pci 2)
IF2=$(nic_if 2)
load_quirks "ids=$EMU_ID" || fail "insmod failed"
wait_state "$P2" applied || fail "state $(sysfs_nic "$P2" state), want applied"

ip netns add x || fail "ip netns add x failed"
ip link set "$IF2" netns x || fail "moving $IF2 to netns x failed"
sysfs_dir_exists "$P2" || fail "$QUIRKS_SYS/$P2 gone after the move to x"
wait_state "$P2" applied || fail "in x: state $(sysfs_nic "$P2" state 2>&1)"
offloads_are off "$IF2" x || fail "in x: $(offloads "$IF2" x)"

ip -n x link set "$IF2" netns 1 || fail "moving $IF2 back failed"
sysfs_dir_exists "$P2" || fail "$QUIRKS_SYS/$P2 gone after the move back"
wait_state "$P2" applied || fail "back: state $(sysfs_nic "$P2" state 2>&1)"
poll_until 5 nic_present 2 || fail "$IF2 not back in the init netns"
offloads_are off "$IF2" || fail "back: $(offloads "$IF2")"

ip link set "$IF2" netns x || fail "moving $IF2 to netns x again failed"
wait_state "$P2" applied || fail "in x again: state $(sysfs_nic "$P2" state 2>&1)"
unload_quirks || fail "rmmod failed"
offloads_are on "$IF2" x || fail "in x after rmmod: $(offloads "$IF2" x)"
pass
