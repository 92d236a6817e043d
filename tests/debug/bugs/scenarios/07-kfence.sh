#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 07-kfence: bug=kfence, a byte read from a kfree()d object that KFENCE
# sampled (the module allocates until it gets one, 30 s at most).
# Expected: "BUG: KFENCE: use-after-free read" (then a panic: panic_on_warn).
# Throwaway checker proof (tests/debug/bugs/README.md): /e1000e_quirks.ko is
# the bug module there, not the real one.
# shellcheck source=tests/vm/lib.sh
. /lib.sh

KS=/sys/kernel/debug/kfence/stats
# How full the pool is (a full pool samples nothing more).
[ -e "$KS" ] && sed "s/^/[$SCENARIO] before: /" "$KS"
load_quirks bug=kfence || {
	[ -e "$KS" ] && sed "s/^/[$SCENARIO] after: /" "$KS"
	fail "insmod bug=kfence failed (no kfence-sampled object in 30 s)"
}
pass
