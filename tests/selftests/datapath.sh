#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The simulated hardware carries real traffic: wires between ports, offloaded
# rules that drop and count, and a routed, masqueraded flowtable whose flows
# the hardware forwards (modelled on the kernel's nft_flowtable.sh).

# shellcheck disable=SC2034,SC2317 # tests run through ALL_TESTS
ALL_TESTS="
	wire_ping
	unlinked_port_drops
	nft_drop_rule
	tc_flower_drop
	tc_flower_keys
	flowtable_ipv4
	flowtable_ipv6
	flowtable_slowpath
	flowtable_ipv6_exthdr
	churn_during_traffic
"
here=$(dirname "$0")
# shellcheck source=tests/selftests/lib.sh
source "$here/lib.sh"
# shellcheck source=tests/selftests/nfto_lib.sh
source "$here/nfto_lib.sh"

require_cmd nft tc ethtool jq socat conntrack ping cmp

FILE_MB=${NFTO_FILE_MB:-4}
WORK=$(mktemp -d)

cleanup()
{
	rm -rf "$WORK"
	cleanup_all_ns
	nfto_unload
}

# ethstat PORT NAME [NS]: one ethtool -S counter
ethstat()
{
	local ns=${3:+ip netns exec $3}

	$ns ethtool -S "$1" | awk -v n="$2:" '$1 == n { print $2 }'
}

# listening NS PORT: a TCP socket listens on PORT in NS
listening()
{
	ip netns exec "$1" cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
		awk -v p="$(printf ':%04X' "$2")" '$2 ~ p"$" && $4 == "0A" { f = 1 } END { exit !f }'
}


setup()
{
	nfto_unload
	nfto_load || return 1
	setup_ns A B R || return 1
}

# Two hosts on one switch's two ports, wired back to back.
wire_ping()
{
	setup || { check_err 1 "set-up failed"; log_test "ping across a wire"; return; }
	nfto_new 1 3
	echo "1:0 1:1" >"$BUS/link_ports"
	ip link set nfto1p0 netns "$A"
	ip link set nfto1p1 netns "$B"
	ip -n "$A" addr add 10.0.0.1/24 dev nfto1p0
	ip -n "$B" addr add 10.0.0.2/24 dev nfto1p1
	ip -n "$A" link set nfto1p0 up
	ip -n "$B" link set nfto1p1 up
	ip netns exec "$A" ping -c 3 -i 0.2 -W 2 10.0.0.2 >/dev/null
	check_err $? "ping across the wire failed"
	[[ $(ethstat nfto1p1 hw_offload_miss_packets "$B") -ge 3 ]]
	check_err $? "receiving port counted no pipeline misses"
	[[ $(ip netns exec "$B" cat /sys/class/net/nfto1p1/statistics/rx_packets) -ge 3 ]]
	check_err $? "rx_packets of the receiving port did not count the host packets"
	log_test "two namespaces ping across a wire"
}

# The hardware forwards to a port with no wire: dropped and counted there.
unlinked_port_drops()
{
	local before after

	ip link set nfto1p2 netns "$B"
	[[ $(ip netns exec "$B" cat /sys/class/net/nfto1p2/carrier 2>/dev/null || echo 0) == 0 ]]
	check_err $? "a port without a wire has carrier"
	before=$(ethstat nfto1p2 wire_drop_packets "$B")
	ip netns exec "$B" nft -f - <<-EOF
	table netdev w {
		chain c {
			type filter hook ingress device nfto1p1 priority 10; flags offload;
			ip protocol icmp fwd to nfto1p2
		}
	}
	EOF
	check_err $? "offloading the fwd rule failed"
	ip netns exec "$A" ping -c 3 -i 0.2 -W 1 10.0.0.2 >/dev/null 2>&1
	check_fail $? "ping was answered though the hardware forwarded it away"
	after=$(ethstat nfto1p2 wire_drop_packets "$B")
	[[ $after -ge $((before + 3)) ]]
	check_err $? "unlinked port counted $before -> $after wire drops"
	[[ $(ethstat nfto1p1 hw_offload_fwd_packets "$B") -ge 3 ]]
	check_err $? "no hw_offload_fwd_packets on the ingress port"
	ip netns exec "$B" nft delete table netdev w
	ip netns exec "$A" ping -c 1 -W 2 10.0.0.2 >/dev/null
	check_err $? "ping after deleting the fwd rule failed"
	log_test "hardware forwarding to an unlinked port drops and counts"
}

nft_drop_rule()
{
	local drops pkts

	ip netns exec "$B" nft -f - <<-EOF
	table netdev t {
		chain c {
			type filter hook ingress device nfto1p1 priority 10; flags offload;
			ip protocol icmp counter drop
		}
	}
	EOF
	check_err $? "offloading the drop rule failed"
	ip netns exec "$A" ping -c 5 -i 0.2 -W 1 10.0.0.2 >/dev/null 2>&1
	check_fail $? "ping passed an offloaded drop rule"
	drops=$(ethstat nfto1p1 hw_offload_drop_packets "$B")
	[[ $drops -ge 5 ]]
	check_err $? "hw_offload_drop_packets is $drops, expected >= 5"
	pkts=$(ip netns exec "$B" nft -j list chain netdev t c |
		jq '[.nftables[].rule? | select(.) | .expr[] | .counter? | select(.) | .packets] | add')
	[[ $pkts -ge 5 ]]
	check_err $? "the nft counter shows $pkts hardware packets, expected >= 5"
	grep -q 'packets [1-9]' "$DBG/nfto1/table"
	check_err $? "the debugfs table shows no packets on the entry"
	ip netns exec "$B" nft delete table netdev t
	ip netns exec "$A" ping -c 2 -i 0.2 -W 2 10.0.0.2 >/dev/null
	check_err $? "ping after flushing the rule failed"
	log_test "an offloaded nft drop rule stops ping and counts in hardware"
}

tc_flower_drop()
{
	local out

	ip netns exec "$B" tc qdisc add dev nfto1p1 clsact
	ip netns exec "$B" tc filter add dev nfto1p1 ingress protocol ip pref 1 \
		flower skip_sw ip_proto icmp action drop
	check_err $? "skip_sw flower drop refused"
	ip netns exec "$A" ping -c 4 -i 0.2 -W 1 10.0.0.2 >/dev/null 2>&1
	check_fail $? "ping passed a skip_sw drop"
	out=$(ip netns exec "$B" tc -s filter show dev nfto1p1 ingress)
	grep -q in_hw <<<"$out"
	check_err $? "filter not in_hw"
	grep -Eq 'Sent [0-9]+ bytes [4-9][0-9]* pkt|Sent [0-9]+ bytes [1-9][0-9]+ pkt' <<<"$out"
	check_err $? "tc shows no hardware packets: $out"
	ip netns exec "$B" tc qdisc del dev nfto1p1 clsact
	ip netns exec "$A" ping -c 1 -W 2 10.0.0.2 >/dev/null
	check_err $? "ping after deleting the filter failed"
	cleanup_all_ns
	nfto_del 1
	log_test "tc flower skip_sw drop is in_hw and counts"
}

# flower_hw_packets: packets the filter of pref 1 on B's nfto1p1 counted
flower_hw_packets()
{
	ip netns exec "$B" tc -s -j filter show dev nfto1p1 ingress |
		jq '[.[] | select(.pref == 1) | .options.actions[]?.stats.packets] | add // 0'
}

# flower_mpls_push DST ARGS...: A's pings to DST leave with the MPLS entry
# ARGS ("label L tc T ttl X", then more actions) pushed in software.
flower_mpls_push()
{
	local dst=$1

	shift
	ip netns exec "$A" tc filter add dev nfto1p0 egress protocol ip pref 1 \
		flower skip_hw dst_ip "$dst" \
		action mpls push protocol mpls_uc "$@"
	check_err $? "tc refused the MPLS push to $dst"
}

# flower_key_case PROTO MATCH MISS HIT: a skip_sw drop filter on B's port
# matching MATCH; pings from A with the ping arguments MISS (a near miss)
# must pass and leave its counter at 0, pings with HIT must be dropped and
# counted by it in hardware, as tc flower does in software.
flower_key_case()
{
	local proto=$1 match=$2 miss=$3 hit=$4 pkts
	local name="tc flower skip_sw $match: a hit drops and counts, a near miss passes"

	# shellcheck disable=SC2086 # $match: flower's words
	ip netns exec "$B" tc filter add dev nfto1p1 ingress protocol "$proto" \
		pref 1 flower skip_sw $match action drop
	check_err $? "tc refused the filter"
	ip netns exec "$B" tc filter show dev nfto1p1 ingress | grep -q in_hw
	check_err $? "filter not in_hw"
	# shellcheck disable=SC2086 # ping arguments
	ip netns exec "$A" ping -c 2 -i 0.2 -W 2 $miss >/dev/null
	check_err $? "the near miss (ping $miss) did not pass"
	pkts=$(flower_hw_packets)
	[[ $pkts == 0 ]]
	check_err $? "the filter counted $pkts packets of the near miss"
	# shellcheck disable=SC2086
	ip netns exec "$A" ping -c 3 -i 0.2 -W 1 $hit >/dev/null 2>&1
	check_fail $? "ping $hit passed the filter: hardware missed it"
	pkts=$(flower_hw_packets)
	[[ $pkts -ge 3 ]]
	check_err $? "the filter counted $pkts hardware packets, expected >= 3"
	ip netns exec "$B" tc filter del dev nfto1p1 ingress pref 1
	log_test "$name"
}

# flower_mask_order SKIP: three filters of one pref on B's port, with
# SKIP (skip_hw: software, skip_sw: hardware). A's pings from 10.0.0.1 to
# 10.0.0.2 match the second and the third: flower tries its masks in the
# order they came (fl_classify() walks head->masks), so the third filter,
# which shares the first one's mask, takes them, not the older second.
flower_mask_order()
{
	local skip=$1 pkts

	ip netns exec "$B" tc filter add dev nfto1p1 ingress protocol ip \
		pref 1 handle 1 flower "$skip" src_ip 10.0.0.9 action drop &&
	ip netns exec "$B" tc filter add dev nfto1p1 ingress protocol ip \
		pref 1 handle 2 flower "$skip" dst_ip 10.0.0.2 action ok &&
	ip netns exec "$B" tc filter add dev nfto1p1 ingress protocol ip \
		pref 1 handle 3 flower "$skip" src_ip 10.0.0.1 action drop
	check_err $? "tc refused the filters ($skip)"
	ip netns exec "$A" ping -c 2 -i 0.2 -W 1 -I 10.0.0.1 10.0.0.2 >/dev/null 2>&1
	check_fail $? "ping passed ($skip): the older filter of another mask took it"
	pkts=$(ip netns exec "$B" tc -s -j filter show dev nfto1p1 ingress |
		jq '[.[] | select(.options.handle == 3) | .options.actions[]?.stats.packets] | add // 0')
	[[ $pkts -ge 2 ]]
	check_err $? "the filter of the first mask counted $pkts packets ($skip)"
	ip netns exec "$B" tc filter del dev nfto1p1 ingress pref 1
	log_test "tc flower, one pref: masks in the order they came ($skip)"
}

# flower_frag_case MATCH VERDICT COUNT: a skip_sw drop filter on B's port
# matching MATCH (with ip_flags); A sends B a 2000 B UDP datagram to port
# 5000, which leaves in two fragments, the first with the UDP header.
# flower sees no ports in any fragment (it dissects without
# FLOW_DISSECTOR_F_PARSE_1ST_FRAG), so in software the datagram passes
# ("pass") or loses its fragments ("drop"), and the filter counts COUNT
# packets; the hardware must do the same.
frag_arrived()
{
	cmp -s "$WORK/frag.in" "$WORK/frag.got"
}

flower_frag_case()
{
	local match=$1 verdict=$2 count=$3 pkts size pid
	local name="tc flower skip_sw $match: fragments ${verdict}, as flower sees them"

	# shellcheck disable=SC2086 # $match: flower's words
	ip netns exec "$B" tc filter add dev nfto1p1 ingress protocol ip \
		pref 1 flower skip_sw $match action drop
	check_err $? "tc refused the filter"
	ip netns exec "$B" tc filter show dev nfto1p1 ingress | grep -q in_hw
	check_err $? "filter not in_hw"
	rm -f "$WORK/frag.got"
	# Ends by itself: nothing outlives the test (see flowtable_slowpath).
	ip netns exec "$B" timeout 20 socat -u UDP4-RECV:5000 \
		"CREATE:$WORK/frag.got" &
	pid=$!
	busywait 5000 udp_listening "$B" 5000
	ip netns exec "$A" socat -u -b 65536 "OPEN:$WORK/frag.in" \
		UDP4-SENDTO:10.0.0.2:5000,sourceport=40000
	check_err $? "A could not send the datagram"
	# The whole datagram, or (for a drop) two seconds of nothing.
	if [[ $verdict == pass ]]; then
		busywait 10000 frag_arrived
	else
		sleep 2
	fi
	kill "$pid" 2>/dev/null
	wait
	size=$(stat -c %s "$WORK/frag.got" 2>/dev/null || echo 0)
	if [[ $verdict == pass ]]; then
		cmp -s "$WORK/frag.in" "$WORK/frag.got"
		check_err $? "the datagram did not arrive whole ($size B): the hardware took a fragment flower does not"
	else
		[[ $size == 0 ]]
		check_err $? "$size B arrived: the hardware let a fragment pass that flower drops"
	fi
	pkts=$(flower_hw_packets)
	[[ $pkts == "$count" ]]
	check_err $? "the filter counted $pkts packets, software counts $count"
	ip netns exec "$B" tc filter del dev nfto1p1 ingress pref 1
	log_test "$name"
}

# tc flower keys that hardware must read as flower fills them: addresses
# by control.addr_type (flower sets both address keys of its union), with
# TTL, and MPLS label stack entries; one filter at a time on a wired port
# pair.
tc_flower_keys()
{
	nfto_unload
	nfto_load && setup_ns A B && nfto_new 1 2 &&
		echo "1:0 1:1" >"$BUS/link_ports"
	check_err $? "set-up failed"
	ip link set nfto1p0 netns "$A"
	ip link set nfto1p1 netns "$B"
	ip -n "$A" addr add 10.0.0.1/24 dev nfto1p0
	ip -n "$A" addr add 10.0.0.3/24 dev nfto1p0
	ip -n "$A" addr add dead::1/64 dev nfto1p0 nodad
	ip -n "$A" addr add dead::3/64 dev nfto1p0 nodad
	ip -n "$B" addr add 10.0.0.2/24 dev nfto1p1
	ip -n "$B" addr add 10.0.0.4/24 dev nfto1p1
	ip -n "$B" addr add dead::2/64 dev nfto1p1 nodad
	ip -n "$B" addr add dead::4/64 dev nfto1p1 nodad
	ip -n "$A" link set nfto1p0 up
	ip -n "$B" link set nfto1p1 up
	# busybox ping -t sets no IPv6 hop limit: the route to dead::2 does
	ip -n "$A" -6 route add dead::2/128 dev nfto1p0 hoplimit 63
	ip netns exec "$B" tc qdisc add dev nfto1p1 clsact
	if [[ $RET -ne 0 ]]; then
		log_test "tc flower keys in hardware"
		return
	fi

	flower_key_case ip "src_ip 10.0.0.1" \
		"-I 10.0.0.3 10.0.0.2" "-I 10.0.0.1 10.0.0.2"
	flower_key_case ip "dst_ip 10.0.0.2" \
		"-I 10.0.0.1 10.0.0.4" "-I 10.0.0.1 10.0.0.2"
	flower_key_case ip "src_ip 10.0.0.1 ip_ttl 64" \
		"-t 63 -I 10.0.0.1 10.0.0.2" "-t 64 -I 10.0.0.1 10.0.0.2"
	flower_key_case ipv6 "src_ip dead::1" \
		"-I dead::3 dead::2" "-I dead::1 dead::2"
	flower_key_case ipv6 "dst_ip dead::2" \
		"-I dead::1 dead::4" "-I dead::1 dead::2"
	flower_key_case ipv6 "src_ip dead::1 ip_ttl 63" \
		"-I dead::1 dead::4" "-I dead::1 dead::2"

	# Fragments: the first carries the ports, flower does not read them.
	# (The first case shows the datagram does leave in two fragments.)
	head -c 2000 /dev/urandom >"$WORK/frag.in"
	flower_frag_case "ip_proto udp ip_flags frag" drop 2
	flower_frag_case "ip_proto udp ip_flags frag dst_port 5000" pass 0
	flower_frag_case "ip_proto udp ip_flags firstfrag dst_port 5000" pass 0
	flower_frag_case "ip_proto udp dst_port 5000" pass 0

	flower_mask_order skip_hw
	flower_mask_order skip_sw

	# MPLS: A's egress labels its pings by destination (act_mpls, in
	# software), B's ingress pops what the hardware lets through.
	ip -n "$B" addr add 10.0.0.6/24 dev nfto1p1
	ip -n "$B" addr add 10.0.0.8/24 dev nfto1p1
	ip netns exec "$A" tc qdisc add dev nfto1p0 clsact
	flower_mpls_push 10.0.0.2 label 100 tc 3 ttl 64
	flower_mpls_push 10.0.0.4 label 101 tc 3 ttl 64
	flower_mpls_push 10.0.0.6 label 100 tc 3 ttl 63
	flower_mpls_push 10.0.0.8 label 200 tc 0 ttl 64 pipe \
		action mpls push protocol mpls_uc label 100 tc 3 ttl 64
	ip netns exec "$B" tc filter add dev nfto1p1 ingress protocol mpls_uc \
		pref 2 flower skip_hw mpls_bos 1 action mpls pop protocol ip
	ip netns exec "$B" tc filter add dev nfto1p1 ingress protocol mpls_uc \
		pref 3 flower skip_hw mpls_bos 0 \
		action mpls pop protocol mpls_uc pipe action mpls pop protocol ip
	ip netns exec "$A" ping -c 1 -W 2 -I 10.0.0.1 10.0.0.8 >/dev/null
	check_err $? "no ping through the software MPLS push and pops"
	if [[ $RET -ne 0 ]]; then
		log_test "tc flower MPLS keys in hardware"
	else
		flower_key_case mpls_uc "mpls_label 100 mpls_tc 3 mpls_bos 1 mpls_ttl 64" \
			"-I 10.0.0.1 10.0.0.4" "-I 10.0.0.1 10.0.0.2"
		flower_key_case mpls_uc "mpls_label 100 mpls_ttl 64" \
			"-I 10.0.0.1 10.0.0.6" "-I 10.0.0.1 10.0.0.2"
		flower_key_case mpls_uc "mpls_label 100 mpls_bos 1" \
			"-I 10.0.0.1 10.0.0.8" "-I 10.0.0.1 10.0.0.2"
		flower_key_case mpls_uc "mpls lse depth 2 label 200" \
			"-I 10.0.0.1 10.0.0.2" "-I 10.0.0.1 10.0.0.8"
	fi

	cleanup_all_ns
	nfto_del 1
}

# A -- nfto2p0 ~~ nfto1p0 [R: flowtable, masquerade] nfto1p1 ~~ nfto3p0 -- B
flowtable_setup()
{
	setup_ns A B R || return 1
	nfto_new 1 2 && nfto_new 2 1 && nfto_new 3 1 || return 1
	echo "2:0 1:0" >"$BUS/link_ports" || return 1
	echo "1:1 3:0" >"$BUS/link_ports" || return 1
	ip link set nfto2p0 netns "$A"
	ip link set nfto1p0 netns "$R"
	ip link set nfto1p1 netns "$R"
	ip link set nfto3p0 netns "$B"
	ip -n "$A" addr add 10.0.1.2/24 dev nfto2p0
	ip -n "$A" addr add dead:1::2/64 dev nfto2p0 nodad
	ip -n "$R" addr add 10.0.1.1/24 dev nfto1p0
	ip -n "$R" addr add dead:1::1/64 dev nfto1p0 nodad
	ip -n "$R" addr add 10.0.2.1/24 dev nfto1p1
	ip -n "$R" addr add dead:2::1/64 dev nfto1p1 nodad
	ip -n "$B" addr add 10.0.2.2/24 dev nfto3p0
	ip -n "$B" addr add dead:2::2/64 dev nfto3p0 nodad
	ip -n "$A" link set nfto2p0 up
	ip -n "$R" link set nfto1p0 up
	ip -n "$R" link set nfto1p1 up
	ip -n "$B" link set nfto3p0 up
	ip -n "$A" route add default via 10.0.1.1
	ip -n "$A" -6 route add default via dead:1::1
	ip -n "$B" route add default via 10.0.2.1
	ip -n "$B" -6 route add default via dead:2::1
	ip netns exec "$R" sysctl -qw net.ipv4.ip_forward=1
	ip netns exec "$R" sysctl -qw net.ipv6.conf.all.forwarding=1
	ip netns exec "$R" nft -f - <<-EOF
	table inet filter {
		flowtable f {
			hook ingress priority 0; devices = { nfto1p0, nfto1p1 }; flags offload;
		}
		chain forward {
			type filter hook forward priority 0; policy accept;
			meta l4proto { tcp, udp } flow add @f
			counter
		}
	}
	table inet nat {
		chain postrouting {
			type nat hook postrouting priority 100; policy accept;
			oifname "nfto1p1" masquerade
		}
	}
	EOF
}

# flowtable_transfer ADDR PORT MASQ_ADDR TCP4|TCP6: a FILE_MB file from A
# to B through the router; B must see MASQ_ADDR as the peer.
flowtable_transfer()
{
	local addr=$1 port=$2 sw fwd pid ft

	dd if=/dev/urandom of="$WORK/in" bs=1M count="$FILE_MB" status=none
	rm -f "$WORK/out" "$WORK/peer"
	ip netns exec "$B" socat -u "$4-LISTEN:$port,reuseaddr" \
		"SYSTEM:echo \$SOCAT_PEERADDR > $WORK/peer; cat > $WORK/out" &
	pid=$!
	busywait 5000 listening "$B" "$port"
	# Keep the connection open after the data so its flow can be seen.
	{ cat "$WORK/in"; sleep 4; } |
		ip netns exec "$A" socat -u - "TCP:$addr:$port" &
	busywait 20000 sh -c "ip netns exec $R conntrack -L 2>/dev/null | grep -q 'dport=$port.*HW_OFFLOAD'"
	check_err $? "conntrack never showed the flow [HW_OFFLOAD]"
	# Both directions in hardware, each found by the hash (core/table.c),
	# none left to the walk of the masked entries.
	ft=$(awk '/^entry / { f = / flowtable / } f && /^  (hashed|walked) / { print $1 }' \
		"$DBG/nfto1/table" | sort | uniq -c | tr -s ' ' | tr '\n' ',')
	[[ $ft =~ ^\ ?[0-9]+\ hashed,$ && ${ft//[^0-9]/} -ge 2 ]]
	check_err $? "flowtable entries in the table: '$ft', not all hashed"
	wait "$pid"
	check_err $? "the receiver failed"
	wait
	cmp "$WORK/in" "$WORK/out"
	check_err $? "the file arrived corrupted"
	sw=$(ip netns exec "$R" nft -j list chain inet filter forward |
		jq '[.nftables[].rule? | select(.) | .expr[] | .counter? | select(.) | .packets] | add')
	fwd=$(ethstat nfto1p0 hw_offload_fwd_packets "$R")
	log_info "software forward chain: $sw packets; hardware forwarded on nfto1p0: $fwd"
	# The bulk (a 4 MiB file is ~2900 segments) must go through hardware.
	[[ $fwd -gt 1000 && $sw -lt $((fwd / 10)) ]]
	check_err $? "software forwarded $sw packets, hardware $fwd: no fast path"
	grep -q "$3" "$WORK/peer"
	check_err $? "receiver saw $(cat "$WORK/peer"), not the masqueraded $3"
}

flowtable_ipv4()
{
	nfto_unload
	nfto_load
	flowtable_setup
	check_err $? "flowtable set-up failed"
	flowtable_transfer 10.0.2.2 5201 10.0.2.1 TCP4
	log_test "routed IPv4 flowtable with masquerade runs in hardware"
}

flowtable_ipv6()
{
	ip netns exec "$R" nft reset counters >/dev/null
	flowtable_transfer "[dead:2::2]" 5202 dead:0002:0000:0000:0000:0000:0000:0001 TCP6
	log_test "routed IPv6 flowtable with masquerade runs in hardware"
}

# udp_listening NS PORT: a UDP socket is bound to PORT in NS
udp_listening()
{
	ip netns exec "$1" cat /proc/net/udp 2>/dev/null |
		awk -v p="$(printf ':%04X' "$2")" '$2 ~ p"$" { f = 1 } END { exit !f }'
}

# udp_send PORT [SOCAT-OPTIONS]: A sends stdin to B as one datagram from
# its source port 40000, and writes what B echoes back to stdout.
udp_send()
{
	ip netns exec "$A" socat -b 65536 -t 2 - \
		"UDP4:10.0.2.2:$1,sourceport=40000${2:+,$2}"
}

# slow_stat PORT CAUSE: the router's hw_offload_slow_CAUSE_packets
slow_stat()
{
	ethstat "$1" "hw_offload_slow_${2}_packets" "$R"
}

# What the software flowtable hands to the slow path (nf_flow_table_ip.c),
# the hardware flow hands to the host too: IPv4 fragments and options,
# TTL 1, more than the egress MTU. The rest leaves the hardware with the
# TTL decremented, as it leaves software. Each case fails when the
# hardware forwards by the flow what software would not.
flowtable_slowpath()
{
	local port=6000 pid i c0 c1 f0 f1 got

	ip netns exec "$B" nft -f - <<-EOF
	table ip t {
		chain input {
			type filter hook input priority 0; policy accept;
			udp dport $port ip ttl != 63 counter
			udp dport $port ip length 1428 counter
		}
	}
	EOF
	# The software flowtable keeps the route MTU of the flow's creation
	# (nf_flow_route()): lower the egress MTU before the flow exists.
	ip -n "$R" link set nfto1p1 mtu 1280
	# One peer (A's port 40000) only: no forked child outlives the test
	# and holds run.sh's pipe open; -T ends it if the kill is missed.
	ip netns exec "$B" socat -T 120 -b 65536 "UDP4-LISTEN:$port,reuseaddr" \
		PIPE </dev/null >/dev/null 2>&1 &
	pid=$!
	busywait 5000 udp_listening "$B" "$port"
	# Three seconds of traffic both ways: conntrack marks the flow
	# assured, the forward chain adds it, the flowtable offloads it.
	for i in $(seq 1 12); do echo "ping $i"; sleep 0.25; done |
		udp_send "$port" >/dev/null
	busywait 10000 sh -c "ip netns exec $R conntrack -L -p udp --sport 40000 2>/dev/null | grep -q HW_OFFLOAD"
	check_err $? "the UDP flow never showed [HW_OFFLOAD]"

	# A 2 B datagram crosses the NATing hardware flow both ways (the
	# header rewrite once dropped UDP packets shorter than 20 B of L4).
	f0=$(ethstat nfto1p0 hw_offload_fwd_packets "$R")
	f1=$(ethstat nfto1p1 hw_offload_fwd_packets "$R")
	echo x | udp_send "$port" >"$WORK/x.echo"
	grep -qx x "$WORK/x.echo"
	check_err $? "a 2 B datagram did not come back through the hardware flow"
	[[ $(ethstat nfto1p0 hw_offload_fwd_packets "$R") -gt $f0 &&
	   $(ethstat nfto1p1 hw_offload_fwd_packets "$R") -gt $f1 ]]
	check_err $? "the 2 B datagram and its echo were not forwarded by hardware"

	# A fragments a 3000 B datagram; B fragments the echo. The first
	# fragment carries the ports and would match the flow.
	head -c 3000 /dev/urandom >"$WORK/big"
	udp_send "$port" <"$WORK/big" >"$WORK/big.echo"
	cmp -s "$WORK/big" "$WORK/big.echo"
	check_err $? "a fragmented datagram did not come back whole"
	# Only first fragments carry ports: later ones miss the flow anyway.
	[[ $(slow_stat nfto1p0 frag) -ge 1 && $(slow_stat nfto1p1 frag) -ge 1 ]]
	check_err $? "fragments not counted as slow path: $(slow_stat nfto1p0 frag) from A, $(slow_stat nfto1p1 frag) from B"

	# IPv4 options (four NOPs): forwarded, by software.
	echo opts | udp_send "$port" ip-options=x01010101 >"$WORK/opts.echo"
	grep -qx opts "$WORK/opts.echo"
	check_err $? "a datagram with IP options did not come back"
	[[ $(slow_stat nfto1p0 ipopts) -ge 1 ]]
	check_err $? "IP options not counted as slow path"

	# TTL 1: the router answers with time exceeded; B sees nothing.
	echo ttl | udp_send "$port" ttl=1 >/dev/null
	[[ $(slow_stat nfto1p0 ttl) -ge 1 ]]
	check_err $? "TTL 1 not counted as slow path"

	# 1400 B with DF over the 1280 B egress MTU: the router drops it and
	# tells A (frag needed), it does not forward it.
	head -c 1400 /dev/zero | udp_send "$port" >/dev/null
	ip -n "$A" route get 10.0.2.2 | grep -q 'mtu 1280'
	check_err $? "A learned no path MTU: $(ip -n "$A" route get 10.0.2.2 | head -n 2)"
	[[ $(slow_stat nfto1p0 mtu) -ge 1 ]]
	check_err $? "a packet over the egress MTU not counted as slow path"

	# B's counters: nothing arrived with a TTL other than 63 (hardware
	# forwarded the TTL 1 datagram, or forwarded without decrementing)
	# and the 1400 B datagram never arrived.
	got=$(ip netns exec "$B" nft -j list chain ip t input |
		jq -r '[.nftables[].rule? | select(.) | .expr[] | .counter? | select(.) | .packets] | @tsv')
	read -r c0 c1 <<<"$got"
	[[ $c0 == 0 ]]
	check_err $? "$c0 datagrams reached B with a TTL other than 63"
	[[ $c1 == 0 ]]
	check_err $? "the 1400 B datagram crossed a 1280 B MTU $c1 times"

	# The outcomes add up to what entered each pipeline.
	for i in nfto1p0 nfto1p1; do
		ip netns exec "$R" ethtool -S "$i" | awk '
			$1 == "hw_offload_rx_packets:" { rx = $2 }
			$1 ~ /^hw_offload_(fwd|drop|miss|trap|slow_.*)_packets:$/ { out += $2 }
			END { if (rx != out) { print rx " in, " out " out"; exit 1 } }'
		check_err $? "$i: pipeline counters do not add up"
	done

	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	ip -n "$R" link set nfto1p1 mtu 1500
	ip netns exec "$B" nft delete table ip t
	log_test "flowtable flows leave to software what software does not forward"
}

# csum16 HEX: the ones' complement sum of HEX (an even number of bytes
# as hex digits), folded, as 4 hex digits (not inverted)
csum16()
{
	local hex=$1 sum=0 i

	for ((i = 0; i < ${#hex}; i += 4)); do
		sum=$((sum + 16#${hex:i:4}))
	done
	while ((sum >> 16)); do
		sum=$(((sum & 0xffff) + (sum >> 16)))
	done
	printf '%04x' "$sum"
}

# hex2bin: hex digits on stdin, the bytes they spell on stdout
hex2bin()
{
	local hex

	hex=$(tr -d ' \t\n')
	printf '%b' "$(sed 's/../\\x&/g' <<<"$hex")"
}

# The software flowtable takes an IPv6 packet only when its next header
# is TCP or UDP (nf_flow_tuple_ipv6()); the hardware's key reads past a
# hop-by-hop options header, as the flow dissector does, so it must hand
# such a packet of an offloaded flow to the host, not forward it. A's
# raw frame (socat INTERFACE) is a UDP datagram of the flow with a
# hop-by-hop header; it reaches B through the router's software, which
# keeps the header.
flowtable_ipv6_exthdr()
{
	local port=6001 pid s0 f0 rmac amac data udp sum frame got

	ip netns exec "$B" nft -f - <<-EOF
	table ip6 t {
		chain input {
			type filter hook input priority 0; policy accept;
			exthdr hbh exists udp dport $port counter
		}
	}
	EOF
	ip netns exec "$B" socat -T 60 "UDP6-LISTEN:$port,reuseaddr" \
		PIPE </dev/null >/dev/null 2>&1 &
	pid=$!
	busywait 5000 udp_listening "$B" "$port"
	for i in $(seq 1 12); do echo "ping $i"; sleep 0.25; done |
		ip netns exec "$A" socat -b 65536 -t 2 - \
			"UDP6:[dead:2::2]:$port,sourceport=40001" >/dev/null
	busywait 10000 sh -c "ip netns exec $R conntrack -L -f ipv6 -p udp --sport 40001 2>/dev/null | grep -q HW_OFFLOAD"
	check_err $? "the IPv6 UDP flow never showed [HW_OFFLOAD]"

	rmac=$(ip -n "$R" -j link show nfto1p0 | jq -r '.[0].address' | tr -d :)
	amac=$(ip -n "$A" -j link show nfto2p0 | jq -r '.[0].address' | tr -d :)
	data=6578746864720a				# "exthdr\n"
	# UDP 40001 -> 6001, 15 B, its checksum over the pseudo-header
	udp="9c41 1771 000f 0000 $data"
	sum=$(csum16 "$(tr -d ' \t\n' <<<"dead00010000000000000000000000 02
		dead00020000000000000000000000 02 0000000f 00000011 $udp 00")")
	udp="9c41 1771 000f $(printf '%04x' $((0xffff - 16#$sum))) $data"
	# IPv6, payload 23 B: hop-by-hop (next: UDP; PadN of 4), then UDP
	frame="$rmac $amac 86dd 6000 0000 0017 0040
		dead 0001 0000 0000 0000 0000 0000 0002
		dead 0002 0000 0000 0000 0000 0000 0002
		1100 0104 0000 0000 $udp"
	hex2bin <<<"$frame" >"$WORK/hbh.bin"
	s0=$(slow_stat nfto1p0 ipopts)
	f0=$(ethstat nfto1p0 hw_offload_fwd_packets "$R")
	ip netns exec "$A" socat -u "OPEN:$WORK/hbh.bin" INTERFACE:nfto2p0
	check_err $? "A could not send the raw frame"
	busywait 3000 sh -c "[ \$(ip netns exec $B nft -j list chain ip6 t input | jq '[.nftables[].rule? | select(.) | .expr[] | .counter? | select(.) | .packets] | add') -ge 1 ]"
	check_err $? "the datagram with a hop-by-hop header never reached B"
	[[ $(slow_stat nfto1p0 ipopts) -gt $s0 ]]
	check_err $? "the hop-by-hop header was not counted as slow path"
	got=$(ethstat nfto1p0 hw_offload_fwd_packets "$R")
	[[ $got == "$f0" ]]
	check_err $? "the hardware forwarded $((got - f0)) packets by the flow: software would not"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	ip netns exec "$B" nft delete table ip6 t
	log_test "flowtable flows leave IPv6 extension headers to software"
}

# Rules come and go on the router's ports, and the router's backend is
# switched back and forth, while a file crosses it.
churn_during_traffic()
{
	local pid i b switched=0

	dd if=/dev/urandom of="$WORK/in" bs=1M count="$FILE_MB" status=none
	rm -f "$WORK/out"
	ip netns exec "$B" socat -u TCP-LISTEN:5203,reuseaddr "OPEN:$WORK/out,creat" &
	pid=$!
	busywait 5000 listening "$B" 5203
	ip netns exec "$A" socat -u "OPEN:$WORK/in" TCP:10.0.2.2:5203 &
	ip netns exec "$R" tc qdisc add dev nfto1p1 clsact
	for i in $(seq 1 20); do
		ip netns exec "$R" tc filter add dev nfto1p1 ingress protocol ip \
			pref 2 flower skip_sw dst_ip 192.0.2.$i action drop
		ip netns exec "$R" nft add table netdev c
		ip netns exec "$R" nft add chain netdev c c "{ type filter hook ingress device nfto1p0 priority 1; flags offload; }"
		ip netns exec "$R" nft add rule netdev c c ip daddr 198.51.100.$i drop
		if ((i % 4 == 0)); then
			b=mlx5
			[[ $(nfto_backend 1) == mlx5 ]] && b=netdevsim
			devlink dev param set nft_offload/nfto1 name \
				flow_offload_backend value $b cmode runtime &&
				switched=$((switched + 1))
		fi
		ip netns exec "$R" tc filter del dev nfto1p1 ingress pref 2
		ip netns exec "$R" nft delete table netdev c
	done
	wait "$pid"
	check_err $? "the receiver failed"
	wait
	cmp "$WORK/in" "$WORK/out"
	check_err $? "the file was corrupted while rules changed"
	[[ $switched -eq 5 ]]
	check_err $? "only $switched of 5 backend switches succeeded: $(tail -n 3 "$DBG/nfto1/failures")"
	ip netns exec "$R" tc qdisc del dev nfto1p1 clsact
	log_test "traffic stays correct while rules change and the backend switches"
}

tests_run
exit "$EXIT_STATUS"
