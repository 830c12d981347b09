#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Hardware must equal software: the differential tester (tests/conform)
# installs random rule sets once in software and once in hardware on one
# wired switch and compares, packet by packet, what every port's host
# stack got and every rule's counters.
#
#   p0 ~~ p1   p0 sends; the rules under test are on p1's ingress
#   p2 ~~ p3   mirred/fwd egress to p2 arrives in p3's host stack
#   p4 ~~ p5   mirred ingress to p4: p4's host stack; egress to p4: p5's
#
# Observers: an nft netdev ingress chain at priority 1000 (after tc
# ingress and the chain under test) on p1..p5 forwards every frame to a
# veth; the tester captures on its peer.
#
# CONFORM_SEED (a number or "random"; default: a fixed seed),
# CONFORM_PAIRS (rule x packet pairs, default 20000, half tc, half nft),
# CONFORM_KEEP_GOING=1 (go on after a difference), CONFORM_MPLS=0 (no
# MPLS matches). make check runs the defaults; make conform a random seed
# and 100000 pairs.

# shellcheck disable=SC2034,SC2317,SC2119 # tests run through ALL_TESTS
ALL_TESTS="
	observers
	software_twice
	regressions
	conform_tc
	conform_nft
"
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/selftests/lib.sh
source "$here/lib.sh"
# shellcheck source=tests/selftests/nfto_lib.sh
source "$here/nfto_lib.sh"

CONFORM=${CONFORM:-$here/../conform/nfto-conform}
SEED=${CONFORM_SEED:-0x19c0f0}
PAIRS=${CONFORM_PAIRS:-20000}
KEEP_GOING=${CONFORM_KEEP_GOING:-0}
MPLS=${CONFORM_MPLS:-1}

require_cmd nft tc ip
[[ -x $CONFORM ]] ||
	skip_all "$CONFORM not built: run 'make -C tests/conform' on the host"

if [[ $SEED == random ]]; then
	SEED=$(printf '0x%04x%04x%04x' $RANDOM $RANDOM $RANDOM)
fi

cleanup()
{
	cleanup_all_ns
	nfto_unload
}

setup_done=0

# One 6-port switch, three wires, the observers, all in one netns.
setup()
{
	local n

	((setup_done)) && return 0
	nfto_unload
	nfto_load || return 1
	setup_ns C || return 1
	# No IPv6 autoconfiguration: its frames would cross the rules.
	ip netns exec "$C" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	ip netns exec "$C" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
	nfto_new 1 6 || return 1
	echo "1:0 1:1" >"$BUS/link_ports" &&
		echo "1:2 1:3" >"$BUS/link_ports" &&
		echo "1:4 1:5" >"$BUS/link_ports" || return 1
	for n in 0 1 2 3 4 5; do
		ip link set "nfto1p$n" netns "$C" || return 1
		ip -n "$C" link set "nfto1p$n" up || return 1
	done
	for n in 1 2 3 4 5; do
		ip -n "$C" link add "cobs$n" mtu 9000 type veth \
			peer name "ccap$n" mtu 9000 || return 1
		ip -n "$C" link set "cobs$n" up && ip -n "$C" link set "ccap$n" up ||
			return 1
	done
	ip netns exec "$C" nft -f - <<-EOF || return 1
	table netdev nfto_conform_obs {
		chain p1 { type filter hook ingress device "nfto1p1" priority 1000; fwd to "cobs1"; }
		chain p2 { type filter hook ingress device "nfto1p2" priority 1000; fwd to "cobs2"; }
		chain p3 { type filter hook ingress device "nfto1p3" priority 1000; fwd to "cobs3"; }
		chain p4 { type filter hook ingress device "nfto1p4" priority 1000; fwd to "cobs4"; }
		chain p5 { type filter hook ingress device "nfto1p5" priority 1000; fwd to "cobs5"; }
	}
	EOF
	setup_done=1
}

# conform ARGS...: the tester in the topology's netns; its TAP becomes
# diagnostics here, its exit status the result.
conform()
{
	local line rc=2

	while IFS= read -r line; do
		case $line in
		__rc=*) rc=${line#__rc=} ;;
		"TAP version"*|1..*) ;;
		"#"*) echo "$line" ;;
		*) echo "# $line" ;;
		esac
	done < <("$CONFORM" --netns "$C" "$@" 2>&1; echo "__rc=$?")
	return "$rc"
}

observers()
{
	setup
	check_err $? "set-up failed"
	if ((RET == 0)); then
		conform --self-check
		check_err $? "the observers do not see what tc and nft pass, or see what they drop (see the self-check lines)"
	fi
	log_test "observers see what passes ingress, not what is dropped"
}

# The harness against itself: two software runs of the same scenarios
# must agree exactly (frames, and every counter per packet), or a
# difference between software and hardware would prove nothing.
software_twice()
{
	setup
	check_err $? "set-up failed"
	if ((RET == 0)); then
		conform --self-compare --seed "$SEED" --pairs 2000 --mpls
		check_err $? "two software runs of one scenario differ: the observers or the counter attribution are not reliable (see above)"
	fi
	log_test "two software runs agree frame for frame and counter for counter" "seed $SEED"
}

# run_frontend FE SHARE: FE's share of the pairs, from the one seed.
run_frontend()
{
	local fe=$1 pairs=$2 rc args=()

	((KEEP_GOING)) && args+=(--keep-going)
	((MPLS)) && args+=(--mpls)
	setup
	check_err $? "set-up failed"
	((RET == 0)) || return
	log_info "nfto-conform --seed $SEED --pairs $pairs --frontend $fe ${args[*]}"
	conform --seed "$SEED" --pairs "$pairs" --frontend "$fe" "${args[@]}"
	rc=$?
	case $rc in
	0) ;;
	1) check_err 1 "hardware differs from software (the DIFFERENCE lines above; rerun one with the 'reproduce:' line)" ;;
	*) check_err 1 "the tester could not run (exit $rc, see above)" ;;
	esac
}

# Scenarios random seeds found to differ, each once fixed: seed,
# scenario, frontend, what differed. A seed names a scenario only for one
# version of the generator: when tests/conform/gen.c changes what a seed
# draws, find the scenarios again (run the seed on the modules before the
# fix: they must differ there).
REGRESSIONS="
	0x2026 144 tc  dst_port 0/0xe000: flower takes fragments (no ports read)
	0x2026 150 tc  L4 and ip_flags: flower sees no ports in fragments
	0x2026 205 tc  the same, mirred egress
	0x2026 206 tc  the same, behind two VLAN tags
	0x3b71e5d2a8 4 tc  csum after a vlan push onto two tags
	0x63e354012eab 43 tc  pedit ip dst, goto: the next chain reads the new dst
	0x3b71e5d2a8 146 tc  pedit tcp dport, goto: the same for ports
	0x3b71e5d2a8 107 tc  bytes of a rule after a vlan push onto no tag and a goto
	0x2026 278 tc  bytes of a rule after a vlan pop and a goto
	0x1e754edf6072 14 nft  udp sport & 0xe000 == 0 on a later fragment: nft reads its data
	0x45cb61e740d7 175 nft  the same, the data matching this time
	0x19c0f0 17 tc  pedit tcp dport past an IPv6 authentication header
	0xfe00e5c63fd 107 nft  udp sport past destination options after a first fragment's header
"

regressions()
{
	local seed only fe what

	setup
	check_err $? "set-up failed"
	while read -r seed only fe what; do
		[[ $seed ]] || continue
		((RET == 0)) || break
		log_info "nfto-conform --seed $seed --only $only --frontend $fe --mpls ($what)"
		conform --seed "$seed" --only "$only" --frontend "$fe" --mpls
		check_err $? "seed $seed scenario $only ($fe) differs again: $what"
	done <<<"$REGRESSIONS"
	log_test "scenarios that once differed agree"
}

conform_tc()
{
	run_frontend tc $((PAIRS / 2))
	log_test "tc flower: hardware equals software" "seed $SEED"
}

conform_nft()
{
	run_frontend nft $((PAIRS - PAIRS / 2))
	log_test "nft netdev offload: hardware equals software" "seed $SEED"
}

tests_run
exit "$EXIT_STATUS"
