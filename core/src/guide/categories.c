/* The threat categories of the country guides (country-guides/FORMAT.md):
 * the one table of their keys and labels. The guides' validator, the risk
 * register's categories template (which must hold at least these) and the
 * guide's printed page all read it. */
#include <string.h>
#include <vigie/guide.h>

#include "util/i18n.h"

static const struct {
    const char *key, *label;
} categories[] = {
    {"crime", N_("Crime")},
    {"unrest", N_("Civil unrest and demonstrations")},
    {"kidnapping", N_("Kidnapping and extortion")},
    {"sexual-violence", N_("Sexual violence")},
    {"armed-conflict", N_("Armed conflict and armed groups")},
    {"road", N_("Road travel and accidents")},
    {"health", N_("Health")},
    {"natural-hazard", N_("Natural hazards")},
    {"detention", N_("Arrest and detention")},
    {"surveillance", N_("Digital surveillance")},
    {"reputation", N_("Reputation")},
};

#define NCATEGORIES (sizeof categories / sizeof categories[0])

size_t vg_guide_category_count(void)
{
    return NCATEGORIES;
}

const char *vg_guide_category_key(size_t i)
{
    return i < NCATEGORIES ? categories[i].key : NULL;
}

int vg_guide_category_known(const char *key)
{
    for (size_t i = 0; key && i < NCATEGORIES; i++)
        if (!strcmp(categories[i].key, key))
            return 1;
    return 0;
}

const char *vg_guide_category_label(const char *key)
{
    for (size_t i = 0; key && i < NCATEGORIES; i++)
        if (!strcmp(categories[i].key, key))
            return _(categories[i].label);
    return key;
}

const char *vg_guide_category_list(void)
{
    /* the keys joined by ", ": at most 11 keys of 16 bytes */
    static char list[256];
    if (!list[0]) {
        size_t o = 0;
        for (size_t i = 0; i < NCATEGORIES; i++) {
            size_t n = strlen(categories[i].key);
            if (o + n + 3 > sizeof list)
                break;
            if (i) {
                memcpy(list + o, ", ", 2);
                o += 2;
            }
            memcpy(list + o, categories[i].key, n);
            o += n;
        }
        list[o] = '\0';
    }
    return list;
}
