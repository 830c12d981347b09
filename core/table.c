// SPDX-License-Identifier: GPL-2.0
/*
 * The flow table: what is "in hardware" on one switch.
 *
 * Entries are found by (cookie, owner) through an rhashtable for the control
 * plane, and kept on a list in evaluation order (chain, then priority, then
 * age) for the datapath. Writers hold the switch's nfto_hw.lock; the list is
 * RCU so the packet path can walk it without a lock, and entries are freed
 * after a grace period. Pure code: also built for userspace (tests/unit).
 */
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

int nfto_table_init(struct nfto_table *t, u32 size)
{
	INIT_LIST_HEAD(&t->entries);
	t->count = 0;
	t->size = size;
	return rhashtable_init(&t->ht, &nfto_table_params);
}
EXPORT_SYMBOL_GPL(nfto_table_init);

/* The table must be empty: the engine removes every entry first. */
void nfto_table_destroy(struct nfto_table *t)
{
	WARN_ON(t->count || !list_empty(&t->entries));
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

static bool nfto_entry_before(const struct nfto_entry *a,
			      const struct nfto_entry *b)
{
	if (a->flow.chain_index != b->flow.chain_index)
		return a->flow.chain_index < b->flow.chain_index;
	return a->flow.prio < b->flow.prio;
}

/* Return: 0, -ENOSPC when the table is full, -EEXIST for a duplicate. */
int nfto_table_insert(struct nfto_table *t, struct nfto_entry *e)
{
	struct nfto_entry *pos;
	int err;

	if (t->count >= t->size)
		return -ENOSPC;
	err = rhashtable_lookup_insert_fast(&t->ht, &e->node, nfto_table_params);
	if (err)
		return err;

	/* After every entry that does not sort after @e: stable order. */
	list_for_each_entry_reverse(pos, &t->entries, list) {
		if (!nfto_entry_before(e, pos))
			break;
	}
	list_add_rcu(&e->list, &pos->list);
	t->count++;
	return 0;
}
EXPORT_SYMBOL_GPL(nfto_table_insert);

/* The caller frees @e after an RCU grace period. */
void nfto_table_remove(struct nfto_table *t, struct nfto_entry *e)
{
	rhashtable_remove_fast(&t->ht, &e->node, nfto_table_params);
	list_del_rcu(&e->list);
	t->count--;
}
EXPORT_SYMBOL_GPL(nfto_table_remove);

/* @new takes @old's place (same key) atomically for RCU readers. */
void nfto_table_replace(struct nfto_table *t, struct nfto_entry *old,
			struct nfto_entry *new)
{
	WARN_ON(rhashtable_replace_fast(&t->ht, &old->node, &new->node,
					nfto_table_params));
	list_replace_rcu(&old->list, &new->list);
}
EXPORT_SYMBOL_GPL(nfto_table_replace);
