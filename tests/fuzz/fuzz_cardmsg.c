/* Fuzz the check-in card message reader (text pasted by the coordinator
 * from an SMS or a chat): any bytes must be read or refused, never crash,
 * and what is read stays within bounds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/card.h>
#include <vigie/vigie.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int ready;
    char *text = malloc(size + 1);
    vg_card_msg m;
    if (!ready)
        ready = vg_init() == 0;
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    if (vg_card_msg_parse(&m, text) == 0) {
        if (!m.has_code || m.code > 999999 || strlen(m.where) > VG_CARD_REST_MAX ||
            strlen(m.note) > VG_CARD_REST_MAX || (m.where[0] && m.note[0]) ||
            (unsigned)m.status > VG_CHECKIN_EMERGENCY)
            abort();
        for (const unsigned char *p = (const unsigned char *)m.note; *p; p++)
            if (*p < 0x20 || *p == 0x7f)
                abort();
    }
    free(text);
    return 0;
}
