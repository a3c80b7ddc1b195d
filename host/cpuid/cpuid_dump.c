/* SPDX-License-Identifier: MIT */
/*
 * Reading and writing CPUID dump text (see cpuid_dump.h).
 *
 * Two input forms:
 *  - AIDA64-style: "------[ Logical CPU #N ]------" (or "------[ CPUID
 *    Registers / Logical CPU #N ]------") starts a CPU, then lines
 *    "CPUID 00000004: 7C004121-01C0003F-0000003F-00000000 [SL 00] [L1D...]".
 *    Older dumps omit "[SL nn]" on repeated subleaf leaves; the n-th
 *    repetition of a leaf is taken as subleaf n.
 *  - libcpuid's serialization: "basic_cpuid[i]=eax ebx ecx edx" (hex),
 *    "ext_cpuid[i]=", "intel_fn4[i]=", "intel_fn11[i]=", "intel_fn12h[i]=",
 *    "intel_fn14h[i]=", "amd_fn8000001dh[i]=", with "version=..." and
 *    "_________________ Logical CPU #N _________________" in 0.6 and later.
 *    libcpuid stores fixed-size arrays whatever the CPU supports, so entries
 *    beyond the CPU's maxima and the subleaf arrays past their end marker
 *    are dropped when they are turned into leaves.
 *
 * Sections without any leaf (AIDA64 writes empty "Logical CPU" headers for
 * absent CPUs) are dropped: cpu[i] is the i-th non-empty section, whatever
 * number its header says.  CPUs past DUMP_MAX_CPUS are dropped and counted
 * as bad lines.
 */
#include "host/cpuid/cpuid_dump.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cpuid/dump.h"
#include "results/record.h"

/* Far beyond any machine; keeps hostile input from asking for gigabytes. */
#define DUMP_MAX_CPUS 65536
/* Biggest file cpuid_dump_read_file accepts. */
#define DUMP_MAX_FILE (256u << 20)

/* ---- small parsing helpers on (pointer, end) spans, never NUL-terminated ---- */

struct span {
	const char *p, *end;
};

static int at_end(const struct span *s)
{
	return s->p >= s->end;
}

static void skip_blanks(struct span *s)
{
	while (!at_end(s) && (*s->p == ' ' || *s->p == '\t' || *s->p == '\r'))
		s->p++;
}

static int eat(struct span *s, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(s->end - s->p) < n || memcmp(s->p, lit, n) != 0)
		return 0;
	s->p += n;
	return 1;
}

/* 1..8 hex digits. */
static int read_hex(struct span *s, uint32_t *v)
{
	int n = 0, d;

	*v = 0;
	while (!at_end(s) && (d = pd_hex_digit(*s->p)) >= 0) {
		if (++n > 8)
			return 0;
		*v = *v << 4 | (uint32_t)d;
		s->p++;
	}
	return n > 0;
}

/* Decimal, at most max. */
static int read_dec(struct span *s, uint32_t max, uint32_t *v)
{
	int n = 0;

	*v = 0;
	while (!at_end(s) && *s->p >= '0' && *s->p <= '9') {
		uint32_t d = (uint32_t)(*s->p - '0');

		if (*v > (max - d) / 10)
			return 0;
		*v = *v * 10 + d;
		s->p++;
		n++;
	}
	return n > 0;
}

static int find_in(struct span s, const char *lit)
{
	size_t n = strlen(lit);

	for (; (size_t)(s.end - s.p) >= n; s.p++)
		if (memcmp(s.p, lit, n) == 0)
			return 1;
	return 0;
}

/* ---- the dump being built ---- */

/* libcpuid's arrays, generously sized; present[] says which lines were seen. */
#define LC_BASIC 64
#define LC_SUB	 16
enum lc_array { LC_B, LC_E, LC_FN4, LC_FN11, LC_FN12H, LC_FN14H, LC_FN1DH, LC_NARRAYS };

struct lc_cpu {
	uint32_t v[LC_NARRAYS][LC_BASIC][4];
	uint8_t present[LC_NARRAYS][LC_BASIC];
	int any;
};

static const struct {
	const char *name;
	uint32_t leaf; /* subleaf arrays: their leaf; basic/ext: the base */
	uint32_t size;
} lc_arrays[LC_NARRAYS] = {
    [LC_B] = {"basic_cpuid", 0, LC_BASIC},
    [LC_E] = {"ext_cpuid", 0x80000000u, LC_BASIC},
    [LC_FN4] = {"intel_fn4", 0x4, LC_SUB},
    [LC_FN11] = {"intel_fn11", 0xB, LC_SUB},
    [LC_FN12H] = {"intel_fn12h", 0x12, LC_SUB},
    [LC_FN14H] = {"intel_fn14h", 0x14, LC_SUB},
    [LC_FN1DH] = {"amd_fn8000001dh", 0x8000001Du, LC_SUB},
};

struct builder {
	struct cpuid_dump *d;
	size_t cap;
	struct cpuid_raw *cur; /* the open section's CPU, not yet counted in d->ncpus */
	struct lc_cpu *lc;     /* libcpuid lines of the open section */
	int oom;
};

static int open_cpu(struct builder *b)
{
	if (b->cur)
		return 1;
	if (b->d->ncpus >= DUMP_MAX_CPUS)
		return 0;
	if (b->d->ncpus == b->cap) {
		size_t ncap = b->cap ? b->cap * 2 : 8;
		struct cpuid_raw *n = realloc(b->d->cpu, ncap * sizeof(*n));

		if (!n) {
			b->oom = 1;
			return 0;
		}
		b->d->cpu = n;
		b->cap = ncap;
	}
	b->cur = &b->d->cpu[b->d->ncpus];
	b->cur->n = 0;
	b->cur->truncated = 0;
	return 1;
}

/* Adds or replaces (leaf, subleaf). */
static void put_leaf(struct cpuid_raw *raw, uint32_t leaf, uint32_t sub, const uint32_t r[4],
		     int has_sub)
{
	struct cpuid_leaf *l = (struct cpuid_leaf *)cpuid_raw_find(raw, leaf, sub);

	if (l) {
		memcpy(l->regs, r, sizeof(l->regs));
		l->has_subleaf = l->has_subleaf || has_sub;
		return;
	}
	cpuid_raw_add(raw, leaf, sub, r, has_sub);
}

/* Whether entry i of a libcpuid subleaf array ends the enumeration. */
static int lc_is_end(enum lc_array a, uint32_t i, const uint32_t r[4], const uint32_t sub0[4])
{
	switch (a) {
	case LC_FN4:
	case LC_FN1DH:
		return (r[CPUID_EAX] & 0x1f) == 0; /* cache type null */
	case LC_FN11:
		return ((r[CPUID_ECX] >> 8) & 0xff) == 0; /* level type invalid */
	case LC_FN12H:
		return i >= 2 && (r[CPUID_EAX] & 0xf) == 0; /* no more EPC sections */
	case LC_FN14H:
		return i > sub0[CPUID_EAX]; /* subleaf 0 EAX: last subleaf */
	default:
		return 0;
	}
}

/* Turns the libcpuid arrays of one CPU into leaves, in leaf order. */
static void lc_flush(struct builder *b)
{
	struct lc_cpu *lc = b->lc;
	struct cpuid_raw *raw = b->cur;
	uint32_t max_basic = LC_BASIC - 1, max_ext = 0x80000000u + LC_BASIC - 1;
	int range;

	if (!lc || !lc->any)
		return;
	if (lc->present[LC_B][0])
		max_basic = lc->v[LC_B][0][CPUID_EAX];
	if (lc->present[LC_E][0]) {
		max_ext = lc->v[LC_E][0][CPUID_EAX];
		if ((max_ext & 0xffff0000u) != 0x80000000u)
			max_ext = 0x80000000u;
	}
	for (range = 0; range < 2; range++) {
		enum lc_array base = range ? LC_E : LC_B;
		uint32_t i, first = lc_arrays[base].leaf;
		uint32_t max = range ? max_ext : max_basic;

		for (i = 0; i < LC_BASIC && first + i <= max; i++) {
			uint32_t leaf = first + i;
			int a, sub_array = -1;

			for (a = LC_FN4; a < LC_NARRAYS; a++)
				if (lc_arrays[a].leaf == leaf && lc->present[a][0])
					sub_array = a;
			if (sub_array < 0) {
				if (lc->present[base][i])
					put_leaf(raw, leaf, 0, lc->v[base][i], 0);
				continue;
			}
			for (uint32_t s = 0; s < LC_SUB && lc->present[sub_array][s]; s++) {
				const uint32_t *r = lc->v[sub_array][s];

				if (s > 0 && lc_is_end(sub_array, s, r, lc->v[sub_array][0]))
					break;
				put_leaf(raw, leaf, s, r, 1);
			}
		}
	}
	memset(lc, 0, sizeof(*lc));
}

static void close_cpu(struct builder *b)
{
	if (!b->cur && b->lc && b->lc->any && !open_cpu(b)) {
		memset(b->lc, 0, sizeof(*b->lc)); /* no room for this CPU */
		b->d->bad_lines++;
		return;
	}
	if (!b->cur)
		return;
	lc_flush(b);
	if (b->cur->n > 0)
		b->d->ncpus++;
	b->cur = NULL;
}

/* ---- line forms ---- */

/* "------[ ... Logical CPU #N ... ]------" or libcpuid's "____ Logical CPU #N ____". */
static int is_cpu_header(struct span s)
{
	skip_blanks(&s);
	if (!eat(&s, CPUID_DUMP_RULE_OPEN) && !eat(&s, "_____"))
		return 0;
	return find_in(s, CPUID_DUMP_CPU);
}

/* A line of exactly 80 dashes (trailing blanks allowed) ends the dump. */
static int is_end_marker(struct span s)
{
	int n = 0;

	while (!at_end(&s) && *s.p == '-') {
		s.p++;
		n++;
	}
	skip_blanks(&s);
	return n == 80 && at_end(&s);
}

/*
 * "CPUID LLLLLLLL: AAAAAAAA-BBBBBBBB-CCCCCCCC-DDDDDDDD[ [SL nn]][ annotations]".
 * Returns 1 parsed, 0 not this form, -1 looked like it but broken.
 */
static int parse_aida(struct span s, uint32_t *leaf, uint32_t r[4], uint32_t *sub, int *has_sub)
{
	int i;

	skip_blanks(&s);
	if (!eat(&s, "CPUID "))
		return 0;
	skip_blanks(&s);
	if (!read_hex(&s, leaf) || !eat(&s, ":"))
		return -1;
	skip_blanks(&s);
	for (i = 0; i < 4; i++) {
		if (i && !eat(&s, "-"))
			return -1;
		if (!read_hex(&s, &r[i]))
			return -1;
	}
	*has_sub = 0;
	*sub = 0;
	if (!at_end(&s) && *s.p != ' ' && *s.p != '\t' && *s.p != '\r')
		return -1;
	skip_blanks(&s);
	if (eat(&s, "[SL ")) {
		skip_blanks(&s);
		if (!read_hex(&s, sub) || *sub > 0xffff)
			return -1;
		skip_blanks(&s);
		if (!eat(&s, "]"))
			return -1;
		*has_sub = 1;
	}
	return 1;
}

/* "name[i]=a b c d". Returns 1 parsed, 0 not this form, -1 broken. */
static int parse_libcpuid(struct span s, int *array, uint32_t *idx, uint32_t r[4])
{
	int a, i;

	skip_blanks(&s);
	for (a = 0; a < LC_NARRAYS; a++) {
		struct span t = s;

		if (eat(&t, lc_arrays[a].name) && eat(&t, "[")) {
			s = t;
			break;
		}
	}
	if (a == LC_NARRAYS)
		return 0;
	*array = a;
	if (!read_dec(&s, 1000000, idx) || !eat(&s, "]=") || *idx >= lc_arrays[a].size)
		return -1;
	for (i = 0; i < 4; i++) {
		if (i && (at_end(&s) || *s.p != ' '))
			return -1;
		skip_blanks(&s);
		if (!read_hex(&s, &r[i]))
			return -1;
	}
	skip_blanks(&s);
	return at_end(&s) ? 1 : -1;
}

static void handle_aida_leaf(struct builder *b, uint32_t leaf, uint32_t sub, int has_sub,
			     const uint32_t r[4])
{
	struct cpuid_raw *raw = b->cur;
	uint32_t i, count = 0;

	if (!has_sub) {
		/* Without [SL nn], a repeated leaf is the next subleaf. */
		for (i = 0; i < raw->n; i++)
			if (raw->l[i].leaf == leaf)
				count++;
		if (count) {
			for (i = 0; i < raw->n; i++)
				if (raw->l[i].leaf == leaf)
					raw->l[i].has_subleaf = 1;
			sub = count;
			while (cpuid_raw_find(raw, leaf, sub))
				sub++;
			has_sub = 1;
		}
	}
	put_leaf(raw, leaf, sub, r, has_sub);
}

static void handle_line(struct builder *b, struct span line)
{
	uint32_t leaf, sub, idx, r[4];
	int has_sub, array, rc;

	if (is_cpu_header(line)) {
		close_cpu(b);
		return;
	}
	rc = parse_aida(line, &leaf, r, &sub, &has_sub);
	if (rc < 0) {
		b->d->bad_lines++;
		return;
	}
	if (rc > 0) {
		if (!open_cpu(b)) {
			b->d->bad_lines++;
			return;
		}
		handle_aida_leaf(b, leaf, sub, has_sub, r);
		return;
	}
	rc = parse_libcpuid(line, &array, &idx, r);
	if (rc < 0) {
		b->d->bad_lines++;
		return;
	}
	if (rc > 0) {
		if (!b->lc) {
			b->lc = calloc(1, sizeof(*b->lc));
			if (!b->lc) {
				b->oom = 1;
				return;
			}
		}
		memcpy(b->lc->v[array][idx], r, sizeof(r));
		b->lc->present[array][idx] = 1;
		b->lc->any = 1;
		b->d->libcpuid_form = 1;
	}
	/* anything else (blank lines, "version=", annotations) is ignored */
}

int cpuid_dump_parse(const char *text, size_t len, struct cpuid_dump *out)
{
	struct builder b = {out, 0, NULL, NULL, 0};
	const char *p = text, *end = text ? text + len : text;

	memset(out, 0, sizeof(*out));
	while (p && p < end && !b.oom) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		struct span line = {p, nl ? nl : end};

		p = nl ? nl + 1 : end;
		if (is_end_marker(line))
			break;
		handle_line(&b, line);
	}
	if (!b.oom)
		close_cpu(&b);
	free(b.lc);
	if (b.oom || out->ncpus == 0) {
		free(out->cpu);
		memset(out, 0, sizeof(*out));
		return -1;
	}
	/* Give back the slack of the doubling. */
	if (out->ncpus < b.cap) {
		struct cpuid_raw *n = realloc(out->cpu, out->ncpus * sizeof(*n));

		if (n)
			out->cpu = n;
	}
	return 0;
}

int cpuid_dump_read_file(const char *path, struct cpuid_dump *out)
{
	FILE *f;
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	f = fopen(path, "rb");
	if (!f)
		return -1;
	for (;;) {
		size_t got;

		if (len == cap) {
			size_t ncap = cap ? cap * 2 : 65536;
			char *n;

			if (ncap > DUMP_MAX_FILE) {
				free(buf);
				fclose(f);
				errno = EFBIG;
				return -1;
			}
			n = realloc(buf, ncap);
			if (!n) {
				free(buf);
				fclose(f);
				return -1;
			}
			buf = n;
			cap = ncap;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	rc = ferror(f) ? -1 : 0;
	fclose(f);
	if (rc == 0)
		rc = cpuid_dump_parse(buf, len, out);
	free(buf);
	return rc;
}

void cpuid_dump_free(struct cpuid_dump *d)
{
	if (!d)
		return;
	free(d->cpu);
	memset(d, 0, sizeof(*d));
}

void cpuid_dump_write(FILE *f, const struct cpuid_dump *d)
{
	char line[64];
	size_t i;
	uint32_t j;

	for (i = 0; i < d->ncpus; i++) {
		const struct cpuid_raw *raw = &d->cpu[i];
		uint32_t n = raw->n < CPUID_RAW_MAX ? raw->n : CPUID_RAW_MAX;

		fprintf(f, "------[ Logical CPU #%zu ]------\n", i);
		for (j = 0; j < n; j++) {
			cpuid_format_leaf(&raw->l[j], line);
			fprintf(f, "%s\n", line);
		}
	}
}
