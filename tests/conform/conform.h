/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nfto-conform: the differential tester of kmod-nft-offload.
 *
 * The same rule set is installed once in software (tc skip_hw, nft chain
 * without "flags offload") and once in hardware (tc skip_sw, nft chain
 * with "flags offload") on one wired topology; the same frames cross both,
 * and what every observer port's host stack got, and every rule's counter,
 * must be identical, but for the differences the kernel itself defines
 * (named expectations, see expect.c). README.md has the design.
 */
#ifndef NFTO_CONFORM_H
#define NFTO_CONFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NPORTS		6	/* p0 sends; p1 has the rules; p2..p5 targets */
#define MAX_RULES	8
#define MAX_ACTS	5
#define MAX_PKTS	160
#define MAX_FRAME	1600
#define TRAILER_LEN	12	/* magic, run, packet index: the frame's id */
#define TRAILER_MAGIC	0x4e46434fu	/* "NFCO" */
#define SHARED_BLOCK	19		/* tc ingress_block index */
#define PROBE_PERCENT	8		/* tc scenarios that are refusal probes */

enum frontend { FE_TC, FE_NFT };
/*
 * V_PASS: software with every trap made a pass (see expect.c).
 * V_NOHW: tc without skip_sw or skip_hw: a rule the hardware refuses
 * stays in software ("not_in_hw"), where it meets the frames the hardware
 * misses (a refusal probe, main.c).
 */
enum variant { V_SW, V_HW, V_PASS, V_NOHW };

/* --- packets ---------------------------------------------------------- */

enum l3 { L3_NONE, L3_IPV4, L3_IPV6 };
enum l4 { L4_NONE, L4_TCP, L4_UDP, L4_ICMP, L4_ICMP6 };
enum frag { FRAG_NONE, FRAG_FIRST, FRAG_LATER };

struct vtag {
	uint16_t tpid;
	uint8_t prio;
	uint8_t dei;
	uint16_t vid;
};

/*
 * A frame as fields. Fields are set independently, so a near miss can
 * carry, say, ethertype 0x0801 in front of an IPv4 header.
 */
struct pkt {
	uint8_t dmac[6], smac[6];
	int ntags;			/* 0..2, outer first */
	struct vtag tag[2];
	uint16_t ethertype;		/* after the tags */
	enum l3 l3;
	uint8_t src[16], dst[16];	/* IPv4 in the first 4 bytes */
	uint8_t tos, ttl;
	uint32_t flowlabel;
	enum frag frag;
	bool df;
	uint16_t ipid;
	uint8_t proto;			/* ip protocol / upper nexthdr */
	enum l4 l4;
	uint16_t sport, dport;
	uint16_t tcpflags;		/* 9 bits */
	uint8_t icmp_type, icmp_code;
	/*
	 * IPv6 extension headers before the fragment header and the upper
	 * layer: hop-by-hop options (first), then destination options,
	 * each 0 (none), 8 or 16 bytes of PadN.
	 */
	uint8_t ext_hbh, ext_dest;
	/*
	 * After the fragment header (if any): an authentication header (0,
	 * 16 or 24 bytes), then destination options (0 or 8). The flow
	 * dissector stops at either, nf_tables at the first, tc pedit at
	 * neither (see gen_ah_copies()).
	 * A later fragment carries neither, only the fragment header that
	 * names the first.
	 */
	uint8_t ext_ah, ext_dest2;
	int nlse;			/* MPLS label stack entries */
	uint32_t lse[7];		/* label << 12 | tc << 9 | bos << 8 | ttl */
	unsigned int paylen;		/* payload before the trailer */
	char why[48];			/* "hit r2", "near r2 dst_ip", "random" */
	/* built by pkt_build() */
	uint32_t run, index;
	uint8_t frame[MAX_FRAME];
	unsigned int len;
};

void pkt_build(struct pkt *p);
/* The L2 bytes software does not count at ingress: 14, +4 if tagged. */
unsigned int pkt_l2_overhead(const uint8_t *frame, unsigned int len);
/* The VLAN tags (802.1Q, 802.1ad) the frame carries, outer first. */
int pkt_vlan_tags(const uint8_t *frame, unsigned int len);
void hexdump(const char *prefix, const uint8_t *b, unsigned int len);
/* Reads the trailer; false when the frame has none. */
bool frame_id(const uint8_t *frame, unsigned int len, uint32_t *run,
	      uint32_t *index);

/* --- rules ------------------------------------------------------------ */

enum key {
	K_DMAC, K_SMAC, K_VLAN_ID, K_VLAN_PRIO, K_VLAN_ETYPE, K_CVLAN_ID,
	K_CVLAN_PRIO, K_CVLAN_ETYPE, K_IP_PROTO, K_SRC_IP, K_DST_IP,
	K_SRC_PORT, K_DST_PORT, K_TCP_FLAGS, K_TOS, K_TTL, K_IP_FLAGS,
	K_ICMP_TYPE, K_ICMP_CODE, K_INDEV, K_ETYPE, K_MPLS,
	K_SPORT_RANGE, K_DPORT_RANGE,	/* tc src_port/dst_port MIN-MAX */
	K_MAX
};

enum act {
	A_DROP, A_PASS, A_TRAP, A_GOTO, A_REDIR_EG, A_MIRROR_EG,
	A_REDIR_IN, A_MIRROR_IN, A_VLAN_PUSH, A_VLAN_POP, A_VLAN_MOD,
	A_PEDIT_TTL, A_PEDIT_DST, A_PEDIT_DPORT, A_CSUM,
	/* nft */
	A_ACCEPT, A_FWD, A_DUP,
	/* tc act_mpls: nothing offloads them (refusal probes, gen.c) */
	A_MPLS_PUSH, A_MPLS_POP, A_MPLS_MOD, A_MPLS_DEC_TTL,
	A_MAX
};

struct action {
	enum act id;
	int port;			/* redirect/mirror target */
	uint32_t chain;			/* goto */
	uint16_t vid, vproto;		/* vlan push/modify */
	int vprio;			/* -1: not given */
	uint32_t val;			/* pedit; mpls push/modify: label */
	bool pipe;			/* tc: explicit "pipe" control */
	/* mpls push/modify: -1 not given; pop: vproto is the next protocol */
	int mtc, mttl, mbos;
	bool mlabel;			/* modify: label given */
};

struct rule {
	int index;			/* r0.. */
	uint32_t chain, prio;		/* tc */
	uint16_t proto;			/* tc protocol (ETH_P_ALL: all) */
	uint32_t keys;			/* BIT(K_*) */
	int family;			/* 4, 6 or 0 for the L3 keys */
	uint8_t dmac[6], dmac_m[6], smac[6], smac_m[6];
	uint16_t vlan_id, cvlan_id;
	uint8_t vlan_prio, cvlan_prio;
	uint16_t vlan_etype, cvlan_etype, etype;
	uint8_t ip_proto;
	uint8_t src[16], dst[16];
	int src_plen, dst_plen;
	uint16_t sport, dport;		/* K_*_PORT; K_*PORT_RANGE: min */
	uint16_t sport_m, dport_m;	/* K_*_PORT masks */
	uint16_t sport_hi, dport_hi;	/* K_*PORT_RANGE: max */
	uint16_t tcpflags, tcpflags_m;
	uint8_t tos, tos_m, ttl, ttl_m;
	int frag, frag_m;		/* ip_flags: is fragment */
	int first, first_m;		/* ip_flags: first fragment */
	uint8_t icmp_type, icmp_code;
	int indev;			/* port index */
	/* MPLS (--mpls): mpls_label... (depth 1) or "mpls lse depth N ..." */
	bool mpls_lse_style;
	int nmlse;
	struct mlse {
		int depth;		/* 1.. */
		unsigned int has;	/* BIT(0) label, 1 tc, 2 bos, 3 ttl */
		uint32_t label;
		uint8_t tc, bos, ttl;
	} mlse[3];
	int style;			/* nft: which protocol expression */
	enum act probe_mpls;		/* a probe's act_mpls action, or 0 */
	/* nft: how a masked MAC or port is written (render.c) */
	bool dmac_and, smac_and;	/* "& MASK == VALUE", not "/PLEN" */
	int nacts;
	struct action act[MAX_ACTS];
};

struct scenario {
	uint64_t seed;			/* the run's --seed */
	unsigned int number;		/* scenario number within the run */
	enum frontend fe;
	int nrules;
	struct rule rule[MAX_RULES];
	int npkts;
	struct pkt pkt[MAX_PKTS];
	int mtu[NPORTS];		/* 0: leave at 1500 */
	bool shared_block;		/* tc: block SHARED_BLOCK on p0 and p1 */
	/*
	 * A refusal probe (tc): one rule nft_offload or the kernel must
	 * refuse to offload (gen.c, probe_refusal()); see main.c, probe().
	 */
	bool probe;
	/*
	 * In every frame's trailer: the same for the software and the
	 * hardware run of one comparison (the frames must be equal), new
	 * for the next comparison, so that a late frame of an earlier one
	 * is a stray, not a delivery.
	 */
	uint32_t runid;
};

struct rng {
	uint64_t s;
};

uint64_t rng_next(struct rng *r);
uint32_t rng_below(struct rng *r, uint32_t n);
bool rng_chance(struct rng *r, unsigned int percent);

struct opts {
	uint64_t seed;
	unsigned long long pairs;	/* stop after this many pairs */
	unsigned int scenarios;		/* or after this many scenarios */
	unsigned int only;		/* run only scenario N (1-based) */
	bool fe_tc, fe_nft;
	bool verbose;
	bool keep_going;
	bool mpls;
	unsigned int minimize;		/* differing scenarios to shrink */
	bool self_check;
	bool dry_run;
	bool spawn;			/* a tc/nft process per install */
	bool self_compare;		/* software against software */
	const char *netns;
	unsigned int max_show;		/* differing packets shown per run */
	const char *port_prefix;	/* nfto1p: nfto1p0..nfto1p5 */
	const char *obs_prefix;		/* cobs: veth the observers fwd to */
	const char *cap_prefix;		/* ccap: its peer, captured */
	const char *dbg;		/* the switch's debugfs directory */
	const char *tc, *nft;
	const char *kernel;		/* --kernel, else the running one */
	/*
	 * The kernel is older than 6.12: a second vlan push leaves the
	 * network header behind (gen.c, no_pedit_after_push()).
	 */
	bool push_keeps_nh;
};

extern struct opts opt;

void gen_scenario(struct scenario *sc, uint64_t seed, unsigned int number,
		  enum frontend fe);
/* gen.c's value pools, and probe.c's packets */
void pick_mac(struct rng *r, uint8_t *mac, bool dst);
void pick_addr(struct rng *r, uint8_t *a, int family);
uint16_t pick_port(struct rng *r);
uint16_t pick_vid(struct rng *r);
void prefix_mask(uint8_t *m, int plen, int bytes);
/* The prefix length of @m, or -1 when it is not a prefix. */
int mask_plen(const uint8_t *m, int bytes);
void random_packet(struct rng *r, struct pkt *p);
void hit_packet(struct rng *r, const struct rule *ru, struct pkt *p);
bool near_miss(struct rng *r, const struct rule *ru, enum key k,
	       struct pkt *p);
bool near_hit(struct rng *r, const struct rule *ru, enum key k,
	      struct pkt *p);
int range_near_misses(const struct rule *ru, enum key k,
		      const struct pkt *hit, struct pkt *out, int max);
int mpls_near_misses(struct rng *r, const struct rule *ru,
		     const struct pkt *hit, struct pkt *out, int max);
/* The rule set as text: a tc batch or an nft file. */
void render(const struct scenario *sc, enum variant v, char *buf,
	    size_t len);
const char *key_name(enum key k);
const char *act_name(enum act a);

/* Why the hardware must refuse @ru (a probe), from the kernel's code. */
enum refusal { REF_NONE, REF_MODEL, REF_KERNEL };
enum refusal expected_refusal(const struct rule *ru, char *what,
			      size_t len);

/* --- running ---------------------------------------------------------- */

struct delivery {
	int port;			/* 1..5 */
	unsigned int len;
	uint8_t *frame;
};

struct ctr {
	uint64_t pkts, bytes;
};

/* What one packet did in one run. */
struct outcome {
	int ndel;
	struct delivery *del;
	/* counter deltas per rule and action: [rule][action] */
	struct ctr ctr[MAX_RULES][MAX_ACTS];
	/* nft software run: the second (software) chain's deltas */
	struct ctr ctr2[MAX_RULES];
};

struct result {
	bool installed;
	char err[4096];			/* the installer's complaint */
	int refused_rule;		/* -1: unknown */
	bool driver_refused;		/* our module logged a failure */
	int new_failures;		/* lines it logged during the install */
	char failures[1024];		/* the newest debugfs failures */
	int strays;			/* frames without our id */
	bool late_counters;
	struct outcome out[MAX_PKTS];
};

int env_open(void);
void env_close(void);
/* Runs @sc's rules with @v: install, send, settle, read, flush. */
int run_variant(struct scenario *sc, enum variant v, struct result *res);
void result_free(struct result *res);
/* milliseconds spent installing, sending and settling, quiet waiting */
extern double t_install, t_packets, t_quiet;
int set_mtus(const struct scenario *sc);
int self_check(void);
int flush_all(void);

/* --- netlink (nl.c) --------------------------------------------------- */

struct tc_filter_stats {
	uint32_t chain, prio, handle, flags;
	int nacts;
	struct ctr act[MAX_ACTS];
};

int nl_open(void);
void nl_close(void);
/* ifindex 0: the shared block */
int nl_tc_dump(int ifindex, struct tc_filter_stats *f, int max);
int nl_tc_del_clsact(int ifindex);
struct nft_rule_stats {
	char chain[32];
	uint64_t handle;
	struct ctr ctr;
	bool has_counter;
};

int nl_nft_dump(const char *table, struct nft_rule_stats *r, int max);
int nl_nft_del_table(const char *table);
int nl_set_mtu(int ifindex, int mtu);

/* --- comparing (expect.c) --------------------------------------------- */

struct verdict {
	unsigned long long pairs;
	int differing;			/* packets that differ */
	int first;			/* first differing packet, -1 none */
	char kind[200];			/* what differed first */
};

/*
 * @raw: no expectation at all, the two runs must agree exactly (two
 * software runs, or software and a rule the hardware left to software).
 */
void compare(const struct scenario *sc, const struct result *sw,
	     const struct result *hw, const struct result *pass, bool raw,
	     struct verdict *vd, bool print);
bool packet_hit_trap(const struct scenario *sc, const struct result *sw,
		     int i);

/* --- misc ------------------------------------------------------------- */

int run_cmd(const char *const argv[], char *out, size_t outlen);
int install_text(const char *text, enum frontend fe, char *out,
		 size_t outlen, int *bad_line);
void install_close(void);
double now_ms(void);
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2),
					      noreturn));

#define BIT(n)		(1u << (n))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#endif
