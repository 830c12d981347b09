/* SPDX-License-Identifier: GPL-2.0 */
/* Shim: fail_function has nothing to hook in userspace. */
#ifndef _SHIM_LINUX_ERROR_INJECTION_H
#define _SHIM_LINUX_ERROR_INJECTION_H

#define ALLOW_ERROR_INJECTION(fname, _etype)

#endif
