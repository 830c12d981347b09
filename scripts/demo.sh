#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "make demo": runs inside the test VM. A router with an offloaded nft
# flowtable and masquerade between two hosts, all on simulated switch ports;
# a file crosses it and the counters show who did the work. Then a rule the
# hardware cannot take, and the reason nft_offload gives for it.
set -u

BUS=/sys/bus/nft_offload
FILE_MB=${NFTO_FILE_MB:-8}
work=$(mktemp -d)

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }

trap 'ip netns del A 2>/dev/null; ip netns del B 2>/dev/null; ip netns del R 2>/dev/null; rm -rf "$work"' EXIT

say "Load the core; it loads its default backend on demand"
run modprobe nft_offload
run lsmod | grep nft_offload

say "Three simulated switches: the router's (2 ports) and one per host, wired"
echo "1 2" >$BUS/new_device
echo "2 1" >$BUS/new_device
echo "3 1" >$BUS/new_device
echo "2:0 1:0" >$BUS/link_ports
echo "1:1 3:0" >$BUS/link_ports
run devlink dev show
run devlink port show

for ns in A B R; do ip netns add $ns; ip -n $ns link set lo up; done
ip link set nfto2p0 netns A; ip link set nfto1p0 netns R
ip link set nfto1p1 netns R; ip link set nfto3p0 netns B
ip -n A addr add 10.0.1.2/24 dev nfto2p0; ip -n A link set nfto2p0 up
ip -n R addr add 10.0.1.1/24 dev nfto1p0; ip -n R link set nfto1p0 up
ip -n R addr add 10.0.2.1/24 dev nfto1p1; ip -n R link set nfto1p1 up
ip -n B addr add 10.0.2.2/24 dev nfto3p0; ip -n B link set nfto3p0 up
ip -n A route add default via 10.0.1.1
ip -n B route add default via 10.0.2.1
ip netns exec R sysctl -qw net.ipv4.ip_forward=1

say "The router's ruleset: an offloaded flowtable and masquerade"
ip netns exec R nft -f - <<-EOF
table inet filter {
	flowtable f {
		hook ingress priority 0; devices = { nfto1p0, nfto1p1 }; flags offload;
	}
	chain forward {
		type filter hook forward priority 0; policy accept;
		meta l4proto tcp flow add @f
		counter
	}
}
table ip nat {
	chain postrouting {
		type nat hook postrouting priority 100; policy accept;
		oifname "nfto1p1" masquerade
	}
}
EOF
run ip netns exec R nft list ruleset

say "Send a ${FILE_MB} MiB file from A to B through the router"
dd if=/dev/urandom of="$work/in" bs=1M count="$FILE_MB" status=none
ip netns exec B socat -u TCP4-LISTEN:5201,reuseaddr \
	"SYSTEM:echo \$SOCAT_PEERADDR > $work/peer; cat > $work/out" &
sleep 0.5
{ cat "$work/in"; sleep 3; } | ip netns exec A socat -u - TCP:10.0.2.2:5201 &
for _ in $(seq 50); do
	ip netns exec R conntrack -L 2>/dev/null | grep -q HW_OFFLOAD && break
	sleep 0.2
done
run ip netns exec R conntrack -L

say "While the connection is open: what is in hardware, and how full the table is"
run devlink resource show nft_offload/nfto1
run head -n 8 /sys/kernel/debug/nft_offload/nfto1/table
wait
run cmp "$work/in" "$work/out" && echo "the file arrived intact"
echo "B saw the connection come from $(cat "$work/peer") (masqueraded)"

say "Who forwarded it?"
echo "software (the router's forward chain counter):"
ip netns exec R nft list chain inet filter forward | grep counter
echo "hardware (ethtool -S on the router's ports):"
ip netns exec R ethtool -S nfto1p0 | grep hw_offload
ip netns exec R ethtool -S nfto1p1 | grep hw_offload

say "After FIN the flows leave the hardware again"
run devlink resource show nft_offload/nfto1

say "A rule the hardware cannot take says why"
ip netns exec R tc qdisc add dev nfto1p1 clsact
run ip netns exec R tc filter add dev nfto1p1 ingress protocol ip flower skip_sw \
	ct_state +trk action drop
run devlink health dump show nft_offload/nfto1 reporter offload
exit 0
