#!/usr/bin/env bash
# The watch on a full disk: the store on a small filesystem of its own (a
# 4 MiB tmpfs; where mounting is not allowed, a file-size limit instead), a
# help alert logged, then the disk filled to the last byte. The watch cannot
# record what it would send, so it sends nothing it could not record; it
# tells a person through the alarm channel (which needs no store) with a
# clear reason, exits 1, and leaves the store whole (vigie check). Once
# there is room again, the next tick sends the alert exactly once and the
# alarm says the watch works again.
. "$(dirname "$0")/lib.sh"
. "$VIGIE_SOURCE_DIR/tests/tools/smtp_env.sh"
smtp_env
mkdir -p "$T/disk"
MODE=fsize
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=4m,mode=0700 vigie-test "$T/disk" 2>/dev/null; then
  MODE=tmpfs
fi
echo "full disk by: $MODE"
bye() {
  stop_smtp
  if [ -f "$VIGIE_STORE/vigie.keys" ]; then "$VIGIE" lock >/dev/null 2>&1 || true; fi
  [ "$MODE" = tmpfs ] && umount "$T/disk"
  cleanup
}
trap bye EXIT
export VIGIE_STORE="$T/disk/store"
new_store
"$VIGIE" unlock --for 30m >/dev/null 2>&1 || true

start_smtp
cat >"$T/alarm.sh" <<EOF
#!/bin/sh
cat >> "$T/alarm.txt"
EOF
chmod +x "$T/alarm.sh"

S=perou-2025
VIGIE_NOW=2025-07-01T12:00:00Z expect 0 delegation add $S --name "Pérou 2025" --country PE \
  --start 2025-07-10 --end 2025-07-27
expect 0 participant add $S --name "Hélène Gagnon" --local-sim "+51 900 000 001"
expect 0 checkin plan $S --daily 20:00 --grace 30
expect 0 notify add "Nadia Coordo" --role coordinator --email nadia@example.org --language fr
expect 0 notify set smtp.url "smtp://localhost:$PORT"
expect 0 notify set smtp.from vigie@example.org
expect 0 notify set smtp.ca-file "$T/cert.pem"
WATCH="watch --once --alarm-command $T/alarm.sh"
VIGIE_NOW=2025-07-10T12:00:00Z expect 0 $WATCH
VIGIE_NOW=2025-07-10T21:00:00Z expect 4 checkin log $S --participant Hélène --status help

ls "$SINK" >"$T/before.txt"
# ---- the disk fills up ----
if [ "$MODE" = tmpfs ]; then
  dd if=/dev/zero of="$T/disk/filler" bs=16k >/dev/null 2>&1
  check "the filesystem is full" bash -c "[ \$(df --output=avail -B1 $T/disk | tail -1) -lt 16384 ]"
  full() { "$@"; }
else
  # no filesystem of our own: no file may grow past its size now
  LIMIT=$(($(du -k "$VIGIE_STORE/vigie.db" | cut -f1) / 1 + 1))
  full() { (trap '' XFSZ; ulimit -f "$LIMIT"; "$@"); }
fi
OUT=$(VIGIE_NOW=2025-07-10T21:02:00Z full "$VIGIE" $WATCH 2>"$T/err.txt")
RC=$?
ERR=$(cat "$T/err.txt")
if [ "$RC" = 1 ]; then ok; else ko "full disk: the watch exited $RC, expected 1"; fi
check "the alarm went out without the store" grep -q "cannot work" "$T/alarm.txt"
check "the alarm says why: the disk is full" grep -qiE "disk is full|no space left|file too large" "$T/alarm.txt"
check "the error says so too" grep -qiE 'disk is full|no space left|file too large' "$T/err.txt"
check "the error does not call the store damaged" bash -c "! grep -qi damaged $T/err.txt"
check "nothing sent that could not be recorded" bash -c "ls $SINK | cmp -s - $T/before.txt"
OUT=$(VIGIE_NOW=2025-07-10T21:07:00Z full "$VIGIE" $WATCH 2>&1)
check "the same problem is not repeated every tick" bash -c "[ \$(grep -c 'cannot work' $T/alarm.txt) = 1 ]"

# ---- room again: the store is whole, the alert goes out once ----
rm -f "$T/disk/filler"
expect 0 check
VIGIE_NOW=2025-07-10T21:12:00Z expect 0 $WATCH
check "the alarm says the watch works again" grep -q "works again" "$T/alarm.txt"
VIGIE_NOW=2025-07-10T21:17:00Z expect 0 $WATCH
mails >"$T/mails.txt"
check "the help alert arrived once, in French" bash -c \
  "[ \$(grep -c \"nadia@example.org.*Hélène G. demande de l'aide\" $T/mails.txt) = 1 ] && [ \$(wc -l <$T/mails.txt) = 1 ]"
VIGIE_NOW=2025-07-10T21:18:00Z expect 0 watch --status
finish
