#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The core contract: modules and backends, bus files, devlink, the generic
# offload path for nft offload chains, tc flower and flowtables, fault knobs
# and the stale-state checks upstream's netdevsim cannot make.

# shellcheck disable=SC2034,SC2317 # tests run through ALL_TESTS
ALL_TESTS="
	load_default_backend
	load_unknown_backend
	param_runtime
	new_device_layout
	port_no_shared_skbs
	devlink_info
	bad_input_unchanged
	no_cap_net_admin
	link_ports
	nft_chain_offload
	nft_rule_counter_stats
	table_dump_in_parts
	tc_flower_skip_sw
	refusal_reason
	hw_tc_offload_off
	table_full
	fault_add
	fault_nth_atomic
	fault_del
	fault_stats
	fault_bind
	flowtable_bind
	unbind_with_rules
	unknown_backend_switch
	netns_move_flushes_chain
	netns_exit_flushes_chain
	unload_with_rules
"
here=$(dirname "$0")
# shellcheck source=tests/selftests/lib.sh
source "$here/lib.sh"
# shellcheck source=tests/selftests/nfto_lib.sh
source "$here/nfto_lib.sh"

require_cmd nft tc devlink ethtool jq

cleanup()
{
	nfto_unload
}

# A netdev table "t" with an offload chain "c" on DEV.
nft_offload_chain()
{
	local dev=$1

	nft -f - <<-EOF
	table netdev t {
		chain c {
			type filter hook ingress device $dev priority 10; flags offload;
		}
	}
	EOF
}

load_default_backend()
{
	nfto_unload
	nfto_load
	check_err $? "modprobe nft_offload failed"
	[[ -d $BUS ]]
	check_err $? "$BUS missing"
	lsmod | grep -q '^nft_offload_nsim '
	check_err $? "the default backend module was not loaded on demand"
	[[ $(cat /sys/module/nft_offload/parameters/backend) == netdevsim ]]
	check_err $? "default backend parameter is not netdevsim"
	log_test "modprobe nft_offload loads the default backend on demand"
}

load_unknown_backend()
{
	local out

	nfto_unload
	out=$(modprobe nft_offload backend=nope 2>&1)
	check_fail $? "modprobe with an unknown backend succeeded"
	lsmod | grep -q '^nft_offload '
	check_fail $? "nft_offload stayed loaded after a failed init"
	dmesg | tail -n 20 | grep -q "unknown backend 'nope'; available:"
	check_err $? "no kernel message listing the available backends"
	nfto_load backend=netdevsim
	check_err $? "modprobe backend=netdevsim failed"
	log_test "unknown backend= fails the load with a message"
}

param_runtime()
{
	local p=/sys/module/nft_offload/parameters/backend

	echo nope >"$p" 2>/dev/null
	check_fail $? "runtime write of an unknown backend succeeded"
	[[ $(cat "$p") == netdevsim ]]
	check_err $? "failed write changed the parameter"
	echo "../../evil" >"$p" 2>/dev/null
	check_fail $? "a name with slashes was accepted"
	echo netdevsim >"$p"
	check_err $? "runtime write of a known backend failed"
	log_test "backend parameter is validated at runtime"
}

new_device_layout()
{
	local sw0 sw1

	nfto_new 1 2
	check_err $? "new_device 1 2 failed"
	[[ $(cat /sys/class/net/nfto1p1/phys_port_name) == p1 ]]
	check_err $? "phys_port_name of nfto1p1 is not p1"
	sw0=$(cat /sys/class/net/nfto1p0/phys_switch_id)
	sw1=$(cat /sys/class/net/nfto1p1/phys_switch_id)
	[[ -n $sw0 && $sw0 == "$sw1" ]]
	check_err $? "ports do not share a switch id"
	devlink dev show nft_offload/nfto1 >/dev/null
	check_err $? "no devlink instance nft_offload/nfto1"
	devlink -j port show | jq -e '.port["nft_offload/nfto1/1"] | .flavour == "physical" and .netdev == "nfto1p1"' >/dev/null
	check_err $? "devlink port 1 is not a physical port of nfto1p1"
	ethtool -k nfto1p0 | grep -q 'hw-tc-offload: on'
	check_err $? "hw-tc-offload is not on by default"
	[[ $(nfto_occ 1) == 0 && $(nfto_res_size 1) == 65536 ]]
	check_err $? "flow_table resource is not 65536 entries, 0 used"
	[[ $(nfto_backend 1) == netdevsim ]]
	check_err $? "flow_offload_backend param is not netdevsim"
	log_test "new_device creates ports, devlink ports and the resource"
}

# pktgen's clone_skb sends one skb many times: only to devices that
# neither write nor keep the frames they transmit (IFF_TX_SKB_SHARING).
port_no_shared_skbs()
{
	local pg=/proc/net/pktgen

	if ! modprobe pktgen 2>/dev/null; then
		skip "no pktgen module"
		log_test "ports refuse pktgen's shared skbs"
		return
	fi
	ip link set nfto1p0 up
	echo "add_device nfto1p0" >$pg/kpktgend_0
	check_err $? "pktgen: add_device nfto1p0 failed"
	echo "clone_skb 0" >$pg/nfto1p0
	check_err $? "pktgen: clone_skb 0 refused"
	! echo "clone_skb 4" 2>/dev/null >$pg/nfto1p0
	check_err $? "pktgen may send one skb 4 times on a port that writes it"
	echo "rem_device_all" >$pg/kpktgend_0
	rmmod pktgen
	ip link set nfto1p0 down
	log_test "ports refuse pktgen's shared skbs"
}

devlink_info()
{
	local info

	info=$(devlink -j dev info nft_offload/nfto1)
	jq -e '.info[].driver == "nft_offload"' <<<"$info" >/dev/null
	check_err $? "devlink dev info driver is not nft_offload"
	jq -e '.info[].versions.running["fw.backend"] == "netdevsim"' <<<"$info" >/dev/null
	check_err $? "devlink dev info lacks the backend name"
	log_test "devlink dev info names driver and backend"
}

bad_input_unchanged()
{
	local before after input

	before=$(ls /sys/class/net | sort | tr '\n' ' ')
	for input in "garbage" "1 2" "2 0" "2 100000" "2 2 nope" "2 2 ../x" \
		     "2" "2 2 netdevsim extra" "-1 2" "99999999 1"; do
		echo "$input" >"$BUS/new_device" 2>/dev/null
		check_fail $? "new_device accepted '$input'"
	done
	echo 7 >"$BUS/del_device" 2>/dev/null
	check_fail $? "del_device of an unknown ID succeeded"
	echo x >"$BUS/del_device" 2>/dev/null
	check_fail $? "del_device accepted garbage"
	after=$(ls /sys/class/net | sort | tr '\n' ' ')
	[[ $before == "$after" ]]
	check_err $? "netdevs changed after refused input"
	[[ -d /sys/bus/nft_offload/devices/nfto1 && ! -e /sys/bus/nft_offload/devices/nfto2 ]]
	check_err $? "devices changed after refused input"
	log_test "bad bus input is refused and changes nothing"
}

no_cap_net_admin()
{
	if ! command -v setpriv >/dev/null; then
		skip "setpriv not installed"
		log_test "bus files need CAP_NET_ADMIN"
		return
	fi
	setpriv --bounding-set=-net_admin --inh-caps=-net_admin \
		sh -c "echo '3 1' > $BUS/new_device" 2>/dev/null
	check_fail $? "new_device without CAP_NET_ADMIN succeeded"
	[[ ! -e $BUS/devices/nfto3 ]]
	check_err $? "device 3 exists"
	log_test "bus files need CAP_NET_ADMIN"
}

link_ports()
{
	nfto_new 2 2
	check_err $? "new_device 2 2 failed"
	ip link set nfto1p0 up && ip link set nfto2p0 up
	[[ $(cat /sys/class/net/nfto1p0/carrier) == 0 ]]
	check_err $? "an unlinked port has carrier"
	echo "1:0 2:0" >"$BUS/link_ports"
	check_err $? "link 1:0 2:0 failed"
	busywait 2000 grep -q 1 /sys/class/net/nfto1p0/carrier
	check_err $? "linked port has no carrier"
	echo "1:1 1:1" >"$BUS/link_ports" 2>/dev/null
	check_fail $? "a port was linked to itself"
	echo "1:1 9:0" >"$BUS/link_ports" 2>/dev/null
	check_fail $? "a port was linked to an unknown device"
	echo "1:1 1:7" >"$BUS/link_ports" 2>/dev/null
	check_fail $? "a port was linked to an unknown port"
	echo "1:0 2:1" >"$BUS/link_ports" 2>/dev/null
	check_fail $? "an already linked port was linked again"
	echo "1:1 2:1 x" >"$BUS/link_ports" 2>/dev/null
	check_fail $? "link_ports accepted trailing garbage"
	echo "2:0" >"$BUS/unlink_ports"
	check_err $? "unlink 2:0 failed"
	echo "1:0" >"$BUS/unlink_ports" 2>/dev/null
	check_fail $? "unlinking an unlinked port succeeded"
	[[ $(cat /sys/class/net/nfto1p0/carrier) == 0 ]]
	check_err $? "carrier did not follow the unlink"
	nfto_del 2
	check_err $? "del_device 2 failed"
	log_test "link_ports/unlink_ports are validated and tracked"
}

nft_chain_offload()
{
	nft_offload_chain nfto1p0
	check_err $? "offload chain on nfto1p0 failed"
	nft add rule netdev t c ip daddr 10.0.0.2 drop
	check_err $? "offloading 'ip daddr drop' failed"
	nft add rule netdev t c tcp dport 22 counter accept
	check_err $? "offloading 'tcp dport 22 counter accept' failed"
	[[ $(nfto_occ 1) == 2 && $(nfto_entries 1) == 2 ]]
	check_err $? "expected 2 entries in hardware, got occ $(nfto_occ 1), table $(nfto_entries 1)"
	grep -q 'dst 10.0.0.2/255.255.255.255' "$DBG/nfto1/table"
	check_err $? "the table dump does not show the match"
	grep -q 'actions: drop' "$DBG/nfto1/table"
	check_err $? "the table dump does not show the action"
	nft delete rule netdev t c handle "$(nft -a list chain netdev t c | awk '/drop/ { print $NF }')"
	check_err $? "deleting the rule failed"
	[[ $(nfto_occ 1) == 1 ]]
	check_err $? "deleted rule still in hardware"
	nft delete table netdev t
	check_err $? "deleting the table failed"
	[[ $(nfto_occ 1) == 0 && $(nfto_entries 1) == 0 ]]
	check_err $? "entries left in hardware after the table was deleted"
	log_test "nft offload chain rules enter and leave the table"
}

nft_rule_counter_stats()
{
	nft_offload_chain nfto1p0
	nft add rule netdev t c ip saddr 10.9.9.9 counter drop
	check_err $? "offloading a counter rule failed"
	nft list ruleset | grep -q 'counter packets 0 bytes 0'
	check_err $? "counter of an offloaded rule unreadable"
	nft delete table netdev t
	log_test "rule dumps read hardware stats"
}

# N rules "ip daddr 10.1.X.Y drop" in the offload chain of table t.
nft_many_rules()
{
	local n=$1 i

	{
		echo "table netdev t {"
		echo "chain c {"
		echo "type filter hook ingress device nfto1p0 priority 10; flags offload;"
		for ((i = 0; i < n; i++)); do
			echo "ip daddr 10.1.$((i / 250)).$((i % 250 + 1)) drop"
		done
		echo "}"
		echo "}"
	} | nft -f -
}

# The debugfs table is read a part at a time (hw->lock per part): read in
# 64-byte parts it must be the same as read at once (but for the time since
# last use), every entry once and in order.
table_dump_in_parts()
{
	local n=400 whole parts

	nft_many_rules $n
	check_err $? "$n rules in an offload chain failed"
	whole=$(mktemp) parts=$(mktemp)
	# "lastused N ms ago" moves between the two reads
	sed 's/lastused [0-9]* ms/lastused - ms/' "$DBG/nfto1/table" >"$whole"
	dd if="$DBG/nfto1/table" bs=64 status=none |
		sed 's/lastused [0-9]* ms/lastused - ms/' >"$parts"
	cmp -s "$whole" "$parts"
	check_err $? "read in 64-byte parts, the table differs: $(cmp "$whole" "$parts")"
	[[ $(grep -c '^entry ' "$parts") == "$n" ]]
	check_err $? "$(grep -c '^entry ' "$parts") entries shown, not $n"
	diff <(sed -n 's/^entry \([0-9]*\):.*/\1/p' "$parts") <(seq 0 $((n - 1))) >/dev/null
	check_err $? "entries are not numbered 0..$((n - 1)) in order"
	[[ $(grep -o 'dst 10\.1\.[0-9]*\.[0-9]*' "$parts" | sort -u | wc -l) == "$n" ]]
	check_err $? "not $n different rules in the dump"
	grep -q "^backend netdevsim entries $n size" "$parts"
	check_err $? "header: $(head -1 "$parts")"
	rm -f "$whole" "$parts"
	nft delete table netdev t
	log_test "the debugfs table reads the same in small parts"
}

tc_flower_skip_sw()
{
	tc qdisc add dev nfto1p0 clsact
	check_err $? "clsact failed"
	tc filter add dev nfto1p0 ingress protocol ip pref 1 flower skip_sw \
		dst_ip 10.0.0.1 action drop
	check_err $? "skip_sw flower filter refused"
	tc filter show dev nfto1p0 ingress | grep -q in_hw
	check_err $? "filter is not in_hw"
	[[ $(nfto_occ 1) == 1 ]]
	check_err $? "flower filter not in the table"
	tc filter del dev nfto1p0 ingress pref 1
	[[ $(nfto_occ 1) == 0 ]]
	check_err $? "deleted flower filter still in the table"
	tc qdisc del dev nfto1p0 clsact
	log_test "tc flower skip_sw is in_hw and leaves the table again"
}

refusal_reason()
{
	local out

	devlink health dump clear nft_offload/nfto1 reporter offload
	tc qdisc add dev nfto1p0 clsact
	out=$(tc filter add dev nfto1p0 ingress protocol ip pref 1 flower \
		skip_sw ip_proto tcp action skbedit mark 7 2>&1)
	check_fail $? "a mark action was offloaded"
	[[ $(nfto_occ 1) == 0 ]]
	check_err $? "refused filter left an entry"
	busywait 2000 sh -c "devlink health dump show nft_offload/nfto1 reporter offload | grep -q \"action 'mark'\""
	check_err $? "health dump lacks the reason"
	grep -q "action 'mark' is not in nft_offload's flow model" "$DBG/nfto1/failures"
	check_err $? "failures file lacks the reason"
	# Formatted extack messages exist from 6.2 on; 6.1 gets a pointer.
	if [[ $(uname -r) != 6.1.* ]]; then
		grep -q "action 'mark' is not in nft_offload's flow model" <<<"$out"
		check_err $? "tc did not print the reason: $out"
	else
		grep -q "reporter offload" <<<"$out"
		check_err $? "tc did not point at the health reporter: $out"
	fi
	out=$(tc filter add dev nfto1p0 ingress protocol ip pref 2 flower \
		skip_sw ct_state +trk action drop 2>&1)
	check_fail $? "a ct_state match was offloaded"
	grep -q "model nfto1p0 ingress rule prio 2 chain 0 cookie [0-9a-f]*: match on 'ct' is not in nft_offload's flow model" "$DBG/nfto1/failures"
	check_err $? "failure record lacks port, prio or the key's name"
	tc qdisc del dev nfto1p0 clsact
	devlink health dump clear nft_offload/nfto1 reporter offload
	log_test "a refusal carries its reason to devlink health"
}

hw_tc_offload_off()
{
	ethtool -K nfto1p1 hw-tc-offload off
	check_err $? "turning hw-tc-offload off failed"
	tc qdisc add dev nfto1p1 clsact
	tc filter add dev nfto1p1 ingress protocol ip pref 1 flower skip_sw \
		dst_ip 10.0.0.1 action drop 2>/dev/null
	check_fail $? "offload with hw-tc-offload off succeeded"
	grep -q "hw-tc-offload is off on nfto1p1" "$DBG/nfto1/failures"
	check_err $? "no 'hw-tc-offload is off' reason"
	ethtool -K nfto1p1 hw-tc-offload on
	tc filter add dev nfto1p1 ingress protocol ip pref 1 flower skip_sw \
		dst_ip 10.0.0.1 action drop
	check_err $? "offload after hw-tc-offload on failed"
	ethtool -K nfto1p1 hw-tc-offload off 2>/dev/null
	check_fail $? "hw-tc-offload went off with a flow offloaded"
	tc qdisc del dev nfto1p1 clsact
	[[ $(nfto_occ 1) == 0 ]]
	check_err $? "entries left after clsact was deleted"
	log_test "hw-tc-offload off refuses offload with a reason"
}

table_full()
{
	devlink resource set nft_offload/nfto1 path /flow_table size 2
	check_err $? "resource set failed"
	devlink dev reload nft_offload/nfto1
	check_err $? "devlink dev reload failed"
	[[ $(nfto_res_size 1) == 2 ]]
	check_err $? "flow_table size is not 2 after reload"
	nft_offload_chain nfto1p0
	nft add rule netdev t c ip daddr 10.0.0.1 drop
	nft add rule netdev t c ip daddr 10.0.0.2 drop
	devlink health dump clear nft_offload/nfto1 reporter offload
	nft add rule netdev t c ip daddr 10.0.0.3 drop 2>/dev/null
	check_fail $? "a third rule fit a table of 2"
	[[ $(nfto_occ 1) == 2 ]]
	check_err $? "occupancy is $(nfto_occ 1), not 2"
	[[ $(nft list chain netdev t c | grep -c drop) == 2 ]]
	check_err $? "nft kept the refused rule"
	grep -q "table_full .*flow_table of nfto1 is full (2 of 2 entries)" "$DBG/nfto1/failures"
	check_err $? "no table-full record"
	busywait 2000 sh -c "devlink health dump show nft_offload/nfto1 reporter offload | grep -q 'is full'"
	check_err $? "health dump lacks the table-full record"
	nft delete table netdev t
	devlink resource set nft_offload/nfto1 path /flow_table size 65536
	devlink dev reload nft_offload/nfto1
	check_err $? "restoring the size failed"
	log_test "a full table gives ENOSPC and a health record"
}

# Three rules in one transaction with KNOB set: nothing may stay anywhere.
fault_add_case()
{
	local knob=$1 val=$2

	nfto_set_fault 1 "$knob" "$val"
	nft -f - 2>/dev/null <<-EOF
	table netdev t {
		chain c {
			type filter hook ingress device nfto1p0 priority 10; flags offload;
			ip daddr 10.0.0.1 drop
			ip daddr 10.0.0.2 drop
			ip daddr 10.0.0.3 drop
		}
	}
	EOF
	check_fail $? "transaction succeeded with $knob=$val"
	nfto_set_fault 1 "$knob" 0
	nft list table netdev t >/dev/null 2>&1
	check_fail $? "nft kept the table of a failed transaction"
	[[ $(nfto_occ 1) == 0 && $(nfto_entries 1) == 0 ]]
	check_err $? "stale entries after $knob: occ $(nfto_occ 1)"
	grep -q "injected failure: $knob" "$DBG/nfto1/failures"
	check_err $? "no injected-failure record for $knob"
}

fault_add()
{
	fault_add_case fail_add 1
	log_test "fail_add fails the nft transaction atomically"
}

fault_nth_atomic()
{
	# The 2nd add fails after the 1st succeeded: the 1st must be undone.
	fault_add_case fail_nth 2
	log_test "fail_nth: earlier rules of the transaction are removed"
}

fault_del()
{
	nft_offload_chain nfto1p0
	nft add rule netdev t c ip daddr 10.0.0.1 drop
	nfto_set_fault 1 fail_del 1
	nft delete table netdev t 2>/dev/null
	check_fail $? "deleting succeeded with fail_del"
	nfto_set_fault 1 fail_del 0
	nft list chain netdev t c | grep -q 'daddr 10.0.0.1 drop'
	check_err $? "nft lost the rule though hardware kept it"
	[[ $(nfto_occ 1) == 1 ]]
	check_err $? "hardware lost the rule though the delete failed"
	nft delete table netdev t
	check_err $? "deleting after clearing fail_del failed"
	[[ $(nfto_occ 1) == 0 ]]
	check_err $? "entry left after the delete"
	log_test "fail_del keeps nft and hardware in agreement"
}

fault_stats()
{
	nft_offload_chain nfto1p0
	nft add rule netdev t c ip daddr 10.0.0.1 counter drop
	nfto_set_fault 1 fail_stats 1
	nft list ruleset >/dev/null 2>&1
	nfto_set_fault 1 fail_stats 0
	grep -q "injected failure: fail_stats" "$DBG/nfto1/failures"
	check_err $? "no fail_stats record"
	[[ $(nfto_occ 1) == 1 ]]
	check_err $? "a stats failure changed the table"
	nft delete table netdev t
	[[ $(nfto_occ 1) == 0 ]]
	check_err $? "entry left"
	log_test "fail_stats is reported and changes nothing"
}

fault_bind()
{
	nfto_set_fault 1 fail_bind 1
	nft_offload_chain nfto1p0 2>/dev/null
	check_fail $? "offload chain bound with fail_bind"
	nfto_set_fault 1 fail_bind 0
	nft list table netdev t >/dev/null 2>&1
	check_fail $? "nft kept a chain whose bind failed"
	grep -q "injected failure: fail_bind" "$DBG/nfto1/failures"
	check_err $? "no fail_bind record"
	nft_offload_chain nfto1p0
	check_err $? "bind after clearing fail_bind failed"
	nft delete table netdev t
	log_test "fail_bind fails the chain and leaves nothing"
}

flowtable_bind()
{
	nft -f - <<-EOF
	table inet ft {
		flowtable f {
			hook ingress priority 0; devices = { nfto1p0, nfto1p1 }; flags offload;
		}
	}
	EOF
	check_err $? "offloaded flowtable on nfto ports failed"
	nft list flowtable inet ft f | grep -q 'flags offload'
	check_err $? "flowtable lacks flags offload"
	nft delete table inet ft
	check_err $? "deleting the flowtable failed"
	[[ $(nfto_occ 1) == 0 ]]
	check_err $? "entries left"
	log_test "nft flowtable with flags offload binds and unbinds"
}

unbind_with_rules()
{
	tc qdisc add dev nfto1p0 clsact
	tc filter add dev nfto1p0 ingress protocol ip pref 1 flower skip_sw \
		dst_ip 10.0.0.1 action drop
	tc filter add dev nfto1p0 ingress protocol ip pref 2 flower skip_sw \
		dst_ip 10.0.0.2 action drop
	[[ $(nfto_occ 1) == 2 ]]
	check_err $? "filters not offloaded"
	# Deleting the qdisc unbinds the block with its filters installed.
	tc qdisc del dev nfto1p0 clsact
	[[ $(nfto_occ 1) == 0 && $(nfto_entries 1) == 0 ]]
	check_err $? "stale entries after unbind"
	log_test "block unbind with rules installed leaves no stale entry"
}

unknown_backend_switch()
{
	nft_offload_chain nfto1p0
	nft add rule netdev t c ip daddr 10.0.0.1 drop
	devlink dev param set nft_offload/nfto1 name flow_offload_backend \
		value nope cmode runtime 2>/dev/null
	check_fail $? "switch to an unknown backend succeeded"
	[[ $(nfto_backend 1) == netdevsim && $(nfto_occ 1) == 1 ]]
	check_err $? "a refused switch changed the device"
	grep -q "unknown backend 'nope'" "$DBG/nfto1/failures"
	check_err $? "no record of the refused switch"
	nft delete table netdev t
	log_test "switch to an unknown backend is refused, nothing changes"
}

# An offload chain on a port in netns X; the rules are in hardware.
netns_chain_on_port()
{
	local ns=$1 port=$2

	ip link set "$port" netns "$ns" || return 1
	ip netns exec "$ns" nft -f - <<-EOF
	table netdev x {
		chain c {
			type filter hook ingress device $port priority 10; flags offload;
			ip daddr 192.0.2.1 drop
			tcp dport 22 counter drop
		}
	}
	EOF
}

# Regression: nf_tables does not unbind an offload chain from a port that
# leaves the chain's netns; its rules stayed in hardware (stress.sh).
netns_move_flushes_chain()
{
	local X

	nfto_load && nfto_new 6 1 && setup_ns X
	check_err $? "set-up failed"
	netns_chain_on_port "$X" nfto6p0
	check_err $? "offload chain in netns X failed"
	[[ $(nfto_occ 6) == 2 ]]
	check_err $? "occupancy $(nfto_occ 6), not 2, before the move"
	ip -n "$X" link set nfto6p0 netns 1
	check_err $? "moving the port back failed"
	busywait 3000 ip link show nfto6p0 >/dev/null 2>&1
	[[ $(nfto_occ 6) == 0 && $(nfto_entries 6) == 0 ]]
	check_err $? "$(nfto_entries 6) entries of a chain that no longer hooks the port"
	ip netns exec "$X" nft delete table netdev x
	check_err $? "deleting the chain after the move failed"
	cleanup_ns "$X"
	nfto_del 6
	log_test "a port leaving a netns takes the chain's rules out of hardware"
}

netns_exit_flushes_chain()
{
	local X

	nfto_load && nfto_new 6 1 && setup_ns X
	check_err $? "set-up failed"
	netns_chain_on_port "$X" nfto6p0
	check_err $? "offload chain in netns X failed"
	ip netns del "$X"
	busywait 10000 ip link show nfto6p0 >/dev/null 2>&1
	check_err $? "the port did not come back from the deleted netns"
	busywait 5000 sh -c "[ \$(grep -c '^entry ' $DBG/nfto6/table) = 0 ]"
	check_err $? "$(nfto_entries 6) entries left after the netns exit"
	nfto_del 6
	log_test "a netns exit takes its offload chains out of hardware"
}

unload_with_rules()
{
	nfto_new 5 2
	nft_offload_chain nfto5p0
	nft add rule netdev t c ip daddr 10.0.0.1 drop
	tc qdisc add dev nfto5p1 clsact
	tc filter add dev nfto5p1 ingress protocol ip pref 1 flower skip_sw \
		dst_ip 10.0.0.1 action drop
	[[ $(nfto_occ 5) == 2 ]]
	check_err $? "rules not offloaded before the unload"
	rmmod nft_offload
	check_err $? "rmmod nft_offload with devices and rules failed"
	[[ ! -d /sys/class/net/nfto5p0 && ! -d $BUS ]]
	check_err $? "devices left after unload"
	rmmod nft_offload_nsim
	check_err $? "the backend is still pinned after the unload"
	# nf_tables keeps the offload chain's callback (see core/bind.c): the
	# library stays until nf_tables lets it go, and calling it is harmless.
	nft list ruleset >/dev/null
	check_err $? "listing the orphaned chain failed"
	nft delete table netdev t
	check_err $? "deleting the orphaned chain failed"
	log_info "nft_offload_lib refcount: $(cat /sys/module/nft_offload_lib/refcnt 2>/dev/null)"
	log_test "unloading with devices and rules present is clean"
}

tests_run
exit "$EXIT_STATUS"
