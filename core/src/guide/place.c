/* guide/place.c: where a region name lies in a guide, exactly.
 *
 * A guide lists the country's divisions (departments, states) and the
 * places it knows in each; its advisory areas name the divisions or places
 * they cover wholly (`places`, less `except`) or partly (`within`). A name
 * typed by a user is looked up by its matching key (case and accents
 * ignored) among those names, never by likeness: an unknown name is
 * refused with suggestions, so an advisory level is never guessed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/error.h>
#include <vigie/guide.h>

#include "guide/guide_internal.h"
#include "util/i18n.h"
#include "util/text.h"

static int key_eq(const char *key, const char *name)
{
    char *k = vg_text_key(name, VG_KEY_NAME);
    int eq = k && !strcmp(k, key);
    free(k);
    return eq;
}

static int in_list(const char *key, const char *const *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (key_eq(key, v[i]))
            return 1;
    return 0;
}

int vg_guide_place_lookup(const vg_guide *g, const char *key, vg_guide_place *out)
{
    for (size_t d = 0; d < g->ndivisions; d++) {
        const vg_guide_division *dv = &g->divisions[d];
        if (key_eq(key, dv->name)) {
            out->name = out->division = dv->name;
            return 1;
        }
        for (size_t i = 0; i < dv->nplaces; i++)
            if (key_eq(key, dv->places[i])) {
                out->name = dv->places[i];
                out->division = dv->name;
                return 1;
            }
    }
    return 0;
}

/* Edit distance between two keys, bounded by `max` (max + 1 beyond). */
static size_t distance(const char *a, const char *b, size_t max)
{
    size_t la = strlen(a), lb = strlen(b), row[128], best;
    if (la >= 127 || lb >= 127)
        return max + 1;
    if ((la > lb ? la - lb : lb - la) > max)
        return max + 1;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        best = row[0];
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j], v = diag + (a[i - 1] != b[j - 1]);
            if (row[j] + 1 < v)
                v = row[j] + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
            if (v < best)
                best = v;
        }
        if (best > max)
            return max + 1;
    }
    return row[lb];
}

typedef struct {
    const char *name[3];
    size_t dist[3];
} closest;

static void consider(closest *c, const char *key, const char *name)
{
    char *k = vg_text_key(name, VG_KEY_NAME);
    size_t max, d;
    if (!k)
        return;
    max = strlen(key) < 5 ? 1 : strlen(key) < 9 ? 2 : 3;
    d = distance(key, k, max);
    /* a prefix of a longer name counts as close too ("norte" -> "Norte de Santander") */
    if (d > max && strlen(key) >= 4 && !strncmp(k, key, strlen(key)))
        d = max;
    free(k);
    if (d > max)
        return;
    for (int i = 0; i < 3; i++)
        if (!c->name[i] || d < c->dist[i]) {
            for (int j = 2; j > i; j--) {
                c->name[j] = c->name[j - 1];
                c->dist[j] = c->dist[j - 1];
            }
            c->name[i] = name;
            c->dist[i] = d;
            return;
        }
}

int vg_guide_place_find(const vg_guide *g, const char *typed, vg_guide_place *out)
{
    char *key = vg_text_key(typed, VG_KEY_NAME), list[400] = "";
    closest c = {{NULL, NULL, NULL}, {0, 0, 0}};
    memset(out, 0, sizeof *out);
    if (!key)
        return vg_error_set(VG_EINVALID, _("\"%s\" is not valid UTF-8 text"), typed);
    if (*key && vg_guide_place_lookup(g, key, out)) {
        free(key);
        return VG_OK;
    }
    for (size_t d = 0; d < g->ndivisions; d++) {
        consider(&c, key, g->divisions[d].name);
        for (size_t i = 0; i < g->divisions[d].nplaces; i++)
            consider(&c, key, g->divisions[d].places[i]);
    }
    free(key);
    for (int i = 0; i < 3 && c.name[i]; i++) {
        size_t l = strlen(list);
        snprintf(list + l, sizeof list - l, "%s%s", i ? ", " : "", c.name[i]);
    }
    if (*list)
        return vg_error_set(VG_ENOTFOUND,
                            _("\"%s\" is not a region the %s guide knows (did you mean: %s?)"),
                            typed, g->country, list);
    return vg_error_set(VG_ENOTFOUND,
                        _("\"%s\" is not a region the %s guide knows: give the department or "
                          "state it is in (vigie guide show %s --section advisory)"),
                        typed, g->country, g->country);
}

int vg_guide_place_areas(const vg_guide *g, const vg_guide_place *p, vg_guide_area **out, size_t *n)
{
    char *pk = vg_text_key(p->name, VG_KEY_NAME), *dk = vg_text_key(p->division, VG_KEY_NAME);
    int rc = VG_OK;
    *out = NULL;
    *n = 0;
    if (!pk || !dk) {
        rc = vg_error_oom();
        goto done;
    }
    for (size_t i = 0; i < g->advisory.nregions; i++) {
        const vg_guide_region *r = &g->advisory.regions[i];
        int partly = -1;
        if (in_list(pk, r->places, r->nplaces))
            partly = 0; /* named: wholly in the area */
        else if (strcmp(pk, dk) && in_list(dk, r->places, r->nplaces) &&
                 !in_list(pk, r->except, r->nexcept))
            partly = 0; /* a place of a division the area covers */
        else if (in_list(dk, r->within, r->nwithin) && !in_list(pk, r->except, r->nexcept))
            partly = 1; /* the division, or a place in it, that the area covers in part */
        if (partly >= 0) {
            vg_guide_area *nv = realloc(*out, (*n + 1) * sizeof *nv);
            if (!nv) {
                rc = vg_error_oom();
                goto done;
            }
            *out = nv;
            nv[*n].region = i;
            nv[*n].partly = partly;
            (*n)++;
        }
    }
done:
    free(pk);
    free(dk);
    if (rc != VG_OK) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}
