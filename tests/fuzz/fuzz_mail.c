/* Fuzz the e-mail reader of the watch (messages from a Maildir or an IMAP
 * mailbox: anyone can send one): any bytes must be read or refused, never
 * crash, and the text handed to the check-in parsers has no control
 * character but newlines. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/vigie.h>

#include "watch/watch_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    char *msg = malloc(size + 1), sender[256], *text = NULL;
    if (!ready)
        ready = vg_init() == 0;
    if (!msg)
        return 0;
    memcpy(msg, data, size);
    msg[size] = '\0';
    if (vg_watch_mail_parse(msg, size, sender, &text) == 0) {
        if (!text || strlen(sender) > 255)
            abort();
        for (const unsigned char *p = (const unsigned char *)text; *p; p++)
            if (*p < 0x20 && *p != '\n')
                abort();
        for (const unsigned char *p = (const unsigned char *)sender; *p; p++)
            if (*p == ' ' || *p == '\r' || *p == '\n')
                abort();
    }
    free(text);
    free(msg);
    return 0;
}
