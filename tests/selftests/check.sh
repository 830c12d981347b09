#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "nft-offload check" against what the kernel really does: for every nft
# and ft entry of profiles.list (plus the entries below, which reach the
# backends' own flow_check rules, the port check and nf_tables' limits)
# and every backend (netdevsim, mlx5, ice):
#
#  1. the entry goes in WITHOUT "flags offload" and the tool judges it, on
#     the device of that backend and, with --backend, on the netdevsim
#     device;
#  2. the same entry goes in WITH "flags offload": the kernel offloads it
#     or refuses it, and nft_offload records why (debugfs failures);
#  3. both verdicts must match: offloaded and "offloadable", or refused
#     and the tool's reason equal to the recorded one; a refusal of
#     nf_tables itself (the tool's stage nf_tables) leaves no record.
#
# tc entries of profiles.list are tc filters, not nft rules: "check" reads
# the nft ruleset only, so they are not judged here (profiles.sh checks
# their kernel verdicts; tc reports skip_sw refusals itself).
#
# An ft entry's kernel verdict is the flowtable's bind; the tool also
# judges a routed TCP flow through it, which the kernel only meets with
# traffic: no entry here has a flowtable whose bind and flows disagree.

# shellcheck disable=SC2034,SC2317,SC2119 # tests run through ALL_TESTS
ALL_TESTS="
	check_netdevsim_nft
	check_netdevsim_ft
	check_mlx5_nft
	check_mlx5_ft
	check_ice_nft
	check_ice_ft
	check_kernel_judges
	flow_check_validation
	flow_check_unprivileged
"
here=$(dirname "$0")
# shellcheck source=tests/selftests/lib.sh
source "$here/lib.sh"
# shellcheck source=tests/selftests/nfto_lib.sh
source "$here/nfto_lib.sh"

TOOL=${NFTO_TOOL:-$(cd "$here/../.." && pwd)/tools/nft-offload/nft-offload}
RAW=$(dirname "$TOOL")/tests/flowcheck-raw
[[ -x $TOOL && -x $RAW ]] || skip_all "$TOOL not built (make -C tools/nft-offload)"
require_cmd nft jq ip

LIST=$here/profiles.list

# <id>|<nft|ft>|<rule text, or the flowtable's devices>[|<priority>]
# (priority: the chain's, default 10; the flowtable's, default 0)
EXTRA="
ck_ip6_loopback|nft|ip6 daddr ::1 drop
ck_ip6_saddr_prefix|nft|ip6 saddr 2001:db8::/64 drop
ck_fwd_self|nft|ip daddr 10.0.0.2 fwd to @PORT@
ck_fwd_foreign|nft|ip daddr 10.0.0.2 fwd to lo
ck_dup_drop|nft|ip daddr 10.0.0.2 dup to @PEER@ drop
ck_dup_fwd_same|nft|ip daddr 10.0.0.2 dup to @PEER@ fwd to @PEER@
ck_dup_fwd|nft|ip daddr 10.0.0.2 dup to @PORT@ fwd to @PEER@
ck_vlan_id|nft|vlan id 10 drop
ck_udp_accept|nft|udp dport 53 accept
ck_counter_prefix|nft|ip saddr 10.0.0.0/24 counter drop
ck_iiftype|nft|meta iiftype ether drop
ck_prio16|nft|ip daddr 10.0.0.1 drop|16
ck_prio17|nft|ip daddr 10.0.0.1 drop|17
ck_prio65535|nft|tcp dport 80 drop|65535
ck_neq|nft|ip daddr != 10.0.0.3 drop
ck_mark|nft|meta mark 1 drop
ck_no_action|nft|ip daddr 10.0.0.8 counter
ck_set|nft|tcp dport { 22, 80 } drop
ck_ft_two_ports|ft|@PORT@, @PEER@
ck_ft_prio10|ft|@PORT@|10
"

WORK=$(mktemp -d)

cleanup()
{
	rm -rf "$WORK"
	nfto_unload
}

# The reason of a record "SEQ KIND WHERE ...: REASON (errno N)".
record_reason()
{
	local r=${1#*: }

	echo "${r% (errno *)}"
}

# ruleset KIND TEXT PORT PRIO OFFLOAD: the entry as an nft script.
ruleset()
{
	local kind=$1 text=$2 port=$3 prio=$4 flags=

	[[ $5 == offload ]] && flags="flags offload;"
	case $kind in
	nft)
		cat <<-EOF
		table netdev ck {
			chain c {
				type filter hook ingress device $port priority $prio; $flags
				$text
			}
		}
		EOF
		;;
	ft)
		cat <<-EOF
		table inet ck {
			flowtable f {
				hook ingress priority $prio; devices = { $text }; $flags
			}
		}
		EOF
		;;
	esac
}

# tool_verdict KIND [ARGS]: the tool's verdict on table ck, as
# "offloadable|stage|reason|judged_by"; the table must be in already.
tool_verdict()
{
	local kind=$1 filter

	shift
	if [[ $kind == nft ]]; then
		filter='.chains[0] | if .offloadable then .rules[0] else . end'
	else
		filter='.flowtables[0]'
	fi
	"$TOOL" --json check --table ck "$@" 2>"$WORK/err" |
		jq -r "$filter"' | "\(.offloadable)|\(.stage // "")|\(.reason // "")|\(.judged_by // "")"' \
		2>>"$WORK/err"
}

# subst TEXT DEV_ID: @PORT@ and @PEER@ as ports 0 and 1 of that device.
subst()
{
	local text=$1 dev=$2

	text=${text//@PORT@/nfto${dev}p0}
	echo "${text//@PEER@/nfto${dev}p1}"
}

# compare KIND TOOL KERNEL_RC NEWRECORD REASON OCC: sets MISMATCH.
compare()
{
	local kind=$1 tool=$2 rc=$3 recorded=$4 rec_reason=$5 occ=$6
	local ok stage reason by

	IFS='|' read -r ok stage reason by <<<"$tool"
	MISMATCH=
	case $ok in
	true|false) ;;
	*) MISMATCH="no verdict from the tool: $(head -c 200 "$WORK/err")"; return ;;
	esac
	if [[ $ok == true ]]; then
		if [[ $rc != 0 ]]; then
			MISMATCH="tool: offloadable; kernel refused: $rec_reason"
		elif [[ $recorded == 1 ]]; then
			MISMATCH="tool: offloadable; kernel recorded: $rec_reason"
		elif [[ $kind == nft && $occ != 1 ]]; then
			MISMATCH="tool: offloadable; $occ entries in hardware"
		fi
		return
	fi
	if [[ $rc == 0 ]]; then
		MISMATCH="tool: '$reason' ($stage); the kernel offloaded it"
	elif [[ $stage == nf_tables ]]; then
		# nf_tables refuses before asking any driver: nothing recorded
		[[ $recorded == 0 ]] ||
			MISMATCH="tool: nf_tables refuses ('$reason'); but recorded: $rec_reason"
	elif [[ $recorded == 0 ]]; then
		MISMATCH="tool: '$reason' ($stage); kernel refused, nothing recorded"
	elif [[ $reason != "$rec_reason" ]]; then
		MISMATCH="tool: '$reason'; kernel recorded: '$rec_reason'"
	elif [[ $by != kernel ]]; then
		MISMATCH="tool's verdict is '$by''s, not the kernel's flow check"
	fi
}

# entries KIND: "id|text|prio" of every KIND entry of profiles.list and
# EXTRA, one a line.
entries()
{
	local want=$1 id kind text prio def

	[[ $want == nft ]] && def=10 || def=0
	{
		grep -v '^#' "$LIST"
		echo "$EXTRA"
	} | while IFS='|' read -r id kind text prio; do
		[[ -z $id || $kind != "$want" ]] && continue
		[[ $kind == ft && -z $text ]] && text=@PORT@
		echo "$id|$text|${prio:-$def}"
	done
}

# profile BACKEND KIND: every KIND entry, the tool against the kernel.
profile()
{
	local backend=$1 kind=$2 dev=${DEV_ID[$1]} id text prio
	local port verdict nsim_verdict rc seq recorded rec_reason occ
	local n=0 bad=0 first='' line want_n

	want_n=$(entries "$kind" | wc -l)
	while IFS='|' read -r id text prio; do
		port=nfto${dev}p0
		n=$((n + 1))

		# --backend on the netdevsim device: the same verdict
		nsim_verdict=
		if [[ $backend != netdevsim ]]; then
			if ruleset "$kind" "$(subst "$text" 1)" nfto1p0 "$prio" no |
				nft -f - 2>"$WORK/err"; then
				nsim_verdict=$(tool_verdict "$kind" --backend "$backend")
				nsim_verdict=${nsim_verdict//nfto1/nfto$dev}
				nft delete table "$([[ $kind == nft ]] && echo netdev || echo inet)" ck
			else
				nsim_verdict="error|||$(head -c 200 "$WORK/err")"
			fi
		fi

		# without flags offload: the tool's verdict
		if ! ruleset "$kind" "$(subst "$text" "$dev")" "$port" "$prio" no |
			nft -f - 2>"$WORK/err"; then
			bad=$((bad + 1))
			line="$id: not valid even without offload: $(head -c 200 "$WORK/err")"
			log_info "$backend: $line"
			first=${first:-$line}
			continue
		fi
		verdict=$(tool_verdict "$kind")
		nft delete table "$([[ $kind == nft ]] && echo netdev || echo inet)" ck

		# with flags offload: what the kernel does
		read_state "$dev"
		seq=$SEQ
		ruleset "$kind" "$(subst "$text" "$dev")" "$port" "$prio" offload |
			nft -f - >/dev/null 2>&1
		rc=$?
		read_state "$dev"
		occ=$OCC
		recorded=0
		[[ $SEQ != "$seq" ]] && recorded=1
		rec_reason=$(record_reason "$NEWEST")
		[[ $rc == 0 ]] &&
			nft delete table "$([[ $kind == nft ]] && echo netdev || echo inet)" ck

		compare "$kind" "$verdict" "$rc" "$recorded" "$rec_reason" "$occ"
		if [[ -z $MISMATCH && -n $nsim_verdict ]]; then
			compare "$kind" "$nsim_verdict" "$rc" "$recorded" \
				"$rec_reason" "$occ"
			[[ -n $MISMATCH ]] && MISMATCH="--backend $backend on nfto1: $MISMATCH"
		fi
		read_state "$dev"
		if [[ -z $MISMATCH && $OCC != 0 ]]; then
			MISMATCH="$OCC entries left in hardware"
		fi
		log_info "$backend: $id: tool ${verdict%%|*} (${verdict#*|}), kernel rc $rc${MISMATCH:+: MISMATCH $MISMATCH}"
		if [[ -n $MISMATCH ]]; then
			bad=$((bad + 1))
			first=${first:-"$id: $MISMATCH"}
		fi
	done < <(entries "$kind")

	((n > 0 && n == want_n))
	check_err $? "$n $kind entries judged, $want_n listed"
	((bad == 0))
	check_err $? "$bad of $n differ; $first"
	log_test "$backend: check agrees with the kernel on $n $kind entries"
}

check_netdevsim_nft() { profile netdevsim nft; }
check_netdevsim_ft()  { profile netdevsim ft; }
check_mlx5_nft()      { profile mlx5 nft; }
check_mlx5_ft()       { profile mlx5 ft; }
check_ice_nft()       { profile ice nft; }
check_ice_ft()        { profile ice ft; }

# The verdicts above must be the kernel's flow check, not the tool's
# mirror of the capabilities: a backend's own rule proves it.
check_kernel_judges()
{
	local out

	ruleset nft "ip6 daddr ::1 drop" nfto3p0 10 no | nft -f -
	check_err $? "ip6 loopback rule on nfto3p0"
	out=$("$TOOL" --json check --table ck)
	jq -e '.chains[0].rules[0] | .offloadable == false and
		.judged_by == "kernel" and .stage == "capability" and
		.reason == "ice: Bad IPv6, addr is LOOPBACK"' <<<"$out" >/dev/null
	check_err $? "ice's own IPv6 rule not seen: $out"
	out=$("$TOOL" check --table ck)
	[[ $? == 1 ]] && grep -q "not offloadable: ice: Bad IPv6, addr is LOOPBACK" <<<"$out"
	check_err $? "human output / exit status: $out"
	# the same rule is fine for mlx5 (--backend on the ice device)
	"$TOOL" check --table ck --backend mlx5 >"$WORK/out"
	check_err $? "--backend mlx5 refused it: $(cat "$WORK/out")"
	nft delete table netdev ck
	log_test "check: the kernel judges, with the backend's own rules"
}

# raw CASE [DEV] WANT: flowcheck-raw's one line starts with WANT.
raw()
{
	local case=$1 want=${*: -1} out

	out=$("$RAW" "${@:1:$#-1}" 2>&1)
	log_info "$case: $out"
	[[ $out == "$want"* ]]
	check_err $? "$case: '$out', expected '$want...'"
	# a refused request names the problem in the extack
	if [[ $want == error* ]]; then
		[[ $out == "error "*": "?* ]]
		check_err $? "$case: no extack message: '$out'"
	fi
}

# Every attribute of NFTO_CMD_FLOW_CHECK is validated: bad input is an
# error with an extack, a flow the model cannot hold is a verdict.
flow_check_validation()
{
	local out

	raw good "ok netdevsim nfto1"
	raw max_actions "ok netdevsim nfto1"
	raw by_backend "refused capability backend ice cannot do action 'accept' (ice: Unsupported action in switchdev mode)"
	raw no_action "refused model rule has no action"
	raw model_action "refused model action 'police' is not in nft_offload's flow model"
	raw mangle_outside "refused model mangle of header type 1 offset 12 is outside the header"
	raw no_target "error Invalid argument: a device (NFTO_A_DEV_ID) or a backend (NFTO_A_CHECK_BACKEND) is needed"
	raw good 99 "error No such device: no such nft_offload device"
	raw bad_backend "error No such file or directory: no such backend is loaded"
	raw too_many "error Argument list too long: more actions than the flow model holds (24)"
	raw unknown_action "error Invalid argument: unknown action name"
	raw nameless_action "error Invalid argument: action without a name"
	raw redirect_no_ifindex "error Invalid argument: redirect/mirred without a target ifindex"
	raw not_a_port "error Invalid argument: ifindex is not a port of the device"
	raw long_backend "error "
	raw redirect_ifindex0 "error "
	raw mangle_htype "error "
	raw mangle_offset "error "
	raw csum_flags "error "
	raw vlan_id "error "
	raw eth_len "error "
	raw type "error "
	raw port_ifindex0 "error "
	raw unknown_attr "error "
	raw stray_in_actions "error "
	# devices of another netns are not there
	if ip netns add ck_other 2>/dev/null; then
		out=$(ip netns exec ck_other "$RAW" good 2>&1)
		[[ $out == "error No such device: no such nft_offload device in this network namespace" ]]
		check_err $? "from another netns: $out"
		ip netns del ck_other
	else
		check_err 1 "ip netns add failed"
	fi
	log_test "flow check: every attribute validated, extack on bad input"
}

# A dry run reads state only: no CAP_NET_ADMIN needed (the tool itself
# needs it for nf_tables' ruleset dump).
flow_check_unprivileged()
{
	local out

	if ! unshare -U true 2>/dev/null; then
		skip "no user namespaces"
		log_test "flow check without CAP_NET_ADMIN"
		return
	fi
	out=$(unshare -U "$RAW" good 2>&1)
	[[ $out == "ok netdevsim nfto1" ]]
	check_err $? "flow check in a user namespace: $out"
	log_test "flow check without CAP_NET_ADMIN"
}

nfto_profile_setup
tests_run
exit "$EXIT_STATUS"
