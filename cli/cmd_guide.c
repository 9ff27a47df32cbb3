/* guide list|show|import|check|history: the country guides.
 *
 * `show` lays a guide out for a terminal: the structured facts of each
 * section first (numbers, offices, advisory levels, threats...), then its
 * prose, wrapped to the terminal's width without ever breaking a phone
 * number, every fact still to be checked marked beside it. */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/advisory.h>
#include <vigie/guide.h>

#include "cli.h"

/* ---- helpers ---- */

/* Open the store if there is one: imported guides take precedence over the
 * data folder's, so a guide is never shown without them. No store: NULL. */
static int open_if_any(cli_ctx *ctx, vg_store **st)
{
    *st = NULL;
    if (!vg_store_exists(ctx->store_dir))
        return VG_OK;
    return cli_open_store(ctx, st);
}

static int term_width(void)
{
    const char *c = getenv("COLUMNS");
    struct winsize ws;
    long w = 0;
    if (c && *c) {
        char *end;
        w = strtol(c, &end, 10);
        if (*end)
            w = 0;
    }
    if (w <= 0 && isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0)
        w = ws.ws_col;
    if (w <= 0)
        w = 80;
    return w < 30 ? 30 : w > 400 ? 400 : (int)w;
}

static const char *lang_name(const char *lang)
{
    return !strcmp(lang, "fr") ? _("French") : _("English");
}

static const char *origin_key(vg_guide_origin o)
{
    return o == VG_GUIDE_FROM_STORE ? "store" : "data";
}

static const char *origin_label(vg_guide_origin o)
{
    return o == VG_GUIDE_FROM_STORE ? _("store") : _("data folder");
}

static const char *status_key(vg_fact_status s)
{
    return s == VG_FACT_VERIFIED ? "verified" : "to-check";
}

static const char *kind_key(vg_office_kind k)
{
    static const char *const keys[] = {"embassy", "consulate", "honorary-consulate", "ewrc"};
    return (unsigned)k < 4 ? keys[k] : "embassy";
}

static const char *kind_label(vg_office_kind k)
{
    switch (k) {
    case VG_OFFICE_CONSULATE:
        return _("Consulate");
    case VG_OFFICE_HONORARY_CONSULATE:
        return _("Honorary consulate");
    case VG_OFFICE_EWRC:
        return _("In Canada, 24/7");
    default:
        return _("Embassy");
    }
}

static const char *local_language(const char *cc)
{
    if (!strcmp(cc, "HT"))
        return _("Haitian Creole");
    if (!strcmp(cc, "CO") || !strcmp(cc, "MX"))
        return _("Spanish");
    return _("local language");
}

/* ---- layout: words wrapped to the width ---- */

enum { ST_PLAIN, ST_BOLD, ST_MARK };

typedef struct {
    size_t off, len;
    int style;
    int glue; /* no line break before this word */
    int join; /* no space either: the word goes on from the previous run */
} word;

typedef struct {
    const cli_ctx *ctx;
    int width;
    char *text;
    size_t tlen, tcap;
    word *w;
    size_t nw, wcap;
    int open_end; /* the last prose run did not end with a space */
} layout;

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Add `s` as words in `style`. A space between a word ending in a digit and
 * one starting with a digit never breaks: phone numbers stay whole. With
 * `cont`, `s` continues the previous run's text (prose split into bold and
 * plain runs): no space is added where the text has none. */
static void lay_text(layout *L, const char *s, int style, int cont)
{
    int first = 1, join_first = cont && L->open_end && s && *s && *s != ' ';
    size_t sl = s ? strlen(s) : 0;
    L->open_end = sl > 0 && s[sl - 1] != ' ';
    while (s && *s) {
        size_t n;
        word *w;
        while (*s == ' ')
            s++;
        if (!*s)
            break;
        n = strcspn(s, " ");
        if (L->tlen + n + 1 > L->tcap) {
            size_t cap = L->tcap ? L->tcap * 2 : 1024;
            char *t;
            while (cap < L->tlen + n + 1)
                cap *= 2;
            if (!(t = realloc(L->text, cap)))
                return;
            L->text = t;
            L->tcap = cap;
        }
        if (L->nw == L->wcap) {
            size_t cap = L->wcap ? L->wcap * 2 : 64;
            word *p = realloc(L->w, cap * sizeof *p);
            if (!p)
                return;
            L->w = p;
            L->wcap = cap;
        }
        w = &L->w[L->nw];
        w->off = L->tlen;
        w->len = n;
        w->style = style;
        w->join = first && join_first && L->nw > 0;
        first = 0;
        w->glue = L->nw > 0 && L->w[L->nw - 1].len > 0 &&
                  is_digit(L->text[L->w[L->nw - 1].off + L->w[L->nw - 1].len - 1]) &&
                  (is_digit(s[0]) || (s[0] == '+' && n > 1 && is_digit(s[1])));
        /* French spacing: "texte :", "« mot »" never break at the space */
        if (L->nw > 0 && (strchr(":;!?", s[0]) || !strncmp(s, "»", strlen("»")) ||
                          !strcmp(L->text + L->w[L->nw - 1].off, "«")))
            w->glue = 1;
        memcpy(L->text + L->tlen, s, n);
        L->tlen += n;
        L->text[L->tlen++] = '\0';
        L->nw++;
        s += n;
    }
}

static void lay(layout *L, const char *s, int style)
{
    lay_text(L, s, style, 0);
}

static void lay_mark(layout *L, vg_fact_status st)
{
    if (st == VG_FACT_TO_CHECK) {
        char mark[64];
        size_t first = L->nw;
        snprintf(mark, sizeof mark, "(%s)", _("to be checked"));
        lay(L, mark, ST_MARK);
        for (size_t i = first + 1; i < L->nw; i++)
            L->w[i].glue = 1; /* the mark never breaks across lines */
    }
}

/* Switch the colour from style `*cur` to `style` (nothing without colour). */
static void set_style(layout *L, int *cur, int style)
{
    if (*cur == style)
        return;
    if (*cur != ST_PLAIN)
        fputs(cli_sgr(L->ctx, "0"), stdout);
    if (style == ST_BOLD)
        fputs(cli_sgr(L->ctx, "1"), stdout);
    else if (style == ST_MARK)
        fputs(cli_sgr(L->ctx, "33"), stdout);
    *cur = style;
}

/* Display width, escape sequences (colour) excluded. */
static int vis_width(const char *s)
{
    int w = 0;
    while (*s) {
        const char *esc = strchr(s, '\033');
        size_t n = esc ? (size_t)(esc - s) : strlen(s);
        char part[512];
        while (n > 0) {
            size_t k = n < sizeof part - 1 ? n : sizeof part - 1;
            memcpy(part, s, k);
            part[k] = '\0';
            w += (int)cli_width(part);
            s += k;
            n -= k;
        }
        if (!esc)
            break;
        s = esc + strcspn(esc, "m");
        if (*s)
            s++;
    }
    return w;
}

static void lay_print(layout *L, const char *first, int indent)
{
    int col = vis_width(first), empty = 1, cur = ST_PLAIN;
    fputs(first, stdout);
    for (size_t i = 0; i < L->nw;) {
        size_t j = i + 1;
        int uw = (int)cli_width(L->text + L->w[i].off);
        while (j < L->nw && (L->w[j].glue || L->w[j].join)) {
            uw += !L->w[j].join + (int)cli_width(L->text + L->w[j].off);
            j++;
        }
        if (!empty && col + 1 + uw > L->width) {
            set_style(L, &cur, ST_PLAIN);
            printf("\n%*s", indent, "");
            col = indent;
            empty = 1;
        }
        if (!empty) {
            if (L->w[i].style != cur)
                set_style(L, &cur, ST_PLAIN);
            fputc(' ', stdout);
            col++;
        }
        for (size_t k = i; k < j; k++) {
            if (k > i && !L->w[k].join)
                fputc(' ', stdout);
            set_style(L, &cur, L->w[k].style);
            fputs(L->text + L->w[k].off, stdout);
        }
        col += uw;
        empty = 0;
        i = j;
    }
    set_style(L, &cur, ST_PLAIN);
    fputc('\n', stdout);
    L->nw = 0;
    L->tlen = 0;
    L->open_end = 0;
}

static void lay_free(layout *L)
{
    free(L->text);
    free(L->w);
}

static void heading(layout *L, const char *title, char underline)
{
    size_t w = cli_width(title);
    printf("%s%s%s\n", cli_sgr(L->ctx, "1"), title, cli_sgr(L->ctx, "0"));
    for (size_t i = 0; i < w && i < (size_t)L->width; i++)
        fputc(underline, stdout);
    fputc('\n', stdout);
}

static void label_line(layout *L, const char *label)
{
    lay(L, label, ST_BOLD);
    lay_print(L, "", 2);
}

/* ---- show: the facts of each section ---- */

static void facts_overview(layout *L, const vg_guide *g)
{
    label_line(L, _("Time zones:"));
    for (size_t i = 0; i < g->nzones; i++) {
        const vg_guide_zone *z = &g->zones[i];
        lay(L, z->zone, ST_PLAIN);
        if (z->note) {
            lay(L, "—", ST_PLAIN);
            lay(L, z->note, ST_PLAIN);
        }
        lay_mark(L, z->status);
        lay_print(L, "  - ", 4);
    }
    if (g->npartners) {
        label_line(L, _("Local partners:"));
        for (size_t i = 0; i < g->npartners; i++) {
            const vg_guide_partner *p = &g->partners[i];
            lay(L, p->name, ST_BOLD);
            lay(L, "—", ST_PLAIN);
            lay(L, p->note, ST_PLAIN);
            lay_mark(L, p->status);
            lay_print(L, "  - ", 4);
        }
    }
}

static void facts_advisory(layout *L, const vg_guide *g)
{
    char buf[256];
    snprintf(buf, sizeof buf, _("Whole country: level %d,"), g->advisory.level);
    lay(L, buf, ST_BOLD);
    lay(L, g->advisory.wording, ST_BOLD);
    lay_mark(L, g->advisory.status);
    lay_print(L, "", 2);
    if (g->advisory.nregions == 0) {
        lay(L, _("No region has its own level."), ST_PLAIN);
        lay_print(L, "", 0);
        return;
    }
    label_line(L, _("Regions:"));
    for (int level = 4; level >= 1; level--)
        for (size_t i = 0; i < g->advisory.nregions; i++) {
            const vg_guide_region *r = &g->advisory.regions[i];
            char lead[64];
            if (r->level != level)
                continue;
            snprintf(lead, sizeof lead, _("  level %d  "), r->level);
            lay(L, r->name, ST_BOLD);
            lay(L, "—", ST_PLAIN);
            lay(L, r->wording, ST_PLAIN);
            if (r->note) {
                lay(L, "—", ST_PLAIN);
                lay(L, r->note, ST_PLAIN);
            }
            lay_mark(L, r->status);
            lay_print(L, lead, (int)cli_width(lead));
        }
}

static void facts_threats(layout *L, const vg_guide *g)
{
    label_line(L, _("Threats (likelihood and impact from 1 to 5):"));
    for (size_t i = 0; i < g->nthreats; i++) {
        const vg_guide_threat *t = &g->threats[i];
        char buf[160];
        lay(L, vg_guide_category_label(t->category), ST_BOLD);
        snprintf(buf, sizeof buf, _("(likelihood %d, impact %d, score %d):"), t->likelihood,
                 t->impact, t->likelihood * t->impact);
        lay(L, buf, ST_PLAIN);
        lay(L, t->description, ST_PLAIN);
        lay_mark(L, t->status);
        lay_print(L, "  - ", 4);
        if (t->nregions) {
            lay(L, _("Where:"), ST_PLAIN);
            for (size_t k = 0; k < t->nregions; k++) {
                char r[512];
                snprintf(r, sizeof r, "%s%s", t->regions[k], k + 1 < t->nregions ? "," : "");
                lay(L, r, ST_PLAIN);
            }
        } else {
            lay(L, _("Where: the whole country"), ST_PLAIN);
        }
        lay_print(L, "    ", 4);
    }
}

static void facts_items(layout *L, const char *label, const vg_guide_item *items, size_t n)
{
    if (label)
        label_line(L, label);
    for (size_t i = 0; i < n; i++) {
        lay(L, items[i].text, ST_PLAIN);
        lay_mark(L, items[i].status);
        lay_print(L, "  - ", 4);
    }
}

static void facts_entry(layout *L, const vg_guide *g)
{
    char buf[200];
    snprintf(buf, sizeof buf,
             _("Passport: plan for at least %d months of validity after the end of the stay."),
             g->passport_validity_months);
    lay(L, buf, ST_BOLD);
    lay_print(L, "", 0);
    facts_items(L, NULL, g->entry, g->nentry);
}

static void facts_emergency(layout *L, const vg_guide *g)
{
    size_t wn = 0;
    char buf[600];
    label_line(L, _("Emergency numbers:"));
    for (size_t i = 0; i < g->nnumbers; i++)
        if (cli_width(g->numbers[i].number) > wn)
            wn = cli_width(g->numbers[i].number);
    for (size_t i = 0; i < g->nnumbers; i++) {
        const vg_guide_number *nb = &g->numbers[i];
        char lead[128];
        /* the number in bold, aligned; the service wraps beside it */
        snprintf(lead, sizeof lead, "  %s%s%s%*s  ", cli_sgr(L->ctx, "1"), nb->number,
                 cli_sgr(L->ctx, "0"), (int)(wn - cli_width(nb->number)), "");
        lay(L, nb->service, ST_PLAIN);
        lay_mark(L, nb->status);
        lay_print(L, lead, (int)wn + 4);
    }
    label_line(L, _("Canadian representation:"));
    for (size_t i = 0; i < g->noffices; i++) {
        const vg_guide_office *o = &g->offices[i];
        snprintf(buf, sizeof buf, _("%s:"), kind_label(o->kind));
        lay(L, buf, ST_BOLD);
        snprintf(buf, sizeof buf, "%s, %s", o->name, o->city);
        lay(L, buf, ST_PLAIN);
        lay_mark(L, o->status);
        lay_print(L, "  - ", 4);
        snprintf(buf, sizeof buf, _("phone: %s"), o->phone);
        lay(L, buf, ST_PLAIN);
        lay_print(L, "    ", 6);
        if (o->email) {
            snprintf(buf, sizeof buf, _("e-mail: %s"), o->email);
            lay(L, buf, ST_PLAIN);
            lay_print(L, "    ", 6);
        }
        if (o->address) {
            snprintf(buf, sizeof buf, _("address: %s"), o->address);
            lay(L, buf, ST_PLAIN);
            lay_print(L, "    ", 6);
        }
    }
    snprintf(buf, sizeof buf, _("Useful phrases (%s):"), local_language(g->country));
    label_line(L, buf);
    for (size_t i = 0; i < g->nphrases; i++) {
        lay(L, g->phrases[i].local, ST_BOLD);
        lay(L, "—", ST_PLAIN);
        lay(L, g->phrases[i].meaning, ST_PLAIN);
        lay_print(L, "  - ", 4);
    }
}

static void facts_sources(layout *L, const vg_guide *g)
{
    char buf[64], date[16];
    label_line(L, _("Sources:"));
    for (size_t i = 0; i < g->nsources; i++) {
        const vg_guide_source *s = &g->sources[i];
        snprintf(buf, sizeof buf, "%s:", s->id);
        lay(L, buf, ST_BOLD);
        lay(L, s->title, ST_PLAIN);
        lay(L, "—", ST_PLAIN);
        lay(L, s->url, ST_PLAIN);
        vg_date_format(date, s->seen);
        snprintf(buf, sizeof buf, _("(seen %s)"), date);
        lay(L, buf, ST_PLAIN);
        lay_print(L, "  - ", 4);
    }
}

static void show_section(layout *L, const vg_guide *g, vg_guide_section_id id)
{
    const vg_guide_section *s = &g->sections[id];
    heading(L, s->title, '-');
    switch (id) {
    case VG_SEC_OVERVIEW:
        facts_overview(L, g);
        break;
    case VG_SEC_ADVISORY:
        facts_advisory(L, g);
        break;
    case VG_SEC_SECURITY:
        facts_threats(L, g);
        break;
    case VG_SEC_HEALTH:
        facts_items(L, NULL, g->health, g->nhealth);
        break;
    case VG_SEC_ENTRY:
        facts_entry(L, g);
        break;
    case VG_SEC_EMERGENCY:
        facts_emergency(L, g);
        break;
    case VG_SEC_SOURCES:
        facts_sources(L, g);
        break;
    default:
        break;
    }
    for (size_t b = 0; b < s->nblocks; b++) {
        const vg_guide_block *blk = &s->blocks[b];
        /* a blank line after the facts and between blocks, not inside a list */
        if (b == 0 ? (id != VG_SEC_TRAVEL && id != VG_SEC_COMMUNICATIONS)
                   : !(blk->bullet && s->blocks[b - 1].bullet))
            fputc('\n', stdout);
        for (size_t r = 0; r < blk->nruns; r++)
            lay_text(L, blk->runs[r].text, blk->runs[r].bold ? ST_BOLD : ST_PLAIN, r > 0);
        lay_print(L, blk->bullet ? "- " : "", blk->bullet ? 2 : 0);
    }
    fputc('\n', stdout);
}

static void show_header(layout *L, const vg_guide *g)
{
    char d1[16], d2[16], buf[512];
    vg_date_format(d1, g->reviewed);
    vg_date_format(d2, vg_guide_due(g));
    heading(L, g->title, '=');
    snprintf(buf, sizeof buf, _("%s, in %s, version %s."), g->country, lang_name(g->lang),
             g->version);
    lay(L, buf, ST_PLAIN);
    snprintf(buf, sizeof buf, _("Reviewed on %s by %s."), d1, g->reviewer);
    lay(L, buf, ST_PLAIN);
    if (g->review_interval_months == 1)
        snprintf(buf, sizeof buf, _("Next review by %s (every month)."), d2);
    else
        snprintf(buf, sizeof buf, _("Next review by %s (every %d months)."), d2,
                 g->review_interval_months ? g->review_interval_months : 6);
    lay(L, buf, ST_PLAIN);
    lay_print(L, "", 0);
    if (g->origin == VG_GUIDE_FROM_STORE) {
        char when[48];
        vg_time_format_local(when, g->imported_at, NULL);
        snprintf(buf, sizeof buf, _("Imported into the store on %s by %s."), when, g->imported_by);
    } else {
        snprintf(buf, sizeof buf, _("From the data folder: %s"), g->name);
    }
    lay(L, buf, ST_PLAIN);
    lay_print(L, "", 0);
    if (vg_guide_past_review(g, vg_now())) {
        printf("%s", cli_sgr(L->ctx, "1;31"));
        snprintf(
            buf, sizeof buf,
            _("PAST REVIEW: this guide was due for review on %s; its facts may be out of date."),
            d2);
        lay(L, buf, ST_PLAIN);
        lay_print(L, "", 0);
        printf("%s", cli_sgr(L->ctx, "0"));
    }
    if (g->newer_data) {
        snprintf(buf, sizeof buf,
                 _("The data folder has a newer version of this guide (%s) than the imported one."),
                 g->newer_data);
        lay(L, buf, ST_MARK);
        lay_print(L, "", 0);
    }
    fputc('\n', stdout);
}

/* ---- show --json ---- */

static void jfact(cli_json *j, vg_fact_status st, const char *source)
{
    json_kstr(j, "status", status_key(st));
    json_kstr(j, "source", source);
}

static void jdate(cli_json *j, const char *k, int32_t day)
{
    char d[16];
    vg_date_format(d, day);
    json_kstr(j, k, d);
}

static void jitems(cli_json *j, const char *key, const vg_guide_item *v, size_t n)
{
    json_key(j, key);
    json_arr(j);
    for (size_t i = 0; i < n; i++) {
        json_obj(j);
        json_kstr(j, "text", v[i].text);
        jfact(j, v[i].status, v[i].source);
        json_end_obj(j);
    }
    json_end_arr(j);
}

static void show_json(const vg_guide *g, int only)
{
    cli_json j;
    json_init(&j, stdout);
    json_obj(&j);
    json_kstr(&j, "country", g->country);
    json_kstr(&j, "lang", g->lang);
    json_kbool(&j, "fallback", g->fallback);
    json_kstr(&j, "origin", origin_key(g->origin));
    json_kstr(&j, "name", g->name);
    if (g->origin == VG_GUIDE_FROM_STORE) {
        char when[32];
        vg_time_format_utc(when, g->imported_at);
        json_kstr(&j, "imported_at", when);
        json_kstr(&j, "imported_by", g->imported_by);
    }
    json_kstr(&j, "newer_data", g->newer_data);
    json_kstr(&j, "title", g->title);
    json_kstr(&j, "version", g->version);
    jdate(&j, "reviewed", g->reviewed);
    jdate(&j, "review_by", g->review_by);
    json_kint(&j, "review_interval_months",
              g->review_interval_months ? g->review_interval_months : 6);
    json_kstr(&j, "reviewer", g->reviewer);
    json_kbool(&j, "past_review", vg_guide_past_review(g, vg_now()));
    json_kint(&j, "passport_validity_months", g->passport_validity_months);
    json_key(&j, "advisory");
    json_obj(&j);
    json_kint(&j, "level", g->advisory.level);
    json_kstr(&j, "wording", g->advisory.wording);
    jfact(&j, g->advisory.status, g->advisory.source);
    json_key(&j, "regions");
    json_arr(&j);
    for (size_t i = 0; i < g->advisory.nregions; i++) {
        const vg_guide_region *r = &g->advisory.regions[i];
        json_obj(&j);
        json_kstr(&j, "name", r->name);
        json_kint(&j, "level", r->level);
        json_kstr(&j, "wording", r->wording);
        json_kstr(&j, "note", r->note);
        jfact(&j, r->status, r->source);
        json_end_obj(&j);
    }
    json_end_arr(&j);
    json_end_obj(&j);
    json_key(&j, "timezones");
    json_arr(&j);
    for (size_t i = 0; i < g->nzones; i++) {
        json_obj(&j);
        json_kstr(&j, "zone", g->zones[i].zone);
        json_kstr(&j, "note", g->zones[i].note);
        jfact(&j, g->zones[i].status, g->zones[i].source);
        json_end_obj(&j);
    }
    json_end_arr(&j);
    json_key(&j, "emergency_numbers");
    json_arr(&j);
    for (size_t i = 0; i < g->nnumbers; i++) {
        json_obj(&j);
        json_kstr(&j, "service", g->numbers[i].service);
        json_kstr(&j, "number", g->numbers[i].number);
        jfact(&j, g->numbers[i].status, g->numbers[i].source);
        json_end_obj(&j);
    }
    json_end_arr(&j);
    json_key(&j, "representation");
    json_arr(&j);
    for (size_t i = 0; i < g->noffices; i++) {
        const vg_guide_office *o = &g->offices[i];
        json_obj(&j);
        json_kstr(&j, "kind", kind_key(o->kind));
        json_kstr(&j, "name", o->name);
        json_kstr(&j, "city", o->city);
        json_kstr(&j, "address", o->address);
        json_kstr(&j, "phone", o->phone);
        json_kstr(&j, "email", o->email);
        jfact(&j, o->status, o->source);
        json_end_obj(&j);
    }
    json_end_arr(&j);
    jitems(&j, "entry", g->entry, g->nentry);
    jitems(&j, "health", g->health, g->nhealth);
    json_key(&j, "threats");
    json_arr(&j);
    for (size_t i = 0; i < g->nthreats; i++) {
        const vg_guide_threat *t = &g->threats[i];
        json_obj(&j);
        json_kstr(&j, "category", t->category);
        json_kstr(&j, "description", t->description);
        json_key(&j, "regions");
        json_arr(&j);
        for (size_t k = 0; k < t->nregions; k++)
            json_str(&j, t->regions[k]);
        json_end_arr(&j);
        json_kint(&j, "likelihood", t->likelihood);
        json_kint(&j, "impact", t->impact);
        json_kint(&j, "score", t->likelihood * t->impact);
        jfact(&j, t->status, t->source);
        json_end_obj(&j);
    }
    json_end_arr(&j);
    json_key(&j, "phrases");
    json_arr(&j);
    for (size_t i = 0; i < g->nphrases; i++) {
        json_obj(&j);
        json_kstr(&j, "local", g->phrases[i].local);
        json_kstr(&j, "meaning", g->phrases[i].meaning);
        json_end_obj(&j);
    }
    json_end_arr(&j);
    json_key(&j, "partners");
    json_arr(&j);
    for (size_t i = 0; i < g->npartners; i++) {
        json_obj(&j);
        json_kstr(&j, "name", g->partners[i].name);
        json_kstr(&j, "note", g->partners[i].note);
        jfact(&j, g->partners[i].status, g->partners[i].source);
        json_end_obj(&j);
    }
    json_end_arr(&j);
    json_key(&j, "sources");
    json_arr(&j);
    for (size_t i = 0; i < g->nsources; i++) {
        json_obj(&j);
        json_kstr(&j, "id", g->sources[i].id);
        json_kstr(&j, "title", g->sources[i].title);
        json_kstr(&j, "url", g->sources[i].url);
        jdate(&j, "seen", g->sources[i].seen);
        json_end_obj(&j);
    }
    json_end_arr(&j);
    json_key(&j, "sections");
    json_arr(&j);
    for (int i = 0; i < VG_SEC_COUNT; i++) {
        char *text;
        if (only >= 0 && i != only)
            continue;
        text = vg_guide_section_plain(g, (vg_guide_section_id)i);
        json_obj(&j);
        json_kstr(&j, "key", vg_guide_section_key((vg_guide_section_id)i));
        json_kstr(&j, "title", g->sections[i].title);
        json_kstr(&j, "text", text ? text : "");
        json_end_obj(&j);
        free(text);
    }
    json_end_arr(&j);
    json_end_obj(&j);
    json_done(&j);
}

/* ---- commands ---- */

static int cmd_show(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_guide *g = NULL;
    const char *section = cli_opt_value(a, "section");
    vg_guide_section_id only = VG_SEC_COUNT;
    layout L;
    int rc;

    if (section && (rc = vg_guide_section_find(section, &only)) != VG_OK)
        return cli_usage_error(a->cmd, "--section: %s", vg_error_last());
    if ((rc = open_if_any(ctx, &st)) == VG_OK)
        rc = vg_guide_get(st, ctx->data_dir, a->argv[0], ctx->lang, &g);
    vg_store_close(st);
    if (rc != VG_OK)
        return cli_fail(rc);
    if (g->fallback)
        cli_note(_("note: there is no %s guide for %s; showing the %s one"), lang_name(ctx->lang),
                 g->country, lang_name(g->lang));
    if (ctx->json) {
        show_json(g, section ? (int)only : -1);
        vg_guide_free(g);
        return EXIT_DONE;
    }
    memset(&L, 0, sizeof L);
    L.ctx = ctx;
    L.width = term_width();
    show_header(&L, g);
    for (int i = 0; i < VG_SEC_COUNT; i++)
        if (!section || i == (int)only)
            show_section(&L, g, (vg_guide_section_id)i);
    lay_free(&L);
    vg_guide_free(g);
    return EXIT_DONE;
}

static void print_diags(const vg_guide_diags *d, int warnings_too)
{
    for (size_t i = 0; i < d->n; i++) {
        if (!d->v[i].warning)
            cli_error("%s", d->v[i].text);
        else if (warnings_too)
            cli_warn("%s", d->v[i].text);
    }
}

static int cmd_list(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_guide_entry *v = NULL;
    size_t n = 0, invalid = 0;
    int64_t now = vg_now();
    int rc;
    (void)a;

    if ((rc = open_if_any(ctx, &st)) == VG_OK)
        rc = vg_guide_list(st, ctx->data_dir, &v, &n);
    vg_store_close(st);
    if (rc != VG_OK)
        return cli_fail(rc);
    if (n == 0) {
        vg_guide_list_free(v, n);
        cli_error(_("no country guide in %s/country-guides nor in the store"), ctx->data_dir);
        return EXIT_ERROR;
    }
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_arr(&j);
        for (size_t i = 0; i < n; i++) {
            const vg_guide *g = v[i].guide;
            json_obj(&j);
            json_kstr(&j, "country", v[i].country);
            json_kstr(&j, "lang", v[i].lang);
            json_kstr(&j, "origin", origin_key(v[i].origin));
            json_kstr(&j, "name", v[i].name);
            json_kbool(&j, "valid", g != NULL);
            if (g) {
                json_kstr(&j, "title", g->title);
                json_kstr(&j, "version", g->version);
                json_kint(&j, "advisory_level", g->advisory.level);
                jdate(&j, "reviewed", g->reviewed);
                jdate(&j, "review_by", g->review_by);
                json_kint(&j, "review_interval_months",
                          g->review_interval_months ? g->review_interval_months : 6);
                json_kbool(&j, "past_review", vg_guide_past_review(g, now));
                json_kstr(&j, "newer_data", g->newer_data);
            } else {
                json_key(&j, "errors");
                json_arr(&j);
                for (size_t k = 0; k < v[i].diags.n; k++)
                    if (!v[i].diags.v[k].warning)
                        json_str(&j, v[i].diags.v[k].text);
                json_end_arr(&j);
            }
            json_end_obj(&j);
        }
        json_end_arr(&j);
        json_done(&j);
    } else {
        cli_table t;
        cli_table_init(&t, 7, _("COUNTRY"), _("LANG"), _("VERSION"), _("LEVEL"), _("REVIEW BY"),
                       _("FROM"), _("STATE"));
        for (size_t i = 0; i < n; i++) {
            const vg_guide *g = v[i].guide;
            char level[8] = "", by[16] = "", state[160];
            if (g) {
                snprintf(level, sizeof level, "%d", g->advisory.level);
                vg_date_format(by, vg_guide_due(g));
                if (vg_guide_past_review(g, now))
                    snprintf(state, sizeof state, "%s", _("past review"));
                else
                    snprintf(state, sizeof state, "%s", _("ok"));
                if (g->newer_data) {
                    size_t k = strlen(state);
                    snprintf(state + k, sizeof state - k, _("; newer in the data folder: %s"),
                             g->newer_data);
                }
            } else {
                snprintf(state, sizeof state, "%s", _("invalid (see the errors)"));
            }
            cli_table_add(&t, v[i].country, v[i].lang, g ? g->version : "-", g ? level : "-",
                          g ? by : "-", origin_label(v[i].origin), state);
        }
        cli_table_print(ctx, &t, stdout);
        cli_table_free(&t);
    }
    for (size_t i = 0; i < n; i++)
        if (!v[i].guide) {
            invalid++;
            print_diags(&v[i].diags, 0);
        }
    vg_guide_list_free(v, n);
    return invalid ? EXIT_ERROR : EXIT_DONE;
}

/* Differences between the French and English guides of one country, as
 * warnings; the number found. */
static size_t pair_problems(const vg_guide *fr, const vg_guide *en, vg_guide_diags *d)
{
    size_t before = d->errors;
    vg_guide_compare(fr, en, d);
    return d->errors - before;
}

static int cmd_import(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_guide_diags d = {0};
    vg_guide_import_result res;
    int rc;

    if ((rc = cli_open_store(ctx, &st)) != VG_OK)
        return cli_fail(rc);
    if ((rc = vg_store_begin(st)) == VG_OK)
        rc = cli_finish(st, vg_guide_import_file(st, ctx->data_dir, a->argv[0], &d, &res));
    if (rc != VG_OK) {
        if (d.errors) {
            print_diags(&d, 1);
            cli_error(_("'%s' is not imported (errors: %zu)"), a->argv[0], d.errors);
        } else {
            cli_fail(rc);
        }
        vg_guide_diags_free(&d);
        vg_store_close(st);
        return cli_exit_for(rc);
    }
    print_diags(&d, 1);
    vg_guide_diags_free(&d);
    /* Does the other language still say the same? */
    {
        vg_guide *self = NULL, *other = NULL;
        vg_guide_diags pd = {0};
        const char *ol = !strcmp(res.lang, "fr") ? "en" : "fr";
        if (vg_guide_get(st, ctx->data_dir, res.country, res.lang, &self) == VG_OK &&
            vg_guide_get(st, ctx->data_dir, res.country, ol, &other) == VG_OK && !other->fallback) {
            size_t k = !strcmp(res.lang, "fr") ? pair_problems(self, other, &pd)
                                               : pair_problems(other, self, &pd);
            if (k) {
                for (size_t i = 0; i < pd.n && i < 5; i++)
                    cli_warn("%s", pd.v[i].text);
                cli_warn(_("the %s guide of %s no longer matches the %s one (differences: %zu): "
                           "update and import it too"),
                         lang_name(ol), res.country, lang_name(res.lang), k);
            }
        }
        vg_guide_free(self);
        vg_guide_free(other);
        vg_guide_diags_free(&pd);
    }
    vg_store_close(st);
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_obj(&j);
        json_kstr(&j, "country", res.country);
        json_kstr(&j, "lang", res.lang);
        json_kstr(&j, "version", res.version);
        json_kstr(&j, "previous", res.previous[0] ? res.previous : NULL);
        json_kstr(&j, "previous_origin", res.previous[0] ? origin_key(res.previous_origin) : NULL);
        json_kbool(&j, "unchanged", res.unchanged);
        json_end_obj(&j);
        json_done(&j);
    } else if (res.unchanged) {
        printf(_("%s %s version %s is already the imported guide: nothing changed\n"), res.country,
               res.lang, res.version);
    } else if (res.previous[0]) {
        printf(_("imported %s %s version %s (it replaces version %s from the %s, which is kept)\n"),
               res.country, res.lang, res.version, res.previous, origin_label(res.previous_origin));
    } else {
        printf(_("imported %s %s version %s\n"), res.country, res.lang, res.version);
    }
    return EXIT_DONE;
}

static size_t advisory_problems(cli_ctx *ctx, vg_store *st, const vg_guide_entry *v, size_t n,
                                cli_json *j);

static int cmd_check(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_guide_entry *v = NULL;
    size_t n = 0, invalid = 0, attention = 0;
    int64_t now = vg_now();
    int32_t today = vg_day_at(now, NULL);
    cli_json j;
    cli_table t;
    int rc;
    (void)a;

    if ((rc = open_if_any(ctx, &st)) == VG_OK)
        rc = vg_guide_list(st, ctx->data_dir, &v, &n);
    if (rc != VG_OK) {
        vg_store_close(st);
        return cli_fail(rc);
    }
    if (ctx->json) {
        json_init(&j, stdout);
        json_obj(&j);
        json_key(&j, "guides");
        json_arr(&j);
    } else {
        cli_table_init(&t, 6, _("COUNTRY"), _("LANG"), _("VERSION"), _("REVIEW BY"), _("FROM"),
                       _("STATE"));
    }
    for (size_t i = 0; i < n; i++) {
        const vg_guide *g = v[i].guide;
        char by[16] = "-", state[128];
        const char *key;
        long days = 0;
        if (!g) {
            key = "invalid";
            snprintf(state, sizeof state, "%s", _("invalid (see the errors)"));
            invalid++;
        } else {
            /* the earlier of review_by and reviewed + the guide's interval;
             * "soon" is a week for a guide reviewed monthly */
            days = (long)vg_guide_due(g) - today;
            vg_date_format(by, vg_guide_due(g));
            if (days < 0) {
                key = "past-review";
                snprintf(state, sizeof state, _("past review (due %s)"), by);
                attention++;
            } else if (days <=
                       (g->review_interval_months && g->review_interval_months < 3 ? 7 : 30)) {
                key = "due-soon";
                snprintf(state, sizeof state, _("review due soon (%s)"), by);
            } else {
                key = "ok";
                snprintf(state, sizeof state, "%s", _("ok"));
            }
            if (g->newer_data)
                attention++;
        }
        if (ctx->json) {
            json_obj(&j);
            json_kstr(&j, "country", v[i].country);
            json_kstr(&j, "lang", v[i].lang);
            json_kstr(&j, "version", g ? g->version : NULL);
            json_kstr(&j, "review_by", g ? by : NULL);
            if (g)
                json_kint(&j, "days_left", days);
            json_kstr(&j, "origin", origin_key(v[i].origin));
            json_kstr(&j, "name", v[i].name);
            json_kstr(&j, "status", key);
            json_kstr(&j, "newer_data", g ? g->newer_data : NULL);
            json_key(&j, "messages");
            json_arr(&j);
            for (size_t k = 0; k < v[i].diags.n; k++)
                json_str(&j, v[i].diags.v[k].text);
            json_end_arr(&j);
            json_end_obj(&j);
        } else {
            cli_table_add(&t, v[i].country, v[i].lang, g ? g->version : "-", by,
                          origin_label(v[i].origin), state);
        }
    }
    if (ctx->json) {
        json_end_arr(&j);
        json_key(&j, "pairs");
        json_arr(&j);
    } else {
        cli_table_print(ctx, &t, stdout);
        cli_table_free(&t);
    }
    /* problems, named */
    for (size_t i = 0; i < n; i++) {
        const vg_guide *g = v[i].guide;
        char by[16];
        if (!g) {
            if (!ctx->json)
                print_diags(&v[i].diags, 1);
            continue;
        }
        if (!ctx->json)
            print_diags(&v[i].diags, 1);
        vg_date_format(by, vg_guide_due(g));
        if (!ctx->json && vg_guide_due(g) < today)
            cli_warn(_("the %s guide of %s (%s, version %s) is past its review-by date %s: review "
                       "it, then import it"),
                     lang_name(g->lang), g->country, v[i].name, g->version, by);
        if (!ctx->json && g->newer_data)
            cli_warn(_("the %s guide of %s imported into the store (version %s) hides a newer one "
                       "in the data folder (%s)"),
                     lang_name(g->lang), g->country, g->version, g->newer_data);
    }
    /* French and English guides of one country must say the same */
    for (size_t i = 0; i + 1 < n; i++) {
        vg_guide_diags pd = {0};
        size_t k;
        if (strcmp(v[i].country, v[i + 1].country) || strcmp(v[i].lang, "fr") ||
            strcmp(v[i + 1].lang, "en") || !v[i].guide || !v[i + 1].guide)
            continue;
        k = pair_problems(v[i].guide, v[i + 1].guide, &pd);
        if (ctx->json) {
            json_obj(&j);
            json_kstr(&j, "country", v[i].country);
            json_kbool(&j, "match", k == 0);
            json_key(&j, "differences");
            json_arr(&j);
            for (size_t m = 0; m < pd.n; m++)
                json_str(&j, pd.v[m].text);
            json_end_arr(&j);
            json_end_obj(&j);
        } else if (k) {
            for (size_t m = 0; m < pd.n; m++)
                cli_warn("%s", pd.v[m].text);
            cli_warn(_("the English guide of %s does not match the French one (differences: %zu)"),
                     v[i].country, k);
        }
        attention += k ? 1 : 0;
        vg_guide_diags_free(&pd);
    }
    /* Canada's official data, when it was imported */
    if (ctx->json) {
        json_end_arr(&j);
        json_key(&j, "advisories");
        json_arr(&j);
    }
    attention += advisory_problems(ctx, st, v, n, ctx->json ? &j : NULL);
    vg_store_close(st);
    if (ctx->json) {
        json_end_arr(&j);
        json_kbool(&j, "attention", attention > 0);
        json_kint(&j, "invalid", (long long)invalid);
        json_end_obj(&j);
        json_done(&j);
    } else if (invalid) {
        cli_error(_("guides that do not validate: %zu"), invalid);
    }
    vg_guide_list_free(v, n);
    if (n == 0) {
        cli_error(_("no country guide in %s/country-guides nor in the store"), ctx->data_dir);
        return EXIT_ERROR;
    }
    return invalid ? EXIT_ERROR : attention ? EXIT_ATTENTION : EXIT_DONE;
}

/* ---- Canada's official advisory data ---- */

static void day_of(char out[16], int64_t t)
{
    vg_date_format(out, (int32_t)(t / 86400));
}

static int cmd_advisories(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    int fetch = cli_flag(a, "fetch"), rc = VG_OK, total_changes = 0, files = 0;
    const char *url = getenv("VIGIE_ADVISORY_URL");
    cli_json j;

    if (strcmp(a->argv[0], "import"))
        return cli_usage_error(a->cmd, _("unknown action '%s' (import)"), a->argv[0]);
    if (a->argc < 2 && !fetch)
        return cli_usage_error(a->cmd, "%s", _("name the files to import, or give --fetch"));
    if (cli_opt_value(a, "ca") && !fetch)
        return cli_usage_error(a->cmd, "%s", _("--ca is for --fetch"));
    if (!url || !*url)
        url = VG_ADVISORY_INDEX_URL;
    if ((rc = cli_open_store(ctx, &st)) != VG_OK)
        return cli_fail(rc);
    if (ctx->json) {
        json_init(&j, stdout);
        json_obj(&j);
        json_key(&j, "files");
        json_arr(&j);
    }
    /* the download first, then the files named, each imported whole or not at all */
    for (int i = fetch ? 0 : 1; i < a->argc; i++) {
        vg_advisory_file *f = NULL;
        vg_advisory_import_result res;
        const char *name = i == 0 ? url : a->argv[i];
        char gen[16];
        if (i == 0) {
            char *buf = NULL;
            size_t len = 0;
            rc = vg_advisory_fetch_ca(url, cli_opt_value(a, "ca"), &buf, &len);
            if (rc == VG_OK)
                rc = vg_advisory_parse(url, buf, len, &f);
            free(buf);
            if (rc == VG_EUNSUPPORTED) {
                cli_error(_("no network: %s; nothing was changed (import a downloaded file "
                            "instead)"),
                          vg_error_last());
                rc = VG_ERROR;
                break;
            }
        } else {
            rc = vg_advisory_parse_file(name, &f);
        }
        if (rc != VG_OK) {
            cli_fail(rc);
            break;
        }
        if ((rc = vg_store_begin(st)) == VG_OK)
            rc = cli_finish(st, vg_advisory_store(st, f, &res));
        if (rc != VG_OK) {
            cli_fail(rc);
            vg_advisory_file_free(f);
            break;
        }
        files++;
        day_of(gen, f->generated);
        if (ctx->json) {
            json_obj(&j);
            json_kstr(&j, "name", name);
            json_kstr(&j, "kind", f->kind == VG_ADVISORY_INDEX ? "index" : "destination");
            json_kstr(&j, "generated", gen);
            json_kint(&j, "countries", (long long)res.countries);
            json_key(&j, "changes");
            json_arr(&j);
        } else {
            printf(_("%s: %s of %s, %zu destinations\n"), name,
                   f->kind == VG_ADVISORY_INDEX ? _("index") : _("destination file"), gen,
                   res.countries);
        }
        for (size_t k = 0; k < res.nchanges; k++) {
            const vg_advisory_change *c = &res.changes[k];
            const char *cname = !strcmp(ctx->lang, "fr") && *c->name_fr ? c->name_fr : c->name;
            char d1[16], d2[16];
            day_of(d1, c->old_published);
            day_of(d2, c->new_published);
            total_changes += !c->older_kept;
            if (ctx->json) {
                json_obj(&j);
                json_kstr(&j, "country", c->country);
                json_kint(&j, "old_level", c->old_level);
                json_kint(&j, "level", c->new_level);
                json_kstr(&j, "old_published", c->old_level ? d1 : NULL);
                json_kstr(&j, "published", d2);
                json_kbool(&j, "regions_changed", c->regions_changed);
                json_kbool(&j, "older_kept", c->older_kept);
                json_end_obj(&j);
            } else if (c->older_kept) {
                printf(_("  %s %s: the file's advice (%s) is older than the one already stored "
                         "(%s): kept\n"),
                       c->country, cname, d2, d1);
            } else if (!c->old_level) {
                /* a first import lists only the countries Vigie has guides for */
                vg_guide *g = NULL;
                if (res.countries < 20 ||
                    vg_guide_get(st, ctx->data_dir, c->country, ctx->lang, &g) == VG_OK)
                    printf(_("  %s %s: level %d (%s), published %s\n"), c->country, cname,
                           c->new_level, vg_advisory_wording(c->new_level, ctx->lang), d2);
                vg_guide_free(g);
            } else if (c->old_level != c->new_level) {
                printf(_("  %s %s: level %d -> %d (%s), published %s (was %s)\n"), c->country,
                       cname, c->old_level, c->new_level,
                       vg_advisory_wording(c->new_level, ctx->lang), d2, d1);
            } else if (c->old_published == c->new_published) {
                printf(_("  %s %s: level %d unchanged; regional advisories changed\n"), c->country,
                       cname, c->new_level);
            } else {
                printf(_("  %s %s: level %d unchanged, new publication %s (was %s)%s\n"),
                       c->country, cname, c->new_level, d2, d1,
                       c->regions_changed ? _("; regional advisories changed") : "");
            }
        }
        if (ctx->json) {
            json_end_arr(&j);
            json_end_obj(&j);
        } else if (!res.nchanges) {
            printf("%s\n", _("  nothing changed since the last import"));
        }
        vg_advisory_import_result_free(&res);
        vg_advisory_file_free(f);
    }
    if (ctx->json) {
        json_end_arr(&j);
        json_kint(&j, "changes", total_changes);
        json_end_obj(&j);
        json_done(&j);
    }
    vg_store_close(st);
    if (rc != VG_OK)
        return cli_exit_for(rc);
    if (!ctx->json && files)
        printf("%s\n", _("Run 'vigie guide check' to compare the guides with it."));
    return EXIT_DONE;
}

/* The official data against each country's guide, for `guide check`:
 * warnings, and the number of countries that need attention. */
static size_t advisory_problems(cli_ctx *ctx, vg_store *st, const vg_guide_entry *v, size_t n,
                                cli_json *j)
{
    size_t attention = 0;
    if (!st)
        return 0;
    for (size_t i = 0; i < n; i++) {
        vg_advisory_cmp c;
        int att = 0;
        char pub[16], rev[16], gen[16];
        if (strcmp(v[i].lang, ctx->lang) && (i + 1 < n || i > 0) &&
            ((i + 1 < n && !strcmp(v[i + 1].country, v[i].country)) ||
             (i > 0 && !strcmp(v[i - 1].country, v[i].country))))
            continue; /* one line per country, in the user's language */
        if (vg_advisory_compare(st, ctx->data_dir, v[i].country, v[i].lang, &c, &att) != VG_OK)
            continue;
        day_of(pub, c.official_published);
        day_of(gen, c.generated);
        vg_date_format(rev, c.guide_reviewed);
        if (j) {
            json_obj(j);
            json_kstr(j, "country", c.country);
            json_kint(j, "official_level", c.official_level);
            json_kstr(j, "official_published", pub);
            json_kstr(j, "generated", gen);
            json_kint(j, "guide_level", c.guide_level);
            json_kstr(j, "guide_reviewed", rev);
            json_kbool(j, "attention", att);
            json_key(j, "regions");
            json_arr(j);
            for (size_t k = 0; k < c.nregion_diffs; k++)
                json_str(j, c.region_diffs[k]);
            json_end_arr(j);
            json_end_obj(j);
        } else {
            if (c.level_differs)
                cli_warn(_("%s: Canada's official level is %d (published %s), the guide's is %d "
                           "(version %s, reviewed %s): update the guide"),
                         c.country, c.official_level, pub, c.guide_level, c.guide_version, rev);
            else if (c.newer_than_guide)
                cli_warn(_("%s: Canada's advice was published on %s, after the guide's review "
                           "(version %s, reviewed %s; level %d in both): review the guide"),
                         c.country, pub, c.guide_version, rev, c.guide_level);
            for (size_t k = 0; k < c.nregion_diffs; k++)
                cli_warn(_("%s: regional advisory: %s"), c.country, c.region_diffs[k]);
        }
        attention += att ? 1 : 0;
        vg_advisory_cmp_free(&c);
    }
    return attention;
}

static int cmd_history(cli_ctx *ctx, cli_args *a)
{
    vg_store *st = NULL;
    vg_guide_version *v = NULL;
    size_t n = 0;
    int rc;

    if ((rc = cli_open_store(ctx, &st)) == VG_OK)
        rc = vg_guide_history(st, a->argv[0], &v, &n);
    vg_store_close(st);
    if (rc != VG_OK)
        return cli_fail(rc);
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_arr(&j);
        for (size_t i = 0; i < n; i++) {
            char when[32];
            vg_time_format_utc(when, v[i].imported_at);
            json_obj(&j);
            json_kstr(&j, "country", v[i].country);
            json_kstr(&j, "lang", v[i].lang);
            json_kstr(&j, "version", v[i].version);
            json_kstr(&j, "imported_at", when);
            json_kstr(&j, "imported_by", v[i].imported_by);
            json_kbool(&j, "current", v[i].current);
            json_end_obj(&j);
        }
        json_end_arr(&j);
        json_done(&j);
    } else if (n == 0) {
        printf(_("no guide for %s was imported into the store: the data folder's are in use\n"),
               a->argv[0]);
    } else {
        cli_table t;
        cli_table_init(&t, 5, _("LANG"), _("VERSION"), _("IMPORTED"), _("BY"), _("IN USE"));
        for (size_t i = 0; i < n; i++) {
            char when[48];
            vg_time_format_local(when, v[i].imported_at, NULL);
            cli_table_add(&t, v[i].lang, v[i].version, when, v[i].imported_by,
                          v[i].current ? _("yes") : "");
        }
        cli_table_print(ctx, &t, stdout);
        cli_table_free(&t);
    }
    vg_guide_history_free(v, n);
    return EXIT_DONE;
}

static const cli_opt show_opts[] = {
    {"section", OPT_VALUE, "NAME",
     N_("only this section: overview, advisory, security, health, getting-around, communications, "
        "entry, emergency, sources (in English or French, or its heading, or the start of it)")},
    {NULL, 0, NULL, NULL},
};

static const cli_opt advisory_opts[] = {
    {"fetch", OPT_FLAG, NULL,
     N_("download the index from the Government of Canada (HTTPS) before the files named")},
    {"ca", OPT_VALUE, "FILE",
     N_("with --fetch: trust the certificate authorities of this PEM file instead of the "
        "system's (an organisation's TLS proxy)")},
    {NULL, 0, NULL, NULL},
};

const cli_cmd cli_cmds_guide[] = {
    {"guide", "list", "",
     N_("list the country guides: version, advisory level, review date, origin"), 0, 0, NULL,
     cmd_list,
     N_("A guide imported into the store takes precedence over the data folder's. Exit 1 if a "
        "guide\n"
        "does not validate.")},
    {"guide", "show", "CC", N_("show a country's guide (CO, HT, MX) in the --lang language"), 1, 1,
     show_opts, cmd_show,
     N_("Facts still to be checked are marked. The text is wrapped to the terminal's width "
        "(COLUMNS).\n"
        "Without a guide in the --lang language, the other language's is shown, with a note.")},
    {"guide", "import", "FILE",
     N_("validate a guide file and store it (every previous version is kept)"), 1, 1, NULL,
     cmd_import,
     N_("Edit a copy of a guide, raise its version, then import it: it takes precedence over the\n"
        "data folder's guide. Every error is named by file and line; nothing is stored unless the\n"
        "whole file validates.")},
    {"guide", "check", "", N_("check every guide: exit 3 names each one past its review-by date"),
     0, 0, NULL, cmd_check,
     N_("Also exit 3 when the French and English guides of a country differ, when an imported\n"
        "guide hides a newer one in the data folder, or when Canada's official advisory data\n"
        "('vigie guide advisories import') gives another level, is newer than the guide's review\n"
        "or lists other regional advisories; exit 1 when a guide does not validate.\n"
        "VIGIE_NOW moves the clock.")},
    {"guide", "history", "CC", N_("the versions of a country's guide imported into the store"), 1,
     1, NULL, cmd_history, NULL},
    {"guide", "advisories", "import [FILE...]",
     N_("read Canada's official travel advisory data and compare it with the guides"), 1,
     CLI_MAX_ARGS - 1, advisory_opts, cmd_advisories,
     N_("FILE is the Government of Canada's open data as downloaded: the index "
        "(index-updated.json)\n"
        "or a destination's file (cta-cap-CO.json, with its regional advisories). Each country's\n"
        "official level and publication date are stored with the file's generation date, and what\n"
        "changed since the last import is printed. --fetch downloads the index over HTTPS (the "
        "only\n"
        "network access in Vigie; VIGIE_ADVISORY_URL replaces the address); offline, it says so "
        "and\n"
        "changes nothing. Then 'vigie guide check' names every country whose official level\n"
        "differs from its guide's or whose advice is newer than the guide's review.")},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
