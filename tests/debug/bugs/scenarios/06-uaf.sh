#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 06-uaf: bug=uaf, a byte read from a kfree()d (non-KFENCE) kmalloc object.
# Expected: "BUG: KASAN: slab-use-after-free" (then a panic: panic_on_warn).
# Throwaway checker proof (tests/debug/bugs/README.md): /e1000e_quirks.ko is
# the bug module there, not the real one.
# shellcheck source=tests/vm/lib.sh
. /lib.sh

load_quirks bug=uaf || fail "insmod bug=uaf failed"
pass
