/* SPDX-License-Identifier: GPL-2.0 */
/* One file per subcommand, each with one entry point. */
#ifndef NFTO_SUBCOMMANDS_H
#define NFTO_SUBCOMMANDS_H

int backends_main(int argc, char *argv[]);
int status_main(int argc, char *argv[]);
int backend_main(int argc, char *argv[]);
int check_main(int argc, char *argv[]);
int explain_main(int argc, char *argv[]);
int table_main(int argc, char *argv[]);

/*
 * For getopt_long()'s default case: -j/--json sets json_output and
 * returns 0; -h/--help prints @usage on stdout, a bad option prints it on
 * stderr, and both return 1 with the exit status in *@exit_now.
 */
int common_opt(int opt, const char *usage, int *exit_now);

#define COMMON_LONGOPTS				\
	{ "help", no_argument, NULL, 'h' },	\
	{ "json", no_argument, NULL, 'j' }

#endif /* NFTO_SUBCOMMANDS_H */
