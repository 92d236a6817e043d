#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 05-bad-params: invalid parameters are refused, loudly and without effect.
# At load: insmod fails, the kernel log names the parameter and the bad token,
# no sysfs directory appears. At run time (loaded with ids=8086:10d3): writing
# an invalid mode fails with EINVAL, the parameter keeps its old value and the
# NIC keeps its state; a valid write (monitor) takes effect (offloads back
# on) and writing "always" back re-applies.
# shellcheck source=tests/vm/lib.sh
. /lib.sh

P1=$(nic_pci 1)
IF1=$(nic_if 1)

# parameter|value|token that the log line must name
for bad in "mode|bogus|bogus" "features|tso,bogus|bogus" "ids|zz:10d3|zz" "ids|8086|8086"; do
	param=${bad%%|*}
	rest=${bad#*|}
	value=${rest%|*}
	token=${rest#*|}
	dmesg_mark
	if load_quirks "$param=$value" 2>/dev/null; then
		fail "insmod $param=$value succeeded"
	fi
	quirks_loaded && fail "module loaded after insmod $param=$value"
	[ -e "$QUIRKS_SYS" ] && fail "$QUIRKS_SYS exists after insmod $param=$value"
	if ! dmesg_since | grep -F "$param" | grep -qF "$token"; then
		fail "insmod $param=$value: no log line naming '$param' and '$token': $(dmesg_since | tail -n 3)"
	fi
	log "insmod $param=$value refused: $(dmesg_since | grep -F "$param" | grep -F "$token" | head -n 1)"
done

load_quirks "ids=$EMU_ID" || fail "insmod ids=$EMU_ID failed"
wait_state "$P1" applied || fail "state $(sysfs_nic "$P1" state), want applied"
old=$(cat "$QUIRKS_PARAMS/mode")
err=$({ echo bogus >"$QUIRKS_PARAMS/mode"; } 2>&1) &&
	fail "writing 'bogus' to parameters/mode succeeded"
case $err in
*"Invalid argument"*) ;;
*) fail "writing 'bogus' to parameters/mode: '$err', want EINVAL (Invalid argument)" ;;
esac
expect "parameters/mode after the bad write" "$(cat "$QUIRKS_PARAMS/mode")" "$old"
expect "state after the bad write" "$(sysfs_nic "$P1" state)" applied
offloads_are off "$IF1" || fail "after the bad write: $(offloads "$IF1")"

echo monitor >"$QUIRKS_PARAMS/mode" || fail "writing 'monitor' to parameters/mode failed"
wait_state "$P1" monitoring || fail "after mode=monitor: state $(sysfs_nic "$P1" state)"
poll_until 10 offloads_are on "$IF1" || fail "after mode=monitor: $(offloads "$IF1")"

echo always >"$QUIRKS_PARAMS/mode" || fail "writing 'always' to parameters/mode failed"
wait_state "$P1" applied || fail "after mode=always: state $(sysfs_nic "$P1" state)"
poll_until 10 offloads_are off "$IF1" || fail "after mode=always: $(offloads "$IF1")"
unload_quirks || fail "rmmod failed"
pass
