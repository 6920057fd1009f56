#!/usr/bin/env python3
"""A real SMTP server on loopback for the tests: aiosmtpd accepting every message and saving
each one in --dir as NAME.eml (as received) and NAME.json ({"to", "subject", "message_id",
"body", "attachments"}, decoded
with Python's e-mail parser). Files are written under a temporary name, then renamed, so a
reader never sees half a message. Prints "listening on 127.0.0.1:PORT" once it accepts
connections."""

import argparse
import email
import email.policy
import json
import pathlib
import signal
import socket
import threading
import time

from aiosmtpd.controller import Controller


class SaveToFolder:
    def __init__(self, folder: pathlib.Path):
        self.folder = folder
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            name = f"{time.time_ns()}-{self.count:04d}"
        raw = envelope.original_content
        message = email.message_from_bytes(raw, policy=email.policy.default)
        decoded = {
            "to": envelope.rcpt_tos,
            "from": envelope.mail_from,
            "subject": str(message["subject"]),
            "message_id": str(message["message-id"]),
            "body": message.get_body(preferencelist=("plain",)).get_content(),
            "attachments": [
                {
                    "filename": part.get_filename(),
                    "content_type": part.get_content_type(),
                    "content": part.get_content() if part.get_content_maintype() == "text" else "",
                }
                for part in message.iter_attachments()
            ],
        }
        for suffix, content in ((".eml", raw), (".json", json.dumps(decoded).encode())):
            tmp = self.folder / f"{name}{suffix}.tmp"
            tmp.write_bytes(content)
            tmp.rename(self.folder / f"{name}{suffix}")
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dir", required=True, type=pathlib.Path)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    port = args.port or free_port()
    controller = Controller(SaveToFolder(args.dir), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"listening on 127.0.0.1:{port}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
