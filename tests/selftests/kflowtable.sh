#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel's own flowtable test on the simulated hardware: Debian's
# linux-source-6.12 copy of tools/testing/selftests/net/netfilter/
# nft_flowtable.sh, unchanged but for kflowtable.sed (every veth pair a
# wired port pair of one nft_offload switch, "flags offload" on its
# flowtable), on 6.12. Each check the script prints becomes one TAP line.
#
# A check passes when the script says PASS and no file transfer since the
# check before it arrived different. The differences we expect from
# hardware are listed in KFT_EXPECTED_DIFF: there the hardware's outcome
# is asserted instead of the software's (Documentation/testing.rst).
#
#   NFTO_KFT_VARIANT=software   the unmodified script on veth pairs (the
#                               software baseline), same checks, no
#                               expected differences
#   NFTO_KFT_SEED=N|random      the MTUs of the second run (8)
#   NFTO_KFT_SIZE=BYTES|random  its file size (2 MiB; random: the script's
#                               own choice, 2 to 64 MB)
#   NFTO_KFT_FULL=1             also the second run (random_mtus); make
#                               check runs the first only, for its time
#                               budget (make kflowtable runs both)
#
# The script's own way, run without arguments, re-runs itself with random
# MTUs and a random file of up to 64 MB: minutes under TCG on our ports
# (see testing.rst). random_mtus makes the same draw from a seed instead,
# and passes it with the script's -o/-l/-r/-s options.

# shellcheck disable=SC2034,SC2317 # tests run through ALL_TESTS
ALL_TESTS="
	transform
	default_mtus
	${NFTO_KFT_FULL:+random_mtus}
"
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=tests/selftests/lib.sh
source "$here/lib.sh"
# shellcheck source=tests/selftests/nfto_lib.sh
source "$here/nfto_lib.sh"

VARIANT=${NFTO_KFT_VARIANT:-offload}
SEED=${NFTO_KFT_SEED:-8}
SIZE=${NFTO_KFT_SIZE:-2097152}
UPSTREAM=${NFTO_KFT_SRC:-$root/build/kselftest-6.12/net}
# The switch each run of the script creates: the first free ID from here,
# with this many ports (kflowtable.sed's NFTO_KFT_PORTS).
KFT_DEV=100
KFT_PORTS=8
# The router's (nsr1's) ports: the first of the script's first two veth
# pairs, kflowtable.sed's ports 0 and 2.
ROUTER_PORTS=(p0 p2)

# The checks nft_flowtable.sh prints in one run, in order, as
# "text|phase": the first part runs without PMTU discovery (the routers
# fragment), the second with it.
KFT_CHECKS=(
	"flow offloaded for ns1/ns2|no PMTU discovery"
	"dscp_none|no PMTU discovery"
	"dscp_ingress|no PMTU discovery"
	"dscp_egress|no PMTU discovery"
	"dscp_fwd|no PMTU discovery"
	"flow offload for ns1/ns2 with masquerade (pmtu disabled)|no PMTU discovery"
	"flow offload for ns1/ns2 with dnat (pmtu disabled)|no PMTU discovery"
	"dscp_ingress|PMTU discovery"
	"dscp_egress|PMTU discovery"
	"dscp_fwd|PMTU discovery"
	"flow offload for ns1/ns2 with masquerade|PMTU discovery"
	"flow offload for ns1/ns2 with dnat|PMTU discovery"
	"flow offload for ns1/ns2 with masquerade on bridge|PMTU discovery"
	"flow offload for ns1/ns2 with dnat on bridge|PMTU discovery"
	"flow offload for ns1/ns2 with masquerade bridge and VLAN|PMTU discovery"
	"flow offload for ns1/ns2 with dnat bridge and VLAN|PMTU discovery"
	"ipsec tunnel mode for ns1/ns2|PMTU discovery"
)

# Where hardware differs from software on purpose. The dscp checks put a
# software-only netdev chain on a router port ("ip dscp set cs3" at veth0
# ingress, then at veth1 egress) and count the marks at the receiver.
# Packets the switch forwards never reach the host stack, so they keep
# dscp 0, as on a real NIC (nft-offload check warns about such chains).
# Expected on our ports: marks from the packets software handled (before
# the flow was in hardware, or sent to the slow path) AND unmarked packets
# from the hardware, i.e. the script's "got X, Y" with X > 0 and Y > 0.
declare -A KFT_EXPECTED_DIFF=(
	[dscp_ingress]="packets the switch forwards skip the software netdev ingress chain on veth0"
	[dscp_egress]="packets the switch forwards skip the software netdev egress chain on veth1"
)

WORK=$(mktemp -d)
XFRM=1

cleanup()
{
	rm -rf "$WORK"
	nfto_unload
}

[[ $(uname -r) == 6.12.* ]] ||
	skip_all "runs linux-source-6.12's nft_flowtable.sh, which is 6.12's test; this is $(uname -r)"
[[ -r $UPSTREAM/netfilter/nft_flowtable.sh && -r $UPSTREAM/lib.sh &&
   -r $UPSTREAM/netfilter/lib.sh ]] ||
	skip_all "no nft_flowtable.sh in $UPSTREAM: run scripts/deps.sh (make deps) on the host"
require_cmd nft socat ss ping timeout sysctl ethtool cmp sed

# The script's ipsec case, without xfrm_user and esp4, runs with no SA
# ("Cannot open netlink socket") and passes as plain forwarding.
modprobe -q -a xfrm_user esp4 authenc echainiv 2>/dev/null || XFRM=0

# --- running the script --------------------------------------------------

# kft_port_stat DEV STAT PORT...: the sum of the ethtool STAT of those
# ports (phys_port_name) of nfto<DEV> that are in this netns (all of them
# once the script's netns are gone).
kft_port_stat()
{
	local dev=$1 stat=$2 n sum=0 v
	shift 2

	for n in /sys/bus/nft_offload/devices/nfto"$dev"/net/*; do
		[[ " $* " == *" $(cat "$n/phys_port_name" 2>/dev/null) "* ]] || continue
		v=$(ethtool -S "${n##*/}" | awk -v s="$stat:" '$1 == s { print $2 }')
		sum=$((sum + ${v:-0}))
	done
	echo "$sum"
}

kft_ports_home()
{
	local n=0 p

	for p in /sys/bus/nft_offload/devices/nfto"$1"/net/*; do
		[[ -e $p ]] && n=$((n + 1))
	done
	((n == KFT_PORTS))
}

# kft_report KEY STATUS TEXT GOT: report the next expected check KEY.
# Checks the script skipped over are reported missing first.
kft_report()
{
	local key=$1 status=$2 text=$3 got=$4
	local i ekey phase name diff x y

	for ((i = kft_cur; i < ${#KFT_CHECKS[@]}; i++)); do
		[[ ${KFT_CHECKS[i]%%|*} == "$key" ]] && break
	done
	if ((i == ${#KFT_CHECKS[@]})); then
		# Not one of ours: upstream changed, or a check we don't know.
		RET=0
		[[ $status == pass ]] ||
			check_err 1 "nft_flowtable.sh: $text"
		[[ -z $kft_mismatch ]] ||
			check_err 1 "file mismatch for $kft_mismatch"
		kft_mismatch=
		[[ $status == pass ]] &&
			log_info "a check kflowtable.sh does not list: update KFT_CHECKS"
		log_test "$kft_pass: $key"
		return
	fi
	for (( ; kft_cur < i; kft_cur++)); do
		kft_missing "$kft_cur"
	done
	kft_cur=$((i + 1))

	ekey=${KFT_CHECKS[i]%%|*}
	phase=${KFT_CHECKS[i]#*|}
	name="$kft_pass, $phase: $ekey"
	diff=
	[[ $VARIANT == offload ]] && diff=${KFT_EXPECTED_DIFF[$ekey]:-}
	RET=0
	if [[ $status == skip ]]; then
		skip "nft_flowtable.sh: $text"
	elif [[ -n $diff ]]; then
		name+=" (expected difference: $diff)"
		x=${got% *}
		y=${got#* }
		if [[ $status == pass ]]; then
			check_err 1 "no packet kept dscp 0: none took the hardware path"
		elif [[ -z $got ]]; then
			check_err 1 "nft_flowtable.sh: $text"
		else
			log_info "$ekey: dscp cs3 $x packets (software path), dscp 0 $y packets (hardware path)"
			((x > 0))
			check_err $? "no packet was marked cs3: the software chain never ran"
			((y > 0))
			check_err $? "no packet kept dscp 0: none took the hardware path"
		fi
	elif [[ $status != pass ]]; then
		check_err 1 "nft_flowtable.sh: $text"
	fi
	if [[ $ekey == ipsec* && $XFRM == 0 && $status == pass ]]; then
		skip "xfrm_user, esp4, authenc or echainiv missing in the VM: the script's PASS is for plain forwarding, no IPsec"
	fi
	if [[ -n $kft_mismatch ]]; then
		# A failure even where a skip was reported.
		RET=0
		check_err 1 "file mismatch for $kft_mismatch"
	fi
	kft_mismatch=
	log_test "$name"
}

kft_missing()
{
	local ekey=${KFT_CHECKS[$1]%%|*} phase=${KFT_CHECKS[$1]#*|}

	RET=0
	if [[ $kft_skip_bridge == 1 && $ekey == *bridge* ]]; then
		skip "nft_flowtable.sh: could not add bridge br0"
	else
		check_err 1 "nft_flowtable.sh never reported it${kft_mismatch:+ (file mismatch for $kft_mismatch)}"
		kft_mismatch=
	fi
	log_test "$kft_pass, $phase: $ekey"
}

# Seconds into the current run of the script, for the log.
kft_elapsed()
{
	printf '[%3ds]' $((SECONDS - kft_t0))
}

# kft_line LINE: one line of the script's output.
kft_line()
{
	local line=$1 t status key got=

	case $line in
	PASS:*) status=pass ;;
	FAIL:*) status=fail ;;
	SKIP:*) status=skip ;;
	*) log_info "| $(kft_elapsed) $line"; return ;;
	esac
	t=${line#*:}
	t=$(tr -s ' \t' ' ' <<<"$t")
	t=${t# }
	t=${t% }
	key=$t
	if [[ $t =~ ^file\ mismatch\ for\ (.*)$ ]]; then
		log_info "| $(kft_elapsed) $line"
		kft_mismatch+="${kft_mismatch:+, }${BASH_REMATCH[1]}"
		return
	elif [[ $t =~ ^flow\ offload\ for\ ns1/ns2\ with\ (NAT|bridge\ NAT|dscp\ update)( |$) ]]; then
		# A summary after a check that failed already.
		log_info "| $(kft_elapsed) $line"
		return
	elif [[ $t == "flow offload for ns1/ns2:" ]]; then
		key="flow offloaded for ns1/ns2"
	elif [[ $t =~ ^pmtu\ [0-9]*:\ (dscp_[a-z]+)\ counters\ do\ not\ match.*got\ ([0-9]+)\ ?,\ ?([0-9]+) ]]; then
		key=${BASH_REMATCH[1]}
		got="${BASH_REMATCH[2]} ${BASH_REMATCH[3]}"
	elif [[ $t =~ ^(dscp_[a-z]+):\ dscp\ packet\ counters\ match$ ]]; then
		key=${BASH_REMATCH[1]}
	elif [[ $t =~ ^(.*):\ (original|reply)\ counter\ [0-9]+\ exceeds ]]; then
		key=${BASH_REMATCH[1]}
	elif [[ $t == "Could not load netdev:ingress"* ]]; then
		key=dscp_ingress
	elif [[ $t == "Could not load netdev:egress"* ]]; then
		key=dscp_egress
	elif [[ $t == "could not add bridge"* ]]; then
		kft_skip_bridge=1
		log_info "| $(kft_elapsed) $line"
		return
	fi
	log_info "| $(kft_elapsed) $line"
	kft_report "$key" "$status" "$t" "$got"
}

# kft_run NAME SCRIPT ARGS...: run the script (from its directory: it
# sources lib.sh from there) and report its checks.
kft_run()
{
	local name=$1 script=$2 rc start secs fwd rx line pid
	shift 2

	kft_pass=$name
	kft_cur=0
	kft_mismatch=
	kft_skip_bridge=0
	log_info "$name: $VARIANT: $(basename "$script") $*"
	start=$(date +%s)
	kft_t0=$SECONDS
	while IFS= read -r line; do
		kft_line "$line"
	done < <(cd "$(dirname "$script")" &&
		 NFTO_KFT_ID=$KFT_DEV NFTO_KFT_PORTS=$KFT_PORTS exec "./$(basename "$script")" "$@" 2>&1)
	pid=$!
	wait "$pid"
	rc=$?
	secs=$(($(date +%s) - start))
	log_info "$name: nft_flowtable.sh exited $rc after ${secs}s"
	while ((kft_cur < ${#KFT_CHECKS[@]})); do
		kft_missing "$kft_cur"
		kft_cur=$((kft_cur + 1))
	done
	if [[ -n $kft_mismatch ]]; then
		RET=0
		check_err 1 "file mismatch for $kft_mismatch after the last check"
		log_test "$name: file transfers"
	fi

	[[ $VARIANT == offload ]] || return 0
	# The proof that the switch, not the router's stack, carried the
	# flows: the ports are back here once the script's netns are gone.
	RET=0
	if [[ ! -d /sys/bus/nft_offload/devices/nfto$KFT_DEV ]]; then
		check_err 1 "the script created no switch nfto$KFT_DEV"
	else
		busywait 20000 kft_ports_home "$KFT_DEV"
		check_err $? "the ports of nfto$KFT_DEV did not come back from the script's netns"
		fwd=$(kft_port_stat "$KFT_DEV" hw_offload_fwd_packets "${ROUTER_PORTS[@]}")
		rx=$(kft_port_stat "$KFT_DEV" hw_offload_rx_packets "${ROUTER_PORTS[@]}")
		log_info "$name: the switch forwarded $fwd of the $rx packets the router's ports received (the rest went to the router's stack)"
		# Most of the transfers run with PMTU discovery, in hardware.
		((fwd > 0 && fwd * 2 >= rx))
		check_err $? "the switch forwarded $fwd of $rx packets: the flows stayed in software"
		nfto_del "$KFT_DEV"
	fi
	log_test "$name: the switch forwarded the offloaded flows"
	KFT_DEV=$((KFT_DEV + 1))
}

# A fresh nft_offload for the offload variant; none for the software one.
kft_load()
{
	RET=0
	nfto_unload
	[[ $VARIANT == software ]] && return 0
	# shellcheck disable=SC2119 # no module parameters
	nfto_load
	check_err $? "modprobe nft_offload failed"
}

# --- tests ---------------------------------------------------------------

# The script to run, in $WORK with the libraries it sources.
transform()
{
	local src=$UPSTREAM/netfilter/nft_flowtable.sh
	local dst=$WORK/net/netfilter/nft_flowtable.sh
	local pairs ft

	RET=0
	mkdir -p "$WORK/net/netfilter"
	cp "$UPSTREAM/lib.sh" "$WORK/net/"
	cp "$UPSTREAM/netfilter/lib.sh" "$WORK/net/netfilter/"
	log_info "nft_flowtable.sh from linux-source-6.12 $(cat "$UPSTREAM/../version" 2>/dev/null)"
	if [[ $VARIANT == software ]]; then
		cp "$src" "$dst"
		log_test "transform: none, the software baseline"
		return
	fi
	pairs=$(grep -cE '^[[:space:]]*ip link add .* type veth peer ' "$src")
	ft=$(grep -cE '^[[:space:]]*flowtable[[:space:]]' "$src")
	sed -E -f "$here/kflowtable.sed" "$src" >"$dst"
	check_err $? "sed failed"
	chmod +x "$dst"
	! grep -q 'type veth' "$dst"
	check_err $? "veth pairs left that kflowtable.sed does not know"
	[[ $(grep -cE '^[[:space:]]*nfto_pair ' "$dst") == "$pairs" && $pairs -gt 0 ]]
	check_err $? "$pairs veth pairs, but not as many wired port pairs"
	[[ $(grep -cE '^[[:space:]]*flags offload$' "$dst") == "$ft" && $ft -gt 0 ]]
	check_err $? "$ft flowtables, but not as many with flags offload"
	((pairs * 2 <= KFT_PORTS))
	check_err $? "$pairs veth pairs: more than the switch's $KFT_PORTS ports"
	log_info "$(diff "$src" "$dst" | grep -c '^[<>]') lines changed"
	log_test "transform: $pairs veth pairs to wired port pairs, flags offload on $ft flowtable(s)"
}

default_mtus()
{
	local script=$WORK/net/netfilter/nft_flowtable.sh

	[[ -x $script ]] || { log_test_skip "mtu 9000/1500/2000" "no script: transform failed"; return; }
	kft_load || { log_test "mtu 9000/1500/2000"; return; }
	# The script's own first run; the arguments stop it re-running.
	kft_run "mtu 9000/1500/2000" "$script" -o 9000 -l 1500 -r 2000
}

# The script's second run, its random MTUs and size drawn the same way
# from a seed (bash's RANDOM), so a failure can be run again.
random_mtus()
{
	local script=$WORK/net/netfilter/nft_flowtable.sh
	local seed=$SEED low=1280 mtu o l r s

	[[ -x $script ]] || { log_test_skip "random mtus" "no script: transform failed"; return; }
	[[ $seed == random ]] && seed=$((RANDOM * RANDOM))
	RANDOM=$seed
	mtu=$((65536 - low))
	o=$(((RANDOM % mtu) + low))
	l=$(((RANDOM % mtu) + low))
	r=$(((RANDOM % mtu) + low))
	s=$SIZE
	if [[ $s == random ]]; then
		s=$(((RANDOM * RANDOM) % (64 * 1000 * 1000)))
		((s < 2 * 1000 * 1000)) && s=$((s + 2 * 1000 * 1000))
	fi
	log_info "seed $seed (NFTO_KFT_SEED=$seed): -o $o -l $l -r $r -s $s"
	kft_load || { log_test "mtu $o/$l/$r"; return; }
	kft_run "mtu $o/$l/$r" "$script" -o "$o" -l "$l" -r "$r" -s "$s"
}

tests_run
exit "$EXIT_STATUS"
