/* SPDX-License-Identifier: MIT */
/* Emitting serial records: run id, boot counter, sequence numbers, lock. */
#ifndef PD_REPORT_REPORT_H
#define PD_REPORT_REPORT_H

#include <stdint.h>
#include "results/record.h"
#include "results/fields.h"

void report_init(uint32_t run, uint32_t boot);
/* Later instances of a run: warn-level errors are counted, not sent. */
void report_set_quiet(int quiet);
uint32_t report_run_id(void);

/* Starts a record: takes the console lock and the next sequence number. */
void rec_start(struct pd_rec_writer *w, enum pd_record_type type);
/* Same from an exception handler: never waits forever for the lock. */
void rec_start_nowait(struct pd_rec_writer *w, enum pd_record_type type);
/* Finishes the record (CRC), sends it and releases the lock. */
void rec_send(struct pd_rec_writer *w);

/* An error record; level is PD_LEVEL_WARN or PD_LEVEL_FAIL. */
void report_error(const char *level, const char *code, const char *what);
/* The same with a value field (a token: [A-Za-z0-9._:/,+-]). */
void report_error_value(const char *level, const char *code, const char *value, const char *what);
/* An error record about one CPU. */
void report_cpu_error(const char *level, const char *code, uint32_t apic, const char *what);

/* Counts an error record built by the caller (with extra fields). */
void report_count_error(const char *level);

uint32_t report_records_sent(void);
uint32_t report_errors(void);	   /* error records of any level */
uint32_t report_fail_errors(void); /* error records with level fail */

#endif
