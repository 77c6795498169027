"""The mail worker: a task beside the search outbox worker, draining `mail_outbox`."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from sqlalchemy.engine import Engine

from catalogue.outbox.backoff import backoff_delay
from catalogue.outbox.mail import drain_mail_once
from catalogue.settings import Settings

logger = logging.getLogger("catalogue.mail")


class MailWorker:
    """Sends due mail in a worker thread until stopped; sleeps when nothing is due."""

    def __init__(self, *, db_engine: Engine, settings: Settings, poll_interval: float = 1.0) -> None:
        self.db_engine = db_engine
        self.settings = settings
        self.poll_interval = poll_interval
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._stop = asyncio.Event()
        self._task = asyncio.create_task(self._run(), name="mail-outbox-worker")

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            await self._task
            self._task = None

    async def _run(self) -> None:
        failures = 0
        while not self._stop.is_set():
            busy = False
            try:
                report = await asyncio.to_thread(drain_mail_once, db_engine=self.db_engine, settings=self.settings)
                failures = 0
                busy = report.claimed > 0 and report.failed == 0
            except Exception:  # logged; the database may be down: keep the worker alive
                failures += 1
                logger.exception("mail worker failed (attempt %d)", failures)
            if busy:
                continue  # more is probably due right now
            delay = self.poll_interval if failures == 0 else backoff_delay(failures).total_seconds()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), timeout=delay)
