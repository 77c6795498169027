"""Shared fixtures: a real database (SQLite, or PostgreSQL when CATALOGUE_TEST_DATABASE_URL is
set), settings pointing at a temporary data directory, the app and an HTTP client."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import replace

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

import catalogue.models  # noqa: F401 - registers every table
from catalogue.db import make_engine
from catalogue.settings import Settings

TEST_SECRET = "test-secret-key-0123456789-abcdefghijklmnop"
POSTGRES_URL = os.environ.get("CATALOGUE_TEST_DATABASE_URL", "")


def _normalise(url: str) -> str:
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
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
def settings(tmp_path, database_url, db_engine) -> Settings:
    """Settings for an app over the test database (schema already created)."""
    return Settings(
        env="test",
        data_dir=tmp_path / "data",
        database_url=database_url,
        secret_key=TEST_SECRET,
        start_outbox_worker=False,
    )


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
