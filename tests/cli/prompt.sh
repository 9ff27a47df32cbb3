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
