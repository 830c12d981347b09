// SPDX-License-Identifier: GPL-2.0
/*
 * ice: the capability profile of an Intel E810 eswitch in switchdev mode,
 * as drivers/net/ethernet/intel/ice of Linux 6.12 offloads tc flower and
 * nft offload chains on its representors (ice_tc_lib.c, ice_main.c,
 * ice_repr.c).
 *
 * What users meet: a switchdev filter has exactly one action (drop,
 * forward or mirror), so nft's "accept" is refused; the driver binds no
 * flowtable (ice_setup_tc() knows no TC_SETUP_FT) and answers no
 * FLOW_CLS_STATS, so counters of offloaded rules never move; only chain 0;
 * the priority is ignored (every rule is a priority 7 switch recipe). The
 * double VLAN mode the CVLAN match needs is taken as enabled.
 *
 * Refusals carry the driver's own extack text, with the "ice: " prefix its
 * NL_SET_ERR_MSG_MOD() adds. Documentation/backend-ice.rst lists every
 * verdict and the function it comes from.
 */
#include <linux/if_vlan.h>
#include <linux/in.h>
#include <linux/module.h>
#include <linux/netlink.h>
#include <net/ipv6.h>
#include <net/nft_offload.h>

#define NFTO_ICE_K(id)	BIT_ULL(FLOW_DISSECTOR_KEY_##id)
#define NFTO_ICE_A(id)	BIT_ULL(FLOW_ACTION_##id)

/* The driver's words for what the core's capability check refuses. */
static const char * const nfto_ice_msgs[__NFTO_REFUSE_MAX] = {
	[NFTO_REFUSE_KEY]	= "ice: Unsupported key used",
	[NFTO_REFUSE_ACTION]	= "ice: Unsupported action in switchdev mode",
};

static const struct nfto_caps nfto_ice_caps = {
	/* ice_parse_cls_flower(): everything else is "Unsupported key used" */
	.keys		= NFTO_ICE_K(CONTROL) | NFTO_ICE_K(BASIC) |
			  NFTO_ICE_K(ETH_ADDRS) | NFTO_ICE_K(VLAN) |
			  NFTO_ICE_K(CVLAN) | NFTO_ICE_K(IPV4_ADDRS) |
			  NFTO_ICE_K(IPV6_ADDRS) | NFTO_ICE_K(IP) |
			  NFTO_ICE_K(PORTS) | NFTO_ICE_K(ENC_CONTROL) |
			  NFTO_ICE_K(ENC_KEYID) | NFTO_ICE_K(ENC_IPV4_ADDRS) |
			  NFTO_ICE_K(ENC_IPV6_ADDRS) | NFTO_ICE_K(ENC_PORTS) |
			  NFTO_ICE_K(ENC_OPTS) | NFTO_ICE_K(ENC_IP) |
			  NFTO_ICE_K(PPPOE) | NFTO_ICE_K(L2TPV3),
	/* ice_eswitch_tc_parse_action() */
	.actions	= NFTO_ICE_A(DROP) | NFTO_ICE_A(REDIRECT) |
			  NFTO_ICE_A(MIRRED),
	/*
	 * One switch rule, one action: the parser overwrites
	 * fltr->action.fltr_act for each action, so the real driver keeps
	 * only the last one. Refusing a second action beats pretending.
	 */
	.max_actions	= 1,
	.prio_max	= 0,		/* ignored: rule_info.priority = 7 */
	.chain_max	= 0,		/* ice_setup_tc_cls_flower() */
	.table_size	= 32768,
	.table_size_max	= 32768,
	.flags		= 0,		/* no TC_SETUP_FT, no FLOW_CLS_STATS */
	.msgs		= nfto_ice_msgs,
};

/* The driver's extack text, as its NL_SET_ERR_MSG_MOD() words it. */
#define NFTO_ICE_MSG(ext, msg)	NL_SET_ERR_MSG(ext, "ice: " msg)

#define NFTO_ICE_USES(f, id)	((f)->used_keys & NFTO_ICE_K(id))

/* ice_tc_set_ipv6(): the addresses the switch refuses to match */
static int nfto_ice_check_ipv6(const struct nfto_flow *f,
			       struct netlink_ext_ack *ext)
{
	const struct nfto_key *k = &f->key, *m = &f->mask;

	if (ipv6_addr_loopback(&k->ipv6_dst) ||
	    ipv6_addr_loopback(&k->ipv6_src)) {
		NFTO_ICE_MSG(ext, "Bad IPv6, addr is LOOPBACK");
		return -EINVAL;
	}
	/* Both addresses masked away: no address for the lookup to take. */
	if (ipv6_addr_any(&m->ipv6_dst) && ipv6_addr_any(&m->ipv6_src)) {
		NFTO_ICE_MSG(ext, "Bad src/dest IPv6, addr is any");
		return -EINVAL;
	}
	return 0;
}

/*
 * ice_parse_cls_flower(), in its order. The keys themselves are in the
 * caps; what is left are the masks and combinations the switch's lookup
 * recipes cannot express.
 */
static int nfto_ice_check_keys(const struct nfto_flow *f,
			       struct netlink_ext_ack *ext)
{
	const struct nfto_key *k = &f->key, *m = &f->mask;
	int err;

	/* A VLAN is matched whole or not at all. */
	if (NFTO_ICE_USES(f, VLAN) && m->vlan_id &&
	    m->vlan_id != VLAN_VID_MASK) {
		NFTO_ICE_MSG(ext, "Bad VLAN mask");
		return -EINVAL;
	}
	if (NFTO_ICE_USES(f, CVLAN) && m->cvlan_id &&
	    m->cvlan_id != VLAN_VID_MASK) {
		NFTO_ICE_MSG(ext, "Bad CVLAN mask");
		return -EINVAL;
	}
	/* flow_rule_has_control_flags(): no fragment flags at all */
	if (NFTO_ICE_USES(f, CONTROL) && m->ctrl_flags) {
#ifdef NL_SET_ERR_MSG_FMT
		NL_SET_ERR_MSG_FMT(ext,
				   "ice: Unsupported match on control.flags %#x",
				   m->ctrl_flags);
#else
		NFTO_ICE_MSG(ext, "Unsupported match on control.flags");
#endif
		return -EOPNOTSUPP;
	}
	/* The address key the rule names, even with all-zero masks. */
	if (k->addr_type == FLOW_DISSECTOR_KEY_IPV6_ADDRS) {
		err = nfto_ice_check_ipv6(f, ext);
		if (err)
			return err;
	}
	/* The protocol's value decides, whatever its mask. */
	if (NFTO_ICE_USES(f, PORTS) && k->ip_proto != IPPROTO_TCP &&
	    k->ip_proto != IPPROTO_UDP) {
		NFTO_ICE_MSG(ext, "Only UDP and TCP transport are supported");
		return -EINVAL;
	}
	return 0;
}

/*
 * Drop, forward and mirror between representors are all the eswitch
 * does (ice_tc_setup_action()); the core has already resolved a target
 * to a port of this switch, which is what "a representor" means here.
 */
static int nfto_ice_flow_check(const struct nfto_flow *flow,
			       struct netlink_ext_ack *extack)
{
	return nfto_ice_check_keys(flow, extack);
}

static const struct nfto_backend_ops nfto_ice_ops = {
	.name		= "ice",
	.version	= "1.0",
	.owner		= THIS_MODULE,
	.caps		= &nfto_ice_caps,
	.flow_check	= nfto_ice_flow_check,
};

module_nfto_backend(nfto_ice_ops);
MODULE_ALIAS_NFTO_BACKEND("ice");
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("nft_offload backend: ice eswitch (switchdev) profile");
