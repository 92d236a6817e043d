#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 34-standin-runtime-pm: a runtime-suspended NIC (e1000e suspends a NIC
# without link, e1000e_pm_runtime_idle(), and resumes it for ethtool).
# nic1 down with power/control=auto is suspended; loading the module with
# eee=off pause=off tx_ring=512 rx_ring=512 applies everything (state
# applied, no error, no warning, the stand-in saw no hardware access while
# suspended) and lets the NIC suspend again (no runtime PM reference
# kept). `ethtool` (which resumes it) then shows the values; rmmod of the
# module while suspended restores them and the NIC suspends once more.
# The stand-in runs with self_resume=0: its ethtool ops do not resume the
# NIC themselves (e1000e's do), so a module that calls them without
# resuming the NIC first is seen touching the hardware while suspended
# (hw_access_suspended, and the stand-in's "while runtime-suspended"
# warning), and the resumes counted are the callers' alone.
# kernels: oldest newest
# shellcheck source=tests/vm/lib.sh disable=SC2317,SC2119 # (helpers called via poll_until; standin_load without parameters)
. /lib.sh

rpm_status() {
	cat "/sys/bus/pci/devices/$1/power/runtime_status"
}

suspended() {
	[ "$(rpm_status "$1")" = suspended ]
}

rings() {	# "tx/rx" current, from the real ethtool -g
	ethtool -g "$1" | awk '/^Current/ { c = 1 } c && /^RX:/ { rx = $2 } c && /^TX:/ { tx = $2 } END { print tx "/" rx }'
}

pause() {	# autoneg/rx/tx from the real ethtool -a
	ethtool -a "$1" | awk '/^Autonegotiate:/ { a = $2 } /^RX:/ { r = $2 } /^TX:/ { t = $2 } END { print a "/" r "/" t }'
}

eee_status() {
	ethtool --show-eee "$1" | sed -n 's/^[[:space:]]*EEE status: \([a-z]*\).*/\1/p'
}

P1=$(nic_pci 1)
standin_load self_resume=0 || fail "cannot load the stand-in"
IF1=$(nic_if 1)
before="$(rings "$IF1") $(pause "$IF1") $(eee_status "$IF1")"
expect "$IF1 before" "$before" "256/256 on/on/on enabled"
echo auto >"/sys/bus/pci/devices/$P1/power/control" || fail "power/control auto refused"
poll_until 10 suspended "$P1" || fail "$P1 runtime_status $(rpm_status "$P1"), want suspended"

r0=$(standin_dbg "$P1" rpm_resumes)
dmesg_mark
load_quirks "ids=$EMU_ID" eee=off pause=off tx_ring=512 rx_ring=512 ||
	fail "insmod failed"
wait_state "$P1" applied || fail "state $(sysfs_nic "$P1" state), want applied"
expect "last_error" "$(sysfs_nic "$P1" last_error)" ""
poll_until 10 suspended "$P1" ||
	fail "$P1 did not suspend again after the module applied (runtime_status $(rpm_status "$P1"))"
warn=$(dmesg_since | grep -iE "warn|error|suspended" | head -n 1)
[ -z "$warn" ] || fail "logged: '$warn'"
expect "hardware access while suspended" "$(standin_dbg "$P1" hw_access_suspended)" 0
[ "$(standin_dbg "$P1" rpm_resumes)" -gt "$r0" ] || fail "the module never resumed $P1"
expect "$IF1 after the module" "$(rings "$IF1") $(pause "$IF1") $(eee_status "$IF1")" \
	"512/512 off/off/off disabled"
expect "sysfs eee/pause/tx_ring/rx_ring" \
	"$(sysfs_nic "$P1" eee) $(sysfs_nic "$P1" pause) $(sysfs_nic "$P1" tx_ring) $(sysfs_nic "$P1" rx_ring)" \
	"off off 512 512"

poll_until 10 suspended "$P1" || fail "$P1 did not suspend after ethtool"
unload_quirks || fail "rmmod e1000e_quirks failed"
poll_until 10 suspended "$P1" || fail "$P1 did not suspend after rmmod"
expect "$IF1 after rmmod" "$(rings "$IF1") $(pause "$IF1") $(eee_status "$IF1")" "$before"
expect "hardware access while suspended" "$(standin_dbg "$P1" hw_access_suspended)" 0
pass
