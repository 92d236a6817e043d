#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/fleet/run.sh [prom] [ansible]: the fleet tooling of contrib/ (issue 20).
#
#  prom     promtool check rules and promtool test rules on
#           contrib/prometheus/ (every alert firing and not firing); every
#           e1000e_quirks_* metric the rules read is one the command writes;
#           and the tests are not vacuous: each of a few mutated rule files
#           (a threshold, a for:, a label match) must make them fail; a
#           second test generated at run time (fixture-rules-test.py) from
#           `e1000e-quirks status --prometheus` on the module tree recorded
#           from a VM (tests/cli/fixture: a mode=monitor NIC with ladder
#           "-" and a reset, an escalating one): no top-of-ladder page for
#           the first, one for the second at its top step; every alert has
#           a runbook_url to its README.md heading.
#  ansible  ansible-lint (production profile) on contrib/ansible/, then the
#           example playbook's role against an overlay of the Debian 13
#           chroot (tests/trixie-chroot.sh) over Ansible's chroot
#           connection, with the package's .deb (DEB=, default: built by
#           scripts/build-deb.sh):
#             run 0  --check --diff on the fresh overlay: exit 0, nothing
#                    installed or written
#             run 1  changed: headers metapackage, package, modprobe.d file
#                    (group and host NIC lists added up), initramfs
#                    handler (update-initramfs stubbed: counted); no
#                    modprobe (not built for the host's kernel), said so
#             run 2  the same inventory: changed=0
#             run 2c --check --diff on the configured overlay: changed=0
#             bool   eee: off unquoted: refused before any other task
#             type   tx_ring: many: refused by meta/argument_specs.yml
#             ring   tx_ring: 250: refused by check-config (template
#                    validate:), the file unchanged
#             run 3h a fake /sys/module/e1000e_quirks (the role's sysfs
#                    hook): only the writes that cannot bounce a link
#                    (features), the others listed
#             run 3  the same with e1000e_quirks_live_apply_bouncing and
#                    `status --json` on a fake tree: the changed
#                    parameters are written, a NIC in overridden reported
#             run 4  the same: changed=0
#             run 5  a NIC in error: the play fails naming it
#           The kernel headers' build links are hidden in the overlay, so
#           DKMS builds nothing here (tests/check-deb.sh checks the DKMS
#           build in this chroot); the live apply against the real module
#           is a SKIP line (below).
#
# Prints "PASS fleet ...", "FAIL fleet ...: why", "SKIP fleet ...: why" and
# "fleet: N passed, N failed, N skipped"; exit 1 if anything failed.
# Environment: DEB (a built .deb), FLEET_LOGS (default build/fleet).
# shellcheck disable=SC2016 # ${Status}: dpkg-query's format
set -uo pipefail
self=$(realpath "$0")
cd "$(dirname "$self")/../.." || exit 1
top=$PWD
logs=${FLEET_LOGS:-$top/build/fleet}
mkdir -p "$logs"

passed=0 failed=0 skipped=0
pass() { echo "PASS fleet $*"; passed=$((passed + 1)); }
fail() { echo "FAIL fleet $1: ${*:2}"; failed=$((failed + 1)); }
skip() { echo "SKIP fleet $1: ${*:2}"; skipped=$((skipped + 1)); }

# ---------------------------------------------------------------- prom

prom_dir=$top/contrib/prometheus
rules=$prom_dir/e1000e-quirks.rules.yml
rtest=$prom_dir/e1000e-quirks.rules.test.yml

check_prom() {
	local m t names missing n
	if ! command -v promtool >/dev/null; then
		fail prom "promtool missing (Debian's prometheus package: tests/deps.sh)"
		return
	fi
	if promtool check rules "$rules" >"$logs/promtool-check.log" 2>&1; then
		pass "promtool check rules: $(grep -o '[0-9]* rules found' "$logs/promtool-check.log")"
	else
		fail "promtool check rules" "$(tail -n 5 "$logs/promtool-check.log" | tr '\n' ' ')"
	fi
	# promtool resolves rule_files next to the test file
	if (cd "$prom_dir" && promtool test rules "${rtest##*/}") >"$logs/promtool-test.log" 2>&1; then
		n=$(grep -c 'alertname:' "$rtest")
		pass "promtool test rules: $n alert checks, every alert firing and not firing"
	else
		fail "promtool test rules" "see $logs/promtool-test.log: $(grep -m 3 'alertname' "$logs/promtool-test.log" | tr '\n' ' ')"
	fi
	# every alert of the rules has a firing and a not-firing check
	missing=
	while read -r a; do
		awk -v a="$a" '
			$0 ~ "alertname: " a "$" { inb = 1; next }
			inb && /exp_alerts: \[\]/ { none = 1; inb = 0 }
			inb && /exp_labels:/ { some = 1; inb = 0 }
			END { exit !(none && some) }' "$rtest" || missing="$missing $a"
	done < <(sed -n 's/^ *- alert: //p' "$rules")
	if [ -z "$missing" ]; then pass "promtool tests: each alert of the rules fires and stays silent in a case"
	else fail "promtool tests" "no firing and not-firing case for:$missing"; fi
	# a test generated from what the command writes on the recorded
	# module tree (tests/cli/fixture): "-" is no ladder, a real ladder's
	# top is one
	t=$logs/fixture
	rm -rf "$t"
	mkdir -p "$t/empty"
	if tests/cli/fixture-sys.sh "$t/sys" 2>"$logs/fixture-rules.log" &&
	   { E1000E_QUIRKS_SYSFS=$t/sys E1000E_QUIRKS_MODDIR=$t/empty \
	     E1000E_QUIRKS_MODULES=$t/empty E1000E_QUIRKS_BOOT=$t/empty \
	     E1000E_QUIRKS_PROC=$t/empty sh scripts/e1000e-quirks status --prometheus >"$t/metrics"
	     [ $? -le 1 ]; } &&
	   tests/fleet/fixture-rules-test.py "$rules" <"$t/metrics" >"$t/test.yml" 2>>"$logs/fixture-rules.log" &&
	   promtool test rules "$t/test.yml" >>"$logs/fixture-rules.log" 2>&1; then
		pass "promtool test generated from the command on the recorded module tree ($(sed -n 's/^fixture-rules-test: //p' "$logs/fixture-rules.log"))"
	else
		fail "promtool fixture test" "see $logs/fixture-rules.log: $(grep -v '^ *$' "$logs/fixture-rules.log" | head -n 8 | tr '\n' ' ' | cut -c1-400)"
	fi
	# every alert has a runbook_url to a section of README.md
	missing=
	while read -r a; do
		awk -v a="$a" '
			$0 ~ "- alert: " a "$" { in_a = 1; next }
			in_a && /- alert: / { exit 1 }
			in_a && $0 ~ "runbook_url: \"https://e1000e-quirks.invalid/README.md#" tolower(a) "\"" { found = 1; exit }
			END { exit !found }' "$rules" || { missing="$missing $a(url)"; continue; }
		grep -qix "#### $a" README.md || missing="$missing $a(README)"
	done < <(sed -n 's/^ *- alert: //p' "$rules")
	if [ -z "$missing" ]; then pass "every alert has a runbook_url to its README.md section ($(grep -c '^ *- alert: ' "$rules"))"
	else fail "runbook_url" "missing or no README.md heading '#### ALERT':$missing"; fi
	# the metrics the rules read are written by the command
	names=$(grep -o 'e1000e_quirks_[a-z0-9_]*' "$rules" | sort -u)
	missing=
	for m in $names; do
		grep -q "\"$m\"\\|$m{\\|$m %\\|$m\\\\" scripts/e1000e-quirks || missing="$missing $m"
	done
	if [ -z "$missing" ]; then pass "rules read only metrics scripts/e1000e-quirks writes ($(wc -w <<<"$names"))"
	else fail "rules metrics" "not written by the command:$missing"; fi
	# mutations: each must make the tests fail
	t=$logs/mutant
	rm -rf "$t"
	mkdir -p "$t"
	cp "$rtest" "$t/"
	n=0 missing=
	while IFS='|' read -r what from to; do
		sed "s/$from/$to/" "$rules" >"$t/e1000e-quirks.rules.yml"
		if cmp -s "$rules" "$t/e1000e-quirks.rules.yml"; then
			missing="$missing '$what' (did not apply)"
			continue
		fi
		n=$((n + 1))
		(cd "$t" && promtool test rules "${rtest##*/}") >/dev/null 2>&1 &&
			missing="$missing '$what'"
	done <<-'EOF'
	threshold 3 -> 0|) > 3$|) > 0
	for 30m -> 5m|for: 30m|for: 5m
	top step match dropped|and ignoring (ladder, top_step)|and ignoring (ladder, top_step, step)
	stale 180 -> 600|> 180|> 600
	not-loaded join dropped|and on (instance, job) (e1000e_quirks_up == 0)|or on (instance, job) (e1000e_quirks_up == 0)
	target labels dropped|sum without (step)|sum by (instance, job, ifname, pci)
	no-ladder guard dropped|{top_step!="0"}|
	stale for: 15m dropped|for: 15m|for: 0m
	24 h window -> 15 min|\[24h\]|[15m]
	old kernels not left out|{kernel!~"(\[0-5\]|6\[.\]0)\[.\].\*"}|
	EOF
	if [ -z "$missing" ]; then pass "promtool tests catch $n mutated rules (threshold, for:, top-step match, stale age, not-loaded join, target labels, the no-ladder guard, stale for:, the 24 h window, old kernels)"
	else fail "promtool mutations" "tests still pass with:$missing"; fi
}

# ---------------------------------------------------------------- ansible

ans_dir=$top/contrib/ansible

# recap LOG: "ok changed failed" of the play recap's one host line.
recap() {
	sed -n 's/.* ok=\([0-9]*\) *changed=\([0-9]*\) .*failed=\([0-9]*\).*/\1 \2 \3/p' "$1" | tail -n 1
}

# play N INVENTORY [ARGS...]: ansible-playbook on the example playbook; log
# in $logs/ansible-N.log; status in $rc.
play() {
	ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0 ANSIBLE_CONFIG=$ans_dir/ansible.cfg \
	ANSIBLE_ROLES_PATH=$ans_dir ANSIBLE_HOST_KEY_CHECKING=0 \
	ANSIBLE_LOCAL_TEMP=$work/ansible-local ANSIBLE_REMOTE_TEMP=/tmp/.ansible \
	ANSIBLE_PYTHON_INTERPRETER=/usr/bin/python3 ANSIBLE_RETRY_FILES_ENABLED=0 \
		ansible-playbook -i "$2" "$ans_dir/playbook.yml" "${@:3}" >"$logs/ansible-$1.log" 2>&1
	rc=$?
}

# inventory FILE [YAML-LINES]: the test host (the overlay, chroot
# connection). The NIC lists add up: the group's pci= entry, the host's
# name=eno2 entry in place of the group's (tx_ring 256, not 512).
inventory() {
	{
		cat <<-EOF
		all:
		  children:
		    e1000e_hosts:
		      vars:
		        e1000e_quirks_nics:
		          - match: pci=0000:00:1f.6
		            options:
		              eee: "off"
		          - match: name=eno2
		            options:
		              tx_ring: 512
		      hosts:
		        $root:
		          ansible_connection: community.general.chroot
		          e1000e_quirks_deb: $deb
		          e1000e_quirks_headers_package: linux-headers-amd64
		          e1000e_quirks_options:
		            mode: on-hang
		            escalate: 1
		            features: [tso, gso]
		          e1000e_quirks_host_nics:
		            - match: name=eno2
		              options:
		                tx_ring: 256
		                eee: "off"
		EOF
		printf '%s\n' "${@:2}" | sed 's/^/          /'
	} >"$1"
}

# fake_sys DIR STATE: a loaded module's parameters (as the module shows
# them before the role) and one NIC in STATE, inside the overlay.
fake_sys() {
	local s=$root$1 d
	rm -rf "$s"
	mkdir -p "$s/module/e1000e_quirks/parameters" "$s/class/net"
	for kv in mode=always escalate=0 features=tso,gso,sg,tx nic= eee=keep ids=; do
		printf '%s\n' "${kv#*=}" >"$s/module/e1000e_quirks/parameters/${kv%%=*}"
	done
	echo 0.1.0 >"$s/module/e1000e_quirks/version"
	d=$s/kernel/e1000e_quirks/0000:00:1f.6
	mkdir -p "$d"
	echo tracepoint >"$s/kernel/e1000e_quirks/watchdog_source"
	for kv in ifname=eno1 "state=$2" mode=on-hang "features_planned=tso gso" \
		  "features_off=tso" "features_cleared=tso" "last_error=cannot set eee: -95"; do
		printf '%s\n' "${kv#*=}" >"$d/${kv%%=*}"
	done
}

ansible_runs() {
	local r conf want n f st p got before
	conf=$root/etc/modprobe.d/e1000e-quirks.conf
	# check mode on the fresh host: nothing written, nothing failed
	play 0 "$work/inv1.yml" --check --diff
	r=$(recap "$logs/ansible-0.log")
	read -r _ n f <<<"${r:-x x x}"
	if [ "$rc" -eq 0 ] && [ "${f:-1}" = 0 ] && [ ! -e "$conf" ] &&
	   ! chroot "$root" dpkg-query -W e1000e-quirks-dkms >/dev/null 2>&1 &&
	   grep -q 'not installed on .* yet: nothing to verify' "$logs/ansible-0.log"; then
		pass "ansible --check --diff on a fresh host: exit 0, changed=$n, nothing installed or written"
	else
		fail "ansible --check fresh" "exit $rc, recap '$r' ($logs/ansible-0.log: $(grep -m 1 -A 3 'fatal:' "$logs/ansible-0.log" | tr '\n' ' ' | cut -c1-300))"
	fi
	play 1 "$work/inv1.yml"
	r=$(recap "$logs/ansible-1.log")
	read -r _ n f <<<"${r:-x x x}"
	if [ "$rc" -eq 0 ] && [ "${f:-1}" = 0 ] && [ "${n:-0}" -gt 0 ]; then
		pass "ansible run 1 (chroot connection, Debian 13): changed=$n, failed=0"
	else
		fail "ansible run 1" "exit $rc, recap '$r' ($logs/ansible-1.log: $(grep -m 1 -A 3 'fatal:' "$logs/ansible-1.log" | tr '\n' ' ' | cut -c1-300))"
		return
	fi
	want='options e1000e_quirks escalate=1 features=tso,gso mode=on-hang nic=pci=0000:00:1f.6,eee=off;name=eno2,tx_ring=256,eee=off'
	if [ "$(grep -v '^#' "$conf" 2>/dev/null)" = "$want" ]; then
		pass "ansible: /etc/modprobe.d/e1000e-quirks.conf from the variables, group and host NIC lists added up, the host's entry winning ($want)"
	else
		fail "ansible modprobe.d" "'$(grep -v '^#' "$conf" 2>/dev/null)', want '$want'"
	fi
	st=$(chroot "$root" dpkg-query -W -f='${Status} ${Version}|' e1000e-quirks-dkms linux-headers-amd64 2>/dev/null)
	case $st in
	"install ok installed "*"|install ok installed "*"|") pass "ansible: package and headers metapackage installed ($st)" ;;
	*) fail "ansible packages" "dpkg says '$st'" ;;
	esac
	if [ "$(grep -c -- '-u -k all' "$root/var/log/eq-initramfs.log" 2>/dev/null)" = 1 ]; then
		pass "ansible: the initramfs handler ran once (update-initramfs -u -k all)"
	else
		fail "ansible initramfs" "update-initramfs -u -k all ran $(grep -c -- '-u -k all' "$root/var/log/eq-initramfs.log" 2>/dev/null) times"
	fi
	if grep -q 'e1000e_quirks .* not loaded' "$logs/ansible-1.log"; then
		pass "ansible: verify reports the module not loaded (status --json in a chroot)"
	else
		fail "ansible verify" "no 'not loaded' report in $logs/ansible-1.log"
	fi
	if grep -q 'e1000e_quirks is not built for the running kernel' "$logs/ansible-1.log" &&
	   grep -q 'TASK \[e1000e_quirks : Modprobe e1000e_quirks\]' "$logs/ansible-1.log" &&
	   ! grep -A 2 'TASK \[e1000e_quirks : Modprobe e1000e_quirks\]' "$logs/ansible-1.log" | grep -q '^changed:'; then
		pass "ansible: no modprobe where DKMS did not build it for the running kernel, and it says so"
	else
		fail "ansible load" "want the 'not built for the running kernel' line and no modprobe ($logs/ansible-1.log)"
	fi

	play 2 "$work/inv1.yml"
	r=$(recap "$logs/ansible-2.log")
	if [ "$rc" -eq 0 ] && [ "$r" != "" ] && [ "$(echo "$r" | cut -d' ' -f2-)" = "0 0" ]; then
		pass "ansible run 2: idempotent (changed=0)"
	else
		fail "ansible run 2" "exit $rc, recap '$r' (want changed=0; $logs/ansible-2.log: $(grep -B 1 '^changed:' "$logs/ansible-2.log" | grep TASK | tr '\n' ' '))"
	fi
	if [ "$(grep -c -- '-u -k all' "$root/var/log/eq-initramfs.log" 2>/dev/null)" = 1 ]; then
		pass "ansible run 2: initramfs not rebuilt"
	else
		fail "ansible run 2 initramfs" "rebuilt again"
	fi

	# check mode on the configured host: nothing to change
	play 2c "$work/inv1.yml" --check --diff
	r=$(recap "$logs/ansible-2c.log")
	if [ "$rc" -eq 0 ] && [ "$(echo "$r" | cut -d' ' -f2-)" = "0 0" ]; then
		pass "ansible --check --diff on a configured host: changed=0, failed=0"
	else
		fail "ansible --check configured" "exit $rc, recap '$r' ($logs/ansible-2c.log: $(grep -B 1 -e '^changed:' -e '^fatal:' "$logs/ansible-2c.log" | grep TASK | tr '\n' ' '))"
	fi

	# argument_specs: an unquoted YAML off (a boolean) refused before any
	# task; a value of the right type the module refuses stops the
	# template (check-config); the file stays as it was
	before=$(cat "$conf")
	inventory "$work/inv-bool.yml"
	sed -i 's/eee: "off"/eee: off/' "$work/inv-bool.yml"
	play bool "$work/inv-bool.yml"
	want='e1000e_quirks_nics pci=0000:00:1f.6: eee is the boolean False; e1000e_quirks_host_nics name=eno2: eee is the boolean False: YAML reads an unquoted off'
	if [ "$rc" -ne 0 ] && grep -qF "$want" "$logs/ansible-bool.log" &&
	   ! grep -q 'TASK \[e1000e_quirks : Add up' "$logs/ansible-bool.log" && [ "$(cat "$conf")" = "$before" ]; then
		pass "ansible: eee: off unquoted (a boolean) refused, naming each entry, before any other task"
	else
		fail "ansible booleans" "exit $rc; want '$want' before any other task, the file unchanged ($logs/ansible-bool.log)"
	fi
	inventory "$work/inv-type.yml"
	sed -i 's/tx_ring: 256/tx_ring: many/' "$work/inv-type.yml"
	play type "$work/inv-type.yml"
	if [ "$rc" -ne 0 ] && grep -q "Validating arguments against arg spec" "$logs/ansible-type.log" &&
	   grep -q "argument 'tx_ring' is of type.*unable to convert to int" "$logs/ansible-type.log" && [ "$(cat "$conf")" = "$before" ]; then
		pass "ansible: meta/argument_specs.yml refuses tx_ring: many before any task"
	else
		fail "ansible argument_specs" "exit $rc; want argument_specs to refuse tx_ring 'many' ($logs/ansible-type.log)"
	fi
	inventory "$work/inv-ring.yml"
	sed -i 's/tx_ring: 256/tx_ring: 250/' "$work/inv-ring.yml"
	play ring "$work/inv-ring.yml"
	if [ "$rc" -ne 0 ] && grep -q "parameter nic, entry 2: bad ring size '250'" "$logs/ansible-ring.log" &&
	   [ "$(cat "$conf")" = "$before" ]; then
		pass "ansible: tx_ring 250 refused by check-config (the module's parser) before the file is replaced"
	else
		fail "ansible check-config" "exit $rc; want check-config's 'bad ring size' and the file unchanged ($logs/ansible-ring.log)"
	fi

	# live apply and verify on a fake sysfs tree: first without the
	# writes that may bounce a link (the default), then with them
	fake_sys /run/eq-fake-sys overridden
	inventory "$work/inv3.yml" "e1000e_quirks_sysfs: /run/eq-fake-sys" \
		"e1000e_quirks_status_environment: {E1000E_QUIRKS_SYSFS: /run/eq-fake-sys}"
	play 3h "$work/inv3.yml"
	p=$root/run/eq-fake-sys/module/e1000e_quirks/parameters
	got="mode=$(cat "$p/mode") escalate=$(cat "$p/escalate") features=$(cat "$p/features") nic=$(cat "$p/nic")"
	n=$(grep -c '^changed: .*(item=' "$logs/ansible-3h.log")
	if [ "$rc" -eq 0 ] && [ "$n" = 1 ] && [ "$got" = "mode=always escalate=0 features=tso,gso nic=" ] &&
	   grep -q 'not applied live, they may bounce a link: escalate=1 mode=on-hang nic=pci=0000:00:1f.6,eee=off;name=eno2,tx_ring=256,eee=off' "$logs/ansible-3h.log"; then
		pass "ansible run 3h: live apply without link bounces by default: features written, nic=, mode, escalate held and listed"
	else
		fail "ansible run 3h" "exit $rc, $n written, parameters: $got (want features only, the others listed: $logs/ansible-3h.log)"
	fi
	fake_sys /run/eq-fake-sys overridden
	inventory "$work/inv3.yml" "e1000e_quirks_sysfs: /run/eq-fake-sys" \
		"e1000e_quirks_status_environment: {E1000E_QUIRKS_SYSFS: /run/eq-fake-sys}" \
		"e1000e_quirks_live_apply_bouncing: true"
	play 3 "$work/inv3.yml"
	r=$(recap "$logs/ansible-3.log")
	p=$root/run/eq-fake-sys/module/e1000e_quirks/parameters
	got="mode=$(cat "$p/mode") escalate=$(cat "$p/escalate") features=$(cat "$p/features") nic=$(cat "$p/nic") eee=$(cat "$p/eee")"
	want="mode=on-hang escalate=1 features=tso,gso nic=pci=0000:00:1f.6,eee=off;name=eno2,tx_ring=256,eee=off eee=keep"
	n=$(grep -c '^changed: .*(item=' "$logs/ansible-3.log")
	if [ "$rc" -eq 0 ] && [ "$got" = "$want" ] && [ "$n" = 4 ] &&
	   [ "$(echo "$r" | cut -d' ' -f2)" = 1 ]; then
		pass "ansible run 3: live apply through the parameters (fake sysfs): 4 written, eee= left alone ($got)"
	else
		fail "ansible run 3" "exit $rc, recap '$r', $n written, parameters: $got (want $want, 4 written)"
	fi
	if grep -q 'eno1 (0000:00:1f.6) is overridden' "$logs/ansible-3.log"; then
		pass "ansible run 3: verify reports eno1 overridden (status --json)"
	else
		fail "ansible run 3 verify" "no 'eno1 (0000:00:1f.6) is overridden' in $logs/ansible-3.log"
	fi
	play 4 "$work/inv3.yml"
	r=$(recap "$logs/ansible-4.log")
	if [ "$rc" -eq 0 ] && [ "$(echo "$r" | cut -d' ' -f2-)" = "0 0" ]; then
		pass "ansible run 4: live apply idempotent (changed=0)"
	else
		fail "ansible run 4" "exit $rc, recap '$r' (want changed=0)"
	fi
	fake_sys /run/eq-fake-sys error
	play 5 "$work/inv3.yml"
	if [ "$rc" -ne 0 ] && grep -q 'eno1 (0000:00:1f.6) is in state error: cannot set eee: -95' "$logs/ansible-5.log"; then
		pass "ansible run 5: a NIC in error fails the play, naming it and last_error"
	else
		fail "ansible run 5" "exit $rc; want a failure naming eno1 in error ($logs/ansible-5.log)"
	fi
}

check_ansible() {
	local base ov
	if ! command -v ansible-playbook >/dev/null || ! command -v ansible-lint >/dev/null; then
		fail ansible "ansible or ansible-lint missing (tests/deps.sh installs Debian 12's)"
		return
	fi
	if (cd "$ans_dir" && ANSIBLE_NOCOLOR=1 ansible-lint --nocolor) >"$logs/ansible-lint.log" 2>&1; then
		pass "ansible-lint (production profile): $(grep -o 'on [0-9]* files' "$logs/ansible-lint.log")"
	else
		fail ansible-lint "$(grep -v '^$' "$logs/ansible-lint.log" | tail -n 8 | tr '\n' ' ')"
	fi
	# The role writes a nic= entry's settings in the order the module
	# reads them back (else a live value never compares equal).
	local mod role
	mod=$({ sed -n '/^int eq_format_nics(/,/^}/p' "$top/src/policy.c" |
		grep -o '",[a-z0-9_]*=' | tr -d '",='
		sed -n 's/^EQ_FIELD([A-Z0-9_]*, *\([a-z0-9_]*\),.*/\1/p' \
			"$top/include/e1000e_quirks/tunable_list.h"; } | paste -sd ' ')
	role=$(sed -n '/^e1000e_quirks_nic_setting_order:/,/^$/ s/^  - \([a-z0-9_]*\)$/\1/p' "$ans_dir/e1000e_quirks/vars/main.yml" | paste -sd ' ')
	if [ -n "$mod" ] && [ "$mod" = "$role" ]; then
		pass "ansible: nic= settings in the module's order ($role)"
	else
		fail "ansible nic= order" "role '$role', module (eq_format_nics, then tunable_list.h) '$mod'"
	fi
	if [ "$(id -u)" -ne 0 ]; then
		skip "ansible chroot runs" "need root (chroot, overlay mounts)"
		return
	fi
	base=$(tests/trixie-chroot.sh root 2>"$logs/trixie-chroot.log") || {
		fail "ansible chroot" "no Debian 13 chroot: $(tail -n 1 "$logs/trixie-chroot.log")"
		return
	}
	deb=${DEB:-}
	if [ -z "$deb" ]; then
		deb=$(scripts/build-deb.sh 2>"$logs/build-deb.log" | tail -n 1)
	fi
	[ -s "$deb" ] || { fail "ansible chroot" "no .deb (scripts/build-deb.sh: $logs/build-deb.log)"; return; }
	work=$(mktemp -d /tmp/e1000e-quirks-fleet.XXXXXX)
	ov=$work/ov
	mkdir -p "$ov/upper" "$ov/work" "$ov/root" "$work/ansible-local"
	root=$ov/root
	# a private mount namespace: the mounts go with this process
	if ! mount -t overlay overlay -o "lowerdir=$base,upperdir=$ov/upper,workdir=$ov/work" "$root"; then
		fail "ansible chroot" "cannot mount an overlay of $base"
		return
	fi
	mount -t proc proc "$root/proc"
	mount --bind /dev "$root/dev"
	mount -t tmpfs tmpfs "$root/tmp"
	mount -t tmpfs tmpfs "$root/run"
	# no DKMS builds here (check-deb.sh's business): hide the headers' links
	rm -f "$root"/lib/modules/*/build
	# count the initramfs rebuilds instead of running them
	cat >"$root/usr/local/sbin/update-initramfs" <<-'EOF'
	#!/bin/sh
	echo "$*" >>/var/log/eq-initramfs.log
	EOF
	chmod 755 "$root/usr/local/sbin/update-initramfs"
	inventory "$work/inv1.yml"
	ansible_runs
	umount -R "$root" 2>/dev/null || umount -R -l "$root"
	rm -rf "$work"
	skip "ansible live apply on the real module" "the VM guests are busybox initramfs systems without python3 (Ansible needs it on the target); the role's writes are those of tests/vm scenarios 19/25 (echo VALUE > /sys/module/e1000e_quirks/parameters/KEY), here checked against a fake parameters folder"
}

# ---------------------------------------------------------------- main

if [ -z "${E1000E_QUIRKS_FLEET_NS:-}" ] && [ "$(id -u)" -eq 0 ] &&
   unshare --mount --propagation private true 2>/dev/null; then
	E1000E_QUIRKS_FLEET_NS=1 exec unshare --mount --propagation private "$self" "$@"
fi
what=${*:-prom ansible}
for w in $what; do
	case $w in
	prom) check_prom ;;
	ansible) check_ansible ;;
	*) echo "usage: $0 [prom] [ansible]" >&2; exit 2 ;;
	esac
done
echo "fleet: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
