"""Bad Meilisearch configuration against the real server: a wrong key, a search-only key where
one that writes is needed, a read-only process, and a server that is down at start-up. Each
gives one clear line naming the variable (log, CLI, /healthz), never the key itself."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from click.testing import CliRunner
from litestar.testing import TestClient
from sqlmodel import Session, select

from catalogue.app import create_app
from catalogue.cli import main
from catalogue.outbox.models import SearchOutbox
from catalogue.timeutil import utcnow
from search.engines.meili import MeiliEngine
from search.engines.meili_keys import MeiliKeyError
from search.query import PUBLIC_INDEX
from tests.factories import make_nomination

WRONG_KEY = "not-a-key-meilisearch-knows-0123456789"
UNAVAILABLE = {"status": 503, "error": "Search is temporarily unavailable. Please try again in a moment."}


@pytest.fixture
def search_only_key(master, prefix):
    key = master.create_key({"actions": ["search"], "indexes": ["*"], "expiresAt": None}).key
    yield key
    master.delete_key(key)


@pytest.fixture
def meili_settings(make_settings, meili_server, prefix):
    def _make(*, api_key: str = "", search_key: str = ""):
        return make_settings(
            search_engine="meilisearch",
            meilisearch_url=meili_server.url,
            meilisearch_api_key=api_key,
            meilisearch_search_key=search_key,
            meilisearch_index_prefix=prefix,
        )

    return _make


@pytest.fixture
def run_cli(monkeypatch, meili_settings, database_url):
    def _run(args: list[str], *, api_key: str = "", search_key: str = ""):
        settings = meili_settings(api_key=api_key, search_key=search_key)
        for name, value in {
            "CATALOGUE_ENV": "development",
            "CATALOGUE_DATABASE_URL": database_url,
            "CATALOGUE_DATA_DIR": str(settings.data_dir),
            "CATALOGUE_SEARCH_ENGINE": "meilisearch",
            "MEILISEARCH_URL": settings.meilisearch_url,
            "MEILISEARCH_API_KEY": api_key,
            "MEILISEARCH_SEARCH_KEY": search_key,
            "MEILISEARCH_INDEX_PREFIX": settings.meilisearch_index_prefix,
        }.items():
            monkeypatch.setenv(name, value)
        return CliRunner().invoke(main, args)

    return _run


def _one_error_line(result) -> str:
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


def test_a_wrong_api_key_is_named_in_the_log_healthz_and_cli_and_never_shown(meili_settings, run_cli, caplog):
    settings = meili_settings(api_key=WRONG_KEY)
    with caplog.at_level(logging.WARNING, logger="search"), TestClient(create_app(settings)) as client:
        api = client.get("/api/case-studies", params={"q": "x"})
        health = client.get("/healthz")
    started = [r.getMessage() for r in caplog.records if "start-up" in r.getMessage()]
    line = _one_error_line(run_cli(["reindex"], api_key=WRONG_KEY))

    assert started == [
        (
            "search engine not ready at start-up (indexing will retry): MEILISEARCH_API_KEY is "
            f"not accepted by Meilisearch at {settings.meilisearch_url} (a wrong key?)"
        )
    ]
    assert (api.status_code, api.json()) == (503, UNAVAILABLE)
    assert (health.status_code, health.json()["status"]) == (503, "degraded")
    assert health.json()["search"] == f"unavailable: {started[0].split(': ', 1)[1]}"
    assert line == (
        "Error: reindex failed, the live indexes are unchanged: MEILISEARCH_API_KEY is not accepted by "
        f"Meilisearch at {settings.meilisearch_url} (a wrong key?)"
    )
    assert WRONG_KEY not in caplog.text + health.text + line


def test_a_search_only_key_where_one_that_writes_is_needed_is_refused(meili_server, prefix, search_only_key, run_cli):
    engine = MeiliEngine(url=meili_server.url, api_key=search_only_key, index_prefix=prefix)
    with pytest.raises(MeiliKeyError) as caught:
        engine.ensure_indexes()
    line = _one_error_line(run_cli(["reindex"], api_key=search_only_key))

    assert str(caught.value) == (
        "MEILISEARCH_API_KEY is a search-only key, but writing needs the master key, or a "
        "key with the documents, indexes, settings and tasks rights on "
        f"{prefix}case_studies"
    )
    assert line == f"Error: reindex failed, the live indexes are unchanged: {caught.value}"
    assert search_only_key not in line
    assert engine.health().state == f"unavailable: {caught.value}"


def test_a_read_only_process_refuses_reindex_in_one_line_and_says_so_in_healthz(
    meili_settings, run_cli, search_only_key, master, prefix
):
    MeiliEngine(
        url=meili_settings().meilisearch_url, api_key=master.config.api_key, index_prefix=prefix
    ).ensure_indexes()  # a writing replica made the indexes
    line = _one_error_line(run_cli(["reindex"], search_key=search_only_key))
    with TestClient(create_app(meili_settings(search_key=search_only_key))) as client:
        health = client.get("/healthz")
        api = client.get("/api/case-studies")

    assert line == (
        "Error: reindex failed, the live indexes are unchanged: this process cannot write to "
        "Meilisearch: MEILISEARCH_API_KEY is not set (only MEILISEARCH_SEARCH_KEY, for searching)"
    )
    assert (health.status_code, health.json()["status"]) == (200, "ok")
    assert health.json()["search"] == (
        "ok (read-only: MEILISEARCH_API_KEY is not set, so this process searches with MEILISEARCH_SEARCH_KEY "
        "and leaves changes in the outbox for a process that can write)"
    )
    assert (api.status_code, api.json()["total"]) == (200, 0)


def test_a_wrong_search_key_is_named(meili_settings, meili_server):
    with TestClient(create_app(meili_settings(search_key=WRONG_KEY))) as client:
        health = client.get("/healthz")

    prefix = meili_settings().meilisearch_index_prefix
    assert (health.status_code, health.json()["search"]) == (
        503,
        (
            f"unavailable: MEILISEARCH_SEARCH_KEY is not accepted by Meilisearch at {meili_server.url} for "
            f"searching {prefix}case_studies (a wrong key, or one for other indexes?)"
        ),
    )
    assert WRONG_KEY not in health.text


def test_no_key_for_a_server_that_needs_one_says_which_variable_to_set(meili_server, prefix):
    engine = MeiliEngine(url=meili_server.url, api_key="", index_prefix=prefix)

    with pytest.raises(
        MeiliKeyError, match=f"^Meilisearch at {meili_server.url} requires a key: set MEILISEARCH_API_KEY$"
    ):
        engine.ensure_indexes()


def test_down_at_start_up_the_app_serves_503s_keeps_the_outbox_and_provisions_keys_once_back(
    meili_server, meili_settings, master, prefix, db_engine
):
    if meili_server.binary is None:
        pytest.skip("the Meilisearch at MEILISEARCH_URL is external: this test must stop and start its own")
    meili_server.stop()
    try:
        with TestClient(create_app(meili_settings(api_key=meili_server.master_key))) as client:
            api = client.get("/api/case-studies", params={"q": "outage"})
            page = client.get("/case-studies", params={"q": "outage"})
            health = client.get("/healthz")
            with Session(db_engine) as session:
                entry_id = make_nomination(session, title="Written while search is down", published=True).id
                session.commit()
            report = client.app.state.ctx.search.drain_outbox_once()
            with Session(db_engine) as session:
                kept = [(row.nomination_id, row.attempts) for row in session.exec(select(SearchOutbox)).all()]

            meili_server.start()

            applied = client.app.state.ctx.search.drain_outbox(now=utcnow() + timedelta(minutes=10))
            found = client.get("/api/case-studies", params={"q": "written"}).json()
            health_after = client.get("/healthz").json()
    finally:
        if meili_server.process is None:
            meili_server.start()

    assert (api.status_code, api.json()) == (503, UNAVAILABLE)
    assert page.status_code == 503 and "temporarily unavailable" in page.text
    assert (health.status_code, health.json()["status"]) == (503, "degraded")
    assert health.json()["search"].startswith("unavailable: Meilisearch unreachable while checking health")
    assert (report.claimed, report.applied, kept) == (1, 0, [(entry_id, 1)])
    assert applied == 1
    assert [hit["title"] for hit in found["hits"]] == ["Written while search is down"]
    assert (health_after["status"], health_after["search"], health_after["outbox_backlog"]) == ("ok", "ok", 0)
    engine = client.app.state.ctx.search.engine
    assert engine.browser_search_key() != meili_server.master_key
    assert engine.document_ids(PUBLIC_INDEX) == {str(entry_id)}
