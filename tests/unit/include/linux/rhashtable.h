/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim for tests/unit: a test double of the kernel's rhashtable
 * with the subset of its API the core uses, and the kernel's return values:
 *  - rhashtable_init(): -EINVAL without key_len (or obj_hashfn+obj_cmpfn);
 *  - rhashtable_lookup_insert_fast(), rhashtable_lookup_insert_key():
 *    -EEXIST for a key already present, -E2BIG beyond max_size;
 *  - rhashtable_remove_fast(): -ENOENT for an object not in the table;
 *  - rhashtable_replace_fast(): -ENOENT for an old object not in the table,
 *    -EINVAL if the new object's key differs (the kernel checks only that
 *    the hash matches; the double is stricter, the contract is "same key"),
 *    or with obj_hashfn, if its hash differs (as the kernel).
 * Keys hash with jhash/jhash2 like rht_key_get_hash(). Single-threaded.
 * rhashtable_lookup() warns outside an RCU read-side section, as
 * PROVE_RCU does in the kernel (rhashtable_lookup_fast() takes it itself).
 */
#ifndef _SHIM_LINUX_RHASHTABLE_H
#define _SHIM_LINUX_RHASHTABLE_H

#include <linux/jhash.h>
#include <linux/kernel.h>
#include <linux/rcupdate.h>
#include <linux/rhashtable-types.h>

int rhashtable_init(struct rhashtable *ht,
		    const struct rhashtable_params *params);
void rhashtable_destroy(struct rhashtable *ht);

void *shim_rht_lookup(struct rhashtable *ht, const void *key,
		      const struct rhashtable_params *params);
int shim_rht_insert(struct rhashtable *ht, struct rhash_head *obj,
		    const struct rhashtable_params *params);
int shim_rht_insert_key(struct rhashtable *ht, const void *key,
			struct rhash_head *obj,
			const struct rhashtable_params *params);
int shim_rht_remove(struct rhashtable *ht, struct rhash_head *obj,
		    const struct rhashtable_params *params);
int shim_rht_replace(struct rhashtable *ht, struct rhash_head *old,
		     struct rhash_head *new,
		     const struct rhashtable_params *params);

/* The kernel passes params by value so that they fold into constants. */
static inline void *rhashtable_lookup_fast(struct rhashtable *ht,
					   const void *key,
					   const struct rhashtable_params params)
{
	return shim_rht_lookup(ht, key, &params);
}

static inline void *rhashtable_lookup(struct rhashtable *ht, const void *key,
				      const struct rhashtable_params params)
{
	WARN_ON(!rcu_read_lock_held());
	return shim_rht_lookup(ht, key, &params);
}

static inline int rhashtable_lookup_insert_fast(struct rhashtable *ht,
					struct rhash_head *obj,
					const struct rhashtable_params params)
{
	return shim_rht_insert(ht, obj, &params);
}

static inline int rhashtable_lookup_insert_key(struct rhashtable *ht,
					const void *key, struct rhash_head *obj,
					const struct rhashtable_params params)
{
	return shim_rht_insert_key(ht, key, obj, &params);
}

static inline int rhashtable_remove_fast(struct rhashtable *ht,
					 struct rhash_head *obj,
					 const struct rhashtable_params params)
{
	return shim_rht_remove(ht, obj, &params);
}

static inline int rhashtable_replace_fast(struct rhashtable *ht,
					  struct rhash_head *obj_old,
					  struct rhash_head *obj_new,
					  const struct rhashtable_params params)
{
	return shim_rht_replace(ht, obj_old, obj_new, &params);
}

#endif /* _SHIM_LINUX_RHASHTABLE_H */
