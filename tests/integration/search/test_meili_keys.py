"""Scoped keys against the real Meilisearch: what the app provisions from MEILISEARCH_API_KEY,
how it uses an operator's own keys, and a read-only process with only MEILISEARCH_SEARCH_KEY."""

from __future__ import annotations

from datetime import UTC, datetime

import meilisearch
import pytest
from meilisearch.errors import MeilisearchApiError
from sqlmodel import Session, select

from catalogue.outbox.models import SearchOutbox
from search.documents import build_document
from search.engines.meili import MeiliEngine
from search.engines.meili_keys import MeiliKeyError, ReadOnlyEngine, key_uid
from search.query import PRIVATE_INDEX, PUBLIC_INDEX, SearchQuery
from search.service import SearchService
from tests.factories import make_nomination

ROLES = {
    "public-search": (["search"], ["{p}case_studies"]),
    "private-search": (["search"], ["{p}nominations"]),
    "writer": (["documents.*", "indexes.*", "settings.*", "tasks.*"], ["{p}case_studies*", "{p}nominations*"]),
    "task-watcher": (["tasks.get"], ["*"]),
}


def _engine(meili_server, prefix: str, **keys) -> MeiliEngine:
    return MeiliEngine(url=meili_server.url, index_prefix=prefix, **keys)


def _refused(client: meilisearch.Client, call, *args) -> str:
    with pytest.raises(MeilisearchApiError) as caught:
        call(client, *args)
    return str(caught.value.code)


def _search(client: meilisearch.Client, uid: str) -> dict:
    return client.index(uid).search("", {"limit": 0})


def _made_keys(master: meilisearch.Client, prefix: str) -> dict:
    uids = {key_uid(index_prefix=prefix, role=role): role for role in ROLES}
    return {uids[k.uid]: k for k in master.get_keys({"limit": 1000}).results if k.uid in uids}


def _published_document(*, id: int = 1) -> dict:
    return build_document(
        nomination_id=id,
        slug=f"entry-{id}",
        title="Dementia wards",
        organisation="Trust",
        organisation_type="NHS trust",
        region="London",
        summary="",
        body_text="",
        award="A",
        cycle=2016,
        status="winner",
        category_paths=[],
        published_at=datetime(2016, 1, 1, tzinfo=UTC),
    )


def test_the_master_key_provisions_four_scoped_keys_once(meili_server, master, prefix):
    engine = _engine(meili_server, prefix, api_key=meili_server.master_key)
    engine.ensure_indexes()
    made = _made_keys(master, prefix)

    assert {role: (sorted(k.actions), sorted(k.indexes)) for role, k in made.items()} == {
        role: (sorted(actions), sorted(i.format(p=prefix) for i in indexes))
        for role, (actions, indexes) in ROLES.items()
    }
    assert all(k.expires_at is None for k in made.values())
    # no query path uses the master key
    assert meili_server.master_key not in {
        engine.public.config.api_key,
        engine.private.config.api_key,
        engine.admin.config.api_key,
    }
    assert engine.browser_search_key() == made["public-search"].key

    again = _engine(meili_server, prefix, api_key=meili_server.master_key)  # a restart, or a replica
    again.ensure_indexes()
    assert again.browser_search_key() == engine.browser_search_key()
    assert {role: k.key for role, k in _made_keys(master, prefix).items()} == {r: k.key for r, k in made.items()}


def test_each_provisioned_key_can_do_its_job_and_nothing_more(meili_server, master, prefix):
    engine = _engine(meili_server, prefix, api_key=meili_server.master_key)
    engine.upsert(PUBLIC_INDEX, [_published_document()])
    public, private = prefix + PUBLIC_INDEX, prefix + PRIVATE_INDEX
    browser = meilisearch.Client(meili_server.url, engine.browser_search_key(), timeout=5)

    assert engine.search(PUBLIC_INDEX, SearchQuery(text="dementia")).total == 1
    assert _search(browser, public)["estimatedTotalHits"] == 1
    assert _refused(browser, _search, private) == "invalid_api_key"
    assert _refused(browser, meilisearch.Client.get_raw_index, public) == "invalid_api_key"
    assert _refused(browser, lambda c: c.index(public).delete_all_documents()) == "invalid_api_key"
    assert _refused(browser, meilisearch.Client.get_keys) == "invalid_api_key"
    assert _refused(engine.private, _search, public) == "invalid_api_key"
    assert _refused(engine.admin, meilisearch.Client.get_keys) == "invalid_api_key"
    # the writer key stays inside this engine's indexes (and their rebuild copies)
    assert _refused(engine.admin, meilisearch.Client.create_index, f"{prefix}other") == "invalid_api_key"


def test_a_rebuild_swaps_with_the_scoped_writer_key(meili_server, prefix):
    engine = _engine(meili_server, prefix, api_key=meili_server.master_key)
    build = engine.start_rebuild(PUBLIC_INDEX)
    assert build.uid.startswith(f"{prefix}case_studies__build_")
    build.add([_published_document(id=7)])
    build.swap()

    assert engine.document_ids(PUBLIC_INDEX) == {"7"}


def test_the_default_admin_key_may_provision_too(meili_server, master, prefix):
    admin_key = next(k.key for k in master.get_keys({"limit": 1000}).results if k.name == "Default Admin API Key")
    engine = _engine(meili_server, prefix, api_key=admin_key)
    engine.ensure_indexes()

    assert set(_made_keys(master, prefix)) == set(ROLES)


def test_a_provisioned_key_deleted_by_an_operator_is_made_again_on_the_next_use(meili_server, master, prefix):
    engine = _engine(meili_server, prefix, api_key=meili_server.master_key)
    engine.ensure_indexes()
    master.delete_key(key_uid(index_prefix=prefix, role="public-search"))

    with pytest.raises(MeiliKeyError, match="the public search key Catalogue made with MEILISEARCH_API_KEY"):
        engine.search(PUBLIC_INDEX, SearchQuery())
    assert engine.search(PUBLIC_INDEX, SearchQuery()).total == 0
    assert "public-search" in _made_keys(master, prefix)


def _operator_write_key(master: meilisearch.Client) -> str:
    """A key that writes but may not manage keys (tasks on `*`: swap tasks need it)."""
    return master.create_key(
        {
            "actions": ["documents.*", "indexes.*", "settings.*", "tasks.*", "search"],
            "indexes": ["*"],
            "expiresAt": None,
            "description": "operator write key",
        }
    ).key


def test_a_key_that_cannot_manage_keys_is_the_write_key_and_the_search_key_serves_browsers(
    meili_server, master, prefix
):
    write_key = _operator_write_key(master)
    search_key = master.create_key({"actions": ["search"], "indexes": [prefix + PUBLIC_INDEX], "expiresAt": None}).key
    try:
        engine = _engine(meili_server, prefix, api_key=write_key, search_key=search_key)
        engine.upsert(PUBLIC_INDEX, [_published_document()])

        assert _made_keys(master, prefix) == {}
        assert (engine.admin.config.api_key, engine.public.config.api_key) == (write_key, search_key)
        assert engine.browser_search_key() == search_key
        assert engine.search(PUBLIC_INDEX, SearchQuery(text="dementia")).total == 1
        assert engine.health().state == "ok"
        without_search_key = _engine(meili_server, prefix, api_key=write_key)
        assert without_search_key.browser_search_key() is None
    finally:
        master.delete_key(write_key)
        master.delete_key(search_key)


def test_an_operator_search_key_that_can_do_more_is_never_given_to_browsers(meili_server, master, prefix):
    write_key = _operator_write_key(master)
    try:
        engine = _engine(meili_server, prefix, api_key=write_key, search_key=write_key)
        engine.ensure_indexes()
        assert engine.browser_search_key() is None
    finally:
        master.delete_key(write_key)


def test_with_only_a_search_key_the_process_is_read_only(meili_server, master, prefix, db_engine):
    writer = _engine(meili_server, prefix, api_key=meili_server.master_key)
    writer.upsert(PUBLIC_INDEX, [_published_document()])
    reader = _engine(meili_server, prefix, api_key="", search_key=writer.browser_search_key())
    service = SearchService(engine=reader, db_engine=db_engine)
    with Session(db_engine) as session:
        make_nomination(session, title="Waits for a writer", published=True)
        session.commit()

    reader.ensure_indexes()  # checks the search key, creates nothing
    assert reader.search(PUBLIC_INDEX, SearchQuery(text="dementia")).total == 1
    assert reader.claim_writer() is False
    assert service.drain_outbox() == 0
    with Session(db_engine) as session:
        assert len(session.exec(select(SearchOutbox)).all()) == 1  # left for a process that can write
    with pytest.raises(ReadOnlyEngine, match="MEILISEARCH_API_KEY is not set"):
        reader.upsert(PUBLIC_INDEX, [_published_document(id=2)])
    with pytest.raises(ReadOnlyEngine, match="MEILISEARCH_API_KEY is not set"):
        reader.start_rebuild(PUBLIC_INDEX)
    health = reader.health()
    assert health.ok and health.state.startswith("ok (read-only: MEILISEARCH_API_KEY is not set")
    assert reader.browser_search_key() == writer.browser_search_key()


def test_replicas_starting_together_both_find_their_indexes_ready(meili_server, master, prefix):
    """Several replicas start at once and race to create the same indexes: losing the race is
    not an error (the index exists), so no replica fails to start."""
    from concurrent.futures import ThreadPoolExecutor

    engines = [_engine(meili_server, prefix, api_key=meili_server.master_key) for _ in range(4)]
    with ThreadPoolExecutor(len(engines)) as pool:
        list(pool.map(lambda engine: engine.ensure_indexes(), engines))

    uids = {raw["uid"] for raw in master.get_raw_indexes({"limit": 1000})["results"]}
    assert {f"{prefix}case_studies", f"{prefix}nominations"} <= uids
