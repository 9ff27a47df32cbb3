/* The words coordinators type for a contact's role, in French and in
 * English, and the stored key each stands for (the key stays
 * language-neutral: "partenaire" is stored "partner"). */
#include <stdlib.h>
#include <string.h>
#include <vigie/contact.h>

#include "util/text.h"

static const struct {
    const char *folded; /* util/text.c VG_KEY_HEADER */
    const char *key;
} role_words[] = {
    {"partner", "partner"},
    {"partenaire", "partner"},
    {"partenairelocal", "partner"},
    {"partenaires", "partner"},
    {"localpartner", "partner"},
    {"accommodation", "accommodation"},
    {"hebergement", "accommodation"},
    {"logement", "accommodation"},
    {"hotel", "accommodation"},
    {"lodging", "accommodation"},
    {"embassy", "embassy"},
    {"ambassade", "embassy"},
    {"consulat", "embassy"},
    {"consulate", "embassy"},
    {"insurer", "insurer"},
    {"assureur", "insurer"},
    {"assurance", "insurer"},
    {"insurance", "insurer"},
    {"emergencyservice", "emergency-service"},
    {"emergencyservices", "emergency-service"},
    {"emergency", "emergency-service"},
    {"urgence", "emergency-service"},
    {"urgences", "emergency-service"},
    {"servicedurgence", "emergency-service"},
    {"servicesdurgence", "emergency-service"},
    {"police", "emergency-service"},
    {"ambulance", "emergency-service"},
    {"pompiers", "emergency-service"},
    {"focalpoint", "focal-point"},
    {"securityfocalpoint", "focal-point"},
    {"pointfocal", "focal-point"},
    {"pointfocaldesecurite", "focal-point"},
    {"responsabledelasecurite", "focal-point"},
    {"crisiscell", "crisis-cell"},
    {"crisisteam", "crisis-cell"},
    {"celluledecrise", "crisis-cell"},
    {"other", "other"},
    {"autre", "other"},
    {"autres", "other"},
};

const char *vg_contact_role_parse(const char *typed)
{
    char *k;
    const char *key = NULL;
    if (!typed || !(k = vg_text_key(typed, VG_KEY_HEADER)))
        return NULL;
    for (size_t i = 0; i < sizeof role_words / sizeof role_words[0] && !key; i++)
        if (!strcmp(role_words[i].folded, k))
            key = role_words[i].key;
    free(k);
    return key;
}
