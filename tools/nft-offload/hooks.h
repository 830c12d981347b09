/* SPDX-License-Identifier: GPL-2.0 */
/*
 * check's warnings: the software hooks that packets the hardware handles
 * skip (skip.h), found in the caller's ruleset and tc state (filters of
 * every port's clsact/ingress qdisc, root qdiscs, dumped over rtnetlink);
 * and, found by check itself, offloaded rules that match differently in
 * hardware than in software (hwdiff.h).
 */
#ifndef NFTO_HOOKS_H
#define NFTO_HOOKS_H

#include "genl_client.h"
#include "hwdiff.h"
#include "json.h"
#include "ruleset.h"
#include "skip.h"

/*
 * Reads tc state and finds the skipped hooks on the ports of @devs in
 * the caller's netns, over @rtnl (an rtnetlink socket opened there; NULL:
 * open one now). 0, or -errno with the error printed.
 */
int hooks_find(struct nl *rtnl, const struct ruleset *rs,
	       const nfto_devs_t *devs, struct skip_hooks *out);

/*
 * WARNING lines on stdout, two indented lines of why (and, for @d, what
 * to do) under each: @d's first.
 */
void hooks_print(const struct skip_hooks *h, const struct hwdiffs *d);

/* The "warnings" array: @d's first. */
void hooks_json(struct json *j, const struct skip_hooks *h,
		const struct hwdiffs *d);

#endif /* NFTO_HOOKS_H */
