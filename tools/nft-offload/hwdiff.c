// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libnftnl/rule.h>

#include "hwdiff.h"
#include "render.h"

static const char *str(const char *s)
{
	return s ? s : "";
}

/*
 * ipv6_ext_hdr(): the headers ipv6_find_hdr() looks past, so meta
 * l4proto, and the hardware, never see them as the protocol.
 */
static bool ipv6_ext_hdr(uint8_t nexthdr)
{
	return nexthdr == 0 || nexthdr == 43 || nexthdr == 44 ||
	       nexthdr == 51 || nexthdr == 59 || nexthdr == 60;
}

/* "KEY NAME", or "KEY & 0xMASK == 0xVALUE" under a partial mask. */
static void hwdiff_value(const struct xl_diff *d, const char *key,
			 char *buf, size_t len)
{
	bool ether = d->kind == XL_DIFF_ETHER_TYPE;
	uint16_t full = ether ? 0xffff : 0xff;
	char name[16];

	if (d->mask != full) {
		snprintf(buf, len, ether ? "%s & 0x%04x == 0x%04x" :
			 "%s & 0x%02x == 0x%02x", key, d->mask, d->value);
		return;
	}
	if (ether)
		render_ethertype(d->value, name, sizeof(name));
	else
		render_l4proto((uint8_t)d->value, name, sizeof(name));
	snprintf(buf, len, "%s %s", key, name);
}

static void hwdiff_nexthdr(const struct xl_diff *d, struct hwdiff *out)
{
	char l4proto[64];

	hwdiff_value(d, "ip6 nexthdr", out->match, sizeof(out->match));
	snprintf(out->reason, sizeof(out->reason),
		 "software compares the next header field of the IPv6 header, the hardware the protocol after the extension headers (the driver gets both as flow dissector key basic.ip_proto, like meta l4proto): IPv6 packets with extension headers, such as fragments, match in one and not in the other");
	if (d->mask == 0xff && ipv6_ext_hdr((uint8_t)d->value)) {
		snprintf(out->fix, sizeof(out->fix),
			 "no offloaded match takes IPv6 packets by extension header %u (the hardware, like meta l4proto, looks past it): match it in a chain without \"flags offload\"",
			 d->value);
		return;
	}
	hwdiff_value(d, "meta l4proto", l4proto, sizeof(l4proto));
	snprintf(out->fix, sizeof(out->fix),
		 "write \"%s\" instead: software then also matches the protocol after the extension headers",
		 l4proto);
}

static void hwdiff_ether_type(const struct xl_diff *d, struct hwdiff *out)
{
	char proto[64], l3[16];

	hwdiff_value(d, "ether type", out->match, sizeof(out->match));
	hwdiff_value(d, "meta protocol", proto, sizeof(proto));
	snprintf(out->reason, sizeof(out->reason),
		 "software reads the ethertype field of the frame, which is the VLAN TPID (8021q, 8021ad) in a tagged frame, the hardware the protocol after the VLAN tag (the driver gets both as flow dissector key basic.n_proto, like meta protocol): a frame with one VLAN tag matches in hardware when the protocol after the tag does, never in software");
	if (!d->dep) {
		snprintf(out->fix, sizeof(out->fix),
			 "write \"%s\" instead: software then also reads the protocol after the VLAN tag",
			 proto);
		return;
	}
	/* after ether type, only ip and ip6 have network header matches */
	render_ethertype(d->value, l3, sizeof(l3));
	snprintf(out->match + strlen(out->match),
		 sizeof(out->match) - strlen(out->match),
		 " (nft's dependency of an %s match after an ether match)", l3);
	snprintf(out->fix, sizeof(out->fix),
		 "write the %s matches before the ether ones, or begin the rule with \"%s\": nft then depends on meta protocol, which software also reads after the VLAN tag",
		 l3, proto);
}

void hwdiff_explain(const struct xl_diff *d, struct hwdiff *out)
{
	switch (d->kind) {
	case XL_DIFF_IP6_NEXTHDR:
		hwdiff_nexthdr(d, out);
		return;
	case XL_DIFF_ETHER_TYPE:
		hwdiff_ether_type(d, out);
		return;
	case XL_DIFF_NONE:
		break;
	}
	snprintf(out->match, sizeof(out->match), "?");
	out->reason[0] = '\0';
	out->fix[0] = '\0';
}

int hwdiff_add(struct hwdiffs *w, struct nftnl_rule *r, int32_t prio,
	       const char *does, const struct xl_diffs *diffs)
{
	struct hwdiff *v, *h;
	unsigned int i;

	if (!diffs->n)
		return 0;
	v = realloc(w->v, (w->n + diffs->n) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	w->v = v;
	for (i = 0; i < diffs->n; i++) {
		h = &w->v[w->n++];
		memset(h, 0, sizeof(*h));
		snprintf(h->family, sizeof(h->family), "%s",
			 nft_family_name(nftnl_rule_get_u32(r, NFTNL_RULE_FAMILY)));
		snprintf(h->table, sizeof(h->table), "%s",
			 str(nftnl_rule_get_str(r, NFTNL_RULE_TABLE)));
		snprintf(h->chain, sizeof(h->chain), "%s",
			 str(nftnl_rule_get_str(r, NFTNL_RULE_CHAIN)));
		h->prio = prio;
		h->handle = nftnl_rule_get_u64(r, NFTNL_RULE_HANDLE);
		snprintf(h->does, sizeof(h->does), "%s", does);
		hwdiff_explain(&diffs->v[i], h);
	}
	return 0;
}

void hwdiff_free(struct hwdiffs *w)
{
	free(w->v);
	w->v = NULL;
	w->n = 0;
}

void hwdiff_name(const struct hwdiff *h, char *buf, size_t len)
{
	snprintf(buf, len, "%s %s %s handle %llu", h->family, h->table,
		 h->chain, (unsigned long long)h->handle);
}
