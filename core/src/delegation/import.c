/* Participants from a CSV file: all or nothing.
 *
 * The header row decides each column's field (--map first, then the names
 * below, then the field keys and labels, all compared as folded keys:
 * util/text.c VG_KEY_HEADER, so "Date de naissance", "date_de_naissance"
 * and "DATE DE NAISSANCE" are the same). Every data row is validated with
 * the same normalisation as `participant add`; all errors are collected,
 * each naming the file's line and the column as the file names it. Only
 * when there is none are the rows written, in the caller's transaction.
 * The validation can run before that transaction (vg_participant_import_
 * check, then _write), so that a large file never holds the store's write
 * lock while it is read: the names are checked again in the transaction. */
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/audit.h>
#include <vigie/clock.h>
#include <vigie/delegation.h>
#include <vigie/error.h>
#include <vigie/participant.h>

#include "delegation/delegation_internal.h"
#include "delegation/csv.h"
#include "store/store_internal.h"
#include "util/fileio.h"
#include "util/i18n.h"
#include "util/text.h"

#define MAX_ERRORS       1000
#define COL_IGNORE       -1
#define COL_FIRST        -2
#define COL_LAST         -3
#define COL_NAME_OR_LAST -4 /* "Nom": the last name when a first-name column exists */

/* Accepted headers, already folded (letters and digits, lower case, no
 * accents). The field keys and labels are accepted too (see column_for). */
static const struct {
    const char *folded;
    int field;
} synonyms[] = {
    {"nomcomplet", VG_PF_NAME},
    {"fullname", VG_PF_NAME},
    {"nometprenom", VG_PF_NAME},
    {"prenometnom", VG_PF_NAME},
    {"participant", VG_PF_NAME},
    {"participante", VG_PF_NAME},
    {"nom", COL_NAME_OR_LAST},
    {"name", COL_NAME_OR_LAST},
    {"prenom", COL_FIRST},
    {"firstname", COL_FIRST},
    {"givenname", COL_FIRST},
    {"nomdefamille", COL_LAST},
    {"lastname", COL_LAST},
    {"surname", COL_LAST},
    {"familyname", COL_LAST},
    {"courriel", VG_PF_EMAIL},
    {"adressecourriel", VG_PF_EMAIL},
    {"email", VG_PF_EMAIL},
    {"emailaddress", VG_PF_EMAIL},
    {"mail", VG_PF_EMAIL},
    {"telephone", VG_PF_PHONE},
    {"cellulaire", VG_PF_PHONE},
    {"cell", VG_PF_PHONE},
    {"mobile", VG_PF_PHONE},
    {"phone", VG_PF_PHONE},
    {"tel", VG_PF_PHONE},
    {"phonenumber", VG_PF_PHONE},
    {"numerodetelephone", VG_PF_PHONE},
    {"datedenaissance", VG_PF_BIRTH_DATE},
    {"naissance", VG_PF_BIRTH_DATE},
    {"dateofbirth", VG_PF_BIRTH_DATE},
    {"birthdate", VG_PF_BIRTH_DATE},
    {"pronoms", VG_PF_PRONOUNS},
    {"citoyennete", VG_PF_CITIZENSHIPS},
    {"citoyennetes", VG_PF_CITIZENSHIPS},
    {"nationalite", VG_PF_CITIZENSHIPS},
    {"citizenship", VG_PF_CITIZENSHIPS},
    {"nationality", VG_PF_CITIZENSHIPS},
    {"langue", VG_PF_LANGUAGES},
    {"passeport", VG_PF_PASSPORT_NUMBER},
    {"numerodepasseport", VG_PF_PASSPORT_NUMBER},
    {"nodepasseport", VG_PF_PASSPORT_NUMBER},
    {"passport", VG_PF_PASSPORT_NUMBER},
    {"passportnumber", VG_PF_PASSPORT_NUMBER},
    {"passportno", VG_PF_PASSPORT_NUMBER},
    {"expirationdupasseport", VG_PF_PASSPORT_EXPIRY},
    {"expirationpasseport", VG_PF_PASSPORT_EXPIRY},
    {"datedexpirationdupasseport", VG_PF_PASSPORT_EXPIRY},
    {"passportexpiry", VG_PF_PASSPORT_EXPIRY},
    {"passportexpirydate", VG_PF_PASSPORT_EXPIRY},
    {"passportexpiration", VG_PF_PASSPORT_EXPIRY},
    {"delivrancedupasseport", VG_PF_PASSPORT_ISSUE},
    {"passportissue", VG_PF_PASSPORT_ISSUE},
    {"contactdurgence", VG_PF_KIN1_NAME},
    {"personneajoindreencasdurgence", VG_PF_KIN1_NAME},
    {"emergencycontact", VG_PF_KIN1_NAME},
    {"emergencycontactname", VG_PF_KIN1_NAME},
    {"telephoneducontactdurgence", VG_PF_KIN1_PHONE},
    {"telephonecontactdurgence", VG_PF_KIN1_PHONE},
    {"emergencycontactphone", VG_PF_KIN1_PHONE},
    {"emergencyphone", VG_PF_KIN1_PHONE},
    {"lienducontactdurgence", VG_PF_KIN1_RELATION},
    {"emergencycontactrelation", VG_PF_KIN1_RELATION},
    {"emergencycontactrelationship", VG_PF_KIN1_RELATION},
    {"assureur", VG_PF_INSURER},
    {"assurance", VG_PF_INSURER},
    {"insurer", VG_PF_INSURER},
    {"insurance", VG_PF_INSURER},
    {"numerodepolice", VG_PF_POLICY_NUMBER},
    {"policedassurance", VG_PF_POLICY_NUMBER},
    {"nodepolice", VG_PF_POLICY_NUMBER},
    {"policynumber", VG_PF_POLICY_NUMBER},
    {"policy", VG_PF_POLICY_NUMBER},
    {"assistance247", VG_PF_ASSISTANCE_PHONE},
    {"assistance", VG_PF_ASSISTANCE_PHONE},
    {"assistancephone", VG_PF_ASSISTANCE_PHONE},
    {"numerodassistance", VG_PF_ASSISTANCE_PHONE},
    {"groupesanguin", VG_PF_BLOOD_GROUP},
    {"bloodtype", VG_PF_BLOOD_GROUP},
    {"bloodgroup", VG_PF_BLOOD_GROUP},
    {"allergie", VG_PF_ALLERGIES},
    {"allergies", VG_PF_ALLERGIES},
    {"conditionsmedicales", VG_PF_CONDITIONS},
    {"medicaments", VG_PF_MEDICATION},
    {"evacuationsanitaire", VG_PF_MEDEVAC},
    {"roca", VG_PF_ROCA},
    {"inscriptionroca", VG_PF_ROCA},
    {"rocaregistration", VG_PF_ROCA},
    {"adresse", VG_PF_LOCAL_ADDRESS},
    {"hebergement", VG_PF_LOCAL_ADDRESS},
    {"simlocale", VG_PF_LOCAL_SIM},
    {"telephonelocal", VG_PF_LOCAL_SIM},
    {"localphone", VG_PF_LOCAL_SIM},
    {"consentement", VG_PF_CONSENT_DATE},
    {"dateduconsentement", VG_PF_CONSENT_DATE},
    {"consent", VG_PF_CONSENT_DATE},
    {"remarques", VG_PF_NOTES},
    {"commentaires", VG_PF_NOTES},
    {"role", VG_PF_ROLE},
};

/* ---- Headers as coordinators write them ----
 *
 * When a header is not one of the names above, it is read word by word
 * (VG_KEY_NAME: "Tél. contact d’urgence" -> "tel contact d urgence",
 * "N° passeport" -> "n passeport"): each word is given a meaning (a phone,
 * a number, an emergency, a passport...), small words are dropped, and the
 * meanings decide the field. */
enum {
    W_TEL = 1 << 0,     /* tel, téléphone, phone */
    W_CELL = 1 << 1,    /* cell, cellulaire, mobile, portable */
    W_NO = 1 << 2,      /* no, n, n°, #, num, numéro, number */
    W_URG = 1 << 3,     /* urgence, emergency, joindre, aviser, proche, kin */
    W_PASS = 1 << 4,    /* passeport, passport */
    W_EXP = 1 << 5,     /* expiration, expiry, échéance, validité */
    W_ISSUE = 1 << 6,   /* délivrance, émission, issue */
    W_REL = 1 << 7,     /* lien, relation, parenté */
    W_INS = 1 << 8,     /* assurance, assureur, insurance, insurer */
    W_POLICY = 1 << 9,  /* police, policy, contrat, certificat */
    W_ASSIST = 1 << 10, /* assistance */
    W_LOCAL = 1 << 11,  /* local, locale, sim */
    W_ROLE = 1 << 12,   /* fonction, rôle, poste, titre */
    W_TWO = 1 << 13,    /* 2, 2e, deuxième, second, autre */
    W_NAME = 1 << 14,   /* nom, name */
    W_CONTACT = 1 << 15,
    W_MAIL = 1 << 16,
    W_BIRTH = 1 << 17,
    W_BLOOD = 1 << 18,
    W_ALLERGY = 1 << 19,
    W_MEDIC = 1 << 20,  /* médicaments, medication */
    W_HEALTH = 1 << 21, /* santé, conditions, maladies, health */
    W_EVAC = 1 << 22,   /* évacuation, rapatriement, medevac */
    W_ROCA = 1 << 23,
    W_ADDRESS = 1 << 24, /* adresse, hébergement, hôtel */
    W_ITIN = 1 << 25,
    W_CONSENT = 1 << 26,
    W_NOTES = 1 << 27,
    W_DATE = 1 << 28,
    W_OTHER = 1 << 29, /* a word with no meaning here */
};

static const struct {
    const char *word;
    int mean;
} words[] = {
    {"tel", W_TEL},
    {"tele", W_TEL},
    {"telephone", W_TEL},
    {"telephones", W_TEL},
    {"phone", W_TEL},
    {"telefono", W_TEL},
    {"cell", W_CELL},
    {"cel", W_CELL},
    {"cellulaire", W_CELL},
    {"mobile", W_CELL},
    {"portable", W_CELL},
    {"cellphone", W_CELL},
    {"no", W_NO},
    {"n", W_NO},
    {"nr", W_NO},
    {"num", W_NO},
    {"numero", W_NO},
    {"number", W_NO},
    {"nbr", W_NO},
    {"urgence", W_URG},
    {"urg", W_URG},
    {"emergency", W_URG},
    {"joindre", W_URG},
    {"rejoindre", W_URG},
    {"aviser", W_URG},
    {"prevenir", W_URG},
    {"proche", W_URG},
    {"proches", W_URG},
    {"kin", W_URG},
    {"passeport", W_PASS},
    {"passport", W_PASS},
    {"expiration", W_EXP},
    {"expire", W_EXP},
    {"expiry", W_EXP},
    {"expires", W_EXP},
    {"exp", W_EXP},
    {"echeance", W_EXP},
    {"validite", W_EXP},
    {"valide", W_EXP},
    {"delivrance", W_ISSUE},
    {"delivre", W_ISSUE},
    {"emission", W_ISSUE},
    {"emis", W_ISSUE},
    {"issue", W_ISSUE},
    {"issued", W_ISSUE},
    {"lien", W_REL},
    {"relation", W_REL},
    {"relationship", W_REL},
    {"parente", W_REL},
    {"assurance", W_INS},
    {"assurances", W_INS},
    {"assureur", W_INS},
    {"insurance", W_INS},
    {"insurer", W_INS},
    {"police", W_POLICY},
    {"policy", W_POLICY},
    {"contrat", W_POLICY},
    {"certificat", W_POLICY},
    {"assistance", W_ASSIST},
    {"local", W_LOCAL},
    {"locale", W_LOCAL},
    {"sim", W_LOCAL},
    {"fonction", W_ROLE},
    {"role", W_ROLE},
    {"poste", W_ROLE},
    {"titre", W_ROLE},
    {"title", W_ROLE},
    {"position", W_ROLE},
    {"2", W_TWO},
    {"2e", W_TWO},
    {"2eme", W_TWO},
    {"deuxieme", W_TWO},
    {"second", W_TWO},
    {"seconde", W_TWO},
    {"autre", W_TWO},
    {"nom", W_NAME},
    {"name", W_NAME},
    {"contact", W_CONTACT},
    {"personne", W_CONTACT},
    {"courriel", W_MAIL},
    {"email", W_MAIL},
    {"mail", W_MAIL},
    {"naissance", W_BIRTH},
    {"birth", W_BIRTH},
    {"sanguin", W_BLOOD},
    {"sang", W_BLOOD},
    {"blood", W_BLOOD},
    {"allergie", W_ALLERGY},
    {"allergies", W_ALLERGY},
    {"medicament", W_MEDIC},
    {"medicaments", W_MEDIC},
    {"medication", W_MEDIC},
    {"medications", W_MEDIC},
    {"sante", W_HEALTH},
    {"conditions", W_HEALTH},
    {"condition", W_HEALTH},
    {"maladies", W_HEALTH},
    {"health", W_HEALTH},
    {"medicale", W_HEALTH},
    {"medicales", W_HEALTH},
    {"evacuation", W_EVAC},
    {"rapatriement", W_EVAC},
    {"medevac", W_EVAC},
    {"roca", W_ROCA},
    {"adresse", W_ADDRESS},
    {"address", W_ADDRESS},
    {"hebergement", W_ADDRESS},
    {"hotel", W_ADDRESS},
    {"accommodation", W_ADDRESS},
    {"itineraire", W_ITIN},
    {"itinerary", W_ITIN},
    {"consentement", W_CONSENT},
    {"consent", W_CONSENT},
    {"remarques", W_NOTES},
    {"remarque", W_NOTES},
    {"notes", W_NOTES},
    {"note", W_NOTES},
    {"commentaires", W_NOTES},
    {"date", W_DATE},
};

/* Words that carry no meaning in a header: articles, prepositions, and the
 * "1" of a first contact. */
static const char *const small_words[] = {
    "de",           "d",        "du",      "des",       "la",         "le",          "l",
    "les",          "a",        "au",      "aux",       "en",         "cas",         "pour",
    "et",           "of",       "the",     "in",        "case",       "for",         "and",
    "sa",           "son",      "ses",     "1",         "1er",        "1re",         "premier",
    "premiere",     "first",    "primary", "principal", "principale", "perso",       "personnel",
    "personnelle",  "voyage",   "travel",  "s",         "y",          "ou",          "or",
    "avec",         "with",     "to",      "dans",      "within",     "participant", "participante",
    "participants", "personne", "e",       "complet",   "complete",   "full",        "canadien",
    "canada",       "canadian", "quebec",  "valide"};

/* Words that make a header something else than a profile field however it
 * reads ("Assurance maladie" is the RAMQ card, "Téléphone au bureau" is not
 * the phone to reach someone in the field): such a column is left out. */
static const char *const other_things[] = {
    "maladie", "ramq",   "sociale", "nas",    "employeur", "bureau", "travail",
    "work",    "office", "membre",  "member", "employer",  "fax",    "telecopieur"};

/* The meanings of a header's words; *others counts the words with none,
 * and a word of other_things makes it W_BLOCK. */
#define W_BLOCK (1 << 30)
static int header_words(const char *header, int *others)
{
    char *k = vg_text_key(header, VG_KEY_NAME), *save = NULL;
    int mean = 0;
    *others = 0;
    if (!k)
        return 0;
    for (char *w = strtok_r(k, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        int m = W_OTHER;
        for (size_t i = 0; i < sizeof small_words / sizeof small_words[0]; i++)
            if (!strcmp(small_words[i], w))
                m = 0;
        for (size_t i = 0; m && i < sizeof words / sizeof words[0]; i++)
            if (!strcmp(words[i].word, w))
                m = words[i].mean;
        for (size_t i = 0; i < sizeof other_things / sizeof other_things[0]; i++)
            if (!strcmp(other_things[i], w))
                m = W_BLOCK;
        if (m == W_OTHER)
            (*others)++;
        mean |= m;
    }
    free(k);
    return mean;
}

/* The field a header's words name, or COL_IGNORE - 100. */
static int field_by_words(int m, int others)
{
    int two = (m & W_TWO) != 0;
    /* one word of its own is allowed ("Téléphone cellulaire (Canada)") */
    if (others > 1 || (m & W_BLOCK))
        return COL_IGNORE - 100;
    m &= ~W_OTHER;
    if (!m)
        return COL_IGNORE - 100;
    if (m & W_PASS)
        return (m & W_EXP)                     ? VG_PF_PASSPORT_EXPIRY
               : (m & W_ISSUE)                 ? VG_PF_PASSPORT_ISSUE
               : (m & (W_TEL | W_URG | W_INS)) ? COL_IGNORE - 100
                                               : VG_PF_PASSPORT_NUMBER;
    if (m & (W_INS | W_ASSIST)) {
        if (m & (W_ASSIST | W_TEL | W_URG | W_CELL))
            return VG_PF_ASSISTANCE_PHONE;
        if (m & (W_POLICY | W_NO))
            return VG_PF_POLICY_NUMBER;
        if (m & W_EVAC)
            return VG_PF_MEDEVAC;
        return (m & ~(W_INS | W_NAME)) ? COL_IGNORE - 100 : VG_PF_INSURER;
    }
    if (m & W_POLICY)
        return VG_PF_POLICY_NUMBER;
    if (m & W_URG) {
        if (m & (W_TEL | W_CELL | W_NO))
            return two ? VG_PF_KIN2_PHONE : VG_PF_KIN1_PHONE;
        if (m & W_REL)
            return two ? VG_PF_KIN2_RELATION : VG_PF_KIN1_RELATION;
        if (m & ~(W_URG | W_NAME | W_CONTACT | W_TWO))
            return COL_IGNORE - 100;
        return two ? VG_PF_KIN2_NAME : VG_PF_KIN1_NAME;
    }
    if (m & W_REL)
        return (m & ~(W_REL | W_TWO | W_CONTACT)) ? COL_IGNORE - 100
               : two                              ? VG_PF_KIN2_RELATION
                                                  : VG_PF_KIN1_RELATION;
    if (m & (W_TEL | W_CELL)) {
        if (m & ~(W_TEL | W_CELL | W_NO | W_LOCAL))
            return COL_IGNORE - 100;
        return (m & W_LOCAL) ? VG_PF_LOCAL_SIM : VG_PF_PHONE;
    }
    if (m == W_ROLE)
        return VG_PF_ROLE;
    if (m & W_MAIL)
        return VG_PF_EMAIL;
    if (m & W_BIRTH)
        return VG_PF_BIRTH_DATE;
    if (m & W_BLOOD)
        return VG_PF_BLOOD_GROUP;
    if (m & W_ALLERGY)
        return VG_PF_ALLERGIES;
    if (m & W_MEDIC)
        return VG_PF_MEDICATION;
    if (m & W_EVAC)
        return VG_PF_MEDEVAC;
    if (m & W_HEALTH)
        return VG_PF_CONDITIONS;
    if (m & W_ROCA)
        return VG_PF_ROCA;
    if (m & W_ADDRESS)
        return VG_PF_LOCAL_ADDRESS;
    if (m & W_ITIN)
        return VG_PF_ITINERARY;
    if (m & W_CONSENT)
        return VG_PF_CONSENT_DATE;
    if (m & W_NOTES)
        return VG_PF_NOTES;
    return COL_IGNORE - 100;
}

/* Edit distance, bounded: 0..3, where 3 means "3 or more". */
static int near(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    int prev[64], cur[64];
    if (la > 60 || lb > 60 || (la > lb ? la - lb : lb - la) > 2)
        return 3;
    for (size_t j = 0; j <= lb; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int d = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < d)
                d = prev[j] + 1;
            if (cur[j - 1] + 1 < d)
                d = cur[j - 1] + 1;
            cur[j] = d;
        }
        memcpy(prev, cur, sizeof cur);
    }
    return prev[lb] > 3 ? 3 : prev[lb];
}

/* An unknown column that looks like a field: a word of the vocabulary
 * above ("Numéro", "Nom du contact"), or a near miss of a known header
 * ("Telphone", "Pasport"). Its likely field in *guess, or -1. */
static int looks_like_field(const char *folded, int m, int *guess)
{
    const vg_pfield_info *f = vg_participant_fields();
    size_t len = strlen(folded);
    *guess = -1;
    if (len >= 5) {
        for (size_t i = 0; i < sizeof synonyms / sizeof synonyms[0]; i++)
            if (strlen(synonyms[i].folded) >= 5 &&
                near(folded, synonyms[i].folded) <= (len >= 8 ? 2 : 1)) {
                *guess = synonyms[i].field;
                return 1;
            }
        for (int i = 0; i < VG_PF_COUNT; i++) {
            char *a = vg_text_key(f[i].key, VG_KEY_HEADER);
            char *c = vg_text_key(_(f[i].label), VG_KEY_HEADER);
            int hit = (a && near(folded, a) <= (len >= 8 ? 2 : 1)) ||
                      (c && near(folded, c) <= (len >= 8 ? 2 : 1));
            free(a);
            free(c);
            if (hit) {
                *guess = i;
                return 1;
            }
        }
    }
    if (m & W_BLOCK)
        return 0;
    return (m & (W_TEL | W_CELL | W_URG | W_PASS | W_EXP | W_ISSUE | W_INS | W_POLICY | W_ASSIST |
                 W_REL | W_MAIL | W_BIRTH | W_BLOOD | W_ALLERGY | W_MEDIC | W_EVAC | W_ROCA |
                 W_CONSENT | W_CONTACT)) != 0;
}

static int field_by_folded(const char *folded)
{
    const vg_pfield_info *f = vg_participant_fields();
    for (size_t i = 0; i < sizeof synonyms / sizeof synonyms[0]; i++)
        if (!strcmp(synonyms[i].folded, folded))
            return synonyms[i].field;
    for (int i = 0; i < VG_PF_COUNT; i++) {
        char *a = vg_text_key(f[i].key, VG_KEY_HEADER);
        char *b = vg_text_key(f[i].label, VG_KEY_HEADER);
        char *c = vg_text_key(_(f[i].label), VG_KEY_HEADER);
        int hit =
            (a && !strcmp(a, folded)) || (b && !strcmp(b, folded)) || (c && !strcmp(c, folded));
        free(a);
        free(b);
        free(c);
        if (hit)
            return i;
    }
    return COL_IGNORE - 100; /* unknown */
}

/* A header's field: its folded form among the names above, else its words. */
static int field_for_header(const char *header, const char *folded)
{
    int f, others, m;
    if (!*folded)
        return COL_IGNORE - 100;
    if ((f = field_by_folded(folded)) != COL_IGNORE - 100)
        return f;
    m = header_words(header, &others);
    return field_by_words(m, others);
}

const char *vg_import_header_field(const char *header, int has_first)
{
    char *k = vg_text_key(header, VG_KEY_HEADER);
    int f;
    if (!k)
        return NULL;
    f = field_for_header(header, k);
    free(k);
    if (f == COL_NAME_OR_LAST)
        f = has_first ? COL_LAST : VG_PF_NAME;
    if (f == COL_FIRST)
        return "first_name";
    if (f == COL_LAST)
        return "last_name";
    return f >= 0 ? vg_participant_fields()[f].key : NULL;
}

typedef struct {
    vg_store *st;
    const char *slug;
    const char *shown;
    const char *const *maps;
    size_t nmaps;
    int64_t did;
    char country[3];
    char retention[16];
    vg_import_report *rep;
    /* columns */
    size_t ncols;
    int *col;    /* field per column, or COL_* */
    char **head; /* header text per column */
    int has_name;
    /* rows */
    vg_participant **rows;
    size_t *lines;
    char **keys;
    size_t nrows;
    int header_done;
    int rc;          /* a failure that is not a bad row (no memory, bad --map) */
    size_t nsuspect; /* columns that look like fields but are not read */
    /* --update: the delegation's participants, and each row's match */
    int update;
    vg_participant **cur;
    size_t ncur;
    char **curkeys;
    long *match;              /* per row: index in cur, or -1 */
    int has_col[VG_PF_COUNT]; /* --update: the fields the file has a column for */
} importer;

static int push(char ***list, size_t *n, const char *text)
{
    char **g = realloc(*list, (*n + 1) * sizeof *g);
    if (!g)
        return vg_error_oom();
    *list = g;
    if (!(g[*n] = strdup(text)))
        return vg_error_oom();
    (*n)++;
    return VG_OK;
}

static void row_error(importer *im, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void row_error(importer *im, size_t line, const char *fmt, ...)
{
    char msg[700], full[900];
    va_list ap;
    vg_import_report *r = im->rep;
    r->errors_total++;
    if (r->nerrors >= MAX_ERRORS)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(full, sizeof full, "%s:%zu: %s", im->shown, line, msg);
    /* errors_total stays right even if the list cannot grow */
    (void)push(&r->errors, &r->nerrors, full);
}

/* The column's name as the file writes it, first letter lowered, to start
 * a message ("passport expiry \"2030-02-30\" is not a date"). */
static void subject(const char *head, char *out, size_t cap)
{
    snprintf(out, cap, "%s", head);
    if (out[0] >= 'A' && out[0] <= 'Z')
        out[0] = (char)(out[0] - 'A' + 'a');
}

static int map_target(const char *given)
{
    char field[64];
    const vg_pfield_info *f;
    size_t i;
    /* the field as its --option spells it (passport-number) or as its key
     * (passport_number) */
    for (i = 0; given[i] && i < sizeof field - 1; i++)
        field[i] = given[i] == '-' ? '_' : given[i];
    field[i] = '\0';
    if (given[i])
        return COL_IGNORE - 100;
    f = vg_participant_field(field);
    if (f)
        return (int)f->id;
    if (!strcmp(field, "first_name"))
        return COL_FIRST;
    if (!strcmp(field, "last_name"))
        return COL_LAST;
    if (!strcmp(field, "ignore"))
        return COL_IGNORE;
    return COL_IGNORE - 100;
}

static int read_header(importer *im, char **fields, size_t n)
{
    char **folded = NULL;
    int has_first = 0, rc = VG_OK;
    int *map_used = NULL;

    im->ncols = n;
    im->col = calloc(n, sizeof *im->col);
    im->head = calloc(n, sizeof *im->head);
    folded = calloc(n, sizeof *folded);
    map_used = calloc(im->nmaps + 1, sizeof *map_used);
    if (!im->col || !im->head || !folded || !map_used) {
        rc = vg_error_oom();
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        char *t = vg_text_trim(fields[i]);
        if (!t || !(folded[i] = vg_text_key(t, VG_KEY_HEADER))) {
            free(t);
            rc = vg_error_oom();
            goto done;
        }
        im->head[i] = t;
        im->col[i] = field_for_header(t, folded[i]);
    }
    /* --map overrides, each must name a column of the file */
    for (size_t m = 0; m < im->nmaps; m++) {
        const char *eq = strchr(im->maps[m], '=');
        char *colname, *key;
        int target;
        if (!eq || eq == im->maps[m] || !eq[1]) {
            rc = vg_error_set(VG_EINVALID, _("--map \"%s\": write it as \"Column=field\""),
                              im->maps[m]);
            goto done;
        }
        target = map_target(eq + 1);
        if (target == COL_IGNORE - 100) {
            char names[1200];
            size_t used = 0;
            names[0] = '\0';
            for (int k = 0; k < VG_PF_COUNT; k++)
                used +=
                    (size_t)snprintf(names + used, used < sizeof names ? sizeof names - used : 0,
                                     "%s, ", vg_participant_fields()[k].key);
            rc = vg_error_set(VG_EINVALID,
                              _("--map: \"%s\" is not a field (written with _ or -): "
                                "%sfirst_name, last_name, ignore"),
                              eq + 1, names);
            goto done;
        }
        if (!(colname = strndup(im->maps[m], (size_t)(eq - im->maps[m]))) ||
            !(key = vg_text_key(colname, VG_KEY_HEADER))) {
            free(colname);
            rc = vg_error_oom();
            goto done;
        }
        for (size_t i = 0; i < n; i++)
            if (!strcmp(folded[i], key)) {
                im->col[i] = target;
                map_used[m] = 1;
            }
        free(key);
        if (!map_used[m]) {
            rc = vg_error_set(VG_EINVALID, _("--map \"%s\": the file has no column \"%s\""),
                              im->maps[m], colname);
            free(colname);
            goto done;
        }
        free(colname);
    }
    for (size_t i = 0; i < n; i++)
        has_first |= im->col[i] == COL_FIRST;
    for (size_t i = 0; i < n; i++) {
        char line[600];
        if (im->col[i] == COL_NAME_OR_LAST)
            im->col[i] = has_first ? COL_LAST : VG_PF_NAME;
        if (im->col[i] == COL_IGNORE - 100) {
            int others, guess, m = *folded[i] ? header_words(im->head[i], &others) : 0;
            if (*folded[i] && looks_like_field(folded[i], m, &guess)) {
                /* read as nothing, yet it looks like a field: refused, so
                 * that a dry run cannot report success while it drops a
                 * column of phones */
                if (guess >= 0 && guess != COL_FIRST && guess != COL_LAST &&
                    guess != COL_NAME_OR_LAST)
                    snprintf(line, sizeof line,
                             _("\"%s\" looks like a profile field (%s?) but is not one Vigie "
                               "knows: --map \"%s=%s\", or --map \"%s=ignore\" to leave it out"),
                             im->head[i], vg_participant_fields()[guess].key, im->head[i],
                             vg_participant_fields()[guess].key, im->head[i]);
                else
                    snprintf(line, sizeof line,
                             _("\"%s\" looks like a profile field but is not one Vigie knows: "
                               "--map \"%s=FIELD\" (see --map's list of fields), or --map "
                               "\"%s=ignore\" to leave it out"),
                             im->head[i], im->head[i], im->head[i]);
                im->col[i] = COL_IGNORE;
                im->nsuspect++;
                row_error(im, 1, "%s", line);
                continue;
            }
            if (*im->head[i])
                snprintf(line, sizeof line, _("\"%s\": unknown column, ignored"), im->head[i]);
            else
                snprintf(line, sizeof line, _("column %zu has no header: ignored"), i + 1);
            im->col[i] = COL_IGNORE;
            if ((rc = push(&im->rep->ignored, &im->rep->nignored, line)) != VG_OK)
                goto done;
            continue;
        }
        if (im->col[i] == COL_IGNORE) {
            snprintf(line, sizeof line, _("\"%s\": ignored (--map)"), im->head[i]);
            if ((rc = push(&im->rep->ignored, &im->rep->nignored, line)) != VG_OK)
                goto done;
            continue;
        }
        /* a second column for the same field is ignored, and said so */
        for (size_t j = 0; j < i; j++)
            if (im->col[j] == im->col[i]) {
                snprintf(line, sizeof line,
                         _("\"%s\": ignored, \"%s\" already gives the same field (--map to "
                           "choose)"),
                         im->head[i], im->head[j]);
                im->col[i] = COL_IGNORE;
                if ((rc = push(&im->rep->ignored, &im->rep->nignored, line)) != VG_OK)
                    goto done;
                break;
            }
        if (im->col[i] == COL_IGNORE)
            continue;
        snprintf(line, sizeof line, "%s -> %s", im->head[i],
                 im->col[i] == COL_FIRST  ? "first_name"
                 : im->col[i] == COL_LAST ? "last_name"
                                          : vg_participant_fields()[im->col[i]].key);
        if ((rc = push(&im->rep->columns, &im->rep->ncolumns, line)) != VG_OK)
            goto done;
        if (im->col[i] == VG_PF_NAME || im->col[i] == COL_FIRST || im->col[i] == COL_LAST)
            im->has_name = 1;
    }
    if (!im->has_name)
        rc =
            vg_error_set(VG_EINVALID,
                         _("%s: no column gives the name (Nom complet, Name, or Prénom and Nom; or "
                           "--map \"Column=name\")"),
                         im->shown);
done:
    for (size_t i = 0; folded && i < n; i++)
        free(folded[i]);
    free(folded);
    free(map_used);
    return rc;
}

static char *join_name(const char *first, const char *last)
{
    size_t a = first ? strlen(first) : 0, b = last ? strlen(last) : 0;
    char *s = malloc(a + b + 2);
    if (!s)
        return NULL;
    snprintf(s, a + b + 2, "%s%s%s", first ? first : "", a && b ? " " : "", last ? last : "");
    return s;
}

static int read_row(importer *im, size_t line, char **fields, size_t n)
{
    vg_participant *p = NULL;
    char *first = NULL, *last = NULL, *key = NULL;
    int rc = VG_OK, bad = 0, empty = 1;
    size_t i;

    for (i = 0; i < n; i++)
        for (const char *c = fields[i]; *c && empty; c++)
            if (*c != ' ' && *c != '\t' && *c != '\n' && *c != '\r')
                empty = 0;
    if (empty) /* ";;;;" rows that spreadsheets leave below the data */
        return VG_OK;
    im->rep->rows++;
    if (n > im->ncols) {
        for (i = im->ncols; i < n; i++)
            if (fields[i][0]) {
                row_error(im, line, _("%zu cells where the header has %zu columns"), n, im->ncols);
                return VG_OK;
            }
    }
    if (!(p = calloc(1, sizeof *p)))
        return vg_error_oom();
    for (i = 0; i < n && i < im->ncols; i++) {
        int f = im->col[i];
        char *norm = NULL;
        if (f == COL_IGNORE)
            continue;
        if (f == COL_FIRST || f == COL_LAST) {
            char *t = vg_text_trim(fields[i]);
            if (!t) {
                rc = vg_error_oom();
                goto done;
            }
            if (f == COL_FIRST) {
                free(first);
                first = t;
            } else {
                free(last);
                last = t;
            }
            continue;
        }
        rc = vg_field_normalise_for((vg_pfield)f, fields[i], im->country, &norm);
        if (rc == VG_EINVALID) {
            char subj[300];
            subject(im->head[i], subj, sizeof subj);
            row_error(im, line, "%s %s", subj, vg_error_last());
            bad = 1;
            rc = VG_OK;
            continue;
        }
        if (rc != VG_OK)
            goto done;
        p->v[f] = norm;
    }
    if (!p->v[VG_PF_NAME] && (first || last)) {
        char *joined = join_name(first, last), *norm = NULL;
        if (!joined) {
            rc = vg_error_oom();
            goto done;
        }
        rc = vg_field_normalise(VG_PF_NAME, joined, &norm);
        free(joined);
        if (rc == VG_EINVALID) {
            row_error(im, line, "%s %s", _("name"), vg_error_last());
            bad = 1;
            rc = VG_OK;
        } else if (rc != VG_OK) {
            goto done;
        }
        p->v[VG_PF_NAME] = norm;
    }
    if (!p->v[VG_PF_NAME]) {
        if (!bad)
            row_error(im, line, "%s", _("no name"));
        goto done;
    }
    if (!(key = vg_text_key(p->v[VG_PF_NAME], VG_KEY_NAME))) {
        rc = vg_error_oom();
        goto done;
    }
    if (!*key) {
        row_error(im, line, _("\"%s\" has no letters or digits to name a person by"),
                  p->v[VG_PF_NAME]);
        goto done;
    }
    if (bad)
        goto done;
    if (!p->v[VG_PF_RETENTION_DATE] && !(p->v[VG_PF_RETENTION_DATE] = strdup(im->retention))) {
        rc = vg_error_oom();
        goto done;
    }
    {
        vg_participant **g = realloc(im->rows, (im->nrows + 1) * sizeof *g);
        size_t *gl = g ? realloc(im->lines, (im->nrows + 1) * sizeof *gl) : NULL;
        char **gk = gl ? realloc(im->keys, (im->nrows + 1) * sizeof *gk) : NULL;
        if (g)
            im->rows = g;
        if (gl)
            im->lines = gl;
        if (gk)
            im->keys = gk;
        if (!g || !gl || !gk) {
            rc = vg_error_oom();
            goto done;
        }
        im->rows[im->nrows] = p;
        im->lines[im->nrows] = line;
        im->keys[im->nrows] = key;
        im->nrows++;
        p = NULL;
        key = NULL;
    }
done:
    vg_participant_free(p);
    free(first);
    free(last);
    free(key);
    return rc;
}

static int on_record(size_t line, char **fields, size_t n, void *payload)
{
    importer *im = payload;
    if (!im->header_done) {
        im->header_done = 1;
        return read_header(im, fields, n);
    }
    return read_row(im, line, fields, n);
}

/* Sort order for duplicate detection: by key, then by line. */
static importer *sort_im;
static int by_key(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    int c = strcmp(sort_im->keys[i], sort_im->keys[j]);
    return c ? c : (sort_im->lines[i] < sort_im->lines[j] ? -1 : 1);
}

/* ---- --update: rows matched to participants by name ---- */

/* A field's label inside a sentence: its first letter lowered. */
static const char *label_lc(vg_pfield f, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s", _(vg_participant_fields()[f].label));
    if (buf[0] >= 'A' && buf[0] <= 'Z')
        buf[0] = (char)(buf[0] - 'A' + 'a');
    return buf;
}

static int same_value(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

/* The participant other than `self` whose field `f` equals `v`, or -1. */
static long holder(const importer *im, vg_pfield f, const char *v, long self)
{
    if (!v || !*v)
        return -1;
    for (size_t k = 0; k < im->ncur; k++)
        if ((long)k != self && im->cur[k]->v[f] && !strcmp(im->cur[k]->v[f], v))
            return (long)k;
    return -1;
}

/* Each row names a participant (its match) or nobody (added); a row whose
 * passport number or e-mail is another participant's is ambiguous. */
static int match_rows(importer *im)
{
    static const vg_pfield ids[] = {VG_PF_PASSPORT_NUMBER, VG_PF_EMAIL};
    int rc = vg_participant_list(im->st, im->slug, &im->cur, &im->ncur);
    if (rc != VG_OK)
        return rc;
    if (!(im->curkeys = calloc(im->ncur + 1, sizeof *im->curkeys)) ||
        !(im->match = calloc(im->nrows + 1, sizeof *im->match)))
        return vg_error_oom();
    for (size_t k = 0; k < im->ncur; k++)
        if (im->cur[k]->v[VG_PF_NAME] &&
            !(im->curkeys[k] = vg_text_key(im->cur[k]->v[VG_PF_NAME], VG_KEY_NAME)))
            return vg_error_oom();
    for (size_t i = 0; i < im->nrows; i++) {
        long m = -1;
        for (size_t k = 0; k < im->ncur && m < 0; k++)
            if (im->curkeys[k] && !im->cur[k]->purged && !strcmp(im->curkeys[k], im->keys[i]))
                m = (long)k;
        im->match[i] = m;
        for (size_t f = 0; f < sizeof ids / sizeof ids[0]; f++) {
            long h = holder(im, ids[f], im->rows[i]->v[ids[f]], m);
            char lab[96];
            if (h >= 0)
                row_error(im, im->lines[i],
                          _("\"%s\" has the %s of participant \"%s\": the same person renamed? "
                            "Rename them first ('vigie participant edit %s \"%s\" --name ...') or "
                            "correct the file"),
                          im->rows[i]->v[VG_PF_NAME], label_lc(ids[f], lab, sizeof lab),
                          im->cur[h]->v[VG_PF_NAME], im->slug, im->cur[h]->v[VG_PF_NAME]);
        }
    }
    return VG_OK;
}

/* What the file changes, field by field: each field it has a column for and
 * the row fills (an empty cell keeps the stored value; so does the name's
 * spelling, which is the key). *changed is set when anything differs. */
static int diff_row(importer *im, size_t i, const int *has_col, int *changed)
{
    const vg_participant *old = im->cur[im->match[i]], *row = im->rows[i];
    *changed = 0;
    for (int f = 0; f < VG_PF_COUNT; f++) {
        char line[1400], lab[96];
        if (f == VG_PF_NAME || !has_col[f] || !row->v[f] || same_value(old->v[f], row->v[f]))
            continue;
        *changed = 1;
        snprintf(line, sizeof line, "%s:%zu: %s: %s: %s -> %s", im->shown, im->lines[i],
                 old->v[VG_PF_NAME], label_lc((vg_pfield)f, lab, sizeof lab),
                 old->v[f] ? old->v[f] : "-", row->v[f]);
        if (push(&im->rep->changes, &im->rep->nchanges, line) != VG_OK)
            return vg_error_oom();
    }
    return VG_OK;
}

static int check_names(importer *im)
{
    size_t *order = NULL;
    int rc = VG_OK;
    if (im->nrows == 0)
        return VG_OK;
    if (!(order = malloc(im->nrows * sizeof *order)))
        return vg_error_oom();
    for (size_t i = 0; i < im->nrows; i++)
        order[i] = i;
    sort_im = im;
    qsort(order, im->nrows, sizeof *order, by_key);
    for (size_t i = 1; i < im->nrows; i++) {
        size_t a = order[i - 1], b = order[i];
        if (!strcmp(im->keys[a], im->keys[b]))
            row_error(im, im->lines[b], _("\"%s\" is already on line %zu of the file"),
                      im->rows[b]->v[VG_PF_NAME], im->lines[a]);
    }
    free(order);
    if (im->update)
        return match_rows(im);
    for (size_t i = 0; i < im->nrows && rc == VG_OK; i++) {
        int taken = 0;
        rc = vg_model_name_taken(im->st, im->did, im->keys[i], &taken);
        if (rc == VG_OK && taken)
            row_error(im, im->lines[i],
                      _("\"%s\" is already a participant of delegation \"%s\" (--update "
                        "updates them from the file)"),
                      im->rows[i]->v[VG_PF_NAME], im->slug);
    }
    return rc;
}

static void free_importer(importer *im)
{
    for (size_t i = 0; i < im->ncols; i++)
        free(im->head ? im->head[i] : NULL);
    free(im->head);
    free(im->col);
    for (size_t i = 0; i < im->nrows; i++) {
        vg_participant_free(im->rows[i]);
        free(im->keys[i]);
    }
    free(im->rows);
    free(im->keys);
    free(im->lines);
    for (size_t k = 0; im->curkeys && k < im->ncur; k++)
        free(im->curkeys[k]);
    free(im->curkeys);
    vg_participant_list_free(im->cur, im->ncur);
    free(im->match);
}

/* Read and check every row of buf into *im (no write). VG_EINVALID when
 * any row is bad (im->rep lists them). */
static int validate(vg_store *st, importer *im, const unsigned char *buf, size_t len)
{
    vg_import_report *rep = im->rep;
    vg_csv_info info;
    int32_t end_day;
    int rc;
    const char *shown = im->shown;

    if ((rc = vg_model_delegation(st, im->slug, &im->did, im->country, &end_day)) != VG_OK ||
        (rc = vg_model_retention_default(st, end_day, im->retention)) != VG_OK)
        return rc;
    rc = vg_csv_read(buf, len, on_record, im, &info);
    rep->delimiter = info.delimiter;
    rep->cp1252 = info.cp1252;
    if (rc != VG_OK) {
        if (rc == VG_EINVALID && strncmp(vg_error_last(), shown, strlen(shown)) != 0) {
            char msg[512];
            snprintf(msg, sizeof msg, "%s", vg_error_last());
            rc = vg_error_set(rc, "%s: %s", shown, msg);
        }
        return rc;
    }
    if (!im->header_done)
        return vg_error_set(VG_EINVALID, _("%s: the file is empty"), shown);
    if ((rc = check_names(im)) != VG_OK)
        return rc;
    /* the profile's fields that no row fills (the retention date has a
     * default): what the coordinator will still have to enter */
    for (int f = 0; f < VG_PF_COUNT && im->nrows; f++) {
        int filled = f == VG_PF_RETENTION_DATE;
        for (size_t i = 0; i < im->nrows && !filled; i++)
            filled = im->rows[i]->v[f] != NULL;
        if (!filled &&
            (rc = push(&rep->empty, &rep->nempty, vg_participant_fields()[f].key)) != VG_OK)
            return rc;
    }
    if (rep->errors_total) {
        rc = vg_error_set(VG_EINVALID, _("%s: %zu errors in %zu rows: nothing was imported"), shown,
                          rep->errors_total, rep->rows);
        if (rep->errors_total == im->nsuspect)
            rc = vg_error_set(VG_EINVALID,
                              _("%s: %zu columns look like profile fields but are not read: "
                                "nothing was imported"),
                              shown, im->nsuspect);
        return rc;
    }
    /* --update: what each matched row changes, field by field */
    for (size_t c = 0; c < im->ncols; c++)
        if (im->col[c] >= 0 && im->col[c] < VG_PF_COUNT)
            im->has_col[im->col[c]] = 1;
        else if (im->col[c] == COL_FIRST || im->col[c] == COL_LAST)
            im->has_col[VG_PF_NAME] = 1;
    for (size_t i = 0; im->update && i < im->nrows; i++) {
        int changed = 0;
        if (im->match[i] < 0) {
            rep->to_add++;
            continue;
        }
        if ((rc = diff_row(im, i, im->has_col, &changed)) != VG_OK)
            return rc;
        if (changed)
            rep->updated++;
        else
            rep->unchanged++;
    }
    if (!im->update)
        rep->to_add = im->nrows;
    return VG_OK;
}

/* Write the rows of a validated *im, in the caller's transaction. What
 * could have changed since the validation, when it ran outside the
 * transaction, is checked again first: the delegation, and names taken
 * meanwhile by another command. */
static int write_rows(vg_store *st, importer *im)
{
    vg_import_report *rep = im->rep;
    sqlite3_stmt *ins = NULL;
    int64_t did = 0;
    int rc;

    if ((rc = vg_model_delegation(st, im->slug, &did, NULL, NULL)) != VG_OK)
        return rc;
    if (did != im->did)
        return vg_error_set(
            VG_EINVALID, _("delegation \"%s\" changed during the import: run it again"), im->slug);
    for (size_t i = 0; i < im->nrows && rc == VG_OK; i++) {
        int taken = 0;
        if (im->update && im->match[i] >= 0)
            continue; /* --update: that name is the participant the row updates */
        rc = vg_model_name_taken(st, im->did, im->keys[i], &taken);
        if (rc == VG_OK && taken)
            row_error(im, im->lines[i], _("\"%s\" is already a participant of delegation \"%s\""),
                      im->rows[i]->v[VG_PF_NAME], im->slug);
    }
    if (rc != VG_OK)
        return rc;
    if (rep->errors_total)
        return vg_error_set(VG_EINVALID, _("%s: %zu errors in %zu rows: nothing was imported"),
                            im->shown, rep->errors_total, rep->rows);
    for (size_t i = 0; i < im->nrows && rc == VG_OK; i++) {
        if (im->update && im->match[i] >= 0) {
            /* the participant as read during the validation; a change made
             * meanwhile by another command to the same fields is replaced */
            vg_participant *p = im->cur[im->match[i]];
            int changed = 0;
            for (int f = 0; f < VG_PF_COUNT; f++)
                if (f != VG_PF_NAME && im->has_col[f] && im->rows[i]->v[f] &&
                    !same_value(p->v[f], im->rows[i]->v[f])) {
                    free(p->v[f]);
                    p->v[f] = im->rows[i]->v[f];
                    im->rows[i]->v[f] = NULL;
                    changed = 1;
                }
            if (changed)
                rc = vg_participant_update(st, p);
            continue;
        }
        rc = vg_model_participant_insert(st, &ins, im->did, im->slug, im->rows[i], im->keys[i],
                                         "participant.import");
        if (rc == VG_OK)
            rep->added++;
    }
    sqlite3_finalize(ins);
    if (rc == VG_OK) {
        char detail[96];
        if (im->update)
            snprintf(detail, sizeof detail, "%zu added, %zu updated, %zu unchanged", rep->added,
                     rep->updated, rep->unchanged);
        else
            snprintf(detail, sizeof detail, "%zu participants", im->nrows);
        rc = vg_audit_append(st, "participant.import", im->slug, detail);
    }
    if (rc != VG_OK)
        rep->added = 0;
    return rc;
}

int vg_participant_import_buffer(vg_store *st, const char *slug, const unsigned char *buf,
                                 size_t len, const char *shown, const char *const *maps,
                                 size_t nmaps, int dry_run, vg_import_report *rep)
{
    return vg_participant_import_buffer_ex(st, slug, buf, len, shown, maps, nmaps,
                                           dry_run ? VG_IMPORT_DRY_RUN : 0, rep);
}

int vg_participant_import_buffer_ex(vg_store *st, const char *slug, const unsigned char *buf,
                                    size_t len, const char *shown, const char *const *maps,
                                    size_t nmaps, unsigned flags, vg_import_report *rep)
{
    int dry_run = (flags & VG_IMPORT_DRY_RUN) != 0;
    importer im;
    int rc;

    memset(rep, 0, sizeof *rep);
    memset(&im, 0, sizeof im);
    im.st = st;
    im.slug = slug;
    im.shown = shown;
    im.maps = maps;
    im.nmaps = nmaps;
    im.rep = rep;
    im.update = (flags & VG_IMPORT_UPDATE) != 0;
    if ((rc = validate(st, &im, buf, len)) == VG_OK && !dry_run)
        rc = write_rows(st, &im);
    free_importer(&im);
    return rc;
}

int vg_participant_import(vg_store *st, const char *slug, const char *path, const char *shown,
                          const char *const *maps, size_t nmaps, int dry_run, vg_import_report *rep)
{
    return vg_participant_import_ex(st, slug, path, shown, maps, nmaps,
                                    dry_run ? VG_IMPORT_DRY_RUN : 0, rep);
}

int vg_participant_import_ex(vg_store *st, const char *slug, const char *path, const char *shown,
                             const char *const *maps, size_t nmaps, unsigned flags,
                             vg_import_report *rep)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    int rc;
    memset(rep, 0, sizeof *rep);
    rc = vg_file_read(path, VG_CSV_MAX_BYTES, &buf, &len);
    if (rc == VG_OK)
        rc = vg_participant_import_buffer_ex(st, slug, buf, len, shown ? shown : path, maps, nmaps,
                                             flags, rep);
    if (buf) {
        sodium_memzero(buf, len);
        free(buf);
    }
    return rc;
}

struct vg_import_plan {
    importer im;
    char slug[VG_SLUG_MAX + 1];
    char *shown;
};

void vg_import_plan_free(vg_import_plan *plan)
{
    if (!plan)
        return;
    free_importer(&plan->im);
    free(plan->shown);
    free(plan);
}

int vg_participant_import_check(vg_store *st, const char *slug, const char *path, const char *shown,
                                const char *const *maps, size_t nmaps, unsigned flags,
                                vg_import_report *rep, vg_import_plan **out)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    vg_import_plan *plan = NULL;
    int rc;

    memset(rep, 0, sizeof *rep);
    if (out)
        *out = NULL;
    if (!(plan = calloc(1, sizeof *plan)) || !(plan->shown = strdup(shown ? shown : path))) {
        rc = vg_error_oom();
        goto done;
    }
    snprintf(plan->slug, sizeof plan->slug, "%s", slug);
    plan->im.st = st;
    plan->im.slug = plan->slug;
    plan->im.shown = plan->shown;
    plan->im.maps = maps;
    plan->im.nmaps = nmaps;
    plan->im.rep = rep;
    plan->im.update = (flags & VG_IMPORT_UPDATE) != 0;
    if ((rc = vg_file_read(path, VG_CSV_MAX_BYTES, &buf, &len)) != VG_OK)
        goto done;
    rc = validate(st, &plan->im, buf, len);
    /* --map values are the caller's: not kept past this call */
    plan->im.maps = NULL;
    plan->im.nmaps = 0;
    if (rc == VG_OK && out) {
        *out = plan;
        plan = NULL;
    }
done:
    if (buf) {
        sodium_memzero(buf, len);
        free(buf);
    }
    vg_import_plan_free(plan);
    return rc;
}

int vg_participant_import_write(vg_store *st, vg_import_plan *plan, vg_import_report *rep)
{
    plan->im.st = st;
    plan->im.rep = rep;
    return write_rows(st, &plan->im);
}

void vg_import_report_free(vg_import_report *r)
{
    for (size_t i = 0; i < r->ncolumns; i++)
        free(r->columns[i]);
    for (size_t i = 0; i < r->nignored; i++)
        free(r->ignored[i]);
    for (size_t i = 0; i < r->nerrors; i++)
        free(r->errors[i]);
    for (size_t i = 0; i < r->nempty; i++)
        free(r->empty[i]);
    free(r->empty);
    for (size_t i = 0; i < r->nchanges; i++)
        free(r->changes[i]);
    free(r->changes);
    free(r->columns);
    free(r->ignored);
    free(r->errors);
    memset(r, 0, sizeof *r);
}
