// SPDX-License-Identifier: GPL-2.0
/*
 * nft-offload explain DEV [-n N]: the device's recent refusals and
 * failures, oldest first, with their reasons (NFTO_CMD_FAILURE_GET).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "common.h"
#include "subcommands.h"
#include "util.h"

static const char usage[] =
	"Usage: nft-offload [--json] explain DEV [-n N]\n"
	"\n"
	"Show the refusals and failures the device DEV (nfto<ID> or ID) kept,\n"
	"oldest first, with where, what and why.\n"
	"  -n, --last N  only the N newest\n";

int explain_main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		COMMON_LONGOPTS,
		{ "last", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	nfto_failures_t f = { 0 };
	nfto_devs_t devs = { 0 };
	const struct nfto_dev *d;
	unsigned long last = 0;
	struct nl nl;
	uint32_t id;
	int opt, ret, err;
	size_t i, from;
	char *end;

	while ((opt = getopt_long(argc, argv, "hjn:", longopts, NULL)) != -1) {
		if (opt == 'n') {
			last = strtoul(optarg, &end, 10);
			if (*end || !*optarg || !last) {
				errmsg("bad count '%s'", optarg);
				return EXIT_ERROR;
			}
		} else if (common_opt(opt, usage, &ret)) {
			return ret;
		}
	}
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
	err = nfto_get_failures(&nl, id, &f);
	if (err) {
		kernel_error(&nl, err, "reading the failures of %s", d->name);
		ret = EXIT_ERROR;
		goto out;
	}
	from = last && f.n > last ? f.n - last : 0;
	if (json_output) {
		struct json j;

		json_init(&j, stdout);
		json_obj_begin(&j, NULL);
		json_str(&j, "device", d->name);
		json_str(&j, "backend", d->backend);
		json_u64(&j, "total", d->failures);
		json_arr_begin(&j, "failures");
		for (i = from; i < f.n; i++)
			json_failure(&j, &f.v[i]);
		json_arr_end(&j);
		json_obj_end(&j);
		json_end(&j);
	} else {
		printf("%s: backend %s, %llu failure%s recorded, %zu kept\n",
		       d->name, d->backend, (unsigned long long)d->failures,
		       d->failures == 1 ? "" : "s", f.n);
		for (i = from; i < f.n; i++)
			print_failure(stdout, "", &f.v[i]);
	}
	ret = EXIT_OFFLOAD_OK;
out:
	free(f.v);
	nfto_free_devs(&devs);
	nl_close(&nl);
	return ret;
}
