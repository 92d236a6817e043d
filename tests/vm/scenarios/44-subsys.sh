#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 44-subsys: nic= subsys= and ids= vendor:device:subvendor:subdevice match
# the NIC's PCI subsystem (the board model). QEMU gives each NIC its own
# (vm.py: nic1 8086:0000, QEMU's default, nic2 17aa:2247), as the guest's
# /sys/bus/pci/devices/*/subsystem_vendor and subsystem_device show.
#  1. ids=8086:10d3 nic="subsys=<nic2's>,features=tso,rx_ring=512": nic2
#     alone gets the entry (policy subsys=17aa:2247, only TSO off and RX
#     ring 512 in the real ethtool), nic1 the defaults; sysfs subsys is each
#     NIC's subsystem. Without ids=, the entry alone matches nic2
#     (matched_by nic), nic1 has no directory. rmmod restores both exactly.
#  2. Precedence: entries name= (sg), subsys= (tso) for both NICs and pci=
#     (gso) for nic2: nic1 gets its subsys= entry over its name= entry, nic2
#     its pci= entry over its subsys= entry; a live nic= write without the
#     pci= entry moves nic2 to its subsys= entry (gso back on, tso off).
#  3. ids=8086:10d3:17aa:2247 matches nic2 only (matched_by ids, every
#     default offload off), ids=8086:10d3:17aa:2248 (another subdevice)
#     neither, ids=8086:10d3:8086:0000 nic1 only; also written live.
#  4. Bad values are refused at load and at run time with the logged line:
#     subsys=17aa:22470 (entry 1: malformed subsystem ID), subsys=17aa,
#     the same subsystem twice (entry 2: matches the same NIC), ids=
#     8086:10d3:17aa (malformed PCI ID); the parameters keep their values.
# shellcheck source=tests/vm/lib.sh disable=SC2317 # (helpers called via poll_until)
. /lib.sh

P1=$(nic_pci 1)
P2=$(nic_pci 2)
IF1=$(nic_if 1)
IF2=$(nic_if 2)

ring_cur() {
	ethtool -g "$1" | sed -n "/^Current hardware settings:/,\$ s/^$2:[[:space:]]*//p"
}

# pci_subsys PCI: "vvvv:dddd" from the guest's PCI sysfs.
pci_subsys() {
	_sv=$(cat "/sys/bus/pci/devices/$1/subsystem_vendor") || return 1
	_sd=$(cat "/sys/bus/pci/devices/$1/subsystem_device") || return 1
	echo "${_sv#0x}:${_sd#0x}"
}

only_tso_off() {
	[ "$(offloads "$1")" = "tso=off gso=on sg=on tx=on" ]
}

only_gso_off() {
	[ "$(offloads "$1")" = "tso=on gso=off sg=on tx=on" ]
}

expect "$P1's PCI subsystem (QEMU subsys_ven, subsys)" "$(pci_subsys "$P1")" "$SUBSYS1"
expect "$P2's PCI subsystem (QEMU subsys_ven, subsys)" "$(pci_subsys "$P2")" "$SUBSYS2"
k1=$(ethtool -k "$IF1")
g1=$(ethtool -g "$IF1")
k2=$(ethtool -k "$IF2")
g2=$(ethtool -g "$IF2")

restored() {
	expect_same "$1: ethtool -k $IF1 after rmmod" "$k1" "$(ethtool -k "$IF1")"
	expect_same "$1: ethtool -g $IF1 after rmmod" "$g1" "$(ethtool -g "$IF1")"
	expect_same "$1: ethtool -k $IF2 after rmmod" "$k2" "$(ethtool -k "$IF2")"
	expect_same "$1: ethtool -g $IF2 after rmmod" "$g2" "$(ethtool -g "$IF2")"
}

# ---- 1. a subsys= entry applies to the NIC of that subsystem

entry="subsys=$SUBSYS2,features=tso,rx_ring=512"
log "1: ids=$EMU_ID nic=$entry"
load_quirks "ids=$EMU_ID" "nic=$entry" || fail "insmod nic=$entry failed"
wait_state "$P2" applied || fail "1: $P2 state $(sysfs_nic "$P2" state 2>&1)"
wait_state "$P1" applied || fail "1: $P1 state $(sysfs_nic "$P1" state 2>&1)"
expect "1: $P2 subsys" "$(sysfs_nic "$P2" subsys)" "$SUBSYS2"
expect "1: $P1 subsys" "$(sysfs_nic "$P1" subsys)" "$SUBSYS1"
expect "1: $P2 policy" "$(sysfs_nic "$P2" policy)" "subsys=$SUBSYS2"
expect "1: $P2 features_planned" "$(sysfs_nic "$P2" features_planned)" tso
only_tso_off "$IF2" || fail "1: $IF2 $(offloads "$IF2"), want only tso off"
expect "1: $IF2 RX ring" "$(ring_cur "$IF2" RX)" 512
expect "1: $P1 (other subsystem) policy" "$(sysfs_nic "$P1" policy)" default
offloads_are off "$IF1" || fail "1: $IF1 (other subsystem) $(offloads "$IF1")"
expect "1: $IF1 (other subsystem) RX ring" "$(ring_cur "$IF1" RX)" 256
unload_quirks || fail "1: rmmod failed"
restored 1

log "1: nic=$entry without ids="
load_quirks "nic=$entry" || fail "insmod nic=$entry failed"
wait_state "$P2" applied || fail "1: $P2 state $(sysfs_nic "$P2" state 2>&1)"
expect "1: $P2 matched_by (subsys= alone)" "$(sysfs_nic "$P2" matched_by)" nic
only_tso_off "$IF2" || fail "1: $IF2 $(offloads "$IF2"), want only tso off"
stays_for 1 sysfs_dir_absent "$P1" || fail "1: $P1 matched by subsys=$SUBSYS2"
offloads_are on "$IF1" || fail "1: $IF1 (not matched) $(offloads "$IF1")"
unload_quirks || fail "1: rmmod failed"
restored "1 without ids="

# ---- 2. pci= > mac= > subsys= > name=

nics="name=$IF1,features=sg;name=$IF2,features=sg;subsys=$SUBSYS1,features=tso;subsys=$SUBSYS2,features=tso;pci=$P2,features=gso"
log "2: nic=$nics"
load_quirks "ids=$EMU_ID" "nic=$nics" || fail "insmod nic=$nics failed"
wait_state "$P1" applied || fail "2: $P1 state $(sysfs_nic "$P1" state 2>&1)"
wait_state "$P2" applied || fail "2: $P2 state $(sysfs_nic "$P2" state 2>&1)"
expect "2: $P1 policy (subsys= over name=)" "$(sysfs_nic "$P1" policy)" "subsys=$SUBSYS1"
only_tso_off "$IF1" || fail "2: $IF1 $(offloads "$IF1"), want only tso off"
expect "2: $P2 policy (pci= over subsys=)" "$(sysfs_nic "$P2" policy)" "pci=$P2"
only_gso_off "$IF2" || fail "2: $IF2 $(offloads "$IF2"), want only gso off"

nics="name=$IF2,features=sg;subsys=$SUBSYS2,features=tso"
echo "$nics" >"$QUIRKS_PARAMS/nic" || fail "2: writing nic=$nics failed"
poll_until 10 only_tso_off "$IF2" || fail "2: after dropping pci=: $IF2 $(offloads "$IF2")"
expect "2: $P2 policy after dropping pci=" "$(sysfs_nic "$P2" policy)" "subsys=$SUBSYS2"
expect "2: $P1 policy after the write (no entry)" "$(sysfs_nic "$P1" policy)" default
poll_until 10 offloads_are off "$IF1" || fail "2: $IF1 $(offloads "$IF1") with the defaults"
unload_quirks || fail "2: rmmod failed"
restored 2

# ---- 3. ids= with the subsystem

log "3: ids=$EMU_ID:$SUBSYS2"
load_quirks "ids=$EMU_ID:$SUBSYS2" || fail "insmod ids=$EMU_ID:$SUBSYS2 failed"
wait_state "$P2" applied || fail "3: $P2 state $(sysfs_nic "$P2" state 2>&1)"
expect "3: $P2 matched_by" "$(sysfs_nic "$P2" matched_by)" ids
offloads_are off "$IF2" || fail "3: $IF2 $(offloads "$IF2")"
expect "3: parameters/ids" "$(cat "$QUIRKS_PARAMS/ids")" "$EMU_ID:$SUBSYS2"
stays_for 1 sysfs_dir_absent "$P1" || fail "3: $P1 ($SUBSYS1) matched by ids=$EMU_ID:$SUBSYS2"
offloads_are on "$IF1" || fail "3: $IF1 (not matched) $(offloads "$IF1")"

# another subdevice: neither NIC
echo "$EMU_ID:17aa:2248" >"$QUIRKS_PARAMS/ids" || fail "3: writing ids=$EMU_ID:17aa:2248 failed"
poll_until 10 sysfs_dir_absent "$P2" || fail "3: $P2 still matched by ids=$EMU_ID:17aa:2248"
poll_until 10 offloads_are on "$IF2" || fail "3: $IF2 $(offloads "$IF2") after ids=$EMU_ID:17aa:2248"
sysfs_dir_absent "$P1" || fail "3: $P1 matched by ids=$EMU_ID:17aa:2248"

# nic1's subsystem: nic1 only
echo "$EMU_ID:$SUBSYS1" >"$QUIRKS_PARAMS/ids" || fail "3: writing ids=$EMU_ID:$SUBSYS1 failed"
wait_state "$P1" applied || fail "3: $P1 state $(sysfs_nic "$P1" state 2>&1) with ids=$EMU_ID:$SUBSYS1"
poll_until 10 offloads_are off "$IF1" || fail "3: $IF1 $(offloads "$IF1")"
sysfs_dir_absent "$P2" || fail "3: $P2 matched by ids=$EMU_ID:$SUBSYS1"
offloads_are on "$IF2" || fail "3: $IF2 $(offloads "$IF2") with ids=$EMU_ID:$SUBSYS1"
unload_quirks || fail "3: rmmod failed"
restored 3

# ---- 4. bad values

# param|value|what the log says (after "parameter ")
cat >/tmp/bad-subsys <<EOF
nic|subsys=17aa:22470,features=tso|nic, entry 1: malformed subsystem ID '17aa:22470'
nic|subsys=17aa|nic, entry 1: malformed subsystem ID '17aa'
nic|subsys=$SUBSYS2:1|nic, entry 1: malformed subsystem ID '$SUBSYS2:1'
nic|subsys=,features=tso|nic, entry 1: empty value for 'subsys'
nic|subsys=$SUBSYS2,pci=$P2|nic, entry 1: more than one match key at 'pci=$P2'
nic|subsys=$SUBSYS2,features=tso;subsys=17AA:2247,features=gso|nic, entry 2: matches the same NIC as an earlier entry: 'subsys=17AA:2247,features=gso'
ids|$EMU_ID:17aa|ids: malformed PCI ID '$EMU_ID:17aa'
ids|$EMU_ID:17aa:2247:1|ids: malformed PCI ID '$EMU_ID:17aa:2247:1'
EOF

logged() {
	dmesg_since | grep -qF "parameter $1"
}

while IFS='|' read -r param value line; do
	dmesg_mark
	load_quirks "$param=$value" 2>/dev/null && fail "insmod $param=$value succeeded"
	quirks_loaded && fail "module loaded after insmod $param=$value"
	logged "$line" ||
		fail "insmod $param=$value: no line 'parameter $line': $(dmesg_since | grep -F 'parameter' | head -n 1)"
done </tmp/bad-subsys

load_quirks "ids=$EMU_ID:$SUBSYS2" "nic=subsys=$SUBSYS2,features=tso" ||
	fail "4: insmod failed"
wait_state "$P2" applied || fail "4: $P2 state $(sysfs_nic "$P2" state 2>&1)"
while IFS='|' read -r param value line; do
	old=$(cat "$QUIRKS_PARAMS/$param")
	dmesg_mark
	err=$({ echo "$value" >"$QUIRKS_PARAMS/$param"; } 2>&1) &&
		fail "writing '$value' to parameters/$param succeeded"
	case $err in
	*"Invalid argument"*) ;;
	*) fail "writing '$value' to parameters/$param: '$err', want EINVAL" ;;
	esac
	expect "parameters/$param after writing '$value'" "$(cat "$QUIRKS_PARAMS/$param")" "$old"
	logged "$line" ||
		fail "writing $param=$value: no line 'parameter $line': $(dmesg_since | grep -F 'parameter' | head -n 1)"
done </tmp/bad-subsys
stays_for 1 only_tso_off "$IF2" || fail "4: after the refused writes: $IF2 $(offloads "$IF2")"
expect "4: $P2 policy after the refused writes" "$(sysfs_nic "$P2" policy)" "subsys=$SUBSYS2"
sysfs_dir_absent "$P1" || fail "4: $P1 matched after the refused writes"
unload_quirks || fail "4: rmmod failed"
restored 4
pass
