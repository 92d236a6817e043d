#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# verify-ids.sh [IDS_H]
#
# Cross-check our ID table (default include/e1000e_quirks/ids.h, lines
# `EQ_PCH_ID(0x15bc, "I219-V (7)", "pch_cnp", "pch_cnp")`) against the e1000e of two
# kernels, from Debian's linux-source-SERIES (cached by tests/linux-source.sh):
# Linux 6.12, and the newest series of the test matrix (the last kernel of
# `tests/kernels.sh --suite trixie`, e.g. 7.3; VERIFY_IDS_NEWEST=7.3 names it
# without asking apt, VERIFY_IDS_NEWEST=none checks 6.12 only). Per kernel:
#  - netdev.c: every e1000_pci_tbl entry
#    `{ PCI_VDEVICE(INTEL, E1000_DEV_ID_...), board_... }` (or, from 7.x,
#    `.driver_data = board_...`) whose board is of the 82579-and-later PCH
#    family: board_pch2lan or board_pch_<anything> (lpt, spt, cnp, tgp, adp,
#    mtp, ptp, and whatever comes next). board_pchlan (82577/82578) and the
#    ICH/8257x boards are not ours.
#  - hw.h: the E1000_DEV_ID_* #defines giving those entries' device IDs.
# Our table must hold exactly those IDs, each with family = board minus
# "board_", as that kernel has it: the family column is 6.12's, and a row's
# trailing comment "/* 7.0: pch_ptp */" gives the family from 7.0 on, "/* 7.0:
# removed upstream; still matched */" an ID that e1000e dropped in 7.0 and we
# keep (it must then be absent from that kernel's table, and is listed).
# Prints the differences and exits 1 on any mismatch; prints "ids: N IDs match
# linux-source-S (VERSION)" per kernel and exits 0 when both agree. A source
# that cannot be had (no apt lists, no trixie chroot, offline) is exit 2 with
# one line saying which and how to skip it.
# Model names are not compared (ids.h does not carry the macro names).
set -euo pipefail

die() { echo "verify-ids: $*" >&2; exit 2; }

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
ids=${1:-$root/include/e1000e_quirks/ids.h}
idsname=${1:-include/e1000e_quirks/ids.h}
[ -f "$ids" ] || die "no such file: $ids"

# verify SERIES: the table against linux-source-SERIES's e1000e.
verify() {
local series=$1 ksrc hw netdev kver
ksrc=$("$root/tests/linux-source.sh" "$series") ||
	die "no linux-source-$series (see the linux-source line above); VERIFY_IDS_NEWEST=none checks 6.12 only"
hw=$ksrc/drivers/net/ethernet/intel/e1000e/hw.h
netdev=$ksrc/drivers/net/ethernet/intel/e1000e/netdev.c
kver=${ksrc##*/}

# One awk over the three files; mawk-compatible (Debian's default awk).
awk -v kver="$kver" -v series="$series" \
    -v idsname="$idsname" '
function hex4(s) {
	s = tolower(s)
	sub(/^0x/, "", s)
	while (length(s) < 4)
		s = "0" s
	return "0x" s
}
# "7.3" -> 7003: series compare as numbers.
function vnum(v,	a) {
	split(v, a, ".")
	return a[1] * 1000 + a[2]
}
function fail(msg) {
	print "verify-ids: " msg > "/dev/stderr"
	bad_input = 1
	exit 2
}
# hw.h: #define E1000_DEV_ID_PCH_CNP_I219_V7	0x15BC
FILENAME == ARGV[1] {
	if ($1 == "#define" && $2 ~ /^E1000_DEV_ID_/ && $3 ~ /^0[xX][0-9a-fA-F]+$/)
		devid[$2] = hex4($3)
	next
}
# netdev.c: collect the table body as one string (entries may wrap).
FILENAME == ARGV[2] {
	if (!intbl && $0 ~ /e1000_pci_tbl\[\][ \t]*=[ \t]*\{/) {
		intbl = 1
		seen_tbl = 1
		next
	}
	if (intbl) {
		if ($0 ~ /^};/) {
			intbl = 0
			next
		}
		sub(/\/\*.*\*\//, "")
		tbl = tbl " " $0
	}
	next
}
# ids.h: EQ_PCH_ID(0x15bc, "I219-V (7)", "pch_cnp")
FILENAME == ARGV[3] {
	if ($0 !~ /^[ \t]*EQ_PCH_ID\(/)
		next
	line = $0
	if (!match(line, /EQ_PCH_ID\([ \t]*0[xX][0-9a-fA-F]+[ \t]*,[ \t]*"[^"]*"[ \t]*,[ \t]*"[^"]*"[ \t]*(,[ \t]*"[^"]*"[ \t]*)?\)/))
		fail(idsname ":" FNR ": cannot parse: " $0)
	row = substr(line, RSTART + 10, RLENGTH - 11)
	n = split(row, f, "\"")
	id = f[1]
	gsub(/[ \t,]/, "", id)
	id = hex4(id)
	fam = f[4]
	fam7 = n >= 6 ? f[6] : fam
	# A later family, or removed: /* 7.0: pch_ptp */
	rest = substr(line, RSTART + RLENGTH)
	if (match(rest, /\/\*[ \t]*[0-9]+\.[0-9]+:[ \t]*[a-z0-9_]+/)) {
		later = substr(rest, RSTART, RLENGTH)
		sub(/^\/\*[ \t]*/, "", later)
		split(later, lp, /:[ \t]*/)
		if (lp[2] != "removed" && fam7 != lp[2])
			fail(idsname ":" FNR ": family7 " fam7 " but the comment says " lp[2])
		if (vnum(series) >= vnum(lp[1])) {
			fam = lp[2]
			if (fam == "removed")
				since[id] = lp[1]
		}
	} else if (fam7 != fam)
		fail(idsname ":" FNR ": family7 " fam7 " without a comment saying so")
	if (id in ours)
		dups = dups sprintf("  %s: twice in ids.h (%s, %s)\n", id, ours[id], fam)
	else
		ourorder[++nours] = id
	ours[id] = fam
	next
}
END {
	if (bad_input)
		exit 2
	if (!seen_tbl)
		fail("no e1000_pci_tbl in netdev.c")
	# Split the table into entries; count the PCI_* ones to catch any form
	# this parser does not know.
	nent = split(tbl, ent, /\}[ \t]*,/)
	for (i = 1; i <= nent; i++) {
		e = ent[i]
		if (e !~ /PCI_/)
			continue
		if (!match(e, /PCI_VDEVICE\([ \t]*INTEL[ \t]*,[ \t]*E1000_DEV_ID_[A-Za-z0-9_]+[ \t]*\)[ \t]*,[ \t]*(\.driver_data[ \t]*=[ \t]*)?board_[a-z0-9_]+/))
			fail("unknown e1000_pci_tbl entry:" e)
		e = substr(e, RSTART, RLENGTH)
		gsub(/[ \t]/, "", e)
		sub(/^PCI_VDEVICE\(INTEL,/, "", e)
		sub(/\.driver_data=/, "", e)
		split(e, p, /\),/)
		macro = p[1]; board = p[2]
		nall++
		if (!(macro in devid))
			fail("netdev.c uses " macro ", which hw.h does not define")
		id = devid[macro]
		if (id in boardof && boardof[id] != board)
			fail(id " is in e1000_pci_tbl twice, as " boardof[id] " and " board)
		boardof[id] = board
		macroof[id] = macro
		if (board != "board_pch2lan" && board !~ /^board_pch_/)
			continue
		fam = board
		sub(/^board_/, "", fam)
		if (!(id in linux)) {
			nlinux++
			order[nlinux] = id
			fams[fam]++
		}
		linux[id] = fam
	}
	if (nall == 0)
		fail("no PCI_VDEVICE entries in e1000_pci_tbl")
	# e1000e binds nothing by a PCH macro that is only defined; say so.
	for (macro in devid)
		if (macro ~ /^E1000_DEV_ID_PCH/ && !(devid[macro] in boardof))
			printf "verify-ids: note: hw.h defines %s (%s), e1000_pci_tbl does not use it\n",
			       macro, devid[macro] > "/dev/stderr"

	if (nlinux == 0)
		fail("no PCH-family boards in e1000_pci_tbl")

	for (i = 1; i <= nlinux; i++) {
		id = order[i]
		if (ours[id] == "removed")
			wrongfam = wrongfam sprintf("~ %s ids.h: removed in %s, linux has it as %-8s %s\n",
						    id, since[id], linux[id], macroof[id])
		else if (!(id in ours))
			missing = missing sprintf("- %s %-8s %s\n", id, linux[id], macroof[id])
		else if (ours[id] != linux[id])
			wrongfam = wrongfam sprintf("~ %s ids.h: %-8s linux: %-8s %s\n",
						    id, ours[id], linux[id], macroof[id])
	}
	for (i = 1; i <= nours; i++) {
		id = ourorder[i]
		if (id in linux)
			continue
		if (ours[id] == "removed") {
			kept = kept " " id
			nkept++
			continue
		}
		why = (id in boardof) ? "e1000_pci_tbl has it as " boardof[id] " (" macroof[id] "), not a PCH-family board" \
				      : "not in e1000_pci_tbl"
		extra = extra sprintf("+ %s %-8s %s\n", id, ours[id], why)
	}
	if (missing != "" || wrongfam != "" || extra != "" || dups != "") {
		printf "verify-ids: %s does not match linux-source-%s %s e1000e\n", idsname, series, kver
		printf "  (%d IDs in ids.h, %d PCH-family IDs in e1000_pci_tbl)\n", nours, nlinux
		if (missing != "")
			printf "missing from ids.h (- id family macro):\n%s", missing
		if (extra != "")
			printf "not in Linux as a PCH-family ID (+ id family why):\n%s", extra
		if (wrongfam != "")
			printf "wrong family (~ id ours linux macro):\n%s", wrongfam
		if (dups != "")
			printf "duplicates:\n%s", dups
		exit 1
	}
	printf "ids: %d IDs match linux-source-%s (%s)", nlinux, series, kver
	if (nkept)
		printf "; %d it removed, still matched:%s", nkept, kept
	printf "\n"
}' "$hw" "$netdev" "$ids"
}

newest=${VERIFY_IDS_NEWEST:-}
if [ -z "$newest" ]; then
	krel=$("$root/tests/kernels.sh" --suite trixie 2>/dev/null | tail -n 1) || krel=
	[ -n "$krel" ] ||
		die "cannot tell the newest kernel of the matrix (tests/kernels.sh --suite trixie failed: no trixie chroot or apt lists?); set VERIFY_IDS_NEWEST=7.3, or =none to check 6.12 only"
	newest=$(printf '%s\n' "$krel" | sed -n 's/^\([0-9]*\.[0-9]*\).*/\1/p')
	[ -n "$newest" ] || die "cannot read a series from kernel release '$krel'"
fi
rc=0
verify 6.12 || rc=$?
if [ "$newest" != none ] && [ "$newest" != 6.12 ]; then
	verify "$newest" || { r=$?; [ "$r" -gt "$rc" ] && rc=$r; }
fi
exit "$rc"
