#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 05-preup: the time from NETDEV_PRE_UP to the driver's ndo_open, which the
# module's synchronous pass at NETDEV_PRE_UP adds to every open. Taken with
# the function tracer (local clock, microseconds) on two functions: the
# open (__dev_open, which sends NETDEV_PRE_UP first; dev_open where
# __dev_open cannot be traced) and the driver's ndo_open; the figure is the
# time between their entries. The script, and so every open it causes, is
# pinned to CPU 0 and both ends are paired on the same CPU: pairs across
# vCPUs read 0 us with the global clock and down to -20 ms with mono in the
# runs of 2026-12-02 (apparently the TCG vCPUs' clocks disagree). N
# repetitions (eq.bench_n=, default 10), each from a fresh net device
# (reset_env rebinds, or reloads the stand-in), variants in turn:
#   none:    real e1000e, `ip link set nic1 up`, no module
#   applied: the same with e1000e_quirks loaded and the NIC "applied"
#            (the pass at NETDEV_PRE_UP finds nothing to do)
#   apply:   the e1000e stand-in with open_at_register=1 and the module
#            loaded first: the open comes inside registration, so the pass
#            at NETDEV_PRE_UP does the whole apply (tso gso sg tx off)
#   apply_none: the same open without the module
#   BENCH <krel> preup.<variant>.us <microseconds>   (one per open)
# kernels: all
# timeout: 1800
# shellcheck source=tests/vm/lib.sh disable=SC2317
. /lib.sh

TR=/sys/kernel/tracing
N=$(sed -n 's/.*eq\.bench_n=\([0-9][0-9]*\).*/\1/p' /proc/cmdline)
N=${N:-10}

bench() {
	echo "BENCH $KREL $1 $2"
}

# traceable FUNC: FUNC can be traced (kernel or loaded module).
traceable() {
	grep -q "^$1\( \|\$\)" "$TR/available_filter_functions"
}

# trace_on FROM TO [MODULE]: the function tracer on FROM and TO (TO in
# MODULE, which may load later: ftrace's :mod: filter), buffer empty.
trace_on() {
	echo 0 >"$TR/tracing_on"
	echo nop >"$TR/current_tracer"
	echo "$1" >"$TR/set_ftrace_filter" || return 1
	if [ -n "${3:-}" ]; then
		echo "$2:mod:$3" >>"$TR/set_ftrace_filter" || return 1
	else
		echo "$2" >>"$TR/set_ftrace_filter" || return 1
	fi
	echo function >"$TR/current_tracer" || return 1
	echo >"$TR/trace"
	echo 1 >"$TR/tracing_on"
}

trace_off() {
	echo 0 >"$TR/tracing_on"
	echo nop >"$TR/current_tracer"
	echo >"$TR/set_ftrace_filter"
}

# deltas FROM TO: microseconds from each FROM entry to the next TO entry
# of the same task on the same CPU, one line each.
deltas() {
	awk -v from="$1" -v to="$2" '{
		for (i = 1; i <= NF; i++)
			if ($i ~ /^[0-9]+\.[0-9]+:$/) break
		if (i > NF) next
		ts = $i; sub(":", "", ts); fn = $(i + 1); task = $1
		for (j = 2; j < i; j++)
			if ($j ~ /^\[[0-9]+\]$/) { task = task $j; break }
		split(ts, t, "."); us = t[1] * 1000000 + t[2]
		if (fn == from) start[task] = us
		else if (fn == to && (task in start)) {
			print us - start[task]; delete start[task]
		}
	}' "$TR/trace"
}

[ -d "$TR" ] || fail "no tracefs"
grep -qw function "$TR/available_tracers" || fail "no function tracer"
echo local >"$TR/trace_clock" || fail "cannot set the trace clock"
# one CPU for this shell and its children (ip, insmod)
taskset -p 1 $$ >/dev/null || fail "cannot pin to CPU 0"
if traceable __dev_open; then FROM=__dev_open; else FROM=dev_open; fi
traceable "$FROM" || fail "neither __dev_open nor dev_open can be traced"
bench preup.from "$FROM"
P1=$(nic_pci 1)
bad=

# one_up VARIANT: real e1000e, ip link set up; one delta
one_up() {
	reset_env || return 1
	if [ "$1" = applied ]; then
		load_quirks "ids=$EMU_ID" || return 1
		wait_state "$P1" applied || return 1
	fi
	traceable e1000e_open || { log "e1000e_open cannot be traced"; return 1; }
	trace_on "$FROM" e1000e_open || { log "cannot set the tracer"; return 1; }
	_if=$(nic_if 1)
	ip link set "$_if" up || return 1
	_d=$(deltas "$FROM" e1000e_open)
	trace_off
	[ -n "$_d" ] || { log "$1: no $FROM -> e1000e_open in the trace"; return 1; }
	for _x in $_d; do bench "preup.$1.us" "$_x"; done
}

# one_reg VARIANT: the stand-in opened inside registration; one delta per NIC
one_reg() {
	reset_env || return 1
	unload_e1000e || return 1
	if [ "$1" = apply ]; then
		load_quirks "ids=$EMU_ID" || return 1
	fi
	trace_on "$FROM" sd_open e1000e_standin || { log "cannot set the tracer"; return 1; }
	standin_load open_at_register=1 || { trace_off; return 1; }
	_d=$(deltas "$FROM" sd_open)
	trace_off
	[ -n "$_d" ] || { log "$1: no $FROM -> sd_open in the trace"; return 1; }
	for _x in $_d; do bench "preup.$1.us" "$_x"; done
}

i=1
while [ "$i" -le "$N" ]; do
	for v in none applied; do
		one_up "$v" || { trace_off; bad="$bad $v#$i"; }
	done
	for v in apply_none apply; do
		one_reg "$v" || { trace_off; bad="$bad $v#$i"; }
	done
	i=$(( i + 1 ))
done
reset_env || fail "reset_env failed"
[ -z "$bad" ] || fail "repetitions not measured:$bad"
pass
