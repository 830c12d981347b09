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
#   tests/bench/vm.sh [P1 P2 P3 P4 P4m P5 P6]
#
# P3 prints three lines (P3, P3h, P3r), P4m two (P4m, P4m10).
# Environment: BENCH_SCALE=quick (small counts, a smoke run);
# NFTO_BENCH_TC=N: tc flower rules for the real-device half of P6.
# shellcheck disable=SC2154 # C_* and R_* are assigned by eval
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
BUS=/sys/bus/nft_offload
KMOD=$root/build/bench/kmod-6.12/nfto_bench.ko
TCPCONN=$root/build/bench/tcpconn
WORK=$(mktemp -d)

if [ "${BENCH_SCALE:-full}" = quick ]; then
	P1_RULES=1000 P2_CONNS=500 P3_SECS=2 P4_BIG=100000 P6_ENTRIES=100000
	P4M_RULES=100
	P6_TC=${NFTO_BENCH_TC:-5000}
else
	P1_RULES=10000 P2_CONNS=10000 P3_SECS=4 P4_BIG=1000000 P6_ENTRIES=1000000
	P4M_RULES=1000
	P6_TC=${NFTO_BENCH_TC:-50000}
fi
P4_SMALL=1000
P4_LOOKUPS=1000000
# P4m10: P4M_RULES rules of each of this many mask shapes (p4m_rules).
P4M_SHAPES=10

log() { echo "# $*"; }
bench() { local id=$1 val=$2 unit=$3; shift 3; echo "BENCH $id $val $unit ($*)"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
# meminfo FIELD: kB
meminfo() { awk -v f="$1:" '$1 == f { print $2 }' /proc/meminfo; }
# Slab + vmalloc: where kmalloc'ed entries and kvmalloc'ed hash buckets go.
kmem_kb() { echo $(($(meminfo Slab) + $(meminfo VmallocUsed))); }
# kmem_settled_kb: kmem_kb once two reads 0.5 s apart agree within 64 kB
# (at most 5 s). A filled rhashtable is not yet its steady state: the
# last doubling runs in a worker, which queues the outgrown bucket array
# for call_rcu(), whose vfree() is deferred again to a work item; reading
# right after insmod counted both arrays (P5: 294 B instead of 253).
kmem_settled_kb()
{
	local a b _

	a=$(kmem_kb)
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		sleep 0.5
		b=$(kmem_kb)
		[ $((b - a)) -lt 64 ] && [ $((a - b)) -lt 64 ] && break
		a=$b
	done
	echo "$b"
}

# ft_res DEV FIELD: the flow_table resource's size or occ of nft_offload/DEV.
ft_res()
{
	devlink -j resource show "nft_offload/$1" |
		jq -r --arg f "$2" '.resources[][] | select(.name == "flow_table") | .[$f]'
}

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

# --- the router topology of P2 and P3 ---------------------------------------

# A -- nfto12p0 ~~ nfto11p0 [R] nfto11p1 ~~ nfto13p0 -- B, as in
# tests/selftests/datapath.sh; no NAT.
topo_up()
{
	local ns

	[ -n "${TOPO:-}" ] && return 0
	for ns in A B R; do ip netns add "$ns" && ip -n "$ns" link set lo up || return 1; done
	echo "11 2" >"$BUS/new_device" && echo "12 1" >"$BUS/new_device" &&
		echo "13 1" >"$BUS/new_device" || return 1
	sleep 0.5
	ft_room 11 $((P4M_SHAPES * P4M_RULES + 64)) || return 1
	echo "12:0 11:0" >"$BUS/link_ports" && echo "11:1 13:0" >"$BUS/link_ports" || return 1
	ip link set nfto12p0 netns A
	ip link set nfto11p0 netns R
	ip link set nfto11p1 netns R
	ip link set nfto13p0 netns B
	ip -n A addr add 10.0.1.2/24 dev nfto12p0
	ip -n R addr add 10.0.1.1/24 dev nfto11p0
	ip -n R addr add 10.0.2.1/24 dev nfto11p1
	ip -n B addr add 10.0.2.2/24 dev nfto13p0
	ip -n A link set nfto12p0 up
	ip -n R link set nfto11p0 up
	ip -n R link set nfto11p1 up
	ip -n B link set nfto13p0 up
	ip -n A route add default via 10.0.1.1
	ip -n B route add default via 10.0.2.1
	ip netns exec R sysctl -qw net.ipv4.ip_forward=1
	# Both receivers' host work on the other CPU than pktgen's
	# (Documentation/performance.rst: the same-CPU trap).
	ip netns exec R sh -c 'echo 2 > /sys/class/net/nfto11p0/queues/rx-0/rps_cpus'
	ip netns exec B sh -c 'echo 2 > /sys/class/net/nfto13p0/queues/rx-0/rps_cpus'
	ip netns exec A ping -c 2 -i 0.2 -W 2 10.0.2.2 >/dev/null || { log "topology: no ping"; return 1; }
	TOPO=1
}

# ft_room ID N: make nfto<ID>'s flow_table hold N entries (P4m10's rules
# and the flows), the documented way (Documentation/admin-guide.rst:
# devlink resource set + reload). netdevsim's default, 65536, already does;
# the reload re-creates the ports, so this runs before they are wired.
ft_room()
{
	local size

	size=$(ft_res "nfto$1" size)
	[ "$size" -ge "$2" ] 2>/dev/null && return 0
	log "nfto$1: flow_table size $size < $2: raising it"
	if ! { devlink resource set "nft_offload/nfto$1" path /flow_table size "$2" &&
	       devlink dev reload "nft_offload/nfto$1"; }; then
		log "nfto$1: raising flow_table to $2 failed"
		return 1
	fi
	sleep 0.5
}

# router_ruleset classic|sw|hw L4PROTOS: conntrack in every mode; the
# flowtable (software, or with flags offload) in sw and hw.
router_ruleset()
{
	local mode=$1 protos=$2

	ip netns exec R nft flush ruleset
	{
		echo "table inet bench {"
		if [ "$mode" != classic ]; then
			echo "  flowtable f { hook ingress priority 0; devices = { nfto11p0, nfto11p1 };"
			[ "$mode" = hw ] && echo "    flags offload;"
			echo "  }"
		fi
		echo "  chain forward { type filter hook forward priority 0; policy accept;"
		[ "$mode" != classic ] && echo "    meta l4proto { $protos } flow add @f"
		echo "    ct state established,related counter accept"
		echo "    counter"
		echo "  }"
		echo "}"
	} | ip netns exec R nft -f -
}

# --- P2: flowtable offload of many short connections ---------------------

p2()
{
	local n=$P2_CONNS line t_check occ hw conns rate pid_s pid_c
	local t_all="" t0 pid_o

	topo_up || { log "P2: topology failed"; return; }
	router_ruleset hw tcp || { log "P2: ruleset failed"; return; }
	ip netns exec R sysctl -qw net.netfilter.nf_conntrack_max=$((n * 4)) 2>/dev/null
	# The connections are idle after the handshake: nf_flow_table would
	# expire the first ones (30 s) before a slow host connected the last.
	ip netns exec R sysctl -qw net.netfilter.nf_flowtable_tcp_timeout=600 2>/dev/null ||
		log "P2: no nf_flowtable_tcp_timeout; flows idle for 30 s leave the flowtable"
	ip netns exec B "$TCPCONN" server 5000 >"$WORK/p2-server" 2>&1 &
	pid_s=$!
	for _ in $(seq 50); do grep -q ready "$WORK/p2-server" && break; sleep 0.1; done
	# Occupancy every 0.1 s from the start: when did the hardware have them?
	( while :; do
		echo "$(now) $(devlink -j resource show nft_offload/nfto11 |
			jq -r '.resources[][] | select(.name == "flow_table") | .occ')"
		sleep 0.1
	  done >"$WORK/p2-occ" ) &
	pid_o=$!
	ip netns exec A "$TCPCONN" client 10.0.2.2 5000 "$n" 64 120 >"$WORK/p2-client" 2>&1 &
	pid_c=$!
	for _ in $(seq 2400); do grep -q connected= "$WORK/p2-client" && break; sleep 0.25; done
	line=$(grep connected= "$WORK/p2-client")
	[ -n "$line" ] || { log "P2: the client never finished: $(cat "$WORK/p2-client")"; kill "$pid_o" "$pid_c" "$pid_s"; return; }
	log "P2 client: $line"
	eval "$(tr ' ' '\n' <<<"$line" | sed -n 's/^\([a-z]*\)=\([0-9.]*\)$/C_\1=\2/p')"
	# Two seconds after the last connection was established.
	t_check=$(calc %.3f "$C_last + 2")
	while [ "$(calc %d "$(now) < $t_check")" = 1 ]; do sleep 0.05; done
	occ=$(devlink -j resource show nft_offload/nfto11 |
		jq -r '.resources[][] | select(.name == "flow_table") | .occ')
	conns=$((occ / 2))
	# The laggards, up to 60 s more.
	for _ in $(seq 600); do
		[ "$(tail -n 1 "$WORK/p2-occ" | cut -d' ' -f2)" -ge $((2 * C_connected)) ] 2>/dev/null && break
		sleep 0.1
	done
	kill "$pid_o" 2>/dev/null
	wait "$pid_o" 2>/dev/null
	t0=$(now)
	hw=$(ip netns exec R conntrack -L 2>/dev/null | grep -c 'dport=5000 .*HW_OFFLOAD')
	log "P2 at last+2s: flow_table occupancy $occ (2 per connection); later conntrack [HW_OFFLOAD] $hw (listed in $(elapsed "$t0" "$(now)")s)"
	# When the last flow entered the hardware.
	t_all=$(awk -v want=$((2 * C_connected)) '$2 >= want { print $1; exit }' "$WORK/p2-occ")
	if [ -n "$t_all" ]; then
		rate=$(calc %.0f "$C_connected / ($t_all - $C_first)")
		t_all=$(calc %.2f "$t_all - $C_last")
	else
		rate=$(calc %.0f "$conns / ($t_check - $C_first)")
	fi
	bench P2 "$(calc %.3f "$conns / $C_connected")" fraction \
		"$C_connected TCP connections A->B through the router in $(calc %.2f "$C_last - $C_first")s ($(calc %.0f "$C_connected / ($C_last - $C_first)")/s, 64 at once, $C_failed failed); in hardware 2 s after the last one: $conns connections; flows into hardware at $rate/s (first connect to the last flow in hardware${t_all:+, $t_all s after the last connect}, 0.1 s sampling); goal >= 0.95"
	kill "$pid_c" "$pid_s" 2>/dev/null
	wait "$pid_c" "$pid_s" 2>/dev/null
	ip netns exec R nft flush ruleset
	ip netns exec R conntrack -F >/dev/null 2>&1
}

# --- P3: hardware vs software datapath, pktgen -----------------------------

# cpu_busy: non-idle jiffies of all CPUs (user nice system irq softirq steal)
cpu_busy() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
rx_b() { ip netns exec B cat /sys/class/net/nfto13p0/statistics/rx_packets; }
tx_a() { ip netns exec A cat /sys/class/net/nfto12p0/statistics/tx_packets; }

pg() { ip netns exec A sh -c "echo '$1' > /proc/net/pktgen/$2"; }

# pg_start: pktgen in A, 64 B UDP 10.0.1.2:9 -> 10.0.2.2:9 to R's MAC, in
# the background (its pid in PG_PID), and B's reply that makes the
# conntrack entry established: the flowtable adds the flow.
pg_start()
{
	local mac c

	mac=$(ip netns exec R cat /sys/class/net/nfto11p0/address)
	pg rem_device_all kpktgend_0
	pg "add_device nfto12p0" kpktgend_0
	for c in "count 0" "clone_skb 0" "pkt_size 60" "delay 0" "dst 10.0.2.2" \
		"src_min 10.0.1.2" "src_max 10.0.1.2" "udp_src_min 9" "udp_src_max 9" \
		"udp_dst_min 9" "udp_dst_max 9" "dst_mac $mac"; do
		pg "$c" nfto12p0
	done
	ip netns exec A sh -c 'echo start > /proc/net/pktgen/pgctrl' &
	PG_PID=$!
	sleep 0.5
	echo x | ip netns exec B socat -u - UDP4-SENDTO:10.0.1.2:9,sourceport=9 2>/dev/null
}

# p3_run MODE: pktgen A -> B through R for P3_SECS; sets P3_PPS, P3_US.
p3_run()
{
	local mode=$1 r0 r1 c0 c1 t0 t1 pid hz=100 fwd a0 a1

	router_ruleset "$mode" udp || { log "P3: ruleset $mode failed"; return 1; }
	ip netns exec R conntrack -F >/dev/null 2>&1
	pg_start
	pid=$PG_PID
	sleep 1.5
	a0=$(tx_a); r0=$(rx_b); c0=$(cpu_busy); t0=$(now)
	if [ -n "${P3_PERF:-}" ]; then
		perf_cmd record -a -g -e cpu-clock -o "$P3_PERF" -- sleep "$P3_SECS" >/dev/null 2>&1
	else
		sleep "$P3_SECS"
	fi
	a1=$(tx_a); r1=$(rx_b); c1=$(cpu_busy); t1=$(now)
	ip netns exec A sh -c 'echo stop > /proc/net/pktgen/pgctrl'
	wait "$pid" 2>/dev/null
	P3_SENT=$(calc %.0f "($a1 - $a0) / ($t1 - $t0)")
	fwd=$(ip netns exec R ethtool -S nfto11p0 | awk '$1 == "hw_offload_fwd_packets:" { print $2 }')
	P3_PPS=$(calc %.0f "($r1 - $r0) / ($t1 - $t0)")
	P3_US=$(calc %.2f "($c1 - $c0) * 1e6 / $hz / ($r1 - $r0 + 1)")
	log "P3 $mode: $P3_SENT pkt/s sent by pktgen, $P3_PPS delivered to B, $P3_US us of CPU (both vCPUs, pktgen included) per packet; hw-forwarded on nfto11p0 so far: $fwd; in hardware: $(devlink -j resource show nft_offload/nfto11 | jq -r '.resources[][] | select(.name == "flow_table") | .occ') entries"
}

# p3_alone: pktgen with R's ingress port down, so that A's port drops
# every frame at its wire: what pktgen alone sends on its vCPU (P3_ALONE,
# packets/s), the rate no mode can exceed while the simulated switch runs
# in the sender's context.
p3_alone()
{
	local a0 a1 t0 t1 pid

	ip netns exec R nft flush ruleset
	ip -n R link set nfto11p0 down
	pg_start
	pid=$PG_PID
	sleep 1.5
	a0=$(tx_a); t0=$(now)
	sleep "$P3_SECS"
	a1=$(tx_a); t1=$(now)
	ip netns exec A sh -c 'echo stop > /proc/net/pktgen/pgctrl'
	wait "$pid" 2>/dev/null
	ip -n R link set nfto11p0 up
	P3_ALONE=$(calc %.0f "($a1 - $a0) / ($t1 - $t0)")
	log "P3 pktgen alone (R's ingress port down): $P3_ALONE pkt/s sent"
	# the neighbours again before the next mode's run
	ip netns exec A ping -c 2 -i 0.2 -W 2 10.0.2.2 >/dev/null
}

p3()
{
	local classic sw hw us_c="" us_s="" us_h="" round alone=0 sent_h="" sent_s=""

	modprobe pktgen || { log "P3: no pktgen"; return; }
	topo_up || { log "P3: topology failed"; return; }
	# B drops the stream in software ingress (no ICMP back to A).
	ip netns exec B nft -f - <<-EOF
	table netdev sink {
		chain in { type filter hook ingress device nfto13p0 priority 0; udp dport 9 counter drop; }
	}
	EOF
	# Two rounds, alternating; the best of each mode counts.
	classic=0 sw=0 hw=0
	for round in 1 2; do
		p3_run classic && [ "$P3_PPS" -gt "$classic" ] && classic=$P3_PPS us_c=$P3_US
		p3_run sw && [ "$P3_PPS" -gt "$sw" ] && sw=$P3_PPS us_s=$P3_US sent_s=$P3_SENT
		p3_run hw && [ "$P3_PPS" -gt "$hw" ] && hw=$P3_PPS us_h=$P3_US sent_h=$P3_SENT
		p3_alone && [ "$P3_ALONE" -gt "$alone" ] && alone=$P3_ALONE
	done
	ip netns exec B nft delete table netdev sink
	if [ "$classic" -gt 0 ] && [ "$hw" -gt 0 ] && [ "$sw" -gt 0 ]; then
		bench P3 "$(calc %.2f "$hw / $classic")" x \
			"pktgen 64 B UDP, one flow, A->R->B, best of 2 rounds, router ingress and B on the other vCPU: hardware flowtable $hw pkt/s, software flowtable $sw ($(calc %.2f "$sw / $classic")x), classic forwarding + conntrack $classic; CPU per packet (all vCPUs, pktgen and simulated hardware included) $us_h / $us_s / $us_c us; goal >= 5"
		bench P3h "$(calc %.2f "$hw / $sw")" x \
			"P3's runs: packets/s delivered to B, hardware flowtable ÷ software flowtable, best of 2 rounds each, alternated: $hw vs $sw pkt/s (pktgen sent $sent_h vs $sent_s); CPU per packet (all vCPUs, pktgen and simulated hardware included) $us_h vs $us_s us; bounds: at $us_h us of CPU per packet the hardware path delivers at most $(calc %.0f "$(nproc) * 1e6 / $us_h") pkt/s on $(nproc) vCPUs however its work is spread (P3h <= $(calc %.2f "$(nproc) * 1e6 / $us_h / $sw")), pktgen alone sends $alone (P3h <= $(calc %.2f "$alone / $sw") with a switch that costs nothing); goal >= 1.5"
	fi
	p3r
	ip netns exec R nft flush ruleset
}

# --- P3r: the router's host CPU per forwarded packet (perf) ----------------

# P3's classic and hardware modes again, profiled: perf samples of both
# vCPUs, each sample classified by its call chain (p3r_classify), the
# router's share divided by the packets forwarded in the same window. B's
# sink is a tc rule in B's switch (skip_sw), so B's host stack, which is
# not the router's, sees none of the stream in either mode.
P3R_PERIOD_NS=1000000

# p3r_classify: perf script output (-F comm,cpu,ip,sym,dso, call chains)
# in, one line of counts out: idle switch pktgen harness net other total;
# then the most frequent "other" samples (count, comm: leaf symbol).
# A sample is, first rule that applies:
#  idle     the idle loop (do_idle) with no interrupt on top of it;
#  switch   the simulated switch: a frame in our modules (nfto_*,
#           nft_offload*): both switches' pipelines, in pktgen's context
#           or under the router's transmit to its port;
#  net      the network softirq (net_rx_action, process_backlog), in any
#           context: the router's receive, forwarding and conntrack;
#  pktgen   the packet generator (pktgen.ko frames, kpktgend threads);
#  harness  the benchmark's own processes (perf, this script, sleep, the
#           counter reads), whatever runs in their context but the above;
#  other    the rest: interrupts, timers, RCU, kworkers (the flowtable's
#           and conntrack's garbage collection among them).
# The router's host CPU is net + other: the rest of the machine's work,
# which hardly differs between the modes, is charged to the router too.
p3r_classify()
{
	awk -v self="$(cat /proc/$$/comm)" '
	function flush() {
		if (!insample)
			return
		if (idle && !irq)
			c["idle"]++
		else if (sw)
			c["switch"]++
		else if (net)
			c["net"]++
		else if (pg || comm ~ /^kpktgend_/)
			c["pktgen"]++
		else if (comm == self ||
			 comm ~ /^(perf|perf-exec|sleep|ethtool|ip|awk|bash|sh)$/)
			c["harness"]++
		else {
			c["other"]++
			top[comm ": " leaf]++
		}
		total++
		insample = idle = irq = sw = net = pg = 0
		leaf = ""
	}
	/^[^\t]/ && NF {
		flush()
		comm = $0
		sub(/ +\[[0-9]+\] *$/, "", comm)
		sub(/^ +/, "", comm)
		insample = 1
		next
	}
	!NF { flush(); next }
	{
		sym = $2
		dso = $NF
		if (leaf == "")
			leaf = sym
		if (sym == "do_idle")
			idle = 1
		if (sym ~ /^(asm_sysvec_|asm_common_interrupt|handle_softirqs|__do_softirq|irq_exit)/)
			irq = 1
		if (sym ~ /^nfto_/ || dso ~ /nft_offload/)
			sw = 1
		if (sym == "net_rx_action" || sym == "process_backlog")
			net = 1
		if (dso ~ /pktgen/)
			pg = 1
	}
	END {
		flush()
		printf "idle=%d switch=%d pktgen=%d harness=%d net=%d other=%d total=%d\n",
			c["idle"], c["switch"], c["pktgen"], c["harness"],
			c["net"], c["other"], total
		for (k in top)
			if (top[k] * 50 >= c["other"])
				printf "%d %s\n", top[k], k | "sort -rn | head -n 8"
	}'
}

b_drops()
{
	ip netns exec B ethtool -S nfto13p0 |
		awk '$1 == "hw_offload_drop_packets:" { print $2 }'
}

# p3r_run MODE: pktgen A -> B through R in MODE (classic or hw), perf
# recording both vCPUs for P3_SECS; sets the S_* sample counts of that
# window and P3R_PKTS, the packets B's switch dropped in it.
p3r_run()
{
	local mode=$1 pid perf ctl ack ta tb t0 t1 d0 d1 _

	router_ruleset "$mode" udp || { log "P3r: ruleset $mode failed"; return 1; }
	ip netns exec R conntrack -F >/dev/null 2>&1
	# perf starts with its events off (-D -1) and turns them on and off
	# when told through its control fifo: its start-up under TCG takes
	# seconds (a signal that comes before it is ready is lost), and the
	# window is then the one between the acks, with no exec at its edges.
	rm -f "$WORK/ctl" "$WORK/ack"
	mkfifo "$WORK/ctl" "$WORK/ack" || { log "P3r: no mkfifo"; return 1; }
	pg_start
	pid=$PG_PID
	exec {ctl}<>"$WORK/ctl" {ack}<>"$WORK/ack"
	LD_LIBRARY_PATH=$PERF_DIR/lib "$PERF_DIR/perf" record -a -g -B -N -D -1 \
		--control "fd:$ctl,$ack" -e cpu-clock -c "$P3R_PERIOD_NS" \
		-o "$WORK/p3r.data" >/dev/null 2>&1 &
	perf=$!
	sleep 1.5
	# The window's packets: the rate at which B's switch drops them, read
	# (by an exec: ethtool) just before and just after the window, so
	# that the reads are not in it, times the window. Each time is read
	# before its counter, so the exec's start-up is in both alike.
	read -r ta _ </proc/uptime
	d0=$(b_drops)
	echo enable >&"$ctl"
	if ! read -r -t 120 _ <&"$ack"; then
		log "P3r $mode: perf never started"
		kill -9 "$perf"
		wait "$perf"
		exec {ctl}>&- {ack}>&-
		ip netns exec A sh -c 'echo stop > /proc/net/pktgen/pgctrl'
		wait "$pid" 2>/dev/null
		return 1
	fi
	read -r t0 _ </proc/uptime
	sleep "$P3_SECS"
	read -r t1 _ </proc/uptime
	echo disable >&"$ctl"
	read -r -t 60 _ <&"$ack"
	read -r tb _ </proc/uptime
	d1=$(b_drops)
	echo stop >&"$ctl"
	for _ in $(seq 600); do kill -0 "$perf" 2>/dev/null || break; sleep 0.1; done
	kill -9 "$perf" 2>/dev/null && log "P3r $mode: perf did not stop; killed"
	wait "$perf"
	exec {ctl}>&- {ack}>&-
	ip netns exec A sh -c 'echo stop > /proc/net/pktgen/pgctrl'
	wait "$pid" 2>/dev/null
	perf_cmd script -i "$WORK/p3r.data" -F comm,cpu,ip,sym,dso 2>/dev/null |
		p3r_classify >"$WORK/p3r.txt"
	rm -f "$WORK/p3r.data"
	eval "$(head -n 1 "$WORK/p3r.txt" | tr ' ' '\n' |
		sed -n 's/^\([a-z]*\)=\([0-9]*\)$/S_\1=\2/p')"
	P3R_PKTS=$(calc %.0f "($d1 - $d0) / ($tb - $ta) * ($t1 - $t0)")
	log "P3r $mode: $P3R_PKTS packets forwarded in $(calc %.2f "$t1 - $t0") s; samples of ${P3R_PERIOD_NS} ns: idle $S_idle, switch $S_switch, pktgen $S_pktgen, harness $S_harness, net $S_net, other $S_other, total $S_total (of $(calc %.0f "2 * ($t1 - $t0) * 1e9 / $P3R_PERIOD_NS") periods of 2 vCPUs' wall-clock time)"
	log "P3r $mode: the other samples, most frequent (>= 2 %):$(tail -n +2 "$WORK/p3r.txt" | paste -sd ';' | sed 's/^/ /; s/;/; /g')"
	[ "$P3R_PKTS" -gt 0 ] && [ "${S_total:-0}" -gt 0 ]
}

p3r()
{
	local round mode us_c us_h hw_router
	declare -A pkts net other total

	if ! perf_cmd --version >/dev/null 2>&1; then
		log "P3r: no perf in $PERF_DIR (make bench-perf copies the host's; the host needs linux-perf): no P3r line"
		return
	fi
	ip netns exec B nft delete table netdev sink 2>/dev/null
	if ! { ip netns exec B tc qdisc add dev nfto13p0 clsact &&
	       ip netns exec B tc filter add dev nfto13p0 ingress protocol ip pref 1 \
			flower skip_sw ip_proto udp dst_port 9 action drop; }; then
		log "P3r: the sink in B's switch failed: no P3r line"
		ip netns exec B tc qdisc del dev nfto13p0 clsact 2>/dev/null
		return
	fi
	# Two rounds, alternated; the samples and packets of both are pooled
	# (the hardware side has few samples: a best-of would pick its noise).
	for round in 1 2; do
		for mode in classic hw; do
			p3r_run "$mode" || continue
			pkts[$mode]=$((${pkts[$mode]:-0} + P3R_PKTS))
			net[$mode]=$((${net[$mode]:-0} + S_net))
			other[$mode]=$((${other[$mode]:-0} + S_other))
			total[$mode]=$((${total[$mode]:-0} + S_total))
		done
	done
	ip netns exec B tc qdisc del dev nfto13p0 clsact
	[ "${pkts[classic]:-0}" -gt 0 ] && [ "${pkts[hw]:-0}" -gt 0 ] || return
	# us per packet: samples * period / packets. No router sample at all
	# in hardware mode is charged one, so the ratio is a lower bound.
	us_c=$(calc %.3f "(${net[classic]} + ${other[classic]}) * $P3R_PERIOD_NS / 1000 / ${pkts[classic]}")
	hw_router=$((net[hw] + other[hw]))
	[ "$hw_router" -gt 0 ] || hw_router=1
	us_h=$(calc %.4f "$hw_router * $P3R_PERIOD_NS / 1000 / ${pkts[hw]}")
	bench P3r "$(calc %.1f "$us_c / $us_h")" x \
		"the router's host CPU per forwarded packet, classic forwarding + conntrack ÷ hardware flowtable: $us_c vs $us_h us; perf cpu-clock samples of both vCPUs every $((P3R_PERIOD_NS / 1000)) us of CPU, ${P3_SECS} s windows of 2 alternated rounds pooled, B's sink in B's switch; a sample is the router's unless it is idle, in the simulated switch (nfto_* / nft_offload frames), in pktgen or in the benchmark's own processes; classic: ${pkts[classic]} packets, ${net[classic]} network softirq + ${other[classic]} other samples of ${total[classic]}; hardware: ${pkts[hw]} packets, ${net[hw]} + ${other[hw]} of ${total[hw]}$([ $((net[hw] + other[hw])) -gt 0 ] || echo ', counted as 1: a lower bound'); goal >= 10"
}

# --- P4m: the masked entries (tc/nft rules), in the datapath ---------------

# p4m_rules SHAPES N: a tc -batch file of N tc flower skip_sw rules of each
# of the first SHAPES mask shapes below, on the router's ingress port,
# shape k at pref k + 1 (tc keeps one protocol per pref; the vlan shape
# needs its own). None matches P3's stream (UDP 10.0.1.2:9 -> 10.0.2.2:9,
# untagged, to R's unicast MAC), some share fields with it. Shape 0 is the
# one P4m has always used. i < 4094 (vlan ids) and < 65536 (addresses).
p4m_rules()
{
	awk -v shapes="$1" -v n="$2" 'BEGIN {
		m[0] = "dst_ip 10.99.%d.%d ip_proto tcp dst_port 80"
		m[1] = "dst_ip 10.%d.%d.0/24"			# a = 100 + i / 256
		m[2] = "src_ip 10.98.%d.%d"
		m[3] = "src_ip 172.%d.%d.0/24 dst_ip 10.0.2.0/24"	# 16 + i / 256
		m[4] = "ip_proto udp dst_port %d"		# 10000 + i
		m[5] = "ip_proto tcp src_port %d"
		m[6] = "ip_proto udp src_port %d dst_port 9"	# 20000 + i
		m[7] = "dst_mac 01:00:5e:00:%02x:%02x"	# multicast
		m[8] = "dst_ip %d.%d.0.0/16"			# 100 + i / 256
		m[9] = "vlan_id %d"				# 1 + i
		for (s = 0; s < shapes; s++) {
			for (i = 0; i < n; i++) {
				a = int(i / 256); b = i % 256
				if (s == 0 || s == 2 || s == 7)
					k = sprintf(m[s], a, b)
				else if (s == 1 || s == 8)
					k = sprintf(m[s], 100 + a, b)
				else if (s == 3)
					k = sprintf(m[s], 16 + a, b)
				else if (s == 4 || s == 5)
					k = sprintf(m[s], 10000 + i)
				else if (s == 6)
					k = sprintf(m[s], 20000 + i)
				else
					k = sprintf(m[s], 1 + i)
				printf "filter add dev nfto11p0 ingress protocol %s pref %d handle %d flower skip_sw %s action drop\n",
					s == 9 ? "802.1Q" : "ip", s + 1, i + 1, k
			}
		}
	}'
}

# The hardware path of P3 again, with never-matching tc flower skip_sw
# rules on the router's ingress port, which the datapath must look up for
# every packet: none; P4M_RULES of one mask shape (P4m); P4M_RULES of each
# of P4M_SHAPES shapes (P4m10). Alternated, two rounds, the least CPU per
# packet of each.
p4m()
{
	local n=$P4M_RULES set round occ0 occ t0 t1 detail _
	local -A pps us inhw load
	local -a sets=(0 1 "$P4M_SHAPES")

	modprobe pktgen || return
	topo_up || { log "P4m: topology failed"; return; }
	ip netns exec B nft -f - <<-EOF
	table netdev sink {
		chain in { type filter hook ingress device nfto13p0 priority 0; udp dport 9 counter drop; }
	}
	EOF
	p4m_rules 1 "$n" >"$WORK/p4m-1.tc"
	p4m_rules "$P4M_SHAPES" "$n" >"$WORK/p4m-$P4M_SHAPES.tc"
	for round in 1 2; do
		for set in "${sets[@]}"; do
			ip netns exec R tc qdisc del dev nfto11p0 clsact 2>/dev/null
			ip netns exec R nft flush ruleset
			# The last run's flows leave the table asynchronously.
			for _ in $(seq 50); do
				occ0=$(ft_res nfto11 occ)
				[ "$occ0" = 0 ] && break
				sleep 0.1
			done
			ip netns exec R tc qdisc add dev nfto11p0 clsact
			if [ "$set" -gt 0 ]; then
				t0=$(now)
				ip netns exec R tc -batch "$WORK/p4m-$set.tc" >/dev/null 2>&1 ||
					log "P4m: tc -batch of $((set * n)) rules failed"
				t1=$(now)
				t1=$(elapsed "$t0" "$t1")
				if [ -z "${load[$set]:-}" ] || [ "$(calc %d "$t1 < ${load[$set]}")" = 1 ]; then
					load[$set]=$t1
				fi
			fi
			occ=$(ft_res nfto11 occ)
			inhw[$set]=$((occ - occ0))
			[ "$set" -gt 0 ] || t1=
			p3_run hw || continue
			log "P4m round $round: $((set * n)) never-matching rules in $set shape(s) on the ingress port (${inhw[$set]} in hardware${t1:+, loaded in $t1 s}): $P3_PPS pkt/s, $P3_US us/packet"
			# The least CPU per packet of each: on this host the rate
			# follows the other vCPU's load, the cost per packet less.
			[ "$P3_PPS" -gt "${pps[$set]:-0}" ] && pps[$set]=$P3_PPS
			if [ -z "${us[$set]:-}" ] || [ "$(calc %d "$P3_US < ${us[$set]}")" = 1 ]; then
				us[$set]=$P3_US
			fi
		done
	done
	ip netns exec R tc qdisc del dev nfto11p0 clsact
	ip netns exec B nft delete table netdev sink
	ip netns exec R nft flush ruleset
	[ -n "${us[0]:-}" ] || return
	for set in 1 "$P4M_SHAPES"; do
		[ -n "${us[$set]:-}" ] || continue
		detail="P3's hardware path, CPU per packet (all vCPUs) with $((set * n)) never-matching tc flower skip_sw rules"
		if [ "$set" = 1 ]; then
			detail+=" of one mask shape"
		else
			detail+=" in $set mask shapes ($n each, one pref per shape)"
		fi
		detail+=" on the router's ingress port ÷ with none, alternated, best of 2: ${us[$set]} vs ${us[0]} us ($(calc %.3f "(${us[$set]} - ${us[0]}) / ($set * $n)") us per rule), ${pps[$set]} vs ${pps[0]} pkt/s; ${inhw[$set]} rules in hardware, tc -batch in ${load[$set]} s (best)"
		if [ "$set" = 1 ]; then
			bench P4m "$(calc %.2f "${us[$set]} / ${us[0]}")" x "$detail; goal <= 1.5"
		else
			bench "P4m$set" "$(calc %.2f "${us[$set]} / ${us[0]}")" x "$detail; goal <= 2.0"
		fi
	done
}

# --- P4, P5, P6 (nft_offload_lib's table and engine, nfto_bench.ko) -------

# kbench ARGS...: insmod nfto_bench with ARGS, print its result line's
# key=value pairs as shell assignments (R_*), plus R_kmem_kb, the kernel
# memory the filled table holds. The module stays loaded.
kbench()
{
	local m0 m1 line

	rmmod nfto_bench 2>/dev/null
	m0=$(kmem_settled_kb)
	slab_snapshot "$WORK/slab0"
	dmesg -c >/dev/null
	insmod "$KMOD" "$@" || { dmesg | tail -n 3 | sed 's/^/# /'; return 1; }
	m1=$(kmem_settled_kb)
	slab_snapshot "$WORK/slab1"
	line=$(dmesg | sed -n 's/.*nfto_bench: result //p' | tail -n1)
	[ -n "$line" ] || return 1
	log "nfto_bench $*: $line kmem_kb=$((m1 - m0))"
	eval "$(tr ' ' '\n' <<<"$line" | sed -n 's/^\([a-z_]*\)=\([0-9a-z]*\)$/R_\1=\2/p')"
	R_kmem_kb=$((m1 - m0))
}

# slab_snapshot FILE: every cache's kB in slabs (name kB objects objsize),
# then Slab and VmallocUsed from /proc/meminfo.
slab_snapshot()
{
	awk 'NR > 2 { printf "%s %d %d %d\n", $1, $3 / $5 * $6 * 4, $2, $4 }' \
		/proc/slabinfo >"$1"
	echo "=Slab $(meminfo Slab)" >>"$1"
	echo "=VmallocUsed $(meminfo VmallocUsed)" >>"$1"
}

# slab_breakdown ENTRIES: where kbench's memory went, per cache that
# grew or shrank by 256 kB or more, the rest of Slab (kmalloc_large(),
# which no cache lists) and vmalloc, each in kB and bytes per entry.
slab_breakdown()
{
	awk -v n="$1" '
		NR == FNR { k0[$1] = $2; o0[$1] = $3; next }
		$1 == "=Slab" { slab = $2 - k0[$1]; next }
		$1 == "=VmallocUsed" { vm = $2 - k0[$1]; next }
		{ d = $2 - k0[$1]; caches += d
		  if (d >= 256 || d <= -256)
			printf "# P5 memory: %-24s %+9d kB %+8d objects of %d B: %.1f B per entry\n",
				$1, d, $3 - o0[$1], $4, d * 1024 / n }
		END {
			printf "# P5 memory: %-24s %+9d kB: %.1f B per entry\n",
				"Slab outside caches", slab - caches, (slab - caches) * 1024 / n
			printf "# P5 memory: %-24s %+9d kB: %.1f B per entry\n",
				"VmallocUsed", vm, vm * 1024 / n
		}' "$WORK/slab0" "$WORK/slab1"
}

p4()
{
	local n ns small_ns ratio hot_ns="" detail="" head="" lookups=$P4_LOOKUPS

	# Each size side by side with a 1k table, lookups alternating in
	# chunks of 8192 (nfto_bench small=); the biggest also with a hot set.
	for n in $(printf '%s\n' 10000 100000 "$P4_BIG" | sort -nu); do
		local extra=()
		[ "$n" = "$P4_BIG" ] && extra=(span="$P4_SMALL")
		kbench entries="$n" small="$P4_SMALL" "${extra[@]}" lookups="$lookups" mode=table ||
			{ log "P4: nfto_bench failed at $n"; return; }
		ns=$(calc %.1f "$R_lookup_ns / $R_lookups")
		small_ns=$(calc %.1f "$R_small_lookup_ns / $R_lookups")
		ratio=$(calc %.2f "$ns / $small_ns")
		detail+="${detail:+, }$n: $ns vs $small_ns ns (${ratio}x)"
		if [ "$n" = "$P4_BIG" ]; then
			head=$ratio
			[ "${R_hot:-0}" -gt 0 ] && hot_ns=$(calc %.1f "$R_hot_lookup_ns / $R_lookups")
		fi
	done
	rmmod nfto_bench
	[ -n "$head" ] || return
	bench P4 "$head" x \
		"kernel ns/lookup at $P4_BIG / $P4_SMALL entries, random present keys, $lookups lookups each, both tables in one module with the lookups alternating; N vs 1k: $detail${hot_ns:+; $P4_BIG entries looked up on $P4_SMALL hot flows: $hot_ns ns}; goal <= 1.5"
}

p5()
{
	local n=100000 per

	[ "$n" -le "$P6_ENTRIES" ] || n=$P6_ENTRIES
	kbench entries="$n" lookups=0 mode=engine || { log "P5: nfto_bench failed"; return; }
	rmmod nfto_bench
	slab_breakdown "$R_entries"
	per=$(calc %.0f "$R_kmem_kb * 1024 / $R_entries")
	bench P5 "$per" B \
		"kernel memory (slab + vmalloc) per hardware entry, $R_entries flowtable flows via nfto_hw_flow_replace: entry of $R_entry_size B (sized to its flow) in a $R_entry_ksize B kmalloc object + $R_cnt_ksize B counters + ${R_groups:-?} shared group(s) + hash buckets${P1_MEM_PER_RULE:+; nft offload rules cost $P1_MEM_PER_RULE B/rule more than plain ones (P1)}; goal < 216 (the kernel's struct flow_offload), 128 planned"
}

p6()
{
	local n=$P6_ENTRIES secs tc_secs tc_kb occ m0 m1 t0 t1 tc_detail=""

	kbench entries="$n" lookups=0 mode=engine || { log "P6: nfto_bench failed"; return; }
	rmmod nfto_bench
	secs=$(calc %.2f "$R_fill_ns / 1e9")

	# The real device path for part of it: tc flower skip_sw rules, one
	# tc -batch, on a device whose flow_table resource is raised to $n.
	if ! { echo "2 1" >"$BUS/new_device" && sleep 0.5 &&
	       devlink resource set nft_offload/nfto2 path /flow_table size "$n" &&
	       devlink dev reload nft_offload/nfto2; }; then
		log "P6: raising the resource failed"
	fi
	sleep 0.5
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

# --- profiles (make bench-profile): where the time goes --------------------

PERF_DIR=$root/build/bench/perf
perf_cmd() { LD_LIBRARY_PATH=$PERF_DIR/lib "$PERF_DIR/perf" "$@"; }

# perf_report FILE TITLE: the top symbols, system-wide, with and without
# children (cpu-clock: TCG has no PMU).
perf_report()
{
	echo "## $2: self"
	perf_cmd report -i "$1" --stdio --no-children --sort sym --percent-limit 1.5 2>/dev/null |
		grep -E '^ +[0-9]' | head -n 30
	echo "## $2: self, by vCPU"
	perf_cmd report -i "$1" --stdio --no-children --sort cpu,sym --percent-limit 1 2>/dev/null |
		grep -E '^ +[0-9]' | head -n 40
	echo "## $2: with children"
	perf_cmd report -i "$1" --stdio --children --sort sym --percent-limit 4 -g none 2>/dev/null |
		grep -E '^ +[0-9]' | head -n 30
}

prof_p3()
{
	local mode

	modprobe pktgen
	topo_up || return
	ip netns exec B nft -f - <<-EOF
	table netdev sink {
		chain in { type filter hook ingress device nfto13p0 priority 0; udp dport 9 counter drop; }
	}
	EOF
	for mode in classic sw hw; do
		P3_PERF=/tmp/perf.p3.$mode p3_run "$mode"
		perf_report "/tmp/perf.p3.$mode" "P3 $mode ($P3_PPS pkt/s while profiled)"
	done
	ip netns exec B nft delete table netdev sink
	ip netns exec R nft flush ruleset
}

prof_kbench()
{
	local n=$P6_ENTRIES

	perf_cmd record -a -g -e cpu-clock -o /tmp/perf.fill -- \
		insmod "$KMOD" entries="$n" lookups=0 mode=engine >/dev/null 2>&1
	rmmod nfto_bench
	perf_report /tmp/perf.fill "P6 fill of $n entries (nfto_hw_flow_replace)"
	insmod "$KMOD" entries="$n" lookups=0 mode=table
	# The lookups alone: the table is filled before perf starts.
	rmmod nfto_bench
	perf_cmd record -a -g -e cpu-clock -o /tmp/perf.lookup -- \
		insmod "$KMOD" entries="$n" lookups=5000000 mode=table >/dev/null 2>&1
	rmmod nfto_bench
	perf_report /tmp/perf.lookup "P4 fill of $n + 5M lookups (table mode)"
}

# prof-tlb: lookups alone, long enough for tests/bench/tcg-profile.sh to
# profile QEMU from the host, on a 1k and on a 1M table; nfto_bench's
# "filled ..." line (printk level 7 meanwhile) is where the lookups start.
prof_tlb()
{
	local n level lookups=40000000

	level=$(awk '{ print $1 }' /proc/sys/kernel/printk)
	echo 7 >/proc/sys/kernel/printk
	for n in $P4_SMALL $P4_BIG; do
		kbench entries="$n" lookups="$lookups" mode=table ||
			{ log "prof-tlb: nfto_bench failed at $n"; break; }
		log "prof-tlb: $n entries: $(calc %.1f "$R_lookup_ns / $R_lookups") ns per lookup"
		rmmod nfto_bench
	done
	echo "$level" >/proc/sys/kernel/printk
}

main()
{
	local p t0

	setup_once
	log "kernel $(uname -r), $(nproc) vCPUs, $(($(meminfo MemTotal) / 1024)) MiB"
	[ $# -gt 0 ] || set -- P1 P2 P3 P4 P4m P5 P6
	for p in "$@"; do
		t0=$(now)
		case $p in
		P1) p1 ;; P2) p2 ;; P3) p3 ;; P4) p4 ;; P4m) p4m ;; P5) p5 ;; P6) p6 ;;
		prof-P3) prof_p3 ;; prof-kbench) prof_kbench ;; prof-tlb) prof_tlb ;;
		*) log "unknown metric $p" ;;
		esac
		log "$p took $(calc %.0f "$(now) - $t0") s"
	done
}

main "$@"
