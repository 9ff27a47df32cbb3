/* Work folders for outputs the user asked for: see workdir.h.
 *
 * A work folder "<store>/.export-XXXXXX" holds:
 *   lock     flock'ed (LOCK_EX) by the process that writes, for its life;
 *   out      the output (a file, or a folder of files);
 *   pending  the absolute name of the staged copy beside the target, written
 *            and synced before that copy is created;
 *   and libxlsxwriter's own temporary files.
 * A sweep takes the lock without waiting: if it gets it, the writer is gone
 * (the kernel drops a dead process's flocks), and both the folder and the
 * copy that `pending` names are removed. */
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <sodium.h>
#include <vigie/error.h>

#include "util/fileio.h"
#include "util/i18n.h"
#include "util/workdir.h"

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

#define WORK_PREFIX  ".export-"
#define STAGE_PREFIX ".vigie-tmp-"

struct vg_workdir {
    char *dir;
    int lockfd;
    char *staged;    /* the staged output: src itself, or a copy beside the target */
    int staged_copy; /* the staged output is a copy outside the work folder */
    int staged_dir;
};

const char *vg_workdir_dir(const vg_workdir *w)
{
    return w->dir;
}

int vg_workdir_open(vg_workdir **out, const char *parent)
{
    vg_workdir *w = calloc(1, sizeof *w);
    char *lock = NULL;
    int rc = VG_OK;
    *out = NULL;
    if (!w || !(w->dir = vg_path_join(parent, WORK_PREFIX "XXXXXX"))) {
        free(w);
        return vg_error_oom();
    }
    w->lockfd = -1;
    if (!mkdtemp(w->dir)) {
        rc = vg_error_set(VG_ERROR, _("cannot create a private folder in '%s': %s"), parent,
                          strerror(errno));
        free(w->dir);
        w->dir = NULL;
        goto done;
    }
    if (!(lock = vg_path_join(w->dir, "lock"))) {
        rc = vg_error_oom();
        goto done;
    }
    w->lockfd = open(lock, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (w->lockfd < 0 || flock(w->lockfd, LOCK_EX | LOCK_NB) != 0)
        rc = vg_error_set(VG_ERROR, _("cannot create a private folder in '%s': %s"), parent,
                          strerror(errno));
done:
    free(lock);
    if (rc != VG_OK) {
        vg_workdir_free(w);
        return rc;
    }
    *out = w;
    return VG_OK;
}

/* Remove a work folder: its folders of regular files and its files, the
 * lock last (a kill in the middle leaves a locked-no-more folder, which the
 * next sweep takes, or at worst an empty one). */
static void remove_tree2(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char *lock = vg_path_join(dir, "lock");
    if (d) {
        while ((e = readdir(d)) != NULL) {
            struct stat sb;
            char *p;
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || !strcmp(e->d_name, "lock"))
                continue;
            if (!(p = vg_path_join(dir, e->d_name)))
                continue;
            if (lstat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
                vg_rmdir_flat(p);
            else
                unlink(p);
            free(p);
        }
        closedir(d);
    }
    if (lock)
        unlink(lock);
    free(lock);
    rmdir(dir);
}

/* Remove a staged copy, given by its recorded name: only a ".vigie-tmp-*"
 * entry, a file or a folder of files. 1 if something was removed. */
static int remove_staged(const char *path)
{
    struct stat sb;
    const char *base = strrchr(path, '/');
    if (!base || strncmp(base + 1, STAGE_PREFIX, strlen(STAGE_PREFIX)) != 0 ||
        lstat(path, &sb) != 0)
        return 0;
    if (S_ISDIR(sb.st_mode)) {
        vg_rmdir_flat(path);
        return access(path, F_OK) != 0;
    }
    return S_ISREG(sb.st_mode) && unlink(path) == 0;
}

void vg_workdir_free(vg_workdir *w)
{
    if (!w)
        return;
    if (w->staged && w->staged_copy)
        remove_staged(w->staged);
    if (w->dir)
        remove_tree2(w->dir);
    if (w->lockfd >= 0)
        close(w->lockfd); /* after the folder is gone: a sweep never sees it half removed */
    free(w->staged);
    free(w->dir);
    free(w);
}

static char *dir_of(const char *path)
{
    char *copy = strdup(path), *d;
    if (!copy)
        return NULL;
    d = strdup(dirname(copy));
    free(copy);
    return d;
}

static int copy_file(const char *from, const char *to)
{
    unsigned char buf[65536];
    int in = open(from, O_RDONLY | O_CLOEXEC | O_NOFOLLOW), out = -1, rc = -1;
    if (in < 0)
        return -1;
    out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (out < 0)
        goto done;
    for (;;) {
        ssize_t n = read(in, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            goto done;
        if (n == 0)
            break;
        if (vg_write_all(out, buf, (size_t)n) != 0)
            goto done;
    }
    if (fsync(out) != 0)
        goto done;
    rc = 0;
done : {
    int e = errno;
    if (out >= 0 && close(out) != 0)
        rc = -1;
    close(in);
    errno = e;
}
    return rc;
}

static int copy_folder(const char *from, const char *to)
{
    DIR *d;
    struct dirent *e;
    int rc = 0;
    if (mkdir(to, 0700) != 0 || !(d = opendir(from)))
        return -1;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        char *a, *b;
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        a = vg_path_join(from, e->d_name);
        b = vg_path_join(to, e->d_name);
        rc = a && b ? copy_file(a, b) : (errno = ENOMEM, -1);
        free(a);
        free(b);
    }
    closedir(d);
    if (rc == 0)
        rc = vg_fsync_dir(to) == VG_OK ? 0 : -1;
    return rc;
}

/* Record the staged copy's name in the work folder, synced, before the copy
 * exists. */
static int record_pending(vg_workdir *w, const char *staged)
{
    char *p = vg_path_join(w->dir, "pending");
    int fd = -1, rc = -1;
    if (!p)
        return -1;
    fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0 && vg_write_all(fd, staged, strlen(staged)) == 0 && fsync(fd) == 0)
        rc = 0;
    if (fd >= 0 && close(fd) != 0)
        rc = -1;
    free(p);
    if (rc == 0 && vg_fsync_dir(w->dir) != VG_OK)
        rc = -1;
    return rc;
}

int vg_workdir_stage(vg_workdir *w, const char *src, const char *target)
{
    struct stat a, b, s;
    char *tdir = dir_of(target), *real = NULL, name[40];
    int rc = VG_OK;

    if (!tdir)
        return vg_error_oom();
    if (lstat(src, &s) != 0 || stat(w->dir, &a) != 0 || stat(tdir, &b) != 0) {
        rc = vg_error_set(VG_ERROR, _("cannot write '%s': %s"), target, strerror(errno));
        goto done;
    }
    w->staged_dir = S_ISDIR(s.st_mode);
    if (a.st_dev == b.st_dev) { /* rename() will do: no copy outside the store */
        if (!(w->staged = strdup(src)))
            rc = vg_error_oom();
        goto done;
    }
    if (!(real = realpath(tdir, NULL))) {
        rc = vg_error_set(VG_ERROR, _("cannot write '%s': %s"), target, strerror(errno));
        goto done;
    }
    snprintf(name, sizeof name, STAGE_PREFIX "%08x%08x", randombytes_random(),
             randombytes_random());
    if (!(w->staged = vg_path_join(real, name))) {
        rc = vg_error_oom();
        goto done;
    }
    if (record_pending(w, w->staged) != 0) {
        rc = vg_error_set(VG_ERROR, _("cannot write '%s': %s"), target, strerror(errno));
        goto done;
    }
    w->staged_copy = 1;
    if ((w->staged_dir ? copy_folder(src, w->staged) : copy_file(src, w->staged)) != 0 ||
        vg_fsync_dir(w->staged) != VG_OK)
        rc = vg_error_set(VG_ERROR, _("cannot write '%s': %s"), target, strerror(errno));
done:
    free(real);
    free(tdir);
    return rc;
}

static long rename2(const char *from, const char *to, unsigned flags)
{
#ifdef SYS_renameat2
    return syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, flags);
#else
    (void)from, (void)to, (void)flags;
    errno = ENOSYS;
    return -1;
#endif
}

static int publish_error(const char *target)
{
    return errno == EEXIST || errno == ENOTEMPTY
               ? vg_error_set(VG_EEXISTS, _("'%s' already exists (--force replaces it)"), target)
               : vg_error_set(VG_ERROR, _("cannot write '%s': %s"), target, strerror(errno));
}

int vg_workdir_publish(vg_workdir *w, const char *target, int replace)
{
    if (!w->staged)
        return vg_error_set(VG_EINVALID, "%s", _("nothing to write"));
    if (!w->staged_dir) {
        if (replace ? rename(w->staged, target) != 0 : link(w->staged, target) != 0)
            return publish_error(target);
        /* linked: the staged name goes with the work folder (vg_workdir_free) */
        if (replace) {
            free(w->staged);
            w->staged = NULL;
        }
        return vg_fsync_dir(target);
    }
    if (!replace || access(target, F_OK) != 0) {
        long r = rename2(w->staged, target, RENAME_NOREPLACE);
        if (r != 0 && (errno == ENOSYS || errno == EINVAL)) {
            /* no renameat2 here: rename() refuses a non-empty folder only */
            if (access(target, F_OK) == 0)
                errno = EEXIST;
            else
                r = rename(w->staged, target);
        }
        if (r != 0)
            return publish_error(target);
        free(w->staged);
        w->staged = NULL;
    } else {
        /* --force: swap the two folders in one step; the old one then has the
         * staged name, which the work folder (or a sweep) removes. */
        if (rename2(w->staged, target, RENAME_EXCHANGE) != 0)
            return publish_error(target);
    }
    return vg_fsync_dir(target);
}

int vg_workdir_sweep(const char *parent, void (*note)(const char *path, void *payload),
                     void *payload)
{
    DIR *d = opendir(parent);
    struct dirent *e;
    int n = 0;
    if (!d)
        return 0;
    while ((e = readdir(d)) != NULL) {
        char *dir = NULL, *lock = NULL, *pend = NULL;
        unsigned char *staged = NULL;
        size_t len = 0;
        struct stat sb;
        int fd = -1, stale = 0;
        if (strncmp(e->d_name, WORK_PREFIX, strlen(WORK_PREFIX)) != 0)
            continue;
        if (!(dir = vg_path_join(parent, e->d_name)) || !(lock = vg_path_join(dir, "lock")) ||
            !(pend = vg_path_join(dir, "pending")))
            goto next;
        if (lstat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
            goto next;
        fd = open(lock, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
        if (fd >= 0)
            stale = flock(fd, LOCK_EX | LOCK_NB) == 0;
        else /* being created, or killed while removed (empty), or an older vigie's */
            stale = errno == ENOENT && time(NULL) - sb.st_mtime > 60;
        if (!stale)
            goto next;
        if (vg_file_read(pend, PATH_MAX, &staged, &len) == VG_OK && len && staged[0] == '/' &&
            !memchr(staged, '\0', len) && remove_staged((const char *)staged) && note)
            note((const char *)staged, payload), n++;
        remove_tree2(dir);
        if (note)
            note(dir, payload);
        n++;
    next:
        if (fd >= 0)
            close(fd);
        free(staged);
        free(pend);
        free(lock);
        free(dir);
    }
    closedir(d);
    vg_error_clear();
    return n;
}
