/* The participant's briefing pack: what one person takes to the field on
 * paper, in their language, for the day the phone is dead, lost or taken.
 *
 * What it reads, and only that: the delegation (name, dates, zone,
 * regions), its check-in plan and escalation ladder, its emergency
 * contacts (vg_delegation_emergency_contacts: its own, the guide's, Canada's
 * centre), the organisation's 24/7 line (settings), the country guide, the
 * card's status words, and the fields of this one participant's emergency
 * profile listed in personal_fields[] below. Proof of life is not a field
 * and is never loaded; no other participant is ever read.
 *
 * The document's text is translated with _(): the caller sets the
 * language of messages to the pack's (req->lang) while it is made. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <vigie/audit.h>
#include <vigie/card.h>
#include <vigie/checkin.h>
#include <vigie/clock.h>
#include <vigie/config.h>
#include <vigie/contact.h>
#include <vigie/delegation.h>
#include <vigie/error.h>
#include <vigie/guide.h>
#include <vigie/paper.h>
#include <vigie/participant.h>
#include <vigie/risk.h>

#include "util/i18n.h"

const char *vg_brief_language(const vg_participant *p, const char *fallback)
{
    static const struct {
        const char *word, *lang;
    } words[] = {{"fran", "fr"}, {"french", "fr"},  {"fr", "fr"},
                 {"angl", "en"}, {"english", "en"}, {"en", "en"}};
    const char *v = p ? p->v[VG_PF_LANGUAGES] : NULL;
    /* the first language named wins: scan the text word by word */
    while (v && *v) {
        size_t n;
        v += strspn(v, " ,;/-()\t");
        n = strcspn(v, " ,;/-()\t");
        for (size_t i = 0; n && i < sizeof words / sizeof *words; i++) {
            size_t w = strlen(words[i].word);
            if ((w == 2 && n == 2 && !strncasecmp(v, words[i].word, 2)) ||
                (w > 2 && n >= w && !strncasecmp(v, words[i].word, w)))
                return words[i].lang;
        }
        v += n;
    }
    return fallback && !strcmp(fallback, "en") ? "en" : "fr";
}

/* "08:00" */
static void hhmm(char out[8], int minutes)
{
    snprintf(out, 8, "%02d:%02d", (minutes / 60) % 24, minutes % 60);
}

/* "America/Port-au-Prince" -> "Port-au-Prince" */
static const char *zone_city(const char *tz, char *out, size_t size)
{
    const char *c = tz ? strrchr(tz, '/') : NULL;
    snprintf(out, size, "%s", c ? c + 1 : tz ? tz : "");
    for (char *q = out; *q; q++)
        if (*q == '_')
            *q = ' ';
    return out;
}

static const char *to_check(vg_fact_status s)
{
    return s == VG_FACT_TO_CHECK ? _(" (to be checked)") : "";
}

/* The guide names a region "Cauca (département)" or "Cesar : municipalités
 * de ..."; a delegation names it "Cauca". */
static int region_matches(const char *guide_name, const char *visited)
{
    size_t n = strlen(visited);
    return !strncasecmp(guide_name, visited, n) &&
           (guide_name[n] == '\0' ||
            (guide_name[n] == ' ' && (guide_name[n + 1] == '(' || guide_name[n + 1] == ':')));
}

/* ---- the parts ----------------------------------------------------------- */

static int part_delegation(vg_paper *pp, const vg_delegation *d, const vg_guide *g,
                           const char *lang)
{
    char d1[16], d2[16], dates[48], city[64], buf[512];
    int rc;
    vg_date_format(d1, d->start_day);
    vg_date_format(d2, d->end_day);
    snprintf(dates, sizeof dates, "%s → %s", d1, d2);
    if ((rc = vg_paper_heading(pp, 2, _("The delegation"))) != VG_OK ||
        (rc = vg_paper_table(pp, (vg_paper_col[]){{NULL, 1, VG_PS_BOLD}, {NULL, 3, 0}}, 2)) !=
            VG_OK ||
        (rc = vg_paper_row(pp, (const char *const[]){_("Delegation"), d->name}, NULL)) != VG_OK ||
        (rc = vg_paper_row(pp, (const char *const[]){_("Dates"), dates}, NULL)) != VG_OK)
        return rc;
    snprintf(buf, sizeof buf, _("%s time (%s)"), zone_city(d->tz, city, sizeof city), d->tz);
    if ((rc = vg_paper_row(pp, (const char *const[]){_("Local time"), buf}, NULL)) != VG_OK)
        return rc;
    /* not the team lead's name: another participant's data */
    if ((rc = vg_paper_table_end(pp)) != VG_OK)
        return rc;

    /* Canada's advisory: the country, then each region visited */
    if ((rc = vg_paper_heading(pp, 3, _("Canada's travel advice for the places you visit"))) !=
            VG_OK ||
        (rc = vg_paper_table(pp,
                             (vg_paper_col[]){{_("Place"), 2, VG_PS_BOLD},
                                              {_("Level"), 1, VG_PS_CENTER | VG_PS_BOLD},
                                              {_("What Canada advises"), 4, 0}},
                             3)) != VG_OK)
        return rc;
    {
        int level = g->advisory.level;
        char lv[32];
        unsigned st[3] = {0, VG_PS_FILL(level >= 1 ? level : 0), 0};
        snprintf(lv, sizeof lv, _("Level %d"), level);
        snprintf(buf, sizeof buf, "%s%s", g->advisory.wording ? g->advisory.wording : "",
                 to_check(g->advisory.status));
        if ((rc = vg_paper_row(pp, (const char *const[]){_("The whole country"), lv, buf}, st)) !=
            VG_OK)
            return rc;
    }
    for (size_t i = 0; i < d->nregions; i++) {
        int found = 0;
        char lv[32];
        for (size_t k = 0; k <= g->advisory.nregions; k++) {
            const vg_guide_region *r = k < g->advisory.nregions ? &g->advisory.regions[k] : NULL;
            int level;
            if (r ? !region_matches(r->name, d->regions[i]) : found)
                continue;
            found = 1;
            level = r ? r->level : g->advisory.level;
            snprintf(lv, sizeof lv, _("Level %d"), level);
            if (r)
                snprintf(buf, sizeof buf, "%s%s%s%s", r->wording ? r->wording : "",
                         r->note ? ". " : "", r->note ? r->note : "", to_check(r->status));
            else
                snprintf(buf, sizeof buf, "%s", _("the whole country's level"));
            if ((rc = vg_paper_row(pp, (const char *const[]){r ? r->name : d->regions[i], lv, buf},
                                   (const unsigned[]){0, VG_PS_FILL(level >= 1 ? level : 0), 0})) !=
                VG_OK)
                return rc;
        }
    }
    if ((rc = vg_paper_table_end(pp)) != VG_OK)
        return rc;
    /* elsewhere: the regions Canada says to avoid, in one line */
    {
        char list[2048] = "";
        size_t o = 0;
        for (size_t k = 0; k < g->advisory.nregions; k++) {
            const vg_guide_region *r = &g->advisory.regions[k];
            int visited = 0;
            for (size_t i = 0; i < d->nregions; i++)
                visited |= region_matches(r->name, d->regions[i]);
            if (r->level >= 3 && !visited && o < sizeof list)
                o += (size_t)snprintf(list + o, sizeof list - o, "%s%s (%d)", o ? ", " : "",
                                      r->name, r->level);
        }
        if (o) {
            snprintf(buf, sizeof buf, "%s", _("Elsewhere, Canada advises against travel to: "));
            if ((rc = vg_paper_text(pp, buf, VG_PS_BOLD | VG_PS_SMALL)) != VG_OK ||
                (rc = vg_paper_text(pp, list, VG_PS_SMALL)) != VG_OK)
                return rc;
        }
    }
    (void)lang;
    return vg_paper_text(pp,
                         _("Levels: 1 take normal security precautions; 2 exercise a high degree "
                           "of caution; 3 avoid non-essential travel; 4 avoid all travel."),
                         VG_PS_SMALL | VG_PS_MUTED);
}

static int part_checkin(vg_paper *pp, vg_store *st, const vg_delegation *d, const char *data_dir,
                        const char *lang, const char *org_phone)
{
    vg_checkin_plan plan;
    vg_ladder *ladder = NULL;
    char city[64], buf[1024], times[VG_CHECKIN_MAX_DAILY * 8 + 16] = "";
    size_t o = 0;
    int rc, en = !strcmp(lang, "en");

    if ((rc = vg_paper_heading(pp, 2, _("Checking in"))) != VG_OK)
        return rc;
    rc = vg_checkin_plan_get(st, d->slug, &plan);
    if (rc == VG_ENOTFOUND) {
        vg_error_clear();
        return vg_paper_text(pp, _("No check-in plan is set yet: ask the coordination for it."),
                             VG_PS_BOX | VG_PS_BOLD);
    }
    if (rc != VG_OK)
        return rc;
    for (int i = 0; i < plan.ndaily; i++) {
        char t[8];
        hhmm(t, plan.daily[i]);
        o += (size_t)snprintf(times + o, sizeof times - o, "%s%s", i ? ", " : "", t);
    }
    zone_city(d->tz, city, sizeof city);
    if ((rc = vg_paper_table(pp, (vg_paper_col[]){{NULL, 1, VG_PS_BOLD}, {NULL, 3, 0}}, 2)) !=
        VG_OK)
        return rc;
    snprintf(buf, sizeof buf, _("every day at %s, %s time"), times, city);
    if ((rc = vg_paper_row(pp, (const char *const[]){_("When"), buf}, NULL)) != VG_OK)
        return rc;
    snprintf(buf, sizeof buf, _("up to %d minutes after each time (and from %d minutes before it)"),
             plan.grace, plan.early);
    if ((rc = vg_paper_row(pp, (const char *const[]){_("On time"), buf}, NULL)) != VG_OK)
        return rc;
    snprintf(buf, sizeof buf, "%s%s%s",
             _("a message by SMS, WhatsApp or Signal, or a call, to the coordination"),
             org_phone ? ": " : "", org_phone ? org_phone : "");
    if ((rc = vg_paper_row(pp, (const char *const[]){_("How"), buf}, NULL)) != VG_OK)
        return rc;
    if ((rc = vg_paper_row(
             pp,
             (const char *const[]){
                 _("What"), _("WORD CODE PLACE: the status word, the next code of your "
                              "check-in card, where you are (\"OK 482913 Cali\"). With a field "
                              "kit: the code it makes.")},
             NULL)) != VG_OK ||
        (rc = vg_paper_table_end(pp)) != VG_OK)
        return rc;

    /* the status words: the card's own table, what Vigie reads */
    if ((rc = vg_paper_heading(pp, 3, _("The status words"))) != VG_OK ||
        (rc = vg_paper_table(pp,
                             (vg_paper_col[]){{_("Status"), 1, VG_PS_BOLD},
                                              {_("Words you can send"), 3, VG_PS_MONO}},
                             2)) != VG_OK)
        return rc;
    for (int s = VG_CHECKIN_OK; s <= VG_CHECKIN_EMERGENCY; s++) {
        char words[256] = "";
        size_t w = 0;
        for (size_t k = 0; k < vg_card_nwords; k++) {
            const vg_card_word *cw = &vg_card_words[k];
            if ((int)cw->status != s || !cw->printed)
                continue;
            w += (size_t)snprintf(words + w, sizeof words - w, "%s%s", w ? " · " : "", cw->word);
            if (w >= sizeof words)
                break;
        }
        if ((rc = vg_paper_row(
                 pp, (const char *const[]){vg_checkin_status_label((vg_checkin_status)s), words},
                 NULL)) != VG_OK)
            return rc;
    }
    if ((rc = vg_paper_table_end(pp)) != VG_OK)
        return rc;

    /* what happens when a check-in is late: the delegation's ladder */
    if ((rc = vg_paper_heading(pp, 3, _("If you are late"))) != VG_OK)
        return rc;
    if ((rc = vg_checkin_ladder_get(st, d->slug, data_dir, &ladder)) != VG_OK)
        return rc;
    if ((rc = vg_paper_table(pp,
                             (vg_paper_col[]){{_("After the grace period"), 1, VG_PS_BOLD},
                                              {_("What the coordination does"), 4, 0}},
                             2)) != VG_OK)
        goto done;
    for (size_t i = 0; i < ladder->nsteps; i++) {
        const vg_ladder_step *s = &ladder->steps[i];
        long m = (long)(s->after / 60);
        char when[48];
        if (m < 60)
            snprintf(when, sizeof when, _("%ld min"), m);
        else
            snprintf(when, sizeof when, _("%ld h %02ld"), m / 60, m % 60);
        if ((rc = vg_paper_row(
                 pp, (const char *const[]){when, s->action[en] ? s->action[en] : s->action[0]},
                 NULL)) != VG_OK)
            goto done;
    }
    rc = vg_paper_text(pp,
                       _("A late check-in is not a fault: send it as soon as you can, even late; "
                         "it stops the calls. If you cannot, the people above will look for you."),
                       0);
done:
    vg_ladder_free(ladder);
    return rc;
}

/* The roles a lost pack may show: never the accommodation (where people
 * sleep), as on the card. */
static int callable(const vg_contact *c)
{
    return strcmp(c->role, "accommodation") != 0;
}

static int part_calls(vg_paper *pp, vg_store *st, const vg_delegation *d, const char *data_dir,
                      const char *lang, const char *org_name, const char *org_phone)
{
    vg_contact **list = NULL;
    size_t n = 0;
    int rc, k = 0;
    char num[8], who[512], note[512];
    /* in order: the organisation, local emergency services, the embassy,
     * Canada's centre, then the delegation's own contacts */
    static const char *const order[] = {"emergency-service", "embassy", "ewrc", NULL};

    if ((rc = vg_paper_heading(pp, 2, _("Whom to call, in this order"))) != VG_OK ||
        (rc = vg_paper_text(pp,
                            _("Numbers that start with + are dialled as written from a mobile "
                              "phone, in the country or anywhere; short numbers work only in the "
                              "country."),
                            VG_PS_SMALL)) != VG_OK)
        return rc;
    if ((rc = vg_delegation_emergency_contacts(st, data_dir, d->slug, lang,
                                               VG_EC_OWN | VG_EC_GUIDE | VG_EC_EWRC, &list, &n)) !=
        VG_OK)
        return rc;
    if ((rc = vg_paper_table(pp,
                             (vg_paper_col[]){{"", 0.35, VG_PS_BOLD},
                                              {_("Who"), 3, 0},
                                              {_("Number"), 2, VG_PS_MONO | VG_PS_BOLD},
                                              {_("Note"), 2.2, VG_PS_SMALL}},
                             4)) != VG_OK)
        goto done;
    if (org_phone) {
        snprintf(num, sizeof num, "%d", ++k & 0xffff);
        snprintf(who, sizeof who, "%s", org_name ? org_name : _("The organisation"));
        if ((rc = vg_paper_row(pp,
                               (const char *const[]){num, who, org_phone,
                                                     _("24/7 line: first call, for everything")},
                               NULL)) != VG_OK)
            goto done;
    }
    for (int pass = 0; order[pass] || pass == 3; pass++) {
        for (size_t i = 0; i < n; i++) {
            const vg_contact *c = list[i];
            int in_order = 0;
            for (int j = 0; order[j]; j++)
                in_order |= !strcmp(c->role, order[j]);
            if (order[pass] ? strcmp(c->role, order[pass]) != 0 : in_order || !callable(c))
                continue;
            if (!c->phone && !c->email)
                continue;
            snprintf(num, sizeof num, "%d", ++k & 0xffff);
            if (c->from_guide || !strcmp(c->role, "ewrc"))
                snprintf(who, sizeof who, "%s", c->name ? c->name : "");
            else
                snprintf(who, sizeof who, "%s (%s)", c->name ? c->name : "",
                         vg_contact_role_label(c->role));
            snprintf(note, sizeof note, "%s%s%s", c->note ? c->note : "",
                     c->note && c->email ? " · " : "", c->email ? c->email : "");
            if ((rc = vg_paper_row(pp,
                                   (const char *const[]){num, who, c->phone ? c->phone : "", note},
                                   NULL)) != VG_OK)
                goto done;
            if (!strcmp(c->role, "ewrc")) {
                /* the centre also answers text messages */
                if ((rc = vg_paper_row(pp,
                                       (const char *const[]){"", _("the same centre, by SMS"),
                                                             VG_EWRC_SMS, _("text message")},
                                       NULL)) != VG_OK ||
                    (rc = vg_paper_row(pp,
                                       (const char *const[]){"", _("the same centre, by WhatsApp"),
                                                             VG_EWRC_WHATSAPP, "WhatsApp"},
                                       NULL)) != VG_OK)
                    goto done;
            }
        }
        if (!order[pass])
            break;
    }
    rc = vg_paper_table_end(pp);
done:
    vg_contact_list_free(list, n);
    return rc;
}

static int part_guide(vg_paper *pp, const vg_guide *g, const char *data_dir, const char *lang)
{
    vg_threat_categories *cats = NULL;
    char buf[4096];
    int rc;
    size_t order[64], n = 0;

    if ((rc = vg_paper_heading(pp, 2, _("What to know before you leave"))) != VG_OK)
        return rc;
    if (g->nentry) {
        if ((rc = vg_paper_heading(pp, 3, _("Entry"))) != VG_OK)
            return rc;
        for (size_t i = 0; i < g->nentry; i++) {
            snprintf(buf, sizeof buf, "• %s%s", g->entry[i].text, to_check(g->entry[i].status));
            if ((rc = vg_paper_text(pp, buf, 0)) != VG_OK)
                return rc;
        }
    }
    if (g->nhealth) {
        if ((rc = vg_paper_heading(pp, 3, _("Health"))) != VG_OK)
            return rc;
        for (size_t i = 0; i < g->nhealth; i++) {
            snprintf(buf, sizeof buf, "• %s%s", g->health[i].text, to_check(g->health[i].status));
            if ((rc = vg_paper_text(pp, buf, 0)) != VG_OK)
                return rc;
        }
    }
    /* the main threats, the most serious first */
    if (g->nthreats) {
        vg_error_state e;
        vg_error_save(&e, VG_OK);
        if (vg_threat_categories_load(data_dir, &cats) != VG_OK)
            cats = NULL;
        vg_error_restore(&e);
        for (size_t i = 0; i < g->nthreats && n < 64; i++)
            order[n++] = i;
        for (size_t i = 1; i < n; i++)
            for (size_t j = i; j > 0; j--) {
                const vg_guide_threat *a = &g->threats[order[j - 1]], *b = &g->threats[order[j]];
                if (a->likelihood * a->impact >= b->likelihood * b->impact)
                    break;
                size_t t = order[j];
                order[j] = order[j - 1];
                order[j - 1] = t;
            }
        if ((rc = vg_paper_heading(pp, 3, _("The main threats"))) != VG_OK ||
            (rc = vg_paper_table(pp,
                                 (vg_paper_col[]){{_("Threat"), 1.2, VG_PS_BOLD},
                                                  {_("Where"), 1.3, 0},
                                                  {_("What it is"), 4, 0}},
                                 3)) != VG_OK)
            goto done;
        for (size_t i = 0; i < n && i < 8; i++) {
            const vg_guide_threat *t = &g->threats[order[i]];
            const vg_threat_category *c = cats ? vg_threat_category_find(cats, t->category) : NULL;
            char where[1024] = "", what[2048];
            size_t o = 0;
            for (size_t r = 0; r < t->nregions && o < sizeof where; r++)
                o += (size_t)snprintf(where + o, sizeof where - o, "%s%s", r ? ", " : "",
                                      t->regions[r]);
            if (!t->nregions)
                snprintf(where, sizeof where, "%s", _("the whole country"));
            snprintf(what, sizeof what, "%s%s", t->description, to_check(t->status));
            if ((rc = vg_paper_row(
                     pp,
                     (const char *const[]){c ? vg_threat_category_label(c, lang) : t->category,
                                           where, what},
                     NULL)) != VG_OK)
                goto done;
        }
        if ((rc = vg_paper_table_end(pp)) != VG_OK)
            goto done;
    }
    /* what to do: the guide's own security advice */
    {
        char *sec = vg_guide_section_plain(g, VG_SEC_SECURITY);
        if (sec && *sec) {
            if ((rc = vg_paper_heading(pp, 3,
                                       g->sections[VG_SEC_SECURITY].title
                                           ? g->sections[VG_SEC_SECURITY].title
                                           : vg_guide_section_heading(VG_SEC_SECURITY, lang))) !=
                    VG_OK ||
                (rc = vg_paper_text(pp, sec, 0)) != VG_OK) {
                free(sec);
                goto done;
            }
        }
        free(sec);
    }
    if (g->nphrases) {
        if ((rc = vg_paper_heading(pp, 3, _("Useful phrases"))) != VG_OK ||
            (rc = vg_paper_table(pp,
                                 (vg_paper_col[]){{_("Say"), 1, VG_PS_BOLD}, {_("It means"), 1, 0}},
                                 2)) != VG_OK)
            goto done;
        for (size_t i = 0; i < g->nphrases; i++)
            if ((rc = vg_paper_row(
                     pp, (const char *const[]){g->phrases[i].local, g->phrases[i].meaning},
                     NULL)) != VG_OK)
                goto done;
        rc = vg_paper_table_end(pp);
    }
done:
    vg_threat_categories_free(cats);
    return rc;
}

/* The fields of the participant's own page, and only these. */
static const vg_pfield personal_fields[] = {
    VG_PF_NAME,          VG_PF_BLOOD_GROUP,   VG_PF_ALLERGIES,     VG_PF_CONDITIONS,
    VG_PF_MEDICATION,    VG_PF_INSURER,       VG_PF_POLICY_NUMBER, VG_PF_ASSISTANCE_PHONE,
    VG_PF_KIN1_NAME,     VG_PF_KIN1_RELATION, VG_PF_KIN1_PHONE,    VG_PF_KIN2_NAME,
    VG_PF_KIN2_RELATION, VG_PF_KIN2_PHONE,
};

static int part_personal(vg_paper *pp, const vg_participant *p)
{
    const vg_pfield_info *f = vg_participant_fields();
    int rc;
    if ((rc = vg_paper_page_break(pp)) != VG_OK ||
        (rc = vg_paper_heading(pp, 2, _("My emergency information"))) != VG_OK ||
        (rc = vg_paper_text(pp,
                            _("This page is yours: it holds your medical details. Remove it "
                              "before you lend or leave the pack; keep it with your passport."),
                            VG_PS_BOX)) != VG_OK ||
        (rc = vg_paper_table(pp, (vg_paper_col[]){{NULL, 1.3, VG_PS_BOLD}, {NULL, 2, 0}}, 2)) !=
            VG_OK)
        return rc;
    for (size_t i = 0; i < sizeof personal_fields / sizeof *personal_fields; i++) {
        vg_pfield id = personal_fields[i];
        const char *v = p->v[id];
        if ((rc = vg_paper_row(
                 pp, (const char *const[]){_(f[id].label), v && *v ? v : _("not recorded")},
                 (const unsigned[]){0, v && *v ? 0 : VG_PS_MUTED})) != VG_OK)
            return rc;
    }
    return vg_paper_table_end(pp);
}

int vg_brief_write(vg_store *st, const char *slug, const vg_participant *p, const vg_brief_req *req)
{
    vg_delegation *d = NULL;
    vg_guide *g = NULL;
    vg_paper *pp = NULL;
    vg_paper_opts o = {0};
    char *org_name = NULL, *org_phone = NULL;
    char today[32], reviewed[16], footer[512], cover[1024], title[512], obj[VG_SLUG_MAX + 32];
    const char *lang = req->lang && !strcmp(req->lang, "en") ? "en" : "fr";
    int rc;

    if ((rc = vg_delegation_get(st, slug, &d)) != VG_OK)
        goto done;
    if (p->delegation_id != d->id) {
        rc = vg_error_set(VG_EINVALID, _("the participant is not in delegation \"%s\""), slug);
        goto done;
    }
    if ((rc = vg_guide_get(st, req->data_dir, d->country, lang, &g)) != VG_OK ||
        (rc = vg_config_get(st, "org.name", &org_name)) != VG_OK ||
        (rc = vg_config_get(st, "org.phone", &org_phone)) != VG_OK)
        goto done;
    vg_time_format_utc(today, vg_now());
    today[10] = '\0';
    vg_date_format(reviewed, g->reviewed);
    vg_paper_size_mm(req->size, &o.width_mm, &o.height_mm);
    o.margin_mm = 18;
    o.font_pt = 10;
    o.lang = lang;
    snprintf(footer, sizeof footer, _("%s · %s · made on %s · guide %s %s"), d->name,
             p->v[VG_PF_NAME] ? p->v[VG_PF_NAME] : "", today, g->country, g->version);
    o.footer = footer;
    o.page_numbers = 1;
    snprintf(title, sizeof title, _("Briefing pack: %s"), d->name);
    o.title = title;
    o.subject = p->v[VG_PF_NAME];
    o.author = org_name ? org_name : "Vigie";
    o.created = vg_now();
    if ((rc = vg_paper_open(&pp, &o)) != VG_OK || (rc = vg_paper_heading(pp, 1, title)) != VG_OK)
        goto done;
    snprintf(cover, sizeof cover,
             _("For %s. Made on %s from the country guide \"%s\", version %s (reviewed %s)%s. "
               "Keep it with you; it replaces nothing the coordination tells you."),
             p->v[VG_PF_NAME] ? p->v[VG_PF_NAME] : "", today, g->title ? g->title : "",
             g->version ? g->version : "", reviewed,
             g->fallback ? _(", in the other language: none exists in yours") : "");
    if ((rc = vg_paper_text(pp, cover, VG_PS_MUTED)) != VG_OK ||
        (rc = part_delegation(pp, d, g, lang)) != VG_OK ||
        (rc = part_checkin(pp, st, d, req->data_dir, lang, org_phone)) != VG_OK ||
        (rc = part_calls(pp, st, d, req->data_dir, lang, org_name, org_phone)) != VG_OK ||
        (rc = part_guide(pp, g, req->data_dir, lang)) != VG_OK ||
        (rc = part_personal(pp, p)) != VG_OK)
        goto done;
    snprintf(obj, sizeof obj, "%s/participant/%lld", slug, (long long)p->id);
    if ((rc = vg_audit_append(st, "brief.export", obj, lang)) != VG_OK ||
        (rc = vg_paper_write(pp, req->path, req->replace)) != VG_OK)
        goto done;
done:
    vg_paper_free(pp);
    free(org_name);
    free(org_phone);
    vg_guide_free(g);
    vg_delegation_free(d);
    return rc;
}
