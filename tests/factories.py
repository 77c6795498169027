"""Builders for test data, writing real rows through the same code paths the app uses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count

from sqlmodel import Session, select

from catalogue.db import row_id
from catalogue.nominations.models import (
    Award,
    AwardCriterion,
    AwardProgramme,
    Cycle,
    Nomination,
    NominationCategory,
    NominationStatus,
)
from catalogue.outbox.domain import record_nomination_changes
from catalogue.taxonomy.domain import ensure_path, get_by_path
from catalogue.taxonomy.models import Category
from catalogue.text import slugify
from catalogue.timeutil import utcnow

_sequence = count(1)


def existing_category(session: Session, path: str) -> Category:
    """A category the test's data has already made (None from get_by_path would be a broken fixture)."""
    found = get_by_path(session, path=path)
    if found is None:
        raise LookupError(f"no category {path!r}")
    return found


def make_award(
    session: Session,
    *,
    name: str = "Best peer network",
    year: int = 2015,
    programme: str = "Test Awards",
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    blind_judging: bool = False,
    criteria: tuple[tuple[str, float], ...] = (("Impact", 2.0), ("Innovation", 1.0)),
) -> Award:
    """An award in a cycle of a programme, reusing rows that already exist by name/year."""
    prog = session.exec(select(AwardProgramme).where(AwardProgramme.name == programme)).first()
    if prog is None:
        prog = AwardProgramme(name=programme, slug=slugify(programme))
        session.add(prog)
        session.flush()
    cycle = session.exec(select(Cycle).where(Cycle.programme_id == prog.id, Cycle.year == year)).first()
    if cycle is None:
        cycle = Cycle(
            programme_id=row_id(prog),
            year=year,
            name=f"{year} awards",
            opens_at=opens_at or datetime(year, 1, 1, tzinfo=UTC),
            closes_at=closes_at or datetime(year, 12, 31, tzinfo=UTC),
        )
        session.add(cycle)
        session.flush()
    award = session.exec(select(Award).where(Award.cycle_id == cycle.id, Award.name == name)).first()
    if award is None:
        award = Award(cycle_id=row_id(cycle), name=name, slug=slugify(name), blind_judging=blind_judging)
        session.add(award)
        session.flush()
        for position, (criterion, weight) in enumerate(criteria):
            session.add(AwardCriterion(award_id=row_id(award), name=criterion, weight=weight, position=position))
        session.flush()
    return award


def make_open_award(session: Session, *, name: str = "Open award", days_left: int = 30) -> Award:
    now = utcnow()
    return make_award(
        session,
        name=name,
        year=now.year + 1,
        programme="Open Awards",
        opens_at=now - timedelta(days=30),
        closes_at=now + timedelta(days=days_left),
    )


def make_nomination(
    session: Session,
    *,
    title: str | None = None,
    categories: list[str] | None = None,
    award: Award | None = None,
    status: str = "submitted",
    published: bool = False,
    organisation: str = "Test Trust",
    summary: str = "A summary.",
    body: str = "A body.",
    **fields,
) -> Nomination:
    n = next(_sequence)
    title = title or f"Entry {n}"
    fields.setdefault("slug", f"{slugify(title)}-{n}")
    nomination = Nomination(
        award_id=row_id(award or make_award(session)),
        title=title,
        organisation=organisation,
        summary=summary,
        body=body,
        status=NominationStatus(status),
        published_at=utcnow() if published else None,
        consent_to_publish=published,
        **fields,
    )
    session.add(nomination)
    session.flush()
    for path in categories or []:
        session.add(
            NominationCategory(nomination_id=row_id(nomination), category_id=row_id(ensure_path(session, path=path)))
        )
    record_nomination_changes(session, nomination_ids=[row_id(nomination)])
    session.flush()
    return nomination
