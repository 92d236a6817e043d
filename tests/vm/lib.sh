# SPDX-License-Identifier: GPL-2.0
#
# lib.sh: helpers for the guest side of the VM tests (busybox ash, POSIX sh).
# Sourced by /init and by every /scenarios/NN-name.sh.
#
#  host (tests/vm/vm.py)                       QEMU q35, TCG, -smp 2, 768 MB
#  ---------------------                       ------------------------------
#  QMP socket  -- device_del/device_add -->    pcie.0
#  ctl socket  <-- ttyS1: results, @@HOST --     00:10.0 pcie-root-port rp1
#  console log <-- ttyS0: kernel + scripts --      `-- e1000e "nic1" 8086:10d3
#                                                      52:54:00:12:34:01  -> eth0
#                                                00:11.0 pcie-root-port rp2
#                                                  `-- e1000e "nic2" 8086:10d3
#                                                      52:54:00:12:34:02  -> eth1
#
#   nic1 -- hubport n1 --+
#                        hub 0   (a QEMU-internal hub: no frame leaves QEMU)
#   nic2 -- hubport n2 --+
#
#  Traffic scenarios (setup_pair):
#   init netns: nic1 192.0.2.1/24  <== hub ==>  netns "peer": nic2 192.0.2.2/24
#
# Conventions:
#  - /init runs reset_env before each scenario: e1000e freshly loaded, our module
#    unloaded, no extra netns, both NICs present and down.
#  - A scenario ends with exactly one of `pass` or `fail "what it saw"`.
#  - Synchronise with poll_until (deadline), never with a bare sleep.

# shellcheck disable=SC2034 # many of these are for the scenarios
KREL=$(uname -r)
SCENARIO=${SCENARIO:-$(basename "$0" .sh)}

QUIRKS_KO=/e1000e_quirks.ko
QUIRKS_SYS=/sys/kernel/e1000e_quirks
QUIRKS_PARAMS=/sys/module/e1000e_quirks/parameters
QUIRK_FEATURES="tso gso sg tx"		# the module's default features= list
EMU_ID=8086:10d3			# QEMU's e1000e (82574L), not in the built-in table
SUBSYS1=8086:0000			# nic1's PCI subsystem (vm.py NICS)
SUBSYS2=17aa:2247			# nic2's

RESULTS=/run/results
BG_PIDS=/run/bg.pids
EQ_TEXT_RANGES=/run/eq-text-ranges	# load_quirks, kmemleak_check (init)
CTL=/dev/ttyS1				# line channel to the host runner

ADDR1=192.0.2.1				# nic1, init netns
ADDR2=192.0.2.2				# nic2, netns $PEER_NS
PEER_NS=peer
HANG_DST=192.0.2.99			# never answers (permanent neighbour entry)
HANG_LLADDR=52:54:00:00:00:99

log() {
	echo "[$SCENARIO] $*"
}

# The judges are the real iproute2 and ethtool, never busybox's applets (ash
# may run its own applet before searching PATH).
ip() {
	/usr/sbin/ip "$@"
}

ethtool() {
	/usr/sbin/ethtool "$@"
}

# ---------------------------------------------------------------- results

_result() {
	mkdir -p "$RESULTS"
	printf '%s\n' "$1" >"$RESULTS/$SCENARIO"
}

pass() {
	_result "PASS $KREL $SCENARIO"
	log "PASS"
	exit 0
}

# fail "what it saw": one line; call it from the scenario's top level.
fail() {
	_msg=$(printf '%s' "$*" | tr '\n\t' '  ')
	_result "FAIL $KREL $SCENARIO: $_msg"
	log "FAIL: $_msg"
	exit 1
}

# skip_part WHAT WHY: a part of this scenario that cannot run on this
# kernel, one line "SKIP KREL NN-name WHAT: WHY" to the host (counted by
# tests/check.sh like PASS and FAIL; the scenario's own result still comes).
skip_part() {
	echo "SKIP $KREL $SCENARIO $1: $2" >"$CTL"
	log "SKIP $1: $2"
}

# expect WHAT GOT WANT: fail unless GOT = WANT.
expect() {
	[ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
}

# expect_same WHAT BEFORE AFTER: fail unless two multi-line outputs (e.g. of
# `ethtool -k`) are identical; the message shows the differing lines.
expect_same() {
	[ "$2" = "$3" ] && return 0
	printf '%s\n' "$2" >/tmp/expect.before
	printf '%s\n' "$3" >/tmp/expect.after
	fail "$1 changed: $(diff /tmp/expect.before /tmp/expect.after |
		grep '^[-+][^-+]' | head -n 6 | tr '\n\t' '; ')"
}

# Ask the host runner to do something to the VM (see vm.py: device_del NICID,
# device_add NICID, set_link NICID on|off). The guest then polls for the
# effect.
host_request() {
	log "host request: $*"
	echo "@@HOST $*" >"$CTL"
}

# link_flap N: the far end of NIC N's cable goes away and comes back (QEMU's
# set_link: the PHY loses link and autonegotiates again, no reset on the
# guest's side); returns once the guest saw carrier down, then up. Needs
# e1000e_legacy_irq first: QEMU before 8.0 never clears the link-change
# cause from ICR in MSI-X mode (fixed by its commit "e1000e: Fix ICR
# "Other" causes clear logic"), so its edge-triggered MSI-X emulation
# (msi_causes_pending) raises e1000e's "other" vector once and never
# again: e1000_msix_other() never sees LSC, the watchdog never reads the
# PHY, the carrier stays up. Legacy INTx reads clear ICR.
link_flap() {
	_lf_if=$(nic_if "$1")
	host_request set_link "nic$1" off
	poll_until 10 _link_down "$_lf_if" || { host_request set_link "nic$1" on; return 1; }
	host_request set_link "nic$1" on
	poll_until 20 link_up "$_lf_if"
}

_link_down() {
	! link_up "$1"
}

# e1000e_legacy_irq: e1000e loaded again with both NICs on legacy INTx
# (IntMode=0,0; see link_flap); reset_env loads it again as it was.
E1000E_LEGACY=/run/e1000e-legacy-irq
e1000e_legacy_irq() {
	[ ! -d /sys/module/e1000e ] || unload_e1000e || return 1
	: >"$E1000E_LEGACY"
	insmod /modules/e1000e.ko IntMode=0,0 || return 1
	poll_until 30 nics_present
}

# ---------------------------------------------------------------- time

# Centiseconds since boot (/proc/uptime always has two decimals).
now_cs() {
	read -r _up _rest </proc/uptime
	echo "${_up%.*}${_up#*.}"
}

# poll_until SECONDS CMD [ARGS...]: run CMD every 0.1 s until it succeeds.
# Returns 1 if it still fails after SECONDS. Do not nest.
poll_until() {
	_pu_end=$(( $(now_cs) + $1 * 100 ))
	shift
	until "$@"; do
		[ "$(now_cs)" -lt "$_pu_end" ] || return 1
		sleep 0.1
	done
}

# stays_for SECONDS CMD [ARGS...]: CMD keeps succeeding for SECONDS (checked
# every 0.2 s). An observation window, not a synchronisation.
stays_for() {
	_sf_end=$(( $(now_cs) + $1 * 100 ))
	shift
	while [ "$(now_cs)" -lt "$_sf_end" ]; do
		"$@" || return 1
		sleep 0.2
	done
	"$@"
}

# ---------------------------------------------------------------- NICs

# nic N is the device behind root port 00:1(N-1).0 (see vm.py).
nic_port() {
	echo "0000:00:1$(( $1 - 1 )).0"
}

# nic_pci N: PCI address of NIC N, e.g. 0000:01:00.0. Cached in /run at first
# use (by /init) so that it is known while the device is unplugged.
nic_pci() {
	if [ -s "/run/nic$1.pci" ]; then
		cat "/run/nic$1.pci"
		return
	fi
	for _d in /sys/bus/pci/devices/"$(nic_port "$1")"/0000:*; do
		[ -e "$_d/vendor" ] || continue
		basename "$_d" | tee "/run/nic$1.pci"
		return
	done
	return 1
}

# nic_if N: interface name of NIC N, if it is in the init netns.
nic_if() {
	for _n in /sys/bus/pci/devices/"$(nic_pci "$1")"/net/*; do
		[ -e "$_n" ] && basename "$_n"
		return 0
	done
}

nic_present() {
	[ -n "$(nic_if "$1")" ]
}

nics_present() {
	nic_present 1 && nic_present 2
}

pci_present() {
	[ -e "/sys/bus/pci/devices/$1" ]
}

pci_absent() {
	[ ! -e "/sys/bus/pci/devices/$1" ]
}

# in_ns NETNS CMD...: run a program in NETNS ("" = init netns).
in_ns() {
	_ns=$1
	shift
	if [ -n "$_ns" ]; then
		ip netns exec "$_ns" "$@"
	else
		"$@"
	fi
}

# link_up IF [NETNS]: carrier is up (LOWER_UP).
link_up() {
	ip ${2:+-n "$2"} -o link show dev "$1" | grep -q 'LOWER_UP'
}

# carrier_changes IF [NETNS]
carrier_changes() {
	in_ns "${2:-}" cat "/sys/class/net/$1/carrier_changes"
}

# ---------------------------------------------------------------- ethtool

# ethtool -k name of one of the module's feature names.
ethtool_name() {
	case $1 in
	tso) echo tcp-segmentation-offload ;;
	gso) echo generic-segmentation-offload ;;
	sg) echo scatter-gather ;;
	tx) echo tx-checksumming ;;
	*) echo "$1" ;;
	esac
}

# feat IF NAME [NETNS] -> "on" or "off", from the real `ethtool -k`.
# NAME is an ethtool -k name (tcp-segmentation-offload) or tso/gso/sg/tx.
feat() {
	_name=$(ethtool_name "$2")
	in_ns "${3:-}" ethtool -k "$1" | sed -n "s/^$_name: \([a-z]*\).*/\1/p"
}

# offloads IF [NETNS] -> "tso=off gso=off sg=off tx=off"
offloads() {
	_out=
	for _f in $QUIRK_FEATURES; do
		_out="$_out $_f=$(feat "$1" "$_f" "${2:-}")"
	done
	echo "${_out# }"
}

# offloads_are on|off IF [NETNS]: all of tso gso sg tx are on (off).
offloads_are() {
	[ "$(offloads "$2" "${3:-}")" = "tso=$1 gso=$1 sg=$1 tx=$1" ]
}

# ---------------------------------------------------------------- modules

# e1000e and its dependencies, from /modules/order (mkinitramfs.sh).
load_e1000e() {
	while read -r _m; do
		_name=$(echo "${_m%.ko}" | tr - _)
		[ -d "/sys/module/$_name" ] && continue
		insmod "/modules/$_m" || return 1
	done </modules/order
}

unload_e1000e() {
	rmmod e1000e
}

quirks_loaded() {
	[ -d /sys/module/e1000e_quirks ]
}

# harness_mark TEXT: "eq-harness: TEXT" in the kernel log, so the console
# (vm.py) sees it in the kernel's own order: around every insmod/rmmod of
# our modules (vm.py retries a crash only when none of ours was loaded or
# on its way in or out) and around the deliberate bugs of the detector
# scenario. Quietly nothing without /dev/kmsg.
harness_mark() {
	{ echo "<5>eq-harness: $*" >/dev/kmsg; } 2>/dev/null || :
}

# mod_insmod NAME KO [PARAM...], mod_rmmod NAME: insmod/rmmod between marks.
mod_insmod() {
	_mn=$1
	shift
	harness_mark "insmod $_mn"
	insmod "$@"
	_mrc=$?
	harness_mark "insmod $_mn done $_mrc"
	return $_mrc
}

mod_rmmod() {
	harness_mark "rmmod $1"
	rmmod "$1"
	_mrc=$?
	harness_mark "rmmod $1 done $_mrc"
	return $_mrc
}

# load_quirks [PARAM=VALUE...]: insmod our module; returns insmod's status.
load_quirks() {
	if [ ! -e "$QUIRKS_KO" ]; then
		log "no $QUIRKS_KO in this initramfs (module build failed?)"
		return 1
	fi
	mod_insmod e1000e_quirks "$QUIRKS_KO" "$@" || return
	# With kmemleak (debug kernels): where this load's text was, for
	# kmemleak_check (init) to recognise our frames after rmmod.
	[ -e /sys/kernel/debug/kmemleak ] || return 0
	quirks_text_range >>"$EQ_TEXT_RANGES"
}

# quirks_text_range: "START END" of the loaded module's text, 16 hex digits
# each (they compare as strings), from /sys/module/e1000e_quirks/sections
# (cheap; /proc/kallsyms is slow to read on the debug kernels): START the
# lowest address of a core text section; END the lowest address above it of
# any other section, or START + coresize if lower. Before Linux 6.4 the core
# was one allocation, text first, so that is where its rodata begins; from
# 6.4 on (mod->mem[MOD_TEXT], mod->mem[MOD_DATA], ... allocated one by one,
# and coresize is their sum) START + coresize may reach past the text into
# another module's (e1000e's, loaded after ours), while the module's data
# allocation usually follows its text: FAILSLAB's filter (39) and kmemleak's
# attribution (init) must not take e1000e's frames for ours.
quirks_text_range() {
	_qz=$(cat /sys/module/e1000e_quirks/coresize) || return 1
	# one grep for every section file ("PATH:0xADDR"); the sections
	# files refuse reads past offset 0, which grep does not do
	grep -H . /sys/module/e1000e_quirks/sections/* \
		/sys/module/e1000e_quirks/sections/.[!.]* 2>/dev/null |
	awk -F: -v qz="$_qz" '
		function hex(s,    i, v) {
			v = 0
			for (i = 1; i <= length(s); i++)
				v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
			return v
		}
		{
			n = $1; sub(/.*\//, "", n)
			a = tolower($2); sub(/^0x/, "", a)
			if (length(a) != 16) next
			if (n !~ /^\.init/ && (n ~ /text/ || n == ".altinstr_replacement" || n == ".fixup")) {
				if (start == "" || a < start) start = a
			} else
				other[a] = 1
		}
		END {
			if (start == "") exit 1
			for (a in other)
				if (a > start && (end == "" || a < end)) end = a
			# low 32 bits only (awk numbers are doubles, and printf %x
			# of one above 2^31 saturates in busybox awk)
			v = hex(substr(start, 9)) + qz
			lim = ""
			for (i = 0; i < 8; i++) {
				lim = substr("0123456789abcdef", v % 16 + 1, 1) lim
				v = int(v / 16)
			}
			lim = substr(start, 1, 8) lim
			if (v == 0 && (end == "" || lim < end)) end = lim
			if (end == "") exit 1
			print start, end
		}'
}

unload_quirks() {
	mod_rmmod e1000e_quirks
}

# dmesg_mark, then dmesg_since: the kernel log lines logged in between (the
# console log keeps the whole log).
dmesg_mark() {
	dmesg -c >/dev/null
}

dmesg_since() {
	dmesg
}

# sysfs_nic PCI FILE: /sys/kernel/e1000e_quirks/PCI/FILE
sysfs_nic() {
	cat "$QUIRKS_SYS/$1/$2"
}

sysfs_dir_exists() {
	[ -d "$QUIRKS_SYS/$1" ]
}

sysfs_dir_absent() {
	[ ! -e "$QUIRKS_SYS/$1" ]
}

state_is() {
	[ "$(sysfs_nic "$1" state 2>/dev/null)" = "$2" ]
}

# wait_state PCI STATE [SECONDS]: poll the module's state file.
wait_state() {
	poll_until "${3:-15}" state_is "$1" "$2"
}

# ---------------------------------------------------------------- environment

# spawn CMD...: start a background program that reset_env will kill.
spawn() {
	"$@" &
	echo $! >>"$BG_PIDS"
}

_gone() {
	[ ! -e "/proc/$1" ]
}

kill_bg() {
	[ -f "$BG_PIDS" ] || return 0
	while read -r _p; do
		kill "$_p" 2>/dev/null
	done <"$BG_PIDS"
	while read -r _p; do
		poll_until 10 _gone "$_p" || kill -9 "$_p" 2>/dev/null
	done <"$BG_PIDS"
	rm -f "$BG_PIDS"
}

# reset_env: back to clean defaults (see the header).
reset_env() {
	kill_bg
	# Global state a scenario may change, restored here whether it passed
	# or not: panic_on_warn as booted (vm.py boots with panic_on_warn=1;
	# 50-detectors turns it off for its bugs), our trace events off and
	# tracing on (21, 22, 29, 37 enable them, 26's tools record them).
	case " $(cat /proc/cmdline) " in
	*" panic_on_warn=1 "*) echo 1 >/proc/sys/kernel/panic_on_warn ;;
	esac
	if [ -e /sys/kernel/tracing/events/e1000e_quirks/enable ]; then
		echo 0 >/sys/kernel/tracing/events/e1000e_quirks/enable
		echo 1 >/sys/kernel/tracing/tracing_on
	fi
	if quirks_loaded; then
		unload_quirks || { log "reset_env: rmmod e1000e_quirks failed"; return 1; }
	fi
	if standin_loaded; then
		standin_unload || { log "reset_env: rmmod e1000e_standin failed"; return 1; }
	fi
	if [ -e "$E1000E_LEGACY" ]; then	# e1000e_legacy_irq
		[ ! -d /sys/module/e1000e ] || unload_e1000e ||
			{ log "reset_env: rmmod e1000e (IntMode=0) failed"; return 1; }
		rm -f "$E1000E_LEGACY"
	fi
	# A loaded e1000e gives up its NICs and probes them again: fresh net
	# devices as after a reload, without unloading the module. Under
	# DEBUG_KOBJECT_RELEASE each rmmod waits 2-8 s for the module's
	# kobjects, and each unregistered net device 1-4 s for its queues'
	# (both NICs at once).
	if [ -d /sys/module/e1000e ]; then
		_pids=
		for _n in 1 2; do
			_p=$(nic_pci $_n)
			[ ! -e "/sys/bus/pci/drivers/e1000e/$_p" ] && continue
			echo "$_p" >/sys/bus/pci/drivers/e1000e/unbind &
			_pids="$_pids $!"
		done
		# shellcheck disable=SC2086 # one pid per word
		[ -z "$_pids" ] || wait $_pids
		for _n in 1 2; do
			_p=$(nic_pci $_n)
			[ ! -e "/sys/bus/pci/drivers/e1000e/$_p" ] ||
				{ log "reset_env: unbinding $_p failed"; return 1; }
		done
	fi
	for _n in 1 2; do	# runtime PM off again (34-standin-runtime-pm)
		_pc=/sys/bus/pci/devices/$(nic_pci $_n)/power/control
		[ ! -e "$_pc" ] || echo on >"$_pc"
	done
	for _ns in $(ip netns list | cut -d' ' -f1); do
		ip netns delete "$_ns"
	done
	if [ -d /sys/module/e1000e ]; then
		for _n in 1 2; do
			_p=$(nic_pci $_n)
			[ ! -e "/sys/bus/pci/devices/$_p" ] ||
				[ -e "/sys/bus/pci/drivers/e1000e/$_p" ] ||
				echo "$_p" >/sys/bus/pci/drivers/e1000e/bind ||
				{ log "reset_env: binding $_p failed"; return 1; }
		done
	else
		load_e1000e || { log "reset_env: loading e1000e failed"; return 1; }
	fi
	poll_until 30 nics_present || { log "reset_env: NICs did not appear"; return 1; }
}

# setup_pair: nic1 up in the init netns as $ADDR1, nic2 up in netns $PEER_NS
# as $ADDR2; returns once both have carrier and nic1 reaches nic2.
# Sets IF1 and IF2.
setup_pair() {
	IF1=$(nic_if 1)
	IF2=$(nic_if 2)
	ip netns add "$PEER_NS" &&
	ip link set "$IF2" netns "$PEER_NS" &&
	ip -n "$PEER_NS" link set lo up &&
	ip -n "$PEER_NS" addr add "$ADDR2/24" dev "$IF2" &&
	ip -n "$PEER_NS" link set "$IF2" up &&
	ip addr add "$ADDR1/24" dev "$IF1" &&
	ip link set "$IF1" up || return 1
	poll_until 20 link_up "$IF1" || { log "setup_pair: no carrier on $IF1"; return 1; }
	poll_until 20 link_up "$IF2" "$PEER_NS" || { log "setup_pair: no carrier on $IF2"; return 1; }
	poll_until 20 ping -c 1 -W 1 "$ADDR2" >/dev/null ||
		{ log "setup_pair: $ADDR2 unreachable"; return 1; }
}

# ethstat IF NAME [NETNS]: one `ethtool -S` counter.
ethstat() {
	in_ns "${3:-}" ethtool -S "$1" | sed -n "s/^ *$2: *//p"
}

ifstat() {	# ifstat IF tx_packets [NETNS]: /sys/class/net/IF/statistics
	in_ns "${3:-}" cat "/sys/class/net/$1/statistics/$2"
}

# ---------------------------------------------------------------- TX hang

# PCI config space byte: pci_cfg_read CONFIGFILE OFFSET
pci_cfg_read() {
	dd if="$1" bs=1 skip="$2" count=1 2>/dev/null | od -An -tu1 | tr -d ' \n'
}

# pci_cfg_write CONFIGFILE OFFSET VALUE
pci_cfg_write() {
	# shellcheck disable=SC2059 # the format is the octal escape
	printf "\\$(printf %03o "$3")" |
		dd of="$1" bs=1 seek="$2" count=1 conv=notrunc 2>/dev/null
}

tx_timeouts() {	# tx_timeouts IF: queue 0's netdev watchdog count
	cat "/sys/class/net/$1/queues/tx-0/tx_timeout"
}

# tx_inflight IF: bytes handed to the NIC and not completed (BQL).
tx_inflight() {
	cat "/sys/class/net/$1/queues/tx-0/byte_queue_limits/inflight"
}

_tx_packets_is() {
	[ "$(ifstat "$1" tx_packets)" = "$2" ]
}

# tx_stalled IF: TX completions stopped for 1 s with bytes still in flight.
tx_stalled() {
	[ "$(tx_inflight "$1")" -gt 0 ] &&
	stays_for 1 _tx_packets_is "$1" "$(ifstat "$1" tx_packets)"
}

# hang_tx IF: a genuine TX hang on IF (init netns, up, with an address).
#
# Ping a neighbour that never answers (permanent entry: frames go out without
# ARP) and clear Bus Master Enable (bit 2 of the PCI command register, byte 4
# of config space). The NIC still consumes the descriptors it is given but can
# neither fetch their data nor write them back, so the driver never sees those
# packets complete: the ring stalls, the queue stops, and ~5 s later the netdev
# watchdog fires (queues/tx-0/tx_timeout rises, net:net_dev_xmit_timeout),
# e1000e logs "Reset adapter unexpectedly" and resets the adapter.
#
# Bus mastering is restored as soon as the stall is visible (tx_stalled), i.e.
# before the watchdog: the lost descriptors keep the queue hung, so the reset
# still happens, but it then runs with DMA working and the NIC recovers by
# itself. (If the reset ran with bus mastering off, the link-change interrupt
# that e1000e_up() relies on to restart its watchdog timer would be lost; on
# 6.12 the link then stayed down for good, with no further reset.)
# Returns 1 if no stall shows within 20 s. Stop the pings with kill_bg.
# hang_tx IF hold: keep bus mastering off until unhang_tx (a reset then runs
# without DMA, see above).
hang_tx() {
	ip neigh replace "$HANG_DST" lladdr "$HANG_LLADDR" dev "$1" nud permanent || return 1
	spawn ping -q -i 0.05 "$HANG_DST" >/dev/null
	_cfg=/sys/class/net/$1/device/config
	_cmd=$(pci_cfg_read "$_cfg" 4)
	[ -n "$_cmd" ] || return 1
	echo "$_cmd" >"/run/hang.$1"
	_ht0=$(tx_timeouts "$1")
	pci_cfg_write "$_cfg" 4 $(( _cmd & ~4 ))
	log "hang_tx $1: PCI command $_cmd -> $(pci_cfg_read "$_cfg" 4) (bus master off)"
	poll_until 20 tx_stalled "$1"
	_rc=$?
	# "hold": leave bus mastering off (unhang_tx restores it).
	[ "${2:-}" = hold ] || unhang_tx "$1"
	# Seeing the stall took longer than the watchdog's 5 s (a loaded
	# KASAN guest): the reset ran without DMA, and TX may stay dead.
	[ "${2:-}" = hold ] || [ "$(tx_timeouts "$1")" -le "$_ht0" ] ||
		log "hang_tx $1: the watchdog fired before bus mastering came back (the stall was seen late): the reset ran without DMA"
	[ "$_rc" -eq 0 ] || { log "hang_tx $1: TX did not stall"; return 1; }
	log "hang_tx $1: TX stalled, $(tx_inflight "$1") bytes in flight"
}

_tx_moved_from() {
	[ "$(ifstat "$1" tx_packets)" -gt "$2" ]
}

_peer_answers() {
	ping -c 1 -W 1 "$ADDR2" >/dev/null
}

# tx_recovered IF: after a reset, TX moves again, the pings stop and the
# peer (setup_pair) answers. Returns 1 with a log line otherwise.
tx_recovered() {
	poll_until 30 _tx_moved_from "$1" "$(ifstat "$1" tx_packets)" ||
		{ log "tx_recovered $1: tx_packets stuck"; return 1; }
	kill_bg
	poll_until 30 _peer_answers ||
		{ log "tx_recovered $1: $ADDR2 unreachable"; return 1; }
}

# unhang_tx IF: restore the PCI command byte saved by hang_tx (if not yet).
unhang_tx() {
	_cfg=/sys/class/net/$1/device/config
	[ -s "/run/hang.$1" ] || return 0
	pci_cfg_write "$_cfg" 4 "$(cat "/run/hang.$1")"
	log "unhang_tx $1: PCI command -> $(pci_cfg_read "$_cfg" 4)"
	rm -f "/run/hang.$1"
}

# tx_timeout_above IF N: the watchdog fired more than N times.
tx_timeout_above() {
	[ "$(tx_timeouts "$1")" -gt "$2" ]
}

# real_hang IF: one genuine TX watchdog reset of IF (hang_tx, then the
# kernel's watchdog count grows); fails the scenario otherwise.
real_hang() {
	_rh0=$(tx_timeouts "$1")
	hang_tx "$1" || fail "TX did not stall after clearing bus mastering"
	poll_until 30 tx_timeout_above "$1" "$_rh0" ||
		fail "no TX watchdog: tx_timeout stayed $(tx_timeouts "$1")"
}

# ---------------------------------------------------------------- stand-in
#
# tests/standin: e1000e_standin.ko registers a PCI driver named "e1000e" for
# the 82574L in place of the real e1000e and behaves like an I219: EEE, TSO
# fixed off (tso_fixed_off=), TX VLAN tied to RX VLAN, runtime PM, the
# disable-k1 private flag (k1=), and a "hang" counter in debugfs that stops
# TX completions so the kernel's watchdog fires after watchdog_ms (500 ms),
# N times in a row.
# Frames are dropped, so there is no traffic between the NICs.

STANDIN_KO=/e1000e_standin.ko
STANDIN_DBG=/sys/kernel/debug/e1000e_standin

standin_loaded() {
	[ -d /sys/module/e1000e_standin ]
}

# standin_load [PARAM=VALUE...]: replace e1000e by the stand-in; returns
# once both NICs have a net device again.
standin_load() {
	if [ ! -e "$STANDIN_KO" ]; then
		log "no $STANDIN_KO in this initramfs (stand-in build failed?)"
		return 1
	fi
	[ -d /sys/kernel/debug/e1000e_standin ] ||
		grep -q ' /sys/kernel/debug ' /proc/mounts ||
		mount -t debugfs debugfs /sys/kernel/debug || return 1
	if [ -d /sys/module/e1000e ]; then
		unload_e1000e || return 1
	fi
	mod_insmod e1000e_standin "$STANDIN_KO" "$@" || return 1
	poll_until 30 nics_present || { log "standin_load: NICs did not appear"; return 1; }
}

standin_unload() {
	mod_rmmod e1000e_standin
}

# standin_dbg PCI FILE: the stand-in's debugfs value for a NIC
# (hang, tx_timeout_count, resets, rpm_suspends, rpm_resumes,
# hw_access_suspended).
standin_dbg() {
	cat "$STANDIN_DBG/$1/$2"
}

# standin_up IF ADDR: up with an address and carrier, and a permanent
# neighbour ($HANG_DST) to send to.
standin_up() {
	ip addr add "$2/24" dev "$1" &&
	ip link set "$1" up &&
	ip neigh replace "$HANG_DST" lladdr "$HANG_LLADDR" dev "$1" nud permanent ||
		return 1
	poll_until 10 link_up "$1"
}

_tx_timeout_at_least() {
	[ "$(tx_timeouts "$1")" -ge "$2" ]
}

# standin_hang IF N: exactly N more TX watchdog resets on IF (up, see
# standin_up), one after the other: pings to $HANG_DST while the stand-in's
# "hang" counter (debugfs; each TX timeout counts it down) is not 0; each
# reset re-inits the NIC and the woken queue stalls again until the counter
# is 0. Returns once queues/tx-0/tx_timeout has risen by N and the carrier
# is back; 1 if that takes more than 3 s per reset + 10 s.
standin_hang() {
	_sh_pci=$(basename "$(readlink "/sys/class/net/$1/device")")
	_sh_want=$(( $(tx_timeouts "$1") + $2 ))
	ping -q -i 0.05 "$HANG_DST" >/dev/null 2>&1 &
	_sh_ping=$!
	echo "$2" >"$STANDIN_DBG/$_sh_pci/hang"
	poll_until $(( $2 * 3 + 10 )) _tx_timeout_at_least "$1" "$_sh_want"
	_sh_rc=$?
	echo 0 >"$STANDIN_DBG/$_sh_pci/hang"
	kill "$_sh_ping" 2>/dev/null
	wait "$_sh_ping" 2>/dev/null
	[ "$_sh_rc" -eq 0 ] ||
		{ log "standin_hang $1 $2: tx_timeout $(tx_timeouts "$1"), want $_sh_want"; return 1; }
	poll_until 10 link_up "$1"
}

# faulted: the kobject bug's page fault and the end of its Oops are in the
# kernel log (the window ends after the whole report)
faulted() {
	dmesg_since | sed -n '/BUG: unable to handle page fault/,$p' |
		grep -q -- '---\[ end trace'
}

# _pd_commit BUG: load the bug module with bug=BUG, unload it.
_pd_commit() {
	mod_insmod e1000e_quirks "$BUGS_KO" "bug=$1" || return 1
	mod_rmmod e1000e_quirks
}

_ours_leaked() {	# a kmemleak report with a frame in the bug module
	echo scan >"$KL" || return 1
	grep -q 'bug_leak.*\[e1000e_quirks\]' "$KL"
}

# prove_detectors BUG...: the detectors' proof (50-detectors, 53): for each
# BUG, the throwaway bug module (tests/debug/bugs, /e1000e_bugs.ko, named
# e1000e_quirks) commits it between the marks "eq-harness: expect BUG" and
# "eq-harness: expect end"; vm.py judges each window with
# tests/debug/bugs/detectors. kmemleak (leak) is judged here. Fails the
# scenario when the bug module cannot be loaded or a leak stays unseen.
prove_detectors() {
	BUGS_KO=/e1000e_bugs.ko
	KL=/sys/kernel/debug/kmemleak
	[ -e "$BUGS_KO" ] || fail "no $BUGS_KO in this initramfs (bug module build failed?)"
	grep -q ' /sys/kernel/debug ' /proc/mounts ||
		mount -t debugfs debugfs /sys/kernel/debug || fail "cannot mount debugfs"
	for b in "$@"; do
		dmesg_mark
		case $b in
		leak)
			[ -e "$KL" ] || fail "leak: no $KL (CONFIG_DEBUG_KMEMLEAK)"
			mod_insmod e1000e_quirks "$BUGS_KO" bug=leak leak_forget=1 || fail "insmod bug=leak failed"
			# kmemleak reports an object once it is 5 s old, after two scans;
			# a scan of a debug kernel under TCG takes seconds
			poll_until 180 _ours_leaked ||
				{ mod_rmmod e1000e_quirks; fail "leak: kmemleak stayed silent"; }
			log "kmemleak: $(grep -m 1 'bug_leak' "$KL")"
			mod_rmmod e1000e_quirks || fail "rmmod of the bug module failed"
			# reported: not again at the end (init's kmemleak_check); the
			# objects not reported yet are ignored at unload (leak_forget)
			echo clear >"$KL" || fail "kmemleak clear refused"
			continue
			;;
		uaf | kfence | ubsan | odebug | kobject)
			echo 0 >/proc/sys/kernel/panic_on_warn || fail "panic_on_warn=0 refused"
			;;
		esac
		harness_mark "expect $b"
		_pd_commit "$b" || { harness_mark "expect end"; fail "$b: the bug module's load or unload failed"; }
		# the kobject releases run 2-8 s after rmmod (DEBUG_KOBJECT_RELEASE)
		[ "$b" != kobject ] || poll_until 60 faulted || log "kobject: no page fault within 60 s"
		harness_mark "expect end"
	done
}

# ---------------------------------------------------------------- bench durations
#
# The bench (tests/vm/bench/) takes every duration between two trace events
# (trace_pairs) from one trace clock, mono (CLOCK_MONOTONIC, read from the
# guest's clocksource), with the clocksource set to hpet where the guest has
# it (QEMU's HPET is one counter for all vCPUs; the TSC is read per vCPU),
# and keeps a pair only when both ends were on the same CPU (the trace's
# CPU column): a pair across CPUs is dropped and counted, never measured
# (pairs across the TCG vCPUs read 0 us with the global clock and down to
# -20 ms with mono in the runs of 2026-12-02). The scripts pin themselves
# (and so every command they start) to CPU 0. A negative pair, or one
# longer than the wall time the shell measured around the operation, is
# impossible: it is not reported as a value, and the script fails naming it.
TRACEFS=/sys/kernel/tracing
BENCH_RUN=/run/bench
CLOCKSOURCE=/sys/devices/system/clocksource/clocksource0

# bench_clock_setup: hpet as the clocksource where available, the mono
# trace clock, this shell on CPU 0, this script's counts (bench_pairs,
# bench_dropped) empty. Prints the clocksource in use.
bench_clock_setup() {
	rm -rf "$BENCH_RUN"
	mkdir -p "$BENCH_RUN" || return 1
	: >"$BENCH_RUN/keys"
	: >"$BENCH_RUN/dropped"
	: >"$BENCH_RUN/bad"
	if [ "$(cat "$CLOCKSOURCE/current_clocksource")" != hpet ] &&
		grep -qw hpet "$CLOCKSOURCE/available_clocksource"; then
		echo hpet >"$CLOCKSOURCE/current_clocksource" ||
			log "cannot switch the clocksource to hpet" >&2
	fi
	[ -w "$TRACEFS/trace_clock" ] || { log "no tracefs" >&2; return 1; }
	echo mono >"$TRACEFS/trace_clock" || { log "no mono trace clock" >&2; return 1; }
	taskset -p 1 $$ >/dev/null || { log "cannot pin to CPU 0" >&2; return 1; }
	cat "$CLOCKSOURCE/current_clocksource"
}

# trace_pairs MODE FROM TO [SAME_TASK] [FILE]: the intervals between two
# events of the trace (FILE, default the live $TRACEFS/trace), one line
# each:
#   ok US CPU        both ends on CPU CPU, US microseconds apart
#   xcpu CPU1 CPU2   the ends on two CPUs (dropped)
#   unpaired         a FROM without its TO, a TO without its FROM (alt),
#                    or (SAME_TASK 1) the ends from two tasks (dropped)
#   lost             the buffer lost events (entries-in-buffer and
#                    entries-written differ): every pair of it is dropped
# FROM and TO are extended regular expressions matched against the text
# after the timestamp, e.g. "^__dev_open( |$)" ("__dev_open <-dev_open"),
# "^tracing_mark_write: bench-1$", "^apply: ifname=eth0 .*why=hang".
# MODE first: the first FROM, with the first TO after it (one line);
#      last:  the first FROM, with the last TO after it (one line);
#      alt:   each FROM with the next TO (FROM TO FROM TO ...).
trace_pairs() {
	awk -v mode="$1" -v from="$2" -v to="$3" -v same="${4:-0}" '
	function pair(us, cpu, task) {
		if (cpu != fcpu) print "xcpu " fcpu " " cpu
		else if (same && task != ftask) print "unpaired"
		else print "ok " (us - fus) " " cpu
	}
	/^#/ {
		if (match($0, /entries-in-buffer\/entries-written: [0-9]+\/[0-9]+/)) {
			s = substr($0, RSTART, RLENGTH); sub(/.*: /, "", s)
			split(s, e, "/")
			if (e[1] != e[2]) lost = 1
		}
		next
	}
	{
		cpu = ""; ts = ""; task = ""
		for (i = 1; i <= NF; i++) {
			if (cpu == "" && $i ~ /^\[[0-9]+\]$/) { cpu = substr($i, 2, length($i) - 2) + 0; continue }
			if (cpu != "" && $i ~ /^[0-9]+\.[0-9]+:$/) { ts = $i; break }
			if (cpu == "") task = task (task == "" ? "" : " ") $i
		}
		if (ts == "") next
		text = ""
		for (j = i + 1; j <= NF; j++) text = text (j > i + 1 ? " " : "") $j
		# "12.000353": busybox awk reads "000353" as octal (235), so the
		# fraction is read as "1000353" - 1000000
		sub(/:$/, "", ts); split(ts, t, ".")
		us = t[1] * 1000000 + ("1" substr(t[2] "000000", 1, 6)) - 1000000
		isfrom = text ~ from; isto = !isfrom && text ~ to
		if (mode == "alt") {
			if (isfrom) {
				if (open) print "unpaired"
				open = 1; fus = us; fcpu = cpu; ftask = task
			} else if (isto) {
				if (!open) print "unpaired"
				else pair(us, cpu, task)
				open = 0
			}
			next
		}
		if (done) next
		if (!open && isfrom) { open = 1; fus = us; fcpu = cpu; ftask = task; next }
		if (open && isto) {
			have = 1; tus = us; tcpu = cpu; ttask = task
			if (mode == "first") done = 1
		}
	}
	END {
		if (lost) { print "lost"; exit }
		if (mode == "alt") { if (open) print "unpaired"; exit }
		if (!open) print "unpaired"
		else if (!have) print "unpaired"
		else pair(tus, tcpu, ttask)
	}' "${5:-$TRACEFS/trace}"
}

# bench_pairs KEY MAX_US [WHAT]: trace_pairs' lines on stdin to BENCH lines
# "BENCH KREL KEY US" (0 <= US <= MAX_US); the dropped ones are counted for
# bench_dropped, the impossible ones (negative, above MAX_US: the wall time
# around the operation) go to $BENCH_RUN/bad and are not reported. WHAT
# names the repetition in the log. Returns 1 if no line was usable.
bench_pairs() {
	_bp_ok=1
	grep -qxF "$1" "$BENCH_RUN/keys" 2>/dev/null || echo "$1" >>"$BENCH_RUN/keys"
	while read -r _bp_kind _bp_a _bp_b; do
		case $_bp_kind in
		ok)
			if [ "$_bp_a" -lt 0 ]; then
				log "${3:-}$1: $_bp_a us: negative (CPU $_bp_b)"
				echo "$1=$_bp_a (negative)" >>"$BENCH_RUN/bad"
			elif [ "$_bp_a" -gt "$2" ]; then
				log "${3:-}$1: $_bp_a us: longer than the $2 us around it"
				echo "$1=$_bp_a (above the wall time, $2 us)" >>"$BENCH_RUN/bad"
			else
				bench "$1" "$_bp_a"
				_bp_ok=0
			fi
			;;
		*)
			log "${3:-}$1: dropped: $_bp_kind $_bp_a $_bp_b"
			echo "$1" >>"$BENCH_RUN/dropped"
			;;
		esac
	done
	return $_bp_ok
}

# bench_dropped: "BENCH KREL KEY.dropped N" for every key of bench_pairs
# (0 when none was dropped); 1 if a value was impossible (bench_bad names
# them: the script fails with it).
bench_dropped() {
	[ -s "$BENCH_RUN/keys" ] || return 0
	while read -r _bd_k; do
		_bd_n=$(grep -cxF "$_bd_k" "$BENCH_RUN/dropped")
		bench "$_bd_k.dropped" "${_bd_n:-0}"
	done <"$BENCH_RUN/keys"
	[ ! -s "$BENCH_RUN/bad" ]
}

bench_bad() {
	tr '\n' ' ' <"$BENCH_RUN/bad"
}

# bench_reps: N of eq.bench_n= on the kernel command line (BENCH_N), else 10.
bench_reps() {
	_br=$(sed -n 's/.*eq\.bench_n=\([0-9][0-9]*\).*/\1/p' /proc/cmdline)
	echo "${_br:-10}"
}
