/* The guide module's small parts: memory, messages, names of sections,
 * advisory wordings, versions, review dates, and the French/English rules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/guide.h>

#include "guide/guide_internal.h"
#include "util/i18n.h"
#include "util/mem.h"
#include "util/yaml.h"
#include "util/text.h"
#include "util/tz.h"

/* ---- memory ---- */

void *vg_arena_alloc(struct vg_guide_priv *a, size_t n)
{
    vg_arena_block *b = a->blocks;
    void *p;
    n = (n + 15) & ~(size_t)15;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > 16384 ? n : 16384;
        b = malloc(sizeof *b + cap);
        if (!b)
            return NULL;
        b->cap = cap;
        b->used = 0;
        b->next = a->blocks;
        a->blocks = b;
    }
    p = b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

char *vg_arena_strndup(struct vg_guide_priv *a, const char *s, size_t n)
{
    char *p = vg_arena_alloc(a, n + 1);
    if (p)
        memcpy(p, s, n);
    return p;
}

char *vg_arena_strdup(struct vg_guide_priv *a, const char *s)
{
    return s ? vg_arena_strndup(a, s, strlen(s)) : NULL;
}

void vg_arena_free(struct vg_guide_priv *a)
{
    vg_arena_block *b = a ? a->blocks : NULL;
    while (b) {
        vg_arena_block *next = b->next;
        free(b);
        b = next;
    }
    if (a) {
        a->blocks = NULL;
        vg_ydoc_free(a->yaml);
        a->yaml = NULL;
    }
}

void vg_guide_free(vg_guide *g)
{
    if (!g)
        return;
    if (g->priv) {
        vg_arena_free(g->priv);
        free(g->priv);
    }
    free(g);
}

/* ---- messages ---- */

void vg_gdiagv(vg_gctx *c, int line, int warning, const char *fmt, va_list ap)
{
    vg_guide_diags *d = c->diags;
    char msg[512], *text;
    size_t need;
    if (warning)
        d->warnings++;
    else
        d->errors++;
    if (d->n - c->start >= VG_GUIDE_MAX_DIAGS) {
        c->dropped++;
        return;
    }
    vsnprintf(msg, sizeof msg, fmt, ap);
    need = strlen(c->name) + strlen(msg) + 24;
    if (VG_GROW(d->v, d->cap, d->n + 1) != VG_OK) {
        c->nomem = 1;
        return;
    }
    if (!(text = malloc(need))) {
        c->nomem = 1;
        return;
    }
    if (line > 0)
        snprintf(text, need, "%s:%d: %s", c->name, line, msg);
    else
        snprintf(text, need, "%s: %s", c->name, msg);
    d->v[d->n].line = line;
    d->v[d->n].warning = warning;
    d->v[d->n].text = text;
    d->n++;
}

void vg_gdiag(vg_gctx *c, int line, int warning, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vg_gdiagv(c, line, warning, fmt, ap);
    va_end(ap);
}

const char *vg_gshow(char buf[96], const char *s)
{
    size_t o = 0, n = 0;
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    for (; *p && o < 90; p++) {
        if ((*p & 0xc0) != 0x80 && ++n > 60) {
            memcpy(buf + o, "...", 3);
            o += 3;
            break;
        }
        buf[o++] = (*p < 0x20 || *p == 0x7f) ? '?' : (char)*p;
    }
    /* never end inside a UTF-8 sequence */
    while (o > 0 && o >= 90 && ((unsigned char)buf[o - 1] & 0xc0) == 0x80)
        o--;
    if (o > 0 && o >= 90 && ((unsigned char)buf[o - 1] & 0xc0) == 0xc0)
        o--;
    buf[o] = '\0';
    return buf;
}

void vg_guide_diags_free(vg_guide_diags *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++)
        free(d->v[i].text);
    free(d->v);
    memset(d, 0, sizeof *d);
}

/* ---- names ---- */

static const char *const section_keys[VG_SEC_COUNT] = {
    "overview",       "advisory", "security",  "health",  "getting-around",
    "communications", "entry",    "emergency", "sources",
};
/* The short names people type after --section, in French; shown in the
 * user's language through the catalogue (section_short). */
static const char *const section_fr_short[VG_SEC_COUNT] = {
    "aperçu",         "avertissements", "sécurité", "santé",   "déplacements",
    "communications", "entrée",         "urgence",  "sources",
};
static const char *const section_short[VG_SEC_COUNT] = {
    /* TRANSLATORS: the short names of a guide's sections, as typed after
     * --section (French: aperçu, avertissements, sécurité, santé,
     * déplacements, communications, entrée, urgence, sources) */
    N_("overview"),       N_("advisory"), N_("security"),  N_("health"),  N_("getting-around"),
    N_("communications"), N_("entry"),    N_("emergency"), N_("sources"),
};
static const char *const section_fr[VG_SEC_COUNT] = {
    "Aperçu",
    "Niveaux d'avertissement",
    "Sécurité",
    "Santé",
    "Déplacements",
    "Communications",
    "Entrée et séjour",
    "En cas d'urgence",
    "Sources et révision",
};
static const char *const section_en[VG_SEC_COUNT] = {
    "Overview",       "Advisory levels", "Security",
    "Health",         "Getting around",  "Communications",
    "Entry and stay", "In an emergency", "Sources and review",
};

const char *vg_guide_section_key(vg_guide_section_id id)
{
    return (unsigned)id < VG_SEC_COUNT ? section_keys[id] : NULL;
}

const char *vg_guide_section_heading(vg_guide_section_id id, const char *lang)
{
    if ((unsigned)id >= VG_SEC_COUNT || !lang)
        return NULL;
    if (!strcmp(lang, "fr"))
        return section_fr[id];
    if (!strcmp(lang, "en"))
        return section_en[id];
    return NULL;
}

const char *vg_advisory_wording(int level, const char *lang)
{
    static const char *const fr[] = {"Prenez des mesures de sécurité normales",
                                     "Faites preuve d'une grande prudence",
                                     "Évitez tout voyage non essentiel", "Évitez tout voyage"};
    static const char *const en[] = {"Take normal security precautions",
                                     "Exercise a high degree of caution",
                                     "Avoid non-essential travel", "Avoid all travel"};
    if (level < 1 || level > 4 || !lang)
        return NULL;
    if (!strcmp(lang, "fr"))
        return fr[level - 1];
    if (!strcmp(lang, "en"))
        return en[level - 1];
    return NULL;
}

/* 1 if `name` starts `text`, or starts one of its words (both are matching
 * keys: words joined by single spaces). */
static int word_prefix(const char *text, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = text; *p; p++)
        if ((p == text || p[-1] == ' ') && !strncmp(p, name, n))
            return 1;
    return 0;
}

/* The section names, short, in the user's language: "aperçu, ..." */
static void section_names(char *buf, size_t cap)
{
    buf[0] = '\0';
    for (int i = 0; i < VG_SEC_COUNT; i++)
        snprintf(buf + strlen(buf), cap - strlen(buf), "%s%s", i ? ", " : "", _(section_short[i]));
}

int vg_guide_section_find(const char *name, vg_guide_section_id *out)
{
    char *want = vg_text_key(name ? name : "", VG_KEY_NAME);
    int exact = -1, found = -1, count = 0, rc = VG_OK;
    char list[256] = "", all[256];
    section_names(all, sizeof all);
    if (!want)
        return vg_error_set(VG_EINVALID, _("no section \"%s\" (%s)"), name ? name : "", all);
    for (int i = 0; i < VG_SEC_COUNT && *want; i++) {
        const char *forms[] = {section_keys[i], section_fr_short[i], section_fr[i], section_en[i],
                               _(section_short[i])};
        int is_exact = 0, is_prefix = 0;
        for (size_t f = 0; f < sizeof forms / sizeof forms[0] && rc == VG_OK; f++) {
            char *k = vg_text_key(forms[f], VG_KEY_NAME);
            if (!k) {
                rc = vg_error_oom();
                break;
            }
            if (!strcmp(want, k))
                is_exact = 1;
            if (word_prefix(k, want))
                is_prefix = 1;
            free(k);
        }
        if (rc != VG_OK)
            break;
        if (is_exact)
            exact = i;
        if (is_prefix) {
            found = i;
            count++;
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", *list ? ", " : "",
                     _(section_short[i]));
        }
    }
    if (rc == VG_OK && exact >= 0)
        *out = (vg_guide_section_id)exact;
    else if (rc == VG_OK && count == 1)
        *out = (vg_guide_section_id)found;
    else if (rc == VG_OK && count > 1)
        rc = vg_error_set(VG_EINVALID, _("section \"%s\" is ambiguous: %s"), name, list);
    else if (rc == VG_OK)
        rc = vg_error_set(VG_ENOTFOUND, _("no section \"%s\" (%s)"), name, all);
    free(want);
    return rc;
}

/* ---- versions and dates ---- */

int vg_guide_version_cmp(const char *a, const char *b)
{
    long ya = strtol(a, NULL, 10), yb = strtol(b, NULL, 10);
    const char *da = strchr(a, '.'), *db = strchr(b, '.');
    long na = da ? strtol(da + 1, NULL, 10) : 0, nb = db ? strtol(db + 1, NULL, 10) : 0;
    if (ya != yb)
        return ya < yb ? -1 : 1;
    if (na != nb)
        return na < nb ? -1 : 1;
    return 0;
}

int32_t vg_guide_add_months(int32_t day, int months)
{
    static const unsigned mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y;
    unsigned m, d, last;
    vg_civil_from_days(day, &y, &m, &d);
    m += (unsigned)months;
    while (m > 12)
        m -= 12, y++;
    last = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
    if (d > last)
        d = last;
    return (int32_t)vg_days_from_civil(y, m, d);
}

int32_t vg_guide_due(const vg_guide *g)
{
    int32_t due =
        vg_guide_add_months(g->reviewed, g->review_interval_months ? g->review_interval_months : 6);
    return g->review_by && g->review_by < due ? g->review_by : due;
}

int vg_guide_past_review(const vg_guide *g, int64_t now)
{
    return vg_day_at(now, NULL) > vg_guide_due(g);
}

/* ---- French and English guides of one country (FORMAT.md section 7) ---- */

static int same(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return !strcmp(a, b);
}

typedef struct {
    vg_gctx c;
    int line;
} cmpctx;

static void diff_str(cmpctx *x, const char *what, const char *a, const char *b)
{
    if (!same(a, b))
        vg_gdiag(&x->c, 0, 0, _("%s: \"%s\" here, \"%s\" in the French guide"), what, b ? b : "-",
                 a ? a : "-");
}

/* Place names are names: the same in both languages, in the same order. */
static void diff_names(cmpctx *x, const char *what, const char *const *a, size_t na,
                       const char *const *b, size_t nb)
{
    size_t i = 0;
    while (i < na && i < nb && same(a[i], b[i]))
        i++;
    if (i < na || i < nb)
        vg_gdiag(&x->c, 0, 0, _("%s: \"%s\" here, \"%s\" in the French guide"), what,
                 i < nb ? b[i] : "-", i < na ? a[i] : "-");
}

#define DIFF_STR(what, a, b) diff_str(x, (what), (a), (b))
#define DIFF_INT(what, a, b)                                                                       \
    do {                                                                                           \
        if ((a) != (b))                                                                            \
            vg_gdiag(&x->c, 0, 0, _("%s: %ld here, %ld in the French guide"), (what), (long)(b),   \
                     (long)(a));                                                                   \
    } while (0)
#define DIFF_COUNT(what, a, b)                                                                     \
    (((a) != (b))                                                                                  \
         ? (vg_gdiag(&x->c, 0, 0,                                                                  \
                     _("%s: the number of entries differs (%zu here, %zu in the French guide)"),   \
                     (what), (size_t)(b), (size_t)(a)),                                            \
            0)                                                                                     \
         : 1)

static const char *kind_name(vg_office_kind k)
{
    static const char *const names[] = {"embassy", "consulate", "honorary-consulate", "ewrc"};
    return (unsigned)k < 4 ? names[k] : "?";
}

static const char *status_name(vg_fact_status s)
{
    return s == VG_FACT_VERIFIED ? "verified" : "to-check";
}

int vg_guide_compare(const vg_guide *fr, const vg_guide *en, vg_guide_diags *diags)
{
    vg_guide_diags local = {0};
    cmpctx xx = {{en->name ? en->name : "en", diags ? diags : &local, 0, 0, 0}, 0}, *x = &xx;
    char what[96], d1[16], d2[16];
    size_t before = x->c.diags->errors, first = x->c.diags->n;
    int rc;

    x->c.start = first;
    DIFF_STR("country", fr->country, en->country);
    DIFF_STR("version", fr->version, en->version);
    if (fr->reviewed != en->reviewed) {
        vg_date_format(d1, fr->reviewed);
        vg_date_format(d2, en->reviewed);
        DIFF_STR("reviewed", d1, d2);
    }
    DIFF_INT("review_interval_months", fr->review_interval_months, en->review_interval_months);
    if (fr->review_by != en->review_by) {
        vg_date_format(d1, fr->review_by);
        vg_date_format(d2, en->review_by);
        DIFF_STR("review_by", d1, d2);
    }
    DIFF_INT("passport_validity_months", fr->passport_validity_months,
             en->passport_validity_months);
    if (DIFF_COUNT("sources", fr->nsources, en->nsources))
        for (size_t i = 0; i < fr->nsources; i++) {
            const vg_guide_source *a = &fr->sources[i], *b = &en->sources[i];
            snprintf(what, sizeof what, "sources[%zu].id", i + 1);
            DIFF_STR(what, a->id, b->id);
            snprintf(what, sizeof what, "sources[%zu].url", i + 1);
            DIFF_STR(what, a->url, b->url);
            if (a->seen != b->seen) {
                snprintf(what, sizeof what, "sources[%zu].seen", i + 1);
                vg_date_format(d1, a->seen);
                vg_date_format(d2, b->seen);
                DIFF_STR(what, d1, d2);
            }
        }
    DIFF_INT("advisory.level", fr->advisory.level, en->advisory.level);
    DIFF_STR("advisory.status", status_name(fr->advisory.status), status_name(en->advisory.status));
    DIFF_STR("advisory.source", fr->advisory.source, en->advisory.source);
    if (DIFF_COUNT("advisory.regions", fr->advisory.nregions, en->advisory.nregions))
        for (size_t i = 0; i < fr->advisory.nregions; i++) {
            const vg_guide_region *a = &fr->advisory.regions[i], *b = &en->advisory.regions[i];
            snprintf(what, sizeof what, "advisory.regions[%zu].level", i + 1);
            DIFF_INT(what, a->level, b->level);
            snprintf(what, sizeof what, "advisory.regions[%zu].status", i + 1);
            DIFF_STR(what, status_name(a->status), status_name(b->status));
            snprintf(what, sizeof what, "advisory.regions[%zu].source", i + 1);
            DIFF_STR(what, a->source, b->source);
            snprintf(what, sizeof what, "advisory.regions[%zu].places", i + 1);
            diff_names(x, what, a->places, a->nplaces, b->places, b->nplaces);
            snprintf(what, sizeof what, "advisory.regions[%zu].except", i + 1);
            diff_names(x, what, a->except, a->nexcept, b->except, b->nexcept);
            snprintf(what, sizeof what, "advisory.regions[%zu].within", i + 1);
            diff_names(x, what, a->within, a->nwithin, b->within, b->nwithin);
        }
    if (DIFF_COUNT("divisions", fr->ndivisions, en->ndivisions))
        for (size_t i = 0; i < fr->ndivisions; i++) {
            const vg_guide_division *a = &fr->divisions[i], *b = &en->divisions[i];
            snprintf(what, sizeof what, "divisions[%zu].name", i + 1);
            DIFF_STR(what, a->name, b->name);
            snprintf(what, sizeof what, "divisions[%zu].places", i + 1);
            diff_names(x, what, a->places, a->nplaces, b->places, b->nplaces);
        }
    if (DIFF_COUNT("timezones", fr->nzones, en->nzones))
        for (size_t i = 0; i < fr->nzones; i++) {
            const vg_guide_zone *a = &fr->zones[i], *b = &en->zones[i];
            snprintf(what, sizeof what, "timezones[%zu].zone", i + 1);
            DIFF_STR(what, a->zone, b->zone);
            snprintf(what, sizeof what, "timezones[%zu].status", i + 1);
            DIFF_STR(what, status_name(a->status), status_name(b->status));
            snprintf(what, sizeof what, "timezones[%zu].source", i + 1);
            DIFF_STR(what, a->source, b->source);
        }
    if (DIFF_COUNT("emergency_numbers", fr->nnumbers, en->nnumbers))
        for (size_t i = 0; i < fr->nnumbers; i++) {
            const vg_guide_number *a = &fr->numbers[i], *b = &en->numbers[i];
            snprintf(what, sizeof what, "emergency_numbers[%zu].number", i + 1);
            DIFF_STR(what, a->number, b->number);
            snprintf(what, sizeof what, "emergency_numbers[%zu].status", i + 1);
            DIFF_STR(what, status_name(a->status), status_name(b->status));
            snprintf(what, sizeof what, "emergency_numbers[%zu].source", i + 1);
            DIFF_STR(what, a->source, b->source);
        }
    if (DIFF_COUNT("representation", fr->noffices, en->noffices))
        for (size_t i = 0; i < fr->noffices; i++) {
            const vg_guide_office *a = &fr->offices[i], *b = &en->offices[i];
            snprintf(what, sizeof what, "representation[%zu].kind", i + 1);
            DIFF_STR(what, kind_name(a->kind), kind_name(b->kind));
            snprintf(what, sizeof what, "representation[%zu].phone", i + 1);
            DIFF_STR(what, a->phone, b->phone);
            snprintf(what, sizeof what, "representation[%zu].email", i + 1);
            DIFF_STR(what, a->email, b->email);
            snprintf(what, sizeof what, "representation[%zu].status", i + 1);
            DIFF_STR(what, status_name(a->status), status_name(b->status));
            snprintf(what, sizeof what, "representation[%zu].source", i + 1);
            DIFF_STR(what, a->source, b->source);
        }
    {
        const vg_guide_item *lists[2][2] = {{fr->entry, en->entry}, {fr->health, en->health}};
        const size_t counts[2][2] = {{fr->nentry, en->nentry}, {fr->nhealth, en->nhealth}};
        const char *names[2] = {"entry", "health"};
        for (int l = 0; l < 2; l++)
            if (DIFF_COUNT(names[l], counts[l][0], counts[l][1]))
                for (size_t i = 0; i < counts[l][0]; i++) {
                    const vg_guide_item *a = &lists[l][0][i], *b = &lists[l][1][i];
                    snprintf(what, sizeof what, "%s[%zu].status", names[l], i + 1);
                    DIFF_STR(what, status_name(a->status), status_name(b->status));
                    snprintf(what, sizeof what, "%s[%zu].source", names[l], i + 1);
                    DIFF_STR(what, a->source, b->source);
                }
    }
    if (DIFF_COUNT("threats", fr->nthreats, en->nthreats))
        for (size_t i = 0; i < fr->nthreats; i++) {
            const vg_guide_threat *a = &fr->threats[i], *b = &en->threats[i];
            snprintf(what, sizeof what, "threats[%zu].category", i + 1);
            DIFF_STR(what, a->category, b->category);
            snprintf(what, sizeof what, "threats[%zu].regions", i + 1);
            DIFF_COUNT(what, a->nregions, b->nregions);
            snprintf(what, sizeof what, "threats[%zu].likelihood", i + 1);
            DIFF_INT(what, a->likelihood, b->likelihood);
            snprintf(what, sizeof what, "threats[%zu].impact", i + 1);
            DIFF_INT(what, a->impact, b->impact);
            snprintf(what, sizeof what, "threats[%zu].status", i + 1);
            DIFF_STR(what, status_name(a->status), status_name(b->status));
            snprintf(what, sizeof what, "threats[%zu].source", i + 1);
            DIFF_STR(what, a->source, b->source);
        }
    if (DIFF_COUNT("phrases", fr->nphrases, en->nphrases))
        for (size_t i = 0; i < fr->nphrases; i++) {
            snprintf(what, sizeof what, "phrases[%zu].local", i + 1);
            DIFF_STR(what, fr->phrases[i].local, en->phrases[i].local);
        }
    if (DIFF_COUNT("partners", fr->npartners, en->npartners))
        for (size_t i = 0; i < fr->npartners; i++) {
            const vg_guide_partner *a = &fr->partners[i], *b = &en->partners[i];
            snprintf(what, sizeof what, "partners[%zu].name", i + 1);
            DIFF_STR(what, a->name, b->name);
            snprintf(what, sizeof what, "partners[%zu].status", i + 1);
            DIFF_STR(what, status_name(a->status), status_name(b->status));
            snprintf(what, sizeof what, "partners[%zu].source", i + 1);
            DIFF_STR(what, a->source, b->source);
        }
    if (strcmp(fr->lang, "fr") || strcmp(en->lang, "en"))
        vg_gdiag(&x->c, 0, 0, "%s", _("lang: expected a French guide and an English guide"));

    if (x->c.nomem)
        rc = vg_error_oom();
    else if (x->c.diags->errors > before && x->c.diags->n > first)
        rc = vg_error_set(VG_EINVALID, _("the English guide of %s differs from the French one: %s"),
                          fr->country, x->c.diags->v[first].text);
    else
        rc = VG_OK;
    vg_guide_diags_free(&local);
    return rc;
}
