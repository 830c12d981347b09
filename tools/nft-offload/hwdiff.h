/* SPDX-License-Identifier: GPL-2.0 */
/*
 * check's warnings about offloaded rules that match differently in
 * hardware than in software (translate.h, enum xl_diff_kind): which
 * packets differ, and what to write instead. The differences are the
 * ones the kernel defines (Documentation/admin-guide.rst, "Hardware
 * equals software"): no hardware can avoid them, a rule can.
 *
 * Pure code: unit-tested in tests/.
 */
#ifndef NFTO_HWDIFF_H
#define NFTO_HWDIFF_H

#include <stddef.h>
#include <stdint.h>

#include "translate.h"

struct nftnl_rule;

struct hwdiff {
	char		family[8];
	char		table[64];
	char		chain[64];
	int32_t		prio;		/* the chain's */
	uint64_t	handle;		/* the rule's */
	char		does[512];	/* the rule, rendered */
	char		match[128];	/* "ip6 nexthdr udp" */
	char		reason[448];	/* which packets match differently */
	char		fix[320];	/* what to write instead */
};

struct hwdiffs {
	struct hwdiff	*v;
	size_t		n;
};

/* Fills @out's match, reason and fix for @d. */
void hwdiff_explain(const struct xl_diff *d, struct hwdiff *out);

/*
 * Appends a warning for each of @diffs, found in rule @r of a chain of
 * priority @prio; @does is the rule rendered. 0 or -ENOMEM.
 */
int hwdiff_add(struct hwdiffs *w, struct nftnl_rule *r, int32_t prio,
	       const char *does, const struct xl_diffs *diffs);
void hwdiff_free(struct hwdiffs *w);

/* "netdev t c handle 4" */
void hwdiff_name(const struct hwdiff *h, char *buf, size_t len);

#endif /* NFTO_HWDIFF_H */
