"""The embeddable search in a real Chromium against a real Meilisearch: typo tolerance, the
category menu, the snippet on a page of another origin (CORS allowed and refused), axe and CSP."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

from tests.browser.conftest import live_address
from tests.public_corpus import seed_public_corpus

pytestmark = pytest.mark.browser
#: what "twiter" finds in the public corpus (the third mentions Twitter in its story)
TWITTER_SLUGS = ["local-trust-is-a-top-tweeter", "shift-ms-twitter-takeover", "twitter-for-social-care-leaders"]


@dataclass(frozen=True, kw_only=True)
class StaticSite:
    """Another organisation's website: static files on another loopback port."""

    origin: str
    root: Path

    def publish(self, name: str, body: str) -> str:
        (self.root / name).write_text(body, encoding="utf-8")
        return f"{self.origin}/{name}"


def _static_site(root: Path) -> Iterator[StaticSite]:
    root.mkdir()
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True, name="static-site")
    thread.start()
    try:
        yield StaticSite(origin=f"http://127.0.0.1:{server.server_address[1]}", root=root)
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:
        pass


@pytest.fixture
def partner_site(tmp_path) -> Iterator[StaticSite]:
    """A site whose origin is in CATALOGUE_EMBED_ORIGINS."""
    yield from _static_site(tmp_path / "partner")


@pytest.fixture
def stranger_site(tmp_path) -> Iterator[StaticSite]:
    """A site whose origin is not."""
    yield from _static_site(tmp_path / "stranger")


@pytest.fixture
def live_app(settings, meili_server, meili_engine, live_socket, partner_site):
    """The app on Meilisearch (the engine's own prefixed index and search-only key), with the
    partner site allowed to fetch the embed's config."""
    from catalogue.app import create_app

    settings = replace(
        settings,
        search_engine="meilisearch",
        meilisearch_url=meili_server.url,
        meilisearch_api_key=meili_server.master_key,
        meilisearch_search_key="",
        base_url=live_address(live_socket),
        embed_origins=(partner_site.origin,),
    )
    return create_app(settings, search_engine=meili_engine)


@pytest.fixture
def site(request, session, live_app):
    """The live server over the public corpus, indexed in Meilisearch through the outbox."""
    seed_public_corpus(session)
    live_app.state.ctx.search.drain_outbox()
    return request.getfixturevalue("live_server")


def _hit_slugs(page) -> list[str]:
    hrefs = page.locator(".ce-hit-title a").evaluate_all("els => els.map(e => e.href)")
    return sorted(h.rsplit("/", 1)[1] for h in hrefs)


def _menu_counts(page, scope: str) -> list[str]:
    return page.locator(f"{scope} .ce-facet-link").evaluate_all(
        "els => els.map(e => e.querySelector('.ce-name').textContent + ' ' "
        "+ e.querySelector('.ce-count').firstChild.textContent)"
    )


def _filter_counts(page, facet: str) -> list[str]:
    section = page.locator(".ce-facet", has=page.get_by_role("heading", name=facet, exact=True))
    return section.locator(".ais-RefinementList-label").evaluate_all(
        "els => els.map(e => e.querySelector('.ais-RefinementList-labelText').textContent + ' ' "
        "+ e.querySelector('.ais-RefinementList-count').textContent)"
    )


def _wait_for_stats(page, text: str) -> None:
    page.wait_for_function(
        "t => document.querySelector('.ce-stats .ais-Stats-text')?.textContent.trim() === t", arg=text
    )


def test_a_typo_finds_the_twitter_case_studies_with_links_back(page, site):
    page.goto(site("/embed"))
    _wait_for_stats(page, "5 case studies found.")

    page.get_by_label("Search case studies").fill("twiter")
    _wait_for_stats(page, "3 case studies found.")

    assert _hit_slugs(page) == TWITTER_SLUGS
    assert _hit_slugs(page) == sorted(
        hit["slug"] for hit in requests.get(site("/api/case-studies?q=twiter"), timeout=5).json()["hits"]
    )  # as the site's own search
    marks = page.locator(".ce-hit mark").all_text_contents()  # Meilisearch marks the matched part
    assert marks and all(mark.lower().startswith("twitte") for mark in marks)
    page.get_by_role("link", name="Shift.ms Twitter Takeover").click()
    page.wait_for_url(site("/case-studies/shift-ms-twitter-takeover"))


def test_choosing_a_category_level_changes_hits_and_counts(page, site):
    page.goto(site("/embed"))
    _wait_for_stats(page, "5 case studies found.")
    tree_before = _menu_counts(page, ".ce-facet")
    outcomes_before = _filter_counts(page, "Outcome")

    page.locator(".ce-facet-link", has_text="Acute").click()
    _wait_for_stats(page, "2 case studies found.")

    # the embed's menu sorts by name (InstantSearch's default), not in taxonomy order
    assert tree_before == [
        "Acute 2",
        "Commissioning and Procurement 1",
        "Community Services 2",
        "Digital inclusion 1",
        "Digital technology 1",
        "Going the extra mile 1",
        "Integrating health and social care 1",
        "Leadership and Management 2",
        "Learning from carers 1",
        "Listening to service users 1",
        "Making Social media work for us 3",
        "Mental Health 2",
        "Patient Empowerment 1",
        "Primary Care 1",
        "Social Care 2",
        "Together we can 1",
    ]
    assert _hit_slugs(page) == ["dementia-friendly-wards", "shift-ms-twitter-takeover"]
    assert page.locator(".ce-facet-link.is-selected").evaluate_all(
        "els => els.map(e => e.getAttribute('aria-current'))"
    ) == ["true"]
    assert _menu_counts(page, ".ais-HierarchicalMenu-list--child") == [
        "Clinical Support 1",
        "Family Care 2",
        "Learning from carers 1",
        "Listening to service users 1",
        "Medicine 1",
        "Patient Empowerment 1",
        "Surgery 1",
        "Together we can 1",
    ]
    assert outcomes_before != _filter_counts(page, "Outcome")
    assert sorted(_filter_counts(page, "Outcome")) == ["Highly commended 1", "Winner 1"]

    page.get_by_label("Winner").check()
    _wait_for_stats(page, "1 case study found.")
    assert _hit_slugs(page) == ["shift-ms-twitter-takeover"]
    # only Shift.ms is a winner; its source lists all of these under Acute
    assert _menu_counts(page, ".ais-HierarchicalMenu-list--child") == [
        "Clinical Support 1",
        "Family Care 1",
        "Learning from carers 1",
        "Listening to service users 1",
        "Medicine 1",
        "Patient Empowerment 1",
        "Surgery 1",
        "Together we can 1",
    ]


def test_the_embed_page_has_no_axe_or_csp_problems_and_never_shows_a_key(page, site, axe, meili_server):
    page.goto(site("/embed"))
    _wait_for_stats(page, "5 case studies found.")
    page.locator(".ce-facet-link", has_text="Acute").click()
    _wait_for_stats(page, "2 case studies found.")

    axe(page)
    html = page.content()
    search_key = requests.get(site("/embed/config.json"), timeout=5).json()["search_key"]
    assert meili_server.master_key not in html
    assert search_key not in html
    # the `page` fixture fails the test on any CSP violation or script error


def _documented_snippet(page, site) -> str:
    page.goto(site("/embed"))
    return page.locator("#embed-snippet").text_content()


def _organisation_page(snippet: str) -> str:
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Our partner site</title></head>"
        f"<body><main><h1>Learn from others</h1>{snippet}</main></body></html>"
    )


def test_the_documented_snippet_works_on_an_allowed_site(page, site, partner_site):
    snippet = _documented_snippet(page, site)
    assert snippet.startswith(f'<div id="catalogue-search"></div>\n<script src="{site("/static/js/embed.js")}"')

    page.goto(partner_site.publish("index.html", _organisation_page(snippet)))
    _wait_for_stats(page, "5 case studies found.")
    page.get_by_label("Search case studies").fill("twiter")
    _wait_for_stats(page, "3 case studies found.")

    assert _hit_slugs(page) == TWITTER_SLUGS
    assert page.locator(".ce-hit-title a").first.get_attribute("href").startswith(site("/case-studies/"))


def test_a_site_not_allowed_cannot_read_the_config(page, site, stranger_site):
    snippet = _documented_snippet(page, site)

    page.goto(stranger_site.publish("index.html", _organisation_page(snippet)))

    problem = page.locator(".ce-problem")
    problem.wait_for()
    assert problem.text_content().startswith("The case-study search could not be loaded")
    assert page.locator(".ce-hit").count() == 0


def test_cors_headers_name_only_the_allowed_origin(site, partner_site, stranger_site):
    allowed = requests.get(site("/embed/config.json"), headers={"Origin": partner_site.origin}, timeout=5)
    refused = requests.get(site("/embed/config.json"), headers={"Origin": stranger_site.origin}, timeout=5)
    preflight = requests.options(
        site("/embed/config.json"),
        timeout=5,
        headers={"Origin": stranger_site.origin, "Access-Control-Request-Method": "GET"},
    )
    write = requests.options(
        site("/api/nominations"),
        timeout=5,
        headers={"Origin": partner_site.origin, "Access-Control-Request-Method": "POST"},
    )

    assert allowed.headers["access-control-allow-origin"] == partner_site.origin
    assert "access-control-allow-credentials" not in allowed.headers
    assert "access-control-allow-origin" not in refused.headers
    assert preflight.status_code == 400
    assert write.status_code == 400
