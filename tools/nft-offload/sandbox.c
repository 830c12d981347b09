// SPDX-License-Identifier: GPL-2.0
/*
 * check -f's private network namespace.
 *
 * The stand-ins are veth devices: nft accepts them in netdev chains and
 * flowtables (without "flags offload": they have no ndo_setup_tc), and,
 * unlike dummy (numdummies=1) or ifb (numifbs=2), loading the veth module
 * creates no device in the initial netns. Each stand-in keeps the ifindex
 * of the caller's link of the same name, so "iif"/"fwd to" in the file
 * resolve to the numbers they would get in the caller's netns; its peer
 * gets a free name and an index above them all. A number already taken
 * in the new netns (a fallback tunnel device such as gre0 that some
 * modules create in every netns) gets the stand-in a kernel-chosen one;
 * a name already taken is left as it is.
 *
 * The ruleset file is loaded by the nft command (nftables' own parser,
 * its own error messages), from a memfd holding the text nftfile.c
 * stripped. Nothing outlives the process: the namespace, its devices and
 * its ruleset go when it exits.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

#include "sandbox.h"
#include "util.h"

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);
	struct sandbox *sb = data;
	struct sandbox_link *v;
	struct nlattr *a;
	const char *name = NULL;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return 0;
	mnl_attr_for_each(a, nlh, sizeof(*ifm))
		if (mnl_attr_get_type(a) == IFLA_IFNAME &&
		    !mnl_attr_validate(a, MNL_TYPE_NUL_STRING))
			name = mnl_attr_get_str(a);
	if (!name || !strcmp(name, "lo") || strlen(name) >= IF_NAMESIZE)
		return 0;
	v = realloc(sb->links, (sb->n + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	sb->links = v;
	snprintf(v[sb->n].name, IF_NAMESIZE, "%s", name);
	v[sb->n].ifindex = ifm->ifi_index;
	sb->n++;
	return 0;
}

int sandbox_read_links(struct nl *rtnl, struct sandbox *sb)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(rtnl->buf);
	struct ifinfomsg *ifm;

	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	return nl_talk(rtnl, nlh, link_cb, sb);
}

static bool name_taken(const struct sandbox *sb, const char *name)
{
	size_t i;

	for (i = 0; i < sb->n; i++)
		if (!strcmp(sb->links[i].name, name))
			return true;
	return false;
}

static int add_veth(struct nl *rtnl, const char *name, int ifindex,
		    const char *peer, int peer_ifindex)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(rtnl->buf);
	struct nlattr *linkinfo, *data, *pnest;
	struct ifinfomsg *ifm, *pifm;

	nlh->nlmsg_type = RTM_NEWLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = ifindex;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	pnest = mnl_attr_nest_start(nlh, VETH_INFO_PEER);
	pifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*pifm));
	pifm->ifi_family = AF_UNSPEC;
	pifm->ifi_index = ifindex ? peer_ifindex : 0;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, peer);
	mnl_attr_nest_end(nlh, pnest);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, linkinfo);
	return nl_talk(rtnl, nlh, NULL, NULL);
}

int sandbox_enter(struct sandbox *sb)
{
	unsigned int peer_no = 0;
	int next_index = 1, err;
	char peer[IF_NAMESIZE];
	struct nl rtnl;
	size_t i;

	for (i = 0; i < sb->n; i++)
		if (sb->links[i].ifindex >= next_index)
			next_index = sb->links[i].ifindex + 1;
	if (unshare(CLONE_NEWNET)) {
		err = errno;
		errmsg("cannot make a private network namespace for the file: %s%s",
		       strerror(err), err == EPERM ?
		       " (check -f needs CAP_SYS_ADMIN: run it as root)" : "");
		return EXIT_ERROR;
	}
	err = nl_open(&rtnl, NETLINK_ROUTE);
	if (err) {
		kernel_error(NULL, err, "rtnetlink in the private namespace");
		return EXIT_ERROR;
	}
	for (i = 0; i < sb->n; i++) {
		const struct sandbox_link *l = &sb->links[i];

		do
			snprintf(peer, sizeof(peer), "nftoc%u", peer_no++);
		while (name_taken(sb, peer));
		err = add_veth(&rtnl, l->name, l->ifindex, peer, next_index++);
		if (err == -EEXIST) {
			/* the number is taken here: let the kernel choose */
			err = add_veth(&rtnl, l->name, 0, peer, 0);
			if (!err)
				sb->renumbered++;
		}
		if (err == -EEXIST)
			continue;	/* the name exists here too */
		if (err) {
			kernel_error(&rtnl, err,
				     "creating stand-in device %s in the private namespace (is the veth module available?)",
				     l->name);
			nl_close(&rtnl);
			return EXIT_ERROR;
		}
	}
	nl_close(&rtnl);
	return -1;
}

/* Writes @s to stderr with every @from replaced by @to. */
static void print_replaced(const char *s, const char *from, const char *to)
{
	size_t flen = strlen(from);
	const char *p;

	while ((p = strstr(s, from))) {
		fwrite(s, 1, p - s, stderr);
		fputs(to, stderr);
		s = p + flen;
	}
	fputs(s, stderr);
}

int sandbox_nft_load(const char *file, const char *text, size_t len,
		     bool has_include)
{
	char path[64], *out = NULL;
	size_t outlen = 0, cap = 0;
	int fd, pipefd[2], status;
	ssize_t n;
	pid_t pid;

	fd = memfd_create("nft-offload-check", 0);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len) {
		errmsg("cannot copy %s: %s", file, strerror(errno));
		if (fd >= 0)
			close(fd);
		return EXIT_ERROR;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (pipe2(pipefd, O_CLOEXEC)) {
		errmsg("pipe: %s", strerror(errno));
		close(fd);
		return EXIT_ERROR;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		errmsg("fork: %s", strerror(errno));
		close(fd);
		close(pipefd[0]);
		close(pipefd[1]);
		return EXIT_ERROR;
	}
	if (pid == 0) {
		/* nft's output, errors and anything "list" prints, goes to us */
		dup2(pipefd[1], STDOUT_FILENO);
		dup2(pipefd[1], STDERR_FILENO);
		execlp("nft", "nft", "-f", path, (char *)NULL);
		fprintf(stderr, "cannot run nft: %s\n", strerror(errno));
		_exit(127);
	}
	close(pipefd[1]);
	for (;;) {
		if (cap - outlen < 4096) {
			char *o = realloc(out, cap + 65536);

			if (!o)
				break;
			out = o;
			cap += 65536;
		}
		n = read(pipefd[0], out + outlen, cap - outlen - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		outlen += n;
	}
	close(pipefd[0]);
	close(fd);
	if (out)
		out[outlen] = '\0';
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		free(out);
		return -1;
	}
	if (out)
		print_replaced(out, path, file);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		errmsg("check -f loads the file with the nft command (nftables): install it or put it in PATH");
	else
		errmsg("nft could not load %s (messages above); nothing was changed%s",
		       file, has_include ?
		       ". Included files are loaded as they are: a \"flags offload\" in one cannot load on the stand-in devices, put it in the main file" :
		       "");
	free(out);
	return EXIT_ERROR;
}

void sandbox_free(struct sandbox *sb)
{
	free(sb->links);
	sb->links = NULL;
	sb->n = 0;
}
