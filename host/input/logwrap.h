/* SPDX-License-Identifier: MIT */
/*
 * Logs as farms store them: the container a serial log came in (a LAVA job
 * log, timestamped console-server lines, a terminal capture) is told from
 * its first bytes and lines, and unwrapped into the plain serial byte stream
 * the run model reads.  Streaming: memory stays bounded whatever the size of
 * the log or of one of its lines.
 */
#ifndef PD_HOST_LOGWRAP_H
#define PD_HOST_LOGWRAP_H

#include <stddef.h>
#include <stdint.h>

#include "results/record.h"

enum lw_format {
	LW_SERIAL,	/* plain serial bytes */
	LW_LAVA,	/* LAVA job log: YAML list of {dt, lvl, msg} */
	LW_TIMESTAMPED, /* a timestamp before every line (ts, grabserial, ser2net, ...) */
	LW_CONSERVER,	/* conserver logfile: serial bytes and [-- ... --] markers */
	LW_TYPESCRIPT,	/* script(1) typescript or picocom capture */
};

/* What the unwrapper read: for the report's input line. */
struct lw_info {
	enum lw_format format;
	const char *style;  /* timestamp style or capture tool, static; NULL: none */
	char name[64];	    /* the input's base name, set by the caller */
	uint64_t lines;	    /* input lines */
	uint64_t serial;    /* LAVA: target and feedback messages passed on as serial lines;
			       timestamped: lines that carried the timestamp */
	uint64_t feedback;  /* LAVA: of them, feedback (another namespace's serial) */
	uint64_t other;	    /* LAVA: the dispatcher's own messages (info, debug, results...) */
	uint64_t bad;	    /* LAVA: lines that are not an entry, passed on as they are */
	uint64_t truncated; /* LAVA: the input ended inside an entry */
	uint64_t unescaped; /* LAVA: messages with the dispatcher's \" before every quote */
	uint64_t cut;	    /* LAVA: messages longer than kept before their level was known */
	uint64_t markers;   /* conserver: [-- ... --] lines */
};

/* Where the plain serial bytes go. */
typedef void (*lw_sink)(void *ctx, const char *buf, size_t n);

/* The longest part of one line kept: a record is at most PD_RECORD_MAX bytes
 * and ends its line. */
#define LW_KEEP (2 * PD_RECORD_MAX)
/* Bytes of the first line looked at to tell the container. */
#define LW_SNIFF 4096
/* Bytes of each line's start classified (timestamp, marker). */
#define LW_HEAD 64

struct logwrap {
	lw_sink sink;
	void *ctx;
	struct lw_info info;
	int decided; /* the container is known */

	char sniff[LW_SNIFF]; /* the first line, until decided */
	size_t sniff_len;

	/* pass-through formats: the start of the current line */
	char head[LW_HEAD];
	size_t head_len;
	int head_done;
	uint64_t nonempty; /* lines with something on them */
	uint64_t styled[8];

	/* LAVA entry parser (logwrap.c) */
	int st, ret_st;	 /* state, state after a quoted scalar */
	int key;	 /* which key's value is being read */
	char keybuf[16]; /* the key being read */
	size_t keylen;
	int keylong;
	char lvl[16]; /* the level of the current entry */
	size_t lvllen;
	int lvl_known, lvl_serial, is_feedback;
	int depth;	  /* nesting in a skipped {} or [] value */
	int nq;		  /* quote inside a skipped value: 0, '"' or '\'' */
	int esc;	  /* escape state inside a double-quoted scalar */
	uint32_t esc_val; /* \x \u \U digits */
	int esc_left;
	int fold;	     /* a line break inside a quoted or plain scalar */
	size_t plain_spaces; /* plain scalar: spaces held until more text */
	int msg_mode;	     /* 0 none, 1 streaming to sink, 2 into msg[] */
	int quote_mode;	     /* \" undoing: 0 unknown, 1 dispatcher's, 2 as is */
	int held_bs;	     /* a backslash held back for the \" rule */
	int streamed;	     /* serial bytes of this entry went to the sink */
	char msg[LW_KEEP];   /* a message read before its level */
	size_t msg_len;
	int msg_cut;
	char raw[LW_KEEP]; /* the current input line (its tail) */
	size_t raw_len;
	int in_entry;	/* between "- {" and its end */
	char out[4096]; /* serial bytes on their way to the sink */
	size_t out_len;
};

/* Starts unwrapping into sink; the format is told from the first line. */
void logwrap_init(struct logwrap *w, lw_sink sink, void *ctx);
/* Bytes as they arrive, in any pieces. */
void logwrap_feed(struct logwrap *w, const void *buf, size_t n);
/* The input ended: flushes what is held, settles the format. */
void logwrap_finish(struct logwrap *w);
/* "serial", "lava-yaml", "timestamped", "conserver", "typescript". */
const char *logwrap_format_name(enum lw_format f);
/* "LAVA job log", "timestamped lines", ... for the text report. */
const char *logwrap_format_title(enum lw_format f);

/* One line for the text report: "LAVA job log (job.yaml), 166 target lines, ...". */
void logwrap_describe(const struct lw_info *in, char *buf, size_t cap);

#endif
