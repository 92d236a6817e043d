#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 05-preup: the time from NETDEV_PRE_UP to the driver's ndo_open, which the
# module's synchronous pass at NETDEV_PRE_UP adds to every open. Taken with
# the function tracer on two functions: the open (__dev_open, which sends
# NETDEV_PRE_UP first; dev_open where __dev_open cannot be traced) and the
# driver's ndo_open; the figure is the time between their entries, each
# FROM with the next TO, both in the same task on the same CPU (lib.sh
# trace_pairs: the mono trace clock, hpet as the clocksource, the script
# and so every open it causes pinned to CPU 0; a pair across CPUs or tasks
# is dropped and counted in <key>.dropped; a negative pair, or one longer
# than the command around it, fails the script and is not printed). N
# repetitions (eq.bench_n=, default 10), each from a fresh net device
# (reset_env rebinds, or reloads the stand-in), variants in turn:
#   none:    real e1000e, `ip link set nic1 up`, no module
#   applied: the same with e1000e_quirks loaded and the NIC "applied"
#            (the pass at NETDEV_PRE_UP finds nothing to do)
#   apply:   the e1000e stand-in with open_at_register=1 and the module
#            loaded first: the open comes inside registration, so the pass
#            at NETDEV_PRE_UP does the whole apply (tso gso sg tx off)
#   apply_none: the same open without the module
# One value per NIC and open, keyed by the NIC: `ip link set up` opens
# nic1 only; the stand-in registers (and so opens) nic1, then nic2 (probe
# order: bus 01 before bus 02), so the k-th open of its trace is nick's.
#   BENCH <krel> preup.nic<k>.<variant>.us <microseconds>
#   BENCH <krel> preup.nic<k>.<variant>.us.dropped <pairs dropped>
# kernels: all
# timeout: 1800
# shellcheck source=tests/vm/lib.sh disable=SC2317
. /lib.sh

TR=/sys/kernel/tracing
N=$(bench_reps)

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

# save_trace: the trace so far into $BENCH_RUN/trace (trace_off clears it).
save_trace() {
	cat "$TR/trace" >"$BENCH_RUN/trace"
}

# preup_pairs VARIANT TO NICS WINDOW_US: the pairs of the saved trace, FROM
# to TO, one per NIC opened (NICS), the k-th as nic k's; a trace with
# another number of pairs is dropped whole (counted for each NIC). None can
# be longer than WINDOW_US, the wall time of the command that opened them.
preup_pairs() {
	trace_pairs alt "^$FROM( |\$)" "^$2( |\$)" 1 "$BENCH_RUN/trace" >"$BENCH_RUN/pairs"
	_pp_n=$(wc -l <"$BENCH_RUN/pairs")
	[ "$_pp_n" -eq "$3" ] || log "$1 #$i: $_pp_n pairs, want $3: $(tr '\n' ' ' <"$BENCH_RUN/pairs")"
	_pp_k=1
	while [ "$_pp_k" -le "$3" ]; do
		if [ "$_pp_n" -eq "$3" ]; then
			sed -n "${_pp_k}p" "$BENCH_RUN/pairs"
		else
			echo unpaired
		fi | bench_pairs "preup.nic$_pp_k.$1.us" "$4" "$1 #$i: "
		_pp_k=$(( _pp_k + 1 ))
	done
	return 0
}

# window_us T0: the wall time since T0 (now_cs) in microseconds, a tick of
# /proc/uptime's resolution added at each end.
window_us() {
	echo $(( ($(now_cs) - $1 + 2) * 10000 ))
}

[ -d "$TR" ] || fail "no tracefs"
grep -qw function "$TR/available_tracers" || fail "no function tracer"
# the mono trace clock; one CPU for this shell and its children (ip, insmod)
cs=$(bench_clock_setup) || fail "cannot set up the trace clock"
log "clocksource $cs, trace clock $(cat "$TR/trace_clock")"
if traceable __dev_open; then FROM=__dev_open; else FROM=dev_open; fi
traceable "$FROM" || fail "neither __dev_open nor dev_open can be traced"
bench preup.from "$FROM"
P1=$(nic_pci 1)
bad=

# one_up VARIANT: real e1000e, ip link set up; one pair (nic1)
one_up() {
	reset_env || return 1
	if [ "$1" = applied ]; then
		load_quirks "ids=$EMU_ID" || return 1
		wait_state "$P1" applied || return 1
	fi
	traceable e1000e_open || { log "e1000e_open cannot be traced"; return 1; }
	trace_on "$FROM" e1000e_open || { log "cannot set the tracer"; return 1; }
	_if=$(nic_if 1)
	_t0=$(now_cs)
	ip link set "$_if" up || { trace_off; return 1; }
	_w=$(window_us "$_t0")
	save_trace
	trace_off
	preup_pairs "$1" e1000e_open 1 "$_w"
}

# one_reg VARIANT: the stand-in opened inside registration; one pair per NIC
one_reg() {
	reset_env || return 1
	unload_e1000e || return 1
	if [ "$1" = apply ]; then
		load_quirks "ids=$EMU_ID" || return 1
	fi
	trace_on "$FROM" sd_open e1000e_standin || { log "cannot set the tracer"; return 1; }
	_t0=$(now_cs)
	standin_load open_at_register=1 || { trace_off; return 1; }
	_w=$(window_us "$_t0")
	save_trace
	trace_off
	preup_pairs "$1" sd_open 2 "$_w"
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
bench_dropped || fail "impossible durations (not reported): $(bench_bad)${bad:+; repetitions not measured:$bad}"
[ -z "$bad" ] || fail "repetitions not measured:$bad"
pass
