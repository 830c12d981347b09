# SPDX-License-Identifier: GPL-2.0
#
# kmod-nft-offload: how to build (Kbuild says what).
#
#   make [KDIR=<kernel headers>]   modules + the nft-offload tool
#   make check                     set-up, build for 6.1 and 6.12, unit tests,
#                                  VM selftests on both kernels
#   make conform                   the differential tester, 100,000 pairs
#   make demo | vm | deps | checkpatch | sparse | install | menuconfig ...
#   See README.md and Documentation/.

SHELL := /bin/bash

NFTO_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/kmod-nft-offload
export NFTO_CACHE
KCACHE = $(NFTO_CACHE)/kernels
# Headers of the running kernel, else the cached Debian 6.12 headers.
KDIR ?= $(firstword $(wildcard /lib/modules/$(shell uname -r)/build) \
		    $(wildcard $(KCACHE)/6.12.*/usr/src/linux-headers-*-amd64))
PWD := $(CURDIR)
PYTHON3 ?= /usr/bin/python3


.PHONY: all modules tool clean install modules_install deps check check-build \
	unit vm demo checkpatch sparse defconfig menuconfig olddefconfig \
	kconfig-check deb deb-check

all: modules tool

modules:
	@test -n "$(KDIR)" || { echo "No kernel headers: pass KDIR= or run 'make deps'" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(PWD) modules

tool:
	@if [ -f tools/nft-offload/Makefile ]; then $(MAKE) -C tools/nft-offload; fi

clean:
	@if [ -n "$(KDIR)" ]; then $(MAKE) -C $(KDIR) M=$(PWD) clean; fi
	@if [ -f tools/nft-offload/Makefile ]; then $(MAKE) -C tools/nft-offload clean; fi
	@if [ -f tests/unit/Makefile ]; then $(MAKE) -C tests/unit clean; fi
	$(MAKE) -C tests/conform clean
	rm -rf build

modules_install:
	$(MAKE) -C $(KDIR) M=$(PWD) modules_install
	depmod -a $(notdir $(patsubst %/,%,$(dir $(KDIR))))

install: modules_install
	@if [ -f tools/nft-offload/Makefile ]; then $(MAKE) -C tools/nft-offload install PREFIX=/usr/local; fi

deps:
	scripts/deps.sh

# Build the modules for one cached Debian kernel (KSERIES=6.1|6.12) in
# build/src-<series>, so both kernels' objects can coexist, and collect the
# .ko files in build/mods-<series> for the VM.
KSERIES ?= 6.12
# What Kbuild compiles: the modules, and the unit tests' sources that the
# KUnit module shares (tests/unit/*.[ch], not the userspace shim headers).
KSRC_RSYNC = -a --delete --exclude '*.o' --exclude '*.ko' --exclude '.*.cmd' \
	--include /Kbuild --include /Kconfig --include '/core/***' \
	--include '/drivers/***' --include '/include/***' \
	--include /tests/ --include '/tests/kunit/***' --include /tests/unit/ \
	--include '/tests/unit/*.[ch]' --exclude '*'
build-kernel:
	@kdir=$$(ls -d $(KCACHE)/$(KSERIES)[.-]*/usr/src/linux-headers-*-amd64 2>/dev/null | head -n1); \
	test -n "$$kdir" || { echo "no cached $(KSERIES) headers: run 'make deps'" >&2; exit 1; }; \
	echo "building for $$kdir"; \
	mkdir -p build/src-$(KSERIES) build/mods-$(KSERIES) && \
	rsync $(KSRC_RSYNC) \
		./ build/src-$(KSERIES)/ && \
	$(MAKE) -C $$kdir M=$(CURDIR)/build/src-$(KSERIES) $(if $(SPARSE),C=2) modules 2>&1 | grep -v '^Skipping BTF generation' ; \
	test $${PIPESTATUS[0]} -eq 0 || exit 1; \
	rm -f build/mods-$(KSERIES)/*.ko && cp build/src-$(KSERIES)/*.ko build/mods-$(KSERIES)/

check:
	scripts/check.sh

# Debian packages nft-offload-dkms and nft-offload (Documentation/
# building.rst, "Debian packages"): dpkg-buildpackage on a clean copy of
# the tree in build/deb/src, the .debs in build/deb/, then lintian.
DEB_OUT = build/deb
deb:
	scripts/deps.sh
	rm -rf $(DEB_OUT)/src $(DEB_OUT)/*.deb $(DEB_OUT)/*.changes $(DEB_OUT)/*.buildinfo
	mkdir -p $(DEB_OUT)/src
	rsync -a --exclude=/.git --exclude=/build/ --filter=':- .gitignore' ./ $(DEB_OUT)/src/
	cd $(DEB_OUT)/src && dpkg-buildpackage -b -us -uc
	lintian --fail-on error,warning --info $(DEB_OUT)/*.changes
	@ls -1 $(DEB_OUT)/*.deb

# Install both packages in a fresh Debian 12 chroot, where DKMS builds the
# modules for Debian's 6.1 and 6.12 kernels, then load what it built in
# the VM with the packaged tool (tests/deb/test.sh; root, network).
deb-check: deb
	tests/deb/test.sh

unit:
	$(MAKE) -C tests/unit run

# The selftests on one kernel, without set-up: make selftest KSERIES=6.1 [T=core]
selftest: build-kernel tool
	$(MAKE) --no-print-directory -C tests/conform
	tests/vm/run --kernel $(KSERIES) --modules build/mods-$(KSERIES) -- tests/selftests/run.sh $(T)

# Longer runs than make check does: make fuzz [FUZZ_TIME=600] (libFuzzer,
# each target), make stress [KSERIES=6.12] (stress.sh with the full counts:
# 60 s of churn, 1000 namespaces, 100 module cycles).
FUZZ_TIME ?= 600
fuzz:
	$(MAKE) -C tests/unit fuzz-run FUZZ_TIME=$(FUZZ_TIME)
	$(MAKE) -C tools/nft-offload fuzz-run FUZZ_TIME=$(FUZZ_TIME)

stress: build-kernel tool
	tests/vm/run --kernel $(KSERIES) --modules build/mods-$(KSERIES) -- \
		env NFTO_TEST_TIMEOUT=3600 tests/selftests/run.sh stress

# The kernel's nft_flowtable.sh on our ports, both runs (make check runs
# the first): make kflowtable [NFTO_KFT_SEED=N|random]
kflowtable: build-kernel
	tests/vm/run --kernel 6.12 --modules build/mods-6.12 -- \
		env NFTO_KFT_FULL=1 $(if $(NFTO_KFT_SEED),NFTO_KFT_SEED=$(NFTO_KFT_SEED)) \
		tests/selftests/run.sh kflowtable

# The kernel's net/forwarding tc tests on our ports, all of them (make check
# runs the two-pass ones): Documentation/testing.rst
kforwarding: build-kernel
	tests/vm/run --kernel 6.12 --modules build/mods-6.12 -- \
		env NFTO_KFWD_FULL=1 tests/selftests/run.sh kforwarding

# The differential tester (tests/conform/README.md) on KSERIES (6.12), longer
# than make check's run: CONFORM_PAIRS rule x packet pairs (100000, half tc,
# half nft), CONFORM_SEED (a number; default a random one, printed), going
# on after differences.
CONFORM_SEED ?= random
CONFORM_PAIRS ?= 100000
conform: build-kernel
	$(MAKE) --no-print-directory -C tests/conform
	tests/vm/run --kernel $(KSERIES) --modules build/mods-$(KSERIES) \
		--timeout 7500 -- env CONFORM_SEED=$(CONFORM_SEED) \
		CONFORM_PAIRS=$(CONFORM_PAIRS) CONFORM_KEEP_GOING=1 \
		NFTO_TEST_TIMEOUT=7200 \
		tests/selftests/run.sh conform

# A shell in the VM with everything loaded: the playground.
vm: build-kernel tool
	tests/vm/run --kernel $(KSERIES) --modules build/mods-$(KSERIES) -- /bin/sh -c 'modprobe nft_offload; echo "0 4" > /sys/bus/nft_offload/new_device; exec bash -l'

demo:
	scripts/deps.sh
	$(MAKE) --no-print-directory build-kernel KSERIES=6.12
	tests/vm/run --kernel 6.12 --modules build/mods-6.12 -- scripts/demo.sh

CHECKPATCH = $(firstword $(wildcard $(NFTO_CACHE)/src/usr/src/linux-source-6.12/scripts/checkpatch.pl))
checkpatch:
	@test -n "$(CHECKPATCH)" || { echo "no checkpatch.pl: run 'make deps'" >&2; exit 1; }
	@# CONST_STRUCT: 6.1's bus_register() takes a non-const bus_type (compat.h);
	@# MACRO_ARG_REUSE: module_nfto_backend() only pastes its argument.
	$(CHECKPATCH) --no-tree --strict -q \
		--ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG,CONST_STRUCT,MACRO_ARG_REUSE -f \
		$$(git ls-files 'core/*.[ch]' 'drivers/*.[ch]' 'include/*.h' 'tests/kunit/*.c')

# sparse over every file (C=2), against KSERIES's cached headers.
sparse:
	@out=$$($(MAKE) --no-print-directory build-kernel KSERIES=$(KSERIES) SPARSE=1 2>&1); \
	echo "$$out"; ! grep -E '(warning|error):' <<<"$$out" >/dev/null


# Out-of-tree Kconfig with Debian's python3-kconfiglib; the result is .config,
# which Kbuild then follows (no .config: everything is built).
KCONFIGLIB = srctree=$(CURDIR) KCONFIG_CONFIG=.config $(PYTHON3) /usr/lib/python3/dist-packages
defconfig:
	$(KCONFIGLIB)/defconfig.py --kconfig scripts/Kconfig.oot scripts/defconfig
menuconfig olddefconfig:
	$(KCONFIGLIB)/$@.py scripts/Kconfig.oot

.PHONY: build-kernel selftest fuzz stress kflowtable kforwarding conform

# The debug-kernel lane (KASAN, lockdep, kmemleak): make check-debug.
include mk/debug.mk

# The benchmarks (issue 8), separate from make check: make bench.
include mk/bench.mk
