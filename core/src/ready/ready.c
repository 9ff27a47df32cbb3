/* Running the checklist: load the delegation, its participants and
 * contacts once, run each item's check in the template's order, and fill
 * the label's {placeholders} from the item's parameters (or from what the
 * check decided, such as the guide's passport rule). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/contact.h>
#include <vigie/delegation.h>
#include <vigie/participant.h>
#include <vigie/error.h>
#include <vigie/ready.h>

#include "util/i18n.h"
#include "ready/ready_check.h"

const char *vg_ready_param_get(const vg_ready_item *it, const char *key)
{
    for (size_t i = 0; i < it->nparams; i++)
        if (!strcmp(it->params[i].key, key))
            return it->params[i].value;
    return NULL;
}

long vg_ready_param_int(const vg_ready_item *it, const char *key, long dflt)
{
    const char *v = vg_ready_param_get(it, key);
    char *end;
    long n;
    if (!v)
        return dflt;
    n = strtol(v, &end, 10);
    return *end || end == v ? dflt : n;
}

int vg_ready_reason(vg_ready_line *l, const char *fmt, ...)
{
    char buf[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    free(l->reason);
    l->reason = strdup(buf);
    return l->reason ? VG_OK : vg_error_oom();
}

int vg_ready_person_add(vg_ready_line *l, const char *name, const char *detail)
{
    vg_ready_person *g = l->people;
    /* the array doubles at each power of two (10,000 people at scale) */
    if ((l->npeople & (l->npeople - 1)) == 0) {
        if (!(g = realloc(l->people, (l->npeople ? l->npeople * 2 : 1) * sizeof *g)))
            return vg_error_oom();
        l->people = g;
    }
    g[l->npeople].name = strdup(name ? name : "");
    g[l->npeople].detail = detail ? strdup(detail) : NULL;
    l->npeople++;
    if (!g[l->npeople - 1].name || (detail && !g[l->npeople - 1].detail))
        return vg_error_oom();
    return VG_OK;
}

/* The label with each {key} replaced by the parameter's value, or by the
 * check's own value for the first placeholder when it set one. */
static char *fill_label(const char *label, const vg_ready_item *it, const char *own)
{
    char out[700];
    size_t o = 0;
    for (const char *p = label; *p && o + 1 < sizeof out;) {
        const char *close = *p == '{' ? strchr(p, '}') : NULL;
        if (close && close - p < 40) {
            char key[48];
            const char *v;
            snprintf(key, sizeof key, "%.*s", (int)(close - p - 1), p + 1);
            v = own && *own ? own : vg_ready_param_get(it, key);
            o += (size_t)snprintf(out + o, sizeof out - o, "%s", v ? v : "?");
            if (o >= sizeof out)
                o = sizeof out - 1;
            p = close + 1;
        } else {
            out[o++] = *p++;
        }
    }
    out[o] = '\0';
    return strdup(out);
}

int vg_ready_run(vg_store *st, const char *slug, const vg_ready_template *t, const char *lang,
                 const char *data_dir, vg_ready_line **out, size_t *n, int *ready)
{
    vg_ready_ctx ctx;
    vg_delegation *d = NULL;
    vg_participant **all = NULL;
    size_t nall = 0;
    vg_ready_line *lines = NULL;
    int rc;

    *out = NULL;
    *n = 0;
    *ready = 0;
    memset(&ctx, 0, sizeof ctx);
    if ((rc = vg_delegation_get(st, slug, &d)) != VG_OK ||
        (rc = vg_participant_list(st, slug, &all, &nall)) != VG_OK ||
        (rc = vg_contact_list(st, slug, &ctx.contacts, &ctx.ncontacts)) != VG_OK)
        goto done;
    /* purged participants are history, not people travelling */
    if (!(ctx.participants = calloc(nall + 1, sizeof *ctx.participants))) {
        rc = vg_error_oom();
        goto done;
    }
    for (size_t i = 0; i < nall; i++)
        if (!all[i]->purged)
            ctx.participants[ctx.nparticipants++] = all[i];
    ctx.st = st;
    ctx.d = d;
    ctx.data_dir = data_dir;
    ctx.lang = lang;
    if (!(lines = calloc(t->n ? t->n : 1, sizeof *lines))) {
        rc = vg_error_oom();
        goto done;
    }
    *ready = 1;
    for (size_t i = 0; i < t->n; i++) {
        const vg_ready_item *it = &t->items[i];
        const vg_ready_check *chk = vg_ready_check_find(it->id);
        lines[i].item = it;
        *n = i + 1;
        ctx.item = it;
        ctx.label_value[0] = '\0';
        if (!chk) {
            rc = vg_error_set(VG_EINVALID, _("no check \"%s\" in this Vigie"), it->id);
            goto done;
        }
        if ((rc = chk->run(&ctx, &lines[i])) != VG_OK)
            goto done;
        lines[i].label =
            fill_label(strcmp(lang, "fr") ? it->label_en : it->label_fr, it, ctx.label_value);
        if (!lines[i].label) {
            rc = vg_error_oom();
            goto done;
        }
        if (!lines[i].passed)
            *ready = 0;
    }
done:
    free(ctx.participants);
    vg_participant_list_free(all, nall);
    vg_contact_list_free(ctx.contacts, ctx.ncontacts);
    vg_delegation_free(d);
    if (rc != VG_OK) {
        vg_ready_lines_free(lines, *n);
        *n = 0;
        *ready = 0;
        return rc;
    }
    *out = lines;
    return VG_OK;
}

void vg_ready_lines_free(vg_ready_line *lines, size_t n)
{
    if (!lines)
        return;
    for (size_t i = 0; i < n; i++) {
        free(lines[i].label);
        free(lines[i].reason);
        for (size_t j = 0; j < lines[i].npeople; j++) {
            free(lines[i].people[j].name);
            free(lines[i].people[j].detail);
        }
        free(lines[i].people);
    }
    free(lines);
}
