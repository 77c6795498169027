from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel

from catalogue.timeutil import utcnow


class RevisionState(StrEnum):
    pending = "pending"
    approved = "approved"
    rejected = "rejected"


class NominationRevision(SQLModel, table=True):
    """An entrant's edit to a published case study, held until an administrator decides:
    the public page and search keep the approved text meanwhile. At most one is pending
    per entry (a second edit updates it)."""

    __tablename__ = "nomination_revision"

    id: int | None = Field(default=None, primary_key=True)
    nomination_id: int = Field(foreign_key="nomination.id", index=True)
    #: public field name -> proposed value (only the fields that differ from the approved text)
    proposed: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    submitted_at: datetime = Field(default_factory=utcnow)
    state: str = Field(default=RevisionState.pending.value, max_length=20, index=True)
    decided_by: int | None = Field(default=None, foreign_key="user_account.id")
    decided_at: datetime | None = None
    reason: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
