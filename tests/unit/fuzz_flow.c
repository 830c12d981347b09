// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: a random flow_rule (random keys with random masks,
 * random actions including mangles of random header type and offset, up to
 * 40 of them) through nfto_flow_parse(), nfto_flow_check_caps() and the
 * engine (replace, stats, destroy, a backend switch) with fake backends of
 * random capabilities and fault knobs.
 *
 * Besides the sanitizers, every step checks what the core promises and
 * aborts if a promise is broken: a parsed flow holds only model keys and
 * actions and its mangles stay inside their header, a flow that passes the
 * capability check fits the capabilities, the table and the backends agree
 * on what is offloaded, a refused switch changes nothing, and teardown
 * releases every object and module reference.
 *
 * NFTO_FUZZ_IGNORE_KNOWN skips the checks of bugs already reported (see
 * the TODO tests), so that the fuzzer can look further: "mangle" (offset
 * wrap in flow.c), "stats" (deltas after a swap or switch), or "all".
 */
#include <stdint.h>
#include <stdlib.h>

#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "fake_backend.h"
#include "nfto.h"
#include "rules.h"

static bool ignore_mangle, ignore_stats;

#define CHECK(cond, fmt, ...) do {					\
	if (!(cond)) {							\
		fprintf(stderr, "fuzz_flow: %s:%d: %s: " fmt "\n",	\
			__FILE__, __LINE__, #cond, ##__VA_ARGS__);	\
		abort();						\
	}								\
} while (0)

/* Input bytes, read front to back; zeros once exhausted. */
struct in {
	const u8	*d;
	size_t		n;
};

static void take(struct in *in, void *out, size_t len)
{
	size_t k = min(len, in->n);

	memcpy(out, in->d, k);
	memset((u8 *)out + k, 0, len - k);
	in->d += k;
	in->n -= k;
}

static u8 u8_(struct in *in)
{
	u8 v;

	take(in, &v, 1);
	return v;
}

static u16 u16_(struct in *in)
{
	u16 v;

	take(in, &v, 2);
	return v;
}

static u32 u32_(struct in *in)
{
	u32 v;

	take(in, &v, 4);
	return v;
}

static u64 u64_(struct in *in)
{
	u64 v;

	take(in, &v, 8);
	return v;
}

/* Mostly small numbers, sometimes any. */
static u32 num(struct in *in)
{
	u8 sel = u8_(in);

	switch (sel & 3) {
	case 0:
		return sel >> 2;
	case 1:
		return u8_(in);
	case 2:
		return 0xffffffffu - u8_(in);
	default:
		return u32_(in);
	}
}

static const unsigned short key_sizes[FLOW_DISSECTOR_KEY_MAX] = {
	[FLOW_DISSECTOR_KEY_META]	= sizeof(struct flow_dissector_key_meta),
	[FLOW_DISSECTOR_KEY_CONTROL]	= sizeof(struct flow_dissector_key_control),
	[FLOW_DISSECTOR_KEY_BASIC]	= sizeof(struct flow_dissector_key_basic),
	[FLOW_DISSECTOR_KEY_ETH_ADDRS]	= sizeof(struct flow_dissector_key_eth_addrs),
	[FLOW_DISSECTOR_KEY_VLAN]	= sizeof(struct flow_dissector_key_vlan),
	[FLOW_DISSECTOR_KEY_CVLAN]	= sizeof(struct flow_dissector_key_vlan),
	[FLOW_DISSECTOR_KEY_IPV4_ADDRS]	= sizeof(struct flow_dissector_key_ipv4_addrs),
	[FLOW_DISSECTOR_KEY_IPV6_ADDRS]	= sizeof(struct flow_dissector_key_ipv6_addrs),
	[FLOW_DISSECTOR_KEY_PORTS]	= sizeof(struct flow_dissector_key_ports),
	[FLOW_DISSECTOR_KEY_TCP]	= sizeof(struct flow_dissector_key_tcp),
	[FLOW_DISSECTOR_KEY_IP]		= sizeof(struct flow_dissector_key_ip),
	[FLOW_DISSECTOR_KEY_ICMP]	= sizeof(struct flow_dissector_key_icmp),
	[FLOW_DISSECTOR_KEY_MPLS]	= sizeof(struct flow_dissector_key_mpls),
};

/* The header lengths a 32-bit mangle must stay in (the kernel's headers). */
static const u8 hdr_len[] = {
	[FLOW_ACT_MANGLE_HDR_TYPE_ETH]	= 14,	/* struct ethhdr */
	[FLOW_ACT_MANGLE_HDR_TYPE_IP4]	= 20,	/* struct iphdr */
	[FLOW_ACT_MANGLE_HDR_TYPE_IP6]	= 40,	/* struct ipv6hdr */
	[FLOW_ACT_MANGLE_HDR_TYPE_TCP]	= 20,	/* struct tcphdr */
	[FLOW_ACT_MANGLE_HDR_TYPE_UDP]	= 8,	/* struct udphdr */
};

static struct net_device devs[] = {
	{ .name = "p0", .ifindex = 100 },
	{ .name = "p1", .ifindex = 101 },
	{ .name = "p3", .ifindex = 103 },
	{ .name = "eth0", .ifindex = 55 },	/* not a port */
};

/* A flowtable flow as nf_flow_table_offload.c builds it, from the input. */
static void build_ft_rule(struct in *in, struct test_rule *tr)
{
	struct ft_flow f;
	u8 sel = u8_(in);

	memset(&f, 0, sizeof(f));
	f.family = sel & 1 ? AF_INET6 : AF_INET;
	f.l4proto = sel & 2 ? IPPROTO_UDP : IPPROTO_TCP;
	f.snat = sel & 4;
	f.dnat = sel & 8;
	f.vlan_id = sel & 16 ? u16_(in) & 0xfff : 0;
	f.iifidx = 100 + u8_(in) % 4;
	f.src_v4 = u8_(in);		/* few distinct tuples: collisions */
	f.dst_v4 = u8_(in) & 3;
	f.src_v6.s6_addr32[3] = f.src_v4;
	f.dst_v6.s6_addr32[3] = f.dst_v4;
	f.src_port = u8_(in) & 3;
	f.dst_port = 53;
	f.out_dev = &devs[u8_(in) % ARRAY_SIZE(devs)];
	take(in, f.h_source, ETH_ALEN);
	take(in, f.h_dest, ETH_ALEN);
	f.nat_saddr_v4 = u32_(in);
	f.nat_daddr_v4 = u32_(in);
	f.nat_sport = u16_(in);
	f.nat_dport = u16_(in);
	CHECK(!tr_flowtable(tr, &f), "");
}

static void build_rule(struct in *in, struct test_rule *tr)
{
	unsigned int i, n = u8_(in) % 41;
	u64 used = u64_(in) & (BIT_ULL(FLOW_DISSECTOR_KEY_MAX) - 1);

	/* mostly model keys only, so that more flows get past the parse */
	switch (u8_(in) & 3) {
	case 0:
		break;
	case 3:
		build_ft_rule(in, tr);
		return;
	default:
		used &= NFTO_MODEL_KEYS;
		break;
	}
	tr_init(tr, n);
	tr->dissector.used_keys = used;
	for (i = 0; i < FLOW_DISSECTOR_KEY_MAX; i++) {
		u8 *k = (u8 *)&tr->key + tr->dissector.offset[i];
		u8 *m = (u8 *)&tr->mask + tr->dissector.offset[i];
		size_t len = key_sizes[i];

		if (!(used & BIT_ULL(i)) || !len)
			continue;
		take(in, k, len);
		switch (u8_(in) % 3) {
		case 0:
			break;				/* zero mask */
		case 1:
			memset(m, 0xff, len);
			break;
		default:
			take(in, m, len);
			break;
		}
	}

	for (i = 0; i < n; i++) {
		struct flow_action_entry *e = tr_act(tr, i);

		e->id = u8_(in) % (NUM_FLOW_ACTIONS + 2);
		switch (e->id) {
		case FLOW_ACTION_GOTO:
			e->chain_index = num(in);
			break;
		case FLOW_ACTION_REDIRECT:
		case FLOW_ACTION_MIRRED:
		case FLOW_ACTION_REDIRECT_INGRESS:
		case FLOW_ACTION_MIRRED_INGRESS: {
			u8 d = u8_(in) % (ARRAY_SIZE(devs) + 1);

			e->dev = d < ARRAY_SIZE(devs) ? &devs[d] : NULL;
			break;
		}
		case FLOW_ACTION_VLAN_PUSH:
		case FLOW_ACTION_VLAN_POP:
		case FLOW_ACTION_VLAN_MANGLE:
			e->vlan.vid = u16_(in);
			e->vlan.proto = u16_(in);
			e->vlan.prio = u8_(in);
			break;
		case FLOW_ACTION_MANGLE:
		case FLOW_ACTION_ADD:
			e->mangle.htype = u8_(in) % 8;
			e->mangle.offset = num(in);
			e->mangle.mask = u32_(in);
			e->mangle.val = u32_(in);
			break;
		case FLOW_ACTION_CSUM:
			e->csum_flags = u32_(in);
			break;
		default:
			break;
		}
	}
}

static void check_parsed(const struct nfto_flow *f, const struct test_rule *tr)
{
	unsigned int i;

	CHECK(!(f->used_keys & ~NFTO_MODEL_KEYS), "%#llx",
	      (unsigned long long)f->used_keys);
	CHECK(!(f->used_keys & ~tr->dissector.used_keys), "%#llx",
	      (unsigned long long)f->used_keys);
	CHECK(f->num_actions == tr->rule->action.num_entries, "%u",
	      f->num_actions);
	CHECK(f->num_actions >= 1 && f->num_actions <= NFTO_MAX_ACTIONS, "%u",
	      f->num_actions);
	for (i = 0; i < f->num_actions; i++) {
		const struct nfto_action *a = &f->actions[i];

		CHECK(a->id < 64 && (NFTO_MODEL_ACTIONS & BIT_ULL(a->id)),
		      "action %u", a->id);
		if (a->id == FLOW_ACTION_MANGLE || a->id == FLOW_ACTION_ADD) {
			CHECK(a->mangle.htype < ARRAY_SIZE(hdr_len) &&
			      hdr_len[a->mangle.htype], "htype %u",
			      a->mangle.htype);
			CHECK(a->mangle.offset % 4 == 0, "offset %u",
			      a->mangle.offset);
			if (!ignore_mangle)
				CHECK((u64)a->mangle.offset + 4 <=
				      hdr_len[a->mangle.htype],
				      "htype %u offset %#x", a->mangle.htype,
				      a->mangle.offset);
		}
		if (a->id == FLOW_ACTION_REDIRECT)
			CHECK(a->dev.ifindex ==
			      tr->rule->action.entries[i].dev->ifindex, "%d",
			      a->dev.ifindex);
	}
}

static void check_fits(const struct nfto_flow *f, const struct nfto_caps *c)
{
	unsigned int i;

	CHECK(!(f->used_keys & ~c->keys), "keys %#llx caps %#llx",
	      (unsigned long long)f->used_keys, (unsigned long long)c->keys);
	CHECK(f->num_actions <= c->max_actions, "%u", f->num_actions);
	CHECK(!c->prio_max || f->prio <= c->prio_max, "%u", f->prio);
	CHECK(f->chain_index <= c->chain_max, "%u", f->chain_index);
	CHECK(f->type != NFTO_FLOW_FT || (c->flags & NFTO_CAP_FLOWTABLE), "ft");
	for (i = 0; i < f->num_actions; i++) {
		const struct nfto_action *a = &f->actions[i];

		CHECK(c->actions & BIT_ULL(a->id), "action %u", a->id);
		if (a->id != FLOW_ACTION_GOTO)
			continue;
		CHECK(a->chain_index <= c->chain_max, "goto %u", a->chain_index);
		CHECK((c->flags & NFTO_CAP_GOTO_ANY) ||
		      a->chain_index > f->chain_index, "goto %u from %u",
		      a->chain_index, f->chain_index);
	}
}

/* A caller's prepare step (devlink's resource) that may refuse the switch. */
static int fuzz_prepare(struct nfto_hw *hw, const struct nfto_backend_ops *ops,
			void *arg, char *reason, size_t len)
{
	int *refuse = arg;

	CHECK(ops != hw->backend, "prepare shown the old backend");
	if (*refuse)
		snprintf(reason, len, "prepare refused");
	return *refuse;
}

static void random_backend(struct in *in, struct fake_backend *fb,
			   const char *name)
{
	u8 sel = u8_(in);

	fake_reset(fb, name);
	/* half of the time a backend that takes everything, to get flows in */
	if (sel & 1) {
		if (sel & 2) {
			fb->caps.keys = u64_(in) & NFTO_MODEL_KEYS;
			fb->caps.actions = u64_(in) & NFTO_MODEL_ACTIONS;
		}
		fb->caps.max_actions = u8_(in) % (NFTO_MAX_ACTIONS + 1);
		fb->caps.prio_max = sel & 4 ? num(in) : 0;
		fb->caps.chain_max = num(in);
		fb->caps.flags = u8_(in) & 7;
	}
	fb->caps.table_size_max = 1 + u8_(in) % 16;
	if (!(u8_(in) & 3))
		fb->ops.flow_stats = NULL;
	if (!(u8_(in) & 7))
		fb->ops.flow_check = NULL;
	fb->stats_per_flow = true;
	fb->fail_add_nth = u8_(in) % 8;
	fb->add_msg = u8_(in) & 1 ? "fake: no room" : NULL;
	if (!(u8_(in) & 7)) {
		fb->check_err = -EOPNOTSUPP;
		fb->check_cookie = u8_(in) % 4;
		fb->check_msg = u8_(in) & 1 ? "fake: not this one" : NULL;
	}
}

static struct nfto_flow f, f2;

/*
 * The compact form is lossless: rebuilt, stored again and rebuilt, the
 * flow is the same, and it matches a packet as the full flow does.
 */
static void check_compact(struct nfto_hw *hw, const struct nfto_entry *e)
{
	struct nfto_entry *c;
	struct nfto_key pkt;

	nfto_entry_flow(e, &f);
	c = nfto_entry_create(&hw->table, &f, e->hkey.owner, e->group->port, 0);
	CHECK(c, "nfto_entry_create");
	if (!c)
		return;
	nfto_entry_flow(c, &f2);
	CHECK(!memcmp(&f, &f2, sizeof(f)), "compact round trip");
	CHECK(c->group == e->group, "the same flow in another group");
	pkt = f.key;
	CHECK(nfto_entry_match(c, &pkt) == nfto_key_match(&f, &pkt),
	      "match of the flow's own key");
	pkt.tcp_flags ^= htons(0x0005);		/* FIN and RST flipped */
	pkt.ipv4_src ^= htonl(1);
	CHECK(nfto_entry_match(c, &pkt) == nfto_key_match(&f, &pkt),
	      "match of another key");
	nfto_entry_discard(&hw->table, c);
	nfto_entry_flow(e, &f);
}

/* The table, its lists and the backend agree on what is offloaded. */
static void check_consistent(struct nfto_hw *hw, struct fake_backend *fb)
{
	unsigned int n = 0, exact = 0, masked = 0, xcount = 0, heads = 0, i;
	struct nfto_group *g, *pg;
	struct nfto_entry *e;

	list_for_each_entry(e, &hw->table.all, all) {
		struct nfto_entry *found;
		struct nfto_key pkt;

		CHECK(nfto_table_lookup(&hw->table, e->hkey.cookie,
					e->hkey.owner) == e, "lookup");
		CHECK(e->cnt && e->owns_cnt, "counters");
		CHECK(e->group->refs > 0, "group without references");
		check_compact(hw, e);
		pkt = f.key;
		if (e->group->type == NFTO_FLOW_RULE) {
			CHECK(e->exact, "rule not hashed");
			/*
			 * Its own key finds it, or a rule ranked before it;
			 * unless the key is a fragment's: which transport
			 * fields a fragment has depends on the frontend (tc:
			 * none, nft: none in a later one), see
			 * test_table.c's table_rlookup_random.
			 */
			rcu_read_lock();
			found = nfto_table_rlookup(&hw->table, e->group->port,
						   e->group->chain_index, &pkt,
						   NULL, 0);
			rcu_read_unlock();
			CHECK(pkt.ctrl_flags & FLOW_DIS_IS_FRAGMENT ||
			      (found && nfto_entry_match(found, &pkt) &&
			       (found == e ||
				nfto_entry_rank(found) <= nfto_entry_rank(e))),
			      "rlookup");
			exact++;
		} else if (e->exact) {
			rcu_read_lock();
			found = nfto_table_xlookup(&hw->table, e->group->port,
						   &pkt);
			rcu_read_unlock();
			/* e, or an exact entry of an earlier group that matches too */
			CHECK(found && found->exact &&
			      (found == e || found->group != e->group) &&
			      nfto_entry_match(found, &pkt), "xlookup");
			CHECK(nfto_entry_match(e, &pkt), "exact entry misses its key");
			exact++;
			heads++;
		}
		n++;
	}
	list_for_each_entry(e, &hw->table.masked, list) {
		CHECK(!e->exact, "exact entry on the masked list");
		CHECK(e->group->type == NFTO_FLOW_FT, "a rule on the masked list");
		masked++;
	}
	for (i = 0; i < NFTO_TABLE_PORTS; i++) {
		struct nfto_table_port *tp = &hw->table.ports[i];

		list_for_each_entry(g, &tp->xgroups, xlist) {
			CHECK(g->type == NFTO_FLOW_FT,
			      "block rules' group probed");
			CHECK(g->port == i, "group of port %u on %u", g->port, i);
			xcount += g->xcount;
		}
		/* rule groups: sorted by chain, rank; each hashes its rules */
		pg = NULL;
		list_for_each_entry(g, &tp->rgroups, xlist) {
			CHECK(g->type == NFTO_FLOW_RULE,
			      "flowtable group on rgroups");
			CHECK(g->port == i, "group of port %u on %u", g->port, i);
			CHECK(!pg || pg->chain_index < g->chain_index ||
			      (pg->chain_index == g->chain_index &&
			       ((u64)pg->prio << 32 | pg->seq) <
			       ((u64)g->prio << 32 | g->seq)), "rgroups order");
			xcount += g->xcount;
			pg = g;
		}
	}
	CHECK(xcount == exact, "%u != %u", xcount, exact);
	CHECK(atomic_read(&hw->table.groups.nelems) == hw->table.ngroups,
	      "%d != %u", atomic_read(&hw->table.groups.nelems),
	      hw->table.ngroups);
	CHECK(hw->table.ngroups <= n, "%u groups, %u entries",
	      hw->table.ngroups, n);
	CHECK(n == hw->table.count, "%u != %u", n, hw->table.count);
	CHECK(exact + masked == n, "%u + %u != %u", exact, masked, n);
	CHECK(hw->table.count <= hw->table.size, "%u", hw->table.count);
	CHECK(atomic_read(&hw->table.ht.nelems) == n, "%d",
	      atomic_read(&hw->table.ht.nelems));
	/* the rules with equal words hang off the hashed one */
	CHECK(atomic_read(&hw->table.xht.nelems) <= exact &&
	      atomic_read(&hw->table.xht.nelems) >= heads, "%d",
	      atomic_read(&hw->table.xht.nelems));
	CHECK(fb->violations == 0, "%s", fb->violation);
	if (fb->ops.flow_add && !fb->del_err)
		CHECK(fb->nlive == n, "backend %u, table %u", fb->nlive, n);
}

static int port_of(struct nfto_hw *hw, int ifindex)
{
	return ifindex >= 100 && ifindex < 104 ? ifindex - 100 : -1;
}

/* The stats path reports without hw->lock (it may run in atomic context). */
static bool in_stats;

static void report(struct nfto_hw *hw, const struct nfto_failure *f)
{
	CHECK(in_stats || lockdep_is_held(&hw->lock), "report without the lock");
	CHECK(!in_stats || !lockdep_is_held(&hw->lock), "stats took the lock");
	CHECK(strnlen(f->reason, sizeof(f->reason)) < sizeof(f->reason), "");
	CHECK(f->reason[0], "empty reason");
	CHECK(f->kind < __NFTO_FAIL_MAX, "%u", f->kind);
}

static void run_engine(struct in *in, struct test_rule *tr)
{
	static int owners[2];
	struct netlink_ext_ack ext;
	struct nfto_hw_stats d;
	struct nfto_hw hw;
	struct nfto_req req = { .where = "fuzz", .extack = &ext };
	unsigned int i, rounds;
	struct fake_backend *cur;
	u32 size;
	int err;

	random_backend(in, &fake_a, "alpha");
	size = 1 + u8_(in) % fake_a.caps.table_size_max;
	memset(&hw, 0, sizeof(hw));
	hw.report = report;
	hw.port_of = port_of;
	CHECK(try_module_get(&fake_a.mod), "");
	if (nfto_hw_init(&hw, "nfto0", &fake_a.ops, size, NULL)) {
		CHECK(!module_refcount(&fake_a.mod), "");
		return;
	}
	cur = &fake_a;
	hw.faults.fail_add = !(u8_(in) & 15);
	hw.faults.fail_nth = u8_(in) % 6;

	rounds = 1 + u8_(in) % 6;
	for (i = 0; i < rounds; i++) {
		u8 op = u8_(in);

		memset(&ext, 0, sizeof(ext));
		req.cookie = op >> 6;
		req.owner = &owners[(op >> 5) & 1];
		switch (op % 5) {
		case 0:
		case 1: {
			u8 type = u8_(in) & 1;
			u32 prio = num(in);
			u32 chain = num(in);

			nfto_hw_flow_replace(&hw, &req, type, prio, chain,
					     tr->rule);
			break;
		}
		case 2: {
			struct nfto_entry *e = nfto_table_lookup(&hw.table,
								 req.cookie,
								 req.owner);
			u64 before = e ? e->cnt->rep_packets : 0;

			/* each flow's own counters grow by this much */
			cur->stats.packets = u8_(in);
			cur->stats.bytes = cur->stats.packets * 100;
			hw.faults.fail_stats = !(u8_(in) & 7);
			in_stats = true;
			err = nfto_hw_flow_stats(&hw, &req, &d);
			in_stats = false;
			if (!err && e && !ignore_stats && cur->ops.flow_stats)
				CHECK(d.packets <= cur->stats.packets,
				      "delta %llu, counters grew by %llu, reported %llu",
				      (unsigned long long)d.packets,
				      (unsigned long long)cur->stats.packets,
				      (unsigned long long)before);
			break;
		}
		case 3:
			hw.faults.fail_del = !(u8_(in) & 7);
			nfto_hw_flow_destroy(&hw, &req);
			break;
		default: {
			struct fake_backend *next = cur == &fake_a ? &fake_b :
								     &fake_a;
			struct nfto_entry *snap[8];
			unsigned int n = 0, count = hw.table.count;
			struct nfto_entry *e;
			int err, refuse;

			list_for_each_entry(e, &hw.table.all, all)
				if (n < ARRAY_SIZE(snap))
					snap[n++] = e;
			random_backend(in, next, next == &fake_a ? "alpha" :
								   "beta");
			CHECK(try_module_get(&next->mod), "");
			refuse = !(u8_(in) & 7) ? -ENOMEM : 0;
			err = nfto_hw_switch_backend(&hw, &next->ops,
						     fuzz_prepare, &refuse,
						     &ext);
			if (err) {
				/* all or nothing: exactly as before */
				CHECK(hw.backend == &cur->ops, "");
				CHECK(hw.table.count == count, "");
				n = 0;
				list_for_each_entry(e, &hw.table.all, all)
					if (n < ARRAY_SIZE(snap))
						CHECK(snap[n++] == e, "moved");
				CHECK(next->nlive == 0, "%u", next->nlive);
				CHECK(next->live_devs == 0, "");
				CHECK(!module_refcount(&next->mod), "");
			} else {
				CHECK(cur->nlive == 0, "%u", cur->nlive);
				CHECK(!module_refcount(&cur->mod), "");
				CHECK(cur->live_devs == 0, "");
				CHECK(cur->violations == 0, "%s",
				      cur->violation);
				cur = next;
			}
			break;
		}
		}
		check_consistent(&hw, cur);
		if (!(u8_(in) & 7))
			nfto_hw_flush_owner(&hw, &owners[0]);
	}
	hw.faults.fail_del = false;
	nfto_hw_fini(&hw);
	CHECK(cur->nlive == 0, "%u", cur->nlive);
	CHECK(cur->live_devs == 0, "");
	CHECK(!module_refcount(&cur->mod), "");
	CHECK(cur->violations == 0, "%s", cur->violation);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	shim.quiet = true;
	const char *ignore = getenv("NFTO_FUZZ_IGNORE_KNOWN") ?: "";

	ignore_mangle = strstr(ignore, "mangle") || strstr(ignore, "all");
	ignore_stats = strstr(ignore, "stats") || strstr(ignore, "all");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct in in = { data, size };
	long allocs = shim.allocs_live;
	unsigned long warnings = shim.warnings;
	char reason[NFTO_REASON_MAX];
	struct test_rule tr;
	struct nfto_flow f;
	char tuple[112];
	int err;

	build_rule(&in, &tr);

	memset(reason, 0, sizeof(reason));
	err = nfto_flow_parse(&f, tr.rule, reason, sizeof(reason));
	if (err) {
		CHECK(err == -EOPNOTSUPP || err == -EINVAL || err == -E2BIG,
		      "%d", err);
		CHECK(reason[0] && strnlen(reason, sizeof(reason)) <
		      sizeof(reason), "reason");
	} else {
		check_parsed(&f, &tr);
		CHECK(nfto_flow_tuple_str(&f, tuple, sizeof(tuple)) <
		      (int)sizeof(tuple), "");

		random_backend(&in, &fake_c, "gamma");
		f.type = u8_(&in) & 1;
		f.prio = num(&in);
		f.chain_index = num(&in);
		memset(reason, 0, sizeof(reason));
		err = nfto_flow_check_caps(&f, &fake_c.ops, reason,
					   sizeof(reason));
		if (err)
			CHECK(reason[0], "no reason for %d", err);
		else
			check_fits(&f, &fake_c.caps);
	}

	run_engine(&in, &tr);
	tr_fini(&tr);

	CHECK(shim.allocs_live == allocs, "%ld objects leaked",
	      shim.allocs_live - allocs);
	CHECK(shim.warnings == warnings, "WARN: %s", shim.last_warning);
	CHECK(!shim.locks_held && !shim.rcu_depth, "");
	return 0;
}
