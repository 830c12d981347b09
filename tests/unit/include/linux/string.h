/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim for tests/unit: libc's string functions plus the kernel's
 * own (memchr_inv, strscpy) with their kernel semantics.
 */
#ifndef _SHIM_LINUX_STRING_H
#define _SHIM_LINUX_STRING_H

#include <string.h>

#include <linux/types.h>

/* lib/string.c: the first byte that is not @c, or NULL. */
void *memchr_inv(const void *start, int c, size_t bytes);

/* lib/string.c: copies at most size-1 bytes; -E2BIG when truncated. */
ssize_t strscpy(char *dest, const char *src, size_t count);

#endif /* _SHIM_LINUX_STRING_H */
