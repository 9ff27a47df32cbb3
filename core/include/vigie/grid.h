/* vigie/grid.h: self-assessment templates ("grids"), formats vigie-assessment/1 and /2.
 *
 * A grid is the questionnaire an organisation rates itself against: a title,
 * the fixed scale of seven levels ("1".."5", "na", "unknown"), a threshold,
 * and domains D1..Dn holding items Dn.1..Dn.m. The format is specified in
 * templates/assessment/FORMAT.md; the loader enforces every rule of it and
 * refuses a file with one line "FILE:LINE:COLUMN: PATH: message" (libyaml's
 * marks, 1-based), for example
 *   default.fr.yaml:112:15: domains[3].items[1].id: expected "D4.2", found "D4.3"
 * Problems that do not stop loading (a repeated reference, for instance)
 * are kept as warnings in the same form.
 *
 * Format 2 adds three optional things, all refused in a format-1 file: per
 * item, a description of each level 1..5 ("descriptors") and an
 * "essential" flag (what a first-year action plan starts with); per grid,
 * the version it revises ("previous") with, per item, the items of that
 * version it continues ("replaces"), so that assessments made with either
 * version can be compared. */
#ifndef VIGIE_GRID_H
#define VIGIE_GRID_H

#include <stddef.h>

#define VG_GRID_FORMAT    "vigie-assessment/2" /* what this Vigie writes about */
#define VG_GRID_FORMAT_1  "vigie-assessment/1" /* still read: the grids of 2026 */
#define VG_GRID_MAX_BYTES (1024 * 1024)        /* a grid file larger than this is refused */

/* Answer levels, as stored and scored. 1..5 are the maturity levels. */
enum {
    VG_LEVEL_UNANSWERED = -2, /* no answer yet */
    VG_LEVEL_NA = -1,         /* not applicable: left out of every score */
    VG_LEVEL_UNKNOWN = 0      /* counted as 0, always in the action plan */
};
#define VG_LEVEL_MIN    1
#define VG_LEVEL_MAX    5
#define VG_GRID_NLEVELS 7 /* "1".."5", "na", "unknown", in this order */

/* Parse a level as typed: "1".."5", "na", "n/a", "unknown", "?", and the
 * French "so" (sans objet) and "inconnu"; case does not matter. VG_EINVALID
 * names the text. */
int vg_level_parse(int *out, const char *text);
/* The level's value in files and JSON: "1".."5", "na", "unknown"; NULL for
 * VG_LEVEL_UNANSWERED or anything else. */
const char *vg_level_code(int level);

typedef struct {
    char *value;       /* "1".."5", "na", "unknown" */
    char *label;       /* "Défini" */
    char *description; /* one sentence */
} vg_grid_level;

typedef struct {
    char *id;        /* "D3.2" */
    char *text;      /* the statement of practice */
    char *guidance;  /* what good looks like, or NULL */
    char **evidence; /* examples of evidence (nevidence, may be 0) */
    size_t nevidence;
    char **references; /* standards it draws on (nreferences, may be 0) */
    size_t nreferences;
    size_t domain; /* index into vg_grid.domains */
    int line;      /* line of its id in the file (1-based) */
    /* Format 2. What each level 1..5 means for this item (descriptors[0]
     * is level 1), or all NULL when the grid gives only the generic scale. */
    char *descriptors[VG_LEVEL_MAX];
    int essential;    /* 1: a first-year action plan starts with it */
    char **replaces;  /* with vg_grid.previous: ids of the previous version's */
    size_t nreplaces; /* items it continues (0: a new item) */
} vg_grid_item;

typedef struct {
    char *id; /* "D3" */
    char *title;
    size_t first_item; /* its items are items[first_item .. first_item + nitems - 1] */
    size_t nitems;
    int line; /* line of its id in the file (1-based) */
} vg_grid_domain;

typedef struct {
    char *source;  /* the name used in messages (a file name) */
    char *id;      /* "vigie-default" */
    char *version; /* "2026.1" */
    char *lang;    /* "fr" or "en" */
    char *title;
    char *notice;   /* or NULL */
    int format;     /* 1 or 2 */
    char *previous; /* format 2: the version of the same grid id this one revises, or NULL */
    vg_grid_level levels[VG_GRID_NLEVELS];
    int threshold; /* 1..5: a level below it goes to the action plan */
    vg_grid_domain *domains;
    size_t ndomains;
    vg_grid_item *items; /* every item, in file order */
    size_t nitems;
    char **warnings; /* "FILE:LINE:COL: PATH: message" */
    size_t nwarnings;
} vg_grid;

/* Parse and validate `len` bytes of a grid. `source` names it in messages
 * (for example "default.fr.yaml"). VG_EINVALID with the first problem as
 * "SOURCE:LINE:COL: PATH: message"; VG_ENOMEM. Free with vg_grid_free. */
int vg_grid_parse(vg_grid **out, const char *source, const unsigned char *buf, size_t len);
/* Read a file (at most VG_GRID_MAX_BYTES) and parse it; messages name the
 * path as given. VG_ENOTFOUND when it does not exist. */
int vg_grid_load(vg_grid **out, const char *path);
/* The same, and a copy of the bytes read in *text (NUL-terminated, caller
 * frees), for keeping the template exactly as it was loaded. */
int vg_grid_load_text(vg_grid **out, char **text, size_t *text_len, const char *path);

/* Check that two grids are language versions of one grid (FORMAT.md §6):
 * the same id, version, format, threshold and level values, different
 * languages, the same domains and items with the same ids in the same
 * order, the same references per item. VG_EINVALID names the first
 * difference. Differences that are allowed but suspicious (an optional key
 * present in one language only) are appended to b's warnings. */
int vg_grid_check_pair(const vg_grid *a, vg_grid *b);

/* The item with id `id` (exact match), or NULL; *index_out (may be NULL)
 * gets its position in items[]. */
const vg_grid_item *vg_grid_find_item(const vg_grid *g, const char *id, size_t *index_out);
/* The level entry for a level (1..5, VG_LEVEL_NA, VG_LEVEL_UNKNOWN), or NULL. */
const vg_grid_level *vg_grid_level_of(const vg_grid *g, int level);

/* What level `level` (1..5) means for item `it`: its own descriptor when
 * the grid has one, else NULL (the caller falls back to the generic
 * description of vg_grid_level_of). */
const char *vg_grid_item_descriptor(const vg_grid_item *it, int level);
/* Number of items flagged essential. */
size_t vg_grid_essential_count(const vg_grid *g);

void vg_grid_free(vg_grid *g);

#endif
