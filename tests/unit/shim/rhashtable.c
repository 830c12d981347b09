// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace shim for tests/unit: the rhashtable test double (see
 * <linux/rhashtable.h> for the contract). Keys hash as in the kernel's
 * rht_key_get_hash(); buckets are chains in a power-of-two array that
 * doubles above 75% load and, with automatic_shrinking, halves below 30%.
 * rht_find_obj() hashes the object's key again rather than trusting the
 * cached hash, so an object whose key changed while in the table is not
 * found (-ENOENT), as in the kernel.
 */
#include <stdlib.h>

#include <linux/kernel.h>
#include <linux/log2.h>
#include <linux/rhashtable.h>
#include <linux/string.h>

#define SHIM_RHT_MIN_SIZE	4u

static const void *rht_obj(const struct rhash_head *he,
			   const struct rhashtable_params *p)
{
	return (const char *)he - p->head_offset;
}

static const void *rht_key(const struct rhash_head *he,
			   const struct rhashtable_params *p)
{
	return (const char *)rht_obj(he, p) + p->key_offset;
}

static u32 rht_hash(const struct rhashtable *ht, const void *key,
		    const struct rhashtable_params *p)
{
	if (p->hashfn)
		return p->hashfn(key, p->key_len, ht->shim_seed);
	if (p->key_len & (sizeof(u32) - 1))
		return jhash(key, p->key_len, ht->shim_seed);
	return jhash2(key, p->key_len / sizeof(u32), ht->shim_seed);
}

static u32 rht_obj_hash(const struct rhashtable *ht,
			const struct rhash_head *he,
			const struct rhashtable_params *p)
{
	if (p->obj_hashfn)
		return p->obj_hashfn(rht_obj(he, p), p->key_len, ht->shim_seed);
	return rht_hash(ht, rht_key(he, p), p);
}

static bool rht_key_eq(struct rhashtable *ht, const struct rhash_head *he,
		       const void *key, const struct rhashtable_params *p)
{
	struct rhashtable_compare_arg arg = { .ht = ht, .key = key };

	if (p->obj_cmpfn)
		return !p->obj_cmpfn(&arg, rht_obj(he, p));
	return !memcmp(rht_key(he, p), key, p->key_len);
}

static void rht_check_params(const struct rhashtable *ht,
			     const struct rhashtable_params *p)
{
	/* The kernel requires the same params on every call; so do we. */
	WARN_ON(p->key_len != ht->p.key_len ||
		p->key_offset != ht->p.key_offset ||
		p->head_offset != ht->p.head_offset);
}

static int rht_resize(struct rhashtable *ht, unsigned int size)
{
	struct rhash_head **nb, *he, *next;
	unsigned int i;

	nb = calloc(size, sizeof(*nb));
	if (!nb)
		return -ENOMEM;
	for (i = 0; i < ht->shim_size; i++) {
		for (he = ht->shim_buckets[i]; he; he = next) {
			u32 h = he->shim_hash & (size - 1);

			next = he->next;
			he->next = nb[h];
			nb[h] = he;
		}
	}
	free(ht->shim_buckets);
	ht->shim_buckets = nb;
	ht->shim_size = size;
	return 0;
}

int rhashtable_init(struct rhashtable *ht,
		    const struct rhashtable_params *params)
{
	unsigned int size = SHIM_RHT_MIN_SIZE;

	memset(ht, 0, sizeof(*ht));
	if ((!params->key_len && !params->obj_hashfn) ||
	    (params->obj_hashfn && !params->obj_cmpfn))
		return -EINVAL;
	ht->p = *params;
	/* As the kernel: at most max_size buckets, 2 x max_size entries. */
	if (params->max_size)
		ht->p.max_size = rounddown_pow_of_two(params->max_size);
	while (size < params->nelem_hint * 4u / 3)
		size <<= 1;
	ht->shim_seed = 0x5eed;
	ht->shim_buckets = calloc(size, sizeof(*ht->shim_buckets));
	if (!ht->shim_buckets)
		return -ENOMEM;
	ht->shim_size = size;
	return 0;
}

void rhashtable_destroy(struct rhashtable *ht)
{
	free(ht->shim_buckets);
	ht->shim_buckets = NULL;
	ht->shim_size = 0;
	atomic_set(&ht->nelems, 0);
}

static struct rhash_head **rht_find(struct rhashtable *ht, const void *key,
				    const struct rhashtable_params *p)
{
	struct rhash_head **pp;

	pp = &ht->shim_buckets[rht_hash(ht, key, p) & (ht->shim_size - 1)];
	for (; *pp; pp = &(*pp)->next)
		if (rht_key_eq(ht, *pp, key, p))
			return pp;
	return NULL;
}

/* The link pointing at @obj, or NULL if @obj itself is not in the table. */
static struct rhash_head **rht_find_obj(struct rhashtable *ht,
					struct rhash_head *obj,
					const struct rhashtable_params *p)
{
	struct rhash_head **pp;

	pp = &ht->shim_buckets[rht_obj_hash(ht, obj, p) & (ht->shim_size - 1)];
	for (; *pp; pp = &(*pp)->next)
		if (*pp == obj)
			return pp;
	return NULL;
}

void *shim_rht_lookup(struct rhashtable *ht, const void *key,
		      const struct rhashtable_params *p)
{
	struct rhash_head **pp;

	rht_check_params(ht, p);
	pp = rht_find(ht, key, p);
	return pp ? (void *)rht_obj(*pp, p) : NULL;
}

int shim_rht_insert(struct rhashtable *ht, struct rhash_head *obj,
		    const struct rhashtable_params *p)
{
	return shim_rht_insert_key(ht, rht_key(obj, p), obj, p);
}

/* @key is what @obj's key compares as (obj_cmpfn's arg->key). */
int shim_rht_insert_key(struct rhashtable *ht, const void *key,
			struct rhash_head *obj,
			const struct rhashtable_params *p)
{
	struct rhash_head **bucket;
	int err;

	rht_check_params(ht, p);
	if (rht_find(ht, key, p))
		return -EEXIST;
	if (ht->p.max_size && atomic_read(&ht->nelems) >= 2 * ht->p.max_size)
		return -E2BIG;
	if (atomic_read(&ht->nelems) + 1 > ht->shim_size / 4 * 3 &&
	    (!ht->p.max_size || ht->shim_size < ht->p.max_size)) {
		err = rht_resize(ht, ht->shim_size * 2);
		if (err)
			return err;
	}
	obj->shim_hash = rht_obj_hash(ht, obj, p);
	bucket = &ht->shim_buckets[obj->shim_hash & (ht->shim_size - 1)];
	obj->next = *bucket;
	*bucket = obj;
	atomic_inc(&ht->nelems);
	return 0;
}

int shim_rht_remove(struct rhashtable *ht, struct rhash_head *obj,
		    const struct rhashtable_params *p)
{
	struct rhash_head **pp;
	unsigned int min = max_t(unsigned int, p->min_size, SHIM_RHT_MIN_SIZE);

	rht_check_params(ht, p);
	pp = rht_find_obj(ht, obj, p);
	if (!pp)
		return -ENOENT;
	*pp = obj->next;
	atomic_dec(&ht->nelems);
	if (p->automatic_shrinking && ht->shim_size > min &&
	    atomic_read(&ht->nelems) < ht->shim_size * 3 / 10)
		rht_resize(ht, ht->shim_size / 2);	/* may fail: fine */
	return 0;
}

int shim_rht_replace(struct rhashtable *ht, struct rhash_head *old,
		     struct rhash_head *new,
		     const struct rhashtable_params *p)
{
	struct rhash_head **pp;

	rht_check_params(ht, p);
	pp = rht_find_obj(ht, old, p);
	if (!pp)
		return -ENOENT;
	/* With obj_hashfn, the kernel's check: the same hash. */
	if (p->obj_hashfn ?
	    rht_obj_hash(ht, old, p) != rht_obj_hash(ht, new, p) :
	    memcmp(rht_key(old, p), rht_key(new, p), p->key_len))
		return -EINVAL;
	new->next = old->next;
	new->shim_hash = old->shim_hash;
	*pp = new;
	return 0;
}
