#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 02-down-then-up: loaded while the NIC is down, the module turns the offloads
# off before the first open, and that open brings the link up exactly once.
# A control run without the module measures how much carrier_changes grows for
# a plain `ip link set up`; with the module, state=applied and
# tso/gso/sg/tx-checksumming off must show in `ethtool -k` before the open,
# stay off after it, and carrier_changes must grow by the same amount (no
# extra link bounce from the module).
# shellcheck source=tests/vm/lib.sh disable=SC2317 # (helpers called via poll_until)
. /lib.sh

# up_and_count IF: ip link set up, wait for a settled link, print how much
# carrier_changes grew.
up_and_count() {
	_c0=$(carrier_changes "$1")
	ip link set "$1" up || return 1
	poll_until 20 link_up "$1" || return 1
	stays_for 4 link_up "$1" || return 1
	echo $(( $(carrier_changes "$1") - _c0 ))
}

IF1=$(nic_if 1)
control=$(up_and_count "$IF1") || fail "control run: $IF1 link did not come up"
log "control: carrier_changes +$control for a plain up"

reset_env || fail "reset_env failed"
P1=$(nic_pci 1)
IF1=$(nic_if 1)
load_quirks "ids=$EMU_ID" || fail "insmod failed"
wait_state "$P1" applied || fail "state: $(sysfs_nic "$P1" state), want applied"
ip -o link show dev "$IF1" | grep -q '[<,]UP[,>]' && fail "$IF1 is up already"
offloads_are off "$IF1" || fail "before the first open: $(offloads "$IF1")"

with=$(up_and_count "$IF1") || fail "with the module: $IF1 link did not come up"
log "with the module: carrier_changes +$with"
offloads_are off "$IF1" || fail "after up: $(offloads "$IF1")"
expect "carrier_changes on the first up (control +$control)" "+$with" "+$control"
expect "state after up" "$(sysfs_nic "$P1" state)" applied
unload_quirks || fail "rmmod failed"
pass
