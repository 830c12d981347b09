// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netfilter.h>
#include <linux/pkt_cls.h>
#include <linux/netfilter/nf_tables.h>
#include <libnftnl/chain.h>
#include <libnftnl/expr.h>
#include <libnftnl/flowtable.h>
#include <libnftnl/rule.h>

#include "render.h"
#include "ruleset.h"
#include "skip.h"

/* What the hardware does on one port, by direction; "" for nothing. */
struct hw_port {
	char	ifname[IF_NAMESIZE];
	char	cause[2][160];		/* [0] ingress, [1] egress */
};

struct hw_ports {
	struct hw_port	*v;
	size_t		n;
};

/* The first cause found is kept: one is enough to explain a warning. */
static int mark(struct hw_ports *p, const char *ifname, bool egress,
		const char *cause)
{
	struct hw_port *np;
	size_t i;

	for (i = 0; i < p->n; i++)
		if (!strcmp(p->v[i].ifname, ifname))
			break;
	if (i == p->n) {
		np = realloc(p->v, (p->n + 1) * sizeof(*np));
		if (!np)
			return -ENOMEM;
		p->v = np;
		memset(&p->v[i], 0, sizeof(p->v[i]));
		snprintf(p->v[i].ifname, sizeof(p->v[i].ifname), "%s", ifname);
		p->n++;
	}
	if (!p->v[i].cause[egress][0])
		snprintf(p->v[i].cause[egress], sizeof(p->v[i].cause[egress]),
			 "%s", cause);
	return 0;
}

static const char *cause_of(const struct hw_ports *p, const char *ifname,
			    bool egress)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (!strcmp(p->v[i].ifname, ifname))
			return p->v[i].cause[egress][0] ? p->v[i].cause[egress] :
			       NULL;
	return NULL;
}

/* fwd/dup targets of a rule: the ifindex an immediate put in the register. */
struct targets {
	int32_t		reg[32];
	int		v[8];
	size_t		n;
};

static int target_expr(struct nftnl_expr *e, void *data)
{
	struct targets *t = data;
	const char *name = nftnl_expr_get_str(e, NFTNL_EXPR_NAME);
	uint32_t len = 0, reg;
	const void *d;

	if (!strcmp(name, "immediate") &&
	    nftnl_expr_is_set(e, NFTNL_EXPR_IMM_DATA)) {
		reg = nftnl_expr_get_u32(e, NFTNL_EXPR_IMM_DREG) % 32;
		d = nftnl_expr_get(e, NFTNL_EXPR_IMM_DATA, &len);
		t->reg[reg] = 0;
		if (d && len >= sizeof(int32_t))
			memcpy(&t->reg[reg], d, sizeof(int32_t));
	} else if ((!strcmp(name, "fwd") &&
		    nftnl_expr_is_set(e, NFTNL_EXPR_FWD_SREG_DEV)) ||
		   (!strcmp(name, "dup") &&
		    nftnl_expr_is_set(e, NFTNL_EXPR_DUP_SREG_DEV))) {
		reg = nftnl_expr_get_u32(e, !strcmp(name, "fwd") ?
					 NFTNL_EXPR_FWD_SREG_DEV :
					 NFTNL_EXPR_DUP_SREG_DEV) % 32;
		if (t->reg[reg] > 0 && t->n < sizeof(t->v) / sizeof(t->v[0]))
			t->v[t->n++] = t->reg[reg];
	}
	return 0;
}

/* Ports offload chains, offloaded flowtables and in-hardware filters use. */
static int hw_ports(const struct ruleset *rs, const struct tc_filter *filters,
		    size_t nfilters, const struct skip_env *env,
		    struct hw_ports *p)
{
	const char *devs[RULESET_MAX_DEVS], *to;
	char cause[160];
	size_t i, k, n;
	int err = 0;

	for (i = 0; i < rs->nchains && !err; i++) {
		struct nftnl_chain *ch = rs->chains[i];

		if (nftnl_chain_get_u32(ch, NFTNL_CHAIN_FAMILY) != NFPROTO_NETDEV ||
		    !nftnl_chain_is_set(ch, NFTNL_CHAIN_HOOKNUM) ||
		    !ruleset_chain_offload(ch))
			continue;
		snprintf(cause, sizeof(cause),
			 "offload chain netdev %s %s (flags offload)",
			 nftnl_chain_get_str(ch, NFTNL_CHAIN_TABLE),
			 nftnl_chain_get_str(ch, NFTNL_CHAIN_NAME));
		n = ruleset_chain_devices(ch, devs);
		for (k = 0; k < n && !err; k++)
			if (env->is_port(devs[k], env->data))
				err = mark(p, devs[k], false, cause);
		for (k = 0; k < rs->nrules && !err; k++) {
			struct targets t = { 0 };
			size_t j;

			if (!ruleset_rule_of(rs->rules[k], ch))
				continue;
			nftnl_expr_foreach(rs->rules[k], target_expr, &t);
			for (j = 0; j < t.n && !err; j++) {
				to = env->ifname(t.v[j], env->data);
				if (to && env->is_port(to, env->data))
					err = mark(p, to, true, cause);
			}
		}
	}
	for (i = 0; i < rs->nflowtables && !err; i++) {
		struct nftnl_flowtable *ft = rs->flowtables[i];
		uint32_t family;

		if (!nftnl_flowtable_is_set(ft, NFTNL_FLOWTABLE_FLAGS) ||
		    !(nftnl_flowtable_get_u32(ft, NFTNL_FLOWTABLE_FLAGS) &
		      NFT_FLOWTABLE_HW_OFFLOAD))
			continue;
		family = nftnl_flowtable_get_u32(ft, NFTNL_FLOWTABLE_FAMILY);
		snprintf(cause, sizeof(cause), "flowtable %s %s %s (flags offload)",
			 nft_family_name(family),
			 nftnl_flowtable_get_str(ft, NFTNL_FLOWTABLE_TABLE),
			 nftnl_flowtable_get_str(ft, NFTNL_FLOWTABLE_NAME));
		n = ruleset_flowtable_devices(ft, devs);
		for (k = 0; k < n && !err; k++) {
			if (!env->is_port(devs[k], env->data))
				continue;
			err = mark(p, devs[k], false, cause);
			if (!err)
				err = mark(p, devs[k], true, cause);
		}
	}
	for (i = 0; i < nfilters && !err; i++) {
		const struct tc_filter *f = &filters[i];
		const char *port = env->ifname((int)f->ifindex, env->data);

		if (f->internal || !tc_filter_in_hw(f) || !port ||
		    !env->is_port(port, env->data))
			continue;
		snprintf(cause, sizeof(cause), "tc filter %s %s pref %u %s (%s)",
			 port, f->egress ? "egress" : "ingress", f->pref, f->kind,
			 f->flags & TCA_CLS_FLAGS_SKIP_SW ? "skip_sw" : "in_hw");
		/*
		 * Only the ingress: what the host sends passes the software
		 * egress hooks before any egress filter in hardware.
		 */
		if (!f->egress)
			err = mark(p, port, false, cause);
		for (k = 0; k < f->ntargets && !err; k++) {
			to = env->ifname(f->targets[k], env->data);
			if (to && env->is_port(to, env->data))
				err = mark(p, to, true, cause);
		}
	}
	return err;
}

static struct skip_hook *push(struct skip_hooks *out)
{
	struct skip_hook *v = realloc(out->v, (out->n + 1) * sizeof(*v));

	if (!v)
		return NULL;
	out->v = v;
	memset(&v[out->n], 0, sizeof(v[0]));
	return &v[out->n++];
}

/* The chain's rules, "; " between them, and a drop policy. */
static void chain_does(const struct ruleset *rs, struct nftnl_chain *ch,
		       const struct skip_env *env, char *buf, size_t len)
{
	size_t i, off = 0, nrules = 0;
	char text[512];

	buf[0] = '\0';
	for (i = 0; i < rs->nrules && off + 1 < len; i++) {
		if (!ruleset_rule_of(rs->rules[i], ch))
			continue;
		render_rule(rs->rules[i], text, sizeof(text), env->ifname,
			    env->data);
		off += snprintf(buf + off, len - off, "%s%s", nrules ? "; " : "",
				text);
		nrules++;
	}
	if (off >= len)
		return;
	if (!nrules)
		off += snprintf(buf + off, len - off, "no rules");
	if (off < len && nftnl_chain_is_set(ch, NFTNL_CHAIN_POLICY) &&
	    nftnl_chain_get_u32(ch, NFTNL_CHAIN_POLICY) == NF_DROP)
		snprintf(buf + off, len - off, "; policy drop");
}

static int chain_hooks(const struct ruleset *rs, const struct hw_ports *p,
		       const struct skip_env *env, struct skip_hooks *out)
{
	const char *devs[RULESET_MAX_DEVS], *cause;
	struct skip_hook *h;
	size_t i, k, n;

	for (i = 0; i < rs->nchains; i++) {
		struct nftnl_chain *ch = rs->chains[i];
		uint32_t family = nftnl_chain_get_u32(ch, NFTNL_CHAIN_FAMILY);
		uint32_t hook;
		bool egress;

		if (!nftnl_chain_is_set(ch, NFTNL_CHAIN_HOOKNUM) ||
		    ruleset_chain_offload(ch))
			continue;
		hook = nftnl_chain_get_u32(ch, NFTNL_CHAIN_HOOKNUM);
		if (family == NFPROTO_NETDEV && hook == NF_NETDEV_INGRESS)
			egress = false;
		else if (family == NFPROTO_NETDEV && hook == NF_NETDEV_EGRESS)
			egress = true;
		else if (family == NFPROTO_INET && hook == NF_INET_INGRESS)
			egress = false;
		else
			continue;	/* not a hook of one device */
		n = ruleset_chain_devices(ch, devs);
		for (k = 0; k < n; k++) {
			cause = cause_of(p, devs[k], egress);
			if (!cause)
				continue;
			h = push(out);
			if (!h)
				return -ENOMEM;
			h->kind = SKIP_NFT_CHAIN;
			h->egress = egress;
			snprintf(h->port, sizeof(h->port), "%s", devs[k]);
			snprintf(h->family, sizeof(h->family), "%s",
				 nft_family_name(family));
			snprintf(h->table, sizeof(h->table), "%s",
				 nftnl_chain_get_str(ch, NFTNL_CHAIN_TABLE));
			snprintf(h->chain, sizeof(h->chain), "%s",
				 nftnl_chain_get_str(ch, NFTNL_CHAIN_NAME));
			h->prio = nftnl_chain_get_s32(ch, NFTNL_CHAIN_PRIO);
			chain_does(rs, ch, env, h->does, sizeof(h->does));
			snprintf(h->cause, sizeof(h->cause), "%s", cause);
		}
	}
	return 0;
}

int skip_find(const struct ruleset *rs, const struct tc_filter *filters,
	      size_t nfilters, const struct tc_qdisc *qdiscs, size_t nqdiscs,
	      const struct skip_env *env, struct skip_hooks *out)
{
	struct hw_ports p = { 0 };
	struct skip_hook *h;
	const char *port, *cause;
	size_t i;
	int err;

	err = hw_ports(rs, filters, nfilters, env, &p);
	if (!err)
		err = chain_hooks(rs, &p, env, out);
	for (i = 0; i < nfilters && !err; i++) {
		const struct tc_filter *f = &filters[i];

		port = env->ifname((int)f->ifindex, env->data);
		if (f->internal || tc_filter_in_hw(f) || !port)
			continue;
		cause = cause_of(&p, port, f->egress);
		if (!cause)
			continue;
		h = push(out);
		if (!h) {
			err = -ENOMEM;
			break;
		}
		h->kind = SKIP_TC_FILTER;
		h->egress = f->egress;
		snprintf(h->port, sizeof(h->port), "%s", port);
		h->pref = f->pref;
		h->handle = f->handle;
		h->tc_chain = f->chain;
		snprintf(h->tc_kind, sizeof(h->tc_kind), "%s", f->kind);
		snprintf(h->does, sizeof(h->does), "%s", f->does);
		snprintf(h->cause, sizeof(h->cause), "%s", cause);
	}
	for (i = 0; i < nqdiscs && !err; i++) {
		const struct tc_qdisc *q = &qdiscs[i];

		port = env->ifname((int)q->ifindex, env->data);
		if (!tc_qdisc_user_root(q) || !port)
			continue;
		cause = cause_of(&p, port, true);
		if (!cause)
			continue;
		h = push(out);
		if (!h) {
			err = -ENOMEM;
			break;
		}
		h->kind = SKIP_QDISC;
		h->egress = true;
		snprintf(h->port, sizeof(h->port), "%s", port);
		h->handle = q->handle;
		snprintf(h->tc_kind, sizeof(h->tc_kind), "%s", q->kind);
		snprintf(h->does, sizeof(h->does), "qdisc %s", q->kind);
		snprintf(h->cause, sizeof(h->cause), "%s", cause);
	}
	free(p.v);
	return err;
}

void skip_free(struct skip_hooks *h)
{
	free(h->v);
	h->v = NULL;
	h->n = 0;
}

void skip_reason(const struct skip_hook *h, char *buf, size_t len)
{
	if (h->egress)
		snprintf(buf, len,
			 "packets the hardware forwards out of %s never pass this %s; packets the host sends still do",
			 h->port, h->kind == SKIP_QDISC ? "qdisc" : "hook");
	else
		snprintf(buf, len,
			 "packets forwarded or dropped by hardware on %s never reach this hook; packets the hardware misses or traps still do",
			 h->port);
}

void skip_name(const struct skip_hook *h, char *buf, size_t len)
{
	switch (h->kind) {
	case SKIP_NFT_CHAIN:
		snprintf(buf, len, "%s %s %s", h->family, h->table, h->chain);
		break;
	case SKIP_TC_FILTER:
		if (h->tc_chain)
			snprintf(buf, len, "tc filter chain %u pref %u handle 0x%x %s",
				 h->tc_chain, h->pref, h->handle, h->tc_kind);
		else
			snprintf(buf, len, "tc filter pref %u handle 0x%x %s",
				 h->pref, h->handle, h->tc_kind);
		break;
	case SKIP_QDISC:
		snprintf(buf, len, "qdisc %s %x: root", h->tc_kind,
			 h->handle >> 16);
		break;
	}
}

const char *skip_kind_name(enum skip_kind kind)
{
	switch (kind) {
	case SKIP_NFT_CHAIN:	return "nft_chain";
	case SKIP_TC_FILTER:	return "tc_filter";
	case SKIP_QDISC:	return "qdisc";
	}
	return "unknown";
}
