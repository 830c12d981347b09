// SPDX-License-Identifier: GPL-2.0
/*
 * core/engine.c: replace/destroy/stats, fault knobs, failure reports,
 * flushes and backend switches, against fake backends (fake_backend.h).
 */
#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/rcupdate.h>
#include <linux/string.h>

#include "fake_backend.h"
#include "nfto.h"
#include "rules.h"
#include "tap.h"

#define FX_MAX_FAILS 16

/* One switch: an nfto_hw with the core's report and port_of callbacks. */
struct fx {
	struct nfto_hw		hw;
	struct nfto_failure	fails[FX_MAX_FAILS];
	unsigned int		nfails;
	unsigned int		report_unlocked;
	struct netlink_ext_ack	ext;
	int			owner_a, owner_b;	/* two block bindings */
};

static struct fx fx;

static void fx_report(struct nfto_hw *hw, const struct nfto_failure *f)
{
	struct fx *x = container_of(hw, struct fx, hw);

	if (!lockdep_is_held(&hw->lock))
		x->report_unlocked++;
	if (x->nfails < FX_MAX_FAILS)
		x->fails[x->nfails] = *f;
	x->nfails++;
}

/* Ports 0-3 of the switch are ifindex 100-103. */
static int fx_port_of(struct nfto_hw *hw, int ifindex)
{
	return ifindex >= 100 && ifindex < 104 ? ifindex - 100 : -1;
}

/* nfto_hw_init() with @fb pinned, as nfto_dev_probe() does. */
static int fx_init(struct fake_backend *fb, u32 table_size)
{
	memset(&fx, 0, sizeof(fx));
	fx.hw.report = fx_report;
	fx.hw.port_of = fx_port_of;
	if (!try_module_get(fb->ops.owner))
		return -ENODEV;
	return nfto_hw_init(&fx.hw, "nfto0", &fb->ops, table_size, NULL);
}

static struct nfto_failure *last_fail(void)
{
	return fx.nfails ? &fx.fails[min(fx.nfails, FX_MAX_FAILS) - 1] : NULL;
}

static struct nfto_req mkreq(unsigned long cookie, const void *owner)
{
	struct nfto_req r = {
		.cookie	= cookie,
		.owner	= owner,
		.port	= 1,
		.where	= "nfto0p1 ingress",
		.extack	= &fx.ext,
	};

	memset(&fx.ext, 0, sizeof(fx.ext));
	return r;
}

/* tc "dst_ip 10.0.2.2 dst_port <dport> action drop", chain 0, prio 1 */
static int replace_rule(unsigned long cookie, const void *owner, u16 dport)
{
	struct nfto_req r = mkreq(cookie, owner);
	struct test_rule tr;
	int err;

	tr_tc_ipv4_tcp(&tr, 1, 0x0a000202, dport);
	tr_act(&tr, 0)->id = FLOW_ACTION_DROP;
	err = nfto_hw_flow_replace(&fx.hw, &r, NFTO_FLOW_RULE, 1, 0, tr.rule);
	tr_fini(&tr);
	return err;
}

static int replace_tr(unsigned long cookie, const void *owner, u8 type,
		      u32 prio, u32 chain, struct test_rule *tr)
{
	struct nfto_req r = mkreq(cookie, owner);
	int err;

	err = nfto_hw_flow_replace(&fx.hw, &r, type, prio, chain, tr->rule);
	tr_fini(tr);
	return err;
}

static int destroy(unsigned long cookie, const void *owner)
{
	struct nfto_req r = mkreq(cookie, owner);

	return nfto_hw_flow_destroy(&fx.hw, &r);
}

static int stats(unsigned long cookie, const void *owner,
		 struct nfto_hw_stats *delta)
{
	struct nfto_req r = mkreq(cookie, owner);
	unsigned int unlocked = fx.report_unlocked;
	int err;

	/* The stats path reports without hw->lock, by design: it may not sleep. */
	err = nfto_hw_flow_stats(&fx.hw, &r, delta);
	fx.report_unlocked = unlocked;
	return err;
}

static struct nfto_entry *lookup(unsigned long cookie, const void *owner)
{
	return nfto_table_lookup(&fx.hw.table, cookie, owner);
}

/* The flow an entry holds, rebuilt (entries keep a compact form). */
static const struct nfto_flow *flow_of(const struct nfto_entry *e)
{
	static struct nfto_flow f;

	nfto_entry_flow(e, &f);
	return &f;
}

/* The table as (entry, key, counters) in age order, to compare. */
struct snap {
	unsigned int		n;
	struct nfto_entry	*e[32];
	struct nfto_entry_key	k[32];
	struct nfto_counters	*cnt[32];
	bool			exact[32];
};

static void snapshot(struct snap *s)
{
	struct nfto_entry *e;

	memset(s, 0, sizeof(*s));
	list_for_each_entry(e, &fx.hw.table.all, all) {
		if (s->n < 32) {
			s->e[s->n] = e;
			s->k[s->n] = e->hkey;
			s->cnt[s->n] = e->cnt;
			s->exact[s->n] = e->exact;
		}
		s->n++;
	}
}

#define EXPECT_SAME_TABLE(before) ({					\
	struct snap __now;						\
	snapshot(&__now);						\
	EXPECT_EQ(__now.n, (before)->n);				\
	EXPECT_EQ(fx.hw.table.count, (before)->n);			\
	EXPECT_MEMEQ(&__now, (before), sizeof(__now));			\
})

/* nfto_hw_fini() and the promises every test checks at the end. */
static void fx_fini(struct test *t, struct fake_backend *fb)
{
	nfto_hw_fini(&fx.hw);
	EXPECT_EQ(fb->nlive, 0);
	EXPECT_EQ(fb->live_devs, 0);
	EXPECT_EQ(module_refcount(&fb->mod), 0);
	EXPECT_EQ(fx.report_unlocked, 0);
	EXPECT_FAKE_CLEAN(fb);
}

static void engine_replace_adds(struct test *t)
{
	struct nfto_entry *e;

	fake_reset(&fake_a, "foo");
	ASSERT_EQ(fx_init(&fake_a, 16), 0);
	EXPECT_EQ(module_refcount(&fake_a.mod), 1);
	EXPECT_EQ(fake_a.dev_inits, 1);
	EXPECT_PTR_EQ(fx.hw.backend, &fake_a.ops);
	EXPECT_STREQ(nfto_hw_name(&fx.hw), "nfto0");

	jiffies = 5000;
	EXPECT_EQ(replace_rule(0x1234, &fx.owner_a, 80), 0);
	EXPECT_EQ(fx.hw.table.count, 1);
	EXPECT_EQ(fake_a.checks, 1);
	EXPECT_EQ(fake_a.adds, 1);
	EXPECT_EQ(fake_a.nlive, 1);
	EXPECT_EQ(fx.nfails, 0);
	EXPECT_NULL(fx.ext._msg);

	e = lookup(0x1234, &fx.owner_a);
	ASSERT_NOT_NULL(e);
	EXPECT_EQ(e->group->port, 1);
	EXPECT_EQ(flow_of(e)->cookie, 0x1234);
	EXPECT_EQ(flow_of(e)->type, NFTO_FLOW_RULE);
	EXPECT_EQ(flow_of(e)->prio, 1);
	EXPECT_EQ(flow_of(e)->chain_index, 0);
	EXPECT_EQ(flow_of(e)->key.dst_port, htons(80));
	ASSERT_NOT_NULL(e->cnt);
	EXPECT_TRUE(e->owns_cnt);
	EXPECT_EQ(e->cnt->lastused, 5000);
	EXPECT_EQ(e->cnt->rep_packets, 0);
	EXPECT_EQ(atomic64_read(&e->cnt->packets), 0);
	EXPECT_TRUE(e->exact);		/* a rule: hashed in its group */
	/* the backend saw the same normalized flow */
	EXPECT_EQ(fake_a.last_added.cookie, 0x1234);
	EXPECT_EQ(fake_a.last_added.prio, 1);
	EXPECT_EQ(fake_a.last_added.used_keys, flow_of(e)->used_keys);
	/* the entry's compact form rebuilds exactly what the backend got */
	EXPECT_MEMEQ(&fake_a.last_added, flow_of(e), sizeof(struct nfto_flow));
	EXPECT_NULL(lookup(0x1234, &fx.owner_b));

	fx_fini(t, &fake_a);
	EXPECT_EQ(fake_a.dels, 1);
	EXPECT_EQ(fake_a.dev_finis, 1);
	EXPECT_NULL(fx.hw.backend);
}

/* nf_flow_table refreshes a flow with a replace of the same cookie. */
static void engine_replace_same_key_swaps(struct test *t)
{
	struct nfto_counters *cnt;
	struct nfto_entry *old, *e;

	fake_reset(&fake_a, "foo");
	ASSERT_EQ(fx_init(&fake_a, 16), 0);
	EXPECT_EQ(replace_rule(1, &fx.owner_a, 80), 0);
	EXPECT_EQ(replace_rule(2, &fx.owner_a, 443), 0);
	old = lookup(1, &fx.owner_a);
	ASSERT_NOT_NULL(old);
	cnt = old->cnt;
	atomic64_set(&cnt->packets, 50);
	atomic64_set(&cnt->bytes, 5000);
	old->cnt->rep_packets = 20;
	old->cnt->rep_bytes = 2000;

	EXPECT_EQ(replace_rule(1, &fx.owner_a, 8080), 0);
	EXPECT_EQ(fx.hw.table.count, 2);
	EXPECT_EQ(fake_a.adds, 3);
	EXPECT_EQ(fake_a.dels, 1);
	EXPECT_EQ(fake_a.last_deleted, 1);
	EXPECT_EQ(fake_a.nlive, 2);
	e = lookup(1, &fx.owner_a);
	ASSERT_NOT_NULL(e);
	EXPECT_EQ(flow_of(e)->key.dst_port, htons(8080));
	/* the datapath's counters move to the new entry, not copied */
	EXPECT_PTR_EQ(e->cnt, cnt);
	EXPECT_TRUE(e->owns_cnt);
	EXPECT_EQ(atomic64_read(&e->cnt->packets), 50);
	EXPECT_EQ(atomic64_read(&e->cnt->bytes), 5000);
	EXPECT_EQ(e->cnt->rep_packets, 20);
	EXPECT_EQ(e->cnt->rep_bytes, 2000);
	EXPECT_EQ(fx.nfails, 0);

	/* the same cookie on another binding is another entry */
	EXPECT_EQ(replace_rule(1, &fx.owner_b, 80), 0);
	EXPECT_EQ(fx.hw.table.count, 3);
	EXPECT_EQ(fake_a.dels, 1);
	fx_fini(t, &fake_a);
	EXPECT_EQ(fake_a.dels, 4);
}

static void engine_destroy(struct test *t)
{
	struct snap before;

	fake_reset(&fake_a, "foo");
	ASSERT_EQ(fx_init(&fake_a, 16), 0);
	EXPECT_EQ(replace_rule(1, &fx.owner_a, 80), 0);
	EXPECT_EQ(replace_rule(2, &fx.owner_a, 81), 0);
	EXPECT_EQ(destroy(1, &fx.owner_a), 0);
	EXPECT_EQ(fx.hw.table.count, 1);
	EXPECT_EQ(fake_a.dels, 1);
	EXPECT_EQ(fake_a.last_deleted, 1);
	EXPECT_NULL(lookup(1, &fx.owner_a));
	EXPECT_NOT_NULL(lookup(2, &fx.owner_a));

	/* unknown cookie, or known cookie of another binding */
	snapshot(&before);
	EXPECT_EQ(destroy(1, &fx.owner_a), -ENOENT);
	EXPECT_EQ(destroy(2, &fx.owner_b), -ENOENT);
	EXPECT_EQ(destroy(99, NULL), -ENOENT);
	EXPECT_SAME_TABLE(&before);
	EXPECT_EQ(fake_a.dels, 1);
	EXPECT_EQ(fx.nfails, 0);
	EXPECT_NULL(fx.ext._msg);
	fx_fini(t, &fake_a);
}

static void engine_stats_deltas(struct test *t)
{
	struct nfto_hw_stats d;

	fake_reset(&fake_a, "foo");
	ASSERT_EQ(fx_init(&fake_a, 16), 0);
	EXPECT_EQ(replace_rule(1, &fx.owner_a, 80), 0);

	fake_a.stats = (struct nfto_hw_stats) { 10, 1000, 6000 };
	EXPECT_EQ(stats(1, &fx.owner_a, &d), 0);
	EXPECT_EQ(d.packets, 10);
	EXPECT_EQ(d.bytes, 1000);
	EXPECT_EQ(d.lastused, 6000);

	fake_a.stats = (struct nfto_hw_stats) { 25, 2500, 7000 };
	EXPECT_EQ(stats(1, &fx.owner_a, &d), 0);
	EXPECT_EQ(d.packets, 15);
	EXPECT_EQ(d.bytes, 1500);
	EXPECT_EQ(d.lastused, 7000);

	/* nothing new */
	EXPECT_EQ(stats(1, &fx.owner_a, &d), 0);
	EXPECT_EQ(d.packets, 0);
	EXPECT_EQ(d.bytes, 0);
	EXPECT_EQ(fake_a.stats_calls, 3);

	memset(&d, 0xff, sizeof(d));
	EXPECT_EQ(stats(2, &fx.owner_a, &d), -ENOENT);
	EXPECT_EQ(d.packets, 0);
	EXPECT_EQ(fake_a.stats_calls, 3);

	/* a backend error is reported with the backend's message */
	fake_a.stats_err = -EIO;
	EXPECT_EQ(stats(1, &fx.owner_a, &d), -EIO);
	EXPECT_EQ(d.packets, 0);
	ASSERT_EQ(fx.nfails, 1);
	EXPECT_EQ(last_fail()->kind, NFTO_FAIL_BACKEND);
	EXPECT_STREQ(last_fail()->reason, "fake flow_stats failed");
	fx_fini(t, &fake_a);
}

/* Without a flow_stats op the core reports its own counters. */
static void engine_stats_core_counters(struct test *t)
{
	struct nfto_hw_stats d;
	struct nfto_entry *e;

	fake_reset(&fake_a, "foo");
	fake_a.ops.flow_stats = NULL;
	ASSERT_EQ(fx_init(&fake_a, 16), 0);
	EXPECT_EQ(replace_rule(1, &fx.owner_a, 80), 0);
	e = lookup(1, &fx.owner_a);
	ASSERT_NOT_NULL(e);
	atomic64_set(&e->cnt->packets, 7);
	atomic64_set(&e->cnt->bytes, 700);
	e->cnt->lastused = 1234;
	EXPECT_EQ(stats(1, &fx.owner_a, &d), 0);
	EXPECT_EQ(d.packets, 7);
	EXPECT_EQ(d.bytes, 700);
	EXPECT_EQ(d.lastused, 1234);
	atomic64_set(&e->cnt->packets, 9);
	atomic64_set(&e->cnt->bytes, 900);
	EXPECT_EQ(stats(1, &fx.owner_a, &d), 0);
	EXPECT_EQ(d.packets, 2);
	EXPECT_EQ(d.bytes, 200);
	EXPECT_EQ(fake_a.stats_calls, 0);
	fx_fini(t, &fake_a);
}

static void engine_no_stats_without_cap(struct test *t)
{
	struct nfto_hw_stats d;
	struct nfto_entry *e;

	fake_reset(&fake_a, "foo");
	fake_a.caps.flags &= ~NFTO_CAP_STATS;
	ASSERT_EQ(fx_init(&fake_a, 16), 0);
	EXPECT_EQ(replace_rule(1, &fx.owner_a, 80), 0);
	e = lookup(1, &fx.owner_a);
	ASSERT_NOT_NULL(e);
	atomic64_set(&e->cnt->packets, 7);
	fake_a.stats.packets = 10;
	memset(&d, 0xff, sizeof(d));
	EXPECT_EQ(stats(1, &fx.owner_a, &d), 0);
	EXPECT_EQ(d.packets, 0);
	EXPECT_EQ(d.bytes, 0);
	EXPECT_EQ(d.lastused, 0);
	EXPECT_EQ(fake_a.stats_calls, 0);
	fx_fini(t, &fake_a);
}

/*
 * A swapped flow is a new flow in the backend, whose counters start at 0;
 * the old flow's "reported" must not be subtracted from them.
 */
static void engine_stats_after_swap(struct test *t)
{
	struct nfto_hw_stats d;

	fake_reset(&fake_a, "foo");
	ASSERT_EQ(fx_init(&fake_a, 16), 0);
	EXPECT_EQ(replace_rule(1, &fx.owner_a, 80), 0);
	fake_a.stats = (struct nfto_hw_stats) { 10, 1000, 6000 };
	EXPECT_EQ(stats(1, &fx.owner_a, &d), 0);
	EXPECT_EQ(d.packets, 10);

	EXPECT_EQ(replace_rule(1, &fx.owner_a, 80), 0);
	fake_a.stats = (struct nfto_hw_stats) { 3, 300, 6100 };
	EXPECT_EQ(stats(1, &fx.owner_a, &d), 0);
	if (!EXPECT_TRUE(d.packets <= 3))
		printf("#   delta after a swap: %llu packets\n",
		       (unsigned long long)d.packets);
	EXPECT_TRUE(d.bytes <= 300);
	fx_fini(t, &fake_a);
}

static void engine_fail_add(struct test *t)
{
	struct snap before;
	struct nfto_entry *e;

	fake_reset(&fake_a, "foo");
	ASSERT_EQ(fx_init(&fake_a, 16), 0);
	EXPECT_EQ(replace_rule(1, &fx.owner_a, 80), 0);
	e = lookup(1, &fx.owner_a);
	snapshot(&before);

	fx.hw.faults.fail_add = true;
	EXPECT_EQ(replace_rule(2, &fx.owner_a, 81), -EIO);
	EXPECT_EQ(replace_rule(1, &fx.owner_a, 82), -EIO);
	EXPECT_SAME_TABLE(&before);
	EXPECT_PTR_EQ(lookup(1, &fx.owner_a), e);
	EXPECT_EQ(flow_of(e)->key.dst_port, htons(80));
	EXPECT_EQ(fake_a.adds, 1);
	EXPECT_EQ(fake_a.dels, 0);
	ASSERT_EQ(fx.nfails, 2);
	EXPECT_EQ(last_fail()->kind, NFTO_FAIL_INJECTED);
	EXPECT_EQ(last_fail()->err, -EIO);
	EXPECT_EQ(last_fail()->cookie, 1);
	EXPECT_STREQ(last_fail()->reason,
		     "injected failure: fail_add is set on nfto0");
	EXPECT_STREQ(last_fail()->where, "nfto0p1 ingress");
	EXPECT_STREQ(fx.ext._msg, "injected failure: fail_add is set on nfto0");

	fx.hw.faults.fail_add = false;
	EXPECT_EQ(replace_rule(2, &fx.owner_a, 81), 0);
	fx_fini(t, &fake_a);
}

static void engine_fail_nth(struct test *t)
{
	fake_reset(&fake_a, "foo");
	ASSERT_EQ(fx_init(&fake_a, 16), 0);
	fx.hw.faults.fail_nth = 3;
	EXPECT_EQ(replace_rule(1, &fx.owner_a, 80), 0);
	EXPECT_EQ(replace_rule(2, &fx.owner_a, 80), 0);
	EXPECT_EQ(fx.nfails, 0);
	EXPECT_EQ(replace_rule(3, &fx.owner_a, 80), -EIO);
	EXPECT_EQ(fx.hw.faults.fail_nth, 0);
	ASSERT_EQ(fx.nfails, 1);
	EXPECT_EQ(last_fail()->kind, NFTO_FAIL_INJECTED);
	EXPECT_STREQ(last_fail()->reason, "injected failure: fail_nth on nfto0");
	EXPECT_CONTAINS(fx.ext._msg, "injected");
	EXPECT_NULL(lookup(3, &fx.owner_a));
	EXPECT_EQ(fx.hw.table.count, 2);

	/* exactly once */
	EXPECT_EQ(replace_rule(3, &fx.owner_a, 80), 0);
	EXPECT_EQ(replace_rule(4, &fx.owner_a, 80), 0);
	EXPECT_EQ(fx.nfails, 1);
	EXPECT_EQ(fake_a.adds, 4);

	/* fail_nth = 1: the very next one */
	fx.hw.faults.fail_nth = 1;
	EXPECT_EQ(replace_rule(5, &fx.owner_a, 80), -EIO);
	EXPECT_EQ(replace_rule(5, &fx.owner_a, 80), 0);
	fx_fini(t, &fake_a);
}

static void engine_fail_del(struct test *t)
{
	struct snap before;

	fake_reset(&fake_a, "foo");
	ASSERT_EQ(fx_init(&fake_a, 16), 0);
	EXPECT_EQ(replace_rule(1, &fx.owner_a, 80), 0);
	snapshot(&before);
	fx.hw.faults.fail_del = true;
	EXPECT_EQ(destroy(1, &fx.owner_a), -EIO);
	EXPECT_SAME_TABLE(&before);
	EXPECT_EQ(fake_a.dels, 0);
	ASSERT_EQ(fx.nfails, 1);
	EXPECT_EQ(last_fail()->kind, NFTO_FAIL_INJECTED);
	EXPECT_TRUE(last_fail()->has_flow);
	EXPECT_STREQ(last_fail()->reason,
		     "injected failure: fail_del is set on nfto0");
	EXPECT_CONTAINS(fx.ext._msg, "injected");
	/* unknown cookies are still just unknown */
	EXPECT_EQ(destroy(2, &fx.owner_a), -ENOENT);
	EXPECT_EQ(fx.nfails, 1);

	fx.hw.faults.fail_del = false;
	EXPECT_EQ(destroy(1, &fx.owner_a), 0);
	EXPECT_EQ(fx.hw.table.count, 0);
	fx_fini(t, &fake_a);
}

static void engine_backend_del_failure_keeps_entry(struct test *t)
{
	struct snap before;

	fake_reset(&fake_a, "foo");
	ASSERT_EQ(fx_init(&fake_a, 16), 0);
	EXPECT_EQ(replace_rule(1, &fx.owner_a, 80), 0);
	snapshot(&before);
	fake_a.del_err = -EBUSY;
	EXPECT_EQ(destroy(1, &fx.owner_a), -EBUSY);
	EXPECT_SAME_TABLE(&before);
	ASSERT_EQ(fx.nfails, 1);
	EXPECT_EQ(last_fail()->kind, NFTO_FAIL_BACKEND);
	EXPECT_STREQ(last_fail()->reason, "fake flow_del failed");
	fake_a.del_err = 0;
	fx_fini(t, &fake_a);
}

static void engine_fail_stats(struct test *t)
{
	struct nfto_hw_stats d;
	struct nfto_entry *e;

	fake_reset(&fake_a, "foo");
	ASSERT_EQ(fx_init(&fake_a, 16), 0);
	EXPECT_EQ(replace_rule(1, &fx.owner_a, 80), 0);
	e = lookup(1, &fx.owner_a);
	fake_a.stats.packets = 10;
	fx.hw.faults.fail_stats = true;
	EXPECT_EQ(stats(1, &fx.owner_a, &d), -EIO);
	EXPECT_EQ(d.packets, 0);
	EXPECT_EQ(e->cnt->rep_packets, 0);
	EXPECT_EQ(fake_a.stats_calls, 0);
	ASSERT_EQ(fx.nfails, 1);
	EXPECT_EQ(last_fail()->kind, NFTO_FAIL_INJECTED);
	EXPECT_STREQ(last_fail()->reason,
		     "injected failure: fail_stats is set on nfto0");
	fx.hw.faults.fail_stats = false;
	EXPECT_EQ(stats(1, &fx.owner_a, &d), 0);
	EXPECT_EQ(d.packets, 10);
	fx_fini(t, &fake_a);
}

static void engine_table_full(struct test *t)
{
	struct snap before;

	fake_reset(&fake_a, "foo");
	ASSERT_EQ(fx_init(&fake_a, 2), 0);
	EXPECT_EQ(replace_rule(1, &fx.owner_a, 80), 0);
	EXPECT_EQ(replace_rule(2, &fx.owner_a, 80), 0);
	snapshot(&before);
	EXPECT_EQ(replace_rule(3, &fx.owner_a, 80), -ENOSPC);
	EXPECT_SAME_TABLE(&before);
	EXPECT_EQ(fake_a.adds, 2);
	ASSERT_EQ(fx.nfails, 1);
	EXPECT_EQ(last_fail()->kind, NFTO_FAIL_TABLE_FULL);
	EXPECT_EQ(last_fail()->err, -ENOSPC);
	EXPECT_EQ(last_fail()->cookie, 3);
	EXPECT_STREQ(last_fail()->reason,
		     "flow_table of nfto0 is full (2 of 2 entries)");
	EXPECT_CONTAINS(fx.ext._msg, "full");

	/* a replace of a flow already in takes no new room */
	EXPECT_EQ(replace_rule(2, &fx.owner_a, 81), 0);
	EXPECT_EQ(fx.hw.table.count, 2);
	/* the full check comes before the fault knobs */
	fx.hw.faults.fail_nth = 1;
	EXPECT_EQ(replace_rule(3, &fx.owner_a, 80), -ENOSPC);
	EXPECT_EQ(fx.hw.faults.fail_nth, 1);
	fx.hw.faults.fail_nth = 0;
	fx_fini(t, &fake_a);
}

static void engine_flush_owner(struct test *t)
{
	struct nfto_entry *e;

	fake_reset(&fake_a, "foo");
	ASSERT_EQ(fx_init(&fake_a, 16), 0);
	EXPECT_EQ(replace_rule(1, &fx.owner_a, 80), 0);
	EXPECT_EQ(replace_rule(2, &fx.owner_b, 80), 0);
	EXPECT_EQ(replace_rule(3, &fx.owner_a, 80), 0);
	EXPECT_EQ(replace_rule(1, &fx.owner_b, 80), 0);
	EXPECT_EQ(replace_rule(4, &fx.owner_a, 80), 0);

	nfto_hw_flush_owner(&fx.hw, &fx.owner_a);
	EXPECT_EQ(fx.hw.table.count, 2);
	EXPECT_EQ(fake_a.dels, 3);
	EXPECT_EQ(fake_a.nlive, 2);
	list_for_each_entry(e, &fx.hw.table.all, all)
		EXPECT_PTR_EQ(e->hkey.owner, &fx.owner_b);
	EXPECT_NOT_NULL(lookup(1, &fx.owner_b));
	EXPECT_NOT_NULL(lookup(2, &fx.owner_b));

	nfto_hw_flush_owner(&fx.hw, &fx.owner_a);	/* nothing left */
	EXPECT_EQ(fake_a.dels, 3);
	nfto_hw_flush_owner(&fx.hw, &fx.owner_b);
	EXPECT_EQ(fx.hw.table.count, 0);
	EXPECT_EQ(fake_a.dels, 5);
	EXPECT_EQ(fx.nfails, 0);
	fx_fini(t, &fake_a);
}

/* Teardown drops entries even when the backend fails to delete them. */
static void engine_flush_despite_backend_errors(struct test *t)
{
	unsigned long warns = shim.pr_warn;

	fake_reset(&fake_a, "foo");
	ASSERT_EQ(fx_init(&fake_a, 16), 0);
	EXPECT_EQ(replace_rule(1, &fx.owner_a, 80), 0);
	EXPECT_EQ(replace_rule(2, &fx.owner_a, 80), 0);
	fake_a.del_err = -EIO;
	nfto_hw_flush_owner(&fx.hw, &fx.owner_a);
	EXPECT_EQ(fx.hw.table.count, 0);
	EXPECT_EQ(shim.pr_warn - warns, 2);
	EXPECT_CONTAINS(shim.last_pr, "dropped from the table anyway");
	fake_a.nlive = 0;	/* the fake "hardware" forgets them too */
	fake_a.del_err = 0;
	fx_fini(t, &fake_a);
}

static void engine_backend_check_refusal(struct test *t)
{
	fake_reset(&fake_a, "foo");
	ASSERT_EQ(fx_init(&fake_a, 16), 0);
	fake_a.check_err = -EOPNOTSUPP;
	fake_a.check_msg = "foo: no TCP flags on port 3";
	EXPECT_EQ(replace_rule(1, &fx.owner_a, 80), -EOPNOTSUPP);
	EXPECT_EQ(fake_a.adds, 0);
	EXPECT_EQ(fx.hw.table.count, 0);
	ASSERT_EQ(fx.nfails, 1);
	EXPECT_EQ(last_fail()->kind, NFTO_FAIL_CAPS);
	EXPECT_STREQ(last_fail()->reason, "foo: no TCP flags on port 3");
	EXPECT_STREQ(fx.ext._msg, "foo: no TCP flags on port 3");

	/* no message from the backend: a generic one */
	fake_a.check_msg = NULL;
	EXPECT_EQ(replace_rule(1, &fx.owner_a, 80), -EOPNOTSUPP);
	EXPECT_STREQ(last_fail()->reason,
		     "backend foo failed to accept the flow (-95)");

	/* refusing one cookie leaves the others alone */
	fake_a.check_cookie = 1;
	EXPECT_EQ(replace_rule(2, &fx.owner_a, 80), 0);
	fake_a.check_err = 0;
	fx_fini(t, &fake_a);
}

static void engine_backend_add_failure(struct test *t)
{
	struct snap before;

	fake_reset(&fake_a, "foo");
	ASSERT_EQ(fx_init(&fake_a, 16), 0);
	EXPECT_EQ(replace_rule(1, &fx.owner_a, 80), 0);
	snapshot(&before);
	fake_a.fail_add_nth = 1;
	fake_a.add_err = -ENOSPC;
	fake_a.add_msg = "foo: TCAM region 2 is full";
	EXPECT_EQ(replace_rule(2, &fx.owner_a, 80), -ENOSPC);
	EXPECT_SAME_TABLE(&before);
	ASSERT_EQ(fx.nfails, 1);
	EXPECT_EQ(last_fail()->kind, NFTO_FAIL_BACKEND);
	EXPECT_STREQ(last_fail()->reason, "foo: TCAM region 2 is full");
	EXPECT_STREQ(fx.ext._msg, "foo: TCAM region 2 is full");

	/* a failed swap keeps the old flow in place */
	fake_a.fail_add_nth = 1;
	fake_a.add_err = 0;
	fake_a.add_msg = NULL;
	EXPECT_EQ(replace_rule(1, &fx.owner_a, 81), -EIO);
	EXPECT_STREQ(last_fail()->reason,
		     "backend foo failed to add the flow (-5)");
	EXPECT_SAME_TABLE(&before);
	EXPECT_EQ(fake_a.dels, 0);
	fx_fini(t, &fake_a);
}

static void engine_redirect_ports(struct test *t)
{
	struct net_device p2 = { .name = "nfto0p2", .ifindex = 102 };
	struct net_device other = { .name = "eth0", .ifindex = 55 };
	struct test_rule tr;

	fake_reset(&fake_a, "foo");
	ASSERT_EQ(fx_init(&fake_a, 16), 0);
	tr_tc_ipv4_tcp(&tr, 2, 0x0a000202, 80);
	act_dev(tr_act(&tr, 0), FLOW_ACTION_MIRRED, &p2);
	act_dev(tr_act(&tr, 1), FLOW_ACTION_REDIRECT, &p2);
	EXPECT_EQ(replace_tr(1, &fx.owner_a, NFTO_FLOW_RULE, 1, 0, &tr), 0);
	EXPECT_EQ(fake_a.last_added.actions[0].dev.ifindex, 102);
	EXPECT_EQ(fake_a.last_added.actions[0].dev.port, 2);
	EXPECT_EQ(fake_a.last_added.actions[1].dev.port, 2);

	tr_tc_ipv4_tcp(&tr, 2, 0x0a000202, 80);
	act_dev(tr_act(&tr, 0), FLOW_ACTION_MIRRED, &p2);
	act_dev(tr_act(&tr, 1), FLOW_ACTION_REDIRECT, &other);
	EXPECT_EQ(replace_tr(2, &fx.owner_a, NFTO_FLOW_RULE, 1, 0, &tr),
		  -EOPNOTSUPP);
	ASSERT_EQ(fx.nfails, 1);
	EXPECT_EQ(last_fail()->kind, NFTO_FAIL_CAPS);
	EXPECT_STREQ(last_fail()->reason,
		     "redirect to ifindex 55: not a port of switch nfto0");
	EXPECT_EQ(fake_a.checks, 1);	/* refused before the backend */
	EXPECT_EQ(fake_a.adds, 1);

	/* without a port_of callback nothing is a port */
	fx.hw.port_of = NULL;
	tr_tc_ipv4_tcp(&tr, 1, 0x0a000202, 80);
	act_dev(tr_act(&tr, 0), FLOW_ACTION_REDIRECT_INGRESS, &p2);
	EXPECT_EQ(replace_tr(3, &fx.owner_a, NFTO_FLOW_RULE, 1, 0, &tr),
		  -EOPNOTSUPP);
	EXPECT_CONTAINS(last_fail()->reason, "redirect_ingress to ifindex 102");
	fx_fini(t, &fake_a);
}

static void engine_model_and_caps_refusals(struct test *t)
{
	struct test_rule tr;

	fake_reset(&fake_a, "foo");
	fake_a.caps.keys &= ~BIT_ULL(FLOW_DISSECTOR_KEY_PORTS);
	ASSERT_EQ(fx_init(&fake_a, 16), 0);

	tr_tc_ipv4_tcp(&tr, 1, 0x0a000202, 80);
	tr_act(&tr, 0)->id = FLOW_ACTION_DROP;
	tr_use(&tr, FLOW_DISSECTOR_KEY_CT);
	EXPECT_EQ(replace_tr(1, &fx.owner_a, NFTO_FLOW_RULE, 3, 2, &tr),
		  -EOPNOTSUPP);
	ASSERT_EQ(fx.nfails, 1);
	EXPECT_EQ(fx.fails[0].kind, NFTO_FAIL_MODEL);
	EXPECT_EQ(fx.fails[0].seq, 1);
	EXPECT_TRUE(fx.fails[0].has_flow);
	EXPECT_EQ(fx.fails[0].type, NFTO_FLOW_RULE);
	EXPECT_STREQ(fx.fails[0].reason,
		     "match on 'ct' is not in nft_offload's flow model");
	EXPECT_STREQ(fx.ext._msg, fx.fails[0].reason);
	EXPECT_STREQ(fx.fails[0].tuple, "");

	EXPECT_EQ(replace_rule(2, &fx.owner_a, 80), -EOPNOTSUPP);
	ASSERT_EQ(fx.nfails, 2);
	EXPECT_EQ(fx.fails[1].kind, NFTO_FAIL_CAPS);
	EXPECT_EQ(fx.fails[1].seq, 2);
	EXPECT_EQ(fx.fails[1].prio, 1);
	EXPECT_STREQ(fx.fails[1].reason, "backend foo cannot match on 'ports'");
	EXPECT_EQ(fake_a.checks, 0);
	EXPECT_EQ(fx.hw.table.count, 0);
	EXPECT_STREQ(nfto_fail_kind_name(fx.fails[1].kind), "capability");
	fx_fini(t, &fake_a);
}

/* A refused flowtable flow is reported with its 5-tuple. */
static void engine_flowtable_refusal_has_tuple(struct test *t)
{
	struct net_device out = { .ifindex = 101 };
	struct ft_flow ft = {
		.family = AF_INET, .l4proto = IPPROTO_TCP,
		.src_v4 = htonl(0x0a000102), .dst_v4 = htonl(0x0a000202),
		.src_port = htons(40000), .dst_port = htons(80),
		.iifidx = 100, .out_dev = &out,
	};
	struct test_rule tr;

	fake_reset(&fake_a, "foo");
	fake_a.caps.flags &= ~NFTO_CAP_FLOWTABLE;
	ASSERT_EQ(fx_init(&fake_a, 16), 0);
	ASSERT_EQ(tr_flowtable(&tr, &ft), 0);
	EXPECT_EQ(replace_tr(1, &fx.owner_a, NFTO_FLOW_FT, 0, 0, &tr),
		  -EOPNOTSUPP);
	ASSERT_EQ(fx.nfails, 1);
	EXPECT_EQ(fx.fails[0].type, NFTO_FLOW_FT);
	EXPECT_STREQ(fx.fails[0].reason, "backend foo has no flowtable offload");
	EXPECT_STREQ(fx.fails[0].tuple, "tcp 10.0.1.2:40000 > 10.0.2.2:80");

	/* with the capability the same flow goes in, redirect resolved */
	fake_a.caps.flags |= NFTO_CAP_FLOWTABLE;
	ASSERT_EQ(tr_flowtable(&tr, &ft), 0);
	EXPECT_EQ(replace_tr(1, &fx.owner_a, NFTO_FLOW_FT, 0, 0, &tr), 0);
	EXPECT_EQ(fake_a.last_added.type, NFTO_FLOW_FT);
	EXPECT_EQ(fake_a.last_added.actions[4].id, FLOW_ACTION_REDIRECT);
	EXPECT_EQ(fake_a.last_added.actions[4].dev.port, 1);
	fx_fini(t, &fake_a);
}

static int switch_to(struct fake_backend *fb);

/* What the datapath's hash finds for a packet with @e's key. */
static struct nfto_entry *xlookup_of(struct nfto_entry *e)
{
	struct nfto_entry *found;

	if (!e)
		return NULL;
	rcu_read_lock();	/* the datapath's lookup; only the pointer is used */
	found = nfto_table_xlookup(&fx.hw.table, e->group->port,
				   &flow_of(e)->key);
	rcu_read_unlock();
	return found;
}

static int replace_ft(unsigned long cookie, u16 sport)
{
	struct net_device out = { .ifindex = 101 };
	struct ft_flow ft = {
		.family = AF_INET, .l4proto = IPPROTO_UDP,
		.src_v4 = htonl(0x0a000102), .dst_v4 = htonl(0x0a000202),
		.src_port = htons(sport), .dst_port = htons(53),
		.iifidx = 100, .out_dev = &out,
	};
	struct test_rule tr;

	if (tr_flowtable(&tr, &ft))
		return -EINVAL;
	return replace_tr(cookie, &fx.owner_a, NFTO_FLOW_FT, 0, 0, &tr);
}

/* Flowtable flows are hashed for the datapath, across swaps and switches. */
static void engine_flowtable_flows_are_exact(struct test *t)
{
	struct nfto_entry *e, *e2;

	fake_reset(&fake_a, "alpha");
	fake_reset(&fake_b, "beta");
	ASSERT_EQ(fx_init(&fake_a, 16), 0);
	EXPECT_EQ(replace_ft(1, 1000), 0);
	EXPECT_EQ(replace_ft(2, 1001), 0);
	EXPECT_EQ(replace_rule(3, &fx.owner_a, 80), 0);
	e = lookup(1, &fx.owner_a);
	ASSERT_NOT_NULL(e);
	EXPECT_TRUE(e->exact);
	EXPECT_PTR_EQ(xlookup_of(e), e);
	EXPECT_TRUE(lookup(3, &fx.owner_a)->exact);	/* the rule too */
	EXPECT_EQ(atomic_read(&fx.hw.table.xht.nelems), 3);
	EXPECT_TRUE(list_empty(&fx.hw.table.masked));

	/* nf_flow_table's refresh: the hash now finds the new entry */
	EXPECT_EQ(replace_ft(1, 1000), 0);
	e2 = lookup(1, &fx.owner_a);
	EXPECT_TRUE(e2 && e2->exact);
	EXPECT_PTR_EQ(xlookup_of(e2), e2);
	EXPECT_EQ(atomic_read(&fx.hw.table.xht.nelems), 3);

	/* and after a backend switch too */
	EXPECT_EQ(switch_to(&fake_b), 0);
	e = lookup(1, &fx.owner_a);
	e2 = lookup(2, &fx.owner_a);
	EXPECT_TRUE(e && e->exact && e2 && e2->exact);
	EXPECT_PTR_EQ(xlookup_of(e), e);
	EXPECT_PTR_EQ(xlookup_of(e2), e2);
	EXPECT_EQ(atomic_read(&fx.hw.table.xht.nelems), 3);
	EXPECT_TRUE(list_empty(&fx.hw.table.masked));

	EXPECT_EQ(destroy(1, &fx.owner_a), 0);
	EXPECT_EQ(atomic_read(&fx.hw.table.xht.nelems), 2);
	fx_fini(t, &fake_b);
	EXPECT_FAKE_CLEAN(&fake_a);
}

/* A refusal whose reason is longer than 6.12's 79-character extack. */
static int long_refusal(struct test *t)
{
	struct test_rule tr;

	fake_reset(&fake_a, "a-backend-name-of-31-characters");
	fake_a.caps.flags &= ~NFTO_CAP_GOTO_ANY;
	if (fx_init(&fake_a, 16))
		return -1;
	tr_tc_ipv4_tcp(&tr, 1, 0x0a000202, 80);
	act_goto(tr_act(&tr, 0), 2);
	return replace_tr(1, &fx.owner_a, NFTO_FLOW_RULE, 1, 3, &tr);
}

/* The extack keeps what fits; the failure record keeps the whole reason. */
static void engine_long_reason_cut_in_extack(struct test *t)
{
	EXPECT_EQ(long_refusal(t), -EOPNOTSUPP);
	ASSERT_EQ(fx.nfails, 1);
	EXPECT_STREQ(fx.fails[0].reason,
		     "goto chain 2 from chain 3: backend a-backend-name-of-31-characters only jumps forward");
	EXPECT_EQ(strlen(fx.ext._msg), NETLINK_MAX_FMTMSG_LEN - 1);
	EXPECT_EQ(strncmp(fx.ext._msg, fx.fails[0].reason,
			  NETLINK_MAX_FMTMSG_LEN - 1), 0);
	fx_fini(t, &fake_a);
}

/*
 * NL_SET_ERR_MSG_FMT() of 6.12 logs "truncated extack: <all of it>" for
 * every message it cuts: one kernel log line per refused offload.
 */
static void engine_long_reason_not_logged(struct test *t)
{
	unsigned long warns = shim.net_warns;

	EXPECT_EQ(long_refusal(t), -EOPNOTSUPP);
	if (!EXPECT_EQ(shim.net_warns - warns, 0))
		printf("#   logged: %s\n", shim.last_net_warn);
	fx_fini(t, &fake_a);
}

static void engine_hw_fail_without_request(struct test *t)
{
	fake_reset(&fake_a, "foo");
	ASSERT_EQ(fx_init(&fake_a, 16), 0);
	mutex_lock(&fx.hw.lock);
	nfto_hw_fail(&fx.hw, NULL, NULL, NFTO_FAIL_DEVICE, -ENODEV,
		     "hw-tc-offload is off on nfto0p0");
	mutex_unlock(&fx.hw.lock);
	ASSERT_EQ(fx.nfails, 1);
	EXPECT_STREQ(fx.fails[0].where, "nfto0");
	EXPECT_FALSE(fx.fails[0].has_flow);
	EXPECT_EQ(fx.fails[0].err, -ENODEV);
	EXPECT_EQ(fx.fails[0].cookie, 0);
	EXPECT_STREQ(fx.fails[0].reason, "hw-tc-offload is off on nfto0p0");
	fx_fini(t, &fake_a);
}

/* A flow refused by the model is still reported with its type and place. */
static void engine_model_refusal_record(struct test *t)
{
	struct test_rule tr;

	fake_reset(&fake_a, "foo");
	ASSERT_EQ(fx_init(&fake_a, 16), 0);
	tr_tc_ipv4_tcp(&tr, 1, 0x0a000202, 80);
	tr_act(&tr, 0)->id = FLOW_ACTION_POLICE;
	EXPECT_EQ(replace_tr(1, &fx.owner_a, NFTO_FLOW_FT, 3, 2, &tr),
		  -EOPNOTSUPP);
	ASSERT_EQ(fx.nfails, 1);
	EXPECT_EQ(fx.fails[0].kind, NFTO_FAIL_MODEL);
	EXPECT_EQ(fx.fails[0].type, NFTO_FLOW_FT);
	EXPECT_EQ(fx.fails[0].prio, 3);
	EXPECT_EQ(fx.fails[0].chain_index, 2);
	fx_fini(t, &fake_a);
}

static void engine_fail_kind_names(struct test *t)
{
	static const char * const names[] = {
		"model", "capability", "table_full", "injected", "backend",
		"device", "switch", "notice",
	};
	unsigned int i;

	EXPECT_EQ(ARRAY_SIZE(names), __NFTO_FAIL_MAX);
	for (i = 0; i < __NFTO_FAIL_MAX; i++)
		EXPECT_STREQ(nfto_fail_kind_name(i), names[i]);
	EXPECT_STREQ(nfto_fail_kind_name(__NFTO_FAIL_MAX), "unknown");
	EXPECT_STREQ(nfto_fail_kind_name(~0u), "unknown");
}

static void engine_replace_out_of_memory(struct test *t)
{
	fake_reset(&fake_a, "foo");
	ASSERT_EQ(fx_init(&fake_a, 16), 0);
	shim.fail_alloc_nth = 2;	/* the rule, then the entry */
	EXPECT_EQ(replace_rule(1, &fx.owner_a, 80), -ENOMEM);
	shim.fail_alloc_nth = 3;	/* the entry's counters */
	EXPECT_EQ(replace_rule(1, &fx.owner_a, 80), -ENOMEM);
	EXPECT_EQ(shim.allocs_failed > 0, true);
	EXPECT_EQ(fx.hw.table.count, 0);
	EXPECT_EQ(fake_a.adds, 0);
	EXPECT_EQ(replace_rule(1, &fx.owner_a, 80), 0);
	fx_fini(t, &fake_a);
}

static void engine_hw_init_failures(struct test *t)
{
	fake_reset(&fake_a, "foo");
	fake_a.dev_init_err = -ENODEV;
	EXPECT_EQ(fx_init(&fake_a, 16), -ENODEV);
	EXPECT_EQ(fake_a.dev_inits, 1);
	EXPECT_EQ(module_refcount(&fake_a.mod), 0);	/* consumed */

	fake_reset(&fake_a, "foo");
	shim.fail_alloc_nth = 1;
	EXPECT_EQ(fx_init(&fake_a, 16), -ENOMEM);
	EXPECT_EQ(fake_a.dev_inits, 0);
	EXPECT_EQ(module_refcount(&fake_a.mod), 0);
	EXPECT_FAKE_CLEAN(&fake_a);
}

static void engine_hw_fini_releases_everything(struct test *t)
{
	unsigned int i;

	fake_reset(&fake_a, "foo");
	ASSERT_EQ(fx_init(&fake_a, 16), 0);
	for (i = 0; i < 10; i++)
		EXPECT_EQ(replace_rule(i, i & 1 ? &fx.owner_a : &fx.owner_b,
				       80), 0);
	EXPECT_EQ(fake_a.nlive, 10);
	fx_fini(t, &fake_a);
	EXPECT_EQ(fake_a.dels, 10);
	EXPECT_EQ(fake_a.dev_finis, 1);
	EXPECT_EQ(fx.hw.table.count, 0);
	EXPECT_NULL(fx.hw.backend_priv);
}

/* Five flows on fake_a, two bindings, with counters. */
static void switch_setup(struct test *t)
{
	unsigned int i;

	fake_reset(&fake_a, "alpha");
	fake_reset(&fake_b, "beta");
	ASSERT_EQ(fx_init(&fake_a, 64), 0);
	for (i = 1; i <= 5; i++) {
		struct nfto_entry *e;

		EXPECT_EQ(replace_rule(i, i & 1 ? &fx.owner_a : &fx.owner_b,
				       80 + i), 0);
		e = lookup(i, i & 1 ? &fx.owner_a : &fx.owner_b);
		if (e)
			atomic64_set(&e->cnt->packets, 100 * i);
	}
}

static int switch_to(struct fake_backend *fb)
{
	memset(&fx.ext, 0, sizeof(fx.ext));
	if (!try_module_get(fb->ops.owner))
		return -ENODEV;
	return nfto_hw_switch_backend(&fx.hw, &fb->ops, NULL, NULL, &fx.ext);
}

static void engine_switch_backend_migrates(struct test *t)
{
	struct snap before, after;
	unsigned int i;

	switch_setup(t);
	snapshot(&before);
	EXPECT_EQ(switch_to(&fake_b), 0);
	EXPECT_PTR_EQ(fx.hw.backend, &fake_b.ops);
	EXPECT_EQ(fake_a.dels, 5);
	EXPECT_EQ(fake_a.nlive, 0);
	EXPECT_EQ(fake_a.dev_finis, 1);
	EXPECT_EQ(fake_a.live_devs, 0);
	EXPECT_EQ(fake_b.dev_inits, 1);
	EXPECT_EQ(fake_b.checks, 5);
	EXPECT_EQ(fake_b.adds, 5);
	EXPECT_EQ(fake_b.nlive, 5);
	EXPECT_EQ(module_refcount(&fake_a.mod), 0);
	EXPECT_EQ(module_refcount(&fake_b.mod), 1);
	EXPECT_EQ(fx.nfails, 0);
	EXPECT_FAKE_CLEAN(&fake_a);

	/* same flows, same order, new entries with the old counters */
	snapshot(&after);
	ASSERT_EQ(after.n, 5);
	EXPECT_MEMEQ(after.k, before.k, sizeof(before.k));
	EXPECT_MEMEQ(after.cnt, before.cnt, sizeof(before.cnt));
	for (i = 0; i < 5; i++) {
		EXPECT_TRUE(after.e[i] != before.e[i]);
		EXPECT_TRUE(after.e[i]->owns_cnt);
		EXPECT_EQ(atomic64_read(&after.e[i]->cnt->packets),
			  100 * after.k[i].cookie);
		EXPECT_PTR_EQ(lookup(after.k[i].cookie, after.k[i].owner),
			      after.e[i]);
	}

	/* the new backend now gets the deletes */
	EXPECT_EQ(destroy(2, &fx.owner_b), 0);
	EXPECT_EQ(fake_b.dels, 1);
	EXPECT_EQ(fake_a.dels, 5);
	fx_fini(t, &fake_b);
	EXPECT_EQ(fake_b.dels, 5);
	EXPECT_EQ(fake_b.dev_finis, 1);
}

static void engine_switch_empty_table(struct test *t)
{
	fake_reset(&fake_a, "alpha");
	fake_reset(&fake_b, "beta");
	ASSERT_EQ(fx_init(&fake_a, 64), 0);
	EXPECT_EQ(switch_to(&fake_b), 0);
	EXPECT_PTR_EQ(fx.hw.backend, &fake_b.ops);
	EXPECT_EQ(module_refcount(&fake_a.mod), 0);
	EXPECT_EQ(fake_a.dev_finis, 1);
	EXPECT_EQ(replace_rule(1, &fx.owner_a, 80), 0);
	EXPECT_EQ(fake_b.adds, 1);
	fx_fini(t, &fake_b);
	EXPECT_FAKE_CLEAN(&fake_a);
}

/* All or nothing: after a refusal everything is as before. */
static void expect_rolled_back(struct test *t, const struct snap *before,
			       unsigned int new_adds, u8 kind,
			       unsigned long cookie, const char *why)
{
	EXPECT_SAME_TABLE(before);
	EXPECT_PTR_EQ(fx.hw.backend, &fake_a.ops);
	/* old backend untouched */
	EXPECT_EQ(fake_a.dels, 0);
	EXPECT_EQ(fake_a.nlive, 5);
	EXPECT_EQ(fake_a.dev_finis, 0);
	EXPECT_EQ(module_refcount(&fake_a.mod), 1);
	/* new backend: what it took was given back */
	EXPECT_EQ(fake_b.adds, new_adds);
	EXPECT_EQ(fake_b.nlive, 0);
	EXPECT_EQ(fake_b.live_devs, 0);
	EXPECT_EQ(fake_b.dev_inits, fake_b.dev_finis);
	EXPECT_EQ(module_refcount(&fake_b.mod), 0);
	EXPECT_FAKE_CLEAN(&fake_b);
	/* one report, naming the flow, the backend and the reason */
	if (EXPECT_EQ(fx.nfails, 1)) {
		EXPECT_EQ(last_fail()->kind, kind);
		EXPECT_EQ(last_fail()->cookie, cookie);
		EXPECT_TRUE(last_fail()->has_flow);
		EXPECT_STREQ(last_fail()->reason, why);
		EXPECT_STREQ(last_fail()->where, "nfto0");
	}
	EXPECT_NOT_NULL(fx.ext._msg);
	EXPECT_CONTAINS(fx.ext._msg, "switch to beta refused");
}

static void engine_switch_refused_by_add(struct test *t)
{
	struct snap before;
	int err;

	switch_setup(t);
	snapshot(&before);
	fake_b.fail_add_nth = 3;
	fake_b.add_err = -ENOSPC;
	fake_b.add_msg = "beta: no room";
	err = switch_to(&fake_b);
	EXPECT_EQ(err, -ENOSPC);
	EXPECT_EQ(fake_b.dels, 2);
	expect_rolled_back(t, &before, 3, NFTO_FAIL_BACKEND, before.k[2].cookie,
			   "switch to beta refused: beta: no room");
	/* still fully working on the old backend */
	EXPECT_EQ(destroy(1, &fx.owner_a), 0);
	EXPECT_EQ(fake_a.dels, 1);
	fx_fini(t, &fake_a);
}

static void engine_switch_refused_by_caps(struct test *t)
{
	struct test_rule tr;
	struct snap before;

	switch_setup(t);
	/* a sixth flow, last in the list, that beta cannot take */
	tr_tc_ipv4_tcp(&tr, 1, 0x0a000202, 80);
	tr_act(&tr, 0)->id = FLOW_ACTION_DROP;
	tr_use(&tr, FLOW_DISSECTOR_KEY_VLAN);
	tr.key.vlan.vlan_id = 5;
	tr.mask.vlan.vlan_id = 0xfff;
	EXPECT_EQ(replace_tr(6, &fx.owner_a, NFTO_FLOW_RULE, 1, 0, &tr), 0);
	snapshot(&before);
	EXPECT_PTR_EQ(before.k[5].owner, &fx.owner_a);
	EXPECT_EQ(before.k[5].cookie, 6);
	fake_b.caps.keys &= ~BIT_ULL(FLOW_DISSECTOR_KEY_VLAN);
	EXPECT_EQ(switch_to(&fake_b), -EOPNOTSUPP);
	EXPECT_EQ(fake_b.adds, 5);
	EXPECT_EQ(fake_b.dels, 5);
	EXPECT_SAME_TABLE(&before);
	EXPECT_EQ(fake_a.nlive, 6);
	EXPECT_EQ(fake_a.dels, 0);
	EXPECT_EQ(module_refcount(&fake_b.mod), 0);
	EXPECT_EQ(fake_b.nlive, 0);
	ASSERT_EQ(fx.nfails, 1);
	EXPECT_EQ(last_fail()->kind, NFTO_FAIL_CAPS);
	EXPECT_EQ(last_fail()->cookie, 6);
	EXPECT_STREQ(last_fail()->reason,
		     "switch to beta refused: backend beta cannot match on 'vlan'");
	EXPECT_FAKE_CLEAN(&fake_b);
	fx_fini(t, &fake_a);
}

/* Every entry beta refuses is recorded, rule by rule; the extack has the first. */
static void engine_switch_refused_every_entry(struct test *t)
{
	struct snap before;
	unsigned int i;

	switch_setup(t);
	snapshot(&before);
	fake_b.check_err = -EINVAL;
	fake_b.check_msg = "beta: refuses everything";
	EXPECT_EQ(switch_to(&fake_b), -EINVAL);
	EXPECT_EQ(fake_b.adds + fake_b.dels, 0);
	EXPECT_SAME_TABLE(&before);
	EXPECT_PTR_EQ(fx.hw.backend, &fake_a.ops);
	EXPECT_EQ(fake_a.nlive, 5);
	EXPECT_EQ(fake_b.dev_inits, fake_b.dev_finis);
	EXPECT_EQ(module_refcount(&fake_b.mod), 0);
	EXPECT_FAKE_CLEAN(&fake_b);
	ASSERT_EQ(fx.nfails, 5);
	for (i = 0; i < 5; i++) {
		EXPECT_EQ(fx.fails[i].kind, NFTO_FAIL_CAPS);
		EXPECT_EQ(fx.fails[i].cookie, before.k[i].cookie);
		EXPECT_TRUE(fx.fails[i].has_flow);
		EXPECT_STREQ(fx.fails[i].reason,
			     "switch to beta refused: beta: refuses everything");
	}
	EXPECT_STREQ(fx.ext._msg, fx.fails[0].reason);
	fx_fini(t, &fake_a);
}

static void engine_switch_refused_by_fault(struct test *t)
{
	struct snap before;

	switch_setup(t);
	snapshot(&before);
	fx.hw.faults.fail_nth = 4;
	EXPECT_EQ(switch_to(&fake_b), -EIO);
	EXPECT_EQ(fx.hw.faults.fail_nth, 0);
	EXPECT_EQ(fake_b.dels, 3);
	expect_rolled_back(t, &before, 3, NFTO_FAIL_INJECTED,
			   before.k[3].cookie,
			   "switch to beta refused: injected failure: fail_nth on nfto0");
	fx_fini(t, &fake_a);
}

/* A table above beta's maximum shrinks to it: the entries fit. */
static void engine_switch_table_shrinks(struct test *t)
{
	struct snap before;

	switch_setup(t);
	fake_b.caps.table_size_max = 63;
	EXPECT_EQ(switch_to(&fake_b), 0);
	EXPECT_PTR_EQ(fx.hw.backend, &fake_b.ops);
	EXPECT_EQ(fx.hw.table.size, 63);
	EXPECT_EQ(fake_b.nlive, 5);
	ASSERT_EQ(fx.nfails, 1);
	EXPECT_EQ(last_fail()->kind, NFTO_FAIL_NOTICE);
	EXPECT_EQ(last_fail()->err, 0);
	EXPECT_FALSE(last_fail()->has_flow);
	EXPECT_STREQ(last_fail()->reason,
		     "flow_table size 64 is now 63, backend beta's maximum");
	EXPECT_STREQ(fx.ext._msg, last_fail()->reason);

	/* Back to alpha: the table does not grow again. */
	snapshot(&before);
	EXPECT_EQ(switch_to(&fake_a), 0);
	EXPECT_EQ(fx.hw.table.size, 63);
	EXPECT_EQ(fx.nfails, 1);
	EXPECT_NULL(fx.ext._msg);
	fx_fini(t, &fake_b);
}

/*
 * More entries than beta holds: -ENOSPC, nothing changed, and every other
 * reason is recorded too, not only the first check that failed.
 */
static void engine_switch_table_too_small(struct test *t)
{
	struct snap before;

	switch_setup(t);
	snapshot(&before);
	fake_b.caps.table_size_max = 4;
	fake_b.check_cookie = before.k[3].cookie;
	fake_b.check_err = -EOPNOTSUPP;
	fake_b.check_msg = "beta: not this one";
	EXPECT_EQ(switch_to(&fake_b), -ENOSPC);
	EXPECT_SAME_TABLE(&before);
	EXPECT_EQ(fx.hw.table.size, 64);
	EXPECT_PTR_EQ(fx.hw.backend, &fake_a.ops);
	EXPECT_EQ(fake_b.adds, 0);
	EXPECT_EQ(module_refcount(&fake_b.mod), 0);
	EXPECT_FAKE_CLEAN(&fake_b);
	ASSERT_EQ(fx.nfails, 2);
	EXPECT_EQ(fx.fails[0].kind, NFTO_FAIL_SWITCH);
	EXPECT_EQ(fx.fails[0].err, -ENOSPC);
	EXPECT_STREQ(fx.fails[0].reason,
		     "switch to beta refused: 5 entries are offloaded, backend beta holds at most 4");
	EXPECT_EQ(fx.fails[1].kind, NFTO_FAIL_CAPS);
	EXPECT_EQ(fx.fails[1].cookie, before.k[3].cookie);
	EXPECT_STREQ(fx.fails[1].reason,
		     "switch to beta refused: beta: not this one");
	EXPECT_STREQ(fx.ext._msg, fx.fails[0].reason);
	fx_fini(t, &fake_a);
}

struct prepare_probe {
	const struct nfto_backend_ops *ops;	/* what prepare was shown */
	unsigned int adds;			/* flows in it by then */
	unsigned int calls;
	int err;
};

static int probe_prepare(struct nfto_hw *hw, const struct nfto_backend_ops *ops,
			 void *arg, char *reason, size_t len)
{
	struct prepare_probe *p = arg;

	p->calls++;
	p->ops = ops;
	p->adds = fake_b.nlive;
	if (p->err)
		snprintf(reason, len, "probe says no");
	return p->err;
}

/* The caller's prepare step runs last, with every flow in the new backend. */
static void engine_switch_prepare_runs_last(struct test *t)
{
	struct prepare_probe p = {};

	switch_setup(t);
	memset(&fx.ext, 0, sizeof(fx.ext));
	ASSERT_TRUE(try_module_get(fake_b.ops.owner));
	EXPECT_EQ(nfto_hw_switch_backend(&fx.hw, &fake_b.ops, probe_prepare,
					 &p, &fx.ext), 0);
	EXPECT_EQ(p.calls, 1);
	EXPECT_PTR_EQ(p.ops, &fake_b.ops);
	EXPECT_EQ(p.adds, 5);
	EXPECT_PTR_EQ(fx.hw.backend, &fake_b.ops);
	fx_fini(t, &fake_b);
}

/* ... and its refusal is the switch's: nothing moves. */
static void engine_switch_refused_by_prepare(struct test *t)
{
	struct prepare_probe p = { .err = -ENOMEM };
	struct snap before;

	switch_setup(t);
	snapshot(&before);
	memset(&fx.ext, 0, sizeof(fx.ext));
	ASSERT_TRUE(try_module_get(fake_b.ops.owner));
	EXPECT_EQ(nfto_hw_switch_backend(&fx.hw, &fake_b.ops, probe_prepare,
					 &p, &fx.ext), -ENOMEM);
	EXPECT_EQ(p.calls, 1);
	EXPECT_SAME_TABLE(&before);
	EXPECT_PTR_EQ(fx.hw.backend, &fake_a.ops);
	EXPECT_EQ(fake_a.dels, 0);
	EXPECT_EQ(fake_a.nlive, 5);
	EXPECT_EQ(fake_b.nlive, 0);
	EXPECT_EQ(fake_b.dev_inits, fake_b.dev_finis);
	EXPECT_EQ(module_refcount(&fake_b.mod), 0);
	EXPECT_EQ(module_refcount(&fake_a.mod), 1);
	EXPECT_FAKE_CLEAN(&fake_b);
	if (EXPECT_EQ(fx.nfails, 1)) {
		EXPECT_EQ(last_fail()->kind, NFTO_FAIL_SWITCH);
		EXPECT_STREQ(last_fail()->reason,
			     "switch to beta refused: probe says no");
	}
	EXPECT_STREQ(fx.ext._msg, "switch to beta refused: probe says no");
	fx_fini(t, &fake_a);
}

static void engine_switch_dev_init_fails(struct test *t)
{
	struct snap before;

	switch_setup(t);
	snapshot(&before);
	fake_b.dev_init_err = -EBUSY;
	EXPECT_EQ(switch_to(&fake_b), -EBUSY);
	EXPECT_SAME_TABLE(&before);
	EXPECT_PTR_EQ(fx.hw.backend, &fake_a.ops);
	EXPECT_EQ(fake_b.adds, 0);
	EXPECT_EQ(fake_b.dev_finis, 0);
	EXPECT_EQ(module_refcount(&fake_b.mod), 0);
	EXPECT_EQ(module_refcount(&fake_a.mod), 1);
	EXPECT_STREQ(fx.ext._msg, "fake dev_init refused");
	fx_fini(t, &fake_a);
}

/* Out of memory at each allocation of a switch: never half switched. */
static void engine_switch_out_of_memory(struct test *t)
{
	unsigned int nth;

	for (nth = 1; nth <= 8; nth++) {
		struct snap before;
		int err;

		switch_setup(t);
		snapshot(&before);
		shim.fail_alloc_nth = nth;
		err = switch_to(&fake_b);
		shim.fail_alloc_nth = 0;
		/* priv, moved[], then one entry per flow */
		if (nth <= 7) {
			EXPECT_EQ(err, -ENOMEM);
			EXPECT_SAME_TABLE(&before);
			EXPECT_PTR_EQ(fx.hw.backend, &fake_a.ops);
			EXPECT_EQ(fake_b.nlive, 0);
			EXPECT_EQ(fake_b.dev_inits, fake_b.dev_finis);
			EXPECT_EQ(fake_b.adds, nth > 3 ? nth - 3 : 0);
			EXPECT_EQ(module_refcount(&fake_b.mod), 0);
			EXPECT_EQ(module_refcount(&fake_a.mod), 1);
			fx_fini(t, &fake_a);
		} else {
			EXPECT_EQ(err, 0);
			fx_fini(t, &fake_b);
		}
		EXPECT_FAKE_CLEAN(&fake_b);
	}
}

static void engine_switch_same_backend(struct test *t)
{
	switch_setup(t);
	EXPECT_EQ(switch_to(&fake_a), 0);
	EXPECT_EQ(module_refcount(&fake_a.mod), 1);
	EXPECT_EQ(fake_a.dels, 0);
	EXPECT_EQ(fake_a.dev_inits, 1);
	fx_fini(t, &fake_a);
}

/* Migrated flows are new flows in the new backend: deltas start over. */
static void engine_stats_after_switch(struct test *t)
{
	struct nfto_hw_stats d;

	switch_setup(t);
	fake_a.stats = (struct nfto_hw_stats) { 10, 1000, 6000 };
	EXPECT_EQ(stats(1, &fx.owner_a, &d), 0);
	EXPECT_EQ(d.packets, 10);
	EXPECT_EQ(switch_to(&fake_b), 0);
	fake_b.stats = (struct nfto_hw_stats) { 4, 400, 6100 };
	EXPECT_EQ(stats(1, &fx.owner_a, &d), 0);
	if (!EXPECT_TRUE(d.packets <= 4))
		printf("#   delta after a switch: %llu packets\n",
		       (unsigned long long)d.packets);
	fx_fini(t, &fake_b);
}

static const struct test_case engine_cases[] = {
	TEST_CASE(engine_replace_adds),
	TEST_CASE(engine_replace_same_key_swaps),
	TEST_CASE(engine_destroy),
	TEST_CASE(engine_stats_deltas),
	TEST_CASE(engine_stats_core_counters),
	TEST_CASE(engine_no_stats_without_cap),
	TEST_CASE(engine_stats_after_swap),
	TEST_CASE(engine_fail_add),
	TEST_CASE(engine_fail_nth),
	TEST_CASE(engine_fail_del),
	TEST_CASE(engine_backend_del_failure_keeps_entry),
	TEST_CASE(engine_fail_stats),
	TEST_CASE(engine_table_full),
	TEST_CASE(engine_flush_owner),
	TEST_CASE(engine_flush_despite_backend_errors),
	TEST_CASE(engine_backend_check_refusal),
	TEST_CASE(engine_backend_add_failure),
	TEST_CASE(engine_redirect_ports),
	TEST_CASE(engine_model_and_caps_refusals),
	TEST_CASE(engine_flowtable_refusal_has_tuple),
	TEST_CASE(engine_flowtable_flows_are_exact),
	TEST_CASE(engine_long_reason_cut_in_extack),
	TEST_CASE(engine_long_reason_not_logged),
	TEST_CASE(engine_hw_fail_without_request),
	TEST_CASE(engine_model_refusal_record),
	TEST_CASE(engine_fail_kind_names),
	TEST_CASE(engine_replace_out_of_memory),
	TEST_CASE(engine_hw_init_failures),
	TEST_CASE(engine_hw_fini_releases_everything),
	TEST_CASE(engine_switch_backend_migrates),
	TEST_CASE(engine_switch_empty_table),
	TEST_CASE(engine_switch_refused_by_add),
	TEST_CASE(engine_switch_refused_by_caps),
	TEST_CASE(engine_switch_refused_every_entry),
	TEST_CASE(engine_switch_refused_by_fault),
	TEST_CASE(engine_switch_table_shrinks),
	TEST_CASE(engine_switch_table_too_small),
	TEST_CASE(engine_switch_prepare_runs_last),
	TEST_CASE(engine_switch_refused_by_prepare),
	TEST_CASE(engine_switch_dev_init_fails),
	TEST_CASE(engine_switch_out_of_memory),
	TEST_CASE(engine_switch_same_backend),
	TEST_CASE(engine_stats_after_switch),
	{}
};

const struct test_suite suite_engine = { "engine", engine_cases };
