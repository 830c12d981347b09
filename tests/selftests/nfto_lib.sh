#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Helpers for nft_offload selftests; source after lib.sh.

BUS=/sys/bus/nft_offload
DBG=/sys/kernel/debug/nft_offload

# Remove every nft_offload module and device.
nfto_unload()
{
	nft flush ruleset 2>/dev/null
	rmmod nft_offload_nsim nft_offload_mlx5 nft_offload_ice nft_offload \
		nft_offload_lib 2>/dev/null
	rmmod nft_offload 2>/dev/null
	for m in nft_offload_nsim nft_offload_mlx5 nft_offload_ice nft_offload_lib; do
		rmmod "$m" 2>/dev/null
	done
	! lsmod | grep -q '^nft_offload '
}

nfto_load()
{
	modprobe nft_offload "$@"
}

# nfto_new ID PORTS [BACKEND]: create a device and wait for its ports.
nfto_new()
{
	local id=$1 ports=$2 p

	echo "$*" >"$BUS/new_device" || return 1
	for ((p = 0; p < ports; p++)); do
		busywait 2000 ip link show "nfto${id}p$p" >/dev/null 2>&1 || return 1
	done
}

nfto_del()
{
	echo "$1" >"$BUS/del_device"
}

# nfto_occ ID: occupancy of the device's flow_table resource.
nfto_occ()
{
	devlink -j resource show "nft_offload/nfto$1" |
		jq -r '.resources[][] | select(.name == "flow_table") | .occ'
}

nfto_res_size()
{
	devlink -j resource show "nft_offload/nfto$1" |
		jq -r '.resources[][] | select(.name == "flow_table") | .size'
}

# nfto_res_max ID: the flow_table resource's maximum (the backend's).
nfto_res_max()
{
	devlink -j resource show "nft_offload/nfto$1" |
		jq -r '.resources[][] | select(.name == "flow_table") | .size_max'
}

# nfto_entries ID: entries the debugfs table dump lists.
nfto_entries()
{
	grep -c '^entry ' "$DBG/nfto$1/table"
}

nfto_backend()
{
	devlink -j dev param show "nft_offload/nfto$1" name flow_offload_backend |
		jq -r '.[][][0].values[0].value'
}

# nfto_health_dump ID: the offload reporter's dump, as text.
nfto_health_dump()
{
	devlink health dump show "nft_offload/nfto$1" reporter offload 2>&1
}

nfto_failures()
{
	cat "$DBG/nfto$1/failures"
}

nfto_set_fault()
{
	echo "$3" >"$DBG/nfto$1/$2"
}

# --- the profile tests (profiles.sh, check.sh): a device per backend -------

# Device IDs of the backends' devices; profiles.sh uses 4 for its switch test.
# shellcheck disable=SC2034 # used by the scripts that source this
declare -A DEV_ID=([netdevsim]=1 [mlx5]=2 [ice]=3)

# nfto_profile_setup: nft_offload loaded afresh, one 2-port device each.
nfto_profile_setup()
{
	local b

	nfto_unload
	nfto_load || skip_all "modprobe nft_offload failed"
	for b in netdevsim mlx5 ice; do
		nfto_new "${DEV_ID[$b]}" 2 "$b" ||
			skip_all "no device with backend $b"
	done
}

# The VM is slow at starting processes, so the per-entry checks read
# debugfs with shell builtins. read_state ID sets NEWEST (the newest
# failure record), SEQ (its sequence number, 0 if none) and OCC (entries in
# hardware).
read_state()
{
	local line _

	NEWEST=
	while IFS= read -r line; do
		NEWEST=$line
	done <"$DBG/nfto$1/failures"
	SEQ=${NEWEST%% *}
	[[ $SEQ =~ ^[0-9]+$ ]] || SEQ=0
	read -r _ _ _ OCC _ <"$DBG/nfto$1/table"
}
