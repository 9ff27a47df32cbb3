/* The organisation's side of field kits and cards: the "field" schema
 * module, issuing kits, importing codes.
 *
 * Schema (module "field", registered after "checkin"):
 *   field_kit   one row per kit ever issued: its participant, reference,
 *               Ed25519 public key, the two slot marks (which one means
 *               duress is known only here), the last counter imported, when
 *               it was issued and, once revoked or replaced by a newer kit, revoked.
 *   field_card  one row per check-in card ever issued: its participant, the
 *               32-byte card secret, how many codes and where the duress
 *               codes are, the first unused position, the wrong codes in a
 *               row, issued and revoked (card_store.c).
 * Both live in the encrypted database; no code is stored, only counters. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/participant.h>
#include <vigie/contact.h>
#include <vigie/audit.h>
#include <vigie/checkin.h>
#include <vigie/clock.h>
#include <vigie/config.h>
#include <vigie/error.h>
#include <vigie/field.h>
#include <vigie/guide.h>

#include "field/field_internal.h"
#include "store/store_internal.h"
#include "util/i18n.h"
#include "util/text.h"
#include "util/tz.h"

static const vg_migration steps[] = {
    {1, "CREATE TABLE field_kit (id INTEGER PRIMARY KEY,"
        "  participant_id INTEGER NOT NULL REFERENCES participant(id) ON DELETE CASCADE,"
        "  ref BLOB NOT NULL UNIQUE, sign_pk BLOB NOT NULL,"
        "  mark_ok BLOB NOT NULL, mark_duress BLOB NOT NULL,"
        "  last_counter INTEGER NOT NULL DEFAULT 0,"
        "  issued INTEGER NOT NULL, revoked INTEGER);"
        "CREATE INDEX field_kit_participant ON field_kit (participant_id);"
        "CREATE TABLE field_card (id INTEGER PRIMARY KEY,"
        "  participant_id INTEGER NOT NULL REFERENCES participant(id) ON DELETE CASCADE,"
        "  secret BLOB NOT NULL, ncodes INTEGER NOT NULL, nduress INTEGER NOT NULL,"
        "  duress_pos TEXT NOT NULL, next_pos INTEGER NOT NULL DEFAULT 0,"
        "  wrong_streak INTEGER NOT NULL DEFAULT 0,"
        "  issued INTEGER NOT NULL, revoked INTEGER);"
        "CREATE INDEX field_card_participant ON field_card (participant_id);"},
    /* 2: the duress positions of a card already used ("6,18"): a second
     * use is a replay that flags the open alert again (issue 12). */
    {2, "ALTER TABLE field_card ADD COLUMN duress_used TEXT NOT NULL DEFAULT '';"},
    /* 3: the duress word that replaces duress positions on new cards
     * (issue 12); '' on the cards issued before, which keep theirs. */
    {3, "ALTER TABLE field_card ADD COLUMN duress_word TEXT NOT NULL DEFAULT '';"},
};

static const char *const tables[] = {"field_kit", "field_card", NULL};

const vg_schema_module vg_schema_field = {"field", steps, sizeof steps / sizeof steps[0], tables};

void vg_field_object(char *out, size_t cap, const char *slug, int64_t participant_id)
{
    snprintf(out, cap, "%s/%lld", slug, (long long)participant_id);
}

int vg_field_org_box(vg_store *st, unsigned char pk[32], vg_secret **sk)
{
    sqlite3_stmt *s = NULL;
    int rc = vg_sql_prepare(st, &s, "SELECT box_pk, box_sk FROM org_keys WHERE id = 1");
    if (sk)
        *sk = NULL;
    if (rc != VG_OK)
        return rc;
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW && sqlite3_column_bytes(s, 0) == 32 &&
        sqlite3_column_bytes(s, 1) == crypto_box_SECRETKEYBYTES) {
        memcpy(pk, sqlite3_column_blob(s, 0), 32);
        rc = sk ? vg_secret_from(sk, sqlite3_column_blob(s, 1), crypto_box_SECRETKEYBYTES) : VG_OK;
    } else if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
        rc = vg_error_set(VG_EINTEGRITY, "%s", _("the organisation's keys are missing or damaged"));
    } else {
        rc = vg_sql_fail(st, rc, "org_keys");
    }
    sqlite3_finalize(s);
    return rc;
}

int vg_field_delegation_id(vg_store *st, const char *slug, int64_t *id)
{
    vg_delegation *d = NULL;
    int rc = vg_delegation_get(st, slug, &d);
    *id = rc == VG_OK ? d->id : 0;
    vg_delegation_free(d);
    return rc;
}

int vg_field_slug(vg_store *st, int64_t delegation_id, char out[VG_SLUG_MAX + 1])
{
    sqlite3_stmt *s = NULL;
    int rc = vg_sql_prepare(st, &s, "SELECT slug FROM delegation WHERE id = ?1");
    out[0] = '\0';
    if (rc != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, delegation_id);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        snprintf(out, VG_SLUG_MAX + 1, "%s", (const char *)sqlite3_column_text(s, 0));
        rc = VG_OK;
    } else {
        rc = rc == SQLITE_DONE ? VG_ENOTFOUND : vg_sql_fail(st, rc, "delegation");
    }
    sqlite3_finalize(s);
    return rc;
}

int vg_field_today(const char *tz, int32_t *out)
{
    int rc = tz && *tz && !vg_tz_valid(tz)
                 ? vg_error_set(VG_EINVALID, _("unknown time zone \"%s\""), tz)
                 : VG_OK;
    *out = vg_today(tz && *tz && rc == VG_OK ? tz : "UTC");
    return rc;
}

int vg_field_plan(vg_store *st, const char *slug, uint16_t *out, size_t max, size_t *n)
{
    vg_checkin_plan plan;
    int rc = vg_checkin_plan_get(st, slug, &plan);
    *n = 0;
    if (rc == VG_ENOTFOUND) {
        vg_error_clear();
        return VG_OK; /* no plan yet: the kit says so */
    }
    if (rc != VG_OK)
        return rc;
    for (int i = 0; i < plan.ndaily && *n < max; i++)
        if (plan.daily[i] >= 0 && plan.daily[i] < 24 * 60)
            out[(*n)++] = (uint16_t)plan.daily[i];
    return VG_OK;
}

/* Append a number unless the list is full or it is there already. */
static void add_number(vg_kit_number *out, size_t max, size_t *n, const char *label,
                       const char *number)
{
    size_t ll, nl;
    if (*n >= max || !label || !number || !*number)
        return;
    for (size_t i = 0; i < *n; i++)
        if (!strcmp(out[i].number, number))
            return;
    nl = strlen(number);
    if (nl > VG_KIT_NUMBER_MAX || !vg_text_clean(number, nl, 0))
        return;
    ll = strlen(label);
    if (!vg_text_clean(label, ll, 0))
        return;
    /* Cut a long label at a character boundary. */
    while (ll > VG_KIT_LABEL_MAX) {
        ll--;
        while (ll > 0 && ((unsigned char)label[ll] & 0xc0) == 0x80)
            ll--;
    }
    if (!ll)
        return;
    memcpy(out[*n].label, label, ll);
    out[*n].label[ll] = '\0';
    memcpy(out[*n].number, number, nl + 1);
    (*n)++;
}

#define GUIDE_FIRST 3 /* guide numbers before the delegation's contacts */

/* A guide's fact as a label of at most VG_KIT_LABEL_MAX bytes, with its
 * mark when it is still to be checked: the text is cut (at a character
 * boundary) to keep room for the mark, which is never cut. */
static void guide_label(char out[VG_KIT_LABEL_MAX + 1], const char *text, vg_fact_status status,
                        const char *lang)
{
    const char *mark = status == VG_FACT_TO_CHECK
                           ? (lang && !strcmp(lang, "fr") ? " (à vérifier)" : " (to be checked)")
                           : "";
    size_t ml = strlen(mark), tl = strlen(text), room = VG_KIT_LABEL_MAX - ml;
    if (tl > room) {
        tl = room;
        while (tl > 0 && ((unsigned char)text[tl] & 0xc0) == 0x80)
            tl--;
    }
    memcpy(out, text, tl);
    memcpy(out + tl, mark, ml + 1);
}

int vg_field_numbers(vg_store *st, const char *slug, const char *data_dir, const char *lang,
                     vg_kit_number *out, size_t max, size_t *n)
{
    /* Roles worth calling from the field, in that order. The accommodation
     * is left out: a lost kit or card must not say where people sleep. */
    static const char *const roles[] = {"emergency-service", "embassy", "focal-point",
                                        "crisis-cell",       "insurer", "partner"};
    vg_contact **list = NULL;
    size_t count = 0, room = max ? max - 1 : 0, guide_numbers = 0; /* one place for Canada */
    char *v = NULL, label[VG_KIT_LABEL_MAX * 2];
    int rc;

    *n = 0;
    /* The delegation's own contacts and its country guide's (a missing or
     * invalid guide is the readiness checklist's business, not a reason to
     * refuse a kit). */
    if ((rc = vg_delegation_emergency_contacts(st, data_dir, slug,
                                               lang && !strcmp(lang, "fr") ? "fr" : "en",
                                               VG_EC_OWN | VG_EC_GUIDE, &list, &count)) != VG_OK)
        goto done;
    if ((rc = vg_config_get(st, "org.phone", &v)) != VG_OK)
        goto done;
    if (v) {
        char *name = NULL;
        if ((rc = vg_config_get(st, "org.name", &name)) != VG_OK)
            goto done;
        snprintf(label, sizeof label, "%s", name ? name : _("the organisation (24/7)"));
        add_number(out, room, n, label, v);
        free(name);
        free(v);
        v = NULL;
    }
    /* The guide's first numbers (the main emergency lines come first in a
     * guide), the delegation's own contacts, then the guide's other numbers
     * and offices; the centre in Canada gets its own label at the end. */
    for (size_t i = 0; i < count; i++) {
        const vg_contact *c = list[i];
        if (!c->from_guide || strcmp(c->role, "emergency-service") ||
            guide_numbers++ >= GUIDE_FIRST)
            continue;
        guide_label(label, c->name, c->to_check ? VG_FACT_TO_CHECK : VG_FACT_VERIFIED, lang);
        add_number(out, room, n, label, c->phone);
    }
    for (size_t r = 0; r < sizeof roles / sizeof roles[0]; r++)
        for (size_t i = 0; i < count; i++)
            if (!list[i]->from_guide && list[i]->role && !strcmp(list[i]->role, roles[r])) {
                snprintf(label, sizeof label, "%s (%s)", list[i]->name,
                         vg_contact_role_label(roles[r]));
                add_number(out, room, n, label, list[i]->phone);
            }
    guide_numbers = 0;
    for (size_t i = 0; i < count; i++) {
        const vg_contact *c = list[i];
        if (!c->from_guide || strcmp(c->role, "emergency-service") || guide_numbers++ < GUIDE_FIRST)
            continue;
        guide_label(label, c->name, c->to_check ? VG_FACT_TO_CHECK : VG_FACT_VERIFIED, lang);
        add_number(out, room, n, label, c->phone);
    }
    for (size_t i = 0; i < count; i++) {
        const vg_contact *c = list[i];
        if (c->from_guide && !strcmp(c->role, "embassy") && c->phone &&
            strcmp(c->phone, VG_EWRC_PHONE) != 0) {
            guide_label(label, c->name, c->to_check ? VG_FACT_TO_CHECK : VG_FACT_VERIFIED, lang);
            add_number(out, room, n, label, c->phone);
        }
    }
    if ((rc = vg_config_get(st, "security.focal_phone", &v)) != VG_OK)
        goto done;
    add_number(out, room, n, vg_contact_role_label("focal-point"), v);
    /* Canada's Emergency Watch and Response Centre answers everywhere. */
    add_number(out, max, n, _("Canada, Emergency Watch and Response Centre"), VG_EWRC_PHONE);
done:
    free(v);
    vg_contact_list_free(list, count);
    return rc;
}

int vg_kit_issue(vg_store *st, const char *slug, const vg_participant *p, const vg_secret *pin,
                 const vg_secret *duress_pin, vg_kdf_cost cost, const char *data_dir,
                 const char *lang, vg_kit **out)
{
    vg_delegation *d = NULL;
    vg_kit_info in;
    vg_kit_keys keys;
    vg_kit *k = NULL;
    sqlite3_stmt *s = NULL;
    char obj[VG_SLUG_MAX + 32];
    int rc;

    *out = NULL;
    memset(&in, 0, sizeof in);
    if ((rc = vg_delegation_get(st, slug, &d)) != VG_OK)
        goto done;
    if (p->delegation_id != d->id) {
        rc = vg_error_set(VG_EINVALID, _("the participant is not in delegation \"%s\""), slug);
        goto done;
    }
    snprintf(in.slug, sizeof in.slug, "%s", d->slug);
    if (d->country[0] && d->country[1])
        snprintf(in.country, sizeof in.country, "%.2s", d->country);
    if (d->tz && strlen(d->tz) <= VG_KIT_TZ_MAX)
        snprintf(in.tz, sizeof in.tz, "%s", d->tz);
    in.start_day = d->start_day;
    in.end_day = d->end_day;
    in.issued = vg_now();
    if ((rc = vg_field_plan(st, slug, in.plan, VG_KIT_PLAN_MAX, &in.nplan)) != VG_OK ||
        (rc = vg_field_numbers(st, slug, data_dir, lang, in.numbers, VG_KIT_NUMBERS_MAX,
                               &in.nnumbers)) != VG_OK ||
        (rc = vg_field_org_box(st, in.org_box_pk, NULL)) != VG_OK ||
        (rc = vg_kit_create(&k, &keys, &in, pin, duress_pin, cost)) != VG_OK)
        goto done;
    /* The new kit replaces the participant's previous one. */
    if ((rc = vg_sql_prepare(st, &s,
                             "UPDATE field_kit SET revoked = ?2"
                             " WHERE participant_id = ?1 AND revoked IS NULL")) != VG_OK)
        goto done;
    sqlite3_bind_int64(s, 1, p->id);
    sqlite3_bind_int64(s, 2, in.issued);
    if (sqlite3_step(s) != SQLITE_DONE) {
        rc = vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), "field_kit");
        goto done;
    }
    sqlite3_finalize(s);
    if ((rc = vg_sql_prepare(st, &s,
                             "INSERT INTO field_kit (participant_id, ref, sign_pk,"
                             " mark_ok, mark_duress, issued) VALUES (?1,?2,?3,?4,?5,?6)")) != VG_OK)
        goto done;
    sqlite3_bind_int64(s, 1, p->id);
    sqlite3_bind_blob(s, 2, keys.ref, sizeof keys.ref, SQLITE_TRANSIENT);
    sqlite3_bind_blob(s, 3, keys.sign_pk, sizeof keys.sign_pk, SQLITE_TRANSIENT);
    sqlite3_bind_blob(s, 4, keys.mark_ok, sizeof keys.mark_ok, SQLITE_TRANSIENT);
    sqlite3_bind_blob(s, 5, keys.mark_duress, sizeof keys.mark_duress, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 6, in.issued);
    if (sqlite3_step(s) != SQLITE_DONE) {
        rc = vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), "field_kit");
        goto done;
    }
    vg_field_object(obj, sizeof obj, slug, p->id);
    if ((rc = vg_audit_append(st, "kit.export", obj, "")) != VG_OK)
        goto done;
    *out = k;
    k = NULL;
done:
    sqlite3_finalize(s);
    sodium_memzero(&keys, sizeof keys);
    vg_kit_free(k);
    vg_delegation_free(d);
    return rc;
}

int vg_field_revoke(vg_store *st, const char *table, const char *action, const char *slug,
                    const vg_participant *p)
{
    sqlite3_stmt *s = NULL;
    char sql[128], obj[VG_SLUG_MAX + 32];
    int rc;
    /* `table` is field_kit or field_card, from this module, never input. */
    snprintf(sql, sizeof sql,
             "UPDATE %s SET revoked = ?2 WHERE participant_id = ?1 AND revoked IS NULL", table);
    if ((rc = vg_sql_prepare(st, &s, sql)) != VG_OK)
        return rc;
    sqlite3_bind_int64(s, 1, p->id);
    sqlite3_bind_int64(s, 2, vg_now());
    if (sqlite3_step(s) != SQLITE_DONE)
        rc = vg_sql_fail(st, sqlite3_errcode(vg_store_db(st)), table);
    else if (sqlite3_changes(vg_store_db(st)) == 0)
        rc = VG_ENOTFOUND;
    sqlite3_finalize(s);
    if (rc != VG_OK)
        return rc;
    vg_field_object(obj, sizeof obj, slug, p->id);
    return vg_audit_append(st, action, obj, "");
}

int vg_kit_revoke(vg_store *st, const char *slug, const vg_participant *p)
{
    int rc = vg_field_revoke(st, "field_kit", "kit.revoke", slug, p);
    if (rc == VG_ENOTFOUND)
        rc = vg_error_set(VG_ENOTFOUND, "%s", _("this participant has no current field kit"));
    return rc;
}
