/* The process's own protection of the secrets it holds (review finding 12):
 * no core file (RLIMIT_CORE 0, soft and hard) and not dumpable
 * (PR_SET_DUMPABLE 0: no core either, and no ptrace or /proc/PID/mem from
 * other processes of the same user that lack CAP_SYS_PTRACE). SQLCipher keeps
 * the data key and decrypted pages in ordinary heap, which this protects. */
#include <sys/prctl.h>
#include <sys/resource.h>
#include <vigie/vigie.h>

int vg_harden_process(void)
{
    struct rlimit none = {0, 0};
    int rc = VG_OK;
    if (setrlimit(RLIMIT_CORE, &none) != 0)
        rc = VG_ERROR;
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
        rc = VG_ERROR;
    return rc;
}
