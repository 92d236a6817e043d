#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 05-rawnest: bug=rawnest, a spinlock_t taken inside a raw_spinlock_t.
# Expected with PROVE_RAW_LOCK_NESTING (rt-debug): "BUG: Invalid wait context".
# Throwaway checker proof (tests/debug/bugs/README.md): /e1000e_quirks.ko is
# the bug module there, not the real one.
# shellcheck source=tests/vm/lib.sh
. /lib.sh

load_quirks bug=rawnest || fail "insmod bug=rawnest failed"
pass
