"""/embed on the default embedded engine: a proper page that explains how to switch embedding
on (no widget, no script), and a config that answers 404 with a JSON error."""

from __future__ import annotations

import pytest
import requests

pytestmark = pytest.mark.browser


def test_the_page_explains_that_embedding_needs_meilisearch(page, live_server, axe):
    response = page.goto(live_server("/embed"))

    assert response.status == 200
    notice = page.locator("#embed-unavailable")
    assert "needs the Meilisearch engine" in notice.text_content()
    assert page.locator("#catalogue-search").count() == 0
    assert page.locator("script[src*='embed.js']").count() == 0
    assert page.locator("#embed-snippet").text_content().startswith('<div id="catalogue-search"></div>')
    axe(page)
    # the `page` fixture fails the test on any CSP violation or script error


def test_the_config_is_a_404_with_a_clear_json_error(live_server):
    response = requests.get(live_server("/embed/config.json"), timeout=5)

    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {
        "status": 404,
        "error": "Embeddable search needs the Meilisearch engine; this site uses the built-in search engine.",
    }
