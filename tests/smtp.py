"""A real SMTP server in this process (aiosmtpd) that keeps every message it accepts.

Use the `smtp_server` fixture (registered in tests/conftest.py): it yields the running
controller (its `.port` goes into `smtp_url`) and the `Inbox`.
"""

from __future__ import annotations

from collections.abc import Iterator
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.meili import free_port


class Inbox:
    """aiosmtpd handler: `messages` holds (recipients, parsed message) in arrival order."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802, ARG002 - aiosmtpd's hook
        message = message_from_bytes(envelope.content, policy=default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def bodies_to(self, address: str) -> list[str]:
        """The plain-text bodies of every message sent to `address`."""
        found = []
        for recipients, message in self.messages:
            if address in recipients:
                part = message.get_body(preferencelist=("plain",))
                found.append(part.get_content() if part is not None else "")
        return found


@pytest.fixture
def smtp_server() -> Iterator[tuple[Controller, Inbox]]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()
