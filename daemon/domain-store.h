/* domain-store.h: pseriesd's catalogue of domain definitions.
 *
 * Part of daemon/: the one place that knows which domains exist.  Keeps
 * every domain in memory (indexed by name and UUID, both unique) and the
 * persistent ones on disk as STATE_DIR/domains/NAME.xml (canonical XML from
 * xml-schema, written to a temporary file and renamed into place).  A
 * persistent domain with autostart has the symlink
 * STATE_DIR/autostart/NAME.xml -> ../domains/NAME.xml.  Transient domains
 * (CreateXML) live only in memory.  The runtime side (workers, states) is
 * attached by the manager through domain_entry.userdata; the D-Bus objects
 * and the libvirt RPC backend both read the same store.
 *
 * Functions return 0 or a negative errno and, on failure, a translated
 * message in *error (g_free it):
 *   -EINVAL/-EOPNOTSUPP/-E2BIG  the XML is invalid (message "file:line: ...")
 *   -EEXIST                     name or UUID already used by another domain
 *   -ENOENT                     no such domain
 *   other                       I/O errors on the state directory
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <glib.h>

#include "pseries-domain.h"

struct domain_entry {
    char *name;
    uint8_t uuid[16];
    char uuid_str[37];
    struct pseries_domain_def *def;     /* parsed definition */
    char *xml;                          /* canonical XML of def */
    bool persistent;
    bool autostart;
    void *userdata;                     /* the manager's runtime object */
};

struct domain_store;

int domain_store_new(const char *state_dir, struct domain_store **out, char **error);
void domain_store_free(struct domain_store *s);
typedef struct domain_store DomainStore;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DomainStore, domain_store_free)

/* Load every STATE_DIR/domains/NAME.xml.  A definition that cannot be read or
 * parsed, or clashes with one already loaded, is skipped and described in
 * `problems` (translated strings, one per file); the rest load.  Returns the
 * number of domains loaded or a negative errno if the directory itself is
 * unusable. */
int domain_store_load(struct domain_store *s, GPtrArray *problems);

/* Give STATE_DIR/domains and every definition written from now on to this
 * group (read access for pseries-vm@.service, which runs as pseriesd). */
void domain_store_set_group(struct domain_store *s, gid_t gid);

struct domain_entry *domain_store_lookup_name(struct domain_store *s, const char *name);
struct domain_entry *domain_store_lookup_uuid(struct domain_store *s, const uint8_t uuid[16]);

/* Define (persistent) from XML.  A domain with the same name and UUID is
 * redefined in place (the entry pointer stays valid, *created = false); a
 * clash on only one of them is -EEXIST.  A transient domain made persistent
 * this way keeps running.  `source` names the XML in messages. */
int domain_store_define(struct domain_store *s, const char *xml, const char *source,
                        struct domain_entry **out, bool *created, char **error);

/* Add a transient domain; any clash on name or UUID is -EEXIST. */
int domain_store_add_transient(struct domain_store *s, const char *xml, const char *source,
                               struct domain_entry **out, char **error);

/* Remove the files of a persistent domain and mark it transient (the entry
 * stays, the caller drops it with domain_store_remove when it is not
 * running). */
int domain_store_make_transient(struct domain_store *s, struct domain_entry *e, char **error);

/* Forget an entry (it must be transient or already made transient). */
void domain_store_remove(struct domain_store *s, struct domain_entry *e);

int domain_store_set_autostart(struct domain_store *s, struct domain_entry *e, bool autostart,
                               char **error);

/* All entries sorted by name (the array does not own them). */
GPtrArray *domain_store_list(struct domain_store *s);
unsigned domain_store_count(struct domain_store *s);
