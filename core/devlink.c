// SPDX-License-Identifier: GPL-2.0
/*
 * devlink for the switch devices:
 *  - param flow_offload_backend (string, runtime): switch the backend;
 *  - resource /flow_table: size (applied by "devlink dev reload") and
 *    occupancy;
 *  - health reporter "offload": every refusal and failure;
 *  - dev info: driver nft_offload, the backend and its version.
 */
#include <linux/slab.h>
#include <linux/string.h>
#include <net/devlink.h>

#include "dev.h"

enum nfto_devlink_param_id {
	NFTO_DEVLINK_PARAM_ID_BASE = DEVLINK_PARAM_GENERIC_ID_MAX,
	NFTO_DEVLINK_PARAM_ID_BACKEND,
};

static struct nfto_dev *nfto_devlink_dev(struct devlink *devlink)
{
	return *(struct nfto_dev **)devlink_priv(devlink);
}

static u64 nfto_flow_table_occ_get(void *priv)
{
	struct nfto_dev *nd = priv;

	return READ_ONCE(nd->hw.table.count);
}

/*
 * flow_table: the current size, and the backend's maximum as the
 * resource's, so that devlink itself refuses a larger size at "resource
 * set" time with its own message. Checking at reload time would be too
 * late: devl_resource_size_get() commits the pending size as it reads it.
 * Called with the devlink instance lock held; the maximum changes with the
 * backend, so a switch registers the resource anew (nfto_resources_switch).
 */
static int __nfto_resources_register(struct nfto_dev *nd, u32 size, u32 max)
{
	struct devlink_resource_size_params params;
	int err;

	devlink_resource_size_params_init(&params, 1, max, 1,
					  DEVLINK_RESOURCE_UNIT_ENTRY);
	err = devl_resource_register(nd->devlink, "flow_table", size,
				     NFTO_RESOURCE_FLOW_TABLE,
				     DEVLINK_RESOURCE_ID_PARENT_TOP, &params);
	if (err)
		return err;
	devl_resource_occ_get_register(nd->devlink, NFTO_RESOURCE_FLOW_TABLE,
				       nfto_flow_table_occ_get, nd);
	return 0;
}

static int nfto_resources_register(struct nfto_dev *nd)
{
	u32 size, max;

	mutex_lock(&nd->hw.lock);
	size = nd->hw.table.size;
	max = nd->hw.backend->caps->table_size_max;
	mutex_unlock(&nd->hw.lock);
	return __nfto_resources_register(nd, size, max);
}

/*
 * A backend switch's last fallible step (nfto_switch_prepare_t): the
 * resource with the new backend's maximum, registered before the switch
 * commits so that a failure refuses the switch instead of leaving the
 * device without its resource. devlink has no call to change a resource's
 * maximum or to drop a single resource, so all of them are registered
 * anew; a failure puts the old one back, the same small allocation. A size
 * set for the old backend and still pending is dropped with it.
 * Called with the devlink instance lock and hw->lock held (in that order,
 * as everywhere); registering takes no other lock.
 */
static int nfto_resources_switch(struct nfto_hw *hw,
				 const struct nfto_backend_ops *ops, void *arg,
				 char *reason, size_t len)
{
	struct nfto_dev *nd = arg;
	int err;

	lockdep_assert_held(&hw->lock);
	devl_resources_unregister(nd->devlink);
	/* The switch shrinks the table to the new maximum (engine.c). */
	err = __nfto_resources_register(nd, min(hw->table.size,
						ops->caps->table_size_max),
					ops->caps->table_size_max);
	if (!err)
		return 0;
	snprintf(reason, len,
		 "devlink could not register the flow_table resource (%d)",
		 err);
	if (__nfto_resources_register(nd, hw->table.size,
				      hw->backend->caps->table_size_max))
		dev_err(&nd->dev,
			"flow_table resource lost: devlink resource show cannot show it until the next backend switch\n");
	return err;
}

static int nfto_param_backend_get(struct devlink *devlink, u32 id,
				  struct devlink_param_gset_ctx *ctx)
{
	struct nfto_dev *nd = nfto_devlink_dev(devlink);

	mutex_lock(&nd->hw.lock);
	strscpy(ctx->val.vstr, nd->hw.backend->name, sizeof(ctx->val.vstr));
	mutex_unlock(&nd->hw.lock);
	return 0;
}

/*
 * Runs with the devlink instance lock held (devlink core), and may load the
 * backend's module: that module's init takes only the registry's mutex, so
 * this cannot deadlock. It is the one place a backend is loaded under a lock.
 */
static int __nfto_param_backend_set(struct devlink *devlink,
				    struct devlink_param_gset_ctx *ctx,
				    struct netlink_ext_ack *ext)
{
	struct nfto_dev *nd = nfto_devlink_dev(devlink);
	const struct nfto_backend_ops *ops;
	int err;

	ops = nfto_backend_get(ctx->val.vstr);
	if (!ops) {
		char list[128], reason[NFTO_REASON_MAX];
		struct nfto_req req = { .where = nd->hw.name, .extack = ext };

		nfto_backend_list(list, sizeof(list));
		snprintf(reason, sizeof(reason),
			 "unknown backend '%s'; available: %s", ctx->val.vstr,
			 list[0] ? list : "none loaded");
		mutex_lock(&nd->hw.lock);
		nfto_hw_fail(&nd->hw, &req, NULL, NFTO_FAIL_SWITCH, -ENOENT,
			     reason);
		mutex_unlock(&nd->hw.lock);
		return -ENOENT;
	}
	err = nfto_hw_switch_backend(&nd->hw, ops, nfto_resources_switch, nd,
				     ext);
	if (err)
		return err;
	dev_info(&nd->dev, "backend is now %s\n", ctx->val.vstr);
	return 0;
}

/* Only 6.2+ passes an extack to set(): 6.1 users read the health reporter. */
#ifdef HAVE_PARAM_SET_EXTACK
static int nfto_param_backend_set(struct devlink *devlink, u32 id,
				  struct devlink_param_gset_ctx *ctx,
				  struct netlink_ext_ack *extack)
{
	return __nfto_param_backend_set(devlink, ctx, extack);
}
#else
static int nfto_param_backend_set(struct devlink *devlink, u32 id,
				  struct devlink_param_gset_ctx *ctx)
{
	return __nfto_param_backend_set(devlink, ctx, NULL);
}
#endif

static int nfto_param_backend_validate(struct devlink *devlink, u32 id,
				       union devlink_param_value val,
				       struct netlink_ext_ack *extack)
{
	if (!nfto_backend_name_valid(val.vstr)) {
		NL_SET_ERR_MSG_MOD(extack, "backend names are [a-z0-9_-]");
		return -EINVAL;
	}
	return 0;
}

static const struct devlink_param nfto_devlink_params[] = {
	DEVLINK_PARAM_DRIVER(NFTO_DEVLINK_PARAM_ID_BACKEND,
			     "flow_offload_backend", DEVLINK_PARAM_TYPE_STRING,
			     BIT(DEVLINK_PARAM_CMODE_RUNTIME),
			     nfto_param_backend_get, nfto_param_backend_set,
			     nfto_param_backend_validate),
};

static int nfto_reload_down(struct devlink *devlink, bool netns_change,
			    enum devlink_reload_action action,
			    enum devlink_reload_limit limit,
			    struct netlink_ext_ack *extack)
{
	struct nfto_dev *nd = nfto_devlink_dev(devlink);

	if (netns_change) {
		NL_SET_ERR_MSG_MOD(extack, "reload into another netns is not supported");
		return -EOPNOTSUPP;
	}
	/* The size was checked against the backend's maximum when it was set. */

	/*
	 * Like a real driver re-init: the ports go away, and with them every
	 * binding and offloaded flow and every wire.
	 */
	nfto_ports_destroy(nd);
	return 0;
}

/* The new flow_table size takes effect; the ports come back, empty. */
static int nfto_reload_up(struct devlink *devlink,
			  enum devlink_reload_action action,
			  enum devlink_reload_limit limit, u32 *actions_performed,
			  struct netlink_ext_ack *extack)
{
	struct nfto_dev *nd = nfto_devlink_dev(devlink);
	u64 size;

	*actions_performed = BIT(DEVLINK_RELOAD_ACTION_DRIVER_REINIT);
	if (!devl_resource_size_get(devlink, NFTO_RESOURCE_FLOW_TABLE, &size)) {
		mutex_lock(&nd->hw.lock);
		nd->hw.table.size = size;
		mutex_unlock(&nd->hw.lock);
	}
	return nfto_ports_create(nd);
}

static int nfto_info_get(struct devlink *devlink, struct devlink_info_req *req,
			 struct netlink_ext_ack *extack)
{
	struct nfto_dev *nd = nfto_devlink_dev(devlink);
	char name[NFTO_BACKEND_NAME_MAX], version[32];
	int err;

#ifdef HAVE_DEVLINK_INFO_DRIVER_NAME_PUT
	err = devlink_info_driver_name_put(req, "nft_offload");
	if (err)
		return err;
#endif
	mutex_lock(&nd->hw.lock);
	strscpy(name, nd->hw.backend->name, sizeof(name));
	strscpy(version, nd->hw.backend->version, sizeof(version));
	mutex_unlock(&nd->hw.lock);

	err = devlink_info_version_running_put(req, "fw.backend", name);
	if (err)
		return err;
	return devlink_info_version_running_put(req, "fw.backend.version",
						version);
}

static const struct devlink_ops nfto_devlink_ops = {
	.reload_actions	= BIT(DEVLINK_RELOAD_ACTION_DRIVER_REINIT),
	.reload_down	= nfto_reload_down,
	.reload_up	= nfto_reload_up,
	.info_get	= nfto_info_get,
};

/* ---- health reporter "offload" ---- */

/* Copies the kept failures, oldest first; returns how many. */
unsigned int nfto_dev_failures(struct nfto_dev *nd, struct nfto_failure *out,
			       unsigned int max)
{
	unsigned int n, i;
	u64 first;

	spin_lock_bh(&nd->fail_lock);
	n = min_t(u64, nd->fail_total, NFTO_FAIL_RING);
	n = min(n, max);
	first = nd->fail_total - n;
	for (i = 0; i < n; i++)
		out[i] = nd->fails[(first + i) % NFTO_FAIL_RING];
	spin_unlock_bh(&nd->fail_lock);
	return n;
}

static void nfto_fmsg_failure(struct devlink_fmsg *fmsg,
			      const struct nfto_failure *f)
{
	char buf[24];

	devlink_fmsg_obj_nest_start(fmsg);
	devlink_fmsg_u64_pair_put(fmsg, "seq", f->seq);
	devlink_fmsg_string_pair_put(fmsg, "kind", nfto_fail_kind_name(f->kind));
	devlink_fmsg_string_pair_put(fmsg, "where", f->where);
	if (f->has_flow) {
		devlink_fmsg_string_pair_put(fmsg, "type",
					     f->type == NFTO_FLOW_FT ?
					     "flowtable" : "rule");
		devlink_fmsg_u32_pair_put(fmsg, "prio", f->prio);
		devlink_fmsg_u32_pair_put(fmsg, "chain", f->chain_index);
		if (f->tuple[0])
			devlink_fmsg_string_pair_put(fmsg, "flow", f->tuple);
	}
	if (f->cookie) {
		/* %p hashes: the cookie is a kernel address */
		snprintf(buf, sizeof(buf), "%p", (void *)f->cookie);
		devlink_fmsg_string_pair_put(fmsg, "cookie", buf);
	}
	devlink_fmsg_u32_pair_put(fmsg, "errno", -f->err);
	devlink_fmsg_string_pair_put(fmsg, "reason", f->reason);
	devlink_fmsg_obj_nest_end(fmsg);
}

static int nfto_health_dump(struct devlink_health_reporter *reporter,
			    struct devlink_fmsg *fmsg, void *priv_ctx,
			    struct netlink_ext_ack *extack)
{
	struct nfto_dev *nd = devlink_health_reporter_priv(reporter);
	struct nfto_failure *fails;
	unsigned int n, i;

	fails = kcalloc(NFTO_FAIL_RING, sizeof(*fails), GFP_KERNEL);
	if (!fails)
		return -ENOMEM;
	n = nfto_dev_failures(nd, fails, NFTO_FAIL_RING);
	devlink_fmsg_arr_pair_nest_start(fmsg, "failures");
	for (i = 0; i < n; i++)
		nfto_fmsg_failure(fmsg, &fails[i]);
	devlink_fmsg_arr_pair_nest_end(fmsg);
	kfree(fails);
	return 0;
}

static int nfto_health_diagnose(struct devlink_health_reporter *reporter,
				struct devlink_fmsg *fmsg,
				struct netlink_ext_ack *extack)
{
	struct nfto_dev *nd = devlink_health_reporter_priv(reporter);
	u64 by_kind[__NFTO_FAIL_MAX], total;
	unsigned int k;

	spin_lock_bh(&nd->fail_lock);
	memcpy(by_kind, nd->fail_by_kind, sizeof(by_kind));
	total = nd->fail_total;
	spin_unlock_bh(&nd->fail_lock);

	devlink_fmsg_u64_pair_put(fmsg, "failures", total);
	for (k = 0; k < __NFTO_FAIL_MAX; k++)
		devlink_fmsg_u64_pair_put(fmsg, nfto_fail_kind_name(k),
					  by_kind[k]);
	return nfto_health_dump(reporter, fmsg, NULL, extack);
}

static const struct devlink_health_reporter_ops nfto_health_ops = {
	.name		= "offload",
	.dump		= nfto_health_dump,
	.diagnose	= nfto_health_diagnose,
};

/*
 * devlink_health_report() takes the devlink instance lock, which may be
 * held by our caller (a backend switch runs inside "devlink dev param set"),
 * and it must not run under hw.lock either. Report from a work item.
 */
static void nfto_health_work(struct work_struct *work)
{
	struct nfto_dev *nd = container_of(work, struct nfto_dev, health_work);
	struct nfto_failure f;

	for (;;) {
		spin_lock_bh(&nd->fail_lock);
		if (nd->fail_reported == nd->fail_total) {
			spin_unlock_bh(&nd->fail_lock);
			return;
		}
		/* Failures that fell off the ring are counted, not reported. */
		if (nd->fail_total - nd->fail_reported > NFTO_FAIL_RING)
			nd->fail_reported = nd->fail_total - NFTO_FAIL_RING;
		f = nd->fails[nd->fail_reported % NFTO_FAIL_RING];
		nd->fail_reported++;
		spin_unlock_bh(&nd->fail_lock);

		devlink_health_report(nd->health, f.reason, &f);
	}
}

/* hw->report: called under hw.lock for every refusal or failure. */
void nfto_dev_report(struct nfto_hw *hw, const struct nfto_failure *f)
{
	struct nfto_dev *nd = nfto_hw_to_dev(hw);

	spin_lock_bh(&nd->fail_lock);
	nd->fails[nd->fail_total % NFTO_FAIL_RING] = *f;
	nd->fail_total++;
	if (f->kind < __NFTO_FAIL_MAX)
		nd->fail_by_kind[f->kind]++;
	spin_unlock_bh(&nd->fail_lock);

	dev_info_ratelimited(&nd->dev, "%s: %s (%s)\n", f->where, f->reason,
			     nfto_fail_kind_name(f->kind));
	if (!nd->dying && nd->health)
		schedule_work(&nd->health_work);
}

/* ---- setup ---- */

struct devlink *nfto_devlink_alloc(struct nfto_dev *nd)
{
	struct devlink *devlink;

	devlink = devlink_alloc_ns(&nfto_devlink_ops, sizeof(nd), nd->net,
				   &nd->dev);
	if (!devlink)
		return NULL;
	*(struct nfto_dev **)devlink_priv(devlink) = nd;
	INIT_WORK(&nd->health_work, nfto_health_work);
	return devlink;
}

/* Called with the devlink instance lock held. */
int nfto_devlink_init(struct nfto_dev *nd)
{
	struct devlink *devlink = nd->devlink;
	int err;

	err = nfto_devl_register_early(devlink);
	if (err)
		return err;
	err = nfto_resources_register(nd);
	if (err)
		goto err_unregister;
	err = nfto_devl_params_register(devlink, nfto_devlink_params,
					ARRAY_SIZE(nfto_devlink_params));
	if (err)
		goto err_resources;
	nd->health = nfto_devl_health_reporter_create(devlink, &nfto_health_ops,
						      0, nd);
	if (IS_ERR(nd->health)) {
		err = PTR_ERR(nd->health);
		nd->health = NULL;
		goto err_params;
	}
	nfto_devlink_enable_reload(devlink);
	return 0;

err_params:
	nfto_devl_params_unregister(devlink, nfto_devlink_params,
				    ARRAY_SIZE(nfto_devlink_params));
err_resources:
	devl_resources_unregister(devlink);
err_unregister:
	nfto_devl_unregister_late(devlink);
	return err;
}

/* Called with the devlink instance lock held; mirrors nfto_devlink_init. */
void nfto_devlink_fini(struct nfto_dev *nd)
{
	struct devlink *devlink = nd->devlink;

	nfto_devl_health_reporter_destroy(nd->health);
	nd->health = NULL;
	nfto_devl_params_unregister(devlink, nfto_devlink_params,
				    ARRAY_SIZE(nfto_devlink_params));
	devl_resources_unregister(devlink);
	nfto_devl_unregister_late(devlink);
}
