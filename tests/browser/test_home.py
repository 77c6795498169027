"""The home page in a real browser: loads with its CSP intact and passes axe-core."""

from __future__ import annotations

import pytest

from catalogue.assets import asset_url

pytestmark = pytest.mark.browser


def test_home_page_has_no_axe_violations(page, live_server, axe):
    page.goto(live_server("/"))

    assert page.title() == "Health and social care award entries and case studies · Catalogue"
    axe(page)


def test_vendored_htmx_is_served(page, live_server):
    response = page.goto(live_server("/static/vendor/htmx/htmx.min.js"))

    assert (response.status, response.headers["content-type"]) == (200, "text/javascript; charset=utf-8")


def test_every_page_names_an_icon_that_is_served(page, live_server):
    """Browsers ask for an icon on every page; without one each visit logs a 404."""
    failed: list[str] = []
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)

    page.goto(live_server("/"))
    href = page.locator('link[rel="icon"]').get_attribute("href", timeout=2000)
    icon = page.request.get(live_server(href or ""))

    assert failed == []
    assert (href, icon.status, icon.headers["content-type"]) == (asset_url("favicon.svg"), 200, "image/svg+xml")
