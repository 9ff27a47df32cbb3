/* Check-in schedule arithmetic: see schedule.h for the rules. */
#include <stdlib.h>
#include <vigie/clock.h>
#include <vigie/error.h>

#include "checkin/schedule.h"
#include "util/i18n.h"
#include "util/tz.h"

int vg_sched_local_day(int32_t *day, int64_t t, const char *tz)
{
    if (!vg_tz_valid(tz))
        return vg_error_set(VG_EINVALID, _("unknown time zone \"%s\""), tz ? tz : "");
    *day = vg_day_at(t, tz);
    return VG_OK;
}

int vg_sched_instant(int64_t *out, int32_t day, int minute, const char *tz)
{
    return vg_tz_from_local(out, (int64_t)day * 86400 + (int64_t)minute * 60, tz);
}

int vg_sched_period(vg_sched *s, int64_t *begin, int64_t *end)
{
    int rc = VG_OK;
    if (s->memo_have_period) {
        *begin = s->memo_period[0];
        *end = s->memo_period[1];
        return VG_OK;
    }
    rc = vg_sched_instant(begin, s->start_day, 0, s->tz);
    if (rc == VG_OK)
        rc = vg_sched_instant(end, s->end_day + 1, 0, s->tz);
    if (rc == VG_OK && s->memo) {
        s->memo_period[0] = *begin;
        s->memo_period[1] = *end;
        s->memo_have_period = 1;
    }
    return rc;
}

#define MEMO_UNSET INT64_MIN

int vg_sched_memo_init(vg_sched *s)
{
    size_t n;
    if (s->end_day < s->start_day || s->ndaily <= 0)
        return VG_OK;
    n = (size_t)(s->end_day - s->start_day + 1) * (size_t)s->ndaily;
    if (!(s->memo = malloc(n * sizeof *s->memo)))
        return vg_error_set(VG_ENOMEM, "%s", "out of memory");
    for (size_t i = 0; i < n; i++)
        s->memo[i] = MEMO_UNSET;
    return VG_OK;
}

void vg_sched_memo_free(vg_sched *s)
{
    free(s->memo);
    s->memo = NULL;
    s->memo_have_period = 0;
}

/* The instant of daily slot `i` on `day` (within the dates), memoised. */
static int slot_due(vg_sched *s, int32_t day, int i, int64_t *out)
{
    int64_t *m =
        s->memo ? &s->memo[(size_t)(day - s->start_day) * (size_t)s->ndaily + (size_t)i] : NULL;
    int rc;
    if (m && *m != MEMO_UNSET) {
        *out = *m;
        return VG_OK;
    }
    rc = vg_sched_instant(out, day, s->daily[i], s->tz);
    if (rc == VG_OK && m)
        *m = *out;
    return rc;
}

int vg_sched_slot_after(vg_sched *s, int64_t t, int which, vg_slot *out)
{
    int32_t day;
    int rc;
    if (s->ndaily <= 0 || s->end_day < s->start_day)
        return VG_ENOTFOUND;
    /* The local day is within a day of the UTC one (offsets up to 14 h), and
     * a window may open the evening before its slot (early up to 12 h) or
     * close the morning after (grace up to 12 h): start three days back and
     * let the slots' order do the rest. */
    day = (int32_t)(t >= 0 ? t / 86400 : (t - 86399) / 86400) - 3;
    if (day < s->start_day)
        day = s->start_day;
    for (; day <= s->end_day; day++)
        for (int i = 0; i < s->ndaily; i++) {
            vg_slot sl;
            if ((rc = slot_due(s, day, i, &sl.due)) != VG_OK)
                return rc;
            sl.opens = sl.due - s->early;
            sl.deadline = sl.due + s->grace;
            sl.oneoff = -1;
            if ((which == 0 ? sl.opens : sl.deadline) > t) {
                *out = sl;
                return VG_OK;
            }
        }
    return VG_ENOTFOUND;
}

/* Keep the earlier of two candidates, by `deadline` or by `due`. */
static void keep_earliest(int *have, vg_slot *cur, const vg_slot *cand, int by_deadline)
{
    int64_t a = by_deadline ? cand->deadline : cand->due;
    int64_t b = by_deadline ? cur->deadline : cur->due;
    if (!*have || a < b) {
        *cur = *cand;
        *have = 1;
    }
}

int vg_sched_evaluate(vg_sched *s, const vg_oneoff *o, size_t no, int has_last, int64_t last,
                      int64_t now, vg_sched_state *out)
{
    int64_t begin, end;
    int rc;
    vg_slot sl;

    *out = (vg_sched_state){0};
    if ((rc = vg_sched_period(s, &begin, &end)) != VG_OK)
        return rc;
    out->phase = now < begin ? VG_SCHED_BEFORE : now >= end ? VG_SCHED_AFTER : VG_SCHED_DURING;

    if (out->phase == VG_SCHED_DURING && s->ndaily > 0) {
        /* The first slot the latest check-in does not satisfy (one made
         * before the first day's first window satisfies none). */
        int64_t floor = begin - s->early - 1;
        rc = vg_sched_slot_after(s, has_last && last > floor ? last : floor, 0, &sl);
        if (rc == VG_OK && sl.deadline <= now) {
            out->overdue = 1;
            out->missed = sl;
            /* the next one still ahead of us */
            rc = vg_sched_slot_after(s, now, 1, &sl);
        }
        if (rc == VG_OK)
            keep_earliest(&out->has_next, &out->next, &sl, 0);
        else if (rc != VG_ENOTFOUND)
            return rc;
    }
    for (size_t i = 0; i < no; i++) {
        vg_slot c = {o[i].by, o[i].from, o[i].by + o[i].grace, (int)i};
        if (has_last && last >= o[i].from)
            continue; /* satisfied */
        if (o[i].travelling && o[i].from <= now)
            out->travelling = 1;
        if (c.deadline <= now)
            keep_earliest(&out->overdue, &out->missed, &c, 1);
        else
            keep_earliest(&out->has_next, &out->next, &c, 0);
    }
    if (out->overdue)
        out->late = now - out->missed.deadline;
    return VG_OK;
}
