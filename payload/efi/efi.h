/* SPDX-License-Identifier: MIT */
/*
 * The few UEFI types the loader uses (UEFI 2.10).  Only the members it
 * calls are typed; the others are placeholders that keep the offsets.
 * Every firmware call uses the Microsoft x64 convention (2.3.4.2).
 */
#ifndef PD_EFI_EFI_H
#define PD_EFI_EFI_H

#include <stddef.h>
#include <stdint.h>

#define EFIAPI __attribute__((ms_abi))

typedef uint64_t efi_status;
typedef void *efi_handle;
typedef uint16_t char16;

/* Status codes (appendix D): errors have the top bit set. */
#define EFI_SUCCESS	      0
#define EFI_ERR(n)	      ((1ull << 63) | (n))
#define EFI_INVALID_PARAMETER EFI_ERR(2)
#define EFI_BUFFER_TOO_SMALL  EFI_ERR(5)
#define EFI_NOT_READY	      EFI_ERR(6)
#define EFI_OUT_OF_RESOURCES  EFI_ERR(9)

struct efi_guid {
	uint32_t d1;
	uint16_t d2, d3;
	uint8_t d4[8];
};

/* 4.2 */
struct efi_table_header {
	uint64_t signature;
	uint32_t revision, header_size, crc32, reserved;
};

/* 12.3: EFI_SIMPLE_TEXT_INPUT_PROTOCOL */
struct efi_input_key {
	uint16_t scan_code;
	char16 unicode_char;
};
struct efi_simple_text_input {
	void *reset;
	efi_status(EFIAPI *read_key_stroke)(struct efi_simple_text_input *self,
					    struct efi_input_key *key);
	void *wait_for_key;
};

/* 12.4: EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL */
struct efi_simple_text_output {
	void *reset;
	efi_status(EFIAPI *output_string)(struct efi_simple_text_output *self, const char16 *s);
};

/* 7.2: EFI_MEMORY_TYPE and EFI_MEMORY_DESCRIPTOR */
enum efi_memory_type {
	EFI_RESERVED_MEMORY,
	EFI_LOADER_CODE,
	EFI_LOADER_DATA,
	EFI_BOOT_SERVICES_CODE,
	EFI_BOOT_SERVICES_DATA,
	EFI_RUNTIME_SERVICES_CODE,
	EFI_RUNTIME_SERVICES_DATA,
	EFI_CONVENTIONAL_MEMORY,
	EFI_UNUSABLE_MEMORY,
	EFI_ACPI_RECLAIM_MEMORY,
	EFI_ACPI_MEMORY_NVS,
	EFI_MEMORY_MAPPED_IO,
	EFI_MEMORY_MAPPED_IO_PORT_SPACE,
	EFI_PAL_CODE,
	EFI_PERSISTENT_MEMORY,
	EFI_UNACCEPTED_MEMORY,
};
struct efi_memory_descriptor {
	uint32_t type;
	uint64_t physical_start, virtual_start, number_of_pages, attribute;
};
#define EFI_PAGE_SIZE 4096

/* 7.2: EFI_ALLOCATE_TYPE */
enum efi_allocate_type {
	EFI_ALLOCATE_ANY_PAGES,
	EFI_ALLOCATE_MAX_ADDRESS,
	EFI_ALLOCATE_ADDRESS,
};

/* 4.4: EFI_BOOT_SERVICES, in table order */
struct efi_boot_services {
	struct efi_table_header hdr;
	void *raise_tpl, *restore_tpl;
	efi_status(EFIAPI *allocate_pages)(uint32_t type, uint32_t mem_type, uint64_t pages,
					   uint64_t *addr);
	efi_status(EFIAPI *free_pages)(uint64_t addr, uint64_t pages);
	efi_status(EFIAPI *get_memory_map)(uint64_t *size, struct efi_memory_descriptor *map,
					   uint64_t *key, uint64_t *desc_size,
					   uint32_t *desc_version);
	void *allocate_pool, *free_pool;
	void *create_event, *set_timer, *wait_for_event, *signal_event, *close_event, *check_event;
	void *install_protocol_interface, *reinstall_protocol_interface,
	    *uninstall_protocol_interface;
	efi_status(EFIAPI *handle_protocol)(efi_handle h, const struct efi_guid *guid,
					    void **iface);
	void *reserved, *register_protocol_notify, *locate_handle, *locate_device_path,
	    *install_configuration_table;
	void *load_image, *start_image, *exit, *unload_image;
	efi_status(EFIAPI *exit_boot_services)(efi_handle image, uint64_t map_key);
	void *get_next_monotonic_count;
	efi_status(EFIAPI *stall)(uint64_t us);
	efi_status(EFIAPI *set_watchdog_timer)(uint64_t timeout, uint64_t code, uint64_t size,
					       const char16 *data);
};

/* 4.6: EFI_CONFIGURATION_TABLE */
struct efi_configuration_table {
	struct efi_guid vendor_guid;
	void *vendor_table;
};

/* 4.3: EFI_SYSTEM_TABLE */
struct efi_system_table {
	struct efi_table_header hdr;
	const char16 *firmware_vendor;
	uint32_t firmware_revision;
	efi_handle console_in_handle;
	struct efi_simple_text_input *con_in;
	efi_handle console_out_handle;
	struct efi_simple_text_output *con_out;
	efi_handle standard_error_handle;
	struct efi_simple_text_output *std_err;
	void *runtime_services;
	struct efi_boot_services *boot_services;
	uint64_t number_of_table_entries;
	struct efi_configuration_table *configuration_table;
};

/* 10.2: EFI_DEVICE_PATH_PROTOCOL node header; 10.3.5.4: file path node */
struct efi_device_path {
	uint8_t type, sub_type;
	uint8_t length[2];
};
#define EFI_DP_MEDIA	  4
#define EFI_DP_MEDIA_FILE 4
#define EFI_DP_END	  0x7f

/* 9.1: EFI_LOADED_IMAGE_PROTOCOL */
struct efi_loaded_image {
	uint32_t revision;
	efi_handle parent_handle;
	struct efi_system_table *system_table;
	efi_handle device_handle;
	struct efi_device_path *file_path;
	void *reserved;
	uint32_t load_options_size;
	void *load_options;
	void *image_base;
	uint64_t image_size;
	uint32_t image_code_type, image_data_type;
	void *unload;
};

/* 13.5: EFI_FILE_PROTOCOL */
struct efi_file {
	uint64_t revision;
	efi_status(EFIAPI *open)(struct efi_file *self, struct efi_file **out, const char16 *name,
				 uint64_t mode, uint64_t attributes);
	efi_status(EFIAPI *close)(struct efi_file *self);
	void *delete_file;
	efi_status(EFIAPI *read)(struct efi_file *self, uint64_t *size, void *buf);
};
#define EFI_FILE_MODE_READ 1

/* 13.4: EFI_SIMPLE_FILE_SYSTEM_PROTOCOL */
struct efi_simple_file_system {
	uint64_t revision;
	efi_status(EFIAPI *open_volume)(struct efi_simple_file_system *self,
					struct efi_file **root);
};

/* GUIDs: 9.1.1 (loaded image), 13.4.1 (simple file system), 4.6.1.1
 * (industry standard configuration tables: ACPI 2.0 and 1.0, SMBIOS 2 and 3). */
#define EFI_LOADED_IMAGE_PROTOCOL_GUID                                                             \
	{                                                                                          \
		0x5b1b31a1, 0x9562, 0x11d2,                                                        \
		{                                                                                  \
			0x8e, 0x3f, 0x00, 0xa0, 0xc9, 0x69, 0x72, 0x3b                             \
		}                                                                                  \
	}
#define EFI_SIMPLE_FILE_SYSTEM_PROTOCOL_GUID                                                       \
	{                                                                                          \
		0x964e5b22, 0x6459, 0x11d2,                                                        \
		{                                                                                  \
			0x8e, 0x39, 0x00, 0xa0, 0xc9, 0x69, 0x72, 0x3b                             \
		}                                                                                  \
	}
#define EFI_ACPI_20_TABLE_GUID                                                                     \
	{                                                                                          \
		0x8868e871, 0xe4f1, 0x11d3,                                                        \
		{                                                                                  \
			0xbc, 0x22, 0x00, 0x80, 0xc7, 0x3c, 0x88, 0x81                             \
		}                                                                                  \
	}
#define EFI_ACPI_10_TABLE_GUID                                                                     \
	{                                                                                          \
		0xeb9d2d30, 0x2d88, 0x11d3,                                                        \
		{                                                                                  \
			0x9a, 0x16, 0x00, 0x90, 0x27, 0x3f, 0xc1, 0x4d                             \
		}                                                                                  \
	}
#define EFI_SMBIOS_TABLE_GUID                                                                      \
	{                                                                                          \
		0xeb9d2d31, 0x2d88, 0x11d3,                                                        \
		{                                                                                  \
			0x9a, 0x16, 0x00, 0x90, 0x27, 0x3f, 0xc1, 0x4d                             \
		}                                                                                  \
	}
#define EFI_SMBIOS3_TABLE_GUID                                                                     \
	{                                                                                          \
		0xf2fd1544, 0x9794, 0x4a2c,                                                        \
		{                                                                                  \
			0x99, 0x2e, 0xe5, 0xbb, 0xcf, 0x20, 0xe3, 0x94                             \
		}                                                                                  \
	}

#endif
