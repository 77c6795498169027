from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, text
from sqlmodel import Field, SQLModel

from catalogue.timeutil import utcnow


class AuditLog(SQLModel, table=True):
    """Every administrative action, who did it and to what."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int | None = Field(default=None, foreign_key="user_account.id", index=True)
    action: str = Field(max_length=80)
    target: str = Field(default="", max_length=300)
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, index=True)


class ReindexJob(SQLModel, table=True):
    """One full re-index started from /admin/reindex, written by the replica running it so
    that every replica shows the same progress. At most one row is `running` (a unique
    partial index), so a second start, on any replica, fails to insert and is refused."""

    __tablename__ = "reindex_job"
    __table_args__ = (
        Index(
            "uq_reindex_job_one_running",
            "state",
            unique=True,
            sqlite_where=text("state = 'running'"),
            postgresql_where=text("state = 'running'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    state: str = Field(default="running", max_length=20)  # running | finished | failed
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    #: touched every few seconds by the running replica; a stale one means it stopped
    heartbeat_at: datetime = Field(default_factory=utcnow)
    to_index: int = 0
    done: int = 0
    report: str = Field(default="", max_length=500)
    error: str = Field(default="", max_length=2000)
