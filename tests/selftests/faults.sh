#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fault injection everywhere: every scenario below runs once with each
# debugfs fault knob of the device, then (on a kernel with fault injection,
# the debug kernel of make check-debug) once for every allocation our
# modules make in it, failed one at a time with failslab, and once for every
# call of each fail_function injection point (core: ALLOW_ERROR_INJECTION).
#
# After every run the state must be whole: the operation either happened
# completely or not at all, what nft and tc show agrees with what is in
# "hardware" (the debugfs table), and after the teardown nothing is left
# in the table, the flow_table resource or (debug kernel) kmemleak.
#
# The Nth allocation is failed with the per-task /proc/thread-self/fail-nth
# (what syzkaller uses) and failslab's stack-trace filter set to our
# modules' text: allocations of exec, nft or the kernel on behalf of
# something else are not counted, those made under our code (ours, or the
# kernel's that we call: alloc_netdev, flow_block_cb_alloc, rhashtable...)
# are. The sweep for a scenario ends at the first N that injected nothing.
# The first NFTO_FAULTS_DENSE (100) calls are failed one by one, then every
# NFTO_FAULTS_STRIDE-th (7): a devlink reload or a new device makes
# hundreds of allocations under our code (register_netdevice, sysfs,
# devlink ports), 14 s a run under KASAN and TCG. The count says how many
# were failed and how many the scenario made.

# Tests are called through ALL_TESTS; lib.sh reads ALL_TESTS and RET.
# shellcheck disable=SC2034,SC2317

# NFTO_FAULTS_SCENARIOS: a subset, to re-run one scenario's sweeps.
SCENARIOS=${NFTO_FAULTS_SCENARIOS:-"nft_chain nft_add_rules nft_delete tc_skip_sw
	   tc_soft flowtable backend_switch reload new_device"}
KNOBS="fail_bind fail_add fail_nth=2 fail_del fail_stats"
FUNCS="nfto_entry_alloc nfto_backend_add nfto_backend_del nfto_table_init
       nfto_block_bind nfto_port_create"

ALL_TESTS="
	knob_matrix
	failslab_sweep
	fail_function_sweep
"
here=$(dirname "$0")
# shellcheck source=tests/selftests/lib.sh
source "$here/lib.sh"
# shellcheck source=tests/selftests/nfto_lib.sh
source "$here/nfto_lib.sh"

require_cmd nft tc devlink jq

FI=/sys/kernel/debug
# Upper bound of one sweep: a scenario makes dozens to hundreds of
# allocations (a reload more than 200).
MAX_NTH=${NFTO_FAULTS_MAX_NTH:-2000}
DENSE=${NFTO_FAULTS_DENSE:-100}
STRIDE=${NFTO_FAULTS_STRIDE:-7}

cleanup()
{
	fi_off
	nfto_unload
}

# --- the state checks ---------------------------------------------------

# Rules of nft table netdev t (0 without the table).
nft_rules()
{
	local out

	out=$(nft -j list table netdev t 2>/dev/null) || { echo 0; return; }
	jq '[.nftables[] | select(.rule)] | length' <<<"$out"
}

# tc filters of PORT's ingress that are in hardware.
tc_in_hw()
{
	local out

	out=$(tc -j filter show dev "$1" ingress 2>/dev/null)
	[[ -n $out ]] || { echo 0; return; }
	jq '[.[] | select(.options.in_hw == true)] | length' <<<"$out"
}

# tc filters of PORT's ingress with skip_sw that are NOT in hardware.
tc_skip_sw_not_in_hw()
{
	local out

	out=$(tc -j filter show dev "$1" ingress 2>/dev/null)
	[[ -n $out ]] || { echo 0; return; }
	jq '[.[] | select(.options.skip_sw == true and .options.in_hw != true)] | length' <<<"$out"
}

# What device 1's table holds must be what nft and tc say is offloaded.
check_agree()
{
	local what=$1 hw sw

	hw=$(nfto_entries 1)
	sw=$(($(nft_rules) + $(tc_in_hw nfto1p0) + $(tc_in_hw nfto1p1)))
	[[ $hw == "$sw" ]]
	check_err $? "$what: $hw entries in hardware, nft/tc have $sw offloaded"
	[[ $(nfto_occ 1) == "$hw" ]]
	check_err $? "$what: flow_table occupancy $(nfto_occ 1) but $hw entries"
	[[ $(tc_skip_sw_not_in_hw nfto1p0) == 0 ]]
	check_err $? "$what: a skip_sw filter exists that is not in hardware"
}

check_clean()
{
	local what=$1

	busywait 5000 sh -c "[ \$(grep -c '^entry ' $DBG/nfto1/table) = 0 ]"
	check_err $? "$what: $(nfto_entries 1) entries left after the teardown"
	[[ $(nfto_occ 1) == 0 ]]
	check_err $? "$what: flow_table occupancy $(nfto_occ 1) after the teardown"
}

# --- scenarios: setup (no fault), apply (under the fault), check, teardown -

# nth CMD...: run CMD; during a fail-nth sweep with the FI_NTH-th countable
# call in it failed. fail-nth is per task and not inherited: the shell that
# sets it becomes CMD.
FI_NTH=
nth()
{
	if [[ -z $FI_NTH ]]; then
		"$@"
		return
	fi
	bash -c 'echo "$0" >/proc/thread-self/fail-nth && exec "$@"' "$FI_NTH" "$@"
}

chain_text()
{
	cat <<-EOF
	table netdev t {
		chain c {
			type filter hook ingress device nfto1p0 priority 10; flags offload;
			$*
		}
	}
	EOF
}

sc_nft_chain_setup() { :; }
sc_nft_chain_apply()
{
	chain_text "ip daddr 10.0.0.1 counter drop
		    ip daddr 10.0.0.2 counter drop
		    tcp dport 22 counter accept" | nth nft -f - 2>/dev/null
}
sc_nft_chain_check()
{
	local rc=$1 want=0

	((rc == 0)) && want=3
	[[ $(nft_rules) == "$want" ]]
	check_err $? "nft_chain: nft has $(nft_rules) rules, transaction rc $rc"
}
sc_nft_chain_teardown() { nft delete table netdev t 2>/dev/null; }

sc_nft_add_rules_setup() { chain_text "ip daddr 10.0.0.1 drop" | nft -f -; }
sc_nft_add_rules_apply()
{
	nth nft -f - 2>/dev/null <<-EOF
	add rule netdev t c ip daddr 10.0.0.2 drop
	add rule netdev t c ip daddr 10.0.0.3 counter drop
	EOF
}
sc_nft_add_rules_check()
{
	local rc=$1 want=1

	((rc == 0)) && want=3
	[[ $(nft_rules) == "$want" ]]
	check_err $? "nft_add_rules: nft has $(nft_rules) rules, rc $rc"
}
sc_nft_add_rules_teardown() { nft delete table netdev t 2>/dev/null; }

sc_nft_delete_setup()
{
	chain_text "ip daddr 10.0.0.1 drop
		    ip daddr 10.0.0.2 counter drop" | nft -f -
}
sc_nft_delete_apply() { nth nft delete table netdev t 2>/dev/null; }
sc_nft_delete_check()
{
	local rc=$1 want=2

	((rc == 0)) && want=0
	[[ $(nft_rules) == "$want" ]]
	check_err $? "nft_delete: nft has $(nft_rules) rules, rc $rc"
}
sc_nft_delete_teardown() { nft delete table netdev t 2>/dev/null; }

sc_tc_skip_sw_setup() { tc qdisc add dev nfto1p0 clsact; }
sc_tc_skip_sw_apply()
{
	local rc=0

	nth tc filter add dev nfto1p0 ingress protocol ip pref 1 flower skip_sw \
		dst_ip 10.0.0.1 action drop 2>/dev/null || rc=1
	nth tc filter add dev nfto1p0 ingress protocol ip pref 2 flower skip_sw \
		ip_proto tcp dst_port 80 action pass 2>/dev/null || rc=1
	nth tc filter add dev nfto1p0 ingress protocol ip pref 3 chain 0 flower \
		skip_sw dst_ip 10.0.0.3 action goto chain 1 2>/dev/null || rc=1
	return $rc
}
sc_tc_skip_sw_check()
{
	local n

	n=$(tc -j filter show dev nfto1p0 ingress | jq '[.[] | select(.options)] | length')
	((${1} != 0 || n == 3))
	check_err $? "tc_skip_sw: $n filters after every add succeeded"
}
sc_tc_skip_sw_teardown() { tc qdisc del dev nfto1p0 clsact 2>/dev/null; }

sc_tc_soft_setup() { tc qdisc add dev nfto1p0 clsact; }
sc_tc_soft_apply()
{
	# Without skip_sw, a refused offload leaves the filter in software.
	nth tc filter add dev nfto1p0 ingress protocol ip pref 1 flower \
		dst_ip 10.0.0.1 action drop 2>/dev/null &&
	nth tc filter add dev nfto1p0 ingress protocol ipv6 pref 2 flower \
		dst_ip 2001:db8::1 action drop 2>/dev/null
}
sc_tc_soft_check()
{
	local n

	n=$(tc -j filter show dev nfto1p0 ingress | jq '[.[] | select(.options)] | length')
	((${1} != 0 || n == 2))
	check_err $? "tc_soft: $n filters after both adds succeeded"
}
sc_tc_soft_teardown() { tc qdisc del dev nfto1p0 clsact 2>/dev/null; }

sc_flowtable_setup() { :; }
sc_flowtable_apply()
{
	nth nft -f - 2>/dev/null <<-EOF
	table inet ft {
		flowtable f {
			hook ingress priority 0; devices = { nfto1p0, nfto1p1 }; flags offload;
		}
		chain forward {
			type filter hook forward priority 0; policy accept;
			meta l4proto tcp flow add @f
			counter
		}
	}
	EOF
}
sc_flowtable_check()
{
	local rc=$1

	nft list table inet ft >/dev/null 2>&1
	if ((rc == 0)); then
		check_err $? "flowtable: the transaction succeeded, no table"
	else
		check_fail $? "flowtable: nft kept the table of a failed transaction"
	fi
}
sc_flowtable_teardown() { nft delete table inet ft 2>/dev/null; }

sc_backend_switch_setup()
{
	chain_text "ip daddr 10.0.0.1 drop
		    ip daddr 10.0.0.2 counter drop" | nft -f -
}
sc_backend_switch_apply()
{
	nth devlink dev param set nft_offload/nfto1 name flow_offload_backend \
		value mlx5 cmode runtime 2>/dev/null
}
sc_backend_switch_check()
{
	local rc=$1 want=netdevsim max=$((1 << 24))

	((rc == 0)) && want=mlx5 max=$((4 << 20))
	[[ $(nfto_backend 1) == "$want" ]]
	check_err $? "backend_switch: backend $(nfto_backend 1) after rc $rc"
	# The resource carries the backend's maximum; a switch whose resource
	# could not be registered is refused, never half done.
	[[ $(nfto_res_max 1) == "$max" ]]
	check_err $? "backend_switch: flow_table maximum '$(nfto_res_max 1)' with $want"
	[[ $(nfto_entries 1) == 2 ]]
	check_err $? "backend_switch: $(nfto_entries 1) entries, the rules are 2"
}
sc_backend_switch_teardown()
{
	devlink dev param set nft_offload/nfto1 name flow_offload_backend \
		value netdevsim cmode runtime
	nft delete table netdev t 2>/dev/null
}

# devlink reload re-creates the ports and the table (like a driver re-init).
sc_reload_setup() { :; }
sc_reload_apply() { nth devlink dev reload nft_offload/nfto1 2>/dev/null; }
sc_reload_check() { :; }
sc_reload_teardown()
{
	# A failed reload leaves the instance half up: devlink retries, and
	# failing that the device is re-created, as a user would.
	if ! busywait 3000 ip link show nfto1p1 >/dev/null 2>&1; then
		devlink dev reload nft_offload/nfto1 2>/dev/null
	fi
	if ! busywait 3000 ip link show nfto1p1 >/dev/null 2>&1; then
		nfto_del 1
		nfto_new 1 2
	fi
}

# A second device: it exists completely (both ports) or not at all.
sc_new_device_setup() { :; }
sc_new_device_apply() { nth sh -c "echo '2 2' >$BUS/new_device" 2>/dev/null; }
sc_new_device_check()
{
	local rc=$1

	if ((rc == 0)); then
		[[ -e $BUS/devices/nfto2 ]] && ip link show nfto2p1 >/dev/null 2>&1
		check_err $? "new_device succeeded but the device is incomplete"
	else
		[[ ! -e $BUS/devices/nfto2 ]]
		check_err $? "new_device failed but nfto2 exists"
		! ip link show nfto2p0 >/dev/null 2>&1
		check_err $? "new_device failed but port nfto2p0 exists"
		! devlink dev show nft_offload/nfto2 >/dev/null 2>&1
		check_err $? "new_device failed but devlink instance nfto2 exists"
	fi
}
sc_new_device_teardown() { [[ ! -e $BUS/devices/nfto2 ]] || nfto_del 2; }

# run_scenario SC LABEL ARM DISARM: one run of SC with the fault that ARM
# sets up; returns the apply's exit status.
run_scenario()
{
	local sc=$1 label=$2 arm=$3 disarm=$4 rc

	"sc_${sc}_setup"
	check_err $? "$label: setup failed"
	$arm
	"sc_${sc}_apply"
	rc=$?
	# Counters are read under the fault too (fail_stats).
	nft list ruleset >/dev/null 2>&1
	tc -s filter show dev nfto1p0 ingress >/dev/null 2>&1
	$disarm
	"sc_${sc}_check" "$rc"
	check_agree "$label"
	"sc_${sc}_teardown"
	check_clean "$label"
	return $rc
}

fresh_device()
{
	nfto_unload
	nfto_load && nfto_new 1 2
}

# --- debugfs knobs ----------------------------------------------------------

KNOB=
arm_knob() { nfto_set_fault 1 "${KNOB%%=*}" "$(knob_val)"; }
disarm_knob() { nfto_set_fault 1 "${KNOB%%=*}" 0; }
knob_val() { [[ $KNOB == *=* ]] && echo "${KNOB#*=}" || echo 1; }

# One result per scenario, over every knob (the first failure is kept).
knob_matrix()
{
	local sc knob
	local -A fired=()

	RET=0
	fresh_device
	check_err $? "device set-up failed"
	# Without a fault every scenario must succeed: otherwise "all or
	# nothing" would hold for a scenario that never does anything.
	for sc in $SCENARIOS; do
		run_scenario "$sc" "$sc without a fault" : :
		check_err $? "$sc fails without any fault"
	done
	log_test "every scenario succeeds without a fault (the baseline)"
	for sc in $SCENARIOS; do
		RET=0
		for KNOB in $KNOBS; do
			run_scenario "$sc" "$sc with $KNOB" arm_knob disarm_knob
			# the ring keeps the last 64 records: look right away
			tail -n 8 "$DBG/nfto1/failures" |
				grep -q "injected failure: ${KNOB%%=*}" && fired[$KNOB]=1
		done
		log_test "knobs: $sc is all or nothing under each of $KNOBS"
	done
	RET=0
	for knob in $KNOBS; do
		[[ -n ${fired[$knob]:-} ]]
		check_err $? "knob $knob never fired"
	done
	# A subset need not reach every knob (backend_switch binds nothing).
	[[ -n ${NFTO_FAULTS_SCENARIOS:-} ]] &&
		RET=0 && skip "a subset of the scenarios: $SCENARIOS"
	log_test "knobs: every knob fired and was recorded"
}

# --- failslab and fail_function with fail-nth ---------------------------------

fi_available()
{
	[[ -d $FI/failslab && -w /proc/thread-self/fail-nth ]]
}

# "START END": an address range that covers the text of every nft_offload
# module (modules' text is allocated in one area; the range may also cover
# another module loaded in between, which these tests don't use).
module_text_range()
{
	local a

	mapfile -t a < <(grep -E ' [tT] [^ ]+[[:space:]]+\[nft_offload' /proc/kallsyms |
			 cut -d' ' -f1 | sort | sed -n '1p;$p')
	[[ ${#a[@]} == 2 && ${a[0]} != 0000000000000000 ]] || return 1
	printf '0x%s 0x%x\n' "${a[0]}" $((16#${a[1]} + 4096))
}

# fi_attr DIR: set up one fault_attr for fail-nth use only.
fi_attr()
{
	local d=$FI/$1

	echo 0 >"$d/probability"
	echo 0 >"$d/verbose"
	echo 1000000 >"$d/times"
	echo 0 >"$d/space"
	echo 1 >"$d/interval"
	[[ -e $d/ignore-gfp-wait ]] && echo N >"$d/ignore-gfp-wait"
	[[ -e $d/stacktrace-depth ]] && echo 32 >"$d/stacktrace-depth"
}

# fi_require DIR START END: the stack must hold an address in [START, END).
fi_require()
{
	local d=$FI/$1

	echo "$2" >"$d/require-start"
	echo "$3" >"$d/require-end"
}

fi_off()
{
	local d

	[[ -d $FI/failslab ]] || return 0
	for d in failslab fail_page_alloc fail_function; do
		[[ -d $FI/$d ]] || continue
		echo 0 >"$FI/$d/probability" 2>/dev/null
		echo 0 >"$FI/$d/require-start" 2>/dev/null
		echo 0 >"$FI/$d/require-end" 2>/dev/null
	done
	[[ -e $FI/fail_function/inject ]] && echo >"$FI/fail_function/inject" 2>/dev/null
	[[ -e $FI/failslab/ignore-gfp-wait ]] && echo Y >"$FI/failslab/ignore-gfp-wait"
}

# Every fault type but ATTR counts nothing: fail-nth is shared by all.
fi_only()
{
	local d

	for d in failslab fail_page_alloc fail_function; do
		[[ -d $FI/$d ]] || continue
		fi_attr "$d"
		if [[ $d != "$1" ]]; then
			fi_require "$d" 0 0
		elif [[ $d == fail_function ]]; then
			# the injection point is the filter: any stack
			fi_require "$d" 0 18446744073709551615
		fi
	done
}

FI_ATTR=
fi_times() { cat "$FI/$FI_ATTR/times"; }

# sweep ATTR SC: fail the 1st, 2nd, ... countable call of SC's apply
# (then every STRIDE-th past DENSE) until a run injects nothing. Sets
# SWEEP_INJECTED (calls failed) and SWEEP_CALLS (the calls SC makes, as
# far as the sweep got).
sweep()
{
	local attr=$1 sc=$2 n before after injected=0

	FI_ATTR=$attr
	SWEEP_CALLS=0
	for ((n = 1; n <= MAX_NTH; n += (n < DENSE ? 1 : STRIDE))); do
		before=$(fi_times)
		FI_NTH=$n
		run_scenario "$sc" "$sc, $attr call $n failed" : :
		FI_NTH=
		after=$(fi_times)
		((after == before)) && break
		injected=$((injected + 1))
		SWEEP_CALLS=$n
		[[ $RET == 0 ]] || break
	done
	if ((n > MAX_NTH)); then
		check_err 1 "$sc: still injecting after $MAX_NTH calls"
	fi
	SWEEP_INJECTED=$injected
}

failslab_sweep()
{
	local range sc total=0

	if ! fi_available; then
		skip "kernel without failslab/fail-nth (the debug kernel has them)"
		log_test "failslab: every allocation of every scenario fails once"
		return
	fi
	fresh_device
	range=$(module_text_range)
	if [[ -z $range ]]; then
		check_err 1 "no nft_offload text in /proc/kallsyms"
		log_test "failslab: every allocation of every scenario fails once"
		return
	fi
	for sc in $SCENARIOS; do
		RET=0
		fi_only failslab
		# shellcheck disable=SC2086 # two numbers
		fi_require failslab $range
		sweep failslab "$sc"
		fi_off
		total=$((total + SWEEP_INJECTED))
		((SWEEP_INJECTED > 0)) || [[ $sc == reload || $sc == nft_delete ]]
		check_err $? "$sc: failslab never hit an allocation of ours"
		if ((SWEEP_CALLS > DENSE)); then
			log_info "$sc: $SWEEP_INJECTED of its $SWEEP_CALLS+ allocations failed (each of the first $DENSE, then every ${STRIDE}th)"
			log_test "failslab: $sc survives $SWEEP_INJECTED of its allocations failing, one at a time"
		else
			log_info "$sc: $SWEEP_INJECTED allocations failed one by one"
			log_test "failslab: $sc survives each of its $SWEEP_INJECTED allocations failing"
		fi
	done
	log_info "failslab: $total injected allocation failures in total"
}

fail_function_sweep()
{
	local fn sc total=0 hit

	if ! fi_available || [[ ! -d $FI/fail_function ]]; then
		skip "kernel without fail_function (the debug kernel has it)"
		log_test "fail_function: every injection point fails in every scenario"
		return
	fi
	fresh_device
	for fn in $FUNCS; do
		RET=0
		hit=0
		fi_only fail_function
		if ! echo "$fn" >"$FI/fail_function/inject" 2>/dev/null; then
			check_err 1 "$fn is not an error-injection point"
			log_test "fail_function: $fn"
			continue
		fi
		for sc in $SCENARIOS; do
			sweep fail_function "$sc"
			hit=$((hit + SWEEP_INJECTED))
		done
		echo >"$FI/fail_function/inject"
		fi_off
		total=$((total + hit))
		((hit > 0))
		check_err $? "no scenario ever called $fn"
		[[ $hit == 0 && -n ${NFTO_FAULTS_SCENARIOS:-} ]] &&
			RET=0 && skip "no call in the subset: $SCENARIOS"
		log_test "fail_function: each of $hit calls of $fn failed, state whole"
	done
	log_info "fail_function: $total injected failures in total"
}

tests_run
exit "$EXIT_STATUS"
