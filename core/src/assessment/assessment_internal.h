/* Private: what tests and the fuzz harness reach inside the assessment module. */
#ifndef VG_ASSESSMENT_INTERNAL_H
#define VG_ASSESSMENT_INTERNAL_H
#include <stddef.h>

/* Decode the signed content of a sign-off (the layout at the top of
 * assessment/assessment.c) from untrusted bytes and free it: VG_OK or
 * VG_EINTEGRITY, never a crash. */
int vg_assessment_content_check(const unsigned char *p, size_t len);

/* ---- shared by assessment.c, signoff.c and score.c ---- */
#include <sodium.h>
#include <sqlcipher/sqlite3.h>
#include <stdint.h>
#include <vigie/assessment.h>
#include <vigie/store.h>

#define CONTENT_MAGIC "VGASMT01"
#define MESSAGE_MAGIC "VGSIGN01"

/* Every sign-off of assessment `id`, oldest first. With `contents`, the
 * signed content and signature of each too (parallel arrays). */
typedef struct {
    unsigned char *content;
    size_t len;
    unsigned char sig[crypto_sign_BYTES];
    int sig_ok_len;
} signed_blob;

char *vg_as_dup_or_null(const char *s);
int vg_as_clean_text(char **out, const char *what, const char *text, size_t max, int required);
int vg_as_item_cmp(const char *x, const char *y);
void vg_as_short_code(char out[VG_SIGNOFF_CODE_LEN], const unsigned char *data, size_t len);
int vg_as_find_id(vg_store *st, const char *label, int64_t *id);
void vg_as_signoffs_free(vg_signoff *s, size_t n);
int vg_as_read_signoffs(vg_store *st, int64_t id, vg_signoff **out, size_t *n, signed_blob **blobs);
void vg_as_blobs_free(signed_blob *b, size_t n);
int vg_as_same(const char *x, const char *y);

#endif
