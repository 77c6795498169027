"""Mail through a real SMTP server running in this process (aiosmtpd)."""

from __future__ import annotations

import logging
import re
import threading
import time
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from litestar.testing import TestClient
from sqlmodel import col, select

from catalogue.app import create_app
from catalogue.db import make_engine
from catalogue.mail import MailMessage
from catalogue.nominations.models import Nomination
from catalogue.outbox.mail import SENT, SKIPPED, drain_mail_once, queue_mail
from catalogue.outbox.models import MailOutbox
from catalogue.timeutil import utcnow
from tests.integration.nominations.conftest import submit
from tests.meili import free_port
from tests.smtp import Inbox


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


@pytest.fixture
def all_logs(caplog):
    """Every log record of every logger, at every level."""
    caplog.set_level(logging.DEBUG)
    return caplog


def _edit_links(text: str) -> list[str]:
    return re.findall(r"/nominations/edit/[A-Za-z0-9_-]{43}", text)


#: loggers of the test's own parts (the SMTP server logs the DATA it receives; the HTTP test
#: client logs the URLs it requests), not of the app
TEST_SIDE_LOGGERS = ("mail.log", "httpx")


def _assert_no_edit_link_logged(caplog) -> None:
    leaked = [
        r.getMessage()
        for r in caplog.records
        if r.name not in TEST_SIDE_LOGGERS and _edit_links(r.getMessage() + (r.exc_text or ""))
    ]
    assert leaked == []


def _rows(db_engine) -> list[MailOutbox]:
    from sqlmodel import Session

    with Session(db_engine) as s:
        return list(s.exec(select(MailOutbox).order_by(col(MailOutbox.id))))


def test_the_edit_link_is_mailed_and_not_shown(make_settings, award, smtp_server, db_engine, all_logs):
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
        assert inbox.messages == []  # queued with the entry, not sent by the request
        [queued] = _rows(db_engine)
        assert (queued.to, queued.state, _edit_links(queued.body) != []) == ("ada@example.org", "pending", True)
        report = drain_mail_once(db_engine=db_engine, settings=settings)
        assert (report.claimed, report.sent) == (1, 1)
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
    assert drain_mail_once(db_engine=db_engine, settings=settings).claimed == 0
    [done] = _rows(db_engine)
    assert (done.state, done.body, done.sent_at is not None, done.claimed_until) == (SENT, "", True, None)
    _assert_no_edit_link_logged(all_logs)


def test_smtp_down_retries_with_backoff_and_loses_nothing(make_settings, award, session, db_engine, all_logs):
    port = free_port()  # nothing listens there yet
    settings = make_settings(smtp_url=f"smtp://127.0.0.1:{port}")
    with TestClient(create_app(settings)) as client:
        page = submit(client, award.id)
    assert page.status_code == 201
    session.expire_all()
    assert [n.title for n in session.exec(select(Nomination))] == ["Twitter takeover"]

    start = utcnow()
    first = drain_mail_once(db_engine=db_engine, settings=settings, now=start)
    [row] = _rows(db_engine)
    assert (first.claimed, first.failed, row.state, row.attempts) == (1, 1, "pending", 1)
    assert row.next_attempt_at == start + timedelta(seconds=1)
    assert "ConnectionRefusedError" in row.last_error
    assert drain_mail_once(db_engine=db_engine, settings=settings, now=start).claimed == 0  # backing off
    second_try = start + timedelta(seconds=1)
    assert drain_mail_once(db_engine=db_engine, settings=settings, now=second_try).failed == 1
    [row] = _rows(db_engine)
    assert (row.attempts, row.next_attempt_at) == (2, second_try + timedelta(seconds=2))

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        later = second_try + timedelta(seconds=2)
        assert drain_mail_once(db_engine=db_engine, settings=settings, now=later).sent == 1
        assert drain_mail_once(db_engine=db_engine, settings=settings, now=later + timedelta(hours=1)).claimed == 0
    finally:
        controller.stop()
    [(recipients, message)] = inbox.messages
    assert (recipients, message["Subject"]) == (["ada@example.org"], "Your entry “Twitter takeover” has been received")
    assert _edit_links(message.get_content()) != []
    [row] = _rows(db_engine)
    assert (row.state, row.attempts, row.last_error) == (SENT, 2, "")
    warnings = [r.getMessage() for r in all_logs.records if r.name == "catalogue.mail"]
    assert len(warnings) == 2
    assert warnings[0].startswith(
        "could not send mail to ada@example.org (subject 'Your entry “Twitter takeover” has been received'), attempt 1"
    )
    _assert_no_edit_link_logged(all_logs)


def test_without_smtp_the_mail_is_logged_without_body_and_the_link_shown(client, award, settings, db_engine, all_logs):
    page = submit(client, award.id)
    found = re.search(r'id="edit-link" href="([^"]+)"', page.text)
    assert found is not None
    report = drain_mail_once(db_engine=db_engine, settings=settings)
    assert (report.claimed, report.skipped) == (1, 1)
    [record] = [r for r in all_logs.records if r.name == "catalogue.mail"]
    assert record.getMessage() == (
        "mail (no CATALOGUE_SMTP_URL set, not sent) to=ada@example.org "
        "subject=Your entry “Twitter takeover” has been received"
    )
    [row] = _rows(db_engine)
    assert (row.state, row.body) == (SKIPPED, "")
    _assert_no_edit_link_logged(all_logs)


def test_two_workers_draining_together_send_each_message_once(make_settings, database_url, db_engine, smtp_server):
    controller, inbox = smtp_server
    settings = make_settings(smtp_url=f"smtp://127.0.0.1:{controller.port}")
    from sqlmodel import Session

    with Session(db_engine) as s:
        for i in range(30):
            queue_mail(s, message=MailMessage(to=f"n{i}@example.org", subject=f"Message {i}", body=f"Body {i}"))
        s.commit()
    engines = [make_engine(database_url), make_engine(database_url)]
    sent: list[int] = [0, 0]
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def work(index: int) -> None:
        try:
            barrier.wait()
            while True:
                report = drain_mail_once(db_engine=engines[index], settings=settings, batch_size=3)
                sent[index] += report.sent
                if report.claimed == 0:
                    return
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for engine in engines:
        engine.dispose()
    assert errors == []
    assert sum(sent) == 30
    assert sorted(rcpt for (rcpt,), _ in inbox.messages) == sorted(f"n{i}@example.org" for i in range(30))
    assert {row.state for row in _rows(db_engine)} == {SENT}


def test_the_app_lifespan_runs_the_mail_worker(make_settings, award, smtp_server):
    controller, inbox = smtp_server
    settings = make_settings(smtp_url=f"smtp://127.0.0.1:{controller.port}", start_outbox_worker=True)
    with TestClient(create_app(settings)) as client:
        assert submit(client, award.id).status_code == 201
        deadline = time.monotonic() + 30  # a bound on waiting, not an assertion on speed
        while not inbox.messages and time.monotonic() < deadline:
            time.sleep(0.05)
    [(recipients, _)] = inbox.messages
    assert recipients == ["ada@example.org"]
