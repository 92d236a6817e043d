#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/cli/run.sh [CLI]: the e1000e-quirks command against fake sysfs trees.
#
# Builds /sys-like trees in a temporary folder (module parameters, the
# per-NIC files of /sys/kernel/e1000e_quirks/, /sys/class/net with PCI device
# links, a tracefs whose trace_pipe is a FIFO) and runs CLI (default
# scripts/e1000e-quirks) under every shell in $SHELLS (default: dash,
# busybox sh, busybox sh with only busybox applets in PATH, bash --posix;
# those installed) through its test hooks
# E1000E_QUIRKS_SYSFS and E1000E_QUIRKS_MODDIR. The real module is tested by
# tests/vm/scenarios/90-cli.sh.
#
# Prints "PASS cli SHELL CASE" or "FAIL cli SHELL CASE: why" per case and
# exits 1 if any failed. Needs python3 (JSON checks). CASES="matrix utf8"
# runs only those cases.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cli=$(realpath "${1:-$root/scripts/e1000e-quirks}")
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$root/dkms.conf")

if [ -z "${SHELLS:-}" ]; then
	SHELLS=
	command -v dash >/dev/null && SHELLS="$SHELLS dash"
	command -v busybox >/dev/null && SHELLS="$SHELLS busybox-sh busybox-only"
	SHELLS="$SHELLS bash-posix"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/e1000e-quirks-cli.XXXXXX")
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

# busybox-only: every tool is a busybox applet, as in the test VM.
if command -v busybox >/dev/null; then
	mkdir -p "$work/bb"
	for a in $(busybox --list); do
		ln -s "$(command -v busybox)" "$work/bb/$a"
	done
fi

# ---------------------------------------------------------------- fake /sys

S=		# the current fake /sys
FAKEBIN=	# fake tools first in PATH (case_report)

put() {	# put FILE VALUE: a sysfs file (value + newline)
	mkdir -p "$(dirname "$1")"
	printf '%s\n' "$2" >"$1"
}

# new_sys: an empty tree in $S (no module loaded).
new_sys() {
	S=$work/sys.$RANDOM$RANDOM
	mkdir -p "$S/class/net" "$S/bus/pci/drivers/e1000e" "$S/bus/pci/drivers/igb" \
		"$S/devices/virtual/net" "$work/moddir"
}

# load_module [PARAM=VALUE...]: the module's /sys/module and /sys/kernel parts.
load_module() {
	local p m=$S/module/e1000e_quirks
	put "$m/version" 0.1.0
	put "$m/initstate" live
	for p in mode=always features=tso,gso,sg,tx ids= nic= tx_ring=0 rx_ring=0 \
		 eee=keep pause=keep enforce=0 hang_threshold=1 watchdog_poll=N "$@"; do
		put "$m/parameters/${p%%=*}" "${p#*=}"
	done
	put "$S/kernel/e1000e_quirks/watchdog_source" tracepoint
}

# iface IFNAME PCI VENDOR:DEVICE [DRIVER [MAC]]: a PCI NIC and its netdev.
iface() {
	local d=$S/devices/pci0000:00/$2
	mkdir -p "$d" "$S/class/net/$1"
	ln -s "../../../devices/pci0000:00/$2" "$S/class/net/$1/device"
	ln -s "../../../bus/pci/drivers/${4:-e1000e}" "$d/driver"
	ln -s "../../../bus/pci" "$d/subsystem"
	put "$d/vendor" "0x${3%%:*}"
	put "$d/device" "0x${3#*:}"
	put "$S/class/net/$1/address" "${5:-52:54:00:12:34:01}"
	put "$S/class/net/$1/addr_assign_type" 0
}

# virtual IFNAME [LOWER...]: a netdev without a device (bridge, VLAN).
virtual() {
	local l
	mkdir -p "$S/class/net/$1"
	for l in "${@:2}"; do
		ln -s "../$l" "$S/class/net/$1/lower_$l"
	done
}

# matched PCI FIELD=VALUE...: the module's directory for a matched NIC;
# defaults are an applied NIC matched by ids=, not escalating (ladder "-",
# as the module writes it). The files are those of an older module; the
# recorded tree of today's (tests/cli/fixture) is case_fixture's.
matched() {
	local d=$S/kernel/e1000e_quirks/$1 kv
	shift
	mkdir -p "$d"
	for kv in ifname=eth0 pci_id=8086:10d3 model=unknown family=unknown \
		  matched_by=ids mode=always state=applied \
		  "features_planned=tso gso sg tx" "features_cleared=tso gso sg tx" \
		  watchdog_resets=0 last_reset= last_error= policy=default \
		  tx_ring=- rx_ring=- eee=- pause=- tx_ring_orig=- rx_ring_orig=- \
		  eee_orig=- pause_orig=- ladder=- "$@"; do
		printf '%s\n' "${kv#*=}" >"$d/${kv%%=*}"
	done
}

# tracefs: events of the module (apply off, watchdog_reset on: a state to
# restore), tracing_on 0, a FIFO as trace_pipe.
tracefs() {
	local t=$S/kernel/tracing
	mkdir -p "$t/events/e1000e_quirks/apply" "$t/events/e1000e_quirks/watchdog_reset" \
		"$t/events/e1000e_quirks/escalate" "$t/instances"
	put "$t/events/e1000e_quirks/apply/enable" 0
	put "$t/events/e1000e_quirks/watchdog_reset/enable" 1
	put "$t/events/e1000e_quirks/escalate/enable" 0
	put "$t/tracing_on" 0
	mkfifo "$t/trace_pipe"
}

# ---------------------------------------------------------------- running

sh_cmd() {
	case $1 in
	dash) echo dash ;;
	busybox-sh) echo "busybox sh" ;;
	busybox-only) echo "env PATH=${FAKEBIN:+$FAKEBIN:}$work/bb busybox sh" ;;	# as in the VM
	bash-posix) echo "bash --posix" ;;
	*) echo "$1" ;;
	esac
}

# The other test hooks: /proc (btime 1700000000), /boot and /lib/modules
# (no kernel installed unless a case puts one there).
mkdir -p "$work/proc" "$work/boot" "$work/modules"
printf 'cpu  1 2 3 4\nbtime 1700000000\nprocesses 5\n' >"$work/proc/stat"
export E1000E_QUIRKS_PROC=$work/proc E1000E_QUIRKS_BOOT=$work/boot \
	E1000E_QUIRKS_MODULES=$work/modules

# run ARGS...: the command under $SH; output in $out, status in $rc.
run() {
	# shellcheck disable=SC2046 # "busybox sh" is two words
	out=$(PATH=${FAKEBIN:+$FAKEBIN:}$PATH E1000E_QUIRKS_SYSFS=$S E1000E_QUIRKS_MODDIR=$work/moddir \
		$(sh_cmd "$SH") "$cli" "$@" 2>&1)
	rc=$?
}

# run_err ARGS...: like run, but stderr apart, in $err.
run_err() {
	# shellcheck disable=SC2046
	out=$(PATH=${FAKEBIN:+$FAKEBIN:}$PATH E1000E_QUIRKS_SYSFS=$S E1000E_QUIRKS_MODDIR=$work/moddir \
		$(sh_cmd "$SH") "$cli" "$@" 2>"$work/stderr")
	rc=$?
	err=$(cat "$work/stderr")
}

result_ok=
check_begin() { result_ok=1; why=; }
bad() { [ -n "$why" ] || why=$*; result_ok=; }
check_end() {
	if [ -n "$result_ok" ]; then
		echo "PASS cli $SH $1"
		passed=$((passed + 1))
	else
		echo "FAIL cli $SH $1: $why"
		printf '%s\n' "$out" | sed 's/^/    | /' | head -n 30
		failed=$((failed + 1))
	fi
}

want_rc() { [ "$rc" = "$1" ] || bad "exit status $rc, want $1"; }
has() { grep -qF -- "$1" <<<"$out" || bad "no '$1' in the output"; }
hasnt() { ! grep -qF -- "$1" <<<"$out" || bad "'$1' in the output"; }

# json_check PYTHON-EXPR: the output is one JSON object j and EXPR is true.
json_check() {
	python3 -c '
import json, sys
j = json.loads(sys.stdin.buffer.read().decode("utf-8"))
sys.exit(0 if eval(sys.argv[1]) else 1)' "$1" <<<"$out" 2>/dev/null ||
		bad "JSON check failed: $1"
}

# prom_check: every line is a comment or a well-formed sample, every metric
# has HELP and TYPE.
prom_check() {
	python3 -c '
import re, sys
lab = r"[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\n]|\\[\\\"n])*\""
sample = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{" + lab + "(," + lab + r")*\})? -?[0-9.]+(e[+-]?[0-9]+)?$")
helped, typed = set(), set()
for line in sys.stdin.buffer.read().decode("utf-8").splitlines():
    if line.startswith("# HELP "): helped.add(line.split()[2]); continue
    if line.startswith("# TYPE "): typed.add(line.split()[2]); continue
    m = sample.match(line)
    if not m: sys.exit("bad line: " + line)
    if m.group(1) not in helped or m.group(1) not in typed: sys.exit("no HELP/TYPE: " + line)
' <<<"$out" 2>"$work/prom.err" || bad "Prometheus format: $(cat "$work/prom.err")"
}

# ---------------------------------------------------------------- cases

case_not_loaded() {
	new_sys
	iface eth0 0000:01:00.0 8086:10d3
	check_begin
	run status; want_rc 2; has "e1000e_quirks is not loaded"
	has "not installed for the running kernel"; has "eth0"
	check_end "status: not loaded"

	check_begin
	mkdir -p "$work/moddir/updates/dkms"
	: >"$work/moddir/updates/dkms/e1000e_quirks.ko"
	run status; want_rc 2; has "modprobe e1000e_quirks"
	rm -rf "$work/moddir/updates"
	check_end "status: not loaded, installed"

	check_begin
	run status --json; want_rc 2
	json_check 'j["module"]["loaded"] is False and j["nics"] == []'
	check_end "status --json: not loaded"

	check_begin
	run status --prometheus; want_rc 2; has "e1000e_quirks_up 0"; prom_check
	check_end "status --prometheus: not loaded"

	check_begin
	run explain eth0; want_rc 2; has "not loaded"; has "8086:10d3"
	check_end "explain: not loaded"

	check_begin
	run watch; want_rc 2; has "not loaded"
	check_end "watch: not loaded"
}

case_nothing_matched() {
	new_sys
	load_module
	iface eth0 0000:01:00.0 8086:10d3
	check_begin
	run status; want_rc 0; has "e1000e_quirks 0.1.0 loaded"; has "tracepoint"
	has "No NIC matched"; has "explain eth0"
	check_end "status: nothing matched"

	check_begin
	run status --json; want_rc 0
	json_check 'j["module"] == dict(j["module"], loaded=True, version="0.1.0", watchdog_source="tracepoint") and j["nics"] == [] and j["module"]["parameters"]["mode"] == "always"'
	check_end "status --json: nothing matched"

	check_begin
	run status --prometheus; want_rc 0; prom_check
	has "e1000e_quirks_up 1"; has "e1000e_quirks_nics_matched 0"
	check_end "status --prometheus: nothing matched"

	check_begin
	run explain eth0; want_rc 1; has "Matched: no"
	has "not in the built-in table"; has "ids=8086:10d3"
	has "echo 8086:10d3 > $S/module/e1000e_quirks/parameters/ids"
	has "nic=pci=0000:01:00.0"
	check_end "explain: not in the table, no ids="

	check_begin
	put "$S/module/e1000e_quirks/parameters/ids" 8086:1502
	put "$S/module/e1000e_quirks/parameters/nic" "name=eth0,tx_ring=256;mac=00:11:22:33:44:55"
	run explain eth0; want_rc 1; has "ids=8086:1502,8086:10d3"
	has "only tunes NICs matched otherwise"
	has "nic=pci=0000:01:00.0,tx_ring=256;mac=00:11:22:33:44:55"
	check_end "explain: name= entry, existing ids="

	check_begin
	put "$S/module/e1000e_quirks/parameters/mode" off
	run explain eth0; want_rc 1; has "mode=off switches the module off"
	check_end "explain: mode=off"

	check_begin
	put "$S/module/e1000e_quirks/parameters/mode" always
	put "$S/module/e1000e_quirks/parameters/ids" 8086:10d3
	run explain eth0; want_rc 1; has "should be matched"; has "dmesg"
	check_end "explain: listed but no directory"
}

case_matched() {
	new_sys
	load_module ids=8086:10d3 "nic=pci=0000:02:00.0,mode=monitor,tx_ring=256;name=eth1,eee=off"
	iface eth0 0000:01:00.0 8086:10d3
	iface eth1 0000:02:00.0 8086:10d3 e1000e 52:54:00:12:34:02
	iface eno1 0000:00:1f.6 8086:15bc
	matched 0000:01:00.0 watchdog_resets=3 last_reset=123.456 tx_ring=256 \
		rx_ring=512 tx_ring_orig=1024 rx_ring_orig=1024 rx_usecs=0 \
		rx_usecs_orig=3
	matched 0000:02:00.0 ifname=eth1 matched_by=nic mode=monitor state=monitoring \
		features_cleared= policy=pci=0000:02:00.0
	matched 0000:00:1f.6 ifname=eno1 pci_id=8086:15bc "model=I219-V (7)" \
		family=pch_cnp matched_by=table mode=on-hang state=armed features_cleared=
	check_begin
	run status; want_rc 0
	has "eth0   0000:01:00.0  8086:10d3   always   applied     tso,gso,sg,tx  256/512      0         3"
	has "eno1   0000:00:1f.6  I219-V (7)  on-hang  armed"
	has "eth1   0000:02:00.0  8086:10d3   monitor  monitoring  -"
	check_end "status: applied, monitoring, armed"

	check_begin
	run status --json; want_rc 0
	json_check 'len(j["nics"]) == 3 and all(n["ok"] for n in j["nics"])'
	json_check '[n for n in j["nics"] if n["pci"] == "0000:01:00.0"][0] == dict([n for n in j["nics"] if n["pci"] == "0000:01:00.0"][0], ifname="eth0", watchdog_resets=3, last_reset=123.456, tx_ring="256", features_cleared="tso gso sg tx", matched_by="ids")'
	json_check 'set(j["nics"][0]) >= set("ifname pci_id model family matched_by mode state features_planned features_cleared watchdog_resets last_reset last_error policy tx_ring rx_ring eee pause tx_ring_orig rx_ring_orig eee_orig pause_orig".split())'
	json_check '[n for n in j["nics"] if n["ifname"] == "eno1"][0]["last_reset"] is None'
	json_check '[(n["rx_usecs"], n["rx_usecs_orig"]) for n in j["nics"] if n["ifname"] == "eth0"][0] == ("0", "3")'
	json_check '[n for n in j["nics"] if n["ifname"] == "eno1"][0]["last_reset_timestamp"] is None'
	check_end "status --json: every field"

	check_begin
	run status --prometheus; want_rc 0
	has 'e1000e_quirks_tunable{ifname="eth0",pci="0000:01:00.0",name="rx_usecs"} 0'
	has 'e1000e_quirks_tunable_orig{ifname="eth0",pci="0000:01:00.0",name="rx_usecs"} 3'
	has 'e1000e_quirks_tunable{ifname="eth0",pci="0000:01:00.0",name="tx_ring"} 256'
	check_end "status --prometheus: the tunables with a number, rx_usecs 0 included"

	# Issue 9 item 11: a Unix time for the last reset (btime + boottime).
	check_begin
	run status --json; want_rc 0
	json_check '[n for n in j["nics"] if n["ifname"] == "eth0"][0]["last_reset_timestamp"] == 1700000123.456'
	run status --prometheus; want_rc 0; prom_check
	has 'e1000e_quirks_last_watchdog_reset_timestamp_seconds{ifname="eth0",pci="0000:01:00.0"} 1700000123.456'
	hasnt 'boottime'; hasnt 'timestamp_seconds{ifname="eno1"'
	run explain eth0; has "the last at 123.456 s after boot (2023-11-14 22:15:23 UTC)"
	check_end "last reset as a Unix time: --json, --prometheus, explain"

	check_begin
	run status --prometheus; want_rc 0; prom_check
	has 'e1000e_quirks_watchdog_resets_total{ifname="eth0",pci="0000:01:00.0"} 3'
	has 'e1000e_quirks_offloads_cleared{ifname="eth0",pci="0000:01:00.0"} 4'
	has 'e1000e_quirks_offloads_cleared{ifname="eno1",pci="0000:00:1f.6"} 0'
	has 'model="I219-V (7)"'; has 'state="armed"'
	has 'e1000e_quirks_nics_matched 3'
	check_end "status --prometheus: metrics"

	check_begin
	run explain eth0; want_rc 0; has "Matched: yes, by ids="
	has "Policy: the global parameters"; has "tx 256 (was 1024)"
	has "the last at 123.456 s"
	check_end "explain: matched by ids"

	check_begin
	run explain eth1; want_rc 0; has "by its nic= entry pci=0000:02:00.0"
	has "nic= entry 'pci=0000:02:00.0,mode=monitor,tx_ring=256'"
	has "2 entries match this NIC"; has "Dry run"
	check_end "explain: nic= entry, most specific wins"

	check_begin
	run explain eno1; want_rc 0; has "built-in table"; has "I219-V (7)"
	has "mode=on-hang"
	check_end "explain: table, on-hang"
}

case_bad_states() {
	new_sys
	load_module ids=8086:10d3
	iface eth0 0000:01:00.0 8086:10d3
	iface eth1 0000:02:00.0 8086:10d3
	matched 0000:01:00.0 state=overridden "features_cleared=gso tx"
	matched 0000:02:00.0 ifname=eth1 state=error "last_error=setting ring sizes: error -22"
	check_begin
	run status; want_rc 1; has "overridden!"; has "error!"
	has "eth1: error: setting ring sizes: error -22"
	check_end "status: overridden and error exit 1"

	check_begin
	run status --json; want_rc 1
	json_check '[n["ok"] for n in j["nics"]] == [False, False]'
	check_end "status --json: exit 1"

	check_begin
	run status --prometheus; want_rc 1; prom_check
	has 'e1000e_quirks_nic_ok{ifname="eth0",pci="0000:01:00.0"} 0'
	check_end "status --prometheus: nic_ok 0"

	check_begin
	run explain eth0; want_rc 1; has "State: overridden"
	has "ethtool -K eth0 tso off sg off"
	check_end "explain: overridden"
}

# Every state the module shows (and one it may show some day) x enforce x
# every combination of planned / cleared / off offloads, features_off absent
# (an older module) included. Neither explain nor status may let a shell
# error out, exit 2 (the "not loaded" status) or write to stderr; status,
# --json and --prometheus stay well-formed. One NIC per combination, one
# tree per state.
MATRIX_STATES="applied monitoring armed mitigated off overridden error pending"
case_matrix() {
	local st enf p c o n pci name want combos offs w before
	for st in $MATRIX_STATES; do
		for enf in 0 1; do
			# enforce= only changes what overridden means
			[ $enf = 1 ] && [ "$st" != overridden ] && continue
			new_sys
			load_module ids=8086:10d3 enforce=$enf
			n=0
			combos=
			offs=
			for p in "" "tso gso"; do
				for c in "" "tso" "tso gso"; do
					for o in ABSENT "" "gso" "tso gso sg"; do
						[ -z "$p" ] && [ -n "$c$o" ] && [ "$o" != ABSENT ] && continue
						n=$((n + 1))
						pci=$(printf '0000:%02x:00.0' "$n")
						name=m$n
						iface "$name" "$pci" 8086:10d3
						matched "$pci" ifname=$name "state=$st" \
							"features_planned=$p" "features_cleared=$c" \
							"features_off=$o"
						[ "$o" = ABSENT ] &&
							rm "$S/kernel/e1000e_quirks/$pci/features_off"
						combos="$combos $name"
						# features_off as --json must show it
						if [ "$o" = ABSENT ]; then
							offs="$offs'$name': None, "
						else
							offs="$offs'$name': '$o', "
						fi
						# planned, off, not cleared: explain says so
						before=
						[ "$o" = ABSENT ] || for w in $p; do
							case " $o " in *" $w "*) ;; *) continue ;; esac
							case " $c " in *" $w "*) continue ;; esac
							before="$before $w"
						done
						printf '%s\n' "$before" >"$S/want-before-$name"
					done
				done
			done
			want=0
			case $st in
			applied | monitoring | armed | mitigated | off) ;;
			*) want=1 ;;
			esac

			check_begin
			for name in $combos; do
				run_err explain "$name"
				[ "$rc" = $want ] || bad "explain $name: exit status $rc, want $want"
				[ -z "$err" ] || bad "explain $name: stderr: $err"
				grep -qF "State: $st." <<<"$out" || bad "explain $name: no 'State: $st.'"
				grep -qF "Last error:" <<<"$out" || bad "explain $name: cut short"
				before=$(cat "$S/want-before-$name")
				if [ -n "$before" ]; then
					grep -qF "Already off before the module:$before (" <<<"$out" ||
						bad "explain $name: no 'Already off before the module:$before'"
				else
					! grep -qF "Already off before" <<<"$out" ||
						bad "explain $name: 'Already off before' but nothing is"
				fi
				[ -n "$result_ok" ] || break	# show this one
			done
			check_end "explain matrix: state $st, enforce=$enf, $n combinations of planned/cleared/off"

			check_begin
			run_err status
			[ "$rc" = $want ] || bad "status: exit status $rc, want $want"
			[ -z "$err" ] || bad "status: stderr: $err"
			[ "$(grep -c '^m[0-9]' <<<"$out")" -ge "$n" ] || bad "status: not one row per NIC"
			run_err status --json
			[ "$rc" = $want ] || bad "status --json: exit status $rc, want $want"
			[ -z "$err" ] || bad "status --json: stderr: $err"
			json_check "len(j['nics']) == $n"
			json_check "all(x['features_off'] == {$offs}[x['ifname']] for x in j['nics'])"
			run_err status --prometheus
			[ "$rc" = $want ] || bad "status --prometheus: exit status $rc, want $want"
			[ -z "$err" ] || bad "status --prometheus: stderr: $err"
			prom_check
			check_end "status matrix: state $st, enforce=$enf, $n NICs, table, JSON, Prometheus"
		done
	done
}

# Issue 9/3: an old post-up hook turned the offloads off before the module
# looked: features_cleared is empty, features_off says they are off.
case_features_off() {
	new_sys
	load_module ids=8086:10d3
	iface eth0 0000:01:00.0 8086:10d3
	iface eth1 0000:02:00.0 8086:10d3
	iface eth2 0000:03:00.0 8086:10d3
	iface eth3 0000:04:00.0 8086:10d3
	matched 0000:01:00.0 features_cleared= "features_off=tso gso sg tx"
	matched 0000:02:00.0 ifname=eth1 features_cleared=sg "features_off=tso gso sg tx"
	matched 0000:03:00.0 ifname=eth2 mode=on-hang state=armed features_cleared= \
		"features_off=tso gso"
	matched 0000:04:00.0 ifname=eth3 features_cleared=tso	# older module
	check_begin
	run status; want_rc 0
	has "eth0   0000:01:00.0  8086:10d3  always   applied  tso,gso,sg,tx"
	has "eth2   0000:03:00.0  8086:10d3  on-hang  armed    tso,gso "
	has "eth3   0000:04:00.0  8086:10d3  always   applied  tso "
	check_end "status: OFFLOADS-OFF is features_off (an old hook did it), else features_cleared"

	check_begin
	run status --json; want_rc 0
	json_check '[(n["ifname"], n["features_off"], n["features_cleared"]) for n in j["nics"]] == [("eth0", "tso gso sg tx", ""), ("eth1", "tso gso sg tx", "sg"), ("eth2", "tso gso", ""), ("eth3", None, "tso")]'
	check_end "status --json: features_off, null without the file"

	# Files of newer modules (escalation): shown when present, never break.
	check_begin
	put "$S/kernel/e1000e_quirks/0000:01:00.0/step" 2
	put "$S/kernel/e1000e_quirks/0000:01:00.0/resets_at_step" "1 1 0"
	put "$S/kernel/e1000e_quirks/0000:01:00.0/k1" off
	run status --json; want_rc 0
	json_check '(j["nics"][0]["step"], j["nics"][0]["resets_at_step"], j["nics"][0]["k1"]) == (2, [1, 1, 0], "off") and "step" not in j["nics"][3] and "k1" not in j["nics"][3]'
	run status --prometheus; want_rc 0; prom_check
	run explain eth0; want_rc 0
	rm "$S"/kernel/e1000e_quirks/0000:01:00.0/{step,resets_at_step,k1}
	check_end "status --json: step, resets_at_step, k1 when present, left out when not"

	check_begin
	run status --prometheus; want_rc 0; prom_check
	has 'e1000e_quirks_offloads_off{ifname="eth0",pci="0000:01:00.0"} 4'
	has 'e1000e_quirks_offloads_cleared{ifname="eth0",pci="0000:01:00.0"} 0'
	has 'e1000e_quirks_offloads_off{ifname="eth2",pci="0000:03:00.0"} 2'
	hasnt 'e1000e_quirks_offloads_off{ifname="eth3"'
	check_end "status --prometheus: offloads_off"

	# Issue 27: the old hook explain spots, as a metric for every host.
	check_begin
	run status --prometheus; want_rc 0; prom_check
	has 'e1000e_quirks_old_hook{ifname="eth0",pci="0000:01:00.0",offloads="tso gso sg tx"} 1'
	has 'e1000e_quirks_old_hook{ifname="eth1",pci="0000:02:00.0",offloads="tso gso tx"} 1'
	has 'e1000e_quirks_old_hook{ifname="eth2",pci="0000:03:00.0",offloads="tso gso"} 1'
	hasnt 'e1000e_quirks_old_hook{ifname="eth3"'
	matched 0000:02:00.0 ifname=eth1 "features_off=tso gso sg tx"
	run status --prometheus; want_rc 0; prom_check
	has 'e1000e_quirks_old_hook{ifname="eth1",pci="0000:02:00.0",offloads=""} 0'
	matched 0000:02:00.0 ifname=eth1 features_cleared=sg "features_off=tso gso sg tx"
	check_end "status --prometheus: old_hook, explain's 'already off before the module' (0 when the module turned them off; none without features_off)"

	check_begin
	run explain eth0; want_rc 0
	has "off now: tso gso sg tx; turned off by the module: none."
	has "Already off before the module: tso gso sg tx ("
	has "The old hook can go"; hasnt "Not off"
	check_end "explain: already off before the module, the old hook can go"

	check_begin
	run explain eth1; want_rc 0
	has "Already off before the module: tso gso tx ("; has "The old hook can go"
	check_end "explain: some off before the module, some by it"

	check_begin
	run explain eth2; want_rc 0
	has "Already off before the module: tso gso ("; has "until the NIC hangs"
	hasnt "The old hook can go"
	check_end "explain: on-hang: the old hook still matters"

	check_begin
	run explain eth3; want_rc 0
	has "turned off by the module: tso."; has "Not off: gso sg tx"
	has "ethtool -K eth3 gso off sg off tx off (or set enforce=1)"
	check_end "explain: a module without features_off"

	check_begin
	matched 0000:01:00.0 state=overridden "features_cleared=tso gso sg tx" "features_off=tso tx"
	run explain eth0; want_rc 1
	has "Not off: gso sg"; has "ethtool -K eth0 gso off sg off (or set enforce=1)"
	hasnt "Already off before"
	run status; want_rc 1
	has "planned off: tso gso sg tx; off now: tso tx"
	check_end "explain, status: overridden, off now from features_off"

	check_begin
	rm -f "$S"/kernel/e1000e_quirks/0000:01:00.0/*
	put "$S/kernel/e1000e_quirks/0000:01:00.0/state" applied
	run_err explain eth0; want_rc 0
	[ -z "$err" ] || bad "stderr: $err"
	has "State: applied."
	run_err status --json; want_rc 0
	[ -z "$err" ] || bad "stderr: $err"
	check_end "explain, status: a NIC directory with only its state file"
}

case_escalation() {
	local d=$S
	new_sys
	load_module ids=8086:10d3 mode=on-hang escalate=1 hang_threshold=2 eee=off
	iface eth0 0000:01:00.0 8086:10d3
	matched 0000:01:00.0 mode=on-hang state=mitigated "features_off=tso gso sg tx" \
		watchdog_resets=6 eee=off eee_orig=on step=3 "resets_at_step=2 2 2 0" \
		k1=unsupported k1_orig=- "ladder=offloads eee pause"
	d=$S/kernel/e1000e_quirks/0000:01:00.0
	now=$(date +%s)
	{
		for st in 0 0 1 1 2; do
			echo "$((now - 7200)) step=$st offloads=- eee=- pause=- tx_ring=- rx_ring=- k1=- speed=1000 duplex=full"
		done
		echo "$((now - 3700)) step=2 offloads=tso,gso,sg,tx eee=off pause=- tx_ring=- rx_ring=- k1=- speed=1000 duplex=full"
	} >"$d/hangs"
	check_begin
	run status --json; want_rc 0
	json_check 'n["step"] == 3 and n["resets_at_step"] == [2, 2, 2, 0] and len(n["hangs"]) == 6 and n["hangs"][5]["step"] == 2 and n["hangs"][5]["eee"] == "off" and n["hangs"][5]["speed"] == 1000 and n["hangs"][5]["duplex"] == "full" and n["hangs"][5]["tx_ring"] is None and isinstance(n["hangs"][0]["time"], int) and n["k1"] == "unsupported" and n["ladder"] == ["offloads", "eee", "pause"] if (n := j["nics"][0]) else False'
	check_end "status --json: step, resets_at_step, hangs as objects"

	check_begin
	run status --prometheus; want_rc 0; prom_check
	has 'e1000e_quirks_watchdog_resets_total{ifname="eth0",pci="0000:01:00.0",step="0"} 2'
	has 'e1000e_quirks_watchdog_resets_total{ifname="eth0",pci="0000:01:00.0",step="2"} 2'
	has 'e1000e_quirks_watchdog_resets_total{ifname="eth0",pci="0000:01:00.0",step="3"} 0'
	has 'e1000e_quirks_step{ifname="eth0",pci="0000:01:00.0"} 3'
	check_end "status --prometheus: resets per step, the step gauge"

	check_begin
	run explain eth0; want_rc 0
	has "Remedy step in force: 3 (flow control off)."
	has "Escalation ladder: offloads eee pause (in this order; remedies the NIC cannot take are left out)."
	has "Evidence: 2 resets before any remedy, 2 after offloads off, 2 after EEE off, none in the 1 h 1 min since flow control off."
	check_end "explain: the evidence in one sentence"

	check_begin
	put "$d/resets_at_step" "3"
	put "$d/step" 0
	: >"$d/hangs"
	run_err explain eth0; want_rc 0
	[ -z "$err" ] || bad "stderr: $err"
	has "Evidence: 3 resets before any remedy."
	check_end "explain: no step yet"
}

case_escaping() {
	new_sys
	load_module ids=8086:10d3
	iface 'e"q\x' 0000:01:00.0 8086:10d3
	matched 0000:01:00.0 'ifname=e"q\x' "last_error=$(printf 'a\tb\001c "d" \\e')"
	check_begin
	run status --json; want_rc 0
	json_check 'j["nics"][0]["ifname"] == "e\"q\\x" and j["nics"][0]["last_error"] == "a\tb\x01c \"d\" \\e"'
	check_end "status --json: escaping"

	check_begin
	run status --prometheus; want_rc 0; prom_check
	has 'ifname="e\"q\\x"'
	check_end "status --prometheus: label escaping"
}

# Issue 9 item 11: interface names that are not valid UTF-8 (any byte but
# "/", ":" and blanks is allowed) become U+FFFD in JSON and Prometheus.
case_utf8() {
	local bad
	bad=$(printf 'e\377n\303(o\342\202\254')	# 0xff, a cut sequence, then a valid one
	new_sys
	load_module ids=8086:10d3
	iface "$bad" 0000:01:00.0 8086:10d3
	matched 0000:01:00.0 "ifname=$bad" "model=I219-V \303\251" last_reset=5.5
	check_begin
	run status --json; want_rc 0
	json_check 'j["nics"][0]["ifname"] == "e\ufffdn\ufffd(o\u20ac"'
	check_end "status --json: a name that is not UTF-8"
	check_begin
	run status --prometheus; want_rc 0; prom_check
	has "ifname=\"e$(printf '\357\277\275')n$(printf '\357\277\275')(o$(printf '\342\202\254')\""
	check_end "status --prometheus: a name that is not UTF-8"
}

# Issue 9 item 11: --write FILE, as the textfile service runs it.
case_write() {
	local d=$work/textfile f u
	new_sys
	load_module ids=8086:10d3
	iface eth0 0000:01:00.0 8086:10d3
	matched 0000:01:00.0
	rm -rf "$d"
	mkdir -p "$d"
	check_begin
	run status --prometheus --write "$d/e1000e_quirks.prom"; want_rc 0
	[ -z "$out" ] || bad "output besides the file: $out"
	out=$(cat "$d/e1000e_quirks.prom" 2>/dev/null); prom_check
	has "e1000e_quirks_up 1"
	[ "$(ls -A "$d")" = e1000e_quirks.prom ] || bad "files left: $(ls -A "$d")"
	[ "$(stat -c %a "$d/e1000e_quirks.prom")" = 644 ] || bad "mode $(stat -c %a "$d/e1000e_quirks.prom")"
	matched 0000:01:00.0 state=error
	run status --prometheus --write "$d/e1000e_quirks.prom"; want_rc 1
	grep -q 'e1000e_quirks_nic_ok{.*} 0' "$d/e1000e_quirks.prom" || bad "file not updated on status 1"
	check_end "status --prometheus --write: atomic, 0644, updated when not ok"

	check_begin
	run status --prometheus --write "$work/nosuch/e1000e_quirks.prom"; want_rc 73
	has "cannot write"
	run status --write; want_rc 64
	check_end "status --write: exit 73 when it cannot write, 64 without a file"

	# The service's own command line, paths moved into the test tree.
	check_begin
	f=$root/debian/e1000e-quirks-dkms.e1000e-quirks-textfile.service
	u=$(sed -n 's/^ExecStart=//p' "$f")
	case $u in
	"/usr/sbin/e1000e-quirks status --prometheus --write /var/lib/prometheus/node-exporter/e1000e_quirks.prom") ;;
	*) bad "ExecStart=$u" ;;
	esac
	u=${u#/usr/sbin/e1000e-quirks }
	rm -f "$d"/*
	# shellcheck disable=SC2086 # the unit's words
	run ${u//\/var\/lib\/prometheus\/node-exporter/$d}; want_rc 1
	out=$(cat "$d/e1000e_quirks.prom" 2>/dev/null); prom_check; has "e1000e_quirks_up 1"
	grep -qx 'SuccessExitStatus=1 2' "$f" || bad "no SuccessExitStatus=1 2"
	grep -qx 'ConditionPathIsDirectory=/var/lib/prometheus/node-exporter' "$f" || bad "no ConditionPathIsDirectory"
	grep -qx 'WantedBy=timers.target' "${f%.service}.timer" || bad "timer not wanted by timers.target"
	grep -qx 'OnCalendar=minutely' "${f%.service}.timer" || bad "timer not minutely"
	check_end "textfile service: its ExecStart writes a valid file"
}

# Issue 9 item 10: installed kernels the module is not built for.
case_kernels() {
	local m=$work/modules
	new_sys
	load_module ids=8086:10d3
	iface eth0 0000:01:00.0 8086:10d3
	matched 0000:01:00.0
	: >"$work/boot/vmlinuz-6.1.0-26-amd64"
	: >"$work/boot/vmlinuz-6.1.0-27-amd64"
	: >"$work/boot/vmlinuz-6.8.12-4-pve"
	: >"$work/boot/vmlinuz-6.1.0-28-amd64"
	mkdir -p "$m/6.1.0-26-amd64/updates/dkms" "$m/6.1.0-28-amd64/extra"
	: >"$m/6.1.0-26-amd64/updates/dkms/e1000e_quirks.ko.xz"
	echo "extra/e1000e_quirks.ko:" >"$m/6.1.0-28-amd64/modules.dep"
	check_begin
	run status; want_rc 0
	has "Warning: e1000e_quirks is not built for the installed kernel 6.1.0-27-amd64: booted, it leaves the NICs unprotected."
	has "(linux-headers-6.1.0-27-amd64), then: dkms autoinstall -k 6.1.0-27-amd64"
	has "(proxmox-headers-6.8.12-4-pve)"; has "apt install proxmox-default-headers"
	hasnt "kernel 6.1.0-26-amd64"; hasnt "kernel 6.1.0-28-amd64"
	check_end "status: warns about installed kernels without the module"

	check_begin
	run status --json; want_rc 0
	json_check 'j["kernels_without_module"] == ["6.1.0-27-amd64", "6.8.12-4-pve"]'
	run status --prometheus; want_rc 0; prom_check
	has "e1000e_quirks_kernels_without_module 2"
	check_end "status --json, --prometheus: kernels without the module"

	check_begin
	rm -rf "$S/module" "$S/kernel/e1000e_quirks"
	run status; want_rc 2; has "is not loaded"; has "installed kernel 6.1.0-27-amd64"
	run status --prometheus; want_rc 2; prom_check
	has "e1000e_quirks_kernels_without_module 2"
	check_end "status: not loaded, still warns about kernels"
	rm -rf "${work:?}/boot/"* "${m:?}/"*

	check_begin
	run status; hasnt "Warning"
	check_end "status: no warning when no kernel lacks it"

	# Issue 27: kernels DKMS cannot build for (below dkms.conf's
	# BUILD_EXCLUSIVE_KERNEL_MIN) and those IGNORE_KERNELS names are left out.
	load_module ids=8086:10d3
	matched 0000:01:00.0
	check_begin
	local min
	min=$(sed -n 's/^BUILD_EXCLUSIVE_KERNEL_MIN="\(.*\)"$/\1/p' "$root/dkms.conf")
	grep -qx "KERNEL_MIN=$min" "$cli" || bad "the command's KERNEL_MIN is not dkms.conf's BUILD_EXCLUSIVE_KERNEL_MIN ($min)"
	: >"$work/boot/vmlinuz-5.10.0-30-amd64"
	: >"$work/boot/vmlinuz-6.0.12-amd64"
	: >"$work/boot/vmlinuz-6.8.12-4-pve"
	: >"$work/boot/vmlinuz-6.5.13-6-pve"
	: >"$work/boot/vmlinuz-6.1.0-27-amd64"
	printf '# kept on purpose\nIGNORE_KERNELS="6.5.* 6.9.9-1-pve"\n' >"$work/defaults"
	export E1000E_QUIRKS_DEFAULTS=$work/defaults
	run status --json; want_rc 0
	json_check 'j["kernels_without_module"] == ["6.1.0-27-amd64", "6.8.12-4-pve"]'
	run status; hasnt "5.10.0-30"; hasnt "6.0.12"; hasnt "6.5.13"
	run status --prometheus; want_rc 0; prom_check
	has 'e1000e_quirks_kernel_without_module{kernel="6.8.12-4-pve",headers="proxmox-headers-6.8.12-4-pve"} 1'
	has 'e1000e_quirks_kernel_without_module{kernel="6.1.0-27-amd64",headers="linux-headers-6.1.0-27-amd64"} 1'
	has "e1000e_quirks_kernels_without_module 2"
	unset E1000E_QUIRKS_DEFAULTS
	rm -f "$work/defaults"
	rm -rf "${work:?}/boot/"*
	check_end "status: kernels below BUILD_EXCLUSIVE_KERNEL_MIN and IGNORE_KERNELS left out; the headers package label"
}

case_not_handled() {
	new_sys
	load_module
	iface eth0 0000:01:00.0 8086:10d3
	iface enp3s0 0000:03:00.0 8086:1533 igb
	virtual br0
	virtual eth0.5 eth0
	check_begin
	run explain enp3s0; want_rc 1; has "driven by igb"
	check_end "explain: other driver"

	check_begin
	run explain eth0.5; want_rc 1; has "not a hardware NIC"; has "It sits on: eth0"
	check_end "explain: VLAN"

	check_begin
	run explain nosuch; want_rc 1; has "no such interface"
	has "Interfaces bound to e1000e: eth0"
	check_end "explain: no such interface"

	check_begin
	run explain ../x; want_rc 64
	check_end "explain: bad name"
}

case_watch() {
	local pid t
	new_sys
	load_module
	tracefs
	t=$S/kernel/tracing
	check_begin
	# shellcheck disable=SC2046
	E1000E_QUIRKS_SYSFS=$S $(sh_cmd "$SH") "$cli" watch >"$work/watch.out" 2>"$work/watch.err" &
	pid=$!
	for _ in $(seq 50); do
		[ "$(cat "$t/events/e1000e_quirks/apply/enable")" = 1 ] && break
		sleep 0.1
	done
	[ "$(cat "$t/events/e1000e_quirks/apply/enable")" = 1 ] || bad "apply not enabled"
	[ "$(cat "$t/tracing_on")" = 1 ] || bad "tracing_on not 1"
	{
		echo ' kworker/0:1-23  [000] .....  12.3: apply: ifname=eth0 pci=0000:01:00.0 why=up'
		echo ' sshd-1  [000] .....  12.4: sched_switch: prev_comm=x'
		echo ' <idle>-0  [001] ..s..  13.0: watchdog_reset: ifname=eth0 pci=0000:01:00.0 queue=0 resets=1 mode=always action=none'
		echo ' kworker/1:2-40  [001] .....  13.1: escalate: ifname=eth0 pci=0000:01:00.0 from=0 to=1 resets=1'
	} >"$t/trace_pipe" &
	for _ in $(seq 50); do
		grep -q escalate: "$work/watch.out" && break
		sleep 0.1
	done
	[ "$(cat "$t/events/e1000e_quirks/escalate/enable")" = 1 ] || bad "escalate not enabled"
	kill -TERM "$pid"
	wait "$pid"
	rc=$?
	exec 9<>"$t/trace_pipe"	# unblock the writer, if still waiting
	exec 9>&-
	out=$(cat "$work/watch.out")
	want_rc 143
	has "apply: ifname=eth0"; has "watchdog_reset: ifname=eth0"; hasnt sched_switch
	has "escalate: ifname=eth0 pci=0000:01:00.0 from=0 to=1 resets=1"
	grep -qF "following e1000e_quirks:watchdog_reset, e1000e_quirks:apply, e1000e_quirks:escalate" "$work/watch.err" ||
		bad "stderr does not name escalate: $(cat "$work/watch.err")"
	[ "$(cat "$t/events/e1000e_quirks/escalate/enable")" = 0 ] || bad "escalate/enable not restored to 0"
	[ "$(cat "$t/events/e1000e_quirks/apply/enable")" = 0 ] || bad "apply/enable not restored to 0"
	[ "$(cat "$t/events/e1000e_quirks/watchdog_reset/enable")" = 1 ] || bad "watchdog_reset/enable not restored to 1"
	[ "$(cat "$t/tracing_on")" = 0 ] || bad "tracing_on not restored to 0"
	[ -z "$(ls "$t/instances")" ] || bad "instance left behind: $(ls "$t/instances")"
	check_end "watch: follows apply, watchdog_reset and escalate, filters, restores on TERM"
}

# Issue 20: report [IFNAME] [--output FILE] [--no-mask], with fake lspci
# and ethtool first in PATH, a kernel log (E1000E_QUIRKS_KLOG) with hang
# dumps of two NICs, DMI, a host name that is also part of the kernel
# release ("pve" in 6.8.12-4-pve).
report_fixture() {
	local d p=$work/proc/sys/kernel
	FAKEBIN=$work/fakebin
	mkdir -p "$FAKEBIN" "$p"
	cat >"$FAKEBIN/lspci" <<'EOS'
#!/bin/sh
echo "lspci $*"
echo "00:1f.6 Ethernet controller [0200]: Intel Corporation Ethernet Connection (7) I219-V [8086:15bc] (rev 10)"
echo "	Subsystem: Lenovo ThinkCentre M720q [17aa:3136]"
echo "	Capabilities: [e0] Device Serial Number 52-54-00-ff-ff-12-34-01"
EOS
	cat >"$FAKEBIN/ethtool" <<'EOS'
#!/bin/sh
echo "fake ethtool $*"
case $1 in
-i) echo "driver: e1000e"; echo "bus-info: 0000:00:1f.6" ;;
--show-priv-flags) echo "s0ix-enabled: on" ;;
-S) echo "     tx_timeout_count: 3" ;;
-c) echo "rx-usecs: 3" ;;
-d) echo "0x00000: CTRL (Device control register)  0x18100248" ;;
eno1) echo "	Link partner advertised pause frame use: Symmetric Receive-only" ;;
esac
EOS
	cat >"$FAKEBIN/dpkg-query" <<'EOS'
#!/bin/sh
echo "e1000e-quirks-dkms 0.2.0-1 install ok installed"
echo "dkms 3.2.2-1 install ok installed"
EOS
	cat >"$FAKEBIN/dkms" <<'EOS'
#!/bin/sh
case $1 in
--version) echo "dkms-3.2.2" ;;
status) echo "e1000e-quirks/0.2.0, 6.8.12-4-pve, x86_64: installed" ;;
esac
EOS
	cat >"$FAKEBIN/pveversion" <<'EOS'
#!/bin/sh
echo "proxmox-ve: 9.1.0 (running kernel: 6.8.12-4-pve)"
echo "pve-manager: 9.1.2 (running version: 9.1.2/abcdef)"
EOS
	chmod 755 "$FAKEBIN/lspci" "$FAKEBIN/ethtool" "$FAKEBIN/dpkg-query" "$FAKEBIN/dkms" "$FAKEBIN/pveversion"
	# /etc: modprobe.d (comments left out, other drivers too), interfaces
	local e=$work/etc
	rm -rf "$e"
	mkdir -p "$e/modprobe.d" "$e/network/interfaces.d"
	printf '%s
' '# e1000e_quirks options' '#options e1000e_quirks mode=monitor' 		'softdep e1000e pre: e1000e_quirks' 'options e1000e_quirks mode=on-hang escalate=1' >"$e/modprobe.d/e1000e-quirks.conf"
	printf '%s
' 'options igb max_vfs=2' 'options e1000e SmartPowerDownEnable=1' >"$e/modprobe.d/local.conf"
	printf '%s
' 'auto eno1' 'iface eno1 inet manual' '	post-up /sbin/ethtool -K eno1 tso off gso off' 		'	address 192.168.1.10/24' >"$e/network/interfaces"
	printf '%s
' 'iface vmbr0 inet static' '	offload-tso off' >"$e/network/interfaces.d/vmbr0"
	export E1000E_QUIRKS_ETC=$e
	put "$p/osrelease" 6.8.12-4-pve
	put "$p/version" "#1 SMP PREEMPT_DYNAMIC PMX 6.8.12-4"
	put "$p/hostname" pve
	put "$work/proc/cmdline" "BOOT_IMAGE=/boot/vmlinuz-6.8.12-4-pve root=/dev/mapper/pve-root ro quiet ip=192.168.1.10::192.168.1.1:255.255.255.0:pve:eno1:off BOOTIF=01-52-54-00-12-34-01"
	new_sys
	for d in sys_vendor=LENOVO product_name=11A4S0ER00 board_vendor=LENOVO \
		 board_name=3136 bios_version=M1UKT4BA; do
		put "$S/class/dmi/id/${d%%=*}" "${d#*=}"
	done
	load_module ids=8086:10d3 mode=on-hang escalate=1 "nic=mac=52:54:00:12:34:01,eee=off"
	iface eno1 0000:00:1f.6 8086:15bc e1000e 52:54:00:12:34:01
	put "$S/devices/pci0000:00/0000:00:1f.6/subsystem_vendor" 0x17aa
	put "$S/devices/pci0000:00/0000:00:1f.6/subsystem_device" 0x3136
	iface eno2 0000:02:00.0 8086:10d3 e1000e 52:54:00:12:34:02
	matched 0000:00:1f.6 ifname=eno1 pci_id=8086:15bc "model=I219-V (7)" family=pch_cnp \
		matched_by=table mode=on-hang state=mitigated watchdog_resets=7 \
		step=5 "resets_at_step=2 1 1 0 0 3" "ladder=offloads eee k1" \
		policy=mac=52:54:00:12:34:01
	printf '%s\n' "1764500000 step=0 offloads=- eee=- speed=1000 duplex=full" \
		"1764500100 step=5 offloads=tso,gso eee=off speed=1000 duplex=full" \
		>"$S/kernel/e1000e_quirks/0000:00:1f.6/hangs"
	KLOG=$work/klog
	cat >"$KLOG" <<'EOS'
[    1.000000] Linux version 6.8.12-4-pve (build@proxmox)
[    2.000000] systemd[1]: Hostname set to <pve>.
[    3.000000] e1000e 0000:00:1f.6 eno1: renamed from eth0
[  100.000000] e1000e 0000:00:1f.6 eno1: Detected Hardware Unit Hang:
[  100.000000]   TDH                  <2a>
[  100.000000]   TDT                  <3e>
[  100.000000]   next_to_use          <3e>
[  100.000000]   next_to_clean        <29>
[  100.000000] buffer_info[next_to_clean]:
[  100.000000]   time_stamp           <1000c5a6e>
[  100.000000]   next_to_watch        <2a>
[  100.000000]   jiffies              <1000c5d30>
[  100.000000]   next_to_watch.status <0>
[  100.000000] MAC Status             <40080083>
[  100.000000] PHY Status             <796d>
[  100.000000] PHY 1000BASE-T Status  <3800>
[  100.000000] PHY Extended Status    <3000>
[  100.000000] PCI Status             <10>
[  101.000000] e1000e 0000:00:1f.6 eno1: NETDEV WATCHDOG: CPU: 1: transmit queue 0 timed out 5000 ms
[  101.500000] e1000e 0000:00:1f.6 eno1: Reset adapter unexpectedly
[  102.000000] e1000e 0000:02:00.0 eno2: Detected Hardware Unit Hang:
[  102.000000]   TDH                  <77>
[  102.000000] PCI Status             <10>
[  200.000000] e1000e 0000:00:1f.6 eno1: Detected Hardware Unit Hang:
[  200.000000]   TDH                  <55>
[  200.000000] PCI Status             <10>
[  201.000000] vmbr0: port 1(eno1) entered disabled state
Dec 02 10:00:00 pve kernel: e1000e 0000:00:1f.6 eno1: NIC Link is Up 1000 Mbps Full Duplex
Dec 02 10:00:01 pve kernel: e1000e 0000:00:1f.6 eno1: IPv6 fe80::5054:ff:fe12:3401 (test line)
EOS
}

case_report() {
	local f
	report_fixture
	check_begin
	E1000E_QUIRKS_KLOG=$KLOG run_err report eno1; want_rc 0
	[ -z "$err" ] || bad "stderr: $err"
	has "Kernel release: 6.8.12-4-pve"; has "BOOT_IMAGE=/boot/vmlinuz-6.8.12-4-pve root=/dev/mapper/pve-root"
	has "e1000e_quirks: loaded, version 0.1.0"
	has "sys_vendor: LENOVO"; has "product_name: 11A4S0ER00"; has "board_name: 3136"; has "bios_version: M1UKT4BA"
	has "mode: on-hang"; has "escalate: 1"
	has "## NIC eno1 (0000:00:1f.6)"; hasnt "## NIC eno2"
	has "resets_at_step: 2 1 1 0 0 3"; has "ladder: offloads eee k1"; has "step: 5"
	has "  1764500100 step=5 offloads=tso,gso eee=off speed=1000 duplex=full"
	has '$ lspci -vvv -nn -s 0000:00:1f.6'; has "Subsystem: Lenovo ThinkCentre M720q [17aa:3136]"
	for f in -i -k -g -a -c --show-eee --show-priv-flags -S -d; do
		has "\$ ethtool $f eno1"; has "fake ethtool $f eno1"
	done
	has '$ ethtool eno1'; has "Link partner advertised pause frame use: Symmetric Receive-only"
	has "rx-usecs: 3"; has "0x00000: CTRL (Device control register)"
	has "s0ix-enabled: on"; has "tx_timeout_count: 3"
	has "--- hang report 1"; has "--- hang report 2"; hasnt "--- hang report 3"
	has "next_to_watch.status <0>"; has "PHY 1000BASE-T Status  <3800>"; has "TDH                  <55>"
	hasnt "<77>"
	has "Reset adapter unexpectedly"
	check_end "report IFNAME: kernel, DMI, parameters, sysfs, lspci, ethtool (plain, -c, -d too), the hang dumps of that NIC"

	# Issue 27: versions, the modprobe.d lines, the old hooks.
	check_begin
	has "## Versions"; has "e1000e-quirks-dkms 0.2.0-1 install ok installed"; has "dkms-3.2.2"
	has "e1000e-quirks/0.2.0, 6.8.12-4-pve, x86_64: installed"; has "proxmox-ve: 9.1.0 (running kernel: 6.8.12-4-pve)"
	has "e1000e_quirks loaded: 0.1.0; installed for the running kernel:"
	has "$work/etc/modprobe.d/e1000e-quirks.conf:3:softdep e1000e pre: e1000e_quirks"
	has "$work/etc/modprobe.d/e1000e-quirks.conf:4:options e1000e_quirks mode=on-hang escalate=1"
	has "$work/etc/modprobe.d/local.conf:2:options e1000e SmartPowerDownEnable=1"
	hasnt "#options e1000e_quirks mode=monitor"; hasnt "max_vfs"
	has "$work/etc/network/interfaces:3:	post-up /sbin/ethtool -K eno1 tso off gso off"
	has "$work/etc/network/interfaces.d/vmbr0:2:	offload-tso off"; hasnt "address 192.168.1.10/24"
	check_end "report: versions (package, module, DKMS, pveversion -v), modprobe.d lines, ethtool lines of /etc/network/interfaces*"

	check_begin
	has "eno1 (0000:00:1f.6): I219-V (7), PCI ID 8086:15bc, subsystem 17aa:3136, e1000e family pch_cnp, on kernel 6.8.12-4-pve with e1000e_quirks 0.1.0 in mode on-hang, state mitigated."
	has "TX watchdog resets since the module watches it: 7; hardware unit hang reports in the kernel log: 2."
	has "Before any remedy: 2 resets."
	has "Remedies tried, in order: offloads off (1 reset under it), EEE off (1 reset under it), K1 off (3 resets under it)."
	check_end "report: the summary paragraph (model, family, kernel, remedies of the ladder and resets under each)"

	# Without a ladder file: the steps with resets and the one in force.
	check_begin
	rm -f "$S/kernel/e1000e_quirks/0000:00:1f.6/ladder"
	put "$S/kernel/e1000e_quirks/0000:00:1f.6/step" 3
	put "$S/kernel/e1000e_quirks/0000:00:1f.6/resets_at_step" "1 1 0 0"
	E1000E_QUIRKS_KLOG=$KLOG run report eno1; want_rc 0
	has "Before any remedy: 1 reset. Remedies tried, in order: offloads off (1 reset under it), flow control off (none under it)."
	hasnt "Its ladder"; hasnt "top of its ladder"
	put "$S/kernel/e1000e_quirks/0000:00:1f.6/ladder" "offloads eee k1"
	put "$S/kernel/e1000e_quirks/0000:00:1f.6/step" 5
	put "$S/kernel/e1000e_quirks/0000:00:1f.6/resets_at_step" "2 1 1 0 0 3"
	E1000E_QUIRKS_KLOG=$KLOG run report eno1
	has "Its ladder: offloads eee k1."
	has "It is at the top of its ladder and still hangs (3 resets under K1 off)"
	[ "$(printf '%s\n' "$out" | tail -n 1 | cut -c1-5)" = "eno1 " ] || bad "the summary paragraph is not last"
	check_end "report: the summary without a ladder file (skipped steps left out); at the top of the ladder, last"

	check_begin
	has "address: 52:54:00:xx:xx:xx"; hasnt "12:34:01"; hasnt "12-34-01"; has "Device Serial Number (masked)"
	has "10:00:00 HOSTNAME kernel: e1000e"; hasnt " pve "; has "6.8.12-4-pve"; has "/dev/mapper/pve-root"
	has "ip=x.x.x.x::x.x.x.x:x.x.x.x:HOSTNAME:eno1:off BOOTIF=01-52-54-00-xx-xx-xx"
	hasnt "192.168.1"; hasnt "fe12:3401"; has "IPv6 fe80::5054:ff:fexx:xxxx (test line)"
	E1000E_QUIRKS_KLOG=$KLOG run report --no-mask eno1; want_rc 0
	has "policy: mac=52:54:00:12:34:01"; has "address: 52:54:00:12:34:01"; has "10:00:00 pve kernel: e1000e"; has "52-54-00-ff-ff-12-34-01"
	has "ip=192.168.1.10::192.168.1.1:255.255.255.0:pve:eno1:off BOOTIF=01-52-54-00-12-34-01"; has "fe80::5054:ff:fe12:3401"
	hasnt "xx:xx:xx"; hasnt "HOSTNAME"; hasnt "x.x.x.x"
	check_end "report: MAC addresses (also dash-form BOOTIF= and in EUI-64 IPv6 addresses), ip= addresses and host names masked, --no-mask keeps them"

	check_begin
	f=$work/report-out/e1000e-report.txt
	rm -rf "$work/report-out"; mkdir -p "$work/report-out"
	E1000E_QUIRKS_KLOG=$KLOG run_err report --output "$f"; want_rc 0
	[ -z "$out" ] || bad "stdout with --output: $out"
	out=$(cat "$f" 2>/dev/null)
	has "## NIC eno1 (0000:00:1f.6)"; has "## NIC eno2 (0000:02:00.0)"
	has "Not matched by e1000e_quirks"; has "<77>"
	has "eno2 (0000:02:00.0, PCI ID 8086:10d3) on kernel 6.8.12-4-pve is not matched by e1000e_quirks"
	[ "$(ls -A "$work/report-out")" = e1000e-report.txt ] || bad "files left: $(ls -A "$work/report-out")"
	run report --output "$work/nosuch/r.txt"; want_rc 73
	run report nosuch0; want_rc 1; has "no such hardware interface"
	run report eno1 eno2; want_rc 64
	run report --output; want_rc 64
	check_end "report: every e1000e NIC, --output FILE (atomic), bad arguments"

	check_begin
	rm -rf "$S/module" "$S/kernel/e1000e_quirks"
	rm -f "$FAKEBIN/lspci"
	E1000E_QUIRKS_KLOG=$KLOG run_err report eno1; want_rc 0
	[ -z "$err" ] || bad "stderr: $err"
	has "e1000e_quirks: not loaded"
	# (busybox has no lspci applet: its PATH has none)
	if [ "$SH" = busybox-only ] || ! command -v lspci >/dev/null; then
		has "lspci not installed"; has "subsystem_vendor: 0x17aa"
	fi
	has "e1000e_quirks is not loaded, so no remedy is in force"
	check_end "report: module not loaded, no lspci"
	rm -rf "$FAKEBIN" "$work/proc/sys" "$work/proc/cmdline" "${work:?}/etc"
	FAKEBIN=
	unset E1000E_QUIRKS_ETC
}

# Issue 20: the metrics the alerts need: the e1000e interfaces (also with
# the module not loaded), one series per kernel without the module, the
# ladder (steps, top step) from the ladder file.
case_fleet_metrics() {
	local m=$work/modules
	new_sys
	load_module ids=8086:10d3 mode=on-hang escalate=1
	iface eth0 0000:01:00.0 8086:10d3
	iface eth1 0000:02:00.0 8086:10d3
	matched 0000:01:00.0 mode=on-hang state=mitigated step=5 "resets_at_step=1 0 0 0 0 2" \
		"ladder=offloads eee k1"
	matched 0000:02:00.0 ifname=eth1 mode=on-hang state=armed step=0 "resets_at_step=0"
	: >"$work/boot/vmlinuz-6.1.0-27-amd64"
	check_begin
	run status --prometheus; want_rc 0; prom_check
	has 'e1000e_quirks_e1000e_interface{ifname="eth0",pci="0000:01:00.0"} 1'
	has 'e1000e_quirks_e1000e_interface{ifname="eth1",pci="0000:02:00.0"} 1'
	has 'e1000e_quirks_kernel_without_module{kernel="6.1.0-27-amd64",headers="linux-headers-6.1.0-27-amd64"} 1'
	has 'e1000e_quirks_ladder_steps{ifname="eth0",pci="0000:01:00.0"} 3'
	has 'e1000e_quirks_ladder_info{ifname="eth0",pci="0000:01:00.0",ladder="offloads eee k1",top_step="5"} 1'
	has 'e1000e_quirks_ladder_steps{ifname="eth1",pci="0000:02:00.0"} 0'
	hasnt 'e1000e_quirks_ladder_info{ifname="eth1"'
	has 'e1000e_quirks_watchdog_resets_total{ifname="eth0",pci="0000:01:00.0",step="5"} 2'
	check_end "status --prometheus: e1000e interfaces, kernels without the module, the ladder"

	check_begin
	rm -f "$work/boot/vmlinuz-6.1.0-27-amd64"
	rm -rf "$S/module" "$S/kernel/e1000e_quirks"
	run status --prometheus; want_rc 2; prom_check
	has "e1000e_quirks_up 0"
	has 'e1000e_quirks_e1000e_interface{ifname="eth0",pci="0000:01:00.0"} 1'
	hasnt "e1000e_quirks_kernel_without_module{"; hasnt ladder
	check_end "status --prometheus: not loaded, the e1000e interfaces still listed"
}

# Issue 27: the tree the real module wrote (tests/cli/fixture, recorded by
# tests/cli/record-fixture.sh from a VM: eth0 mode=monitor with ladder "-"
# and one reset at step 0, eth1 escalating with ladder "offloads pause
# rings"): "-" is no ladder (ladder_steps 0, no ladder_info), nowhere a
# ladder named "-".
case_fixture() {
	new_sys
	"$here/fixture-sys.sh" "$S"
	check_begin
	run status --prometheus; want_rc 0; prom_check
	has 'e1000e_quirks_ladder_steps{ifname="eth0",pci="0000:01:00.0"} 0'
	hasnt 'e1000e_quirks_ladder_info{ifname="eth0"'; hasnt 'ladder="-"'
	has 'e1000e_quirks_ladder_steps{ifname="eth1",pci="0000:02:00.0"} 3'
	has 'e1000e_quirks_ladder_info{ifname="eth1",pci="0000:02:00.0",ladder="offloads pause rings",top_step="4"} 1'
	has 'e1000e_quirks_watchdog_resets_total{ifname="eth0",pci="0000:01:00.0",step="0"} 1'
	check_end "recorded module tree: --prometheus, ladder '-' is no ladder"

	check_begin
	run status --json; want_rc 0
	json_check '[n["ladder"] for n in j["nics"]] == [[], ["offloads", "pause", "rings"]]'
	json_check '[n["state"] for n in j["nics"]] == ["monitoring", "armed"]'
	run explain eth0; want_rc 0; has "Escalation ladder: none"
	run report eth0 --no-mask; hasnt "Its ladder: -"; hasnt "top of its ladder"
	check_end "recorded module tree: --json, explain, report"
}

# Issue 27: check-config, the module's parser (tools/check-config.c with
# src/policy.c) on a modprobe.d file, built by the command from this tree.
case_check_config() {
	new_sys
	local f=$work/eq.conf
	if [ "$SH" = busybox-only ]; then
		# as in the VM: no compiler, no assembler
		check_begin
		printf 'options e1000e_quirks mode=on-hang\n' >"$f"
		run_err check-config "$f"; want_rc 2
		grep -qF "cannot check: building" <<<"$err" || bad "no 'cannot check' without a compiler: $err"
		check_end "check-config: no compiler, exit 2"
		return
	fi
	check_begin
	printf '%s\n' '# a comment: options e1000e_quirks bogus' \
		'options e1000e_quirks mode=on-hang escalate=1 eee=off \' \
		'  nic="pci=0000:00:1f.6,eee=off;name=eno2,tx_ring=256,escalate=1"' \
		'options e1000e mode=anything' >"$f"
	run_err check-config "$f"; want_rc 0
	[ -z "$out" ] || bad "output for a good file: $out"
	check_end "check-config: a good file (continuation, quotes, another module's line)"

	check_begin
	printf '%s\n' 'options e1000e_quirks mode=on-hang eee=False escalate=True' \
		'options e1000e-quirks nic=name=eno2,tx_ring=25 bogus=1' >"$f"
	run_err check-config "$f"; want_rc 1
	has "$f:1: parameter eee: unknown value 'False' (expected keep or off)"
	has "$f:1: parameter escalate: not a boolean: 'True' (expected 0 or 1)"
	has "$f:2: parameter nic, entry 1: bad ring size '25'"
	has "$f:2: bogus: unknown parameter of e1000e_quirks"
	[ "$(printf '%s\n' "$out" | wc -l)" = 4 ] || bad "not one line per problem: $out"
	run_err check-config "$work/none.conf"; want_rc 2
	CC=/bin/false run_err check-config "$f"; want_rc 2
	grep -qF "cannot check: building" <<<"$err" || bad "no 'cannot check' without a compiler: $err"
	check_end "check-config: one line per problem, exit 1; unreadable file or no compiler exit 2"
}

# Issue 27: `load` (the package's postinst and make install run it after
# DKMS): modprobe for the running kernel, or one line saying why not; an
# older loaded module is never reloaded, and status, explain and the
# metrics show it. Fake modinfo (the installed version: $fk/installed),
# modprobe (writes the module's sysfs, or fails with $fk/modprobe.err),
# mokutil, dkms and ischroot first in PATH.
load_fakes() {
	fk=$work/fk
	FAKEBIN=$work/fakebin-load
	rm -rf "$fk" "$FAKEBIN"
	mkdir -p "$fk" "$FAKEBIN" "$work/proc/sys/kernel"
	cat >"$FAKEBIN/modinfo" <<EOS
#!/bin/sh
echo "\$*" >>"$fk/modinfo.calls"
[ -s "$fk/installed" ] || { echo "modinfo: ERROR: Module e1000e_quirks not found." >&2; exit 1; }
cat "$fk/installed"
EOS
	cat >"$FAKEBIN/modprobe" <<EOS
#!/bin/sh
echo "\$*" >>"$fk/modprobe.calls"
if [ -s "$fk/modprobe.err" ]; then cat "$fk/modprobe.err" >&2; exit 1; fi
mkdir -p "\$E1000E_QUIRKS_SYSFS/module/e1000e_quirks/parameters" "\$E1000E_QUIRKS_SYSFS/kernel/e1000e_quirks/0000:01:00.0"
cat "$fk/installed" >"\$E1000E_QUIRKS_SYSFS/module/e1000e_quirks/version"
echo applied >"\$E1000E_QUIRKS_SYSFS/kernel/e1000e_quirks/0000:01:00.0/state"
EOS
	cat >"$FAKEBIN/mokutil" <<EOS
#!/bin/sh
cat "$fk/sb-state"
EOS
	cat >"$FAKEBIN/dkms" <<EOS
#!/bin/sh
echo "e1000e-quirks/0.2.0: added"
EOS
	cat >"$FAKEBIN/ischroot" <<EOS
#!/bin/sh
[ -e "$fk/chroot" ]
EOS
	chmod 755 "$FAKEBIN"/*
	put "$work/proc/sys/kernel/osrelease" 6.8.12-4-pve
	echo 0.2.0 >"$fk/installed"
	export E1000E_QUIRKS_BIN=$FAKEBIN	# busybox sh: applets before PATH
}

# one_line: the output is exactly one line.
one_line() { [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] || bad "not one line: $out"; }
no_modprobe() { [ ! -e "$fk/modprobe.calls" ] || bad "modprobe ran: $(cat "$fk/modprobe.calls")"; }

case_load() {
	local md=$work/moddir
	load_fakes
	new_sys
	iface eth0 0000:01:00.0 8086:10d3
	rm -rf "${md:?}"/*
	check_begin
	run load; want_rc 2; one_line; no_modprobe
	has "e1000e-quirks: e1000e_quirks not loaded: not built for the running kernel 6.8.12-4-pve: no headers for it (install proxmox-headers-6.8.12-4-pve, then: dkms autoinstall -k 6.8.12-4-pve && modprobe e1000e_quirks)"
	check_end "load: not built, no headers: one line, no modprobe"

	check_begin
	mkdir -p "$md/build"
	run load; want_rc 2; one_line; no_modprobe
	has "not loaded: DKMS has not built it for the running kernel 6.8.12-4-pve (dkms status: e1000e-quirks/0.2.0: added; the build log: /var/lib/dkms/e1000e-quirks/"
	put "$work/proc/sys/kernel/osrelease" 6.0.12-amd64
	run load; want_rc 2; one_line; no_modprobe
	has "not loaded: the running kernel 6.0.12-amd64 is older than 6.1, which DKMS does not build it for"
	put "$work/proc/sys/kernel/osrelease" 6.8.12-4-pve
	check_end "load: headers but not built (dkms status), a kernel below BUILD_EXCLUSIVE_KERNEL_MIN"

	check_begin
	mkdir -p "$md/updates/dkms"
	: >"$md/updates/dkms/e1000e_quirks.ko.xz"
	: >"$fk/chroot"
	run load; want_rc 2; one_line; no_modprobe
	has "e1000e_quirks not loaded: running in a chroot; it loads when the system boots"
	rm -f "$fk/chroot"
	check_end "load: built, in a chroot: not loaded, said so"

	check_begin
	echo "modprobe: ERROR: could not insert 'e1000e_quirks': Key was rejected by service" >"$fk/modprobe.err"
	echo "SecureBoot enabled" >"$fk/sb-state"
	run load; want_rc 2; one_line
	has "e1000e_quirks not loaded: Secure Boot refused the key it is signed with (SecureBoot enabled; ERROR: could not insert 'e1000e_quirks': Key was rejected by service): enrol it with 'mokutil --import /var/lib/dkms/mok.pub'"
	echo "modprobe: ERROR: could not insert 'e1000e_quirks': Invalid argument" >"$fk/modprobe.err"
	run load; want_rc 2; one_line
	has "e1000e_quirks not loaded: modprobe e1000e_quirks failed: ERROR: could not insert 'e1000e_quirks': Invalid argument (see 'dmesg | grep e1000e_quirks')"
	[ -d "$S/module/e1000e_quirks" ] && bad "module dir after a failed modprobe"
	rm -f "$fk/modprobe.err" "$fk/modprobe.calls"
	check_end "load: Secure Boot refused the key (mokutil --sb-state), another modprobe error"

	check_begin
	run load; want_rc 0; one_line
	has "e1000e-quirks: e1000e_quirks 0.2.0 loaded for kernel 6.8.12-4-pve: it has applied its plan to 1 matched NIC(s) ('e1000e-quirks status')"
	[ "$(cat "$fk/modprobe.calls" 2>/dev/null)" = e1000e_quirks ] || bad "modprobe calls: $(cat "$fk/modprobe.calls" 2>/dev/null)"
	rm -f "$fk/modprobe.calls"
	run load; want_rc 0; one_line; no_modprobe
	has "e1000e_quirks 0.2.0 is already loaded (kernel 6.8.12-4-pve)"
	check_end "load: modprobe, then already loaded: not again"

	# An upgrade: 0.1.0 loaded, 0.2.0 installed.
	new_sys
	load_module ids=8086:10d3
	iface eth0 0000:01:00.0 8086:10d3
	matched 0000:01:00.0
	check_begin
	run load; want_rc 1; one_line; no_modprobe
	has "e1000e-quirks: e1000e_quirks 0.1.0 stays loaded, 0.2.0 is installed: not reloaded (the offloads would be on from the unload until the new module applies them); switch with 'modprobe -r e1000e_quirks && modprobe e1000e_quirks', or reboot"
	check_end "load: an older module loaded: not reloaded, the command that switches"

	check_begin
	run status; want_rc 0
	has "Note: e1000e_quirks 0.1.0 is loaded, 0.2.0 is installed (upgraded since it was loaded): the NICs follow 0.1.0."
	has "Switch with 'modprobe -r e1000e_quirks && modprobe e1000e_quirks'"
	run status --json; want_rc 0
	json_check 'j["module"]["version"] == "0.1.0" and j["module"]["installed_version"] == "0.2.0" and j["module"]["outdated"] is True'
	run status --prometheus; want_rc 0; prom_check
	has 'e1000e_quirks_version_info{loaded="0.1.0",installed="0.2.0"} 1'
	has 'e1000e_quirks_module_outdated 1'
	run explain eth0; want_rc 0
	has "Module: e1000e_quirks 0.1.0 loaded; 0.2.0 is installed (upgraded since it was loaded): switch with 'modprobe -r e1000e_quirks && modprobe e1000e_quirks'"
	check_end "status, --json, --prometheus, explain: the loaded module older than the installed one"

	check_begin
	echo 0.1.0 >"$fk/installed"
	run status; want_rc 0; hasnt "Note:"
	run status --prometheus; want_rc 0; prom_check
	has 'e1000e_quirks_version_info{loaded="0.1.0",installed="0.1.0"} 1'
	has 'e1000e_quirks_module_outdated 0'
	run explain eth0; has "Module: e1000e_quirks 0.1.0 loaded."
	rm -rf "$S/module" "$S/kernel/e1000e_quirks"
	run status --prometheus; want_rc 2; prom_check
	has 'e1000e_quirks_version_info{loaded="",installed="0.1.0"} 1'
	has 'e1000e_quirks_module_outdated 0'
	run status --json; want_rc 2
	json_check 'j["module"]["installed_version"] == "0.1.0" and j["module"]["outdated"] is False'
	: >"$fk/installed"
	run status --json; want_rc 2
	json_check 'j["module"]["installed_version"] is None'
	check_end "status: the same version loaded and installed; not loaded; none installed"
	rm -rf "$FAKEBIN" "$work/proc/sys" "${md:?}"/*
	FAKEBIN=
	unset E1000E_QUIRKS_BIN
}

# Issue 27: evidence that survives the reboot. A fake journalctl (first
# in PATH and E1000E_QUIRKS_BIN; the command never runs the host's in the
# tests): --list-boots from $jd/list, -k -b N from $jd/boot<N>. Boot -2:
# module 0.1.0, eno1 hangs twice and escalates to step 2; boot -1: eno1
# hangs 3 times, the module takes step 3, the boot ends there (power
# cycle); boot 0: the module turns the offloads off, no hang.
journal_fixture() {
	jd=$work/journal
	FAKEBIN=$work/fakebin-journal
	rm -rf "$jd" "$FAKEBIN"
	mkdir -p "$jd" "$FAKEBIN" "$work/proc/sys/kernel/random"
	cat >"$FAKEBIN/journalctl" <<EOS
#!/bin/sh
echo "\$*" >>"$jd/calls"
case " \$* " in
*" --list-boots "*) cat "$jd/list" ;;
*) b=
   while [ \$# -gt 0 ]; do [ "\$1" = -b ] && b=\$2; shift; done
   cat "$jd/boot\$b" 2>/dev/null ;;
esac
EOS
	chmod 755 "$FAKEBIN/journalctl"
	export E1000E_QUIRKS_BIN=$FAKEBIN
	cat >"$jd/list" <<'EOS'
IDX BOOT ID                          FIRST ENTRY                 LAST ENTRY
 -2 3b2ca0a8ef6c4b1e9fd6a1c0c1f0aa02 Mon 2026-11-30 08:00:01 UTC Mon 2026-11-30 20:10:07 UTC
 -1 7f1e55d0a4e84e3b8c1b0e6f2d9dbb01 Tue 2026-12-01 08:00:02 UTC Tue 2026-12-01 09:12:44 UTC
  0 c0ffee00c0ffee00c0ffee00c0ffee00 Wed 2026-12-02 10:00:03 UTC Wed 2026-12-02 11:00:00 UTC
EOS
	cat >"$jd/boot-2" <<'EOS'
[    2.000000] pve kernel: e1000e_quirks: version 0.1.0 loaded
[    3.000000] pve kernel: e1000e 0000:00:1f.6 eth0: (PCI Express:2.5GT/s:Width x1) 52:54:00:12:34:01
[    3.100000] pve kernel: e1000e 0000:00:1f.6 eno1: renamed from eth0
[    3.200000] pve kernel: e1000e 0000:02:00.0 eno2: renamed from eth1
[  100.000000] pve kernel: e1000e 0000:00:1f.6 eno1: Detected Hardware Unit Hang:
[  100.000000] pve kernel:   TDH                  <2a>
[  100.000000] pve kernel: PCI Status             <10>
[  101.500000] pve kernel: e1000e 0000:00:1f.6 eno1: Reset adapter unexpectedly
[  101.600000] pve kernel: e1000e_quirks: eno1 (0000:00:1f.6, I219-V (7)): 1 TX watchdog reset at step 0; taking step 1: offloads off
[  200.000000] pve kernel: e1000e 0000:00:1f.6 eno1: Detected Hardware Unit Hang:
[  200.000000] pve kernel:   TDH                  <2b>
[  201.500000] pve kernel: e1000e 0000:00:1f.6 eno1: Reset adapter unexpectedly
[  201.600000] pve kernel: e1000e_quirks: eno1 (0000:00:1f.6, I219-V (7)): 1 TX watchdog reset at step 1; taking step 2: EEE off
EOS
	cat >"$jd/boot-1" <<'EOS'
[    2.000000] pve kernel: e1000e_quirks: version 0.1.0 loaded
[    3.100000] pve kernel: e1000e 0000:00:1f.6 eno1: renamed from eth0
[    3.200000] pve kernel: e1000e 0000:02:00.0 eno2: renamed from eth1
[    3.300000] pve kernel: e1000e_quirks: eno1 (0000:00:1f.6, I219-V (7)): turned off tso gso sg tx
EOS
	for n in 1 2 3; do
		cat >>"$jd/boot-1" <<EOS
[  $n.000000] pve kernel: e1000e 0000:00:1f.6 eno1: Detected Hardware Unit Hang:
[  $n.000000] pve kernel:   TDH                  <5$n>
[  $n.000000] pve kernel: PCI Status             <10>
[  $n.500000] pve kernel: e1000e 0000:00:1f.6 eno1: Reset adapter unexpectedly
EOS
	done
	echo "[ 4000.000000] pve kernel: e1000e_quirks: eno1 (0000:00:1f.6, I219-V (7)): 2 TX watchdog resets at step 2; taking step 3: flow control off" >>"$jd/boot-1"
	cat >"$jd/boot0" <<'EOS'
[    2.000000] pve kernel: e1000e_quirks: version 0.2.0 loaded
[    3.100000] pve kernel: e1000e 0000:00:1f.6 eno1: renamed from eth0
[    3.300000] pve kernel: e1000e_quirks: eno1 (0000:00:1f.6, I219-V (7)): turned off tso gso sg tx
EOS
	echo c0ffee00-c0ff-ee00-c0ff-ee00c0ffee00 >"$work/proc/sys/kernel/random/boot_id"
}

case_history() {
	local st=$work/state
	journal_fixture
	new_sys
	load_module ids=8086:10d3
	iface eno1 0000:00:1f.6 8086:15bc e1000e 52:54:00:12:34:01
	matched 0000:00:1f.6 ifname=eno1
	check_begin
	run_err history; want_rc 0
	[ -z "$err" ] || bad "stderr: $err"
	out=$(tr -s ' ' <<<"$out")
	has "BOOT STARTED LAST-ENTRY MODULE IFACE PCI HANGS RESETS STEP"
	has "-2 Mon 2026-11-30 08:00:01 UTC Mon 2026-11-30 20:10:07 UTC 0.1.0 eno1 0000:00:1f.6 2 2 2 (EEE off)"
	has "-2 Mon 2026-11-30 08:00:01 UTC Mon 2026-11-30 20:10:07 UTC 0.1.0 eno2 0000:02:00.0 0 0 -"
	has "-1 Tue 2026-12-01 08:00:02 UTC Tue 2026-12-01 09:12:44 UTC 0.1.0 eno1 0000:00:1f.6 3 3 3 (flow control off)"
	has "0 Wed 2026-12-02 10:00:03 UTC (running) 0.2.0 eno1 0000:00:1f.6 0 0 1 (offloads off)"
	hasnt "holds no earlier boot"
	check_end "history: per boot and NIC, hangs, resets, the step in force, from the journal"

	check_begin
	run history --boots 2; want_rc 0
	hasnt "2026-11-30"; has "2026-12-01"; has "2026-12-02"
	run history --boots 0; want_rc 64
	run history --boots x; want_rc 64
	printf '%s\n' "IDX BOOT ID FIRST ENTRY LAST ENTRY" \
		"  0 c0ffee00c0ffee00c0ffee00c0ffee00 Wed 2026-12-02 10:00:03 UTC Wed 2026-12-02 11:00:00 UTC" >"$jd/list.1"
	cp "$jd/list" "$jd/list.3"; cp "$jd/list.1" "$jd/list"
	run history; want_rc 0
	has "The journal holds no earlier boot: it is not persistent"
	cp "$jd/list.3" "$jd/list"
	check_end "history --boots N; a journal with this boot only says it is not persistent"

	check_begin
	run status --prometheus; want_rc 0; prom_check
	has 'e1000e_quirks_previous_boot_in_journal 1'
	has 'e1000e_quirks_previous_boot_watchdog_resets{ifname="eno1",pci="0000:00:1f.6"} 3'
	has 'e1000e_quirks_previous_boot_hangs{ifname="eno1",pci="0000:00:1f.6"} 3'
	has 'e1000e_quirks_previous_boot_step{ifname="eno1",pci="0000:00:1f.6"} 3'
	has 'e1000e_quirks_previous_boot_watchdog_resets{ifname="eno2",pci="0000:02:00.0"} 0'
	run status; hasnt previous_boot
	check_end "status --prometheus: the previous boot's resets, hangs and step per NIC"

	# Kept per boot in the state folder: the journal is read once per boot.
	check_begin
	rm -rf "$st"; mkdir -p "$st"
	export E1000E_QUIRKS_STATE=$st
	run status --prometheus; want_rc 0
	[ "$(head -n 1 "$st/previous-boot" 2>/dev/null)" = "boot c0ffee00-c0ff-ee00-c0ff-ee00c0ffee00" ] ||
		bad "state file: $(head -n 2 "$st/previous-boot" 2>&1)"
	rm -f "$jd/calls"
	run status --prometheus; want_rc 0
	has 'e1000e_quirks_previous_boot_watchdog_resets{ifname="eno1",pci="0000:00:1f.6"} 3'
	[ ! -e "$jd/calls" ] || bad "the journal read again in the same boot: $(cat "$jd/calls")"
	echo 0badb00t-0000-0000-0000-000000000000 >"$work/proc/sys/kernel/random/boot_id"
	cp "$jd/boot-2" "$jd/boot-1"
	run status --prometheus; want_rc 0
	has 'e1000e_quirks_previous_boot_watchdog_resets{ifname="eno1",pci="0000:00:1f.6"} 2'
	[ -e "$jd/calls" ] || bad "the journal not read in a new boot"
	[ -z "$(find "$st" -name '*.[0-9]*')" ] || bad "temporary files left: $(ls -A "$st")"
	rm -rf "$S/module" "$S/kernel/e1000e_quirks"
	run status --prometheus; want_rc 2; prom_check
	has 'e1000e_quirks_previous_boot_watchdog_resets{ifname="eno1",pci="0000:00:1f.6"} 2'
	unset E1000E_QUIRKS_STATE
	rm -f "$jd/list"
	run status --prometheus; want_rc 2; prom_check
	has 'e1000e_quirks_previous_boot_in_journal 0'; hasnt 'previous_boot_watchdog_resets'
	check_end "status --prometheus: the previous boot kept in the state folder per boot, read again in a new boot; also not loaded; no journal"
	journal_fixture
	load_module ids=8086:10d3
	matched 0000:00:1f.6 ifname=eno1

	check_begin
	run_err report eno1 --no-mask; want_rc 0
	[ -z "$err" ] || bad "stderr: $err"
	has "## Boot history (the last 4 boots, from the journal)"
	has "## Previous boot -1: 7f1e55d0a4e84e3b8c1b0e6f2d9dbb01, Tue 2026-12-01 08:00:02 UTC to Tue 2026-12-01 09:12:44 UTC"
	has "## Previous boot -2: 3b2ca0a8ef6c4b1e9fd6a1c0c1f0aa02"
	has "### e1000e hardware unit hangs of 0000:00:1f.6 (eno1) in boot -1"
	has "--- hang report 3"; has "TDH                  <53>"
	has "e1000e_quirks: eno1 (0000:00:1f.6, I219-V (7)): 2 TX watchdog resets at step 2; taking step 3: flow control off"
	has "e1000e_quirks: version 0.1.0 loaded"
	run report eno1 --no-mask --boots 1; want_rc 0
	has "## Previous boot -1"; hasnt "## Previous boot -2"
	run report --boots; want_rc 64
	check_end "report: the boot history, and per previous boot its hang dumps and module lines (--boots N)"
	rm -rf "$FAKEBIN" "$work/proc/sys"
	FAKEBIN=
	unset E1000E_QUIRKS_BIN
}

case_misc() {
	new_sys
	check_begin
	run --version; want_rc 0; has "e1000e-quirks $version"
	check_end "--version"
	check_begin
	run --help; want_rc 0; has "status --prometheus"; has "explain IFNAME"
	check_end "--help"
	check_begin
	run frobnicate; want_rc 64
	run status --xml; want_rc 64
	run; want_rc 64
	check_end "usage errors exit 64"
}

# nic= subsys= and 4-part ids=: the subsystem (board model) shown by
# explain, the JSON and the Prometheus info metric, and taken into account
# when explain judges the entries and ids= of a NIC.
case_subsys() {
	local p=$S
	new_sys
	p=$S/devices/pci0000:00
	load_module ids=8086:10d3:17aa:2247 \
		"nic=name=eth0,eee=off;subsys=17aa:2247,k1=off;subsys=17aa:2248,tx_ring=512;subsys=1028:07a1,rx_ring=512"
	iface eth0 0000:01:00.0 8086:10d3
	iface eth1 0000:02:00.0 8086:10d3 e1000e 52:54:00:12:34:02
	iface eth2 0000:03:00.0 8086:10d3 e1000e 52:54:00:12:34:03
	iface eth3 0000:04:00.0 8086:10d4 e1000e 52:54:00:12:34:04
	put "$p/0000:01:00.0/subsystem_vendor" 0x17aa
	put "$p/0000:01:00.0/subsystem_device" 0x2247
	put "$p/0000:02:00.0/subsystem_vendor" 0x17aa
	put "$p/0000:02:00.0/subsystem_device" 0x2249
	put "$p/0000:03:00.0/subsystem_vendor" 0x1028
	put "$p/0000:03:00.0/subsystem_device" 0x07a1
	put "$p/0000:04:00.0/subsystem_vendor" 0x17aa
	put "$p/0000:04:00.0/subsystem_device" 0x2248
	matched 0000:01:00.0 subsys=17aa:2247 policy=subsys=17aa:2247 k1=off k1_orig=on
	check_begin
	run status --json; want_rc 0
	json_check 'j["nics"][0]["subsys"] == "17aa:2247" and j["nics"][0]["pci_id"] == "8086:10d3"'
	json_check 'list(j["nics"][0]).index("subsys") == list(j["nics"][0]).index("pci_id") + 1'
	run status --prometheus; want_rc 0; prom_check
	has 'pci_id="8086:10d3",subsys="17aa:2247",model="unknown"'
	check_end "status --json, --prometheus: subsys"

	check_begin
	run explain eth0; want_rc 0
	has "eth0: PCI 0000:01:00.0, ID 8086:10d3, driver e1000e, MAC 52:54:00:12:34:01, subsystem 17aa:2247"
	has "Matched: yes, by ids= (8086:10d3 with subsystem 17aa:2247 is listed in ids=8086:10d3:17aa:2247)."
	has "nic= entry 'subsys=17aa:2247,k1=off'"
	has "2 entries match this NIC; the most specific wins: pci= over mac= over subsys= over name=."
	check_end "explain: matched by 4-part ids=, subsys= entry in force"

	check_begin
	run explain eth1; want_rc 1; has "Matched: no"
	has "subsystem 17aa:2249"
	has "8086:10d3 (subsystem 17aa:2249) is not in the built-in table"
	has "no nic= entry names it by pci=, mac= or subsys="
	hasnt "nic= entries for this NIC"
	check_end "explain: another subdevice: not in the 4-part ids=, no subsys= entry"

	check_begin
	run explain eth2; want_rc 1; has "Matched: no"
	has "  subsys=1028:07a1,rx_ring=512"
	has "its nic= entry subsys=1028:07a1,rx_ring=512 names it, so it should be matched"
	check_end "explain: a subsys= entry names it, no directory"

	check_begin
	put "$S/module/e1000e_quirks/parameters/ids" 8086:10d3:17aa:2248
	run explain eth3; want_rc 1
	has "ID 8086:10d4, driver e1000e, MAC 52:54:00:12:34:04, subsystem 17aa:2248"
	has "  subsys=17aa:2248,tx_ring=512"
	has "should be matched"
	check_end "explain: subsys= entry for another device ID, 4-part ids= of another ID"

	# An older module: no subsys file, no subsys in the JSON or the metric.
	check_begin
	rm "$S/kernel/e1000e_quirks/0000:01:00.0/subsys"
	run status --json; want_rc 0
	json_check '"subsys" not in j["nics"][0]'
	run status --prometheus; want_rc 0; prom_check; hasnt ',subsys="'
	check_end "status: a module without the subsys file"
}

# explain's offload cost line: the command with the table make bench's
# writer puts in it from tests/unit/offload-fixture.tsv (a copy).
case_offload_cost() {
	local c=$cli
	new_sys
	load_module ids=8086:10d3
	iface eth0 0000:01:00.0 8086:10d3
	iface eth1 0000:02:00.0 8086:10d3
	iface eth2 0000:03:00.0 8086:10d3
	matched 0000:01:00.0 "features_off=tso gso sg tx"
	matched 0000:02:00.0 ifname=eth1 mode=on-hang state=armed features_cleared= features_off=
	matched 0000:03:00.0 ifname=eth2 "features_cleared=tso rx" "features_off=rx tso"
	cp "$cli" "$work/cli-cost"
	cp "$root/README.md" "$work/README-cost"
	check_begin
	README=$work/README-cost CLI=$work/cli-cost "$root/tests/vm/bench-readme.sh" --offload \
		"$root/tests/unit/offload-fixture.tsv" >/dev/null 2>&1 || bad "bench-readme.sh --offload failed"
	cli=$work/cli-cost
	run explain eth0; want_rc 0
	has "Offload cost with gso sg tso tx off: 16.2% of one core to send and receive 1 Gbit/s (both ends' stacks), 2.60x all on (6.2%); 3.20 Gbit/s on veth."
	has "Measured on veth between two namespaces, not on this NIC: 2026-12-03 13:00 UTC, Test CPU, 2 CPUs (virtual, KVM), kernel 6.1.0-57-amd64"
	check_end "explain: the cost of the NIC's offload set, measured"
	check_begin
	run explain eth1; want_rc 0
	has "Offload cost with every offload on: 6.2% of one core"
	check_end "explain: the cost with every offload on (on-hang, armed)"
	check_begin
	run explain eth2; want_rc 0
	has "Offload cost: not measured for this set (with rx tso off)"
	hasnt "% of one core"
	check_end "explain: a set not measured"
	cli=$c
}

CASES=${CASES:-not_loaded nothing_matched matched bad_states matrix features_off escalation utf8 write kernels escaping not_handled watch report fleet_metrics fixture check_config subsys misc offload_cost load history}
for SH in $SHELLS; do
	for c in $CASES; do
		"case_$c"
	done
done
# Issue 9 items 10 and 12: scripts/install.sh, once (not per shell), only
# for the source tree's command.
if [ -z "${1:-}" ]; then
	SH=bash
	check_begin
	d=$work/destdir
	out=$(DESTDIR=$d "$root/scripts/install.sh" tools 2>&1) || bad "install.sh tools failed"
	run_installed() { out=$("$d/usr/local/sbin/e1000e-quirks" "$@" 2>&1); }
	run_installed --version; has "e1000e-quirks $version"; hasnt unknown
	for u in e1000e-quirks-textfile.service e1000e-quirks-textfile.timer; do
		[ -f "$d/usr/local/lib/systemd/system/$u" ] || bad "no $u"
	done
	grep -qx "ExecStart=/usr/local/sbin/e1000e-quirks status --prometheus --write /var/lib/prometheus/node-exporter/e1000e_quirks.prom" \
		"$d/usr/local/lib/systemd/system/e1000e-quirks-textfile.service" || bad "ExecStart not /usr/local/sbin"
	[ -z "$(find "$d" -name '*.wants')" ] || bad "enabled: $(find "$d" -name '*.wants')"
	[ -f "$d/usr/local/share/man/man8/e1000e-quirks.8" ] || bad "no man page"
	check_end "make install (install.sh tools, DESTDIR): --version substituted, units installed disabled"

	check_begin
	for kv in 6.8.12-4-pve=proxmox-default-headers 6.14.8-2-pve=proxmox-default-headers \
		  6.1.0-26-amd64=linux-headers-amd64 6.1.0-26-rt-amd64=linux-headers-rt-amd64 \
		  6.12.48+deb13-amd64=linux-headers-amd64 6.12.48+deb13-cloud-amd64=linux-headers-cloud-amd64; do
		out=$(KERNELRELEASE=${kv%%=*} "$root/scripts/install.sh" headers-meta 2>&1)
		[ "$out" = "${kv#*=}" ] || bad "${kv%%=*}: '$out', want ${kv#*=}"
	done
	grep -q '^	ensure_future_headers$' "$root/scripts/install.sh" || bad "install does not call ensure_future_headers"
	check_end "make install: the headers package for future kernels (Proxmox VE, Debian flavours)"

	# Issue 27: the postinst and make install load through `load` (case
	# load), after DKMS, and never unload a loaded module by themselves.
	check_begin
	f=$root/debian/e1000e-quirks-dkms.postinst
	awk '/^#DEBHELPER#$/ { d = 1 } d && /^\t\/usr\/sbin\/e1000e-quirks load \|\| true$/ { l = 1 } END { exit !l }' "$f" ||
		bad "the postinst does not run '/usr/sbin/e1000e-quirks load || true' after #DEBHELPER#"
	! grep -v '^[[:space:]]*#' "$f" | grep -q modprobe || bad "the postinst runs modprobe itself"
	# shellcheck disable=SC2016 # install.sh's own words
	grep -q '^	"$prefix/sbin/e1000e-quirks" load || true$' "$root/scripts/install.sh" || bad "install.sh does not load through 'e1000e-quirks load'"
	# shellcheck disable=SC2016 # install.sh's own words
	[ "$(grep -c 'modprobe -r "$module"' "$root/scripts/install.sh")" = 2 ] || bad "modprobe -r in install.sh beyond uninstall and RELOAD=1"
	check_end "postinst and make install: load through 'e1000e-quirks load' after DKMS, no reload"

	# Issue 27: every example of the shipped modprobe.d file, uncommented,
	# passes the module's own parser (check-config), and the comments name
	# today's keys and the precedence.
	check_begin
	f=$root/debian/e1000e-quirks-dkms.e1000e-quirks.modprobe
	sed -n 's/^#\(options e1000e_quirks .*\)/\1/p' "$f" >"$work/examples.conf"
	[ "$(grep -c . "$work/examples.conf")" -ge 15 ] || bad "only $(grep -c . "$work/examples.conf") examples"
	out=$("$cli" check-config "$work/examples.conf" 2>&1) || bad "check-config refuses an example: $out"
	for w in 'ids=8086:15bc:17aa:2247' 'nic="subsys=' 'k1=off' 'escalate=1' 'rx_usecs=' 'hang_threshold='; do
		grep -q "^#options e1000e_quirks.*$w" "$f" || bad "no example with $w"
	done
	grep -q 'pci= over mac= over subsys= over name=' "$f" || bad "the precedence is not described"
	check_end "modprobe.d file: every example passes check-config; subsys=, k1, escalate, 4-part ids=, rx_usecs and the precedence described"
fi

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
