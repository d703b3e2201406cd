/* polkit.c: authorisation of control calls (see polkit.h).  Talks to
 * org.freedesktop.PolicyKit1.Authority.CheckAuthorization with the caller
 * as a "system-bus-name" subject. */
#include "polkit.h"

#include <errno.h>
#include <grp.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gi18n.h>

#include "log.h"

#define POLKIT_FLAG_ALLOW_USER_INTERACTION 1u

struct polkit_query {
    struct polkit_registry *reg;
    sd_bus_message *call;
    sd_bus_slot *slot;
    bool done;
    bool authorized;
    bool challenge;
    char *failure;              /* set if polkit could not be asked */
};

struct polkit_registry {
    sd_bus *bus;
    bool system_bus;
    bool have_group;
    gid_t group;
    GHashTable *queries;        /* sd_bus_message* -> struct polkit_query */
};

static void query_free(struct polkit_query *q)
{
    if (!q)
        return;
    sd_bus_slot_unref(q->slot);
    sd_bus_message_unref(q->call);
    g_free(q->failure);
    g_free(q);
}

struct polkit_registry *polkit_registry_new(sd_bus *bus, bool system_bus)
{
    struct polkit_registry *reg = g_new0(struct polkit_registry, 1);
    struct group *gr = getgrnam("pseriesd");

    reg->bus = sd_bus_ref(bus);
    reg->system_bus = system_bus;
    if (gr) {
        reg->have_group = true;
        reg->group = gr->gr_gid;
    }
    reg->queries = g_hash_table_new_full(NULL, NULL, NULL, (GDestroyNotify)query_free);
    return reg;
}

void polkit_registry_free(struct polkit_registry *reg)
{
    if (!reg)
        return;
    g_hash_table_destroy(reg->queries);
    sd_bus_unref(reg->bus);
    g_free(reg);
}

/* 1 if the caller is allowed without polkit, 0 if polkit must decide, <0 on
 * denial (session bus, other user) or errors. */
static int check_credentials(struct polkit_registry *reg, sd_bus_message *call,
                             sd_bus_error *error)
{
    sd_bus_creds *creds = NULL;
    uid_t euid;
    gid_t gid;
    const gid_t *gids = NULL;
    int r, n;

    r = sd_bus_query_sender_creds(call, SD_BUS_CREDS_EUID | SD_BUS_CREDS_EGID |
                                            SD_BUS_CREDS_SUPPLEMENTARY_GIDS |
                                            SD_BUS_CREDS_AUGMENT, &creds);
    if (r < 0)
        return sd_bus_error_setf(error, SD_BUS_ERROR_ACCESS_DENIED,
                                 _("Cannot identify the caller: %s"), g_strerror(-r));
    r = sd_bus_creds_get_euid(creds, &euid);
    if (r < 0) {
        sd_bus_creds_unref(creds);
        return sd_bus_error_setf(error, SD_BUS_ERROR_ACCESS_DENIED,
                                 _("Cannot identify the caller: %s"), g_strerror(-r));
    }
    if (euid == 0 || (!reg->system_bus && euid == geteuid())) {
        sd_bus_creds_unref(creds);
        return 1;
    }
    if (!reg->system_bus) {
        sd_bus_creds_unref(creds);
        return sd_bus_error_setf(error, SD_BUS_ERROR_ACCESS_DENIED,
                                 _("Only the user running this pseriesd may control it"));
    }
    if (reg->have_group) {
        if (sd_bus_creds_get_egid(creds, &gid) >= 0 && gid == reg->group) {
            sd_bus_creds_unref(creds);
            return 1;
        }
        n = sd_bus_creds_get_supplementary_gids(creds, &gids);
        for (int i = 0; i < n; i++)
            if (gids[i] == reg->group) {
                sd_bus_creds_unref(creds);
                return 1;
            }
    }
    sd_bus_creds_unref(creds);
    return 0;
}

static int append_check_args(sd_bus_message *m, sd_bus_message *call, const char *action)
{
    const char *sender = sd_bus_message_get_sender(call);
    uint32_t flags = sd_bus_message_get_allow_interactive_authorization(call) > 0
                         ? POLKIT_FLAG_ALLOW_USER_INTERACTION : 0;

    if (!sender)
        return -EBADMSG;
    return sd_bus_message_append(m, "(sa{sv})sa{ss}us", "system-bus-name", 1, "name", "s",
                                 sender, action, 0, flags, "");
}

static int new_check_call(struct polkit_registry *reg, sd_bus_message *call, const char *action,
                          sd_bus_message **out)
{
    sd_bus_message *m = NULL;
    int r;

    r = sd_bus_message_new_method_call(reg->bus, &m, "org.freedesktop.PolicyKit1",
                                       "/org/freedesktop/PolicyKit1/Authority",
                                       "org.freedesktop.PolicyKit1.Authority",
                                       "CheckAuthorization");
    if (r >= 0)
        r = append_check_args(m, call, action);
    if (r < 0) {
        sd_bus_message_unref(m);
        return r;
    }
    *out = m;
    return 0;
}

static int parse_result(sd_bus_message *reply, bool *authorized, bool *challenge)
{
    int a = 0, c = 0;
    int r = sd_bus_message_enter_container(reply, 'r', "bba{ss}");

    if (r >= 0)
        r = sd_bus_message_read(reply, "bb", &a, &c);
    *authorized = a;
    *challenge = c;
    return r < 0 ? r : 0;
}

static int denied(sd_bus_error *error, bool challenge, const char *failure)
{
    if (failure)
        return sd_bus_error_setf(error, SD_BUS_ERROR_ACCESS_DENIED,
                                 _("Cannot check the authorization: %s"), failure);
    if (challenge)
        return sd_bus_error_set(error, SD_BUS_ERROR_INTERACTIVE_AUTHORIZATION_REQUIRED,
                                _("Authentication is required to manage pSeries virtual machines"));
    return sd_bus_error_set(error, SD_BUS_ERROR_ACCESS_DENIED,
                            _("Not authorized to manage pSeries virtual machines"));
}

static int on_check_reply(sd_bus_message *reply, void *userdata, sd_bus_error *ret_error)
{
    struct polkit_query *q = userdata;
    const sd_bus_error *e;

    (void)ret_error;
    q->done = true;
    q->slot = sd_bus_slot_unref(q->slot);
    e = sd_bus_message_get_error(reply);
    if (e)
        q->failure = g_strdup(e->message ? e->message : e->name);
    else if (parse_result(reply, &q->authorized, &q->challenge) < 0)
        q->failure = g_strdup(_("polkit sent a malformed answer"));
    /* Run the method call again; this time it finds the answer. */
    if (sd_bus_message_rewind(q->call, true) < 0 ||
        sd_bus_enqueue_for_read(q->reg->bus, q->call) < 0) {
        log_warning(_("cannot resume a method call after asking polkit"));
        g_hash_table_remove(q->reg->queries, q->call);
    }
    return 0;
}

int polkit_authorize(struct polkit_registry *reg, sd_bus_message *call, const char *action,
                     sd_bus_error *error)
{
    struct polkit_query *q;
    sd_bus_message *m = NULL;
    int r;

    q = g_hash_table_lookup(reg->queries, call);
    if (q) {
        if (!q->done)
            return 0;
        bool ok = q->authorized && !q->failure;
        r = ok ? 1 : denied(error, q->challenge, q->failure);
        g_hash_table_remove(reg->queries, call);
        return r;
    }
    r = check_credentials(reg, call, error);
    if (r != 0)
        return r;

    r = new_check_call(reg, call, action, &m);
    if (r < 0)
        return sd_bus_error_setf(error, SD_BUS_ERROR_ACCESS_DENIED,
                                 _("Cannot check the authorization: %s"), g_strerror(-r));
    q = g_new0(struct polkit_query, 1);
    q->reg = reg;
    q->call = sd_bus_message_ref(call);
    r = sd_bus_call_async(reg->bus, &q->slot, m, on_check_reply, q, 0);
    sd_bus_message_unref(m);
    if (r < 0) {
        query_free(q);
        return sd_bus_error_setf(error, SD_BUS_ERROR_ACCESS_DENIED,
                                 _("Cannot check the authorization: %s"), g_strerror(-r));
    }
    g_hash_table_insert(reg->queries, call, q);
    return 0;
}

int polkit_authorize_sync(struct polkit_registry *reg, sd_bus_message *call, const char *action,
                          sd_bus_error *error)
{
    sd_bus_message *m = NULL, *reply = NULL;
    sd_bus_error e = SD_BUS_ERROR_NULL;
    bool authorized = false, challenge = false;
    int r;

    r = check_credentials(reg, call, error);
    if (r != 0)
        return r;
    r = new_check_call(reg, call, action, &m);
    if (r >= 0)
        r = sd_bus_call(reg->bus, m, 0, &e, &reply);
    sd_bus_message_unref(m);
    if (r >= 0)
        r = parse_result(reply, &authorized, &challenge);
    sd_bus_message_unref(reply);
    if (r < 0) {
        r = denied(error, false, e.message ? e.message : g_strerror(-r));
        sd_bus_error_free(&e);
        return r;
    }
    return authorized ? 1 : denied(error, challenge, NULL);
}
