# SPDX-License-Identifier: GPL-2.0
#
# The human wrapper around kbuild (Kbuild holds the objects and flags).
#
#   make                  build e1000e_quirks.ko for the running kernel
#   make KERNELRELEASE=6.1.0-56-amd64
#   sudo make install     DKMS and headers if missing, register, build, load
#   sudo make uninstall   unload, remove from DKMS
#   make check            every test: unit, fuzz, build matrix, DKMS, VMs
#   make check-vm KERNELS="6.1.0-56-amd64"   VM scenarios on some kernels
#                         (tests/vm/plan decides which; VM_PLAN=full: all)
#   make check-plan       each kernel's VM scenarios, nothing run
#   make check-debug      VM scenarios on the PREEMPT_RT+lockdep debug kernel
#                         (all) and the lockdep/KASAN/kmemleak one (those that
#                         create and free what we own, fault injection)
#   make check-debug-all  every VM scenario on both debug kernels (~30 min)
#   make bench            benchmark report (not pass/fail; BENCH_N=10
#                         repetitions; the matrix's oldest and newest
#                         kernels, KERNELS= others), then the README's
#                         table from it; prints its total time
#   make bench-readme     the README's table again from the last make bench
#   make demo             the module at work in a VM, with a real TX hang
#   make deb              Debian package build/deb/e1000e-quirks-dkms_<version>_all.deb
#   make check-deb        build it, install, check and purge it in a Debian 12 chroot
#   make check-boot       boot Debian 12 and 13 images with it installed (real boot path)
#   make check-deb13      the same in a Debian 13 chroot (dkms 3.2, Debian 13 kernels)

KERNELRELEASE ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KERNELRELEASE)/build
VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"$$/\1/p' dkms.conf)

all: module

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null || true
	rm -rf tests/unit/build tests/fuzz/build build

install:
	scripts/install.sh install

dkms-install:
	scripts/install.sh dkms

uninstall:
	scripts/install.sh uninstall

deps:
	tests/deps.sh

check:
	tests/check.sh all

check-unit:
	tests/check.sh unit

check-build:
	tests/check.sh build

check-style:
	tests/check.sh style

check-dkms:
	tests/check.sh dkms

check-vm:
	tests/check.sh vm

check-debug:
	tests/check.sh debug

check-debug-all:
	tests/check.sh debug-all

check-plan:
	tests/check.sh plan

# The README's table is written even when a figure could not be taken
# (it reads n/a there), never from results the writer refuses (a negative
# value, a doubled row); the exit status is bench.sh's (and the host
# part's: tests/bench/offload-cost.sh, the offload sets' CPU cost, root).
# The last line is the total wall time and each part's.
bench:
	@t0=$$(date +%s); rc=0; \
	tests/vm/bench.sh $(KERNELS) || rc=$$?; t1=$$(date +%s); \
	tests/bench/offload-cost.sh || rc=$$?; t2=$$(date +%s); \
	{ tests/vm/bench-readme.sh && tests/vm/bench-readme.sh --offload; } || rc=1; \
	t3=$$(date +%s); \
	echo "# make bench: $$((t3 - t0)) s in all: VMs (tests/vm/bench.sh) $$((t1 - t0)) s, host part (tests/bench/offload-cost.sh) $$((t2 - t1)) s, README $$((t3 - t2)) s"; \
	exit $$rc

bench-readme:
	tests/vm/bench-readme.sh
	tests/vm/bench-readme.sh --offload

demo:
	tests/vm/demo.sh $(firstword $(KERNELS))

version:
	@echo $(VERSION)

deb:
	scripts/build-deb.sh

check-deb:
	tests/check-deb.sh

check-boot:
	tests/check-boot.sh

check-deb13:
	tests/check-deb.sh --suite trixie

.PHONY: deb check-deb check-deb13 check-boot

.PHONY: all module clean install dkms-install uninstall deps check \
	check-unit check-build check-style check-dkms check-vm check-debug \
	check-debug-all check-plan bench bench-readme demo \
	version
