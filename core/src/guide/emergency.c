/* A delegation's emergency contacts: its own, its country guide's offices
 * and numbers, and Canada's Emergency Watch and Response Centre. The one
 * composition that the contact list, kits and cards, the escalation ladder
 * and the exports read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/contact.h>
#include <vigie/delegation.h>
#include <vigie/error.h>
#include <vigie/guide.h>

#include "util/i18n.h"
#include "util/mem.h"

typedef struct {
    vg_contact **v;
    size_t n, cap;
    int oom;
} clist;

static char *dup(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void push(clist *l, const char *role, const char *name, const char *phone, const char *email,
                 const char *note, int from_guide, int to_check)
{
    vg_contact *c;
    if (l->oom)
        return;
    if (VG_GROW(l->v, l->cap, l->n + 1) != VG_OK) {
        l->oom = 1;
        return;
    }
    if (!(c = calloc(1, sizeof *c))) {
        l->oom = 1;
        return;
    }
    l->v[l->n++] = c;
    c->role = dup(role);
    c->name = dup(name);
    c->phone = dup(phone);
    c->email = dup(email);
    c->note = dup(note);
    c->from_guide = from_guide;
    c->to_check = to_check;
    if (!c->role || (name && !c->name) || (phone && !c->phone) || (email && !c->email) ||
        (note && !c->note))
        l->oom = 1;
}

static const char *guide_note(vg_fact_status s)
{
    return s == VG_FACT_TO_CHECK ? _("country guide, to be checked") : _("country guide");
}

int vg_delegation_emergency_contacts(vg_store *st, const char *data_dir, const char *slug,
                                     const char *lang, unsigned flags, vg_contact ***out, size_t *n)
{
    vg_delegation *d = NULL;
    vg_guide *g = NULL;
    vg_contact **own = NULL;
    size_t nown = 0;
    clist l = {0};
    int rc, ewrc_listed = 0;

    *out = NULL;
    *n = 0;
    if ((rc = vg_delegation_get(st, slug, &d)) != VG_OK)
        return rc;
    if ((flags & VG_EC_OWN) && (rc = vg_contact_list(st, slug, &own, &nown)) != VG_OK)
        goto done;
    for (size_t i = 0; i < nown; i++) {
        push(&l, own[i]->role, own[i]->name, own[i]->phone, own[i]->email, own[i]->note, 0, 0);
        if (l.v && !l.oom)
            l.v[l.n - 1]->id = own[i]->id;
    }
    if (flags & (VG_EC_GUIDE | VG_EC_EWRC)) {
        vg_error_state e;
        vg_error_save(&e, VG_OK);
        if (vg_guide_get(st, data_dir, d->country, lang && !strcmp(lang, "en") ? "en" : "fr", &g) !=
            VG_OK)
            g = NULL;
        vg_error_restore(&e);
    }
    for (size_t i = 0; g && i < g->noffices; i++) {
        const vg_guide_office *o = &g->offices[i];
        char name[512];
        ewrc_listed |= o->kind == VG_OFFICE_EWRC;
        /* "Ambassade du Canada en Colombie, Bogotá": the city, unless named */
        snprintf(name, sizeof name,
                 o->city && *o->city && !strstr(o->name, o->city) ? "%s, %s" : "%s", o->name,
                 o->city);
        if (flags & VG_EC_GUIDE)
            push(&l, o->kind == VG_OFFICE_EWRC ? "ewrc" : "embassy", name, o->phone, o->email,
                 guide_note(o->status), 1, o->status == VG_FACT_TO_CHECK);
    }
    for (size_t i = 0; g && (flags & VG_EC_GUIDE) && i < g->nnumbers; i++) {
        const vg_guide_number *nb = &g->numbers[i];
        if (nb->number && !strcmp(nb->number, VG_EWRC_PHONE))
            continue; /* the centre is an office, listed once */
        push(&l, "emergency-service", nb->service, nb->number, NULL, guide_note(nb->status), 1,
             nb->status == VG_FACT_TO_CHECK);
    }
    if ((flags & VG_EC_EWRC) && !(ewrc_listed && (flags & VG_EC_GUIDE)))
        push(&l, "ewrc", _("Emergency Watch and Response Centre, Global Affairs Canada"),
             VG_EWRC_PHONE, VG_EWRC_EMAIL, _("24/7; collect calls accepted"), 0, 0);
    if (l.oom) {
        rc = vg_error_oom();
        goto done;
    }
    *out = l.v;
    *n = l.n;
    l.v = NULL;
    l.n = 0;
done:
    vg_contact_list_free(l.v, l.n);
    vg_contact_list_free(own, nown);
    vg_guide_free(g);
    vg_delegation_free(d);
    return rc;
}
