/* SPDX-License-Identifier: MIT */
/*
 * ACPI EINJ (see einj.h).  Layouts and codes from ACPI 6.5: Table 18.24
 * (EINJ table), 18.25 (injection actions), 18.26 (injection instruction
 * entry), 18.27 (instructions), 18.28 (instruction flags), 18.29 (command
 * status), 18.30 (error types); 5.2.3.2 (Generic Address Structure).
 */
#include "platform/einj.h"
#include "report/report.h"
#include "mem/paging.h"
#include "platform/tsc.h"
#include "lib/fmt.h"
#include "lib/string.h"
#include "arch/x86/insn.h"

#define EINJ_ENTRIES_OFF 48 /* 36-byte header, header size, flags, 3 reserved, count */
#define EINJ_MAX_ENTRIES 64

/* Injection actions */
enum {
	BEGIN_INJECTION_OPERATION = 0,
	GET_TRIGGER_ERROR_ACTION_TABLE = 1,
	SET_ERROR_TYPE = 2,
	GET_ERROR_TYPE = 3,
	END_OPERATION = 4,
	EXECUTE_OPERATION = 5,
	CHECK_BUSY_STATUS = 6,
	GET_COMMAND_STATUS = 7,
	SET_ERROR_TYPE_WITH_ADDRESS = 8,
	TRIGGER_ERROR = 0xff,
};

/* Instructions */
enum {
	READ_REGISTER = 0,
	READ_REGISTER_VALUE = 1,
	WRITE_REGISTER = 2,
	WRITE_REGISTER_VALUE = 3,
	NOOP = 4,
};
#define FLAG_PRESERVE_REGISTER 0x1

/* Error types (bit per type) */
#define ERR_MEM_UNCORRECTABLE_NONFATAL (1u << 4)
#define ERR_MEM_UNCORRECTABLE_FATAL    (1u << 5)

/* GAS address spaces */
#define GAS_MEMORY 0
#define GAS_IO	   1

#define BUSY_WAIT_US 1000000

struct gas {
	uint8_t space, bit_width, bit_offset, access_size;
	uint64_t address;
} __attribute__((packed));

struct einj_entry {
	uint8_t action, instruction, flags, reserved;
	struct gas reg;
	uint64_t value, mask;
} __attribute__((packed));

_Static_assert(sizeof(struct einj_entry) == 32, "ACPI 6.5 Table 18.26");

/* The trigger action table GET_TRIGGER_ERROR_ACTION_TABLE points at. */
struct trigger_table {
	uint32_t header_size, revision, table_size, entry_count;
} __attribute__((packed));

static const struct einj_entry *entries;
static uint32_t nentries;

static const char *action_name(uint8_t a)
{
	switch (a) {
	case BEGIN_INJECTION_OPERATION:
		return "begin";
	case GET_TRIGGER_ERROR_ACTION_TABLE:
		return "get_trigger_table";
	case SET_ERROR_TYPE:
		return "set_error_type";
	case GET_ERROR_TYPE:
		return "get_error_type";
	case END_OPERATION:
		return "end";
	case EXECUTE_OPERATION:
		return "execute";
	case CHECK_BUSY_STATUS:
		return "check_busy";
	case GET_COMMAND_STATUS:
		return "get_command_status";
	case SET_ERROR_TYPE_WITH_ADDRESS:
		return "set_error_type_with_address";
	case TRIGGER_ERROR:
		return "trigger_error";
	default:
		return "other";
	}
}

static const char *insn_name(uint8_t i)
{
	static const char *const n[] = {"read", "read_value", "write", "write_value", "noop"};

	return i <= NOOP ? n[i] : "unknown";
}

static void bad_einj(uint64_t addr, const char *what)
{
	struct pd_rec_writer w;

	rec_start(&w, PD_REC_ERROR);
	pd_rec_s(&w, PD_F_LEVEL, PD_LEVEL_WARN);
	pd_rec_s(&w, PD_F_CODE, PD_ERR_BAD_TABLE);
	pd_rec_s(&w, PD_F_TABLE, "EINJ");
	pd_rec_x(&w, PD_F_ADDR, addr);
	pd_rec_s(&w, PD_F_WHAT, what);
	report_count_error(PD_LEVEL_WARN);
	rec_send(&w);
}

void einj_init(uint64_t addr)
{
	const uint8_t *t = (const uint8_t *)(uintptr_t)addr;
	uint32_t len, hdr, count, i;

	entries = 0;
	nentries = 0;
	if (!addr)
		return;
	if (paging_map(addr, EINJ_ENTRIES_OFF)) {
		bad_einj(addr, "EINJ cannot be mapped: not used");
		return;
	}
	memcpy(&len, t + 4, 4);
	memcpy(&hdr, t + 36, 4);
	memcpy(&count, t + 44, 4);
	if (len < EINJ_ENTRIES_OFF || hdr + 36 != EINJ_ENTRIES_OFF) {
		bad_einj(addr, "EINJ header size or length impossible: not used");
		return;
	}
	if (!count || count > EINJ_MAX_ENTRIES ||
	    (uint64_t)count * sizeof(struct einj_entry) > len - EINJ_ENTRIES_OFF) {
		bad_einj(addr, "EINJ entry count does not fit the table: not used");
		return;
	}
	if (paging_map(addr, len)) {
		bad_einj(addr, "EINJ cannot be mapped: not used");
		return;
	}
	entries = (const struct einj_entry *)(t + EINJ_ENTRIES_OFF);
	for (i = 0; i < count; i++) {
		const struct gas *g = &entries[i].reg;

		if (entries[i].instruction > NOOP ||
		    (entries[i].instruction != NOOP && g->space != GAS_MEMORY &&
		     g->space != GAS_IO) ||
		    (entries[i].instruction != NOOP && g->bit_width != 8 && g->bit_width != 16 &&
		     g->bit_width != 32 && g->bit_width != 64) ||
		    (entries[i].instruction != NOOP && g->space == GAS_MEMORY &&
		     paging_map(g->address, g->bit_width / 8))) {
			entries = 0;
			bad_einj(addr, "EINJ entry with an unknown instruction or register: "
				       "not used");
			return;
		}
	}
	nentries = count;
}

int einj_present(void)
{
	return nentries != 0;
}

static uint64_t width_mask(uint8_t bits)
{
	return bits >= 64 ? ~0ull : (1ull << bits) - 1;
}

static uint64_t reg_read(const struct gas *g)
{
	uint64_t a = g->address;

	if (g->space == GAS_IO) {
		if (g->bit_width == 8)
			return inb((uint16_t)a);
		if (g->bit_width == 16)
			return (uint64_t)inb((uint16_t)a) | (uint64_t)inb((uint16_t)(a + 1)) << 8;
		return inl((uint16_t)a);
	}
	switch (g->bit_width) {
	case 8:
		return *(volatile uint8_t *)(uintptr_t)a;
	case 16:
		return *(volatile uint16_t *)(uintptr_t)a;
	case 32:
		return *(volatile uint32_t *)(uintptr_t)a;
	default:
		return *(volatile uint64_t *)(uintptr_t)a;
	}
}

static void reg_write(const struct gas *g, uint64_t v)
{
	uint64_t a = g->address;

	if (g->space == GAS_IO) {
		if (g->bit_width == 8)
			outb((uint16_t)a, (uint8_t)v);
		else if (g->bit_width == 16)
			outw((uint16_t)a, (uint16_t)v);
		else
			outl((uint16_t)a, (uint32_t)v);
		return;
	}
	switch (g->bit_width) {
	case 8:
		*(volatile uint8_t *)(uintptr_t)a = (uint8_t)v;
		break;
	case 16:
		*(volatile uint16_t *)(uintptr_t)a = (uint16_t)v;
		break;
	case 32:
		*(volatile uint32_t *)(uintptr_t)a = (uint32_t)v;
		break;
	default:
		*(volatile uint64_t *)(uintptr_t)a = v;
		break;
	}
}

static void send_action(const struct einj_entry *e, uint64_t data)
{
	struct pd_rec_writer w;

	rec_start(&w, PD_REC_EINJ);
	pd_rec_s(&w, PD_F_ACTION, action_name(e->action));
	pd_rec_s(&w, PD_F_INSN, insn_name(e->instruction));
	pd_rec_s(&w, PD_F_SPACE, e->reg.space == GAS_IO ? "io" : "mem");
	pd_rec_x(&w, PD_F_REGISTER, e->reg.address);
	pd_rec_x(&w, PD_F_DATA, data);
	rec_send(&w);
}

/* One instruction (Table 18.27); arg is SET_ERROR_TYPE's value.  Returns
 * what a read instruction read (READ_REGISTER_VALUE: 1 if equal). */
static uint64_t run_entry(const struct einj_entry *e, uint64_t arg, int have_arg)
{
	uint64_t v = 0, m = e->mask, sh = e->reg.bit_offset;

	if (!m)
		m = width_mask(e->reg.bit_width);
	switch (e->instruction) {
	case READ_REGISTER:
		v = (reg_read(&e->reg) >> sh) & m;
		break;
	case READ_REGISTER_VALUE:
		v = ((reg_read(&e->reg) >> sh) & m) == e->value;
		break;
	case WRITE_REGISTER:
	case WRITE_REGISTER_VALUE:
		v = e->instruction == WRITE_REGISTER && have_arg ? arg : e->value;
		v = (v & m) << sh;
		if (e->flags & FLAG_PRESERVE_REGISTER)
			v |= reg_read(&e->reg) & ~(m << sh);
		reg_write(&e->reg, v);
		break;
	default:
		break;
	}
	send_action(e, v);
	return v;
}

/* Runs every entry of action a in table order; returns what the last read
 * read.  *found: there was one. */
static uint64_t run_action(const struct einj_entry *tab, uint32_t n, uint8_t a, uint64_t arg,
			   int have_arg, int *found)
{
	uint64_t v = 0;
	uint32_t i;

	*found = 0;
	for (i = 0; i < n; i++) {
		if (tab[i].action != a)
			continue;
		*found = 1;
		v = run_entry(&tab[i], arg, have_arg);
	}
	return v;
}

/* The trigger table's memory registers, mapped before its steps run. */
static int trigger_regs_mapped(const struct einj_entry *tab, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (tab[i].instruction != NOOP && tab[i].reg.space == GAS_MEMORY &&
		    paging_map(tab[i].reg.address,
			       tab[i].reg.bit_width / 8 ? tab[i].reg.bit_width / 8 : 8))
			return 0;
	return 1;
}

static int fail(char *why, size_t cap, const char *what, uint64_t value)
{
	size_t n = strlen(what);

	if (n + 20 > cap)
		n = cap > 20 ? cap - 20 : 0;
	memcpy(why, what, n);
	why[n++] = ' ';
	n += fmt_dec(why + n, value);
	why[n] = 0;
	return -1;
}

int einj_inject(char *why, size_t cap)
{
	uint64_t types, status, trig, deadline;
	uint32_t type;
	int found, rc = 0;

	if (!nentries)
		return fail(why, cap, "no EINJ table; entries", 0);
	run_action(entries, nentries, BEGIN_INJECTION_OPERATION, 0, 0, &found);
	types = run_action(entries, nentries, GET_ERROR_TYPE, 0, 0, &found);
	if (!found) {
		rc = fail(why, cap, "EINJ has no GET_ERROR_TYPE action; action", GET_ERROR_TYPE);
		goto end;
	}
	if (types & ERR_MEM_UNCORRECTABLE_NONFATAL)
		type = ERR_MEM_UNCORRECTABLE_NONFATAL;
	else if (types & ERR_MEM_UNCORRECTABLE_FATAL)
		type = ERR_MEM_UNCORRECTABLE_FATAL;
	else {
		rc = fail(why, cap, "EINJ offers no uncorrectable memory error; types", types);
		goto end;
	}
	run_action(entries, nentries, SET_ERROR_TYPE, type, 1, &found);
	if (!found) {
		rc = fail(why, cap, "EINJ has no SET_ERROR_TYPE action; action", SET_ERROR_TYPE);
		goto end;
	}
	run_action(entries, nentries, EXECUTE_OPERATION, 0, 0, &found);
	deadline = tsc_deadline(BUSY_WAIT_US);
	while ((run_action(entries, nentries, CHECK_BUSY_STATUS, 0, 0, &found) & 1) && found) {
		if (rdtsc() > deadline) {
			rc = fail(why, cap, "EINJ stayed busy for 1 s; busy", 1);
			goto end;
		}
		cpu_relax();
	}
	/* Table 18.29: 0 success, 1 unknown failure, 2 invalid access. */
	status = run_action(entries, nentries, GET_COMMAND_STATUS, 0, 0, &found);
	if (found && status != 0) {
		rc = fail(why, cap,
			  status == 2 ? "firmware refused the injection (invalid access): status"
				      : "firmware refused the injection: status",
			  status);
		goto end;
	}
	/* The trigger table: the firmware's own steps that make the error
	 * happen (for memory errors usually a consuming access). */
	trig = run_action(entries, nentries, GET_TRIGGER_ERROR_ACTION_TABLE, 0, 0, &found);
	if (found && trig && !paging_map(trig, sizeof(struct trigger_table))) {
		const struct trigger_table *tt = (const struct trigger_table *)(uintptr_t)trig;

		if (tt->header_size == sizeof(*tt) && tt->entry_count <= EINJ_MAX_ENTRIES &&
		    tt->table_size >= sizeof(*tt) + tt->entry_count * sizeof(struct einj_entry) &&
		    !paging_map(trig, tt->table_size) &&
		    trigger_regs_mapped((const struct einj_entry *)(tt + 1), tt->entry_count))
			run_action((const struct einj_entry *)(tt + 1), tt->entry_count,
				   TRIGGER_ERROR, 0, 0, &found);
	}
end:
	run_action(entries, nentries, END_OPERATION, 0, 0, &found);
	return rc;
}
