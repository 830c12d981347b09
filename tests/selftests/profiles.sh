#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The vendor profiles: every entry of profiles.list is offered to a device
# of each backend (netdevsim, mlx5, ice) and must get the verdict
# profiles.expected gives it: offloaded, or refused with the recorded
# reason (debugfs failures, newest line) containing the expected text.
# Then a runtime switch netdevsim -> mlx5 -> ice: what fits migrates, a
# rule ice refuses rolls the switch back completely.

# shellcheck disable=SC2034,SC2317 # tests run through ALL_TESTS
ALL_TESTS="
	backend_defaults
	profile_netdevsim
	profile_mlx5
	profile_ice
	flowtable_mixed_devices
	runtime_switch
	switch_shrinks
	switch_flowtable_bound
"
here=$(dirname "$0")
# shellcheck source=tests/selftests/lib.sh
source "$here/lib.sh"
# shellcheck source=tests/selftests/nfto_lib.sh
source "$here/nfto_lib.sh"

require_cmd nft tc devlink jq

LIST=$here/profiles.list
TOOL=${NFTO_TOOL:-$(cd "$here/../.." && pwd)/tools/nft-offload/nft-offload}
EXPECTED=$here/profiles.expected

cleanup()
{
	nfto_unload
}

# apply KIND TEXT PORT: offer one profiles.list entry in one command; the
# exit status says whether the kernel took it.
apply()
{
	local kind=$1 text=$2 port=$3

	case $kind in
	nft)
		nft -f - <<-EOF
		table netdev prof {
			chain c {
				type filter hook ingress device $port priority 10; flags offload;
				$text
			}
		}
		EOF
		;;
	tc)
		tc -batch - <<-EOF
		qdisc add dev $port clsact
		filter add dev $port ingress $text
		EOF
		;;
	ft)
		nft -f - <<-EOF
		table inet prof {
			flowtable f {
				hook ingress priority 0; devices = { $port }; flags offload;
			}
		}
		EOF
		;;
	esac
}

unapply()
{
	local kind=$1 port=$2

	case $kind in
	nft) nft delete table netdev prof ;;
	tc)  tc qdisc del dev "$port" clsact ;;
	ft)  nft delete table inet prof ;;
	esac
}

# check_entry BACKEND ID KIND TEXT VERDICT [SUBSTRING]: sets MISMATCH to
# what differs from the expected verdict, empty when nothing does.
check_entry()
{
	local backend=$1 id=$2 kind=$3 text=$4 verdict=$5 want=$6
	local dev=${DEV_ID[$backend]} port peer seq out rc newest entries

	port=nfto${dev}p0
	peer=nfto${dev}p1
	text=${text//@PORT@/$port}
	text=${text//@PEER@/$peer}
	MISMATCH=

	read_state "$dev"
	seq=$SEQ
	out=$(apply "$kind" "$text" "$port" 2>&1)
	rc=$?
	read_state "$dev"
	newest=$NEWEST
	entries=$OCC
	# nft keeps nothing of a refused transaction; tc keeps the qdisc.
	[[ $rc == 0 || $kind == tc ]] && unapply "$kind" "$port" >/dev/null 2>&1
	read_state "$dev"

	if [[ $verdict == offload ]]; then
		if [[ $rc != 0 ]]; then
			MISMATCH="refused: ${newest:-$out}"
		elif [[ $SEQ != "$seq" ]]; then
			MISMATCH="offloaded, but recorded: $newest"
		elif [[ $kind != ft && $entries != 1 ]]; then
			# A flowtable bind installs no flow until traffic comes.
			MISMATCH="offloaded, but $entries entries in hardware"
		fi
	elif [[ $rc == 0 ]]; then
		MISMATCH="offloaded, expected a refusal: $want"
	elif [[ ${newest%% *} == "$seq" ]]; then
		MISMATCH="refused, but nothing recorded (kernel said: $out)"
	elif [[ $newest != *"$want"* ]]; then
		MISMATCH="recorded '${newest#*: }', expected '$want'"
	elif [[ $entries != 0 ]]; then
		MISMATCH="refused, yet $entries entries in hardware"
	fi
	if [[ -z $MISMATCH && $OCC != 0 ]]; then
		MISMATCH="$OCC entries left after the rule was removed"
	fi
}

# profile BACKEND KIND: every KIND entry of profiles.list against its
# verdict for BACKEND in profiles.expected; one result, each mismatch a
# diagnostic.
profile()
{
	local backend=$1 want_kind=$2 id b kind text verdict want line
	local n=0 bad=0 first=
	local -A list seen

	while IFS='|' read -r id kind text; do
		[[ -z $id || $id == \#* ]] && continue
		list[$id]="$kind|$text"
	done <"$LIST"

	while IFS= read -r line; do
		[[ -z $line || $line == \#* ]] && continue
		IFS='|' read -r id b verdict want <<<"$line"
		[[ $b == "$backend" ]] || continue
		if [[ -z ${list[$id]+x} ]]; then
			check_err 1 "$id is in profiles.expected, not in profiles.list"
			continue
		fi
		seen[$id]=1
		kind=${list[$id]%%|*}
		text=${list[$id]#*|}
		[[ $kind == "$want_kind" ]] || continue
		check_entry "$backend" "$id" "$kind" "$text" "$verdict" "$want"
		n=$((n + 1))
		if [[ -n $MISMATCH ]]; then
			bad=$((bad + 1))
			log_info "$backend: $id: $MISMATCH"
			first=${first:-"$id: $MISMATCH"}
		fi
	done <"$EXPECTED"

	for id in "${!list[@]}"; do
		[[ -n ${seen[$id]+x} ]] && continue
		check_err 1 "no $backend verdict for $id in profiles.expected"
	done
	((bad == 0))
	check_err $? "$bad of $n differ; $first"
	log_test "$backend: $n $want_kind entries get their expected verdicts"
}

backend_defaults()
{
	local b info

	for b in netdevsim mlx5 ice; do
		info=$(devlink -j dev info "nft_offload/nfto${DEV_ID[$b]}")
		jq -e --arg b "$b" '.info[].versions.running["fw.backend"] == $b' \
			<<<"$info" >/dev/null
		check_err $? "devlink dev info of nfto${DEV_ID[$b]} does not name $b"
		[[ $(nfto_backend "${DEV_ID[$b]}") == "$b" ]]
		check_err $? "flow_offload_backend of nfto${DEV_ID[$b]} is not $b"
	done
	[[ $(nfto_res_size 2) == 4194304 && $(nfto_res_size 3) == 32768 ]]
	check_err $? "flow_table sizes: mlx5 $(nfto_res_size 2), ice $(nfto_res_size 3)"
	lsmod | grep -q '^nft_offload_mlx5 ' && lsmod | grep -q '^nft_offload_ice '
	check_err $? "the backend modules were not loaded on demand"
	log_test "backends load by name, with their table sizes"
}

profile_netdevsim()
{
	profile netdevsim nft
	profile netdevsim tc
	profile netdevsim ft
}

profile_mlx5()
{
	profile mlx5 nft
	profile mlx5 tc
	profile mlx5 ft
}

profile_ice()
{
	profile ice nft
	profile ice tc
	profile ice ft
}

# One flowtable over a netdevsim port and an ice port: ice binds no
# flowtable, so the whole flowtable fails, and the record says which
# device refused.
flowtable_mixed_devices()
{
	local seq

	read_state 3
	seq=$SEQ
	nft -f - 2>/dev/null <<-EOF
	table inet prof {
		flowtable f {
			hook ingress priority 0; devices = { nfto1p0, nfto3p0 }; flags offload;
		}
	}
	EOF
	check_fail $? "a flowtable over an ice port was offloaded"
	nft list table inet prof >/dev/null 2>&1
	check_fail $? "nft kept the refused flowtable"
	nft delete table inet prof 2>/dev/null
	read_state 3
	[[ $SEQ != "$seq" ]]
	check_err $? "no failure recorded on the ice device"
	tail -n1 "$DBG/nfto3/failures" |
		grep -q "nfto3p0 flowtable.*backend ice has no flowtable offload"
	check_err $? "the record does not name nfto3p0: $(tail -n1 "$DBG/nfto3/failures")"
	log_test "a flowtable with an ice port fails, the record names the port"
}

switch_to()
{
	switch_to_dev 4 "$1"
}

# switch_to_dev ID BACKEND: devlink's output on stdout
switch_to_dev()
{
	devlink dev param set "nft_offload/nfto$1" name flow_offload_backend \
		value "$2" cmode runtime 2>&1
}

runtime_switch()
{
	local out seq

	nfto_new 4 2
	check_err $? "new_device 4 2 failed"
	[[ $(nfto_backend 4) == netdevsim ]]
	check_err $? "device 4 does not start on netdevsim"

	# netdevsim's 65536 entries are more than ice holds: with nothing
	# offloaded the table shrinks to ice's 32768, and the user is told.
	out=$(switch_to ice)
	check_err $? "switch of a fresh device to ice failed: $out"
	[[ $(nfto_backend 4) == ice && $(nfto_res_size 4) == 32768 ]]
	check_err $? "after the switch: backend $(nfto_backend 4), flow_table size $(nfto_res_size 4)"
	tail -n1 "$DBG/nfto4/failures" |
		grep -q "notice.*flow_table size 65536 is now 32768, backend ice's maximum"
	check_err $? "no notice of the new size: $(tail -n1 "$DBG/nfto4/failures")"
	# Switching back does not grow it again.
	out=$(switch_to netdevsim)
	check_err $? "switch back to netdevsim failed: $out"
	[[ $(nfto_res_size 4) == 32768 ]]
	check_err $? "switching back grew the table to $(nfto_res_size 4)"

	# Rules every backend takes, one nft and one tc.
	nft -f - <<-EOF
	table netdev sw {
		chain c {
			type filter hook ingress device nfto4p0 priority 10; flags offload;
			ip daddr 10.0.0.1 drop
		}
	}
	EOF
	check_err $? "nft rule on netdevsim refused"
	tc qdisc add dev nfto4p1 clsact
	tc filter add dev nfto4p1 ingress protocol ip pref 1 flower skip_sw \
		dst_ip 10.0.0.2 action mirred egress redirect dev nfto4p0
	check_err $? "tc filter on netdevsim refused"

	out=$(switch_to mlx5)
	check_err $? "switch netdevsim -> mlx5 failed: $out"
	[[ $(nfto_backend 4) == mlx5 && $(nfto_occ 4) == 2 ]]
	check_err $? "after the switch: backend $(nfto_backend 4), $(nfto_occ 4) entries"
	grep -q '^backend mlx5 entries 2' "$DBG/nfto4/table"
	check_err $? "the table does not show 2 entries on mlx5"

	# One mlx5 takes and ice does not: nft's accept.
	nft add rule netdev sw c ip daddr 10.0.0.3 accept
	check_err $? "accept rule refused on mlx5"
	[[ $(nfto_occ 4) == 3 ]]
	check_err $? "$(nfto_occ 4) entries, expected 3"

	read_state 4
	seq=$SEQ
	devlink health dump clear nft_offload/nfto4 reporter offload
	out=$(switch_to ice)
	check_fail $? "switch to ice succeeded with an accept rule in hardware"
	[[ $(nfto_backend 4) == mlx5 && $(nfto_occ 4) == 3 ]]
	check_err $? "not rolled back: backend $(nfto_backend 4), $(nfto_occ 4) entries"
	grep -q '^backend mlx5 entries 3' "$DBG/nfto4/table"
	check_err $? "the table is not mlx5's 3 entries after the rollback"
	read_state 4
	[[ $SEQ != "$seq" ]] &&
		tail -n1 "$DBG/nfto4/failures" |
		grep -q "switch to ice refused: backend ice cannot do action 'accept'"
	check_err $? "failure record: $(tail -n1 "$DBG/nfto4/failures")"
	# nft-offload explain shows the same record.
	if [[ -x $TOOL ]]; then
		"$TOOL" explain nfto4 2>&1 |
			grep -q "switch to ice refused: backend ice cannot do action 'accept'"
		check_err $? "nft-offload explain does not name the refusal"
	else
		log_info "no $TOOL: nft-offload explain not checked (make tool)"
	fi
	# The health dump, taken at the refusal (cleared before it), too.
	busywait 5000 sh -c "devlink health dump show nft_offload/nfto4 reporter offload 2>&1 |
		grep -q \"switch to ice refused: backend ice cannot do action 'accept'\""
	check_err $? "the health dump does not name the refusal: $(devlink health dump show nft_offload/nfto4 reporter offload 2>&1 | tail -n 5)"
	# 6.1 has no extack for devlink params: the reason is in debugfs only.
	if [[ $(uname -r) != 6.1.* ]]; then
		grep -q "switch to ice refused: backend ice cannot do action 'accept'" <<<"$out"
		check_err $? "devlink did not print the reason: $out"
	fi

	# Without it, everything fits ice.
	nft delete rule netdev sw c handle \
		"$(nft -a list chain netdev sw c | awk '/daddr 10.0.0.3/ { print $NF }')"
	check_err $? "deleting the accept rule failed"
	out=$(switch_to ice)
	check_err $? "switch mlx5 -> ice failed: $out"
	[[ $(nfto_backend 4) == ice && $(nfto_occ 4) == 2 ]]
	check_err $? "after the switch: backend $(nfto_backend 4), $(nfto_occ 4) entries"

	nft delete table netdev sw
	tc qdisc del dev nfto4p1 clsact
	[[ $(nfto_occ 4) == 0 ]]
	check_err $? "entries left on ice"
	nfto_del 4
	log_test "switch netdevsim -> mlx5 -> ice migrates or rolls back whole"
}

# A device at mlx5's default size moves to ice with its rules; one with
# more entries than ice holds does not move, and nothing changes.
switch_shrinks()
{
	local out i n

	nfto_new 6 1 mlx5
	check_err $? "new_device 6 1 mlx5 failed"
	[[ $(nfto_res_size 6) -gt 32768 ]]
	check_err $? "mlx5's default flow_table size $(nfto_res_size 6) is not above ice's"
	tc qdisc add dev nfto6p0 clsact
	for i in 1 2 3; do
		tc filter add dev nfto6p0 ingress protocol ip pref 1 flower skip_sw \
			dst_ip 10.0.0.$i action drop
	done
	out=$(switch_to_dev 6 ice)
	check_err $? "switch mlx5 -> ice with 3 rules failed: $out"
	[[ $(nfto_backend 6) == ice && $(nfto_res_size 6) == 32768 &&
	   $(nfto_occ 6) == 3 ]]
	check_err $? "after the switch: $(nfto_backend 6), size $(nfto_res_size 6), $(nfto_occ 6) entries"

	# Back on mlx5 (the table stays at 32768), fill it past ice's size.
	switch_to_dev 6 mlx5 >/dev/null
	devlink resource set nft_offload/nfto6 path /flow_table size 40000 &&
		devlink dev reload nft_offload/nfto6
	check_err $? "growing the flow_table to 40000 failed"
	busywait 2000 ip link show nfto6p0 >/dev/null 2>&1
	tc qdisc add dev nfto6p0 clsact
	n=32769
	for ((i = 0; i < n; i++)); do
		printf 'filter add dev nfto6p0 ingress protocol ip pref 1 flower skip_sw dst_ip 10.%d.%d.%d action drop\n' \
			$((i >> 16)) $(((i >> 8) & 255)) $((i & 255))
	done | tc -batch -
	check_err $? "adding $n filters failed"
	[[ $(nfto_occ 6) == "$n" ]]
	check_err $? "$(nfto_occ 6) entries offloaded, expected $n"
	out=$(switch_to_dev 6 ice)
	check_fail $? "switch to ice with $n entries succeeded"
	[[ $(nfto_backend 6) == mlx5 && $(nfto_occ 6) == "$n" &&
	   $(nfto_res_size 6) == 40000 ]]
	check_err $? "not unchanged: $(nfto_backend 6), size $(nfto_res_size 6), $(nfto_occ 6) entries"
	tail -n1 "$DBG/nfto6/failures" |
		grep -q "switch to ice refused: $n entries are offloaded, backend ice holds at most 32768"
	check_err $? "record: $(tail -n1 "$DBG/nfto6/failures")"
	if [[ $(uname -r) != 6.1.* ]]; then
		grep -q "No space left on device\|holds at most 32768" <<<"$out"
		check_err $? "devlink did not say why: $out"
	fi
	tc qdisc del dev nfto6p0 clsact
	nfto_del 6
	log_test "a switch shrinks the table to the new backend's size when the entries fit"
}

# (proposal A) a bound flowtable keeps the device off ice
switch_flowtable_bound()
{
	local out

	nfto_new 5 2 mlx5
	# ice holds 32768 entries at most
	devlink resource set nft_offload/nfto5 path /flow_table size 32768 &&
		devlink dev reload nft_offload/nfto5
	busywait 2000 ip link show nfto5p1 >/dev/null 2>&1
	nft -f - <<-EOF
	table inet swft {
		flowtable f {
			hook ingress priority 0; devices = { nfto5p0 }; flags offload;
		}
	}
	EOF
	check_err $? "flowtable on mlx5 refused"
	out=$(devlink dev param set nft_offload/nfto5 name flow_offload_backend \
		value ice cmode runtime 2>&1)
	check_fail $? "switch to ice with a bound flowtable succeeded"
	[[ $(nfto_backend 5) == mlx5 ]]
	check_err $? "backend changed"
	tail -n1 "$DBG/nfto5/failures" | grep -q "a flowtable is bound and backend ice has no flowtable offload"
	check_err $? "record: $(tail -n1 "$DBG/nfto5/failures")"
	nft delete table inet swft
	devlink dev param set nft_offload/nfto5 name flow_offload_backend \
		value ice cmode runtime
	check_err $? "switch to ice without the flowtable failed"
	nfto_del 5
	log_test "a bound flowtable keeps a device off a backend without flowtables"
}

nfto_profile_setup
tests_run
exit "$EXIT_STATUS"
