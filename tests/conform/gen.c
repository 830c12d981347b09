// SPDX-License-Identifier: GPL-2.0
/*
 * Scenarios from a seed: a rule set (tc flower or an nft netdev chain) and
 * the packets that probe it: for every rule one packet that hits it and
 * one near miss per matched field (a bit flipped inside the mask), then
 * random packets. Everything comes from a small PRNG, so a seed and a
 * scenario number reproduce a scenario exactly.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "conform.h"

#define ETH_P_IP	0x0800
#define ETH_P_IPV6	0x86dd
#define ETH_P_8021Q	0x8100
#define ETH_P_8021AD	0x88a8
#define ETH_P_ALL	0x0003

/* splitmix64: small, fast, and good enough to pick test cases. */
uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

uint32_t rng_below(struct rng *r, uint32_t n)
{
	return n ? (uint32_t)(rng_next(r) % n) : 0;
}

bool rng_chance(struct rng *r, unsigned int percent)
{
	return rng_below(r, 100) < percent;
}

static const char *const key_names[K_MAX] = {
	[K_DMAC] = "dst_mac", [K_SMAC] = "src_mac", [K_VLAN_ID] = "vlan_id",
	[K_VLAN_PRIO] = "vlan_prio", [K_VLAN_ETYPE] = "vlan_ethtype",
	[K_CVLAN_ID] = "cvlan_id", [K_CVLAN_PRIO] = "cvlan_prio",
	[K_CVLAN_ETYPE] = "cvlan_ethtype", [K_IP_PROTO] = "ip_proto",
	[K_SRC_IP] = "src_ip", [K_DST_IP] = "dst_ip",
	[K_SRC_PORT] = "src_port", [K_DST_PORT] = "dst_port",
	[K_TCP_FLAGS] = "tcp_flags", [K_TOS] = "ip_tos", [K_TTL] = "ip_ttl",
	[K_IP_FLAGS] = "ip_flags", [K_ICMP_TYPE] = "type",
	[K_ICMP_CODE] = "code", [K_INDEV] = "indev", [K_ETYPE] = "protocol",
	[K_MPLS] = "mpls", [K_SPORT_RANGE] = "src_port range",
	[K_DPORT_RANGE] = "dst_port range",
};

const char *key_name(enum key k)
{
	return k < K_MAX ? key_names[k] : "?";
}

static const char *const act_names[] = {
	[A_DROP] = "drop", [A_PASS] = "pass", [A_TRAP] = "trap",
	[A_GOTO] = "goto", [A_REDIR_EG] = "mirred egress redirect",
	[A_MIRROR_EG] = "mirred egress mirror",
	[A_REDIR_IN] = "mirred ingress redirect",
	[A_MIRROR_IN] = "mirred ingress mirror", [A_VLAN_PUSH] = "vlan push",
	[A_VLAN_POP] = "vlan pop", [A_VLAN_MOD] = "vlan modify",
	[A_PEDIT_TTL] = "pedit ip ttl", [A_PEDIT_DST] = "pedit ip dst",
	[A_PEDIT_DPORT] = "pedit tcp dport", [A_CSUM] = "csum",
	[A_ACCEPT] = "accept", [A_FWD] = "fwd", [A_DUP] = "dup",
	[A_MPLS_PUSH] = "mpls push", [A_MPLS_POP] = "mpls pop",
	[A_MPLS_MOD] = "mpls modify", [A_MPLS_DEC_TTL] = "mpls dec_ttl",
};

const char *act_name(enum act a)
{
	return a < ARRAY_SIZE(act_names) ? act_names[a] : "?";
}

/* --- value pools: small, so random packets hit rules now and then ------ */

void pick_mac(struct rng *r, uint8_t *mac, bool dst)
{
	static const uint8_t dsts[][6] = {
		{ 0x02, 0, 0, 0, 0, 0x01 }, { 0x02, 0, 0, 0, 0, 0x02 },
		{ 0x02, 0, 0, 0xaa, 0, 0x01 }, { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
		{ 0x01, 0, 0x5e, 0, 0, 0x01 }, { 0x33, 0x33, 0, 0, 0, 0x01 },
	};

	if (dst && rng_chance(r, 80)) {
		memcpy(mac, dsts[rng_below(r, ARRAY_SIZE(dsts))], 6);
		return;
	}
	mac[0] = 0x02;
	mac[1] = 0;
	mac[2] = 0;
	mac[3] = rng_chance(r, 70) ? 0 : rng_below(r, 256);
	mac[4] = 1;
	mac[5] = rng_chance(r, 70) ? 1 + rng_below(r, 4) : rng_below(r, 256);
}

void pick_addr(struct rng *r, uint8_t *a, int family)
{
	memset(a, 0, 16);
	if (family == 4) {
		switch (rng_below(r, 4)) {
		case 0:
		case 1:
			a[0] = 10;
			a[1] = rng_below(r, 3);
			a[2] = rng_below(r, 4);
			a[3] = 1 + rng_below(r, 4);
			break;
		case 2:
			a[0] = 192;
			a[1] = 0;
			a[2] = 2;
			a[3] = 1 + rng_below(r, 8);
			break;
		default:
			a[0] = 198;
			a[1] = 51;
			a[2] = 100;
			a[3] = rng_below(r, 256);
		}
		return;
	}
	a[0] = 0x20;
	a[1] = 0x01;
	a[2] = 0x0d;
	a[3] = 0xb8;
	a[5] = rng_below(r, 4);
	a[7] = rng_chance(r, 20) ? rng_below(r, 256) : 0;
	a[15] = 1 + rng_below(r, 4);
	if (rng_chance(r, 10))
		a[9] = rng_below(r, 256);
}

uint16_t pick_port(struct rng *r)
{
	static const uint16_t ports[] = { 22, 53, 80, 443, 4789, 8080 };

	if (rng_chance(r, 70))
		return ports[rng_below(r, ARRAY_SIZE(ports))];
	return 1024 + rng_below(r, 64512);
}

uint16_t pick_vid(struct rng *r)
{
	static const uint16_t vids[] = { 1, 10, 20, 100, 4094 };

	if (rng_chance(r, 75))
		return vids[rng_below(r, ARRAY_SIZE(vids))];
	return 1 + rng_below(r, 4094);
}

/* --- rules ------------------------------------------------------------ */

void prefix_mask(uint8_t *m, int plen, int bytes)
{
	int i;

	for (i = 0; i < bytes; i++) {
		int b = plen - 8 * i;

		m[i] = b >= 8 ? 0xff : b <= 0 ? 0 : (uint8_t)(0xff << (8 - b));
	}
}

int mask_plen(const uint8_t *m, int bytes)
{
	uint8_t p[16];
	int plen = 0;

	while (plen < bytes * 8 && m[plen / 8] & (0x80 >> (plen % 8)))
		plen++;
	prefix_mask(p, plen, bytes);
	return memcmp(p, m, bytes) ? -1 : plen;
}

/*
 * A MAC address key and its mask: tc flower takes any mask; nft writes a
 * prefix ("ether saddr X/24": nft loads only the bytes it covers when it
 * ends on a byte) or "ether saddr & MASK == X" (a bitwise expression),
 * both of which nf_tables offloads as a masked eth_addrs key
 * (nft_payload_offload_ll(), nft_bitwise_offload(); 6.1 and 6.12). *and
 * says which form nft writes.
 */
static void gen_mac_key(struct rng *r, uint8_t *k, uint8_t *m, bool dst,
			bool nft, bool *and)
{
	int i;

	pick_mac(r, k, dst);
	memset(m, 0xff, 6);
	*and = false;
	if (rng_chance(r, 50))
		return;
	switch (rng_below(r, 3)) {
	case 0:
		memset(m + 3, 0, 3);	/* OUI */
		break;
	case 1:
		prefix_mask(m, 1 + rng_below(r, 47), 6);
		break;
	default:
		for (i = 0; i < 6; i++)
			m[i] = rng_below(r, 256);
		/* nft: something to match, and a mask it keeps */
		if (nft && !memchr(m, 0, 6))
			m[5] = 0;
		if (nft && mask_plen(m, 6) == 0)
			m[0] = 0x80;
	}
	for (i = 0; i < 6; i++)
		k[i] &= m[i];
	*and = mask_plen(m, 6) < 0 || rng_chance(r, 50);
}

/* A port and its mask: mostly exact, else a prefix or any bits. */
static void gen_port_key(struct rng *r, uint16_t *port, uint16_t *mask)
{
	*port = pick_port(r);
	*mask = 0xffff;
	if (rng_chance(r, 70))
		return;
	if (rng_chance(r, 50))
		*mask = (uint16_t)(0xffff << rng_below(r, 16));
	else
		*mask = 1 + rng_below(r, 0xfffe);
	*port &= *mask;
}

static void gen_l3_keys(struct rng *r, struct rule *ru, int fam, bool nft)
{
	int bytes = fam == 4 ? 4 : 16, bits = bytes * 8;
	uint8_t m[16];

	ru->family = fam;
	if (rng_chance(r, 55)) {
		ru->keys |= BIT(K_IP_PROTO);
		switch (rng_below(r, 10)) {
		case 0 ... 3:
			ru->ip_proto = 6;
			break;
		case 4 ... 6:
			ru->ip_proto = 17;
			break;
		default:
			ru->ip_proto = fam == 4 ? 1 : 58;
		}
	}
	for (int which = 0; which < 2; which++) {
		uint8_t *a = which ? ru->dst : ru->src;
		int *plen = which ? &ru->dst_plen : &ru->src_plen;

		if (!rng_chance(r, 35))
			continue;
		/*
		 * nft loads saddr and daddr at once (one 8- or 32-byte
		 * load), which nf_tables does not offload: one of them.
		 */
		if (nft && which && (ru->keys & BIT(K_SRC_IP)))
			continue;
		ru->keys |= BIT(which ? K_DST_IP : K_SRC_IP);
		pick_addr(r, a, fam);
		if (rng_chance(r, 50))
			*plen = bits;
		else
			*plen = 1 + rng_below(r, bits);
		prefix_mask(m, *plen, bytes);
		for (int i = 0; i < bytes; i++)
			a[i] &= m[i];
	}
	if (nft)
		goto l4;
	if (rng_chance(r, 12)) {
		ru->keys |= BIT(K_TOS);
		ru->tos_m = rng_chance(r, 50) ? 0xff : rng_below(r, 255) + 1;
		ru->tos = rng_below(r, 256) & ru->tos_m;
	}
	if (rng_chance(r, 12)) {
		ru->keys |= BIT(K_TTL);
		ru->ttl_m = rng_chance(r, 50) ? 0xff : rng_below(r, 255) + 1;
		ru->ttl = (rng_chance(r, 50) ? 64 : rng_below(r, 256)) &
			  ru->ttl_m;
	}
	if (rng_chance(r, 15)) {
		ru->keys |= BIT(K_IP_FLAGS);
		/* frag, nofrag, firstfrag, frag/firstfrag, frag/nofirstfrag */
		switch (rng_below(r, 5)) {
		case 0:
			ru->frag_m = 1;
			ru->frag = 1;
			break;
		case 1:
			ru->frag_m = 1;
			break;
		case 2:
			ru->first_m = 1;
			ru->first = 1;
			break;
		case 3:
			ru->frag_m = 1;
			ru->frag = 1;
			ru->first_m = 1;
			ru->first = 1;
			break;
		default:
			ru->frag_m = 1;
			ru->frag = 1;
			ru->first_m = 1;
		}
	}
l4:
	if (!(ru->keys & BIT(K_IP_PROTO)))
		return;
	/* A later fragment has no transport header to match. */
	if (ru->frag && ru->first_m && !ru->first)
		return;
	if (ru->ip_proto == 6 || ru->ip_proto == 17) {
		if (rng_chance(r, 30)) {
			ru->keys |= BIT(K_SRC_PORT);
			gen_port_key(r, &ru->sport, &ru->sport_m);
		}
		/* the same for sport and dport */
		if (rng_chance(r, 45) && !(nft && (ru->keys & BIT(K_SRC_PORT)))) {
			ru->keys |= BIT(K_DST_PORT);
			gen_port_key(r, &ru->dport, &ru->dport_m);
		}
	}
	if (ru->ip_proto == 6 && !nft && rng_chance(r, 25)) {
		ru->keys |= BIT(K_TCP_FLAGS);
		ru->tcpflags_m = rng_chance(r, 40) ? 0xff :
				 1 + rng_below(r, 0x1ff);
		ru->tcpflags = (rng_chance(r, 50) ? 0x02 : rng_below(r, 512)) &
			       ru->tcpflags_m;
	}
	if ((ru->ip_proto == 1 || ru->ip_proto == 58) && !nft) {
		if (rng_chance(r, 45)) {
			ru->keys |= BIT(K_ICMP_TYPE);
			ru->icmp_type = ru->ip_proto == 1 ? 8 : 128;
			if (rng_chance(r, 30))
				ru->icmp_type = rng_below(r, 20);
		}
		if (rng_chance(r, 20)) {
			ru->keys |= BIT(K_ICMP_CODE);
			ru->icmp_code = rng_below(r, 4);
		}
	}
}

static int pick_target(struct rng *r, bool ingress)
{
	if (ingress)
		return rng_chance(r, 75) ? 4 : 2;
	return rng_chance(r, 75) ? 2 : 4;
}

static void gen_tc_actions(struct rng *r, struct rule *ru, uint32_t max_chain)
{
	struct action *a;
	int n = 0, pre;

	pre = rng_below(r, 100);
	pre = pre < 50 ? 0 : pre < 85 ? 1 : 2;
	while (pre-- > 0 && n < MAX_ACTS - 2) {
		a = &ru->act[n++];
		memset(a, 0, sizeof(*a));
		a->pipe = true;
		a->vprio = -1;
		switch (rng_below(r, 9)) {
		case 0:
		case 1:
			a->id = A_MIRROR_EG;
			a->port = pick_target(r, false);
			break;
		case 2:
			a->id = A_MIRROR_IN;
			a->port = pick_target(r, true);
			break;
		case 3:
			a->id = A_VLAN_PUSH;
			a->vid = pick_vid(r);
			a->vproto = rng_chance(r, 70) ? ETH_P_8021Q : ETH_P_8021AD;
			if (rng_chance(r, 50))
				a->vprio = rng_below(r, 8);
			break;
		case 4:
			a->id = A_VLAN_POP;
			break;
		case 5:
			/*
			 * Not "priority 0": flow_action_entry.vlan carries no
			 * "priority given" bit, so hardware cannot tell it
			 * from no priority (keep the frame's).
			 */
			a->id = A_VLAN_MOD;
			a->vid = pick_vid(r);
			if (rng_chance(r, 50))
				a->vprio = 1 + rng_below(r, 7);
			break;
		default:
			switch (rng_below(r, 3)) {
			case 0:
				a->id = A_PEDIT_TTL;
				a->val = 1 + rng_below(r, 255);
				break;
			case 1: {
				uint8_t d[16];

				a->id = A_PEDIT_DST;
				pick_addr(r, d, 4);
				a->val = (uint32_t)d[0] << 24 | d[1] << 16 |
					 d[2] << 8 | d[3];
				break;
			}
			default:
				a->id = A_PEDIT_DPORT;
				a->val = pick_port(r);
			}
			a = &ru->act[n++];
			memset(a, 0, sizeof(*a));
			a->id = A_CSUM;
			a->pipe = true;
		}
	}
	a = &ru->act[n];
	memset(a, 0, sizeof(*a));
	switch (rng_below(r, 20)) {
	case 0 ... 3:
		a->id = A_DROP;
		break;
	case 4 ... 6:
		a->id = A_PASS;
		break;
	case 7 ... 8:
		a->id = A_TRAP;
		break;
	case 9 ... 11:
		if (ru->chain >= max_chain)
			goto none;
		a->id = A_GOTO;
		a->chain = ru->chain + 1 + rng_below(r, max_chain - ru->chain);
		break;
	case 12 ... 14:
		a->id = A_REDIR_EG;
		a->port = pick_target(r, false);
		break;
	case 15 ... 16:
		a->id = A_REDIR_IN;
		a->port = pick_target(r, true);
		break;
	default:
none:
		if (!n) {	/* a filter needs an action */
			a->id = A_PASS;
			break;
		}
		/*
		 * The last action's control: mostly "pipe", else tc's
		 * default ("ok" for pedit and csum). Only the last: the
		 * control of an action in the middle never reaches a driver
		 * (flow_action has no place for it), so hardware could not
		 * stop there as software does.
		 */
		if (rng_chance(r, 30))
			ru->act[n - 1].pipe = false;
		ru->nacts = n;
		return;
	}
	ru->nacts = n + 1;
}

static void gen_nft_actions(struct rng *r, struct rule *ru)
{
	int n = 0;

	memset(ru->act, 0, sizeof(ru->act));
	if (rng_chance(r, 25)) {
		ru->act[n].id = A_DUP;
		ru->act[n++].port = pick_target(r, false);
	}
	switch (rng_below(r, 10)) {
	case 0 ... 2:
		ru->act[n++].id = A_ACCEPT;
		break;
	case 3 ... 5:
		ru->act[n++].id = A_DROP;
		break;
	case 6 ... 7:
		ru->act[n].id = A_FWD;
		ru->act[n++].port = pick_target(r, false);
		break;
	default:
		/* dup alone goes on with the next rule; offload needs one */
		if (!n) {
			ru->act[n].id = A_DUP;
			ru->act[n++].port = pick_target(r, false);
		}
	}
	ru->nacts = n;
}

/*
 * An MPLS match: flower's single-entry keys (depth 1) or "mpls lse depth
 * N" entries; a field or none per entry (none: the entry must exist).
 */
static void gen_mpls_keys(struct rng *r, struct rule *ru)
{
	int depth = 0;

	ru->keys |= BIT(K_MPLS);
	ru->mpls_lse_style = rng_chance(r, 50);
	ru->nmlse = ru->mpls_lse_style ? 1 + rng_below(r, 2) : 1;
	for (int i = 0; i < ru->nmlse; i++) {
		struct mlse *e = &ru->mlse[i];

		depth += ru->mpls_lse_style ? 1 + rng_below(r, 2) : 1;
		e->depth = depth;
		e->has = rng_below(r, 16);
		if (!ru->mpls_lse_style && !e->has)
			e->has = BIT(0);
		e->label = rng_chance(r, 60) ? 16 + rng_below(r, 8) :
					       rng_below(r, 1 << 20);
		e->tc = rng_below(r, 8);
		/* bos 1 only on the last entry the rule names */
		e->bos = i == ru->nmlse - 1 && rng_chance(r, 50);
		e->ttl = rng_chance(r, 50) ? 64 : rng_below(r, 256);
	}
}

static void gen_tc_rule(struct rng *r, struct rule *ru)
{
	int fam = 0;

	if (opt.mpls && rng_chance(r, 12)) {
		ru->proto = rng_chance(r, 80) ? 0x8847 : 0x8848;
		ru->keys |= BIT(K_ETYPE);
		gen_mpls_keys(r, ru);
		if (rng_chance(r, 15)) {
			ru->keys |= BIT(K_DMAC);
			gen_mac_key(r, ru->dmac, ru->dmac_m, true, false,
				    &ru->dmac_and);
		}
		return;
	}

	switch (rng_below(r, 20)) {
	case 0 ... 6:
		ru->proto = ETH_P_IP;
		fam = 4;
		break;
	case 7 ... 10:
		ru->proto = ETH_P_IPV6;
		fam = 6;
		break;
	case 11 ... 13:
		ru->proto = ETH_P_8021Q;
		break;
	case 14 ... 15:
		ru->proto = ETH_P_8021AD;
		break;
	default:
		ru->proto = ETH_P_ALL;
	}
	if (ru->proto != ETH_P_ALL)
		ru->keys |= BIT(K_ETYPE);
	if (ru->proto == ETH_P_8021Q || ru->proto == ETH_P_8021AD) {
		if (rng_chance(r, 70)) {
			ru->keys |= BIT(K_VLAN_ID);
			ru->vlan_id = pick_vid(r);
		}
		if (rng_chance(r, 25)) {
			ru->keys |= BIT(K_VLAN_PRIO);
			ru->vlan_prio = rng_below(r, 8);
		}
		switch (rng_below(r, 10)) {
		case 0 ... 2:
			break;
		case 3 ... 5:
			ru->keys |= BIT(K_VLAN_ETYPE);
			ru->vlan_etype = ETH_P_IP;
			fam = 4;
			break;
		case 6:
			ru->keys |= BIT(K_VLAN_ETYPE);
			ru->vlan_etype = ETH_P_IPV6;
			fam = 6;
			break;
		default:
			ru->keys |= BIT(K_VLAN_ETYPE);
			ru->vlan_etype = ru->proto == ETH_P_8021AD ||
					 rng_chance(r, 50) ? ETH_P_8021Q :
							     ETH_P_8021AD;
			if (rng_chance(r, 70)) {
				ru->keys |= BIT(K_CVLAN_ID);
				ru->cvlan_id = pick_vid(r);
			}
			if (rng_chance(r, 25)) {
				ru->keys |= BIT(K_CVLAN_PRIO);
				ru->cvlan_prio = rng_below(r, 8);
			}
			if (rng_chance(r, 60)) {
				ru->keys |= BIT(K_CVLAN_ETYPE);
				fam = rng_chance(r, 65) ? 4 : 6;
				ru->cvlan_etype = fam == 4 ? ETH_P_IP :
							     ETH_P_IPV6;
			}
		}
	}
	if (rng_chance(r, 15)) {
		ru->keys |= BIT(K_DMAC);
		gen_mac_key(r, ru->dmac, ru->dmac_m, true, false,
			    &ru->dmac_and);
	}
	if (rng_chance(r, 12)) {
		ru->keys |= BIT(K_SMAC);
		gen_mac_key(r, ru->smac, ru->smac_m, false, false,
			    &ru->smac_and);
	}
	if (rng_chance(r, 8)) {
		ru->keys |= BIT(K_INDEV);
		ru->indev = rng_chance(r, 80) ? 1 : 2;
	}
	if (fam)
		gen_l3_keys(r, ru, fam, false);
}

static void gen_nft_rule(struct rng *r, struct rule *ru)
{
	int fam = 0;

	switch (rng_below(r, 10)) {
	case 0 ... 4:
		fam = 4;
		break;
	case 5 ... 7:
		fam = 6;
		break;
	}
	/*
	 * nft merges "ether saddr" with a neighbouring link-layer load
	 * (ether daddr, the ether type of vlan or ip) into one wider load,
	 * which nf_tables does not offload (nft_payload_offload_ll() takes
	 * one field per load): ether saddr comes alone at that layer.
	 */
	if (rng_chance(r, 12)) {
		ru->keys |= BIT(K_SMAC);
		gen_mac_key(r, ru->smac, ru->smac_m, false, true,
			    &ru->smac_and);
	} else {
		if (rng_chance(r, 15)) {
			ru->keys |= BIT(K_VLAN_ID);
			ru->vlan_id = pick_vid(r);
		}
		if (rng_chance(r, 15)) {
			ru->keys |= BIT(K_DMAC);
			gen_mac_key(r, ru->dmac, ru->dmac_m, true, true,
				    &ru->dmac_and);
		}
	}
	if (rng_chance(r, 8)) {
		ru->keys |= BIT(K_INDEV);
		ru->indev = rng_chance(r, 80) ? 1 : 2;
	}
	if (fam)
		gen_l3_keys(r, ru, fam, true);
	ru->style = rng_below(r, 2);
	/* the hardware needs a match: nf_tables offloads no empty rule */
	if (!ru->keys) {
		ru->keys |= BIT(K_DMAC);
		gen_mac_key(r, ru->dmac, ru->dmac_m, true, true,
			    &ru->dmac_and);
	}
}

/* --- refusal probes ---------------------------------------------------- */

/*
 * Why the hardware must refuse @ru, in the order the kernel and
 * nft_offload look. tc sets the flow_action up first, before it asks any
 * driver (tc_setup_offload_action()), and act_mpls refuses dec_ttl there
 * (net/sched/act_mpls.c, tcf_mpls_offload_act_setup()). Then
 * nft_offload's nfto_flow_parse() (core/flow.c) refuses the first key
 * outside its flow model (flower puts a port range in
 * FLOW_DISSECTOR_KEY_PORTS_RANGE), then the first action outside it
 * (act_mpls push, pop and modify: FLOW_ACTION_MPLS_PUSH, _POP, _MANGLE).
 * @what: the words the refusal must carry: the kernel's extack for
 * REF_KERNEL, the line of nft_offload's failure log for REF_MODEL.
 */
enum refusal expected_refusal(const struct rule *ru, char *what, size_t len)
{
	int i;

	what[0] = 0;
	for (i = 0; i < ru->nacts; i++) {
		if (ru->act[i].id != A_MPLS_DEC_TTL)
			continue;
		snprintf(what, len,
			 "Offload not supported when \"dec_ttl\" option is used");
		return REF_KERNEL;
	}
	if (ru->keys & (BIT(K_SPORT_RANGE) | BIT(K_DPORT_RANGE))) {
		snprintf(what, len,
			 "match on 'ports_range' is not in nft_offload's flow model");
		return REF_MODEL;
	}
	for (i = 0; i < ru->nacts; i++) {
		const char *id;

		switch (ru->act[i].id) {
		case A_MPLS_PUSH:
			id = "mpls_push";
			break;
		case A_MPLS_POP:
			id = "mpls_pop";
			break;
		case A_MPLS_MOD:
			id = "mpls_mangle";
			break;
		default:
			continue;
		}
		snprintf(what, len,
			 "action '%s' is not in nft_offload's flow model", id);
		return REF_MODEL;
	}
	return REF_NONE;
}

/* A port range MIN-MAX, MIN < MAX (flower refuses anything else). */
static void gen_range(struct rng *r, uint16_t *lo, uint16_t *hi)
{
	uint32_t a = rng_chance(r, 60) ? pick_port(r) : 1 + rng_below(r, 65534);
	uint32_t w;

	switch (rng_below(r, 4)) {
	case 0:
		w = 1;
		break;
	case 1:
		w = 1 + rng_below(r, 16);
		break;
	case 2:
		w = 1 + rng_below(r, 2000);
		break;
	default:
		w = 1 + rng_below(r, 65534);
	}
	if (a + w > 65535)
		a = 65535 - w;
	if (!a) {
		a = 1;
		w = 65534;
	}
	*lo = a;
	*hi = a + w;
}

/*
 * flower "src_port MIN-MAX" / "dst_port MIN-MAX" (one side or both, the
 * other side perhaps an exact or masked port), on any IPv4 or IPv6 rule
 * with ip_proto tcp or udp.
 */
static void gen_range_rule(struct rng *r, struct rule *ru)
{
	int fam = rng_chance(r, 60) ? 4 : 6, side = rng_below(r, 3);

	ru->proto = fam == 4 ? ETH_P_IP : ETH_P_IPV6;
	ru->keys |= BIT(K_ETYPE);
	gen_l3_keys(r, ru, fam, false);
	if (!(ru->keys & BIT(K_IP_PROTO)) ||
	    (ru->ip_proto != 6 && ru->ip_proto != 17)) {
		ru->keys |= BIT(K_IP_PROTO);
		ru->keys &= ~(BIT(K_ICMP_TYPE) | BIT(K_ICMP_CODE));
		ru->ip_proto = rng_chance(r, 55) ? 6 : 17;
	}
	/* fragments only: no ports to match (gen_l3_keys()) */
	if ((ru->frag_m && ru->frag) || (ru->first_m && ru->first)) {
		ru->keys &= ~BIT(K_IP_FLAGS);
		ru->frag = 0;
		ru->frag_m = 0;
		ru->first = 0;
		ru->first_m = 0;
	}
	if (side != 1) {
		ru->keys &= ~BIT(K_SRC_PORT);
		ru->keys |= BIT(K_SPORT_RANGE);
		gen_range(r, &ru->sport, &ru->sport_hi);
	}
	if (side != 0) {
		ru->keys &= ~BIT(K_DST_PORT);
		ru->keys |= BIT(K_DPORT_RANGE);
		gen_range(r, &ru->dport, &ru->dport_hi);
	}
}

static uint32_t pick_label(struct rng *r)
{
	return rng_chance(r, 60) ? 16 + rng_below(r, 8) : rng_below(r, 1 << 20);
}

/* An act_mpls action of kind @id, its optional fields at random. */
static void gen_mpls_action(struct rng *r, struct action *a, enum act id)
{
	static const uint16_t next[] = { ETH_P_IP, ETH_P_IP, ETH_P_IPV6,
					 0x8847 };

	memset(a, 0, sizeof(*a));
	a->id = id;
	a->pipe = true;
	a->vprio = -1;
	a->mtc = -1;
	a->mttl = -1;
	a->mbos = -1;
	switch (id) {
	case A_MPLS_PUSH:
		a->val = pick_label(r);
		if (rng_chance(r, 30))
			a->vproto = rng_chance(r, 70) ? 0x8847 : 0x8848;
		if (rng_chance(r, 25))
			a->mbos = rng_below(r, 2);
		break;
	case A_MPLS_POP:
		a->vproto = next[rng_below(r, ARRAY_SIZE(next))];
		return;
	case A_MPLS_MOD:
		a->mlabel = rng_chance(r, 60);
		if (a->mlabel)
			a->val = pick_label(r);
		break;
	default:
		return;
	}
	if (rng_chance(r, 50))
		a->mtc = rng_below(r, 8);
	if (rng_chance(r, 50) || (id == A_MPLS_MOD && !a->mlabel && a->mtc < 0))
		a->mttl = rng_chance(r, 50) ? 64 : 1 + rng_below(r, 255);
}

/*
 * A refusal probe's rule: a port range, or an act_mpls action before the
 * rule's last action (push on any rule; pop, modify and dec_ttl mostly on
 * MPLS rules when there are MPLS frames). Its actions come with the
 * priorities, in gen_probe_actions().
 */
static void gen_probe_rule(struct rng *r, struct rule *ru)
{
	static const enum act kinds[] = {
		A_MPLS_PUSH, A_MPLS_PUSH, A_MPLS_POP, A_MPLS_MOD,
		A_MPLS_DEC_TTL,
	};

	ru->chain = 0;
	if (rng_chance(r, 40)) {
		gen_range_rule(r, ru);
		return;
	}
	ru->probe_mpls = kinds[rng_below(r, ARRAY_SIZE(kinds))];
	if (ru->probe_mpls != A_MPLS_PUSH && opt.mpls && rng_chance(r, 75)) {
		ru->proto = rng_chance(r, 80) ? 0x8847 : 0x8848;
		ru->keys |= BIT(K_ETYPE);
		gen_mpls_keys(r, ru);
		return;
	}
	gen_tc_rule(r, ru);
}

static void gen_probe_actions(struct rng *r, struct rule *ru)
{
	struct action m;
	int at;

	gen_tc_actions(r, ru, 0);	/* no goto: a probe has one rule */
	if (!ru->probe_mpls)
		return;
	gen_mpls_action(r, &m, ru->probe_mpls);
	if (ru->nacts == MAX_ACTS) {
		memmove(&ru->act[0], &ru->act[1],
			(MAX_ACTS - 1) * sizeof(ru->act[0]));
		ru->nacts--;
	}
	/* before the last action, which keeps its control */
	at = rng_below(r, ru->nacts);
	memmove(&ru->act[at + 1], &ru->act[at],
		(ru->nacts - at) * sizeof(ru->act[0]));
	ru->act[at] = m;
	ru->nacts++;
}

/*
 * Before 6.12, skb_vlan_push() onto a frame that already has a tag
 * (net/core/skbuff.c: that tag goes into the frame, the new one into the
 * skb) grows skb->mac_len and leaves the network header where it was,
 * after the tag it inserted; upstream 938863727076 ("tc: adjust network
 * header after 2nd vlan push", in 6.12) moves the network header back
 * onto that tag. Until then act_pedit finds the ip/ip6 header 4 bytes
 * further into the frame (pedit_skb_hdr_offset(): skb_network_offset()),
 * act_csum reads the IP header as a VLAN tag (tcf_csum_act()), and the
 * rules of a chain that a goto reaches match from there too
 * (__skb_flow_dissect() starts at skb_network_offset(): the IP header is
 * the inner tag) and count 4 bytes less (skb->len). The hardware does
 * what 6.12 does, and we do not copy the bug: on older kernels no tc
 * rule has pedit or csum after a vlan push (they move before the first
 * push), nor a vlan push before a goto to a chain that has rules (the
 * push goes). Done after drawing and without drawing, so that a seed
 * names the same scenarios on 6.12 and later.
 */
static bool reads_network_header(enum act id)
{
	return id == A_PEDIT_TTL || id == A_PEDIT_DST ||
	       id == A_PEDIT_DPORT || id == A_CSUM;
}

static void no_pedit_after_push(struct scenario *sc)
{
	for (int r = 0; r < sc->nrules; r++) {
		struct rule *ru = &sc->rule[r];
		struct action a[MAX_ACTS];
		bool later = false, last_pipe;
		int i, n = 0, push;

		/* a goto carries the frame, network header and all, on */
		if (ru->act[ru->nacts - 1].id == A_GOTO) {
			for (i = 0; i < sc->nrules; i++)
				later |= sc->rule[i].chain >=
					 ru->act[ru->nacts - 1].chain;
			for (i = ru->nacts - 2; later && i >= 0; i--) {
				if (ru->act[i].id != A_VLAN_PUSH)
					continue;
				memmove(&ru->act[i], &ru->act[i + 1],
					(ru->nacts - i - 1) * sizeof(a[0]));
				ru->nacts--;
			}
		}
		for (push = 0; push < ru->nacts; push++)
			if (ru->act[push].id == A_VLAN_PUSH)
				break;
		if (push == ru->nacts)
			continue;
		last_pipe = ru->act[ru->nacts - 1].pipe;
		for (i = 0; i < push; i++)
			a[n++] = ru->act[i];
		for (i = push; i < ru->nacts; i++)
			if (reads_network_header(ru->act[i].id))
				a[n++] = ru->act[i];
		for (i = push; i < ru->nacts; i++)
			if (!reads_network_header(ru->act[i].id))
				a[n++] = ru->act[i];
		/*
		 * The last action keeps the rule's control: one in the middle
		 * only pipes (gen_tc_actions()).
		 */
		if (reads_network_header(ru->act[ru->nacts - 1].id)) {
			for (i = 0; i < n - 1; i++)
				a[i].pipe = true;
			a[n - 1].pipe = last_pipe;
		}
		memcpy(ru->act, a, n * sizeof(a[0]));
	}
}

static struct pkt *add_pkt(struct scenario *sc)
{
	if (sc->npkts >= MAX_PKTS)
		return NULL;
	return &sc->pkt[sc->npkts++];
}

/* IPv6 extension headers a packet's copy gets, in bytes (0: none). */
struct ext_layout {
	uint8_t hbh, dest;	/* before the fragment header */
	uint8_t ah, dest2;	/* after it */
};

/*
 * Hop-by-hop and destination options headers, which tc (the flow
 * dissector) and nf_tables (ipv6_find_hdr()) read past: the same hits
 * and misses must follow.
 */
static const struct ext_layout exthdr_layouts[] = {
	{ 8, 0 }, { 16, 0 }, { 0, 8 }, { 8, 8 }, { 16, 16 },
};

/*
 * An authentication header and destination options after the fragment
 * header: the flow dissector (tc's match) stops at either, nf_tables
 * (ipv6_find_hdr() with IP6_FH_F_AUTH) at the authentication header
 * only, tc pedit (ipv6_find_hdr() for TCP or UDP) at neither.
 */
static const struct ext_layout ah_layouts[] = {
	{ 0, 0, 16, 0 }, { 0, 0, 24, 0 }, { 0, 0, 16, 8 }, { 0, 0, 0, 8 },
	{ 8, 0, 16, 0 },
};

/*
 * Copies of about a quarter of the first @n packets' IPv6 ones, each with
 * a layout of @lay, "@tag" in their why. From a PRNG stream of their own
 * (@mix), appended, so that every other packet of a seed stays what it
 * was (conform.sh's regression scenarios among them).
 */
static void gen_ext_copies(struct scenario *sc, uint64_t mix, int n,
			   const struct ext_layout *lay, unsigned int nlay,
			   const char *tag)
{
	struct rng x = { mix };
	const struct ext_layout *l;
	struct pkt *p;
	int i;

	for (i = 0; i < 4; i++)
		rng_next(&x);
	for (i = 0; i < n; i++) {
		char why[sizeof(p->why)];

		if (sc->pkt[i].l3 != L3_IPV6 || !rng_chance(&x, 25))
			continue;
		p = add_pkt(sc);
		if (!p)
			break;
		*p = sc->pkt[i];
		l = &lay[rng_below(&x, nlay)];
		p->ext_hbh = l->hbh;
		p->ext_dest = l->dest;
		p->ext_ah = l->ah;
		p->ext_dest2 = l->dest2;
		memcpy(why, p->why, sizeof(why));
		snprintf(p->why, sizeof(p->why), "%s %.40s", tag, why);
	}
}

void gen_scenario(struct scenario *sc, uint64_t seed, unsigned int number,
		  enum frontend fe)
{
	struct rng r = { seed ^ (0x632be59bd9b4e019ull * (number + 1)) };
	uint32_t chains = 0;
	struct pkt *p;
	int i, nrand, norig;

	/* a few rounds so that nearby seeds diverge at once */
	for (i = 0; i < 4; i++)
		rng_next(&r);
	memset(sc, 0, sizeof(*sc));
	sc->seed = seed;
	sc->number = number;
	sc->fe = fe;
	sc->nrules = 1 + rng_below(&r, MAX_RULES);
	/*
	 * Now and then a rule that no hardware here can take: a refusal
	 * probe, alone (main.c, probe()).
	 */
	if (fe == FE_TC && rng_chance(&r, PROBE_PERCENT)) {
		sc->probe = true;
		sc->nrules = 1;
	}

	for (i = 0; i < sc->nrules; i++) {
		struct rule *ru = &sc->rule[i];

		ru->index = i;
		if (sc->probe) {
			gen_probe_rule(&r, ru);
		} else if (fe == FE_TC) {
			/* rule 0 sits in chain 0 so that something is there */
			ru->chain = i && rng_chance(&r, 40) ?
				    1 + rng_below(&r, 2) : 0;
			chains |= BIT(ru->chain);
			gen_tc_rule(&r, ru);
		} else {
			gen_nft_rule(&r, ru);
			gen_nft_actions(&r, ru);
		}
	}
	if (fe == FE_TC) {
		/* unique priorities: tc wants one protocol per priority */
		int perm[MAX_RULES];

		for (i = 0; i < sc->nrules; i++)
			perm[i] = i;
		for (i = sc->nrules - 1; i > 0; i--) {
			int j = rng_below(&r, i + 1), t = perm[i];

			perm[i] = perm[j];
			perm[j] = t;
		}
		for (i = 0; i < sc->nrules; i++) {
			sc->rule[i].prio = 1 + perm[i] * 3 + rng_below(&r, 3);
			if (sc->probe)
				gen_probe_actions(&r, &sc->rule[i]);
			else
				gen_tc_actions(&r, &sc->rule[i], 3);
		}
		if (opt.push_keeps_nh)
			no_pedit_after_push(sc);
	}

	/*
	 * A quarter of the tc rule sets sit on a block shared by p0 and p1:
	 * one block bound to two ports of the switch (nothing arrives on
	 * p0's ingress, so indev and per-port binding must keep them apart).
	 */
	if (fe == FE_TC && rng_chance(&r, 25))
		sc->shared_block = true;

	/* Egress targets with a lower MTU: frames over it cross anyway? */
	if (rng_chance(&r, 30)) {
		sc->mtu[2] = 576 + rng_below(&r, 800);
		sc->mtu[4] = 576 + rng_below(&r, 800);
	}

	/*
	 * Packets are cheap next to installing a rule set (one tc or nft
	 * process: most of a scenario's time under TCG), so every rule gets
	 * two hits on different backgrounds, and there are plenty of
	 * random packets.
	 */
	for (i = 0; i < sc->nrules; i++) {
		const struct rule *ru = &sc->rule[i];
		struct pkt hit;

		for (int h = 0; h < 2; h++) {
			hit_packet(&r, ru, &hit);
			snprintf(hit.why, sizeof(hit.why), "hit r%d", i);
			p = add_pkt(sc);
			if (!p)
				break;
			*p = hit;
		}
		for (int k = 0; k < K_MAX; k++) {
			if (!(ru->keys & BIT(k)))
				continue;
			if (k == K_MPLS) {
				int room = MAX_PKTS - sc->npkts;

				sc->npkts += mpls_near_misses(&r, ru, &hit,
							      &sc->pkt[sc->npkts],
							      room);
				continue;
			}
			if (k == K_SPORT_RANGE || k == K_DPORT_RANGE) {
				int room = MAX_PKTS - sc->npkts;

				sc->npkts += range_near_misses(ru, k, &hit,
							       &sc->pkt[sc->npkts],
							       room);
				continue;
			}
			p = add_pkt(sc);
			if (!p)
				break;
			*p = hit;
			if (!near_miss(&r, ru, k, p)) {
				sc->npkts--;
			} else {
				snprintf(p->why, sizeof(p->why), "near r%d %s",
					 i, key_name(k));
			}
			/* a masked key: a bit outside the mask still hits */
			p = add_pkt(sc);
			if (!p)
				break;
			*p = hit;
			if (!near_hit(&r, ru, k, p)) {
				sc->npkts--;
				continue;
			}
			snprintf(p->why, sizeof(p->why), "edge r%d %s", i,
				 key_name(k));
		}
	}
	nrand = 20 + rng_below(&r, 30);
	for (i = 0; i < nrand; i++) {
		p = add_pkt(sc);
		if (!p)
			break;
		random_packet(&r, p);
		snprintf(p->why, sizeof(p->why), "random");
	}
	/* Over the lowered MTU: copies of earlier packets, made big. */
	if (sc->mtu[2]) {
		int n = sc->npkts;

		for (i = 0; i < n && i < 10; i++) {
			int from = rng_below(&r, n);
			char why[sizeof(p->why)];

			p = add_pkt(sc);
			if (!p)
				break;
			*p = sc->pkt[from];
			p->paylen = 1400 + rng_below(&r, 100);
			memcpy(why, p->why, sizeof(why));
			snprintf(p->why, sizeof(p->why), "big %.40s", why);
		}
	}
	norig = sc->npkts;
	gen_ext_copies(sc, seed ^ (0x9e3779b97f4a7c15ull * (number + 7)), norig,
		       exthdr_layouts, ARRAY_SIZE(exthdr_layouts), "exthdr");
	gen_ext_copies(sc, seed ^ (0xc2b2ae3d27d4eb4full * (number + 11)),
		       norig, ah_layouts, ARRAY_SIZE(ah_layouts), "ah");
	for (i = 0; i < sc->npkts; i++) {
		sc->pkt[i].index = i;
		pkt_build(&sc->pkt[i]);
	}
}
