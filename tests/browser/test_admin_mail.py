"""/admin/mail in a real Chromium: a failing message is listed with its attempts and error,
never its body (the edit link); no axe-core or CSP violation."""

from __future__ import annotations

import socket

import pytest

from catalogue.accounts.domain import create_user
from catalogue.mail import MailMessage
from catalogue.outbox.mail import drain_mail_once, queue_mail
from tests.browser.test_judging_flow import sign_in
from tests.judging_world import PASSWORD

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def live_app(make_settings):
    from catalogue.app import create_app

    return create_app(make_settings(smtp_url=f"smtp://127.0.0.1:{_free_port()}"))  # nothing listens there


def test_the_mail_page_lists_failing_messages_without_their_body(new_page, session, db_engine, live_app, axe, request):
    create_user(session, email="admin@example.org", role="admin", password=PASSWORD)
    queue_mail(
        session,
        message=MailMessage(to="ada@example.org", subject="Your entry has been received", body="SECRET-EDIT-LINK"),
    )
    session.commit()
    assert drain_mail_once(db_engine=db_engine, settings=live_app.state.ctx.settings).failed == 1
    site = request.getfixturevalue("live_server")
    admin = new_page()
    sign_in(admin, site, "admin@example.org")
    admin.wait_for_url(site("/admin"))
    admin.get_by_role("link", name="Mail").click()
    admin.wait_for_url(site("/admin/mail"))
    row = admin.locator("#mail-table tbody tr").first
    cells = row.locator("td").all_text_contents()
    assert cells[1:4] == ["ada@example.org", "Your entry has been received", "1"]
    assert "ConnectionRefusedError" in cells[5]
    assert "SECRET-EDIT-LINK" not in admin.content()
    axe(admin)
