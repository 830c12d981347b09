#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel's own tc offload tests on the simulated hardware: Debian's
# linux-source-6.12 copy of tools/testing/selftests/net/forwarding/, its
# tc_*.sh and pedit_*.sh unchanged, on the ports of one nft_offload
# switch wired in pairs (p1~p2, p3~p4, ... as forwarding.config's NETIFS),
# the way they run on a real switch's looped-back ports. tc_flower.sh,
# tc_chains.sh, tc_shblocks.sh and tc_actions.sh run every test twice,
# skip_hw (software) then skip_sw (hardware), on the same packets. Each
# TEST line a script prints becomes one TAP line; for those scripts a
# software test whose hardware twin never ran fails.
#
# Where hardware cannot do what software does, KFWD_EXPECTED names the
# test and how it must fail: "refusal|TEXT", TEXT in the script's output
# before the test's line (the kernel's refusal, or the simulated
# switch's), or "fails|TEXT", TEXT in the reason it gives after it.
#
#   NFTO_KFWD_VARIANT=software   the same scripts on veth pairs (the
#                      software baseline: the scripts' own default), no
#                      expected refusals
#   NFTO_KFWD_FULL=1   also tc_actions.sh (two passes) and the single-pass
#                      scripts (tc_flower_router.sh: skip_sw only;
#                      tc_vlan_modify.sh, pedit_*.sh: rules without skip
#                      flags, which the hardware takes); make check runs
#                      tc_flower.sh, tc_chains.sh and tc_shblocks.sh, for
#                      its time budget (make kforwarding runs all)
# shellcheck disable=SC2034,SC2317 # tests run through ALL_TESTS
ALL_TESTS="
	tc_flower
	tc_chains
	tc_shblocks
	${NFTO_KFWD_FULL:+tc_actions tc_flower_router tc_vlan_modify pedit_ip pedit_l4port pedit_dsfield}
"

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=tests/selftests/lib.sh
source "$here/lib.sh"
# shellcheck source=tests/selftests/nfto_lib.sh
source "$here/nfto_lib.sh"

UPSTREAM=${NFTO_KFWD_SRC:-$root/build/kselftest-6.12/net}
VARIANT=${NFTO_KFWD_VARIANT:-offload}
KFWD_DEV=60
KFWD_PORTS=8

# "script: TEST name" -> "refusal|TEXT" or "fails|TEXT", see above.
declare -A KFWD_EXPECTED=(
	# act_gact's offload refuses "continue" (tc_act_can_offload_gact()),
	# before any driver: no hardware runs these with skip_sw.
	["tc_flower: ip_flags match (skip_sw)"]='refusal|Offload of "continue" action is not supported'
	["tc_flower: mpls lse match (skip_sw)"]='refusal|Offload of "continue" action is not supported'
	# The switch offloads ingress blocks only (nfto_setup_block()), as
	# most NICs: a skip_sw filter on clsact egress has nowhere to go.
	["tc_flower_router: indev egress match (skip_sw)"]='refusal|Operation not supported'
	["tc_actions: egress_2nd_vlan_push (skip_sw)"]='refusal|Operation not supported'
	# and flower filters only (nfto_block_cb()), which say so
	["tc_actions: mirred egress matchall mirror (skip_sw)"]='refusal|only flower filters are offloaded'
	# The flow model has no key for the number of VLAN tags.
	["tc_actions: ingress_2nd_vlan_push (skip_sw)"]="refusal|match on 'num_of_vlans' is not in nft_offload's flow model"
	# Filters 111 and 112 on swp1 carry no skip flag: in hardware and in
	# software. The echo reply 112 passes in hardware reaches swp1's
	# host, where the software filter counts it again (tc -s shows
	# "Sent software 1 pkt, Sent hardware 1 pkt"), as on any NIC; the
	# script wants 1. On veth pairs (no hardware) it passes.
	["tc_actions: mirred_egress_to_ingress (skip_hw)"]="fails|didn't receive reply to first packet"
	["tc_actions: mirred_egress_to_ingress (skip_sw)"]="fails|didn't receive reply to first packet"
)

# A script's tests in another order (its own TESTS), and one left out.
# tc_actions.sh: mirred_egress_to_ingress_tcp_test's skip_sw pass puts
# skip_sw filters on clsact egress, which the switch refuses, then waits
# for ever for an ncat connection (-l -w10) that never comes. Without it
# the vlan push tests, which do not reset RET, would follow a test that
# failed: they go after gact_drop_and_ok_test, which passes.
declare -A KFWD_ORDER=(
	[tc_actions]="gact_drop_and_ok_test ingress_2nd_vlan_push egress_2nd_vlan_push
		mirred_egress_redirect_test mirred_egress_mirror_test
		matchall_mirred_egress_mirror_test gact_trap_test
		mirred_egress_to_ingress_test"
)
declare -A KFWD_LEAVE_OUT=(
	[tc_actions]="mirred_egress_to_ingress_tcp_test|its skip_sw pass needs egress offload, then waits for ever"
)

WORK=$(mktemp -d)

cleanup()
{
	rm -rf "$WORK"
	nfto_unload
}

[[ $(uname -r) == 6.12.* ]] ||
	skip_all "runs linux-source-6.12's net/forwarding tests, which are 6.12's; this is $(uname -r)"
[[ -r $UPSTREAM/forwarding/lib.sh && -r $UPSTREAM/lib.sh ]] ||
	skip_all "no net/forwarding in $UPSTREAM: run scripts/deps.sh (make deps) on the host"
require_cmd mausezahn ncat jq tc ip ethtool
require_module vrf

# The scripts, their libraries and a forwarding.config naming our ports.
kfwd_prepare()
{
	local i

	mkdir -p "$WORK/net/forwarding" || return 1
	cp "$UPSTREAM/lib.sh" "$WORK/net/" &&
		cp "$UPSTREAM"/forwarding/*.sh "$WORK/net/forwarding/" || return 1
	# the software baseline: lib.sh's own veth pairs
	[[ $VARIANT == software ]] && return 0
	{
		for ((i = 0; i < KFWD_PORTS; i++)); do
			echo "NETIFS[p$((i + 1))]=nfto${KFWD_DEV}p$i"
		done
		echo "NETIF_CREATE=no"
		# The scripts' knobs for a real switch, set for ours: its
		# ports have carrier at once (setup_wait waits for it, then
		# sleeps WAIT_TIME), and a filter's hardware counters are
		# read live (FLOW_CLS_STATS), final when mausezahn returns,
		# where a real switch polls them (TC_HIT_TIMEOUT, 1000 ms,
		# which every check that a filter did not match waits out).
		echo "WAIT_TIME=1"
		echo "TC_HIT_TIMEOUT=300"
	} >"$WORK/net/forwarding/forwarding.config"
	# shellcheck disable=SC2119 # no module parameters
	nfto_load || return 1
	nfto_new "$KFWD_DEV" "$KFWD_PORTS" || return 1
	for ((i = 0; i < KFWD_PORTS; i += 2)); do
		echo "$KFWD_DEV:$i $KFWD_DEV:$((i + 1))" >"$BUS/link_ports" || return 1
	done
}

# kfwd_report SCRIPT STATUS NAME BEFORE AFTER: one TEST line of SCRIPT,
# with what the script printed between the TEST line before and it, and
# after it (its reasons, tab-indented) up to the next.
kfwd_report()
{
	local script=$1 status=$2 name=$3 before=$4 after=$5 key exp how want

	key="$script: $name"
	exp=
	[[ $VARIANT == offload ]] && exp=${KFWD_EXPECTED[$key]:-}
	RET=0
	if [[ -n $exp ]]; then
		how=${exp%%|*}
		want=${exp#*|}
		if [[ $status == OK ]]; then
			check_err 1 "passed, but hardware was expected to differ ($want)"
		elif [[ $how == refusal && $before != *"$want"* ]] ||
		     [[ $how == fails && $after != *"$want"* ]]; then
			check_err 1 "failed, but not as expected ($want): $(tr -s ' \t\n' ' ' <<<"$after")"
		fi
		log_test "$key (expected: $want)"
		return
	fi
	case $status in
	OK) ;;
	SKIP) skip "the script skipped it: $(tr -s ' \t\n' ' ' <<<"$after")" ;;
	*) check_err 1 "$(tr -s ' \t\n' ' ' <<<"$after")" ;;
	esac
	log_test "$key"
}

# kfwd_ready: the switch and forwarding.config, once; false if they failed.
kfwd_ready()
{
	if [[ -z ${KFWD_READY:-} ]]; then
		kfwd_prepare
		KFWD_READY=$?
		((KFWD_READY == 0)) || log_info "could not set up nfto$KFWD_DEV and forwarding.config"
	fi
	return "$KFWD_READY"
}

# kfwd_run SCRIPT [TWO_PASS]: run net/forwarding/SCRIPT.sh, report its
# tests; with TWO_PASS, every skip_hw test must have its skip_sw twin.
kfwd_run()
{
	local script=$1 two=${2:-} line before='' after='' status='' name='' rc
	local seen=0 start pending=0 leave tests
	local -A hw=() sw=()

	if ! kfwd_ready; then
		RET=0
		check_err 1 "set-up failed"
		log_test "$script"
		return
	fi
	if [[ ! -r $WORK/net/forwarding/$script.sh ]]; then
		log_test_skip "$script" "not in $UPSTREAM/forwarding"
		return
	fi
	log_info "$script.sh from linux-source-6.12 $(cat "$UPSTREAM/../version" 2>/dev/null)"
	leave=${KFWD_LEAVE_OUT[$script]:-}
	tests=
	if [[ $VARIANT == offload ]]; then
		tests=${KFWD_ORDER[$script]:-}
		[[ -n $leave ]] &&
			log_test_skip "$script: ${leave%%|*}" "left out: ${leave#*|}"
	fi
	start=$SECONDS
	while IFS= read -r line; do
		log_info "| $line"
		if [[ $line =~ ^TEST:\ (.*[^\ ])\ +\[\ *([A-Z]+)\ *\]$ ]]; then
			if ((pending)); then
				kfwd_report "$script" "$status" "$name" "$before" "$after"
				before=''
			fi
			after=''
			name=${BASH_REMATCH[1]}
			status=${BASH_REMATCH[2]}
			pending=1
			seen=$((seen + 1))
			[[ $name == *"(skip_hw)" ]] && hw[${name% (skip_hw)}]=1
			[[ $name == *"(skip_sw)" ]] && sw[${name% (skip_sw)}]=1
		elif ((pending)) && [[ $line == $'\t'* ]]; then
			after+="$line"$'\n'
		else
			if ((pending)); then
				kfwd_report "$script" "$status" "$name" "$before" "$after"
				before=''
				after=''
				pending=0
			fi
			before+="$line"$'\n'
		fi
	# TESTS is ours (run.sh's subset); the scripts' lib.sh reads it too
	done < <(cd "$WORK/net/forwarding" &&
		 if [[ -n $tests ]]; then export TESTS="${tests//[$'\t\n']/ }"; else unset TESTS; fi &&
		 exec timeout 600 bash "./$script.sh" 2>&1)
	wait $!
	rc=$?
	((pending)) && kfwd_report "$script" "$status" "$name" "$before" "$after"
	log_info "$script.sh exited $rc after $((SECONDS - start))s, $seen tests"
	if ((seen == 0)); then
		RET=0
		if ((rc == ksft_skip)); then
			skip "$(tr -s ' \t\n' ' ' <<<"$before")"
		else
			check_err 1 "exited $rc without a test: $(tr -s ' \t\n' ' ' <<<"${before: -300}")"
		fi
		log_test "$script"
		return
	fi
	# veth pairs have no hardware pass
	[[ -n $two && $VARIANT == offload ]] || return 0
	# The hardware pass runs only when tc_offload_check finds
	# hw-tc-offload on every port: it must have run.
	RET=0
	for name in "${!hw[@]}"; do
		[[ -n ${sw[$name]:-} ]] ||
			check_err 1 "\"$name\" ran in software only"
	done
	((${#hw[@]} > 0))
	check_err $? "no software (skip_hw) test ran"
	log_test "$script: each of its ${#hw[@]} tests ran in hardware too"
}

# --- tests ---------------------------------------------------------------

tc_flower()		{ kfwd_run tc_flower two; }

tc_chains()		{ kfwd_run tc_chains two; }
tc_shblocks()		{ kfwd_run tc_shblocks two; }
tc_flower_router()	{ kfwd_run tc_flower_router; }
tc_actions()		{ kfwd_run tc_actions two; }
tc_vlan_modify()	{ kfwd_run tc_vlan_modify; }
pedit_ip()		{ kfwd_run pedit_ip; }
pedit_l4port()		{ kfwd_run pedit_l4port; }
pedit_dsfield()		{ kfwd_run pedit_dsfield; }

tests_run
exit "$EXIT_STATUS"
