#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 90-cli: the e1000e-quirks command (scripts/e1000e-quirks, /bin/e1000e-quirks
# in the guest) against the real module.
# Loaded with ids=8086:10d3: `status` exits 0 and lists nic1 (interface, PCI
# address, applied), `--json` carries the PCI address, `--prometheus` the
# watchdog_resets_total sample, `explain IF` says matched by ids. `watch`
# shows the apply event of a parameter write and leaves tracefs as it found
# it. After `ethtool -K IF sg on` (state overridden) `status` and `explain`
# exit 1 and explain names the command that turns sg off again. Unloaded,
# `status` exits 2 saying so. Loaded without ids=, nothing is matched:
# `status` exits 0 and `explain` suggests ids=8086:10d3.
# shellcheck source=tests/vm/lib.sh disable=SC2317 # (helpers called via poll_until)
. /lib.sh

CLI=/bin/e1000e-quirks
TRACING=/sys/kernel/tracing

[ -x "$CLI" ] || fail "no $CLI in the initramfs (tests/vm/mkinitramfs.sh must copy scripts/e1000e-quirks)"

P1=$(nic_pci 1)
P2=$(nic_pci 2)
IF1=$(nic_if 1)

# cli ARGS...: run the command; output in $out, exit status in $rc.
cli() {
	out=$("$CLI" "$@" 2>&1)
	rc=$?
	log "e1000e-quirks $* -> $rc"
}

has() {	# has WHAT TEXT: $out contains TEXT
	case $out in
	*"$2"*) ;;
	*) fail "$1: no '$2' in: $out" ;;
	esac
}

load_quirks "ids=$EMU_ID" || fail "insmod ids=$EMU_ID failed"
wait_state "$P1" applied || fail "state $(sysfs_nic "$P1" state), want applied"
wait_state "$P2" applied || fail "nic2 state $(sysfs_nic "$P2" state), want applied"

cli status
expect "status exit status (all applied)" "$rc" 0
has "status" "$(cat /sys/module/e1000e_quirks/version) loaded"
printf '%s\n' "$out" | grep -q "^$IF1 .* $P1 .* always .* applied .* tso,gso,sg,tx " ||
	fail "status: no row '$IF1 $P1 ... always applied tso,gso,sg,tx' in: $out"

cli status --json
expect "status --json exit status" "$rc" 0
has "status --json" "\"loaded\":true"
has "status --json" "{\"pci\":\"$P1\",\"ifname\":\"$IF1\""
has "status --json" "\"matched_by\":\"ids\""

cli status --prometheus
expect "status --prometheus exit status" "$rc" 0
has "status --prometheus" "e1000e_quirks_up 1"
has "status --prometheus" "# TYPE e1000e_quirks_watchdog_resets_total counter"
# One series per remedy step (resets_at_step); mode=always: step 1 in force.
has "status --prometheus" "e1000e_quirks_watchdog_resets_total{ifname=\"$IF1\",pci=\"$P1\",step=\"1\"} $(sysfs_nic "$P1" watchdog_resets)"
has "status --prometheus" "e1000e_quirks_step{ifname=\"$IF1\",pci=\"$P1\"} 1"

cli explain "$IF1"
expect "explain $IF1 exit status" "$rc" 0
has "explain $IF1" "PCI $P1, ID $EMU_ID, driver e1000e"
has "explain $IF1" "Matched: yes, by ids="
has "explain $IF1" "State: applied"

# watch: a private trace instance that sees the apply event of a parameter
# write, and is gone afterwards with the global enable state untouched.
if [ -d "$TRACING/events/e1000e_quirks" ]; then
	global=$(cat "$TRACING/events/e1000e_quirks/apply/enable")
	"$CLI" watch >/tmp/watch.out 2>&1 &
	wpid=$!
	echo "$wpid" >>"$BG_PIDS"
	instance_up() {
		[ -d "$TRACING/instances/e1000e-quirks.$wpid" ]
	}
	# The banner comes once the events are enabled.
	watching() {
		grep -q "following e1000e_quirks:watchdog_reset" /tmp/watch.out
	}
	poll_until 10 watching || fail "watch did not start: $(cat /tmp/watch.out)"
	instance_up || fail "watch: no trace instance $TRACING/instances/e1000e-quirks.$wpid"
	echo monitor >"$QUIRKS_PARAMS/mode" || fail "writing mode=monitor failed"
	wait_state "$P1" monitoring || fail "after mode=monitor: state $(sysfs_nic "$P1" state)"
	seen_apply() {
		grep -q "apply: ifname=$IF1 pci=$P1 why=param" /tmp/watch.out
	}
	poll_until 10 seen_apply || fail "watch: no apply event for $IF1: $(cat /tmp/watch.out)"
	log "watch: $(grep "apply: ifname=$IF1" /tmp/watch.out | head -n 1)"
	kill "$wpid"
	watch_gone() {
		[ ! -e "/proc/$wpid" ] && ! instance_up
	}
	poll_until 10 watch_gone || fail "watch did not end or left its trace instance"
	expect "global apply/enable after watch" \
		"$(cat "$TRACING/events/e1000e_quirks/apply/enable")" "$global"
	echo always >"$QUIRKS_PARAMS/mode" || fail "writing mode=always failed"
	wait_state "$P1" applied || fail "after mode=always: state $(sysfs_nic "$P1" state)"
else
	skip_part watch "no $TRACING/events/e1000e_quirks (no tracefs events of the module)"
fi

# Userspace turns sg back on: state overridden, and the command says so.
ethtool -K "$IF1" sg on || fail "ethtool -K $IF1 sg on failed"
wait_state "$P1" overridden || fail "after sg on: state $(sysfs_nic "$P1" state), want overridden"
cli status
expect "status exit status (overridden)" "$rc" 1
has "status" "overridden!"
cli status --json
expect "status --json exit status (overridden)" "$rc" 1
cli explain "$IF1"
expect "explain $IF1 exit status (overridden)" "$rc" 1
has "explain $IF1" "State: overridden"
has "explain $IF1" "ethtool -K $IF1 sg off"

unload_quirks || fail "rmmod failed"
cli status
expect "status exit status (not loaded)" "$rc" 2
has "status" "e1000e_quirks is not loaded"
cli status --prometheus
expect "status --prometheus exit status (not loaded)" "$rc" 2
has "status --prometheus" "e1000e_quirks_up 0"

# Loaded with nothing matched (QEMU's 82574L is not in the table).
load_quirks || fail "insmod without ids= failed"
stays_for 2 sysfs_dir_absent "$P1" || fail "without ids=: $QUIRKS_SYS/$P1 exists"
cli status
expect "status exit status (nothing matched)" "$rc" 0
has "status" "No NIC matched"
has "status" "explain $IF1"
cli explain "$IF1"
expect "explain $IF1 exit status (not matched)" "$rc" 1
has "explain $IF1" "Matched: no"
has "explain $IF1" "ids=$EMU_ID"
has "explain $IF1" "nic=pci=$P1"
unload_quirks || fail "rmmod failed"
pass
