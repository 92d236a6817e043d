#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 04-sleep: bug=sleep, might_sleep() under a raw_spinlock_t.
# Expected: "BUG: sleeping function called from invalid context".
# Throwaway checker proof (tests/debug/bugs/README.md): /e1000e_quirks.ko is
# the bug module there, not the real one.
# shellcheck source=tests/vm/lib.sh
. /lib.sh

load_quirks bug=sleep || fail "insmod bug=sleep failed"
pass
