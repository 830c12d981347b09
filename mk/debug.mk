# SPDX-License-Identifier: GPL-2.0
#
# The debug-kernel lane, included at the end of the Makefile:
#
#   make debug-kernel         build Debian's 6.12 source with KASAN, lockdep,
#                             PROVE_RCU, might_sleep, kmemleak, debugobjects,
#                             fault injection and KUnit (tests/vm/debug.config);
#                             cached by config and source version
#   make build-kernel-debug   our modules against it, in build/mods-debug
#   make check-debug [T=core] both, then the selftests in the VM on it, with a
#                             kmemleak scan after every test (the whole
#                             suite in two guests side by side)
#
# The kernel's own tree (its build/ directory) is the KDIR: the same
# out-of-tree build as for Debian's headers, plus -g so that a report's
# "func+0x1c/0x80 [nft_offload]" resolves to file:line
# (scripts/faddr2line build/src-debug/nft_offload.ko func+0x1c/0x80).

DEBUG_KERNEL_SH = tests/vm/build-debug-kernel

.PHONY: debug-kernel build-kernel-debug check-debug

# scripts/deps.sh first: the kernel build needs flex, bison, libelf... and
# the VM its userspace, which a fresh machine does not have.
debug-kernel:
	@scripts/deps.sh
	@$(DEBUG_KERNEL_SH) >/dev/null

build-kernel-debug: debug-kernel
	@kdir=$$($(DEBUG_KERNEL_SH))/build || exit 1; \
	echo "building for $$kdir"; \
	mkdir -p build/src-debug build/mods-debug && \
	rsync $(KSRC_RSYNC) \
		./ build/src-debug/ && \
	$(MAKE) -C $$kdir M=$(CURDIR)/build/src-debug KCFLAGS=-g modules 2>&1 | grep -v '^Skipping BTF generation' ; \
	test $${PIPESTATUS[0]} -eq 0 || exit 1; \
	rm -f build/mods-debug/*.ko && cp build/src-debug/*.ko build/mods-debug/

# run.sh gives each script 900 s; under KASAN and TCG on a shared host
# faults.sh's sweeps (every allocation and injection point of nine
# scenarios, failed one at a time) take well over an hour and the rest of
# the suite about as long, so each script gets 2.5 h and each guest 6 h
# (tests/vm/run's debug default, 90 min, ended the first whole run).
# The whole suite runs in two guests side by side (tests/vm/check-debug:
# faults.sh's knob matrix and failslab sweeps; its fail_function sweep and
# everything else), which halves the wall time on two cores; DEBUG_SHARDS="a b|c" chooses other shards ('|' between guests),
# T="a b" runs those scripts in one guest.
# stress.sh runs with a tenth of its stock counts (the full ones take
# ~20 min on Debian's 6.12 kernel, several times that under KASAN);
# "make check-debug DEBUG_STRESS=" runs the full counts.
DEBUG_STRESS ?= NFTO_STRESS_TIME=60 NFTO_STRESS_NETNS=100 NFTO_STRESS_MODULES=10
DEBUG_SHARDS ?=
# check.sh and tool.sh need the tool, conform.sh the tester; without them
# they skip.
check-debug: build-kernel-debug
	$(MAKE) --no-print-directory -s -C tools/nft-offload
	$(MAKE) --no-print-directory -s -C tests/conform
ifneq ($(T),)
	tests/vm/run --kernel debug --modules build/mods-debug --timeout 21600 -- \
		env NFTO_TEST_TIMEOUT=9000 $(DEBUG_STRESS) tests/selftests/run.sh $(T)
else
	@IFS='|' read -r -a shards <<<"$(DEBUG_SHARDS)"; \
	NFTO_DEBUG_ENV="$(DEBUG_STRESS)" tests/vm/check-debug "$${shards[@]}"
endif
