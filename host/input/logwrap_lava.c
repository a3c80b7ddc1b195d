/* SPDX-License-Identifier: MIT */
/*
 * Unwrapping logs (see logwrap.c): LAVA's YAML log.
 *
 * LAVA: the dispatcher (lava_common/log.py, YAMLLogger.log_message and
 * dump()) writes one flow mapping per line, `- {"dt": ..., "lvl": ...,
 * "msg": ...}`, with PyYAML's dump(default_flow_style=True,
 * default_style='"', width=10**6): every scalar double-quoted, keys sorted
 * (dt, lvl, msg, then ns for feedback), one line per entry.  Older
 * dispatchers let PyYAML pick plain or single-quoted scalars, and a narrow
 * width folds long ones over lines; both are read here.  The serial console
 * reaches the log through lava_dispatcher/shell.py ShellLogger.write(), which
 * drops CR and ESC and puts a backslash before every '"' before dumping: a
 * message whose first quote has that backslash gets them all removed again.
 * Levels "target" (the console of the job's device) and "feedback" (the
 * console of another namespace's device, drained while this one waits) are
 * serial lines; the others are the dispatcher's own messages and are
 * counted, not read as noise.  A record names its run, so serial lines of
 * two devices cannot be merged into one run unnoticed.
 */
#include "host/input/logwrap.h"
#include "host/input/logwrap_parts.h"

enum {
	S_LINE,	     /* at a line start, outside an entry */
	S_DASH,	     /* after "-" */
	S_OPEN,	     /* after "- ", before "{" */
	S_KEY_WAIT,  /* in the mapping, before a key or "}" */
	S_COLON,     /* after a key */
	S_VAL_WAIT,  /* after "key:" */
	S_DQ,	     /* in a double-quoted scalar */
	S_SQ,	     /* in a single-quoted scalar */
	S_SQ_QUOTE,  /* a quote in a single-quoted scalar: '' or the end */
	S_PLAIN_KEY, /* a plain key */
	S_PLAIN_VAL, /* a plain value */
	S_SKIP,	     /* a nested {} or [] value */
	S_AFTER_VAL, /* after a value: "," or "}" */
	S_END,	     /* after "}": the rest of the line */
	S_BAD,	     /* not an entry: up to the line end */
};

enum { K_KEY, K_LVL, K_MSG, K_OTHER };

/* Escape states of a double-quoted scalar. */
enum { E_NONE, E_BACKSLASH, E_HEX };

/* Fold states: a line break inside a scalar. */
enum { F_NONE, F_SPACE, F_JOIN };

/* ---- LAVA entries ---- */

/* One byte of the message, after the dispatcher's \" is undone. */
static void msg_out(struct logwrap *w, char c)
{
	if (w->msg_mode == 1)
		out_byte(w, c);
	else if (w->msg_mode == 2)
		keep_tail(w->msg, &w->msg_len, &w->msg_cut, c);
}

/* The first quote of a message tells whether the dispatcher escaped them
 * all (ShellLogger); then each of its \" is a serial ". */
static void msg_put(struct logwrap *w, char c)
{
	if (w->held_bs) {
		w->held_bs = 0;
		if (c == '"') {
			if (!w->quote_mode) {
				w->quote_mode = 1;
				w->info.unescaped++;
			}
			if (w->quote_mode == 1) {
				msg_out(w, '"');
				return;
			}
		}
		msg_out(w, '\\');
	}
	if (c == '\\') {
		w->held_bs = 1;
		return;
	}
	if (c == '"' && !w->quote_mode)
		w->quote_mode = 2;
	msg_out(w, c);
}

static void msg_end(struct logwrap *w)
{
	if (w->held_bs)
		msg_out(w, '\\');
	w->held_bs = 0;
}

/* One decoded byte of the scalar being read. */
static void put(struct logwrap *w, char c)
{
	switch (w->key) {
	case K_KEY:
		if (w->keylen < sizeof(w->keybuf) - 1)
			w->keybuf[w->keylen++] = c;
		else
			w->keylong = 1;
		break;
	case K_LVL:
		if (w->lvllen < sizeof(w->lvl) - 1)
			w->lvl[w->lvllen++] = c;
		break;
	case K_MSG:
		msg_put(w, c);
		break;
	default:
		break;
	}
}

/* A code point as UTF-8 (\x, \u and \U escapes name code points). */
static void put_cp(struct logwrap *w, uint32_t cp)
{
	if (cp < 0x80) {
		put(w, (char)cp);
	} else if (cp < 0x800) {
		put(w, (char)(0xc0 | cp >> 6));
		put(w, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		put(w, (char)(0xe0 | cp >> 12));
		put(w, (char)(0x80 | (cp >> 6 & 0x3f)));
		put(w, (char)(0x80 | (cp & 0x3f)));
	} else {
		if (cp > 0x10ffff)
			cp = 0xfffd;
		put(w, (char)(0xf0 | cp >> 18));
		put(w, (char)(0x80 | (cp >> 12 & 0x3f)));
		put(w, (char)(0x80 | (cp >> 6 & 0x3f)));
		put(w, (char)(0x80 | (cp & 0x3f)));
	}
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static void entry_reset(struct logwrap *w)
{
	w->lvllen = 0;
	w->lvl_known = w->lvl_serial = w->is_feedback = 0;
	w->msg_mode = 0;
	w->msg_len = 0;
	w->msg_cut = 0;
	w->held_bs = 0;
	w->quote_mode = 0;
	w->streamed = 0;
	w->fold = F_NONE;
	w->esc = E_NONE;
}

/* A scalar starts: where its bytes go. */
static void scalar_start(struct logwrap *w, int key)
{
	w->key = key;
	w->fold = F_NONE;
	w->esc = E_NONE;
	w->plain_spaces = 0;
	if (key == K_KEY) {
		w->keylen = 0;
		w->keylong = 0;
	} else if (key == K_LVL) {
		w->lvllen = 0;
	} else if (key == K_MSG) {
		w->held_bs = 0;
		w->quote_mode = 0;
		w->msg_len = 0;
		w->msg_cut = 0;
		/* Sorted keys put lvl first: stream.  Otherwise hold the tail. */
		w->msg_mode = w->lvl_known ? (w->lvl_serial ? 1 : 0) : 2;
		if (w->msg_mode == 1)
			w->streamed = 1;
	}
}

/* A scalar ended; the state to go on in. */
static int scalar_end(struct logwrap *w)
{
	if (w->key == K_KEY) {
		w->keybuf[w->keylen] = 0;
		return S_COLON;
	}
	if (w->key == K_LVL) {
		w->lvl[w->lvllen] = 0;
		w->lvl_known = 1;
		w->is_feedback = !strcmp(w->lvl, "feedback");
		w->lvl_serial = w->is_feedback || !strcmp(w->lvl, "target");
	} else if (w->key == K_MSG) {
		msg_end(w);
	}
	return S_AFTER_VAL;
}

/* The closing "}": the entry is read. */
static void entry_done(struct logwrap *w)
{
	w->in_entry = 0;
	if (!w->lvl_serial) {
		w->info.other++;
		w->msg_mode = 0;
		return;
	}
	w->info.serial++;
	if (w->is_feedback)
		w->info.feedback++;
	if (w->msg_mode == 2) {
		if (w->msg_cut)
			w->info.cut++;
		out_bytes(w, w->msg, w->msg_len);
		w->streamed = 1;
	}
	if (w->msg_mode)
		out_byte(w, '\n');
	w->msg_mode = 0;
}

/* The line is not an entry (or ends one badly): what was read of it goes
 * on as a serial line, so that a record in it is counted, never lost. */
static void line_bad(struct logwrap *w)
{
	if (w->st == S_BAD)
		return;
	w->info.bad++;
	w->st = S_BAD;
	if (w->in_entry && w->key == K_MSG && w->msg_mode)
		msg_end(w);
}

/* At the end of a bad line (or of the input inside an entry). */
static void bad_flush(struct logwrap *w)
{
	if (w->streamed && w->msg_mode == 1)
		out_byte(w, '\n'); /* the message read so far: one line */
	else if (!w->streamed) {
		out_bytes(w, w->raw, w->raw_len);
		out_byte(w, '\n');
	}
	w->in_entry = 0;
	entry_reset(w);
}

/* Inside a scalar: a pending line break folds into one space (or nothing
 * after an escaped break) once the next line's indentation is skipped.
 * Returns 1 when c was indentation. */
static int fold_take(struct logwrap *w, char c)
{
	if (w->fold == F_NONE)
		return 0;
	if (c == ' ' || c == '\t' || c == '\r')
		return 1;
	if (w->fold == F_SPACE)
		put(w, ' ');
	w->fold = F_NONE;
	return 0;
}

void logwrap_lava_byte(struct logwrap *w, char c)
{
	int d;

	if (c != '\n')
		keep_tail(w->raw, &w->raw_len, NULL, c);
	for (;;) {
		switch (w->st) {
		case S_LINE:
			if (is_blank(c) || c == '\n')
				break;
			if (c == '-') {
				entry_reset(w);
				w->in_entry = 1;
				w->st = S_DASH;
				break;
			}
			line_bad(w);
			continue;
		case S_DASH:
			if (c == ' ' || c == '\t') {
				w->st = S_OPEN;
				break;
			}
			line_bad(w);
			continue;
		case S_OPEN:
			if (c == ' ' || c == '\t')
				break;
			if (c == '{') {
				w->st = S_KEY_WAIT;
				break;
			}
			line_bad(w);
			continue;
		case S_KEY_WAIT:
			if (is_blank(c) || c == '\n' || c == ',')
				break;
			if (c == '}') {
				entry_done(w);
				w->st = S_END;
				break;
			}
			scalar_start(w, K_KEY);
			if (c == '"' || c == '\'') {
				w->st = c == '"' ? S_DQ : S_SQ;
				break;
			}
			w->st = S_PLAIN_KEY;
			continue;
		case S_PLAIN_KEY:
			if (c == ':') {
				while (w->keylen && is_blank(w->keybuf[w->keylen - 1]))
					w->keylen--;
				w->st = scalar_end(w);
				continue;
			}
			if (c == '\n' || c == ',' || c == '{' || c == '}' || c == '[' || c == ']') {
				line_bad(w);
				continue;
			}
			put(w, c);
			break;
		case S_COLON:
			if (is_blank(c) || c == '\n')
				break;
			if (c != ':') {
				line_bad(w);
				continue;
			}
			w->key = w->keylong		     ? K_OTHER
				 : !strcmp(w->keybuf, "lvl") ? K_LVL
				 : !strcmp(w->keybuf, "msg") ? K_MSG
							     : K_OTHER;
			w->st = S_VAL_WAIT;
			break;
		case S_VAL_WAIT:
			if (is_blank(c) || c == '\n')
				break;
			if (c == ',' || c == '}') { /* an empty value */
				w->st = S_AFTER_VAL;
				continue;
			}
			if (c == '{' || c == '[') {
				/* a mapping or list (results): not a serial line */
				if (w->key == K_MSG)
					w->msg_mode = 0;
				w->depth = 1;
				w->nq = 0;
				w->st = S_SKIP;
				break;
			}
			scalar_start(w, w->key);
			if (c == '"' || c == '\'') {
				w->st = c == '"' ? S_DQ : S_SQ;
				break;
			}
			w->st = S_PLAIN_VAL;
			continue;
		case S_DQ:
			if (c == '\n') {
				if (w->esc == E_BACKSLASH) {
					w->esc = E_NONE;
					w->fold = F_JOIN;
				} else if (w->esc == E_NONE) {
					w->fold = F_SPACE;
				} else {
					line_bad(w); /* a break inside \x.. */
					continue;
				}
				break;
			}
			if (w->esc == E_HEX) {
				if ((d = hexval(c)) < 0) {
					line_bad(w);
					continue;
				}
				w->esc_val = w->esc_val << 4 | (uint32_t)d;
				if (!--w->esc_left) {
					w->esc = E_NONE;
					put_cp(w, w->esc_val);
				}
				break;
			}
			if (w->esc == E_BACKSLASH) {
				/* YAML 1.1 section 5.7 escapes; \xNN \uNNNN \UNNNNNNNN
				 * name code points */
				static const char from[] = "0abt\tnvfre \"/\\";
				static const char to[] = "\0\a\b\t\t\n\v\f\r\033 \"/\\";
				const char *hit = memchr(from, c, sizeof(from) - 1);

				w->esc = E_NONE;
				if (c == '\r') {
					w->esc = E_BACKSLASH; /* \ CR LF: an escaped break */
				} else if (hit) {
					put(w, to[hit - from]);
				} else if (c == 'x' || c == 'u' || c == 'U') {
					w->esc = E_HEX;
					w->esc_val = 0;
					w->esc_left = c == 'x' ? 2 : c == 'u' ? 4 : 8;
				} else if (c == 'N' || c == '_' || c == 'L' || c == 'P') {
					put_cp(w, c == 'N'   ? 0x85
						  : c == '_' ? 0xa0
						  : c == 'L' ? 0x2028
							     : 0x2029);
				} else {
					line_bad(w); /* not a YAML escape */
					continue;
				}
				break;
			}
			if (fold_take(w, c))
				break;
			if (c == '\\') {
				w->esc = E_BACKSLASH;
				break;
			}
			if (c == '"') {
				w->st = scalar_end(w);
				break;
			}
			if (c != '\r')
				put(w, c);
			break;
		case S_SQ:
			if (c == '\n') {
				w->fold = F_SPACE;
				break;
			}
			if (fold_take(w, c))
				break;
			if (c == '\'') {
				w->st = S_SQ_QUOTE;
				break;
			}
			if (c != '\r')
				put(w, c);
			break;
		case S_SQ_QUOTE:
			if (c == '\'') { /* '' is one quote */
				put(w, '\'');
				w->st = S_SQ;
				break;
			}
			w->st = scalar_end(w);
			continue;
		case S_PLAIN_VAL:
			if (c == ',' || c == '}' || c == ']' || c == '{' || c == '[') {
				w->plain_spaces = 0; /* trailing blanks are not content */
				w->st = scalar_end(w);
				continue;
			}
			if (c == '\n') {
				w->plain_spaces = 0;
				w->fold = F_SPACE;
				break;
			}
			if (fold_take(w, c))
				break;
			if (c == ' ' || c == '\t' || c == '\r') {
				w->plain_spaces++;
				break;
			}
			for (; w->plain_spaces; w->plain_spaces--)
				put(w, ' ');
			put(w, c);
			break;
		case S_SKIP:
			if (w->nq) {
				if (c == '\\' && w->nq == '"' && !w->esc)
					w->esc = E_BACKSLASH;
				else if (c == w->nq && !w->esc)
					w->nq = 0;
				else
					w->esc = E_NONE;
				break;
			}
			if (c == '"' || c == '\'')
				w->nq = c;
			else if (c == '{' || c == '[')
				w->depth++;
			else if ((c == '}' || c == ']') && !--w->depth)
				w->st = S_AFTER_VAL;
			break;
		case S_AFTER_VAL:
			if (is_blank(c) || c == '\n')
				break;
			if (c == ',') {
				w->st = S_KEY_WAIT;
				break;
			}
			if (c == '}') {
				entry_done(w);
				w->st = S_END;
				break;
			}
			line_bad(w);
			continue;
		case S_END:
			if (c == '\n') {
				w->st = S_LINE;
				entry_reset(w);
				break;
			}
			if (is_blank(c))
				break;
			line_bad(w);
			continue;
		case S_BAD:
			if (c == '\n') {
				bad_flush(w);
				w->st = S_LINE;
			}
			break;
		}
		break;
	}
	if (c == '\n') {
		w->info.lines++;
		w->raw_len = 0;
	}
}

/* The input ended: an entry cut off is counted, what it held let go. */
void logwrap_lava_finish(struct logwrap *w)
{
	if (w->st == S_BAD) {
		bad_flush(w);
	} else if (w->in_entry) {
		/* the input ends inside an entry: a cut log */
		w->info.truncated++;
		if (w->key == K_MSG && w->msg_mode)
			msg_end(w);
		bad_flush(w);
	}
	if (w->raw_len)
		w->info.lines++;
	w->st = S_LINE;
	w->raw_len = 0;
	out_flush(w);
}
