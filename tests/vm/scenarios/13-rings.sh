#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 13-rings: tx_ring= and rx_ring= resize the descriptor rings, and only valid
# sizes are taken.
# Invalid sizes (100: not a multiple of 8, 4097: above 4096, 63: below 64) make
# insmod fail with a kernel log line naming the parameter and the value.
# Loaded with tx_ring=512 rx_ring=1024 while the NICs are down: `ethtool -g`
# shows TX 512 / RX 1024, sysfs tx_ring/rx_ring = 512/1024 and
# tx_ring_orig/rx_ring_orig = 256/256. Run-time writes of the invalid sizes
# fail and leave the parameters (and the rings) as they were. The first
# `ip link set up` then brings the carrier up exactly once (carrier_changes +1,
# as 02 measures for a plain up) with the rings still 512/1024, and rmmod puts
# `ethtool -g` back exactly as it was before the load.
# shellcheck source=tests/vm/lib.sh disable=SC2317 # (helpers called via poll_until)
. /lib.sh

# ring_cur IF RX|TX: the current size from the real `ethtool -g`.
ring_cur() {
	ethtool -g "$1" | sed -n "/^Current hardware settings:/,\$ s/^$2:[[:space:]]*//p"
}

rings() {
	echo "tx=$(ring_cur "$1" TX) rx=$(ring_cur "$1" RX)"
}

P1=$(nic_pci 1)
IF1=$(nic_if 1)
IF2=$(nic_if 2)
g1=$(ethtool -g "$IF1")
g2=$(ethtool -g "$IF2")
expect "$IF1 rings before the load" "$(rings "$IF1")" "tx=256 rx=256"

for param in tx_ring rx_ring; do
	for bad in 100 4097 63; do
		dmesg_mark
		load_quirks "ids=$EMU_ID" "$param=$bad" 2>/dev/null &&
			fail "insmod $param=$bad succeeded"
		quirks_loaded && fail "module loaded after insmod $param=$bad"
		dmesg_since | grep -F "parameter $param" | grep -qF "'$bad'" ||
			fail "insmod $param=$bad: no log line naming $param and '$bad': $(dmesg_since | tail -n 2)"
	done
done
expect_same "ethtool -g $IF1 after the refused loads" "$g1" "$(ethtool -g "$IF1")"

dmesg_mark
load_quirks "ids=$EMU_ID" tx_ring=512 rx_ring=1024 || fail "insmod tx_ring=512 rx_ring=1024 failed"
wait_state "$P1" applied || fail "state $(sysfs_nic "$P1" state), want applied"
expect "$IF1 ethtool -g after the load" "$(rings "$IF1")" "tx=512 rx=1024"
expect "$IF2 ethtool -g after the load" "$(rings "$IF2")" "tx=512 rx=1024"
expect "sysfs tx_ring/rx_ring" "$(sysfs_nic "$P1" tx_ring)/$(sysfs_nic "$P1" rx_ring)" 512/1024
expect "sysfs tx_ring_orig/rx_ring_orig" \
	"$(sysfs_nic "$P1" tx_ring_orig)/$(sysfs_nic "$P1" rx_ring_orig)" 256/256
expect "last_error" "$(sysfs_nic "$P1" last_error)" ""
dmesg_since | grep -q "$IF1 ($P1, 8086:10d3): rings tx 512 rx 1024 (were tx 256 rx 256)" ||
	fail "no rings log line: '$(dmesg_since | grep e1000e_quirks | tail -n 2 | tr '\n' ';')'"

for param in tx_ring rx_ring; do
	old=$(cat "$QUIRKS_PARAMS/$param")
	for bad in 100 4097 63; do
		err=$({ echo "$bad" >"$QUIRKS_PARAMS/$param"; } 2>&1) &&
			fail "writing $bad to parameters/$param succeeded"
		case $err in
		*"Invalid argument"*) ;;
		*) fail "writing $bad to parameters/$param: '$err', want EINVAL" ;;
		esac
		expect "parameters/$param after writing $bad" "$(cat "$QUIRKS_PARAMS/$param")" "$old"
	done
done
# A refused write must not re-plan anything: watch for a moment.
rings_are() {
	[ "$(rings "$IF1")" = "$1" ]
}
stays_for 1 rings_are "tx=512 rx=1024" || fail "after the refused writes: $IF1 $(rings "$IF1")"
expect "sysfs tx_ring/rx_ring after the refused writes" \
	"$(sysfs_nic "$P1" tx_ring)/$(sysfs_nic "$P1" rx_ring)" 512/1024

# First open with the new rings: one carrier change, no bounce.
c0=$(carrier_changes "$IF1")
ip link set "$IF1" up || fail "ip link set $IF1 up failed"
poll_until 20 link_up "$IF1" || fail "$IF1: no carrier after up"
stays_for 3 link_up "$IF1" || fail "$IF1: carrier went away after coming up"
expect "carrier_changes on the first up" "+$(( $(carrier_changes "$IF1") - c0 ))" "+1"
expect "$IF1 ethtool -g while up" "$(rings "$IF1")" "tx=512 rx=1024"
expect "state while up" "$(sysfs_nic "$P1" state)" applied

unload_quirks || fail "rmmod failed"
expect "$IF1 rings after rmmod" "$(rings "$IF1")" "tx=256 rx=256"
expect_same "ethtool -g $IF1 after rmmod" "$g1" "$(ethtool -g "$IF1")"
expect_same "ethtool -g $IF2 after rmmod" "$g2" "$(ethtool -g "$IF2")"
pass
