"""Engines for the contract suite: the embedded engine always; Meilisearch when one is
reachable (see tests/meili.py; otherwise those cases skip with a reason)."""

from __future__ import annotations

import pytest

from search.engines.embedded import EmbeddedEngine
from search.service import SearchService
from tests.meili import make_meili_engine

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
