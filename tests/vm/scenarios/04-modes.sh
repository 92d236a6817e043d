#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 04-modes: mode=monitor reports but changes nothing; mode=off ignores the NIC.
# monitor: `ethtool -k` identical, state=monitoring, features_planned lists
# what "always" would clear (tso gso sg tx), features_cleared is empty.
# off: no sysfs directory for the NIC, `ethtool -k` identical.
# shellcheck source=tests/vm/lib.sh
. /lib.sh

P1=$(nic_pci 1)
IF1=$(nic_if 1)
k1=$(ethtool -k "$IF1")

dmesg_mark
load_quirks "ids=$EMU_ID" mode=monitor || fail "insmod mode=monitor failed"
wait_state "$P1" monitoring || fail "monitor: state $(sysfs_nic "$P1" state), want monitoring"
dmesg_since | grep -q "$IF1 ($P1, 8086:10d3): monitor mode: would turn off tso gso sg tx" ||
	fail "monitor: no log line: '$(dmesg_since | grep e1000e_quirks | tail -n 1)'"
expect "monitor: features_planned" "$(sysfs_nic "$P1" features_planned)" "tso gso sg tx"
expect "monitor: features_cleared" "$(sysfs_nic "$P1" features_cleared)" ""
expect_same "monitor: ethtool -k $IF1" "$k1" "$(ethtool -k "$IF1")"
unload_quirks || fail "rmmod (monitor) failed"
expect_same "monitor: ethtool -k $IF1 after rmmod" "$k1" "$(ethtool -k "$IF1")"

load_quirks "ids=$EMU_ID" mode=off || fail "insmod mode=off failed"
[ -d "$QUIRKS_SYS" ] || fail "off: no $QUIRKS_SYS after insmod"
stays_for 3 sysfs_dir_absent "$P1" || fail "off: $QUIRKS_SYS/$P1 exists"
expect_same "off: ethtool -k $IF1" "$k1" "$(ethtool -k "$IF1")"
unload_quirks || fail "rmmod (off) failed"
pass
