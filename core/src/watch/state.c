/* watch.state: what the watch last did, beside the store, readable while
 * the store is locked. Lines "key value"; no personal data (counts, times
 * and the problem's one-line message, which names servers and folders,
 * never people). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <vigie/error.h>
#include <vigie/watch.h>

#include "util/fileio.h"
#include "util/i18n.h"

#define STATE_FILE "watch.state"

static void clean_line(char *dst, size_t cap, const char *src)
{
    size_t o = 0;
    for (; src && *src && o + 1 < cap; src++)
        dst[o++] = (*src == '\n' || *src == '\r') ? ' ' : *src;
    dst[o] = 0;
}

/* On a full disk no new file can be made, but the state's last copy has
 * room for the new one (a few hundred bytes in its block): write it there,
 * so that the watch still knows whom it alarmed and tells them when the
 * disk has room again. Not atomic; the reader skips a line it cannot read. */
static int overwrite(const char *path, const char *buf, size_t n)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC), ok;
    if (fd < 0)
        return -1;
    ok = pwrite(fd, buf, n, 0) == (ssize_t)n && ftruncate(fd, (off_t)n) == 0 && fsync(fd) == 0;
    close(fd);
    return ok ? 0 : -1;
}

int vg_watch_state_write(const char *store_dir, const vg_watch_state *s)
{
    char buf[2048], problem[256], alarmed[256], *path;
    int n, rc;
    clean_line(problem, sizeof problem, s->problem);
    clean_line(alarmed, sizeof alarmed, s->alarmed_problem);
    n = snprintf(
        buf, sizeof buf,
        "format vigie-watch-state 1\nlast_tick %lld\nwall %lld\nlast_ok %lld\nboot_secs %lld\n"
        "boot_id %s\ninterval %d\nsent %d\nfailed %d\nlogged %d\noverdue %d\n"
        "alerts %d\nalarmed %lld\nproblem %s\nalarmed_problem %s\n",
        (long long)s->last_tick, (long long)s->wall, (long long)s->last_ok, (long long)s->boot_secs,
        s->boot_id[0] ? s->boot_id : "-", s->interval, s->sent, s->failed, s->logged, s->overdue,
        s->alerts, (long long)s->alarmed, problem, alarmed);
    if (!(path = vg_path_join(store_dir, STATE_FILE)))
        return VG_ENOMEM;
    rc = vg_file_write_atomic(path, buf, (size_t)n, 1);
    if (rc != VG_OK && overwrite(path, buf, (size_t)n) == 0)
        rc = VG_OK; /* a full disk: the old file's own block took it */
    free(path);
    return rc;
}

int vg_watch_state_read(const char *store_dir, vg_watch_state *out)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    char *path = vg_path_join(store_dir, STATE_FILE), *line, *save = NULL;
    int rc;
    memset(out, 0, sizeof *out);
    if (!path)
        return VG_ENOMEM;
    rc = vg_file_read(path, 8192, &buf, &len);
    free(path);
    if (rc != VG_OK)
        return rc;
    char *text = malloc(len + 1);
    if (!text) {
        free(buf);
        return VG_ENOMEM;
    }
    memcpy(text, buf, len);
    text[len] = 0;
    free(buf);
    for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *v = strchr(line, ' ');
        if (!v)
            continue;
        *v++ = 0;
        if (!strcmp(line, "last_tick"))
            out->last_tick = strtoll(v, NULL, 10);
        else if (!strcmp(line, "wall"))
            out->wall = strtoll(v, NULL, 10);
        else if (!strcmp(line, "last_ok"))
            out->last_ok = strtoll(v, NULL, 10);
        else if (!strcmp(line, "boot_secs"))
            out->boot_secs = strtoll(v, NULL, 10);
        else if (!strcmp(line, "boot_id"))
            snprintf(out->boot_id, sizeof out->boot_id, "%s", strcmp(v, "-") ? v : "");
        else if (!strcmp(line, "interval"))
            out->interval = atoi(v);
        else if (!strcmp(line, "sent"))
            out->sent = atoi(v);
        else if (!strcmp(line, "failed"))
            out->failed = atoi(v);
        else if (!strcmp(line, "logged"))
            out->logged = atoi(v);
        else if (!strcmp(line, "overdue"))
            out->overdue = atoi(v);
        else if (!strcmp(line, "alerts"))
            out->alerts = atoi(v);
        else if (!strcmp(line, "alarmed"))
            out->alarmed = strtoll(v, NULL, 10);
        else if (!strcmp(line, "problem"))
            snprintf(out->problem, sizeof out->problem, "%s", v);
        else if (!strcmp(line, "alarmed_problem"))
            snprintf(out->alarmed_problem, sizeof out->alarmed_problem, "%s", v);
    }
    free(text);
    return VG_OK;
}

void vg_watch_boot(int64_t *boot_secs, char boot_id[40])
{
    struct timespec ts;
    FILE *f;
    *boot_secs = clock_gettime(CLOCK_BOOTTIME, &ts) == 0 ? (int64_t)ts.tv_sec : 0;
    boot_id[0] = 0;
    if ((f = fopen("/proc/sys/kernel/random/boot_id", "r"))) {
        if (fgets(boot_id, 40, f))
            boot_id[strcspn(boot_id, "\n")] = 0;
        fclose(f);
    }
}

int64_t vg_watch_clock_jump(const vg_watch_state *prev, int64_t wall, int64_t boot_secs,
                            const char *boot_id)
{
    int64_t dwall, dboot, jump;
    if (!prev->wall || !prev->boot_id[0] || !boot_id[0] || strcmp(prev->boot_id, boot_id))
        return 0;
    dwall = wall - prev->wall;
    dboot = boot_secs - prev->boot_secs;
    jump = dwall - dboot;
    return jump > 120 || jump < -120 ? jump : 0;
}
