"""Re-index jobs in the database, so that every replica shows the same one and a second
rebuild is refused wherever it is started.

Starting inserts a `running` row; the unique partial index on running rows makes a second
insert fail on SQLite and PostgreSQL alike, even when two replicas start at the same moment.
The replica running the job writes its progress (at most about once a second) and a
heartbeat; a running job whose heartbeat is older than STALE_AFTER is marked failed by
whoever looks next, so a replica that died does not block re-indexing for ever.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from catalogue.admin.models import ReindexJob
from catalogue.timeutil import utcnow

STALE_AFTER = timedelta(seconds=30)
HEARTBEAT_SECONDS = 5.0
STOPPED = "the replica running it stopped"


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


def expire_stale_jobs(session: Session, *, now: datetime) -> int:
    """Mark failed every running job whose replica stopped beating; returns how many."""
    result = session.execute(
        update(ReindexJob)
        .where(col(ReindexJob.state) == "running", col(ReindexJob.heartbeat_at) < now - STALE_AFTER)
        .values(state="failed", finished_at=now, error=STOPPED)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def begin_job(db_engine: Engine, *, to_index: int, now: datetime | None = None) -> int | None:
    """Record a new running job and return its id, or None when one is running already."""
    now = now or utcnow()
    with Session(db_engine) as session:
        expire_stale_jobs(session, now=now)
        session.commit()
        job = ReindexJob(state="running", started_at=now, heartbeat_at=now, to_index=to_index)
        session.add(job)
        try:
            session.commit()
        except IntegrityError:  # another running row: the unique partial index said no
            session.rollback()
            return None
        return job.id


def touch_job(db_engine: Engine, *, job_id: int, done: int | None = None, to_index: int | None = None) -> None:
    """Write a heartbeat, and progress when given."""
    values: dict[str, object] = {"heartbeat_at": utcnow()}
    if done is not None:
        values["done"] = done
    if to_index is not None:
        values["to_index"] = to_index
    with Session(db_engine) as session:
        session.execute(
            update(ReindexJob)
            .where(col(ReindexJob.id) == job_id)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        session.commit()


def finish_job(db_engine: Engine, *, job_id: int, state: str, report: str = "", error: str = "") -> None:
    now = utcnow()
    with Session(db_engine) as session:
        session.execute(
            update(ReindexJob)
            .where(col(ReindexJob.id) == job_id)
            .values(state=state, finished_at=now, heartbeat_at=now, report=report[:500], error=error[:2000])
            .execution_options(synchronize_session=False)
        )
        session.commit()


def latest_status(db_engine: Engine, *, now: datetime | None = None) -> ReindexStatus:
    """The newest job as it stands now (a stale running one is marked failed first)."""
    now = now or utcnow()
    with Session(db_engine, expire_on_commit=False) as session:
        if expire_stale_jobs(session, now=now):
            session.commit()
        job = session.execute(select(ReindexJob).order_by(col(ReindexJob.id).desc()).limit(1)).scalars().first()
    if job is None:
        return ReindexStatus(state="idle")
    end = job.finished_at or now
    return ReindexStatus(
        state=job.state,
        started_at=job.started_at,
        finished_at=job.finished_at,
        to_index=job.to_index,
        done=job.done,
        elapsed_seconds=max(0.0, (end - job.started_at).total_seconds()),
        report=job.report,
        error=job.error,
    )
