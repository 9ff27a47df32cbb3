/* The emergency profile's fields: the table, and the validation and normal
 * form of each type. The table is the one place a field is declared: the
 * participant table's columns (delegation/participant.c), the CLI's --options,
 * the CSV headers and the exports all come from it. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/clock.h>
#include <vigie/delegation.h>
#include <vigie/participant.h>
#include <vigie/error.h>

#include "delegation/delegation_internal.h"
#include "util/phone.h"
#include "util/i18n.h"
#include "util/text.h"

#define T VG_PROFILE_TEAM
#define C VG_PROFILE_COORDINATOR
#define B VG_PROFILE_BOARD

/* Which export profile shows which field (issue 7, documented in the
 * README): board none but the role; team (the team lead in the field)
 * names, phones, next of kin, blood group, allergies and the insurer's
 * assistance number; coordinator everything (proof of life is never a
 * field). Personal fields are erased by purge. Kept after it: the role (for counts
 * in the anonymous history), the consent date (evidence that the data was
 * held lawfully) and the retention date. */
static const vg_pfield_info fields[VG_PF_COUNT] = {
    {VG_PF_NAME, "name", VG_FT_TEXT, 1, T | C, N_("Name")},
    {VG_PF_ROLE, "role", VG_FT_TEXT, 0, B | T | C, N_("Role")},
    {VG_PF_PRONOUNS, "pronouns", VG_FT_TEXT, 1, C, N_("Pronouns")},
    {VG_PF_BIRTH_DATE, "birth_date", VG_FT_DATE, 1, C, N_("Date of birth")},
    {VG_PF_CITIZENSHIPS, "citizenships", VG_FT_TEXT, 1, C, N_("Citizenships")},
    {VG_PF_LANGUAGES, "languages", VG_FT_TEXT, 1, C, N_("Languages")},
    {VG_PF_EMAIL, "email", VG_FT_EMAIL, 1, C, N_("E-mail")},
    {VG_PF_PHONE, "phone", VG_FT_PHONE, 1, T | C, N_("Phone")},
    {VG_PF_PASSPORT_NUMBER, "passport_number", VG_FT_TEXT, 1, C, N_("Passport number")},
    {VG_PF_PASSPORT_ISSUE, "passport_issue", VG_FT_DATE, 1, C, N_("Passport issue date")},
    {VG_PF_PASSPORT_EXPIRY, "passport_expiry", VG_FT_DATE, 1, C, N_("Passport expiry")},
    {VG_PF_KIN1_NAME, "kin1_name", VG_FT_TEXT, 1, T | C, N_("Emergency contact")},
    {VG_PF_KIN1_RELATION, "kin1_relation", VG_FT_TEXT, 1, T | C,
     N_("Emergency contact's relation")},
    {VG_PF_KIN1_PHONE, "kin1_phone", VG_FT_PHONE, 1, T | C, N_("Emergency contact's phone")},
    {VG_PF_KIN2_NAME, "kin2_name", VG_FT_TEXT, 1, T | C, N_("Second emergency contact")},
    {VG_PF_KIN2_RELATION, "kin2_relation", VG_FT_TEXT, 1, T | C,
     N_("Second emergency contact's relation")},
    {VG_PF_KIN2_PHONE, "kin2_phone", VG_FT_PHONE, 1, T | C, N_("Second emergency contact's phone")},
    {VG_PF_MEDICAL_RECIPIENT, "medical_recipient", VG_FT_TEXT, 1, C,
     N_("Who may receive medical information")},
    {VG_PF_BLOOD_GROUP, "blood_group", VG_FT_BLOOD, 1, T | C, N_("Blood group")},
    {VG_PF_ALLERGIES, "allergies", VG_FT_TEXT, 1, T | C, N_("Allergies")},
    {VG_PF_CONDITIONS, "conditions", VG_FT_TEXT, 1, C, N_("Medical conditions")},
    {VG_PF_MEDICATION, "medication", VG_FT_TEXT, 1, C, N_("Medication")},
    {VG_PF_INSURER, "insurer", VG_FT_TEXT, 1, C, N_("Insurer")},
    {VG_PF_POLICY_NUMBER, "policy_number", VG_FT_TEXT, 1, C, N_("Policy number")},
    {VG_PF_ASSISTANCE_PHONE, "assistance_phone", VG_FT_PHONE, 1, T | C,
     N_("Insurer's 24/7 assistance")},
    {VG_PF_MEDEVAC, "medevac", VG_FT_YESNO, 1, C, N_("Medical evacuation covered")},
    {VG_PF_ROCA, "roca", VG_FT_DATE, 1, C, N_("ROCA registration")},
    {VG_PF_ITINERARY, "itinerary", VG_FT_TEXT, 1, C, N_("Itinerary")},
    {VG_PF_LOCAL_ADDRESS, "local_address", VG_FT_TEXT, 1, C, N_("Local address")},
    {VG_PF_LOCAL_SIM, "local_sim", VG_FT_PHONE, 1, T | C, N_("Local phone (SIM)")},
    {VG_PF_CONSENT_DATE, "consent_date", VG_FT_DATE, 0, C, N_("Consent recorded")},
    {VG_PF_RETENTION_DATE, "retention_date", VG_FT_DATE, 0, C, N_("Keep until")},
    {VG_PF_NOTES, "notes", VG_FT_TEXT, 1, C, N_("Notes")},
};

#undef T
#undef C
#undef B

const vg_pfield_info *vg_participant_fields(void)
{
    return fields;
}

const vg_pfield_info *vg_participant_field(const char *key)
{
    for (size_t i = 0; i < VG_PF_COUNT; i++)
        if (!strcmp(fields[i].key, key))
            return &fields[i];
    return NULL;
}

/* The field named by `key` (its key or its option name, any case). */
static int field_by_name(const char *key, size_t n)
{
    for (int i = 0; i < VG_PF_COUNT; i++) {
        const char *k = fields[i].key;
        size_t j = 0;
        for (; j < n && k[j]; j++) {
            char c = (char)tolower((unsigned char)key[j]);
            if (c == '-')
                c = '_';
            if (c != k[j])
                break;
        }
        if (j == n && !k[j])
            return i;
    }
    return -1;
}

int vg_participant_fields_read(vg_participant *p, const char *text, size_t len,
                               unsigned char given[VG_PF_COUNT])
{
    const char *s = text, *end = text + len;
    int last = -1, lineno = 0, rc = VG_OK;
    if (len > VG_FIELDS_FILE_MAX)
        return vg_error_set(VG_EINVALID, _("the fields file is too large (at most %d bytes)"),
                            VG_FIELDS_FILE_MAX);
    if (memchr(text, '\0', len))
        return vg_error_set(VG_EINVALID, "%s", _("the fields file holds a NUL byte"));
    memset(given, 0, VG_PF_COUNT);
    while (s < end && rc == VG_OK) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *e = nl ? nl : end, *sep, *k, *v;
        size_t kn;
        lineno++;
        if (e > s && e[-1] == '\r')
            e--;
        if ((*s == ' ' || *s == '\t') && last >= 0) { /* continues the value above */
            const char *t = s;
            size_t old = strlen(p->v[last]), add;
            char *g;
            while (t < e && (*t == ' ' || *t == '\t'))
                t++;
            add = (size_t)(e - t);
            if (!(g = realloc(p->v[last], old + add + 2))) {
                rc = vg_error_oom();
                break;
            }
            g[old] = '\n';
            memcpy(g + old + 1, t, add);
            g[old + 1 + add] = '\0';
            p->v[last] = g;
        } else {
            const char *t = s;
            while (t < e && (*t == ' ' || *t == '\t'))
                t++;
            if (t == e || *t == '#') {
                last = -1;
                goto next;
            }
            k = t;
            for (sep = k; sep < e && *sep != ':' && *sep != '='; sep++)
                ;
            kn = (size_t)(sep - k);
            while (kn && (k[kn - 1] == ' ' || k[kn - 1] == '\t'))
                kn--;
            if (sep == e || !kn) {
                rc = vg_error_set(VG_EINVALID, _("line %d: \"key: value\" expected"), lineno);
                break;
            }
            if ((last = field_by_name(k, kn)) < 0) {
                rc = vg_error_set(VG_EINVALID, _("line %d: unknown field \"%.*s\""), lineno,
                                  (int)(kn > 60 ? 60 : kn), k);
                break;
            }
            if (given[last]) {
                rc = vg_error_set(VG_EINVALID, _("line %d: %s is given twice"), lineno,
                                  fields[last].key);
                break;
            }
            for (v = sep + 1; v < e && (*v == ' ' || *v == '\t'); v++)
                ;
            free(p->v[last]);
            if (!(p->v[last] = strndup(v, (size_t)(e - v)))) {
                rc = vg_error_oom();
                break;
            }
            given[last] = 1;
        }
    next:
        s = nl ? nl + 1 : end;
    }
    return rc;
}

/* Free text: names and short values on one line, longer ones may hold
 * newlines (an address, an itinerary, notes). */
static int multiline(vg_pfield f)
{
    return f == VG_PF_ITINERARY || f == VG_PF_LOCAL_ADDRESS || f == VG_PF_NOTES ||
           f == VG_PF_ALLERGIES || f == VG_PF_CONDITIONS || f == VG_PF_MEDICATION;
}

static size_t max_chars(vg_pfield f)
{
    return f == VG_PF_NAME || f == VG_PF_KIN1_NAME || f == VG_PF_KIN2_NAME ? 200 : 2000;
}

/* The checks of vg_text_check, with messages that start with the value so
 * that a caller can put the field's name before them. */
static int check_text(const char *s, size_t max, int multi)
{
    if (!vg_utf8_valid(s, strlen(s)))
        return vg_error_set(VG_EINVALID, "%s", _("is not valid UTF-8 text"));
    if (vg_utf8_chars(s) > max)
        return vg_error_set(VG_EINVALID, _("is longer than %zu characters"), max);
    if (!vg_text_clean(s, strlen(s), multi))
        return vg_error_set(VG_EINVALID, "%s", _("holds a control character"));
    return VG_OK;
}

void vg_model_field_subject(vg_pfield f, char *out, size_t cap)
{
    const char *label = (unsigned)f < VG_PF_COUNT ? _(fields[f].label) : "?";
    snprintf(out, cap, "%s", label);
    if (out[0] >= 'A' && out[0] <= 'Z')
        out[0] = (char)(out[0] - 'A' + 'a');
}

/* "5/3/2030" -> "05/03/2030", so that one-digit days and months, as some
 * spreadsheets write them, read as DD/MM/YYYY. Returns 0 if not that shape. */
static int pad_slashed(const char *in, char out[16])
{
    unsigned d, m, y;
    int n = 0;
    if (strlen(in) > 10 || sscanf(in, "%2u/%2u/%4u%n", &d, &m, &y, &n) != 3 || in[n] != '\0' ||
        !isdigit((unsigned char)in[n - 1]) || n < 8)
        return 0;
    if (strchr(in, '/') - in > 2 || y < 1000)
        return 0;
    snprintf(out, 16, "%02u/%02u/%04u", d % 100, m % 100, y % 10000);
    return 1;
}

static int norm_date(const char *in, char **out)
{
    char padded[16];
    int32_t day;
    const char *text = pad_slashed(in, padded) ? padded : in;
    char buf[16];
    if (vg_date_parse(&day, text) != VG_OK)
        return vg_error_set(VG_EINVALID, _("\"%s\" is not a date (YYYY-MM-DD or DD/MM/YYYY)"), in);
    vg_date_format(buf, day);
    *out = strdup(buf);
    return *out ? VG_OK : vg_error_oom();
}

/* A deliberately plain check: one @, a local part, a domain with a dot and
 * no spaces. The domain is lowered; the local part is kept as written. */
static int norm_email(const char *in, char **out)
{
    const char *at = strchr(in, '@');
    size_t len = strlen(in);
    char *s;
    if (!at || at == in || strchr(at + 1, '@') || len > 254 || !strchr(at + 1, '.') ||
        at[1] == '.' || in[len - 1] == '.' || strstr(at, ".."))
        return vg_error_set(VG_EINVALID, _("\"%s\" is not an e-mail address"), in);
    for (const unsigned char *p = (const unsigned char *)in; *p; p++)
        if (*p <= 0x20 || *p == 0x7f || *p == ',' || *p == ';' || *p == '<' || *p == '>' ||
            *p == '"' || *p == '(' || *p == ')')
            return vg_error_set(VG_EINVALID, _("\"%s\" is not an e-mail address"), in);
    if (!(s = strdup(in)))
        return vg_error_oom();
    for (char *p = s + (at - in); *p; p++)
        *p = (char)tolower((unsigned char)*p);
    *out = s;
    return VG_OK;
}

static int norm_yesno(const char *in, char **out)
{
    static const char *const yes[] = {"yes", "y", "oui", "o", "1", "true", "vrai", "x", NULL};
    static const char *const no[] = {"no", "n", "non", "0", "false", "faux", NULL};
    char *k = vg_text_key(in, VG_KEY_HEADER);
    const char *v = NULL;
    if (!k)
        return vg_error_set(VG_EINVALID, _("\"%s\" is not yes or no"), in);
    for (size_t i = 0; yes[i] && !v; i++)
        if (!strcmp(k, yes[i]))
            v = "yes";
    for (size_t i = 0; no[i] && !v; i++)
        if (!strcmp(k, no[i]))
            v = "no";
    if (!v && (!strcmp(in, "✓") || !strcmp(in, "✔")))
        v = "yes";
    free(k);
    if (!v)
        return vg_error_set(VG_EINVALID, _("\"%s\" is not yes or no"), in);
    *out = strdup(v);
    return *out ? VG_OK : vg_error_oom();
}

/* O+, O-, A+, A-, B+, B-, AB+, AB-; also "o pos", "AB négatif", "A−". */
static int norm_blood(const char *in, char **out)
{
    char buf[64], *k = NULL;
    const char *sign = NULL;
    size_t n = 0;
    int rc = VG_OK;

    /* The sign first: it is punctuation, which the key would drop. */
    if (strstr(in, "+"))
        sign = "+";
    else if (strstr(in, "-") || strstr(in, "\xe2\x88\x92")) /* U+2212 minus */
        sign = "-";
    k = vg_text_key(in, VG_KEY_HEADER);
    if (!k || strlen(k) >= sizeof buf)
        goto bad;
    /* the group: leading letters among a, b, o */
    while (k[n] == 'a' || k[n] == 'b' || k[n] == 'o')
        n++;
    if (n == 0 || n > 2)
        goto bad;
    if (!sign) {
        const char *rest = k + n;
        if (!strcmp(rest, "pos") || !strcmp(rest, "positive") || !strcmp(rest, "positif") ||
            !strcmp(rest, "rhpos") || !strcmp(rest, "rh"))
            sign = "+";
        else if (!strcmp(rest, "neg") || !strcmp(rest, "negative") || !strcmp(rest, "negatif") ||
                 !strcmp(rest, "rhneg"))
            sign = "-";
        else
            goto bad;
    } else if (k[n] != '\0' && strcmp(k + n, "rh")) {
        goto bad;
    }
    memcpy(buf, k, n);
    buf[n] = '\0';
    if (strcmp(buf, "a") && strcmp(buf, "b") && strcmp(buf, "o") && strcmp(buf, "ab"))
        goto bad;
    for (char *p = buf; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s", sign);
    *out = strdup(buf);
    rc = *out ? VG_OK : vg_error_oom();
    goto done;
bad:
    rc = vg_error_set(VG_EINVALID,
                      _("\"%s\" is not a blood group (O+, O-, A+, A-, B+, B-, AB+, AB-)"), in);
done:
    free(k);
    return rc;
}

/* Passport and policy numbers: letters and digits (accented letters too),
 * with spaces, dashes, dots or slashes after the first (review finding 9: a
 * number that begins like a formula reached the coordinator's spreadsheet).
 * Control characters were refused before. */
static int check_id(const char *in)
{
    const unsigned char *p = (const unsigned char *)in;
#define VG_ALNUM(c)                                                                                \
    (((c) >= '0' && (c) <= '9') || ((c) >= 'A' && (c) <= 'Z') || ((c) >= 'a' && (c) <= 'z') ||     \
     (c) >= 0x80)
    if (!VG_ALNUM(*p))
        goto bad;
    for (; *p; p++)
        if (!VG_ALNUM(*p) && *p != ' ' && *p != '-' && *p != '.' && *p != '/')
            goto bad;
#undef VG_ALNUM
    return VG_OK;
bad:
    return vg_error_set(VG_EINVALID,
                        _("\"%s\" is not a document number (letters and digits, with spaces, "
                          "'-', '.' or '/' after the first)"),
                        in);
}

/* A date of birth is not after today (review finding 23). */
static int check_birth(const char *norm)
{
    int32_t day;
    if (vg_date_parse(&day, norm) != VG_OK)
        return vg_error_set(VG_EINVALID, _("\"%s\" is not a date (YYYY-MM-DD or DD/MM/YYYY)"),
                            norm);
    if (day > vg_today(NULL))
        return vg_error_set(VG_EINVALID, _("the date of birth %s is in the future"), norm);
    return VG_OK;
}

int vg_field_normalise_for(vg_pfield f, const char *in, const char *country, char **out)
{
    char *t = NULL;
    int rc = VG_OK;

    *out = NULL;
    if ((unsigned)f >= VG_PF_COUNT || !in)
        return vg_error_set(VG_EINVALID, "%s", _("unknown field"));
    if (!(t = vg_text_trim(in)))
        return vg_error_oom();
    if (!*t) /* empty: the field is cleared */
        goto done;
    if ((rc = check_text(t, max_chars(f), multiline(f))) != VG_OK)
        goto done;
    if ((f == VG_PF_PASSPORT_NUMBER || f == VG_PF_POLICY_NUMBER) && (rc = check_id(t)) != VG_OK)
        goto done;
    switch (fields[f].type) {
    case VG_FT_TEXT:
        *out = t;
        t = NULL;
        break;
    case VG_FT_DATE:
        rc = norm_date(t, out);
        if (rc == VG_OK && f == VG_PF_BIRTH_DATE && (rc = check_birth(*out)) != VG_OK) {
            free(*out);
            *out = NULL;
        }
        break;
    case VG_FT_PHONE:
        rc = vg_phone_normalise(t, f == VG_PF_LOCAL_SIM ? country : NULL, out);
        break;
    case VG_FT_EMAIL:
        rc = norm_email(t, out);
        break;
    case VG_FT_YESNO:
        rc = norm_yesno(t, out);
        break;
    case VG_FT_BLOOD:
        rc = norm_blood(t, out);
        break;
    }
done:
    free(t);
    return rc;
}

int vg_field_normalise(vg_pfield f, const char *in, char **out)
{
    return vg_field_normalise_for(f, in, NULL, out);
}
