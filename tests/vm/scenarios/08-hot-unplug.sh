#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 08-hot-unplug: a matched NIC can be hot-unplugged while loaded.
# The host runner does `device_del nic2` over QMP (the guest's pciehp powers
# the slot off ~5 s after the attention button, acpiphp at once). The NIC
# was up; no splat may follow (the host checks the console), its sysfs directory goes away, nic1
# is unaffected. `device_add nic2` brings it back and it is matched and
# applied again; rmmod is then clean and restores both NICs.
# Where lockdep is on, vm.py unplugs through ACPI (acpiphp), not pciehp,
# whose own lockdep report at the first unplug (Linux 6.12, vm.py
# KNOWN_SPLATS) would turn lockdep off before the driver's remove and ours.
# shellcheck source=tests/vm/lib.sh
. /lib.sh

P1=$(nic_pci 1)
P2=$(nic_pci 2)
IF1=$(nic_if 1)
IF2=$(nic_if 2)
ip link set "$IF2" up
load_quirks "ids=$EMU_ID" || fail "insmod failed"
wait_state "$P1" applied || fail "$P1 state $(sysfs_nic "$P1" state), want applied"
wait_state "$P2" applied || fail "$P2 state $(sysfs_nic "$P2" state), want applied"

host_request device_del nic2
poll_until 30 pci_absent "$P2" || fail "$P2 not unplugged within 30 s"
poll_until 10 sysfs_dir_absent "$P2" || fail "$QUIRKS_SYS/$P2 still there after unplug"
expect "$P1 state after the unplug of $P2" "$(sysfs_nic "$P1" state)" applied
offloads_are off "$IF1" || fail "$IF1 after the unplug of $P2: $(offloads "$IF1")"

host_request device_add nic2
poll_until 30 nic_present 2 || fail "nic2 did not come back after device_add"
wait_state "$P2" applied || fail "re-added $P2: state $(sysfs_nic "$P2" state 2>&1)"
IF2=$(nic_if 2)
offloads_are off "$IF2" || fail "re-added $IF2: $(offloads "$IF2")"

unload_quirks || fail "rmmod failed"
offloads_are on "$IF1" || fail "after rmmod: $IF1 $(offloads "$IF1")"
offloads_are on "$IF2" || fail "after rmmod: $IF2 $(offloads "$IF2")"
pass
