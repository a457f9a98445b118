"""A real SMTP server on loopback (aiosmtpd) that keeps what it accepts and can
refuse chosen recipients with a temporary (4xx) or permanent (5xx) answer."""

from __future__ import annotations

import re
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller

from caravan.core.tests.support import free_port


class Inbox:
    def __init__(self):
        self.messages = []  # (recipients, email.message.EmailMessage)
        self.refuse: dict[str, str] = {}  # address -> SMTP answer, e.g. "450 ..."
        self.refuse_times: dict[str, int] = {}  # address -> how many times

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        answer = self.refuse.get(address)
        if answer:
            left = self.refuse_times.get(address)
            if left is not None:
                if left <= 1:
                    self.refuse.pop(address)
                self.refuse_times[address] = left - 1
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address: str):
        return [m for rcpts, m in self.messages if address in rcpts]

    @staticmethod
    def parts(message) -> tuple[str, str]:
        text = message.get_body(preferencelist=("plain",)).get_content()
        html = message.get_body(preferencelist=("html",)).get_content()
        return text, html

    @staticmethod
    def links(body: str) -> list[str]:
        return re.findall(r"https?://[^\s\"'<>]+", body)


def start(inbox: Inbox) -> tuple[Controller, int]:
    port = free_port()  # aiosmtpd checks the port it is given
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, port
