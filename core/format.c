// SPDX-License-Identifier: GPL-2.0
/*
 * Human-readable text of a normalized flow: for debugfs "table" and the
 * generic netlink entry dump. The leading space of each item is kept.
 */
#include <linux/kernel.h>
#include <linux/mpls.h>

#include "dev.h"

static __printf(4, 5) void nfto_cat(char *buf, size_t len, int *off,
				    const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	*off += vscnprintf(buf + *off, len - *off, fmt, args);
	va_end(args);
}

/* As tc flower prints it: " mpls depth 1 label 100 tc 3 ...", masked fields. */
static void nfto_fmt_mpls(const struct nfto_flow *f, char *buf, size_t len,
			  int *off)
{
	static const struct {
		const char	*name;
		u32		mask;
		u8		shift;
	} fields[] = {
		{ "label", MPLS_LS_LABEL_MASK, MPLS_LS_LABEL_SHIFT },
		{ "tc", MPLS_LS_TC_MASK, MPLS_LS_TC_SHIFT },
		{ "bos", MPLS_LS_S_MASK, MPLS_LS_S_SHIFT },
		{ "ttl", MPLS_LS_TTL_MASK, MPLS_LS_TTL_SHIFT },
	};
	unsigned int i, j;

	for (i = 0; i < FLOW_DIS_MPLS_MAX; i++) {
		u32 k = be32_to_cpu(f->key.mpls_lse[i]);
		u32 m = be32_to_cpu(f->mask.mpls_lse[i]);

		if (!(f->mask.mpls_lses & BIT(i)) && !m)
			continue;
		nfto_cat(buf, len, off, " mpls depth %u", i + 1);
		for (j = 0; j < ARRAY_SIZE(fields); j++)
			if (m & fields[j].mask)
				nfto_cat(buf, len, off, " %s %u", fields[j].name,
					 (k & fields[j].mask) >> fields[j].shift);
	}
}

#define NFTO_KEY_SET(f, id)	((f)->used_keys & BIT_ULL(FLOW_DISSECTOR_KEY_##id))

int nfto_fmt_match(const struct nfto_flow *f, char *buf, size_t len)
{
	const struct nfto_key *k = &f->key, *m = &f->mask;
	int off = 0;

	buf[0] = '\0';
	if (NFTO_KEY_SET(f, META))
		nfto_cat(buf, len, &off, " iif %u", k->ingress_ifindex);
	if (NFTO_KEY_SET(f, BASIC)) {
		if (m->n_proto)
			nfto_cat(buf, len, &off, " proto 0x%04x", be16_to_cpu(k->n_proto));
		if (m->ip_proto)
			nfto_cat(buf, len, &off, " l4proto %u", k->ip_proto);
	}
	if (NFTO_KEY_SET(f, CONTROL))
		nfto_cat(buf, len, &off, " flags 0x%x/0x%x", k->ctrl_flags, m->ctrl_flags);
	if (NFTO_KEY_SET(f, ETH_ADDRS))
		nfto_cat(buf, len, &off, " dmac %pM/%pM smac %pM/%pM",
			 k->eth_dst, m->eth_dst, k->eth_src, m->eth_src);
	if (NFTO_KEY_SET(f, VLAN))
		nfto_cat(buf, len, &off, " vlan %u/0x%x prio %u", k->vlan_id,
			 m->vlan_id, k->vlan_prio);
	if (NFTO_KEY_SET(f, CVLAN))
		nfto_cat(buf, len, &off, " cvlan %u/0x%x", k->cvlan_id, m->cvlan_id);
	if (NFTO_KEY_SET(f, IPV4_ADDRS))
		nfto_cat(buf, len, &off, " src %pI4/%pI4 dst %pI4/%pI4",
			 &k->ipv4_src, &m->ipv4_src, &k->ipv4_dst,
			 &m->ipv4_dst);
	if (NFTO_KEY_SET(f, IPV6_ADDRS))
		nfto_cat(buf, len, &off, " src %pI6c/%pI6c dst %pI6c/%pI6c",
			 &k->ipv6_src, &m->ipv6_src, &k->ipv6_dst,
			 &m->ipv6_dst);
	if (NFTO_KEY_SET(f, PORTS))
		nfto_cat(buf, len, &off, " sport %u/0x%x dport %u/0x%x",
			 be16_to_cpu(k->src_port), be16_to_cpu(m->src_port),
			 be16_to_cpu(k->dst_port), be16_to_cpu(m->dst_port));
	if (NFTO_KEY_SET(f, TCP))
		nfto_cat(buf, len, &off, " tcp_flags 0x%x/0x%x",
			 be16_to_cpu(k->tcp_flags), be16_to_cpu(m->tcp_flags));
	if (NFTO_KEY_SET(f, IP))
		nfto_cat(buf, len, &off, " tos 0x%x/0x%x ttl %u/0x%x",
			 k->ip_tos, m->ip_tos, k->ip_ttl, m->ip_ttl);
	if (NFTO_KEY_SET(f, ICMP))
		nfto_cat(buf, len, &off, " icmp type %u code %u", k->icmp_type,
			 k->icmp_code);
	if (NFTO_KEY_SET(f, MPLS))
		nfto_fmt_mpls(f, buf, len, &off);
	if (!f->used_keys)
		nfto_cat(buf, len, &off, " any");
	return off;
}

int nfto_fmt_actions(const struct nfto_flow *f, char *buf, size_t len)
{
	unsigned int i;
	int off = 0;

	buf[0] = '\0';
	for (i = 0; i < f->num_actions; i++) {
		const struct nfto_action *a = &f->actions[i];

		nfto_cat(buf, len, &off, " %s", nfto_action_name(a->id));
		switch (a->id) {
		case FLOW_ACTION_GOTO:
			nfto_cat(buf, len, &off, " chain %u", a->chain_index);
			break;
		case FLOW_ACTION_REDIRECT:
		case FLOW_ACTION_MIRRED:
		case FLOW_ACTION_REDIRECT_INGRESS:
		case FLOW_ACTION_MIRRED_INGRESS:
			nfto_cat(buf, len, &off, " p%u", a->dev.port);
			break;
		case FLOW_ACTION_VLAN_PUSH:
		case FLOW_ACTION_VLAN_MANGLE:
			nfto_cat(buf, len, &off, " id %u prio %u", a->vlan.vid, a->vlan.prio);
			break;
		case FLOW_ACTION_MANGLE:
		case FLOW_ACTION_ADD:
			nfto_cat(buf, len, &off,
				 " htype %u off %u mask 0x%08x val 0x%08x",
				 a->mangle.htype, a->mangle.offset,
				 a->mangle.mask, a->mangle.val);
			break;
		case FLOW_ACTION_CSUM:
			nfto_cat(buf, len, &off, " 0x%x", a->csum_flags);
			break;
		default:
			break;
		}
		if (i + 1 < f->num_actions)
			nfto_cat(buf, len, &off, ",");
	}
	return off;
}

