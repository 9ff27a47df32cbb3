/* Scores of a self-assessment by domain, its weakest items, and the
 * comparison of two assessments (the trend the board reads). */
#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <vigie/assessment.h>
#include <vigie/audit.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/secret.h>

#include "assessment/assessment_internal.h"
#include "store/store_internal.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/reader.h"
#include "util/tz.h"

/* ---- scores -------------------------------------------------------- */

static void score_add(vg_score *sc, int level, int threshold)
{
    sc->total++;
    if (level == VG_LEVEL_UNANSWERED) {
        sc->unanswered++;
        return;
    }
    sc->answered++;
    if (level == VG_LEVEL_NA) {
        sc->na++;
        return;
    }
    if (level == VG_LEVEL_UNKNOWN)
        sc->unknown++;
    sc->counted++;
    sc->mean += level; /* a sum until score_end */
    if (level >= threshold)
        sc->at_or_above++;
    else
        sc->needs_action++;
}

static void score_end(vg_score *sc)
{
    if (sc->counted) {
        sc->mean /= (double)sc->counted;
        sc->share = (double)sc->at_or_above / (double)sc->counted;
    } else {
        sc->mean = sc->share = 0;
    }
}

static const vg_assessment *sort_a; /* qsort has no payload; scoring is not re-entrant */

static int weakest_cmp(const void *x, const void *y)
{
    size_t i = *(const size_t *)x, j = *(const size_t *)y;
    int li = sort_a->answers[i].level, lj = sort_a->answers[j].level;
    if (li != lj)
        return li < lj ? -1 : 1;
    return i < j ? -1 : i > j;
}

void vg_scores_free(vg_scores *s)
{
    if (!s)
        return;
    free(s->domains);
    free(s->weakest);
    free(s->unanswered);
    free(s);
}

int vg_assessment_score(const vg_assessment *a, vg_scores **out)
{
    const vg_grid *g = a->grid;
    vg_scores *s = calloc(1, sizeof *s);
    *out = NULL;
    if (!s)
        return vg_error_oom();
    s->domains = calloc(g->ndomains ? g->ndomains : 1, sizeof *s->domains);
    s->weakest = calloc(g->nitems ? g->nitems : 1, sizeof *s->weakest);
    s->unanswered = calloc(g->nitems ? g->nitems : 1, sizeof *s->unanswered);
    if (!s->domains || !s->weakest || !s->unanswered) {
        vg_scores_free(s);
        return vg_error_oom();
    }
    s->ndomains = g->ndomains;
    for (size_t i = 0; i < g->nitems; i++) {
        int l = a->answers[i].level;
        score_add(&s->overall, l, g->threshold);
        score_add(&s->domains[g->items[i].domain], l, g->threshold);
        if (l == VG_LEVEL_UNANSWERED)
            s->unanswered[s->nunanswered++] = i;
        else if (l != VG_LEVEL_NA)
            s->weakest[s->nweakest++] = i;
    }
    score_end(&s->overall);
    for (size_t d = 0; d < g->ndomains; d++)
        score_end(&s->domains[d]);
    sort_a = a;
    qsort(s->weakest, s->nweakest, sizeof *s->weakest, weakest_cmp);
    sort_a = NULL;
    *out = s;
    return VG_OK;
}

/* ---- compare ------------------------------------------------------- */

void vg_comparison_free(vg_comparison *c)
{
    if (!c)
        return;
    free(c->domains);
    free(c->items);
    free(c);
}

static int comparable(int l)
{
    return l >= VG_LEVEL_UNKNOWN && l <= VG_LEVEL_MAX;
}

int vg_assessment_compare(const vg_assessment *a, const vg_assessment *b, vg_comparison **out)
{
    const vg_grid *ga = a->grid, *gb = b->grid;
    vg_scores *sa = NULL, *sb = NULL;
    vg_comparison *c = calloc(1, sizeof *c);
    int rc;

    *out = NULL;
    if (!c)
        return vg_error_oom();
    if ((rc = vg_assessment_score(a, &sa)) != VG_OK || (rc = vg_assessment_score(b, &sb)) != VG_OK)
        goto done;
    c->same_grid = !strcmp(ga->id, gb->id) && !strcmp(ga->version, gb->version);
    c->a = sa->overall;
    c->b = sb->overall;
    c->domains = calloc(ga->ndomains + gb->ndomains, sizeof *c->domains);
    c->items = calloc(ga->nitems + gb->nitems + 1, sizeof *c->items);
    if (!c->domains || !c->items) {
        rc = vg_error_oom();
        goto done;
    }
    for (size_t d = 0; d < gb->ndomains; d++) {
        vg_domain_trend *t = &c->domains[c->ndomains++];
        t->id = gb->domains[d].id;
        t->title = gb->domains[d].title;
        t->in_b = 1;
        t->b = sb->domains[d];
        for (size_t e = 0; e < ga->ndomains; e++)
            if (!strcmp(ga->domains[e].id, t->id)) {
                t->in_a = 1;
                t->a = sa->domains[e];
            }
    }
    for (size_t e = 0; e < ga->ndomains; e++) {
        int found = 0;
        for (size_t d = 0; d < gb->ndomains && !found; d++)
            found = !strcmp(ga->domains[e].id, gb->domains[d].id);
        if (!found) {
            vg_domain_trend *t = &c->domains[c->ndomains++];
            t->id = ga->domains[e].id;
            t->title = ga->domains[e].title;
            t->in_a = 1;
            t->a = sa->domains[e];
        }
    }
    for (size_t i = 0; i < gb->nitems + ga->nitems; i++) {
        int from_b = i < gb->nitems;
        const char *id = from_b ? gb->items[i].id : ga->items[i - gb->nitems].id;
        size_t j;
        vg_item_trend *t;
        if (!from_b && vg_grid_find_item(gb, id, NULL))
            continue; /* seen with b's items */
        t = &c->items[c->nitems++];
        t->id = id;
        t->level_b = from_b ? b->answers[i].level : VG_LEVEL_UNANSWERED;
        t->level_a = vg_grid_find_item(ga, id, &j) ? a->answers[j].level : VG_LEVEL_UNANSWERED;
        if (!comparable(t->level_a) || !comparable(t->level_b))
            t->trend = VG_TREND_NONE;
        else if (t->level_b > t->level_a)
            t->trend = VG_TREND_UP, c->improved++;
        else if (t->level_b < t->level_a)
            t->trend = VG_TREND_DOWN, c->regressed++;
        else
            t->trend = VG_TREND_SAME;
    }
    *out = c;
    c = NULL;
done:
    vg_scores_free(sa);
    vg_scores_free(sb);
    vg_comparison_free(c);
    return rc;
}
