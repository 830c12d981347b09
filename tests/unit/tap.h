/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny KUnit-like harness printing TAP version 13.
 *
 * The same test files also build into the kernel as KUnit suites
 * (tests/kunit/nfto_kunit.c, NFTO_KUNIT defined): struct test then wraps
 * the struct kunit, failures go to KUNIT_FAIL() and each suite becomes one
 * parameterized KUnit case. Tests that need the shim's own knobs (expected
 * WARN_ON()s, allocation failure injection, libc) are userspace-only:
 * #ifndef NFTO_KUNIT around them and their TEST_CASE() line.
 *
 * A test is `static void name(struct test *t)`; a suite is an array of
 * TEST_CASE()s ending with {}. EXPECT_*() record a failure and go on,
 * ASSERT_*() also return from the test. After every test the runner also
 * fails it on a WARN_ON() it did not announce with expect_warnings(), on a
 * k*alloc() not freed, on a lock still held and on an open RCU section.
 * TEST_CASE_TODO() marks a test of a known bug: it is reported
 * "not ok ... # TODO" and does not fail the run until the bug is fixed.
 */
#ifndef _TAP_H
#define _TAP_H

#ifdef NFTO_KUNIT
#include <kunit/test.h>
#include <linux/string.h>
#else
#include <stdio.h>
#include <string.h>
#endif

struct test {
#ifdef NFTO_KUNIT
	struct kunit	*kunit;
#endif
	const char	*name;
	unsigned int	failures;
	unsigned long	warnings_expected;
};

struct test_case {
	const char	*name;
	void		(*fn)(struct test *t);
	const char	*todo;
};

struct test_suite {
	const char		*name;
	const struct test_case	*cases;
};

#define TEST_CASE(fn)		{ #fn, fn, NULL }
#define TEST_CASE_TODO(fn, why)	{ #fn, fn, why }

extern const struct test_suite suite_flow, suite_caps, suite_table,
	suite_engine, suite_registry;

void test_fail(struct test *t, const char *file, int line,
	       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* A diagnostic line of the current test: "# ..." in both builds. */
#ifdef NFTO_KUNIT
#define test_info(t, fmt, ...)	kunit_info((t)->kunit, fmt, ##__VA_ARGS__)
#else
#define test_info(t, fmt, ...)	printf("#   " fmt "\n", ##__VA_ARGS__)
#endif

static inline void expect_warnings(struct test *t, unsigned long n)
{
	t->warnings_expected = n;
}

#define EXPECT_TRUE(c) ({						\
	bool __ok = !!(c);						\
	if (!__ok)							\
		test_fail(t, __FILE__, __LINE__, "expected %s", #c);	\
	__ok;								\
})
#define EXPECT_FALSE(c)	EXPECT_TRUE(!(c))

#define EXPECT_EQ(a, b) ({						\
	long long __a = (long long)(a), __b = (long long)(b);		\
	bool __ok = __a == __b;						\
	if (!__ok)							\
		test_fail(t, __FILE__, __LINE__,			\
			  "%s == %s: %lld (%#llx) != %lld (%#llx)", #a, #b, \
			  __a, (unsigned long long)__a, __b,		\
			  (unsigned long long)__b);			\
	__ok;								\
})
#define EXPECT_NE(a, b) ({						\
	long long __a = (long long)(a), __b = (long long)(b);		\
	bool __ok = __a != __b;						\
	if (!__ok)							\
		test_fail(t, __FILE__, __LINE__, "%s != %s: both %lld",	\
			  #a, #b, __a);					\
	__ok;								\
})
#define EXPECT_PTR_EQ(a, b) ({						\
	const void *__a = (a), *__b = (b);				\
	bool __ok = __a == __b;						\
	if (!__ok)							\
		test_fail(t, __FILE__, __LINE__, "%s == %s: %p != %p",	\
			  #a, #b, __a, __b);				\
	__ok;								\
})
#define EXPECT_NULL(a)		EXPECT_PTR_EQ(a, NULL)
#define EXPECT_NOT_NULL(a) ({						\
	bool __ok = (a) != NULL;					\
	if (!__ok)							\
		test_fail(t, __FILE__, __LINE__, "%s is NULL", #a);	\
	__ok;								\
})
#define EXPECT_STREQ(a, b) ({						\
	const char *__a = (a), *__b = (b);				\
	bool __ok = __a && __b && !strcmp(__a, __b);			\
	if (!__ok)							\
		test_fail(t, __FILE__, __LINE__, "%s == %s: \"%s\" != \"%s\"", \
			  #a, #b, __a ?: "(null)", __b ?: "(null)");	\
	__ok;								\
})
#define EXPECT_CONTAINS(hay, needle) ({					\
	const char *__h = (hay), *__n = (needle);			\
	bool __ok = __h && strstr(__h, __n);				\
	if (!__ok)							\
		test_fail(t, __FILE__, __LINE__,			\
			  "%s does not contain \"%s\": \"%s\"", #hay, __n, \
			  __h ?: "(null)");				\
	__ok;								\
})
#define EXPECT_MEMEQ(a, b, len) ({					\
	bool __ok = !memcmp((a), (b), (len));				\
	if (!__ok)							\
		test_fail(t, __FILE__, __LINE__, "%s and %s differ",	\
			  #a, #b);					\
	__ok;								\
})

#define ASSERT_TRUE(c)		do { if (!EXPECT_TRUE(c)) return; } while (0)
#define ASSERT_EQ(a, b)		do { if (!EXPECT_EQ(a, b)) return; } while (0)
#define ASSERT_NOT_NULL(a)	do { if (!EXPECT_NOT_NULL(a)) return; } while (0)
#define ASSERT_PTR_EQ(a, b)	do { if (!EXPECT_PTR_EQ(a, b)) return; } while (0)

#endif /* _TAP_H */
