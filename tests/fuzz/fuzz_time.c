/* Fuzz the date, time and duration parsers that read what users type
 * (--at, --by, --birth-date, --for): the first byte picks a zone (or none),
 * the rest is the text. Invariant: a time that parses formats back. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/participant.h>
#include <vigie/vigie.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const zones[] = {NULL,
                                        "America/Toronto",
                                        "America/Port-au-Prince",
                                        "America/Bogota",
                                        "America/Mexico_City",
                                        "Pacific/Kiritimati",
                                        "Australia/Lord_Howe",
                                        "UTC"};
    static int ready;
    const char *tz;
    char *text;
    int64_t t, secs;
    int32_t day;
    char out[48], *norm = NULL;
    if (!ready)
        ready = vg_init() == 0;
    if (size < 1 || size > 4096)
        return 0;
    tz = zones[data[0] % (sizeof zones / sizeof zones[0])];
    if (!(text = malloc(size)))
        return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    if (vg_time_parse(&t, text, tz) == VG_OK && vg_time_format_local(out, t, tz) != VG_OK)
        abort();
    if (vg_date_parse(&day, text) == VG_OK)
        vg_date_format(out, day);
    vg_duration_parse(&secs, text);
    if (vg_field_normalise(VG_PF_BIRTH_DATE, text, &norm) == VG_OK && !norm)
        abort();
    free(norm);
    free(text);
    return 0;
}
