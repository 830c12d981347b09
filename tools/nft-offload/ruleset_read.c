// SPDX-License-Identifier: GPL-2.0
/*
 * Reads the ruleset with one dump per object type (NFT_MSG_GETCHAIN,
 * GETRULE, GETFLOWTABLE), each message parsed by libnftnl. The netlink
 * half of ruleset.h; the objects' accessors are in ruleset.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <libnftnl/chain.h>
#include <libnftnl/common.h>
#include <libnftnl/flowtable.h>
#include <libnftnl/rule.h>

#include "ruleset.h"

static int push(void ***v, size_t *n, void *obj)
{
	void **nv = realloc(*v, (*n + 1) * sizeof(*nv));

	if (!nv)
		return -ENOMEM;
	nv[(*n)++] = obj;
	*v = nv;
	return 0;
}

static int chain_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ruleset *rs = data;
	struct nftnl_chain *c = nftnl_chain_alloc();

	if (!c)
		return -ENOMEM;
	if (nftnl_chain_nlmsg_parse(nlh, c) < 0) {
		nftnl_chain_free(c);
		return -EBADMSG;
	}
	if (push((void ***)&rs->chains, &rs->nchains, c)) {
		nftnl_chain_free(c);
		return -ENOMEM;
	}
	return 0;
}

static int rule_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ruleset *rs = data;
	struct nftnl_rule *r = nftnl_rule_alloc();

	if (!r)
		return -ENOMEM;
	if (nftnl_rule_nlmsg_parse(nlh, r) < 0) {
		nftnl_rule_free(r);
		return -EBADMSG;
	}
	if (push((void ***)&rs->rules, &rs->nrules, r)) {
		nftnl_rule_free(r);
		return -ENOMEM;
	}
	return 0;
}

static int flowtable_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ruleset *rs = data;
	struct nftnl_flowtable *f = nftnl_flowtable_alloc();

	if (!f)
		return -ENOMEM;
	if (nftnl_flowtable_nlmsg_parse(nlh, f) < 0) {
		nftnl_flowtable_free(f);
		return -EBADMSG;
	}
	if (push((void ***)&rs->flowtables, &rs->nflowtables, f)) {
		nftnl_flowtable_free(f);
		return -ENOMEM;
	}
	return 0;
}

static int dump(struct nl *nl, uint16_t type, nl_cb_t cb, struct ruleset *rs)
{
	struct nlmsghdr *nlh;

	nlh = nftnl_nlmsg_build_hdr(nl->buf, type, NFPROTO_UNSPEC, NLM_F_DUMP, 0);
	return nl_talk(nl, nlh, cb, rs);
}

int ruleset_read(struct nl *nl, struct ruleset *rs)
{
	int err;

	memset(rs, 0, sizeof(*rs));
	err = dump(nl, NFT_MSG_GETCHAIN, chain_cb, rs);
	if (!err)
		err = dump(nl, NFT_MSG_GETRULE, rule_cb, rs);
	if (!err)
		err = dump(nl, NFT_MSG_GETFLOWTABLE, flowtable_cb, rs);
	if (err)
		ruleset_free(rs);
	return err;
}
