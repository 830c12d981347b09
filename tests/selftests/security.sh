#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The security pass over every control path:
#  - every write (bus sysfs files, debugfs knobs, devlink param/reload/
#    resource/health, the backend switch) needs CAP_NET_ADMIN: without it
#    it fails and changes nothing;
#  - backends load only through the "nft-offload-backend-" alias: a name
#    of another module loads nothing;
#  - counts and lengths from users are bounded;
#  - no output (debugfs, devlink, ethtool, sysfs, genl through the tool,
#    our kernel log lines) carries a kernel address.

# Tests are called through ALL_TESTS; lib.sh reads ALL_TESTS and RET.
# shellcheck disable=SC2034,SC2317

ALL_TESTS="
	sysfs_needs_cap
	debugfs_needs_cap
	devlink_needs_cap
	reads_need_no_cap
	request_module_prefix
	input_bounds
	no_kernel_pointers
"
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/selftests/lib.sh
source "$here/lib.sh"
# shellcheck source=tests/selftests/nfto_lib.sh
source "$here/nfto_lib.sh"

require_cmd nft tc devlink ethtool jq setpriv

TOOL=$here/../../tools/nft-offload/nft-offload

cleanup()
{
	nfto_unload
}

# nocap CMD...: CMD without CAP_NET_ADMIN (still uid 0, like a container's
# root that was not given it).
nocap()
{
	setpriv --bounding-set=-net_admin --inh-caps=-net_admin -- "$@"
}

# One offloaded rule on nfto1p0.
offload_rule()
{
	nft -f - <<-EOF
	table netdev t {
		chain c {
			type filter hook ingress device nfto1p0 priority 10; flags offload;
			ip daddr 192.0.2.1 counter drop
		}
	}
	EOF
}

# The device every test starts from: nfto1, 2 ports, a rule in hardware.
setup()
{
	nfto_unload
	nfto_load && nfto_new 1 2 || return 1
	offload_rule
}

sysfs_needs_cap()
{
	local f

	RET=0
	setup
	check_err $? "set-up failed"
	nocap sh -c "echo '2 1' >$BUS/new_device" 2>/dev/null
	check_fail $? "new_device without CAP_NET_ADMIN succeeded"
	[[ ! -e $BUS/devices/nfto2 ]]
	check_err $? "nfto2 was created without CAP_NET_ADMIN"
	nocap sh -c "echo 1 >$BUS/del_device" 2>/dev/null
	check_fail $? "del_device without CAP_NET_ADMIN succeeded"
	[[ -e $BUS/devices/nfto1 ]]
	check_err $? "nfto1 was deleted without CAP_NET_ADMIN"
	nocap sh -c "echo '1:0 1:1' >$BUS/link_ports" 2>/dev/null
	check_fail $? "link_ports without CAP_NET_ADMIN succeeded"
	echo "1:0 1:1" >"$BUS/link_ports"
	nocap sh -c "echo 1:0 >$BUS/unlink_ports" 2>/dev/null
	check_fail $? "unlink_ports without CAP_NET_ADMIN succeeded"
	echo "1:0" >"$BUS/unlink_ports"
	check_err $? "the link was undone without CAP_NET_ADMIN"
	for f in new_device del_device link_ports unlink_ports; do
		[[ $(stat -c %a "$BUS/$f") == 200 ]]
		check_err $? "$BUS/$f is mode $(stat -c %a "$BUS/$f"), not 200"
	done
	log_test "bus files: every write needs CAP_NET_ADMIN"
}

debugfs_needs_cap()
{
	local k

	RET=0
	setup
	check_err $? "set-up failed"
	for k in fail_bind fail_add fail_del fail_stats fail_nth; do
		nocap sh -c "echo 1 >$DBG/nfto1/$k" 2>/dev/null
		check_fail $? "$k written without CAP_NET_ADMIN"
		[[ $(cat "$DBG/nfto1/$k") == [N0] ]]
		check_err $? "$k changed without CAP_NET_ADMIN: $(cat "$DBG/nfto1/$k")"
		[[ $(stat -c %a "$DBG/nfto1/$k") == 600 ]]
		check_err $? "$k is mode $(stat -c %a "$DBG/nfto1/$k"), not 600"
	done
	# and the knobs still work for an admin
	echo 1 >"$DBG/nfto1/fail_add" && echo 0 >"$DBG/nfto1/fail_add"
	check_err $? "fail_add cannot be written with CAP_NET_ADMIN"
	for k in table failures; do
		[[ $(stat -c %a "$DBG/nfto1/$k") == 400 ]]
		check_err $? "$k is mode $(stat -c %a "$DBG/nfto1/$k"), not 400"
	done
	log_test "debugfs knobs: every write needs CAP_NET_ADMIN"
}

devlink_needs_cap()
{
	RET=0
	setup
	check_err $? "set-up failed"
	nocap devlink dev param set nft_offload/nfto1 name flow_offload_backend \
		value mlx5 cmode runtime 2>/dev/null
	check_fail $? "backend switch without CAP_NET_ADMIN succeeded"
	[[ $(nfto_backend 1) == netdevsim ]]
	check_err $? "the backend changed without CAP_NET_ADMIN"
	if [[ -x $TOOL ]]; then
		nocap "$TOOL" backend nfto1 mlx5 >/dev/null 2>&1
		check_fail $? "nft-offload backend without CAP_NET_ADMIN succeeded"
		[[ $(nfto_backend 1) == netdevsim ]]
		check_err $? "the tool switched the backend without CAP_NET_ADMIN"
	fi
	nocap devlink resource set nft_offload/nfto1 path /flow_table size 4 2>/dev/null
	check_fail $? "resource set without CAP_NET_ADMIN succeeded"
	nocap devlink dev reload nft_offload/nfto1 2>/dev/null
	check_fail $? "reload without CAP_NET_ADMIN succeeded"
	[[ $(nfto_res_size 1) != 4 && $(nfto_occ 1) == 1 ]]
	check_err $? "flow_table changed without CAP_NET_ADMIN"
	nocap devlink health dump clear nft_offload/nfto1 reporter offload 2>/dev/null
	check_fail $? "health dump clear without CAP_NET_ADMIN succeeded"
	log_test "devlink: switch, resource, reload and health writes need CAP_NET_ADMIN"
}

# Reading is for everybody, as with ip/ethtool/devlink show.
reads_need_no_cap()
{
	RET=0
	setup
	check_err $? "set-up failed"
	nocap devlink dev param show nft_offload/nfto1 name flow_offload_backend >/dev/null
	check_err $? "devlink param show failed without CAP_NET_ADMIN"
	nocap ethtool -S nfto1p0 >/dev/null
	check_err $? "ethtool -S failed without CAP_NET_ADMIN"
	if [[ -x $TOOL ]]; then
		nocap "$TOOL" status nfto1 >/dev/null
		check_err $? "nft-offload status failed without CAP_NET_ADMIN"
		nocap "$TOOL" table nfto1 >/dev/null
		check_err $? "nft-offload table failed without CAP_NET_ADMIN"
	fi
	log_test "reads (devlink show, ethtool -S, the tool's status/table) need no capability"
}

# Backend names must never load an arbitrary module.
request_module_prefix()
{
	local mod

	RET=0
	setup
	check_err $? "set-up failed"
	for mod in ipip ip_gre vxlan geneve; do
		modinfo "$mod" >/dev/null 2>&1 || continue
		lsmod | grep -qw "^$mod" && continue
		break
	done
	if ! modinfo "$mod" >/dev/null 2>&1 || lsmod | grep -qw "^$mod"; then
		skip "no unloaded module to try (ipip, ip_gre, vxlan, geneve)"
		log_test "backend names load only nft-offload-backend-* modules"
		return
	fi
	echo "2 1 $mod" >"$BUS/new_device" 2>/dev/null
	check_fail $? "new_device with backend '$mod' succeeded"
	devlink dev param set nft_offload/nfto1 name flow_offload_backend \
		value "$mod" cmode runtime 2>/dev/null
	check_fail $? "switching to backend '$mod' succeeded"
	echo "2 1 ../$mod" >"$BUS/new_device" 2>/dev/null
	check_fail $? "new_device with backend '../$mod' succeeded"
	! lsmod | grep -qw "^$mod"
	check_err $? "backend name '$mod' loaded the module $mod"
	rmmod nft_offload_nsim 2>/dev/null
	nfto_unload
	modprobe nft_offload backend="$mod" 2>/dev/null
	check_fail $? "modprobe nft_offload backend=$mod succeeded"
	! lsmod | grep -qw "^$mod"
	check_err $? "backend=$mod loaded the module $mod"
	log_test "backend names load only nft-offload-backend-* modules (tried $mod)"
}

input_bounds()
{
	local long size

	RET=0
	setup
	check_err $? "set-up failed"
	long=$(printf 'x%.0s' {1..40})
	echo "2 1 $long" >"$BUS/new_device" 2>/dev/null
	check_fail $? "a 40-character backend name was taken"
	echo "2 100000" >"$BUS/new_device" 2>/dev/null
	check_fail $? "100000 ports were taken"
	echo "4294967296 1" >"$BUS/new_device" 2>/dev/null
	check_fail $? "ID 2^32 was taken"
	echo "-1 1" >"$BUS/new_device" 2>/dev/null
	check_fail $? "ID -1 was taken"
	echo "2 0" >"$BUS/new_device" 2>/dev/null
	check_fail $? "0 ports were taken"
	echo "2 1 netdevsim extra" >"$BUS/new_device" 2>/dev/null
	check_fail $? "a word after the backend was taken"
	printf '2 1\0 junk' >"$BUS/new_device" 2>/dev/null
	check_fail $? "input with a NUL inside was taken"
	echo "1:4294967296 1:1" >"$BUS/link_ports" 2>/dev/null
	check_fail $? "port 2^32 was taken (it is port 0 for sscanf)"
	printf '%s' "$(printf '1:%.0s' {1..200})" >"$BUS/link_ports" 2>/dev/null
	check_fail $? "an overlong link_ports line was taken"
	echo 4294967296 >"$DBG/nfto1/fail_nth" 2>/dev/null
	check_fail $? "fail_nth took 2^32"
	[[ $(cat "$DBG/nfto1/fail_nth") == 0 ]]
	check_err $? "fail_nth is $(cat "$DBG/nfto1/fail_nth") after a refused write"
	# The resource's maximum is the backend's (netdevsim: 2^24): devlink
	# refuses a larger size right away, and the device keeps its own.
	size=$(nfto_res_size 1)
	devlink resource set nft_offload/nfto1 path /flow_table size 4294967295 2>/dev/null
	check_fail $? "flow_table size 2^32-1 was taken"
	devlink resource set nft_offload/nfto1 path /flow_table size $(((1 << 24) + 1)) 2>/dev/null
	check_fail $? "flow_table size 2^24+1 was taken by netdevsim (max 2^24)"
	nft delete table netdev t
	devlink dev reload nft_offload/nfto1
	check_err $? "a reload after the refused sizes failed"
	busywait 3000 ip link show nfto1p0 >/dev/null 2>&1
	[[ $(nfto_res_size 1) == "$size" ]]
	check_err $? "the refused size changed the flow_table: $(nfto_res_size 1), was $size"
	[[ $(nfto_res_max 1) == $((1 << 24)) ]]
	check_err $? "flow_table's maximum is not netdevsim's 2^24"
	offload_rule
	devlink dev param set nft_offload/nfto1 name flow_offload_backend \
		value "$long" cmode runtime 2>/dev/null
	check_fail $? "a 40-character backend was switched to"
	[[ $(nfto_backend 1) == netdevsim && $(nfto_occ 1) == 1 ]]
	check_err $? "bad input changed the device"
	[[ ! -e $BUS/devices/nfto2 ]]
	check_err $? "bad input created nfto2"
	log_test "counts and lengths from users are bounded; bad input changes nothing"
}

# A kernel address: the direct map, vmalloc/modules or the kernel image.
KPTR_RE='(0x)?ffff[89a-f][0-9a-f]{11}'

no_kernel_pointers()
{
	local out

	RET=0
	setup
	check_err $? "set-up failed"
	tc qdisc add dev nfto1p1 clsact
	tc filter add dev nfto1p1 ingress protocol ip pref 1 flower skip_sw \
		dst_ip 192.0.2.2 action drop
	# a refusal, so that there are failure records
	echo 1 >"$DBG/nfto1/fail_add"
	nft add rule netdev t c ip daddr 192.0.2.3 drop 2>/dev/null
	echo 0 >"$DBG/nfto1/fail_add"
	nft list ruleset >/dev/null

	out=$(cat "$DBG/nfto1/table" "$DBG/nfto1/failures"
	      devlink -j health dump show nft_offload/nfto1 reporter offload 2>&1
	      devlink -j health diagnose nft_offload/nfto1 reporter offload 2>&1
	      devlink -j dev info nft_offload/nfto1
	      devlink -j resource show nft_offload/nfto1
	      devlink -j port show
	      ethtool -S nfto1p0
	      cat /sys/class/net/nfto1p0/phys_port_name /sys/class/net/nfto1p0/phys_switch_id
	      tc -s filter show dev nfto1p1 ingress
	      if [[ -x $TOOL ]]; then
		      "$TOOL" --json status
		      "$TOOL" --json table nfto1
		      "$TOOL" --json explain nfto1
		      "$TOOL" --json backends
	      fi
	      dmesg | grep -E 'nft_offload|nfto')
	grep -qE 'cookie' <<<"$out"
	check_err $? "no cookie in any output: nothing was checked"
	if grep -qiE "$KPTR_RE" <<<"$out"; then
		log_info "$(grep -iE "$KPTR_RE" <<<"$out" | head -n 5)"
		check_err 1 "an output carries a kernel address"
	fi
	log_test "no output carries a kernel address (cookies are hashed)"
}

tests_run
exit "$EXIT_STATUS"
