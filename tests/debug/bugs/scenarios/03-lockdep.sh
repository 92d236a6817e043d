#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 03-lockdep: bug=lockdep, mutex A then B, later B then A (one thread).
# Expected: "WARNING: possible circular locking dependency detected".
# Throwaway checker proof (tests/debug/bugs/README.md): /e1000e_quirks.ko is
# the bug module there, not the real one.
# shellcheck source=tests/vm/lib.sh
. /lib.sh

load_quirks bug=lockdep || fail "insmod bug=lockdep failed"
pass
