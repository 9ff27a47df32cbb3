/* vigie/clock.h: the clock, which tests and crisis exercises may replace. */
#ifndef VIGIE_CLOCK_H
#define VIGIE_CLOCK_H

#include <stdint.h>
#include <stddef.h>

/* Seconds since the epoch: the override if one is set, else the system clock. */
int64_t vg_now(void);
/* Replace the clock with a fixed time (VIGIE_NOW). */
void vg_clock_set(int64_t t);

/* Parse ISO 8601 "YYYY-MM-DDTHH:MM[:SS](Z|±HH:MM)" or "YYYY-MM-DD HH:MM..." with
 * an offset or Z into seconds since the epoch. VG_EINVALID without an offset
 * unless `tz` is given (an IANA zone), in which case the local time is read in
 * that zone; a local time that the zone skips (a daylight-saving gap) is
 * VG_EINVALID, with a message that says so. */
int vg_time_parse(int64_t *out, const char *text, const char *tz);
/* Parse "YYYY-MM-DD" (or "DD/MM/YYYY") into a day number (days since epoch). */
int vg_date_parse(int32_t *out_days, const char *text);
/* Format as "2025-03-04T15:30:00Z". */
void vg_time_format_utc(char out[32], int64_t t);
/* Format in zone `tz` as "2025-03-04 10:30 -05:00" (or UTC when tz is NULL). */
int vg_time_format_local(char out[48], int64_t t, const char *tz);
/* Format a day number as "YYYY-MM-DD". */
void vg_date_format(char out[16], int32_t days);
/* Parse a duration "90s", "15m", "2h", "1d" or plain seconds. */
/* The day (days since 1970-01-01) that instant `t` falls on in zone `tz`,
 * an IANA name; NULL means the user's own zone (TZ, else /etc/localtime).
 * The one "today" of the library: it never changes the process's TZ. */
int32_t vg_day_at(int64_t t, const char *tz);
/* vg_day_at(vg_now(), tz). */
int32_t vg_today(const char *tz);
int vg_duration_parse(int64_t *out_seconds, const char *text);

#endif
