/* Private: the watch module's parts. */
#ifndef VG_WATCH_INTERNAL_H
#define VG_WATCH_INTERNAL_H

#include <stddef.h>
#include <vigie/watch.h>

/* Keep the first thing that went wrong in a tick (later ones are dropped). */
void vg_watch_problem(vg_watch_result *r, const char *what);

/* An e-mail's sender address and the text to read: the subject, a newline,
 * then the body (the first part of a multipart message; base64 and
 * quoted-printable decoded). Control characters other than newlines become
 * spaces. *text_out to free. For the fuzz harness too. */
int vg_watch_mail_parse(const char *msg, size_t len, char sender[256], char **text_out);

#endif
