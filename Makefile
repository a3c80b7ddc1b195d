# playdead: bare-metal CPU parking validator (payload) and its host tool.
#
#   make          build payload/playdead.elf, payload/playdead.efi and host/playdead
#   make iso      playdead.iso: hybrid ISO (isolinux for BIOS CD/USB, EFI image for UEFI)
#   make pxe      build/pxe/: iPXE script, playdead.elf and playdead.efi for TFTP/HTTP
#   make run      boot the payload in QEMU and print the report
#   make test     every test suite; ends with "N passed, N failed, N skipped"
#   make bench    figures: bring-up time, serial bytes per CPU, parse speed,
#                 a Linux kexec loop beside playdead's cycles
#   make fuzz     libFuzzer targets, FUZZ_SECONDS each (default 300)
#   make bochs    build/bochs/bin/bochs: Bochs 3.x from Debian's source package
#                 (the second machine model; bookworm's 2.7 loses MWAIT sleepers)
#   make soak     injected resets over 60 cycles, 1,000 safe-mode cycles at
#                 -smp 8, 768 CPUs through every safe mode (long)
#   make deps     install missing Debian packages and build libcpuid from its
#                 Debian source package (also done by run/test; make deps-test
#                 adds what only the tests need)

SHELL := /bin/bash
.DEFAULT_GOAL := all

B := build
PAYLOAD := payload/playdead.elf
HOST := host/playdead

# Flags every C compile shares; -MMD -MP: each object's headers go into its
# .d file beside it (included at the end), so a header change rebuilds only
# what includes it.
WARN_FLAGS := -Wall -Wextra -Werror
DEP_FLAGS := -MMD -MP

# ---- Debian packages ------------------------------------------------------
# QEMU >= 8.1 is needed for x2APIC under TCG; bookworm has 7.2, so on bookworm
# the backports suite is added and QEMU taken from there.
DEB_PKGS := gcc make binutils clang libclang-rt-14-dev pkg-config jq \
	cmake dpkg-dev xz-utils libjson-c-dev libcmocka-dev \
	isolinux syslinux-common xorriso mtools ovmf ipxe-qemu \
	lava-common ser2net zlib1g-dev liblzma-dev time \
	bochsbios vgabios g++ libncurses-dev libreadline-dev
DEB_QEMU := qemu-system-x86
# Only the tests need these: the HTML report's DOM checked in headless
# Chromium, the JUnit report read by junitparser.
DEB_TEST_PKGS := chromium python3-junitparser
# Only make bench needs these: the Linux kexec loop it compares against
# (its kernel is downloaded with apt-get download and unpacked into build/).
DEB_BENCH_PKGS := kexec-tools busybox-static cpio

.PHONY: deps deps-test deps-bench
deps:
	@bash mk/deps.sh $(DEB_PKGS) -- $(DEB_QEMU)
	@$(MAKE) --no-print-directory $(LIBCPUID_STAMP)

deps-bench:
	@bash mk/deps.sh $(DEB_PKGS) $(DEB_BENCH_PKGS) -- $(DEB_QEMU)

deps-test:
	@bash mk/deps.sh $(DEB_PKGS) $(DEB_TEST_PKGS) -- $(DEB_QEMU)

# ---- payload (freestanding x86-64, multiboot ELF32 container) --------------
# Freestanding code: the payload and the UEFI loader (no libc, no SSE/x87
# state to save, no red zone since interrupts use the same stack).
FREESTANDING_CFLAGS := -std=gnu11 -ffreestanding -nostdlib -mno-red-zone -mgeneral-regs-only \
	-fpie -fno-stack-protector -fno-asynchronous-unwind-tables -fno-unwind-tables \
	-fno-builtin -fno-tree-loop-distribute-patterns -fcf-protection=none -mno-sse -mno-mmx \
	-mno-80387 -O2 $(WARN_FLAGS) -I. -Ipayload
PAYLOAD_CFLAGS := $(FREESTANDING_CFLAGS) -fno-plt --param=min-pagesize=0 -g
PAYLOAD_SRCS := $(filter-out payload/efi/%,$(wildcard payload/*/*.c)) $(wildcard cpuid/*.c) \
	$(wildcard results/*.c)
PAYLOAD_ASM := $(filter-out payload/efi/%,$(wildcard payload/*/*.S))
PAYLOAD_OBJS := $(patsubst %.c,$(B)/payload/%.o,$(PAYLOAD_SRCS)) \
	$(patsubst %.S,$(B)/payload/%.S.o,$(PAYLOAD_ASM))

$(B)/payload/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@gcc $(PAYLOAD_CFLAGS) $(DEP_FLAGS) -c $< -o $@

# Assembly objects named .S.o: a folder may hold x.c and x.S.
$(B)/payload/%.S.o: %.S
	@mkdir -p $(dir $@)
	@echo "  AS      $@"
	@gcc $(PAYLOAD_CFLAGS) $(DEP_FLAGS) -c $< -o $@

# Linked as a static PIE (its R_X86_64_RELATIVE relocations kept inside the
# image, applied by the payload itself), then put in an ELF32 container,
# since multiboot loaders (QEMU -kernel among them) refuse ELF64.
$(B)/payload/playdead64.elf: $(PAYLOAD_OBJS) payload/boot/payload.ld
	ld -pie --no-dynamic-linker -z norelro -z max-page-size=4096 -z noexecstack \
		--no-warn-rwx-segments -T payload/boot/payload.ld -o $@ $(PAYLOAD_OBJS)

$(PAYLOAD): $(B)/payload/playdead64.elf
	objcopy -O elf32-i386 $< $@

# ---- EFI application (payload/efi/) ------------------------------------------
# A small UEFI loader carrying the flat payload image (the bytes a multiboot
# loader loads), linked as PE32+ with base relocations (.reloc), which UEFI
# needs to load it anywhere; an objcopy'd ELF has none.
EFI := payload/playdead.efi
EFI_CFLAGS := $(FREESTANDING_CFLAGS) -fvisibility=hidden
# The loader's own files, and the payload's helpers and identity-map builder
# it shares, compiled for it.
EFI_SRCS := $(wildcard payload/efi/*.c) payload/lib/string.c payload/lib/fmt.c payload/mem/idmap.c
EFI_OBJS := $(patsubst payload/%.c,$(B)/efi/%.o,$(EFI_SRCS)) $(B)/efi/enter.o

$(B)/payload/playdead.bin: $(B)/payload/playdead64.elf
	objcopy -O binary $< $@

$(B)/efi/%.o: payload/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@gcc $(EFI_CFLAGS) $(DEP_FLAGS) -c $< -o $@

$(B)/efi/enter.o: payload/efi/enter.S $(B)/payload/playdead.bin
	@mkdir -p $(dir $@)
	@echo "  AS      $@"
	@gcc $(EFI_CFLAGS) $(DEP_FLAGS) -DPD_PAYLOAD_BIN='"$(B)/payload/playdead.bin"' -c $< -o $@

# Subsystem 10: EFI application (PE format spec, "Windows Subsystem").
$(EFI): $(EFI_OBJS) payload/efi/efi.ld
	ld -m i386pep --subsystem 10 -e efi_main --dynamicbase --enable-reloc-section \
		-T payload/efi/efi.ld \
		-o $@ $(EFI_OBJS)

# ---- boot media (iso/) -------------------------------------------------------
# playdead.iso: hybrid ISO, BIOS (isolinux + mboot.c32, CD and USB) and UEFI
# (El Torito EFI image); build/pxe/: what a TFTP/HTTP server serves to iPXE.
ISO := playdead.iso
PXE_DIR := $(B)/pxe
PXE_OPTS ?=

# The media carry the payload without debug sections (the loaded bytes are
# the same as payload/playdead.elf's).
MEDIA_ELF := $(B)/payload/playdead-media.elf
$(MEDIA_ELF): $(B)/payload/playdead64.elf
	objcopy --strip-debug -O elf32-i386 $< $@

$(ISO): $(MEDIA_ELF) $(EFI) iso/mkiso.sh iso/menu.txt
	bash iso/mkiso.sh $@ $(MEDIA_ELF) $(EFI)

.PHONY: iso pxe
iso: deps
	$(MAKE) $(ISO)

pxe: deps
	$(MAKE) $(MEDIA_ELF) $(EFI)
	bash iso/mkpxe.sh $(PXE_DIR) $(MEDIA_ELF) $(EFI) "$(PXE_OPTS)"

# ---- libcpuid ---------------------------------------------------------------
# Built from a Debian source package (mk/libcpuid.sh): bookworm's 0.6.2
# misnames current server CPUs.  Debian source versions, tried in order; the
# first that the mirror still serves is built.
LIBCPUID_VERSIONS := 0.8.2+repack1-0.1 0.7.1+repack1-0.2
LIBCPUID_DIR := $(B)/libcpuid
empty :=
LIBCPUID_STAMP := $(LIBCPUID_DIR)/stamp-$(subst $(empty) $(empty),_,$(LIBCPUID_VERSIONS))

$(LIBCPUID_STAMP): mk/libcpuid.sh mk/debsrc.sh
	@bash mk/libcpuid.sh $(LIBCPUID_DIR) $(B)/libcpuid-src $@ $(LIBCPUID_VERSIONS)

# ---- Bochs -------------------------------------------------------------------
# Built from a Debian source package (mk/bochs.sh): bookworm's 2.7 loses MWAIT
# sleepers (fixed in 2.8).  The e2e tests' Bochs cases run this one.
BOCHS_VERSIONS := 3.1+dfsg-1 3.0+dfsg-1
BOCHS_DIR := $(B)/bochs
BOCHS_STAMP := $(BOCHS_DIR)/stamp-$(subst $(empty) $(empty),_,$(BOCHS_VERSIONS))

.PHONY: bochs
bochs: deps $(BOCHS_STAMP)
$(BOCHS_STAMP): mk/bochs.sh mk/debsrc.sh
	@bash mk/bochs.sh $(BOCHS_DIR) $(B)/bochs-src $@ $(BOCHS_VERSIONS)

# ---- host tool ---------------------------------------------------------------
HOST_PKG_CFLAGS = -I$(LIBCPUID_DIR)/include/libcpuid \
	$(shell pkg-config --cflags json-c zlib liblzma 2>/dev/null)
HOST_PKG_LIBS = $(LIBCPUID_DIR)/lib/libcpuid.a \
	$(shell pkg-config --libs json-c zlib liblzma 2>/dev/null || echo -ljson-c -lz -llzma)
HOST_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARN_FLAGS) -O2 -g -I.
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
# The fuzz targets' code: coverage-instrumented (not the checksums,
# tests/fuzz/nocov.txt), under ASan+UBSan.
FUZZ_CFLAGS := $(HOST_CFLAGS) -O1 -fsanitize=fuzzer-no-link,address,undefined \
	-fno-sanitize-recover=all -fsanitize-coverage-ignorelist=tests/fuzz/nocov.txt
SHARED_SRCS := $(wildcard cpuid/*.c) $(wildcard results/*.c)
# The command line (main.c and host/cmd/) is the tool's alone; the rest is
# linked into the unit tests and fuzz targets too.
HOST_CLI_SRCS := host/main.c $(wildcard host/cmd/*.c)
HOST_LIB_SRCS := $(filter-out $(HOST_CLI_SRCS),$(wildcard host/*.c host/*/*.c)) $(SHARED_SRCS)

# Host C, three builds: plain ($(B)/host/), ASan+UBSan ($(B)/asan/) and the
# fuzz build ($(B)/fuzzobj/).  OBJ_EXTRA: flags of some sources (below).
$(B)/host/%.o: %.c $(LIBCPUID_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@gcc $(HOST_CFLAGS) $(DEP_FLAGS) $(HOST_PKG_CFLAGS) $(OBJ_EXTRA) -c $< -o $@

$(B)/asan/%.o: %.c $(LIBCPUID_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC-SAN  $@"
	@clang $(HOST_CFLAGS) $(SAN_FLAGS) -O1 $(DEP_FLAGS) $(HOST_PKG_CFLAGS) $(OBJ_EXTRA) -c $< -o $@

$(B)/fuzzobj/%.o: %.c tests/fuzz/nocov.txt $(LIBCPUID_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC-FUZZ $@"
	@clang $(FUZZ_CFLAGS) $(DEP_FLAGS) $(HOST_PKG_CFLAGS) $(OBJ_EXTRA) -c $< -o $@

$(HOST): $(patsubst %.c,$(B)/host/%.o,$(HOST_CLI_SRCS) $(HOST_LIB_SRCS))
	gcc -o $@ $(filter %.o,$^) $(HOST_PKG_LIBS) -lm

# The same tool under AddressSanitizer + UndefinedBehaviorSanitizer.
$(B)/playdead-asan: $(patsubst %.c,$(B)/asan/%.o,$(HOST_CLI_SRCS) $(HOST_LIB_SRCS))
	clang $(SAN_FLAGS) -o $@ $(filter %.o,$^) $(HOST_PKG_LIBS) -lm

# ---- tests -----------------------------------------------------------------
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(B)/unit/%,$(UNIT_SRCS))
UNIT_ASAN_BINS := $(patsubst tests/unit/%.c,$(B)/unit-asan/%,$(UNIT_SRCS))
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS := $(patsubst tests/fuzz/%.c,$(B)/fuzz/%,$(FUZZ_SRCS))

# A unit test or fuzz target: its own source, the host library and, for
# some, payload sources built for the host (below).
$(B)/unit/%: $(B)/host/tests/unit/%.o $(patsubst %.c,$(B)/host/%.o,$(HOST_LIB_SRCS))
	@mkdir -p $(dir $@)
	gcc -o $@ $(filter %.o,$^) $(HOST_PKG_LIBS) -lcmocka -lm

$(B)/unit-asan/%: $(B)/asan/tests/unit/%.o $(patsubst %.c,$(B)/asan/%.o,$(HOST_LIB_SRCS))
	@mkdir -p $(dir $@)
	clang $(SAN_FLAGS) -o $@ $(filter %.o,$^) $(HOST_PKG_LIBS) -lcmocka -lm

$(B)/fuzz/%: $(B)/fuzzobj/tests/fuzz/%.o $(patsubst %.c,$(B)/fuzzobj/%.o,$(HOST_LIB_SRCS))
	@mkdir -p $(dir $@)
	clang -fsanitize=fuzzer,address,undefined -o $@ $(filter %.o,$^) $(HOST_PKG_LIBS) -lm

# Payload sources built for the host as they are: freestanding code in GNU C
# (the UART's inline port I/O).  The BIOS data area is read at its fixed
# address (0x40E), which GCC takes for an access through a null pointer.
HOSTED_PAYLOAD_CFLAGS := -std=gnu11 -iquote payload -Wno-array-bounds
$(B)/host/payload/%.o $(B)/asan/payload/%.o: OBJ_EXTRA := $(HOSTED_PAYLOAD_CFLAGS)
# In the fuzz build the table length limits are lowered to 64 KiB: an input
# claiming the payload's 16 MiB ran the checksum over 16 MiB; with the
# checksum's per-byte coverage callbacks (now left out, tests/fuzz/nocov.txt)
# fuzz_acpi ran about 450 inputs a second.
$(B)/fuzzobj/payload/%.o: OBJ_EXTRA := $(HOSTED_PAYLOAD_CFLAGS) \
	-DSDT_MAX_LEN='(64u << 10)' -DSMBIOS_TABLE_MAX='(64u << 10)'
hosted = $(foreach d,$(1),$(patsubst %.c,$(B)/$(d)/%.o,$(2)))

# The boot line, console and SPCR parsers.
PAYLOAD_PARSE_SRCS := payload/options/options.c payload/options/uartspec.c payload/lib/number.c \
	payload/platform/spcr.c payload/report/serial.c payload/boot/bootinfo.c payload/lib/tsc.c
# The ACPI and SMBIOS parsers over a fake physical memory.
PAYLOAD_ACPI_SRCS := payload/platform/acpi.c payload/platform/smbios.c payload/boot/bootinfo.c \
	payload/lib/checksum.c
# The UEFI loader's load options and PLAYDEAD.CFG.
PAYLOAD_CFG_SRCS := payload/efi/cfg.c
# The identity map the payload and the UEFI loader build, and the loader's
# UEFI memory types.
PAYLOAD_IDMAP_SRCS := payload/mem/idmap.c payload/efi/memtype.c

$(B)/unit/test_options: $(call hosted,host,$(PAYLOAD_PARSE_SRCS))
$(B)/unit-asan/test_options: $(call hosted,asan,$(PAYLOAD_PARSE_SRCS))
$(B)/fuzz/fuzz_options: $(call hosted,fuzzobj,$(PAYLOAD_PARSE_SRCS))
$(B)/unit/test_acpi: $(call hosted,host,$(PAYLOAD_ACPI_SRCS))
$(B)/unit-asan/test_acpi: $(call hosted,asan,$(PAYLOAD_ACPI_SRCS))
$(B)/fuzz/fuzz_acpi: $(call hosted,fuzzobj,$(PAYLOAD_ACPI_SRCS))
$(B)/unit/test_efi_cfg: $(call hosted,host,$(PAYLOAD_CFG_SRCS))
$(B)/unit-asan/test_efi_cfg: $(call hosted,asan,$(PAYLOAD_CFG_SRCS))
$(B)/fuzz/fuzz_cfg: $(call hosted,fuzzobj,$(PAYLOAD_CFG_SRCS))
# The console driver and the relocation stub over a fake 16550
# (tests/unit/fake_uart.h): the stub's assembly is built for the host too.
PAYLOAD_UART_SRCS := payload/report/serial.c payload/report/report.c payload/lib/fmt.c \
	payload/lib/tsc.c
$(B)/unit/test_uart: $(call hosted,host,$(PAYLOAD_UART_SRCS)) $(B)/host/payload/kexec/relocate_kernel.S.o
$(B)/unit-asan/test_uart: $(call hosted,asan,$(PAYLOAD_UART_SRCS)) \
	$(B)/asan/payload/kexec/relocate_kernel.S.o
$(B)/host/payload/%.S.o: payload/%.S
	@mkdir -p $(dir $@)
	@echo "  AS      $@"
	@gcc -I. -Ipayload -Wa,--noexecstack $(DEP_FLAGS) -c $< -o $@
$(B)/asan/payload/%.S.o: payload/%.S
	@mkdir -p $(dir $@)
	@echo "  AS-SAN  $@"
	@clang -I. -Ipayload -Wa,--noexecstack $(DEP_FLAGS) -c $< -o $@
# The KCS driver against a model of the BMC's side (tests/unit/test_kcs.c).
PAYLOAD_KCS_SRCS := payload/platform/kcs.c payload/lib/tsc.c
$(B)/unit/test_kcs: $(call hosted,host,$(PAYLOAD_KCS_SRCS))
$(B)/unit-asan/test_kcs: $(call hosted,asan,$(PAYLOAD_KCS_SRCS))
$(B)/unit/test_idmap: $(call hosted,host,$(PAYLOAD_IDMAP_SRCS))
$(B)/unit-asan/test_idmap: $(call hosted,asan,$(PAYLOAD_IDMAP_SRCS))
# Their tests include the payload's headers the payload's way.
$(call hosted,host asan,tests/unit/test_options.c tests/unit/test_acpi.c tests/unit/test_efi_cfg.c \
	tests/unit/test_uart.c tests/unit/test_idmap.c tests/unit/test_kcs.c) \
$(call hosted,fuzzobj,tests/fuzz/fuzz_options.c tests/fuzz/fuzz_acpi.c tests/fuzz/fuzz_cfg.c): \
	OBJ_EXTRA := $(HOSTED_PAYLOAD_CFLAGS)

.PHONY: all run test soak bench fuzz clean format test-build
all: $(PAYLOAD) $(EFI) $(HOST)

# Boots the payload in QEMU (the embedded default target) and prints the report.
RUN_ARGS ?= --smp 4
run: deps all
	./$(HOST) run $(RUN_ARGS)

# Writes the synthetic 512-CPU log the report tests load in Chromium.
$(B)/report/synth_log: $(B)/host/tests/report/synth_log.o $(patsubst %.c,$(B)/host/%.o,$(SHARED_SRCS))
	@mkdir -p $(dir $@)
	gcc -o $@ $^

test-build: all $(BOCHS_STAMP) $(B)/playdead-asan $(UNIT_BINS) $(UNIT_ASAN_BINS) $(FUZZ_BINS) $(B)/report/synth_log

test: deps-test
	$(MAKE) test-build
	bash tests/run_all.sh

# Long runs (tests/soak.sh): injected resets over 60 cycles, 1,000 safe-mode
# cycles at -smp 8, 768 CPUs through every safe mode and the ignore_stop
# control (under TCG, most of an hour).
soak: deps all
	bash tests/soak.sh

$(B)/bench_parse: $(B)/host/tests/bench/bench_parse.o $(patsubst %.c,$(B)/host/%.o,$(HOST_LIB_SRCS))
	gcc -o $@ $^ $(HOST_PKG_LIBS) -lm

bench: deps-bench all $(B)/bench_parse $(FUZZ_BINS)
	bash tests/bench.sh

# Every fuzz target for FUZZ_SECONDS under ASan+UBSan; the corpus is merged
# into tests/fuzz/corpus/, crashes kept in tests/fuzz/regressions/;
# FUZZ_RUNS=N stops a target after N executions.
FUZZ_SECONDS ?= 300
fuzz: deps $(FUZZ_BINS)
	FUZZ_RUNS=$(FUZZ_RUNS) bash tests/fuzz/run.sh $(FUZZ_SECONDS)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(B) $(PAYLOAD) $(EFI) $(HOST) playdead.iso

# Each object's headers (-MMD -MP), once it has been built.
-include $(shell find $(addprefix $(B)/,payload efi host asan fuzzobj) -name '*.d' 2>/dev/null)
# Objects reached through pattern rules (a test's own .o) are kept.
.SECONDARY:
