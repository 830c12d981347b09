// SPDX-License-Identifier: GPL-2.0
/*
 * tc state over rtnetlink (libmnl): every qdisc (RTM_GETQDISC dump), then
 * the filters of each port's ingress and, with clsact, egress
 * (RTM_GETTFILTER dump by device and parent: every chain, shared blocks
 * included). The ingress qdisc answers an egress dump with its ingress
 * filters, hence the qdisc dump first.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>

#include "hooks.h"
#include "util.h"

struct state {
	const nfto_devs_t	*devs;
	struct tc_qdisc		*qdiscs;
	size_t			nqdiscs;
	struct tc_filter	*filters;
	size_t			nfilters;
	uint32_t		ifindex;	/* of the filter dump running */
	bool			egress;
};

/* A port of ours in the caller's netns. */
static bool is_port(const char *ifname, void *data)
{
	const struct state *st = data;
	size_t i, k;

	for (i = 0; i < st->devs->n; i++)
		for (k = 0; k < st->devs->v[i].nports; k++) {
			const struct nfto_port *p = &st->devs->v[i].ports[k];

			if (!p->has_netnsid && !strcmp(p->ifname, ifname))
				return true;
		}
	return false;
}

static const char *ifname(int ifindex, void *data)
{
	static char buf[IF_NAMESIZE];

	(void)data;
	return ifindex > 0 ? if_indextoname(ifindex, buf) : NULL;
}

static int qdisc_cb(const struct nlmsghdr *nlh, void *data)
{
	struct state *st = data;
	struct tc_qdisc *v;

	if (nlh->nlmsg_type != RTM_NEWQDISC)
		return 0;
	v = realloc(st->qdiscs, (st->nqdiscs + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	st->qdiscs = v;
	if (tc_qdisc_parse(nlh, &v[st->nqdiscs]))
		return -EBADMSG;
	st->nqdiscs++;
	return 0;
}

static int filter_cb(const struct nlmsghdr *nlh, void *data)
{
	struct state *st = data;
	struct tc_filter *v;

	if (nlh->nlmsg_type != RTM_NEWTFILTER)
		return 0;
	v = realloc(st->filters, (st->nfilters + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	st->filters = v;
	if (tc_filter_parse(nlh, &v[st->nfilters], ifname, NULL))
		return -EBADMSG;
	v[st->nfilters].ifindex = st->ifindex;
	v[st->nfilters].egress = st->egress;
	st->nfilters++;
	return 0;
}

static struct nlmsghdr *tc_dump_msg(struct nl *nl, uint16_t type,
				    uint32_t ifindex, uint32_t parent)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(nl->buf);
	struct tcmsg *tcm;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	tcm = mnl_nlmsg_put_extra_header(nlh, sizeof(*tcm));
	tcm->tcm_family = AF_UNSPEC;
	tcm->tcm_ifindex = (int)ifindex;
	tcm->tcm_parent = parent;
	return nlh;
}

/* The filters of @ifindex's ingress, and egress with clsact. */
static int dump_filters(struct nl *nl, struct state *st, uint32_t ifindex)
{
	bool clsact = false, ingress = false;
	size_t i;
	int err;

	for (i = 0; i < st->nqdiscs; i++) {
		if (st->qdiscs[i].ifindex != ifindex)
			continue;
		clsact |= !strcmp(st->qdiscs[i].kind, "clsact");
		ingress |= !strcmp(st->qdiscs[i].kind, "ingress");
	}
	st->ifindex = ifindex;
	if (clsact || ingress) {
		st->egress = false;
		err = nl_talk(nl, tc_dump_msg(nl, RTM_GETTFILTER, ifindex,
					      TC_H_MAKE(TC_H_CLSACT,
							TC_H_MIN_INGRESS)),
			      filter_cb, st);
		if (err)
			return err;
	}
	if (clsact) {
		st->egress = true;
		err = nl_talk(nl, tc_dump_msg(nl, RTM_GETTFILTER, ifindex,
					      TC_H_MAKE(TC_H_CLSACT,
							TC_H_MIN_EGRESS)),
			      filter_cb, st);
		if (err)
			return err;
	}
	return 0;
}

int hooks_find(struct nl *rtnl, const struct ruleset *rs,
	       const nfto_devs_t *devs, struct skip_hooks *out)
{
	struct state st = { .devs = devs };
	struct skip_env env = { .is_port = is_port, .ifname = ifname,
				.data = &st };
	struct nl own, *nl = rtnl;
	size_t i, k;
	int err;

	if (!nl) {
		err = nl_open(&own, NETLINK_ROUTE);
		if (err) {
			kernel_error(NULL, err, "rtnetlink");
			return err;
		}
		nl = &own;
	}
	err = nl_talk(nl, tc_dump_msg(nl, RTM_GETQDISC, 0, 0), qdisc_cb, &st);
	if (err) {
		kernel_error(nl, err, "reading the qdiscs");
		goto out;
	}
	for (i = 0; i < devs->n && !err; i++)
		for (k = 0; k < devs->v[i].nports && !err; k++) {
			const struct nfto_port *p = &devs->v[i].ports[k];

			if (p->has_netnsid)
				continue;
			err = dump_filters(nl, &st, p->ifindex);
			if (err)
				kernel_error(nl, err, "reading the tc filters of %s",
					     p->ifname);
		}
	if (!err) {
		err = skip_find(rs, st.filters, st.nfilters, st.qdiscs,
				st.nqdiscs, &env, out);
		if (err)
			kernel_error(NULL, err, "finding skipped hooks");
	}
out:
	free(st.qdiscs);
	free(st.filters);
	if (nl == &own)
		nl_close(&own);
	return err;
}

void hooks_print(const struct skip_hooks *h, const struct hwdiffs *d)
{
	char name[192], why[256];
	size_t i;

	for (i = 0; i < d->n; i++) {
		const struct hwdiff *w = &d->v[i];

		hwdiff_name(w, name, sizeof(name));
		printf("WARNING: %s: %s matches differently in hardware than in software: %s\n",
		       name, w->match, w->does);
		printf("    %s\n    %s\n", w->reason, w->fix);
	}
	for (i = 0; i < h->n; i++) {
		const struct skip_hook *w = &h->v[i];

		skip_name(w, name, sizeof(name));
		skip_reason(w, why, sizeof(why));
		printf("WARNING: %s %s: %s", w->port,
		       w->egress ? "egress" : "ingress", name);
		if (w->kind == SKIP_NFT_CHAIN)
			printf(" (priority %d)", w->prio);
		else if (w->kind == SKIP_TC_FILTER)
			printf(" (not in hardware)");
		printf(" is skipped by packets the hardware handles: %s\n",
		       w->does);
		printf("    %s\n    hardware on %s: %s\n", why, w->port,
		       w->cause);
	}
}

void hooks_json(struct json *j, const struct skip_hooks *h,
		const struct hwdiffs *d)
{
	char name[192], why[256];
	size_t i;

	json_arr_begin(j, "warnings");
	for (i = 0; i < d->n; i++) {
		const struct hwdiff *w = &d->v[i];

		hwdiff_name(w, name, sizeof(name));
		json_obj_begin(j, NULL);
		json_str(j, "kind", "nft_rule");
		json_null(j, "port");
		json_str(j, "hook", "ingress");
		json_str(j, "name", name);
		json_str(j, "family", w->family);
		json_str(j, "table", w->table);
		json_str(j, "chain", w->chain);
		json_i64(j, "priority", w->prio);
		json_u64(j, "handle", w->handle);
		json_null(j, "tc_chain");
		json_null(j, "tc_kind");
		json_str(j, "does", w->does);
		json_str(j, "reason", w->reason);
		json_null(j, "hardware");
		json_str(j, "match", w->match);
		json_str(j, "fix", w->fix);
		json_obj_end(j);
	}
	for (i = 0; i < h->n; i++) {
		const struct skip_hook *w = &h->v[i];
		bool nft = w->kind == SKIP_NFT_CHAIN;
		bool filter = w->kind == SKIP_TC_FILTER;

		skip_name(w, name, sizeof(name));
		skip_reason(w, why, sizeof(why));
		json_obj_begin(j, NULL);
		json_str(j, "kind", skip_kind_name(w->kind));
		json_str(j, "port", w->port);
		json_str(j, "hook", w->egress ? "egress" : "ingress");
		json_str(j, "name", name);
		json_str(j, "family", nft ? w->family : NULL);
		json_str(j, "table", nft ? w->table : NULL);
		json_str(j, "chain", nft ? w->chain : NULL);
		if (nft)
			json_i64(j, "priority", w->prio);
		else if (filter)
			json_i64(j, "priority", w->pref);
		else
			json_null(j, "priority");
		if (nft)
			json_null(j, "handle");
		else
			json_u64(j, "handle", w->handle);
		if (filter)
			json_u64(j, "tc_chain", w->tc_chain);
		else
			json_null(j, "tc_chain");
		json_str(j, "tc_kind", nft ? NULL : w->tc_kind);
		json_str(j, "does", w->does);
		json_str(j, "reason", why);
		json_str(j, "hardware", w->cause);
		json_null(j, "match");
		json_null(j, "fix");
		json_obj_end(j);
	}
	json_arr_end(j);
}
