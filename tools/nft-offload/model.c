// SPDX-License-Identifier: GPL-2.0
/*
 * Key and action names: the kernel's core/flow.c name tables, which the
 * nft_offload family's attributes carry (NFTO_CMD_BACKEND_GET's caps,
 * NFTO_CMD_FLOW_CHECK's actions). Every verdict of `nft-offload check` past
 * nf_tables' stage comes from the kernel's own checks (NFTO_CMD_FLOW_CHECK),
 * so the tool keeps no copy of core/caps.c.
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

bool nfto_backend_name_valid(const char *name)
{
	size_t n = strlen(name);

	if (!n || n >= NFTO_NAME_MAX)
		return false;
	return strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_-") == n;
}
