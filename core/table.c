// SPDX-License-Identifier: GPL-2.0
/*
 * The flow table: what is "in hardware" on one switch.
 *
 * Every entry is found by (cookie, owner) through @ht, for the control
 * plane, and sits on @all. For the datapath, exact-match entries (flowtable
 * flows: a full 5-tuple and ingress port) are hashed by that tuple in @xht;
 * every other entry is on @masked in evaluation order (chain, then
 * priority, then age). Writers hold the switch's nfto_hw.lock; @xht and
 * @masked are read under RCU by the packet path, and entries are freed
 * after a grace period. Pure code: also built for userspace (tests/unit).
 */
#include <linux/error-injection.h>
#include <linux/jhash.h>
#include <linux/rculist.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>

#include "nfto.h"

static const struct rhashtable_params nfto_table_params = {
	.key_len		= sizeof(struct nfto_entry_key),
	.key_offset		= offsetof(struct nfto_entry, hkey),
	.head_offset		= offsetof(struct nfto_entry, node),
	.automatic_shrinking	= true,
};

static const struct rhashtable_params nfto_xtable_params = {
	.key_len		= sizeof(struct nfto_xkey),
	.key_offset		= offsetof(struct nfto_entry, xkey),
	.head_offset		= offsetof(struct nfto_entry, xnode),
	.automatic_shrinking	= true,
};

/*
 * Both hashes start sized for this many entries (or the table size, if
 * smaller) instead of rhashtable's minimum: filling a table to the cap
 * then never rehashes, and a larger fill skips the first doublings. Each
 * table's bucket array costs 8 B per 0.75 entries of the hint on 64-bit,
 * 2 x 256 KiB for an idle switch at the cap: the cap is what bounds it.
 */
#define NFTO_TABLE_HINT_MAX	16384

int nfto_table_init(struct nfto_table *t, u32 size)
{
	struct rhashtable_params p = nfto_table_params;
	struct rhashtable_params xp = nfto_xtable_params;
	int err;

	INIT_LIST_HEAD(&t->all);
	INIT_LIST_HEAD(&t->masked);
	t->masked_rules = 0;
	t->masked_ft = 0;
	t->count = 0;
	t->size = size;
	p.nelem_hint = min_t(u32, size, NFTO_TABLE_HINT_MAX);
	xp.nelem_hint = p.nelem_hint;
	/* Only the initial size differs: lookups pass the static params. */
	err = rhashtable_init(&t->ht, &p);
	if (err)
		return err;
	err = rhashtable_init(&t->xht, &xp);
	if (err)
		rhashtable_destroy(&t->ht);
	return err;
}
EXPORT_SYMBOL_GPL(nfto_table_init);
ALLOW_ERROR_INJECTION(nfto_table_init, ERRNO);

/* The table must be empty: the engine removes every entry first. */
void nfto_table_destroy(struct nfto_table *t)
{
	WARN_ON(t->count || !list_empty(&t->all));
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

/* For the packet path: under rcu_read_lock(). */
struct nfto_entry *nfto_table_xlookup(struct nfto_table *t,
				      const struct nfto_xkey *key)
{
	return rhashtable_lookup(&t->xht, key, nfto_xtable_params);
}
EXPORT_SYMBOL_GPL(nfto_table_xlookup);

static bool nfto_entry_before(const struct nfto_entry *a,
			      const struct nfto_entry *b)
{
	if (a->chain_index != b->chain_index)
		return a->chain_index < b->chain_index;
	return a->prio < b->prio;
}

static void nfto_masked_count(struct nfto_table *t, const struct nfto_entry *e,
			      int delta)
{
	u32 *n = e->type == NFTO_FLOW_RULE ? &t->masked_rules :
						  &t->masked_ft;

	WRITE_ONCE(*n, *n + delta);
}

static void nfto_masked_insert(struct nfto_table *t, struct nfto_entry *e)
{
	struct nfto_entry *pos;

	/* After every entry that does not sort after @e: stable order. */
	list_for_each_entry_reverse(pos, &t->masked, list) {
		if (!nfto_entry_before(e, pos))
			break;
	}
	list_add_rcu(&e->list, &pos->list);
	nfto_masked_count(t, e, 1);
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

	/* Two flows with one tuple: the second is matched as a masked rule. */
	e->exact = e->has_xkey &&
		   !rhashtable_lookup_insert_fast(&t->xht, &e->xnode,
						  nfto_xtable_params);
	if (!e->exact)
		nfto_masked_insert(t, e);
	list_add_tail(&e->all, &t->all);
	t->count++;
	t->gen++;
	return 0;
}
EXPORT_SYMBOL_GPL(nfto_table_insert);

/* The caller frees @e with nfto_entry_free(). */
void nfto_table_remove(struct nfto_table *t, struct nfto_entry *e)
{
	rhashtable_remove_fast(&t->ht, &e->node, nfto_table_params);
	if (e->exact) {
		rhashtable_remove_fast(&t->xht, &e->xnode, nfto_xtable_params);
	} else {
		list_del_rcu(&e->list);
		nfto_masked_count(t, e, -1);
	}
	list_del(&e->all);
	t->count--;
	t->gen++;
}
EXPORT_SYMBOL_GPL(nfto_table_remove);

/* @new (same keys and flow as @old) takes @old's place for RCU readers. */
void nfto_table_replace(struct nfto_table *t, struct nfto_entry *old,
			struct nfto_entry *new)
{
	WARN_ON(rhashtable_replace_fast(&t->ht, &old->node, &new->node,
					nfto_table_params));
	new->exact = old->exact;
	new->xkey = old->xkey;
	if (old->exact)
		WARN_ON(rhashtable_replace_fast(&t->xht, &old->xnode,
						&new->xnode,
						nfto_xtable_params));
	else
		list_replace_rcu(&old->list, &new->list);
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

/**
 * nfto_entry_create - a zeroed entry holding @flow, sized to it
 * @flow: the flow; its cookie becomes the entry's
 * @priv_size: the backend's flow_priv_size
 * @gfp: allocation flags
 *
 * The caller sets the owner, the port and the counters.
 *
 * Return: the entry, or NULL.
 */
struct nfto_entry *nfto_entry_create(const struct nfto_flow *flow,
				     size_t priv_size, gfp_t gfp)
{
	const u32 *k = (const u32 *)&flow->key, *m = (const u32 *)&flow->mask;
	unsigned int i, n = 0, na = min_t(unsigned int, flow->num_actions,
					  NFTO_MAX_ACTIONS);
	struct nfto_entry *e;
	size_t off;
	u32 words = 0, *d;

	BUILD_BUG_ON(NFTO_KEY_WORDS > 32 || sizeof(struct nfto_key) % 4);
	for (i = 0; i < NFTO_KEY_WORDS; i++) {
		if (k[i] | m[i]) {
			words |= BIT(i);
			n++;
		}
	}
	off = ALIGN(sizeof(*e) + 2 * n * sizeof(u32) +
		    na * sizeof(struct nfto_action), 8);
	e = kzalloc(off + priv_size, gfp);
	if (!e)
		return NULL;
	e->hkey.cookie = flow->cookie;
	e->type = flow->type;
	e->prio = flow->prio;
	e->chain_index = flow->chain_index;
	e->port_ifindex = flow->port_ifindex;
	e->used_keys = flow->used_keys;
	e->words = words;
	e->nwords = n;
	e->num_actions = na;
	e->priv_off = off;
	d = e->data;
	for (i = 0; i < NFTO_KEY_WORDS; i++)
		if (words & BIT(i))
			*d++ = k[i];
	for (i = 0; i < NFTO_KEY_WORDS; i++)
		if (words & BIT(i))
			*d++ = m[i];
	memcpy(d, flow->actions, na * sizeof(struct nfto_action));
	e->has_xkey = nfto_flow_xkey(flow, &e->xkey);
	return e;
}
EXPORT_SYMBOL_GPL(nfto_entry_create);

/* Rebuilds the flow @e was created from into @flow. */
void nfto_entry_flow(const struct nfto_entry *e, struct nfto_flow *flow)
{
	const u32 *k = nfto_entry_keyw(e), *m = nfto_entry_maskw(e);
	u32 *fk = (u32 *)&flow->key, *fm = (u32 *)&flow->mask;
	unsigned int i, j = 0;

	memset(flow, 0, sizeof(*flow));
	flow->cookie = e->hkey.cookie;
	flow->type = e->type;
	flow->prio = e->prio;
	flow->chain_index = e->chain_index;
	flow->port_ifindex = e->port_ifindex;
	flow->used_keys = e->used_keys;
	for (i = 0; i < NFTO_KEY_WORDS; i++) {
		if (e->words & BIT(i)) {
			fk[i] = k[j];
			fm[i] = m[j];
			j++;
		}
	}
	flow->num_actions = e->num_actions;
	memcpy(flow->actions, nfto_entry_actions(e),
	       e->num_actions * sizeof(struct nfto_action));
}
EXPORT_SYMBOL_GPL(nfto_entry_flow);

static void nfto_entry_free_rcu(struct rcu_head *head)
{
	struct nfto_entry *e = container_of(head, struct nfto_entry, rcu);

	if (e->owns_cnt)
		kfree(e->cnt);
	kfree(e);
}

/* Frees @e (and its counters, if it still owns them) after readers left. */
void nfto_entry_free(struct nfto_entry *e)
{
	call_rcu(&e->rcu, nfto_entry_free_rcu);
}
EXPORT_SYMBOL_GPL(nfto_entry_free);
