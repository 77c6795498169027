"""Keeping the indexes in step with the database: the outbox worker and `reindex`.

An outbox row means "nomination N changed". Applying it reads N's current state: it is
upserted into `nominations`, upserted into `case_studies` only while published (deleted
from it otherwise), and deleted from both once the row is gone. Applying a row twice is
harmless, so a failed batch is simply retried later with exponential backoff.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col
from tqdm import tqdm

from catalogue.nominations.models import Nomination
from catalogue.outbox.backoff import backoff_delay
from catalogue.outbox.domain import record_nomination_changes
from catalogue.outbox.models import SearchOutbox
from catalogue.outbox.polling import PollingWorker
from catalogue.timeutil import utcnow
from search.documents import is_public, iter_document_batches, load_documents
from search.engines.base import Delete, SearchEngine, SearchError, Upsert
from search.query import PRIVATE_INDEX, PUBLIC_INDEX

logger = logging.getLogger("search.sync")


@dataclass(frozen=True, kw_only=True)
class DrainReport:
    claimed: int
    applied: int
    error: str = ""


def apply_changes(engine: SearchEngine, *, nomination_ids: Iterable[int], documents: dict[int, dict[str, Any]]) -> None:
    """Make both indexes reflect `documents` (the current rows) for these ids, in one
    engine write (sent together, awaited once).

    Removals from the public index go first: if anything fails part-way, an entry may be
    briefly missing, never briefly public when it should not be (the public upsert holds
    only entries that are public now).
    """
    ids = sorted(set(nomination_ids))
    present = [documents[i] for i in ids if i in documents]
    gone = [str(i) for i in ids if i not in documents]
    engine.write(
        [
            Delete(index=PUBLIC_INDEX, ids=gone + [d["id"] for d in present if not is_public(d)]),
            Delete(index=PRIVATE_INDEX, ids=gone),
            Upsert(index=PRIVATE_INDEX, documents=present),
            Upsert(index=PUBLIC_INDEX, documents=[d for d in present if is_public(d)]),
        ]
    )


def _claim(session: Session, *, now: datetime, batch_size: int) -> list[SearchOutbox]:
    statement = (
        select(SearchOutbox)
        .where(col(SearchOutbox.next_attempt_at) <= now)
        .order_by(col(SearchOutbox.id))
        .limit(batch_size)
    )
    if session.get_bind().dialect.name == "postgresql":
        # replicas skip rows another worker holds, so no change is indexed twice at once
        statement = statement.with_for_update(skip_locked=True)
    return list(session.execute(statement).scalars())


def drain_outbox_once(
    *, db_engine: Engine, engine: SearchEngine, batch_size: int | None = None, now: datetime | None = None
) -> DrainReport:
    """Apply one batch of due outbox rows (by default `engine.outbox_batch_size`) in one
    engine write; rows are deleted only once it succeeded. On an engine error they are
    scheduled for a retry.

    A process that may not write (another process is the embedded engine's writer) claims
    nothing and leaves the rows to the writer.
    """
    if not engine.claim_writer():
        return DrainReport(claimed=0, applied=0)
    now = now or utcnow()
    batch_size = batch_size or engine.outbox_batch_size
    with Session(db_engine, expire_on_commit=False) as session:
        rows = _claim(session, now=now, batch_size=batch_size)
        if not rows:
            session.rollback()
            return DrainReport(claimed=0, applied=0)
        try:
            ids = {row.nomination_id for row in rows}
            apply_changes(engine, nomination_ids=ids, documents=load_documents(session, nomination_ids=ids))
        except SearchError as exc:
            message = f"{type(exc).__name__}: {exc}"[:2000]
            for row in rows:
                row.attempts += 1
                row.next_attempt_at = now + backoff_delay(row.attempts)
                row.last_error = message
            session.commit()
            logger.warning("search outbox: %d changes not applied, will retry: %s", len(rows), message)
            return DrainReport(claimed=len(rows), applied=0, error=message)
        session.execute(delete(SearchOutbox).where(col(SearchOutbox.id).in_([row.id for row in rows])))
        session.commit()
        return DrainReport(claimed=len(rows), applied=len(rows))


def outbox_backlog(session: Session) -> int:
    backlog: int = session.execute(select(func.count()).select_from(SearchOutbox)).scalar_one()
    return backlog


@dataclass(frozen=True, kw_only=True)
class ReindexReport:
    nominations: int
    case_studies: int
    seconds: float

    def __str__(self) -> str:
        rate = self.nominations / self.seconds if self.seconds else 0
        return (
            f"reindexed {self.nominations} nominations ({self.case_studies} published) "
            f"in {self.seconds:.1f} s ({rate:,.0f} docs/s)"
        )


def reindex(
    *,
    db_engine: Engine,
    engine: SearchEngine,
    batch_size: int = 2000,
    progress: bool = True,
    on_progress: Callable[[int, int], None] | None = None,
) -> ReindexReport:
    """Rebuild both indexes from the database into fresh ones, then swap them in (with a
    progress bar on a terminal when `progress`). `on_progress(done, total)` is called with
    0 first, after every batch, and once more when the new indexes are live.

    Changes committed while the rebuild runs still have their outbox rows and are applied
    by the worker; nominations whose `updated_at` moved during the rebuild are queued
    again after the swap, in case a worker applied them to the old index meanwhile.
    """
    started_at, started = utcnow(), time.perf_counter()
    builds = {name: engine.start_rebuild(name) for name in (PRIVATE_INDEX, PUBLIC_INDEX)}
    counts = {PRIVATE_INDEX: 0, PUBLIC_INDEX: 0}
    try:
        with Session(db_engine, expire_on_commit=False) as session:
            total = session.execute(select(func.count()).select_from(Nomination)).scalar_one()
            if on_progress is not None:
                on_progress(0, total)
            with tqdm(total=total, unit="doc", desc="reindex", disable=None if progress else True) as bar:
                for batch in iter_document_batches(session, batch_size=batch_size):
                    public = [d for d in batch if is_public(d)]
                    builds[PRIVATE_INDEX].add(batch)
                    builds[PUBLIC_INDEX].add(public)
                    counts[PRIVATE_INDEX] += len(batch)
                    counts[PUBLIC_INDEX] += len(public)
                    bar.update(len(batch))
                    if on_progress is not None:
                        # rows added meanwhile may take `done` past the first count
                        on_progress(counts[PRIVATE_INDEX], max(total, counts[PRIVATE_INDEX]))
        for build in builds.values():
            build.swap()
        if on_progress is not None:
            on_progress(counts[PRIVATE_INDEX], counts[PRIVATE_INDEX])
    except BaseException:
        for build in builds.values():
            try:
                build.abort()
            except Exception:  # logged; the original error matters more
                logger.exception("could not discard a half-built index")
        raise
    with Session(db_engine) as session:
        touched = (
            session.execute(select(col(Nomination.id)).where(col(Nomination.updated_at) >= started_at)).scalars().all()
        )
        record_nomination_changes(session, nomination_ids=touched)
        session.commit()
    return ReindexReport(
        nominations=counts[PRIVATE_INDEX], case_studies=counts[PUBLIC_INDEX], seconds=time.perf_counter() - started
    )


class OutboxWorker(PollingWorker):
    """Drains the outbox in a worker thread until stopped; sleeps when there is nothing due."""

    name = "search-outbox-worker"
    logger = logger

    def __init__(
        self, *, db_engine: Engine, engine: SearchEngine, poll_interval: float = 1.0, batch_size: int | None = None
    ) -> None:
        super().__init__(poll_interval=poll_interval)
        self.db_engine = db_engine
        self.engine = engine
        self.batch_size = batch_size or engine.outbox_batch_size

    def drain_once(self) -> bool:
        self.engine.refresh_health()
        report = drain_outbox_once(db_engine=self.db_engine, engine=self.engine, batch_size=self.batch_size)
        return report.claimed == self.batch_size and not report.error
