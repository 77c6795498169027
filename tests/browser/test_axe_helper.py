"""The axe helper can fail: a page with an unlabelled image and input has violations."""

from __future__ import annotations

import pytest

from tests.browser.conftest import run_axe

pytestmark = pytest.mark.browser


def test_axe_reports_violations_on_an_inaccessible_page(page, live_server):
    page.goto(live_server("/"))
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main>'
        '<img src="/static/css/site.css"><input type="text"></main></body></html>'
    )

    violations = run_axe(page)

    assert sorted(v["id"] for v in violations) == ["image-alt", "label"]
