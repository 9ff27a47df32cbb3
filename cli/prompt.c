/* Prompts on the terminal. Echo is turned off for secrets and restored on
 * every path, including Ctrl-C and termination (the handler restores the
 * terminal, then lets the signal kill the process as usual). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <sodium.h>
#include <vigie/error.h>

#include "cli.h"

static int tty_fd = -1;
static struct termios saved;
static volatile sig_atomic_t echo_off;

static void restore_tty(void)
{
    if (echo_off && tty_fd >= 0) {
        tcsetattr(tty_fd, TCSAFLUSH, &saved);
        echo_off = 0;
    }
}

static void on_signal(int sig)
{
    restore_tty();
    if (tty_fd >= 0)
        (void)!write(tty_fd, "\n", 1);
    signal(sig, SIG_DFL);
    raise(sig);
}

static int open_tty(void)
{
    if (tty_fd < 0)
        tty_fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    return tty_fd;
}

/* Read one line from the terminal into `buf` (at most `cap`-1 bytes). */
static int tty_line(char *buf, size_t cap, const char *prompt, int secret)
{
    size_t n = 0;
    struct sigaction sa, old_int, old_term, old_hup;
    int fd = open_tty(), rc = VG_OK;

    if (fd < 0)
        return vg_error_set(VG_EAUTH, "%s", _("no terminal to ask on"));
    (void)!write(fd, prompt, strlen(prompt));
    if (secret) {
        struct termios t;
        if (tcgetattr(fd, &saved) != 0)
            return vg_error_set(VG_EAUTH, "%s", _("no terminal to ask on"));
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigaction(SIGINT, &sa, &old_int);
        sigaction(SIGTERM, &sa, &old_term);
        sigaction(SIGHUP, &sa, &old_hup);
        t = saved;
        t.c_lflag &= (tcflag_t) ~(ECHO | ECHONL);
        t.c_lflag |= ICANON;
        echo_off = 1;
        tcsetattr(fd, TCSAFLUSH, &t);
    }
    for (;;) {
        char c;
        ssize_t r = read(fd, &c, 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            if (n == 0)
                rc = vg_error_set(VG_EAUTH, "%s", _("nothing was entered"));
            break;
        }
        if (c == '\n' || c == '\r')
            break;
        if (n + 1 < cap)
            buf[n++] = c;
    }
    buf[n] = '\0';
    if (secret) {
        restore_tty();
        (void)!write(fd, "\n", 1);
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGTERM, &old_term, NULL);
        sigaction(SIGHUP, &old_hup, NULL);
    }
    return rc;
}

int cli_read_secret(vg_secret **out, const char *prompt)
{
    vg_secret *buf = NULL;
    int rc;
    *out = NULL;
    if ((rc = vg_secret_new(&buf, 1024)) != VG_OK)
        return rc;
    rc = tty_line((char *)vg_secret_data(buf), 1024, prompt, 1);
    if (rc == VG_OK) {
        vg_secret_truncate(buf, strlen((char *)vg_secret_data(buf)));
        *out = buf;
        return VG_OK;
    }
    vg_secret_free(buf);
    return rc;
}

char *cli_read_line(const char *prompt)
{
    char buf[4096];
    if (tty_line(buf, sizeof buf, prompt, 0) != VG_OK)
        return NULL;
    return strdup(buf);
}

int cli_env_secret(vg_secret **out, const char *env)
{
    char *v = getenv(env);
    int rc;
    *out = NULL;
    if (!v)
        return VG_ENOTFOUND;
    rc = vg_secret_from(out, v, strlen(v));
    /* Wipe it where it lives so that /proc/<pid>/environ no longer shows it. */
    sodium_memzero(v, strlen(v));
    unsetenv(env);
    return rc;
}

int cli_new_passphrase(vg_secret **out, const cli_ctx *ctx, const char *env)
{
    vg_secret *a = NULL, *b = NULL;
    int rc;
    (void)ctx;
    *out = NULL;
    if (cli_env_secret(&a, env) == VG_OK) {
        *out = a;
        return VG_OK;
    }
    if (open_tty() < 0)
        return vg_error_set(VG_EAUTH, _("no terminal to ask for the new passphrase: set %s"), env);
    for (int tries = 0; tries < 3; tries++) {
        size_t chars = 0;
        if ((rc = cli_read_secret(&a, _("New passphrase (at least 12 characters): "))) != VG_OK)
            return rc;
        /* too short: said at once, before it is typed a second time */
        for (size_t i = 0; i < vg_secret_len(a); i++)
            chars += (((const unsigned char *)vg_secret_data(a))[i] & 0xc0) != 0x80;
        if (chars < VG_PASSPHRASE_MIN) {
            vg_secret_free(a);
            a = NULL;
            cli_note(_("the passphrase is too short: at least %d characters; try again"),
                     VG_PASSPHRASE_MIN);
            continue;
        }
        if ((rc = cli_read_secret(&b, _("The same again: "))) != VG_OK) {
            vg_secret_free(a);
            return rc;
        }
        if (vg_secret_equal(a, b)) {
            vg_secret_free(b);
            *out = a;
            return VG_OK;
        }
        vg_secret_free(a);
        vg_secret_free(b);
        a = b = NULL;
        cli_note("%s", _("the two passphrases differ; try again"));
    }
    return vg_error_set(VG_EAUTH, "%s",
                        _("no passphrase after three tries (too short, or the two differed)"));
}

int cli_confirm(const char *question, int dflt)
{
    char *ans;
    int yes = dflt;
    if (open_tty() < 0 || !isatty(STDIN_FILENO))
        return dflt;
    ans = cli_read_line(question);
    if (ans && *ans)
        yes = strchr("yYoO", ans[0]) != NULL;
    free(ans);
    return yes;
}
