/* The outbox's sends, each journalled outside the store so that a watch
 * killed mid-send neither loses nor repeats the message.
 *
 * A send runs in a child process (the sender) that holds an exclusive
 * flock on `<store>/outbox/<key>` from before it exists until it has
 * written the outcome there ("sent", or "failed <reason>") and synced it.
 * The watch marks the outbox row `sending` in the store before, `sent`
 * after. Killing the watch does not kill the sender: it finishes the SMTP
 * dialogue or the command and writes the outcome. A watch that restarts
 * and finds a row `sending` but not `sent` asks the journal
 * (vg_nt_journal_outcome): it waits for a sender still at work, then
 * records "sent" without sending again, or sends again after "failed".
 * Only when the sender itself died mid-send (killed with its process
 * group, a power cut) is the outcome unknown: the message is then sent
 * again under the same Message-ID (and the same VIGIE_MESSAGE_ID for a
 * command), so a duplicate is recognisable. The journal holds no personal
 * data: a key (the row number) and an outcome. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vigie/error.h>

#include "notify/notify_internal.h"
#include "util/i18n.h"

#define JOURNAL "outbox"

static int journal_path(const char *store_dir, const char *key, char *out, size_t cap, int mk)
{
    int n = snprintf(out, cap, "%s/%s", store_dir, JOURNAL);
    if (n < 0 || (size_t)n >= cap)
        return VG_ERROR;
    if (mk && mkdir(out, 0700) != 0 && errno != EEXIST)
        return VG_ERROR;
    if (!key)
        return VG_OK;
    n = snprintf(out, cap, "%s/%s/%s", store_dir, JOURNAL, key);
    return n < 0 || (size_t)n >= cap ? VG_ERROR : VG_OK;
}

/* The outcome written in an open journal file. */
static int read_outcome(int fd, char *err, size_t errcap)
{
    char buf[400];
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    if (n <= 0)
        return VG_NT_UNKNOWN;
    buf[n] = 0;
    buf[strcspn(buf, "\n")] = 0;
    if (!strcmp(buf, "sent"))
        return VG_NT_SENT;
    if (!strncmp(buf, "failed", 6)) {
        if (err)
            snprintf(err, errcap, "%s", buf[6] == ' ' ? buf + 7 : "");
        return VG_NT_FAILED;
    }
    return VG_NT_UNKNOWN;
}

int vg_nt_journal_outcome(const char *store_dir, const char *key, char *err, size_t errcap)
{
    char path[4096];
    int fd, out;
    if (journal_path(store_dir, key, path, sizeof path, 0) != VG_OK)
        return VG_NT_UNKNOWN;
    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
        return errno == ENOENT ? VG_NT_NONE : VG_NT_UNKNOWN;
    /* A sender still at work holds the lock: wait for its outcome (its
     * channel's own time limits bound the wait). */
    while (flock(fd, LOCK_SH) != 0 && errno == EINTR)
        ;
    out = read_outcome(fd, err, errcap);
    close(fd);
    return out;
}

void vg_nt_journal_forget(const char *store_dir, const char *key)
{
    char path[4096];
    if (journal_path(store_dir, key, path, sizeof path, 0) == VG_OK)
        unlink(path);
}

int vg_nt_journal_send(const char *store_dir, const char *key, const vg_nt_channels *c,
                       const char *channel, const char *address, const char *subject,
                       const char *body, const char *message_id)
{
    char path[4096], reason[400] = "";
    int fd = -1, status = 0, out;
    pid_t pid;

    if (journal_path(store_dir, key, path, sizeof path, 1) == VG_OK)
        fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0 || flock(fd, LOCK_EX) != 0) {
        /* No journal (a full disk, a read-only folder): send all the same;
         * a kill now could repeat this one message. */
        if (fd >= 0)
            close(fd);
        return vg_nt_send(c, channel, address, subject, body, message_id);
    }
    pid = fork();
    if (pid < 0) {
        close(fd);
        return vg_error_set(VG_ERROR, "fork: %s", strerror(errno));
    }
    if (pid == 0) {
        /* The sender: the lock came with the file; it is released when this
         * process exits, after the outcome is on disk. */
        int rc;
        char line[420];
        setenv("VIGIE_MESSAGE_ID", message_id ? message_id : key, 1);
        rc = vg_nt_send(c, channel, address, subject, body, message_id);
        int n = rc == VG_OK ? snprintf(line, sizeof line, "sent\n")
                            : snprintf(line, sizeof line, "failed %.400s\n", vg_error_last());
        if (n > (int)sizeof line - 1)
            n = (int)sizeof line - 1;
        if (pwrite(fd, line, (size_t)n, 0) == n)
            fsync(fd);
        _exit(rc == VG_OK ? 0 : 1);
    }
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    out = read_outcome(fd, reason, sizeof reason);
    close(fd);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return VG_OK;
    if (out == VG_NT_FAILED && reason[0])
        return vg_error_set(VG_ERROR, "%s", reason);
    return vg_error_set(VG_ERROR, _("the sender of message %s stopped before it finished"), key);
}
