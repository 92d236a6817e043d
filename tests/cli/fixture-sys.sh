#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/cli/fixture-sys.sh DIR: a fake /sys in DIR (E1000E_QUIRKS_SYSFS)
# from the recorded module tree tests/cli/fixture/sys (record-fixture.sh):
# the module's files as the real module wrote them, plus what the command
# reads besides, built as tests/cli/run.sh's iface() does: for each NIC
# directory a PCI device (vendor, device from its pci_id, driver e1000e)
# and /sys/class/net/<its ifname> pointing to it. Used by tests/cli/run.sh
# (case fixture) and tests/fleet/run.sh (the promtool test generated from
# the command's output).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
s=$1
mkdir -p "$s/class/net" "$s/bus/pci/drivers/e1000e"
cp -r "$here/fixture/sys/." "$s/"
n=0
for d in "$s"/kernel/e1000e_quirks/*/; do
	d=${d%/}
	pci=${d##*/}
	read -r ifn <"$d/ifname"
	read -r id <"$d/pci_id"
	n=$((n + 1))
	dev=$s/devices/pci0000:00/$pci
	mkdir -p "$dev" "$s/class/net/$ifn"
	ln -s "../../../devices/pci0000:00/$pci" "$s/class/net/$ifn/device"
	ln -s "../../../bus/pci/drivers/e1000e" "$dev/driver"
	ln -s "../../../bus/pci" "$dev/subsystem"
	echo "0x${id%%:*}" >"$dev/vendor"
	echo "0x${id#*:}" >"$dev/device"
	printf '52:54:00:12:34:%02x\n' "$n" >"$s/class/net/$ifn/address"
	echo 0 >"$s/class/net/$ifn/addr_assign_type"
done
