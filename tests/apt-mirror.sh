# SPDX-License-Identifier: GPL-2.0
# Sourced by the chroot and image builders (trixie-chroot.sh, check-deb.sh,
# check-boot.sh): the Debian archive and security mirrors are the host's own
# apt sources (/etc/apt/sources.list.d/*.sources or sources.list), never a
# host written here. MIRROR and SECURITY_MIRROR override them.
#
# eq_mirrors: sets $mirror and $security, or prints why it cannot and
# returns 1.

# eq_host_repo SUITE: the URI of the host's first index target for SUITE.
eq_host_repo() {
	apt-get indextargets --format '$(RELEASE) $(REPO_URI)' 2>/dev/null |
		awk -v s="$1" '$1 == s { sub(/\/$/, "", $2); print $2; exit }'
}

eq_mirrors() {
	local c
	c=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
	mirror=${MIRROR:-}
	security=${SECURITY_MIRROR:-}
	# Another Debian release comes from the same archive as the host's.
	[ -n "$mirror" ] || [ -z "$c" ] || mirror=$(eq_host_repo "$c")
	[ -n "$security" ] || [ -z "$c" ] || security=$(eq_host_repo "$c-security")
	if [ -z "$mirror" ] || [ -z "$security" ]; then
		echo "no Debian ${mirror:+security }mirror for '${c:-?}'${mirror:+-security} in the host's apt sources (/etc/apt/sources.list.d/*.sources, /etc/apt/sources.list): add one, or set MIRROR and SECURITY_MIRROR" >&2
		return 1
	fi
}

# eq_sources SUITES KEYRING: deb822 sources for SUITES (space-separated) and
# the security suite of the first, from $mirror and $security.
eq_sources() {
	cat <<-EOF
	Types: deb
	URIs: $mirror
	Suites: $1
	Components: main
	Signed-By: $2

	Types: deb
	URIs: $security
	Suites: ${1%% *}-security
	Components: main
	Signed-By: $2
	EOF
}
