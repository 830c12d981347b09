// SPDX-License-Identifier: GPL-2.0
/*
 * Key and action names, capability check: userspace mirror of the kernel's
 * core/flow.c name tables and core/caps.c. Keep the texts identical: users
 * compare what `nft-offload check` predicts with what `explain` shows.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "model.h"

static const char *const key_names[NFTO_K_COUNT] = {
	[NFTO_K_CONTROL]	= "control",
	[NFTO_K_BASIC]		= "basic",
	[NFTO_K_IPV4_ADDRS]	= "ipv4_addrs",
	[NFTO_K_IPV6_ADDRS]	= "ipv6_addrs",
	[NFTO_K_PORTS]		= "ports",
	[NFTO_K_PORTS_RANGE]	= "ports_range",
	[NFTO_K_ICMP]		= "icmp",
	[NFTO_K_ETH_ADDRS]	= "eth_addrs",
	[NFTO_K_TIPC]		= "tipc",
	[NFTO_K_ARP]		= "arp",
	[NFTO_K_VLAN]		= "vlan",
	[NFTO_K_FLOW_LABEL]	= "flow_label",
	[NFTO_K_GRE_KEYID]	= "gre_keyid",
	[NFTO_K_MPLS_ENTROPY]	= "mpls_entropy",
	[NFTO_K_ENC_KEYID]	= "enc_keyid",
	[NFTO_K_ENC_IPV4_ADDRS]	= "enc_ipv4_addrs",
	[NFTO_K_ENC_IPV6_ADDRS]	= "enc_ipv6_addrs",
	[NFTO_K_ENC_CONTROL]	= "enc_control",
	[NFTO_K_ENC_PORTS]	= "enc_ports",
	[NFTO_K_MPLS]		= "mpls",
	[NFTO_K_TCP]		= "tcp",
	[NFTO_K_IP]		= "ip",
	[NFTO_K_CVLAN]		= "cvlan",
	[NFTO_K_ENC_IP]		= "enc_ip",
	[NFTO_K_ENC_OPTS]	= "enc_opts",
	[NFTO_K_META]		= "meta",
	[NFTO_K_CT]		= "ct",
	[NFTO_K_HASH]		= "hash",
	[NFTO_K_NUM_OF_VLANS]	= "num_of_vlans",
	[NFTO_K_PPPOE]		= "pppoe",
	[NFTO_K_L2TPV3]		= "l2tpv3",
};

static const char *const action_names[NFTO_A_COUNT] = {
	[NFTO_A_ACCEPT]			= "accept",
	[NFTO_A_DROP]			= "drop",
	[NFTO_A_TRAP]			= "trap",
	[NFTO_A_GOTO]			= "goto",
	[NFTO_A_REDIRECT]		= "redirect",
	[NFTO_A_MIRRED]			= "mirred",
	[NFTO_A_REDIRECT_INGRESS]	= "redirect_ingress",
	[NFTO_A_MIRRED_INGRESS]		= "mirred_ingress",
	[NFTO_A_VLAN_PUSH]		= "vlan_push",
	[NFTO_A_VLAN_POP]		= "vlan_pop",
	[NFTO_A_VLAN_MANGLE]		= "vlan_mangle",
	[NFTO_A_TUNNEL_ENCAP]		= "tunnel_encap",
	[NFTO_A_TUNNEL_DECAP]		= "tunnel_decap",
	[NFTO_A_MANGLE]			= "mangle",
	[NFTO_A_ADD]			= "add",
	[NFTO_A_CSUM]			= "csum",
	[NFTO_A_MARK]			= "mark",
	[NFTO_A_PTYPE]			= "ptype",
	[NFTO_A_PRIORITY]		= "priority",
	[NFTO_A_WAKE]			= "wake",
	[NFTO_A_QUEUE]			= "queue",
	[NFTO_A_SAMPLE]			= "sample",
	[NFTO_A_POLICE]			= "police",
	[NFTO_A_CT]			= "ct",
	[NFTO_A_CT_METADATA]		= "ct_metadata",
	[NFTO_A_MPLS_PUSH]		= "mpls_push",
	[NFTO_A_MPLS_POP]		= "mpls_pop",
	[NFTO_A_MPLS_MANGLE]		= "mpls_mangle",
	[NFTO_A_GATE]			= "gate",
	[NFTO_A_PPPOE_PUSH]		= "pppoe_push",
	[NFTO_A_JUMP]			= "jump",
	[NFTO_A_PIPE]			= "pipe",
	[NFTO_A_VLAN_PUSH_ETH]		= "vlan_push_eth",
	[NFTO_A_VLAN_POP_ETH]		= "vlan_pop_eth",
};

const char *nfto_key_name(unsigned int id)
{
	return id < NFTO_K_COUNT ? key_names[id] : "unknown";
}

const char *nfto_action_name(unsigned int id)
{
	return id < NFTO_A_COUNT ? action_names[id] : "unknown";
}

int nfto_key_by_name(const char *name)
{
	unsigned int i;

	for (i = 0; i < NFTO_K_COUNT; i++)
		if (!strcmp(key_names[i], name))
			return i;
	return -1;
}

int nfto_action_by_name(const char *name)
{
	unsigned int i;

	for (i = 0; i < NFTO_A_COUNT; i++)
		if (!strcmp(action_names[i], name))
			return i;
	return -1;
}

int nfto_check_caps(const struct nfto_uflow *flow, const struct nfto_caps *caps,
		    char *reason, size_t len)
{
	uint64_t bad_keys = flow->used_keys & ~caps->keys;
	unsigned int i;

	if (flow->type == NFTO_FLOW_FT && !(caps->flags & NFTO_FLAG_FLOWTABLE)) {
		snprintf(reason, len, "backend %s has no flowtable offload",
			 caps->name);
		return -EOPNOTSUPP;
	}
	if (bad_keys) {
		snprintf(reason, len, "backend %s cannot match on '%s'",
			 caps->name, nfto_key_name(__builtin_ctzll(bad_keys)));
		return -EOPNOTSUPP;
	}
	if (caps->prio_max && flow->prio > caps->prio_max) {
		snprintf(reason, len,
			 "priority %u is above backend %s's maximum %u",
			 flow->prio, caps->name, caps->prio_max);
		return -ERANGE;
	}
	if (flow->chain_index > caps->chain_max) {
		snprintf(reason, len,
			 "chain %u is above backend %s's maximum %u",
			 flow->chain_index, caps->name, caps->chain_max);
		return -ERANGE;
	}
	if (flow->num_actions > caps->max_actions) {
		snprintf(reason, len,
			 "%u actions, backend %s takes at most %u",
			 flow->num_actions, caps->name, caps->max_actions);
		return -E2BIG;
	}
	for (i = 0; i < flow->num_actions; i++) {
		const struct nfto_uaction *a = &flow->actions[i];

		if (a->id >= 64 || !(caps->actions & NFTO_BIT(a->id))) {
			snprintf(reason, len,
				 "backend %s cannot do action '%s'",
				 caps->name, nfto_action_name(a->id));
			return -EOPNOTSUPP;
		}
		if (a->id == NFTO_A_GOTO &&
		    !(caps->flags & NFTO_FLAG_GOTO_ANY) &&
		    a->chain_index <= flow->chain_index) {
			snprintf(reason, len,
				 "goto chain %u from chain %u: backend %s only jumps forward",
				 a->chain_index, flow->chain_index, caps->name);
			return -EOPNOTSUPP;
		}
		if (a->id == NFTO_A_GOTO && a->chain_index > caps->chain_max) {
			snprintf(reason, len,
				 "goto chain %u is above backend %s's maximum %u",
				 a->chain_index, caps->name, caps->chain_max);
			return -ERANGE;
		}
	}
	return 0;
}

int nfto_check_ports(const struct nfto_uflow *flow, const int *ifindexes,
		     size_t n, const char *swname, char *reason, size_t len)
{
	unsigned int i;
	size_t j;

	for (i = 0; i < flow->num_actions; i++) {
		const struct nfto_uaction *a = &flow->actions[i];
		bool found = false;

		switch (a->id) {
		case NFTO_A_REDIRECT:
		case NFTO_A_MIRRED:
		case NFTO_A_REDIRECT_INGRESS:
		case NFTO_A_MIRRED_INGRESS:
			for (j = 0; j < n; j++)
				if (ifindexes[j] == a->ifindex)
					found = true;
			if (!found) {
				snprintf(reason, len,
					 "%s to ifindex %d: not a port of switch %s",
					 nfto_action_name(a->id), a->ifindex,
					 swname);
				return -EOPNOTSUPP;
			}
			break;
		default:
			break;
		}
	}
	return 0;
}

bool nfto_backend_name_valid(const char *name)
{
	size_t n = strlen(name);

	if (!n || n >= NFTO_NAME_MAX)
		return false;
	return strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_-") == n;
}
