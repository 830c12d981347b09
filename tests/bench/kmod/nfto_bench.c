// SPDX-License-Identifier: GPL-2.0
/*
 * nfto_bench: fills one switch model with flowtable flows and times the
 * datapath's exact-match lookup, in the kernel, for "make bench" (P4, P5,
 * P6; see Documentation/performance.rst).
 *
 * No netdev, no flow_block: creating a million flows through nft
 * flowtables needs a million conntrack entries, and tc flower rules are
 * not exact-match entries. Instead this module calls what the flow_block
 * glue calls, nft_offload_lib's exported API:
 *
 *   mode=engine  nfto_hw_init() with the netdevsim backend, then one
 *                nfto_hw_flow_replace() per flow with the flow_rule
 *                nf_flow_table_offload.c builds for one direction of an
 *                IPv4 TCP flow (match only; one DROP action): parse, caps,
 *                backend, table, as for a real offload request;
 *   mode=table   entries allocated as the engine allocates them, put in
 *                with nfto_table_insert() directly: the table alone.
 *
 * Then @lookups nfto_table_xlookup() calls of present keys in random order,
 * as nfto_port_rx() makes them (under rcu_read_lock()), timed in chunks;
 * with small=K (table mode) a second table of K flows is looked up in
 * alternating chunks, and with span=S a third stream on the big table's
 * first S flows: the ratio of two sizes measured side by side.
 * Results go to the kernel log as one "nfto_bench: key=value ..." line; the
 * filled table stays until rmmod, so slab usage can be read meanwhile.
 *
 *   insmod nfto_bench.ko entries=100000 lookups=1000000 mode=engine
 *   insmod nfto_bench.ko entries=1000000 small=1000 span=1000 mode=table
 */
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <net/flow_offload.h>

#include "nfto.h"
#include "bench_flow.h"

static unsigned int entries = 1000;
module_param(entries, uint, 0444);
MODULE_PARM_DESC(entries, "flows to put in the table");
static unsigned int lookups = 1000000;
module_param(lookups, uint, 0444);
MODULE_PARM_DESC(lookups, "exact-match lookups to time");
static unsigned int small;
module_param(small, uint, 0444);
MODULE_PARM_DESC(small, "table mode: also a table of this many flows, looked up in alternating chunks with the big one (0: none)");
static unsigned int span;
module_param(span, uint, 0444);
MODULE_PARM_DESC(span, "with small: also a third stream, the big table's flows 0..span-1 (a cache-hot set); without: the only stream");
static char *mode = "engine";
module_param(mode, charp, 0444);
MODULE_PARM_DESC(mode, "engine (nfto_hw_flow_replace) or table (nfto_table_insert)");

#define BENCH_CHUNK	8192

/* The keys nf_flow_rule_match() sets, as struct nf_flow_key does. */
struct bench_keys {
	struct flow_dissector_key_meta		meta;
	struct flow_dissector_key_control	control;
	struct flow_dissector_key_basic		basic;
	struct flow_dissector_key_ipv4_addrs	ipv4;
	struct flow_dissector_key_ports		tp;
	struct flow_dissector_key_tcp		tcp;
} __aligned(BITS_PER_LONG / 8);

struct bench_rule {
	struct flow_dissector	dissector;
	struct bench_keys	key;
	struct bench_keys	mask;
	struct flow_rule	*rule;
};

static struct nfto_hw bench_hw;
static struct nfto_table bench_small;
static bool bench_small_ready;
static bool bench_engine, bench_ready;
static u64 bench_fill_ns;

static int bench_rule_init(struct bench_rule *br)
{
	struct flow_dissector *d = &br->dissector;
	struct bench_keys *m = &br->mask;

	memset(br, 0, sizeof(*br));
	d->used_keys = BIT_ULL(FLOW_DISSECTOR_KEY_META) |
		       BIT_ULL(FLOW_DISSECTOR_KEY_CONTROL) |
		       BIT_ULL(FLOW_DISSECTOR_KEY_BASIC) |
		       BIT_ULL(FLOW_DISSECTOR_KEY_IPV4_ADDRS) |
		       BIT_ULL(FLOW_DISSECTOR_KEY_PORTS) |
		       BIT_ULL(FLOW_DISSECTOR_KEY_TCP);
	d->offset[FLOW_DISSECTOR_KEY_META] = offsetof(struct bench_keys, meta);
	d->offset[FLOW_DISSECTOR_KEY_CONTROL] = offsetof(struct bench_keys, control);
	d->offset[FLOW_DISSECTOR_KEY_BASIC] = offsetof(struct bench_keys, basic);
	d->offset[FLOW_DISSECTOR_KEY_IPV4_ADDRS] = offsetof(struct bench_keys, ipv4);
	d->offset[FLOW_DISSECTOR_KEY_PORTS] = offsetof(struct bench_keys, tp);
	d->offset[FLOW_DISSECTOR_KEY_TCP] = offsetof(struct bench_keys, tcp);

	br->rule = flow_rule_alloc(1);
	if (!br->rule)
		return -ENOMEM;
	br->rule->match.dissector = d;
	br->rule->match.key = &br->key;
	br->rule->match.mask = m;
	br->rule->action.entries[0].id = FLOW_ACTION_DROP;

	br->key.meta.ingress_ifindex = BENCH_IIF;
	m->meta.ingress_ifindex = 0xffffffff;
	br->key.control.addr_type = FLOW_DISSECTOR_KEY_IPV4_ADDRS;
	m->control.addr_type = 0xffff;
	br->key.basic.n_proto = htons(ETH_P_IP);
	m->basic.n_proto = 0xffff;
	br->key.basic.ip_proto = IPPROTO_TCP;
	m->basic.ip_proto = 0xff;
	br->key.ipv4.dst = htonl(BENCH_DST);
	m->ipv4.src = 0xffffffff;
	m->ipv4.dst = 0xffffffff;
	br->key.tp.src = htons(1000);
	br->key.tp.dst = htons(2000);
	m->tp.src = 0xffff;
	m->tp.dst = 0xffff;
	/* FIN and RST must miss, as nf_flow_rule_match() asks */
	m->tcp.flags = cpu_to_be16(be32_to_cpu(TCP_FLAG_RST | TCP_FLAG_FIN) >> 16);
	return 0;
}

static void bench_report(struct nfto_hw *hw, const struct nfto_failure *f)
{
	pr_warn_ratelimited("refused: %s\n", f->reason);
}

static int bench_fill_engine(u32 n)
{
	const struct nfto_backend_ops *ops;
	struct bench_rule br;
	struct nfto_req req = {
		.owner = &bench_hw, .port = 0, .ifindex = BENCH_IIF,
		.where = "nfto_bench",
	};
	int err;
	u32 i;

	ops = nfto_backend_get("netdevsim");
	if (!ops)
		return -ENOENT;
	err = nfto_hw_init(&bench_hw, "bench", ops, n, NULL);
	if (err)
		return err;	/* the reference on @ops is dropped */
	bench_hw.report = bench_report;
	bench_engine = true;
	bench_ready = true;
	err = bench_rule_init(&br);
	if (err)
		return err;
	for (i = 0; i < n && !err; i++) {
		br.key.ipv4.src = htonl(0x0a000000 + i);
		req.cookie = i + 1;
		err = nfto_hw_flow_replace(&bench_hw, &req, NFTO_FLOW_FT, 1, 0,
					   br.rule);
		cond_resched();
	}
	kfree(br.rule);
	return err;
}

/* What nfto_entry_alloc() makes of what nfto_flow_parse() leaves. */
static int bench_fill_table(struct nfto_table *t, u32 n, bool *ready)
{
	struct nfto_flow *f;
	struct nfto_entry *e;
	int err = 0;
	u32 i;

	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	err = nfto_table_init(t, n);
	if (err)
		goto out;
	*ready = true;
	bench_flow_init(f);
	for (i = 0; i < n; i++) {
		bench_flow_set(f, i);
		e = nfto_entry_create(t, f, t, 0, 0);
		if (!e) {
			err = -ENOMEM;
			goto out;
		}
		e->cnt = nfto_counters_alloc();
		if (!e->cnt) {
			nfto_entry_discard(t, e);
			err = -ENOMEM;
			goto out;
		}
		e->owns_cnt = true;
		err = nfto_table_insert(t, e);
		if (err) {
			nfto_entry_discard(t, e);
			goto out;
		}
		cond_resched();
	}
out:
	kfree(f);
	return err;
}

static void bench_empty_table(struct nfto_table *t)
{
	struct nfto_entry *e, *tmp;

	list_for_each_entry_safe(e, tmp, &t->all, all) {
		nfto_table_remove(t, e);
		nfto_entry_free(t, e);
	}
	nfto_table_destroy(t);
}

static void bench_empty(void)
{
	if (bench_small_ready)
		bench_empty_table(&bench_small);
	bench_small_ready = false;
	if (bench_engine)
		nfto_hw_fini(&bench_hw);	/* flushes every flow first */
	else
		bench_empty_table(&bench_hw.table);
}

/* One stream of lookups of present keys, in a pseudo-random order. */
struct bench_stream {
	struct nfto_table	*t;
	u32			n;	/* keys drawn from flows 0..n-1 */
	u32			x;	/* xorshift32 state */
	u32			hits;
	u64			ns;
};

static void bench_chunk(struct bench_stream *st, u32 chunk)
{
	struct nfto_key key;
	u32 x = st->x, hits = 0, i;
	u64 t0;

	rcu_read_lock();
	t0 = ktime_get_ns();
	for (i = 0; i < chunk; i++) {
		/* xorshift32: a new cache line almost every time */
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		bench_pkt(x % st->n, &key);
		hits += !!nfto_table_xlookup(st->t, 0, &key);
	}
	st->ns += ktime_get_ns() - t0;
	rcu_read_unlock();
	st->x = x;
	st->hits += hits;
}

/*
 * @count lookups per stream, the streams alternating chunk by chunk: the
 * host's noise (TCG on a shared machine) falls on all of them alike.
 */
static void bench_lookups(struct bench_stream *st, unsigned int nst, u32 count)
{
	u32 done = 0, chunk;
	unsigned int s;

	for (s = 0; s < nst; s++)
		st[s].x = 2463534242u;
	while (done < count) {
		chunk = min_t(u32, BENCH_CHUNK, count - done);
		for (s = 0; s < nst; s++)
			bench_chunk(&st[s], chunk);
		done += chunk;
		cond_resched();
	}
}

static int __init nfto_bench_init(void)
{
	struct bench_stream st[3] = {};
	unsigned int nst = 0;
	struct nfto_entry *first;
	u64 t0;
	int err;

	if (!entries)
		return -EINVAL;
	t0 = ktime_get_ns();
	if (!strcmp(mode, "engine"))
		err = bench_fill_engine(entries);
	else if (!strcmp(mode, "table"))
		err = bench_fill_table(&bench_hw.table, entries, &bench_ready);
	else
		return -EINVAL;
	bench_fill_ns = ktime_get_ns() - t0;
	if (!err && small && !bench_engine)
		err = bench_fill_table(&bench_small, small, &bench_small_ready);
	if (err) {
		pr_err("filling %u entries (%s) failed: %d after %u\n", entries,
		       mode, err, bench_hw.table.count);
		if (bench_ready)
			bench_empty();
		rcu_barrier();
		return err;
	}

	/* stream 0: the big table; 1: the small one; 2: the big one's hot set */
	st[nst++] = (struct bench_stream){ .t = &bench_hw.table, .n = entries };
	if (bench_small_ready) {
		st[nst++] = (struct bench_stream){ .t = &bench_small, .n = small };
		if (span && span < entries)
			st[nst++] = (struct bench_stream){ .t = &bench_hw.table, .n = span };
	} else if (span && span < entries) {
		st[0].n = span;
	}
	if (lookups) {
		/* tests/bench/tcg-profile.sh starts its host profile on this */
		pr_info("filled %u entries, %u lookups start\n",
			bench_hw.table.count, lookups);
		bench_lookups(st, nst, lookups);
	}
	/*
	 * What is already queued for call_rcu() is freed here; the last
	 * doubling of a hash may still run in rhashtable's worker, whose
	 * outgrown bucket array is queued later: vm.sh waits for the memory
	 * held to settle before reading it (kmem_settled_kb).
	 */
	rcu_barrier();

	first = list_first_entry(&bench_hw.table.all, struct nfto_entry, all);
	pr_info("result mode=%s entries=%u fill_ns=%llu lookups=%u found=%u lookup_ns=%llu small=%u small_found=%u small_lookup_ns=%llu hot=%u hot_found=%u hot_lookup_ns=%llu entry_size=%zu entry_ksize=%zu cnt_ksize=%zu groups=%u\n",
		mode, bench_hw.table.count, bench_fill_ns, lookups, st[0].hits,
		st[0].ns, nst > 1 ? small : 0, st[1].hits, st[1].ns,
		nst > 2 ? span : 0, st[2].hits, st[2].ns,
		(size_t)first->priv_off, ksize(first), ksize(first->cnt),
		bench_hw.table.ngroups);
	return 0;
}

static void __exit nfto_bench_exit(void)
{
	bench_empty();
	rcu_barrier();	/* the entries are freed by call_rcu() */
}

module_init(nfto_bench_init);
module_exit(nfto_bench_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("nft_offload benchmark: table fill and exact-match lookups");
