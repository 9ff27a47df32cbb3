#!/usr/bin/python3
"""Drive a command at a real terminal (a pseudo-terminal), for the tests of
interactive prompts.

    pty_dialogue.py SCRIPT -- COMMAND [ARGS...]

SCRIPT is a file of lines "EXPECTED<TAB>TO TYPE": wait until EXPECTED has
appeared in the output since the last match, then type TO TYPE and Enter.
TO TYPE may be the word <EOF> (Ctrl-D). The whole output goes to standard
output; the exit code is the command's (or 124 when an expected text never
comes within 20 seconds, printing what came instead)."""
import os
import pty
import select
import sys
import time


def main():
    script_path = sys.argv[1]
    assert sys.argv[2] == "--"
    cmd = sys.argv[3:]
    steps = []
    with open(script_path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line:
                expected, _, typed = line.partition("\t")
                steps.append((expected.encode(), typed))
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(cmd[0], cmd)
    out = b""
    seen = 0

    def pump(timeout):
        nonlocal out
        r, _, _ = select.select([fd], [], [], timeout)
        if not r:
            return True
        try:
            data = os.read(fd, 4096)
        except OSError:
            return False
        if not data:
            return False
        out += data
        return True

    for expected, typed in steps:
        deadline = time.time() + 20
        while expected not in out[seen:]:
            if time.time() > deadline or not pump(0.2):
                sys.stdout.buffer.write(out)
                sys.stdout.write("\n[pty_dialogue: never saw %r]\n" % expected.decode())
                os.kill(pid, 9)
                os.waitpid(pid, 0)
                sys.exit(124)
        seen = out.index(expected, seen) + len(expected)
        if typed == "<EOF>":
            os.write(fd, b"\x04")
        else:
            os.write(fd, typed.encode() + b"\r")
    deadline = time.time() + 20
    while time.time() < deadline and pump(0.2):
        pass
    # The terminal closes as the command exits: give it time to be reaped.
    done, status = os.waitpid(pid, os.WNOHANG)
    while done == 0 and time.time() < deadline + 10:
        time.sleep(0.05)
        done, status = os.waitpid(pid, os.WNOHANG)
    if done == 0:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        sys.stdout.buffer.write(out)
        sys.stdout.write("\n[pty_dialogue: the command did not finish]\n")
        sys.exit(124)
    sys.stdout.buffer.write(out)
    sys.exit(os.waitstatus_to_exitcode(status))


main()
