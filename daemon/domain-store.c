/* domain-store.c: pseriesd's catalogue of domain definitions, in memory and
 * in STATE_DIR/domains (see domain-store.h). */
#include "domain-store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "log.h"

struct domain_store {
    char *domains_dir;
    char *autostart_dir;
    GHashTable *by_name;        /* name -> entry (owns entries) */
    GHashTable *by_uuid;        /* uuid_str -> entry */
    bool have_group;
    gid_t group;                /* group of the definition files */
};

static void entry_free(struct domain_entry *e)
{
    if (!e)
        return;
    g_free(e->name);
    pseries_domain_def_free(e->def);
    g_free(e->xml);
    g_free(e);
}

static int mkdir_p(const char *path, int mode, char **error)
{
    if (g_mkdir_with_parents(path, mode) < 0) {
        int r = -errno;
        *error = g_strdup_printf(_("cannot create directory %s: %s"), path, g_strerror(errno));
        return r;
    }
    return 0;
}

int domain_store_new(const char *state_dir, struct domain_store **out, char **error)
{
    g_autoptr(DomainStore) s = g_new0(struct domain_store, 1);
    int r;

    s->domains_dir = g_build_filename(state_dir, "domains", NULL);
    s->autostart_dir = g_build_filename(state_dir, "autostart", NULL);
    s->by_name = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                       (GDestroyNotify)entry_free);
    s->by_uuid = g_hash_table_new(g_str_hash, g_str_equal);
    r = mkdir_p(s->domains_dir, 0750, error);
    if (r < 0)
        return r;
    r = mkdir_p(s->autostart_dir, 0755, error);
    if (r < 0)
        return r;
    *out = g_steal_pointer(&s);
    return 0;
}

void domain_store_free(struct domain_store *s)
{
    if (!s)
        return;
    g_hash_table_destroy(s->by_uuid);
    g_hash_table_destroy(s->by_name);
    g_free(s->domains_dir);
    g_free(s->autostart_dir);
    g_free(s);
}

static char *domain_path(struct domain_store *s, const char *name)
{
    g_autofree char *file = g_strconcat(name, ".xml", NULL);
    return g_build_filename(s->domains_dir, file, NULL);
}

static char *autostart_path(struct domain_store *s, const char *name)
{
    g_autofree char *file = g_strconcat(name, ".xml", NULL);
    return g_build_filename(s->autostart_dir, file, NULL);
}

/* Parse and canonicalise: a new unattached entry. */
static int entry_from_xml(const char *xml, const char *source, struct domain_entry **out,
                          char **error)
{
    struct pseries_xml_error xerr = {};
    g_autoptr(PseriesDomainDef) def = NULL;
    g_autofree char *canonical = NULL;
    const char *why = NULL;
    size_t len = strlen(xml);
    int r;

    if (len > PSERIES_XML_MAX_DOC_SIZE) {
        *error = g_strdup_printf(_("%s: the XML is larger than %d bytes"), source,
                                 PSERIES_XML_MAX_DOC_SIZE);
        return -E2BIG;
    }
    r = pseries_domain_def_parse_memory(xml, len, source, &def, &xerr);
    if (r < 0) {
        *error = xerr.message ? pseries_xml_error_to_string(&xerr)
                              : g_strdup_printf(_("%s: invalid domain XML: %s"), source,
                                                g_strerror(-r));
        pseries_xml_error_clear(&xerr);
        return r;
    }
    /* The name becomes a file name: check it even if the parser did. */
    if (pseries_domain_name_validate(def->name, &why) < 0) {
        *error = g_strdup_printf(_("%s: invalid domain name '%s': %s"), source, def->name,
                                 why ? why : _("not allowed"));
        return -EINVAL;
    }
    r = pseries_domain_def_format(def, &canonical);
    if (r < 0) {
        *error = g_strdup_printf(_("%s: cannot format the domain XML: %s"), source,
                                 g_strerror(-r));
        return r;
    }

    struct domain_entry *e = g_new0(struct domain_entry, 1);
    e->name = g_strdup(def->name);
    memcpy(e->uuid, def->uuid, 16);
    pseries_uuid_format(e->uuid, e->uuid_str);
    e->def = g_steal_pointer(&def);
    e->xml = g_steal_pointer(&canonical);
    *out = e;
    return 0;
}

static void insert(struct domain_store *s, struct domain_entry *e)
{
    g_hash_table_insert(s->by_name, e->name, e);
    g_hash_table_insert(s->by_uuid, e->uuid_str, e);
}

void domain_store_set_group(struct domain_store *s, gid_t gid)
{
    s->have_group = true;
    s->group = gid;
    if (chown(s->domains_dir, (uid_t)-1, gid) < 0)
        log_warning(_("cannot give %s to group %u: %s"), s->domains_dir, (unsigned)gid,
                    g_strerror(errno));
}

static int write_definition(struct domain_store *s, const struct domain_entry *e, char **error)
{
    g_autofree char *path = domain_path(s, e->name);
    g_autoptr(GError) gerr = NULL;

    /* Temporary file in the same directory, fsync, rename over the old one. */
    if (!g_file_set_contents_full(path, e->xml, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0640,
                                  &gerr)) {
        *error = g_strdup_printf(_("cannot save the definition of '%s': %s"), e->name,
                                 gerr->message);
        return -EIO;
    }
    if (s->have_group && chown(path, (uid_t)-1, s->group) < 0) {
        int r = -errno;
        *error = g_strdup_printf(_("cannot give %s to the group of the VM workers: %s"), path,
                                 g_strerror(errno));
        return r;
    }
    return 0;
}

int domain_store_load(struct domain_store *s, GPtrArray *problems)
{
    g_autoptr(GDir) dir = NULL;
    g_autoptr(GError) gerr = NULL;
    const char *file;
    int loaded = 0;

    dir = g_dir_open(s->domains_dir, 0, &gerr);
    if (!dir) {
        g_ptr_array_add(problems, g_strdup_printf(_("cannot read %s: %s"), s->domains_dir,
                                                  gerr->message));
        return -EIO;
    }
    while ((file = g_dir_read_name(dir))) {
        g_autofree char *path = NULL;
        g_autofree char *contents = NULL;
        g_autofree char *error = NULL;
        g_autofree char *expected = NULL;
        g_autoptr(GError) rerr = NULL;
        struct domain_entry *e = NULL;
        gsize len;

        if (!g_str_has_suffix(file, ".xml") || file[0] == '.')
            continue;
        path = g_build_filename(s->domains_dir, file, NULL);
        if (!g_file_get_contents(path, &contents, &len, &rerr)) {
            g_ptr_array_add(problems, g_strdup_printf(_("skipping %s: %s"), path, rerr->message));
            continue;
        }
        if (strlen(contents) != len) {
            g_ptr_array_add(problems, g_strdup_printf(_("skipping %s: it contains a NUL byte"),
                                                      path));
            continue;
        }
        if (entry_from_xml(contents, path, &e, &error) < 0) {
            g_ptr_array_add(problems, g_strdup_printf(_("skipping %s"), error));
            continue;
        }
        expected = g_strconcat(e->name, ".xml", NULL);
        if (strcmp(expected, file) != 0) {
            g_ptr_array_add(problems,
                            g_strdup_printf(_("skipping %s: it defines '%s', so it should be named %s"),
                                            path, e->name, expected));
            entry_free(e);
            continue;
        }
        struct domain_entry *other = g_hash_table_lookup(s->by_uuid, e->uuid_str);
        if (other) {
            g_ptr_array_add(problems,
                            g_strdup_printf(_("skipping %s: its UUID %s is already used by '%s'"),
                                            path, e->uuid_str, other->name));
            entry_free(e);
            continue;
        }
        e->persistent = true;
        g_autofree char *link = autostart_path(s, e->name);
        e->autostart = g_file_test(link, G_FILE_TEST_EXISTS);
        insert(s, e);
        loaded++;
    }
    return loaded;
}

struct domain_entry *domain_store_lookup_name(struct domain_store *s, const char *name)
{
    return g_hash_table_lookup(s->by_name, name);
}

struct domain_entry *domain_store_lookup_uuid(struct domain_store *s, const uint8_t uuid[16])
{
    char str[37];

    pseries_uuid_format(uuid, str);
    return g_hash_table_lookup(s->by_uuid, str);
}

/* Does `e` (not in the store yet) clash with an entry?  The same name with
 * the same UUID is not a clash: that is a redefinition. */
static int check_clash(struct domain_store *s, const struct domain_entry *e, char **error)
{
    struct domain_entry *by_name = g_hash_table_lookup(s->by_name, e->name);
    struct domain_entry *by_uuid = g_hash_table_lookup(s->by_uuid, e->uuid_str);

    if (by_name && by_name != by_uuid) {
        *error = g_strdup_printf(_("domain '%s' already exists with UUID %s"), by_name->name,
                                 by_name->uuid_str);
        return -EEXIST;
    }
    if (by_uuid && by_uuid != by_name) {
        *error = g_strdup_printf(_("domain '%s' already has UUID %s"), by_uuid->name,
                                 by_uuid->uuid_str);
        return -EEXIST;
    }
    return 0;
}

int domain_store_define(struct domain_store *s, const char *xml, const char *source,
                        struct domain_entry **out, bool *created, char **error)
{
    struct domain_entry *e = NULL, *old;
    int r;

    r = entry_from_xml(xml, source, &e, error);
    if (r < 0)
        return r;
    r = check_clash(s, e, error);
    if (r < 0) {
        entry_free(e);
        return r;
    }
    r = write_definition(s, e, error);
    if (r < 0) {
        entry_free(e);
        return r;
    }
    old = g_hash_table_lookup(s->by_name, e->name);
    if (old) {
        /* Redefinition: swap the definition into the existing entry. */
        pseries_domain_def_free(old->def);
        g_free(old->xml);
        old->def = g_steal_pointer(&e->def);
        old->xml = g_steal_pointer(&e->xml);
        old->persistent = true;
        entry_free(e);
        *out = old;
        *created = false;
        return 0;
    }
    e->persistent = true;
    insert(s, e);
    *out = e;
    *created = true;
    return 0;
}

int domain_store_add_transient(struct domain_store *s, const char *xml, const char *source,
                               struct domain_entry **out, char **error)
{
    struct domain_entry *e = NULL, *other;
    int r;

    r = entry_from_xml(xml, source, &e, error);
    if (r < 0)
        return r;
    other = g_hash_table_lookup(s->by_name, e->name);
    if (!other)
        other = g_hash_table_lookup(s->by_uuid, e->uuid_str);
    if (other) {
        *error = g_strdup_printf(_("domain '%s' already exists with UUID %s"), other->name,
                                 other->uuid_str);
        entry_free(e);
        return -EEXIST;
    }
    insert(s, e);
    *out = e;
    return 0;
}

static int unlink_if_present(const char *path, char **error)
{
    if (unlink(path) < 0 && errno != ENOENT) {
        int r = -errno;
        *error = g_strdup_printf(_("cannot remove %s: %s"), path, g_strerror(errno));
        return r;
    }
    return 0;
}

int domain_store_make_transient(struct domain_store *s, struct domain_entry *e, char **error)
{
    g_autofree char *path = domain_path(s, e->name);
    g_autofree char *link = autostart_path(s, e->name);
    int r;

    if (!e->persistent) {
        *error = g_strdup_printf(_("domain '%s' is transient, there is no definition to remove"),
                                 e->name);
        return -EBUSY;
    }
    r = unlink_if_present(link, error);
    if (r < 0)
        return r;
    r = unlink_if_present(path, error);
    if (r < 0)
        return r;
    e->persistent = false;
    e->autostart = false;
    return 0;
}

void domain_store_remove(struct domain_store *s, struct domain_entry *e)
{
    g_hash_table_remove(s->by_uuid, e->uuid_str);
    g_hash_table_remove(s->by_name, e->name);     /* frees e */
}

int domain_store_set_autostart(struct domain_store *s, struct domain_entry *e, bool autostart,
                               char **error)
{
    g_autofree char *link = autostart_path(s, e->name);
    g_autofree char *target = NULL;
    int r;

    if (!e->persistent) {
        *error = g_strdup_printf(_("domain '%s' is transient and cannot be started automatically"),
                                 e->name);
        return -EBUSY;
    }
    if (autostart == e->autostart)
        return 0;
    if (autostart) {
        g_autofree char *file = g_strconcat(e->name, ".xml", NULL);
        target = g_build_filename("..", "domains", file, NULL);
        r = unlink_if_present(link, error);
        if (r < 0)
            return r;
        if (symlink(target, link) < 0) {
            r = -errno;
            *error = g_strdup_printf(_("cannot create %s: %s"), link, g_strerror(errno));
            return r;
        }
    } else {
        r = unlink_if_present(link, error);
        if (r < 0)
            return r;
    }
    e->autostart = autostart;
    return 0;
}

static gint compare_by_name(gconstpointer a, gconstpointer b)
{
    const struct domain_entry *x = *(const struct domain_entry *const *)a;
    const struct domain_entry *y = *(const struct domain_entry *const *)b;

    return strcmp(x->name, y->name);
}

GPtrArray *domain_store_list(struct domain_store *s)
{
    GPtrArray *list = g_ptr_array_sized_new(g_hash_table_size(s->by_name));
    GHashTableIter it;
    gpointer value;

    g_hash_table_iter_init(&it, s->by_name);
    while (g_hash_table_iter_next(&it, NULL, &value))
        g_ptr_array_add(list, value);

    g_ptr_array_sort(list, compare_by_name);
    return list;
}

unsigned domain_store_count(struct domain_store *s)
{
    return g_hash_table_size(s->by_name);
}
