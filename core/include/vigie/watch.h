/* vigie/watch.h: the unattended lookout (DESIGN.md §6, `vigie watch`).
 *
 * A tick reads the inbound channels (a Maildir, gammu-smsd's files-backend
 * inbox, an IMAP mailbox), logs the check-ins they carry through the same
 * checks as `checkin import` and `checkin code`, then, for every delegation
 * in the field, records each ladder step reached by an overdue participant
 * and each open alert as an event, queues one message per recipient and
 * channel in the same transaction (each in its recipient's language), and
 * sends the queue. A message is marked `sending` before its channel gets
 * it and `sent` after; the send runs in a sender process that a kill of
 * the watch does not stop, and journals its outcome beside the store, so a
 * killed and restarted watch records what its sender did instead of
 * sending again: exactly once. Only when the sender dies too (its process
 * group killed, a power cut) is a message sent again, under the same
 * Message-ID (VIGIE_MESSAGE_ID for a command), so that the duplicate shows.
 * A kill never skips a message. When an episode or an alert ends, those who
 * were told hear it.
 *
 * Events are keyed on (delegation, participant, the missed check-in's due
 * time, step) for steps, and on the alert's id for alerts. */
#ifndef VIGIE_WATCH_H
#define VIGIE_WATCH_H

#include <stddef.h>
#include <stdint.h>
#include <vigie/store.h>

typedef struct {
    int64_t at;        /* the tick's time (vg_now()) */
    int ndelegations;  /* delegations watched */
    int nmessages;     /* messages read from the inboxes */
    int nlogged;       /* check-ins logged from them */
    int nunplaced;     /* kept for the coordinator */
    int nevents;       /* new steps, alerts and ends */
    int nqueued;       /* messages queued by this tick */
    int nsent;         /* messages accepted by a channel */
    int nfailed;       /* messages a channel refused (retried next tick) */
    int nrecovered;    /* sends a killed watch began, found accepted: recorded, not resent */
    int nresent;       /* sends whose sender died mid-send: sent again under the same id */
    int noverdue;      /* participants overdue, all delegations */
    int nalerts;       /* participants with an open alert */
    char problem[256]; /* the first thing that went wrong, or "" */
} vg_watch_result;

/* One tick at vg_now(). Returns VG_OK even when a channel failed (see
 * r->nfailed and r->problem); an error when the store could not be read or
 * written (a full disk: nothing is sent that could not be recorded).
 * `lang` ("fr"/"en") is the language of recipients who have none. */
int vg_watch_tick(vg_store *st, const char *data_dir, const char *lang, vg_watch_result *r);

/* Read the inbound channels only (part of a tick). */
int vg_watch_inbound(vg_store *st, vg_watch_result *r);

/* ---- The watch's own state, beside the store, readable while it is locked ---- */

/* watch.state in the store folder: the last tick's time and outcome, no
 * personal data. Written atomically. */
typedef struct {
    int64_t last_tick; /* the last tick's time (vg_now(): VIGIE_NOW in exercises) */
    int64_t wall;      /* the system clock then (clock jumps) */
    int64_t last_ok;   /* the last tick that did its whole job */
    int64_t boot_secs; /* CLOCK_BOOTTIME at the last tick (clock jumps) */
    char boot_id[40];  /* /proc/sys/kernel/random/boot_id */
    int interval;      /* seconds */
    int sent, failed, logged, overdue, alerts;
    char problem[256]; /* "" when all is well */
    int64_t alarmed;   /* when a person was last told of `problem`, 0 never */
    char alarmed_problem[256];
} vg_watch_state;

int vg_watch_state_read(const char *store_dir, vg_watch_state *out); /* VG_ENOTFOUND */
int vg_watch_state_write(const char *store_dir, const vg_watch_state *s);

/* Seconds the wall clock moved beyond the boot clock since `prev` (same
 * boot only), or 0. */
int64_t vg_watch_clock_jump(const vg_watch_state *prev, int64_t wall, int64_t boot_secs,
                            const char *boot_id);
/* The boot clock and boot id now. */
void vg_watch_boot(int64_t *boot_secs, char boot_id[40]);

#endif
