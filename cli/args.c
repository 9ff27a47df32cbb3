#include <string.h>

#include "cli.h"

const char *cli_opt_value(const cli_args *a, const char *name)
{
    const char *v = NULL;
    for (int i = 0; i < a->nvals; i++)
        if (!strcmp(a->vals[i].name, name))
            v = a->vals[i].value; /* the last one wins */
    return v;
}

int cli_flag(const cli_args *a, const char *name)
{
    for (int i = 0; i < a->nvals; i++)
        if (!strcmp(a->vals[i].name, name))
            return 1;
    return 0;
}

int cli_opt_values(const cli_args *a, const char *name, const char **out, int max)
{
    int n = 0;
    for (int i = 0; i < a->nvals && n < max; i++)
        if (!strcmp(a->vals[i].name, name))
            out[n++] = a->vals[i].value;
    return n;
}
