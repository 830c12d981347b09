/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fake backends for the engine and registry tests. Each one is a module of
 * its own (struct module fb->mod) with a full struct nfto_backend_ops whose
 * callbacks record every call and can be told to fail.
 *
 * The callbacks also check that the core keeps the backend API's promises,
 * and count every broken one in fb->violations (with the last one in
 * fb->violation): callbacks run under hw->lock; dev_priv is this backend's
 * own zeroed area; flow_priv is zeroed for flow_add and is, for flow_del
 * and flow_stats, the very area of a flow this backend accepted; no flow is
 * deleted twice; dev_fini comes after every flow was deleted.
 */
#ifndef _FAKE_BACKEND_H
#define _FAKE_BACKEND_H

#include <linux/module.h>

#include "nfto.h"

#define FAKE_MAX_LIVE	64

struct fake_backend {
	char			name[NFTO_BACKEND_NAME_MAX];
	struct nfto_backend_ops	ops;
	struct nfto_caps	caps;
#ifndef NFTO_KUNIT
	struct module		mod;	/* the shim's: a module of its own */
#endif

	/* calls */
	unsigned int		dev_inits, dev_finis, checks, adds, dels;
	unsigned int		stats_calls;
	int			live_devs;
	/* the flow_priv areas of the flows "in hardware" */
	void			*live[FAKE_MAX_LIVE];
	unsigned int		nlive;
	struct nfto_flow	last_added;
	unsigned long		last_deleted;	/* cookie */
	unsigned int		violations;
	char			violation[160];

	/* knobs: errors to return and extack messages to set with them */
	unsigned int		fail_add_nth;	/* the Nth next add fails */
	int			add_err;
	const char		*add_msg;
	int			check_err;
	const char		*check_msg;
	unsigned long		check_cookie;	/* refuse only it; 0: all */
	int			del_err;
	int			dev_init_err;
	int			stats_err;
	struct nfto_hw_stats	stats;		/* what flow_stats reports */
	/*
	 * Per-flow counters, as hardware keeps them: each flow_stats call
	 * adds @stats to the flow's own counters (which start at 0 when the
	 * flow is added) and reports those.
	 */
	bool			stats_per_flow;
};

extern struct fake_backend fake_a, fake_b, fake_c;

/* Everything zero, then: caps = the whole model, FLOWTABLE|STATS|GOTO_ANY,
 * 16 actions, chain_max 255, table_size 64 of at most 1M; every callback. */
void fake_reset(struct fake_backend *fb, const char *name);

/* Did this backend see every promise kept? */
#define EXPECT_FAKE_CLEAN(fb) ({					\
	bool __ok = EXPECT_EQ((fb)->violations, 0);			\
	if (!__ok)							\
		test_fail(t, __FILE__, __LINE__, "%s: %s", (fb)->name,	\
			  (fb)->violation);				\
	__ok;								\
})

#endif /* _FAKE_BACKEND_H */
