#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 03-first-open: the offloads the driver's ndo_open finds when the first
# open wins every race. The e1000e stand-in with open_at_register=1 opens
# each net device inside the RTNL section that registers it
# (register_netdevice(); dev_open()), so only the module's NETDEV_PRE_UP
# pass can act before ndo_open; the stand-in records what ndo_open saw
# (debugfs open_seen: tso=, sg=, tx=, ...). Taken once per variant (no
# timing in it: the open is inside RTNL):
#   none:   the stand-in alone
#   module: e1000e_quirks loaded first (ids=8086:10d3, default features)
#   BENCH <krel> first_open.<variant> <offloads on at ndo_open, "tso,sg,tx" or "-">
# kernels: all
# shellcheck source=tests/vm/lib.sh
. /lib.sh

bench() {
	echo "BENCH $KREL $1 $2"
}

# on_list: of "tso=on sg=off ...", the names among tso sg tx that are on.
on_list() {
	echo "$1" | awk '{
		for (i = 1; i <= NF; i++) {
			split($i, kv, "=")
			if ((kv[1] == "tso" || kv[1] == "sg" || kv[1] == "tx") && kv[2] == "on")
				l = l (l == "" ? "" : ",") kv[1]
		}
		print (l == "" ? "-" : l) }'
}

P1=$(nic_pci 1)
for v in none module; do
	reset_env || fail "reset_env failed"
	unload_e1000e || fail "rmmod e1000e failed"
	if [ "$v" = module ]; then
		load_quirks "ids=$EMU_ID" || fail "insmod failed"
	fi
	standin_load open_at_register=1 || fail "cannot load the stand-in"
	seen=$(standin_dbg "$P1" open_seen) || fail "$v: no open_seen"
	[ -n "$seen" ] || fail "$v: open_seen empty (ndo_open did not run)"
	log "$v: ndo_open saw: $seen"
	bench "first_open.$v" "$(on_list "$seen")"
done
reset_env || fail "reset_env failed"
pass
