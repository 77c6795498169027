"""Engine down for real: writes still succeed and queue up, searches answer a friendly 503,
and once the engine is back the backlog drains and the indexes match the database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from litestar.testing import TestClient
from sqlmodel import Session, col, select

from catalogue.app import create_app
from catalogue.nominations.models import Nomination
from catalogue.outbox.models import SearchOutbox
from catalogue.timeutil import utcnow
from search.query import PRIVATE_INDEX, PUBLIC_INDEX
from tests.factories import make_nomination
from tests.integration.search.corpus import write_corpus
from tests.meili import make_meili_engine

UNAVAILABLE = {"status": 503, "error": "Search is temporarily unavailable. Please try again in a moment."}


def _db_ids(db_engine) -> tuple[set[str], set[str]]:
    with Session(db_engine) as session:
        rows = session.exec(select(Nomination.id, Nomination.published_at)).all()
    return {str(i) for i, p in rows if p is not None}, {str(i) for i, _ in rows}


def _outbox(db_engine) -> list[tuple[int, int, bool]]:
    with Session(db_engine) as session:
        rows = session.exec(select(SearchOutbox).order_by(col(SearchOutbox.id))).all()
    return [(row.nomination_id, row.attempts, bool(row.last_error)) for row in rows]


def _exercise_outage(client: TestClient, db_engine, *, break_engine, repair_engine) -> None:
    service = client.app.state.ctx.search
    with Session(db_engine, expire_on_commit=False) as session:
        write_corpus(session)
    assert service.drain_outbox() == 6
    assert client.get("/api/case-studies", params={"q": "network"}).json()["total"] == 3
    categories = client.get("/api/categories").json()  # counted by the engine
    assert sum(node["count"] for node in categories) > 0

    break_engine()

    with Session(db_engine) as session:  # the write itself succeeds
        late = make_nomination(session, title="Written during the outage", published=True)
        late_id = late.id
        session.commit()
    assert _outbox(db_engine) == [(late_id, 0, False)]
    report = service.drain_outbox_once()
    assert (report.claimed, report.applied, report.error.startswith("SearchUnavailable")) == (1, 0, True)
    assert _outbox(db_engine) == [(late_id, 1, True)]

    api = client.get("/api/case-studies", params={"q": "network"})
    assert (api.status_code, api.json()) == (503, UNAVAILABLE)
    page = client.get("/case-studies", params={"q": "network"})
    assert page.status_code == 503
    assert "temporarily unavailable" in page.text and "Traceback" not in page.text
    # the category tree is still served, counted in the database (the late entry has no category)
    assert client.get("/api/categories").json() == categories
    health = client.get("/healthz")
    assert (health.status_code, health.json()["status"], health.json()["outbox_backlog"]) == (503, "degraded", 1)
    assert health.json()["search"].startswith("unavailable: ")

    repair_engine()

    assert service.drain_outbox_once().claimed == 0  # backing off: not due yet
    assert service.drain_outbox(now=utcnow() + timedelta(minutes=10)) == 1
    assert _outbox(db_engine) == []
    published, everything = _db_ids(db_engine)
    assert service.engine.document_ids(PUBLIC_INDEX) == published
    assert service.engine.document_ids(PRIVATE_INDEX) == everything
    assert client.get("/api/case-studies", params={"q": "outage"}).json()["total"] == 1
    assert client.get("/healthz").json() == {
        "status": "ok",
        "database": "ok",
        "search": "ok",
        "install": "ok",
        "outbox_backlog": 0,
    }


def test_embedded_index_made_unusable(settings, db_engine):
    """Tests run as root, so chmod would not stop a write (root bypasses permission bits).
    Instead the index directory is moved away and a plain *file* put at its path: every
    open or create beneath it fails with ENOTDIR, for root too, as a lost volume would."""
    index_dir = settings.index_dir
    moved = index_dir.with_name("index.moved")

    def break_engine() -> None:
        index_dir.rename(moved)
        index_dir.write_text("not a directory\n")

    def repair_engine() -> None:
        index_dir.unlink()
        moved.rename(index_dir)

    with TestClient(create_app(settings)) as client:
        _exercise_outage(client, db_engine, break_engine=break_engine, repair_engine=repair_engine)


def test_meilisearch_stopped_and_restarted(settings, db_engine, meili_server):
    if meili_server.binary is None:
        pytest.skip("the Meilisearch at MEILISEARCH_URL is external: this test must stop and restart its own")
    engine, cleanup = make_meili_engine(meili_server)
    try:
        with TestClient(create_app(settings, search_engine=engine)) as client:
            _exercise_outage(client, db_engine, break_engine=meili_server.stop, repair_engine=meili_server.start)
    finally:
        if meili_server.process is None:
            meili_server.start()
        cleanup()
