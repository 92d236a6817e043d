#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 37-standin-escalate: mode=on-hang escalate=1 takes one remedy per
# hang_threshold resets, in order, and keeps the evidence.
# The stand-in (EEE on, disable-k1 offered and off) with mode=on-hang
# escalate=1 hang_threshold=2 eee=off pause=off tx_ring=512 k1=off:
# armed, step 0. Each 2 fast hangs take the next step, and the real ethtool
# shows it: 1 tso/gso/sg/tx off, 2 EEE disabled, 3 flow control off, 4 TX
# ring 512, 5 disable-k1 on. Every step: sysfs step, the log line "2 TX
# watchdog resets at step <k>; taking step <k+1>: <what>" and an
# e1000e_quirks:escalate event from=<k> to=<k+1> resets=2. A write that keeps
# the ladder (hang_threshold=2 again) keeps the step. sysfs ladder reads
# "offloads eee pause rings k1" throughout. Two more hangs at the top
# (step 5) are counted there and logged once: "1 TX watchdog reset at step
# 5, the last remedy; nothing left to try" (the second is rate-limited),
# the step stays 5. At the end
# resets_at_step is "2 2 2 2 2 2", hangs has 12 lines whose steps read
# 0 0 1 1 2 2 3 3 4 4 5 5, each line checked (times in order, the remedies
# of steps 1 to its step in force, link 1000 full); `e1000e-quirks status
# --json` and `--prometheus` agree with sysfs, and rmmod restores every
# step's change (ethtool -k/-g/-a, --show-eee, --show-priv-flags).
# kernels: oldest newest
# shellcheck source=tests/vm/lib.sh disable=SC2317,SC2119 # (helpers called via poll_until; standin_load without parameters)
. /lib.sh

TRACING=/sys/kernel/tracing

eee_status() {
	ethtool --show-eee "$1" | sed -n 's/^[[:space:]]*EEE status: \([a-z]*\).*/\1/p'
}

k1_flag() {
	ethtool --show-priv-flags "$1" | sed -n 's/^disable-k1[[:space:]]*: *//p'
}

ring_tx() {
	ethtool -g "$1" | sed -n '/^Current hardware settings:/,$ s/^TX:[[:space:]]*//p'
}

pause_line() {
	ethtool -a "$1" | tail -n +2 | tr -s '\t\n ' ' '
}

step_is() {
	[ "$(sysfs_nic "$P1" step)" = "$1" ]
}

# looks STEP: what the real ethtool shows once steps 1..STEP are in force.
looks() {
	_st=$1
	if [ "$_st" -ge 1 ]; then
		offloads_are off "$IF1" || return 1
	else
		offloads_are on "$IF1" || return 1
	fi
	if [ "$_st" -ge 2 ]; then _w=disabled; else _w=enabled; fi
	[ "$(eee_status "$IF1")" = "$_w" ] || return 1
	if [ "$_st" -ge 3 ]; then
		[ "$(pause_line "$IF1")" = "$pause_off" ] || return 1
	else
		[ "$(pause_line "$IF1")" = "$pause0" ] || return 1
	fi
	if [ "$_st" -ge 4 ]; then _w=512; else _w=$ring0; fi
	[ "$(ring_tx "$IF1")" = "$_w" ] || return 1
	if [ "$_st" -ge 5 ]; then _w=on; else _w=off; fi
	[ "$(k1_flag "$IF1")" = "$_w" ]
}

P1=$(nic_pci 1)
standin_load || fail "cannot load the stand-in"
IF1=$(nic_if 1)
standin_up "$IF1" "$ADDR1" || fail "$IF1: no carrier"
k0=$(ethtool -k "$IF1")
pause0=$(pause_line "$IF1")
pause_off="Autonegotiate: off RX: off TX: off "
ring0=$(ring_tx "$IF1")
expect "disable-k1 before" "$(k1_flag "$IF1")" off
expect "EEE before" "$(eee_status "$IF1")" enabled

load_quirks "ids=$EMU_ID" mode=on-hang escalate=1 hang_threshold=2 \
	eee=off pause=off tx_ring=512 k1=off || fail "insmod failed"
wait_state "$P1" armed || fail "state $(sysfs_nic "$P1" state), want armed"
expect "step when armed" "$(sysfs_nic "$P1" step)" 0
expect "ladder" "$(sysfs_nic "$P1" ladder)" "offloads eee pause rings k1"
looks 0 || fail "armed: ethtool shows a change"
[ -e "$TRACING/trace" ] || mount -t tracefs nodev "$TRACING" || fail "tracefs"
echo 1 >"$TRACING/tracing_on"
echo >"$TRACING/trace"
echo 1 >"$TRACING/events/e1000e_quirks/escalate/enable" || fail "no escalate event"
dmesg_mark

set -- "offloads off" "EEE off" "flow control off" "ring sizes" "K1 off"
for to in 1 2 3 4 5; do
	from=$(( to - 1 ))
	poll_until 10 link_up "$IF1" || fail "step $from: no carrier"
	standin_hang "$IF1" 2 || fail "step $from: 2 hangs"
	poll_until 10 step_is "$to" || fail "after 2 resets at step $from: step $(sysfs_nic "$P1" step), want $to"
	wait_state "$P1" mitigated 5 || fail "step $to: state $(sysfs_nic "$P1" state)"
	poll_until 10 looks "$to" ||
		fail "step $to: ethtool: $(offloads "$IF1") eee=$(eee_status "$IF1") pause='$(pause_line "$IF1")' tx=$(ring_tx "$IF1") k1=$(k1_flag "$IF1")"
	line="2 TX watchdog resets at step $from; taking step $to: $1"
	dmesg_since | grep -qF "$IF1 ($P1, $EMU_ID): $line" ||
		fail "no log line '$line': '$(dmesg_since | grep e1000e_quirks | tail -n 2 | tr '\n' ';')'"
	grep -q "escalate: ifname=$IF1 pci=$P1 from=$from to=$to resets=2" "$TRACING/trace" ||
		fail "no escalate event from=$from to=$to: '$(grep 'escalate:' "$TRACING/trace" | tail -n 1)'"
	if [ "$to" = 3 ]; then
		# A write that keeps the ladder keeps the step.
		echo 2 >"$QUIRKS_PARAMS/hang_threshold" || fail "hang_threshold=2 refused"
		echo 512 >"$QUIRKS_PARAMS/tx_ring" || fail "tx_ring=512 refused"
		stays_for 1 step_is 3 || fail "a ladder-keeping write: step $(sysfs_nic "$P1" step)"
	fi
	shift
done
# The top of the ladder: counted at step 5, logged once.
poll_until 10 link_up "$IF1" || fail "step 5: no carrier"
standin_hang "$IF1" 2 || fail "step 5: 2 hangs"
top="$IF1 ($P1, $EMU_ID): 1 TX watchdog reset at step 5, the last remedy; nothing left to try"
poll_until 10 sh -c "dmesg | grep -qF '$top'" ||
	fail "no line '$top': '$(dmesg_since | grep e1000e_quirks | tail -n 2 | tr '\n' ';')'"
stays_for 1 step_is 5 || fail "at the top: step $(sysfs_nic "$P1" step)"
n=$(dmesg_since | grep -c "at step 5, the last remedy; nothing left to try")
expect "lines at the top" "$n" 1
expect "ladder at the top" "$(sysfs_nic "$P1" ladder)" "offloads eee pause rings k1"
expect "k1 / k1_orig" "$(sysfs_nic "$P1" k1)/$(sysfs_nic "$P1" k1_orig)" off/on
expect "resets_at_step" "$(sysfs_nic "$P1" resets_at_step)" "2 2 2 2 2 2"
# Every hangs line: its time (not before the one above), its step (two
# hangs per step) and the remedies in force then (steps 1..step), link up.
remedies_at() {	# remedies_at STEP: as the hangs file words them
	_o=- _e=- _p=- _t=- _k=-
	[ "$1" -lt 1 ] || _o=tso,gso,sg,tx
	[ "$1" -lt 2 ] || _e=off
	[ "$1" -lt 3 ] || _p=off
	[ "$1" -lt 4 ] || _t=512
	[ "$1" -lt 5 ] || _k=off
	echo "offloads=$_o eee=$_e pause=$_p tx_ring=$_t rx_ring=- k1=$_k rx_usecs=-"
}
n=0 prev=0
while read -r t rest; do
	n=$(( n + 1 ))
	want="step=$(( (n - 1) / 2 )) $(remedies_at $(( (n - 1) / 2 ))) speed=1000 duplex=full"
	case $t in '' | *[!0-9]*) fail "hangs line $n: time '$t'" ;; esac
	[ "$t" -ge "$prev" ] || fail "hangs line $n: time $t before line $(( n - 1 ))'s $prev"
	[ "$rest" = "$want" ] || fail "hangs line $n: '$rest', want '$want'"
	prev=$t
done <"$QUIRKS_SYS/$P1/hangs"
expect "hangs lines" "$n" 12
echo 0 >"$TRACING/events/e1000e_quirks/escalate/enable"

json=$(e1000e-quirks status --json 2>&1)
case $json in
*'"step":5,"resets_at_step":[2,2,2,2,2,2],"hangs":[{"time":'*'"step":5,"offloads":"tso,gso,sg,tx","eee":"off","pause":"off","tx_ring":512,"rx_ring":null,"k1":"off","rx_usecs":null,"speed":1000,"duplex":"full"}]'*'"ladder":["offloads","eee","pause","rings","k1"]'*) ;;
*) fail "status --json: '$(printf '%s' "$json" | tr '\n' ' ' | head -c 400)'" ;;
esac
prom=$(e1000e-quirks status --prometheus 2>&1)
printf '%s\n' "$prom" | grep -q "^e1000e_quirks_watchdog_resets_total{.*pci=\"$P1\".*step=\"3\"} 2\$" ||
	fail "prometheus: no step=3 series with 2: '$(printf '%s\n' "$prom" | grep resets_total | head -n 3 | tr '\n' ';')'"
printf '%s\n' "$prom" | grep -q "^e1000e_quirks_step{.*pci=\"$P1\".*} 5\$" ||
	fail "prometheus: no e1000e_quirks_step 5: '$(printf '%s\n' "$prom" | grep _step | tr '\n' ';')'"

unload_quirks || fail "rmmod failed"
poll_until 10 link_up "$IF1" || fail "after rmmod: no carrier"
poll_until 10 looks 0 ||
	fail "after rmmod: $(offloads "$IF1") eee=$(eee_status "$IF1") pause='$(pause_line "$IF1")' tx=$(ring_tx "$IF1") k1=$(k1_flag "$IF1")"
expect_same "ethtool -k after rmmod" "$k0" "$(ethtool -k "$IF1")"
pass
