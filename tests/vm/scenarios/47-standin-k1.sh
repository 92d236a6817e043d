#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 47-standin-k1: K1 where the driver turned it off by default (the stand-in
# with k1=on: disable-k1 on from probe, as e1000e 6.19 to 7.1 on Meteor Lake
# and newer), judged by the real `ethtool --show-priv-flags`.
# The module loaded first with k1=on rx_usecs=0, the stand-in opening each
# NIC inside its registration (open_at_register=1): what ndo_open saw reads
# k1=on itr=0 (both in force before the first open), no re-init, sysfs
# k1/k1_orig on/off, and `explain` says K1 is on, chosen by the module. At
# run time on a running link, k1=keep puts disable-k1 back on with exactly
# one re-init and one carrier bounce (e1000e_set_priv_flags() resets the
# adapter on a change of disable-k1), and `explain` says the driver chose
# it; k1=off then changes nothing (already off: no re-init). rmmod leaves
# --show-priv-flags as before. Last, mode=on-hang escalate=1 k1=off eee=off:
# K1 is already off (the driver's default), so the ladder has no k1
# ("offloads eee") and the log says "K1 already off (driver default); left
# out of the escalation" once (the ladder rule of the branch that reads
# every tunable back: this part passes once both are in).
# kernels: oldest newest
# shellcheck source=tests/vm/lib.sh disable=SC2317 # (helpers called via poll_until)
. /lib.sh

k1_flag() {
	ethtool --show-priv-flags "$1" 2>/dev/null | sed -n 's/^disable-k1[[:space:]]*: *//p'
}

carrier_is() {
	[ "$(carrier_changes "$1")" = "$2" ] && link_up "$1"
}

flag_is() {
	[ "$(k1_flag "$1")" = "$2" ]
}

setp() {
	log "parameters/$1 <- '$2'"
	echo "$2" >"$QUIRKS_PARAMS/$1" || fail "writing '$2' to parameters/$1 failed"
}

P1=$(nic_pci 1)
unload_e1000e || fail "rmmod e1000e failed"
load_quirks "ids=$EMU_ID" k1=on rx_usecs=0 || fail "insmod k1=on rx_usecs=0 failed"
expect "parameters/k1" "$(cat "$QUIRKS_PARAMS/k1")" on
dmesg_mark
standin_load k1=on open_at_register=1 || fail "cannot load the stand-in"
IF1=$(nic_if 1)
wait_state "$P1" applied || fail "state $(sysfs_nic "$P1" state): $(sysfs_nic "$P1" last_error)"
case $(standin_dbg "$P1" open_seen) in
*" k1=on itr=0") ;;
*) fail "what ndo_open saw: '$(standin_dbg "$P1" open_seen)', want K1 on and itr 0" ;;
esac
expect "re-inits before the first open" "$(standin_dbg "$P1" resets)" 0
expect "disable-k1 after the load" "$(k1_flag "$IF1")" off
expect "sysfs k1/k1_orig" "$(sysfs_nic "$P1" k1)/$(sysfs_nic "$P1" k1_orig)" on/off
ex=$(e1000e-quirks explain "$IF1" 2>&1)
case $ex in
*"K1: on in force, chosen by the module (k1=on; the driver had it off)."*) ;;
*) fail "explain: '$(printf '%s' "$ex" | grep K1)'" ;;
esac

# A running link: one re-init, one carrier bounce.
poll_until 10 link_up "$IF1" || fail "$IF1: no carrier"
r=$(standin_dbg "$P1" resets)
c=$(carrier_changes "$IF1")
setp k1 keep
poll_until 10 flag_is "$IF1" on || fail "k1=keep: disable-k1 $(k1_flag "$IF1"), want on"
poll_until 10 carrier_is "$IF1" $(( c + 2 )) ||
	fail "k1=keep on a running link: carrier_changes $c -> $(carrier_changes "$IF1"), want +2"
expect "re-inits for k1=keep" "$(standin_dbg "$P1" resets)" $(( r + 1 ))
ex=$(e1000e-quirks explain "$IF1" 2>&1)
case $ex in
*"K1: off in force, chosen by the driver"*) ;;
*) fail "explain after k1=keep: '$(printf '%s' "$ex" | grep K1)'" ;;
esac

# Already off: nothing to do, nothing reset.
r=$(standin_dbg "$P1" resets)
setp k1 off
poll_until 10 sh -c "[ \"\$(cat $QUIRKS_SYS/$P1/k1)\" = off ]" ||
	fail "k1=off: sysfs k1 $(sysfs_nic "$P1" k1)"
expect "re-inits for k1=off on K1 already off" "$(standin_dbg "$P1" resets)" "$r"
expect "disable-k1 with k1=off" "$(k1_flag "$IF1")" on

unload_quirks || fail "rmmod failed"
expect "disable-k1 after rmmod" "$(k1_flag "$IF1")" on

# The ladder leaves out a remedy the driver already has in force.
dmesg_mark
load_quirks "ids=$EMU_ID" mode=on-hang escalate=1 k1=off eee=off ||
	fail "insmod mode=on-hang escalate=1 k1=off failed"
wait_state "$P1" armed || fail "state $(sysfs_nic "$P1" state), want armed"
expect "ladder with K1 already off" "$(sysfs_nic "$P1" ladder)" "offloads eee"
expect "lines 'K1 already off'" \
	"$(dmesg_since | grep -cF "$IF1 ($P1, $EMU_ID): K1 already off (driver default); left out of the escalation")" 1
unload_quirks || fail "rmmod failed"
expect "disable-k1 at the end" "$(k1_flag "$IF1")" on
pass
