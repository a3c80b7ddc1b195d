/* SPDX-License-Identifier: MIT */
/*
 * Field keys of every record, defined once.  The payload writes them with
 * pd_rec_*(), the host reads them with pd_record_field_*().  FORMAT.md lists
 * which record carries which key.
 */
#ifndef PD_RESULTS_FIELDS_H
#define PD_RESULTS_FIELDS_H

/* boot */
#define PD_F_VERSION "version"   /* payload version string */
#define PD_F_FORMAT  "format"    /* PD_FORMAT_VERSION */
#define PD_F_PATH    "path"      /* boot path: multiboot | uefi | kexec */
#define PD_F_LOADER  "loader"    /* boot loader name, when given */
#define PD_F_CMDLINE "cmdline"   /* the boot command line as received */
#define PD_F_MEM_KB  "mem_kb"    /* usable RAM from the memory map */
#define PD_F_BASE    "base"      /* load address of the running image */
#define PD_F_CONSOLE "console"   /* the UART records go to: io:0x2f8, mmio32:0xfe001000 */
#define PD_F_CONSOLE_FROM "console_from" /* console | earlycon | spcr | default */
#define PD_F_BAUD    "baud"      /* 0: the firmware's divisor kept (SPCR "as is") */
#define PD_F_IGNORED "ignored"   /* Linux/farm parameters on the line, not ours */

/* error */
#define PD_F_LEVEL "level" /* PD_LEVEL_WARN | PD_LEVEL_FAIL */
#define PD_F_CODE  "code"  /* a token naming the error, see PD_ERR_* */
#define PD_F_WHAT  "what"  /* human-readable explanation */
#define PD_F_KEY   "key"   /* the boot option concerned */
#define PD_F_VALUE "value" /* the offending value */
#define PD_F_DROPPED "dropped" /* errors not sent (too many) */
#define PD_F_OFFSET  "offset"  /* cmdline_too_long: first byte not applied */
#define PD_F_LEN     "len"     /* cmdline_too_long: the line's full length */

/* exception */
#define PD_F_VECTOR "vector"
#define PD_F_NAME   "name" /* #GP, #PF, ... */
#define PD_F_ERR    "err"
#define PD_F_RIP    "rip"
#define PD_F_RSP    "rsp"
#define PD_F_CR2    "cr2"

/* tsc: khz and source (the run's), check (the second source compared),
 * diff_ppm (their difference), outvoted (1: a third source overruled the
 * preferred one), then per source its kHz under its name and, when it was
 * there but gave nothing, why under NAME_why */
#define PD_F_KHZ      "khz"
#define PD_F_SOURCE   "source"
#define PD_F_CHECK    "check"
#define PD_F_DIFF_PPM "diff_ppm"
#define PD_F_OUTVOTED "outvoted"
/* Two sources agree within 2 %: each timer is read over 10 ms, where a
 * read's latency is microseconds (Linux's PIT check allows 10 %). */
#define PD_TSC_AGREE_PPM 20000
/* The TSC's sources in order of preference: X(enum suffix, name, why key). */
#define PD_TSC_SOURCES(X)                                                                          \
	X(NONE, "none", "none_why")	       /* nothing measured the TSC */                    \
	X(CPUID, "cpuid", "cpuid_why")	       /* CPUID leaf 15H (with 16H) */                  \
	X(HPET, "hpet", "hpet_why")	       /* ACPI HPET table's timer */                    \
	X(PMTIMER, "pmtimer", "pmtimer_why") /* FADT PM timer */                              \
	X(PIT, "pit", "pit_why")	       /* 8254 channel 2 */

/* acpi */
#define PD_F_RSDP    "rsdp"
#define PD_F_REV     "rev"
#define PD_F_OEM     "oem"
#define PD_F_SDT     "sdt" /* rsdt | xsdt */
#define PD_F_MADT    "madt"
#define PD_F_FADT    "fadt"
#define PD_F_LAPIC   "lapic" /* local APIC MMIO address (after override) */
#define PD_F_SMI_CMD "smi_cmd"
#define PD_F_PM_TMR  "pm_tmr"
#define PD_F_ENTRIES "entries" /* MADT LAPIC + x2APIC entries */
#define PD_F_HW_REDUCED "hw_reduced" /* FADT HW_REDUCED_ACPI: PM timer and SMI_CMD ignored */
#define PD_F_HPET    "hpet"    /* HPET base from the HPET table, 0 if none */
#define PD_F_TABLE   "table"   /* error: ACPI table signature */
#define PD_F_ADDR    "addr"    /* error, bmc: an address */

/* bmc (first boot): the BMC's system interface (results/ipmi.h): found
 * (0/1), via, space, addr, spacing, spec (the IPMI revision its table
 * claims); answer (0/1: Get Device ID answered) and then what it said:
 * ipmi, dev, dev_rev, fw, mfg, product; why: what went wrong */
#define PD_F_FOUND   "found"
#define PD_F_IFACE   "if"      /* kcs | smic | bt | ssif | unknown */
#define PD_F_SPACING "spacing" /* bytes between the interface's registers */
#define PD_F_SPEC    "spec"    /* "2.0": the table's IPMI revision */
#define PD_F_ANSWER  "answer"  /* 0/1 */
#define PD_F_IPMI    "ipmi"    /* "2.0": Get Device ID's IPMI version */
#define PD_F_DEV     "dev"     /* device ID */
#define PD_F_DEV_REV "dev_rev" /* device revision */
#define PD_F_FW      "fw"      /* firmware revision "1.05" */
#define PD_F_MFG     "mfg"     /* manufacturer ID (IANA enterprise number) */
#define PD_F_PRODUCT "product" /* product ID */

/* watchdog (first boot): armed (0/1), countdown_ms, why (when not armed) */
#define PD_F_ARMED	  "armed"
#define PD_F_COUNTDOWN_MS "countdown_ms"

/* restart (a boot after a reset in a cycle): n, phase, and what the BMC
 * says: wd (expired | quiet | unknown: no BMC to ask), wd_flags (Get
 * Watchdog Timer's expiration flags), cause (Get System Restart Cause's,
 * results/ipmi.h names) or cause_cc (its completion code when it failed) */
#define PD_F_WD	      "wd"
#define PD_F_WD_FLAGS "wd_flags"
#define PD_F_CAUSE    "cause"
#define PD_F_CAUSE_CC "cause_cc"
/* cycle: by=watchdog when the BMC's watchdog ended the cycle; injected
 * record and cycle: hang=1 for inject_hang */
#define PD_F_BY	  "by"
#define PD_F_HANG "hang"
/* wd's values, and by's */
#define PD_WD_EXPIRED  "expired"
#define PD_WD_QUIET    "quiet"
#define PD_WD_UNKNOWN  "unknown"
#define PD_BY_WATCHDOG "watchdog"

/* sel (a boot after a reset in a cycle): one BMC event log entry logged
 * since the run began (results/ipmi.h): n (the cycle), id, type, time (the
 * SEL's seconds), and for a system event: sensor_type, sensor, event
 * (direction and type), event_data (data 1-3), what (the offset's name) */
#define PD_F_ID		 "id"
#define PD_F_TYPE	 "type"
#define PD_F_TIME	 "time"
#define PD_F_SENSOR_TYPE "sensor_type"
#define PD_F_SENSOR	 "sensor"
#define PD_F_EVENT	 "event"
#define PD_F_EVENT_DATA	 "event_data"

/* mce_boot (any boot): one valid machine-check bank found at boot, before
 * it was cleared (results/mca.h): when (before_run | after_reset | arrival),
 * n (the cycle, unless before_run), apic, bank, status, addr (ADDRV), misc
 * (MISCV), mcg (IA32_MCG_STATUS), severity, class */
#define PD_MCE_BOOT_BEFORE_RUN  "before_run"  /* the first boot: firmware or what ran before */
#define PD_MCE_BOOT_AFTER_RESET "after_reset" /* the boot after cycle n's reset */
#define PD_MCE_BOOT_ARRIVAL     "arrival"     /* the instance cycle n handed over to */
#define PD_F_MISC     "misc"
#define PD_F_SEVERITY "severity" /* fatal | uncorrected | corrected */
#define PD_F_CLASS    "class"    /* the MCA error code's class */

/* smbios */
#define PD_F_SMBIOS_VER    "ver"
#define PD_F_BIOS_VENDOR   "bios_vendor"
#define PD_F_BIOS_VERSION  "bios_version"
#define PD_F_BIOS_DATE     "bios_date"
#define PD_F_SYS_VENDOR    "sys_vendor"
#define PD_F_SYS_PRODUCT   "sys_product"
#define PD_F_BOARD_VENDOR  "board_vendor"
#define PD_F_BOARD_PRODUCT "board_product"
#define PD_F_CPU_SOCKET    "cpu_socket"
#define PD_F_CPU_VERSION   "cpu_version"

/* apic */
#define PD_F_MODE        "mode" /* xapic | x2apic */
#define PD_F_BSP         "bsp"  /* APIC ID of the BSP */
#define PD_F_INIT_UDELAY "init_udelay"
#define PD_F_TRAMPOLINE  "trampoline"
#define PD_F_ALL_UP_US   "all_up_us" /* first INIT to last AP check-in */

/* cpu (one per MADT CPU) */
#define PD_F_IDX     "idx"   /* logical CPU number, as in the dump's "Logical CPU #N" */
#define PD_F_APIC    "apic"  /* APIC ID (x2APIC ID in x2APIC mode) */
#define PD_F_UID     "uid"   /* ACPI processor UID */
#define PD_F_SRC     "src"   /* lapic | x2apic: the MADT entry type */
#define PD_F_FLAGS   "flags" /* enabled,online-capable as listed */
#define PD_F_STATE   "state" /* PD_CPU_STATES */
#define PD_F_UP_US   "up_us" /* SIPI to check-in, microseconds */
#define PD_F_PKG     "pkg"
#define PD_F_CORE    "core"
#define PD_F_THREAD  "thread"
#define PD_F_UCODE   "ucode" /* microcode revision */
#define PD_F_CANARY  "canary" /* ok | bad: stack canary after bring-up */
#define PD_F_ESR     "esr"    /* error: APIC error status after an IPI */
#define PD_F_CPUID_APIC "cpuid_apic" /* CPUID's initial APIC ID, when not the register's */
#define PD_F_CR0     "cr0"    /* control state the CPU runs with, read on it */
#define PD_F_CR4     "cr4"
#define PD_F_EFER    "efer"

/* features (decoded CPUID facts, BSP) */
#define PD_F_CPU_VENDOR  "vendor"
#define PD_F_FAMILY      "family"
#define PD_F_MODEL       "model"
#define PD_F_STEPPING    "stepping"
#define PD_F_BRAND       "brand"
#define PD_F_SME         "sme"
#define PD_F_SEV         "sev"
#define PD_F_SEV_ES      "sev_es"
#define PD_F_SNP         "snp"
#define PD_F_CBIT        "cbit"
#define PD_F_TME         "tme"
#define PD_F_TME_ACTIVE  "tme_active"
#define PD_F_TDX_HOST    "tdx_host"
#define PD_F_TDX_KEYIDS  "tdx_keyids"
#define PD_F_TDX_GUEST   "tdx_guest"
#define PD_F_MWAIT       "monitor_mwait"
#define PD_F_MWAIT_MIN   "mwait_min"
#define PD_F_MWAIT_MAX   "mwait_max"
#define PD_F_MWAIT_EMX   "mwait_emx"
#define PD_F_MWAIT_IBE   "mwait_ibe"
#define PD_F_MWAIT_CST   "mwait_cstates" /* leaf 5 EDX: sub-states per C-state */
#define PD_F_MWAIT_HINT  "mwait_hint"    /* MWAIT EAX: features: decoded; kexec: in use */
#define PD_F_CPUID_MAX   "cpuid_max"     /* CPUID leaf 0 EAX, after the probe */
#define PD_F_CPUID_LIMIT "cpuid_limit"   /* IA32_MISC_ENABLE[22] at boot (Intel): 0/1 */
#define PD_F_CPUID_LIMIT_CLEARED "cpuid_limit_cleared" /* 1: the payload cleared it */
#define PD_F_MWAIT_LINE  "mwait_line"    /* bytes: size and alignment of each park line:
					    features: from leaf 5 EBX; kexec: in use */
#define PD_F_SMT         "smt"
#define PD_F_X2APIC      "x2apic"
#define PD_F_HYPERVISOR  "hypervisor"
#define PD_F_PDPE1GB     "pdpe1gb"
#define PD_F_SMT_SHIFT   "smt_shift"
#define PD_F_CORE_SHIFT  "core_shift"

/* topology (counted from the CPUs that are up) */
#define PD_F_PACKAGES "packages"
#define PD_F_CORES    "cores"   /* per package */
#define PD_F_THREADS  "threads" /* per core */
#define PD_F_CPUS     "cpus"
#define PD_F_CORE_TYPES "core_types" /* hybrid: "core:16,atom:8", CPUs per core type */

/* mismatch */
#define PD_F_WHAT_KIND "kind" /* mismatch: cpuid | ucode | msr; inject: mce */
#define PD_F_LEAF      "leaf"
#define PD_F_SUB       "sub"
#define PD_F_REG       "reg"
#define PD_F_VAL       "val"
#define PD_F_APICS     "apics" /* ID list: "0-3,8" */
#define PD_F_CORE_TYPE "ctype" /* hybrid: core type the CPUs were compared within */
#define PD_F_MSR       "msr"   /* kind=msr: the MSR's number (results/msrs.h) */

/* msrs (once per run, at the first boot): the MSRs compared across CPUs
 * (results/msrs.h), and cpus: how many CPUs they were compared on */
#define PD_F_COUNT        "count"        /* MSRs compared */
#define PD_F_MSR_LIST     "msrs"         /* their numbers: pd_msr_format_list() ("fe,2ff,...") */
#define PD_F_NOT_COMPARED "not_compared" /* read, not compared (the same form); why: the reason */

/* inject (payload asks the host), mce (what a machine-check provocation did),
 * einj (one ACPI EINJ action); n is the cycle */
#define PD_F_WHEN        "when"     /* before | after: the handover */
/* inject kinds: a broadcast machine check; a corrected error left in a bank */
#define PD_INJECT_MCE    "mce"
#define PD_INJECT_MCE_CE "mce_ce"
#define PD_INJECT_MCE_NORIPV "mce_nr" /* the broadcast one with MCG_STATUS.RIPV clear */
#define PD_F_VIA         "via"      /* host | einj | none; bmc: pd_ipmi_via_name() */
#define PD_F_INJECTED    "injected" /* 0/1: the BSP took the machine check */
#define PD_F_BANK        "bank"     /* MCA bank whose status was valid on the BSP */
#define PD_F_STATUS      "status"   /* its IA32_MCi_STATUS */
#define PD_F_MCG         "mcg"      /* IA32_MCG_STATUS at the #MC */
#define PD_F_ACTION      "action"   /* einj: ACPI injection action name */
#define PD_F_INSN        "insn"     /* einj: instruction name */
#define PD_F_REGISTER    "reg_addr" /* einj: register address */
#define PD_F_SPACE       "space"    /* einj, bmc: mem | io */
#define PD_F_DATA        "data"     /* einj: value written or read */

/* limits (once per run): the bounded waits' limits, results/limits.h; cpus
 * (the CPUs they are sized for), then one key per PD_WAITS name in us */
#define PD_F_EMULATED  "emulated"  /* 0/1: the emulation formula */
#define PD_F_HOST_CPUS "host_cpus" /* host CPUs running the vCPUs, when told */
#define PD_F_PER_CORE  "per_core"  /* emulated: vCPUs per host CPU */
#define PD_F_WBINVD_US "wbinvd_us" /* the BSP's WBINVD, timed at boot, when CPUs flush */

/* dumpset: the CPUs whose CPUID the dump section Logical CPU #idx stands for;
 * idx, cpus (how many, first record only), apics (ID list, long lists split
 * over several records), ctype (hybrid: core type) */

/* kexec (once per run) */
#define PD_F_LOAD     "load"     /* alternate | same: what the handovers do */
#define PD_F_LOAD_AT  "load_at"  /* where the first handover loads the next instance */
#define PD_F_LOAD_WHY "load_why" /* why load differs from kexec_load= (a fallback) */
#define PD_F_WBINVD   "wbinvd"   /* 0 | 1: the decision */
#define PD_F_WHY      "why"      /* the reason for it */
#define PD_F_AREA     "area"     /* results area address */
#define PD_F_CYCLES   "cycles"   /* cycles in the schedule */
#define PD_F_MODES    "modes"    /* modes in the schedule, comma list */
#define PD_F_PROVOKE  "provoke"  /* provocation sets, "/"-separated ("none/nmi+smi") */
#define PD_F_ON_RESET "on_reset" /* continue | stop */
#define PD_F_PLATFORM "platform" /* hardware | qemu-tcg: which expectation applies */

/* cycle: also one key per outcome name (ok=, woke=, ...) with its count */
#define PD_F_N         "n"       /* cycle index, from 0 */
#define PD_F_M         "m"       /* park mode */
#define PD_F_P         "p"       /* provocation set */
#define PD_F_SMI_US    "smi_us"  /* slowest SMI of the cycle */
#define PD_F_SCRIBBLED "scribbled" /* 1: the image checksum failed on arrival */
#define PD_F_MCE       "mce"       /* provoke=mce: injected | skipped */
#define PD_F_PHASE     "phase"   /* reset: the phase the cycle was in */
#define PD_F_INJECTED  "injected" /* cycle: 1, the reset was injected (inject_reset) */
#define PD_F_TIMES     "t"       /* timing=1: stop/provoke/copy/arrive/bringup in us */
/* The phases of t=, in its order ('/'-separated microseconds): X(enum suffix, name) */
#define PD_TIMES(X)                                                                                \
	X(STOP, "stop")            /* stop to every CPU parked */                                  \
	X(PROVOKE, "provoke")      /* the provocations */                                          \
	X(COPY, "copy+boot")       /* handover: copy and boot of the next image */                 \
	X(ARRIVE, "arrival")       /* the next image's arrival work */                             \
	X(BRINGUP, "bring-up")     /* the APs brought up again */
enum pd_times {
#define PD_X(e, s) PD_TIMES_##e,
	PD_TIMES(PD_X)
#undef PD_X
	    PD_TIMES_COUNT,
};

/* outcome */
#define PD_F_O      "o"      /* the outcome */
#define PD_F_BEFORE "before" /* wakes between park and handover */
#define PD_F_AFTER  "after"  /* wakes after the handover */
/* outcome and cycle: NMIs held pending across wait-for-SIPI and taken right
 * after the SIPI, in the trampoline (counted, then start-up goes on); the
 * outcome record is sent for such a CPU even when it is ok */
#define PD_F_SIPI_NMI "sipi_nmi"

/* cpumodes: apic=, then one key per mode name: counts in PD_OUTCOMES order */

/* group: one per mode x provocation set, then bring-up and consistency,
 * sent by the last instance before end */
#define PD_F_CASE     "case"     /* "MODE/PROVOKE" ("hlt/none"), PD_CASE_BRINGUP, ... */
#define PD_F_FAILED   "failed"   /* cycles of the group that failed */
#define PD_F_EXPECTED "expected" /* pass | fail: what the matrix expects of its cycles */
#define PD_F_RESULT   "result"   /* pass: as expected; fail: not; skip: mode unsupported */
#define PD_CASE_BRINGUP     "bringup"     /* every CPU up, no error of level fail */
#define PD_CASE_CONSISTENCY "consistency" /* no CPUID, microcode or MSR mismatch */
#define PD_RESULT_SKIP      "skip"

/* end */
#define PD_F_ONLINE     "online"
#define PD_F_LOST       "lost"
#define PD_F_ERRORS     "errors"
#define PD_F_MISMATCHES "mismatches"
#define PD_F_VERDICT    "verdict" /* pass | fail */
#define PD_F_RECORDS    "records" /* records sent in this boot, this one included */

/* Error codes (error record code=). */
#define PD_ERR_BAD_OPTION     "bad_option"     /* known key, bad value */
#define PD_ERR_UNKNOWN_OPTION "unknown_option" /* unknown key */
#define PD_ERR_NO_ACPI        "no_acpi"        /* no RSDP found */
#define PD_ERR_BAD_TABLE      "bad_table"      /* checksum or length wrong */
#define PD_ERR_NO_MADT        "no_madt"
#define PD_ERR_NO_FADT        "no_fadt"
#define PD_ERR_NO_SMBIOS      "no_smbios"
#define PD_ERR_BSP_ONLY       "bsp_only"       /* why the run does not start APs */
#define PD_ERR_CPU_SKIPPED    "cpu_skipped"    /* a MADT CPU not started, and why */
#define PD_ERR_TOO_MANY_CPUS  "too_many_cpus"
#define PD_ERR_CPU_LOST       "cpu_lost"       /* AP never checked in */
#define PD_ERR_APIC_ID        "apic_id_differs" /* APIC ID register is not CPUID's initial ID */
#define PD_ERR_CACHE_OFF      "cache_disabled"  /* CR0.CD or NW set: the CPU runs uncached */
#define PD_ERR_APIC_SEND      "apic_send"      /* ICR stuck or ESR set */
#define PD_ERR_STACK          "stack_overflow" /* AP stack canary damaged */
#define PD_ERR_NO_MEMORY      "no_memory"
#define PD_ERR_NO_MMAP        "no_mmap"
#define PD_ERR_TSC            "tsc_calibration" /* no source measured the TSC */
#define PD_ERR_TSC_DISAGREE   "tsc_disagree"    /* two TSC sources differ by over 2 % */
#define PD_ERR_X2APIC         "x2apic_required"
#define PD_ERR_PROBE          "probe_incomplete" /* AP checked in, probe never ended */
#define PD_ERR_UNEXPECTED_CPU "unexpected_cpu"   /* a CPU not in the MADT woke up */
#define PD_ERR_UNEXPECTED_INT "unexpected_interrupt"
#define PD_ERR_PAGING         "paging"
#define PD_ERR_AREA           "results_area"   /* corrupt or moved results area */
#define PD_ERR_NO_SMI         "no_smi_port"    /* smi provocation without FADT SMI_CMD */
#define PD_ERR_KICK           "kick_timeout"   /* mwait-kick: CPU never acknowledged */
#define PD_ERR_MONITOR_LINE   "monitor_line"   /* park lines smaller than leaf 5 EBX asks */
#define PD_ERR_CPUID_LIMIT    "cpuid_limit"    /* IA32_MISC_ENABLE[22] was set: value set:N,cleared:M */
#define PD_ERR_CPUID_LEAVES   "cpuid_leaves_missing" /* max basic leaf hides 5 / 0BH */
#define PD_ERR_STOP           "stop_timeout"   /* CPU ignored stop IPI and NMI */
#define PD_ERR_SCRIBBLE       "image_scribbled" /* text checksum failed on arrival */
#define PD_ERR_SCHEDULE       "schedule"       /* schedule too long, nothing to run */
#define PD_ERR_MISMATCH_OVERFLOW "mismatch_overflow" /* more differing registers than reported */
#define PD_ERR_CMDLINE_LONG   "cmdline_too_long" /* boot line cut: its end not applied */
#define PD_ERR_CONSOLE        "console"        /* SPCR UART unusable: COM1 used */
#define PD_ERR_CONSOLE_STALL  "console_stall"  /* UART timed out, then worked again */
#define PD_ERR_KEXEC_LOAD     "kexec_load"     /* alternate load address unusable: same used */
#define PD_ERR_BMC            "bmc"            /* the BMC misbehaved: a time limit, an error state */
#define PD_ERR_MCE_BOOT       "mce_boot"       /* more valid banks at boot than kept */

#define PD_VERDICT_PASS "pass"
#define PD_VERDICT_FAIL "fail"

#endif
