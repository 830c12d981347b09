/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim for tests/unit: request_module() records the name it is
 * asked for (shim.request_module_calls, shim.last_request_module) and calls
 * shim.request_module_hook if a test set one, else shim_modprobe(), which
 * loads a module of the test binary by name or alias (<linux/module.h>).
 */
#ifndef _SHIM_LINUX_KMOD_H
#define _SHIM_LINUX_KMOD_H

#include <linux/kernel.h>

int __request_module(bool wait, const char *fmt, ...) __printf(2, 3);
#define request_module(mod...)		__request_module(true, mod)
#define request_module_nowait(mod...)	__request_module(false, mod)

#endif /* _SHIM_LINUX_KMOD_H */
