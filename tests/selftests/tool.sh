#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The nft-offload tool against live devices: every subcommand, its JSON,
# its errors, and "check" agreeing with what the kernel really does when
# the chain has "flags offload".
#
# The tool is built on the host (make -C tools/nft-offload); the tree is
# read-only in the VM, so the script skips when the binary is missing.

# shellcheck disable=SC2034,SC2317,SC2119 # tests run through ALL_TESTS
ALL_TESTS="
	not_loaded
	no_devices
	backends_list
	status_devices
	status_errors
	table_entries
	explain_failures
	backend_switch
	backend_switch_refused
	backend_errors
	check_agrees_netdevsim
	check_agrees_vendor
	check_chain_level
	check_flowtables
	check_filters_and_errors
	check_warn_flowtable
	check_warn_tc
	check_warn_tc_datapath
	check_warn_hw_match
	check_warn_hw_match_datapath
	check_file_agrees
	check_file_errors
	json_valid
	no_permission
"
here=$(dirname "$0")
# shellcheck source=tests/selftests/lib.sh
source "$here/lib.sh"
# shellcheck source=tests/selftests/nfto_lib.sh
source "$here/nfto_lib.sh"

TOOL=${NFTO_TOOL:-$(cd "$here/../.." && pwd)/tools/nft-offload/nft-offload}
[[ -x $TOOL ]] || skip_all "$TOOL not built (make -C tools/nft-offload)"
require_cmd nft tc devlink jq ip

WORK=$(mktemp -d)
OUT=$WORK/out
ERR=$WORK/err

cleanup()
{
	nft delete table netdev tcheck 2>/dev/null
	nft delete table inet tft 2>/dev/null
	nft delete table netdev tfile 2>/dev/null
	nft delete table inet tfile 2>/dev/null
	for p in nfto1p0 nfto1p1 nfto1p2; do
		tc qdisc del dev "$p" clsact 2>/dev/null
		tc qdisc del dev "$p" root 2>/dev/null
	done
	ip link del dummy-nfto 2>/dev/null
	rm -rf "$WORK"
	nfto_unload
}

# t ARGS...: run the tool, stdout in $OUT, stderr in $ERR; returns its status.
t()
{
	"$TOOL" "$@" >"$OUT" 2>"$ERR"
}

# expect_rc RC MSG ARGS...: the tool exits with RC.
expect_rc()
{
	local want=$1 msg=$2 rc

	shift 2
	t "$@"
	rc=$?
	[[ $rc == "$want" ]]
	check_err $? "$msg: exit $rc, not $want ($(head -c 300 "$ERR"))"
}

# expect_err RC TEXT ARGS...: exit RC and TEXT in a one-line stderr.
expect_err()
{
	local want=$1 text=$2

	shift 2
	expect_rc "$want" "nft-offload $*" "$@"
	grep -qF -- "$text" "$ERR"
	check_err $? "nft-offload $*: stderr lacks '$text': $(head -c 300 "$ERR")"
}

jqo()
{
	jq -e "$@" "$OUT" >/dev/null
}

setup_devices()
{
	nfto_unload
	nfto_load || return 1
	nfto_new 1 3 || return 1
	nfto_new 2 2 mlx5 || return 1
	nfto_new 3 2 ice || return 1
	echo "1:0 2:0" >"$BUS/link_ports"
}

not_loaded()
{
	nfto_unload
	expect_err 2 "nft_offload is not loaded" status
	expect_err 2 "nft_offload is not loaded" check
	expect_err 2 "nft_offload is not loaded" explain nfto1
	expect_err 2 "nft_offload is not loaded" table 1
	# loadable backends are still listed, from modules.alias
	expect_rc 0 "backends without the core" --json backends
	jqo '.backends | map(select(.name == "netdevsim" and .loaded == false and .module == "nft_offload_nsim" and .keys == null)) | length == 1'
	check_err $? "netdevsim is not listed as loadable: $(cat "$OUT")"
	log_test "without the module: 'nft_offload is not loaded', loadable backends"
}

no_devices()
{
	nfto_load
	expect_err 2 "no nft_offload devices" status
	expect_err 2 "no nft_offload devices" check
	expect_err 2 "no nft_offload devices" table 0
	log_test "no devices: a one-line error"
}

backends_list()
{
	rmmod nft_offload_mlx5 nft_offload_ice 2>/dev/null
	expect_rc 0 "backends" backends
	grep -q '^netdevsim 1.0: loaded' "$OUT"
	check_err $? "netdevsim is not shown loaded: $(cat "$OUT")"
	grep -q '^mlx5: not loaded' "$OUT"
	check_err $? "mlx5 is not shown as not loaded: $(cat "$OUT")"
	expect_rc 0 "backends --json" --json backends
	jqo '.backends[] | select(.name == "netdevsim") | .loaded and (.keys | index("vlan")) and (.actions | index("redirect")) and .max_actions >= 16 and .prio_max == 0 and (.flags | index("flowtable")) and .table_size == 65536'
	check_err $? "netdevsim's capabilities are wrong: $(cat "$OUT")"
	expect_rc 0 "backends --load" --json backends --load
	jqo '.backends[] | select(.name == "mlx5") | .loaded and .prio_max == 16 and .chain_max == 3 and (.flags | index("flowtable"))'
	check_err $? "--load did not load mlx5 or its caps are wrong: $(cat "$OUT")"
	jqo '.backends[] | select(.name == "ice") | .loaded and .max_actions == 1 and .flags == [] and (.actions | index("accept") | not)'
	check_err $? "ice's caps are wrong: $(cat "$OUT")"
	log_test "backends: loaded with caps, loadable as not loaded, --load"
}

status_devices()
{
	local ns

	setup_devices || { check_err 1 "set-up failed"; log_test "status"; return; }
	setup_ns ns
	ip link set nfto1p2 netns "$ns"
	expect_rc 0 "status" status
	grep -q '^nfto1: backend netdevsim, flow_table 0/65536 used, 0 failures' "$OUT"
	check_err $? "status nfto1 line: $(head -n 3 "$OUT")"
	grep -q 'port 0: nfto1p0 (ifindex [0-9]*), peer 2:0' "$OUT"
	check_err $? "status lacks nfto1p0's peer: $(cat "$OUT")"
	grep -q 'port 2: nfto1p2 (netnsid [0-9]*, ifindex' "$OUT"
	check_err $? "status lacks the netnsid of the moved port: $(cat "$OUT")"
	expect_rc 0 "status --json" --json status
	jqo '.devices | length == 3'
	check_err $? "not 3 devices"
	jqo '.devices[] | select(.name == "nfto2") | .backend == "mlx5" and .flow_table.size > 0 and .flow_table.occupancy == 0 and (.ports | length == 2)'
	check_err $? "nfto2 is wrong: $(cat "$OUT")"
	jqo '.devices[0].ports[] | select(.ifname == "nfto1p2") | .netnsid != null'
	check_err $? "nfto1p2 has no netnsid"
	jqo '.devices[0].ports[0] | .peer == "2:0" and .netnsid == null and (.stats | has("hw_offload_rx_packets"))'
	check_err $? "nfto1p0 is wrong: $(cat "$OUT")"
	expect_rc 0 "status 3" --json status 3
	jqo '.devices | length == 1 and .[0].backend == "ice"'
	check_err $? "status 3 is not ice alone"
	expect_rc 0 "status nfto1" status nfto1
	ip -n "$ns" link set nfto1p2 netns 1
	log_test "status: devices, backends, ports, netns, peers, counters"
}

status_errors()
{
	expect_err 2 "no device nfto7" status nfto7
	expect_err 2 "bad device 'eth0'" status eth0
	expect_err 2 "bad device '70000'" status 70000
	expect_rc 2 "two devices" status 1 2
	log_test "status: unknown and malformed devices"
}

nft_chain()
{
	local dev=$1 prio=$2 flags=${3:+flags offload;}

	nft -f - <<-EOF
	table netdev tcheck {
		chain c {
			type filter hook ingress device $dev priority $prio; $flags
		}
	}
	EOF
}

table_entries()
{
	local i

	nft_chain nfto1p0 10 offload
	nft add rule netdev tcheck c ip daddr 10.0.0.2 counter drop
	check_err $? "offloading a rule failed"
	expect_rc 0 "table" --json table nfto1
	jqo '.entries | length == 1'
	check_err $? "not one entry: $(cat "$OUT")"
	jqo '.entries[0] | .ifname == "nfto1p0" and .type == "rule" and .prio == 10 and (.match | test("10.0.0.2")) and (.actions | test("drop")) and (.keys | index("ipv4_addrs"))'
	check_err $? "the entry is wrong: $(cat "$OUT")"
	expect_rc 0 "table human" table 1
	grep -q 'nfto1p0 rule prio 10' "$OUT"
	check_err $? "human table: $(cat "$OUT")"
	nft delete table netdev tcheck
	expect_rc 0 "table after delete" --json table 1
	jqo '.entries == []'
	check_err $? "entries left"
	expect_err 2 "no device nfto9" table 9

	# a dump of many netlink messages: each entry once, oldest first
	{
		echo "table netdev tcheck {"
		echo "chain c {"
		echo "type filter hook ingress device nfto1p0 priority 10; flags offload;"
		for ((i = 0; i < 400; i++)); do
			echo "ip daddr 10.1.$((i / 250)).$((i % 250 + 1)) drop"
		done
		echo "}"
		echo "}"
	} | nft -f -
	check_err $? "400 rules in an offload chain failed"
	expect_rc 0 "table of 400" --json table 1
	jqo '.entries | length == 400'
	check_err $? "not 400 entries: $(jq '.entries | length' "$OUT")"
	jqo '[.entries[].match | capture("10\\.1\\.(?<a>[0-9]+)\\.(?<b>[0-9]+)") | (.a | tonumber) * 250 + (.b | tonumber) - 1] == [range(400)]'
	check_err $? "the entries are not each rule once, in order"
	nft delete table netdev tcheck
	log_test "table: what is in hardware"
}

explain_failures()
{
	tc qdisc add dev nfto1p1 clsact
	tc filter add dev nfto1p1 ingress protocol ip pref 3 flower skip_sw \
		ip_proto tcp action skbedit mark 7 2>/dev/null
	check_fail $? "a mark action was offloaded"
	tc qdisc del dev nfto1p1 clsact
	expect_rc 0 "explain" explain nfto1
	grep -q "capability\|model" "$OUT" &&
		grep -q "nfto1p1 ingress rule prio 3 chain 0 .*action 'mark' is not in nft_offload's flow model (EOPNOTSUPP)" "$OUT"
	check_err $? "explain lacks the refusal: $(cat "$OUT")"
	expect_rc 0 "explain --json -n 1" --json explain nfto1 -n 1
	jqo '.failures | length == 1 and .[0].kind == "model" and .[0].prio == 3 and .[0].error == "EOPNOTSUPP" and (.[0].reason | test("mark"))'
	check_err $? "explain --json: $(cat "$OUT")"
	expect_rc 0 "status shows the failure" --json status 1
	jqo '.devices[0].failures.total >= 1 and (.devices[0].failures.recent[-1].reason | test("mark"))'
	check_err $? "status lacks the failure"
	expect_err 2 "bad count" explain 1 -n x
	log_test "explain: refusals with their reasons"
}

backend_switch()
{
	nft_chain nfto1p0 10 offload
	nft add rule netdev tcheck c ip daddr 10.0.0.2 drop
	expect_rc 0 "switch to mlx5" backend nfto1 mlx5
	grep -q '^nfto1: backend mlx5 (was netdevsim)' "$OUT"
	check_err $? "switch output: $(cat "$OUT")"
	[[ $(nfto_backend 1) == mlx5 && $(nfto_occ 1) == 1 ]]
	check_err $? "devlink does not show mlx5 with the rule kept"
	expect_rc 0 "switch back" --json backend 1 netdevsim
	jqo '.switched and .backend == "netdevsim" and .previous == "mlx5"'
	check_err $? "switch --json: $(cat "$OUT")"
	nft delete table netdev tcheck
	log_test "backend: switches through devlink"
}

backend_switch_refused()
{
	# priority 20 is above mlx5's 16: the switch must be refused with why
	nft_chain nfto1p0 20 offload
	nft add rule netdev tcheck c ip daddr 10.0.0.2 drop
	expect_rc 1 "refused switch" backend nfto1 mlx5
	grep -q "priority 20 is above backend mlx5's maximum 16" "$ERR"
	check_err $? "the reason is not printed: $(cat "$ERR")"
	[[ $(nfto_backend 1) == netdevsim && $(nfto_occ 1) == 1 ]]
	check_err $? "a refused switch changed the device"
	expect_rc 1 "refused switch --json" --json backend nfto1 mlx5
	jqo '.switched == false and .backend == "netdevsim" and .requested == "mlx5" and (.failures[-1].reason | test("priority 20"))'
	check_err $? "refused switch --json: $(cat "$OUT")"
	nft delete table netdev tcheck
	log_test "backend: a refused switch prints the kernel's reason, exit 1"
}

backend_errors()
{
	expect_err 2 "unknown backend 'nope'" backend nfto1 nope
	expect_err 2 "bad backend name" backend nfto1 'Bad/Name'
	expect_err 2 "no device nfto8" backend nfto8 netdevsim
	expect_err 2 "bad device" backend x netdevsim
	expect_rc 2 "missing NAME" backend nfto1
	[[ $(nfto_backend 1) == netdevsim ]]
	check_err $? "an erroneous switch changed the backend"
	log_test "backend: unknown/bad names and devices"
}

# agree DEV PRIO RULE: check's verdict without "flags offload" equals
# whether nft accepts RULE in the same chain with it. Sets $verdict.
agree()
{
	local dev=$1 prio=$2 rule=$3 reason kernel

	verdict=error
	nft delete table netdev tcheck 2>/dev/null
	nft_chain "$dev" "$prio" || { check_err 1 "chain on $dev failed"; return; }
	if ! nft add rule netdev tcheck c "$rule" 2>"$ERR"; then
		check_err 1 "'$rule' is not even valid without offload: $(cat "$ERR")"
		return
	fi
	t --json check --table tcheck
	jq -e . "$OUT" >/dev/null || { check_err 1 "check --json is not JSON"; return; }
	verdict=$(jq -r '.chains[0].rules[0].offloadable' "$OUT")
	reason=$(jq -r '.chains[0].rules[0].reason // "-"' "$OUT")
	nft delete table netdev tcheck
	nft_chain "$dev" "$prio" offload || { check_err 1 "offload chain on $dev failed"; return; }
	if nft add rule netdev tcheck c "$rule" 2>/dev/null; then
		kernel=true
	else
		kernel=false
	fi
	nft delete table netdev tcheck
	log_info "$dev prio $prio: '$rule': check $verdict ($reason), kernel $kernel"
	[[ $verdict == "$kernel" ]]
	check_err $? "'$rule' on $dev: check says $verdict ($reason), the kernel $kernel"
}

# expect_agree DEV PRIO WANT RULE: agree, and the verdict is WANT.
expect_agree()
{
	agree "$1" "$2" "$4"
	[[ $verdict == "$3" ]]
	check_err $? "'$4' on $1: expected $3, check says $verdict"
}

check_agrees_netdevsim()
{
	ip link add dummy-nfto type dummy 2>/dev/null
	expect_agree nfto1p0 10 true "ip daddr 10.0.0.2 drop"
	expect_agree nfto1p0 10 true "tcp dport 22 counter accept"
	expect_agree nfto1p0 10 true "udp sport 53 drop"
	expect_agree nfto1p0 10 false "ip daddr != 10.0.0.3 drop"
	expect_agree nfto1p0 10 true "ip saddr 10.0.0.0/24 drop"
	agree nfto1p0 10 "ip saddr 10.0.0.0/20 drop"
	agree nfto1p0 10 "ip saddr 10.0.0.0/16 drop"
	agree nfto1p0 10 "ip saddr & 0.0.0.255 == 0.0.0.1 drop"
	agree nfto1p0 10 "ip protocol tcp drop"
	agree nfto1p0 10 "meta l4proto udp accept"
	expect_agree nfto1p0 10 true "ether saddr 02:00:00:00:00:01 drop"
	agree nfto1p0 10 "ether type arp drop"
	expect_agree nfto1p0 10 true "ip6 daddr 2001:db8::1 accept"
	agree nfto1p0 10 "ip6 saddr 2001:db8::/64 drop"
	agree nfto1p0 10 "vlan id 10 drop"
	agree nfto1p0 10 "vlan id 10 ip daddr 10.0.0.1 drop"
	agree nfto1p0 10 "iif nfto1p0 drop"
	agree nfto1p0 10 "meta iiftype ether drop"
	expect_agree nfto1p0 10 true "ip daddr 10.0.0.5 fwd to nfto1p1"
	agree nfto1p0 10 "ip daddr 10.0.0.6 dup to nfto1p2 accept"
	expect_agree nfto1p0 10 false "ip daddr 10.0.0.7 fwd to dummy-nfto"
	expect_agree nfto1p0 10 false "counter"
	expect_agree nfto1p0 10 false "ip daddr 10.0.0.8 counter"
	expect_agree nfto1p0 10 false "meta mark 1 drop"
	agree nfto1p0 10 "ip ttl 64 drop"
	expect_agree nfto1p0 10 false "tcp dport { 22, 80 } drop"
	agree nfto1p0 10 "tcp dport 1000-2000 drop"
	agree nfto1p0 10 "ip daddr 10.0.0.9 limit rate 10/second drop"
	agree nfto1p0 10 "tcp flags syn drop"
	agree nfto1p0 10 "ip dscp 46 drop"
	agree nfto1p0 65535 "ip daddr 10.0.0.2 drop"
	ip link del dummy-nfto 2>/dev/null
	log_test "check agrees with the kernel, rule by rule (netdevsim)"
}

check_agrees_vendor()
{
	# capability-driven cases, and the backends' own rules, which the
	# kernel's flow check sees (check.sh goes through profiles.list)
	expect_agree nfto2p0 10 true "ip daddr 10.0.0.2 drop"
	expect_agree nfto2p0 20 false "ip daddr 10.0.0.2 drop"
	expect_agree nfto3p0 10 true "ip daddr 10.0.0.2 drop"
	expect_agree nfto3p0 10 false "tcp dport 22 accept"
	expect_agree nfto3p0 10 false "iif nfto3p0 drop"
	expect_agree nfto3p0 10 false "ip daddr 10.0.0.2 dup to nfto3p1 drop"
	expect_agree nfto3p0 10 false "ip6 daddr ::1 drop"
	expect_agree nfto2p0 10 false "ip daddr 10.0.0.2 fwd to nfto2p0"
	expect_agree nfto2p0 10 false "ip daddr 10.0.0.2 dup to nfto2p1 drop"
	expect_agree nfto2p0 10 true "ip daddr 10.0.0.2 dup to nfto2p1 accept"
	# the reasons are the kernel's own words
	nft_chain nfto3p0 10
	nft add rule netdev tcheck c tcp dport 22 accept
	nft add rule netdev tcheck c iif nfto3p0 drop
	expect_rc 1 "check on ice" check
	grep -q "handle [0-9]*: not offloadable: backend ice cannot do action 'accept'" "$OUT"
	check_err $? "no 'cannot do action accept': $(cat "$OUT")"
	grep -q "not offloadable: backend ice cannot match on 'meta'" "$OUT"
	check_err $? "no 'cannot match on meta': $(cat "$OUT")"
	grep -q "^    tcp dport 22 accept$" "$OUT"
	check_err $? "the rule text is not shown: $(cat "$OUT")"
	# --backend judges with another backend's caps
	expect_rc 0 "check --backend netdevsim" check --backend netdevsim --table tcheck
	# mlx5 has accept and meta: both rules would offload there
	expect_rc 0 "check --backend mlx5" --json check --backend mlx5
	jqo '.backend == "mlx5" and ([.chains[].rules[] | select(.offloadable)] | length == 2)'
	check_err $? "check --backend mlx5: $(cat "$OUT")"
	nft delete table netdev tcheck
	log_test "check agrees with the kernel on mlx5 and ice, own rules too"
}

check_chain_level()
{
	local kernel

	# priority 0 and policy drop cannot be offload chains
	nft_chain nfto1p0 0
	nft add rule netdev tcheck c ip daddr 10.0.0.2 drop
	expect_rc 1 "priority 0" --json check --table tcheck
	jqo '.chains[0] | .offloadable == false and .stage == "chain" and (.reason | test("priority 0")) and .rules[0].offloadable'
	check_err $? "priority 0 chain: $(cat "$OUT")"
	nft delete table netdev tcheck
	nft_chain nfto1p0 0 offload 2>/dev/null && kernel=true || kernel=false
	nft delete table netdev tcheck 2>/dev/null
	[[ $kernel == false ]]
	check_err $? "the kernel took an offload chain of priority 0"

	nft -f - <<-EOF
	table netdev tcheck {
		chain c {
			type filter hook ingress device nfto1p0 priority 10; policy drop;
		}
	}
	EOF
	expect_rc 1 "policy drop" --json check --table tcheck
	jqo '.chains[0] | .offloadable == false and (.reason | test("policy drop"))'
	check_err $? "policy drop chain: $(cat "$OUT")"
	nft delete table netdev tcheck

	# a chain on an nft_offload port and another device
	ip link add dummy-nfto type dummy
	if nft -f - <<-EOF
	table netdev tcheck {
		chain c {
			type filter hook ingress devices = { nfto1p0, dummy-nfto } priority 10;
		}
	}
	EOF
	then
		expect_rc 1 "mixed devices" --json check --table tcheck
		jqo '.chains[0] | .stage == "device" and (.reason | test("dummy-nfto"))'
		check_err $? "mixed devices: $(cat "$OUT")"
		nft delete table netdev tcheck
	fi
	ip link del dummy-nfto
	log_test "check: chain priority, policy and devices"
}

check_flowtables()
{
	nft -f - <<-EOF
	table inet tft {
		flowtable f1 {
			hook ingress priority 0; devices = { nfto1p0, nfto1p1 };
		}
		flowtable f3 {
			hook ingress priority 0; devices = { nfto3p0 };
		}
	}
	EOF
	check_err $? "flowtables failed"
	expect_rc 1 "flowtables" --json check --table tft
	jqo '.flowtables | length == 2'
	check_err $? "not 2 flowtables: $(cat "$OUT")"
	jqo '.flowtables[] | select(.name == "f1") | .offloadable and .flags_offload == false and .switches == ["nfto1"]'
	check_err $? "f1 should offload: $(cat "$OUT")"
	jqo '.flowtables[] | select(.name == "f3") | .offloadable == false and .reason == "backend ice has no flowtable offload"'
	check_err $? "f3 should not: $(cat "$OUT")"
	expect_rc 0 "flowtables with netdevsim" check --table tft --backend netdevsim
	nft delete table inet tft
	log_test "check: flowtables, with the backend's flowtable flag"
}

check_filters_and_errors()
{
	expect_rc 0 "nothing to check" check --table nonexistent
	grep -q "nothing to check" "$OUT"
	check_err $? "no 'nothing to check'"
	expect_err 2 "unknown backend 'nope'" check --backend nope
	expect_err 2 "bad backend name" check --backend 'A!'
	expect_rc 2 "bad option" check --frobnicate
	nft_chain nfto1p0 10
	nft add rule netdev tcheck c ip daddr 10.0.0.2 drop
	nft add chain netdev tcheck other '{ type filter hook ingress device nfto1p1 priority 10; }'
	nft add rule netdev tcheck other meta mark 1 drop
	expect_rc 0 "--chain c" --json check --chain c
	jqo '(.chains | length == 1 and .[0].name == "c") and .flowtables == []'
	check_err $? "--chain: $(cat "$OUT")"
	expect_rc 1 "--chain other" check --table tcheck --chain other
	nft delete table netdev tcheck
	log_test "check: --table/--chain filters and bad arguments"
}

# warn_lines: the WARNING lines of $OUT, one a line ("" when none).
warn_lines()
{
	grep '^WARNING: ' "$OUT"
}

# nft_flowtable.sh's dscp_ingress and dscp_egress cases on an offloaded
# flowtable: the software chains that set the dscp on its ports are named
# with what they do and why; the same chain on a port without offload is
# not (near miss), and neither is any once the flowtable is in software.
check_warn_flowtable()
{
	local n=2 egress=1

	nft -f - <<-EOF
	table inet tft {
		flowtable f {
			hook ingress priority 0; devices = { nfto1p0, nfto1p1 }; flags offload;
		}
	}
	table netdev tcheck {
		chain setdscp0 {
			type filter hook ingress device "nfto1p0" priority 0; policy accept;
			ip dscp set cs3
		}
		chain near {
			type filter hook ingress device "nfto1p2" priority 0; policy accept;
			ip dscp set cs3
		}
	}
	EOF
	check_err $? "the flowtable and the chains failed"
	# the flowtable's flows leave by nfto1p1: its root qdisc is skipped
	# too; nfto1p2's is not (no offload there)
	tc qdisc add dev nfto1p1 root handle 1: tbf rate 1mbit burst 32kbit latency 400ms
	check_err $? "tbf on nfto1p1"
	tc qdisc add dev nfto1p2 root handle 1: tbf rate 1mbit burst 32kbit latency 400ms
	check_err $? "tbf on nfto1p2"
	if ! nft add chain netdev tcheck setdscp1 \
		'{ type filter hook egress device "nfto1p1" priority 0; }' 2>"$ERR"; then
		log_info "no netdev egress hook here ($(cat "$ERR")): its warning is not checked"
		egress=0
		n=1
	else
		nft add rule netdev tcheck setdscp1 ip dscp set cs3 counter
		check_err $? "rule in the egress chain"
	fi

	# the chains cannot be offload chains (priority 0): exit 1, as before
	expect_rc 1 "check" check
	warn_lines | grep -qx 'WARNING: nfto1p0 ingress: netdev tcheck setdscp0 (priority 0) is skipped by packets the hardware handles: ip dscp set cs3'
	check_err $? "no warning naming setdscp0: $(cat "$OUT")"
	grep -A2 '^WARNING: nfto1p0 ingress: netdev tcheck setdscp0' "$OUT" |
		grep -qx '    packets forwarded or dropped by hardware on nfto1p0 never reach this hook; packets the hardware misses or traps still do'
	check_err $? "setdscp0's warning lacks why: $(cat "$OUT")"
	grep -A2 '^WARNING: nfto1p0 ingress: netdev tcheck setdscp0' "$OUT" |
		grep -qx '    hardware on nfto1p0: flowtable inet tft f (flags offload)'
	check_err $? "setdscp0's warning lacks the flowtable: $(cat "$OUT")"
	if ((egress)); then
		warn_lines | grep -qx 'WARNING: nfto1p1 egress: netdev tcheck setdscp1 (priority 0) is skipped by packets the hardware handles: ip dscp set cs3 counter'
		check_err $? "no warning naming setdscp1: $(cat "$OUT")"
	fi
	warn_lines | grep -qx 'WARNING: nfto1p1 egress: qdisc tbf 1: root is skipped by packets the hardware handles: qdisc tbf'
	check_err $? "no warning naming nfto1p1's tbf: $(cat "$OUT")"
	! warn_lines | grep -q 'near\|nfto1p2'
	check_err $? "a warning on nfto1p2, which has no offload: $(cat "$OUT")"
	[[ $(warn_lines | wc -l) == $((n + 1)) ]]
	check_err $? "not $((n + 1)) warnings: $(cat "$OUT")"
	grep -q "^$((n + 1)) software hooks are skipped by packets the hardware handles" "$OUT"
	check_err $? "no summary of the warnings: $(cat "$OUT")"

	expect_rc 1 "check --json" --json check
	jqo '[.warnings[] | select(.kind == "nft_chain" and .port == "nfto1p0" and
		.hook == "ingress" and .name == "netdev tcheck setdscp0" and
		.family == "netdev" and .table == "tcheck" and
		.chain == "setdscp0" and .priority == 0 and .handle == null and
		.does == "ip dscp set cs3" and
		.reason == "packets forwarded or dropped by hardware on nfto1p0 never reach this hook; packets the hardware misses or traps still do" and
		.hardware == "flowtable inet tft f (flags offload)")] | length == 1'
	check_err $? "JSON warning of setdscp0: $(cat "$OUT")"
	jqo '[.warnings[] | select(.kind == "qdisc" and .port == "nfto1p1" and
		.hook == "egress" and .tc_kind == "tbf" and .handle == 65536 and
		(.reason | test("forwards out of nfto1p1 never pass this qdisc")))] | length == 1'
	check_err $? "JSON warning of the tbf: $(cat "$OUT")"
	jqo "(.warnings | length == $((n + 1))) and .summary.warnings == $((n + 1)) and
		([.warnings[] | select(.port == \"nfto1p2\")] == [])"
	check_err $? "JSON warnings: $(cat "$OUT")"
	# --table/--chain select what is judged, not the warnings
	expect_rc 0 "check --table tft" --json check --table tft
	jqo ".warnings | length == $((n + 1))"
	check_err $? "--table dropped warnings: $(cat "$OUT")"

	# the flowtable in software: nothing is skipped
	nft delete table inet tft
	nft -f - <<-EOF
	table inet tft {
		flowtable f {
			hook ingress priority 0; devices = { nfto1p0, nfto1p1 };
		}
	}
	EOF
	expect_rc 1 "check, software flowtable" --json check
	jqo '.warnings == [] and .summary.warnings == 0'
	check_err $? "warnings without offload: $(cat "$OUT")"
	nft delete table inet tft
	nft delete table netdev tcheck
	tc qdisc del dev nfto1p1 root
	tc qdisc del dev nfto1p2 root
	log_test "check: software chains and qdiscs on offloaded flowtable ports"
}

# A tc filter on a port that has a skip_sw filter: warned unless it is in
# hardware too; a port without offload is not (near miss). Warnings leave
# the exit status alone, except with --strict.
check_warn_tc()
{
	tc qdisc add dev nfto1p0 clsact
	tc filter add dev nfto1p0 ingress pref 1 protocol ip flower skip_sw \
		ip_proto udp dst_port 9 action drop
	check_err $? "skip_sw filter"
	tc filter add dev nfto1p0 ingress pref 2 protocol ip flower skip_hw \
		ip_proto udp action pass
	# in_hw (no skip_sw, the hardware took it): not a software hook
	tc filter add dev nfto1p0 ingress pref 3 protocol ip flower \
		ip_proto tcp action drop
	# no skip_sw, the hardware refused it: software only
	tc filter add dev nfto1p0 ingress pref 4 protocol ip flower \
		ip_proto tcp dst_port 22 action skbedit mark 7
	check_err $? "the other filters"
	tc qdisc add dev nfto1p2 clsact
	tc filter add dev nfto1p2 ingress pref 2 protocol ip flower skip_hw \
		ip_proto udp action pass

	expect_rc 0 "check" check
	warn_lines | grep -qx 'WARNING: nfto1p0 ingress: tc filter pref 2 handle 0x1 flower (not in hardware) is skipped by packets the hardware handles: protocol ip flower ip_proto udp action pass'
	check_err $? "no warning naming pref 2: $(cat "$OUT")"
	warn_lines | grep -qx 'WARNING: nfto1p0 ingress: tc filter pref 4 handle 0x1 flower (not in hardware) is skipped by packets the hardware handles: protocol ip flower ip_proto tcp dst_port 22 action skbedit mark 7'
	check_err $? "no warning naming pref 4 (refused by the hardware): $(cat "$OUT")"
	grep -A2 '^WARNING: nfto1p0 ingress: tc filter pref 2' "$OUT" |
		grep -qx '    hardware on nfto1p0: tc filter nfto1p0 ingress pref 1 flower (skip_sw)'
	check_err $? "pref 2's warning lacks the skip_sw filter: $(cat "$OUT")"
	[[ $(warn_lines | wc -l) == 2 ]]
	check_err $? "not 2 warnings (pref 3 is in hardware, nfto1p2 has no offload): $(cat "$OUT")"
	grep -q '^nothing to check' "$OUT"
	check_err $? "no 'nothing to check' (no nft chain): $(cat "$OUT")"
	expect_rc 3 "check --strict" check --strict
	expect_rc 3 "check --strict --json" --json check --strict
	jqo '.offloadable and .summary.warnings == 2 and
		([.warnings[] | select(.kind == "tc_filter" and .port == "nfto1p0" and
		 .hook == "ingress" and .priority == 2 and .handle == 1 and
		 .tc_chain == 0 and .tc_kind == "flower" and .family == null and
		 .does == "protocol ip flower ip_proto udp action pass" and
		 .hardware == "tc filter nfto1p0 ingress pref 1 flower (skip_sw)")]
		 | length == 1)'
	check_err $? "JSON warning of pref 2: $(cat "$OUT")"

	tc filter del dev nfto1p0 ingress pref 2
	tc filter del dev nfto1p0 ingress pref 4
	expect_rc 0 "check --strict without software filters" check --strict
	! warn_lines
	check_err $? "warnings left: $(cat "$OUT")"
	tc qdisc del dev nfto1p0 clsact
	tc qdisc del dev nfto1p2 clsact
	log_test "check: tc filters not in hardware next to skip_sw ones, --strict"
}

# filter_pkts DEV PREF: packets the actions of DEV's ingress filter PREF
# counted.
filter_pkts()
{
	tc -s -j filter show dev "$1" ingress pref "$2" |
		jq '[.[] | .options.actions[]?.stats.packets] | add // 0'
}

# filter_pkts_ge DEV PREF N: filter_pkts DEV PREF is N or more.
filter_pkts_ge()
{
	local n

	n=$(filter_pkts "$1" "$2")
	[[ -n $n ]] && ((n >= $3))
}

# What the warning says is what happens: UDP to port 9, dropped by the
# skip_sw filter in hardware, never reaches the software filter after it;
# UDP to port 10, a miss, does.
check_warn_tc_datapath()
{
	local ns mac i hw sw

	setup_ns ns
	ip link set nfto2p0 netns "$ns"
	ip -n "$ns" addr add 10.77.0.2/24 dev nfto2p0
	ip -n "$ns" link set nfto2p0 up
	ip addr add 10.77.0.1/24 dev nfto1p0
	ip link set nfto1p0 up
	mac=$(cat /sys/class/net/nfto1p0/address)
	ip -n "$ns" neigh add 10.77.0.1 lladdr "$mac" dev nfto2p0 nud permanent
	check_err $? "set-up of nfto2p0 in $ns"
	tc qdisc add dev nfto1p0 clsact
	tc filter add dev nfto1p0 ingress pref 1 protocol ip flower skip_sw \
		ip_proto udp dst_port 9 action drop
	tc filter add dev nfto1p0 ingress pref 2 protocol ip flower skip_hw \
		ip_proto udp action pass
	check_err $? "filters"
	t check
	warn_lines | grep -q 'nfto1p0 ingress: tc filter pref 2 '
	check_err $? "no warning about pref 2: $(cat "$OUT")"

	for ((i = 0; i < 3; i++)); do
		ip netns exec "$ns" bash -c 'echo x >/dev/udp/10.77.0.1/9'
	done
	for ((i = 0; i < 2; i++)); do
		ip netns exec "$ns" bash -c 'echo x >/dev/udp/10.77.0.1/10'
	done
	# hardware stats are read on the dump; wait, never assert on time
	busywait 2000 filter_pkts_ge nfto1p0 1 3
	hw=$(filter_pkts nfto1p0 1)
	busywait 2000 filter_pkts_ge nfto1p0 2 2
	sw=$(filter_pkts nfto1p0 2)
	log_info "hardware filter (dport 9, drop): $hw packets; software filter (udp): $sw"
	[[ $hw == 3 ]]
	check_err $? "the hardware filter counted $hw packets, not 3"
	[[ $sw == 2 ]]
	check_err $? "the software filter counted $sw packets, not the 2 misses"

	tc qdisc del dev nfto1p0 clsact
	ip addr flush dev nfto1p0
	ip link set nfto1p0 down
	ip -n "$ns" link set nfto2p0 netns 1
	log_test "check: the warned-about filter is skipped by what the hardware drops"
}

# rule_handle N: the handle of the Nth rule (0-based) of check --json's
# first chain in $OUT.
rule_handle()
{
	jq -r ".chains[0].rules[$1].handle" "$OUT"
}

# warn_block HEAD: the WARNING line that starts with HEAD and the two
# lines under it.
warn_block()
{
	grep -A2 -F -- "WARNING: $1" "$OUT"
}

# Matches an offload chain gives the hardware as the same key as another
# match, which the hardware then does (admin guide, "Hardware equals
# software"): ip6 nexthdr (as meta l4proto) and ether type (as meta
# protocol), written by hand and as nft's dependency of an ip match after
# an ether match, are warned about with the rule's handle and what to
# write instead. The rewrites are not, nor ip protocol or vlan id (near
# misses). check -f warns the same as check of the loaded file.
check_warn_hw_match()
{
	local file=$WORK/hwmatch.nft h0 h1 h2 head

	setup_devices || { check_err 1 "set-up failed"; log_test "check: hardware matches"; return; }
	cat >"$file" <<-EOF
	table netdev tcheck {
		chain c {
			type filter hook ingress device nfto1p0 priority 10; policy accept;
			flags offload;
			ip6 nexthdr udp drop
			ether type arp drop
			ether daddr 02:00:00:00:00:01 ip daddr 10.0.0.1 drop
		}
	}
	EOF
	nft -f "$file"
	check_err $? "the offload chain failed"
	expect_rc 0 "check --json" --json check
	h0=$(rule_handle 0) h1=$(rule_handle 1) h2=$(rule_handle 2)
	cp "$OUT" "$WORK/live.json"
	expect_rc 0 "check" check
	head="netdev tcheck c handle $h0: ip6 nexthdr udp matches differently in hardware than in software: ip6 nexthdr udp drop"
	warn_block "$head" | diff -u - <(cat <<-EOF
	WARNING: $head
	    software compares the next header field of the IPv6 header, the hardware the protocol after the extension headers (the driver gets both as flow dissector key basic.ip_proto, like meta l4proto): IPv6 packets with extension headers, such as fragments, match in one and not in the other
	    write "meta l4proto udp" instead: software then also matches the protocol after the extension headers
	EOF
	) >"$WORK/diff"
	check_err $? "ip6 nexthdr warning: $(cat "$WORK/diff") $(cat "$OUT")"
	head="netdev tcheck c handle $h1: ether type arp matches differently in hardware than in software: ether type arp drop"
	warn_block "$head" | diff -u - <(cat <<-EOF
	WARNING: $head
	    software reads the ethertype field of the frame, which is the VLAN TPID (8021q, 8021ad) in a tagged frame, the hardware the protocol after the VLAN tag (the driver gets both as flow dissector key basic.n_proto, like meta protocol): a frame with one VLAN tag matches in hardware when the protocol after the tag does, never in software
	    write "meta protocol arp" instead: software then also reads the protocol after the VLAN tag
	EOF
	) >"$WORK/diff"
	check_err $? "ether type warning: $(cat "$WORK/diff") $(cat "$OUT")"
	head="netdev tcheck c handle $h2: ether type ip (nft's dependency of an ip match after an ether match) matches differently in hardware than in software: ether daddr 02:00:00:00:00:01 ip daddr 10.0.0.1 drop"
	warn_block "$head" | tail -1 |
		grep -qxF '    write the ip matches before the ether ones, or begin the rule with "meta protocol ip": nft then depends on meta protocol, which software also reads after the VLAN tag'
	check_err $? "ether type dependency warning: $(cat "$OUT")"
	[[ $(warn_lines | wc -l) == 3 ]]
	check_err $? "not 3 warnings: $(cat "$OUT")"
	grep -qx "3 matches in offloadable rules match differently in hardware than in software (WARNING lines)" "$OUT"
	check_err $? "no summary of the warnings: $(cat "$OUT")"
	expect_rc 3 "check --strict" check --strict

	cp "$WORK/live.json" "$OUT"
	jqo "[.warnings[] | select(.kind == \"nft_rule\" and .port == null and
		.hook == \"ingress\" and .family == \"netdev\" and
		.table == \"tcheck\" and .chain == \"c\" and .priority == 10 and
		.tc_chain == null and .tc_kind == null and .hardware == null)] |
		map([.handle, .name, .match, .does]) == [
		[$h0, \"netdev tcheck c handle $h0\", \"ip6 nexthdr udp\", \"ip6 nexthdr udp drop\"],
		[$h1, \"netdev tcheck c handle $h1\", \"ether type arp\", \"ether type arp drop\"],
		[$h2, \"netdev tcheck c handle $h2\", \"ether type ip (nft's dependency of an ip match after an ether match)\",
		 \"ether daddr 02:00:00:00:00:01 ip daddr 10.0.0.1 drop\"]]"
	check_err $? "JSON warnings: $(cat "$OUT")"
	jqo '.offloadable and .summary.warnings == 3 and (.warnings | length == 3) and
		(.warnings[0].fix | startswith("write \"meta l4proto udp\" instead")) and
		(.warnings[0].reason | test("basic.ip_proto"))'
	check_err $? "JSON summary, fix, reason: $(cat "$OUT")"
	# the same from the file, before it is loaded (without flags offload)
	nft delete table netdev tcheck
	expect_rc 0 "check -f" --json check -f "$file"
	diff -u <(jq -S .warnings "$WORK/live.json") <(jq -S .warnings "$OUT") >"$WORK/diff"
	check_err $? "check -f warns otherwise: $(head -30 "$WORK/diff")"

	# what the warnings suggest, and the near misses: no warning
	nft -f - <<-EOF
	table netdev tcheck {
		chain c {
			type filter hook ingress device nfto1p0 priority 10; policy accept;
			flags offload;
			meta l4proto udp drop
			meta protocol arp drop
			ip daddr 10.0.0.1 ether daddr 02:00:00:00:00:01 drop
			meta protocol ip ether daddr 02:00:00:00:00:01 ip daddr 10.0.0.2 drop
			ip protocol udp drop
			vlan id 10 drop
			ip6 daddr 2001:db8::1 udp dport 53 drop
		}
	}
	EOF
	check_err $? "the rewritten chain failed"
	expect_rc 0 "check --strict, rewritten" check --strict
	! warn_lines
	check_err $? "warnings left: $(cat "$OUT")"
	grep -q "^7 of 7 rules, 1 of 1 chains" "$OUT"
	check_err $? "not 7 offloadable rules: $(cat "$OUT")"
	nft delete table netdev tcheck
	log_test "check: ip6 nexthdr and ether type in offloaded rules are warned about, their rewrites not"
}

# counts: the packets each rule of netdev tcheck c counted, in order.
counts()
{
	nft -j list chain netdev tcheck c |
		jq -c '[.nftables[].rule? // empty |
			([.expr[] | .counter? // empty | .packets] | .[0])]'
}

# count_is N: the first rule counted N packets.
count_is()
{
	[[ $(counts | jq '.[0]') == "$1" ]]
}

# What the warnings say is what happens: a frame with one VLAN tag
# around IPv4 matches "ether type ip" in hardware, not in software, and
# "meta protocol ip" in both; an IPv6 UDP datagram in 3 fragments matches
# "ip6 nexthdr udp" in hardware, not in software, and "meta l4proto udp"
# in both. Each rule runs in an offload chain, then in a software chain
# whose first rule counts what came in; check warns exactly where the two
# differ.
check_warn_hw_match_datapath()
{
	local ns mac i rule fam hw sw n got from
	local -a send cases=(
		"ether type ip udp dport 9|4|3|0"
		"meta protocol ip udp dport 9|4|3|3"
		"ip6 saddr 2001:db8:78::2 ip6 nexthdr udp|6|3|0"
		"ip6 saddr 2001:db8:78::2 meta l4proto udp|6|3|3"
	)

	setup_devices || { check_err 1 "set-up failed"; log_test "check: hardware matches, datapath"; return; }
	setup_ns ns
	ip link set nfto2p0 netns "$ns"
	ip -n "$ns" link set nfto2p0 up
	ip -n "$ns" link add link nfto2p0 name v10 type vlan id 10
	ip -n "$ns" addr add 10.78.0.2/24 dev v10
	ip -n "$ns" link set v10 up
	ip -n "$ns" addr add 2001:db8:78::2/64 dev nfto2p0 nodad
	ip link set nfto1p0 up
	mac=$(cat /sys/class/net/nfto1p0/address)
	ip -n "$ns" neigh add 10.78.0.1 lladdr "$mac" dev v10 nud permanent &&
		ip -n "$ns" neigh add 2001:db8:78::1 lladdr "$mac" dev nfto2p0 nud permanent
	check_err $? "set-up of nfto2p0 in $ns"
	head -c 3000 /dev/zero >"$WORK/3000"

	for i in "${cases[@]}"; do
		IFS='|' read -r rule fam hw sw <<<"$i"
		if [[ $fam == 4 ]]; then
			# 3 frames with a VLAN tag
			send=(bash -c 'for i in 1 2 3; do echo x >/dev/udp/10.78.0.1/9; done')
			from="ip saddr 10.78.0.2 udp dport 9"
		else
			# one datagram over the MTU: 3 fragments
			send=(socat -u "OPEN:$WORK/3000" "UDP6-SENDTO:[2001:db8:78::1]:9")
			from="ip6 saddr 2001:db8:78::2"
		fi

		nft_chain nfto1p0 10 offload
		nft add rule netdev tcheck c "$rule" counter drop
		check_err $? "'$rule' in an offload chain"
		t --json check
		n=$(jq '.summary.warnings' "$OUT")
		ip netns exec "$ns" "${send[@]}"
		busywait 2000 count_is "$hw"
		check_err $? "'$rule' in hardware: $(counts) packets, not $hw"
		nft delete table netdev tcheck

		nft_chain nfto1p0 10
		nft add rule netdev tcheck c "$from" counter
		nft add rule netdev tcheck c "$rule" counter drop
		check_err $? "'$rule' in a software chain"
		ip netns exec "$ns" "${send[@]}"
		# all came in: the rule's count is final
		busywait 2000 count_is 3
		check_err $? "not 3 packets reached the software chain: $(counts)"
		got=$(counts | jq '.[1]')
		[[ $got == "$sw" ]]
		check_err $? "'$rule' in software: $got packets, not $sw"
		log_info "'$rule': hardware $hw, software $got of 3 packets, $n warning(s)"
		[[ ($hw == "$sw" && $n == 0) || ($hw != "$sw" && $n == 1) ]]
		check_err $? "'$rule': $n warnings, hardware $hw and software $sw packets"
		nft delete table netdev tcheck
	done
	ip link set nfto1p0 down
	ip -n "$ns" link del v10
	ip -n "$ns" link set nfto2p0 netns 1
	log_test "check: the warned-about matches differ in hardware, the rewrites do not"
}

# What check -f says and what check says of the same file loaded: the
# chains (rules, verdicts, reasons, handles) and flowtables, without the
# "flags_offload" field (-f loads the file without the flag).
file_verdicts()
{
	jq -S '{chains: [.chains[] | del(.flags_offload)],
		flowtables: [.flowtables[] | del(.flags_offload)],
		offloadable, summary}' "$1"
}

# Verdicts and reasons only, for another device's ports.
short_verdicts()
{
	jq -S '[.chains[] | .offloadable, .reason,
		(.rules[] | {handle, offloadable, reason, backend})],
		[.flowtables[] | {offloadable, reason, backend}]' "$1"
}

# write_file FILE: an offloadable netdev chain on nfto4's ports, a rule
# ice refuses ("accept"), a flowtable.
write_file()
{
	cat >"$1" <<-EOF
	# as firewall4/VyOS write them: one table per family, flags offload
	table netdev tfile {
		chain c {
			type filter hook ingress devices = { nfto4p0, nfto4p1 } priority 10; policy accept;
			flags offload;
			ip daddr 10.0.0.2 counter drop
			ip saddr 10.0.0.9 udp dport 53 drop
			tcp dport 22 accept
		}
	}
	table inet tfile {
		flowtable ft {
			hook ingress priority 0
			devices = { nfto4p0, nfto4p2 }
			flags offload
		}
		chain forward {
			type filter hook forward priority 0; policy accept;
			ip protocol tcp flow add @ft
		}
	}
	EOF
}

check_file_agrees()
{
	local file=$WORK/rules.nft b rc_file rc_live loaded

	setup_devices || { check_err 1 "set-up failed"; log_test "check -f"; return; }
	write_file "$file"
	# something of the caller's that must survive
	nft add table ip keep
	nft add chain ip keep in "{ type filter hook input priority 0; }"
	nft add rule ip keep in counter
	for b in netdevsim mlx5 ice; do
		nfto_new 4 3 "$b" || { check_err 1 "nfto4 with $b"; break; }
		nft list ruleset >"$WORK/before"
		ip -o link show >"$WORK/links-before"
		t --json check -f "$file"
		rc_file=$?
		cp "$OUT" "$WORK/file.json"
		nft list ruleset >"$WORK/after"
		ip -o link show >"$WORK/links-after"
		cmp -s "$WORK/before" "$WORK/after"
		check_err $? "$b: check -f changed the ruleset: $(diff "$WORK/before" "$WORK/after" | head -20)"
		cmp -s "$WORK/links-before" "$WORK/links-after"
		check_err $? "$b: check -f changed the devices: $(diff "$WORK/links-before" "$WORK/links-after" | head -10)"
		jq -e --arg f "$file" '.file == $f and .summary.rules == 3 and
			.summary.chains == 1 and .summary.flowtables == 1' \
			"$WORK/file.json" >/dev/null
		check_err $? "$b: check -f did not see the file's 3 rules, chain and flowtable: $(head -c 600 "$WORK/file.json")"

		# the same file for real: with "flags offload" if the kernel
		# takes it, else without it (ice refuses "accept")
		if nft -f "$file" 2>"$WORK/nft-err"; then
			loaded=offload
		else
			loaded=plain
			sed 's/flags offload;\{0,1\}//' "$file" >"$WORK/plain.nft"
			nft -f "$WORK/plain.nft"
			check_err $? "$b: the file without flags offload did not load"
		fi
		t --json check
		rc_live=$?
		[[ $rc_file == "$rc_live" ]]
		check_err $? "$b: check -f exits $rc_file, check of the loaded file $rc_live"
		diff -u <(file_verdicts "$WORK/file.json") <(file_verdicts "$OUT") >"$WORK/diff"
		check_err $? "$b: check -f and check of the loaded file differ: $(head -40 "$WORK/diff")"
		# and the kernel agrees: it took the file with the flag exactly
		# when check -f said everything offloads
		[[ ($rc_file == 0 && $loaded == offload) ||
		   ($rc_file == 1 && $loaded == plain) ]]
		check_err $? "$b: check -f exit $rc_file but the kernel loaded it $loaded ($(cat "$WORK/nft-err"))"
		case $b in
		ice)
			cp "$WORK/file.json" "$WORK/ice.json"
			jq -e '[.chains[0].rules[] | select(.offloadable | not)] |
				length == 1 and (.[0].reason | test("backend ice cannot do action .accept."))' \
				"$WORK/file.json" >/dev/null
			check_err $? "ice: not exactly the accept rule refused: $(head -c 800 "$WORK/file.json")"
			;;
		*)
			[[ $rc_file == 0 ]]
			check_err $? "$b: the file does not offload: $(head -c 800 "$WORK/file.json")"
			;;
		esac
		t check -f "$file" --backend "$b"
		[[ $? == "$rc_file" ]]
		check_err $? "$b: check -f --backend $b exits otherwise than on the $b device"
		nft delete table netdev tfile
		nft delete table inet tfile
		nfto_del 4
	done
	# --backend judges nfto1's (netdevsim) ports with ice
	sed 's/nfto4/nfto1/g' "$file" >"$WORK/nfto1.nft"
	# (the same verdicts and reasons as on the ice device)
	expect_rc 1 "check -f --backend ice on netdevsim ports" --json check -f "$WORK/nfto1.nft" --backend ice
	diff -u <(short_verdicts "$WORK/ice.json") <(short_verdicts "$OUT") >"$WORK/diff"
	check_err $? "--backend ice on nfto1 differs from the ice device: $(head -30 "$WORK/diff")"
	expect_rc 0 "check -f on netdevsim ports" check -f "$WORK/nfto1.nft"
	grep -q "^netdev tfile c handle [0-9]*: offloadable$" "$OUT"
	check_err $? "human output: $(cat "$OUT")"
	nft delete table ip keep
	log_test "check -f: same verdicts as check of the loaded file (netdevsim, mlx5, ice), caller untouched"
}

check_file_errors()
{
	local file=$WORK/bad.nft

	setup_devices || { check_err 1 "set-up failed"; log_test "check -f errors"; return; }
	nft list ruleset >"$WORK/before"
	printf 'table netdev tfile {\n\tchain c {\n\t\ttype filter hook ingress device nfto1p0 priority 10;\n\t\tip daddr 10.0.0.2 bogus\n\t}\n}\n' >"$file"
	expect_rc 2 "syntax error" check -f "$file"
	grep -qF "$file:4:" "$ERR"
	check_err $? "nft's message does not point into the file: $(cat "$ERR")"
	grep -q "Error: syntax error" "$ERR"
	check_err $? "not nft's syntax error: $(cat "$ERR")"
	[[ ! -s $OUT ]]
	check_err $? "output despite the error: $(cat "$OUT")"
	# a device the caller does not have: nft's own error too
	sed 's/device nfto1p0/device nosuchdev0/; s/ bogus/ drop/' "$file" >"$WORK/nodev.nft"
	expect_rc 2 "missing device" check -f "$WORK/nodev.nft"
	grep -qF "$WORK/nodev.nft:" "$ERR"
	check_err $? "no nft message for the missing device: $(cat "$ERR")"
	expect_err 2 "cannot open" check -f "$WORK/missing.nft"
	echo '{"nftables": []}' >"$WORK/j.json"
	expect_err 2 "JSON" check -f "$WORK/j.json"
	nft list ruleset >"$WORK/after"
	cmp -s "$WORK/before" "$WORK/after"
	check_err $? "the ruleset changed: $(diff "$WORK/before" "$WORK/after" | head)"
	log_test "check -f: nft's errors, exit 2, nothing changed"
}

json_valid()
{
	local args

	nft_chain nfto1p0 10 offload
	nft add rule netdev tcheck c ip daddr 10.0.0.2 counter drop
	for args in "backends" "status" "status 1" "table 1" "explain 1" \
		    "check" "check --backend mlx5" "backend 1 netdevsim"; do
		# shellcheck disable=SC2086 # split on purpose
		t --json $args
		jq -e . "$OUT" >/dev/null
		check_err $? "'--json $args' is not valid JSON: $(head -c 300 "$OUT")"
		[[ $(wc -l <"$OUT") == 1 ]]
		check_err $? "'--json $args' is not one document"
	done
	# the flag also works after the command
	t status 1 --json
	jq -e '.devices' "$OUT" >/dev/null
	check_err $? "'status 1 --json' is not JSON"
	nft delete table netdev tcheck
	log_test "--json is valid JSON on every command"
}

no_permission()
{
	if ! unshare -U true 2>/dev/null; then
		skip "no user namespaces"
		log_test "without CAP_NET_ADMIN: permission errors"
		return
	fi
	# a new user namespace holds no capability over this netns
	unshare -U "$TOOL" check >"$OUT" 2>"$ERR"
	[[ $? == 2 ]] && grep -q "Operation not permitted (CAP_NET_ADMIN is needed)" "$ERR"
	check_err $? "check without CAP_NET_ADMIN: $(cat "$ERR")"
	unshare -U "$TOOL" backend 1 mlx5 >"$OUT" 2>"$ERR"
	[[ $? == 2 ]] && grep -q "Operation not permitted" "$ERR"
	check_err $? "backend without CAP_NET_ADMIN: $(cat "$ERR")"
	[[ $(nfto_backend 1) == netdevsim ]]
	check_err $? "the backend changed without permission"
	log_test "without CAP_NET_ADMIN: permission errors"
}

tests_run
exit "$EXIT_STATUS"
