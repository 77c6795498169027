"""Shared fixtures: a real database (SQLite, or PostgreSQL when CATALOGUE_TEST_DATABASE_URL is
set), settings pointing at a temporary data directory, the app and an HTTP client.

CATALOGUE_TEST_ENGINE=meilisearch makes the app of these fixtures search with a real
Meilisearch (one server per test session, an index prefix and scoped keys per test)
instead of the embedded engine. Under CI=true with a `meilisearch` binary on PATH, a test
that needs Meilisearch and skips is reported as a failure: CI must exercise it."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import replace

import pytest
import redis
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

import catalogue.models  # noqa: F401 - registers every table
from catalogue.db import make_engine
from catalogue.settings import Settings
from tests.meili import MeiliServer, drop_meili_prefix, free_port, make_meili_engine, start_meili_server
from tests.redis_server import redis_process, redis_server  # noqa: F401 - shared fixtures
from tests.smtp import smtp_server  # noqa: F401 - shared fixture

TEST_SECRET = "test-secret-key-0123456789-abcdefghijklmnop"
POSTGRES_URL = os.environ.get("CATALOGUE_TEST_DATABASE_URL", "")
TEST_ENGINE = os.environ.get("CATALOGUE_TEST_ENGINE", "embedded").strip() or "embedded"
if TEST_ENGINE not in ("embedded", "meilisearch"):
    raise pytest.UsageError(f"CATALOGUE_TEST_ENGINE={TEST_ENGINE!r} is not one of: embedded, meilisearch")


def _needs_meilisearch(item: pytest.Item) -> bool:
    callspec = getattr(item, "callspec", None)
    engine_param = callspec.params.get("engine_name") if callspec is not None else None
    fixtures = getattr(item, "fixturenames", ())
    return (
        engine_param == "meilisearch"
        or "meili_server" in fixtures
        or (TEST_ENGINE == "meilisearch" and "settings" in fixtures)
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI=true with a meilisearch binary on PATH, a Meilisearch test may not skip."""
    outcome = yield
    report = outcome.get_result()
    if (
        report.skipped
        and not hasattr(report, "wasxfail")
        and os.environ.get("CI") == "true"
        and shutil.which("meilisearch")
        and _needs_meilisearch(item)
    ):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reason = reason.removeprefix("Skipped: ")
        report.outcome = "failed"
        report.longrepr = (
            f"CI=true and a meilisearch binary is on PATH, so this Meilisearch test must run, but it skipped: {reason}"
        )


@pytest.fixture(scope="session")
def meili_server(tmp_path_factory) -> Iterator[MeiliServer]:
    yield from start_meili_server(tmp_path_factory)


@pytest.fixture
def meili_engine(meili_server):
    """A Meilisearch engine on indexes of this test's own, provisioning its own keys."""
    engine, cleanup = make_meili_engine(meili_server)
    engine.ensure_indexes()
    yield engine
    cleanup()


def _normalise(url: str) -> str:
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@pytest.fixture
def database_url(tmp_path) -> Iterator[str]:
    """A fresh, empty database for one test."""
    if not POSTGRES_URL:
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    base = _normalise(POSTGRES_URL)
    admin = make_engine(base)
    name = f"t_{uuid.uuid4().hex[:12]}"
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def db_engine(database_url) -> Iterator[Engine]:
    engine = make_engine(database_url)
    SQLModel.metadata.create_all(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def session(db_engine) -> Iterator[Session]:
    with Session(db_engine, expire_on_commit=False) as s:
        yield s


@pytest.fixture
def settings(tmp_path, database_url, db_engine, request) -> Iterator[Settings]:
    """Settings for an app over the test database (schema already created), searching with
    the engine CATALOGUE_TEST_ENGINE names (embedded by default)."""
    base = Settings(
        env="test",
        data_dir=tmp_path / "data",
        database_url=database_url,
        secret_key=TEST_SECRET,
        start_outbox_worker=False,
    )
    if TEST_ENGINE == "embedded":
        yield base
        return
    server: MeiliServer = request.getfixturevalue("meili_server")
    prefix = f"t{uuid.uuid4().hex[:10]}_"
    yield replace(
        base,
        search_engine="meilisearch",
        meilisearch_url=server.url,
        meilisearch_api_key=server.master_key,
        meilisearch_index_prefix=prefix,
    )
    drop_meili_prefix(server, prefix)


@pytest.fixture
def unreachable_search_settings(settings) -> Settings:
    """`settings` with a search engine that cannot be used from the start: for the embedded
    engine a plain file where its index folder belongs; for Meilisearch a port nobody
    listens on."""
    if settings.search_engine == "meilisearch":
        return replace(settings, meilisearch_url=f"http://127.0.0.1:{free_port()}")
    settings.data_dir.mkdir(parents=True)
    settings.index_dir.write_text("not a directory: the engine cannot open its index")
    return settings


@pytest.fixture(params=["memory", "redis"])
def store_settings(request, settings) -> Settings:
    """`settings` twice: with the in-process store, and with the session's real Redis,
    emptied first so counts from an earlier test do not carry over."""
    if request.param == "memory":
        return settings
    url: str = request.getfixturevalue("redis_server")
    with redis.Redis.from_url(url) as client:
        client.flushdb()
    return replace(settings, store_url=url)


@pytest.fixture
def make_settings(settings):
    def _make(**changes) -> Settings:
        return replace(settings, **changes)

    return _make


@pytest.fixture
def app(settings):
    """The real app over the test database (search engine built from settings)."""
    from catalogue.app import create_app

    return create_app(settings)


@pytest.fixture
def client(app):
    from litestar.testing import TestClient

    with TestClient(app) as test_client:
        yield test_client
