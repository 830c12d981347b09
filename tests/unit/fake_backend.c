// SPDX-License-Identifier: GPL-2.0
/*
 * Fake backends; see fake_backend.h. A callback gets no pointer to its
 * ops, so each fake has its own set of thin callbacks (FAKE_DEFINE) that
 * pass their instance to the shared implementation.
 */
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/string.h>

#include "fake_backend.h"

#define FAKE_MAGIC	0xfa4eba5eUL

struct fake_dev_priv {
	struct fake_backend	*fb;
	unsigned long		magic;
};

struct fake_flow_priv {
	struct fake_backend	*fb;
	unsigned long		cookie;
	unsigned long		magic;
	struct nfto_hw_stats	hw;
};

static void violation(struct fake_backend *fb, const char *fmt, ...)
	__printf(2, 3);

static void violation(struct fake_backend *fb, const char *fmt, ...)
{
	va_list ap;

	fb->violations++;
	va_start(ap, fmt);
	vsnprintf(fb->violation, sizeof(fb->violation), fmt, ap);
	va_end(ap);
	pr_info("fake %s: %s\n", fb->name, fb->violation);
}

static void check_locked(struct fake_backend *fb, struct nfto_hw *hw,
			 const char *op)
{
	if (!lockdep_is_held(&hw->lock))
		violation(fb, "%s called without hw->lock", op);
}

static void check_dev_priv(struct fake_backend *fb, void *dev_priv,
			   const char *op)
{
	struct fake_dev_priv *dp = dev_priv;

	if (!dp || dp->fb != fb || dp->magic != FAKE_MAGIC)
		violation(fb, "%s got a dev_priv that is not %s's", op,
			  fb->name);
}

static int live_find(struct fake_backend *fb, void *flow_priv)
{
	unsigned int i;

	for (i = 0; i < fb->nlive; i++)
		if (fb->live[i] == flow_priv)
			return i;
	return -1;
}

static int fake_dev_init(struct fake_backend *fb, struct nfto_hw *hw,
			 void *dev_priv, struct netlink_ext_ack *extack)
{
	struct fake_dev_priv *dp = dev_priv;

	fb->dev_inits++;
	if (memchr_inv(dp, 0, sizeof(*dp)))
		violation(fb, "dev_init got a dev_priv not zeroed");
	if (fb->dev_init_err) {
		NL_SET_ERR_MSG(extack, "fake dev_init refused");
		return fb->dev_init_err;
	}
	dp->fb = fb;
	dp->magic = FAKE_MAGIC;
	fb->live_devs++;
	return 0;
}

static void fake_dev_fini(struct fake_backend *fb, struct nfto_hw *hw,
			  void *dev_priv)
{
	fb->dev_finis++;
	check_dev_priv(fb, dev_priv, "dev_fini");
	if (fb->nlive)
		violation(fb, "dev_fini with %u flows still added", fb->nlive);
	fb->live_devs--;
}

static int fake_flow_check(struct fake_backend *fb,
			   const struct nfto_flow *flow,
			   struct netlink_ext_ack *extack)
{
	fb->checks++;
	if (fb->check_err &&
	    (!fb->check_cookie || fb->check_cookie == flow->cookie)) {
		if (fb->check_msg)
			NL_SET_ERR_MSG_FMT(extack, "%s", fb->check_msg);
		return fb->check_err;
	}
	return 0;
}

static int fake_flow_add(struct fake_backend *fb, struct nfto_hw *hw,
			 void *dev_priv, const struct nfto_flow *flow,
			 void *flow_priv, struct netlink_ext_ack *extack)
{
	struct fake_flow_priv *fp = flow_priv;

	fb->adds++;
	check_locked(fb, hw, "flow_add");
	check_dev_priv(fb, dev_priv, "flow_add");
	if (memchr_inv(fp, 0, sizeof(*fp)))
		violation(fb, "flow_add got a flow_priv not zeroed");
	if (fb->fail_add_nth && !--fb->fail_add_nth) {
		if (fb->add_msg)
			NL_SET_ERR_MSG_FMT(extack, "%s", fb->add_msg);
		return fb->add_err ?: -EIO;
	}
	if (fb->nlive == FAKE_MAX_LIVE) {
		NL_SET_ERR_MSG(extack, "fake hardware is full");
		return -ENOSPC;
	}
	fp->fb = fb;
	fp->cookie = flow->cookie;
	fp->magic = FAKE_MAGIC;
	fb->live[fb->nlive++] = fp;
	fb->last_added = *flow;
	return 0;
}

static int fake_flow_del(struct fake_backend *fb, struct nfto_hw *hw,
			 void *dev_priv, const struct nfto_flow *flow,
			 void *flow_priv, struct netlink_ext_ack *extack)
{
	struct fake_flow_priv *fp = flow_priv;
	int i;

	fb->dels++;
	check_locked(fb, hw, "flow_del");
	check_dev_priv(fb, dev_priv, "flow_del");
	i = live_find(fb, flow_priv);
	if (i < 0) {
		violation(fb, "flow_del of a flow it never added (cookie %lu)",
			  flow->cookie);
		return -ENOENT;
	}
	if (fp->fb != fb || fp->cookie != flow->cookie ||
	    fp->magic != FAKE_MAGIC)
		violation(fb, "flow_del: flow_priv does not match the flow");
	if (fb->del_err) {
		NL_SET_ERR_MSG(extack, "fake flow_del failed");
		return fb->del_err;	/* still "in hardware" */
	}
	fb->live[i] = fb->live[--fb->nlive];
	fb->last_deleted = flow->cookie;
	return 0;
}

static int fake_flow_stats(struct fake_backend *fb, struct nfto_hw *hw,
			   void *dev_priv, const struct nfto_flow *flow,
			   void *flow_priv, struct nfto_hw_stats *stats,
			   struct netlink_ext_ack *extack)
{
	fb->stats_calls++;
	/* flow_stats runs without hw->lock (it must not sleep) */
	check_dev_priv(fb, dev_priv, "flow_stats");
	if (live_find(fb, flow_priv) < 0)
		violation(fb, "flow_stats of a flow it never added");
	if (fb->stats_err) {
		NL_SET_ERR_MSG(extack, "fake flow_stats failed");
		return fb->stats_err;
	}
	if (fb->stats_per_flow) {
		struct fake_flow_priv *fp = flow_priv;

		fp->hw.packets += fb->stats.packets;
		fp->hw.bytes += fb->stats.bytes;
		fp->hw.lastused = fb->stats.lastused;
		*stats = fp->hw;
		return 0;
	}
	*stats = fb->stats;
	return 0;
}

#define FAKE_DEFINE(x)							\
struct fake_backend fake_##x;						\
static int x##_dev_init(struct nfto_hw *hw, void *dp,			\
			struct netlink_ext_ack *e)			\
{ return fake_dev_init(&fake_##x, hw, dp, e); }				\
static void x##_dev_fini(struct nfto_hw *hw, void *dp)			\
{ fake_dev_fini(&fake_##x, hw, dp); }					\
static int x##_flow_check(const struct nfto_flow *f,			\
			  struct netlink_ext_ack *e)			\
{ return fake_flow_check(&fake_##x, f, e); }				\
static int x##_flow_add(struct nfto_hw *hw, void *dp,			\
			const struct nfto_flow *f, void *fp,		\
			struct netlink_ext_ack *e)			\
{ return fake_flow_add(&fake_##x, hw, dp, f, fp, e); }			\
static int x##_flow_del(struct nfto_hw *hw, void *dp,			\
			const struct nfto_flow *f, void *fp,		\
			struct netlink_ext_ack *e)			\
{ return fake_flow_del(&fake_##x, hw, dp, f, fp, e); }			\
static int x##_flow_stats(struct nfto_hw *hw, void *dp,		\
			  const struct nfto_flow *f, void *fp,		\
			  struct nfto_hw_stats *s,			\
			  struct netlink_ext_ack *e)			\
{ return fake_flow_stats(&fake_##x, hw, dp, f, fp, s, e); }		\
static const struct nfto_backend_ops x##_ops_template = {		\
	.dev_init	= x##_dev_init,					\
	.dev_fini	= x##_dev_fini,					\
	.flow_check	= x##_flow_check,				\
	.flow_add	= x##_flow_add,					\
	.flow_del	= x##_flow_del,					\
	.flow_stats	= x##_flow_stats,				\
}

FAKE_DEFINE(a);
FAKE_DEFINE(b);
FAKE_DEFINE(c);

void fake_reset(struct fake_backend *fb, const char *name)
{
	const struct nfto_backend_ops *tmpl = fb == &fake_a ? &a_ops_template :
					      fb == &fake_b ? &b_ops_template :
							      &c_ops_template;

	memset(fb, 0, sizeof(*fb));
	strscpy(fb->name, name, sizeof(fb->name));
#ifndef NFTO_KUNIT
	fb->mod.name = fb->name;
	fb->mod.state = MODULE_STATE_LIVE;
#endif
	fb->caps = (struct nfto_caps) {
		.keys		= NFTO_MODEL_KEYS,
		.actions	= NFTO_MODEL_ACTIONS,
		.max_actions	= NFTO_MAX_ACTIONS,
		.prio_max	= 0,
		.chain_max	= 255,
		.table_size	= 64,
		.table_size_max	= 1 << 20,
		.flags		= NFTO_CAP_FLOWTABLE | NFTO_CAP_STATS |
				  NFTO_CAP_GOTO_ANY,
	};
	fb->ops = *tmpl;
	fb->ops.name = fb->name;
	fb->ops.version = "1.0";
#ifdef NFTO_KUNIT
	/* The kernel's struct module is real: the test module pins itself. */
	fb->ops.owner = THIS_MODULE;
#else
	fb->ops.owner = &fb->mod;
#endif
	fb->ops.caps = &fb->caps;
	fb->ops.dev_priv_size = sizeof(struct fake_dev_priv);
	fb->ops.flow_priv_size = sizeof(struct fake_flow_priv);
}
