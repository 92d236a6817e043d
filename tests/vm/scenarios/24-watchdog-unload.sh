#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 24-watchdog-unload: rmmod in the middle of a TX hang is clean.
# Loaded with ids=8086:10d3 (tracepoint source), nic1 up and pinging a
# neighbour that never answers. Unlike hang_tx (lib.sh), bus mastering stays
# cut until after the first netdev watchdog timeout (tx_timeout rises, the
# module counts it), so e1000e's "Reset adapter unexpectedly" runs without
# DMA. rmmod then, with bus mastering still off: it must succeed, remove
# /sys/kernel/e1000e_quirks and put nic1's `ethtool -k` back exactly. Bus
# mastering is restored and nic1 is taken down and up, after which it reaches
# nic2 again; loading the module once more applies to the recovered NIC and
# the rmmod after that is clean too. No splat (host).
# shellcheck source=tests/vm/lib.sh disable=SC2317 # (helpers called via poll_until)
. /lib.sh

bus_master_off() {
	[ $(( $(pci_cfg_read "/sys/class/net/$IF1/device/config" 4) & 4 )) -eq 0 ]
}

counted() {
	[ "$(sysfs_nic "$P1" watchdog_resets)" -ge 1 ]
}

ping_peer() {
	ping -c 1 -W 1 "$ADDR2" >/dev/null
}

P1=$(nic_pci 1)
k1=$(ethtool -k "$(nic_if 1)")
load_quirks "ids=$EMU_ID" || fail "insmod failed"
wait_state "$P1" applied || fail "state $(sysfs_nic "$P1" state 2>&1), want applied"
expect "watchdog_source" "$(cat "$QUIRKS_SYS/watchdog_source")" tracepoint
setup_pair || fail "setup_pair failed"

t0=$(tx_timeouts "$IF1")
hang_tx "$IF1" hold || { unhang_tx "$IF1"; fail "TX did not stall after clearing bus mastering"; }
poll_until 30 tx_timeout_above "$IF1" "$t0" ||
	{ unhang_tx "$IF1"; fail "no TX watchdog: tx_timeout stayed $(tx_timeouts "$IF1")"; }
poll_until 5 counted ||
	{ unhang_tx "$IF1"; fail "the module did not count the timeout: watchdog_resets $(sysfs_nic "$P1" watchdog_resets)"; }
bus_master_off || fail "bus mastering is back on before the rmmod"
log "tx_timeout $t0 -> $(tx_timeouts "$IF1"), watchdog_resets $(sysfs_nic "$P1" watchdog_resets); rmmod with bus mastering off"
unload_quirks || { unhang_tx "$IF1"; fail "rmmod during the hang failed"; }
bus_master_off || fail "bus mastering came back on during the rmmod"
unhang_tx "$IF1"
quirks_loaded && fail "module still loaded after rmmod during the hang"
[ -e "$QUIRKS_SYS" ] && fail "$QUIRKS_SYS still there after rmmod during the hang"
expect_same "ethtool -k $IF1 after rmmod during the hang" "$k1" "$(ethtool -k "$IF1")"

kill_bg
ip link set "$IF1" down || fail "ip link set $IF1 down failed"
ip link set "$IF1" up || fail "ip link set $IF1 up failed"
poll_until 20 link_up "$IF1" || fail "$IF1: no carrier after down/up"
poll_until 20 ping_peer || fail "$ADDR2 unreachable after the hang and down/up"

load_quirks "ids=$EMU_ID" || fail "insmod after the hang failed"
wait_state "$P1" applied || fail "after the hang: state $(sysfs_nic "$P1" state 2>&1)"
offloads_are off "$IF1" || fail "after the hang: $(offloads "$IF1")"
unload_quirks || fail "rmmod after the hang failed"
expect_same "ethtool -k $IF1 after the last rmmod" "$k1" "$(ethtool -k "$IF1")"
pass
