"""`SearchEngine.write`: several writes sent at once and awaited once, on every engine; and
on Meilisearch, a task that fails for real raises, and a drain that hit it keeps its rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, col, select

from catalogue.outbox.domain import record_nomination_changes
from catalogue.outbox.models import SearchOutbox
from catalogue.timeutil import utcnow
from search.engines.base import Delete, SearchError, Upsert
from search.query import PRIVATE_INDEX, PUBLIC_INDEX, SearchQuery
from seed.synthetic import Corpus
from tests.integration.search.corpus import write_corpus

only_meilisearch = pytest.mark.parametrize("engine_name", ["meilisearch"])


def documents(count: int, *, start: int = 1) -> list[dict]:
    """Synthetic documents in the real shape, ids `start`, `start + 1`, ..."""
    return [{**doc, "id": str(start + n)} for n, doc in enumerate(Corpus(seed=7).documents(count=count))]


def titles(engine, index: str, text: str) -> set[str]:
    result = engine.search(index, SearchQuery(text=text, facets=(), category_tree=False))
    return {hit.title for hit in result.hits}


def test_writes_land_in_their_order_within_each_index(search_engine):
    first, second, third = documents(3)
    renamed = {**third, "title": "Renamed afterwards zyxwvut"}

    search_engine.write(
        [
            Upsert(index=PRIVATE_INDEX, documents=[first, second, third]),
            Delete(index=PUBLIC_INDEX, ids=["1"]),  # not there yet: ignored
            Upsert(index=PUBLIC_INDEX, documents=[first]),
            Delete(index=PRIVATE_INDEX, ids=["2", "3"]),
            Upsert(index=PRIVATE_INDEX, documents=[renamed]),
            Upsert(index=PUBLIC_INDEX, documents=[second]),
            Delete(index=PUBLIC_INDEX, ids=["2"]),
            Upsert(index=PUBLIC_INDEX, documents=[]),  # empty writes are allowed
        ]
    )

    assert search_engine.document_ids(PRIVATE_INDEX) == {"1", "3"}
    assert search_engine.document_ids(PUBLIC_INDEX) == {"1"}
    assert titles(search_engine, PRIVATE_INDEX, "zyxwvut") == {"Renamed afterwards zyxwvut"}


def test_one_write_bigger_than_a_task_applies_all_of_it(search_engine):
    from search.engines.meili_schema import PER_TASK

    many = documents(PER_TASK + 7)

    search_engine.write(
        [
            Upsert(index=PRIVATE_INDEX, documents=many),
            Delete(index=PRIVATE_INDEX, ids=[d["id"] for d in many[: PER_TASK + 2]]),
        ]
    )

    assert search_engine.document_ids(PRIVATE_INDEX) == {d["id"] for d in many[PER_TASK + 2 :]}


@only_meilisearch
def test_a_failed_task_raises_once_the_others_have_run(search_engine):
    good, later = documents(2)

    with pytest.raises(SearchError) as raised:
        search_engine.write(
            [
                Upsert(index=PRIVATE_INDEX, documents=[good]),
                Upsert(index=PRIVATE_INDEX, documents=[{**later, "id": "not a valid id!"}]),
                Upsert(index=PUBLIC_INDEX, documents=[later]),
            ]
        )

    assert "failed" in str(raised.value) and "adding 1 documents" in str(raised.value)
    # awaited before raising: the tasks around the failed one have already run
    assert search_engine.document_ids(PUBLIC_INDEX) == {"2"}


def _outbox(db_engine) -> list[tuple[int, int, bool]]:
    with Session(db_engine) as session:
        rows = session.exec(select(SearchOutbox).order_by(col(SearchOutbox.id))).all()
    return [(row.nomination_id, row.attempts, bool(row.last_error)) for row in rows]


@only_meilisearch
def test_a_drain_whose_removal_task_fails_keeps_its_rows_for_a_retry(session, search_service):
    engine = search_service.engine
    write_corpus(session)  # six entries, "4" unpublished: its change includes a public removal
    # removals filter on `id`; an operator's settings change makes that filter, so the task, fail
    task = engine.admin.index(engine.uid(PUBLIC_INDEX)).update_filterable_attributes(["status"])
    engine.wait(task, "test: making id unfilterable")

    report = search_service.drain_outbox_once()

    assert (report.claimed, report.applied) == (6, 0)
    assert "not filterable" in report.error and "deleting 1 documents" in report.error
    assert _outbox(search_service.db_engine) == [(n, 1, True) for n in range(1, 7)]

    engine.ensure_indexes()  # what start-up does: the settings are ours again
    assert search_service.drain_outbox(now=utcnow() + timedelta(minutes=10)) == 6
    assert _outbox(search_service.db_engine) == []
    assert engine.document_ids(PUBLIC_INDEX) == {"1", "2", "3", "5", "6"}
    assert engine.document_ids(PRIVATE_INDEX) == {"1", "2", "3", "4", "5", "6"}


def test_one_drain_claims_the_engines_batch_and_applies_every_row(session, search_service):
    write_corpus(session)
    record_nomination_changes(session, nomination_ids=[1, 2, 3])  # a second row for these three
    session.commit()

    report = search_service.drain_outbox_once()

    assert (report.claimed, report.applied, report.error) == (9, 9, "")
    assert _outbox(search_service.db_engine) == []
    assert search_service.engine.document_ids(PRIVATE_INDEX) == {"1", "2", "3", "4", "5", "6"}
