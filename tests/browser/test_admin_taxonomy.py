"""/admin/taxonomy in a real Chromium: the seed taxonomy as a collapsible tree, opened and
closed and filtered by keyboard; the filter is JavaScript-only, the tree is not. No axe-core
or CSP violation."""

from __future__ import annotations

import pytest

from catalogue.accounts.domain import create_user
from seed.load import load_seed
from tests.browser.test_judging_flow import sign_in
from tests.judging_world import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def site(session, request):
    load_seed(session)
    create_user(session, email="admin@example.org", role="admin", password=PASSWORD)
    session.commit()
    return request.getfixturevalue("live_server")


def _visible_names(page) -> list[str]:
    return [n.strip() for n in page.locator("#taxonomy-tree .tx-name:visible").all_text_contents()]


def test_the_tree_opens_closes_and_filters_by_keyboard(new_page, site, axe):
    page = new_page()
    sign_in(page, site, "admin@example.org")
    page.wait_for_url(site("/admin"))
    page.goto(site("/admin/taxonomy"))

    top = _visible_names(page)
    assert top[:3] == ["Together we can", "Digital technology", "Integrating health and social care"]
    assert top[-7:] == [
        "Acute",
        "Leadership and Management",
        "Primary Care",
        "Community Services",
        "Mental Health",
        "Social Care",
        "Commissioning and Procurement",
    ]
    acute = page.locator('li[data-path="Acute"] > details > summary')
    acute.focus()
    page.keyboard.press("Enter")
    assert page.locator('li[data-path="Acute > Family Care"] .tx-name').first.is_visible()
    page.keyboard.press("Enter")
    assert not page.locator('li[data-path="Acute > Family Care"] .tx-name').first.is_visible()

    page.get_by_label("Filter categories").focus()
    page.keyboard.type("surgery incl")
    assert _visible_names(page) == ["Acute", "Surgery", "Digital inclusion"]
    assert page.locator("#tx-filter-status").text_content() == "1 category matches."
    assert page.locator('li[data-path="Acute > Surgery > Digital inclusion"] .tx-path').is_visible()
    page.keyboard.press("Escape")
    assert _visible_names(page) == top
    page.keyboard.type("no such thing")
    assert page.locator("#tx-no-match").is_visible()
    page.keyboard.press("Escape")

    page.get_by_role("button", name="Expand all").click()
    leaf = page.locator('li[data-path="Acute > Surgery > Digital inclusion"]')
    leaf.locator("summary", has_text="Edit").click()
    assert leaf.get_by_label("Merge into").is_visible()
    axe(page)


def test_without_javascript_the_tree_still_opens_and_the_filter_is_not_offered(new_page, site):
    """(axe-core cannot run where scripts are off: the page is checked in the test above.)"""
    page = new_page(java_script_enabled=False)
    sign_in(page, site, "admin@example.org")
    page.wait_for_url(site("/admin"))
    page.goto(site("/admin/taxonomy"))

    assert not page.get_by_label("Filter categories").is_visible()
    page.locator('li[data-path="Mental Health"] > details > summary').click()
    assert page.locator('li[data-path="Mental Health > Digital inclusion"] .tx-name').first.is_visible()
