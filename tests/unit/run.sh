#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh: the userspace tests of the module's pure code (src/policy.c,
# src/table.c, built as they are, no copies).
#
#  1. unit: tests/unit/test_*.c with cmocka, built with $CC (default cc)
#     and ASan+UBSan into tests/unit/build/. The table test compares the
#     table with ../shared/reference/e1000e-pch-ids.tsv beside the repo
#     (EQ_IDS_TSV overrides the path) and is skipped (a SKIP line) when it
#     is absent.
#  2. fuzz: tests/fuzz/fuzz_params.c with libFuzzer, built with $CLANG
#     (default clang, then clang-14) into tests/fuzz/build/, run for
#     FUZZ_SECONDS (default 20) from the seeds in tests/fuzz/corpus/. New
#     inputs go to tests/fuzz/build/corpus/, crashes to tests/fuzz/build/.
#
#  3. vm-selftest: tests/vm/selftest.py replays console logs through the VM
#     harness's report judging (tests/vm/vm.py), no VM.
#
# Ends with one line per part, "PASS unit" or "FAIL unit: why", "PASS fuzz"
# or "FAIL fuzz: why", "PASS vm-selftest (N cases)" or "FAIL vm-selftest:
# cases" (as tests/check.sh counts them), "SKIP unit reference-table: why"
# without the reference list, and exits 1 if any failed. A missing
# compiler, cmocka or libFuzzer runtime is a
# failure, never a silent skip.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
unit_build=$here/build
fuzz_src=$root/tests/fuzz
fuzz_build=$fuzz_src/build

CC=${CC:-cc}
FUZZ_SECONDS=${FUZZ_SECONDS:-20}
export EQ_IDS_TSV=${EQ_IDS_TSV:-$root/../shared/reference/e1000e-pch-ids.tsv}
# test_tunables checks the status command against the module's table
export EQ_CLI=$root/scripts/e1000e-quirks
export EQ_PARAMS_C=$root/src/params.c
# and the command's fixture (tests/cli/fixture) against the module's files
export EQ_SRC=$root/src EQ_FIXTURE=$root/tests/cli/fixture
# and check-config's parameter table against the module's parameters
export EQ_CHECKER_C=$root/tools/check-config.c
# ... and the Ansible role's lists
export EQ_ROLE=$root/contrib/ansible/e1000e_quirks
# cmocka's standard summary on stdout, whatever the caller's environment
export CMOCKA_MESSAGE_OUTPUT=stdout
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

cflags=(-std=gnu11 -Wall -Wextra -Werror -I"$root/include" -g -O1
	-fno-omit-frame-pointer -fno-sanitize-recover=all)

log() { echo "run.sh: $*"; }

# ---- unit -------------------------------------------------------------

unit_why=
unit_skip=

# build_unit NAME SOURCE...: tests/unit/build/NAME from test + sources
build_unit() {
	local name=$1

	shift
	log "building $name"
	"$CC" "${cflags[@]}" -fsanitize=address,undefined \
		-o "$unit_build/$name" "$here/$name.c" "$@" -lcmocka
}

# Sets unit_why on failure, for the FAIL line.
run_unit() {
	local t

	mkdir -p "$unit_build"
	if ! command -v "$CC" >/dev/null; then
		unit_why="$CC not found (Debian: apt-get install gcc)"
		return 1
	fi
	if ! build_unit test_policy "$root/src/policy.c" "$root/src/table.c" ||
	   ! build_unit test_nic "$root/src/policy.c" "$root/src/table.c" ||
	   ! build_unit test_table "$root/src/table.c" ||
	   ! build_unit test_tunables "$root/src/policy.c" "$root/src/table.c" ||
	   ! "$CC" "${cflags[@]}" -fsanitize=address,undefined \
		-o "$unit_build/check-config" "$root/tools/check-config.c" \
		"$root/src/policy.c" "$root/src/table.c"; then
		unit_why="build failed (Debian: libcmocka-dev installed?)"
		return 1
	fi
	[ -r "$EQ_IDS_TSV" ] ||
		unit_skip="SKIP unit reference-table: no $EQ_IDS_TSV (a clone without ../shared/reference): the ID table is not compared with the reference list"

	for t in test_policy test_nic test_table test_tunables; do
		log "running $t"
		if ! "$unit_build/$t"; then
			unit_why="${unit_why:+$unit_why, }$t failed"
		fi
	done
	[ -z "$unit_why" ]
}

if run_unit; then
	unit_result="PASS unit"
else
	unit_result="FAIL unit: $unit_why"
fi

# ---- fuzz -------------------------------------------------------------

fuzz_result="PASS fuzz"

find_clang() {
	local c

	for c in ${CLANG:-clang clang-14}; do
		if command -v "$c" >/dev/null; then
			echo "$c"
			return 0
		fi
	done
	return 1
}

# Prints the reason on failure, for the FAIL line.
run_fuzz() {
	local clang probe status artifact

	case $FUZZ_SECONDS in
	'' | *[!0-9]* | 0)
		# libFuzzer reads -max_total_time=0 as "no limit"
		echo "FUZZ_SECONDS='$FUZZ_SECONDS' is not a positive number"
		return 1
		;;
	esac
	if ! clang=$(find_clang); then
		echo "${CLANG:-clang} not found (Debian: apt-get install clang-14 libclang-rt-14-dev)"
		return 1
	fi
	mkdir -p "$fuzz_build/corpus"

	# The libFuzzer runtime is a separate package: say so if it is missing.
	probe=$fuzz_build/probe.c
	printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
		'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
		'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)' \
		'{ (void)d; (void)n; return 0; }' >"$probe"
	if ! "$clang" -fsanitize=fuzzer,address,undefined -o "$fuzz_build/probe" \
	     "$probe" >"$fuzz_build/probe.log" 2>&1; then
		cat "$fuzz_build/probe.log" >&2
		echo "$clang cannot link -fsanitize=fuzzer (libFuzzer runtime missing? Debian: libclang-rt-14-dev)"
		return 1
	fi

	log "building fuzz_params with $clang" >&2
	if ! "$clang" "${cflags[@]}" -fsanitize=fuzzer,address,undefined \
	     -o "$fuzz_build/fuzz_params" "$fuzz_src/fuzz_params.c" \
	     "$root/src/policy.c" "$root/src/table.c" >&2; then
		echo "build failed"
		return 1
	fi

	rm -f "$fuzz_build"/crash-* "$fuzz_build"/leak-* \
		"$fuzz_build"/timeout-* "$fuzz_build"/oom-*
	log "fuzzing for ${FUZZ_SECONDS}s (log: tests/fuzz/build/fuzz.log)" >&2
	status=0
	"$fuzz_build/fuzz_params" -max_total_time="$FUZZ_SECONDS" \
		-timeout=10 -print_final_stats=1 \
		-dict="$fuzz_src/fuzz_params.dict" \
		-artifact_prefix="$fuzz_build/" \
		"$fuzz_build/corpus" "$fuzz_src/corpus" \
		>"$fuzz_build/fuzz.log" 2>&1 || status=$?
	if [ "$status" -ne 0 ]; then
		tail -n 40 "$fuzz_build/fuzz.log" >&2
		artifact=$(find "$fuzz_build" -maxdepth 1 -type f \
			\( -name 'crash-*' -o -name 'leak-*' -o \
			-name 'timeout-*' -o -name 'oom-*' \) | head -n 1)
		echo "libFuzzer exit $status, input ${artifact:-(none saved)}, see tests/fuzz/build/fuzz.log"
		return 1
	fi
	grep -E '^(Done|stat::number_of_executed_units)' \
		"$fuzz_build/fuzz.log" >&2 || true
	return 0
}

if ! fuzz_why=$(run_fuzz); then
	fuzz_result="FAIL fuzz: $fuzz_why"
fi

# ---- vm-selftest ------------------------------------------------------

log "running tests/vm/selftest.py"
vm_result=$(python3 "$root/tests/vm/selftest.py") || true
case $vm_result in PASS* | FAIL*) ;; *) vm_result="FAIL vm-selftest: no result line" ;; esac

echo "$unit_result"
[ -z "$unit_skip" ] || echo "$unit_skip"
echo "$fuzz_result"
echo "$vm_result"
[ "$unit_result" = "PASS unit" ] && [ "$fuzz_result" = "PASS fuzz" ] &&
	[ "${vm_result%% *}" = PASS ]
