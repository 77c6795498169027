from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from catalogue.timeutil import utcnow


class SearchOutbox(SQLModel, table=True):
    """A pending index operation, written in the same transaction as the change it reflects.

    The search worker (search/sync.py) turns rows into engine calls and deletes them on
    success; failures bump `attempts` and push `next_attempt_at` back.
    """

    __tablename__ = "search_outbox"

    id: int | None = Field(default=None, primary_key=True)
    nomination_id: int = Field(index=True)
    created_at: datetime = Field(default_factory=utcnow)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, index=True)
    last_error: str = Field(default="", max_length=2000)
