// SPDX-License-Identifier: GPL-2.0
/*
 * The userspace half of P4 (Documentation/performance.rst): core/table.c,
 * the same source the kernel runs, filled with N flowtable entries as the
 * engine allocates them, then L exact-match lookups of present keys in a
 * pseudo-random order, as tests/bench/kmod/nfto_bench.c does in the kernel.
 *
 *   build/bench_table N L [SPAN]
 *
 * Under callgrind (tests/bench/callgrind.sh), --toggle-collect=bench_lookups
 * counts the lookups alone: instructions per lookup, and with --cache-sim
 * the D1/LL misses. Built without sanitizers, -O2: "make -C tests/unit bench".
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <linux/kernel.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "nfto.h"

#include "bench_flow.h"

static size_t bench_entry_size;

static int bench_fill(struct nfto_table *t, u32 n)
{
	static struct nfto_flow f;
	u32 i;

	if (nfto_table_init(t, n))
		return -1;
	bench_flow_init(&f);
	for (i = 0; i < n; i++) {
		struct nfto_entry *e;

		bench_flow_set(&f, i);
		e = nfto_entry_create(t, &f, t, 0, 0);
		if (!e)
			return -1;
		bench_entry_size = e->priv_off;
		e->cnt = nfto_counters_alloc();
		e->owns_cnt = true;
		if (nfto_table_insert(t, e) || !e->exact)
			return -1;
	}
	return 0;
}

/* Everything callgrind counts: keep it out of line. */
static noinline u32 bench_lookups(struct nfto_table *t, u32 n, u32 count,
				   u32 span)
{
	struct nfto_key key;
	u32 x = 2463534242u, hits = 0, i;

	for (i = 0; i < count; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		bench_pkt(x % (span && span < n ? span : n), &key);
		rcu_read_lock();
		hits += !!nfto_table_xlookup(t, 0, &key);
		rcu_read_unlock();
	}
	return hits;
}

int main(int argc, char **argv)
{
	struct nfto_table t;
	struct nfto_entry *e, *tmp;
	struct timespec a, b;
	u32 n, count, span, hits;

	if (argc < 3) {
		fprintf(stderr, "usage: %s ENTRIES LOOKUPS [SPAN]\n", argv[0]);
		return 2;
	}
	n = strtoul(argv[1], NULL, 0);
	count = strtoul(argv[2], NULL, 0);
	span = argc > 3 ? strtoul(argv[3], NULL, 0) : 0;
	if (!n || bench_fill(&t, n)) {
		fprintf(stderr, "filling %u entries failed\n", n);
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	hits = bench_lookups(&t, n, count, span);
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("entries=%u lookups=%u found=%u lookup_ns=%.0f entry_size=%zu\n",
	       n, count, hits,
	       (b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec),
	       bench_entry_size);
	list_for_each_entry_safe(e, tmp, &t.all, all) {
		nfto_table_remove(&t, e);
		nfto_entry_free(&t, e);
	}
	nfto_table_destroy(&t);
	return hits == count ? 0 : 1;
}
