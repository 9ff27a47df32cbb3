/* Private: Unicode text helpers (utf8proc) for matching names and headers. */
#ifndef VG_TEXT_H
#define VG_TEXT_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    VG_KEY_NAME,  /* letters and digits; every run of anything else is one space */
    VG_KEY_HEADER /* letters and digits only */
} vg_key_mode;

/* A matching key for `s`: compatibility decomposition (NFKD), case folded,
 * accents and other combining marks removed ("Marie-Ève  Côté" -> "marie eve
 * cote" as a name, "Téléphone (cellulaire)" -> "telephonecellulaire" as a
 * header). A new string, or NULL for invalid UTF-8 or no memory. */
char *vg_text_key(const char *s, vg_key_mode mode);

/* The one UTF-8 decoder of Vigie. The length (1 to 4) of the well-formed
 * sequence at `p`, reading at most `left` bytes, with its code point in *cp
 * (cp may be NULL); 0 when the bytes are not UTF-8: a stray continuation
 * byte, an overlong form, a surrogate, a code point above U+10FFFF or a
 * sequence cut by `left`. Every parser of outside text calls this. */
size_t vg_utf8_decode(const unsigned char *p, size_t left, uint32_t *cp);

/* 1 for a code point that must never reach a terminal, a cell or a printed
 * page: the C0 controls (newline included: callers allow it where they
 * want it), DEL, the C1 controls U+0080..U+009F (a Windows-1252 text read as
 * Latin-1 leaves them) and the line and paragraph separators U+2028/9. */
int vg_is_control(uint32_t cp);

/* The one text check: 1 if `len` bytes at `s` are well-formed UTF-8 with no
 * NUL and no control character, a newline being allowed when `multiline`. */
int vg_text_clean(const char *s, size_t len, int multiline);

/* The length of `len` bytes at `s` without a last character that a byte
 * bound cut in two (a lead byte missing its continuation bytes): where to
 * end a copy truncated at `len` bytes. */
size_t vg_utf8_whole(const char *s, size_t len);

/* 1 if `len` bytes at `s` are valid UTF-8 (no NUL inside; controls allowed). */
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
