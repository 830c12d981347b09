// SPDX-License-Identifier: GPL-2.0
/*
 * nft-offload backends [--load]: the registered backends with their
 * capabilities (NFTO_CMD_BACKEND_GET) and the ones modprobe could load
 * (aliases "nft-offload-backend-*" in modules.alias).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <spawn.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include "json.h"
#include "genl_client.h"
#include "subcommands.h"
#include "util.h"

extern char **environ;

static const char usage[] =
	"Usage: nft-offload [--json] backends [--load]\n"
	"\n"
	"List the backends: loaded ones with their capabilities, and the ones\n"
	"modprobe can load (\"not loaded\": capabilities unknown until loaded).\n"
	"  --load  load nft_offload and every loadable backend first\n";

static const char *alias_file(void)
{
	static char path[256];
	struct utsname u;
	const char *env = getenv("NFT_OFFLOAD_MODULES_ALIAS");

	if (env && *env)
		return env;
	if (uname(&u))
		return "/lib/modules/modules.alias";
	snprintf(path, sizeof(path), "/lib/modules/%s/modules.alias", u.release);
	return path;
}

static int modprobe(const char *name)
{
	char *argv[] = { "modprobe", "-q", (char *)name, NULL };
	int status;
	pid_t pid;

	if (posix_spawnp(&pid, "modprobe", NULL, NULL, argv, environ))
		return -1;
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : -1;
}

static const char *const flag_names[] = { "flowtable", "stats", "goto_any" };

static void print_json(nfto_backends_t *v)
{
	struct json j;
	size_t i, k;

	json_init(&j, stdout);
	json_obj_begin(&j, NULL);
	json_arr_begin(&j, "backends");
	for (i = 0; i < v->n; i++) {
		const struct nfto_backend *b = &v->v[i];

		json_obj_begin(&j, NULL);
		json_str(&j, "name", b->caps.name);
		json_bool(&j, "loaded", b->loaded);
		json_str(&j, "module", b->module[0] ? b->module : NULL);
		if (!b->loaded) {
			static const char *const nulls[] = {
				"version", "keys", "actions", "max_actions",
				"prio_max", "chain_max", "table_size",
				"table_size_max", "flags" };

			for (k = 0; k < sizeof(nulls) / sizeof(nulls[0]); k++)
				json_null(&j, nulls[k]);
			json_obj_end(&j);
			continue;
		}
		json_str(&j, "version", b->version);
		json_arr_begin(&j, "keys");
		for (k = 0; k < b->keys.n; k++)
			json_str(&j, NULL, b->keys.v[k]);
		json_arr_end(&j);
		json_arr_begin(&j, "actions");
		for (k = 0; k < b->actions.n; k++)
			json_str(&j, NULL, b->actions.v[k]);
		json_arr_end(&j);
		json_u64(&j, "max_actions", b->caps.max_actions);
		json_u64(&j, "prio_max", b->caps.prio_max);
		json_u64(&j, "chain_max", b->caps.chain_max);
		json_u64(&j, "table_size", b->table_size);
		json_u64(&j, "table_size_max", b->table_size_max);
		json_arr_begin(&j, "flags");
		for (k = 0; k < 3; k++)
			if (b->caps.flags & (1U << k))
				json_str(&j, NULL, flag_names[k]);
		json_arr_end(&j);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
	json_end(&j);
}

static void print_names(const char *title, const struct nfto_names *n)
{
	size_t i;

	printf("  %-8s", title);
	for (i = 0; i < n->n; i++)
		printf(" %s", n->v[i]);
	printf("%s\n", n->n ? "" : " none");
}

static void print_human(nfto_backends_t *v)
{
	size_t i, k;

	for (i = 0; i < v->n; i++) {
		const struct nfto_backend *b = &v->v[i];

		if (!b->loaded) {
			printf("%s: not loaded%s%s%s\n", b->caps.name,
			       b->module[0] ? " (module " : "", b->module,
			       b->module[0] ? ")" : "");
			continue;
		}
		printf("%s %s: loaded%s%s%s\n", b->caps.name, b->version,
		       b->module[0] ? " (module " : "", b->module,
		       b->module[0] ? ")" : "");
		print_names("keys:", &b->keys);
		print_names("actions:", &b->actions);
		printf("  limits:  %u actions per flow, priority ", b->caps.max_actions);
		if (b->caps.prio_max)
			printf("1-%u", b->caps.prio_max);
		else
			printf("any");
		printf(", tc chains 0-%u, flow_table %u (max %u)\n",
		       b->caps.chain_max, b->table_size, b->table_size_max);
		printf("  flags:  ");
		for (k = 0; k < 3; k++)
			if (b->caps.flags & (1U << k))
				printf(" %s", flag_names[k]);
		printf("%s\n", b->caps.flags & 7 ? "" : " none");
	}
}

int backends_main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		COMMON_LONGOPTS,
		{ "load", no_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 }
	};
	nfto_backends_t v = { 0 };
	bool load = false, core = true;
	struct nl nl;
	int opt, ret, err;
	size_t i;

	while ((opt = getopt_long(argc, argv, "hjl", longopts, NULL)) != -1) {
		if (opt == 'l')
			load = true;
		else if (common_opt(opt, usage, &ret))
			return ret;
	}
	if (optind != argc) {
		fprintf(stderr, "%s", usage);
		return EXIT_ERROR;
	}

	if (load && modprobe("nft_offload"))
		errmsg("modprobe nft_offload failed");
	err = nl_genl_open(&nl, "nft_offload");
	if (err == -ENOENT) {
		core = false;
	} else if (err) {
		kernel_error(NULL, err, "cannot talk to the kernel");
		return EXIT_ERROR;
	} else {
		err = nfto_get_backends(&nl, &v);
		if (err) {
			kernel_error(&nl, err, "reading the backends");
			nl_close(&nl);
			nfto_free_backends(&v);
			return EXIT_ERROR;
		}
	}

	err = nfto_alias_backends(alias_file(), &v);
	if (err && err != -ENOENT)
		errmsg("%s: %s", alias_file(), strerror(-err));

	if (load && core) {
		bool loaded_any = false;
		char alias[64];

		for (i = 0; i < v.n; i++) {
			if (v.v[i].loaded)
				continue;
			snprintf(alias, sizeof(alias), "nft-offload-backend-%s",
				 v.v[i].caps.name);
			if (modprobe(alias))
				errmsg("modprobe %s failed", alias);
			else
				loaded_any = true;
		}
		if (loaded_any) {
			nfto_free_backends(&v);
			err = nfto_get_backends(&nl, &v);
			if (!err)
				nfto_alias_backends(alias_file(), &v);
		}
		if (err) {
			kernel_error(&nl, err, "reading the backends");
			nl_close(&nl);
			nfto_free_backends(&v);
			return EXIT_ERROR;
		}
	}
	if (core)
		nl_close(&nl);
	else
		errmsg("nft_offload is not loaded: showing loadable backends only");

	if (json_output)
		print_json(&v);
	else
		print_human(&v);
	nfto_free_backends(&v);
	return EXIT_OFFLOAD_OK;
}
