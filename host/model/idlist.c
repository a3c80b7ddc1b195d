/* SPDX-License-Identifier: MIT */
/* Lists of APIC IDs: sorting and writing them compressed ("0-7,9"). */
#include "host/model/idlist.h"

#include <stdlib.h>

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

size_t idlist_sort_unique(uint32_t *ids, size_t n)
{
	size_t i, o = 0;

	if (n < 2)
		return n;
	qsort(ids, n, sizeof(*ids), cmp_u32);
	for (i = 0; i < n; i++)
		if (o == 0 || ids[o - 1] != ids[i])
			ids[o++] = ids[i];
	return o;
}

void idlist_print(FILE *f, const uint32_t *ids, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t j = i;

		/* Extend the run while IDs are consecutive. */
		while (j + 1 < n && ids[j + 1] == ids[j] + 1)
			j++;
		if (i)
			fputc(',', f);
		if (j == i)
			fprintf(f, "%u", ids[i]);
		else
			fprintf(f, "%u-%u", ids[i], ids[j]);
		i = j + 1;
	}
}

char *idlist_format(const uint32_t *ids, size_t n)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);

	if (!f)
		return NULL;
	idlist_print(f, ids, n);
	if (fclose(f) != 0) {
		free(s);
		return NULL;
	}
	return s;
}
