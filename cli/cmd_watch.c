/* watch [--once] [--status]: the unattended lookout. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <vigie/clock.h>
#include <vigie/error.h>
#include <vigie/notify.h>
#include <vigie/watch.h>

#include "cli.h"

typedef struct {
    const char *command; /* --alarm-command */
    vg_smtp smtp;        /* --alarm-email through --alarm-smtp */
    const char *email;
} alarm_conf;

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
    (void)sig;
    stop = 1;
}

/* Tell a person, without the store, that the watch cannot work (or works again). */
static int alarm_send(const alarm_conf *al, const char *problem, int resolved)
{
    char host[128] = "?", subject[300], body[900], when[32];
    int ok = 0, tried = 0;
    gethostname(host, sizeof host);
    host[sizeof host - 1] = 0;
    vg_time_format_utc(when, vg_now());
    if (resolved) {
        snprintf(subject, sizeof subject, _("[Vigie] The watch on %s works again"), host);
        snprintf(body, sizeof body, _("The watch on %s works again (%s).\n"), host, when);
    } else {
        snprintf(subject, sizeof subject, _("[Vigie] The watch on %s cannot work"), host);
        snprintf(body, sizeof body,
                 _("The watch on %s cannot do its job (%s): %s\n"
                   "Missed check-ins are NOT being followed until this is fixed: run "
                   "'vigie checkin status' by hand and 'vigie watch --status'.\n"),
                 host, when, problem);
    }
    if (al->command) {
        tried++;
        char text[1200];
        snprintf(text, sizeof text, "%s\n%s", subject, body);
        if (vg_command_send(al->command, NULL, text) == VG_OK)
            ok++;
        else
            cli_warn("%s", vg_error_last());
    }
    if (al->email) {
        tried++;
        if (vg_smtp_send(&al->smtp, al->email, subject, body) == VG_OK)
            ok++;
        else
            cli_warn("%s", vg_error_last());
    }
    if (!tried)
        cli_warn("%s", _("no alarm channel (--alarm-command, --alarm-email): nobody was told"));
    return ok > 0;
}

/* The same problem, whatever numbers it carries ("after 0 ms", "after 1 ms"). */
static int same_problem(const char *a, const char *b)
{
    for (;;) {
        while (*a >= '0' && *a <= '9')
            a++;
        while (*b >= '0' && *b <= '9')
            b++;
        if (*a != *b)
            return 0;
        if (!*a)
            return 1;
        a++;
        b++;
    }
}

/* One tick with everything around it: the store, the state, the alarm. */
static int one_tick(cli_ctx *ctx, const alarm_conf *al, int interval, int *failed)
{
    vg_watch_state prev, st_now;
    vg_watch_result r;
    vg_store *st = NULL;
    int64_t wall = (int64_t)time(NULL), boot, jump;
    char boot_id[40], problem[256] = "";
    int rc, have_prev;

    memset(&r, 0, sizeof r);
    have_prev = vg_watch_state_read(ctx->store_dir, &prev) == VG_OK;
    if (!have_prev)
        memset(&prev, 0, sizeof prev);
    vg_watch_boot(&boot, boot_id);
    jump = have_prev ? vg_watch_clock_jump(&prev, wall, boot, boot_id) : 0;

    ctx->interactive = 0; /* never prompt: nobody is there */
    rc = cli_open_store(ctx, &st);
    if (rc == VG_ELOCKED)
        snprintf(problem, sizeof problem, "%s",
                 _("the store is locked (after a reboot?): unlock it with 'vigie unlock --for' "
                   "the delegation's duration"));
    else if (rc != VG_OK)
        snprintf(problem, sizeof problem, _("cannot open the store: %s"), vg_error_last());
    else {
        rc = vg_watch_tick(st, ctx->data_dir, ctx->lang, &r);
        if (rc != VG_OK)
            snprintf(problem, sizeof problem, _("the tick failed: %s"), vg_error_last());
        else if (r.problem[0])
            snprintf(problem, sizeof problem, "%s", r.problem);
    }
    vg_store_close(st);
    if (!problem[0] && jump)
        snprintf(problem, sizeof problem, _("the system clock jumped by %lld s: check the time"),
                 (long long)jump);

    memset(&st_now, 0, sizeof st_now);
    st_now.last_tick = vg_now();
    st_now.wall = wall;
    st_now.boot_secs = boot;
    memcpy(st_now.boot_id, boot_id, sizeof boot_id);
    st_now.interval = interval;
    st_now.last_ok = problem[0] ? (have_prev ? prev.last_ok : 0) : st_now.last_tick;
    st_now.sent = r.nsent;
    st_now.failed = r.nfailed;
    st_now.logged = r.nlogged;
    st_now.overdue = r.noverdue;
    st_now.alerts = r.nalerts;
    snprintf(st_now.problem, sizeof st_now.problem, "%s", problem);
    if (have_prev) {
        st_now.alarmed = prev.alarmed;
        memcpy(st_now.alarmed_problem, prev.alarmed_problem, sizeof prev.alarmed_problem);
    }
    /* A person hears of a new problem at once, of a lasting one every 6 hours,
     * and when it is over. */
    if (problem[0] &&
        (!same_problem(problem, st_now.alarmed_problem) || wall - st_now.alarmed >= 6 * 3600)) {
        if (alarm_send(al, problem, 0)) {
            st_now.alarmed = wall;
            snprintf(st_now.alarmed_problem, sizeof st_now.alarmed_problem, "%s", problem);
        }
    } else if (!problem[0] && st_now.alarmed_problem[0]) {
        if (alarm_send(al, NULL, 1) || (!al->command && !al->email)) {
            st_now.alarmed = 0;
            st_now.alarmed_problem[0] = 0;
        }
    }
    if (vg_watch_state_write(ctx->store_dir, &st_now) != VG_OK) {
        char m[300];
        snprintf(m, sizeof m, _("cannot write the watch's state: %s"), vg_error_last());
        cli_error("%s", m);
        if (!problem[0])
            alarm_send(al, m, 0);
        *failed = 1;
    }
    if (problem[0]) {
        cli_error("%s", problem);
        *failed = 1;
    }
    if (ctx->json) {
        cli_json j;
        char t[32];
        json_init(&j, stdout);
        json_obj(&j);
        vg_time_format_utc(t, st_now.last_tick);
        json_kstr(&j, "at", t);
        json_kint(&j, "delegations", r.ndelegations);
        json_kint(&j, "messages_read", r.nmessages);
        json_kint(&j, "checkins_logged", r.nlogged);
        json_kint(&j, "unplaced", r.nunplaced);
        json_kint(&j, "events", r.nevents);
        json_kint(&j, "queued", r.nqueued);
        json_kint(&j, "sent", r.nsent);
        json_kint(&j, "failed", r.nfailed);
        json_kint(&j, "recovered", r.nrecovered);
        json_kint(&j, "resent", r.nresent);
        json_kint(&j, "overdue", r.noverdue);
        json_kint(&j, "alerts", r.nalerts);
        json_kstr(&j, "problem", problem[0] ? problem : NULL);
        json_end_obj(&j);
        json_done(&j);
    } else {
        char t[32];
        vg_time_format_utc(t, st_now.last_tick);
        printf(_("%s: %d delegation(s) watched, %d message(s) read (%d check-in(s) logged, %d "
                 "kept for you), %d notification(s) sent, %d failed; %d overdue, %d alert(s).\n"),
               t, r.ndelegations, r.nmessages, r.nlogged, r.nunplaced, r.nsent, r.nfailed,
               r.noverdue, r.nalerts);
        fflush(stdout);
    }
    return rc;
}

static int show_status(cli_ctx *ctx)
{
    vg_watch_state s;
    int rc = vg_watch_state_read(ctx->store_dir, &s), stale;
    int64_t now = vg_now();
    char t1[32] = "", t2[32] = "";
    if (rc == VG_ENOTFOUND) {
        cli_error("%s", _("the watch has never run on this store"));
        return EXIT_ERROR;
    }
    if (rc != VG_OK)
        return cli_fail(rc);
    stale = s.interval > 0 && now - s.last_tick > 2L * s.interval + 60;
    vg_time_format_utc(t1, s.last_tick);
    if (s.last_ok)
        vg_time_format_utc(t2, s.last_ok);
    if (ctx->json) {
        cli_json j;
        json_init(&j, stdout);
        json_obj(&j);
        json_kstr(&j, "last_tick", t1);
        json_kstr(&j, "last_ok", s.last_ok ? t2 : NULL);
        json_kint(&j, "interval_seconds", s.interval);
        json_kint(&j, "sent", s.sent);
        json_kint(&j, "failed", s.failed);
        json_kint(&j, "logged", s.logged);
        json_kint(&j, "overdue", s.overdue);
        json_kint(&j, "alerts", s.alerts);
        json_kstr(&j, "problem", s.problem[0] ? s.problem : NULL);
        json_kbool(&j, "stale", stale);
        json_end_obj(&j);
        json_done(&j);
    } else {
        printf(_("Last tick: %s (every %d min); last complete tick: %s.\n"), t1, s.interval / 60,
               s.last_ok ? t2 : _("never"));
        printf(_("It sent %d notification(s), %d failed; logged %d check-in(s); %d overdue, "
                 "%d alert(s).\n"),
               s.sent, s.failed, s.logged, s.overdue, s.alerts);
        if (s.problem[0])
            printf(_("Problem: %s\n"), s.problem);
        if (stale)
            printf("%s\n", _("The watch has not run for more than two intervals: is it stopped?"));
    }
    return s.problem[0] || stale ? EXIT_ERROR : EXIT_DONE;
}

static int cmd_watch(cli_ctx *ctx, cli_args *a)
{
    const char *iv = cli_opt_value(a, "interval");
    alarm_conf al = {0};
    int64_t interval = 300;
    int failed = 0;

    if (cli_flag(a, "status"))
        return show_status(ctx);
    if (iv && (vg_duration_parse(&interval, iv) != VG_OK || interval < 10 || interval > 86400))
        return cli_usage_error(a->cmd, "%s", _("--interval: a duration from 10s to 1d (5m, 90s)"));
    al.command = cli_opt_value(a, "alarm-command");
    al.email = cli_opt_value(a, "alarm-email");
    al.smtp.url = cli_opt_value(a, "alarm-smtp");
    al.smtp.from = cli_opt_value(a, "alarm-from");
    al.smtp.ca_file = cli_opt_value(a, "alarm-ca-file");
    if (al.email && !al.smtp.from)
        al.smtp.from = al.email;
    if (al.email && !al.smtp.url)
        return cli_usage_error(a->cmd, "%s", _("--alarm-email needs --alarm-smtp URL"));
    if (cli_flag(a, "once")) {
        one_tick(ctx, &al, (int)interval, &failed);
        return failed ? EXIT_ERROR : EXIT_DONE;
    }
    {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_term;
        sigaction(SIGTERM, &sa, NULL);
        sigaction(SIGINT, &sa, NULL);
    }
    while (!stop) {
        struct timespec ts;
        int64_t started = (int64_t)time(NULL), left;
        failed = 0;
        one_tick(ctx, &al, (int)interval, &failed);
        left = started + interval - (int64_t)time(NULL);
        while (!stop && left > 0) {
            ts.tv_sec = left > 1 ? 1 : left;
            ts.tv_nsec = 0;
            nanosleep(&ts, NULL);
            left = started + interval - (int64_t)time(NULL);
        }
    }
    return EXIT_DONE;
}

static const cli_opt watch_opts[] = {
    {"once", OPT_FLAG, NULL, N_("one tick, then exit (for cron or a systemd timer)")},
    {"status", OPT_FLAG, NULL, N_("what the watch last did and when (the store may be locked)")},
    {"interval", OPT_VALUE, "DURATION", N_("time between ticks (default 5m)")},
    {"alarm-command", OPT_VALUE, "COMMAND",
     N_("tell a person this way when the watch cannot work: a command, {text} replaced, "
        "else on its input")},
    {"alarm-email", OPT_VALUE, "ADDRESS", N_("tell this address when the watch cannot work")},
    {"alarm-smtp", OPT_VALUE, "URL", N_("the SMTP server for --alarm-email (smtp:// or smtps://)")},
    {"alarm-from", OPT_VALUE, "ADDRESS", N_("the sender of alarm e-mails")},
    {"alarm-ca-file", OPT_VALUE, "FILE", N_("a CA certificate to check the alarm SMTP server")},
    {NULL, 0, NULL, NULL},
};

const cli_cmd cli_cmds_watch[] = {
    {"watch", NULL, "",
     N_("the lookout: reads check-ins that arrive by themselves, notifies every escalation step"),
     0, 0, watch_opts, cmd_watch,
     N_("Each tick reads the inboxes (vigie notify set inbox.maildir|inbox.gammu|inbox.imap),\n"
        "logs the check-ins they carry, and for every delegation in the field notifies each\n"
        "ladder step, alert and end once, through the recipients' channels (vigie notify add).\n"
        "The store must be unlocked in the kernel keyring for the delegation's duration\n"
        "('vigie unlock --for 21d'); the passphrase is never stored. When the watch cannot\n"
        "work (store locked, server unreachable, disk full, clock jump) it tells a person\n"
        "through the --alarm-* channel, which needs no store. Exit 1 when the tick could not\n"
        "do its whole job. A notification is sent once, even when the watch is killed\n"
        "mid-send; only if its sender process dies too is it sent again, with the same\n"
        "Message-ID (VIGIE_MESSAGE_ID for a command). Systemd units and a cron line: see\n"
        "the README.")},
    {NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, NULL},
};
