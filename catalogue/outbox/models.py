from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
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


class MailOutbox(SQLModel, table=True):
    """An e-mail to send, written in the same transaction as the change it announces.

    The mail worker (outbox/mail_worker.py) leases due rows (`claimed_until`), sends them and
    marks them sent (or skipped when no SMTP server is configured); the body, which may hold
    a private edit link, is blanked once the row is done. Failures bump `attempts` and push
    `next_attempt_at` back; a row is never dropped.
    """

    __tablename__ = "mail_outbox"

    id: int | None = Field(default=None, primary_key=True)
    to: str = Field(max_length=320)
    subject: str = Field(max_length=500)
    body: str = Field(default="", sa_column=Column(Text, nullable=False))
    state: str = Field(default="pending", max_length=20, index=True)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, index=True)
    last_error: str = Field(default="", max_length=2000)
    claimed_until: datetime | None = None
    sent_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
