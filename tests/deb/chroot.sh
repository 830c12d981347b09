#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the fresh Debian 12 chroot of tests/deb/test.sh, as root:
# installs the kernels and the packages the way an admin does, checks
# what DKMS built, collects it for the VM, then purges the packages.
#
#   /root/test/chroot.sh SERIES:ABI:SUITE...
#
# Expects the packages in /root/pkgs, each kernel's debs (image, headers,
# kbuild) in /root/kernels/ABI; writes the modules DKMS built to
# /root/out/mods-SERIES, the installed tool to /root/out/nft-offload and
# apt's output to /root/out/logs. The first kernel is installed before the
# packages, the others after them.

# Tests are called through ALL_TESTS; lib.sh reads ALL_TESTS and RET.
# shellcheck disable=SC2034,SC2317
ALL_TESTS="
	apt_ready
	kernel_before_packages
	packages_install
	dkms_built_at_install
	kernels_after_packages
	dkms_built_by_kernel_hook
	tool_installed
	collect_for_vm
	packages_purge
"
# shellcheck source=tests/selftests/lib.sh
source /root/test/lib.sh

MODULES="nft_offload_lib nft_offload nft_offload_nsim nft_offload_mlx5 nft_offload_ice"
LOGS=/root/out/logs
mkdir -p "$LOGS"
# Kernels as SERIES:ABI:SUITE (tests/vm/kernels.conf)
FIRST=$1
shift
LATER=("$@")

abi_of() { local a=${1#*:}; echo "${a%%:*}"; }

# apt_log NAME ARGS...: apt-get ARGS, all output in $LOGS/NAME.log; on
# failure its last lines as TAP diagnostics.
apt_log()
{
	local name=$1 rc

	shift
	apt-get -y -o Dpkg::Use-Pty=0 -o APT::Sandbox::User=root "$@" >"$LOGS/$name.log" 2>&1
	rc=$?
	((rc == 0)) || log_info "$(tail -n 25 "$LOGS/$name.log")"
	return "$rc"
}

# dkms_said LOG START: what DKMS printed in an apt LOG, from the line
# matching START up to the next package or hook, without its per-module
# sanity check chatter.
dkms_said()
{
	awk -v start="$2" '
		$0 ~ start { p = 1; print; next }
		p && /^(Setting up|Processing triggers|\/etc\/kernel\/)/ { p = 0 }
		p' "$1" |
		grep -v -E '^$|sanity check|[Oo]riginal module|^ - Installation|readelf: Warning|Cleaning build area'
}

# install_kernel SERIES:ABI:SUITE: the kernel as a system has it: image,
# headers, kbuild. A backports kernel takes its dependencies (a newer
# linux-base) from backports, as "apt-get -t bookworm-backports" does for
# an admin. INITRD=No: the chroot never boots, an initramfs only costs.
install_kernel()
{
	local abi suite target=()

	abi=$(abi_of "$1")
	suite=${1##*:}
	[[ $suite == *-backports ]] && target=(-t "$suite")
	INITRD=No apt_log "kernel-$abi" install --no-install-recommends \
		"${target[@]}" /root/kernels/"$abi"/*.deb
}

# check_dkms ABI: DKMS built and installed every module for ABI.
check_dkms()
{
	local abi=$1 m f vermagic plan

	# DKMS's build log, kept beside apt's (the chroot does not outlive
	# the run): with the kernel's build once installed, in build/ after a
	# failed build.
	f=$(find /var/lib/dkms/nft-offload -path "*/$abi/*" -name make.log | head -n1)
	[[ -n $f ]] || f=$(find /var/lib/dkms/nft-offload -path '*/build/make.log' | head -n1)
	[[ -n $f ]] && cp "$f" "$LOGS/dkms-make-$abi.log"
	dkms status -m nft-offload -k "$abi" 2>/dev/null | grep -q ': installed$'
	check_err $? "dkms status for $abi: $(dkms status -m nft-offload -k "$abi" 2>&1)"
	for m in $MODULES; do
		f=$(find "/lib/modules/$abi/updates/dkms" -name "$m.ko*" 2>/dev/null)
		if [[ -z $f ]]; then
			check_err 1 "no $m in /lib/modules/$abi/updates/dkms"
			continue
		fi
		vermagic=$(modinfo -F vermagic "$f" | awk '{ print $1 }')
		[[ $vermagic == "$abi" ]]
		check_err $? "$f has vermagic '$vermagic', not $abi"
	done
	# depmod ran: modprobe finds the core and its dependency where DKMS
	# put them, and the backends' aliases are known.
	plan=$(modprobe -n -v -S "$abi" nft_offload 2>&1)
	check_err $? "modprobe -n -S $abi nft_offload: $plan"
	grep -q "insmod /lib/modules/$abi/updates/dkms/nft_offload_lib.ko" <<<"$plan" &&
		grep -q "insmod /lib/modules/$abi/updates/dkms/nft_offload.ko" <<<"$plan"
	check_err $? "modprobe -n -S $abi nft_offload would not load nft_offload_lib and nft_offload: $plan"
	grep -q 'alias nft-offload-backend-ice nft_offload_ice' "/lib/modules/$abi/modules.alias"
	check_err $? "no nft-offload-backend-ice alias in $abi's modules.alias"
	log_info "$(dkms status -m nft-offload -k "$abi" 2>/dev/null), signer: $(modinfo -F signer "$f" 2>/dev/null | grep . || echo none)"
}

apt_ready()
{
	RET=0
	apt_log update update
	check_err $? "apt-get update failed"
	log_test "apt sources of the chroot: $(grep -c '^deb ' /etc/apt/sources.list) suites"
}

kernel_before_packages()
{
	RET=0
	local abi

	abi=$(abi_of "$FIRST")
	install_kernel "$FIRST"
	check_err $? "installing kernel $abi failed"
	[[ -e /lib/modules/$abi/build/Makefile ]]
	check_err $? "no headers in /lib/modules/$abi/build"
	log_test "kernel $abi with headers installed"
}

packages_install()
{
	RET=0
	apt_log packages install --no-install-recommends \
		/root/pkgs/nft-offload-dkms_*.deb /root/pkgs/nft-offload_*.deb
	check_err $? "apt-get install of the two packages failed"
	# What an admin sees of DKMS during the installation.
	log_info "$(dkms_said "$LOGS/packages.log" '^Setting up nft-offload-dkms')"
	log_test "apt-get install nft-offload-dkms nft-offload"
}

dkms_built_at_install()
{
	RET=0
	check_dkms "$(abi_of "$FIRST")"
	log_test "DKMS built the modules for $(abi_of "$FIRST") from the package's postinst"
}

kernels_after_packages()
{
	local p abis=()

	RET=0
	if ((${#LATER[@]} == 0)); then
		log_test_skip "kernels installed after the packages" "one kernel only"
		return
	fi
	for p in "${LATER[@]}"; do
		abis+=("$(abi_of "$p")")
		install_kernel "$p"
		check_err $? "installing kernel $(abi_of "$p") failed"
		log_info "$(dkms_said "$LOGS/kernel-$(abi_of "$p").log" '^/etc/kernel/postinst.d/dkms:')"
	done
	log_test "kernels installed after the packages: ${abis[*]}"
}

dkms_built_by_kernel_hook()
{
	local p abis=()

	RET=0
	if ((${#LATER[@]} == 0)); then
		log_test_skip "DKMS built for kernels installed later" "one kernel only"
		return
	fi
	for p in "${LATER[@]}"; do
		abis+=("$(abi_of "$p")")
		check_dkms "$(abi_of "$p")"
	done
	log_test "DKMS built the modules for ${abis[*]} from the kernel's hook"
}

tool_installed()
{
	local help

	RET=0
	help=$(nft-offload --help 2>&1)
	check_err $? "nft-offload --help failed: $help"
	grep -q 'backends' <<<"$help"
	check_err $? "nft-offload --help does not list 'backends': $help"
	[[ $(command -v nft-offload) == /usr/sbin/nft-offload ]]
	check_err $? "nft-offload is $(command -v nft-offload), not /usr/sbin/nft-offload"
	[[ -s /usr/share/man/man8/nft-offload.8.gz ]]
	check_err $? "no manual page /usr/share/man/man8/nft-offload.8.gz"
	log_test "nft-offload runs from /usr/sbin, manual page installed"
}

collect_for_vm()
{
	local p abi n

	RET=0
	cp /usr/sbin/nft-offload /root/out/
	check_err $? "cannot copy /usr/sbin/nft-offload"
	for p in "$FIRST" "${LATER[@]}"; do
		abi=$(abi_of "$p")
		mkdir -p "/root/out/mods-${p%%:*}"
		n=$(find "/lib/modules/$abi/updates/dkms" -name 'nft_offload*.ko*' \
			-exec cp {} "/root/out/mods-${p%%:*}/" \; -print | wc -l)
		[[ $n -eq 5 ]]
		check_err $? "$n modules of $abi, not 5"
	done
	log_test "modules and tool collected for the VM"
}

packages_purge()
{
	local left

	RET=0
	apt_log purge purge nft-offload nft-offload-dkms
	check_err $? "apt-get purge failed"
	left=$(find /usr/src /var/lib/dkms /lib/modules /usr/sbin \
		\( -name 'nft-offload*' -o -name 'nft_offload*' \) 2>/dev/null)
	[[ -z $left ]]
	check_err $? "left after purge: $left"
	! grep -q nft_offload /lib/modules/*/modules.dep
	check_err $? "nft_offload still in a modules.dep after purge"
	log_test "apt-get purge removes the modules of every kernel and the tool"
}

tests_run
exit "$EXIT_STATUS"
