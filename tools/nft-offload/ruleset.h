/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The live ruleset through libnftnl: chains, rules and flowtables.
 * ruleset_read() is in ruleset_read.c (netlink), the rest in ruleset.c
 * (pure: the unit tests link it).
 */
#ifndef NFTO_RULESET_H
#define NFTO_RULESET_H

#include <stdbool.h>
#include <stddef.h>

#include "nl.h"

struct nftnl_chain;
struct nftnl_rule;
struct nftnl_flowtable;

/* The most devices of a chain or flowtable looked at. */
#define RULESET_MAX_DEVS	64

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

/*
 * The devices a base chain is hooked on ("devices = { ... }" or
 * "device X"), at most RULESET_MAX_DEVS, into @out; returns how many.
 */
size_t ruleset_chain_devices(struct nftnl_chain *ch, const char **out);
/* The same for a flowtable's devices. */
size_t ruleset_flowtable_devices(struct nftnl_flowtable *ft, const char **out);

/* Has the chain "flags offload"? */
bool ruleset_chain_offload(struct nftnl_chain *ch);
/* Is @r a rule of @ch (family, table and chain name)? */
bool ruleset_rule_of(struct nftnl_rule *r, struct nftnl_chain *ch);

#endif /* NFTO_RULESET_H */
