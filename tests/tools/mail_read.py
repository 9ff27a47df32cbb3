#!/usr/bin/python3
"""Read the messages a test SMTP server (smtp_sink.py) accepted.

  mail_read.py DIR     one line per message, oldest first:
                       MESSAGE-ID <TAB> RECIPIENT <TAB> SUBJECT <TAB> BODY (newlines as " | ")
"""
import email
import email.policy
import os
import sys


def main():
    folder = sys.argv[1]
    if not os.path.isdir(folder):
        return 0
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".eml"):
            continue
        with open(os.path.join(folder, name), "rb") as f:
            raw = f.read()
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        rcpts = msg.get_all("X-Rcpt-To") or [""]
        body = msg.get_content() if not msg.is_multipart() else ""
        body = body.replace("\r\n", "\n").strip().replace("\n", " | ")
        subject = str(msg.get("Subject", "")).replace("\n", " ")
        for r in rcpts:
            print("\t".join([str(msg.get("Message-ID", "")), r, subject, body]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
