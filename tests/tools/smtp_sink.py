#!/usr/bin/python3
"""A real SMTP server on 127.0.0.1 for the tests (Debian's python3-aiosmtpd).

STARTTLS required (or implicit TLS with --tls), AUTH PLAIN/LOGIN required
when --user is given, each accepted message written to DIR/NNNNNN.eml with
the envelope recipients first ("X-Rcpt-To:" lines). Prints "ready PORT" once
it listens; stops on SIGTERM.

  smtp_sink.py --port P --cert C --key K --dir D [--user U --password W] [--tls]
              [--delay S]

--delay S waits S seconds after a message is written, before the 250 that
tells the client it was accepted: a client killed then has delivered a
message it never heard was accepted (the kill loops use it).
"""
import argparse
import asyncio
import os
import signal
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Sink:
    def __init__(self, folder, delay=0.0):
        self.folder = folder
        self.delay = delay
        self.n = len(os.listdir(folder))
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.n += 1
            name = os.path.join(self.folder, "%06d.eml" % self.n)
        tmp = name + ".tmp"
        with open(tmp, "wb") as f:
            for r in envelope.rcpt_tos:
                f.write(b"X-Rcpt-To: " + r.encode() + b"\r\n")
            content = envelope.original_content or envelope.content
            if isinstance(content, str):
                content = content.encode()
            f.write(content)
        os.rename(tmp, name)
        if self.delay:
            await asyncio.sleep(self.delay)
        return "250 OK accepted"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--user")
    ap.add_argument("--password")
    ap.add_argument("--tls", action="store_true", help="implicit TLS (smtps)")
    ap.add_argument("--delay", type=float, default=0.0)
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(a.cert, a.key)

    def auth(server, session, envelope, mechanism, data):
        ok = (isinstance(data, LoginPassword) and a.user is not None
              and data.login.decode() == a.user and data.password.decode() == a.password)
        return AuthResult(success=ok)

    kw = dict(hostname="127.0.0.1", port=a.port)
    if a.tls:
        kw["ssl_context"] = ctx
    else:
        kw["tls_context"] = ctx
        kw["require_starttls"] = True
    if a.user:
        kw["authenticator"] = auth
        kw["auth_required"] = True
        kw["auth_require_tls"] = True
    ctl = Controller(Sink(a.dir, a.delay), **kw)
    ctl.start()
    print("ready %d" % a.port, flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    while not done.wait(0.5):
        pass
    ctl.stop()


if __name__ == "__main__":
    sys.exit(main())
