/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nft_offload backend API: the vendor's face of kmod-nft-offload.
 *
 * The core (nft_offload.ko) receives every offload request the kernel makes
 * (TC_SETUP_BLOCK for nft offload chains and tc flower, TC_SETUP_FT for nft
 * flowtables), turns each flow_rule into one struct nfto_flow, checks it
 * against the backend's struct nfto_caps and only then calls the backend.
 * A backend therefore never sees a flow_rule and never writes flow_block glue:
 * it declares what its hardware can do and programs the normalized flows.
 *
 * A backend is a module with one const struct nfto_backend_ops:
 *
 *	static const struct nfto_backend_ops foo_ops = {
 *		.name	 = "foo",
 *		.version = "1.0",
 *		.owner	 = THIS_MODULE,
 *		.caps	 = &foo_caps,
 *		...
 *	};
 *	module_nfto_backend(foo_ops);
 *	MODULE_ALIAS_NFTO_BACKEND("foo");
 *
 * See Documentation/vendor-guide.rst.
 */
#ifndef _NET_NFT_OFFLOAD_H
#define _NET_NFT_OFFLOAD_H

#include <linux/types.h>
#include <linux/in6.h>
#include <linux/if_ether.h>
#include <linux/module.h>
#include <net/flow_offload.h>

#define NFTO_BACKEND_NAME_MAX	32	/* fits a devlink string param */
#define NFTO_MAX_ACTIONS	24	/* nf_flow_table: NF_FLOW_RULE_ACTION_MAX */
#define NFTO_REASON_MAX		128

/**
 * struct nfto_key - the fields one flow matches on
 *
 * One instance holds the values, a second one the mask. All multi-byte
 * protocol fields are in network byte order, as on the wire.
 *
 * @addr_type is FLOW_DISSECTOR_KEY_IPV4_ADDRS or _IPV6_ADDRS: the family
 * whose address fields hold the addresses (the other family's are zero).
 * A flow matching an address also matches it, mask 0xffff.
 *
 * @mpls_lse[i] is the label stack entry at depth i + 1 as on the wire
 * (label, traffic class, bottom of stack, TTL: MPLS_LS_* of
 * <linux/mpls.h>); @mpls_lses has bit i set when the packet has that
 * entry (tc flower's used_lses: a rule on "depth 2" needs two entries).
 * As the kernel's flow dissector, the datapath reads at most
 * FLOW_DIS_MPLS_MAX entries, up to the one with the bottom-of-stack bit.
 *
 * The struct is a whole number of u32 words (nfto_key_match()); a table
 * entry stores only the words its flows use.
 */
struct nfto_key {
	u32		ingress_ifindex;	/* META */
	u16		ingress_iftype;		/* META */
	u16		addr_type;		/* CONTROL */
	u32		ctrl_flags;		/* CONTROL: FLOW_DIS_* */
	__be16		n_proto;		/* BASIC */
	u8		ip_proto;		/* BASIC */
	u8		ip_tos;			/* IP */
	u8		ip_ttl;			/* IP */
	u8		icmp_type;		/* ICMP */
	u8		icmp_code;		/* ICMP */
	u8		eth_dst[ETH_ALEN];	/* ETH_ADDRS */
	u8		eth_src[ETH_ALEN];	/* ETH_ADDRS */
	u16		vlan_id;		/* VLAN */
	u8		vlan_prio;
	__be16		vlan_tpid;
	u16		cvlan_id;		/* CVLAN */
	u8		cvlan_prio;
	__be16		cvlan_tpid;
	__be16		vlan_eth_type;		/* VLAN: the type after it */
	__be16		cvlan_eth_type;		/* CVLAN: the type after it */
	__be32		ipv4_src;		/* IPV4_ADDRS */
	__be32		ipv4_dst;
	struct in6_addr	ipv6_src;		/* IPV6_ADDRS */
	struct in6_addr	ipv6_dst;
	__be16		src_port;		/* PORTS */
	__be16		dst_port;
	__be16		tcp_flags;		/* TCP */
	u8		mpls_lses;		/* MPLS: bit i: entry i exists */
	__be32		mpls_lse[FLOW_DIS_MPLS_MAX];	/* MPLS: see below */
};

/**
 * struct nfto_action - one normalized action
 * @id: the kernel's flow_action id
 * @dev: REDIRECT, MIRRED and their _INGRESS forms: target; @dev.port is the port of
 *	the same switch that the core resolved before calling the backend
 */
struct nfto_action {
	enum flow_action_id	id;
	union {
		u32		chain_index;	/* GOTO */
		struct {
			int	ifindex;
			u16	port;
		} dev;
		struct {
			u16	vid;
			__be16	proto;
			u8	prio;
		} vlan;				/* VLAN_PUSH, VLAN_POP, VLAN_MANGLE */
		struct {
			u8	htype;		/* enum flow_action_mangle_base */
			u32	offset;
			u32	mask;
			u32	val;
		} mangle;			/* MANGLE, ADD */
		u32		csum_flags;	/* CSUM: TCA_CSUM_UPDATE_FLAG_* */
	};
};

enum nfto_flow_type {
	NFTO_FLOW_RULE,		/* a block rule: nft offload chain or tc */
	NFTO_FLOW_FT,		/* an nft flowtable flow (one direction) */
};

/*
 * Who installed a flow. Software classifies differently per frontend and
 * the hardware must do as its software does: a tc rule ends
 * classification when it matches, and tc sees no transport header in a
 * fragment (flower dissects without FLOW_DISSECTOR_F_PARSE_1ST_FRAG),
 * where nf_tables reads the first fragment's.
 */
enum nfto_frontend {
	NFTO_FRONTEND_NFT,	/* nf_tables: a chain's rule, a flowtable flow */
	NFTO_FRONTEND_TC,	/* tc: a filter (flower, matchall...) */
};

/**
 * struct nfto_flow - one normalized flow, as handed to a backend
 * @cookie: the kernel's cookie (never shown raw to users)
 * @type: enum nfto_flow_type
 * @frontend: enum nfto_frontend
 * @prio: rule priority (nft: the chain priority; tc: the filter priority)
 * @chain_index: tc chain (0 for nft and flowtables)
 * @port_ifindex: ifindex of the port the flow was bound on (the filter's
 *	device; a flowtable flow's ingress port)
 * @used_keys: BIT_ULL(FLOW_DISSECTOR_KEY_*) of every key matched with a
 *	non-zero mask
 * @key: values
 * @mask: masks
 * @num_actions: entries used in @actions
 * @actions: the actions, in order
 */
struct nfto_flow {
	unsigned long		cookie;
	u8			type;
	u8			frontend;
	u32			prio;
	u32			chain_index;
	int			port_ifindex;
	u64			used_keys;
	struct nfto_key		key;
	struct nfto_key		mask;
	unsigned int		num_actions;
	struct nfto_action	actions[NFTO_MAX_ACTIONS];
};

/* Every key the model holds: a backend's caps->keys is a subset. */
#define NFTO_MODEL_KEYS (BIT_ULL(FLOW_DISSECTOR_KEY_META) |		\
			 BIT_ULL(FLOW_DISSECTOR_KEY_CONTROL) |		\
			 BIT_ULL(FLOW_DISSECTOR_KEY_BASIC) |		\
			 BIT_ULL(FLOW_DISSECTOR_KEY_ETH_ADDRS) |	\
			 BIT_ULL(FLOW_DISSECTOR_KEY_VLAN) |		\
			 BIT_ULL(FLOW_DISSECTOR_KEY_CVLAN) |		\
			 BIT_ULL(FLOW_DISSECTOR_KEY_IPV4_ADDRS) |	\
			 BIT_ULL(FLOW_DISSECTOR_KEY_IPV6_ADDRS) |	\
			 BIT_ULL(FLOW_DISSECTOR_KEY_PORTS) |		\
			 BIT_ULL(FLOW_DISSECTOR_KEY_TCP) |		\
			 BIT_ULL(FLOW_DISSECTOR_KEY_IP) |		\
			 BIT_ULL(FLOW_DISSECTOR_KEY_ICMP) |		\
			 BIT_ULL(FLOW_DISSECTOR_KEY_MPLS))

/* Every action the model holds (and the simulated datapath performs). */
#define NFTO_MODEL_ACTIONS (BIT_ULL(FLOW_ACTION_ACCEPT) |		\
			    BIT_ULL(FLOW_ACTION_DROP) |			\
			    BIT_ULL(FLOW_ACTION_TRAP) |			\
			    BIT_ULL(FLOW_ACTION_GOTO) |			\
			    BIT_ULL(FLOW_ACTION_REDIRECT) |		\
			    BIT_ULL(FLOW_ACTION_MIRRED) |		\
			    BIT_ULL(FLOW_ACTION_REDIRECT_INGRESS) |	\
			    BIT_ULL(FLOW_ACTION_MIRRED_INGRESS) |	\
			    BIT_ULL(FLOW_ACTION_VLAN_PUSH) |		\
			    BIT_ULL(FLOW_ACTION_VLAN_POP) |		\
			    BIT_ULL(FLOW_ACTION_VLAN_MANGLE) |		\
			    BIT_ULL(FLOW_ACTION_MANGLE) |		\
			    BIT_ULL(FLOW_ACTION_ADD) |			\
			    BIT_ULL(FLOW_ACTION_CSUM))

/* struct nfto_caps.flags */
#define NFTO_CAP_FLOWTABLE	BIT(0)	/* accepts TC_SETUP_FT (nft flowtables) */
#define NFTO_CAP_STATS		BIT(1)	/* has per-flow hardware counters */
#define NFTO_CAP_GOTO_ANY	BIT(2)	/* GOTO may jump backwards */

/* What the capability check refused: indexes struct nfto_caps.msgs. */
enum nfto_caps_refusal {
	NFTO_REFUSE_FLOWTABLE,	/* a flowtable without NFTO_CAP_FLOWTABLE */
	NFTO_REFUSE_KEY,	/* a key not in @keys */
	NFTO_REFUSE_PRIO,	/* above @prio_max */
	NFTO_REFUSE_CHAIN,	/* above @chain_max */
	NFTO_REFUSE_ACTIONS,	/* more than @max_actions */
	NFTO_REFUSE_ACTION,	/* an action not in @actions */
	NFTO_REFUSE_GOTO_BACK,	/* a goto backwards without NFTO_CAP_GOTO_ANY */
	NFTO_REFUSE_GOTO_CHAIN,	/* a goto above @chain_max */
	__NFTO_REFUSE_MAX,
};

/**
 * struct nfto_caps - what a backend's hardware can do
 * @keys: BIT_ULL(FLOW_DISSECTOR_KEY_*) it can match on
 * @actions: BIT_ULL(FLOW_ACTION_*) it can perform
 * @max_actions: most actions in one flow (<= NFTO_MAX_ACTIONS)
 * @prio_max: highest rule priority accepted, 0 for no limit
 * @chain_max: highest tc chain index accepted (0: chain 0 only)
 * @table_size: default size of the device's flow_table resource
 * @table_size_max: largest flow_table size it can be given
 * @flags: NFTO_CAP_*
 * @msgs: optional, indexed by enum nfto_caps_refusal: what the real driver
 *	says for that refusal; the core appends it to its own reason
 */
struct nfto_caps {
	u64		keys;
	u64		actions;
	unsigned int	max_actions;
	u32		prio_max;
	u32		chain_max;
	u32		table_size;
	u32		table_size_max;
	u32		flags;
	const char * const *msgs;
};

struct nfto_hw;		/* one switch device, opaque to backends */

/**
 * struct nfto_hw_stats - cumulative hardware counters of one flow
 */
struct nfto_hw_stats {
	u64	packets;
	u64	bytes;
	u64	lastused;	/* jiffies */
};

/**
 * struct nfto_backend_ops - one backend
 * @name: backend name, [a-z0-9_-], < NFTO_BACKEND_NAME_MAX
 * @version: shown by devlink dev info
 * @owner: THIS_MODULE; the core pins it while a device uses the backend
 * @caps: capabilities; the core enforces them before any callback runs
 * @dev_priv_size: per-device private area the core allocates (zeroed)
 * @flow_priv_size: per-flow private area the core allocates (zeroed)
 *
 * All callbacks run in process context and may sleep; the core serializes
 * them per device (one mutex per device), so a backend needs no locking of
 * its own for per-device state. Every callback that can fail sets @extack.
 * A callback's flow is valid for that call only: the core keeps flows in a
 * compact form and rebuilds an equal copy for each call, while flow_priv
 * stays at one address from @flow_add to @flow_del.
 *
 * @dev_init: optional; a device starts using this backend
 * @dev_fini: optional; undo @dev_init (all flows were deleted before)
 * @flow_check: optional; vendor rules beyond @caps (say why in @extack).
 *	Pure: no side effects, no device state. It also runs for the dry run
 *	NFTO_CMD_FLOW_CHECK, which any user may send (flows bounded by the
 *	family's policy and the model's checks, but otherwise arbitrary).
 * @flow_add: optional; program @flow; @flow_priv is the per-flow area
 * @flow_del: optional; remove a flow that @flow_add accepted
 * @flow_stats: optional; read the flow's counters. Without it the core
 *	reports the simulated hardware's own counters (if NFTO_CAP_STATS).
 *	Unlike the others it runs without the device mutex and MUST NOT
 *	sleep: nf_tables reads rule stats from an RCU-protected dump. Report
 *	cached counters (as mlx5 does with mlx5_fc_query_cached()).
 */
struct nfto_backend_ops {
	const char		*name;
	const char		*version;
	struct module		*owner;
	const struct nfto_caps	*caps;
	size_t			dev_priv_size;
	size_t			flow_priv_size;

	int	(*dev_init)(struct nfto_hw *hw, void *dev_priv,
			    struct netlink_ext_ack *extack);
	void	(*dev_fini)(struct nfto_hw *hw, void *dev_priv);
	int	(*flow_check)(const struct nfto_flow *flow,
			      struct netlink_ext_ack *extack);
	int	(*flow_add)(struct nfto_hw *hw, void *dev_priv,
			    const struct nfto_flow *flow, void *flow_priv,
			    struct netlink_ext_ack *extack);
	int	(*flow_del)(struct nfto_hw *hw, void *dev_priv,
			    const struct nfto_flow *flow, void *flow_priv,
			    struct netlink_ext_ack *extack);
	int	(*flow_stats)(struct nfto_hw *hw, void *dev_priv,
			      const struct nfto_flow *flow, void *flow_priv,
			      struct nfto_hw_stats *stats,
			      struct netlink_ext_ack *extack);
};

int nfto_backend_register(const struct nfto_backend_ops *ops);
void nfto_backend_unregister(const struct nfto_backend_ops *ops);

/* Name of the switch device (e.g. "nfto3"), for a backend's messages. */
const char *nfto_hw_name(const struct nfto_hw *hw);

#define NFTO_BACKEND_ALIAS_PREFIX	"nft-offload-backend-"
#define MODULE_ALIAS_NFTO_BACKEND(name) \
	MODULE_ALIAS(NFTO_BACKEND_ALIAS_PREFIX name)

/* Register @ops at module load and unregister it at unload. */
#define module_nfto_backend(__ops)					\
static int __init __ops##_init(void)					\
{									\
	return nfto_backend_register(&(__ops));				\
}									\
module_init(__ops##_init);						\
static void __exit __ops##_exit(void)					\
{									\
	nfto_backend_unregister(&(__ops));				\
}									\
module_exit(__ops##_exit)

#endif /* _NET_NFT_OFFLOAD_H */
