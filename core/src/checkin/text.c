/* Text checks for check-in fields and ladder labels (no store needed). */
#include <string.h>

#include "checkin/checkin_internal.h"

int vg_ck_text_ok(const char *s, size_t max, int lines)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s);
    if (len > max)
        return 0;
    while (*p) {
        unsigned c = *p;
        size_t n;
        if (c < 0x80) {
            if ((c < 0x20 && !(lines && c == '\n')) || c == 0x7f)
                return 0;
            p++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf)
            n = 1;
        else if (c >= 0xe0 && c <= 0xef)
            n = 2;
        else if (c >= 0xf0 && c <= 0xf4)
            n = 3;
        else
            return 0;
        for (size_t i = 1; i <= n; i++)
            if ((p[i] & 0xc0) != 0x80)
                return 0;
        if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] > 0x9f) ||
            (c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] > 0x8f))
            return 0;
        p += n + 1;
    }
    return 1;
}
