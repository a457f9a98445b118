"""An SMTP sink (aiosmtpd) that counts messages and recipients; prints the
counts as JSON when stdin closes."""

import json
import sys

from aiosmtpd.controller import Controller


class Counter:
    def __init__(self):
        self.messages = 0
        self.recipients = set()
        self.duplicates = 0
        self.bytes = 0

    async def handle_DATA(self, server, session, envelope):
        self.messages += 1
        self.bytes += len(envelope.original_content)
        for rcpt in envelope.rcpt_tos:
            if rcpt in self.recipients:
                self.duplicates += 1
            self.recipients.add(rcpt)
        return "250 OK"


counter = Counter()
controller = Controller(counter, hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
sys.stdin.read()
controller.stop()
print(
    json.dumps(
        {
            "messages": counter.messages,
            "recipients": len(counter.recipients),
            "duplicates": counter.duplicates,
            "bytes": counter.bytes,
        }
    ),
    flush=True,
)
