/* SPDX-License-Identifier: MIT */
#include "report/report.h"
#include "report/serial.h"
#include "arch/x86/insn.h"
#include "lib/spinlock.h"
#include "lib/string.h"

static struct spinlock console_lock;
static uint32_t run_id, boot_count, next_seq, errors, fail_errors;
static int quiet;

void report_set_quiet(int q)
{
	quiet = q;
}

void report_init(uint32_t run, uint32_t boot)
{
	run_id = run;
	boot_count = boot;
	next_seq = 0;
}

uint32_t report_run_id(void)
{
	return run_id;
}

static void start_locked(struct pd_rec_writer *w, enum pd_record_type type)
{
	console_lock.owner = apic_id_cpuid();
	pd_rec_begin(w, run_id, boot_count, next_seq++, type);
}

void rec_start(struct pd_rec_writer *w, enum pd_record_type type)
{
	spin_lock(&console_lock);
	start_locked(w, type);
}

void rec_start_nowait(struct pd_rec_writer *w, enum pd_record_type type)
{
	/* The holder may be this very CPU (it faulted while printing) or a
	 * CPU that died: give up waiting after a while and print anyway. */
	unsigned long spins = 1ul << 24;

	while (!spin_trylock(&console_lock)) {
		if (console_lock.owner == apic_id_cpuid() || !--spins)
			break;
		cpu_relax();
	}
	start_locked(w, type);
}

void rec_send(struct pd_rec_writer *w)
{
	size_t n = pd_rec_end(w);

	serial_write(w->buf, n);
	console_lock.owner = ~0u;
	spin_unlock(&console_lock);
}

void report_cpu_error(const char *level, const char *code, uint32_t apic, const char *what)
{
	struct pd_rec_writer w;

	if (quiet && !memcmp(level, PD_LEVEL_WARN, sizeof(PD_LEVEL_WARN))) {
		report_count_error(level);
		return;
	}
	rec_start(&w, PD_REC_ERROR);
	pd_rec_s(&w, PD_F_LEVEL, level);
	pd_rec_s(&w, PD_F_CODE, code);
	if (apic != ~0u)
		pd_rec_u(&w, PD_F_APIC, apic);
	pd_rec_s(&w, PD_F_WHAT, what);
	report_count_error(level);
	rec_send(&w);
}

void report_count_error(const char *level)
{
	__atomic_add_fetch(&errors, 1, __ATOMIC_RELAXED);
	if (!memcmp(level, PD_LEVEL_FAIL, sizeof(PD_LEVEL_FAIL)))
		__atomic_add_fetch(&fail_errors, 1, __ATOMIC_RELAXED);
}

void report_error(const char *level, const char *code, const char *what)
{
	report_cpu_error(level, code, ~0u, what);
}

uint32_t report_records_sent(void)
{
	return next_seq;
}

uint32_t report_errors(void)
{
	return errors;
}

uint32_t report_fail_errors(void)
{
	return fail_errors;
}
