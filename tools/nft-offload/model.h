/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's normalized flow model as userspace sees it: key and action
 * names (as core/flow.c exports them), a backend's capabilities (as
 * NFTO_CMD_BACKEND_GET sends them) and the flow translate.c builds for
 * NFTO_CMD_FLOW_CHECK. The checks themselves are the kernel's.
 *
 * Pure code: no netlink, no libnftnl; unit-tested in tests/.
 */
#ifndef NFTO_MODEL_H
#define NFTO_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/nft_offload.h>

/* FLOW_DISSECTOR_KEY_* in the kernel's order (6.1 and 6.12 agree). */
enum nfto_key_id {
	NFTO_K_CONTROL, NFTO_K_BASIC, NFTO_K_IPV4_ADDRS, NFTO_K_IPV6_ADDRS,
	NFTO_K_PORTS, NFTO_K_PORTS_RANGE, NFTO_K_ICMP, NFTO_K_ETH_ADDRS,
	NFTO_K_TIPC, NFTO_K_ARP, NFTO_K_VLAN, NFTO_K_FLOW_LABEL,
	NFTO_K_GRE_KEYID, NFTO_K_MPLS_ENTROPY, NFTO_K_ENC_KEYID,
	NFTO_K_ENC_IPV4_ADDRS, NFTO_K_ENC_IPV6_ADDRS, NFTO_K_ENC_CONTROL,
	NFTO_K_ENC_PORTS, NFTO_K_MPLS, NFTO_K_TCP, NFTO_K_IP, NFTO_K_CVLAN,
	NFTO_K_ENC_IP, NFTO_K_ENC_OPTS, NFTO_K_META, NFTO_K_CT, NFTO_K_HASH,
	NFTO_K_NUM_OF_VLANS, NFTO_K_PPPOE, NFTO_K_L2TPV3,
	NFTO_K_COUNT,
};

/*
 * FLOW_ACTION_* named by core/flow.c, in the kernel's order. Only names
 * travel over netlink, so the numbering is ours.
 */
enum nfto_action_id {
	NFTO_A_ACCEPT, NFTO_A_DROP, NFTO_A_TRAP, NFTO_A_GOTO, NFTO_A_REDIRECT,
	NFTO_A_MIRRED, NFTO_A_REDIRECT_INGRESS, NFTO_A_MIRRED_INGRESS,
	NFTO_A_VLAN_PUSH, NFTO_A_VLAN_POP, NFTO_A_VLAN_MANGLE,
	NFTO_A_TUNNEL_ENCAP, NFTO_A_TUNNEL_DECAP, NFTO_A_MANGLE, NFTO_A_ADD,
	NFTO_A_CSUM, NFTO_A_MARK, NFTO_A_PTYPE, NFTO_A_PRIORITY, NFTO_A_WAKE,
	NFTO_A_QUEUE, NFTO_A_SAMPLE, NFTO_A_POLICE, NFTO_A_CT,
	NFTO_A_CT_METADATA, NFTO_A_MPLS_PUSH, NFTO_A_MPLS_POP,
	NFTO_A_MPLS_MANGLE, NFTO_A_GATE, NFTO_A_PPPOE_PUSH, NFTO_A_JUMP,
	NFTO_A_PIPE, NFTO_A_VLAN_PUSH_ETH, NFTO_A_VLAN_POP_ETH,
	NFTO_A_COUNT,
};

#define NFTO_BIT(n)		(1ULL << (n))
/*
 * The flow model's action limit, NFTO_MAX_ACTIONS of the kernel's
 * include/net/nft_offload.h; from the uapi header once it carries it.
 */
#ifdef NFTO_MODEL_MAX_ACTIONS
#define NFTO_MAX_ACTIONS	NFTO_MODEL_MAX_ACTIONS
#else
#define NFTO_MAX_ACTIONS	24
#endif
#define NFTO_NAME_MAX		32	/* backend names, with the NUL */

/* NFTO_CAPF_* of include/uapi/linux/nft_offload.h */
#define NFTO_FLAG_FLOWTABLE	(1U << 0)
#define NFTO_FLAG_STATS		(1U << 1)
#define NFTO_FLAG_GOTO_ANY	(1U << 2)

const char *nfto_key_name(unsigned int id);
const char *nfto_action_name(unsigned int id);
/* -1 when the kernel sent a name this tool does not know */
int nfto_key_by_name(const char *name);
int nfto_action_by_name(const char *name);

/* What a backend can do, as NFTO_CMD_BACKEND_GET reports it. */
struct nfto_caps {
	char		name[NFTO_NAME_MAX];
	uint64_t	keys;		/* NFTO_BIT(enum nfto_key_id) */
	uint64_t	actions;	/* NFTO_BIT(enum nfto_action_id) */
	uint32_t	max_actions;
	uint32_t	prio_max;	/* 0: no limit */
	uint32_t	chain_max;
	uint32_t	flags;		/* NFTO_FLAG_* */
};

enum nfto_flow_type {
	NFTO_FLOW_RULE,		/* nft offload chain rule, tc filter */
	NFTO_FLOW_FT,		/* flowtable flow */
};

/*
 * struct nfto_key of include/net/nft_offload.h, as NFTO_KEY_A_* carries
 * it: ifindex, iftype, addr_type, ctrl_flags and the VLAN id/prio in host
 * order, every protocol field in network order (as on the wire).
 */
struct nfto_ukey {
	uint32_t	ingress_ifindex;
	uint16_t	ingress_iftype;
	uint16_t	addr_type;		/* NFTO_K_IPV4_ADDRS/IPV6_ADDRS */
	uint32_t	ctrl_flags;
	uint8_t		n_proto[2];
	uint8_t		ip_proto;
	uint8_t		ip_tos;
	uint8_t		ip_ttl;
	uint8_t		icmp_type;
	uint8_t		icmp_code;
	uint8_t		eth_dst[6];
	uint8_t		eth_src[6];
	uint16_t	vlan_id;
	uint8_t		vlan_prio;
	uint8_t		vlan_tpid[2];
	uint16_t	cvlan_id;
	uint8_t		cvlan_prio;
	uint8_t		cvlan_tpid[2];
	uint8_t		ipv4_src[4];
	uint8_t		ipv4_dst[4];
	uint8_t		ipv6_src[16];
	uint8_t		ipv6_dst[16];
	uint8_t		src_port[2];
	uint8_t		dst_port[2];
	uint8_t		tcp_flags[2];
};

/* FLOW_ACT_MANGLE_HDR_TYPE_* */
enum { NFTO_MANGLE_ETH = 1, NFTO_MANGLE_IP4, NFTO_MANGLE_IP6,
       NFTO_MANGLE_TCP, NFTO_MANGLE_UDP };

struct nfto_uaction {
	unsigned int	id;		/* enum nfto_action_id */
	int		ifindex;	/* redirect/mirred target */
	uint32_t	chain_index;	/* goto */
	uint16_t	vlan_id;	/* vlan push/pop/mangle */
	uint8_t		vlan_proto[2];
	uint8_t		vlan_prio;
	uint8_t		mangle_htype;	/* mangle, add: NFTO_MANGLE_* */
	uint32_t	mangle_offset;
	uint32_t	mangle_mask;	/* the packet word's bytes, as in */
	uint32_t	mangle_val;	/* the kernel's flow_action_entry */
	uint32_t	csum_flags;
};

/* One normalized flow: what core/flow.c would make of a flow_rule. */
struct nfto_uflow {
	uint8_t			type;		/* enum nfto_flow_type */
	uint32_t		prio;
	uint32_t		chain_index;
	int			port_ifindex;	/* bound (or ingress) port */
	uint64_t		used_keys;	/* keys matched with a mask */
	struct nfto_ukey	key;
	struct nfto_ukey	mask;
	unsigned int		num_actions;
	struct nfto_uaction	actions[NFTO_MAX_ACTIONS];
};

/* Backend names the kernel accepts: [a-z0-9_-], 1..31 characters. */
bool nfto_backend_name_valid(const char *name);

#endif /* NFTO_MODEL_H */
