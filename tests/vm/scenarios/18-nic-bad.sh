#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 18-nic-bad: malformed nic= values are refused, at load and at run time,
# with a kernel log line naming the entry and the offending token.
# Each bad value (unknown key, empty value, malformed MAC, malformed PCI
# address, two match keys, duplicate entries by pci= with and without the
# domain and by name=, unknown mode, no match key, bad ring size) makes
# insmod fail; the log says "parameter nic, entry N: <what> '<token>'".
# Then, loaded with ids=8086:10d3 nic="pci=<nic1>,features=tso", writing each
# bad value to parameters/nic fails with EINVAL, logs the same line, and the
# parameter reads back exactly as before; nic1 keeps its entry's policy and
# only TSO off, nic2 the defaults.
# shellcheck source=tests/vm/lib.sh disable=SC2317 # (helpers called via poll_until)
. /lib.sh

P1=$(nic_pci 1)
P2=$(nic_pci 2)
IF1=$(nic_if 1)
IF2=$(nic_if 2)
MAC1=$(ethtool -P "$IF1" | sed -n 's/^Permanent address: *//p')
MAC2=$(ethtool -P "$IF2" | sed -n 's/^Permanent address: *//p')

# value|entry|what the log says|token
cat >/tmp/bad-nics <<EOF
pci=$P1,bogus=1|1|unknown key|bogus
pci=$P1;mac=$MAC2,features=|2|empty value for|features
mac=52:54:00:12:34|1|malformed MAC|52:54:00:12:34
mac=52:54:00:12:34:zz|1|malformed MAC|52:54:00:12:34:zz
pci=0000:01:00|1|malformed PCI address|0000:01:00
pci=01:00.8|1|malformed PCI address|01:00.8
pci=$P1,mac=$MAC1|1|more than one match key|mac=$MAC1
pci=$P1;pci=${P1#0000:}|2|matches the same NIC as an earlier entry|pci=${P1#0000:}
name=$IF1,features=tso;name=$IF1,features=gso|2|matches the same NIC as an earlier entry|name=$IF1,features=gso
name=$IF1,mode=sometimes|1|unknown mode|sometimes
features=tso|1|no match key|features=tso
pci=$P1,tx_ring=100|1|bad ring size|100
EOF

# logged N WHAT TOKEN: the kernel log (since dmesg_mark) has the line.
logged() {
	dmesg_since | grep -F "parameter nic, entry $1: $2" | grep -qF "'$3'"
}

while IFS='|' read -r value n what token; do
	dmesg_mark
	load_quirks "ids=$EMU_ID" "nic=$value" 2>/dev/null && fail "insmod nic=$value succeeded"
	quirks_loaded && fail "module loaded after insmod nic=$value"
	[ -e "$QUIRKS_SYS" ] && fail "$QUIRKS_SYS exists after insmod nic=$value"
	logged "$n" "$what" "$token" ||
		fail "insmod nic=$value: no line 'parameter nic, entry $n: $what ... '$token'': $(dmesg_since | grep -F 'parameter nic' | head -n 1)"
done </tmp/bad-nics

good="pci=$P1,features=tso"
load_quirks "ids=$EMU_ID" "nic=$good" || fail "insmod nic=$good failed"
wait_state "$P1" applied || fail "$P1 state $(sysfs_nic "$P1" state 2>&1)"
wait_state "$P2" applied || fail "$P2 state $(sysfs_nic "$P2" state 2>&1)"
old=$(cat "$QUIRKS_PARAMS/nic")
expect "parameters/nic" "$old" "$good"

while IFS='|' read -r value n what token; do
	dmesg_mark
	err=$({ echo "$value" >"$QUIRKS_PARAMS/nic"; } 2>&1) &&
		fail "writing '$value' to parameters/nic succeeded"
	case $err in
	*"Invalid argument"*) ;;
	*) fail "writing '$value' to parameters/nic: '$err', want EINVAL" ;;
	esac
	expect "parameters/nic after writing '$value'" "$(cat "$QUIRKS_PARAMS/nic")" "$old"
	logged "$n" "$what" "$token" ||
		fail "writing nic=$value: no line 'parameter nic, entry $n: $what ... '$token'': $(dmesg_since | grep -F 'parameter nic' | head -n 1)"
done </tmp/bad-nics

kept() {
	[ "$(offloads "$IF1")" = "tso=off gso=on sg=on tx=on" ] && offloads_are off "$IF2"
}
stays_for 1 kept || fail "after the refused writes: $IF1 $(offloads "$IF1"), $IF2 $(offloads "$IF2")"
expect "$P1 policy after the refused writes" "$(sysfs_nic "$P1" policy)" "pci=$P1"
expect "$P2 policy after the refused writes" "$(sysfs_nic "$P2" policy)" default
unload_quirks || fail "rmmod failed"
pass
