/* The check-in vocabulary in the user's language: one label per value of
 * each enum of vigie/checkin.h, used by the CLI and the exports alike. */
#include <string.h>
#include <vigie/checkin.h>
#include <vigie/contact.h>

#include "util/i18n.h"

const char *vg_role_label(vg_role r)
{
    switch (r) {
    case VG_ROLE_PARTICIPANT:
        return _("participant");
    case VG_ROLE_LEAD:
        return _("team lead");
    case VG_ROLE_KIN:
        return _("next of kin");
    case VG_ROLE_INSURER:
        return _("insurer's assistance line");
    case VG_ROLE_EWRC:
        return _("Canada's Emergency Watch and Response Centre");
    case VG_ROLE_PARTNER:
    case VG_ROLE_ACCOMMODATION:
    case VG_ROLE_EMERGENCY_SERVICE:
    case VG_ROLE_FOCAL_POINT:
    case VG_ROLE_EMBASSY:
    case VG_ROLE_CRISIS_CELL:
        /* the roles a delegation's contacts have: their one label */
        return vg_contact_role_label(vg_role_name(r));
    default:
        return "?";
    }
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
