"""Running a full re-index from the admin pages, in a background thread of this replica,
with its state in the database (admin/reindex_jobs.py) so every replica shows it.

The rebuild itself is the search layer's (`SearchService.reindex`: fresh indexes filled from
the database, then swapped in).
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from sqlalchemy.engine import Engine

from catalogue.admin.reindex_jobs import (
    HEARTBEAT_SECONDS,
    ReindexStatus,
    begin_job,
    finish_job,
    latest_status,
    touch_job,
)

__all__ = ["PROGRESS_EVERY_SECONDS", "ReindexStatus", "ReindexTracker"]

logger = logging.getLogger("catalogue.admin.reindex")
#: progress is written to the job row at most this often (and once more at the end)
PROGRESS_EVERY_SECONDS = 1.0


class ReindexTracker:
    def __init__(self, db_engine: Engine) -> None:
        self.db_engine = db_engine
        self._thread: threading.Thread | None = None

    def status(self) -> ReindexStatus:
        return latest_status(self.db_engine)

    def start(self, search: Any, *, to_index: int) -> bool:
        """Start a rebuild unless one is running on any replica; returns whether one was started."""
        job_id = begin_job(self.db_engine, to_index=to_index)
        if job_id is None:
            return False
        self._thread = threading.Thread(target=self._run, args=(search, job_id), name="admin-reindex", daemon=True)
        self._thread.start()
        return True

    def wait(self, timeout: float | None = None) -> None:
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _run(self, search: Any, job_id: int) -> None:
        stop = threading.Event()
        beating = threading.Thread(
            target=self._heartbeat, args=(job_id, stop), name="admin-reindex-heartbeat", daemon=True
        )
        beating.start()
        last_write = 0.0

        def progress(done: int, total: int) -> None:
            nonlocal last_write
            if time.monotonic() - last_write >= PROGRESS_EVERY_SECONDS or done >= total:
                last_write = time.monotonic()
                touch_job(self.db_engine, job_id=job_id, done=done, to_index=total)

        try:
            report = search.reindex(progress=False, on_progress=progress)
        except Exception as exc:  # shown to the administrator, logged in full
            logger.exception("re-index failed")
            state, text, error = "failed", "", f"{type(exc).__name__}: {exc}"
        else:
            state, text, error = "finished", str(report), ""
        finally:
            stop.set()
            beating.join()
        finish_job(self.db_engine, job_id=job_id, state=state, report=text, error=error)

    def _heartbeat(self, job_id: int, stop: threading.Event) -> None:
        while not stop.wait(HEARTBEAT_SECONDS):
            try:
                touch_job(self.db_engine, job_id=job_id)
            except Exception:  # logged; the next beat may succeed
                logger.exception("could not record the re-index heartbeat")
