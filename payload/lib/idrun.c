/* SPDX-License-Identifier: MIT */
#include "lib/idrun.h"
#include "lib/fmt.h"

/* Writes the run [start, prev]; sends the list once it is past room. */
static void close_run(struct idrun *r)
{
	if (r->n)
		r->list[r->n++] = ',';
	r->n += fmt_dec(r->list + r->n, r->start);
	if (r->prev != r->start) {
		r->list[r->n++] = '-';
		r->n += fmt_dec(r->list + r->n, r->prev);
	}
	r->in_run = 0;
	if (r->n > r->room) {
		r->send(r->ctx, r->list, r->n);
		r->n = 0;
	}
}

void idrun_add(struct idrun *r, uint32_t id)
{
	if (r->in_run && id == r->prev + 1) {
		r->prev = id;
		return;
	}
	if (r->in_run)
		close_run(r);
	r->in_run = 1;
	r->start = r->prev = id;
}

void idrun_finish(struct idrun *r)
{
	if (r->in_run)
		close_run(r);
	if (r->n)
		r->send(r->ctx, r->list, r->n);
	r->n = 0;
}
