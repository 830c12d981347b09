/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A compact, nft-like text of a rule read back through libnftnl, for
 * check's output: "ip daddr 10.0.0.2 counter drop". Not a full
 * decompiler: what it does not know it shows by expression name, e.g.
 * "[limit]". Implicit protocol matches nft adds are left out as nft does.
 */
#ifndef NFTO_RENDER_H
#define NFTO_RENDER_H

#include <stddef.h>
#include <stdint.h>

struct nftnl_rule;

/* nft's name of a family: "inet", "netdev"... ("unknown" if none) */
const char *nft_family_name(uint32_t family);

/* nft's name of an ethertype ("ip", "8021q"...), else "0x88cc". */
void render_ethertype(uint16_t type, char *buf, size_t len);
/* nft's name of an IP protocol ("tcp", "icmpv6"...), else its number. */
void render_l4proto(uint8_t proto, char *buf, size_t len);

/* @ifname: ifindex -> name, or NULL (then "ifindex N"). */
void render_rule(struct nftnl_rule *rule, char *buf, size_t len,
		 const char *(*ifname)(int ifindex, void *data), void *data);

#endif /* NFTO_RENDER_H */
