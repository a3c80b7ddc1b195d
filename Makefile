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
#   make soak     768 CPUs through every safe mode (long)
#   make deps     install missing Debian packages and build libcpuid from its
#                 Debian source package (also done by run/test; make deps-test
#                 adds what only the tests need)

SHELL := /bin/bash
.DEFAULT_GOAL := all

B := build
PAYLOAD := payload/playdead.elf
HOST := host/playdead

# ---- Debian packages ------------------------------------------------------
# QEMU >= 8.1 is needed for x2APIC under TCG; bookworm has 7.2, so on bookworm
# the backports suite is added and QEMU taken from there.
DEB_PKGS := gcc make binutils clang libclang-rt-14-dev pkg-config jq \
	cmake dpkg-dev xz-utils libjson-c-dev libcmocka-dev \
	isolinux syslinux-common xorriso mtools ovmf ipxe-qemu \
	lava-common ser2net zlib1g-dev liblzma-dev time \
	bochs bochs-term bochsbios vgabios
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
PAYLOAD_CFLAGS := -std=gnu11 -ffreestanding -nostdlib -mno-red-zone -mgeneral-regs-only \
	-fpie -fno-plt -fno-stack-protector -fno-asynchronous-unwind-tables -fno-unwind-tables \
	-fno-builtin -fno-tree-loop-distribute-patterns -fcf-protection=none -mno-sse -mno-mmx -mno-80387 --param=min-pagesize=0 -O2 -g \
	-Wall -Wextra -Werror -I. -Ipayload
PAYLOAD_SRCS := $(filter-out payload/efi/%,$(wildcard payload/*/*.c)) $(wildcard cpuid/*.c) \
	$(wildcard results/*.c)
PAYLOAD_ASM := $(filter-out payload/efi/%,$(wildcard payload/*/*.S))
PAYLOAD_OBJS := $(patsubst %.c,$(B)/payload/%.o,$(PAYLOAD_SRCS)) \
	$(patsubst %.S,$(B)/payload/%.S.o,$(PAYLOAD_ASM))
PAYLOAD_HDRS := $(wildcard payload/*/*.h payload/arch/*/*.h cpuid/*.h results/*.h)

$(B)/payload/%.o: %.c $(PAYLOAD_HDRS)
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@gcc $(PAYLOAD_CFLAGS) -c $< -o $@

# Assembly objects named .S.o: a folder may hold x.c and x.S.
$(B)/payload/%.S.o: %.S $(PAYLOAD_HDRS)
	@mkdir -p $(dir $@)
	@echo "  AS      $@"
	@gcc $(PAYLOAD_CFLAGS) -c $< -o $@

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
EFI_CFLAGS := -std=gnu11 -ffreestanding -nostdlib -mno-red-zone -mgeneral-regs-only \
	-fpie -fvisibility=hidden -fno-stack-protector -fno-asynchronous-unwind-tables \
	-fno-unwind-tables -fno-builtin -fno-tree-loop-distribute-patterns -fcf-protection=none \
	-mno-sse -mno-mmx -mno-80387 -O2 -Wall -Wextra -Werror -I. -Ipayload
EFI_HDRS := $(wildcard payload/efi/*.h payload/arch/*/*.h payload/lib/*.h) payload/boot/handoff.h \
	payload/boot/layout.h payload/mem/idmap.h
# The loader's own files, and the payload's helpers and identity-map builder
# it shares, compiled for it.
EFI_SRCS := $(wildcard payload/efi/*.c) payload/lib/string.c payload/lib/fmt.c payload/mem/idmap.c
EFI_OBJS := $(patsubst payload/%.c,$(B)/efi/%.o,$(EFI_SRCS)) $(B)/efi/enter.o

$(B)/payload/playdead.bin: $(B)/payload/playdead64.elf
	objcopy -O binary $< $@

$(B)/efi/%.o: payload/%.c $(EFI_HDRS)
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@gcc $(EFI_CFLAGS) -c $< -o $@

$(B)/efi/enter.o: payload/efi/enter.S $(B)/payload/playdead.bin $(EFI_HDRS)
	@mkdir -p $(dir $@)
	@echo "  AS      $@"
	@gcc $(EFI_CFLAGS) -DPD_PAYLOAD_BIN='"$(B)/payload/playdead.bin"' -c $< -o $@

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

$(LIBCPUID_STAMP): mk/libcpuid.sh
	@bash mk/libcpuid.sh $(LIBCPUID_DIR) $(B)/libcpuid-src $@ $(LIBCPUID_VERSIONS)

# ---- host tool ---------------------------------------------------------------
HOST_PKG_CFLAGS = -I$(LIBCPUID_DIR)/include/libcpuid \
	$(shell pkg-config --cflags json-c zlib liblzma 2>/dev/null)
HOST_PKG_LIBS = $(LIBCPUID_DIR)/lib/libcpuid.a \
	$(shell pkg-config --libs json-c zlib liblzma 2>/dev/null || echo -ljson-c -lz -llzma)
HOST_CFLAGS := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -O2 -g -I.
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
SHARED_SRCS := $(wildcard cpuid/*.c) $(wildcard results/*.c)
# The command line (main.c and host/cmd/) is the tool's alone; the rest is
# linked into the unit tests and fuzz targets too.
HOST_CLI_SRCS := host/main.c $(wildcard host/cmd/*.c)
HOST_LIB_SRCS := $(filter-out $(HOST_CLI_SRCS),$(wildcard host/*.c host/*/*.c)) $(SHARED_SRCS)
HOST_HDRS := $(wildcard host/*.h host/*/*.h cpuid/*.h results/*.h)

$(B)/host/%.o: %.c $(HOST_HDRS) $(LIBCPUID_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@gcc $(HOST_CFLAGS) $(HOST_PKG_CFLAGS) -c $< -o $@

$(B)/asan/%.o: %.c $(HOST_HDRS) $(LIBCPUID_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC-SAN  $@"
	@clang $(HOST_CFLAGS) $(SAN_FLAGS) -O1 $(HOST_PKG_CFLAGS) -c $< -o $@

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

$(B)/unit/%: tests/unit/%.c $(wildcard tests/unit/*.h tests/report/*.h) $(patsubst %.c,$(B)/host/%.o,$(HOST_LIB_SRCS))
	@mkdir -p $(dir $@)
	gcc $(HOST_CFLAGS) $(UNIT_EXTRA_CFLAGS) $(HOST_PKG_CFLAGS) -o $@ $(filter %.c %.o,$^) $(HOST_PKG_LIBS) -lcmocka -lm

$(B)/unit-asan/%: tests/unit/%.c $(wildcard tests/unit/*.h tests/report/*.h) $(patsubst %.c,$(B)/asan/%.o,$(HOST_LIB_SRCS))
	@mkdir -p $(dir $@)
	clang $(HOST_CFLAGS) $(UNIT_EXTRA_CFLAGS) $(SAN_FLAGS) -O1 $(HOST_PKG_CFLAGS) -o $@ $(filter %.c %.o,$^) $(HOST_PKG_LIBS) -lcmocka -lm

# FUZZ_EXTRA: a target's own sources and flags (payload parsers built for the host).
$(B)/fuzz/%: tests/fuzz/%.c $(HOST_LIB_SRCS) $(HOST_HDRS) $(wildcard tests/fuzz/*.h) tests/fuzz/nocov.txt \
	$(LIBCPUID_STAMP)
	@mkdir -p $(dir $@)
	clang $(HOST_CFLAGS) -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -O1 \
		-fsanitize-coverage-ignorelist=tests/fuzz/nocov.txt \
		$(HOST_PKG_CFLAGS) $(FUZZ_EXTRA) -o $@ $< $(HOST_LIB_SRCS) $(HOST_PKG_LIBS) -lm

# The payload's boot line, console and SPCR parsers, built for the host as
# they are (freestanding code, GNU C for the UART's inline port I/O).
PAYLOAD_PARSE_SRCS := payload/options/options.c payload/options/uartspec.c payload/lib/number.c \
	payload/platform/spcr.c payload/report/serial.c payload/boot/bootinfo.c
PAYLOAD_PARSE_DEPS := $(PAYLOAD_PARSE_SRCS) $(wildcard payload/platform/*.h payload/lib/*.h \
	payload/boot/*.h payload/options/*.h payload/report/*.h)
$(B)/unit/test_options $(B)/unit-asan/test_options: $(PAYLOAD_PARSE_DEPS)
$(B)/unit/test_options $(B)/unit-asan/test_options: UNIT_EXTRA_CFLAGS := -std=gnu11 -iquote payload

# The payload's ACPI and SMBIOS parsers over a fake physical memory.  The
# BIOS data area is read at its fixed address (0x40E), which GCC takes for
# an access through a null pointer.
PAYLOAD_ACPI_SRCS := payload/platform/acpi.c payload/platform/smbios.c payload/boot/bootinfo.c \
	payload/lib/checksum.c
$(B)/unit/test_acpi $(B)/unit-asan/test_acpi: $(PAYLOAD_ACPI_SRCS) $(wildcard payload/platform/*.h \
	payload/lib/*.h payload/boot/*.h payload/report/*.h)
$(B)/unit/test_acpi $(B)/unit-asan/test_acpi: UNIT_EXTRA_CFLAGS := -std=gnu11 -iquote payload -Wno-array-bounds
$(B)/fuzz/fuzz_options: $(PAYLOAD_PARSE_DEPS)
$(B)/fuzz/fuzz_options: FUZZ_EXTRA := -std=gnu11 -iquote payload $(PAYLOAD_PARSE_SRCS)
# The UEFI loader's load options and PLAYDEAD.CFG.
$(B)/unit/test_efi_cfg $(B)/unit-asan/test_efi_cfg: payload/efi/cfg.c payload/efi/cfg.h
$(B)/unit/test_efi_cfg $(B)/unit-asan/test_efi_cfg: UNIT_EXTRA_CFLAGS := -std=gnu11 -iquote payload
$(B)/fuzz/fuzz_cfg: payload/efi/cfg.c payload/efi/cfg.h
$(B)/fuzz/fuzz_cfg: FUZZ_EXTRA := -std=gnu11 -iquote payload payload/efi/cfg.c
$(B)/fuzz/fuzz_acpi: $(PAYLOAD_ACPI_SRCS) $(wildcard payload/platform/*.h payload/lib/*.h \
	payload/boot/*.h payload/report/*.h)
# Table length limits lowered to 64 KiB: an input claiming the payload's
# 16 MiB ran the checksum over 16 MiB; with the checksum's per-byte coverage
# callbacks (now left out, tests/fuzz/nocov.txt) about 450 inputs a second.
$(B)/fuzz/fuzz_acpi: FUZZ_EXTRA := -std=gnu11 -iquote payload -Wno-array-bounds \
	-DSDT_MAX_LEN='(64u << 10)' -DSMBIOS_TABLE_MAX='(64u << 10)' $(PAYLOAD_ACPI_SRCS)

.PHONY: all run test soak bench fuzz clean format test-build
all: $(PAYLOAD) $(EFI) $(HOST)

# Boots the payload in QEMU (the embedded default target) and prints the report.
RUN_ARGS ?= --smp 4
run: deps all
	./$(HOST) run $(RUN_ARGS)

# Writes the synthetic 512-CPU log the report tests load in Chromium.
$(B)/report/synth_log: tests/report/synth_log.c tests/report/synth_log.h $(patsubst %.c,$(B)/host/%.o,$(SHARED_SRCS))
	@mkdir -p $(dir $@)
	gcc $(HOST_CFLAGS) -o $@ $(filter %.c %.o,$^)

test-build: all $(B)/playdead-asan $(UNIT_BINS) $(UNIT_ASAN_BINS) $(FUZZ_BINS) $(B)/report/synth_log

test: deps-test
	$(MAKE) test-build
	bash tests/run_all.sh

# Long runs (tests/soak.sh): injected resets over 60 cycles, 1,000 safe-mode
# cycles at -smp 8, 768 CPUs through every safe mode and the ignore_stop
# control (under TCG, most of an hour).
soak: deps all
	bash tests/soak.sh

$(B)/bench_parse: tests/bench/bench_parse.c $(patsubst %.c,$(B)/host/%.o,$(HOST_LIB_SRCS))
	gcc $(HOST_CFLAGS) $(HOST_PKG_CFLAGS) -o $@ $(filter %.c %.o,$^) $(HOST_PKG_LIBS) -lm

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
