#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 20-override: userspace turning an offload back on is noticed and, by
# default, respected; with enforce=1 the module turns it off again.
# Loaded with ids=8086:10d3, nic1 applied (sg off). `ethtool -K nic1 sg on`
# (the real ethtool -k then shows sg on): sysfs state becomes overridden,
# features_cleared no longer lists sg, exactly one kernel log line says "sg
# turned back on by userspace", and sg stays on (watched for 3 s). Writing 1 to
# parameters/enforce makes the module turn sg off again (polled in ethtool -k)
# and state return to applied. With enforce=1 a second `ethtool -K sg on` is
# undone too, with a log line saying so. rmmod restores `ethtool -k` exactly.
# shellcheck source=tests/vm/lib.sh disable=SC2317 # (helpers called via poll_until)
. /lib.sh

P1=$(nic_pci 1)
IF1=$(nic_if 1)
k1=$(ethtool -k "$IF1")

sg_is() {
	[ "$(feat "$IF1" sg)" = "$1" ]
}

load_quirks "ids=$EMU_ID" || fail "insmod failed"
wait_state "$P1" applied || fail "state $(sysfs_nic "$P1" state 2>&1), want applied"
offloads_are off "$IF1" || fail "after load: $(offloads "$IF1")"

dmesg_mark
ethtool -K "$IF1" sg on >/dev/null 2>&1 || fail "ethtool -K $IF1 sg on failed"
sg_is on || fail "ethtool -K $IF1 sg on did not turn sg on: $(offloads "$IF1")"
wait_state "$P1" overridden 10 || fail "after sg on: state $(sysfs_nic "$P1" state), want overridden"
stays_for 3 sg_is on || fail "the module turned sg off again (enforce=0): $(offloads "$IF1")"
expect "state after 3 s" "$(sysfs_nic "$P1" state)" overridden
expect "features_cleared after sg on" "$(sysfs_nic "$P1" features_cleared)" "tso gso tx"
n=$(dmesg_since | grep -c "turned back on by userspace")
expect "log lines 'turned back on by userspace'" "$n" 1
dmesg_since | grep "turned back on by userspace" | grep -q "$IF1 ($P1, .*): sg turned back on" ||
	fail "log line: '$(dmesg_since | grep "turned back on by userspace")'"

echo 1 >"$QUIRKS_PARAMS/enforce" || fail "writing 1 to parameters/enforce failed"
poll_until 10 sg_is off || fail "enforce=1: sg still $(feat "$IF1" sg)"
wait_state "$P1" applied || fail "enforce=1: state $(sysfs_nic "$P1" state), want applied"
expect "enforce=1: features_cleared" "$(sysfs_nic "$P1" features_cleared)" "tso gso sg tx"
offloads_are off "$IF1" || fail "enforce=1: $(offloads "$IF1")"

dmesg_mark
ethtool -K "$IF1" sg on >/dev/null 2>&1 || fail "ethtool -K $IF1 sg on (enforce=1) failed"
poll_until 10 sg_is off || fail "enforce=1: the second sg on stayed: $(offloads "$IF1")"
wait_state "$P1" applied || fail "enforce=1: state $(sysfs_nic "$P1" state), want applied"
dmesg_since | grep -q "sg turned back on by userspace; turning it off again" ||
	fail "enforce=1: no log line for the second sg on: '$(dmesg_since | grep e1000e_quirks | tail -n 1)'"

unload_quirks || fail "rmmod failed"
expect_same "ethtool -k $IF1 after rmmod" "$k1" "$(ethtool -k "$IF1")"
pass
