from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, Connection, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapper
from sqlmodel import AutoString, Field, SQLModel

from catalogue.rendering import markdown_to_text
from catalogue.timeutil import utcnow


class NominationStatus(StrEnum):
    draft = "draft"
    submitted = "submitted"
    withdrawn = "withdrawn"
    shortlisted = "shortlisted"
    winner = "winner"
    highly_commended = "highly_commended"
    not_shortlisted = "not_shortlisted"


#: Outcomes shown publicly as badges and offered as the "outcome" facet.
OUTCOME_STATUSES = (
    NominationStatus.winner,
    NominationStatus.highly_commended,
    NominationStatus.shortlisted,
)


class EditsClose(StrEnum):
    """When an award stops taking changes to entries (see nominations.window)."""

    #: at the award's deadline
    deadline = "deadline"
    #: when judging of the award starts (its first score or outcome), or at the deadline if sooner
    judging_starts = "judging_starts"


class AwardProgramme(SQLModel, table=True):
    __tablename__ = "award_programme"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    slug: str = Field(max_length=220, unique=True)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    created_at: datetime = Field(default_factory=utcnow)


class Cycle(SQLModel, table=True):
    """One round of a programme (e.g. the 2015 awards) with its entry window."""

    __tablename__ = "cycle"
    __table_args__ = (UniqueConstraint("programme_id", "year", name="uq_cycle_programme_year"),)

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="award_programme.id", index=True)
    year: int
    name: str = Field(max_length=200)
    opens_at: datetime
    closes_at: datetime


class Award(SQLModel, table=True):
    """The prize an entry is entered for, with its weighted scoring criteria."""

    __tablename__ = "award"
    __table_args__ = (UniqueConstraint("cycle_id", "slug", name="uq_award_cycle_slug"),)

    id: int | None = Field(default=None, primary_key=True)
    cycle_id: int = Field(foreign_key="cycle.id", index=True)
    name: str = Field(max_length=200)
    slug: str = Field(max_length=220)
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    blind_judging: bool = False
    position: int = 0
    #: the award's own deadline; None means its cycle's `closes_at`
    deadline_at: datetime | None = None
    #: stored as text (not a database enum) so that a new choice needs no type migration
    edits_close: EditsClose = Field(
        default=EditsClose.deadline,
        sa_type=AutoString(length=20),
        sa_column_kwargs={"server_default": EditsClose.deadline.value},
    )


class AwardCriterion(SQLModel, table=True):
    __tablename__ = "award_criterion"

    id: int | None = Field(default=None, primary_key=True)
    award_id: int = Field(foreign_key="award.id", index=True)
    name: str = Field(max_length=200)
    description: str = Field(default="", max_length=2000)
    weight: float = 1.0
    max_score: int = 10
    position: int = 0


class Nomination(SQLModel, table=True):
    """An entry; once `published_at` is set it is a public case study."""

    __tablename__ = "nomination"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=220, unique=True)
    award_id: int = Field(foreign_key="award.id", index=True)
    title: str = Field(max_length=200)
    organisation: str = Field(max_length=200)
    organisation_type: str = Field(default="", max_length=80)
    region: str = Field(default="", max_length=80)
    summary: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    body: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    #: `body` as plain text, for search documents; derived on every write (`_derive_body_text`)
    body_text: str = Field(default="", sa_column=Column(Text, nullable=False, default="", server_default=""))
    website: str = Field(default="", max_length=500)
    links: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    social_handles: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    contact_name: str = Field(default="", max_length=200)
    contact_email: str = Field(default="", max_length=254)
    consent_to_publish: bool = False
    status: NominationStatus = Field(default=NominationStatus.draft, index=True)
    published_at: datetime | None = Field(default=None, index=True)
    edit_token_hash: str | None = Field(default=None, max_length=128, index=True)
    #: SHA-256 of the form's idempotency key: a double-clicked submit makes one entry
    submission_key_hash: str | None = Field(default=None, max_length=64, unique=True)
    #: SHA-256 of the request that first used that key (nominations.idempotency)
    request_hash: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    submitted_at: datetime | None = None


@event.listens_for(Nomination, "before_insert")
@event.listens_for(Nomination, "before_update")
def _derive_body_text(mapper: Mapper[Nomination], connection: Connection, target: Nomination) -> None:  # noqa: ARG001 - event signature
    """Every ORM write keeps `body_text` in step with `body`, so a rebuild of the search
    indexes reads plain text instead of rendering Markdown. (Bulk inserts skip ORM events:
    `catalogue import` sets the column itself.)"""
    target.body_text = markdown_to_text(target.body)


class NominationCategory(SQLModel, table=True):
    __tablename__ = "nomination_category"

    nomination_id: int = Field(foreign_key="nomination.id", primary_key=True)
    category_id: int = Field(foreign_key="category.id", primary_key=True, index=True)


class Attachment(SQLModel, table=True):
    """Metadata of an uploaded file; the bytes live under the uploads directory."""

    __tablename__ = "attachment"

    id: int | None = Field(default=None, primary_key=True)
    nomination_id: int = Field(foreign_key="nomination.id", index=True)
    filename: str = Field(max_length=255)
    content_type: str = Field(max_length=100)
    size_bytes: int
    sha256: str = Field(max_length=64)
    storage_key: str = Field(max_length=255, unique=True)
    created_at: datetime = Field(default_factory=utcnow)
