#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make deb-check: install the packages of make deb (build/deb/*.deb) in a
# fresh Debian 12 chroot, where DKMS builds the modules, then boot each
# kernel in the VM with the modules DKMS built and run the packaged tool.
#
#   tests/deb/test.sh [--kernels "6.1 6.12"]
#
#   --kernels  kernel series from tests/vm/kernels.conf whose image and
#              headers go into the chroot (default "6.1 6.12"). The first
#              is installed before the packages (DKMS builds from the
#              package's postinst), the others after (DKMS builds from the
#              kernel's hook): the two ways a system gets the modules.
#
# The chroot is debootstrap --variant=minbase bookworm from the host's
# Debian mirror, cached as a tarball in $NFTO_CACHE/deb-chroot/ (made on
# first use, ~2 min) and unpacked fresh every run into a tmpfs mounted on
# build/deb/chroot in a private mount namespace: nothing of it is left
# after the run but its logs and results in build/deb/chroot-out.
# The kernels are the debs tests/vm/fetch-kernel cached (make deps); apt
# fetches the rest (dkms, gcc, libraries) into a cached archive.
# Needs root (chroot, mounts in a private mount namespace).
#
# Output: TAP from the chroot (tests/deb/chroot.sh) and from each VM boot
# (tests/deb/guest.sh). Exit status 0 only when every part passed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cache=${NFTO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kmod-nft-offload}
out=$root/build/deb
chroot_dir=$out/chroot
base=$cache/deb-chroot/bookworm-minbase.tar
archives=$cache/deb-chroot/archives
kernels="6.1 6.12"

die() { echo "deb-check: error: $*" >&2; exit 2; }
say() { echo "deb-check: $*" >&2; }

while [ $# -gt 0 ]; do
	case $1 in
	--kernels) kernels=${2:?}; shift 2 ;;
	-h|--help) sed -n '4,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
	*) die "unknown argument $1 (see --help)" ;;
	esac
done

[ "$(id -u)" -eq 0 ] || die "needs root (debootstrap, chroot): run as root"
for cmd in debootstrap unshare chroot; do
	command -v "$cmd" >/dev/null || die "$cmd not found: run 'make deps'"
done

shopt -s nullglob
dkms_debs=("$out"/nft-offload-dkms_*_all.deb)
tool_debs=("$out"/nft-offload_*_amd64.deb)
shopt -u nullglob
if [ ${#dkms_debs[@]} -ne 1 ] || [ ${#tool_debs[@]} -ne 1 ]; then
	die "want one nft-offload-dkms and one nft-offload .deb in $out: run 'make deb'"
fi

# SERIES:ABI:SUITE of each kernel, and its cached debs.
pairs=()
for s in $kernels; do
	p=$(awk -v s="$s" '$1 == s { print $1 ":" $2 ":" $3 }' "$root/tests/vm/kernels.conf")
	[ -n "$p" ] || die "no kernel series '$s' in tests/vm/kernels.conf"
	abi=$(cut -d: -f2 <<<"$p")
	ls "$cache/debs/$abi/linux-headers-${abi}_"*.deb >/dev/null 2>&1 ||
		die "no cached debs of $abi in $cache/debs: run 'make deps'"
	pairs+=("$p")
done

# The host's Debian mirrors (whatever sources format it uses), for the
# suites a bookworm system with backports kernels has.
sources=$(apt-cache policy | awk '
	$2 ~ /^https?:/ && $3 ~ /^bookworm(-updates|-security|-backports)?\/main$/ {
		split($3, a, "/"); print "deb " $2 " " a[1] " main"
	}' | sort -u)
mirror=$(awk '$3 == "bookworm" { print $2; exit }' <<<"$sources")
[ -n "$mirror" ] || die "no bookworm entry in the host's apt sources to take the mirror from"
grep -q ' bookworm-backports ' <<<"$sources" ||
	die "no bookworm-backports in the host's apt sources (the 6.12 kernel needs it): run 'make deps'"

start=$SECONDS
mkdir -p "$out/logs" "$archives/partial"

if [ ! -f "$base" ]; then
	say "debootstrap bookworm from $mirror (first run only, ~2 min)"
	tmp=$(mktemp -d "$cache/deb-chroot/bootstrap.XXXXXX")
	if ! debootstrap --variant=minbase bookworm "$tmp" "$mirror" \
		>"$out/logs/debootstrap.log" 2>&1; then
		tail -n 20 "$out/logs/debootstrap.log" >&2
		rm -rf "$tmp"
		die "debootstrap failed (log: $out/logs/debootstrap.log)"
	fi
	tar -C "$tmp" -cf "$base.tmp" . && mv "$base.tmp" "$base"
	rm -rf "$tmp"
fi

# What goes into the chroot besides the base system; the chroot writes
# its logs, the modules DKMS built and the installed tool to $result.
stage=$out/stage
result=$out/chroot-out
rm -rf "$stage" "$result"
mkdir -p "$stage/etc/apt" "$stage/root/pkgs" "$stage/root/test" "$result" "$chroot_dir"
echo "$sources" >"$stage/etc/apt/sources.list"
cp /etc/resolv.conf "$stage/etc/resolv.conf"
cp "${dkms_debs[0]}" "${tool_debs[0]}" "$stage/root/pkgs/"
cp "$here/chroot.sh" "$root/tests/selftests/lib.sh" "$stage/root/test/"

# In a private mount namespace, gone with it whatever happens to this
# script: the chroot is a tmpfs (about 1.5 GB with two kernels; nothing to
# delete afterwards, and dpkg's fsyncs cost nothing), the kernels' debs
# and apt's archive are bind mounts of the caches.
# shellcheck disable=SC2317 # called through declare -f in unshare
chroot_run()
{
	local dir=$1 base=$2 stage=$3 kdebs=$4 archives=$5 result=$6

	shift 6
	set -e
	mount -t tmpfs -o size=4g,mode=0755 nfto-deb-chroot "$dir"
	tar -C "$dir" -xf "$base"
	cp -a "$stage/." "$dir/"
	mkdir -p "$dir/root/kernels" "$dir/root/out"
	mount --bind "$kdebs" "$dir/root/kernels"
	mount -o remount,bind,ro "$dir/root/kernels"
	mount --bind "$archives" "$dir/var/cache/apt/archives"
	mount --bind "$result" "$dir/root/out"
	mount -t proc proc "$dir/proc"
	exec chroot "$dir" /usr/bin/env -i HOME=/root LANG=C.UTF-8 \
		PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
		/bin/bash /root/test/chroot.sh "$@"
}

rc=0
unshare --mount --propagation private -- /bin/bash -c \
	"$(declare -f chroot_run); chroot_run \"\$@\"" chroot_run \
	"$chroot_dir" "$base" "$stage" "$cache/debs" "$archives" "$result" \
	"${pairs[@]}" | tee "$out/logs/chroot.tap" || rc=$?
say "chroot part: exit $rc after $((SECONDS - start)) s (apt and DKMS logs: $result/logs)"
[ "$rc" -eq 0 ] || exit 1

# What DKMS built and the installed tool, where the read-only VM share
# sees them; tests/vm/run takes *.ko, Debian's DKMS compresses them as
# the kernel's own modules are (6.12: .ko.xz).
rm -rf "${out:?}/bin" "$out"/mods-*
mkdir -p "$out/bin"
cp "$result/nft-offload" "$out/bin/"
for p in "${pairs[@]}"; do
	s=${p%%:*}
	cp -r "$result/mods-$s" "$out/"
	find "$out/mods-$s" -name '*.ko.xz' -exec xz -d {} +
	(cd "$out/mods-$s" && sha256sum -- *.ko >SHA256SUMS)
done

for p in "${pairs[@]}"; do
	s=${p%%:*}
	vm_start=$SECONDS
	if "$root/tests/vm/run" --kernel "$s" --modules "$out/mods-$s" -- \
		"$root/tests/deb/guest.sh" "$out/bin/nft-offload" "$out/mods-$s/SHA256SUMS" |
		tee "$out/logs/guest-$s.tap"; then
		say "VM $s: passed in $((SECONDS - vm_start)) s"
	else
		say "VM $s: FAILED"
		rc=1
	fi
done

say "total $((SECONDS - start)) s, $([ "$rc" -eq 0 ] && echo passed || echo FAILED)"
exit "$rc"
