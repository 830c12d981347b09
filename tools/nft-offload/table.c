// SPDX-License-Identifier: GPL-2.0
/*
 * nft-offload table DEV: what the device's hardware holds now, entry by
 * entry (NFTO_CMD_ENTRY_GET), oldest first.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "common.h"
#include "subcommands.h"
#include "util.h"

static const char usage[] =
	"Usage: nft-offload [--json] table DEV\n"
	"\n"
	"Show what is in the hardware flow table of DEV (nfto<ID> or ID): per\n"
	"entry the port, rule or flowtable flow, priority, chain, hashed\n"
	"cookie, match, actions, counters and last use.\n";

static const char *port_name(const struct nfto_dev *d, uint32_t index)
{
	size_t i;

	for (i = 0; i < d->nports; i++)
		if (d->ports[i].index == index)
			return d->ports[i].ifname;
	return "?";
}

int table_main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		COMMON_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	nfto_entries_t e = { 0 };
	nfto_devs_t devs = { 0 };
	const struct nfto_dev *d;
	struct nl nl;
	uint32_t id;
	int opt, ret, err;
	size_t i, k;

	while ((opt = getopt_long(argc, argv, "hj", longopts, NULL)) != -1)
		if (common_opt(opt, usage, &ret))
			return ret;
	if (argc - optind != 1) {
		fprintf(stderr, "%s", usage);
		return EXIT_ERROR;
	}
	if (!dev_arg_ok(argv[optind], &id))
		return EXIT_ERROR;
	if (nfto_open(&nl))
		return EXIT_ERROR;
	ret = load_devices(&nl, &devs, argv[optind], &id);
	if (ret >= 0)
		goto out;
	d = nfto_find_dev(&devs, id);
	err = nfto_get_entries(&nl, id, &e);
	if (err) {
		kernel_error(&nl, err, "reading the table of %s", d->name);
		ret = EXIT_ERROR;
		goto out;
	}
	if (json_output) {
		struct json j;

		json_init(&j, stdout);
		json_obj_begin(&j, NULL);
		json_str(&j, "device", d->name);
		json_str(&j, "backend", d->backend);
		json_u64(&j, "size", d->table_size);
		json_arr_begin(&j, "entries");
		for (i = 0; i < e.n; i++) {
			const struct nfto_hwentry *x = &e.v[i];

			json_obj_begin(&j, NULL);
			json_u64(&j, "port", x->port);
			json_str(&j, "ifname", port_name(d, x->port));
			json_str(&j, "type", x->type);
			json_u64(&j, "prio", x->prio);
			json_u64(&j, "chain", x->chain);
			json_str(&j, "cookie", x->cookie);
			json_arr_begin(&j, "keys");
			for (k = 0; k < x->keys.n; k++)
				json_str(&j, NULL, x->keys.v[k]);
			json_arr_end(&j);
			json_str(&j, "match", x->match);
			json_str(&j, "actions", x->actions);
			json_u64(&j, "packets", x->packets);
			json_u64(&j, "bytes", x->bytes);
			json_u64(&j, "lastused_ms", x->lastused_ms);
			json_obj_end(&j);
		}
		json_arr_end(&j);
		json_obj_end(&j);
		json_end(&j);
	} else {
		printf("%s: backend %s, %zu of %u entries\n", d->name, d->backend,
		       e.n, d->table_size);
		for (i = 0; i < e.n; i++) {
			const struct nfto_hwentry *x = &e.v[i];

			printf("%s %s prio %u chain %u cookie %s\n"
			       "    match: %s\n    actions: %s\n"
			       "    %llu packets, %llu bytes, last used %llu.%03llus ago\n",
			       port_name(d, x->port), x->type, x->prio, x->chain,
			       x->cookie, x->match[0] ? x->match : "any",
			       x->actions, (unsigned long long)x->packets,
			       (unsigned long long)x->bytes,
			       (unsigned long long)x->lastused_ms / 1000,
			       (unsigned long long)x->lastused_ms % 1000);
		}
	}
	ret = EXIT_OFFLOAD_OK;
out:
	nfto_free_entries(&e);
	nfto_free_devs(&devs);
	nl_close(&nl);
	return ret;
}
