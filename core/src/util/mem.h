/* Private: growing arrays, one way (git's ALLOC_GROW).
 *
 *   if (VG_GROW(list, cap, n + 1) != VG_OK) ...out of memory...
 *   list[n++] = item;
 *
 * makes room for at least `need` elements, doubling the capacity (from 8),
 * with the multiplication checked for overflow. On failure the array and
 * its capacity are untouched and VG_ENOMEM is returned (with the static
 * out-of-memory error). */
#ifndef VG_MEM_H
#define VG_MEM_H

#include <stddef.h>

int vg_grow(void *array_ptr, size_t *cap, size_t need, size_t elem_size);

#define VG_GROW(array, cap, need) vg_grow(&(array), &(cap), (need), sizeof *(array))

#endif
