// SPDX-License-Identifier: GPL-2.0
/*
 * core/table.c: the (cookie, owner) hash, the flowtable flows' hash and the
 * rules' tuple space search.
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

/*
 * Evaluation order of the rules on port 0 that match @pkt, chain by
 * chain (0 to 15), as the datapath finds them: each the next one after
 * the last, as for rules without a verdict.
 */
static const char *order_of(struct nfto_table *tb, const struct nfto_key *pkt)
{
	static char buf[512];
	struct nfto_entry *e;
	size_t off = 0;
	u32 chain;

	buf[0] = '\0';
	rcu_read_lock();
	for (chain = 0; chain < 16; chain++) {
		u64 after = 0;

		while ((e = nfto_table_rlookup(tb, 0, chain, pkt, NULL, after))) {
			off += scnprintf(buf + off, sizeof(buf) - off, "%s%lu",
					 off ? " " : "", e->hkey.cookie);
			after = nfto_entry_rank(e);
		}
	}
	rcu_read_unlock();
	return buf;
}

/* Evaluation order of the rules: those of entry() match every packet. */
static const char *order(struct nfto_table *tb)
{
	static const struct nfto_key any;

	return order_of(tb, &any);
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
	EXPECT_STREQ(order(&tb), "1");
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
	EXPECT_EQ(atomic_read(&tb.xht.nelems), 5);	/* one per prio */
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
	expect_warnings(t, 2);
	nfto_table_replace(&tb, old, new);
	EXPECT_CONTAINS(shim.last_warning, "rhashtable_replace_fast");
	/*
	 * @ht still has the old entry, the rest has the new one: the way
	 * back warns once more (@new is not in @ht) and puts the rest back.
	 */
	nfto_table_replace(&tb, new, old);
	EXPECT_PTR_EQ(nfto_table_lookup(&tb, 1, &owner_a), old);
	EXPECT_STREQ(order(&tb), "1");
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
	EXPECT_TRUE(m2->exact);		/* a rule: hashed in its group */
	EXPECT_TRUE(x3->exact);
	EXPECT_FALSE(dup->exact);	/* the tuple is taken: walked */
	EXPECT_EQ(tb.count, 4);
	EXPECT_EQ(atomic_read(&tb.xht.nelems), 3);
	EXPECT_STREQ(order(&tb), "2");
	EXPECT_STREQ(cookies(&tb.masked, false), "4");
	/* what the datapath reads to skip a walk of @masked */
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
	EXPECT_EQ(atomic_read(&tb.xht.nelems), 2);
	nfto_entry_free(&tb, x1);
	EXPECT_EQ(tb.masked_ft, 1);
	drain(&tb);
	EXPECT_EQ(atomic_read(&tb.xht.nelems), 0);
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
	/* a rule keeps its key words masked: nothing else matches them */
	nfto_entry_flow(e, &back);
	for (i = 0; i < NFTO_KEY_WORDS; i++)
		((u32 *)&back.key)[i] ^= fk[i] & ~fm[i];
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


/* A rule of @fe on port 0: source address and/or destination port. */
/*
 * A rule on @port: the fields given exact, those 0 (@proto: negative)
 * not matched.
 */
static struct nfto_entry *proto_rule(struct nfto_table *tb, u16 port,
				     unsigned long cookie, u8 fe, u32 prio,
				     u32 chain, u32 saddr, int proto,
				     u16 dport)
{
	struct nfto_flow f = {
		.cookie = cookie, .frontend = fe, .prio = prio,
		.chain_index = chain,
	};
	struct nfto_entry *e;

	if (proto >= 0) {
		f.key.ip_proto = proto;
		f.mask.ip_proto = 0xff;
	}
	if (saddr) {
		f.key.ipv4_src = htonl(saddr);
		f.mask.ipv4_src = 0xffffffff;
	}
	if (dport) {
		f.key.dst_port = htons(dport);
		f.mask.dst_port = 0xffff;
	}
	e = nfto_entry_create(tb, &f, &owner_a, port, 0);
	if (e && nfto_table_insert(tb, e)) {
		nfto_entry_discard(tb, e);
		return NULL;
	}
	return e;
}

static struct nfto_entry *port_rule(struct nfto_table *tb, u16 port,
				    unsigned long cookie, u8 fe, u32 prio,
				    u32 chain, u32 saddr, u16 dport)
{
	return proto_rule(tb, port, cookie, fe, prio, chain, saddr, -1, dport);
}

static struct nfto_entry *rule(struct nfto_table *tb, unsigned long cookie,
			       u8 fe, u32 prio, u32 chain, u32 saddr,
			       u16 dport)
{
	return port_rule(tb, 0, cookie, fe, prio, chain, saddr, dport);
}

static const char *order_pkt(struct nfto_table *tb, u32 saddr, u16 dport)
{
	struct nfto_key pkt = {
		.ipv4_src = htonl(saddr), .dst_port = htons(dport),
	};

	return order_of(tb, &pkt);
}

static void drop(struct nfto_table *tb, unsigned long cookie)
{
	struct nfto_entry *e = nfto_table_lookup(tb, cookie, &owner_a);

	nfto_table_remove(tb, e);
	nfto_entry_free(tb, e);
}

/*
 * nft rules in chain order whatever their masks: one probe per mask shape
 * finds them, the rank puts them in order; equal matches are all kept.
 */
static void table_rule_rank_order(struct test *t)
{
	static struct nfto_table tb;
	const u8 nft = NFTO_FRONTEND_NFT;

	ASSERT_EQ(nfto_table_init(&tb, 16), 0);
	ASSERT_NOT_NULL(rule(&tb, 1, nft, 0, 0, 1, 0));	/* group A */
	ASSERT_NOT_NULL(rule(&tb, 2, nft, 0, 0, 0, 22));	/* group B */
	ASSERT_NOT_NULL(rule(&tb, 3, nft, 0, 0, 2, 0));	/* A */
	ASSERT_NOT_NULL(rule(&tb, 4, nft, 0, 0, 0, 0));	/* any */
	ASSERT_NOT_NULL(rule(&tb, 5, nft, 0, 0, 1, 0));	/* 1's match */
	ASSERT_NOT_NULL(rule(&tb, 6, nft, 0, 0, 1, 0));	/* and again */
	EXPECT_EQ(tb.ngroups, 3);
	EXPECT_EQ(atomic_read(&tb.xht.nelems), 4);	/* 5, 6 behind 1 */
	EXPECT_STREQ(order_pkt(&tb, 2, 22), "2 3 4");
	EXPECT_STREQ(order_pkt(&tb, 1, 22), "1 2 4 5 6");
	EXPECT_STREQ(order_pkt(&tb, 1, 80), "1 4 5 6");
	EXPECT_STREQ(order_pkt(&tb, 9, 80), "4");
	/* out of the middle of equal matches, then their head */
	drop(&tb, 5);
	EXPECT_STREQ(order_pkt(&tb, 1, 80), "1 4 6");
	drop(&tb, 1);
	EXPECT_STREQ(order_pkt(&tb, 1, 80), "4 6");
	EXPECT_EQ(atomic_read(&tb.xht.nelems), 4);	/* 6 is hashed now */
	ASSERT_NOT_NULL(rule(&tb, 7, nft, 0, 0, 1, 0));
	EXPECT_STREQ(order_pkt(&tb, 1, 22), "2 4 6 7");
	drop(&tb, 6);
	drop(&tb, 7);
	EXPECT_STREQ(order_pkt(&tb, 1, 22), "2 4");
	/* a lower priority comes first, whatever its age */
	ASSERT_NOT_NULL(rule(&tb, 8, nft, 5, 0, 0, 0));
	ASSERT_NOT_NULL(rule(&tb, 9, nft, 0, 0, 0, 0));
	ASSERT_NOT_NULL(rule(&tb, 10, nft, 0, 1, 0, 0));	/* chain 1 */
	EXPECT_STREQ(order_pkt(&tb, 1, 22), "2 4 9 8 10");
	drain(&tb);
	EXPECT_EQ(tb.ngroups, 0);
	EXPECT_TRUE(list_empty(&tb.ports[0].rgroups));
	nfto_table_destroy(&tb);
}

/*
 * tc rules of one priority in flower's order: by mask, masks in the order
 * they came (fl_classify() walks head->masks), not by the rules' age.
 */
static void table_tc_mask_order(struct test *t)
{
	static struct nfto_table tb;
	const u8 tc = NFTO_FRONTEND_TC;
	struct nfto_entry *e;
	struct nfto_key pkt = {
		.ipv4_src = htonl(2), .dst_port = htons(22),
	};

	ASSERT_EQ(nfto_table_init(&tb, 16), 0);
	ASSERT_NOT_NULL(rule(&tb, 1, tc, 1, 0, 1, 0));	/* mask A */
	ASSERT_NOT_NULL(rule(&tb, 2, tc, 1, 0, 0, 22));	/* mask B */
	ASSERT_NOT_NULL(rule(&tb, 3, tc, 1, 0, 2, 0));	/* mask A */
	rcu_read_lock();
	e = nfto_table_rlookup(&tb, 0, 0, &pkt, NULL, 0);
	rcu_read_unlock();
	EXPECT_TRUE(e && e->hkey.cookie == 3);
	/* mask A's last rule gone, it comes back after B */
	drop(&tb, 1);
	drop(&tb, 3);
	ASSERT_NOT_NULL(rule(&tb, 3, tc, 1, 0, 2, 0));
	rcu_read_lock();
	e = nfto_table_rlookup(&tb, 0, 0, &pkt, NULL, 0);
	rcu_read_unlock();
	EXPECT_TRUE(e && e->hkey.cookie == 2);
	/* a lower priority first */
	ASSERT_NOT_NULL(rule(&tb, 4, tc, 0, 0, 2, 0));
	rcu_read_lock();
	e = nfto_table_rlookup(&tb, 0, 0, &pkt, NULL, 0);
	rcu_read_unlock();
	EXPECT_TRUE(e && e->hkey.cookie == 4);
	EXPECT_TRUE(nfto_entry_final(e));
	drain(&tb);
	nfto_table_destroy(&tb);
}

/*
 * tc rules match the packet as tc sees it (a first fragment without its
 * transport header), nft rules as nf_tables does.
 */
static void table_frontend_views(struct test *t)
{
	static struct nfto_table tb;
	struct nfto_key pkt = {
		.ctrl_flags = FLOW_DIS_IS_FRAGMENT | FLOW_DIS_FIRST_FRAG,
		.dst_port = htons(80), .tcp_flags = htons(0x02),
	};
	struct nfto_flow f = {
		.cookie = 3, .frontend = NFTO_FRONTEND_TC, .chain_index = 2,
	};
	struct nfto_entry *e;

	ASSERT_EQ(nfto_table_init(&tb, 16), 0);
	ASSERT_NOT_NULL(rule(&tb, 1, NFTO_FRONTEND_TC, 0, 0, 0, 80));
	ASSERT_NOT_NULL(rule(&tb, 2, NFTO_FRONTEND_NFT, 0, 1, 0, 80));
	/* tc: "tcp_flags 0/0x2", not SYN: no fragment has flags for tc */
	f.mask.tcp_flags = htons(0x02);
	e = flow_entry(&tb, &f, &owner_a);
	ASSERT_NOT_NULL(e);
	EXPECT_EQ(nfto_table_insert(&tb, e), 0);

	rcu_read_lock();
	EXPECT_NULL(nfto_table_rlookup(&tb, 0, 0, &pkt, NULL, 0));
	e = nfto_table_rlookup(&tb, 0, 1, &pkt, NULL, 0);
	EXPECT_TRUE(e && e->hkey.cookie == 2);
	e = nfto_table_rlookup(&tb, 0, 2, &pkt, NULL, 0);
	EXPECT_TRUE(e && e->hkey.cookie == 3);
	/* a later fragment: ports 0 for tc, nft reads its bytes there */
	pkt.ctrl_flags = FLOW_DIS_IS_FRAGMENT;
	pkt.tcp_flags = 0;
	EXPECT_NULL(nfto_table_rlookup(&tb, 0, 0, &pkt, NULL, 0));
	e = nfto_table_rlookup(&tb, 0, 1, &pkt, NULL, 0);
	EXPECT_TRUE(e && e->hkey.cookie == 2);
	e = nfto_table_rlookup(&tb, 0, 2, &pkt, NULL, 0);
	EXPECT_TRUE(e && e->hkey.cookie == 3);
	/* too short for nft's loads: no port rule matches */
	pkt.ctrl_flags = FLOW_DIS_IS_FRAGMENT | NFTO_CTRL_NO_L4;
	EXPECT_NULL(nfto_table_rlookup(&tb, 0, 1, &pkt, NULL, 0));
	/* not a fragment: the transport header is there for tc too */
	pkt.ctrl_flags = 0;
	pkt.dst_port = htons(80);
	pkt.tcp_flags = htons(0x02);
	e = nfto_table_rlookup(&tb, 0, 0, &pkt, NULL, 0);
	EXPECT_TRUE(e && e->hkey.cookie == 1);
	EXPECT_NULL(nfto_table_rlookup(&tb, 0, 2, &pkt, NULL, 0));
	rcu_read_unlock();
	drain(&tb);
	nfto_table_destroy(&tb);
}

/* At 2^32 insertions the ranks are numbered again, in the same order. */
static void table_seq_wrap(struct test *t)
{
	static struct nfto_table tb;
	const u8 nft = NFTO_FRONTEND_NFT, tc = NFTO_FRONTEND_TC;
	unsigned int i;

	ASSERT_EQ(nfto_table_init(&tb, 16), 0);
	tb.seq = U32_MAX - 4;
	ASSERT_NOT_NULL(rule(&tb, 1, nft, 0, 0, 1, 0));	/* group, rule */
	ASSERT_NOT_NULL(rule(&tb, 2, nft, 0, 0, 0, 22));	/* group, rule */
	ASSERT_NOT_NULL(rule(&tb, 3, tc, 0, 1, 0, 22));	/* wraps */
	ASSERT_NOT_NULL(rule(&tb, 4, tc, 0, 1, 1, 0));
	for (i = 5; i < 9; i++)
		ASSERT_NOT_NULL(rule(&tb, i, nft, 0, 0, i & 1, 0));
	EXPECT_TRUE(tb.seq < 100);
	EXPECT_STREQ(order_pkt(&tb, 1, 22), "1 2 5 6 7 8 3 4");
	EXPECT_STREQ(order_pkt(&tb, 0, 22), "2 6 8 3");
	EXPECT_STREQ(order_pkt(&tb, 1, 0), "1 5 6 7 8 4");
	drain(&tb);
	nfto_table_destroy(&tb);
}

/*
 * Brute force: the rule of lowest (rank, seq) above @after, or NULL; tc
 * rules see a fragment without ports (@tcpkt), nft rules see @nft (or
 * @pkt), and do not match on ports a view marked NFTO_CTRL_NO_L4, on the
 * protocol one marked NFTO_CTRL_NO_L4PROTO.
 */
static struct nfto_entry *ref_lookup(struct nfto_table *tb, u16 port,
				     u32 chain, const struct nfto_key *pkt,
				     const struct nfto_key *nft, u64 after)
{
	struct nfto_entry *e, *best = NULL;
	struct nfto_key tcpkt = *pkt;
	bool nol4, noproto;

	if (!nft)
		nft = pkt;
	nol4 = nft->ctrl_flags & NFTO_CTRL_NO_L4;
	noproto = nft->ctrl_flags & NFTO_CTRL_NO_L4PROTO;
	if (pkt->ctrl_flags & FLOW_DIS_IS_FRAGMENT)
		tcpkt.src_port = tcpkt.dst_port = 0;
	list_for_each_entry(e, &tb->all, all) {
		const struct nfto_group *g = e->group;
		struct nfto_flow f;
		u64 r = nfto_entry_rank(e);

		if (g->type != NFTO_FLOW_RULE || g->port != port ||
		    g->chain_index != chain || r <= after)
			continue;
		nfto_entry_flow(e, &f);
		/* nft: a fragment too short for the port loads */
		if (nol4 && g->frontend == NFTO_FRONTEND_NFT && f.mask.dst_port)
			continue;
		/* nft: no transport protocol found */
		if (noproto && g->frontend == NFTO_FRONTEND_NFT &&
		    f.mask.ip_proto)
			continue;
		if (!nfto_key_match(&f, g->frontend == NFTO_FRONTEND_TC ?
				    &tcpkt : nft))
			continue;
		if (!best || r < nfto_entry_rank(best) ||
		    (r == nfto_entry_rank(best) && e->seq < best->seq))
			best = e;
	}
	return best;
}

static u32 xorshift(u32 *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

/*
 * Random rules (a few mask shapes, priorities, chains, both frontends,
 * equal matches) and packets: the tuple space search finds, rule after
 * rule, what a walk of every rule finds, while rules come and go.
 */
static void table_rlookup_random(struct test *t)
{
	static struct nfto_table tb;
	/* 0 (hop-by-hop) for the nft view that has no protocol */
	static const int protos[] = { 0, 6, 17, 17 };
	u32 x = 88172645u, bad = 0, found = 0, i, n;
	unsigned long cookie = 1;

	ASSERT_EQ(nfto_table_init(&tb, 4096), 0);
	for (n = 0; n < 300; n++) {
		u32 r = xorshift(&x);

		/*
		 * 3 addresses x 3 ports x (none, exact): many equal matches;
		 * on three switch ports, whose lists hold only their own
		 */
		if (!proto_rule(&tb, (r >> 12) % 3, cookie++, r & 1,
				(r >> 1) % 3, (r >> 3) % 2,
				(r >> 4) % 4 ? (r >> 6) % 3 + 1 : 0,
				(r >> 14) % 4 ? -1 : protos[(r >> 16) % 4],
				(r >> 8) % 4 ? (r >> 10) % 3 + 20 : 0))
			bad++;
		if (n % 3 == 2) {	/* and one goes */
			struct nfto_entry *e;
			u32 k = xorshift(&x) % tb.count;

			list_for_each_entry(e, &tb.all, all)
				if (!k--)
					break;
			nfto_table_remove(&tb, e);
			nfto_entry_free(&tb, e);
		}
		for (i = 0; i < 20; i++) {
			struct nfto_key pkt = {
				.ipv4_src = htonl(xorshift(&x) % 4),
				.ip_proto = xorshift(&x) % 3 ? 17 : 51,
				.dst_port = htons(xorshift(&x) % 4 + 20),
			};
			u32 chain = xorshift(&x) % 2;
			u16 port = xorshift(&x) % 3;
			struct nfto_entry *a, *b;
			struct nfto_key nft;
			bool view = false;
			u64 after = 0;

			switch (xorshift(&x) % 4) {
			case 0:		/* a first fragment */
				pkt.ctrl_flags = FLOW_DIS_IS_FRAGMENT |
						 FLOW_DIS_FIRST_FRAG;
				break;
			case 1:		/* a later one: nft's bytes as ports */
				pkt.ctrl_flags = FLOW_DIS_IS_FRAGMENT;
				break;
			case 2:		/* one too short for them */
				pkt.ctrl_flags = FLOW_DIS_IS_FRAGMENT |
						 NFTO_CTRL_NO_L4;
				pkt.dst_port = 0;
				break;
			}
			/*
			 * nf_tables' own view (nfto_parse_nft6()): the
			 * protocol and ports past an AH, or none at all
			 */
			if (pkt.ip_proto == 51) {
				nft = pkt;
				view = true;
				if (xorshift(&x) % 4) {
					nft.ip_proto = xorshift(&x) % 2 ? 17 : 6;
					nft.dst_port = htons(xorshift(&x) % 4 +
							     20);
				} else {
					nft.ip_proto = 0;
					nft.dst_port = 0;
					nft.ctrl_flags |= NFTO_CTRL_NO_L4 |
							  NFTO_CTRL_NO_L4PROTO;
				}
			}
			rcu_read_lock();
			do {
				a = nfto_table_rlookup(&tb, port, chain, &pkt,
						       view ? &nft : NULL,
						       after);
				b = ref_lookup(&tb, port, chain, &pkt,
					       view ? &nft : NULL, after);
				bad += a != b;
				found += !!a;
				after = a ? nfto_entry_rank(a) : 0;
			} while (a && a == b);
			rcu_read_unlock();
		}
	}
	EXPECT_EQ(bad, 0);
	EXPECT_TRUE(found > 1000);
	test_info(t, "%u rules found in order, %u groups at the end", found,
		  tb.ngroups);
	drain(&tb);
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
	/* at most one bucket per entry of the table, a power of two */
	EXPECT_EQ(small.ht.p.max_size, 64);
	EXPECT_EQ(big.ht.p.max_size, BIG);
	EXPECT_EQ(big.xht.p.max_size, BIG);
	nfto_table_destroy(&big);
	nfto_table_destroy(&small);
}

/*
 * A full table whose size is no power of two: the hashes stop growing at
 * the power of two below it (1.5 entries per bucket here), and every
 * flow is still hashed and found, by cookie and by tuple.
 */
static void table_full_load(struct test *t)
{
	const unsigned int n = 1500;
	static struct nfto_table tb;
	struct nfto_entry **es;
	unsigned int i, bad = 0;

	es = calloc(n, sizeof(*es));
	ASSERT_NOT_NULL(es);
	ASSERT_EQ(nfto_table_init(&tb, n), 0);
	/* hinted 768 (3/4 of the most): at the most from the start */
	EXPECT_EQ(tb.xht.shim_size, 1024);
	for (i = 0; i < n; i++) {
		struct nfto_flow f = { .cookie = 0x20000000ul + i * 64ul };

		make_exact(&f, 100, i, i);
		es[i] = flow_entry(&tb, &f, &owner_a);
		bad += nfto_table_insert(&tb, es[i]) != 0;
		bad += !es[i]->exact;
	}
	EXPECT_EQ(bad, 0);
	EXPECT_EQ(tb.ht.shim_size, 1024);
	EXPECT_EQ(tb.xht.shim_size, 1024);
	EXPECT_TRUE(list_empty(&tb.masked));
	for (i = 0; i < n; i++) {
		bad += nfto_table_lookup(&tb, es[i]->hkey.cookie,
					 &owner_a) != es[i];
		bad += xlookup(&tb, es[i]) != es[i];
	}
	EXPECT_EQ(bad, 0);
	for (i = 0; i < n; i++) {
		nfto_table_remove(&tb, es[i]);
		nfto_entry_free(&tb, es[i]);
	}
	EXPECT_EQ(tb.count, 0);
	nfto_table_destroy(&tb);
	free(es);
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

		if (i & 1) {
			make_exact(&f, 100 + (i & 3), i, i >> 16);
		} else {
			/* a rule: /32 on the destination */
			f.key.ipv4_dst = htonl(i);
			f.mask.ipv4_dst = 0xffffffff;
		}
		es[i] = flow_entry(&tb, &f, i & 2 ? &owner_a : &owner_b);
		bad += nfto_table_insert(&tb, es[i]) != 0;
	}
	EXPECT_EQ(bad, 0);
	EXPECT_EQ(tb.count, BIG);
	EXPECT_EQ(atomic_read(&tb.xht.nelems), BIG);
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
	/* the rules are the even ones, each found in its chain */
	EXPECT_TRUE(list_empty(&tb.masked));
	rcu_read_lock();
	for (i = 0; i < BIG; i += 2) {
		struct nfto_key pkt = { .ipv4_dst = htonl(i) };

		/* a rule in 64, else this is a test of ASan's speed */
		if (i % 128 && i != BIG - 2)
			continue;
		e = nfto_table_rlookup(&tb, 0, i >> 18, &pkt, NULL, 0);
		bad += e != es[i];
		prev = e;
	}
	rcu_read_unlock();
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
	TEST_CASE(table_rule_rank_order),
	TEST_CASE(table_tc_mask_order),
	TEST_CASE(table_frontend_views),
	TEST_CASE(table_seq_wrap),
	TEST_CASE(table_rlookup_random),
#ifndef NFTO_KUNIT
	TEST_CASE(table_presized),
	TEST_CASE(table_full_load),
	TEST_CASE(table_million),
#endif
	{}
};

const struct test_suite suite_table = { "table", table_cases };
