#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 35-standin-hangs: many genuine TX watchdog resets, fast (the stand-in's
# "hang" switch, watchdog_timeo 500 ms, reset like e1000e's reset task).
# mode=always: after 20 resets in a row the module's watchdog_resets, the
# kernel's queues/tx-0/tx_timeout and the stand-in's own count agree.
# mode=on-hang hang_threshold=3: armed with offloads on after 1 and 2
# resets (an unrelated parameter write in between changes nothing), then
# mitigated at exactly the third ("3 TX watchdog resets; turning off tso gso
# sg tx"); the mitigation survives eee/tx_ring/hang_threshold writes, and
# rmmod gives the offloads back.
# kernels: oldest newest
# shellcheck source=tests/vm/lib.sh disable=SC2119 # (standin_load without parameters)
. /lib.sh

P1=$(nic_pci 1)
standin_load || fail "cannot load the stand-in"
IF1=$(nic_if 1)
load_quirks "ids=$EMU_ID" || fail "insmod failed"
wait_state "$P1" applied || fail "state $(sysfs_nic "$P1" state)"
standin_up "$IF1" "$ADDR1" || fail "$IF1: no carrier"

t0=$(now_cs)
standin_hang "$IF1" 20 || fail "20 hangs: tx_timeout $(tx_timeouts "$IF1")"
log "20 resets in $(( ($(now_cs) - t0) / 100 )) s"
k=$(tx_timeouts "$IF1")
[ "$k" -ge 20 ] || fail "tx_timeout $k after 20 hangs"
expect "watchdog_resets after 20 hangs" "$(sysfs_nic "$P1" watchdog_resets)" "$k"
expect "stand-in tx_timeout_count" "$(standin_dbg "$P1" tx_timeout_count)" "$k"
unload_quirks || fail "rmmod failed"

dmesg_mark
load_quirks "ids=$EMU_ID" mode=on-hang hang_threshold=3 || fail "insmod mode=on-hang failed"
wait_state "$P1" armed || fail "state $(sysfs_nic "$P1" state), want armed"
for n in 1 2; do
	standin_hang "$IF1" 1 || fail "hang $n"
	expect "watchdog_resets after hang $n" "$(sysfs_nic "$P1" watchdog_resets)" "$n"
	expect "state after hang $n" "$(sysfs_nic "$P1" state)" armed
	offloads_are on "$IF1" || fail "after hang $n: $(offloads "$IF1")"
	[ "$n" = 1 ] && echo 3 >"$QUIRKS_PARAMS/hang_threshold"
done
standin_hang "$IF1" 1 || fail "hang 3"
wait_state "$P1" mitigated 10 || fail "after hang 3: state $(sysfs_nic "$P1" state)"
expect "watchdog_resets at mitigation" "$(sysfs_nic "$P1" watchdog_resets)" 3
offloads_are off "$IF1" || fail "mitigated: $(offloads "$IF1")"
dmesg_since | grep -qF "$IF1 ($P1, $EMU_ID): 3 TX watchdog resets; turning off tso gso sg tx" ||
	fail "no mitigation line: '$(dmesg_since | grep e1000e_quirks | tail -n 1)'"

for w in eee=off tx_ring=512 hang_threshold=5; do
	echo "${w#*=}" >"$QUIRKS_PARAMS/${w%%=*}" || fail "$w refused"
	poll_until 10 link_up "$IF1" || fail "$w: no carrier"
	expect "state after $w" "$(sysfs_nic "$P1" state)" mitigated
	offloads_are off "$IF1" || fail "after $w: $(offloads "$IF1")"
done
unload_quirks || fail "rmmod failed"
offloads_are on "$IF1" || fail "after rmmod: $(offloads "$IF1")"
pass
