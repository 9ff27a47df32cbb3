/* Private: Unicode text helpers (utf8proc) for matching names and headers. */
#ifndef VG_TEXT_H
#define VG_TEXT_H

#include <stddef.h>

typedef enum {
    VG_KEY_NAME,  /* letters and digits; every run of anything else is one space */
    VG_KEY_HEADER /* letters and digits only */
} vg_key_mode;

/* A matching key for `s`: compatibility decomposition (NFKD), case folded,
 * accents and other combining marks removed ("Marie-Ève  Côté" -> "marie eve
 * cote" as a name, "Téléphone (cellulaire)" -> "telephonecellulaire" as a
 * header). A new string, or NULL for invalid UTF-8 or no memory. */
char *vg_text_key(const char *s, vg_key_mode mode);

/* 1 if a C1 control character (U+0080..U+009F) starts at `p` (UTF-8). The
 * text checks refuse them as they refuse C0 controls. */
int vg_c1_at(const unsigned char *p);

/* 1 if `len` bytes at `s` are valid UTF-8 (no NUL inside). */
int vg_utf8_valid(const char *s, size_t len);

/* Number of code points of valid UTF-8 text. */
size_t vg_utf8_chars(const char *s);

/* Check a one-line or multi-line user text: valid UTF-8, 1 to `max_chars`
 * characters, no control characters (a newline is allowed when `multiline`).
 * VG_EINVALID with a message that names `what`. */
int vg_text_check(const char *s, const char *what, size_t max_chars, int multiline);

/* A copy of `s` with leading and trailing white space removed and CRLF/CR
 * turned into LF. NULL on no memory. */
char *vg_text_trim(const char *s);

#endif
