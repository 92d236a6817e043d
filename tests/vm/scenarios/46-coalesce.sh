#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 46-coalesce: rx_usecs= sets interrupt coalescing through the driver's
# coalescing ops, 0 is a setting distinct from keep, and the original comes
# back exactly; judged by the real `ethtool -c` of the real e1000e (82574L,
# whose default InterruptThrottleRate=3 reads rx-usecs 3).
# Refused at load and at run time: 2, 997 (e1000e would store 1000) and
# 10001, each naming rx_usecs. Loaded with rx_usecs=100 while the NICs are
# down: `ethtool -c` rx-usecs 100 on both, sysfs rx_usecs/rx_usecs_orig
# 100/3, parameters/rx_usecs 100; the first up is one carrier change. At
# run time, with link, rx_usecs=0 puts 0 in force (not "leave alone"),
# and no change of coalescing bounces the link (carrier_changes stay, as
# e1000_set_coalesce() only writes the ITR register); a nic= entry
# rx_usecs=50 for NIC 1 wins over the global 0; mode=on-hang escalate=1
# keeps rx-usecs in force while armed and never puts it on the ladder
# ("offloads"); rx_usecs=keep and an empty nic= put each NIC back to 3
# (sysfs "-"); `e1000e-quirks status --json` and `--prometheus` show it;
# rmmod after rx_usecs=0 leaves `ethtool -c` exactly as before the load.
# kernels: oldest newest
# shellcheck source=tests/vm/lib.sh disable=SC2317 # (helpers called via poll_until)
. /lib.sh

rx_usecs() {
	ethtool -c "$1" | sed -n 's/^rx-usecs:[[:space:]]*//p'
}

usecs_are() {	# usecs_are IF1-VALUE IF2-VALUE
	[ "$(rx_usecs "$IF1")" = "$1" ] && [ "$(rx_usecs "$IF2")" = "$2" ]
}

setp() {
	log "parameters/$1 <- '$2'"
	echo "$2" >"$QUIRKS_PARAMS/$1" || fail "writing '$2' to parameters/$1 failed"
}

wait_usecs() {	# wait_usecs WHEN IF1-VALUE IF2-VALUE
	poll_until 10 usecs_are "$2" "$3" ||
		fail "$1: rx-usecs $(rx_usecs "$IF1")/$(rx_usecs "$IF2"), want $2/$3"
}

carrier_stays() {	# carrier_stays IF COUNT
	[ "$(carrier_changes "$1")" = "$2" ] && link_up "$1"
}

P1=$(nic_pci 1)
P2=$(nic_pci 2)
IF1=$(nic_if 1)
IF2=$(nic_if 2)
c1=$(ethtool -c "$IF1")
c2=$(ethtool -c "$IF2")
expect "rx-usecs before the load" "$(rx_usecs "$IF1")/$(rx_usecs "$IF2")" 3/3

for bad in 2 997 10001; do
	dmesg_mark
	load_quirks "ids=$EMU_ID" "rx_usecs=$bad" 2>/dev/null &&
		fail "insmod rx_usecs=$bad succeeded"
	quirks_loaded && fail "module loaded after insmod rx_usecs=$bad"
	dmesg_since | grep -F "parameter rx_usecs" | grep -qF "'$bad'" ||
		fail "insmod rx_usecs=$bad: no log line naming rx_usecs and '$bad'"
done

load_quirks "ids=$EMU_ID" rx_usecs=100 || fail "insmod rx_usecs=100 failed"
wait_state "$P1" applied || fail "state $(sysfs_nic "$P1" state), want applied"
wait_usecs "rx_usecs=100 at load" 100 100
expect "sysfs rx_usecs/rx_usecs_orig" \
	"$(sysfs_nic "$P1" rx_usecs)/$(sysfs_nic "$P1" rx_usecs_orig)" 100/3
expect "parameters/rx_usecs" "$(cat "$QUIRKS_PARAMS/rx_usecs")" 100
for bad in 2 997 10001; do
	{ echo "$bad" >"$QUIRKS_PARAMS/rx_usecs"; } 2>/dev/null &&
		fail "writing $bad to parameters/rx_usecs succeeded"
done
expect "parameters/rx_usecs after the refused writes" \
	"$(cat "$QUIRKS_PARAMS/rx_usecs")" 100

for ifc in "$IF1" "$IF2"; do
	c0=$(carrier_changes "$ifc")
	ip link set "$ifc" up || fail "ip link set $ifc up failed"
	poll_until 20 link_up "$ifc" || fail "$ifc: no carrier after up"
	expect "$ifc carrier_changes on the first up" \
		"+$(( $(carrier_changes "$ifc") - c0 ))" "+1"
done
cc1=$(carrier_changes "$IF1")
cc2=$(carrier_changes "$IF2")

# 0 is a setting: interrupt throttling off, not "leave alone".
setp rx_usecs 0
wait_usecs "rx_usecs=0" 0 0
expect "parameters/rx_usecs" "$(cat "$QUIRKS_PARAMS/rx_usecs")" 0
expect "sysfs rx_usecs/rx_usecs_orig at 0" \
	"$(sysfs_nic "$P1" rx_usecs)/$(sysfs_nic "$P1" rx_usecs_orig)" 0/3

setp nic "pci=$P1,rx_usecs=50"
wait_usecs "nic= pci=$P1,rx_usecs=50" 50 0
expect "parameters/nic" "$(cat "$QUIRKS_PARAMS/nic")" "pci=$P1,rx_usecs=50"

# Not a step: in force while armed, never on the ladder.
setp features tso
setp escalate 1
setp mode on-hang
wait_state "$P1" armed || fail "on-hang: state $(sysfs_nic "$P1" state), want armed"
expect "ladder with rx_usecs" "$(sysfs_nic "$P1" ladder)" offloads
stays_for 1 usecs_are 50 0 || fail "armed: rx-usecs $(rx_usecs "$IF1")/$(rx_usecs "$IF2"), want 50/0"
setp mode always
wait_state "$P1" applied || fail "state $(sysfs_nic "$P1" state), want applied"

json=$(e1000e-quirks status --json 2>&1)
case $json in
*"\"pci\":\"$P1\""*'"rx_usecs":"50","rx_usecs_orig":"3"'*) ;;
*) fail "status --json: no rx_usecs 50 (was 3): '$(printf '%s' "$json" | tr '\n' ' ' | head -c 300)'" ;;
esac
prom=$(e1000e-quirks status --prometheus 2>&1)
printf '%s\n' "$prom" | grep -q "^e1000e_quirks_tunable{.*pci=\"$P2\",name=\"rx_usecs\"} 0\$" ||
	fail "prometheus: no e1000e_quirks_tunable rx_usecs 0 for $P2: '$(printf '%s\n' "$prom" | grep tunable | tr '\n' ';')'"

setp rx_usecs keep
wait_usecs "rx_usecs=keep" 50 3
expect "$P2 sysfs rx_usecs after keep" "$(sysfs_nic "$P2" rx_usecs)" -
setp nic ""
wait_usecs "nic= emptied" 3 3
expect "$P1 sysfs rx_usecs after nic=" "$(sysfs_nic "$P1" rx_usecs)" -
expect "carrier_changes $IF1 through every change" "$(carrier_changes "$IF1")" "$cc1"
expect "carrier_changes $IF2 through every change" "$(carrier_changes "$IF2")" "$cc2"

setp rx_usecs 0
wait_usecs "rx_usecs=0 again" 0 0
unload_quirks || fail "rmmod failed"
expect_same "ethtool -c $IF1 after rmmod" "$c1" "$(ethtool -c "$IF1")"
expect_same "ethtool -c $IF2 after rmmod" "$c2" "$(ethtool -c "$IF2")"
carrier_stays "$IF1" "$cc1" || fail "$IF1: the link bounced at rmmod"
pass
