#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 12-tx-watchdog: a genuine TX hang and netdev watchdog reset, with the module
# loaded. hang_tx (lib.sh) stalls nic1's TX ring by cutting PCI bus mastering
# while it pings a neighbour that never answers; the netdev watchdog must fire
# (queues/tx-0/tx_timeout rises within 30 s) and e1000e resets the adapter.
# The kernel must survive (no splat: host), bus mastering is restored, and the
# NIC recovers: packets complete again and nic2 answers pings.
# shellcheck source=tests/vm/lib.sh disable=SC2317 # (helpers called via poll_until)
. /lib.sh

P1=$(nic_pci 1)
load_quirks "ids=$EMU_ID" || fail "insmod failed"
wait_state "$P1" applied || fail "state $(sysfs_nic "$P1" state), want applied"
setup_pair || fail "setup_pair failed"

t0=$(tx_timeouts "$IF1")
real_hang "$IF1"
log "tx_timeout $t0 -> $(tx_timeouts "$IF1"), watchdog_resets=$(sysfs_nic "$P1" watchdog_resets)"
unhang_tx "$IF1"

tx_recovered "$IF1" || fail "no recovery after the reset (see the log line above)"
expect "state after the reset" "$(sysfs_nic "$P1" state)" applied
offloads_are off "$IF1" || fail "after the reset: $(offloads "$IF1")"
unload_quirks || fail "rmmod failed"
pass
