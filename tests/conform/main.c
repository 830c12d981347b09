// SPDX-License-Identifier: GPL-2.0
/*
 * nfto-conform: options, the scenario loop, minimization, the summary.
 *
 *   nfto-conform [--seed N] [--pairs N] [--scenarios N] [--only K]
 *                [--frontend tc|nft|both] [--keep-going] [--verbose]
 *                [--no-minimize] [--show N] [--self-check] [--mpls]
 *                [--port-prefix nfto1p] [--cap-prefix ccap]
 *                [--debugfs DIR] [--tc PATH] [--nft PATH]
 *                [--netns NAME] [--dry-run] [--spawn] [--self-compare]
 *                [--kernel X.Y]
 *
 * Runs in the netns of the topology tests/selftests/conform.sh sets up.
 * Exit status: 0 no difference, 1 differences, 2 the tester could not run.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "conform.h"

struct opts opt = {
	.pairs = 0,
	.fe_tc = true,
	.fe_nft = true,
	.minimize = 10,
	.max_show = 3,
	.port_prefix = "nfto1p",
	.cap_prefix = "ccap",
	.tc = "tc",
	.nft = "nft",
};

void die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "nfto-conform: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	flush_all();
	exit(2);
}

double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Runs @argv with stdout and stderr into @out; returns its exit status. */
int run_cmd(const char *const argv[], char *out, size_t outlen)
{
	int pfd[2], status;
	size_t got = 0;
	pid_t pid;

	if (pipe(pfd))
		return -1;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		int null = open("/dev/null", O_RDONLY);

		dup2(null, 0);
		dup2(pfd[1], 1);
		dup2(pfd[1], 2);
		close(pfd[0]);
		execvp(argv[0], (char *const *)argv);
		fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(pfd[1]);
	for (;;) {
		char tmp[1024];
		ssize_t n = read(pfd[0], tmp, sizeof(tmp));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (got + 1 < outlen) {
			size_t c = (size_t)n < outlen - got - 1 ? (size_t)n :
								   outlen - got - 1;

			memcpy(out + got, tmp, c);
			got += c;
		}
	}
	out[got < outlen ? got : outlen - 1] = 0;
	close(pfd[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static void print_rules(const struct scenario *sc, enum variant v)
{
	static char text[65536];
	char *line, *save = NULL;

	render(sc, v, text, sizeof(text));
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		printf("#     %s%s\n", sc->fe == FE_TC ? "tc " : "", line);
}

/* --- one scenario -------------------------------------------------------- */

enum sc_status { SC_SAME, SC_DIFF, SC_REFUSED, SC_ERROR };

static struct result res_sw, res_hw, res_pass;

static enum sc_status probe(struct scenario *sc, struct verdict *vd,
			    bool print);

/*
 * The rules in software (skip_hw) and the packets through them; an error
 * means the generator made a rule the kernel does not take at all.
 */
static int run_software(struct scenario *sc, struct result *res,
			struct verdict *vd, bool print)
{
	if (!run_variant(sc, V_SW, res))
		return 0;
	if (print) {
		printf("# ERROR: the software rules were refused, so the generator made a rule the kernel does not take:\n");
		print_rules(sc, V_SW);
		printf("#   %s\n", res->err);
	}
	snprintf(vd->kind, sizeof(vd->kind), "software refused");
	return -1;
}

/* Runs @sc both ways (and the trap-as-pass run when needed) and compares. */
static enum sc_status check(struct scenario *sc, struct verdict *vd,
			    bool print)
{
	static uint32_t runs;
	bool need_pass = false;

	sc->runid = (uint32_t)getpid() << 16 | (++runs & 0xffff);

	memset(vd, 0, sizeof(*vd));
	vd->first = -1;
	if (set_mtus(sc))
		return SC_ERROR;
	if (sc->probe && !opt.self_compare)
		return probe(sc, vd, print);
	if (run_software(sc, &res_sw, vd, print))
		return SC_ERROR;
	if (run_variant(sc, opt.self_compare ? V_SW : V_HW, &res_hw)) {
		const struct rule *ru = res_hw.refused_rule >= 0 ?
			&sc->rule[res_hw.refused_rule] : NULL;
		char rname[16] = "?";

		if (ru)
			snprintf(rname, sizeof(rname), "r%d", ru->index);
		/*
		 * nf_tables refuses some rules before any driver sees them
		 * (nft_flow_rule_create()): not nft_offload's doing, but a
		 * rule the generator should not have made.
		 */
		snprintf(vd->kind, sizeof(vd->kind), "%s refused rule %s",
			 res_hw.driver_refused ? "nft_offload" : "the kernel",
			 rname);
		if (print) {
			if (res_hw.driver_refused)
				printf("# DIFFERENCE seed 0x%llx scenario %u (%s): nft_offload refused rule %s, which software takes\n",
				       (unsigned long long)sc->seed, sc->number,
				       sc->fe == FE_TC ? "tc" : "nft", rname);
			else
				printf("# ERROR: the kernel refused to offload rule %s before asking nft_offload (its failure log is unchanged): the generator must not make such rules\n",
				       rname);
			print_rules(sc, V_HW);
			printf("#   %s", res_hw.err);
			if (res_hw.failures[0])
				printf("#   nft_offload's failure log:\n#     %s",
				       res_hw.failures);
		}
		return res_hw.driver_refused ? SC_REFUSED : SC_ERROR;
	}
	if (sc->fe == FE_TC && !opt.self_compare)
		for (int i = 0; i < sc->npkts && !need_pass; i++)
			need_pass = packet_hit_trap(sc, &res_sw, i);
	if (need_pass && run_variant(sc, V_PASS, &res_pass)) {
		if (print)
			printf("# ERROR: the trap-as-pass rules were refused: %s\n",
			       res_pass.err);
		return SC_ERROR;
	}
	if (res_sw.late_counters || res_hw.late_counters ||
	    (need_pass && res_pass.late_counters)) {
		if (print)
			printf("# ERROR: counters moved after the kernel had settled; per-packet attribution is unreliable here (please report)\n");
		snprintf(vd->kind, sizeof(vd->kind), "late counters");
		return SC_ERROR;
	}
	if (print && (res_sw.strays || res_hw.strays))
		printf("# note: frames without a trailer of this run reached the observers: %d in software, %d in hardware (--verbose shows them)\n",
		       res_sw.strays, res_hw.strays);
	compare(sc, &res_sw, &res_hw, need_pass ? &res_pass : NULL,
		opt.self_compare, vd, print);
	return vd->differing ? SC_DIFF : SC_SAME;
}

/*
 * A refusal probe: one tc rule that nft_offload's flow model has no place
 * for (a port range, an act_mpls action) or that the kernel does not
 * offload at all (mpls dec_ttl), gen.c's expected_refusal() says which
 * and why. Checked:
 * 1. with skip_sw the rule is refused, for that reason: nft_offload's
 *    failure log names it (REF_MODEL), or the kernel refuses it before
 *    asking nft_offload, whose log stays as it was (REF_KERNEL);
 * 2. without skip flags the rule is installed "not_in_hw", with the same
 *    failure logged (or none);
 * 3. the frames cross it the same way as with skip_hw: the hardware
 *    misses them and hands them to the host unchanged, where the rule
 *    acts in software (deliveries and counters equal, no expectation).
 */
static enum sc_status probe(struct scenario *sc, struct verdict *vd,
			    bool print)
{
	char what[200];
	enum refusal want = expected_refusal(&sc->rule[0], what, sizeof(what));
	const char *who = want == REF_KERNEL ? "the kernel" : "nft_offload";
	bool ok;

	if (want == REF_NONE)
		die("scenario %u is a refusal probe without a refused shape (gen.c)",
		    sc->number);
	if (run_software(sc, &res_sw, vd, print))
		return SC_ERROR;

	/* 1. skip_sw: refused, and why */
	if (!run_variant(sc, V_HW, &res_hw)) {
		snprintf(vd->kind, sizeof(vd->kind),
			 "probe: the hardware took a rule it must refuse");
		if (print)
			printf("# DIFFERENCE seed 0x%llx scenario %u (tc): the skip_sw rule is in hardware, but %s must refuse it (%s): its hardware could not do what software does. If the flow model gained this, make it a compared shape (tests/conform/gen.c, expected_refusal())\n",
			       (unsigned long long)sc->seed, sc->number, who,
			       what);
		return SC_DIFF;
	}
	ok = res_hw.refused_rule == 0 &&
	     (want == REF_MODEL ? res_hw.driver_refused &&
				  strstr(res_hw.failures, what) :
				  !res_hw.driver_refused &&
				  strstr(res_hw.err, what));
	if (!ok) {
		snprintf(vd->kind, sizeof(vd->kind),
			 "probe: refused, but not as expected");
		if (!print)
			return SC_DIFF;
		printf("# DIFFERENCE seed 0x%llx scenario %u (tc): the skip_sw rule was refused, but not by %s with \"%s\" (%s):\n#   tc said: %s",
		       (unsigned long long)sc->seed, sc->number, who, what,
		       want == REF_MODEL ?
		       "expected in nft_offload's failure log" :
		       "expected from tc, with nothing in nft_offload's failure log",
		       res_hw.err);
		if (res_hw.driver_refused)
			printf("#   nft_offload's failure log: %s",
			       res_hw.failures);
		return SC_DIFF;
	}

	/* 2. no skip flag: in software only, the same reason logged */
	if (run_variant(sc, V_NOHW, &res_hw)) {
		snprintf(vd->kind, sizeof(vd->kind),
			 "probe: not installed without skip_sw");
		if (print)
			printf("# DIFFERENCE seed 0x%llx scenario %u (tc): without skip flags the rule must stay in software (not_in_hw): %s\n",
			       (unsigned long long)sc->seed, sc->number,
			       res_hw.err);
		return SC_DIFF;
	}
	ok = want == REF_MODEL ? res_hw.new_failures > 0 &&
				 strstr(res_hw.failures, what) :
				 res_hw.new_failures == 0;
	if (!ok) {
		snprintf(vd->kind, sizeof(vd->kind),
			 "probe: not_in_hw, but not as expected");
		if (print)
			printf("# DIFFERENCE seed 0x%llx scenario %u (tc): the rule is not_in_hw, but nft_offload's failure log %s (expected: %s):\n#   %s\n",
			       (unsigned long long)sc->seed, sc->number,
			       res_hw.new_failures ? "says" : "says nothing",
			       want == REF_MODEL ? what :
			       "nothing, the kernel never asked it",
			       res_hw.failures);
		return SC_DIFF;
	}

	/* 3. the frames: the same as in software, exactly */
	if (res_sw.late_counters || res_hw.late_counters) {
		if (print)
			printf("# ERROR: counters moved after the kernel had settled; per-packet attribution is unreliable here (please report)\n");
		snprintf(vd->kind, sizeof(vd->kind), "late counters");
		return SC_ERROR;
	}
	compare(sc, &res_sw, &res_hw, NULL, true, vd, print);
	return vd->differing ? SC_DIFF : SC_SAME;
}

static void print_scenario(const struct scenario *sc)
{
	printf("#   rules, software run:\n");
	print_rules(sc, V_SW);
	if (sc->probe) {
		char what[200];

		printf("#   rules the hardware must refuse (%s):\n",
		       expected_refusal(&sc->rule[0], what, sizeof(what)) ==
		       REF_KERNEL ? "the kernel does not offload them" :
		       "not in nft_offload's flow model");
		print_rules(sc, V_HW);
		printf("#   rules left to software (not_in_hw), compared with the software run:\n");
		print_rules(sc, V_NOHW);
	} else {
		printf("#   rules, hardware run:\n");
		print_rules(sc, V_HW);
	}
	for (int p = 2; p < NPORTS; p++)
		if (sc->mtu[p])
			printf("#   MTU of %s%d: %d\n", opt.port_prefix, p,
			       sc->mtu[p]);
	if (sc->shared_block)
		printf("#   the rules are on block %d, shared by %s0 and %s1\n",
		       SHARED_BLOCK, opt.port_prefix, opt.port_prefix);
	printf("#   reproduce: nfto-conform --seed 0x%llx --only %u --frontend %s%s\n",
	       (unsigned long long)sc->seed, sc->number,
	       sc->fe == FE_TC ? "tc" : "nft", opt.mpls ? " --mpls" : "");
}

static bool same_kind(struct scenario *sc, enum sc_status want,
		      const char *kind)
{
	struct verdict vd;

	return check(sc, &vd, false) == want && !strcmp(vd.kind, kind);
}

static void drop_key(struct rule *ru, int k)
{
	ru->keys &= ~BIT(k);
	if (k == K_ETYPE)
		ru->proto = 0x0003;	/* tc: protocol all */
	if (k == K_IP_FLAGS) {
		ru->frag = 0;
		ru->frag_m = 0;
		ru->first = 0;
		ru->first_m = 0;
	}
}

/* The minimized rules in one line, for the list of classes. */
static void shape(const struct scenario *sc, char *buf, size_t len)
{
	int n = 0;

	buf[0] = 0;
	for (int r = 0; r < sc->nrules && n < (int)len; r++) {
		const struct rule *ru = &sc->rule[r];

		n += snprintf(buf + n, len - n, "%s", r ? " + " : "");
		for (int k = 0; k < K_MAX && n < (int)len; k++)
			if (ru->keys & BIT(k))
				n += snprintf(buf + n, len - n, "%s ",
					      key_name(k));
		for (int a = 0; a < ru->nacts && n < (int)len; a++)
			n += snprintf(buf + n, len - n, "%s%s",
				      a ? ", " : "-> ", act_name(ru->act[a].id));
	}
}

#define MAX_CLASSES 64
static struct {
	char sig[400];
	unsigned int count;
	unsigned int first_scenario;
	enum frontend fe;
} classes[MAX_CLASSES];
static int nclasses;

/*
 * A small reproducer: the first differing packet alone, then every rule,
 * key and action taken out in turn while the same kind of difference
 * stays. Returns the class (kind and shape of what is left).
 */
static void minimize(const struct scenario *sc, const struct verdict *vd0)
{
	static struct scenario a, b;
	enum sc_status want = vd0->differing ? SC_DIFF : SC_REFUSED;
	char sig[400], sh[300];
	int tries = 1, c;

	a = *sc;
	if (want == SC_DIFF) {
		a.pkt[0] = sc->pkt[vd0->first];
		a.npkts = 1;
	}
	if (!same_kind(&a, want, vd0->kind)) {
		printf("#   (the difference does not show with this packet alone: no smaller reproducer)\n");
		return;
	}
	for (int r = a.nrules - 1; r >= 0 && a.nrules > 1; r--) {
		b = a;
		memmove(&b.rule[r], &b.rule[r + 1],
			(b.nrules - r - 1) * sizeof(b.rule[0]));
		b.nrules--;
		tries++;
		if (same_kind(&b, want, vd0->kind))
			a = b;
	}
	for (int r = 0; r < a.nrules; r++) {
		for (int k = 0; k < K_MAX; k++) {
			if (!(a.rule[r].keys & BIT(k)))
				continue;
			b = a;
			drop_key(&b.rule[r], k);
			tries++;
			if (same_kind(&b, want, vd0->kind))
				a = b;
		}
		for (int x = a.rule[r].nacts - 1; x >= 0; x--) {
			if (a.rule[r].nacts < 2)
				break;
			b = a;
			memmove(&b.rule[r].act[x], &b.rule[r].act[x + 1],
				(b.rule[r].nacts - x - 1) * sizeof(b.rule[r].act[0]));
			b.rule[r].nacts--;
			tries++;
			if (same_kind(&b, want, vd0->kind))
				a = b;
		}
	}
	shape(&a, sh, sizeof(sh));
	snprintf(sig, sizeof(sig), "%s: %s | %s",
		 sc->fe == FE_TC ? "tc" : "nft", vd0->kind, sh);
	for (c = 0; c < nclasses; c++)
		if (!strcmp(classes[c].sig, sig))
			break;
	if (c < nclasses) {
		classes[c].count++;
		printf("#   minimal reproducer: the same class as scenario %u (%s)\n",
		       classes[c].first_scenario, sig);
		return;
	}
	if (nclasses < MAX_CLASSES) {
		snprintf(classes[nclasses].sig, sizeof(classes[0].sig), "%s",
			 sig);
		classes[nclasses].count = 1;
		classes[nclasses].first_scenario = sc->number;
		classes[nclasses].fe = sc->fe;
		nclasses++;
	}
	printf("#   minimal reproducer (%d rule%s, %d packet%s, %d runs): %s\n",
	       a.nrules, a.nrules == 1 ? "" : "s", a.npkts,
	       a.npkts == 1 ? "" : "s", tries, sig);
	{
		struct verdict vd;

		check(&a, &vd, true);
	}
	if (want == SC_DIFF)
		print_scenario(&a);
}

/*
 * Coverage: of the rules compared, how many matched at least one packet in
 * software, per key and per action. A key no rule ever matched with was
 * not tested, whatever the comparison said.
 */
static struct {
	unsigned int rules, hit;
} cov_key[K_MAX], cov_act[A_MAX];

/* Partial masks, which the per-key lines do not tell apart. */
enum { S_DMAC_M, S_SMAC_M, S_SPORT_M, S_DPORT_M, S_MAX };
static const char *const shape_names[S_MAX] = {
	"dst_mac/mask", "src_mac/mask", "src_port/mask", "dst_port/mask",
};

static struct {
	unsigned int rules, hit;
} cov_shape[S_MAX];

static bool partial(const uint8_t *m, int len)
{
	for (int i = 0; i < len; i++)
		if (m[i] != 0xff)
			return true;
	return false;
}

static void count_shapes(const struct rule *ru, bool hit)
{
	bool has[S_MAX] = {
		[S_DMAC_M] = ru->keys & BIT(K_DMAC) && partial(ru->dmac_m, 6),
		[S_SMAC_M] = ru->keys & BIT(K_SMAC) && partial(ru->smac_m, 6),
		[S_SPORT_M] = ru->keys & BIT(K_SRC_PORT) && ru->sport_m != 0xffff,
		[S_DPORT_M] = ru->keys & BIT(K_DST_PORT) && ru->dport_m != 0xffff,
	};

	for (int i = 0; i < S_MAX; i++) {
		if (!has[i])
			continue;
		cov_shape[i].rules++;
		cov_shape[i].hit += hit;
	}
}

static void count_coverage(const struct scenario *sc, const struct result *sw)
{
	for (int r = 0; r < sc->nrules; r++) {
		const struct rule *ru = &sc->rule[r];
		bool hit = false;

		for (int i = 0; i < sc->npkts && !hit; i++)
			hit = sw->out[i].ctr[r][0].pkts != 0;
		count_shapes(ru, hit);
		for (int k = 0; k < K_MAX; k++) {
			if (!(ru->keys & BIT(k)))
				continue;
			cov_key[k].rules++;
			cov_key[k].hit += hit;
		}
		for (int a = 0; a < ru->nacts; a++) {
			cov_act[ru->act[a].id].rules++;
			cov_act[ru->act[a].id].hit += hit;
		}
	}
}

static void print_coverage(void)
{
	char line[2048];
	int n;

	n = snprintf(line, sizeof(line),
		     "# coverage, rules that matched a packet in software / rules with:");
	for (int k = 0; k < K_MAX; k++)
		if (cov_key[k].rules)
			n += snprintf(line + n, sizeof(line) - n, " %s %u/%u,",
				      key_name(k), cov_key[k].hit,
				      cov_key[k].rules);
	for (int i = 0; i < S_MAX; i++)
		if (cov_shape[i].rules)
			n += snprintf(line + n, sizeof(line) - n, " %s %u/%u,",
				      shape_names[i], cov_shape[i].hit,
				      cov_shape[i].rules);
	printf("%s\n", line);
	n = snprintf(line, sizeof(line), "# coverage, actions:");
	for (unsigned int a = 0; a < ARRAY_SIZE(cov_act); a++)
		if (cov_act[a].rules)
			n += snprintf(line + n, sizeof(line) - n, " %s %u/%u,",
				      act_name(a), cov_act[a].hit,
				      cov_act[a].rules);
	printf("%s\n", line);
}

/* --- main ---------------------------------------------------------------- */

/*
 * The kernel the scenarios are for (--kernel X.Y, else the running
 * one): before 6.12 some rule shapes do not do in software what the
 * hardware does, through a kernel bug (gen.c, no_pedit_after_push()).
 */
static void kernel_version(void)
{
	static struct utsname u;
	unsigned int major, minor;

	if (!opt.kernel) {
		if (uname(&u)) {
			fprintf(stderr, "nfto-conform: uname: %s: give the kernel version with --kernel X.Y\n",
				strerror(errno));
			exit(2);
		}
		opt.kernel = u.release;
	}
	if (sscanf(opt.kernel, "%u.%u", &major, &minor) != 2) {
		fprintf(stderr, "nfto-conform: no kernel version X.Y in '%s': give one with --kernel X.Y (e.g. 6.1)\n",
			opt.kernel);
		exit(2);
	}
	opt.push_keeps_nh = major < 6 || (major == 6 && minor < 12);
}

static void print_kernel(void)
{
	if (opt.push_keeps_nh)
		printf("# kernel %s, before 6.12: no tc pedit or csum after a vlan push, no vlan push before a goto (tests/conform/README.md)\n",
		       opt.kernel);
}

/* The scenarios, without a kernel: what would run. */
static int dry_run(void)
{
	static struct scenario sc;
	unsigned long long pairs = 0;
	unsigned int n = 0;

	print_kernel();
	for (unsigned int number = opt.only ? opt.only : 1;; number++) {
		for (int fe = FE_TC; fe <= FE_NFT; fe++) {
			if ((fe == FE_TC && !opt.fe_tc) ||
			    (fe == FE_NFT && !opt.fe_nft))
				continue;
			gen_scenario(&sc, opt.seed, number, fe);
			n++;
			pairs += (unsigned long long)sc.nrules * sc.npkts;
			printf("# scenario %u %s: %d rules, %d packets\n", number,
			       fe == FE_TC ? "tc" : "nft", sc.nrules, sc.npkts);
			print_scenario(&sc);
			if (opt.verbose) {
				for (int i = 0; i < sc.npkts; i++) {
					printf("#   packet %d (%s), %u bytes\n", i,
					       sc.pkt[i].why, sc.pkt[i].len);
					hexdump("#     ", sc.pkt[i].frame,
						sc.pkt[i].len);
				}
			}
		}
		if (opt.only || (opt.pairs && pairs >= opt.pairs) ||
		    (opt.scenarios && n >= opt.scenarios))
			break;
	}
	printf("# %u scenarios, %llu pairs\n", n, pairs);
	return 0;
}

static void usage(int status)
{
	fprintf(status ? stderr : stdout,
		"usage: nfto-conform [--seed N] [--pairs N] [--scenarios N] [--only K]\n"
		"                    [--frontend tc|nft|both] [--keep-going] [--verbose]\n"
		"                    [--minimize N|--no-minimize] [--show N] [--self-check]\n"
		"                    [--port-prefix nfto1p] [--cap-prefix ccap]\n"
		"                    [--debugfs DIR] [--tc PATH] [--nft PATH]\n"
		"                    [--netns NAME] [--dry-run] [--spawn] [--self-compare]\n"
		"                    [--kernel X.Y]\n"
		"Runs in the topology tests/selftests/conform.sh sets up; see\n"
		"tests/conform/README.md.\n");
	exit(status);
}

/*
 * setns() rather than "ip netns exec": that remounts /sys, and with it
 * goes debugfs, where nft_offload logs why it refused a rule.
 */
static void enter_netns(const char *name)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s%s", strchr(name, '/') ? "" :
		 "/run/netns/", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || setns(fd, CLONE_NEWNET))
		die("cannot enter netns %s: %s", path, strerror(errno));
	close(fd);
}

static uint64_t random_seed(void)
{
	uint64_t s = 0;
	int fd = open("/dev/urandom", O_RDONLY);

	if (fd < 0 || read(fd, &s, sizeof(s)) != sizeof(s))
		s = (uint64_t)time(NULL) ^ (uint64_t)getpid() << 32;
	if (fd >= 0)
		close(fd);
	return s & 0xffffffffffffull;
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "pairs", required_argument, NULL, 'p' },
		{ "scenarios", required_argument, NULL, 'n' },
		{ "only", required_argument, NULL, 'o' },
		{ "frontend", required_argument, NULL, 'f' },
		{ "keep-going", no_argument, NULL, 'k' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "no-minimize", no_argument, NULL, 'M' },
		{ "minimize", required_argument, NULL, 'Z' },
		{ "show", required_argument, NULL, 'S' },
		{ "self-check", no_argument, NULL, 'c' },
		{ "mpls", no_argument, NULL, 'm' },
		{ "dry-run", no_argument, NULL, 'd' },
		{ "netns", required_argument, NULL, 'E' },
		{ "spawn", no_argument, NULL, 'X' },
		{ "self-compare", no_argument, NULL, 'Y' },
		{ "port-prefix", required_argument, NULL, 'P' },
		{ "cap-prefix", required_argument, NULL, 'C' },
		{ "debugfs", required_argument, NULL, 'D' },
		{ "tc", required_argument, NULL, 'T' },
		{ "nft", required_argument, NULL, 'N' },
		{ "kernel", required_argument, NULL, 'K' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	static struct scenario sc;
	unsigned long long pairs = 0, packets = 0;
	unsigned int scenarios = 0, diffs = 0, refused = 0, errors = 0;
	unsigned int probes = 0;
	unsigned int tapn = 0, minimized = 0;
	bool have_seed = false;
	char dbg[256];
	double t0, tsc = 0;
	int c;

	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((c = getopt_long(argc, argv, "s:p:n:o:f:kvh", lo, NULL)) != -1) {
		switch (c) {
		case 's':
			opt.seed = strtoull(optarg, NULL, 0);
			have_seed = true;
			break;
		case 'p':
			opt.pairs = strtoull(optarg, NULL, 0);
			break;
		case 'n':
			opt.scenarios = strtoul(optarg, NULL, 0);
			break;
		case 'o':
			opt.only = strtoul(optarg, NULL, 0);
			break;
		case 'f':
			opt.fe_tc = !strcmp(optarg, "tc") || !strcmp(optarg, "both");
			opt.fe_nft = !strcmp(optarg, "nft") || !strcmp(optarg, "both");
			if (!opt.fe_tc && !opt.fe_nft)
				usage(2);
			break;
		case 'k':
			opt.keep_going = true;
			break;
		case 'v':
			opt.verbose = true;
			break;
		case 'M':
			opt.minimize = 0;
			break;
		case 'Z':
			opt.minimize = strtoul(optarg, NULL, 0);
			break;
		case 'S':
			opt.max_show = strtoul(optarg, NULL, 0);
			break;
		case 'c':
			opt.self_check = true;
			break;
		case 'm':
			opt.mpls = true;
			break;
		case 'd':
			opt.dry_run = true;
			break;
		case 'E':
			opt.netns = optarg;
			break;
		case 'X':
			opt.spawn = true;
			break;
		case 'Y':
			opt.self_compare = true;
			break;
		case 'P':
			opt.port_prefix = optarg;
			break;
		case 'C':
			opt.cap_prefix = optarg;
			break;
		case 'D':
			opt.dbg = optarg;
			break;
		case 'T':
			opt.tc = optarg;
			break;
		case 'N':
			opt.nft = optarg;
			break;
		case 'K':
			opt.kernel = optarg;
			break;
		case 'h':
			usage(0);
			break;
		default:
			usage(2);
		}
	}
	if (optind != argc)
		usage(2);
	if (!opt.dbg) {
		/* the ports of switch nfto1 are nfto1p0.. */
		int n = strlen(opt.port_prefix);

		if (n && opt.port_prefix[n - 1] == 'p')
			n--;
		snprintf(dbg, sizeof(dbg), "/sys/kernel/debug/nft_offload/%.*s",
			 n, opt.port_prefix);
		opt.dbg = dbg;
	}
	if (!have_seed)
		opt.seed = random_seed();
	if (!opt.pairs && !opt.scenarios && !opt.only)
		opt.pairs = 10000;
	kernel_version();

	if (opt.dry_run)
		return dry_run();
	if (opt.netns)
		enter_netns(opt.netns);
	env_open();
	flush_all();
	printf("TAP version 13\n");
	if (opt.self_check) {
		int fail = self_check();

		flush_all();
		printf("1..%d\n", 3 * 2 * 2 * 2);
		return fail ? 1 : 0;
	}
	printf("# nfto-conform: seed 0x%llx, %s%s%s",
	       (unsigned long long)opt.seed, opt.fe_tc ? "tc" : "",
	       opt.fe_tc && opt.fe_nft ? " and " : "", opt.fe_nft ? "nft" : "");
	if (opt.only)
		printf(", scenario %u only\n", opt.only);
	else if (opt.pairs)
		printf(", stop after %llu pairs\n", opt.pairs);
	else
		printf(", stop after %u scenarios\n", opt.scenarios);
	print_kernel();

	t0 = now_ms();
	for (unsigned int number = opt.only ? opt.only : 1;; number++) {
		bool stop = false;

		for (int fe = FE_TC; fe <= FE_NFT && !stop; fe++) {
			struct verdict vd;
			enum sc_status st;
			double ts;

			if ((fe == FE_TC && !opt.fe_tc) ||
			    (fe == FE_NFT && !opt.fe_nft))
				continue;
			gen_scenario(&sc, opt.seed, number, fe);
			ts = now_ms();
			st = check(&sc, &vd, true);
			tsc += now_ms() - ts;
			scenarios++;
			pairs += (unsigned long long)sc.nrules * sc.npkts;
			packets += sc.npkts;
			tapn++;
			if (st == SC_SAME || st == SC_DIFF)
				count_coverage(&sc, &res_sw);
			switch (st) {
			case SC_SAME:
				if (sc.probe && !opt.self_compare) {
					probes++;
					printf("ok %u - scenario %u tc: refusal probe: refused with skip_sw, not_in_hw without, %d packets the same\n",
					       tapn, number, sc.npkts);
					break;
				}
				printf("ok %u - scenario %u %s: %d rules x %d packets the same\n",
				       tapn, number, fe == FE_TC ? "tc" : "nft",
				       sc.nrules, sc.npkts);
				break;
			case SC_DIFF:
			case SC_REFUSED:
				if (st == SC_DIFF)
					diffs++;
				else
					refused++;
				printf("not ok %u - scenario %u %s: %s\n", tapn,
				       number, fe == FE_TC ? "tc" : "nft",
				       st == SC_DIFF && !vd.differing ? vd.kind :
				       st == SC_DIFF ? "hardware differs from software" :
				       vd.kind);
				if (st == SC_DIFF && vd.differing)
					printf("#   %d of %d packets differ (first: packet %d, %s)\n",
					       vd.differing, sc.npkts, vd.first,
					       vd.kind);
				print_scenario(&sc);
				/* a probe's refusal: one rule, nothing to shrink */
				if (minimized < opt.minimize &&
				    !(sc.probe && !vd.differing)) {
					minimized++;
					minimize(&sc, &vd);
				}
				stop = !opt.keep_going;
				break;
			default:
				errors++;
				printf("not ok %u - scenario %u %s: tester error: %s\n",
				       tapn, number, fe == FE_TC ? "tc" : "nft",
				       vd.kind);
				print_scenario(&sc);
				stop = !opt.keep_going;
			}
			if (opt.pairs && pairs >= opt.pairs)
				stop = true;
			if (opt.scenarios && scenarios >= opt.scenarios)
				stop = true;
		}
		if (stop || opt.only)
			break;
	}
	flush_all();
	env_close();
	printf("1..%u\n", tapn);
	if (nclasses) {
		printf("# difference classes (of the %u minimized scenarios):\n",
		       minimized);
		for (int k = 0; k < nclasses; k++)
			printf("#   %u x %s (first: --only %u --frontend %s)\n",
			       classes[k].count, classes[k].sig,
			       classes[k].first_scenario,
			       classes[k].fe == FE_TC ? "tc" : "nft");
	}
	print_coverage();
	printf("# nfto-conform: seed 0x%llx: %u scenarios, %llu packets, %llu rule x packet pairs compared; %u differ, %u refused, %u tester errors; %u refusal probes as expected\n",
	       (unsigned long long)opt.seed, scenarios, packets, pairs, diffs,
	       refused, errors, probes);
	printf("# nfto-conform: %.0f ms per scenario, %.0f pairs/s (%.1f s; installing %.1f s, packets %.1f s, quiet waits %.1f s)\n",
	       scenarios ? tsc / scenarios : 0.0,
	       tsc > 0 ? pairs * 1000.0 / tsc : 0.0, (now_ms() - t0) / 1000,
	       t_install / 1000, t_packets / 1000, t_quiet / 1000);
	if (errors)
		return 2;
	return diffs || refused ? 1 : 0;
}
