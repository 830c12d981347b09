// SPDX-License-Identifier: GPL-2.0
/*
 * nft-offload: what the nft_offload modules are doing and why a ruleset
 * does or does not offload. The subcommand table is the only dispatcher;
 * each subcommand lives in its own file.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "subcommands.h"
#include "util.h"

static const struct {
	const char *name;
	int (*main)(int argc, char *argv[]);
	const char *help;
} subcommands[] = {
	{ "backends", backends_main, "list the backends: loaded ones with their capabilities, loadable ones" },
	{ "status", status_main, "show the devices: backend, ports, flow_table, counters, failures" },
	{ "backend", backend_main, "switch a device to another backend" },
	{ "check", check_main, "tell rule by rule whether the ruleset offloads, and why not" },
	{ "explain", explain_main, "show a device's recent refusals and their reasons" },
	{ "table", table_main, "show what is in a device's hardware table now" },
};

#define NSUB (sizeof(subcommands) / sizeof(subcommands[0]))

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: %s [--json] <command> [<args>]\n\n"
		"Commands:\n", prog_name);
	for (i = 0; i < NSUB; i++)
		fprintf(f, "  %-9s %s\n", subcommands[i].name, subcommands[i].help);
	fprintf(f, "\nEvery command takes -h/--help and --json. Exit status: 0 ok,\n"
		"1 not offloadable (check) or switch refused (backend), 2 errors.\n"
		"See nft-offload(8).\n");
}

int common_opt(int opt, const char *usage_text, int *exit_now)
{
	switch (opt) {
	case 'h':
		printf("%s", usage_text);
		*exit_now = EXIT_OFFLOAD_OK;
		return 1;
	case 'j':
		json_output = true;
		return 0;
	default:
		fprintf(stderr, "%s", usage_text);
		*exit_now = EXIT_ERROR;
		return 1;
	}
}

int main(int argc, char *argv[])
{
	int i;
	size_t s;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json")) {
			json_output = true;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return EXIT_OFFLOAD_OK;
		} else {
			errmsg("unknown option '%s'", argv[i]);
			usage(stderr);
			return EXIT_ERROR;
		}
	}
	if (i == argc) {
		usage(stderr);
		return EXIT_ERROR;
	}
	if (!strcmp(argv[i], "help")) {
		usage(stdout);
		return EXIT_OFFLOAD_OK;
	}
	for (s = 0; s < NSUB; s++)
		if (!strcmp(argv[i], subcommands[s].name))
			return subcommands[s].main(argc - i, argv + i);
	errmsg("unknown command '%s' (try '%s --help')", argv[i], prog_name);
	return EXIT_ERROR;
}
