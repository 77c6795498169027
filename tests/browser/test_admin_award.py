"""/admin/awards/{id} in a real Chromium: every error shown at once with links to the fields,
the award's own deadline typed as UK time, the edit rule chosen, criteria reordered, all by
keyboard; no axe-core or CSP violation."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import col, select

from catalogue.accounts.domain import create_user
from catalogue.nominations.models import Award, AwardCriterion
from tests.browser.test_judging_flow import sign_in
from tests.factories import make_award
from tests.judging_world import PASSWORD

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("CATALOGUE_SCREENSHOTS", "")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_award_page_is_edited_by_keyboard(new_page, session, axe, request, width):
    create_user(session, email="admin@example.org", role="admin", password=PASSWORD)
    award = make_award(session, name="Kindest ward", criteria=(("Impact", 2.0), ("Innovation", 1.0)))
    session.commit()
    site = request.getfixturevalue("live_server")
    admin = new_page(viewport={"width": width, "height": 900})
    sign_in(admin, site, "admin@example.org")
    admin.wait_for_url(site("/admin"))
    admin.goto(site(f"/admin/awards/{award.id}"))
    axe(admin)
    assert admin.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    admin.get_by_label("Award name").fill("")
    admin.locator("#award-deadline_at").fill("2014-06-01")  # before the cycle opens
    with admin.expect_navigation():
        admin.get_by_label("Award name").press("Enter")  # Enter in a field submits the form
    summary = admin.locator("#award-alert")
    assert summary.locator("a").all_text_contents() == [
        "Enter the award name.",
        "The award's deadline must be after its cycle opens for entries.",
    ]
    assert admin.locator("#award-deadline_at").input_value() == "2014-06-01"  # what was typed is kept
    axe(admin)
    if SHOTS:
        admin.screenshot(path=str(Path(SHOTS) / f"admin-award-errors-{width}.png"), full_page=True)

    summary.get_by_role("link", name="Enter the award name.").focus()
    admin.keyboard.press("Enter")
    assert admin.evaluate("document.activeElement.id") == "award-name"
    admin.keyboard.type("Kindest ward")
    admin.keyboard.press("Tab")  # to the description
    admin.keyboard.type("Wards where **kindness** shows.")
    admin.locator("#award-deadline_at").fill("2015-06-30")
    admin.locator("#award-deadline_at-time").fill("17:00")
    admin.locator("#award-edits_close").focus()
    admin.keyboard.press("ArrowDown")  # the second choice: when judging starts
    admin.get_by_role("button", name="Save award").focus()
    admin.keyboard.press("Enter")
    admin.wait_for_url(site(f"/admin/awards/{award.id}"))
    assert "deadline 30 June 2015, 17:00 BST" in admin.locator(".meta").first.text_content()
    assert admin.locator(".preview strong").text_content() == "kindness"
    session.expire_all()
    saved = session.get_one(Award, award.id)
    assert (saved.deadline_at, saved.edits_close) == (datetime(2015, 6, 30, 16, 0, tzinfo=UTC), "judging_starts")

    admin.get_by_role("button", name="Move Innovation Up").focus()
    with admin.expect_navigation():
        admin.keyboard.press("Enter")
    assert [h.split(" (")[0] for h in admin.locator(".criterion h3").all_text_contents()] == ["Innovation", "Impact"]
    axe(admin)
    if SHOTS:
        admin.screenshot(path=str(Path(SHOTS) / f"admin-award-{width}.png"), full_page=True)
    session.expire_all()
    assert [
        c.name
        for c in session.exec(
            select(AwardCriterion).where(AwardCriterion.award_id == award.id).order_by(col(AwardCriterion.position))
        )
    ] == ["Innovation", "Impact"]
