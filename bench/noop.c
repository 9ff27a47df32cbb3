/* Baseline: a process linked to the same libraries as vigie that starts,
 * initialises libsodium and exits. The floor of any vigie command. */
#include <sodium.h>
#include <sqlcipher/sqlite3.h>
#include <xlsxwriter.h>
#include <yaml.h>

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    /* reference each library so the linker keeps it */
    return sqlite3_libversion_number() > 0 && yaml_get_version_string() && LXW_VERSION[0] ? 0 : 1;
}
