// SPDX-License-Identifier: GPL-2.0
/*
 * tcpconn: many TCP connections, quickly, for "make bench" P2 (each one a
 * flowtable flow on the router in between). Static, so the VM needs no
 * libraries for it.
 *
 *   tcpconn server PORT
 *	listens, accepts and keeps every connection open until killed;
 *	prints "ready" once listening
 *   tcpconn client ADDR PORT COUNT [INFLIGHT [HOLD]]
 *	opens COUNT connections, at most INFLIGHT (default 64) connecting at
 *	once, keeps them all open HOLD seconds (default 10) after the last
 *	one connected, then closes them; prints, as soon as the last one is
 *	up: "connected=N failed=N first=T last=T" (CLOCK_REALTIME seconds:
 *	comparable with date +%s.%N)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void raise_nofile(void)
{
	struct rlimit rl;

	if (!getrlimit(RLIMIT_NOFILE, &rl)) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

static int server(int port)
{
	struct sockaddr_in6 sa = { .sin6_family = AF_INET6,
				   .sin6_port = htons(port) };
	int one = 1, zero = 0, fd;

	fd = socket(AF_INET6, SOCK_STREAM, 0);
	if (fd < 0)
		return perror("socket"), 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 4096))
		return perror("bind/listen"), 1;
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		/* Kept open (leaked on purpose) until the process ends. */
		if (accept(fd, NULL, NULL) < 0 && errno != EINTR &&
		    errno != ECONNABORTED) {
			if (errno == EMFILE || errno == ENFILE) {
				perror("accept");
				sleep(1);
				continue;
			}
			return perror("accept"), 1;
		}
	}
}

static int client(const char *addr, int port, int count, int inflight,
		  int hold)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_port = htons(port) };
	struct epoll_event ev, evs[256];
	int ep, started = 0, pending = 0, ok = 0, failed = 0;
	double first = 0, last = 0;

	if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1)
		return fprintf(stderr, "bad address %s\n", addr), 2;
	ep = epoll_create1(0);
	if (ep < 0)
		return perror("epoll_create1"), 1;

	while (ok + failed < count) {
		int n, i;

		while (pending < inflight && started < count) {
			int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);

			if (fd < 0)
				return perror("socket"), 1;
			if (!started)
				first = now();
			started++;
			if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) &&
			    errno != EINPROGRESS) {
				failed++;
				close(fd);
				continue;
			}
			ev.events = EPOLLOUT;
			ev.data.fd = fd;
			epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
			pending++;
		}
		n = epoll_wait(ep, evs, 256, 5000);
		if (n <= 0) {
			fprintf(stderr, "no progress: %d connected, %d pending\n",
				ok, pending);
			break;
		}
		for (i = 0; i < n; i++) {
			int fd = evs[i].data.fd, err = 0;
			socklen_t len = sizeof(err);

			epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
			pending--;
			getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
			if (err) {
				failed++;
				close(fd);
			} else {
				ok++;
				last = now();
			}
		}
	}
	printf("connected=%d failed=%d first=%.6f last=%.6f\n", ok, failed,
	       first, last);
	fflush(stdout);
	sleep(hold);
	return 0;
}

int main(int argc, char **argv)
{
	raise_nofile();
	if (argc == 3 && !strcmp(argv[1], "server"))
		return server(atoi(argv[2]));
	if (argc >= 5 && !strcmp(argv[1], "client"))
		return client(argv[2], atoi(argv[3]), atoi(argv[4]),
			      argc > 5 ? atoi(argv[5]) : 64,
			      argc > 6 ? atoi(argv[6]) : 10);
	fprintf(stderr, "usage: %s server PORT | client ADDR PORT COUNT [INFLIGHT [HOLD]]\n",
		argv[0]);
	return 2;
}
