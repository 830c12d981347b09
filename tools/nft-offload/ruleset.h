/* SPDX-License-Identifier: GPL-2.0 */
/* The live ruleset through libnftnl: chains, rules and flowtables. */
#ifndef NFTO_RULESET_H
#define NFTO_RULESET_H

#include <stddef.h>

#include "nl.h"

struct nftnl_chain;
struct nftnl_rule;
struct nftnl_flowtable;

struct ruleset {
	struct nftnl_chain	**chains;
	size_t			nchains;
	struct nftnl_rule	**rules;	/* in chain order, as dumped */
	size_t			nrules;
	struct nftnl_flowtable	**flowtables;
	size_t			nflowtables;
};

/* Dumps every family. 0 or -errno; nl->extack set on kernel errors. */
int ruleset_read(struct nl *nl, struct ruleset *rs);
void ruleset_free(struct ruleset *rs);

#endif /* NFTO_RULESET_H */
