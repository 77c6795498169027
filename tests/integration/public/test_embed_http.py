"""The embed's config and page over HTTP against a real Meilisearch: what reaches browsers
(never the admin key), the CSP of /embed, and CORS for the configured origins only."""

from __future__ import annotations

from dataclasses import replace

import pytest
from litestar.testing import TestClient

from catalogue.app import create_app
from catalogue.embed.domain import NEEDS_SEARCH_KEY
from catalogue.security import CONTENT_SECURITY_POLICY
from search.engines.meili import MeiliEngine

PARTNER = "https://partner.example.org"
PUBLIC_URL = "https://search.example.org/meili"


@pytest.fixture
def embed_client(settings, meili_server, meili_engine):
    """Build an app on Meilisearch with settings changed as given; yields a TestClient.
    By default the engine holds the master key and provisions its own keys; `api_key` and
    `search_key` give it operator-managed keys instead."""
    clients = []

    def _client(*, api_key: str | None = None, search_key: str = "", **changes) -> TestClient:
        api_key = meili_server.master_key if api_key is None else api_key
        engine = MeiliEngine(
            url=meili_server.url, api_key=api_key, search_key=search_key, index_prefix=meili_engine.prefix
        )
        app_settings = replace(
            settings,
            **{
                "search_engine": "meilisearch",
                "meilisearch_url": meili_server.url,
                "meilisearch_api_key": api_key,
                "meilisearch_search_key": search_key,
                "embed_origins": (PARTNER,),
                **changes,
            },
        )
        client = TestClient(create_app(app_settings, search_engine=engine))
        clients.append(client.__enter__())
        return client

    yield _client
    for client in clients:
        client.__exit__(None, None, None)


def writer_key(server, engine) -> str:
    """An operator's admin key for the engine's indexes that may not manage keys."""
    import meilisearch

    master = meilisearch.Client(server.url, server.master_key, timeout=5)
    return master.create_key(
        {
            "actions": ["search", "documents.*", "indexes.*", "settings.*", "tasks.*"],
            "indexes": [f"{engine.prefix}*"],
            "expiresAt": None,
            "description": "embed test writer",
        }
    ).key


def test_the_config_holds_the_public_url_the_prefixed_index_and_the_search_only_key(
    embed_client, meili_engine, meili_server
):
    client = embed_client(meilisearch_public_url=PUBLIC_URL)

    response = client.get("/embed/config.json")

    assert response.status_code == 200
    body = response.json()
    assert body == {
        "meilisearch_url": PUBLIC_URL,
        "index_uid": f"{meili_engine.prefix}case_studies",
        "search_key": meili_engine.browser_search_key(),
        "case_study_url": "/case-studies/{slug}",
        "status_labels": body["status_labels"],
    }
    assert body["status_labels"]["highly_commended"] == "Highly commended"
    assert meili_server.master_key not in response.text
    assert response.headers["cache-control"] == "max-age=300"


def test_the_public_url_defaults_to_the_meilisearch_url(embed_client, meili_server):
    assert embed_client().get("/embed/config.json").json()["meilisearch_url"] == meili_server.url


def test_the_page_lets_the_widget_reach_meilisearch_and_shows_no_key(embed_client, meili_engine, meili_server):
    client = embed_client(meilisearch_public_url=PUBLIC_URL)

    page = client.get("/embed")
    other = client.get("/case-studies")

    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    assert "connect-src 'self' https://search.example.org/meili/;" in policy
    assert "script-src 'self';" in policy and "style-src 'self';" in policy
    assert other.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert 'data-catalogue-config="/embed/config.json"' in page.text
    assert meili_server.master_key not in page.text
    assert meili_engine.browser_search_key() not in page.text


def test_an_admin_key_as_search_key_is_refused_and_never_published(embed_client, meili_server, meili_engine):
    admin_key = writer_key(meili_server, meili_engine)
    client = embed_client(api_key=admin_key, search_key=admin_key)

    config = client.get("/embed/config.json")
    page = client.get("/embed")

    assert (config.status_code, config.json()) == (404, {"status": 404, "error": NEEDS_SEARCH_KEY})
    assert admin_key not in config.text
    assert admin_key not in page.text
    assert NEEDS_SEARCH_KEY in page.text
    assert "connect-src 'self';" in page.headers["content-security-policy"]


def test_without_a_search_key_there_is_no_config(embed_client, meili_server, meili_engine):
    response = embed_client(api_key=writer_key(meili_server, meili_engine)).get("/embed/config.json")

    assert (response.status_code, response.json()) == (404, {"status": 404, "error": NEEDS_SEARCH_KEY})


def test_cors_answers_the_configured_origin_only_and_only_for_reading(embed_client):
    client = embed_client()

    allowed = client.get("/embed/config.json", headers={"origin": PARTNER})
    refused = client.get("/embed/config.json", headers={"origin": "https://stranger.example.org"})
    error = client.get("/embed/nowhere.json", headers={"origin": PARTNER})
    write = client.options("/api/nominations", headers={"origin": PARTNER, "access-control-request-method": "POST"})

    assert allowed.headers["access-control-allow-origin"] == PARTNER
    assert allowed.headers["vary"] == "Origin"
    assert "access-control-allow-credentials" not in allowed.headers
    assert "access-control-allow-origin" not in refused.headers
    assert error.status_code == 404 and error.headers["access-control-allow-origin"] == PARTNER
    assert (write.status_code, write.text) == (400, "Disallowed CORS method")


def test_without_embed_origins_there_are_no_cors_headers(embed_client):
    client = embed_client(embed_origins=())

    response = client.get("/embed/config.json", headers={"origin": PARTNER})

    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers
