# SPDX-License-Identifier: GPL-2.0
#
# The benchmarks (issue 8), included at the end of the Makefile; separate
# from "make check", and they measure, never assert:
#
#   make bench            set-up (scripts/deps.sh), build for 6.12 (and
#                         copy the host's perf for P3r), then
#                         P1..P6 in ONE boot of Debian's 6.12 kernel (TCG)
#                         plus the callgrind half of P4 on the host; one
#                         "BENCH <id> <value> <unit> (<detail>)" line each
#   make bench-build      only the builds (modules, nfto_bench.ko, tools)
#   make bench BENCH="P1 P3"   a subset; BENCH_SCALE=quick for a smoke run
#   make bench-profile    perf inside the VM; bench-profile-tcg: on QEMU
#
# See Documentation/performance.rst for the method and the figures.

BENCH ?= P1 P2 P3 P4 P4m P5 P6
BENCH_SCALE ?= full
BENCH_OUT = build/bench
BENCH_KMOD = $(BENCH_OUT)/kmod-6.12

.PHONY: bench bench-build bench-kmod bench-tools bench-callgrind

bench:
	scripts/deps.sh
	$(MAKE) --no-print-directory bench-build
	@$(MAKE) --no-print-directory bench-perf || echo "# no perf: no P3r line"
	@tests/bench/bench.sh $(BENCH)

bench-build: build-kernel-6.12 bench-kmod bench-tools
	$(MAKE) --no-print-directory -C tests/unit bench

build-kernel-6.12:
	@$(MAKE) --no-print-directory build-kernel KSERIES=6.12 >/dev/null

# nfto_bench.ko against 6.12, linked to the nft_offload_lib just built.
bench-kmod: build-kernel-6.12
	@kdir=$$(ls -d $(KCACHE)/6.12[.-]*/usr/src/linux-headers-*-amd64 2>/dev/null | head -n1); \
	mkdir -p $(BENCH_KMOD) && \
	rsync -a tests/bench/kmod/ $(BENCH_KMOD)/ && \
	$(MAKE) -s -C $$kdir M=$(CURDIR)/$(BENCH_KMOD) NFTO_ROOT=$(CURDIR) \
		KBUILD_EXTRA_SYMBOLS=$(CURDIR)/build/src-6.12/Module.symvers modules 2>&1 | \
		grep -v '^Skipping BTF generation'; \
	test $${PIPESTATUS[0]} -eq 0

# Static, so the VM's initramfs needs no more libraries.
bench-tools: $(BENCH_OUT)/tcpconn

$(BENCH_OUT)/tcpconn: tests/bench/tcpconn.c
	@mkdir -p $(BENCH_OUT)
	$(CC) -O2 -Wall -Wextra -static -o $@ $<

.PHONY: build-kernel-6.12

# make bench-profile: perf (the host's, with its libraries, run from the
# shared tree) inside the VM during P3's three modes and nfto_bench's fill
# and lookups. TCG has no PMU: cpu-clock sampling.
.PHONY: bench-profile bench-perf
bench-perf:
	@p=$$(command -v perf) || { echo "no perf on the host (linux-perf)" >&2; exit 1; }; \
	mkdir -p $(BENCH_OUT)/perf/lib && cp -L $$p $(BENCH_OUT)/perf/perf && \
	ldd $$p | awk '$$3 ~ /^\// { print $$3 }' | xargs -r cp -L -t $(BENCH_OUT)/perf/lib

# make bench-profile-tcg: QEMU profiled from the host during P4's lookups
# at 1k and 1M entries (tests/bench/tcg-profile.sh): what TCG's software
# TLB costs.
.PHONY: bench-profile-tcg
bench-profile-tcg: bench-build
	tests/bench/tcg-profile.sh | tee $(BENCH_OUT)/profile-tcg.txt

bench-profile: bench-build bench-perf
	tests/vm/run --kernel 6.12 --modules build/mods-6.12 \
		--mem 4096 --timeout 2400 -- tests/bench/vm.sh prof-P3 prof-kbench | tee $(BENCH_OUT)/profile.txt
