# SPDX-License-Identifier: GPL-2.0
#
# The offload cost table, from tests/bench/offload-cost.sh's offload.tsv
# ("# key value" lines, then "<set> TAB <key> TAB <value>"); run by
# tests/vm/bench-readme.sh --offload with -v out=readme (the README block)
# or out=cli (the table e1000e-quirks explain reads: one line per set,
# "<words off, sorted> TAB <ratio> TAB <per cent> TAB <Gbit/s>", medians).
# A set without figures reads n/a (README) or is left out (cli).
BEGIN { FS = "\t" }
/^# / {
	sub(/^# /, ""); f = $0; sub(/ .*/, "", f); v = $0; sub(/^[^ ]* /, "", v)
	head[f] = v; next
}
NF >= 3 { val[$1, $2, ++cnt[$1, $2]] = $3 }

function sorted(k, key,    n, i, j, t) {
	n = cnt[k, key]
	for (i = 1; i <= n; i++) s[i] = val[k, key, i] + 0
	for (i = 2; i <= n; i++) {
		t = s[i]
		for (j = i - 1; j >= 1 && s[j] > t; j--) s[j + 1] = s[j]
		s[j + 1] = t
	}
	return n
}
function median(k, key,    n) {
	n = sorted(k, key)
	if (!n) return ""
	return n % 2 ? s[(n + 1) / 2] : (s[n / 2] + s[n / 2 + 1]) / 2
}
function spread(k, key, fmt,    n, med) {
	n = sorted(k, key)
	if (!n) return "n/a"
	med = n % 2 ? s[(n + 1) / 2] : (s[n / 2] + s[n / 2 + 1]) / 2
	return sprintf(fmt " / " fmt " / " fmt, s[1], med, s[n])
}
function words(k) {
	if (k == "all") return "-"
	if (k == "tso") return "tso"
	if (k == "tso_gso") return "gso tso"
	if (k == "default") return "gso sg tso tx"
	if (k == "community") return "gro gso rx rxvlan sg tso tx txvlan"
	return "everything"
}
END {
	ns = split("all tso tso_gso default community none", set, " ")
	label["all"] = "all on"
	label["tso"] = "`features=tso` (TSO off, as e1000e does on pch_spt)"
	label["tso_gso"] = "`tso gso`"
	label["default"] = "`tso gso sg tx` (the module's default)"
	label["community"] = "`gso gro tso tx rx rxvlan txvlan sg` (the community script)"
	label["none"] = "everything `ethtool -k` can change"
	base = median("all", "cpu_s_per_gb")
	if (out == "cli") {
		for (i = 1; i <= ns; i++) {
			k = set[i]; m = median(k, "cpu_s_per_gb")
			if (m == "" || base == "") continue
			printf "%s\t%.2f\t%.1f\t%.2f\n", words(k), m / base, m * 12.5, median(k, "gbit_s")
		}
		exit
	}
	print "<!-- bench-offload:begin: written by tests/vm/bench-readme.sh --offload from make bench results; do not edit by hand -->"
	print ""
	printf "Offload sets (`tests/bench/offload-cost.sh`, on the host, not in a VM) of %s, N = %s, commit %s:\n", head["date"], (head["reps"] == "" ? head["n"] : head["reps"]), head["commit"]
	printf "%s, kernel %s, 1-minute load %s before, %s after. ", head["machine"], head["kernel"], head["load_before"], (head["load_after"] == "" ? "n/a" : head["load_after"])
	printf "TCP over a veth pair between two namespaces, %s per transfer; CPU: both iperf3 ends plus ksoftirqd, per 10^9 bytes received.\n", head["bytes"]
	print "Ratio and per cent of one core from the medians; per cent of one core = CPU s per GB x 0.125 GB/s x 100 (1 Gbit/s through both ends' stacks)."
	print ""
	print "| offloads off | off on veth (`ethtool -k`) | CPU s per GB | ratio to all on | % of one core at 1 Gbit/s | Gbit/s reached |"
	print "|---|---|---|---|---|---|"
	for (i = 1; i <= ns; i++) {
		k = set[i]; m = median(k, "cpu_s_per_gb")
		v = cnt[k, "veth_off"] ? val[k, "veth_off", cnt[k, "veth_off"]] : "n/a"
		if (v == "tso gso gro sg tx rx rxvlan txvlan" && k == "none") v = v " and the rest"
		printf "| %s | %s | %s | %s | %s | %s |\n", label[k], v, spread(k, "cpu_s_per_gb", "%.3f"),
			(m == "" || base == "") ? "n/a" : sprintf("%.2f", m / base),
			m == "" ? "n/a" : sprintf("%.1f %%", m * 12.5),
			spread(k, "gbit_s", "%.2f")
	}
	print ""
	print "<!-- bench-offload:end -->"
}
