/* vigie/delegation.h: delegations, their countries, zones and regions.
 * Their people are vigie/participant.h, their contacts vigie/contact.h.
 *
 * A delegation is named by its slug ("colombie-2025": lowercase letters,
 * digits and dashes, 2 to 48 characters, unique). Its dates are days since
 * the epoch (vg_date_parse), its time zone an IANA name that defaults from
 * the country. Participants are named in commands by their name: case- and
 * accent-insensitive, a unique prefix is enough. Every function that changes
 * data runs inside the caller's transaction and appends an audit entry that
 * holds no personal data (ids and slugs only). */
#ifndef VIGIE_DELEGATION_H
#define VIGIE_DELEGATION_H

#include <stddef.h>
#include <stdint.h>
#include <vigie/store.h>

#define VG_SLUG_MAX 48

typedef struct {
    int64_t id;
    char slug[VG_SLUG_MAX + 1];
    char *name;
    char country[3];   /* ISO 3166-1 alpha-2, upper case */
    char *tz;          /* IANA zone, "America/Bogota" */
    int32_t start_day; /* days since 1970-01-01 */
    int32_t end_day;
    char *lead; /* team lead's name, or NULL */
    int closed;
    char **regions; /* regions visited, as the guide names them */
    size_t nregions;
} vg_delegation;

/* The default zone of a country: "CO" -> "America/Bogota", "HT" ->
 * "America/Port-au-Prince", "MX" -> "America/Mexico_City" (the capital's
 * zone: Mexico has several, and a delegation elsewhere gives its own);
 * another country's only zone in the system's zone.tab; NULL when the
 * country has several zones (and no guide) or is unknown. */
const char *vg_country_default_tz(const char *cc);
/* 1 if the system's zone.tab lists `tz` for country `cc` (or lists nothing
 * for `cc`, or cannot be read), 0 if it lists other zones only. */
int vg_country_has_tz(const char *cc, const char *tz);
/* 1 if `cc` is an ISO 3166-1 alpha-2 code (upper or lower case). */
int vg_country_valid(const char *cc);

/* Validate and add. `d->tz` may be NULL (the country's default; VG_EINVALID
 * if it has none): on success it is then set to a new string that the
 * caller frees. A zone the country does not use is refused; the country is
 * upper-cased in place. VG_EEXISTS for a slug in use. d->id is set. */
int vg_delegation_add(vg_store *st, vg_delegation *d);
/* VG_ENOTFOUND names the slug. The caller frees with vg_delegation_free. */
int vg_delegation_get(vg_store *st, const char *slug, vg_delegation **out);
/* All delegations, open first then by start date. Free with vg_delegation_list_free. */
int vg_delegation_list(vg_store *st, vg_delegation ***out, size_t *n);
/* Save the edited fields of a delegation got from vg_delegation_get (the
 * slug cannot change). When the end date moves, participants whose
 * retention date was the default (end + retention.months) follow it. */
int vg_delegation_update(vg_store *st, const vg_delegation *d);
int vg_delegation_close(vg_store *st, const char *slug);
void vg_delegation_free(vg_delegation *d);
void vg_delegation_list_free(vg_delegation **list, size_t n);

#endif
