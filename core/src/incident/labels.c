/* The incident register's vocabulary, one home each: the categories (drawn
 * from the suggested definitions of the Security Incident Information
 * Management handbook, RedR UK / Insecurity Insight / EISF, and the IFRC and
 * GISF lists), the severity scale, the roles of people, the kinds of timeline
 * entries and whether procedures were followed. Each has its stored key, its
 * label in the user's language (the CLI and the exports use these) and the
 * French words the CLI accepts. */
#include <stdlib.h>
#include <string.h>
#include <vigie/error.h>
#include <vigie/incident.h>

#include "util/i18n.h"
#include "util/text.h"

/* key, label, French word, the risk register's threat category, sensitive */
static const vg_incident_category categories[] = {
    {"robbery", N_("robbery"), "vol", "crime", 0},
    {"assault", N_("assault"), "agression", "crime", 0},
    {"sexual-violence", N_("sexual violence"), "violence sexuelle", "sexual-violence", 1},
    {"kidnapping", N_("kidnapping or detention"), "enlèvement", "kidnapping", 0},
    {"threat", N_("threat or harassment"), "menace", "threats-to-partners", 0},
    {"arrest", N_("arrest"), "arrestation", "detention", 0},
    {"road-accident", N_("road accident"), "accident de la route", "road", 0},
    {"illness", N_("illness"), "maladie", "health", 1},
    {"civil-unrest", N_("civil unrest"), "troubles civils", "unrest", 0},
    {"natural-disaster", N_("natural disaster"), "catastrophe naturelle", "natural-hazard", 0},
    {"digital-attack", N_("digital attack"), "attaque numérique", "surveillance", 0},
    {"other", N_("other incident"), "autre", "other", 0},
    {NULL, NULL, NULL, NULL, 0},
};

/* A few more words people type for the same categories. */
static const struct {
    const char *word, *key;
} synonyms[] = {
    {"theft", "robbery"},
    {"agression sexuelle", "sexual-violence"},
    {"detention", "kidnapping"},
    {"détention", "kidnapping"},
    {"enlevement ou detention", "kidnapping"},
    {"harassment", "threat"},
    {"harcèlement", "threat"},
    {"menace ou harcelement", "threat"},
    {"accident", "road-accident"},
    {"accident routier", "road-accident"},
    {"sickness", "illness"},
    {"unrest", "civil-unrest"},
    {"manifestation", "civil-unrest"},
    {"disaster", "natural-disaster"},
    {"cyberattaque", "digital-attack"},
    {"cyberattack", "digital-attack"},
    {"other", "other"},
};

const vg_incident_category *vg_incident_categories(void)
{
    return categories;
}

const vg_incident_category *vg_incident_category_find(const char *key)
{
    for (size_t i = 0; key && categories[i].key; i++)
        if (!strcmp(categories[i].key, key))
            return &categories[i];
    return NULL;
}

/* 1 if `a` and `b` match ignoring case, accents, spaces and dashes. */
static int same(const char *typed_key, const char *b)
{
    char *kb = vg_text_key(b, VG_KEY_HEADER);
    int eq = kb && !strcmp(typed_key, kb);
    free(kb);
    return eq;
}

const vg_incident_category *vg_incident_category_parse(const char *typed)
{
    const vg_incident_category *hit = NULL;
    char *k;
    if (!typed || !(k = vg_text_key(typed, VG_KEY_HEADER)) || !*k) {
        if (typed)
            free(k);
        return NULL;
    }
    for (size_t i = 0; !hit && categories[i].key; i++)
        if (same(k, categories[i].key) || same(k, categories[i].label) ||
            same(k, categories[i].word_fr) || same(k, _(categories[i].label)))
            hit = &categories[i];
    for (size_t i = 0; !hit && i < sizeof synonyms / sizeof synonyms[0]; i++)
        if (same(k, synonyms[i].word))
            hit = vg_incident_category_find(synonyms[i].key);
    free(k);
    return hit;
}

const char *vg_incident_category_label(const char *key)
{
    const vg_incident_category *c = vg_incident_category_find(key);
    return c ? _(c->label) : (key ? key : "");
}

/* ---- severity ---- */

static const struct {
    const char *name, *label, *word_fr;
} severities[VG_SEVERITY_MAX] = {
    {"minor", N_("minor"), "mineur"},         {"moderate", N_("moderate"), "modéré"},
    {"serious", N_("serious"), "grave"},      {"severe", N_("severe"), "très grave"},
    {"critical", N_("critical"), "critique"},
};

const char *vg_incident_severity_name(int s)
{
    return s >= VG_SEVERITY_MIN && s <= VG_SEVERITY_MAX ? severities[s - 1].name : "";
}

const char *vg_incident_severity_label(int s)
{
    return s >= VG_SEVERITY_MIN && s <= VG_SEVERITY_MAX ? _(severities[s - 1].label) : "";
}

int vg_incident_severity_parse(const char *typed, int *out)
{
    char *k;
    if (typed && typed[0] >= '1' && typed[0] <= '5' && !typed[1]) {
        *out = typed[0] - '0';
        return VG_OK;
    }
    if (typed && (k = vg_text_key(typed, VG_KEY_HEADER)) != NULL) {
        for (int i = 0; i < VG_SEVERITY_MAX; i++)
            if (same(k, severities[i].name) || same(k, severities[i].word_fr) ||
                same(k, _(severities[i].label))) {
                *out = i + 1;
                free(k);
                return VG_OK;
            }
        free(k);
    }
    return vg_error_set(VG_EINVALID,
                        _("\"%s\" is not a severity (1 to 5: minor, moderate, serious, severe, "
                          "critical)"),
                        typed ? typed : "");
}

/* ---- procedures followed ---- */

static const struct {
    const char *name, *label, *word_fr;
} procedures[] = {
    {"unsaid", N_("not said"), "non dit"},
    {"yes", N_("yes"), "oui"},
    {"partly", N_("partly"), "en partie"},
    {"no", N_("no"), "non"},
};

const char *vg_incident_procedures_name(vg_incident_procedures p)
{
    return p <= VG_PROC_NO ? procedures[p].name : "";
}

const char *vg_incident_procedures_label(vg_incident_procedures p)
{
    return p <= VG_PROC_NO ? _(procedures[p].label) : "";
}

int vg_incident_procedures_parse(const char *typed, vg_incident_procedures *out)
{
    char *k;
    if (typed && (k = vg_text_key(typed, VG_KEY_HEADER)) != NULL) {
        for (int i = VG_PROC_YES; i <= VG_PROC_NO; i++)
            if (same(k, procedures[i].name) || same(k, procedures[i].word_fr) ||
                same(k, _(procedures[i].label))) {
                *out = (vg_incident_procedures)i;
                free(k);
                return VG_OK;
            }
        free(k);
    }
    return vg_error_set(VG_EINVALID, _("\"%s\": were the procedures followed? yes, partly or no"),
                        typed ? typed : "");
}

/* ---- roles of people ---- */

#define ROLES(X)                                                                                   \
    X("affected", N_("affected"), "personne touchée")                                              \
    X("witness", N_("witness"), "témoin")                                                          \
    X("reporter", N_("reported it"), "signalement")                                                \
    X("other", N_("other role"), "autre")
#define RKEY(k, l, f)   k,
#define RLABEL(k, l, f) l,
#define RWORD(k, l, f)  f,
static const char *const role_keys[] = {ROLES(RKEY) NULL};
static const char *const role_labels[] = {ROLES(RLABEL) NULL};
static const char *const role_words[] = {ROLES(RWORD) NULL};

const char *const *vg_incident_roles(void)
{
    return role_keys;
}

const char *vg_incident_role_label(const char *role)
{
    for (size_t i = 0; role && role_keys[i]; i++)
        if (!strcmp(role, role_keys[i]))
            return _(role_labels[i]);
    return role ? role : "";
}

const char *vg_incident_role_parse(const char *typed)
{
    const char *hit = NULL;
    char *k;
    if (!typed || !(k = vg_text_key(typed, VG_KEY_HEADER)))
        return NULL;
    for (size_t i = 0; !hit && role_keys[i]; i++)
        if (same(k, role_keys[i]) || same(k, role_words[i]) || same(k, _(role_labels[i])))
            hit = role_keys[i];
    if (!hit && (same(k, "victime") || same(k, "victim") || same(k, "touchee")))
        hit = "affected";
    free(k);
    return hit;
}

/* ---- kinds of timeline entries ---- */

static const struct {
    const char *name, *label, *word_fr;
} entries[VG_ENTRY_KIND_COUNT] = {
    {"report", N_("report"), "signalement"},  {"call", N_("call"), "appel"},
    {"decision", N_("decision"), "décision"}, {"message", N_("message"), "message"},
    {"informed", N_("informed"), "informé"},  {"note", N_("note"), "note"},
    {"alert", N_("alert"), "alerte"},         {"checkin", N_("check-in"), "check-in"},
    {"episode", N_("overdue"), "retard"},     {"notification", N_("notification"), "notification"},
    {"close", N_("closing"), "clôture"},
};

const char *vg_incident_entry_name(vg_entry_kind k)
{
    return k < VG_ENTRY_KIND_COUNT ? entries[k].name : "";
}

const char *vg_incident_entry_label(vg_entry_kind k)
{
    return k < VG_ENTRY_KIND_COUNT ? _(entries[k].label) : "";
}

int vg_incident_entry_parse(const char *typed, vg_entry_kind *out)
{
    char *k;
    if (typed && (k = vg_text_key(typed, VG_KEY_HEADER)) != NULL) {
        for (int i = VG_ENTRY_CALL; i <= VG_ENTRY_NOTE; i++)
            if (same(k, entries[i].name) || same(k, entries[i].word_fr) ||
                same(k, _(entries[i].label)) || (i == VG_ENTRY_INFORMED && same(k, "informee"))) {
                *out = (vg_entry_kind)i;
                free(k);
                return VG_OK;
            }
        free(k);
    }
    return vg_error_set(VG_EINVALID,
                        _("\"%s\" is not a kind of entry (call, decision, message, informed, "
                          "note)"),
                        typed ? typed : "");
}
