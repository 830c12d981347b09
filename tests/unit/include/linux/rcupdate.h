/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim for tests/unit: RCU for a single-threaded program. Read-side
 * sections only count their depth (checked after every test); grace periods
 * are immediate.
 */
#ifndef _SHIM_LINUX_RCUPDATE_H
#define _SHIM_LINUX_RCUPDATE_H

#include <linux/kernel.h>

static inline void rcu_read_lock(void)
{
	shim.rcu_depth++;
}

static inline void rcu_read_unlock(void)
{
	WARN_ON(shim.rcu_depth <= 0);
	shim.rcu_depth--;
}

static inline int rcu_read_lock_held(void)
{
	return shim.rcu_depth > 0;
}

static inline void synchronize_rcu(void)
{
	WARN_ON(shim.rcu_depth > 0);	/* would deadlock in the kernel */
}

/*
 * Callbacks run at once: the tests are single-threaded, and an immediate
 * free makes AddressSanitizer catch any later use of the object.
 */
static inline void call_rcu(struct rcu_head *head,
			    void (*func)(struct rcu_head *head))
{
	shim.call_rcu_calls++;
	func(head);
}

static inline void rcu_barrier(void)
{
}

#define rcu_dereference(p)		READ_ONCE(p)
#define rcu_dereference_protected(p, c)	(p)
#define rcu_access_pointer(p)		READ_ONCE(p)
#define rcu_assign_pointer(p, v)	WRITE_ONCE(p, v)
#define RCU_INIT_POINTER(p, v)		WRITE_ONCE(p, v)

#endif /* _SHIM_LINUX_RCUPDATE_H */
