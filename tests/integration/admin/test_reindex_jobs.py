"""Re-index jobs live in the database: two apps over one database (two replicas) see the same
job, a second start on either is refused, and a job whose replica stopped is marked failed."""

from __future__ import annotations

import re
import threading
from dataclasses import replace
from datetime import timedelta

import pytest
from litestar.testing import TestClient
from sqlmodel import col, select

from catalogue.admin.models import AuditLog, ReindexJob
from catalogue.admin.reindex_jobs import STOPPED, begin_job, finish_job, touch_job
from catalogue.app import create_app
from catalogue.timeutil import utcnow
from tests.judging_world import post, sign_in_as


@pytest.fixture
def other_replica(settings, tmp_path):
    """A second app over the same database (its own data folder, as another machine has)."""
    with TestClient(create_app(replace(settings, data_dir=tmp_path / "replica-2"))) as client:
        yield client


def _status_text(client: TestClient) -> str:
    html = client.get("/admin/reindex").text
    found = re.search(r'<div id="reindex-status" role="status">(.*?)</div>', html, flags=re.S)
    assert found is not None
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip()


def _jobs(session) -> list[tuple[str, str]]:
    session.expire_all()
    return [(j.state, j.error) for j in session.exec(select(ReindexJob).order_by(col(ReindexJob.id)))]


def _audited(session) -> int:
    session.expire_all()
    return len(session.exec(select(AuditLog).where(AuditLog.action == "search.reindex")).all())


def test_a_running_job_shows_on_another_replica_which_refuses_a_second(
    world, client, other_replica, session, db_engine
):
    sign_in_as(client, "admin@example.org")
    sign_in_as(other_replica, "admin@example.org")
    assert _status_text(other_replica) == "No re-index has run yet."

    # replica 1 runs a job (what its tracker's thread writes while the rebuild is under way)
    job_id = begin_job(db_engine, to_index=5)
    assert job_id is not None
    touch_job(db_engine, job_id=job_id, done=2, to_index=5)
    assert _status_text(other_replica).startswith("Running: 2 of 5 entries indexed (40%)")
    assert "disabled" in other_replica.get("/admin/reindex").text

    refused = post(other_replica, "/admin/reindex")
    assert refused.status_code == 303
    assert "A re-index is already running." in other_replica.get("/admin/reindex").text
    assert post(client, "/admin/reindex").status_code == 303
    assert "A re-index is already running." in client.get("/admin/reindex").text
    assert _audited(session) == 0
    assert _jobs(session) == [("running", "")]

    finish_job(db_engine, job_id=job_id, state="finished", report="reindexed 5 nominations (0 published) in 0.1 s")
    # now the other replica may run one, for real; the first shows how it went
    assert post(other_replica, "/admin/reindex").status_code == 303
    other_replica.app.state.reindex_tracker.wait(60)
    assert "reindexed 5 nominations (0 published)" in _status_text(client)
    status = client.app.state.reindex_tracker.status()
    assert (status.state, status.done, status.to_index, status.percent) == ("finished", 5, 5, 100)
    assert _audited(session) == 1


def test_a_job_whose_replica_stopped_is_marked_failed_and_blocks_no_more(world, other_replica, session, db_engine):
    sign_in_as(other_replica, "admin@example.org")
    assert begin_job(db_engine, to_index=5, now=utcnow() - timedelta(seconds=45)) is not None  # beat long ago
    text = _status_text(other_replica)
    assert text.startswith("Failed after")
    assert STOPPED in text
    assert _jobs(session) == [("failed", STOPPED)]
    assert post(other_replica, "/admin/reindex").status_code == 303
    other_replica.app.state.reindex_tracker.wait(60)
    assert _jobs(session) == [("failed", STOPPED), ("finished", "")]


def test_a_fresh_heartbeat_keeps_a_job_running(world, session, db_engine):
    job_id = begin_job(db_engine, to_index=5, now=utcnow() - timedelta(seconds=45))
    assert job_id is not None
    touch_job(db_engine, job_id=job_id)  # the replica is alive
    assert begin_job(db_engine, to_index=5) is None
    assert _jobs(session) == [("running", "")]


def test_two_starts_at_the_same_moment_give_one_job(db_engine, database_url):
    from catalogue.db import make_engine

    engines = [make_engine(database_url), make_engine(database_url)]
    try:
        for _ in range(10):
            barrier = threading.Barrier(2)
            ids: list[int | None] = []

            def start(index: int, ids: list[int | None] = ids, barrier: threading.Barrier = barrier) -> None:
                barrier.wait()
                ids.append(begin_job(engines[index], to_index=1))

            threads = [threading.Thread(target=start, args=(i,)) for i in (0, 1)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            started = [i for i in ids if i is not None]
            assert (len(ids), len(started)) == (2, 1)
            finish_job(db_engine, job_id=started[0], state="finished")
    finally:
        for engine in engines:
            engine.dispose()
