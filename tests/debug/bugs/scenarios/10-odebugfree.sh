#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 10-odebugfree: bug=odebugfree, kfree() of a pending timer due in 1 s.
# Expected with DEBUG_OBJECTS_FREE: "ODEBUG: free active" at the kfree();
# without it, whatever touches the freed timer when it expires (KASAN).
# Throwaway checker proof (tests/debug/bugs/README.md): /e1000e_quirks.ko is
# the bug module there, not the real one.
# shellcheck source=tests/vm/lib.sh
. /lib.sh

load_quirks bug=odebugfree || fail "insmod bug=odebugfree failed"
sleep 3
pass
