from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from catalogue.timeutil import utcnow


class JudgeAssignment(SQLModel, table=True):
    """One scope a judge covers: a whole taxonomy branch, an award, or both (intersection).

    A judge sees the union of their assignments.
    """

    __tablename__ = "judge_assignment"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    category_id: int | None = Field(default=None, foreign_key="category.id")
    award_id: int | None = Field(default=None, foreign_key="award.id")
    created_at: datetime = Field(default_factory=utcnow)


class ScoreStatus(StrEnum):
    draft = "draft"
    submitted = "submitted"


class Score(SQLModel, table=True):
    __tablename__ = "score"
    __table_args__ = (UniqueConstraint("judge_id", "nomination_id", name="uq_score_judge_nomination"),)

    id: int | None = Field(default=None, primary_key=True)
    judge_id: int = Field(foreign_key="user_account.id", index=True)
    nomination_id: int = Field(foreign_key="nomination.id", index=True)
    #: criterion id (as a string key) -> integer score
    criterion_scores: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    comment: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    conflict_declared: bool = False
    conflict_reason: str = Field(default="", max_length=1000)
    status: ScoreStatus = Field(default=ScoreStatus.draft)
    weighted_score: float | None = None
    updated_at: datetime = Field(default_factory=utcnow)
