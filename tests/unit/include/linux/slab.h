/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim for tests/unit: kmalloc and friends on top of calloc, with
 * the live-object count and the fail_alloc_nth knob of shim.h. kfree_rcu()
 * frees at once: the tests are single-threaded, and an immediate free makes
 * AddressSanitizer catch any later use of the object.
 */
#ifndef _SHIM_LINUX_SLAB_H
#define _SHIM_LINUX_SLAB_H

#include <linux/types.h>

#define GFP_KERNEL	0x0cc0u
#define GFP_ATOMIC	0x0820u
#define __GFP_ZERO	0x100u
#define __GFP_NOWARN	0x200u

void *kmalloc(size_t size, gfp_t flags);
void *kzalloc(size_t size, gfp_t flags);
void *kcalloc(size_t n, size_t size, gfp_t flags);
void *kmalloc_array(size_t n, size_t size, gfp_t flags);
void kfree(const void *p);

#define kvmalloc(size, flags)		kmalloc(size, flags)
#define kvzalloc(size, flags)		kzalloc(size, flags)
#define kvcalloc(n, size, flags)	kcalloc(n, size, flags)
#define kvmalloc_array(n, size, flags)	kmalloc_array(n, size, flags)
#define kvfree(p)			kfree(p)

/* Caches of one object size; objects come from kzalloc() (counted, failable). */
struct kmem_cache {
	size_t	size;
};

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
				     unsigned int align, unsigned int flags,
				     void (*ctor)(void *));
void kmem_cache_destroy(struct kmem_cache *c);
#define KMEM_CACHE(s, flags)						\
	kmem_cache_create(#s, sizeof(struct s), __alignof__(struct s),	\
			  flags, NULL)
#define kmem_cache_zalloc(c, flags)	kzalloc((c)->size, flags)
#define kmem_cache_free(c, p)		kfree(p)

void shim_kfree_rcu(const void *p);
/* The field name is checked, as in the kernel, but not used. */
#define kfree_rcu(ptr, rhf) do {					\
	(void)sizeof(&(ptr)->rhf);					\
	shim_kfree_rcu(ptr);						\
} while (0)

#endif /* _SHIM_LINUX_SLAB_H */
