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

load_quirks bug=kfence || fail "insmod bug=kfence failed (no KFENCE object?)"
pass
