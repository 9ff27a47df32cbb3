#!/usr/bin/python3
"""Run a command on a pseudo-terminal and answer its prompts.

    pty_run.py [PROMPT ANSWER]... -- COMMAND [ARGS...]

Waits for each PROMPT (a substring of what the command writes to the
terminal) before typing its ANSWER and Enter, so that answers typed while
echo is off are not flushed away. Prints everything the command wrote and
exits with its exit code (124 if a prompt never came within 20 s)."""
import os, pty, select, sys, time

def main():
    argv = sys.argv[1:]
    if '--' not in argv:
        sys.exit('usage: pty_run.py [PROMPT ANSWER]... -- COMMAND...')
    i = argv.index('--')
    pairs, cmd = argv[:i], argv[i + 1:]
    steps = list(zip(pairs[0::2], pairs[1::2]))
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(cmd[0], cmd)
    out = b''
    seen = 0  # how much of `out` the previous prompts consumed
    deadline = time.time() + 20
    timed_out = False
    while True:
        if steps:
            prompt = steps[0][0].encode()
            k = out.find(prompt, seen)
            if k >= 0:
                seen = k + len(prompt)
                time.sleep(0.05)
                os.write(fd, steps[0][1].encode() + b'\n')
                steps.pop(0)
                deadline = time.time() + 20
                continue
        if time.time() > deadline:
            timed_out = True
            break
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                data = os.read(fd, 4096)
            except OSError:
                break
            if not data:
                break
            out += data
    sys.stdout.write(out.decode('utf-8', 'replace').replace('\r\n', '\n'))
    if timed_out:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        sys.exit(124)
    _, status = os.waitpid(pid, 0)
    sys.exit(os.waitstatus_to_exitcode(status) if hasattr(os, 'waitstatus_to_exitcode') else status >> 8)

main()
