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

#endif
