/* pseries-domain.h: the libvirt domain XML dialect of pseriesd.
 *
 * Public API of xml-schema/ (static library xml_schema_lib): the C model of
 * one pSeries domain (struct pseries_domain_def), its parser (libxml2, with
 * file/line-numbered errors), the canonical formatter (libvirt element order,
 * defaults filled in) and semantic validation.  Used by the worker
 * (`pseries-vm DOMAIN.xml`) and by the daemon (libvirt RPC and D-Bus).
 *
 * Ownership: every pointer in a def is owned by the def and freed by
 * pseries_domain_def_free().  All functions return 0 or a negative errno:
 *   -EINVAL      malformed XML or an invalid value
 *   -EOPNOTSUPP  well-formed libvirt XML that pseriesd does not support
 *   -E2BIG       a document or a list over the limits below
 *   -ENOMEM      allocation failure
 *   other        errors from reading the file (open/read errno)
 * and on failure fill a struct pseries_xml_error when one is passed.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

/* ---- limits ------------------------------------------------------------ */
#define PSERIES_XML_MAX_DOC_SIZE   (1024 * 1024)    /* bytes of XML */
#define PSERIES_NAME_MAX           200              /* bytes */
#define PSERIES_TITLE_MAX          1024
#define PSERIES_DESCRIPTION_MAX    (64 * 1024)
#define PSERIES_METADATA_MAX       (64 * 1024)      /* bytes, all children */
#define PSERIES_CMDLINE_MAX        2047             /* powerpc COMMAND_LINE_SIZE - 1 */
#define PSERIES_PATH_MAX           4095
#define PSERIES_MAX_VCPUS          1024
#define PSERIES_MAX_MEMORY_KIB     (16ULL << 30)    /* 16 TiB */
#define PSERIES_MAX_MEMORY_SLOTS   256
#define PSERIES_MAX_BOOT_DEVS      4
#define PSERIES_MAX_DISKS          64
#define PSERIES_MAX_INTERFACES     32
#define PSERIES_MAX_CONTROLLERS    32
#define PSERIES_MAX_PHBS           8
#define PSERIES_MAX_SERIALS        8
#define PSERIES_MAX_RNGS           4
#define PSERIES_MAX_TPMS           2
#define PSERIES_MAX_DIMMS          32
#define PSERIES_DIMM_ALIGN         (256ULL << 20)   /* LMB size, bytes */

/* ---- errors ------------------------------------------------------------ */
struct pseries_xml_error {
    char *file;     /* the name given to the parser (file path or buffer name) */
    int line;       /* 1-based line of the offending element, 0 if none */
    char *message;  /* translated text, without the "file:line: " prefix */
};

void pseries_xml_error_clear(struct pseries_xml_error *err);
/* "file:line: message" (or "file: message" when line is 0); g_free() it. */
char *pseries_xml_error_to_string(const struct pseries_xml_error *err);

/* ---- enums ------------------------------------------------------------- */
enum pseries_virt_type { PSERIES_VIRT_QEMU, PSERIES_VIRT_KVM };
enum pseries_arch { PSERIES_ARCH_PPC64, PSERIES_ARCH_PPC64LE };

enum pseries_cpu_mode {
    PSERIES_CPU_MODE_CUSTOM,            /* also when <cpu> is absent */
    PSERIES_CPU_MODE_HOST_MODEL,
    PSERIES_CPU_MODE_HOST_PASSTHROUGH,
    PSERIES_CPU_MODE_MAXIMUM,
};
enum pseries_cpu_model {
    PSERIES_CPU_MODEL_DEFAULT,          /* none given: the machine's default */
    PSERIES_CPU_MODEL_POWER7,
    PSERIES_CPU_MODEL_POWER8,
    PSERIES_CPU_MODEL_POWER9,
    PSERIES_CPU_MODEL_POWER10,
};
enum pseries_cpu_check { PSERIES_CPU_CHECK_DEFAULT, PSERIES_CPU_CHECK_NONE,
                         PSERIES_CPU_CHECK_PARTIAL, PSERIES_CPU_CHECK_FULL };
enum pseries_cpu_fallback { PSERIES_CPU_FALLBACK_DEFAULT, PSERIES_CPU_FALLBACK_ALLOW,
                            PSERIES_CPU_FALLBACK_FORBID };

enum pseries_vcpu_placement { PSERIES_PLACEMENT_STATIC, PSERIES_PLACEMENT_AUTO };

/* Absent / on / off, for <htm>, <nested-hv>, <ccf-assist>. */
enum pseries_tristate { PSERIES_ABSENT, PSERIES_ON, PSERIES_OFF };

enum pseries_hpt_resizing { PSERIES_HPT_RESIZING_DEFAULT, PSERIES_HPT_RESIZING_ENABLED,
                            PSERIES_HPT_RESIZING_DISABLED, PSERIES_HPT_RESIZING_REQUIRED };

/* <cfpc>/<sbbc>/<ibs> value; the IBS-only values are listed last. */
enum pseries_cap_value {
    PSERIES_CAP_ABSENT,
    PSERIES_CAP_BROKEN,
    PSERIES_CAP_WORKAROUND,
    PSERIES_CAP_FIXED,                  /* cfpc, sbbc */
    PSERIES_CAP_FIXED_IBS,              /* ibs only */
    PSERIES_CAP_FIXED_CCD,
    PSERIES_CAP_FIXED_NA,
};

enum pseries_clock_offset { PSERIES_CLOCK_UTC, PSERIES_CLOCK_LOCALTIME,
                            PSERIES_CLOCK_VARIABLE };

enum pseries_lifecycle { PSERIES_LIFECYCLE_DESTROY, PSERIES_LIFECYCLE_RESTART,
                         PSERIES_LIFECYCLE_PRESERVE };

enum pseries_boot_dev { PSERIES_BOOT_HD, PSERIES_BOOT_CDROM, PSERIES_BOOT_NETWORK };

enum pseries_addr_type {
    PSERIES_ADDR_NONE,
    PSERIES_ADDR_SPAPR_VIO,
    PSERIES_ADDR_PCI,
    PSERIES_ADDR_DRIVE,                 /* SCSI disks: controller/bus/target/unit */
    PSERIES_ADDR_DIMM,                  /* memory devices: slot (and base) */
};

struct pseries_address {
    enum pseries_addr_type type;
    uint32_t reg;                       /* spapr-vio */
    uint32_t domain;                    /* pci */
    uint8_t bus, slot, function;        /* pci */
    uint32_t controller, drive_bus, target, unit;   /* drive */
    uint32_t dimm_slot;                 /* dimm */
    uint64_t dimm_base;                 /* dimm, 0 = not given */
};

enum pseries_disk_type { PSERIES_DISK_FILE, PSERIES_DISK_BLOCK };
enum pseries_disk_device { PSERIES_DISK_DEVICE_DISK, PSERIES_DISK_DEVICE_CDROM };
enum pseries_disk_bus { PSERIES_DISK_BUS_SCSI, PSERIES_DISK_BUS_VIRTIO };
enum pseries_disk_cache { PSERIES_CACHE_DEFAULT, PSERIES_CACHE_NONE, PSERIES_CACHE_WRITEBACK,
                          PSERIES_CACHE_WRITETHROUGH, PSERIES_CACHE_DIRECTSYNC,
                          PSERIES_CACHE_UNSAFE };

struct pseries_disk {
    enum pseries_disk_type type;
    enum pseries_disk_device device;
    enum pseries_disk_cache cache;
    char *source;                       /* file or block device path; NULL = empty cdrom */
    char *target_dev;                   /* sda, vdb, ... */
    enum pseries_disk_bus bus;
    bool readonly;                      /* always true for cdrom */
    struct pseries_address addr;        /* DRIVE (scsi) or PCI (virtio) */
};

enum pseries_net_type { PSERIES_NET_NETWORK, PSERIES_NET_BRIDGE, PSERIES_NET_USER,
                        PSERIES_NET_ETHERNET };
enum pseries_net_model { PSERIES_NET_MODEL_SPAPR_VLAN, PSERIES_NET_MODEL_VIRTIO };

struct pseries_interface {
    enum pseries_net_type type;
    char *source;                       /* network name or bridge name, else NULL */
    char *target_dev;                   /* host tap name (ethernet/bridge), optional */
    uint8_t mac[6];
    enum pseries_net_model model;
    struct pseries_address addr;        /* SPAPR_VIO (spapr-vlan) or PCI (virtio) */
};

enum pseries_controller_type { PSERIES_CONTROLLER_SCSI, PSERIES_CONTROLLER_USB,
                               PSERIES_CONTROLLER_PCI };
enum pseries_controller_model {
    PSERIES_CONTROLLER_MODEL_IBMVSCSI,          /* scsi */
    PSERIES_CONTROLLER_MODEL_VIRTIO_SCSI,       /* scsi */
    PSERIES_CONTROLLER_MODEL_USB_NONE,          /* usb */
    PSERIES_CONTROLLER_MODEL_PCI_ROOT,          /* pci: spapr-pci-host-bridge */
};

struct pseries_controller {
    enum pseries_controller_type type;
    enum pseries_controller_model model;
    unsigned index;
    unsigned target_index;              /* pci-root: the PHB's index */
    struct pseries_address addr;        /* scsi: SPAPR_VIO (ibmvscsi) or PCI */
};

enum pseries_chr_type { PSERIES_CHR_PTY, PSERIES_CHR_FILE, PSERIES_CHR_UNIX };

/* One spapr-vty.  serial[0] is also the domain's <console>. */
struct pseries_serial {
    enum pseries_chr_type type;
    char *path;                         /* file: log path; unix: socket path */
    enum pseries_tristate append;       /* file: append='on'/'off'/absent (truncate) */
    bool listen;                        /* unix: mode='bind' (else 'connect') */
    unsigned port;
    struct pseries_address addr;        /* SPAPR_VIO */
};

struct pseries_rng {
    char *backend_path;                 /* /dev/urandom, /dev/random, /dev/hwrng */
    struct pseries_address addr;        /* PCI */
};

enum pseries_tpm_model { PSERIES_TPM_SPAPR, PSERIES_TPM_SPAPR_PROXY };
enum pseries_tpm_backend { PSERIES_TPM_BACKEND_EMULATOR, PSERIES_TPM_BACKEND_PASSTHROUGH };

struct pseries_tpm {
    enum pseries_tpm_model model;
    enum pseries_tpm_backend backend;
    char *device_path;                  /* passthrough: host device, e.g. /dev/tpmrm0 */
    struct pseries_address addr;        /* tpm-spapr: SPAPR_VIO */
};

struct pseries_dimm {
    uint64_t size_kib;
    unsigned node;
    struct pseries_address addr;        /* DIMM */
};

enum pseries_balloon_model { PSERIES_BALLOON_NONE, PSERIES_BALLOON_VIRTIO };

/* ---- the domain -------------------------------------------------------- */
struct pseries_domain_def {
    enum pseries_virt_type virt_type;
    char *name;
    uint8_t uuid[16];
    char *title;                        /* NULL if absent */
    char *description;                  /* NULL if absent */
    /* <metadata>: each child element serialised as given (namespaced,
     * self-contained); kept opaque for applications such as virt-manager.
     * NULL-terminated, or NULL when there is no <metadata>. */
    char **metadata;

    /* Memory in KiB, as libvirt keeps it.  memory_kib is the total at boot
     * including DIMMs; max_memory_kib/max_memory_slots are 0 without
     * <maxMemory>. */
    uint64_t max_memory_kib;
    unsigned max_memory_slots;
    uint64_t memory_kib;
    uint64_t current_memory_kib;

    unsigned vcpus;                     /* maximum */
    unsigned current_vcpus;
    enum pseries_vcpu_placement placement;

    struct {
        bool present;                   /* <cpu> element given */
        enum pseries_cpu_mode mode;
        enum pseries_cpu_model model;
        enum pseries_cpu_check check;
        enum pseries_cpu_fallback fallback;
        bool has_topology;
        unsigned sockets, dies, cores, threads;
    } cpu;

    struct {
        enum pseries_arch arch;
        char *machine;                  /* "pseries" or "pseries-X.Y" */
        unsigned machine_major, machine_minor;  /* 0.0 for unversioned */
        char *loader;                   /* raw firmware image, or NULL */
        bool loader_readonly_set, loader_readonly;
        bool loader_type_rom;           /* type='rom' given */
        char *nvram;                    /* backing file of the NVRAM, or NULL */
        char *nvram_template;
        char *kernel, *initrd, *cmdline;
        enum pseries_boot_dev boot[PSERIES_MAX_BOOT_DEVS];
        unsigned nboot;
    } os;

    struct {
        bool hpt;                       /* <hpt> present */
        enum pseries_hpt_resizing hpt_resizing;
        uint64_t hpt_maxpagesize_kib;   /* 0 = not given */
        enum pseries_tristate htm, nested_hv, ccf_assist;
        enum pseries_cap_value cfpc, sbbc, ibs;
    } features;

    struct {
        enum pseries_clock_offset offset;
        bool has_adjustment;            /* variable only */
        long long adjustment;           /* seconds */
        bool basis_localtime;           /* variable only */
        bool adjustment_reset;          /* utc/localtime: adjustment='reset' */
    } clock;

    enum pseries_lifecycle on_poweroff, on_reboot, on_crash;

    char *emulator;                     /* NULL if absent */

    struct pseries_disk *disks; size_t ndisks;
    struct pseries_interface *interfaces; size_t ninterfaces;
    struct pseries_controller *controllers; size_t ncontrollers;
    struct pseries_serial *serials; size_t nserials;
    struct pseries_rng *rngs; size_t nrngs;
    struct pseries_tpm *tpms; size_t ntpms;
    struct pseries_dimm *dimms; size_t ndimms;

    bool has_nvram_device;              /* <devices><nvram> */
    struct pseries_address nvram_addr;
    bool has_panic;                     /* <panic model='pseries'/> */
    enum pseries_balloon_model balloon;
    struct pseries_address balloon_addr;
};

/* ---- parse / format / free --------------------------------------------- */

/* Initialise libxml2.  A multi-threaded program calls it once from main()
 * before any thread parses (libxml2's own rule); the parsers call it too,
 * which is enough for single-threaded programs. */
void pseries_xml_init(void);

/* Parse, fill in defaults (uuid, currentMemory, addresses, implicit
 * controllers, ...) and validate.  *out is set only on success. */
int pseries_domain_def_parse_file(const char *path, struct pseries_domain_def **out,
                                  struct pseries_xml_error *err);
/* `name` is used in messages in place of a file name. */
int pseries_domain_def_parse_memory(const char *buf, size_t len, const char *name,
                                    struct pseries_domain_def **out,
                                    struct pseries_xml_error *err);

/* Canonical libvirt XML (ends with a newline); g_free() the result.  The
 * def is validated first (-EINVAL, nothing written, if it is not valid). */
int pseries_domain_def_format(const struct pseries_domain_def *def, char **out);
/* The same for a running domain: <domain ... id='ID'> (ID >= 1), as libvirt
 * shows live XML.  The parser accepts and ignores id=. */
int pseries_domain_def_format_live(const struct pseries_domain_def *def, int id, char **out);
/* Deep copy (format + parse of the canonical form). */
int pseries_domain_def_copy(const struct pseries_domain_def *def,
                            struct pseries_domain_def **out);

void pseries_domain_def_free(struct pseries_domain_def *def);
/* g_autoptr(PseriesDomainDef) def = NULL; */
typedef struct pseries_domain_def PseriesDomainDef;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(PseriesDomainDef, pseries_domain_def_free)

/* Semantic checks (also run by the parsers).  Line numbers are 0 here. */
int pseries_domain_def_validate(const struct pseries_domain_def *def,
                                struct pseries_xml_error *err);

/* libvirt's rules for a domain name plus what pseriesd needs to use it as a
 * file name: 1..PSERIES_NAME_MAX bytes of UTF-8, no '/', no control
 * characters, not "." or "..".  Returns 0 or -EINVAL with *why set to a
 * static translated reason (may be NULL). */
int pseries_domain_name_validate(const char *name, const char **why);

/* ---- helpers for the worker and the daemon ----------------------------- */
const char *pseries_cpu_model_to_string(enum pseries_cpu_model model);  /* "POWER9" */
const char *pseries_arch_to_string(enum pseries_arch arch);             /* "ppc64le" */
const char *pseries_lifecycle_to_string(enum pseries_lifecycle action);
int pseries_cpu_model_from_string(const char *s, enum pseries_cpu_model *out);

/* "1ccfd97d-5eb4-478a-bbe6-88d254c16db7" into buf[37]. */
void pseries_uuid_format(const uint8_t uuid[16], char buf[37]);
int pseries_uuid_parse(const char *s, uint8_t uuid[16]);
int pseries_uuid_generate(uint8_t uuid[16]);    /* RFC 4122 v4, getrandom() */

/* Scale a libvirt (value, unit) pair to bytes; unit NULL or "" means
 * `default_unit_bytes` (1024 for KiB).  -EINVAL on a bad unit, -ERANGE on
 * overflow. */
int pseries_scale_to_bytes(unsigned long long value, const char *unit,
                           unsigned long long default_unit_bytes,
                           unsigned long long *bytes);

enum pseries_cpu_model pseries_domain_def_get_cpu_model(const struct pseries_domain_def *def);
uint64_t pseries_domain_def_get_memory_bytes(const struct pseries_domain_def *def);
/* Boot RAM from address 0: total memory minus the DIMMs. */
uint64_t pseries_domain_def_get_initial_memory_bytes(const struct pseries_domain_def *def);
uint64_t pseries_domain_def_get_max_memory_bytes(const struct pseries_domain_def *def);
unsigned pseries_domain_def_get_vcpus(const struct pseries_domain_def *def);
unsigned pseries_domain_def_get_current_vcpus(const struct pseries_domain_def *def);
/* Threads per core (1 when no topology). */
unsigned pseries_domain_def_get_threads_per_core(const struct pseries_domain_def *def);
const char *pseries_domain_def_get_kernel(const struct pseries_domain_def *def);
const char *pseries_domain_def_get_initrd(const struct pseries_domain_def *def);
const char *pseries_domain_def_get_cmdline(const struct pseries_domain_def *def);
const char *pseries_domain_def_get_loader(const struct pseries_domain_def *def);
const char *pseries_domain_def_get_nvram_path(const struct pseries_domain_def *def);
/* The console: serial[0], or NULL when the domain has no serial. */
const struct pseries_serial *pseries_domain_def_get_console(const struct pseries_domain_def *def);
