/* SPDX-License-Identifier: MIT */
/* Serial record encoder and decoder; freestanding (see record.h). */
#include "record.h"
#include "crc32.h"

static const char *const record_names[PD_REC_COUNT] = {
#define PD_X(e, s) [PD_REC_##e] = s,
    PD_RECORD_TYPES(PD_X)
#undef PD_X
};

static const char *const outcome_names[PD_OUTCOME_COUNT] = {
#define PD_X(e, s) [PD_OUTCOME_##e] = s,
    PD_OUTCOMES(PD_X)
#undef PD_X
};

static const char *const cpu_state_names[PD_CPU_STATE_COUNT] = {
#define PD_X(e, s) [PD_CPU_##e] = s,
    PD_CPU_STATES(PD_X)
#undef PD_X
};

static size_t str_len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static int name_is(const char *name, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (name[i] != s[i] || !name[i])
			return 0;
	return name[len] == 0;
}

static int table_lookup(const char *const *names, int count, const char *s, size_t len)
{
	int i;

	for (i = 0; i < count; i++)
		if (name_is(names[i], s, len))
			return i;
	return -1;
}

const char *pd_record_name(enum pd_record_type t)
{
	return (unsigned)t < PD_REC_COUNT ? record_names[t] : "unknown";
}

enum pd_record_type pd_record_lookup(const char *name, size_t len)
{
	int i = table_lookup(record_names, PD_REC_COUNT, name, len);

	return i < 0 ? PD_REC_UNKNOWN : (enum pd_record_type)i;
}

const char *pd_outcome_name(enum pd_outcome o)
{
	return (unsigned)o < PD_OUTCOME_COUNT ? outcome_names[o] : "unknown";
}

int pd_outcome_lookup(const char *name, size_t len)
{
	return table_lookup(outcome_names, PD_OUTCOME_COUNT, name, len);
}

const char *pd_cpu_state_name(enum pd_cpu_state s)
{
	return (unsigned)s < PD_CPU_STATE_COUNT ? cpu_state_names[s] : "unknown";
}

int pd_cpu_state_lookup(const char *name, size_t len)
{
	return table_lookup(cpu_state_names, PD_CPU_STATE_COUNT, name, len);
}

/* ---- encoder ---- */

static const char hex_digits[] = "0123456789abcdef";

/* Keeps room for " *xxxxxxxx" after the body. */
#define TRAILER_LEN 10

static void put_char(struct pd_rec_writer *w, char c)
{
	if (w->len + 1 > PD_RECORD_MAX - TRAILER_LEN) {
		w->overflow = 1;
		return;
	}
	w->buf[w->len++] = c;
}

static void put_str(struct pd_rec_writer *w, const char *s)
{
	while (*s)
		put_char(w, *s++);
}

static void put_dec(struct pd_rec_writer *w, uint64_t v)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		put_char(w, tmp[--n]);
}

static void put_hex(struct pd_rec_writer *w, uint64_t v, int min_digits)
{
	char tmp[16];
	int n = 0;

	do {
		tmp[n++] = hex_digits[v & 15];
		v >>= 4;
	} while (v || n < min_digits);
	while (n)
		put_char(w, tmp[--n]);
}

void pd_rec_begin(struct pd_rec_writer *w, uint32_t run, uint32_t boot, uint32_t seq,
		  enum pd_record_type type)
{
	w->len = 0;
	w->overflow = 0;
	put_str(w, PD_RECORD_PREFIX " ");
	put_hex(w, run, 8);
	put_char(w, ' ');
	put_dec(w, boot);
	put_char(w, ' ');
	put_dec(w, seq);
	put_char(w, ' ');
	put_str(w, pd_record_name(type));
}

static void put_key(struct pd_rec_writer *w, const char *key)
{
	put_char(w, ' ');
	put_str(w, key);
	put_char(w, '=');
}

void pd_rec_u(struct pd_rec_writer *w, const char *key, uint64_t v)
{
	put_key(w, key);
	put_dec(w, v);
}

void pd_rec_i(struct pd_rec_writer *w, const char *key, int64_t v)
{
	put_key(w, key);
	if (v < 0) {
		put_char(w, '-');
		put_dec(w, (uint64_t)0 - (uint64_t)v);
	} else {
		put_dec(w, (uint64_t)v);
	}
}

void pd_rec_x(struct pd_rec_writer *w, const char *key, uint64_t v)
{
	put_key(w, key);
	put_str(w, "0x");
	put_hex(w, v, 1);
}

/* Characters a value may hold without quotes. */
static int is_token_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '-' || c == ':' || c == '/' || c == ',' || c == '+';
}

void pd_rec_sn(struct pd_rec_writer *w, const char *key, const char *s, size_t n)
{
	size_t i;
	int plain = n > 0;

	for (i = 0; i < n && plain; i++)
		plain = is_token_char(s[i]);
	put_key(w, key);
	if (plain) {
		for (i = 0; i < n; i++)
			put_char(w, s[i]);
		return;
	}
	put_char(w, '"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\') {
			put_char(w, '\\');
			put_char(w, (char)c);
		} else if (c < 0x20 || c >= 0x7f) {
			put_char(w, '\\');
			put_char(w, 'x');
			put_hex(w, c, 2);
		} else {
			put_char(w, (char)c);
		}
	}
	put_char(w, '"');
}

void pd_rec_s(struct pd_rec_writer *w, const char *key, const char *s)
{
	pd_rec_sn(w, key, s, str_len(s));
}

void pd_rec_text(struct pd_rec_writer *w, const char *s)
{
	put_char(w, ' ');
	for (; *s; s++)
		put_char(w, (*s >= 0x20 && *s < 0x7f) ? *s : '?');
}

size_t pd_rec_room(const struct pd_rec_writer *w)
{
	size_t limit = PD_RECORD_MAX - TRAILER_LEN;

	return w->len < limit ? limit - w->len : 0;
}

size_t pd_rec_end(struct pd_rec_writer *w)
{
	uint32_t crc;
	int i;

	if (w->overflow) {
		/* Mark the cut so the reader knows fields are missing. */
		static const char cut[] = " cut=1";
		size_t limit = PD_RECORD_MAX - TRAILER_LEN;

		if (w->len > limit - (sizeof(cut) - 1))
			w->len = limit - (sizeof(cut) - 1);
		for (i = 0; cut[i]; i++)
			w->buf[w->len++] = cut[i];
	}
	crc = pd_crc32(0, w->buf, w->len);
	w->buf[w->len++] = ' ';
	w->buf[w->len++] = '*';
	for (i = 7; i >= 0; i--)
		w->buf[w->len++] = hex_digits[(crc >> (i * 4)) & 15];
	w->buf[w->len++] = '\r';
	w->buf[w->len++] = '\n';
	w->buf[w->len] = 0;
	return w->len;
}

/* ---- decoder ---- */

int pd_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parses a whole [s, s+len) as decimal or 0x-hex; 1 on success. */
static int parse_u64(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;

	if (len == 0)
		return 0;
	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		if (len - 2 > 16)
			return 0;
		for (i = 2; i < len; i++) {
			int d = pd_hex_digit(s[i]);

			if (d < 0)
				return 0;
			v = (v << 4) | (uint64_t)d;
		}
	} else {
		for (i = 0; i < len; i++) {
			if (s[i] < '0' || s[i] > '9')
				return 0;
			if (v > (UINT64_MAX - (uint64_t)(s[i] - '0')) / 10)
				return 0;
			v = v * 10 + (uint64_t)(s[i] - '0');
		}
	}
	*out = v;
	return 1;
}

const char *pd_record_find_prefix(const char *s, size_t n, int last)
{
	static const char prefix[] = PD_RECORD_PREFIX " ";
	const char *hit = 0;
	size_t i, k;

	for (i = 0; i + PD_RECORD_PREFIX_LEN < n; i++) {
		if (s[i] != prefix[0])
			continue;
		for (k = 1; k <= PD_RECORD_PREFIX_LEN && s[i + k] == prefix[k]; k++)
			;
		if (k > PD_RECORD_PREFIX_LEN) {
			hit = s + i;
			if (!last)
				break;
		}
	}
	return hit;
}

/* Splits the next space-separated token off [*p, end). */
static int next_token(const char **p, const char *end, const char **tok, size_t *tlen)
{
	const char *s = *p;

	if (s >= end || *s == ' ')
		return 0;
	*tok = s;
	while (s < end && *s != ' ')
		s++;
	*tlen = (size_t)(s - *tok);
	if (s < end)
		s++; /* the separating space */
	*p = s;
	return 1;
}

/* Length of the value starting at s (quoted or plain), or 0 if malformed. */
static size_t value_len(const char *s, const char *end)
{
	const char *p = s;

	if (p < end && *p == '"') {
		p++;
		while (p < end && *p != '"') {
			if (*p == '\\') {
				p++;
				if (p >= end)
					return 0;
			}
			p++;
		}
		if (p >= end)
			return 0;
		return (size_t)(p + 1 - s);
	}
	while (p < end && *p != ' ')
		p++;
	return (size_t)(p - s);
}

/*
 * Lists the key=value fields of r's body in order.  A lookup takes the
 * first field of its key; a token that is not key=value, or a value that
 * runs into the next token, ends the list (the fields before it still
 * count, the one whose value is followed by garbage too).
 */
static void index_fields(struct pd_record *r)
{
	const char *p = r->body, *end = r->body + r->body_len;

	r->nfields = 0;
	while (p < end) {
		const char *k = p, *eq;
		size_t vl;

		while (p < end && *p != '=' && *p != ' ')
			p++;
		if (p >= end || *p != '=')
			return; /* not a key=value body */
		eq = p;
		vl = value_len(eq + 1, end);
		if (!vl && eq + 1 < end && eq[1] != ' ')
			return;
		r->fields[r->nfields].key = (uint16_t)(k - r->body);
		r->fields[r->nfields].klen = (uint16_t)(eq - k);
		r->fields[r->nfields].vlen = (uint16_t)vl;
		r->nfields++;
		p = eq + 1 + vl;
		if (p < end && *p != ' ')
			return;
		if (p < end)
			p++;
	}
}

enum pd_parse_result pd_record_parse(const char *line, size_t len, struct pd_record *out)
{
	const char *start, *end, *p, *tok, *star;
	size_t tlen, n;
	uint64_t v, crc;

	while (len && (line[len - 1] == '\r' || line[len - 1] == '\n'))
		len--;
	start = pd_record_find_prefix(line, len, 0);
	if (!start)
		return PD_PARSE_NONE;
	end = line + len;
	n = (size_t)(end - start);
	/* " *" and 8 hex digits close the line. */
	if (n < PD_RECORD_PREFIX_LEN + 1 + 10 || n > PD_RECORD_MAX)
		return PD_PARSE_CORRUPT;
	star = end - 10;
	if (star[0] != ' ' || star[1] != '*')
		return PD_PARSE_CORRUPT;
	crc = 0;
	for (n = 2; n < 10; n++) {
		int d = pd_hex_digit(star[n]);

		if (d < 0)
			return PD_PARSE_CORRUPT;
		crc = (crc << 4) | (uint64_t)d;
	}
	if (pd_crc32(0, start, (size_t)(star - start)) != (uint32_t)crc)
		return PD_PARSE_CORRUPT;
	out->crc = (uint32_t)crc;

	p = start + PD_RECORD_PREFIX_LEN + 1;
	/* run: 8 hex digits */
	if (!next_token(&p, star, &tok, &tlen) || tlen != 8)
		return PD_PARSE_CORRUPT;
	v = 0;
	for (n = 0; n < 8; n++) {
		int d = pd_hex_digit(tok[n]);

		if (d < 0)
			return PD_PARSE_CORRUPT;
		v = (v << 4) | (uint64_t)d;
	}
	out->run = (uint32_t)v;
	if (!next_token(&p, star, &tok, &tlen) || (tok[0] == '0' && tlen > 1) ||
	    !parse_u64(tok, tlen, &v) || v > UINT32_MAX)
		return PD_PARSE_CORRUPT;
	out->boot = (uint32_t)v;
	if (!next_token(&p, star, &tok, &tlen) || !parse_u64(tok, tlen, &v) || v > UINT32_MAX)
		return PD_PARSE_CORRUPT;
	out->seq = (uint32_t)v;
	if (!next_token(&p, star, &tok, &tlen))
		return PD_PARSE_CORRUPT;
	out->type_name = tok;
	out->type_len = tlen;
	out->type = pd_record_lookup(tok, tlen);
	out->body = p;
	out->body_len = p < star ? (size_t)(star - p) : 0;
	index_fields(out);
	return PD_PARSE_OK;
}

int pd_record_field(const struct pd_record *r, const char *key, const char **val, size_t *vlen)
{
	size_t klen = str_len(key), i, c;

	for (i = 0; i < r->nfields; i++) {
		const struct pd_field_span *f = &r->fields[i];
		const char *k = r->body + f->key;

		if (f->klen != klen)
			continue;
		for (c = 0; c < klen && k[c] == key[c]; c++)
			;
		if (c == klen) {
			*val = k + klen + 1;
			*vlen = f->vlen;
			return 1;
		}
	}
	return 0;
}

int pd_record_field_u64(const struct pd_record *r, const char *key, uint64_t *v)
{
	const char *s;
	size_t n;

	return pd_record_field(r, key, &s, &n) && parse_u64(s, n, v);
}

int pd_record_field_i64(const struct pd_record *r, const char *key, int64_t *v)
{
	const char *s;
	size_t n;
	uint64_t u;

	if (!pd_record_field(r, key, &s, &n))
		return 0;
	if (n && s[0] == '-') {
		if (!parse_u64(s + 1, n - 1, &u) || u > (uint64_t)INT64_MAX + 1)
			return 0;
		*v = (int64_t)(0 - u);
		return 1;
	}
	if (!parse_u64(s, n, &u) || u > (uint64_t)INT64_MAX)
		return 0;
	*v = (int64_t)u;
	return 1;
}

int pd_record_field_str(const struct pd_record *r, const char *key, char *dst, size_t cap)
{
	const char *s;
	size_t n, i, o = 0;

	if (cap)
		dst[0] = 0;
	if (!pd_record_field(r, key, &s, &n) || !cap)
		return 0;
	if (n < 2 || s[0] != '"') {
		for (i = 0; i < n && o + 1 < cap; i++)
			dst[o++] = s[i];
		dst[o] = 0;
		return 1;
	}
	for (i = 1; i + 1 < n && o + 1 < cap; i++) {
		char c = s[i];

		if (c == '\\') {
			i++;
			if (i + 1 >= n)
				return 0;
			c = s[i];
			if (c == 'x') {
				int hi, lo;

				if (i + 3 > n - 1)
					return 0;
				hi = pd_hex_digit(s[i + 1]);
				lo = pd_hex_digit(s[i + 2]);
				if (hi < 0 || lo < 0)
					return 0;
				c = (char)(hi << 4 | lo);
				i += 2;
			}
		}
		dst[o++] = c;
	}
	dst[o] = 0;
	return 1;
}

int pd_id_list_parse(const char *s, size_t len, uint32_t max_ids,
		     void (*fn)(uint32_t id, void *ctx), void *ctx)
{
	const char *p = s, *end = s + len;
	uint32_t produced = 0;

	while (p < end) {
		const char *q = p, *dash = 0;
		uint64_t a, b;

		while (q < end && *q != ',') {
			if (*q == '-' && !dash)
				dash = q;
			q++;
		}
		if (dash) {
			if (!parse_u64(p, (size_t)(dash - p), &a) ||
			    !parse_u64(dash + 1, (size_t)(q - dash - 1), &b) || b < a ||
			    b > UINT32_MAX)
				return 0;
		} else {
			if (!parse_u64(p, (size_t)(q - p), &a) || a > UINT32_MAX)
				return 0;
			b = a;
		}
		if (b - a >= (uint64_t)(max_ids - produced))
			return 0;
		for (; a <= b; a++) {
			fn((uint32_t)a, ctx);
			produced++;
		}
		p = q;
		if (p < end) {
			p++;
			if (p == end)
				return 0; /* trailing comma */
		}
	}
	return 1;
}
