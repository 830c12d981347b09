#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The in-VM half of "make bench" (tests/bench/bench.sh boots the VM once and
# runs this): every metric measures its two sides in this one boot, so the
# host's noise cancels in the ratio. Prints one line per metric:
#
#   BENCH <id> <value> <unit> (<detail>)
#
# and "# ..." lines with the raw figures. Measures only: no timing is ever
# a pass/fail condition. See Documentation/performance.rst.
#
#   tests/bench/vm.sh [P1 P2 P3 P4 P5 P6]
#
# Environment: BENCH_SCALE=quick (small counts, a smoke run);
# NFTO_BENCH_TC=N: tc flower rules for the real-device half of P6.
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
BUS=/sys/bus/nft_offload
KMOD=$root/build/bench/kmod-6.12/nfto_bench.ko
TCPCONN=$root/build/bench/tcpconn
WORK=$(mktemp -d)

if [ "${BENCH_SCALE:-full}" = quick ]; then
	P1_RULES=1000 P2_CONNS=500 P3_SECS=2 P4_BIG=100000 P6_ENTRIES=100000
	P6_TC=${NFTO_BENCH_TC:-5000}
else
	P1_RULES=10000 P2_CONNS=10000 P3_SECS=4 P4_BIG=1000000 P6_ENTRIES=1000000
	P6_TC=${NFTO_BENCH_TC:-100000}
fi
P4_SMALL=1000
P4_LOOKUPS=1000000

log() { echo "# $*"; }
bench() { local id=$1 val=$2 unit=$3; shift 3; echo "BENCH $id $val $unit ($*)"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
# meminfo FIELD: kB
meminfo() { awk -v f="$1:" '$1 == f { print $2 }' /proc/meminfo; }
# Slab + vmalloc: where kmalloc'ed entries and kvmalloc'ed hash buckets go.
kmem_kb() { echo $(($(meminfo Slab) + $(meminfo VmallocUsed))); }

cleanup()
{
	local ns

	for ns in A B R; do ip netns del "$ns" 2>/dev/null; done
	rmmod nfto_bench 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT

setup_once()
{
	modprobe nft_offload || exit 1
	modprobe nft_offload_nsim
	ulimit -n 65536
}

# --- P1: control plane -----------------------------------------------------

# p1_ruleset N OFFLOAD: N offloadable rules in one netdev ingress chain.
p1_ruleset()
{
	local flags=${2:+flags offload;}

	echo "table netdev p1 {"
	echo "  chain c { type filter hook ingress device nfto1p0 priority 10; $flags"
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++)
		printf "    ip saddr 10.%d.%d.%d udp dport 2000 counter drop\n",
			int(i / 65536) % 256, int(i / 256) % 256, i % 256 }'
	echo "  }"
	echo "}"
}

p1()
{
	local n=$P1_RULES round t0 t1 kind best_sw=999 best_hw=999 s occ
	local m0 m1 mem_sw=0 mem_hw=0

	echo "1 2" >"$BUS/new_device" || return
	sleep 0.5
	ip link set nfto1p0 up
	p1_ruleset "$n" "" >"$WORK/p1-sw.nft"
	p1_ruleset "$n" 1 >"$WORK/p1-hw.nft"
	# Alternate the two, three rounds each; the best of each counts.
	for round in 1 2 3; do
		for kind in sw hw; do
			sync; m0=$(kmem_kb)
			t0=$(now)
			nft -f "$WORK/p1-$kind.nft" || { log "P1: nft -f ($kind) failed"; return; }
			t1=$(now)
			m1=$(kmem_kb)
			s=$(elapsed "$t0" "$t1")
			occ=$(devlink -j resource show nft_offload/nfto1 |
				jq -r '.resources[][] | select(.name == "flow_table") | .occ')
			log "P1 round $round $kind: nft -f of $n rules ${s}s, in hardware $occ, kernel memory +$((m1 - m0)) kB"
			if [ "$kind" = sw ]; then
				best_sw=$(calc %.3f "($s < $best_sw) ? $s : $best_sw")
				mem_sw=$((m1 - m0))
			else
				best_hw=$(calc %.3f "($s < $best_hw) ? $s : $best_hw")
				mem_hw=$((m1 - m0))
				P1_OCC=$occ
			fi
			nft delete table netdev p1
			sleep 0.5	# the entries are freed after an RCU grace period
		done
	done
	# For P5's cross-check: what the same rules cost with and without
	# hardware entries behind them.
	P1_MEM_PER_RULE=$(calc %.0f "($mem_hw - $mem_sw) * 1024 / $n")
	bench P1 "$(calc %.2f "$best_hw / $best_sw")" x \
		"nft -f of $n rules: offload chain ${best_hw}s vs plain ${best_sw}s, best of 3 each; $P1_OCC in hardware; goal <= 1.3"
	echo 1 >"$BUS/del_device"
}

# --- P4, P5, P6 (nft_offload_lib's table and engine, nfto_bench.ko) -------

# kbench ARGS...: insmod nfto_bench with ARGS, print its result line's
# key=value pairs as shell assignments (R_*), plus R_kmem_kb, the kernel
# memory the filled table holds. The module stays loaded.
kbench()
{
	local m0 m1 line

	rmmod nfto_bench 2>/dev/null
	sleep 0.2
	m0=$(kmem_kb)
	dmesg -c >/dev/null
	insmod "$KMOD" "$@" || { dmesg | tail -n 3 | sed 's/^/# /'; return 1; }
	m1=$(kmem_kb)
	line=$(dmesg | sed -n 's/.*nfto_bench: result //p' | tail -n1)
	[ -n "$line" ] || return 1
	log "nfto_bench $*: $line kmem_kb=$((m1 - m0))"
	eval "$(tr ' ' '\n' <<<"$line" | sed -n 's/^\([a-z_]*\)=\([0-9a-z]*\)$/R_\1=\2/p')"
	R_kmem_kb=$((m1 - m0))
}

p4()
{
	local n small_ns big_ns hot_ns lookups=$P4_LOOKUPS detail=""

	for n in $(printf '%s\n' $P4_SMALL 10000 100000 "$P4_BIG" | sort -nu); do
		[ "$n" -le "$P4_BIG" ] || continue
		kbench entries="$n" lookups="$lookups" mode=table || { log "P4: nfto_bench failed at $n"; return; }
		local ns
		ns=$(calc %.1f "$R_lookup_ns / $R_lookups")
		detail+="${detail:+, }$n: $ns"
		[ "$n" = "$P4_SMALL" ] && small_ns=$ns
		[ "$n" = "$P4_BIG" ] && big_ns=$ns
	done
	# The same big table, looked up on a cache-hot set of P4_SMALL flows:
	# the hash itself versus where the memory is.
	kbench entries="$P4_BIG" lookups="$lookups" span="$P4_SMALL" mode=table && {
		hot_ns=$(calc %.1f "$R_lookup_ns / $R_lookups")
		detail+="; $P4_BIG entries, $P4_SMALL hot flows: $hot_ns"
	}
	rmmod nfto_bench
	bench P4 "$(calc %.2f "$big_ns / $small_ns")" x \
		"kernel ns/lookup at $P4_BIG / $P4_SMALL entries, random present keys; ns/lookup by size: $detail; goal <= 1.5"
}

p5()
{
	local n=100000 per

	[ "$n" -le "$P6_ENTRIES" ] || n=$P6_ENTRIES
	kbench entries="$n" lookups=0 mode=engine || { log "P5: nfto_bench failed"; return; }
	rmmod nfto_bench
	per=$(calc %.0f "$R_kmem_kb * 1024 / $R_entries")
	bench P5 "$per" B \
		"kernel memory (slab + vmalloc) per hardware entry, $R_entries flowtable flows via nfto_hw_flow_replace: struct nfto_entry $R_entry_size B in a $R_entry_ksize B kmalloc object + $R_cnt_ksize B counters + hash buckets${P1_MEM_PER_RULE:+; nft offload rules cost $P1_MEM_PER_RULE B/rule more than plain ones (P1)}; goal <= 128"
}

p6()
{
	local n=$P6_ENTRIES secs tc_secs tc_kb occ m0 m1 t0 t1 tc_detail=""

	kbench entries="$n" lookups=0 mode=engine || { log "P6: nfto_bench failed"; return; }
	rmmod nfto_bench
	secs=$(calc %.2f "$R_fill_ns / 1e9")

	# The real device path for part of it: tc flower skip_sw rules, one
	# tc -batch, on a device whose flow_table resource is raised to $n.
	echo "2 1" >"$BUS/new_device" && sleep 0.5 &&
	devlink resource set nft_offload/nfto2 path /flow_table size "$n" &&
	devlink dev reload nft_offload/nfto2 && sleep 0.5 || { log "P6: raising the resource failed"; }
	ip link set nfto2p0 up
	tc qdisc add dev nfto2p0 clsact
	awk -v n="$P6_TC" 'BEGIN { for (i = 0; i < n; i++)
		printf "filter add dev nfto2p0 ingress protocol ip pref 1 handle %d flower skip_sw src_ip 10.%d.%d.%d dst_ip 10.9.9.9 ip_proto tcp src_port 1000 dst_port 2000 action drop\n",
			i + 1, int(i / 65536) % 256, int(i / 256) % 256, i % 256 }' >"$WORK/p6.tc"
	sync; m0=$(kmem_kb)
	t0=$(now)
	tc -batch "$WORK/p6.tc" >/dev/null 2>&1 || log "P6: tc -batch reported errors"
	t1=$(now)
	m1=$(kmem_kb)
	occ=$(devlink -j resource show nft_offload/nfto2 |
		jq -r '.resources[][] | select(.name == "flow_table") | "\(.occ)/\(.size)"')
	tc_secs=$(elapsed "$t0" "$t1")
	tc_kb=$((m1 - m0))
	tc_detail="; real device nfto2, resource raised to $n: $P6_TC tc flower skip_sw rules in ${tc_secs}s ($(calc %.0f "$P6_TC / $tc_secs")/s), occupancy $occ, +$((tc_kb / 1024)) MiB kernel memory with tc's own"
	t0=$(now)
	tc qdisc del dev nfto2p0 clsact
	t1=$(now)
	tc_detail+=", removed in $(elapsed "$t0" "$t1")s"
	echo 2 >"$BUS/del_device"
	bench P6 "$R_entries" entries \
		"one switch model, table size $n, netdevsim backend: $R_entries flowtable flows through nfto_hw_flow_replace in ${secs}s ($(calc %.0f "$R_entries / ($R_fill_ns / 1e9)")/s), $((R_kmem_kb / 1024)) MiB kernel memory$tc_detail; goal >= 1000000"
}

main()
{
	local p

	setup_once
	log "kernel $(uname -r), $(nproc) vCPUs, $(($(meminfo MemTotal) / 1024)) MiB"
	[ $# -gt 0 ] || set -- P1 P2 P3 P4 P5 P6
	for p in "$@"; do
		case $p in
		P1) p1 ;; P2) p2 ;; P3) p3 ;; P4) p4 ;; P5) p5 ;; P6) p6 ;;
		*) log "unknown metric $p" ;;
		esac
	done
}

main "$@"
