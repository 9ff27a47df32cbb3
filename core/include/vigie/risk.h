/* vigie/risk.h: a delegation's risk register.
 *
 * Each risk: a threat category (templates/threat-categories.yaml), a
 * scenario, where, who is most exposed, inherent likelihood and impact
 * (1 to 5), measures, an owner, residual likelihood and impact, a decision
 * (reduce, avoid, transfer, accept) and an approval. Score = likelihood x
 * impact; bands 1-4 low, 5-9 medium, 10-16 high, 17-25 critical.
 * Departure rule: a residual critical risk blocks it; a residual high risk
 * needs a named approval. Risks are numbered per delegation (R1, R2...).
 * Every function that changes data runs inside the caller's transaction and
 * appends an audit entry ("risk.<verb>", "<slug>/R<n>", no personal data). */
#ifndef VIGIE_RISK_H
#define VIGIE_RISK_H

#include <stddef.h>
#include <stdint.h>
#include <vigie/delegation.h>
#include <vigie/store.h>

/* ---- scales ---- */

typedef enum { VG_BAND_LOW = 1, VG_BAND_MEDIUM, VG_BAND_HIGH, VG_BAND_CRITICAL } vg_risk_band;

/* The band of a score 1..25 (0 for a score out of range). */
vg_risk_band vg_risk_band_of(int score);
/* "low", "medium", "high", "critical" (JSON, stable). */
const char *vg_risk_band_key(vg_risk_band b);
/* The band's label in the user's language ("Élevé" / "High"). */
const char *vg_risk_band_label(vg_risk_band b);
/* Labels of likelihood 1..5 ("Rare" ... "Almost certain") and impact 1..5
 * ("Negligible" ... "Critical") in the user's language; "" out of range. */
const char *vg_risk_likelihood_label(int level);
const char *vg_risk_impact_label(int level);

/* ---- threat categories (templates/threat-categories.yaml) ---- */

typedef struct {
    char *key; /* "armed-conflict" */
    char *fr;
    char *en;
} vg_threat_category;

typedef struct {
    vg_threat_category *v;
    size_t n;
} vg_threat_categories;

/* Read <data_dir>/templates/threat-categories.yaml (format vigie-threats/1,
 * described in the file's header; at most 64 KiB and 100 categories). The
 * eleven categories the country guides use must be there. VG_EINVALID with
 * "file:line: message"; VG_ENOTFOUND when the file is missing. */
int vg_threat_categories_load(const char *data_dir, vg_threat_categories **out);
int vg_threat_categories_parse(const char *name, const void *text, size_t len,
                               vg_threat_categories **out);
const vg_threat_category *vg_threat_category_find(const vg_threat_categories *c, const char *key);
/* The category a user typed: its key, or its French or English label (case,
 * accents and punctuation ignored: "Catastrophes naturelles"), or a short
 * word for it ("autre", "santé", "intimidation"). NULL if none. */
const vg_threat_category *vg_threat_category_match(const vg_threat_categories *c,
                                                   const char *typed);
/* The label in "fr" or "en". */
const char *vg_threat_category_label(const vg_threat_category *c, const char *lang);
void vg_threat_categories_free(vg_threat_categories *c);

/* ---- the register ---- */

typedef enum {
    VG_DECISION_NONE = 0,
    VG_DECISION_REDUCE,
    VG_DECISION_AVOID,
    VG_DECISION_TRANSFER,
    VG_DECISION_ACCEPT
} vg_risk_decision;

const char *vg_risk_decision_key(vg_risk_decision d);   /* "reduce"...; NULL for none */
const char *vg_risk_decision_label(vg_risk_decision d); /* user's language; "" for none */
/* VG_EINVALID for a word that is not a decision. */
int vg_risk_decision_parse(const char *text, vg_risk_decision *out);

typedef struct {
    int64_t id;
    int num; /* R<num> within its delegation */
    char *category;
    char *scenario;
    char *where;   /* or NULL: the whole country / not said */
    char *exposed; /* profile most exposed, or NULL */
    char *owner;   /* or NULL */
    char **measures;
    size_t nmeasures;
    int likelihood, impact;         /* inherent, 1..5 */
    int res_likelihood, res_impact; /* residual, 1..5, or both 0: not assessed */
    vg_risk_decision decision;
    int to_review;     /* seeded from the guide and not yet reviewed */
    char *origin;      /* "guide CO fr 2026.1" or "manual" */
    char *approved_by; /* or NULL */
    int64_t approved_at;
    int64_t created_at, updated_at;
    int review_incident; /* to review since incident I<n> of the delegation, or 0 */
} vg_risk;

/* The inherent and residual scores (0 when the residual is not assessed). */
int vg_risk_inherent(const vg_risk *r);
int vg_risk_residual(const vg_risk *r);

/* Check a risk's fields (VG_EINVALID naming the field): a known category,
 * scenario 1..1000 characters, likelihood and impact 1..5, residual both or
 * neither, each text one line, at most 20 measures. */
int vg_risk_check(const vg_threat_categories *cats, const vg_risk *r);

/* Seed the register of delegation `slug` from its country guide's threats
 * (store first, then data folder; the guide in `lang`, else the other),
 * each risk with the threat's regions and default scores and marked "to be
 * reviewed". VG_EEXISTS when risks were already seeded from a guide. */
typedef struct {
    size_t added;
    char country[3];
    char lang[3];
    char version[32];
} vg_risk_seed_result;
int vg_risk_seed(vg_store *st, const char *data_dir, const char *slug, const char *lang,
                 vg_risk_seed_result *res);

/* Add a risk (r->id and r->num are set). */
int vg_risk_add(vg_store *st, const char *data_dir, const char *slug, vg_risk *r);
/* A risk by reference "R3", "r3" or "3". VG_ENOTFOUND names it. */
int vg_risk_get(vg_store *st, const char *slug, const char *ref, vg_risk **out);
/* Save a risk got from vg_risk_get, edited: it is then reviewed. A change
 * of scores, decision or measures clears an approval (*cleared set to 1). */
int vg_risk_update(vg_store *st, const char *data_dir, const char *slug, vg_risk *r, int *cleared);
/* Approve a risk by name: its residual scores must be assessed. */
int vg_risk_approve(vg_store *st, const char *slug, const char *ref, const char *by);
/* Incident I<incident_num> of delegation `slug` happened: its risks of threat
 * category `category` are marked to review (vg_risk_update or approve clears
 * the mark). *count_out gets how many; 0 when the register has no such risk.
 * Audited per risk ("risk.flag"). */
int vg_risk_flag_incident(vg_store *st, const char *slug, const char *category, int incident_num,
                          size_t *count_out);
/* The register, sorted by residual score, then inherent score, highest
 * first (unassessed residuals count as their inherent score), then number. */
int vg_risk_list(vg_store *st, const char *slug, vg_risk ***out, size_t *n);
void vg_risk_free(vg_risk *r);
void vg_risk_list_free(vg_risk **list, size_t n);

/* ---- what the register says about departure ---- */

typedef struct {
    size_t total;
    size_t to_review;         /* seeded and never reviewed */
    size_t unassessed;        /* no residual scores */
    size_t residual_critical; /* block departure */
    size_t high_unapproved;   /* residual high without approval */
    char blocking[256];       /* "R2, R5": the risks behind the last two counts */
} vg_risk_readiness;

int vg_risk_readiness_get(vg_store *st, const char *slug, vg_risk_readiness *out);

/* Canadian advisory levels 3 and 4 that concern delegation `d`: the whole
 * country's level when it is 3 or 4, and each region of the guide that one
 * of the delegation's regions names (words matched ignoring case and
 * accents, in either direction). `region` is NULL for the country line. */
typedef struct {
    int level;
    char *region;  /* the guide's region, or NULL for the whole country */
    char *visited; /* the delegation's region that matched, or NULL */
    char *wording;
    char *note;
} vg_advisory_hit;

int vg_risk_advisory(vg_store *st, const char *data_dir, const vg_delegation *d, const char *lang,
                     vg_advisory_hit **out, size_t *n);
void vg_advisory_hits_free(vg_advisory_hit *v, size_t n);

#endif
