/* SPDX-License-Identifier: MIT */
#include "report/report.h"
#include "report/serial.h"
#include "arch/x86/insn.h"
#include "lib/spinlock.h"
#include "lib/fmt.h"
#include "lib/string.h"

static struct spinlock console_lock;
static uint32_t run_id, boot_count, next_seq, errors, fail_errors;
static int quiet;
static int stall_said;

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

/* Takes the console, or not when this very CPU holds it: an NMI or an
 * exception taken while it printed (waiting would never end; the record
 * goes out inside the interrupted one).  spins: 0 waits for another CPU
 * as long as it takes, else gives up after that many tries (a CPU that
 * died holding it). */
static void console_take(unsigned long spins)
{
	while (!spin_trylock(&console_lock)) {
		if (console_lock.owner == apic_id_cpuid() || (spins && !--spins))
			return;
		cpu_relax();
	}
}

void rec_start(struct pd_rec_writer *w, enum pd_record_type type)
{
	console_take(0);
	start_locked(w, type);
}

void rec_start_nowait(struct pd_rec_writer *w, enum pd_record_type type)
{
	console_take(1ul << 24);
	start_locked(w, type);
}

/*
 * Once per instance, when the console timed out and works again: say so,
 * with how many characters timed out and how many bytes were dropped while
 * it was stalled.  A console that never comes back can say nothing.
 */
static void report_console_stall(void)
{
	struct serial_tx_stats st;
	struct pd_rec_writer w;
	char v[64];
	size_t n;

	serial_tx_stats(&st);
	if (!st.timeouts || st.stalled || __atomic_exchange_n(&stall_said, 1, __ATOMIC_SEQ_CST))
		return;
	n = 0;
	memcpy(v, "timeouts:", 9);
	n = 9 + fmt_dec(v + 9, st.timeouts);
	memcpy(v + n, ",dropped:", 9);
	n += 9;
	n += fmt_dec(v + n, st.dropped);
	v[n] = 0;
	rec_start(&w, PD_REC_ERROR);
	pd_rec_s(&w, PD_F_LEVEL, PD_LEVEL_WARN);
	pd_rec_s(&w, PD_F_CODE, PD_ERR_CONSOLE_STALL);
	pd_rec_s(&w, PD_F_VALUE, v);
	pd_rec_s(&w, PD_F_WHAT,
		 "console UART kept THRE clear past the per-character wait; "
		 "bytes may be missing from this log");
	report_count_error(PD_LEVEL_WARN);
	rec_send(&w);
}

void rec_send(struct pd_rec_writer *w)
{
	size_t n = pd_rec_end(w);

	serial_write(w->buf, n);
	console_lock.owner = ~0u;
	spin_unlock(&console_lock);
	report_console_stall();
}

/* An error record: apic ~0u and value 0 leave those fields out.  Warnings
 * of a later boot (quiet) are counted, not sent. */
static void send_error(const char *level, const char *code, uint32_t apic, const char *value,
		       const char *what)
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
	if (value)
		pd_rec_s(&w, PD_F_VALUE, value);
	pd_rec_s(&w, PD_F_WHAT, what);
	report_count_error(level);
	rec_send(&w);
}

void report_cpu_error(const char *level, const char *code, uint32_t apic, const char *what)
{
	send_error(level, code, apic, 0, what);
}

void report_count_error(const char *level)
{
	__atomic_add_fetch(&errors, 1, __ATOMIC_RELAXED);
	if (!memcmp(level, PD_LEVEL_FAIL, sizeof(PD_LEVEL_FAIL)))
		__atomic_add_fetch(&fail_errors, 1, __ATOMIC_RELAXED);
}

void report_error_value(const char *level, const char *code, const char *value, const char *what)
{
	send_error(level, code, ~0u, value, what);
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
