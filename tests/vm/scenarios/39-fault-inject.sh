#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 39-fault-inject: every step that touches a device or allocates is made to
# fail in turn, with the module's own fault injection (src/fault.c, built in
# by vm.py with EQ_FAULT_INJECT=1: a fault_attr under
# /sys/kernel/debug/e1000e_quirks/fault, "function" names the step; no
# kprobe, so lockdep stays on); then FAILSLAB, filtered to stacks through
# the module, fails every allocation of ours.
# For each device step, on a NIC whose plan uses it (real e1000e: offloads,
# flow control, rings; the stand-in: EEE, K1), error -5 (EIO):
#  - the NIC's state is error and last_error names the step and "error -5";
#  - rmmod with the fault gone restores exactly what had changed:
#    `ethtool -k/-g/-a` (and --show-eee) as before the load, and no
#    "restored" line for the step that failed;
#  - with the fault still there, a parameter write is another pass that
#    fails the same way (logged again, state error); an open of the
#    interface (the PRE_UP pass, synchronous) and its carrier change are
#    passes that fail the same way too, but not logged again (once per
#    distinct error); with the fault gone, the next one recovers: state
#    applied, last_error empty, everything applied;
#  - a fault during restore: rmmod with the fault in place succeeds, no
#    crash (vm.py), the log names the step that failed and, in one line
#    each, every value left unrestored ("left tx ring at 512: error -5",
#    "left flow control off: error -5", "left tso ... off: error -5");
#    ethtool shows each value left still at the module's and every other
#    one restored; the next load recovers the NIC exactly (state applied,
#    last_error empty, the whole plan on the device, by ethtool) and its
#    unload restores what that load found (the failed restore's values).
#    (A driver reload then gives the defaults back for the next step: a
#    setup step, not a judge, as the reload resets the device.)
# The allocation at NETDEV_REGISTER (eq_nic_alloc) failing leaves the NIC
# untracked (no directory, "not managed yet" logged); its next event (ip link
# set up) tracks and applies it, and "managed after an earlier allocation
# failure" is logged for that NIC, and for the other NIC only at its own. The sysfs directory failing to appear
# (eq_sysfs_add) is retried by the next pass.
# Under DEBUG_KOBJECT_RELEASE: rmmod right after unbinding a NIC, then 5 s
# for the delayed kobject releases to run.
# FAILSLAB: with every slab allocation from a stack through e1000e_quirks
# failing, re-registering the NICs and writing parameters neither crashes nor
# leaks (vm.py scans for splats; check-debug for kmemleak reports); once it
# stops, a NIC event brings both NICs to applied.
# Lockdep stays on throughout: vm.py checks debug_locks at the VM's end.
# kernels: debug rt-debug
# timeout: 1200
# shellcheck source=tests/vm/lib.sh disable=SC2317,SC2119 # (helpers called via poll_until; standin_load without parameters)
. /lib.sh

FF=/sys/kernel/debug/e1000e_quirks/fault
FS=/sys/kernel/debug/failslab
grep -q ' /sys/kernel/debug ' /proc/mounts ||
	mount -t debugfs debugfs /sys/kernel/debug || fail "cannot mount debugfs"

# inject FUNC: make step FUNC fail on every call (its hook's error: -EIO for
# the device steps, NULL for eq_nic_alloc, -ENOMEM for eq_sysfs_add). The
# directory is the loaded module's.
inject() {
	[ -d "$FF" ] || { log "no $FF (module built without EQ_FAULT_INJECT=1?)"; return 1; }
	echo 100 >"$FF/probability" &&
	echo 1 >"$FF/interval" &&
	echo -1 >"$FF/times" &&
	echo 1 >"$FF/verbose" &&
	echo "$1" >"$FF/function"
}

uninject() {
	[ ! -e "$FF/function" ] || echo >"$FF/function"
}

# A name that is not a step is refused (a typo here would test nothing).
load_quirks "ids=$EMU_ID" || fail "insmod failed"
! inject eq_no_such_step 2>/dev/null || fail "$FF/function took an unknown step"
uninject
unload_quirks || fail "rmmod failed"

pause_of() {
	ethtool -a "$1" | sed -n 's/^\(Autonegotiate\|RX\|TX\):[[:space:]]*//p' |
		tr '\n' /
}

ring_cur() {
	ethtool -g "$1" | sed -n "/^Current hardware settings:/,\$ s/^$2:[[:space:]]*//p"
}

error_is() {	# error_is PCI TEXT: state error, last_error has TEXT
	state_is "$1" error &&
		sysfs_nic "$1" last_error | grep -qF "$2"
}

P1=$(nic_pci 1)
P2=$(nic_pci 2)
IF1=$(nic_if 1)
k0=$(ethtool -k "$IF1")
g0=$(ethtool -g "$IF1")
a0=$(ethtool -a "$IF1")
expect "$IF1 TX ring before" "$(ring_cur "$IF1" TX)" 256
tso0=$(feat "$IF1" tcp-segmentation-offload)
pause0=$(pause_of "$IF1")

# The stand-in's EEE and K1 as the real ethtool shows them.
eee_status() {	# enabled | disabled
	ethtool --show-eee "$1" | sed -n 's/^[[:space:]]*EEE status: \([a-z]*\).*/\1/p'
}
disable_k1() {	# on | off: the disable-k1 private flag
	ethtool --show-priv-flags "$1" | sed -n 's/^disable-k1[[:space:]]*: *//p'
}

# fault_load FUNC TEXT PARAM...: load with mode=monitor (changes nothing;
# global mode=off would unmatch the NIC) and PARAMs, make FUNC
# fail, switch to mode=always: returns once state is error and last_error
# has "TEXT: error -5"; the fault is still there then.
fault_load() {
	_f=$1 _t=$2
	shift 2
	load_quirks "ids=$EMU_ID" mode=monitor "$@" || fail "$_f: insmod failed"
	wait_state "$P1" monitoring || fail "$_f: state $(sysfs_nic "$P1" state), want monitoring"
	inject "$_f" || fail "cannot inject $_f"
	echo always >"$QUIRKS_PARAMS/mode" || { uninject; fail "mode write failed"; }
	poll_until 15 error_is "$P1" "$_t: error -5" ||
		{ uninject; fail "$_f: state $(sysfs_nic "$P1" state), last_error '$(sysfs_nic "$P1" last_error)', want '$_t: error -5'"; }
}

_failed_again() {	# _failed_again TEXT: a new pass logged TEXT: error -5
	dmesg_since | grep -qF "$1: error -5" && state_is "$P1" error
}

# restore_fault FUNC TEXT LEFT: FUNC failing during rmmod's restore; the
# module goes, the log names TEXT, nothing crashes (vm.py). LEFT: the
# values left unrestored, '|'-separated EREs of their "left" lines, each
# line ending in ": error -5".
restore_fault() {
	inject "$1" || fail "cannot inject $1"
	dmesg_mark
	unload_quirks || fail "$1: rmmod with the fault in place failed"
	! quirks_loaded || fail "$1: module still loaded"
	dmesg_since | grep 'e1000e_quirks' | grep -qF "$2: error -5" ||
		fail "$1: rmmod did not name what it could not restore: $(dmesg_since | grep e1000e_quirks | tr '\n' ';')"
	_rf_left=$3
	while [ -n "$_rf_left" ]; do
		_rf_one=${_rf_left%%|*}
		case $_rf_left in
		*'|'*) _rf_left=${_rf_left#*|} ;;
		*) _rf_left= ;;
		esac
		dmesg_since | grep 'e1000e_quirks' | grep -qE ": $_rf_one: error -5\$" ||
			fail "$1: no line '$_rf_one: error -5' for a value left: $(dmesg_since | grep e1000e_quirks | tr '\n' ';')"
	done
}

_not_logged() {	# _not_logged TEXT: no "TEXT: error -5" line since the mark
	! dmesg_since | grep -qF "$1: error -5"
}

# check_real FUNC TEXT RESTORED LEFT: on the real e1000e with a plan that
# uses offloads, flow control and rings. RESTORED: what the unload may
# restore (an extended grep of the "restored" log lines that must not
# appear). LEFT: what the unload with the fault in place leaves
# (restore_fault).
check_real() {
	_f=$1 _t=$2 _not=$3 _left=$4
	# Round 1: fault, error, fault gone, rmmod: exactly what changed back.
	fault_load "$_f" "$_t" tx_ring=512 pause=off
	uninject
	dmesg_mark
	unload_quirks || fail "$_f: rmmod failed"
	if dmesg_since | grep 'e1000e_quirks' | grep -E "restored.*($_not)"; then
		fail "$_f: restored what never changed: $(dmesg_since | grep restored | tr '\n' ';')"
	fi
	expect_same "$_f: ethtool -k after rmmod" "$k0" "$(ethtool -k "$IF1")"
	expect_same "$_f: ethtool -g after rmmod" "$g0" "$(ethtool -g "$IF1")"
	expect_same "$_f: ethtool -a after rmmod" "$a0" "$(ethtool -a "$IF1")"

	# Round 2: fault, error; a pass with the fault still there fails
	# again; fault gone, a parameter write recovers.
	fault_load "$_f" "$_t" tx_ring=512 pause=off
	dmesg_mark
	echo 512 >"$QUIRKS_PARAMS/tx_ring" || { uninject; fail "tx_ring write failed"; }
	poll_until 15 _failed_again "$_t" ||
		{ uninject; fail "$_f: no second failing pass with the fault still there (state $(sysfs_nic "$P1" state))"; }
	# The same error at the passes of an open (PRE_UP runs inside
	# `ip link set up`) and of its carrier change: not logged again.
	dmesg_mark
	ip link set "$IF1" up || { uninject; fail "$_f: ip link set up failed"; }
	# the window starts at the carrier change it watches, not before it
	poll_until 20 link_up "$IF1" || { uninject; fail "$_f: no carrier after ip link set up"; }
	stays_for 3 _not_logged "$_t" ||
		{ ip link set "$IF1" down; uninject; fail "$_f: the same error logged again at the next passes: $(dmesg_since | grep e1000e_quirks | tr '\n' ';')"; }
	ip link set "$IF1" down
	state_is "$P1" error || { uninject; fail "$_f: state $(sysfs_nic "$P1" state) after the open, want error"; }
	uninject
	echo 512 >"$QUIRKS_PARAMS/tx_ring" || fail "tx_ring write failed"
	wait_state "$P1" applied ||
		fail "$_f: after the fault, state $(sysfs_nic "$P1" state) ($(sysfs_nic "$P1" last_error)), want applied"
	expect "$_f: last_error after recovery" "$(sysfs_nic "$P1" last_error)" ""
	expect "$_f: tso after recovery" "$(feat "$IF1" tcp-segmentation-offload)" off
	expect "$_f: TX ring after recovery" "$(ring_cur "$IF1" TX)" 512
	expect "$_f: pause after recovery" "$(pause_of "$IF1")" "off/off/off/"

	# Round 3: the fault during rmmod's restore: by ethtool, what it
	# left is still the module's value and everything else is restored;
	# the next load recovers the NIC exactly, and its unload restores what
	# that load found (the values the failed restore left).
	restore_fault "$_f" "$_t" "$_left"
	case $_left in
	*tso*) _tso=off ;;
	*) _tso=$tso0 ;;
	esac
	case $_left in
	*'tx ring'*) _tx=512 ;;
	*) _tx=256 ;;
	esac
	case $_left in
	*'flow control'*) _pause=off/off/off/ ;;
	*) _pause=$pause0 ;;
	esac
	expect "$_f: tso after the failed restore" "$(feat "$IF1" tcp-segmentation-offload)" "$_tso"
	expect "$_f: TX ring after the failed restore" "$(ring_cur "$IF1" TX)" "$_tx"
	expect "$_f: pause after the failed restore" "$(pause_of "$IF1")" "$_pause"
	k3=$(ethtool -k "$IF1")
	g3=$(ethtool -g "$IF1")
	a3=$(ethtool -a "$IF1")
	load_quirks "ids=$EMU_ID" tx_ring=512 pause=off || fail "$_f: insmod after the failed restore failed"
	wait_state "$P1" applied ||
		fail "$_f: load after the failed restore: state $(sysfs_nic "$P1" state) ($(sysfs_nic "$P1" last_error)), want applied"
	expect "$_f: last_error, load after the failed restore" "$(sysfs_nic "$P1" last_error)" ""
	expect "$_f: tso, load after the failed restore" "$(feat "$IF1" tcp-segmentation-offload)" off
	expect "$_f: TX ring, load after the failed restore" "$(ring_cur "$IF1" TX)" 512
	expect "$_f: pause, load after the failed restore" "$(pause_of "$IF1")" "off/off/off/"
	unload_quirks || fail "$_f: rmmod failed"
	expect_same "$_f: ethtool -k after the next unload" "$k3" "$(ethtool -k "$IF1")"
	expect_same "$_f: ethtool -g after the next unload" "$g3" "$(ethtool -g "$IF1")"
	expect_same "$_f: ethtool -a after the next unload" "$a3" "$(ethtool -a "$IF1")"
	# Setup for the next step, not a judge (a reload resets the device
	# whatever the module did): the driver's defaults again.
	unload_e1000e || fail "rmmod e1000e failed"
	load_e1000e || fail "loading e1000e failed"
	poll_until 30 nics_present || fail "NICs did not come back"
	IF1=$(nic_if 1)
	[ "$(ethtool -g "$IF1")" = "$g0" ] || fail "setup: the driver reload did not give the defaults back: TX ring $(ring_cur "$IF1" TX)"
}

# DEBUG_KOBJECT_RELEASE delays every kobject release by 1-4 s. Unbinding
# a NIC frees its directory's kobject; rmmod right after must not leave a
# release to run in freed module code (ours are kernel-owned
# kobject_create_and_add() kobjects). vm.py fails the run on the crash.
load_quirks "ids=$EMU_ID" || fail "insmod failed"
wait_state "$P1" applied || fail "state $(sysfs_nic "$P1" state), want applied"
echo "$P1" >/sys/bus/pci/drivers/e1000e/unbind || fail "unbind $P1 failed"
unload_quirks || fail "rmmod right after the unbind failed"
echo "$P1" >/sys/bus/pci/drivers/e1000e/bind || fail "bind $P1 failed"
poll_until 30 nics_present || fail "$P1 did not come back"
_no_module() {
	! quirks_loaded
}
# the delayed releases run meanwhile: an observation window
stays_for 5 _no_module || fail "module back?"
IF1=$(nic_if 1)

# Each step, and what a failure there must not have changed.
all_left='left tso( [a-z]+)* off|left tx ring at 512|left flow control off'
check_real eq_eth_resume "runtime resume" "tso|flow|rings" "$all_left"
check_real eq_eth_ops_begin "ethtool begin" "tso|flow|rings" "$all_left"
check_real eq_eth_set_wanted "updating offloads" "tso" 'left tso( [a-z]+)* off'
check_real eq_eth_get_pause "reading flow control" "flow" 'left flow control off'
check_real eq_eth_set_pause "setting flow control" "flow" 'left flow control off'
check_real eq_eth_get_rings "reading rings" "rings" 'left tx ring at 512'
check_real eq_eth_set_rings "setting rings" "rings" 'left tx ring at 512'

# The allocation at NETDEV_REGISTER: the NICs come back untracked.
load_quirks "ids=$EMU_ID" || fail "insmod failed"
wait_state "$P1" applied || fail "state $(sysfs_nic "$P1" state), want applied"
inject eq_nic_alloc || fail "cannot inject eq_nic_alloc"
dmesg_mark
unload_e1000e || { uninject; fail "rmmod e1000e failed"; }
load_e1000e || { uninject; fail "loading e1000e failed"; }
poll_until 30 nics_present || { uninject; fail "NICs did not come back"; }
uninject
IF1=$(nic_if 1)
IF2=$(nic_if 2)
sysfs_dir_absent "$P1" || fail "$P1 has a directory although its allocation failed"
dmesg_since | grep -q "$IF1: out of memory, not managed yet" ||
	fail "no 'not managed yet' line: $(dmesg_since | grep e1000e_quirks | tail -n 2 | tr '\n' ';')"
expect "$IF1 tso while untracked" "$(feat "$IF1" tcp-segmentation-offload)" on
ip link set "$IF1" up || fail "ip link set $IF1 up failed"
wait_state "$P1" applied || fail "after its next event: $P1 state $(sysfs_nic "$P1" state 2>&1), want applied"
expect "$IF1 tso after its next event" "$(feat "$IF1" tcp-segmentation-offload)" off
ip link set "$IF1" down
# The "managed after" line is each failed NIC's own, at its own event.
expect "'$IF1: managed after' lines" \
	"$(dmesg_since | grep -c "$IF1: managed after an earlier allocation failure")" 1
expect "'$IF2: managed after' lines before its event" \
	"$(dmesg_since | grep -c "$IF2: managed after an earlier allocation failure")" 0
ip link set "$IF2" up || fail "ip link set $IF2 up failed"
wait_state "$P2" applied || fail "after its next event: $P2 state $(sysfs_nic "$P2" state 2>&1), want applied"
expect "'$IF2: managed after' lines at its event" \
	"$(dmesg_since | grep -c "$IF2: managed after an earlier allocation failure")" 1
ip link set "$IF2" down

# The sysfs directory: retried by the next pass.
inject eq_sysfs_add || fail "cannot inject eq_sysfs_add"
unload_e1000e || { uninject; fail "rmmod e1000e failed"; }
load_e1000e || { uninject; fail "loading e1000e failed"; }
poll_until 30 nics_present || { uninject; fail "NICs did not come back"; }
IF1=$(nic_if 1)
_tso_off() {
	[ "$(feat "$IF1" tcp-segmentation-offload)" = off ]
}
poll_until 15 _tso_off || { uninject; fail "$IF1: tso not turned off without a directory"; }
uninject
sysfs_dir_absent "$P1" || fail "$P1 has a directory although eq_sysfs_add failed"
echo 1 >"$QUIRKS_PARAMS/hang_threshold" || fail "hang_threshold write failed"
wait_state "$P1" applied || fail "after a parameter write: $P1 state $(sysfs_nic "$P1" state 2>&1), want applied"
unload_quirks || fail "rmmod failed"
IF1=$(nic_if 1)
expect_same "ethtool -k after rmmod" "$k0" "$(ethtool -k "$IF1")"

# The stand-in: EEE and K1.
standin_load || fail "cannot load the stand-in"
IF1=$(nic_if 1)
e0=$(ethtool --show-eee "$IF1")
f0=$(ethtool --show-priv-flags "$IF1")
for f in eq_eth_get_eee:"reading EEE" eq_eth_set_eee:"setting EEE" \
	 eq_eth_get_k1:"reading K1" eq_eth_set_k1:"setting K1"; do
	_f=${f%%:*} _t=${f#*:}
	fault_load "$_f" "$_t" eee=off k1=off
	dmesg_mark
	echo off >"$QUIRKS_PARAMS/eee" || { uninject; fail "eee write failed"; }
	poll_until 15 _failed_again "$_t" ||
		{ uninject; fail "$_f: no second failing pass with the fault still there (state $(sysfs_nic "$P1" state))"; }
	uninject
	echo off >"$QUIRKS_PARAMS/eee" || fail "eee write failed"
	wait_state "$P1" applied ||
		fail "$_f: after the fault, state $(sysfs_nic "$P1" state) ($(sysfs_nic "$P1" last_error)), want applied"
	expect "$_f: EEE after recovery (ethtool)" "$(eee_status "$IF1")" disabled
	expect "$_f: disable-k1 after recovery (ethtool)" "$(disable_k1 "$IF1")" on
	unload_quirks || fail "$_f: rmmod failed"
	expect_same "$_f: ethtool --show-eee after rmmod" "$e0" "$(ethtool --show-eee "$IF1")"
	expect_same "$_f: ethtool --show-priv-flags after rmmod" "$f0" \
		"$(ethtool --show-priv-flags "$IF1")"
	load_quirks "ids=$EMU_ID" eee=off k1=off || fail "$_f: insmod failed"
	wait_state "$P1" applied || fail "$_f: state $(sysfs_nic "$P1" state), want applied"
	case $_f in
	*eee*) _left='left EEE off' ;;
	*) _left='left K1 off' ;;
	esac
	restore_fault "$_f" "$_t" "$_left"
	# by ethtool: what the failed restore left, and the other restored
	case $_f in
	*eee*) _eee=disabled _k1=$(echo "$f0" | sed -n 's/^disable-k1[[:space:]]*: *//p') ;;
	*) _eee=$(echo "$e0" | sed -n 's/^[[:space:]]*EEE status: \([a-z]*\).*/\1/p') _k1=on ;;
	esac
	expect "$_f: EEE after the failed restore (ethtool)" "$(eee_status "$IF1")" "$_eee"
	expect "$_f: disable-k1 after the failed restore (ethtool)" "$(disable_k1 "$IF1")" "$_k1"
	load_quirks "ids=$EMU_ID" eee=off k1=off || fail "$_f: insmod after the failed restore failed"
	wait_state "$P1" applied ||
		fail "$_f: load after the failed restore: state $(sysfs_nic "$P1" state) ($(sysfs_nic "$P1" last_error)), want applied"
	expect "$_f: EEE, load after the failed restore (ethtool)" "$(eee_status "$IF1")" disabled
	expect "$_f: disable-k1, load after the failed restore (ethtool)" "$(disable_k1 "$IF1")" on
	unload_quirks || fail "$_f: rmmod failed"
	# its unload restores what that load found: the failed restore's
	expect "$_f: EEE after the next unload (ethtool)" "$(eee_status "$IF1")" "$_eee"
	expect "$_f: disable-k1 after the next unload (ethtool)" "$(disable_k1 "$IF1")" "$_k1"
	# setup, not a judge: a fresh stand-in, its defaults again
	standin_unload || fail "rmmod e1000e_standin failed"
	standin_load || fail "cannot load the stand-in"
	IF1=$(nic_if 1)
	[ "$(ethtool --show-eee "$IF1")" = "$e0" ] || fail "setup: a fresh stand-in without its EEE default"
done
standin_unload || fail "rmmod e1000e_standin failed"
load_e1000e || fail "loading e1000e failed"
poll_until 30 nics_present || fail "NICs did not come back"

# FAILSLAB, only for stacks through our module's text.
[ -d "$FS" ] || fail "no $FS (CONFIG_FAILSLAB)"
load_quirks "ids=$EMU_ID" tx_ring=512 || fail "insmod failed"
wait_state "$P1" applied || fail "state $(sysfs_nic "$P1" state), want applied"
range=$(quirks_text_range) || fail "no /sys/module/e1000e_quirks/sections/.text"
echo "0x${range% *}" >"$FS/require-start" &&
echo "0x${range#* }" >"$FS/require-end" &&
echo 32 >"$FS/stacktrace-depth" &&
echo N >"$FS/ignore-gfp-wait" &&
echo 0 >"$FS/verbose" &&
echo 100 >"$FS/probability" &&
echo 1 >"$FS/interval" &&
echo -1 >"$FS/times" || fail "cannot set up failslab"
failslab_off() {
	echo 0 >"$FS/probability"
}
dmesg_mark
unload_e1000e || { failslab_off; fail "rmmod e1000e failed"; }
load_e1000e || { failslab_off; fail "loading e1000e failed"; }
poll_until 30 nics_present || { failslab_off; fail "NICs did not come back"; }
# a parameter write and NIC events while our allocations fail
echo 1024 >"$QUIRKS_PARAMS/tx_ring" 2>/dev/null
IF1=$(nic_if 1)
ip link set "$IF1" up
ip link set "$IF1" down
failslab_off
echo 1024 >"$QUIRKS_PARAMS/tx_ring" || fail "tx_ring write after FAILSLAB failed"
dmesg_since | grep -q 'e1000e_quirks.*not managed yet' ||
	fail "FAILSLAB failed no allocation of ours: $(dmesg_since | grep e1000e_quirks | tail -n 3 | tr '\n' ';')"
for n in 1 2; do
	ip link set "$(nic_if $n)" up || fail "ip link set up failed"
	wait_state "$(nic_pci $n)" applied ||
		fail "after FAILSLAB: $(nic_pci $n) state $(sysfs_nic "$(nic_pci $n)" state 2>&1), want applied"
	ip link set "$(nic_if $n)" down
done
expect "TX ring after FAILSLAB" "$(ring_cur "$IF1" TX)" 1024
unload_quirks || fail "rmmod failed"
expect_same "ethtool -k after rmmod" "$k0" "$(ethtool -k "$IF1")"
expect_same "ethtool -g after rmmod" "$g0" "$(ethtool -g "$IF1")"
pass
