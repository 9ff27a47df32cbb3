/* Private: shared by the notify and watch modules. */
#ifndef VG_NOTIFY_INTERNAL_H
#define VG_NOTIFY_INTERNAL_H

#include <stddef.h>
#include <vigie/notify.h>
#include <vigie/store.h>

/* 1 if `s` holds 1..max bytes without a control character. */
int vg_nt_text_ok(const char *s, size_t max);
int vg_nt_email_ok(const char *s);

/* The outbound channels as the store sets them (strings owned). */
typedef struct {
    char *smtp_url, *smtp_user, *smtp_password, *smtp_from, *smtp_ca;
    char *sms_command;
} vg_nt_channels;
int vg_nt_channels_load(vg_store *st, vg_nt_channels *c);
void vg_nt_channels_clear(vg_nt_channels *c); /* wipes the password */

/* Send one message through channel "email" or "sms" to `address`. VG_ERROR
 * (with the reason) when the channel is not set up or refused it. */
int vg_nt_send(const vg_nt_channels *c, const char *channel, const char *address,
               const char *subject, const char *body, const char *message_id);

/* A send journalled outside the store under `key` (notify/sender.c): it
 * runs in a sender process that a kill of the caller does not stop, and
 * whose outcome a later caller reads with vg_nt_journal_outcome. Returns as
 * vg_nt_send. */
int vg_nt_journal_send(const char *store_dir, const char *key, const vg_nt_channels *c,
                       const char *channel, const char *address, const char *subject,
                       const char *body, const char *message_id);
enum {
    VG_NT_NONE,    /* no journal: the send never began */
    VG_NT_SENT,    /* the channel accepted it */
    VG_NT_FAILED,  /* the channel refused it (reason in err) */
    VG_NT_UNKNOWN, /* began, no outcome: the sender died mid-send */
};
/* Waits for a sender still at work. */
int vg_nt_journal_outcome(const char *store_dir, const char *key, char *err, size_t errcap);
void vg_nt_journal_forget(const char *store_dir, const char *key);

/* "Marie T." from "Marie Tremblay" (first word and the next word's initial):
 * the most a notification says of a person. */
void vg_nt_short_name(char out[64], const char *name);

#endif
