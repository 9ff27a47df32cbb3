/* Private: what tests and the fuzz harness reach inside the assessment module. */
#ifndef VG_ASSESSMENT_INTERNAL_H
#define VG_ASSESSMENT_INTERNAL_H
#include <stddef.h>

/* Decode the signed content of a sign-off (the layout at the top of
 * model/assessment.c) from untrusted bytes and free it: VG_OK or
 * VG_EINTEGRITY, never a crash. */
int vg_assessment_content_check(const unsigned char *p, size_t len);

#endif
