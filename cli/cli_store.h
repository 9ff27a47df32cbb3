/* Shared by the store and key commands. */
#ifndef CLI_STORE_H
#define CLI_STORE_H
#include <vigie/store.h>
int cli_parse_kdf(const char *v, vg_kdf_cost *out);
const char *cli_login_name(void);
#endif
