#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 02-hook-race: TSO segments sent before protection, measured as the field
# meets it, N times (eq.bench_n= on the kernel command line, from BENCH_N;
# default 10). nic2 is put up once, in netns "peer" with carrier, and stays
# up; each variant then starts from the same state of nic1: unbound from
# e1000e and bound again (a fresh net device, every offload on, counters 0,
# link down), the module unloaded, and a new listener (nc, its own port)
# on the peer; then, on nic1:
#   - a "field" client is started first: it polls operstate every 10 ms
#     (deadline 30 s) and starts the 4 MiB TCP transfer to the peer the
#     moment it reads "up", as a VM on a bridge or a torrent client does;
#   - `ip link set nic1 up`, and right after it returns, as ifupdown runs a
#     post-up script:
#       module: nothing (e1000e_quirks loaded before, NIC "applied")
#       hook:   ethtool -K nic1 tso off gso off sg off tx off rx off rxvlan off
#       hook_late: the same hook once nic1 has carrier (polled every 0.1 s):
#               a hook that runs later than the link comes up, e.g. after
#               other post-up work or in a bridge's post-up; the other
#               end of the race
#       none:   nothing (neither: what is at stake)
# After the transfer (the peer's byte count must be 4 MiB), the real
# `ethtool -S nic1` gives tx_tcp_seg_good. The variants take turns within a
# repetition (module, hook, hook_late, none) so drift hits all alike. Per repetition:
#   BENCH <krel> hook_race.<variant>.segs <tx_tcp_seg_good>
#   BENCH <krel> hook_race.<variant>.carrier_ms <ip link set up -> client saw up>
#   BENCH <krel> hook_race.hook.hook_ms <ip link set up -> hook returned>
# (/proc/uptime, 10 ms resolution). The hook's count depends on which comes
# first: the carrier (autonegotiation after `ip link set up`) or the hook's
# ethtool -K; carrier_ms and hook_ms say which did.
# timeout: 2400
# shellcheck source=tests/vm/lib.sh disable=SC2317 # (helpers called via poll_until)
. /lib.sh

HOOK="tso off gso off sg off tx off rx off rxvlan off"
BYTES=4194304
N=$(bench_reps)
F=/run/field

bench() {
	echo "BENCH $KREL $1 $2"
}

_listening() {
	ip netns exec "$PEER_NS" netstat -ltn | grep -q ":$PORT "
}

# peer_up: nic2 in netns $PEER_NS with $ADDR2 and carrier (once).
peer_up() {
	ip netns add "$PEER_NS" &&
	ip link set "$IF2" netns "$PEER_NS" &&
	ip -n "$PEER_NS" link set lo up &&
	ip -n "$PEER_NS" addr add "$ADDR2/24" dev "$IF2" &&
	ip -n "$PEER_NS" link set "$IF2" up || return 1
	poll_until 20 link_up "$IF2" "$PEER_NS"
}

# listener_up: a listener on the peer, on a port of its own ($PORT: no
# socket of an earlier transfer on it), that answers with the byte count
# it received.
listener_up() {
	spawn ip netns exec "$PEER_NS" nc -l -p "$PORT" -e wc -c
	poll_until 10 _listening
}

# fresh_nic1: the module unloaded, nic1 unbound from e1000e and bound
# again (as reset_env does, nic1 only: nic2 stays up in the peer).
fresh_nic1() {
	kill_bg
	if quirks_loaded; then unload_quirks || return 1; fi
	echo "$P1" >/sys/bus/pci/drivers/e1000e/unbind || return 1
	echo "$P1" >/sys/bus/pci/drivers/e1000e/bind || return 1
	poll_until 30 nic_present 1
}

# field_client: waits for nic1's operstate "up" (10 ms polls, 30 s
# deadline), then sends $BYTES at once; $F.start (uptime, cs), $F.got (the
# peer's count), $F.done (nc's status, or "timeout").
field_client() {
	_fc_end=$(( $(now_cs) + 3000 ))
	until [ "$(cat "/sys/class/net/$IF1/operstate")" = up ]; do
		if [ "$(now_cs)" -ge "$_fc_end" ]; then
			echo timeout >"$F.done"
			return
		fi
		sleep 0.01
	done
	now_cs >"$F.start"
	dd if=/dev/zero bs=65536 count=$(( BYTES / 65536 )) 2>/dev/null |
		nc "$ADDR2" "$PORT" >"$F.got" 2>&1
	echo $? >"$F.done"
}

_field_done() {
	[ -s "$F.done" ]
}

# rep VARIANT: one repetition (module, hook, hook_late or none); 1 if it could not be
# measured (the log says why).
rep() {
	fresh_nic1 || { log "$1: nic1 not bound again"; return 1; }
	rm -f "$F".*
	IF1=$(nic_if 1)
	PORT=$(( PORT + 1 ))
	if [ "$1" = module ]; then
		load_quirks "ids=$EMU_ID" || { log "insmod failed"; return 1; }
		wait_state "$P1" applied || { log "not applied"; return 1; }
	fi
	link_up "$IF2" "$PEER_NS" || { log "$1: the peer lost its carrier"; return 1; }
	listener_up || { log "$1: no listener on the peer"; return 1; }
	ip addr add "$ADDR1/24" dev "$IF1" || return 1
	spawn field_client
	t0=$(now_cs)
	ip link set "$IF1" up || return 1
	if [ "$1" = hook ]; then
		# shellcheck disable=SC2086 # the hook's words
		ethtool -K "$IF1" $HOOK 2>/dev/null
		bench hook_race.hook.hook_ms $(( ($(now_cs) - t0) * 10 ))
	elif [ "$1" = hook_late ]; then
		poll_until 30 link_up "$IF1" || { log "no carrier"; return 1; }
		# shellcheck disable=SC2086 # the hook's words
		ethtool -K "$IF1" $HOOK 2>/dev/null
	fi
	poll_until 120 _field_done || { log "$1: transfer did not end"; return 1; }
	[ "$(cat "$F.done")" = 0 ] || { log "$1: client: $(cat "$F.done") $(cat "$F.got" 2>/dev/null)"; return 1; }
	[ "$(tr -d ' \n' <"$F.got")" = "$BYTES" ] ||
		{ log "$1: peer received '$(cat "$F.got")', want $BYTES"; return 1; }
	bench "hook_race.$1.segs" "$(ethstat "$IF1" tx_tcp_seg_good)"
	bench "hook_race.$1.carrier_ms" $(( ($(cat "$F.start") - t0) * 10 ))
}

P1=$(nic_pci 1)
IF2=$(nic_if 2)
PORT=5000
peer_up || fail "peer not up"
bench hook_race.n "$N"
bad=
i=1
while [ "$i" -le "$N" ]; do
	for v in module hook hook_late none; do
		rep "$v" || bad="$bad $v#$i"
	done
	i=$(( i + 1 ))
done
kill_bg
[ -z "$bad" ] || fail "repetitions not measured:$bad"
pass
