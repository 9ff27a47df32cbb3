#!/usr/bin/python3
"""Drive vigie on a pseudo-terminal, as a person at a keyboard would.

pty_drive.py SCRIPT -- VIGIE ARGS...
SCRIPT is a list of steps, separated by "|":
  expect:TEXT   wait until TEXT appears on the terminal (10 s at most)
  send:TEXT     type TEXT followed by Enter
  ctrlc         press Ctrl-C
  echo?         print "ECHO-ON" or "ECHO-OFF": the terminal's echo flag now
The program's whole terminal output is printed at the end, then "EXIT n"
(or "SIGNAL n"). Exits 3 if an expect times out.
"""
import os, pty, select, sys, termios, time

def main():
    steps = sys.argv[1].split("|")
    argv = sys.argv[sys.argv.index("--") + 1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(argv[0], argv)
    seen = b""
    def pump(timeout):
        nonlocal seen
        r, _, _ = select.select([fd], [], [], timeout)
        if r:
            try:
                data = os.read(fd, 4096)
            except OSError:
                return False
            if not data:
                return False
            seen += data
        return True
    report = []
    for step in steps:
        if step.startswith("expect:"):
            want = step[7:].encode()
            deadline = time.time() + 10
            while want not in seen and time.time() < deadline:
                if not pump(0.1):
                    break
            if want not in seen:
                print(seen.decode(errors="replace"))
                print("TIMEOUT waiting for", step)
                sys.exit(3)
        elif step.startswith("send:"):
            time.sleep(0.05)
            os.write(fd, step[5:].encode() + b"\r")
        elif step == "ctrlc":
            time.sleep(0.05)
            os.write(fd, b"\x03")
        elif step == "echo?":
            time.sleep(0.1)
            attrs = termios.tcgetattr(fd)
            report.append("ECHO-ON" if attrs[3] & termios.ECHO else "ECHO-OFF")
    deadline = time.time() + 30
    while time.time() < deadline and pump(0.1):
        pass
    attrs = termios.tcgetattr(fd) if True else None
    _, status = os.waitpid(pid, 0)
    print(seen.decode(errors="replace"))
    for r in report:
        print(r)
    print("FINAL-" + ("ECHO-ON" if attrs[3] & termios.ECHO else "ECHO-OFF"))
    if os.WIFEXITED(status):
        print("EXIT", os.WEXITSTATUS(status))
    else:
        print("SIGNAL", os.WTERMSIG(status))

main()
