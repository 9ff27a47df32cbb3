/* util/: the mechanisms every domain shares (growing arrays). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <vigie/error.h>

#include "util/mem.h"

/* Doubling from 8, room for what was asked, the contents kept. */
static void grow(void **state)
{
    int *v = NULL;
    size_t cap = 0;
    (void)state;
    assert_int_equal(VG_GROW(v, cap, 1), VG_OK);
    assert_int_equal(cap, 8);
    for (int i = 0; i < 8; i++)
        v[i] = i;
    assert_int_equal(VG_GROW(v, cap, 8), VG_OK); /* already room: nothing moves */
    assert_int_equal(cap, 8);
    assert_int_equal(VG_GROW(v, cap, 9), VG_OK);
    assert_int_equal(cap, 16);
    assert_int_equal(VG_GROW(v, cap, 100), VG_OK);
    assert_int_equal(cap, 128);
    for (int i = 0; i < 8; i++)
        assert_int_equal(v[i], i);
    free(v);
}

/* A size that overflows is refused without touching the array. */
static void overflow(void **state)
{
    int *v = NULL, *before;
    size_t cap = 0;
    (void)state;
    assert_int_equal(VG_GROW(v, cap, 4), VG_OK);
    before = v;
    assert_int_equal(VG_GROW(v, cap, SIZE_MAX / 2), VG_ENOMEM);
    assert_ptr_equal(v, before);
    assert_int_equal(cap, 8);
    assert_int_equal(VG_GROW(v, cap, SIZE_MAX), VG_ENOMEM);
    assert_ptr_equal(v, before);
    free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(grow),
        cmocka_unit_test(overflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
