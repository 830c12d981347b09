// SPDX-License-Identifier: GPL-2.0
/*
 * nft-offload status [DEV]: every device (or one) with its backend,
 * flow_table, ports (netns, peer, counters) and failures.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "subcommands.h"
#include "util.h"

#define RECENT	3	/* failures shown per device */

static const char usage[] =
	"Usage: nft-offload [--json] status [DEV]\n"
	"\n"
	"Show every nft_offload device, or DEV (nfto<ID> or ID): its backend,\n"
	"flow_table size and occupancy, its ports with their netns, names,\n"
	"peers and counters, and its failures (count and the latest ones).\n";

static void print_json_dev(struct json *j, const struct nfto_dev *d,
			   const nfto_failures_t *f)
{
	size_t i, k, from = f->n > RECENT ? f->n - RECENT : 0;

	json_obj_begin(j, NULL);
	json_u64(j, "id", d->id);
	json_str(j, "name", d->name);
	json_str(j, "backend", d->backend);
	json_obj_begin(j, "flow_table");
	json_u64(j, "size", d->table_size);
	json_u64(j, "occupancy", d->table_occ);
	json_obj_end(j);
	json_obj_begin(j, "failures");
	json_u64(j, "total", d->failures);
	json_arr_begin(j, "recent");
	for (i = from; i < f->n; i++)
		json_failure(j, &f->v[i]);
	json_arr_end(j);
	json_obj_end(j);
	json_arr_begin(j, "ports");
	for (i = 0; i < d->nports; i++) {
		const struct nfto_port *p = &d->ports[i];

		json_obj_begin(j, NULL);
		json_u64(j, "index", p->index);
		json_str(j, "ifname", p->ifname);
		json_u64(j, "ifindex", p->ifindex);
		if (p->has_netnsid)
			json_i64(j, "netnsid", p->netnsid);
		else
			json_null(j, "netnsid");
		json_str(j, "peer", p->peer[0] ? p->peer : NULL);
		json_obj_begin(j, "stats");
		for (k = 0; k < p->nstats; k++)
			json_u64(j, p->stats[k].name, p->stats[k].value);
		json_obj_end(j);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_obj_end(j);
}

static void print_human_dev(const struct nfto_dev *d, const nfto_failures_t *f)
{
	size_t i, k, from = f->n > RECENT ? f->n - RECENT : 0;

	printf("%s: backend %s, flow_table %u/%u used, %llu failure%s\n",
	       d->name, d->backend, d->table_occ, d->table_size,
	       (unsigned long long)d->failures, d->failures == 1 ? "" : "s");
	for (i = 0; i < d->nports; i++) {
		const struct nfto_port *p = &d->ports[i];
		int shown = 0;

		printf("  port %u: %s", p->index, p->ifname);
		if (p->has_netnsid)
			printf(" (netnsid %d, ifindex %u)", p->netnsid, p->ifindex);
		else
			printf(" (ifindex %u)", p->ifindex);
		printf(", %s%s\n", p->peer[0] ? "peer " : "not linked", p->peer);
		for (k = 0; k < p->nstats; k++) {
			if (!p->stats[k].value)
				continue;
			printf("%s%s %llu",
			       shown % 3 ? ", " : shown ? "\n    " : "    ",
			       p->stats[k].name,
			       (unsigned long long)p->stats[k].value);
			shown++;
		}
		printf("%s", shown ? "\n" : "");
	}
	if (f->n) {
		printf("  latest failures:\n");
		for (i = from; i < f->n; i++)
			print_failure(stdout, "    ", &f->v[i]);
	}
}

int status_main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	nfto_devs_t devs = { 0 };
	const char *arg = NULL;
	struct json j;
	uint32_t id = 0;
	struct nl nl;
	int opt, ret;
	size_t i;

	while ((opt = getopt_long(argc, argv, "hj", longopts, NULL)) != -1)
		if (common_opt(opt, usage, &ret))
			return ret;
	if (argc - optind > 1) {
		fprintf(stderr, "%s", usage);
		return EXIT_ERROR;
	}
	if (optind < argc)
		arg = argv[optind];
	if (arg && !dev_arg_ok(arg, &id))
		return EXIT_ERROR;
	if (nfto_open(&nl))
		return EXIT_ERROR;
	ret = load_devices(&nl, &devs, arg, &id);
	if (ret >= 0)
		goto out;

	if (json_output) {
		json_init(&j, stdout);
		json_obj_begin(&j, NULL);
		json_arr_begin(&j, "devices");
	}
	ret = EXIT_OFFLOAD_OK;
	for (i = 0; i < devs.n; i++) {
		const struct nfto_dev *d = &devs.v[i];
		nfto_failures_t f = { 0 };
		int err;

		if (arg && d->id != id)
			continue;
		/* the device may be in another netns: then no records */
		err = nfto_get_failures(&nl, d->id, &f);
		if (err && !json_output)
			kernel_error(&nl, err, "reading the failures of %s", d->name);
		if (json_output)
			print_json_dev(&j, d, &f);
		else
			print_human_dev(d, &f);
		free(f.v);
	}
	if (json_output) {
		json_arr_end(&j);
		json_obj_end(&j);
		json_end(&j);
	}
out:
	nfto_free_devs(&devs);
	nl_close(&nl);
	return ret;
}
