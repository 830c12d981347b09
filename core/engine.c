// SPDX-License-Identifier: GPL-2.0
/*
 * The offload engine: what the core does with every flow, for every backend.
 *
 * replace: translate, resolve ports, check capabilities and the vendor's own
 *	    rules, check room and fault knobs, then let the backend program it
 *	    and only then make it visible in the table;
 * destroy: the reverse; stats: deltas of the hardware counters;
 * switch:  migrate every entry to another backend, all or nothing.
 *
 * Every refusal goes through nfto_hw_fail(): it sets the extack and hands a
 * record to the core (devlink health, debugfs, the tool). All entry points
 * take hw->lock. Pure code: also built for userspace (tests/unit).
 */
#include <linux/error-injection.h>
#include <linux/kernel.h>
#include <linux/netlink.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "nfto.h"

static const char * const nfto_fail_kind_names[] = {
	[NFTO_FAIL_MODEL]	= "model",
	[NFTO_FAIL_CAPS]	= "capability",
	[NFTO_FAIL_TABLE_FULL]	= "table_full",
	[NFTO_FAIL_INJECTED]	= "injected",
	[NFTO_FAIL_BACKEND]	= "backend",
	[NFTO_FAIL_DEVICE]	= "device",
	[NFTO_FAIL_SWITCH]	= "switch",
	[NFTO_FAIL_NOTICE]	= "notice",
};

const char *nfto_fail_kind_name(unsigned int kind)
{
	return kind < __NFTO_FAIL_MAX ? nfto_fail_kind_names[kind] : "unknown";
}
EXPORT_SYMBOL_GPL(nfto_fail_kind_name);

void nfto_extack_set(struct netlink_ext_ack *extack, const char *reason)
{
	if (!extack)
		return;
#ifdef NL_SET_ERR_MSG_FMT
	/* 6.12 keeps 79 characters and logs "truncated extack" beyond. */
	NL_SET_ERR_MSG_FMT(extack, "%.*s", NETLINK_MAX_FMTMSG_LEN - 1, reason);
#else
	/* No formatted extack before 6.2: point users at the full reason. */
	NL_SET_ERR_MSG(extack,
		       "nft_offload refused the offload; reason: devlink health dump show ... reporter offload");
#endif
}
EXPORT_SYMBOL_GPL(nfto_extack_set);

void nfto_hw_fail(struct nfto_hw *hw, const struct nfto_req *req,
		  const struct nfto_flow *flow, u8 kind, int err,
		  const char *reason)
{
	struct nfto_failure f;

	memset(&f, 0, sizeof(f));
	f.kind = kind;
	f.err = err;
	f.seq = atomic64_inc_return(&hw->fail_seq);
	strscpy(f.reason, reason, sizeof(f.reason));
	if (req) {
		f.cookie = req->cookie;
		strscpy(f.where, req->where ? req->where : hw->name,
			sizeof(f.where));
		nfto_extack_set(req->extack, reason);
	} else {
		strscpy(f.where, hw->name, sizeof(f.where));
	}
	if (flow) {
		f.has_flow = true;
		f.type = flow->type;
		f.prio = flow->prio;
		f.chain_index = flow->chain_index;
		if (flow->type == NFTO_FLOW_FT)
			nfto_flow_tuple_str(flow, f.tuple, sizeof(f.tuple));
	}
	if (hw->report)
		hw->report(hw, &f);
}
EXPORT_SYMBOL_GPL(nfto_hw_fail);

/* Copies a backend's extack message into @reason (or a generic one). */
static void nfto_backend_reason(const struct nfto_backend_ops *ops,
				const struct netlink_ext_ack *ext,
				const char *what, int err,
				char *reason, size_t len)
{
	if (ext->_msg)
		snprintf(reason, len, "%s", ext->_msg);
	else
		snprintf(reason, len, "backend %s failed to %s the flow (%d)",
			 ops->name, what, err);
}

/*
 * An entry holding @flow, bound on @port through @owner (see
 * nfto_entry_create()). With @cnt, the new entry shares (and takes over)
 * those counters. noinline and whitelisted for fail_function, like the
 * backend calls below: tests/selftests/faults.sh makes them fail.
 */
static noinline struct nfto_entry *nfto_entry_alloc(struct nfto_hw *hw,
						    const struct nfto_backend_ops *ops,
						    const struct nfto_flow *flow,
						    const void *owner, u16 port,
						    struct nfto_counters *cnt)
{
	struct nfto_entry *e;

	lockdep_assert_held(&hw->lock);
	e = nfto_entry_create(&hw->table, flow, owner, port,
			      ops->flow_priv_size);
	if (!e)
		return NULL;
	if (cnt) {
		e->cnt = cnt;
		return e;
	}
	e->cnt = nfto_counters_alloc();
	if (!e->cnt) {
		nfto_entry_discard(&hw->table, e);
		return NULL;
	}
	e->owns_cnt = true;
	return e;
}
ALLOW_ERROR_INJECTION(nfto_entry_alloc, NULL);

/* @to takes @from's counters (and their stats baseline) over. */
static void nfto_entry_take_counters(struct nfto_entry *to,
				     struct nfto_entry *from)
{
	if (to->owns_cnt)
		nfto_counters_free(to->cnt);
	to->cnt = from->cnt;
	to->owns_cnt = true;
	from->owns_cnt = false;
}

/* Fault knobs for one add; called under hw->lock. */
static bool nfto_fault_add(struct nfto_hw *hw, char *reason, size_t len)
{
	struct nfto_faults *f = &hw->faults;
	u32 nth;

	if (READ_ONCE(f->fail_add)) {
		snprintf(reason, len, "injected failure: fail_add is set on %s",
			 hw->name);
		return true;
	}
	/* debugfs writes fail_nth without hw->lock */
	nth = READ_ONCE(f->fail_nth);
	if (nth)
		WRITE_ONCE(f->fail_nth, nth - 1);
	if (nth == 1) {
		snprintf(reason, len, "injected failure: fail_nth on %s",
			 hw->name);
		return true;
	}
	return false;
}

/* Resolves redirect targets to ports of this switch. */
static int nfto_resolve_ports(struct nfto_hw *hw, struct nfto_flow *flow,
			      char *reason, size_t len)
{
	unsigned int i;

	for (i = 0; i < flow->num_actions; i++) {
		struct nfto_action *a = &flow->actions[i];
		int port;

		switch (a->id) {
		case FLOW_ACTION_REDIRECT:
		case FLOW_ACTION_MIRRED:
		case FLOW_ACTION_REDIRECT_INGRESS:
		case FLOW_ACTION_MIRRED_INGRESS:
			port = hw->port_of ? hw->port_of(hw, a->dev.ifindex) : -1;
			if (port < 0) {
				snprintf(reason, len,
					 "%s to ifindex %d: not a port of switch %s",
					 nfto_action_name(a->id),
					 a->dev.ifindex, hw->name);
				return -EOPNOTSUPP;
			}
			a->dev.port = port;
			break;
		default:
			break;
		}
	}
	return 0;
}

/**
 * nfto_backend_flow_check - would backend @ops take @flow?
 * @ops: the backend
 * @flow: a parsed flow, its ports resolved
 * @reason: set to a human reason on refusal
 * @len: size of @reason
 *
 * The capabilities, then the vendor's own rules: what every add and every
 * migration asks before the backend programs anything. Changes nothing.
 *
 * Return: 0, or the refusal's negative errno with @reason set.
 */
int nfto_backend_flow_check(const struct nfto_backend_ops *ops,
			    const struct nfto_flow *flow, char *reason,
			    size_t len)
{
	struct netlink_ext_ack ext = {};
	int err;

	err = nfto_flow_check_caps(flow, ops, reason, len);
	if (err || !ops->flow_check)
		return err;
	err = ops->flow_check(flow, &ext);
	if (err)
		nfto_backend_reason(ops, &ext, "accept", err, reason, len);
	return err;
}
EXPORT_SYMBOL_GPL(nfto_backend_flow_check);

/* @flow is the flow @e was created from. */
static noinline int nfto_backend_add(struct nfto_hw *hw,
				     const struct nfto_backend_ops *ops, void *dev_priv,
				     struct nfto_entry *e, const struct nfto_flow *flow,
				     char *reason, size_t len)
{
	struct netlink_ext_ack ext = {};
	int err;

	if (!ops->flow_add)
		return 0;
	err = ops->flow_add(hw, dev_priv, flow, nfto_entry_priv(e), &ext);
	if (err)
		nfto_backend_reason(ops, &ext, "add", err, reason, len);
	return err;
}
ALLOW_ERROR_INJECTION(nfto_backend_add, ERRNO);

/*
 * The backend gets the flow it added, rebuilt in hw->scratch (704 B: too
 * much for the stack of KASAN kernels): a caller must not need what the
 * scratch flow held before.
 */
static noinline int nfto_backend_del(struct nfto_hw *hw,
				     const struct nfto_backend_ops *ops, void *dev_priv,
				     struct nfto_entry *e, char *reason, size_t len)
{
	struct netlink_ext_ack ext = {};
	int err;

	lockdep_assert_held(&hw->lock);
	if (!ops->flow_del)
		return 0;
	nfto_entry_flow(e, hw->scratch);
	err = ops->flow_del(hw, dev_priv, hw->scratch, nfto_entry_priv(e),
			    &ext);
	if (err)
		nfto_backend_reason(ops, &ext, "delete", err, reason, len);
	return err;
}
ALLOW_ERROR_INJECTION(nfto_backend_del, ERRNO);

int nfto_hw_init(struct nfto_hw *hw, const char *name,
		 const struct nfto_backend_ops *ops, u32 table_size,
		 struct netlink_ext_ack *extack)
{
	int err;

	strscpy(hw->name, name, sizeof(hw->name));
	mutex_init(&hw->lock);
	spin_lock_init(&hw->stats_lock);
	err = nfto_table_init(&hw->table, table_size);
	if (err)
		goto err_put;
	hw->scratch = kmalloc(sizeof(*hw->scratch), GFP_KERNEL);
	if (!hw->scratch) {
		err = -ENOMEM;
		goto err_table;
	}

	hw->backend_priv = kzalloc(ops->dev_priv_size ?: 1, GFP_KERNEL);
	if (!hw->backend_priv) {
		err = -ENOMEM;
		goto err_scratch;
	}
	if (ops->dev_init) {
		err = ops->dev_init(hw, hw->backend_priv, extack);
		if (err)
			goto err_priv;
	}
	hw->backend = ops;
	return 0;

err_priv:
	kfree(hw->backend_priv);
	hw->backend_priv = NULL;
err_scratch:
	kfree(hw->scratch);
	hw->scratch = NULL;
err_table:
	nfto_table_destroy(&hw->table);
err_put:
	mutex_destroy(&hw->lock);
	nfto_backend_put(ops);
	return err;
}
EXPORT_SYMBOL_GPL(nfto_hw_init);

/* Removes every entry, whatever the backend says: used on teardown. */
static void nfto_hw_flush(struct nfto_hw *hw, const void *owner)
{
	const struct nfto_backend_ops *ops = hw->backend;
	struct nfto_entry *e, *tmp;
	char reason[NFTO_REASON_MAX];

	lockdep_assert_held(&hw->lock);
	list_for_each_entry_safe(e, tmp, &hw->table.all, all) {
		if (owner && e->hkey.owner != owner)
			continue;
		if (nfto_backend_del(hw, ops, hw->backend_priv, e, reason,
				     sizeof(reason)))
			pr_warn("%s: %s; dropped from the table anyway\n",
				hw->name, reason);
		nfto_table_remove(&hw->table, e);
		nfto_entry_free(&hw->table, e);
	}
}

void nfto_hw_fini(struct nfto_hw *hw)
{
	const struct nfto_backend_ops *ops = hw->backend;

	mutex_lock(&hw->lock);
	nfto_hw_flush(hw, NULL);
	if (ops->dev_fini)
		ops->dev_fini(hw, hw->backend_priv);
	mutex_unlock(&hw->lock);

	kfree(hw->backend_priv);
	hw->backend_priv = NULL;
	hw->backend = NULL;
	kfree(hw->scratch);
	hw->scratch = NULL;
	nfto_table_destroy(&hw->table);
	mutex_destroy(&hw->lock);
	nfto_backend_put(ops);
}
EXPORT_SYMBOL_GPL(nfto_hw_fini);

/* A block is being unbound: nothing it installed may stay behind. */
void nfto_hw_flush_owner(struct nfto_hw *hw, const void *owner)
{
	mutex_lock(&hw->lock);
	nfto_hw_flush(hw, owner);
	mutex_unlock(&hw->lock);
}
EXPORT_SYMBOL_GPL(nfto_hw_flush_owner);

/*
 * A port binds a block (under hw->lock). A flowtable is refused right at
 * the bind when the backend has no flowtable offload, as real drivers
 * without TC_SETUP_FT do: nft then fails the whole flowtable, and the
 * record names the port that refused.
 */
int nfto_hw_bind(struct nfto_hw *hw, const struct nfto_req *req, u8 type)
{
	const struct nfto_backend_ops *ops = hw->backend;
	char reason[NFTO_REASON_MAX];

	lockdep_assert_held(&hw->lock);
	if (type != NFTO_FLOW_FT)
		return 0;
	if (!(ops->caps->flags & NFTO_CAP_FLOWTABLE)) {
		snprintf(reason, sizeof(reason),
			 "backend %s has no flowtable offload", ops->name);
		nfto_hw_fail(hw, req, NULL, NFTO_FAIL_CAPS, -EOPNOTSUPP,
			     reason);
		return -EOPNOTSUPP;
	}
	hw->ft_binds++;
	return 0;
}
EXPORT_SYMBOL_GPL(nfto_hw_bind);

void nfto_hw_unbind(struct nfto_hw *hw, u8 type)
{
	lockdep_assert_held(&hw->lock);
	if (type == NFTO_FLOW_FT && !WARN_ON(!hw->ft_binds))
		hw->ft_binds--;
}
EXPORT_SYMBOL_GPL(nfto_hw_unbind);

int nfto_hw_flow_replace(struct nfto_hw *hw, const struct nfto_req *req,
			 u8 type, u32 prio, u32 chain_index,
			 const struct flow_rule *rule)
{
	const struct nfto_backend_ops *ops;
	char reason[NFTO_REASON_MAX];
	struct nfto_entry *e, *old;
	u8 kind = NFTO_FAIL_MODEL;
	struct nfto_flow *flow;
	int err;

	mutex_lock(&hw->lock);
	ops = hw->backend;
	/* Built in full here, stored compactly by nfto_entry_alloc(). */
	flow = hw->scratch;
	memset(flow, 0, sizeof(*flow));
	flow->cookie = req->cookie;
	flow->type = type;
	flow->frontend = req->tc_protocol ? NFTO_FRONTEND_TC :
					    NFTO_FRONTEND_NFT;
	flow->prio = prio;
	flow->chain_index = chain_index;
	flow->port_ifindex = req->ifindex;
	err = nfto_flow_parse(flow, rule, reason, sizeof(reason));
	if (err)
		goto err_fail;
	if (req->tc_protocol)
		nfto_flow_tc_semantics(flow, req->tc_protocol);
	else if (req->nft)
		nfto_flow_nft_semantics(flow);

	kind = NFTO_FAIL_CAPS;
	err = nfto_resolve_ports(hw, flow, reason, sizeof(reason));
	if (err)
		goto err_fail;
	err = nfto_backend_flow_check(ops, flow, reason, sizeof(reason));
	if (err)
		goto err_fail;

	old = nfto_table_lookup(&hw->table, req->cookie, req->owner);
	if (!old && hw->table.count >= hw->table.size) {
		kind = NFTO_FAIL_TABLE_FULL;
		err = -ENOSPC;
		snprintf(reason, sizeof(reason),
			 "flow_table of %s is full (%u of %u entries)",
			 hw->name, hw->table.count, hw->table.size);
		goto err_fail;
	}
	if (nfto_fault_add(hw, reason, sizeof(reason))) {
		kind = NFTO_FAIL_INJECTED;
		err = -EIO;
		goto err_fail;
	}

	e = nfto_entry_alloc(hw, ops, flow, req->owner, req->port, NULL);
	if (!e) {
		err = -ENOMEM;
		goto out_unlock;
	}

	kind = NFTO_FAIL_BACKEND;
	err = nfto_backend_add(hw, ops, hw->backend_priv, e, flow, reason,
			       sizeof(reason));
	if (err) {
		nfto_entry_discard(&hw->table, e);
		goto err_fail;
	}

	/*
	 * A replace of a known cookie (nf_flow_table refreshes a flow this
	 * way): the new one is in the backend, now retire the old one.
	 */
	if (old) {
		spin_lock_bh(&hw->stats_lock);
		nfto_entry_take_counters(e, old);
		spin_unlock_bh(&hw->stats_lock);
		nfto_table_remove(&hw->table, old);
		if (nfto_backend_del(hw, ops, hw->backend_priv, old, reason,
				     sizeof(reason)))
			pr_warn("%s: %s\n", hw->name, reason);
		nfto_entry_free(&hw->table, old);
	}
	err = nfto_table_insert(&hw->table, e);
	if (WARN_ON_ONCE(err)) {
		nfto_backend_del(hw, ops, hw->backend_priv, e, reason,
				 sizeof(reason));
		nfto_entry_discard(&hw->table, e);
	}
	mutex_unlock(&hw->lock);
	return err;

err_fail:
	nfto_hw_fail(hw, req, flow, kind, err, reason);
out_unlock:
	mutex_unlock(&hw->lock);
	return err;
}
EXPORT_SYMBOL_GPL(nfto_hw_flow_replace);

/**
 * nfto_hw_flow_check - dry run of nfto_hw_flow_replace()'s checks on @hw
 * @hw: the switch
 * @ops: the backend to judge with, or NULL for @hw's own
 * @flow: a flow already through the model's checks; its redirect targets
 *	are resolved to ports of @hw
 * @kind: set to the enum nfto_fail_kind of a refusal
 * @reason: set to the reason a refusal would record
 * @len: size of @reason
 *
 * What decides whether a flow can be offloaded at all, in the same order:
 * ports, then capabilities and the backend's own rules. Not judged: the
 * room in the table (a property of the whole ruleset, and a flow already
 * in hardware takes no new entry) and the fault knobs (they inject
 * failures, they are no verdict). Records and changes nothing. Called
 * with hw->lock held, so the backend that judges is the one the caller
 * names.
 *
 * Return: 0, or the refusal's negative errno.
 */
int nfto_hw_flow_check(struct nfto_hw *hw, const struct nfto_backend_ops *ops,
		       struct nfto_flow *flow, u8 *kind, char *reason,
		       size_t len)
{
	int err;

	lockdep_assert_held(&hw->lock);
	*kind = NFTO_FAIL_CAPS;
	err = nfto_resolve_ports(hw, flow, reason, len);
	if (!err)
		err = nfto_backend_flow_check(ops ?: hw->backend, flow, reason,
					      len);
	return err;
}
EXPORT_SYMBOL_GPL(nfto_hw_flow_check);

int nfto_hw_flow_destroy(struct nfto_hw *hw, const struct nfto_req *req)
{
	const struct nfto_backend_ops *ops;
	char reason[NFTO_REASON_MAX];
	struct nfto_entry *e;
	int err = 0;

	mutex_lock(&hw->lock);
	ops = hw->backend;
	e = nfto_table_lookup(&hw->table, req->cookie, req->owner);
	if (!e) {
		/* Not ours (or its add failed): nothing to undo. */
		err = -ENOENT;
		goto out;
	}
	if (READ_ONCE(hw->faults.fail_del)) {
		err = -EIO;
		snprintf(reason, sizeof(reason),
			 "injected failure: fail_del is set on %s", hw->name);
		nfto_entry_flow(e, hw->scratch);
		nfto_hw_fail(hw, req, hw->scratch, NFTO_FAIL_INJECTED, err,
			     reason);
		goto out;
	}
	err = nfto_backend_del(hw, ops, hw->backend_priv, e, reason,
			       sizeof(reason));
	if (err) {
		/* Still in hardware: keep it, so the table stays the truth. */
		nfto_entry_flow(e, hw->scratch);
		nfto_hw_fail(hw, req, hw->scratch, NFTO_FAIL_BACKEND, err,
			     reason);
		goto out;
	}
	nfto_table_remove(&hw->table, e);
	nfto_entry_free(&hw->table, e);
out:
	mutex_unlock(&hw->lock);
	return err;
}
EXPORT_SYMBOL_GPL(nfto_hw_flow_destroy);

/*
 * The stats path holds no mutex, so hw->scratch is not ours, and 704 B is
 * too much for the stack (of KASAN kernels): these rebuild the flow in an
 * atomic allocation. Only a failure record or a backend's own flow_stats
 * need it; the simulated hardware's counters do not.
 */
static noinline void nfto_stats_fail(struct nfto_hw *hw,
				     const struct nfto_req *req,
				     const struct nfto_entry *e, u8 kind,
				     int err, const char *reason)
{
	struct nfto_flow *flow = kmalloc(sizeof(*flow), GFP_ATOMIC);

	if (flow)
		nfto_entry_flow(e, flow);
	/* Without memory the record just lacks the flow's details. */
	nfto_hw_fail(hw, req, flow, kind, err, reason);
	kfree(flow);
}

static noinline int nfto_backend_stats(struct nfto_hw *hw,
				       const struct nfto_backend_ops *ops,
				       const struct nfto_req *req,
				       struct nfto_entry *e,
				       struct nfto_hw_stats *cur)
{
	struct netlink_ext_ack ext = {};
	char reason[NFTO_REASON_MAX];
	struct nfto_flow *flow;
	int err;

	flow = kmalloc(sizeof(*flow), GFP_ATOMIC);
	if (!flow)
		return -ENOMEM;
	nfto_entry_flow(e, flow);
	err = ops->flow_stats(hw, READ_ONCE(hw->backend_priv), flow,
			      nfto_entry_priv(e), cur, &ext);
	if (err) {
		nfto_backend_reason(ops, &ext, "read stats of", err, reason,
				    sizeof(reason));
		nfto_hw_fail(hw, req, flow, NFTO_FAIL_BACKEND, err, reason);
	}
	kfree(flow);
	return err;
}

/*
 * The counters since the last call, for FLOW_CLS_STATS. Takes no mutex and
 * never sleeps: nf_tables asks from its RCU-protected rule dump. Entries,
 * the backend and its private data are freed only after a grace period.
 */
int nfto_hw_flow_stats(struct nfto_hw *hw, const struct nfto_req *req,
		       struct nfto_hw_stats *delta)
{
	const struct nfto_backend_ops *ops;
	char reason[NFTO_REASON_MAX];
	struct nfto_hw_stats cur = {};
	struct nfto_entry *e;
	int err = 0;

	memset(delta, 0, sizeof(*delta));
	rcu_read_lock();
	e = nfto_table_lookup(&hw->table, req->cookie, req->owner);
	if (!e) {
		err = -ENOENT;
		goto out;
	}
	ops = READ_ONCE(hw->backend);
	if (READ_ONCE(hw->faults.fail_stats)) {
		err = -EIO;
		snprintf(reason, sizeof(reason),
			 "injected failure: fail_stats is set on %s", hw->name);
		nfto_stats_fail(hw, req, e, NFTO_FAIL_INJECTED, err, reason);
		goto out;
	}
	/* Like the real driver: no counters, nothing new to report. */
	if (!(ops->caps->flags & NFTO_CAP_STATS))
		goto out;

	if (ops->flow_stats) {
		err = nfto_backend_stats(hw, ops, req, e, &cur);
		if (err)
			goto out;
	} else {
		cur.packets = atomic64_read(&e->cnt->packets);
		cur.bytes = atomic64_read(&e->cnt->bytes);
		cur.lastused = READ_ONCE(e->cnt->lastused);
	}

	spin_lock_bh(&hw->stats_lock);
	/*
	 * Counters below what was reported belong to a flow the backend got
	 * anew (a refresh or a backend switch re-added it): all are new.
	 */
	if (cur.packets < e->cnt->rep_packets ||
	    cur.bytes < e->cnt->rep_bytes) {
		e->cnt->rep_packets = 0;
		e->cnt->rep_bytes = 0;
	}
	delta->packets = cur.packets - e->cnt->rep_packets;
	delta->bytes = cur.bytes - e->cnt->rep_bytes;
	delta->lastused = cur.lastused;
	e->cnt->rep_packets = cur.packets;
	e->cnt->rep_bytes = cur.bytes;
	spin_unlock_bh(&hw->stats_lock);
out:
	rcu_read_unlock();
	return err;
}
EXPORT_SYMBOL_GPL(nfto_hw_flow_stats);

/**
 * nfto_hw_switch_backend - move every offloaded flow to another backend
 * @hw: the switch
 * @ops: the new backend, pinned; the reference is consumed either way
 * @prepare: optional; the caller's own state for the new backend (devlink's
 *	resource), the last step that may refuse the switch
 * @arg: @prepare's argument
 * @extack: the first reason on failure; on success, the table's new size
 *	when it shrank
 *
 * All or nothing: each entry is checked and added to the new backend first,
 * then @prepare runs; if anything is refused, the new backend's flows are
 * removed again and the old backend keeps everything. Nothing after that
 * point can fail. A table larger than the new backend's maximum shrinks
 * to it when the entries offloaded now fit (else -ENOSPC); the change is
 * recorded as a notice. Every reason to refuse is recorded, one record
 * per refused entry.
 */
int nfto_hw_switch_backend(struct nfto_hw *hw,
			   const struct nfto_backend_ops *ops,
			   nfto_switch_prepare_t prepare, void *arg,
			   struct netlink_ext_ack *extack)
{
	const struct nfto_backend_ops *old_ops;
	struct nfto_entry **moved = NULL;
	char reason[NFTO_REASON_MAX];
	char why[NFTO_REASON_MAX];
	u32 old_size, size;
	struct nfto_entry *e;
	unsigned int n = 0, i;
	void *priv, *old_priv;
	struct nfto_req req = {};
	int err, refused = 0;

	mutex_lock(&hw->lock);
	old_ops = hw->backend;
	if (ops == old_ops) {
		mutex_unlock(&hw->lock);
		nfto_backend_put(ops);
		return 0;
	}
	req.extack = extack;
	req.where = hw->name;

	/* A bound flowtable would be left with a backend that cannot bind it. */
	if (hw->ft_binds && !(ops->caps->flags & NFTO_CAP_FLOWTABLE)) {
		err = -EOPNOTSUPP;
		snprintf(why, sizeof(why),
			 "switch to %s refused: a flowtable is bound and backend %s has no flowtable offload",
			 ops->name, ops->name);
		nfto_hw_fail(hw, &req, NULL, NFTO_FAIL_SWITCH, err, why);
		goto err_unlock;
	}

	/*
	 * The table shrinks to the new backend's maximum, as long as what is
	 * offloaded now fits; it never grows here (devlink resource set and
	 * reload do that).
	 */
	old_size = hw->table.size;
	size = min(old_size, ops->caps->table_size_max);
	if (hw->table.count > size) {
		refused = -ENOSPC;
		snprintf(why, sizeof(why),
			 "switch to %s refused: %u entries are offloaded, backend %s holds at most %u",
			 ops->name, hw->table.count, ops->name, size);
		nfto_hw_fail(hw, &req, NULL, NFTO_FAIL_SWITCH, refused, why);
		req.extack = NULL;	/* it keeps the first reason */
	}

	priv = kzalloc(ops->dev_priv_size ?: 1, GFP_KERNEL);
	if (!priv) {
		err = -ENOMEM;
		goto err_unlock;
	}
	if (hw->table.count) {
		moved = kvcalloc(hw->table.count, sizeof(*moved), GFP_KERNEL);
		if (!moved) {
			err = -ENOMEM;
			goto err_priv;
		}
	}
	if (ops->dev_init) {
		err = ops->dev_init(hw, priv, extack);
		if (err)
			goto err_moved;
	}

	/*
	 * Every entry is checked, so that a refused switch records every
	 * reason, rule by rule; once one is refused, the rest are only
	 * checked, not added.
	 */
	list_for_each_entry(e, &hw->table.all, all) {
		struct nfto_flow *flow = hw->scratch;
		struct nfto_entry *ne = NULL;
		u8 kind = NFTO_FAIL_CAPS;

		nfto_entry_flow(e, flow);
		err = nfto_backend_flow_check(ops, flow, reason,
					      sizeof(reason));
		if (!err && refused)
			continue;
		if (!err && nfto_fault_add(hw, reason, sizeof(reason))) {
			kind = NFTO_FAIL_INJECTED;
			err = -EIO;
		}
		if (!err) {
			/* Shares e's counters; owns them only once committed. */
			ne = nfto_entry_alloc(hw, ops, flow, e->hkey.owner,
					      e->group->port, e->cnt);
			if (!ne) {
				err = -ENOMEM;
				goto err_rollback;
			}
			kind = NFTO_FAIL_BACKEND;
			err = nfto_backend_add(hw, ops, priv, ne, flow, reason,
					       sizeof(reason));
		}
		if (err) {
			req.cookie = e->hkey.cookie;
			snprintf(why, sizeof(why), "switch to %s refused: %s",
				 ops->name, reason);
			nfto_hw_fail(hw, &req, flow, kind, err, why);
			req.extack = NULL;	/* it keeps the first reason */
			if (ne)
				nfto_entry_discard(&hw->table, ne);
			if (!refused)
				refused = err;
			continue;
		}
		moved[n++] = ne;
	}
	req.cookie = 0;
	err = refused;
	if (err)
		goto err_rollback;
	if (prepare) {
		err = prepare(hw, ops, arg, reason, sizeof(reason));
		if (err) {
			snprintf(why, sizeof(why), "switch to %s refused: %s",
				 ops->name, reason);
			nfto_hw_fail(hw, &req, NULL, NFTO_FAIL_SWITCH, err, why);
			goto err_rollback;
		}
	}
	hw->table.size = size;
	if (size < old_size) {
		snprintf(why, sizeof(why),
			 "flow_table size %u is now %u, backend %s's maximum",
			 old_size, size, ops->name);
		nfto_hw_fail(hw, &req, NULL, NFTO_FAIL_NOTICE, 0, why);
	}

	/* Commit: each new entry takes its old one's place in the table. */
	for (i = 0; i < n; i++) {
		e = nfto_table_lookup(&hw->table, moved[i]->hkey.cookie,
				      moved[i]->hkey.owner);
		nfto_table_replace(&hw->table, e, moved[i]);
		moved[i]->owns_cnt = e->owns_cnt;
		e->owns_cnt = false;
		if (nfto_backend_del(hw, old_ops, hw->backend_priv, e, reason,
				     sizeof(reason)))
			pr_warn("%s: %s\n", hw->name, reason);
		nfto_entry_free(&hw->table, e);
	}
	if (old_ops->dev_fini)
		old_ops->dev_fini(hw, hw->backend_priv);
	old_priv = hw->backend_priv;
	WRITE_ONCE(hw->backend_priv, priv);
	WRITE_ONCE(hw->backend, ops);
	mutex_unlock(&hw->lock);

	/* Lockless stats readers may still hold the old backend. */
	synchronize_rcu();
	kvfree(moved);
	kfree(old_priv);
	nfto_backend_put(old_ops);
	return 0;

err_rollback:
	while (n--) {
		nfto_backend_del(hw, ops, priv, moved[n], reason, sizeof(reason));
		nfto_entry_discard(&hw->table, moved[n]); /* owns nothing yet */
	}
	if (ops->dev_fini)
		ops->dev_fini(hw, priv);
err_moved:
	kvfree(moved);
err_priv:
	kfree(priv);
err_unlock:
	mutex_unlock(&hw->lock);
	nfto_backend_put(ops);
	return err;
}
EXPORT_SYMBOL_GPL(nfto_hw_switch_backend);

const char *nfto_hw_name(const struct nfto_hw *hw)
{
	return hw->name;
}
EXPORT_SYMBOL_GPL(nfto_hw_name);
