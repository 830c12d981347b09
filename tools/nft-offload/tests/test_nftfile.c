// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of nftfile.c: "flags offload" blanked out of ruleset files
 * the way firewall4, VyOS and hand-written files spell it, nothing else
 * touched, every byte's position kept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nftfile.h"
#include "tap.h"

static void strip(const char *in, const char *want, unsigned int nstripped,
		  const char *name)
{
	struct nftfile_info info;
	size_t len = strlen(in);
	char *t = strdup(in);

	if (!t)
		abort();
	nftfile_strip_offload(t, len, &info);
	ok(strlen(t) == len && !strcmp(t, want) &&
	   info.stripped == nstripped, "%s", name);
	if (strcmp(t, want) || info.stripped != nstripped)
		diag("got '%s' (%u stripped), want '%s' (%u)", t,
		     info.stripped, want, nstripped);
	free(t);
}

int main(void)
{
	struct nftfile_info info;
	char buf[64];

	strip("chain c { type filter hook ingress device x priority 10; flags offload; }",
	      "chain c { type filter hook ingress device x priority 10;              ; }",
	      1, "chain: flags offload; goes, the ';' stays");
	strip("\tflowtable ft {\n\t\thook ingress priority 0\n\t\tdevices = { \"lan1\", wan }\n\t\tflags offload\n\t}\n",
	      "\tflowtable ft {\n\t\thook ingress priority 0\n\t\tdevices = { \"lan1\", wan }\n\t\t             \n\t}\n",
	      1, "firewall4's flowtable, newline-separated");
	strip("flags offload}", "             }", 1, "before a closing brace");
	strip("flags  offload , counter;", "flags            counter;", 1,
	      "first of two flags");
	strip("flags counter, offload;", "flags counter         ;", 1,
	      "last of two flags");
	strip("flags a, offload, b;", "flags a         , b;", 1,
	      "middle of three flags");
	strip("set s { type ipv4_addr; flags interval, timeout; }",
	      "set s { type ipv4_addr; flags interval, timeout; }", 0,
	      "a set's flags stay");
	strip("tcp flags syn,ack counter", "tcp flags syn,ack counter", 0,
	      "tcp flags stay");
	strip("# flags offload\nflags offload;", "# flags offload\n             ;",
	      1, "comments stay");
	strip("comment \"flags offload\"; flags offload",
	      "comment \"flags offload\";              ", 1,
	      "quoted strings stay");
	strip("comment \"a \\\" flags offload\"", "comment \"a \\\" flags offload\"",
	      0, "escaped quote inside a string");
	strip("myflags offload; flagsx offload", "myflags offload; flagsx offload",
	      0, "only the word flags");
	strip("chain a { flags offload; }\nflowtable f { flags offload; }\n",
	      "chain a {              ; }\nflowtable f {              ; }\n", 2,
	      "every occurrence");
	strip("flags offloaded;", "flags offloaded;", 0, "only the word offload");

	snprintf(buf, sizeof(buf), "  {\"nftables\": []}");
	nftfile_strip_offload(buf, strlen(buf), &info);
	ok(info.json && !info.include, "JSON is recognised");
	snprintf(buf, sizeof(buf), "include \"/etc/x.nft\"\nflush ruleset\n");
	nftfile_strip_offload(buf, strlen(buf), &info);
	ok(!info.json && info.include, "include is noticed");
	snprintf(buf, sizeof(buf), "# include x\ntable ip t {}\n");
	nftfile_strip_offload(buf, strlen(buf), &info);
	ok(!info.include, "a commented-out include is not");
	return tap_done();
}
