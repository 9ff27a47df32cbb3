/* Private: a check-in card's row, shared by card_store.c and card_check.c. */
#ifndef VG_CARD_INTERNAL_H
#define VG_CARD_INTERNAL_H

#include <sqlcipher/sqlite3.h>
#include <stdint.h>
#include <vigie/card.h>

/* A card row with its secret, in guarded memory. */
typedef struct {
    int64_t id, participant_id, issued, revoked;
    uint32_t next_pos, wrong_streak;
    vg_card_layout layout;
    vg_secret *secret;
    char duress_used[256];                  /* positions used under duress, "6,18" */
    char duress_word[VG_CARD_WORD_MAX + 1]; /* folded; "" on an old card */
} card_row;

/* The columns vg_card_row_read expects, from table field_card as "c". */
#define CARD_COLUMNS                                                                               \
    "c.id, c.participant_id, c.issued, c.revoked, c.next_pos, c.wrong_streak, c.ncodes,"           \
    " c.nduress, c.duress_pos, c.secret, c.duress_used, c.duress_word"

/* Read a row selected with CARD_COLUMNS; VG_EINTEGRITY when damaged. */
int vg_card_row_read(sqlite3_stmt *s, card_row *c);
/* Check-in codes neither used nor skipped. */
uint32_t vg_card_row_left(const card_row *c);
void vg_card_row_free(card_row *c);
/* The codes left on the current card of every participant of delegation
 * `did` that has one, in one query (delegation ready: not one per
 * participant): *pids ascending, (*left)[i] for (*pids)[i], (*old)[i] 1 for
 * a card issued before the duress word (issue 12); all three to free.
 * VG_EINTEGRITY when a card row is damaged. */
int vg_card_left_all(vg_store *st, int64_t did, int64_t **pids, uint32_t **left,
                     unsigned char **old, size_t *n);

#endif
