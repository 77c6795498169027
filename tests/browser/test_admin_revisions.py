"""/admin/revisions in a real Chromium, wide and narrow: the published and proposed text side
by side, approve and reject; no axe-core or CSP violation."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from catalogue.accounts.domain import create_user
from catalogue.db import row_id
from catalogue.nominations.revision_models import NominationRevision
from tests.browser.test_judging_flow import sign_in
from tests.factories import make_nomination
from tests.judging_world import PASSWORD

pytestmark = pytest.mark.browser
#: set to a directory to keep screenshots of the page for a human to look at
SHOTS = os.environ.get("CATALOGUE_SCREENSHOTS", "")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_revision_queue_shows_old_and_new_and_decides(new_page, session, axe, request, width):
    create_user(session, email="admin@example.org", role="admin", password=PASSWORD)
    entry = make_nomination(session, title="Twitter takeover", body="We handed over the account.", published=True)
    session.add(
        NominationRevision(
            nomination_id=row_id(entry),
            proposed={
                "title": "Twitter takeover, again",
                "body": "We handed over the account. Read more at https://example.org/a-very-long-address-that-wraps",
                "links": ["https://example.org/a", "https://example.org/b"],
            },
        )
    )
    other = make_nomination(session, title="Ward walks", published=True)
    session.add(NominationRevision(nomination_id=row_id(other), proposed={"summary": "Shorter."}))
    session.commit()
    site = request.getfixturevalue("live_server")
    admin = new_page(viewport={"width": width, "height": 900})
    sign_in(admin, site, "admin@example.org")
    admin.wait_for_url(site("/admin"))
    admin.get_by_role("link", name="Revisions").click()
    admin.wait_for_url(site("/admin/revisions"))

    rows = admin.locator(".revision").first.locator("tbody tr")
    assert rows.nth(0).locator("th, td").all_text_contents() == ["Title", "Twitter takeover", "Twitter takeover, again"]
    assert rows.nth(2).locator("td").nth(1).text_content() == "https://example.org/a\nhttps://example.org/b"
    assert admin.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # nothing off-screen
    axe(admin)
    if SHOTS:
        admin.screenshot(path=str(Path(SHOTS) / f"admin-revisions-{width}.png"), full_page=True)

    admin.get_by_role("button", name="Approve the changes to Twitter takeover").click()
    admin.wait_for_url(site("/admin/revisions"))
    assert "are approved and public" in admin.locator("main").text_content()
    admin.get_by_label("Reason for rejecting").fill("Not an improvement")
    admin.get_by_role("button", name="Reject the changes to Ward walks").click()
    admin.wait_for_url(site("/admin/revisions"))
    assert admin.locator("#revisions-empty").is_visible()
    axe(admin)
