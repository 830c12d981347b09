// SPDX-License-Identifier: GPL-2.0
/*
 * nft-offload check [-f FILE] [--backend NAME] [--table T] [--chain C]:
 * would the live ruleset, or FILE, offload, rule by rule, and why not?
 *
 * Covered: every netdev base chain hooked on nft_offload ports of this
 * netns and every flowtable using such ports, with or without "flags
 * offload": the answer is what would happen with the flag set. Each rule
 * goes through what nf_tables does (translate.c), then, for every port it
 * would be bound on, through the kernel's own checks (NFTO_CMD_FLOW_CHECK:
 * nft_offload's model, ports, the backend's capabilities and its own
 * flow_check rules) with the device's backend or --backend. The tool
 * keeps no copy of those checks: an nft_offload without the command (older
 * than this tool) gets every such verdict refused with that reason.
 *
 * Then the warnings: matches of the offloadable rules that match
 * differently in hardware than in software (translate.c, hwdiff.c), and
 * software hooks on the ports that packets handled by the hardware skip
 * (hooks.c, skip.c), whatever --table/--chain select.
 *
 * With -f FILE the ruleset judged is FILE's, loaded by nft into a private
 * network namespace on stand-ins of the caller's devices (sandbox.c),
 * with "flags offload" taken out (nftfile.c), and read back there. The
 * nft_offload and rtnetlink sockets are opened before, so the ports,
 * their backends, the kernel's dry run and the tc state are the caller's:
 * everything after the read-back is the same code as without -f.
 */
#include <errno.h>
#include <getopt.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <libnftnl/chain.h>
#include <libnftnl/flowtable.h>
#include <libnftnl/rule.h>

#include "common.h"
#include "hooks.h"
#include "hwdiff.h"
#include "nftfile.h"
#include "render.h"
#include "ruleset.h"
#include "sandbox.h"
#include "subcommands.h"
#include "translate.h"
#include "util.h"

static const char usage[] =
	"Usage: nft-offload [--json] check [-f FILE] [--backend NAME] [--table T]\n"
	"                                   [--chain C] [--strict]\n"
	"\n"
	"Tell for every rule of the netdev chains on nft_offload ports, and for\n"
	"every flowtable on them, whether it offloads (with \"flags offload\")\n"
	"and if not, why: nf_tables' own limits, then the device's backend, or\n"
	"NAME's. Then warn about matches of those rules that match differently\n"
	"in hardware than in software (ip6 nexthdr, ether type), and about\n"
	"every software hook (netdev chain without \"flags offload\", tc filter\n"
	"not in hardware, root qdisc) on a port where the hardware forwards:\n"
	"the packets it forwards skip them.\n"
	"Exit status 0 when everything offloads, 1 when not, 2 on errors\n"
	"(FILE that nft cannot load included).\n"
	"  -f, --file FILE     judge the ruleset in FILE (nft syntax) instead of\n"
	"                      the loaded one, before loading it: nft loads it\n"
	"                      into a private network namespace, the caller's\n"
	"                      ruleset and devices are not touched\n"
	"  -b, --backend NAME  judge with this (loaded) backend's capabilities\n"
	"  -t, --table T       only tables named T\n"
	"  -c, --chain C       only chains named C (no flowtables)\n"
	"  -s, --strict        exit status 3 when everything offloads but there\n"
	"                      are warnings\n";

struct check {
	nfto_devs_t		devs;
	nfto_backends_t		backends;
	const char		*backend;	/* --backend */
	const char		*table;
	const char		*chain;
	const char		*file;		/* -f */
	bool			strict;
	struct nl		*nl;		/* the nft_offload family */
	struct ruleset		rs;
	struct hwdiffs		diffs;		/* warnings about rules */
	int			err;		/* collecting them failed */
	struct json		j;
	unsigned int		rules, rules_ok;
	unsigned int		chains, chains_ok;
	unsigned int		fts, fts_ok;
};

/* The result for one object: who refused, why, and the flow. */
struct verdict {
	enum xl_stage		stage;
	char			reason[256];
	const struct nfto_dev	*dev;		/* the switch judged last */
	const char		*backend;
	bool			by_kernel;	/* NFTO_CMD_FLOW_CHECK said so */
	struct nfto_uflow	flow;
};

static bool ifindex_exists(int ifindex, void *data)
{
	char buf[IF_NAMESIZE];

	(void)data;
	return if_indextoname(ifindex, buf) != NULL;
}

static const char *ifindex_name(int ifindex, void *data)
{
	static char buf[IF_NAMESIZE];

	(void)data;
	return if_indextoname(ifindex, buf);
}

/* The device whose port is @ifname in this netns, or NULL. */
static const struct nfto_dev *port_dev(const struct check *c, const char *ifname)
{
	size_t i, k;

	for (i = 0; i < c->devs.n; i++)
		for (k = 0; k < c->devs.v[i].nports; k++) {
			const struct nfto_port *p = &c->devs.v[i].ports[k];

			if (!p->has_netnsid && !strcmp(p->ifname, ifname))
				return &c->devs.v[i];
		}
	return NULL;
}

static bool uses_ports(const struct check *c, const char **devs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (port_dev(c, devs[i]))
			return true;
	return false;
}

/* The switches behind @devs, each once; XL_DEVICE when one is no port. */
static enum xl_stage switches(const struct check *c, const char **devs,
			      size_t n, const struct nfto_dev **sw, size_t *nsw,
			      char *reason, size_t len)
{
	size_t i, k;

	*nsw = 0;
	for (i = 0; i < n; i++) {
		const struct nfto_dev *d = port_dev(c, devs[i]);

		if (!d) {
			snprintf(reason, len,
				 "device %s is not an nft_offload port (this tool judges only those)",
				 devs[i]);
			return XL_DEVICE;
		}
		for (k = 0; k < *nsw; k++)
			if (sw[k] == d)
				break;
		if (k == *nsw)
			sw[(*nsw)++] = d;
	}
	return XL_OK;
}

/* The port @ifname of switch @d in this netns: its ifindex, or 0. */
static int port_ifindex(const struct nfto_dev *d, const char *ifname)
{
	size_t k;

	for (k = 0; k < d->nports; k++)
		if (!d->ports[k].has_netnsid && !strcmp(d->ports[k].ifname, ifname))
			return (int)d->ports[k].ifindex;
	return 0;
}

/* Another port of @d than @ifindex, for a flowtable flow to leave by. */
static int other_port(const struct nfto_dev *d, int ifindex)
{
	size_t k;

	for (k = 0; k < d->nports; k++)
		if (!d->ports[k].has_netnsid &&
		    (int)d->ports[k].ifindex != ifindex)
			return (int)d->ports[k].ifindex;
	return ifindex;
}

static enum xl_stage kind_stage(const char *kind)
{
	if (!strcmp(kind, "model"))
		return XL_MODEL;
	return XL_CAPS;
}

/*
 * One flow on one switch, by the kernel: the checks an offload request
 * goes through before anything is programmed (NFTO_CMD_FLOW_CHECK), with
 * the switch's backend or --backend.
 */
static void judge_one(struct check *c, const struct nfto_dev *d,
		      struct verdict *v)
{
	struct nfto_backend *b;
	struct nfto_verdict kv;
	int err;

	v->dev = d;
	v->backend = c->backend ?: d->backend;
	v->stage = XL_OK;
	b = nfto_find_backend(&c->backends, v->backend);
	if (b && !b->loaded) {
		snprintf(v->reason, sizeof(v->reason),
			 "backend %s is not loaded, its capabilities are unknown (modprobe %s)",
			 v->backend, b->module[0] ? b->module : "nft_offload_<name>");
		v->stage = XL_CAPS;
		return;
	}
	err = nfto_flow_check(c->nl, d->id, c->backend, &v->flow, &kv);
	if (err == -EOPNOTSUPP) {
		snprintf(v->reason, sizeof(v->reason),
			 "this nft_offload has no flow check (NFTO_CMD_FLOW_CHECK): it is older than this tool, load the matching module");
		v->stage = XL_CAPS;
		return;
	}
	if (err) {
		snprintf(v->reason, sizeof(v->reason),
			 "the kernel could not judge it: %.200s",
			 c->nl->extack[0] ? c->nl->extack : strerror(-err));
		v->stage = XL_CAPS;
		return;
	}
	v->by_kernel = true;
	if (!kv.ok) {
		v->stage = kind_stage(kv.kind);
		snprintf(v->reason, sizeof(v->reason), "%s", kv.reason);
	}
}

/* A rule on every port its chain is hooked on: the first refusal wins. */
static void judge_rule(struct check *c, const char **devs, size_t ndevs,
		       struct verdict *v)
{
	size_t i;

	for (i = 0; i < ndevs; i++) {
		const struct nfto_dev *d = port_dev(c, devs[i]);

		if (!d)
			continue;	/* the chain's verdict says so */
		v->flow.port_ifindex = port_ifindex(d, devs[i]);
		judge_one(c, d, v);
		if (v->stage != XL_OK)
			return;
	}
	snprintf(v->reason, sizeof(v->reason), "offloadable");
}

/*
 * A flowtable: on every port, the bind (the flowtable flag) and a routed
 * TCP flow over IPv4 and IPv6 coming in there and leaving by another port
 * of the same switch.
 */
static void judge_flowtable(struct check *c, int32_t prio, const char **devs,
			    size_t ndevs, struct verdict *v)
{
	size_t i;
	int ipv6;

	for (i = 0; i < ndevs; i++) {
		const struct nfto_dev *d = port_dev(c, devs[i]);
		int iif = d ? port_ifindex(d, devs[i]) : 0;

		for (ipv6 = 0; d && ipv6 < 2; ipv6++) {
			xl_flowtable_flow(prio, ipv6, iif, other_port(d, iif),
					  &v->flow);
			judge_one(c, d, v);
			if (v->stage != XL_OK)
				return;
		}
	}
	snprintf(v->reason, sizeof(v->reason), "offloadable");
}

static void json_devices(struct json *j, const char *key, const char **devs,
			 size_t n)
{
	size_t i;

	json_arr_begin(j, key);
	for (i = 0; i < n; i++)
		json_str(j, NULL, devs[i]);
	json_arr_end(j);
}

static void json_switches(struct json *j, const struct nfto_dev **sw, size_t n)
{
	size_t i;

	json_arr_begin(j, "switches");
	for (i = 0; i < n; i++)
		json_str(j, NULL, sw[i]->name);
	json_arr_end(j);
}

static void json_verdict(struct json *j, const struct verdict *v, bool flow)
{
	unsigned int i;

	json_bool(j, "offloadable", v->stage == XL_OK);
	json_str(j, "stage", v->stage == XL_OK ? NULL : xl_stage_name(v->stage));
	json_str(j, "reason", v->stage == XL_OK ? NULL : v->reason);
	if (!flow)
		return;
	json_str(j, "backend", v->backend);
	json_str(j, "device", v->dev ? v->dev->name : NULL);
	json_str(j, "judged_by", v->by_kernel ? "kernel" : "tool");
	if (v->stage == XL_OK || v->stage >= XL_CAPS) {
		json_arr_begin(j, "keys");
		for (i = 0; i < NFTO_K_COUNT; i++)
			if (v->flow.used_keys & NFTO_BIT(i))
				json_str(j, NULL, nfto_key_name(i));
		json_arr_end(j);
		json_arr_begin(j, "actions");
		for (i = 0; i < v->flow.num_actions; i++)
			json_str(j, NULL, nfto_action_name(v->flow.actions[i].id));
		json_arr_end(j);
	} else {
		json_null(j, "keys");
		json_null(j, "actions");
	}
}

static void check_rule(struct check *c, struct nftnl_rule *r, int32_t prio,
		       const char **devs, size_t ndevs, bool chain_ok)
{
	static const struct xl_env env = { .ifindex_exists = ifindex_exists };
	const char *chain = nftnl_rule_get_str(r, NFTNL_RULE_CHAIN);
	const char *table = nftnl_rule_get_str(r, NFTNL_RULE_TABLE);
	uint64_t handle = nftnl_rule_get_u64(r, NFTNL_RULE_HANDLE);
	const char *family = nft_family_name(nftnl_rule_get_u32(r, NFTNL_RULE_FAMILY));
	struct xl_diffs diffs;
	struct verdict v = { 0 };
	char text[512];

	render_rule(r, text, sizeof(text), ifindex_name, NULL);
	v.stage = xl_rule(r, (uint32_t)prio, &env, &v.flow, &diffs, v.reason,
			  sizeof(v.reason));
	if (v.stage == XL_OK)
		judge_rule(c, devs, ndevs, &v);

	c->rules++;
	if (v.stage == XL_OK && chain_ok) {
		c->rules_ok++;
		/* what would be in hardware: does it do what software does? */
		if (hwdiff_add(&c->diffs, r, prio, text, &diffs))
			c->err = -ENOMEM;
	}
	if (json_output) {
		json_obj_begin(&c->j, NULL);
		json_u64(&c->j, "handle", handle);
		json_str(&c->j, "text", text);
		json_verdict(&c->j, &v, true);
		json_obj_end(&c->j);
		return;
	}
	if (v.stage == XL_OK)
		printf("%s %s %s handle %llu: offloadable%s\n    %s\n",
		       family, table, chain, (unsigned long long)handle,
		       chain_ok ? "" : " (but the chain is not)", text);
	else
		printf("%s %s %s handle %llu: not offloadable: %s\n    %s\n",
		       family, table, chain, (unsigned long long)handle, v.reason,
		       text);
}

static void check_chain(struct check *c, struct nftnl_chain *ch)
{
	uint32_t family = nftnl_chain_get_u32(ch, NFTNL_CHAIN_FAMILY);
	const char *table = nftnl_chain_get_str(ch, NFTNL_CHAIN_TABLE);
	const char *name = nftnl_chain_get_str(ch, NFTNL_CHAIN_NAME);
	uint32_t hook = nftnl_chain_get_u32(ch, NFTNL_CHAIN_HOOKNUM);
	int32_t prio = nftnl_chain_get_s32(ch, NFTNL_CHAIN_PRIO);
	uint32_t policy = nftnl_chain_is_set(ch, NFTNL_CHAIN_POLICY) ?
			  nftnl_chain_get_u32(ch, NFTNL_CHAIN_POLICY) : NF_ACCEPT;
	bool flagged = ruleset_chain_offload(ch);
	const struct nfto_dev *sw[RULESET_MAX_DEVS];
	const char *devs[RULESET_MAX_DEVS];
	struct verdict v = { 0 };
	size_t ndevs, nsw = 0, i, k;

	ndevs = ruleset_chain_devices(ch, devs);
	v.stage = xl_chain(family, hook, prio, policy, v.reason, sizeof(v.reason));
	if (v.stage == XL_OK)
		v.stage = switches(c, devs, ndevs, sw, &nsw, v.reason,
				   sizeof(v.reason));
	else
		switches(c, devs, ndevs, sw, &nsw, (char[256]){ 0 }, 256);

	c->chains++;
	if (v.stage == XL_OK)
		c->chains_ok++;
	if (json_output) {
		json_obj_begin(&c->j, NULL);
		json_str(&c->j, "family", nft_family_name(family));
		json_str(&c->j, "table", table);
		json_str(&c->j, "name", name);
		json_str(&c->j, "hook", hook == NF_NETDEV_INGRESS ? "ingress" :
			 hook == NF_NETDEV_EGRESS ? "egress" : "unknown");
		json_i64(&c->j, "priority", prio);
		json_str(&c->j, "policy", policy == NF_ACCEPT ? "accept" : "drop");
		json_bool(&c->j, "flags_offload", flagged);
		json_devices(&c->j, "devices", devs, ndevs);
		json_switches(&c->j, sw, nsw);
		json_verdict(&c->j, &v, false);
		json_arr_begin(&c->j, "rules");
	} else {
		printf("%s %s %s: ", nft_family_name(family), table, name);
		if (v.stage == XL_OK)
			printf("chain offloadable");
		else
			printf("chain not offloadable: %s", v.reason);
		printf(" (hook %s, devices", hook == NF_NETDEV_INGRESS ?
		       "ingress" : "egress");
		for (i = 0; i < ndevs; i++)
			printf(" %s", devs[i]);
		printf(", priority %d, policy %s%s)\n", prio,
		       policy == NF_ACCEPT ? "accept" : "drop",
		       flagged ? ", flags offload" : "");
	}
	for (k = 0; k < c->rs.nrules; k++)
		if (ruleset_rule_of(c->rs.rules[k], ch))
			check_rule(c, c->rs.rules[k], prio, devs, ndevs,
				   v.stage == XL_OK);
	if (json_output) {
		json_arr_end(&c->j);
		json_obj_end(&c->j);
	}
}

static void check_flowtable(struct check *c, struct nftnl_flowtable *ft)
{
	uint32_t family = nftnl_flowtable_get_u32(ft, NFTNL_FLOWTABLE_FAMILY);
	const char *table = nftnl_flowtable_get_str(ft, NFTNL_FLOWTABLE_TABLE);
	const char *name = nftnl_flowtable_get_str(ft, NFTNL_FLOWTABLE_NAME);
	int32_t prio = nftnl_flowtable_get_s32(ft, NFTNL_FLOWTABLE_PRIO);
	bool flagged = nftnl_flowtable_is_set(ft, NFTNL_FLOWTABLE_FLAGS) &&
		       nftnl_flowtable_get_u32(ft, NFTNL_FLOWTABLE_FLAGS) &
		       NFT_FLOWTABLE_HW_OFFLOAD;
	const struct nfto_dev *sw[RULESET_MAX_DEVS];
	const char *devs[RULESET_MAX_DEVS];
	struct verdict v = { 0 };
	size_t ndevs, nsw = 0, i;

	ndevs = ruleset_flowtable_devices(ft, devs);
	v.stage = switches(c, devs, ndevs, sw, &nsw, v.reason, sizeof(v.reason));
	if (v.stage == XL_OK)
		judge_flowtable(c, prio, devs, ndevs, &v);
	c->fts++;
	if (v.stage == XL_OK)
		c->fts_ok++;
	if (json_output) {
		json_obj_begin(&c->j, NULL);
		json_str(&c->j, "family", nft_family_name(family));
		json_str(&c->j, "table", table);
		json_str(&c->j, "name", name);
		json_i64(&c->j, "priority", prio);
		json_bool(&c->j, "flags_offload", flagged);
		json_devices(&c->j, "devices", devs, ndevs);
		json_switches(&c->j, sw, nsw);
		json_verdict(&c->j, &v, false);
		json_str(&c->j, "backend", v.backend);
		json_str(&c->j, "judged_by", v.by_kernel ? "kernel" : "tool");
		json_obj_end(&c->j);
		return;
	}
	printf("%s %s %s: flowtable %s%s (devices", nft_family_name(family), table,
	       name, v.stage == XL_OK ? "offloadable" : "not offloadable: ",
	       v.stage == XL_OK ? "" : v.reason);
	for (i = 0; i < ndevs; i++)
		printf(" %s", devs[i]);
	printf(", priority %d%s)\n", prio, flagged ? ", flags offload" : "");
}

/* A netdev base chain on our ports, within --table/--chain. */
static bool chain_selected(struct check *c, struct nftnl_chain *ch)
{
	const char *devs[RULESET_MAX_DEVS];
	size_t n;

	if (nftnl_chain_get_u32(ch, NFTNL_CHAIN_FAMILY) != NFPROTO_NETDEV ||
	    !nftnl_chain_is_set(ch, NFTNL_CHAIN_HOOKNUM))
		return false;
	if (c->table && strcmp(c->table, nftnl_chain_get_str(ch, NFTNL_CHAIN_TABLE)))
		return false;
	if (c->chain && strcmp(c->chain, nftnl_chain_get_str(ch, NFTNL_CHAIN_NAME)))
		return false;
	n = ruleset_chain_devices(ch, devs);
	return uses_ports(c, devs, n);
}

static bool flowtable_selected(struct check *c, struct nftnl_flowtable *ft)
{
	const char *devs[RULESET_MAX_DEVS];
	size_t n;

	if (c->chain)
		return false;
	if (c->table && strcmp(c->table,
			       nftnl_flowtable_get_str(ft, NFTNL_FLOWTABLE_TABLE)))
		return false;
	n = ruleset_flowtable_devices(ft, devs);
	return uses_ports(c, devs, n);
}

/* --backend: a loaded backend; a loadable one has unknown capabilities. */
static int check_backend_arg(struct check *c)
{
	struct nfto_backend *b;

	if (!c->backend)
		return -1;
	if (!nfto_backend_name_valid(c->backend)) {
		errmsg("bad backend name '%s': 1 to %d characters of [a-z0-9_-]",
		       c->backend, NFTO_NAME_MAX - 1);
		return EXIT_ERROR;
	}
	b = nfto_find_backend(&c->backends, c->backend);
	if (!b) {
		errmsg("unknown backend '%s' (see 'nft-offload backends')",
		       c->backend);
		return EXIT_ERROR;
	}
	return -1;
}

/* The whole of @path, NUL-terminated; NULL with the error printed. */
static char *read_file(const char *path, size_t *len)
{
	size_t cap = 0;
	char *buf = NULL, *b;
	FILE *f;

	f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	if (!f) {
		errmsg("cannot open %s: %s", path, strerror(errno));
		return NULL;
	}
	*len = 0;
	for (;;) {
		if (cap - *len < 4096) {
			b = realloc(buf, cap + 65536);
			if (!b) {
				errmsg("%s: out of memory", path);
				goto err;
			}
			buf = b;
			cap += 65536;
		}
		*len += fread(buf + *len, 1, cap - *len - 1, f);
		if (ferror(f)) {
			errmsg("cannot read %s: %s", path, strerror(errno));
			goto err;
		}
		if (feof(f))
			break;
	}
	buf[*len] = '\0';
	if (f != stdin)
		fclose(f);
	return buf;
err:
	free(buf);
	if (f != stdin)
		fclose(f);
	return NULL;
}

/*
 * -f: the caller's links and an rtnetlink socket (@rtnl, for the tc
 * state) while still in the caller's netns, then the private one with
 * FILE loaded. -1 when the ruleset to read is there, else an exit status.
 */
static int load_file(struct check *c, struct nl *rtnl)
{
	struct sandbox sb = { 0 };
	struct nftfile_info info;
	size_t len;
	char *text;
	int err, ret;

	text = read_file(c->file, &len);
	if (!text)
		return EXIT_ERROR;
	nftfile_strip_offload(text, len, &info);
	if (info.json) {
		errmsg("%s looks like JSON (nft -j): check -f reads nft's own syntax; give it the ruleset as 'nft list ruleset' prints it",
		       c->file);
		ret = EXIT_ERROR;
		goto out;
	}
	err = nl_open(rtnl, NETLINK_ROUTE);
	if (!err)
		err = sandbox_read_links(rtnl, &sb);
	if (err) {
		kernel_error(rtnl->sk ? rtnl : NULL, err, "reading the network devices");
		ret = EXIT_ERROR;
		goto out;
	}
	ret = sandbox_enter(&sb);
	if (ret < 0)
		ret = sandbox_nft_load(c->file, text, len, info.include);
	if (ret < 0 && sb.renumbered)
		fprintf(stderr, "%s: note: %u device%s got another ifindex in the private namespace: \"iif\"/\"fwd\" on them are judged with that number\n",
			prog_name, sb.renumbered, sb.renumbered == 1 ? "" : "s");
out:
	sandbox_free(&sb);
	free(text);
	return ret;
}

int check_main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		COMMON_LONGOPTS,
		{ "backend", required_argument, NULL, 'b' },
		{ "table", required_argument, NULL, 't' },
		{ "chain", required_argument, NULL, 'c' },
		{ "strict", no_argument, NULL, 's' },
		{ "file", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 }
	};
	struct skip_hooks warnings = { 0 };
	struct check c = { 0 };
	struct nl nl, nft, rtnl = { 0 };
	size_t i;
	int opt, ret, err;

	while ((opt = getopt_long(argc, argv, "hjb:t:c:sf:", longopts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			c.file = optarg;
			break;
		case 'b':
			c.backend = optarg;
			break;
		case 't':
			c.table = optarg;
			break;
		case 'c':
			c.chain = optarg;
			break;
		case 's':
			c.strict = true;
			break;
		default:
			if (common_opt(opt, usage, &ret))
				return ret;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "%s", usage);
		return EXIT_ERROR;
	}
	if (c.backend && !nfto_backend_name_valid(c.backend)) {
		errmsg("bad backend name '%s': 1 to %d characters of [a-z0-9_-]",
		       c.backend, NFTO_NAME_MAX - 1);
		return EXIT_ERROR;
	}
	if (nfto_open(&nl))
		return EXIT_ERROR;
	c.nl = &nl;
	ret = load_devices(&nl, &c.devs, NULL, NULL);
	if (ret >= 0)
		goto out_nl;
	err = nfto_get_backends(&nl, &c.backends);
	if (err) {
		kernel_error(&nl, err, "reading the backends");
		ret = EXIT_ERROR;
		goto out_nl;
	}
	ret = check_backend_arg(&c);
	if (ret >= 0)
		goto out_nl;
	if (c.file) {
		ret = load_file(&c, &rtnl);
		if (ret >= 0)
			goto out_nl;
	}

	err = nl_open(&nft, NETLINK_NETFILTER);
	if (err) {
		kernel_error(NULL, err, "nf_tables");
		ret = EXIT_ERROR;
		goto out_nl;
	}
	err = ruleset_read(&nft, &c.rs);
	nl_close(&nft);
	if (err) {
		kernel_error(&nft, err, "reading the ruleset");
		ret = EXIT_ERROR;
		goto out_nl;
	}
	if (hooks_find(c.file ? &rtnl : NULL, &c.rs, &c.devs, &warnings)) {
		ret = EXIT_ERROR;
		goto out_rs;
	}

	if (json_output) {
		json_init(&c.j, stdout);
		json_obj_begin(&c.j, NULL);
		if (c.file)
			json_str(&c.j, "file", c.file);
		json_str(&c.j, "backend", c.backend);
		json_arr_begin(&c.j, "chains");
	}
	for (i = 0; i < c.rs.nchains; i++)
		if (chain_selected(&c, c.rs.chains[i]))
			check_chain(&c, c.rs.chains[i]);
	if (json_output) {
		json_arr_end(&c.j);
		json_arr_begin(&c.j, "flowtables");
	}
	for (i = 0; i < c.rs.nflowtables; i++)
		if (flowtable_selected(&c, c.rs.flowtables[i]))
			check_flowtable(&c, c.rs.flowtables[i]);

	ret = c.rules_ok == c.rules && c.chains_ok == c.chains &&
	      c.fts_ok == c.fts ? EXIT_OFFLOAD_OK : EXIT_NOT_OFFLOADABLE;
	if (ret == EXIT_OFFLOAD_OK && c.strict && (warnings.n || c.diffs.n))
		ret = EXIT_WARNINGS;
	if (json_output) {
		json_arr_end(&c.j);
		hooks_json(&c.j, &warnings, &c.diffs);
		json_obj_begin(&c.j, "summary");
		json_u64(&c.j, "chains", c.chains);
		json_u64(&c.j, "chains_offloadable", c.chains_ok);
		json_u64(&c.j, "rules", c.rules);
		json_u64(&c.j, "rules_offloadable", c.rules_ok);
		json_u64(&c.j, "flowtables", c.fts);
		json_u64(&c.j, "flowtables_offloadable", c.fts_ok);
		json_u64(&c.j, "warnings", warnings.n + c.diffs.n);
		json_obj_end(&c.j);
		json_bool(&c.j, "offloadable", ret != EXIT_NOT_OFFLOADABLE);
		json_obj_end(&c.j);
		json_end(&c.j);
	} else {
		hooks_print(&warnings, &c.diffs);
		if (!c.chains && !c.fts)
			printf("nothing to check: no netdev chain or flowtable uses an nft_offload port%s\n",
			       c.table || c.chain ? " (with the given --table/--chain)" : "");
		else
			printf("%u of %u rules, %u of %u chains, %u of %u flowtables offloadable%s%s\n",
			       c.rules_ok, c.rules, c.chains_ok, c.chains,
			       c.fts_ok, c.fts, c.backend ? " with backend " : "",
			       c.backend ? c.backend : "");
		if (c.diffs.n)
			printf("%zu match%s in offloadable rules match%s differently in hardware than in software (WARNING lines)\n",
			       c.diffs.n, c.diffs.n == 1 ? "" : "es",
			       c.diffs.n == 1 ? "es" : "");
		if (warnings.n)
			printf("%zu software hook%s skipped by packets the hardware handles (WARNING lines)\n",
			       warnings.n, warnings.n == 1 ? " is" : "s are");
	}
	if (c.err) {
		kernel_error(NULL, c.err, "collecting the warnings");
		ret = EXIT_ERROR;
	}
	skip_free(&warnings);
	hwdiff_free(&c.diffs);
out_rs:
	ruleset_free(&c.rs);
out_nl:
	if (rtnl.sk)
		nl_close(&rtnl);
	nfto_free_backends(&c.backends);
	nfto_free_devs(&c.devs);
	nl_close(&nl);
	return ret;
}
