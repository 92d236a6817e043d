#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch.sh [FILE...]
#
# Run Linux 6.12's checkpatch.pl (from Debian's linux-source-6.12, cached by
# tests/linux-source.sh) over FILEs, by default every *.c and *.h under src/,
# include/, tests/standin/ and tools/ (Kbuild's generated *.mod.c
# excluded). Options:
#   --no-tree  we are not a kernel tree; checkpatch.pl finds spelling.txt and
#              const_structs.checkpatch next to itself.
#   --strict   also print CHECKs (kernel netdev maintainers ask for them).
#   --terse --file  one line per finding; whole files, not patches.
#   --ignore LINUX_VERSION_CODE  "should be avoided, code should be for the
#              version to which it is merged": we are never merged, and a module
#              built for several kernels may test the version (our compat.h
#              refuses kernels older than the oldest one we support). Nothing
#              else is ignored: every other check means the same out of tree.
# SPDX: .c files want "// SPDX-License-Identifier:", .h files "/* ... */",
# which we follow; with --no-tree the tag's licence is not looked up in
# LICENSES/ (is_SPDX_License_valid() returns true), so no false positive.
# Patch-only checks (MAINTAINERS, Signed-off-by, file moves) never run on
# --file input.
#
# Exits non-zero on any ERROR or WARNING; CHECKs are printed but do not fail
# (checkpatch.pl's own exit status counts them too, so it is not used as is).
# Output paths are relative to the repository root, where it runs: checkpatch
# reads .checkpatch.conf from there, and seeds its CamelCase list from our
# include/ (it leaves a .checkpatch-camelcase.* cache file there, which we
# remove again).
set -euo pipefail

die() { echo "checkpatch: $*" >&2; exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)

command -v perl >/dev/null || die "perl is needed (apt-get install perl)"
ksrc=$("$here/linux-source.sh") || die "linux-source.sh failed"
cp=$ksrc/scripts/checkpatch.pl

files=()
if [ $# -gt 0 ]; then
	for f in "$@"; do
		[ -f "$f" ] || die "no such file: $f"
		a=$(realpath "$f")
		case $a in
			"$root"/*) files+=("${a#"$root"/}") ;;
			*) files+=("$a") ;;
		esac
	done
fi
cd "$root"
if [ $# -eq 0 ]; then
	dirs=()
	for d in src include tests/standin tools; do
		[ -d "$d" ] && dirs+=("$d")
	done
	if [ ${#dirs[@]} -gt 0 ]; then
		while IFS= read -r f; do
			files+=("$f")
		done < <(find "${dirs[@]}" -type f \( -name '*.c' -o -name '*.h' \) \
				! -name '*.mod.c' | LC_ALL=C sort)
	fi
	if [ ${#files[@]} -eq 0 ]; then
		echo "checkpatch: no *.c or *.h under src/ or include/"
		exit 0
	fi
fi

out=$(mktemp)
trap 'rm -f "$out" .checkpatch-camelcase.*' EXIT

rc=0
perl "$cp" --no-tree --strict --terse --file --summary-file --color=never \
	--ignore LINUX_VERSION_CODE \
	"${files[@]}" >"$out" || rc=$?
# Findings, then per-file "FILE total: ..." lines (only for files with any).
grep -v ' total: [0-9]* errors, ' "$out" || true
[ $rc -le 1 ] || die "checkpatch.pl failed (exit $rc)"

# Sum the per-file totals rather than grepping findings: a finding's text
# may span lines, the totals are one per file.
read -r nerr nwarn nchk < <(awk '
	/ total: [0-9]+ errors, [0-9]+ warnings, / {
		for (i = 1; i <= NF; i++) {
			if ($(i + 1) ~ /^errors,/) e += $i
			if ($(i + 1) ~ /^warnings,/) w += $i
			if ($(i + 1) ~ /^checks,/) c += $i
		}
	}
	END { print e + 0, w + 0, c + 0 }' "$out")
if [ $rc -ne 0 ] && [ $((nerr + nwarn + nchk)) -eq 0 ]; then
	cat "$out" >&2
	die "checkpatch.pl exited $rc without reporting anything"
fi

echo "checkpatch: ${#files[@]} files: $nerr errors, $nwarn warnings, $nchk checks"
[ $((nerr + nwarn)) -eq 0 ]
