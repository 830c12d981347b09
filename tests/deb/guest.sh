#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs in the VM (tests/deb/test.sh): the modules DKMS built in the chroot,
# installed by tests/vm/run --modules, and the tool of the nft-offload
# package, used as an admin would after "apt install".
#
#   tests/deb/guest.sh TOOL SHA256SUMS
#
# SHA256SUMS: the DKMS-built .ko files' checksums, to show those are the
# modules loaded here.

# Tests are called through ALL_TESTS; lib.sh reads ALL_TESTS and RET.
# shellcheck disable=SC2034,SC2317
ALL_TESTS="
	dkms_modules_installed
	modprobe_core
	backends_listed
	device_offloads
	unload
"
# shellcheck source=tests/selftests/lib.sh
source "$(dirname "$0")/../selftests/lib.sh"

TOOL=${1:?usage: guest.sh TOOL SHA256SUMS}
SUMS=${2:?usage: guest.sh TOOL SHA256SUMS}
[[ -x $TOOL ]] || skip_all "$TOOL missing: run tests/deb/test.sh"
require_cmd modprobe tc ip sha256sum

OUT=$(mktemp)

dkms_modules_installed()
{
	local res

	RET=0
	res=$(cd "/lib/modules/$(uname -r)/extra" && sha256sum -c "$SUMS" 2>&1)
	check_err $? "the installed modules are not DKMS's: $res"
	[[ $(grep -c ': OK$' <<<"$res") -eq 5 ]]
	check_err $? "not 5 modules checked: $res"
	log_test "the five modules are the ones DKMS built"
}

modprobe_core()
{
	local m

	RET=0
	modprobe nft_offload
	check_err $? "modprobe nft_offload failed"
	for m in nft_offload_lib nft_offload nft_offload_nsim; do
		[[ -d /sys/module/$m ]]
		check_err $? "$m not loaded after modprobe nft_offload"
	done
	log_test "modprobe nft_offload loads the core and its default backend"
}

backends_listed()
{
	RET=0
	"$TOOL" backends >"$OUT" 2>&1
	check_err $? "nft-offload backends failed: $(cat "$OUT")"
	grep -q '^netdevsim [^:]*: loaded' "$OUT"
	check_err $? "netdevsim not shown loaded: $(cat "$OUT")"
	grep -q '^mlx5: not loaded' "$OUT" && grep -q '^ice: not loaded' "$OUT"
	check_err $? "mlx5/ice not shown loadable: $(cat "$OUT")"
	"$TOOL" backends --load >"$OUT" 2>&1
	check_err $? "nft-offload backends --load failed: $(cat "$OUT")"
	grep -q '^mlx5 [^:]*: loaded' "$OUT" && grep -q '^ice [^:]*: loaded' "$OUT"
	check_err $? "--load did not load mlx5 and ice: $(cat "$OUT")"
	log_info "$(grep -v "^ " "$OUT")"
	log_test "nft-offload backends (and --load) from the package"
}

device_offloads()
{
	RET=0
	echo "1 2" >/sys/bus/nft_offload/new_device
	check_err $? "new_device failed"
	tc qdisc add dev nfto1p0 clsact &&
		tc filter add dev nfto1p0 ingress protocol ip flower skip_sw \
			dst_ip 192.0.2.1 action drop
	check_err $? "a skip_sw flower rule was not offloaded"
	"$TOOL" status nfto1 >"$OUT" 2>&1
	check_err $? "nft-offload status nfto1 failed: $(cat "$OUT")"
	grep -q '^nfto1: backend netdevsim, flow_table 1/[0-9]* used' "$OUT"
	check_err $? "status does not show the offloaded rule: $(head -n 3 "$OUT")"
	log_test "a device offloads a tc rule, nft-offload status shows it"
}

unload()
{
	RET=0
	tc qdisc del dev nfto1p0 clsact 2>/dev/null
	echo 1 >/sys/bus/nft_offload/del_device
	check_err $? "del_device failed"
	modprobe -r nft_offload_nsim nft_offload_mlx5 nft_offload_ice nft_offload
	check_err $? "modprobe -r failed: $(lsmod | grep nft_offload)"
	! grep -q '^nft_offload' /proc/modules
	check_err $? "modules left: $(grep '^nft_offload' /proc/modules)"
	log_test "the device and the modules unload"
}

tests_run
rm -f "$OUT"
exit "$EXIT_STATUS"
