/* SPDX-License-Identifier: MIT */
/*
 * The bmc record (results/FORMAT.md) in the run model and the text, JSON and
 * HTML reports: two lines from QEMU runs (with ipmi-bmc-sim and without a
 * BMC) as they came, the other shapes the payload sends written with its
 * encoder, a record with garbled values, and logs without the record.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "host/model/runlog.h"
#include "host/report/report.h"
#include "results/fields.h"
#include "results/record.h"
#include "tests/unit/report_check.h"
#include "tests/unit/report_json_check.h"
#include "tests/unit/slog.h"

/* QEMU with -device ipmi-bmc-sim -device isa-ipmi-kcs: SMBIOS type 38 names
 * the KCS at 0xca2 and the simulated BMC answers Get Device ID. */
#define QEMU_BMC                                                                                   \
	"@PD df87e71f 1 4 bmc found=1 via=smbios if=kcs space=io addr=0xca2 spacing=1 spec=2.0 "   \
	"answer=1 ipmi=2.0 dev=0x20 dev_rev=0 fw=0.00 mfg=0 product=0 *ab85b13b\r\n"
/* QEMU without a BMC. */
#define NO_BMC_WHY                                                                                 \
	"no BMC: no SMBIOS type 38, no SPMI table, nothing at the KCS default address (status "    \
	"reads FFh)"
#define QEMU_NO_BMC "@PD 439c4a38 1 4 bmc found=0 via=none why=\"" NO_BMC_WHY "\" *ada53bdc\r\n"

static const char *const ANSWERED_LINE =
    "bmc:        KCS at I/O 0xca2 (SMBIOS type 38, spacing 1, table says IPMI 2.0): IPMI 2.0, "
    "device 0x20 rev 0, firmware 0.00, manufacturer 0, product 0\n";

/* A field as the payload's token or quoted string carries it. */
struct kv {
	const char *key, *val;
};

/* One bmc record of run 0xb0c, boot `boot`, from fields up to a NULL key. */
static void bmc_rec(struct slog *l, uint32_t boot, const struct kv *kv)
{
	l->run = 0xb0c;
	if (l->boot != boot)
		l->seq = 0;
	l->boot = boot;
	slog_begin(l, PD_REC_BMC);
	for (; kv->key; kv++)
		pd_rec_s(&W, kv->key, kv->val);
	slog_emit(l);
}

static struct runlog *model_of_str(const char *log)
{
	return model_of(log, strlen(log));
}

/* The key is there, as null: a value the record did not give. */
/* The text report's bmc: line is exactly want. */
static void assert_bmc_line(const struct runlog *rl, const char *want)
{
	char *t = text_of(rl, 0), *p = strstr(t, "\nbmc:");

	if (!p || strncmp(p + 1, want, strlen(want)))
		fail_msg("want \"%s\" in the report:\n%s", want, t);
	free(t);
}

/* The HTML machine table's BMC row holds want. */
static void assert_bmc_row(const struct runlog *rl, const char *want)
{
	char *h = html_of(rl), *p = strstr(h, "<tr><th>BMC</th><td id=\"m-bmc\">"), *e;

	if (!p)
		fail_msg("no BMC row in the HTML report");
	e = strstr(p, "</td></tr>");
	assert_non_null(e);
	*e = 0;
	if (!strstr(p, want))
		fail_msg("want \"%s\" in the BMC row: %s", want, p);
	free(h);
}

/* QEMU's simulated BMC: every field kept, and said in each report. */
static void test_answered_qemu(void **state)
{
	struct runlog *rl = model_of_str(QEMU_BMC);
	const struct rl_bmc *b = &rl->cur.bmc;
	json_object *o, *j;

	(void)state;
	assert_true(b->have);
	assert_true(b->has_found && b->found == 1);
	assert_string_equal(b->via, "smbios");
	assert_string_equal(b->iface, "kcs");
	assert_string_equal(b->space, "io");
	assert_true(b->has_addr && b->addr == 0xca2);
	assert_true(b->has_spacing && b->spacing == 1);
	assert_string_equal(b->spec, "2.0");
	assert_true(b->has_answer && b->answer == 1);
	assert_string_equal(b->ipmi, "2.0");
	assert_true(b->has_dev && b->dev == 0x20);
	assert_true(b->has_dev_rev && b->dev_rev == 0);
	assert_string_equal(b->fw, "0.00");
	assert_true(b->has_mfg && b->mfg == 0);
	assert_true(b->has_product && b->product == 0);
	assert_string_equal(b->why, "");

	assert_bmc_line(rl, ANSWERED_LINE);

	o = json_of(rl);
	j = key(o, "bmc");
	assert_jbool(j, "found", 1);
	assert_jstr(j, "via", "smbios");
	assert_jstr(j, "interface", "kcs");
	assert_jstr(j, "space", "io");
	assert_jstr(j, "addr", "0xca2");
	assert_jint(j, "spacing", 1);
	assert_jstr(j, "spec", "2.0");
	assert_jbool(j, "answer", 1);
	assert_jstr(j, "ipmi", "2.0");
	assert_jstr(j, "device_id", "0x20");
	assert_jint(j, "device_rev", 0);
	assert_jstr(j, "firmware", "0.00");
	assert_jint(j, "manufacturer", 0);
	assert_jint(j, "product", 0);
	assert_jnull(j, "why");
	json_object_put(o);

	assert_bmc_row(rl, "KCS at I/O 0xca2 (SMBIOS type 38, spacing 1, table says IPMI 2.0): "
			   "IPMI 2.0, device 0x20 rev 0, firmware 0.00, manufacturer 0, product 0");
	runlog_free(rl);
}

/* QEMU without a BMC: none, and why; nothing else known. */
static void test_none_qemu(void **state)
{
	struct runlog *rl = model_of_str(QEMU_NO_BMC);
	const struct rl_bmc *b = &rl->cur.bmc;
	static const char *const unsent[] = {"interface",  "space",    "addr",	       "spacing",
					     "spec",	   "answer",   "ipmi",	       "device_id",
					     "device_rev", "firmware", "manufacturer", "product"};
	json_object *o, *j;
	size_t i;

	(void)state;
	assert_true(b->have);
	assert_true(b->has_found && b->found == 0);
	assert_string_equal(b->via, "none");
	assert_string_equal(b->why, NO_BMC_WHY);
	assert_false(b->has_addr || b->has_spacing || b->has_answer || b->has_dev ||
		     b->has_dev_rev || b->has_mfg || b->has_product);
	assert_string_equal(b->iface, "");
	assert_string_equal(b->space, "");
	assert_string_equal(b->ipmi, "");

	assert_bmc_line(rl, "bmc:        none (" NO_BMC_WHY ")\n");
	o = json_of(rl);
	j = key(o, "bmc");
	assert_jbool(j, "found", 0);
	assert_jstr(j, "via", "none");
	assert_jstr(j, "why", NO_BMC_WHY);
	for (i = 0; i < sizeof(unsent) / sizeof(unsent[0]); i++)
		assert_jnull(j, unsent[i]);
	json_object_put(o);
	assert_bmc_row(rl, "none (" NO_BMC_WHY ")");
	runlog_free(rl);
}

/* A KCS the table named that did not answer: where it is, and why. */
static void test_no_answer(void **state)
{
	static const struct kv kv[] = {{PD_F_FOUND, "1"},
				       {PD_F_VIA, "smbios"},
				       {PD_F_IFACE, "kcs"},
				       {PD_F_SPACE, "io"},
				       {PD_F_ADDR, "0xca2"},
				       {PD_F_SPACING, "1"},
				       {PD_F_SPEC, "2.0"},
				       {PD_F_ANSWER, "0"},
				       {PD_F_WHY, "the BMC did not answer Get Device ID"},
				       {NULL, NULL}};
	struct slog l = {0};
	struct runlog *rl;
	json_object *o, *j;

	(void)state;
	bmc_rec(&l, 1, kv);
	rl = model_of(l.buf, l.len);
	assert_true(rl->cur.bmc.has_answer && rl->cur.bmc.answer == 0);
	assert_false(rl->cur.bmc.has_dev);
	assert_bmc_line(rl, "bmc:        KCS at I/O 0xca2 (SMBIOS type 38, spacing 1, table says "
			    "IPMI 2.0): did not answer: the BMC did not answer Get Device ID\n");
	o = json_of(rl);
	j = key(o, "bmc");
	assert_jbool(j, "found", 1);
	assert_jbool(j, "answer", 0);
	assert_jstr(j, "addr", "0xca2");
	assert_jnull(j, "ipmi");
	assert_jnull(j, "device_id");
	assert_jstr(j, "why", "the BMC did not answer Get Device ID");
	json_object_put(o);
	runlog_free(rl);
	slog_free(&l);
}

/* An interface other than KCS (BT, in memory, from SPMI): named, never
 * asked; a probe's and the option's answers. */
static void test_other_shapes(void **state)
{
	static const struct kv bt[] = {
	    {PD_F_FOUND, "1"},
	    {PD_F_VIA, "spmi"},
	    {PD_F_IFACE, "bt"},
	    {PD_F_SPACE, "mem"},
	    {PD_F_ADDR, "0xfed40000"},
	    {PD_F_SPACING, "4"},
	    {PD_F_SPEC, "2.0"},
	    {PD_F_ANSWER, "0"},
	    {PD_F_WHY, "the BMC's interface is not KCS: playdead has no driver for it"},
	    {NULL, NULL}};
	static const struct kv probe[] = {
	    {PD_F_FOUND, "1"},	    {PD_F_VIA, "probe"}, {PD_F_IFACE, "kcs"}, {PD_F_SPACE, "io"},
	    {PD_F_ADDR, "0xca2"},   {PD_F_SPACING, "1"}, {PD_F_ANSWER, "1"},  {PD_F_IPMI, "1.5"},
	    {PD_F_DEV, "0x1"},	    {PD_F_DEV_REV, "3"}, {PD_F_FW, "1.05"},   {PD_F_MFG, "343"},
	    {PD_F_PRODUCT, "3121"}, {NULL, NULL}};
	static const struct kv option[] = {{PD_F_FOUND, "1"},	 {PD_F_VIA, "option"},
					   {PD_F_IFACE, "kcs"},	 {PD_F_SPACE, "io"},
					   {PD_F_ADDR, "0xca8"}, {PD_F_SPACING, "1"},
					   {PD_F_ANSWER, "0"},	 {PD_F_WHY, "KCS: a time limit"},
					   {NULL, NULL}};
	struct slog l = {0};
	struct runlog *rl;
	json_object *o, *j;

	(void)state;
	bmc_rec(&l, 1, bt);
	rl = model_of(l.buf, l.len);
	assert_bmc_line(rl, "bmc:        BT at memory 0xfed40000 (ACPI SPMI table, spacing 4, "
			    "table says IPMI 2.0): not asked: the BMC's interface is not KCS: "
			    "playdead has no driver for it\n");
	o = json_of(rl);
	j = key(o, "bmc");
	assert_jstr(j, "via", "spmi");
	assert_jstr(j, "interface", "bt");
	assert_jstr(j, "space", "mem");
	assert_jstr(j, "addr", "0xfed40000");
	assert_jint(j, "spacing", 4);
	assert_jbool(j, "answer", 0);
	json_object_put(o);
	runlog_free(rl);
	slog_free(&l);

	bmc_rec(&l, 1, probe);
	rl = model_of(l.buf, l.len);
	assert_bmc_line(rl, "bmc:        KCS at I/O 0xca2 (probed at the KCS default address, "
			    "spacing 1): IPMI 1.5, device 0x1 rev 3, firmware 1.05, manufacturer "
			    "343, product 3121\n");
	o = json_of(rl);
	j = key(o, "bmc");
	assert_jnull(j, "spec");
	assert_jstr(j, "device_id", "0x1");
	assert_jint(j, "device_rev", 3);
	assert_jint(j, "manufacturer", 343);
	assert_jint(j, "product", 3121);
	json_object_put(o);
	runlog_free(rl);
	slog_free(&l);

	bmc_rec(&l, 1, option);
	rl = model_of(l.buf, l.len);
	assert_bmc_line(rl, "bmc:        KCS at I/O 0xca8 (bmc= option, spacing 1): did not "
			    "answer: KCS: a time limit\n");
	runlog_free(rl);
	slog_free(&l);
}

/* Values that do not parse read as unknown, never as 0 or -1; strings from
 * the wire are escaped. */
static void test_garbled(void **state)
{
	static const struct kv kv[] = {{PD_F_FOUND, "1"},
				       {PD_F_VIA, "smbios"},
				       {PD_F_IFACE, "kcs"},
				       {PD_F_SPACE, "io"},
				       {PD_F_ADDR, "zz"},
				       {PD_F_SPACING, "-1"},
				       {PD_F_SPEC, "2.0"},
				       {PD_F_ANSWER, "yes"},
				       {PD_F_DEV, "0xzz"},
				       {PD_F_DEV_REV, "1.5"},
				       {PD_F_MFG, "99999999999999999999999"},
				       {PD_F_PRODUCT, "0x"},
				       {PD_F_WHY, "<b>odd\x01</b>"},
				       {NULL, NULL}};
	static const struct kv found[] = {
	    {PD_F_FOUND, "maybe"}, {PD_F_VIA, "wire"}, {PD_F_IFACE, "ipmb"}, {PD_F_SPACE, "pci"},
	    {PD_F_ADDR, "0xca2"},  {PD_F_ANSWER, "1"}, {NULL, NULL}};
	struct slog l = {0};
	struct runlog *rl;
	const struct rl_bmc *b;
	json_object *o, *j;
	char *h;

	(void)state;
	bmc_rec(&l, 1, kv);
	rl = model_of(l.buf, l.len);
	b = &rl->cur.bmc;
	assert_true(b->have && b->has_found && b->found == 1);
	assert_false(b->has_addr);
	assert_int_equal(b->addr, 0);
	assert_false(b->has_spacing || b->has_answer || b->has_dev || b->has_dev_rev ||
		     b->has_mfg || b->has_product);
	assert_bmc_line(rl, "bmc:        KCS at I/O ? (SMBIOS type 38, table says IPMI 2.0): "
			    "answer unknown: <b>odd?</b>\n");
	o = json_of(rl);
	j = key(o, "bmc");
	assert_jnull(j, "addr");
	assert_jnull(j, "spacing");
	assert_jnull(j, "answer");
	assert_jnull(j, "device_id");
	assert_jnull(j, "device_rev");
	assert_jnull(j, "manufacturer");
	assert_jnull(j, "product");
	json_object_put(o);
	h = html_of(rl);
	assert_null(strstr(h, "<b>odd"));
	free(h);
	assert_bmc_row(rl, "answer unknown: &lt;b&gt;odd?&lt;/b&gt;");
	runlog_free(rl);
	slog_free(&l);

	/* found unreadable: what was sent is still said; names this tool
	 * does not know are given as sent. */
	bmc_rec(&l, 1, found);
	rl = model_of(l.buf, l.len);
	assert_false(rl->cur.bmc.has_found);
	assert_bmc_line(rl, "bmc:        interface ipmb at pci 0xca2 (found via wire): IPMI ?, "
			    "device ? rev ?, firmware ?, manufacturer ?, product ?\n");
	o = json_of(rl);
	assert_jnull(key(o, "bmc"), "found");
	json_object_put(o);
	runlog_free(rl);
	slog_free(&l);
}

/* Logs from payloads before the record: no line, no key, no row, so their
 * reports stay as they were. */
static void test_absent(void **state)
{
	struct slog l = {0};
	struct runlog *rl;
	json_object *o;
	char *t;

	(void)state;
	l.run = 0xb0d;
	l.boot = 1;
	slog_begin(&l, PD_REC_SMBIOS);
	pd_rec_s(&W, PD_F_SYS_VENDOR, "QEMU");
	slog_emit(&l);
	rl = model_of(l.buf, l.len);
	assert_false(rl->cur.bmc.have);
	t = text_of(rl, 0);
	assert_null(strstr(t, "bmc:"));
	free(t);
	o = json_of(rl);
	assert_false(json_object_object_get_ex(o, "bmc", NULL));
	json_object_put(o);
	t = html_of(rl);
	assert_null(strstr(t, "m-bmc"));
	free(t);
	runlog_free(rl);
	slog_free(&l);
}

/* Boot 1's record is the run's: a later boot's, or a second one, changes
 * nothing. */
static void test_first_wins(void **state)
{
	static const struct kv other[] = {
	    {PD_F_FOUND, "0"}, {PD_F_VIA, "none"}, {PD_F_WHY, "bmc=off"}, {NULL, NULL}};
	struct slog l = {0};
	struct runlog *rl;

	(void)state;
	slog_put(&l, QEMU_BMC, strlen(QEMU_BMC));
	l.run = 0xdf87e71f;
	l.boot = 1;
	l.seq = 5;
	slog_begin(&l, PD_REC_BMC);
	pd_rec_s(&W, PD_F_FOUND, "0");
	slog_emit(&l);
	l.boot = 2;
	l.seq = 0;
	slog_begin(&l, PD_REC_BMC);
	for (const struct kv *kv = other; kv->key; kv++)
		pd_rec_s(&W, kv->key, kv->val);
	slog_emit(&l);
	rl = model_of(l.buf, l.len);
	assert_int_equal(rl->cur.run, 0xdf87e71f);
	assert_true(rl->cur.bmc.found == 1 && rl->cur.bmc.addr == 0xca2);
	assert_int_equal(rl->cur.probe_later, 1);
	assert_bmc_line(rl, ANSWERED_LINE);
	runlog_free(rl);
	slog_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_answered_qemu), cmocka_unit_test(test_none_qemu),
	    cmocka_unit_test(test_no_answer),	  cmocka_unit_test(test_other_shapes),
	    cmocka_unit_test(test_garbled),	  cmocka_unit_test(test_absent),
	    cmocka_unit_test(test_first_wins),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
