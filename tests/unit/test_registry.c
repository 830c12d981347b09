// SPDX-License-Identifier: GPL-2.0
/*
 * core/registry.c: registration, validation, load-by-name through the
 * prefixed alias, module references.
 */
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/string.h>

#include "fake_backend.h"
#include "nfto.h"
#include "tap.h"

extern struct module *loadme_module;
extern const struct nfto_backend_ops *loadme_ops_ptr;

static char requested[8][SHIM_MSG_MAX];
static unsigned int nrequested;

/* modprobe that finds nothing, and remembers what it was asked for */
static int record_request(const char *name)
{
	if (nrequested < ARRAY_SIZE(requested))
		strscpy(requested[nrequested], name, SHIM_MSG_MAX);
	nrequested++;
	return -ENOENT;
}

static void hook_record(void)
{
	nrequested = 0;
	memset(requested, 0, sizeof(requested));
	shim.request_module_hook = record_request;
}

static const char *list(void)
{
	static char buf[256];

	nfto_backend_list(buf, sizeof(buf));
	return buf;
}

static void registry_register_unregister(struct test *t)
{
	unsigned long info = shim.pr_info;
	const struct nfto_backend_ops *ops;

	fake_reset(&fake_a, "alpha");
	fake_reset(&fake_b, "beta");
	hook_record();
	EXPECT_EQ(nfto_backend_register(&fake_a.ops), 0);
	EXPECT_EQ(nfto_backend_register(&fake_b.ops), 0);
	EXPECT_EQ(shim.pr_info - info, 2);
	EXPECT_CONTAINS(shim.last_pr, "backend beta 1.0 registered");
	EXPECT_STREQ(list(), "alpha beta");

	ops = nfto_backend_get("beta");
	EXPECT_PTR_EQ(ops, &fake_b.ops);
	EXPECT_EQ(module_refcount(&fake_b.mod), 1);
	EXPECT_EQ(module_refcount(&fake_a.mod), 0);
	EXPECT_EQ(nrequested, 0);	/* registered: nothing to load */
	nfto_backend_put(ops);
	EXPECT_EQ(module_refcount(&fake_b.mod), 0);
	nfto_backend_put(NULL);		/* allowed */

	nfto_backend_unregister(&fake_a.ops);
	EXPECT_STREQ(list(), "beta");
	EXPECT_NULL(nfto_backend_get("alpha"));
	EXPECT_EQ(nrequested, 1);
	nfto_backend_unregister(&fake_b.ops);
	EXPECT_STREQ(list(), "");
	/* unregistering what is not registered changes nothing */
	nfto_backend_unregister(&fake_b.ops);
	EXPECT_STREQ(list(), "");
}

static void registry_duplicate_refused(struct test *t)
{
	unsigned long err = shim.pr_err;

	fake_reset(&fake_a, "dup");
	fake_reset(&fake_b, "dup");
	EXPECT_EQ(nfto_backend_register(&fake_a.ops), 0);
	EXPECT_EQ(nfto_backend_register(&fake_b.ops), -EEXIST);
	EXPECT_EQ(nfto_backend_register(&fake_a.ops), -EEXIST);
	EXPECT_EQ(shim.pr_err - err, 2);
	EXPECT_STREQ(shim.last_pr, "backend dup is already registered");
	EXPECT_STREQ(list(), "dup");
	nfto_backend_unregister(&fake_b.ops);	/* not the registered one */
	EXPECT_STREQ(list(), "dup");
	nfto_backend_unregister(&fake_a.ops);
	EXPECT_STREQ(list(), "");
}

static const char name40[] = "abcdefghijabcdefghijabcdefghijabcdefghij";
static const char name32[] = "abcdefghijabcdefghijabcdefghijab";
static const char name31[] = "abcdefghijabcdefghijabcdefghija";

static void registry_invalid_name_refused(struct test *t)
{
	static const char * const bad[] = {
		"", "A", "Foo", "../x", "a b", "a/b", "a.b", "x\n", name32,
		name40,
	};
	unsigned long err = shim.pr_err;
	unsigned int i;

	EXPECT_EQ(nfto_backend_register(NULL), -EINVAL);
	fake_reset(&fake_a, "x");
	fake_a.ops.name = NULL;
	EXPECT_EQ(nfto_backend_register(&fake_a.ops), -EINVAL);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		fake_a.ops.name = bad[i];
		if (!EXPECT_EQ(nfto_backend_register(&fake_a.ops), -EINVAL))
			printf("#   name \"%s\"\n", bad[i]);
	}
	EXPECT_EQ(shim.pr_err - err, 2 + ARRAY_SIZE(bad));
	EXPECT_STREQ(list(), "");
}

static void registry_name_valid(struct test *t)
{
	EXPECT_TRUE(nfto_backend_name_valid("a"));
	EXPECT_TRUE(nfto_backend_name_valid("nsim"));
	EXPECT_TRUE(nfto_backend_name_valid("a-b_c9"));
	EXPECT_TRUE(nfto_backend_name_valid("0"));
	EXPECT_TRUE(nfto_backend_name_valid(name31));
	EXPECT_FALSE(nfto_backend_name_valid(name32));
	EXPECT_FALSE(nfto_backend_name_valid(name40));
	EXPECT_FALSE(nfto_backend_name_valid(""));
	EXPECT_FALSE(nfto_backend_name_valid("A"));
	EXPECT_FALSE(nfto_backend_name_valid("../x"));
	EXPECT_FALSE(nfto_backend_name_valid("a\tb"));
	EXPECT_FALSE(nfto_backend_name_valid("a*"));
}

/*
 * The kernel's islower() is true for Latin-1 bytes 0xdf-0xff (lib/ctype.c),
 * so "\xe9" passes as [a-z] and is sent to modprobe.
 */
static void registry_name_latin1_refused(struct test *t)
{
	EXPECT_FALSE(nfto_backend_name_valid("\xe9"));
	EXPECT_FALSE(nfto_backend_name_valid("caf\xe9"));
	EXPECT_FALSE(nfto_backend_name_valid("\xff\xfe"));
	hook_record();
	EXPECT_NULL(nfto_backend_get("caf\xe9"));
	EXPECT_EQ(nrequested, 0);
}

static void registry_missing_fields_refused(struct test *t)
{
	unsigned long err = shim.pr_err;

	fake_reset(&fake_a, "foo");
	fake_a.ops.caps = NULL;
	EXPECT_EQ(nfto_backend_register(&fake_a.ops), -EINVAL);

	fake_reset(&fake_a, "foo");
	fake_a.ops.version = NULL;
	EXPECT_EQ(nfto_backend_register(&fake_a.ops), -EINVAL);

	fake_reset(&fake_a, "foo");
	fake_a.caps.table_size = 0;
	EXPECT_EQ(nfto_backend_register(&fake_a.ops), -EINVAL);

	fake_reset(&fake_a, "foo");
	fake_a.caps.table_size = fake_a.caps.table_size_max + 1;
	EXPECT_EQ(nfto_backend_register(&fake_a.ops), -EINVAL);

	fake_reset(&fake_a, "foo");
	fake_a.caps.max_actions = NFTO_MAX_ACTIONS + 1;
	EXPECT_EQ(nfto_backend_register(&fake_a.ops), -EINVAL);

	fake_reset(&fake_a, "foo");
	fake_a.ops.flow_del = NULL;
	EXPECT_EQ(nfto_backend_register(&fake_a.ops), -EINVAL);
	EXPECT_EQ(shim.pr_err - err, 6);
	EXPECT_CONTAINS(shim.last_pr, "backend foo: needs caps");
	EXPECT_STREQ(list(), "");

	/* the limits themselves, and no callbacks at all, are fine */
	fake_reset(&fake_a, "foo");
	fake_a.caps.max_actions = NFTO_MAX_ACTIONS;
	fake_a.caps.table_size = fake_a.caps.table_size_max;
	fake_a.ops.dev_init = NULL;
	fake_a.ops.dev_fini = NULL;
	fake_a.ops.flow_check = NULL;
	fake_a.ops.flow_add = NULL;
	fake_a.ops.flow_del = NULL;
	fake_a.ops.flow_stats = NULL;
	EXPECT_EQ(nfto_backend_register(&fake_a.ops), 0);
	nfto_backend_unregister(&fake_a.ops);
}

static void registry_get_missing_requests_alias(struct test *t)
{
	hook_record();
	EXPECT_NULL(nfto_backend_get("ghost"));
	EXPECT_EQ(nrequested, 1);
	EXPECT_STREQ(requested[0], "nft-offload-backend-ghost");
	EXPECT_NULL(nfto_backend_get(name31));
	EXPECT_EQ(nrequested, 2);
	EXPECT_STREQ(requested[1],
		     "nft-offload-backend-abcdefghijabcdefghijabcdefghija");
}

static void registry_get_invalid_name_requests_nothing(struct test *t)
{
	static const char * const bad[] = {
		"../x", "A", "", name40, name32, "a b", "x;rm", "/lib",
	};
	unsigned int i;

	hook_record();
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		EXPECT_NULL(nfto_backend_get(bad[i]));
	EXPECT_EQ(nrequested, 0);
}

/* modprobe runs module_init, which registers; get pins the module. */
static void registry_get_loads_module(struct test *t)
{
	unsigned long calls = shim.request_module_calls;
	const struct nfto_backend_ops *ops;

	ASSERT_EQ(loadme_module->state, MODULE_STATE_UNFORMED);
	EXPECT_STREQ(loadme_module->aliases[0], "nft-offload-backend-loadme");

	ops = nfto_backend_get("loadme");
	EXPECT_EQ(shim.request_module_calls - calls, 1);
	EXPECT_STREQ(shim.last_request_module, "nft-offload-backend-loadme");
	ASSERT_PTR_EQ(ops, loadme_ops_ptr);
	EXPECT_EQ(loadme_module->state, MODULE_STATE_LIVE);
	EXPECT_EQ(module_refcount(loadme_module), 1);
	EXPECT_STREQ(list(), "loadme");

	/* loaded now: a second get loads nothing */
	EXPECT_PTR_EQ(nfto_backend_get("loadme"), ops);
	EXPECT_EQ(shim.request_module_calls - calls, 1);
	EXPECT_EQ(module_refcount(loadme_module), 2);

	EXPECT_EQ(shim_rmmod(loadme_module), -EBUSY);
	nfto_backend_put(ops);
	nfto_backend_put(ops);
	EXPECT_EQ(module_refcount(loadme_module), 0);
	EXPECT_EQ(shim_rmmod(loadme_module), 0);
	EXPECT_STREQ(list(), "");

	/* and again, from scratch */
	ops = nfto_backend_get("loadme");
	EXPECT_PTR_EQ(ops, loadme_ops_ptr);
	EXPECT_EQ(shim.request_module_calls - calls, 2);
	nfto_backend_put(ops);
	EXPECT_EQ(shim_rmmod(loadme_module), 0);
}

/* A backend whose module is being removed cannot be pinned any more. */
static void registry_get_going_module(struct test *t)
{
	fake_reset(&fake_a, "going");
	EXPECT_EQ(nfto_backend_register(&fake_a.ops), 0);
	fake_a.mod.state = MODULE_STATE_GOING;
	hook_record();
	EXPECT_NULL(nfto_backend_get("going"));
	EXPECT_EQ(nrequested, 1);
	EXPECT_EQ(module_refcount(&fake_a.mod), 0);
	fake_a.mod.state = MODULE_STATE_LIVE;
	nfto_backend_unregister(&fake_a.ops);
}

static void registry_list_bounded(struct test *t)
{
	char buf[8];

	fake_reset(&fake_a, "alpha");
	fake_reset(&fake_b, "beta");
	EXPECT_EQ(nfto_backend_register(&fake_a.ops), 0);
	EXPECT_EQ(nfto_backend_register(&fake_b.ops), 0);
	EXPECT_EQ(nfto_backend_list(buf, sizeof(buf)), 7);
	EXPECT_STREQ(buf, "alpha b");
	EXPECT_EQ(nfto_backend_list(buf, 1), 0);
	EXPECT_STREQ(buf, "");
	buf[0] = 'x';
	EXPECT_EQ(nfto_backend_list(buf, 0), 0);
	EXPECT_EQ(buf[0], 'x');
	nfto_backend_unregister(&fake_b.ops);
	nfto_backend_unregister(&fake_a.ops);
}

struct walk {
	char		names[128];
	const char	*stop_at;
	unsigned int	calls, unlocked;
};

static int walk_fn(const struct nfto_backend_ops *ops, void *arg)
{
	struct walk *w = arg;
	size_t len = strlen(w->names);

	w->calls++;
	if (!rcu_read_lock_held())
		w->unlocked++;
	if (w->stop_at && !strcmp(ops->name, w->stop_at))
		return 1;	/* e.g. the netlink message is full */
	scnprintf(w->names + len, sizeof(w->names) - len, "%s%s",
		  len ? " " : "", ops->name);
	return 0;
}

/* A dump of the backends, in pieces: the index to resume from. */
static void registry_walk(struct test *t)
{
	struct walk w;

	fake_reset(&fake_a, "alpha");
	fake_reset(&fake_b, "beta");
	fake_reset(&fake_c, "gamma");
	EXPECT_EQ(nfto_backend_register(&fake_a.ops), 0);
	EXPECT_EQ(nfto_backend_register(&fake_b.ops), 0);
	EXPECT_EQ(nfto_backend_register(&fake_c.ops), 0);

	memset(&w, 0, sizeof(w));
	EXPECT_EQ(nfto_backends_walk(0, walk_fn, &w), 3);
	EXPECT_STREQ(w.names, "alpha beta gamma");
	EXPECT_EQ(w.calls, 3);
	EXPECT_EQ(w.unlocked, 0);

	memset(&w, 0, sizeof(w));
	w.stop_at = "beta";
	EXPECT_EQ(nfto_backends_walk(0, walk_fn, &w), 1);
	EXPECT_STREQ(w.names, "alpha");
	w.stop_at = NULL;
	EXPECT_EQ(nfto_backends_walk(1, walk_fn, &w), 3);
	EXPECT_STREQ(w.names, "alpha beta gamma");

	memset(&w, 0, sizeof(w));
	EXPECT_EQ(nfto_backends_walk(3, walk_fn, &w), 3);
	EXPECT_EQ(w.calls, 0);

	nfto_backend_unregister(&fake_b.ops);
	memset(&w, 0, sizeof(w));
	EXPECT_EQ(nfto_backends_walk(0, walk_fn, &w), 2);
	EXPECT_STREQ(w.names, "alpha gamma");
	nfto_backend_unregister(&fake_a.ops);
	nfto_backend_unregister(&fake_c.ops);
	memset(&w, 0, sizeof(w));
	EXPECT_EQ(nfto_backends_walk(0, walk_fn, &w), 0);
	EXPECT_EQ(w.calls, 0);
}

static const struct test_case registry_cases[] = {
	TEST_CASE(registry_register_unregister),
	TEST_CASE(registry_duplicate_refused),
	TEST_CASE(registry_invalid_name_refused),
	TEST_CASE(registry_name_valid),
	TEST_CASE(registry_name_latin1_refused),
	TEST_CASE(registry_missing_fields_refused),
	TEST_CASE(registry_get_missing_requests_alias),
	TEST_CASE(registry_get_invalid_name_requests_nothing),
	TEST_CASE(registry_get_loads_module),
	TEST_CASE(registry_get_going_module),
	TEST_CASE(registry_list_bounded),
	TEST_CASE(registry_walk),
	{}
};

const struct test_suite suite_registry = { "registry", registry_cases };
