// SPDX-License-Identifier: GPL-2.0
/*
 * Frames from struct pkt: Ethernet, up to two VLAN tags, IPv4 or IPv6
 * (fragments included), TCP/UDP/ICMP/ICMPv6, a payload and the 12-byte
 * trailer that identifies the frame whatever its headers became.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "conform.h"

static void put16(uint8_t *b, uint16_t v)
{
	b[0] = v >> 8;
	b[1] = v;
}

static void put32(uint8_t *b, uint32_t v)
{
	put16(b, v >> 16);
	put16(b + 2, v);
}

static uint32_t get32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3];
}

static uint32_t csum_add(uint32_t sum, const uint8_t *b, unsigned int len)
{
	unsigned int i;

	for (i = 0; i + 1 < len; i += 2)
		sum += b[i] << 8 | b[i + 1];
	if (len & 1)
		sum += b[len - 1] << 8;
	return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

/* The transport checksum with the pseudo-header of @v6 or IPv4. */
static uint16_t l4_csum(bool v6, const uint8_t *src, const uint8_t *dst,
			uint8_t proto, const uint8_t *l4, unsigned int len)
{
	uint32_t sum = 0;

	sum = csum_add(sum, src, v6 ? 16 : 4);
	sum = csum_add(sum, dst, v6 ? 16 : 4);
	sum += proto + len;
	sum = csum_add(sum, l4, len);
	return csum_fold(sum);
}

/*
 * An IPv6 options header of @len bytes (8 or 16) at @h, followed by
 * header @next: one PadN option fills it. Returns @type, for the header
 * before it to name.
 */
static uint8_t ext_put(uint8_t *h, unsigned int len, uint8_t next,
		       uint8_t type)
{
	memset(h, 0, len);
	h[0] = next;
	h[1] = len / 8 - 1;
	h[2] = 1;		/* PadN */
	h[3] = len - 4;
	return type;
}

/*
 * An IPv6 authentication header of @len bytes (16 or 24) at @h, followed
 * by header @next: a zero ICV, which nothing on the path verifies.
 */
static uint8_t ah_put(uint8_t *h, unsigned int len, uint8_t next)
{
	memset(h, 0, len);
	h[0] = next;
	h[1] = len / 4 - 2;
	put32(h + 4, 0x1000 + len);	/* SPI */
	put32(h + 8, 1);		/* sequence number */
	return 51;
}

void pkt_build(struct pkt *p)
{
	uint8_t *f = p->frame, *l3 = NULL, *l4 = NULL, *tail;
	unsigned int off = 12, l3off = 0, l4off = 0, i, hdr;
	bool v6 = p->l3 == L3_IPV6;
	uint8_t upper;

	memcpy(f, p->dmac, 6);
	memcpy(f + 6, p->smac, 6);
	for (i = 0; i < (unsigned int)p->ntags; i++) {
		put16(f + off, p->tag[i].tpid);
		put16(f + off + 2, p->tag[i].vid | p->tag[i].dei << 12 |
			      p->tag[i].prio << 13);
		off += 4;
	}
	put16(f + off, p->ethertype);
	off += 2;
	for (i = 0; i < (unsigned int)p->nlse; i++) {
		put32(f + off, p->lse[i]);
		off += 4;
	}

	if (p->l3 == L3_IPV4) {
		l3 = f + off;
		l3off = off;
		memset(l3, 0, 20);
		l3[0] = 0x45;
		l3[1] = p->tos;
		put16(l3 + 4, p->ipid);
		l3[8] = p->ttl;
		l3[9] = p->proto;
		memcpy(l3 + 12, p->src, 4);
		memcpy(l3 + 16, p->dst, 4);
		off += 20;
	} else if (v6) {
		l3 = f + off;
		l3off = off;
		memset(l3, 0, 40);
		put32(l3, 6u << 28 | (uint32_t)p->tos << 20 |
		      (p->flowlabel & 0xfffff));
		unsigned int fhlen = p->frag != FRAG_NONE ? 8 : 0;
		unsigned int frag = off + 40 + p->ext_hbh + p->ext_dest;
		unsigned int ah = frag + fhlen;
		uint8_t after = p->proto;

		l3[7] = p->ttl;
		memcpy(l3 + 8, p->src, 16);
		memcpy(l3 + 24, p->dst, 16);
		off += 40;
		/*
		 * Each header names the next: built from the upper end. A
		 * later fragment's fragment header names the first of the
		 * headers that only the first fragment carries.
		 */
		if (p->ext_dest2) {
			if (p->frag != FRAG_LATER)
				ext_put(f + ah + p->ext_ah, p->ext_dest2, after,
					0);
			after = 60;
		}
		if (p->ext_ah) {
			if (p->frag != FRAG_LATER)
				ah_put(f + ah, p->ext_ah, after);
			after = 51;
		}
		if (fhlen) {
			uint8_t *fh = f + frag;

			fh[0] = after;
			fh[1] = 0;
			/* offset in 8-byte units, M flag: more follow */
			put16(fh + 2, p->frag == FRAG_LATER ?
			      (uint16_t)((p->ipid % 180 + 1) << 3) | 1 : 1);
			put32(fh + 4, p->ipid * 2654435761u);
			after = 44;
		}
		if (p->ext_dest)
			after = ext_put(f + off + p->ext_hbh, p->ext_dest,
					after, 60);
		if (p->ext_hbh)
			after = ext_put(f + off, p->ext_hbh, after, 0);
		l3[6] = after;
		off = ah;
		if (p->frag != FRAG_LATER)
			off += p->ext_ah + p->ext_dest2;
	}

	/* A later fragment carries payload only. */
	if (l3 && p->frag != FRAG_LATER) {
		l4 = f + off;
		l4off = off;
		switch (p->l4) {
		case L4_TCP:
			memset(l4, 0, 20);
			put16(l4, p->sport);
			put16(l4 + 2, p->dport);
			put32(l4 + 4, 0x01000000 + p->ipid);
			put32(l4 + 8, p->tcpflags & 0x10 ? 0x02000000 : 0);
			l4[12] = 5 << 4 | ((p->tcpflags >> 8) & 1);
			l4[13] = p->tcpflags & 0xff;
			put16(l4 + 14, 512);
			off += 20;
			break;
		case L4_UDP:
			memset(l4, 0, 8);
			put16(l4, p->sport);
			put16(l4 + 2, p->dport);
			off += 8;
			break;
		case L4_ICMP:
		case L4_ICMP6:
			memset(l4, 0, 8);
			l4[0] = p->icmp_type;
			l4[1] = p->icmp_code;
			put16(l4 + 4, p->ipid);
			put16(l4 + 6, 1);
			off += 8;
			break;
		case L4_NONE:
			l4 = NULL;
			l4off = 0;
			break;
		}
	}

	/* payload, then the trailer; the whole frame stays under 1515 */
	hdr = off;
	if (hdr + p->paylen + TRAILER_LEN > 1514)
		p->paylen = 1514 - TRAILER_LEN - hdr;
	for (i = 0; i < p->paylen; i++)
		f[off + i] = (uint8_t)(i * 7 + p->index);
	off += p->paylen;
	tail = f + off;
	put32(tail, TRAILER_MAGIC);
	put32(tail + 4, p->run);
	put32(tail + 8, p->index);
	off += TRAILER_LEN;
	p->len = off;

	if (p->l3 == L3_IPV4) {
		uint16_t fo = p->df ? 0x4000 : 0;

		if (p->frag == FRAG_FIRST)
			fo |= 0x2000;
		else if (p->frag == FRAG_LATER)
			fo |= (p->ipid % 180 + 1) | (p->ipid & 1 ? 0x2000 : 0);
		put16(l3 + 2, off - l3off);
		put16(l3 + 6, fo);
		put16(l3 + 10, csum_fold(csum_add(0, l3, 20)));
	} else if (v6) {
		put16(l3 + 4, off - l3off - 40);
	}

	if (l4) {
		unsigned int l4len = off - l4off;
		uint8_t *c;

		upper = p->proto;
		switch (p->l4) {
		case L4_TCP:
			c = l4 + 16;
			break;
		case L4_UDP:
			put16(l4 + 4, l4len);
			c = l4 + 6;
			break;
		case L4_ICMP6:
			c = l4 + 2;
			break;
		default:
			c = l4 + 2;
			put16(c, csum_fold(csum_add(0, l4, l4len)));
			return;
		}
		put16(c, l4_csum(v6, p->src, p->dst, upper, l4, l4len));
		if (p->l4 == L4_UDP && !c[0] && !c[1])
			memset(c, 0xff, 2);
	}
}

unsigned int pkt_l2_overhead(const uint8_t *frame, unsigned int len)
{
	uint16_t et;

	if (len < 14)
		return len;
	et = frame[12] << 8 | frame[13];
	return et == 0x8100 || et == 0x88a8 ? 18 : 14;
}

int pkt_vlan_tags(const uint8_t *frame, unsigned int len)
{
	unsigned int off = 12;
	int n = 0;

	while (off + 6 <= len) {
		uint16_t et = frame[off] << 8 | frame[off + 1];

		if (et != 0x8100 && et != 0x88a8)
			break;
		n++;
		off += 4;
	}
	return n;
}

bool frame_id(const uint8_t *frame, unsigned int len, uint32_t *run,
	      uint32_t *index)
{
	const uint8_t *t;

	if (len < 14 + TRAILER_LEN)
		return false;
	t = frame + len - TRAILER_LEN;
	if (get32(t) != TRAILER_MAGIC)
		return false;
	*run = get32(t + 4);
	*index = get32(t + 8);
	return true;
}

void hexdump(const char *prefix, const uint8_t *b, unsigned int len)
{
	unsigned int i;
	char line[80];
	int n = 0;

	for (i = 0; i < len; i++) {
		if (i % 16 == 0)
			n = snprintf(line, sizeof(line), "%04x:", i);
		n += snprintf(line + n, sizeof(line) - n, "%s%02x",
			      i % 2 ? "" : " ", b[i]);
		if (i % 16 == 15 || i == len - 1)
			printf("%s%s\n", prefix, line);
	}
}
