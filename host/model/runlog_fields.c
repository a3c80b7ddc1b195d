/* SPDX-License-Identifier: MIT */
/*
 * The run model: a record's fields read into the model's types (see
 * runlog_records.c).
 */
#include "host/model/runlog_internal.h"

#include <stdio.h>
#include <string.h>

#include "results/fields.h"

void runlog_field_str(const struct pd_record *r, const char *key, char *dst, size_t cap)
{
	if (!pd_record_field_str(r, key, dst, cap))
		dst[0] = 0;
}

void runlog_field_provoke(const struct pd_record *r, char *dst, size_t cap)
{
	/* Left out by the payload when nothing is provoked (pd_rec_provoke). */
	if (!pd_record_field_str(r, PD_F_P, dst, cap))
		snprintf(dst, cap, "none");
}

/* The value, or -1 when absent or malformed (values beyond INT64_MAX too). */
int64_t runlog_field_opt(const struct pd_record *r, const char *key)
{
	uint64_t v;

	if (!pd_record_field_u64(r, key, &v) || v > (uint64_t)INT64_MAX)
		return -1;
	return (int64_t)v;
}

/* 1 and the value when present and at most INT64_MAX, else 0 and 0. */
int runlog_field_int(const struct pd_record *r, const char *key, int64_t *v)
{
	uint64_t x;

	if (!pd_record_field_u64(r, key, &x) || x > (uint64_t)INT64_MAX) {
		*v = 0;
		return 0;
	}
	*v = (int64_t)x;
	return 1;
}

int runlog_field_u64(const struct pd_record *r, const char *key, uint64_t *v)
{
	if (pd_record_field_u64(r, key, v))
		return 1;
	*v = 0;
	return 0;
}

int runlog_field_u32(const struct pd_record *r, const char *key, uint32_t *v)
{
	uint64_t x;

	if (!pd_record_field_u64(r, key, &x) || x > UINT32_MAX) {
		*v = 0;
		return 0;
	}
	*v = (uint32_t)x;
	return 1;
}

/*
 * Records of one kind may come split over several (a long one is continued):
 * the merge helpers change only what a record carries.
 */
void runlog_merge_str(const struct pd_record *r, const char *key, char *dst, size_t cap)
{
	char tmp[PD_RECORD_MAX + 1];
	size_t n;

	if (!pd_record_field_str(r, key, tmp, sizeof(tmp)))
		return;
	n = strlen(tmp);
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, tmp, n);
	dst[n] = 0;
}

void runlog_merge_u64(const struct pd_record *r, const char *key, uint64_t *v, int *has)
{
	uint64_t x;

	if (pd_record_field_u64(r, key, &x)) {
		*v = x;
		*has = 1;
	}
}

void runlog_merge_int(const struct pd_record *r, const char *key, int64_t *v, int *has)
{
	int64_t x;

	if (runlog_field_int(r, key, &x)) {
		*v = x;
		*has = 1;
	}
}
