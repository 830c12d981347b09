/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim for tests/unit: the types of <linux/rhashtable-types.h>
 * (Linux 6.12). struct rhashtable_params is the kernel's; struct rhashtable
 * is the state of the test double in shim/rhashtable.c.
 */
#ifndef _SHIM_LINUX_RHASHTABLE_TYPES_H
#define _SHIM_LINUX_RHASHTABLE_TYPES_H

#include <linux/atomic.h>
#include <linux/types.h>

struct rhash_head {
	struct rhash_head	*next;
	u32			shim_hash;	/* cached for resizes */
};

struct rhashtable;

struct rhashtable_compare_arg {
	struct rhashtable	*ht;
	const void		*key;
};

typedef u32 (*rht_hashfn_t)(const void *data, u32 len, u32 seed);
typedef u32 (*rht_obj_hashfn_t)(const void *data, u32 len, u32 seed);
typedef int (*rht_obj_cmpfn_t)(struct rhashtable_compare_arg *arg,
			       const void *obj);

struct rhashtable_params {
	u16			nelem_hint;
	u16			key_len;
	u16			key_offset;
	u16			head_offset;
	unsigned int		max_size;
	u16			min_size;
	bool			automatic_shrinking;
	rht_hashfn_t		hashfn;
	rht_obj_hashfn_t	obj_hashfn;
	rht_obj_cmpfn_t		obj_cmpfn;
};

/* Separate chaining in a power-of-two array, resized at 75% and 30% load. */
struct rhashtable {
	struct rhash_head	**shim_buckets;
	unsigned int		shim_size;
	atomic_t		nelems;		/* as in the kernel */
	u32			shim_seed;
	struct rhashtable_params p;
};

#endif /* _SHIM_LINUX_RHASHTABLE_TYPES_H */
