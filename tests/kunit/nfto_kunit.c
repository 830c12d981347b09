// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suites of nft_offload_lib's pure parts: the flow_rule translation
 * and validation (core/flow.c), the capability checks (core/caps.c) and the
 * flow table (core/table.c).
 *
 * The tests are the userspace unit tests' own files (tests/unit/test_*.c),
 * built here with NFTO_KUNIT defined: tests/unit/tap.h then maps their
 * EXPECT_*() onto KUNIT_FAIL(), and each suite is one parameterized KUnit
 * case whose parameters are the suite's tests, so KTAP names every test.
 * The same sources thus run against the real kernel (rhashtable, RCU,
 * flow_rule_alloc(), KASAN, kmemleak, lockdep) and in userspace under
 * ASan/UBSan and libFuzzer.
 *
 *	modprobe nft_offload_kunit	# runs the suites; KTAP in the kernel log
 *	cat /sys/kernel/debug/kunit/nft_offload_table/results
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/string.h>

#include "../unit/tap.h"

void test_fail(struct test *t, const char *file, int line,
	       const char *fmt, ...)
{
	struct va_format vaf;
	va_list ap;

	t->failures++;
	va_start(ap, fmt);
	vaf.fmt = fmt;
	vaf.va = &ap;
	KUNIT_FAIL(t->kunit, "%s:%d: %pV", file, line, &vaf);
	va_end(ap);
}

static void nfto_kunit_run(struct kunit *k)
{
	const struct test_case *c = k->param_value;
	struct test t = { .kunit = k, .name = c->name };

	c->fn(&t);
}

/* The suite's test_cases as KUnit parameters, named after the tests. */
static const void *nfto_kunit_next(const struct test_suite *s,
				   const void *prev, char *desc)
{
	const struct test_case *c = prev ? (const struct test_case *)prev + 1 :
					   s->cases;

	if (!c->fn)
		return NULL;
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
	return c;
}

#define NFTO_KUNIT_SUITE(sname)						\
static const void *sname##_gen(const void *prev, char *desc)		\
{									\
	return nfto_kunit_next(&suite_##sname, prev, desc);		\
}									\
static struct kunit_case sname##_kunit_cases[] = {			\
	KUNIT_CASE_PARAM(nfto_kunit_run, sname##_gen),			\
	{}								\
};									\
static struct kunit_suite sname##_kunit_suite = {			\
	.name		= "nft_offload_" #sname,			\
	.test_cases	= sname##_kunit_cases,				\
}

NFTO_KUNIT_SUITE(flow);
NFTO_KUNIT_SUITE(caps);
NFTO_KUNIT_SUITE(table);

kunit_test_suites(&flow_kunit_suite, &caps_kunit_suite, &table_kunit_suite);

MODULE_DESCRIPTION("KUnit tests of nft_offload_lib: flow translation, capabilities, table");
MODULE_LICENSE("GPL");
