/* test-xml-negative.c: bad domain documents are rejected, precisely.
 *
 * Part of tests/xml/ (meson suite 'unit').  A table of documents that
 * xml-schema/ must refuse: each entry names the line the error must point
 * at, words the message must contain, and the errno.  Documents whose fault
 * is syntactic (not a cross-field rule) must also be refused by
 * xml-schema/pseries-domain.rng through xmllint, so the schema and the
 * parser agree on what is supported.  A refusal with -EOPNOTSUPP ("libvirt
 * XML that pseriesd does not support") must be a document libvirt's own
 * schema accepts (virt-xml-validate).  Also checks the file reader (missing
 * file, endless /dev/zero), the size and name limits, and that an XXE
 * attempt never pulls in the referenced file.
 *
 *   test-xml-negative [PSERIES-RNG]
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "pseries-domain.h"

/* Lines 1-7; a variant starts on line 8. */
#define HEAD                                                    \
    "<domain type='qemu'>\n"                                    \
    "  <name>t</name>\n"                                        \
    "  <memory unit='MiB'>512</memory>\n"                       \
    "  <os>\n"                                                  \
    "    <type arch='ppc64le' machine='pseries'>hvm</type>\n"   \
    "    <kernel>/boot/vmlinux</kernel>\n"                      \
    "  </os>\n"
#define TAIL "</domain>\n"
#define DEVICES(x) HEAD "  <devices>\n" x "  </devices>\n" TAIL  /* x on line 9 */

struct bad {
    const char *what;
    const char *xml;
    int line;
    int err;                    /* expected negative errno */
    const char *words[4];
    bool rng_rejects;           /* pseries-domain.rng must refuse it too */
};

static const struct bad cases[] = {
    {"malformed XML (unclosed tag)",
     "<domain type='qemu'>\n  <name>t</name>\n  <memory>1</memory\n</domain>\n", 4, -EINVAL,
     {"not well-formed", "expected '>'"}, true},
    {"mismatched end tag",
     "<domain type='qemu'>\n  <name>t</nmae>\n</domain>\n", 2, -EINVAL,
     {"not well-formed", "name"}, true},
    {"wrong root", "<?xml version='1.0'?>\n<network>\n</network>\n", 2, -EINVAL,
     {"<network>", "<domain>"}, true},
    {"namespaced root", "<domain xmlns='urn:x' type='qemu'/>\n", 1, -EINVAL,
     {"namespace", "urn:x"}, true},
    {"unknown device <video>", DEVICES("    <video/>\n"), 9, -EOPNOTSUPP,
     {"<video>", "not supported by pseriesd", "remove it"}, true},
    {"unknown top-level element", HEAD "  <sysinfo type='smbios'/>\n" TAIL, 8, -EOPNOTSUPP,
     {"<sysinfo>", "<domain>", "not supported"}, true},
    {"unknown attribute", DEVICES("    <memballoon model='virtio' autodeflate='on'/>\n"), 9,
     -EOPNOTSUPP, {"autodeflate", "<memballoon>", "remove it"}, true},
    {"bad memory unit",
     "<domain type='qemu'>\n  <name>t</name>\n  <memory unit='XiB'>512</memory>\n" TAIL, 3,
     -EINVAL, {"unit='XiB'", "not a valid unit", "KiB"}, true},
    {"memory not a number",
     "<domain type='qemu'>\n  <name>t</name>\n  <memory>lots</memory>\n" TAIL, 3, -EINVAL,
     {"<memory>", "lots"}, true},
    {"negative memory",
     "<domain type='qemu'>\n  <name>t</name>\n  <memory>-5</memory>\n" TAIL, 3, -EINVAL,
     {"<memory>", "-5"}, true},
    {"memory too large", HEAD "  <currentMemory unit='EiB'>16</currentMemory>\n" TAIL, 8,
     -EINVAL, {"<currentMemory>", "too large"}, false},
    {"bad uuid", HEAD "  <uuid>1ccfd97d-5eb4-478a-bbe6-88d254c16db</uuid>\n" TAIL, 8, -EINVAL,
     {"<uuid>", "not a valid UUID"}, true},
    {"arch x86_64",
     "<domain type='qemu'>\n  <name>t</name>\n  <memory>524288</memory>\n  <os>\n"
     "    <type arch='x86_64' machine='pseries'>hvm</type>\n  </os>\n" TAIL,
     5, -EOPNOTSUPP, {"arch='x86_64'", "ppc64le"}, true},
    {"machine pc",
     "<domain type='qemu'>\n  <name>t</name>\n  <memory>524288</memory>\n  <os>\n"
     "    <type arch='ppc64le' machine='pc'>hvm</type>\n  </os>\n" TAIL,
     5, -EOPNOTSUPP, {"machine='pc'", "pseries"}, true},
    {"machine pseries-rhel", 
     "<domain type='qemu'>\n  <name>t</name>\n  <memory>524288</memory>\n  <os>\n"
     "    <type machine='pseries-rhel8.2.0'>hvm</type>\n  </os>\n" TAIL,
     5, -EOPNOTSUPP, {"pseries-rhel8.2.0", "pseries-X.Y"}, true},
    {"machine with a leading zero",
     "<domain type='qemu'>\n  <name>t</name>\n  <memory>524288</memory>\n  <os>\n"
     "    <type machine='pseries-07.2'>hvm</type>\n  </os>\n" TAIL,
     5, -EOPNOTSUPP, {"pseries-07.2"}, true},
    {"two serials on one port",
     DEVICES("    <serial type='pty'>\n      <target port='1'/>\n    </serial>\n"
             "    <serial type='pty'>\n      <target port='1'/>\n    </serial>\n"),
     0, -EINVAL, {"port='1'"}, false},
    {"os type exe",
     "<domain type='qemu'>\n  <name>t</name>\n  <memory>524288</memory>\n  <os>\n"
     "    <type>exe</type>\n  </os>\n" TAIL,
     5, -EOPNOTSUPP, {"'exe'", "hvm"}, true},
    {"bad domain id", "<domain type='qemu' id='first'>\n  <name>t</name>\n" TAIL, 1, -EINVAL,
     {"id='first'", "number"}, true},
    {"PHB 0 with another target index",
     DEVICES("    <controller type='pci' model='pci-root'>\n      <target index='2'/>\n"
             "    </controller>\n"),
     0, -EINVAL, {"index='0'", "target index='0'"}, false},
    {"relative console tty", DEVICES("    <console type='pty' tty='pts/3'/>\n"), 9, -EINVAL,
     {"tty=", "absolute"}, true},
    {"domain type xen", "<domain type='xen'>\n  <name>t</name>\n" TAIL, 1, -EOPNOTSUPP,
     {"type='xen'", "'qemu'", "'kvm'"}, true},
    {"duplicate <name>", HEAD "  <name>u</name>\n" TAIL, 8, -EINVAL,
     {"duplicate <name>", "keep only one"}, true},
    {"duplicate <os>", HEAD "  <os>\n    <type>hvm</type>\n  </os>\n" TAIL, 8, -EINVAL,
     {"duplicate <os>"}, true},
    {"duplicate <kernel>",
     "<domain type='qemu'>\n  <name>t</name>\n  <memory>524288</memory>\n  <os>\n"
     "    <type>hvm</type>\n    <kernel>/a</kernel>\n    <kernel>/b</kernel>\n  </os>\n" TAIL,
     7, -EINVAL, {"duplicate <kernel>", "<os>"}, true},
    {"vcpu 0", HEAD "  <vcpu>0</vcpu>\n" TAIL, 8, -EINVAL, {"<vcpu>", "from 1 to 1024"}, true},
    {"vcpu too many", HEAD "  <vcpu>5000</vcpu>\n" TAIL, 8, -EINVAL, {"<vcpu>", "5000"}, true},
    {"current above vcpu", HEAD "  <vcpu current='3'>2</vcpu>\n" TAIL, 8, -EINVAL,
     {"current='3'", "lower it"}, false},
    {"topology mismatch",
     HEAD "  <vcpu>4</vcpu>\n  <cpu>\n    <topology sockets='1' cores='1' threads='2'/>\n"
     "  </cpu>\n" TAIL,
     10, -EINVAL, {"<topology>", "2 vCPUs", "<vcpu> is 4", "make them equal"}, false},
    {"topology three threads",
     HEAD "  <vcpu>3</vcpu>\n  <cpu>\n    <topology sockets='1' cores='1' threads='3'/>\n"
     "  </cpu>\n" TAIL,
     10, -EINVAL, {"threads='3'", "1, 2, 4 or 8"}, true},
    {"topology with dies", 
     HEAD "  <vcpu>4</vcpu>\n  <cpu>\n    <topology sockets='1' dies='2' cores='1' threads='2'/>\n"
     "  </cpu>\n" TAIL,
     10, -EINVAL, {"dies='2'", "out of range"}, true},
    {"x86 CPU model", HEAD "  <cpu mode='custom'>\n    <model>Skylake-Client</model>\n  </cpu>\n" TAIL,
     9, -EOPNOTSUPP, {"Skylake-Client", "POWER9"}, true},
    {"host-passthrough under TCG", HEAD "  <cpu mode='host-passthrough'/>\n" TAIL, 8, -EOPNOTSUPP,
     {"host-passthrough", "type='kvm'"}, false},
    {"POWER7 little-endian",
     HEAD "  <cpu>\n    <model>POWER7</model>\n  </cpu>\n" TAIL, 0, -EOPNOTSUPP,
     {"ppc64le", "POWER8"}, false},
    {"missing <memory>",
     "<domain type='qemu'>\n  <name>t</name>\n  <os>\n    <type>hvm</type>\n  </os>\n" TAIL, 1,
     -EINVAL, {"<memory> is missing"}, true},
    {"missing <name>",
     "<domain type='qemu'>\n  <memory>524288</memory>\n  <os>\n    <type>hvm</type>\n  </os>\n"
     TAIL, 1, -EINVAL, {"<name> is missing"}, true},
    {"missing <os>", "<domain type='qemu'>\n  <name>t</name>\n  <memory>524288</memory>\n" TAIL,
     1, -EINVAL, {"<os> is missing"}, true},
    {"name with a slash", "<domain type='qemu'>\n  <name>a/b</name>\n" TAIL, 2, -EINVAL,
     {"<name>", "'/'"}, true},
    {"name dot-dot", "<domain type='qemu'>\n  <name>..</name>\n" TAIL, 2, -EINVAL,
     {"'..'"}, false},
    {"DOCTYPE with external entity (XXE)",
     "<?xml version='1.0'?>\n<!DOCTYPE domain [\n  <!ENTITY x SYSTEM 'file:///etc/passwd'>\n]>\n"
     "<domain type='qemu'>\n  <name>&x;</name>\n" TAIL,
     2, -EINVAL, {"DOCTYPE", "not allowed"}, true},
    {"billion laughs",
     "<?xml version='1.0'?>\n<!DOCTYPE d [\n <!ENTITY a 'aaaaaaaaaa'>\n"
     " <!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>\n <!ENTITY c '&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;'>\n"
     " <!ENTITY d '&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;'>\n]>\n<domain type='qemu'><name>&d;</name>"
     "</domain>\n",
     8, -EINVAL, {"not well-formed", "entity"}, true},
    {"qcow2 image",
     DEVICES("    <disk type='file'>\n      <driver name='qemu' type='qcow2'/>\n"
             "      <source file='/a.qcow2'/>\n      <target dev='vda'/>\n    </disk>\n"),
     10, -EOPNOTSUPP, {"type='qcow2'", "qemu-img convert"}, true},
    {"disk without source",
     DEVICES("    <disk type='file' device='disk'>\n      <target dev='vda'/>\n    </disk>\n"), 9,
     -EINVAL, {"<source file="}, false},
    {"cdrom on virtio",
     DEVICES("    <disk type='file' device='cdrom'>\n      <target dev='vda' bus='virtio'/>\n"
             "    </disk>\n"),
     10, -EOPNOTSUPP, {"cdrom", "bus='scsi'"}, false},
    {"disk on ide",
     DEVICES("    <disk type='file'>\n      <source file='/a'/>\n      <target dev='hda' bus='ide'/>\n"
             "    </disk>\n"),
     11, -EOPNOTSUPP, {"bus='ide'", "'scsi'", "'virtio'"}, true},
    {"relative disk path",
     DEVICES("    <disk type='file'>\n      <source file='a.img'/>\n      <target dev='vda'/>\n"
             "    </disk>\n"),
     10, -EINVAL, {"a.img", "absolute"}, true},
    {"duplicate disk target",
     DEVICES("    <disk type='file'>\n      <source file='/a'/>\n      <target dev='vda'/>\n"
             "    </disk>\n    <disk type='file'>\n      <source file='/b'/>\n"
             "      <target dev='vda'/>\n    </disk>\n"),
     0, -EINVAL, {"target dev='vda'"}, false},
    {"multicast MAC",
     DEVICES("    <interface type='user'>\n      <mac address='01:00:5e:00:00:01'/>\n"
             "    </interface>\n"),
     10, -EINVAL, {"multicast"}, true},
    {"e1000 NIC",
     DEVICES("    <interface type='user'>\n      <model type='e1000'/>\n    </interface>\n"), 10,
     -EOPNOTSUPP, {"type='e1000'", "'spapr-vlan'", "'virtio'"}, true},
    {"direct interface",
     DEVICES("    <interface type='direct'>\n      <source dev='eth0'/>\n    </interface>\n"), 9,
     -EOPNOTSUPP, {"type='direct'", "'bridge'"}, true},
    {"USB controller", DEVICES("    <controller type='usb' model='qemu-xhci'/>\n"), 9,
     -EOPNOTSUPP, {"USB is not supported", "model='none'"}, true},
    {"pcie-root", DEVICES("    <controller type='pci' index='0' model='pcie-root'/>\n"), 9,
     -EOPNOTSUPP, {"pcie-root", "pci-root"}, true},
    {"x86 feature", HEAD "  <features>\n    <acpi/>\n  </features>\n" TAIL, 9, -EOPNOTSUPP,
     {"<acpi>", "<features>", "remove it"}, true},
    {"bad feature value", HEAD "  <features>\n    <ibs value='fixed'/>\n  </features>\n" TAIL, 9,
     -EINVAL, {"value='fixed'", "fixed-ibs"}, true},
    {"htm without state", HEAD "  <features>\n    <htm/>\n  </features>\n" TAIL, 9, -EINVAL,
     {"<htm>", "state="}, true},
    {"odd hpt page size",
     HEAD "  <features>\n    <hpt>\n      <maxpagesize unit='KiB'>3</maxpagesize>\n"
     "    </hpt>\n  </features>\n" TAIL,
     10, -EINVAL, {"<maxpagesize>", "power of two"}, false},
    {"clock timezone", HEAD "  <clock offset='timezone' timezone='Europe/Paris'/>\n" TAIL, 8,
     -EOPNOTSUPP, {"timezone", "<clock>"}, true},
    {"clock timer", HEAD "  <clock offset='utc'>\n    <timer name='rtc'/>\n  </clock>\n" TAIL,
     9, -EOPNOTSUPP, {"<timer>", "<clock>"}, true},
    {"coredump on crash", HEAD "  <on_crash>coredump-destroy</on_crash>\n" TAIL, 8,
     -EOPNOTSUPP, {"coredump-destroy", "preserve"}, true},
    {"trailing blank after a number",
     "<domain type='qemu'>\n  <name>t</name>\n  <memory>2048 </memory>\n" TAIL, 3, -EINVAL,
     {"<memory>", "2048 "}, true},
    {"maxMemory below memory", HEAD "  <maxMemory slots='2' unit='MiB'>256</maxMemory>\n" TAIL,
     0, -EINVAL, {"<maxMemory>", "less than <memory>"}, false},
    {"dimm without maxMemory",
     DEVICES("    <memory model='dimm'>\n      <target>\n        <size unit='MiB'>256</size>\n"
             "      </target>\n    </memory>\n"),
     0, -EINVAL, {"<maxMemory"}, false},
    {"dimm not a multiple of 256 MiB",
     DEVICES("    <memory model='dimm'>\n      <target>\n        <size unit='MiB'>100</size>\n"
             "      </target>\n    </memory>\n"),
     11, -EINVAL, {"256 MiB"}, false},
    {"initrd without kernel",
     "<domain type='qemu'>\n  <name>t</name>\n  <memory>524288</memory>\n  <os>\n"
     "    <type>hvm</type>\n    <initrd>/i</initrd>\n  </os>\n" TAIL,
     0, -EINVAL, {"<initrd>", "<kernel>"}, false},
    {"pflash loader",
     "<domain type='qemu'>\n  <name>t</name>\n  <memory>524288</memory>\n  <os>\n"
     "    <type>hvm</type>\n    <loader type='pflash'>/f</loader>\n  </os>\n" TAIL,
     6, -EOPNOTSUPP, {"type='pflash'", "'rom'"}, true},
    {"boot from floppy",
     "<domain type='qemu'>\n  <name>t</name>\n  <memory>524288</memory>\n  <os>\n"
     "    <type>hvm</type>\n    <boot dev='fd'/>\n  </os>\n" TAIL,
     6, -EOPNOTSUPP, {"dev='fd'", "'network'"}, true},
    {"console on another device than serial 0",
     DEVICES("    <serial type='pty'/>\n    <console type='file'>\n      <source path='/l'/>\n"
             "    </console>\n"),
     10, -EINVAL, {"<console>", "same device"}, false},
    {"virtio console", DEVICES("    <console type='pty'>\n      <target type='virtio'/>\n"
                               "    </console>\n"),
     10, -EOPNOTSUPP, {"type='virtio'", "'serial'"}, true},
    {"tcp serial", DEVICES("    <serial type='tcp'/>\n"), 9, -EOPNOTSUPP,
     {"type='tcp'", "'pty'"}, true},
    {"same spapr-vio reg twice",
     DEVICES("    <serial type='pty'>\n      <address type='spapr-vio' reg='0x1000'/>\n"
             "    </serial>\n    <nvram>\n      <address type='spapr-vio' reg='0x1000'/>\n"
             "    </nvram>\n"),
     0, -EINVAL, {"reg='0x1000'"}, false},
    {"PCI slot 0", DEVICES("    <rng model='virtio'>\n      <backend model='random'/>\n"
                           "      <address type='pci' slot='0'/>\n    </rng>\n"),
     11, -EINVAL, {"slot='0'", "out of range"}, true},
    {"PCI bus without host bridge",
     DEVICES("    <rng model='virtio'>\n      <backend model='random'/>\n"
             "      <address type='pci' bus='2' slot='1'/>\n    </rng>\n"),
     0, -EINVAL, {"bus 0x02", "pci-root"}, false},
    {"emulated TPM model for passthrough",
     DEVICES("    <tpm model='tpm-spapr'>\n      <backend type='passthrough'/>\n    </tpm>\n"), 9,
     -EOPNOTSUPP, {"tpm-spapr", "spapr-tpm-proxy"}, true},
    {"x86 TPM model",
     DEVICES("    <tpm model='tpm-crb'>\n      <backend type='emulator'/>\n    </tpm>\n"), 9,
     -EOPNOTSUPP, {"model='tpm-crb'", "tpm-spapr"}, true},
    {"isa panic", DEVICES("    <panic model='isa'/>\n"), 9, -EOPNOTSUPP,
     {"model='isa'", "'pseries'"}, true},
    {"text in <devices>", DEVICES("    hello\n"), 8, -EINVAL, {"unexpected text", "<devices>"},
     true},
    {"metadata without namespace", HEAD "  <metadata>\n    <info/>\n  </metadata>\n" TAIL, 9,
     -EINVAL, {"<metadata>", "namespace"}, true},
    {"text in metadata", HEAD "  <metadata>\n    loose text\n  </metadata>\n" TAIL, 8,
     -EINVAL, {"<metadata>", "text"}, true},
    {"control character in cmdline",
     "<domain type='qemu'>\n  <name>t</name>\n  <memory>524288</memory>\n  <os>\n"
     "    <type>hvm</type>\n    <kernel>/k</kernel>\n    <cmdline>a&#1;b</cmdline>\n  </os>\n" TAIL,
     7, -EINVAL, {"not well-formed"}, true},
};

static bool contains(const char *hay, const char *needle)
{
    return hay && strstr(hay, needle) != NULL;
}

/* Run argv with the document as a temporary file in place of "@";
 * true when the command exits non-zero. */
static bool tool_refuses(const char *const *tmpl, const char *xml, char **out)
{
    g_autofree char *path = NULL;
    GError *e = NULL;
    int fd = g_file_open_tmp("pseries-neg-XXXXXX.xml", &path, &e);
    if (fd < 0) {
        *out = g_strdup(e->message);
        g_error_free(e);
        return false;
    }
    close(fd);
    g_file_set_contents(path, xml, -1, NULL);
    const char *argv[8];
    int n = 0;
    for (; tmpl[n] && n < 7; n++)
        argv[n] = strcmp(tmpl[n], "@") == 0 ? path : tmpl[n];
    argv[n] = NULL;
    int status = 0;
    g_autofree char *sout = NULL, *serr = NULL;
    gboolean ran = g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                &sout, &serr, &status, NULL);
    unlink(path);
    *out = g_strdup_printf("%s%s", sout ? sout : "", serr ? serr : "");
    return ran && !g_spawn_check_wait_status(status, NULL);
}

/* xmllint --relaxng RNG on the document; true when xmllint refuses it. */
static bool rng_refuses(const char *rng, const char *xml, char **out)
{
    return tool_refuses((const char *[]){"xmllint", "--noout", "--nonet", "--relaxng", rng, "@",
                                         NULL},
                        xml, out);
}

static int check(const char *what, const char *xml, size_t len, int want_line, int want_err,
                 const char *const *words)
{
    struct pseries_xml_error err = {0};
    struct pseries_domain_def *def = NULL;
    int r = pseries_domain_def_parse_memory(xml, len, "domain.xml", &def, &err);
    int bad = 0;
    g_autofree char *full = pseries_xml_error_to_string(&err);
    if (r >= 0) {
        printf("FAIL %s: accepted\n", what);
        pseries_domain_def_free(def);
        return 1;
    }
    if (def) {
        printf("FAIL %s: *out set on failure\n", what);
        bad = 1;
    }
    if (r != want_err) {
        printf("FAIL %s: returned %d (%s), expected %d\n", what, r, g_strerror(-r), want_err);
        bad = 1;
    }
    if (err.line != want_line) {
        printf("FAIL %s: line %d, expected %d\n", what, err.line, want_line);
        bad = 1;
    }
    if (g_strcmp0(err.file, "domain.xml") != 0) {
        printf("FAIL %s: file '%s'\n", what, err.file ? err.file : "(null)");
        bad = 1;
    }
    g_autofree char *prefix = want_line ? g_strdup_printf("domain.xml:%d: ", want_line)
                                        : g_strdup("domain.xml: ");
    if (!g_str_has_prefix(full, prefix)) {
        printf("FAIL %s: message does not start with '%s'\n", what, prefix);
        bad = 1;
    }
    for (int i = 0; words[i]; i++) {
        if (!contains(err.message, words[i])) {
            printf("FAIL %s: message lacks '%s'\n", what, words[i]);
            bad = 1;
        }
    }
    printf("%s %s: %s\n", bad ? "    " : "ok  ", what, full);
    pseries_xml_error_clear(&err);
    return bad;
}

int main(int argc, char **argv)
{
    const char *rng = argc > 1 ? argv[1] : NULL;
    int failures = 0;

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        const struct bad *c = &cases[i];
        failures += check(c->what, c->xml, strlen(c->xml), c->line, c->err, c->words);
        if (rng && c->rng_rejects) {
            g_autofree char *out = NULL;
            if (!rng_refuses(rng, c->xml, &out)) {
                printf("FAIL %s: pseries-domain.rng accepts it: %s\n", c->what, out);
                failures++;
            }
        }
        /* -EOPNOTSUPP means "libvirt XML that pseriesd does not support":
         * libvirt's own schema must accept the document then. */
        if (rng && c->err == -EOPNOTSUPP) {
            g_autofree char *out = NULL;
            if (tool_refuses((const char *[]){"virt-xml-validate", "@", "domain", NULL}, c->xml,
                             &out)) {
                printf("FAIL %s: -EOPNOTSUPP but libvirt's schema refuses it too: %s\n",
                       c->what, out);
                failures++;
            }
        }
    }

    /* A name one byte over the limit, and one at the limit. */
    g_autofree char *longname = g_strnfill(PSERIES_NAME_MAX + 1, 'n');
    g_autofree char *doc = g_strdup_printf("<domain type='qemu'>\n  <name>%s</name>\n" TAIL,
                                           longname);
    failures += check("overly long name", doc, strlen(doc), 2, -E2BIG,
                      (const char *[]){"<name>", "too long", NULL});
    longname[PSERIES_NAME_MAX] = '\0';
    g_free(doc);
    doc = g_strdup_printf("<domain type='qemu'>\n  <name>%s</name>\n  <memory>524288</memory>\n"
                          "  <os><type>hvm</type></os>\n" TAIL, longname);
    {
        struct pseries_domain_def *def = NULL;
        struct pseries_xml_error err = {0};
        if (pseries_domain_def_parse_memory(doc, strlen(doc), "x", &def, &err) < 0) {
            printf("FAIL name of %d bytes refused: %s\n", PSERIES_NAME_MAX, err.message);
            failures++;
        }
        pseries_domain_def_free(def);
        pseries_xml_error_clear(&err);
    }

    /* A huge bad value is quoted, but the message stays bounded. */
    {
        GString *d = g_string_new("<domain type='qemu'>\n  <name>t</name>\n  <memory>");
        for (int i = 0; i < 100000; i++)
            g_string_append(d, "x");
        g_string_append(d, "</memory>\n" TAIL);
        struct pseries_domain_def *def = NULL;
        struct pseries_xml_error err = {0};
        int r = pseries_domain_def_parse_memory(d->str, d->len, "big.xml", &def, &err);
        if (r != -EINVAL || !err.message || strlen(err.message) > 1100 || err.line != 3) {
            printf("FAIL huge value: r=%d len=%zu\n", r, err.message ? strlen(err.message) : 0);
            failures++;
        } else {
            printf("ok   huge value: message of %zu bytes\n", strlen(err.message));
        }
        pseries_xml_error_clear(&err);
        g_string_free(d, TRUE);
    }

    /* Too many devices. */
    GString *many = g_string_new(HEAD "  <devices>\n");
    for (int i = 0; i <= PSERIES_MAX_SERIALS; i++)
        g_string_append(many, "    <serial type='pty'/>\n");
    g_string_append(many, "  </devices>\n" TAIL);
    failures += check("too many serials", many->str, many->len, 9 + PSERIES_MAX_SERIALS, -E2BIG,
                      (const char *[]){"too many", NULL});
    g_string_free(many, TRUE);

    /* Over the document size limit: refused before parsing. */
    gsize big = PSERIES_XML_MAX_DOC_SIZE + 1;
    g_autofree char *huge = g_malloc(big);
    memset(huge, ' ', big);
    memcpy(huge, "<domain>", 8);
    failures += check("document over 1 MiB", huge, big, 0, -E2BIG,
                      (const char *[]){"too large", NULL});
    failures += check("empty document", "", 0, 0, -EINVAL, (const char *[]){"empty", NULL});
    failures += check("NUL in document", "<domain\0 type='qemu'/>", 22, 1, -EINVAL,
                      (const char *[]){"not well-formed", NULL});

    /* The file reader. */
    struct pseries_xml_error err = {0};
    struct pseries_domain_def *def = NULL;
    int r = pseries_domain_def_parse_file("/nonexistent/dir/x.xml", &def, &err);
    if (r != -ENOENT || !contains(err.file, "/nonexistent/dir/x.xml") || def) {
        printf("FAIL missing file: r=%d file=%s\n", r, err.file);
        failures++;
    } else {
        printf("ok   missing file: %s: %s\n", err.file, err.message);
    }
    pseries_xml_error_clear(&err);
    r = pseries_domain_def_parse_file("/dev/zero", &def, &err);
    if (r != -E2BIG || def) {
        printf("FAIL /dev/zero: r=%d\n", r);
        failures++;
    } else {
        printf("ok   /dev/zero: %s\n", err.message);
    }
    pseries_xml_error_clear(&err);

    printf("%s: %d failure(s)\n", failures ? "FAIL" : "PASS", failures);
    return failures ? 1 : 0;
}
