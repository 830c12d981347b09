/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim for tests/unit: the RCU list primitives of <linux/rculist.h>
 * (Linux 6.12). Removal poisons only ->prev, as in the kernel, since readers
 * may still follow ->next.
 */
#ifndef _SHIM_LINUX_RCULIST_H
#define _SHIM_LINUX_RCULIST_H

#include <linux/list.h>
#include <linux/rcupdate.h>

static inline void list_add_rcu(struct list_head *new, struct list_head *head)
{
	__list_add(new, head, head->next);
}

static inline void list_add_tail_rcu(struct list_head *new,
				     struct list_head *head)
{
	__list_add(new, head->prev, head);
}

static inline void list_del_rcu(struct list_head *entry)
{
	__list_del_entry(entry);
	entry->prev = LIST_POISON2;
}

static inline void list_replace_rcu(struct list_head *old,
				    struct list_head *new)
{
	new->next = old->next;
	new->prev = old->prev;
	WRITE_ONCE(new->prev->next, new);
	new->next->prev = new;
	old->prev = LIST_POISON2;
}

/* The optional lockdep condition of the kernel's macro is accepted. */
#define list_for_each_entry_rcu(pos, head, member, cond...)		\
	for (pos = list_entry(READ_ONCE((head)->next), __typeof__(*pos),	\
			      member);					\
	     &pos->member != (head);					\
	     pos = list_entry(READ_ONCE(pos->member.next),		\
			      __typeof__(*pos), member))

#define list_first_or_null_rcu(ptr, type, member) \
	list_first_entry_or_null(ptr, type, member)

#endif /* _SHIM_LINUX_RCULIST_H */
