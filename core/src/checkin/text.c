/* Text checks for check-in fields and ladder labels (no store needed). */
#include <string.h>

#include "checkin/checkin_internal.h"
#include "util/text.h"

int vg_ck_text_ok(const char *s, size_t max, int lines)
{
    size_t len = strlen(s);
    return len <= max && vg_text_clean(s, len, lines);
}
