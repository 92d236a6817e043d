#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 01-leak: bug=leak, kmalloc(64) from a .text function, never freed.
# Expected: kmemleak_check (init) "FAIL KREL kmemleak-at-end: kmemleak: ...".
# The sleep (a bare one, fine in a throwaway proof) makes the object older
# than kmemleak's minimum age (5 s) before the final scan.
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

load_quirks bug=leak || fail "insmod bug=leak failed"
sleep 6
if [ -e "$KL" ]; then
	echo scan >"$KL"
	echo scan >"$KL"
	show_ours "while loaded"
	unload_quirks || fail "rmmod failed"
	show_ours "after rmmod"
fi
pass
