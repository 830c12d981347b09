// SPDX-License-Identifier: GPL-2.0
/*
 * Installing a rule set, fast: under TCG, starting tc or nft costs 0.3 to
 * 1 s, several times what the kernel spends on the rules. So:
 *
 * tc   one "tc -force -batch -" runs for the whole session. After each
 *      batch comes a command that always fails; tc's stderr is
 *      unbuffered, so its "Command failed -:N" says the batch is done,
 *      and the "Command failed" lines before it name the refused rules.
 * nft  libnftables, the library nft itself runs on, loaded with dlopen():
 *      nft_run_cmd_from_buffer() is what "nft -f" does with a file.
 *
 * Either falls back to one process per install (--spawn, or when the
 * library is missing).
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conform.h"

/* --- tc: one batch process --------------------------------------------- */

static struct {
	pid_t pid;
	FILE *in;		/* its stdin */
	int err;		/* its stderr (and stdout) */
	unsigned int line;	/* lines sent: tc's cmdlineno */
} tcs = { .pid = -1, .err = -1 };

static int tc_start(void)
{
	int in[2], out[2];

	if (pipe(in) || pipe(out))
		return -1;
	tcs.pid = fork();
	if (tcs.pid < 0)
		return -1;
	if (!tcs.pid) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		dup2(out[1], 2);
		close(in[1]);
		close(out[0]);
		execlp(opt.tc, opt.tc, "-force", "-batch", "-", (char *)NULL);
		fprintf(stderr, "Command failed -:0 (cannot run %s: %s)\n",
			opt.tc, strerror(errno));
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	fcntl(in[1], F_SETFD, FD_CLOEXEC);
	fcntl(out[0], F_SETFD, FD_CLOEXEC);
	tcs.in = fdopen(in[1], "w");
	tcs.err = out[0];
	tcs.line = 0;
	return tcs.in ? 0 : -1;
}

static void tc_stop(void)
{
	if (tcs.pid <= 0)
		return;
	fclose(tcs.in);
	close(tcs.err);
	waitpid(tcs.pid, NULL, 0);
	tcs.pid = -1;
}

/*
 * Feeds @text to the tc session; @out gets what tc said about it. Returns
 * 0, or the first failing line of @text (1-based), or -1 if tc died.
 */
static int tc_batch(const char *text, char *out, size_t outlen)
{
	unsigned int first = tcs.line + 1, marker, failed = 0;
	char want[64], *m, *prev, *c;
	size_t got = 0;
	const char *p;

	if (tcs.pid <= 0 && tc_start())
		return -1;
	for (p = text; *p; p++)
		if (*p == '\n')
			tcs.line++;
	/* the marker: no clsact on lo, so it fails, and says its line */
	marker = ++tcs.line;
	if (fputs(text, tcs.in) < 0 ||
	    fputs("qdisc del dev lo clsact\n", tcs.in) < 0 || fflush(tcs.in)) {
		tc_stop();
		return -1;
	}
	snprintf(want, sizeof(want), "Command failed -:%u\n", marker);
	out[0] = 0;
	while (!(m = strstr(out, want))) {
		ssize_t n;

		if (got + 1 >= outlen) {	/* keep the newer half */
			memmove(out, out + outlen / 2, got - outlen / 2 + 1);
			got -= outlen / 2;
		}
		n = read(tcs.err, out + got, outlen - got - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			tc_stop();
			return -1;
		}
		got += n;
		out[got] = 0;
	}
	/* the marker's complaint starts after the last failure before it */
	*m = 0;
	for (prev = NULL, c = out; (c = strstr(c, "Command failed -:")); c++)
		prev = c;
	if (prev)
		prev[strcspn(prev, "\n") + 1] = 0;
	else
		out[0] = 0;
	for (c = out; (c = strstr(c, "Command failed -:")); c++) {
		unsigned int l = strtoul(c + 17, NULL, 10);

		if (l >= first && l < marker && !failed)
			failed = l - first + 1;
	}
	return failed;
}

/* --- nft: libnftables --------------------------------------------------- */

static struct {
	void *lib;
	void *ctx;
	void *(*ctx_new)(unsigned int flags);
	int (*buffer_error)(void *ctx);
	int (*unbuffer_error)(void *ctx);
	int (*buffer_output)(void *ctx);
	const char *(*get_error)(void *ctx);
	int (*run)(void *ctx, const char *buf);
} nftl;

static bool nft_lib_open(void)
{
	if (nftl.ctx)
		return true;
	if (nftl.lib)	/* tried, failed */
		return false;
	nftl.lib = dlopen("libnftables.so.1", RTLD_NOW);
	if (!nftl.lib) {
		nftl.lib = (void *)1;
		return false;
	}
	nftl.ctx_new = dlsym(nftl.lib, "nft_ctx_new");
	nftl.buffer_error = dlsym(nftl.lib, "nft_ctx_buffer_error");
	nftl.unbuffer_error = dlsym(nftl.lib, "nft_ctx_unbuffer_error");
	nftl.buffer_output = dlsym(nftl.lib, "nft_ctx_buffer_output");
	nftl.get_error = dlsym(nftl.lib, "nft_ctx_get_error_buffer");
	nftl.run = dlsym(nftl.lib, "nft_run_cmd_from_buffer");
	if (!nftl.ctx_new || !nftl.buffer_error || !nftl.unbuffer_error ||
	    !nftl.buffer_output || !nftl.get_error || !nftl.run)
		return false;
	nftl.ctx = nftl.ctx_new(0);
	if (!nftl.ctx)
		return false;
	nftl.buffer_output(nftl.ctx);
	return true;
}

/* --- the interface ------------------------------------------------------- */

static int spawn_install(const char *text, bool tc, char *out, size_t outlen,
			 int *bad_line)
{
	char path[64];
	const char *argv[6];
	FILE *f;
	int rc;

	snprintf(path, sizeof(path), "/tmp/nfto-conform.%d.%s", getpid(),
		 tc ? "tc" : "nft");
	f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f))
		die("cannot write %s: %s", path, strerror(errno));
	if (tc) {
		argv[0] = opt.tc;
		argv[1] = "-force";
		argv[2] = "-batch";
		argv[3] = path;
		argv[4] = NULL;
	} else {
		argv[0] = opt.nft;
		argv[1] = "-f";
		argv[2] = path;
		argv[3] = NULL;
	}
	rc = run_cmd(argv, out, outlen);
	unlink(path);
	*bad_line = 0;
	if (rc) {
		char pat[80];
		const char *c;

		snprintf(pat, sizeof(pat), tc ? "Command failed %s:" : "%s:",
			 path);
		c = strstr(out, pat);
		*bad_line = c ? atoi(c + strlen(pat)) : -1;
	}
	return rc ? -1 : 0;
}

/*
 * Installs @text (a tc batch or an nft file). Returns 0, else -1 with
 * @out holding the complaint and *bad_line its line (1-based; -1 unknown).
 */
int install_text(const char *text, enum frontend fe, char *out,
		 size_t outlen, int *bad_line)
{
	*bad_line = 0;
	out[0] = 0;
	if (opt.spawn)
		return spawn_install(text, fe == FE_TC, out, outlen, bad_line);
	if (fe == FE_TC) {
		int r = tc_batch(text, out, outlen);

		if (r < 0)
			die("the tc batch process died: %s", out);
		*bad_line = r;
		return r ? -1 : 0;
	}
	if (!nft_lib_open()) {
		if (opt.verbose)
			printf("# libnftables.so.1 not usable, running %s\n",
			       opt.nft);
		return spawn_install(text, false, out, outlen, bad_line);
	}
	nftl.unbuffer_error(nftl.ctx);
	nftl.buffer_error(nftl.ctx);
	if (!nftl.run(nftl.ctx, text))
		return 0;
	snprintf(out, outlen, "%s", nftl.get_error(nftl.ctx));
	{
		const char *c = strstr(out, "<cmdline>:");

		*bad_line = c ? atoi(c + 10) : -1;
	}
	return -1;
}

void install_close(void)
{
	tc_stop();
}
