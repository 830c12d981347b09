#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bounded stress, in time and in count:
#  - churn: NFTO_STRESS_TIME seconds (default 60) of everything at once on
#    one switch: nft offload chains created and deleted, tc flower filters
#    added and removed, backend switches netdevsim <-> mlx5, TCP transfers
#    across the switch (each compared with cmp), debugfs/devlink/ethtool/
#    tool dumps, and a port with a filter moved between namespaces;
#  - netns: NFTO_STRESS_NETNS (default 1000) namespaces created, given a
#    port with an offloaded rule, and destroyed;
#  - modules: NFTO_STRESS_MODULES (default 100) load/unload cycles of
#    nft_offload with a device, nft and tc rules and a flowtable installed.
# Afterwards nothing may be left in hardware, every transfer must have
# arrived intact, and (lib.sh) the kernel log must be clean; kmemleak scans
# on the debug kernel. The iteration counts are printed: they are the
# figures, not assertions.

# Tests are called through ALL_TESTS; lib.sh reads ALL_TESTS and RET.
# shellcheck disable=SC2034,SC2317

ALL_TESTS="
	churn
	netns_churn
	module_cycles
"
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/selftests/lib.sh
source "$here/lib.sh"
# shellcheck source=tests/selftests/nfto_lib.sh
source "$here/nfto_lib.sh"

require_cmd nft tc devlink ethtool jq socat cmp

STRESS_TIME=${NFTO_STRESS_TIME:-60}
NETNS_COUNT=${NFTO_STRESS_NETNS:-1000}
MODULE_CYCLES=${NFTO_STRESS_MODULES:-100}
TOOL=$here/../../tools/nft-offload/nft-offload

WORK=$(mktemp -d)
cleanup()
{
	local p

	for p in $(jobs -p); do
		kill "$p" 2>/dev/null
	done
	wait 2>/dev/null
	rm -rf "$WORK"
	nfto_unload
}

# loop NAME CMD...: run CMD until the deadline; counts in $WORK/NAME.{ok,err}.
loop()
{
	local name=$1 ok=0 err=0
	shift

	while (($(date +%s) < DEADLINE)); do
		if "$@" >>"$WORK/$name.log" 2>&1; then
			ok=$((ok + 1))
		else
			err=$((err + 1))
		fi
	done
	echo "$ok" >"$WORK/$name.ok"
	echo "$err" >"$WORK/$name.err"
}

nft_churn_once()
{
	ip netns exec "$B" nft -f - <<-EOF || return 1
	table netdev s {
		chain c {
			type filter hook ingress device nfto1p1 priority 10; flags offload;
			ip daddr 192.0.2.1 counter drop
			tcp dport 9 counter drop
			ip saddr 198.51.100.0/24 accept
		}
	}
	EOF
	ip netns exec "$B" nft list ruleset >/dev/null || return 1
	ip netns exec "$B" nft delete table netdev s
}

# Priorities 2-15: both backends of the switch loop take them (mlx5: 1-16).
TC_PREF=2
tc_churn_once()
{
	TC_PREF=$((TC_PREF % 14 + 2))
	ip netns exec "$B" tc filter add dev nfto1p1 ingress protocol ip \
		pref "$TC_PREF" flower skip_sw dst_ip 192.0.2.$((TC_PREF + 100)) \
		action drop || return 1
	ip netns exec "$B" tc -s filter show dev nfto1p1 ingress >/dev/null || return 1
	ip netns exec "$B" tc filter del dev nfto1p1 ingress pref "$TC_PREF"
	TC_PREF=$((TC_PREF + 1))
}

BACKEND=mlx5
switch_once()
{
	devlink dev param set nft_offload/nfto1 name flow_offload_backend \
		value "$BACKEND" cmode runtime || return 1
	if [[ $BACKEND == mlx5 ]]; then BACKEND=netdevsim; else BACKEND=mlx5; fi
}

PORT=0
# Generous limits: a transfer across a switch whose backend changes under
# it takes tens of seconds under KASAN and TCG on a loaded host; a limit
# that is hit says which one, and the iteration fails.
transfer_once()
{
	local port=$((5000 + PORT % 100)) pid rc rrc=0

	PORT=$((PORT + 1))
	rm -f "$WORK/out"
	ip netns exec "$B" timeout 300 socat -u "TCP4-LISTEN:$port,reuseaddr" \
		"CREATE:$WORK/out" &
	pid=$!
	if ! busywait 30000 listening "$B" "$port"; then
		echo "transfer $PORT: nothing listening on :$port after 30 s"
		kill "$pid"
		return 1
	fi
	ip netns exec "$A" timeout 300 socat -u "OPEN:$WORK/in" "TCP4:10.9.0.2:$port"
	rc=$?
	wait "$pid" || rrc=$?
	if ((rc || rrc)); then
		echo "transfer $PORT: sender exited $rc, receiver $rrc (124: timed out after 300 s)"
		return 1
	fi
	cmp -s "$WORK/in" "$WORK/out" || { echo "transfer $PORT corrupted"; return 1; }
}

listening()
{
	ip netns exec "$1" ss -Htln "sport = :$2" 2>/dev/null | grep -q .
}

dump_once()
{
	cat "$DBG/nfto1/table" "$DBG/nfto1/failures" >/dev/null || return 1
	devlink resource show nft_offload/nfto1 >/dev/null || return 1
	devlink health diagnose nft_offload/nfto1 reporter offload >/dev/null || return 1
	devlink dev info nft_offload/nfto1 >/dev/null || return 1
	ip netns exec "$B" ethtool -S nfto1p1 >/dev/null || return 1
	if [[ -x $TOOL ]]; then
		"$TOOL" --json status >/dev/null || return 1
		"$TOOL" table nfto1 >/dev/null || return 1
	fi
}

# nfto1p2 with an offloaded filter goes to netns C and back.
move_once()
{
	ip link set nfto1p2 netns "$C" || return 1
	ip -n "$C" link set nfto1p2 up
	ip netns exec "$C" tc qdisc add dev nfto1p2 clsact || return 1
	ip netns exec "$C" tc filter add dev nfto1p2 ingress protocol ip pref 1 \
		flower skip_sw dst_ip 192.0.2.9 action drop || return 1
	ip -n "$C" link set nfto1p2 netns 1 || return 1
	# the move took the qdisc, and with it the filter, down
	busywait 2000 ip link show nfto1p2 >/dev/null
}

churn()
{
	local name ok err total_err=0 summary=

	RET=0
	nfto_load && nfto_new 1 4
	check_err $? "set-up: device"
	setup_ns A B C
	check_err $? "set-up: namespaces"
	echo "1:0 1:1" >"$BUS/link_ports"
	ip link set nfto1p0 netns "$A" && ip link set nfto1p1 netns "$B"
	check_err $? "set-up: ports into the host namespaces"
	ip -n "$A" addr add 10.9.0.1/24 dev nfto1p0
	ip -n "$B" addr add 10.9.0.2/24 dev nfto1p1
	ip -n "$A" link set nfto1p0 up && ip -n "$B" link set nfto1p1 up
	ip netns exec "$B" tc qdisc add dev nfto1p1 clsact
	dd if=/dev/urandom of="$WORK/in" bs=64K count=4 status=none
	busywait 5000 ip netns exec "$A" ping -c1 -W1 10.9.0.2 >/dev/null
	check_err $? "set-up: no connectivity across the switch"
	if [[ $RET != 0 ]]; then
		log_test "churn: ${STRESS_TIME}s of everything at once"
		return
	fi

	DEADLINE=$(($(date +%s) + STRESS_TIME))
	loop nft nft_churn_once &
	loop tc tc_churn_once &
	loop switch switch_once &
	loop transfer transfer_once &
	loop dump dump_once &
	loop move move_once &
	wait

	for name in nft tc switch transfer dump move; do
		ok=$(cat "$WORK/$name.ok" 2>/dev/null || echo 0)
		err=$(cat "$WORK/$name.err" 2>/dev/null || echo 1)
		summary+=" $name $ok"
		((ok > 0))
		check_err $? "churn: no $name iteration completed"
		if ((err > 0)); then
			log_info "$name: $err failed iterations; last output:"
			log_info "$(tail -n 5 "$WORK/$name.log")"
			total_err=$((total_err + err))
		fi
	done
	log_info "churn in ${STRESS_TIME}s, iterations:$summary"
	((total_err == 0))
	check_err $? "churn: $total_err iterations failed"

	ip netns exec "$B" nft flush ruleset
	ip netns exec "$B" tc qdisc del dev nfto1p1 clsact
	busywait 5000 sh -c "[ \$(grep -c '^entry ' $DBG/nfto1/table) = 0 ]"
	check_err $? "churn: $(nfto_entries 1) entries left after the teardown"
	[[ $(nfto_occ 1) == 0 ]]
	check_err $? "churn: occupancy $(nfto_occ 1) after the teardown"
	log_test "churn: ${STRESS_TIME}s of rules, switches, traffic, dumps, moves"
	cleanup_all_ns
	nfto_del 1
}

netns_churn()
{
	local i ns fails=0 t0

	RET=0
	nfto_load && nfto_new 2 1
	check_err $? "set-up: device"
	t0=$(date +%s)
	for ((i = 0; i < NETNS_COUNT; i++)); do
		ns=nfto-churn-$$-$i
		ip netns add "$ns" || { fails=$((fails + 1)); continue; }
		ip link set nfto2p0 netns "$ns" || fails=$((fails + 1))
		# every tenth: an offloaded rule that the netns exit must unbind
		if ((i % 10 == 0)); then
			ip netns exec "$ns" nft -f - <<-EOF || fails=$((fails + 1))
			table netdev n {
				chain c {
					type filter hook ingress device nfto2p0 priority 10; flags offload;
					ip daddr 192.0.2.1 drop
				}
			}
			EOF
		fi
		ip netns del "$ns"
		# the port comes back to the initial namespace on netns exit
		busywait 10000 ip link show nfto2p0 >/dev/null 2>&1 ||
			{ fails=$((fails + 1)); log_info "nfto2p0 did not come back after $ns"; break; }
	done
	log_info "netns: $i namespaces created and destroyed in $(($(date +%s) - t0))s"
	((fails == 0))
	check_err $? "netns: $fails steps failed"
	busywait 10000 sh -c "[ \$(grep -c '^entry ' $DBG/nfto2/table) = 0 ]"
	check_err $? "netns: $(nfto_entries 2) entries left"
	log_test "netns: $NETNS_COUNT namespaces with an offloaded port, created and destroyed"
	nfto_del 2
}

module_cycles()
{
	local i fails=0 t0

	RET=0
	nfto_unload
	t0=$(date +%s)
	for ((i = 0; i < MODULE_CYCLES; i++)); do
		if ! nfto_load || ! nfto_new 3 2; then
			fails=$((fails + 1))
			break
		fi
		nft -f - <<-EOF || fails=$((fails + 1))
		table netdev m {
			chain c {
				type filter hook ingress device nfto3p0 priority 10; flags offload;
				ip daddr 192.0.2.1 counter drop
				tcp dport 22 accept
			}
		}
		table inet f {
			flowtable ft {
				hook ingress priority 0; devices = { nfto3p0, nfto3p1 }; flags offload;
			}
		}
		EOF
		tc qdisc add dev nfto3p1 clsact &&
		tc filter add dev nfto3p1 ingress protocol ip pref 1 flower skip_sw \
			dst_ip 192.0.2.2 action drop || fails=$((fails + 1))
		[[ $(nfto_occ 3) == 3 ]] || { fails=$((fails + 1)); log_info "cycle $i: occupancy $(nfto_occ 3)"; }
		# unload with everything installed
		rmmod nft_offload || { fails=$((fails + 1)); break; }
		rmmod nft_offload_nsim || fails=$((fails + 1))
		nft flush ruleset || fails=$((fails + 1))
	done
	log_info "modules: $i load/unload cycles in $(($(date +%s) - t0))s"
	((fails == 0))
	check_err $? "modules: $fails steps failed"
	[[ ! -d $BUS ]]
	check_err $? "modules: the bus is still there after the last unload"
	log_info "nft_offload_lib refcount: $(cat /sys/module/nft_offload_lib/refcnt 2>/dev/null || echo unloaded)"
	log_test "modules: $MODULE_CYCLES unloads with nft, tc and flowtable offload installed"
}

tests_run
exit "$EXIT_STATUS"
