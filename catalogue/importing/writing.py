"""Writing validated entries: awards and cycles found or created, category paths created on
demand, rows inserted in batches with their search-outbox rows, all in the caller's transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, col, select

from catalogue.db import row_id
from catalogue.importing.validation import ImportEntry
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
from catalogue.taxonomy.domain import ensure_path
from catalogue.taxonomy.models import Category
from catalogue.text import slugify
from catalogue.timeutil import utcnow

DEFAULT_PROGRAMME = "Imported awards"
BATCH_SIZE = 2000


@dataclass(frozen=True)
class ImportSummary:
    imported: int
    published: int
    categories_created: int

    def __str__(self) -> str:
        entries = "entry" if self.imported == 1 else "entries"
        paths = "path" if self.categories_created == 1 else "paths"
        return (
            f"imported {self.imported} {entries} ({self.published} published, "
            f"{self.categories_created} new category {paths})"
        )


def _award_ids(session: Session, *, entries: list[ImportEntry], programme_name: str) -> dict[tuple[int, str], int]:
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
    entries: list[ImportEntry],
    programme_name: str = DEFAULT_PROGRAMME,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Write validated entries in the caller's transaction, with their outbox rows (the search
    worker indexes them)."""
    taken = set(session.exec(select(Nomination.slug)))
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
                "consent_to_publish": e.published or e.consent,
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
