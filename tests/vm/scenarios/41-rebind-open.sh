#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 41-rebind-open: the real e1000e unbound and bound again and, in the same
# shell command, `ip link set up` at once, 20 times: every time TSO is off
# when the command returns (ethtool -k, no wait). Every 10th open a
# TCP transfer (256 KiB with busybox nc to the peer) starts as soon as the
# link is up (e1000e's link takes 2-3 s in QEMU, so not every round), and
# the NIC's own TSO context counter (ethtool -S tx_tcp_seg_good, fresh with
# each bind) stays 0.
# kernels: oldest
# shellcheck source=tests/vm/lib.sh disable=SC2317 # (helpers called via poll_until)
. /lib.sh

BYTES=262144
DRV=/sys/bus/pci/drivers/e1000e

_listening() {
	ip netns exec "$PEER_NS" netstat -ltn | grep -q ':5001 '
}

send() {
	spawn ip netns exec "$PEER_NS" nc -l -p 5001 -e wc -c
	poll_until 10 _listening || return 1
	dd if=/dev/zero bs=65536 count=$(( BYTES / 65536 )) 2>/dev/null | nc "$ADDR2" 5001
}

P1=$(nic_pci 1)
load_quirks "ids=$EMU_ID" || fail "insmod failed"
setup_pair || fail "setup_pair failed"
i=1
while [ "$i" -le 20 ]; do
	echo "$P1" >"$DRV/unbind" && echo "$P1" >"$DRV/bind" &&
		ip link set "$(nic_if 1)" up || fail "round $i: rebind and up failed"
	IF1=$(nic_if 1)
	t=$(feat "$IF1" tso)	# one ethtool -k: 0.3 s a run under TCG
	expect "round $i: TSO at open" "$t" off
	if [ $((i % 10)) = 0 ]; then
		ip addr add "$ADDR1/24" dev "$IF1" || fail "round $i: no address"
		poll_until 20 link_up "$IF1" || fail "round $i: no carrier"
		got=$(send) || fail "round $i: no listener"
		expect "round $i: bytes received" "$got" "$BYTES"
		expect "round $i: tx_tcp_seg_good" "$(ethstat "$IF1" tx_tcp_seg_good)" 0
	fi
	i=$((i + 1))
done
wait_state "$P1" applied || fail "state $(sysfs_nic "$P1" state): $(sysfs_nic "$P1" last_error)"
unload_quirks || fail "rmmod failed"
pass
