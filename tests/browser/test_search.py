"""The public search in a real Chromium: typo tolerance, the category tree, history, no-JS."""

from __future__ import annotations

import re

import pytest

from tests.public_corpus import seed_public_corpus

pytestmark = pytest.mark.browser


@pytest.fixture
def site(request, session, live_app):
    """The live server over the public corpus, indexed by the real embedded engine."""
    seed_public_corpus(session)
    search = live_app.state.ctx.search
    search.engine.ensure_indexes()
    search.drain_outbox()
    return request.getfixturevalue("live_server")


def _result_slugs(page) -> list[str]:
    hrefs = page.locator(".result-card h3 a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    return sorted(h.rsplit("/", 1)[1] for h in hrefs)


# "name count" of each facet link in a locator
FACET_LABELS = (
    "els => els.map(e => e.querySelector('.facet-name').textContent + ' ' "
    "+ e.querySelector('.facet-count').firstChild.textContent)"
)


def _top_counts(page) -> list[str]:
    return page.locator(".facet-tree-level-1 > li > .facet-link").evaluate_all(FACET_LABELS)


def test_typing_a_query_with_a_typo_finds_the_entry_in_place(page, site):
    page.goto(site("/case-studies"))

    page.fill("#q", "dementa")
    page.wait_for_url(re.compile(r"q=dementa"))
    page.wait_for_function("document.querySelector('#search-status').textContent.startsWith('3 ')")

    assert _result_slugs(page) == ["carers-cafe", "dementia-friendly-wards", "local-trust-is-a-top-tweeter"]
    assert page.locator("#search-status").text_content() == "3 case studies found."
    assert page.title() == "Case studies matching “dementa” · Catalogue"


def test_choosing_a_category_level_changes_results_and_counts_and_back_restores(page, site, axe):
    page.goto(site("/case-studies"))
    assert len(_result_slugs(page)) == 5

    page.locator(".facet-link", has_text="Acute").first.click()
    page.wait_for_url(re.compile(r"category=Acute$"))
    page.wait_for_function("document.querySelector('#search-status').textContent.startsWith('2 ')")

    assert _result_slugs(page) == ["dementia-friendly-wards", "shift-ms-twitter-takeover"]
    assert "Acute 2" in _top_counts(page)
    child = page.locator(".facet-tree-level-2 > li > .facet-link")
    # in the seed taxonomy's order, which is its source's
    assert child.evaluate_all(FACET_LABELS)[:2] == ["Together we can 1", "Family Care 2"]
    axe(page)

    page.go_back()
    page.wait_for_url(site("/case-studies"))
    page.wait_for_function("document.querySelectorAll('.result-card').length === 5")

    assert len(_result_slugs(page)) == 5
    assert page.locator(".facet-tree-level-2").count() == 0


def test_a_status_facet_changes_the_tree_counts(page, site):
    page.goto(site("/case-studies"))
    before = _top_counts(page)

    page.locator(".facet-values .facet-link", has_text="Winner").click()
    page.wait_for_url(re.compile(r"status=winner"))
    page.wait_for_function("document.querySelector('#search-status').textContent.startsWith('2 ')")

    # the seed taxonomy's order (its source's), not alphabetical
    assert before == [
        "Together we can 1",
        "Digital technology 1",
        "Integrating health and social care 1",
        "Digital inclusion 1",
        "Learning from carers 1",
        "Listening to service users 1",
        "Patient Empowerment 1",
        "Going the extra mile 1",
        "Making Social media work for us 3",
        "Acute 2",
        "Leadership and Management 2",
        "Primary Care 1",
        "Community Services 2",
        "Mental Health 2",
        "Social Care 2",
        "Commissioning and Procurement 1",
    ]
    assert _top_counts(page) == [
        "Together we can 1",
        "Digital technology 1",
        "Integrating health and social care 1",
        "Digital inclusion 1",
        "Learning from carers 1",
        "Listening to service users 1",
        "Patient Empowerment 1",
        "Going the extra mile 1",
        "Making Social media work for us 2",
        "Acute 1",
        "Leadership and Management 1",
        "Primary Care 1",
        "Community Services 1",
        "Mental Health 2",
        "Social Care 1",
        "Commissioning and Procurement 1",
    ]


def test_the_page_works_with_javascript_off(new_page, site):
    page = new_page(java_script_enabled=False)
    page.goto(site("/case-studies"))

    page.fill("#q", "dementa")
    page.click("form#search-form button[type=submit] >> nth=0")
    page.wait_for_url(re.compile(r"q=dementa"))
    page.locator(".facet-link", has_text="Acute").first.click()
    page.wait_for_url(re.compile(r"category=Acute"))

    assert page.url == site("/case-studies?q=dementa&category=Acute")
    assert _result_slugs(page) == ["dementia-friendly-wards"]
    assert page.input_value("#q") == "dementa"


def test_search_page_with_filters_and_a_case_study_have_no_axe_violations(page, site, axe):
    page.goto(site("/case-studies?q=dementia&category=Acute&status=highly_commended"))
    axe(page)

    page.goto(site("/case-studies/shift-ms-twitter-takeover"))
    axe(page)
