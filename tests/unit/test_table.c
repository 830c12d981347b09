// SPDX-License-Identifier: GPL-2.0
/*
 * core/table.c: the (cookie, owner) hash and the evaluation-order list.
 */
#ifndef NFTO_KUNIT
#include <stdlib.h>
#include <time.h>
#endif

#include <linux/if_ether.h>
#include <linux/rculist.h>
#include <linux/slab.h>

#include "nfto.h"
#include "tap.h"

static int owner_a, owner_b;

/*
 * The tests' tables are static, not on the stack: a table's rhashtables
 * hold a work item, which debugobjects (the KUnit build) wants annotated
 * when it is on a stack.
 */

/* An entry of @tb (not yet in it) for @f, on port 0. */
static struct nfto_entry *flow_entry(struct nfto_table *tb,
				     const struct nfto_flow *f,
				     const void *owner)
{
	return nfto_entry_create(tb, f, owner, 0, 0);
}

static struct nfto_entry *entry(struct nfto_table *tb, unsigned long cookie,
				const void *owner, u32 chain, u32 prio)
{
	struct nfto_flow f = {
		.cookie = cookie, .chain_index = chain, .prio = prio,
	};

	return flow_entry(tb, &f, owner);
}

/* Empties @tb, freeing every entry. */
static void drain(struct nfto_table *tb)
{
	struct nfto_entry *e, *tmp;

	list_for_each_entry_safe(e, tmp, &tb->all, all) {
		nfto_table_remove(tb, e);
		nfto_entry_free(tb, e);
	}
}

/* The cookies of a list, in order, as "1 2 3". */
static const char *cookies(struct list_head *head, bool all)
{
	static char buf[512];
	struct list_head *pos;
	size_t off = 0;

	buf[0] = '\0';
	list_for_each(pos, head) {
		struct nfto_entry *e = all ?
			list_entry(pos, struct nfto_entry, all) :
			list_entry(pos, struct nfto_entry, list);

		off += scnprintf(buf + off, sizeof(buf) - off, "%s%lu",
				 off ? " " : "", e->hkey.cookie);
	}
	return buf;
}

/* Evaluation order of the masked rules. */
static const char *order(struct nfto_table *tb)
{
	return cookies(&tb->masked, false);
}

static void table_insert_lookup_remove(struct test *t)
{
	static struct nfto_table tb;
	struct nfto_entry *a, *b;

	ASSERT_EQ(nfto_table_init(&tb, 8), 0);
	EXPECT_EQ(tb.count, 0);
	EXPECT_EQ(tb.size, 8);
	EXPECT_NULL(nfto_table_lookup(&tb, 1, &owner_a));

	a = entry(&tb, 1, &owner_a, 0, 0);
	b = entry(&tb, 2, &owner_a, 0, 0);
	EXPECT_EQ(nfto_table_insert(&tb, a), 0);
	EXPECT_EQ(nfto_table_insert(&tb, b), 0);
	EXPECT_EQ(tb.count, 2);
	EXPECT_PTR_EQ(nfto_table_lookup(&tb, 1, &owner_a), a);
	EXPECT_PTR_EQ(nfto_table_lookup(&tb, 2, &owner_a), b);
	EXPECT_NULL(nfto_table_lookup(&tb, 3, &owner_a));
	EXPECT_STREQ(order(&tb), "1 2");

	nfto_table_remove(&tb, a);
	nfto_entry_free(&tb, a);
	EXPECT_EQ(tb.count, 1);
	EXPECT_NULL(nfto_table_lookup(&tb, 1, &owner_a));
	EXPECT_PTR_EQ(nfto_table_lookup(&tb, 2, &owner_a), b);
	EXPECT_STREQ(order(&tb), "2");

	nfto_table_remove(&tb, b);
	nfto_entry_free(&tb, b);
	EXPECT_EQ(tb.count, 0);
	EXPECT_TRUE(list_empty(&tb.all));
	EXPECT_TRUE(list_empty(&tb.masked));
	nfto_table_destroy(&tb);
}

/* One rule bound through a shared block on two ports: two entries. */
static void table_owner_is_part_of_key(struct test *t)
{
	static struct nfto_table tb;
	struct nfto_entry *a, *b;

	ASSERT_EQ(nfto_table_init(&tb, 8), 0);
	a = entry(&tb, 7, &owner_a, 0, 0);
	b = entry(&tb, 7, &owner_b, 0, 0);
	EXPECT_EQ(nfto_table_insert(&tb, a), 0);
	EXPECT_EQ(nfto_table_insert(&tb, b), 0);
	EXPECT_PTR_EQ(nfto_table_lookup(&tb, 7, &owner_a), a);
	EXPECT_PTR_EQ(nfto_table_lookup(&tb, 7, &owner_b), b);
	EXPECT_NULL(nfto_table_lookup(&tb, 7, NULL));
	EXPECT_EQ(tb.count, 2);
	drain(&tb);
	nfto_table_destroy(&tb);
}

static void table_duplicate_refused(struct test *t)
{
	static struct nfto_table tb;
	struct nfto_entry *a, *dup;

	ASSERT_EQ(nfto_table_init(&tb, 8), 0);
	a = entry(&tb, 1, &owner_a, 0, 5);
	dup = entry(&tb, 1, &owner_a, 0, 1);
	EXPECT_EQ(nfto_table_insert(&tb, a), 0);
	EXPECT_EQ(nfto_table_insert(&tb, dup), -EEXIST);
	EXPECT_EQ(tb.count, 1);
	EXPECT_EQ(list_count_nodes(&tb.all), 1);
	EXPECT_EQ(list_count_nodes(&tb.masked), 1);
	EXPECT_PTR_EQ(nfto_table_lookup(&tb, 1, &owner_a), a);
	nfto_entry_discard(&tb, dup);
	drain(&tb);
	nfto_table_destroy(&tb);
}

static void table_full(struct test *t)
{
	struct nfto_entry *e[4];
	static struct nfto_table tb;
	unsigned int i;

	ASSERT_EQ(nfto_table_init(&tb, 3), 0);
	for (i = 0; i < 4; i++)
		e[i] = entry(&tb, i + 1, &owner_a, 0, 0);
	for (i = 0; i < 3; i++)
		EXPECT_EQ(nfto_table_insert(&tb, e[i]), 0);
	EXPECT_EQ(nfto_table_insert(&tb, e[3]), -ENOSPC);
	EXPECT_EQ(tb.count, 3);
	EXPECT_NULL(nfto_table_lookup(&tb, 4, &owner_a));
	EXPECT_STREQ(order(&tb), "1 2 3");

	nfto_table_remove(&tb, e[1]);
	nfto_entry_free(&tb, e[1]);
	EXPECT_EQ(nfto_table_insert(&tb, e[3]), 0);
	EXPECT_STREQ(order(&tb), "1 3 4");
	drain(&tb);
	nfto_table_destroy(&tb);

	/* a table of size 0 takes nothing */
	ASSERT_EQ(nfto_table_init(&tb, 0), 0);
	e[0] = entry(&tb, 1, &owner_a, 0, 0);
	EXPECT_EQ(nfto_table_insert(&tb, e[0]), -ENOSPC);
	nfto_entry_discard(&tb, e[0]);
	nfto_table_destroy(&tb);
}

/* Chain first, then priority, then the order of insertion. */
static void table_evaluation_order(struct test *t)
{
	static const struct { u32 chain, prio; } in[] = {
		/* cookie 1..12 */
		{ 1, 10 }, { 0, 20 }, { 0, 10 }, { 2, 0 }, { 0, 10 }, { 1, 5 },
		{ 0, 20 }, { 0, 0 }, { 1, 10 }, { 0, 10 }, { 2, 0 }, { 0, 0 },
	};
	static struct nfto_table tb;
	unsigned int i;

	ASSERT_EQ(nfto_table_init(&tb, 64), 0);
	for (i = 0; i < ARRAY_SIZE(in); i++)
		EXPECT_EQ(nfto_table_insert(&tb, entry(&tb, i + 1, &owner_a,
						       in[i].chain,
						       in[i].prio)), 0);
	EXPECT_STREQ(order(&tb), "8 12 3 5 10 2 7 6 1 9 4 11");
	drain(&tb);
	nfto_table_destroy(&tb);
}

/* A removed entry that comes back goes after its equals. */
static void table_reinsert_goes_last_among_equals(struct test *t)
{
	struct nfto_entry *e[3];
	static struct nfto_table tb;
	unsigned int i;

	ASSERT_EQ(nfto_table_init(&tb, 8), 0);
	for (i = 0; i < 3; i++) {
		e[i] = entry(&tb, i + 1, &owner_a, 0, 7);
		EXPECT_EQ(nfto_table_insert(&tb, e[i]), 0);
	}
	nfto_table_remove(&tb, e[0]);
	EXPECT_EQ(nfto_table_insert(&tb, e[0]), 0);
	EXPECT_STREQ(order(&tb), "2 3 1");
	drain(&tb);
	nfto_table_destroy(&tb);
}

static void table_replace_keeps_position(struct test *t)
{
	struct nfto_entry *old, *new;
	static struct nfto_table tb;
	unsigned int i;

	ASSERT_EQ(nfto_table_init(&tb, 8), 0);
	for (i = 1; i <= 5; i++)
		EXPECT_EQ(nfto_table_insert(&tb, entry(&tb, i, &owner_a, 0, i)), 0);
	old = nfto_table_lookup(&tb, 3, &owner_a);
	ASSERT_NOT_NULL(old);
	new = entry(&tb, 3, &owner_a, 0, 3);
	nfto_table_replace(&tb, old, new);
	EXPECT_EQ(tb.count, 5);
	EXPECT_STREQ(order(&tb), "1 2 3 4 5");
	EXPECT_PTR_EQ(nfto_table_lookup(&tb, 3, &owner_a), new);
	EXPECT_PTR_EQ(list_next_entry(list_first_entry(&tb.masked,
						       struct nfto_entry, list),
				      list)->list.next, &new->list);
	EXPECT_EQ(list_count_nodes(&tb.masked), 5);
	EXPECT_STREQ(cookies(&tb.all, true), "1 2 3 4 5");
	nfto_entry_free(&tb, old);
	drain(&tb);
	nfto_table_destroy(&tb);
}

/* Dumps in parts: entry by index, resumed from the last position. */
static void table_at_resumes(struct test *t)
{
	struct nfto_table_pos pos = {};
	static struct nfto_table tb;
	struct nfto_entry *e[6];
	unsigned int i;

	ASSERT_EQ(nfto_table_init(&tb, 8), 0);
	for (i = 1; i <= 5; i++) {
		e[i] = entry(&tb, i, &owner_a, 0, i);
		EXPECT_EQ(nfto_table_insert(&tb, e[i]), 0);
	}
	for (i = 0; i < 5; i++)
		EXPECT_PTR_EQ(nfto_table_at(&tb, &pos, i), e[i + 1]);
	EXPECT_NULL(nfto_table_at(&tb, &pos, 5));
	EXPECT_NULL(nfto_table_at(&tb, &pos, 9));

	/* an unchanged table: the position is trusted, not walked again */
	EXPECT_PTR_EQ(nfto_table_at(&tb, &pos, 1), e[2]);
	pos.cookie = 5;
	EXPECT_PTR_EQ(nfto_table_at(&tb, &pos, 1), e[5]);
	/* a position whose entry is gone (another table): from the oldest */
	pos.cookie = 99;
	EXPECT_PTR_EQ(nfto_table_at(&tb, &pos, 1), e[2]);
	/* backwards: from the oldest */
	EXPECT_PTR_EQ(nfto_table_at(&tb, &pos, 0), e[1]);

	/* a change in between: the old position is never followed */
	EXPECT_PTR_EQ(nfto_table_at(&tb, &pos, 1), e[2]);
	nfto_table_remove(&tb, e[2]);
	nfto_entry_free(&tb, e[2]);
	EXPECT_PTR_EQ(nfto_table_at(&tb, &pos, 1), e[3]);
	e[0] = entry(&tb, 3, &owner_a, 0, 3);
	nfto_table_replace(&tb, e[3], e[0]);
	EXPECT_PTR_EQ(nfto_table_at(&tb, &pos, 1), e[0]);
	nfto_entry_free(&tb, e[3]);
	e[2] = entry(&tb, 6, &owner_a, 0, 6);
	EXPECT_EQ(nfto_table_insert(&tb, e[2]), 0);
	EXPECT_PTR_EQ(nfto_table_at(&tb, &pos, 4), e[2]);
	EXPECT_NULL(nfto_table_at(&tb, &pos, 5));
	drain(&tb);
	EXPECT_NULL(nfto_table_at(&tb, &pos, 0));
	nfto_table_destroy(&tb);
}

#ifndef NFTO_KUNIT
/*
 * Userspace only: a WARN_ON() the test expects (the shim counts it; in the
 * kernel it would be a real warning and a tainted kernel).
 */

/* Replacing with an entry of another key is a bug the table warns about. */
static void table_replace_other_key_warns(struct test *t)
{
	static struct nfto_table tb;
	struct nfto_entry *old, *new;

	ASSERT_EQ(nfto_table_init(&tb, 8), 0);
	old = entry(&tb, 1, &owner_a, 0, 0);
	new = entry(&tb, 2, &owner_a, 0, 0);
	EXPECT_EQ(nfto_table_insert(&tb, old), 0);
	expect_warnings(t, 1);
	nfto_table_replace(&tb, old, new);
	EXPECT_CONTAINS(shim.last_warning, "rhashtable_replace_fast");
	/* the hash still has the old entry: put the lists back too */
	list_replace_rcu(&new->list, &old->list);
	list_replace(&new->all, &old->all);
	nfto_entry_discard(&tb, new);
	drain(&tb);
	nfto_table_destroy(&tb);
}

static void table_destroy_nonempty_warns(struct test *t)
{
	static struct nfto_table tb;
	struct nfto_entry *e;

	ASSERT_EQ(nfto_table_init(&tb, 8), 0);
	e = entry(&tb, 1, &owner_a, 0, 0);
	EXPECT_EQ(nfto_table_insert(&tb, e), 0);
	expect_warnings(t, 1);
	nfto_table_destroy(&tb);
	EXPECT_CONTAINS(shim.last_warning, "t->count");
	/* the table's hashes are gone: free by hand */
	kfree(e->group);
	kfree(e);
}
#endif /* !NFTO_KUNIT */

/*
 * What a flowtable flow looks like once parsed: an exact 5-tuple and
 * ingress port, which the table hashes for the datapath.
 */
static void make_exact(struct nfto_flow *f, u32 iif, u32 saddr, u16 sport)
{
	f->type = NFTO_FLOW_FT;
	f->used_keys = BIT_ULL(FLOW_DISSECTOR_KEY_META) |
		       BIT_ULL(FLOW_DISSECTOR_KEY_BASIC) |
		       BIT_ULL(FLOW_DISSECTOR_KEY_IPV4_ADDRS) |
		       BIT_ULL(FLOW_DISSECTOR_KEY_PORTS);
	f->key.ingress_ifindex = iif;
	f->mask.ingress_ifindex = 0xffffffff;
	f->key.n_proto = htons(ETH_P_IP);
	f->mask.n_proto = 0xffff;
	f->key.ip_proto = IPPROTO_UDP;
	f->mask.ip_proto = 0xff;
	f->key.ipv4_src = htonl(saddr);
	f->key.ipv4_dst = htonl(0x0a000202);
	f->mask.ipv4_src = 0xffffffff;
	f->mask.ipv4_dst = 0xffffffff;
	f->key.src_port = htons(sport);
	f->key.dst_port = htons(53);
	f->mask.src_port = 0xffff;
	f->mask.dst_port = 0xffff;
}

static struct nfto_entry *xentry(struct nfto_table *tb, unsigned long cookie,
			       const void *owner, u32 iif, u32 saddr, u16 sport)
{
	struct nfto_flow f = { .cookie = cookie };

	make_exact(&f, iif, saddr, sport);
	return flow_entry(tb, &f, owner);
}

/* Looks up a packet with @of's key, as rebuilt from the entry, on port 0. */
static struct nfto_entry *xlookup(struct nfto_table *tb,
				  const struct nfto_entry *of)
{
	struct nfto_flow f;
	struct nfto_entry *e;

	nfto_entry_flow(of, &f);
	/* the datapath's lookup: under RCU (only the pointer is used) */
	rcu_read_lock();
	e = nfto_table_xlookup(tb, 0, &f.key);
	rcu_read_unlock();
	return e;
}

static void table_exact_entries(struct test *t)
{
	struct nfto_entry *x1, *m2, *x3, *dup, *new;
	static struct nfto_table tb;

	ASSERT_EQ(nfto_table_init(&tb, 8), 0);
	x1 = xentry(&tb, 1, &owner_a, 100, 0x0a000101, 1000);
	m2 = entry(&tb, 2, &owner_a, 0, 0);
	x3 = xentry(&tb, 3, &owner_a, 100, 0x0a000103, 1000);
	dup = xentry(&tb, 4, &owner_b, 100, 0x0a000101, 1000);	/* x1's tuple */
	EXPECT_EQ(nfto_table_insert(&tb, x1), 0);
	EXPECT_EQ(nfto_table_insert(&tb, m2), 0);
	EXPECT_EQ(nfto_table_insert(&tb, x3), 0);
	EXPECT_EQ(nfto_table_insert(&tb, dup), 0);
	EXPECT_TRUE(x1->exact);
	EXPECT_FALSE(m2->exact);
	EXPECT_TRUE(x3->exact);
	EXPECT_FALSE(dup->exact);	/* the tuple is taken: a masked rule */
	EXPECT_EQ(tb.count, 4);
	EXPECT_EQ(atomic_read(&tb.xht.nelems), 2);
	EXPECT_STREQ(order(&tb), "2 4");
	/* what the datapath reads to skip a walk of @masked */
	EXPECT_EQ(tb.masked_rules, 1);
	EXPECT_EQ(tb.masked_ft, 1);
	EXPECT_STREQ(cookies(&tb.all, true), "1 2 3 4");
	EXPECT_PTR_EQ(xlookup(&tb, x1), x1);
	EXPECT_PTR_EQ(xlookup(&tb, x3), x3);
	EXPECT_PTR_EQ(nfto_table_lookup(&tb, 4, &owner_b), dup);

	/* replace keeps the hash pointing at the entry in place */
	new = xentry(&tb, 3, &owner_a, 100, 0x0a000103, 1000);
	nfto_table_replace(&tb, x3, new);
	EXPECT_TRUE(new->exact);
	EXPECT_PTR_EQ(xlookup(&tb, new), new);
	EXPECT_PTR_EQ(nfto_table_lookup(&tb, 3, &owner_a), new);
	EXPECT_STREQ(cookies(&tb.all, true), "1 2 3 4");
	nfto_entry_free(&tb, x3);

	/* removal takes it out of the hash */
	nfto_table_remove(&tb, x1);
	EXPECT_NULL(xlookup(&tb, dup));
	EXPECT_EQ(atomic_read(&tb.xht.nelems), 1);
	nfto_entry_free(&tb, x1);
	EXPECT_EQ(tb.masked_ft, 1);
	drain(&tb);
	EXPECT_EQ(atomic_read(&tb.xht.nelems), 0);
	EXPECT_EQ(tb.masked_rules, 0);
	EXPECT_EQ(tb.masked_ft, 0);
	nfto_table_destroy(&tb);
}

/*
 * An entry stores only the key words its group uses, and its actions: it
 * rebuilds the flow exactly, and matches packets as the full flow does.
 */
static void table_entry_compact(struct test *t)
{
	static struct nfto_flow f, back;
	static struct nfto_table tb;
	struct nfto_entry *e, *x, *y;
	struct nfto_key pkt;
	unsigned int i, bad = 0;
	u32 *fk = (u32 *)&f.key, *fm = (u32 *)&f.mask, *pw = (u32 *)&pkt;
	u32 x32 = 2463534242u;

	/* every word used, every action slot: the largest entry */
	memset(&f, 0, sizeof(f));
	f.cookie = 42;
	f.type = NFTO_FLOW_RULE;
	f.prio = 7;
	f.chain_index = 3;
	f.port_ifindex = 11;
	f.used_keys = NFTO_MODEL_KEYS;
	for (i = 0; i < NFTO_KEY_WORDS; i++) {
		fk[i] = 0x01010101u * (i + 1);
		fm[i] = i & 1 ? 0xffffffffu : 0x00ff00ffu;
	}
	f.num_actions = NFTO_MAX_ACTIONS;
	for (i = 0; i < NFTO_MAX_ACTIONS; i++) {
		f.actions[i].id = FLOW_ACTION_MANGLE;
		f.actions[i].mangle.offset = i;
		f.actions[i].mangle.val = ~i;
	}
	ASSERT_EQ(nfto_table_init(&tb, 8), 0);
	e = nfto_entry_create(&tb, &f, &owner_a, 3, 40);
	ASSERT_NOT_NULL(e);
	EXPECT_EQ(e->group->nwords, NFTO_KEY_WORDS);
	EXPECT_EQ(e->group->port, 3);
	EXPECT_PTR_EQ(e->hkey.owner, &owner_a);
	EXPECT_EQ(e->priv_off % 8, 0);
	EXPECT_EQ(e->priv_off, ALIGN(sizeof(*e) + 4 * NFTO_KEY_WORDS +
				     NFTO_MAX_ACTIONS * sizeof(struct nfto_action), 8));
	nfto_entry_flow(e, &back);
	EXPECT_MEMEQ(&back, &f, sizeof(f));
	EXPECT_EQ(e->hkey.cookie, 42);

	/* random packets (xorshift): the compact match is the full one */
	for (i = 0; i < 20000; i++) {
		unsigned int w;

		for (w = 0; w < NFTO_KEY_WORDS; w++) {
			x32 ^= x32 << 13;
			x32 ^= x32 >> 17;
			x32 ^= x32 << 5;
			pw[w] = x32 & 0x100 ? fk[w] ^ (1u << (x32 & 31)) : fk[w];
		}
		bad += nfto_entry_match(e, &pkt) != nfto_key_match(&f, &pkt);
	}
	EXPECT_EQ(bad, 0);
	nfto_entry_discard(&tb, e);
	EXPECT_EQ(tb.ngroups, 0);

	/* a flowtable flow: iif, n_proto + ip_proto, addresses, ports */
	memset(&f, 0, sizeof(f));
	make_exact(&f, 100, 0x0a000101, 1000);
	f.num_actions = 1;
	f.actions[0].id = FLOW_ACTION_DROP;
	x = nfto_entry_create(&tb, &f, &owner_a, 0, 0);
	ASSERT_NOT_NULL(x);
	EXPECT_EQ(x->group->nwords, 5);
	EXPECT_EQ(x->priv_off, ALIGN(sizeof(*x) + 5 * 4 +
				     sizeof(struct nfto_action), 8));
#ifdef NFTO_KUNIT
	/* one hardware entry in a 128 B object on 64-bit kernels (P5) */
	if (sizeof(long) == 8)
		EXPECT_EQ(x->priv_off, 120);
#endif
	nfto_entry_flow(x, &back);
	EXPECT_MEMEQ(&back, &f, sizeof(f));
	pkt = f.key;
	EXPECT_TRUE(nfto_entry_match(x, &pkt));
	pkt.dst_port = htons(54);
	EXPECT_FALSE(nfto_entry_match(x, &pkt));

	/* another flow of that shape shares the group: only its key is its own */
	make_exact(&f, 100, 0x0a000102, 1001);
	y = nfto_entry_create(&tb, &f, &owner_a, 0, 0);
	ASSERT_NOT_NULL(y);
	EXPECT_PTR_EQ(y->group, x->group);
	EXPECT_EQ(x->group->refs, 2);
	EXPECT_EQ(tb.ngroups, 1);
	nfto_entry_flow(y, &back);
	EXPECT_MEMEQ(&back, &f, sizeof(f));
	/* on another port, or at another priority: a group of its own */
	f.prio = 1;
	e = nfto_entry_create(&tb, &f, &owner_a, 0, 0);
	ASSERT_NOT_NULL(e);
	EXPECT_TRUE(e->group != x->group);
	nfto_entry_discard(&tb, e);
	f.prio = 0;
	e = nfto_entry_create(&tb, &f, &owner_a, 1, 0);
	ASSERT_NOT_NULL(e);
	EXPECT_TRUE(e->group != x->group);
	nfto_entry_discard(&tb, e);
	EXPECT_EQ(tb.ngroups, 1);
	nfto_entry_discard(&tb, y);
	nfto_entry_discard(&tb, x);
	EXPECT_EQ(tb.ngroups, 0);
	nfto_table_destroy(&tb);
}

#ifndef NFTO_KUNIT
/* Userspace only: libc's clock and calloc() of 1M entries. */
static unsigned long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000ull + ts.tv_nsec / 1000000;
}

#define BIG (1u << 20)

/* The hashes start sized for the table, up to a cap (the shim's sizes). */
static void table_presized(struct test *t)
{
	static struct nfto_table small, big;

	ASSERT_EQ(nfto_table_init(&small, 8), 0);
	ASSERT_EQ(nfto_table_init(&big, BIG), 0);
	EXPECT_EQ(small.xht.shim_size, 16);	/* 8 * 4 / 3, rounded up */
	EXPECT_EQ(big.ht.shim_size, 32768);	/* 16384 * 4 / 3, rounded up */
	EXPECT_EQ(big.xht.shim_size, 32768);
	nfto_table_destroy(&big);
	nfto_table_destroy(&small);
}

/*
 * 1M entries in (half of them exact flowtable flows), looked up, out in
 * another order: the count is back to 0.
 */
static void table_million(struct test *t)
{
	unsigned long long t0 = now_ms();
	struct nfto_entry **es, *e, *prev = NULL;
	struct nfto_table_pos pos = {};
	unsigned int i, bad = 0;
	static struct nfto_table tb;

	es = calloc(BIG, sizeof(*es));
	ASSERT_NOT_NULL(es);
	ASSERT_EQ(nfto_table_init(&tb, BIG), 0);
	for (i = 0; i < BIG; i++) {
		struct nfto_flow f = {
			.cookie = 0x10000000ul + i * 64ul,
			/* flowtable flows: one flowtable's priority */
			.chain_index = i & 1 ? 0 : i >> 18,
			.prio = i & 1 ? 0 : i >> 10,
		};

		if (i & 1)
			make_exact(&f, 100 + (i & 3), i, i >> 16);
		es[i] = flow_entry(&tb, &f, i & 2 ? &owner_a : &owner_b);
		bad += nfto_table_insert(&tb, es[i]) != 0;
	}
	EXPECT_EQ(bad, 0);
	EXPECT_EQ(tb.count, BIG);
	EXPECT_EQ(atomic_read(&tb.xht.nelems), BIG / 2);
	EXPECT_EQ(atomic_read(&tb.ht.nelems), BIG);
	EXPECT_EQ(nfto_table_insert(&tb, es[0]), -ENOSPC);

	for (i = 0; i < BIG; i++) {
		bad += nfto_table_lookup(&tb, es[i]->hkey.cookie,
					 es[i]->hkey.owner) != es[i];
		if (i & 1)
			bad += xlookup(&tb, es[i]) != es[i];
	}
	EXPECT_EQ(bad, 0);
	EXPECT_NULL(nfto_table_lookup(&tb, es[2]->hkey.cookie, &owner_b));
	/* the masked rules are the even ones, in insertion order */
	list_for_each_entry(e, &tb.masked, list) {
		bad += e->exact ||
		       (prev && e->hkey.cookie != prev->hkey.cookie + 128);
		prev = e;
	}
	EXPECT_EQ(bad, 0);
	EXPECT_PTR_EQ(prev, es[BIG - 2]);
	/* a dump by index, one entry a part: every entry, in age order */
	for (i = 0; i < BIG; i++)
		bad += nfto_table_at(&tb, &pos, i) != es[i];
	EXPECT_EQ(bad, 0);
	EXPECT_NULL(nfto_table_at(&tb, &pos, BIG));

	/* an odd stride visits every index once */
	for (i = 0; i < BIG; i++)
		nfto_table_remove(&tb, es[(i * 40503u) & (BIG - 1)]);
	EXPECT_EQ(tb.count, 0);
	EXPECT_TRUE(list_empty(&tb.all));
	EXPECT_TRUE(list_empty(&tb.masked));
	EXPECT_EQ(atomic_read(&tb.ht.nelems), 0);
	EXPECT_EQ(atomic_read(&tb.xht.nelems), 0);
	EXPECT_NULL(nfto_table_lookup(&tb, es[7]->hkey.cookie,
				      es[7]->hkey.owner));
	EXPECT_NULL(xlookup(&tb, es[7]));
	for (i = 0; i < BIG; i++)
		nfto_entry_free(&tb, es[i]);
	EXPECT_EQ(tb.ngroups, 0);
	nfto_table_destroy(&tb);
	free(es);
	test_info(t, "table_million: %u entries in and out in %llu ms", BIG,
		  now_ms() - t0);
}
#endif /* !NFTO_KUNIT */

static const struct test_case table_cases[] = {
	TEST_CASE(table_insert_lookup_remove),
	TEST_CASE(table_owner_is_part_of_key),
	TEST_CASE(table_duplicate_refused),
	TEST_CASE(table_full),
	TEST_CASE(table_evaluation_order),
	TEST_CASE(table_reinsert_goes_last_among_equals),
	TEST_CASE(table_replace_keeps_position),
	TEST_CASE(table_at_resumes),
#ifndef NFTO_KUNIT
	TEST_CASE(table_replace_other_key_warns),
	TEST_CASE(table_destroy_nonempty_warns),
#endif
	TEST_CASE(table_exact_entries),
	TEST_CASE(table_entry_compact),
#ifndef NFTO_KUNIT
	TEST_CASE(table_presized),
	TEST_CASE(table_million),
#endif
	{}
};

const struct test_suite suite_table = { "table", table_cases };
