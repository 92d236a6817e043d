#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 11-tcp-tso: the test can see TSO, and the module removes it.
# Real TCP from nic1 (192.0.2.1) to nic2 (192.0.2.2, netns "peer"), 4 MiB
# with busybox nc. Without the module (TSO on) the NIC's TSO context counter
# `ethtool -S` tx_tcp_seg_good rises. With the module loaded before the NIC is
# first opened it stays 0 from the very first packet, while the same 4 MiB
# arrive.
# shellcheck source=tests/vm/lib.sh disable=SC2317 # (helpers called via poll_until)
. /lib.sh

BYTES=4194304

# send_4m: push $BYTES to $ADDR2:5001; the receiver answers with the count
# (nc -e wc -c), which is printed.
send_4m() {
	spawn ip netns exec "$PEER_NS" nc -l -p 5001 -e wc -c
	poll_until 10 _listening || return 1
	dd if=/dev/zero bs=65536 count=$(( BYTES / 65536 )) 2>/dev/null | nc "$ADDR2" 5001
}

_listening() {
	ip netns exec "$PEER_NS" netstat -ltn | grep -q ':5001 '
}

# Without the module.
setup_pair || fail "without module: setup_pair failed"
feat "$IF1" tso | grep -qx on || fail "without module: TSO is $(feat "$IF1" tso)"
seg0=$(ethstat "$IF1" tx_tcp_seg_good)
got=$(send_4m) || fail "without module: no listener"
seg1=$(ethstat "$IF1" tx_tcp_seg_good)
expect "without module: bytes received" "$got" "$BYTES"
[ "$seg1" -gt "$seg0" ] ||
	fail "without module: tx_tcp_seg_good $seg0 -> $seg1 (TSO not visible)"
log "without module: tx_tcp_seg_good $seg0 -> $seg1"

# With the module, loaded before the first open (fresh e1000e: counters 0).
reset_env || fail "reset_env failed"
P1=$(nic_pci 1)
P2=$(nic_pci 2)
load_quirks "ids=$EMU_ID" || fail "insmod failed"
wait_state "$P1" applied || fail "$P1 state $(sysfs_nic "$P1" state), want applied"
wait_state "$P2" applied || fail "$P2 state $(sysfs_nic "$P2" state), want applied"
setup_pair || fail "with module: setup_pair failed"
offloads_are off "$IF1" || fail "with module: $(offloads "$IF1")"
tx0=$(ifstat "$IF1" tx_bytes)
got=$(send_4m) || fail "with module: no listener"
seg=$(ethstat "$IF1" tx_tcp_seg_good)
tx1=$(ifstat "$IF1" tx_bytes)
expect "with module: bytes received" "$got" "$BYTES"
[ $(( tx1 - tx0 )) -ge "$BYTES" ] || fail "with module: only $(( tx1 - tx0 )) bytes sent"
expect "with module: tx_tcp_seg_good after $BYTES bytes" "$seg" 0
unload_quirks || fail "rmmod failed"
pass
