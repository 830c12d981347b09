// SPDX-License-Identifier: GPL-2.0
/*
 * Capability checks: does one normalized flow fit a backend?
 *
 * Every refusal names the exact key, action or limit, and the backend, so
 * an admin reading "nft-offload explain" or devlink health knows what to
 * change. Pure code: also built for userspace (tests/unit).
 */
#include <linux/kernel.h>
#include <net/flow_offload.h>

#include "nfto.h"

/* The generic reason, then the driver's own words for it if it has any. */
static __printf(5, 6)
void nfto_caps_reason(char *reason, size_t len, const struct nfto_caps *caps,
		      enum nfto_caps_refusal what, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vscnprintf(reason, len, fmt, args);
	va_end(args);
	if (caps->msgs && caps->msgs[what])
		scnprintf(reason + n, len - n, " (%s)", caps->msgs[what]);
}

int nfto_flow_check_caps(const struct nfto_flow *flow,
			 const struct nfto_backend_ops *ops,
			 char *reason, size_t len)
{
	const struct nfto_caps *caps = ops->caps;
	u64 bad_keys = flow->used_keys & ~caps->keys;
	unsigned int i;

	if (flow->type == NFTO_FLOW_FT && !(caps->flags & NFTO_CAP_FLOWTABLE)) {
		nfto_caps_reason(reason, len, caps, NFTO_REFUSE_FLOWTABLE,
				 "backend %s has no flowtable offload",
				 ops->name);
		return -EOPNOTSUPP;
	}
	if (bad_keys) {
		nfto_caps_reason(reason, len, caps, NFTO_REFUSE_KEY,
				 "backend %s cannot match on '%s'", ops->name,
				 nfto_key_name(__ffs64(bad_keys)));
		return -EOPNOTSUPP;
	}
	if (caps->prio_max && flow->prio > caps->prio_max) {
		nfto_caps_reason(reason, len, caps, NFTO_REFUSE_PRIO,
				 "priority %u is above backend %s's maximum %u",
				 flow->prio, ops->name, caps->prio_max);
		return -ERANGE;
	}
	if (flow->chain_index > caps->chain_max) {
		nfto_caps_reason(reason, len, caps, NFTO_REFUSE_CHAIN,
				 "chain %u is above backend %s's maximum %u",
				 flow->chain_index, ops->name, caps->chain_max);
		return -ERANGE;
	}
	if (flow->num_actions > caps->max_actions) {
		nfto_caps_reason(reason, len, caps, NFTO_REFUSE_ACTIONS,
				 "%u actions, backend %s takes at most %u",
				 flow->num_actions, ops->name, caps->max_actions);
		return -E2BIG;
	}
	for (i = 0; i < flow->num_actions; i++) {
		const struct nfto_action *a = &flow->actions[i];

		if (!(caps->actions & BIT_ULL(a->id))) {
			nfto_caps_reason(reason, len, caps, NFTO_REFUSE_ACTION,
					 "backend %s cannot do action '%s'",
					 ops->name, nfto_action_name(a->id));
			return -EOPNOTSUPP;
		}
		if (a->id == FLOW_ACTION_GOTO &&
		    !(caps->flags & NFTO_CAP_GOTO_ANY) &&
		    a->chain_index <= flow->chain_index) {
			nfto_caps_reason(reason, len, caps, NFTO_REFUSE_GOTO_BACK,
					 "goto chain %u from chain %u: backend %s only jumps forward",
					 a->chain_index, flow->chain_index,
					 ops->name);
			return -EOPNOTSUPP;
		}
		if (a->id == FLOW_ACTION_GOTO && a->chain_index > caps->chain_max) {
			nfto_caps_reason(reason, len, caps, NFTO_REFUSE_GOTO_CHAIN,
					 "goto chain %u is above backend %s's maximum %u",
					 a->chain_index, ops->name,
					 caps->chain_max);
			return -ERANGE;
		}
	}
	return 0;
}
EXPORT_SYMBOL_GPL(nfto_flow_check_caps);
