/* Private: careful file I/O. */
#ifndef VG_FILEIO_H
#define VG_FILEIO_H

#include <stddef.h>

/* Write `len` bytes to `path` atomically: a temporary file in the same folder
 * (O_CREAT|O_EXCL|O_NOFOLLOW, mode 0600), fsync, rename, fsync of the folder.
 * With `replace` 0 an existing file is never replaced (VG_EEXISTS), even if
 * it appears while writing. */
int vg_file_write_atomic(const char *path, const void *data, size_t len, int replace);

/* The same in steps, for writers that stream: open a private temporary file
 * beside `path` (*tmp_out to free), write to *fd_out, then commit (fsync,
 * rename or link, fsync folder) or abort (close and unlink). Both free tmp. */
int vg_atomic_open(const char *path, char **tmp_out, int *fd_out);
int vg_atomic_commit(const char *path, char *tmp, int fd, int replace);
void vg_atomic_abort(char *tmp, int fd);
int vg_write_all(int fd, const void *p, size_t len);

/* Read a whole regular file of at most `max` bytes (VG_EINVALID if larger;
 * VG_ENOTFOUND if missing). The caller frees *out with free(). */
int vg_file_read(const char *path, size_t max, unsigned char **out, size_t *out_len);

/* fsync the folder that holds `path` (or `path` itself if it is a folder). */
int vg_fsync_dir(const char *path);

/* Create `dir` with mode 0700 (and its parents with 0700 if missing). */
int vg_mkdir_private(const char *dir);

/* "dir/name", newly allocated. */
char *vg_path_join(const char *dir, const char *name);

/* Remove a folder and the regular files directly in it (for cleanup of a
 * temporary folder that vigie created itself). */
void vg_rmdir_flat(const char *dir);

/* The folder of the running binary, from /proc/self/exe; "" if unknown. */
const char *vg_exe_dir(void);

#endif
