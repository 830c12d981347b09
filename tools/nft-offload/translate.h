/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nf_tables rule -> normalized flow, the way the kernel does it:
 *
 *  1. nf_tables (net/netfilter/nf_tables_offload.c, nft_flow_rule_create()
 *     and the expressions' ->offload callbacks of 6.1 and 6.12, which agree)
 *     turns the rule into a flow_rule or refuses with -EOPNOTSUPP;
 *  2. nft_offload's core (core/flow.c, nfto_flow_parse()) turns the
 *     flow_rule into its normalized flow or refuses;
 *  3. the core resolves redirect targets to ports of the switch
 *     (core/engine.c) and checks the backend's capabilities (core/caps.c):
 *     see model.h.
 *
 * Pure code on libnftnl objects: no netlink; unit-tested in tests/.
 */
#ifndef NFTO_TRANSLATE_H
#define NFTO_TRANSLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"

struct nftnl_rule;

/* Who refuses: the "stage" of check's output. */
enum xl_stage {
	XL_OK,
	XL_CHAIN,	/* the chain itself cannot be an offload chain */
	XL_DEVICE,	/* a hooked device is not an nft_offload port */
	XL_NFTABLES,	/* nf_tables cannot translate the rule */
	XL_MODEL,	/* nft_offload's flow model cannot hold it */
	XL_CAPS,	/* the kernel: ports, the backend's caps and own rules */
};

const char *xl_stage_name(enum xl_stage stage);

struct xl_env {
	/* Does @ifindex exist in the caller's netns? NULL: assume yes. */
	bool	(*ifindex_exists)(int ifindex, void *data);
	void	*data;
};

/*
 * Matches that mean one thing in software and another in hardware, from
 * the same rule (Documentation/admin-guide.rst, "Hardware equals
 * software"): nf_tables offloads each to the same dissector key as
 * another match its software path tells apart, and the hardware does
 * what that other match does.
 */
enum xl_diff_kind {
	XL_DIFF_NONE,
	/*
	 * ip6 nexthdr: key basic.ip_proto, as meta l4proto; software reads
	 * the IPv6 header's field, hardware the protocol after the
	 * extension headers.
	 */
	XL_DIFF_IP6_NEXTHDR,
	/*
	 * ether type (link layer offset 12), not a VLAN TPID: key
	 * basic.n_proto, as meta protocol; software reads the VLAN TPID of
	 * a tagged frame there, hardware the protocol after the tag.
	 */
	XL_DIFF_ETHER_TYPE,
};

struct xl_diff {
	enum xl_diff_kind	kind;
	uint16_t		value;	/* compared with, host order */
	uint16_t		mask;	/* all ones without a bitwise mask */
	/*
	 * ether type: a network header match follows at once, as when nft
	 * writes it as the dependency of that match (after an ether match);
	 * nft, like render_rule(), then does not show it.
	 */
	bool			dep;
};

#define XL_MAX_DIFFS	4

struct xl_diffs {
	unsigned int	n;
	struct xl_diff	v[XL_MAX_DIFFS];
};

/*
 * Steps 1 and 2 for one rule of an offload chain of priority @prio.
 * Fills @flow (type RULE, @prio, chain 0, keys, actions) and returns
 * XL_OK, or the stage that refused with @reason set. With XL_OK,
 * @diffs (if not NULL) gets the matches of the rule whose hardware
 * meaning differs from software's, in rule order; otherwise none.
 */
enum xl_stage xl_rule(struct nftnl_rule *rule, uint32_t prio,
		      const struct xl_env *env, struct nfto_uflow *flow,
		      struct xl_diffs *diffs, char *reason, size_t len);

/*
 * The chain conditions of nf_tables_offload.c (nft_chain_offload_support(),
 * nft_chain_offload_priority(), the policy check of
 * nft_flow_offload_chain()): XL_OK or XL_CHAIN with @reason set.
 */
enum xl_stage xl_chain(uint32_t family, uint32_t hooknum, int32_t prio,
		       uint32_t policy, char *reason, size_t len);

/*
 * The least a flowtable flow of nf_flow_table_offload.c carries: a routed
 * TCP flow over IPv4 (@ipv6 false) or IPv6 coming in on @iif and leaving
 * through @oif, matching meta ingress_ifindex, control, basic, the
 * addresses, tcp flags (FIN/RST must miss) and ports, exactly; rewriting
 * both Ethernet addresses (4 mangles, as nf_flow_rule_route_common() words
 * them) and redirecting. The flow's priority is the flowtable's hook
 * priority, as the kernel passes it (an int in a u32).
 */
void xl_flowtable_flow(int32_t prio, bool ipv6, int iif, int oif,
		       struct nfto_uflow *flow);

#endif /* NFTO_TRANSLATE_H */
