#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 22-watchdog-on-hang: mode=on-hang keeps the offloads until the NIC really
# hangs, then turns them off.
# Loaded with ids=8086:10d3 mode=on-hang: state armed, features_cleared
# empty, and the real `ethtool -k` shows TSO (and gso, sg, tx) on, also once
# nic1 is up and passing traffic. With the e1000e_quirks trace events on,
# hang_tx (lib.sh) causes a genuine TX watchdog reset of nic1: state becomes
# mitigated, `ethtool -k` shows the four offloads off, the trace buffer has a
# watchdog_reset line with action=mitigate and an "apply: ifname=<nic1>
# pci=<nic1> why=hang" line that turned off "tso gso sg tx", and the kernel log
# has "<nic1> (<pci>, 8086:10d3): 1 TX watchdog reset; turning off tso gso sg
# tx". TX recovers, the state stays mitigated, and rmmod restores the offloads.
# shellcheck source=tests/vm/lib.sh disable=SC2317 # (helpers called via poll_until)
. /lib.sh

TRACING=/sys/kernel/tracing

tracing_mounted() {
	[ -e "$TRACING/trace" ] || mount -t tracefs nodev "$TRACING"
}

P1=$(nic_pci 1)
tracing_mounted || fail "cannot mount tracefs on $TRACING"
load_quirks "ids=$EMU_ID" mode=on-hang || fail "insmod mode=on-hang failed"
wait_state "$P1" armed || fail "state $(sysfs_nic "$P1" state 2>&1), want armed"
expect "mode" "$(sysfs_nic "$P1" mode)" on-hang
expect "features_cleared while armed" "$(sysfs_nic "$P1" features_cleared)" ""
echo 1 >"$TRACING/tracing_on"
echo >"$TRACING/trace"
echo 1 >"$TRACING/events/e1000e_quirks/enable" || fail "cannot enable the e1000e_quirks events"
setup_pair || fail "setup_pair failed"
offloads_are on "$IF1" || fail "armed, before the hang: $(offloads "$IF1")"
expect "state before the hang" "$(sysfs_nic "$P1" state)" armed

dmesg_mark
real_hang "$IF1"
wait_state "$P1" mitigated 15 || fail "after the hang: state $(sysfs_nic "$P1" state)"
poll_until 10 offloads_are off "$IF1" || fail "mitigated: $(offloads "$IF1")"
expect "features_cleared when mitigated" "$(sysfs_nic "$P1" features_cleared)" "tso gso sg tx"

tx_recovered "$IF1" || fail "no recovery after the reset (see the log line above)"
echo 0 >"$TRACING/events/e1000e_quirks/enable"

trace=$(cat "$TRACING/trace")
echo >"$TRACING/trace"
printf '%s\n' "$trace" | grep -q "watchdog_reset: ifname=$IF1 pci=$P1 queue=0 resets=1 mode=on-hang action=mitigate" ||
	fail "trace: no watchdog_reset with action=mitigate: '$(printf '%s\n' "$trace" | grep -m1 'watchdog_reset:' | sed 's/.*watchdog_reset: //')'"
line=$(printf '%s\n' "$trace" | grep -m1 "apply: ifname=$IF1 pci=$P1 why=hang ")
[ -n "$line" ] ||
	fail "trace: no 'apply: ifname=$IF1 pci=$P1 why=hang' line: '$(printf '%s\n' "$trace" | grep 'apply:' | sed 's/.*apply: //' | tr '\n' ';')'"
case $line in
*'off="tso gso sg tx"'*'result=0'*) ;;
*) fail "trace: apply why=hang line: '${line#*apply: }'" ;;
esac
msg="$IF1 ($P1, $EMU_ID): 1 TX watchdog reset; turning off tso gso sg tx"
dmesg_since | grep -qF "$msg" ||
	fail "no log line '$msg': '$(dmesg_since | grep e1000e_quirks | head -n 1)'"

expect "state after recovery" "$(sysfs_nic "$P1" state)" mitigated
offloads_are off "$IF1" || fail "after recovery: $(offloads "$IF1")"
unload_quirks || fail "rmmod failed"
offloads_are on "$IF1" || fail "after rmmod: $(offloads "$IF1")"
pass
