/* Shared by the field kit and check-in card commands (cmd_field.c). */
#ifndef CLI_FIELD_H
#define CLI_FIELD_H
#include <vigie/checkin.h>
#include <vigie/delegation.h>
#include <vigie/participant.h>
/* "ok", "help", "emergency" (and the French "aide", "urgence"); -1 if not. */
int cli_status_parse(const char *v, vg_checkin_status *out);
/* The English name for JSON ("ok", "help", "emergency"). */
const char *cli_status_name(vg_checkin_status s);
/* The name in the user's language, for messages. */
const char *cli_status_label(vg_checkin_status s);
/* A participant's name for messages ("-" once purged). */
const char *cli_person(const vg_participant *p);
#endif
