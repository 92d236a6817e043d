#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 02-leakinit: bug=leakinit, kmalloc(64) right in the __init function,
# never freed. Expected: as 01-leak; but the allocating frame is in
# .init.text, freed after the load, which load_quirks' text range (the
# module's core text) does not cover.
# Also, for the record (README.md): kmemleak's own report while the module
# is still loaded, and the same report after rmmod, when its frames have
# no name any more.
# Throwaway checker proof (tests/debug/bugs/README.md): /e1000e_quirks.ko is
# the bug module there, not the real one.
# shellcheck source=tests/vm/lib.sh
. /lib.sh

KL=/sys/kernel/debug/kmemleak

# show_ours WHEN: our 64-byte objects' reports as kmemleak prints them now.
show_ours() {
	cat "$KL" >/tmp/kl.txt
	log "kmemleak $1: $(grep -c '^unreferenced object' /tmp/kl.txt) unreferenced, $(grep -c 'e1000e_quirks' /tmp/kl.txt) frames named e1000e_quirks"
	awk '/^unreferenced object/ { p = ($0 ~ /size 64\)/) } p' /tmp/kl.txt | head -n 60
}

load_quirks bug=leakinit || fail "insmod bug=leakinit failed"
sleep 6
if [ -e "$KL" ]; then
	echo scan >"$KL"
	echo scan >"$KL"
	show_ours "while loaded"
	unload_quirks || fail "rmmod failed"
	show_ours "after rmmod"
fi
pass
