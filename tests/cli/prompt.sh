#!/usr/bin/env bash
# The passphrase prompts at a real terminal: asked twice, never echoed,
# echo restored after Ctrl-C.
. "$(dirname "$0")/lib.sh"
DRIVE="/usr/bin/python3 $VIGIE_SOURCE_DIR/tests/tools/pty_drive.py"
unset VIGIE_PASSPHRASE
P="une phrase tapée au clavier"

# init asks twice, with echo off while typing, and never shows the passphrase.
OUT=$($DRIVE "expect:passphrase|echo?|send:$P|expect:again|send:$P" -- "$VIGIE" init --kdf interactive 2>&1)
has "EXIT 0"
has "ECHO-OFF"
has "FINAL-ECHO-ON"
hasnt "$P"
has "RECOVERY KEY"

# Two different passphrases: asked again.
rm -rf "$VIGIE_STORE"
OUT=$($DRIVE "expect:passphrase|send:$P|expect:again|send:autre chose de long|expect:differ|expect:passphrase|send:$P|expect:again|send:$P" -- "$VIGIE" init --kdf interactive 2>&1)
has "EXIT 0"

# A passphrase that is too short is refused at once, before it is typed
# again (the new-user review: asked twice, then refused, then exit), and
# asked anew; in French on a French desktop.
rm -rf "$VIGIE_STORE"
OUT=$(LANG=fr_CA.UTF-8 LC_MESSAGES= LC_ALL= $DRIVE "expect:Nouvelle phrase|send:court|expect:trop courte|expect:Nouvelle phrase|send:$P|expect:Encore une fois|send:$P" -- "$VIGIE" init --kdf interactif 2>&1)
has "EXIT 0"
has "au moins 12 caractères; recommencez"
check "the short one was not asked a second time" test "$(grep -o 'Encore une fois' <<<"$OUT" | wc -l)" -eq 1

# Opening asks once; a wrong one is exit 5.
OUT=$($DRIVE "expect:Passphrase|send:$P" -- "$VIGIE" config list 2>&1)
has "EXIT 0"
hasnt "$P"
OUT=$($DRIVE "expect:Passphrase|send:pas la bonne phrase" -- "$VIGIE" config list 2>&1)
has "EXIT 5"

# Ctrl-C at the prompt: the process dies of SIGINT and the terminal echoes again.
OUT=$($DRIVE "expect:Passphrase|echo?|ctrlc" -- "$VIGIE" config list 2>&1)
has "ECHO-OFF"
has "SIGNAL 2"
has "FINAL-ECHO-ON"

# In French.
OUT=$($DRIVE "expect:Phrase de passe|send:$P" -- "$VIGIE" --lang fr config list 2>&1)
has "EXIT 0"
finish
