/* Private: time-zone arithmetic through the system's zone database (tzdata),
 * never fixed offsets: Haiti changes its daylight-saving rules by decree. */
#ifndef VG_TZ_H
#define VG_TZ_H
#include <stdint.h>

int64_t vg_days_from_civil(int64_t y, unsigned m, unsigned d);
void vg_civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d);

/* 1 if `tz` names a zone in the system database. */
int vg_tz_valid(const char *tz);
/* UTC offset in seconds of zone `tz` at instant `t`. */
int vg_tz_offset(long *off, int64_t t, const char *tz);
/* The instant of local wall-clock time `local` (seconds as if UTC) in `tz`.
 * A time skipped by a spring-forward change is read as after the change; an
 * ambiguous one (fall back) as the first occurrence. */
int vg_tz_from_local(int64_t *out, int64_t local, const char *tz);
/* The same, and *skipped = 1 when `local` falls in a spring-forward gap (a
 * wall time that never occurs that day). */
int vg_tz_from_local_gap(int64_t *out, int64_t local, const char *tz, int *skipped);
/* UTC offset of the user's own zone (TZ, else /etc/localtime) at `t`, read
 * without changing TZ; 0 (UTC) when neither names a zone. */
long vg_tz_user_offset(int64_t t);
/* Forget the loaded zones. */
void vg_tz_reset(void);
#endif
