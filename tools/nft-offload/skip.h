/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Software hooks that packets handled by the (simulated) hardware skip.
 *
 * Like a real NIC, nft_offload's datapath forwards and drops packets
 * before the host sees them: a packet the hardware forwards from port A
 * out of port B never passes A's ingress hooks nor B's egress hooks (nft
 * netdev chains without "flags offload", tc filters not in hardware, B's
 * root qdisc). This file finds such hooks in the caller's ruleset and tc
 * state:
 *
 *  - a port's ingress is hardware-handled when an offload chain or an
 *    in-hardware tc filter is bound on it, or it is a device of a
 *    flowtable with "flags offload";
 *  - a port's egress is hardware-handled when it is a device of such a
 *    flowtable (its flows leave by another of its devices), or the target
 *    of an offloaded fwd/dup or tc mirred egress redirect/mirror;
 *  - every software hook of that direction on that port is reported.
 *
 * Pure code on libnftnl objects and parsed tc dumps: unit-tested in tests/.
 */
#ifndef NFTO_SKIP_H
#define NFTO_SKIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tc.h"

struct ruleset;

enum skip_kind {
	SKIP_NFT_CHAIN,
	SKIP_TC_FILTER,
	SKIP_QDISC,
};

struct skip_hook {
	enum skip_kind	kind;
	bool		egress;
	char		port[IF_NAMESIZE];
	/* nft chain: family, table, chain name, priority */
	char		family[8];
	char		table[64];
	char		chain[64];
	int32_t		prio;
	/* tc filter: pref, handle, tc chain, classifier; qdisc: kind, handle */
	uint16_t	pref;
	uint32_t	handle;
	uint32_t	tc_chain;
	char		tc_kind[IF_NAMESIZE];
	char		does[512];	/* what it does, nft/tc-like */
	char		cause[160];	/* what hardware does on the port */
};

struct skip_hooks {
	struct skip_hook	*v;
	size_t			n;
};

struct skip_env {
	/* Is @ifname an nft_offload port of the caller's netns? */
	bool		(*is_port)(const char *ifname, void *data);
	/* ifindex -> name in the caller's netns, or NULL */
	const char	*(*ifname)(int ifindex, void *data);
	void		*data;
};

/*
 * Every software hook hardware-handled packets skip on a port, in the
 * order: nft chains (ruleset order), tc filters, qdiscs (dump order).
 * @filters are those of the ports' clsact/ingress qdiscs, @qdiscs every
 * qdisc dumped. Appends to @out; 0 or -ENOMEM.
 */
int skip_find(const struct ruleset *rs, const struct tc_filter *filters,
	      size_t nfilters, const struct tc_qdisc *qdiscs, size_t nqdiscs,
	      const struct skip_env *env, struct skip_hooks *out);
void skip_free(struct skip_hooks *h);

/* Why the hook is skipped, in one sentence naming the port. */
void skip_reason(const struct skip_hook *h, char *buf, size_t len);

/* "netdev t c", "tc filter pref 1 handle 0x1 flower", "qdisc tbf 1: root" */
void skip_name(const struct skip_hook *h, char *buf, size_t len);

const char *skip_kind_name(enum skip_kind kind);

#endif /* NFTO_SKIP_H */
