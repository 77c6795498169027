"""Running a full re-index from the admin pages, in a background thread, with its state.

The rebuild itself is the search layer's (`SearchService.reindex`: fresh indexes filled from
the database, then swapped in). This tracker runs one at a time per process and remembers
how the last one went, for /admin/reindex to show.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from catalogue.timeutil import utcnow

logger = logging.getLogger("catalogue.admin.reindex")


@dataclass(frozen=True, kw_only=True)
class ReindexStatus:
    state: str  # idle | running | finished | failed
    started_at: datetime | None = None
    finished_at: datetime | None = None
    to_index: int = 0
    #: entries written to the new indexes so far
    done: int = 0
    elapsed_seconds: float = 0.0
    report: str = ""
    error: str = ""

    @property
    def percent(self) -> int:
        """Whole percent done (0 until the rebuild reports its first batch)."""
        return min(100, self.done * 100 // self.to_index) if self.to_index else 0


class ReindexTracker:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._status = ReindexStatus(state="idle")
        self._started = 0.0
        self._thread: threading.Thread | None = None

    def status(self) -> ReindexStatus:
        with self._lock:
            status = self._status
            if status.state == "running":
                return ReindexStatus(**{**status.__dict__, "elapsed_seconds": time.monotonic() - self._started})
            return status

    def start(self, search: Any, *, to_index: int) -> bool:
        """Start a rebuild unless one is running; returns whether one was started."""
        with self._lock:
            if self._status.state == "running":
                return False
            self._started = time.monotonic()
            self._status = ReindexStatus(state="running", started_at=utcnow(), to_index=to_index)
            self._thread = threading.Thread(target=self._run, args=(search,), name="admin-reindex", daemon=True)
            self._thread.start()
            return True

    def wait(self, timeout: float | None = None) -> None:
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _progress(self, done: int, total: int) -> None:
        with self._lock:
            if self._status.state == "running":
                self._status = ReindexStatus(**{**self._status.__dict__, "done": done, "to_index": total})

    def _run(self, search: Any) -> None:
        try:
            report = search.reindex(progress=False, on_progress=self._progress)
        except Exception as exc:  # shown to the administrator, logged in full
            logger.exception("re-index failed")
            self._finish(state="failed", error=f"{type(exc).__name__}: {exc}")
        else:
            self._finish(state="finished", report=str(report))

    def _finish(self, *, state: str, report: str = "", error: str = "") -> None:
        with self._lock:
            self._status = ReindexStatus(
                state=state,
                started_at=self._status.started_at,
                finished_at=utcnow(),
                to_index=self._status.to_index,
                done=self._status.done,
                elapsed_seconds=time.monotonic() - self._started,
                report=report,
                error=error,
            )
