// SPDX-License-Identifier: GPL-2.0
/*
 * One run of a scenario: install the rules (one tc -batch or nft -f), send
 * every frame from p0, and after each one wait until the kernel has
 * finished with it, collect what the observers got and read every rule's
 * counters. Reading the counters per packet attributes every counter
 * change to the packet that caused it, so a rule x packet pair is really
 * compared, not only the totals.
 *
 * "Finished": the sender is pinned to CPU 0, so every receive it causes
 * is queued on CPU 0's backlog (netif_rx() queues on the current CPU, no
 * RPS is configured) and runs in softirq context on CPU 0, which cannot be
 * preempted by us. Once /proc/net/softnet_stat shows every backlog empty
 * while we run on CPU 0, nothing of that packet is in flight any more.
 * The observers' frames sit in their sockets by then. A final quiet wait
 * (50 ms without a new frame) catches anything that would contradict
 * this, and the counters are read once more: if they moved, the run says
 * so instead of comparing.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <linux/pkt_cls.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "conform.h"

#define NFT_TABLE	"nfto_conform"

static int ifindex[NPORTS];
static int tx_fd = -1;
static int cap_fd[NPORTS] = { -1, -1, -1, -1, -1, -1 };
static int softnet_fd = -1;
static uint32_t run_nonce;	/* the trailer's run field: sc->runid */
static int cur_mtu[NPORTS];

static int open_capture(const char *name)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	int fd, one = 1, sz = 4 << 20;

	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = if_nametoindex(name);
	if (!sll.sll_ifindex)
		return -1;
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    htons(ETH_P_ALL));
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	setsockopt(fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int env_open(void)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	char name[IFNAMSIZ + 8];
	cpu_set_t cpus;
	int i;

	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	if (sched_setaffinity(0, sizeof(cpus), &cpus))
		die("cannot pin to CPU 0: %s", strerror(errno));
	for (i = 0; i < NPORTS; i++) {
		snprintf(name, sizeof(name), "%s%d", opt.port_prefix, i);
		ifindex[i] = if_nametoindex(name);
		if (!ifindex[i])
			die("no port %s: set the topology up first (tests/selftests/conform.sh does, see tests/conform/README.md)",
			    name);
		cur_mtu[i] = 1500;
	}
	for (i = 1; i < NPORTS; i++) {
		snprintf(name, sizeof(name), "%s%d", opt.cap_prefix, i);
		cap_fd[i] = open_capture(name);
		if (cap_fd[i] < 0)
			die("cannot capture on %s: %s (the observer veth of port %d; see tests/conform/README.md)",
			    name, strerror(errno), i);
	}
	tx_fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (tx_fd < 0)
		die("AF_PACKET socket: %s (needs CAP_NET_RAW)", strerror(errno));
	sll.sll_ifindex = ifindex[0];
	if (bind(tx_fd, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		die("bind to %s0: %s", opt.port_prefix, strerror(errno));
	softnet_fd = open("/proc/net/softnet_stat", O_RDONLY | O_CLOEXEC);
	if (softnet_fd < 0)
		die("/proc/net/softnet_stat: %s", strerror(errno));
	if (nl_open())
		die("netlink: %s", strerror(errno));
	return 0;
}

void env_close(void)
{
	install_close();
	for (int i = 0; i < NPORTS; i++)
		if (cap_fd[i] >= 0)
			close(cap_fd[i]);
	if (tx_fd >= 0)
		close(tx_fd);
	nl_close();
}

/* Sum of every CPU's backlog length (column 12 on 6.1 and 6.12). */
static long backlog(void)
{
	char buf[8192], *line, *save = NULL;
	ssize_t n = pread(softnet_fd, buf, sizeof(buf) - 1, 0);
	long sum = 0;

	if (n <= 0)
		return -1;
	buf[n] = 0;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		unsigned long v[13];

		if (sscanf(line, "%lx %lx %lx %lx %lx %lx %lx %lx %lx %lx %lx %lx",
			   &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6],
			   &v[7], &v[8], &v[9], &v[10], &v[11]) != 12)
			return -1;
		sum += v[11];
	}
	return sum;
}

/* Until every backlog is empty: see the comment at the top. */
static int settle(void)
{
	double t0 = now_ms();
	long b;

	while ((b = backlog()) != 0) {
		if (b < 0)
			die("cannot read the backlog from /proc/net/softnet_stat");
		if (now_ms() - t0 > 30000) {
			fprintf(stderr, "nfto-conform: backlog still %ld after 30 s\n",
				b);
			return -1;
		}
		sched_yield();
		if (now_ms() - t0 > 2)
			usleep(200);
	}
	return 0;
}

/* Reads every frame queued on observer @port into the outcomes. */
static int drain_port(int port, struct result *res, int npkts)
{
	uint8_t buf[65536 + 4];
	int got = 0;

	for (;;) {
		char cbuf[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
		struct sockaddr_ll from;
		struct iovec iov = { buf, sizeof(buf) - 4 };
		struct msghdr mh = {
			.msg_name = &from, .msg_namelen = sizeof(from),
			.msg_iov = &iov, .msg_iovlen = 1,
			.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
		};
		struct cmsghdr *cm;
		uint32_t run, index;
		struct outcome *o;
		ssize_t n;

		n = recvmsg(cap_fd[port], &mh, MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (from.sll_pkttype == PACKET_OUTGOING)
			continue;
		/* a tag the stack took out of the frame goes back in */
		for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
			struct tpacket_auxdata aux;

			if (cm->cmsg_level != SOL_PACKET ||
			    cm->cmsg_type != PACKET_AUXDATA)
				continue;
			memcpy(&aux, CMSG_DATA(cm), sizeof(aux));
			if (!(aux.tp_status & TP_STATUS_VLAN_VALID) || n < 12)
				continue;
			memmove(buf + 16, buf + 12, n - 12);
			buf[12] = aux.tp_status & TP_STATUS_VLAN_TPID_VALID ?
				  aux.tp_vlan_tpid >> 8 : 0x81;
			buf[13] = aux.tp_status & TP_STATUS_VLAN_TPID_VALID ?
				  aux.tp_vlan_tpid & 0xff : 0x00;
			buf[14] = aux.tp_vlan_tci >> 8;
			buf[15] = aux.tp_vlan_tci & 0xff;
			n += 4;
		}
		got++;
		if (!frame_id(buf, n, &run, &index) || run != run_nonce ||
		    index >= (uint32_t)npkts) {
			res->strays++;
			if (opt.verbose) {
				printf("# stray frame on p%d (%zd bytes)\n",
				       port, n);
				hexdump("#   ", buf, n > 64 ? 64 : n);
			}
			continue;
		}
		o = &res->out[index];
		o->del = realloc(o->del, (o->ndel + 1) * sizeof(*o->del));
		if (!o->del)
			die("out of memory");
		o->del[o->ndel].port = port;
		o->del[o->ndel].len = n;
		o->del[o->ndel].frame = malloc(n);
		if (!o->del[o->ndel].frame)
			die("out of memory");
		memcpy(o->del[o->ndel].frame, buf, n);
		o->ndel++;
	}
	return got;
}

static int drain_all(struct result *res, int npkts)
{
	int got = 0;

	for (int p = 1; p < NPORTS; p++)
		got += drain_port(p, res, npkts);
	return got;
}

/* Waits until no observer got a frame for @quiet_ms, draining. */
static void quiet_wait(struct result *res, int npkts, int quiet_ms)
{
	struct pollfd pfd[NPORTS];
	int n = 0;

	for (int p = 1; p < NPORTS; p++) {
		pfd[n].fd = cap_fd[p];
		pfd[n].events = POLLIN;
		n++;
	}
	for (int rounds = 0; rounds < 200; rounds++) {
		if (poll(pfd, n, quiet_ms) <= 0)
			break;
		drain_all(res, npkts);
	}
	drain_all(res, npkts);
}

void result_free(struct result *res)
{
	for (int i = 0; i < MAX_PKTS; i++) {
		for (int d = 0; d < res->out[i].ndel; d++)
			free(res->out[i].del[d].frame);
		free(res->out[i].del);
	}
	memset(res, 0, sizeof(*res));
}

/* --- counters ----------------------------------------------------------- */

struct snapshot {
	struct ctr ctr[MAX_RULES][MAX_ACTS];
	struct ctr ctr2[MAX_RULES];
};

static int read_counters(const struct scenario *sc, enum variant v,
			 struct snapshot *s, char *why, size_t whylen)
{
	memset(s, 0, sizeof(*s));
	if (sc->fe == FE_TC) {
		struct tc_filter_stats f[MAX_RULES * 2];
		int n = nl_tc_dump(sc->shared_block ? 0 : ifindex[1], f,
				   ARRAY_SIZE(f)), i, r;

		if (n < 0) {
			snprintf(why, whylen, "tc filter dump: %s",
				 strerror(-n));
			return -1;
		}
		for (r = 0; r < sc->nrules; r++) {
			const struct rule *ru = &sc->rule[r];

			for (i = 0; i < n; i++)
				if (f[i].prio == ru->prio &&
				    f[i].chain == ru->chain)
					break;
			if (i == n) {
				snprintf(why, whylen,
					 "rule r%d (chain %u pref %u) is not installed",
					 r, ru->chain, ru->prio);
				return -1;
			}
			if (v == V_HW && !(f[i].flags & TCA_CLS_FLAGS_IN_HW)) {
				snprintf(why, whylen,
					 "rule r%d is skip_sw but not in_hw (flags 0x%x)",
					 r, f[i].flags);
				return -1;
			}
			if (v == V_NOHW &&
			    !(f[i].flags & TCA_CLS_FLAGS_NOT_IN_HW)) {
				snprintf(why, whylen,
					 "rule r%d, which the hardware must refuse, does not dump not_in_hw (flags 0x%x)",
					 r, f[i].flags);
				return -1;
			}
			if (f[i].nacts != ru->nacts) {
				snprintf(why, whylen,
					 "rule r%d dumps %d actions, not %d",
					 r, f[i].nacts, ru->nacts);
				return -1;
			}
			memcpy(s->ctr[r], f[i].act, sizeof(s->ctr[r]));
		}
		return 0;
	}

	struct nft_rule_stats rs[MAX_RULES * 2 + 2];
	int n = nl_nft_dump(NFT_TABLE, rs, ARRAY_SIZE(rs)), i;
	int na = 0, nb = 0;

	if (n < 0) {
		snprintf(why, whylen, "nft rule dump: %s", strerror(-n));
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (!rs[i].has_counter) {
			snprintf(why, whylen, "an nft rule dumps no counter");
			return -1;
		}
		if (!strcmp(rs[i].chain, "a") && na < sc->nrules)
			s->ctr[na++][0] = rs[i].ctr;
		else if (!strcmp(rs[i].chain, "b") && nb < sc->nrules)
			s->ctr2[nb++] = rs[i].ctr;
	}
	if (na != sc->nrules || nb != (v == V_HW ? 0 : sc->nrules)) {
		snprintf(why, whylen, "nft dumps %d+%d rules, expected %d+%d",
			 na, nb, sc->nrules, v == V_HW ? 0 : sc->nrules);
		return -1;
	}
	return 0;
}

static void ctr_sub(struct ctr *d, const struct ctr *a, const struct ctr *b)
{
	d->pkts = a->pkts - b->pkts;
	d->bytes = a->bytes - b->bytes;
}

/* --- install ------------------------------------------------------------ */

/*
 * The lines of the switch's debugfs failure log numbered above @after
 * (the newest of them, as many as @buf holds); returns the highest number.
 */
static unsigned long failures(unsigned long after, char *buf, size_t len)
{
	char path[512], line[512];
	unsigned long last = 0, seqno;
	FILE *f;

	if (buf && len)
		buf[0] = 0;
	snprintf(path, sizeof(path), "%s/failures", opt.dbg);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lu", &seqno) != 1)
			continue;
		if (seqno > last)
			last = seqno;
		if (buf && len && seqno > after) {
			size_t l = strlen(buf);

			/* keep the last few lines */
			if (l + strlen(line) + 1 >= len) {
				char *nl = strchr(buf, '\n');

				if (nl)
					memmove(buf, nl + 1, strlen(nl + 1) + 1);
				l = strlen(buf);
			}
			if (l + strlen(line) + 1 < len)
				strcat(buf, line);
		}
	}
	fclose(f);
	return last;
}

static int install(struct scenario *sc, enum variant v, struct result *res)
{
	static char text[65536];
	unsigned long before;
	int line;

	render(sc, v, text, sizeof(text));
	before = failures(0, NULL, 0);
	if (!install_text(text, sc->fe, res->err, sizeof(res->err), &line)) {
		/* a rule left to software: what nft_offload said of it */
		if (v == V_NOHW)
			res->new_failures = failures(before, res->failures,
						     sizeof(res->failures)) -
					    before;
		return 0;
	}
	res->installed = false;
	/* tc: the qdisc lines (two for a shared block); nft: 3 lines */
	res->refused_rule = line > 0 ? line - (sc->fe == FE_TC ?
					       2 + sc->shared_block : 4) : -1;
	if (res->refused_rule >= sc->nrules)
		res->refused_rule = -1;
	res->new_failures = failures(before, res->failures,
				     sizeof(res->failures)) - before;
	res->driver_refused = res->new_failures > 0;
	return -1;
}

static int flush_rules(enum frontend fe)
{
	int err;

	if (fe != FE_TC)
		return nl_nft_del_table(NFT_TABLE);
	/* p0 has a clsact only while a shared block is bound there */
	err = nl_tc_del_clsact(ifindex[1]);
	return err ? err : nl_tc_del_clsact(ifindex[0]);
}

int flush_all(void)
{
	int a = flush_rules(FE_TC), b = flush_rules(FE_NFT);

	return a ? a : b;
}

int set_mtus(const struct scenario *sc)
{
	for (int p = 2; p < NPORTS; p++) {
		int want = sc->mtu[p] ? sc->mtu[p] : 1500, err;

		if (want == cur_mtu[p])
			continue;
		err = nl_set_mtu(ifindex[p], want);
		if (err) {
			fprintf(stderr, "nfto-conform: MTU %d on port %d: %s\n",
				want, p, strerror(-err));
			return err;
		}
		cur_mtu[p] = want;
	}
	return 0;
}

/* --- the run ------------------------------------------------------------ */

double t_install, t_packets, t_quiet;

int run_variant(struct scenario *sc, enum variant v, struct result *res)
{
	struct snapshot prev, cur;
	double t0;
	char why[512];
	int i, r, a;

	result_free(res);
	res->installed = true;
	res->refused_rule = -1;
	if (flush_rules(sc->fe))
		die("cannot remove the previous rules: run nfto-conform in the topology's netns");
	/* frames of earlier runs must not count here */
	run_nonce = sc->runid;
	drain_all(res, 0);
	res->strays = 0;

	t0 = now_ms();
	if (install(sc, v, res))
		return -1;
	t_install += now_ms() - t0;
	t0 = now_ms();
	if (read_counters(sc, v, &prev, why, sizeof(why))) {
		res->installed = false;
		snprintf(res->err, sizeof(res->err), "%s", why);
		return -1;
	}

	for (i = 0; i < sc->npkts; i++) {
		struct pkt *p = &sc->pkt[i];
		struct sockaddr_ll sll = { .sll_family = AF_PACKET };

		p->run = run_nonce;
		p->index = i;
		pkt_build(p);
		sll.sll_ifindex = ifindex[0];
		sll.sll_halen = 6;
		memcpy(sll.sll_addr, p->dmac, 6);
		if (sendto(tx_fd, p->frame, p->len, 0, (struct sockaddr *)&sll,
			   sizeof(sll)) != (ssize_t)p->len)
			die("sending packet %d (%u bytes) on %s0: %s", i, p->len,
			    opt.port_prefix, strerror(errno));
		if (settle())
			die("the kernel never finished packet %d", i);
		drain_all(res, sc->npkts);
		if (read_counters(sc, v, &cur, why, sizeof(why)))
			die("reading the counters after packet %d: %s", i, why);
		for (r = 0; r < sc->nrules; r++) {
			for (a = 0; a < MAX_ACTS; a++)
				ctr_sub(&res->out[i].ctr[r][a], &cur.ctr[r][a],
					&prev.ctr[r][a]);
			ctr_sub(&res->out[i].ctr2[r], &cur.ctr2[r],
				&prev.ctr2[r]);
		}
		prev = cur;
	}
	t_packets += now_ms() - t0;
	t0 = now_ms();
	quiet_wait(res, sc->npkts, 50);
	if (read_counters(sc, v, &cur, why, sizeof(why)))
		die("reading the counters at the end: %s", why);
	t_quiet += now_ms() - t0;
	res->late_counters = memcmp(&cur, &prev, sizeof(cur)) != 0;
	flush_rules(sc->fe);
	return 0;
}

/* --- self check: do the observers see what they should? ------------------ */

static int check_one(unsigned int n, const char *what, struct scenario *sc,
		     enum variant v, int want_p1, int want_pkts)
{
	static struct result res;
	const struct outcome *o;
	bool ok;

	if (run_variant(sc, v, &res)) {
		printf("not ok %u - self-check: %s: cannot install: %s\n", n,
		       what, res.err);
		return 1;
	}
	o = &res.out[0];
	ok = o->ndel == want_p1 && res.strays == 0 &&
	     o->ctr[0][0].pkts == (uint64_t)want_pkts;
	if (ok && want_p1)
		ok = o->del[0].port == 1 && o->del[0].len == sc->pkt[0].len &&
		     !memcmp(o->del[0].frame, sc->pkt[0].frame,
			     sc->pkt[0].len);
	printf("%s %u - self-check: %s\n", ok ? "ok" : "not ok", n, what);
	if (!ok) {
		printf("# got %d deliveries (%s), %d strays, counter %llu\n",
		       o->ndel, o->ndel ? "first shown" : "none", res.strays,
		       (unsigned long long)o->ctr[0][0].pkts);
		if (o->ndel)
			hexdump("#   ", o->del[0].frame, o->del[0].len);
		hexdump("# sent ", sc->pkt[0].frame, sc->pkt[0].len);
	}
	result_free(&res);
	return !ok;
}

/*
 * The harness itself: a frame tc passes reaches p1's observer unchanged
 * (untagged, tagged and QinQ: the capture puts back the tag the stack
 * took out), and one tc drops does not; both in software and hardware,
 * for tc and nft.
 */
int self_check(void)
{
	static struct scenario sc;
	static const int tags[] = { 0, 1, 2 };
	uint32_t checks = 0;
	int fail = 0;
	char what[128];

	for (unsigned int t = 0; t < ARRAY_SIZE(tags); t++) {
		for (int fe = FE_TC; fe <= FE_NFT; fe++) {
			for (int v = V_SW; v <= V_HW; v++) {
				for (int drop = 0; drop < 2; drop++) {
					struct rule *ru = &sc.rule[0];
					struct pkt *p = &sc.pkt[0];

					memset(&sc, 0, sizeof(sc));
					sc.runid = 0xffff0000 | ++checks;
					sc.fe = fe;
					sc.nrules = 1;
					sc.npkts = 1;
					ru->proto = 0x0003;
					ru->prio = 1;
					ru->nacts = 1;
					ru->act[0].id = drop ? A_DROP :
						fe == FE_TC ? A_PASS : A_ACCEPT;
					ru->keys = BIT(K_DMAC);
					memcpy(ru->dmac, "\x02\0\0\0\0\x01", 6);
					memset(ru->dmac_m, 0xff, 6);
					memcpy(p->dmac, ru->dmac, 6);
					memcpy(p->smac, "\x02\0\0\0\x01\x01", 6);
					p->ntags = tags[t];
					p->tag[0].tpid = tags[t] == 2 ? 0x88a8 :
								       0x8100;
					p->tag[0].vid = 10;
					p->tag[0].prio = 3;
					p->tag[1].tpid = 0x8100;
					p->tag[1].vid = 20;
					p->ethertype = 0x0800;
					p->l3 = L3_IPV4;
					memcpy(p->src, "\x0a\0\0\x01", 4);
					memcpy(p->dst, "\x0a\0\0\x02", 4);
					p->ttl = 64;
					p->proto = 17;
					p->l4 = L4_UDP;
					p->sport = 1000;
					p->dport = 2000;
					p->paylen = 20;
					snprintf(what, sizeof(what),
						 "%s %s, %d tag%s: a %s frame %s p1's observer",
						 fe == FE_TC ? "tc" : "nft",
						 v == V_SW ? "software" : "hardware",
						 tags[t], tags[t] == 1 ? "" : "s",
						 drop ? "dropped" : "passed",
						 drop ? "does not reach" : "reaches");
					/* nft hardware: the software pass counts too */
					fail += check_one(checks, what, &sc, v, !drop,
							  fe == FE_NFT && v == V_HW &&
							  !drop ? 2 : 1);
				}
			}
		}
	}
	return fail;
}
