"""The one search object the app keeps in `ctx.search`."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session

from search.engines.base import SearchEngine, SearchUnavailable
from search.query import SearchQuery, SearchResult
from search.sync import DrainReport, OutboxWorker, ReindexReport, drain_outbox_once, outbox_backlog, reindex

logger = logging.getLogger("search.service")


@dataclass(frozen=True, kw_only=True)
class HealthReport:
    engine: str
    #: whether the engine answers (and, for Meilisearch, accepts the keys in use)
    ok: bool
    #: "ok", "ok (<note>)" or "unavailable: <why>"
    state: str
    outbox_backlog: int


class SearchService:
    def __init__(self, *, engine: SearchEngine, db_engine: Engine, poll_interval: float = 1.0) -> None:
        self.engine = engine
        self.db_engine = db_engine
        self.worker = OutboxWorker(db_engine=db_engine, engine=engine, poll_interval=poll_interval)
        self._worker_running = False

    def search(self, query: SearchQuery, *, index: str) -> SearchResult:
        """Blocking (call it from a worker thread); raises SearchUnavailable on an outage."""
        return self.engine.search(index, query)

    def category_counts(self, *, index: str) -> dict[str, int]:
        """Entries per category path in `index` (facet counts: milliseconds, not a scan)."""
        return self.engine.category_counts(index)

    def health_report(self, *, db_session: Session) -> HealthReport:
        health = self.engine.health()
        return HealthReport(
            engine=self.engine.name, ok=health.ok, state=health.state, outbox_backlog=outbox_backlog(db_session)
        )

    def drain_outbox_once(self, *, now: datetime | None = None, batch_size: int | None = None) -> DrainReport:
        """`batch_size`: rows to claim; by default the engine's `outbox_batch_size`."""
        return drain_outbox_once(db_engine=self.db_engine, engine=self.engine, now=now, batch_size=batch_size)

    def drain_outbox(self, *, now: datetime | None = None) -> int:
        """Apply everything due now (tests, CLI); stops at the first engine error."""
        applied = 0
        while True:
            report = self.drain_outbox_once(now=now)
            applied += report.applied
            if not report.claimed or report.error:
                return applied

    def reindex(self, *, progress: bool = True, on_progress: Callable[[int, int], None] | None = None) -> ReindexReport:
        """`progress`: a terminal progress bar; `on_progress(done, total)`: after every batch."""
        return reindex(db_engine=self.db_engine, engine=self.engine, progress=progress, on_progress=on_progress)

    async def startup(self, *, start_worker: bool) -> None:
        """Create indexes and settings if missing; an engine that is down does not stop the app."""
        try:
            await asyncio.to_thread(self.engine.ensure_indexes)
        except SearchUnavailable as exc:
            logger.warning("search engine not ready at start-up (indexing will retry): %s", exc)
        if start_worker:
            self.worker.start()
            self._worker_running = True

    async def shutdown(self) -> None:
        if self._worker_running:
            await self.worker.stop()
            self._worker_running = False
        await asyncio.to_thread(self.engine.close)
