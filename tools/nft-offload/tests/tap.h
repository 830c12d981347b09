/* SPDX-License-Identifier: GPL-2.0 */
/* TAP output for the unit tests: "ok N - name", plan last. */
#ifndef NFTO_TAP_H
#define NFTO_TAP_H

#include <stdbool.h>

/* Reports one test; returns @cond. */
bool ok(bool cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A diagnostic line ("# ..."). */
void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints the plan and the summary; the exit status: 0 or 1. */
int tap_done(void);

#endif /* NFTO_TAP_H */
