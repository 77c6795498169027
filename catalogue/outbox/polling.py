"""The loop both outbox workers run: drain in a worker thread, again at once while more is
due, otherwise sleep; after an unexpected error back off (the database may be down)."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from catalogue.outbox.backoff import backoff_delay


class PollingWorker:
    """Subclasses say what one drain is (`drain_once`, blocking; True when more is due now)."""

    name = "outbox-worker"
    logger = logging.getLogger("catalogue.outbox")

    def __init__(self, *, poll_interval: float = 1.0) -> None:
        self.poll_interval = poll_interval
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def drain_once(self) -> bool:
        raise NotImplementedError

    def start(self) -> None:
        self._stop = asyncio.Event()
        self._task = asyncio.create_task(self._run(), name=self.name)

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            await self._task
            self._task = None

    async def _run(self) -> None:
        failures = 0
        while not self._stop.is_set():
            more_due = False
            try:
                more_due = await asyncio.to_thread(self.drain_once)
                failures = 0
            except Exception:  # logged; the database may be down: keep the worker alive
                failures += 1
                self.logger.exception("%s failed (attempt %d)", self.name, failures)
            if more_due:
                continue
            delay = self.poll_interval if failures == 0 else backoff_delay(failures).total_seconds()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), timeout=delay)
