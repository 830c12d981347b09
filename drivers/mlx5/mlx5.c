// SPDX-License-Identifier: GPL-2.0
/*
 * mlx5: the capability profile of an NVIDIA ConnectX eswitch in switchdev
 * mode, as drivers/net/ethernet/mellanox/mlx5/core of Linux 6.12 offloads
 * tc flower, nft offload chains and nft flowtables on its representors
 * (en_tc.c, the action files in en/tc/act/, en/rep/tc.c and
 * lib/fs_chains.c).
 *
 * The simulated ports stand for the eswitch's VF representors. Where the
 * driver's answer depends on firmware capabilities, the profile takes the
 * firmware that supports tc chains and priorities but not
 * ignore_flow_level: the FDB then keeps its FDB_TC_MAX_CHAIN and
 * FDB_TC_MAX_PRIO limits and cannot jump to a lower chain, which is what
 * users of such NICs trip over. The flex parser (ICMP), second VLAN and TTL
 * matching are taken as present.
 *
 * Refusals carry the driver's own extack text, with the "mlx5_core: "
 * prefix its NL_SET_ERR_MSG_MOD() adds. Documentation/backend-mlx5.rst
 * lists every verdict and the function it comes from.
 */
#include <linux/bitops.h>
#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/in.h>
#include <linux/module.h>
#include <linux/netlink.h>
#include <linux/string.h>
#include <linux/tc_act/tc_csum.h>
#include <net/nft_offload.h>

/* fs_core.h, include/linux/mlx5/fs.h, fs_ft_pool.c (FT_POOLS[0]) */
#define NFTO_MLX5_FDB_TC_MAX_CHAIN	3
#define NFTO_MLX5_FDB_TC_MAX_PRIO	16
#define NFTO_MLX5_FS_VLAN_DEPTH		2
#define NFTO_MLX5_FT_POOL_MAX		(4 * 1024 * 1024)

#define NFTO_MLX5_K(id)	BIT_ULL(FLOW_DISSECTOR_KEY_##id)
#define NFTO_MLX5_A(id)	BIT_ULL(FLOW_ACTION_##id)

/* The driver's words for what the core's capability check refuses. */
static const char * const nfto_mlx5_msgs[__NFTO_REFUSE_MAX] = {
	[NFTO_REFUSE_KEY]	 = "mlx5_core: Unsupported key",
	[NFTO_REFUSE_ACTION]	 = "mlx5_core: Not implemented offload action",
	[NFTO_REFUSE_PRIO]	 = "mlx5_core: Requested priority is out of supported range",
	[NFTO_REFUSE_CHAIN]	 = "mlx5_core: Requested chain is out of supported range",
	[NFTO_REFUSE_GOTO_BACK]	 = "mlx5_core: Goto lower numbered chain isn't supported",
	[NFTO_REFUSE_GOTO_CHAIN] =
		"mlx5_core: Requested destination chain is out of supported range",
};

static const struct nfto_caps nfto_mlx5_caps = {
	/* __parse_cls_flower(): everything else is "Unsupported key" */
	.keys		= NFTO_MLX5_K(META) | NFTO_MLX5_K(CONTROL) |
			  NFTO_MLX5_K(BASIC) | NFTO_MLX5_K(ETH_ADDRS) |
			  NFTO_MLX5_K(VLAN) | NFTO_MLX5_K(CVLAN) |
			  NFTO_MLX5_K(IPV4_ADDRS) | NFTO_MLX5_K(IPV6_ADDRS) |
			  NFTO_MLX5_K(PORTS) | NFTO_MLX5_K(TCP) |
			  NFTO_MLX5_K(IP) | NFTO_MLX5_K(ICMP) |
			  NFTO_MLX5_K(MPLS) | NFTO_MLX5_K(CT) |
			  NFTO_MLX5_K(ENC_KEYID) | NFTO_MLX5_K(ENC_IPV4_ADDRS) |
			  NFTO_MLX5_K(ENC_IPV6_ADDRS) | NFTO_MLX5_K(ENC_PORTS) |
			  NFTO_MLX5_K(ENC_CONTROL) | NFTO_MLX5_K(ENC_IP) |
			  NFTO_MLX5_K(ENC_OPTS),
	/* tc_acts_fdb[] in en/tc/act/act.c */
	.actions	= NFTO_MLX5_A(ACCEPT) | NFTO_MLX5_A(DROP) |
			  NFTO_MLX5_A(TRAP) | NFTO_MLX5_A(GOTO) |
			  NFTO_MLX5_A(REDIRECT) | NFTO_MLX5_A(MIRRED) |
			  NFTO_MLX5_A(REDIRECT_INGRESS) |
			  NFTO_MLX5_A(VLAN_PUSH) | NFTO_MLX5_A(VLAN_POP) |
			  NFTO_MLX5_A(VLAN_MANGLE) |
			  NFTO_MLX5_A(TUNNEL_ENCAP) | NFTO_MLX5_A(TUNNEL_DECAP) |
			  NFTO_MLX5_A(MANGLE) | NFTO_MLX5_A(ADD) |
			  NFTO_MLX5_A(CSUM) | NFTO_MLX5_A(PTYPE) |
			  NFTO_MLX5_A(SAMPLE) | NFTO_MLX5_A(POLICE) |
			  NFTO_MLX5_A(CT) | NFTO_MLX5_A(MPLS_PUSH) |
			  NFTO_MLX5_A(MPLS_POP) | NFTO_MLX5_A(VLAN_PUSH_ETH) |
			  NFTO_MLX5_A(VLAN_POP_ETH),
	/* no count limit of its own: 32 outputs, mod-hdr actions from fw */
	.max_actions	= NFTO_MAX_ACTIONS,
	/* mlx5_chains_get_prio_range() / _get_chain_range() */
	.prio_max	= NFTO_MLX5_FDB_TC_MAX_PRIO,
	.chain_max	= NFTO_MLX5_FDB_TC_MAX_CHAIN,
	.table_size	= NFTO_MLX5_FT_POOL_MAX,
	.table_size_max	= NFTO_MLX5_FT_POOL_MAX,
	/* mlx5e_rep_setup_tc() binds TC_SETUP_FT; flow counters */
	.flags		= NFTO_CAP_FLOWTABLE | NFTO_CAP_STATS,
	.msgs		= nfto_mlx5_msgs,
};

/* One field the modify-header engine can rewrite: fields[] in en_tc.c. */
struct nfto_mlx5_field {
	u8	htype;		/* enum flow_action_mangle_base */
	u8	offset;		/* in the header */
	u8	bytes;		/* 1, 2 or 4 */
	u32	mask;		/* the rewritable bits, as a big-endian value */
};

#define NFTO_MLX5_F(h, off, n, m) { FLOW_ACT_MANGLE_HDR_TYPE_##h, off, n, m }
static const struct nfto_mlx5_field nfto_mlx5_fields[] = {
	NFTO_MLX5_F(ETH, 0, 4, U32_MAX),	/* DMAC_47_16 */
	NFTO_MLX5_F(ETH, 4, 2, U16_MAX),	/* DMAC_15_0 */
	NFTO_MLX5_F(ETH, 6, 4, U32_MAX),	/* SMAC_47_16 */
	NFTO_MLX5_F(ETH, 10, 2, U16_MAX),	/* SMAC_15_0 */
	NFTO_MLX5_F(ETH, 12, 2, U16_MAX),	/* ETHERTYPE */
	/* FIRST_VID lies past the 14 bytes the flow model lets mangle */
	NFTO_MLX5_F(IP4, 1, 1, 0xfc),		/* IP_DSCP, not ECN */
	NFTO_MLX5_F(IP4, 8, 1, U8_MAX),		/* IP_TTL */
	NFTO_MLX5_F(IP4, 12, 4, U32_MAX),	/* SIPV4 */
	NFTO_MLX5_F(IP4, 16, 4, U32_MAX),	/* DIPV4 */
	NFTO_MLX5_F(IP6, 8, 4, U32_MAX),	/* SIPV6_127_96 */
	NFTO_MLX5_F(IP6, 12, 4, U32_MAX),	/* SIPV6_95_64 */
	NFTO_MLX5_F(IP6, 16, 4, U32_MAX),	/* SIPV6_63_32 */
	NFTO_MLX5_F(IP6, 20, 4, U32_MAX),	/* SIPV6_31_0 */
	NFTO_MLX5_F(IP6, 24, 4, U32_MAX),	/* DIPV6_127_96 */
	NFTO_MLX5_F(IP6, 28, 4, U32_MAX),	/* DIPV6_95_64 */
	NFTO_MLX5_F(IP6, 32, 4, U32_MAX),	/* DIPV6_63_32 */
	NFTO_MLX5_F(IP6, 36, 4, U32_MAX),	/* DIPV6_31_0 */
	NFTO_MLX5_F(IP6, 7, 1, U8_MAX),		/* IPV6_HOPLIMIT */
	NFTO_MLX5_F(IP6, 0, 2, 0x0fc0),		/* IP_DSCP */
	NFTO_MLX5_F(TCP, 0, 2, U16_MAX),	/* TCP_SPORT */
	NFTO_MLX5_F(TCP, 2, 2, U16_MAX),	/* TCP_DPORT */
	NFTO_MLX5_F(TCP, 13, 1, U8_MAX),	/* TCP_FLAGS */
	NFTO_MLX5_F(UDP, 0, 2, U16_MAX),	/* UDP_SPORT */
	NFTO_MLX5_F(UDP, 2, 2, U16_MAX),	/* UDP_DPORT */
};

#undef NFTO_MLX5_F

/* The driver's extack text, as its NL_SET_ERR_MSG_MOD() words it. */
#define NFTO_MLX5_MSG(ext, msg)	NL_SET_ERR_MSG(ext, "mlx5_core: " msg)

#define NFTO_MLX5_USES(f, id)	((f)->used_keys & NFTO_MLX5_K(id))

/* The largest header the flow model lets an action mangle (IPv6). */
#define NFTO_MLX5_HDR_MAX	40
#define NFTO_MLX5_HTYPES	(FLOW_ACT_MANGLE_HDR_TYPE_UDP + 1)

/*
 * What parse_tc_actions() accumulates: the rewrite masks of every pedit
 * (struct pedit_headers_action, one image per command), the outputs of the
 * current split and the flags of attr->action that verify_attr_actions()
 * and modify_header_match_supported() look at.
 */
struct nfto_mlx5_state {
	u8	set[NFTO_MLX5_HTYPES][NFTO_MLX5_HDR_MAX];
	u8	add[NFTO_MLX5_HTYPES][NFTO_MLX5_HDR_MAX];
	int	ifindexes[NFTO_MAX_ACTIONS];
	int	if_count;
	int	total_vlan;
	bool	fwd;
	bool	drop;
	bool	mod_hdr;
	bool	modify_ip;
};

/* __parse_cls_flower() and mlx5e_flower_parse_meta(), key by key. */
static int nfto_mlx5_check_keys(const struct nfto_flow *f,
				struct netlink_ext_ack *ext)
{
	const struct nfto_key *k = &f->key, *m = &f->mask;

	if (NFTO_MLX5_USES(f, META) && m->ingress_ifindex &&
	    m->ingress_ifindex != U32_MAX) {
		NFTO_MLX5_MSG(ext, "Unsupported ingress ifindex mask");
		return -EOPNOTSUPP;
	}
	if (NFTO_MLX5_USES(f, META) && m->ingress_ifindex &&
	    (int)k->ingress_ifindex != f->port_ifindex) {
		NFTO_MLX5_MSG(ext, "Can't match on the ingress filter port");
		return -EOPNOTSUPP;
	}
	/* Only is-fragment: flow_rule_is_supp_control_flags() */
	if (NFTO_MLX5_USES(f, CONTROL) &&
	    (m->ctrl_flags & ~FLOW_DIS_IS_FRAGMENT)) {
#ifdef NL_SET_ERR_MSG_FMT
		NL_SET_ERR_MSG_FMT(ext,
				   "mlx5_core: Unsupported match on control.flags %#x",
				   m->ctrl_flags);
#else
		NFTO_MLX5_MSG(ext, "Unsupported match on control.flags");
#endif
		return -EOPNOTSUPP;
	}
	/* The driver switches on the protocol's value, whatever its mask. */
	if (NFTO_MLX5_USES(f, PORTS) && k->ip_proto != IPPROTO_TCP &&
	    k->ip_proto != IPPROTO_UDP) {
		NFTO_MLX5_MSG(ext, "Only UDP and TCP transports are supported for L4 matching");
		return -EINVAL;
	}
	if (NFTO_MLX5_USES(f, ICMP) && k->ip_proto != IPPROTO_ICMP &&
	    k->ip_proto != IPPROTO_ICMPV6) {
		NFTO_MLX5_MSG(ext, "Code and type matching only with ICMP and ICMPv6");
		return -EINVAL;
	}
	/* Only on a bareudp tunnel device (MPLS over UDP), never a port. */
	if (NFTO_MLX5_USES(f, MPLS)) {
		NFTO_MLX5_MSG(ext, "Matching on MPLS is supported only for MPLS over UDP");
		return -EOPNOTSUPP;
	}
	return 0;
}

/* mlx5e_tc_act_pedit_parse_action(): add one mangle to the images. */
static int nfto_mlx5_pedit(struct nfto_mlx5_state *st,
			   const struct nfto_action *a,
			   struct netlink_ext_ack *ext)
{
	u32 rw = ~a->mangle.mask;
	u8 *img, b[4];
	int i;

	/* The flow model keeps mangles within these headers; make sure. */
	if (a->mangle.htype >= NFTO_MLX5_HTYPES ||
	    a->mangle.offset > NFTO_MLX5_HDR_MAX - 4) {
		NFTO_MLX5_MSG(ext, "attempt to offload an unsupported field");
		return -EOPNOTSUPP;
	}
	img = a->id == FLOW_ACTION_MANGLE ? st->set[a->mangle.htype] :
					    st->add[a->mangle.htype];

	/* The mask is a packet word: its bytes are in packet order. */
	memcpy(b, &rw, sizeof(b));
	for (i = 0; i < 4; i++) {
		if (img[a->mangle.offset + i] & b[i]) {
			NFTO_MLX5_MSG(ext,
				      "curr_pmask and new mask same. Acting twice on same location");
			return -EOPNOTSUPP;
		}
	}
	for (i = 0; i < 4; i++)
		img[a->mangle.offset + i] |= b[i];

	/* is_flow_action_modify_ip_header(): more than TTL/hop limit */
	if (a->mangle.htype == FLOW_ACT_MANGLE_HDR_TYPE_IP4 &&
	    (a->mangle.offset != 8 || b[1] || b[2] || b[3]))
		st->modify_ip = true;
	if (a->mangle.htype == FLOW_ACT_MANGLE_HDR_TYPE_IP6 &&
	    (a->mangle.offset != 4 || b[0] || b[1] || b[2]))
		st->modify_ip = true;
	return 0;
}

static u32 nfto_mlx5_field_get(const u8 *p, unsigned int bytes)
{
	u32 v = 0;

	while (bytes--)
		v = v << 8 | *p++;
	return v;
}

static void nfto_mlx5_field_clear(u8 *p, unsigned int bytes, u32 mask)
{
	while (bytes--) {
		p[bytes] &= ~(u8)mask;
		mask >>= 8;
	}
}

/*
 * offload_pedit_fields() and verify_offload_pedit_fields(): each field
 * takes one set or one add of one contiguous run of bits; a rewritten bit
 * no field takes cannot be offloaded.
 */
static int nfto_mlx5_pedit_fields(struct nfto_mlx5_state *st,
				  struct netlink_ext_ack *ext)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(nfto_mlx5_fields); i++) {
		const struct nfto_mlx5_field *fl = &nfto_mlx5_fields[i];
		u8 *s = st->set[fl->htype] + fl->offset;
		u8 *a = st->add[fl->htype] + fl->offset;
		u32 smask, amask, mask;

		smask = nfto_mlx5_field_get(s, fl->bytes) & fl->mask;
		amask = nfto_mlx5_field_get(a, fl->bytes) & fl->mask;
		if (!smask && !amask)
			continue;
		if (smask && amask) {
			NFTO_MLX5_MSG(ext, "can't set and add to the same HW field");
			return -EOPNOTSUPP;
		}
		mask = (smask ?: amask) >> __ffs(smask ?: amask);
		if (mask & (mask + 1)) {
			NFTO_MLX5_MSG(ext, "rewrite of few sub-fields isn't supported");
			return -EOPNOTSUPP;
		}
		nfto_mlx5_field_clear(s, fl->bytes, fl->mask);
		nfto_mlx5_field_clear(a, fl->bytes, fl->mask);
	}
	if (memchr_inv(st->set, 0, sizeof(st->set)) ||
	    memchr_inv(st->add, 0, sizeof(st->add))) {
		NFTO_MLX5_MSG(ext, "attempt to offload an unsupported field");
		return -EOPNOTSUPP;
	}
	return 0;
}

/* tc_act_can_offload_mirred() and parse_mirred() */
static int nfto_mlx5_mirred(const struct nfto_flow *f,
			    struct nfto_mlx5_state *st,
			    const struct nfto_action *a,
			    struct netlink_ext_ack *ext)
{
	int i;

	/*
	 * A flowtable flow out of the port it came in on: the driver
	 * declines without a message (it sees one per mlx5 port of the
	 * flowtable and wants only the others).
	 */
	if (f->type == NFTO_FLOW_FT && NFTO_MLX5_USES(f, META) &&
	    a->dev.ifindex == (int)f->key.ingress_ifindex) {
		NL_SET_ERR_MSG(ext,
			       "mlx5: flowtable flow out of its ingress port (tc_act_can_offload_mirred declines)");
		return -EOPNOTSUPP;
	}
	for (i = 0; i < st->if_count; i++) {
		if (st->ifindexes[i] == a->dev.ifindex) {
			NFTO_MLX5_MSG(ext, "can't duplicate output to same device");
			return -EOPNOTSUPP;
		}
	}
	st->ifindexes[st->if_count++] = a->dev.ifindex;
	/* same_vf_reps(): our ports are VF representors */
	if (f->type == NFTO_FLOW_RULE && a->dev.ifindex == f->port_ifindex) {
		NFTO_MLX5_MSG(ext, "can't forward from a VF to itself");
		return -EOPNOTSUPP;
	}
	st->fwd = true;
	return 0;
}

/* tc_act_parse_vlan_mangle() via mlx5e_tc_act_vlan_add_rewrite_action() */
static int nfto_mlx5_vlan_mangle(const struct nfto_flow *f,
				 struct nfto_mlx5_state *st,
				 const struct nfto_action *a,
				 struct netlink_ext_ack *ext)
{
	const struct nfto_key *k = &f->key, *m = &f->mask;

	/* cvlan_tag is set only for a VLAN match that is not 802.1ad */
	if (!NFTO_MLX5_USES(f, VLAN) || k->vlan_tpid == htons(ETH_P_8021AD)) {
		NFTO_MLX5_MSG(ext, "VLAN rewrite action must have VLAN protocol match");
		return -EOPNOTSUPP;
	}
	if (a->vlan.prio != (k->vlan_prio & m->vlan_prio)) {
		NFTO_MLX5_MSG(ext, "Changing VLAN prio is not supported");
		return -EOPNOTSUPP;
	}
	st->mod_hdr = true;
	st->if_count = 0;	/* the rule splits here */
	return 0;
}

/* parse_tc_actions(): each action's can_offload() and parse_action() */
static int nfto_mlx5_check_action(const struct nfto_flow *f,
				  struct nfto_mlx5_state *st,
				  const struct nfto_action *a,
				  struct netlink_ext_ack *ext)
{
	u32 csum_ok = TCA_CSUM_UPDATE_FLAG_IPV4HDR | TCA_CSUM_UPDATE_FLAG_TCP |
		      TCA_CSUM_UPDATE_FLAG_UDP;
	int err;

	switch (a->id) {
	case FLOW_ACTION_ACCEPT:
	case FLOW_ACTION_TRAP:		/* to the slow-path FDB */
		st->fwd = true;
		return 0;
	case FLOW_ACTION_DROP:
		st->drop = true;
		return 0;
	case FLOW_ACTION_GOTO:
		/* chain range and direction: caps (validate_goto_chain()) */
		if (f->type == NFTO_FLOW_FT) {
			NFTO_MLX5_MSG(ext, "Goto action is not supported");
			return -EOPNOTSUPP;
		}
		st->fwd = true;
		return 0;
	case FLOW_ACTION_REDIRECT:
	case FLOW_ACTION_MIRRED:
		return nfto_mlx5_mirred(f, st, a, ext);
	case FLOW_ACTION_REDIRECT_INGRESS:
		/* Our ports are representors, never OVS internal ports. */
		NFTO_MLX5_MSG(ext, "redirect to ingress is supported only for OVS internal ports");
		return -EOPNOTSUPP;
	case FLOW_ACTION_VLAN_PUSH:
	case FLOW_ACTION_VLAN_POP:
		if (st->total_vlan >= NFTO_MLX5_FS_VLAN_DEPTH) {
			NFTO_MLX5_MSG(ext, "Total vlans used is greater than supported");
			return -EOPNOTSUPP;
		}
		st->total_vlan++;
		return 0;
	case FLOW_ACTION_VLAN_MANGLE:
		return nfto_mlx5_vlan_mangle(f, st, a, ext);
	case FLOW_ACTION_MANGLE:
	case FLOW_ACTION_ADD:
		err = nfto_mlx5_pedit(st, a, ext);
		if (err)
			return err;
		st->mod_hdr = true;
		st->if_count = 0;	/* the rule splits here */
		return 0;
	case FLOW_ACTION_CSUM:
		/* the hardware recomputes checksums only of what it rewrote */
		if (!st->mod_hdr) {
			NFTO_MLX5_MSG(ext, "TC csum action is only offloaded with pedit");
			return -EOPNOTSUPP;
		}
		if (a->csum_flags & ~csum_ok) {
			NFTO_MLX5_MSG(ext, "can't offload TC csum action for some header/s");
			return -EOPNOTSUPP;
		}
		return 0;
	default:
		return 0;
	}
}

/* modify_header_match_supported(): IP rewrites only of TCP/UDP/ICMP */
static int nfto_mlx5_check_modify_ip(const struct nfto_flow *f,
				     const struct nfto_mlx5_state *st,
				     struct netlink_ext_ack *ext)
{
	const struct nfto_key *k = &f->key, *m = &f->mask;
	__be16 n_proto = k->n_proto & m->n_proto;

	if (!st->mod_hdr || !st->modify_ip)
		return 0;
	if (n_proto != htons(ETH_P_IP) && n_proto != htons(ETH_P_IPV6))
		return 0;	/* non-IP: only MACs are rewritten */
	if (k->ip_proto != IPPROTO_TCP && k->ip_proto != IPPROTO_UDP &&
	    k->ip_proto != IPPROTO_ICMP) {
		NFTO_MLX5_MSG(ext, "can't offload re-write of non TCP/UDP");
		return -EOPNOTSUPP;
	}
	return 0;
}

/* verify_attr_actions(): one kind of terminal, no rewrite before a drop */
static int nfto_mlx5_check_attr(const struct nfto_mlx5_state *st,
				struct netlink_ext_ack *ext)
{
	if (!st->fwd && !st->drop) {
		NFTO_MLX5_MSG(ext, "Rule must have at least one forward/drop action");
		return -EOPNOTSUPP;
	}
	if (st->fwd && st->drop) {
		NFTO_MLX5_MSG(ext, "Rule cannot support forward+drop action");
		return -EOPNOTSUPP;
	}
	if (st->mod_hdr && st->drop) {
		NFTO_MLX5_MSG(ext, "Drop with modify header action is not supported");
		return -EOPNOTSUPP;
	}
	return 0;
}

/*
 * The vendor rules, in the order mlx5e_add_fdb_flow() meets them: the
 * match, the actions one by one, the pedit fields, the action mix. The
 * generic limits (keys, actions, chains, priorities, goto) are in the caps
 * and refused by the core before this runs.
 */
static int nfto_mlx5_flow_check(const struct nfto_flow *flow,
				struct netlink_ext_ack *extack)
{
	struct nfto_mlx5_state st;
	unsigned int i;
	int err;

	/*
	 * mlx5e_rep_setup_ft_cb() moves flowtable flows to prio + 1 and
	 * declines, silently, those that would leave the FDB's prio range.
	 */
	if (flow->type == NFTO_FLOW_FT &&
	    flow->prio >= NFTO_MLX5_FDB_TC_MAX_PRIO) {
		NL_SET_ERR_MSG(extack,
			       "mlx5: flowtable priority >= 16 is out of the FDB range (mlx5e_rep_setup_ft_cb)");
		return -EOPNOTSUPP;
	}

	err = nfto_mlx5_check_keys(flow, extack);
	if (err)
		return err;

	memset(&st, 0, sizeof(st));
	for (i = 0; i < flow->num_actions; i++) {
		err = nfto_mlx5_check_action(flow, &st, &flow->actions[i],
					     extack);
		if (err)
			return err;
	}
	err = nfto_mlx5_pedit_fields(&st, extack);
	if (err)
		return err;
	err = nfto_mlx5_check_modify_ip(flow, &st, extack);
	if (err)
		return err;
	return nfto_mlx5_check_attr(&st, extack);
}

static const struct nfto_backend_ops nfto_mlx5_ops = {
	.name		= "mlx5",
	.version	= "1.0",
	.owner		= THIS_MODULE,
	.caps		= &nfto_mlx5_caps,
	.flow_check	= nfto_mlx5_flow_check,
};

module_nfto_backend(nfto_mlx5_ops);
MODULE_ALIAS_NFTO_BACKEND("mlx5");
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("nft_offload backend: mlx5 eswitch (switchdev) profile");
