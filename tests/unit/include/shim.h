/* SPDX-License-Identifier: GPL-2.0 */
/*
 * State of the userspace kernel shim that tests read and steer: counters of
 * warnings, log lines, allocations and module requests, and the hooks that
 * stand in for modprobe and for allocation failures.
 */
#ifndef _SHIM_H
#define _SHIM_H

#include <stdbool.h>
#include <stddef.h>

struct module;

#define SHIM_MSG_MAX	256

struct shim_state {
	/* WARN_ON*() and lockdep assertions that fired */
	unsigned long	warnings;
	char		last_warning[SHIM_MSG_MAX];
	unsigned int	warn_gen;		/* resets WARN_ON_ONCE() */

	/* pr_*() lines by level, and the last one */
	unsigned long	pr_err, pr_warn, pr_info, pr_debug;
	char		last_pr[SHIM_MSG_MAX];
	/* net_warn_ratelimited(), e.g. "truncated extack: ..." */
	unsigned long	net_warns;
	char		last_net_warn[SHIM_MSG_MAX];
	bool		quiet;			/* don't echo log lines */

	/* k*alloc()/kfree(): live objects, and a fault knob */
	long		allocs_live;
	unsigned long	allocs_total;
	unsigned long	kfree_rcu_calls, call_rcu_calls;
	unsigned long	fail_alloc_nth;		/* fail the Nth next alloc; 0 off */
	unsigned long	allocs_failed;

	/* mutexes and spinlocks currently held, RCU read-side depth */
	int		locks_held;
	int		rcu_depth;

	/* request_module(): calls, the last name, an optional stand-in */
	unsigned long	request_module_calls;
	char		last_request_module[SHIM_MSG_MAX];
	int		(*request_module_hook)(const char *name);
};

extern struct shim_state shim;

/* Modules: what modprobe/rmmod would do with a module of the test binary. */
int shim_modprobe(const char *name);
int shim_rmmod(struct module *mod);
int module_refcount(struct module *mod);

#endif /* _SHIM_H */
