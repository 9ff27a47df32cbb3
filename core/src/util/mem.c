/* Growing arrays (util/mem.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <vigie/error.h>

#include "util/mem.h"

int vg_grow(void *array_ptr, size_t *cap, size_t need, size_t elem_size)
{
    void *old, *q;
    size_t ncap;
    if (need <= *cap)
        return VG_OK;
    ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return vg_error_oom();
        ncap *= 2;
    }
    if (elem_size && ncap > SIZE_MAX / elem_size)
        return vg_error_oom();
    /* the caller's T* read and written as bytes: no void ** aliasing */
    memcpy(&old, array_ptr, sizeof old);
    if (!(q = realloc(old, ncap * elem_size)))
        return vg_error_oom();
    memcpy(array_ptr, &q, sizeof q);
    *cap = ncap;
    return VG_OK;
}
