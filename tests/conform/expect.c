// SPDX-License-Identifier: GPL-2.0
/*
 * Software against hardware, packet by packet: the multiset of (observer
 * port, frame bytes) and every rule's counter deltas. Where the kernel
 * itself defines a difference, the expected hardware outcome is derived
 * from the software one by a named rule; each is checked, never skipped
 * (README.md lists them with the kernel source that defines them):
 *
 * tc-trap-to-cpu  A packet whose software run ended in gact trap: the
 *                 software consumed it (TC_ACT_TRAP is TC_ACT_STOLEN in
 *                 software, include/uapi/linux/pkt_cls.h; consume_skb()
 *                 in sch_handle_ingress()), the hardware hands it to the
 *                 CPU, where no skip_sw rule runs: it reaches p1's host
 *                 stack. Expected: what the software delivers with the
 *                 trap made a pass (a third run, V_PASS).
 *
 * l2-bytes        Software counts the length the packet had when it
 *                 entered tc/nft ingress, from the network header
 *                 (qdisc_pkt_len(), set once to skb->len in
 *                 sch_handle_ingress() and counted by every tc action,
 *                 whatever act_vlan did since; pkt->skb->len in
 *                 nft_counter_do_eval(); the outer VLAN tag sits in the
 *                 skb, not the data). Hardware counts the frame as the
 *                 rule's lookup sees it, like NICs do: with the tags
 *                 earlier rules' vlan push added, without those their pop
 *                 took out. Expected: hardware bytes = software bytes +
 *                 packets x (14, + 4 with a VLAN tag on the frame as
 *                 sent, + 4 per tag the rules the packet hit before,
 *                 in chain and priority order, added (push), - 4 per
 *                 tag they took out (pop of a tagged frame); modify
 *                 changes no length). Which vlan actions ran: the
 *                 software run's counters.
 *
 * csum-no-hw-stats  Hardware counters never reach a csum action:
 *                 tcf_exts_hw_stats_update() hands them to every action
 *                 through tcf_action_stats_update(), which does nothing
 *                 for an action without ->stats_update
 *                 (include/net/act_api.h), and act_csum has none
 *                 (net/sched/act_csum.c). Expected: 0 on csum in
 *                 hardware, whatever software counted.
 *
 * hw-stats-per-filter  Hardware counts a rule, not its actions: every
 *                 action of a filter gets the filter's stats
 *                 (tcf_exts_hw_stats_update() hands the same flow_stats
 *                 to each), where software counts only the actions that
 *                 ran (one that shoots or steals ends the list, e.g. a
 *                 csum that cannot parse the packet). Expected: each
 *                 action's hardware counter is the software counter of
 *                 the first action, the one that always runs.
 *
 * nft-sw-pass     An nft chain with "flags offload" is hooked in software
 *                 too (nf_tables_register_hook() has no offload case), so
 *                 what the hardware passes meets the same rules again in
 *                 software: counters count twice, dup copies twice. The
 *                 software run installs the chain twice (priorities 10
 *                 and 11); expected: hardware counter = first chain (as
 *                 hardware, l2-bytes) + second chain; deliveries equal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conform.h"

bool packet_hit_trap(const struct scenario *sc, const struct result *sw,
		     int i)
{
	for (int r = 0; r < sc->nrules; r++) {
		const struct rule *ru = &sc->rule[r];

		if (!ru->nacts || ru->act[ru->nacts - 1].id != A_TRAP)
			continue;
		if (sw->out[i].ctr[r][ru->nacts - 1].pkts)
			return true;
	}
	return false;
}

static int del_cmp(const void *a, const void *b)
{
	const struct delivery *x = *(const struct delivery *const *)a;
	const struct delivery *y = *(const struct delivery *const *)b;

	if (x->port != y->port)
		return x->port - y->port;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return memcmp(x->frame, y->frame, x->len);
}

static bool same_deliveries(const struct outcome *a, const struct outcome *b)
{
	const struct delivery *pa[64], *pb[64];
	int i;

	if (a->ndel != b->ndel)
		return false;
	if (a->ndel > 64)
		return false;
	for (i = 0; i < a->ndel; i++) {
		pa[i] = &a->del[i];
		pb[i] = &b->del[i];
	}
	qsort(pa, a->ndel, sizeof(pa[0]), del_cmp);
	qsort(pb, b->ndel, sizeof(pb[0]), del_cmp);
	for (i = 0; i < a->ndel; i++)
		if (del_cmp(&pa[i], &pb[i]))
			return false;
	return true;
}

static void print_deliveries(const char *who, const struct outcome *o,
			     const struct pkt *p)
{
	if (!o->ndel) {
		printf("#   %s: nothing reached an observer\n", who);
		return;
	}
	for (int d = 0; d < o->ndel; d++) {
		const struct delivery *x = &o->del[d];
		unsigned int at = 0;

		if (x->len == p->len && !memcmp(x->frame, p->frame, p->len)) {
			printf("#   %s: p%d got it as sent\n", who, x->port);
			continue;
		}
		while (at < x->len && at < p->len && x->frame[at] == p->frame[at])
			at++;
		printf("#   %s: p%d got %u bytes, first difference to the sent frame at byte %u:\n",
		       who, x->port, x->len, at);
		hexdump("#     ", x->frame, x->len);
	}
}

static void print_counters(const struct scenario *sc, const char *who,
			   const struct outcome *o, bool twin)
{
	char line[1024];
	int n = 0;

	n += snprintf(line + n, sizeof(line) - n, "#   %s counters:", who);
	for (int r = 0; r < sc->nrules; r++) {
		const struct rule *ru = &sc->rule[r];
		int acts = sc->fe == FE_TC ? ru->nacts : 1;

		for (int a = 0; a < acts; a++) {
			const struct ctr *c = &o->ctr[r][a];

			if (!c->pkts && !c->bytes)
				continue;
			n += snprintf(line + n, sizeof(line) - n,
				      " r%d/%s %llu pkt %llu B;", ru->index,
				      act_name(ru->act[a].id),
				      (unsigned long long)c->pkts,
				      (unsigned long long)c->bytes);
			if (n >= (int)sizeof(line))
				break;
		}
		if (twin && (o->ctr2[r].pkts || o->ctr2[r].bytes) &&
		    n < (int)sizeof(line))
			n += snprintf(line + n, sizeof(line) - n,
				      " r%d(2nd chain) %llu pkt %llu B;",
				      ru->index,
				      (unsigned long long)o->ctr2[r].pkts,
				      (unsigned long long)o->ctr2[r].bytes);
	}
	printf("%s%s\n", line, n <= (int)strlen(who) + 15 ? " all zero" : "");
}

/*
 * l2-bytes: per rule, the bytes per packet hardware counts over software.
 * Software counts qdisc_pkt_len(), the packet's length at tc ingress (the
 * frame without its Ethernet header and outer tag); the hardware the frame
 * as it reaches the rule, after the vlan actions of the rules before it.
 * tc runs rules by chain, then priority (gotos only go to a later chain);
 * an action ran in software when its counter moved.
 */
static void l2_overhead(const struct scenario *sc, const struct outcome *s,
			const struct pkt *p, int *ovh)
{
	int sent = pkt_vlan_tags(p->frame, p->len), now = sent;
	int base = pkt_l2_overhead(p->frame, p->len);
	int order[MAX_RULES], i, j;

	for (i = 0; i < sc->nrules; i++) {
		const struct rule *ru = &sc->rule[i];

		for (j = i; j > 0; j--) {
			const struct rule *o = &sc->rule[order[j - 1]];

			if (o->chain < ru->chain ||
			    (o->chain == ru->chain && o->prio <= ru->prio))
				break;
			order[j] = order[j - 1];
		}
		order[j] = i;
	}
	for (i = 0; i < sc->nrules; i++) {
		int r = order[i];
		const struct rule *ru = &sc->rule[r];

		ovh[r] = base + 4 * (now - sent);
		if (sc->fe != FE_TC || !s->ctr[r][0].pkts)
			continue;
		for (int a = 0; a < ru->nacts; a++) {
			if (!s->ctr[r][a].pkts)
				continue;	/* did not run */
			if (ru->act[a].id == A_VLAN_PUSH)
				now++;
			else if (ru->act[a].id == A_VLAN_POP && now)
				now--;
		}
	}
}

/* Counters of packet @i: hardware against what software implies. */
static bool counters_match(const struct scenario *sc, const struct outcome *s,
			   const struct outcome *h, const struct pkt *p,
			   char *why, size_t len)
{
	int ovh[MAX_RULES];

	l2_overhead(sc, s, p, ovh);
	for (int r = 0; r < sc->nrules; r++) {
		const struct rule *ru = &sc->rule[r];

		if (sc->fe == FE_NFT) {
			uint64_t pk = s->ctr[r][0].pkts + s->ctr2[r].pkts;
			uint64_t by = s->ctr[r][0].bytes +
				      ovh[r] * s->ctr[r][0].pkts +
				      s->ctr2[r].bytes;

			if (h->ctr[r][0].pkts != pk || h->ctr[r][0].bytes != by) {
				snprintf(why, len,
					 "counter of r%d: hardware %llu pkt %llu B, expected %llu pkt %llu B (nft-sw-pass, l2-bytes)",
					 ru->index,
					 (unsigned long long)h->ctr[r][0].pkts,
					 (unsigned long long)h->ctr[r][0].bytes,
					 (unsigned long long)pk,
					 (unsigned long long)by);
				return false;
			}
			continue;
		}
		for (int a = 0; a < ru->nacts; a++) {
			/* hw-stats-per-filter: the rule's count, the first's */
			const struct ctr *sc_ = &s->ctr[r][0], *hc = &h->ctr[r][a];

			if (ru->act[a].id == A_CSUM) {	/* csum-no-hw-stats */
				if (!hc->pkts && !hc->bytes)
					continue;
				snprintf(why, len,
					 "counter of r%d action %d (csum): hardware %llu pkt %llu B, expected 0 (csum-no-hw-stats)",
					 ru->index, a + 1,
					 (unsigned long long)hc->pkts,
					 (unsigned long long)hc->bytes);
				return false;
			}
			if (hc->pkts != sc_->pkts ||
			    hc->bytes != sc_->bytes + ovh[r] * sc_->pkts) {
				snprintf(why, len,
					 "counter of r%d action %d (%s): hardware %llu pkt %llu B, software (the rule's, its first action's) %llu pkt %llu B (expected hardware bytes: software + %d per packet, l2-bytes with the tags earlier rules pushed or popped; hw-stats-per-filter)",
					 ru->index, a + 1, act_name(ru->act[a].id),
					 (unsigned long long)hc->pkts,
					 (unsigned long long)hc->bytes,
					 (unsigned long long)sc_->pkts,
					 (unsigned long long)sc_->bytes, ovh[r]);
				return false;
			}
		}
	}
	return true;
}

static void ports_str(const struct outcome *o, char *buf, size_t len)
{
	int n = 0, count[NPORTS] = { 0 };

	for (int d = 0; d < o->ndel; d++)
		count[o->del[d].port]++;
	buf[0] = 0;
	for (int p = 1; p < NPORTS; p++)
		for (int c = 0; c < count[p]; c++)
			n += snprintf(buf + n, len - n, "%sp%d", n ? "," : "", p);
	if (!n)
		snprintf(buf, len, "none");
}

/*
 * What kind of difference: the minimizer keeps a rule or key out only
 * while the difference stays of this kind.
 */
static void fingerprint(const struct scenario *sc, const struct outcome *s,
			const struct outcome *e, const struct outcome *h,
			bool del_ok, char *buf, size_t len)
{
	char a[48], b[48];

	if (!del_ok) {
		ports_str(e, a, sizeof(a));
		ports_str(h, b, sizeof(b));
		if (strcmp(a, b))
			snprintf(buf, len,
				 "deliveries: software to %s, hardware to %s",
				 a, b);
		else
			snprintf(buf, len,
				 "deliveries: other bytes to %s", a);
		return;
	}
	for (int r = 0; r < sc->nrules; r++) {
		long long want = s->ctr[r][0].pkts, d;

		if (sc->fe == FE_NFT)
			want += s->ctr2[r].pkts;
		d = (long long)h->ctr[r][0].pkts - want;
		if (d) {
			snprintf(buf, len, "counters: hardware counts %s packets",
				 d > 0 ? "more" : "fewer");
			return;
		}
	}
	snprintf(buf, len, "counters: bytes");
}

/*
 * --self-compare, and a refusal probe's rule left to software: the two
 * runs must agree exactly, no expectation.
 */
static bool raw_counters_match(const struct scenario *sc,
			       const struct outcome *a, const struct outcome *b,
			       char *why, size_t len)
{
	for (int r = 0; r < sc->nrules; r++) {
		if (!memcmp(a->ctr[r], b->ctr[r], sizeof(a->ctr[r])) &&
		    !memcmp(&a->ctr2[r], &b->ctr2[r], sizeof(a->ctr2[r])))
			continue;
		snprintf(why, len, "counters of r%d differ between the two runs, which both ran the rule in software",
			 sc->rule[r].index);
		return false;
	}
	return true;
}

void compare(const struct scenario *sc, const struct result *sw,
	     const struct result *hw, const struct result *pass, bool raw,
	     struct verdict *vd, bool print)
{
	/* a probe's second run: its rule in software after a hardware miss */
	const char *other = sc->probe && !opt.self_compare ? "not_in_hw" :
			    "hardware";
	unsigned int shown = 0;

	memset(vd, 0, sizeof(*vd));
	vd->first = -1;
	for (int i = 0; i < sc->npkts; i++) {
		const struct outcome *s = &sw->out[i], *h = &hw->out[i];
		const struct outcome *e = s;
		const struct pkt *p = &sc->pkt[i];
		bool trapped = false, del_ok, ctr_ok;
		char why[512] = "";

		vd->pairs += sc->nrules;
		if (sc->fe == FE_TC && packet_hit_trap(sc, sw, i) && pass &&
		    !raw) {
			trapped = true;
			e = &pass->out[i];
		}
		del_ok = same_deliveries(e, h);
		if (raw)
			ctr_ok = raw_counters_match(sc, s, h, why, sizeof(why));
		else
			ctr_ok = counters_match(sc, s, h, p, why, sizeof(why));
		if (del_ok && ctr_ok)
			continue;
		vd->differing++;
		if (vd->first < 0) {
			vd->first = i;
			fingerprint(sc, s, e, h, del_ok, vd->kind,
				    sizeof(vd->kind));
		}
		if (!print || shown++ >= opt.max_show)
			continue;
		printf("# DIFFERENCE seed 0x%llx scenario %u (%s) packet %d (%s): %s\n",
		       (unsigned long long)sc->seed, sc->number,
		       sc->fe == FE_TC ? "tc" : "nft", i, p->why,
		       !del_ok ? "the observers got different frames" : why);
		if (!del_ok && !ctr_ok)
			printf("#   and %s\n", why);
		printf("#   packet %d, %u bytes:\n", i, p->len);
		hexdump("#     ", p->frame, p->len);
		print_deliveries("software", s, p);
		if (trapped) {
			printf("#   (tc-trap-to-cpu: expected hardware = software with the trap made a pass)\n");
			print_deliveries("software, trap as pass", e, p);
		}
		print_deliveries(other, h, p);
		print_counters(sc, "software", s, sc->fe == FE_NFT);
		print_counters(sc, other, h, false);
	}
	if (print && vd->differing > (int)opt.max_show)
		printf("# ... and %d more differing packets in this scenario\n",
		       vd->differing - (int)opt.max_show);
}
