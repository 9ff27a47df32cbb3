/* A guide's Markdown body (FORMAT.md section 6).
 *
 * Two passes. The first reads the body line by line: it finds the nine
 * "## " headings and refuses, with the exact line, what the format forbids
 * (other headings, tables, HTML, images, indented or numbered lists, code,
 * quotes, rules). The second gives each clean section to md4c, which turns
 * it into blocks (a paragraph or a bullet) of text runs, bold or not; md4c
 * also catches what the line rules cannot see (emphasis, links, entities). */
#include <md4c.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/guide.h>

#include "guide/guide_internal.h"
#include "util/i18n.h"

/* ---- plain text ---- */

typedef struct {
    char *s;
    size_t len, cap;
    int nomem;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->nomem)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        char *p;
        while (cap < b->len + n + 1)
            cap *= 2;
        if (!(p = realloc(b->s, cap))) {
            b->nomem = 1;
            return;
        }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

char *vg_guide_blocks_plain(const vg_guide_block *b, size_t n)
{
    sbuf out = {0};
    sb_add(&out, "", 0);
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            sb_add(&out, b[i].bullet && b[i - 1].bullet ? "\n" : "\n\n",
                   b[i].bullet && b[i - 1].bullet ? 1 : 2);
        if (b[i].bullet)
            sb_add(&out, "- ", 2);
        for (size_t r = 0; r < b[i].nruns; r++)
            sb_add(&out, b[i].runs[r].text, strlen(b[i].runs[r].text));
    }
    if (out.nomem) {
        free(out.s);
        return NULL;
    }
    return out.s;
}

char *vg_guide_section_plain(const vg_guide *g, vg_guide_section_id id)
{
    if ((unsigned)id >= VG_SEC_COUNT)
        return NULL;
    return vg_guide_blocks_plain(g->sections[id].blocks, g->sections[id].nblocks);
}

/* ---- md4c: a section into blocks ---- */

typedef struct {
    vg_gctx *c;
    struct vg_guide_priv *a;
    const char *buf; /* the section's text */
    size_t len;
    int line0;             /* file line of buf[0] */
    const char *last_text; /* for the line of a message */
    int ul_depth, in_li, strong, reported;
    /* blocks being built */
    vg_guide_block *blocks;
    size_t nblocks, cap;
    /* the current block's runs */
    vg_guide_run *runs;
    size_t nruns, rcap;
    sbuf run; /* text of the run being built */
    int run_bold, in_block;
} md_state;

static int md_line(const md_state *m)
{
    int line = m->line0;
    const char *end = m->last_text;
    if (!end || end < m->buf || end > m->buf + m->len)
        return line;
    for (const char *p = m->buf; p < end; p++)
        if (*p == '\n')
            line++;
    return line;
}

static void md_err(md_state *m, const char *what)
{
    /* one message per kind of problem per section is enough */
    if (m->reported++ < 3)
        vg_gdiag(m->c, md_line(m), 0, "%s", what);
}

static int flush_run(md_state *m)
{
    vg_guide_run *r;
    if (m->run.nomem)
        return -1;
    if (m->run.len == 0)
        return 0;
    if (m->nruns == m->rcap) {
        size_t cap = m->rcap ? m->rcap * 2 : 8;
        vg_guide_run *p = realloc(m->runs, cap * sizeof *p);
        if (!p)
            return -1;
        m->runs = p;
        m->rcap = cap;
    }
    r = &m->runs[m->nruns];
    if (!(r->text = vg_arena_strndup(m->a, m->run.s, m->run.len)))
        return -1;
    r->bold = m->run_bold;
    m->nruns++;
    m->run.len = 0;
    return 0;
}

static int start_block(md_state *m)
{
    m->in_block = 1;
    m->nruns = 0;
    m->run.len = 0;
    return 0;
}

static int end_block(md_state *m, int bullet)
{
    vg_guide_block *b;
    vg_guide_run *runs;
    if (flush_run(m) < 0)
        return -1;
    m->in_block = 0;
    /* trim the spaces soft breaks may leave at both ends */
    while (m->nruns > 0) {
        vg_guide_run *r = &m->runs[m->nruns - 1];
        size_t n = strlen(r->text);
        while (n > 0 && r->text[n - 1] == ' ')
            ((char *)r->text)[--n] = '\0';
        if (n > 0)
            break;
        m->nruns--;
    }
    while (m->nruns > 0 && m->runs[0].text[0] == ' ') {
        char *t = (char *)m->runs[0].text;
        memmove(t, t + 1, strlen(t));
        if (!*t) {
            memmove(m->runs, m->runs + 1, (m->nruns - 1) * sizeof *m->runs);
            m->nruns--;
        }
    }
    if (m->nruns == 0) {
        if (bullet)
            md_err(m, _("empty bullet"));
        return 0;
    }
    if (m->nblocks == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 16;
        vg_guide_block *p = realloc(m->blocks, cap * sizeof *p);
        if (!p)
            return -1;
        m->blocks = p;
        m->cap = cap;
    }
    if (!(runs = vg_arena_alloc(m->a, m->nruns * sizeof *runs)))
        return -1;
    memcpy(runs, m->runs, m->nruns * sizeof *runs);
    b = &m->blocks[m->nblocks++];
    b->bullet = bullet;
    b->runs = runs;
    b->nruns = m->nruns;
    return 0;
}

static int enter_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
    md_state *m = ud;
    switch (type) {
    case MD_BLOCK_DOC:
        return 0;
    case MD_BLOCK_UL:
        if (++m->ul_depth > 1)
            md_err(m, _("nested lists are not allowed"));
        else if (((MD_BLOCK_UL_DETAIL *)detail)->mark != '-')
            md_err(m, _("a bullet starts with \"- \" at the start of the line"));
        return 0;
    case MD_BLOCK_LI:
        m->in_li++;
        return m->in_li == 1 ? start_block(m) : 0;
    case MD_BLOCK_P:
        if (!m->in_li)
            return start_block(m);
        if (m->nruns > 0 || m->run.len > 0)
            md_err(m, _("a bullet is one paragraph"));
        return 0;
    case MD_BLOCK_QUOTE:
        md_err(m, _("quotes (>) are not allowed"));
        return 0;
    case MD_BLOCK_OL:
        md_err(m, _("numbered lists are not allowed"));
        return 0;
    case MD_BLOCK_HR:
        md_err(m, _("horizontal rules are not allowed"));
        return 0;
    case MD_BLOCK_H:
        md_err(m, _("only the nine section headings (## ...) are allowed"));
        return 0;
    case MD_BLOCK_CODE:
        md_err(m, _("code blocks are not allowed"));
        return 0;
    case MD_BLOCK_HTML:
        md_err(m, _("HTML is not allowed"));
        return 0;
    default:
        md_err(m, _("tables are not allowed"));
        return 0;
    }
}

static int leave_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
    md_state *m = ud;
    (void)detail;
    if (type == MD_BLOCK_UL)
        m->ul_depth--;
    else if (type == MD_BLOCK_LI && --m->in_li == 0)
        return end_block(m, 1);
    else if (type == MD_BLOCK_P && !m->in_li)
        return end_block(m, 0);
    return 0;
}

static int enter_span(MD_SPANTYPE type, void *detail, void *ud)
{
    md_state *m = ud;
    (void)detail;
    if (type == MD_SPAN_STRONG) {
        m->strong++;
        return 0;
    }
    if (type == MD_SPAN_IMG)
        md_err(m, _("images are not allowed"));
    else if (type == MD_SPAN_A)
        md_err(m, _("links are not allowed: write the address as text"));
    else
        md_err(m,
               _("only **bold** is allowed inside text (no *emphasis*, `code` or other markup)"));
    return 0;
}

static int leave_span(MD_SPANTYPE type, void *detail, void *ud)
{
    md_state *m = ud;
    (void)detail;
    if (type == MD_SPAN_STRONG)
        m->strong--;
    return 0;
}

static int text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE size, void *ud)
{
    md_state *m = ud;
    int bold = m->strong > 0;
    if (s >= m->buf && s <= m->buf + m->len)
        m->last_text = s;
    if (!m->in_block) {
        /* text outside a paragraph or bullet: inside something refused */
        return 0;
    }
    switch (type) {
    case MD_TEXT_NORMAL:
        break;
    case MD_TEXT_SOFTBR:
    case MD_TEXT_BR:
        s = " ";
        size = 1;
        break;
    case MD_TEXT_ENTITY:
        md_err(m, _("character references (&...;) are not allowed: write the character itself"));
        return 0;
    case MD_TEXT_HTML:
        md_err(m, _("HTML is not allowed"));
        return 0;
    default:
        return 0; /* code and others: refused by their span or block */
    }
    if (bold != m->run_bold && m->run.len > 0 && flush_run(m) < 0)
        return -1;
    m->run_bold = bold;
    sb_add(&m->run, s, size);
    return m->run.nomem ? -1 : 0;
}

static int parse_section(vg_gctx *c, vg_guide_section *sec, struct vg_guide_priv *a,
                         const char *buf, size_t len, int line0)
{
    MD_PARSER p;
    md_state m;
    int rc;
    memset(&p, 0, sizeof p);
    memset(&m, 0, sizeof m);
    p.enter_block = enter_block;
    p.leave_block = leave_block;
    p.enter_span = enter_span;
    p.leave_span = leave_span;
    p.text = text;
    m.c = c;
    m.a = a;
    m.buf = buf;
    m.len = len;
    m.line0 = line0;
    rc = md_parse(buf, (MD_SIZE)len, &p, &m);
    if (rc == 0 && !m.run.nomem) {
        vg_guide_block *blocks = vg_arena_alloc(a, (m.nblocks ? m.nblocks : 1) * sizeof *blocks);
        if (blocks) {
            memcpy(blocks, m.blocks, m.nblocks * sizeof *blocks);
            sec->blocks = blocks;
            sec->nblocks = m.nblocks;
        } else {
            rc = -1;
        }
    }
    free(m.blocks);
    free(m.runs);
    free(m.run.s);
    if (rc != 0)
        c->nomem = 1;
    return rc == 0 ? 0 : -1;
}

/* ---- the first pass: lines ---- */

static int starts(const char *line, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && !memcmp(line, prefix, k);
}

/* The problem with one body line, or NULL. */
static const char *line_problem(const char *l, size_t n)
{
    size_t k;
    if (n == 0)
        return NULL;
    if (l[0] == '#') {
        k = strspn(l, "#");
        if (k <= 6 && (k == n || l[k] == ' '))
            return _("only the nine section headings (## ...) are allowed");
        return NULL;
    }
    if (l[0] == ' ')
        return _("indented lines are not allowed (no nested lists, no indented code)");
    if (l[0] == '|')
        return _("tables are not allowed");
    if (l[0] == '<')
        return _("HTML is not allowed");
    if (l[0] == '>')
        return _("quotes (>) are not allowed");
    if (starts(l, n, "```") || starts(l, n, "~~~"))
        return _("code blocks are not allowed");
    k = strspn(l, "0123456789");
    if (k > 0 && k <= 9 && k < n && (l[k] == '.' || l[k] == ')') && (k + 1 == n || l[k + 1] == ' '))
        return _("numbered lists are not allowed");
    /* rules (---, ***, ___) and setext underlines (===, ---) */
    {
        char ch = l[0];
        size_t same = 0, other = 0;
        if (ch == '-' || ch == '=' || ch == '*' || ch == '_') {
            for (size_t i = 0; i < n; i++) {
                if (l[i] == ch)
                    same++;
                else if (l[i] != ' ')
                    other++;
            }
            if (!other && (ch == '=' || ch == '-' ? 1 : same >= 3))
                return _("horizontal rules and underlined headings are not allowed");
        }
    }
    if ((l[0] == '*' || l[0] == '+') && (n == 1 || l[1] == ' '))
        return _("a bullet starts with \"- \" at the start of the line");
    for (size_t i = 0; i + 1 < n; i++)
        if (l[i] == '!' && l[i + 1] == '[')
            return _("images are not allowed");
    return NULL;
}

typedef struct {
    int line;          /* of the heading */
    int id;            /* section id, or -1 when not a known heading */
    const char *start; /* content after the heading line */
    const char *end;
    const char *title; /* the heading's text, without "## " */
    size_t title_len;
    int bad; /* the content has line problems */
} heading;

static int heading_id(const char *title, size_t n, const char *lang)
{
    for (int i = 0; i < VG_SEC_COUNT; i++) {
        const char *h = vg_guide_section_heading((vg_guide_section_id)i, lang);
        if (h && strlen(h) == n && !memcmp(h, title, n))
            return i;
    }
    return -1;
}

static size_t count_words(const vg_guide *g)
{
    size_t words = 0;
    for (int s = 0; s < VG_SEC_COUNT; s++)
        for (size_t b = 0; b < g->sections[s].nblocks; b++)
            for (size_t r = 0; r < g->sections[s].blocks[b].nruns; r++) {
                const unsigned char *p =
                    (const unsigned char *)g->sections[s].blocks[b].runs[r].text;
                int in = 0, letter = 0;
                for (;; p++) {
                    if (*p == ' ' || *p == '\0') {
                        if (in && letter)
                            words++;
                        in = letter = 0;
                        if (!*p)
                            break;
                        continue;
                    }
                    in = 1;
                    if (*p >= 0x80 || (*p >= '0' && *p <= '9') ||
                        ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z'))
                        letter = 1;
                }
            }
    return words;
}

int vg_guide_parse_body(vg_gctx *c, vg_guide *g, const char *body, size_t len, int line0)
{
    heading *hs = NULL;
    size_t nh = 0, cap = 0;
    const char *p = body, *end = body + len;
    int line = line0, fr = 0, en = 0, told_before = 0, last_line = line0;
    const char *lang = g->lang[0] ? g->lang : NULL;
    int seen[VG_SEC_COUNT] = {0}, parsed[VG_SEC_COUNT] = {0}, prev = -1, rc = 0, all = 1;

    /* pass 1: lines */
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        const char *why = NULL;
        if (n >= 3 && !memcmp(p, "## ", 3)) {
            heading *h;
            if (nh == cap) {
                size_t ncap = cap ? cap * 2 : 16;
                heading *x = realloc(hs, ncap * sizeof *x);
                if (!x) {
                    c->nomem = 1;
                    rc = -1;
                    goto done;
                }
                hs = x;
                cap = ncap;
            }
            h = &hs[nh++];
            memset(h, 0, sizeof *h);
            h->line = line;
            h->start = nl ? nl + 1 : end;
            h->id = -1;
            if (nh > 1)
                hs[nh - 2].end = p;
        } else if ((why = line_problem(p, n)) != NULL) {
            vg_gdiag(c, line, 0, "%s", why);
            if (nh > 0)
                hs[nh - 1].bad = 1;
        } else if (n > 0 && nh == 0 && !told_before) {
            vg_gdiag(c, line, 0, "%s",
                     _("text before the first section: the body starts with a ## heading"));
            told_before = 1;
        }
        if (n > 0)
            last_line = line;
        line++;
        p = nl ? nl + 1 : end;
    }
    if (nh > 0)
        hs[nh - 1].end = end;

    /* the headings' titles; which language's headings when lang is unknown */
    for (size_t i = 0; i < nh; i++) {
        const char *le =
            hs[i].start > body && hs[i].start[-1] == '\n' ? hs[i].start - 1 : hs[i].start;
        const char *ls = le;
        while (ls > body && ls[-1] != '\n')
            ls--;
        ls += 3;
        while (ls < le && *ls == ' ')
            ls++;
        while (le > ls && le[-1] == ' ')
            le--;
        hs[i].title = ls;
        hs[i].title_len = (size_t)(le - ls);
        if (!lang) {
            fr += heading_id(ls, hs[i].title_len, "fr") >= 0;
            en += heading_id(ls, hs[i].title_len, "en") >= 0;
        }
    }
    if (!lang)
        lang = fr >= en ? "fr" : "en";
    for (size_t i = 0; i < nh; i++) {
        char show[96], title[512];
        int id = heading_id(hs[i].title, hs[i].title_len, lang);
        snprintf(title, sizeof title, "%.*s", (int)(hs[i].title_len < 400 ? hs[i].title_len : 400),
                 hs[i].title);
        hs[i].id = id;
        if (id < 0) {
            vg_gdiag(c, hs[i].line, 0,
                     _("\"## %s\" is not one of the nine sections of a guide in %s"),
                     vg_gshow(show, title), lang);
        } else if (seen[id]) {
            vg_gdiag(c, hs[i].line, 0, _("\"## %s\" appears twice"), vg_gshow(show, title));
            hs[i].id = -1;
        } else {
            if (id < prev)
                vg_gdiag(c, hs[i].line, 0,
                         _("\"## %s\" is out of order: it comes before \"## %s\""),
                         vg_gshow(show, title),
                         vg_guide_section_heading((vg_guide_section_id)prev, lang));
            seen[id] = 1;
            prev = id > prev ? id : prev;
            g->sections[id].id = (vg_guide_section_id)id;
            g->sections[id].line = hs[i].line;
            g->sections[id].title = vg_arena_strndup(g->priv, hs[i].title, hs[i].title_len);
            if (!g->sections[id].title) {
                c->nomem = 1;
                rc = -1;
                goto done;
            }
        }
    }
    for (int i = 0; i < VG_SEC_COUNT; i++)
        if (!seen[i]) {
            int at = last_line;
            for (size_t k = 0; k < nh; k++)
                if (hs[k].id > i) {
                    at = hs[k].line;
                    break;
                }
            vg_gdiag(c, at, 0, _("section \"## %s\" is missing"),
                     vg_guide_section_heading((vg_guide_section_id)i, lang));
        }

    /* pass 2: md4c on each clean section */
    for (size_t i = 0; i < nh; i++) {
        vg_guide_section *sec;
        if (hs[i].id < 0 || hs[i].bad)
            continue;
        sec = &g->sections[hs[i].id];
        if (parse_section(c, sec, g->priv, hs[i].start, (size_t)(hs[i].end - hs[i].start),
                          hs[i].line + 1) < 0) {
            rc = -1;
            goto done;
        }
        parsed[hs[i].id] = 1;
    }
    for (int i = 0; i < VG_SEC_COUNT; i++)
        all &= parsed[i];

    /* what some sections must say */
    if (parsed[VG_SEC_EMERGENCY]) {
        const vg_guide_section *s = &g->sections[VG_SEC_EMERGENCY];
        char *t = vg_guide_blocks_plain(s->blocks, s->nblocks);
        const char *must[] = {"+1 613 996 8885", "sos@international.gc.ca"};
        if (!t) {
            c->nomem = 1;
            rc = -1;
            goto done;
        }
        for (int k = 0; k < 2; k++)
            if (!strstr(t, must[k]))
                vg_gdiag(c, s->line, 0,
                         _("section \"## %s\" must give %s (Canada's Emergency Watch and Response "
                           "Centre)"),
                         s->title, must[k]);
        free(t);
    }
    if (parsed[VG_SEC_SOURCES] && g->reviewed && g->review_by) {
        const vg_guide_section *s = &g->sections[VG_SEC_SOURCES];
        char *t = vg_guide_blocks_plain(s->blocks, s->nblocks);
        char d[16];
        int32_t days[2] = {g->reviewed, g->review_by};
        if (!t) {
            c->nomem = 1;
            rc = -1;
            goto done;
        }
        for (int k = 0; k < 2; k++) {
            vg_date_format(d, days[k]);
            if (!strstr(t, d))
                vg_gdiag(c, s->line, 0, _("section \"## %s\" must give the date %s (%s)"), s->title,
                         d, k == 0 ? "reviewed" : "review_by");
        }
        free(t);
    }
    {
        size_t words = count_words(g);
        if (all && (words < 600 || words > 2000))
            vg_gdiag(c, line0, 1, _("body length: %zu words (a guide should have 600 to 2000)"),
                     words);
    }
done:
    free(hs);
    return rc;
}
