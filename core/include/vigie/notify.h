/* vigie/notify.h: who is told what, through which channel (DESIGN.md §6).
 *
 * Recipients are people the organisation names for ladder roles (the
 * coordinator, the team lead, the security focal point, the crisis cell...),
 * each with the channels they take: an e-mail address (SMTP through libcurl)
 * and a phone number (a command such as gammu-smsd-inject or a Signal
 * bridge). Settings (the SMTP server, the SMS command, the inboxes the watch
 * reads) live in the store (module "notify"). The channels themselves
 * (vg_smtp_send, vg_command_send) need no store: the watch also uses them to
 * say that it cannot work.
 *
 * What a notification says is minimal: the delegation, a first name and an
 * initial, what happened, the ladder step and whom to call. A duress alert
 * goes only to the coordinator and the security focal point, in words that
 * reveal nothing on a phone seen by others. */
#ifndef VIGIE_NOTIFY_H
#define VIGIE_NOTIFY_H

#include <stddef.h>
#include <stdint.h>
#include <vigie/checkin.h>
#include <vigie/config.h>
#include <vigie/store.h>

/* The coordinator: told of every step and every alert (a role bit beside
 * the ladder's vg_role bits). */
#define VG_NOTIFY_COORDINATOR ((vg_role)VG_ROLE_COUNT)
#define VG_NOTIFY_ROLE_BITS   ((1u << (VG_ROLE_COUNT + 1)) - 1u)

/* "coordinator" or a ladder role's name. */
const char *vg_notify_role_name(unsigned role);
int vg_notify_role_parse(const char *text, unsigned *role_out);

typedef struct {
    int64_t id;
    char *name;       /* as it is known in the organisation: unique */
    unsigned roles;   /* bit (1u << role) for each ladder role and the coordinator */
    char *email;      /* or NULL */
    char *phone;      /* international form, for the command channel, or NULL */
    char *delegation; /* only this delegation's notifications (slug), or NULL for all */
    int from_step;    /* ladder steps from this one (1 = the first); 0 or 1: all */
    char *lang;       /* "fr" or "en": the language of their messages; NULL: the watch's */
} vg_recipient;

/* Add a recipient (r->id set). VG_EINVALID without a role or a channel, or
 * for a bad address or a language other than "fr" and "en"; VG_EEXISTS for a name taken. Audited.
 */
int vg_notify_recipient_add(vg_store *st, vg_recipient *r);
int vg_notify_recipient_list(vg_store *st, vg_recipient **out, size_t *n);
/* By exact name, case-insensitive. VG_ENOTFOUND. */
int vg_notify_recipient_get(vg_store *st, const char *name, vg_recipient *out);
/* Remove by name; the notifications sent to them stay in the record. Audited. */
int vg_notify_recipient_remove(vg_store *st, const char *name);
void vg_recipient_clear(vg_recipient *r);
void vg_recipients_free(vg_recipient *r, size_t n);

/* Settings, in the store: smtp.url ("smtp://host:587" for STARTTLS,
 * "smtps://host:465"), smtp.user, smtp.password, smtp.from, smtp.ca-file,
 * sms.command, inbox.maildir, inbox.gammu, inbox.imap, imap.user,
 * imap.password, imap.ca-file. */
const vg_config_key *vg_notify_keys(void);
/* Set (value != NULL) or unset a setting; audited without the value of a
 * password. VG_EINVALID for an unknown key or a bad value. */
int vg_notify_set(vg_store *st, const char *key, const char *value);
/* *out a new string (to free) or NULL when unset. */
int vg_notify_get(vg_store *st, const char *key, char **out);

/* ---- Channels (no store needed) ---- */

typedef struct {
    const char *url;        /* smtp://host:port (STARTTLS required) or smtps://host:port */
    const char *user;       /* or NULL: no authentication */
    const char *password;   /* or NULL */
    const char *from;       /* the sender address */
    const char *ca_file;    /* a CA bundle (PEM) to check the server with, or NULL: the system's */
    long timeout;           /* seconds; 0: 30 */
    const char *message_id; /* "id@host" to send under, or NULL: a random one. The watch
                             * gives each queued message its own, so that a message
                             * resent after a kill shows as the same one */
} vg_smtp;

/* Send one text/plain UTF-8 message to `to`. The server's certificate and
 * name are always checked; plain SMTP without STARTTLS is refused. VG_ERROR
 * with libcurl's reason when the server does not accept it. */
int vg_smtp_send(const vg_smtp *s, const char *to, const char *subject, const char *body);

/* Run `command` (split on spaces, no shell): the words "{to}" and "{text}"
 * are replaced by the address and the message, each as one argument; without
 * "{text}" the message goes to the command's standard input. Accepted when it
 * exits 0 within 60 seconds. */
int vg_command_send(const char *command, const char *to, const char *text);

/* Send a test message to a recipient through each of their channels, with
 * the store's settings. *sent_out and *failed_out (may be NULL) count the
 * channels; the first failure's reason is in vg_error_last(). Audited. */
int vg_notify_test(vg_store *st, const char *name, int *sent_out, int *failed_out);

/* ---- The record of notifications (`vigie notify log`, an incident's timeline) ---- */

/* What a notification was about. */
typedef enum {
    VG_NOTIFY_STEP = 1,        /* a ladder step reached by an overdue participant */
    VG_NOTIFY_EPISODE_END = 2, /* that participant no longer overdue */
    VG_NOTIFY_ALERT = 3,       /* an alert opened */
    VG_NOTIFY_ALERT_END = 4,   /* that alert closed */
} vg_notify_kind;

typedef struct {
    int64_t id;
    char *delegation;
    char *recipient; /* or NULL once removed, and for the participant's own reminder */
    char *channel;   /* "email" or "sms" */
    char *subject;
    int64_t created, sent; /* sent 0 while not accepted by the channel */
    int attempts;
    char *error;      /* the last failure, or NULL */
    char *lang;       /* "fr" or "en": the language it was written in */
    char *message_id; /* "vigie.N.T@vigie.invalid": its Message-ID, and VIGIE_MESSAGE_ID
                       * for a command; the same on every attempt */
    vg_notify_kind kind;
    int64_t key; /* the alert's id (alerts), the missed check-in's due time (steps) */
    int step;    /* the ladder step, 1 = the first (VG_NOTIFY_STEP) */
} vg_notify_entry;
/* The `last` most recent (all for last <= 0), oldest first. */
int vg_notify_log(vg_store *st, int64_t last, vg_notify_entry **out, size_t *n);
/* Every notification of one alert (its opening and its end), oldest first. */
int vg_notify_log_alert(vg_store *st, int64_t alert_id, vg_notify_entry **out, size_t *n);
void vg_notify_entries_free(vg_notify_entry *e, size_t n);
/* The notifications sent about participant `participant_id` (their overdue
 * steps and alerts) between `from` and `to` (UTC seconds, by the time the
 * channel accepted them), oldest first: for an incident's timeline. */
int vg_notify_about(vg_store *st, int64_t participant_id, int64_t from, int64_t to,
                    vg_notify_entry **out, size_t *n);

/* Messages that came in and could not be placed (no code recognised, no
 * participant matched), kept for the coordinator. */
typedef struct {
    int64_t id;
    char *source; /* "maildir", "gammu", "imap" */
    char *sender;
    int64_t received;
    char *outcome; /* why it was not logged */
    char *text;
} vg_inbox_entry;
int vg_notify_inbox(vg_store *st, int all, vg_inbox_entry **out, size_t *n);
/* Mark an inbox entry as seen by the coordinator. Audited. */
int vg_notify_inbox_done(vg_store *st, int64_t id);
void vg_inbox_entries_free(vg_inbox_entry *e, size_t n);

#endif
