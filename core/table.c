// SPDX-License-Identifier: GPL-2.0
/*
 * The flow table: what is "in hardware" on one switch.
 *
 * Every entry is found by (cookie, owner) through @ht, for the control
 * plane, and sits on @all. Entries that match the same way share a group
 * (struct nfto_group, found through @groups): its binding and mask, so an
 * entry keeps only its key words. For the datapath, entries are hashed by
 * (group, key words) in @xht, and a packet is looked up with one probe
 * per group of its ingress port, masked with the group's mask: a tuple
 * space search, as Open vSwitch's classifier does, whose cost follows the
 * number of mask shapes, not of rules.
 *  - Flowtable flows: the groups on the port's @xgroups; the first hit
 *    wins (software has one flow per tuple). A second flow with a taken
 *    tuple, or one whose key strays outside its mask, is on @masked and
 *    walked.
 *  - Rules: the groups on the port's @rgroups, sorted by (chain,
 *    priority, seq). Each rule has a rank (nfto_entry_rank()) no lower
 *    than its group's, and the lookup returns the matching rule of
 *    lowest rank above a given one (the next rule after one that did not
 *    end classification), stopping at the first group that cannot hold a
 *    better one: OVS ranks its subtables the same way.
 * Writers hold the switch's nfto_hw.lock; @xht, the ports' group lists,
 * @masked and the rules' @dup chains are read under RCU by the packet
 * path, and entries and groups are freed after a grace period. Pure
 * code: also built for userspace (tests/unit).
 */
#include <linux/error-injection.h>
#include <linux/jhash.h>
#include <linux/log2.h>
#include <linux/rculist.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include "nfto.h"

static const struct rhashtable_params nfto_table_params = {
	.key_len		= sizeof(struct nfto_entry_key),
	.key_offset		= offsetof(struct nfto_entry, hkey),
	.head_offset		= offsetof(struct nfto_entry, node),
	.automatic_shrinking	= true,
};

/* The key of @xht: an entry's group and key words, or a masked packet's. */
struct nfto_xlookup {
	const struct nfto_group	*group;
	const u32		*words;		/* group->nwords of them */
};

static u32 nfto_xhash(const struct nfto_group *g, const u32 *w, u32 seed)
{
	return jhash2(w, g->nwords, seed ^ g->id);
}

static u32 nfto_xkey_hashfn(const void *data, u32 len, u32 seed)
{
	const struct nfto_xlookup *k = data;

	return nfto_xhash(k->group, k->words, seed);
}

static u32 nfto_xobj_hashfn(const void *data, u32 len, u32 seed)
{
	const struct nfto_entry *e = data;

	return nfto_xhash(e->group, e->data, seed);
}

static int nfto_xobj_cmpfn(struct rhashtable_compare_arg *arg,
			   const void *obj)
{
	const struct nfto_xlookup *k = arg->key;
	const struct nfto_entry *e = obj;

	return k->group != e->group ||
	       memcmp(k->words, e->data, e->group->nwords * sizeof(u32));
}

/* Inserts pass the key explicitly (rhashtable_lookup_insert_key()). */
static const struct rhashtable_params nfto_xtable_params = {
	.key_len		= sizeof(struct nfto_xlookup),
	.head_offset		= offsetof(struct nfto_entry, xnode),
	.hashfn			= nfto_xkey_hashfn,
	.obj_hashfn		= nfto_xobj_hashfn,
	.obj_cmpfn		= nfto_xobj_cmpfn,
	.automatic_shrinking	= true,
};

/*
 * @groups is keyed by a group itself: a template on the stack, or one of
 * the groups; everything but the list heads, counts and @id compares.
 */
static u32 nfto_group_hash(const struct nfto_group *g, u32 seed)
{
	u32 h;

	h = jhash_3words(g->type | g->frontend << 8 | (u32)g->port << 16,
			 g->prio, g->chain_index, seed);
	h = jhash_3words(g->port_ifindex, g->words,
			 (u32)g->used_keys ^ (u32)(g->used_keys >> 32), h);
	return jhash2(g->mask, g->nwords, h);
}

static u32 nfto_group_hashfn(const void *data, u32 len, u32 seed)
{
	return nfto_group_hash(data, seed);
}

static int nfto_group_cmpfn(struct rhashtable_compare_arg *arg,
			    const void *obj)
{
	const struct nfto_group *k = arg->key, *g = obj;

	return k->type != g->type || k->frontend != g->frontend ||
	       k->port != g->port ||
	       k->prio != g->prio || k->chain_index != g->chain_index ||
	       k->port_ifindex != g->port_ifindex || k->words != g->words ||
	       k->used_keys != g->used_keys || k->nwords != g->nwords ||
	       memcmp(k->mask, g->mask, g->nwords * sizeof(u32));
}

static const struct rhashtable_params nfto_group_params = {
	.key_len		= sizeof(struct nfto_group),
	.head_offset		= offsetof(struct nfto_group, node),
	.hashfn			= nfto_group_hashfn,
	.obj_hashfn		= nfto_group_hashfn,
	.obj_cmpfn		= nfto_group_cmpfn,
	.automatic_shrinking	= true,
};

/*
 * Both hashes start sized for this many entries (or fewer, see below)
 * instead of rhashtable's minimum: filling a table to the cap then never
 * rehashes, and a larger fill skips the first doublings. Each table's
 * bucket array costs 8 B per 0.75 entries of the hint on 64-bit,
 * 2 x 256 KiB for an idle switch at the cap: the cap is what bounds it.
 */
#define NFTO_TABLE_HINT_MAX	16384

/*
 * The most buckets either hash gets: one per entry the flow_table
 * resource allows, rounded down to a power of two, so a full table runs
 * at a load of 1 to 2 entries per bucket (rhashtable accepts up to 2 x
 * max_size), as the conntrack hash does by default, instead of growing
 * at 75 % load to as many as 2.7 buckets per entry. A hardware table is
 * bounded by its size; its software shadow is bounded by it too. At
 * 100,000 entries: 65,536 buckets (a 512 KiB array in a 1 MiB
 * allocation) per hash instead of 262,144 (2 MiB in 4 MiB), see P5 in
 * Documentation/performance.rst.
 */
static u32 nfto_table_buckets_max(u32 size)
{
	return rounddown_pow_of_two(max_t(u32, size, 64));
}

int nfto_table_init(struct nfto_table *t, u32 size)
{
	struct rhashtable_params p = nfto_table_params;
	struct rhashtable_params xp = nfto_xtable_params;
	u32 buckets = nfto_table_buckets_max(size);
	unsigned int i;
	int err;

	INIT_LIST_HEAD(&t->all);
	INIT_LIST_HEAD(&t->masked);
	for (i = 0; i < NFTO_TABLE_PORTS; i++) {
		INIT_LIST_HEAD(&t->ports[i].xgroups);
		INIT_LIST_HEAD(&t->ports[i].rgroups);
	}
	t->masked_ft = 0;
	t->seq = 1;
	t->count = 0;
	t->size = size;
	t->gen = 0;
	t->ngroups = 0;
	t->group_seq = 0;
	/* The first array is no larger than the last may grow to. */
	p.nelem_hint = min_t(u32, min(size, buckets / 4 * 3),
			     NFTO_TABLE_HINT_MAX);
	p.max_size = buckets;
	xp.nelem_hint = p.nelem_hint;
	xp.max_size = p.max_size;
	/* Only sizes differ: lookups pass the static params. */
	err = rhashtable_init(&t->ht, &p);
	if (err)
		return err;
	err = rhashtable_init(&t->xht, &xp);
	if (err)
		goto err_ht;
	err = rhashtable_init(&t->groups, &nfto_group_params);
	if (err)
		goto err_xht;
	return 0;

err_xht:
	rhashtable_destroy(&t->xht);
err_ht:
	rhashtable_destroy(&t->ht);
	return err;
}
EXPORT_SYMBOL_GPL(nfto_table_init);
ALLOW_ERROR_INJECTION(nfto_table_init, ERRNO);

/* The table must be empty: the engine removes every entry first. */
void nfto_table_destroy(struct nfto_table *t)
{
	WARN_ON(t->count || !list_empty(&t->all) || t->ngroups);
	rhashtable_destroy(&t->groups);
	rhashtable_destroy(&t->xht);
	rhashtable_destroy(&t->ht);
}
EXPORT_SYMBOL_GPL(nfto_table_destroy);

struct nfto_entry *nfto_table_lookup(struct nfto_table *t,
				     unsigned long cookie, const void *owner)
{
	struct nfto_entry_key key;

	memset(&key, 0, sizeof(key));
	key.cookie = cookie;
	key.owner = owner;
	return rhashtable_lookup_fast(&t->ht, &key, nfto_table_params);
}
EXPORT_SYMBOL_GPL(nfto_table_lookup);

/**
 * nfto_table_xlookup - the exact-match entry a packet hits
 * @t: the table, under rcu_read_lock()
 * @port: the ingress port
 * @pkt: the packet's key, zeroed before being filled
 *
 * Probes @xht once per flowtable group bound on @port (the port's own
 * list) that holds exact entries, with the packet masked by the group's
 * mask: a packet matches an exact entry iff its masked words equal the
 * entry's key words (which lie within the mask, see
 * nfto_entry_exactable()). A TCP FIN or RST thus
 * misses, as the flowtable flow's mask on the TCP flags asks.
 *
 * Return: the first entry found, or NULL.
 */
struct nfto_entry *nfto_table_xlookup(struct nfto_table *t, u16 port,
				      const struct nfto_key *pkt)
{
	const u32 *p = (const u32 *)pkt;
	u32 w[NFTO_KEY_WORDS];
	struct nfto_group *g;

	if (port >= NFTO_TABLE_PORTS)
		return NULL;
	list_for_each_entry_rcu(g, &t->ports[port].xgroups, xlist) {
		struct nfto_xlookup k = { .group = g, .words = w };
		struct nfto_entry *e;
		unsigned int j;
		u32 bits;

		if (!READ_ONCE(g->xcount))
			continue;
		for (j = 0, bits = g->words; bits; j++, bits &= bits - 1)
			w[j] = p[__ffs64(bits)] & g->mask[j];
		e = rhashtable_lookup(&t->xht, &k, nfto_xtable_params);
		if (e)
			return e;
	}
	return NULL;
}
EXPORT_SYMBOL_GPL(nfto_table_xlookup);

static u64 nfto_group_rank(const struct nfto_group *g)
{
	return (u64)g->prio << 32 | g->seq;
}

/*
 * The transport fields: a fragment has none for tc (fl_classify()
 * dissects without FLOW_DISSECTOR_F_PARSE_1ST_FRAG: a flower rule reads
 * zeroes), where nf_tables reads a first fragment's, and for a later one
 * what its fast payload path reads there (the datapath's key holds that,
 * see nfto_parse()); when even that is missing, the datapath sets
 * NFTO_CTRL_NO_L4 and an nft rule on ports does not match.
 */
static const struct nfto_key nfto_l4_fields = {
	.src_port	= htons(0xffff),
	.dst_port	= htons(0xffff),
	.tcp_flags	= htons(0xffff),
	.icmp_type	= 0xff,
	.icmp_code	= 0xff,
};

/* The transport protocol: nft rules on it need NFT_PKTINFO_L4PROTO. */
static const struct nfto_key nfto_proto_field = {
	.ip_proto	= 0xff,
};

/**
 * nfto_table_rlookup - the next rule a packet hits
 * @t: the table, under rcu_read_lock()
 * @port: the ingress port
 * @chain: the chain being evaluated
 * @pkt: the packet's key, zeroed before being filled; tc rules see a
 *	fragment's without its transport fields, as tc does
 * @nft: nf_tables' view of the packet where it differs from @pkt (an IPv6
 *	packet whose transport header ipv6_find_hdr() finds past where the
 *	flow dissector stops), else NULL; nft rules on transport fields do
 *	not match a view marked NFTO_CTRL_NO_L4, nor rules on the protocol
 *	one marked NFTO_CTRL_NO_L4PROTO
 * @after: the rank of the last rule performed in @chain, 0 for none
 *
 * One probe of @xht per rule group of (@port, @chain), in rank order (the
 * port's list, sorted by chain and rank), each with the packet masked by
 * the group's mask; a group whose rank is not below the best rule found
 * so far cannot hold a better one, and ends the search (the groups after
 * it rank no lower).
 *
 * Return: the matching rule of lowest rank above @after, or NULL.
 */
struct nfto_entry *nfto_table_rlookup(struct nfto_table *t, u16 port,
				      u32 chain, const struct nfto_key *pkt,
				      const struct nfto_key *nft, u64 after)
{
	const u32 *hide = (const u32 *)&nfto_l4_fields;
	bool frag = pkt->ctrl_flags & FLOW_DIS_IS_FRAGMENT;
	struct nfto_entry *best = NULL;
	u32 nflags;
	u64 brank = U64_MAX;
	u32 w[NFTO_KEY_WORDS];
	struct nfto_group *g;

	if (port >= NFTO_TABLE_PORTS)
		return NULL;
	if (!nft)
		nft = pkt;
	nflags = nft->ctrl_flags;
	list_for_each_entry_rcu(g, &t->ports[port].rgroups, xlist) {
		struct nfto_xlookup k = { .group = g, .words = w };
		bool isnft = g->frontend == NFTO_FRONTEND_NFT;
		bool tcfrag = frag && !isnft;
		const u32 *p = (const u32 *)(isnft ? nft : pkt);
		struct nfto_entry *e;
		unsigned int i, j;
		u32 bits;

		if (g->chain_index != chain) {
			if (g->chain_index > chain)
				break;
			continue;
		}
		if (nfto_group_rank(g) >= brank)
			break;
		if (!READ_ONCE(g->xcount))
			continue;
		/* nf_tables: no bytes to load, no match on them */
		if (isnft && (((nflags & NFTO_CTRL_NO_L4) && g->l4) ||
			      ((nflags & NFTO_CTRL_NO_L4PROTO) && g->l4proto)))
			continue;
		for (j = 0, bits = g->words; bits; j++, bits &= bits - 1) {
			i = __ffs64(bits);
			w[j] = p[i] & g->mask[j];
			if (tcfrag)
				w[j] &= ~hide[i];
		}
		/* The rules with these words, in rank order. */
		e = rhashtable_lookup(&t->xht, &k, nfto_xtable_params);
		for (; e; e = rcu_dereference(e->dup)) {
			u64 r = nfto_entry_rank(e);

			if (r <= after)
				continue;
			if (r < brank) {
				best = e;
				brank = r;
			}
			break;
		}
	}
	return best;
}
EXPORT_SYMBOL_GPL(nfto_table_rlookup);

/* @a sorts before @b on their port's @rgroups. */
static bool nfto_group_before(const struct nfto_group *a,
			      const struct nfto_group *b)
{
	if (a->chain_index != b->chain_index)
		return a->chain_index < b->chain_index;
	return nfto_group_rank(a) < nfto_group_rank(b);
}

static void nfto_rgroup_insert(struct nfto_table *t, struct nfto_group *g)
{
	struct list_head *head = &t->ports[g->port].rgroups;
	struct nfto_group *pos;

	list_for_each_entry_reverse(pos, head, xlist) {
		if (!nfto_group_before(g, pos))
			break;
	}
	list_add_rcu(&g->xlist, &pos->xlist);
}

/* Flowtable flows walked by priority, then age. */
static void nfto_masked_insert(struct nfto_table *t, struct nfto_entry *e)
{
	struct nfto_entry *pos;

	list_for_each_entry_reverse(pos, &t->masked, list) {
		if (pos->group->prio <= e->group->prio)
			break;
	}
	list_add_rcu(&e->list, &pos->list);
	WRITE_ONCE(t->masked_ft, t->masked_ft + 1);
}

static int nfto_seq_cmp(const void *a, const void *b)
{
	u32 x = **(const u32 * const *)a, y = **(const u32 * const *)b;

	return x < y ? -1 : x > y;
}

/*
 * @t->seq is about to wrap (2^32 rule insertions): number every rule and
 * rule group again from 1, in their order. A packet classified meanwhile
 * may see ranks of both numberings, once in four billion insertions.
 */
static int nfto_seq_renumber(struct nfto_table *t)
{
	struct nfto_group *g;
	struct nfto_entry *e;
	u32 **v, i, n = 0;

	v = kvmalloc_array(t->count + t->ngroups, sizeof(*v), GFP_KERNEL);
	if (!v)
		return -ENOMEM;
	for (i = 0; i < NFTO_TABLE_PORTS; i++)
		list_for_each_entry(g, &t->ports[i].rgroups, xlist)
			v[n++] = &g->seq;
	list_for_each_entry(e, &t->all, all)
		if (e->group->type == NFTO_FLOW_RULE)
			v[n++] = &e->seq;
	sort(v, n, sizeof(*v), nfto_seq_cmp, NULL);
	for (i = 0; i < n; i++)
		WRITE_ONCE(*v[i], i + 1);
	t->seq = n + 1;
	kvfree(v);
	return 0;
}

static int nfto_seq_next(struct nfto_table *t, u32 *seq)
{
	int err;

	if (unlikely(t->seq == U32_MAX)) {
		err = nfto_seq_renumber(t);
		if (err)
			return err;
	}
	*seq = t->seq++;
	return 0;
}

/* Hashes rule @e, after the rules of its group with the same words. */
static int nfto_rule_insert(struct nfto_table *t, struct nfto_entry *e)
{
	struct nfto_xlookup k = { .group = e->group, .words = e->data };
	struct nfto_entry *h, *last;
	int err;

	err = nfto_seq_next(t, &e->seq);
	if (err)
		return err;
	RCU_INIT_POINTER(e->dup, NULL);
	h = rhashtable_lookup_fast(&t->xht, &k, nfto_xtable_params);
	if (!h) {
		err = rhashtable_lookup_insert_key(&t->xht, &k, &e->xnode,
						   nfto_xtable_params);
		if (err)
			return err;
	} else {
		for (last = h; rcu_access_pointer(last->dup);
		     last = rcu_dereference_protected(last->dup, 1))
			;
		rcu_assign_pointer(last->dup, e);
	}
	e->exact = true;
	return 0;
}

/* Unhashes rule @e: the next one with its words takes its place. */
static void nfto_rule_remove(struct nfto_table *t, struct nfto_entry *e,
			     struct nfto_entry *new)
{
	struct nfto_xlookup k = { .group = e->group, .words = e->data };
	struct nfto_entry *h, *prev, *next;

	next = new ? new : rcu_dereference_protected(e->dup, 1);
	h = rhashtable_lookup_fast(&t->xht, &k, nfto_xtable_params);
	if (h == e) {
		if (next)
			WARN_ON(rhashtable_replace_fast(&t->xht, &e->xnode,
							&next->xnode,
							nfto_xtable_params));
		else
			rhashtable_remove_fast(&t->xht, &e->xnode,
					       nfto_xtable_params);
		return;
	}
	for (prev = h; prev; prev = rcu_dereference_protected(prev->dup, 1))
		if (rcu_access_pointer(prev->dup) == e)
			break;
	if (!WARN_ON(!prev))
		rcu_assign_pointer(prev->dup, next);
}

/*
 * A flowtable flow whose key words lie within its mask can be found by
 * hash: a packet matches it iff the packet's masked words equal them.
 */
static bool nfto_entry_exactable(const struct nfto_entry *e)
{
	const struct nfto_group *g = e->group;
	unsigned int j;

	if (g->type != NFTO_FLOW_FT)
		return false;
	for (j = 0; j < g->nwords; j++)
		if (e->data[j] & ~g->mask[j])
			return false;
	return true;
}

/* Return: 0, -ENOSPC when the table is full, -EEXIST for a duplicate. */
int nfto_table_insert(struct nfto_table *t, struct nfto_entry *e)
{
	int err;

	if (t->count >= t->size)
		return -ENOSPC;
	err = rhashtable_lookup_insert_fast(&t->ht, &e->node, nfto_table_params);
	if (err)
		return err;

	if (e->group->type == NFTO_FLOW_RULE) {
		err = nfto_rule_insert(t, e);
		if (err) {
			rhashtable_remove_fast(&t->ht, &e->node,
					       nfto_table_params);
			return err;
		}
	} else if (nfto_entry_exactable(e)) {
		/* Two flows with one tuple: the second is walked. */
		struct nfto_xlookup k = { .group = e->group, .words = e->data };

		e->exact = !rhashtable_lookup_insert_key(&t->xht, &k, &e->xnode,
							 nfto_xtable_params);
	}
	if (e->exact)
		WRITE_ONCE(e->group->xcount, e->group->xcount + 1);
	else
		nfto_masked_insert(t, e);
	list_add_tail(&e->all, &t->all);
	WRITE_ONCE(t->count, t->count + 1);
	t->gen++;
	return 0;
}
EXPORT_SYMBOL_GPL(nfto_table_insert);

/* The caller frees @e with nfto_entry_free(). */
void nfto_table_remove(struct nfto_table *t, struct nfto_entry *e)
{
	rhashtable_remove_fast(&t->ht, &e->node, nfto_table_params);
	if (e->group->type == NFTO_FLOW_RULE) {
		nfto_rule_remove(t, e, NULL);
		WRITE_ONCE(e->group->xcount, e->group->xcount - 1);
	} else if (e->exact) {
		rhashtable_remove_fast(&t->xht, &e->xnode, nfto_xtable_params);
		WRITE_ONCE(e->group->xcount, e->group->xcount - 1);
	} else {
		list_del_rcu(&e->list);
		WRITE_ONCE(t->masked_ft, t->masked_ft - 1);
	}
	list_del(&e->all);
	WRITE_ONCE(t->count, t->count - 1);
	t->gen++;
}
EXPORT_SYMBOL_GPL(nfto_table_remove);

/*
 * @new (same keys, flow and port as @old, hence the same group) takes
 * @old's place for RCU readers, and its rank.
 */
void nfto_table_replace(struct nfto_table *t, struct nfto_entry *old,
			struct nfto_entry *new)
{
	WARN_ON(old->group != new->group);
	WARN_ON(rhashtable_replace_fast(&t->ht, &old->node, &new->node,
					nfto_table_params));
	new->exact = old->exact;
	new->seq = old->seq;
	if (old->group->type == NFTO_FLOW_RULE) {
		RCU_INIT_POINTER(new->dup,
				 rcu_dereference_protected(old->dup, 1));
		nfto_rule_remove(t, old, new);
	} else if (old->exact) {
		WARN_ON(rhashtable_replace_fast(&t->xht, &old->xnode,
						&new->xnode,
						nfto_xtable_params));
	} else {
		list_replace_rcu(&old->list, &new->list);
	}
	list_replace(&old->all, &new->all);
	t->gen++;
}
EXPORT_SYMBOL_GPL(nfto_table_replace);

/**
 * nfto_table_at - entry @idx of the table, oldest first, for dumps
 * @t: the table, under the switch's lock
 * @pos: where the previous part of the dump got to; updated
 * @idx: the entry wanted
 *
 * A dump read in parts asks for the entry after the last one it showed:
 * from a still valid @pos that is one step (or none), so a whole dump is
 * linear in the number of entries, not quadratic. If the table changed in
 * between, the walk starts over from the oldest entry, and the dump may
 * skip or repeat an entry, as any netlink dump may.
 *
 * Return: the entry, or NULL past the last one.
 */
struct nfto_entry *nfto_table_at(struct nfto_table *t,
				 struct nfto_table_pos *pos, unsigned long idx)
{
	struct nfto_entry *e = NULL;
	unsigned long i = 0;

	if (pos->gen == t->gen && pos->idx <= idx && pos->owner)
		e = nfto_table_lookup(t, pos->cookie, pos->owner);
	if (e)
		i = pos->idx;
	else
		e = list_first_entry_or_null(&t->all, struct nfto_entry, all);
	for (; e && i < idx; i++)
		e = list_is_last(&e->all, &t->all) ? NULL :
			list_next_entry(e, all);
	pos->gen = t->gen;
	pos->idx = idx;
	pos->cookie = e ? e->hkey.cookie : 0;
	pos->owner = e ? e->hkey.owner : NULL;
	return e;
}
EXPORT_SYMBOL_GPL(nfto_table_at);

/* @g as the group of @flow bound on @port; its @mask has room for all words. */
static void nfto_group_fill(struct nfto_group *g, const struct nfto_flow *flow,
			    u16 port)
{
	const u32 *k = (const u32 *)&flow->key, *m = (const u32 *)&flow->mask;
	const u32 *l4 = (const u32 *)&nfto_l4_fields;
	const u32 *proto = (const u32 *)&nfto_proto_field;
	unsigned int i;

	BUILD_BUG_ON(NFTO_KEY_WORDS > 32 || sizeof(struct nfto_key) % 4);
	memset(g, 0, sizeof(*g));
	g->type = flow->type;
	g->frontend = flow->frontend;
	g->port = port;
	g->prio = flow->prio;
	g->chain_index = flow->chain_index;
	g->port_ifindex = flow->port_ifindex;
	g->used_keys = flow->used_keys;
	/* A rule's key bits outside its mask are not kept (see below). */
	for (i = 0; i < NFTO_KEY_WORDS; i++) {
		if (m[i] || (k[i] && flow->type != NFTO_FLOW_RULE)) {
			g->words |= BIT(i);
			g->mask[g->nwords++] = m[i];
		}
		if (m[i] & l4[i])
			g->l4 = true;
		if (m[i] & proto[i])
			g->l4proto = true;
	}
}

/* The group of @flow bound on @port, with a reference; NULL without memory. */
static struct nfto_group *nfto_group_get(struct nfto_table *t,
					 const struct nfto_flow *flow, u16 port)
{
	u64 buf[DIV_ROUND_UP(sizeof(struct nfto_group) +
			     NFTO_KEY_WORDS * sizeof(u32), sizeof(u64))];
	struct nfto_group *tmpl = (struct nfto_group *)buf, *g;
	size_t size;

	if (WARN_ON_ONCE(port >= NFTO_TABLE_PORTS))
		return NULL;
	nfto_group_fill(tmpl, flow, port);
	g = rhashtable_lookup_fast(&t->groups, tmpl, nfto_group_params);
	if (g) {
		g->refs++;
		return g;
	}
	size = struct_size(tmpl, mask, tmpl->nwords);
	g = kmalloc(size, GFP_KERNEL);
	if (!g)
		return NULL;
	memcpy(g, tmpl, size);
	g->refs = 1;
	g->id = t->group_seq++;
	if (g->type == NFTO_FLOW_RULE && nfto_seq_next(t, &g->seq)) {
		kfree(g);
		return NULL;
	}
	if (rhashtable_lookup_insert_key(&t->groups, g, &g->node,
					 nfto_group_params)) {
		kfree(g);
		return NULL;
	}
	/* Fully built before readers can see it. */
	if (g->type == NFTO_FLOW_FT)
		list_add_tail_rcu(&g->xlist, &t->ports[port].xgroups);
	else
		nfto_rgroup_insert(t, g);
	t->ngroups++;
	return g;
}

static void nfto_group_put(struct nfto_table *t, struct nfto_group *g)
{
	if (--g->refs)
		return;
	WARN_ON(g->xcount);
	rhashtable_remove_fast(&t->groups, &g->node, nfto_group_params);
	list_del_rcu(&g->xlist);
	t->ngroups--;
	/* The datapath may still be on @xlist, or on an entry of @g. */
	kfree_rcu(g, rcu);
}

/**
 * nfto_entry_create - a zeroed entry holding @flow, sized to it
 * @t: the table it is for, under the switch's lock
 * @flow: the flow; its cookie becomes the entry's
 * @owner: the binding it comes through (the second half of its key)
 * @port: the port it is bound on
 * @priv_size: the backend's flow_priv_size
 *
 * The entry holds a reference to its group in @t until it is freed: by
 * nfto_entry_free() once it was in the table, else nfto_entry_discard().
 * The caller sets the counters.
 *
 * Return: the entry, or NULL.
 */
struct nfto_entry *nfto_entry_create(struct nfto_table *t,
				     const struct nfto_flow *flow,
				     const void *owner, u16 port,
				     size_t priv_size)
{
	const u32 *k = (const u32 *)&flow->key;
	unsigned int i, j, na = min_t(unsigned int, flow->num_actions,
				      NFTO_MAX_ACTIONS);
	struct nfto_group *g;
	struct nfto_entry *e;
	size_t off;
	u32 *d;

	g = nfto_group_get(t, flow, port);
	if (!g)
		return NULL;
	off = ALIGN(sizeof(*e) + g->nwords * sizeof(u32) +
		    na * sizeof(struct nfto_action), 8);
	e = kzalloc(off + priv_size, GFP_KERNEL);
	if (!e) {
		nfto_group_put(t, g);
		return NULL;
	}
	e->group = g;
	e->hkey.cookie = flow->cookie;
	e->hkey.owner = owner;
	e->num_actions = na;
	e->priv_off = off;
	/* A rule is hashed by its key words: only the masked bits count. */
	d = e->data;
	for (i = 0, j = 0; i < NFTO_KEY_WORDS; i++) {
		if (!(g->words & BIT(i)))
			continue;
		d[j] = k[i];
		if (g->type == NFTO_FLOW_RULE)
			d[j] &= g->mask[j];
		j++;
	}
	memcpy(d + j, flow->actions, na * sizeof(struct nfto_action));
	return e;
}
EXPORT_SYMBOL_GPL(nfto_entry_create);

/* Rebuilds the flow @e was created from into @flow. */
void nfto_entry_flow(const struct nfto_entry *e, struct nfto_flow *flow)
{
	const struct nfto_group *g = e->group;
	const u32 *k = nfto_entry_keyw(e);
	u32 *fk = (u32 *)&flow->key, *fm = (u32 *)&flow->mask;
	unsigned int i, j = 0;

	memset(flow, 0, sizeof(*flow));
	flow->cookie = e->hkey.cookie;
	flow->type = g->type;
	flow->frontend = g->frontend;
	flow->prio = g->prio;
	flow->chain_index = g->chain_index;
	flow->port_ifindex = g->port_ifindex;
	flow->used_keys = g->used_keys;
	for (i = 0; i < NFTO_KEY_WORDS; i++) {
		if (g->words & BIT(i)) {
			fk[i] = k[j];
			fm[i] = g->mask[j];
			j++;
		}
	}
	flow->num_actions = e->num_actions;
	memcpy(flow->actions, nfto_entry_actions(e),
	       e->num_actions * sizeof(struct nfto_action));
}
EXPORT_SYMBOL_GPL(nfto_entry_flow);

/*
 * Counters are 40 B: their own cache instead of kmalloc-64 (P5 of
 * Documentation/performance.rst). Made by the module's init.
 */
static struct kmem_cache *nfto_counters_cache;

int nfto_lib_cache_init(void)
{
	nfto_counters_cache = KMEM_CACHE(nfto_counters, 0);
	return nfto_counters_cache ? 0 : -ENOMEM;
}

/* After rcu_barrier(): no entry's RCU callback is left to free counters. */
void nfto_lib_cache_exit(void)
{
	kmem_cache_destroy(nfto_counters_cache);
}

/* Zeroed counters, last used now. */
struct nfto_counters *nfto_counters_alloc(void)
{
	struct nfto_counters *cnt;

	cnt = kmem_cache_zalloc(nfto_counters_cache, GFP_KERNEL);
	if (cnt)
		cnt->lastused = jiffies;
	return cnt;
}
EXPORT_SYMBOL_GPL(nfto_counters_alloc);

void nfto_counters_free(struct nfto_counters *cnt)
{
	if (cnt)
		kmem_cache_free(nfto_counters_cache, cnt);
}
EXPORT_SYMBOL_GPL(nfto_counters_free);

static void nfto_entry_free_rcu(struct rcu_head *head)
{
	struct nfto_entry *e = container_of(head, struct nfto_entry, rcu);

	if (e->owns_cnt)
		nfto_counters_free(e->cnt);
	kfree(e);
}

/**
 * nfto_entry_free - frees an entry taken out of the table
 * @t: its table, under the switch's lock
 * @e: the entry, no longer in @t
 *
 * @e and its counters, if it still owns them, are freed after readers
 * left; its group too, if it was the group's last entry.
 */
void nfto_entry_free(struct nfto_table *t, struct nfto_entry *e)
{
	nfto_group_put(t, e->group);
	call_rcu(&e->rcu, nfto_entry_free_rcu);
}
EXPORT_SYMBOL_GPL(nfto_entry_free);

/* Frees at once an entry that never was in the table (and its counters). */
void nfto_entry_discard(struct nfto_table *t, struct nfto_entry *e)
{
	nfto_group_put(t, e->group);
	if (e->owns_cnt)
		nfto_counters_free(e->cnt);
	kfree(e);
}
EXPORT_SYMBOL_GPL(nfto_entry_discard);
