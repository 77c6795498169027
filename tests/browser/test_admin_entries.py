"""/admin/entries and an entry's admin page in a real Chromium, wide and narrow: no axe-core or
CSP violation, nothing off-screen, and the bulk actions and the publishing override worked
from the keyboard alone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.test_judging_flow import sign_in
from tests.entries_world import build_entries_world

pytestmark = pytest.mark.browser
#: set to a directory to keep screenshots of the pages for a human to look at
SHOTS = os.environ.get("CATALOGUE_SCREENSHOTS", "")


@pytest.fixture
def ew(session, settings):
    return build_entries_world(session, uploads_dir=settings.uploads_dir)


def _admin(new_page, request, width):
    site = request.getfixturevalue("live_server")
    admin = new_page(viewport={"width": width, "height": 900})
    sign_in(admin, site, "admin@example.org")
    admin.wait_for_url(site("/admin"))
    return admin, site


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_entries_list_filters_and_shortlists_the_selected_entries_by_keyboard(new_page, request, axe, ew, width):
    admin, site = _admin(new_page, request, width)
    admin.get_by_role("link", name="Entries", exact=True).click()
    admin.wait_for_url(site("/admin/entries"))
    assert admin.get_by_role("link", name="(untitled draft)").is_visible()
    assert _fits(admin)
    axe(admin)
    if SHOTS:
        admin.screenshot(path=str(Path(SHOTS) / f"admin-entries-{width}.png"), full_page=True)

    admin.get_by_label("Status").select_option("submitted")
    admin.get_by_role("button", name="Filter").press("Enter")
    admin.wait_for_url(site("/admin/entries?award=&cycle=&status=submitted&category="))
    assert admin.locator("#entries-count").text_content() == "3 entries."

    for title in ("Family app", "Mind chat"):
        admin.get_by_label(f"Select {title}").focus()
        admin.keyboard.press("Space")
    action = admin.get_by_label("Action")
    action.focus()
    action.select_option("shortlist")
    admin.get_by_role("button", name="Apply to selected").press("Enter")
    admin.wait_for_url(site("/admin/entries?award=&cycle=&status=submitted&category="))
    assert admin.get_by_role("status").text_content() == "Shortlisted 2 entries: Family app, Mind chat."
    assert admin.locator("#entries-count").text_content() == "1 entry."
    axe(admin)

    admin.goto(site("/admin/entries?status=lost&category=Nowhere"))
    assert admin.get_by_role("alert").locator("li").all_text_contents() == [
        "status must be one of: draft, submitted, withdrawn, shortlisted, winner, highly_commended, not_shortlisted.",
        "There is no category 'Nowhere'.",
    ]
    axe(admin)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_entry_page_shows_scores_and_files_and_publishes_early_with_a_reason(new_page, request, axe, ew, width):
    admin, site = _admin(new_page, request, width)
    admin.goto(site("/admin/entries"))
    admin.get_by_role("link", name="Family app").click()
    admin.wait_for_url(site(f"/admin/entries/{ew.world.a_family.id}"))
    assert admin.locator("#weighted-total").text_content() == (
        "Weighted total: 70.00 out of 100, the mean of 1 submitted score."
    )
    assert admin.get_by_role("link", name="family-app-evaluation.pdf").is_visible()
    assert admin.locator("#recusals li").count() == 1
    assert _fits(admin)
    axe(admin)
    if SHOTS:
        admin.screenshot(path=str(Path(SHOTS) / f"admin-entry-{width}.png"), full_page=True)
    with admin.expect_download() as download:
        admin.get_by_role("link", name="family-app-evaluation.pdf").press("Enter")
    assert download.value.suggested_filename == "family-app-evaluation.pdf"

    admin.goto(site(f"/admin/entries/{ew.early.id}"))
    assert admin.get_by_role("button", name="Publish", exact=True).count() == 0
    admin.get_by_role("button", name="Publish with override Early bird").press("Enter")
    assert "Publishing anyway needs the override" in admin.get_by_role("alert").text_content()
    axe(admin)
    admin.get_by_label("Publish before the deadline or without an outcome").focus()
    admin.keyboard.press("Space")
    admin.get_by_label("Reason").fill("Announced at the conference.")
    admin.get_by_role("button", name="Publish with override Early bird").press("Enter")
    admin.wait_for_url(site(f"/admin/entries/{ew.early.id}"))
    assert admin.get_by_role("status").text_content() == "Early bird is published as a case study."
    history = admin.locator("#history li").last
    assert "Published Early bird with an override" in history.text_content()
    assert history.locator("dd").all_text_contents()[-1] == "Announced at the conference."
    axe(admin)
