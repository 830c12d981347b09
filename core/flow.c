// SPDX-License-Identifier: GPL-2.0
/*
 * Translation of the kernel's struct flow_rule into struct nfto_flow.
 *
 * The flow_rule is read with the kernel's own flow_rule_match_*() helpers.
 * Anything the normalized model cannot hold is refused here, with the name
 * of the key or action, so a backend only ever sees flows it can be asked to
 * perform. Pure code: also built for userspace (tests/unit).
 */
#include <linux/if_vlan.h>	/* eth_type_vlan() */
#include <linux/kernel.h>
#include <linux/mpls.h>
#include <linux/netdevice.h>
#include <linux/string.h>
#include <net/flow_offload.h>

#include "nfto.h"

static const char * const nfto_key_names[] = {
	[FLOW_DISSECTOR_KEY_CONTROL]		= "control",
	[FLOW_DISSECTOR_KEY_BASIC]		= "basic",
	[FLOW_DISSECTOR_KEY_IPV4_ADDRS]		= "ipv4_addrs",
	[FLOW_DISSECTOR_KEY_IPV6_ADDRS]		= "ipv6_addrs",
	[FLOW_DISSECTOR_KEY_PORTS]		= "ports",
	[FLOW_DISSECTOR_KEY_PORTS_RANGE]	= "ports_range",
	[FLOW_DISSECTOR_KEY_ICMP]		= "icmp",
	[FLOW_DISSECTOR_KEY_ETH_ADDRS]		= "eth_addrs",
	[FLOW_DISSECTOR_KEY_TIPC]		= "tipc",
	[FLOW_DISSECTOR_KEY_ARP]		= "arp",
	[FLOW_DISSECTOR_KEY_VLAN]		= "vlan",
	[FLOW_DISSECTOR_KEY_FLOW_LABEL]		= "flow_label",
	[FLOW_DISSECTOR_KEY_GRE_KEYID]		= "gre_keyid",
	[FLOW_DISSECTOR_KEY_MPLS_ENTROPY]	= "mpls_entropy",
	[FLOW_DISSECTOR_KEY_ENC_KEYID]		= "enc_keyid",
	[FLOW_DISSECTOR_KEY_ENC_IPV4_ADDRS]	= "enc_ipv4_addrs",
	[FLOW_DISSECTOR_KEY_ENC_IPV6_ADDRS]	= "enc_ipv6_addrs",
	[FLOW_DISSECTOR_KEY_ENC_CONTROL]	= "enc_control",
	[FLOW_DISSECTOR_KEY_ENC_PORTS]		= "enc_ports",
	[FLOW_DISSECTOR_KEY_MPLS]		= "mpls",
	[FLOW_DISSECTOR_KEY_TCP]		= "tcp",
	[FLOW_DISSECTOR_KEY_IP]			= "ip",
	[FLOW_DISSECTOR_KEY_CVLAN]		= "cvlan",
	[FLOW_DISSECTOR_KEY_ENC_IP]		= "enc_ip",
	[FLOW_DISSECTOR_KEY_ENC_OPTS]		= "enc_opts",
	[FLOW_DISSECTOR_KEY_META]		= "meta",
	[FLOW_DISSECTOR_KEY_CT]			= "ct",
	[FLOW_DISSECTOR_KEY_HASH]		= "hash",
	[FLOW_DISSECTOR_KEY_NUM_OF_VLANS]	= "num_of_vlans",
	[FLOW_DISSECTOR_KEY_PPPOE]		= "pppoe",
	[FLOW_DISSECTOR_KEY_L2TPV3]		= "l2tpv3",
#ifdef HAVE_FLOW_DISSECTOR_KEY_CFM
	[FLOW_DISSECTOR_KEY_CFM]		= "cfm",
#endif
#ifdef HAVE_FLOW_DISSECTOR_KEY_IPSEC
	[FLOW_DISSECTOR_KEY_IPSEC]		= "ipsec",
#endif
};

const char *nfto_key_name(unsigned int key_id)
{
	if (key_id < ARRAY_SIZE(nfto_key_names) && nfto_key_names[key_id])
		return nfto_key_names[key_id];
	return "unknown";
}
EXPORT_SYMBOL_GPL(nfto_key_name);

static const char * const nfto_action_names[] = {
	[FLOW_ACTION_ACCEPT]		= "accept",
	[FLOW_ACTION_DROP]		= "drop",
	[FLOW_ACTION_TRAP]		= "trap",
	[FLOW_ACTION_GOTO]		= "goto",
	[FLOW_ACTION_REDIRECT]		= "redirect",
	[FLOW_ACTION_MIRRED]		= "mirred",
	[FLOW_ACTION_REDIRECT_INGRESS]	= "redirect_ingress",
	[FLOW_ACTION_MIRRED_INGRESS]	= "mirred_ingress",
	[FLOW_ACTION_VLAN_PUSH]		= "vlan_push",
	[FLOW_ACTION_VLAN_POP]		= "vlan_pop",
	[FLOW_ACTION_VLAN_MANGLE]	= "vlan_mangle",
	[FLOW_ACTION_TUNNEL_ENCAP]	= "tunnel_encap",
	[FLOW_ACTION_TUNNEL_DECAP]	= "tunnel_decap",
	[FLOW_ACTION_MANGLE]		= "mangle",
	[FLOW_ACTION_ADD]		= "add",
	[FLOW_ACTION_CSUM]		= "csum",
	[FLOW_ACTION_MARK]		= "mark",
	[FLOW_ACTION_PTYPE]		= "ptype",
	[FLOW_ACTION_PRIORITY]		= "priority",
#ifdef HAVE_FLOW_ACTION_RX_QUEUE_MAPPING
	[FLOW_ACTION_RX_QUEUE_MAPPING]	= "rx_queue_mapping",
#endif
	[FLOW_ACTION_WAKE]		= "wake",
	[FLOW_ACTION_QUEUE]		= "queue",
	[FLOW_ACTION_SAMPLE]		= "sample",
	[FLOW_ACTION_POLICE]		= "police",
	[FLOW_ACTION_CT]		= "ct",
	[FLOW_ACTION_CT_METADATA]	= "ct_metadata",
	[FLOW_ACTION_MPLS_PUSH]		= "mpls_push",
	[FLOW_ACTION_MPLS_POP]		= "mpls_pop",
	[FLOW_ACTION_MPLS_MANGLE]	= "mpls_mangle",
	[FLOW_ACTION_GATE]		= "gate",
	[FLOW_ACTION_PPPOE_PUSH]	= "pppoe_push",
	[FLOW_ACTION_JUMP]		= "jump",
	[FLOW_ACTION_PIPE]		= "pipe",
	[FLOW_ACTION_VLAN_PUSH_ETH]	= "vlan_push_eth",
	[FLOW_ACTION_VLAN_POP_ETH]	= "vlan_pop_eth",
	[FLOW_ACTION_CONTINUE]		= "continue",
};

const char *nfto_action_name(unsigned int act_id)
{
	if (act_id < ARRAY_SIZE(nfto_action_names) && nfto_action_names[act_id])
		return nfto_action_names[act_id];
	return "unknown";
}
EXPORT_SYMBOL_GPL(nfto_action_name);

/* Header lengths a 32-bit mangle must stay within, per htype. */
static const u8 nfto_mangle_hdr_len[] = {
	[FLOW_ACT_MANGLE_HDR_TYPE_ETH]	= 14,
	[FLOW_ACT_MANGLE_HDR_TYPE_IP4]	= 20,
	[FLOW_ACT_MANGLE_HDR_TYPE_IP6]	= 40,
	[FLOW_ACT_MANGLE_HDR_TYPE_TCP]	= 20,
	[FLOW_ACT_MANGLE_HDR_TYPE_UDP]	= 8,
};

static bool nfto_mem_nonzero(const void *p, size_t len)
{
	return !!memchr_inv(p, 0, len);
}

static void nfto_parse_vlan(const struct flow_dissector_key_vlan *k,
			    const struct flow_dissector_key_vlan *m,
			    u16 *id, u8 *prio, __be16 *tpid, __be16 *type,
			    u16 *mid, u8 *mprio, __be16 *mtpid, __be16 *mtype)
{
	*id = k->vlan_id;
	*prio = k->vlan_priority;
	*tpid = k->vlan_tpid;
	*type = k->vlan_eth_type;
	*mid = m->vlan_id;
	*mprio = m->vlan_priority;
	*mtpid = m->vlan_tpid;
	*mtype = m->vlan_eth_type;
}

/* One of flower's label stack entries as on the wire (struct nfto_key). */
static __be32 nfto_mpls_lse(const struct flow_dissector_mpls_lse *lse)
{
	/* u32: a bitfield narrower than int is promoted to int */
	return cpu_to_be32((u32)lse->mpls_label << MPLS_LS_LABEL_SHIFT |
			   (u32)lse->mpls_tc << MPLS_LS_TC_SHIFT |
			   (u32)lse->mpls_bos << MPLS_LS_S_SHIFT |
			   (u32)lse->mpls_ttl << MPLS_LS_TTL_SHIFT);
}

/**
 * nfto_flow_used_keys - the keys @flow matches on
 * @flow: key and mask filled in
 *
 * A key counts when its mask is not all zero; CONTROL only with flags
 * (addr_type just says which address key follows). Keys the rule did not
 * carry have zero masks.
 *
 * Return: BIT_ULL(FLOW_DISSECTOR_KEY_*) of every key used.
 */
u64 nfto_flow_used_keys(const struct nfto_flow *flow)
{
	const struct nfto_key *m = &flow->mask;
	u64 used = 0;

	if (m->ingress_ifindex || m->ingress_iftype)
		used |= BIT_ULL(FLOW_DISSECTOR_KEY_META);
	if (m->ctrl_flags)
		used |= BIT_ULL(FLOW_DISSECTOR_KEY_CONTROL);
	if (m->n_proto || m->ip_proto)
		used |= BIT_ULL(FLOW_DISSECTOR_KEY_BASIC);
	if (nfto_mem_nonzero(m->eth_dst, ETH_ALEN) ||
	    nfto_mem_nonzero(m->eth_src, ETH_ALEN))
		used |= BIT_ULL(FLOW_DISSECTOR_KEY_ETH_ADDRS);
	if (m->vlan_id || m->vlan_prio || m->vlan_tpid || m->vlan_eth_type)
		used |= BIT_ULL(FLOW_DISSECTOR_KEY_VLAN);
	if (m->cvlan_id || m->cvlan_prio || m->cvlan_tpid ||
	    m->cvlan_eth_type)
		used |= BIT_ULL(FLOW_DISSECTOR_KEY_CVLAN);
	if (m->ipv4_src || m->ipv4_dst)
		used |= BIT_ULL(FLOW_DISSECTOR_KEY_IPV4_ADDRS);
	if (nfto_mem_nonzero(&m->ipv6_src, sizeof(m->ipv6_src)) ||
	    nfto_mem_nonzero(&m->ipv6_dst, sizeof(m->ipv6_dst)))
		used |= BIT_ULL(FLOW_DISSECTOR_KEY_IPV6_ADDRS);
	if (m->src_port || m->dst_port)
		used |= BIT_ULL(FLOW_DISSECTOR_KEY_PORTS);
	if (m->tcp_flags)
		used |= BIT_ULL(FLOW_DISSECTOR_KEY_TCP);
	if (m->ip_tos || m->ip_ttl)
		used |= BIT_ULL(FLOW_DISSECTOR_KEY_IP);
	if (m->icmp_type || m->icmp_code)
		used |= BIT_ULL(FLOW_DISSECTOR_KEY_ICMP);
	if (m->mpls_lses || nfto_mem_nonzero(m->mpls_lse, sizeof(m->mpls_lse)))
		used |= BIT_ULL(FLOW_DISSECTOR_KEY_MPLS);
	return used;
}
EXPORT_SYMBOL_GPL(nfto_flow_used_keys);

/*
 * Which address key holds the rule's addresses: FLOW_DISSECTOR_KEY_IPV4_ADDRS,
 * _IPV6_ADDRS, 0 for none, or -1 when the rule does not say.
 *
 * tc flower, nf_tables and nf_flow_table all keep the IPv4 and IPv6
 * addresses in one union, and flower's fl_init_dissector() sets each of
 * the two keys whose view of the union has a non-zero mask: an IPv4 rule
 * also carries an IPv6 key made of its IPv4 addresses, an IPv6 rule an
 * IPv4 key made of the first 8 bytes of its source address. Only
 * control.addr_type (mask ~0) says which one the user gave; all three set
 * it, and mlx5's __parse_cls_flower() and ice_parse_cls_flower() read the
 * addresses by it alone. A rule without it (no frontend of the kernel
 * builds one) is taken at its word only if it carries one address key.
 */
static int nfto_addr_type(const struct flow_rule *rule)
{
	bool v4 = flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_IPV4_ADDRS);
	bool v6 = flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_IPV6_ADDRS);

	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_CONTROL)) {
		struct flow_match_control match;

		flow_rule_match_control(rule, &match);
		if (match.key->addr_type == FLOW_DISSECTOR_KEY_IPV4_ADDRS ||
		    match.key->addr_type == FLOW_DISSECTOR_KEY_IPV6_ADDRS)
			return match.key->addr_type;
	}
	if (v4 && v6)
		return -1;
	if (v4)
		return FLOW_DISSECTOR_KEY_IPV4_ADDRS;
	if (v6)
		return FLOW_DISSECTOR_KEY_IPV6_ADDRS;
	return 0;
}

/*
 * An address match implies its family, as in software: the flow dissector
 * sets control.addr_type only for the family whose addresses it read, and
 * the datapath sets it per packet (core/datapath.c). Without it, an IPv4
 * match of 0.0.0.0/8 would also take IPv6 and non-IP packets, whose IPv4
 * fields are zero in the packet key.
 */
static void nfto_match_addr_type(struct nfto_key *k, struct nfto_key *m,
				 u16 addr_type)
{
	k->addr_type = addr_type;
	m->addr_type = 0xffff;
}

/* nfto_parse_keys(): address keys, but none named by control.addr_type */
#define NFTO_PARSE_NO_ADDR_TYPE	FLOW_DISSECTOR_KEY_MAX

/*
 * Fills flow->key/mask/used_keys. Returns -1, the first key outside the
 * model, or NFTO_PARSE_NO_ADDR_TYPE.
 */
static int nfto_parse_keys(struct nfto_flow *flow, const struct flow_rule *rule)
{
	struct nfto_key *k = &flow->key, *m = &flow->mask;
	unsigned long long used = rule->match.dissector->used_keys;
	unsigned int id;
	int addr_type;

	for (id = 0; id < FLOW_DISSECTOR_KEY_MAX; id++)
		if ((used & BIT_ULL(id)) && !(NFTO_MODEL_KEYS & BIT_ULL(id)))
			return id;
	addr_type = nfto_addr_type(rule);
	if (addr_type < 0)
		return NFTO_PARSE_NO_ADDR_TYPE;

	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_META)) {
		struct flow_match_meta match;

		flow_rule_match_meta(rule, &match);
		k->ingress_ifindex = match.key->ingress_ifindex;
		m->ingress_ifindex = match.mask->ingress_ifindex;
		k->ingress_iftype = match.key->ingress_iftype;
		m->ingress_iftype = match.mask->ingress_iftype;
	}
	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_CONTROL)) {
		struct flow_match_control match;

		flow_rule_match_control(rule, &match);
		k->addr_type = match.key->addr_type;
		m->addr_type = match.mask->addr_type;
		/* NFTO_CTRL_NO_L4* are the datapath's: no rule reads them */
		k->ctrl_flags = match.key->flags &
				~(NFTO_CTRL_NO_L4 | NFTO_CTRL_NO_L4PROTO);
		m->ctrl_flags = match.mask->flags &
				~(NFTO_CTRL_NO_L4 | NFTO_CTRL_NO_L4PROTO);
	}
	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_BASIC)) {
		struct flow_match_basic match;

		flow_rule_match_basic(rule, &match);
		k->n_proto = match.key->n_proto;
		m->n_proto = match.mask->n_proto;
		k->ip_proto = match.key->ip_proto;
		m->ip_proto = match.mask->ip_proto;
	}
	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_ETH_ADDRS)) {
		struct flow_match_eth_addrs match;

		flow_rule_match_eth_addrs(rule, &match);
		memcpy(k->eth_dst, match.key->dst, ETH_ALEN);
		memcpy(k->eth_src, match.key->src, ETH_ALEN);
		memcpy(m->eth_dst, match.mask->dst, ETH_ALEN);
		memcpy(m->eth_src, match.mask->src, ETH_ALEN);
	}
	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_VLAN)) {
		struct flow_match_vlan match;

		flow_rule_match_vlan(rule, &match);
		nfto_parse_vlan(match.key, match.mask, &k->vlan_id,
				&k->vlan_prio, &k->vlan_tpid, &k->vlan_eth_type,
				&m->vlan_id, &m->vlan_prio, &m->vlan_tpid,
				&m->vlan_eth_type);
	}
	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_CVLAN)) {
		struct flow_match_vlan match;

		flow_rule_match_cvlan(rule, &match);
		nfto_parse_vlan(match.key, match.mask, &k->cvlan_id,
				&k->cvlan_prio, &k->cvlan_tpid, &k->cvlan_eth_type,
				&m->cvlan_id, &m->cvlan_prio, &m->cvlan_tpid,
				&m->cvlan_eth_type);
	}
	if (addr_type == FLOW_DISSECTOR_KEY_IPV4_ADDRS &&
	    flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_IPV4_ADDRS)) {
		struct flow_match_ipv4_addrs match;

		flow_rule_match_ipv4_addrs(rule, &match);
		k->ipv4_src = match.key->src;
		k->ipv4_dst = match.key->dst;
		m->ipv4_src = match.mask->src;
		m->ipv4_dst = match.mask->dst;
		if (m->ipv4_src || m->ipv4_dst)
			nfto_match_addr_type(k, m, addr_type);
	}
	if (addr_type == FLOW_DISSECTOR_KEY_IPV6_ADDRS &&
	    flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_IPV6_ADDRS)) {
		struct flow_match_ipv6_addrs match;

		flow_rule_match_ipv6_addrs(rule, &match);
		k->ipv6_src = match.key->src;
		k->ipv6_dst = match.key->dst;
		m->ipv6_src = match.mask->src;
		m->ipv6_dst = match.mask->dst;
		if (nfto_mem_nonzero(&m->ipv6_src, sizeof(m->ipv6_src)) ||
		    nfto_mem_nonzero(&m->ipv6_dst, sizeof(m->ipv6_dst)))
			nfto_match_addr_type(k, m, addr_type);
	}
	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_PORTS)) {
		struct flow_match_ports match;

		flow_rule_match_ports(rule, &match);
		k->src_port = match.key->src;
		k->dst_port = match.key->dst;
		m->src_port = match.mask->src;
		m->dst_port = match.mask->dst;
	}
	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_TCP)) {
		struct flow_match_tcp match;

		flow_rule_match_tcp(rule, &match);
		k->tcp_flags = match.key->flags;
		m->tcp_flags = match.mask->flags;
	}
	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_IP)) {
		struct flow_match_ip match;

		flow_rule_match_ip(rule, &match);
		k->ip_tos = match.key->tos;
		k->ip_ttl = match.key->ttl;
		m->ip_tos = match.mask->tos;
		m->ip_ttl = match.mask->ttl;
	}
	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_ICMP)) {
		struct flow_match_icmp match;

		flow_rule_match_icmp(rule, &match);
		k->icmp_type = match.key->type;
		k->icmp_code = match.key->code;
		m->icmp_type = match.mask->type;
		m->icmp_code = match.mask->code;
	}
	if (flow_rule_match_key(rule, FLOW_DISSECTOR_KEY_MPLS)) {
		struct flow_match_mpls match;
		unsigned int i;

		flow_rule_match_mpls(rule, &match);
		for (i = 0; i < FLOW_DIS_MPLS_MAX; i++) {
			k->mpls_lse[i] = nfto_mpls_lse(&match.key->ls[i]);
			m->mpls_lse[i] = nfto_mpls_lse(&match.mask->ls[i]);
		}
		k->mpls_lses = match.key->used_lses;
		m->mpls_lses = match.mask->used_lses;
	}
	flow->used_keys = nfto_flow_used_keys(flow);
	return -1;
}

/* A 32-bit mangle must stay within its header. */
static bool nfto_mangle_ok(u8 htype, u32 offset)
{
	return htype < ARRAY_SIZE(nfto_mangle_hdr_len) &&
	       nfto_mangle_hdr_len[htype] && !(offset % 4) &&
	       offset <= nfto_mangle_hdr_len[htype] - 4;
}

static int nfto_parse_action(struct nfto_action *a,
			     const struct flow_action_entry *act,
			     char *reason, size_t len)
{
	a->id = act->id;
	switch (act->id) {
	case FLOW_ACTION_ACCEPT:
	case FLOW_ACTION_DROP:
	case FLOW_ACTION_TRAP:
		return 0;
	case FLOW_ACTION_GOTO:
		a->chain_index = act->chain_index;
		return 0;
	case FLOW_ACTION_REDIRECT:
	case FLOW_ACTION_MIRRED:
	case FLOW_ACTION_REDIRECT_INGRESS:
	case FLOW_ACTION_MIRRED_INGRESS:
		if (!act->dev) {
			snprintf(reason, len, "%s without a target device",
				 nfto_action_name(act->id));
			return -EINVAL;
		}
		a->dev.ifindex = act->dev->ifindex;
		return 0;
	case FLOW_ACTION_VLAN_PUSH:
	case FLOW_ACTION_VLAN_POP:
	case FLOW_ACTION_VLAN_MANGLE:
		a->vlan.vid = act->vlan.vid;
		a->vlan.proto = act->vlan.proto;
		a->vlan.prio = act->vlan.prio;
		return 0;
	case FLOW_ACTION_MANGLE:
	case FLOW_ACTION_ADD:
		if (!nfto_mangle_ok(act->mangle.htype, act->mangle.offset)) {
			snprintf(reason, len,
				 "%s of header type %u offset %u is outside the header",
				 nfto_action_name(act->id), act->mangle.htype,
				 act->mangle.offset);
			return -EOPNOTSUPP;
		}
		a->mangle.htype = act->mangle.htype;
		a->mangle.offset = act->mangle.offset;
		a->mangle.mask = act->mangle.mask;
		a->mangle.val = act->mangle.val;
		return 0;
	case FLOW_ACTION_CSUM:
		a->csum_flags = act->csum_flags;
		return 0;
	default:
		snprintf(reason, len,
			 "action '%s' is not in nft_offload's flow model",
			 nfto_action_name(act->id));
		return -EOPNOTSUPP;
	}
}

/**
 * nfto_flow_check_model - can the flow model hold these actions?
 * @flow: a flow built from something other than a flow_rule (the dry run
 *	of the netlink family): the checks nfto_flow_parse() makes on actions
 * @reason: set to a human reason on failure
 * @len: size of @reason
 *
 * Return: 0, or -EOPNOTSUPP/-EINVAL/-E2BIG with @reason set, in
 * nfto_flow_parse()'s words.
 */
int nfto_flow_check_model(const struct nfto_flow *flow, char *reason,
			  size_t len)
{
	unsigned int i;

	if (!flow->num_actions) {
		snprintf(reason, len, "rule has no action");
		return -EINVAL;
	}
	if (flow->num_actions > NFTO_MAX_ACTIONS) {
		snprintf(reason, len, "%u actions, the flow model holds at most %d",
			 flow->num_actions, NFTO_MAX_ACTIONS);
		return -E2BIG;
	}
	for (i = 0; i < flow->num_actions; i++) {
		const struct nfto_action *a = &flow->actions[i];

		if (a->id >= 64 || !(NFTO_MODEL_ACTIONS & BIT_ULL(a->id))) {
			snprintf(reason, len,
				 "action '%s' is not in nft_offload's flow model",
				 nfto_action_name(a->id));
			return -EOPNOTSUPP;
		}
		if ((a->id == FLOW_ACTION_MANGLE || a->id == FLOW_ACTION_ADD) &&
		    !nfto_mangle_ok(a->mangle.htype, a->mangle.offset)) {
			snprintf(reason, len,
				 "%s of header type %u offset %u is outside the header",
				 nfto_action_name(a->id), a->mangle.htype,
				 a->mangle.offset);
			return -EOPNOTSUPP;
		}
	}
	return 0;
}
EXPORT_SYMBOL_GPL(nfto_flow_check_model);

/**
 * nfto_flow_parse - translate a flow_rule into the normalized model
 * @flow: output; cookie/type/prio/chain_index are left to the caller
 * @rule: the kernel's rule
 * @reason: set to a human reason on failure
 * @len: size of @reason
 *
 * Return: 0, or -EOPNOTSUPP/-EINVAL/-E2BIG with @reason set.
 */
int nfto_flow_parse(struct nfto_flow *flow, const struct flow_rule *rule,
		    char *reason, size_t len)
{
	const struct flow_action_entry *act;
	int bad_key, i, err;

	flow->used_keys = 0;
	flow->num_actions = 0;
	memset(&flow->key, 0, sizeof(flow->key));
	memset(&flow->mask, 0, sizeof(flow->mask));

	bad_key = nfto_parse_keys(flow, rule);
	if (bad_key == NFTO_PARSE_NO_ADDR_TYPE) {
		snprintf(reason, len,
			 "ipv4_addrs and ipv6_addrs but no control.addr_type: set it to the key that holds the addresses");
		return -EINVAL;
	}
	if (bad_key >= 0) {
		snprintf(reason, len,
			 "match on '%s' is not in nft_offload's flow model",
			 nfto_key_name(bad_key));
		return -EOPNOTSUPP;
	}

	if (!flow_action_has_entries(&rule->action)) {
		snprintf(reason, len, "rule has no action");
		return -EINVAL;
	}
	if (rule->action.num_entries > NFTO_MAX_ACTIONS) {
		snprintf(reason, len, "%u actions, the flow model holds at most %d",
			 rule->action.num_entries, NFTO_MAX_ACTIONS);
		return -E2BIG;
	}

	flow_action_for_each(i, act, &rule->action) {
		err = nfto_parse_action(&flow->actions[i], act, reason, len);
		if (err)
			return err;
	}
	flow->num_actions = rule->action.num_entries;
	return 0;
}
EXPORT_SYMBOL_GPL(nfto_flow_parse);

/**
 * nfto_flow_tc_semantics - what tc's software path adds to a flower rule
 * @flow: parsed from a flow_rule that tc bound
 * @protocol: the filter's protocol (flow_cls_common_offload.protocol)
 *
 * The hardware must do what software does with the same rule, and tc's
 * software path matches more than the flow_rule says: tcf_classify() runs
 * a filter only when the packet's outer protocol (skb_protocol(skb,
 * false): the VLAN TPID of a tagged frame) is the filter's, unless that is
 * ETH_P_ALL: "protocol ip" never sees a tagged frame, "protocol 802.1Q"
 * only tagged ones. That becomes masked key bits of @flow. (That
 * fl_classify() dissects no transport header of a fragment is the
 * datapath's part: it shows tc rules such a packet key.) @flow->used_keys
 * is left as it was: backends are judged on the flow_rule they would be
 * given.
 */
void nfto_flow_tc_semantics(struct nfto_flow *flow, __be16 protocol)
{
	struct nfto_key *k = &flow->key, *m = &flow->mask;

	if (protocol == htons(ETH_P_ALL))
		return;
	if (!m->vlan_tpid) {
		/* untagged: the datapath's vlan_tpid is 0 */
		k->vlan_tpid = eth_type_vlan(protocol) ? protocol : 0;
		m->vlan_tpid = htons(0xffff);
	}
	if (!eth_type_vlan(protocol) && !m->n_proto) {
		k->n_proto = protocol;
		m->n_proto = htons(0xffff);
	}
}
EXPORT_SYMBOL_GPL(nfto_flow_tc_semantics);

/**
 * nfto_flow_nft_semantics - what nf_tables' software path adds to a rule
 * @flow: parsed from a flow_rule of an nft offload chain
 *
 * nf_tables reads the network and transport headers (meta protocol,
 * meta l4proto, ip, ip6, tcp, udp...) only when skb->protocol is IPv4 or
 * IPv6, and at the netdev ingress hook that is the protocol after the
 * outer VLAN tag only (skb_vlan_untag()): a double-tagged frame has the
 * inner TPID there and no such rule takes it. The flow_rule says nothing
 * of tags, and the datapath's n_proto is the one after all of them: such
 * a rule now also asks for no second tag. @flow->used_keys is left as it
 * was.
 */
void nfto_flow_nft_semantics(struct nfto_flow *flow)
{
	struct nfto_key *k = &flow->key, *m = &flow->mask;

	bool l3 = (m->n_proto && !eth_type_vlan(k->n_proto)) || m->ip_proto ||
		  m->ipv4_src || m->ipv4_dst || m->src_port || m->dst_port ||
		  m->tcp_flags || m->ip_tos || m->ip_ttl || m->icmp_type ||
		  m->icmp_code ||
		  memchr_inv(&m->ipv6_src, 0, sizeof(m->ipv6_src)) ||
		  memchr_inv(&m->ipv6_dst, 0, sizeof(m->ipv6_dst));

	if (l3 && !m->cvlan_tpid) {
		k->cvlan_tpid = 0;
		m->cvlan_tpid = htons(0xffff);
	}
}
EXPORT_SYMBOL_GPL(nfto_flow_nft_semantics);

static int nfto_fmt_addr(char *buf, size_t len, const struct nfto_flow *f,
			 bool src)
{
	const struct nfto_key *k = &f->key;

	if (f->used_keys & BIT_ULL(FLOW_DISSECTOR_KEY_IPV4_ADDRS)) {
		const u8 *a = (const u8 *)(src ? &k->ipv4_src : &k->ipv4_dst);

		return scnprintf(buf, len, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
	}
	if (f->used_keys & BIT_ULL(FLOW_DISSECTOR_KEY_IPV6_ADDRS)) {
		const struct in6_addr *a = src ? &k->ipv6_src : &k->ipv6_dst;
		int i, off = 0;

		for (i = 0; i < 8; i++)
			off += scnprintf(buf + off, len - off, "%s%x",
					 i ? ":" : "",
					 be16_to_cpu(a->s6_addr16[i]));
		return off;
	}
	return scnprintf(buf, len, "*");
}

/* "tcp 10.0.1.2:40000 > 10.0.2.2:80" for messages about flowtable flows. */
int nfto_flow_tuple_str(const struct nfto_flow *flow, char *buf, size_t len)
{
	const struct nfto_key *k = &flow->key;
	int off;

	switch (k->ip_proto) {
	case IPPROTO_TCP:
		off = scnprintf(buf, len, "tcp ");
		break;
	case IPPROTO_UDP:
		off = scnprintf(buf, len, "udp ");
		break;
	default:
		off = scnprintf(buf, len, "proto %u ", k->ip_proto);
		break;
	}
	off += nfto_fmt_addr(buf + off, len - off, flow, true);
	off += scnprintf(buf + off, len - off, ":%u > ", be16_to_cpu(k->src_port));
	off += nfto_fmt_addr(buf + off, len - off, flow, false);
	off += scnprintf(buf + off, len - off, ":%u", be16_to_cpu(k->dst_port));
	return off;
}
EXPORT_SYMBOL_GPL(nfto_flow_tuple_str);

/*
 * Does packet key @pkt match @flow? Both keys were zeroed before being
 * filled, padding included, so a masked byte compare is exact.
 */
bool nfto_key_match(const struct nfto_flow *flow, const struct nfto_key *pkt)
{
	/* struct nfto_key is a whole number of aligned u32 (see below). */
	const u32 *k = (const u32 *)&flow->key, *m = (const u32 *)&flow->mask;
	const u32 *p = (const u32 *)pkt;
	size_t i;

	BUILD_BUG_ON(sizeof(struct nfto_key) % sizeof(u32) ||
		     __alignof__(struct nfto_key) < __alignof__(u32));
	for (i = 0; i < sizeof(struct nfto_key) / sizeof(u32); i++)
		if ((p[i] ^ k[i]) & m[i])
			return false;
	return true;
}
EXPORT_SYMBOL_GPL(nfto_key_match);
