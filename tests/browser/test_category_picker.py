"""The entry form's category picker in a real Chromium, over the seed taxonomy (59 paths):
branches nested, a filter that really hides what does not match, and a live chosen list."""

from __future__ import annotations

import pytest
from sqlmodel import select

from catalogue.nominations.models import Nomination
from catalogue.taxonomy.domain import ensure_path
from catalogue.taxonomy.queries import category_paths_of
from seed.data import taxonomy_paths
from tests.browser.test_nominations import fill_required
from tests.factories import make_open_award

pytestmark = pytest.mark.browser

PATHS = taxonomy_paths()


@pytest.fixture
def award(session):
    for path in PATHS:
        ensure_path(session, path=path)
    award = make_open_award(session, name="Digital champions")
    session.commit()
    return award


def _visible_paths(page) -> list[str]:
    return page.locator("#category-list .category-option:visible").evaluate_all("els => els.map(e => e.dataset.path)")


def test_the_filter_hides_what_does_not_match_and_the_chosen_list_follows(page, live_server, award, axe):
    page.goto(live_server(f"/nominate/{award.id}"))
    assert len(_visible_paths(page)) == len(PATHS) == 59
    assert page.locator("#category-chosen-title").inner_text() == "Chosen (0)"

    page.get_by_label("Find a category").fill("digital")
    matching = [path for path in PATHS if "digital" in path.lower()]
    assert page.locator("#category-filter-status").inner_text() == f"{len(matching)} of 59 categories match “digital”"
    visible = _visible_paths(page)
    # every match is shown; anything else shown is a branch leading to a match, marked as such
    assert set(matching) <= set(visible)
    context = [path for path in visible if path not in matching]
    assert context and all(any(m.startswith(path + " > ") for m in matching) for path in context)
    assert page.locator("#category-list .category-option.is-context:visible").count() == len(context)
    assert page.get_by_label("Acute > Together we can").is_hidden()
    axe(page)

    page.get_by_label("Acute > Surgery > Digital technology").check()
    page.get_by_label("Mental Health > Digital inclusion").check()
    chosen = page.locator("#category-chosen-list li")
    assert page.locator("#category-chosen-title").inner_text() == "Chosen (2)"
    assert chosen.locator("span:not(.visually-hidden)").all_inner_texts() == [
        "Acute > Surgery > Digital technology",
        "Mental Health > Digital inclusion",
    ]
    page.get_by_label("Find a category").fill("")
    assert len(_visible_paths(page)) == 59
    axe(page)

    page.get_by_role("button", name="Remove Acute > Surgery > Digital technology").click()
    assert page.locator("#category-chosen-title").inner_text() == "Chosen (1)"
    assert not page.get_by_label("Acute > Surgery > Digital technology").is_checked()
    # the keyboard stays in the list: on the Remove button that took the removed one's place
    assert page.evaluate("document.activeElement.dataset.for") == page.get_by_label(
        "Mental Health > Digital inclusion"
    ).get_attribute("id")


def test_the_picker_is_plain_checkboxes_without_javascript(new_page, live_server, award, session):
    page = new_page(java_script_enabled=False)
    page.goto(live_server(f"/nominate/{award.id}"))
    assert page.locator(".category-filter").is_hidden()
    assert page.locator("#category-chosen").is_hidden()
    assert len(_visible_paths(page)) == 59
    fill_required(page)
    page.get_by_label("Primary Care > Digital technology").check()
    page.get_by_label("Learning from carers", exact=True).check()
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_selector("text=Your draft is saved")
    session.expire_all()
    [entry] = session.exec(select(Nomination)).all()
    assert str(entry.status) == "draft"
    assert category_paths_of(session, nomination_id=entry.id) == [
        "Learning from carers",
        "Primary Care > Digital technology",
    ]
