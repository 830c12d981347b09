#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Set up a fresh Debian 12 machine for building and testing kmod-nft-offload:
# apt sources (bookworm-backports carries the 6.12 kernels), host packages,
# and the Debian kernels the VM selftests boot.
#
#   scripts/deps.sh          idempotent; a second run is a quick no-op
#
# Runs apt as root (through sudo when not root); the kernels are unpacked
# into the invoking user's cache ($NFTO_CACHE), never installed.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)

# What the build, the unit tests and the VM initramfs need from the host.
packages=(
	# build
	build-essential bc bison flex libelf-dev libssl-dev dwarves pkg-config
	sparse python3-kconfiglib clang llvm libclang-rt-14-dev
	libmnl-dev libnftnl-dev
	# VM and its userspace (copied into the initramfs)
	qemu-system-x86 busybox-static cpio xz-utils zstd rsync
	nftables iproute2 kmod ethtool conntrack socat jq gawk
	# mausezahn and ncat: the kernel's net/forwarding tests (kforwarding.sh)
	netsniff-ng ncat
	# tooling; valgrind: callgrind counts for make bench (P4)
	shellcheck valgrind
	# Debian packages (make deb); debootstrap: the chroot of make deb-check
	debhelper dh-dkms lintian debootstrap
)

step() { echo "deps: $*"; }
die() { echo "deps: error: $*" >&2; exit 1; }

# Run a command silently; show everything it said only when it fails.
quiet() {
	local out rc=0
	out=$("$@" 2>&1) || rc=$?
	[ "$rc" -eq 0 ] || { printf '%s\n' "$out" >&2; die "failed ($rc): $*"; }
}

if [ "$(id -u)" -eq 0 ]; then
	as_root=()
elif command -v sudo >/dev/null; then
	as_root=(sudo)
else
	die "not root and no sudo: run as root"
fi

# shellcheck source=/dev/null
[ -r /etc/os-release ] && . /etc/os-release
[ "${VERSION_CODENAME:-}" = bookworm ] ||
	echo "deps: warning: written for Debian 12 (bookworm), this is ${PRETTY_NAME:-unknown}" >&2

export DEBIAN_FRONTEND=noninteractive
need_update=0

# --- apt sources -----------------------------------------------------------

# Print "uri suite" for every deb source line, deb822 and one-line style.
apt_sources() {
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -e "$f" ] || continue
		awk '
			function flush() {
				if (types ~ /(^| )deb( |$)/)
					for (i = 1; i <= nu; i++)
						for (j = 1; j <= ns; j++)
							print u[i], s[j]
				types = ""; nu = ns = 0
			}
			/^[ \t]*#/ { next }
			/^[ \t]*$/ { flush(); next }
			tolower($1) == "types:"  { $1 = ""; types = $0 }
			tolower($1) == "uris:"   { for (k = 2; k <= NF; k++) u[++nu] = $k }
			tolower($1) == "suites:" { for (k = 2; k <= NF; k++) s[++ns] = $k }
			END { flush() }
		' "$f"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -e "$f" ] || continue
		# deb [options] uri suite components...
		sed -E -n 's/^[[:space:]]*deb[[:space:]]+(\[[^]]*\][[:space:]]+)?([^[:space:]]+)[[:space:]]+([^[:space:]]+).*/\2 \3/p' "$f"
	done
}

backports=/etc/apt/sources.list.d/bookworm-backports.sources
if apt_sources | awk '$2 == "bookworm-backports" { found = 1 } END { exit !found }'; then
	step "apt sources: bookworm-backports present"
else
	# Use the same mirror as the main bookworm entry: machines behind a
	# local mirror or proxy have no route to deb.debian.org.
	mirror=$(apt_sources | awk '$2 == "bookworm" { print $1; exit }')
	[ -n "$mirror" ] || die "no 'bookworm' entry in the apt sources to take the mirror from"
	"${as_root[@]}" tee "$backports" >/dev/null <<-EOF
		Types: deb
		URIs: $mirror
		Suites: bookworm-backports
		Components: main
		Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
	EOF
	step "apt sources: added bookworm-backports ($mirror)"
	need_update=1
fi

# --- packages --------------------------------------------------------------

# One dpkg-query for all: a second run of this script should cost nothing.
mapfile -t have < <(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${packages[@]}" 2>/dev/null |
	awk '$2 == "installed" { print $1 }')
missing=()
for p in "${packages[@]}"; do
	[[ " ${have[*]} " == *" $p "* ]] || missing+=("$p")
done

# The pinned kernels come from the apt lists: an unpopulated or stale list
# (fresh container, just-added backports) needs an update even when every
# package is already installed.
kernels_missing=()
for series in 6.1 6.12; do
	abi=$(awk -v s="$series" '$1 == s { print $2 }' "$root/tests/vm/kernels.conf")
	cache=${NFTO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kmod-nft-offload}
	[ -f "$cache/kernels/$abi/.complete" ] && continue
	kernels_missing+=("$series")
	apt-cache show "linux-image-$abi" >/dev/null 2>&1 || need_update=1
done

[ ${#missing[@]} -gt 0 ] && need_update=1

if [ "$need_update" = 1 ]; then
	quiet "${as_root[@]}" apt-get update
	step "apt-get update: done"
fi

if [ ${#missing[@]} -gt 0 ]; then
	quiet "${as_root[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
	step "packages: installed ${missing[*]}"
else
	step "packages: all ${#packages[@]} present"
fi

# --- kernels ---------------------------------------------------------------

errlog=$(mktemp)
trap 'rm -f "$errlog"' EXIT
for series in 6.1 6.12; do
	# apt-get download chatter is noise on success, the diagnosis on failure.
	if ! dir=$("$root/tests/vm/fetch-kernel" "$series" 2>"$errlog"); then
		cat "$errlog" >&2
		die "fetching the Debian $series kernel failed"
	fi
	grep -i 'warning' "$errlog" >&2 || true
	step "kernel $series: $dir"
done

# --- the kernel's own checkers and tests ------------------------------------

# From Debian's linux-source-6.12, the same source the debug kernel is built
# from; only these files are unpacked: checkpatch.pl with its data files,
# nft_flowtable.sh with the libraries it sources
# (tests/selftests/kflowtable.sh runs it on our ports), and the tc tests of
# net/forwarding with theirs (tests/selftests/kforwarding.sh).
cache=${NFTO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kmod-nft-offload}
ksrc=$cache/src/usr/src/linux-source-6.12
cp_dir=$ksrc/scripts
kst=tools/testing/selftests/net
kfwd=(lib.sh tc_common.sh tc_flower.sh tc_chains.sh tc_shblocks.sh
	tc_flower_router.sh tc_actions.sh tc_vlan_modify.sh pedit_ip.sh
	pedit_l4port.sh pedit_dsfield.sh)
kfiles=(scripts/checkpatch.pl scripts/spelling.txt scripts/const_structs.checkpatch
	"$kst/lib.sh" "$kst/netfilter/lib.sh" "$kst/netfilter/nft_flowtable.sh"
	"${kfwd[@]/#/$kst/forwarding/}")
kmissing=()
for f in "${kfiles[@]}"; do
	[ -e "$ksrc/$f" ] || kmissing+=("linux-source-6.12/$f")
done
if [ ${#kmissing[@]} -gt 0 ]; then
	mkdir -p "$cache/src"
	(cd "$cache/src" && ls linux-source-6.12_*.deb >/dev/null 2>&1 ||
		quiet apt-get download -q linux-source-6.12)
	deb=$(ls "$cache"/src/linux-source-6.12_*.deb | tail -n1)
	tarball=usr/src/linux-source-6.12.tar.xz
	[ -f "$cache/src/$tarball" ] || quiet dpkg-deb -x "$deb" "$cache/src"
	quiet tar -C "$cache/src/usr/src" -xJf "$cache/src/$tarball" "${kmissing[@]}"
fi
step "checkpatch: $cp_dir/checkpatch.pl"

# The test VM sees only the project tree: a copy goes under build/.
kcopy=$root/build/kselftest-6.12
mkdir -p "$kcopy/net/netfilter" "$kcopy/net/forwarding"
for f in lib.sh netfilter/lib.sh netfilter/nft_flowtable.sh "${kfwd[@]/#/forwarding/}"; do
	cmp -s "$ksrc/$kst/$f" "$kcopy/net/$f" || cp -p "$ksrc/$kst/$f" "$kcopy/net/$f"
done
# The package version names the copy (the source may be unpacked already).
kver=unknown
for deb in "$cache"/src/linux-source-6.12_*_all.deb; do
	[ -e "$deb" ] && kver=$(dpkg-deb -f "$deb" Version)
done
[ "$(cat "$kcopy/version" 2>/dev/null)" = "$kver" ] || echo "$kver" >"$kcopy/version"
step "nft_flowtable.sh, net/forwarding tc tests: $kcopy (linux-source-6.12 $kver)"
