"""Bulk import of entries from JSON Lines (the format in README.md, "Import format").

Every line is validated before anything is written; then all lines go in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator
from sqlalchemy import insert
from sqlmodel import Session, col, select

from catalogue.db import row_id
from catalogue.nominations.models import (
    Award,
    AwardProgramme,
    Cycle,
    Nomination,
    NominationCategory,
    NominationStatus,
)
from catalogue.outbox.domain import record_nomination_changes
from catalogue.rendering import markdown_to_text
from catalogue.taxonomy.domain import TaxonomyError, ensure_path, normalise_path
from catalogue.taxonomy.models import Category
from catalogue.text import slugify
from catalogue.timeutil import utcnow

DEFAULT_PROGRAMME = "Imported awards"
BATCH_SIZE = 2000

Text200 = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Optional80 = Annotated[str, StringConstraints(strip_whitespace=True, max_length=80)]


class ImportLine(BaseModel):
    """One line of an import file. Unknown fields are rejected so typos never pass silently."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: Text200
    organisation: Text200
    summary: Annotated[str, StringConstraints(max_length=1000)] = ""
    body: Annotated[str, StringConstraints(max_length=100_000)] = ""
    award: Text200
    cycle: int = Field(ge=1900, le=2200)
    #: the seed's Shift.ms entry lists 59 paths; an export must import again
    categories: list[str] = Field(min_length=1, max_length=100)
    status: Literal[
        "draft",
        "submitted",
        "withdrawn",
        "shortlisted",
        "winner",
        "highly_commended",
        "not_shortlisted",
    ] = "submitted"
    published: bool = False
    website: Annotated[str, StringConstraints(max_length=500)] = ""
    organisation_type: Optional80 = ""
    region: Optional80 = ""
    slug: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=200)] | None = None
    published_at: datetime | None = None

    @field_validator("categories")
    @classmethod
    def _paths(cls, value: list[str]) -> list[str]:
        paths = []
        for raw in value:
            try:
                paths.append(normalise_path(raw))
            except TaxonomyError as exc:
                raise ValueError(str(exc)) from None
        return sorted(set(paths), key=paths.index)

    @field_validator("website")
    @classmethod
    def _website(cls, value: str) -> str:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    def check_consistency(self) -> None:
        if self.published and self.status in ("draft", "withdrawn"):
            raise ValueError(f"a {self.status} entry cannot be published")


@dataclass(frozen=True)
class LineError:
    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.reason}"


class ImportFailed(Exception):
    def __init__(self, errors: list[LineError]):
        self.errors = errors
        super().__init__(f"{len(errors)} bad line(s); nothing was imported")


@dataclass(frozen=True)
class ImportSummary:
    imported: int
    published: int
    categories_created: int


def parse_lines(lines: Iterable[str], *, progress: Callable[[int], None] | None = None) -> list[ImportLine]:
    """Validate every line; raise ImportFailed listing each bad one (blank lines are skipped)."""
    entries: list[ImportLine] = []
    errors: list[LineError] = []
    seen_slugs: dict[str, int] = {}
    for number, raw in enumerate(lines, start=1):
        if progress:
            progress(1)
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            errors.append(LineError(number, "(line)", f"not valid JSON ({exc.msg} at column {exc.colno})"))
            continue
        if not isinstance(data, dict):
            errors.append(LineError(number, "(line)", "must be a JSON object"))
            continue
        try:
            entry = ImportLine.model_validate(data)
            entry.check_consistency()
        except ValidationError as exc:
            for err in exc.errors():
                field = ".".join(str(part) for part in err["loc"]) or "(line)"
                errors.append(LineError(number, field, err["msg"].removeprefix("Value error, ")))
            continue
        except ValueError as exc:
            errors.append(LineError(number, "published", str(exc)))
            continue
        if entry.slug:
            if entry.slug in seen_slugs:
                errors.append(LineError(number, "slug", f"repeats line {seen_slugs[entry.slug]}"))
                continue
            seen_slugs[entry.slug] = number
        entries.append(entry)
    if errors:
        raise ImportFailed(errors)
    return entries


def _award_ids(session: Session, *, entries: list[ImportLine], programme_name: str) -> dict[tuple[int, str], int]:
    """Resolve (cycle year, award name) to award ids, creating the programme/cycle/award if new."""
    wanted = {(e.cycle, e.award) for e in entries}
    found: dict[tuple[int, str], int] = {}
    for award, cycle in session.exec(select(Award, Cycle).join(Cycle, col(Cycle.id) == Award.cycle_id)):
        if (cycle.year, award.name) in wanted:
            found.setdefault((cycle.year, award.name), row_id(award))
    missing = sorted(wanted - found.keys())
    if not missing:
        return found
    programme = session.exec(select(AwardProgramme).where(AwardProgramme.name == programme_name)).first()
    if programme is None:
        programme = AwardProgramme(name=programme_name, slug=slugify(programme_name))
        session.add(programme)
        session.flush()
    for year, name in missing:
        year_cycle = session.exec(select(Cycle).where(Cycle.programme_id == programme.id, Cycle.year == year)).first()
        if year_cycle is None:
            year_cycle = Cycle(
                programme_id=row_id(programme),
                year=year,
                name=f"{year} awards",
                opens_at=datetime(year, 1, 1, tzinfo=UTC),
                closes_at=datetime(year, 12, 31, 23, 59, tzinfo=UTC),
            )
            session.add(year_cycle)
            session.flush()
        award = Award(cycle_id=row_id(year_cycle), name=name, slug=slugify(name))
        session.add(award)
        session.flush()
        found[(year, name)] = row_id(award)
    return found


def _unique_slug(base: str, taken: set[str]) -> str:
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    taken.add(slug)
    return slug


def import_entries(
    session: Session,
    *,
    entries: list[ImportLine],
    programme_name: str = DEFAULT_PROGRAMME,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Write validated entries in the caller's transaction, with their outbox rows."""
    taken = set(session.exec(select(Nomination.slug)))
    clashes = [e.slug for e in entries if e.slug and e.slug in taken]
    if clashes:
        raise ImportFailed([LineError(0, "slug", f"{s!r} is already used by an existing entry") for s in clashes])
    category_count = len(session.exec(select(Category.id)).all())
    category_ids = {c.path: row_id(c) for c in session.exec(select(Category))}
    award_ids = _award_ids(session, entries=entries, programme_name=programme_name)
    now = utcnow()
    for start in range(0, len(entries), BATCH_SIZE):
        batch = entries[start : start + BATCH_SIZE]
        for entry in batch:
            for path in entry.categories:
                if path not in category_ids:
                    category_ids[path] = row_id(ensure_path(session, path=path))
        rows: list[dict[str, Any]] = [
            {
                "slug": _unique_slug(e.slug or slugify(e.title, max_length=80), taken),
                "award_id": award_ids[(e.cycle, e.award)],
                "title": e.title,
                "organisation": e.organisation,
                "organisation_type": e.organisation_type,
                "region": e.region,
                "summary": e.summary,
                "body": e.body,
                "body_text": markdown_to_text(e.body),  # a bulk insert: no ORM event derives it
                "website": e.website,
                "links": [],
                "social_handles": [],
                "contact_name": "",
                "contact_email": "",
                "consent_to_publish": e.published,
                "status": NominationStatus(e.status),
                "published_at": (e.published_at or now) if e.published else None,
                "created_at": now,
                "updated_at": now,
                "submitted_at": now if e.status != "draft" else None,
            }
            for e in batch
        ]
        returned = session.scalars(insert(Nomination).returning(col(Nomination.id), sort_by_parameter_order=True), rows)
        ids = [nid for nid in returned if nid is not None]  # a primary key is never null
        links = [
            {"nomination_id": nid, "category_id": category_ids[path]}
            for nid, e in zip(ids, batch, strict=True)
            for path in e.categories
        ]
        session.execute(insert(NominationCategory), links)
        record_nomination_changes(session, nomination_ids=ids)
        if progress:
            progress(len(batch))
    created = len(session.exec(select(Category.id)).all()) - category_count
    return ImportSummary(
        imported=len(entries),
        published=sum(1 for e in entries if e.published),
        categories_created=created,
    )
