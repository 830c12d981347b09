// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

const char *prog_name = "nft-offload";
bool json_output;

void errmsg(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void kernel_error(const struct nl *nl, int err, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s", strerror(-err));
	if (err == -EPERM || err == -EACCES)
		fprintf(stderr, " (CAP_NET_ADMIN is needed)");
	if (nl && nl->extack[0])
		fprintf(stderr, ": %s", nl->extack);
	fputc('\n', stderr);
}

bool parse_dev(const char *arg, uint32_t *id)
{
	unsigned long v;
	char *end;

	if (!strncmp(arg, "nfto", 4))
		arg += 4;
	if (*arg < '0' || *arg > '9' || (arg[0] == '0' && arg[1]))
		return false;
	errno = 0;
	v = strtoul(arg, &end, 10);
	if (errno || *end || v > 65535)
		return false;
	*id = v;
	return true;
}

const char *errno_name(int err)
{
	static char buf[16];
	const char *name = strerrorname_np(err);

	if (name)
		return name;
	snprintf(buf, sizeof(buf), "%d", err);
	return buf;
}
