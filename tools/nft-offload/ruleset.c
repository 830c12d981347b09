// SPDX-License-Identifier: GPL-2.0
/*
 * The ruleset's objects as libnftnl holds them: what check and skip.c
 * both ask of chains, rules and flowtables. Pure code, no netlink (the
 * dumps are in ruleset_read.c), so the unit tests link it.
 */
#include <stdlib.h>
#include <string.h>
#include <linux/netfilter/nf_tables.h>
#include <libnftnl/chain.h>
#include <libnftnl/flowtable.h>
#include <libnftnl/rule.h>

#include "ruleset.h"

size_t ruleset_chain_devices(struct nftnl_chain *ch, const char **out)
{
	const char *const *devs;
	size_t n = 0;

	if (nftnl_chain_is_set(ch, NFTNL_CHAIN_DEVICES)) {
		devs = nftnl_chain_get_array(ch, NFTNL_CHAIN_DEVICES);
		while (devs && devs[n] && n < RULESET_MAX_DEVS) {
			out[n] = devs[n];
			n++;
		}
	} else if (nftnl_chain_is_set(ch, NFTNL_CHAIN_DEV)) {
		out[n++] = nftnl_chain_get_str(ch, NFTNL_CHAIN_DEV);
	}
	return n;
}

size_t ruleset_flowtable_devices(struct nftnl_flowtable *ft, const char **out)
{
	const char *const *devs = NULL;
	size_t n = 0;

	if (nftnl_flowtable_is_set(ft, NFTNL_FLOWTABLE_DEVICES))
		devs = nftnl_flowtable_get_array(ft, NFTNL_FLOWTABLE_DEVICES);
	while (devs && devs[n] && n < RULESET_MAX_DEVS) {
		out[n] = devs[n];
		n++;
	}
	return n;
}

bool ruleset_chain_offload(struct nftnl_chain *ch)
{
	return nftnl_chain_is_set(ch, NFTNL_CHAIN_FLAGS) &&
	       nftnl_chain_get_u32(ch, NFTNL_CHAIN_FLAGS) & NFT_CHAIN_HW_OFFLOAD;
}

bool ruleset_rule_of(struct nftnl_rule *r, struct nftnl_chain *ch)
{
	return nftnl_rule_get_u32(r, NFTNL_RULE_FAMILY) ==
	       nftnl_chain_get_u32(ch, NFTNL_CHAIN_FAMILY) &&
	       !strcmp(nftnl_rule_get_str(r, NFTNL_RULE_TABLE),
		       nftnl_chain_get_str(ch, NFTNL_CHAIN_TABLE)) &&
	       !strcmp(nftnl_rule_get_str(r, NFTNL_RULE_CHAIN),
		       nftnl_chain_get_str(ch, NFTNL_CHAIN_NAME));
}

void ruleset_free(struct ruleset *rs)
{
	size_t i;

	for (i = 0; i < rs->nchains; i++)
		nftnl_chain_free(rs->chains[i]);
	for (i = 0; i < rs->nrules; i++)
		nftnl_rule_free(rs->rules[i]);
	for (i = 0; i < rs->nflowtables; i++)
		nftnl_flowtable_free(rs->flowtables[i]);
	free(rs->chains);
	free(rs->rules);
	free(rs->flowtables);
	memset(rs, 0, sizeof(*rs));
}
