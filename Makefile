# SPDX-License-Identifier: GPL-2.0
#
# hvl - Hyper-V guest stack for Linux, out of tree.
#
#   make                  build every module against KDIR (default: the running
#                         kernel's build tree), W=1, failing on any warning
#   make KVER=6.12        build against a matrix kernel (tests/vm/kernels.conf),
#                         fetched privately with that kernel's own compiler
#   make C=1              the same with sparse
#   make check            userspace tests: unit tests, fuzz-corpus replay, source checks
#   make fuzz             libFuzzer on every host-input parser (FUZZ_TIME=60 per target)
#   make vmtest [KVER=]   VM scenarios under QEMU/TCG (default: every matrix kernel;
#                         scenarios and repetition counts as make test: the
#                         tiers of tests/vm/sizes.conf)
#   make soak [KVER=]     every VM scenario with full repetition counts on every kernel
#   make dkmstest         real dkms add + build for every matrix kernel, private trees
#   make package          hvl-dkms and hvl-sim-dkms as .deb and .rpm, lintian and rpmlint
#   make imagetest        the .deb in a debootstrapped bookworm image with two kernels
#                         (chroot: DKMS, both initramfs images, removal; no boot yet)
#   make test             what CI runs: check + builds + sparse + dkms + packages + vmtest
#   make demo             boot a VM and show what the stack does today
#   make bench [KVER=]    echo ring vs memcpy, iperf3 over netvsc vs veth (not a test)
#   make install          install the modules for KDIR's kernel (depmod)
#   make dkms-install     register the source with DKMS and build it for the running kernel
#   make clean            remove build products
#
# Targets that need packages install them with apt when run as root and print
# the apt-get line otherwise (scripts/install-deps.sh).

KDIR ?= /lib/modules/$(shell uname -r)/build
KVER ?=
C ?=

ifneq ($(KVER),)
KSEL := --kver $(KVER)
else
KSEL := --kdir $(KDIR)
endif
SPARSE := $(if $(filter 1 2,$(C)),--sparse)

.PHONY: all modules check fuzz vmtest soak dkmstest package imagetest test demo bench install dkms-install clean deps help

all modules: deps-build
	@scripts/kbuild.sh $(KSEL) $(SPARSE)

check: deps-check
	@scripts/check.sh

fuzz: deps-fuzz
	@$(MAKE) -s -C tests/fuzz fuzz

vmtest: deps-vm
	@scripts/test.sh --vmtest-only $(KVER)

soak: deps-vm
	@scripts/test.sh --soak $(KVER)

dkmstest: deps-vm
	@scripts/test.sh --dkms-only $(KVER)

package: deps-pkg
	@scripts/package.sh

imagetest: deps-vm deps-pkg
	@tests/image/imagetest.sh

test: deps-vm deps-pkg
	@scripts/test.sh

bench: deps-vm
	@scripts/bench.sh $(or $(KVER),6.1)

demo: deps-vm
	@scripts/demo.sh $(or $(KVER),6.1)

install: all
	@scripts/install.sh --kdir $(KDIR)

dkms-install: deps-dkms
	@scripts/install.sh --dkms

deps-build deps-check deps-vm deps-dkms deps-pkg deps-fuzz:
	@scripts/install-deps.sh $(@:deps-%=%)

clean:
	$(if $(wildcard $(KDIR)/Makefile),$(MAKE) -C $(KDIR) M=$(CURDIR) clean,\
		find . \( -name '*.o' -o -name '*.ko' -o -name '*.mod' -o -name '*.mod.c' \
		-o -name '.*.cmd' -o -name 'modules.order' -o -name 'Module.symvers' \) -delete)
	rm -f .build.log
	$(MAKE) -C tests/unit clean
	$(MAKE) -C tests/fuzz clean

help:
	@sed -n '3,25p' Makefile
