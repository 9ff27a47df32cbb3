#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>
#include <vigie/error.h>

#include "util/fileio.h"
#include "util/i18n.h"

char *vg_path_join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char *p = malloc(a + b + 2);
    if (!p)
        return NULL;
    memcpy(p, dir, a);
    p[a] = '/';
    memcpy(p + a + 1, name, b + 1);
    return p;
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

int vg_fsync_dir(const char *path)
{
    struct stat sb;
    char *d = NULL;
    int fd, rc = VG_OK;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
        d = strdup(path);
    else
        d = dir_of(path);
    if (!d)
        return vg_error_oom();
    fd = open(d, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || fsync(fd) != 0)
        rc = vg_error_set(VG_ERROR, _("cannot sync folder '%s': %s"), d, strerror(errno));
    if (fd >= 0)
        close(fd);
    free(d);
    return rc;
}

int vg_write_all(int fd, const void *buf, size_t len)
{
    const unsigned char *p = buf;
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

int vg_atomic_open(const char *path, char **tmp_out, int *fd_out)
{
    char *dir = dir_of(path), *tmp = NULL;
    char name[40];
    int fd;

    *tmp_out = NULL;
    *fd_out = -1;
    if (!dir)
        return vg_error_oom();
    snprintf(name, sizeof name, ".vigie-tmp-%08x%08x", randombytes_random(), randombytes_random());
    tmp = vg_path_join(dir, name);
    free(dir);
    if (!tmp)
        return vg_error_oom();
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        int rc = vg_error_set(VG_ERROR, _("cannot create a file beside '%s': %s"), path,
                              strerror(errno));
        free(tmp);
        return rc;
    }
    *tmp_out = tmp;
    *fd_out = fd;
    return VG_OK;
}

void vg_atomic_abort(char *tmp, int fd)
{
    if (fd >= 0)
        close(fd);
    if (tmp)
        unlink(tmp);
    free(tmp);
}

int vg_atomic_commit(const char *path, char *tmp, int fd, int replace)
{
    int rc;
    if (fsync(fd) != 0 || close(fd) != 0) {
        rc = vg_error_set(VG_ERROR, _("cannot write '%s': %s"), path, strerror(errno));
        fd = -1;
        goto fail;
    }
    fd = -1;
    if (replace) {
        if (rename(tmp, path) != 0) {
            rc = vg_error_set(VG_ERROR, _("cannot write '%s': %s"), path, strerror(errno));
            goto fail;
        }
    } else {
        /* link() fails if the name exists: no window in which an existing
         * file could be replaced. */
        if (link(tmp, path) != 0) {
            rc = errno == EEXIST
                     ? vg_error_set(VG_EEXISTS, _("'%s' already exists"), path)
                     : vg_error_set(VG_ERROR, _("cannot write '%s': %s"), path, strerror(errno));
            goto fail;
        }
        unlink(tmp);
    }
    free(tmp);
    return vg_fsync_dir(path);
fail:
    vg_atomic_abort(tmp, fd);
    return rc;
}

int vg_file_write_atomic(const char *path, const void *data, size_t len, int replace)
{
    char *tmp = NULL;
    int fd = -1, rc;
    if (!replace && access(path, F_OK) == 0)
        return vg_error_set(VG_EEXISTS, _("'%s' already exists"), path);
    if ((rc = vg_atomic_open(path, &tmp, &fd)) != VG_OK)
        return rc;
    if (vg_write_all(fd, data, len) != 0) {
        rc = vg_error_set(VG_ERROR, _("cannot write '%s': %s"), path, strerror(errno));
        vg_atomic_abort(tmp, fd);
        return rc;
    }
    return vg_atomic_commit(path, tmp, fd, replace);
}

int vg_file_read(const char *path, size_t max, unsigned char **out, size_t *out_len)
{
    struct stat sb;
    unsigned char *buf = NULL;
    size_t got = 0;
    int fd, rc = VG_ERROR;

    *out = NULL;
    *out_len = 0;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return vg_error_set(VG_ENOTFOUND, _("'%s' does not exist"), path);
        return vg_error_set(VG_ERROR, _("cannot read '%s': %s"), path, strerror(errno));
    }
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        rc = vg_error_set(VG_EINVALID, _("'%s' is not a regular file"), path);
        goto done;
    }
    if ((uint64_t)sb.st_size > max) {
        rc = vg_error_set(VG_EINVALID, _("'%s' is too large (%lld bytes, at most %zu)"), path,
                          (long long)sb.st_size, max);
        goto done;
    }
    buf = malloc((size_t)sb.st_size + 1);
    if (!buf) {
        rc = vg_error_oom();
        goto done;
    }
    while (got < (size_t)sb.st_size) {
        ssize_t n = read(fd, buf + got, (size_t)sb.st_size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            rc = vg_error_set(VG_ERROR, _("cannot read '%s': %s"), path, strerror(errno));
            goto done;
        }
        if (n == 0)
            break;
        got += (size_t)n;
    }
    buf[got] = '\0';
    *out = buf;
    *out_len = got;
    buf = NULL;
    rc = VG_OK;
done:
    free(buf);
    close(fd);
    return rc;
}

int vg_mkdir_private(const char *dir)
{
    char *copy = strdup(dir);
    int rc = VG_OK;
    if (!copy)
        return vg_error_oom();
    for (char *p = copy + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(copy, 0700) != 0 && errno != EEXIST) {
            rc = vg_error_set(VG_ERROR, _("cannot create folder '%s': %s"), copy, strerror(errno));
            goto done;
        }
        *p = '/';
    }
    if (mkdir(copy, 0700) != 0 && errno != EEXIST)
        rc = vg_error_set(VG_ERROR, _("cannot create folder '%s': %s"), copy, strerror(errno));
done:
    free(copy);
    return rc;
}

void vg_rmdir_flat(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    if (d) {
        while ((e = readdir(d)) != NULL) {
            char *p;
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            p = vg_path_join(dir, e->d_name);
            if (p)
                unlink(p);
            free(p);
        }
        closedir(d);
    }
    rmdir(dir);
}
