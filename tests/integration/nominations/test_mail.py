"""Mail through a real SMTP server running in this process (aiosmtpd)."""

from __future__ import annotations

import logging
import re
import socket
from email import message_from_bytes
from email.policy import default
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from litestar.testing import TestClient
from sqlmodel import select

from catalogue.app import create_app
from catalogue.nominations.models import Nomination
from tests.integration.nominations.conftest import submit


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802, ARG002 - aiosmtpd's hook name and signature
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=default)))
        return "250 Message accepted for delivery"


@pytest.fixture
def mail_log():
    """Records of the catalogue.mail logger, collected by a handler of its own."""

    class Collect(logging.Handler):
        def __init__(self) -> None:
            super().__init__(level=logging.INFO)
            self.records: list[logging.LogRecord] = []

        def emit(self, record: logging.LogRecord) -> None:
            self.records.append(record)

    handler = Collect()
    logger = logging.getLogger("catalogue.mail")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


def test_the_edit_link_is_mailed_and_not_shown(make_settings, award, smtp_server):
    controller, inbox = smtp_server
    settings = make_settings(
        smtp_url=f"smtp://127.0.0.1:{controller.port}",
        mail_from="Awards <awards@example.org>",
        base_url="https://awards.example.org",
    )
    with TestClient(create_app(settings)) as client:
        page = submit(client, award.id)
        assert page.status_code == 201
        assert "We have sent a private link to <strong>ada@example.org</strong>." in page.text
        assert "/nominations/edit/" not in page.text
        [(recipients, message)] = inbox.messages
        assert (recipients, message["From"], message["To"], message["Subject"]) == (
            ["ada@example.org"],
            "Awards <awards@example.org>",
            "ada@example.org",
            "Your entry “Twitter takeover” has been received",
        )
        found = re.search(r"https://awards\.example\.org(/nominations/edit/[A-Za-z0-9_-]{43})\s", message.get_content())
        assert found is not None
        link = found.group(1)
        assert "Most stunning peer network" in message.get_content()
        assert client.get(link).status_code == 200


def test_a_mail_failure_is_logged_and_the_entry_is_kept(make_settings, award, session, mail_log):
    settings = make_settings(smtp_url=f"smtp://127.0.0.1:{_free_port()}")  # nothing listens there
    with TestClient(create_app(settings)) as client:
        page = submit(client, award.id)
    assert page.status_code == 201
    session.expire_all()
    assert [n.title for n in session.exec(select(Nomination))] == ["Twitter takeover"]
    assert [r.getMessage() for r in mail_log] == [
        "could not send mail to ada@example.org (subject 'Your entry “Twitter takeover” has been received')"
    ]


def test_without_smtp_the_mail_is_logged_and_the_link_shown(client, award, mail_log):
    page = submit(client, award.id)
    found = re.search(r'id="edit-link" href="([^"]+)"', page.text)
    assert found is not None
    link = found.group(1)
    [record] = mail_log
    assert record.getMessage().startswith(
        "mail (no CATALOGUE_SMTP_URL set, not sent) to=ada@example.org "
        "subject=Your entry “Twitter takeover” has been received"
    )
    assert link in record.getMessage()
