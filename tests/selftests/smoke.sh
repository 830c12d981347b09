#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Smoke test of the test bed itself: the VM has the real userspace, kmod
# module loading (also from the kernel's request_module()), netns + veth,
# devlink, and our module when tests/vm/run --modules installed it.

# Tests are called through ALL_TESTS; lib.sh reads ALL_TESTS and RET.
# shellcheck disable=SC2034,SC2317

ALL_TESTS="
	userspace_is_real
	project_tree_shared
	nft_netdev_table
	veth_ping
	kmod_modprobe
	request_module
	devlink_dev
	nft_offload_load
"

# shellcheck source=tests/selftests/lib.sh
source "$(dirname "$0")/lib.sh"

require_cmd nft ip devlink modprobe jq

userspace_is_real()
{
	RET=0

	ip -V 2>&1 | grep -q iproute2
	check_err $? "ip is not iproute2: $(ip -V 2>&1 | head -n1)"
	tc -V 2>&1 | grep -q iproute2
	check_err $? "tc is not iproute2"
	modprobe --version 2>&1 | grep -q kmod
	check_err $? "modprobe is not kmod"
	[[ $(cat /proc/sys/kernel/modprobe) == /sbin/modprobe ]]
	check_err $? "kernel.modprobe is $(cat /proc/sys/kernel/modprobe)"

	log_test "real nft/iproute2/kmod in the VM"
}

project_tree_shared()
{
	local root

	RET=0
	root=$(cd "$(dirname "$0")/../.." && pwd)

	[[ -r $root/tests/selftests/lib.sh ]]
	check_err $? "project tree not readable at $root"
	if [[ -e /nfto/env ]]; then
		touch "$root/.nfto-ro-probe" 2>/dev/null
		check_fail $? "project tree is writable from the VM"
		rm -f "$root/.nfto-ro-probe" 2>/dev/null
	fi

	log_test "project tree shared read-only"
}

nft_netdev_table()
{
	local dev=nfto-smoke0

	RET=0

	ip link add "$dev" type dummy
	check_err $? "cannot create dummy device"
	nft add table netdev nfto_smoke
	check_err $? "cannot create netdev table"
	nft add chain netdev nfto_smoke ingress \
		"{ type filter hook ingress device $dev priority 10; }"
	check_err $? "cannot add ingress chain"
	nft add rule netdev nfto_smoke ingress ip daddr 192.0.2.1 counter drop
	check_err $? "cannot add rule"
	nft list table netdev nfto_smoke | grep -q 'ip daddr 192.0.2.1 counter'
	check_err $? "rule not listed"
	nft delete table netdev nfto_smoke
	check_err $? "cannot delete table"
	ip link del "$dev"

	log_test "nft netdev table with an ingress chain"
}

veth_ping()
{
	local a b

	RET=0

	setup_ns a b
	check_err $? "cannot create netns"
	ip -n "$a" link add veth0 type veth peer name veth0 netns "$b"
	check_err $? "cannot create veth pair"
	ip -n "$a" addr add 192.0.2.1/24 dev veth0
	ip -n "$b" addr add 192.0.2.2/24 dev veth0
	ip -n "$a" link set veth0 up
	ip -n "$b" link set veth0 up
	busywait 5000 ip netns exec "$a" ping -q -c 1 -W 1 192.0.2.2 >/dev/null
	check_err $? "no ping reply from the other netns"
	cleanup_ns "$a" "$b"

	log_test "two netns joined by veth can ping"
}

kmod_modprobe()
{
	local mod=nft_fwd_netdev

	RET=0

	modprobe "$mod"
	check_err $? "modprobe $mod failed"
	grep -q "^$mod " /proc/modules
	check_err $? "$mod not loaded after modprobe"
	modprobe -r "$mod"
	check_err $? "modprobe -r $mod failed"

	log_test "kmod modprobe of an nf_tables module"
}

# nf_tables loads expressions with request_module("nft-expr-..."): that
# goes through /proc/sys/kernel/modprobe to kmod in the guest.
request_module()
{
	RET=0

	modprobe -r nft_quota 2>/dev/null
	nft add table inet nfto_smoke &&
		nft add chain inet nfto_smoke c &&
		nft add rule inet nfto_smoke c quota 10 mbytes
	check_err $? "rule with a quota expression failed"
	grep -q "^nft_quota " /proc/modules
	check_err $? "nft_quota was not autoloaded"
	nft delete table inet nfto_smoke

	log_test "kernel request_module() reaches kmod"
}

devlink_dev()
{
	local out

	RET=0

	devlink dev >/dev/null
	check_err $? "devlink dev failed"
	out=$(devlink -j dev show)
	check_err $? "devlink -j dev show failed"
	jq -e '.dev' <<<"$out" >/dev/null
	check_err $? "devlink -j output is not the expected JSON: $out"

	log_test "devlink dev"
}

nft_offload_load()
{
	local ko

	RET=0
	ko=/lib/modules/$(uname -r)/extra/nft_offload.ko

	if [[ ! -e $ko ]]; then
		skip "nft_offload.ko not installed (tests/vm/run --modules DIR)"
		log_test "modprobe/rmmod nft_offload"
		return
	fi

	modprobe nft_offload
	check_err $? "modprobe nft_offload failed"
	[[ -d /sys/bus/nft_offload ]]
	check_err $? "/sys/bus/nft_offload missing while loaded"
	rmmod nft_offload
	check_err $? "rmmod nft_offload failed"
	[[ ! -d /sys/bus/nft_offload ]]
	check_err $? "/sys/bus/nft_offload still there after rmmod"

	log_test "modprobe/rmmod nft_offload"
}

tests_run
exit "$EXIT_STATUS"
