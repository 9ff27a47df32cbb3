/* What the documents share: opening one with the organisation's name as
 * author, the profiles, bands and level colours. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/config.h>
#include <vigie/delegation.h>
#include <vigie/participant.h>
#include <vigie/error.h>
#include <vigie/vigie.h>

#include "export/doc.h"
#include "util/i18n.h"
#include "util/text.h"

/* The words people type for a profile, in French and in English (matching
 * keys: util/text.c VG_KEY_HEADER), and the profile each stands for. The
 * stored and audited name stays the English key ("board"). */
static const struct {
    const char *folded;
    unsigned profile;
} profile_words[] = {
    {"board", VG_PROFILE_BOARD},
    {"conseil", VG_PROFILE_BOARD},
    {"ca", VG_PROFILE_BOARD},
    {"conseildadministration", VG_PROFILE_BOARD},
    {"team", VG_PROFILE_TEAM},
    {"equipe", VG_PROFILE_TEAM},
    {"coordinator", VG_PROFILE_COORDINATOR},
    {"coordination", VG_PROFILE_COORDINATOR},
    {"coordonnateur", VG_PROFILE_COORDINATOR},
    {"coordonnatrice", VG_PROFILE_COORDINATOR},
};

int vg_export_profile_parse(const char *text, unsigned *out)
{
    char *k = text ? vg_text_key(text, VG_KEY_HEADER) : NULL;
    int found = 0;
    for (size_t i = 0; k && *k && i < sizeof profile_words / sizeof profile_words[0]; i++)
        if (!strcmp(profile_words[i].folded, k)) {
            *out = profile_words[i].profile;
            found = 1;
            break;
        }
    free(k);
    if (!found)
        return vg_error_set(VG_EINVALID, _("unknown profile \"%s\" (%s)"), text ? text : "",
                            vg_export_profile_choices());
    return VG_OK;
}

const char *vg_export_profile_choices(void)
{
    return _("board, team, coordinator");
}

const char *vg_export_profile_name(unsigned profile)
{
    switch (profile) {
    case VG_PROFILE_BOARD:
        return "board";
    case VG_PROFILE_TEAM:
        return "team";
    case VG_PROFILE_COORDINATOR:
        return "coordinator";
    default:
        return "?";
    }
}

const char *vg_export_profile_label(unsigned profile)
{
    switch (profile) {
    case VG_PROFILE_BOARD:
        /* TRANSLATORS: the export profile's name, as typed after --profile */
        return _("board");
    case VG_PROFILE_TEAM:
        return _("team");
    case VG_PROFILE_COORDINATOR:
        return _("coordinator");
    default:
        return "?";
    }
}

char *vg_doc_org(vg_store *st)
{
    char *v = NULL;
    if (vg_config_get(st, "org.name", &v) != VG_OK)
        return NULL;
    return v;
}

int vg_doc_open(vg_export **out, vg_store *st, const vg_export_req *req, const char *tz,
                const char *title, const char *subject, const char *keywords, const char *action,
                const char *object, const char *detail)
{
    vg_export_opts o = {0};
    char *org = vg_doc_org(st);
    char comments[96];
    int rc;
    snprintf(comments, sizeof comments, _("Written by Vigie %s"), vg_version());
    o.format = req->format;
    o.path = req->path;
    o.replace = req->replace;
    o.private_dir = vg_store_dir(st);
    o.tz = tz;
    o.lang = req->lang;
    o.csv_separator = req->csv_separator;
    o.paper = req->paper;
    o.title = title;
    o.subject = subject;
    o.author = org ? org : "Vigie";
    o.company = org;
    o.keywords = keywords;
    o.comments = comments;
    o.store = st;
    o.audit_action = action;
    o.audit_object = object;
    o.audit_detail = detail;
    rc = vg_export_open(out, &o);
    free(org);
    return rc;
}

unsigned vg_doc_level_style(int level)
{
    if (level >= 1 && level <= 5)
        return VG_XS_LEVEL(level);
    if (level == 0)
        return VG_XS_LEVEL(6);
    if (level == -1)
        return VG_XS_LEVEL(7);
    return 0;
}

int vg_doc_band(int score)
{
    if (score < 1 || score > 25)
        return 0;
    return score <= 4 ? 1 : score <= 9 ? 2 : score <= 16 ? 3 : 4;
}

const char *vg_doc_band_name(int band)
{
    switch (band) {
    case 1:
        return _("Low");
    case 2:
        return _("Medium");
    case 3:
        return _("High");
    case 4:
        return _("Critical");
    default:
        return "";
    }
}
