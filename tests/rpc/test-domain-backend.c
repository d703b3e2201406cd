/* test-domain-backend.c: in-memory domain store used only by the RPC
 * protocol tests (a test double); see test-domain-backend.h. */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include <systemd/sd-event.h>

#include <glib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "test-domain-backend.h"

typedef struct TestDomain {
        char *name;
        uint8_t uuid[DOMAIN_UUID_LEN];
        char *xml;
        int32_t id;
        int32_t state, reason;
        bool persistent, autostart;
        uint64_t mem_kib;
        uint32_t vcpus, max_vcpus;
        int console_fd;               /* the "guest" end, -1 if none */
        sd_event_source *console_io;
        GString *console_line;        /* input since the last CR */
        uint64_t flood_left;          /* bytes of 'x' still to print */
} TestDomain;

struct TestDomainBackend {
        sd_event *event;
        GPtrArray *domains;
        GPtrArray *start_waits;       /* StartWait: completions still to come */
        int32_t next_id;
        DomainEventSink sink;
        DomainEventSinkOther sink_other;
        void *sink_data;
};

static void console_close(TestDomain *d) {
        d->console_io = sd_event_source_disable_unref(d->console_io);
        if (d->console_fd >= 0)
                close(d->console_fd);
        d->console_fd = -1;
        if (d->console_line)
                g_string_truncate(d->console_line, 0);
        d->flood_left = 0;
}

static void test_domain_free(TestDomain *d) {
        console_close(d);
        if (d->console_line)
                g_string_free(d->console_line, TRUE);
        g_free(d->name);
        g_free(d->xml);
        g_free(d);
}

static void ref_of(const TestDomain *d, DomainRef *out) {
        out->name = g_strdup(d->name);
        memcpy(out->uuid, d->uuid, DOMAIN_UUID_LEN);
        out->id = d->id;
}

static void emit(TestDomainBackend *b, const TestDomain *d, int event, int detail) {
        if (!b->sink)
                return;
        DomainRef r = {};
        ref_of(d, &r);
        b->sink(b->sink_data, &r, event, detail);
        domain_ref_clear(&r);
}

static TestDomain *find_uuid(TestDomainBackend *b, const uint8_t *uuid) {
        for (guint i = 0; i < b->domains->len; i++) {
                TestDomain *d = b->domains->pdata[i];
                if (memcmp(d->uuid, uuid, DOMAIN_UUID_LEN) == 0)
                        return d;
        }
        return NULL;
}

static int no_domain(RpcError *e) {
        return rpc_error_set(e, VIR_ERR_NO_DOMAIN, VIR_FROM_DOMAIN, "Domain not found");
}

#define GET(b, uuid, e)                                    \
        TestDomain *d = find_uuid((b), (uuid));            \
        if (!d)                                            \
                return no_domain(e)

static bool parse_uuid(const char *s, uint8_t out[16]) {
        size_t n = 0;
        for (const char *p = s; *p && n < 16;) {
                if (*p == '-' || g_ascii_isspace(*p)) {
                        p++;
                        continue;
                }
                if (!g_ascii_isxdigit(p[0]) || !g_ascii_isxdigit(p[1]))
                        return false;
                out[n++] = g_ascii_xdigit_value(p[0]) << 4 | g_ascii_xdigit_value(p[1]);
                p += 2;
        }
        return n == 16;
}

static uint64_t to_kib(const char *value, const char *unit) {
        uint64_t v = g_ascii_strtoull(value, NULL, 10);
        if (!unit || !g_ascii_strcasecmp(unit, "KiB") || !g_ascii_strcasecmp(unit, "k"))
                return v;
        if (!g_ascii_strcasecmp(unit, "MiB") || !g_ascii_strcasecmp(unit, "M"))
                return v * 1024;
        if (!g_ascii_strcasecmp(unit, "GiB") || !g_ascii_strcasecmp(unit, "G"))
                return v * 1024 * 1024;
        if (!g_ascii_strcasecmp(unit, "b") || !g_ascii_strcasecmp(unit, "bytes"))
                return v / 1024;
        return v;
}

/* Parses the few things the test double needs; adds a <uuid> if missing. */
static int parse_xml(const char *xml, TestDomain *out, RpcError *e) {
        xmlDocPtr doc = xmlReadMemory(xml, (int) strlen(xml), "domain.xml", NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
        if (!doc)
                return rpc_error_set(e, VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN, "malformed domain XML");
        xmlNodePtr root = xmlDocGetRootElement(doc);
        int r = 0;
        bool have_uuid = false;
        out->vcpus = out->max_vcpus = 1;
        if (!root || xmlStrcmp(root->name, BAD_CAST "domain") != 0) {
                r = rpc_error_set(e, VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN, "root element is not <domain>");
                goto done;
        }
        for (xmlNodePtr n = root->children; n; n = n->next) {
                if (n->type != XML_ELEMENT_NODE)
                        continue;
                xmlChar *text = xmlNodeGetContent(n);
                if (!xmlStrcmp(n->name, BAD_CAST "name")) {
                        g_free(out->name);
                        out->name = g_strstrip(g_strdup((const char *) text));
                } else if (!xmlStrcmp(n->name, BAD_CAST "uuid")) {
                        if (!parse_uuid((const char *) text, out->uuid))
                                r = rpc_error_set(e, VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN, "malformed uuid element");
                        have_uuid = true;
                } else if (!xmlStrcmp(n->name, BAD_CAST "memory")) {
                        xmlChar *unit = xmlGetProp(n, BAD_CAST "unit");
                        out->mem_kib = to_kib((const char *) text, (const char *) unit);
                        xmlFree(unit);
                } else if (!xmlStrcmp(n->name, BAD_CAST "vcpu")) {
                        xmlChar *cur = xmlGetProp(n, BAD_CAST "current");
                        out->max_vcpus = (uint32_t) g_ascii_strtoull((const char *) text, NULL, 10);
                        out->vcpus = cur ? (uint32_t) g_ascii_strtoull((const char *) cur, NULL, 10) : out->max_vcpus;
                        xmlFree(cur);
                }
                xmlFree(text);
        }
        if (r < 0)
                goto done;
        if (!out->name || !out->name[0]) {
                r = rpc_error_set(e, VIR_ERR_NO_NAME, VIR_FROM_DOMAIN, "missing domain name");
                goto done;
        }
        if (!have_uuid) {
                for (int i = 0; i < 16; i++)
                        out->uuid[i] = (uint8_t) g_random_int_range(0, 256);
                out->uuid[6] = (out->uuid[6] & 0x0f) | 0x40;
                out->uuid[8] = (out->uuid[8] & 0x3f) | 0x80;
                char s[37];
                const uint8_t *u = out->uuid;
                g_snprintf(s, sizeof s,
                           "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                           u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11],
                           u[12], u[13], u[14], u[15]);
                xmlNodePtr un = xmlNewDocNode(doc, NULL, BAD_CAST "uuid", BAD_CAST s);
                xmlNodePtr first = root->children;
                for (xmlNodePtr n = root->children; n; n = n->next)
                        if (n->type == XML_ELEMENT_NODE && !xmlStrcmp(n->name, BAD_CAST "name")) {
                                first = n->next;
                                break;
                        }
                if (first)
                        xmlAddPrevSibling(first, un);
                else
                        xmlAddChild(root, un);
        }
        xmlChar *buf = NULL;
        int len = 0;
        xmlDocDumpFormatMemory(doc, &buf, &len, 0);
        /* Drop the XML declaration, as libvirt's formatter does. */
        const char *body = (const char *) buf;
        if (g_str_has_prefix(body, "<?xml")) {
                const char *nl = strchr(body, '\n');
                body = nl ? nl + 1 : body;
        }
        out->xml = g_strdup(body);
        xmlFree(buf);
done:
        xmlFreeDoc(doc);
        return r;
}

static int tb_list(void *p, DomainRef **refs, size_t *n, RpcError *e) {
        TestDomainBackend *b = p;
        (void) e;
        *refs = g_new0(DomainRef, b->domains->len ? b->domains->len : 1);
        for (guint i = 0; i < b->domains->len; i++)
                ref_of(b->domains->pdata[i], &(*refs)[i]);
        *n = b->domains->len;
        return 0;
}

static int tb_lookup_by_uuid(void *p, const uint8_t uuid[16], DomainRef *out, RpcError *e) {
        GET(p, uuid, e);
        ref_of(d, out);
        return 0;
}

static int tb_lookup_by_name(void *p, const char *name, DomainRef *out, RpcError *e) {
        TestDomainBackend *b = p;
        for (guint i = 0; i < b->domains->len; i++) {
                TestDomain *d = b->domains->pdata[i];
                if (strcmp(d->name, name) == 0) {
                        ref_of(d, out);
                        return 0;
                }
        }
        return rpc_error_set(e, VIR_ERR_NO_DOMAIN, VIR_FROM_DOMAIN, "Domain not found: no domain with matching name '%s'", name);
}

static int tb_lookup_by_id(void *p, int32_t id, DomainRef *out, RpcError *e) {
        TestDomainBackend *b = p;
        for (guint i = 0; id >= 0 && i < b->domains->len; i++) {
                TestDomain *d = b->domains->pdata[i];
                if (d->id == id) {
                        ref_of(d, out);
                        return 0;
                }
        }
        return rpc_error_set(e, VIR_ERR_NO_DOMAIN, VIR_FROM_DOMAIN, "Domain not found: no domain with matching id %d", id);
}

static int tb_define(void *p, const char *xml, uint32_t flags, DomainRef *out, RpcError *e) {
        TestDomainBackend *b = p;
        TestDomain nd = {};
        (void) flags;
        int r = parse_xml(xml, &nd, e);
        if (r < 0) {
                g_free(nd.name);
                g_free(nd.xml);
                return r;
        }
        for (guint i = 0; i < b->domains->len; i++) {
                TestDomain *d = b->domains->pdata[i];
                bool same_uuid = memcmp(d->uuid, nd.uuid, 16) == 0;
                if (strcmp(d->name, nd.name) == 0 && !same_uuid) {
                        g_free(nd.name);
                        g_free(nd.xml);
                        return rpc_error_set(e, VIR_ERR_OPERATION_FAILED, VIR_FROM_DOMAIN,
                                             "domain '%s' already exists with another uuid", d->name);
                }
                if (same_uuid) {
                        g_free(d->name);
                        g_free(d->xml);
                        d->name = nd.name;
                        d->xml = nd.xml;
                        d->mem_kib = nd.mem_kib;
                        d->vcpus = nd.vcpus;
                        d->max_vcpus = nd.max_vcpus;
                        d->persistent = true;
                        emit(b, d, VIR_DOMAIN_EVENT_DEFINED, VIR_DOMAIN_EVENT_DEFINED_UPDATED);
                        ref_of(d, out);
                        return 0;
                }
        }
        TestDomain *d = g_new0(TestDomain, 1);
        *d = nd;
        d->console_fd = -1;
        d->id = -1;
        d->state = VIR_DOMAIN_SHUTOFF;
        d->reason = VIR_DOMAIN_SHUTOFF_UNKNOWN;
        d->persistent = true;
        g_ptr_array_add(b->domains, d);
        emit(b, d, VIR_DOMAIN_EVENT_DEFINED, VIR_DOMAIN_EVENT_DEFINED_ADDED);
        ref_of(d, out);
        return 0;
}

static int tb_undefine(void *p, const uint8_t uuid[16], uint32_t flags, RpcError *e) {
        TestDomainBackend *b = p;
        (void) flags;
        GET(b, uuid, e);
        if (!d->persistent)
                return rpc_error_set(e, VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN, "cannot undefine transient domain");
        emit(b, d, VIR_DOMAIN_EVENT_UNDEFINED, VIR_DOMAIN_EVENT_UNDEFINED_REMOVED);
        if (d->id >= 0)
                d->persistent = false;
        else
                g_ptr_array_remove(b->domains, d);
        return 0;
}

static int tb_start(void *p, const uint8_t uuid[16], uint32_t flags, RpcError *e) {
        TestDomainBackend *b = p;
        GET(b, uuid, e);
        if (d->id >= 0)
                return rpc_error_set(e, VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN, "domain is already running");
        d->id = b->next_id++;
        if (flags & VIR_DOMAIN_START_PAUSED) {
                d->state = VIR_DOMAIN_PAUSED;
                d->reason = VIR_DOMAIN_PAUSED_STARTING_UP;
        } else {
                d->state = VIR_DOMAIN_RUNNING;
                d->reason = VIR_DOMAIN_RUNNING_BOOTED;
        }
        emit(b, d, VIR_DOMAIN_EVENT_STARTED, VIR_DOMAIN_EVENT_STARTED_BOOTED);
        return 0;
}

/* start_wait / create_xml_wait: the start happens at once, its completion
 * 20 ms later on the event loop (as a worker's first report would), so that
 * the server's deferred replies are exercised; at once without a loop. */
typedef struct StartWait {
        TestDomainBackend *b;
        sd_event_source *timer;
        DomainDoneFn done;
        void *userdata;
} StartWait;

static void start_wait_finish(StartWait *w, int r, const RpcError *e) {
        g_ptr_array_remove(w->b->start_waits, w);
        sd_event_source_disable_unref(w->timer);
        w->done(w->userdata, r, e);
        g_free(w);
}

static int start_wait_timer(sd_event_source *s, uint64_t usec, void *userdata) {
        (void) s;
        (void) usec;
        start_wait_finish(userdata, 0, NULL);
        return 0;
}

static void start_wait_later(TestDomainBackend *b, DomainDoneFn done, void *userdata) {
        StartWait *w = g_new0(StartWait, 1);
        w->b = b;
        w->done = done;
        w->userdata = userdata;
        g_ptr_array_add(b->start_waits, w);
        if (!b->event || sd_event_add_time_relative(b->event, &w->timer, CLOCK_MONOTONIC, 20000, 0,
                                                    start_wait_timer, w) < 0)
                start_wait_finish(w, 0, NULL);
}

static void tb_start_wait(void *p, const uint8_t uuid[16], uint32_t flags, DomainDoneFn done, void *userdata) {
        RpcError e = {};
        int r = tb_start(p, uuid, flags, &e);
        if (r < 0)
                done(userdata, r, &e);
        else
                start_wait_later(p, done, userdata);
        rpc_error_clear(&e);
}

static int tb_create_xml(void *p, const char *xml, uint32_t flags, DomainRef *out, RpcError *e);

static int tb_create_xml_wait(void *p, const char *xml, uint32_t flags, DomainRef *out, DomainDoneFn done,
                              void *userdata, RpcError *e) {
        int r = tb_create_xml(p, xml, flags, out, e);
        if (r >= 0)
                start_wait_later(p, done, userdata);
        return r;
}

static int tb_create_xml(void *p, const char *xml, uint32_t flags, DomainRef *out, RpcError *e) {
        TestDomainBackend *b = p;
        DomainRef tmp = {};
        int r = tb_define(p, xml, 0, &tmp, e);
        if (r < 0)
                return r;
        TestDomain *d = find_uuid(b, tmp.uuid);
        domain_ref_clear(&tmp);
        d->persistent = false;
        r = tb_start(p, d->uuid, flags, e);
        if (r < 0)
                return r;
        ref_of(d, out);
        return 0;
}

static void stop(TestDomainBackend *b, TestDomain *d, int reason, int detail) {
        console_close(d);
        d->id = -1;
        d->state = VIR_DOMAIN_SHUTOFF;
        d->reason = reason;
        emit(b, d, VIR_DOMAIN_EVENT_STOPPED, detail);
        if (!d->persistent)
                g_ptr_array_remove(b->domains, d);
}

static int tb_destroy(void *p, const uint8_t uuid[16], uint32_t flags, RpcError *e) {
        (void) flags;
        GET(p, uuid, e);
        if (d->id < 0)
                return rpc_error_set(e, VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN, "domain is not running");
        stop(p, d, VIR_DOMAIN_SHUTOFF_DESTROYED, VIR_DOMAIN_EVENT_STOPPED_DESTROYED);
        return 0;
}

static int tb_shutdown(void *p, const uint8_t uuid[16], uint32_t flags, RpcError *e) {
        (void) flags;
        GET(p, uuid, e);
        if (d->id < 0)
                return rpc_error_set(e, VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN, "domain is not running");
        stop(p, d, VIR_DOMAIN_SHUTOFF_SHUTDOWN, VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN);
        return 0;
}

static int tb_reboot(void *p, const uint8_t uuid[16], uint32_t flags, RpcError *e) {
        TestDomainBackend *b = p;
        (void) flags;
        GET(p, uuid, e);
        if (d->id < 0)
                return rpc_error_set(e, VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN, "domain is not running");
        if (b->sink_other) {
                DomainRef r = {};
                ref_of(d, &r);
                DomainEvent ev = { .id = VIR_DOMAIN_EVENT_ID_REBOOT, .dom = &r };
                b->sink_other(b->sink_data, &ev);
                domain_ref_clear(&r);
        }
        return 0;
}

static int tb_suspend(void *p, const uint8_t uuid[16], RpcError *e) {
        GET(p, uuid, e);
        if (d->state != VIR_DOMAIN_RUNNING)
                return rpc_error_set(e, VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN, "domain is not running");
        d->state = VIR_DOMAIN_PAUSED;
        d->reason = VIR_DOMAIN_PAUSED_USER;
        emit(p, d, VIR_DOMAIN_EVENT_SUSPENDED, VIR_DOMAIN_EVENT_SUSPENDED_PAUSED);
        return 0;
}

static int tb_resume(void *p, const uint8_t uuid[16], RpcError *e) {
        GET(p, uuid, e);
        if (d->state != VIR_DOMAIN_PAUSED)
                return rpc_error_set(e, VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN, "domain is not paused");
        d->state = VIR_DOMAIN_RUNNING;
        d->reason = VIR_DOMAIN_RUNNING_UNPAUSED;
        emit(p, d, VIR_DOMAIN_EVENT_RESUMED, VIR_DOMAIN_EVENT_RESUMED_UNPAUSED);
        return 0;
}

static int tb_get_status(void *p, const uint8_t uuid[16], DomainStatus *out, RpcError *e) {
        GET(p, uuid, e);
        *out = (DomainStatus) {
                .state = d->state,
                .reason = d->reason,
                .max_mem_kib = d->mem_kib,
                .mem_kib = d->id >= 0 ? d->mem_kib : 0,
                .n_vcpus = d->vcpus,
                .max_vcpus = d->max_vcpus,
                .persistent = d->persistent,
                .autostart = d->autostart,
                .os_type = g_strdup("hvm"),
        };
        return 0;
}

static int tb_get_xml(void *p, const uint8_t uuid[16], uint32_t flags, char **xml, RpcError *e) {
        (void) flags;
        GET(p, uuid, e);
        *xml = g_strdup(d->xml);
        return 0;
}

static int tb_set_autostart(void *p, const uint8_t uuid[16], bool autostart, RpcError *e) {
        GET(p, uuid, e);
        if (!d->persistent)
                return rpc_error_set(e, VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN, "cannot set autostart for transient domain");
        d->autostart = autostart;
        return 0;
}

/* The "guest" side of a console: echo, with CR -> CRLF as a tty would.
 * The line "flood N" makes it print N bytes of 'x' as fast as the reader
 * takes them (to test flow control); the line "bye" makes it hang up (end
 * of file from the guest's side). */
static int console_io(sd_event_source *s, int fd, uint32_t revents, void *userdata) {
        TestDomain *d = userdata;
        char buf[4096];
        if (revents & EPOLLOUT) {
                static const char xs[65536] = { [0 ... 65535] = 'x' };
                while (d->flood_left > 0) {
                        ssize_t w = write(fd, xs, MIN(d->flood_left, sizeof xs));
                        if (w <= 0)
                                break;
                        d->flood_left -= (uint64_t) w;
                }
                if (d->flood_left == 0)
                        sd_event_source_set_io_events(s, EPOLLIN);
                if (!(revents & EPOLLIN))
                        return 0;
        }
        ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0) {
                if (n < 0 && errno == EAGAIN)
                        return 0;
                console_close(d);
                return 0;
        }
        if (!d->console_line)
                d->console_line = g_string_new(NULL);
        char out[2 * sizeof buf];
        size_t olen = 0;
        for (ssize_t i = 0; i < n; i++) {
                if (buf[i] == '\r') {
                        out[olen++] = '\r';
                        out[olen++] = '\n';
                        if (g_str_has_prefix(d->console_line->str, "flood ")) {
                                d->flood_left = g_ascii_strtoull(d->console_line->str + 6, NULL, 10);
                                sd_event_source_set_io_events(s, EPOLLIN | EPOLLOUT);
                        }
                        if (strcmp(d->console_line->str, "bye") == 0) {
                                (void) !write(fd, out, olen);
                                console_close(d);
                                return 0;
                        }
                        g_string_truncate(d->console_line, 0);
                } else {
                        out[olen++] = buf[i];
                        if (d->console_line->len < 256)
                                g_string_append_c(d->console_line, buf[i]);
                }
        }
        /* Echo; what the reader has no room for is dropped, as a slow tty would. */
        (void) !write(fd, out, olen);
        return 0;
}

static int tb_open_console(void *p, const uint8_t uuid[16], const char *device, uint32_t flags, int *fd,
                           RpcError *e) {
        TestDomainBackend *b = p;
        GET(b, uuid, e);
        if (!b->event)
                return rpc_error_set(e, VIR_ERR_OPERATION_UNSUPPORTED, VIR_FROM_DOMAIN, "no consoles without an event loop");
        if (device && strcmp(device, "console0") != 0 && strcmp(device, "serial0") != 0)
                return rpc_error_set(e, VIR_ERR_INTERNAL_ERROR, VIR_FROM_DOMAIN, "cannot find character device %s", device);
        if (d->id < 0)
                return rpc_error_set(e, VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN, "domain is not running");
        if (d->console_fd >= 0 && !(flags & VIR_DOMAIN_CONSOLE_FORCE))
                return rpc_error_set(e, VIR_ERR_OPERATION_FAILED, VIR_FROM_DOMAIN,
                                     "Active console session exists for this domain");
        console_close(d);
        int sv[2];
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv) < 0)
                return rpc_error_set(e, VIR_ERR_SYSTEM_ERROR, VIR_FROM_DOMAIN, "socketpair: %s", g_strerror(errno));
        if (sd_event_add_io(b->event, &d->console_io, sv[1], EPOLLIN, console_io, d) < 0) {
                close(sv[0]);
                close(sv[1]);
                return rpc_error_set(e, VIR_ERR_INTERNAL_ERROR, VIR_FROM_DOMAIN, "cannot watch the console");
        }
        d->console_fd = sv[1];
        g_autofree char *banner = g_strdup_printf("pseries test console: %s\r\n", d->name);
        (void) !write(sv[1], banner, strlen(banner));
        *fd = sv[0];
        return 0;
}

/* ---- devices: edits the stored XML ---- */

static char *dump_doc(xmlDocPtr doc) {
        xmlChar *buf = NULL;
        int len = 0;
        xmlDocDumpFormatMemory(doc, &buf, &len, 0);
        const char *body = (const char *) buf;
        if (g_str_has_prefix(body, "<?xml")) {
                const char *nl = strchr(body, '\n');
                body = nl ? nl + 1 : body;
        }
        char *r = g_strdup(body);
        xmlFree(buf);
        return r;
}

/* The value that identifies a device element: <alias name>, <mac address>
 * or <target dev>, whichever it has. */
static char *device_key(xmlNodePtr dev) {
        static const char *const keys[][2] = { { "alias", "name" }, { "mac", "address" }, { "target", "dev" } };
        for (size_t k = 0; k < G_N_ELEMENTS(keys); k++)
                for (xmlNodePtr c = dev->children; c; c = c->next)
                        if (c->type == XML_ELEMENT_NODE && !xmlStrcmp(c->name, BAD_CAST keys[k][0])) {
                                xmlChar *v = xmlGetProp(c, BAD_CAST keys[k][1]);
                                if (v) {
                                        char *r = g_strdup_printf("%s=%s", keys[k][0], (const char *) v);
                                        xmlFree(v);
                                        return r;
                                }
                        }
        return NULL;
}

static int resolve_flags(TestDomain *d, uint32_t *flags, RpcError *e) {
        if (!(*flags & (VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG)))
                *flags |= d->id >= 0 ? VIR_DOMAIN_AFFECT_LIVE : VIR_DOMAIN_AFFECT_CONFIG;
        if ((*flags & VIR_DOMAIN_AFFECT_LIVE) && d->id < 0)
                return rpc_error_set(e, VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN, "domain is not running");
        return 0;
}

static int edit_device(TestDomainBackend *b, TestDomain *d, const char *devxml, uint32_t flags, bool attach,
                       RpcError *e) {
        int r = resolve_flags(d, &flags, e);
        if (r < 0)
                return r;
        xmlDocPtr dev = xmlReadMemory(devxml, (int) strlen(devxml), "device.xml", NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
        if (!dev || !xmlDocGetRootElement(dev)) {
                xmlFreeDoc(dev);
                return rpc_error_set(e, VIR_ERR_XML_ERROR, VIR_FROM_DOMAIN, "malformed device XML");
        }
        xmlDocPtr doc = xmlReadMemory(d->xml, (int) strlen(d->xml), "domain.xml", NULL, XML_PARSE_NONET);
        xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
        xmlNodePtr devroot = xmlDocGetRootElement(dev);
        g_autofree char *key = device_key(devroot);
        xmlNodePtr devices = NULL;
        for (xmlNodePtr n = root ? root->children : NULL; n; n = n->next)
                if (n->type == XML_ELEMENT_NODE && !xmlStrcmp(n->name, BAD_CAST "devices"))
                        devices = n;
        if (!root) {
                r = rpc_error_set(e, VIR_ERR_INTERNAL_ERROR, VIR_FROM_DOMAIN, "stored XML unreadable");
        } else if (attach) {
                if (!devices)
                        devices = xmlNewChild(root, NULL, BAD_CAST "devices", NULL);
                xmlAddChild(devices, xmlDocCopyNode(devroot, doc, 1));
        } else {
                xmlNodePtr found = NULL;
                for (xmlNodePtr n = devices ? devices->children : NULL; n && !found; n = n->next) {
                        if (n->type != XML_ELEMENT_NODE || xmlStrcmp(n->name, devroot->name))
                                continue;
                        g_autofree char *k = device_key(n);
                        if (g_strcmp0(k, key) == 0)
                                found = n;
                }
                if (!found)
                        r = rpc_error_set(e, VIR_ERR_DEVICE_MISSING, VIR_FROM_DOMAIN, "matching %s device not found",
                                          (const char *) devroot->name);
                else {
                        xmlUnlinkNode(found);
                        xmlFreeNode(found);
                }
        }
        if (r == 0) {
                g_free(d->xml);
                d->xml = dump_doc(doc);
                if ((flags & VIR_DOMAIN_AFFECT_LIVE) && b->sink_other) {
                        DomainRef ref = {};
                        ref_of(d, &ref);
                        DomainEvent ev = {
                                .id = attach ? VIR_DOMAIN_EVENT_ID_DEVICE_ADDED : VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED,
                                .dom = &ref,
                                .dev_alias = key ? strchr(key, '=') + 1 : "unknown",
                        };
                        b->sink_other(b->sink_data, &ev);
                        domain_ref_clear(&ref);
                }
        }
        xmlFreeDoc(doc);
        xmlFreeDoc(dev);
        return r;
}

static int tb_attach_device(void *p, const uint8_t uuid[16], const char *xml, uint32_t flags, RpcError *e) {
        GET(p, uuid, e);
        return edit_device(p, d, xml, flags, true, e);
}

static int tb_detach_device(void *p, const uint8_t uuid[16], const char *xml, uint32_t flags, RpcError *e) {
        GET(p, uuid, e);
        return edit_device(p, d, xml, flags, false, e);
}

/* ---- memory and vCPUs: the test double keeps one set of values ---- */

static int tb_set_memory(void *p, const uint8_t uuid[16], uint64_t kib, uint32_t flags, RpcError *e) {
        GET(p, uuid, e);
        bool maximum = flags & VIR_DOMAIN_MEM_MAXIMUM;
        flags &= ~(uint32_t) VIR_DOMAIN_MEM_MAXIMUM;
        int r = resolve_flags(d, &flags, e);
        if (r < 0)
                return r;
        if (maximum) {
                if (flags & VIR_DOMAIN_AFFECT_LIVE)
                        return rpc_error_set(e, VIR_ERR_OPERATION_INVALID, VIR_FROM_DOMAIN,
                                             "cannot resize the maximum memory on an active domain");
                d->mem_kib = kib;
                return 0;
        }
        if (kib > d->mem_kib)
                return rpc_error_set(e, VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN, "cannot set memory higher than max memory");
        return 0; /* the test double has no balloon */
}

static int tb_set_vcpus(void *p, const uint8_t uuid[16], uint32_t n, uint32_t flags, RpcError *e) {
        GET(p, uuid, e);
        bool maximum = flags & VIR_DOMAIN_VCPU_MAXIMUM;
        flags &= ~(uint32_t) (VIR_DOMAIN_VCPU_MAXIMUM | VIR_DOMAIN_VCPU_HOTPLUGGABLE);
        if (flags & VIR_DOMAIN_VCPU_GUEST)
                return rpc_error_set(e, VIR_ERR_OPERATION_UNSUPPORTED, VIR_FROM_DOMAIN, "no guest agent");
        int r = resolve_flags(d, &flags, e);
        if (r < 0)
                return r;
        if (maximum) {
                if (flags & VIR_DOMAIN_AFFECT_LIVE)
                        return rpc_error_set(e, VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                                             "cannot change the maximum vCPU count of a live domain");
                d->max_vcpus = n;
                d->vcpus = MIN(d->vcpus, n);
                return 0;
        }
        if (n > d->max_vcpus)
                return rpc_error_set(e, VIR_ERR_INVALID_ARG, VIR_FROM_DOMAIN,
                                     "requested vcpus is greater than max allowable vcpus for the domain: %u > %u",
                                     n, d->max_vcpus);
        d->vcpus = n;
        return 0;
}

static int tb_subscribe(void *p, DomainEventSink sink, void *userdata) {
        TestDomainBackend *b = p;
        b->sink = sink;
        b->sink_data = userdata;
        return 0;
}

static int tb_subscribe_other(void *p, DomainEventSinkOther sink, void *userdata) {
        TestDomainBackend *b = p;
        b->sink_other = sink;
        b->sink_data = userdata;
        return 0;
}

static void tb_unsubscribe(void *p) {
        TestDomainBackend *b = p;
        b->sink_other = NULL;
        b->sink = NULL;
        b->sink_data = NULL;
}

static const DomainBackendOps test_ops = {
        .list = tb_list,
        .lookup_by_uuid = tb_lookup_by_uuid,
        .lookup_by_name = tb_lookup_by_name,
        .lookup_by_id = tb_lookup_by_id,
        .define = tb_define,
        .undefine = tb_undefine,
        .start = tb_start,
        .create_xml = tb_create_xml,
        .start_wait = tb_start_wait,
        .create_xml_wait = tb_create_xml_wait,
        .destroy = tb_destroy,
        .shutdown = tb_shutdown,
        .reboot = tb_reboot,
        .suspend = tb_suspend,
        .resume = tb_resume,
        .get_status = tb_get_status,
        .get_xml = tb_get_xml,
        .set_autostart = tb_set_autostart,
        .subscribe = tb_subscribe,
        .unsubscribe = tb_unsubscribe,
        .subscribe_other = tb_subscribe_other,
        .attach_device = tb_attach_device,
        .detach_device = tb_detach_device,
        .set_memory = tb_set_memory,
        .set_vcpus = tb_set_vcpus,
        /* update_device: left out, answers NO_SUPPORT. */
        .open_console = tb_open_console,
        /* reset: left out on purpose, answers NO_SUPPORT. */
};

TestDomainBackend *test_domain_backend_new(void) {
        TestDomainBackend *b = g_new0(TestDomainBackend, 1);
        b->domains = g_ptr_array_new_with_free_func((GDestroyNotify) test_domain_free);
        b->start_waits = g_ptr_array_new();
        b->next_id = 1;
        return b;
}

void test_domain_backend_free(TestDomainBackend *b) {
        if (!b)
                return;
        while (b->start_waits->len > 0) {
                RpcError e = {};
                rpc_error_set(&e, VIR_ERR_OPERATION_ABORTED, VIR_FROM_DOMAIN, "the server stopped");
                start_wait_finish(b->start_waits->pdata[0], -ECANCELED, &e);
                rpc_error_clear(&e);
        }
        g_ptr_array_free(b->start_waits, TRUE);
        g_ptr_array_free(b->domains, TRUE);
        g_free(b);
}

void test_domain_backend_set_event(TestDomainBackend *b, sd_event *event) {
        b->event = event;
}

void test_domain_backend_get(TestDomainBackend *b, DomainBackend *out) {
        out->ops = &test_ops;
        out->data = b;
}
