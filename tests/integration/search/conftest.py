"""Engines for the contract suite: the embedded engine always; Meilisearch when one is
reachable (see tests/meili.py; otherwise those cases skip with a reason)."""

from __future__ import annotations

import uuid

import meilisearch
import pytest

from search.engines.embedded import EmbeddedEngine
from search.service import SearchService
from tests.meili import drop_meili_prefix, make_meili_engine

ENGINES = ["embedded", "meilisearch"]


@pytest.fixture(params=ENGINES)
def engine_name(request) -> str:
    return request.param


@pytest.fixture
def search_engine(engine_name, tmp_path, request):
    if engine_name == "embedded":
        engine = EmbeddedEngine(root=tmp_path / "index")
        engine.ensure_indexes()
        yield engine
        engine.close()
        return
    server = request.getfixturevalue("meili_server")
    engine, cleanup = make_meili_engine(server)
    engine.ensure_indexes()
    yield engine
    cleanup()


@pytest.fixture
def search_service(search_engine, db_engine) -> SearchService:
    return SearchService(engine=search_engine, db_engine=db_engine)


@pytest.fixture
def master(meili_server) -> meilisearch.Client:
    """A client holding the test server's master key (for arranging keys and indexes)."""
    if not meili_server.master_key:
        pytest.skip("the Meilisearch at MEILISEARCH_URL has no master key in MEILISEARCH_API_KEY")
    return meilisearch.Client(meili_server.url, meili_server.master_key, timeout=5)


@pytest.fixture
def prefix(meili_server, master):
    """Index and key names of this test's own; dropped afterwards."""
    name = f"k{uuid.uuid4().hex[:10]}_"
    yield name
    drop_meili_prefix(meili_server, name)
