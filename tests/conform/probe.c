// SPDX-License-Identifier: GPL-2.0
/*
 * The packets that probe a rule: one that hits it (every matched field set
 * inside its mask, the rest random), near misses (the hit with one bit
 * flipped inside the mask of one field) and random packets of every shape:
 * untagged, 802.1Q, QinQ, IPv4, IPv6, fragments, TCP/UDP/ICMP, others.
 */
#include <stdio.h>
#include <string.h>

#include "conform.h"

#define ETH_P_IP	0x0800
#define ETH_P_IPV6	0x86dd
#define ETH_P_8021Q	0x8100
#define ETH_P_8021AD	0x88a8

/* @n label stack entries, the last one with the bottom-of-stack bit. */
static void random_mpls_stack(struct rng *r, struct pkt *p, int n)
{
	p->nlse = n;
	for (int i = 0; i < n; i++) {
		uint32_t label = rng_chance(r, 60) ? 16 + rng_below(r, 8) :
						     rng_below(r, 1 << 20);

		p->lse[i] = label << 12 | rng_below(r, 8) << 9 |
			    (i == n - 1) << 8 |
			    (rng_chance(r, 50) ? 64 : rng_below(r, 256));
	}
}

/* A valid packet of a random shape. */
void random_packet(struct rng *r, struct pkt *p)
{
	unsigned int big = rng_chance(r, 8);
	int fam;

	memset(p, 0, sizeof(*p));
	pick_mac(r, p->dmac, true);
	pick_mac(r, p->smac, false);
	switch (rng_below(r, 20)) {
	case 0 ... 11:
		p->ntags = 0;
		break;
	case 12 ... 16:
		p->ntags = 1;
		break;
	default:
		p->ntags = 2;
	}
	for (int i = 0; i < p->ntags; i++) {
		p->tag[i].tpid = i == 0 && p->ntags == 2 && rng_chance(r, 70) ?
				 ETH_P_8021AD : ETH_P_8021Q;
		if (rng_chance(r, 10))
			p->tag[i].tpid = rng_chance(r, 50) ? ETH_P_8021AD :
							     ETH_P_8021Q;
		p->tag[i].vid = pick_vid(r);
		p->tag[i].prio = rng_chance(r, 50) ? 0 : rng_below(r, 8);
		p->tag[i].dei = rng_chance(r, 5);
	}
	switch (rng_below(r, 20)) {
	case 0 ... 10:
		fam = 4;
		break;
	case 11 ... 17:
		fam = 6;
		break;
	default:
		fam = 0;
	}
	p->ipid = rng_below(r, 65536);
	p->paylen = big ? 600 + rng_below(r, 900) : 8 + rng_below(r, 120);
	if (opt.mpls && rng_chance(r, 8)) {
		random_mpls_stack(r, p, 1 + rng_below(r, 4));
		p->ethertype = rng_chance(r, 90) ? 0x8847 : 0x8848;
		/* now and then no bottom of stack: the payload reads as more */
		if (rng_chance(r, 15))
			p->lse[p->nlse - 1] &= ~0x100u;
		if (rng_chance(r, 50)) {
			p->l3 = L3_NONE;
			return;
		}
		fam = rng_chance(r, 60) ? 4 : 6;
		goto l3;
	}
	if (!fam) {
		static const uint16_t other[] = { 0x0806, 0x88b5, 0x88cc,
						  0x8847 };

		p->ethertype = other[rng_below(r, ARRAY_SIZE(other))];
		p->l3 = L3_NONE;
		return;
	}
	p->ethertype = fam == 4 ? ETH_P_IP : ETH_P_IPV6;
l3:
	p->l3 = fam == 4 ? L3_IPV4 : L3_IPV6;
	pick_addr(r, p->src, fam);
	pick_addr(r, p->dst, fam);
	p->tos = rng_chance(r, 60) ? 0 : rng_below(r, 256);
	p->ttl = rng_chance(r, 60) ? 64 : rng_below(r, 256);
	p->flowlabel = rng_chance(r, 70) ? 0 : rng_below(r, 1 << 20);
	switch (rng_below(r, 20)) {
	case 0:
		p->frag = FRAG_FIRST;
		break;
	case 1:
		p->frag = FRAG_LATER;
		break;
	default:
		p->frag = FRAG_NONE;
		p->df = fam == 4 && rng_chance(r, 30);
	}
	switch (rng_below(r, 10)) {
	case 0 ... 3:
		p->l4 = L4_TCP;
		p->proto = 6;
		break;
	case 4 ... 6:
		p->l4 = L4_UDP;
		p->proto = 17;
		break;
	case 7 ... 8:
		p->l4 = fam == 4 ? L4_ICMP : L4_ICMP6;
		p->proto = fam == 4 ? 1 : 58;
		break;
	default:
		p->l4 = L4_NONE;
		p->proto = rng_chance(r, 50) ? 47 : 132;
	}
	p->sport = pick_port(r);
	p->dport = pick_port(r);
	p->tcpflags = rng_chance(r, 60) ? 0x10 : rng_below(r, 256);
	if (rng_chance(r, 3))
		p->tcpflags |= 0x100;
	if (p->l4 == L4_ICMP) {
		p->icmp_type = rng_chance(r, 70) ? (rng_chance(r, 50) ? 8 : 0) :
						   rng_below(r, 20);
		p->icmp_code = rng_chance(r, 80) ? 0 : rng_below(r, 16);
	} else {
		p->icmp_type = rng_chance(r, 70) ? (rng_chance(r, 50) ? 128 : 129) :
						   rng_below(r, 256);
		p->icmp_code = rng_chance(r, 80) ? 0 : rng_below(r, 16);
	}
}

/* --- packets from rules ----------------------------------------------- */

static void set_masked(uint8_t *v, const uint8_t *k, const uint8_t *m,
		       int len)
{
	for (int i = 0; i < len; i++)
		v[i] = (v[i] & ~m[i]) | (k[i] & m[i]);
}

static void shape_l3(struct rng *r, struct pkt *p, int fam)
{
	if (!fam || (fam == 4 && p->l3 == L3_IPV4) ||
	    (fam == 6 && p->l3 == L3_IPV6))
		return;
	p->l3 = fam == 4 ? L3_IPV4 : L3_IPV6;
	pick_addr(r, p->src, fam);
	pick_addr(r, p->dst, fam);
	if (p->l4 == L4_ICMP || p->l4 == L4_ICMP6) {
		p->l4 = fam == 4 ? L4_ICMP : L4_ICMP6;
		p->proto = fam == 4 ? 1 : 58;
	}
	if (p->l4 == L4_NONE && p->proto != 47 && p->proto != 132)
		p->proto = 47;
}

static void set_lse_field(uint32_t *lse, int field, uint32_t v)
{
	static const uint32_t shift[] = { 12, 9, 8, 0 };
	static const uint32_t mask[] = { 0xfffff, 7, 1, 0xff };

	*lse = (*lse & ~(mask[field] << shift[field])) |
	       (v & mask[field]) << shift[field];
}

/* A label stack as deep as @ru needs, with the fields it names. */
static void mpls_hit(struct rng *r, const struct rule *ru, struct pkt *p)
{
	const struct mlse *last = &ru->mlse[ru->nmlse - 1];
	int n = last->depth;

	if (last->has & BIT(2) && !last->bos)
		n += 1 + rng_below(r, 2);
	else if (!(last->has & BIT(2)))
		n += rng_below(r, 2);
	p->ntags = 0;
	p->ethertype = ru->proto;
	random_mpls_stack(r, p, n);
	for (int i = 0; i < ru->nmlse; i++) {
		const struct mlse *e = &ru->mlse[i];
		uint32_t v[4] = { e->label, e->tc, e->bos, e->ttl };

		for (int f = 0; f < 4; f++)
			if (e->has & BIT(f))
				set_lse_field(&p->lse[e->depth - 1], f, v[f]);
	}
}

/*
 * The near misses of an MPLS match: one bit flipped in every field it
 * names, and a stack one entry short of the deepest entry it names.
 */
int mpls_near_misses(struct rng *r, const struct rule *ru,
		     const struct pkt *hit, struct pkt *out, int max)
{
	static const uint32_t bits[] = { 20, 3, 1, 8 };
	static const uint32_t shift[] = { 12, 9, 8, 0 };
	int n = 0;

	for (int i = 0; i < ru->nmlse && n < max; i++) {
		const struct mlse *e = &ru->mlse[i];

		for (int f = 0; f < 4 && n < max; f++) {
			if (!(e->has & BIT(f)))
				continue;
			out[n] = *hit;
			out[n].lse[e->depth - 1] ^=
				1u << (shift[f] + rng_below(r, bits[f]));
			snprintf(out[n].why, sizeof(out[n].why),
				 "near r%d mpls depth %d", ru->index,
				 e->depth);
			n++;
		}
	}
	if (n < max && hit->nlse > 1 && ru->mlse[ru->nmlse - 1].depth > 1) {
		out[n] = *hit;
		out[n].nlse = ru->mlse[ru->nmlse - 1].depth - 1;
		out[n].lse[out[n].nlse - 1] |= 0x100;
		snprintf(out[n].why, sizeof(out[n].why),
			 "near r%d mpls depth", ru->index);
		n++;
	}
	return n;
}

void hit_packet(struct rng *r, const struct rule *ru, struct pkt *p)
{
	uint8_t m[16];
	int fam = ru->family, bytes = fam == 4 ? 4 : 16;

	random_packet(r, p);
	if (ru->keys & BIT(K_MPLS)) {
		mpls_hit(r, ru, p);
		goto l2_keys;
	}
	p->nlse = 0;
	/* the L2 shape the rule asks for */
	if (ru->proto == ETH_P_IP || ru->proto == ETH_P_IPV6) {
		p->ntags = 0;
	} else if (ru->proto == ETH_P_8021Q || ru->proto == ETH_P_8021AD) {
		p->ntags = 1;
		p->tag[0].tpid = ru->proto;
		if (ru->keys & BIT(K_VLAN_ETYPE) &&
		    (ru->vlan_etype == ETH_P_8021Q ||
		     ru->vlan_etype == ETH_P_8021AD)) {
			p->ntags = 2;
			p->tag[1].tpid = ru->vlan_etype;
			p->tag[1].vid = pick_vid(r);
		}
	} else if (ru->keys & BIT(K_VLAN_ID)) {	/* nft vlan id */
		p->ntags = 1;
		p->tag[0].tpid = ETH_P_8021Q;
	} else if (fam && rng_chance(r, 70)) {
		p->ntags = 0;
	}
	if (fam) {
		shape_l3(r, p, fam);
		p->ethertype = fam == 4 ? ETH_P_IP : ETH_P_IPV6;
	}
	if (ru->keys & BIT(K_VLAN_ETYPE) && p->ntags == 1)
		p->ethertype = ru->vlan_etype;
	if (ru->keys & BIT(K_CVLAN_ETYPE))
		p->ethertype = ru->cvlan_etype;

l2_keys:
	if (ru->keys & BIT(K_DMAC))
		set_masked(p->dmac, ru->dmac, ru->dmac_m, 6);
	if (ru->keys & BIT(K_SMAC))
		set_masked(p->smac, ru->smac, ru->smac_m, 6);
	if (ru->keys & BIT(K_VLAN_ID))
		p->tag[0].vid = ru->vlan_id;
	if (ru->keys & BIT(K_VLAN_PRIO))
		p->tag[0].prio = ru->vlan_prio;
	if (ru->keys & BIT(K_CVLAN_ID))
		p->tag[1].vid = ru->cvlan_id;
	if (ru->keys & BIT(K_CVLAN_PRIO))
		p->tag[1].prio = ru->cvlan_prio;
	if (ru->keys & BIT(K_IP_PROTO)) {
		p->proto = ru->ip_proto;
		switch (ru->ip_proto) {
		case 6:
			p->l4 = L4_TCP;
			break;
		case 17:
			p->l4 = L4_UDP;
			break;
		case 1:
			p->l4 = L4_ICMP;
			break;
		case 58:
			p->l4 = L4_ICMP6;
			break;
		}
	}
	if (ru->keys & BIT(K_SRC_IP)) {
		prefix_mask(m, ru->src_plen, bytes);
		set_masked(p->src, ru->src, m, bytes);
	}
	if (ru->keys & BIT(K_DST_IP)) {
		prefix_mask(m, ru->dst_plen, bytes);
		set_masked(p->dst, ru->dst, m, bytes);
	}
	if (ru->keys & BIT(K_TOS))
		p->tos = (p->tos & ~ru->tos_m) | ru->tos;
	if (ru->keys & BIT(K_TTL))
		p->ttl = (p->ttl & ~ru->ttl_m) | ru->ttl;
	if (ru->keys & BIT(K_IP_FLAGS)) {
		if (ru->frag_m && !ru->frag)
			p->frag = FRAG_NONE;
		else if (ru->first_m && ru->first)
			p->frag = FRAG_FIRST;
		else if (ru->frag_m && ru->first_m)
			p->frag = FRAG_LATER;
		else if (ru->frag_m)
			p->frag = rng_chance(r, 50) ? FRAG_FIRST : FRAG_LATER;
		else	/* nofirstfrag only */
			p->frag = rng_chance(r, 50) ? FRAG_NONE : FRAG_LATER;
		if (p->frag != FRAG_NONE)
			p->df = false;
	}
	if (ru->keys & (BIT(K_SRC_PORT) | BIT(K_DST_PORT) |
			BIT(K_SPORT_RANGE) | BIT(K_DPORT_RANGE) |
			BIT(K_TCP_FLAGS) | BIT(K_ICMP_TYPE) |
			BIT(K_ICMP_CODE)) && p->frag == FRAG_LATER)
		p->frag = FRAG_FIRST;
	if (ru->keys & BIT(K_SRC_PORT))
		p->sport = (p->sport & ~ru->sport_m) | ru->sport;
	if (ru->keys & BIT(K_DST_PORT))
		p->dport = (p->dport & ~ru->dport_m) | ru->dport;
	if (ru->keys & BIT(K_SPORT_RANGE))
		p->sport = ru->sport + rng_below(r, ru->sport_hi - ru->sport + 1);
	if (ru->keys & BIT(K_DPORT_RANGE))
		p->dport = ru->dport + rng_below(r, ru->dport_hi - ru->dport + 1);
	if (ru->keys & BIT(K_TCP_FLAGS))
		p->tcpflags = (p->tcpflags & ~ru->tcpflags_m) | ru->tcpflags;
	if (ru->keys & BIT(K_ICMP_TYPE))
		p->icmp_type = ru->icmp_type;
	if (ru->keys & BIT(K_ICMP_CODE))
		p->icmp_code = ru->icmp_code;
}

static void flip_in_mask(struct rng *r, uint8_t *v, const uint8_t *m,
			 int len)
{
	int bits[128], n = 0, b;

	for (int i = 0; i < len * 8; i++)
		if (m[i / 8] & (0x80 >> (i % 8)))
			bits[n++] = i;
	if (!n)
		return;
	b = bits[rng_below(r, n)];
	v[b / 8] ^= 0x80 >> (b % 8);
}

static uint16_t flip16(struct rng *r, uint16_t v, uint16_t m)
{
	uint8_t b[2] = { v >> 8, v }, mb[2] = { m >> 8, m };

	flip_in_mask(r, b, mb, 2);
	return b[0] << 8 | b[1];
}

static uint8_t flip8(struct rng *r, uint8_t v, uint8_t m)
{
	flip_in_mask(r, &v, &m, 1);
	return v;
}

/* The hit packet of @ru with one bit of key @k flipped inside its mask. */
bool near_miss(struct rng *r, const struct rule *ru, enum key k, struct pkt *p)
{
	uint8_t m[16];
	int bytes = ru->family == 4 ? 4 : 16;

	switch (k) {
	case K_ETYPE:
		if (p->ntags)
			p->tag[0].tpid = flip16(r, p->tag[0].tpid, 0xffff);
		else
			p->ethertype = flip16(r, p->ethertype, 0xffff);
		break;
	case K_DMAC:
		flip_in_mask(r, p->dmac, ru->dmac_m, 6);
		break;
	case K_SMAC:
		flip_in_mask(r, p->smac, ru->smac_m, 6);
		break;
	case K_VLAN_ID:
		p->tag[0].vid = flip16(r, p->tag[0].vid, 0xfff);
		break;
	case K_VLAN_PRIO:
		p->tag[0].prio = flip8(r, p->tag[0].prio, 7);
		break;
	case K_VLAN_ETYPE:
		if (p->ntags == 2)
			p->tag[1].tpid = flip16(r, p->tag[1].tpid, 0xffff);
		else
			p->ethertype = flip16(r, p->ethertype, 0xffff);
		break;
	case K_CVLAN_ID:
		p->tag[1].vid = flip16(r, p->tag[1].vid, 0xfff);
		break;
	case K_CVLAN_PRIO:
		p->tag[1].prio = flip8(r, p->tag[1].prio, 7);
		break;
	case K_CVLAN_ETYPE:
		p->ethertype = flip16(r, p->ethertype, 0xffff);
		break;
	case K_IP_PROTO:
		p->proto = flip8(r, p->proto, 0xff);
		break;
	case K_SRC_IP:
		prefix_mask(m, ru->src_plen, bytes);
		flip_in_mask(r, p->src, m, bytes);
		break;
	case K_DST_IP:
		prefix_mask(m, ru->dst_plen, bytes);
		flip_in_mask(r, p->dst, m, bytes);
		break;
	case K_SRC_PORT:
		p->sport = flip16(r, p->sport, ru->sport_m);
		break;
	case K_DST_PORT:
		p->dport = flip16(r, p->dport, ru->dport_m);
		break;
	case K_TCP_FLAGS:
		p->tcpflags = flip16(r, p->tcpflags, ru->tcpflags_m);
		break;
	case K_TOS:
		p->tos = flip8(r, p->tos, ru->tos_m);
		break;
	case K_TTL:
		p->ttl = flip8(r, p->ttl, ru->ttl_m);
		break;
	case K_IP_FLAGS:
		if (ru->frag_m && ru->frag && !ru->first_m)
			p->frag = FRAG_NONE;
		else if (ru->frag_m && !ru->frag)
			p->frag = FRAG_FIRST;
		else if (ru->first_m && ru->first)
			p->frag = FRAG_LATER;
		else	/* frag/nofirstfrag */
			p->frag = FRAG_FIRST;
		break;
	case K_ICMP_TYPE:
		p->icmp_type = flip8(r, p->icmp_type, 0xff);
		break;
	case K_ICMP_CODE:
		p->icmp_code = flip8(r, p->icmp_code, 0xff);
		break;
	default:
		return false;	/* indev: the packet always comes in on p1 */
	}
	return true;
}

/*
 * The hit packet of @ru with one bit of key @k flipped outside its mask
 * (a MAC address or a port with a partial mask): it must still hit.
 * False when @k has no such bit.
 */
bool near_hit(struct rng *r, const struct rule *ru, enum key k, struct pkt *p)
{
	uint8_t inv[6], any = 0;
	uint16_t m;
	int i;

	switch (k) {
	case K_DMAC:
	case K_SMAC:
		for (i = 0; i < 6; i++) {
			inv[i] = ~(k == K_DMAC ? ru->dmac_m : ru->smac_m)[i];
			any |= inv[i];
		}
		if (!any)
			return false;
		flip_in_mask(r, k == K_DMAC ? p->dmac : p->smac, inv, 6);
		return true;
	case K_SRC_PORT:
	case K_DST_PORT:
		m = k == K_SRC_PORT ? ru->sport_m : ru->dport_m;
		if (m == 0xffff)
			return false;
		if (k == K_SRC_PORT)
			p->sport = flip16(r, p->sport, ~m);
		else
			p->dport = flip16(r, p->dport, ~m);
		return true;
	default:
		return false;
	}
}

/*
 * A port range's edges: MIN and MAX hit, MIN - 1 and MAX + 1 miss (where
 * they are ports).
 */
int range_near_misses(const struct rule *ru, enum key k,
		      const struct pkt *hit, struct pkt *out, int max)
{
	bool src = k == K_SPORT_RANGE;
	uint32_t lo = src ? ru->sport : ru->dport;
	uint32_t hi = src ? ru->sport_hi : ru->dport_hi;
	const uint32_t at[] = { lo, hi, lo - 1, hi + 1 };
	int n = 0;

	for (int i = 0; i < 4 && n < max; i++) {
		if (at[i] > 65535)	/* 0 - 1 wraps too */
			continue;
		out[n] = *hit;
		if (src)
			out[n].sport = at[i];
		else
			out[n].dport = at[i];
		snprintf(out[n].why, sizeof(out[n].why), "%s r%d %s %u",
			 i < 2 ? "edge" : "near", ru->index, key_name(k),
			 at[i]);
		n++;
	}
	return n;
}
