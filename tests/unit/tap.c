// SPDX-License-Identifier: GPL-2.0
/*
 * The test runner: every suite's tests, or those whose "suite.test" name
 * contains argv[1], as TAP version 13. Exit status 1 on any failure that is
 * not a TODO; with UNIT_STRICT=1 in the environment, on TODO failures too.
 * UNIT_QUIET=1 stops the echo of pr_*() lines on stderr.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>

#include <linux/kernel.h>

#include "tap.h"

static const struct test_suite *suites[] = {
	&suite_flow, &suite_caps, &suite_table, &suite_engine, &suite_registry,
};

void test_fail(struct test *t, const char *file, int line,
	       const char *fmt, ...)
{
	va_list ap;

	t->failures++;
	printf("#   %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static bool selected(const struct test_suite *s, const struct test_case *c,
		     const char *filter)
{
	char name[256];

	if (!filter)
		return true;
	snprintf(name, sizeof(name), "%s.%s", s->name, c->name);
	return strstr(name, filter);
}

/* The runner's own checks after a test, on the shim's counters. */
static void check_aftermath(struct test *t, unsigned long warnings,
			    long allocs_live)
{
	unsigned long warned = shim.warnings - warnings;

	if (warned != t->warnings_expected)
		test_fail(t, "tap.c", __LINE__,
			  "%lu warning(s), %lu expected; last: %s", warned,
			  t->warnings_expected, shim.last_warning);
	if (shim.allocs_live != allocs_live)
		test_fail(t, "tap.c", __LINE__,
			  "%ld k*alloc()ed object(s) not freed",
			  shim.allocs_live - allocs_live);
	if (shim.locks_held)
		test_fail(t, "tap.c", __LINE__, "%d lock(s) still held",
			  shim.locks_held);
	if (shim.rcu_depth)
		test_fail(t, "tap.c", __LINE__,
			  "RCU read-side section left open (depth %d)",
			  shim.rcu_depth);
}

int main(int argc, char **argv)
{
	const char *filter = argc > 1 && argv[1][0] ? argv[1] : NULL;
	unsigned int n = 0, planned = 0, failed = 0, todo = 0;
	size_t i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (getenv("UNIT_QUIET"))
		shim.quiet = true;

	for (i = 0; i < ARRAY_SIZE(suites); i++) {
		const struct test_case *c;

		for (c = suites[i]->cases; c->fn; c++)
			planned += selected(suites[i], c, filter);
	}
	printf("TAP version 13\n1..%u\n", planned);

	for (i = 0; i < ARRAY_SIZE(suites); i++) {
		const struct test_suite *s = suites[i];
		const struct test_case *c;

		for (c = s->cases; c->fn; c++) {
			struct test t = { .name = c->name };
			unsigned long warnings;
			long allocs_live;

			if (!selected(s, c, filter))
				continue;
			/* a fresh "boot" for the shim's per-test knobs */
			shim.warn_gen++;
			shim.request_module_hook = NULL;
			shim.fail_alloc_nth = 0;
			jiffies = 1000;
			warnings = shim.warnings;
			allocs_live = shim.allocs_live;

			c->fn(&t);
			check_aftermath(&t, warnings, allocs_live);

			n++;
			if (c->todo) {
				printf("%sok %u - %s.%s # TODO %s\n",
				       t.failures ? "not " : "", n, s->name,
				       c->name, c->todo);
				if (!t.failures)
					printf("# %s.%s passes: the bug is fixed, make it a TEST_CASE()\n",
					       s->name, c->name);
				todo += !!t.failures;
				continue;
			}
			printf("%sok %u - %s.%s\n", t.failures ? "not " : "",
			       n, s->name, c->name);
			failed += !!t.failures;
		}
	}
	printf("# %u tests: %u passed, %u failed, %u known bugs (TODO)\n",
	       n, n - failed - todo, failed, todo);
	if (getenv("UNIT_STRICT"))
		failed += todo;
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
