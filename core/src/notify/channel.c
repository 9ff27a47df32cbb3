/* The outbound channels: SMTP through libcurl, and any command. */
#include "util/curl_lazy.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/notify.h>

#include "notify/notify_internal.h"
#include "util/i18n.h"
#include "util/text.h"

/* ---- SMTP ---- */

typedef struct {
    char *buf;
    size_t len, cap;
    int oom;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t nc = (b->len + n + 1) * 2;
        char *g = realloc(b->buf, nc);
        if (!g) {
            b->oom = 1;
            return;
        }
        b->buf = g;
        b->cap = nc;
    }
    memcpy(b->buf + b->len, s, n);
    b->len += n;
    b->buf[b->len] = 0;
}

static void sb_str(sbuf *b, const char *s)
{
    sb_add(b, s, strlen(s));
}

/* base64 of n bytes, lines of at most `line` characters joined by `sep`. */
static void sb_b64(sbuf *b, const unsigned char *p, size_t n, size_t chunk, const char *pre,
                   const char *post, const char *sep)
{
    size_t off = 0;
    int first = 1;
    if (!n) {
        sb_str(b, pre);
        sb_str(b, post);
        return;
    }
    while (off < n) {
        size_t take = n - off < chunk ? n - off : chunk;
        char enc[256];
        /* Never cut a UTF-8 sequence in an encoded word (RFC 2047 §5). */
        while (take < n - off && take > 1 && (p[off + take] & 0xC0) == 0x80)
            take--;
        sodium_bin2base64(enc, sizeof enc, p + off, take, sodium_base64_VARIANT_ORIGINAL);
        if (!first)
            sb_str(b, sep);
        sb_str(b, pre);
        sb_str(b, enc);
        sb_str(b, post);
        first = 0;
        off += take;
    }
}

static int ascii_only(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return 0;
    return 1;
}

static void rfc5322_date(char out[64], int64_t t)
{
    static const char *days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    snprintf(out, 64, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday,
             months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

typedef struct {
    const char *p;
    size_t left;
} reader;

static size_t read_cb(char *dst, size_t size, size_t nmemb, void *ud)
{
    reader *r = ud;
    size_t n = size * nmemb < r->left ? size * nmemb : r->left;
    memcpy(dst, r->p, n);
    r->p += n;
    r->left -= n;
    return n;
}

static void curl_init_once(void)
{
    static int done;
    if (!done) {
        curl_global_init(CURL_GLOBAL_DEFAULT);
        done = 1;
    }
}

int vg_smtp_send(const vg_smtp *s, const char *to, const char *subject, const char *body)
{
    sbuf m = {0};
    char date[64], hdr[600], mid[40], errbuf[CURL_ERROR_SIZE] = "";
    unsigned char rnd[12];
    CURL *c;
    CURLcode cc;
    struct curl_slist *rcpt = NULL;
    reader rd;
    int rc = VG_OK;

    if (!s->url || !*s->url)
        return vg_error_set(VG_ERROR, "%s", _("no SMTP server is set (vigie notify set smtp.url)"));
    if (!s->from || !vg_nt_email_ok(s->from))
        return vg_error_set(VG_ERROR, "%s",
                            _("no sender address is set (vigie notify set smtp.from)"));
    if (!vg_nt_email_ok(to))
        return vg_error_set(VG_EINVALID, _("\"%s\" is not an e-mail address"), to);
    if (strncmp(s->url, "smtp://", 7) && strncmp(s->url, "smtps://", 8))
        return vg_error_set(VG_EINVALID, "%s",
                            _("smtp.url: smtp://host:port (STARTTLS) or smtps://host:port"));

    rfc5322_date(date, vg_now());
    randombytes_buf(rnd, sizeof rnd);
    sodium_bin2hex(mid, sizeof mid, rnd, sizeof rnd);
    if (s->message_id && vg_nt_text_ok(s->message_id, 200) && !strpbrk(s->message_id, "<> "))
        snprintf(hdr, sizeof hdr,
                 "Date: %s\r\nFrom: Vigie <%s>\r\nTo: <%s>\r\nMessage-ID: <%s>\r\n", date, s->from,
                 to, s->message_id);
    else
        snprintf(hdr, sizeof hdr,
                 "Date: %s\r\nFrom: Vigie <%s>\r\nTo: <%s>\r\nMessage-ID: <%s@vigie>\r\n", date,
                 s->from, to, mid);
    sb_str(&m, hdr);
    sb_str(&m, "Subject: ");
    if (ascii_only(subject) && strlen(subject) < 900)
        sb_str(&m, subject);
    else
        sb_b64(&m, (const unsigned char *)subject, strlen(subject), 42, "=?UTF-8?B?",
               "?=", "\r\n ");
    sb_str(&m, "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
               "Content-Transfer-Encoding: base64\r\nAuto-Submitted: auto-generated\r\n\r\n");
    sb_b64(&m, (const unsigned char *)body, strlen(body), 57, "", "", "\r\n");
    sb_str(&m, "\r\n");
    if (m.oom) {
        free(m.buf);
        return VG_ENOMEM;
    }

    curl_init_once();
    if (!(c = curl_easy_init())) {
        free(m.buf);
        return VG_ENOMEM;
    }
    char from[300], rto[300];
    snprintf(from, sizeof from, "<%s>", s->from);
    snprintf(rto, sizeof rto, "<%s>", to);
    rcpt = curl_slist_append(NULL, rto);
    rd.p = m.buf;
    rd.left = m.len;
    curl_easy_setopt(c, CURLOPT_URL, s->url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (s->ca_file && *s->ca_file)
        curl_easy_setopt(c, CURLOPT_CAINFO, s->ca_file);
    if (s->user && *s->user) {
        curl_easy_setopt(c, CURLOPT_USERNAME, s->user);
        curl_easy_setopt(c, CURLOPT_PASSWORD, s->password ? s->password : "");
    }
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(c, CURLOPT_READDATA, &rd);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)m.len);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 15L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, s->timeout > 0 ? s->timeout : 30L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    cc = curl_easy_perform(c);
    if (cc != CURLE_OK)
        rc = vg_error_set(VG_ERROR, _("the SMTP server %s did not accept the message: %s"), s->url,
                          errbuf[0] ? errbuf : curl_easy_strerror(cc));
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(c);
    sodium_memzero(m.buf, m.len);
    free(m.buf);
    return rc;
}

/* ---- a command ---- */

#define MAX_WORDS 64

int vg_command_send(const char *command, const char *to, const char *text)
{
    char *copy, *argv[MAX_WORDS + 1], *save = NULL;
    int n = 0, has_text = 0, in[2] = {-1, -1}, status = 0, rc = VG_OK;
    pid_t pid;
    struct sigaction ign, old;

    if (!command || !*command)
        return vg_error_set(VG_ERROR, "%s",
                            _("no message command is set (vigie notify set sms.command)"));
    if (!(copy = strdup(command)))
        return VG_ENOMEM;
    for (char *w = strtok_r(copy, " \t", &save); w && n < MAX_WORDS;
         w = strtok_r(NULL, " \t", &save)) {
        if (!strcmp(w, "{to}"))
            argv[n++] = (char *)(to ? to : "");
        else if (!strcmp(w, "{text}")) {
            argv[n++] = (char *)text;
            has_text = 1;
        } else
            argv[n++] = w;
    }
    argv[n] = NULL;
    if (!n) {
        free(copy);
        return vg_error_set(VG_ERROR, "%s", _("the message command is empty"));
    }
    if (!has_text && pipe(in) != 0) {
        free(copy);
        return vg_error_set(VG_ERROR, "pipe: %s", strerror(errno));
    }
    pid = fork();
    if (pid < 0) {
        rc = vg_error_set(VG_ERROR, "fork: %s", strerror(errno));
        goto out;
    }
    if (pid == 0) {
        int devnull = open("/dev/null", O_RDWR);
        if (has_text) {
            dup2(devnull, 0);
        } else {
            dup2(in[0], 0);
            close(in[0]);
            close(in[1]);
        }
        dup2(devnull, 1);
        execvp(argv[0], argv);
        _exit(127);
    }
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ign, &old);
    if (!has_text) {
        size_t len = strlen(text), off = 0;
        close(in[0]);
        in[0] = -1;
        while (off < len) {
            ssize_t w = write(in[1], text + off, len - off);
            if (w <= 0 && errno != EINTR)
                break;
            if (w > 0)
                off += (size_t)w;
        }
        close(in[1]);
        in[1] = -1;
    }
    sigaction(SIGPIPE, &old, NULL);
    for (int waited = 0;; waited++) {
        pid_t w = waitpid(pid, &status, WNOHANG);
        if (w == pid)
            break;
        if (w < 0 && errno != EINTR) {
            rc = vg_error_set(VG_ERROR, "waitpid: %s", strerror(errno));
            goto out;
        }
        if (waited >= 600) { /* 60 s */
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            rc = vg_error_set(VG_ERROR, _("the message command %s took more than 60 s"), argv[0]);
            goto out;
        }
        struct timespec ts = {0, 100000000L};
        nanosleep(&ts, NULL);
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        rc = vg_error_set(VG_ERROR, _("the message command %s failed (exit status %d)"), argv[0],
                          WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
out:
    if (in[0] >= 0)
        close(in[0]);
    if (in[1] >= 0)
        close(in[1]);
    free(copy);
    return rc;
}

/* ---- the store's channels ---- */

int vg_nt_channels_load(vg_store *st, vg_nt_channels *c)
{
    int rc;
    memset(c, 0, sizeof *c);
    if ((rc = vg_notify_get(st, "smtp.url", &c->smtp_url)) != VG_OK ||
        (rc = vg_notify_get(st, "smtp.user", &c->smtp_user)) != VG_OK ||
        (rc = vg_notify_get(st, "smtp.password", &c->smtp_password)) != VG_OK ||
        (rc = vg_notify_get(st, "smtp.from", &c->smtp_from)) != VG_OK ||
        (rc = vg_notify_get(st, "smtp.ca-file", &c->smtp_ca)) != VG_OK ||
        (rc = vg_notify_get(st, "sms.command", &c->sms_command)) != VG_OK)
        vg_nt_channels_clear(c);
    return rc;
}

void vg_nt_channels_clear(vg_nt_channels *c)
{
    if (c->smtp_password)
        sodium_memzero(c->smtp_password, strlen(c->smtp_password));
    free(c->smtp_url);
    free(c->smtp_user);
    free(c->smtp_password);
    free(c->smtp_from);
    free(c->smtp_ca);
    free(c->sms_command);
    memset(c, 0, sizeof *c);
}

int vg_nt_send(const vg_nt_channels *c, const char *channel, const char *address,
               const char *subject, const char *body, const char *message_id)
{
    if (!strcmp(channel, "email")) {
        vg_smtp s = {c->smtp_url, c->smtp_user, c->smtp_password, c->smtp_from, c->smtp_ca,
                     0,           message_id};
        return vg_smtp_send(&s, address, subject, body);
    }
    if (!strcmp(channel, "sms")) {
        /* A text message: the subject says it all, the body follows. */
        size_t n = strlen(subject) + strlen(body) + 2;
        char *t = malloc(n);
        int rc;
        if (!t)
            return VG_ENOMEM;
        snprintf(t, n, "%s\n%s", subject, body);
        rc = vg_command_send(c->sms_command, address, t);
        sodium_memzero(t, n);
        free(t);
        return rc;
    }
    return vg_error_set(VG_EINVALID, "unknown channel %s", channel);
}

void vg_nt_short_name(char out[64], const char *name)
{
    const char *p = name ? name : "";
    size_t o = 0;
    while (*p == ' ')
        p++;
    while (*p && *p != ' ' && o < 40)
        out[o++] = *p++;
    while (*p == ' ')
        p++;
    if (*p && *p != ' ') {
        size_t clen = vg_utf8_decode((const unsigned char *)p, 4, NULL);
        if (clen == 0)
            clen = 1;
        out[o++] = ' ';
        for (size_t i = 0; i < clen && p[i]; i++)
            out[o++] = p[i];
        out[o++] = '.';
    }
    out[o] = 0;
}
