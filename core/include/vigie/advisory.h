/* vigie/advisory.h: Canada's official travel advisories, read from the
 * Government of Canada's open data (Open Government Licence - Canada) and
 * compared with the country guides.
 *
 * Two file shapes are read, both JSON, both untrusted:
 *   - the index, index-updated.json: {"metadata":{"generated":{...}},
 *     "data":{"CO":{"country-iso":"CO","advisory-state":1,
 *     "has-regional-advisory":1,"date-published":{...},"eng":{...},
 *     "fra":{...}}, ...}}
 *   - one destination, cta-cap-XX.json: {"metadata":{...},"data":{
 *     "country-iso":"CO","advisory-state":1,"date-published":{...},
 *     "eng":{"name":...,"advisories":"<html>",...,"offices":[...]},
 *     "fra":{...}}}
 * `advisory-state` 0..3 is Canada's level 1..4 (normal precautions, high
 * degree of caution, avoid non-essential travel, avoid all travel).
 *
 * Vigie keeps, per country, the official level, its publication time, the
 * file's own generation time and, from a per-destination file, the regional
 * advisories; nothing else of the files is kept. */
#ifndef VIGIE_ADVISORY_H
#define VIGIE_ADVISORY_H

#include <stddef.h>
#include <stdint.h>
#include <vigie/store.h>

/* Files larger than this are refused unread (the index is about 1.5 MiB). */
#define VG_ADVISORY_MAX_BYTES (16 * 1024 * 1024)
/* Where --fetch downloads the index (VIGIE_ADVISORY_URL replaces it: tests). */
#define VG_ADVISORY_INDEX_URL "https://data.international.gc.ca/travel-voyage/index-updated.json"

typedef struct {
    int level;     /* 1..4 */
    char *text_en; /* "Chiapas, excluding ...", or NULL */
    char *text_fr; /* or NULL */
} vg_official_region;

typedef struct {
    char country[3];   /* "CO" */
    int level;         /* 1..4 */
    int64_t published; /* seconds since the epoch */
    int has_regional;  /* the index's has-regional-advisory */
    char *name_en, *name_fr;
    int detailed; /* 1 when read from a per-destination file: regions below */
    vg_official_region *regions;
    size_t nregions;
} vg_official;

typedef enum { VG_ADVISORY_INDEX = 1, VG_ADVISORY_DESTINATION = 2 } vg_advisory_kind;

typedef struct {
    vg_advisory_kind kind;
    int64_t generated; /* the file's generation time (metadata.generated), or
                          the latest publication when the file has none */
    int generated_known;
    vg_official *v;
    size_t n;
} vg_advisory_file;

/* Parse and validate one file. `name` prefixes the message. VG_EINVALID
 * with the reason (malformed, truncated, too deep, an out-of-range level, a
 * date in the future...). Free with vg_advisory_file_free. */
int vg_advisory_parse(const char *name, const void *text, size_t len, vg_advisory_file **out);
void vg_advisory_file_free(vg_advisory_file *f);
/* The same from a file, read bounded by VG_ADVISORY_MAX_BYTES; the message
 * names it by `path`. VG_ENOTFOUND if it does not exist. */
int vg_advisory_parse_file(const char *path, vg_advisory_file **out);

/* One change an import made, for the report. */
typedef struct {
    char country[3];
    char name[96];            /* in English */
    char name_fr[96];         /* in French ("" when the file has none) */
    int old_level, new_level; /* old 0: the country was not known */
    int64_t old_published, new_published;
    int regions_changed;
    int older_kept; /* the file was older than what the store had: not used */
} vg_advisory_change;

typedef struct {
    size_t countries; /* read from the files */
    size_t stored;    /* rows written */
    vg_advisory_change *changes;
    size_t nchanges;
} vg_advisory_import_result;

/* Store every country of `f` inside the caller's transaction, audited as
 * "advisory.import". A country whose stored publication is newer than the
 * file's is kept as it is (older_kept in the changes). */
int vg_advisory_store(vg_store *st, const vg_advisory_file *f, vg_advisory_import_result *res);
void vg_advisory_import_result_free(vg_advisory_import_result *res);

/* The official data stored for `country` (VG_ENOTFOUND if none). Free with
 * vg_official_free. `generated` and `imported_at` may be NULL. */
int vg_advisory_get(vg_store *st, const char *country, vg_official **out, int64_t *generated,
                    int64_t *imported_at);
void vg_official_free(vg_official *o);

/* The official data compared with a country's guide. */
typedef struct {
    char country[3];
    int official_level;
    int64_t official_published;
    int64_t generated;
    int guide_level;
    int32_t guide_reviewed; /* day */
    char guide_version[32];
    int level_differs;
    int newer_than_guide; /* published after the day the guide was reviewed */
    char **region_diffs;  /* one sentence each, in `lang` */
    size_t nregion_diffs;
} vg_advisory_cmp;

/* Compare the stored official data for `country` with its guide in `lang`.
 * VG_ENOTFOUND when there is no official data or no guide for it; *attention
 * (may be NULL) is set when the level differs, the official data is newer
 * than the guide's review, or a region differs. */
int vg_advisory_compare(vg_store *st, const char *data_dir, const char *country, const char *lang,
                        vg_advisory_cmp *out, int *attention);
void vg_advisory_cmp_free(vg_advisory_cmp *c);

/* Download `url` (https only, certificates checked, at most
 * VG_ADVISORY_MAX_BYTES, 30 s) into a malloc'd buffer. VG_EUNSUPPORTED when
 * the computer is offline or the host cannot be reached (nothing was
 * fetched); VG_ERROR for any other failure; the message says which. */
int vg_advisory_fetch(const char *url, char **out, size_t *len);
/* The same, trusting only the certificate authorities of the PEM file
 * `ca_file` (NULL: the system's store), as an organisation behind its own
 * TLS proxy needs. Verification is never turned off. */
int vg_advisory_fetch_ca(const char *url, const char *ca_file, char **out, size_t *len);

#endif
