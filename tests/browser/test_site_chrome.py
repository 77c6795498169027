"""What every page shares, in a real Chromium: navigation by role, error pages that know who
is signed in, the API documentation served offline under the CSP, the favicon, and the
search filters folded on a narrow screen."""

from __future__ import annotations

import pytest

from catalogue.accounts.domain import create_user
from tests.browser.test_judging_flow import sign_in
from tests.judging_world import PASSWORD
from tests.public_corpus import seed_public_corpus

pytestmark = pytest.mark.browser


def _nav(page) -> list[str]:
    return page.get_by_role("navigation", name="Main").get_by_role("link").all_inner_texts()


@pytest.fixture
def users(session):
    create_user(session, email="judge@example.org", role="judge", password=PASSWORD, display_name="Jo Judge")
    create_user(session, email="admin@example.org", role="admin", password=PASSWORD, display_name="Ada Admin")
    session.commit()


def test_the_navigation_offers_each_visitor_what_they_may_use(new_page, users, live_server, axe):
    anonymous = new_page()
    anonymous.goto(live_server("/case-studies"))
    assert _nav(anonymous) == ["Case studies", "Enter the awards", "Sign in"]

    judge = new_page()
    sign_in(judge, live_server, "judge@example.org")
    judge.wait_for_url(live_server("/judging"))
    judge.goto(live_server("/case-studies"))
    assert _nav(judge) == ["Case studies", "Enter the awards", "Judging"]

    admin = new_page()
    sign_in(admin, live_server, "admin@example.org")
    admin.wait_for_url(live_server("/admin"))
    assert _nav(admin) == ["Case studies", "Enter the awards", "Judging", "Admin"]
    admin.goto(live_server("/"))
    assert _nav(admin) == ["Case studies", "Enter the awards", "Judging", "Admin"]
    axe(admin)


def test_a_judge_refused_an_admin_page_is_told_who_they_are_and_where_to_go(new_page, users, live_server, axe):
    judge = new_page()
    sign_in(judge, live_server, "judge@example.org")
    judge.wait_for_url(live_server("/judging"))
    response = judge.goto(live_server("/admin"))
    assert response.status == 403
    assert judge.get_by_role("heading", level=1).inner_text() == "Forbidden"
    signed_in = judge.locator(".signed-in-as")
    assert "You are signed in as Jo Judge (judge)." in signed_in.inner_text()
    assert judge.get_by_role("link", name="Sign in").count() == 0
    assert _nav(judge) == ["Case studies", "Enter the awards", "Judging"]
    axe(judge)
    signed_in.get_by_role("link", name="Go to judging").click()
    judge.wait_for_url(live_server("/judging"))

    judge.goto(live_server("/admin"))
    judge.get_by_role("button", name="Sign out").click()
    judge.wait_for_url(live_server("/"))
    assert _nav(judge) == ["Case studies", "Enter the awards", "Sign in"]


def test_a_page_no_route_serves_is_a_404_with_the_security_headers(page, live_server, axe):
    response = page.goto(live_server("/no-such-page"))
    assert response.status == 404
    headers = response.headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert page.get_by_role("heading", level=1).inner_text() == "Not Found"
    assert "There is no page at this address" in page.locator(".lead").inner_text()
    axe(page)


def test_the_api_documentation_lists_the_operations_from_local_files(page, live_server, axe):
    outside = []
    page.on("request", lambda r: None if r.url.startswith((live_server(""), "data:")) else outside.append(r.url))
    page.goto(live_server("/schema"))
    search = page.locator(".opblock-summary-path", has_text="/api/case-studies").first
    search.wait_for()
    assert page.locator(".api-docs-fallback").count() == 0  # Swagger UI replaced it
    assert page.locator(".opblock").count() > 20
    axe(page)
    page.locator(".opblock", has=page.locator('[data-path="/api/case-studies"]')).locator(
        ".opblock-summary-control"
    ).click()
    page.get_by_text("Words to search for", exact=False).first.wait_for()
    axe(page)
    assert outside == []
    favicon = page.request.get(live_server("/favicon.ico"))
    assert (favicon.status, favicon.headers["content-type"]) == (200, "image/svg+xml")


def test_the_search_filters_fold_on_a_narrow_screen(new_page, session, live_app, request, axe):
    seed_public_corpus(session)
    live_app.state.ctx.search.engine.ensure_indexes()
    live_app.state.ctx.search.drain_outbox()
    live_server = request.getfixturevalue("live_server")
    narrow = new_page(viewport={"width": 390, "height": 844})
    narrow.goto(live_server("/case-studies"))
    filters = narrow.get_by_role("heading", name="Filter results")
    toggle = narrow.locator(".facets-toggle > summary")
    assert toggle.is_visible() and not filters.is_visible()
    axe(narrow)
    toggle.click()
    assert filters.is_visible()
    axe(narrow)

    wide = new_page(viewport={"width": 1280, "height": 900})
    wide.goto(live_server("/case-studies"))
    assert wide.get_by_role("heading", name="Filter results").is_visible()
    assert not wide.locator(".facets-toggle > summary").is_visible()

    no_script = new_page(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    no_script.goto(live_server("/case-studies"))
    no_script.locator(".facets-toggle > summary").click()
    assert no_script.get_by_role("heading", name="Filter results").is_visible()
