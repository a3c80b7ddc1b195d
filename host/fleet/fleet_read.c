/* SPDX-License-Identifier: MIT */
/*
 * Reading logs for the fleet view: files (plain, gzip, xz: told by their
 * first bytes, not their names) and folders, recursively, in name order.
 * The bytes go to a run model as they are read; the run model splits lines
 * and parses records.  Here the input is only cut at line ends, so that a
 * run is taken out as soon as its end record is in, and the next run of the
 * same log starts in a fresh model.
 */
#include "host/fleet/fleet.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <lzma.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define CHUNK (64 * 1024)
/* Folders nested deeper than this are not followed (a link loop). */
#define MAX_DEPTH 32

/* gzip (RFC 1952 2.3.1) and xz (.xz file format 2.1.1.1) magic bytes. */
static const unsigned char gz_magic[2] = {0x1f, 0x8b};
static const unsigned char xz_magic[6] = {0xfd, '7', 'z', 'X', 'Z', 0x00};

struct reader {
	struct fleet *f;
	const char *path;
	struct runlog *rl;
	uint64_t runs;	   /* runs of this file folded in */
	uint64_t records;  /* good records over the file */
	int at_line_start; /* the last byte fed was '\n' */
};

static int start_model(struct reader *r)
{
	r->rl = runlog_new();
	if (!r->rl)
		return -1;
	runlog_set_stop_reason(r->rl, "the log ends");
	r->at_line_start = 1;
	return 0;
}

/* The run in the model is over (end record, or end of file): fold it in. */
static void take_run(struct reader *r)
{
	runlog_finish(r->rl);
	r->records += r->rl->st.good;
	if (r->rl->cur.started) {
		fleet_add_run(r->f, r->rl, r->path);
		r->runs++;
	}
	runlog_free(r->rl);
	r->rl = NULL;
}

static int feed(struct reader *r, const char *buf, size_t n)
{
	r->f->bytes += n;
	while (n) {
		const char *nl = memchr(buf, '\n', n);
		size_t k = nl ? (size_t)(nl - buf) + 1 : n;

		if (!r->rl && start_model(r))
			return -1;
		runlog_feed(r->rl, buf, k);
		buf += k;
		n -= k;
		r->at_line_start = nl != NULL;
		if (nl && runlog_end_seen(r->rl))
			take_run(r);
	}
	return 0;
}

static int read_plain(struct reader *r, int fd, const unsigned char *head, size_t nhead, char *why,
		      size_t cap)
{
	static char buf[CHUNK];
	ssize_t n;

	if (feed(r, (const char *)head, nhead))
		goto oom;
	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(why, cap, "read error: %s", strerror(errno));
			return -1;
		}
		if (n == 0)
			return 0;
		r->f->bytes_in += (uint64_t)n;
		if (feed(r, buf, (size_t)n))
			goto oom;
	}
oom:
	snprintf(why, cap, "out of memory");
	return -1;
}

static int read_gz(struct reader *r, int fd, char *why, size_t cap)
{
	static char buf[CHUNK];
	gzFile z;
	int n, e;
	struct stat st;

	if (lseek(fd, 0, SEEK_SET) != 0) {
		snprintf(why, cap, "cannot seek: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == 0)
		r->f->bytes_in += (uint64_t)st.st_size;
	z = gzdopen(dup(fd), "rb");
	if (!z) {
		snprintf(why, cap, "gzip: cannot open");
		return -1;
	}
	gzbuffer(z, CHUNK);
	while ((n = gzread(z, buf, sizeof(buf))) > 0)
		if (feed(r, buf, (size_t)n)) {
			gzclose(z);
			snprintf(why, cap, "out of memory");
			return -1;
		}
	if (n < 0) {
		const char *msg = gzerror(z, &e);

		snprintf(why, cap, "gzip: %s after %llu bytes",
			 msg && msg[0] ? msg : "corrupt data", (unsigned long long)gzoffset(z));
		gzclose(z);
		return -1;
	}
	/* gzread stops quietly at a truncated member: gzclose says so. */
	e = gzclose(z);
	if (e != Z_OK) {
		snprintf(why, cap, "gzip: %s", e == Z_BUF_ERROR ? "truncated" : "corrupt data");
		return -1;
	}
	return 0;
}

static const char *lzma_msg(lzma_ret ret)
{
	switch (ret) {
	case LZMA_MEM_ERROR:
		return "out of memory";
	case LZMA_FORMAT_ERROR:
		return "not xz data";
	case LZMA_OPTIONS_ERROR:
		return "unsupported options";
	case LZMA_DATA_ERROR:
		return "corrupt data";
	case LZMA_BUF_ERROR:
		return "truncated";
	default:
		return "error";
	}
}

static int read_xz(struct reader *r, int fd, const unsigned char *head, size_t nhead, char *why,
		   size_t cap)
{
	static uint8_t in[CHUNK], out[CHUNK];
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_action act = LZMA_RUN;
	lzma_ret ret;
	int rc = 0;

	/* Concatenated streams, as xz(1) writes and reads them. */
	ret = lzma_stream_decoder(&s, UINT64_MAX, LZMA_CONCATENATED);
	if (ret != LZMA_OK) {
		snprintf(why, cap, "xz: %s", lzma_msg(ret));
		return -1;
	}
	memcpy(in, head, nhead);
	s.next_in = in;
	s.avail_in = nhead;
	r->f->bytes_in += nhead;
	for (;;) {
		if (!s.avail_in && act == LZMA_RUN) {
			ssize_t n = read(fd, in, sizeof(in));

			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				snprintf(why, cap, "read error: %s", strerror(errno));
				rc = -1;
				break;
			}
			r->f->bytes_in += (uint64_t)n;
			s.next_in = in;
			s.avail_in = (size_t)n;
			if (!n)
				act = LZMA_FINISH;
		}
		s.next_out = out;
		s.avail_out = sizeof(out);
		ret = lzma_code(&s, act);
		if (s.avail_out < sizeof(out) &&
		    feed(r, (const char *)out, sizeof(out) - s.avail_out)) {
			snprintf(why, cap, "out of memory");
			rc = -1;
			break;
		}
		if (ret == LZMA_STREAM_END)
			break;
		if (ret != LZMA_OK) {
			snprintf(why, cap, "xz: %s after %llu bytes", lzma_msg(ret),
				 (unsigned long long)s.total_in);
			rc = -1;
			break;
		}
	}
	lzma_end(&s);
	return rc;
}

static void read_file(struct fleet *f, const char *path)
{
	struct reader r = {.f = f, .path = path};
	unsigned char head[sizeof(xz_magic)];
	char why[160] = "";
	size_t nhead = 0;
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		snprintf(why, sizeof(why), "cannot open: %s", strerror(errno));
		fleet_bad_file(f, path, why);
		return;
	}
	while (nhead < sizeof(head)) {
		ssize_t n = read(fd, head + nhead, sizeof(head) - nhead);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		nhead += (size_t)n;
	}
	if (nhead >= sizeof(gz_magic) && !memcmp(head, gz_magic, sizeof(gz_magic)))
		rc = read_gz(&r, fd, why, sizeof(why));
	else if (nhead == sizeof(xz_magic) && !memcmp(head, xz_magic, sizeof(xz_magic)))
		rc = read_xz(&r, fd, head, nhead, why, sizeof(why));
	else {
		f->bytes_in += nhead;
		rc = read_plain(&r, fd, head, nhead, why, sizeof(why));
	}
	close(fd);
	/* A broken file: the runs that ended before the damage count (each
	 * record carries its own CRC), the one cut short does not; the file is
	 * named among the bad ones.  A whole file may end mid-run: that run is
	 * judged (broken) like any log without an end record. */
	if (r.rl && !rc)
		take_run(&r);
	if (r.rl) {
		r.records += r.rl->st.good;
		runlog_free(r.rl);
	}
	if (rc) {
		if (r.runs) {
			size_t n = strlen(why);

			snprintf(why + n, sizeof(why) - n, " (%llu %s before it kept)",
				 (unsigned long long)r.runs, r.runs == 1 ? "run" : "runs");
		}
		fleet_bad_file(f, path, why);
	} else if (!r.records) {
		fleet_bad_file(f, path, "no playdead records");
	} else {
		f->logs_read++;
	}
}

static void read_dir(struct fleet *f, const char *path, int depth)
{
	struct dirent **ents = NULL;
	int n, i;

	if (depth > MAX_DEPTH) {
		fleet_bad_file(f, path, "folders nested too deep (a link loop?)");
		return;
	}
	n = scandir(path, &ents, NULL, alphasort);
	if (n < 0) {
		char why[160];

		snprintf(why, sizeof(why), "cannot read the folder: %s", strerror(errno));
		fleet_bad_file(f, path, why);
		return;
	}
	for (i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;
		char *sub;

		if (strcmp(name, ".") && strcmp(name, "..") &&
		    asprintf(&sub, "%s/%s", path, name) >= 0) {
			struct stat st;

			if (stat(sub, &st) != 0) {
				char why[160];

				snprintf(why, sizeof(why), "cannot open: %s", strerror(errno));
				fleet_bad_file(f, sub, why);
			} else if (S_ISDIR(st.st_mode)) {
				read_dir(f, sub, depth + 1);
			} else if (S_ISREG(st.st_mode)) {
				read_file(f, sub);
			}
			free(sub);
		}
		free(ents[i]);
	}
	free(ents);
}

void fleet_read_path(struct fleet *f, const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		char why[160];

		snprintf(why, sizeof(why), "cannot open: %s", strerror(errno));
		fleet_bad_file(f, path, why);
	} else if (S_ISDIR(st.st_mode)) {
		read_dir(f, path, 0);
	} else {
		read_file(f, path);
	}
}
