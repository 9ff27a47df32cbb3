/* vigie/error.h: status codes and the last error message.
 *
 * Every core function returns an int: VG_OK (0) on success, a negative code
 * on failure. The failing function records one line, in the user's language,
 * that vg_error_last() returns until the next error on the same thread. */
#ifndef VIGIE_ERROR_H
#define VIGIE_ERROR_H

enum {
    VG_OK = 0,
    VG_ERROR = -1,      /* I/O or an unexpected library failure */
    VG_ENOTFOUND = -2,  /* the named object does not exist */
    VG_EEXISTS = -3,    /* the object exists and would be overwritten */
    VG_EINVALID = -4,   /* bad data from the user or a file */
    VG_EAUTH = -5,      /* wrong passphrase, PIN or recovery key */
    VG_EINTEGRITY = -6, /* damaged or tampered store, key file, backup, code */
    VG_ENOMEM = -7,
    VG_EUNSUPPORTED = -8, /* a facility this system lacks (kernel keyring) */
    VG_ELOCKED = -9,      /* no key available without asking for one */
    VG_EREPLAY = -10      /* a one-time value (counter, code) seen before */
};

/* The message of the last error on this thread; never NULL ("" if none). */
const char *vg_error_last(void);

/* Record a printf-style message and return `code`, for `return vg_error_set(...)`. */
int vg_error_set(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

void vg_error_clear(void);

/* Record "out of memory" and return VG_ENOMEM. It formats nothing and
 * allocates nothing, so it works when memory is exhausted. */
int vg_error_oom(void);

/* The last error, captured so that cleanup that may itself fail (an audit
 * entry, a rollback) cannot replace the message the user must see:
 *   vg_error_state e; vg_error_save(&e, rc); ...cleanup...; return vg_error_restore(&e);
 * (libgit2's git_error_save/git_error_restore.) */
#define VG_ERROR_MAX 512
typedef struct {
    int code;
    char message[VG_ERROR_MAX];
} vg_error_state;
void vg_error_save(vg_error_state *e, int code);
/* Put the saved message back and return its code. */
int vg_error_restore(const vg_error_state *e);
/* Prefix the last error with "prefix: " (e.g. a field name) and return `code`. */
int vg_error_prefix(int code, const char *prefix);

#endif
