/* The check-in vocabulary in the user's language: one label per value of
 * each enum of vigie/checkin.h, used by the CLI and the exports alike. */
#include <string.h>
#include <vigie/checkin.h>

#include "util/i18n.h"

const char *vg_role_label(vg_role r)
{
    static const char *const labels[VG_ROLE_COUNT] = {
        N_("participant"),
        N_("team lead"),
        N_("next of kin"),
        N_("local partner"),
        N_("accommodation"),
        N_("local emergency services"),
        N_("insurer's assistance line"),
        N_("security focal point"),
        N_("embassy"),
        N_("crisis cell"),
        N_("Canada's Emergency Watch and Response Centre"),
    };
    return (unsigned)r < VG_ROLE_COUNT ? _(labels[r]) : "?";
}

const char *vg_checkin_status_label(vg_checkin_status s)
{
    switch (s) {
    case VG_CHECKIN_OK:
        return _("ok");
    case VG_CHECKIN_HELP:
        return _("help");
    case VG_CHECKIN_EMERGENCY:
        return _("emergency");
    }
    return "?";
}

const char *vg_checkin_source_label(const char *source)
{
    if (!source)
        return "";
    if (!strcmp(source, "manual"))
        return _("logged by hand");
    if (!strcmp(source, "code"))
        return _("field code");
    if (!strcmp(source, "card"))
        return _("check-in card");
    return source;
}

const char *vg_alert_kind_label(vg_alert_kind k)
{
    switch (k) {
    case VG_ALERT_HELP:
        return _("help requested");
    case VG_ALERT_EMERGENCY:
        return _("emergency");
    case VG_ALERT_DURESS:
        return _("duress");
    case VG_ALERT_GUESSING:
        return _("repeated wrong codes");
    case VG_ALERT_REVIEW:
        return _("to review");
    }
    return "?";
}
