/* Private: where a file the user asked for (an export, a PDF) is written
 * before it is complete, and how it reaches its name (review finding 10).
 *
 *   vg_workdir_open    a private folder ".export-XXXXXX" (0700) inside the
 *                      store folder, locked (flock) for as long as it lives;
 *                      the writer puts its partial output there, never
 *                      beside the target;
 *   vg_workdir_stage   the complete output is put beside the target under a
 *                      ".vigie-tmp-*" name (O_EXCL, 0600, fsync), or left
 *                      where it is when the target is on the same file
 *                      system; the staged name is recorded in the work
 *                      folder BEFORE it is created;
 *   (the caller commits its audit entry here: audit first)
 *   vg_workdir_publish the staged output takes the target's name (link or
 *                      renameat2: an existing name is never replaced unless
 *                      asked), and the folder is synced;
 *   vg_workdir_free    removes the work folder and any staged copy left.
 *
 * A process killed at any point leaves only a locked-no-more work folder
 * (and, at most, the staged copy it names): vg_workdir_sweep, run at the
 * start of every export and by `vigie check`, removes both. So no partial
 * file ever carries the target's name, and no plaintext stays beside it
 * beyond the next start. */
#ifndef VG_WORKDIR_H
#define VG_WORKDIR_H

typedef struct vg_workdir vg_workdir;

/* A new locked work folder in `parent` (the store folder). */
int vg_workdir_open(vg_workdir **out, const char *parent);

/* The work folder's path (owned by w). */
const char *vg_workdir_dir(const vg_workdir *w);

/* Make the complete output `src` (a regular file, or a folder of regular
 * files, inside the work folder) ready to take the name `target`. */
int vg_workdir_stage(vg_workdir *w, const char *src, const char *target);

/* Give the staged output the name `target`. With `replace` 0 an existing
 * name is never replaced (VG_EEXISTS); with 1 a file replaces a file and a
 * folder a folder (the caller checked what the old one holds). */
int vg_workdir_publish(vg_workdir *w, const char *target, int replace);

/* Remove the work folder, whatever is left in it and a staged copy that was
 * not published; release the lock. Accepts NULL. */
void vg_workdir_free(vg_workdir *w);

/* Remove the work folders in `parent` that no running process holds, and
 * the staged copies they name; note(path) for each removed. The count. */
int vg_workdir_sweep(const char *parent, void (*note)(const char *path, void *payload),
                     void *payload);

#endif
