#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 29-already-off: protection somebody else put in place is shown as such,
# each trace event carries the reason of its own pass, and `ethtool
# --monitor` sees the module's ring and flow-control changes.
# An old hook ran `ethtool -K <nic1> tso off gso off` before the load. Loaded
# with ids=8086:10d3: state applied, features_off "tso gso sg tx" (all four
# off, whoever did it), features_cleared "sg tx" (only what the module turned
# off), and rmmod turns back on only sg and tx (tso and gso stay off, as the
# hook left them). With `ethtool --monitor` running, tx_ring=1024 and
# pause=off show "Ring parameters for <nic1>" and "Pause parameters for
# <nic1>" notifications (the monitor is first seen to report a change made
# by ethtool itself). Then, loaded again with e1000e_quirks:apply on and
# e1000e reloaded, the events of nic1 read, in order, why=register, param,
# param (tx_ring, pause): the `ethtool -K` in between leaves no stale
# reason behind.
# shellcheck source=tests/vm/lib.sh disable=SC2317 # (helpers called via poll_until)
. /lib.sh

TRACING=/sys/kernel/tracing
P1=$(nic_pci 1)
IF1=$(nic_if 1)

ethtool -K "$IF1" tso off gso off || fail "ethtool -K $IF1 tso off gso off failed"
expect "before the load" "$(offloads "$IF1")" "tso=off gso=off sg=on tx=on"

load_quirks "ids=$EMU_ID" || fail "insmod failed"
wait_state "$P1" applied || fail "state $(sysfs_nic "$P1" state 2>&1), want applied"
poll_until 10 offloads_are off "$IF1" || fail "after the load: $(offloads "$IF1")"
expect "features_off" "$(sysfs_nic "$P1" features_off)" "tso gso sg tx"
expect "features_cleared" "$(sysfs_nic "$P1" features_cleared)" "sg tx"

# The module's own changes reach `ethtool --monitor`, as ethtool's do. The
# monitor's stdout is a file (fully buffered): each feature change ethtool
# makes adds some 2 KB to it, which pushes earlier notifications out.
spawn sh -c "exec /usr/sbin/ethtool --monitor >/tmp/monitor.out 2>&1"
monitor_saw() {
	ethtool -K "$IF1" rx-vlan-offload off >/dev/null 2>&1
	ethtool -K "$IF1" rx-vlan-offload on >/dev/null 2>&1
	grep -q "$1" /tmp/monitor.out
}
poll_until 10 monitor_saw "Features for $IF1" ||
	fail "ethtool --monitor never reported a feature change: '$(head -c 200 /tmp/monitor.out)'"
echo 1024 >"$QUIRKS_PARAMS/tx_ring" || fail "tx_ring=1024 refused"
poll_until 10 monitor_saw "Ring parameters for $IF1" ||
	fail "tx_ring=1024: no ring notification in ethtool --monitor: '$(grep -v '^[[:space:]]' /tmp/monitor.out | sort | uniq -c | tr '\n' ' ' | head -c 300)'"
echo off >"$QUIRKS_PARAMS/pause" || fail "pause=off refused"
poll_until 10 monitor_saw "Pause parameters for $IF1" ||
	fail "pause=off: no pause notification in ethtool --monitor: '$(grep -v '^[[:space:]]' /tmp/monitor.out | sort | uniq -c | tr '\n' ' ' | head -c 300)'"
kill_bg

unload_quirks || fail "rmmod failed"
expect "after rmmod" "$(offloads "$IF1")" "tso=off gso=off sg=on tx=on"

# The reasons: the event exists once the module is loaded, so the NICs
# register again (e1000e reloaded) while it is on.
load_quirks "ids=$EMU_ID" || fail "insmod (2) failed"
[ -e "$TRACING/trace" ] || mount -t tracefs nodev "$TRACING" ||
	fail "cannot mount tracefs"
echo 1 >"$TRACING/tracing_on"
echo >"$TRACING/trace"
echo 1 >"$TRACING/events/e1000e_quirks/apply/enable" ||
	fail "cannot enable e1000e_quirks:apply"
unload_e1000e && load_e1000e || fail "reloading e1000e failed"
poll_until 30 nics_present || fail "NICs did not come back"
IF1=$(nic_if 1)
wait_state "$P1" applied || fail "after re-registering: state $(sysfs_nic "$P1" state 2>&1)"
poll_until 10 offloads_are off "$IF1" || fail "after re-registering: $(offloads "$IF1")"
echo 512 >"$QUIRKS_PARAMS/tx_ring" || fail "tx_ring=512 refused"
poll_until 10 sh -c "grep -q 'why=param' $TRACING/trace" || fail "no apply why=param"
ethtool -K "$IF1" rx-vlan-offload off || fail "ethtool -K rx-vlan-offload off failed"
echo off >"$QUIRKS_PARAMS/pause" || fail "pause=off refused"
poll_until 10 sh -c "[ \$(grep -c 'why=param' $TRACING/trace) -ge 2 ]" ||
	fail "no second apply why=param"
# Read while loaded: the events' formats go with the module.
echo 0 >"$TRACING/events/e1000e_quirks/apply/enable"
whys=$(sed -n "s/.*apply: ifname=$IF1 pci=$P1 why=\([a-z]*\) .*/\1/p" "$TRACING/trace" | tr '\n' ' ')
expect "reasons of the apply events" "$whys" "register param param "
unload_quirks || fail "rmmod (2) failed"
pass
