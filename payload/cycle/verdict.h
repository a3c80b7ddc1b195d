/* SPDX-License-Identifier: MIT */
/* The verdict over all cycles, in the last instance. */
#ifndef PD_CYCLE_VERDICT_H
#define PD_CYCLE_VERDICT_H

/* Final per-CPU x mode table. */
void cycles_report_table(void);
/* Every mode and provocation group behaved as expected. */
int cycles_as_expected(void);
/* One group record per mode and provocation set: cycles, failed, expected
 * and the result as the matrix judges it. */
void cycles_report_groups(void);

#endif
